import json
import warnings
import os

import pytest

import argmine
from argmine.decode import decode
from argmine.errors import InputError, InputWarning
from argmine.read import ReadOptions

from .conftest import failing_reads, out_of_memory_reading, refuse_reading


def test_unknown_encoding_is_a_clear_error():
    with pytest.raises(InputError, match="unknown encoding 'klingon'"):
        ReadOptions(encoding="klingon")


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
        "line 2: not valid JSON (Expecting value at column 1); fix or remove that line",
        "line 4: has no 'text' field (fields: body); pass --text-field NAME (text_field= in Python)",
    ]


@pytest.mark.parametrize("name,sep", [("c.csv", ","), ("c.tsv", "\t")])
def test_table_without_the_text_column_is_reported_once(tmp_path, name, sep):
    p = tmp_path / name
    p.write_text(sep.join(["cid", "body"]) + "\n" + "".join(f"{i}{sep}第{i}条。\n" for i in range(50)), encoding="utf-8")
    errors = []
    assert argmine.read([p], on_error=errors.append, text_field="bdy") == []
    assert [str(e) for e in errors] == [f"{p}: has no 'bdy' column (columns: cid, body); pass --text-field NAME (text_field= in Python)"]


def test_jsonl_records_without_the_text_field_are_listed_then_counted(tmp_path):
    p = tmp_path / "c.jsonl"
    rows = [{"body": f"第{i}条。"} for i in range(6)] + [{"bdy": "有。"}, {"body": "又没有。"}]
    p.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in rows), encoding="utf-8")
    errors = []
    docs = argmine.read([p], on_error=errors.append, text_field="bdy")
    assert [(d.id, d.text) for d in docs] == [("c:7", "有。")]
    assert [e.message for e in errors] == [
        "line 1: has no 'bdy' field (fields: body); pass --text-field NAME (text_field= in Python)",
        "line 2: has no 'bdy' field (fields: body); pass --text-field NAME (text_field= in Python)",
        "line 3: has no 'bdy' field (fields: body); pass --text-field NAME (text_field= in Python)",
        "... and 4 more records without a 'bdy' field; pass --text-field NAME (text_field= in Python)",
    ]
    assert [e.count for e in errors] == [1, 1, 1, 4]


def test_cli_counts_failed_records_not_error_lines(tmp_path):
    from click.testing import CliRunner

    from argmine.cli import main

    p = tmp_path / "c.jsonl"
    p.write_text("\n".join(json.dumps({"body": f"第{i}条。"}, ensure_ascii=False) for i in range(6)) + '\n{"text": "有。"}\n', encoding="utf-8")
    r = CliRunner().invoke(main, ["segment", str(p), "--format", "jsonl"], catch_exceptions=False)
    assert r.exit_code == 1
    assert r.stderr.splitlines()[-1] == "argmine: error: 6 inputs failed; the other inputs were processed"


def test_table_rows_without_id_are_numbered_from_1_after_the_header(tmp_path):
    # the same rows as JSONL and CSV get the same default ids; the later file's get ~2
    (tmp_path / "n.jsonl").write_text('{"text": "一。"}\n{"text": "二。"}\n', encoding="utf-8")
    (tmp_path / "n.csv").write_text('text\n一。\n二。\n', encoding="utf-8")
    docs = argmine.read([tmp_path / "n.jsonl", tmp_path / "n.csv"])
    assert [(d.id, d.text) for d in docs] == [("n:1", "一。"), ("n:2", "二。"), ("n:1~2", "一。"), ("n:2~2", "二。")]
    assert [d.source for d in docs][2:] == [f"{tmp_path / 'n.csv'}:1", f"{tmp_path / 'n.csv'}:2"]
    # a quoted field spanning lines is one row
    (tmp_path / "m.csv").write_text('text\n"一,\n续。"\n二。\n', encoding="utf-8")
    assert [d.id for d in argmine.read([tmp_path / "m.csv"])] == ["m:1", "m:2"]
    (tmp_path / "m.csv").write_text('text\n"一,\n续。"\n二,三\n', encoding="utf-8")
    errors = []
    assert [d.id for d in argmine.read([tmp_path / "m.csv"], on_error=errors.append)] == ["m:1"]
    assert [e.message for e in errors] == ["row 2 (line 4): 1 more field than the header; quote fields that contain ','"]


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
    assert [u.kind for u in auto] == ["body", "body"]  # a row's only block heads nothing: body, not a title
    with pytest.raises(InputError, match="row-kind"):
        ReadOptions(row_kind="reply")


def test_kind_column_values_are_read_case_insensitively_in_english_and_chinese(tmp_path):
    p = tmp_path / "c.csv"
    p.write_text("id,text,kind\n1,甲。,Comment\n2,乙。,评论\n3,丙。,reply\n4,丁。, 正文 \n5,戊。,标题\n6,己。,BODY\n", encoding="utf-8")
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # every value is a kind: no warning
        docs = argmine.read([p])
    assert [d.kind for d in docs] == ["comment", "comment", "comment", "body", "title", "body"]


def test_unknown_kind_values_keep_their_rows_with_one_warning_listed_then_counted(tmp_path):
    p = tmp_path / "c.csv"
    p.write_text("id,text,kind\n" + "".join(f"{n},第{n}句。,note\n" for n in range(1, 7)) + "7,末句。,body\n", encoding="utf-8")
    errors = []
    with warnings.catch_warnings(record=True) as seen:
        warnings.simplefilter("always")
        docs = argmine.read([p], on_error=errors.append)
    assert errors == []
    assert [d.kind for d in docs] == ["comment"] * 6 + ["body"]  # kept, with --row-kind's kind
    messages = [str(w.message) for w in seen if issubclass(w.category, InputWarning)]
    assert messages[0] == (
        f"{p}: row 1 (line 2): field 'kind' is 'note', not a kind (title/标题, body/正文, comment/评论, or a synonym "
        "such as reply); the row is read as 'comment' (--row-kind; row_kind= in Python). To ignore this column pass "
        "--kind-field with a name the table lacks (--kind-field none; kind_field=None in Python); --row-kind sets the kind of such rows"
    )
    assert len(messages) == 4
    assert messages[3] == f"{p}: ... and 3 more records whose 'kind' field is not a kind, read as 'comment' (--row-kind; row_kind= in Python)"
    # --row-kind decides what such rows become
    with pytest.warns(InputWarning, match="read as 'body'"):
        assert {d.kind for d in argmine.read([p], row_kind="body")} == {"body"}


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


def test_renamed_id_never_takes_an_id_already_in_use(tmp_path):
    (tmp_path / "ids.jsonl").write_text(
        '{"id": "a", "text": "一。"}\n{"id": "a", "text": "二。"}\n{"id": "a~2", "text": "三。"}\n{"id": "a", "text": "四。"}\n',
        encoding="utf-8")
    docs = argmine.read([tmp_path / "ids.jsonl"])
    assert [(d.id, d.text) for d in docs] == [("a", "一。"), ("a~2", "二。"), ("a~2~2", "三。"), ("a~3", "四。")]


PAGE = """<!DOCTYPE html><html><head><meta charset="gb2312"><title>支付宝的社交梦</title>
<style>.x{color:red}</style><script>var a = "不是正文。";</script></head>
<body><div class="nav">首页 | 登录</div>
<article><p>支付宝做社交,我觉得没必要。
隐私怎么办&#xFF1F;</p><p>财不外露 &amp; 安全第一。</p></article>
<ul class="comments"><li>太臃肿了</li></ul></body></html>"""


def test_html_pages_are_read_as_the_text_they_show(tmp_path):
    p = tmp_path / "page.html"
    p.write_bytes(PAGE.encode("gb18030"))
    (doc,) = argmine.read([tmp_path])  # .html is read from directories by default
    assert doc.text.splitlines() == ["支付宝的社交梦", "首页 | 登录", "支付宝做社交,我觉得没必要。 隐私怎么办\uff1f", "财不外露 & 安全第一。", "太臃肿了"]
    assert (doc.encoding, doc.meta) == ("gb18030", {"format": "html", "title_line": True})
    units = argmine.segment([doc])
    assert "不是正文" not in doc.text and all(doc.text[u.start:u.end] == u.text for u in units)
    assert [u.text for u in units][1:4] == ["首页 | 登录", "支付宝做社交,我觉得没必要。", "隐私怎么办\uff1f"]


def test_html_page_without_text_is_one_clear_error(tmp_path):
    p = tmp_path / "empty.htm"
    p.write_text("<html><script>x()</script></html>", encoding="utf-8")
    errors = []
    assert argmine.read([p], on_error=errors.append) == []
    assert [str(e) for e in errors] == [f"{p}: HTML page shows no text (only markup, scripts or styles); there is nothing to segment"]
    (doc,) = argmine.read([p], input_format="text")  # --input-format text keeps the markup
    assert doc.text.startswith("<html>")


@pytest.mark.parametrize(
    "declared,codec,expected",
    [("gbk", "gbk", "gb18030"), ("gb2312", "gb18030", "gb18030"), ("big5", "big5", "big5hkscs"), ("gbk", "utf-8", "utf-8")],
)
def test_html_declared_charset_decides_short_pages(tmp_path, declared, codec, expected):
    # Two characters of Chinese in a page of markup: too little for detection alone.
    text = "隐私" if codec != "big5" else "隱私"
    p = tmp_path / "p.html"
    p.write_bytes(f'<html><head><meta http-equiv="Content-Type" content="text/html; charset={declared}"></head><body><p>{text}</p></body></html>'.encode(codec))
    (doc,) = argmine.read([p])
    assert (doc.text, doc.encoding) == (text, expected)


@pytest.mark.parametrize(
    "data, args, why",
    [
        ("id,body\n1,支付宝做社交。\n", ["--text-field", "body"], "--text-field applies only to tables"),
        ("id\ttext\n1\t支付宝做社交。\n", [], "it looks like a tab-separated table (columns: id, text)"),
        ("id\tbody\n1\t支付宝做社交。\n", [], "it looks like a tab-separated table (columns: id, body)"),  # the id column
        ('{"text": "支付宝做社交。"}\n', [], "its first line looks like JSON"),
        ("<!DOCTYPE html>\n<p>支付宝做社交。</p>\n", [], "it starts like an HTML page (<!DOCTYPE html>)"),
        ("<!-- 存档 -->\n<html lang='zh'><p>支付宝做社交。</p>\n", [], "it starts like an HTML page (<html>)"),
    ],
)
def test_stdin_read_as_text_warns_when_it_looks_like_a_table(data, args, why):
    from click.testing import CliRunner

    from argmine.cli import main

    r = CliRunner().invoke(main, ["segment", "-", *args], input=data.encode("utf-8"), catch_exceptions=False)
    assert r.exit_code == 0
    assert f"argmine: warning: standard input is read as plain text, but {why}; pass --input-format" in r.stderr
    plain = CliRunner().invoke(main, ["segment", "-"], input="支付宝做社交。\n".encode("utf-8"), catch_exceptions=False)
    assert "warning" not in plain.stderr


@pytest.mark.parametrize("data", ['{"text": "支付宝做社交。"}\n', "<!DOCTYPE html>\n<p>支付宝做社交。</p>\n"])
def test_stdin_hint_warning_names_the_callers_line(monkeypatch, data):
    import io
    import types

    monkeypatch.setattr("sys.stdin", types.SimpleNamespace(buffer=io.BytesIO(data.encode("utf-8"))))
    with pytest.warns(UserWarning, match="standard input is read as plain text") as caught:
        argmine.read(["-"])
    assert [w.filename for w in caught] == [__file__]


@pytest.mark.parametrize("data, why", [
    ('<html><body><div class="nav">首页 | 登录</div><p>支付宝不应该做社交，这是我的观点。</p></body></html>\n',
     "it starts like an HTML page (<html>); pass --input-format html (input_format='html' in Python), or name the file .html, "
     "to read the text the page shows"),
    ("\ufeff<!DOCTYPE html>\n<p>支付宝做社交。</p>\n",
     "it starts like an HTML page (<!DOCTYPE html>); pass --input-format html (input_format='html' in Python), "
     "or name the file .html, to read the text the page shows"),
    ('{"text": "支付宝做社交。"}\n',
     "its first line looks like JSON; pass --input-format jsonl or json (one array of row objects; input_format= in Python), "
     "or name the file .jsonl or .json, to read each row as a document"),
])
def test_txt_file_holding_a_page_or_json_rows_is_read_as_text_with_a_warning_naming_it(tmp_path, data, why):
    p = tmp_path / "saved.txt"
    p.write_text(data, encoding="utf-8")
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        (doc,) = argmine.read([p])
    assert doc.text == data.lstrip("\ufeff")  # read as it stands: the warning only says how to read it otherwise
    assert _warned(caught) == [f"{p}: read as one text document, but {why}"]
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        docs = argmine.read([p], input_format="html" if "html" in why else "jsonl")
    assert "支付宝" in docs[0].text and "<" not in docs[0].text and _warned(caught) == []  # --input-format wins


@pytest.mark.parametrize("first", ["{转载自微博}", "{图片}", "{ 编者按 }", "{多图预警}"])
def test_txt_file_whose_first_line_is_braces_in_prose_reads_without_a_json_warning(tmp_path, first):
    # a repost tag or placeholder in braces is no JSON: the file is read as text without a hint to read it as rows
    p = tmp_path / "post.txt"
    p.write_text(f"{first}\n支付宝做社交，这已经不是第一次了。\n", encoding="utf-8")
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        (doc,) = argmine.read([p])
    assert doc.text.startswith(first) and _warned(caught) == []


def test_jsonl_line_nested_too_deeply_is_reported_and_the_others_kept(tmp_path):
    p = tmp_path / "deep.jsonl"
    p.write_text('{"id": "ok", "text": "好的。"}\n' + "[" * 100000 + "]" * 100000 + "\n", encoding="utf-8")
    errors = []
    docs = argmine.read([p], on_error=errors.append)
    assert [d.id for d in docs] == ["ok"]
    assert [e.message for e in errors] == ["line 2: not valid JSON (nested too deeply at column 1); fix or remove that line"]


def test_jsonl_record_with_a_lone_surrogate_is_reported_and_the_others_kept(tmp_path):
    # json.loads accepts "\ud83d" (half an emoji cut off by a scraper); no encoder does
    p = tmp_path / "s.jsonl"
    p.write_text(
        '{"id": "ok", "text": "好的。"}\n'
        '{"id": "s", "text": "支付宝做社交\\ud83d"}\n'
        '{"id": "pair", "text": "好\\ud83d\\ude00"}\n'
        '{"id": "u\\udc00", "text": "坏。"}\n'
        '{"id": "m", "text": "坏。", "user": {"name": ["\\ud83d"]}}\n',
        encoding="utf-8",
    )
    errors = []
    docs = argmine.read([p], on_error=errors.append)
    assert [(d.id, d.text) for d in docs] == [("ok", "好的。"), ("pair", "好😀")]
    why = "half of a character such as an emoji cut in two; remove it or complete the pair"
    assert [e.message for e in errors] == [
        f"line 2: field 'text' contains an unpaired UTF-16 surrogate (\\ud83d), {why}",
        f"line 4: field 'id' contains an unpaired UTF-16 surrogate (\\udc00), {why}",
        f"line 5: field 'user' contains an unpaired UTF-16 surrogate (\\ud83d), {why}",
    ]
    assert argmine.segment(docs)  # what was read can be segmented


def test_cli_reports_a_lone_surrogate_in_one_line_and_writes_the_other_records(tmp_path):
    from click.testing import CliRunner

    from argmine.cli import main

    p = tmp_path / "s.jsonl"
    p.write_text('{"id": "ok", "text": "好的。"}\n{"id": "s", "text": "做社交\\ud83d"}\n{"id": "ok2", "text": "隐私。"}\n', encoding="utf-8")
    r = CliRunner().invoke(main, ["segment", str(p), "--format", "jsonl"], catch_exceptions=False)
    assert r.exit_code == 1
    assert [json.loads(line)["doc"] for line in r.stdout.splitlines()] == ["ok", "ok2"]
    assert f"argmine: error: {p}: line 2: field 'text' contains an unpaired UTF-16 surrogate (\\ud83d)" in r.stderr
    assert "Traceback" not in r.stderr


