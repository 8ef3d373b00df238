import json

from click.testing import CliRunner

from argmine.cli import main


def run(*args, input=None):
    return CliRunner().invoke(main, list(map(str, args)), input=input, catch_exceptions=False)


def test_segment_jsonl_rows_have_exactly_the_documented_fields(corpus_dir):
    r = run("segment", corpus_dir, "-q")
    assert r.exit_code == 0
    rows = [json.loads(line) for line in r.stdout.splitlines()]
    assert len(rows) > 300
    assert set(rows[0]) == {"id", "doc", "start", "end", "text", "kind"}


def test_segment_table_fits_80_columns(corpus_dir):
    r = run("segment", corpus_dir / "001_faf62b3238bc40fb.txt", "--format", "table", "-q")
    from rich.cells import cell_len

    assert max(cell_len(line) for line in r.stdout.splitlines()) <= 80


def test_segment_csv_and_metadata(tmp_path):
    p = tmp_path / "c.jsonl"
    p.write_text(json.dumps({"id": "c1", "text": "好。坏。", "user": "u"}, ensure_ascii=False) + "\n", encoding="utf-8")
    r = run("segment", p, "-q")
    rows = [json.loads(line) for line in r.stdout.splitlines()]
    assert rows[0]["meta"] == {"id": "c1", "user": "u"} and rows[1]["id"] == "c1#2"
    r = run("segment", p, "--format", "csv", "-q")
    assert r.stdout.splitlines()[0] == "id,doc,start,end,text,kind"


def test_segment_stdin():
    r = run("segment", "-", "-q", input="第一句。第二句。".encode("gb18030"))
    assert [json.loads(line)["text"] for line in r.stdout.splitlines()] == ["第一句。", "第二句。"]


def test_bad_inputs_each_get_one_line_and_the_rest_is_written(tmp_path):
    good = tmp_path / "good.txt"
    good.write_text("好的一句。", encoding="utf-8")
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "image.txt").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(64))
    (tmp_path / "garbage.txt").write_bytes(bytes(range(128, 256)) * 10)
    (tmp_path / "rows.jsonl").write_text('{"id": "r1", "text": "行一。"}\n{broken\n{"id": "r3", "text": "行三。"}\n', encoding="utf-8")
    out = tmp_path / "units.jsonl"
    r = run("segment", good, tmp_path / "empty.txt", tmp_path / "image.txt", tmp_path / "garbage.txt", tmp_path / "rows.jsonl", tmp_path / "missing.txt", "-o", out, "-q")
    assert r.exit_code == 1
    errors = [line for line in r.stderr.splitlines() if line.startswith("argmine: error:")]
    assert len(errors) == 6  # five bad inputs + the summary line
    assert "empty.txt: file is empty" in r.stderr
    assert "image.txt: looks like binary data (PNG image)" in r.stderr
    assert "garbage.txt: cannot be decoded" in r.stderr
    assert "rows.jsonl: line 2: not valid JSON" in r.stderr
    assert "missing.txt: no such file or directory" in r.stderr
    assert "Traceback" not in r.stderr
    texts = [json.loads(line)["text"] for line in out.read_text("utf-8").splitlines()]
    assert texts == ["好的一句。", "行一。", "行三。"]


def test_strict_stops_at_first_bad_input(tmp_path):
    (tmp_path / "a.txt").write_bytes(b"")
    (tmp_path / "b.txt").write_text("好。", encoding="utf-8")
    r = run("segment", tmp_path / "a.txt", tmp_path / "b.txt", "--strict", "-q")
    assert r.exit_code == 1 and r.stdout == ""
    assert "stopping because of --strict" in r.stderr


def test_usage_errors_exit_2():
    assert run("segment").exit_code == 2
    assert run("segment", "x.txt", "--format", "xml").exit_code == 2
    r = run("segment", "x.txt", "--encoding", "klingon")
    assert r.exit_code == 2 and "unknown encoding 'klingon'" in r.stderr


def test_explain_lists_dropped_spans_with_reasons(corpus_dir):
    r = run("segment", corpus_dir, "--explain", "-o", "/dev/null")
    assert "[form_field] registration, login or comment form field: '用户名*'" in r.stderr
    assert "[duplicate] repeats the block at offset" in r.stderr


def test_explain_header_counts_units_in_words(tmp_path):
    (tmp_path / "one.txt").write_text("支付宝不该做社交。\n", encoding="utf-8")
    assert ": 1 unit, 0 dropped" in run("segment", tmp_path / "one.txt", "--explain", "-o", "/dev/null").stderr


def test_jsonl_writes_nan_and_infinity_from_the_input_as_null(tmp_path):
    p = tmp_path / "c.jsonl"
    p.write_text('{"id": "c1", "text": "好。", "likes": NaN, "n": [1e400, -Infinity]}\n', encoding="utf-8")

    def refuse(constant):
        raise ValueError(f"not JSON: {constant}")

    r = run("segment", p, "-q")
    assert json.loads(r.stdout, parse_constant=refuse)["meta"] == {"id": "c1", "likes": None, "n": [None, None]}
    r = run("classify", p, "--model", "lexicon", "-q", "--format", "jsonl")
    assert json.loads(r.stdout, parse_constant=refuse)["meta"]["likes"] is None
