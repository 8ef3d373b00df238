"""Options, input handling, output writing and error reporting shared by commands.

Only the CLI prints or exits.  Library errors become one line on stderr:
``argmine: error: FILE: what is wrong; what to do``.  Exit codes: 0 fine,
1 when some input failed (the rest is still written), 2 for usage errors,
128 + the signal's number when a signal stopped the run: 130 Ctrl-C
(SIGINT), 143 SIGTERM, 129 SIGHUP (see :func:`._session.session`).
"""

from __future__ import annotations

import csv
import functools
import json
import os
import re
import sys
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any, Callable, Iterable, Iterator, NoReturn, Sized

import click

from .._files import STREAM_PIECE, write_in_pieces
from ..errors import (
    E_EMPTY_PATH_NAMES,
    E_NO_LABELLED_RECORDS,
    E_NO_RECORD_READ,
    E_OUTPUT_CLOSED,
    E_OUTPUT_FOLDER,
    E_OUTPUT_FOLDER_NOT_OURS,
    E_FILE_NOT_FOLDER,
    E_OUTPUT_NOT_FOLDER,
    E_OUTPUT_IN_INPUT,
    E_OUTPUT_IS_INPUT,
    E_OUTPUT_FOREIGN,
    E_OUTPUT_NOT_OURS,
    N_NOT_OURS,
    N_NOT_WRITTEN,
    N_OTHER_WRITTEN,
    E_OUTPUT_THROUGH_MISSING,
    E_SAME_OUTPUT,
    E_SAME_STREAM,
    E_NOT_STDOUT,
    E_STDIN_NOT_READ,
    E_STDIN_TWICE,
    E_WRITE_FAILED,
    E_WRITE_OUTPUT,
    AnnotationError,
    ArgmineError,
    InputError,
    MissingDependency,
    ModelError,
    OutputFolderError,
    SchemaError,
    inflect,
    plural,
    write_failure,
    write_reason,
)

EXIT_INPUT = 1
EXIT_USAGE = 2
FORMATS = ("jsonl", "csv", "table")
#: --format help: a table is laid out once every row is in (rich measures the columns over all rows).
TABLE_NOTE = "table is for reading small inputs on screen: it is printed only at the end and holds every row in memory; use jsonl or csv for big inputs."


def echo_error(message: str) -> None:
    """Print one error line to stderr."""
    echo_line(f"argmine: error: {message}")


def echo_warning(message: str) -> None:
    echo_line(f"argmine: warning: {message}")


def echo_note(message: str) -> None:
    """Print one note line to stderr (what a command left out as it should, e.g. an output inside an input folder); ``-q`` leaves notes out."""
    echo_line(f"argmine: note: {message}")


def echo_line(line: str) -> None:
    r"""Print a line on stderr; above the progress bar while one is shown, not glued onto it.

    Control characters in it are escaped as Python writes them (:func:`argmine.tables.shown`): a file name or id
    holding a line break (``bad\nname.jsonl``) or a terminal escape sequence cannot split the line or act on the terminal.
    On a terminal it starts with ``\r``, at the start of the line wherever a bar left the cursor.
    """
    from ..tables import shown

    line = shown(line)
    tqdm_std = sys.modules.get("tqdm.std")  # imported only by progress(): no bar without it
    if sys.stderr is None:  # started with standard error closed (2>&-): nowhere to say it
        return
    if stderr_is_terminal():  # from the line's start: a stop signal inside a bar's clearing leaves the cursor after its blank padding
        line = "\r" + line
    if tqdm_std is not None and tqdm_std.tqdm._instances:  # disabled bars are not listed
        tqdm_std.tqdm.write(line, file=sys.stderr)
    else:
        click.echo(line, err=True)


def stderr_is_terminal() -> bool:
    """Whether standard error is a terminal (where progress bars are drawn); ``False`` when it is closed."""
    try:
        return sys.stderr is not None and sys.stderr.isatty()
    except (ValueError, OSError):  # a closed stream
        return False


def stdout_is_terminal() -> bool:
    """Whether standard output is a terminal (where a progress bar on standard error would be drawn into it); ``False`` when it is closed."""
    try:
        return sys.stdout is not None and sys.stdout.isatty()
    except (ValueError, OSError):  # a closed stream
        return False


def _silence_stdout() -> None:
    """Point standard output at /dev/null, so that what is still buffered for a closed pipe or a
    full disk does not fail again (with a traceback) when Python flushes it on exit."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (OSError, AttributeError, ValueError):  # no standard output at all
        pass


def stop_if_strict(strict: bool) -> None:
    """After a bad input was reported: under --strict, say so and stop (exit 1)."""
    if strict:
        echo_error("stopping because of --strict")
        sys.exit(EXIT_INPUT)


def run_guarded(fn):
    """Turn library exceptions into one line and an exit code (never a traceback)."""

    @functools.wraps(fn)
    def wrapper(*args, **kwargs):
        quiet = getattr(kwargs.get("inputs"), "quiet", False)
        # library warnings (e.g. a model trained with another tokenizer) become one line each; its notes too, but under -q
        with warnings_shown(echo_warning, note=(lambda message: None) if quiet else echo_note):
            try:
                return fn(*args, **kwargs)
            except click.ClickException as e:  # a usage error naming a file: one line, as echo_line writes them
                from ..tables import shown

                e.message = shown(e.message)
                raise
            except (click.exceptions.Exit, click.exceptions.Abort):
                raise
            except (SchemaError, ModelError, MissingDependency, OutputFolderError) as e:
                echo_error(str(e))
                sys.exit(EXIT_USAGE)
            except (InputError, AnnotationError, ArgmineError) as e:
                echo_error(str(e))
                sys.exit(EXIT_INPUT)
            except KeyboardInterrupt:
                echo_error("interrupted")
                sys.exit(130)
            except BrokenPipeError:
                reader_gone(kwargs.get("inputs"))
            except OSError as e:  # a name the system refuses (over 255 bytes) that a reader did not word itself
                import errno

                from .._files import unusable_path

                unusable = unusable_path(e.filename, "check the path") if e.errno == errno.ENAMETOOLONG and e.filename else None
                if unusable is None:
                    raise
                echo_error(": ".join(unusable))
                sys.exit(EXIT_INPUT)

    return wrapper


def reader_gone(inputs: Inputs | None = None) -> NoReturn:
    """End the run whose reader stopped early (``| head``): not an error (exit 0), but inputs already reported as bad
    still are (exit 1, with a line saying the output was closed)."""
    _silence_stdout()
    if inputs is not None and (inputs.failed or inputs.gold_failed):
        echo_error(f"{inputs.what_failed()}; the output was closed before the end")
        sys.exit(EXIT_INPUT)
    sys.exit(0)


def standard_output_failed(e: OSError) -> NoReturn:
    """End the run after click could not write the text of ``--help`` or ``--version`` (:func:`argmine.cli._shown_errors`),
    as a command ends when its output cannot be written: a reader that has gone stops it quietly (:func:`reader_gone`),
    any other write error (a full disk) is one line naming standard output, exit 1 (as :class:`_Output` words it)."""
    if isinstance(e, BrokenPipeError):
        reader_gone()
    _silence_stdout()
    echo_error(str(InputError("standard output", _cannot_write(e, "the output is incomplete"))))
    sys.exit(EXIT_INPUT)


@contextmanager
def warnings_shown(show: Callable[[str], None], note: Callable[[str], None] | None = None) -> Iterator[None]:
    """While inside, each warning the library gives (``warnings.warn``) is passed to ``show`` as its text, not printed by Python;
    with ``note``, a note (:class:`~argmine.errors.InputNote`) is passed to that instead."""
    import warnings

    from ..errors import InputNote

    def shown_as(message: Warning | str, category: type[Warning], *_args: Any, **_kw: Any) -> None:
        (note if note is not None and issubclass(category, InputNote) else show)(str(message))

    shown, warnings.showwarning = warnings.showwarning, shown_as
    try:
        yield
    finally:
        warnings.showwarning = shown


#: How often bars cleared for rows written onto their terminal (:func:`above_bars`) are drawn again, at most, in seconds.
REDRAW_SECONDS = 0.1
#: How often a ticking bar (:func:`progress`) and a :func:`working` line redraw the time spent, in seconds.
TICK_SECONDS = 1.0


def progress(iterable: Iterable | None, *, total: float | None = None, desc: str = "", unit: str = "it", quiet: bool = False,
             ticking: bool = False, **kwargs: Any):
    """A progress bar on stderr; silent when stderr is not a terminal (or closed) or with --quiet.

    ``iterable=None`` gives a bar moved by hand (``bar.update(n)``); other
    keywords go to tqdm (``unit_scale=True`` for characters).  ``desc`` is
    shown as :func:`echo_line` shows a line: a file name in it (``reading
    FILE``) cannot split the bar or act on the terminal.  ``ticking``: the bar
    is redrawn every :data:`TICK_SECONDS` until it is closed, so that its time
    spent moves while one step takes long (one 100 MB page is one document).
    """
    from tqdm import tqdm

    from ..tables import shown

    bar = tqdm(iterable, total=total, desc=shown(desc), unit=unit, file=sys.stderr, disable=quiet or not stderr_is_terminal(), leave=False,
               dynamic_ncols=True, **kwargs)
    if ticking and not bar.disable:
        _tick(bar)
    return bar


def _tick(bar: Any) -> None:
    """Redraw ``bar`` every :data:`TICK_SECONDS` from a thread, until it is closed (or dropped: the thread holds no reference to it)."""
    import threading
    import weakref

    ref, lock, stopped = weakref.ref(bar), type(bar).get_lock(), _ticks_stopped()

    def tick() -> None:
        while not stopped.wait(TICK_SECONDS):
            shown = ref()
            if shown is None:
                return
            with lock:  # the bars' lock: a bar closed meanwhile (and cleared from the screen) is not drawn again
                if shown.disable or stopped.is_set():
                    return
                shown.refresh(nolock=True)
            del shown

    threading.Thread(target=tick, daemon=True, name="argmine-progress").start()


@functools.cache
def _ticks_stopped() -> Any:
    """An Event set as the process exits, under the bars' lock: no tick draws after it.

    Python stops a daemon thread where it stands once it finalizes; one stopped while writing a bar would hold
    standard error's lock as Python flushes it, a fatal error.  atexit functions run before that.
    """
    import atexit
    import threading

    from tqdm import tqdm

    stopped = threading.Event()

    def stop() -> None:
        with tqdm.get_lock():
            stopped.set()

    atexit.register(stop)
    return stopped


def close_bar(bar: Any) -> None:
    """Close ``bar`` (clearing it) and put the cursor back at the start of its line.

    tqdm does that only for the bar at position 0: one drawn below it (classify's units bar, closed after the
    documents bar) leaves the cursor at its width, where the next row or line would start.
    """
    if getattr(bar, "disable", True):  # as tqdm's close() tells a bar that draws nothing (quiet, off a terminal)
        bar.close()
        return
    with type(bar).get_lock():
        bar.close()
        bar.fp.write("\r")
        bar.fp.flush()


class _AboveBars:
    """Standard output on the terminal the bars are drawn on: each write clears the bars first, so that a row starts
    on a line of its own, not glued onto a bar's text (tqdm's ``external_write_mode``, whose redrawing after every
    write would take longer than the rows: it is done at most every :data:`REDRAW_SECONDS`; the bars' own updates and
    ticks redraw them too)."""

    def __init__(self, fh):
        self._fh, self._redrawn = fh, 0.0

    def write(self, text: str) -> int:
        import time

        tqdm_std = sys.modules.get("tqdm.std")
        if tqdm_std is None or not tqdm_std.tqdm._instances:  # no bar shown
            return self._fh.write(text)
        with tqdm_std.tqdm.get_lock():
            bars = list(tqdm_std.tqdm._instances)
            for bar in bars:
                bar.clear(nolock=True)  # one already cleared: a "\r"
            written = self._fh.write(text)
            self._fh.flush()  # on the screen before a bar is drawn again below it
            if time.monotonic() - self._redrawn >= REDRAW_SECONDS:
                for bar in bars:
                    bar.refresh(nolock=True)
                self._redrawn = time.monotonic()
        return written

    def __getattr__(self, name: str):
        return getattr(self._fh, name)


def above_bars(fh, output: str):
    """``fh`` (of :func:`open_output`) for rows written while bars are shown: when ``output`` is standard output and
    a terminal as standard error is, written above the bars (:class:`_AboveBars`); otherwise ``fh`` itself."""
    if output == "-" and stdout_is_terminal() and stderr_is_terminal():
        return _AboveBars(fh)
    return fh


def characters_progress(docs: list, *, desc: str = "characters", quiet: bool = False) -> Iterator:
    """``docs`` (Documents), with a bar counting their characters as each is done: one long document moves it too."""
    bar = progress(None, total=sum(len(d.text) for d in docs), desc=desc, unit="char", unit_scale=True, quiet=quiet)
    try:
        for doc in docs:
            yield doc
            bar.update(len(doc.text))
    finally:
        bar.close()


@contextmanager
def working(desc: str, *, quiet: bool = False) -> Iterator[None]:
    """A line on a terminal's stderr with ``desc`` and the time spent so far, for work that cannot count its steps."""
    if quiet or not stderr_is_terminal():
        yield
        return
    bar = progress(None, desc=desc, bar_format="{desc}: {elapsed}", ticking=True)
    try:
        yield
    finally:
        bar.close()


