"""Standard output as an output that is closed, full, or whose reader has gone (QA round 49, ops #1-#3).

``import -o -`` wrote ``sys.stdout`` itself: a closed (``>&-``) or full (``> /dev/full``) standard output was a
traceback, after the whole import.  ``report -o /dev/stdout``, ``analyze --report /dev/stdout`` and ``import -o
/dev/stdout`` into a pipe whose reader had gone (``| head``) said "Broken pipe; pass a file path ..." and exited 1,
where ``-o -`` stops quietly with exit 0.  And a value of a warning that fits :func:`argmine.errors.shown_repr`'s
limit was cut, and its length counted with the quotes of its repr.
"""

from __future__ import annotations

import csv
import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from argmine.cli import main
from argmine.errors import shown_repr

_CLOSED = "argmine: error: standard output: cannot write output (it is closed); pass -o FILE\n"
_FULL = ("argmine: error: standard output: cannot write output (No space left on device); "
         "the disk is full: free some space on it, or write to another disk; the output is incomplete\n")
_IMPORT = ["import", "labelled.csv", "--format", "csv", "--annotator", "x", "-q"]


def argmine(args, stdout):
    """``python -m argmine ARGS`` with standard output closed (``None``: ``>&-``) or sent to the file ``stdout``."""
    closed = stdout is None
    with open(os.devnull if closed else stdout, "w") as out:
        return subprocess.run([sys.executable, "-m", "argmine", *args], stdout=out, stderr=subprocess.PIPE, text=True,
                              encoding="utf-8", preexec_fn=(lambda: os.close(1)) if closed else None, timeout=300)


def into_a_closed_pipe(args):
    """Run ``python -m argmine ARGS`` writing into a pipe whose reader is gone before anything is written (``| head -c 0``):
    the exit code and what it said on standard error."""
    proc = subprocess.Popen([sys.executable, "-m", "argmine", *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            encoding="utf-8")
    proc.stdout.close()
    err = proc.stderr.read()
    return proc.wait(timeout=300), err


@pytest.fixture
def sheet(tmp_path, monkeypatch):
    """``labelled.csv``: the export sheet of ``a.txt`` with its two units labelled; ``bad.csv``: the same with the second
    unit's theme one the schema lacks (an import that reports a failed record after writing the other)."""
    monkeypatch.chdir(tmp_path)
    Path("a.txt").write_text("支付宝做社交，我觉得很烦人。\n隐私怎么保障？\n", "utf-8")
    r = CliRunner().invoke(main, ["export", "a.txt", "--format", "csv", "--model", "lexicon", "-o", "sheet.csv", "-q"],
                           catch_exceptions=False)
    assert r.exit_code == 0, r.stderr
    rows = list(csv.reader(open("sheet.csv", encoding="utf-8-sig", newline="")))
    head = rows[0]
    for row in rows[1:]:
        row[head.index("themes")], row[head.index("sentiment")] = "privacy", "negative"
    with open("labelled.csv", "w", encoding="utf-8", newline="") as f:
        csv.writer(f).writerows(rows)
    rows[2][head.index("themes")] = "nosuchtheme"
    with open("bad.csv", "w", encoding="utf-8", newline="") as f:
        csv.writer(f).writerows(rows)
    return "labelled.csv"


@pytest.mark.parametrize("strict", [[], ["--strict"]], ids=["", "strict"])
def test_import_to_a_closed_standard_output_is_one_line_before_the_import(sheet, strict):
    # it was a traceback once the import was done; refused first, the record of bad.csv that fails is not even read
    # (--strict would stop at it, before any output is written)
    r = argmine([*_IMPORT[:1], "bad.csv", *_IMPORT[2:], *strict, "-o", "-"], None)
    assert (r.returncode, r.stderr) == (1, _CLOSED)


@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="needs /dev/full")
def test_import_to_a_full_standard_output_is_one_line(sheet):
    r = argmine([*_IMPORT, "-o", "-"], "/dev/full")
    assert (r.returncode, r.stderr) == (1, _FULL)


def test_import_to_standard_output_writes_what_a_file_gets(sheet, tmp_path):
    out = tmp_path / "stdout.jsonl"
    assert argmine([*_IMPORT, "-o", "-"], out).returncode == 0
    assert CliRunner().invoke(main, [*_IMPORT, "-o", "gold.jsonl"], catch_exceptions=False).exit_code == 0
    assert out.read_bytes() == Path("gold.jsonl").read_bytes()
    assert out.read_text("utf-8").count('"annotator": "x"') == 2


