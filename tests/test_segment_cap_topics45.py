"""QA round 45 (clausetables): the 500-character cap cuts at a word boundary and between grapheme clusters, and a
Weibo topic's closing ``#`` stays with the sentence it closes.

- A short comment before a run of more than 500 emoji was cut inside its last word (``…我坚决反`` | ``对😡…``,
  ``哈哈`` | ``哈😂…``), or into a piece of one character (``社``): the word-boundary search started before the piece.
- A letter under more than 500 combining marks that starts a piece, with text after it, was cut inside the cluster
  (the second piece began with a bare U+0301).
- ``#你支持支付宝做社交吗？#我不支持…`` put the topic's closing ``#`` at the start of the next sentence.
"""

from __future__ import annotations

import pytest
import regex
from hypothesis import given, settings
from hypothesis import strategies as st

import argmine
from argmine.clean import WORD_CHAR, strip_span
from argmine.segment import MAX_UNIT_CHARS, split_sentences, tokenize

from .conftest import assert_offsets


def spans(source: str, granularity: str = "sentence") -> list[tuple[int, int]]:
    doc = argmine.Document("d", source)
    units = argmine.segment([doc], granularity=granularity)
    assert_offsets([doc], units)
    return [(u.start, u.end) for u in units]


def texts(source: str, granularity: str = "sentence") -> list[str]:
    return [source[s:e] for s, e in spans(source, granularity)]


# --- the cap: a word boundary, never a piece of one character ----------------------------------------------------


@pytest.mark.parametrize("granularity", ["sentence", "clause"])
@pytest.mark.parametrize(
    "source,expected",
    [
        # cut before the last word (jieba: 支付宝/做/社交/我/坚决/反对), not inside it
        ("支付宝做社交我坚决反对" + "😡" * 520, [(0, 9), (9, 531)]),
        # one word before the run: no cut leaves the piece after it within 500, so none splits the word
        ("哈哈哈" + "😂" * 510, [(0, 513)]),
        # the first cut is before 社交, the next one none: not 社 | 交😂…
        ("我" * 100 + "支付宝做社交" + "😂" * 600, [(0, 104), (104, 706)]),
        # a space is no character of a piece: not 我 | 社交😂…
        ("我 社交" + "😂" * 600, [(0, 604)]),
    ],
)
def test_cap_cuts_a_comment_before_a_long_emoji_run_at_a_word_boundary(granularity, source, expected):
    assert spans(source, granularity) == expected


@pytest.mark.parametrize("granularity", ["sentence", "clause"])
def test_cap_cuts_a_run_without_a_word_boundary_only_where_the_rest_fits(granularity):
    # 1000 letters are one word: the cut falls inside it (at the limit, then before the last letter, so that the 。
    # is not alone); where the rest after the word is too long to fit anyway, the word is not cut
    assert spans("x" * 1000 + "。", granularity) == [(0, 500), (500, 999), (999, 1001)]
    assert spans("x" * 300 + "😂" * 600, granularity) == [(0, 900)]


@pytest.mark.parametrize("granularity", ["sentence", "clause"])
def test_cap_cuts_at_a_word_boundary_further_back_than_40_characters(granularity):
    # no word boundary in the 40 characters before the limit (a run of 300 letters): the last one in the piece
    source = "支付宝做社交" * 50 + "x" * 300 + "。"
    assert spans(source, granularity) == [(0, 300), (300, 601)]


# --- the cap: no cut inside a grapheme cluster -----------------------------------------------------------------------


@pytest.mark.parametrize("granularity", ["sentence", "clause"])
@pytest.mark.parametrize(
    "source,expected",
    [
        ("a" + "\u0301" * 600 + "支付宝做社交", [(0, 601), (601, 607)]),
        ("a" + "\u0301" * 800 + "支付宝", [(0, 801), (801, 804)]),
        # the cluster does not start the piece: the cut moves back before it, the next one past it
        ("好" * 100 + "a" + "\u0301" * 600 + "支付宝", [(0, 100), (100, 701), (701, 704)]),
        # the cluster alone stays one unit (docs/segment.md)
        ("a" + "\u0301" * 2000, [(0, 2001)]),
    ],
)
def test_cap_keeps_a_cluster_longer_than_the_limit_whole(granularity, source, expected):
    assert spans(source, granularity) == expected


_WORDS = ("支付宝", "社交", "反对", "隐私", "哈哈哈", "坚决", "我", "好")
_CLUSTERS = ("e\u0301", "\U0001f468\u200d\U0001f469\u200d\U0001f467", "\U0001f1e8\U0001f1f3", "\uff1f\ufe0f", "\U0001f44d\U0001f3fb")
_PIECE = st.one_of(
    st.sampled_from(_WORDS),
    st.sampled_from(_CLUSTERS),
    st.sampled_from(("\U0001f602", "\U0001f621", " ", "\uff0c", "\u3001", "x")),
    st.builds(lambda c, n: c * n, st.sampled_from(("\U0001f602", "x", "好", " ")), st.integers(1, 700)),
    st.builds(lambda n: "a" + "\u0301" * n, st.integers(1, 700)),
)