def test_utf8_file_with_an_encoded_lone_surrogate_is_named_not_read_as_another_encoding(tmp_path):
    # a short file used to decode as GB18030 mojibake
    p = tmp_path / "s.txt"
    p.write_bytes("好的。\n好\ud83d\n😀\n".encode("utf-8", "surrogatepass"))
    with pytest.raises(InputError) as e:
        argmine.read([p])
    assert e.value.message == (
        "is UTF-8 except for an unpaired UTF-16 surrogate (\\ud83d, line 2) written as UTF-8 bytes, half of a character "
        "such as an emoji cut in two; remove it, or save the file again as standard UTF-8"
    )


@pytest.mark.parametrize("name, bom", [("c.txt", b""), ("c.jsonl", b""), ("c.csv", b"\xef\xbb\xbf")])
def test_cesu8_surrogate_pairs_are_read_as_the_character_with_a_warning(tmp_path, name, bom):
    # MySQL utf8 / Java modified UTF-8 write 😀 as its two UTF-16 halves, each as UTF-8 bytes
    body = {"c.txt": "支付宝做社交是对的{}。\n财不外露。\n", "c.jsonl": '{{"text": "支付宝做社交是对的{}。"}}\n{{"text": "财不外露。"}}\n',
            "c.csv": "text\n支付宝做社交是对的{}。\n财不外露。\n"}[name]
    p = tmp_path / name
    p.write_bytes(bom + body.format("\ud83d\ude00").encode("utf-8", "surrogatepass"))
    assert b"\xed\xa0\xbd\xed\xb8\x80" in p.read_bytes()
    with pytest.warns(UserWarning) as w:
        docs = argmine.read([p])
    assert [str(x.message) for x in w] == [
        f"{p}: characters beyond U+FFFF (emoji) are written as UTF-16 surrogate pairs in UTF-8 bytes (CESU-8, as MySQL "
        "utf8 and Java write them); read as the characters they stand for. Save the file as standard UTF-8 (MySQL utf8mb4) to silence this"
    ]
    assert "支付宝做社交是对的😀。" in docs[0].text and docs[0].encoding == "cesu-8"
    assert "财不外露。" in docs[-1].text
    assert all(d.text[u.start:u.end] == u.text for d in docs for u in argmine.segment([d]))


@pytest.mark.parametrize("name, content, where", [
    ("l.csv", "id,text\n1,好\ud83d\n2,ok\n3,\"\ud83d\ude00\"\n", "row 1 (line 2)"),
    ("l.tsv", "id\ttext\n1\t好\ud83d\n2\tok\n3\t\ud83d\ude00\n", "row 1 (line 2)"),
    ("l.jsonl", '{"id": "1", "text": "好\ud83d"}\n{"id": "2", "text": "ok"}\n{"id": "3", "text": "\ud83d\ude00"}\n', "line 1"),
])
def test_table_row_with_an_encoded_lone_surrogate_fails_alone(tmp_path, name, content, where):
    p = tmp_path / name
    p.write_bytes(content.encode("utf-8", "surrogatepass"))  # raw UTF-8 bytes ED A0 BD, not a JSON escape
    errors = []
    with pytest.warns(UserWarning, match="CESU-8"):  # row 3 holds a whole pair
        docs = argmine.read([p], on_error=errors.append)
    assert [(d.id, d.text) for d in docs] == [("2", "ok"), ("3", "😀")]
    assert [e.message for e in errors] == [
        f"{where}: field 'text' contains an unpaired UTF-16 surrogate (\\ud83d), half of a character such as an emoji "
        "cut in two; remove it or complete the pair"
    ]


def test_jsonl_ids_must_be_strings_or_numbers_and_text_types_are_named_as_in_json(tmp_path):
    p = tmp_path / "i.jsonl"
    rows = [{"id": [1], "text": "一。"}, {"id": True, "text": "二。"}, {"id": 3, "text": "三。"}, {"id": "4", "text": 4}, {"text": "五。"}]
    p.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in rows), encoding="utf-8")
    errors = []
    assert [d.id for d in argmine.read([p], on_error=errors.append)] == ["3", "i:5"]
    assert [e.message for e in errors] == [
        "line 1: field 'id' is an array; expected a string or a number (or no value, to number the rows)",
        "line 2: field 'id' is a boolean; expected a string or a number (or no value, to number the rows)",
        "line 4: field 'text' is a number, expected a string; fix the row, or pass --text-field NAME if the text is in another field "
        "(text_field= in Python)",
    ]


@pytest.mark.parametrize("name,content,where,found", [
    ("n.jsonl", '{"id":"a","text":"服务费应该给骑手。"}\n{"id":"b","text":null}\n{"id":"c","text":"商家抽成太高。"}\n', "line 2", "null (no text)"),
    ("n.csv", "id,text\na,服务费应该给骑手。\nb,\nc,商家抽成太高。\n", "row 2 (line 3)", "empty"),
])
def test_null_text_in_jsonl_is_skipped_with_a_warning_as_an_empty_csv_cell_is(tmp_path, name, content, where, found):
    # what pandas writes for one frame with a missing text: to_json(lines=True) and to_csv()
    p = tmp_path / name
    p.write_text(content, encoding="utf-8")
    errors = []
    with pytest.warns(InputWarning) as caught:
        docs = argmine.read([p], on_error=errors.append)
    assert [d.id for d in docs] == ["a", "c"] and errors == []
    assert [str(w.message) for w in caught] == [f"{p}: {where}: field 'text' is {found}; the row is skipped (it has nothing to segment)"]
    with pytest.warns(InputWarning):
        assert argmine.analyze(p, model="lexicon").totals["failed_inputs"] == 0  # no on_error: nothing raised


def test_csv_quote_left_open_is_reported_and_the_rows_after_it_kept(tmp_path):
    # without strict parsing rows 3 and 4 became the text of row 2, silently
    p = tmp_path / "u.csv"
    p.write_text('id,text\n1,支付宝做社交。\n2,"财不外露，懂吗\n3,隐私最重要！\n4,钱包就是钱包。\n', encoding="utf-8")
    errors = []
    docs = argmine.read([p], on_error=errors.append)
    assert [(d.id, d.text) for d in docs] == [("1", "支付宝做社交。"), ("3", "隐私最重要！"), ("4", "钱包就是钱包。")]
    assert [e.message for e in errors] == [
        "row 2 (line 3): a quote opened in this row is never closed, so the rest of the file would be read as its text; "
        'close it, or double every quote inside a quoted field ("")'
    ]


def test_csv_text_after_a_closing_quote_is_reported_not_dropped_quietly(tmp_path):
    p = tmp_path / "q.csv"
    p.write_text('id,text\n1,"支付宝"这个名字好。\n2,"他说""不用""，走了。"\n3,"第一行\r\n第二行。"\n', encoding="utf-8")
    errors = []
    docs = argmine.read([p], on_error=errors.append)
    assert [(d.id, d.text, d.source) for d in docs] == [("2", '他说"不用"，走了。', f"{p}:2"), ("3", "第一行\r\n第二行。", f"{p}:3")]
    assert [e.message for e in errors] == [
        "row 1 (line 2): text follows the closing quote of a quoted field (',' expected after '\"'); "
        'double every quote inside a quoted field (""), or do not start the field with a quote'
    ]


def test_csv_multiline_record_with_text_after_its_closing_quote_is_reported_once(tmp_path):
    p = tmp_path / "m.csv"
    p.write_text('user,text,n\na,"第一行\n第二\n行"x,1\nb,支付宝做社交。,2\nc,财不外露。,3\n', encoding="utf-8")
    errors = []
    docs = argmine.read([p], on_error=errors.append)
    assert [(d.id, d.text) for d in docs] == [("m:2", "支付宝做社交。"), ("m:3", "财不外露。")]
    assert [e.message for e in errors] == [
        "row 1 (lines 2-4): text follows the closing quote of a quoted field (',' expected after '\"'); "
        'double every quote inside a quoted field (""), or do not start the field with a quote'
    ]


def test_csv_stray_quote_does_not_take_the_rows_after_it(tmp_path):
    p = tmp_path / "s.csv"
    p.write_text('id,text\n1,"我觉得\n2,财不外露\n3,他说"好"的\n', encoding="utf-8")
    errors = []
    docs = argmine.read([p], on_error=errors.append)
    assert [(d.id, d.text) for d in docs] == [("2", "财不外露"), ("3", '他说"好"的')]
    assert [e.message[:40] for e in errors] == ["row 1 (line 2): text follows the closing"]


@pytest.mark.parametrize("name, sep", [("b.csv", ","), ("b.tsv", "\t")])
def test_table_blank_lines_before_the_header_are_skipped(tmp_path, name, sep):
    p = tmp_path / name
    p.write_text(f"\n  \n\nid{sep}text\n1{sep}支付宝做社交。\n", encoding="utf-8")
    errors = []
    docs = argmine.read([p], on_error=errors.append)
    assert [(d.id, d.text) for d in docs] == [("1", "支付宝做社交。")] and errors == []
    (tmp_path / "blank.csv").write_text("\n\n", encoding="utf-8")
    with pytest.raises(InputError, match="file is empty"):
        argmine.read([tmp_path / "blank.csv"])


def test_tsv_quote_marks_that_quote_no_field_are_text(tmp_path):
    # TSV written without quoting: quote marks are text, a stray one takes no row with it
    p = tmp_path / "t.tsv"
    p.write_text('id\ttext\n1\t"支付宝"这个名字好。\n2\t"财不外露\n3\t隐私"。\n4\t一\t二\n5\t好。\n', encoding="utf-8")
    errors = []
    docs = argmine.read([p], on_error=errors.append)
    assert [(d.id, d.text) for d in docs] == [("1", '"支付宝"这个名字好。'), ("2", '"财不外露'), ("3", '隐私"。'), ("5", "好。")]
    assert [e.message for e in errors] == [
        "row 4 (line 5): 1 more field than the header; a tab inside a TSV field needs the field quoted: "
        "remove the extra tabs, or quote the field"
    ]


def test_tsv_written_by_pandas_is_read_with_its_quoting(tmp_path):
    pd = pytest.importorskip("pandas")

    texts = ["第一行。\n第二行。", '他说"不行"。', "有\t制表符。", "普通。"]
    p = tmp_path / "p.tsv"
    pd.DataFrame({"id": ["a", "b", "c", "d"], "text": texts}).to_csv(p, sep="\t", index=False)
    errors = []
    docs = argmine.read([p], on_error=errors.append)
    assert errors == []
    assert [d.text for d in docs] == texts


@pytest.mark.parametrize("name,sep,hint", [("s.csv", ",", "a line break inside a field needs the field quoted"), ("s.tsv", "\t", "a line break inside a TSV field needs the field quoted")])
def test_short_table_row_says_how_many_fields_it_has(tmp_path, name, sep, hint):
    p = tmp_path / name
    p.write_text(f"id{sep}user{sep}text\n1{sep}张三{sep}好。\n2{sep}李四\n3\n", encoding="utf-8")
    errors = []
    assert [d.id for d in argmine.read([p], on_error=errors.append)] == ["1"]
    assert [e.message for e in errors] == [
        f"row 2 (line 3): has 2 fields but the header has 3, so there is no 'text' value; add the missing fields or remove the row ({hint})",
        f"row 3 (line 4): has 1 field but the header has 3, so there is no 'text' value; add the missing fields or remove the row ({hint})",
    ]
    # a short row that has its text is read; the fields it lacks are None
    p.write_text(f"id{sep}text{sep}user\n1{sep}好。\n", encoding="utf-8")
    (doc,) = argmine.read([p])
    assert (doc.text, doc.meta) == ("好。", {"id": "1", "user": None})


@pytest.mark.parametrize("name", ["e.csv", "e.jsonl"])
def test_table_rows_with_empty_text_are_listed_then_counted(tmp_path, name):
    texts = ["好。", "", "  ", "隐私。", "\u3000", "", "", "\t"]
    if name.endswith(".csv"):
        p = tmp_path / name
        p.write_text("text\n" + "".join(f'"{t}"\n' for t in texts), encoding="utf-8")
        where = ["row 2 (line 3)", "row 3 (line 4)", "row 5 (line 6)"]
    else:
        p = tmp_path / name
        p.write_text("".join(json.dumps({"text": t}) + "\n" for t in texts), encoding="utf-8")
        where = ["line 2", "line 3", "line 5"]
    errors = []
    with pytest.warns(InputWarning) as caught:
        docs = argmine.read([p], on_error=errors.append)
    assert [(d.id, d.text) for d in docs] == [("e:1", "好。"), ("e:4", "隐私。")]
    # skipped with a warning each (the first three, then a count), not failures
    assert errors == []
    assert [str(w.message) for w in caught] == [
        *(f"{p}: {w}: field 'text' is empty; the row is skipped (it has nothing to segment)" for w in where),
        f"{p}: ... and 3 more records with an empty 'text' field, skipped",
    ]


def test_input_warnings_name_the_callers_line_not_argmines(tmp_path):
    import inspect

    p = tmp_path / "c.csv"
    p.write_text("text,kind\n好。,note\n\"\",comment\n", encoding="utf-8")
    for call in (lambda: argmine.read([p]), lambda: argmine.analyze(p, model="lexicon")):
        with warnings.catch_warnings(record=True) as seen:
            warnings.simplefilter("always")
            call()
        line = inspect.getsourcelines(call)[1]
        assert [(w.category, w.filename, w.lineno) for w in seen] == [(InputWarning, __file__, line)] * 2


def test_library_messages_name_the_keyword_argument_and_the_cli_option(tmp_path):
    from argmine.cli._common import source_message

    p = tmp_path / "c.jsonl"
    p.write_text('{"body": "好。"}\n', encoding="utf-8")
    with pytest.raises(InputError) as e:
        argmine.read(p)
    assert e.value.message == "line 1: has no 'text' field (fields: body); pass --text-field NAME (text_field= in Python)"
    # about --source inputs the CLI names its own option, which has no keyword of that name
    assert source_message(e.value.message) == "line 1: has no 'text' field (fields: body); pass --source-text-field NAME"


def test_cli_table_rows_with_empty_text_are_warnings_not_failures(tmp_path):
    from click.testing import CliRunner

    from argmine.cli import main

    p = tmp_path / "c.csv"
    p.write_text("text\n好。\n\"\"\n隐私。\n", encoding="utf-8")
    r = CliRunner().invoke(main, ["segment", str(p), "--format", "jsonl"], catch_exceptions=False)
    assert r.exit_code == 0
    assert f"argmine: warning: {p}: row 2 (line 3): field 'text' is empty; the row is skipped" in r.stderr
    assert len(r.stdout.splitlines()) == 2


def test_read_takes_one_path_as_well_as_a_list(tmp_path):
    p = tmp_path / "a.txt"
    p.write_text("支付宝做社交。\n", encoding="utf-8")
    assert [d.id for d in argmine.read(str(p))] == ["a"]
    assert [d.id for d in argmine.read(p)] == ["a"]


def test_empty_path_is_an_error_not_the_current_directory(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "a.txt").write_text("一。\n", encoding="utf-8")
    errors = []
    assert argmine.read([""], on_error=errors.append) == []
    assert [str(e) for e in errors] == ["'': an empty path names no file (is a variable unset?); pass a file or folder name (. for the current folder)"]


