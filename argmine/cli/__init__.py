"""The ``argmine`` command line: a thin skin over the library.

Commands live in their own modules and are imported only when run, so
``argmine --help`` stays instant.
"""

from __future__ import annotations

from ._session import THE_COMMAND, run_started, session, set_stop_handlers

# a stop signal is one line, not a traceback: set before the imports below (click alone takes about 40 ms), and kept
# until the command runs (_session.session); a program that imports this module keeps its own handlers
if THE_COMMAND:
    set_stop_handlers()

import contextlib  # noqa: E402
import importlib  # noqa: E402
import sys  # noqa: E402

import click  # noqa: E402

from .. import __version__  # noqa: E402

#: command name -> "module:attribute"; one line per command.
COMMANDS = {
    "segment": "argmine.cli.segment:command",
    "classify": "argmine.cli.classify:command",
    "analyze": "argmine.cli.analyze:command",
    "report": "argmine.cli.report:command",
    "export": "argmine.cli.export:command",
    "import": "argmine.cli.importcmd:command",
    "agreement": "argmine.cli.agreement:command",
    "realign": "argmine.cli.realign:command",
    "train": "argmine.cli.train:command",
    "evaluate": "argmine.cli.evaluate:command",
    "schema": "argmine.cli.schema:command",
}

#: one-line help per command, shown by ``argmine --help`` without importing it.
SUMMARIES = {
    "segment": "Split documents into argument units with exact offsets.",
    "classify": "Predict stance themes and sentiment for every unit.",
    "analyze": "Aggregate themes and sentiment (the main job).",
    "report": "Write a self-contained HTML report.",
    "export": "Write units (and predictions) for labeling tools.",
    "import": "Read labels back from labeling tools into gold JSONL.",
    "agreement": "Cohen's kappa between two annotation passes.",
    "realign": "Re-anchor gold labels to the current segmentation.",
    "train": "Train a model from gold annotations.",
    "evaluate": "Score a model against gold annotations.",
    "schema": "Print the default schema TOML (or a model's) to start from.",
}


class LazyGroup(click.Group):
    """A group whose subcommands are imported on first use."""

    def main(self, *args, **kwargs):
        """Run the command line: stop signals, standard error and standard output are set up for the run (:func:`._session.session`)."""
        with session(), _long_csv_cells():
            return super().main(*args, **kwargs)

    def make_context(self, *args, **kwargs):
        with _shown_errors():  # argmine's own options (argmine --bad, argmine --help > /dev/full)
            return super().make_context(*args, **kwargs)

    def invoke(self, ctx):
        with _shown_errors():  # the command's options, read by click before the command runs, and the command itself
            return super().invoke(ctx)

    def list_commands(self, ctx):
        return [name for name, target in COMMANDS.items() if _exists(target)]

    def resolve_command(self, ctx, args):
        """As click resolves it; an unknown command's usage error suggests the nearest names (``argmine analyz``: ``Did you
        mean 'analyze'?``), as click does for an unknown option: click's own list of commands is empty here (they are lazy)."""
        try:
            return super().resolve_command(ctx, args)
        except click.UsageError as e:
            name = str(args[0]) if args else ""
            if not name.startswith("-") and not getattr(e, "possibilities", None) and name not in COMMANDS:
                e.message = f"{e.message} {_did_you_mean(name, self.list_commands(ctx))}".rstrip()
            raise

    def get_command(self, ctx, name):
        target = COMMANDS.get(name)
        if target is None or not _exists(target):
            return None
        module, attr = target.split(":")
        return getattr(importlib.import_module(module), attr)

    def format_commands(self, ctx, formatter):
        rows = [(name, SUMMARIES.get(name, "")) for name in self.list_commands(ctx)]
        if rows:
            with formatter.section("Commands"):
                formatter.write_dl(rows)


