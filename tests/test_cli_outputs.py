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



# --- a stop signal counts once: Ctrl-C pressed again, or held, while the run stops (QA round 30, conc) ---------------

import os  # noqa: E402
import signal  # noqa: E402
import subprocess  # noqa: E402
import sys  # noqa: E402
import time  # noqa: E402
from pathlib import Path  # noqa: E402

POSIX_SIGNALS = pytest.mark.skipif(os.name == "nt" or not hasattr(os, "mkfifo"), reason="POSIX signals and named pipes")


@POSIX_SIGNALS
def test_a_second_stop_signal_while_the_temporary_file_is_removed_changes_nothing(tmp_path, monkeypatch):
    # SIGINT stops the run; timeout's SIGTERM comes while the .part file is being removed: it used to raise again there
    import importlib

    segment = importlib.import_module("argmine.segment")  # the module; argmine.segment is also a function
    real_segmented, real_unlink = segment.iter_segmented, os.unlink

    def interrupted(*args, **kwargs):
        for seg in real_segmented(*args, **kwargs):
            os.kill(os.getpid(), signal.SIGINT)  # Ctrl-C: raised at the next line
            yield seg

    def unlink(path, *args, **kwargs):
        if str(path).endswith(".part"):
            os.kill(os.getpid(), signal.SIGTERM)
        return real_unlink(path, *args, **kwargs)

    monkeypatch.setattr(segment, "iter_segmented", interrupted)
    monkeypatch.setattr(os, "unlink", unlink)
    (tmp_path / "a.txt").write_text("一。", encoding="utf-8")
    out = tmp_path / "units.jsonl"
    out.write_text("previous\n", encoding="utf-8")
    r = run("segment", tmp_path / "a.txt", "-o", out, "-q")
    assert (r.exit_code, r.stderr) == (130, "argmine: error: interrupted\n")
    assert out.read_text("utf-8") == "previous\n" and sorted(p.name for p in tmp_path.iterdir()) == ["a.txt", "units.jsonl"]


