"""QA round 49 (pages #3): a quotation in straight quotes (ASCII ``"…"``, full-width ``＂…＂``) that the sentence goes
on after ends no sentence, as one in ``“…”`` does (``知乎上"支付宝为什么要做社交？"这个问题下…`` is one sentence), where
the line's marks pair without doubt; an unbalanced line, an inch mark, a quote that a space or the line end follows and
quoted speech after a colon are segmented as before.

QA recheck 49: two unclosed openers on a line (``有人说"…。我同意。但也有人说"…``), quotations opened with ``"`` and
closed with ``”``, or ``＂`` and ``"`` mixed were paired opener with opener, joining whole sentences; a line's marks of a
kind now pair only where each pair reads as one quotation (no sentence end inside it but at its end, its ``“”`` and the
other kind's marks balanced), so those lines split as before.
"""

from __future__ import annotations

import importlib
import re
from unittest import mock

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from argmine.segment import _straight_paired

from .test_segment_cap_topics45 import spans, texts


def curly(source: str) -> str:
    """``source`` with its straight quotes written as “…” (the first opens, the second closes, …)."""
    parts = source.split('"')
    return "".join(p + ("\u201c" if k % 2 == 0 else "\u201d") for k, p in enumerate(parts[:-1])) + parts[-1]


@pytest.mark.parametrize(
    "source,expected",
    [
        # the tester's lines: one sentence each, as with “…”
        ('知乎上"支付宝为什么要做社交？"这个问题下，答案都很一致。', ['知乎上"支付宝为什么要做社交？"这个问题下，答案都很一致。']),
        ('他说"我们会认真听取大家的意见。"然后走了。', ['他说"我们会认真听取大家的意见。"然后走了。']),
        # two quotations on a line
        ('她问"真的吗？"我说"真的！"然后笑了。', ['她问"真的吗？"我说"真的！"然后笑了。']),
        # a quotation of digits ("双11") closes after a digit: left out, but the line's other quotation still pairs
        ('大家对"双11"怎么看？"支付宝为什么要做社交？"这个问题下很热闹。', ['大家对"双11"怎么看？', '"支付宝为什么要做社交？"这个问题下很热闹。']),
        # at the line's start, a word after it
        ('"好。"他说。', ['"好。"他说。']),
        # an invisible character inside the quotation is read past
        ('知乎上"支付宝为什么要做社交？\u200b"这个问题下，答案都很一致。', ['知乎上"支付宝为什么要做社交？\u200b"这个问题下，答案都很一致。']),
        # a quotation of a ？ alone opens the sentence it is part of, as “？” does
        ('11……！"？"这个问题下，支付宝这个问题下。', ['11……！', '"？"这个问题下，支付宝这个问题下。']),
    ],
)
def test_an_ascii_quotation_the_sentence_goes_on_after_ends_no_sentence(source, expected):
    assert texts(source) == expected
    # the same offsets as the text with “…” (one character for one), in clauses too
    assert spans(source) == spans(curly(source))
    assert spans(source, "clause") == spans(curly(source), "clause")


def test_a_full_width_straight_quotation_follows_the_ascii_one():
    source = "知乎上\uff02支付宝为什么要做社交？\uff02这个问题下，答案都很一致。"
    assert texts(source) == [source]
    assert texts("他说\uff02我们会认真听取大家的意见。\uff02然后走了。") == ["他说\uff02我们会认真听取大家的意见。\uff02然后走了。"]


