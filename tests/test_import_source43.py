"""import names what is wrong when the --source documents lack a record's document, and when a region is a unit with
the line break after it: no advice to realign a source that did not change, no bare "not a unit"."""

from __future__ import annotations

import json

from click.testing import CliRunner

from argmine.cli import main

from .test_export_import import fill_csv


def run(*args):
    return CliRunner().invoke(main, list(map(str, args)), catch_exceptions=False)


def test_a_record_of_a_document_not_in_source_says_to_pass_it_not_to_realign(tmp_path):
    src = tmp_path / "src"
    src.mkdir()
    (src / "a.txt").write_text("养老金缺口很大。\n", encoding="utf-8")
    (src / "b.txt").write_text("年轻人就业难。\n", encoding="utf-8")
    sheet = tmp_path / "sheet.csv"
    assert run("export", src, "--format", "csv", "--no-predictions", "-o", sheet, "-q").exit_code == 0
    fill_csv(sheet, lambda row: row.update(themes="other", sentiment="neutral"))
    r = run("import", sheet, "--format", "csv", "--source", src / "a.txt", "-o", tmp_path / "gold.jsonl")
    assert r.exit_code == 1
    assert r.stderr.splitlines()[0] == (
        f"argmine: error: {sheet}: row 2 (line 3) (unit b#1): cannot be mapped to a unit: no unit b#1: its document 'b' "
        "is not among the --source documents (1 read: 'a'); pass the files the export was made from (read with the same "
        "--source-* options as the export's)")
    assert "realign" not in r.stderr
    assert [json.loads(line)["id"] for line in (tmp_path / "gold.jsonl").read_text("utf-8").splitlines()] == ["a#1"]


def test_a_region_that_is_a_unit_and_its_line_break_says_so(tmp_path):
    src = tmp_path / "src"
    src.mkdir()
    (src / "a.txt").write_text("养老金缺口很大。\n年轻人就业难。\n", encoding="utf-8")
    out = tmp_path / "ls"
    assert run("export", src, "--format", "label-studio", "--level", "document", "--no-predictions", "-o", out, "-q").exit_code == 0
    tasks = json.loads((out / "tasks.json").read_text("utf-8"))
    task = tasks[0]
    task["id"] = 1
    text = task["data"]["text"]
    unit = task["data"]["units"][0]
    start, end = unit["start"], unit["end"] + 1  # the line break after the unit too, as a triple click selects a line
    value = {"start": start, "end": end, "text": text[start:end]}
    task["annotations"] = [{"id": 1, "completed_by": 1, "was_cancelled": False, "result": [
        {"id": "q", "from_name": "unit", "to_name": "text", "type": "labels", "value": {**value, "labels": ["privacy"]}},
        {"id": "q", "from_name": "sentiment", "to_name": "text", "type": "choices", "value": {**value, "choices": ["negative"]}}]}]
    export = tmp_path / "export.json"
    export.write_text(json.dumps(tasks, ensure_ascii=False), encoding="utf-8")
    r = run("import", export, "--format", "label-studio", "-o", tmp_path / "gold.jsonl")
    assert r.exit_code == 1
    assert r.stderr.splitlines()[0] == (
        f"argmine: error: {export} task 1 annotation 1 region q: cannot be mapped to a unit: '养老金缺口很大。\\n' at 0..9 is "
        "not a unit of a: that is unit a#1 0..8 with the white space after it ('\\n'); draw the region without it; keep the "
        "exported span boundaries")
