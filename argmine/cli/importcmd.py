"""``argmine import``: labels from Label Studio, doccano, brat or CSV back into gold JSONL."""

from __future__ import annotations

import re
from pathlib import Path

import click

from ..errors import (E_IMPORT_OTHER_SCHEMA, E_MORE_SAME_PROBLEM, E_NO_SUCH_ANNOTATOR, SHOWN_LENGTH, W_DOCCANO_ONLY, W_FORMAT_ONLY, W_MAP_HINT, W_MAP_HINT_OTHER_ID,
                      W_MAP_NAMED, W_MAP_TYPO, W_MAP_TYPO_MAPS, W_OTHER_SCHEMA, W_OTHER_SCHEMA_ID, W_SOURCE_OPTIONS_ALONE, either, inflect,
                      most_failed, plural, shown_repr, theme_close, label_close, theme_named, too_many_failed)
from ._common import (EXIT_INPUT, PathParam, _refuse_folder, _silence_stdout, characters_progress, check_output, echo_error, echo_line, echo_warning, encoding_name,
                      open_output, output_named, quiet_option, run_guarded, skip_output, source_message, source_options, source_options_alone,
                      source_read_options, source_warnings, stdin_once, stop_if_strict, working)

FORMATS = ("label-studio", "doccano", "brat", "csv")
#: How the one error the importers raise without --strict starts (no file has a labeler of --only-annotator's name).
_NO_SUCH_ANNOTATOR = E_NO_SUCH_ANNOTATOR.partition("{")[0]


@click.command("import")
@click.argument("files", nargs=-1, required=True, type=PathParam(reads=True, readable=False))
@click.option("--format", "fmt", type=click.Choice(FORMATS), required=True, help="Tool the files come from.")
@click.option("-o", "--output", required=True, type=PathParam(allow_dash=True, readable=False), help="Gold JSONL to write (e.g. annotations/NAME.jsonl; '-' = stdout).")
@click.option("--source", "sources", multiple=True, type=PathParam(readable=False),
              help="Original inputs (repeatable): re-segment them and check every record against the current units.")
@source_options
@click.option("--source-granularity", type=click.Choice(["sentence", "clause"]), default="sentence", show_default=True,
              help="--source: units are sentences or clauses (as given to 'export --granularity').")
@click.option("--annotator", default=None, help="Labeler name for formats that do not record one (default: the file or folder name; "
                   "'stdin' for '-', 'pipe' for <(...), with a warning).")
@click.option("--only-annotator", default=None, metavar="NAME",
              help="Keep only this labeler's labels (as the gold 'annotator' names them: a Label Studio email, or its user id N "
                   "for label-studio-user-N); import once per labeler to compare them with 'argmine agreement'.")
@click.option("--text-field", default="text", show_default=True, help="doccano: field holding the text.")
@click.option("--label-field", default="label", show_default=True, help="doccano: field holding the labels.")
@click.option("--encoding", default=None, callback=encoding_name,
              help="csv: force the sheets' encoding (e.g. big5, gb18030) instead of detecting it (other formats: ignored, with a warning).")
@click.option("--schema", type=PathParam(dir_okay=False, reads=True), default=None, help="Schema TOML (default: the packaged Alipay schema).")
@click.option("--map", "maps", multiple=True, metavar="OLD=NEW",
              help="Read theme OLD of an older schema as NEW, a theme of --schema (repeatable); OLD= drops OLD. Every "
                   "labeler's labels under 'passes' are mapped too, and the summary counts each mapping.")
@click.option("--strict", is_flag=True, help="Fail on the first record that cannot be used (and on conflicts) instead of reporting it.")
@quiet_option("No progress bars, and no summary line when records were written and none failed "
              "(a run that writes nothing still says so).")
