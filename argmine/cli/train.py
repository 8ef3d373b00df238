"""``argmine train``: fit a backend on labelled units and write a model directory."""

from __future__ import annotations

import click

from ._common import SEED, PathParam, echo_error, echo_line, encoding_name, not_stdout, output_named, quiet_option, run_guarded, stdin_once

BACKENDS = ("linear", "lexicon", "transformers")


def parse_params(items: tuple[str, ...]) -> dict:
    """``--param KEY=VALUE`` pairs; VALUE is read as JSON when it parses (numbers, true, null, lists), ``none`` as null.

    ``seed`` is checked here, as --seed is (an integer from 0 to 2**32-1).

    >>> parse_params(("C_theme=8", "sentiment_class_weight=none", "nb=themes"))
    {'C_theme': 8, 'sentiment_class_weight': None, 'nb': 'themes'}
    """
    import json

    from ..backends.base import is_seed

    out = {}
    for item in items:
        key, sep, value = item.partition("=")
        if not sep or not key:
            raise click.UsageError(f"--param {item!r}: expected KEY=VALUE, e.g. --param C_theme=8")
        if value.strip().lower() == "none":  # Python's spelling of null
            out[key] = None
            continue
        try:
            out[key] = json.loads(value)
        except ValueError:
            out[key] = value
        if key == "seed" and not is_seed(out[key]):
            raise click.UsageError(f"--param {item!r}: the seed must be an integer from 0 to 2**32-1")
    return out


def option_given(name: str) -> bool:
    """Whether the command line (or the environment) gave the option of parameter ``name``, rather than its default."""
    from click.core import ParameterSource

    source = click.get_current_context().get_parameter_source(name)
    return source in (ParameterSource.COMMANDLINE, ParameterSource.ENVIRONMENT)


def refuse_conflict(option: str, value, params: dict, key: str, *, given: bool = True) -> None:
    """A usage error when ``option`` (``given`` on the command line as ``value``) and ``--param key=`` say different things.

    Both set the same backend setting, so one would silently win; the same
    value (or the same folder spelled another way) is fine.

    >>> refuse_conflict("--seed", 7, {"seed": 7}, "seed")
    >>> refuse_conflict("--seed", 7, {"seed": 5}, "seed")
    Traceback (most recent call last):
    ...
    click.exceptions.UsageError: --seed 7 and --param seed=5 both set seed, to different values; give only one of them
    """
    import json
    import os

    from ..errors import E_OPTION_PARAM

    if not given or key not in params or params[key] == value:
        return
    other = params[key]
    if isinstance(other, str) and isinstance(value, str) and os.path.exists(os.path.expanduser(value)) and \
            os.path.realpath(os.path.expanduser(other)) == os.path.realpath(os.path.expanduser(value)):
        return  # one folder, spelled two ways (ckpt and ./ckpt)
    shown = other if isinstance(other, str) else json.dumps(other)
    raise click.UsageError(E_OPTION_PARAM.format(option=option, value=value, key=key, param=shown))


def label_options(fn):
    """The options that say where a table keeps its text and labels."""
    for opt in reversed([
        click.option("--text-field", default="text", show_default=True,
                     help="Field holding the text; a dotted name (content.message) reaches into nested JSON objects when no field has "
                          "that exact name, as in the reading commands (so do the other field options)."),
        click.option("--themes-field", default="themes", show_default=True,
                     help="Field holding the themes (a list, or ids joined by ; , |); 'none': the table has no themes (sentiment only)."),
        click.option("--sentiment-field", default="sentiment", show_default=True,
                     help="Field holding the sentiment label; 'none': the table has no sentiment (themes only, all neutral)."),
        click.option("--id-field", default="id", show_default=True,
                     help="Field holding a unit id, if any: records with the same id and text are one unit."),
    ]):
        fn = opt(fn)
    return fn


