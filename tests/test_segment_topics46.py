"""QA round 46 (recheck45): a Weibo topic's closing ``#`` found by pairing the line's ``#``, closers after ``？️``, and
no last piece of one character from the 500-character cap.

- The round-45 rule read a ``#`` as a topic's closer by the parity of the ``#`` before it on the line, so a ``#`` in a
  web address, a colour (``#fff``) or an unclosed hashtag earlier on the line made the next topic's opening ``#`` stay
  with the sentence before it (``…这里。#`` | ``你支持支付宝做社交吗？`` | ``#我不支持…``).
- After ``？`` + U+FE0F a closing quote or a topic's ``#`` opened the next unit (``他问：“对吗？️`` | ``”我说不。``).
- A comment of 501 characters without punctuation ended in a unit of one character (``…微信了`` | ``好``).
- Adjacent topics (``#…？##…#``) left a unit starting with ``##``.
"""

from __future__ import annotations

import pytest
import regex
from hypothesis import given, settings
from hypothesis import strategies as st

from argmine.segment import split_sentences

from .test_segment_cap_topics45 import spans, texts


# --- which # closes a topic ------------------------------------------------------------------------------------------


@pytest.mark.parametrize("granularity", ["sentence", "clause"])
@pytest.mark.parametrize(
    "source,expected",
    [
        # a # inside a web address is no topic mark
        ("原文见 https://weibo.com/#/hot 这里。#你支持支付宝做社交吗？#我不支持，隐私太重要了。",
         ["原文见 https://weibo.com/#/hot 这里。", "#你支持支付宝做社交吗？#", "我不支持，隐私太重要了。"]),
        ("见 https://a.com/#x #你支持吗？#我不支持。", ["见 https://a.com/#x #你支持吗？#", "我不支持。"]),
        # a colour or an unclosed hashtag before: #fff。# or #支付宝 真烦人。# would end a topic at a full stop
        ("配色用#fff。#你支持支付宝做社交吗？#我不支持。", ["配色用#fff。", "#你支持支付宝做社交吗？#", "我不支持。"]),
        ("#支付宝 真烦人。#你支持吗？#我不支持。", ["#支付宝 真烦人。", "#你支持吗？#", "我不支持。"]),
        ("配色用#fff。#你支持支付宝做社交吗#我不支持。", ["配色用#fff。", "#你支持支付宝做社交吗#我不支持。"]),
        # marks that open no topic (#000 before a digit, C#) leave the topic after them alone
        ("配色用#fff和#000。#你支持吗？#我不支持。", ["配色用#fff和#000。", "#你支持吗？#", "我不支持。"]),
        ("用C#写。#你支持吗？#我不支持。", ["用C#写。", "#你支持吗？#", "我不支持。"]),
        # an unclosed hashtag after: #我不支持。# would end at a full stop
        ("#你支持吗？#我不支持。#支付宝", ["#你支持吗？#", "我不支持。", "#支付宝"]),
        # an even number of marks pair one way
        ("#你支持吗？#我不支持。#话题二#", ["#你支持吗？#", "我不支持。", "#话题二#"]),
        # adjacent topics: the closing # may open the next topic
        ("#你支持支付宝做社交吗？##支付宝圈子#我不支持。", ["#你支持支付宝做社交吗？#", "#支付宝圈子#我不支持。"]),
        ("#支付宝该做社交吗？##你支持吗？#不支持。", ["#支付宝该做社交吗？#", "#你支持吗？#", "不支持。"]),
    ],
)
def test_a_topic_closing_hash_is_found_by_pairing_the_lines_hashes(granularity, source, expected):
    assert texts(source, granularity) == expected


@pytest.mark.parametrize(
    "source,expected",
    [
        # either pairing is as likely: the # after the sentence end opens the next sentence, as before round 45
        ("#话题一？#话题二#我说。", ["#话题一？", "#话题二#我说。"]),
        ("配色#fff太好了！#支付宝圈子#我不支持。", ["配色#fff太好了！", "#支付宝圈子#我不支持。"]),
        # every pairing ends a topic at a full stop: none closes one
        ("配色用#fff。#我不支持。#支付宝", ["配色用#fff。", "#我不支持。", "#支付宝"]),
        # a heading's ## opens no topic
        ("##为什么要做社交？#我不懂。", ["##为什么要做社交？", "#我不懂。"]),
    ],
)
def test_a_hash_that_may_open_or_close_a_topic_opens_the_next_sentence(source, expected):
    assert texts(source) == expected


_WORDS = ("支付宝", "社交", "我", "不支持", "你", "隐私", "好", "圈子")
_TEXT = st.lists(st.sampled_from(_WORDS), min_size=1, max_size=4).map("".join)
# what follows the text of a topic (its closing # next) and of a sentence
_TOPIC_END = st.sampled_from(("", "？", "！", "？\ufe0f", "！！"))
_SENTENCE_END = st.sampled_from(("。", "！", "？", "，", "”", "？\ufe0f", "……"))
# at most one # that is no topic's: a colour, a hashtag, C#, a floor number (a web address's # is no mark at all)
_STRAY = st.sampled_from(("配色用#fff", "#标签 ", "#标签", "用C#写", "#2楼"))