@run_guarded
def command(files, fmt, output, sources, source_text_field, source_id_field, source_kind_field, source_row_kind,
            source_encoding, source_cells, source_include, source_exclude, source_input_format, source_granularity, annotator, only_annotator, text_field, label_field, encoding, schema, maps,
            strict, quiet):
    """Read what a labelling tool exported and write gold JSONL.

    FILES: Label Studio JSON export(s) (export type JSON), doccano JSONL
    (or JSON) export(s), brat folder(s) written by 'argmine export --format
    brat', or the CSV sheet(s) back.  Every label is checked against the
    schema and every record mapped back to its unit by id and offsets;
    records that cannot be used are listed with their place and reason (the
    first three of each cause, then a count), conflicts between labelers
    (and one labeler's differing repeats) are listed, and the exit code is 1
    if any record failed.  Nothing is written when no record could be read.

    --source re-reads the inputs given to 'argmine export'; the --source-*
    options say how, as the export's --text-field, --id-field, --kind-field,
    --row-kind, --encoding, --cells, --include, --exclude, --input-format and
    --granularity did (without --source they are ignored, with a warning).

    --encoding forces the encoding of CSV sheets, which is otherwise
    detected (a short sheet saved as Big5 may read as GB18030); with another
    --format it is ignored, with a warning (as --text-field and --label-field
    are without doccano).

    --only-annotator keeps one labeler's labels (the others are counted as
    ignored), so that two labelers of one Label Studio project can be
    compared: import once per labeler, then run 'argmine agreement'.

    --map migrates labels after the schema changed: --map bloat=complexity
    reads the old theme 'bloat' as 'complexity', --map brand_fit= drops
    'brand_fit' (a unit left with no theme is 'other').  An export that
    recorded another schema (id or version) than --schema is warned about;
    one that recorded another schema id and of whose records more than half
    fail writes nothing (pass --schema FILE, the file with that id).

    \b
    Examples:
      argmine import project-1-at-2024.json --format label-studio -o annotations/round2.jsonl
      argmine import project-1-at-2024.json --format label-studio --only-annotator 1 -o annotations/user1.jsonl
      argmine import out/brat --format brat --source corpora/ -o annotations/brat.jsonl --strict
      argmine import ls.json --format label-studio --source comments.jsonl --source-text-field body --source-id-field cid -o gold.jsonl
      argmine import round1.json --format label-studio --schema v2.toml --map bloat=complexity --map brand_fit= -o round1_v2.jsonl
    """
    from ..annotations import write_gold
    from dataclasses import replace

    from ..errors import AnnotationError, ArgmineError, InputError
    from ..importers import import_annotations, theme_map
    from ..errors import W_IMPORT_TABLE_NAME
    from ..read import TABLE_FORMATS, shown_path
    from ..schema import load_schema

    if encoding and fmt != "csv":  # ignored with a warning, as --text-field below and export's --level and --force
        echo_warning(W_FORMAT_ONLY.format(option="--encoding", formats="csv", fmt=fmt, hint=f" (a {fmt} export is UTF-8)"))
        encoding = None
    if fmt != "doccano":  # doccano's field names: said once, not silently ignored (export's --text-field is --source-text-field here)
        from click.core import ParameterSource

        ctx = click.get_current_context()
        given = [f"--{name.replace('_', '-')}" for name in ("text_field", "label_field")
                 if ctx.get_parameter_source(name) in (ParameterSource.COMMANDLINE, ParameterSource.ENVIRONMENT)]
        if given:
            hint = "; for the --source tables' text column pass --source-text-field" if "--text-field" in given else ""
            echo_warning(W_DOCCANO_ONLY.format(options=" and ".join(given), apply=inflect(len(given), "applies", "apply"),
                                               are=inflect(len(given), "is", "are"), fmt=fmt, hint=hint))
    alone = source_options_alone(sources, W_SOURCE_OPTIONS_ALONE)
    if alone:  # ignored with a warning, as --encoding above
        echo_warning(alone)
    stdin_once(*files, what="exports")
    stdin_once(*files, *sources, what="inputs")  # an export and a --source both on standard input
    check_output(output, also=(*files, *sources, schema))
    if output == "-":
        with open_output("-"):  # standard output closed (>&-): one line now, not after the import (written below)
            pass
    else:
        _refuse_folder(output)  # -o out/: one line now, not after the import
    sch = load_schema(schema)
    try:
        mapping = theme_map(maps, sch)
    except ArgmineError as e:
        raise click.BadParameter(str(e), param_hint="'--map'") from None
    units = None
    big5_docs: set[str] = set()  # --source documents read as Big5: their labels may carry its old punctuation
    source_failures = 0
    if sources:
        from ..decode import read_as_big5
        from ..read import read
        from ..segment import segment

        options = source_read_options(source_text_field, source_id_field, source_kind_field, source_row_kind, source_encoding,
                                      source_cells, source_include, source_exclude, source_input_format)
        # an -o inside a --source folder is not read back as a source on the next run (nor written over one)
        options = skip_output(output, sources, options, quiet=quiet, where="--source folder")

        def source_problem(e: InputError) -> None:
            # a bad source record is reported and its units are missing (labels on them fail to map);
            # the other records still import, unless --strict stops at it (before anything is written)
            nonlocal source_failures
            source_failures += getattr(e, "count", 1)
            echo_error(f"--source {e.source}: {source_message(e.message)}")
            stop_if_strict(strict)

        with source_warnings(quiet):
            with working("reading --source", quiet=quiet):
                docs = read(list(sources), options, on_error=source_problem)
            big5_docs = read_as_big5(docs)
            units = segment(characters_progress(docs, desc="segmenting --source", quiet=quiet), granularity=source_granularity,
                            on_error=source_problem)
        if source_failures and not units:
            echo_error(f"no --source document could be read; nothing imported, nothing written to {output_named(output)}")
            raise SystemExit(EXIT_INPUT)
    reading = f"reading {shown_path(files[0])}" if len(files) == 1 else f"reading {plural(len(files), 'file')}"
    try:
        with working(reading, quiet=quiet):  # the importers count no steps: the time spent is shown
            result = import_annotations(
                list(files), fmt, schema=sch, units=units, strict=strict, theme_map=mapping, big5_docs=big5_docs,
                annotator=annotator, text_field=text_field, label_field=label_field, only_annotator=only_annotator, encoding=encoding,
            )
    except AnnotationError as e:
        error = AnnotationError(_as_given(e.source, files), e.message, kind=e.kind)
        if not strict or e.message.startswith(_NO_SUCH_ANNOTATOR):  # --only-annotator naming nobody: fails without --strict too
            raise error from None
        echo_error(str(error))  # --strict: the first bad record (or conflict), and the stop line every command ends it with
        stop_if_strict(strict)
    result.problems[:] = [replace(p, where=_as_given(p.where, files)) for p in result.problems]
    failed = result.unit_counts().failed
    # the files named as given: '-', not the /dev/stdin the importers read it as
    other_schemas = {key: [_as_given(p, files) for p in paths] for key, paths in result.other_schemas(sch).items()}
    other_ids = {sid: paths for (sid, _), paths in other_schemas.items() if sid != sch.id}  # another debate's, not a revision
    if other_ids and most_failed(result.label_failures, failed + len(result.records)):
        # the few records left (those labelled 'other') would mean "no theme of this schema": write none of them; only the
        # records whose labels the schema lacks count here (offsets a changed source no longer maps are not the schema's)
        for line in summarise(result.errors):
            echo_error(line)
        (sid, version), paths = next((key, paths) for key, paths in other_schemas.items() if key[0] != sch.id)
        kept = " (the existing file is left as it was)" if output != "-" and Path(output).exists() else ""
        echo_error(too_many_failed(
            result.label_failures, failed + len(result.records), done=f"imported, nothing written to {output_named(output)}{kept}",
            why=E_IMPORT_OTHER_SCHEMA.format(**_schemas_named(paths, sid, version, sch))))
        raise SystemExit(EXIT_INPUT)
    closed = ""  # what the summary adds when the reader of -o - left before the end
    if result.records:
        try:
            if output == "-":
                with open_output("-") as out:  # a full disk: one line naming standard output, as every command's -o - says it
                    write_gold(out, result.records)
            else:
                write_gold(output, result.records)
        except BrokenPipeError:  # the reader of -o - (or /dev/stdout) left (| head): the failed records' lines and the summary still follow
            _silence_stdout()
            closed = " (its reader closed it before the end, so not all were read)"
        table = TABLE_FORMATS.get(Path(output).suffix.lower()) if output != "-" else None
        if table in ("csv", "tsv"):  # gold.csv: JSONL all the same (train and evaluate read it so, a spreadsheet does not)
            echo_warning(W_IMPORT_TABLE_NAME.format(output=output_named(output), table=table.upper(),
                                                    stem=shown_path(str(Path(output).with_suffix("")))))
    for line in summarise(result.errors):
        echo_error(line)
    for (sid, version), paths in other_schemas.items():
        echo_warning((W_OTHER_SCHEMA_ID if sid != sch.id else W_OTHER_SCHEMA).format(**_schemas_named(paths, sid, version, sch)))
    named = {t: theme_named(sch, t) for t in sorted(result.unknown_themes - set(mapping)) if theme_named(sch, t)}
    if named:  # a theme's name (or miscased id) for its id: each error said which; --map reads it so
        n, ids = len(named), list(dict.fromkeys(named.values()))
        echo_warning(W_MAP_NAMED.format(
            labels=f"{inflect(n, 'label')} {', '.join(map(_shown_id, named))}", name=inflect(n, "names", "name"),
            themes=f"{inflect(len(ids), 'theme')} {', '.join(map(repr, ids))}", schema=sch.id, ids=inflect(len(ids), "id"),
            maps=" ".join(f"--map {_map_old(t)}={new}" for t, new in named.items())))
    # postive, read as a theme in doccano's one list of labels (or positive in a sheet's themes cell): its error named the sentiment;
    # no schema renamed it
    slips = {t for t in result.unknown_themes if not theme_close(sch, t) and label_close(sch.sentiments, t)}
    left = sorted(result.unknown_themes - set(mapping) - set(named) - slips)
    unknown = [_shown_id(t) for t in left]
    if unknown:  # an older schema's themes: say how to migrate them (docs/schema.md "Changing a schema")
        what = f"{inflect(len(unknown), 'theme')} {', '.join(unknown)} {inflect(len(unknown), 'is', 'are')}"
        hint = W_MAP_HINT_OTHER_ID if other_ids else W_MAP_HINT  # another debate's export: --schema comes first
        close = {t: theme_close(sch, t) for t in left if theme_close(sch, t)}
        maps = " ".join(f"--map {_map_old(t)}={new}" for t, (new, *tie) in close.items() if not tie)  # a tie: no guess
        typos = W_MAP_TYPO.format(  # fairnes for fairness: a typo, not a theme an old schema had
            ids=", ".join(either(near) + (f" for {_shown_id(t)}" if len(unknown) > 1 else "") for t, near in close.items()),
            maps=W_MAP_TYPO_MAPS.format(maps=maps) if maps else "") if close else ""
        echo_warning(hint.format(what=what, them=inflect(len(unknown), "it", "them"), schema=sch.id, first=_map_old(left[0]),
                                 old_id=next(iter(other_ids), ""), close=typos))
    for line in summarise(result.warnings):
        echo_warning(line)
    for c in result.conflicts:
        echo_warning(f"conflict: {c}; {c.kept} were kept, every label set is under 'passes'")
    for line in summarise_unlabeled(result.unlabeled):
        echo_warning(line)
    if result.records and result.prefilled == len(result.records):  # an unedited doccano/brat export: the model's guesses
        echo_warning(f"{result.prefilled} of {plural(len(result.records), 'record')} still {inflect(result.prefilled, 'carries', 'carry')} "
                     "the model's pre-filled labels "
                     "unchanged; if nobody reviewed them they are predictions, not gold (import the tool's export after labelling)")
    files_failed = sum(p.file_level for p in result.errors)
    # the conflicts and unlabelled units were warned about above; the rest are counted as other warnings
    others = f", {plural(len(result.warnings), 'other warning')}" if result.warnings else ""
    n = result.unit_counts()
    no_unit = f", {plural(n.no_unit, 'error')} naming no unit" if n.no_unit else ""  # a brat line or sheet row that is no unit
    counts = (f"{plural(n.failed, 'record')} failed{_failed_notes(n)}{no_unit}, {_conflicts(result.conflicts)}, "
              f"{n.unlabelled} unlabelled{_labelled_elsewhere(n.unlabelled_written)}{others}")
    if files_failed:
        counts = f"{files_failed} of {plural(len(files), 'file')} failed (not read), " + counts
    if source_failures:
        counts += f"; {plural(source_failures, 'source record')} could not be read"
    # every mapping given, 0 too: a typo in OLD shows as 0; but one labeler (--only-annotator) need not have used every name
    shown_maps = {old: new for old, new in mapping.items() if not only_annotator or result.mapped.get((old, new))}
    if shown_maps:
        counts += "; mapped (--map): " + ", ".join(
            f"{plural(result.mapped.get((old, new), 0), 'label')} {old} " + (f"-> {new}" if new else "dropped")
            for old, new in shown_maps.items())
    if result.prefilled and result.prefilled < len(result.records):  # some guesses kept as they were: counted, not warned
        counts += f"; {result.prefilled} kept the pre-filled labels unchanged"
    if result.ignored:
        # "annotation cancelled ..." -> "2 annotations cancelled ...": the first word is the noun
        counts += "; ignored: " + ", ".join(f"{plural(n, what.split(' ', 1)[0])} {what.split(' ', 1)[1]}" for what, n in result.ignored.items())
    if result.records:
        if not quiet or result.errors or source_failures:  # -q: the summary of a run where nothing failed is left out
            echo_line(f"argmine: {plural(len(result.records), 'gold record')} written to {output_named(output)}{closed}; {counts}")
    else:
        kept = " (the existing file is left as it was)" if output != "-" and Path(output).exists() else ""
        echo_line(f"argmine: no gold record imported, nothing written to {output_named(output)}{kept}; {counts}")
    if result.errors or source_failures:
        raise SystemExit(EXIT_INPUT)


