"""What the commands say about the files they write, and when they refuse an output."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from argmine.cli import main

#: a file name that would start a line of its own and turn the terminal red if printed as it is
NAME = "w\n\x1b[31mx"
SHOWN = "w\\n\\x1b[31mx"


def run(*args):
    return CliRunner().invoke(main, list(map(str, args)), catch_exceptions=False)


@pytest.fixture
def page(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "a.txt").write_text("支付宝不该做社交。\n", "utf-8")
    return "a.txt"


@pytest.mark.parametrize("args, line", [
    (["report", "--model", "lexicon", "-o", f"{NAME}.html"], f"argmine: 1 document, 1 unit -> {SHOWN}.html"),
    (["export", "--format", "csv", "--model", "lexicon", "-o", f"{NAME}.csv"], f"argmine: 1 unit from 1 document written to {SHOWN}.csv"),
    (["analyze", "--model", "lexicon", "-o", "t.txt", "--report", f"{NAME}.html"], f"argmine: report -> {SHOWN}.html"),
])
def test_summary_lines_show_a_file_names_line_break_and_escape_sequence_escaped(page, args, line):
    r = run(args[0], page, *args[1:])
    assert r.exit_code == 0, r.stderr
    assert line in r.stderr.splitlines()
    assert "\x1b" not in r.stderr


GOLD = {"id": "a#1", "doc": "a", "start": 0, "end": 9, "text": "支付宝不该做社交。", "kind": "comment",
        "themes": ["pro_social"], "sentiment": "negative"}


@pytest.mark.parametrize("mode", [["--model", "lexicon"], ["--cv", "2", "--backend", "lexicon"]])
@pytest.mark.parametrize("out, reason", [("out", "it is a folder"), ("new/", "it ends in '/', so it names a folder")])
def test_evaluate_refuses_an_output_folder_before_reading_the_gold(tmp_path, monkeypatch, mode, out, reason):
    import argmine.cli.evaluate

    def read_labelled(*args, **kwargs):
        raise AssertionError("the gold was read (and scored) before -o was checked")

    monkeypatch.setattr(argmine.cli.evaluate, "read_labelled", read_labelled)
    monkeypatch.chdir(tmp_path)
    (tmp_path / "out").mkdir()
    (tmp_path / "g.jsonl").write_text(json.dumps(GOLD, ensure_ascii=False) + "\n", "utf-8")
    r = run("evaluate", "--gold", "g.jsonl", *mode, "-o", out)
    assert r.exit_code == 2, r.output
    # the line every command gives for an output file that names a folder
    assert r.stderr.splitlines() == [f"argmine: error: {out}: cannot write output ({reason}); pass a file name"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["g.jsonl", "out"]


LONG = "x" * 300


@pytest.mark.parametrize("args", [
    ["segment"], ["report", "--model", "lexicon"], ["export", "--format", "csv", "--model", "lexicon"],
    ["export", "--format", "doccano", "--model", "lexicon"], ["analyze", "--model", "lexicon"],
])
@pytest.mark.parametrize("out", [f"{LONG}.out", f"new/{LONG}/o.out"])  # the second: only the part under new/ is refused
def test_an_output_name_over_255_bytes_is_one_line_that_shows_it_cut(page, tmp_path, args, out):
    r = run(args[0], page, *args[1:], "-o", out)
    assert r.exit_code == 1
    assert r.stderr == f"argmine: error: {out[:80]}… ({len(out)} characters): cannot be used as a path (file name too long); pass another -o\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.txt"]  # new/ not made


def test_a_report_name_over_255_bytes_names_its_option(page):
    r = run("analyze", page, "--model", "lexicon", "-o", "t.json", "--report", f"{LONG}.html")
    assert r.exit_code == 1 and r.stderr.endswith(": cannot be used as a path (file name too long); pass another --report\n")
    assert len(r.stderr) < 200


def test_train_output_name_over_255_bytes_is_one_line_that_shows_it_cut(tmp_path):
    gold = tmp_path / "g.jsonl"
    gold.write_text(json.dumps(GOLD, ensure_ascii=False) + "\n", "utf-8")
    out = str(tmp_path / LONG)
    r = run("train", gold, "--backend", "lexicon", "-o", out)
    assert r.exit_code == 1
    assert r.stderr == f"argmine: error: {out[:80]}… ({len(out)} characters): cannot be used as a path (file name too long); pass another -o\n"

