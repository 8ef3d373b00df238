"""``argmine analyze``: per-theme units, shares, sentiment and quotes (the main job)."""

from __future__ import annotations

from contextlib import ExitStack

import click

from ..errors import plural
from ._common import (SEED, PathParam, check_distinct_outputs, check_output, echo_line, input_options, model_path, open_output, output_named,
                      output_option, outputs_together, probe_output, run_guarded, stdout_is_terminal, warn_output_suffix,
                      workers_option, working)

FORMATS = ("table", "json", "csv")
#: what ``--format`` writes, as the stage line while it is built names it
STAGE_NAMES = {"table": "the tables", "json": "the JSON summary", "csv": "the CSV"}


def _chart_path(ctx, param, value):
    """Refuse a --plot file the chart cannot be written as, before any work is done."""
    if value is None:
        return value
    import importlib.util
    import os
    from pathlib import Path

    from .._files import names_folder
    from ..plot import FORMATS as CHART_FORMATS

    if value == "-":
        raise click.BadParameter(f"the chart is written to a file, not to standard output ('-'): give a {' or '.join(CHART_FORMATS)} file")
    if os.path.isdir(value) or names_folder(value):  # refused as every output file naming a folder is (probe_output)
        return value
    if Path(value).suffix.lower() not in CHART_FORMATS:
        raise click.BadParameter(f"{output_named(value)}: the chart is written as {' or '.join(CHART_FORMATS)}; give the file one of those suffixes")
    if importlib.util.find_spec("matplotlib") is None:
        raise click.BadParameter("the chart needs matplotlib, which is not installed; run: pip install 'argmine[plot]'")
    return value


def _report_path(ctx, param, value):
    """Refuse ``--report -``: the report is a file here (``-o -`` is the tables); ``argmine report -o -`` writes the HTML to stdout."""
    if value == "-":
        raise click.BadParameter("the report is written to a file, not to standard output ('-'); "
                                 "for the HTML on standard output run: argmine report PATHS -o -")
    return value


@click.command("analyze")
@input_options
@click.option("--model", default=None, metavar="M", callback=model_path, help="Model directory or 'lexicon' (default: the packaged model).")
@click.option("--schema", default=None, metavar="FILE", type=PathParam(dir_okay=False, reads=True), help="Theme schema TOML (default: the model's schema).")
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="table", show_default=True,
              help="table: text tables (80 columns); json: the full summary with provenance; csv: one row per theme x scope x group.")
@output_option()
@click.option("--plot", "plot_path", default=None, metavar="FILE", type=PathParam(dir_okay=False, writes=True), callback=_chart_path, help="Also draw the per-theme chart (.png or .svg).")
@click.option("--report", "report_path", default=None, metavar="FILE", type=PathParam(dir_okay=False, writes=True), callback=_report_path,
              help="Also write the HTML report to FILE (for the HTML on stdout: argmine report PATHS -o -).")
@click.option("--seed", default=0, show_default=True, type=SEED, help="Seed of the bootstrap intervals (0 to 2**32-1).")
@click.option("--max-docs", default=20, show_default=True, type=click.IntRange(min=1), metavar="N", help="List at most N documents in the table.")
@workers_option
@run_guarded
def command(inputs, model, schema, fmt, output, plot_path, report_path, seed, max_docs, workers):
    """Aggregate themes and sentiment over PATHS: the main job.

    Per theme (and 'other', the units with no theme): units, share of the
    argumentative units (those with at least one theme), mean sentiment
    (positive +1, neutral 0, negative -1) with a bootstrap 95% interval,
    positive/neutral/negative counts, top cue terms and three representative
    quotes with their place in the document; split by kind (title, body,
    comment) and by document.

    \b
    Examples:
      argmine analyze corpora/
      argmine analyze corpora/ --format json -o analysis.json
      argmine analyze comments.csv --text-field body --model lexicon --format csv
      argmine analyze corpora/ --plot themes.png --report report.html
    """
    # opened before the run: an -o that cannot be written (or is an input) stops here, not after minutes of work;
    # -o, --plot and --report are put in place together, once all are complete (outputs_together): a stop signal or
    # a chart that cannot be drawn leaves all three as they were
    given = click.get_current_context().get_parameter_source("output") is not click.core.ParameterSource.DEFAULT
    check_distinct_outputs(("-o", output), ("--plot", plot_path), ("--report", report_path),
                           defaults={} if given else {"-o": "the tables" if fmt == "table" else f"the {fmt.upper()} summary"})
    for option, extra in (("--plot", plot_path), ("--report", report_path)):
        if extra:
            check_output(extra, inputs, also=(schema,), option=option)
            probe_output(extra)
    from ..aggregate import gc_paused

    # gc_paused: the whole run, and the tables, the chart and the report made from the analysis it holds; a full
    # collection would scan all its units again and again.  Only here, in argmine's own process: the library's
    # analyze() leaves the collector on (other threads of a host process need it) and freezes its objects instead
    with outputs_together() as together, gc_paused():
        with open_output(output, inputs, also=(schema,), together=together) as fh:
            warn_output_suffix(output, fmt, FORMATS)  # once -o is checked: analysis.json holds the tables without --format json
            from ..backends.base import bars_off

            with bars_off(inputs.quiet):  # -q: the backend's own bars too (a run setting: the provenance is the same)
                analysis = inputs.analyze(schema=schema, model=model, seed=seed, workers=workers)
            inputs.require_documents("analyse")
            with ExitStack() as line:  # a line with the time spent (tens of seconds for 100,000 comments in JSON)
                line.enter_context(working(f"writing {STAGE_NAMES[fmt]}", quiet=inputs.quiet))
                summary = analysis.to_dict() if fmt == "json" else analysis.to_csv() if fmt == "csv" else analysis.table(max_docs=max_docs)
                if output == "-" and stdout_is_terminal():
                    line.close()  # cleared before the output is shown on the terminal it is drawn on, not drawn into it
                if fmt == "json":
                    import json

                    # json.dump streams the indented text; to_json() without a path would build it whole first
                    json.dump(summary, fh, ensure_ascii=False, indent=2)
                    fh.write("\n")
                else:
                    fh.write(summary)
                del summary  # (that of 100,000 comments is large: not held while the chart and the report are made)
        if plot_path:
            from ..plot import plot_themes

            with working("drawing the chart", quiet=inputs.quiet):
                plot_themes(analysis, plot_path, commit=together)  # under a temporary name (its suffix kept) that together renames
        if report_path:
            with working("writing the report", quiet=inputs.quiet):
                _write_report(analysis, report_path, together)
    for path, what in ((plot_path, "chart"), (report_path, "report")):
        if path and not inputs.quiet:
            echo_line(f"argmine: {what} -> {output_named(path)}")
    if not inputs.quiet:
        t = analysis.totals
        echo_line(f"argmine: {plural(t['documents'], 'document')}, {plural(t['units'], 'unit')}, {t['argumentative']} argumentative"
                  f"{inputs.unitless_note()}")
    inputs.finish()


def _write_report(analysis, path: str, together) -> None:
    """Write the report as :func:`argmine.report.write_report` does, under a temporary name that ``together`` renames over ``path``."""
    from pathlib import Path

    from .._files import replacing
    from ..errors import write_error
    from ..report import render_report

    html = render_report(analysis)
    try:
        with replacing(path, newline=None, commit=together) as f:
            f.write(html)
    except BrokenPipeError:  # --report /dev/stdout whose reader has gone (| head): run_guarded stops quietly, as with -o -
        raise
    except OSError as e:
        raise write_error(Path(path), "the report", e) from None