def _schemas_named(paths: list[str], sid: str, version: str, schema) -> dict:
    """The fields of W_OTHER_SCHEMA and its kin: the export file(s) that recorded schema ``sid`` (``version``), and ``schema``, the one in use."""
    return dict(file=paths[0], more=f" and {plural(len(paths) - 1, 'more file')}" if len(paths) > 1 else "",
                were=inflect(len(paths), "was", "were"), old=f"{sid} v{version}" if version else sid, old_id=sid,
                new=f"{schema.id} v{schema.version}", new_id=schema.id, source=schema.source)


def _conflicts(conflicts) -> str:
    """The summary's count of conflicts, saying how many a reviewer's ground truth settled (no "conflict" mark).

    >>> from argmine.importers import Conflict
    >>> _conflicts([Conflict("a#1", {}, settled=True), Conflict("a#2", {})])
    '2 conflicts (1 settled by ground truth)'
    """
    settled = sum(c.settled for c in conflicts)
    return plural(len(conflicts), "conflict") + (f" ({settled} settled by ground truth)" if settled else "")


def _failed_notes(n) -> str:
    """`` (in N places; M more failed records on units other records labelled)`` where there are such: what the error lines name beyond the units counted."""
    notes = [f"in {n.failed_places} places"] if n.failed_places > n.failed else []
    if n.failed_written:
        k = n.failed_written
        notes.append(f"{plural(k, 'more failed record')} on {inflect(k, 'a unit another record', 'units other records')} labelled")
    return f" ({'; '.join(notes)})" if notes else ""