@st.composite
def _weibo_lines(draw, stray: bool):
    """A line of topics, sentences and web addresses, with at most one stray ``#``; and its topics' marks."""
    kinds = draw(st.lists(st.sampled_from(("topic", "sentence", "address")), min_size=1, max_size=7))
    if stray:
        kinds.insert(draw(st.integers(0, len(kinds))), "stray")
    line, opening, closing = "", [], []
    for kind in kinds:
        if kind == "topic":
            opening.append(len(line))
            line += "#" + draw(_TEXT) + draw(_TOPIC_END)
            closing.append(len(line))
            line += "#"
        elif kind == "stray":
            line += draw(_STRAY) + draw(_TEXT) + draw(st.sampled_from(("。", "！", "？", "", "，")))
        else:
            line += ("见https://weibo.com/#/hot " if kind == "address" else "") + draw(_TEXT) + draw(_SENTENCE_END)
    return line, opening, closing


@settings(max_examples=300)
@given(_weibo_lines(stray=True))
def test_no_unit_ends_with_the_opening_hash_of_a_topic(case):
    line, opening, _ = case
    for s, e in spans(line):
        assert e - 1 not in opening, [line[a:b] for a, b in spans(line)]


@settings(max_examples=300)
@given(_weibo_lines(stray=False))
def test_no_unit_starts_with_the_closing_hash_of_a_topic(case):
    # without a stray #, the line's marks pair one way: every topic's closing # stays with its sentence
    line, _, closing = case
    for s, e in spans(line):
        assert s not in closing, [line[a:b] for a, b in spans(line)]


# --- closers after a variation selector -----------------------------------------------------------------------------


@pytest.mark.parametrize("granularity", ["sentence", "clause"])
@pytest.mark.parametrize(
    "source,expected",
    [
        ("#你支持支付宝做社交吗？\ufe0f#我不支持。", ["#你支持支付宝做社交吗？\ufe0f#", "我不支持。"]),
        ("他问：“对吗？\ufe0f”我说不。", ["他问：“对吗？\ufe0f”", "我说不。"]),
        ('他问："对吗？\ufe0f"我说不。', ['他问："对吗？\ufe0f"', "我说不。"]),
        ("真的吗！\ufe0f）好吧。", ["真的吗！\ufe0f）", "好吧。"]),
        # as before: emoji after the cluster stay, a comma after it goes on
        ("太好了！\ufe0f😂😂不过还行。", ["太好了！\ufe0f😂😂", "不过还行。"]),
        ("好吗？\ufe0f，我说。", ["好吗？\ufe0f，我说。"]),
    ],
)
def test_closers_after_a_variation_selector_stay_with_the_sentence(granularity, source, expected):
    assert texts(source, granularity) == expected


# --- the cap: no last piece of one character ------------------------------------------------------------------------


@pytest.mark.parametrize("granularity", ["sentence", "clause"])
@pytest.mark.parametrize(
    "source,expected",
    [
        ("我觉得支付宝做社交没有必要大家都有微信了" * 25 + "好", [(0, 499), (499, 501)]),  # …微信 | 了好
        ("x" * 500 + "不", [(0, 499), (499, 501)]),
        ("x" * 499 + " 好", [(0, 498), (498, 501)]),  # the space is no character: x | 好 would be one
        # nor a last piece that opens with ，
        ("x" * 499 + "，好", [(0, 498), (498, 501)]),
        ("好" * 499 + "，好", [(0, 497), (497, 501)]),
        # after a cluster longer than the limit no cut can leave two characters (docs/segment.md)
        ("a" + "\u0301" * 600 + "好", [(0, 601), (601, 602)]),
    ],
)
def test_cap_leaves_no_last_piece_of_one_character(granularity, source, expected):
    assert spans(source, granularity) == expected


_PIECES = ("支付宝", "社交", "反对", "隐私", "哈哈哈", "我", "好", "x", "x" * 10, " ", "\uff0c", "\u3001", "\U0001f602",
           "e\u0301", "\U0001f468\u200d\U0001f469\u200d\U0001f467", "\U0001f1e8\U0001f1f3", "我觉得支付宝做社交没有必要")


@st.composite
def _near_the_cap(draw):
    """A line of about 500 or 1000 characters (a piece more or less), then a short tail."""
    size = draw(st.sampled_from((500, 501, 502, 1000, 1001))) - draw(st.integers(0, 3))
    line = ""
    while len(line) < size:
        line += draw(st.sampled_from(_PIECES))
    if draw(st.booleans()):
        line = line[:size]
    return line + draw(st.sampled_from(("好", "x", " 好", "，好", "\U0001f602", "e\u0301", "不")))


@settings(max_examples=300)
@given(_near_the_cap())
def test_cap_pieces_hold_two_characters_and_open_with_no_comma(line):
    pieces = split_sentences(line, 0, len(line))
    clusters = {m.start() for m in regex.finditer(r"\X", line)}  # grapheme clusters by UAX #29, not segment.py
    assert all(s in clusters and e in clusters | {len(line)} for s, e in pieces)
    if len(pieces) > 1:
        for s, e in pieces:
            assert len("".join(line[s:e].split())) >= 2, (s, e)
        for s, _ in pieces[1:]:
            assert line[s] not in "\uff0c\u3001", s
