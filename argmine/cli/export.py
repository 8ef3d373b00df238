"""``argmine export``: units (with the model's guesses) for Label Studio, doccano, brat or CSV."""

from __future__ import annotations

from pathlib import Path

import click

from ._common import (SEED, PathParam, RecordFailures, check_output, echo_line, echo_warning, gold_file, input_options, model_path,
                      output_named, probe_output, progress, run_guarded)
from ..errors import N_GOLD_AGAIN, W_GOLD_OTHER_LEVEL, plural

FORMATS = ("label-studio", "doccano", "brat", "csv")


@click.command("export")
@input_options
@click.option("--format", "fmt", type=click.Choice(FORMATS), required=True, help="Labelling tool to write for.")
@click.option("--level", type=click.Choice(["unit", "document"]), default="unit", show_default=True,
              help="label-studio and doccano: one task per unit, or one task per document with a span per unit (brat is always "
                   "per document, csv per unit: given with them, a warning says it is ignored).")
@click.option("--model", default=None, metavar="M", callback=model_path, help="Model directory or 'lexicon' for the pre-annotations (default: the packaged model).")
@click.option("--no-predictions", is_flag=True, help="Export units only, without pre-annotations.")
@click.option("--order", type=click.Choice(["document", "uncertainty"]), default="document", show_default=True,
              help="'uncertainty' puts the least confident predictions first (active learning): "
                   "the units with a theme score nearest the threshold the model decides that theme with.")
@click.option("--sample", type=click.IntRange(min=1), default=None, help="Export only N units (random with --seed; the N least confident with --order uncertainty).")
@click.option("--seed", type=SEED, default=0, show_default=True, help="Seed for --sample and ties (0 to 2**32-1).")
@click.option("--only-unlabeled", "golds", multiple=True, type=PathParam(reads=True, readable=False), callback=gold_file,  # a folder, unreadable: load_gold's line, exit 1
              help="Skip units already labelled in this gold JSONL file (repeatable: one file per round or tool). "
                   "A record whose labels the schema lacks does not count: it is reported and its unit exported again.")
@click.option("--schema", type=PathParam(dir_okay=False, reads=True), default=None, help="Schema TOML (default: the model's own; the packaged Alipay schema with --no-predictions). "
                   "Without --no-predictions the model must have been trained for its themes.")
@click.option("-o", "--output", required=True, type=PathParam(readable=False), help="Output folder (a file for csv; '-' = stdout for csv).")
@click.option("--force", is_flag=True,
              help="brat: replace the previous export in -o even where labels were drawn in its .ann files since "
                   "(refused without it: import them first), and .txt/.ann files argmine did not write that have the "
                   "name of one this export writes, or an argmine.json argmine did not write (refused without it: move "
                   "them out; one line names all that is in the way). It replaces files, not folders: a folder of such a "
                   "name is refused with it too (rename or remove it).")
