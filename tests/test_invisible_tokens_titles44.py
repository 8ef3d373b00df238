"""Invisible characters beside and inside units change neither the tokens' tiling nor a block's kind (QA round 44).

A reader does not see a zero-width space, joiner, word joiner, byte-order mark or soft hyphen
(argmine.normalize.INVISIBLE).  ``segment --tokens`` gives slices of each unit that tile its text exactly, those
after the unit's end left out; and a heading is a title or body text as it is without them: numbered, bulleted,
and as long as a reader counts it.
"""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import argmine
from argmine.clean import clean
from argmine.normalize import INVISIBLE, normalize
from argmine.segment import _tokens

from .conftest import assert_offsets

ZWSP, SHY = "\u200b", "\u00ad"
_GONE = {ord(c): None for c in INVISIBLE}


def _segmented(text, granularity="sentence"):
    doc = argmine.Document("d", text)
    units = argmine.segment(doc, granularity=granularity, tokens=True)
    assert_offsets([doc], units)
    return units


def _assert_tiled(units):
    for u in units:
        assert "".join(u.tokens) == u.text, (u.id, u.tokens)


# ---- tokens (defect 1) -------------------------------------------------------------------------------------------

def test_tokens_leave_out_the_invisible_characters_after_the_unit():
    units = _segmented(f"财不外露。{ZWSP}{ZWSP}我反对支付宝做社交。\n第二行没有{ZWSP}\n")
    assert [(u.text, u.tokens) for u in units] == [
        ("财不外露。", ("财不", "外露", "。")),
        ("我反对支付宝做社交。", ("我", "反对", "支付宝", "做", "社交", "。")),
        ("第二行没有", ("第二行", "没有")),
    ]


def test_tokens_keep_the_invisible_characters_inside_the_unit():
    # one inside a word, one between words, one before the final mark, one after the unit (left out)
    units = _segmented(f"财{ZWSP}不外露{SHY}反对{ZWSP}。{ZWSP}\n")
    assert [(u.text, u.tokens) for u in units] == [
        (f"财{ZWSP}不外露{SHY}反对{ZWSP}。", (f"财{ZWSP}不", f"外露{SHY}", f"反对{ZWSP}", "。")),
    ]


@pytest.mark.parametrize("granularity", ["sentence", "clause"])
def test_tokens_tile_units_followed_by_invisible_characters(granularity):
    text = f"我反对支付宝做社交，{ZWSP}因为财不外露{ZWSP}。{SHY}\ufeff但是也有人支持！{ZWSP}\n"
    units = _segmented(text, granularity)
    _assert_tiled(units)


def test_tokens_of_a_bare_span_stop_at_its_end():
    assert _tokens(normalize(f"财不外露。{ZWSP}{ZWSP}我"), 0, 5) == ("财不", "外露", "。")


# ---- kinds (defect 2) --------------------------------------------------------------------------------------------

HEAD = "支付宝做社交的思考\n我觉得支付宝做社交是错的，理由有很多很多很多。\n"


def _kinds(text, meta=None):
    return [(b.kind, text[b.start:b.end]) for b in clean(argmine.Document("d", text, meta=meta or {})).blocks]


def _shown_kinds(text, meta=None):
    return [(kind, block.translate(_GONE)) for kind, block in _kinds(text, meta)]


@pytest.mark.parametrize("plain, hidden", [
    # a lone numbered heading (三、总结 over 钱包就是钱包) is a section heading with a zero-width space in its number
    ("三、总结\n钱包就是钱包\n", f"三{ZWSP}、总结\n钱包就是钱包\n"),
    ("1.总结\n钱包就是钱包\n", f"1{ZWSP}.总结\n钱包就是钱包\n"),
    ("第三章 总结\n钱包就是钱包而已\n", f"第{ZWSP}三章 总结\n钱包就是钱包而已\n"),
    # a heading is counted as a reader counts it: 10 characters over 12
    ("为什么支付宝要做社交\n因为它想留住用户，方便。\n", f"为什么{ZWSP}支付宝{ZWSP}要做社交\n因为它想留住用户，方便。\n"),
    # WeChat's anti-copy soft hyphens between every character
    ("支付宝做社交失败了\n我觉得原因是用户不需要。\n", SHY.join("支付宝做社交失败了") + "\n我觉得原因是用户不需要。\n"),
    # two numbered lines in a row are a list, not headings, with or without the characters
    ("1.隐私\n2.安全\n钱包就是钱包。\n", f"1{ZWSP}.隐私\n2.安全\n钱包就是钱包。\n"),
    # the text under a heading is counted without them too: 10 characters over 9 is no heading
    ("为什么支付宝要做社交\n因为想留住用户。\n", f"为什么支付宝要做社交\n因为{ZWSP * 4}想留住用户。\n"),
])
def test_invisible_characters_do_not_change_a_blocks_kind(plain, hidden):
    want = _kinds(HEAD + plain)
    assert _shown_kinds(HEAD + hidden) == want
    assert len({kind for kind, _ in want}) > 1


