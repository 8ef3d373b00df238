"""``argmine train``: fit a backend on labelled units and write a model directory."""

from __future__ import annotations

import re

import click

from ._common import echo_error, run_guarded

BACKENDS = ("linear", "lexicon", "transformers")


def parse_params(items: tuple[str, ...]) -> dict:
    """``--param KEY=VALUE`` pairs; VALUE is read as JSON when it parses (numbers, true, lists)."""
    import json

    out = {}
    for item in items:
        key, sep, value = item.partition("=")
        if not sep or not key:
            raise click.UsageError(f"--param {item!r}: expected KEY=VALUE, e.g. --param C_theme=8")
        try:
            out[key] = json.loads(value)
        except ValueError:
            out[key] = value
    return out


def label_options(fn):
    """The options that say where a table keeps its text and labels."""
    for opt in reversed([
        click.option("--text-field", default="text", show_default=True, help="Field holding the text."),
        click.option("--themes-field", default="themes", show_default=True, help="Field holding the themes (a list, or ids joined by ; , |)."),
        click.option("--sentiment-field", default="sentiment", show_default=True, help="Field holding the sentiment label."),
    ]):
        fn = opt(fn)
    return fn


def extra_option(fn):
    """``--extra FILE``: labelled records that only train (never tested or used to calibrate)."""
    return click.option("--extra", multiple=True, type=click.Path(), metavar="FILE",
                        help="Labelled file (same fields) that only trains: never tested, never used to calibrate; repeatable.")(fn)


#: How the message of a failed record starts (``line 3: ...``, ``row 2 (line 3): ...``, ``... and 5 more records ...``);
#: any other failure is about the whole file (missing, not a table, a header and no rows).
_RECORD_FAILURE = re.compile(r"(lines? \d|rows? \d|\.\.\. and \d+ more)")


def read_labelled(paths, schema, text_field, themes_field, sentiment_field, unused=None):
    """Examples from every file; bad files and records are reported (one line each) and skipped.

    Returns ``(examples, failures)``, one failure per record or file that
    failed; ``unused`` (a list), when given, collects the files among them
    that gave nothing because the whole file could not be used, so that a
    summary can tell files from records.
    """
    from ..errors import InputError
    from ..train import load_examples

    examples, failures = [], []

    def report(err, whole: bool = False):
        # one entry per failed record: a summary line can stand for many
        failures.extend([str(err)] * getattr(err, "count", 1))
        echo_error(str(err))
        if unused is not None and (whole or not _RECORD_FAILURE.match(getattr(err, "message", ""))):
            unused.append(err.source)

    for path in paths:
        try:
            examples += load_examples(path, text_field=text_field, themes_field=themes_field,
                                      sentiment_field=sentiment_field, schema=schema, on_error=report)
        except InputError as e:  # the whole file (its header, its layout, its encoding) could not be used
            report(e, whole=True)
    return examples, failures


def refuse_mostly_failed(examples, failures, schema, done: str, fix: str = "", what: str = "records", files: int = 0) -> None:
    """Exit 1 before training or scoring when more than half of the records failed.

    A model trained (or scores computed) on the few records left would look
    like a result and mean nothing; the usual cause is a gold file checked
    against the wrong schema.  ``files`` of the ``failures`` are whole files
    that could not be used (read_labelled's ``unused``): they are not records.
    """
    import sys

    from ..errors import E_NOTHING_READ, E_TOO_MANY_FAILED

    failed = len(failures) - files
    total = len(examples) + failed
    if failures and not examples:  # e.g. every --extra file missing or empty: the lines above say why
        echo_error(E_NOTHING_READ.format(what=what, done=done))
        sys.exit(1)
    if 2 * failed <= total:
        return
    source = str(getattr(schema, "source", ""))
    if not fix and source.startswith("argmine/schemas/"):
        fix = (f"the labels were checked against the packaged schema ({source}); if they belong to another debate, "
               "pass --schema FILE")
    elif not fix:
        fix = f"check that the labels are those of {source}"
    fix += ("; also check that --text-field, --themes-field and --sentiment-field name the right fields, "
            "and read the lines above: a label written as a theme's name or in other case says which id to write")
    echo_error(E_TOO_MANY_FAILED.format(failed=failed, total=total, what=what, done=done, why=fix))
    sys.exit(1)


def _writable_dir(path: str) -> bool:
    """Make sure ``path`` is a directory argmine can write (creating it); whether it was created."""
    import os
    from pathlib import Path

    from ..errors import E_WRITE_OUTPUT, InputError

    p = Path(path)
    created = not p.exists()
    try:
        p.mkdir(parents=True, exist_ok=True)
    except OSError as e:
        raise InputError(path, E_WRITE_OUTPUT.format(reason=e.strerror or e)) from None
    if not os.access(p, os.W_OK):
        raise InputError(path, E_WRITE_OUTPUT.format(reason="permission denied"))
    return created


def _remove_if_empty(path: str) -> None:
    from pathlib import Path

    try:
        Path(path).rmdir()
    except OSError:
        pass


