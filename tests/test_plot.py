"""The per-theme chart as PNG/SVG, drawn in a CJK font (no tofu boxes)."""

from __future__ import annotations

import os
import re
import warnings
from pathlib import Path

import pytest

pytest.importorskip("matplotlib")

from argmine import plot
from argmine.errors import MissingDependency, ReportError
from argmine.plot import find_cjk_font, glyphs_missing, plot_themes
from argmine.schema import load_schema, parse_schema
from tests.test_report import kind_analysis, make_analysis

from .conftest import refuse_warning_filter_changes


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


def test_plot_themes_unwritable_path_is_one_report_error(tmp_path):
    (tmp_path / "themes.png").mkdir()
    with pytest.raises(ReportError) as e:
        plot_themes(make_analysis(), tmp_path / "themes.png")
    assert str(e.value) == f"{tmp_path / 'themes.png'}: cannot write the chart (Is a directory); pass a file path in an existing, writable directory"


def test_plot_themes_path_with_a_nul_is_a_report_error_as_to_json_gives(tmp_path):
    with pytest.raises(ReportError) as e:  # unfixed: a bare ValueError (embedded null byte) from matplotlib's open
        plot_themes(make_analysis(), str(tmp_path / "a\0b.png"))
    assert str(e.value) == f"{tmp_path}/a\\0b.png: cannot be used as a path (it holds a NUL character); pass another file path"


def test_plot_themes_on_a_full_disk_says_so_and_leaves_no_half_chart(tmp_path, monkeypatch):
    from matplotlib.figure import Figure

    def full(self, path, **kwargs):  # part of the chart is written, then the disk is full
        path.write_bytes(b"\x89PNG")
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(Figure, "savefig", full)
    with pytest.raises(ReportError) as e:
        plot_themes(make_analysis(), tmp_path / "themes.png")
    assert str(e.value) == (f"{tmp_path / 'themes.png'}: cannot write the chart (No space left on device); "
                            "the disk is full: free some space on it, or write to another disk")
    assert os.listdir(tmp_path) == []  # nor the temporary file


def test_plot_themes_stopped_while_saving_leaves_the_previous_chart_and_no_partial_one(tmp_path, monkeypatch):
    # the chart used to be drawn straight into its file: Ctrl-C in a library caller's savefig left half a PNG there
    from matplotlib.figure import Figure

    def stopped(self, path, **kwargs):  # part of the chart is written, then Ctrl-C
        Path(path).write_bytes(b"\x89PNG")
        raise KeyboardInterrupt

    out = tmp_path / "themes.png"
    out.write_bytes(b"OLD")
    monkeypatch.setattr(Figure, "savefig", stopped)
    with pytest.raises(KeyboardInterrupt):
        plot_themes(make_analysis(), out)
    assert out.read_bytes() == b"OLD" and os.listdir(tmp_path) == ["themes.png"]


@pytest.mark.parametrize("name", ["themes.png", "themes.SVG"])
def test_plot_themes_draws_under_a_temporary_name_that_keeps_the_suffix(tmp_path, monkeypatch, name):
    from matplotlib.figure import Figure

    drawn = []
    savefig = Figure.savefig

    def seen(self, path, **kwargs):
        drawn.append(Path(path).name)
        return savefig(self, path, **kwargs)

    out = tmp_path / name
    out.write_bytes(b"OLD")
    out.chmod(0o640)
    monkeypatch.setattr(Figure, "savefig", seen)
    assert plot_themes(make_analysis(), out) == out
    assert re.fullmatch(rf"\.{re.escape(name)}\.[0-9a-f]{{16}}\.part{re.escape(out.suffix)}", drawn[0]), drawn
    assert out.read_bytes().startswith((b"\x89PNG", b"<?xml")) and os.listdir(tmp_path) == [name]
    assert out.stat().st_mode & 0o777 == 0o640  # the chart it replaces keeps its mode, as -o's file does


def test_plot_themes_names_the_chart_not_its_temporary_file_when_it_cannot_be_written(tmp_path, monkeypatch):
    import errno

    from matplotlib.figure import Figure

    def broken(self, path, **kwargs):
        raise OSError(errno.EIO, "Input/output error", str(path))

    monkeypatch.setattr(Figure, "savefig", broken)
    out = tmp_path / "themes.png"
    with pytest.raises(ReportError) as e:
        plot_themes(make_analysis(), out)
    assert str(e.value).startswith(f"{out}: cannot write the chart (Input/output error)")
    assert ".part" not in str(e.value) and os.listdir(tmp_path) == []


