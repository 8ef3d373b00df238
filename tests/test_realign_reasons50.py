"""QA round 50 (roundtrip, F1): a labelled sentence deleted from the source page made ``realign`` blame the segmenter
("the segmenter now splits it into" units holding other text), show a span before the document's start (``-10..1``),
or ask whether cleaning dropped it.  A record whose text no longer occurs in its document now says so; the segmenter
is blamed only where the units at its place read its text, cleaning only where the document has room for it there."""

from __future__ import annotations

import json

from click.testing import CliRunner

from argmine.annotations import GoldRecord, realign
from argmine.cli import main
from argmine.segment import segment
from argmine.types import Document, Unit


def gold_of(units: list[Unit]) -> list[GoldRecord]:
    return [GoldRecord.from_unit(u, (), "neutral") for u in units]


def reasons(old: str, new: str, doc: str) -> list[tuple[str, str]]:
    """Why the records of ``old`` (one per unit the segmenter cuts) no longer align with the units of ``new``."""
    _, lost = realign(gold_of(list(segment([Document(doc, old)]))), list(segment([Document(doc, new)])))
    return [(u.record.id, u.reason) for u in lost]


def unit(text: str, n: int, start: int, end: int) -> Unit:
    return Unit.from_source(text, doc="d", n=n, start=start, end=end, kind="body")


def record(text: str, n: int, start: int, end: int) -> GoldRecord:
    return GoldRecord(id=f"d#{n}", doc="d", start=start, end=end, text=text[start:end], sentiment="neutral")


def test_realign_of_a_deleted_sentence_says_its_text_is_gone_not_that_the_segmenter_splits_it():
    old = "标题在这里\n第一句话讲支付宝的社交功能。\n第二句话说用户不喜欢这个功能，太臃肿了。\n第三句话关心隐私问题。\n第四句话是结论。\n"
    new = "标题在这里\n第一句话讲支付宝的社交功能。\n第三句话关心隐私问题。\n第四句话是结论。\n"
    assert reasons(old, new, "q") == [("q#3", "its text no longer occurs in q (deleted or edited?)")]


def test_realign_of_sentences_deleted_from_a_line_shows_no_span_before_the_start():
    old = "标题\n支付宝的社交功能没人用。第二句说用户不喜欢这个功能太臃肿了。而且隐私问题也很严重。谁都不想被别人看到消费记录。第三句是结论。\n"
    new = "标题\n支付宝的社交功能没人用。第三句是结论。\n"
    assert reasons(old, new, "p") == [(f"p#{n}", "its text no longer occurs in p (deleted or edited?)") for n in (3, 4, 5)]


def test_realign_of_deleted_sentences_does_not_ask_whether_cleaning_dropped_them():
    old = "标题\n短句。第一个很长很长的句子，讲的是支付宝做社交的各种问题。第二个很长很长的句子，讲的是用户对隐私的各种抱怨和担心。\n最后一句。\n"
    new = "标题\n短句。\n最后一句。\n"
    assert reasons(old, new, "r") == [(f"r#{n}", "its text no longer occurs in r (deleted or edited?)") for n in (3, 4)]


def test_realign_of_a_deleted_sentence_names_no_unit_of_its_length_at_its_place():
    # the next sentence has its length and now sits at its span: not "unit e#3 at 9..15 now reads '另外一句话。'"
    assert reasons("标题\n第一句话。\n删掉的这句。\n另外一句话。\n结尾。\n", "标题\n第一句话。\n另外一句话。\n结尾。\n", "e") == [
        ("e#3", "its text no longer occurs in e (deleted or edited?)")]


def test_realign_of_a_deleted_last_sentence_says_either_cause():
    # past the last unit realign does not see where the document ends: a footer now dropped looks the same
    assert reasons("标题\n第一句话。\n最后这句被删了。\n", "标题\n第一句话。\n", "t") == [
        ("t#3", "no unit covers 9..17 any more and its text occurs in no unit of t (deleted, or dropped by cleaning?)")]


def test_realign_asks_about_cleaning_where_the_document_has_room_for_the_text():
    # the new units keep every offset (as cleaning does) and leave 9..19 uncovered, between two records that aligned
    text = "标题\n第一句话。\n广告：扫码关注我们。\n结尾。\n"
    gold = [record(text, 1, 0, 2), record(text, 2, 3, 8), record(text, 3, 9, 19), record(text, 4, 20, 23)]
    _, lost = realign(gold, [unit(text, 1, 0, 2), unit(text, 2, 3, 8), unit(text, 3, 20, 23)])
    assert [(u.record.id, u.reason) for u in lost] == [("d#3", "no unit covers 9..19 any more (the span was dropped by cleaning?)")]


def test_realign_of_a_text_still_in_a_unit_elsewhere_names_that_unit_not_cleaning():
    old, new = "标题\n短句。\n", "标题\n\n\n\n\n\n\n\n他说短句。\n"
    _, lost = realign([record(old, 2, 3, 6)], [unit(new, 1, 0, 2), unit(new, 2, 10, 15)])
    assert lost[0].reason == "no unit covers 3..6 any more; its text now occurs in unit d#2 10..15"


