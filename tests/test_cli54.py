"""Outputs named as another format, CSV on standard input, and a reader of ``-o -`` that stops early (QA round 53, cli #1-#3).

``segment -o units.csv`` wrote JSONL and ``analyze -o analysis.json`` the text tables without a word, where ``import``
warns of a gold ``.csv`` holding JSONL.  A comma-separated table piped to ``-`` was read as prose, where a tab-separated
one or a JSON first line got a hint.  And ``export --format csv -o -`` and ``report -o -`` wrote their whole output in
one write: when the reader left early (``| head``), Python took the part the pipe took for the whole (standard output
written through, ``PYTHONUNBUFFERED=1``) and the summary line said every row was written.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from argmine.cli import main

TEXT = "支付宝做社交，我觉得很烦人。\n隐私怎么保障？\n"


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args], catch_exceptions=False)


@pytest.fixture
def here(tmp_path, monkeypatch):
    """A folder with ``a.txt`` and ``gold.jsonl`` (its two units, labelled), the current folder."""
    monkeypatch.chdir(tmp_path)
    Path("a.txt").write_text(TEXT, "utf-8")
    first, second = "支付宝做社交，我觉得很烦人。", "隐私怎么保障？"
    records = [{"id": "a#1", "doc": "a", "start": 0, "end": len(first), "text": first, "kind": "body", "themes": ["privacy"],
                "sentiment": "negative", "annotator": "x"},
               {"id": "a#2", "doc": "a", "start": len(first) + 1, "end": len(first) + 1 + len(second), "text": second, "kind": "body",
                "themes": ["privacy"], "sentiment": "neutral", "annotator": "x"}]
    Path("gold.jsonl").write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), "utf-8")
    return tmp_path


def _warning(output, written, how, named, what, name):
    return f"argmine: warning: {output}: written as {written} ({how}); pass --format {named} for {what}, or name it {name}\n"


# --- #1: an -o suffix naming another format than the one written -----------------------------------------------

@pytest.mark.parametrize("args, line", [
    (["segment", "a.txt", "-o", "units.csv"], _warning("units.csv", "JSONL", "--format's default", "csv", "a CSV table", "units.jsonl")),
    (["classify", "a.txt", "--model", "lexicon", "-o", "preds.csv"],
     _warning("preds.csv", "JSONL", "--format's default", "csv", "a CSV table", "preds.jsonl")),
    (["analyze", "a.txt", "--model", "lexicon", "-o", "analysis.json"],
     _warning("analysis.json", "a text table", "--format's default", "json", "JSON", "analysis.txt")),
    (["agreement", "gold.jsonl", "gold.jsonl", "-o", "kappa.json"],
     _warning("kappa.json", "a text table", "--format's default", "json", "JSON", "kappa.txt")),
    (["evaluate", "--gold", "gold.jsonl", "--model", "lexicon", "-o", "ev.json"],
     _warning("ev.json", "a text table", "--format's default", "json", "JSON", "ev.txt")),
    # --format given, and the name says another it writes
    (["segment", "a.txt", "--format", "table", "-o", "units.csv"], _warning("units.csv", "a text table", "--format table", "csv", "a CSV table",
                                                                           "units.txt")),
    (["analyze", "a.txt", "--model", "lexicon", "--format", "json", "-o", "themes.CSV"],
     _warning("themes.CSV", "JSON", "--format json", "csv", "a CSV table", "themes.json")),
], ids=["segment", "classify", "analyze", "agreement", "evaluate", "segment-format-given", "analyze-format-given"])
def test_output_named_as_another_format_is_warned_and_written_as_the_format(here, args, line):
    r = run(*args, "-q")
    assert r.exit_code == 0, r.stderr
    assert r.stderr == line
    written = Path(args[args.index("-o") + 1]).read_text("utf-8")
    if "JSONL" in line.split("written as ")[1].split(" (")[0]:  # the format is not taken from the name
        assert json.loads(written.splitlines()[0])["id"] == "a#1"
    elif "JSON (" in line:
        json.loads(written)
    else:
        assert not written.lstrip().startswith(("{", "["))


@pytest.mark.parametrize("args", [
    ["segment", "a.txt", "-o", "units.jsonl"],
    ["segment", "a.txt", "-o", "units.ndjson"],
    ["segment", "a.txt", "--format", "csv", "-o", "units.csv"],
    ["segment", "a.txt", "--format", "table", "-o", "units.txt"],
    ["segment", "a.txt", "-o", "units.tsv"],  # no format segment writes: nothing to pass
    ["segment", "a.txt", "-o", "units"],
    ["segment", "a.txt", "-o", "-"],
    ["classify", "a.txt", "--model", "lexicon", "--format", "csv", "-o", "preds.csv"],
    ["analyze", "a.txt", "--model", "lexicon", "-o", "analysis.txt"],
    ["analyze", "a.txt", "--model", "lexicon", "--format", "json", "-o", "analysis.json"],
    ["analyze", "a.txt", "--model", "lexicon", "-o", "analysis.jsonl"],  # analyze writes no JSONL
    ["agreement", "gold.jsonl", "gold.jsonl", "--format", "json", "-o", "kappa.json"],
    ["evaluate", "--gold", "gold.jsonl", "--model", "lexicon", "-o", "ev.txt"],
])
def test_output_named_as_its_format_or_no_other_is_silent(here, args):
    r = run(*args, "-q")
    assert r.exit_code == 0, r.stderr
    assert r.stderr == ""


def test_output_suffix_is_not_warned_before_a_usage_error(here):
    # an -o refused (it is an input) is the one line: no warning about its name first
    r = run("segment", "a.txt", "gold.jsonl", "-o", "gold.jsonl", "--format", "csv", "-q")
    assert r.exit_code == 2
    assert "warning" not in r.stderr


# --- #2: a comma-separated table on standard input ---------------------------------------------------------------

CSV_TABLE = "id,text\n1,支付宝做社交是对的。\n2,隐私泄露太可怕了。\n"


def test_comma_separated_table_on_stdin_is_hinted(here):
    r = CliRunner().invoke(main, ["segment", "-", "-q"], input=CSV_TABLE.encode("utf-8"), catch_exceptions=False)
    assert r.exit_code == 0
    assert r.stderr == ("argmine: warning: standard input is read as plain text, but it looks like a comma-separated table "
                        "(columns: id, text); pass --input-format jsonl, json (one array of row objects), csv or tsv to read it as a table\n")


def test_comma_separated_table_in_a_txt_file_is_hinted(here):
    Path("c.txt").write_text('"评论ID",内容\n1,"好, 对。"\n2,不对。\n', "utf-8")
    r = run("segment", "c.txt", "--id-field", "评论ID", "-q")
    assert r.exit_code == 0
    assert r.stderr == ("argmine: warning: c.txt: read as one text document, but it looks like a comma-separated table (columns: 评论ID, 内容); "
                        "pass --input-format csv (input_format='csv' in Python), or name the file .csv, to read each row as a document\n")


@pytest.mark.parametrize("text", [
    "Yes, the id, text and all were there.\nNo, not all of them.\n",  # prose with ASCII commas: no header field
    "支付宝，做社交是对的。\n隐私泄露，太可怕了。\n",  # Chinese commas
    "text,she said\nand then she left.\nThe end.\n",  # a header field, but the lines after it are no rows of two fields
    "id,text\n",  # a header alone
])
def test_prose_with_commas_on_stdin_is_not_hinted(here, text):
    r = CliRunner().invoke(main, ["segment", "-", "-q"], input=text.encode("utf-8"), catch_exceptions=False)
    assert r.exit_code == 0
    assert r.stderr == ""


def test_comma_separated_table_read_as_csv_is_not_hinted(here):
    r = CliRunner().invoke(main, ["segment", "-", "--input-format", "csv", "-q"], input=CSV_TABLE.encode("utf-8"), catch_exceptions=False)
    assert r.exit_code == 0 and r.stderr == ""
    assert [json.loads(line)["id"] for line in r.stdout.splitlines()] == ["1#1", "2#1"]


# --- #3: a reader of -o - that stops early -----------------------------------------------------------------------

def _read_a_little(args):
    """Run ``python -m argmine ARGS`` into a pipe whose reader reads 10 bytes and leaves (``| head -c 10``), standard output
    written through as under ``PYTHONUNBUFFERED=1``: the exit code and what it said on standard error."""
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    proc = subprocess.Popen([sys.executable, "-m", "argmine", *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)
    head = os.read(proc.stdout.fileno(), 10)  # once the output has started: the writer is inside its writes
    proc.stdout.close()
    err = proc.stderr.read().decode("utf-8")
    return proc.wait(timeout=300), head, err


@pytest.fixture
def long_text(tmp_path):
    """A document of 12,000 units: its sheet and its report are well over a megabyte, many times what a pipe holds."""
    path = tmp_path / "long.txt"
    path.write_text("".join(f"第{i}条：支付宝做社交，我觉得很烦人。隐私怎么保障？\n" for i in range(6000)), "utf-8")
    return path


@pytest.mark.parametrize("args", [["export", "--format", "csv", "--no-predictions"], ["report", "--model", "lexicon", "--max-units", "12000"]],
                         ids=["export-csv", "report"])
def test_reader_of_standard_output_that_stops_early_stops_the_command_quietly(long_text, args):
    rc, head, err = _read_a_little([args[0], str(long_text), *args[1:], "-o", "-"])
    assert head  # the output had started
    # no summary saying everything was written to standard output
    assert (rc, err) == (0, "")


def test_reader_that_reads_it_all_still_gets_the_summary(long_text):
    r = subprocess.run([sys.executable, "-m", "argmine", "export", str(long_text), "--format", "csv", "--no-predictions", "-o", "-"],
                       capture_output=True, env={**os.environ, "PYTHONUNBUFFERED": "1"}, timeout=300)
    assert r.returncode == 0
    assert r.stdout.startswith("\ufeffid,".encode("utf-8")) and r.stdout.count(b"\r\n") == 12001
    assert r.stderr.decode("utf-8") == "argmine: 12000 units from 1 document written to standard output\n"
