"""Progress on long runs: what a terminal's stderr shows while one step takes long (QA round 41).

Bars are forced on as the other progress tests force them (``stderr_is_terminal``); what is checked is which
bars are drawn while a step is under way, never how long it takes.
"""

from __future__ import annotations

import json
import time

import pytest
from click.testing import CliRunner

from argmine.cli import main

PAGE = "支付宝不该做社交。我反对。隐私会泄露。红包很方便。"


def run(*args, input=None):
    return CliRunner().invoke(main, list(map(str, args)), input=input, catch_exceptions=False)


@pytest.fixture
def terminal(monkeypatch):
    """Progress drawn as on a terminal's stderr, redrawn every 10 ms."""
    from argmine.cli import _common

    monkeypatch.setattr(_common, "stderr_is_terminal", lambda: True)
    monkeypatch.setattr(_common, "TICK_SECONDS", 0.01)


def shown_bars() -> list[str]:
    """The descriptions of the bars and stage lines on the screen now (closed and disabled ones are not listed)."""
    from tqdm import tqdm

    return sorted(bar.desc for bar in list(tqdm._instances))


def record_bars_during(monkeypatch, owner, name: str) -> list[list[str]]:
    """Wrap ``owner.name`` so that each call records :func:`shown_bars` when it starts; the list of those records."""
    seen: list[list[str]] = []
    real = getattr(owner, name)

    def recording(*args, **kwargs):
        seen.append(shown_bars())
        return real(*args, **kwargs)

    monkeypatch.setattr(owner, name, recording)
    return seen


def test_documents_bar_is_redrawn_while_one_long_document_is_segmented(tmp_path, monkeypatch, terminal):
    # one 100 MB page is one document: the bar said "0/1 [00:00<?" from start to end, as if the run had hung
    import importlib

    from tqdm import tqdm

    segment_module = importlib.import_module("argmine.segment")  # argmine.segment is also the function

    redrawn: list[str] = []
    display = tqdm.display

    def counting(self, *args, **kwargs):
        redrawn.append(self.desc)
        return display(self, *args, **kwargs)

    monkeypatch.setattr(tqdm, "display", counting)
    real = segment_module.segment_document
    during: list[int] = []

    def long_document(doc, **kwargs):  # stands for minutes of cleaning and segmenting, which report nothing
        if "documents" not in shown_bars():  # -q
            return real(doc, **kwargs)
        before = redrawn.count("documents")
        deadline = time.monotonic() + 10
        while redrawn.count("documents") < before + 3 and time.monotonic() < deadline:
            time.sleep(0.01)
        during.append(redrawn.count("documents") - before)
        return real(doc, **kwargs)

    monkeypatch.setattr(segment_module, "segment_document", long_document)
    (tmp_path / "page.txt").write_text(PAGE, encoding="utf-8")
    r = run("segment", tmp_path / "page.txt")
    assert r.exit_code == 0, r.output
    assert during and during[0] >= 3  # its time spent moved while the one document was in work
    assert "documents:" in r.stderr and "0/1" in r.stderr
    assert r.stdout == run("segment", tmp_path / "page.txt", "-q").stdout  # the rows are the same, bars or not


def test_a_closed_ticking_bar_is_not_drawn_again(monkeypatch, capsys, terminal):
    from argmine.cli import _common

    bar = _common.progress(None, total=1, desc="documents", unit="doc", ticking=True)
    bar.close()
    drawn = capsys.readouterr().err
    time.sleep(0.1)  # ten ticks
    assert capsys.readouterr().err == "" and drawn.endswith("\r")  # cleared once, and never drawn back over what follows


@pytest.mark.parametrize("quiet, on_terminal", [(True, True), (False, False)])
def test_no_ticking_bar_under_quiet_or_off_a_terminal(monkeypatch, quiet, on_terminal):
    import threading

    from argmine.cli import _common

    monkeypatch.setattr(_common, "stderr_is_terminal", lambda: on_terminal)
    before = threading.active_count()
    bar = _common.progress(None, total=1, desc="documents", ticking=True, quiet=quiet)
    assert bar.disable and threading.active_count() == before
    bar.close()


