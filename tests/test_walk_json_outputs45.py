"""A .json/.ndjson file that argmine wrote (analyze --format json, evaluate --format json, a Label Studio export) in an
input folder is noted as the other outputs are, not counted among the .json files the folder walk asks to --include."""

from __future__ import annotations

import json

from click.testing import CliRunner

from argmine.cli import main


def run(*args):
    return CliRunner().invoke(main, list(map(str, args)), catch_exceptions=False)


def _folder(tmp_path):
    folder = tmp_path / "data"
    folder.mkdir()
    (folder / "page.txt").write_text("支付宝做社交是对的。\n财不外露。\n", encoding="utf-8")
    return folder


def test_an_analysis_json_in_the_folder_is_noted_as_an_output_not_a_json_to_include(tmp_path):
    data = _folder(tmp_path)
    assert run("analyze", data, "--model", "lexicon", "--format", "json", "-o", data / "themes.json", "-q").exit_code == 0
    (data / "mine.json").write_text(json.dumps([{"text": "财不外露。"}], ensure_ascii=False), "utf-8")
    r = run("segment", data)
    assert r.exit_code == 0, r.output
    assert [json.loads(line)["id"] for line in r.stdout.splitlines()] == ["page#1", "page#2"]
    assert r.stderr.splitlines()[:2] == [
        f"argmine: note: {data / 'themes.json'} is inside the input folder {data} and is what 'argmine analyze' writes; "
        "it is not read as an input (name the file to read it)",
        f"argmine: warning: {data}: 1 .json/.ndjson file not read (mine.json): a folder's are read only with --include "
        "(e.g. --include '*.json' --include '*.csv'; it replaces the default globs), or name them"]


def test_a_label_studio_export_beside_a_table_output_is_one_note_counting_both(tmp_path):
    data = _folder(tmp_path)
    assert run("export", data, "--format", "label-studio", "--no-predictions", "-o", data / "tasks.json", "-q").exit_code == 0
    assert run("segment", data, "-o", data / "units.jsonl", "-q").exit_code == 0
    r = run("segment", data)
    assert r.exit_code == 0, r.output
    assert r.stderr.splitlines()[0].startswith(f"argmine: note: 2 files inside the input folder {data} are argmine outputs (")
    assert ".json/.ndjson" not in r.stderr


def test_a_folder_of_only_a_json_output_says_it_holds_only_argmine_outputs(tmp_path):
    data = _folder(tmp_path)
    out = tmp_path / "only"
    out.mkdir()
    assert run("analyze", data, "--model", "lexicon", "--format", "json", "-o", out / "themes.json", "-q").exit_code == 0
    r = run("segment", out)
    assert r.exit_code == 1
    assert r.stderr.splitlines()[0] == (f"argmine: error: {out}: no input files matched: it holds only argmine outputs "
                                        f"({out / 'themes.json'}), which a folder walk does not read as inputs; name a file to read it")


def test_files_a_walk_leaves_out_are_named_up_to_three_then_counted(tmp_path):
    data = _folder(tmp_path)
    for name in ("b", "c", "d", "e"):
        (data / f"{name}.json").write_text('[{"text": "财不外露。"}]', "utf-8")
    (data / "b.xlsx").write_bytes(b"PK\x03\x04")
    (data / "c.xlsx").write_bytes(b"PK\x03\x04")
    r = run("segment", data, "-q", "-o", tmp_path / "out.jsonl")
    assert r.exit_code == 0, r.output
    assert r.stderr.splitlines()[:2] == [
        f"argmine: warning: {data}: 4 .json/.ndjson files not read (b.json, c.json, d.json, ... and 1 more): a folder's are "
        "read only with --include (e.g. --include '*.json' --include '*.csv'; it replaces the default globs), or name them",
        f"argmine: warning: {data}: 2 Excel workbooks not read (b.xlsx, c.xlsx); save each sheet from Excel as "
        "\"CSV UTF-8 (Comma delimited)\" (.csv) to read it"]
