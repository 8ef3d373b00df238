"""The per-theme chart as PNG/SVG, drawn in a CJK font (no tofu boxes)."""

from __future__ import annotations

import warnings

import pytest

pytest.importorskip("matplotlib")

from argmine import plot
from argmine.errors import MissingDependency, ReportError
from argmine.plot import find_cjk_font, glyphs_missing, plot_themes
from argmine.schema import load_schema, parse_schema
from tests.test_report import make_analysis


def _render_text(text: str, font) -> bytes:
    """Pixels of ``text`` drawn alone with the font at ``font``."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure
    from matplotlib.font_manager import FontProperties

    fig = Figure(figsize=(4, 1), dpi=50)
    FigureCanvasAgg(fig)
    fig.text(0.02, 0.3, text, fontproperties=FontProperties(fname=str(font), size=20))
    fig.canvas.draw()
    return bytes(fig.canvas.buffer_rgba())


def test_cjk_font_has_every_theme_name_glyph():
    font = find_cjk_font()
    names = [t.label for t in load_schema().themes]
    assert glyphs_missing(names, font) == []


def test_cjk_font_draws_real_glyphs_not_boxes():
    font = find_cjk_font()
    name = load_schema().theme("privacy").name_zh
    missing = "\ue000" * len(name)  # private-use code points: every one draws the .notdef box
    with pytest.warns(UserWarning, match="missing from font"):
        boxes = _render_text(missing, font)
    assert _render_text(name, font) != boxes
    assert _render_text(name, font) != _render_text(load_schema().theme("bloat").name_zh, font)


@pytest.mark.parametrize("suffix", [".png", ".svg"])
def test_plot_themes_writes_chart_without_missing_glyph_warnings(tmp_path, suffix):
    out = tmp_path / f"themes{suffix}"
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert plot_themes(make_analysis(), out) == out
    data = out.read_bytes()
    if suffix == ".png":
        assert data[:8] == b"\x89PNG\r\n\x1a\n" and len(data) > 10_000
    else:
        text = data.decode("utf-8")
        assert text.lstrip().startswith("<?xml") and "<path" in text
        assert "<text" not in text  # text is drawn as glyph outlines, so viewers need no CJK font


def test_plot_themes_rejects_unknown_format(tmp_path):
    with pytest.raises(ReportError, match=r"themes\.gif: cannot tell the chart format from the suffix; use one of \.png, \.svg"):
        plot_themes(make_analysis(), tmp_path / "themes.gif")


def test_plot_themes_without_cjk_font_fails_with_install_command(tmp_path, monkeypatch):
    monkeypatch.delenv(plot.FONT_ENV, raising=False)
    monkeypatch.setattr(plot, "_PACKAGED_FONTS", ())
    monkeypatch.setattr(plot, "_SYSTEM_FAMILIES", ())
    with pytest.raises(MissingDependency, match=r"no font with Chinese glyphs found.*pip install 'argmine\[plot\]'.*fonts-noto-cjk"):
        plot_themes(make_analysis(), tmp_path / "themes.png")
    assert not (tmp_path / "themes.png").exists()


def test_plot_themes_rejects_font_env_without_chinese(tmp_path, monkeypatch):
    from matplotlib import font_manager

    latin = font_manager.findfont("DejaVu Sans")
    monkeypatch.setenv(plot.FONT_ENV, latin)
    with pytest.raises(MissingDependency, match=r"ARGMINE_CJK_FONT=.*DejaVuSans.*not a font file covering Chinese"):
        plot_themes(make_analysis(), tmp_path / "themes.png")


def test_plot_themes_refuses_to_draw_tofu(tmp_path):
    schema = parse_schema({"schema": {"id": "emoji"}, "themes": [{"id": "a", "name_zh": "独角兽\U0001F984", "name_en": "a"}]})
    from argmine.aggregate import Analysis

    out = tmp_path / "themes.png"
    with pytest.raises(MissingDependency, match=r"cannot draw some characters of the chart"):
        plot_themes(Analysis.from_units([], schema, n_boot=10), out)
    assert not out.exists()


def test_schema_colour_that_is_not_hex_is_drawn_in_the_palette_colour(tmp_path):
    from dataclasses import replace

    from argmine.schema import PALETTE

    schema = load_schema()
    odd = replace(schema, themes=(replace(schema.themes[0], color="#12345"), *schema.themes[1:]))
    rows = plot.chart_rows(make_analysis(odd))
    assert rows[0]["color"] == PALETTE[0] and rows[1]["color"] == schema.themes[1].color.lower()
    assert plot_themes(make_analysis(odd), tmp_path / "c.png").exists()  # matplotlib would refuse "#12345"