def test_analyze_shows_an_aggregating_line_once_the_units_are_done(tmp_path, monkeypatch, terminal):
    # 100,000 comments: about 40 s of counts, intervals and quotes after the units bar ended, with nothing shown
    from argmine.aggregate import Analysis

    seen: list[list[str]] = []
    real = Analysis._aggregated.__func__

    def aggregated(cls, *args, **kwargs):
        seen.append(shown_bars())
        return real(cls, *args, **kwargs)

    monkeypatch.setattr(Analysis, "_aggregated", classmethod(aggregated))
    (tmp_path / "page.txt").write_text(PAGE, encoding="utf-8")
    r = run("analyze", tmp_path / "page.txt", "--model", "lexicon", "-o", tmp_path / "a.txt")
    assert r.exit_code == 0, r.output
    assert seen == [["aggregating"]]  # the units bar closed, the stage named
    assert "aggregating: 00:00" in r.stderr
    assert shown_bars() == []  # and cleared when the analysis is complete


@pytest.mark.parametrize("command, owner, name, stage", [
    (["analyze", "--format", "json", "-o", "{tmp}/a.json"], "argmine.aggregate:Analysis", "to_dict", "writing the JSON summary"),
    (["analyze", "--format", "csv", "-o", "{tmp}/a.csv"], "argmine.aggregate:Analysis", "to_csv", "writing the CSV"),
    (["analyze", "-o", "{tmp}/a.txt"], "argmine.aggregate:Analysis", "table", "writing the tables"),
    (["analyze", "-o", "{tmp}/a.txt", "--report", "{tmp}/r.html"], "argmine.report", "render_report", "writing the report"),
    (["report", "-o", "{tmp}/r.html"], "argmine.report", "render_report", "writing the report"),
    (["report", "-o", "-"], "argmine.report", "render_report", "writing the report"),
])
def test_writing_the_outputs_of_an_analysis_shows_a_stage_line(tmp_path, monkeypatch, terminal, command, owner, name, stage):
    import importlib

    module, _, attribute = owner.partition(":")
    target = importlib.import_module(module)
    seen = record_bars_during(monkeypatch, getattr(target, attribute) if attribute else target, name)
    (tmp_path / "page.txt").write_text(PAGE, encoding="utf-8")
    r = run(*(a.format(tmp=tmp_path) for a in command), tmp_path / "page.txt", "--model", "lexicon")
    assert r.exit_code == 0, r.output
    assert seen == [[stage]]
    assert f"{stage}: 00:00" in r.stderr


def test_analyze_draws_the_chart_under_a_stage_line(tmp_path, monkeypatch, terminal):
    pytest.importorskip("matplotlib")
    import argmine.plot

    seen = record_bars_during(monkeypatch, argmine.plot, "plot_themes")
    (tmp_path / "page.txt").write_text(PAGE, encoding="utf-8")
    r = run("analyze", tmp_path / "page.txt", "--model", "lexicon", "-o", tmp_path / "a.txt", "--plot", tmp_path / "c.png")
    assert r.exit_code == 0, r.output
    assert seen == [["drawing the chart"]]


@pytest.mark.parametrize("stdout_on_terminal, expected", [(False, [["writing the JSON summary"]]), (True, [[]])])
def test_the_json_summary_is_written_under_the_stage_line_unless_the_terminal_shows_it(tmp_path, monkeypatch, terminal,
                                                                                         stdout_on_terminal, expected):
    import argmine.cli.analyze

    monkeypatch.setattr(argmine.cli.analyze, "stdout_is_terminal", lambda: stdout_on_terminal)
    seen = record_bars_during(monkeypatch, json, "dump")
    (tmp_path / "page.txt").write_text(PAGE, encoding="utf-8")
    r = run("analyze", tmp_path / "page.txt", "--model", "lexicon", "--format", "json")
    assert r.exit_code == 0, r.output
    assert seen == expected  # on the terminal the line is cleared first, not drawn into the JSON it shows
    assert json.loads(r.stdout)["totals"]["documents"] == 1


@pytest.mark.parametrize("extra, on_terminal", [(["-q"], True), ([], False)])
def test_no_stage_line_under_quiet_or_off_a_terminal(tmp_path, monkeypatch, extra, on_terminal):
    from argmine.aggregate import Analysis
    from argmine.cli import _common

    monkeypatch.setattr(_common, "stderr_is_terminal", lambda: on_terminal)
    seen = record_bars_during(monkeypatch, Analysis, "to_dict")
    (tmp_path / "page.txt").write_text(PAGE, encoding="utf-8")
    r = run("analyze", tmp_path / "page.txt", "--model", "lexicon", "--format", "json", "-o", tmp_path / "a.json", *extra)
    assert r.exit_code == 0, r.output
    assert seen == [[]]
    assert "aggregating" not in r.stderr and "writing the" not in r.stderr


