"""A stop signal that comes once the outputs are in place is too late to stop the run (QA round 41, R1 #2).

It used to report a failed run ("argmine: error: interrupted", exit 130), or
kill the process with no line as Python exited, while -o, the report, the
export folder or the model folder already held the new result.  A run that
says it was stopped has put none of its outputs in place.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from argmine.cli import main

POSIX_SIGNALS = pytest.mark.skipif(os.name == "nt", reason="POSIX signals")


def run(*args):
    return CliRunner().invoke(main, list(map(str, args)), catch_exceptions=False)


@pytest.fixture
def page(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    Path("a.txt").write_text("支付宝不该做社交。隐私都暴露了，太危险了！\n", "utf-8")
    return "a.txt"


def stop_when_renamed(monkeypatch, into, signum=signal.SIGINT):
    """Send ``signum`` to this process right after the first rename (``os.replace`` or ``os.rename``) whose target
    ``into`` accepts: the stop comes the moment that file is in place.  Returns the list the sent signal goes into."""
    sent: list[str] = []

    def renaming(real):
        def rename(src, dst, *args, **kwargs):
            real(src, dst, *args, **kwargs)
            if not sent and into(Path(src), Path(dst)):
                sent.append(Path(dst).name)
                os.kill(os.getpid(), signum)

        return rename

    monkeypatch.setattr(os, "replace", renaming(os.replace))
    monkeypatch.setattr(os, "rename", renaming(os.rename))
    return sent


def _named(name):
    return lambda src, dst: dst.name == name


@POSIX_SIGNALS
@pytest.mark.parametrize("signum", [signal.SIGINT, signal.SIGTERM])
def test_a_stop_as_o_is_put_in_place_lets_the_run_end_as_usual(page, monkeypatch, signum):
    Path("units.jsonl").write_text("previous\n", "utf-8")
    sent = stop_when_renamed(monkeypatch, _named("units.jsonl"), signum)
    r = run("segment", page, "-o", "units.jsonl")
    assert sent == ["units.jsonl"]
    assert (r.exit_code, r.stderr) == (0, "argmine: 1 document, 2 units, 0 spans dropped\n")
    assert json.loads(Path("units.jsonl").read_text("utf-8").splitlines()[0])["doc"] == "a"
    assert sorted(os.listdir()) == ["a.txt", "units.jsonl"]


@POSIX_SIGNALS
def test_a_stop_as_analyze_puts_its_outputs_in_place_together_lets_them_all_in(page, monkeypatch):
    for name in ("x.json", "r.html"):
        Path(name).write_text("previous\n", "utf-8")
    sent = stop_when_renamed(monkeypatch, _named("x.json"))  # the first of the two renames
    r = run("analyze", page, "--model", "lexicon", "--format", "json", "-o", "x.json", "--report", "r.html", "-q")
    assert (sent, r.exit_code, r.stderr) == (["x.json"], 0, "")
    assert json.loads(Path("x.json").read_text("utf-8"))["totals"]["units"] == 2
    assert Path("r.html").read_text("utf-8").startswith("<!DOCTYPE html>")
    assert sorted(os.listdir()) == ["a.txt", "r.html", "x.json"]


@POSIX_SIGNALS
def test_a_stop_after_label_studios_tasks_are_in_place_still_writes_their_config(page, monkeypatch):
    # tasks.json and config.xml are put in place one after the other: stopped between them, the folder held the new
    # tasks with the old config, and the run said it was interrupted
    assert run("export", page, "--model", "lexicon", "--format", "label-studio", "--level", "document", "-o", "ls", "-q").exit_code == 0
    before = Path("ls/config.xml").read_text("utf-8")
    sent = stop_when_renamed(monkeypatch, _named("tasks.json"))
    r = run("export", page, "--model", "lexicon", "--format", "label-studio", "-o", "ls", "-q")
    assert (sent, r.exit_code, r.stderr) == (["tasks.json"], 0, "")
    assert len(json.loads(Path("ls/tasks.json").read_text("utf-8"))) == 2  # a task per unit now, not per document
    assert Path("ls/config.xml").read_text("utf-8") != before


@POSIX_SIGNALS
def test_a_stop_as_an_export_folder_is_moved_in_lets_the_run_end_as_usual(page, monkeypatch):
    assert run("export", page, "--model", "lexicon", "--format", "brat", "-o", "br", "-q").exit_code == 0
    Path("b.txt").write_text("今天天气不错。\n", "utf-8")
    target = Path("br").resolve()
    sent = stop_when_renamed(monkeypatch, lambda src, dst: dst.parent == target)  # the first entry moved into br/
    r = run("export", page, "b.txt", "--model", "lexicon", "--format", "brat", "-o", "br")
    assert sent and r.exit_code == 0
    assert r.stderr == "argmine: 3 units from 2 documents written to br\n"
    assert sorted(os.listdir("br")) == ["a.ann", "a.txt", "annotation.conf", "argmine.json", "b.ann", "b.txt", "visual.conf"]


@POSIX_SIGNALS
def test_a_stop_as_a_file_is_put_into_a_folder_being_filled_still_stops_the_run(page, monkeypatch):
    # the files of a brat export (or a model) are put in place inside a hidden folder, moved in only at the end: none
    # of them is an output, and a stop then leaves the folder as it was
    assert run("export", page, "--model", "lexicon", "--format", "brat", "-o", "br", "-q").exit_code == 0
    before = {p.name: p.read_bytes() for p in Path("br").iterdir()}
    Path("b.txt").write_text("今天天气不错。\n", "utf-8")
    sent = stop_when_renamed(monkeypatch, lambda src, dst: dst.parent.name.endswith(".part"))
    r = run("export", page, "b.txt", "--model", "lexicon", "--format", "brat", "-o", "br", "-q")
    assert sent and (r.exit_code, r.stderr) == (130, "argmine: error: interrupted\n")
    assert {p.name: p.read_bytes() for p in Path("br").iterdir()} == before
    assert sorted(os.listdir()) == ["a.txt", "b.txt", "br"]


@POSIX_SIGNALS
def test_a_stop_just_before_the_output_is_put_in_place_still_stops_the_run(page, monkeypatch):
    from argmine import _files

    Path("units.jsonl").write_text("previous\n", "utf-8")
    real_give_mode = _files._give_mode

    def give_mode(*args):  # the file is complete; its rename comes next
        os.kill(os.getpid(), signal.SIGINT)
        real_give_mode(*args)

    monkeypatch.setattr(_files, "_give_mode", give_mode)
    r = run("segment", page, "-o", "units.jsonl", "-q")
    assert (r.exit_code, r.stderr) == (130, "argmine: error: interrupted\n")
    assert Path("units.jsonl").read_text("utf-8") == "previous\n" and sorted(os.listdir()) == ["a.txt", "units.jsonl"]


# the argmine command itself (sys.argv[0] "argmine", main() at the top level of the script, as the console script
# runs it), with a stop signal where the test puts it: a signal as Python exits used to end the process with no line
_THE_COMMAND = """
import atexit, os, signal, sys
sys.argv = ["argmine", *sys.argv[1:]]
from argmine.cli import main