def _labelled_elsewhere(n: int) -> str:
    """What the not-labelled lines above name beyond the units counted: units one record left and another labelled (the same labeler's too)."""
    return f" ({plural(n, 'more unit')} one record left {inflect(n, 'was', 'were')} labelled in another)" if n else ""


def _map_old(theme: str) -> str:
    r"""A theme id as the OLD of a suggested ``--map OLD=NEW``: quoted for the shell (:func:`shlex.quote`) where it holds
    a space, ``&``, a quote or another character a shell reads otherwise, so that the suggestion pasted runs as it
    reads (letters of any script need no quotes); one holding a character a terminal cannot show as it is (a control
    character, a left-to-right mark) is written in bash's ``$'...'`` quotes with that character escaped, which bash
    reads back as the character; a long cell is shown as :func:`_shown_id` shows it.

    >>> print(_map_old("bloat"), _map_old("隐私"), _map_old("privacy & safety"), _map_old("x\x1b[31m"), _map_old("it's\u200e"))
    bloat 隐私 'privacy & safety' $'x\x1b[31m' $'it\'s\u200e'
    """
    import shlex

    if len(theme) > SHOWN_LENGTH:
        return _shown_id(theme)
    if not theme.isprintable():
        return "$'" + "".join(_ansi_c(ch) for ch in theme) + "'"
    # shlex.quote's own test of what needs quotes, with \w of every script: a CJK id reads as it is
    return shlex.quote(theme) if re.search(r"[^\w@%+=:,./-]", theme) else theme