@dataclass
class Inputs:
    """The shared input options of every command, and the failures seen so far."""

    paths: tuple[str, ...]
    read_options: Any
    granularity: str = "sentence"
    strict: bool = False
    quiet: bool = False
    failures: list[str] = field(default_factory=list)
    documents_read: int = 0
    #: the ids of the documents read as Big5 (their labels may carry its old punctuation: annotations.big5_as_now)
    big5_docs: set = field(default_factory=set)
    #: inputs (and records of them) that failed, as reported here
    failed: int = 0
    #: gold records that a command read besides the inputs and could not use (export --only-unlabeled), counted in by it
    gold_failed: int = 0
    #: documents segmented into no unit (cleaning dropped all their text)
    unitless: int = 0
    #: how many documents the inputs hold, when known without reading them (the documents bar's total)
    documents_total: int | None = None

    def report(self, err: ArgmineError) -> None:
        """Record and print one bad input; stop at once under --strict."""
        self.failures.append(str(err))
        self.failed += getattr(err, "count", 1)
        echo_error(str(err))
        stop_if_strict(self.strict)

    def documents(self):
        """Documents from the paths (bad files and records reported, others kept)."""
        from ..decode import read_as_big5
        from ..read import iter_documents

        for doc in iter_documents(self.paths, self.read_options, on_error=self.report):
            self.documents_read += 1
            self.big5_docs |= read_as_big5([doc])
            yield doc

    def require_documents(self, what: str) -> None:
        """Exit 1 before writing anything when inputs failed and no document was read."""
        if self.failures and not self.documents_read:
            echo_error(f"no input could be read; nothing to {what}")
            sys.exit(EXIT_INPUT)

    def segmented(self, *, tokens: bool = False):
        """Segmented documents (units + dropped spans), with a progress bar; below it, the lines and then the blocks of
        each long document as they are cleaned and segmented (:func:`argmine.iter_segmented`)."""
        from ..segment import iter_segmented

        docs = self._progress(self.documents(), desc="documents", unit="doc")
        stages = self._progress if self.shows_bars() else None  # none: no bar to draw, not even a disabled one per long document
        for seg in iter_segmented(docs, granularity=self.granularity, tokens=tokens, on_error=self.report, progress=stages):
            self.unitless += not seg.units
            yield seg

    def unitless_note(self) -> str:
        """``; N documents left no unit (...)`` for a summary line, so that documents read add up; or ``""``.

        Summaries count the documents read (``2 documents, 1 unit``: segment, classify, analyze,
        report), or, in ``export``, those the units written come from (``1 unit from 1 document``).
        """
        if not self.unitless:
            return ""
        return (f"; {plural(self.unitless, 'document')} left no unit (all {inflect(self.unitless, 'its', 'their')} text was dropped by cleaning; "
                "see segment --explain)")

    def shows_bars(self) -> bool:
        """Whether progress bars are drawn: stderr is a terminal, and no --quiet."""
        return not self.quiet and stderr_is_terminal()

    def _progress(self, iterable: Iterable, **kwargs: Any):
        """A progress bar; over documents its total is the number of input files, when each is one document.

        The documents bar ticks (:func:`progress`): a document is read, cleaned and segmented in one step,
        minutes for a 100 MB page, and its time spent moves meanwhile.  Below it, such a long document's
        lines (``cleaning``) and blocks (``segmenting``) are counted (:func:`argmine.iter_segmented`).
        """
        if kwargs.get("unit") == "doc":
            kwargs.setdefault("ticking", True)
            if kwargs.get("total") is None and self.shows_bars():
                from ..read import known_document_count

                kwargs["total"] = self.documents_total = known_document_count(self.paths, self.read_options)
        return progress(iterable, quiet=self.quiet, **kwargs)

    def analyze(self, **kwargs: Any):
        """:func:`argmine.analyze` over the paths; failed inputs are reported here and listed in the Analysis.

        The library reads the paths itself, so that its ``errors`` (and
        ``totals.failed_inputs``) hold what was reported, as when it is called directly.
        The library's stages are drawn as bars (:meth:`_progress`), but for its
        ``aggregating`` step, which counts nothing: a line (:func:`working`)
        shows the time spent until the analysis is complete (the counts,
        intervals and quotes of 100,000 comments take tens of seconds).
        """
        from ..aggregate import analyze

        def aggregating(step: Iterable) -> Iterator:
            with working("aggregating", quiet=self.quiet):
                yield from step

        def wrap(iterable: Iterable, **kwargs: Any):
            return aggregating(iterable) if kwargs.get("desc") == "aggregating" else self._progress(iterable, **kwargs)

        analysis = analyze(
            list(self.paths),
            options=self.read_options,
            granularity=self.granularity,
            on_error=self.report,
            progress=wrap,
            **kwargs,
        )
        self.documents_read += len(analysis.documents)
        with_units = {cu.unit.doc for cu in analysis.units}
        self.unitless += sum(doc.id not in with_units for doc in analysis.documents)
        return analysis

    def units(self, *, tokens: bool = False) -> Iterator:
        """All units of all inputs, in order, with a second bar counting the units taken.

        How many units there are is known once the last document is
        segmented: until then the bar shows a count and a rate, and from then on
        how far it has got.  For one long document (a 30 MB page: one document,
        250,000 units) that is from the start, not "1/1 documents" for minutes;
        a table's rows are not counted before they are read, so a JSONL of
        comments shows a count to the end, never a bar full from the start.
        """
        bar, documents, segmented = None, 0, 0
        try:
            for seg in self.segmented(tokens=tokens):
                if bar is None:  # below the documents bar, which starts with the first document
                    bar = self._progress(None, desc="units", unit="unit")
                documents, segmented = documents + 1, segmented + len(seg.units)
                if documents == self.documents_total:  # the last one: every unit is known
                    bar.total = segmented
                for unit in seg.units:
                    yield unit
                    bar.update()
        finally:
            if bar is not None:
                close_bar(bar)  # below the documents bar, closed before it

    def finish(self) -> None:
        """Exit 1 if any input or gold record failed (after everything else was written)."""
        if self.failed or self.gold_failed:
            if not self.documents_read:
                echo_error(f"{self.what_failed()}; no document was read")
            else:
                echo_error(f"{self.what_failed()}; the {'other ' if self.failed else ''}inputs were processed")
            sys.exit(EXIT_INPUT)

    def what_failed(self) -> str:
        """``2 inputs failed and 51 gold records were not counted as labelled (reported above)``, or a part of it."""
        gold = f"{plural(self.gold_failed, 'gold record')} {'was' if self.gold_failed == 1 else 'were'} not counted as labelled (reported above)"
        return " and ".join([f"{plural(self.failed, 'input')} failed"] * bool(self.failed) + [gold] * bool(self.gold_failed))