def test_plot_themes_given_a_commit_leaves_the_rename_to_it(tmp_path):
    from argmine._files import Commit

    out = tmp_path / "themes.svg"
    out.write_bytes(b"OLD")
    commit = Commit()
    assert plot_themes(make_analysis(), out, commit=commit) == out
    assert out.read_bytes() == b"OLD"  # complete, under its temporary name, until the commit puts it in place
    commit.apply()
    assert out.read_bytes().startswith(b"<?xml") and os.listdir(tmp_path) == ["themes.svg"]


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
        plot_themes(Analysis.from_units([], schema, n_boot=100), out)
    assert not out.exists()
    out.write_bytes(b"OLD")  # a previous chart is left as it was (it used to be deleted)
    with pytest.raises(MissingDependency, match=r"cannot draw some characters of the chart"):
        plot_themes(Analysis.from_units([], schema, n_boot=100), out)
    assert out.read_bytes() == b"OLD" and os.listdir(tmp_path) == ["themes.png"]


def test_schema_colour_that_is_not_hex_is_drawn_in_the_palette_colour(tmp_path):
    from dataclasses import replace

    from argmine.schema import PALETTE

    schema = load_schema()
    odd = replace(schema, themes=(replace(schema.themes[0], color="#12345"), *schema.themes[1:]))
    rows = plot.chart_rows(make_analysis(odd))
    assert rows[0]["color"] == PALETTE[0] and rows[1]["color"] == schema.themes[1].color.lower()
    assert plot_themes(make_analysis(odd), tmp_path / "c.png").exists()  # matplotlib would refuse "#12345"


def _drawn(analysis):
    """The chart's figure, drawn without writing a file: (count axes, sentiment axes, legend texts)."""
    from matplotlib.figure import Figure

    fig = plot._draw(Figure(), plot.chart_rows(analysis), analysis)
    ax_n, ax_s = fig.axes
    return ax_n, ax_s, [re.sub(r"\n\s*", " ", t.get_text()) for t in fig.legends[0].get_texts()]  # notes unwrapped


def _kind_subset(kinds, extra=()):
    from argmine.aggregate import Analysis

    full = make_analysis()
    units = [cu for cu in full.units if cu.unit.kind in kinds] + list(extra)
    return Analysis.from_units(units, full.schema, documents=full.documents, n_boot=100)


def _series_colours(ax_s) -> dict[str, str]:
    from matplotlib.colors import to_hex

    return {c.get_label(): to_hex(c.lines[0].get_color()) for c in ax_s.containers}


def test_plot_kind_colours_are_fixed_by_kind_name_not_by_order():
    both = _series_colours(_drawn(_kind_subset({"body", "comment"}))[1])
    comments_only = _series_colours(_drawn(_kind_subset({"comment"}))[1])
    assert both["评论 comment"] == comments_only["评论 comment"] == plot._KIND_COLOR["comment"]
    assert both["正文 body"] == plot._KIND_COLOR["body"] != both["评论 comment"]
    bars = {p.get_alpha() for c in _drawn(_kind_subset({"comment"}))[0].containers if c.get_label() == "comment" for p in c}
    assert bars == {plot._KIND_ALPHA["comment"]}  # a comment bar is as pale alone as beside body bars


def test_plot_hatched_rest_is_labelled_with_its_kind_and_markers_at_one_are_not_clipped():
    from argmine.backends.base import Prediction
    from argmine.classify import ClassifiedUnit
    from argmine.types import Unit

    text = "支付宝做社交。"
    title = ClassifiedUnit(Unit.from_source(text, doc="t", n=1, start=0, end=len(text), kind="title"),
                           Prediction(("pro_social",), {"pro_social": 0.9}, "positive", 0.8))
    _, ax_s, legend = _drawn(_kind_subset({"body", "comment"}, [title]))
    assert "标题 title" in legend and not any("other" in t for t in legend)
    low, high = ax_s.get_xlim()
    assert low <= -1.1 and high >= 1.1  # a marker at exactly -1 or +1 is drawn whole


def test_plot_bars_are_shares_of_each_kinds_units_with_a_theme_labelled_with_counts():
    # kind_analysis: title 1 of 2 units with a theme, body 12 of 14, comment 4 of 4 (shares by hand below)
    ax_n, _, legend = _drawn(kind_analysis())
    widths = {c.get_label(): [round(p.get_width(), 2) for p in c] for c in ax_n.containers}
    # one bar per theme (pro_social, privacy, brand_fit, bloat), as a percentage
    assert widths == {
        "all": [round(100 * 12 / 17, 2), round(100 * 5 / 17, 2), round(100 * 1 / 17, 2), 0],
        "title": [100.0, 0, 0, 0],
        "body": [round(100 * 10 / 12, 2), round(100 * 2 / 12, 2), 0, 0],
        "comment": [25.0, 75.0, 25.0, 0],
    }
    labels = [t.get_text() for t in ax_n.texts]
    # † on a share is its denominator's: body's 12 units with a theme are not few, even for a share of 2
    assert " 83.3% (n=10)" in labels and " 16.7% (n=2)" in labels and " 70.6% (n=12)" in labels
    assert " 100.0% (n=1)†" in labels and " 75.0% (n=3)†" in labels
    assert "正文 body (bars: % of its 12 units with a theme)" in legend
    assert "全部 all (bars: % of 17 units with a theme)" in legend
    assert "标题 title (bars: % of its 1 unit with a theme)" in legend and plot.SMALL_NOTE in legend


