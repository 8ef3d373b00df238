"""QA round 45 (invisible2, F2): realign matches a repeated sentence whose copies came back with different invisible
characters as repeats are matched (the k-th record to the k-th copy), instead of losing the records: an exact copy
found fewer times than records have it no longer claims them all, and two copies that read the same are one text."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from argmine.annotations import GoldRecord, load_gold, realign
from argmine.cli import main
from argmine.normalize import visible
from argmine.read import read
from argmine.segment import segment
from argmine.types import Unit


def run(*args):
    return CliRunner().invoke(main, list(map(str, args)), catch_exceptions=False)


def units_of(lines: list[str], kinds: list[str] | None = None, doc: str = "p") -> list[Unit]:
    """One unit per line of ``lines`` (joined by newlines), of ``kinds`` (body by default)."""
    text = "\n".join(lines) + "\n"
    units, start = [], 0
    for n, (line, kind) in enumerate(zip(lines, kinds or ["body"] * len(lines)), 1):
        units.append(Unit.from_source(text, doc=doc, n=n, start=start, end=start + len(line), kind=kind))
        start += len(line) + 1
    return units


def labelled(units: list[Unit]) -> list[GoldRecord]:
    """Gold for ``units``, each record with a label of its own (a swap of two repeats would show)."""
    sentiments = ("positive", "negative", "neutral")
    return [GoldRecord.from_unit(u, (f"t{n}",), sentiments[n % 3]) for n, u in enumerate(units)]


QUESTION = "圈子到底是什么?"
OLD = ["支付宝做社交是错的。", QUESTION, QUESTION, "财不外露。"]
INVISIBLE_WARNING = (
    "{n} of p matched {its} unit only when read without invisible characters ({names}: removed from the source or added "
    "to it, where no reader sees them; the same text as argmine's normalised view reads it, which leaves them out); "
    "{they} now {carry} the new source's text, with offsets into it")


@pytest.mark.parametrize("first, second, names", [
    ("圈子到底是什\ufeff么?", "圈子到底\u200c是什么?", "U+200C ZERO WIDTH NON-JOINER, U+FEFF ZERO WIDTH NO-BREAK SPACE"),
    (QUESTION, "圈子到底\u200c是什么?", "U+200C ZERO WIDTH NON-JOINER"),
    ("圈子\u200b到底是什么?", QUESTION, "U+200B ZERO WIDTH SPACE"),
])
def test_realign_matches_repeats_with_different_invisible_characters_in_order(first, second, names):
    gold = labelled(units_of(OLD))
    new = units_of([OLD[0], first, second, OLD[3]])
    with pytest.warns(UserWarning) as caught:
        aligned, lost = realign(gold, new)
    assert lost == []
    # the k-th record of the repeated question takes its k-th copy, with its own labels
    assert [(r.id, r.start, r.end, r.text, r.themes) for r in aligned] == [
        (u.id, u.start, u.end, u.text, g.themes) for u, g in zip(new, gold)]
    n = sum(g.text != u.text for g, u in zip(gold, new))
    assert [str(w.message) for w in caught] == [INVISIBLE_WARNING.format(
        n=f"{n} gold record{'s' * (n > 1)}", its="their" if n > 1 else "its", names=names,
        they="they" if n > 1 else "it", carry="carry" if n > 1 else "carries")]


def test_realign_matches_repeats_across_invisible_characters_and_script():
    gold = labelled(units_of(OLD))
    new = units_of([OLD[0], "圈子到底是什麼?", "圈子到底\u200b是什么?", OLD[3]])
    with pytest.warns(UserWarning) as caught:
        aligned, lost = realign(gold, new)
    assert lost == [] and [(r.id, r.text, r.themes) for r in aligned] == [
        (u.id, u.text, g.themes) for u, g in zip(new, gold)]
    assert [str(w.message).split(" (")[0] for w in caught] == [
        "1 gold record of p matched its unit only when read without invisible characters",
        "1 gold record of p matched its unit only in the other script"]


def test_realign_takes_the_copy_of_its_kind_over_an_exact_copy_of_another_kind():
    # the sentence at its place gained a zero-width space; a new reply quotes it as it was: the body record stays
    old = units_of(["支付宝做社交是错的。", "财不外露。"])
    new = units_of(["支付宝做社交\u200b是错的。", "财不外露。", "支付宝做社交是错的。"], ["body", "body", "comment"])
    with pytest.warns(UserWarning, match=r"^1 gold record of p matched its unit only when read without invisible"):
        aligned, lost = realign(labelled(old), new)
    assert lost == [] and [(r.id, r.kind, r.text) for r in aligned] == [
        ("p#1", "body", "支付宝做社交\u200b是错的。"), ("p#2", "body", "财不外露。")]


def test_realign_still_reports_a_repeat_the_source_has_fewer_times():
    gold = labelled(units_of(OLD))
    new = units_of([OLD[0], "圈子到底\u200c是什么?", OLD[3]])
    with pytest.warns(UserWarning, match=r"^1 gold record of p matched its unit only when read without invisible"):
        aligned, lost = realign(gold, new)
    assert [(r.id, r.themes) for r in aligned] == [("p#1", ("t0",)), ("p#2", ("t1",)), ("p#3", ("t3",))]
    assert [(x.record.id, x.reason) for x in lost] == [
        ("p#3", "its text now occurs only 1 time(s) in the document, each taken by a gold record with that text nearer to "
                "it (p#2 by p#2); the source changed")]


# --- the tester's corpus check, at small scale: a page labelled plain, realigned onto a copy with invisible characters

PLAIN = ["支付宝做社交，我认为是一步错棋。圈子到底是什么？",
         "圈子到底是什么？用户要的是安全的钱包，而不是朋友圈。",
         "从电商做社交，难！隐私才是底线，财不外露。",
         "说得太对了！从电商做社交，难！",
         "圈子到底是什么？说得太对了！财不外露。"]
#: each repeated sentence's copies carry different invisible characters, or none
NOISY = ["支付宝做社交，我认为是一步错棋。圈子\u200b到底是什么？",
         "圈子到底\ufeff是什么？用户要的是安全的钱包，而不是朋友圈。",
         "从电商做社交，难！隐私才是底线，财不外露。",
         "说得太对\u200c了！从电\u2060商做社交，难！",
         "圈子到底是什么？说得太对了\u00ad！财不\u200b外露。"]


@pytest.mark.parametrize("granularity", ["sentence", "clause"])
def test_realign_a_page_labelled_plain_onto_a_noisy_copy_loses_no_record(tmp_path, granularity):
    (tmp_path / "plain").mkdir(), (tmp_path / "noisy").mkdir()
    (tmp_path / "plain" / "page.txt").write_text("\n".join(PLAIN) + "\n", "utf-8")
    (tmp_path / "noisy" / "page.txt").write_text("\n".join(NOISY) + "\n", "utf-8")
    old = segment(read(tmp_path / "plain" / "page.txt"), granularity=granularity)
    new = segment(read(tmp_path / "noisy" / "page.txt"), granularity=granularity)
    # the same units, read without the invisible characters; some repeated, with different ones in each copy
    assert [visible(u.text)[0] for u in old] == [visible(u.text)[0] for u in new]
    assert len({u.text for u in new if visible(u.text)[0] == "圈子到底是什么？"}) == 3
    gold = labelled(old)
    with pytest.warns(UserWarning, match=r"^6 gold records of page matched their unit only when read without invisible"):
        aligned, lost = realign(gold, new, granularity=granularity)
    assert lost == []
    assert [(r.id, r.start, r.end, r.text, r.themes, r.sentiment) for r in aligned] == [
        (u.id, u.start, u.end, u.text, g.themes, g.sentiment) for u, g in zip(new, gold)]
    source = "\n".join(NOISY) + "\n"
    assert all(source[r.start:r.end] == r.text for r in aligned)
    # and back onto the plain page: the records as they were
    with pytest.warns(UserWarning, match=r"^6 gold records of page matched their unit only when read without invisible"):
        back, lost = realign(aligned, old, granularity=granularity)
    assert lost == [] and [(r.id, r.start, r.end, r.text, r.themes) for r in back] == [
        (g.id, g.start, g.end, g.text, g.themes) for g in gold]


def test_cli_realign_of_a_repeated_sentence_with_different_invisible_characters(tmp_path):
    (tmp_path / "old").mkdir(), (tmp_path / "new").mkdir()
    (tmp_path / "old" / "p.txt").write_text("\n".join(OLD) + "\n", "utf-8")
    (tmp_path / "new" / "p.txt").write_text("支付宝做社交是错的。\n圈子到底是什\ufeff么?\n圈子到底\u200c是什么?\n财不外露。\n", "utf-8")
    units, gold, new = tmp_path / "units.jsonl", tmp_path / "gold.jsonl", tmp_path / "new.jsonl"
    r = run("segment", tmp_path / "old", "-q", "-o", units)
    assert r.exit_code == 0, r.output
    with gold.open("w", encoding="utf-8") as out:
        for line in units.read_text("utf-8").splitlines():
            u = {k: v for k, v in json.loads(line).items() if k != "meta"} | {"themes": ["privacy"], "sentiment": "negative"}
            out.write(json.dumps(u, ensure_ascii=False) + "\n")
    r = run("realign", gold, tmp_path / "new", "-o", new)
    assert r.exit_code == 0, r.output
    assert "4 of 4 gold records aligned (3 moved), 0 did not" in r.output
    assert "2 gold records of p matched their unit only when read without invisible characters (U+200C" in r.output
    assert not (tmp_path / "new.jsonl.unaligned.jsonl").exists()
    assert [(g.id, g.start, g.end, g.text) for g in load_gold(new)] == [
        ("p#1", 0, 10, "支付宝做社交是错的。"), ("p#2", 11, 20, "圈子到底是什\ufeff么?"), ("p#3", 21, 30, "圈子到底\u200c是什么?"),
        ("p#4", 31, 36, "财不外露。")]