@pytest.mark.parametrize(
    "source,expected",
    [
        # a quotation closing a sentence at the line end: the closing quote stays with it, the next line is its own
        ('他说"好的。"\n然后走了。', ['他说"好的。"', "然后走了。"]),
        # a space after the quotation: it still ends (as 他说“好的。” 然后走了。 does)
        ('他说"好的。" 然后走了。', ['他说"好的。"', "然后走了。"]),
        # quoted speech after a colon ends at its own terminator
        ('他说："好。"然后走了。', ['他说："好。"', "然后走了。"]),
        ('他说:"没问题."我不同意.', ['他说:"没问题."', "我不同意."]),
        # an inch mark, alone or two on the line
        ('这是5" 屏幕。真好。', ['这是5" 屏幕。', "真好。"]),
        ('屏幕是5"。我喜欢6"的。', ['屏幕是5"。', '我喜欢6"的。']),
        # an unclosed quote and an inch mark: the pair would close after a digit
        ('他说"好。我要买个6"的。', ['他说"好。', '我要买个6"的。']),
        # a stray quote, three on a line, a quotation opening before white space, ASCII and full-width marks mixed
        ('他说"好。然后走了。', ['他说"好。', "然后走了。"]),
        ('"好。"然后"走了。就这样。', ['"好。"', '然后"走了。', "就这样。"]),
        ('他说" 好。"然后走了。', ['他说" 好。"', "然后走了。"]),
        ('他说"好。\uff02然后走了。', ['他说"好。', "\uff02然后走了。"]),
        # English quotes in English text, as before
        ('He said "ok." Then left.', ['He said "ok."', "Then left."]),
        ('He said "ok." then left.', ['He said "ok." then left.']),
        ('"Really?" he asked.', ['"Really?"', "he asked."]),
    ],
)
def test_doubtful_or_closing_ascii_quotes_segment_as_before(source, expected):
    assert texts(source) == expected


@pytest.mark.parametrize(
    "source,pairs",
    [
        ('知乎上"对吗？"这个', [(3, 8)]),
        ('a"b"c"d"e', [(1, 4), (5, 8)]),
        ('"双11"和"对吗？"', [(6, 11)]),  # one closing after a digit is left out
        ('买了5"和6"的', []),  # opens after a digit: an inch mark
        ('他说"好。', []),  # odd in number
        ('他说" 好。"', []),  # opens before white space
        ('他说"好。 "', []),  # closes after white space
        ('"好。\uff02', []),  # each kind paired with its own
        ("\uff02好。\uff02然后", [(0, 4)]),
        ("没有引号。", []),
        # QA recheck 49: a pair reads as one quotation, or the line's marks of its kind pair nothing
        ('说"好。我同意。又说"对', []),  # a sentence end inside, not at its end: two openers
        ('说"好。”走了。她说"不。”', []),  # opened with " and closed with ”
        ('他说"好”。"支付宝"这个名字好，她说"行”。', []),  # a ” that no “ inside opens
        ('他说"她问\uff02对吗？"然后', []),  # one ＂ inside: the quotations would cross
        ('"好。我们走吧。"然后"对吗？"这个', []),  # a quotation of two sentences: the line's others in doubt too
        ('"她问“对吗？”"然后', [(0, 9)]),  # closing quotes between the sentence end and the mark
        ('"她问\uff02对吗？\uff02"然后', [(0, 9), (3, 8)]),  # the other kind paired inside
        ('"好。"和"对吗？"', [(0, 4), (5, 10)]),
        ('\uff02好。我同意。\uff02然后"对吗？"这个', [(10, 15)]),  # each kind in doubt on its own
    ],
)
def test_straight_quotes_pair_only_without_doubt(source, pairs):
    assert _straight_paired(source, 0, len(source)) == pairs


# --- QA recheck 49: stray or mixed-style straight quotes pair nothing, so the line splits as before ---------------


@pytest.mark.parametrize("granularity", ["sentence", "clause"])
@pytest.mark.parametrize(
    "source,expected",
    [
        # two unclosed openers would pair across three sentence ends
        ('有人说"支付宝就是个钱包。我同意。但也有人说"社交是趋势。我不同意。',
         ['有人说"支付宝就是个钱包。', "我同意。", '但也有人说"社交是趋势。', "我不同意。"]),
        ("有人说\uff02支付宝就是个钱包。我同意。但也有人说\uff02社交是趋势。我不同意。",
         ["有人说\uff02支付宝就是个钱包。", "我同意。", "但也有人说\uff02社交是趋势。", "我不同意。"]),
        # quotations opened with " and closed with ”
        ('他说"好。”然后走了。她说"不。”我们走吧。', ['他说"好。”', "然后走了。", '她说"不。”', "我们走吧。"]),
        # ＂ and " mixed: no pair of either kind (the second ＂ closes a sentence as the second " would)
        ('他说\uff02好。"然后走了。她说"不。\uff02我们走吧。', ["他说\uff02好。", '"然后走了。', '她说"不。\uff02', "我们走吧。"]),
        # a pair holding a ” that no “ inside opens, one holding a single mark of the other kind
        ('他说"好”。"支付宝"这个名字好，她说"行”。', ['他说"好”。"', '支付宝"这个名字好，她说"行”。']),
        ('他说"她问\uff02对吗？"然后\uff02走了\uff02。', ['他说"她问\uff02对吗？"', "然后\uff02走了\uff02。"]),
        # a quotation of two sentences: the line's pairs are in doubt, the other quotation included
        ('他说"好。我们走吧。"然后"支付宝为什么要做社交？"这个问题下很热闹。',
         ['他说"好。', '我们走吧。"', '然后"支付宝为什么要做社交？"', "这个问题下很热闹。"]),
    ],
)
def test_straight_quotes_that_pair_across_a_sentence_end_split_as_before(source, expected, granularity):
    assert texts(source, granularity) == expected
    assert spans(source, granularity) == _unpaired_spans(source, granularity)