@dataclass
class RecordFailures:
    """The bad records of the files a command reads whole (gold files): each is one line on stderr, counted per file.

    Pass ``handler(path)`` as the reader's ``on_error``; a line that stands for
    several records (``... and 5 more``) counts them all.  With ``strict`` the
    first one stops the command (exit 1).
    """

    strict: bool = False
    counts: dict[str, int] = field(default_factory=dict)

    def handler(self, path: str) -> Callable[[ArgmineError], None]:
        """The ``on_error`` for reading ``path``: print the record's line and count it."""

        def report(err: ArgmineError) -> None:
            self.counts[path] = self.counts.get(path, 0) + getattr(err, "count", 1)
            echo_error(str(err))
            stop_if_strict(self.strict)

        return report

    def require(self, path: str, records: Sized, what: str) -> None:
        """Exit 1 when no record of ``path`` was read: all failed, or it holds none (empty, blank lines), as train and evaluate
        refuse an empty gold file; there is nothing to ``what``, and nothing is written."""
        if records:
            return
        from ..read import shown_path

        if self.counts.get(path):
            echo_error(E_NO_RECORD_READ.format(path=shown_path(path), what=what))
        else:
            echo_error(f"{shown_path(path)}: {E_NO_LABELLED_RECORDS.format(what='file is empty')}")
        sys.exit(EXIT_INPUT)

    @property
    def total(self) -> int:
        """How many records failed, in all files."""
        return sum(self.counts.values())

    def per_file(self, sep: str = " and ") -> str:
        """How many records failed in each file: ``3 records of a.jsonl and 1 record of b.jsonl``.

        >>> RecordFailures(counts={"a.jsonl": 3, "b.jsonl": 1}).per_file()
        '3 records of a.jsonl and 1 record of b.jsonl'
        """
        from ..read import shown_path

        return sep.join(f"{plural(n, 'record')} of {shown_path(path)}" for path, n in self.counts.items() if n)




def folder_gone() -> bool:
    """Whether the current folder no longer exists (deleted while the shell was in it): a relative path then names nothing."""
    try:
        os.getcwd()
    except FileNotFoundError:
        return True
    return False


class HerePath(click.Path):
    """:class:`click.Path` that refuses a relative path when the current folder no longer exists.

    Reading it would say the file is missing, and writing it would fail deep
    in the command (``os.path.abspath`` asks for the current folder); an
    absolute path still works.  :func:`argmine.cli._shown_errors` words the
    :class:`FileNotFoundError` raised here (:data:`argmine.errors.E_FOLDER_GONE`, exit 1).
    """

    def convert(self, value: Any, param: Any, ctx: Any) -> Any:
        if isinstance(value, str) and value not in ("", "-") and not os.path.isabs(value):
            os.getcwd()  # FileNotFoundError when the current folder was deleted
        return super().convert(value, param, ctx)


