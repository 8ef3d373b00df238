"""write_report, render_report and plot_themes given an argument of the wrong type: one TypeError naming the function
and the argument and saying what to pass, as to_json/to_csv say it (no ``stat: path should be ...`` from deep inside,
no AttributeError on ``.schema``), raised before any work and before any file is written."""

from __future__ import annotations

import io
import os
import types

import pytest

import argmine
from argmine.errors import ReportError
from argmine.plot import plot_themes
from argmine.report import render_report, write_report

REPORT_HINT = ("; render_report(analysis) returns the HTML, to write into an open file: "
               "fh.write(render_report(analysis))")
PLOT_HINT = ("; it draws into a file only: for the chart's bytes read the file back, "
             "buf.write(plot_themes(analysis, 'themes.png').read_bytes())")


@pytest.fixture(scope="module")
def analysis():
    return argmine.analyze([argmine.Document("d", "支付宝做社交是对的。")], model="lexicon", n_boot=100)


@pytest.mark.parametrize("path, found", [(io.StringIO(), "StringIO"), (None, "NoneType"), (1, "int"), (b"r.html", "bytes")])
def test_write_report_given_no_path_says_it_takes_one_and_how_to_write_into_an_open_file(analysis, tmp_path, monkeypatch, path, found):
    monkeypatch.chdir(tmp_path)
    with pytest.raises(TypeError) as e:
        write_report(analysis, path)
    assert str(e.value) == f"write_report(path) takes a file path, not {found}" + REPORT_HINT
    assert os.listdir(tmp_path) == []


@pytest.mark.parametrize("path, found", [(io.BytesIO(), "BytesIO"), (1, "int"), (None, "NoneType")])
def test_plot_themes_given_no_path_says_it_takes_a_chart_file_path_and_how_to_get_the_bytes(analysis, tmp_path, monkeypatch, path, found):
    monkeypatch.chdir(tmp_path)
    with pytest.raises(TypeError) as e:
        plot_themes(analysis, path)
    assert str(e.value) == f"plot_themes(path) takes a .png or .svg file path, not {found}" + PLOT_HINT
    assert os.listdir(tmp_path) == []


def test_plot_themes_hint_is_code_that_runs(analysis, tmp_path, monkeypatch):
    pytest.importorskip("matplotlib")
    monkeypatch.chdir(tmp_path)
    buf = io.BytesIO()
    buf.write(plot_themes(analysis, 'themes.png').read_bytes())  # the hint's code, as the message gives it
    assert buf.getvalue().startswith(b"\x89PNG")


def test_render_report_hint_is_code_that_runs(analysis, tmp_path):
    fh = io.StringIO()
    fh.write(render_report(analysis))
    write_report(analysis, tmp_path / "r.html")
    assert fh.getvalue() == (tmp_path / "r.html").read_text("utf-8")


CALLS = {
    "write_report": lambda a, tmp: write_report(a, tmp / "r.html"),
    "render_report": lambda a, tmp: render_report(a),
    "plot_themes": lambda a, tmp: plot_themes(a, tmp / "p.png"),
}


@pytest.mark.parametrize("function", list(CALLS))
@pytest.mark.parametrize("value, found, hint", [
    (None, "NoneType", ""),
    ({"themes": {}}, "dict", ""),
    ("analysis.json", "str", ""),
    (argmine.Analysis, "type", ""),
    ([], "list", ""),
])
def test_report_and_plot_given_no_analysis_say_what_they_take(tmp_path, function, value, found, hint):
    with pytest.raises(TypeError) as e:
        CALLS[function](value, tmp_path)
    assert str(e.value) == f"{function}(analysis) takes an argmine.Analysis (from argmine.analyze), not {found}{hint}"
    assert os.listdir(tmp_path) == []


@pytest.mark.parametrize("function", list(CALLS))
def test_report_and_plot_given_a_list_of_analyses_say_to_pass_one(analysis, tmp_path, function):
    with pytest.raises(TypeError) as e:
        CALLS[function]([analysis], tmp_path)
    assert str(e.value) == (f"{function}(analysis) takes an argmine.Analysis (from argmine.analyze), not list; "
                            "pass one Analysis at a time")
    assert os.listdir(tmp_path) == []


@pytest.mark.parametrize("function", list(CALLS))
def test_report_and_plot_given_classified_units_say_to_aggregate_them(analysis, tmp_path, function):
    with pytest.raises(TypeError) as e:
        CALLS[function](analysis.units, tmp_path)
    assert str(e.value) == (f"{function}(analysis) takes an argmine.Analysis (from argmine.analyze), not list; "
                            "aggregate classified units first: argmine.Analysis.from_units(units, schema)")


def test_write_report_names_the_analysis_before_the_path(tmp_path):
    # both wrong: the first argument is named first, as Python reads them
    with pytest.raises(TypeError, match=r"^write_report\(analysis\) takes"):
        write_report(None, None)


def test_plot_themes_still_takes_an_object_shaped_like_an_analysis(analysis, tmp_path):
    # plot_themes documents that anything with .schema and .themes works: such an object passes the check
    # and reaches the format check after it (a .gif), so nothing is drawn
    shaped = types.SimpleNamespace(schema=analysis.schema, themes=analysis.themes)
    with pytest.raises(ReportError, match="cannot tell the chart format"):
        plot_themes(shaped, tmp_path / "p.gif")


def test_to_json_and_to_csv_keep_their_messages(analysis):
    with pytest.raises(TypeError) as e:
        analysis.to_json(io.StringIO())
    assert str(e.value) == ("to_json(path) takes a file path, not StringIO; to_json() with no path returns the text, to write "
                            "into an open file: fh.write(analysis.to_json()); for indentation pass indent=")
    with pytest.raises(TypeError) as e:
        analysis.to_csv(1)
    assert str(e.value) == ("to_csv(path) takes a file path, not int; to_csv() with no path returns the text, to write "
                            "into an open file: fh.write(analysis.to_csv())")