def test_directories_skip_hidden_files_and_folders(tmp_path):
    (tmp_path / ".venv" / "lib").mkdir(parents=True)
    (tmp_path / ".venv" / "lib" / "LICENSE.txt").write_text("MIT。\n", encoding="utf-8")
    (tmp_path / ".notes.txt").write_text("私人。\n", encoding="utf-8")
    (tmp_path / "a.txt").write_text("一。\n", encoding="utf-8")
    assert [d.id for d in argmine.read([tmp_path])] == ["a"]


def test_read_options_take_one_glob_and_row_kind_auto(tmp_path):
    (tmp_path / "a.jsonl").write_text('{"text": "一。"}\n', encoding="utf-8")
    (tmp_path / "b.txt").write_text("二。\n", encoding="utf-8")
    assert [d.id for d in argmine.read([tmp_path], include="*.jsonl")] == ["a:1"]
    assert ReadOptions(include="*.jsonl").include == ("*.jsonl",)
    assert ReadOptions(row_kind="auto").row_kind is None


CHROME_PAGE = """<html><head><title>支付宝做社交? - 新闻网</title></head><body>
<header><h1>支付宝做社交?</h1><nav><a>首页</a> | <a>新闻</a> | <a>科技</a></nav></header>
<article><p>支付宝做社交,我觉得没必要。</p><footer>标签:支付宝</footer></article>
<aside><h3>热门文章</h3><ul><li>微信支付又出新功能</li></ul></aside>
<div role="contentinfo"><div>京ICP备12345678号</div></div>
<form><textarea></textarea><button>发表</button></form>
<footer>Copyright 2016 新闻网</footer></body></html>"""


def test_html_page_chrome_is_kept_marked_and_cleaning_drops_it_with_a_reason(tmp_path):
    from argmine.html import html_to_text

    assert html_to_text(CHROME_PAGE).splitlines() == [
        "<title> 支付宝做社交? - 新闻网", "支付宝做社交?", "<nav> 首页 | 新闻 | 科技", "支付宝做社交,我觉得没必要。",
        "<footer> 标签:支付宝", "<aside> 热门文章", "<aside> 微信支付又出新功能", "<footer> 京ICP备12345678号",
        "<form> 发表", "<footer> Copyright 2016 新闻网",
    ]
    (tmp_path / "p.html").write_text(CHROME_PAGE, encoding="utf-8")
    seg = next(argmine.iter_segmented(argmine.read([tmp_path])))
    assert [(u.kind, u.text) for u in seg.units] == [("title", "支付宝做社交?"), ("body", "支付宝做社交,我觉得没必要。")]
    assert [d.rule for d in seg.dropped] == ["html_title", "html_nav", "html_footer", "html_aside", "html_aside", "html_footer", "html_form", "html_footer"]
    assert all(seg.document.text[d.start:d.end] == d.text for d in seg.dropped)


def test_table_records_checks_every_required_column_and_names_the_one_a_short_row_lacks():
    from argmine.read import table_records

    need = (("text", "text-field"), ("sentiment", "sentiment-field"))
    with pytest.raises(InputError) as e:
        list(table_records("text,themes\n一,privacy\n", "t.csv", "csv", print, need))
    assert str(e.value) == "t.csv: has no 'sentiment' column (columns: text, themes); pass --sentiment-field NAME (sentiment_field= in Python)"
    errors = []
    rows = list(table_records("text\tthemes\tsentiment\n一\tprivacy\n二\t\tpositive\n", "t.tsv", "tsv", errors.append, need))
    assert rows == [(2, "row 2 (line 3)", {"text": "二", "themes": "", "sentiment": "positive"})]
    assert [str(e) for e in errors] == [
        "t.tsv: row 1 (line 2): has 2 fields but the header has 3, so there is no 'sentiment' value; "
        "add the missing fields or remove the row (a line break inside a TSV field needs the field quoted)"
    ]
    assert list(table_records('{"a": 1}\n\n[1]\n', "t.jsonl", "jsonl", errors.append, need)) == [(1, "line 1", {"a": 1})]
    assert str(errors[-1]) == "t.jsonl: line 3: expected a JSON object, found an array; each line must be one object"


def test_directory_walk_matches_suffixes_and_globs_in_any_case(tmp_path):
    (tmp_path / "P02.HTML").write_text("<p>一。</p>", encoding="utf-8")
    (tmp_path / "p09.Htm").write_text("<p>二。</p>", encoding="utf-8")
    (tmp_path / "NOTE.TXT").write_text("三。", encoding="utf-8")
    (tmp_path / "ReadMe.md").write_text("说明。", encoding="utf-8")
    assert [(d.id, d.text) for d in argmine.read([tmp_path])] == [("NOTE", "三。"), ("P02", "一。"), ("p09", "二。")]
    assert [d.id for d in argmine.read([tmp_path], include="*.html")] == ["P02"]
    assert [d.id for d in argmine.read([tmp_path], exclude=("p02*", "readme*"))] == ["NOTE", "p09"]


def test_html_hidden_blocks_are_dropped_by_cleaning_with_a_reason(tmp_path):
    import argmine

    page = tmp_path / "p.html"
    page.write_text("<p>正文说支付宝不该做社交。</p><div hidden><p>用户登录</p></div>", "utf-8")
    from argmine.segment import iter_segmented

    seg = next(iter_segmented(argmine.read([page])))
    assert [u.text for u in seg.units] == ["正文说支付宝不该做社交。"]
    assert [(d.rule, d.text) for d in seg.dropped] == [("html_hidden", "<hidden> 用户登录")]


def test_html_heading_lines_are_the_shown_headings(tmp_path):
    # shown <h1>..<h6> outside chrome, each of their lines; not a heading in a <nav>, a hidden one or one never closed
    page = ("<title>支付宝做社交？用户为何不买账 - 网</title><nav><h2>新闻网</h2></nav><div>首页 | 科技</div>"
            "<h1>支付宝做社交？用户为何不买账</h1><p>正文。</p><h2 hidden>用户登录</h2><div style='display:none'><h3>菜单</h3></div>"
            "<h3>隐私<br>怎么办</h3><p>第二段。</p><h4>没关上")
    (tmp_path / "p.html").write_text(page, encoding="utf-8")
    (doc,) = argmine.read([tmp_path / "p.html"])
    assert doc.text.splitlines() == [
        "<title> 支付宝做社交？用户为何不买账 - 网", "<nav> 新闻网", "首页 | 科技", "支付宝做社交？用户为何不买账", "正文。",
        "<hidden> 用户登录", "<hidden> 菜单", "隐私", "怎么办", "第二段。", "没关上",
    ]
    assert doc.meta == {"format": "html", "heading_lines": [3, 7, 8]}
    (tmp_path / "p.txt").write_text(doc.text, encoding="utf-8")  # a text file holds no markup
    assert argmine.read([tmp_path / "p.txt"])[0].meta == {}


def test_html_link_lines_are_those_whose_words_all_came_from_a_link(tmp_path):
    # QA round 8: cleaning reads only such lines as the headlines under 推荐阅读 (a page has no blank lines to end the list)
    page = ("<h1>支付宝输在哪</h1><p>推荐阅读：</p><p><a href='/a'>支付宝回应圈子争议</a></p><li>▶ <a href='/b'>从来往<b>到钉钉</b></a></li>"
            "<p>我说<a href='/c'>这篇</a>不对</p><p>先说结论</p><nav><a href='/'>首页</a></nav><p hidden><a href='/d'>藏</a></p>"
            "<p><a href='/e'>第一篇</a><br><a href='/f'>第二篇</a> 2016-11-30</p>")
    (tmp_path / "p.html").write_text(page, encoding="utf-8")
    (doc,) = argmine.read([tmp_path / "p.html"])
    assert doc.text.splitlines() == ["支付宝输在哪", "推荐阅读：", "支付宝回应圈子争议", "▶ 从来往到钉钉", "我说这篇不对", "先说结论",
                                     "<nav> 首页", "<hidden> 藏", "第一篇", "第二篇 2016-11-30"]
    assert doc.meta == {"format": "html", "heading_lines": [0], "link_lines": [2, 3, 8]}
    units = argmine.segment([doc])  # a layout hint: units do not carry it
    assert units and all(u.meta == {"format": "html"} for u in units)


# --- the directory walk and file names (QA round 7, qa7_scale) -------------------------------


def _ids(paths, **kwargs):
    errors = []
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        docs = argmine.read(paths, on_error=errors.append, **kwargs)
    return [d.id for d in docs], [str(e) for e in errors], [str(w.message) for w in caught]


def test_walk_reads_a_file_whose_name_is_not_utf8_and_names_it_with_escapes(tmp_path):
    import os

    (tmp_path / "ok.txt").write_text("隐私会泄露，我反对。", encoding="utf-8")
    name = os.fsencode(tmp_path) + b"/" + "评论".encode("gbk") + b".txt"  # a file name from a Windows zip
    try:
        with open(name, "wb") as f:
            f.write("支付宝做社交是对的。".encode("utf-8"))
    except OSError:
        pytest.skip("this file system does not take a file name that is not UTF-8")
    for paths in ([tmp_path], [tmp_path / "ok.txt", os.fsdecode(name)]):
        ids, errors, warned = _ids(paths)
        assert ids == ["ok", "\\xc6\\xc0\\xc2\\xdb"] and errors == []
        docs = argmine.read(paths)
        assert docs[1].source == f"{tmp_path}/\\xc6\\xc0\\xc2\\xdb.txt" and docs[1].text == "支付宝做社交是对的。"
        assert any("not valid UTF-8" in w for w in warned)


#: Reads the folder argv[1] and the missing file argv[2] under the locale it was started in; prints what it got as ASCII JSON.
_READ_IN_LOCALE = """
import json, sys, warnings
import argmine
folder = sys.argv[1]
errors = []
with warnings.catch_warnings(record=True) as caught:
    warnings.simplefilter("always")
    docs = argmine.read([folder, sys.argv[2]], on_error=errors.append)
print(json.dumps({"encoding": sys.getfilesystemencoding(), "ids": [d.id for d in docs],
                  "sources": [d.source[len(folder) + 1:] for d in docs], "errors": [str(e)[len(folder) + 1:] for e in errors],
                  "undecodable": sum("not valid UTF-8" in str(w.message) for w in caught)}))
"""


def test_ids_and_sources_from_file_names_are_the_same_in_a_locale_that_is_not_utf8(tmp_path):
    import subprocess
    import sys

    # a gold file labelled under a UTF-8 locale names 支付宝评论#1: under LC_ALL=C (or GBK, Latin-1) the id was the locale's reading of
    # the name's bytes (\xe6\x94..., 鏀\xaf浠..., æ¯ä»...), with a false "not valid UTF-8" warning, and no gold record aligned
    folder = tmp_path / "pages"
    folder.mkdir()
    (folder / "支付宝评论.txt").write_text("支付宝做社交是对的。", encoding="utf-8")
    env = {**os.environ, "LC_ALL": "C", "LANG": "C", "PYTHONUTF8": "0", "PYTHONCOERCECLOCALE": "0", "PYTHONIOENCODING": "utf-8"}
    args = [sys.executable, "-c", _READ_IN_LOCALE, str(folder), str(folder / "不在.txt")]
    got = json.loads(subprocess.run(args, capture_output=True, text=True, env=env, timeout=120).stdout)
    if got["encoding"].replace("-", "").lower() == "utf8":
        pytest.skip("this Python reads file names as UTF-8 under LC_ALL=C")
    assert got["ids"] == ["支付宝评论"] and got["sources"] == ["支付宝评论.txt"] and got["undecodable"] == 0
    assert got["errors"] == ["不在.txt: no such file or directory; check the path"]
    try:  # a name that really is not UTF-8 (GBK, from a Windows zip) is shown with escapes, and warned about, there too
        with open(os.fsencode(folder) + b"/" + "评论".encode("gbk") + b".txt", "wb") as f:
            f.write("隐私会泄露。".encode("utf-8"))
    except OSError:
        return
    got = json.loads(subprocess.run(args, capture_output=True, text=True, env=env, timeout=120).stdout)
    assert got["ids"] == ["\\xc6\\xc0\\xc2\\xdb", "支付宝评论"] and got["undecodable"] == 1


def test_shown_path_reads_a_names_bytes_as_utf8_whatever_the_locale_decoded(monkeypatch):
    from argmine.read import shown_path

    # what Python holds for the UTF-8 name 支付宝评论.txt under a GBK locale (GBK, surrogateescape)
    gbk = "支付宝评论.txt".encode("utf-8").decode("gbk", "surrogateescape")
    monkeypatch.setattr(os, "fsencode", lambda name: name.encode("gbk", "surrogateescape"))
    assert gbk != "支付宝评论.txt" and shown_path(gbk) == "支付宝评论.txt"
    assert shown_path("评论.txt".encode("gbk").decode("gbk")) == "\\xc6\\xc0\\xc2\\xdb.txt"  # not UTF-8: as a UTF-8 locale shows it


def test_walk_follows_a_linked_folder_and_reads_a_folder_reached_twice_once(tmp_path):
    data, other = tmp_path / "data", tmp_path / "other"
    (data / "real").mkdir(parents=True)
    other.mkdir()
    (data / "a.txt").write_text("一。", encoding="utf-8")
    (data / "real" / "r.txt").write_text("二。", encoding="utf-8")
    (other / "b.txt").write_text("三。", encoding="utf-8")
    (data / "2023").symlink_to(other, target_is_directory=True)  # outside the folder: followed
    (data / "alias").symlink_to(data / "real", target_is_directory=True)  # the same folder again: read once, as real/
    (data / "loop").symlink_to(data, target_is_directory=True)  # a loop: never followed
    ids, errors, warned = _ids([data])
    assert ids == ["2023/b", "a", "real/r"] and errors == []
    assert f"{data}/alias: skipped, it links to {data}/real, a folder already read (its files are read once)" in warned
    assert f"{data}/loop: skipped, it links to {data}, a folder already read (its files are read once)" in warned


