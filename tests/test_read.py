import json

import opencc
import pytest

import argmine
from argmine.errors import InputError
from argmine.read import ReadOptions, decode

TEXT = "支付宝做社交?财不外露。\n 来往已死"


@pytest.mark.parametrize(
    "encoding,expected",
    [("utf-8", "utf-8"), ("utf-8-sig", "utf-8-sig"), ("gb18030", "gb18030"), ("gbk", "gb18030"), ("utf-16", "utf-16")],
)
def test_decode_detects_encoding(encoding, expected):
    text, found = decode(TEXT.encode(encoding))
    assert text == TEXT
    assert found == expected


def test_decode_detects_big5_traditional():
    trad = opencc.OpenCC("s2t").convert(TEXT * 3)
    text, found = decode(trad.encode("big5"))
    assert text == trad
    assert found == "big5"


def test_forced_encoding_wins_and_bad_forced_encoding_says_what_to_do():
    assert decode(TEXT.encode("gb18030"), encoding="gb18030")[0] == TEXT
    with pytest.raises(InputError) as e:
        decode(TEXT.encode("gb18030"), "f.txt", encoding="utf-8")
    assert str(e.value).startswith("f.txt: is not valid utf-8:")
    assert "drop --encoding" in str(e.value)


def test_unknown_encoding_is_a_clear_error():
    with pytest.raises(InputError, match="unknown encoding 'klingon'"):
        ReadOptions(encoding="klingon")


@pytest.mark.parametrize(
    "data,message",
    [
        (b"", "file is empty"),
        (b"\x89PNG\r\n\x1a\n" + bytes(200), "looks like binary data (PNG image)"),
        (bytes(range(128, 256)) * 20, "cannot be decoded as UTF-8, UTF-16, GB18030 or Big5"),
    ],
)
def test_bad_bytes_raise_input_error(data, message):
    with pytest.raises(InputError, match=message.replace("(", r"\(").replace(")", r"\)")):
        decode(data, "bad.txt")


def test_read_directory_recursive_with_globs(tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "one.txt").write_text("第一。", encoding="utf-8")
    (tmp_path / "two.md").write_text("第二。", encoding="utf-8")
    (tmp_path / "skip.txt").write_text("跳过。", encoding="utf-8")
    (tmp_path / "image.png").write_bytes(b"\x89PNG")
    (tmp_path / "README.md").write_text("说明。", encoding="utf-8")
    docs = argmine.read([tmp_path], exclude=("skip.*", "README*"))
    assert [d.id for d in docs] == ["a/one", "two"]
    assert [d.id for d in argmine.read([tmp_path])] == ["a/one", "skip", "two"]  # README* skipped by default
    assert [d.id for d in argmine.read([tmp_path / "README.md"])] == ["README"]  # unless named
    assert argmine.read([tmp_path], include=("*.md",))[0].text == "第二。"


def test_jsonl_rows_are_documents_with_metadata_and_bad_lines_reported(tmp_path):
    p = tmp_path / "c.jsonl"
    rows = [{"id": "c1", "text": "好。", "user": "u1"}, "not json", {"text": "无id"}, {"body": "no text field"}]
    p.write_text("\n".join(r if isinstance(r, str) else json.dumps(r, ensure_ascii=False) for r in rows), encoding="utf-8")
    errors = []
    docs = argmine.read([p], on_error=errors.append)
    assert [(d.id, d.text, d.meta) for d in docs] == [("c1", "好。", {"id": "c1", "user": "u1"}), ("c:3", "无id", {})]
    assert [e.message for e in errors] == [
        "line 2: not valid JSON (Expecting value); fix or remove that line",
        "line 4: has no 'text' field (fields: body); pass --text-field NAME",
    ]


def test_csv_with_custom_fields(tmp_path):
    p = tmp_path / "c.csv"
    p.write_text("cid,body,kind\n7,\"支付宝,社交。\",comment\n", encoding="gb18030")
    (doc,) = argmine.read([p], text_field="body", id_field="cid")
    assert (doc.id, doc.text, doc.encoding, doc.meta["kind"]) == ("7", "支付宝,社交。", "gb18030", "comment")


def test_table_rows_are_comments_unless_their_kind_column_says_otherwise(tmp_path):
    p = tmp_path / "c.csv"
    p.write_text("id,text,type\n1,支付宝加了圈子功能,\n2,正文第一句。,body\n", encoding="utf-8")
    units = argmine.segment(argmine.read([p], kind_field="type"))
    assert [(u.doc, u.kind) for u in units] == [("1", "comment"), ("2", "body")]
    auto = argmine.segment(argmine.read([p], kind_field="type", row_kind=None))
    assert [u.kind for u in auto] == ["title", "body"]  # short, no final stop: cleaning calls it a title
    with pytest.raises(InputError, match="row-kind"):
        ReadOptions(row_kind="reply")


def test_text_files_keep_per_block_kinds(tmp_path):
    p = tmp_path / "a.txt"
    p.write_text("支付宝的社交梦\n正文第一句。\n", encoding="utf-8")
    (doc,) = argmine.read([p])
    assert doc.kind is None
    assert [u.kind for u in argmine.segment([doc])] == ["title", "body"]


def test_missing_path_reported_and_others_still_read(tmp_path):
    good = tmp_path / "g.txt"
    good.write_text("好。", encoding="utf-8")
    errors = []
    docs = argmine.read([tmp_path / "nope.txt", good], on_error=errors.append)
    assert [d.id for d in docs] == ["g"]
    assert str(errors[0]).endswith("nope.txt: no such file or directory; check the path")


def test_duplicate_document_ids_are_kept_apart(tmp_path):
    (tmp_path / "x").mkdir()
    (tmp_path / "x" / "d.txt").write_text("一。", encoding="utf-8")
    (tmp_path / "d.txt").write_text("二。", encoding="utf-8")
    docs = argmine.read([tmp_path / "d.txt", tmp_path / "x" / "d.txt"])
    assert [d.id for d in docs] == ["d", "d~2"]