class PathParam(HerePath):
    """:class:`click.Path` for argmine's path options: an empty value is a usage error, not the current folder.

    An empty path (``-o "$OUT"`` with ``OUT`` unset) would write into the
    current folder, or fail only when the work is done.  With ``reads`` (a
    file the command reads whole: a schema, a gold file), a socket or a block
    device is refused too: neither is a file to read.  A named pipe is read as
    it comes (``argmine agreement <(cat a.jsonl) <(cat b.jsonl)``), and so is a
    character device (``/dev/stdin``).  With ``writes`` (an output that click
    would refuse: a folder for a file, ``dir_okay=False``; a file for a
    folder, ``file_okay=False``), what exists is let through to the command,
    which refuses it as every output is refused (:func:`_refuse_folder`,
    :func:`probe_output`: one line, exit 2).
    """

    def __init__(self, *args: Any, reads: bool = False, writes: bool = False, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.reads, self.writes = reads, writes

    def convert(self, value: Any, param: Any, ctx: Any) -> Any:
        if value == "":
            what = "a file or folder" if self.file_okay and self.dir_okay else "a file" if self.file_okay else "a folder"
            self.fail(E_EMPTY_PATH_NAMES.format(what=f"{what} name"), param, ctx)
        if self.reads and isinstance(value, (str, os.PathLike)) and value != "-":
            from .._files import special_file

            kind = special_file(value, streams=False)
            if kind:
                self.fail(f"{value} is {kind}, not a regular file; pass a file", param, ctx)
        if self.writes and isinstance(value, str) and os.path.exists(value):
            return value
        return super().convert(value, param, ctx)


#: A random seed: numpy takes 0 <= seed < 2**32.
SEED = click.IntRange(0, 2**32 - 1)


class WorkersParam(click.ParamType):
    """``--workers``: an integer >= 1 or ``auto``, as ``workers=`` of :func:`argmine.classify` takes it."""

    name = "N|auto"

    def convert(self, value: Any, param: Any, ctx: Any) -> "int | str":
        if value == "auto" or (isinstance(value, int) and not isinstance(value, bool) and value >= 1):
            return value
        try:
            n = int(value)
        except (TypeError, ValueError):
            n = 0
        if n < 1:
            self.fail(f"{value!r} is not an integer >= 1 or 'auto'; pass e.g. --workers 2 or --workers auto", param, ctx)
        return n


def workers_option(fn):
    """``--workers N|auto`` (default 1), passed on as ``workers=`` to the library's classify step."""
    return click.option(
        "--workers", default="1", show_default=True, type=WorkersParam(), metavar="N|auto",
        help="Processes that classify, this one included: N, or 'auto' (two on a Linux machine with two or more CPUs). "
             "Forks workers for the linear and lexicon backends only (others run here alone); the output is identical. "
             "Off by default (1: no process is started).")(fn)


def encoding_name(ctx: Any, param: Any, value: str | None) -> str | None:
    """Check an --encoding value before any work: a text encoding Python knows (not base64, rot13, zlib, undefined)."""
    if value is None:
        return value
    from ..decode import text_encoding

    try:
        text_encoding(value)
    except InputError as e:
        raise click.BadParameter(e.message) from None
    return value


#: Where :func:`model_path` leaves the command's --model (``None``: the packaged model), for :func:`check_output`.
_MODEL_META = "argmine.model"


def model_path(ctx: Any, param: Any, value: str | None) -> str | None:
    """Check a --model value before any work: not empty, and no model file in it that would block when read (a FIFO).

    The value is kept for :func:`check_output`: an output that is one of the model's files is refused as any input is.
    """
    if ctx is not None:
        ctx.meta[_MODEL_META] = value
    if value is None:
        return value
    if value == "":
        raise click.BadParameter("an empty value names no model; pass a model directory, or 'lexicon'")
    if value != "lexicon" and not os.path.isabs(value):
        os.getcwd()  # FileNotFoundError when the current folder was deleted: one line, as HerePath's
    if os.path.isdir(value):
        from .._files import special_file
        from ..backends.base import MODEL_FILES
        from ..read import shown_path

        for name in MODEL_FILES:
            kind = special_file(os.path.join(value, name))
            if kind:
                raise click.BadParameter(f"{shown_path(os.path.join(value, name))} is {kind}, not a regular file; "
                                         "pass a directory written by 'argmine train'")
    return value


def gold_file(ctx: Any, param: Any, value: Any) -> Any:
    """Refuse '-' for a gold file read by name (agreement A/B, realign GOLD, export --only-unlabeled): a usage error, not "no such file".

    A missing file is left to the reader: one line naming it, exit 1, as every
    command reports a missing input.
    """
    if value == "-" or (isinstance(value, tuple) and "-" in value):
        raise click.BadParameter(E_STDIN_NOT_READ.format(what="a gold file"))
    return value


def not_stdout(what: str, instead: str) -> Callable[[Any, Any, Any], Any]:
    """A callback refusing ``-o -`` where the command writes ``what`` (a folder, two files), with what to give -o ``instead``."""

    def check(ctx: Any, param: Any, value: Any) -> Any:
        if value == "-":
            raise click.BadParameter(E_NOT_STDOUT.format(what=what, instead=instead))
        return value

    return check


def stdin_once(*paths: str, what: str = "data") -> None:
    """Refuse standard input given more than once (``segment - -``, ``- /dev/stdin``, train's DATA and --extra) as a usage error: it can be read once.

    >>> stdin_once("gold.jsonl", "-")
    >>> stdin_once("-", "/dev/stdin")
    Traceback (most recent call last):
    ...
    click.exceptions.UsageError: '-' (standard input) is given more than once; it can be read only once: pass the other data as files
    """
    from .._files import open_descriptor

    if sum(str(p) == "-" or open_descriptor(p) == 0 for p in paths) > 1:  # '-', /dev/stdin, /dev/fd/0: one stream
        raise click.UsageError(E_STDIN_TWICE.format(what=what))


#: what -q leaves out in a command that reads PATHS (realign says its own: it prints the summary when a record failed)
QUIET_HELP = "No progress bars, summary line or notes (errors and warnings are still printed)."


def input_options(fn=None, *, quiet_help: str = QUIET_HELP):
    """Add the input options every command shares, passing an ``inputs`` object.

    ``@input_options`` as it is, or ``@input_options(quiet_help=...)`` for a
    command whose ``-q`` leaves out something else than :data:`QUIET_HELP` says.
    """
    if fn is None:
        return functools.partial(input_options, quiet_help=quiet_help)
    options = [
        # readable=False: an unreadable file is a bad input (one line, the others read, exit 1), not a usage error
        click.argument("paths", nargs=-1, required=True, type=HerePath(allow_dash=True, readable=False)),
        click.option("--text-field", default="text", show_default=True, help="Text column of JSONL/CSV/TSV inputs; a dotted name (content.message) reaches into nested JSON objects when no column has that exact name, as --id-field and --kind-field do."),
        click.option("--id-field", default="id", show_default=True, help="Id column of table inputs (else the row number)."),
        click.option("--kind-field", default="kind", show_default=True, help="Column giving each row's kind (title/body/comment), if present."),
        click.option("--cells", type=click.Choice(["text", "html"]), default="text", show_default=True, help="How table text cells are read: as they are, or (html) as the text a browser shows of their markup (<br>, <a>, &lt;), as .html pages are; offsets then point into that text."),
        click.option("--row-kind", type=click.Choice(["comment", "body", "title", "auto"]), default="comment", show_default=True, help="Kind of table rows without a kind column; auto: decide per block as for text files."),
        click.option("--encoding", default=None, callback=encoding_name, help="Force an encoding (e.g. gb18030, big5) instead of detecting it."),
        click.option("--include", multiple=True, metavar="GLOB", help="Only read files matching GLOB in directories (repeatable). Default: *.txt *.md *.html *.htm *.jsonl *.csv *.tsv (.json and .ndjson tables are read when named, in directories only with --include)."),
        click.option("--exclude", multiple=True, metavar="GLOB", help="Skip files matching GLOB in directories (repeatable). README* files and hidden files or folders (.git, .venv) are always skipped in directories."),
        click.option("--input-format", type=click.Choice(["auto", "text", "html", "jsonl", "json", "csv", "tsv"]), default="auto", show_default=True, help="How to parse inputs; auto goes by file suffix (.html/.htm pages are read as the text they show; .ndjson is jsonl; json: one array of row objects; '-' is text)."),
        click.option("--granularity", type=click.Choice(["sentence", "clause"]), default="sentence", show_default=True, help="Units are sentences, or clauses of long sentences."),
        click.option("--strict", is_flag=True, help="Stop at the first bad input instead of reporting it and going on."),
        quiet_option(quiet_help),
    ]

    @functools.wraps(fn)
    def wrapper(*args, paths, text_field, id_field, kind_field, cells, row_kind, encoding, include, exclude, input_format, granularity, strict, quiet, **kwargs):
        from ..read import DEFAULT_EXCLUDE, DEFAULT_INCLUDE, ReadOptions

        stdin_once(*paths)
        try:
            read_options = ReadOptions(
                text_field=text_field,
                id_field=id_field,
                kind_field=kind_field,
                row_kind=None if row_kind == "auto" else row_kind,
                encoding=encoding,
                include=tuple(include) or DEFAULT_INCLUDE,
                exclude=DEFAULT_EXCLUDE + tuple(exclude),
                input_format=input_format,
                cells=cells,
                _written_by=written_by(),  # an earlier run's output in an input folder is left out of its walk, with a note
            )
        except InputError as e:
            raise click.UsageError(e.message) from None
        inputs = Inputs(tuple(paths), read_options, granularity, strict, quiet)
        return fn(*args, inputs=inputs, **kwargs)

    for option in reversed(options):
        wrapper = option(wrapper)
    return wrapper


def quiet_option(help: str):
    """``-q/--quiet``, as every command declares it; ``help`` says what it leaves out in that command (errors and warnings never)."""
    return click.option("-q", "--quiet", is_flag=True, help=help)


def output_option(default: str = "-"):
    return click.option("-o", "--output", default=default, show_default=True, type=PathParam(allow_dash=True, readable=False),
                        help="Output file ('-' = stdout); written when the command is done, so an interrupted run leaves the old file as it was "
                             "(a stop signal once it is written comes too late, and the run ends as usual).")


#: The -o suffixes that name a format a command may write (:func:`warn_output_suffix`), and each format's own suffix.
_SUFFIX_FORMATS = {".jsonl": "jsonl", ".ndjson": "jsonl", ".csv": "csv", ".json": "json", ".txt": "table"}
_FORMAT_SUFFIX = {"jsonl": ".jsonl", "csv": ".csv", "json": ".json", "table": ".txt"}
#: What each --format writes, as :data:`~argmine.errors.W_OUTPUT_SUFFIX` names it: written as ..., pass --format X for ...
_FORMAT_WRITTEN = {"jsonl": "JSONL", "csv": "CSV", "json": "JSON", "table": "a text table"}
_FORMAT_FOR = {"jsonl": "JSON Lines", "csv": "a CSV table", "json": "JSON", "table": "the text table"}


def warn_output_suffix(output: str, fmt: str, formats: Iterable[str]) -> None:
    """Warn (one line) when the suffix of the output file ``output`` names another of the command's ``formats`` than
    ``fmt``, the ``--format`` written: ``segment -o units.csv`` writes JSONL all the same.

    The format is not taken from the name, as ``import`` does not take it
    (:data:`~argmine.errors.W_IMPORT_TABLE_NAME`): the line says which was
    written, whether ``--format`` gave it, and what to pass or how to name the
    file.  ``-o -``, a suffix that fits, and one that names no format the
    command writes (``.tsv``, ``.html``) say nothing.
    """
    from pathlib import Path

    if output == "-":
        return
    named = _SUFFIX_FORMATS.get(Path(output).suffix.lower())
    if named is None or named == fmt or named not in formats:
        return
    from click.core import ParameterSource

    from ..errors import W_OUTPUT_SUFFIX
    from ..read import shown_path

    given = click.get_current_context().get_parameter_source("fmt") in (ParameterSource.COMMANDLINE, ParameterSource.ENVIRONMENT)
    echo_warning(W_OUTPUT_SUFFIX.format(output=output_named(output), written=_FORMAT_WRITTEN[fmt],
                                        how=f"--format {fmt}" if given else "--format's default", named=named, what=_FORMAT_FOR[named],
                                        name=shown_path(str(Path(output).with_suffix(_FORMAT_SUFFIX[fmt])))))


def output_named(output: str) -> str:
    """How a summary line names an output: ``standard output`` for ``-``, else the path as given (one wording in every command).

    >>> output_named("-"), output_named("gold.jsonl")
    ('standard output', 'gold.jsonl')
    """
    from .._files import output_name

    return output_name(output)  # the name's bytes as UTF-8 in every locale, as inputs are named


def check_output(output: str | None, inputs: Inputs | None = None, *, also: Iterable[str | None] = (), option: str = "-o") -> None:
    """Refuse (a usage error, before anything is read) an output file that is also one of the files a command reads.

    Those are the ``inputs`` PATHS, the files in ``also`` (a gold file,
    --schema, --source, ...; ``None`` entries are ignored) and, in a command
    that takes --model, the model's files (:func:`model_inputs`); ``option`` names
    the output's option in the message.  An output inside an input folder
    (``segment data -o data/units.jsonl``) is left out of that folder's
    files, with a note: read again on the next run, it would add its own
    units to the input; an existing one there that is an input, not a
    previous run's output, is refused (:func:`skip_output`).  Paths are
    compared resolved, whether or not the output exists yet; a ``..`` out
    of a folder that does not exist (``new/../in.csv``) is refused first
    (:func:`refuse_missing_passage`).
    """
    if output is None or output == "-":
        return
    from .._files import names_folder
    from ..read import shown_path

    refuse_unusable_output(output, option)
    if not names_folder(output):  # out/.. names a folder: refused as such (_refuse_folder), or written into (export)
        refuse_missing_passage(output)  # new/../in.csv: new is not made, and no input is replaced through it
    if inputs is not None:
        _skip_in_folders(output, inputs, option)
    if os.path.exists(output) and not os.path.isfile(output):  # a folder (refused as an output file elsewhere), /dev/null
        return
    resolved = os.path.normcase(os.path.realpath(output))  # compared whether or not it exists yet, as check_distinct_outputs does
    ctx = click.get_current_context(silent=True)
    # the --model's files, in every command that takes one (model_path keeps it): -o M/schema.toml would destroy the model
    model = model_inputs(ctx.meta[_MODEL_META]) if ctx is not None and _MODEL_META in ctx.meta else ()
    for path in (*(inputs.paths if inputs is not None else ()), *also, *model):
        if path is None or path == "-" or not os.path.isfile(path):  # a missing input is reported when it is read
            continue
        try:
            same = resolved == os.path.normcase(os.path.realpath(path)) or os.path.samefile(output, path)
        except OSError:  # the output does not exist yet: the resolved paths decide
            same = False
        if same:
            raise click.UsageError(E_OUTPUT_IS_INPUT.format(option=option, output=shown_path(output), input=shown_path(path)))


def model_inputs(model: str | None) -> tuple[str, ...]:
    """The files a command reads from model directory ``model`` (``None``: the packaged model): those of
    :data:`~argmine.backends.base.MODEL_FILES` and the files of its ``encoder/`` folder; none for ``lexicon``.

    >>> import tempfile
    >>> folder = tempfile.mkdtemp()
    >>> [os.path.relpath(f, folder) for f in model_inputs(folder)][:2], model_inputs("lexicon")
    (['config.json', 'schema.toml'], ())
    """
    if model == "lexicon":
        return ()
    from ..backends.base import MODEL_FILES

    if model is None:
        from ..classify import default_model_path

        model = str(default_model_path())
    files: list[str] = []
    for name in MODEL_FILES:
        path = os.path.join(model, name)
        if not os.path.isdir(path):  # False for a folder that cannot be searched: its files are not read either
            files.append(path)
            continue
        try:  # encoder/: save_pretrained's files
            files.extend(sorted(e.path for e in os.scandir(path) if e.is_file()))
        except OSError:
            pass
    return tuple(files)


def check_distinct_outputs(*outputs: tuple[str, str | None], defaults: dict[str, str] | None = None) -> None:
    """Refuse (a usage error, before anything is read) two outputs of one command that are the same file.

    ``outputs`` are ``(option, path)`` pairs; ``None`` (not asked for) is left
    out, and so is a special file such as ``/dev/null``, which takes any number
    of outputs.  ``-`` (standard output) and a path that names it
    (``/dev/stdout``, ``/dev/fd/1``) are one output, whatever standard output
    is (a pipe, or the file of ``> f``).  Paths are compared
    resolved (``out.json`` and ``$PWD/out.json``, a link to the file), and
    existing files by identity too (a hard link).  ``defaults`` maps an
    option the user did not give (its default path is used) to what it
    writes, for the message to name that rather than an option never typed.

    >>> check_distinct_outputs(("-o", "a.json"), ("--report", "./a.json"))
    Traceback (most recent call last):
    click.exceptions.UsageError: -o a.json and --report ./a.json are the same file; the one written last would replace the other: give each its own file
    >>> check_distinct_outputs(("-o", "-"), ("--report", "/dev/stdout"))
    Traceback (most recent call last):
    click.exceptions.UsageError: -o - and --report /dev/stdout both write to standard output, where the two would be mixed: give each its own file
    >>> check_distinct_outputs(("-o", "-"), ("--report", "/dev/stdout"), defaults={"-o": "the tables"})
    Traceback (most recent call last):
    click.exceptions.UsageError: the tables (standard output: no -o given) and --report /dev/stdout both write to standard output, where the two would be mixed: give each its own file
    """
    from .._files import open_descriptor
    from ..read import shown_path

    streams = {0: "standard input", 1: "standard output", 2: "standard error"}
    seen: list[tuple[str, str, int | None, str | None]] = []  # (option, path, descriptor, resolved file) of each output before
    for option, path in outputs:
        if path is None:
            continue
        fd = 1 if path == "-" else open_descriptor(path)
        file: str | None = "/dev/stdout" if path == "-" else path  # the file of > f, when standard output is one
        if os.path.exists(file) and not os.path.isfile(file) and not os.path.isdir(file):
            file = None  # a special file (/dev/null, a pipe): only a descriptor named twice is one output
        resolved = os.path.normcase(os.path.realpath(file)) if file is not None else None
        if option in (defaults or {}):  # named as what it is, not as an option the user never typed
            option, path = defaults[option], f"({output_named(path)}: no {option} given)"
        else:
            path = shown_path(path)  # as the lines below name it, the same in every locale
        for other, other_path, other_fd, other_resolved in seen:
            if fd is not None and fd == other_fd:
                raise click.UsageError(E_SAME_STREAM.format(option=other, output=other_path, other=option, other_output=path,
                                                            stream=streams.get(fd, f"file descriptor {fd}")))
            if resolved is None or other_resolved is None:
                continue
            try:
                same = resolved == other_resolved or os.path.samefile(resolved, other_resolved)
            except OSError:  # one does not exist yet: the resolved paths decide
                same = False
            if same:
                raise click.UsageError(E_SAME_OUTPUT.format(option=other, output=other_path, other=option, other_output=path))
        seen.append((option, path, fd, resolved))


def _skip_in_folders(output: str, inputs: Inputs, option: str = "-o") -> None:
    """Add ``output`` (a file, or a folder of files) to the paths a folder walk skips when it lies inside an input folder
    (refused when what is there is an input, not a previous run's output: :func:`skip_output`)."""
    inputs.read_options = skip_output(output, inputs.paths, inputs.read_options, option=option, quiet=inputs.quiet)


def skip_output(output: str, paths: Iterable[str], read_options: Any, *, option: str = "-o", quiet: bool = False,
                where: str = "input folder") -> Any:
    """``read_options`` with ``output`` (a file, or a folder of files) added to the paths a walk skips, when it lies inside a folder of ``paths``.

    Read again on the next run, a previous run's output would add its own
    units to the input: it is left out, with a note (unless ``quiet``).  But
    an existing file there that the walk would read and that does not look
    like what the command writes (:func:`_output_kind`) is an input: writing
    ``output`` would replace it, so that is a usage error, naming the file.
    ``where`` names the folders in those lines (``--source folder``).
    """
    from dataclasses import replace

    from ..errors import N_INSIDE, N_THROUGH_LINK
    from ..read import shown_path, walk_reads

    if output is None or output == "-":
        return read_options
    spelt, target = os.path.abspath(output), os.path.realpath(output)
    dirs = [p for p in paths if p != "-" and os.path.isdir(p)]
    folders = [p for p in dirs if spelt.startswith(os.path.abspath(p).rstrip(os.sep) + os.sep)
               or target.startswith(os.path.realpath(p).rstrip(os.sep) + os.sep)]
    inside = N_INSIDE
    if not folders:  # a file the walk reads through a symbolic link in the folder (data/link.txt -> elsewhere/real.txt) is an input too
        folders, inside = [p for p in dirs if walk_reads(p, output, read_options)], N_THROUGH_LINK
    if not folders:
        return read_options
    inside = inside.format(where=where, folder=shown_path(folders[0]))
    _refuse_an_input(output, folders, read_options, option, inside)
    if not quiet:
        echo_line(f"argmine: note: {E_OUTPUT_IN_INPUT.format(option=option, output=shown_path(output), inside=inside)}")
    return replace(read_options, skip=tuple(read_options.skip) + (output,))


#: The outputs of each command's output option, as :func:`_output_kind` names them (a command not listed: any of them;
#: export: ``export-FORMAT`` of its --format).
_WRITES = {("segment", "-o"): {"segment"}, ("classify", "-o"): {"classify"}, ("analyze", "-o"): {"analysis"},
           ("analyze", "--plot"): {"chart"}, ("analyze", "--report"): {"report"}, ("report", "-o"): {"report"},
           ("realign", "-o"): {"gold"}, ("import", "-o"): {"gold"}, ("evaluate", "-o"): {"evaluation"}}
#: The command that writes each output kind, for a line refusing to replace it with another command's output.
_WRITERS = {"segment": "'argmine segment'", "classify": "'argmine classify'", "analysis": "'argmine analyze'",
            "chart": "'argmine analyze --plot'", "report": "'argmine report' (or 'argmine analyze --report')",
            "evaluation": "'argmine evaluate' (or 'argmine agreement --format json')", "gold": "'argmine import' (or 'argmine realign')",
            **{f"export-{fmt}": f"'argmine export --format {fmt}'" for fmt in ("csv", "label-studio", "doccano", "brat")}}
#: The export formats that write a folder of files.
_FOLDER_KINDS = {"export-label-studio", "export-doccano", "export-brat"}
#: Fields of a gold record as argmine writes it, first in each line (:meth:`argmine.annotations.GoldRecord.to_dict`).
_GOLD_FIELDS = ["id", "doc", "start", "end", "text", "kind", "themes", "sentiment", "annotator"]
#: How much of a file's first line is read to tell what it is (a doccano document task holds a whole document).
_FIRST_LINE_MAX = 1 << 22
#: The first byte of every output :func:`_output_kind` tells (after white space and a BOM): the report's and a chart's
#: ``<``, JSON's ``{``/``[``, a header's ``id``/``theme`` (or ``"id"``), ``argmine analyze:``, ``Evaluation on``, a PNG's ``\x89``.
_OUTPUT_FIRST_BYTES = {bytes([b]) for b in b'<{["aEit\x89'}


def _refuse_an_input(output: str, folders: list[str], read_options: Any, option: str, inside: str) -> None:
    """Refuse (a usage error) an existing ``output`` in ``folders`` (``inside`` says how) that holds a file their walk would read and the
    command did not write: export accepts only files of its --format, its fixed names only in that format's shape (a user's
    ``tasks.jsonl`` is not doccano's).  A folder given to a command that writes a file is refused as such (:func:`_refuse_folder`)."""
    from ..export import DOCCANO_LABELS, DOCCANO_TASKS, LS_CONFIG, LS_TASKS
    from ..read import shown_path, walk_reads

    ctx = click.get_current_context(silent=True)
    command = ctx.command.name if ctx is not None else None
    kinds = _WRITES.get((command, option), set(_WRITERS))
    writer = f"'argmine {command}{'' if option == '-o' else ' ' + option}'" if command else "argmine"
    if command == "export":
        fmt = ctx.params.get("fmt")
        kinds, writer = {f"export-{fmt}"}, _WRITERS.get(f"export-{fmt}", writer)

    def read_by(path: str) -> bool:
        return any(walk_reads(folder, path, read_options) for folder in folders)

    def why(kind: str | None) -> str:
        # another command's output: a folder walk leaves it out (written_by), but writing would replace it all the same
        return N_OTHER_WRITTEN.format(other=_WRITERS[kind], writer=writer) if kind in _WRITERS else N_NOT_OURS.format(writer=writer)

    if os.path.isfile(output):
        kind = _output_kind(output)
        if kind not in kinds | {"empty"} and read_by(output):
            raise click.UsageError(E_OUTPUT_NOT_OURS.format(option=option, output=shown_path(output), inside=inside, why=why(kind)))
    elif os.path.isdir(output) and not kinds & _FOLDER_KINDS:  # export --format csv -o D/sub: as every output file named as a folder
        _refuse_folder(output)
    elif os.path.isdir(output):  # a folder of files (label-studio, doccano, brat)
        brat = _brat_files(output)
        fixed = {name for kind, names in (("export-label-studio", (LS_TASKS, LS_CONFIG)), ("export-doccano", (DOCCANO_TASKS, DOCCANO_LABELS)))
                 if kind in kinds for name in names}
        for top, dirs, names in os.walk(output):
            dirs.sort()
            for name in sorted(names):
                path = os.path.join(top, name)
                if (top == output and name in brat) or not read_by(path):
                    continue
                kind = _output_kind(path)
                # a file this format writes must be in its shape (it is replaced); another export's file is only left unread
                if kind == "empty" or (kind in kinds if top == output and name in fixed else kind in _WRITERS and kind.startswith("export-")):
                    continue
                raise click.UsageError(E_OUTPUT_FOLDER_NOT_OURS.format(option=option, output=shown_path(output), inside=inside, file=shown_path(path),
                                                                        why=why(kind)))


def refuse_foreign_output(output: str, writer: str, what: str, ours: Callable[[str], bool], option: str = "-o") -> None:
    """Refuse (a usage error, before any work) an existing output file that ``ours`` (a test of the file's path) does not
    take for what the command writes (``what``, as ``writer`` names the command), nor is empty.

    A command whose output lies in no input folder (``schema -o``) has no
    walk to keep it from, but the file it would replace is as much the
    user's: one that is not its output (a file argmine did not write, or
    another command's output, :func:`_output_kind`) is refused, as
    :func:`skip_output` refuses one in an input folder; one of its own is replaced.
    """
    from ..read import shown_path

    if output is None or output == "-" or not os.path.isfile(output):  # new, /dev/null, a folder (refused as such)
        return
    kind = _output_kind(output)
    if kind == "empty" or ours(output):
        return
    why = (N_OTHER_WRITTEN.format(other=_WRITERS[kind], writer=writer) if kind in _WRITERS
           else N_NOT_WRITTEN.format(writer=writer, what=what))
    raise click.UsageError(E_OUTPUT_FOREIGN.format(option=option, output=shown_path(output), why=why))


def _brat_files(folder: str) -> set[str]:
    """The names of the files of an argmine brat export in ``folder``, as its manifest (``argmine.json``) lists them; none without one.

    Each as the system names it (:func:`argmine._files.disk_name`: the stem's UTF-8 bytes in every locale), as
    ``os.walk`` gives the folder's entries.
    """
    from .._files import disk_name
    from .._json import loads
    from ..export import BRAT_MANIFEST

    try:
        with open(os.path.join(folder, BRAT_MANIFEST), encoding="utf-8") as fh:
            documents = loads(fh.read()).get("documents")  # JSON nested too deeply is a ValueError too: not argmine's
    except (OSError, ValueError, AttributeError):
        return set()
    if not isinstance(documents, dict):
        return set()
    return {BRAT_MANIFEST, "annotation.conf", "visual.conf"} | {disk_name(f"{stem}{suffix}") for stem in documents for suffix in (".txt", ".ann")}


def _output_kind(path: str) -> str | None:
    """Which of argmine's outputs the file ``path`` looks like, from its first line: ``segment``, ``classify``, ``analysis``,
    ``evaluation``, ``report``, ``chart``, ``export-csv``, ``export-label-studio`` (tasks.json, config.xml), ``export-doccano``
    (tasks.jsonl with argmine's ``unit_id`` or ``units``, label_types.json), ``gold``; ``empty`` when it holds nothing
    (or an empty JSON array); else ``None``.

    Each is told by the fields, columns or marker argmine writes first: JSONL
    rows by their keys, CSV by its header, the text tables by their first
    line, the HTML report by its generator ``<meta>``, a chart by matplotlib's
    name in it.  Anything else, or a file that cannot be read, is ``None``.
    """
    try:
        with open(path, "rb") as fh:
            head = fh.read(4096)
            fh.seek(0)
            first = fh.readline(_FIRST_LINE_MAX)
    except OSError:
        return None
    return _kind_of(head, first)


def written_by() -> Callable[[str, bytes], str | None]:
    """The test a folder walk asks of each file it finds (``ReadOptions._written_by``), given its path and the bytes read
    to read it: the command that wrote it (:data:`_WRITERS`), for an argmine output (:func:`_output_kind`, or a ``.txt``
    file of a brat export, which its manifest lists), else ``None``.

    Read again by the next command, an output left in an input folder adds its
    own text to the input (the report's legends as a page, a table of units as
    comments, each unit twice): the walk leaves it out, with a note.  An empty
    file is no output: it is reported as the empty input it is.  Each call
    gives a test of its own, which reads each folder's brat manifest once.

    >>> written_by()("d/report.html", b'<!DOCTYPE html><meta name="generator" content="argmine 0.1">')
    "'argmine report' (or 'argmine analyze --report')"
    >>> written_by()("d/a.txt", "财不外露。".encode()) is None
    True
    """
    brat: dict[str, set[str]] = {}  # each folder's brat export files (none without a manifest), by its path

    def test(path: str, data: bytes) -> str | None:
        lead = data[:64].lstrip()
        if lead.startswith(b"\xef\xbb\xbf"):  # a UTF-8 BOM
            lead = lead[3:].lstrip()
        kind = None
        if lead[:1] in _OUTPUT_FIRST_BYTES:  # (most inputs start otherwise: the whole test is for those that do not)
            end = data.find(b"\n", 0, _FIRST_LINE_MAX)
            kind = _kind_of(data[:4096], data[:end + 1] if end >= 0 else data[:_FIRST_LINE_MAX])
        if kind is None and path.endswith(".txt"):  # as a brat export names its documents' text
            folder, _, name = path.rpartition(os.sep)
            names = brat.get(folder)
            if names is None:  # (a folder with no brat config of an export has no manifest to read: the export's names not imported)
                names = brat[folder] = _brat_files(folder or os.curdir) if os.path.isfile(os.path.join(folder, "annotation.conf")) else set()
            kind = "export-brat" if name in names else None
        return _WRITERS.get(kind) if kind is not None and kind != "empty" else None

    return test


def _kind_of(head: bytes, first: bytes) -> str | None:
    """:func:`_output_kind` of a file whose first 4096 bytes are ``head`` and whose first line (at most :data:`_FIRST_LINE_MAX` bytes) is ``first``."""
    from .._json import loads
    from .classify import COLUMNS as CLASSIFY, TABLE_COLUMNS as CLASSIFY_TABLE
    from .segment import COLUMNS as SEGMENT, TABLE_COLUMNS as SEGMENT_TABLE

    if (not head.strip() or re.fullmatch(rb"\s*\[\s*\]\s*", head)) and len(head) < 4096:  # the whole file: nothing in it to lose
        return "empty"
    if head.startswith((b"\x89PNG", b"<?xml")) and b"matplotlib" in head.lower():
        return "chart"
    text = head.decode("utf-8", "ignore").lstrip("\ufeff")
    if re.search(r'<meta name="generator" content="argmine\b', text):
        return "report"
    if re.match(r'\{\s*"provenance":', text) or text.startswith("argmine analyze: "):
        return "analysis"
    if re.match(r'\{\s*"n":', text) or re.match(r"Evaluation on \d+ units\b", text):  # not any page that starts "Evaluation on"
        return "evaluation"
    if re.match(r'\[\s*\{\s*"data":\s*\{', text) or text.startswith("<View"):  # Label Studio tasks, its labeling config
        return "export-label-studio"
    if re.match(r'\[\s*\{\s*"text": "(?:[^"\\]|\\.)*",\s*"background_color": ', text):  # doccano label types
        return "export-doccano"
    line = first.decode("utf-8", "replace").lstrip("\ufeff").rstrip("\r\n")
    try:
        row = loads(line) if line.startswith("{") else None
    except ValueError:  # not JSON, or nested too deeply to read (a RecursionError in json.loads): no row argmine wrote
        row = None
    if isinstance(row, dict):
        keys = list(row)
        if [k for k in keys if k not in ("meta", "tokens")] == SEGMENT:
            return "segment"
        if [k for k in keys if k != "meta"] == CLASSIFY:
            return "classify"
        if keys[:len(_GOLD_FIELDS)] == _GOLD_FIELDS:
            return "gold"
        if keys[:2] == ["text", "label"] and isinstance(row["label"], list) and "doc" in keys and ("unit_id" in keys or "units" in keys):
            return "export-doccano"  # argmine's doccano tasks: a unit's (unit_id) or a document's (units), not any text+label JSONL
        return None
    try:  # a header of argmine's is short: a longer first line (a page on one line) is not parsed as one
        cells = next(csv.reader([line]), []) if len(line) < 4096 else []
    except csv.Error:  # a NUL byte: no table argmine wrote
        cells = []
    if cells in (SEGMENT + ["meta"], SEGMENT + ["meta", "tokens"]):
        return "segment"
    if cells == CLASSIFY + ["meta"]:
        return "classify"
    if cells[:3] == ["theme", "scope", "group"] or cells == ["theme"]:
        return "analysis"
    if cells[:1] == ["id"]:  # (the export's columns, imported only then: a folder walk asks this of every file)
        from ..export import CSV_COLUMNS, CSV_COLUMNS_WITHOUT_SCHEMA

        if cells in (list(CSV_COLUMNS), list(CSV_COLUMNS_WITHOUT_SCHEMA)):  # a sheet from before the schema column too
            return "export-csv"
    words = next((ln.split() for ln in text.splitlines() if ln.strip()), [])
    return {tuple(SEGMENT_TABLE): "segment", tuple(CLASSIFY_TABLE): "classify"}.get(tuple(words))


def probe_output(path: str, *, folder: bool = False) -> None:
    """Fail now (one line, exit 1; exit 2 for a file named as a folder, or a folder that is a file), not after the run, when ``path`` cannot be written.

    ``path`` is a file, or with ``folder`` a folder to write files into; it
    and its missing parents are created only when written, but the nearest
    existing one must be a folder that a file can be created in.
    """
    import tempfile

    def fail(reason: str) -> None:
        raise InputError(output_named(path), E_WRITE_OUTPUT.format(reason=reason))

    if path == "-":
        return
    refuse_unusable_output(path)
    if not folder:
        _refuse_folder(path)
    else:
        refuse_missing_passage(path)  # export -o new/../ex would make new only to pass through it
    if os.path.exists(path) and not os.path.isdir(path):
        if folder:  # a usage error, as -o DIR for a file is (_refuse_folder)
            raise OutputFolderError(output_named(path), E_OUTPUT_NOT_FOLDER)
        return  # /dev/null, or a file to be replaced: open_output checks it when it opens it
    from .._files import file_in_the_way, nearest_existing

    where = os.path.abspath(path if folder else os.path.dirname(os.path.abspath(path)))
    blocking = file_in_the_way(where)
    if blocking is not None:
        fail(E_FILE_NOT_FOLDER.format(path=output_named(blocking)))
    where, _ = nearest_existing(where)
    try:
        with tempfile.TemporaryFile(dir=where):
            pass
    except OSError as e:
        raise InputError(output_named(path), _cannot_write(e)) from None


def refuse_unusable_output(path: str, option: str = "-o") -> None:
    """Fail (one line, exit 1), before anything is read, on an output ``path`` that the system refuses to look up.

    A name over 255 bytes (often a text passed as the path), a NUL character
    (:func:`argmine._files.unusable_path`) is named cut, as readers name such a
    path (:func:`argmine._files.shown_name`), not in its 300 characters as the
    failed write would name it.  Each part of it below the nearest folder that
    exists is asked beside that folder too: a path through a folder not made yet
    (``new/<300 characters>/out.jsonl``) is only "not there" as a whole.

    >>> refuse_unusable_output("x" * 300, "--report")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    argmine.errors.InputError: xxx...x… (300 characters): cannot be used as a path (file name too long); pass another --report

    A path starting with a ``~`` nothing expanded (``--output=~/m``) that names no folder here is refused too, rather
    than make a folder named ``~``.
    """
    from .._files import nearest_existing, shown_name, unusable_path
    from ..errors import E_OUTPUT_TILDE

    head = re.split("[" + re.escape(os.sep + (os.altsep or "")) + "]", path, maxsplit=1)[0]
    if head.startswith("~") and os.path.expanduser(head) != head and not os.path.lexists(head):  # --output=~/m, unexpanded
        raise InputError(shown_name(path), E_OUTPUT_TILDE.format(option=option, head=head, path=path))
    where, missing = nearest_existing(path)
    for probe in (path, *(os.path.join(where, part) for part in missing)):
        unusable = unusable_path(probe, f"pass another {option}")
        if unusable is not None:
            raise InputError(shown_name(path), unusable[1])


def refuse_missing_passage(path: str) -> None:
    """Fail (one line, exit 2: a usage error) when a ``..`` in the output ``path`` steps out of a folder that does not exist.

    ``-o new/../in.csv`` would make ``new`` only to pass through it (and
    write ``in.csv`` beside it, which may be an input); the operating system
    itself refuses such a path (``No such file or directory``).  A ``..``
    out of an existing folder (``real/../out.jsonl``) is what it says.

    >>> refuse_missing_passage("no-such-folder/../out.jsonl")
    Traceback (most recent call last):
    argmine.errors.OutputFolderError: no-such-folder/../out.jsonl: cannot write output ('no-such-folder/..' steps out of no-such-folder, which does not exist); leave 'no-such-folder/..' out of the path
    """
    from ..read import shown_path

    parts = re.split("[" + re.escape(os.sep + (os.altsep or "")) + "]", path)
    for i, part in enumerate(parts):
        folder = os.sep.join(parts[:i])
        if part == os.pardir and folder.strip(os.sep) and not os.path.isdir(folder):
            why = "is a file" if os.path.exists(folder) else "does not exist"
            folder = shown_path(folder)
            raise OutputFolderError(output_named(path), E_OUTPUT_THROUGH_MISSING.format(through=f"{folder}{os.sep}{os.pardir}", folder=folder, why=why))


def _refuse_folder(path: str) -> None:
    """Fail (one line, exit 2: a usage error) when the output file ``path`` names a folder: an existing one, or a name
    ending in ``/``, ``/.`` or ``/..`` (``-o out/`` for a missing ``out``, which would otherwise become a file named ``out``),
    or when a ``..`` in it steps out of a missing folder (:func:`refuse_missing_passage`).

    Every output file option (-o, --report, --plot) is refused here, in these words.
    """
    from .._files import names_folder

    if os.path.isdir(path):
        raise OutputFolderError(output_named(path), E_OUTPUT_FOLDER.format(reason="it is a folder"))
    if names_folder(path):
        last = os.path.basename(path)  # "" after a separator, "." or ".."
        ending = path[-len(last) - 1:] if len(path) > len(last) else last  # "/", "/." or "/.."
        raise OutputFolderError(output_named(path), E_OUTPUT_FOLDER.format(reason=f"it ends in '{ending}', so it names a folder"))
    refuse_missing_passage(path)


def _cannot_write(e: OSError, lost: str | None = None) -> str:
    """Why an output cannot be written, and what to do: free space when the disk is full, else check the folder.

    ``lost`` (once writing has started) says what became of the output: no
    file, the previous file as it was, or an incomplete stream.
    """
    if lost is None:
        return write_failure(e, "output", E_WRITE_OUTPUT.format(reason=write_reason(e)))
    return write_failure(e, "output", E_WRITE_FAILED.format(reason=write_reason(e), what=lost), then=lost)


class _Output:
    """A text stream whose write errors (a full disk) are one :class:`InputError` naming the output.

    On standard output a long text (``report -o -``'s page, ``analyze``'s tables) is written in pieces, so that a reader
    that stopped early is a :class:`BrokenPipeError` (the command stops quietly), not a write taken as done.
    """

    def __init__(self, fh, name: str, lost: str):
        self._fh, self._name, self._lost = fh, name, lost

    def write(self, text: str) -> int:
        try:
            if self._fh is sys.stdout and len(text) > STREAM_PIECE:  # a table, a report: a reader gone (| head) must be an error
                write_in_pieces(self._fh, text)
                return len(text)
            return self._fh.write(text)
        except BrokenPipeError:
            raise
        except OSError as e:
            self._fail(e)

    def flush(self) -> None:
        try:
            self._fh.flush()
        except BrokenPipeError:
            raise
        except OSError as e:
            self._fail(e)

    def _fail(self, e: OSError):
        if self._fh is sys.stdout:
            _silence_stdout()
        raise InputError(self._name, _cannot_write(e, self._lost)) from None

    def __getattr__(self, name: str):
        return getattr(self._fh, name)


@contextmanager
def outputs_together():
    """A :class:`argmine._files.Commit` for a command that writes several files (``analyze -o X --plot P --report R``).

    Each output is written under a temporary name (:func:`open_output` with
    ``together``); all are renamed over their files when the block ends
    without an error, a stop signal that comes meanwhile being held until
    the renames are done (:func:`argmine._files.stop_signals_held`), when it
    is too late to stop the run (:func:`._session._output_placed`).  An error or a stop signal
    before that (a chart that cannot be drawn, Ctrl-C while the report is
    written) leaves every output as it was, and no temporary file.
    """
    from .._files import Commit, stop_signals_held

    commit = Commit()
    try:
        yield commit
        try:
            with stop_signals_held():
                commit.apply()
        except OSError as e:  # a rename refused (a file someone else owns in a shared folder, such as /tmp)
            lost = "the previous file is left as it was" if os.path.isfile(e.filename) else "no file was written"
            if commit.replaced:
                lost += f"; {' and '.join(output_named(str(p)) for p in commit.replaced)} {inflect(len(commit.replaced), 'was', 'were')} replaced"
            raise InputError(output_named(e.filename), _cannot_write(e, lost)) from None
    finally:
        commit.discard()


@contextmanager
def open_output(path: str, inputs: Inputs | None = None, *, also: Iterable[str | None] = (), together: Any = None):
    """Open ``path`` for UTF-8 text output; ``-`` is stdout.

    A file is written under a temporary name beside it and renamed over it when
    the block ends (:func:`argmine._files.replacing`): Ctrl-C, a --strict stop
    or a full disk leave the previous file as it was; with ``together`` (of
    :func:`outputs_together`), when the command's other outputs are complete
    too.  A missing folder is
    created.  Given ``inputs`` (or other files read, ``also``), an output that
    is one of them is refused first (:func:`check_output`).
    Every write error is one line naming the output (exit 1).
    """
    if inputs is not None or also:
        check_output(path, inputs, also=also)
    if path == "-":
        if sys.stdout is None:  # started with standard output closed (>&-)
            raise InputError("standard output", E_OUTPUT_CLOSED)
        out = _Output(sys.stdout, "standard output", "the output is incomplete")
        yield out
        out.flush()
        return
    refuse_unusable_output(path)
    _refuse_folder(path)  # worded as probe_output words it
    from .._files import replacing

    if not os.path.exists(path):
        lost = "no file was written"
    elif os.path.isfile(path):
        lost = "the previous file is left as it was"
    else:  # /dev/null, a pipe: written directly
        lost = "the output is incomplete"
    stage, name = "opening", output_named(path)
    try:
        with replacing(path, commit=together) as fh:
            stage = "writing"
            yield _Output(fh, name, lost)
            stage = "closing"
    except BrokenPipeError:
        raise
    except OSError as e:
        if stage == "writing":  # not a write error (those are InputErrors): the command's own
            raise
        raise InputError(name, _cannot_write(e, None if stage == "opening" else lost)) from None


def _json(value: Any) -> str:
    """Strict JSON: NaN and infinities (read from non-standard JSONL input) are written as null."""
    try:
        return json.dumps(value, ensure_ascii=False, allow_nan=False)
    except ValueError:
        from ..aggregate import nonfinite_to_null

        return json.dumps(nonfinite_to_null(value), ensure_ascii=False, allow_nan=False)


def meta_cell(meta: dict | None) -> str:
    """A unit's metadata for a CSV cell: strict JSON, keys sorted, ``{}`` for none, as ``Analysis.to_pandas`` writes its ``meta`` column."""
    if not meta:
        return "{}"
    from ..aggregate import _meta_json

    return _meta_json(meta)


def _cell(value: Any) -> str:
    if isinstance(value, (dict, list, tuple)):
        return _json(value)
    return "" if value is None else str(value)


class RowWriter:
    """Write rows as JSONL (streaming), CSV (streaming) or an 80-column table (at the end)."""

    def __init__(self, fh, fmt: str, columns: list[str] | None = None, title: str | None = None):
        self.fh, self.fmt, self.columns, self.title = fh, fmt, columns, title
        self._csv = None
        self._rows: list[dict] = []

    def write(self, row: dict) -> None:
        if self.fmt == "jsonl":
            self.fh.write(_json(row) + "\n")
        elif self.fmt == "csv":
            if self._csv is None:
                self._csv = csv.DictWriter(self.fh, fieldnames=self.columns or list(row), extrasaction="ignore")
                self._csv.writeheader()
            self._csv.writerow({k: _cell(v) for k, v in row.items()})
        else:
            self._rows.append(row)

    def close(self) -> None:
        if self.fmt == "table":
            print_table(self._rows, self.columns or (list(self._rows[0]) if self._rows else []), self.fh, title=self.title)


def print_table(rows: list[dict], columns: list[str], fh, *, title: str | None = None, width: int = 80) -> None:
    """Render rows as a table that fits ``width`` columns (CJK counted double).

    The table is laid out in memory and written to ``fh`` as one text, as
    :func:`argmine.tables.render_analysis` does: a write error is then the
    command's (:func:`run_guarded`), not rich's, which would end a closed
    pipe (``| head``) with exit 1 and no line of its own.
    """
    import io

    from rich import box
    from rich.console import Console
    from rich.table import Table

    from ..tables import shown

    wide = {"text", "quote", "examples"}
    table = Table(title=title, box=box.SIMPLE_HEAD, expand=True, pad_edge=False)
    for c in columns:
        table.add_column(c, overflow="fold", no_wrap=c not in wide, ratio=1 if c in wide else None)
    for r in rows:  # a line break in an id (a quoted CSV cell) would start a row of its own: escaped; text folds, its ESC escaped
        table.add_row(*(shown(_cell(r.get(c)), keep="\t\n") if c in wide else shown(_cell(r.get(c))) for c in columns))
    # markup and emoji codes off: a Weibo "[doge]", a "[/]" or ":thumbs_up:" in a unit is text, shown as it is
    buf = io.StringIO()
    Console(file=buf, width=width, force_terminal=False, color_system=None, soft_wrap=False,
            markup=False, emoji=False, highlight=False).print(table)
    fh.write(buf.getvalue())


# --- --source: the inputs an export was made from (import, evaluate --cv) ----------------

#: Reader options named in input error messages; with --source they are spelt --source-NAME.
_SOURCE_OPTION = re.compile(r"(?<![\w-])--(text-field|id-field|kind-field|row-kind|encoding|granularity|cells|include|exclude|input-format)\b")


def source_options(fn):
    """Add how --source tables are read: --source-text-field ... (export's --text-field, ...)."""
    for opt in reversed([
        click.option("--source-text-field", default="text", show_default=True, help="--source tables (JSONL/CSV/TSV): text column (as given to 'export --text-field')."),
        click.option("--source-id-field", default="id", show_default=True, help="--source tables: id column (as given to 'export --id-field')."),
        click.option("--source-kind-field", default="kind", show_default=True, help="--source tables: kind column (as given to 'export --kind-field')."),
        click.option("--source-row-kind", type=click.Choice(["comment", "body", "title", "auto"]), default="comment", show_default=True,
                     help="--source tables: kind of rows without a kind column (as given to 'export --row-kind')."),
        click.option("--source-encoding", default=None, callback=encoding_name,
                     help="--source files: force an encoding (as given to 'export --encoding')."),
        click.option("--source-cells", type=click.Choice(["text", "html"]), default="text", show_default=True,
                     help="--source tables: how text cells are read (as given to 'export --cells')."),
        click.option("--source-include", multiple=True, metavar="GLOB",
                     help="--source folders: only read files matching GLOB (repeatable; as given to 'export --include')."),
        click.option("--source-exclude", multiple=True, metavar="GLOB",
                     help="--source folders: skip files matching GLOB (repeatable; as given to 'export --exclude')."),
        click.option("--source-input-format", type=click.Choice(["auto", "text", "html", "jsonl", "json", "csv", "tsv"]), default="auto",
                     show_default=True, help="--source files: how to parse them (as given to 'export --input-format')."),
    ]):
        fn = opt(fn)
    return fn


def source_read_options(text_field: str, id_field: str, kind_field: str, row_kind: str, encoding: str | None, cells: str = "text",
                        include: tuple[str, ...] = (), exclude: tuple[str, ...] = (), input_format: str = "auto"):
    """The :class:`~argmine.read.ReadOptions` of the --source-* options (a bad value is a usage error).

    A --source folder is walked as the inputs' folders are: README files and
    earlier argmine outputs in it (an export, units, a report) are left out, so
    that no unit of the original is read twice.
    """
    from ..read import DEFAULT_EXCLUDE, DEFAULT_INCLUDE, ReadOptions

    try:
        return ReadOptions(text_field=text_field, id_field=id_field, kind_field=kind_field,
                           row_kind=None if row_kind == "auto" else row_kind, encoding=encoding, cells=cells,
                           include=tuple(include) or DEFAULT_INCLUDE, exclude=DEFAULT_EXCLUDE + tuple(exclude),
                           input_format=input_format, _written_by=written_by())
    except InputError as e:
        raise click.UsageError(source_message(str(e))) from None


def source_options_alone(sources: tuple[str, ...], template: str) -> str | None:
    """``template`` (:data:`~argmine.errors.E_SOURCE_OPTIONS_ALONE`, :data:`~argmine.errors.W_SOURCE_OPTIONS_ALONE`)
    naming the --source-* options the command line gave when no --source is given; ``None`` when --source is, or none of them.

    Without --source they read nothing: said, not silently ignored (evaluate refuses them, import warns).
    """
    if sources:
        return None
    from click.core import ParameterSource

    ctx = click.get_current_context()
    given = [f"--{p.name.replace('_', '-')}" for p in ctx.command.params if p.name and p.name.startswith("source_")
             and ctx.get_parameter_source(p.name) in (ParameterSource.COMMANDLINE, ParameterSource.ENVIRONMENT)]
    if not given:
        return None
    names = " and ".join([", ".join(given[:-1]), given[-1]] if len(given) > 1 else given)
    return template.format(options=names, apply=inflect(len(given), "applies", "apply"), are=inflect(len(given), "is", "are"))


#: The library keyword a reader message names next to an option ("(text_field= in Python)", "; encoding= in Python"):
#: a --source option has none of that name.
_PYTHON_KEYWORD = re.compile(r" \([a-z_]+=[^()]* in Python\)|[;,] [a-z_]+=[^();,]* in Python(?=\))|(?<=\()[a-z_]+=[^();,]* in Python; ")


def source_message(message: str) -> str:
    """A reader message about --source, naming the --source-* options (``--text-field`` -> ``--source-text-field``).

    >>> source_message("line 1: has no 'text' field (fields: body); pass --text-field NAME (text_field= in Python)")
    "line 1: has no 'text' field (fields: body); pass --source-text-field NAME"
    >>> source_message("no row has the 'cid' column given by --id-field (id_field= in Python; columns: a, b)")
    "no row has the 'cid' column given by --source-id-field (columns: a, b)"
    """
    return _SOURCE_OPTION.sub(r"--source-\1", _PYTHON_KEYWORD.sub("", message))


def source_warnings(quiet: bool = False):
    """While --source is read, its warnings name the --source-* options as its errors do (:func:`source_message`);
    its notes (an earlier output left out of a --source folder) are notes, which ``quiet`` leaves out."""
    return warnings_shown(lambda message: echo_warning(f"--source {source_message(message)}"),
                          note=(lambda message: None) if quiet else (lambda message: echo_note(f"--source {source_message(message)}")))
