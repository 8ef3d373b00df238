"""The HTML report: escaping, self-containment, sampling, charts, anchors, CLI."""

from __future__ import annotations

import json
import os
import re
import unicodedata
from html import unescape
from html.parser import HTMLParser

import pytest

from argmine.aggregate import Analysis
from argmine.backends.base import Evidence, Prediction
from argmine.classify import ClassifiedUnit
from argmine.errors import ReportError
from argmine.report import _text_width, anchor, dropped_label, render_report, safe_json, write_report
from argmine.schema import load_schema, parse_schema
from argmine.types import Document, Dropped, Unit

SCRIPT_INJECTION = "<script>window.__pwned=1;alert(1)</script>"
IMG_INJECTION = "<img src=x onerror=\"window.__pwned=2\">"
# An article, its comments (one of them hostile) and page furniture cleaning dropped.
ARTICLE = (
    "支付宝做社交是对的。\n"
    "没有人会想让自己的钱显示在一个社交工具上,因为这属于关乎尊严的隐私。\n"
    "我要回帖\n"
    "现在的支付宝功能太多,支付宝变成了阿里巴巴产品导航。\n"
    f"评论:{SCRIPT_INJECTION}财不外露\n"
    f"评论:{IMG_INJECTION}我只想用支付宝付钱。\n"
)
SECOND = "一个小和尚问方丈:师父,我念经的时候可以吸烟吗?\n就这个创意给满分~\n"

# sentence -> (kind, themes, sentiment); scores: 0.9 for a theme carried, 0.1 otherwise.
LABELS = {
    "支付宝做社交是对的。": ("body", ("pro_social",), "positive"),
    "没有人会想让自己的钱显示在一个社交工具上,因为这属于关乎尊严的隐私。": ("body", ("privacy",), "negative"),
    "现在的支付宝功能太多,支付宝变成了阿里巴巴产品导航。": ("body", ("bloat",), "negative"),
    f"评论:{SCRIPT_INJECTION}财不外露": ("comment", ("privacy",), "negative"),
    f"评论:{IMG_INJECTION}我只想用支付宝付钱。": ("comment", ("brand_fit", "bloat"), "negative"),
    "一个小和尚问方丈:师父,我念经的时候可以吸烟吗?": ("body", (), "neutral"),
    "就这个创意给满分~": ("comment", ("pro_social",), "positive"),
}


def _units(doc: Document, schema) -> list[ClassifiedUnit]:
    out = []
    for n, sentence in enumerate(s for s in doc.text.split("\n") if s in LABELS):
        start = doc.text.index(sentence)
        kind, themes, sentiment = LABELS[sentence]
        unit = Unit.from_source(doc.text, doc=doc.id, n=n + 1, start=start, end=start + len(sentence), kind=kind)
        scores = {t: (0.9 if t in themes else 0.1) for t in schema.theme_ids}
        evidence = tuple(Evidence(t, f"{SCRIPT_INJECTION}" if "script" in sentence else sentence[:2], 0.8) for t in themes)
        value = {"positive": 0.7, "neutral": 0.0, "negative": -0.6}[sentiment]
        out.append(ClassifiedUnit(unit, Prediction(themes, scores, sentiment, value, evidence)))
    return out


def make_analysis(schema=None, *, copies: int = 1) -> Analysis:
    """A hand-made analysis: real aggregation over hand-labelled units of two (or more) documents."""
    schema = schema or load_schema()
    docs, units, dropped = [], [], []
    for i in range(copies):
        suffix = "" if copies == 1 else f"_{i}"
        a = Document(id=f"article{suffix}", text=ARTICLE, source=f"in/article{suffix}.txt", encoding="gb18030")
        b = Document(id=f"story{suffix}", text=SECOND, source=f"in/story{suffix}.txt", encoding="utf-8")
        docs += [a, b]
        units += _units(a, schema) + _units(b, schema)
        start = ARTICLE.index("我要回帖")
        dropped.append(Dropped(a.id, start, start + 4, "我要回帖", "reply_button", f"reply button {IMG_INJECTION}"))
    return Analysis.from_units(units, schema, documents=docs, dropped=dropped,
                               model={"name": "hand-made", "version": "test"}, date="2024-01-01T00:00:00+00:00",
                               n_boot=200)


def kind_analysis() -> Analysis:
    """Units of three kinds whose shares are easy to compute by hand (``[kind, themes] * count``).

    title: 2 units, 1 with a theme; body: 14 units, 12 with a theme; comment: 4 units, all with a theme.
    """
    schema = load_schema()
    groups = [("title", ("pro_social",), 1), ("title", (), 1),
              ("body", ("pro_social",), 10), ("body", ("privacy",), 2), ("body", (), 2),
              ("comment", ("privacy",), 3), ("comment", ("pro_social", "brand_fit"), 1)]
    text, units = "", []
    for kind, themes, count in groups:
        for _ in range(count):
            start = len(text)
            text += f"第{len(units) + 1}句。\n"
            units.append((kind, themes, start, len(text) - 1))
    doc = Document("d", text)
    classified = [
        ClassifiedUnit(Unit.from_source(text, doc="d", n=n + 1, start=start, end=end, kind=kind),
                       Prediction(themes, {t: (0.9 if t in themes else 0.1) for t in schema.theme_ids},
                                  "negative" if n % 2 else "positive", 0.0))
        for n, (kind, themes, start, end) in enumerate(units)
    ]
    return Analysis.from_units(classified, schema, documents=[doc], n_boot=100)