@pytest.mark.parametrize("args", [
    [*_IMPORT, "-o", "-"],
    [*_IMPORT, "-o", "/dev/stdout"],
    ["report", "a.txt", "--model", "lexicon", "-q", "-o", "/dev/stdout"],
    ["analyze", "a.txt", "--model", "lexicon", "-q", "-o", "tables.txt", "--report", "/dev/stdout"],
], ids=["import -o -", "import -o /dev/stdout", "report -o /dev/stdout", "analyze --report /dev/stdout"])
def test_a_reader_gone_from_dev_stdout_stops_quietly_as_with_dash(sheet, args):
    # it said "/dev/stdout: cannot write ... (Broken pipe); pass a file path in an existing, writable directory", exit 1
    assert into_a_closed_pipe(args) == (0, "")


@pytest.mark.parametrize("args, what", [
    (["report", "a.txt", "--model", "lexicon", "-q", "-o", "/dev/full"], "cannot write the report"),
    (["analyze", "a.txt", "--model", "lexicon", "-q", "-o", "tables.txt", "--report", "/dev/full"], "cannot write the report"),
    ([*_IMPORT, "-o", "/dev/full"], "cannot write output"),
], ids=["report", "analyze --report", "import"])
@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="needs /dev/full")
def test_other_write_errors_through_a_device_keep_their_line(sheet, args, what):
    r = argmine(args, os.devnull)
    assert (r.returncode, r.stderr) == (1, f"argmine: error: /dev/full: {what} (No space left on device); the disk is full: "
                                           "free some space on it, or write to another disk\n")


@pytest.mark.parametrize("value, limit, shown", [
    ("9" * 20, 20, "'99999999999999999999'"),  # fits: whole, though its repr (22 characters) does not
    ("9" * 19, 20, "'9999999999999999999'"),
    ("9" * 21, 20, "'99999999999999999999'… (21 characters)"),  # the value's own characters counted, not the quotes
    ("好" * 80, 80, "'" + "好" * 80 + "'"),
    ("a\nb", 3, "'a\\nb'"),  # an escape is one character of the value
    ("a\nbc", 3, "'a\\nb'… (4 characters)"),
    (["好" * 5], 6, "['好好好好… (9 characters)"),  # not a string: its repr is what is cut
], ids=["fits", "one-under", "one-over", "cjk-fits", "escape-fits", "escape-over", "list"])
def test_shown_repr_limits_a_strings_own_characters(value, limit, shown):
    assert shown_repr(value, limit) == shown


def test_a_twenty_digit_source_date_epoch_is_shown_whole(tmp_path, monkeypatch):
    from argmine import aggregate

    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "9" * 20)
    monkeypatch.setattr(aggregate, "_EPOCHS_WARNED", set())
    Path("a.txt").write_text("支付宝做社交，我觉得很烦人。\n", "utf-8")
    r = CliRunner().invoke(main, ["analyze", "a.txt", "--model", "lexicon", "--format", "json", "-o", "x.json", "-q"],
                           catch_exceptions=False)
    assert r.exit_code == 0
    assert r.stderr == (f"argmine: warning: SOURCE_DATE_EPOCH='{'9' * 20}' is past the year 9999, so provenance.date is the current "
                        "time; set it to a whole number of seconds since 1970-01-01 UTC (as 'date +%s' prints it), or unset it\n")


# QA round 53 (a known item of round 49): a reader gone when the gold was written hid the lines of the records that
# failed, printed after the write, and the run exited 0
@pytest.mark.parametrize("output", ["-", "/dev/stdout"])
def test_a_reader_gone_from_import_still_shows_the_failed_records_and_exits_1(sheet, output):
    code, err = into_a_closed_pipe([*_IMPORT[:1], "bad.csv", *_IMPORT[2:], "-o", output])
    assert code == 1, err
    lines = err.splitlines()
    assert "unknown theme 'nosuchtheme'" in lines[0] and "row 2" in lines[0]
    named = "standard output" if output == "-" else output
    assert lines[-1].startswith(f"argmine: 1 gold record written to {named} (its reader closed it before the end, "
                                "so not all were read); 1 record failed")
    assert "Traceback" not in err and "Exception ignored" not in err
