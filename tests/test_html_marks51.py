"""QA round 51: a page's own text that starts like a chrome mark (``&lt;nav&gt; 元素…``) is not chrome; a hidden block
next to a ``展开全文`` link is still dropped (round 52: a login box there is no article text); ``发表时间：`` is a byline
field."""

import re

import pytest

import argmine
from argmine.clean import Rule, clean, load_rules
from argmine.html import _html_layout

# A tutorial's paragraphs that start with an element's name, written as text (&lt;nav&gt;), between real chrome.
TUTORIAL = (
    "<title>HTML5语义标签入门</title><nav>首页</nav><h1>HTML5语义标签入门</h1>"
    "<p><code>&lt;nav&gt;</code> 元素表示导航链接的区域。</p>"
    "<p><code>&lt;aside&gt;</code> 元素表示侧栏，我认为它被滥用了。</p>"
    "<p>&lt;form&gt; 表单不应该包住整个页面。</p>"
    "<p>&lt;footer&gt; 页脚写版权。</p>"
    "<p>&lt;hidden&gt; 不是一个元素。</p>"
    "<p>＜ｎａｖ＞ 全角也一样。</p>"
    "<p hidden>&lt;form&gt; 藏起来的</p>"
    "<footer>版权所有</footer>"
)
TUTORIAL_LINES = [
    "<title> HTML5语义标签入门", "<nav> 首页", "HTML5语义标签入门", "<nav> 元素表示导航链接的区域。",
    "<aside> 元素表示侧栏，我认为它被滥用了。", "<form> 表单不应该包住整个页面。", "<footer> 页脚写版权。",
    "<hidden> 不是一个元素。", "＜ｎａｖ＞ 全角也一样。", "<hidden> <form> 藏起来的", "<footer> 版权所有",
]


def test_html_layout_records_the_lines_of_page_text_that_start_like_a_mark():
    text, headings, links, literal = _html_layout(TUTORIAL)
    assert text.splitlines() == TUTORIAL_LINES
    assert (headings, links) == ([2], [])
    # the page's own text (a full-width ＜ｎａｖ＞ reads <nav> to cleaning); not the marked chrome nor the hidden line
    assert literal == [3, 4, 5, 6, 7, 8]


def _tutorial_page():
    text, headings, _, literal = _html_layout(TUTORIAL)
    return argmine.Document("p", text, meta={"format": "html", "heading_lines": headings, "literal_mark_lines": literal})


def test_page_text_that_starts_like_a_mark_is_kept_and_chrome_is_still_dropped():
    c = clean(_tutorial_page())
    text = c.document.text
    assert [(b.kind, b.start, b.end, text[b.start : b.end]) for b in c.blocks] == [
        ("title", 29, 40, "HTML5语义标签入门"),
        ("body", 41, 59, "<nav> 元素表示导航链接的区域。"),
        ("body", 60, 84, "<aside> 元素表示侧栏，我认为它被滥用了。"),
        ("body", 85, 104, "<form> 表单不应该包住整个页面。"),
        ("body", 105, 120, "<footer> 页脚写版权。"),
        ("body", 121, 137, "<hidden> 不是一个元素。"),
        ("body", 138, 150, "＜ｎａｖ＞ 全角也一样。"),
    ]
    assert [(d.rule, d.start, d.end, d.text) for d in c.dropped] == [
        ("html_title", 0, 19, "<title> HTML5语义标签入门"),
        ("html_nav", 20, 28, "<nav> 首页"),
        ("html_hidden", 151, 171, "<hidden> <form> 藏起来的"),
        ("html_footer", 172, 185, "<footer> 版权所有"),
    ]


def test_without_the_recorded_lines_every_line_that_starts_with_a_mark_is_read_as_marked():
    # a Document built from html_to_text output by hand: the marks are all there is to go by (as before)
    page = _tutorial_page()
    c = clean(argmine.Document("p", page.text, meta={"format": "html"}))
    assert [d.rule for d in c.dropped] == ["html_title", "html_nav", "html_nav", "html_aside", "html_form", "html_footer",
                                           "html_hidden", "html_nav", "html_hidden", "html_footer"]


def _kinds(text, literal, rules=None):
    meta = {"format": "html", "literal_mark_lines": literal} if literal else {"format": "html"}
    c = clean(argmine.Document("d", text, meta=meta), rules)
    return [(b.kind, text[b.start : b.end]) for b in c.blocks], [(d.rule, d.start, d.end) for d in c.dropped]


def test_a_real_footer_still_starts_the_comments():
    text = "标题\n正文第一段，说得很清楚。\n<footer> 转载请注明出处\n评论一条：说得对。"
    kept = [("title", "标题"), ("body", "正文第一段，说得很清楚。"), ("comment", "评论一条：说得对。")]
    assert _kinds(text, []) == (kept, [("html_footer", 16, 32)])
    # the page's own text: no footer, but a text file's rule drops it (a repost notice, which starts the comments too)
    assert _kinds(text, [2]) == (kept, [("repost_notice", 16, 32)])


def test_page_text_that_starts_like_a_mark_is_read_with_the_rules_of_a_text_file_then_included():
    text = "标题\n正文第一段，说得很清楚。\n<aside> 以下是网友评论\n再一条评论。"
    rules = load_rules() + (Rule("comments_head", "line", re.compile("<aside> 以下是网友评论"), "comments heading", then="comments"),)
    # marked: html_aside drops it, and a line of an <aside> starts no comments
    assert _kinds(text, [], rules) == ([("title", "标题"), ("body", "正文第一段，说得很清楚。"), ("body", "再一条评论。")], [("html_aside", 16, 31)])
    # the page's own text: the rule of a text file drops it, and its `then` applies as on any unmarked line
    assert _kinds(text, [2], rules) == ([("title", "标题"), ("body", "正文第一段，说得很清楚。"), ("comment", "再一条评论。")], [("comments_head", 16, 31)])