class _Tags(HTMLParser):
    """Collect start tags with attributes, ids, and the text of each script element."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict]] = []
        self.scripts: list[tuple[dict, str]] = []
        self._in_script: dict | None = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        self.tags.append((tag, a))
        if tag == "script":
            self._in_script = a
            self.scripts.append((a, ""))

    def handle_endtag(self, tag):
        if tag == "script":
            self._in_script = None

    def handle_data(self, data):
        if self._in_script is not None:
            a, text = self.scripts[-1]
            self.scripts[-1] = (a, text + data)


def _words(html: str) -> str:
    """``html`` without the ``<span lang="en">`` around its English words (as a reader sees the text)."""
    return re.sub(r'<span lang="en">([^<]*)</span>', r"\1", html)


def _parse(html: str) -> _Tags:
    p = _Tags()
    p.feed(html)
    return p


@pytest.fixture(scope="module")
def analysis() -> Analysis:
    return make_analysis()


@pytest.fixture(scope="module")
def html(analysis) -> str:
    return render_report(analysis)


def test_report_shows_injected_comment_as_text(html):
    assert "&lt;script&gt;window.__pwned=1;alert(1)&lt;/script&gt;" in html
    assert "&lt;img src=x onerror=&#34;window.__pwned=2&#34;&gt;" in html
    assert "<script>window" not in html and "<img" not in html
    tags = _parse(html)
    assert [t for t, _ in tags.tags if t == "img"] == []
    assert [a.get("id") for a, _ in tags.scripts] == ["argmine-data", None]
    handlers = [(t, k) for t, a in tags.tags for k in a if k.lower().startswith("on")]
    assert handlers == []


def test_report_data_block_is_escaped_json_that_round_trips(html):
    data_attrs, data = _parse(html).scripts[0]
    assert data_attrs == {"type": "application/json", "id": "argmine-data"}
    assert "<" not in data and ">" not in data and "&" not in data
    terms = {e[1] for u in json.loads(data)["units"] for e in u[6]}
    assert SCRIPT_INJECTION in terms


@pytest.mark.parametrize("text", ["</script><script>x()</script>", "a\u2028b\u2029c", "&amp; <!-- -->"])
def test_safe_json_leaves_no_markup_or_line_separators(text):
    out = safe_json({"t": text})
    assert not set(out) & {"<", ">", "&", "\u2028", "\u2029"}
    assert json.loads(out) == {"t": text}


def test_report_is_self_contained(html):
    tags = _parse(html)
    assert [(t, a["src"]) for t, a in tags.tags if "src" in a] == []
    hrefs = [a["href"] for _, a in tags.tags if "href" in a]
    assert hrefs and all(h.startswith("#") for h in hrefs), hrefs
    assert not re.search(r"url\(\s*['\"]?(https?:)?//", html)
    assert "@import" not in html
    assert "default-src 'none'" in html  # the page may not fetch anything, even if asked to


def test_report_internal_links_all_resolve(html):
    tags = _parse(html)
    ids = {a["id"] for _, a in tags.tags if "id" in a}
    targets = [a["href"][1:] for _, a in tags.tags if a.get("href", "").startswith("#")]
    assert targets
    assert [t for t in targets if t not in ids] == []


def test_report_quotes_link_to_their_unit(analysis, html):
    for theme in analysis.schema.theme_ids:
        for example in analysis.themes[theme]["examples"]:
            assert f'href="#{anchor(example["id"])}"' in html


def test_report_has_one_bar_per_theme(analysis, html):
    chart = re.search(r'<svg id="chart-themes".*?</svg>', html, re.S).group(0)
    assert re.findall(r'<rect class="bar" data-theme="([a-z_]+)"', chart) == list(analysis.schema.theme_ids)
    kinds = re.search(r'<svg id="chart-kinds".*?</svg>', html, re.S).group(0)
    bars = re.findall(r'<rect class="bar" data-theme="([a-z_]+)" data-kind="(\w+)" data-units="(\d+)"', kinds)
    assert [(t, k) for t, k, _ in bars] == [(t, k) for t in analysis.schema.theme_ids for k in ("body", "comment")]
    counts = {(t, k): int(n) for t, k, n in bars}
    assert counts[("privacy", "comment")] == 1 and counts[("privacy", "body")] == 1
    assert counts[("pro_social", "comment")] == 1 and counts[("brand_fit", "body")] == 0


def test_report_kind_chart_shows_each_kinds_share_with_its_count_and_small_groups_marked():
    html = render_report(kind_analysis())
    kinds = re.search(r'<svg id="chart-kinds".*?</svg>', html, re.S).group(0)
    bars = re.findall(r'<rect class="bar" data-theme="(\w+)" data-kind="(\w+)" data-units="(\d+)" data-share="([\d.]*)"'
                      r' x="[\d.]+" y="[\d.]+" width="([\d.]+)"', kinds)
    # shares of each kind's units with a theme, by hand: title 1, body 12, comment 4
    by_hand = {
        ("pro_social", "title"): (1, 1 / 1), ("pro_social", "body"): (10, 10 / 12), ("pro_social", "comment"): (1, 1 / 4),
        ("privacy", "title"): (0, 0.0), ("privacy", "body"): (2, 2 / 12), ("privacy", "comment"): (3, 3 / 4),
        ("brand_fit", "title"): (0, 0.0), ("brand_fit", "body"): (0, 0.0), ("brand_fit", "comment"): (1, 1 / 4),
        ("bloat", "title"): (0, 0.0), ("bloat", "body"): (0, 0.0), ("bloat", "comment"): (0, 0.0),
    }
    assert [(t, k) for t, k, *_ in bars] == list(by_hand)  # titles are a kind of their own, in analyze's order
    assert {(t, k): (int(n), float(s)) for t, k, n, s, _ in bars} == {key: (n, round(s, 4)) for key, (n, s) in by_hand.items()}
    width = {(t, k): float(w) for t, k, _, _, w in bars}
    assert width[("pro_social", "body")] / width[("privacy", "comment")] == pytest.approx((10 / 12) / (3 / 4), abs=0.01)
    labels = [t for _, t in _count_labels(kinds)]
    assert "83.3% (n=10) 正文 body" in labels  # 10 units: not a small group
    # † on a share is its denominator's (the kind's units with a theme): body has 12, comment 4, title 1
    assert "16.7% (n=2) 正文 body" in labels and "75.0% (n=3)† 评论 comment" in labels and "100.0% (n=1)† 标题 title" in labels
    assert "0.0% (n=0)† 标题 title" in labels and "0.0% (n=0) 正文 body" in labels
    assert "of 12 正文 body units with a theme" in kinds and "fewer than 10 units" in kinds
    assert kinds.count('class="mean small"') == sum(1 for n, _ in by_hand.values() if 0 < n < 10)
    assert "By kind 按类型: 标题 title vs 正文 body vs 评论 comment" in _words(html)
    assert ("标题 title (2 units, 1 with a theme), 正文 body (14 units, 12 with a theme), "
            "评论 comment (4 units, 4 with a theme)") in _words(html)
    assert 'id="small-note"' in html
    overall = re.search(r'<svg id="chart-themes".*?</svg>', html, re.S).group(0)
    shares = re.findall(r'<rect class="bar" data-theme="(\w+)" data-units="(\d+)" data-share="([\d.]*)"', overall)
    assert shares == [("pro_social", "12", f"{12 / 17:.4f}"), ("privacy", "5", f"{5 / 17:.4f}"),
                      ("brand_fit", "1", f"{1 / 17:.4f}"), ("bloat", "0", "0.0000")]
    assert "70.6% (n=12)" in [t for _, t in _count_labels(overall)] and "share of the 17 units with a theme" in html


def test_report_kind_without_units_with_a_theme_has_no_share():
    schema = load_schema()
    doc = Document("d", "标题。\n财不外露。")
    units = [ClassifiedUnit(Unit.from_source(doc.text, doc="d", n=1, start=0, end=3, kind="title"),
                            Prediction((), {t: 0.1 for t in schema.theme_ids}, "neutral", 0.0)),
             ClassifiedUnit(Unit.from_source(doc.text, doc="d", n=2, start=4, end=9, kind="body"),
                            Prediction(("privacy",), {t: 0.1 for t in schema.theme_ids}, "negative", -0.5))]
    html = render_report(Analysis.from_units(units, schema, documents=[doc], n_boot=100))
    kinds = re.search(r'<svg id="chart-kinds".*?</svg>', html, re.S).group(0)
    assert re.findall(r'data-kind="title" data-units="0" data-share=""', kinds) and "– (n=0) 标题 title" in kinds
    assert "标题 title (1 unit, 0 with a theme)" in _words(html)


def _count_labels(chart: str) -> list[tuple[float, str]]:
    return [(float(x), unescape(t)) for x, t in re.findall(r'<text x="([\d.]+)" y="[\d.]+" class="count">([^<]*)</text>', chart)]


def _width(text: str, size: float = 11) -> float:
    """A reference estimate of rendered text width: wide characters 1 em, the rest 0.6 em."""
    return sum(size if unicodedata.east_asian_width(c) in "WF" else 0.6 * size for c in text)


@pytest.mark.parametrize("chart_id", ["chart-themes", "chart-kinds"])
def test_report_chart_count_labels_end_before_the_sentiment_panel(analysis, html, chart_id):
    chart = re.search(rf'<svg id="{chart_id}".*?</svg>', html, re.S).group(0)
    panel = min(float(x) for x in re.findall(r'<line x1="([\d.]+)" y1="[\d.]+" x2="[\d.]+" y2="[\d.]+" class="grid"/>', chart))
    labels = _count_labels(chart)
    assert labels and any("评论 comment" in t for _, t in labels) == (chart_id == "chart-kinds")
    assert [(x, t) for x, t in labels if x + _width(t) > panel - 4] == []


def test_report_heat_map_shades_every_cell_on_one_scale_with_a_legend(html):
    # article: 5 units (privacy 2 = 40%, pro_social 1 = 20%); story: 2 units (pro_social 1 = 50%, the map's maximum)
    rows = re.findall(r'<tr><th scope="row" class="doc"><a href="#doc-(\w+)">.*?</tr>', html)
    assert rows == ["article", "story"]
    shade = {}
    for doc, row in zip(rows, re.findall(r'<tr><th scope="row" class="doc">.*?</tr>', html)):
        for theme, alpha in re.findall(r'data-theme="(\w+)" style="background:#[0-9a-f]{6}([0-9a-f]{2})[;"]', row):
            shade[doc, theme] = int(alpha, 16)
    darkest = 255 * 0.85
    assert shade["story", "pro_social"] == round(darkest)
    assert shade["article", "privacy"] == round(darkest * 0.4 / 0.5)  # not the column's own maximum
    assert shade["article", "pro_social"] == round(darkest * 0.2 / 0.5) and shade["story", "privacy"] == 0
    legend = re.search(r'<p class="muted" id="heat-legend">(.*?)</p>', html, re.S).group(1)
    assert "one scale for the whole map" in legend and "全图同一刻度" in legend
    assert re.findall(r"(\d+)%", legend) == ["0", "13", "25", "38", "50"]  # 12.5%: a half goes away from zero (tables.fixed)


def test_report_fixed_labels_are_in_chinese_and_english(html):
    data = json.loads(_parse(html).scripts[0][1])
    header = re.search(r'<p class="stats">(.*?)</p>', _words(html), re.S).group(1)
    assert "<span>4 正文 body</span>" in header and "<span>3 评论 comment</span>" in header
    assert "By kind 按类型: 正文 body vs 评论 comment" in _words(html)
    assert '<span class="s-pos">正面 positive</span> <span class="s-neu">中性 neutral</span> <span class="s-neg">负面 negative</span>' in _words(html)
    assert "主题概率 score 0.90</span> · 负面 negative" in _words(html)  # a quote: the theme's probability and its sentiment
    assert '<small class="reason">[评论框按钮 <span lang="en">reply button &lt;img' in html  # the dropped span's kind, then its reason
    assert data["labels"]["terms"] == {"polarity": "通用情感模型 polarity model"}  # the tooltip names the internal feature
    assert data["labels"]["sentiments"]["negative"] == "负面 negative" and data["labels"]["kinds"]["title"] == "标题 title"
    for js in ('"情感 sentiment: "', '"证据 evidence', "labels.terms", "labels.kinds"):
        assert js in html


def test_dropped_label_hides_the_offset_of_a_repeat_and_names_unknown_rules():
    assert dropped_label("duplicate", "repeats the block at offset 110") == "重复 repeats an earlier block"
    assert dropped_label("duplicate", "a cut-off preview of the block at offset 7") == "重复 a cut-off preview of an earlier block"
    assert dropped_label("zhihu_title", "Zhihu page title") == "知乎页面标题 Zhihu page title"
    assert dropped_label("my_rule", "custom") == "已丢弃 custom"
    assert dropped_label("html_nav", "HTML page navigation") == "网页导航 HTML page navigation"


def test_every_packaged_cleaning_rule_has_a_chinese_label_in_the_report():
    from argmine.clean import BUILTIN_LABELS_ZH, load_rules

    rules = load_rules()
    assert [r.id for r in rules if not r.label_zh] == []
    for rule_id in [r.id for r in rules] + list(BUILTIN_LABELS_ZH):
        assert not dropped_label(rule_id, "why").startswith("已丢弃"), rule_id


def test_report_marks_units_by_theme_and_sentiment(analysis, html):
    privacy = analysis.schema.theme_ids.index("privacy")
    span = re.search(r'<span id="u-article%232" class="([^"]+)"', html)
    assert span and span.group(1).split() == ["u", "s-neg", f"t{privacy}"]
    assert 'data-themes="brand_fit bloat" data-tag="\u2068品牌错位\u2069 · \u2068功能臃肿\u2069" style="box-shadow:inset 0 -3px 0 ' in html


def test_report_shows_dropped_furniture_with_reason(html):
    assert '<span class="dropped" data-rule="reply_button" title="reply button &lt;img' in html
    assert '<input type="checkbox" id="show-dropped" class="screen-only" checked>' in html


def test_report_shows_provenance(html):
    for text in ("in/article.txt", "gb18030", "alipay_social", "hand-made", "2024-01-01T00:00:00+00:00"):
        assert text in html


def test_report_without_limits_hit_has_no_sample_note(html):
    assert 'id="sample-note"' not in html


def test_report_over_doc_limit_renders_sample_with_note():
    a = make_analysis(copies=3)
    html = render_report(a, max_docs=2)
    assert "showing 2 of 6 documents" in html
    assert html.count('<section class="doc"') == 2
    assert "--max-docs 2" in html


def test_report_quote_from_a_document_left_out_of_the_sample_has_no_dangling_link():
    html = render_report(make_analysis(), max_docs=1)  # quotes come from both documents; one is shown
    assert html.count('<section class="doc"') == 1
    assert set(re.findall(r'href="#([^"]+)"', html)) <= set(re.findall(r'\bid="([^"]+)"', html))
    assert "(not in the rendered sample 不在显示的样本中)" in _words(html)


def test_report_over_unit_limit_cuts_document_with_note():
    a = make_analysis()
    html = render_report(a, max_units=2)
    assert 'id="sample-note"' in html and "2 of 7 units" in html
    assert len(re.findall(r'<span id="u-[^"]+" class="u ', html)) == 2
    assert "showing the first 2 units only" in html


def test_report_note_says_the_heat_map_counts_every_unit_of_a_document_cut_by_max_units():
    """The article (5 units) is cut to 2 in the documents section; its heat-map row still counts all 5, and the
    note and the caption say so rather than "2 of 7 units in the heat map"."""
    html = render_report(make_analysis(), max_units=2)
    note = unescape(re.search(r'<p class="note" id="sample-note">(.*?)</p>', _words(html), re.S).group(1))
    assert note.startswith("样本 Sample: showing 1 of 2 documents and 2 of 7 units in the documents section; "
                           "the heat map counts every unit of those documents, 5 of 7 (limits: ")
    rows = re.findall(r'<tr><th scope="row" class="doc">.*?</th><td>(\d+)</td>', html)
    assert rows == ["5"]
    assert "(the documents of the rendered sample, each with all its units 显示样本中的文档及其全部单元)</caption>" in _words(html)
    # with no document cut, the heat map holds exactly the rendered units and the note says so
    note = re.search(r'<p class="note" id="sample-note">(.*?)</p>', render_report(make_analysis(), max_docs=1), re.S).group(1)
    assert "showing 1 of 2 documents and 5 of 7 units in the heat map and the documents section (limits: " in note


def test_report_escapes_schema_text_and_rejects_css_colours():
    schema = parse_schema({
        "schema": {"id": "x", "target": "<b>target</b>"},
        "themes": [{"id": "a", "name_zh": "<script>alert(3)</script>", "color": "red;}</style><script>"},
                   {"id": "b", "name_en": "B & <i>b</i>", "color": "#abc"}],
    })
    doc = Document("d", "甲乙。丙。")
    units = [ClassifiedUnit(Unit.from_source(doc.text, doc="d", n=1, start=0, end=3, kind="body"),
                            Prediction(("a",), {"a": 0.8, "b": 0.2}, "neutral", 0.0)),
             ClassifiedUnit(Unit.from_source(doc.text, doc="d", n=2, start=3, end=5, kind="comment"),
                            Prediction(("b",), {"a": 0.1, "b": 0.7}, "positive", 0.5))]
    html = render_report(Analysis.from_units(units, schema, documents=[doc], n_boot=100))
    assert "<script>alert" not in html and "<b>" not in html and "<i>" not in html
    assert "&lt;script&gt;alert(3)&lt;/script&gt;" in html
    assert "red;}" not in html and "#aabbcc" in html


def test_report_of_empty_analysis_still_has_one_bar_per_theme():
    schema = load_schema()
    html = render_report(Analysis.from_units([], schema, n_boot=100))
    chart = re.search(r'<svg id="chart-themes".*?</svg>', html, re.S).group(0)
    assert chart.count('<rect class="bar"') == len(schema.themes)
    assert "0 units" in html and 'id="sample-note"' not in html


@pytest.mark.parametrize("kwargs, message", [
    ({"max_docs": 0}, "max_docs must be an integer >= 1, found 0"),
    ({"max_units": -1}, "max_units must be an integer >= 1, found -1"),
    ({"max_docs": "5"}, "max_docs must be an integer >= 1, found '5'"),
    ({"max_units": 2.5}, "max_units must be an integer >= 1, found 2.5"),
    ({"max_units": True}, "max_units must be an integer >= 1, found True"),
])
def test_report_rejects_bad_limits_naming_the_keyword_argument(analysis, kwargs, message):
    """The library names its own argument (``max_units``, not the CLI's ``--max-units``) and says a whole number is wanted."""
    with pytest.raises(ReportError) as e:
        render_report(analysis, **kwargs)
    assert str(e.value) == message


def test_report_takes_numpy_integers_as_limits(analysis):
    """A count from numpy or pandas (``df["n"].sum()``) is an integer: taken as the int it is, not refused with
    "must be an integer ..., found np.int64(5)"."""
    np = pytest.importorskip("numpy")
    assert render_report(analysis, max_docs=np.int32(1), max_units=np.int64(2)) == render_report(analysis, max_docs=1, max_units=2)
    with pytest.raises(ReportError) as e:
        render_report(analysis, max_units=np.int64(0))
    assert str(e.value) == "max_units must be an integer >= 1, found np.int64(0)"


def test_write_report_writes_utf8_file(analysis, tmp_path):
    out = write_report(analysis, tmp_path / "sub" / "report.html")
    assert out.read_text("utf-8").startswith("<!DOCTYPE html>")


def test_write_report_names_unwritable_path(analysis, tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    with pytest.raises(ReportError, match=r"cannot write the report"):
        write_report(analysis, blocker / "report.html")


def test_write_report_into_a_folder_says_what_to_pass(analysis, tmp_path):
    (tmp_path / "report.html").mkdir()
    with pytest.raises(ReportError) as e:
        write_report(analysis, tmp_path / "report.html")
    assert str(e.value) == f"{tmp_path / 'report.html'}: cannot write the report (Is a directory); pass a file path in an existing, writable directory"


def test_write_report_given_an_open_file_appends_to_it_as_the_shells_append_asks(analysis, tmp_path):
    log = tmp_path / "app.log"
    log.write_text("PREVIOUS LINE\n", encoding="utf-8")
    with open(log, "a", encoding="utf-8") as appended:  # what `python script.py >> app.log` hands /dev/stdout
        write_report(analysis, f"/dev/fd/{appended.fileno()}")
    assert log.read_text("utf-8") == "PREVIOUS LINE\n" + render_report(analysis)


@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="needs /dev/full (every write fails: No space left on device)")
def test_write_report_on_a_full_disk_says_the_disk_is_full(analysis):
    with pytest.raises(ReportError) as e:
        write_report(analysis, "/dev/full")
    assert str(e.value) == ("/dev/full: cannot write the report (No space left on device); "
                            "the disk is full: free some space on it, or write to another disk")


# --- CLI -------------------------------------------------------------------


def _cli(args):
    from click.testing import CliRunner

    from argmine.cli import main

    return CliRunner().invoke(main, args, catch_exceptions=False)


def test_cli_report_writes_page_for_inputs(tmp_path):
    (tmp_path / "a.txt").write_text(ARTICLE, encoding="utf-8")
    (tmp_path / "b.txt").write_text(SECOND, encoding="gb18030")
    out = tmp_path / "out" / "report.html"
    result = _cli(["report", str(tmp_path / "a.txt"), str(tmp_path / "b.txt"), "-o", str(out), "--model", "lexicon", "-q"])
    assert result.exit_code == 0, result.output
    html = out.read_text("utf-8")
    assert "&lt;script&gt;window.__pwned=1" in html and "<script>window" not in html
    assert html.count('<section class="doc"') == 2
    assert "gb18030" in html.lower()


def test_cli_report_max_docs_samples_with_note(tmp_path):
    for i in range(3):
        (tmp_path / f"{i}.txt").write_text(SECOND, encoding="utf-8")
    out = tmp_path / "report.html"
    result = _cli(["report", str(tmp_path), "-o", str(out), "--model", "lexicon", "--max-docs", "1", "-q"])
    assert result.exit_code == 0, result.output
    assert "showing 1 of 3 documents" in out.read_text("utf-8")


def test_cli_report_bad_input_is_one_line_and_others_still_reported(tmp_path):
    (tmp_path / "good.txt").write_text(SECOND, encoding="utf-8")
    out = tmp_path / "report.html"
    result = _cli(["report", str(tmp_path / "good.txt"), str(tmp_path / "missing.txt"), "-o", str(out), "--model", "lexicon", "-q"])
    assert result.exit_code == 1
    errors = [line for line in result.output.splitlines() if line.startswith("argmine: error:")]
    assert errors[0].startswith(f"argmine: error: {tmp_path / 'missing.txt'}: ")
    assert "Traceback" not in result.output
    page = out.read_text("utf-8")
    assert "一个小和尚" in page
    assert "Failed inputs 读取失败 (1)" in _words(page) and "missing.txt: no such file or directory" in page


def test_cli_report_counts_failed_records_not_message_lines(tmp_path):
    # five records lack the text field: three are listed, two summed up in one line
    (tmp_path / "m.jsonl").write_text('{"text": "财不外露。"}\n' + '{"body": "一。"}\n' * 5, encoding="utf-8")
    out = tmp_path / "report.html"
    result = _cli(["report", str(tmp_path / "m.jsonl"), "-o", str(out), "--model", "lexicon", "-q"])
    assert result.exit_code == 1
    assert "argmine: error: 5 inputs failed" in result.output
    page = out.read_text("utf-8")
    assert "Failed inputs 读取失败 (5)" in _words(page) and page.count('<li>' + str(tmp_path / "m.jsonl")) == 4


def test_cli_report_lists_failed_inputs_as_the_cli_prints_them(tmp_path):
    """A U+202E in a failed file's name is escaped in the page as on stderr (``\\u202e``): it cannot reverse the line."""
    (tmp_path / f"evil{RLO}txt.gnp.txt").write_bytes(b"")
    (tmp_path / "ok.txt").write_text(SECOND, encoding="utf-8")
    out = tmp_path / "report.html"
    result = _cli(["report", str(tmp_path), "-o", str(out), "--model", "lexicon", "-q"])
    assert result.exit_code == 1
    printed = [line.removeprefix("argmine: error: ") for line in result.output.splitlines() if "evil" in line]
    assert printed == [f"{tmp_path}/evil\\u202etxt.gnp.txt: file is empty; there is nothing to segment (remove it or add text)"]
    page = out.read_text("utf-8")
    items = [unescape(li) for li in re.findall(r"<li>(.*?)</li>", re.search(r'<ul class="failed">(.*?)</ul>', page, re.S).group(1))]
    assert items == printed
    assert RLO not in page


@pytest.mark.parametrize("option", ["--max-docs", "--max-units"])
def test_cli_report_rejects_zero_limit(tmp_path, option):
    result = _cli(["report", str(tmp_path), option, "0"])
    assert result.exit_code == 2 and f"Invalid value for '{option}'" in result.output


RLO = "\u202e"


class _Bidi(HTMLParser):
    """Where each U+202E of the page sits: text not inside an isolating element, and plain text not in FSI…PDI."""

    ISOLATING = {"u", "dropped"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack: list[tuple[str, bool]] = []
        self.leaks: list[str] = []

    @staticmethod
    def _open_plain(text: str) -> bool:
        return RLO in re.sub("\u2068[^\u2068\u2069]*\u2069", "", text)

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        for k, v in a.items():
            if v and self._open_plain(v):
                self.leaks.append(f"{tag}[{k}]={v!r}")
        if tag not in ("meta", "br", "input", "line", "rect", "circle", "i"):
            isolating = tag in ("bdi", "text") or bool(self.ISOLATING & set((a.get("class") or "").split()))
            self.stack.append((tag, isolating))

    def handle_endtag(self, tag):
        while self.stack:
            if self.stack.pop()[0] == tag:
                break

    def handle_data(self, data):
        if RLO not in data:
            return
        tags = [t for t, _ in self.stack]
        if "script" in tags:
            return
        if tags and tags[-1] == "title":  # plain text: the page title, SVG tooltips
            if self._open_plain(data):
                self.leaks.append(f"title {data!r}")
        elif not any(iso for _, iso in self.stack):
            self.leaks.append(f"{'/'.join(tags)} {data!r}")


def test_report_isolates_input_text_so_bidi_controls_cannot_reorder_the_page():
    """A right-to-left override in an id, a unit, a gap, a theme name or a path stays inside that text."""
    schema = parse_schema({
        "schema": {"id": f"s{RLO}x", "target": f"{RLO}延迟退休"},
        "themes": [{"id": "a", "name_zh": f"{RLO}养老金", "name_en": "pension"},
                   {"id": "b", "name_en": f"{RLO}health"}],
    })
    text = f"养老{RLO}金不够。{RLO}\n身体扛不住。"
    doc = Document(f"{RLO}evil_id", text, source=f"in/{RLO}d.txt")
    units = [ClassifiedUnit(Unit.from_source(text, doc=doc.id, n=1, start=0, end=6, kind="body"),
                            Prediction(("a",), {"a": 0.75, "b": 0.2}, "negative", -0.5, (Evidence("a", f"{RLO}养老", 0.8),))),
             ClassifiedUnit(Unit.from_source(text, doc=doc.id, n=2, start=8, end=14, kind="comment"),
                            Prediction(("b",), {"a": 0.1, "b": 0.7}, "negative", -0.5))]
    html = render_report(Analysis.from_units(units, schema, documents=[doc], n_boot=100))
    p = _Bidi()
    p.feed(html)
    assert html.count(RLO) > 10 and p.leaks == []
    assert re.search(r"bdi, \.u, \.dropped, \.chart text \{ unicode-bidi:isolate; \}", html)
    # the quote's meta line: the id is isolated (and its control shown escaped, as the text tables show it),
    # so "[0:6]" and "0.75" read left to right after it
    assert "<bdi>\\u202eevil_id</bdi> [0:6]</a> · 正文 <span lang=\"en\">body</span> · <span" in html and "score 0.75" in _words(html)
    # the tooltip script puts ids, theme names and evidence terms in <bdi> too
    assert html.count('"bdi"') >= 4


def test_report_chart_shortens_a_long_theme_name_and_keeps_it_whole_in_the_tooltip():
    zh, en = "这是一个非常非常长的主题名称用来测试图表和报告的布局是否溢出", "a very very long English theme name to test chart and report layout overflow"
    schema = parse_schema({"schema": {"id": "x"}, "themes": [{"id": "a", "name_zh": zh, "name_en": en}]})
    doc = Document("d", "甲乙。")
    units = [ClassifiedUnit(Unit.from_source(doc.text, doc="d", n=1, start=0, end=3, kind="body"),
                            Prediction(("a",), {"a": 0.8}, "neutral", 0.0))]
    html = render_report(Analysis.from_units(units, schema, documents=[doc], n_boot=100))
    chart = re.search(r'<svg id="chart-themes".*?</svg>', html, re.S).group(0)
    labels = re.findall(r'<text [^>]*class="(?:label|sublabel)"[^>]*><title>([^<]*)</title>([^<]*)</text>', chart)
    assert len(labels) == 2
    for title, shown in labels:
        assert unescape(title) == f"\u2068{zh}\u2069 (\u2068{en}\u2069)"
        # right-aligned at x=222, the label must fit the 230 px column (13 px names, 10 px English sublabels)
        assert shown.endswith("…") and _text_width(shown, 13 if shown[0] == "这" else 10) <= 214


def test_report_heat_map_counts_are_white_on_dark_fills():
    schema = parse_schema({"schema": {"id": "x"},
                           "themes": [{"id": "a", "name_en": "a", "color": "#123456"},
                                      {"id": "b", "name_en": "b", "color": "#264653"},
                                      {"id": "c", "name_en": "c", "color": "#e9c46a"}]})
    doc = Document("d", "甲乙。")
    units = [ClassifiedUnit(Unit.from_source(doc.text, doc="d", n=1, start=0, end=3, kind="body"),
                            Prediction(("a", "b", "c"), {"a": 0.8, "b": 0.8, "c": 0.8}, "neutral", 0.0))]
    html = render_report(Analysis.from_units(units, schema, documents=[doc], n_boot=100))
    cells = dict(re.findall(r'<td class="cell" data-theme="(\w)" style="background:#\w+;color:(#\w+)"', html))
    assert cells == {"a": "#ffffff", "b": "#ffffff", "c": "#000000"}


def test_report_shows_ids_with_control_characters_escaped_as_the_text_tables_do():
    """A line break or a tab in a document id (a quoted CSV cell) reads ``a\\nb``, not ``a b``, in the heat map,
    the quotes, the document's heading and the tooltip data."""
    schema = load_schema()
    docs = [Document("a\nb", "支付宝做社交是对的。", source="in/t.csv:1"), Document("\tTab", "社交挺好。", source="in/t.csv:2")]
    units = [ClassifiedUnit(Unit.from_source(d.text, doc=d.id, n=1, start=0, end=len(d.text), kind="comment"),
                            Prediction(("pro_social",), {t: 0.9 if t == "pro_social" else 0.1 for t in schema.theme_ids}, "positive", 0.5))
             for d in docs]
    html = render_report(Analysis.from_units(units, schema, documents=docs, n_boot=100))
    for shown in ("a\\nb", "\\tTab"):
        assert html.count(f"<bdi>{shown}</bdi>") >= 3  # heat map row, quote, heading
    assert "a\nb" not in html and "\tTab" not in html
    data = json.loads(re.search(r'<script type="application/json" id="argmine-data">(.*?)</script>', html, re.S).group(1))
    assert [u[0] for u in data["units"]] == ["a\\nb#1", "\\tTab#1"]
    assert {a for a in re.findall(r'href="#(u-[^"]+)"', html)} <= set(re.findall(r'\bid="([^"]+)"', html))



def test_report_chart_and_heat_map_print_figures_rounded_from_the_exact_ratio():
    from tests.test_analysis import labelled

    # pro_social 14 of 17 units with a theme (0.8235 in the JSON: 82.3% when rounded again); brand_fit's mean is 1/8
    a = labelled([(("pro_social", "brand_fit"), "neutral", 5), (("pro_social",), "positive", 9),
                  (("brand_fit",), "positive", 1), (("brand_fit",), "neutral", 2)])
    assert a.themes["pro_social"]["share"] == 0.8235 and a.themes["brand_fit"]["sentiment"]["mean"] == 0.125
    chart = re.search(r'<svg id="chart-themes".*?</svg>', render_report(a), re.S).group(0)
    titles = dict(re.findall(r'<rect class="bar" data-theme="(\w+)"[^>]*><title>([^<]*)</title>', chart))
    assert unescape(titles["pro_social"]).split(": ", 1)[1].startswith("82.4% (n=14) of 17 units with a theme")
    assert "47.1% (n=8) of 17 units with a theme 有主题单元 (95% CI [26.2%, 69.0%]); 平均情感 mean sentiment +0.13 [" in unescape(titles["brand_fit"])
    assert 'data-share="0.8235"' in chart  # the attribute keeps the JSON's value
    # the heat map's cells: 1 of 8 units is 12.5%, printed 13% ('%.0f' printed 12%)
    heat = render_report(labelled([(("privacy",), "neutral", 1), ((), "neutral", 7)]))
    assert re.search(r'data-theme="privacy"[^>]*title="[^"]*: 1 of 8 units \(13%\)"', heat)
    # the legend's steps: exact quarters of the largest share, 7/10 (17.5% is 18%, 52.5% is 53%)
    heat = render_report(labelled([(("privacy",), "neutral", 7), ((), "neutral", 3)]))
    legend = re.search(r'id="heat-legend".*?</div>', heat, re.S).group(0)
    assert re.findall(r"</i>\s*([^<\s]+)", legend) == ["0%", "18%", "35%", "53%", "70%"]


def _css(html: str) -> str:
    return re.search(r"<style>(.*?)</style>", html, re.S).group(1)


def test_report_wraps_long_unbroken_strings_instead_of_widening_the_page(html):
    """A 600-character URL in a quote or a 400-character id wraps (every element but the heat map's counts inherits
    the body's rule); no rule keeps input text on one line."""
    css = _css(html)
    assert re.search(r"\nbody \{[^}]*overflow-wrap:anywhere", css)
    assert "text-overflow:ellipsis" not in css
    assert [rule for rule in re.findall(r"[^{}]+\{[^}]*white-space:nowrap", css) if ".sr-only" not in rule] == []


def test_report_heat_map_counts_never_break_inside_a_number(html):
    """``353`` is never drawn as 3/5/3 in a narrow column: the counts (the map's only ``td``) opt out of the body's
    ``overflow-wrap:anywhere``, and a map wider than the window scrolls sideways inside its box, also in print."""
    css = _css(html)
    assert re.search(r"\n#heatmap td \{ overflow-wrap:normal; word-break:normal; \}", css)
    assert re.search(r"\n\.scroll-x \{ overflow-x:auto; \}", css)
    assert re.search(r"@media print \{[^@]*\.scroll-x \{ overflow:visible; container-type:inline-size; \}", css)
    assert re.search(r'<div class="scroll-x">\s*<table id="heatmap">.*?</table>\s*</div>', html, re.S)
    cells = re.findall(r"<td[^>]*>(.*?)</td>", re.search(r'<table id="heatmap">.*?</table>', html, re.S).group(0))
    assert cells and all(c.isdigit() for c in cells)  # nothing but counts takes the rule


def test_report_heat_map_print_type_fits_the_paper(analysis, html):
    """In print the map's type is 7pt, or smaller where the paper's width (100cqi, less a pixel per border) over the
    map's narrowest width in ems (``_print_ems``: the widest count of each column) is smaller: every column fits."""
    from argmine.report import _print_ems

    rows = [{"units": 1200, "cells": [{"count": 1200}] * 30}, {"units": 3, "cells": [{"count": 0}] * 30}]
    assert _print_ems(rows) == 94.9  # 5 + 31 columns of 4 digits: 31 x (4 x .65 + 2 x .15)
    assert _print_ems([{"units": 7, "cells": [{"count": 1}]}]) == 8.0  # 5 + 2 x (1.2 + .3): a swatch is wider than a digit
    n = len(analysis.schema.theme_ids)
    heat = re.search(r'<table id="heatmap">.*?</table>', html, re.S).group(0)
    counts = [[int(c) for c in re.findall(r"<td[^>]*>(\d+)</td>", tr)] for tr in re.findall(r"<tr><th scope=\"row\".*?</tr>", heat)]
    ems = _print_ems([{"units": r[0], "cells": [{"count": c} for c in r[1:]]} for r in counts])
    print_css = re.search(r"@media print \{(.*?)\n\}", _css(html), re.S).group(1)
    assert f"font-size:7pt;\n    font-size:min(7pt, calc((100cqi - {n + 3}px) / {ems})); }}" in print_css
    assert "#heatmap th.doc { min-width:5em; }" in print_css


def test_report_prints_its_colours_and_hides_the_controls(html):
    print_css = re.search(r"@media print \{(.*?)\n\}", _css(html), re.S).group(1)
    assert re.search(r"body \{[^}]*-webkit-print-color-adjust:exact; print-color-adjust:exact", print_css)
    assert re.search(r"\.screen-only[^{]*\{ display:none", print_css)
    assert re.search(r"blockquote, tr[^{]*\{ break-inside:avoid", print_css)
    assert '<input type="checkbox" id="show-dropped" class="screen-only" checked> <label for="show-dropped" class="screen-only">' in html
    assert '<span class="screen-only" lang="en"> Hover a bar or dot for its numbers.</span>' in html


def test_report_units_with_a_theme_take_the_focus_and_are_described_in_words(analysis, html):
    """Not by colour alone: a unit with a theme is focusable (its tooltip opens on focus) and described by the
    hidden labels of its themes and sentiment; a unit without a theme is not a tab stop."""
    ids = analysis.schema.theme_ids
    span = re.search(r'<span id="u-article%235" [^>]*>', html).group(0)  # brand_fit + bloat, negative
    assert f'tabindex="0" aria-describedby="lt{ids.index("brand_fit")} lt{ids.index("bloat")} ls-neg"' in span
    labels = re.search(r'<div id="unit-labels" hidden>(.*?)</div>', html).group(1)
    said = {i: unescape(re.sub(r"<[^>]+>", "", t)) for i, t in re.findall(r'<span id="(l[\w-]+)">(.*?)</span>(?=<span id=|$)', labels)}
    assert said[f'lt{ids.index("bloat")}'] == "主题 theme: 功能臃肿 (bloat)."
    assert said["ls-neg"] == "情感 sentiment: 负面 negative." and "ls-pos" in said and "ls-neu" in said
    story = re.search(r'<span id="u-story%231" [^>]*>', html).group(0)  # no theme
    assert "tabindex" not in story and "aria-describedby" not in story
    script = _parse(html).scripts[1][1]
    assert 'addEventListener("focusin"' in script and 'ev.key === "Escape"' in script


def test_report_charts_are_named_and_described_by_a_table_of_their_figures(analysis, html):
    for chart_id in ("chart-themes", "chart-kinds"):
        svg = re.search(rf'<svg id="{chart_id}"[^>]*>', html).group(0)
        assert 'role="img" aria-label="Bar chart 条形图: per theme' in svg
        assert f'aria-describedby="{chart_id}-data"' in svg
        body = re.search(rf'<tbody id="{chart_id}-data">(.*?)</tbody>', html, re.S).group(1)
        chart = re.search(rf'<svg id="{chart_id}".*?</svg>', html, re.S).group(0)
        bars = re.findall(r'<rect class="bar"[^>]*><title>[^<]*: ([^<]*?) of ', chart)
        kind_cells = "{1}" if chart_id == "chart-kinds" else "{0}"  # the kind chart's rows name their kind
        rows = re.findall(rf'<tr><th scope="row">.*?</th>(?:<td>(?:[^<]|<span lang="en">[^<]*</span>)*</td>){kind_cells}<td>([^<]*)</td>', body)
        assert rows == bars and len(rows) == len(re.findall(r'<rect class="bar"', chart)) > 0
    # tables have captions; the heat map's document names are row headers
    assert html.count("<caption") == html.count("<table") == 5
    assert re.findall(r'<th scope="row" class="doc"><a href="#doc-(\w+)"', html) == ["article", "story"]


def test_report_without_any_theme_says_so_instead_of_a_heat_map():
    schema = load_schema()
    doc = Document("d", "甲乙。丙丁。")
    units = [ClassifiedUnit(Unit.from_source(doc.text, doc="d", n=n + 1, start=3 * n, end=3 * n + 3, kind="body"),
                            Prediction((), {t: 0.1 for t in schema.theme_ids}, "neutral", 0.0)) for n in range(2)]
    html = render_report(Analysis.from_units(units, schema, documents=[doc], n_boot=100))
    heat = re.search(r'<section id="heat">(.*?)</section>', html, re.S).group(1)
    assert 'id="heatmap"' not in heat and 'id="heat-legend"' not in heat and "0%" not in heat
    assert '<p class="muted" id="heat-none">No unit carries a theme. 没有单元带主题。</p>' in _words(heat)


def test_report_generator_tag_names_the_argmine_version_that_wrote_it(analysis, html):
    version = analysis.to_dict()["provenance"]["argmine"]
    assert version
    assert f'<meta name="generator" content="argmine {version}">' in html


def _luminance(rgb: tuple[float, float, float]) -> float:
    """WCAG 2 relative luminance of an sRGB colour (channels 0-255)."""
    lin = [c / 255 / 12.92 if c / 255 <= 0.04045 else ((c / 255 + 0.055) / 1.055) ** 2.4 for c in rgb]
    return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]


def contrast(a: tuple[float, float, float], b: tuple[float, float, float]) -> float:
    """WCAG 2 contrast ratio of two sRGB colours."""
    la, lb = sorted((_luminance(a), _luminance(b)))
    return (lb + 0.05) / (la + 0.05)


def _hex(color: str) -> tuple[int, int, int]:
    color = color.lstrip("#")
    if len(color) == 3:
        color = "".join(c * 2 for c in color)
    return int(color[0:2], 16), int(color[2:4], 16), int(color[4:6], 16)


def test_heat_map_ink_reads_at_least_4_5_to_1_on_any_fill():
    """WCAG AA for the heat map's counts, whatever the theme's colour and the cell's shade: over a sweep of colours
    (every channel in steps of 17, the palette) and every alpha a cell can have (0-255 over white), the ink
    ``ink_on`` picks reaches 4.5:1 (#222 as the dark ink gave 4.08:1 on #264653 at alpha 0xad)."""
    from itertools import product

    from argmine.report import ink_on
    from argmine.schema import PALETTE

    colours = [f"#{r:02x}{g:02x}{b:02x}" for r, g, b in product(range(0, 256, 17), repeat=3)] + list(PALETTE)
    worst = min(
        (contrast(_hex(ink_on(c, a / 255)), tuple(a / 255 * v + (1 - a / 255) * 255 for v in _hex(c))), c, a)
        for c in colours for a in range(0, 256, 3)
    )
    assert worst[0] >= 4.5, worst
    assert contrast(_hex(ink_on("#264653", 0xad / 255)), tuple(0xad / 255 * v + (1 - 0xad / 255) * 255 for v in _hex("#264653"))) >= 4.5


def test_report_dropped_text_and_its_reason_read_at_least_4_5_to_1_on_both_stripes(html):
    """The greyed page furniture and its reason (``[知乎页面标题 Zhihu page title]``, information, not decoration)
    meet WCAG AA on either stripe of their background (#aaa and #999 gave 2.0-2.7:1)."""
    css = _css(html)
    dropped = re.search(r"\n\.dropped \{([^}]*)\}", css).group(1)
    reason = re.search(r"\n\.dropped \.reason \{([^}]*)\}", css).group(1)
    stripes = set(re.findall(r"#[0-9a-f]{6}\b", re.search(r"background:([^;]*)", dropped).group(1)))
    assert len(stripes) == 2
    for rule in (dropped, reason):
        ink = re.search(r"(?:^|;|\s)color:(#[0-9a-f]{3,6})", rule).group(1)
        assert min(contrast(_hex(ink), _hex(s)) for s in stripes) >= 4.5, (rule, ink)


def test_report_legend_keys_are_no_units(html):
    """The documents legend's tinted keys are not ``.u`` (the script's units): hovering one opened unit #1's tooltip
    (or, with no unit, threw a TypeError); the script only takes elements with data."""
    legend = re.search(r'<p class="legend">(?:(?!</p>).)*other(?:(?!</p>).)*</p>', html, re.S).group(0)
    assert 'class="u' not in legend and "data-i" not in legend
    assert re.findall(r'<span class="key t(\d)">', legend) == ["0", "1", "2", "3"]
    assert 'closest(".u[data-i]")' in _parse(html).scripts[1][1]


def test_report_without_script_hides_the_hint_and_toggles_dropped_by_css(html):
    """With JavaScript off the page promises no tooltip (the hint is ``hidden`` until the script shows it) and the
    "show dropped page furniture" checkbox still works: the checkbox precedes the legend and the documents, and
    a CSS sibling rule hides the dropped spans when it is cleared."""
    assert re.search(r'<p class="muted screen-only" id="unit-hint" hidden>', html)
    assert 'document.getElementById("unit-hint").hidden = false;' in _parse(html).scripts[1][1]
    assert "\n#show-dropped:not(:checked) ~ * .dropped { display:none; }" in _css(html)
    documents = re.search(r'<section id="documents">(.*)', html, re.S).group(1)
    assert documents.index('id="show-dropped"') < documents.index('<p class="legend">') < documents.index('class="doc"')
    assert "hide-dropped" not in html


def test_report_has_one_main_landmark_holding_every_section(html):
    """Screen-reader users jump to the content by landmark: the header is the banner, the sections are in ``<main>``."""
    assert html.count("<main>") == html.count("</main>") == 1
    main = html[html.index("<main>"):html.index("</main>")]
    assert re.findall(r'<section id="([a-z]+)"', main) == ["themes", "heat", "quotes", "documents", "provenance"]
    assert html.index("</header>") < html.index("<main>")


class _Language(HTMLParser):
    """English words (3+ letters) of the page's own text that no ``lang="en"`` element holds.

    Input text is left out: ``<bdi>`` (ids, names, quotes), the documents' text, the provenance tables' cells and
    the failed inputs; so are the head, scripts and SVG (``role="img"``: read by its name and its figure table).
    """

    VOID = {"meta", "br", "input", "i", "line", "rect", "circle", "link"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack: list[tuple[str, bool]] = []
        self.leaks: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag in self.VOID:
            return
        a = dict(attrs)
        classes = (a.get("class") or "").split()
        skip = (a.get("lang") == "en" or tag in ("bdi", "head", "script", "style", "svg", "td", "li")
                or "text" in classes or (tag == "th" and a.get("scope") == "row"))
        self.stack.append((tag, skip))

    def handle_startendtag(self, tag, attrs):
        pass  # <line/>, <rect/>: nothing inside

    def handle_endtag(self, tag):
        while tag in (t for t, _ in self.stack):
            if self.stack.pop()[0] == tag:
                break

    def handle_data(self, data):
        if any(skip for _, skip in self.stack):
            return
        words = [w for w in re.findall(r"[A-Za-z]{3,}", data) if w != "argmine"]
        if words:
            self.leaks.append(f"{'/'.join(t for t, _ in self.stack)}: {data.strip()[:60]!r}")


def test_report_marks_its_english_text_lang_en(analysis):
    """The page is ``zh-Hans``; its English halves (headings, stats, nav, notes, legends, kind and sentiment labels,
    the figure tables' headers, English theme names) carry ``lang="en"``, so that a screen reader switches voice."""
    html = render_report(analysis, max_units=3)  # the sample note and a cut document too
    p = _Language()
    p.feed(html)
    assert p.leaks == []
    assert '<bdi lang="en">privacy &amp; safety</bdi>' in html  # a theme's English name
    assert '<td>评论 <span lang="en">comment</span></td>' in html  # the kind chart's figure table
    assert '<span id="ls-neg">情感 <span lang="en">sentiment</span>: 负面 <span lang="en">negative</span>.</span>' in html
    # a rule for "span" inside a block would also lay out the lang spans inside its items (a margin mid-sentence)
    css = re.sub(r"/\*.*?\*/", "", _css(html), flags=re.S)
    selectors = [sel.strip() for rule in re.findall(r"([^{}]+)\{", css) for sel in rule.split(",") if re.search(r"\bspan\b", sel)]
    assert selectors == [".stats > span", ".legend > span"]


def test_report_charts_print_each_mean_and_interval_beside_its_dot(analysis, html):
    """Mean sentiment and its 95% interval are text right of the sentiment panel, one per bar, the figures of the
    figure table (they were in hover titles and the hidden table only: no keyboard, touch or print)."""
    for chart_id in ("chart-themes", "chart-kinds"):
        chart = re.search(rf'<svg id="{chart_id}".*?</svg>', html, re.S).group(0)
        body = re.search(rf'<tbody id="{chart_id}-data">(.*?)</tbody>', html, re.S).group(1)
        table = [re.findall(r"<td>([^<]*)</td></tr>", row)[0] for row in re.findall(r"<tr>.*?</tr>", body)]
        texts = re.findall(r'<text x="([\d.]+)" y="[\d.]+" class="mean-text">([^<]*)</text>', chart)
        assert [t for _, t in texts] == table and len(texts) == chart.count('<rect class="bar"')
        panel_end = max(float(x) for x in re.findall(r'<line x1="([\d.]+)"[^>]*class="(?:grid|zero)"', chart))
        assert all(float(x) > panel_end for x, _ in texts)
        view_w = float(re.search(r'viewBox="0 0 ([\d.]+) ', chart).group(1))
        assert all(float(x) + _text_width(t) <= view_w for x, t in texts)
        # (the interval's marks after it, as the text tables print them: † few units, ‡ all with one label)
        assert all(re.fullmatch(r"[-+]\d\.\d\d \[[-+]\d\.\d\d, [-+]\d\.\d\d\]†?‡?|n/a", t) for _, t in texts), texts


def test_report_prints_each_units_themes_in_words(analysis, html):
    """On paper the tooltip is gone and the tints are near the same grey: each unit with a theme carries its theme
    names (``data-tag``, each isolated), printed before it."""
    span = re.search(r'<span id="u-article%235" [^>]*>', html).group(0)  # brand_fit + bloat
    assert 'data-tag="\u2068品牌错位\u2069 · \u2068功能臃肿\u2069"' in span
    assert "data-tag" not in re.search(r'<span id="u-story%231" [^>]*>', html).group(0)  # no theme
    print_css = re.search(r"@media print \{(.*?)\n\}", _css(html), re.S).group(1)
    assert '.u[data-tag]::before { content:"[" attr(data-tag) "] ";' in print_css


def _figure_rows(html: str, chart_id: str) -> list[list[str]]:
    """The cells of a chart's figure table, as a reader hears them (``lang`` spans taken out)."""
    body = re.search(rf'<tbody id="{chart_id}-data">(.*?)</tbody>', html, re.S).group(1)
    return [[unescape(re.sub(r"<[^>]+>", "", c)) for c in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row)]
            for row in re.findall(r"<tr>.*?</tr>", body)]


def test_report_marks_a_zero_width_interval_as_the_table_does_and_shows_the_label_counts():
    # 12 units, all negative: no small group, yet [-1.00, -1.00] is unanimity, not precision (the table's ‡)
    from argmine.tables import _NOTES
    from tests.test_analysis import labelled

    a = labelled([(("privacy",), "negative", 12), (("pro_social",), "positive", 6), (("pro_social",), "neutral", 6)])
    assert "-1.00 [-1.00, -1.00]‡" in a.table(width=100)
    html = render_report(a)
    overall = {r[0]: r[1:] for r in _figure_rows(html, "chart-themes")}
    assert overall["隐私与安全担忧 (privacy & safety)"] == ["50.0% (n=12)", "of 24", "[31.4%, 68.6%]", "0/0/12", "-1.00 [-1.00, -1.00]‡"]
    mixed = overall["支持社交化 (pro social)"]
    assert mixed[3] == "6/6/0" and not mixed[4].endswith("‡")  # mixed labels: no mark
    assert [h for h in re.findall(r'<th scope="col">(.*?)</th>', html) if "+/=/-" in h]  # the column is named
    chart = re.search(r'<svg id="chart-themes".*?</svg>', html, re.S).group(0)
    title = unescape(re.search(r'<rect class="bar" data-theme="privacy"[^>]*><title>([^<]*)</title>', chart).group(1))
    assert "mean sentiment -1.00 [-1.00, -1.00]‡; 情感标签 labels +/=/- 0/0/12; " + _NOTES["‡"] in title
    assert "fewer than" not in title
    assert 'class="mean-text">-1.00 [-1.00, -1.00]‡</text>' in chart  # printed beside the dot too
    note = re.search(r'<p class="muted" id="unanimous-note">(.*?)</p>', html).group(1)
    assert _words(note).startswith(_NOTES["‡"])  # the text table's footnote, word for word
    assert 'id="small-note"' not in html  # no group here is small


def test_report_flags_a_share_by_its_denominator_even_a_share_of_zero():
    # title: 2 units with a theme, both pro_social: privacy's 0.0% (n=0) of those 2 rests on 2 units (it had no †)
    # body: 20 units with a theme, 2 of them privacy: a share of 20 units (no †), a mean of 2 (hollow dot, † after it)
    schema = load_schema()
    groups = [("title", ("pro_social",), "positive")] * 2 + [("body", ("privacy",), "negative"), ("body", ("privacy",), "neutral")] \
        + [("body", ("pro_social",), "neutral")] * 18
    text = "".join(f"第{n}句。" for n in range(len(groups)))
    units = [ClassifiedUnit(Unit.from_source(text, doc="d", n=n + 1, start=text.index(f"第{n}句。"),
                                             end=text.index(f"第{n}句。") + len(f"第{n}句。"), kind=kind),
                            Prediction(themes, {t: 0.9 for t in themes}, sentiment, 0.0))
             for n, (kind, themes, sentiment) in enumerate(groups)]
    html = render_report(Analysis.from_units(units, schema, documents=[Document("d", text)], n_boot=100))
    rows = {(r[0], r[1]): r[2:] for r in _figure_rows(html, "chart-kinds")}
    assert rows[("隐私与安全担忧 (privacy & safety)", "标题 title")][0] == "0.0% (n=0)†"
    assert rows[("隐私与安全担忧 (privacy & safety)", "正文 body")][0] == "10.0% (n=2)"
    assert rows[("隐私与安全担忧 (privacy & safety)", "正文 body")][4].endswith("]†")  # the mean's own mark
    assert rows[("支持社交化 (pro social)", "标题 title")][0] == "100.0% (n=2)†"
    assert rows[("支持社交化 (pro social)", "正文 body")][0] == "90.0% (n=18)"
    kinds = re.search(r'<svg id="chart-kinds".*?</svg>', html, re.S).group(0)
    assert re.search(r'<circle class="mean small" [^>]*fill="#ffffff"><title>[^<]*privacy[^<]*正文 body', unescape(kinds))
    note = _words(re.search(r'<p class="muted" id="small-note">(.*?)</p>', html).group(1))
    assert "After a share: in its denominator, the units with a theme it is a share of, whatever its count" in note
    assert "After a mean (hollow dot): the units carrying the theme" in note


def test_report_says_what_mean_sentiment_averages_and_how_its_interval_is_drawn(analysis, html):
    note = _words(re.search(r'<p class="muted" id="mean-note">(.*?)</p>', html, re.S).group(1))
    target = analysis.schema.target
    assert target
    assert (f"Mean sentiment: the mean of the sentiment labels toward <bdi>{target}</bdi> (positive +1, neutral 0, "
            "negative −1) of the units carrying the theme") in unescape(note)
    settings = analysis.provenance["settings"]
    assert settings["n_boot"] == 200 and settings["seed"] == 0
    assert "a percentile bootstrap over those units (200 resamples, seed 0)" in note
    assert "200 次重抽样，种子 0" in note and "情感标签（正面 +1、中性 0、负面 −1）的均值" in note


def test_report_says_one_document_and_one_unit_in_the_singular():
    schema = load_schema()
    doc = Document("d", "财不外露。")
    unit = ClassifiedUnit(Unit.from_source(doc.text, doc="d", n=1, start=0, end=5, kind="body"),
                          Prediction(("privacy",), {"privacy": 0.9}, "negative", -0.5))
    html = _words(render_report(Analysis.from_units([unit], schema, documents=[doc], n_boot=100)))
    assert "<span>1 document 文档</span>" in html and "<span>1 unit 单元</span>" in html
    assert "Bars: share of the 1 unit with a theme" in html
    assert " · 1 unit 单元 · " in html  # the document's line
    assert re.search(r'title="[^"]*: 1 of 1 unit \(100%\)"', html)  # the heat map's cell
    assert not re.search(r"\b1 (document|unit)s\b", re.sub(r"<script.*?</script>", "", html, flags=re.S))


def test_report_with_no_kinds_draws_no_kind_chart():
    # every unit dropped (page furniture only): the heading says "no kinds"; the chart had every row "– (n=0) of units"
    schema = load_schema()
    doc = Document("d", "我要回帖")
    html = render_report(Analysis.from_units([], schema, documents=[doc],
                                             dropped=[Dropped("d", 0, 4, "我要回帖", "reply_button", "reply button")],
                                             n_boot=100))
    assert "By kind 按类型: no kinds 无" in _words(html)
    assert 'id="chart-kinds' not in html and 'id="kind-denominators"' not in html
    assert 'id="chart-themes"' in html


def test_report_quotes_say_whose_they_are_body_or_comment(analysis, html):
    # as the text table prints "[0:15] comment, negative, score=0.98"
    where = [_words(w) for w in re.findall(r'<div class="where">(.*?)</div>', html)]
    kinds = [e["kind"] for t in analysis.schema.theme_ids for e in analysis.themes[t]["examples"]]
    assert len(where) == len(kinds) and {"body", "comment"} <= set(kinds)
    assert [w.split("</a> · ")[1].split(" · ")[0] for w in where] == [{"body": "正文 body", "comment": "评论 comment"}[k] for k in kinds]


def test_report_dates_an_undated_analysis_as_analyze_does_from_source_date_epoch(monkeypatch):
    # an analysis-like object without a date: the report filled in the wall clock, whatever SOURCE_DATE_EPOCH said
    a = make_analysis()
    del a.provenance["date"]
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    html = render_report(a)
    assert '<tr><th scope="row">date</th><td><bdi>2023-11-14T22:13:20+00:00</bdi></td></tr>' in html
    assert render_report(a) == html  # the same bytes every time


def test_report_gives_each_share_its_wilson_interval_and_says_intervals_treat_units_as_independent(analysis, html):
    """The JSON's share_ci95 (Wilson) was missing from the report, and so was the text tables' independence caveat."""
    from scipy.stats import binomtest

    from argmine.tables import INDEPENDENCE_NOTE

    for chart_id in ("chart-themes", "chart-kinds"):
        rows = _figure_rows(html, chart_id)
        assert rows
        for row in rows:
            share, of, ci = row[-5:-2]
            k, n = int(re.search(r"\(n=(\d+)\)", share).group(1)), int(of.removeprefix("of "))
            want = binomtest(k, n).proportion_ci(method="wilson")
            assert ci == f"[{100 * want.low:.1f}%, {100 * want.high:.1f}%]", (row, want)
        chart = re.search(rf'<svg id="{chart_id}".*?</svg>', html, re.S).group(0)
        titles = [unescape(t) for t in re.findall(r'<rect class="bar"[^>]*><title>([^<]*)</title>', chart)]
        assert [re.search(r" \(95% CI (\[[^]]*\])\);", t).group(1) for t in titles] == [r[-3] for r in rows]
    note = _words(re.search(r'<p class="muted" id="independence-note">(.*?)</p>', html, re.S).group(1))
    assert f"Both kinds of interval: {INDEPENDENCE_NOTE}, so the true uncertainty is wider" in note
    assert "视各单元为相互独立" in note


#: Two long Traditional theme names alike up to their last characters (as a schema of a Taiwanese debate has them).
ALIKE = parse_schema({"schema": {"id": "alike", "target": "核三廠重啟"}, "themes": [
    {"id": "worry", "name_zh": "能源安全與電網穩定性及夏季尖峰缺電風險之擔憂",
     "name_en": "energy security, grid stability & peak-summer power shortage risk"},
    {"id": "rebut", "name_zh": "能源安全與電網穩定性及夏季尖峰缺電風險之反駁",
     "name_en": "energy security, grid stability & peak-summer power shortage rebuttal"},
    {"id": "same", "name_zh": "能源安全與電網穩定性及夏季尖峰時段與冬季用電高峰缺電風險之擔憂",
     "name_en": "energy security, grid stability & peak-summer and winter power shortage risk"}]})


def _alike_analysis(traditional: str = "我支持重啟核三廠，因為夏季尖峰缺電。", simplified: str = "支付宝做社交是对的。"):
    """One Traditional document and one Simplified one, a unit each, under :data:`ALIKE`."""
    docs = [Document("tw", traditional), Document("cn", simplified)]
    units = [ClassifiedUnit(Unit.from_source(d.text, doc=d.id, n=1, start=0, end=len(d.text), kind="body"),
                            Prediction((t,), {x: (0.9 if x == t else 0.1) for x in ALIKE.theme_ids}, "positive", 0.5))
             for d, t in zip(docs, ("worry", "rebut"))]
    return Analysis.from_units(units, ALIKE, documents=docs, n_boot=100)


def test_report_chart_labels_of_themes_whose_cut_names_are_alike_differ():
    """Two long names that differ only at the end were cut to the same label on both charts (QA 37 #3): such labels
    are cut in the middle, and where that is not enough, tagged with the theme's id."""
    html = render_report(_alike_analysis())
    chart = re.search(r'<svg id="chart-themes".*?</svg>', html, re.S).group(0)
    main = re.findall(r'class="label"[^>]*><title>[^<]*</title>([^<]*)</text>', chart)
    sub = re.findall(r'class="sublabel"[^>]*><title>[^<]*</title>([^<]*)</text>', chart)
    assert len(main) == 3 and len(set(zip(main, sub))) == 3, (main, sub)
    assert main[1].endswith("之反駁") and "…" in main[1] and sub[1].endswith("rebuttal")  # cut in the middle
    # the first and the third are alike at both ends too: their ids tell them apart
    assert main[0].endswith("之擔憂 [worry]") and main[2].endswith("之擔憂 [same]")
    assert all(_width(m, 13) <= 230 - 16 for m in main)


def test_report_small_note_quotes_no_figure_of_another_corpus():
    """The † note's example, "0.0% (n=0) of 2 units", came from the bundled corpus and was printed in every report
    (QA 37 #4): it says "a share of 0% too" instead."""
    html = render_report(kind_analysis())
    note = _words(re.search(r'<p class="muted" id="small-note">(.*?)</p>', html).group(1))
    assert "whatever its count (a share of 0% too)" in note
    assert "of 2 units" not in note and "n=0" not in note


def test_report_lists_kinds_as_title_body_comment_in_the_header_and_per_document():
    """The header and a document's line listed kinds in the order first seen (a comment first), not the charts'
    title, body, comment (QA 37 #5)."""
    schema = load_schema()
    doc = Document("d", "评论一。标题。正文。")
    units = [ClassifiedUnit(Unit.from_source(doc.text, doc="d", n=i + 1, start=s, end=e, kind=k),
                            Prediction(("privacy",), {t: 0.5 for t in schema.theme_ids}, "neutral", 0.0))
             for i, (s, e, k) in enumerate([(0, 4, "comment"), (4, 7, "title"), (7, 10, "body")])]
    html = _words(render_report(Analysis.from_units(units, schema, documents=[doc], n_boot=100)))
    header = re.search(r'<p class="stats">(.*?)</p>', html, re.S).group(1)
    assert re.findall(r"<span>1 (\S+) (?:title|body|comment)</span>", header) == ["标题", "正文", "评论"]
    meta = re.search(r'<div class="meta">(.*?)</div>', html).group(1)
    assert meta.index("标题 title") < meta.index("正文 body") < meta.index("评论 comment")


def test_report_sample_note_has_its_chinese_sentence():
    """The sample note was English but for 样本, where every other note has a whole Chinese sentence (QA 37 #7)."""
    for kwargs, heat in (({"max_units": 2}, "热图计入这些文档的全部单元（7 个中的 5 个）"), ({"max_docs": 1}, "热图亦然")):
        note = re.search(r'<p class="note" id="sample-note">(.*?)</p>', render_report(make_analysis(), **kwargs), re.S).group(1)
        zh = note.split("<br>")[1].strip()
        assert zh.startswith("文档部分显示 2 个文档中的 1 个、7 个单元中的 ") and heat in zh
        assert "调高即可显示更多" in zh and zh.endswith("图表与引文计入全部单元。")


def test_report_marks_traditional_input_text_zh_hant_with_tc_fonts_first():
    """A Traditional document's text, its quotes and Traditional theme names were left in the page's zh-Hans, drawn
    with mainland glyph forms and SC fonts (QA 37 #8): they are marked lang="zh-Hant" (OpenCC t2s changes them, as
    the reader's normalisation does), and the zh-Hant font stack starts with TC fonts."""
    html = render_report(_alike_analysis())
    assert '<html lang="zh-Hans">' in html
    texts = dict(re.findall(r'<section class="doc" id="doc-(\w+)">.*?<div class="text"([^>]*)>', html, re.S))
    assert texts == {"tw": ' lang="zh-Hant"', "cn": ""}
    assert '<bdi lang="zh-Hant">能源安全與電網穩定性及夏季尖峰缺電風險之擔憂</bdi>' in html  # the legend, the heat map
    assert '<h1>argmine · <bdi lang="zh-Hant">核三廠重啟</bdi></h1>' in html
    chart = re.search(r'<svg id="chart-themes".*?</svg>', html, re.S).group(0)
    assert chart.count('class="label" lang="zh-Hant"') == 3
    data = json.loads(re.search(r'id="argmine-data">(.*?)</script>', html).group(1))
    assert data["themes"]["worry"]["lang"] == "zh-Hant" and data["themes"]["worry"]["short"].endswith("之擔憂")
    css = re.search(r":lang\(zh-Hant\) \{ font-family: ([^;]*);", html).group(1)
    assert css.startswith('"Noto Sans CJK TC","Noto Sans TC"')
    # a quote of the Traditional document is marked; one of the Simplified document is not
    quotes = re.findall(r'<blockquote style="[^"]*">(<bdi[^>]*>)', html)
    assert quotes and set(quotes) == {'<bdi lang="zh-Hant">', "<bdi>"}