@run_guarded
def command(inputs, fmt, level, model, no_predictions, order, sample, seed, golds, schema, output, force):
    """Write units for labelers, with the model's guesses as pre-annotations.

    \b
    label-studio  OUT/tasks.json + OUT/config.xml (the labeling config)
    doccano       OUT/tasks.jsonl + OUT/label_types.json
    brat          OUT/<doc>.txt + .ann, annotation.conf, visual.conf, argmine.json
    csv           OUT as one CSV file (UTF-8 with BOM, on stdout too); fill 'themes' and 'sentiment'

    Read the labels back with 'argmine import'.  A brat export into a folder
    that holds an earlier one replaces it (its documents this one does not
    write are removed); if labels were drawn in its .ann files since, or if
    .txt/.ann files argmine did not write have the names it writes, or its
    argmine.json is not an export's, it is refused unless --force (one line
    names all of them).  A folder in -o with the name of a file an export
    writes is refused in every format, --force or not.  In the csv sheet a cell a spreadsheet
    would run as a formula (starting with = + - @ or their full-width ＝＋－＠) gets a '
    in front; import takes it off.  An option that does not apply to
    --format (--level with csv or brat, --force without brat) is ignored,
    with a warning.

    \b
    Examples:
      argmine export corpora/ --format label-studio -o out/ls
      argmine export corpora/ --format label-studio --level document -o out/ls-doc
      argmine export corpora/ --format csv --order uncertainty --sample 50 -o out/next.csv
      argmine export corpora/ --format brat --only-unlabeled annotations/gold.jsonl -o out/brat
      argmine export corpora/ --format csv --only-unlabeled round1.jsonl --only-unlabeled round2.jsonl -o out/rest.csv
    """
    from .. import errors as E
    from ..annotations import load_gold, unmatched_records
    from .train import option_given
    from ..errors import ModelError
    from ..export import (DOCCANO_LABELS, DOCCANO_TASKS, LS_CONFIG, LS_TASKS, Item, brat_file_names, export, previous_brat_export,
                          refuse_brat_in_the_way, refuse_folders_in_the_way, select)
    from ..read import shown_path
    from ..schema import load_schema

    if no_predictions and model:
        raise click.UsageError("--model and --no-predictions exclude each other")
    if no_predictions and order == "uncertainty":
        raise click.UsageError("--order uncertainty ranks units by the model's predictions; drop --no-predictions (or --order uncertainty)")
    if output == "-" and fmt != "csv":
        raise click.UsageError(f"--format {fmt} writes a folder of files; give -o a folder ('-' = stdout works only for csv)")
    # an option that does not apply to --format is ignored with a warning (as import's --text-field, --label-field, --encoding)
    if force and fmt != "brat":
        echo_warning(E.W_FORMAT_ONLY.format(option="--force", formats="brat", fmt=fmt, hint=" (it has no labelled .ann files to replace)"))
        force = False
    if fmt in ("csv", "brat") and option_given("level"):
        echo_warning(E.W_FORMAT_ONLY.format(option="--level", formats="label-studio and doccano", fmt=fmt,
                                            hint=" (a sheet has one row per unit)" if fmt == "csv" else " (brat is always per document)"))
    golds = _read_once(golds, quiet=inputs.quiet)
    check_output(output, inputs, also=(*golds, schema))
    if fmt != "csv":
        _refuse_input_folder(output, inputs.paths, fmt)
    probe_output(output, folder=fmt != "csv")  # before reading and classifying, not after
    # before reading and classifying too (export checks again): a folder of the name of a file it writes, .ann files
    # labelled since, an argmine.json no export wrote; brat's waits for the documents where one of theirs may be in the way too
    if fmt == "brat":
        refuse_brat_in_the_way(output, None, force=force)
    elif fmt != "csv":
        refuse_folders_in_the_way(output, (LS_TASKS, LS_CONFIG) if fmt == "label-studio" else (DOCCANO_TASKS, DOCCANO_LABELS))
    sch = load_schema(schema) if schema else None
    backend = None
    if not no_predictions:
        from ..classify import load_model

        try:
            # loaded before reading: a --schema whose themes the model was not trained for stops here
            # (exit 2, as classify and analyze; with --no-predictions the schema is only the labeling config)
            backend = load_model(model, sch)
        except ModelError as e:
            if model or sch is not None:
                raise
            echo_warning(f"the packaged model cannot be used ({e}); exporting without predictions "
                         "(pass --model M, or --no-predictions to silence)")
    if backend is not None:
        from ..aggregate import model_schema

        # the labeling config offers the themes the model predicts (as classify and analyze do)
        sch = sch or model_schema(backend)
    sch = sch or load_schema()
    from ..aggregate import gc_paused

    with gc_paused():  # the units and predictions of every document are held: the collector would scan them all again and again
        # read before the inputs: a bad gold record, or one labelled with a theme the schema lacks (an older round's),
        # is one line (--strict stops here) and is not counted as labelled, so its unit goes to the labelers again; exit 1 at the end
        unread = RecordFailures(strict=inputs.strict)
        gold_files = [(gold, load_gold(gold, sch, on_error=unread.handler(gold))) for gold in golds]
        inputs.gold_failed = unread.total  # said in the last line (exit 1) at the end
        labelled = [r for _, records in gold_files for r in records]
        names = ", ".join(map(shown_path, golds))
        docs, units = [], []
        for seg in inputs.segmented():
            docs.append(seg.document)
            units.extend(seg.units)
        inputs.require_documents("export")  # before anything is written: the previous output is left as it was
        exclude = {r.key for r in labelled}
        if fmt == "brat" and order == "document":  # the files it writes are known before classifying: all in their way is refused now
            refuse_brat_in_the_way(output, brat_file_names(select([Item(u) for u in units], sample=sample, seed=seed, exclude=exclude)),
                                   force=force)
        predictions, version = None, "argmine"
        if backend is not None:
            from ..backends.base import bars_off
            from ..classify import classify

            with bars_off(inputs.quiet):  # -q: the backend's own bars too
                predictions = [c.prediction for c in classify(progress(units, desc="units", unit="unit", quiet=inputs.quiet), backend)]
            version = f"argmine-{Path(model).name if model else 'default'}"
        for gold, records in gold_files:
            lost = unmatched_records(records, units)
            levels = _levels(records, lost, units, inputs.granularity)  # labelled at the other granularity: realign would not help
            for cut in ("sentence", "clause"):  # not 'level': that is --level
                there = [r for r in lost if levels[id(r)] == cut]
                if there:
                    echo_warning(W_GOLD_OTHER_LEVEL.format(
                        n=len(there), total=len(records), gold=shown_path(gold), first=_first_records(there), level=cut,
                        how=_LEVEL_HOW[cut], other="clauses" if cut == "sentence" else "sentences"))
            lost = [r for r in lost if not levels[id(r)]]
            if lost:  # their units would go back to the labelers without a word
                echo_warning(E.W_GOLD_UNMATCHED.format(n=len(lost), total=len(records), gold=shown_path(gold), first=_first_records(lost)))
        # chosen here (not inside export) so that the summary can count what was written
        chosen = select([Item(u, predictions[i] if predictions is not None else None) for i, u in enumerate(units)],
                        order=None if order == "document" else order, sample=sample, seed=seed, exclude=exclude)
        previous = previous_brat_export(output).documents if fmt == "brat" else ()  # to say which documents it removed
        paths = export(
            [it.unit for it in chosen], output, fmt, predictions=[it.prediction for it in chosen] if predictions is not None else None,
            schema=sch, documents=docs, level="document" if fmt == "brat" else level, model_version=version, force=force,
        )
    where = output_named(output)
    skipped = sum((u.doc, u.start, u.end) in exclude for u in units)
    if not chosen:
        why = E.W_EXPORT_ALL_LABELLED.format(n=skipped, gold=names) if skipped else E.W_EXPORT_NO_UNITS
        echo_warning(E.W_EXPORT_EMPTY.format(where=where, why=why))
    elif not inputs.quiet:
        n_docs = len({it.unit.doc for it in chosen})
        note = f" ({skipped} already labelled in {names} skipped{_unread_note(unread)})" if golds else ""
        echo_line(f"argmine: {plural(len(chosen), 'unit')} from {plural(n_docs, 'document')} written to {where}{note}{inputs.unitless_note()}")
    written = {p.stem for p in paths if p.suffix == ".ann"}  # once: a set per earlier document was quadratic
    removed = [stem for stem in previous if stem not in written]
    if removed and not inputs.quiet:  # the previous export's documents this one did not write: gone from brat's list
        first = ", ".join(shown_path(stem) for stem in removed[:3]) + (", ..." if len(removed) > 3 else "")
        echo_line(E.N_BRAT_REMOVED.format(n=len(removed), documents=E.inflect(len(removed), "document"), folder=shown_path(output), first=first))
    inputs.finish()


