"""import of a sheet saved in a legacy encoding that writes some characters as others, one way (QA round 46).

Excel's plain "CSV" on Traditional-Chinese Windows saves the sheet in cp950, which has no code of its own for
``¥ • ∼ ¢ £ ‾ ､ ☉ ♁`` and writes them as ``￥ ‧ ～ ￠ ￡ ¯ ﹑ ⊙ ⊕``; a strict Big5 tool writes ``／ ＼`` as bytes read
as ``∕ ﹨``.  With --source such a text (and id, doc) is the unit's, with a warning naming what was written as what;
an edited text still fails.
"""

from __future__ import annotations

import csv
import functools
import io
import json

import pytest
from click.testing import CliRunner

from argmine.cli import main
from argmine.decode import decode
from argmine.export import export
from argmine.importers import _SAVED_AS, _written_as_others, import_annotations
from argmine.types import Unit


def run(*args):
    return CliRunner().invoke(main, list(map(str, args)), catch_exceptions=False)


@functools.lru_cache(maxsize=None)
def one_way(codec: str) -> dict[str, str]:
    """The reference: every BMP character ``codec`` saves, read back (as ``argmine import --encoding codec`` reads a sheet) as another."""
    found = {}
    for cp in [*range(0x80, 0xD800), *range(0xE000, 0x10000)]:
        try:
            data = chr(cp).encode(codec)
        except UnicodeEncodeError:
            continue
        back = decode(data, "-", codec)[0]
        if back != chr(cp) and len(back) == 1 and back != "?":
            found[chr(cp)] = back
    return found


def labelled_sheet(tmp_path, units, encoding, edit=lambda row: None, name="sheet.csv"):
    """The units exported as a sheet, labelled, and saved in ``encoding`` as a spreadsheet's plain "CSV" saves it."""
    export(units, tmp_path / "u.csv", "csv")
    with open(tmp_path / "u.csv", encoding="utf-8-sig", newline="") as f:
        rows = list(csv.DictReader(f))
    for row in rows:
        row.update(themes="privacy", sentiment="negative")
        edit(row)
    out = io.StringIO()
    w = csv.DictWriter(out, fieldnames=list(rows[0]), lineterminator="\r\n")
    w.writeheader()
    w.writerows(rows)
    path = tmp_path / name
    path.write_bytes(out.getvalue().encode(encoding, errors="replace"))
    return path


def test_python_cp950_writes_the_nine_characters_the_tester_found_one_way():
    table = _written_as_others("cp950")
    assert {k: table[k] for k in "¥•∼¢£‾､☉♁"} == dict(zip("¥•∼¢£‾､☉♁", "￥‧～￠￡¯﹑⊙⊕"))


@pytest.mark.parametrize("codec", sorted({*_SAVED_AS, *_SAVED_AS.values(), "big5hkscs"}))
def test_the_characters_written_as_others_are_those_a_round_trip_through_each_encoding_changes(codec):
    # every encoding import treats as a spreadsheet's save; cp950 also counts what a strict Big5 tool writes
    expected = one_way(codec) | ({k: v for k, v in one_way("big5").items() if k not in one_way(codec)} if codec == "cp950" else {})
    assert _written_as_others(codec) == expected
    if codec in ("gbk", "cp936", "gb18030", "gb2312"):
        assert expected == {}  # GBK writes what it cannot hold as '?', handled as before


ONE_WAY = sorted(_written_as_others("cp950").items())


@pytest.mark.parametrize("char, written", ONE_WAY)
def test_a_cp950_sheet_text_with_a_character_written_as_another_takes_the_source_text(tmp_path, char, written):
    text = f"我只是轉了{char}200給朋友，結果全圈子都知道了。"
    units = [Unit.from_source(text, doc="yen", n=1, start=0, end=len(text), kind="body")]
    sheet = labelled_sheet(tmp_path, units, "cp950" if char not in "／＼" else "big5")  # ／＼: a strict Big5 tool
    result = import_annotations([sheet], "csv", units=units)
    assert not result.errors
    assert [(r.id, r.text, r.themes) for r in result.records] == [("yen#1", text, ("privacy",))]
    assert [str(w) for w in result.warnings] == [
        f"{sheet}: read as cp950 (the sheet was saved as plain CSV, not CSV UTF-8): that encoding writes characters it has no "
        f"code of their own for as others ({char!r} as {written!r}) and those it cannot hold (emoji, most Simplified Chinese "
        f"characters) as '?': 1 row holds {written!r} in the id, doc, text or note (the first: row 1 (line 2)); every text is "
        "checked against --source, and save as CSV UTF-8 next time",
        f"{sheet}: row 1 (line 2) (unit yen#1): the text of unit yen#1 reads {text.replace(char, written)!r}: the file's "
        f"encoding (cp950) wrote characters it has no code of their own for as others ({char!r} as {written!r}) when it was "
        "saved; the source's text was used"]


