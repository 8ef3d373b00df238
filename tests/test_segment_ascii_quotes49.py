"""QA round 49 (pages #3): a quotation in straight quotes (ASCII ``"…"``, full-width ``＂…＂``) that the sentence goes
on after ends no sentence, as one in ``“…”`` does (``知乎上"支付宝为什么要做社交？"这个问题下…`` is one sentence), where
the line's marks pair without doubt; an unbalanced line, an inch mark, a quote that a space or the line end follows and
quoted speech after a colon are segmented as before.
"""

from __future__ import annotations

import pytest

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
    ],
)
def test_straight_quotes_pair_only_without_doubt(source, pairs):
    assert _straight_paired(source, 0, len(source)) == pairs