def test_lone_numbered_heading_with_a_zero_width_space_is_a_title():
    assert _kinds(HEAD + f"三{ZWSP}、总结\n钱包就是钱包\n")[2:] == [("title", f"三{ZWSP}、总结"), ("body", "钱包就是钱包")]


PAGE = {"format": "html", "heading_lines": [2]}


def test_html_heading_is_counted_without_its_invisible_characters():
    # 50 characters a reader sees (a heading's markup makes it a title up to 60), 65 with the zero-width spaces
    heading = "支付宝做社交到底错在哪里" * 4 + "我们来谈谈"
    assert len(heading) == 53
    hidden = ZWSP.join(heading[:16]) + heading[16:]
    assert len(hidden) > 60
    plain = _kinds("首页\n正文。\n" + heading, PAGE)
    assert plain[2] == ("title", heading)
    assert _shown_kinds("首页\n正文。\n" + hidden, PAGE) == plain


def test_html_heading_bulleted_behind_a_zero_width_space_is_a_bullet():
    plain = _kinds("首页\n正文。\n- 支付宝做社交", PAGE)
    assert plain[2] == ("body", "- 支付宝做社交")
    assert _shown_kinds(f"首页\n正文。\n-{ZWSP} 支付宝做社交", PAGE) == plain


def test_thread_of_space_led_lines_behind_a_zero_width_space_is_the_comments():
    plain = "支付宝做社交\n我觉得支付宝做社交是错的。\n  楼主说得对，我也这么想。\n  同意，钱包就是钱包。\n"
    assert [kind for kind, _ in _kinds(plain)] == ["title", "body", "comment", "comment"]
    assert _shown_kinds(plain.replace("\n  ", f"\n{ZWSP}  ")) == _kinds(plain)


# ---- property: random invisible characters ------------------------------------------------------------------------

DOCS = [
    HEAD + "三、总结\n钱包就是钱包\n",
    HEAD + "为什么支付宝要做社交\n因为它想留住用户，方便。\n",
    HEAD + "支付宝做社交失败了\n我觉得原因是用户不需要。\n",
    "支付宝做社交，到底错在哪里？\n1.隐私\n2.安全\n（一）结论\n钱包就是钱包，我不想在上面交朋友。财不外露！\n",
    "第一章 缘起\n我反对支付宝做社交。因为财不外露，朋友圈不该知道我花了多少钱。\n小结\n就是这样。\n",
    "支付宝做社交\n我觉得支付宝做社交是错的。\n  楼主说得对，我也这么想。\n  同意，钱包就是钱包。\n",
]


@st.composite
def _with_invisibles(draw):
    text = draw(st.sampled_from(DOCS))
    out = []
    for c in text:
        out.append(draw(st.text(alphabet=INVISIBLE, max_size=2)) if draw(st.integers(0, 3)) == 0 else "")
        out.append(c)
    out.append(draw(st.text(alphabet=INVISIBLE, max_size=2)))
    return text, "".join(out)


@settings(max_examples=150, deadline=None)
@given(_with_invisibles(), st.sampled_from(["sentence", "clause"]))
def test_invisible_characters_keep_tokens_tiled_and_kinds_unchanged(pair, granularity):
    plain, hidden = pair
    units = _segmented(hidden, granularity)
    _assert_tiled(units)
    want = [(u.kind, u.text, u.tokens) for u in _segmented(plain, granularity)]
    assert [(u.kind, u.text.translate(_GONE), tuple(t.translate(_GONE) for t in u.tokens)) for u in units] == want