def test_a_file_named_twice_or_named_and_in_a_folder_named_is_read_once_with_a_warning(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    data = tmp_path / "data"
    data.mkdir()
    (data / "a.txt").write_text("一。", encoding="utf-8")
    (data / "b.txt").write_text("二。", encoding="utf-8")
    (tmp_path / "link.txt").symlink_to(data / "a.txt")
    ids, errors, warned = _ids(["data/a.txt", "data/a.txt", f"{data}/a.txt", "link.txt", "data", "data"])
    assert ids == ["a", "b"] and errors == []
    assert warned == [
        "data/a.txt: given twice; the file is read once",
        f"{data}/a.txt: the same file as data/a.txt, read before; the file is read once",
        "link.txt: the same file as data/a.txt, read before; the file is read once",
        "data: holds 1 file already read (data/a.txt); each file is read once",
        "data: holds 2 files already read (data/a.txt, data/b.txt); each file is read once",
    ]
    # the folder first, then the file in it: the folder's document id is kept
    ids, _, warned = _ids(["data", "data/b.txt"])
    assert ids == ["a", "b"] and warned == ["data/b.txt: already read in the folder data; the file is read once"]
    # Documents passed in directly are not paths: kept as they are
    assert [d.id for d in argmine.read([data / "a.txt"])] == ["a"]


def test_cli_reads_a_file_given_twice_once(tmp_path):
    from click.testing import CliRunner

    from argmine.cli import main

    (tmp_path / "a.txt").write_text("支付宝不该做社交。\n", encoding="utf-8")
    a = str(tmp_path / "a.txt")
    r = CliRunner().invoke(main, ["segment", a, a, str(tmp_path), "-o", str(tmp_path / "u.jsonl"), "-q"])
    assert r.exit_code == 0, r.output
    assert [json.loads(line)["doc"] for line in (tmp_path / "u.jsonl").read_text("utf-8").splitlines()] == ["a"]
    assert f"argmine: warning: {a}: given twice; the file is read once" in r.stderr


def test_walk_reports_a_broken_link_that_would_have_been_read(tmp_path):
    (tmp_path / "a.txt").write_text("一。", encoding="utf-8")
    (tmp_path / "gone.txt").symlink_to(tmp_path / "nowhere.txt")
    (tmp_path / "gone_folder").symlink_to(tmp_path / "nowhere")  # no suffix: may have been a folder
    (tmp_path / "gone.png").symlink_to(tmp_path / "nowhere.png")  # would not have been read: not worth a line
    ids, errors, _ = _ids([tmp_path])
    assert ids == ["a"]
    assert errors == [
        f"{tmp_path}/gone.txt: broken symbolic link to {tmp_path}/nowhere.txt (No such file or directory); fix the link or remove it",
        f"{tmp_path}/gone_folder: broken symbolic link to {tmp_path}/nowhere (No such file or directory); fix the link or remove it",
    ]


def test_walk_reports_a_folder_it_cannot_list_and_reads_the_rest(tmp_path, monkeypatch):
    import os

    (tmp_path / "a.txt").write_text("一。", encoding="utf-8")
    (tmp_path / "locked").mkdir()
    (tmp_path / "locked" / "c.txt").write_text("二。", encoding="utf-8")
    scandir = os.scandir

    def locked(path):  # chmod 000 means nothing to root: the refusal is simulated
        if os.path.basename(path) == "locked":
            raise PermissionError(13, "Permission denied", path)
        return scandir(path)

    monkeypatch.setattr(os, "scandir", locked)
    ids, errors, _ = _ids([tmp_path])
    assert ids == ["a"]
    assert errors == [f"{tmp_path}/locked: folder cannot be read (Permission denied); its files were not read: check its permissions"]


@pytest.mark.skipif(not hasattr(__import__("os"), "geteuid") or __import__("os").geteuid() == 0, reason="root reads a chmod 000 folder")
def test_walk_reports_a_chmod_000_folder(tmp_path):
    (tmp_path / "a.txt").write_text("一。", encoding="utf-8")
    (tmp_path / "locked").mkdir()
    (tmp_path / "locked" / "c.txt").write_text("二。", encoding="utf-8")
    (tmp_path / "locked").chmod(0)
    try:
        ids, errors, _ = _ids([tmp_path])
    finally:
        (tmp_path / "locked").chmod(0o755)
    assert ids == ["a"] and errors == [f"{tmp_path}/locked: folder cannot be read (Permission denied); its files were not read: check its permissions"]


def test_walk_order_is_by_path_parts(tmp_path):
    for rel in ("a/b.txt", "a-b/c.txt", "a.txt", "B.txt"):
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_text("好。", encoding="utf-8")
    assert _ids([tmp_path])[0] == ["B", "a/b", "a-b/c", "a"]  # as sorted(Path.rglob()) gave them: by parts


@pytest.mark.parametrize("line,reason", [
    ('{"text": "好', "Invalid control character at the end of the line"),  # the string runs into the line break
    ('{"text": "好"', "Expecting ',' delimiter at the end of the line"),
    ('{"text": }', "Expecting value at column 10"),
])
def test_json_error_keeps_the_whole_reason_with_its_column(tmp_path, line, reason):
    (tmp_path / "r.jsonl").write_text(line + "\n", encoding="utf-8")
    _, errors, _ = _ids([tmp_path / "r.jsonl"])
    assert errors == [f"{tmp_path / 'r.jsonl'}: line 1: not valid JSON ({reason}); fix or remove that line"]


def test_known_document_count_counts_files_of_one_document_only(tmp_path):
    from argmine.read import known_document_count

    (tmp_path / "a.txt").write_text("一。", encoding="utf-8")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "b.html").write_text("<p>二。</p>", encoding="utf-8")
    assert known_document_count([tmp_path]) == 2
    (tmp_path / "rows.jsonl").write_text('{"text": "三。"}\n', encoding="utf-8")
    assert known_document_count([tmp_path]) is None  # a table's rows are not known without reading it
    assert known_document_count([tmp_path / "a.txt", "-"]) is None


def test_counting_and_walk_checks_stay_silent_without_touching_the_warning_filters(tmp_path, monkeypatch):
    """known_document_count and walk_reads walk folders the reading walk warns about (a folder linked twice); they
    kept quiet by swapping the process's warning filters (catch_warnings), which is not thread-safe."""
    import warnings

    from argmine.read import known_document_count, walk_reads
    from tests.conftest import refuse_warning_filter_changes

    (tmp_path / "d").mkdir()
    (tmp_path / "d" / "a.txt").write_text("一。", encoding="utf-8")
    (tmp_path / "d" / "again").symlink_to(tmp_path / "d", target_is_directory=True)
    refuse_warning_filter_changes(monkeypatch)
    with warnings.catch_warnings(record=True) as seen:
        warnings.simplefilter("always")
        assert known_document_count([tmp_path / "d"]) == 1
        assert walk_reads(tmp_path / "d", tmp_path / "d" / "a.txt")
    assert seen == []


def test_errors_about_a_whole_file_are_file_level_and_record_errors_are_not(tmp_path):
    from pathlib import Path

    from argmine.read import read

    (tmp_path / "rows.jsonl").write_text('{"text": "好。"}\n{broken\n', encoding="utf-8")
    (tmp_path / "empty.txt").write_text("", encoding="utf-8")
    errors = []
    read([tmp_path / "rows.jsonl", tmp_path / "empty.txt", tmp_path / "missing.txt"], on_error=errors.append)
    assert sorted((Path(e.source).name, e.file_level) for e in errors) == [
        ("empty.txt", True), ("missing.txt", True), ("rows.jsonl", False)]
    errors = []
    read([tmp_path / "none"], on_error=errors.append, include=["*.xyz"])
    assert [e.file_level for e in errors] == [True]


# --- comment tables from scrapers (QA round 10) ------------------------------------------------------


def _warned(caught) -> list[str]:
    return [str(w.message) for w in caught if issubclass(w.category, UserWarning)]


@pytest.mark.parametrize("name,sep", [("big.csv", ","), ("big.tsv", "\t")])
def test_table_cell_over_csvs_default_field_limit_is_read(tmp_path, name, sep):
    # csv stops at 131,072 characters a cell: a long answer or a raw-HTML column lost every row after it
    p = tmp_path / name
    p.write_text(f"id{sep}html{sep}text\n1{sep}{'x' * 140_000}{sep}一。\n2{sep}{sep}二。\n", encoding="utf-8")
    errors = []
    docs = argmine.read([p], on_error=errors.append)
    assert errors == [] and [(d.id, d.text, len(d.meta["html"])) for d in docs] == [("1", "一。", 140_000), ("2", "二。", 0)]


def test_reading_a_table_leaves_csvs_field_limit_as_it_was_and_still_reads_a_huge_cell(tmp_path):
    import csv

    # read.py raised the limit to 2**31 - 1 for the whole process when imported: a program's own csv readers lost their guard
    (tmp_path / "big.csv").write_text(f"id,html,text\n1,{'x' * 140_000},一。\n2,,二。\n", encoding="utf-8")
    before = csv.field_size_limit(131_072)  # csv's default
    try:
        got = []
        for doc in argmine.read([tmp_path / "big.csv"]):  # between two rows too: the caller's code runs there
            got.append((doc.id, len(doc.meta["html"]), csv.field_size_limit()))
        assert got == [("1", 140_000, 131_072), ("2", 0, 131_072)] and csv.field_size_limit() == 131_072
    finally:
        csv.field_size_limit(before)


def test_importing_argmine_leaves_csvs_field_limit_as_it_was():
    import subprocess
    import sys

    script = "import csv; before = csv.field_size_limit(); import argmine, argmine.read; print(csv.field_size_limit() == before)"
    assert subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120).stdout == "True\n"


def test_long_cells_blocks_that_overlap_put_the_limit_back_when_the_last_ends():
    import csv

    from argmine.read import long_cells

    before = csv.field_size_limit(1000)
    try:
        outer, inner = long_cells(), long_cells()
        outer.__enter__()
        inner.__enter__()
        outer.__exit__(None, None, None)  # another thread's block ended first: this one still reads long cells
        assert len(next(csv.reader(["x" * 5000]))[0]) == 5000
        inner.__exit__(None, None, None)
        assert csv.field_size_limit() == 1000
    finally:
        csv.field_size_limit(before)


def test_json_array_of_rows_and_ndjson_are_read_as_tables(tmp_path):
    rows = [{"text": "支付宝做社交。"}, {"id": 4987654321098765432, "text": "财不外露。"}]
    (tmp_path / "c.json").write_text(json.dumps(rows, ensure_ascii=False, indent=2), encoding="utf-8")
    (tmp_path / "c.ndjson").write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    docs = argmine.read([tmp_path / "c.json", tmp_path / "c.ndjson"])
    assert [(d.id, d.text, d.kind, d.source.rsplit("/", 1)[-1]) for d in docs] == [
        ("c:1", "支付宝做社交。", "comment", "c.json:1"), ("4987654321098765432", "财不外露。", "comment", "c.json:2"),
        ("c:1~2", "支付宝做社交。", "comment", "c.ndjson:1"), ("4987654321098765432~2", "财不外露。", "comment", "c.ndjson:2")]
    (tmp_path / "d.txt").write_text(json.dumps(rows), encoding="utf-8")
    assert [d.text for d in argmine.read([tmp_path / "d.txt"], input_format="json")] == ["支付宝做社交。", "财不外露。"]


@pytest.mark.parametrize("content,message", [
    ('{"code": 0, "data": {"replies": []}}', "holds one JSON object (keys: code, data), not a JSON array of row objects"),
    ('["一。", "二。"]', "holds an array of strings, not a JSON array of row objects"),
    ('[{"text": "一。"},', "is not valid JSON (Expecting value at line 1, column 17)"),
    ("[]", "holds an empty JSON array; there is nothing to segment (remove it, or add rows)"),
    ("  \n", "file is empty"),
])
def test_json_file_that_is_not_an_array_of_rows_is_one_error(tmp_path, content, message):
    p = tmp_path / "c.json"
    p.write_text(content, encoding="utf-8")
    errors = []
    assert argmine.read([p], on_error=errors.append) == []
    assert len(errors) == 1 and errors[0].file_level and errors[0].message.startswith(message)


def test_json_array_read_as_jsonl_is_one_error_that_says_so(tmp_path):
    p = tmp_path / "c.jsonl"
    p.write_text('[\n  {"text": "一。"},\n  {"text": "二。"}\n]\n', encoding="utf-8")
    errors = []
    assert argmine.read([p], on_error=errors.append) == []
    assert [e.message for e in errors] == [
        "holds one JSON array, not JSON Lines (one object per line); name the file .json, or pass --input-format json "
        "(input_format='json' in Python), to read the array's objects as rows"]


def test_json_lines_and_json_array_each_named_json_are_told_the_option_that_reads_them(tmp_path):
    lines, array = tmp_path / "lines.json", tmp_path / "array.json"
    lines.write_text('{"text": "一。"}\n{"text": "二。"}\n', encoding="utf-8")
    array.write_text('[{"text": "一。"}, {"text": "二。"}]\n', encoding="utf-8")
    errors = []
    assert argmine.read([lines], on_error=errors.append) == []
    assert argmine.read([array], on_error=errors.append, input_format="jsonl") == []
    assert [e.message for e in errors] == [
        "is not one JSON document (Extra data at line 2, column 1) but JSON Lines (one object per line); "
        "pass --input-format jsonl (input_format='jsonl' in Python), or name the file .jsonl, to read each line as a row",
        "holds one JSON array, not JSON Lines (one object per line); leave out --input-format jsonl (a .json file is "
        "read as an array), or pass --input-format json (input_format='json' in Python), to read the array's objects as rows"]
    assert [d.text for d in argmine.read([lines], input_format="jsonl")] == ["一。", "二。"]


def test_folder_walk_names_the_json_files_it_does_not_read(tmp_path):
    (tmp_path / "a.jsonl").write_text('{"text": "一。"}\n', encoding="utf-8")
    (tmp_path / "b.json").write_text('[{"text": "二。"}]', encoding="utf-8")
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        assert [d.text for d in argmine.read([tmp_path])] == ["一。"]
    assert _warned(caught) == [f"{tmp_path}: 1 .json/.ndjson file not read (b.json): a folder's are read only with --include "
                               "(e.g. --include '*.json' --include '*.csv'; it replaces the default globs), or name them"]
    assert [d.text for d in argmine.read([tmp_path], include=("*.json", "*.jsonl"))] == ["一。", "二。"]


@pytest.mark.parametrize("sep", [";", "\t"])
def test_csv_separated_by_semicolons_or_tabs_is_read_by_the_separator_of_its_header(tmp_path, sep):
    p = tmp_path / "s.csv"
    p.write_text(f"评论ID{sep}评论内容{sep}点赞数\n1{sep}\"说得对，\n隐私太重要了\"{sep}3\n2{sep}财不外露。{sep}0\n", encoding="utf-8")
    errors = []
    docs = argmine.read([p], on_error=errors.append, text_field="评论内容", id_field="评论ID")
    assert errors == [] and [(d.id, d.text, d.meta) for d in docs] == [
        ("1", "说得对，\n隐私太重要了", {"评论ID": "1", "点赞数": "3"}), ("2", "财不外露。", {"评论ID": "2", "点赞数": "0"})]


@pytest.mark.parametrize("name,content", [("t.csv", "评论ID,评论内容,类型\n1,好。,\n"), ("t.jsonl", '{"评论ID": 1, "评论内容": "好。"}\n')])
def test_named_id_or_kind_field_that_no_row_has_is_warned_once_per_file(tmp_path, name, content):
    p = tmp_path / name
    p.write_text(content * 1, encoding="utf-8")
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        (doc,) = argmine.read([p], text_field="评论内容", id_field="评论id", kind_field="kind_")
    assert doc.id == "t:1"
    columns = "评论ID, 评论内容, 类型" if name.endswith(".csv") else "评论ID, 评论内容"
    assert _warned(caught) == [
        f"{p}: no row has the '评论id' column given by --id-field (id_field= in Python; columns: {columns}); "
        "rows are numbered t:<row> instead. Names must match exactly, case too",
        f"{p}: no row has the 'kind_' column given by --kind-field (kind_field= in Python; columns: {columns}); "
        "every row is read as 'comment' (--row-kind; row_kind= in Python). Names must match exactly, case too"]
    with warnings.catch_warnings(record=True) as caught:  # the defaults, and 'none', name no column on purpose
        warnings.simplefilter("always")
        argmine.read([p], text_field="评论内容", kind_field="none")
    assert _warned(caught) == []


def test_repeated_column_names_keep_every_column_pandas_style_with_a_warning(tmp_path):
    p = tmp_path / "d.csv"
    p.write_text("id,text,user,text,user\n1,标题里的文字,张三,评论正文,李四\n", encoding="utf-8")
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        (doc,) = argmine.read([p])
    assert (doc.text, doc.meta) == ("标题里的文字", {"id": "1", "user": "张三", "text.1": "评论正文", "user.1": "李四"})
    assert _warned(caught) == [
        f"{p}: the header names 'text', 'user' more than once; the later columns are read as 'text.1', 'user.1', so that no "
        "cell is lost; the 'text' value is read from the first (pass --text-field text.1 to read the next)"]
    assert [d.text for d in argmine.read([p], text_field="text.1")] == ["评论正文"]


@pytest.mark.parametrize("name,sep", [("u.csv", ","), ("u.tsv", "\t")])
def test_empty_header_cells_name_their_columns_by_position_so_none_loses_its_cells(tmp_path, name, sep):
    # a dict of the row kept only the last of two columns named "": its first cells were lost without a word
    p = tmp_path / name
    p.write_text(sep.join(["id", "text", "", " "]) + "\n" + sep.join(["1", "好的。", "张三", "2024"]) + "\n"
                 + sep.join(["2", "对。", "", ""]) + "\n", encoding="utf-8")
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        docs = argmine.read([p])
    assert [d.meta for d in docs] == [{"id": "1", "Unnamed: 2": "张三", "Unnamed: 3": "2024"},
                                      {"id": "2", "Unnamed: 2": "", "Unnamed: 3": ""}]
    assert _warned(caught) == []  # nothing renamed that had a name: a sheet's empty trailing header cells are common


