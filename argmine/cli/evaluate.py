"""``argmine evaluate``: score a model (or a backend under cross-validation) against gold."""

from __future__ import annotations

import click

from ..errors import E_SOURCE_OPTIONS_ALONE
from ._common import (SEED, PathParam, check_output, echo_error, echo_line, model_path, open_output, probe_output, quiet_option, run_guarded,
                      skip_output, source_message, source_options, source_options_alone, source_read_options, source_warnings, stdin_once,
                      warn_output_suffix)
from .train import (BACKENDS, encoding_option, extra_option, failure_summary, label_fields, label_options, parse_params, read_labelled,
                    refuse_conflict, refuse_mostly_failed)

FORMATS = ("table", "json")


@click.command("evaluate")
@click.option("--gold", "gold", multiple=True, required=True, type=PathParam(reads=True, readable=False), metavar="FILE", help="Gold JSONL (or a labelled table; '-' reads JSONL from standard input, once); repeatable.")
@click.option("--model", default=None, metavar="M", callback=model_path, help="Model directory or 'lexicon' (default: the packaged model); not with --cv.")
@click.option("--backend", type=click.Choice(BACKENDS), default="linear", show_default=True, help="Backend trained on each fold with --cv (only with --cv).")
@click.option("--cv", "cv", default=None, type=click.IntRange(min=2), metavar="K", help="K-fold cross-validation: train and test on disjoint groups.")
@click.option("--group-by", type=click.Choice(["block", "doc"]), default="block", show_default=True, help="What a CV group is: a block of neighbouring units, or a document (only with --cv).")
@click.option("--source", "sources", multiple=True, type=PathParam(readable=False), metavar="PATH", help="The documents the gold came from (e.g. corpora/): blocks then follow their lines.")
@source_options
@click.option("--schema", default=None, metavar="FILE", type=PathParam(dir_okay=False, reads=True), help="Theme schema TOML (default: the model's own; with --cv the packaged Alipay schema).")
@label_options
@extra_option
@encoding_option("--gold and --extra files")
@click.option("--base-model", default=None, metavar="PATH_OR_ID", help="transformers backend with --cv: the encoder checkpoint to fine-tune.")
@click.option("--param", "params", multiple=True, metavar="KEY=VALUE", help="Backend setting for --cv (repeatable).")
@click.option("--seed", default=0, show_default=True, type=SEED, help="Seed of the fold assignment (0 to 2**32-1; only with --cv).")
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="table", show_default=True, help="Output format.")
@click.option("-o", "--output", default="-", show_default=True, type=PathParam(allow_dash=True, readable=False), help="Output file ('-' = stdout).")
@quiet_option("No progress bars (a transformers model's; with --cv each fold's, unless --param progress=true is given) and no "
              "note on training-set scores (the scores, errors and warnings are still printed).")