@pytest.mark.parametrize("encoding", ["big5", "big5hkscs", "cp950"])
def test_a_forced_big5_encoding_matches_the_characters_it_writes_as_others(tmp_path, encoding):
    text = "重點整理•隱私第一，¥200也不行。"
    units = [Unit.from_source(text, doc="d", n=1, start=0, end=len(text), kind="body")]
    sheet = labelled_sheet(tmp_path, units, encoding)
    result = import_annotations([sheet], "csv", units=units, encoding=encoding)
    assert not result.errors and [r.text for r in result.records] == [text]
    assert "('•' as '‧', '¥' as '￥')" in str(result.warnings[-1])


def test_a_text_with_a_character_lost_and_one_written_as_another_says_both(tmp_path):
    text = "支付宝轉了¥200。"  # 宝: Simplified, not in Big5
    units = [Unit.from_source(text, doc="d", n=1, start=0, end=len(text), kind="body")]
    sheet = labelled_sheet(tmp_path, units, "cp950")
    result = import_annotations([sheet], "csv", units=units)
    assert not result.errors and [r.text for r in result.records] == [text]
    assert "1 row holds '?' or '￥' in the id, doc, text or note" in str(result.warnings[0])
    assert str(result.warnings[1]) == (
        f"{sheet}: row 1 (line 2) (unit d#1): the text of unit d#1 reads '支付?轉了￥200。': the file's encoding (cp950) "
        "wrote characters it has no code of their own for as others ('¥' as '￥'), and characters it cannot hold (宝) as '?', "
        "when it was saved; the source's text was used")


@pytest.mark.parametrize("edited", [
    "我只是轉了￥300給朋友。",  # ¥ written as ￥, and 200 edited to 300
    "我只是轉了$200給朋友。",  # ￥ is no '$'
])
def test_a_cp950_sheet_whose_text_was_edited_still_fails(tmp_path, edited):
    text = "我只是轉了¥200給朋友。"
    units = [Unit.from_source(text, doc="yen", n=1, start=0, end=len(text), kind="body")]
    sheet = labelled_sheet(tmp_path, units, "cp950", lambda row: row.update(text=edited))
    result = import_annotations([sheet], "csv", units=units)
    assert not result.records
    assert [str(e) for e in result.errors] == [
        f"{sheet}: row 1 (line 2) (unit yen#1): text mismatch for unit yen#1 (yen 0..13): the record has {edited!r} but the "
        "source has '我只是轉了¥200給朋友。'; if the text was edited in the file, restore it (labels follow the id and offsets); "
        "if the source changed since export, run 'argmine realign' or export again"]


def test_a_utf8_sheet_with_the_fullwidth_yen_is_a_mismatch_as_before(tmp_path):
    text = "我只是轉了¥200給朋友。"
    units = [Unit.from_source(text, doc="yen", n=1, start=0, end=len(text), kind="body")]
    sheet = labelled_sheet(tmp_path, units, "utf-8-sig", lambda row: row.update(text=row["text"].replace("¥", "￥")))
    result = import_annotations([sheet], "csv", units=units)
    assert not result.records and len(result.errors) == 1 and "text mismatch" in str(result.errors[0])