def test_closing_quotes_may_stand_between_the_sentence_end_and_the_straight_mark():
    assert texts('他说"她问“对吗？”"然后走了。') == ['他说"她问“对吗？”"然后走了。']


def _unpaired_spans(source: str, granularity: str = "sentence") -> list[tuple[int, int]]:
    """:func:`spans` with no straight-quote quotation paired: the line split as before the rule."""
    with mock.patch.object(importlib.import_module("argmine.segment"), "_straight_paired", lambda text, start, end: []):
        return spans(source, granularity)


_TERMINATORS = "。？！…"
_WORD = re.compile(r"[\w\u3400-\u9fff]")


def _doubt_free_quotations(line: str) -> list[tuple[int, int]]:
    """The marks ``(i, j)`` of the line's straight quotations that end in a sentence end (and closing marks) and hold
    none before it, whose “” pair and which hold an even number of the other straight kind: a reference for
    :func:`_straight_paired`, written apart from it."""
    found = []
    for q, other in (('"', "\uff02"), ("\uff02", '"')):
        marks = [k for k, c in enumerate(line) if c == q]
        if len(marks) % 2:
            continue
        for i, j in zip(marks[::2], marks[1::2]):
            inner = line[i + 1 : j]
            last = re.search("[" + _TERMINATORS + "]+[”）" + other + "]*$", inner)
            depth = [inner[: k + 1].count("“") - inner[: k + 1].count("”") for k in range(len(inner))]
            if (last and not any(c in _TERMINATORS for c in inner[: last.start()]) and inner.count(other) % 2 == 0
                    and min(depth, default=0) >= 0 and depth[-1] == 0):
                found.append((i, j))
    return found


# words, sentence ends and other punctuation, and the quotes, straight ones the most often
_PIECES = ["支付宝", "我同意", "他说", "社交", "隐私", "11", "ok", "。", "。", "？", "！", "……", "，", "：", " ", "）",
           '"', '"', '"', '"', "\uff02", "\uff02", "“", "”"]


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(_PIECES), min_size=1, max_size=16).map("".join))
@example('有人说"支付宝就是个钱包。我同意。但也有人说"社交是趋势。我不同意。')
@example('他说"好。”然后走了。她说"不。”我们走吧。')
@example('他说\uff02好。"然后走了。她说"不。\uff02我们走吧。')
@example('知乎上"支付宝为什么要做社交？"这个问题下，答案都很一致。')
def test_only_doubt_free_straight_quotations_join_sentences(line):
    """Against the line split with no straight quotation paired (as before the rule), a sentence start the pairing
    takes away lies in a quotation that ends in a sentence end and holds none before it (its mark or just after it);
    one it adds is where such a quotation, with nothing but punctuation before it back to there, now starts a piece
    that has words (a wordless piece used to join the sentence before it)."""
    before = {s for s, _ in _unpaired_spans(line)}
    after = {s for s, _ in spans(line)}
    quotations = _doubt_free_quotations(line)
    for x in before - after:
        assert any(i < x <= j + 1 for i, j in quotations), (line, x)
    for x in after - before:
        assert any(x <= i and not _WORD.search(line, x, j + 1) for i, j in quotations), (line, x)