def _ansi_c(ch: str) -> str:
    """One character inside bash's ``$'...'`` quotes: as it is where printable, else escaped (``\\x1b``, ``\\u200e``)."""
    if ch in "\\'":
        return "\\" + ch
    if ch.isprintable():
        return ch
    code = ord(ch)
    return f"\\x{code:02x}" if code < 0x80 else f"\\u{code:04x}" if code < 0x10000 else f"\\U{code:08x}"


def _shown_id(theme: str) -> str:
    r"""A theme id for the ``--map`` hint: as it is, or quoted and escaped (a quote, a control character, a long cell) as messages show values.

    >>> print(_shown_id("bloat"), _shown_id("it's"), _shown_id("x\x1b[31m"))
    bloat "it's" 'x\x1b[31m'
    """
    if theme.isprintable() and "'" not in theme and '"' not in theme and len(theme) <= SHOWN_LENGTH:
        return theme
    return shown_repr(theme)


def _as_given(where: str, files) -> str:
    """A place in an export named as the user named its file: ``-``, which the importers read as ``/dev/stdin``, as other commands name it.

    >>> _as_given("/dev/stdin:2 (unit d#1)", ("-",)), _as_given("/dev/stdin:2", ("/dev/stdin",)), _as_given("/dev/stdinx:2", ("-",))
    ('-:2 (unit d#1)', '/dev/stdin:2', '/dev/stdinx:2')
    """
    import re

    return re.sub(r"^/dev/stdin(?=$|[:\s])", "-", where) if "-" in files else where


