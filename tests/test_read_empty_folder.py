"""A folder named among the inputs that gives no file is reported, as a missing path is, also beside good inputs
(QA round 39, cli #6)."""

import warnings

import pytest
from click.testing import CliRunner

import argmine
from argmine.cli import main
from argmine.errors import InputError

EMPTY = "no input files matched: the folder holds no files (hidden ones are never read); check the path"


def _left_out(n, first, more=""):
    files = "file" if n == 1 else "files"
    return (f"no input files matched: the --include/--exclude globs (include=/exclude= in Python) leave out its {n} {files} "
            f"({first}{more}); check the path and the globs")


@pytest.fixture
def inputs(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "page.txt").write_text("支付宝的问题在于隐私保护不够。\n", encoding="utf-8")
    (tmp_path / "articles").mkdir()
    (tmp_path / "articles" / "post1.docx").write_bytes(b"PK\x03\x04")  # nothing the default globs read
    (tmp_path / "articles" / "post2.pdf").write_bytes(b"%PDF-1.4")
    (tmp_path / "empty").mkdir()
    (tmp_path / "empty" / ".hidden.txt").write_text("隐藏。", encoding="utf-8")
    (tmp_path / "readme").mkdir()
    (tmp_path / "readme" / "README.md").write_text("说明。", encoding="utf-8")  # left out by the default --exclude
    return tmp_path


def _read(paths, **kwargs):
    errors = []
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        docs = argmine.read(paths, on_error=errors.append, **kwargs)
    return [d.id for d in docs], errors, [str(w.message) for w in caught]


def test_a_folder_that_gives_no_file_is_a_bad_input_beside_files_that_are_read(inputs):
    ids, errors, _ = _read(["page.txt", "articles", "empty", "readme"])
    assert ids == ["page"]  # the others still read
    assert [(e.source, e.message) for e in errors] == [
        ("articles", _left_out(2, "post1.docx, post2.pdf", "")), ("empty", EMPTY),
        ("readme", "no input files matched: it holds only README.md, a folder's README, which a folder walk never reads; "
                   "name the file to read it")]  # no glob brings a README in: the globs are not blamed
    assert all(isinstance(e, InputError) and e.file_level for e in errors)


def test_a_folder_alone_that_gives_no_file_gets_the_same_one_line(inputs):
    ids, errors, _ = _read(["articles"])
    assert ids == [] and [str(e) for e in errors] == ["articles: " + _left_out(2, "post1.docx, post2.pdf", "")]
    with pytest.raises(InputError, match="^empty: no input files matched: the folder holds no files"):
        argmine.read(["empty"])


def test_include_globs_that_match_nothing_in_a_folder_name_what_it_held(inputs):
    ids, errors, _ = _read(["page.txt", "articles"], include=("*.csv",))
    assert ids == ["page"] and [str(e) for e in errors] == ["articles: " + _left_out(2, "post1.docx, post2.pdf", "")]


def test_a_folder_of_json_files_keeps_its_warning_and_is_reported(inputs):
    (inputs / "rows").mkdir()
    (inputs / "rows" / "a.json").write_text('[{"text": "一。"}]', encoding="utf-8")
    ids, errors, warned = _read(["page.txt", "rows"])
    assert ids == ["page"]
    assert warned == ["rows: 1 .json/.ndjson file not read (a.json): a folder's are read only with --include "
                      "(e.g. --include '*.json' --include '*.csv'; it replaces the default globs), or name them"]
    assert [str(e) for e in errors] == ["rows: " + _left_out(1, "a.json")]


def test_a_folder_whose_files_were_read_before_is_no_error(inputs):
    (inputs / "again").mkdir()
    (inputs / "again" / "a.txt").write_text("一。", encoding="utf-8")
    ids, errors, warned = _read(["again/a.txt", "again"])
    assert ids == ["a"] and errors == []
    assert warned == ["again: holds 1 file already read (again/a.txt); each file is read once"]


def test_cli_reports_each_folder_that_gave_nothing_and_exits_1_as_for_a_missing_path(inputs):
    r = CliRunner().invoke(main, ["segment", "page.txt", "articles", "empty", "-o", "units.jsonl"], catch_exceptions=False)
    assert r.exit_code == 1, r.output
    assert r.stderr.splitlines() == [
        "argmine: error: articles: " + _left_out(2, "post1.docx, post2.pdf", ""),
        "argmine: error: empty: " + EMPTY,
        "argmine: 1 document, 1 unit, 0 spans dropped",
        "argmine: error: 2 inputs failed; the other inputs were processed",
    ]
    assert (inputs / "units.jsonl").read_text("utf-8").count("\n") == 1
    # the same as a missing path among good ones
    r = CliRunner().invoke(main, ["segment", "page.txt", "missing.txt", "-o", "units.jsonl"], catch_exceptions=False)
    assert r.exit_code == 1 and r.stderr.splitlines()[-1] == "argmine: error: 1 input failed; the other inputs were processed"


def test_cli_folder_holding_only_the_output_says_so(inputs):
    (inputs / "out").mkdir()
    (inputs / "out" / "units.jsonl").write_text("", encoding="utf-8")
    r = CliRunner().invoke(main, ["segment", "page.txt", "out", "-o", "out/units.jsonl"], catch_exceptions=False)
    assert r.exit_code == 1, r.output
    assert ("argmine: error: out: no input files matched: it holds only the output units.jsonl, which is not read as an input; "
            "check the path") in r.stderr.splitlines()
