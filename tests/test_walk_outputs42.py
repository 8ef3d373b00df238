"""An argmine output left inside an input folder (a report, a table of units, an analysis CSV, an export) is left out of the
next command's folder walk with one note per folder; a file named on the command line, and every file in Python, is read."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

import argmine
from argmine.cli import main

from .test_export_import import fill_csv

PAGE = "支付宝做社交是对的。\n财不外露。\n"


def run(*args):
    return CliRunner().invoke(main, list(map(str, args)), catch_exceptions=False)


@pytest.fixture
def data(tmp_path):
    folder = tmp_path / "data"
    folder.mkdir()
    (folder / "page.txt").write_text(PAGE, encoding="utf-8")
    return folder


def units_of(r) -> list[str]:
    return [json.loads(line)["id"] for line in r.stdout.splitlines()]


def test_a_report_left_in_the_folder_is_not_read_as_a_page_on_the_next_run(data):
    assert run("report", data, "--model", "lexicon", "-o", data / "report.html", "-q").exit_code == 0
    r = run("segment", data)
    assert r.exit_code == 0, r.output
    assert units_of(r) == ["page#1", "page#2"]  # not the report's legends as a second document
    assert r.stderr.splitlines() == [
        f"argmine: note: {data / 'report.html'} is inside the input folder {data} and is what 'argmine report' "
        "(or 'argmine analyze --report') writes; it is not read as an input (name the file to read it)",
        "argmine: 1 document, 2 units, 0 spans dropped"]
    r = run("analyze", data, "--model", "lexicon", "-q")
    assert r.exit_code == 0 and r.stdout.splitlines()[0].startswith("argmine analyze: 1 document, 2 units"), r.output
    assert r.stderr == ""  # -q leaves the note out, as it does the note on the run's own -o


def test_an_analysis_csv_left_in_the_folder_does_not_fail_the_next_command(data):
    assert run("analyze", data, "--model", "lexicon", "--format", "csv", "-o", data / "themes.csv", "-q").exit_code == 0
    r = run("classify", data, "--model", "lexicon")
    assert r.exit_code == 0, r.output  # not "themes.csv: has no 'text' column", exit 1
    assert units_of(r) == ["page#1", "page#2"]
    assert f"argmine: note: {data / 'themes.csv'} is inside the input folder {data} and is what 'argmine analyze' writes" in r.stderr


@pytest.mark.parametrize("command", [["segment"], ["classify", "--model", "lexicon"]])
@pytest.mark.parametrize("fmt", ["jsonl", "csv"])
def test_units_left_in_the_folder_are_not_read_back_as_comments(data, command, fmt):
    out = data / f"units.{fmt}"
    assert run(*command, data, "--format", fmt, "-o", out, "-q").exit_code == 0
    r = run("segment", data)
    assert r.exit_code == 0, r.output
    assert units_of(r) == ["page#1", "page#2"]  # each unit once, and no "~2" ids
    assert f"argmine: note: {out} is inside the input folder {data}" in r.stderr


def test_many_outputs_in_a_folder_are_one_note_naming_the_first(data):
    for args in (["segment", "-o", data / "units.jsonl"], ["report", "--model", "lexicon", "-o", data / "sub" / "report.html"],
                 ["export", "--format", "csv", "--no-predictions", "-o", data / "sheet.csv"]):
        assert run(args[0], data, *args[1:], "-q").exit_code == 0
    r = run("segment", data)
    assert r.exit_code == 0 and units_of(r) == ["page#1", "page#2"], r.output
    notes = [line for line in r.stderr.splitlines() if line.startswith("argmine: note:")]
    assert notes == [f"argmine: note: 3 files inside the input folder {data} are argmine outputs ({data / 'sheet.csv'}, {data / 'sub' / 'report.html'}, {data / 'units.jsonl'}); "
                     "they are not read as inputs (name a file to read it)"]


def test_an_output_named_on_the_command_line_is_read(data):
    assert run("segment", data, "-o", data / "units.jsonl", "-q").exit_code == 0
    r = run("segment", data / "page.txt", data / "units.jsonl", "-q")  # named: read, as a table of comments
    assert r.exit_code == 0, r.output
    assert len(units_of(r)) == 4 and r.stderr.count("note:") == 0


def test_an_output_beside_files_read_before_is_noted_too(data):
    assert run("segment", data, "-o", data / "units.jsonl", "-q").exit_code == 0
    r = run("segment", data / "page.txt", data)  # the folder's only input was read by name: the output is still said
    assert r.exit_code == 0 and units_of(r) == ["page#1", "page#2"], r.output
    assert f"argmine: note: {data / 'units.jsonl'} is inside the input folder {data}" in r.stderr


def test_a_folder_of_only_outputs_gave_no_input(data, tmp_path):
    out = tmp_path / "out"
    assert run("segment", data, "-o", out / "units.jsonl", "-q").exit_code == 0
    r = run("classify", out, "--model", "lexicon")
    assert r.exit_code == 1, r.output
    assert r.stderr.splitlines()[0] == (f"argmine: error: {out}: no input files matched: it holds only argmine outputs ({out / 'units.jsonl'}), "
                                        "which a folder walk does not read as inputs; name a file to read it")


def test_a_brat_export_in_the_folder_is_not_read_again(data):
    assert run("export", data, "--format", "brat", "--no-predictions", "-o", data / "brat", "-q").exit_code == 0
    assert (data / "brat" / "page.txt").exists()
    r = run("segment", data)
    assert r.exit_code == 0 and units_of(r) == ["page#1", "page#2"], r.output  # not brat/page#1 too
    assert f"argmine: note: {data / 'brat' / 'page.txt'} is inside the input folder {data} and is what 'argmine export --format brat' writes" in r.stderr


def test_analyze_lists_an_output_left_out_in_provenance(data):
    assert run("segment", data, "-o", data / "units.jsonl", "-q").exit_code == 0
    r = run("analyze", data, "--model", "lexicon", "--format", "json", "-q")
    assert r.exit_code == 0, r.output
    assert json.loads(r.stdout)["provenance"]["skipped_files"] == [
        {"path": str(data / "units.jsonl"), "reason": "what 'argmine segment' writes, an argmine output: read only when named"}]


@pytest.mark.parametrize("name, content", [
    ("notes.txt", "Evaluation on the new policy: 支付宝做社交是对的。\n"),  # a page, not 'argmine evaluate' (no "N units")
    ("rows.jsonl", '{"id": "c1", "text": "财不外露。"}\n'),
    ("rows.csv", "id,text\nc1,财不外露。\n"),
    ("page.html", "<!DOCTYPE html><title>评论</title><p>财不外露。</p>"),
])
def test_an_input_that_only_looks_a_little_like_an_output_is_read(data, name, content):
    (data / name).write_text(content, encoding="utf-8")
    r = run("segment", data)
    assert r.exit_code == 0, r.output
    assert "note:" not in r.stderr and len(units_of(r)) > 2


def test_an_empty_file_is_still_reported_as_an_empty_input(data):
    (data / "empty.txt").write_text("", encoding="utf-8")
    r = run("segment", data)
    assert r.exit_code == 1 and f"argmine: error: {data / 'empty.txt'}: " in r.stderr, r.output


def test_the_library_reads_an_output_in_a_folder_as_it_did(data):
    assert run("segment", data, "-o", data / "units.jsonl", "-q").exit_code == 0
    docs = argmine.read(data)  # the CLI's test is not the library's default: every file the globs take is read
    assert sorted({doc.source.split(":")[0] for doc in docs}) == [str(data / "page.txt"), str(data / "units.jsonl")]
    with pytest.raises(TypeError, match="unexpected keyword argument '_written_by'"):
        argmine.read(data, _written_by=lambda path, data: None)


def _gold_and_export(data, tmp_path):
    """A gold file of the page (labelled Label Studio export, imported) and, inside the folder, its units, a report and a README."""
    labelled = tmp_path / "labelled.jsonl"
    units = [json.loads(line) for line in run("segment", data, "-q").stdout.splitlines()]
    labelled.write_text("".join(json.dumps({**u, "themes": ["privacy"] if "财" in u["text"] else [], "sentiment": "neutral"},
                                           ensure_ascii=False) + "\n" for u in units), encoding="utf-8")
    assert run("classify", data, "--model", "lexicon", "--format", "jsonl", "-o", data / "units.jsonl", "-q").exit_code == 0
    assert run("report", data, "--model", "lexicon", "-o", data / "report.html", "-q").exit_code == 0
    (data / "README.md").write_text("这个文件夹是什么。\n", encoding="utf-8")
    return labelled


@pytest.mark.parametrize("quiet", [False, True])
def test_a_source_folder_leaves_earlier_outputs_and_readmes_out(data, tmp_path, quiet):
    # read back, units.jsonl made each unit a second document (ids page#1~2 ...) and report.html a page of legends
    labelled = _gold_and_export(data, tmp_path)
    r = run("evaluate", "--gold", labelled, "--cv", "2", "--source", data, "--backend", "lexicon", *(["-q"] if quiet else []))
    assert r.exit_code == 0, r.output
    assert "~2" not in r.stderr and "README" not in r.stderr and "warning" not in r.stderr, r.stderr
    note = (f"argmine: note: --source 2 files inside the input folder {data} are argmine outputs ({data / 'report.html'}, {data / 'units.jsonl'}); "
            "they are not read as inputs (name a file to read it)")
    assert (note in r.stderr.splitlines()) is not quiet
    sheet = tmp_path / "sheet.csv"
    assert run("export", data / "page.txt", "--format", "csv", "-o", sheet, "-q").exit_code == 0
    fill_csv(sheet, lambda row: row.update(themes="other", sentiment="neutral"))
    r = run("import", sheet, "--format", "csv", "--source", data, "-o", tmp_path / "gold.jsonl", *(["-q"] if quiet else []))
    assert r.exit_code == 0, r.output
    assert "~2" not in r.stderr and "README" not in r.stderr and "warning" not in r.stderr, r.stderr
    assert (note in r.stderr.splitlines()) is not quiet
    assert [json.loads(line)["id"] for line in (tmp_path / "gold.jsonl").read_text("utf-8").splitlines()] == ["page#1", "page#2"]
