"""``--workers`` on analyze, classify and report; files a folder walk leaves out, in the JSON's provenance."""

from __future__ import annotations

import importlib
import json
import sys

import pytest
from click.testing import CliRunner

import argmine
from argmine.cli import main
from tests.test_classify_workers import SENTENCES  # the same eight units, each argued differently

classify_module = importlib.import_module("argmine.classify")  # the module: argmine.classify is also the function


def run(*args):
    return CliRunner().invoke(main, list(map(str, args)), catch_exceptions=False)


def _comments(path, rows: int) -> None:
    """A JSONL table of ``rows`` documents of 8 units each (one document per row: no repeat within a document)."""
    with open(path, "w", encoding="utf-8") as f:
        for i in range(rows):
            f.write(json.dumps({"id": f"c{i}", "text": "".join(SENTENCES)}, ensure_ascii=False) + "\n")


@pytest.fixture
def forks(monkeypatch):
    """The worker counts classify ran its parallel path with (it forks only past two batches)."""
    seen: list[int] = []
    real = classify_module._classify_parallel

    def spy(batches, backend, workers):
        seen.append(workers)
        yield from real(batches, backend, workers)

    monkeypatch.setattr(classify_module, "_classify_parallel", spy)
    return seen


needs_fork = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="workers fork on Linux only")


@needs_fork
@pytest.mark.parametrize("command", [
    # classify: 48 units in batches of 5; analyze and report classify in batches of 512: 1,120 units are three batches
    ["classify", "{rows6}", "--batch-size", "5", "--format", "jsonl"],
    ["classify", "{rows6}", "--batch-size", "5", "--format", "csv"],
    ["analyze", "{rows140}", "--format", "json"],
    ["analyze", "{rows140}", "--format", "csv"],
    ["analyze", "{rows140}"],
    ["report", "{rows140}"],
])
def test_cli_workers_2_writes_the_same_bytes_as_workers_1(tmp_path, monkeypatch, forks, command):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")  # the provenance date: the same in both runs
    _comments(tmp_path / "rows6.jsonl", 6)
    _comments(tmp_path / "rows140.jsonl", 140)
    args = [a.format(rows6=tmp_path / "rows6.jsonl", rows140=tmp_path / "rows140.jsonl") for a in command]
    outs = {}
    for workers in ("1", "2", "auto"):
        out = tmp_path / f"out{workers}"
        r = run(*args, "--model", "lexicon", "-q", "-o", out, "--workers", workers)
        assert r.exit_code == 0, r.output
        outs[workers] = out.read_bytes()
    assert outs["1"] == outs["2"] == outs["auto"]
    assert len(outs["1"]) > 1000
    assert forks[0] == 2  # --workers 2 took the forking path (auto: as many as the machine allows)


@pytest.mark.parametrize("command", ["analyze", "classify", "report"])
@pytest.mark.parametrize("value,shown", [("0", "'0'"), ("-2", "'-2'"), ("two", "'two'"), ("1.5", "'1.5'"), ("", "''")])
def test_cli_workers_bad_value_is_a_one_line_usage_error(tmp_path, command, value, shown):
    (tmp_path / "a.txt").write_text("支付宝不该做社交。\n", encoding="utf-8")
    r = run(command, tmp_path / "a.txt", "--model", "lexicon", "--workers", value, "-o", tmp_path / "out")
    assert r.exit_code == 2
    assert r.stderr.splitlines()[-1] == (f"Error: Invalid value for '--workers': {shown} is not an integer >= 1 or 'auto'; "
                                         "pass e.g. --workers 2 or --workers auto")
    assert "Traceback" not in r.stderr
    assert not (tmp_path / "out").exists()


def test_cli_workers_default_is_one_process(tmp_path, forks):
    _comments(tmp_path / "rows6.jsonl", 6)
    r = run("classify", tmp_path / "rows6.jsonl", "--batch-size", "5", "--model", "lexicon", "-q")
    assert r.exit_code == 0, r.output
    assert forks == []  # off by default: no process started