@POSIX_SIGNALS
@pytest.mark.timeout(240)
@pytest.mark.parametrize("signals", [[signal.SIGINT], [signal.SIGINT, signal.SIGTERM]], ids=["ctrl-c held", "ctrl-c and sigterm"])
def test_stop_signals_in_a_burst_print_one_line_and_exit_as_it_says(tmp_path, signals):
    # Ctrl-C held down (or pressed again, then `timeout`'s SIGTERM) used to print the line twice, or a traceback
    fifo = tmp_path / "in.txt"
    os.mkfifo(fifo)  # never written: the run waits there with its .part file open
    out = tmp_path / "units.jsonl"
    out.write_text("previous\n", encoding="utf-8")
    for _ in range(4):
        proc = subprocess.Popen([str(Path(sys.executable).with_name("argmine")), "segment", str(fifo), "-o", str(out), "-q"],
                                stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        while not any(p.name.endswith(".part") for p in tmp_path.iterdir()):
            assert proc.poll() is None, proc.stderr.read()
            time.sleep(0.01)
        for i in range(20000):  # until it has exited: signals while it cleans up, prints its line and Python ends
            if proc.poll() is not None:
                break
            proc.send_signal(signals[i % len(signals)])
            time.sleep(0.0002)
        # the first signal counts; SIGTERM only when it came before the run could handle the SIGINT sent just before it
        assert (proc.wait(timeout=30), proc.stderr.read()) in [(130, "argmine: error: interrupted\n"),
                                                               (143, "argmine: error: terminated (SIGTERM)\n")]
        assert out.read_text("utf-8") == "previous\n" and sorted(p.name for p in tmp_path.iterdir()) == ["in.txt", "units.jsonl"]


@POSIX_SIGNALS
@pytest.mark.parametrize("ignored", ["SIGHUP", "SIGINT"], ids=["nohup", "a script's background job"])
def test_a_stop_signal_ignored_when_the_run_starts_stays_ignored(tmp_path, ignored):
    # QA round 38: `nohup argmine analyze ... &` stopped with "hung up (SIGHUP)" when the terminal closed, as argmine set
    # its own handler over the SIG_IGN nohup leaves; a shell script's background job (SIGINT ignored) stopped on Ctrl-C
    number = getattr(signal, ignored)
    fifo = tmp_path / "in.txt"
    os.mkfifo(fifo)  # never written: the run waits there with its .part file open
    proc = subprocess.Popen([str(Path(sys.executable).with_name("argmine")), "segment", str(fifo), "-o", str(tmp_path / "u.jsonl"), "-q"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
                            preexec_fn=lambda: signal.signal(number, signal.SIG_IGN))
    try:
        while not any(p.name.endswith(".part") for p in tmp_path.iterdir()):  # the run has started
            assert proc.poll() is None, proc.stderr.read()
            time.sleep(0.01)
        proc.send_signal(number)  # handled, it would count before the SIGTERM (Python runs them in signal number order)
        proc.send_signal(signal.SIGTERM)
        assert (proc.wait(timeout=30), proc.stderr.read()) == (143, "argmine: error: terminated (SIGTERM)\n")
    finally:
        proc.kill()
        proc.wait()


# --- a stop signal that Python drops in a cleanup callback still stops the run (QA round 30 re-check, rc_sig #1) ------

class _StopWhenCollected:
    """Ctrl-C while Python runs this object's ``__del__``: the handler raises there, where Python drops the exception."""

    def __del__(self):
        os.kill(os.getpid(), signal.SIGINT)
        sum(range(10))  # the handler runs here at the latest


def _ctrl_c_in_del():
    _StopWhenCollected()  # collected at once


def _ctrl_c_in_weakref_callback():
    import weakref

    class Node:  # as matplotlib's transforms, whose weakref callbacks run while a chart is drawn
        pass

    node = Node()
    _ctrl_c_in_weakref_callback.ref = weakref.ref(node, lambda ref: _StopWhenCollected.__del__(None))
    del node


@POSIX_SIGNALS
@pytest.mark.parametrize("ctrl_c", [_ctrl_c_in_del, _ctrl_c_in_weakref_callback], ids=["__del__", "weakref callback"])
def test_ctrl_c_while_python_runs_a_cleanup_callback_still_stops_the_run(tmp_path, monkeypatch, ctrl_c):
    # Python dropped the Stopped ("Exception ignored in: ..."); the signal had counted, so the run went on, replaced
    # its output and exited 0, deaf to every later Ctrl-C and SIGTERM
    import importlib

    segment = importlib.import_module("argmine.segment")
    real_segmented = segment.iter_segmented

    def interrupted(*args, **kwargs):
        for seg in real_segmented(*args, **kwargs):
            ctrl_c()
            yield seg
            for _ in range(200):  # the run goes on for 2 s: stopped here, the output is left as it was
                time.sleep(0.01)

    monkeypatch.setattr(segment, "iter_segmented", interrupted)
    (tmp_path / "a.txt").write_text("一。", encoding="utf-8")
    out = tmp_path / "units.jsonl"
    out.write_text("previous\n", encoding="utf-8")
    hook = sys.unraisablehook
    r = run("segment", tmp_path / "a.txt", "-o", out, "-q")
    assert (r.exit_code, r.stderr) == (130, "argmine: error: interrupted\n")  # no "Exception ignored" either
    assert out.read_text("utf-8") == "previous\n" and sorted(p.name for p in tmp_path.iterdir()) == ["a.txt", "units.jsonl"]
    assert sys.unraisablehook is hook


@POSIX_SIGNALS
def test_a_stop_that_came_during_an_import_is_raised_though_a_timer_tick_is_lost():
    # CI: SIGTERM during segment's imports; the timer's one tick came just before the run opened a named pipe nobody
    # writes to (or went to tqdm's monitor thread), so the open was not interrupted and the run waited for ever
    import threading

    from argmine.cli import _session

    r, w = os.pipe()
    guard = threading.Timer(3, os.write, (w, b"x"))  # ends the wait below if the stop is never raised
    before, lost = signal.getsignal(signal.SIGALRM), []
    try:
        _session._raise_soon(signal.SIGTERM)  # as _stop does for a signal that finds an import under way
        signal.signal(signal.SIGALRM, lambda signum, frame: lost.append(signum))  # a tick that never reaches _stop
        for _ in range(100):
            if lost:
                break
            time.sleep(0.01)
        signal.signal(signal.SIGALRM, _session._stop)
        guard.start()
        with pytest.raises(_session.Stopped) as stopped:
            os.read(r, 1)  # blocks, as the open of a named pipe does
        assert lost and stopped.value.signum == signal.SIGTERM and signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)
        # a tick already on its way when the timer stopped finds nothing to raise, the run stopping or not: SIGALRM
        # keeps _stop until the run ends (the default handler then made Python print "Signal 14 ignored due to race")
        assert signal.getsignal(signal.SIGALRM) is _session._stop
        _session._stopping.clear()
        signal.raise_signal(signal.SIGALRM)
        _session._restore_alarm()  # as the run ends
        assert signal.getsignal(signal.SIGALRM) is before
    finally:
        guard.cancel()
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, before)
        _session._pending.clear()
        _session._stopping.clear()
        _session._alarm.clear()
        os.close(r)
        os.close(w)