def extra_option(fn):
    """``--extra FILE``: labelled records that only train (never tested or used to calibrate)."""
    return click.option("--extra", multiple=True, type=PathParam(reads=True, readable=False), metavar="FILE",
                        help="Labelled file (same fields) that only trains: never tested, never used to calibrate; repeatable.")(fn)


def encoding_option(files: str):
    """``--encoding``: force the encoding of the labelled ``files`` (DATA, --gold, --extra), as the reading commands' --encoding forces theirs."""
    return click.option("--encoding", default=None, callback=encoding_name,
                        help=f"Force the encoding of {files} (e.g. gb18030, big5) instead of detecting it: a short sheet saved as "
                             "Big5 may read as GB18030.")


def label_fields(themes_field: str, sentiment_field: str) -> tuple[str | None, str | None]:
    """The label fields as the library takes them: ``none`` (any case) is ``None``, a table without that column.

    >>> label_fields("none", "STANCE")
    (None, 'STANCE')
    """
    themes, sentiment = (None if f.strip().lower() == "none" else f for f in (themes_field, sentiment_field))
    if themes is None and sentiment is None:
        raise click.UsageError("--themes-field none and --sentiment-field none leave no label to learn or score; name at least one field")
    return themes, sentiment


def read_labelled(paths, schema, text_field, themes_field, sentiment_field, id_field="id", *, files_fail: bool = False,
                  encoding: str | None = None):
    """Examples from every file; bad files and records are reported (one line each) and skipped.

    Returns ``(examples, failed, unused, kinds, unlabelled)``: the number of records that
    failed, the files that gave nothing because the whole file could not
    be used (``file_level`` errors), so that a summary can tell files from
    records, the failed records per kind (:func:`~argmine.errors.count_failure`)
    (for :func:`refuse_mostly_failed`'s hint; with ``files_fail`` (a caller
    that counts each unused file as a failed record) the unused files too;
    under ``"named"``, those of the ``"label"`` records that failed only for
    writing themes of ``schema`` by name or in another case, under ``"unclear"``
    those that failed only for a mark that may mean no theme: ``N/A``, a dash), and the records
    skipped as unlabelled (a warning each file; see :func:`~argmine.train.load_examples`).
    A label field given as ``none`` means the tables have no such column
    (see :func:`label_fields`); ``encoding`` (--encoding) forces the files' encoding.
    """
    from collections import Counter

    from ..errors import InputError, count_failure
    from ..train import load_examples

    examples, unused = [], []
    failed = 0
    kinds: Counter = Counter()
    counts: dict[str, int] = {}
    themes_field, sentiment_field = label_fields(themes_field, sentiment_field)

    def report(err):
        nonlocal failed
        echo_error(str(err))
        if err.file_level:
            unused.append(err.source)
            if files_fail:
                count_failure(kinds, err)
        else:
            failed += err.count  # a summary line can stand for many records
            count_failure(kinds, err)

    for path in paths:
        try:
            examples += load_examples(path, text_field=text_field, themes_field=themes_field,
                                      sentiment_field=sentiment_field, schema=schema, on_error=report, id_field=id_field,
                                      encoding=encoding, counts=counts)
        except InputError as e:  # the whole file (its header, its layout, its encoding) could not be used
            report(e)
    for fixable in ("named", "unclear"):  # label failures whose fix is in the cell (refuse_mostly_failed's hint)
        if counts.get(fixable):
            kinds[fixable] = counts[fixable]
    return examples, failed, unused, kinds, counts.get("unlabelled", 0)