def test_cli_help_names_workers():
    for command in ("analyze", "classify", "report"):
        r = run(command, "--help")
        assert "--workers N|auto" in r.stdout and "the output is identical" in r.stdout.replace("\n", " ").replace("  ", " ")


# --- files a folder walk leaves out ---------------------------------------------

def _folder_with_unread_files(tmp_path):
    data = tmp_path / "data"
    (data / "tables").mkdir(parents=True)
    (data / "a.txt").write_text("支付宝不该做社交。\n", encoding="utf-8")
    (data / "tables" / "sheet.xlsx").write_bytes(b"PK\x03\x04 not really a workbook")
    (data / "tables" / "~$sheet.xlsx").write_bytes(b"Excel's lock file: not a workbook")
    (data / "export.json").write_text('[{"text": "财不外露。"}]', encoding="utf-8")
    return data


def test_analyze_json_lists_the_files_a_folder_walk_left_out(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    _folder_with_unread_files(tmp_path)
    r = run("analyze", "data", "--model", "lexicon", "--format", "json", "-o", "a.json")
    assert r.exit_code == 0, r.output
    assert "argmine: warning: data: 1 Excel workbook not read (tables/sheet.xlsx)" in r.stderr
    prov = json.loads((tmp_path / "a.json").read_text("utf-8"))["provenance"]
    assert list(prov)[:2] == ["inputs", "skipped_files"]
    assert prov["skipped_files"] == [
        {"path": "data/export.json",
         "reason": "a .json/.ndjson file in a folder is read only with --include (include= in Python) or when named"},
        {"path": "data/tables/sheet.xlsx", "reason": "an Excel workbook is not read; save the sheet as CSV UTF-8 (.csv)"},
    ]
    assert [i["path"] for i in prov["inputs"]] == ["data/a.txt"]


def test_analyze_table_says_no_more_than_the_warning(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    _folder_with_unread_files(tmp_path)
    with_skips = run("analyze", "data", "--model", "lexicon", "-q")
    (tmp_path / "data" / "export.json").unlink()
    (tmp_path / "data" / "tables" / "sheet.xlsx").unlink()
    without = run("analyze", "data", "--model", "lexicon", "-q")
    assert with_skips.exit_code == without.exit_code == 0
    assert with_skips.stdout == without.stdout


def test_analysis_provenance_has_skipped_files_only_when_a_file_was_left_out(tmp_path):
    data = _folder_with_unread_files(tmp_path)
    with pytest.warns(argmine.errors.InputWarning, match="not read"):
        a = argmine.analyze([str(data)], model="lexicon", date="2024-01-02")
    assert [f["path"] for f in a.provenance["skipped_files"]] == [f"{data}/export.json", f"{data}/tables/sheet.xlsx"]
    assert a.to_dict()["provenance"]["skipped_files"] == a.provenance["skipped_files"]
    named = argmine.analyze([str(data / "a.txt")], model="lexicon", date="2024-01-02")
    assert "skipped_files" not in named.provenance  # nothing left out: as before, no key
    with pytest.warns(argmine.errors.InputWarning, match="Excel workbook not read"):
        included = argmine.analyze([str(data)], model="lexicon", date="2024-01-02", include=("*.txt", "*.json"))
    assert [f["path"] for f in included.provenance["skipped_files"]] == [f"{data}/tables/sheet.xlsx"]


@needs_fork
def test_analysis_provenance_lists_a_named_pipe_in_a_folder(tmp_path):
    import os

    data = tmp_path / "data"
    data.mkdir()
    (data / "a.txt").write_text("支付宝不该做社交。\n", encoding="utf-8")
    os.mkfifo(data / "pipe.txt")
    with pytest.warns(argmine.errors.InputWarning, match="not a regular file"):
        a = argmine.analyze([str(data)], model="lexicon", date="2024-01-02")
    assert a.provenance["skipped_files"] == [{"path": f"{data}/pipe.txt", "reason": "not a regular file (a named pipe)"}]
