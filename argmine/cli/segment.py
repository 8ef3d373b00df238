"""``argmine segment``: units with exact offsets, and what cleaning dropped."""

from __future__ import annotations

import click

from ..errors import W_FORMAT_ONLY, plural
from ._common import FORMATS, TABLE_NOTE, RowWriter, above_bars, echo_line, echo_warning, input_options, meta_cell, open_output, output_option, run_guarded, warn_output_suffix

COLUMNS = ["id", "doc", "start", "end", "text", "kind"]
#: the table view drops ``doc`` (it is the part of ``id`` before "#") to fit 80 columns.
TABLE_COLUMNS = ["id", "kind", "start", "end", "text"]
#: ``--explain`` shows this many characters of a dropped span's text, then ``…`` when it is longer.
EXPLAIN_MAX_CHARS = 60


@click.command("segment")
@input_options
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="jsonl", show_default=True, help="Output format. " + TABLE_NOTE)
@click.option("--explain", is_flag=True, help=f"Also list every dropped span (furniture, duplicates) with its reason, on stderr (its text cut at {EXPLAIN_MAX_CHARS} characters, marked …).")
@click.option("--tokens", is_flag=True, help="Add jieba tokens to each unit (jsonl and csv; the table has no tokens column).")
@output_option()
@run_guarded
def command(inputs, fmt, explain, tokens, output):
    """Split documents into argument units that point exactly into the source.

    PATHS are files, directories (recursive) or '-' for stdin.  JSONL rows
    are exactly: id, doc, start, end, text, kind (plus the document's
    metadata under "meta", and "tokens" with --tokens).  CSV has the same
    columns, the metadata in a "meta" column as strict JSON ("{}" for none).

    \b
    Examples:
      argmine segment corpora/ --format table
      argmine segment comments.csv --text-field body --id-field cid -o units.jsonl
      argmine segment page.txt --explain > /dev/null
    """
    if tokens and fmt == "table":  # ignored with a warning, as export's options of another --format (the table's columns are fixed)
        echo_warning(W_FORMAT_ONLY.format(option="--tokens", formats="jsonl and csv", fmt=fmt,
                                          hint=f" (the table shows {', '.join(TABLE_COLUMNS)})"))
        tokens = False
    n_units = n_docs = n_dropped = 0
    with open_output(output, inputs) as fh:
        warn_output_suffix(output, fmt, FORMATS)  # once -o is checked: units.csv holds JSONL without --format csv
        columns = TABLE_COLUMNS if fmt == "table" else COLUMNS + (["meta"] if fmt == "csv" else []) + (["tokens"] if tokens else [])
        writer = RowWriter(above_bars(fh, output), fmt, columns)  # onto the terminal the bars are on: above them
        for seg in inputs.segmented(tokens=tokens):
            n_docs += 1
            for unit in seg.units:
                row = unit.to_row(tokens=tokens)
                if fmt == "csv":  # every row has the column, as to_pandas's meta
                    row["meta"] = meta_cell(unit.meta)
                writer.write(row)
                n_units += 1
            n_dropped += len(seg.dropped)
            if explain:  # echo_line shows an id's or a rule's escape sequences (set the title) escaped, as the tables do
                enc = seg.document.encoding or "?"
                echo_line(f"# {seg.document.id} ({seg.document.source}, {enc}): {plural(len(seg.units), 'unit')}, {len(seg.dropped)} dropped")
                for d in seg.dropped:
                    cut = "\u2026" if len(d.text) > EXPLAIN_MAX_CHARS else ""  # …: the span goes on (its end offset says where)
                    echo_line(f"  dropped {d.start}:{d.end} [{d.rule}] {d.reason}: {d.text[:EXPLAIN_MAX_CHARS]!r}{cut}")
        inputs.require_documents("segment")  # exits inside the block: the previous -o file is left as it was
        writer.close()
    if not inputs.quiet:
        echo_line(f"argmine: {plural(n_docs, 'document')}, {plural(n_units, 'unit')}, {plural(n_dropped, 'span')} dropped"
                  f"{inputs.unitless_note()}")
    if n_docs == 0 and not inputs.failures:
        echo_warning("no documents read")
    inputs.finish()