@pytest.mark.parametrize("header,columns", [
    (["", "Unnamed: 0", "text"], ["Unnamed: 0.1", "Unnamed: 0", "text"]),  # pandas saved a frame read with its index
    (["id", "text", "", "Unnamed: 2"], ["id", "text", "Unnamed: 2.1", "Unnamed: 2"]),
    (["id", "text", "Unnamed: 3", ""], ["id", "text", "Unnamed: 3", "Unnamed: 3.1"]),
])
def test_a_real_unnamed_column_keeps_its_name_and_the_empty_cell_takes_the_next_free_one_as_in_pandas(tmp_path, header, columns):
    # round 26 re-check: the empty cell took the real column's name, which became 'Unnamed: 0.1', with a false repeat warning
    p = tmp_path / "u.csv"
    p.write_text(",".join(header) + "\n" + ",".join(f"v{i}" if h != "text" else "好的。" for i, h in enumerate(header)) + "\n", encoding="utf-8")
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        (doc,) = argmine.read([p], id_field=header[1] if header[0] == "" else "id")
    assert _warned(caught) == []
    assert list(doc.meta) == [c for c in columns if c != "text"]
    assert {c: doc.meta.get(c) for c in columns if c not in ("text", "id")} == {c: f"v{i}" for i, c in enumerate(columns) if c not in ("text", "id")}
    if header[0] == "":
        assert doc.id == "v1"  # --id-field 'Unnamed: 0' reads the column so named in the file


def test_a_header_of_only_empty_cells_names_its_columns_by_position_and_the_error_says_so(tmp_path):
    # round 26 re-check: the ,, line was skipped as blank, so the first data row became the header
    p = tmp_path / "e.csv"
    p.write_text(",,\n1,支付宝做社交没必要。,x\n,,\n2,隐私最重要。,y\n", encoding="utf-8")
    errors = []
    assert argmine.read([p], on_error=errors.append) == []
    assert [str(e) for e in errors] == [
        f"{p}: has no 'text' column (columns: 1, 支付宝做社交没必要。, x); pass --text-field NAME (text_field= in Python); "
        "line 1 above it has only empty cells: if that is the header row, pass a column's name by its position from 0, "
        "as pandas names them (Unnamed: 0, Unnamed: 1, Unnamed: 2), e.g. --text-field 'Unnamed: 1'"]
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        docs = argmine.read([p], text_field="Unnamed: 1")
    assert [(d.text, d.meta) for d in docs] == [("支付宝做社交没必要。", {"Unnamed: 0": "1", "Unnamed: 2": "x"}),
                                                ("隐私最重要。", {"Unnamed: 0": "2", "Unnamed: 2": "y"})]
    assert [w for w in _warned(caught) if "repeat" in w] == []  # the empty row under it repeats no header
    # an empty row over a real header (Excel writes one so) is still skipped; its cells are listed by name when one is missing
    p.write_text(",,\nid,text,\n1,好的。,\n", encoding="utf-8")
    assert [(d.id, d.text) for d in argmine.read([p])] == [("1", "好的。")]
    p.write_text("id,body,,\n1,好的。,,\n", encoding="utf-8")
    errors.clear()
    assert argmine.read([p], on_error=errors.append) == []
    assert [e.message for e in errors] == ["has no 'text' column (columns: id, body, Unnamed: 2, Unnamed: 3); pass --text-field NAME (text_field= in Python)"]


@pytest.mark.parametrize("text_field", ["Unnamed: 2", "title.1"])
def test_an_empty_row_over_a_header_whose_own_unnamed_or_repeated_column_is_asked_for_is_skipped(tmp_path, text_field):
    # round 27 re-check: the wanted name was looked for in the header's raw cells, so its own 'Unnamed: 2' (or the
    # repeated title's 'title.1') was not seen, and the ,, row above it was read as the header: the real header became row 1
    p = tmp_path / "e.csv"
    p.write_text(",,\nid,title,\n1,标题,支付宝做社交没必要。\n2,标题二,隐私最重要。\n".replace("id,title,", "id,title," + (
        "" if text_field == "Unnamed: 2" else "title")), encoding="utf-8")
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        docs = argmine.read([p], text_field=text_field)
    assert [(d.id, d.text, list(d.meta)) for d in docs] == [("1", "支付宝做社交没必要。", ["id", "title"]), ("2", "隐私最重要。", ["id", "title"])]
    assert [w for w in _warned(caught) if "is empty" in w] == []  # not "row 1 (line 2): field 'Unnamed: 2' is empty"
    assert len([w for w in _warned(caught) if "more than once" in w]) == (text_field == "title.1")  # told once, not twice


@pytest.mark.parametrize("name,content,message", [
    ("h.csv", "\ufeffid,text\n\n", "has a header but no rows; there is nothing to segment (remove it, or add rows)"),
    ("w.jsonl", "\n  \n\n", "file is empty; there is nothing to segment (remove it or add text)"),
])
def test_table_without_rows_is_reported_as_an_empty_file_is(tmp_path, name, content, message):
    p = tmp_path / name
    p.write_text(content, encoding="utf-8")
    (tmp_path / "ok.csv").write_text("text\n好。\n", encoding="utf-8")
    errors = []
    assert [d.text for d in argmine.read([p, tmp_path / "ok.csv"], on_error=errors.append)] == ["好。"]
    assert [(e.source, e.message, e.file_level) for e in errors] == [(str(p), message, True)]


def test_rows_repeating_the_header_are_skipped_and_renamed_ids_counted_with_one_warning_per_file(tmp_path):
    part = "id,text\n1,支付宝做社交。\n2,财不外露。\n"
    p = tmp_path / "cat.csv"
    p.write_text(part + "\ufeff" + part, encoding="utf-8")  # cat a.csv b.csv, each saved by Excel with a BOM
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        docs = argmine.read([p])
    assert [(d.id, d.row) for d in docs] == [("1", 1), ("2", 2), ("1~2", 4), ("2~2", 5)]
    assert _warned(caught) == [
        f"{p}: 1 row repeats the header (first: row 3 (line 4); tables joined with cat?); skipped",
        f"{p}: 2 document ids already taken by earlier rows or files got a ~N suffix (first: '1' -> '1~2'); "
        "each holds the same text as the document whose id it took: rows repeated across pages or dumps are counted twice: "
        "remove the repeats to count each once"]


def test_rows_repeating_the_header_are_counted_as_skipped_rows_with_the_empty_ones(tmp_path):
    # Excel's GB18030 CSV, two sheets joined with cat: 5 rows read = 3 documents + 2 skipped (docs/analyze.md totals)
    p = tmp_path / "excel.csv"
    p.write_bytes("id,评论内容\r\n1,支付宝做社交，我反对。\r\n2,我支持创新。\r\nid,评论内容\r\n3,　　\r\n4,隐私最重要。\r\n".encode("gb18030"))
    told = []
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        docs = argmine.read([p], text_field="评论内容", on_skip=lambda source, n: told.append((source, n)))
    assert [d.id for d in docs] == ["1", "2", "4"] and told == [(str(p), 2)]  # once for the table
    assert f"{p}: 1 row repeats the header (first: row 3 (line 4); tables joined with cat?); skipped" in _warned(caught)
    with pytest.warns(InputWarning):
        totals = argmine.analyze(p, model="lexicon", text_field="评论内容").totals
    assert (totals["documents"], totals["skipped_rows"], totals["failed_inputs"]) == (3, 2, 0)


def test_two_files_sharing_a_name_without_suffix_are_named_not_called_repeats(tmp_path):
    (tmp_path / "post1.html").write_text("<p>支付宝做社交。</p>", encoding="utf-8")
    (tmp_path / "post1.txt").write_text("评论：财不外露。", encoding="utf-8")  # the page's comments, saved beside it
    (tmp_path / "rows.csv").write_text("id,text\npost1,来往已死。\n", encoding="utf-8")  # a row: the rows' wording
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        docs = argmine.read([tmp_path / "post1.html", tmp_path / "post1.txt", tmp_path / "rows.csv"])
    assert [d.id for d in docs] == ["post1", "post1~2", "post1~3"]
    assert _warned(caught) == [
        f"{tmp_path / 'post1.txt'}: document id 'post1' is taken by {tmp_path / 'post1.html'} (a file's id is its name without "
        "the suffix), so this file is read as 'post1~2'; both are counted: rename one of them to choose its id, or leave one "
        "out if they hold the same text",
        f"{tmp_path / 'rows.csv'}: 1 document id already taken by earlier rows or files got a ~N suffix (first: 'post1' -> "
        "'post1~3'); none holds the same text as the document whose id it took: distinct rows, all counted; give them unique "
        "ids to choose their ids"]


def test_file_whose_id_a_table_row_took_names_the_row_not_repeats(tmp_path):
    (tmp_path / "rows.jsonl").write_text('{"id": "post1", "text": "来往已死。"}\n', encoding="utf-8")
    (tmp_path / "post1.txt").write_text("财不外露。", encoding="utf-8")  # a whole file: not a repeated row
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        docs = argmine.read([tmp_path / "rows.jsonl", tmp_path / "post1.txt"])
    assert [d.id for d in docs] == ["post1", "post1~2"]
    assert _warned(caught) == [
        f"{tmp_path / 'post1.txt'}: document id 'post1' is taken by a row of {tmp_path / 'rows.jsonl'} (a file's id is its "
        "name without the suffix), so this file is read as 'post1~2'; both are counted: rename the file or change the row's id, "
        "or leave one out if they hold the same text"]


@pytest.mark.parametrize("newline", ["\n", "\r\n"])
def test_tsv_quoted_field_whose_lines_hold_tabs_is_read_as_csv_and_pandas_read_it(tmp_path, newline):
    pd = pytest.importorskip("pandas")

    texts = [f"我觉得支付宝做社交是对的。{newline}理由如下：\t方便", "财不外露。"]
    p = tmp_path / "p.tsv"
    pd.DataFrame({"id": ["c1", "c2"], "text": texts}).to_csv(p, sep="\t", index=False)
    errors = []
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        docs = argmine.read([p], on_error=errors.append)
    assert errors == [] and [(d.id, d.text) for d in docs] == [("c1", texts[0]), ("c2", texts[1])]
    assert [m[:80] for m in _warned(caught)] == [f"{p}: 1 row (first: row 1 (lines 2-3)) holds a quoted field whose lines"[:80]]


# --- decoding: codec names, damaged files, NUL bytes, Windows code pages ------------------------


@pytest.mark.parametrize("name", ["base64", "rot13", "zlib", "undefined"])
def test_codec_that_is_not_a_text_encoding_is_a_usage_error_naming_the_option(tmp_path, name):
    from click.testing import CliRunner

    from argmine.cli import main

    (tmp_path / "a.txt").write_text("好的。", encoding="utf-8")
    with pytest.raises(InputError, match="not a text encoding"):
        ReadOptions(encoding=name)
    r = CliRunner().invoke(main, ["segment", str(tmp_path / "a.txt"), "--encoding", name], catch_exceptions=False)
    assert r.exit_code == 2
    assert (f"Invalid value for '--encoding': {name!r} is a Python codec but not a text encoding; "
            "use one such as utf-8, gb18030 or big5") in r.stderr


@pytest.mark.parametrize("charset,what", [("undefined", "not a text encoding"), ("base64", "not a text encoding"),
                                          ("klingon", "not an encoding Python knows")])
def test_html_page_declaring_no_text_encoding_is_detected_with_a_warning(tmp_path, charset, what):
    p = tmp_path / "p.html"
    p.write_bytes(f'<meta charset="{charset}"><p>支付宝社交没必要。</p>'.encode("gb18030"))
    (tmp_path / "ok.txt").write_text("好的。", encoding="utf-8")
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        docs = argmine.read([p, tmp_path / "ok.txt"])
    assert [(d.text, d.encoding) for d in docs] == [("支付宝社交没必要。", "gb18030"), ("好的。", "utf-8")]
    assert _warned(caught) == [f"{p}: the page declares charset {charset!r}, which is {what}; "
                               "the declaration was ignored and the encoding detected"]


@pytest.mark.parametrize("data,n,share,line", [
    (b"\x7fELF" + bytes(200), "200 NUL bytes", "98%", 1),  # an executable renamed .txt
    (b"id,text\n" + b"1,ab\n" * 200 + b"2,\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\n", "11 NUL bytes", "1%", 202),
])
def test_utf8_with_many_nul_bytes_is_binary_data_not_text(tmp_path, data, n, share, line):
    p = tmp_path / "x.csv"
    p.write_bytes(data)
    errors = []
    assert argmine.read([p], on_error=errors.append) == []
    assert [str(e) for e in errors] == [
        f"{p}: looks like binary data: it is UTF-8 but holds {n} ({share} of its bytes; the first on line {line}), "
        "far more than stray ones in text; pass only text, JSONL or CSV files, or, if it is text, remove them "
        "(e.g. tr -d '\\000' < FILE > NEW)"]


@pytest.mark.parametrize("rows,n,line", [
    (["a\x00b", "服务费应该给骑手。"], "1 NUL byte", 2),  # 1 NUL in 42 bytes: a few NULs are text even in a tiny file
    (["服务费应该给骑手。"] * 20 + ["商家\x00抽成"] * 10, "10 NUL bytes", 22),
    (["服务费应该给骑手。"] * 2000 + ["商家\x00抽成"] * 30, "30 NUL bytes", 2002),  # more, but under 1% of the bytes
])
def test_utf8_with_stray_nul_bytes_is_read_with_one_warning_and_exact_offsets(tmp_path, rows, n, line):
    # scraped or database-dumped text holds a stray NUL now and then: every row is read, the NUL kept
    p = tmp_path / "x.csv"
    p.write_bytes(("id,text\n" + "".join(f"{i},{row}\n" for i, row in enumerate(rows))).encode("utf-8"))
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        docs = argmine.read([p])
    assert [d.text for d in docs] == rows
    assert _warned(caught) == [
        f"{p}: holds {n} (the first on line {line}), kept in the text as U+0000; "
        "if they do not belong there, remove them (e.g. tr -d '\\000' < FILE > NEW)"]


def test_every_reader_warning_is_an_input_warning_that_callers_can_filter(tmp_path):
    (tmp_path / "cut.txt").write_bytes("支付宝做社交没必要。\n隐私怎么办".encode()[:-1])  # W_DAMAGED
    (tmp_path / "cesu.txt").write_bytes("好".encode() + b"\xed\xa0\xbd\xed\xb8\x80")  # W_CESU8
    (tmp_path / "p.html").write_bytes('<meta charset="klingon"><p>财不外露。</p>'.encode())  # W_DECLARED_CHARSET
    (tmp_path / "rows.json").write_text('[{"text": "一。"}]', encoding="utf-8")  # W_UNREAD_JSON
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        assert len(argmine.read([tmp_path])) == 3
    assert sorted((w.category, str(w.message).split(": ")[0]) for w in caught) == [
        (InputWarning, str(tmp_path)), (InputWarning, str(tmp_path / "cesu.txt")),
        (InputWarning, str(tmp_path / "cut.txt")), (InputWarning, str(tmp_path / "p.html"))]
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        warnings.filterwarnings("ignore", category=InputWarning)
        assert len(argmine.read([tmp_path])) == 3


