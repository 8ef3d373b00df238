"""QA round 49: the full-width straight quote ``＂`` (U+FF02, which NFKC folds to ``"``) closes a sentence as the
ASCII ``"`` does.  At a sentence end it stays with the sentence when it closes a quote of its own kind opened earlier
on the line (``他说：＂好的。＂`` | ``我走了。``), and opens the next sentence otherwise; a ``.`` before it ends a
sentence where one before ``"`` does (``他说:＂好.＂`` | ``我走了.``).  Each kind is counted with its own kind, so a
line that mixes them segments as the same line with the two kinds swapped.
"""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from .test_segment_cap_topics45 import spans, texts

FW = "\uff02"  # ＂


def full_width(source: str) -> str:
    """``source`` with every ASCII ``"`` written as ``＂`` (one character for one)."""
    return source.replace('"', FW)


def swapped(source: str) -> str:
    """``source`` with ``"`` and ``＂`` exchanged."""
    return source.translate({ord('"'): FW, ord(FW): '"'})


@pytest.mark.parametrize(
    "source,expected",
    [
        # the previous fixer's lines: the closing ＂ stays with the sentence
        ("他说：＂好的。＂我走了。", ["他说：＂好的。＂", "我走了。"]),
        ("他说＂好的。＂ 然后走了。", ["他说＂好的。＂", "然后走了。"]),
        # a ？ or ！ (and its variation selector) before it, a comma or an attribution after it
        ("他问：＂对吗？\ufe0f＂我说不。", ["他问：＂对吗？\ufe0f＂", "我说不。"]),
        ("他说＂好的！＂ ，我不同意。", ["他说＂好的！＂ ，我不同意。"]),
        ("他说＂好的。＂——某网友", ["他说＂好的。＂——某网友"]),
        # a "." before it ends the sentence as before "
        ("他说:＂没问题.＂我不同意.", ["他说:＂没问题.＂", "我不同意."]),
        ("He said ＂ok.＂ Then left.", ["He said ＂ok.＂", "Then left."]),
        # an opening ＂ after a sentence end still opens the next sentence
        ("这是第一句。＂第二句＂是引用。", ["这是第一句。", "＂第二句＂是引用。"]),
        ("＂好。＂然后＂走了。就这样。", ["＂好。＂", "然后＂走了。", "就这样。"]),
        # each kind with its own kind: a ＂ after an unclosed " opens, a " after an unclosed ＂ too
        ('他说"好。＂然后走了。', ['他说"好。', "＂然后走了。"]),
        ('他说＂好。"然后走了。', ["他说＂好。", '"然后走了。']),
        ('他说：＂好。＂她说："不。"走了。', ["他说：＂好。＂", '她说："不。"', "走了。"]),
    ],
)
def test_a_full_width_straight_quote_closes_a_sentence_as_the_ascii_one(source, expected):
    assert texts(source) == expected


# Lines with ASCII straight quotes at sentence ends, closing and opening: written with ＂ they segment alike.
LINES = [
    '他说："好的。"我走了。',
    '他说"好的。" 然后走了。',
    '他说"好的。"\n然后走了。',
    '她问"真的吗？"我说"真的！"然后笑了。',
    '他说:"支付宝做社交没问题."我不同意.',
    '他说"不要!",然后走了。',
    '"好。"然后"走了。就这样。',
    '这是第一句。"第二句"是引用。',
    '他说" 好。"然后走了。',
    '"Really?" he asked. He said "ok." Then left.',
    '知乎上"支付宝为什么要做社交？"这个问题下，答案都很一致。"对吗？"',
]


@pytest.mark.parametrize("granularity", ["sentence", "clause"])
@pytest.mark.parametrize("source", LINES)
def test_full_width_quotes_give_the_offsets_of_ascii_ones(source, granularity):
    assert spans(full_width(source), granularity) == spans(source, granularity)


@pytest.mark.parametrize("granularity", ["sentence", "clause"])
@pytest.mark.parametrize("source", [full_width(line) + line for line in LINES] + [line + "\n" + full_width(line) for line in LINES])
def test_a_line_mixing_both_kinds_gives_the_offsets_of_the_kinds_swapped(source, granularity):
    assert spans(swapped(source), granularity) == spans(source, granularity)


# Quotes at sentence ends ("好的。", ！", ."), then the pieces around them, one at a time
_PIECES = st.sampled_from(['"好的。"', '"ok."', "！" + FW, '？"', '."', '"', FW, "。", "？", "!", "好的", "他说", "ok", "He", " ",
                           "，", ",", "：", ":", "\u201c", "\u201d", "'", "——某人", "\n", "5", "#"])


@given(st.lists(_PIECES, max_size=16))
def test_each_kind_of_straight_quote_is_counted_with_its_own_kind(pieces):
    source = "".join(pieces)
    for granularity in ("sentence", "clause"):
        assert spans(swapped(source), granularity) == spans(source, granularity)
        if FW not in source:
            assert spans(full_width(source), granularity) == spans(source, granularity)
