"""Sentence and clause boundaries read past invisible characters (QA round 43).

Copied Zhihu and WeChat text holds zero-width spaces, joiners, word joiners, byte-order marks and soft hyphens
(argmine.normalize.INVISIBLE) anywhere in a line.  A reader does not see them, so they move no boundary: the units
are those of the text without them, and each unit's text is the original, the invisible characters inside it kept.
"""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

import argmine
from argmine.clean import INVISIBLE
from argmine.segment import split_clauses, split_sentences

from .conftest import assert_offsets

ZWSP, ZWNJ, ZWJ, WJ, BOM, SHY = "\u200b", "\u200c", "\u200d", "\u2060", "\ufeff", "\u00ad"


def _units(text, granularity="sentence"):
    doc = argmine.Document("d", text)
    units = argmine.segment(doc, granularity=granularity)
    assert_offsets([doc], units)
    return [u.text for u in units]


def _shown(texts):
    return [t.translate({ord(c): None for c in INVISIBLE}) for t in texts]


@pytest.mark.parametrize("gap", [ZWSP, ZWNJ, WJ, BOM, SHY, ZWSP + BOM])
@pytest.mark.parametrize("text, want", [
    # a closing quote stays with its sentence (_end_with_closers); one at a unit's edge is left to the gap
    ("他说：“好。{}”然后走了！", ["他说：“好。{}”", "然后走了！"]),
    ("他问：“对吗？”{}」我说不用。", ["他问：“对吗？”{}」", "我说不用。"]),
    # emoji and [doge] after a sentence end stay with it (_trailer_end)
    ("太好了！{}😂😂 不过还行。", ["太好了！{}😂😂", "不过还行。"]),
    ("太好了！😂{}😂 不过还行。", ["太好了！😂{}😂", "不过还行。"]),
    ("太好了！ {}[doge] 不过还行。", ["太好了！ {}[doge]", "不过还行。"]),
    # a run of terminators stays together
    ("真的吗？{}！我不信。", ["真的吗？{}！", "我不信。"]),
    ("好吧.{}..我走了。", ["好吧.{}..", "我走了。"]),
    # an ASCII "." after a word, an abbreviation, a number after a Han character
    ("It is wrong.{} Privacy matters.", ["It is wrong.", "Privacy matters."]),
    ("Apple Pay.{}支付宝也行。", ["Apple Pay.", "支付宝也行。"]),
    ("我见了Mr{}. Li今天。", ["我见了Mr{}. Li今天。"]),
    ("我给它打10{}.下次再来。", ["我给它打10{}.", "下次再来。"]),
    # a quotation the sentence goes on after is part of it; quoted speech after a colon still ends
    ("知乎上“支付宝为什么要做社交？”{}这个问题下很多人反对。", ["知乎上“支付宝为什么要做社交？”{}这个问题下很多人反对。"]),
    ("他问：{} “对吗？”我说不用。", ["他问：{} “对吗？”", "我说不用。"]),
    # a sentence end that a comma follows goes on
    ("他们说“隐私不重要！”{}，我不同意。", ["他们说“隐私不重要！”{}，我不同意。"]),
])
def test_an_invisible_character_moves_no_sentence_boundary(text, want, gap):
    got = _units(text.format(gap))
    assert got == [w.format(gap) for w in want]
    assert _shown(got) == _units(text.format(""))


@pytest.mark.parametrize("gap", [ZWSP, WJ, SHY])
@pytest.mark.parametrize("text, want", [
    # clause punctuation keeps the closing quote after it
    ("我觉得他说的“隐私不重要，{}”这个观点完全站不住脚。", ["我觉得他说的“隐私不重要，{}”", "这个观点完全站不住脚。"]),
    # white space between two CJK characters is a cut
    ("支付宝做社交{} 我坚决反对 隐私太重要了", ["支付宝做社交", "我坚决反对", "隐私太重要了"]),
    # a comma between digit groups is no cut
    ("今年一共有1,{}000,000个用户投诉了这个问题", ["今年一共有1,{}000,000个用户投诉了这个问题"]),
    # a sentence of 16 characters as a reader sees it is not split into clauses
    ("支付宝做社交，{}我坚决反对这件事。", ["支付宝做社交，{}我坚决反对这件事。"]),
])
def test_an_invisible_character_moves_no_clause_boundary(text, want, gap):
    got = _units(text.format(gap), "clause")
    assert got == [w.format(gap) for w in want]
    assert _shown(got) == _units(text.format(""), "clause")


def test_split_sentences_and_split_clauses_map_their_spans_to_the_original():
    text = "前言。他说：“好。\u200b”然后走了！"
    assert split_sentences(text, 3, len(text)) == [(3, 11), (11, 16)]
    text = "我觉得他说的“隐私不重要，\ufeff”这个观点完全站不住脚。"
    assert split_clauses(text, 0, len(text)) == [(0, 15), (15, len(text))]


def test_a_zero_width_space_between_digits_reads_as_a_space_as_in_the_normalised_view():
    # 赞同 328\u200b48: two counts, as normalize.visible reads it; so 0 is no number after a Han character and its "." no end
    assert _units("排名第1\u200b0.下次再来。") == ["排名第1\u200b0.下次再来。"]
    assert _units("排名第1 0.下次再来。") == ["排名第1 0.下次再来。"]
    assert _units("排名第10.下次再来。") == ["排名第10.", "下次再来。"]


# Text the boundary rules act on: Han, Latin words and digits, terminators, closers, commas, a colon, emoji, a Weibo
# code, an address, a list label and white space (a line break too: blocks are cut first).
_PIECES = [
    "支付宝", "做社交", "隐私", "但是", "所以", "我", "这个问题", "Mr", "Li", "It", "Plan B", "wrong", "10", "1,000",
    "10:30", "３", "观点1", "。", "！", "？", "?", ".", "..", "．", "…", "；", "，", ",", "、", "：", "“", "”", "\"", "'",
    "」", "（", "）", "《", "》", "😂", "👍", "❶", "[doge]", "[1]", "——某网友", "www.zhihu.com", " ", "\u3000", "\n",
]


@st.composite
def _text_with_gaps(draw):
    """A text and the same text with invisible characters inserted between (and around) its characters."""
    plain = "".join(draw(st.lists(st.sampled_from(_PIECES), min_size=1, max_size=24)))
    out = []
    for i in range(len(plain) + 1):
        before, after = plain[i - 1 : i], plain[i : i + 1]
        if before.isdecimal() and after.isdecimal():  # a zero-width space there reads as a space (normalize.visible)
            gap = ""
        else:
            gap = draw(st.one_of(st.just(""), st.text(st.sampled_from(INVISIBLE), min_size=1, max_size=3)))
        if gap == ZWJ:  # a joiner alone between two emoji makes one emoji of them: not invisible
            gap += WJ
        out.append(gap + after)
    return plain, "".join(out)


def _segmented(text, granularity):
    doc = argmine.Document("d", text)
    units = argmine.segment(doc, granularity=granularity)
    assert_offsets([doc], units)
    return units


@pytest.mark.parametrize("granularity", ["sentence", "clause"])
@given(st.data())
def test_inserting_invisible_characters_never_moves_a_boundary(granularity, data):
    plain, shown = data.draw(_text_with_gaps())
    # an offset in ``shown`` maps to the plain text by leaving the invisible characters before it out
    before = [0]
    for c in shown:
        before.append(before[-1] + (c not in INVISIBLE))
    got = [(before[u.start], before[u.end]) for u in _segmented(shown, granularity)]
    want = [(u.start, u.end) for u in _segmented(plain, granularity)]
    assert got == want, (plain, shown)