def test_an_encoding_given_is_looked_up_once_not_once_per_file(tmp_path, monkeypatch):
    import importlib

    read_module = importlib.import_module("argmine.read")  # argmine.read is also the function
    looked_up = []
    lookup = read_module.text_encoding
    monkeypatch.setattr(read_module, "text_encoding", lambda name: looked_up.append(name) or lookup(name))
    paths = [tmp_path / f"{n}.txt" for n in range(3)]
    for p in paths:
        p.write_bytes("财不外露。".encode("gbk"))
    assert [(d.text, d.encoding) for d in argmine.read(paths, encoding="GBK")] == [("财不外露。", "gbk")] * 3
    assert looked_up == ["GBK"]
    assert ReadOptions(encoding="GBK").encoding == "GBK"  # kept as given (analyze's provenance shows it)


def test_long_values_in_reader_messages_are_shown_cut(tmp_path):
    long = "长" * 1000
    ids = tmp_path / "ids.jsonl"
    ids.write_text(json.dumps({"id": long, "text": "一。"}) + "\n" + json.dumps({"id": long, "text": "二。"}) + "\n", encoding="utf-8")
    columns = tmp_path / "c.csv"
    columns.write_text(f"id,text,{long},{long}\n1,一。,a,b\n", encoding="utf-8")
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        argmine.read([ids, columns])
    assert len(caught) == 2 and all(len(str(w.message)) < 600 for w in caught), [str(w.message)[:300] for w in caught]
    # renamed ids are warned about once every input is read (one line for a run), so after c.csv's header
    assert f"the header names '{'长' * 80}'… (1000 characters) more than once" in str(caught[0].message)
    assert f"(first: '{'长' * 80}'… (1000 characters) -> '{'长' * 80}'… (1002 characters))" in str(caught[1].message)
    obj = tmp_path / "o.json"
    obj.write_text(json.dumps({long: [], "text": "一。"}), encoding="utf-8")
    with pytest.raises(InputError) as e:
        argmine.read([obj])
    assert e.value.message.startswith(f"holds one JSON object (keys: {'长' * 80}… (1000 characters), text), not a JSON array")


BILIBILI = [
    {"rpid": 11, "content": {"message": "支付宝做社交就是错的[doge]", "members": []}, "member": {"uname": "张三"}},
    {"rpid": 12, "content": {"message": "隐私太重要了"}, "member": {"uname": "李四"}},
]


def test_dotted_field_names_reach_into_nested_json_objects(tmp_path):
    p = tmp_path / "b.jsonl"
    p.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in BILIBILI), encoding="utf-8")
    docs = argmine.read([p], text_field="content.message", id_field="rpid")
    assert [(d.id, d.text) for d in docs] == [("11", "支付宝做社交就是错的[doge]"), ("12", "隐私太重要了")]
    # the text is left out of meta where it was nested; the rest of its object stays, an object it leaves empty goes
    assert [d.meta for d in docs] == [{"rpid": 11, "content": {"members": []}, "member": {"uname": "张三"}},
                                      {"rpid": 12, "member": {"uname": "李四"}}]
    assert BILIBILI[1]["content"] == {"message": "隐私太重要了"}  # rows are not changed in place
    assert [d.id for d in argmine.read([p], text_field="content.message", id_field="member.uname")] == ["张三", "李四"]
    # a column of exactly that name wins
    q = tmp_path / "flat.jsonl"
    q.write_text(json.dumps({"content.message": "列", "content": {"message": "嵌套"}}, ensure_ascii=False), encoding="utf-8")
    assert argmine.read([q], text_field="content.message")[0].text == "列"


def test_an_object_field_is_reported_with_its_keys_and_the_dotted_name_to_pass(tmp_path):
    p = tmp_path / "b.jsonl"
    p.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in BILIBILI[:1]), encoding="utf-8")
    errors = []
    assert argmine.read([p], text_field="content", on_error=errors.append) == []
    assert argmine.read([p], text_field="content.msg", on_error=errors.append) == []
    assert argmine.read([p], text_field="content.message", id_field="member", on_error=errors.append) == []
    assert [e.message for e in errors] == [
        "line 1: field 'content' is an object, expected a string; pass --text-field content.message to read a key inside it "
        "(text_field= in Python; its keys: message, members)",
        "line 1: has no 'content.msg' field (fields: rpid, content, member; 'content' holds: message, members); "
        "pass --text-field NAME (text_field= in Python)",
        "line 1: field 'member' is an object; expected a string or a number (or no value, to number the rows); "
        "pass --id-field member.uname to read a key inside it (id_field= in Python; its keys: uname)",
    ]


def test_an_object_kind_field_is_warned_about_with_the_dotted_name_to_pass(tmp_path):
    p = tmp_path / "k.jsonl"
    p.write_text('{"id": 1, "text": "财不外露。", "meta": {"uid": "u1", "kind": "正文"}}\n', encoding="utf-8")
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        (doc,) = argmine.read([p], kind_field="meta")
    assert doc.kind == "comment"  # kept, with --row-kind's kind
    assert _warned(caught) == [
        f"{p}: line 1: field 'meta' is an object, not a kind, so the row is read as 'comment' (--row-kind; row_kind= in Python); "
        "pass --kind-field meta.kind to read a key inside it (kind_field= in Python; its keys: uid, kind)"]  # the key naming a kind
    assert argmine.read([p], kind_field="meta.kind")[0].kind == "body"


WEIBO_API = [
    {"id": 1, "text": "回复<a href='https://m.weibo.cn/n/李四'>@李四</a>:说得对<span class=\"url-icon\"><img alt=[赞] src=\"x.png\" /></span> 侵犯隐私<br />我不同意"},
    {"id": 2, "text": "支付宝太臃肿了&amp;难用 &lt;无语&gt;"},
    {"id": 3, "text": "财不外露"},
    {"id": 4, "text": "<img src=\"x.png\">"},
]


def test_cells_html_reads_table_cells_as_the_text_a_browser_shows(tmp_path):
    p = tmp_path / "w.jsonl"
    p.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in WEIBO_API), encoding="utf-8")
    with pytest.warns(InputWarning, match=r"line 4: field 'text' shows no text read as HTML \(--cells html\); the row is skipped"):
        docs = argmine.read([p], cells="html")
    assert [d.text for d in docs] == ["回复@李四:说得对 侵犯隐私\n我不同意", "支付宝太臃肿了&难用 <无语>", "财不外露"]
    units = argmine.segment(docs)
    assert [u.text for u in units if u.doc == "1"] == ["回复@李四:说得对 侵犯隐私", "我不同意"]
    by_id = {d.id: d for d in docs}
    assert all(by_id[u.doc].text[u.start:u.end] == u.text for u in units)
    with pytest.raises(InputError, match="unknown cell format 'xml'; use one of text, html"):
        ReadOptions(cells="xml")
    with pytest.warns(InputWarning, match="shows no text"):
        assert argmine.analyze([p], cells="html", model="lexicon", date="2024-01-02").provenance["settings"]["cells"] == "html"
    with pytest.warns(InputWarning, match="hold HTML markup"):
        assert "cells" not in argmine.analyze([p], model="lexicon", date="2024-01-02").provenance["settings"]  # the default: as before


def test_table_cells_read_as_text_warn_once_when_most_hold_html_markup(tmp_path):
    p = tmp_path / "w.jsonl"
    p.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in WEIBO_API), encoding="utf-8")
    with pytest.warns(InputWarning) as caught:
        docs = argmine.read([p])
    assert docs[1].text == "支付宝太臃肿了&amp;难用 &lt;无语&gt;"  # read as it stands
    assert [str(w.message) for w in caught] == [
        f"{p}: 3 of 4 'text' cells hold HTML markup (such as \"<a href='https://m.weibo.cn/n/李四'>\"), read as text, tags and "
        "entities included; pass --cells html to read them as the text a browser shows (cells='html' in Python)"]
    # a few cells with markup-like text, or none, are no reason to warn
    q = tmp_path / "q.csv"
    q.write_text("id,text\n1,AT&amp;T 的隐私\n2,财不外露\n3,<<三体>>好看 a<b\n", encoding="utf-8")
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert len(argmine.read([q])) == 3


def test_jsonl_with_old_mac_line_ends_is_read_one_row_a_line(tmp_path):
    from argmine.read import read

    p = tmp_path / "rows.jsonl"
    p.write_bytes('{"id": "a", "text": "第一。"}\r{"id": "b", "text": "第二\u2028行。"}\r'.encode("utf-8"))
    assert [(d.id, d.text) for d in read([p])] == [("a", "第一。"), ("b", "第二\u2028行。")]


def test_jsonl_with_lf_line_ends_and_a_stray_cr_in_a_record_reports_it_once(tmp_path):
    from argmine.read import read

    p = tmp_path / "rows.jsonl"
    p.write_bytes('{"id": "a", "text": "第一\r。"}\n{"id": "b", "text": "第二。"}\n'.encode("utf-8"))
    errors = []
    docs = read([p], on_error=errors.append)
    assert [d.id for d in docs] == ["b"] and len(errors) == 1 and ": line 1: " in str(errors[0])


def test_big5_hkscs_punctuation_is_read_as_browsers_read_it(tmp_path):
    # Cantonese with HKSCS characters (㗎 嘅) is Big5-HKSCS; its ～ ‧ ∕ as in Big5 (A1FE is ／ in both tables).
    data = "佢講嘅嘢㗎".encode("big5hkscs") + b"\xa1\xe3" + "阿里巴巴".encode("big5hkscs") + b"\xa1\x45\xa2\x41\xa1\xfe"
    assert decode(data) == ("佢講嘅嘢㗎～阿里巴巴‧∕／", "big5hkscs")
    assert decode(data, encoding="big5hkscs") == ("佢講嘅嘢㗎～阿里巴巴‧∕／", "big5hkscs")
    p = tmp_path / "p.html"  # charset=big5 is read as Big5-HKSCS, as browsers do
    p.write_bytes(b'<html><head><meta charset="big5"></head><body><p>' + data + b"</p></body></html>")
    (doc,) = argmine.read([p])
    assert (doc.text, doc.encoding) == ("佢講嘅嘢㗎～阿里巴巴‧∕／", "big5hkscs")




def test_library_exclude_adds_to_the_readme_default_as_the_cli_exclude_does(tmp_path):
    for name, text in (("README.txt", "说明。"), ("a.txt", "一。"), ("t.txt", "二。")):
        (tmp_path / name).write_text(text, encoding="utf-8")
    assert [d.id for d in argmine.read([tmp_path], exclude="t*")] == ["a"]
    assert [d.id for d in argmine.read([tmp_path], options=ReadOptions(exclude=["t*"]))] == ["a"]
    assert ReadOptions(exclude="t*").exclude == ("README*", "readme*", "t*") == ReadOptions(exclude=("README*", "readme*", "t*")).exclude
    a = argmine.analyze(tmp_path, exclude="t*", model="lexicon")
    assert [d.id for d in a.documents] == ["a"] and a.provenance["settings"]["exclude"] == ["README*", "readme*", "t*"]


def test_id_field_and_kind_field_none_mean_the_table_has_no_such_column(tmp_path):
    p = tmp_path / "c.csv"
    p.write_text("id,text,kind\n7,财不外露。,body\n", encoding="utf-8")
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert [(d.id, d.kind) for d in argmine.read([p], id_field=None, kind_field=None)] == [("c:1", "comment")]


@pytest.mark.parametrize("options, message", [
    ({"text_field": None}, "text_field must be a column name (str), not NoneType"),
    ({"encoding": 5}, "encoding must be an encoding name (str), not int"),
    ({"exclude": 5}, "exclude must be a glob or a list of globs (str), not int"),
    ({"include": ["*.txt", 1]}, "include must be a glob or a list of globs (str), not list"),
    ({"options": {"text_field": "x"}}, "options must be an argmine.ReadOptions (or its fields as keywords: text_field=...), not dict"),
    ({"on_error": 5}, "on_error must be None or a function given each error (errors.append), not int"),
])
def test_read_refuses_wrong_typed_options_naming_them(tmp_path, options, message):
    (tmp_path / "a.txt").write_text("一。", encoding="utf-8")
    with pytest.raises(TypeError) as e:
        argmine.read([tmp_path / "nope.txt"], **options)  # on_error is refused before the first bad input
    assert str(e.value) == message


def test_read_refuses_none_for_paths():
    with pytest.raises(TypeError, match=r"^paths must be a path or a list of paths \(files, folders, '-'\), not NoneType$"):
        argmine.read(None)


def test_input_warnings_name_the_callers_line_when_a_progress_wrapper_drives_the_loop(tmp_path):
    import inspect

    p = tmp_path / "c.csv"
    p.write_text("text\n好。\n\"\"\n", encoding="utf-8")

    def progress(iterable, **kwargs):  # as tqdm does: the loop over argmine's documents runs in the wrapper
        for item in iterable:
            yield item

    call = lambda: argmine.analyze(p, model="lexicon", progress=progress)  # noqa: E731
    with warnings.catch_warnings(record=True) as seen:
        warnings.simplefilter("always")
        call()
    assert [(w.category, w.filename, w.lineno) for w in seen] == [(InputWarning, __file__, inspect.getsourcelines(call)[1])]


def _excel_tab_text(tmp_path, encoding):
    """A sheet as Excel's "Unicode Text" (UTF-16, encoding utf-16) or "Text (Tab delimited)" (gbk) saves it: a .txt."""
    p = tmp_path / f"sheet_{encoding}.txt"
    p.write_bytes('id\ttext\tdate\r\n001\t支付宝做社交，我觉得没必要。\t2024-01-05\r\n002\t"隐私更重要\r\n第二行。"\t2024-01-06\r\n'.encode(encoding))
    return p


@pytest.mark.parametrize("encoding", ["utf-16", "gbk"])
def test_txt_that_is_an_excel_tab_separated_table_is_read_as_text_with_a_hint_however_the_options_came(tmp_path, encoding):
    p = _excel_tab_text(tmp_path, encoding)
    hint = (f"{p}: read as one text document, but it looks like a tab-separated table (columns: id, text, date; Excel saves "
            "its \"Unicode Text\" and \"Text (Tab delimited)\" so); pass --input-format tsv (input_format='tsv' in Python), "
            "or name the file .tsv, to read each row as a document")
    for kwargs in ({}, {"text_field": "text"}, {"options": ReadOptions(text_field="text")}, {"id_field": "id"}):
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            (doc,) = argmine.read([p], **kwargs)  # a .txt is one text document, whatever options came, and how
        assert doc.text.startswith("id\ttext\tdate") and _warned(caught) == [hint], kwargs
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        docs = argmine.read([p], input_format="tsv")
    assert [(d.id, d.text) for d in docs] == [("001", "支付宝做社交，我觉得没必要。"), ("002", "隐私更重要\r\n第二行。")]
    assert _warned(caught) == []
    with pytest.raises(TypeError):
        ReadOptions(given=("text_field",))


@pytest.mark.parametrize("text", ["第一段\t支付宝做社交。\n第二段\t财不外露。\n", "id\ttext\n支付宝做社交。\n财不外露。\n隐私。\n"])
def test_prose_txt_with_tabs_is_read_as_text_without_a_table_hint(tmp_path, text):
    p = tmp_path / "prose.txt"
    p.write_text(text, encoding="utf-8")
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        (doc,) = argmine.read([p], text_field="text")
        (same,) = argmine.read([tmp_path / "prose.txt"], input_format="text")
    assert doc.text == same.text == text and _warned(caught) == []


def test_excel_sep_line_names_the_separator_and_is_no_row(tmp_path):
    p = tmp_path / "sep.csv"
    p.write_text('sep=;\r\nid;text\r\n1;好的，支持。\r\n2;"带;分号"\r\n', encoding="utf-8-sig")
    docs = argmine.read([p])
    assert [(d.id, d.text, d.source) for d in docs] == [("1", "好的，支持。", f"{p}:1"), ("2", "带;分号", f"{p}:2")]
    errors = []
    (tmp_path / "bad.csv").write_text("sep=;\nid;text\n1;\"好\n", encoding="utf-8")
    argmine.read([tmp_path / "bad.csv"], on_error=errors.append)
    assert [e.message for e in errors][0].startswith("row 1 (line 3): a quote opened")  # lines counted from the file's first