def summarise_unlabeled(problems, shown: int = 3) -> list[str]:
    """One line per reason things were not labelled: how many, why, and the first ``shown`` places.

    >>> from argmine.importers import Problem
    >>> summarise_unlabeled([Problem(f"e.json task {n}", "", "unlabeled", "no annotation", item="task") for n in (1, 2, 3, 4)])
    ['4 tasks not labelled (no annotation): e.g. e.json task 1; e.json task 2; e.json task 3']
    """
    groups: dict[tuple[str, str], list] = {}
    for p in problems:
        groups.setdefault((p.item, p.cause), []).append(p)
    lines = []
    for (item, cause), group in groups.items():
        places = "; ".join(p.where for p in group[:shown])
        lines.append(f"{plural(len(group), item)} not labelled ({cause or 'no label'}): {'e.g. ' if len(group) > shown else ''}{places}")
    return lines


def summarise(problems, shown: int = 3) -> list[str]:
    """One line per problem, except that problems with the same cause show the first ``shown`` and a count of the rest."""
    groups: dict[str, list] = {}
    for p in problems:
        groups.setdefault(p.cause or p.reason, []).append(p)
    lines = []
    for cause, group in groups.items():
        lines.extend(str(p) for p in group[:shown])
        if len(group) > shown:
            more = len(group) - shown
            lines.append(E_MORE_SAME_PROBLEM.format(n=more, records=inflect(more, "record"), reason=cause))
    return lines