_LEVEL_HOW = {"sentence": "each covers several units", "clause": "each is part of a unit, cut where a clause ends"}


def _first_records(records) -> str:
    return ", ".join(f"{r.id} {r.doc} {r.start}..{r.end}" for r in records[:3])


def _levels(records, lost, units, granularity: str) -> dict[int, str]:
    """The granularity each of ``lost`` (records of ``records`` that match none of ``units``) was labelled at where it is not
    ``granularity``, the level ``units`` were cut at (:func:`argmine.annotations.cut_level`); ``""`` where the source or the
    segmenter changed.  Keyed by ``id(record)``."""
    from bisect import bisect_left, bisect_right

    from ..annotations import cut_level

    by_doc: dict[str, list] = {}
    for u in units:
        by_doc.setdefault(u.doc, []).append(u)
    # per document, where the records start and where they end, with their texts: a cut where a neighbour met the record
    # counts only where its unit still reads the neighbour's text (a 。 edited into ， merged them), as realign's does
    cuts: dict[str, tuple[dict[int, str], dict[int, str]]] = {}
    for r in records:
        starts, ends = cuts.setdefault(r.doc, ({}, {}))
        starts[r.start] = r.text
        ends[r.end] = r.text
    bounds = {doc: ([u.start for u in us], [u.end for u in us]) for doc, us in by_doc.items()}  # a document's units are in order
    out = {}
    for r in lost:
        starts, ends = bounds[r.doc]
        overlapping = by_doc[r.doc][bisect_right(ends, r.start):bisect_left(starts, r.end)]
        level = cut_level(r.text, r.start, r.end, overlapping, cuts[r.doc])
        out[id(r)] = "" if level == granularity else level
    return out