def test_a_cp950_sheet_whose_id_and_doc_were_written_so_takes_the_source_unit(tmp_path):
    text = "隱私第一。\n轉帳¥200。"
    units = [Unit.from_source(text, doc="支付寶•討論", n=n, start=s, end=e, kind="body") for n, (s, e) in enumerate([(0, 5), (6, 13)], 1)]
    sheet = labelled_sheet(tmp_path, units, "cp950")
    result = import_annotations([sheet], "csv", units=units)
    assert not result.errors
    assert [(r.id, r.doc, r.text) for r in result.records] == [(u.id, u.doc, u.text) for u in units]
    warnings = [str(w) for w in result.warnings]
    assert "2 rows hold '‧' or '￥' in the id, doc, text or note" in warnings[0]
    assert warnings[1] == (
        f"{sheet}: row 1 (line 2) (unit 支付寶‧討論#1): the id of unit 支付寶•討論#1 reads '支付寶‧討論#1': the file's encoding "
        "(cp950) wrote characters it has no code of their own for as others ('•' as '‧') when it was saved; the source's unit "
        "at the same offsets was used")
    assert warnings[3].endswith("the text of unit 支付寶•討論#2 reads '轉帳￥200。': the file's encoding (cp950) wrote characters "
                                "it has no code of their own for as others ('¥' as '￥') when it was saved; the source's text was used")


def test_a_cp950_sheet_whose_id_matches_two_documents_is_ambiguous(tmp_path):
    # two documents whose names read the same in cp950: '•' written as '‧', an emoji as '?'
    sheet = labelled_sheet(tmp_path, [Unit.from_source("隱私第一。", doc="a•b😀", n=1, start=0, end=5, kind="body")], "cp950")
    units = [Unit.from_source("隱私第一。", doc=doc, n=1, start=0, end=5, kind="body") for doc in ("a•b😀", "a•b🙂")]
    result = import_annotations([sheet], "csv", units=units)
    assert not result.records
    assert [str(e) for e in result.errors] == [
        f"{sheet}: row 1 (line 2) (unit a‧b?#1): cannot be mapped to a unit: no unit a‧b?#1 and no unit is at a‧b? 0..5: the "
        "sheet's encoding (cp950) wrote characters of its id and doc as others ('•' as '‧'), and characters it cannot hold "
        "(😀🙂) as '?', when the sheet was saved, and the source's units at those offsets a•b😀#1, a•b🙂#1 all read so "
        "(ambiguous); restore the id and doc cells as exported, or save the sheet as CSV UTF-8"]


def test_import_of_the_testers_big5_sheet_writes_the_source_text_and_without_source_says_what_was_written(tmp_path):
    src = tmp_path / "src"
    src.mkdir()
    (src / "yen.txt").write_text("我只是轉了¥200給朋友，結果全圈子都知道了。\n重點整理•隱私第一，支付寶就該專心做支付。\n", encoding="utf-8")
    sheet = tmp_path / "sheet.csv"
    assert run("export", src, "--format", "csv", "-o", sheet, "-q").exit_code == 0
    with open(sheet, encoding="utf-8-sig", newline="") as f:
        rows = list(csv.DictReader(f))
    for row in rows:
        row.update(themes="privacy", sentiment="negative")
    out = io.StringIO()
    w = csv.DictWriter(out, fieldnames=list(rows[0]), lineterminator="\r\n")
    w.writeheader()
    w.writerows(rows)
    big5 = tmp_path / "sheet_big5.csv"
    big5.write_bytes(out.getvalue().encode("cp950"))  # Excel's "CSV" on Traditional-Chinese Windows
    r = run("import", big5, "--format", "csv", "--source", src, "-o", tmp_path / "gold.jsonl")
    assert r.exit_code == 0, r.stderr
    gold = [json.loads(line) for line in (tmp_path / "gold.jsonl").read_text("utf-8").splitlines()]
    assert [g["text"] for g in gold] == ["我只是轉了¥200給朋友，結果全圈子都知道了。", "重點整理•隱私第一，支付寶就該專心做支付。"]
    assert "('¥' as '￥', '•' as '‧')" in r.stderr and "was lost" not in r.stderr
    r = run("import", big5, "--format", "csv", "-o", tmp_path / "gold2.jsonl")
    assert r.exit_code == 0
    assert r.stderr.splitlines()[0] == (
        f"argmine: warning: {big5}: read as cp950 (the sheet was saved as plain CSV, not CSV UTF-8): that encoding writes "
        "characters it has no code of their own for as others ('¥' as '￥', '•' as '‧') and those it cannot hold (emoji, most "
        "Simplified Chinese characters) as '?': 2 rows hold '￥' or '‧' in the id, doc, text or note (the first: row 1 (line 2)); "
        "pass --source to check every text against the original and take those characters from it (without it the gold keeps "
        "the sheet's '￥', '‧'), and save as CSV UTF-8 next time")
