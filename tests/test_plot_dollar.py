"""The chart draws a schema's target and theme names as written: ``$`` is a dollar sign, not matplotlib mathtext."""

from __future__ import annotations

import logging

import pytest

pytest.importorskip("matplotlib")

from click.testing import CliRunner
from matplotlib.text import Text

from argmine import plot
from argmine.aggregate import Analysis
from argmine.cli import main
from argmine.errors import MissingDependency
from argmine.schema import parse_schema
from argmine.types import Document

DOC = "支付宝的社交功能让人担心隐私泄露。"


def _analysis(target: str, name_en: str, name_zh: str = "成本") -> Analysis:
    import argmine

    schema = parse_schema({"schema": {"id": "fuel", "target": target},
                           "themes": [{"id": "cost", "name_zh": name_zh, "name_en": name_en, "cues": ["隐私"]}],
                           "sentiment": {"positive": ["好"], "negative": ["担心"]}})
    return argmine.analyze([Document("doc", DOC)], schema, model="lexicon", n_boot=100)


def _saved_figure(analysis, path, monkeypatch):
    """Draw the chart to ``path`` and return the figure that was written (drawn: its text laid out)."""
    saved = []
    save = plot._save

    def keep(fig, *args, **kwargs):
        saved.append(fig)
        save(fig, *args, **kwargs)

    monkeypatch.setattr(plot, "_save", keep)
    assert plot.plot_themes(analysis, path) == path
    return saved[0]


@pytest.mark.parametrize("suffix", [".png", ".svg"])
def test_plot_draws_dollar_signs_in_target_and_theme_names_as_written(tmp_path, monkeypatch, caplog, suffix):
    out = tmp_path / f"fuel{suffix}"
    with caplog.at_level(logging.WARNING, logger="matplotlib"):
        fig = _saved_figure(_analysis("油价从 $3 涨到 $5", "fees under $5 and $10"), out, monkeypatch)
    assert out.stat().st_size > 0
    # mathtext drew the Chinese between two "$" in its own fonts, as boxes: "Font 'rm' does not have a glyph for ..."
    assert not [r.getMessage() for r in caplog.records if "glyph" in r.getMessage()]
    shown = {t.get_text() for t in fig.findobj(Text) if t.get_visible()}
    assert {"油价从 $3 涨到 $5", "成本 (fees under $5 and $10)"} <= shown  # the title, the theme's tick label
    dollars = [t for t in fig.findobj(Text) if "$" in t.get_text()]
    assert dollars and all(not t.get_parse_math() for t in dollars)  # each drawn as its characters, "$" included


@pytest.mark.parametrize("target", ["a $x^$ b", "$\\frac{1}{$", "$$"])
def test_plot_target_that_is_no_valid_mathtext_still_draws(tmp_path, target):
    out = tmp_path / "c.png"
    assert plot.plot_themes(_analysis(target, "cost"), out) == out  # it stopped on matplotlib's ValueError
    assert out.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_plot_glyph_check_still_reads_a_name_between_dollars(tmp_path):
    out = tmp_path / "c.png"
    with pytest.raises(MissingDependency, match=r"cannot draw some characters of the chart.*U\+1F984"):
        plot.plot_themes(_analysis("t", "a $\U0001F984$ b"), out)
    assert not out.exists()


def test_cli_analyze_plot_of_a_schema_with_dollars_in_its_target(tmp_path):
    (tmp_path / "doc.txt").write_text(DOC, encoding="utf-8")
    (tmp_path / "s.toml").write_text('[schema]\nid = "fuel"\ntarget = "a $x^$ b"\n\n[[themes]]\nid = "cost"\n'
                                     'name_en = "fees under $5 and $10"\ncues = ["隐私"]\n\n'
                                     '[sentiment]\npositive = ["好"]\nnegative = ["担心"]\n', encoding="utf-8")
    out = tmp_path / "c.png"
    result = CliRunner().invoke(main, ["analyze", str(tmp_path / "doc.txt"), "--schema", str(tmp_path / "s.toml"),
                                       "--model", "lexicon", "--plot", str(out), "-q"])
    assert result.exit_code == 0, result.output
    assert "Traceback" not in result.output and out.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
