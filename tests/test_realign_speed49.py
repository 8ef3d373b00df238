"""QA round 49: ``realign`` took minutes on a 4,000-line page where 2,000 records found no unit: each looked for the
unit most like it by comparing its text with every unit of the document (difflib's ratio).  The search now rules out
the units whose upper bounds cannot beat the best so far; which unit it names must not change: the first, in document
order, of those most like the record's text, whichever unit is at its place."""

from __future__ import annotations

import difflib

from hypothesis import given, settings
from hypothesis import strategies as st

from argmine.annotations import GoldRecord, realign

from .test_realign_invisible_repeats45 import units_of

ASK = "支付宝做社交这件事，大家怎么看？"
PRIVACY = "隐私问题太大了，这个功能没人需要。"
OLD = "我觉得没有必要。"  # the labelled sentence, edited on the new page


def reason_of(start: int, lines: list[str], kind: str = "body") -> str:
    """Why the one record of ``OLD`` at ``start`` no longer aligns on a page of ``lines`` (one unit each)."""
    record = GoldRecord(id="p#9", doc="p", start=start, end=start + len(OLD), text=OLD, kind=kind,
                        themes=("bloat",), sentiment="negative")
    aligned, lost = realign([record], units_of(lines))
    assert aligned == [] and len(lost) == 1
    return lost[0].reason


def test_realign_names_the_first_of_two_units_equally_like_the_record_not_the_one_at_its_place():
    # p#1 and p#3 read the same edited sentence (ratio 8/9 each); its span 24..32 overlaps p#2 and p#3
    reason = reason_of(24, ["我觉得完全没有必要。", ASK, "我觉得完全没有必要。", PRIVACY])
    assert reason == ("its span 24..32 now overlaps p#2 11..27, p#3 28..38 with different boundaries; the unit "
                      "most like it, p#1 0..10, now reads '我觉得完全没有必要。', not '我觉得没有必要。': the source changed")


def test_realign_names_the_unit_at_its_place_when_a_later_one_is_as_like_the_record():
    reason = reason_of(12, [ASK, "我觉得完全没有必要。", PRIVACY, "我觉得完全没有必要。"])
    assert "; the unit most like it, p#2 17..27, now reads '我觉得完全没有必要。'" in reason


def test_realign_names_a_later_unit_more_like_the_record_than_the_one_at_its_place():
    # p#2, at its place, has a ratio of 2/3; p#4 of 8/9
    reason = reason_of(12, [ASK, "你觉得真的有必要吗。", PRIVACY, "我觉得还是没有必要。"])
    assert reason == ("its span 12..20 now overlaps p#1 0..16, p#2 17..27 with different boundaries; the unit "
                      "most like it, p#4 46..56, now reads '我觉得还是没有必要。', not '我觉得没有必要。': the source changed")
    # and the one at its place where it is the more like it
    assert "the unit most like it, p#2 17..27," in reason_of(12, [ASK, "我觉得还是没有必要。", PRIVACY, "你觉得真的有必要吗。"])


def test_realign_names_no_unit_where_none_is_like_the_record():
    # 你觉得真的有必要吗？ has a ratio of 5/9 (under 0.6)
    assert reason_of(12, [ASK, "你觉得真的有必要吗？", PRIVACY]) == "its text no longer occurs in p (deleted or edited?)"


def test_realign_names_the_unit_most_like_a_record_besides_its_copy_of_another_kind():
    # its text as it was, in p#4, is a body unit: not taken by a comment, and not the unit most like it
    reason = reason_of(12, [ASK, "我觉得完全没有必要。", PRIVACY, OLD], kind="comment")
    assert reason == ("its span 12..20 now overlaps p#1 0..16, p#2 17..27 with different boundaries; the unit "
                      "most like it, p#2 17..27, now reads '我觉得完全没有必要。', not '我觉得没有必要。': the source "
                      "changed; its text now occurs only at p#4 46..54 (a body unit, not comment), so it was not moved "
                      "there (move it by hand if it belongs there)")


def edit(text: str, changes: list[tuple[str, int, str]]) -> str:
    """``text`` with ``changes`` made: a character inserted, put in the place of one, or one deleted, at a position."""
    for change, at, char in changes:
        at %= len(text) + 1
        if change == "delete":
            text = text[:at] + text[at + 1:]
        else:
            text = text[:at] + char + text[at + (change == "replace"):]
    return text or char


changes = st.tuples(st.sampled_from(["insert", "replace", "delete"]), st.integers(0, 20), st.sampled_from("你还我没。"))
edited = st.builds(edit, st.just(OLD), st.lists(changes, min_size=1, max_size=6)).filter(lambda t: t != OLD)


@settings(max_examples=200, deadline=None)
@given(at_place=edited, others=st.lists(edited, max_size=5), before=st.lists(edited, max_size=3))
def test_realign_names_the_first_unit_of_the_greatest_ratio(at_place, others, before):
    # edits of the sentence (ties among them too): before the page, at its place (overlapping its span), after it
    lines = [*before, ASK, at_place, PRIVACY, *others]
    start = sum(len(line) + 1 for line in before) + 12
    units = units_of(lines)
    ratios = [difflib.SequenceMatcher(None, u.text, OLD).ratio() for u in units]
    best = units[max(range(len(units)), key=ratios.__getitem__)]  # the first of the greatest
    reason = reason_of(start, lines)
    assert ("the unit most like it" in reason) == (max(ratios) >= 0.6)
    if max(ratios) >= 0.6:
        assert f"; the unit most like it, {best.id} {best.start}..{best.end}, now reads " in reason