@run_guarded
def command(gold, model, backend, cv, group_by, sources, source_text_field, source_id_field, source_kind_field, source_row_kind,
            source_encoding, source_cells, source_include, source_exclude, source_input_format, schema, text_field, themes_field, sentiment_field, id_field, extra, encoding, base_model, params, seed, fmt, output,
            quiet):
    """Per-theme precision/recall/F1, macro-F1, sentiment accuracy/macro-F1 and a confusion table.

    Without --cv the model (--model, else the packaged default) predicts
    every gold unit ('--gold -' reads JSONL from standard input; '-' is
    given once: one --gold or one --extra).  With --cv K the --backend is trained on K-1 folds and
    tested on the held-out fold, folds grouped by block or document so that
    no test unit's neighbours are in training.  --source tables are read
    with the --source-* options, as 'import' reads them; --encoding forces the
    encoding of --gold and --extra (not of --source: --source-encoding).  --extra files are
    added to every training fold and never tested (the packaged model is
    trained on gold plus annotations/guide_examples.jsonl).  More than half of
    the gold records failing (a gold file checked against the wrong schema)
    stops it before anything is scored; so do fewer, when each fails on a
    theme the schema lacks and no record left has one of its themes.  A unit given twice with the same
    labels (same document, offsets and text; same id and text; or, without
    either, same text) is scored once, with a warning, and with --cv sits in
    one fold; one given with different labels (two labelers' files) is left
    out and reported (exit 1).  The options of the other mode (--model with
    --cv; --backend, --group-by, --seed, --source, --extra, --param,
    --base-model without it) are usage errors, and so are the --source-*
    options without --source.  The note on training-set
    scores appears when the gold shares texts with what the packaged model
    was trained on.  The table's first line names the model that ran (JSON:
    model_info); with --cv the scores pool the held-out predictions of all
    folds (the per-fold line gives each fold's own).  Gold rows with no
    labels at all are skipped with a warning (exit 0) and counted in the last
    line and in the JSON's left_out.unlabelled.  Columns: docs/classify.md.

    \b
    Examples:
      argmine evaluate --gold annotations/gold.jsonl
      argmine evaluate --gold annotations/gold.jsonl --cv 5 --source corpora/ --extra annotations/guide_examples.jsonl
      argmine evaluate --gold annotations/gold.jsonl --cv 5 --backend lexicon --format json
      argmine evaluate --gold gold.jsonl --cv 5 --schema my.toml --source comments.csv --source-text-field content --source-id-field cid
    """
    import json
    import sys

    from ..classify import load_model
    from ..errors import inflect, plural
    from ..schema import load_schema
    from ..train import cross_validate, drop_repeats, evaluate, format_evaluation

    if cv is None and (params or base_model):
        raise click.UsageError("--param and --base-model apply only with --cv (the model is already trained)")
    if cv is None and sources:
        raise click.UsageError("--source applies only with --cv (it decides the cross-validation blocks)")
    alone = source_options_alone(sources, E_SOURCE_OPTIONS_ALONE)
    if alone:  # with --cv or not: without --source they read nothing
        raise click.UsageError(alone)
    if cv is None and extra:
        raise click.UsageError("--extra applies only with --cv (it adds training data to every fold)")
    given = _given_options(("backend", "group_by", "seed"))
    if cv is None and given:
        names = " and ".join([", ".join(given[:-1]), given[-1]] if len(given) > 1 else given)
        raise click.UsageError(f"{names} {'apply' if len(given) > 1 else 'applies'} only with --cv (how each fold is trained and split)")
    if cv is not None and model is not None:
        raise click.UsageError("--model applies only without --cv (with --cv each fold trains a new --backend model); "
                               "leave out --cv to score the model, or --model to cross-validate")
    stdin_once(*gold, *extra, *sources)
    check_output(output, also=(*gold, *extra, *sources, schema))
    probe_output(output)  # -o out/ or an unwritable folder: one line now, not after the scoring (or every --cv fold)
    warn_output_suffix(output, fmt, FORMATS)  # ev.json holds the table without --format json
    sources_read = None
    if sources:  # before any work: a bad --source-* value, or an -o that is a --source document, stops here
        sources_read = source_read_options(source_text_field, source_id_field, source_kind_field, source_row_kind, source_encoding,
                                           source_cells, source_include, source_exclude, source_input_format)
        # an -o inside a --source folder is not read back as a source on the next run (nor written over one)
        sources_read = skip_output(output, sources, sources_read, quiet=quiet, where="--source folder")
    schema_obj = load_schema(schema) if schema else None
    backend_obj = None
    if cv is None:
        from ..aggregate import model_schema

        # gold is checked against the themes the model predicts (its own schema unless --schema is given)
        backend_obj = load_model(model, schema_obj)
        if quiet and hasattr(backend_obj, "progress"):  # the transformers backend's predicting bar
            backend_obj.progress = False
        gold_schema = schema_obj or model_schema(backend_obj)
    else:
        gold_schema = schema_obj or load_schema()
    # unused: gold and --extra files that could not be used at all; failed counts records
    # unlabelled: records with no label at all (a sheet's rows nobody labelled): a warning, counted in left_out, exit 0
    examples, failed, unused, kinds, unlabelled_records = read_labelled(gold, gold_schema, text_field, themes_field, sentiment_field,
                                                                        id_field, files_fail=cv is None, encoding=encoding)  # counted as failed records below
    # a label the gold does not have ('none') is not scored against made-up gold (all 'other' / all 'neutral'): n/a
    unlabelled = [kind for kind, f in zip(("themes", "sentiment"), label_fields(themes_field, sentiment_field)) if f is None]
    if not examples and not failed:  # (every record failing is refused below, saying what to do)
        echo_error("no gold records were read; nothing to evaluate")
        sys.exit(1)
    if cv is None:
        # here a gold file that could not be used counts as a failed record too (as it always has)
        refuse_mostly_failed(examples, failed + len(unused), unused, gold_schema, "scored",
                             f"the gold was checked against the themes the model predicts ({gold_schema.source}); "
                             "pass --model DIR (a model trained for the gold's schema), or --cv K --schema FILE", kinds=kinds,
                             other_schema=True, files_counted=True)
    else:
        extras, extra_failed, extra_unused, extra_kinds, extra_unlabelled = read_labelled(extra, gold_schema, text_field, themes_field,
                                                                                          sentiment_field, id_field, encoding=encoding)
        refuse_mostly_failed(examples, failed, unused, gold_schema, "scored", kinds=kinds, other_schema=True)
        refuse_mostly_failed(extras, extra_failed, extra_unused, gold_schema, "scored", what="--extra records", kinds=extra_kinds)
        failed += extra_failed
        unused += extra_unused
        unlabelled_records += extra_unlabelled
        extras = drop_repeats(extras, by_text=True)

    conflicts = [0, 0]  # units the gold labels two ways, and their records

    def conflicting(err):  # units the gold labels two ways: left out of the scores, exit 1
        conflicts[0] += err.count
        conflicts[1] += getattr(err, "records", err.count)
        echo_error(str(err))

    # a unit given twice (a file given twice, labelers' files concatenated) is scored once, before any fold is
    # made (its copies would train and test each other); a warning counts them
    examples = drop_repeats(examples, by_text=True, on_conflict=conflicting)
    if not examples:
        echo_error("every gold unit was left out (see above); nothing to evaluate")
        sys.exit(1)
    if cv is not None:
        documents = None
        if sources:
            from ..errors import InputError
            from ..read import read

            def unreadable(err):  # reported and counted like a bad gold record: exit 1
                nonlocal failed
                if getattr(err, "file_level", False):
                    unused.append(f"--source {err.source}")
                else:
                    failed += getattr(err, "count", 1)
                if isinstance(err, InputError):
                    err = f"--source {err.source}: " + source_message(err.message)
                echo_error(str(err))

            with source_warnings(quiet):
                documents = {d.id: d.text for d in read(list(sources), sources_read, on_error=unreadable)}
        kwargs = parse_params(params)
        if backend == "transformers" and quiet:  # each fold's training bar, as train -q; --param progress= wins
            kwargs.setdefault("progress", False)
        # --seed and --param seed= are not in conflict here: --seed seeds the folds, and the backend only unless seed= is given
        refuse_conflict("--base-model", base_model, kwargs, "model_name_or_path", given=bool(base_model))
        if base_model:
            if backend != "transformers":
                raise click.UsageError("--base-model applies only to --backend transformers")
            kwargs["model_name_or_path"] = base_model
        # --param seed=N seeds the backend; --seed seeds the folds (and the backend unless given)
        backend_seed = kwargs.pop("seed", None)
        result = cross_validate(examples, backend=backend, k=cv, group_by=group_by, seed=seed,
                                schema=schema_obj, documents=documents, backend_seed=backend_seed, extra=extras,
                                unlabelled=unlabelled, **kwargs)
    else:
        result = evaluate(examples, backend_obj.predict([e.norm_text for e in examples]), gold_schema, unlabelled=unlabelled)
        result["model"] = model or "default"
        result["model_info"] = _model_info(backend_obj)
        note = "" if quiet else _training_set_note(model, examples)
        if note:
            echo_line(f"argmine: note: {note}")
    # what was not scored (the lines above name each): records that could not be read, files that could not be used,
    # records without labels (skipped with a warning: not a failure), units labelled two ways and their records
    result["left_out"] = {"records": failed, "files": unused, "unlabelled": unlabelled_records, "conflict_units": conflicts[0],
                          "conflict_records": conflicts[1]}
    with open_output(output) as fh:
        if fmt == "json":
            fh.write(json.dumps(result, ensure_ascii=False, indent=2) + "\n")
        else:
            fh.write(format_evaluation(result) + "\n")
    if failed or unused or conflicts[0]:
        files = len(gold) + len(extra) + len(sources)
        parts = [failure_summary(failed, unused, files)] if failed or unused else []
        if conflicts[0]:
            units, records = conflicts
            parts.append(f"{plural(units, 'unit')} ({plural(records, 'record')}) labelled differently {inflect(units, 'was', 'were')} "
                         "left out (listed above)")
        echo_error(" and ".join(parts) + "; scored the rest")
        sys.exit(1)