# a program that runs main() from a function, with sys.argv[0] "argmine" as the command has it; each run is stopped
_PROGRAM_NAMED_ARGMINE = """
import importlib, os, signal, sys
sys.argv = ["argmine"]
from argmine.cli import main

segment = importlib.import_module("argmine.segment")
real_segmented = segment.iter_segmented

def interrupted(*args, **kwargs):
    for seg in real_segmented(*args, **kwargs):
        os.kill(os.getpid(), signal.SIGINT)
        yield seg

segment.iter_segmented = interrupted

def handlers():
    return {{name: signal.getsignal(getattr(signal, name)) for name in ("SIGINT", "SIGTERM", "SIGHUP")}}

def run():
    try:
        main(["segment", {path!r}, "-q", "-o", {out!r}])
    except SystemExit as e:
        return e.code

before, hook = handlers(), sys.unraisablehook
print([run(), run()], handlers() == before, sys.unraisablehook is hook)
"""


@POSIX_SIGNALS
def test_a_program_named_argmine_gets_its_handlers_back_after_a_stopped_run(tmp_path):
    # they were left set to SIG_IGN (Ctrl-C and SIGTERM no longer stopped the program), sys.unraisablehook wrapped once more by each run
    (tmp_path / "a.txt").write_text("一。", encoding="utf-8")
    out = tmp_path / "units.jsonl"
    script = _PROGRAM_NAMED_ARGMINE.format(path=str(tmp_path / "a.txt"), out=str(out))
    r = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120)
    assert (r.stdout, r.stderr) == ("[130, 130] True True\n", "argmine: error: interrupted\n" * 2)
    assert not out.exists()


@pytest.mark.parametrize("args, module, name", [
    (["classify", "--model", "lexicon", "-o", "u.jsonl"], "argmine.classify", "classify"),
    (["export", "--format", "csv", "--model", "lexicon", "-o", "u.csv"], "argmine.export", "export"),
    (["analyze", "--model", "lexicon", "-o", "t.txt", "--report", "r.html"], "argmine.report", "render_report"),
], ids=["classify", "export", "analyze --report"])
def test_commands_pause_the_garbage_collector_while_they_work_and_restore_it(page, monkeypatch, args, module, name):
    # a long document's units are all held while they are classified, exported or reported on: with the collector on,
    # each full collection scans them all again
    import gc
    import importlib

    target = importlib.import_module(module)
    real, seen = getattr(target, name), []

    def spy(*a, **k):
        seen.append(gc.isenabled())
        return real(*a, **k)

    monkeypatch.setattr(target, name, spy)
    assert gc.isenabled()
    r = run(args[0], page, *args[1:], "-q")
    assert r.exit_code == 0, r.stderr
    assert seen == [False]
    assert gc.isenabled()  # a library user calling main() gets it back


