"""What one run of the ``argmine`` command sets up and undoes: stop signals, standard error, standard output.

Imported first by the command line (``argmine --help`` too), so it imports
only os, signal, sys and contextlib; the rest of the command line
(:mod:`._common`, click's commands) is imported later, under these handlers.

A stop signal (Ctrl-C, SIGTERM, SIGHUP) is handled in two ways.  Until the
command starts to run (:func:`run_started`), nothing has been written, so it
prints its one line and ends the process at once (:func:`_stopped_early`):
an exception raised inside a module's import may vanish (``compile()``) or
become an ImportError (a C extension).  Once the run has started it raises
:class:`Stopped`, so that ``finally`` blocks remove temporary files; one that
finds an import under way waits for the import to end (:func:`_stop`).
"""

from __future__ import annotations

import os
import signal
import sys
from contextlib import contextmanager

#: How each signal that stops a run is named in its one line; the exit code is 128 + the signal's number.
STOP_SIGNALS = {"SIGINT": "interrupted", "SIGTERM": "terminated (SIGTERM)", "SIGHUP": "hung up (SIGHUP)",
                "SIGBREAK": "stopped (Ctrl-Break)"}  # SIGBREAK: Windows only; SIGHUP: not on Windows


#: Whether this process is the ``argmine`` command, not a program that imports argmine.cli (whose handlers are left alone).
THE_COMMAND = bool(sys.argv) and os.path.splitext(os.path.basename(sys.argv[0] or ""))[0] == "argmine"


def _stopped_early(signum, frame):
    """A stop signal before the run started: one line, and the process ends at once with 128 + its number.

    Nothing is written yet, so there is nothing to clean up; raising here
    would raise inside whatever module is being imported.
    """
    fd = 2
    try:
        sys.stderr.flush()  # what was printed before, then the line
        fd = sys.stderr.fileno()
    except Exception:  # noqa: BLE001 - closed or missing standard error, or a write under way: the line alone
        pass
    try:
        os.write(fd, f"argmine: error: {STOP_SIGNALS[signal.Signals(signum).name]}\n".encode())
    except OSError:  # standard error closed
        pass
    os._exit(128 + signum)


def set_stop_handlers(handlers: dict | None = None) -> dict:
    """Set :func:`_stopped_early` (or ``handlers``, by signal name) for the stop signals; return the handlers they had.

    Pass the returned dict back to restore them.  A signal this platform
    lacks (SIGHUP on Windows) is left out, and outside the main thread
    nothing is set.
    """
    previous = {}
    for name in STOP_SIGNALS:
        handler = _stopped_early if handlers is None else handlers.get(name)
        try:
            if handler is not None:
                previous[name] = signal.signal(getattr(signal, name), handler)
        except (AttributeError, ValueError):  # no SIGHUP on Windows; not the main thread
            pass
    return previous


class Stopped(BaseException):
    """A stop signal (Ctrl-C, SIGTERM, SIGHUP) arrived: raised where the run is, so that ``finally``
    blocks remove temporary files, as after Ctrl-C.  Not a ``KeyboardInterrupt``, which click would
    turn into "Aborted!" and exit 1."""

    def __init__(self, signum: int):
        super().__init__(signum)
        self.signum = signum


#: the stop signal that came while a module was being imported, raised once the import is done
_pending: list[int] = []
#: the SIGALRM handler that the timer of :func:`_stop` took the place of
_alarm: list = []


def _importing(frame) -> bool:
    """Whether ``frame``, where a signal found the main thread, is inside a module's import."""
    while frame is not None:
        if frame.f_code.co_filename.startswith("<frozen importlib._bootstrap"):
            return True
        frame = frame.f_back
    return False


def _stop(signum: int, frame) -> None:
    """Raise :class:`Stopped`; inside an import, soon after it (a timer looks again every 10 ms)."""
    if not _importing(frame) or not hasattr(signal, "setitimer"):  # no timers on Windows: raised at once
        raise Stopped(_pending.pop() if _pending else signum)
    if not _pending:
        _pending.append(signum)
    previous = signal.signal(signal.SIGALRM, _stop)
    if previous is not _stop:
        _alarm[:] = [previous]
    signal.setitimer(signal.ITIMER_REAL, 0.01)


def _forget_pending() -> int | None:
    """Stop the timer of :func:`_stop`; the stop signal it was waiting to raise, if any."""
    if hasattr(signal, "setitimer") and signal.getsignal(signal.SIGALRM) is _stop:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, _alarm.pop() if _alarm else signal.SIG_DFL)
    return _pending.pop() if _pending else None