def test_realign_leaves_out_a_shift_that_would_take_the_span_before_the_start():
    # the record after it moved back 14 characters (the first sentence deleted); its own text is still in a unit
    old, new = "长长的前言部分在这里。短句。结尾句子在这。", "结尾句子在这。XX短句。"
    gold = [record(old, 1, 0, 11), record(old, 2, 11, 14), record(old, 3, 14, 21)]
    _, lost = realign(gold, [unit(new, 1, 0, 7), unit(new, 2, 7, 12)])
    assert [(u.record.id, u.reason) for u in lost] == [
        ("d#1", "its text no longer occurs in d (deleted or edited?)"),
        ("d#2", "its span 11..14 now overlaps d#2 7..12 with different boundaries; the unit most like it, d#2 7..12, "
                "now reads 'XX短句。', not '短句。': the source changed")]


def test_realign_of_a_deleted_sentence_names_a_unit_like_it_elsewhere():
    # its edited wording moved to the top: no unit at its place (past the last one), no room there, one unit like it
    moved = "第二个很长很长的句子，讲的是用户对隐私的各种抱怨和担心，真的太多了。"
    old = f"标题\n短句。第一个很长很长的句子，讲的是支付宝做社交的各种问题。{moved}\n最后一句。\n"
    new = "第二个很长的句子，讲用户对隐私的各种抱怨和担心，真的太多了。\n标题\n短句。\n最后一句。\n"
    assert reasons(old, new, "r") == [
        ("r#3", "its text no longer occurs in r (deleted or edited?)"),
        ("r#4", "its text no longer occurs in r (deleted or edited?); the unit most like it, r#1 0..30, now reads "
                "'第二个很长的句子，讲用户对隐私的各种抱怨和担心，真的太多了。', not '第二个很长很长的句子，讲的是用户对隐私的各种抱怨和担心，真的…'")]


def test_realign_of_an_edited_sentence_moved_to_the_end_names_the_unit_like_it_not_the_one_at_its_place():
    # QA recheck50 F3: its shifted span lies inside an unrelated unit (p#2); the unit like it is its edited wording, p#5
    old = ("支付宝并不是要做社交，我很反对这种做法。\n\n这个功能真好用，我每天都在用它。\n\n价格太贵了，根本不值得买。\n\n"
           "客服态度很差，我生气了。\n\n隐私保护做得不好，让人担心。\n")
    new = ("支付宝并不是要做社交，我很反对这种做法。\n\n这个功能真好用，我每天都在用它。\n\n客服态度很差，我生气了。\n\n"
           "隐私保护做得不好，让人担心。\n\n价格实在太贵了，根本不值得买。\n")
    assert reasons(old, new, "p") == [
        ("p#3", "its text no longer occurs in p (deleted or edited?); the unit most like it, p#5 70..85, now reads "
                "'价格实在太贵了，根本不值得买。', not '价格太贵了，根本不值得买。'")]


def test_realign_names_the_unit_like_a_moved_sentence_even_where_another_unit_sits_exactly_at_its_span():
    # the next sentence has its length and now sits at its span, not like it; its edited wording is now the last line
    old = "标题\n第一句话。\n删掉的这句。\n另外一句话。\n结尾。\n"
    assert reasons(old, "标题\n第一句话。\n另外一句话。\n结尾。\n删掉的那句。\n", "e") == [
        ("e#3", "its text no longer occurs in e (deleted or edited?); the unit most like it, e#5 20..26, now reads "
                "'删掉的那句。', not '删掉的这句。'")]
    # edited in place: the unit at its span is like it, and is named as before
    assert reasons(old.replace("删掉的这句", "价格太贵了"), "标题\n第一句话。\n价格很贵了。\n另外一句话。\n结尾。\n删掉的那句。\n", "e") == [
        ("e#3", "unit e#3 at 9..15 now reads '价格很贵了。', not '价格太贵了。'; the source changed")]


def test_realign_still_says_the_segmenter_splits_a_text_its_units_read():
    text = "支付宝做社交这件事情我觉得是对的。但是我不想让别人看到我的消费记录。"
    gold = [GoldRecord(id="d#1", doc="d", start=0, end=len(text), text=text, sentiment="neutral")]
    _, lost = realign(gold, [unit(text, 1, 0, 17), unit(text, 2, 17, len(text))], granularity="sentence")
    assert lost[0].reason == f"the segmenter now splits it into d#1 0..17, d#2 17..{len(text)}"


def test_realign_writes_the_reason_of_a_deleted_sentence(tmp_path):
    (tmp_path / "v1").mkdir()
    (tmp_path / "v2").mkdir()
    (tmp_path / "v1" / "q.txt").write_text("标题\n第一句话讲社交。\n第二句话说太臃肿了。\n第三句话关心隐私。\n", "utf-8")
    (tmp_path / "v2" / "q.txt").write_text("标题\n第一句话讲社交。\n第三句话关心隐私。\n", "utf-8")
    gold = tmp_path / "gold.jsonl"
    gold.write_text("".join(json.dumps(r.to_dict(), ensure_ascii=False) + "\n"
                            for r in gold_of(list(segment([Document("q", (tmp_path / "v1" / "q.txt").read_text("utf-8"))])))), "utf-8")
    res = CliRunner().invoke(main, ["realign", str(gold), str(tmp_path / "v2"), "-o", str(tmp_path / "new.jsonl"), "-q"])
    assert res.exit_code == 1
    assert f"{gold}: q#3 (q 12..22) no longer aligns: its text no longer occurs in q (deleted or edited?)" in res.output
    lost = [json.loads(line) for line in (tmp_path / "new.jsonl.unaligned.jsonl").read_text("utf-8").splitlines()]
    assert [(r["id"], r["reason"]) for r in lost] == [("q#3", "its text no longer occurs in q (deleted or edited?)")]