# --- rows and lines on the terminal the bars are drawn on -------------------------------------------------------------


@pytest.fixture
def one_terminal(monkeypatch, terminal):
    """Standard output and standard error on one terminal: CliRunner's ``output`` holds what both wrote, in the order written."""
    import click.testing

    from argmine.cli import _common

    class WrittenThrough(click.testing._NamedTextIOWrapper):  # unbuffered: each write lands in the shared output at once
        def __init__(self, *args, **kwargs):
            super().__init__(*args, write_through=True, **kwargs)

    monkeypatch.setattr(click.testing, "_NamedTextIOWrapper", WrittenThrough)
    monkeypatch.setattr(_common, "stdout_is_terminal", lambda: True)


def screen(output: str) -> list[str]:
    """The lines a terminal shows for ``output`` (its blank lines left out): text overwrites what is under the cursor,
    ``\\r`` goes back to the line's start, ``\\n`` down to the next line, ``ESC[A`` (tqdm's bars below the first) up one."""
    import re

    lines: list[list[str]] = [[]]
    row = column = 0
    for part in re.split(r"(\x1b\[A|\r|\n)", output):
        if part == "\r":
            column = 0
        elif part == "\n":
            row, column = row + 1, 0
        elif part == "\x1b[A":
            row = max(row - 1, 0)
        else:
            while len(lines) <= row:
                lines.append([])
            line = lines[row]
            line.extend(" " * (column + len(part) - len(line)))
            line[column:column + len(part)] = part
            column += len(part)
    return [text for text in ("".join(line).rstrip() for line in lines) if text]


@pytest.mark.parametrize("command", [["segment"], ["classify", "--model", "lexicon", "--batch-size", "1"], ["classify", "--model", "lexicon"]])
def test_rows_written_onto_the_terminal_of_the_bars_start_lines_of_their_own(tmp_path, one_terminal, command):
    # `argmine segment x.txt` with no -o: the first row was glued onto the bar's text ("...?doc/s]{"id": ...), and in
    # classify the rows after the units bar closed started where that bar left the cursor
    for i, text in enumerate([PAGE, "红包很方便。好用。"]):
        (tmp_path / f"{i}.txt").write_text(text, encoding="utf-8")
    r = run(*command, tmp_path / "0.txt", tmp_path / "1.txt")
    assert r.exit_code == 0, r.output
    assert "documents:" in r.stderr  # the bars were drawn, and cleared
    rows = run(*command, tmp_path / "0.txt", tmp_path / "1.txt", "-q").stdout
    assert r.stdout == rows  # what standard output holds is unchanged
    summary = r.stderr.rpartition("\r")[2].strip()
    assert summary.startswith("argmine: 2 documents, 6 units")
    assert screen(r.output) == rows.splitlines() + [summary]  # no bar's text left beside a row, every line from column 0


def test_classify_summary_starts_at_the_start_of_its_line(tmp_path, one_terminal):
    # the units bar, below the documents bar and closed after it, left the cursor at its width: the line began at column ~39
    (tmp_path / "page.txt").write_text(PAGE, encoding="utf-8")
    r = run("classify", tmp_path / "page.txt", "--model", "lexicon", "-o", tmp_path / "c.jsonl")
    assert r.exit_code == 0, r.output
    assert screen(r.output) == ["argmine: 1 document, 4 units classified with the lexicon backend"]


def test_a_stop_signal_while_a_bar_is_cleared_is_said_from_the_start_of_the_line(tmp_path, monkeypatch, one_terminal):
    # the signal came between tqdm's blank padding over the bar and its "\r": the line followed a row of spaces
    import signal

    from tqdm import tqdm

    from argmine.cli._session import Stopped

    display = tqdm.display

    def stopped_while_cleared(self, msg=None, pos=None):
        shown = display(self, msg, pos)
        if msg == "" and self.desc == "documents":
            raise Stopped(signal.SIGINT)
        return shown

    monkeypatch.setattr(tqdm, "display", stopped_while_cleared)
    (tmp_path / "page.txt").write_text(PAGE, encoding="utf-8")
    r = run("segment", tmp_path / "page.txt", "-o", tmp_path / "u.jsonl")
    assert r.exit_code == 130, r.output
    assert screen(r.output) == ["argmine: error: interrupted"]
