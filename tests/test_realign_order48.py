"""QA round 48 (recheck47, finding 1): realign rotated the labels of identical repeated sentences when a line below them
was deleted.  The copy next to the deletion took that line's shift and the copies above it the shift above, so their
expected places were out of order and the squared cost preferred a rotation, reported only as "moved".  The records of
one text keep their order on the copies they take."""

from __future__ import annotations

import json

from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from argmine.annotations import GoldRecord, realign
from argmine.cli import main

from .test_realign_invisible_repeats45 import units_of

REPEAT = "财不外露！"
LINES = ["支付宝做社交这件事，大家怎么看？", "我觉得没有必要。", "隐私问题太大了，这个功能没人需要。",
         "财不外露！财不外露！财不外露！", "补充一句：我已经卸载了。", "说得对。"]
LABELS = [(("privacy",), "negative"), (("bloat",), "neutral"), (("brand_fit",), "positive")]


def test_realign_keeps_labels_of_repeated_sentences_in_order_when_a_line_below_is_deleted():
    # the tester's page with one unit per line: the three copies of 财不外露！ at 44, 50 and 56
    lines = LINES[:3] + [REPEAT] * 3 + LINES[4:]
    gold = [GoldRecord.from_unit(u, *LABELS[n % 3]) for n, u in enumerate(units_of(lines))]
    new = units_of(lines[:6] + lines[7:])  # the 补充一句 line deleted
    aligned, lost = realign(gold, new)
    assert [u.record.text for u in lost] == [LINES[4]]
    assert [(r.start, r.end, r.text, r.themes, r.sentiment) for r in aligned if r.text == REPEAT] == [
        (44, 49, REPEAT, ("privacy",), "negative"), (50, 55, REPEAT, ("bloat",), "neutral"),
        (56, 61, REPEAT, ("brand_fit",), "positive")]
    # they stayed where they were, so none counts as moved
    assert [r for r in aligned if r.text == REPEAT and "realigned_from" in r.meta] == []


def test_realign_cli_keeps_repeats_in_place_after_the_deleted_line(tmp_path):
    # the tester's repro, end to end: segment, label, delete the 5th line, realign
    (tmp_path / "old").mkdir()
    (tmp_path / "new").mkdir()
    (tmp_path / "old" / "p.txt").write_text("\n".join(LINES) + "\n", encoding="utf-8")
    (tmp_path / "new" / "p.txt").write_text("\n".join(LINES[:4] + LINES[5:]) + "\n", encoding="utf-8")
    runner = CliRunner()
    result = runner.invoke(main, ["segment", str(tmp_path / "old"), "-q", "-o", str(tmp_path / "units.jsonl")], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    with open(tmp_path / "gold.jsonl", "w", encoding="utf-8") as out:
        for n, line in enumerate(open(tmp_path / "units.jsonl", encoding="utf-8")):
            d = {k: v for k, v in json.loads(line).items() if k != "meta"}
            d["themes"], d["sentiment"] = [list(LABELS[n % 3][0]), LABELS[n % 3][1]]
            out.write(json.dumps(d, ensure_ascii=False) + "\n")
    result = runner.invoke(main, ["realign", str(tmp_path / "gold.jsonl"), str(tmp_path / "new"), "-o", str(tmp_path / "new.jsonl")],
                           catch_exceptions=False)
    got = [json.loads(line) for line in open(tmp_path / "new.jsonl", encoding="utf-8")]
    assert [(d["id"], d["start"], d["end"], d["themes"], d["sentiment"]) for d in got if d["text"] == REPEAT] == [
        ("p#4", 44, 49, ["privacy"], "negative"), ("p#5", 49, 54, ["bloat"], "neutral"), ("p#6", 54, 59, ["brand_fit"], "positive")]
    # only the line after the deletion moved; the deleted line's record is reported
    assert "7 of 8 gold records aligned (1 moved), 1 did not" in result.output


@st.composite
def edited_page(draw):
    """A page of unique lines and copies of one sentence, and the same page with unique lines deleted and inserted."""
    n_unique = draw(st.integers(1, 8))
    n_repeats = draw(st.integers(2, 5))
    old = [f"第{n}行说得对。" for n in range(n_unique)]
    for _ in range(n_repeats):
        old.insert(draw(st.integers(0, len(old))), REPEAT)
    keep = [line == REPEAT or draw(st.booleans()) for line in old]
    new = [line for line, k in zip(old, keep) if k]
    for n in range(draw(st.integers(0, 4))):
        new.insert(draw(st.integers(0, len(new))), f"新加的第{n}行，写得比较长一些。")
    return old, new


@settings(max_examples=400, deadline=None)
@given(edited_page())
def test_realign_never_crosses_labels_of_repeated_sentences(page):
    old, new = page
    gold = [GoldRecord.from_unit(u, (f"t{n}",), "neutral") for n, u in enumerate(units_of(old))]
    new_units = units_of(new)
    aligned, lost = realign(gold, new_units)
    # the k-th labelled copy in old order is on the k-th copy in the new page, and no copy's label is lost
    assert [r.themes for r in aligned if r.text == REPEAT] == [r.themes for r in gold if r.text == REPEAT]
    assert [r.start for r in aligned if r.text == REPEAT] == [u.start for u in new_units if u.text == REPEAT]
    # unique lines that remain keep their labels; exactly the deleted ones are reported
    assert {r.text: r.themes for r in aligned if r.text != REPEAT} == {r.text: r.themes for r in gold if r.text in new and r.text != REPEAT}
    assert sorted(u.record.text for u in lost) == sorted(r.text for r in gold if r.text not in new)