def _refuse_input_folder(output: str, paths: tuple[str, ...], fmt: str) -> None:
    """Refuse (a usage error) an output folder that is an input folder, or that holds an input file given by name (resolved:
    through links too): the export's files would be read next time, or written beside the inputs (brat's replace its pages)."""
    import os

    from ..errors import E_EXPORT_HOLDS_INPUT, E_EXPORT_INTO_INPUT
    from ..export import DOCCANO_LABELS, DOCCANO_TASKS, LS_CONFIG, LS_TASKS
    from ..read import shown_path

    fixed = {"label-studio": (LS_TASKS, LS_CONFIG), "doccano": (DOCCANO_TASKS, DOCCANO_LABELS)}
    brat = "; a .txt input would be replaced by the text argmine read from it" if fmt == "brat" else ""
    resolved = os.path.realpath(output)
    for path in paths:
        try:
            same = path != "-" and os.path.isdir(path) and os.path.samefile(path, output)
        except OSError:  # -o does not exist yet
            same = False
        if same:
            raise click.UsageError(E_EXPORT_INTO_INPUT.format(option="-o", output=shown_path(output), folder=shown_path(path), fmt=fmt, brat=brat))
        if path != "-" and os.path.isfile(path) and resolved in (os.path.dirname(os.path.realpath(path)),
                                                                  os.path.realpath(os.path.dirname(os.path.abspath(path)))) and (
                fmt == "brat" or os.path.basename(path) in fixed.get(fmt, ())):  # label-studio and doccano write only their fixed names
            raise click.UsageError(E_EXPORT_HOLDS_INPUT.format(option="-o", output=shown_path(output), input=shown_path(path), fmt=fmt, brat=brat))


def _read_once(golds: tuple[str, ...], *, quiet: bool) -> tuple[str, ...]:
    """The --only-unlabeled files, each once: a file given again (under any name) is left out, with a note."""
    import os

    from ..read import shown_path

    first: dict[str, int] = {}  # resolved path -> where it was first given
    for i, gold in enumerate(golds):
        seen = first.setdefault(os.path.realpath(gold), i)
        if seen != i and not quiet:
            echo_line(N_GOLD_AGAIN.format(gold=shown_path(gold), first=shown_path(golds[seen])))
    return tuple(golds[i] for i in first.values())


def _unread_note(unread: RecordFailures) -> str:
    """``; 3 records of a.jsonl not counted as labelled (reported above): their units are exported again``, or ``""``."""
    if not unread.total:
        return ""
    return f"; {unread.per_file(', ')} not counted as labelled (reported above): their units are exported again"