@click.command("train")
@click.argument("data", nargs=-1, required=True, type=click.Path())
@click.option("--backend", type=click.Choice(BACKENDS), default="linear", show_default=True, help="Which backend to train.")
@click.option("-o", "--output", "output", required=True, type=click.Path(file_okay=False), metavar="MODEL_DIR", help="Directory to write the model to.")
@click.option("--schema", default=None, metavar="FILE", type=click.Path(dir_okay=False), help="Theme schema TOML (default: the packaged Alipay schema).")
@label_options
@extra_option
@click.option("--base-model", default=None, metavar="PATH_OR_ID", help="transformers backend: the encoder checkpoint to fine-tune.")
@click.option("--param", "params", multiple=True, metavar="KEY=VALUE", help="Backend setting (repeatable), e.g. --param C_theme=8.")
@click.option("--seed", default=0, show_default=True, type=int, help="Random seed.")
@click.option("-q", "--quiet", is_flag=True, help="No summary line and no progress bar.")
@run_guarded
def command(data, backend, output, schema, text_field, themes_field, sentiment_field, extra, base_model, params, seed, quiet):
    """Train a model from labelled DATA files and write it to MODEL_DIR.

    DATA are gold JSONL files (annotations/gold.jsonl) or any JSONL/CSV/TSV
    table with a text field and label fields.  Records with a document and
    offsets are grouped by block for the internal cross-validation that
    calibrates the linear backend.  --extra files (same fields) only train:
    the linear backend calibrates its probabilities and thresholds on DATA
    alone.  A bad file or record is reported and skipped; the exit code is
    then 1, and the last line counts the files that could not be used and
    the records skipped.  Rows with no labels (a sheet's unlabelled rows) are skipped
    with a warning that counts them.  A unit given twice with the same labels
    (same document, offsets and text; same id and text; or, without
    either, same text) trains once, with a warning; one given with different labels
    trains on each labelling, with a warning naming it.

    \b
    Examples:
      argmine train annotations/gold.jsonl --extra annotations/guide_examples.jsonl -o argmine/models/default
      argmine train labels.csv --text-field body --themes-field tags -o my_model
      argmine train annotations/gold.jsonl --backend transformers --base-model ./bert-base-chinese -o bert_model
    """
    import sys

    from ..schema import load_schema
    from ..train import drop_repeats, new_extra, train

    schema_obj = load_schema(schema)
    kwargs = parse_params(params)
    if backend in ("linear", "transformers"):
        kwargs.setdefault("seed", seed)
    if backend == "transformers" and quiet:
        kwargs.setdefault("progress", False)
    if base_model:
        if backend != "transformers":
            raise click.UsageError("--base-model applies only to --backend transformers")
        kwargs["model_name_or_path"] = base_model
    unused, extra_unused = [], []  # files that could not be used at all (the other failures are records)
    examples, failures = read_labelled(data, schema_obj, text_field, themes_field, sentiment_field, unused)
    extras, extra_failures = read_labelled(extra, schema_obj, text_field, themes_field, sentiment_field, extra_unused)
    if not examples:
        echo_error("no labelled records were read; nothing to train on")
        sys.exit(1)
    refuse_mostly_failed(examples, failures, schema_obj, f"trained, nothing written to {output}", files=len(unused))
    refuse_mostly_failed(extras, extra_failures, schema_obj, f"trained, nothing written to {output}", what="--extra records",
                         files=len(extra_unused))
    failures += extra_failures
    unused += extra_unused
    # a unit given twice (a file given twice, labelers' files concatenated) trains once; a warning counts them
    examples, extras = drop_repeats(examples, by_text=True), drop_repeats(extras, by_text=True)
    extras = new_extra(examples, extras)  # warns about records repeating DATA, so the count below is what trains
    created = _writable_dir(output)  # before training: a fine-tune can take hours
    try:
        model = train(examples, backend=backend, schema=schema_obj, extra=extras, **kwargs)
    except BaseException:
        if created:
            _remove_if_empty(output)
        raise
    model.save(output)
    if not quiet:
        also = f" (+ {len(extras)} --extra)" if extras else ""
        click.echo(f"argmine: trained {backend} on {len(examples)} units{also} -> {output}", err=True)
    if failures:
        echo_error(failure_summary(len(failures), unused, len(data) + len(extra)) + "; the model was trained on the rest")
        sys.exit(1)


def failure_summary(failed: int, unused: list[str], files: int) -> str:
    """What failed, in words: the files that could not be used (of ``files``) and the records skipped (``failed`` counts both).

    >>> failure_summary(7, ["missing.jsonl"], 4)
    '1 of 4 files could not be used (missing.jsonl) and 6 records were skipped (listed above)'
    >>> failure_summary(1, [], 1)
    '1 record was skipped (listed above)'
    """
    from ..errors import plural

    records = failed - len(unused)
    parts = []
    if unused:
        names = ", ".join(unused[:3]) + (", …" if len(unused) > 3 else "")
        parts.append(f"{len(unused)} of {plural(files, 'file')} could not be used ({names})")
    if records:
        parts.append(f"{plural(records, 'record')} {'was' if records == 1 else 'were'} skipped (listed above)")
    return " and ".join(parts)