@pytest.mark.parametrize("data, first", [
    ("支付宝评论导出 2024年1月,,\n\nid,date,text\n1,2024-01-05,好的。\n", "支付宝评论导出 2024年1月, , "),
    # two title rows, and the header's empty cells at its end (Excel pads rows to a merged title's width)
    ("评论导出,,,\n导出时间 2024-01-01,,,\nid,text,user,\n1,很好。,a,\n", "评论导出, , , "),
])
def test_header_below_title_rows_is_pointed_at_instead_of_text_field(tmp_path, data, first):
    p = tmp_path / "export.csv"
    p.write_text(data, encoding="utf-8")
    with pytest.raises(InputError) as e:
        argmine.read([p])
    assert e.value.message == (f"has no 'text' column in its first line ({first}), but line 3 holds it: "
                               "the header row seems to be on line 3; remove the lines above it")


@pytest.mark.parametrize("name, data, columns", [
    ("posts.csv", "id,type,content\n1,text,今天天气好。\n2,image,看图。\n", "id, type, content"),  # a post type, not a header
    ("posts.tsv", "id\ttype\tcontent\n1\ttext\t今天天气好。\n", "id, type, content"),
    ("glossary.csv", "word,note\nhello,问候\ntext,文本\n", "word, note"),
    ("twice.csv", "评论导出,,\ntext,text,id\n1,好。,2\n", "评论导出, Unnamed: 1, Unnamed: 2"),  # a line naming a column twice is no header either
])
def test_data_cell_holding_the_text_column_name_is_not_called_the_header_row(tmp_path, name, data, columns):
    p = tmp_path / name
    p.write_text(data, encoding="utf-8")
    with pytest.raises(InputError) as e:
        argmine.read([p])
    assert e.value.message == f"has no 'text' column (columns: {columns}); pass --text-field NAME (text_field= in Python)"


def test_header_names_are_read_without_surrounding_spaces_and_a_case_near_miss_is_named(tmp_path):
    (tmp_path / "spaced.csv").write_text("id, text, date\n1, 好的。, 2024\n", encoding="utf-8")
    (tmp_path / "trailing.tsv").write_text("id\ttext \tdate\n1\t好的。\t2024\n", encoding="utf-8")
    docs = argmine.read([tmp_path / "spaced.csv", tmp_path / "trailing.tsv"])
    assert [(d.id, d.text, d.meta) for d in docs] == [("1", " 好的。", {"id": "1", "date": " 2024"}),
                                                     ("1~2", "好的。", {"id": "1", "date": "2024"})]
    (tmp_path / "caps.csv").write_text("ID,Text Body\n1,好的。\n", encoding="utf-8")
    with pytest.raises(InputError) as e:
        argmine.read([tmp_path / "caps.csv"], text_field="text body")
    assert e.value.message == ("has no 'text body' column (columns: ID, Text Body), but 'Text Body' differs only in case: "
                               "pass --text-field 'Text Body' (text_field= in Python)")


@pytest.mark.parametrize("key,differs", [("Text", "differs only in case"), (" text", "differs only in the white space around it"),
                                         ("Text ", "differs only in case and white space")])
def test_jsonl_record_without_the_text_field_names_a_near_miss_key_as_csv_does(tmp_path, key, differs):
    p = tmp_path / "near.jsonl"
    p.write_text(json.dumps({"id": 1, key: "好的。"}, ensure_ascii=False) + "\n", encoding="utf-8")
    errors = []
    assert argmine.read([p], on_error=errors.append) == []
    quoted = key if key == key.strip() else repr(key)  # shell-quoted
    assert [e.message for e in errors] == [
        f"line 1: has no 'text' field (fields: id, {key}), but {key!r} {differs}: pass --text-field {quoted} (text_field= in Python)"]
    assert [d.text for d in argmine.read([p], text_field=key)] == ["好的。"]


def test_id_cell_of_white_space_numbers_the_row_as_an_empty_one(tmp_path):
    (tmp_path / "ids.csv").write_text("id,text\n,一。\n  ,二。\n 7 ,三。\n\u3000,四。\n", encoding="utf-8")
    (tmp_path / "ids.jsonl").write_text('{"id": "  ", "text": "五。"}\n', encoding="utf-8")
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        docs = argmine.read([tmp_path / "ids.csv", tmp_path / "ids.jsonl"])
    assert [d.id for d in docs] == ["ids:1", "ids:2", " 7 ", "ids:4", "ids:1~2"]
    assert len(_warned(caught)) == 1  # the JSONL row's generated id only, no "  ~2"


def test_ids_excel_rounded_are_not_called_repeats(tmp_path):
    p = tmp_path / "excel.csv"
    p.write_text("id,text\n1.23457E+11,第一条。\n1.23457E+11,另一条。\n", encoding="utf-8")
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        assert [d.id for d in argmine.read([p])] == ["1.23457E+11", "1.23457E+11~2"]
    assert _warned(caught) == [
        f"{p}: 1 document id already taken by earlier rows or files got a ~N suffix (first: '1.23457E+11' -> '1.23457E+11~2'); "
        "'1.23457E+11' looks like a long number Excel rounded (scientific notation), so different rows may share it: "
        "they are not repeats. Save the sheet again from Excel with the id column formatted as Text, or pass --id-field none "
        "to number the rows (id_field=None in Python)"]


def _workbook(path):
    import zipfile

    with zipfile.ZipFile(path, "w") as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("xl/workbook.xml", "<workbook/>")


def test_excel_workbook_is_named_with_how_to_save_it_as_csv(tmp_path):
    _workbook(tmp_path / "comments.xlsx")
    (tmp_path / "a.csv").write_text("text\n好。\n", encoding="utf-8")
    with pytest.raises(InputError) as e:
        argmine.read([tmp_path / "comments.xlsx"])
    assert e.value.message == ("is an Excel workbook, not text; save the sheet from Excel as \"CSV UTF-8 (Comma delimited)\" "
                               "(.csv), or as \"Unicode Text\" named .tsv, and pass that file")
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        assert [d.text for d in argmine.read([tmp_path])] == ["好。"]
    assert _warned(caught) == [f"{tmp_path}: 1 Excel workbook not read (comments.xlsx); save each sheet from Excel as "
                               "\"CSV UTF-8 (Comma delimited)\" (.csv) to read it"]


def test_legacy_excel_xls_named_is_an_error_saying_to_save_it_as_csv(tmp_path):
    ole2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504)  # an OLE2 compound file's header: Excel 97-2003's .xls
    (tmp_path / "old.xls").write_bytes(ole2)
    (tmp_path / "renamed.csv").write_bytes(ole2 + "Workbook".encode("utf-16-le") + bytes(64))
    errors = []
    argmine.read([tmp_path / "old.xls", tmp_path / "renamed.csv"], on_error=errors.append)
    assert [e.message for e in errors] == [("is an Excel workbook, not text; save the sheet from Excel as \"CSV UTF-8 (Comma delimited)\" "
                                            "(.csv), or as \"Unicode Text\" named .tsv, and pass that file")] * 2


def test_field_name_in_a_hint_is_quoted_for_the_shell(tmp_path):
    p = tmp_path / "mongo.jsonl"
    p.write_text('{"_id": {"$oid": "65a1b2"}, "text": "好。"}\n', encoding="utf-8")
    errors = []
    argmine.read([p], id_field="_id", on_error=errors.append)
    assert errors[0].message.endswith("pass --id-field '_id.$oid' to read a key inside it (id_field= in Python; its keys: $oid)")
    assert [d.id for d in argmine.read([p], id_field="_id.$oid")] == ["65a1b2"]


def test_json_array_cut_inside_a_string_is_worded_without_a_doubled_at(tmp_path):
    (tmp_path / "c.json").write_text('[{"text": "财不外露', encoding="utf-8")
    errors = []
    assert list(argmine.read([tmp_path / "c.json"], on_error=errors.append)) == []
    assert "(Unterminated string starting at line 1, column 11)" in str(errors[0])


BOM = "\ufeff"  # what `iconv -f utf-8 -t gb18030` makes of a UTF-8 file's byte-order mark: encoded, not dropped


def test_legacy_encoded_bom_is_not_text_so_a_table_keeps_its_id_column(tmp_path):
    encoding = "gb18030"  # the one legacy Chinese encoding that can encode U+FEFF (GBK and Big5 cannot)
    p = tmp_path / "g.csv"
    p.write_bytes((BOM + "id,text\nx1,支持平台抽成。\n").encode(encoding))
    assert p.read_bytes()[:1] != b"i"  # the BOM is there, as bytes of the encoding
    (doc,) = argmine.read([p])
    assert (doc.id, doc.text, doc.encoding) == ("x1", "支持平台抽成。", encoding)
    assert BOM not in "".join(doc.meta)


@pytest.mark.parametrize("forced", [None, "gb18030"])
def test_legacy_encoded_bom_is_not_text_and_offsets_stay_exact(tmp_path, forced):
    p = tmp_path / "g.txt"
    p.write_bytes((BOM + "支持平台抽成。太高了。\n").encode("gb18030"))
    (doc,) = argmine.read([p], encoding=forced)
    assert doc.text.startswith("支持") and doc.encoding == "gb18030"
    units = argmine.segment([doc])
    assert [(u.start, u.text) for u in units] == [(0, "支持平台抽成。"), (7, "太高了。")]
    assert all(doc.text[u.start:u.end] == u.text for u in units)


def test_a_file_too_big_for_memory_is_one_error_naming_it_and_the_other_files_are_read(tmp_path, monkeypatch):
    (tmp_path / "a.txt").write_text("隐私最重要。", encoding="utf-8")
    (tmp_path / "big.txt").write_text("支付宝做社交。", encoding="utf-8")
    out_of_memory_reading(monkeypatch, "big.txt")
    ids, errors, _ = _ids([tmp_path / "big.txt", tmp_path / "a.txt"])
    assert ids == ["a"]
    assert errors == [f"{tmp_path}/big.txt: out of memory reading it (21 bytes); split it into smaller files, or run with more memory"]
    with pytest.raises(InputError, match="out of memory reading it"):  # without on_error, raised as every bad file is
        argmine.read([tmp_path / "big.txt"])


def test_a_device_named_as_an_input_is_refused_and_a_named_pipe_is_read(tmp_path, monkeypatch):
    import os
    import threading

    (tmp_path / "a.txt").write_text("隐私最重要。", encoding="utf-8")
    (tmp_path / "zero.txt").symlink_to("/dev/zero")
    refuse_reading(monkeypatch, "/dev/zero")
    ids, errors, _ = _ids(["/dev/zero", tmp_path / "zero.txt", tmp_path / "a.txt"])
    assert ids == ["a"]
    assert errors == ["/dev/zero: not a regular file (a device); pass a file, or - for standard input",
                      f"{tmp_path}/zero.txt: not a regular file (a device); pass a file, or - for standard input"]
    from argmine.read import _never_ends

    assert _never_ends("/dev/stdin") is None and _never_ends("/dev/fd/0") is None  # standard input, read as documented
    os.mkfifo(tmp_path / "pipe.txt")  # what <(cat a.txt) passes: read as it comes
    writer = threading.Thread(target=lambda: (tmp_path / "pipe.txt").write_text("财不外露。", encoding="utf-8"), daemon=True)
    writer.start()
    assert [d.text for d in argmine.read([tmp_path / "pipe.txt"])] == ["财不外露。"]
    writer.join()


def test_walk_warns_about_each_named_pipe_or_device_it_skips(tmp_path, monkeypatch):
    import os

    (tmp_path / "a.txt").write_text("隐私最重要。", encoding="utf-8")
    (tmp_path / "zero.txt").symlink_to("/dev/zero")
    os.mkfifo(tmp_path / "fifo.txt")
    os.mkfifo(tmp_path / "fifo.png")  # would not have been read: not worth a line
    refuse_reading(monkeypatch, "/dev/zero", tmp_path / "fifo.txt")
    ids, errors, warned = _ids([tmp_path])
    assert ids == ["a"] and errors == []
    assert warned == [f"{tmp_path}/fifo.txt: skipped, not a regular file (a named pipe); name it to read what is written into it",
                      f"{tmp_path}/zero.txt: skipped, not a regular file (a device)"]
    assert _ids([tmp_path], exclude="zero.*")[2] == [warned[0]]  # an excluded one is not named


def test_read_takes_on_skip_as_iter_documents_does(tmp_path):
    (tmp_path / "rows.jsonl").write_text('{"text": "支付宝做社交。"}\n{"text": ""}\n', "utf-8")
    told = []
    with pytest.warns(InputWarning):
        docs = argmine.read([tmp_path / "rows.jsonl"], on_skip=lambda source, n: told.append((os.path.basename(source), n)))
    assert len(docs) == 1 and told == [("rows.jsonl", 1)]


# --- pandas dumps, joined exports, pretty-printed JSON Lines (QA round 38) ----------------------


@pytest.mark.parametrize("name,content", [
    # json.dump(df.to_dict("records")): pandas' missing values are NaN, which Python's json writes and reads
    ("p.json", '[{"id": 101, "text": "支付宝做社交是对的。"}, {"id": NaN, "text": "隐私最重要！"}, '
               '{"id": NaN, "text": NaN}, {"id": Infinity, "text": "越来越臃肿。"}]'),
    ("p.jsonl", '{"id": 101, "text": "支付宝做社交是对的。"}\n{"id": NaN, "text": "隐私最重要！"}\n'
                '{"id": NaN, "text": NaN}\n{"id": -Infinity, "text": "越来越臃肿。"}\n'),
])
def test_nan_or_infinite_id_is_no_id_and_nan_text_is_skipped_as_null(tmp_path, name, content):
    p = tmp_path / name
    p.write_text(content, encoding="utf-8")
    where = "row 3" if name.endswith(".json") else "line 3"
    errors, told = [], []
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        docs = argmine.read([p], on_error=errors.append, on_skip=lambda source, n: told.append(n))
    assert errors == [] and told == [1]
    assert [(d.id, d.text) for d in docs] == [("101", "支付宝做社交是对的。"), ("p:2", "隐私最重要！"), ("p:4", "越来越臃肿。")]
    assert _warned(caught) == [f"{p}: {where}: field 'text' is null (no text); the row is skipped (it has nothing to segment)"]


def test_nan_kind_is_no_kind(tmp_path):
    p = tmp_path / "k.jsonl"
    p.write_text('{"id": 1, "text": "财不外露。", "kind": NaN}\n', encoding="utf-8")
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        (doc,) = argmine.read([p])
    assert doc.kind == "comment" and _warned(caught) == []  # not "'nan' names no kind"


@pytest.mark.parametrize("name,content,where", [
    # a stray opening quote whose field a later quote closes: the rows between are taken into it (as csv and pandas read it)
    ("s.csv", 'id,text,likes\r\n1,第一条。,1\r\n2,"他说好，隐私不行,5\r\n3,第三条",1\r\n4,第四条。,2\r\n', "row 2 (lines 3-4)"),
    ("s.tsv", 'id\ttext\tlikes\r\n1\t第一条。\t1\r\n2\t"他说好，隐私不行\t5\r\n3\t第三条"\t1\r\n4\t第四条。\t2\r\n', "row 2 (lines 3-4)"),
    ("semi.csv", 'sep=;\r\nid;text;likes\r\n1;第一条。;1\r\n2;"他说好;5\r\n3;第三条";1\r\n', "row 2 (lines 4-5)"),
])
def test_csv_stray_quote_that_takes_the_next_rows_is_warned_about_as_in_tsv(tmp_path, name, content, where):
    p = tmp_path / name
    p.write_text(content, encoding="utf-8")
    errors = []
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        docs = argmine.read([p], on_error=errors.append)
    assert errors == [] and [d.id for d in docs][:2] == ["1", "2"]
    assert _warned(caught) == [
        f"{p}: 1 row (first: {where}) holds a quoted field whose lines would each be a row of their own; read as quoted fields, "
        "as pandas and Excel write them. If those lines are rows, the quote mark that opens the field is text: remove it, "
        "or quote the field and double the quote marks in it"]


