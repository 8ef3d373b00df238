"""QA round 43: the report's limits bound the dropped spans too; a theme's cut Chinese line never reads as another's."""

from __future__ import annotations

import re
from html import unescape
from html.parser import HTMLParser

from argmine import plot
from argmine.aggregate import Analysis
from argmine.backends.base import Prediction
from argmine.classify import ClassifiedUnit
from argmine.report import _Context, render_report
from argmine.schema import parse_schema
from argmine.types import Document, Dropped, Unit

POST = "支付宝做社交侵犯隐私。"
SCHEMA = parse_schema({"schema": {"id": "s", "target": "支付宝"},
                       "themes": [{"id": "privacy", "name_zh": "隐私", "name_en": "privacy"}]})


def _spam(copies: int, *, doc: str = "spam", tail: str = "") -> tuple[Document, list[ClassifiedUnit], list[Dropped]]:
    """A post and ``copies`` repeats of it (dropped as duplicates), one per line, then ``tail`` (a unit, if given)."""
    text = "\n".join([POST] * (copies + 1)) + (f"\n{tail}" if tail else "")
    d = Document(doc, text)
    spans = [(0, len(POST))] + ([(len(text) - len(tail), len(text))] if tail else [])
    units = [ClassifiedUnit(Unit.from_source(text, doc=doc, n=n + 1, start=s, end=e, kind="body"),
                            Prediction(("privacy",), {"privacy": 0.9}, "negative", -0.6))
             for n, (s, e) in enumerate(spans)]
    step = len(POST) + 1
    dropped = [Dropped(doc, k * step, k * step + len(POST), POST, "duplicate", "repeats the block at offset 0")
               for k in range(1, copies + 1)]
    return d, units, dropped


def _analysis(*docs) -> Analysis:
    return Analysis.from_units([u for _, us, _ in docs for u in us], SCHEMA, documents=[d for d, _, _ in docs],
                               dropped=[x for _, _, ds in docs for x in ds], n_boot=100)


def _doc_text(html: str, doc_id: str) -> str:
    return re.search(rf'<section class="doc" id="doc-{doc_id}">.*?<div class="text"[^>]*>(.*?)</div>\n</section>',
                     html, re.S).group(1)


