"""QA round 54 (agree, F8): ``agreement`` called a unit of one pass nested in the other's when its span only fell
inside a unit with other text (passes labelled on two versions of a document); ``realign`` told a sentence that a
punctuation edit (。 to ，) merged into the one before it to pass ``--granularity clause``, called every row of a table
without an id column after a deleted row deleted or missing, and missed the unit most like an edited sentence when the
new source is in the other script."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from argmine.annotations import GoldRecord, agreement, realign, write_gold
from argmine.cli import main
from argmine.errors import InputWarning
from argmine.schema import load_schema
from argmine.segment import segment
from argmine.types import Document, Unit


def gold_of(units: list[Unit]) -> list[GoldRecord]:
    return [GoldRecord.from_unit(u, (), ("neutral", "negative")[n % 2]) for n, u in enumerate(units)]


def cut(doc: str, text: str, granularity: str = "sentence") -> list[Unit]:
    return list(segment([Document(doc, text)], granularity=granularity))


def reasons(old: str, new: str, doc: str = "p") -> list[tuple[str, str]]:
    """Why the records of ``old`` (one per sentence) no longer align with the sentences of ``new``."""
    _, lost = realign(gold_of(cut(doc, old)), cut(doc, new))
    return [(u.record.id, u.reason) for u in lost]


# --- agreement: nested only where the outer unit holds the inner one's text ------------------------------------------


def test_agreement_of_passes_labelled_on_two_versions_finds_no_unit_nested_in_one_with_other_text(tmp_path):
    # B's source has a sentence prepended to b: A's 好的。 (0..3) falls inside B's 新句子啊。 (0..5), which reads otherwise
    a = gold_of(cut("a", "钱包就应该只是钱包。我只想付钱。\n") + cut("b", "好的。支付宝并不是要做社交，而是要做支付场景。\n"))
    b = gold_of(cut("a", "钱包就应该只是钱包。我只想付钱。\n") + cut("b", "新句子啊。好的。支付宝并不是要做社交，而是要做支付场景。\n"))
    res = agreement(a, b, load_schema())
    assert res["unmatched_spans"] == {"a": [["b", 0, 3], ["b", 3, 23]], "b": [["b", 0, 5], ["b", 5, 8], ["b", 8, 28]]}
    assert res["nested"] == {"a": [], "b": []}
    assert res["moved"] == ["b#1", "b#2"]  # the other version of the document, as warned
    write_gold(tmp_path / "a.jsonl", a)
    write_gold(tmp_path / "b.jsonl", b)
    out = CliRunner().invoke(main, ["agreement", str(tmp_path / "a.jsonl"), str(tmp_path / "b.jsonl")])
    assert "different versions of the documents" in out.stderr
    assert "granularities" not in out.stderr


def test_agreement_still_finds_clauses_nested_in_sentences_also_in_the_other_script():
    text = "支付宝做社交这件事，我坚决反对到底。这个应用太臃肿了。"
    clauses = gold_of(cut("d", text, "clause"))  # d#1 0..10, d#2 10..18, d#3 18..27
    sentences = gold_of(cut("d", text.replace("这件事", "這件事").replace("这个应用", "這個應用")))  # d#1 0..18, d#2 18..27
    assert [(r.start, r.end) for r in clauses] == [(0, 10), (10, 18), (18, 27)]
    res = agreement(clauses, sentences, load_schema())
    assert res["nested"] == {"a": ["d#1", "d#2"], "b": []}


# --- realign: a sentence merged by a punctuation edit is no clause -----------------------------------------------------


def test_realign_of_a_sentence_merged_by_a_punctuation_edit_says_the_source_changed_not_clause_level():
    old = "支付宝并不是要做社交，而是要做支付场景。我觉得隐私完全没有保障！钱包就应该只是钱包。\n"
    new = old.replace("场景。", "场景，")
    assert reasons(old, new) == [
        ("p#1", "unit p#1 0..32 now reads '…交，而是要做支付场景，我觉得隐私完全没有保障！', not '…交，而是要做支付场景。' "
                "(they differ from character 20); the source changed"),
        ("p#2", "the source changed: the '。' that ended the record before it is now '，', so the segmenter merges it "
                "into p#1 0..32"),
    ]


def test_realign_of_clause_level_gold_against_sentences_still_gives_the_clause_hint():
    text = "支付宝做社交这件事，我坚决反对到底。这个应用太臃肿了。\n"
    _, lost = realign(gold_of(cut("d", text, "clause")), cut("d", text))
    assert [(u.record.id, u.reason) for u in lost] == [
        ("d#1", "its span 0..10 is part of unit d#1 0..18, cut where a clause ends; labelled at clause level? pass --granularity clause"),
        ("d#2", "its span 10..18 is part of unit d#1 0..18, cut where a clause ends; labelled at clause level? pass --granularity clause"),
    ]


# --- realign: rows of a table without an id column renumbered ------------------------------------------------------------


def realign_table(tmp_path, old: str, new: str) -> tuple[int, list[tuple[str, str]]]:
    """``realign`` of gold labelled on ``old`` (a CSV table without an id column) against ``new``: its exit code, and the
    id and reason of each record that did not align."""
    for name, content in (("old", old), ("new", new)):
        (tmp_path / name).mkdir()
        (tmp_path / name / "comments.csv").write_text(content, "utf-8")
    res = CliRunner().invoke(main, ["segment", str(tmp_path / "old"), "--format", "jsonl", "-q"])
    units = [Unit(**{k: v for k, v in json.loads(line).items() if k != "meta"}) for line in res.stdout.splitlines()]
    write_gold(tmp_path / "gold.jsonl", gold_of(units))
    res = CliRunner().invoke(main, ["realign", str(tmp_path / "gold.jsonl"), str(tmp_path / "new"), "-o", str(tmp_path / "out.jsonl"), "-q"])
    lost = tmp_path / "out.jsonl.unaligned.jsonl"
    return res.exit_code, [(r["id"], r["reason"]) for r in map(json.loads, lost.read_text("utf-8").splitlines())] if lost.exists() else []


def renumbered(why: str, doc: str, unit: str, span: str) -> str:
    return (f"{why} {doc} ({unit} {span}): the rows of comments were renumbered (read without an id column, a table's "
            "rows are numbered comments:<row> from 1, so a row added or deleted shifts every row after it); move the label "
            f"to {doc} by hand if it belongs there, and read the table with an id column (--id-field) so that its rows keep "
            "their ids")


def test_realign_of_a_table_with_a_row_deleted_says_the_later_rows_were_renumbered(tmp_path):
    old = "user,text\nu1,支付宝做社交挺好的。\nu2,隐私怎么办？\nu3,广告太多了。\nu4,钱包就是钱包。\n"
    code, lost = realign_table(tmp_path, old, old.replace("u2,隐私怎么办？\n", ""))
    assert code == 1
    assert lost == [
        ("comments:2#1", "its text no longer occurs in comments:2 (deleted or edited?)"),  # the deleted row
        ("comments:3#1", renumbered("its text is no longer in comments:3 but in", "comments:2", "comments:2#1", "0..6")),
        ("comments:4#1", renumbered("document 'comments:4' is not among the inputs, and its text is in", "comments:3",
                                    "comments:3#1", "0..7")),
    ]
    # nothing was moved: whether a label belongs to another row is for a person to say
    aligned = [json.loads(line) for line in (tmp_path / "out.jsonl").read_text("utf-8").splitlines()]
    assert [(r["id"], r["text"]) for r in aligned] == [("comments:1#1", "支付宝做社交挺好的。")]


def test_realign_of_a_table_with_a_row_added_names_the_nearest_row_holding_the_text(tmp_path):
    # 广告太多了。 is rows 2 and 5; a row added after row 1 puts it in rows 3 and 6
    old = "user,text\nu1,支付宝做社交挺好的。\nu3,广告太多了。\nu4,钱包就是钱包。\nu5,隐私怎么办？\nu6,广告太多了。\n"
    code, lost = realign_table(tmp_path, old, old.replace("u1,支付宝做社交挺好的。\n", "u1,支付宝做社交挺好的。\nu2,我反对。\n"))
    assert code == 1
    assert lost == [
        ("comments:2#1", renumbered("its text is no longer in comments:2 but in", "comments:3", "comments:3#1", "0..6")),
        ("comments:3#1", renumbered("its text is no longer in comments:3 but in", "comments:4", "comments:4#1", "0..7")),
        ("comments:4#1", renumbered("its text is no longer in comments:4 but in", "comments:5", "comments:5#1", "0..6")),
        ("comments:5#1", renumbered("its text is no longer in comments:5 but in", "comments:6", "comments:6#1", "0..6")),
    ]


# --- realign: the unit most like a record, in one script ------------------------------------------------------------------


def test_realign_of_a_sentence_edited_in_a_source_now_in_traditional_names_the_unit_at_its_place():
    old = "支付宝为什么非要做社交？\n我觉得隐私完全没有保障！钱包就应该只是钱包。\n"
    simplified = old.replace("完全", "根本")
    traditional = "支付寶為什麼非要做社交？\n我覺得隱私根本沒有保障！錢包就應該只是錢包。\n"
    assert reasons(old, simplified, "d") == [
        ("d#2", "unit d#2 at 13..25 now reads '我觉得隐私根本没有保障！', not '我觉得隐私完全没有保障！'; the source changed")]
    with pytest.warns(InputWarning, match="only in the other script"):  # d#1 and d#3 align, as ever
        lost = reasons(old, traditional, "d")
    assert lost == [
        ("d#2", "unit d#2 at 13..25 now reads '我覺得隱私根本沒有保障！', not '我觉得隐私完全没有保障！'; the source changed")]


def test_realign_of_a_moved_and_edited_sentence_in_the_other_script_names_the_unit_most_like_it():
    # the edited sentence moved to the end: it is found by the search over the document, in one script
    old = "支付宝为什么非要做社交？\n我觉得隐私完全没有保障！\n钱包就应该只是钱包。\n"
    new = "支付寶為什麼非要做社交？\n錢包就應該只是錢包。\n我覺得隱私根本沒有保障！\n"
    with pytest.warns(InputWarning, match="only in the other script"):
        lost = reasons(old, new, "d")
    assert lost == [
        ("d#2", "its span 13..25 now overlaps d#2 13..23, d#3 24..36 with different boundaries; the unit most like it, "
                "d#3 24..36, now reads '我覺得隱私根本沒有保障！', not '我觉得隐私完全没有保障！': the source changed")]


def test_export_only_unlabeled_of_a_sentence_merged_by_a_punctuation_edit_gives_no_clause_hint(tmp_path):
    # export's granularity check builds its cuts as realign does, with the records' texts: a sentence whose 。 before it is
    # now ， was merged into the one before by an edit, not labelled at clause level
    from click.testing import CliRunner

    from argmine.cli import main

    old, new = tmp_path / "old", tmp_path / "new"
    old.mkdir()
    new.mkdir()
    (old / "p.txt").write_text("支付宝并不是要做社交，而是要做支付场景。我觉得隐私完全没有保障！钱包就应该只是钱包。\n", "utf-8")
    (new / "p.txt").write_text("支付宝并不是要做社交，而是要做支付场景，我觉得隐私完全没有保障！钱包就应该只是钱包。\n", "utf-8")
    spans = [(0, 20), (20, 32), (32, 42)]
    text = (old / "p.txt").read_text("utf-8")
    gold = tmp_path / "gold.jsonl"
    gold.write_text("".join(json.dumps({"id": f"p#{n}", "doc": "p", "start": s, "end": e, "text": text[s:e], "themes": ["other"],
                                        "sentiment": "neutral"}, ensure_ascii=False) + "\n"
                            for n, (s, e) in enumerate(spans, 1)), "utf-8")
    r = CliRunner().invoke(main, ["export", str(new), "--format", "csv", "--model", "lexicon", "--only-unlabeled", str(gold),
                                  "-o", str(tmp_path / "next.csv")])
    assert r.exit_code == 0, r.output
    assert "clause level" not in r.stderr
    assert "2 of the 3 records of" in r.stderr and "the source or its segmentation changed since labelling" in r.stderr