def test_a_table_row_that_starts_with_a_mark_is_still_text():
    c = clean(argmine.Document("d", "<nav> 元素表示导航。", meta={"format": "html"}, row=1))
    assert [(b.start, b.end) for b in c.blocks] == [(0, 13)] and not c.dropped


# --- a hidden block next to a 展开全文 link (round 51's finding 4, undone in round 52) ---------------------------------

HEAD = "<html><head><meta charset='utf-8'><title>支付宝做社交，错在哪里？_新浪科技</title></head><body><h1>支付宝做社交，错在哪里？</h1>"
P1 = "<p>支付宝上线圈子功能以后，骂声一片。</p>"
P2 = "<p>第二段：隐私是用户最在意的东西。</p>"
REST = "<div style='display:none'><p>第三段：阿里巴巴在社交上屡战屡败。</p><p>第四段：支付宝应该专注于支付本身。</p></div>"
LINK = "<div class='unfold'><a href='javascript:;'>展开全文</a></div>"
LOGIN = "<div style='display:none'><p>用户登录</p><p>请输入手机号和密码后登录，登录后即可阅读全文。</p></div>"
SHARE = "<div class='share-menu' style='display:none'><a>微信好友</a><a>朋友圈</a><a>新浪微博</a><a>QQ空间</a></div>"
TIP = "<div style='display:none' class='tip'>打开APP阅读全文，体验更佳</div>"
DIALOG = "<div style='display:none'><p>登录新浪通行证，阅读更多精彩内容。</p></div>"


def _page(tmp_path, body):
    path = tmp_path / "rest.html"
    path.write_text(HEAD + body + "</body></html>", encoding="utf-8")
    (doc,) = argmine.read([path])
    c = clean(doc)
    assert all(doc.text[d.start : d.end] == d.text for d in c.dropped)
    return doc.text, [(b.kind, b.start, b.end, doc.text[b.start : b.end]) for b in c.blocks], [(d.rule, d.start, d.end) for d in c.dropped], c


ARTICLE = [("title", 26, 38, "支付宝做社交，错在哪里？"), ("body", 39, 56, "支付宝上线圈子功能以后，骂声一片。"), ("body", 57, 73, "第二段：隐私是用户最在意的东西。")]


@pytest.mark.parametrize(
    "body",
    [
        P1 + P2 + LOGIN + LINK,  # a login box right before the link (QA round 52)
        P1 + P2 + SHARE + "<a href='#'>阅读全文</a>",  # a share menu
        P1 + P2 + TIP + LINK,  # an app prompt
        P1 + P2 + LINK + DIALOG,  # a login dialog right after the link
        P1 + P2 + DIALOG,  # no link next to it
        # the folded rest of the article sits where a login box does: its place cannot tell them apart (a known limit)
        P1 + P2 + REST + LINK,
    ],
)
def test_a_hidden_block_next_to_an_expand_link_is_still_dropped(tmp_path, body):
    text, blocks, dropped, _ = _page(tmp_path, body)
    assert blocks == ARTICLE
    assert [rule for rule, _, _ in dropped].count("html_hidden") == len([line for line in text.splitlines() if line.startswith("<hidden> ")])


# --- 发表时间 in a byline (finding 7) ----------------------------------------------------------------------------

@pytest.mark.parametrize("field", ["发布时间", "发表时间", "发表日期"])
def test_a_byline_with_a_publication_time_field_is_dropped(field):
    text = f"支付宝该不该做社交\n作者：老王 {field}：2016-11-29 10:20\n支付宝上线圈子功能以后，骂声一片。\n{field}：2016-11-30"
    c = clean(argmine.Document("d", text))
    assert [(d.rule, d.start, d.end) for d in c.dropped] == [("byline", 10, 37), ("byline", 56, 71)]
    assert [text[b.start : b.end] for b in c.blocks] == ["支付宝该不该做社交", "支付宝上线圈子功能以后，骂声一片。"]


def test_a_readers_sentence_after_a_publication_time_field_is_kept():
    c = clean(argmine.Document("d", "支付宝上线圈子功能以后，骂声一片。\n发表时间：会证明一切"))
    assert not c.dropped and len(c.blocks) == 2


def test_reading_records_page_text_that_starts_like_a_mark_and_cleaning_keeps_it(tmp_path):
    # QA round 51's tutorial page: three paragraphs that start with an element's name were dropped as chrome
    (tmp_path / "tech.html").write_text(
        "<html><head><meta charset='utf-8'><title>HTML5语义标签入门</title></head><body><h1>HTML5语义标签入门</h1>"
        "<p><code>&lt;nav&gt;</code> 元素表示导航链接的区域。</p><p><code>&lt;aside&gt;</code> 元素表示侧栏。</p>"
        "<nav>首页</nav></body></html>", encoding="utf-8")
    (doc,) = argmine.read([tmp_path / "tech.html"])
    assert doc.text.splitlines() == ["<title> HTML5语义标签入门", "HTML5语义标签入门", "<nav> 元素表示导航链接的区域。", "<aside> 元素表示侧栏。", "<nav> 首页"]
    assert doc.meta == {"format": "html", "heading_lines": [1], "literal_mark_lines": [2, 3]}
    units = argmine.segment([doc])
    assert [(u.start, u.end, u.text) for u in units] == [(20, 31, "HTML5语义标签入门"), (32, 50, "<nav> 元素表示导航链接的区域。"), (51, 66, "<aside> 元素表示侧栏。")]
    assert all(u.meta == {"format": "html"} for u in units)  # a layout hint: units do not carry it
