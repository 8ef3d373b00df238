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
finds an import under way waits for the import to end (:func:`_stop`).  Only
the first stop signal counts: from then on the stop signals do nothing
(:func:`_stopped`), so that Ctrl-C pressed again, or held, cannot cut the
cleanup short or print a second line.  One that finds the main thread in a
cleanup callback (``__del__``, a weakref or gc callback), where Python drops
the exception, is raised again from the code that runs next
(:func:`_raising_dropped_stops`).  Once the run has put an output in place
(:func:`_output_placed`), a stop signal comes too late to leave the outputs
as they were: it does nothing, and the run ends as it would have.
"""

from __future__ import annotations

import os
import signal
import sys
from contextlib import contextmanager

#: How each signal that stops a run is named in its one line; the exit code is 128 + the signal's number.
STOP_SIGNALS = {"SIGINT": "interrupted", "SIGTERM": "terminated (SIGTERM)", "SIGHUP": "hung up (SIGHUP)",
                "SIGBREAK": "stopped (Ctrl-Break)"}  # SIGBREAK: Windows only; SIGHUP: not on Windows


def is_the_command(argv0: str) -> bool:
    """Whether a process started as ``argv0`` is the ``argmine`` command: the console script, or ``python -m argmine``.

    >>> is_the_command("/usr/bin/argmine"), is_the_command("/x/argmine/__main__.py"), is_the_command("notebook.py")
    (True, True, False)
    """
    parts = os.path.normpath(argv0 or "").split(os.sep)
    return os.path.splitext(parts[-1])[0] == "argmine" or parts[-2:] == ["argmine", "__main__.py"]


#: Whether this process is the ``argmine`` command, not a program that imports argmine.cli (whose handlers are left alone).
THE_COMMAND = bool(sys.argv) and is_the_command(sys.argv[0])


def _stopped_early(signum, frame):
    """A stop signal before the run started: one line, and the process ends at once with 128 + its number.

    Nothing is written yet, so there is nothing to clean up; raising here
    would raise inside whatever module is being imported.  A second signal
    that finds this one under way does nothing: one line.
    """
    if _stopping:
        return
    _stopping.append(signum)
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
    nothing is set.  A signal that is ignored keeps being ignored rather than
    get argmine's handler: ``nohup`` ignores SIGHUP so that a closed terminal
    does not stop the run, and a shell script starts its background jobs
    with SIGINT ignored, so that Ctrl-C stops the script, not them.
    """
    previous = {}
    for name in STOP_SIGNALS:
        handler = _stopped_early if handlers is None else handlers.get(name)
        try:
            number = getattr(signal, name)
            if handler in (_stopped_early, _stop) and signal.getsignal(number) == signal.SIG_IGN:
                continue
            if handler is not None:
                previous[name] = signal.signal(number, handler)
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
#: the stop signal that stops the run, once it is raised (or :func:`_stopped_early` ends the process): later ones are ignored
_stopping: list[int] = []
#: the SIGALRM handler that the timer of :func:`_stop` took the place of
_alarm: list = []
#: the stop handlers and ``sys.unraisablehook`` that :func:`_ignore_stop_signals` replaced, put back if main() runs again
_before_exit: list[tuple[dict, object]] = []
#: set once the run has put an output in place (:func:`_output_placed`): the stop signals do nothing from then on
_placed: list[bool] = []


def _importing(frame) -> bool:
    """Whether ``frame``, where a signal found the main thread, is inside a module's import."""
    while frame is not None:
        if frame.f_code.co_filename.startswith("<frozen importlib._bootstrap"):
            return True
        frame = frame.f_back
    return False


def _stopped(signum: int) -> Stopped:
    """The :class:`Stopped` to raise for ``signum``; the stop signals that come after it do nothing (:func:`_stop`).

    The run is stopping: Ctrl-C pressed again (or held), or ``timeout``'s
    SIGTERM after it, must not raise again in the ``finally`` blocks that
    remove temporary files, nor print a second line (or a traceback) while
    the first is printed.  The handlers stay (one set to ``SIG_IGN`` now would
    find a signal that came while it was set, which Python reports with a
    traceback) until the command ends (:func:`_ignore_stop_signals`).
    """
    _stopping.append(signum)
    return Stopped(signum)


