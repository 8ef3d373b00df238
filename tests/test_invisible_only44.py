"""Text of only invisible characters (argmine.normalize.INVISIBLE) is blank, as text of only white space is (QA round 44)."""
import json
import warnings

import pytest
from click.testing import CliRunner

import argmine
from argmine.cli import main
from argmine.errors import InputError, InputWarning

BLANK_END = "; there is nothing to segment (remove it or add text)"
SKIPPED = "; the row is skipped (it has nothing to segment)"


@pytest.mark.parametrize(("text", "found"), [
    ("\u200b\n\u00ad\u200b\n", "U+200B, U+00AD"),
    ("\u2060", "U+2060"),
    (" \u200c\u200d \n", "U+200C, U+200D"),
    ("\ufeff\u200b\ufeff\n", "U+200B, U+FEFF"),  # the first U+FEFF is the BOM decoding takes off; the second is a character
])
def test_text_file_of_only_invisible_characters_is_blank(tmp_path, text, found):
    p = tmp_path / "inv.txt"
    p.write_text(text, encoding="utf-8")
    with pytest.raises(InputError) as e:
        argmine.read(p)
    assert str(e.value) == f"{p}: file holds only white space or invisible characters ({found}){BLANK_END}"


def test_text_file_blank_and_empty_messages_are_unchanged(tmp_path):
    blank, bom = tmp_path / "blank.txt", tmp_path / "bom.txt"
    blank.write_text("   \n\n", encoding="utf-8")
    bom.write_bytes(b"\xef\xbb\xbf")  # a BOM alone: decoding's, so the file is empty
    with pytest.raises(InputError) as e:
        argmine.read(blank)
    assert str(e.value) == f"{blank}: file holds only white space{BLANK_END}"
    with pytest.raises(InputError) as e:
        argmine.read(bom)
    assert str(e.value) == f"{bom}: file is empty{BLANK_END}"


def test_text_with_visible_characters_and_invisible_ones_is_read(tmp_path):
    p = tmp_path / "t.txt"
    p.write_text("\u200b我反\u00ad对。\u200b\n", encoding="utf-8")
    assert [d.text for d in argmine.read(p)] == ["\u200b我反\u00ad对。\u200b\n"]


def test_cli_text_file_of_only_invisible_characters_is_an_error_like_a_blank_one(tmp_path):
    p = tmp_path / "inv.txt"
    p.write_text("\u200b\n\u00ad\u200b\n", encoding="utf-8")
    r = CliRunner().invoke(main, ["segment", str(p), "--explain"], catch_exceptions=False)
    assert r.exit_code == 1
    assert f"argmine: error: {p}: file holds only white space or invisible characters (U+200B, U+00AD){BLANK_END}" in r.stderr
    assert "left no unit" not in r.stderr


def test_html_page_of_only_invisible_characters_shows_no_text(tmp_path):
    p = tmp_path / "p.html"
    p.write_text("<html><body><p>&#8203;</p><p>&shy; \u2060</p></body></html>", encoding="utf-8")
    with pytest.raises(InputError) as e:
        argmine.read(p)
    assert str(e.value) == f"{p}: HTML page shows no text (only markup, scripts or styles); there is nothing to segment"


def _table(tmp_path, fmt, texts):
    p = tmp_path / f"c.{fmt}"
    if fmt == "csv":
        p.write_text("id,text\n" + "".join(f'{i},"{t}"\n' for i, t in enumerate(texts, start=1)), encoding="utf-8")
        where = [f"row {i} (line {i + 1})" for i in range(1, len(texts) + 1)]
    elif fmt == "jsonl":
        p.write_text("".join(json.dumps({"id": i, "text": t}) + "\n" for i, t in enumerate(texts, start=1)), encoding="utf-8")
        where = [f"line {i}" for i in range(1, len(texts) + 1)]
    else:
        p.write_text(json.dumps([{"id": i, "text": t} for i, t in enumerate(texts, start=1)]), encoding="utf-8")
        where = [f"row {i}" for i in range(1, len(texts) + 1)]
    return p, where


@pytest.mark.parametrize("fmt", ["csv", "jsonl", "json"])
def test_table_cell_of_only_invisible_characters_is_skipped_with_a_warning(tmp_path, fmt):
    p, where = _table(tmp_path, fmt, ["我反对支付宝做社交。", " ", "\u200b", "\u00ad \u200b", "\ufeff", "财不外露。"])
    errors = []
    with pytest.warns(InputWarning) as caught:
        docs = argmine.read(p, on_error=errors.append)
    assert [(d.id, d.text) for d in docs] == [("1", "我反对支付宝做社交。"), ("6", "财不外露。")]
    assert errors == []
    assert [str(w.message) for w in caught] == [
        f"{p}: {where[1]}: field 'text' is empty{SKIPPED}",
        f"{p}: {where[2]}: field 'text' holds only white space or invisible characters (U+200B){SKIPPED}",
        f"{p}: {where[3]}: field 'text' holds only white space or invisible characters (U+00AD, U+200B){SKIPPED}",
        f"{p}: ... and 1 more record with an empty 'text' field, skipped",
    ]


def test_analyze_counts_invisible_only_rows_as_skipped(tmp_path):
    p, _ = _table(tmp_path, "csv", ["我反对支付宝做社交。", " ", "\u200b"])
    with pytest.warns(InputWarning):
        result = argmine.analyze(p, model="lexicon")
    assert (len(result.documents), result.totals["skipped_rows"]) == (1, 2)  # 3 rows: 1 read and 2 skipped


def test_cli_csv_cell_of_only_invisible_characters_is_no_document(tmp_path):
    p, _ = _table(tmp_path, "csv", ["我反对支付宝做社交。", " ", "\u200b"])
    r = CliRunner().invoke(main, ["segment", str(p), "--explain"], catch_exceptions=False)
    assert r.exit_code == 0
    assert f"argmine: warning: {p}: row 3 (line 4): field 'text' holds only white space or invisible characters (U+200B){SKIPPED}" in r.stderr
    assert "argmine: 1 document, 1 unit, 0 spans dropped" in r.stderr
    assert "left no unit" not in r.stderr


def test_html_cell_of_only_invisible_characters_shows_no_text(tmp_path):
    p, _ = _table(tmp_path, "jsonl", ["<p>好。</p>", "<p>&#8203;&shy;</p>"])
    with pytest.warns(InputWarning) as caught:
        docs = argmine.read(p, cells="html")
    assert [d.text for d in docs] == ["好。"]
    assert [str(w.message) for w in caught] == [
        f"{p}: line 2: field 'text' shows no text read as HTML (--cells html){SKIPPED}"]


def test_jsonl_line_of_only_invisible_characters_is_a_blank_line(tmp_path):
    p = tmp_path / "c.jsonl"
    p.write_text('{"text": "好。"}\n\u200b\n{"text": "坏。"}\n', encoding="utf-8")
    errors = []
    assert [d.text for d in argmine.read(p, on_error=errors.append)] == ["好。", "坏。"]
    assert errors == []


def test_id_and_kind_cells_of_only_invisible_characters_are_empty(tmp_path):
    p = tmp_path / "k.csv"
    p.write_text("id,text,kind\n\u200b,我反对支付宝做社交。,\u200b\n", encoding="utf-8")
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # no unknown-kind warning: a blank kind cell takes --row-kind
        (doc,) = argmine.read(p)
    assert (doc.id, doc.kind) == ("k:1", "comment")  # numbered by row, as an empty id cell is