def _clusters(text: str) -> list[tuple[int, int]]:
    """The grapheme clusters of ``text`` by the regex module's \\X (UAX #29), an oracle independent of segment.py."""
    return [m.span() for m in regex.finditer(r"\X", text)]


@settings(max_examples=150)
@given(st.lists(_PIECE, min_size=1, max_size=12).map("".join))
def test_cap_pieces_tile_the_text_between_grapheme_clusters(source):
    got = split_sentences(source, 0, len(source))
    if not WORD_CHAR.search(source):  # a line without a word character gives no piece
        assert got == []
        return
    clusters = _clusters(source)
    bounds = {0, len(source), *(e for _, e in clusters)}
    # the pieces are in order, stripped, and only white space lies between and around them
    prev = 0
    for s, e in got:
        assert prev <= s < e and (s, e) == strip_span(source, s, e)
        assert not source[prev:s].strip(), (prev, s)
        prev = e
    assert not source[prev:].strip()
    for s, e in got:
        assert s in bounds and e in bounds, (s, e)  # no cut inside a user-perceived character
        assert WORD_CHAR.search(source, s, e)
        if e - s > MAX_UNIT_CHARS:  # a cluster longer than the limit, or words within it and runs without one
            words = [m.start() for m in WORD_CHAR.finditer(source, s, e)]
            longest = max(ce - cs for cs, ce in clusters if s <= cs < e)
            assert longest > MAX_UNIT_CHARS or words[-1] - words[0] < MAX_UNIT_CHARS, (s, e)


_SEPARATED = st.lists(
    st.tuples(st.sampled_from(_WORDS[:6]), st.sampled_from(("", " ")), st.one_of(st.integers(1, 3), st.integers(1, 700))),
    min_size=1, max_size=8,
).map(lambda parts: "".join(w + space + "\U0001f602" * n for w, space, n in parts))


@settings(max_examples=150)
@given(_SEPARATED)
def test_cap_never_cuts_inside_a_word_of_comments_between_emoji_runs(source):
    # words of two or three characters, each followed by emoji: a word boundary always lies within 500 characters,
    # so no cut falls inside a word and no piece is a single character
    starts = {s for _, s, _ in tokenize(source)}
    for s, e in split_sentences(source, 0, len(source)):
        assert s in starts, (s, source[s : s + 3])
        assert e - s > 1


# --- a Weibo topic's closing # ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("granularity", ["sentence", "clause"])
@pytest.mark.parametrize(
    "source,expected",
    [
        ("#你支持支付宝做社交吗？#我不支持，隐私太重要了。", ["#你支持支付宝做社交吗？#", "我不支持，隐私太重要了。"]),
        ("#支付宝做社交是对是错？# 我觉得是错的。", ["#支付宝做社交是对是错？#", "我觉得是错的。"]),
        ("我看了#支付宝为什么要做社交！#真的无语。", ["我看了#支付宝为什么要做社交！#", "真的无语。"]),
        ("#话题一#说得对！#话题二？#好吧。", ["#话题一#说得对！", "#话题二？#", "好吧。"]),
        ("#“支付宝该做社交吗？”#不该。", ["#“支付宝该做社交吗？”#", "不该。"]),
    ],
)
def test_a_topic_closing_hash_stays_with_its_sentence(granularity, source, expected):
    assert texts(source, granularity) == expected


@pytest.mark.parametrize(
    "source,expected",
    [
        ("C#好用吗？#我觉得不行。", ["C#好用吗？", "#我觉得不行。"]),  # the # of C# opens no topic
        ("#1楼说得对！#2楼说得不对。", ["#1楼说得对！", "#2楼说得不对。"]),  # floor numbers
        ("##为什么要做社交？#我不懂。", ["##为什么要做社交？", "#我不懂。"]),  # ##, a heading's marks
        ("# 为什么要做社交？#我不懂。", ["# 为什么要做社交？", "#我不懂。"]),  # a # before a space
        ("#话题#说得对？#继续说。", ["#话题#说得对？", "#继续说。"]),  # the # after ？ opens, the topic closed before
        ("太好了！#", ["太好了！#"]),  # a lone # (no word character after it: it joins the sentence before)
        ("真的吗？#我不信。", ["真的吗？", "#我不信。"]),  # a lone # opens the next sentence, as before
        ("#" + "长" * 70 + "？#好的。", ["#" + "长" * 70 + "？", "#好的。"]),  # longer than a topic
    ],
)
def test_a_hash_that_closes_no_topic_moves_no_boundary(source, expected):
    assert texts(source) == expected
