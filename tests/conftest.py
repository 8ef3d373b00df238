"""Shared fixtures: the bundled corpus, and the offset invariant every test relies on."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import settings

# Property tests check behaviour, not speed: no per-example deadline (CI machines are busy).
settings.register_profile("argmine", deadline=None)
settings.load_profile("argmine")



def _stop_signals_not_ignored() -> None:
    """Ctrl-C, SIGTERM and SIGHUP handled in the test process, though it started with them ignored.

    ``nohup pytest`` ignores SIGHUP, and a shell script starts its background jobs (``pytest &``, some CI
    runners) with SIGINT ignored.  A run of argmine keeps a stop signal that is ignored ignored (as ``nohup``
    means it), in this process and in the child processes, which inherit it: the tests that stop runs would
    then wait.  A handled signal is at its default in a child process; here Ctrl-C interrupts the tests as in a
    terminal, and the others are still ignored.
    """
    import signal

    for name in ("SIGINT", "SIGTERM", "SIGHUP"):
        number = getattr(signal, name, None)
        if number is not None and signal.getsignal(number) == signal.SIG_IGN:
            signal.signal(number, signal.default_int_handler if name == "SIGINT" else lambda signum, frame: None)


_stop_signals_not_ignored()

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpora"
SEED_000 = CORPUS / "000_56ce5e623d6356aa.txt"
SEED_001 = CORPUS / "001_faf62b3238bc40fb.txt"


@pytest.fixture(scope="session")
def corpus_dir() -> Path:
    return CORPUS


@pytest.fixture(scope="session")
def corpus_docs():
    import argmine

    return argmine.read([CORPUS])


@pytest.fixture(scope="session")
def corpus_units(corpus_docs):
    import argmine

    return argmine.segment(corpus_docs)


def assert_offsets(docs, units) -> None:
    """Every unit points exactly into its document; units are ordered and disjoint."""
    texts = {d.id: d.text for d in docs}
    last: dict[str, int] = {}
    for u in units:
        assert texts[u.doc][u.start : u.end] == u.text, u.id
        assert u.start < u.end, u.id
        assert u.start >= last.get(u.doc, 0), f"{u.id} overlaps or is out of order"
        last[u.doc] = u.end


def _patch_reader(monkeypatch, instead) -> None:
    """Replace the reader's ``_read_bytes`` by ``instead(real, path)``."""
    import importlib

    read_module = importlib.import_module("argmine.read")  # argmine.read is also the function
    real = read_module._read_bytes
    monkeypatch.setattr(read_module, "_read_bytes", lambda path: instead(real, path))


def refuse_reading(monkeypatch, *names) -> None:
    """Make reading any of ``names`` (paths, or links to them) fail the test at once, instead of waiting or filling memory."""
    import os

    resolved = {os.path.realpath(n) for n in names}

    def guarded(real, path):
        assert os.path.realpath(path) not in resolved, f"{path} was read"
        return real(path)

    _patch_reader(monkeypatch, guarded)


def out_of_memory_reading(monkeypatch, name: str) -> None:
    """Make reading a file called ``name`` raise what ``Path.read_bytes`` raises for a file bigger than the memory left."""

    def reader(real, path):
        if path.endswith(name):
            raise MemoryError
        return real(path)

    _patch_reader(monkeypatch, reader)


def failing_reads(monkeypatch, path, error: OSError) -> None:
    """Make ``Path.read_bytes`` of ``path`` raise ``error`` (chmod 000 means nothing to root: the refusal is simulated
    where the readers ask); every other path reads as usual."""
    from pathlib import Path

    read_bytes = Path.read_bytes

    def refuse(self):
        if self == path:
            raise error
        return read_bytes(self)

    monkeypatch.setattr(Path, "read_bytes", refuse)


def refuse_warning_filter_changes(monkeypatch) -> None:
    """Make argmine's own calls to warnings.catch_warnings/simplefilter/filterwarnings/resetwarnings fail.

    Those swap or edit the one filter list of the process, which is not
    thread-safe before Python 3.14; the test's own calls still work.
    """
    import sys
    import warnings

    def guarded(real):
        def call(*args, **kwargs):
            caller = sys._getframe(1).f_globals.get("__name__", "")
            if caller.startswith("argmine"):
                raise AssertionError(f"{caller} changes every thread's warning filters")
            return real(*args, **kwargs)
        return call

    for name in ("catch_warnings", "simplefilter", "filterwarnings", "resetwarnings"):
        monkeypatch.setattr(warnings, name, guarded(getattr(warnings, name)))


def refusing_prefix(tmp_path: Path) -> list[str] | None:
    """A command prefix under which the system refuses to read a chmod 000 file, or None: root reads anything unless its
    override is dropped (setpriv, where the system allows it)."""
    if os.geteuid() != 0:
        return []
    setpriv = shutil.which("setpriv")
    if setpriv is None:
        return None
    prefix = [setpriv, "--bounding-set", "-dac_override,-dac_read_search"]
    probe = tmp_path / "probe"
    probe.write_text("x")
    probe.chmod(0)
    try:
        r = subprocess.run([*prefix, sys.executable, "-c", f"open({str(probe)!r}).read()"], capture_output=True, timeout=60)
    except OSError:
        return None
    finally:
        probe.chmod(0o600)
    return prefix if r.returncode != 0 and b"PermissionError" in r.stderr else None


#: Seconds a case of a linear-time test may take by default: seconds when linear, minutes when not.
CASE_SECONDS = 5


class _TooSlow(Exception):
    pass


def _too_slow(_signum, _frame):
    raise _TooSlow


@pytest.fixture
def within():
    """``within(what, fn, *args, seconds=CASE_SECONDS)``: ``fn(*args)``, failing the test naming ``what`` if it takes
    more than ``seconds`` (a pattern that backtracks, a quadratic loop).

    re checks for signals while it matches and Python code between bytecodes, so the alarm stops either.
    """
    if not hasattr(signal, "setitimer"):
        pytest.skip("needs SIGALRM")
    previous = signal.signal(signal.SIGALRM, _too_slow)

    def run(what, fn, *args, seconds: float = CASE_SECONDS):
        signal.setitimer(signal.ITIMER_REAL, seconds)
        try:
            return fn(*args)
        except _TooSlow:
            pytest.fail(f"{what}: took more than {seconds} s (backtracking or quadratic work)", pytrace=False)
        finally:
            signal.setitimer(signal.ITIMER_REAL, 0)

    yield run
    signal.signal(signal.SIGALRM, previous)