class _Reader(HTMLParser):
    """A document's text as the page shows it: the text outside the dropped spans (units and the text between them),
    each unit's place in it, and the text of each dropped span shown."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.kept, self.units, self.dropped = "", {}, []
        self.stack: list[tuple[str, str]] = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        cls = (a.get("class") or "").split()
        role = "dropped" if "dropped" in cls else "unit" if "u" in cls else "reason" if tag == "small" else ""
        if role == "unit":
            self.units[a["id"]] = len(self.kept)
        if role == "dropped" and "left-out" not in cls:
            self.dropped.append("")
        self.stack.append((tag, "left-out" if "left-out" in cls else role))

    def handle_endtag(self, tag):
        while self.stack and self.stack.pop()[0] != tag:
            pass

    def handle_data(self, data):
        roles = {r for _, r in self.stack}
        if "left-out" in roles or "reason" in roles:
            return
        if "dropped" in roles:
            self.dropped[-1] += data
        else:
            self.kept += data


def test_report_shows_at_most_max_units_dropped_spans_and_counts_the_rest_where_they_begin():
    """A document of one post and 20 repeats of it, then a unit, under --max-units 5: every repeat was written in full
    (about 120 bytes of markup each; 20,000 repeats made a 5 MB page of a 1.7 MB input, with no note). Now 5 are
    shown and one greyed line counts the other 15 where they begin; the text around them and the units stay exact."""
    d, units, dropped = _spam(20, tail="我绝对不会用这个功能。")
    html = render_report(_analysis((d, units, dropped)), max_units=5)
    text = _doc_text(html, "spam")
    assert text.count('<span class="dropped" data-rule="duplicate"') == 5
    assert text.count('class="dropped left-out"') == 1
    line = unescape(re.sub(r"<[^>]+>", "", re.search(r'<span class="dropped left-out">.*?</small></span>', text).group(0)))
    assert line == ("… 此处起本文档另有 15 处已丢弃片段未显示 from here on, 15 more dropped spans of this document are not shown "
                    "(--max-units 5) [重复 duplicate ×15]")
    # the line stands where the 6th repeat began, after the 5 shown
    assert text.index('class="dropped left-out"') > text.rindex('data-rule="duplicate"')
    p = _Reader()
    p.feed(text)
    assert p.dropped == [POST] * 5
    # outside the dropped spans, the document's text as it is: the units at their offsets, every line break between
    # the repeats (20 of them, as where the dropped spans are hidden)
    kept = "".join(ch for i, ch in enumerate(d.text) if not any(x.start <= i < x.end for x in dropped))
    assert p.kept == kept
    for cu in units:
        u = cu.unit
        removed = sum(min(x.end, u.start) - x.start for x in dropped if x.start < u.start)
        at = p.units[f"u-{u.id.replace('#', '%23')}"]
        assert at == u.start - removed and p.kept[at:at + len(u.text)] == d.text[u.start:u.end]
    assert len(p.units) == len(units) == 2  # the limit on dropped spans leaves the units alone


def test_report_page_does_not_grow_with_the_dropped_spans_past_the_limit():
    """The page grows with the text between the repeats (a line break each), not with the repeats themselves."""
    small = render_report(_analysis(_spam(20)), max_units=5)
    big = render_report(_analysis(_spam(2000)), max_units=5)
    assert big.count('class="dropped"') == small.count('class="dropped"') == 5 + 1  # 5 shown, the line for the rest
    assert len(big.encode()) - len(small.encode()) < 2 * (2000 - 20)
    assert "另有 1995 处已丢弃片段未显示" in big


def test_report_dropped_limit_spans_the_documents_in_input_order():
    """The budget is the page's: the first document's spans take it first; the second shows what is left and counts
    the rest; the sample records both (for the note)."""
    a = _analysis(_spam(4, doc="a"), _spam(4, doc="b"))
    html = render_report(a, max_units=6)
    assert _doc_text(html, "a").count('data-rule="duplicate"') == 4 and "left-out" not in _doc_text(html, "a")
    assert _doc_text(html, "b").count('data-rule="duplicate"') == 2
    assert "另有 2 处已丢弃片段未显示" in _doc_text(html, "b")
    sample = _Context.build(a, max_docs=200, max_units=6).sample
    assert (sample["dropped_shown"], sample["dropped_left_out"]) == (6, 2)


def test_report_within_the_limits_shows_every_dropped_span():
    d, units, dropped = _spam(20)
    html = render_report(_analysis((d, units, dropped)))
    assert html.count('data-rule="duplicate"') == 20 and "left-out" not in html
    sample = _Context.build(_analysis((d, units, dropped)), max_docs=200, max_units=10000).sample
    assert (sample["dropped_shown"], sample["dropped_left_out"]) == (20, 0) and not sample["active"]


def test_report_line_for_dropped_spans_left_out_marks_its_english_lang_en():
    from tests.test_report import _Language

    p = _Language()
    p.feed(re.search(r'<span class="dropped left-out">.*?</small></span>',
                     render_report(_analysis(_spam(3)), max_units=1)).group(0))
    assert p.leaks == []


# --- chart labels ---------------------------------------------------------------------------------------------------

#: Two long Chinese names alike up to their end, with English names that differ (the QA 43 finding's).
GRID = parse_schema({"schema": {"id": "grid", "target": "核三廠重啟"}, "themes": [
    {"id": "grid", "name_zh": "能源安全與電網穩定性之長期規劃與尖峰缺電風險", "name_en": "grid security"},
    {"id": "rebut", "name_zh": "能源安全與電網穩定性之長期規劃與尖峰缺電風險之反駁", "name_en": "rebuttal"}]})


def _grid_analysis() -> Analysis:
    doc = Document("d", "電網很重要。我反駁。")
    units = [ClassifiedUnit(Unit.from_source(doc.text, doc="d", n=n + 1, start=s, end=e, kind="body"),
                            Prediction((t,), {x: (0.9 if x == t else 0.1) for x in GRID.theme_ids}, "neutral", 0.0))
             for n, (s, e, t) in enumerate([(0, 6, "grid"), (6, 10, "rebut")])]
    return Analysis.from_units(units, GRID, documents=[doc], n_boot=100)


def test_report_chart_chinese_lines_cut_alike_differ_though_the_english_names_differ():
    """Both themes read 能源安全與電網穩定性之長期規劃… on the report's charts: the labels were compared as (Chinese,
    English) pairs, and the English lines differ. Each line is compared on its own: the Chinese ones are cut in the
    middle, the English names stay whole."""
    html = render_report(_grid_analysis())
    for chart_id in ("chart-themes", "chart-kinds"):
        chart = re.search(rf'<svg id="{chart_id}".*?</svg>', html, re.S).group(0)
        main = re.findall(r'class="label"[^>]*><title>[^<]*</title>([^<]*)</text>', chart)
        sub = re.findall(r'class="sublabel"[^>]*><title>[^<]*</title>([^<]*)</text>', chart)
        assert len(main) == 2 and main[0] != main[1], main
        assert main[0].startswith("能源安全") and "…" in main[0] and main[0].endswith("尖峰缺電風險")
        assert main[1].endswith("之反駁") and "…" in main[1]
        assert sub == ["grid security", "rebuttal"]


def test_plot_chinese_lines_cut_alike_differ_though_the_english_names_differ():
    """The PNG/SVG chart's tick labels had the same Chinese line too (能源安全與電網穩定性之長…)."""
    from matplotlib.figure import Figure

    a = _grid_analysis()
    fig = plot._draw(Figure(), plot.chart_rows(a), a)
    zh, en = zip(*(t.get_text().split("\n") for t in fig.axes[0].get_yticklabels()))
    assert zh[0] != zh[1] and zh[1].endswith("之反駁") and all("…" in z for z in zh), zh
    assert en == ("grid security", "rebuttal")
    assert all(plot._columns(line) <= plot.LABEL_COLUMNS for line in zh + en)