@contextlib.contextmanager
def _shown_errors():
    r"""Escape control characters in the message of a usage error click shows (a value of ``--plot``, ``--format`` or a
    file name holding a line break or a terminal escape sequence), as :func:`._common.echo_line` escapes every error line.

    A relative path given when the current folder no longer exists (deleted while the shell was in it) is one line and
    exit 1 (:data:`argmine.errors.E_FOLDER_GONE`), wherever it is found (:class:`._common.HerePath` checks the path options
    before the command runs); absolute paths still work.

    Memory running out is one line and exit 1, not a traceback: reading names the file that was too big and
    goes on with the others (:data:`~argmine.errors.E_OUT_OF_MEMORY`); this is the last resort, for memory that ran out
    elsewhere (one huge document being segmented).  The outputs are left as they were, as for any failed run.

    The text of ``--help`` or ``--version``, which click writes as it reads the options, ends the run as a command's
    output does when it cannot be written (:func:`._common.standard_output_failed`): a full disk is one line, a
    reader that has gone (``argmine --help | head -n 0``) a quiet exit 0, and a closed standard output
    (``argmine --version >&-``) one line and exit 1, as ``argmine segment corpora/ >&-`` is.
    """
    out_of_memory = folder_gone = False
    try:
        yield
    except click.ClickException as e:
        from ..tables import shown

        if not isinstance(e, getattr(click.exceptions, "NoArgsIsHelpError", ())):  # bare 'argmine': click's help is the message
            e.message = shown(e.message)
        raise
    except click.exceptions.Exit as e:
        # click's --help and --version end the run with Exit(0) once written; with no standard output (>&-) click.echo
        # wrote nothing, which must not pass for success: one line, exit 1, as a command's output to a closed one
        if e.exit_code != 0 or sys.stdout is not None:
            raise
        from ..errors import E_TEXT_OUTPUT_CLOSED, InputError
        from ._common import EXIT_INPUT, echo_error

        echo_error(str(InputError("standard output", E_TEXT_OUTPUT_CLOSED)))
        sys.exit(EXIT_INPUT)
    except MemoryError:  # the line is printed after this block, once what ran out of memory is let go
        out_of_memory = True
    except FileNotFoundError:  # the current folder was deleted: a relative path named nothing (os.path.abspath asked for it)
        from ._common import folder_gone as gone

        if not gone():
            raise
        folder_gone = True
    except OSError as e:
        if not _click_wrote(e):
            raise
        from ._common import standard_output_failed

        standard_output_failed(e)
    if folder_gone:
        from ..errors import E_FOLDER_GONE
        from ._common import EXIT_INPUT, echo_error

        echo_error(E_FOLDER_GONE)
        sys.exit(EXIT_INPUT)
    if out_of_memory:
        from ..errors import E_OUT_OF_MEMORY_RUN
        from ._common import EXIT_INPUT, echo_error

        echo_error(E_OUT_OF_MEMORY_RUN)
        sys.exit(EXIT_INPUT)


def _click_wrote(e: OSError) -> bool:
    """Whether ``e`` was raised as click wrote on standard output (:func:`click.echo`, where the write failed): the text
    of ``--help`` or ``--version``.  A command writes its output itself, through :func:`._common.open_output`."""
    tb = e.__traceback__
    while tb is not None and tb.tb_next is not None:
        tb = tb.tb_next
    return tb is not None and tb.tb_frame.f_code is click.echo.__code__ and not tb.tb_frame.f_locals.get("err")


@contextlib.contextmanager
def _long_csv_cells():
    """csv reads cells of any length during the run, and its limit is put back after it (a program that runs :func:`main`
    keeps its own): the run's process is the command's, and every table it reads (an import's sheet too) may hold a long
    text.  The library raises it only around its own reads (:func:`argmine.read.long_cells`)."""
    import csv

    before = csv.field_size_limit()
    csv.field_size_limit(max(before, 2**31 - 1))
    try:
        yield
    finally:
        csv.field_size_limit(before)


def _did_you_mean(name: str, names: list[str]) -> str:
    """The names among ``names`` close to ``name``, worded as click suggests options; ``""`` when none is.

    >>> _did_you_mean("analyz", list(COMMANDS)), _did_you_mean("xyzzy", list(COMMANDS))
    ("Did you mean 'analyze'?", '')
    """
    import difflib

    close = sorted(difflib.get_close_matches(name, names))
    if len(close) > 1:
        return f"(Did you mean one of: {', '.join(map(repr, close))}?)"
    return f"Did you mean {close[0]!r}?" if close else ""


def _exists(target: str) -> bool:
    import importlib.util

    return importlib.util.find_spec(target.split(":")[0]) is not None


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.version_option(__version__, prog_name="argmine")
def main():
    """Mine arguments in Chinese text: stance themes, sentiment, evidence.

    Read scraped pages (any common Chinese encoding, Traditional or
    Simplified) and comment tables, segment them into argument units that
    point exactly back into the source, classify and aggregate them, and
    round-trip labels with Label Studio, doccano, brat or CSV.

    \b
    Quick start:
      argmine analyze corpora/            per-theme table for a folder of pages (corpora/ in a checkout)
      argmine segment corpora/ --explain  units and every dropped span, with reasons
      argmine COMMAND --help              options of one command
    """
    run_started()  # the command was imported (click runs this just before the command's options are read and it runs)
    _drop_unusable_source_date_epoch()


def _drop_unusable_source_date_epoch() -> None:
    """A ``SOURCE_DATE_EPOCH`` that is not a whole number of seconds (or one past what the platform's time holds) is
    warned about and dropped for the run.

    numpy's f2py (which scipy imports, so the default model does) reads it with ``int()`` at import and fails
    with a traceback on an empty or other value; the run's process is the command's, so it goes before that.
    """
    import os

    from .. import _numpy_reads_epoch

    value = os.environ.get("SOURCE_DATE_EPOCH")
    digits = value is not None and value.isascii() and value.isdigit()
    if value is None or (digits and _numpy_reads_epoch(value)):
        return
    del os.environ["SOURCE_DATE_EPOCH"]
    if value:  # empty is unset (aggregate.provenance_date)
        from ..errors import W_SOURCE_DATE_EPOCH, W_SOURCE_DATE_EPOCH_RANGE, shown_repr
        from ._common import echo_warning

        echo_warning((W_SOURCE_DATE_EPOCH_RANGE if digits else W_SOURCE_DATE_EPOCH).format(value=shown_repr(value, 20)))