def test_plot_long_theme_name_is_cut_to_two_lines_and_panels_keep_their_width():
    from argmine.aggregate import Analysis
    from argmine.backends.base import Prediction
    from argmine.classify import ClassifiedUnit
    from argmine.types import Document, Unit

    zh = "这是一个非常非常长的主题名称用来测试图表和报告的布局是否溢出"
    en = "a very very long English theme name to test chart and report layout overflow"
    schema = parse_schema({"schema": {"id": "x"}, "themes": [{"id": "a", "name_zh": zh, "name_en": en},
                                                             {"id": "b", "name_zh": "短", "name_en": "short"}]})
    doc = Document("d", "甲乙。丙丁。")
    units = [ClassifiedUnit(Unit.from_source(doc.text, doc="d", n=i + 1, start=3 * i, end=3 * i + 3, kind="body"),
                            Prediction((t,), {"a": 0.8, "b": 0.8}, "neutral", 0.0)) for i, t in enumerate("ab")]
    analysis = Analysis.from_units(units, schema, documents=[doc], n_boot=100)
    import matplotlib
    from matplotlib import font_manager
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    font = find_cjk_font()
    font_manager.fontManager.addfont(str(font))
    family = font_manager.FontProperties(fname=str(font)).get_name()
    with matplotlib.rc_context({"font.family": [family, "DejaVu Sans"]}):  # as plot_themes draws it
        fig = plot._draw(Figure(figsize=(10, 3), layout="constrained"), plot.chart_rows(analysis), analysis)
        FigureCanvasAgg(fig).draw()
    ax_n, ax_s = fig.axes
    labels = [t.get_text() for t in ax_n.get_yticklabels()]
    assert labels[1] == "短 (short)"
    first, second = labels[0].split("\n")
    assert zh.startswith(first[:-1]) and first.endswith("…") and len(first) <= 14
    assert en.startswith(second[:-1]) and second.endswith("…") and len(second) <= 28
    # the panels keep their width (the whole label left them 3% and 2% of it)
    assert ax_n.get_position().width > 0.4 and ax_s.get_position().width > 0.25


def test_chart_labels_print_the_share_rounded_from_the_exact_ratio():
    from tests.test_analysis import labelled

    # 14 of 17 units with a theme: 0.8235 in the JSON, which printed 82.3% when rounded again
    a = labelled([(("pro_social",), "positive", 14), (("brand_fit",), "neutral", 3)])
    rows = {r["id"]: r for r in plot.chart_rows(a)}
    assert rows["pro_social"]["share"] == 0.8235  # the bar's length and data-share: the JSON's value
    assert plot.share_text(rows["pro_social"]) == "82.4% (n=14)"
    ax_n, _, _ = _drawn(a)
    assert " 82.4% (n=14)" in [t.get_text() for t in ax_n.texts]


def test_plot_one_theme_share_axis_ticks_stop_at_100_and_keep_room_for_labels():
    from argmine.aggregate import Analysis
    from argmine.backends.base import Prediction
    from argmine.classify import ClassifiedUnit
    from argmine.types import Document, Unit

    schema = parse_schema({"schema": {"id": "x"}, "themes": [{"id": "a", "name_zh": "甲", "name_en": "a"}]})
    doc = Document("d", "甲乙。丙丁。")
    units = [ClassifiedUnit(Unit.from_source(doc.text, doc="d", n=i + 1, start=3 * i, end=3 * i + 3, kind="body"),
                            Prediction(("a",), {"a": 0.8}, "neutral", 0.0)) for i in range(2)]
    ax_n, _, _ = _drawn(Analysis.from_units(units, schema, documents=[doc], n_boot=100))
    assert [round(p.get_width(), 2) for c in ax_n.containers for p in c] == [100.0, 100.0]  # one theme: every share is 100%
    assert max(ax_n.get_xticks()) == 100 and ax_n.get_xlim() == (0, 130)  # not to 145, no 120 tick; room for the label
    ax_n, _, _ = _drawn(kind_analysis())  # shares up to 100% (a title's one unit): the same
    assert max(ax_n.get_xticks()) <= 100


