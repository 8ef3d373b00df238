"""``argmine report``: analyse inputs and write one self-contained HTML report."""

from __future__ import annotations

import click

from ..report import MAX_DOCS, MAX_UNITS
from ..errors import plural
from ._common import PathParam, check_output, echo_line, input_options, model_path, open_output, output_named, probe_output, run_guarded, workers_option, working


@click.command("report")
@input_options
@click.option("-o", "--output", default="report.html", show_default=True, type=PathParam(allow_dash=True, readable=False),
              help="HTML file to write ('-' = stdout).")
@click.option("--model", default=None, metavar="M", callback=model_path, help="Model directory or 'lexicon' (default: the packaged model).")
@click.option("--schema", default=None, metavar="FILE", type=PathParam(dir_okay=False, reads=True),
              help="Theme schema TOML (default: the model's schema).")
@click.option("--max-docs", default=MAX_DOCS, show_default=True, type=click.IntRange(min=1), metavar="N",
              help="Render at most N documents in full (the charts still count every unit).")
@click.option("--max-units", default=MAX_UNITS, show_default=True, type=click.IntRange(min=1), metavar="N",
              help="Render at most N units, and at most N dropped spans in full, in the documents section.")
@workers_option
@run_guarded
def command(inputs, output, model, schema, max_docs, max_units, workers):
    """Analyse PATHS and write a self-contained HTML report (works offline).

    The page shows each theme's share of the units with a theme, with counts
    and mean sentiment with its 95% interval (overall and per kind: title,
    body, comment), a document-by-theme heat map, every
    document with its units highlighted (hover for scores and evidence),
    dropped page furniture with its reason, representative quotes and the
    run's provenance.  Past --max-docs / --max-units the documents are
    sampled and the page says so.

    \b
    Examples:
      argmine report corpora/ -o report.html
      argmine report big/ -o big.html --max-docs 50 --max-units 5000
    """
    from ..backends.base import bars_off
    from ..report import render_report, write_report

    check_output(output, inputs, also=(schema,))  # before the work: an -o that is an input, or cannot be written, stops here
    probe_output(output)
    with bars_off(inputs.quiet):  # -q: the backend's own bars too
        analysis = inputs.analyze(schema=schema, model=model, workers=workers)
    inputs.require_documents("report")
    limits = {"max_docs": max_docs, "max_units": max_units}
    if output == "-":
        with open_output("-") as out:  # closed (>&-) or full (>/dev/full): one line, as every command's -o - says it
            with working("writing the report", quiet=inputs.quiet):  # built under the line, written after it (not drawn into the HTML)
                html = render_report(analysis, **limits)
            out.write(html)
    else:
        with working("writing the report", quiet=inputs.quiet):
            write_report(analysis, output, **limits)
    if not inputs.quiet:
        t = analysis.totals
        echo_line(f"argmine: {plural(t['documents'], 'document')}, {plural(t['units'], 'unit')} -> {output_named(output)}"
                  f"{inputs.unitless_note()}")
    inputs.finish()