@pytest.mark.parametrize("content,texts", [
    # Excel's CSV UTF-8: CRLF ends a row, a comment's own line breaks (Alt+Enter) are LF inside its quoted cell
    ('\ufeffid,user,text,likes\r\n1,甲,"我觉得支付宝做社交是对的。\n理由如下：\n1. 方便\n2. 用户多",3\r\n2,乙,财不外露。,1\r\n',
     ["我觉得支付宝做社交是对的。\n理由如下：\n1. 方便\n2. 用户多", "财不外露。"]),
    ('id,text\r\n1,"第一段，好。\n\n第二段。"\r\n2,"财不外露,\n懂吗"\r\n', ["第一段，好。\n\n第二段。", "财不外露,\n懂吗"]),
    ('text\r\n"第一段。\n第二段。"\r\n财不外露。\r\n', ["第一段。\n第二段。", "财不外露。"]),  # one column: every line is one field
])
def test_csv_quoted_cell_holding_a_multi_line_comment_is_read_without_a_warning(tmp_path, content, texts):
    p = tmp_path / "m.csv"
    p.write_text(content, encoding="utf-8", newline="")
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        docs = argmine.read([p])
    assert [d.text for d in docs] == texts and _warned(caught) == []


@pytest.mark.parametrize("content", [
    "".join(json.dumps({"id": i, "user": {"name": "u"}, "text": f"第{i}条评论。"}, ensure_ascii=False, indent=2) + "\n" for i in range(50)),
    '\n{\n"id": 1, "text": "好。"}\n{"id": 2, "text": "对。"}\n',  # only the first spread: still not JSON Lines
])
def test_pretty_printed_jsonl_is_one_error_for_the_file_naming_jq(tmp_path, content):
    p = tmp_path / "pretty.jsonl"
    p.write_text(content, encoding="utf-8")
    (tmp_path / "ok.jsonl").write_text('{"text": "财不外露。"}\n', encoding="utf-8")
    errors = []
    assert [d.text for d in argmine.read([p, tmp_path / "ok.jsonl"], on_error=errors.append)] == ["财不外露。"]
    assert [(e.source, e.message, e.file_level) for e in errors] == [(
        str(p), "holds JSON objects spread over several lines (pretty-printed, as jq . writes them), not one object per line; "
        "write one object per line (jq -c . FILE > NEW.jsonl)", True)]


def test_jsonl_first_line_broken_is_still_one_error_for_that_line(tmp_path):
    p = tmp_path / "b.jsonl"
    p.write_text('{"id": 1, "text": "好\n{"id": 2, "text": "对。"}\n', encoding="utf-8")  # a raw line break: not a spread object
    errors = []
    assert [d.text for d in argmine.read([p], on_error=errors.append)] == ["对。"]
    assert [e.message.split(" (")[0] for e in errors] == ["line 1: not valid JSON"]


def test_jsonl_files_joined_with_cat_keep_the_record_after_each_byte_order_mark(tmp_path):
    p = tmp_path / "catted.jsonl"
    part = '\ufeff{"id": %d, "text": "第%d份导出。"}\n'
    p.write_text(part % (1, 1) + part % (2, 2) + "\ufeff\n" + part % (3, 3), encoding="utf-8")  # a BOM alone: an empty file joined
    errors = []
    docs = argmine.read([p], on_error=errors.append)
    assert errors == [] and [(d.id, d.text, d.row) for d in docs] == [("1", "第1份导出。", 1), ("2", "第2份导出。", 2), ("3", "第3份导出。", 4)]


def test_jsonl_line_that_is_no_object_names_its_type_in_jsons_words(tmp_path):
    p = tmp_path / "s.jsonl"
    p.write_text('{"id":1,"text":"第一条。"}\nnull\n"字符串"\n42\ntrue\n[{"id":3,"text":"x"}]\n', encoding="utf-8")
    errors = []
    assert len(argmine.read([p], on_error=errors.append)) == 1
    assert [e.message for e in errors] == [
        f"line {n}: expected a JSON object, found {found}; each line must be one object"
        for n, found in ((2, "null"), (3, "a string"), (4, "a number"), (5, "a boolean"), (6, "an array"))]


def test_dotted_text_field_whose_parent_is_no_object_names_its_type_and_a_null_parent_is_a_null_text(tmp_path):
    p = tmp_path / "n.jsonl"
    rows = [{"cid": 1, "content": {"message": "第一条。"}}, {"cid": 2, "content": None}, {"cid": 3, "content": "直接是字符串"},
            {"cid": 4, "content": {"message": None}}, {"cid": 5, "content": [1]}]
    p.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    errors, told = [], []
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        docs = argmine.read([p], on_error=errors.append, on_skip=lambda source, n: told.append(n), text_field="content.message", id_field="cid")
    assert [d.id for d in docs] == ["1"] and told == [2]
    assert _warned(caught) == [f"{p}: line 2: field 'content' is null (no text); the row is skipped (it has nothing to segment)",
                               f"{p}: line 4: field 'content.message' is null (no text); the row is skipped (it has nothing to segment)"]
    assert [e.message for e in errors] == [
        f"line {n}: has no 'content.message' field (fields: cid, content; 'content' is {found}, not an object); "
        "pass --text-field NAME (text_field= in Python)" for n, found in ((3, "a string"), (5, "an array"))]


@pytest.mark.parametrize("name", ["blank.txt", "blank.md"])
def test_text_file_of_only_white_space_says_so_not_that_it_is_empty(tmp_path, name):
    p = tmp_path / name
    p.write_text(" \n\u3000\t\r\n", encoding="utf-8")
    (tmp_path / "empty.txt").write_bytes(b"")
    errors = []
    assert argmine.read([p, tmp_path / "empty.txt"], on_error=errors.append) == []
    assert [(e.source, e.message, e.file_level) for e in errors] == [
        (str(p), "file holds only white space; there is nothing to segment (remove it or add text)", True),
        (str(tmp_path / "empty.txt"), "file is empty; there is nothing to segment (remove it or add text)", True)]


@pytest.mark.parametrize("refusal, reason", [
    (PermissionError(13, "Permission denied"), "permission denied; check the file's permissions"),
    (OSError(5, "Input/output error"), "cannot be read (Input/output error); check the path"),
    (OSError("the network share went away"), "cannot be read (the network share went away); check the path"),  # no errno: not "(None)"
])
def test_file_the_system_will_not_read_is_worded_as_every_command_words_it(tmp_path, monkeypatch, refusal, reason):
    from argmine.errors import cannot_read

    locked, ok = tmp_path / "locked.txt", tmp_path / "ok.txt"
    locked.write_text("锁。", encoding="utf-8")
    ok.write_text("好。", encoding="utf-8")
    failing_reads(monkeypatch, locked, refusal)
    errors = []
    assert [d.text for d in argmine.read([locked, ok], on_error=errors.append)] == ["好。"]
    assert [(e.source, e.message, e.file_level) for e in errors] == [(str(locked), reason, True)]
    assert reason == cannot_read(refusal)  # the words of import, agreement, train: one message for one refusal


# --- many files of one name (20,000 folders of comments.jsonl): one warning of each kind for the run (QA round 41) -----


SINGLE_FILE_TAKEN = ("b/x.txt: document id 'x' is taken by a/x.txt (a file's id is its name without the suffix), so this file is "
                     "read as 'x~2'; both are counted: rename one of them to choose its id, or leave one out if they hold the same text")


def test_one_file_whose_name_is_taken_keeps_its_own_warning(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    for folder in "ab":
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "x.txt").write_text(f"{folder}说。", encoding="utf-8")
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        assert [d.id for d in argmine.read(["a/x.txt", "b/x.txt"])] == ["x", "x~2"]
    assert _warned(caught) == [SINGLE_FILE_TAKEN] and caught[0].category is InputWarning


def test_many_files_of_one_name_give_one_warning_that_counts_them(tmp_path, monkeypatch):
    # each folder named (a shell's d*/): every x.txt is read as x, every comments.jsonl's rows as comments:N
    monkeypatch.chdir(tmp_path)
    folders = [f"d{i}" for i in range(1, 6)]
    for i, folder in enumerate(folders, 1):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "x.txt").write_text(f"第{i}页。", encoding="utf-8")
        (tmp_path / folder / "comments.jsonl").write_text(
            "".join(json.dumps({"text": f"评论{i}-{n}。"}, ensure_ascii=False) + "\n" for n in range(1, i + 1)), encoding="utf-8")
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        docs = argmine.read(folders)
    assert [d.id for d in docs if d.id.startswith("x")] == ["x", "x~2", "x~3", "x~4", "x~5"]  # every file kept, as before
    assert len(docs) == 5 + 15
    assert _warned(caught) == [
        "4 files have 10 document ids already taken by earlier rows or files, which got a ~N suffix: d2/comments.jsonl "
        "(1 id, 'comments:1' -> 'comments:1~2'), d3/comments.jsonl (2 ids, first 'comments:1' -> 'comments:1~3'), "
        "d4/comments.jsonl (3 ids, first 'comments:1' -> 'comments:1~4'), ... and 1 more; none holds the same text as the "
        "document whose id it took: distinct rows, all counted; give them unique ids to choose their ids",
        "4 text or HTML files have a document id already taken by another file or a row (a file's id is its name without the "
        "suffix), so each is read with a ~N suffix: d2/x.txt as 'x~2' ('x' taken by d1/x.txt), d3/x.txt as 'x~3' ('x' taken "
        "by d1/x.txt), d4/x.txt as 'x~4' ('x' taken by d1/x.txt), ... and 1 more; all are counted: rename them to choose "
        "their ids, or leave out those that hold the same text"]
    assert {w.category for w in caught} == {InputWarning}


def test_files_whose_rows_excel_rounded_the_ids_of_are_one_warning_saying_so(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    for name in ("a.csv", "b.csv", "c.csv"):
        (tmp_path / name).write_text(f"id,text\n1.23457E+11,{name}一。\n", encoding="utf-8")
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        assert [d.id for d in argmine.read(["a.csv", "b.csv", "c.csv"])] == ["1.23457E+11", "1.23457E+11~2", "1.23457E+11~3"]
    assert _warned(caught) == [
        "2 files have 2 document ids already taken by earlier rows or files, which got a ~N suffix: b.csv (1 id, '1.23457E+11' "
        "-> '1.23457E+11~2'), c.csv (1 id, '1.23457E+11' -> '1.23457E+11~3'); ids such as '1.23457E+11' look like long numbers "
        "Excel rounded (scientific notation), so different rows may share one: they are not repeats. Save each sheet again from "
        "Excel with the id column formatted as Text, or pass --id-field none to number the rows (id_field=None in Python)"]


def test_cli_many_files_of_one_name_is_one_warning_line(tmp_path, monkeypatch):
    from click.testing import CliRunner

    from argmine.cli import main

    monkeypatch.chdir(tmp_path)
    for folder in "abcde":
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "x.txt").write_text(f"{folder}说。", encoding="utf-8")
    r = CliRunner().invoke(main, ["segment", "a/x.txt", "b/x.txt", "--format", "jsonl", "-q"], catch_exceptions=False)
    assert (r.exit_code, r.stderr) == (0, f"argmine: warning: {SINGLE_FILE_TAKEN}\n")
    r = CliRunner().invoke(main, ["segment", *(f"{f}/x.txt" for f in "abcde"), "--format", "jsonl", "-q"], catch_exceptions=False)
    assert r.exit_code == 0 and len(r.stdout.splitlines()) == 5
    assert r.stderr.splitlines() == [
        "argmine: warning: 4 text or HTML files have a document id already taken by another file or a row (a file's id is its "
        "name without the suffix), so each is read with a ~N suffix: b/x.txt as 'x~2' ('x' taken by a/x.txt), c/x.txt as "
        "'x~3' ('x' taken by a/x.txt), d/x.txt as 'x~4' ('x' taken by a/x.txt), ... and 1 more; all are counted: rename them "
        "to choose their ids, or leave out those that hold the same text"]


# --- reading that stops early still warns about the ids renamed so far (regression of the one-line-per-run warning) ----


def _comment_folders(tmp_path, n: int) -> list[str]:
    """Folders d1..dN, each a comments.jsonl with rows c1 and c2: every folder after the first renames both."""
    for i in range(1, n + 1):
        (tmp_path / f"d{i}").mkdir()
        (tmp_path / f"d{i}" / "comments.jsonl").write_text(
            f'{{"id": "c1", "text": "第{i}页好。"}}\n{{"id": "c2", "text": "第{i}页差。"}}\n', encoding="utf-8")
    return [f"d{i}" for i in range(1, n + 1)]


RENAMED_D2 = ("d2/comments.jsonl: 2 document ids already taken by earlier rows or files got a ~N suffix (first: 'c1' -> 'c1~2'); "
              "none holds the same text as the document whose id it took: distinct rows, all counted; give them unique ids to "
              "choose their ids")


def test_renamed_ids_are_warned_about_when_the_caller_breaks_out(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    folders = _comment_folders(tmp_path, 5)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        for doc in argmine.iter_documents(folders):
            if doc.id == "c1~4":  # d4's first row: d5 is never read
                break
        assert _warned(caught) == [  # given when the loop is left (the generator closed), not lost; d4's row counts
            "3 files have 5 document ids already taken by earlier rows or files, which got a ~N suffix: d2/comments.jsonl "
            "(2 ids, first 'c1' -> 'c1~2'), d3/comments.jsonl (2 ids, first 'c1' -> 'c1~3'), d4/comments.jsonl (1 id, 'c1' -> "
            "'c1~4'); none holds the same text as the document whose id it took: distinct rows, all counted; give them unique "
            "ids to choose their ids"]
    assert {w.category for w in caught} == {InputWarning}
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        docs = argmine.iter_documents(folders)
        assert [next(docs).id for _ in range(4)] == ["c1", "c2", "c1~2", "c2~2"]
        assert _warned(caught) == []  # reading goes on: nothing yet
        docs.close()
    assert _warned(caught) == [RENAMED_D2]


def test_renamed_ids_are_warned_about_before_a_later_bad_file_raises(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    folders = _comment_folders(tmp_path, 2)
    (tmp_path / "z.jsonl").write_text("not json\n", encoding="utf-8")
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        with pytest.raises(InputError) as raised:
            argmine.read([*folders, "z.jsonl"])  # no on_error: the first bad record raises
    assert str(raised.value) == "z.jsonl: line 1: not valid JSON (Expecting value at column 1); fix or remove that line"
    assert _warned(caught) == [RENAMED_D2] and caught[0].category is InputWarning


def test_cli_strict_stop_still_warns_about_renamed_ids(tmp_path, monkeypatch):
    from click.testing import CliRunner

    from argmine.cli import main

    monkeypatch.chdir(tmp_path)
    folders = _comment_folders(tmp_path, 2)
    (tmp_path / "z.jsonl").write_text("not json\n", encoding="utf-8")
    r = CliRunner().invoke(main, ["segment", *folders, "z.jsonl", "--strict", "--format", "jsonl", "-q"], catch_exceptions=False)
    assert r.exit_code == 1 and len(r.stdout.splitlines()) == 4  # d1's and d2's rows, written before the stop
    assert r.stderr.splitlines() == [  # what was read is warned about first, then the error and the stop
        f"argmine: warning: {RENAMED_D2}",
        "argmine: error: z.jsonl: line 1: not valid JSON (Expecting value at column 1); fix or remove that line",
        "argmine: error: stopping because of --strict"]