def refuse_mostly_failed(examples, failed: int, unused: list, schema, done: str, fix: str = "", what: str = "records",
                         kinds: dict | None = None, *, other_schema: bool = False, files_counted: bool = False) -> None:
    """Exit 1 before training or scoring when more than half of the records failed (every one, too).

    A model trained (or scores computed) on the few records left would look
    like a result and mean nothing; the usual cause is a gold file checked
    against the wrong schema.  ``failed`` counts records (and the ``unused``
    files too, with ``files_counted``); the ``unused`` files (read_labelled's)
    are not records, but every file given being unused leaves nothing read
    (E_NOTHING_READ; with records read and every one failing, the line says
    how many failed and what to do, as when more than half do).  The hint follows ``kinds`` (read_labelled's):
    ``fix`` (else the schema's) for themes, the three sentiments for a
    sentiment (no schema has others), the field options for missing fields,
    the file for lines that are not JSON (:func:`argmine.errors.failure_hints`).
    With ``other_schema`` (scores), fewer than half failing is refused too
    (E_NO_SCHEMA_THEME, the same hint) when every failure is a theme the schema
    lacks and no record left has one of its themes: the rest are all 'other'.
    When every theme failure (``kinds["label"]``) wrote themes of this very
    schema by name or in another case (``kinds["named"]``: ``'PRIVACY' stands
    for theme 'privacy'``), the hint is :data:`~argmine.errors.H_FAILED_NAMED` (write the ids),
    not ``fix`` (another model or schema), and such gold is not called
    another schema's (:data:`~argmine.errors.E_NAMED_THEMES_ONLY`, not E_NO_SCHEMA_THEME);
    so too when they wrote ``N/A`` or a dash (``kinds["unclear"]``): the hint is
    :data:`~argmine.errors.H_FAILED_UNCLEAR` (write ``other``), or both when the
    theme failures are of these two kinds alone.
    """
    import sys

    from .. import errors as E
    from ..errors import E_NOTHING_READ, most_failed

    total = len(examples) + failed
    records_failed = failed - len(unused) if files_counted else failed
    if (failed or unused) and not examples and not records_failed:  # e.g. every --extra file missing or empty: the lines above say why
        echo_error(E_NOTHING_READ.format(what=what, done=done))
        sys.exit(1)
    # gold of another schema whose theme-less records pass: scores of 'other' alone would look like a result
    themeless = (other_schema and failed > 0 and (kinds or {}).get("label", 0) == failed
                 and not any(e.themes for e in examples))
    if not most_failed(failed, total) and not themeless:
        return
    source = str(getattr(schema, "source", ""))
    counts = kinds or {}
    # 'PRIVACY', 隐私与安全担忧: this schema's themes, written otherwise; N/A, '-': no theme, or not labelled;
    # another model or schema would not help
    fixable = [k for k in ("named", "unclear") if counts.get(k)]
    in_cells = counts.get("label", 0) > 0 and sum(counts[k] for k in fixable) == counts.get("label", 0)
    if in_cells:
        each = E.EACH_REJECTED if len(fixable) == 1 else E.WHERE_REJECTED
        hints = {"named": E.H_FAILED_NAMED.format(each=each, schema=getattr(schema, "id", ""), source=source),
                 "unclear": E.H_FAILED_UNCLEAR.format(each=each)}
        fix, also = "; ".join(hints[k] for k in fixable), ""
    else:
        fix = fix or (E.H_FAILED_LABELS_PACKAGED if source.startswith("argmine/schemas/") else E.H_FAILED_LABELS_GIVEN).format(source=source)
        also = "" if (kinds or {}).get("field") else E.H_FAILED_LABELS_ALSO  # the field options, named once
    why = E.failure_hints(schema, fix + also)
    if most_failed(failed, total):
        echo_error(E.too_many_failed(failed, total, what=what, done=done, why=why, kinds=kinds))
    elif in_cells:  # fewer than half, each naming a theme of this schema (or N/A), the rest all 'other': not another schema's gold
        how = " or ".join(E.FIXABLE_THEMES[k].format(schema=schema.id) for k in fixable)
        echo_error(E.E_NAMED_THEMES_ONLY.format(failed=failed, total=total, what=what, how=how, kept=len(examples), done=done,
                                              why=why["label"]))
    else:
        echo_error(E.E_NO_SCHEMA_THEME.format(failed=failed, total=total, what=what, schema=schema.id, kept=len(examples),
                                              done=done, why=why["label"]))
    sys.exit(1)