def _model_info(backend) -> dict:
    """The model that ran, for the JSON's ``model_info`` and the table's first line: ``backend``, and where it was
    loaded from (:func:`~argmine.backends.base.model_origin`: ``path`` (``"(packaged default)"``; none for
    ``lexicon``), ``version``, the ``generation`` a linear or transformers model's save writes, ...).
    """
    from ..backends.base import model_origin

    return {"backend": getattr(backend, "name", type(backend).__name__), **model_origin(backend)}


def _given_options(names: tuple[str, ...]) -> list[str]:
    """Those of ``names`` (parameter names) that the command line or the environment set, as options (``--group-by``)."""
    from click.core import ParameterSource

    ctx = click.get_current_context()
    return [f"--{n.replace('_', '-')}" for n in names
            if ctx.get_parameter_source(n) in (ParameterSource.COMMANDLINE, ParameterSource.ENVIRONMENT)]


def _training_set_note(model, examples) -> str:
    """A note when the gold shares texts with what the packaged default model was trained on ("" otherwise).

    A model records no list of its training texts, so only the packaged one
    is checked: by text, against the repository's annotations it was trained on.
    """
    from pathlib import Path

    import argmine

    from ..classify import default_model_path
    from ..errors import N_EVAL_TRAINING_TEXTS, N_EVAL_TRAINING_UNCHECKED
    from ..train import texts_in

    if model is not None and Path(model).resolve() != default_model_path().resolve():
        return ""
    names = ("annotations/gold.jsonl", "annotations/guide_examples.jsonl")
    paths = [Path(argmine.__file__).resolve().parent.parent / n for n in names]
    if not all(p.is_file() for p in paths):  # an installed package: the annotations stay in the repository
        return N_EVAL_TRAINING_UNCHECKED.format(files=" and ".join(names))
    k = texts_in(examples, paths)
    return N_EVAL_TRAINING_TEXTS.format(k=k, n=len(examples), files=" or ".join(names)) if k else ""