def test_plot_flags_a_share_by_its_denominator_and_marks_means_as_the_tables_do():
    # kind_analysis: title has 1 unit with a theme, so its 0.0% (n=0) shares rest on 1 unit (they were unflagged);
    # body's privacy is 2 of 12 (a share on 12 units, a mean on 2: † after the mean, not the share)
    from argmine import tables

    a = kind_analysis()
    ax_n, ax_s, legend = _drawn(a)
    shares = [t.get_text() for t in ax_n.texts]
    assert shares.count(" 0.0% (n=0)†") == 3 + 1  # title's privacy, brand_fit, bloat; comment's bloat (of 4)
    assert shares.count(" 0.0% (n=0)") == 1 + 2  # overall bloat (of 17); body's brand_fit and bloat (of 12)
    # the sentiment panel: each mean's marks after its interval, as the text table marks the same summaries
    groups = [g for t in map(a.themes.get, a.schema.theme_ids) for g in [t, *t["by_kind"].values()]
              if g["sentiment"]["mean"] is not None]
    assert sorted(t.get_text() for t in ax_s.texts) == sorted(m for m in map(tables._marks, [g["sentiment"] for g in groups]) if m)
    assert "†‡" in [t.get_text() for t in ax_s.texts]  # title's one pro_social unit
    assert plot.SMALL_NOTE in legend and plot.UNANIMOUS_NOTE == tables._NOTES["‡"] and plot.UNANIMOUS_NOTE in legend


def test_plot_a_unanimous_group_is_marked_with_the_tables_double_dagger(tmp_path):
    # 12 units, all negative: n=12 is no small group, yet its interval [-1.00, -1.00] is zero-width by unanimity
    from tests.test_analysis import labelled

    a = labelled([(("privacy",), "negative", 12), (("pro_social",), "positive", 6), (("pro_social",), "neutral", 6)])
    ax_n, ax_s, legend = _drawn(a)
    marks = {t.get_text() for t in ax_s.texts}
    assert marks == {"‡"}  # privacy overall and body; pro_social is mixed and 12 units
    assert plot.UNANIMOUS_NOTE in legend and plot.SMALL_NOTE not in legend
    assert plot_themes(a, tmp_path / "u.png").exists()  # the font draws ‡


def test_plot_themes_leaves_the_process_warning_filters_alone(tmp_path, monkeypatch):
    # plot_themes caught matplotlib's "Glyph missing" warnings in warnings.catch_warnings() + simplefilter("always"),
    # which swap the process-wide filter list: not thread-safe before Python 3.14 (a thread could put back another's
    # temporary filters for good, or lose its warnings).  matplotlib's own internals are not argmine's to change.
    before = list(warnings.filters)
    refuse_warning_filter_changes(monkeypatch)
    assert plot_themes(kind_analysis(), tmp_path / "k.svg").exists()
    with pytest.raises(MissingDependency, match=r"cannot draw some characters of the chart \(U\+1F984 \U0001F984\)"):
        schema = parse_schema({"schema": {"id": "emoji"}, "themes": [{"id": "a", "name_zh": "独角兽\U0001F984", "name_en": "a"}]})
        from argmine.aggregate import Analysis

        plot_themes(Analysis.from_units([], schema, n_boot=100), tmp_path / "e.png")
    assert warnings.filters == before


def test_plot_labels_of_themes_whose_cut_names_are_alike_differ():
    """Two long names alike up to their last characters were drawn with the same two-line label, and the PNG has no
    theme legend to tell them apart (QA 37 #3): they are cut in the middle, or tagged with the theme's id."""
    from tests.test_report import _alike_analysis

    ax_n, _, _ = _drawn(_alike_analysis())
    labels = [t.get_text() for t in ax_n.get_yticklabels()]
    assert len(set(labels)) == 3, labels
    worry, rebut, same = (label.split("\n") for label in labels)
    assert rebut[0].endswith("之反駁") and "…" in rebut[0] and rebut[1].endswith("rebuttal")
    assert worry[0].endswith(" [worry]") and same[0].endswith(" [same]")
    assert all(plot._columns(line) <= plot.LABEL_COLUMNS for label in labels for line in label.split("\n"))


def test_plot_of_an_input_with_no_unit_keeps_the_0_to_100_share_axis():
    """With no unit (page furniture only) every share is 0: the share axis read 0.0 to 1.4 (%) (QA 37 #6)."""
    from argmine.aggregate import Analysis
    from argmine.types import Document

    ax_n, _, _ = _drawn(Analysis.from_units([], load_schema(), documents=[Document("e", "责任编辑：张三\n")], n_boot=100))
    assert ax_n.get_xlim() == (0, 100)
    assert list(ax_n.get_xticks()) == [0, 20, 40, 60, 80, 100]