def _writable_dir(path: str) -> bool:
    """Make sure ``path`` is a directory argmine can write (creating it); whether it was created."""
    import os
    from pathlib import Path

    from ..errors import E_WRITE_OUTPUT, InputError, write_reason

    p = Path(path)
    created = not p.exists()
    try:
        p.mkdir(parents=True, exist_ok=True)
    except OSError as e:
        raise InputError(output_named(path), E_WRITE_OUTPUT.format(reason=write_reason(e))) from None
    if not os.access(p, os.W_OK):
        raise InputError(output_named(path), E_WRITE_OUTPUT.format(reason="permission denied"))
    return created


def check_model_dir(output: str, base_model: str | None, force: bool) -> None:
    """Exit 2 (one line) when writing a model to ``output`` would overwrite what is not an argmine model.

    ``output`` may be new, empty, or a model directory (retraining replaces
    that model); it may not be the ``base_model`` checkpoint, nor, without
    ``force``, a directory of other files (a checkpoint, a project folder).
    ``..`` is resolved first (``proj/x/..`` is ``proj``); as for every output
    folder (:func:`~argmine.cli._common.probe_output`), one out of a folder
    that does not exist is refused, and so is a file (``-o /dev/null``: it is
    a file; pass a folder); so are (exit 1) a name the system refuses, over
    255 bytes, say, a file on the way (``pf/model`` for a file ``pf``) and a
    folder that cannot be written.
    """
    import os
    import sys
    from pathlib import Path

    from ..backends.base import model_dir_backend
    from ..errors import E_OUTPUT_IS_BASE, E_OUTPUT_NOT_MODEL
    from ._common import EXIT_USAGE, probe_output

    probe_output(output, folder=True)  # a file, a 300-character name (named cut), new/.. (new made only to pass through it)
    out = Path(os.path.realpath(os.path.expanduser(output)))
    if not out.is_dir():
        return
    base = Path(base_model).expanduser() if base_model else None
    if base is not None and os.path.isdir(base) and base.resolve() == out.resolve():  # a --base-model the system refuses: the backend says so
        echo_error(E_OUTPUT_IS_BASE.format(path=output))
        sys.exit(EXIT_USAGE)
    try:
        files = sorted(p.name for p in out.iterdir())
    except OSError:
        return  # unreadable: writing it fails with its own message
    if files and model_dir_backend(out) is None and not force:
        echo_error(E_OUTPUT_NOT_MODEL.format(path=output, files=", ".join(files[:3]) + (", …" if len(files) > 3 else "")))
        sys.exit(EXIT_USAGE)


def save_model(model, output: str) -> None:
    """``model.save`` into a new folder beside ``output``, moved into it only once complete; a model there before is replaced.

    Until every file is written, ``output`` is left as it was (through
    :func:`argmine._files.replacing_folder`): a full disk, a failed write or
    Ctrl-C leaves the model there before, or nothing.  The previous model's
    files (:data:`~argmine.backends.base.MODEL_FILES` only; any other file
    stays) are replaced, so a linear model written over a transformers one
    leaves no ``encoder/`` behind it.  A failed write is one
    :class:`~argmine.errors.InputError` naming ``output`` (a full disk says so).
    """
    from pathlib import Path

    from .._files import replacing_folder
    from ..backends.base import MODEL_FILES, model_dir_backend
    from ..errors import E_MODEL_WRITE, InputError, ModelError, failed_write, write_failure, write_reason

    out = Path(output)
    had = model_dir_backend(out) is not None
    try:
        with replacing_folder(out, replaces=MODEL_FILES if had else ()) as new:
            model.save(new)
    except (OSError, ModelError) as e:
        cause = failed_write(e if isinstance(e, OSError) else (e.__cause__ or e.__context__))  # a backend's own words name the new folder
        if cause is None:
            raise
        lost = "the model there before is left as it was" if had else "no model was written"
        reason = write_reason(cause)
        raise InputError(output_named(output), write_failure(cause, "the model", E_MODEL_WRITE.format(reason=reason, lost=lost), then=lost)) from None


