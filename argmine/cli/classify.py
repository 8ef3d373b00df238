"""``argmine classify``: themes, scores, sentiment and evidence for every unit."""

from __future__ import annotations

import click

from ..errors import plural
from ._common import FORMATS, TABLE_NOTE, PathParam, RowWriter, above_bars, echo_line, input_options, meta_cell, model_path, open_output, output_option, run_guarded, warn_output_suffix, workers_option

COLUMNS = ["id", "doc", "start", "end", "text", "kind", "themes", "scores", "sentiment", "sentiment_score", "evidence"]
#: the 80-column table keeps what a reader scans; JSONL/CSV carry every field.
TABLE_COLUMNS = ["id", "text", "themes", "sentiment"]


@click.command("classify")
@input_options
@click.option("--model", default=None, metavar="M", callback=model_path, help="Model directory from 'argmine train', or 'lexicon' (default: the packaged model).")
@click.option("--schema", default=None, metavar="FILE", type=PathParam(dir_okay=False, reads=True), help="Theme schema TOML (default: the model's own).")
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="jsonl", show_default=True, help="Output format. " + TABLE_NOTE)
@click.option("--batch-size", default=256, show_default=True, type=click.IntRange(min=1), help="Units per prediction batch.")
@output_option()
@workers_option
@run_guarded
def command(inputs, model, schema, fmt, batch_size, output, workers):
    """Predict stance themes and sentiment for every unit of PATHS.

    Each row is the segment fields (id, doc, start, end, text, kind; meta for table rows)
    plus themes (list; empty = other), scores (theme -> probability),
    sentiment, sentiment_score (in [-1, 1]) and evidence (the cues or
    features that pushed each label).  CSV has the same columns, the
    metadata last in a "meta" column as strict JSON ("{}" for none), as
    Analysis.to_pandas() has it.

    \b
    Examples:
      argmine classify corpora/ --format table
      argmine classify comments.csv --text-field body -o predictions.jsonl
      argmine classify page.txt --model lexicon --schema my_debate.toml
    """
    from ..aggregate import gc_paused
    from ..backends.base import bars_off
    from ..classify import classify, load_model

    backend = load_model(model, schema)
    n = 0
    # -q: the backend's own bars too; gc_paused: a long document's units are all held while it is classified, and the
    # collector would scan them again and again (a few percent of the time of one 20 MB page, more on a loaded machine)
    with open_output(output, inputs, also=(schema,)) as fh, bars_off(inputs.quiet), gc_paused():
        warn_output_suffix(output, fmt, FORMATS)  # once -o is checked: predictions.csv holds JSONL without --format csv
        writer = RowWriter(above_bars(fh, output), fmt, TABLE_COLUMNS if fmt == "table" else COLUMNS + (["meta"] if fmt == "csv" else []))
        for cu in classify(inputs.units(), model=backend, batch_size=batch_size, workers=workers):
            row = cu.to_row()
            if fmt == "table":
                row["themes"] = ", ".join(row["themes"]) or "other"
            elif fmt == "csv":  # every row has the column, as to_pandas's meta
                row["meta"] = meta_cell(cu.unit.meta)
            writer.write(row)
            n += 1
        inputs.require_documents("classify")  # exits inside the block: the previous -o file is left as it was
        writer.close()
    if not inputs.quiet:
        # the documents read, as segment and analyze count them; the note says how many of them left no unit
        echo_line(f"argmine: {plural(inputs.documents_read, 'document')}, {plural(n, 'unit')} classified with the {backend.name} backend"
                  f"{inputs.unitless_note()}")
    inputs.finish()