def run_started() -> None:
    """The command starts to run (it may write files from now on): a stop signal raises :class:`Stopped` from here on."""
    if THE_COMMAND:
        set_stop_handlers({name: _stop for name in STOP_SIGNALS})


class _Diagnostics:
    """Standard error for a run: a write that fails (the reader of ``2>&1 | head`` left, a terminal
    hung up, ``2>/dev/full``) stops the messages, not the run, whose output is still written."""

    def __init__(self, stream):
        self._stream, self._lost = stream, False

    def write(self, text: str) -> int:
        if not self._lost:
            try:
                return self._stream.write(text)
            except (OSError, ValueError):
                self._lose()
        return len(text)

    def flush(self) -> None:
        if not self._lost:
            try:
                self._stream.flush()
            except (OSError, ValueError):
                self._lose()

    def _lose(self) -> None:
        self._lost = True
        try:  # what is still buffered goes nowhere, not again into the closed pipe when Python exits
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, self._stream.fileno())
            os.close(devnull)
        except (OSError, AttributeError, ValueError):
            pass

    def __getattr__(self, name: str):
        if name == "buffer":  # click writes text to the buffer of a stream it finds misconfigured: through here instead
            raise AttributeError(name)
        return getattr(self._stream, name)


@contextmanager
def session():
    """What one run of the ``argmine`` command sets up, and undoes when it ends.

    - SIGINT (Ctrl-C), SIGTERM (``timeout``, schedulers) and SIGHUP (a closed
      terminal) stop the run the same way: temporary files are removed (the
      previous ``-o`` FILE stays as it was), one line says why, and the exit
      code is 128 + the signal's number (130, 143, 129).
    - A write error on standard error stops the messages, not the run
      (:class:`_Diagnostics`); a closed standard error (``2>&-``) is
      ``/dev/null``.
    - Standard output is UTF-8 whatever the locale, as the README promises for
      the machine formats; so is standard error when it is not a terminal
      (``> log 2>&1`` under a GBK locale is one encoding, :func:`_utf8_stderr`).

    Until :func:`run_started` a stop signal ends the ``argmine`` command at
    once (:func:`_stopped_early`); a program that runs :func:`argmine.cli.main`
    itself gets :class:`Stopped` from the start.
    """
    previous = set_stop_handlers(None if THE_COMMAND else {name: _stop for name in STOP_SIGNALS})
    stderr = sys.stderr
    _utf8_stderr(stderr)
    sys.stderr = _Diagnostics(stderr if stderr is not None else open(os.devnull, "w"))
    _utf8_stdout()
    try:
        try:
            yield
        finally:
            late = _forget_pending()
            if late is not None:  # it came during an import just before the end: still a stop
                raise Stopped(late)
    except Stopped as e:
        from ._common import echo_error  # only after a signal: --help and --version never import it

        echo_error(STOP_SIGNALS.get(signal.Signals(e.signum).name, "stopped"))
        sys.exit(128 + e.signum)
    finally:
        set_stop_handlers(previous)
        sys.stderr = stderr


def _utf8_stderr(err) -> None:
    """Write standard error as UTF-8 when it is a file or a pipe (``argmine ... > log 2>&1``: one encoding in the log).

    A terminal keeps its own encoding (it shows the messages; Windows' console
    takes any character).  What UTF-8 cannot hold (a lone surrogate from a
    file name) is still escaped, never a UnicodeEncodeError, as Python's standard error does.
    """
    import codecs

    try:
        if err is None or err.isatty() or codecs.lookup(err.encoding or "utf-8").name == "utf-8":
            return
        err.reconfigure(encoding="utf-8", errors="backslashreplace")
    except (AttributeError, LookupError, ValueError, OSError):  # not a TextIOWrapper, or closed: left as it is
        pass


def _utf8_stdout() -> None:
    """Write standard output as UTF-8 bytes (``PYTHONIOENCODING=ascii``, a Latin-1 locale): never a UnicodeEncodeError.

    Where lines end in ``\r\n`` (Windows), ``\n`` is no longer translated: the csv
    writer ends rows in ``\r\n`` itself, and translating would make that ``\r\r\n``
    (a blank row after every row in Excel) and change line breaks inside cells.
    """
    import codecs

    out = sys.stdout
    try:
        if out is None:
            return
        changes = {} if codecs.lookup(out.encoding or "utf-8").name == "utf-8" else {"encoding": "utf-8"}
        if os.linesep != "\n":
            changes["newline"] = ""
        if changes:
            out.reconfigure(**changes)
    except (AttributeError, LookupError, ValueError, OSError):  # not a TextIOWrapper: left as it is
        pass