def _remove_if_empty(path: str) -> None:
    from pathlib import Path

    try:
        Path(path).rmdir()
    except OSError:
        pass


@click.command("train")
@click.argument("data", nargs=-1, required=True, type=PathParam(reads=True, readable=False))
@click.option("--backend", type=click.Choice(BACKENDS), default="linear", show_default=True,
              help="Which backend to train. lexicon learns nothing from labels (they are only checked; the model directory "
                   "records the schema and --param settings): use --model lexicon to run it.")
@click.option("-o", "--output", "output", required=True, type=PathParam(file_okay=False, writes=True), metavar="MODEL_DIR", help="Directory to write the model to.",
              callback=not_stdout("train writes the model as a folder of files", "a folder (MODEL_DIR)"))
@click.option("--schema", default=None, metavar="FILE", type=PathParam(dir_okay=False, reads=True), help="Theme schema TOML (default: the packaged Alipay schema).")
@label_options
@extra_option
@encoding_option("DATA and --extra files")
@click.option("--base-model", default=None, metavar="PATH_OR_ID", help="transformers backend: the encoder checkpoint to fine-tune.")
@click.option("--param", "params", multiple=True, metavar="KEY=VALUE", help="Backend setting (repeatable), e.g. --param C_theme=8.")
@click.option("--seed", default=0, show_default=True, type=SEED, help="Random seed (0 to 2**32-1).")
@click.option("--force", is_flag=True, help="Write into MODEL_DIR even when it holds files other than an argmine model (files of a model's names are replaced).")
@quiet_option("No summary line and no progress bar.")
@run_guarded
def command(data, backend, output, schema, text_field, themes_field, sentiment_field, id_field, extra, encoding, base_model, params, seed, force,
            quiet):
    """Train a model from labelled DATA files and write it to MODEL_DIR.

    DATA are gold JSONL files (annotations/gold.jsonl) or any JSONL/JSON/CSV/TSV
    table with a text field and label fields; '-' reads JSONL from standard
    input (once: DATA or one --extra).  Records with a document and
    offsets are grouped by block for the internal cross-validation that
    calibrates the linear backend.  --extra files (same fields) only train:
    the linear backend calibrates its probabilities and thresholds on DATA
    alone.  A bad file or record is reported and skipped; the exit code is
    then 1, and the last line counts the files that could not be used and
    the records skipped.  --encoding forces the encoding of DATA and --extra
    (a short sheet saved as Big5 may read as GB18030).  Rows with no labels (a sheet's unlabelled rows) are skipped
    with a warning that counts them.  A unit given twice with the same labels
    (same document, offsets and text; same id and text; or, without
    either, same text) trains once, with a warning; one given with different labels
    trains on each labelling, with a warning naming it (the summary line then
    counts labellings of units).  MODEL_DIR must be
    new, empty or a model directory (the model there is replaced, files of
    other models' kinds included); another folder needs --force, and the
    --base-model checkpoint is never written to.  The model is written into a
    hidden folder beside MODEL_DIR and moved in only once complete: a full
    disk or Ctrl-C leaves the model there before, or nothing.

    \b
    Examples:
      argmine train gold.jsonl -o my_model
      argmine train gold.jsonl --extra guide_examples.jsonl -o my_model
      argmine train labels.csv --text-field body --themes-field tags -o my_model
      argmine train gold.jsonl --backend transformers --base-model ./bert-base-chinese -o bert_model
    """
    import sys

    from ..schema import load_schema
    from ..train import count_units, drop_repeats, new_extra, train

    stdin_once(*data, *extra)
    schema_obj = load_schema(schema)
    kwargs = parse_params(params)
    refuse_conflict("--seed", seed, kwargs, "seed", given=option_given("seed"))
    refuse_conflict("--base-model", base_model, kwargs, "model_name_or_path", given=bool(base_model))
    if backend in ("linear", "transformers"):
        kwargs.setdefault("seed", seed)
    if backend == "transformers" and quiet:
        kwargs.setdefault("progress", False)
    if base_model:
        if backend != "transformers":
            raise click.UsageError("--base-model applies only to --backend transformers")
        kwargs["model_name_or_path"] = base_model
    check_model_dir(output, kwargs.get("model_name_or_path"), force)
    # unlabelled rows (a sheet's) are skipped with a warning that counts them: not a failure (exit 0)
    examples, failed, unused, kinds, _ = read_labelled(data, schema_obj, text_field, themes_field, sentiment_field, id_field, encoding=encoding)
    extras, extra_failed, extra_unused, extra_kinds, _ = read_labelled(extra, schema_obj, text_field, themes_field, sentiment_field, id_field,
                                                                       encoding=encoding)
    if not examples and not failed:  # (every record failing is refused below, saying what to do)
        echo_error("no labelled records were read; nothing to train on")
        sys.exit(1)
    refuse_mostly_failed(examples, failed, unused, schema_obj, f"trained, nothing written to {output_named(output)}", kinds=kinds)
    refuse_mostly_failed(extras, extra_failed, extra_unused, schema_obj, f"trained, nothing written to {output_named(output)}", what="--extra records",
                         kinds=extra_kinds)
    failed += extra_failed
    unused += extra_unused
    # a unit given twice (a file given twice, labelers' files concatenated) trains once; a warning counts them
    examples, extras = drop_repeats(examples, by_text=True), drop_repeats(extras, by_text=True)
    extras = new_extra(examples, extras)  # warns about records repeating DATA, so the count below is what trains
    created = _writable_dir(output)  # before training: a fine-tune can take hours
    try:
        model = train(examples, backend=backend, schema=schema_obj, extra=extras, **kwargs)
        save_model(model, output)
    except BaseException:
        if created:
            _remove_if_empty(output)
        raise
    learns = backend != "lexicon"  # the lexicon's fit only validates: no label shapes it (nor should a line say they did)
    if not quiet:
        from ..errors import S_LEXICON_WRITTEN, plural

        also = f" (+ {len(extras)} --extra)" if extras else ""
        units = count_units(examples)  # a unit two labelers labelled differently trains on each labelling
        trained_on = plural(len(examples), "unit") if units == len(examples) else f"{plural(len(examples), 'labelling')} of {plural(units, 'unit')}"
        if learns:
            echo_line(f"argmine: trained {backend} on {trained_on}{also} -> {output_named(output)}")
        else:
            echo_line(S_LEXICON_WRITTEN.format(units=trained_on + also, output=output_named(output)))
    if failed or unused:
        from ..errors import S_LEXICON_REST

        echo_error(failure_summary(failed, unused, len(data) + len(extra)) + ("; the model was trained on the rest" if learns else S_LEXICON_REST))
        sys.exit(1)


def failure_summary(records: int, unused: list[str], files: int) -> str:
    """What failed, in words: the files that could not be used (of ``files``) and the ``records`` skipped.

    >>> failure_summary(6, ["missing.jsonl"], 4)
    '1 of 4 files could not be used (missing.jsonl) and 6 records were skipped (listed above)'
    >>> failure_summary(1, [], 1)
    '1 record was skipped (listed above)'
    """
    from ..errors import inflect, plural

    parts = []
    if unused:
        names = ", ".join(unused[:3]) + (", …" if len(unused) > 3 else "")
        parts.append(f"{len(unused)} of {plural(files, 'file')} could not be used ({names})")
    if records:
        parts.append(f"{plural(records, 'record')} {inflect(records, 'was', 'were')} skipped (listed above)")
    return " and ".join(parts)