def _ignore_stop_signals(previous: dict, hook) -> None:
    """Ignore the stop signals for the rest of a stopped command (while Python exits, after its one line), or of one
    whose outputs are in place (:func:`_output_placed`).

    Python resets the handlers of its own as it exits: a signal then would end
    the process by that signal, with no exit code of argmine's.  One that came
    while they were being set to ``SIG_IGN`` is reported by Python as an
    error nobody can catch ("Signal 2 ignored due to race condition"): it is ignored, as it should be, and not shown.
    ``previous`` (the handlers) and ``hook`` (``sys.unraisablehook``) are
    what the run found: put back if main() runs again (:func:`_undo_ignore_stop_signals`).
    """

    def unraisable(info) -> None:
        if not (isinstance(info.exc_value, OSError) and "ignored due to race condition" in str(info.exc_value)):
            hook(info)

    _before_exit[:] = [(previous, hook)]
    sys.unraisablehook = unraisable
    set_stop_handlers({name: signal.SIG_IGN for name in STOP_SIGNALS})


def _undo_ignore_stop_signals() -> None:
    """The handlers and hook that :func:`_ignore_stop_signals` replaced, back: main() runs again, the process goes on."""
    if _before_exit:
        previous, hook = _before_exit.pop()
        set_stop_handlers(previous)
        sys.unraisablehook = hook


def _ends_the_process() -> bool:
    """Whether this run ends the process: the ``argmine`` command's :func:`main`, called by the top level of the script.

    The console script ends in ``sys.exit(main())``; a program that calls
    :func:`main` from a function goes on when it returns, with its own
    handlers, even one whose ``sys.argv[0]`` is ``argmine``
    (:data:`THE_COMMAND`).  Only ``click``, ``contextlib`` and argmine's
    command line lie between this function and the caller of :func:`main`.
    """
    if not THE_COMMAND:
        return False
    frame = sys._getframe(1) if hasattr(sys, "_getframe") else None
    while frame is not None and frame.f_globals.get("__name__", "").startswith(("click.", "contextlib", "argmine.cli")):
        frame = frame.f_back
    return frame is None or (frame.f_code.co_name == "<module>" and frame.f_globals.get("__name__") == "__main__")


def _raising_dropped_stops(hook):
    """``sys.unraisablehook`` for a run: a :class:`Stopped` that Python dropped is raised again; the rest goes to ``hook``.

    A stop signal that finds the main thread in a cleanup callback
    (``__del__``, a weakref callback such as matplotlib's, a gc callback)
    raises there, and Python drops the exception ("Exception ignored in:
    ..."): the run would go on and replace its outputs, and, the signal having
    counted (:func:`_stopped`), ignore every later one.  So it counts again,
    and is raised in the code that runs 10 ms later (:func:`_raise_soon`),
    without Python's report.  Without timers (Windows) the next stop signal stops the run.
    """

    def unraisable(info) -> None:
        stop = info.exc_value
        if not isinstance(stop, Stopped):
            hook(info)
            return
        _stopping.clear()
        if hasattr(signal, "setitimer"):
            _raise_soon(stop.signum)

    return unraisable


def _stop(signum: int, frame) -> None:
    """Raise :class:`Stopped`; inside an import, soon after it (a timer looks again every 10 ms).  Once the run is
    stopping, nothing (:func:`_stopped`).  The renames that put outputs in place hold it until they are done
    (:func:`argmine._files.stop_signals_held`); from then on it does nothing (:func:`_output_placed`)."""
    if _stopping:  # the run is stopping already (Ctrl-C pressed again): the first signal's line and exit code stand
        return
    if _placed:  # too late to leave the outputs as they were: the run ends as it would have, with its own exit code
        _stop_timer()  # a stop that came during an import is dropped too
        return
    if signum == getattr(signal, "SIGALRM", None) and not _pending:  # a tick of the timer as it was stopped: nothing to raise
        return
    if not _importing(frame) or not hasattr(signal, "setitimer"):  # no timers on Windows: raised at once
        late = _stop_timer()
        raise _stopped(late if late is not None else signum)
    _raise_soon(signum)


def _raise_soon(signum: int) -> None:
    """Raise :class:`Stopped` for ``signum`` within 10 ms, from the code the main thread runs then (:func:`_stop` on
    SIGALRM).

    The timer goes off every 10 ms until the stop is raised (:func:`_stop_timer` stops it), not once: one
    tick can be lost.  A tick that comes just before the main thread blocks in a system call (opening a named
    pipe nobody writes to) only marks the handler as due, and one that another thread takes (tqdm's monitor, a
    BLAS one) does not interrupt the main thread's call; either way the run went on waiting, deaf to every later
    stop signal.  The next tick interrupts the call, and the handler runs.
    """
    if not _pending:
        _pending.append(signum)
    previous = signal.signal(signal.SIGALRM, _stop)
    if previous is not _stop:
        _alarm[:] = [previous]
    signal.setitimer(signal.ITIMER_REAL, 0.01, 0.01)