if os.environ["STOP_AT"] == "rename":
    real_replace = os.replace

    def replace(src, dst, *args, **kwargs):
        real_replace(src, dst, *args, **kwargs)
        if os.path.basename(dst) == "units.jsonl":
            os.kill(os.getpid(), signal.SIGINT)

    os.replace = replace
else:
    atexit.register(os.kill, os.getpid(), signal.SIGTERM)  # the run is over; Python exits
sys.exit(main())
"""


@POSIX_SIGNALS
@pytest.mark.parametrize("stop_at", ["rename", "exit"])
def test_the_command_with_its_output_in_place_ignores_a_stop_to_the_end(page, stop_at):
    Path("units.jsonl").write_text("previous\n", "utf-8")
    r = subprocess.run([sys.executable, "-c", _THE_COMMAND, "segment", page, "-o", "units.jsonl"], capture_output=True,
                       text=True, timeout=120, env={**os.environ, "STOP_AT": stop_at})
    assert (r.returncode, r.stderr) == (0, "argmine: 1 document, 2 units, 0 spans dropped\n")
    assert Path("units.jsonl").read_text("utf-8") != "previous\n"


@POSIX_SIGNALS
def test_a_program_that_runs_main_gets_its_handlers_back_after_a_run_that_put_its_output_in_place(page, monkeypatch):
    from argmine import _files

    before = {name: signal.getsignal(getattr(signal, name)) for name in ("SIGINT", "SIGTERM", "SIGHUP")}
    stop_when_renamed(monkeypatch, _named("units.jsonl"))
    assert run("segment", page, "-o", "units.jsonl", "-q").exit_code == 0
    assert {name: signal.getsignal(getattr(signal, name)) for name in before} == before
    assert _files.on_output_placed is None  # the library notes nothing: a later stop is the program's
    with pytest.raises(KeyboardInterrupt):
        os.kill(os.getpid(), signal.SIGINT)
        sum(range(10))
