"""QA round 46 (recheck45, finding 3): realign matches the copies of a repeated sentence by what a reader sees, also
where each text occurs as often as its records: an anti-copy script puts its zero-width characters in another copy on
each page load, and an exact match pulled a record across the copy at its place (privacy and brand_fit swapped
silently).  Texts that read alike only with the same invisible characters everywhere are matched as before."""

from __future__ import annotations

import json
import warnings

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from argmine.annotations import GoldRecord, load_gold, realign
from argmine.types import Unit

from .test_realign_invisible_repeats45 import INVISIBLE_WARNING, run, units_of


def labelled(units: list[Unit]) -> list[GoldRecord]:
    """Gold for ``units``, each record with a theme of its own (a swap of two repeats would show)."""
    return [GoldRecord.from_unit(u, (f"t{n}",), "negative") for n, u in enumerate(units)]


RIGHT = "说得太对了！"
ZWSP = "说得太\u200b对了！"


def test_realign_keeps_repeats_in_place_when_the_invisible_character_moves_to_another_copy():
    # the tester's case: each exact text once among the old units and once among the new, at the other copy
    gold = labelled(units_of([ZWSP, "财不外露。", RIGHT]))
    new = units_of([RIGHT, "财不外露。", ZWSP])
    with pytest.warns(UserWarning) as caught:
        aligned, lost = realign(gold, new)
    assert lost == []
    assert [(r.id, r.start, r.end, r.text, r.themes) for r in aligned] == [
        ("p#1", 0, 6, RIGHT, ("t0",)), ("p#2", 7, 12, "财不外露。", ("t1",)), ("p#3", 13, 20, ZWSP, ("t2",))]
    # not silent: both records now carry other invisible characters
    assert [str(w.message) for w in caught] == [INVISIBLE_WARNING.format(
        n="2 gold records", its="their", names="U+200B ZERO WIDTH SPACE", they="they", carry="carry")]


@pytest.mark.parametrize("old, new", [
    # the invisible characters rotate among three copies, each text once on each side
    (["说得太\u200b对了！", "财不外露。", "说得太\u200c对了！", "好。", RIGHT],
     [RIGHT, "财不外露。", "说得太\u200b对了！", "好。", "说得太\u200c对了！"]),
    (["说得太\ufeff对了！", RIGHT, "财不外露。", "说得\u2060太对了！"],
     ["说得\u2060太对了！", "说得太\ufeff对了！", "财不外露。", RIGHT]),
    # an exact text twice on each side, one copy of it swapped with the one that carries a zero-width space
    ([ZWSP, "财不外露。", RIGHT, RIGHT], [RIGHT, "财不外露。", RIGHT, ZWSP]),
])
def test_realign_takes_the_kth_copy_whatever_invisible_characters_either_carries(old, new):
    gold = labelled(units_of(old))
    units = units_of(new)
    with pytest.warns(UserWarning, match=r"matched (its|their) unit only when read without invisible characters"):
        aligned, lost = realign(gold, units)
    assert lost == []
    assert [(r.id, r.start, r.end, r.text, r.themes) for r in aligned] == [
        (u.id, u.start, u.end, u.text, g.themes) for u, g in zip(units, gold)]


def test_realign_is_not_pulled_to_a_new_exact_copy_away_from_the_copy_at_its_place():
    # the sentence at its place gained a zero-width space; a new body line further down repeats it as it was labelled
    gold = labelled(units_of([RIGHT, "财不外露。"]))
    new = units_of([ZWSP, "财不外露。", "支付宝做社交是错的。", RIGHT])
    with pytest.warns(UserWarning, match=r"^1 gold record of p matched its unit only when read without invisible"):
        aligned, lost = realign(gold, new)
    assert lost == [] and [(r.id, r.text, r.themes) for r in aligned] == [
        ("p#1", ZWSP, ("t0",)), ("p#2", "财不外露。", ("t1",))]


