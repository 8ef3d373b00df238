"""QA round 45: a labelled sheet Excel saved as plain CSV (GBK, Big5) whose lost characters became '?' is warned about
by train and evaluate as import warns about it; a table's kind cell is read without its invisible characters."""

from __future__ import annotations

import csv
import io
import warnings

import pytest
from click.testing import CliRunner

import argmine
from argmine.cli import main
from argmine.errors import InputWarning
from argmine.read import row_kind
from argmine.train import load_examples

# --- F4: the kind cell as a reader sees it ------------------------------------------------------------------------------


@pytest.mark.parametrize("value, kind", [
    ("body\u200b", "body"), ("\u200bbody", "body"), ("bo\u200cdy", "body"), ("正文\u200b", "body"), ("评\u200b论", "comment"),
    ("\ufeffcomment", "comment"), ("标\u2060题", "title"), ("Re\u00adply", "comment"), (" \u200dBODY\u200b ", "body"),
])
def test_row_kind_leaves_out_invisible_characters_anywhere_in_the_cell(value, kind):
    assert row_kind(value) == kind


def test_row_kind_still_names_no_kind_for_another_word_with_invisible_characters():
    assert row_kind("no\u200bte") is None


def test_a_csv_kind_cell_with_a_zero_width_space_is_read_as_its_kind_without_a_warning(tmp_path):
    p = tmp_path / "k.csv"
    p.write_text("id,kind,text\n1, body ,钱包就该是钱包。\n2,body\u200b,钱包就该是钱包。\n3,评\u200b论,隐私才是底线。\n"
                 "4,\ufeffcomment,财不外露。\n5,正文\u200b,支付宝做社交。\n", encoding="utf-8")
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # every value names a kind: no warning
        docs = argmine.read([p])
    assert [d.kind for d in docs] == ["body", "body", "comment", "comment", "body"]


def test_a_jsonl_kind_field_with_invisible_characters_is_read_as_its_kind(tmp_path):
    p = tmp_path / "k.jsonl"
    p.write_text('{"id": "1", "kind": "\\u6b63\\u6587\\u200b", "text": "钱包就该是钱包。"}\n'
                 '{"id": "2", "kind": "\\u00adtitle", "text": "支付宝做社交"}\n', encoding="utf-8")
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        docs = argmine.read([p])
    assert [d.kind for d in docs] == ["body", "title"]


# --- finding 1: a labelled sheet saved as plain CSV in GBK or Big5 ------------------------------------------------------

TEXTS = ["电动车禁行引发热议", "外卖骑手怎么办，这是砸饭碗。", "一刀切就是懒政，应该加强管理。", "支持禁行，闯红灯逆行太多了。", "今天天气不错😀"]
EXPORTED = ("id", "doc", "start", "end", "kind", "text", "themes", "sentiment", "annotator", "note")


def _sheet(texts=TEXTS) -> str:
    """A labelled sheet as 'argmine export --format csv' lays it out, every row labelled other/neutral."""
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\r\n")
    w.writerow(EXPORTED)
    start = 0
    for n, t in enumerate(texts, 1):
        w.writerow([f"t#{n}", "t", start, start + len(t), "body", t, "other", "neutral", "", ""])
        start += len(t) + 1
    return buf.getvalue()


def _saved(tmp_path, name: str, text: str, encoding: str):
    p = tmp_path / name
    p.write_bytes(text.encode(encoding, errors="replace"))  # Excel's plain CSV: what the encoding cannot hold becomes '?'
    return p


def _lost_warnings(path, **kw) -> list[str]:
    with warnings.catch_warnings(record=True) as seen:
        warnings.simplefilter("always")
        load_examples(path, **kw)
    return [str(w.message) for w in seen if issubclass(w.category, InputWarning) and "plain CSV" in str(w.message)]


def test_load_examples_warns_once_about_a_big5_sheet_whose_cells_hold_question_marks(tmp_path):
    p = _saved(tmp_path, "big5.csv", _sheet(), "cp950")
    assert _lost_warnings(p) == [
        f"{p}: read as big5 (the sheet was saved as plain CSV, not CSV UTF-8): characters that encoding cannot hold "
        "(emoji, most Simplified Chinese characters) were saved as '?': 5 rows hold '?' in the 'id', 'doc' or 'text' cell "
        f"(the first: row 1 (line 2)) and are read with the '?'; run 'argmine import {p} --format csv --source ORIGINALS "
        "-o GOLD.jsonl' first (ORIGINALS: the documents the sheet was exported from) to take the lost characters from them, "
        "and pass GOLD.jsonl; or save the sheet again as CSV UTF-8 from the spreadsheet while it still shows the lost characters"]
    # still read: a warning, not a refusal
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        assert [e.text for e in load_examples(p)][1] == "外??手怎么?，?是砸?碗。"


def test_a_gbk_sheet_that_lost_an_emoji_names_its_one_row(tmp_path):
    p = _saved(tmp_path, "gbk.csv", _sheet(), "gbk")
    (message,) = _lost_warnings(p)
    assert "read as gbk (" in message and "(emoji, rare characters such as 𠮷)" in message
    assert "1 row holds '?' in the 'id', 'doc' or 'text' cell (the first: row 5 (line 6)) and is read with the '?'" in message


def test_a_gbk_sheet_without_question_marks_and_a_utf8_sheet_with_them_give_no_such_warning(tmp_path):
    clean = _saved(tmp_path, "clean.csv", _sheet([t.replace("😀", "") for t in TEXTS]), "gbk")
    typed = _saved(tmp_path, "typed.csv", _sheet(["圈子到底是什么?", *TEXTS]), "utf-8-sig")
    assert _lost_warnings(clean) == []
    assert _lost_warnings(typed) == []  # a '?' in a UTF-8 sheet was typed: nothing was lost


def test_a_plain_labelled_table_is_told_to_save_as_csv_utf8_not_to_import(tmp_path):
    p = _saved(tmp_path, "plain.csv", "text,themes,sentiment\r\n外卖骑手怎么办，这是砸饭碗。,other,neutral\r\n支持禁行。,other,neutral\r\n",
               "cp950")
    (message,) = _lost_warnings(p)
    assert message.endswith(
        "1 row holds '?' in the 'text' cell (the first: row 1 (line 2)) and is read with the '?'; "
        "save the sheet again as CSV UTF-8 from the spreadsheet while it still shows the lost characters")


@pytest.mark.parametrize("command, done", [
    (["train", "{p}", "-o", "{m}"], "trained linear on 5 units"),
    (["evaluate", "--gold", "{p}", "--model", "lexicon"], "Evaluation on 5 units"),
])
def test_train_and_evaluate_gold_warn_about_the_big5_sheet_and_still_run(tmp_path, command, done):
    p = _saved(tmp_path, "big5.csv", _sheet(), "cp950")
    r = CliRunner().invoke(main, [a.format(p=p, m=tmp_path / "m") for a in command])
    assert r.exit_code == 0, r.output
    lines = [line for line in r.output.splitlines() if "plain CSV" in line]
    assert len(lines) == 1, r.output
    assert lines[0].startswith(f"argmine: warning: {p}: read as big5 (")
    assert "5 rows hold '?'" in lines[0] and "(the first: row 1 (line 2))" in lines[0]
    assert done in r.output