def _stop_timer() -> int | None:
    """Stop the timer of :func:`_raise_soon`; the stop signal it was waiting to raise, if any.

    SIGALRM keeps :func:`_stop` for the rest of the run (:func:`_restore_alarm` puts its handler back as the run
    ends): a tick already on its way (another thread may take it, and run Python's part of it later) finds nothing
    to raise.  Put back at once, the default handler would be in place when that tick's handler runs, which Python
    reports with a traceback ("Signal 14 ignored due to race condition").
    """
    late = _pending.pop() if _pending else None
    if hasattr(signal, "setitimer") and signal.getsignal(signal.SIGALRM) is _stop:
        signal.setitimer(signal.ITIMER_REAL, 0)
    return late


def _restore_alarm() -> None:
    """SIGALRM's handler as it was before :func:`_raise_soon` set :func:`_stop`, back, and its timer stopped."""
    if hasattr(signal, "setitimer") and signal.getsignal(signal.SIGALRM) is _stop:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, _alarm.pop() if _alarm else signal.SIG_DFL)


def run_started() -> None:
    """The command starts to run (it may write files from now on): a stop signal raises :class:`Stopped` from here on,
    until an output is put in place (:func:`_output_placed`)."""
    if THE_COMMAND:
        set_stop_handlers({name: _stop for name in STOP_SIGNALS})
    from .. import _files

    _files.on_output_placed = _output_placed


def _output_placed() -> None:
    """An output of the run is in place (renamed over the previous file, or moved into its folder): from now on a stop
    signal does nothing, and when the run ends the process it is ignored to the end (:func:`_ignore_stop_signals`).

    Called with the stop signals held (:data:`argmine._files.on_output_placed`),
    so one that comes with the renames comes after this.  Once one output is
    in place, a stop signal could only make the run report a failure while
    the new outputs are there, and stop it before the others (``export``'s
    ``config.xml`` after its ``tasks.json``): a run that says it was stopped
    has put none of its outputs in place.  What is left to do is short: the
    other renames, the summary line.
    """
    _placed[:] = [True]


def _unhook_outputs() -> None:
    """Stop noting outputs put in place (:func:`run_started` hooked :func:`_output_placed` up): the run is over."""
    files = sys.modules.get("argmine._files")
    if files is not None and files.on_output_placed is _output_placed:
        files.on_output_placed = None


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
      code is 128 + the signal's number (130, 143, 129).  The first signal
      counts; later ones (Ctrl-C pressed again) are ignored (:func:`_stopped`).
      One that Python drops in a cleanup callback is raised again
      (:func:`_raising_dropped_stops`).  Once an output is in place, the stop
      signals do nothing: the run ends as it would have (:func:`_output_placed`).
      When the run ends the process (:func:`_ends_the_process`), a stopped
      run, or one with an output in place, ignores the stop signals to the
      end (:func:`_ignore_stop_signals`); otherwise the caller's handlers and
      ``sys.unraisablehook`` are put back.
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
    _undo_ignore_stop_signals()  # a program that runs main() again: its earlier run stopped, not this one
    _stopping.clear()
    _placed.clear()
    ends = _ends_the_process()
    previous = set_stop_handlers(None if THE_COMMAND else {name: _stop for name in STOP_SIGNALS})
    hook = sys.unraisablehook
    sys.unraisablehook = _raising_dropped_stops(hook)
    stderr = sys.stderr
    _utf8_stderr(stderr)
    sys.stderr = _Diagnostics(stderr if stderr is not None else open(os.devnull, "w"))
    _utf8_stdout()
    try:
        try:
            yield
        finally:
            sys.unraisablehook = hook
            _unhook_outputs()
            late = _stop_timer()
            if late is not None and not _stopping and not _placed:  # it came during an import just before the end: still a stop
                raise _stopped(late)
    except Stopped as e:
        from ._common import echo_error  # only after a signal: --help and --version never import it

        echo_error(STOP_SIGNALS.get(signal.Signals(e.signum).name, "stopped"))
        sys.exit(128 + e.signum)
    finally:
        if ends and (_stopping or _placed):  # no later signal can add a line or change the exit code as the command ends
            _ignore_stop_signals(previous, hook)  # SIGALRM keeps _stop, which finds the run stopped (_stop_timer)
        else:
            _restore_alarm()
            set_stop_handlers(previous)
            _stopping.clear()  # the caller's handlers, as they were (_stopped_early's too, where argv[0] is argmine)
            _placed.clear()
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
