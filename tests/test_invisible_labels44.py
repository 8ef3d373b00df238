"""QA round 44 (invisible characters, findings 3-4): realign reads past invisible characters; import reads a region
that takes in an invisible character beside its unit as that unit (white space there is still refused)."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from argmine.annotations import GoldRecord, load_gold, realign
from argmine.cli import main
from argmine.importers import import_annotations
from argmine.types import Unit


def run(*args):
    return CliRunner().invoke(main, list(map(str, args)), catch_exceptions=False)


def units_of(text: str, spans: list[tuple[int, int]], doc: str = "p") -> list[Unit]:
    return [Unit.from_source(text, doc=doc, n=n, start=s, end=e, kind="body") for n, (s, e) in enumerate(spans, 1)]


# --- 3: realign aligns records whose text differs from the new source only in invisible characters ------------------

WITH = "支付宝\u200b做社交是错的。财\u00ad不外露！"  # units 0..11, 11..17
WITHOUT = "支付宝做社交是错的。财不外露！"  # units 0..10, 10..15


def test_realign_onto_a_source_without_the_invisible_characters_aligns_and_says_so():
    gold = [GoldRecord.from_unit(u, ("privacy",), "negative") for u in units_of(WITH, [(0, 11), (11, 17)])]
    with pytest.warns(UserWarning) as caught:
        aligned, lost = realign(gold, units_of(WITHOUT, [(0, 10), (10, 15)]))
    assert lost == []
    assert [(r.id, r.start, r.end, r.text, r.themes) for r in aligned] == [
        ("p#1", 0, 10, "支付宝做社交是错的。", ("privacy",)), ("p#2", 10, 15, "财不外露！", ("privacy",))]
    assert all(WITHOUT[r.start:r.end] == r.text for r in aligned)
    assert [str(w.message) for w in caught] == [
        "2 gold records of p matched their unit only when read without invisible characters (U+00AD SOFT HYPHEN, "
        "U+200B ZERO WIDTH SPACE: removed from the source or added to it, where no reader sees them; the same text as "
        "argmine's normalised view reads it, which leaves them out); they now carry the new source's text, with offsets into it"]


def test_realign_onto_a_source_that_gained_invisible_characters_aligns():
    gold = [GoldRecord.from_unit(u, (), "neutral") for u in units_of(WITHOUT, [(0, 10), (10, 15)])]
    with pytest.warns(UserWarning, match=r"^2 gold records of p matched their unit only when read without invisible"):
        aligned, lost = realign(gold, units_of(WITH, [(0, 11), (11, 17)]))
    assert lost == []
    assert [(r.start, r.end, r.text) for r in aligned] == [(0, 11, WITH[:11]), (11, 17, WITH[11:])]


def test_realign_across_invisible_characters_and_script_gives_both_warnings():
    traditional = "支付寶做社交是錯的。財不外露！"
    gold = [GoldRecord.from_unit(u, (), "neutral") for u in units_of(WITH, [(0, 11), (11, 17)])]
    with pytest.warns(UserWarning) as caught:
        aligned, lost = realign(gold, units_of(traditional, [(0, 10), (10, 15)]))
    assert lost == [] and [r.text for r in aligned] == ["支付寶做社交是錯的。", "財不外露！"]
    assert [str(w.message).split(" (")[0] for w in caught] == [
        "2 gold records of p matched their unit only when read without invisible characters",
        "2 gold records of p matched their unit only in the other script"]
    assert "(寶 for 宝, 錯 for 错, 財 for 财:" in str(caught[1].message)


def test_realign_still_reports_a_record_whose_visible_text_changed():
    gold = [GoldRecord.from_unit(u, (), "neutral") for u in units_of("财\u200b不外露！", [(0, 6)])]
    aligned, lost = realign(gold, units_of("财不外泄！", [(0, 5)]))
    assert aligned == [] and "now reads '财不外泄！', not '财\\u200b不外露！': the source changed" in lost[0].reason


def test_realign_reads_a_zero_width_space_between_digits_as_the_view_does():
    # 328\u200b48 reads "328 48" (two counts), not the number 32848: no match
    gold = [GoldRecord.from_unit(u, (), "neutral") for u in units_of("赞同328\u200b48。", [(0, 9)])]
    aligned, lost = realign(gold, units_of("赞同32848。", [(0, 8)]))
    assert aligned == [] and len(lost) == 1
    with pytest.warns(UserWarning, match=r"^1 gold record of p matched its unit only when read without invisible characters \(U\+200B"):
        aligned, lost = realign(gold, units_of("赞同328 48。", [(0, 9)]))
    assert lost == [] and aligned[0].text == "赞同328 48。"


def test_cli_realign_of_a_corpus_stripped_of_zero_width_characters(tmp_path):
    v1, v2 = tmp_path / "v1", tmp_path / "v2"
    v1.mkdir(), v2.mkdir()
    (v1 / "p.txt").write_text("支付宝\u200b做社交是错的。财\u00ad不外露！我反\u200b对支付宝做社交。\n", "utf-8")
    (v2 / "p.txt").write_text("支付宝做社交是错的。财不外露！我反对支付宝做社交。\n", "utf-8")
    gold, new = tmp_path / "gold.jsonl", tmp_path / "new.jsonl"
    r = run("export", v1 / "p.txt", "--format", "doccano", "--level", "document", "-o", tmp_path / "dc", "-q")
    assert r.exit_code == 0, r.output
    r = run("import", tmp_path / "dc" / "tasks.jsonl", "--format", "doccano", "-o", gold)
    assert r.exit_code == 0, r.output
    r = run("realign", gold, v2 / "p.txt", "-o", new)
    assert r.exit_code == 0, r.output
    assert "3 of 3 gold records aligned (3 moved), 0 did not" in r.output
    assert "3 gold records of p matched their unit only when read without invisible characters" in r.output
    assert [(g.start, g.end, g.text) for g in load_gold(new)] == [
        (0, 10, "支付宝做社交是错的。"), (10, 15, "财不外露！"), (15, 25, "我反对支付宝做社交。")]


# --- 4: import reads a region with an invisible character beside its unit as that unit -----------------------------

TEXT = "我反对支付宝做社交。 财不外露。\u200b我很反感。\n"  # units r#1 0..10, r#2 11..16, r#3 17..22
UNITS = [{"id": "r#1", "start": 0, "end": 10, "kind": "body"}, {"id": "r#2", "start": 11, "end": 16, "kind": "body"},
         {"id": "r#3", "start": 17, "end": 22, "kind": "body"}]
#: as a labeller drags them: with the space after r#1, the U+200B after r#2 (the U+200B before r#3)
REGIONS = [(0, 11, "pro_social", "positive"), (11, 17, "privacy", "negative"), (16, 22, "privacy", "negative")]

NOT_A_UNIT = ("cannot be mapped to a unit: '我反对支付宝做社交。 ' at 0..11 is not a unit of r: that is unit r#1 0..10 with "
              "the white space after it (' '); draw the region without it; keep the exported span boundaries")
READ_AS = [
    "'财不外露。\\u200b' at 11..17 is unit r#2 11..16 with an invisible character after it (U+200B ZERO WIDTH SPACE), "
    "which no reader sees; read as unit r#2",
    "'\\u200b我很反感。' at 16..22 is unit r#3 17..22 with an invisible character before it (U+200B ZERO WIDTH SPACE), "
    "which no reader sees; read as unit r#3"]


def _label_studio(tmp_path):
    result = []
    for n, (s, e, theme, sentiment) in enumerate(REGIONS):
        value = {"start": s, "end": e, "text": TEXT[s:e]}
        result += [{"id": f"x{n}", "from_name": "unit", "to_name": "text", "type": "labels", "value": value | {"labels": [theme]}},
                   {"id": f"x{n}", "from_name": "sentiment", "to_name": "text", "type": "choices",
                    "value": value | {"choices": [sentiment]}}]
    path = tmp_path / "ls.json"
    path.write_text(json.dumps([{"data": {"text": TEXT, "doc": "r", "units": UNITS},
                                 "annotations": [{"id": 1, "completed_by": 1, "result": result}]}], ensure_ascii=False), "utf-8")
    return path


def _doccano(tmp_path):
    labels = [[s, e, lab] for s, e, theme, sentiment in REGIONS for lab in (theme, sentiment)]
    path = tmp_path / "dc.jsonl"
    path.write_text(json.dumps({"text": TEXT, "label": labels, "doc": "r", "units": UNITS}, ensure_ascii=False) + "\n", "utf-8")
    return path


def _brat(tmp_path):
    folder = tmp_path / "brat"
    r = run("export", _source(tmp_path), "--format", "brat", "--no-predictions", "-o", folder, "-q")
    assert r.exit_code == 0, r.output
    lines = []
    for n, (s, e, theme, sentiment) in enumerate(REGIONS, 1):
        lines += [f"T{n}\t{theme} {s} {e}\t{TEXT[s:e]}", f"A{n}\tSentiment T{n} {sentiment}"]
    (folder / "r.ann").write_text("\n".join(lines) + "\n", "utf-8")
    return folder


def _source(tmp_path):
    path = tmp_path / "r.txt"
    path.write_text(TEXT, "utf-8")
    return path


@pytest.mark.parametrize("fmt, make", [("label-studio", _label_studio), ("doccano", _doccano), ("brat", _brat)])
def test_import_reads_a_region_with_an_invisible_character_beside_its_unit_as_that_unit(tmp_path, fmt, make):
    result = import_annotations([make(tmp_path)], fmt)
    assert [(r.id, r.start, r.end, r.text, r.themes, r.sentiment) for r in result.records] == [
        ("r#2", 11, 16, "财不外露。", ("privacy",), "negative"), ("r#3", 17, 22, "我很反感。", ("privacy",), "negative")]
    assert [p.reason for p in result.warnings] == READ_AS
    # white space beside a unit is seen: still refused, with the hint
    assert [p.reason for p in result.errors] == [NOT_A_UNIT]


@pytest.mark.parametrize("fmt, make", [("label-studio", _label_studio), ("doccano", _doccano), ("brat", _brat)])
def test_import_with_source_reads_a_region_with_an_invisible_character_beside_its_unit(tmp_path, fmt, make):
    from argmine.read import read
    from argmine.segment import segment

    units = segment(read(_source(tmp_path)))
    assert [(u.id, u.start, u.end) for u in units] == [(u["id"], u["start"], u["end"]) for u in UNITS]
    result = import_annotations([make(tmp_path)], fmt, units=units)
    assert [(r.id, r.text) for r in result.records] == [("r#2", "财不外露。"), ("r#3", "我很反感。")]
    assert [p.reason for p in result.errors] == [NOT_A_UNIT]


def test_import_names_invisible_characters_among_white_space_beside_a_unit(tmp_path):
    path = tmp_path / "dc.jsonl"
    path.write_text(json.dumps({"text": TEXT, "label": [[10, 17, "privacy"], [10, 17, "negative"]], "doc": "r", "units": UNITS},
                               ensure_ascii=False) + "\n", "utf-8")
    result = import_annotations([path], "doccano")
    assert result.records == []
    assert [p.reason for p in result.errors] == [
        "cannot be mapped to a unit: ' 财不外露。\\u200b' at 10..17 is not a unit of r: that is unit r#2 11..16 with the white "
        "space and invisible characters before it and after it (' \\u200b'); draw the region without them; keep the "
        "exported span boundaries"]


def test_cli_import_warns_once_per_region_read_through_an_invisible_character(tmp_path):
    r = run("import", _label_studio(tmp_path), "--format", "label-studio", "-o", tmp_path / "g.jsonl")
    assert r.exit_code == 1  # the white-space region failed
    assert "argmine: warning: " + str(tmp_path / "ls.json") + " task 0 annotation 1 region x1: " + READ_AS[0] in r.output
    assert "2 gold records written to" in r.output and "1 record failed" in r.output