_CLOSED = "argmine: error: standard output: cannot write output (it is closed); pass -o FILE\n"
_FULL = ("argmine: error: standard output: cannot write output (No space left on device); "
         "the disk is full: free some space on it, or write to another disk; the output is incomplete\n")


def _with_stdout(args, stdout):
    """``python -m argmine ARGS`` with standard output closed (``None``: ``>&-``) or sent to the file ``stdout``."""
    import os
    import subprocess
    import sys

    closed = stdout is None
    with open(os.devnull if closed else stdout, "w") as out:
        return subprocess.run([sys.executable, "-m", "argmine", *map(str, args)], stdout=out, stderr=subprocess.PIPE, text=True,
                              encoding="utf-8", preexec_fn=(lambda: os.close(1)) if closed else None, timeout=300)


@pytest.mark.parametrize("stdout, line", [(None, _CLOSED), ("/dev/full", _FULL)], ids=["closed", "full"])
def test_report_to_a_closed_or_full_standard_output_is_one_line(page, stdout, line):
    # report wrote sys.stdout itself: AttributeError ('NoneType' object has no attribute 'write') or OSError tracebacks
    import os

    if stdout is not None and not os.path.exists(stdout):
        pytest.skip("needs /dev/full")
    r = _with_stdout(["report", page, "--model", "lexicon", "-o", "-", "-q"], stdout)
    assert (r.returncode, r.stderr) == (1, line)


def test_export_csv_to_a_closed_standard_output_is_one_line(page):
    r = _with_stdout(["export", page, "--format", "csv", "--model", "lexicon", "-o", "-", "-q"], None)
    assert (r.returncode, r.stderr) == (1, _CLOSED)


def test_an_output_is_named_by_its_bytes_as_utf8_as_inputs_are_whatever_the_locale(monkeypatch):
    import os

    from argmine.cli._common import output_named

    # under a GBK locale, -o 报告.html (UTF-8 bytes) was named 鎶ュ憡.html in the summary line and in write errors
    held = "报告.html".encode("utf-8").decode("gbk", "surrogateescape")  # what Python holds for that argument there
    monkeypatch.setattr(os, "fsencode", lambda name: name.encode("gbk", "surrogateescape"))
    assert output_named(held) == "报告.html" and output_named("-") == "standard output"


@pytest.mark.parametrize("args, option, name", [
    (["segment", "page.txt", "--output=~/units.jsonl"], "-o", "~/units.jsonl"),
    (["analyze", "page.txt", "--model", "lexicon", "--report=~/r.html"], "--report", "~/r.html"),
    (["train", "gold.jsonl", "--output=~/model"], "-o", "~/model"),
])
def test_an_output_whose_tilde_nothing_expanded_is_refused_not_made_a_folder_named_tilde(tmp_path, monkeypatch, args, option, name):
    # bash expands ~ only at the start of a word: --output=~/m reaches argmine as it is
    monkeypatch.chdir(tmp_path)
    (tmp_path / "page.txt").write_text("支付宝做社交是对的。\n", encoding="utf-8")
    (tmp_path / "gold.jsonl").write_text(json.dumps({"id": "d#1", "doc": "d", "start": 0, "end": 3, "text": "支付宝",
                                                     "themes": [], "sentiment": "neutral"}, ensure_ascii=False) + "\n", "utf-8")
    r = run(*args)
    assert r.exit_code == 1
    assert r.stderr == (f"argmine: error: {name}: nothing expanded ~ (a shell expands it only at the start of a word, not "
                        "after '=' as in --output=~/x), so this would write into a new folder named '~' here; write the "
                        f"option and the path apart ({option} {name}), or the home folder out\n")
    assert not (tmp_path / "~").exists()
    (tmp_path / "~").mkdir()  # a folder of that name that is there is the one meant
    if args[0] == "segment":
        assert run(*args).exit_code == 0 and (tmp_path / "~" / "units.jsonl").is_file()
