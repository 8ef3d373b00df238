"""``python -m argmine`` runs the command line, named ``argmine`` as the console script is."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest


def test_python_dash_m_argmine_runs_the_command_line_under_its_own_name():
    r = subprocess.run([sys.executable, "-m", "argmine", "evaluate", "--help"], capture_output=True, text=True, encoding="utf-8")
    assert r.returncode == 0, r.stderr
    assert r.stdout.startswith("Usage: argmine evaluate [OPTIONS]")  # not "python -m argmine evaluate"
    bad = subprocess.run([sys.executable, "-m", "argmine", "evaluate", "--nope"], capture_output=True, text=True, encoding="utf-8")
    assert bad.returncode == 2 and "Try 'argmine evaluate --help' for help." in bad.stderr


def test_python_dash_m_argmine_is_the_command_for_its_signal_handling():
    code = "import argmine.cli._session as s, sys; print(s.THE_COMMAND)"
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert r.stdout.strip() == "False"  # a program importing argmine.cli keeps its own handlers
    r = subprocess.run([sys.executable, "-m", "argmine", "--version"], capture_output=True, text=True)
    assert r.returncode == 0
    from argmine.cli._session import is_the_command

    assert is_the_command(str(__import__("argmine").__path__[0]) + "/__main__.py")


HELP_AND_VERSION = [["--help"], ["--version"], ["segment", "--help"], ["analyze", "-h"]]


@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="needs /dev/full")
@pytest.mark.parametrize("args", HELP_AND_VERSION)
def test_help_and_version_onto_a_full_disk_are_one_line_as_a_commands_output_is(args):
    with open("/dev/full", "w") as full:  # click writes them as it reads the options, before the command runs
        r = subprocess.run([sys.executable, "-m", "argmine", *args], stdout=full, stderr=subprocess.PIPE, text=True, encoding="utf-8")
    assert r.returncode == 1
    assert r.stderr == ("argmine: error: standard output: cannot write output (No space left on device); the disk is full: "
                        "free some space on it, or write to another disk; the output is incomplete\n")


@pytest.mark.parametrize("args", HELP_AND_VERSION)
def test_help_and_version_into_a_closed_pipe_stop_quietly_with_exit_0(args):
    proc = subprocess.Popen([sys.executable, "-m", "argmine", *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            encoding="utf-8")
    proc.stdout.close()  # the reader is gone before anything is written (| head -n 0)
    err = proc.stderr.read()
    assert proc.wait(timeout=60) == 0 and err == ""


@pytest.mark.parametrize("args", HELP_AND_VERSION)
def test_help_and_version_with_standard_output_closed_are_one_line_and_exit_1(args):
    # >&-: click wrote the text nowhere and the run passed for a success (exit 0, not a word), where 'segment >&-' fails
    r = subprocess.run([sys.executable, "-m", "argmine", *args], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
                       encoding="utf-8", preexec_fn=lambda: os.close(1))
    assert (r.returncode, r.stderr) == (1, "argmine: error: standard output: cannot write output (it is closed); --help and "
                                           "--version print there: run it again with standard output open\n")


def test_a_command_writing_to_a_file_with_standard_output_closed_still_succeeds(tmp_path):
    (tmp_path / "a.txt").write_text("支付宝不该做社交。", encoding="utf-8")
    r = subprocess.run([sys.executable, "-m", "argmine", "segment", str(tmp_path / "a.txt"), "-q", "-o", str(tmp_path / "u.jsonl")],
                       stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, encoding="utf-8", preexec_fn=lambda: os.close(1))
    assert (r.returncode, r.stderr) == (0, "") and '"text": "支付宝不该做社交。"' in (tmp_path / "u.jsonl").read_text("utf-8")


def test_bare_argmine_prints_its_help_with_line_breaks():
    r = subprocess.run([sys.executable, "-m", "argmine"], capture_output=True, text=True, encoding="utf-8")
    assert "\\n" not in r.stdout + r.stderr and (r.stdout + r.stderr).startswith("Usage: argmine [OPTIONS] COMMAND")
    assert len((r.stdout + r.stderr).splitlines()) > 10


def test_bare_argmine_quick_start_does_not_promise_a_corpus_a_pip_install_lacks():
    r = subprocess.run([sys.executable, "-m", "argmine"], capture_output=True, text=True, encoding="utf-8")
    assert "bundled corpus" not in r.stdout + r.stderr
    assert "per-theme table for a folder of pages (corpora/ in a checkout)" in r.stdout + r.stderr


_FOLDER_GONE = "argmine: error: the current folder no longer exists; cd to one that does, or give absolute paths\n"


def _in_a_deleted_folder(tmp_path, *args):
    """``python -m argmine ARGS`` started in a folder deleted before it runs (a shell's folder removed under it)."""
    import os

    gone = tmp_path / "gone"
    gone.mkdir()

    def enter_and_delete():
        os.chdir(gone)
        os.rmdir(gone)

    return subprocess.run([sys.executable, "-m", "argmine", *map(str, args)], capture_output=True, text=True, encoding="utf-8",
                          preexec_fn=enter_and_delete, timeout=300)


def test_a_relative_path_in_a_deleted_current_folder_is_one_line_and_exit_1(tmp_path):
    # os.path.abspath asks for the current folder: a FileNotFoundError traceback (segment -o out.jsonl, report, --plot, train -o, ...)
    (tmp_path / "a.txt").write_text("支付宝不该做社交。", encoding="utf-8")
    page = tmp_path / "a.txt"
    for args in (["segment", page, "-o", "out.jsonl"], ["segment", "a.txt"], ["segment", "../a.txt"],
                 ["report", page, "--model", "lexicon", "-q"], ["analyze", page, "--model", "lexicon", "--plot", "p.png"],
                 ["classify", page, "--model", "m"], ["export", page, "--format", "csv", "--model", "lexicon", "-o", "x.csv"]):
        r = _in_a_deleted_folder(tmp_path, *args)
        assert (r.returncode, r.stderr) == (1, _FOLDER_GONE), args


def test_absolute_paths_still_work_in_a_deleted_current_folder(tmp_path):
    (tmp_path / "a.txt").write_text("支付宝不该做社交。", encoding="utf-8")
    r = _in_a_deleted_folder(tmp_path, "segment", tmp_path / "a.txt", "-q", "-o", tmp_path / "units.jsonl")
    assert (r.returncode, r.stderr) == (0, "")
    assert '"text": "支付宝不该做社交。"' in (tmp_path / "units.jsonl").read_text("utf-8")
    r = _in_a_deleted_folder(tmp_path, "classify", tmp_path / "a.txt", "--model", "lexicon", "-q")
    assert (r.returncode, r.stderr, len(r.stdout.splitlines())) == (0, "", 1)


def test_the_command_reads_a_huge_table_cell_and_puts_csvs_limit_back_for_a_program_that_runs_it(tmp_path):
    import csv

    from click.testing import CliRunner

    from argmine.cli import main

    (tmp_path / "big.csv").write_text(f"id,html,text\n1,{'x' * 140_000},一。\n", encoding="utf-8")
    before = csv.field_size_limit(131_072)  # csv's default: argmine no longer raises it for the whole process when imported
    try:
        r = CliRunner().invoke(main, ["segment", str(tmp_path / "big.csv"), "-q"], catch_exceptions=False)
        assert (r.exit_code, r.stderr) == (0, "") and '"text": "一。"' in r.stdout
        assert csv.field_size_limit() == 131_072
    finally:
        csv.field_size_limit(before)


def test_a_source_date_epoch_past_what_time_holds_is_warned_about_not_a_numpy_traceback(tmp_path):
    # numpy's f2py gmtime()s it at import: 99999999999999999999 was an OverflowError traceback
    import os

    (tmp_path / "t.txt").write_text("支付宝做社交，我担心隐私。\n", "utf-8")
    res = subprocess.run([sys.executable, "-m", "argmine", "analyze", str(tmp_path / "t.txt"), "-q", "--format", "json"],
                         env={**os.environ, "SOURCE_DATE_EPOCH": "99999999999999999999"}, capture_output=True, text=True)
    assert res.returncode == 0 and '"date": "' in res.stdout, res.stderr
    assert res.stderr == ("argmine: warning: SOURCE_DATE_EPOCH='99999999999999999999' is past the year 9999, "
                          "so provenance.date is the current time; set it to a whole number of seconds since 1970-01-01 UTC "
                          "(as 'date +%s' prints it), or unset it\n")


@pytest.mark.parametrize("value, warned", [("", False), ("abc", True), ("1.5", True)])
def test_a_source_date_epoch_that_is_no_whole_number_is_warned_about_not_a_numpy_traceback(tmp_path, value, warned):
    # numpy's f2py (imported with scipy) int()s SOURCE_DATE_EPOCH at import: '' or 'abc' was a ValueError traceback
    import os

    (tmp_path / "t.txt").write_text("支付宝做社交，我担心隐私。\n", "utf-8")
    res = subprocess.run([sys.executable, "-m", "argmine", "analyze", str(tmp_path / "t.txt"), "-q", "--format", "json"],
                         env={**os.environ, "SOURCE_DATE_EPOCH": value}, capture_output=True, text=True)
    assert res.returncode == 0 and "Traceback" not in res.stderr and '"date": "' in res.stdout
    assert res.stderr == (f"argmine: warning: SOURCE_DATE_EPOCH={value!r} is not a whole number of seconds since 1970-01-01 UTC "
                          "(as 'date +%s' prints it), so provenance.date is the current time; set it to such a number, or unset it\n"
                          if warned else "")