def test_distinct_labels_compares_each_line_of_a_two_name_label():
    rows = [{"id": "a", "name_zh": "甲乙丙丁戊己", "name_en": "x"}, {"id": "b", "name_zh": "甲乙丙丁戊庚", "name_en": "y"}]
    cut = lambda r, i, mode: (plot._cut(r["name_zh"], 7, mode != "end"), r["name_en"])  # noqa: E731
    assert plot.distinct_labels(rows, cut) == [("甲乙…己", "x"), ("甲乙…庚", "y")]
    # an English name alone, wrapped over two lines, reads as one: a first line in common is no reason to cut it
    wrapped = [{"id": "a", "name_zh": "", "name_en": "a b"}, {"id": "b", "name_zh": "", "name_en": "a c"}]
    assert plot.distinct_labels(wrapped, lambda r, i, mode: r["name_en"].replace(" ", "\n") + mode) == ["a\nbend", "a\ncend"]


def test_report_sample_note_and_document_line_say_how_many_dropped_spans_are_shown():
    """With every document and unit shown but dropped spans left out, the note at the top and the document's line
    say so, in English and Chinese (the page said nothing: no note)."""
    from tests.test_report import _Language

    html = render_report(_analysis(_spam(20)), max_units=5)
    note = unescape(re.sub(r"<[^>]+>", "", re.search(r'<p class="note" id="sample-note">(.*?)</p>', html, re.S).group(1)))
    assert ("showing 1 of 1 document and 1 of 1 unit in the heat map and the documents section; 5 of the 20 dropped "
            "spans in their text are shown in full, each document's others counted in one line where they begin "
            "(limits: --max-docs 200, --max-units 5; raise them to show more)") in note
    assert "其中 20 处已丢弃片段完整显示 5 处，各文档其余的在其起始处以一行计数（上限：--max-docs 200、--max-units 5" in note
    meta = unescape(re.sub(r"<[^>]+>", "", re.search(r'<div class="meta">(.*?)</div>', html).group(1)))
    assert meta.endswith("20 dropped 已丢弃 · showing the first 5 dropped spans only (--max-units) 仅显示前 5 处已丢弃片段")
    p = _Language()
    p.feed(html)
    assert p.leaks == []