def test_realign_keeps_a_record_on_its_own_script_where_its_invisible_characters_changed():
    # the Simplified copy lost its zero-width space and moved above the Traditional one: the record keeps to the
    # Simplified copy (what a reader sees), not the one at its old place in the other script
    gold = labelled(units_of(["從電商做社交，難！", "财不外露。", "从电商做社交，\u200b难！"]))
    new = units_of(["从电商做社交，难！", "财不外露。", "從電商做社交，難！"])
    with pytest.warns(UserWarning) as caught:
        aligned, lost = realign(gold, new)
    assert lost == [] and [(r.id, r.text, r.themes) for r in aligned] == [
        ("p#3", "從電商做社交，難！", ("t0",)), ("p#2", "财不外露。", ("t1",)), ("p#1", "从电商做社交，难！", ("t2",))]
    assert [str(w.message).split(" (")[0] for w in caught] == [
        "1 gold record of p matched its unit only when read without invisible characters"]


def test_realign_of_exact_repeats_without_invisible_characters_is_unchanged():
    # each copy read as it is: a paragraph moved carries its exact copy along, as before
    gold = labelled(units_of(["从电商做社交，难！", "财不外露。", "從電商做社交，難！"]))
    new = units_of(["從電商做社交，難！", "财不外露。", "从电商做社交，难！"])
    aligned, lost = realign(gold, new)
    assert lost == [] and [(r.id, r.themes) for r in aligned] == [("p#3", ("t0",)), ("p#2", ("t1",)), ("p#1", ("t2",))]


POOL = [RIGHT, "财不外露。", "從電商做社交，難！"]
INVISIBLE = ["", "", "\u200b", "\u200c", "\ufeff", "\u00ad"]


def copy_of(sentence: str, mark: str, at: int) -> str:
    """``sentence`` with the invisible ``mark`` inside it (none where ``mark`` is empty)."""
    at = 1 + at % (len(sentence) - 1)
    return sentence[:at] + mark + sentence[at:]


page = st.lists(st.tuples(st.sampled_from(POOL), st.sampled_from(INVISIBLE), st.integers(0, 20),
                          st.sampled_from(INVISIBLE), st.integers(0, 20)), min_size=2, max_size=9)


@settings(max_examples=300)
@given(page)
def test_realign_matches_repeats_in_order_whatever_copies_carry_invisible_characters(lines):
    # the page re-scraped with the anti-copy characters in other copies: every record stays on its line
    old = units_of([copy_of(s, a, i) for s, a, i, _, _ in lines])
    new = units_of([copy_of(s, b, j) for s, _, _, b, j in lines])
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        aligned, lost = realign(labelled(old), new)
    assert lost == []
    assert [(r.id, r.start, r.end, r.themes) for r in aligned] == [
        (u.id, u.start, u.end, (f"t{n}",)) for n, u in enumerate(new)]


def test_cli_realign_keeps_labels_when_the_zero_width_space_moves_to_the_other_copy(tmp_path):
    (tmp_path / "old").mkdir(), (tmp_path / "new").mkdir()
    (tmp_path / "old" / "p.txt").write_text(f"{ZWSP}\n财不外露。\n{RIGHT}\n", "utf-8")
    (tmp_path / "new" / "p.txt").write_text(f"{RIGHT}\n财不外露。\n{ZWSP}\n", "utf-8")
    units, gold, new = tmp_path / "units.jsonl", tmp_path / "gold.jsonl", tmp_path / "new.jsonl"
    r = run("segment", tmp_path / "old", "-q", "-o", units)
    assert r.exit_code == 0, r.output
    with gold.open("w", encoding="utf-8") as out:
        for line, themes in zip(units.read_text("utf-8").splitlines(), ["privacy", "bloat", "brand_fit"]):
            u = {k: v for k, v in json.loads(line).items() if k != "meta"} | {"themes": [themes], "sentiment": "negative"}
            out.write(json.dumps(u, ensure_ascii=False) + "\n")
    r = run("realign", gold, tmp_path / "new", "-o", new)
    assert r.exit_code == 0, r.output
    assert "3 of 3 gold records aligned (3 moved), 0 did not" in r.output
    assert "2 gold records of p matched their unit only when read without invisible characters (U+200B" in r.output
    assert [(g.id, g.start, g.end, g.text, g.themes) for g in load_gold(new)] == [
        ("p#1", 0, 6, RIGHT, ("privacy",)), ("p#2", 7, 12, "财不外露。", ("bloat",)), ("p#3", 13, 20, ZWSP, ("brand_fit",))]
