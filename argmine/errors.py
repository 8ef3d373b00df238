"""Typed exceptions and every user-facing message, kept in one place.

Library code raises these; only the CLI prints them (one line each) and
chooses the exit code.  Messages say what was expected, what was found and
how to fix it, so that tests and users can grep for them.
"""

from __future__ import annotations

import errno
import os
from contextlib import contextmanager
from contextvars import ContextVar
from functools import lru_cache
from typing import Iterator


class ArgmineError(Exception):
    """Base class of every error argmine raises on purpose.

    ``kind`` says what a failed record got wrong, where a command words what to
    do by it (:func:`too_many_failed`): one of :data:`FAILURE_KINDS` (``"label"``:
    a theme the schema lacks; ``"sentiment"``: a sentiment none of the three every
    schema has; ``"field"``: a field or column the record lacks, or its text
    empty; ``"json"``: a line that is no JSON object), ``""`` for any other failure.  It is set where the error is raised, never read off the message.
    Every one pickles with its message and attributes (a ``Dataset.map`` worker's error crosses to the parent process).
    """

    kind: str = ""


class InputError(ArgmineError):
    """An input file or record cannot be read.

    ``source`` names the file (and record) so that the CLI can report it and
    carry on with the other inputs.  ``count`` is the number of records the
    error stands for (one line can summarise many records of a file).
    ``file_level`` marks a file that could not be used at all (missing, not a
    table, no records), as against one of its records.  ``kind``: what failed
    (:class:`ArgmineError`).

    >>> InputError("g.jsonl", "line 2: not valid JSON (Expecting value); fix or remove that line", kind="json").kind
    'json'
    """

    def __init__(self, source: str, message: str, *, count: int = 1, file_level: bool = False, kind: str = ""):
        self.source = source
        self.message = message
        self.count = count
        self.file_level = file_level
        self.kind = kind
        super().__init__(f"{source}: {message}")

    def __reduce__(self):
        # ``args`` holds only the joined line: unpickling (a ``num_proc`` worker's error) calls the class with source and message.
        return type(self), (self.source, self.message), self.__dict__


class InputWarning(UserWarning):
    """What reading did to an input that is not a failure, for the caller to know or filter.

    Every warning of :mod:`argmine.read` and :mod:`argmine.decode` is one: a row skipped (empty text) or
    read with ``row_kind``, bytes read as U+FFFD, a declared charset ignored,
    ids renamed, columns renamed, files a folder walk did not read.  So are those of
    :func:`argmine.annotations.realign`: gold records that aligned to the source's text as read now (its
    Big5 punctuation, the other script) or moved into a unit of another kind.
    """


class InputNote(InputWarning):
    """An :class:`InputWarning` that tells what reading left out as it was asked to, not a problem with the input:
    the command line prints it as a note (``argmine: note: ...``), which ``--quiet`` leaves out.

    Argmine's own outputs left inside an input folder, which the command line's folder walks leave out
    (:data:`N_WALK_OUTPUT`), are told so.
    """


#: Frames in files under this folder are argmine's own; a warning names the line that called the outermost of them.
_PACKAGE_DIR = os.path.join(os.path.dirname(__file__), "")


#: The list :func:`warnings_kept` collects this context's warnings into, or ``None``: given (a context variable, so per thread).
_KEPT: "ContextVar[list[tuple[str, type[Warning]]] | None]" = ContextVar("argmine_warnings_kept", default=None)


@contextmanager
def warnings_kept() -> "Iterator[list[tuple[str, type[Warning]]]]":
    """Inside the block, the warnings argmine gives (:func:`warn_caller`) go into the list it yields, as
    ``(message, category)``, instead of being given.

    For reading something only to compare it (a model's own ``schema.toml``): what it would warn about is
    not in use.  Unlike :func:`warnings.catch_warnings` it leaves the process's warning filters alone, so
    it is safe in threads (before Python 3.14, ``catch_warnings`` swaps the one filter list of the process:
    two threads in it at once can leave "ignore" installed for good).

    >>> import warnings
    >>> before = list(warnings.filters)
    >>> with warnings_kept() as kept:
    ...     warn_caller("x.toml: theme 'a': color 'navy' is not a hex colour", UserWarning)
    >>> kept, warnings.filters == before
    ([("x.toml: theme 'a': color 'navy' is not a hex colour", <class 'UserWarning'>)], True)
    """
    kept: list[tuple[str, type[Warning]]] = []
    token = _KEPT.set(kept)
    try:
        yield kept
    finally:
        _KEPT.reset(token)


def warn_caller(message: str, category: type[Warning] = UserWarning) -> None:
    """:func:`warnings.warn`, attributed to the caller's line: the one that called into argmine.

    A warning raised deep in reading (a generator inside a generator) would
    otherwise name a line of argmine's own code, and one raised while a
    caller's wrapper drives argmine's loop (``analyze(..., progress=tqdm)``)
    a line of that wrapper.  So the ``stacklevel`` is that of the frame
    below the outermost argmine frame, counted as :func:`warnings.warn`
    counts (``importlib`` bootstrap frames skipped), on every Python version.
    """
    import sys
    import warnings

    kept = _KEPT.get()
    if kept is not None:  # inside warnings_kept(): collected, not given
        kept.append((message, category))
        return

    def internal(frame) -> bool:  # what warnings.warn leaves out when it counts the stacklevel
        name = frame.f_code.co_filename
        return "importlib" in name and "_bootstrap" in name

    level, frame, outermost = 2, sys._getframe(1), 1  # stacklevel 2 is the frame that called warn_caller
    while frame is not None:
        if frame.f_code.co_filename.startswith(_PACKAGE_DIR):
            outermost = level
        frame = frame.f_back
        while frame is not None and internal(frame):
            frame = frame.f_back
        level += 1
    warnings.warn(message, category, stacklevel=outermost + 1)


class OutputFolderError(InputError):
    """An output file given as a folder (an existing one, or a name ending in ``/``, ``/.`` or ``/..``), or an output
    path whose ``..`` steps out of a folder that does not exist (``new/../out.jsonl``): a usage error.

    The CLI exits 2 on it, as for any usage error; it is an :class:`InputError`
    for code that catches those.
    """


class SchemaError(ArgmineError):
    """A schema file is missing, malformed or inconsistent, or a label is not one of the schema's.

    For a label the schema lacks, ``label`` is that label as given and
    ``label_type`` says which it was meant to be (``"theme"`` or
    ``"sentiment"``), set where it is raised, so that :func:`label_hint`
    need not read them off the message; ``kind`` is then ``"sentiment"``
    for a sentiment (no other schema has other sentiments), else ``"label"``
    (:class:`ArgmineError`).  Otherwise ``label`` is ``None``.

    >>> e = SchemaError("unknown theme 'Privacy' in schema 'x'", label="Privacy", label_type="theme")
    >>> e.label, e.label_type, e.kind
    ('Privacy', 'theme', 'label')
    >>> SchemaError("unknown sentiment 'meh' in schema 'x'", label="meh", label_type="sentiment").kind
    'sentiment'
    """

    def __init__(self, *args, label: str | None = None, label_type: str = ""):
        super().__init__(*args)
        self.label = label
        self.label_type = label_type
        if label is not None:
            self.kind = "sentiment" if label_type == "sentiment" else "label"


class ModelError(ArgmineError):
    """A model directory cannot be loaded, or a model is used before fitting."""


class AnnotationError(ArgmineError):
    """An annotation record cannot be mapped back to a unit or validated; ``kind``: what failed (:class:`ArgmineError`)."""

    def __init__(self, source: str, message: str, *, kind: str = ""):
        self.source = source
        self.message = message
        self.kind = kind
        super().__init__(f"{source}: {message}")

    def __reduce__(self):
        return type(self), (self.source, self.message), self.__dict__  # as InputError's: ``args`` is the joined line


class AlignmentError(ArgmineError):
    """A span does not align with the text it claims to come from."""


class MissingDependency(ArgmineError, ImportError):
    """An optional dependency is not installed (the message names the install command) or fails to import (it says why)."""


# --- messages -------------------------------------------------------------


def plural(n: int, word: str) -> str:
    """``n`` and ``word``, with an ``s`` unless ``n`` is 1: ``plural(1, "unit") == "1 unit"``."""
    return f"{n} {inflect(n, word)}"


def inflect(n: int, one: str, many: str | None = None) -> str:
    """The form of ``one`` that agrees with a count ``n`` said elsewhere in a message: ``many`` (else ``one`` + s) unless ``n`` is 1.

    >>> inflect(1, "line"), inflect(3, "line"), inflect(3, "was", "were")
    ('line', 'lines', 'were')
    """
    return one if n == 1 else (many or f"{one}s")


#: How many characters of a value a message shows before it is cut (a 100,000-character cell made a 300 KB line).
SHOWN_LENGTH = 80


def shortened(text: str, limit: int = SHOWN_LENGTH) -> str:
    """``text`` for a message: cut after ``limit`` characters, naming its length, when it is longer.

    >>> shortened("好" * 5, 3)
    '好好好… (5 characters)'
    """
    return text if len(text) <= limit else f"{text[:limit]}… ({len(text)} characters)"


def shown_repr(value: object, limit: int = SHOWN_LENGTH) -> str:
    """``repr(value)`` for a message; a long string shows its first ``limit`` characters and its length.

    The limit counts a string's own characters, not the quotes and escapes of
    its repr: one of ``limit`` characters or fewer is shown whole.

    >>> shown_repr("好"), shown_repr("好" * 5, 3), shown_repr(["好" * 5], 6)
    ("'好'", "'好好好'… (5 characters)", "['好好好好… (9 characters)")
    >>> shown_repr("9" * 20, 20), shown_repr("9" * 21, 20)
    ("'99999999999999999999'", "'99999999999999999999'… (21 characters)")
    """
    if isinstance(value, str):
        return repr(value) if len(value) <= limit else f"{value[:limit]!r}… ({len(value)} characters)"
    return shortened(repr(value), limit)


E_MISSING = "no such file or directory; check the path"
#: A named file that is there but the system would not read: a loop of links in a folder of its path (a link to
#: nothing named itself is :data:`E_BROKEN_LINK`), a file where a folder of its path goes
#: (``page.txt/x``), a folder where a file goes.  ``reason``: the system's words.
E_CANNOT_READ = "cannot be read ({reason}); check the path"
#: A named file its owner's permissions keep from this user.
E_PERMISSION_DENIED = "permission denied; check the file's permissions"


def cannot_read(error: OSError) -> str:
    """Why a named input file (data, gold, a labelling tool's export) could not be read, for ``error`` raised opening
    or reading it: :data:`E_PERMISSION_DENIED` or :data:`E_CANNOT_READ`, as the reading commands word both.

    >>> cannot_read(PermissionError(errno.EACCES, os.strerror(errno.EACCES), "g.jsonl"))
    "permission denied; check the file's permissions"
    >>> cannot_read(OSError(errno.ELOOP, "Too many levels of symbolic links", "loop"))
    'cannot be read (Too many levels of symbolic links); check the path'
    """
    if isinstance(error, PermissionError):
        return E_PERMISSION_DENIED
    return E_CANNOT_READ.format(reason=error.strerror or error)
E_EMPTY = "file is empty; there is nothing to segment (remove it or add text)"
#: E_EMPTY for a text file that is not empty but holds only white space (spaces, line breaks).
E_BLANK = "file holds only white space; there is nothing to segment (remove it or add text)"
#: E_BLANK for a text file whose only other characters are invisible ones (argmine.normalize.INVISIBLE: a copied U+200B),
#: which cleaning trims as white space; {found} names them by code point.
E_BLANK_INVISIBLE = "file holds only white space or invisible characters ({found}); there is nothing to segment (remove it or add text)"
E_EMPTY_HTML = "HTML page shows no text (only markup, scripts or styles); there is nothing to segment"
E_BINARY = "looks like binary data ({what}), not text; pass only text, JSONL or CSV files"
E_NUL_BYTES = (
    "looks like binary data (contains NUL bytes), not text; if it is UTF-16 text "
    "without a byte-order mark, pass --encoding utf-16-le (or utf-16-be; encoding= in Python), "
    "otherwise pass only text, JSONL or CSV files"
)
E_UNDECODABLE = (
    "cannot be decoded as UTF-8, UTF-16, GB18030 or Big5, nor as UTF-8 damaged in a few places; "
    "pass --encoding NAME (encoding= in Python) if you know its encoding"
)
E_NUL_IN_UTF8 = (
    "looks like binary data: it is {encoding} but holds {n} ({share:.0%} of its bytes; the first on line {line}), "
    "far more than stray ones in text; pass only text, JSONL or CSV files, or, if it is text, remove them "
    "(e.g. tr -d '\\000' < FILE > NEW)"
)
#: A few stray NUL bytes in UTF-8, GB18030 or Big5 text (the encoding is recorded on the document).
W_NUL_IN_UTF8 = (
    "{source}: holds {n} (the first on line {line}), kept in the text as U+0000; "
    "if they do not belong there, remove them (e.g. tr -d '\\000' < FILE > NEW)"
)
W_DAMAGED = (
    "{source}: {n} not valid {encoding} read as U+FFFD, the first at byte {at} (line {line}): "
    "{why}; repair the file or save it again to silence this"
)
E_UTF8_SURROGATE = (
    "is UTF-8 except for an unpaired UTF-16 surrogate ({code}, line {line}) written as UTF-8 bytes, half of a character "
    "such as an emoji cut in two; remove it, or save the file again as standard UTF-8"
)
W_CESU8 = (
    "{source}: characters beyond U+FFFF (emoji) are written as UTF-16 surrogate pairs in UTF-8 bytes "
    "(CESU-8, as MySQL utf8 and Java write them); read as the characters they stand for. "
    "Save the file as standard UTF-8 (MySQL utf8mb4) to silence this"
)
E_FORCED_ENCODING = "is not valid {encoding}: {reason} at byte {at} (line {line}), in {places}: too many to read as U+FFFD; {hint}"
#: The end of E_FORCED_ENCODING when the bytes decode otherwise, and when they do not.
H_FORCED_OTHER = "it reads as {found}: drop --encoding (encoding= in Python) to detect it, or pass the right one"
H_FORCED_NONE = "no encoding fits it, so it is damaged or in an encoding argmine does not detect: repair it, or pass the right one"
E_UNKNOWN_ENCODING = "unknown encoding {encoding!r}; use a Python codec name such as utf-8, gb18030 or big5"
E_NOT_TEXT_ENCODING = "{encoding!r} is a Python codec but not a text encoding; use one such as utf-8, gb18030 or big5"
W_DECLARED_CHARSET = (
    "{source}: the page declares charset {charset!r}, which is {what}; "
    "the declaration was ignored and the encoding detected"
)
#: W_DECLARED_CHARSET's ``what``, and the --encoding error, for each reason a name is no text encoding.
NO_TEXT_ENCODING = {
    "unknown": ("not an encoding Python knows", E_UNKNOWN_ENCODING),
    "not text": ("not a text encoding", E_NOT_TEXT_ENCODING),
}
#: A file's few Chinese characters read about as well in GB18030 as in Big5 (顶 in GBK is Big5 階): the encoding used, the other.
W_CHINESE_AMBIGUOUS = (
    "{source}: too little Chinese to tell its encoding: it reads as {encoding} ({text}) about as well as "
    "{other} ({other_text}); read as {encoding}: if it is {other}, pass --encoding {other} (encoding= in Python)"
)
E_JSON_LINE = "line {line}: not valid JSON ({reason}); fix or remove that line"
E_JSON_NOT_OBJECT = "line {line}: expected a JSON object, found {found}; each line must be one object"
#: JSON Lines pretty-printed (``jq .``, ``json.dumps(indent=2)`` per record): one line for the file, not one per line.
E_JSONL_PRETTY = (
    "holds JSON objects spread over several lines (pretty-printed, as jq . writes them), not one object per line; "
    "write one object per line (jq -c . FILE > NEW.jsonl)"
)
E_JSONL_IS_ARRAY = "holds one JSON array, not JSON Lines (one object per line); {fix}, to read the array's objects as rows"
#: The fix E_JSONL_IS_ARRAY offers, by where the array came from: a file named .json, stdin, or another file.
JSONL_ARRAY_FIX = {
    ".json": "leave out --input-format jsonl (a .json file is read as an array), or pass --input-format json "
             "(input_format='json' in Python)",
    "-": "pass --input-format json (input_format='json' in Python)",
    "": "name the file .json, or pass --input-format json (input_format='json' in Python)",
}
E_JSON_FILE = "is not valid JSON ({reason}); fix the file, or save the rows as JSON Lines (one object per line, .jsonl)"
E_JSON_IS_LINES = (
    "is not one JSON document ({reason}) but JSON Lines (one object per line); pass --input-format jsonl "
    "(input_format='jsonl' in Python){rename} to read each line as a row"
)
E_JSON_NOT_ROWS = (
    "holds {found}, not a JSON array of row objects ([{{\"id\": ..., \"text\": ...}}, ...]); "
    "save the rows as such an array, or as JSON Lines (one object per line, .jsonl)"
)
E_JSON_ITEM_NOT_OBJECT = "{where}: expected a JSON object, found {found}; each item of the array must be one row object"
E_NO_ROWS = "has a header but no rows; there is nothing to segment (remove it, or add rows)"
E_JSON_NO_ROWS = "holds an empty JSON array; there is nothing to segment (remove it, or add rows)"
W_ABSENT_COLUMN = (
    "{source}: no row has the {field!r} column given by --{option} ({keyword}= in Python; columns: {columns}); "
    "{consequence}. Names must match exactly, case too"
)
W_REPEATED_COLUMNS = (
    "{source}: the header names {names} more than once; the later columns are read as {renamed}, so that no cell is lost{pick}"
)
W_HEADER_ROWS = "{source}: {n} {rows} {repeat} the header (first: {where}; tables joined with cat?); skipped"
#: ``texts``: H_RENAMED_DISTINCT, H_RENAMED_REPEATS or H_RENAMED_SOME, by how many rows repeat the text of the one whose id they took.
W_RENAMED_IDS = (
    "{source}: {n} document {ids} already taken by earlier rows or files got a ~N suffix (first: {old} -> {new}); {texts}"
)
#: W_RENAMED_IDS for a text or HTML file whose name, less its suffix, is another such file's (post1.html, post1.txt): not repeats.
W_RENAMED_FILE_ID = (
    "{source}: document id {old} is taken by {other} (a file's id is its name without the suffix), so this file is read "
    "as {new}; both are counted: rename one of them to choose its id, or leave one out if they hold the same text"
)
#: W_RENAMED_FILE_ID where the id is a row's of the table {other}.
W_RENAMED_FILE_ID_ROW = (
    "{source}: document id {old} is taken by a row of {other} (a file's id is its name without the suffix), so this file "
    "is read as {new}; both are counted: rename the file or change the row's id, or leave one out if they hold the same text"
)
#: W_RENAMED_IDS when a repeated id is a long number as Excel shows it (``1.23457E+11``): the rows are distinct comments.
W_RENAMED_IDS_EXCEL = (
    "{source}: {n} document {ids} already taken by earlier rows or files got a ~N suffix (first: {old} -> {new}); "
    "{excel} looks like a long number Excel rounded (scientific notation), so different rows may share it: "
    "they are not repeats. Save the sheet again from Excel with the id column formatted as Text, or pass --id-field none "
    "to number the rows (id_field=None in Python)"
)
#: The four above for more than one file of a run, each in one line (read._RenamedIds): 20,000 folders of comments.jsonl
#: would otherwise give 19,999 lines.  ``first``: the first few files, each as a ``*_SHOWN`` below says it; ``more``:
#: W_RENAMED_MORE, or nothing when every file is shown.
W_RENAMED_FILE_IDS = (
    "{n:,} text or HTML files have a document id already taken by another file or a row (a file's id is its name without "
    "the suffix), so each is read with a ~N suffix: {first}{more}; all are counted: rename them to choose their ids, or "
    "leave out those that hold the same text"
)
W_RENAMED_FILE_SHOWN = "{source} as {new} ({old} taken by {other})"
W_RENAMED_FILE_SHOWN_ROW = "{source} as {new} ({old} taken by a row of {other})"
W_RENAMED_IDS_FILES = (
    "{n:,} files have {ids:,} document ids already taken by earlier rows or files, which got a ~N suffix: {first}{more}; {texts}"
)
#: W_RENAMED_IDS's and W_RENAMED_IDS_FILES's ``texts``, by how many of the rows renamed hold the same text as the row (or file)
#: whose id they took, whitespace and invisible characters left out (normalize.shown_chars): none (pages or days exported
#: apart, each numbering its rows 1..N: distinct comments, not to be removed), every one (a dump merged twice), or some.
H_RENAMED_DISTINCT = (
    "none holds the same text as the document whose id it took: distinct rows, all counted; give them unique ids to choose their ids"
)
H_RENAMED_REPEATS = (
    "each holds the same text as the document whose id it took: rows repeated across pages or dumps are counted twice: "
    "remove the repeats to count each once"
)
H_RENAMED_SOME = (
    "{same:,} of them with the same text as the document whose id they took (repeats, counted twice: remove them to count each "
    "once), {other:,} with other text (distinct rows, all counted)"
)
W_RENAMED_IDS_EXCEL_FILES = (
    "{n:,} files have {ids:,} document ids already taken by earlier rows or files, which got a ~N suffix: {first}{more}; "
    "ids such as {excel} look like long numbers Excel rounded (scientific notation), so different rows may share one: "
    "they are not repeats. Save each sheet again from Excel with the id column formatted as Text, or pass --id-field none "
    "to number the rows (id_field=None in Python)"
)
#: ``first`` is "first " for a file with more than one id renamed.
W_RENAMED_IDS_SHOWN = "{source} ({k} {ids}, {first}{old} -> {new})"
W_RENAMED_MORE = ", ... and {n:,} more"
#: A CSV or TSV record whose quoted field took lines that read as rows of the header's width (a stray opening quote, or a
#: comment's own lines): read as one field, as pandas and Excel read it.
W_TSV_RECORD_OF_ROWS = (
    "{source}: {n} {records} (first: {where}) {hold} a quoted field whose lines would each be a row of their own; "
    "read as quoted fields, as pandas and Excel write them. If those lines are rows, the quote mark that opens "
    "the field is text: remove it, or quote the field and double the quote marks in it"
)
E_NO_COLUMN = "has no {field!r} column (columns: {columns}); pass --{option} NAME ({keyword}= in Python)"
#: What to pass for a column or field that is the one asked for but for its case or the white space around it: the fix of
#: E_NO_COLUMN_NEAR and E_NO_FIELD_NEAR, and alone for one label column missing beside another (train's ``Themes``).
H_LABEL_FIELD_NEAR = "{near!r} {differs}: pass --{option} {quoted} ({keyword}= in Python)"
#: E_NO_COLUMN when a column is the one asked for but for its case or the white space around it (Excel's ``ID,Text``).
E_NO_COLUMN_NEAR = "has no {field!r} column (columns: {columns}), but " + H_LABEL_FIELD_NEAR
#: E_NO_COLUMN when a later line of the first few holds every column asked for: title rows above the header (Excel exports).
E_HEADER_LATER = (
    "has no {field!r} column in its first line ({first}), but line {line} holds it: the header row seems to be on "
    "line {line}; remove the lines above it"
)
E_MORE_WITHOUT_FIELD = "... and {n} more {records} without a {field!r} field; pass --{option} NAME ({keyword}= in Python)"
E_TEXT_NOT_STRING = "{where}: field {field!r} is {found}, expected a string; {hint}"
E_NOT_STRING_HINT = "fix the row, or pass --text-field NAME if the text is in another field (text_field= in Python)"
#: A field that is a JSON object (Bilibili's ``content``): a dotted name reads a key inside it.
E_OBJECT_FIELD_HINT = "pass --{option} {example} to read a key inside it ({keyword}= in Python; its keys: {keys})"
E_CSV = "row {line}: {reason}"
E_CSV_LINE = "line {line}: {reason}"
E_ID_NOT_SCALAR = "{where}: field {field!r} is {found}; expected a string or a number (or no value, to number the rows){hint}"
E_EMPTY_TEXT = "{where}: field {field!r} is empty; the row is skipped (it has nothing to segment)"
#: E_EMPTY_TEXT for a cell that only looks empty: white space and invisible characters ({found}: their code points).
E_INVISIBLE_TEXT = "{where}: field {field!r} holds only white space or invisible characters ({found}); the row is skipped (it has nothing to segment)"
#: JSON ``null`` is how pandas, databases and scrapers write a missing text (a deleted comment): skipped as an empty field is.
E_NULL_TEXT = "{where}: field {field!r} is null (no text); the row is skipped (it has nothing to segment)"
E_EMPTY_HTML_TEXT = "{where}: field {field!r} shows no text read as HTML (--cells html); the row is skipped (it has nothing to segment)"
W_CELLS_HTML = (
    "{source}: {n} of {m} {field!r} cells hold HTML markup (such as {example!r}), read as text, tags and entities "
    "included; pass --cells html to read them as the text a browser shows (cells='html' in Python)"
)
E_MORE_EMPTY_TEXT = "... and {n} more {records} with an empty {field!r} field, skipped"
E_LONE_SURROGATE = (
    "{where}: field {field!r} contains an unpaired UTF-16 surrogate ({code}), half of a character "
    "such as an emoji cut in two; remove it or complete the pair"
)
E_CSV_EXTRA_FIELDS = "{n} more {fields} than the header; quote fields that contain ','"
E_TSV_EXTRA_FIELDS = "{n} more {fields} than the header; a tab inside a TSV field needs the field quoted: remove the extra tabs, or quote the field"
E_CSV_SHORT_ROW = (
    "row {line}: has {n} {fields} but the header has {m}, so there is no {field!r} value; "
    "add the missing fields or remove the row ({hint})"
)
E_CSV_SHORT_HINT = "a line break inside a field needs the field quoted"
E_TSV_SHORT_HINT = "a line break inside a TSV field needs the field quoted"
E_CSV_UNCLOSED_QUOTE = (
    "row {line}: a quote opened in this row is never closed, so the rest of the file would be read as its text; "
    'close it, or double every quote inside a quoted field ("")'
)
E_CSV_BAD_QUOTE = (
    "row {line}: text follows the closing quote of a quoted field ({reason}); "
    'double every quote inside a quoted field (""), or do not start the field with a quote'
)
W_STDIN_HTML = (
    "standard input is read as plain text, but it starts like an HTML page ({start}); "
    "pass --input-format html to read the text the page shows"
)
#: A .txt file that is a table: Excel saves its "Unicode Text" (UTF-16) and "Text (Tab delimited)" sheets as .txt.
W_TXT_TSV = (
    "{source}: read as one text document, but it looks like a tab-separated table (columns: {columns}; Excel saves "
    "its \"Unicode Text\" and \"Text (Tab delimited)\" so); pass --input-format tsv (input_format='tsv' in Python), "
    "or name the file .tsv, to read each row as a document"
)
#: A .txt file that is a saved HTML page, or rows of JSON (a scraper's output saved under another name).
W_TXT_HTML = (
    "{source}: read as one text document, but it starts like an HTML page ({start}); pass --input-format html "
    "(input_format='html' in Python), or name the file .html, to read the text the page shows"
)
W_TXT_JSON = (
    "{source}: read as one text document, but its first line looks like JSON; pass --input-format jsonl or json "
    "(one array of row objects; input_format= in Python), or name the file .jsonl or .json, to read each row as a document"
)
W_STDIN_TEXT = (
    "standard input is read as plain text, but {why}; "
    "pass --input-format jsonl, json (one array of row objects), csv or tsv to read it as a table"
)
#: A .txt file that is a comma-separated table (a CSV saved under another name): its header holds --text-field or --id-field.
W_TXT_CSV = (
    "{source}: read as one text document, but it looks like a comma-separated table (columns: {columns}); pass "
    "--input-format csv (input_format='csv' in Python), or name the file .csv, to read each row as a document"
)
E_WRITE_OUTPUT = "cannot write output ({reason}); check the directory exists and is writable"
#: An output file that names a folder (:class:`OutputFolderError`): ``reason`` is "it is a folder" or "it ends in '/', so it names a folder".
E_OUTPUT_FOLDER = "cannot write output ({reason}); pass a file name"
#: The mirror of E_OUTPUT_FOLDER: an output folder (export's) that is a file (:class:`OutputFolderError`).
E_OUTPUT_NOT_FOLDER = "cannot write output (it is a file); pass a folder"
#: Why an output cannot be written when a file stands where a folder of its path must be (``-o pf/out.jsonl``, pf a file):
#: ``path`` is that file, absolute (:func:`write_reason`).
E_FILE_NOT_FOLDER = "{path} is a file, not a folder"
#: An output path whose ``..`` steps out of a folder that does not exist (``-o new/../in.csv``), which writing would
#: create only to pass through it (:class:`OutputFolderError`); ``why`` is "does not exist" or "is a file".
E_OUTPUT_THROUGH_MISSING = "cannot write output ('{through}' steps out of {folder}, which {why}); leave '{through}' out of the path"
E_DOCUMENT_SURROGATE = (
    "Document {name} holds an unpaired UTF-16 surrogate ({code} at character {at}), half of a character "
    "such as an emoji, which no UTF-8 output can hold; replace it first, e.g. "
    "re.sub('[\\ud800-\\udfff]', '\\ufffd', text)"
)
E_HF_OVERWRITE = (
    "the dataset already has column(s) {columns}, which the predictions would overwrite; "
    "rename them first (ds.rename_column('themes', 'gold_themes')) or pass remove_columns=[...]"
)
#: An empty path option or argument (``-o "$OUT"`` with ``OUT`` unset); ``what``: the kind of path to pass.
E_EMPTY_PATH_NAMES = "an empty path names no file (is a variable unset?); pass {what}"
E_EMPTY_PATH = E_EMPTY_PATH_NAMES.format(what="a file or folder name (. for the current folder)")
E_NO_INPUTS = "no input files matched; check the paths and the --include/--exclude globs (include=/exclude= in Python)"
#: A folder named among the inputs that gave no file to read (read._expand), whether or not other inputs did;
#: ``held`` is one of the three below: what the folder held instead.
E_FOLDER_NO_INPUTS = "no input files matched: {held}"
H_FOLDER_EMPTY = "the folder holds no files (hidden ones are never read); check the path"
H_FOLDER_LEFT_OUT = (
    "the --include/--exclude globs (include=/exclude= in Python) leave out its {n} {files} ({first}{more}); check the path and the globs"
)
H_FOLDER_ONLY_OUTPUT = "it holds only the output {first}, which is not read as an input; check the path"
#: A folder of only README* files, which a walk never reads (read.DEFAULT_EXCLUDE).
H_FOLDER_ONLY_README = "it holds only {first}, a folder's README, which a folder walk never reads; name the file to read it"
# walking a folder (read._walk) and writing outputs (cli/_common.open_output, export)
E_UNREADABLE_DIR = "folder cannot be read ({reason}); its files were not read: check its permissions"
W_UNREAD_JSON = (
    "{folder}: {n} .json/.ndjson {files} not read ({first}{more}): a folder's are read only with --include "
    "(e.g. --include '*.json' --include '*.csv'; it replaces the default globs), or name them"
)
#: Excel workbooks are zip archives of XML: nothing argmine reads; Excel saves a sheet as CSV.
W_UNREAD_XLSX = (
    "{folder}: {n} Excel {workbooks} not read ({first}{more}); save each sheet from Excel as "
    "\"CSV UTF-8 (Comma delimited)\" (.csv) to read it"
)
E_XLSX = (
    "is an Excel workbook, not text; save the sheet from Excel as \"CSV UTF-8 (Comma delimited)\" (.csv), "
    "or as \"Unicode Text\" named .tsv, and pass that file"
)
E_BROKEN_LINK = "broken symbolic link to {target} ({reason}); fix the link or remove it"
W_LINKED_FOLDER_SEEN = "{path}: skipped, it links to {target}, a folder already read (its files are read once)"
#: A named input that is a device or a socket (``/dev/zero``, a link to it): reading it would never end. ``kind``: "a device", "a socket".
E_NOT_REGULAR_INPUT = "not a regular file ({kind}); pass a file, or - for standard input"
#: A folder's entry that would have been read but is no regular file (a named pipe, a link to a device); ``kind`` as above.
W_WALK_NOT_REGULAR = "{path}: skipped, not a regular file ({kind}){hint}"
#: W_WALK_NOT_REGULAR's hint for a named pipe, which is read when named (process substitution).
H_WALK_PIPE = "; name it to read what is written into it"
#: A file too big for the memory left (read whole: a 100 MB file of one line takes about 7 times its size); ``size``: its size, or "" when unknown.
E_OUT_OF_MEMORY = "out of memory reading it{size}; split it into smaller files, or run with more memory"
#: The command line's last resort: memory ran out outside the reading of one file (a single huge document being segmented).
E_OUT_OF_MEMORY_RUN = "out of memory; split the inputs into smaller files, or run with more memory"
W_UNDECODABLE_NAME = (
    "some file names are not valid UTF-8 (names from a Windows zip, in GBK?); their undecodable bytes are shown "
    "as \\xNN in document ids and sources. Rename them to UTF-8 to silence this, e.g. convmv -f gbk -t utf-8 -r --notest FOLDER"
)
#: ``inside`` is :data:`N_INSIDE` or :data:`N_THROUGH_LINK` (an output the walk reaches through a symbolic link).
E_OUTPUT_IN_INPUT = "{option} {output} is {inside}; it is not read as an input"
N_INSIDE = "inside the {where} {folder}"
N_THROUGH_LINK = "reached through a symbolic link in the {where} {folder}"
#: A file that a folder walk finds and that an earlier run of argmine wrote (a report, a table of units; read._expand, when
#: the command line asks): left out with a note (:class:`InputNote`), as E_OUTPUT_IN_INPUT leaves out the run's own -o.
#: ``writer`` names the command that writes it; ``path`` as the walk found it, to name on the command line.
N_WALK_OUTPUT = "{path} is inside the input folder {folder} and is what {writer} writes; it is not read as an input (name the file to read it)"
#: The same for more than one file of one folder: one line, the first three named and the rest counted.
N_WALK_OUTPUTS = ("{n} files inside the input folder {folder} are argmine outputs ({first}{more}); they are not read as inputs "
                  "(name a file to read it)")
#: A folder named among the inputs whose files are all argmine outputs (E_FOLDER_NO_INPUTS' ``held``).
H_FOLDER_ONLY_OUTPUTS = "it holds only argmine outputs ({first}{more}), which a folder walk does not read as inputs; name a file to read it"
#: An existing -o inside an input folder that is not a previous run's output: skipped and replaced, an input would be lost.
#: ``why`` is :data:`N_NOT_OURS` or, for another command's output, :data:`N_OTHER_WRITTEN`.
E_OUTPUT_NOT_OURS = "{option} {output} is a file {inside} that {why}, and writing {option} would replace it; pass another {option}"
N_NOT_OURS = "does not look like what {writer} writes: it is an input"
#: An existing output file of a command that reads no input folder (schema -o) that is not what the command writes: the
#: file E_OUTPUT_NOT_OURS refuses in an input folder, refused wherever it is; ``why``: N_NOT_WRITTEN, or N_OTHER_WRITTEN
#: for another command's output (argmine/cli/_common.refuse_foreign_output).
E_OUTPUT_FOREIGN = "{option} {output} {why}, and writing {option} would replace it; pass another {option} (or remove the file first)"
N_NOT_WRITTEN = "is a file that does not look like what {writer} writes ({what})"
N_OTHER_WRITTEN = "is what {other} writes, not what {writer} writes"
#: export -o naming an input folder itself: its files would be written among the inputs (brat's .txt over them).
E_EXPORT_INTO_INPUT = ("{option} {output} is the input folder {folder}: the {fmt} files would be written among the inputs "
                       "(and read as inputs on the next run{brat}); pass another {option}")
#: The same for an export folder inside an input folder that holds a file the walk would read.
E_OUTPUT_FOLDER_NOT_OURS = ("{option} {output} is {inside} and holds {file}, which {why}, "
                            "and writing {option} there would leave it unread or replace it; pass another {option}")
#: export -o naming a folder that holds an input file given by name (export D/a.txt --format brat -o D).
E_EXPORT_HOLDS_INPUT = ("{option} {output} holds the input {input}: the {fmt} files would be written among the inputs{brat}; "
                        "pass another {option}")
E_OUTPUT_IS_INPUT = "{option} {output} is also an input ({input}); writing it would destroy the input: pick another output file"
#: Two outputs of one command that are one file (analyze -o X --report X): the later would overwrite the earlier.
E_SAME_OUTPUT = "{option} {output} and {other} {other_output} are the same file; the one written last would replace the other: give each its own file"
#: '-' given twice (train DATA and --extra, segment - -): standard input can be read once.
E_STDIN_TWICE = "'-' (standard input) is given more than once; it can be read only once: pass the other {what} as files"
#: '-' where a gold file is read by name (agreement A/B, realign GOLD, export --only-unlabeled).
E_STDIN_NOT_READ = "'-' (standard input) is not read here: {what} is read by name; save the records to a file and pass that"
#: -o - where a command writes a folder or more than one file (train's model, realign's OUTPUT and OUTPUT.unaligned.jsonl).
E_NOT_STDOUT = "{what}, not to standard output ('-'): give -o {instead}"
#: import --text-field/--label-field given with another --format: they name doccano's fields and are ignored there.
W_DOCCANO_ONLY = "{options} {apply} to --format doccano only and {are} ignored for --format {fmt}{hint}"
#: An option given with a --format it does not apply to (export --level, --force; import --encoding): a warning, as W_DOCCANO_ONLY.
W_FORMAT_ONLY = "{option} applies to --format {formats} only and is ignored for --format {fmt}{hint}"
#: import -o named as a table (gold.csv): what is written is gold JSONL all the same (train and evaluate read it so).
W_IMPORT_TABLE_NAME = (
    "{output}: import writes gold JSONL (one JSON object per line) whatever the name, not a {table} table: argmine's "
    "commands read it, a spreadsheet does not; name it {stem}.jsonl"
)
#: An -o whose suffix names another format the command writes than the --format written (segment -o units.csv without
#: --format csv): the format is not taken from the name, as import's is not (W_IMPORT_TABLE_NAME).  ``how``: "--format's
#: default" or "--format jsonl".
W_OUTPUT_SUFFIX = "{output}: written as {written} ({how}); pass --format {named} for {what}, or name it {name}"
#: --source-* options given without --source (evaluate: a usage error, as its other options of another mode are).
E_SOURCE_OPTIONS_ALONE = "{options} {apply} only with --source (how the --source files are read)"
#: ... import: ignored, with a warning, as its options of another --format are (W_FORMAT_ONLY).
W_SOURCE_OPTIONS_ALONE = "{options} {apply} only with --source (how the --source files are read) and {are} ignored without it"
#: Two outputs of one command that are one open stream (analyze's -o, '-' by default, and --report /dev/stdout).
E_SAME_STREAM = "{option} {output} and {other} {other_output} both write to {stream}, where the two would be mixed: give each its own file"
E_WRITE_FAILED = "cannot write output ({reason}); {what}"
#: A write that failed for want of space: another folder on the same disk would not help.
E_DISK_FULL = "cannot write {what} ({reason}); the disk is full: free some space on it, or write to another disk"
#: train's model that could not be written (moved into place only when complete): {lost} says what -o holds now.
E_MODEL_WRITE = "cannot write the model ({reason}); {lost}"
E_OUTPUT_CLOSED = "cannot write output (it is closed); pass -o FILE"
#: argmine --help or --version (a command's --help too) started with standard output closed (>&-): click writes nowhere.
E_TEXT_OUTPUT_CLOSED = "cannot write output (it is closed); --help and --version print there: run it again with standard output open"
E_EXPORT_WRITE = "cannot write the {fmt} export ({reason}); pass {expected} that can be written"


def missing_dependency(package: str, extra: str, cause: ImportError | None = None) -> MissingDependency:
    """Build the error raised when an optional dependency cannot be imported (``cause``: what importing it raised).

    A module that is not installed (``package`` itself, or one it needs) names the extra to install; one that is
    installed but fails to import (a C extension built for another NumPy) says so with the system's reason, as
    installing the extra again would change nothing.

    >>> print(missing_dependency("plotz", "plot", ModuleNotFoundError("No module named 'plotz'", name="plotz")))
    this feature needs 'plotz', which is not installed; run: pip install 'argmine[plot]'
    >>> print(missing_dependency("datasets", "data", ImportError("numpy.core.multiarray failed to import")))
    this feature needs 'datasets', which is installed but cannot be imported (numpy.core.multiarray failed to import); repair that installation (pip check, or reinstall the package the reason names), then run again
    """
    if cause is None or _not_installed(cause):
        missing = (getattr(cause, "name", None) or package).split(".")[0]
        part = "" if missing == package else f" (part of argmine[{extra}])"  # torch or datasets beside transformers, pyarrow
        return MissingDependency(
            f"this feature needs {missing!r}{part}, which is not installed; run: pip install 'argmine[{extra}]'"
        )
    reason = str(cause).strip().splitlines()[0] if str(cause).strip() else type(cause).__name__
    return MissingDependency(
        f"this feature needs {package!r}, which is installed but cannot be imported ({reason}); "
        "repair that installation (pip check, or reinstall the package the reason names), then run again"
    )


def _not_installed(cause: ImportError) -> bool:
    """Whether ``cause`` says a module is not installed at all (not found anywhere), rather than broken."""
    import importlib.util

    name = getattr(cause, "name", None)
    if not isinstance(cause, ModuleNotFoundError) or not name:
        return False
    try:
        return importlib.util.find_spec(name.split(".")[0]) is None
    except (ImportError, ValueError):
        return False

# --- annotations (gold JSONL, exporters, importers) -------------------------

E_GOLD_FIELD = "field {field!r} is {found}; expected {expected} (see annotations/README.md for the record format)"
E_GOLD_MISSING = "missing field(s) {fields}; each gold record needs id, doc, start, end, text, themes, sentiment"
#: A gold record with one offset: ``has``/``lacks`` are start and end, either way round.
E_GOLD_ONE_OFFSET = ("has {has} but no {lacks}; a record with offsets needs both start and end (one without offsets needs neither): "
                     "add {lacks} or remove {has}")
E_GOLD_OFFSETS = "offsets {start}..{end} do not span the {n} characters of text {text!r}; fix start/end or text"
#: Said after E_GOLD_OFFSETS when the offsets span the text's UTF-8 bytes (:func:`byte_offsets_hint`).
H_BYTE_OFFSETS = "; these look like UTF-8 byte offsets; argmine counts characters (Python str indices)"


def byte_offsets_hint(start: int, end: int, text) -> str:
    """:data:`H_BYTE_OFFSETS` where ``start..end`` spans the UTF-8 bytes of ``text`` and not its characters, else ``""``.

    >>> byte_offsets_hint(0, 6, "隐私"), byte_offsets_hint(0, 3, "隐私")
    ('; these look like UTF-8 byte offsets; argmine counts characters (Python str indices)', '')
    """
    if not isinstance(text, str) or end - start == len(text):
        return ""
    return H_BYTE_OFFSETS if end - start == len(text.encode("utf-8", "surrogatepass")) else ""


E_TRUNCATED_JSON = "not valid JSON ({reason}); the file looks truncated or edited by hand: export it again from the tool"
#: A gold file or a labelling tool's file that is not UTF-8; ``fix`` says how to save it (:func:`argmine.annotations.read_utf8`).
E_NOT_UTF8 = "not UTF-8 ({reason}); {fix}"
#: A label the schema lacks (a :class:`SchemaError` that names it), and how to fix it (:func:`bad_label`).
E_BAD_LABEL = "{reason}; {hint}"
E_UNMAPPED = "cannot be mapped to a unit: {reason}"
#: E_UNMAPPED's reason for a record whose document the --source documents do not hold (a file left out, a table not read):
#: no realign can help, the source must be passed.
E_DOC_NOT_IN_SOURCE = (
    "no unit {id}: its document {doc!r} is not among the --source documents ({n} read: {read}); pass the files the "
    "export was made from (read with the same --source-* options as the export's)"
)
E_TEXT_MISMATCH = (
    "text mismatch for unit {unit} ({doc} {start}..{end}): the record has {found!r} "
    "but the source has {expected!r}; if the text was edited in the file, restore it (labels follow the id and offsets); "
    "if the source changed since export, run 'argmine realign' or export again"
)
E_TEXT_EDITED = (
    "the text of unit {unit} ({doc} {start}..{end}) was edited in the file: it reads {found!r} ({n} characters), "
    "the source has {expected!r}; restore the text (labels follow the id and offsets)"
)
W_BRAT_TXT_BOM = (
    "starts with a byte order mark (re-saved by Notepad?), which 'argmine export' does not write; it was skipped, so offsets "
    "count from the character after it; save the file as UTF-8 without BOM"
)
#: brat .txt whose line ends were converted to CRLF after export (a Windows checkout, an unzip tool): the T lines' text says so
W_BRAT_TXT_CRLF = (
    "has Windows line ends (CRLF) that 'argmine export' did not write (converted on the way back?): the T lines' "
    "text matches the spans only with LF line ends, so the file was read with LF line ends; save it with LF line ends"
)
E_BRAT_NO_SENTIMENT = (
    "unit {unit} ({types}) has no Sentiment attribute; add one in brat ({sentiments}): "
    "every unit takes one sentiment (ANNOTATION_GUIDE.md)"
)
#: brat: a T line's text is not what the .txt has at its offsets (the .txt changed after export: line ends, an edit)
E_BRAT_TXT_CHANGED = (
    "the T line of unit {unit} reads {found!r}, but {txt} has {expected!r} at {start}..{end}: the .txt was changed "
    "after export (line ends converted, text edited); restore the .txt as exported, or pass --source to check the "
    "labels against the original documents"
)
#: brat relation, event, normalisation (R, E, N, *) lines and attributes on them: argmine reads entities (T) only
W_BRAT_IGNORED_LINES = (
    "{n} relation/event {lines} ignored ({ids}): argmine reads only the entities (T lines) and their Sentiment attributes"
)
#: ``.txt``/``.ann`` files in a brat export's folder that it did not write: brat shows them among its documents
W_BRAT_OTHER_FILES = (
    "{folder} also holds {n} .txt/.ann {files} that this export did not write ({first}): brat shows them to "
    "labelers beside this export's documents, and 'argmine import' does not read them; move them out of the folder"
)
#: a brat export into a folder whose previous export's .ann files differ from the SHA-256 argmine.json records: labelled since
E_BRAT_LABELS_EDITED = (
    "{n} .ann {files} of the previous export changed since argmine wrote {them} ({first}): labels drawn in brat, which "
    "this export would replace; import them first ('argmine import {folder} --format brat -o gold.jsonl'), or pass "
    "--force to replace them"
)
#: a brat export whose .txt/.ann names are taken in the folder by files argmine did not write (not listed in its argmine.json)
E_BRAT_NOT_ARGMINES = (
    "{n} {files} there ({first}) {have} the name of a file this export writes, and {why}: the export would replace "
    "{them}; move {them} out of the folder or export into another one, or pass --force (force=True in Python) to "
    "replace {them}"
)
#: E_BRAT_NOT_ARGMINES's why: no argmine.json in the folder, one that does not list the files, one that cannot be read
H_BRAT_NO_MANIFEST = "the folder holds no argmine.json, so argmine did not write {them}"
H_BRAT_NOT_LISTED = "its argmine.json does not list {them}, so argmine did not write {them}"
H_BRAT_MANIFEST_UNREAD = "its argmine.json cannot be read ({reason}), so whether argmine wrote {them} is not known"
#: a brat export into a folder whose argmine.json argmine did not write (a user's own file of that name, another tool's)
E_BRAT_MANIFEST_NOT_ARGMINES = (
    "not the argmine.json of an argmine brat export, or it cannot be read ({reason}): the export would replace it with "
    "its own; move it out of the folder or export into another one, or pass --force (force=True in Python) to replace it"
)
#: an export's folder holding a folder of the name of a file it writes (doc.ann/, argmine.json/, tasks.json/), which
#: replacing would delete with what it holds: refused, --force too ({force}: brat's word on it, or "")
E_EXPORT_FOLDER_IN_THE_WAY = (
    "{n} {folders} there ({first}) {have} the name of a file this export writes{force}; rename or remove {them}, or "
    "export into another folder"
)
H_EXPORT_FOLDER_FORCE = ", and --force (force=True in Python) replaces files, not folders"
#: .ann files of a previous brat export whose argmine.json records no SHA-256 (an older argmine's), replaced all the same
W_BRAT_UNCHECKED = (
    "{folder}: replaced {n} .ann {files} of the previous export ({first}); an older argmine wrote it and recorded nothing "
    "to tell whether labels were drawn in {them} since: labels not imported from {them} are lost"
)
#: brat export: the previous export's documents that this one did not write, removed from the folder (an info line)
N_BRAT_REMOVED = "argmine: {n} {documents} of the previous export removed from {folder} ({first}): brat shows this export's only"
#: a folder replaced by replacing_folder changed while the export was written (another export into it at the same time)
E_EXPORT_FOLDER_CHANGED = (
    "the folder changed while this {fmt} export was written (another export into it at the same time?), so nothing "
    "of this one was written; run it again once the other is done"
)
#: ``.ann`` files in a brat folder that its ``argmine.json`` does not list (left there by an earlier export, or copied in)
W_BRAT_UNLISTED = (
    "holds {n} .ann {files} that argmine.json does not list ({first}{more}): not part of this export, so not read, "
    "and no label in {them} is imported; export {documents} again to label {them}"
)
#: a span of a document-level task or a brat .ann drawn across several units
E_SPAN_CROSSES_UNITS = (
    "span {start}..{end} ({text!r}) crosses units {units} of {doc}; draw one span per unit, on the exported span boundaries"
)
#: a CSV sheet with its header and no rows (or only empty ones)
#: a CSV sheet whose first line is one of its rows: the header row was deleted (or never copied)
E_SHEET_NO_HEADER = ("the first line ({first}) is a row of the sheet, not its header: the header row is missing; restore it as the "
                     "first line ({columns}), or export the sheet again")
E_SHEET_NO_ROWS = "has a header and no rows; there are no labelled units in it: pass the sheet 'argmine export --format csv' wrote, with its rows"
#: a kind cell of a CSV sheet that is none of the kinds argmine writes
E_SHEET_KIND = "the kind cell reads {found}; expected one of {kinds} (as the export wrote it); restore it, or pass --source to take it from the original text"
#: a row of a CSV sheet with no unit id and no offsets: not a row the export wrote
E_SHEET_NO_ID = ("the row has no unit id (nor offsets): it is not a row of the export (added by hand?), so it names no unit to label; "
                 "label the exported rows, or restore the row's id, start and end")
#: a row of a CSV sheet with fewer cells than the header (a cell deleted, or an old sheet under the new header) or more
E_SHEET_CELLS = ("the row has {n} cells, the header has {m}: its cells would be read under the wrong columns; "
                 "restore the row's cells as exported (a sheet exported before the schema column has no 'schema' in its header)")
#: the labeler's name would come from a pipe's or stdin's file name (/dev/fd/63)
W_PIPE_ANNOTATOR = (
    "its labels carry no labeler name, and the file name of {what} names nobody: they were recorded as annotator {name!r}; "
    "pass --annotator NAME"
)
E_REGION_TEXT_EDITED = (
    "the region's text reads {found!r}, but the task's text of {what} ({doc} {start}..{end}) is {expected!r}: "
    "the region was edited in the file; restore its text, or export again from Label Studio"
)
E_LAYOUT = "looks like {found}, not {expected}; {fix}"
#: A file named again (``a.txt a.txt``, ``a.txt ./a.txt``, a link to it), read once: the warning.
W_FILE_AGAIN = "{path}: {again}; the file is read once"
#: A folder holding files read before (``data/a.txt data``, ``data data``): the warning, once per folder.
W_FOLDER_FILES_AGAIN = "{folder}: holds {n} {files} already read ({first}{more}); each file is read once"
#: E_LAYOUT's fix for argmine's own labelled records (gold JSONL, a JSON array of labelled rows) given to import
E_NO_IMPORT_GOLD = (
    "that is argmine's own labelled format and needs no import: 'argmine train' and 'argmine evaluate --gold' read it as it is, "
    "and 'argmine agreement' compares two labelers' files of it"
)
E_NO_IMPORT_ROWS = (
    "that is argmine's own labelled format and needs no import: 'argmine train' and 'argmine evaluate --gold' read it as it is "
    "('argmine agreement' and 'argmine realign' read gold JSONL: write each record on a line of its own)"
)
W_DOC_CELL = (
    "the doc cell reads {found} but the id names document {doc}: a spreadsheet reformatted the doc column "
    "(long numbers, leading zeros); the id was used; format the id and doc columns as text before saving"
)
W_DOC_CELL_CAUSE = "the doc cell contradicts the id (a spreadsheet reformatted it); the id was used"
W_LOST_CHARACTERS = (
    "the text of unit {unit} reads {found!r}: characters {encoding} cannot hold ({lost}) became '?' when it was saved; "
    "the source's text was used"
)
#: Labels made on Big5 text before argmine read its punctuation as browsers do (import --source, realign; argmine.annotations.big5_as_now).
W_BIG5_READ_BEFORE = (
    "{what} {were} labelled when argmine read the Big5 source's punctuation otherwise ({pairs}: the same bytes, now read as "
    "browsers read them); matched across that change at the same offsets, with the source's text"
)
#: realign: records whose text the new source has only in the other script (Traditional/Simplified), one character for one.
W_REALIGN_OTHER_SCRIPT = (
    "{what} of {docs} matched {its} unit only in the other script ({example}: the new source is in Traditional where the "
    "labels are in Simplified, or the reverse; the same text as argmine's normalised view reads it, one character for "
    "one); {they} now {carry} the new source's text, with offsets into it"
)
#: realign: records whose text the new source has only with other invisible characters (a zero-width space, a soft hyphen:
#: stripped from a corpus or added by a re-scrape), the same text in argmine's normalised view, which leaves them out.
W_REALIGN_INVISIBLE = (
    "{what} of {docs} matched {its} unit only when read without invisible characters ({names}: removed from the source "
    "or added to it, where no reader sees them; the same text as argmine's normalised view reads it, which leaves them "
    "out); {they} now {carry} the new source's text, with offsets into it"
)
#: realign: records of one document that took their new unit's kind (a layout change: a 评论 heading lost or added).
W_REALIGN_KIND_CHANGED = (
    "{what} of {doc} {are} now in units of another kind and took it ({changes}): the page's layout or argmine's "
    "kind detection changed; check {them} if the page did not change that way"
)
W_OTHER_WITH_THEME = "'other' (no theme) is checked together with {themes}; {themes} kept: uncheck one of them"
W_NOT_UTF8_SHEET = (
    "read as {encoding} (the sheet was saved as plain CSV, not CSV UTF-8): characters that encoding cannot hold "
    "({lost}), if any, were saved as '?'; {check}, and save as CSV UTF-8 next time"
)
#: W_NOT_UTF8_SHEET for GB18030, which holds every character: nothing was lost, the sheet is only not UTF-8.
W_NOT_UTF8_SHEET_ALL = "read as {encoding} (the sheet is not UTF-8; that encoding holds every character); {check}, and save as CSV UTF-8 next time"
E_OUT_OF_RANGE = "offsets {start}..{end} are out of range for {doc!r} ({length} {unit_name}); the record does not belong to this document"
E_NO_LABEL = "{what} was not labelled; label it in the tool or leave the unit out"
E_UNKNOWN_FORMAT = "unknown format {name!r}; expected one of: {choices}"
E_NEEDS_DOCUMENTS = "format {name!r} needs the whole documents (level {level!r}); pass documents= (the CLI does this)"
# a tool's export or sheet given where gold JSONL is expected (annotations.not_gold_error)
E_NOT_GOLD = "looks like {found}, not gold JSONL (one labelled unit per line); {fix}"
E_NOT_GOLD_CONVERT = "convert it first: argmine import {path} --format {fmt} -o GOLD.jsonl, and pass GOLD.jsonl"
E_NOT_GOLD_OTHER = "gold JSONL is what 'argmine import' writes from a labelling tool's export (see docs/annotation-formats.md)"
E_NOT_GOLD_ROWS = "gold JSONL has one labelled unit per line with its offsets (doc, start, end): write each record on a line of its own"
E_EMPTY_EXPORT = "the file is empty; pass {expected}"
# Label Studio unit level: a result of a control other than the exported config's 'themes' and 'sentiment'
E_LS_CONTROL = (
    "result {name} is not one of the config's controls 'themes' and 'sentiment', and its choices {names} "
    "are not clearly themes or a sentiment; name the controls 'themes' and 'sentiment' as 'argmine export' wrote the config"
)
W_LS_CONTROL = (
    "result {name} is not one of the config's controls 'themes' and 'sentiment'; its choices {names} were read as the {slot}: "
    "name the controls as 'argmine export' wrote the config"
)
W_LS_CONTROL_CAUSE = "result {name} is not the config's 'themes' or 'sentiment'; its choices were read by their values"
# Label Studio document level: a region of an older argmine export, whose offsets counted UTF-16 code units (Label Studio counts code points)
W_LS_UTF16_REGION = (
    "offsets {start}..{end} count UTF-16 code units (an older 'argmine export'), read as unit {unit} ({doc} {cs}..{ce}); "
    "Label Studio showed this region over {shown}: check the unit's labels, or export it again and label it anew"
)
W_LS_UTF16_REGION_CAUSE = "regions of an older argmine export count UTF-16 code units; read so, but Label Studio showed them over other text"
#: import: a region (Label Studio document level, doccano span, brat entity) that is a unit plus invisible characters beside it
#: (a zero-width space the labeller could not see), read as that unit; white space there is refused (argmine.importers).
W_REGION_INVISIBLE = (
    "{found} at {start}..{end} is unit {unit} {us}..{ue} with {chars} {edges} ({names}), which no reader sees; read as "
    "unit {unit}"
)
W_REGION_INVISIBLE_CAUSE = "regions take in invisible characters beside their unit, which no reader sees; read as that unit"
E_LS_FIELD = "{field} is {found}; expected {expected} (the JSON was edited by hand?): export it again from Label Studio"
#: A field of an export changed by hand into something argmine never writes (the tool-neutral E_LS_FIELD).
E_EDITED_FIELD = "{field} is {found}; expected {expected} (the file was edited by hand?): export it again with 'argmine export'"
E_DOCCANO_TEXT_FIELD = "expected an object with a string {field!r} field; pass --text-field NAME (text_field= in Python)"
E_BRAT_REPEATED_ID = (
    "entity id {id} is used again (first on line {first}); the first one is kept: give this entity an id of its own "
    "(each T<n> once per .ann file)"
)
#: A brat entity drawn in fragments (brat's "Add Frag.", ``T1<TAB>privacy 0 4;5 9``): E_UNMAPPED's reason, naming the units under it.
E_BRAT_FRAGMENTS = (
    "entity {id} ({text!r}) is a span in {n} fragments ({fragments}: brat's Add Frag.) over {units}; a unit is one "
    "span: delete the entity and draw one span per unit, on the exported span boundaries"
)
E_SHEET_QUOTES = (
    "not a readable CSV from this row on ({reason}): a quote opened in it is never closed (it would take every row after it "
    'into one cell), or text follows a closing quote; double every quote inside a quoted field (""), or save the sheet '
    "again from the spreadsheet"
)
E_NO_SUCH_ANNOTATOR = "no annotation by {name!r} in the files; the labelers there are: {names}"
W_GOLD_UNMATCHED = (
    "{n} of the {total} records of {gold} match no unit of their document in the inputs (e.g. {first}): the source or "
    "its segmentation changed since labelling, so their units are probably exported again; run 'argmine realign {gold} INPUTS -o NEW' "
    "and pass NEW to --only-unlabeled"
)
#: A brat manifest's document name with a folder in it (argmine/importers.read_brat): only files beside it are read.
E_BRAT_STEM = (
    "not a file name in this folder (argmine.json names the .txt and .ann beside it, without a folder); "
    "export it again with 'argmine export'"
)
#: A brat .txt/.ann that is missing (argmine/importers.read_brat).
E_BRAT_MISSING = "missing; every document listed in argmine.json needs its .txt and .ann"
#: Said after E_BRAT_MISSING when the folder holds the file(s) named by the GB18030 bytes of the name: an older argmine
#: under a GBK locale named them so (argmine/_files.legacy_named); ``renames``: "OLD to NEW" for each.
E_BRAT_LEGACY_NAMED = ("; {folder} holds {what} named by {its} GB18030 (GBK) bytes, as an older argmine wrote file names under "
                       "a GBK locale: rename {renames} (argmine now reads file names as UTF-8)")
#: A brat .txt/.ann that is a link out of its folder (a returned archive may carry links: tar keeps them).
E_BRAT_LINK = ("a link to a file outside this brat folder; only the folder's own files are read: "
               "put the file itself in the folder, or export the documents again")
#: ``argmine export --only-unlabeled`` given the same gold file twice.
N_GOLD_AGAIN = "argmine: note: --only-unlabeled {gold} is {first} again; it is read once"
# import --map OLD=NEW (argmine/importers.theme_map, argmine/cli/importcmd.py)
E_MAP_PAIR = "{pair!r}: expected OLD=NEW (a theme id of the labels, '=', a theme id of the schema), or OLD= to drop OLD"
E_MAP_NOT_THEME = "{pair!r}: {old!r} is not a theme; --map renames theme ids, not sentiments or {other!r}"
E_MAP_UNKNOWN_NEW = (
    "{pair!r}: {new!r} is not a theme of schema {schema!r} ({source}); map to one of: {themes}, or write '{old}=' to drop {old!r}"
)
E_MAP_TWICE = "{pair!r}: {old!r} is mapped twice ({old}={first} too); give one NEW per OLD"
W_OTHER_SCHEMA = (
    "{file}{more} {were} exported for schema {old}; the labels are read with {new} ({source}): a theme renamed or removed since "
    "is refused (map it with --map OLD=NEW, or OLD= to drop it), and a theme added since was never offered to its labelers"
)
#: an export that recorded another schema id than the one in use: most likely another debate's, so --schema comes first
W_OTHER_SCHEMA_ID = (
    "{file}{more} {were} exported for schema {old}; the labels are read with {new} ({source}): if they belong to another "
    "debate, import again with --schema FILE, the schema file whose [schema] id is {old_id}; if {new_id} is {old_id} revised, "
    "a theme renamed or removed since is refused (map it with --map OLD=NEW, or OLD= to drop it)"
)
W_MAP_HINT = (
    "{what} not in schema {schema!r}{close}; if a schema change renamed or removed {them}, import again with --map {first}=NEW "
    "(--map {first}= drops it), one --map per theme (docs/schema.md, \"Changing a schema\")"
)
W_MAP_HINT_OTHER_ID = (
    "{what} not in schema {schema!r}{close}, and the export was made for schema {old_id!r}: if the labels belong to another debate, "
    "import again with --schema FILE, the schema file whose [schema] id is {old_id}; if a schema change renamed or removed "
    "{them}, --map {first}=NEW (--map {first}= drops it), one --map per theme (docs/schema.md, \"Changing a schema\")"
)
#: E_TOO_MANY_FAILED's reason when most records failed under another schema id than the export recorded
E_IMPORT_OTHER_SCHEMA = (
    "{file}{more} {were} exported for schema {old} and the labels were read with {new} ({source}): import again with "
    "--schema FILE, the schema file whose [schema] id is {old_id}"
)
#: W_MAP_HINT's {close}: labels a letter or two from a theme id (errors.theme_close), typos more likely than an old schema's themes;
#: {maps} is W_MAP_TYPO_MAPS for those with one closest id (one equally close to cost_a and cost_b gets no --map: that would be a guess)
W_MAP_TYPO = "; did you mean {ids}? correct the file{maps}"
W_MAP_TYPO_MAPS = ", or import again with {maps}"
#: theme labels that are a theme's name (or its id in another case), not its id: each error named the id; map them to it
W_MAP_NAMED = (
    "{labels} {name} {themes} of schema {schema!r} by name or in another case, not by id: write the {ids} in the file, "
    "or import again with {maps}"
)


class ReportError(ArgmineError):
    """A report or chart cannot be written (bad output path or format)."""


def disk_full(error: BaseException) -> bool:
    """Whether ``error`` is a write that failed for want of space: a full disk (ENOSPC) or a full quota (EDQUOT).

    >>> disk_full(OSError(errno.ENOSPC, "No space left on device")), disk_full(PermissionError(errno.EACCES, "Permission denied"))
    (True, False)
    """
    return isinstance(error, OSError) and error.errno in (errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC))


def failed_write(error: BaseException | None) -> OSError | None:
    """The ``OSError`` a write failed with: ``error`` itself, or the one a safetensors ``SafetensorError`` names
    (``I/O error: No space left on device (os error 28)``); ``None`` for any other error.

    >>> from safetensors import SafetensorError
    >>> failed_write(SafetensorError("Error while serializing: I/O error: No space left on device (os error 28)")).errno == errno.ENOSPC
    True
    >>> failed_write(SafetensorError("Error while serializing: bad shape")) is None
    True
    """
    import re

    if isinstance(error, OSError):
        return error
    if type(error).__name__ != "SafetensorError":  # safetensors' Rust error: a failed write says its OS error number
        return None
    found = re.search(r"\(os error (\d+)\)", str(error))
    if found is None:
        return None
    number = int(found.group(1))
    return OSError(number, os.strerror(number))


def write_reason(error: OSError) -> str:
    """Why a write failed with ``error``, in words: :data:`E_FILE_NOT_FOLDER` when a file stands where a folder of the
    path must be (the system says only "Not a directory", not which part), else the system's own words.

    Every output names that file so (``-o pf/out.jsonl`` for segment, train, export, a report), whichever step found it.

    >>> write_reason(NotADirectoryError(errno.ENOTDIR, "Not a directory", os.path.join(__file__, "out"))) == f"{__file__} is a file, not a folder"
    True
    >>> write_reason(PermissionError(errno.EACCES, "Permission denied", "/x"))
    'Permission denied'
    """
    from ._files import file_in_the_way
    from .read import shown_path

    found = file_in_the_way(error.filename) if error.errno == errno.ENOTDIR and error.filename else None
    if found is not None:
        return E_FILE_NOT_FOLDER.format(path=shown_path(found))
    return error.strerror or str(error)


def write_failure(error: OSError, what: str, otherwise: str, *, then: str = "") -> str:
    """Why writing ``what`` failed with ``error``: :data:`E_DISK_FULL` (and ``; then``) when the disk is full, else ``otherwise``.

    Every place that reports a failed write says it through here, so that a
    full disk gets the same advice whether it shows at open, write or close.

    >>> write_failure(OSError(errno.ENOSPC, "No space left on device"), "output", "...", then="no file was written")
    'cannot write output (No space left on device); the disk is full: free some space on it, or write to another disk; no file was written'
    >>> write_failure(PermissionError(errno.EACCES, "Permission denied"), "output", "cannot write output (Permission denied)")
    'cannot write output (Permission denied)'
    """
    if not disk_full(error):
        return otherwise
    return E_DISK_FULL.format(what=what, reason=error.strerror or error) + (f"; {then}" if then else "")


def write_error(path: object, what: str, error: OSError) -> ReportError:
    """The :class:`ReportError` for a report, chart or analysis file ``path`` that cannot be written."""
    return ReportError(f"{path}: " + write_failure(error, what, E_WRITE.format(what=what, reason=write_reason(error))))


E_NO_CJK_FONT = (
    "no font with Chinese glyphs found for the chart; run: pip install 'argmine[plot]' "
    "(ships Noto Sans CJK SC), or apt-get install -y fonts-noto-cjk, "
    "or set ARGMINE_CJK_FONT=/path/to/a/cjk/font.otf"
)
E_GLYPHS_MISSING = "font {font} cannot draw some characters of the chart ({details}); set ARGMINE_CJK_FONT to a font that has them"
E_PLOT_FORMAT = "{path}: cannot tell the chart format from the suffix; use one of {formats}"

# polarity model (argmine/polarity.py)
E_POLARITY_UNFITTED = "this PolarityModel is not fitted yet; call fit(texts, labels) or PolarityModel.load(DIR) first"
E_POLARITY_PARAM = "PolarityModel parameter {name}={value!r} is invalid; expected {expected}"
E_POLARITY_LABEL = "label {index}: {found!r} is not a polarity; use 1/0 or 'positive'/'negative'"
E_POLARITY_LENGTHS = "got {n} {what} for {m} texts; pass one per text"
E_POLARITY_ONE_CLASS = "training labels contain only one class; a polarity model needs both positive and negative texts"
E_POLARITY_NO_MODEL = "{path}: not a directory; a polarity model directory holds config.json, vocab.json and weights.safetensors"
E_POLARITY_BAD_FILES = "{path}: not a polarity model ({reason}); rebuild it with scripts/build_polarity.py"
E_REVIEW_CSV = "row {line}: {reason}"

# training and evaluation (argmine/train.py)
W_TRAIN_NO_SENTIMENT = (
    "the training data has no {labels} unit, so the model will not learn to predict {that}; "
    "label some such units and train again"
)
W_TRAIN_NO_THEME = (
    "the training data has no unit labelled {labels}, so the model will not learn to predict {that}; "
    "label some such units and train again"
)
#: The mirror of W_TRAIN_NO_THEME: a theme every training unit has is learnt as "always".
W_TRAIN_EVERY_THEME = (
    "every training unit is labelled {labels} (no unit is without {it}), so the model will predict {it} for every text; "
    "label some units without {it} and train again"
)
#: No training unit labelled 'other' (every one has a theme): the model never saw a text about none of the themes.
W_TRAIN_NO_OTHER = (
    "no training unit is without a theme (none is labelled 'other'), so the model never saw a text about none of them "
    "and will give many such texts a theme; label some units 'other' (no theme) and train again"
)
#: Fewer than MIN_TRAIN_UNITS (argmine/train.py) units to train on.
W_TRAIN_FEW_UNITS = (
    "the training data has only {units}, too few to learn from: the model repeats what those few say (its scores are "
    "not calibrated on held-out units), so its predictions are little better than guesses; label more units "
    "(a few dozen per theme) and train again"
)
W_EXTRA_REPEATS = (
    "{n} of the {total} extra training records repeat{s} a text of the labelled data ({first}), punctuation and white space "
    "aside; {they} left out: "
    "in cross-validation they would put test units into training, and in training they only count twice"
)
E_EVAL_UNREADABLE = (
    "{record} is a {found}; pass Prediction or ClassifiedUnit objects (argmine.classify's output), "
    "or dicts with 'themes' and 'sentiment'"
)
E_EVAL_FIELD = "{record}: {field!r} is {found}; expected {expected}"
E_EVAL_LABEL = "{record}: {reason}; fix the label, or pass the schema it belongs to (schema=)"
#: A labelled file given to train/evaluate that holds one JSON document (a tool's export), not JSON Lines.
E_LABELLED_NOT_JSONL = "looks like {found}, not labelled JSONL (one JSON object per line); {fix}"
#: A labelled record (argmine/train.py) whose text field is empty (``found``: ``empty``) or null (``null (no text)``).
E_LABELLED_NO_TEXT = "{where}: field {field!r} is {found}; a labelled record needs text (fill it in or remove the record)"
#: E_LABELLED_NO_TEXT for a text that only looks empty: white space and invisible characters ({found}: their code points,
#: read._invisibles), which normalisation leaves out, so the unit would be trained and scored as the empty string.
E_LABELLED_INVISIBLE_TEXT = (
    "{where}: field {field!r} holds only white space or invisible characters ({found}); a labelled record needs text "
    "(fill it in or remove the record)"
)
#: A labelled record (argmine/train.py) without its text, themes or sentiment field.
E_NO_FIELD = "{where}: has no {field!r} field (fields: {fields}); pass --{option} NAME ({keyword}= in Python)"
#: E_NO_FIELD when a field of the record is the one asked for but for its case or the white space around it, as E_NO_COLUMN_NEAR.
E_NO_FIELD_NEAR = "{where}: has no {field!r} field (fields: {fields}), but " + H_LABEL_FIELD_NEAR
#: ``example``: ids of the schema in use joined by ; (argmine/train.themes_example).
E_BAD_THEMES = "{where}: field {field!r} is {found}; expected a list of theme ids or a string like {example!r}"
#: After E_NO_FIELD / E_NO_COLUMN for a label field (train, evaluate): a table may have no such labels at all.
H_NO_LABEL_FIELD = ", or --{option} none if the data has no {label} labels ({keyword}=None in Python; {other} only)"
#: After E_NO_FIELD / E_NO_COLUMN for the themes, or an unknown theme '0'/'1', when columns are named after the schema's themes.
H_ONE_COLUMN_PER_THEME = (
    "; {columns} {are}: one 0/1 column per theme is not read, join them into one themes column "
    "of the ids marked 1 ({example}; see docs/classify.md)"
)


#: E_NO_COLUMN / E_NO_FIELD when a table (``what`` column) or record (field) lacks both label fields: one error naming
#: both, not one per run; ``fixes``: H_LABEL_FIELD_FIX of each, joined by "; and ".
E_NO_LABEL_FIELDS = "has no {names} {what} ({what}s: {found}); {fixes}"
H_LABEL_FIELD_FIX = "pass --{option} NAME ({keyword}= in Python){hint}"


def label_field_hint(field: str, option: str, columns, theme_ids=(), example: str | None = None) -> str:
    """What to add to "has no 'themes' column (columns: ...); pass --themes-field NAME" for a label field: the columns
    among ``columns`` named after a theme of ``theme_ids`` (a sheet of one 0/1 column per theme, which is not read),
    else the option's ``none`` (a table without such labels).  ``""`` for the text field.  ``example``: the ids the
    join shows (default: the first two such columns, then the schema's ids).

    >>> label_field_hint("sentiment", "sentiment-field", ["text", "themes"])
    ', or --sentiment-field none if the data has no sentiment labels (sentiment_field=None in Python; themes only)'
    >>> print(label_field_hint("themes", "themes-field", ["text", "privacy", "bloat"], ("privacy", "bloat", "cost")))
    ; 'privacy', 'bloat' are themes of the schema: one 0/1 column per theme is not read, join them into one themes column of the ids marked 1 (privacy;bloat; see docs/classify.md)
    """
    if option not in ("themes-field", "sentiment-field"):
        return ""
    themes = [c for c in columns if isinstance(c, str) and c.strip() in theme_ids]
    if option == "themes-field" and themes:
        if example is None:
            example = ";".join(list(dict.fromkeys([c.strip() for c in themes] + list(theme_ids)))[:2])
        return H_ONE_COLUMN_PER_THEME.format(columns=", ".join(map(repr, themes)), example=example,
                                             are="is a theme of the schema" if len(themes) == 1 else "are themes of the schema")
    label, other = ("theme", "sentiment") if option == "themes-field" else ("sentiment", "themes")
    return H_NO_LABEL_FIELD.format(option=option, label=label, keyword=option.replace("-", "_"), other=other)
E_LABELLED_CONVERT = "convert it first: argmine import {path} --format {fmt} -o gold.jsonl (add --source with the inputs given to export to check every text), then pass gold.jsonl"
E_LABELLED_JSON_MIN = "export it again from Label Studio with export type JSON (not JSON_MIN), then convert it: argmine import FILE --format label-studio -o gold.jsonl"
#: Label Studio's CSV export given as a labelled table: its 'id' is the task's and its rows are annotations (importers._ls_csv_export).
E_LABELLED_LS_CSV = (
    "looks like {found}, not a labelled table (its 'id' is a Label Studio task's, its rows are annotations, not units); "
    "export it again from Label Studio with export type JSON (not CSV), then convert it: argmine import FILE --format label-studio -o gold.jsonl"
)
E_LABELLED_DOCCANO_CSV = (
    "looks like {found}, not a labelled table (its 'label' mixes themes and sentiments); "
    "export it again from doccano as JSONL (not CSV), then convert it: argmine import FILE --format doccano -o gold.jsonl"
)
E_LABELLED_DOCCANO = (
    "looks like {found}, not labelled JSONL: its 'label' lists mix themes and sentiments (--themes-field label would train sentiments as themes); {fix}"
)
E_LABELLED_ONE_PER_LINE = "write each record on a line of its own (JSON lines)"
#: Labelled records on standard input (train -, load_examples("-")), whose first line is no JSON object: a table, most likely.
E_LABELLED_STDIN = (
    "standard input is read as labelled JSONL (one JSON object per line), and its first line is not a JSON object; "
    "save a CSV/TSV table to a file (.csv, .tsv) and pass its path"
)
E_MORE_BAD_JSON_LINES = "... and {n} more bad JSON {lines}; labelled JSONL holds one JSON object per line"
W_UNLABELLED_RECORDS = "{n} of {total} records {have} no labels (empty {fields}); skipped{all}{other}"
W_REPEATED_UNITS = "{n} {records} a unit already read with the same labels ({examples}); counted once"
_UNITS_DISAGREE = ("the labelers disagree: adjudicate (argmine import of their exports lists the conflicts and writes one record "
                   "per unit; settle the labels of a record marked \"conflict\": true and remove the mark) or measure it with argmine agreement")
# units labelled two ways: by records of files given together, or in one record 'argmine import' marked "conflict": true
W_CONFLICTING_UNITS = "{n} {units} labelled differently by different records or labelers ({examples}); every labelling trains: " + _UNITS_DISAGREE
E_CONFLICTING_UNITS = "{n} {units} labelled differently by different records or labelers ({examples}); left out of the scores: " + _UNITS_DISAGREE
W_LABELLED_OTHER_WITH_THEME = (
    "{records} give{s} 'other' (no theme) together with a theme in {field!r} ({examples}); the theme was kept: "
    "'other' means no theme, so remove one of them"
)
N_EVAL_TRAINING_TEXTS = (
    "{k} of the {n} gold units have the text of a record in {files}, which the packaged default model was trained on "
    "(compared by text: the model keeps no list of its training texts); scores on them are training-set scores "
    "(use --cv K for held-out figures)"
)
N_EVAL_TRAINING_UNCHECKED = (
    "the packaged default model was trained on the project's {files}, which are not here to compare the gold with; "
    "scores on units from those files are training-set scores (use --cv K for held-out figures on them)"
)

# aggregate / analyze (argmine/aggregate.py, argmine/classify.py)
E_SURROGATE_ARROW = (
    "{column} holds an unpaired UTF-16 surrogate (half of a character such as an emoji), which Arrow strings "
    "cannot store; replace it before analysing, e.g. re.sub('[\\ud800-\\udfff]', '\\ufffd', text)"
)
E_ARROW_ENCODE = "a value cannot be stored as an Arrow string ({reason}); check the texts, ids and meta of the inputs"
E_ANALYZE_INPUT = "analyze() takes paths, Documents, Units or segmented documents (one, or a list of them), not {found}"
E_GRANULARITY = "granularity must be one of: {choices}; found {value!r}"
E_SETTING = "{name} must be an integer >= {low}, found {value!r}"


def is_count(value, low: int) -> bool:
    """Whether ``value`` is a whole number >= ``low`` that :data:`E_SETTING` settings take: any integer type (numpy's, pandas') but bool.

    >>> import numpy as np
    >>> is_count(3, 1), is_count(np.int64(3), 1), is_count(True, 1), is_count(2.0, 1), is_count(0, 1)
    (True, True, False, False, False)
    """
    import numbers

    return isinstance(value, numbers.Integral) and not isinstance(value, bool) and bool(value >= low)

#: A keyword argument of the wrong type (a TypeError naming it, raised before any work).
E_ARG_TYPE = "{name} must be {expected}, not {found}"
#: An argument of the wrong type, named as the call reads (``to_json(path)``, ``write_report(analysis)``), raised before any
#: work; ``hint``: what to pass or do instead ("; ..."), or "".
E_ARG_TAKES = "{function}({name}) takes {expected}, not {found}{hint}"
#: E_ARG_TAKES's hints for a path that is no path (an open file, None): how to get the text to write into an open file.
H_PATH_TEXT = "; {function}() with no path returns the text, to write into an open file: fh.write(analysis.{function}())"
H_PATH_REPORT = "; render_report(analysis) returns the HTML, to write into an open file: fh.write(render_report(analysis))"
H_PATH_PLOT = ("; it draws into a file only: for the chart's bytes read the file back, "
               "buf.write(plot_themes(analysis, 'themes.png').read_bytes())")
#: What write_report, render_report and plot_themes take as ``analysis`` (E_ARG_TAKES), with hints for a list of
#: analyses and for classified units (argmine.classify's) not yet aggregated.
E_ANALYSIS_EXPECTED = "an argmine.Analysis (from argmine.analyze)"
H_ANALYSIS_LIST = "; pass one Analysis at a time"
H_ANALYSIS_UNITS = "; aggregate classified units first: argmine.Analysis.from_units(units, schema)"
#: load_examples() given records (a list, a DataFrame) instead of a file: E_ARG_TYPE's expected, and what to do instead.
E_LOAD_EXAMPLES_PATH = ("the path of a JSONL, JSON, CSV or TSV file of labelled records ('-': standard input)",
                        "; labelled records in memory need no loading: pass them to argmine.train(records) as they are "
                        "(a DataFrame as df.to_dict('records'))")
#: A keyword that is neither the function's own nor an argmine.ReadOptions field (read(), analyze(); ``close``: "did you mean 'x'? " or "").
E_READ_KEYWORD = "{caller}() got an unexpected keyword argument {key!r}; {close}its reading keywords are argmine.ReadOptions fields: {fields}"
#: A random seed outside what numpy takes (argmine.backends.base.is_seed); --seed says the same.
E_SEED = "{name} must be an integer from 0 to 2**32-1, found {value!r}"
E_STAGE_INPUT = "{stage}() takes {expected}, not {found}{hint}"
#: E_STAGE_INPUT's hints of segment(): for a path (or anything but a text), and for a string that names no file (a text).
H_SEGMENT_READ = "; read files first: argmine.segment(argmine.read(paths))"
H_SEGMENT_TEXT = "; make a Document of each text: argmine.segment([argmine.Document(id, text)])"
#: E_STAGE_INPUT's hint for texts given as one string, or as bytes.
H_ONE_TEXT = " (it would be read character by character); wrap it: {stage}([text])"
H_TEXT_BYTES = "; decode it and wrap it: {stage}([text])"
#: E_STAGE_INPUT's hint for a table or a mapping (iterating one gives its column names or keys, not texts).
H_TEXT_TABLE = "; pass one column of texts as a list: {stage}(df[\"text\"].tolist())"
E_TEXT_ITEM = "{stage}() takes a list of texts; item {i} is {found}, not a str: convert, fill or drop it first"
E_WORKERS = "workers must be an integer >= 1, \"auto\" or None, found {value!r}"
#: A forked classify worker ended without handing its batch back (SIGKILL, the OOM killer): the pool cannot go on.
E_WORKER_DIED = ("a worker process ended unexpectedly (killed: out of memory?) and classifying stopped; "
                 "run again with fewer workers, or with --workers 1 (workers=1 in Python) to classify in this process alone")
#: What to pass instead of an object analyze() cannot read (appended to E_ANALYZE_INPUT).
E_ANALYZE_INPUT_HINTS = {
    "bytes": "; decode it first and wrap the text: argmine.Document(id, data.decode(encoding)), or pass the path of its file",
    "dict": "; pass argmine.Document(record['id'], record['text']) per record, or the path of a JSONL or CSV file",
    "DataFrame": (
        "; pass one Document per row: [argmine.Document(str(i), t) for i, t in zip(df['id'], df['text'])], "
        "or save it (df.to_csv('rows.csv', index=False)) and pass the path (text_field=, id_field= name its columns)"
    ),
    "Series": "; pass one Document per text: [argmine.Document(str(i), t) for i, t in texts.items()]",
}
E_SCHEMA_IS_MODEL = (
    "schema file not found; {name!r} names a model, and analyze()'s second positional argument is the schema: "
    "pass model={name!r}"
)
E_INSTANCE_SCHEMA = (
    "schema {given!r} ({given_source}) is not the one this loaded {name} model predicts with ({own!r}, {own_source}); "
    "a loaded model keeps its schema: load it with this one (argmine.load_model(MODEL, schema=...), or pass the model "
    "by name or directory, model=\"lexicon\"), or drop schema="
)
E_EVAL_IDS = (
    "evaluate pairs gold records and predictions by unit id (both carry ids), but found {problems}; "
    "pass one prediction per gold unit (e.g. [c for c in predictions if c.unit.id in gold_ids])"
)
E_EVAL_DUPLICATE_ID = "{what} has unit id {id!r} more than once; ids must be unique to pair gold and predictions"
#: A report, chart or analysis file that cannot be written (:func:`write_error` puts its path in front).
E_WRITE = "cannot write {what} ({reason}); pass a file path in an existing, writable directory"
E_RULES_ARG = (
    "rules= takes a rules file path (TOML, as argmine/rules/furniture.toml) or the rules load_rules(path) returns "
    "(from argmine.clean import load_rules), not {found}"
)

# export (argmine/cli/export.py)
W_EXPORT_EMPTY = "0 units written to {where}: {why}"
W_EXPORT_ALL_LABELLED = "all {n} units of the inputs are already labelled in {gold} (--only-unlabeled); nothing is left to label"
W_EXPORT_NO_UNITS = "the inputs have no units to label"
E_SCHEMA_KEY = "{where}: unknown key {key!r}{hint}; known keys: {known}"

# schema files (argmine/schema.py)


class SchemaWarning(UserWarning):
    """A schema file loads, but something in it is probably not what its author meant."""


E_SCHEMA_EMPTY_CUE = "{where}: empty cue {found!r}; remove it (a stray \"\" or comma) or write the term"
#: Where a schema message points: a theme by its id (by its position counted from 1 where it has no usable id),
#: a cue by its position in its list counted from 1: "theme 'rights', cue 9: weight ...", "[sentiment].negative, cue 2: ...".
E_SCHEMA_WEIGHT = (
    "{where}: weight must be a positive number, found {found!r}; a weight is evidence for the theme "
    "(or polarity), so counter-evidence cannot be written as a negative weight: remove the cue instead"
)
E_SCHEMA_WEIGHT_ZERO = (
    "{where}: weight must be a positive number, found {found!r}; a cue of weight 0 would count for nothing: "
    "remove the cue, or give it a positive weight such as 0.5"
)
#: A cue weight over argmine/schema.MAX_CUE_WEIGHT: sums of such weights could overflow to inf (and inf - inf is NaN).
E_SCHEMA_WEIGHT_TOO_BIG = (
    "{where}: weight must be at most {most:g}, found {found!r}; a weight counts one match as that many weight-1 "
    "matches, and sums of larger ones could overflow; write a smaller number such as 2 or 10"
)
E_SCHEMA_WEIGHT_NOT_FINITE = "{where}: weight must be a finite number, found {found!r}; write a positive number such as 1 or 2"
#: A regex cue that ran past its time on one text (argmine.backends.cues.CueMatcher): catastrophic backtracking.
E_SCHEMA_REGEX_TIMEOUT = (
    "{where}: regex cue {term!r} took more than {seconds:g} s on one text ({text}): the pattern backtracks "
    "catastrophically; simplify it so that no text can be matched in many ways (no nested or overlapping repeats "
    "such as (a+)+ or (a|aa)+) and run again"
)
#: Why a regex cue is refused before it is compiled (argmine/schema.regex_too_big): the regex package writes a counted
#: repeat out as that many copies, so a short pattern such as (a{3000}){3000} could take gigabytes to compile.
E_SCHEMA_REGEX_TOO_BIG = (
    "its counted repeats, written out, add {added:,} pattern items{before}, more than the {most:,} that the regex "
    "cues of a schema may add (the regex package copies the part before a {{n}} n times when it compiles the "
    "pattern); lower the counts, or write + for a run of any length"
)
#: A regex cue whose groups are nested too deeply for Python's re to parse (it raises RecursionError).
E_SCHEMA_REGEX_DEEP = "its groups are nested too deeply for Python's re to read; nest fewer groups (a few levels are plenty)"
_THEMES_HOW = "write each theme as a [[themes]] table (double brackets) with an id and cues, as in argmine/schemas/alipay.toml"
E_SCHEMA_NO_THEMES = "{where}: the schema has no themes; " + _THEMES_HOW
E_SCHEMA_THEMES_EMPTY = "{where}: themes = [] lists no theme; the schema needs at least one: " + _THEMES_HOW
E_SCHEMA_THEMES_TABLE = "{where}: [themes] (single brackets) is one table, not a list of themes; write each theme as [[themes]] (double brackets)"
E_SCHEMA_THEMES_IN_SCHEMA = (
    "{where}: 'themes' is written under [schema], so it is a key of that table (a key belongs to the [table] above it), "
    "and the schema has no themes; " + _THEMES_HOW
)
E_SCHEMA_THEMES_TYPE = "{where}: themes must be a list of [[themes]] tables, found {found!r}; " + _THEMES_HOW
E_SCHEMA_NO_THEME_ID = "{where}: theme {number} has no id; add one, such as id = \"{example}\" (lowercase letters, digits and _)"
E_SCHEMA_THEME_ID_TWICE = "{where}: themes {first} and {second} both have the id {id!r}; give each theme an id of its own"
#: Two themes sharing a name (id, name_zh or name_en, ignoring case): a label written as that name would stand for
#: either (argmine.errors.theme_named), and the tables would show two themes alike.
E_SCHEMA_NAME_TWICE = "{where}: {what}; give each theme a name of its own (a label written as a theme's name must stand for one theme)"
E_SCHEMA_SENTIMENT_TWICE = (
    "{where}: [labels].sentiment lists {label!r} {times}; list each of positive, neutral and negative once (in any order)"
)
E_SCHEMA_ID_EMPTY = (
    "{where}: [schema].id is empty ({found!r}); name the schema, such as id = \"ebike_standard\", "
    "or leave id out for the default \"schema\""
)
#: A blank [schema].version: exports and models record it, and import compares it.
E_SCHEMA_VERSION_EMPTY = (
    "{where}: [schema].version is empty ({found!r}); give the schema's revision, such as version = \"2\", "
    "or leave version out for the default \"1\""
)
E_SCHEMA_LEXICON_VALUE = "{where}: [lexicon].{key} must be a number in {interval}, found {found!r}"
W_SCHEMA_COLOR = (
    "{where}: theme {theme!r}: color {found!r} is not a hex colour (#rgb or #rrggbb); the theme "
    "is drawn in {used} everywhere (report, chart, labeling configs); write a hex colour such as \"#1d3557\""
)
#: A theme with no cues when the lexicon backend is used (argmine/backends/lexicon.py), once per schema.
W_SCHEMA_THEME_NO_CUES = (
    "{where}: {themes} no cues, so the lexicon backend (--model lexicon) never predicts {it} (a score of 0 for "
    "every unit); add cues to {it}, or use a model trained on labelled data"
)
W_SCHEMA_NO_SENTIMENT_CUES = (
    "{where}: the schema has no sentiment cues ([sentiment] positive and negative are empty), so the lexicon "
    "backend (--model lexicon) marks every unit neutral; add some cues, or use a trained model"
)
#: An id, name or description holding a character the labeling tools' config files cannot carry (argmine/schema._text).
E_SCHEMA_TEXT = "{where} holds {what} ({found}); {fix} (text pasted from Word or a web page may carry them)"
#: A theme name or description, or a [schema] value, of a type that has no text to show (argmine/schema._text).
E_SCHEMA_NOT_TEXT = "{where} must be {expected}, found {found_type} {found}; write it in quotes, such as {example}"
#: A theme's name_zh or name_en that is the label of units with no theme (argmine/schema._check_names).
E_SCHEMA_NAME_RESERVED = (
    "{where}: theme {theme!r}: {field} {name!r} is the label of units with no theme ('other', shown as 其他), so labels "
    "and tables would show two of them; give the theme a name of its own"
)
#: A theme id or name that is a sentiment label (argmine/schema._check_names): the lexicon and linear backends would
#: count the [sentiment] cues of that polarity for the theme, and exports would show the label twice.
#: ``why``: H_SENTIMENT_ID for an id, H_SENTIMENT_NAME for a name_zh or name_en.
E_SCHEMA_NAME_SENTIMENT = (
    "{where}: theme {theme!r}: {field} {name!r} is a sentiment label (positive, neutral, negative), so {why}; give the "
    "theme a name of its own, one that says what its arguments are about"
)
H_SENTIMENT_ID = "the [sentiment] cues of that polarity would count for the theme, and labels and exports would show it twice"
H_SENTIMENT_NAME = "a label written so would stand for both the theme and the sentiment"
#: E_SCHEMA_NAME_SENTIMENT in a model's own schema.toml; ``what`` and ``fix`` as for E_MODEL_SCHEMA_RESERVED.
E_MODEL_SCHEMA_SENTIMENT = (
    "{where}: the model {model} was saved by an older argmine with a theme named {name!r} ({what}), a sentiment label "
    "(its sentiment cues counted for the theme), so the model no longer loads; {fix}"
)
#: E_SCHEMA_NAME_RESERVED in a model's own schema.toml (argmine/schema.load_schema with warn=False): an older argmine
#: let a theme be named so, and the model no longer loads; ``what``: "its id" or "the name_zh of theme 'x'".
E_MODEL_SCHEMA_RESERVED = (
    "{where}: the model {model} was saved by an older argmine with a theme named {name!r} ({what}), a word that now means "
    "no theme ('other'), so the model no longer loads; {fix}"
)
#: How to fix E_MODEL_SCHEMA_RESERVED for a name_zh or name_en: config.json records theme ids, not names.
H_MODEL_RESERVED_NAME = ("give the theme another {field} in {schema_file} (the model's config.json records no theme names, so "
                         "nothing else changes), or retrain the model with 'argmine train'")
#: How to fix E_MODEL_SCHEMA_RESERVED for a theme id: the model predicts it, so it is renamed wherever the model records it
#: (``config``: H_MODEL_RESERVED_CONFIG where config.json lists it, ``fingerprint``: H_MODEL_RESERVED_FINGERPRINT where it has one).
H_MODEL_RESERVED_ID = ("retrain the model with 'argmine train' (the theme renamed in the schema and in the gold), or rename "
                       "the id {name!r} in {schema_file}{config}{fingerprint}; the model then predicts that theme under the new id")
H_MODEL_RESERVED_CONFIG = " and in the \"themes\" list of {config_file} (the same new id in both)"
H_MODEL_RESERVED_FINGERPRINT = (" and delete \"cue_fingerprint\" from {config_file} (it was taken with the old id: left there, "
                                "every load warns that the cues changed)")
#: A cue over MAX_CUE_WEIGHT in a model's own schema.toml (argmine/schema.load_schema with warn=False): an older
#: argmine took it; ``where`` names the cue, ``fingerprint``: H_MODEL_WEIGHT_FINGERPRINT where config.json has one.
E_MODEL_SCHEMA_WEIGHT = (
    "{where}: the model {model} was saved by an older argmine with this cue's weight {found!r}, over the {most:g} a cue "
    "may now weigh, so the model no longer loads; retrain the model with 'argmine train' (the weight lowered in the "
    "schema), or lower the weight to at most {most:g} in {schema_file}{fingerprint}: either way one match of the cue "
    "still decides, and predictions change a little"
)
H_MODEL_WEIGHT_FINGERPRINT = (" and delete \"cue_fingerprint\" from {config_file} (it was taken with the old weight: left "
                              "there, every load warns that the cues changed)")
#: A literal cue with no letter, digit or Chinese character once normalised: it would fire on every such mark.
E_SCHEMA_CUE_NO_WORD = (
    "{where}: cue {found} is only punctuation or spaces (no letter, digit, Chinese character or symbol), so it would "
    "fire on every {shown} in the text; remove it, or write the word it belongs to"
)
#: A literal cue of only invisible characters (a zero-width space, a soft hyphen): the text cues read leaves them out.
E_SCHEMA_CUE_INVISIBLE = (
    "{where}: cue {found} is only invisible characters (zero-width spaces, soft hyphens, ...), which cues read through, "
    "so it would never fire; remove it, or write the word it belongs to"
)
#: A literal cue holding a Chinese list separator between words: one cue, not the list it looks like.
#: A literal cue written in regex syntax (``.{0,4}``, ``(a|b)``, ``\d``) without ``regex = true``: it matches only that text.
W_SCHEMA_CUE_REGEX_LIKE = (
    "{where}: cue {found} looks like a regular expression ({what}), but it is matched as literal text, so it fires only "
    "where the text holds those very characters; add regex = true: {{term = {found}, regex = true}}"
)
#: A literal cue with white space at an end next to a letter or digit of a script that spaces its words
#: (argmine/schema._spaced_word_end: " app ", "café "): kept, as it may mean a word boundary; white space next to
#: anything else (a Chinese character, punctuation) is removed without a word.
W_SCHEMA_CUE_SPACES = (
    "{where}: cue {found} has white space at its {ends}, so it fires only where the text has white space there (not at "
    "the start or end of a text, nor next to punctuation or a Chinese character); remove the spaces unless they are meant"
)
#: A cue that is an earlier cue of its list again, as matching reads both (argmine/schema._cues): left out, as it
#: would count twice for one match (cues that differ in script only, 報廢 and 报废, are one cue without a warning).
W_SCHEMA_CUE_REPEATED = (
    "{where}: cue {found} is cue {first} ({first_found}) again{aside}, so it is left out{weights}: a cue counts once "
    "for a match; remove one of them"
)
W_SCHEMA_CUE_LIST = (
    "{where}: cue {found} holds {sep!r}, so it matches only that whole text, {sep} included; write each cue as its own "
    "string: {split}"
)
#: A regex cue that Python's re reads otherwise than the regex package argmine matches with (re warns FutureWarning).
W_SCHEMA_REGEX_SET = "{where}: regex {term} {what}; {fix}"
#: A cue holding U+0008: TOML reads "\b" in a double-quoted string as a backspace, so a regex cue "\bAPP\b" matches a
#: backspace where the user meant a word boundary (argmine/schema._backspace_error fills in {fix}).
E_SCHEMA_CUE_BACKSPACE = (
    "{where}: {kind} {found} holds U+0008 (backspace): TOML reads \\b in a double-quoted string as a backspace, not as "
    "the regex word boundary \\b, so the cue would match only a backspace character there; write it {fix}"
)
H_SCHEMA_BACKSPACE_QUOTES = "in single quotes ({single}) or with each backslash doubled ({double})"
H_SCHEMA_BACKSPACE_DOUBLED = "with each backslash doubled ({double})"
H_SCHEMA_BACKSPACE_AS_REGEX = "as a regex cue, {how}"
#: The checks of a literal cue, for a negator ([sentiment].negations): a negator matches only a whole jieba token.
E_SCHEMA_NEGATOR_NO_WORD = (
    "{where}: negator {found} is only punctuation or spaces (no letter, digit, Chinese character or symbol), so it is no "
    "word that negates: a negator matches a whole jieba token, and punctuation such as '，' ends a negation's scope; "
    "remove it, or write the word that negates (不, 没有)"
)
E_SCHEMA_NEGATOR_INVISIBLE = (
    "{where}: negator {found} is only invisible characters (zero-width spaces, soft hyphens, ...), which the text is read "
    "without, so it would never negate; remove it, or write the word that negates (不, 没有)"
)
#: A negator holding a list separator or white space: no jieba token holds one, so it never negates.
W_SCHEMA_NEGATOR_SPLIT = (
    "{where}: negator {found} holds {what}, but a negator matches only a whole jieba token, which never holds {what}, "
    "so it never negates; write each negator as its own string: {split}"
)
#: A schema file that is not UTF-8 (argmine/schema.load_schema).
E_SCHEMA_NOT_UTF8 = "{where}: schema file is not UTF-8 (byte {byte} at line {line} is not valid UTF-8){reads}; save it as UTF-8{how}"

# labels, models and cross-validation (fix_cli2: classify.load_model, train, evaluate, agreement)
E_MODEL_THEMES = "{path}: the model was trained for themes {trained}, but the schema {schema!r} has {given}; {hint}"
E_MODEL_THEMES_HINT = (
    "pass --model lexicon (it works with any schema; model='lexicon' in Python), "
    "train a model for this schema (argmine train GOLD --schema FILE -o DIR, then --model DIR; model=DIR in Python), "
    "or, to export units without pre-annotations, 'argmine export --no-predictions' (export() without predictions= in Python)"
)
E_MODEL_THEMES_PACKAGED = "the packaged model knows only the themes of argmine/schemas/alipay.toml: "
E_MODEL_THEMES_OWN = "; or leave out --schema (schema= in Python) to use the schema the model was trained with"
W_MODEL_OTHER_CUES = (
    "{path}: the model was trained with other cues than those of {given} (same themes, different {what}); "
    "its weights now read features of cues it was not trained on, so predictions change: "
    "leave out --schema (schema= in Python) to use the model's own schema.toml, or retrain with this schema"
)
E_NOTHING_READ = "no {what} could be read (see above); nothing was {done}: fix those files or leave them out"
#: ``share`` is ", more than half", or nothing when every one failed.
E_TOO_MANY_FAILED = (
    "{failed} of {total} {what} failed{share}; nothing was {done}: {why}"
)
#: Fewer than half failed, but each on a theme the schema lacks, and no record left has one of its themes: all 'other',
#: scores of nothing (gold of another schema); ``why`` is E_TOO_MANY_FAILED's label hint.
E_NO_SCHEMA_THEME = (
    "{failed} of {total} {what} failed on themes that schema {schema!r} lacks, and none of the other {kept} has one of its "
    "themes: the {what} seem to belong to another schema; nothing was {done}: {why}"
)


def most_failed(failed: int, total: int) -> bool:
    """Whether ``failed`` of ``total`` records is more than half: E_TOO_MANY_FAILED's rule, where what is left means nothing.

    >>> most_failed(15, 19), most_failed(2, 4), most_failed(0, 0)
    (True, False, False)
    """
    return 2 * failed > total


#: argmine.cli.train.refuse_mostly_failed's theme hint when every theme that failed names a theme of the schema (a miscased id, its
#: Chinese or English name): the lines above name the id of each.
H_FAILED_NAMED = ("{each} stands for a theme of schema {schema!r} ({source}): write the theme ids the lines "
                  "above name, not the themes' names or their ids in another case")
#: refuse_mostly_failed's theme hint when every theme that failed is a mark that may mean no theme (:func:`unclear_no_theme`):
#: no other schema or model has such a theme, so none would help.
H_FAILED_UNCLEAR = ("{each} is 'N/A', 'NA' or a dash, which no schema has as a theme: "
                    "write 'other' for no theme (or leave the themes cell empty, [] in JSON)")
#: How H_FAILED_NAMED and H_FAILED_UNCLEAR start (``each``): when one of them is the hint, and when both are (each then
#: speaks of some of the rejected themes only).
EACH_REJECTED, WHERE_REJECTED = "each rejected theme", "where a rejected theme"
#: What E_NAMED_THEMES_ONLY says failed, by the kind of themes that did (read_labelled's ``"named"`` and ``"unclear"``).
FIXABLE_THEMES = {"named": "themes of schema {schema!r} written by name or in another case",
                  "unclear": "themes written 'N/A', 'NA' or a dash"}
#: As E_NO_SCHEMA_THEME, when the themes that failed are this schema's, written otherwise (H_FAILED_NAMED), or marks that
#: may mean no theme (H_FAILED_UNCLEAR; ``how``: FIXABLE_THEMES): not another schema's gold.
E_NAMED_THEMES_ONLY = ("{failed} of {total} {what} failed on {how}, and none "
                       "of the other {kept} has a theme: the scores would be of 'other' alone; nothing was {done}: {why}")
#: What E_TOO_MANY_FAILED says when no failure is of a kind it has a hint for; every hint by kind begins with it
#: (:func:`too_many_failed` says it once).
H_FAILED_OTHER = "the lines above say why"
#: What E_TOO_MANY_FAILED says to do in train and evaluate, by what failed (:func:`too_many_failed`): themes the
#: schema lacks (the packaged schema, or one given: H_FAILED_OTHER + "; " + one of these), fields the records lack,
#: lines that are no JSON object ({jsonl}: "labelled" or, in agreement, "gold").
H_FAILED_LABELS_PACKAGED = (
    "the labels were checked against the packaged schema ({source}); if they belong to another debate, pass --schema FILE "
    "(schema= in Python)"
)
H_FAILED_LABELS_GIVEN = "check that the labels are those of {source}"
#: Said after the label hint unless H_FAILED_FIELDS is given too: the field options are named once.
H_FAILED_LABELS_ALSO = "; also check that --text-field, --themes-field and --sentiment-field name the right fields"
H_FAILED_FIELDS = "the lines above say why: check that --text-field, --themes-field and --sentiment-field name fields the records have"
H_FAILED_JSON = ("the lines above say why: fix or remove the lines that are not a JSON object, or write the file again "
                 "({jsonl} JSONL holds one JSON object per line)")
#: A sentiment the schema lacks: every schema has the same three (``sentiments``), so no --schema or --model helps.
H_FAILED_SENTIMENT = "the lines above say why: write one of {sentiments} for the sentiment; every schema has these three, so --schema cannot change them"
#: How to fix one record's sentiment that no schema has (after "expected one of: ..."; :func:`label_hint`).
H_SENTIMENT_LABELS = "every schema has these three sentiments, so --schema cannot change them"
#: agreement's hint for records without a gold record's fields (gold JSONL only: no field options); its label hint is :func:`label_hint`'s.
H_FAILED_GOLD_FIELDS = ("the lines above say why: records without the fields of a gold record (id, doc, start, end, text, themes, "
                        "sentiment); compare gold JSONL, as argmine import writes it (see annotations/README.md)")
#: The kinds of failed record E_TOO_MANY_FAILED words a hint for, in the order hints are given on a tie.
FAILURE_KINDS = ("label", "sentiment", "field", "json")


def failure_hints(schema, label: str, *, jsonl: str = "labelled", fields: str = H_FAILED_FIELDS) -> dict[str, str]:
    """The hints of :func:`too_many_failed` by kind: ``label`` says what to do about themes ``schema`` lacks; ``fields``
    about records that lack a field; the sentiment and JSON hints are the same everywhere (``jsonl``: which JSONL).

    >>> from argmine.schema import load_schema
    >>> failure_hints(load_schema(), "pass --schema FILE")["sentiment"]
    'the lines above say why: write one of positive, neutral, negative for the sentiment; every schema has these three, so --schema cannot change them'
    """
    return {"label": f"{H_FAILED_OTHER}; {label}", "sentiment": H_FAILED_SENTIMENT.format(sentiments=", ".join(schema.sentiments)),
            "field": fields, "json": H_FAILED_JSON.format(jsonl=jsonl)}


def count_failure(kinds: "dict[str, int]", err: ArgmineError) -> None:
    """Count the failed record(s) ``err`` stands for in ``kinds`` (records per :attr:`ArgmineError.kind`), for :func:`too_many_failed`.

    An :class:`InputError` that sums up several records (``... and 4 more``) counts them all (its ``count``).

    >>> kinds = {}
    >>> count_failure(kinds, InputError("g.jsonl", "... and 4 more bad JSON lines", count=4, kind="json"))
    >>> count_failure(kinds, AnnotationError("g.jsonl:2", "offsets 0..3 do not span the text"))
    >>> kinds
    {'json': 4, '': 1}
    """
    kinds[err.kind] = kinds.get(err.kind, 0) + getattr(err, "count", 1)


def too_many_failed(failed: int, total: int, *, done: str, why: "str | dict[str, str]", kinds: "dict[str, int] | None" = None,
                    what: str = "records") -> str:
    """E_TOO_MANY_FAILED: the line of a command that stops because more than half of its records failed (:func:`most_failed`).

    ``why`` is what to do: one hint, or a hint per kind of failure (keys of
    :data:`FAILURE_KINDS`); then the line gives the hint of each kind that
    ``kinds`` (records per :attr:`ArgmineError.kind`: :func:`count_failure`) counts, most records first,
    and :data:`H_FAILED_OTHER` when no known kind failed (the lines above each
    failed record say what to do; no label advice when no label failed).
    Hints that begin with :data:`H_FAILED_OTHER` say it once, in the first.

    >>> too_many_failed(3, 4, done="compared", why={"label": "pass --schema FILE", "json": "fix those lines"}, kinds={"json": 3})
    '3 of 4 records failed, more than half; nothing was compared: fix those lines'
    >>> too_many_failed(4, 4, done="compared", why="fix those lines")
    '4 of 4 records failed; nothing was compared: fix those lines'
    >>> too_many_failed(3, 4, done="compared", why={"label": "pass --schema FILE", "json": "fix those lines"}, kinds={"": 3})
    '3 of 4 records failed, more than half; nothing was compared: the lines above say why'
    >>> too_many_failed(3, 4, done="compared", why={"label": "the lines above say why; pass --schema FILE",
    ...                                             "json": "the lines above say why: bad JSON"}, kinds={"json": 2, "label": 1})
    '3 of 4 records failed, more than half; nothing was compared: the lines above say why: bad JSON; pass --schema FILE'
    """
    if not isinstance(why, str):
        counts = kinds or {}
        failing = sorted((k for k in FAILURE_KINDS if counts.get(k) and k in why), key=lambda k: -counts[k])
        hints = [why[k] for k in failing]
        hints[1:] = [h.removeprefix(H_FAILED_OTHER).lstrip(":; ") for h in hints[1:]]  # "the lines above say why" once
        why = "; ".join(hints) or H_FAILED_OTHER
    share = "" if failed == total else ", more than half"
    return E_TOO_MANY_FAILED.format(failed=failed, total=total, what=what, done=done, why=why, share=share)


W_CV_NO_SOURCE_DOCS = (
    "{which} found in the source documents (--source) ({examples}), so {their} cross-validation blocks are runs "
    "of {size} units, not source lines; pass the documents the gold was made from, read as export read them "
    "(--source-id-field, --source-text-field, ...)"
)
#: What to do about a gold record whose text --source does not have at its offsets (an edited record, a changed source).
H_CV_REALIGN = "realign the gold to the source (argmine realign GOLD SOURCE -o NEW) or fix that record"
#: Gold documents that --source has, but not with the gold's text at its offsets; ``first``: the first record that differs.
W_CV_SOURCE_TEXT_DIFFERS = (
    "{which} found in the source documents (--source) ({examples}), but with other text at the gold offsets ({first}), "
    "so {their} cross-validation blocks are runs of {size} units, not source lines; " + H_CV_REALIGN
)


#: What labelers write in a themes cell that may mean no theme or not labelled (as :func:`label_key` compares them):
#: not read as ``other`` (the words that mean no theme are, argmine.schema.OTHER_NAMES), but told how to write it.
_NO_THEME_UNCLEAR = frozenset({"n/a", "na", "-", "\u2014", "\u2013"})
#: The hint for one of _NO_THEME_UNCLEAR (docs/annotation-formats.md: an empty themes cell with a sentiment is other).
H_NO_THEME_UNCLEAR = "write 'other' for no theme (or leave the themes cell empty, [] in JSON)"


def unclear_no_theme(label) -> bool:
    """Whether the theme label ``label`` is one of the marks that may mean no theme or not labelled (``N/A``, ``-``).

    >>> unclear_no_theme("N/A"), unclear_no_theme("—"), unclear_no_theme("none")
    (True, True, False)
    """
    return isinstance(label, str) and label_key(label) in _NO_THEME_UNCLEAR


#: Chinese words labelers type for the sentiments (a hint names the id, where the schema has it)
_SENTIMENT_WORDS = {"正面": "positive", "积极": "positive", "负面": "negative", "消极": "negative", "中性": "neutral", "中立": "neutral"}


@lru_cache(maxsize=1024)
def label_key(label: str) -> str:
    """``label`` as a name is compared with it: normalised as texts are (Traditional as Simplified with OpenCC, full-width
    letters as ASCII: :func:`argmine.normalize.normalize`), white space at the ends and case aside.

    >>> label_key(" 隱私與安全擔憂 ") == label_key("隐私与安全担忧"), label_key("Ｎｅｇａｔｉｖｅ")
    (True, 'negative')
    """
    from .normalize import normalize

    return normalize(label).text.strip().casefold()


def theme_named(schema, label: str) -> str:
    """The id of the theme of ``schema`` that ``label`` names (its id in another case or with spaces for its underscores,
    or its Chinese or English name, in Simplified or Traditional characters: :func:`label_key`); ``""`` if none.

    >>> from argmine.schema import load_schema
    >>> theme_named(load_schema(), "Privacy"), theme_named(load_schema(), "隐私与安全担忧"), theme_named(load_schema(), "money")
    ('privacy', 'privacy', '')
    >>> theme_named(load_schema(), "隱私與安全擔憂"), theme_named(load_schema(), "Brand fit")
    ('privacy', 'brand_fit')
    """
    label = label_key(label)
    for t in getattr(schema, "themes", ()):
        if label and label in {label_key(n) for n in (t.id, t.id.replace("_", " "), t.name_zh, t.name_en) if n}:
            return t.id
    return ""


def label_close(choices, label: str) -> tuple[str, ...]:
    """The ids of ``choices`` that ``label`` is a typo of (a letter or two away, difflib), for "did you mean"; ``()`` if none.

    More than one where they are equally close (``cost`` for ``cost_a`` and ``cost_b``): picking one would be a guess.

    >>> label_close(["fairness", "youth_jobs", "other"], "fairnes"), label_close(["fairness", "youth_jobs"], "Youth_Job")
    (('fairness',), ('youth_jobs',))
    >>> label_close(["cost_a", "cost_b", "tax"], "cost"), label_close(["fairness", "youth_jobs"], "pension")
    (('cost_a', 'cost_b'), ())
    """
    import difflib  # only a rejected label needs it: kept out of every command's start-up

    key = label.strip().casefold()
    if not key or len(key) > 2 * max(map(len, choices), default=0):  # a sentence, not a typo of an id
        return ()
    matcher = difflib.SequenceMatcher(b=key)
    scores = {}
    for choice in dict.fromkeys(choices):  # as difflib.get_close_matches scores them, every score kept to find ties
        matcher.set_seq1(choice)
        if matcher.real_quick_ratio() >= 0.8 and matcher.quick_ratio() >= 0.8 and matcher.ratio() >= 0.8:
            scores[choice] = matcher.ratio()
    return tuple(c for c, score in scores.items() if score == max(scores.values()))


def theme_close(schema, label: str) -> tuple[str, ...]:
    """The theme ids of ``schema`` (or ``other``) that ``label`` is a typo of (:func:`label_close`); ``()`` if none.

    >>> from argmine.schema import load_schema
    >>> theme_close(load_schema(), "privcy"), theme_close(load_schema(), "money")
    (('privacy',), ())
    """
    return label_close([*getattr(schema, "theme_ids", ()), "other"], label)


def either(ids) -> str:
    """``ids`` quoted and joined with "or", for "did you mean …?".

    >>> either(["fairness"]), either(["cost_a", "cost_b"]), either(["t1", "t3", "t5"])
    ("'fairness'", "'cost_a' or 'cost_b'", "'t1', 't3' or 't5'")
    """
    shown = [repr(i) for i in ids]
    return " or ".join([", ".join(shown[:-1]), shown[-1]] if len(shown) > 1 else shown)


def sentiment_named(schema, label: str) -> str:
    """The sentiment of ``schema`` that ``label`` names (its id in another case, or a Chinese word: 负面); ``""`` if none.

    >>> from argmine.schema import load_schema
    >>> sentiment_named(load_schema(), "负面"), sentiment_named(load_schema(), "Neutral"), sentiment_named(load_schema(), "bloat")
    ('negative', 'neutral', '')
    >>> sentiment_named(load_schema(), "負面")
    'negative'
    """
    label = label_key(label)
    sentiments = getattr(schema, "sentiments", ())
    sentiment = label if label in sentiments else _SENTIMENT_WORDS.get(label, "")
    return sentiment if sentiment in sentiments else ""


def label_hint(schema, error: SchemaError | None = None) -> str:
    """How to fix a label that ``schema`` rejected (``error``: the rejection, with the :attr:`~SchemaError.label` it names).

    Names the id a theme name (or a miscased id) stands for, and which
    schema's labels to use: the packaged one (else pass ``--schema``), or
    the file that was given.  A sentiment is none of that: every schema has
    the same three (:data:`H_SENTIMENT_LABELS`), so no ``--schema`` helps.

    >>> from argmine.schema import load_schema
    >>> label_hint(load_schema(), SchemaError("unknown theme 'Privacy' in schema ...", label="Privacy", label_type="theme"))
    "'Privacy' stands for theme 'privacy': write its id; the labels must be those of the packaged schema (argmine/schemas/alipay.toml); if they belong to another schema, pass --schema FILE (schema= in Python)"
    >>> label_hint(load_schema(), SchemaError("unknown sentiment 'meh' in schema ...", label="meh", label_type="sentiment"))
    'write one of them: every schema has these three sentiments, so --schema cannot change them'
    >>> label_hint(load_schema(), SchemaError("unknown theme 'N/A' in schema ...", label="N/A", label_type="theme"))
    "write 'other' for no theme (or leave the themes cell empty, [] in JSON)"
    """
    label, label_type = getattr(error, "label", None), getattr(error, "label_type", "")
    if label_type == "theme" and unclear_no_theme(label):  # N/A: no other schema helps
        return H_NO_THEME_UNCLEAR
    tip = _label_tip(schema, label, label_type)
    if label_type == "sentiment" and isinstance(label, str):
        return (tip or "write one of them: ") + H_SENTIMENT_LABELS
    return tip + _labels_to_use(schema)


def bad_label(schema, error: SchemaError) -> str:
    """The message for a label ``schema`` rejected (``error``): :data:`E_BAD_LABEL`, worded by :func:`label_hint`.

    >>> from argmine.schema import load_schema
    >>> try:
    ...     load_schema().validate_sentiment("负面")
    ... except SchemaError as e:
    ...     print(bad_label(load_schema(), e))  # doctest: +ELLIPSIS
    unknown sentiment '负面' in schema 'alipay_social'; expected one of: ...; '负面' stands for sentiment 'negative': write its id; every schema ...
    """
    return E_BAD_LABEL.format(reason=error, hint=label_hint(schema, error))


def _label_tip(schema, label: str | None, label_type: str) -> str:
    """What a rejected ``label`` (a ``label_type``: theme or sentiment) stands for in ``schema``, if anything: ``"'负面' stands for ...; "``."""
    if not isinstance(label, str):
        return ""
    shown, key = shown_repr(label), label.strip().casefold()
    sentiments = getattr(schema, "sentiments", ())
    if label_type == "theme":
        theme = theme_named(schema, key)
        if theme:
            return f"{shown} stands for theme {theme!r}: write its id; "
        close = theme_close(schema, key)  # fairnes typed for fairness
        if close:
            return f"did you mean {either(close)}? "
        if key in sentiments:  # a sheet's or gold file's themes field, apart from its sentiment field
            return f"{shown} is a sentiment, not a theme: put it in the sentiment field; "
        close = label_close(sentiments, key)  # postive in doccano's one list of labels: not a sentiment, so read as a theme
        return f"did you mean sentiment {either(close)}? " if close else ""
    if label_type != "sentiment":
        return ""
    if key in sentiments:
        return f"write {key!r}; "
    named = sentiment_named(schema, label)
    if named:  # 负面 (負面) typed for negative
        return f"{shown} stands for sentiment {named!r}: write its id; "
    close = label_close(sentiments, key)  # postive typed for positive
    return f"did you mean {either(close)}? " if close else ""


def _labels_to_use(schema) -> str:
    """Which schema's labels a rejected label should be one of: the packaged one (else --schema), or the file given."""
    source = str(getattr(schema, "source", "") or "")
    if source.startswith("argmine/schemas/"):
        return (f"the labels must be those of the packaged schema ({source}); if they belong to another schema, pass --schema FILE "
                "(schema= in Python)")
    if not source or source.startswith("<"):
        return "use a label the schema defines"
    return f"use the labels defined in {source}"


# a table's kind column (argmine/read.py)
W_UNKNOWN_KIND = (
    "{where}: field {field!r} is {value!r}, not a kind (title/标题, body/正文, comment/评论, or a synonym such as reply); "
    "the row is read as {kind}. To ignore this column pass --kind-field with a name the table lacks "
    "(--kind-field none; kind_field=None in Python); --row-kind sets the kind of such rows"
)
#: W_UNKNOWN_KIND when the field is a JSON object (``{"meta": {"kind": "comment"}}``): a dotted name reads a key inside it.
W_KIND_OBJECT = "{where}: field {field!r} is an object, not a kind, so the row is read as {kind}; {hint}"
W_MORE_UNKNOWN_KIND = "... and {n} more {records} whose {field!r} field is not a kind, read as {kind}"
E_MORE_SAME_PROBLEM = "... and {n} more {records} with the same problem: {reason}"
#: A gold file of which every record failed (agreement, realign): each was reported, and nothing is left to work on.
E_NO_RECORD_READ = "no record of {path} could be read; there is nothing to {what}"
#: A labelled file with no record in it (train, evaluate, agreement, realign): ``what`` is "file is empty" or "nothing came on standard input".
E_NO_LABELLED_RECORDS = "{what}; there are no labelled records in it"

# model directories (argmine/backends/base.read_model_config and the backends' load)
E_MODEL_IS_FILE = "{path} is a file; pass the model directory that holds it ({parent}), written by 'argmine train'"
#: A file given as the model whose folder is no model either (E_MODEL_IS_FILE is for a file inside a model).
E_MODEL_FILE = "{path}: not a model directory (a file); pass a directory written by 'argmine train'{or_name}"
#: E_MODEL_FILE's ending for a .toml file: a schema given as the model (--model for --schema).
H_MODEL_IS_SCHEMA = "; a .toml file looks like a schema: pass it as --schema FILE (schema= in Python)"
E_NOT_MODEL_DIR = "{path}: not a model directory (no {config}); pass a directory written by 'argmine train'{or_name}"
#: A model path that does not exist: the folder to look in, not a missing config.json.
#: ``checked``: "the path", or where it was given (H_COMPONENT_MODEL_KEY).
E_NO_MODEL_DIR = "{path}: not a model directory (no such directory); check {checked}, or pass a directory written by 'argmine train'{or_name}"
#: E_NO_MODEL_DIR's ``checked`` for the ``model`` of the spaCy component ``name``'s config.
H_COMPONENT_MODEL_KEY = "the path given as 'model' in the config of the {name!r} component"
#: E_NOT_MODEL_DIR's ending where a backend name is taken too (load_model, --model).
E_OR_LEXICON = ", or the name 'lexicon'"
E_MODEL_CONFIG = "{config}: unreadable model config ({reason}); retrain with 'argmine train'"
#: A model folder that cannot be entered (a colleague's, mode 700): its files cannot even be looked up. Not a damaged
#: model, so no "retrain" (argmine/backends/base.read_model_config).
E_MODEL_DIR_UNREADABLE = "{path}: cannot read the model directory ({reason}); check its permissions"
#: A model's file that is there but may not be read (argmine/backends/base.unreadable_model_file).
E_MODEL_FILE_UNREADABLE = "{file}: cannot read the model file ({reason}); check its permissions"
#: A model directory without a file it needs (``what``: "missing schema.toml", "schema.toml cannot be read (...)").
E_MODEL_INCOMPLETE = "{path}: {what}; the model directory is incomplete, retrain with 'argmine train'"
#: A model directory whose files are of two saves (``what``: which), still after reading it again a few times: being
#: replaced by 'argmine train -o' (a long read raced it), or files copied together from two models.
E_MODEL_MIXED = (
    "{path}: {what}: the folder is being replaced ('argmine train -o' writing into it) or holds files of two models; "
    "try again once the training has finished, or, if none is running, retrain with 'argmine train'"
)
#: A linear model's ``schema.toml`` naming other themes than ``config.json`` (the trained ones), found so at each reading
#: (no save under way): edited by hand since training (a theme added, an id renamed), or another model's copied in.
#: ``train``: the backend's own training options (``--backend transformers --base-model CKPT ``); ``fingerprint``: what a
#: linear model's rename also needs (:data:`H_THEMES_EDITED_FINGERPRINT`; a transformers model's heads read no cues).
E_MODEL_SCHEMA_THEMES_EDITED = (
    "{path}: schema.toml has themes {found}, but the model was trained with {trained} (config.json's \"themes\"): "
    "schema.toml was changed since training, and a model knows only the themes it was trained with; restore its "
    "schema.toml, or copy it out ('argmine schema --model {path} -o new.toml'), edit that and retrain "
    "('argmine train GOLD {train}--schema new.toml -o DIR'), or, for an id renamed, rename it in config.json's \"themes\" "
    "too{fingerprint} (docs/schema.md)"
)
H_THEMES_EDITED_FINGERPRINT = " and delete \"cue_fingerprint\" from config.json"
E_MODEL_BACKEND = "{path}: config.json says backend {found!r}, not {backend!r}"
#: A file too big to be what it is named (a model's config.json, a schema, a tokenizer file): refused before it is read.
E_FILE_TOO_BIG = "{file}: {size:,} bytes, more than any {what} holds (argmine reads at most {limit} MB of one); {fix}"
#: A model directory's file or folder that is a link out of it (a folder from someone else's archive: tar keeps links).
E_MODEL_LINK = ("{file}: a link to a {kind} outside the model folder {path}; only the folder's own files are read: "
                "copy the model with the {kind} itself in place of the link (cp -rL), or retrain with 'argmine train'")
#: A model directory whose config.json names a backend this argmine does not know (load_model).
E_MODEL_UNKNOWN_BACKEND = (
    "{config}: unknown backend {name!r} (this argmine knows: {known}); the model directory is damaged or from a newer "
    "argmine: use the argmine that wrote it (or register its backend), or retrain with 'argmine train'"
)
E_HF_CHECKPOINT = (
    "{path} is a Hugging Face checkpoint ({kind}), not an argmine model; fine-tune an argmine model from it first: "
    "argmine train GOLD --backend transformers --base-model {path} -o MODEL (see docs/transformers.md)"
)
#: --model MODEL/encoder: the folder inside an argmine model (a Hugging Face checkpoint there) is not the model.
E_MODEL_PART = (
    "{path} is the {name}/ folder inside the argmine model {parent} ({backend} backend), not a model by itself; "
    "pass --model {parent}, the model folder itself"
)
#: How to name a base checkpoint, after a --base-model path the system cannot look up (E_UNUSABLE_PATH's fix).
E_BASE_PATH_FIX = "pass a local checkpoint directory or a hub id to --base-model (model_name_or_path= in Python)"
E_NO_BASE_DIR = (
    "{path}: no such directory; --base-model takes a local checkpoint directory (with config.json, "
    "model.safetensors and tokenizer files) or a hub id such as hfl/chinese-roberta-wwm-ext"
)
E_BACKEND_SETTING = "backend {backend!r} has no setting{s} {names}; its settings are: {known}{docs}"
#: Where each backend's settings are listed with their defaults (E_BACKEND_SETTING).
BACKEND_SETTINGS_DOCS = {"linear": "docs/classify.md", "transformers": "docs/transformers.md", "lexicon": "docs/schema.md ([lexicon])"}
E_MODEL_OTHER_THEMES = (
    "{path}: the model was trained for themes {themes}, but the schema {schema!r} has {given}; "
    "leave out --schema, or train a model for this schema (argmine train GOLD --schema FILE -o DIR)"
)
W_MODEL_TOKENIZER = (
    "{path}: this model was trained with {trained} word tokens but {used} is in use here, "
    "so a few predictions may differ from the trained model's; retrain it here with 'argmine train' to match"
)
E_LINEAR_VERSION = (
    "{path}: config.json has version {found!r}, but this argmine reads linear models of version {known}; "
    "use the argmine that wrote it, or retrain with 'argmine train'"
)
E_LINEAR_WEIGHTS = (
    "{path}: {file} tensor {name!r} has {what}; the file is damaged (a model saved by argmine holds finite float64 "
    "weights): restore the model directory from a backup or retrain with 'argmine train'"
)
#: A linear model whose cue fingerprint is of its schema.toml's cues as an older argmine read them (argmine/schema.read_as_before:
#: white space at a cue's ends kept, a repeated cue counted twice): schema.toml is unchanged, argmine reads it otherwise.
W_MODEL_CUES_READ_BEFORE = (
    "{path}: the model was saved by an older argmine, which read some cues of its schema.toml otherwise (white space "
    "at a cue's ends kept, a repeated cue counted twice); its weights were fitted on the cues as read then, so "
    "predictions may change a little: retrain with 'argmine train' (schema.toml need not change)"
)
W_MODEL_SCHEMA_EDITED = (
    "{path}: the cues of schema.toml differ from those the model was trained with (config.json keeps their fingerprint); "
    "its weights were fitted on the old cues' features, so predictions change: restore schema.toml, or retrain with 'argmine train'"
)
E_BASE_IS_MODEL = "{path} is an argmine model directory ({backend} backend), not a base checkpoint; {fix}"
E_BASE_IS_MODEL_ENCODER = (
    "to fine-tune its encoder again (with new heads), pass --base-model {encoder} (model_name_or_path= in Python)"
)
E_BASE_IS_MODEL_OTHER = (
    "a {backend} model holds no encoder: pass a Hugging Face checkpoint directory (with config.json, model.safetensors "
    "and tokenizer files) or a hub id such as hfl/chinese-roberta-wwm-ext"
)
E_OUTPUT_IS_BASE = "-o {path} is the --base-model checkpoint: training would overwrite its config.json; write the model to another directory"
#: An option and the --param it stands for (--seed and seed=, --base-model and model_name_or_path=) given different values.
E_OPTION_PARAM = "{option} {value} and --param {key}={param} both set {key}, to different values; give only one of them"
E_OUTPUT_NOT_MODEL = (
    "-o {path} is a directory that holds other files ({files}) and no argmine model; training would write "
    "config.json and the weights into it: pass a new or empty directory, or add --force to write there anyway"
)
#: A path the system refuses to look up at all (argmine._files.unusable_path): a name over 255 bytes (often a text
#: passed where a path goes), a NUL character; ``fix`` is the reader's own (check the path, pass a schema file ...).
E_UNUSABLE_PATH = "cannot be used as a path ({reason}); {fix}"
#: What to pass to argmine.read() instead of an object that holds no paths (appended to E_ARG_TYPE).
H_READ_INPUT = {
    "bytes": "; decode a path first: os.fsdecode(path)",
    "dict": "; read() takes files: pass the path of a JSONL or CSV file, or make argmine.Document(id, text) objects yourself",
    "DataFrame": (
        "; read() takes files: save it (df.to_csv('rows.csv', index=False)) and pass the path, or make the documents "
        "yourself: [argmine.Document(str(i), t) for i, t in zip(df['id'], df['text'])]"
    ),
    "Document": "; a Document is read already: pass it to argmine.segment() or argmine.analyze()",
}
#: A path that names no file and reads as a text (argmine.read.reads_as_text), in the CLI and the library alike.
E_TEXT_NOT_PATH = (
    "not a file or directory, and it reads as text, not a path; put the text in a file and pass its path, or pipe it "
    "in as '-' (in Python: argmine.Document(id, text), which argmine.segment() and argmine.analyze() take)"
)
#: Appended to E_MISSING for a path that the shell would have expanded, had it not been quoted (or given in Python).
H_UNEXPANDED_GLOB = (
    " (nothing expanded the pattern: pass the folder with --include GLOB, include= in Python, or expand it: glob.glob(pattern))"
)
H_UNEXPANDED_HOME = " (nothing expanded ~: write the home folder out, or os.path.expanduser(path) in Python)"
#: An output path starting with ``~`` that nothing expanded (``--output=~/m``: the shell expands ``~`` only at the start of
#: a word) and no folder of that name exists: written as given, it would make a folder named ``~`` here.
E_OUTPUT_TILDE = ("nothing expanded ~ (a shell expands it only at the start of a word, not after '=' as in --output=~/x), "
                  "so this would write into a new folder named {head!r} here; write the option and the path apart "
                  "({option} {path}), or the home folder out")
#: How to name a schema, after a schema path that cannot be one (E_UNUSABLE_PATH's fix).
E_SCHEMA_PATH_FIX = "pass the path of a schema TOML file (--schema FILE, schema= in Python)"
#: TOML text given where a schema file's path goes (load_schema(text), analyze(schema=text)).
E_SCHEMA_IS_TEXT = (
    "{shown}: a schema is named by the path of its TOML file, and this reads as TOML text; save it to a file and pass "
    "the path, or parse the text: argmine.schema.parse_schema(tomllib.loads(text))"
)
#: parse_schema() given something other than the mapping tomllib.loads gives (the TOML text itself, a path, None).
E_PARSE_SCHEMA_TYPE = (
    "parse_schema() takes the dict that tomllib.loads(text) gives, not {found}; parse the TOML text first: "
    "argmine.schema.parse_schema(tomllib.loads(text)), or load a schema file by its path: argmine.schema.load_schema(path)"
)
#: How to name a model, after a model path the system cannot look up (E_UNUSABLE_PATH's fix); ``or_name``: E_OR_LEXICON or "".
E_MODEL_PATH_FIX = "pass a model directory written by 'argmine train'{or_name}"
#: A backend class passed where a model goes (argmine.load_model(LexiconBackend)).
E_MODEL_CLASS = (
    "model must be a model directory, the name 'lexicon' or a loaded backend, not the class {name}; pass an instance: "
    "argmine.load_model('lexicon'), argmine.load_model(MODEL_DIR), or {name}(...) fitted"
)
#: Something other than a datasets.Dataset given to argmine.hf.classify_dataset; ``hint`` from H_HF_DATASET.
E_HF_DATASET = "classify_dataset() takes a datasets.Dataset (or a DatasetDict), not {found}{hint}"
H_HF_DATASET = {
    "DataFrame": "; make one: datasets.Dataset.from_pandas(df)",
    "dict": "; make one: datasets.Dataset.from_dict(columns)",
    "list": "; make one: datasets.Dataset.from_dict({'text': texts}), or classify the texts with argmine.classify",
}
#: A Dataset.map keyword that argmine.hf.classify_dataset sets to True itself (batched, with_indices), given as a false value.
E_HF_MAP_KEYWORD = "classify_dataset always maps with {name}=True ({why}); drop {name}={found!r}"
H_HF_MAP_KEYWORD = {
    "batched": "classification is always batched; batch_size= sets how many rows a batch holds",
    "with_indices": "an error names a bad row by its index in the dataset",
}
#: A Dataset.map keyword that argmine.hf.classify_dataset cannot pass on (it sets what it would change); ``why`` from
#: H_HF_MAP_REFUSED.
E_HF_MAP_REFUSED = "classify_dataset cannot pass {name}= to Dataset.map: {why}"
H_HF_MAP_REFUSED = {
    "function": "it maps argmine's classifier; map another function over its result with ds.map(...)",
    "input_columns": "the classifier reads whole batches (the text column, and an id column to name a bad row); "
                     "drop input_columns= and pass text_column=NAME to say which column holds the texts",
    "fn_kwargs": "pass model=, schema= and text_column= to classify_dataset itself",
}
#: Something other than a batch (a dict of columns) given to argmine.hf.classify_batch.
E_HF_BATCH = (
    "classify_batch() takes a batch, a dict of columns such as {{'text': [...]}} (what Dataset.map(batched=True) passes), "
    "not {found}; for a list of texts, pass {{'text': texts}}"
)
#: Appended to a message that names a reader option by its CLI flag: the keyword a Python caller passes.
H_KEYWORD = " ({keyword}= in Python)"
#: Units given to analyze() again (the same id, document and offsets): each is counted once.
W_UNITS_AGAIN = (
    "{n} {units} given again {were} counted once (the first: {first}): the same id, document and offsets came twice, "
    "as from a Document passed with its own units or a list of units added to twice; pass each unit once"
)
#: A unit given to analyze() under an id another unit of the run has (from another document of that id).
E_UNIT_ID_TAKEN = (
    "another unit of this run has this id ({doc} {start}..{end}: {text}), so it is not counted; give the documents "
    "distinct ids before segmenting them, or pass the Documents and let analyze() rename colliding ids"
)
#: A unit given beside its Document (analyze, Analysis.from_units, export's documents=) that does not point into the
#: document's text: offsets past its end (H_UNIT_PAST_END) or another text at them (H_UNIT_OTHER_TEXT).
E_UNIT_OFF_DOCUMENT = (
    "{why}: the unit does not point into this text of document {doc} (was it cut from an earlier one, a page scraped "
    "again since?); segment the document again (argmine.segment) and use its units, or realign labels made on the old "
    "units ('argmine realign GOLD INPUTS -o NEW')"
)
H_UNIT_PAST_END = "offsets {start}..{end} go past the end of the document's text ({n} characters)"
H_UNIT_OTHER_TEXT = "its text {text} is not what the document holds at {start}..{end} ({found})"
#: A hand-built ClassifiedUnit whose unit or prediction is not of the type aggregating reads (Analysis.from_units, summarize).
E_CLASSIFIED_FIELD = (
    "{where}: {field} must be {expected}, not {found}; build each as ClassifiedUnit(unit, Prediction(themes=('privacy',), "
    "scores={{'privacy': 0.9}}, sentiment='negative', sentiment_score=-0.8))"
)
#: The hint of E_HF_DATASET for a pandas Series of texts (H_HF_DATASET holds those of the other kinds).
H_HF_SERIES = "; make one: datasets.Dataset.from_dict({'text': texts.tolist()})"
#: How to go on after a folder in a walk whose path the system refuses (over 4096 bytes: E_UNUSABLE_PATH's fix).
E_DEEP_FOLDER_FIX = "its files were not read: move them to a folder with a shorter path"
#: How to name a file that analysis.to_json(path), to_csv(path) or write_report() write, after one that cannot be a path.
E_OUTPUT_PATH_FIX = "pass another file path"
#: E_BROKEN_LINK's reason for a link that leads back to itself (ELOOP), through others or not.
H_LINK_LOOP = "a loop of links, each leading to the next: too many levels of symbolic links"

#: A SOURCE_DATE_EPOCH that is not a time (warned about once per value).
W_SOURCE_DATE_EPOCH = (
    "SOURCE_DATE_EPOCH={value} is not a whole number of seconds since 1970-01-01 UTC (as 'date +%s' prints it), "
    "so provenance.date is the current time; set it to such a number, or unset it"
)
W_SOURCE_DATE_EPOCH_RANGE = (
    "SOURCE_DATE_EPOCH={value} is past the year 9999, so provenance.date is the current time; set it to a whole number of "
    "seconds since 1970-01-01 UTC (as 'date +%s' prints it), or unset it"
)

#: Pre-segmented units given to analyze() beside inputs it segmented (their level is unknown).
W_GRANULARITY_MIXED = (
    "{n} {units} came already segmented, beside inputs analyze() segmented as {level}s; a unit does not record whether "
    "it is a sentence or a clause, so provenance.settings.granularity is null; to record it, pass every input as a path or Document"
)

#: A granularity given to analyze() when every input came already segmented.
W_GRANULARITY_UNUSED = (
    "granularity={level!r} was not used: every input came already segmented (its level is unknown, so "
    "provenance.settings.granularity is null); pass Documents or paths to segment them as {level}s"
)

#: A relative path given while the current folder no longer exists (the shell's folder was deleted under it).
E_FOLDER_GONE = "the current folder no longer exists; cd to one that does, or give absolute paths"

#: Units only in one pass that lie inside units only in the other: the passes were labelled at different granularities.
W_CUT_AT_OTHER_LEVEL = (
    "{what} only in {fine} ({shown}) {lie} inside units only in {coarse}: the passes were cut at different granularities "
    "({fine} into clauses, {coarse} into sentences?) and only the {units} cut alike {were} compared; label both passes at "
    "one 'export --granularity' and import each with the --source-granularity its export was made with ('argmine realign "
    "PASS SOURCE --granularity LEVEL' tells the level a pass fits)")

#: Gold records that match no unit because they were labelled at the other granularity (cut_level): ``how`` tells it.
W_GOLD_OTHER_LEVEL = (
    "{n} of the {total} records of {gold} match no unit of their document in the inputs (e.g. {first}): {how}, so they were "
    "labelled at {level} level and the inputs are cut into {other}; their units are exported again: pass --granularity "
    "{level} to skip them"
)

#: A sheet's id/doc cells whose characters its legacy encoding lost as '?', matched to the source's unit at the same offsets (import --source).
W_LOST_IN_ID = (
    "the id of unit {unit} reads {found!r}: characters {encoding} cannot hold ({lost}) became '?' when it was saved; "
    "the source's unit at the same offsets was used"
)
#: ... and no unit of the source matches them (E_UNMAPPED's reason): not a changed source, so no realign.
E_LOST_IN_ID = (
    "no unit {id} and no unit is at {doc} {start}..{end}: characters of its id and doc that {encoding} cannot hold became '?' "
    "when the sheet was saved, and no unit of the source at those offsets matches them; restore the id and doc cells as "
    "exported, or save the sheet as CSV UTF-8"
)
#: ... and several units of the source at those offsets match them (documents whose names read the same in that encoding).
E_LOST_IN_ID_AMBIGUOUS = (
    "no unit {id} and no unit is at {doc} {start}..{end}: characters of its id and doc that {encoding} cannot hold became '?' "
    "when the sheet was saved, and the source's units at those offsets {units} all read so (ambiguous); restore the id and doc "
    "cells as exported, or save the sheet as CSV UTF-8"
)
#: A sheet read in a legacy encoding, counted: the rows whose id, doc, text or note cells hold '?' (:data:`W_NOT_UTF8_SHEET`);
#: ``notes``: "" or :data:`W_NOT_UTF8_SHEET_NOTES`.
W_NOT_UTF8_SHEET_ROWS = (
    "read as {encoding} (the sheet was saved as plain CSV, not CSV UTF-8): characters that encoding cannot hold "
    "({lost}) were saved as '?': {rows} {hold} '?' in the id, doc, text or note (the first: {first}){notes}; {check}, "
    "and save as CSV UTF-8 next time"
)
#: ... where note cells hold '?': no source gives a note's characters back.
W_NOT_UTF8_SHEET_NOTES = "; {n} {notes} {keep} {its} '?' in gold, as no source holds notes (the first: {first})"
W_NOT_UTF8_SHEET_CLEAN = (
    "read as {encoding} (the sheet was saved as plain CSV, not CSV UTF-8): no id, doc, text or note cell holds '?', so no "
    "character that encoding cannot hold ({lost}) was lost; {check}, and save as CSV UTF-8 next time"
)
#: ... whose id, doc, text or note cells hold characters that encoding writes for others it has no code of their own for
#: (cp950: '¥' as '￥'; argmine.importers._written_as_others), and maybe '?': ``pairs`` "'¥' as '￥'", ``marks`` "'￥' or '?'".
W_NOT_UTF8_SHEET_SAVED_AS = (
    "read as {encoding} (the sheet was saved as plain CSV, not CSV UTF-8): that encoding writes characters it has no code "
    "of their own for as others ({pairs}) and those it cannot hold ({lost}) as '?': {rows} {hold} {marks} in the id, doc, "
    "text or note (the first: {first}){notes}; {check}, and save as CSV UTF-8 next time"
)
#: A record's text (``what`` "text", ``used`` "text") or id and doc ("id", "unit at the same offsets") that the sheet's
#: encoding wrote so, matched to the source's (import --source); ``lost``: "" or W_SAVED_AS_OTHERS_LOST.
W_SAVED_AS_OTHERS = (
    "the {what} of unit {unit} reads {found!r}: {encoding} wrote characters it has no code of their own for as others "
    "({pairs}){lost} when it was saved; the source's {used} was used"
)
W_SAVED_AS_OTHERS_LOST = ", and characters it cannot hold ({lost}) as '?',"
#: ... a row's id and doc that several units of the source at its offsets read as (E_UNMAPPED's reason).
E_SAVED_AS_OTHERS_AMBIGUOUS = (
    "no unit {id} and no unit is at {doc} {start}..{end}: {encoding} wrote characters of its id and doc as others "
    "({pairs}){lost} when the sheet was saved, and the source's units at those offsets {units} all read so (ambiguous); "
    "restore the id and doc cells as exported, or save the sheet as CSV UTF-8"
)
#: train DATA / evaluate --gold: a labelled CSV/TSV read in a legacy encoding whose cells they use hold '?' (argmine.train.load_examples),
#: as import's W_NOT_UTF8_SHEET_ROWS counts them; ``fix``: H_NOT_UTF8_IMPORT (an exported sheet: import can restore it) or H_NOT_UTF8_RESAVE.
W_NOT_UTF8_LABELLED = (
    "read as {encoding} (the sheet was saved as plain CSV, not CSV UTF-8): characters that encoding cannot hold "
    "({lost}) were saved as '?': {rows} {hold} '?' in the {cells} (the first: {first}) and {are} read with the '?'; {fix}"
)
H_NOT_UTF8_RESAVE = "save the sheet again as CSV UTF-8 from the spreadsheet while it still shows the lost characters"
H_NOT_UTF8_IMPORT = (
    "run 'argmine import {path} --format csv --source ORIGINALS -o GOLD.jsonl' first (ORIGINALS: the documents the sheet "
    "was exported from) to take the lost characters from them, and pass GOLD.jsonl; or " + H_NOT_UTF8_RESAVE
)
#: Labelers' notes (a sheet's note cell, a Label Studio text area, doccano's Comments, brat's AnnotatorNotes) no gold record can carry.
W_NOTES_NOT_IMPORTED = "{n} {notes} not imported ({why}; the first: {first}); read {them} in the tool"
#: A labelled record's sentiment field that is no string (``"sentiment": 1`` in JSON): the advice the same value gets in a
#: CSV cell (``unknown sentiment '1' ...; expected one of: ...``, :func:`label_hint`).
E_SENTIMENT_NOT_TEXT = "field {field!r} is {found}, expected a sentiment label, one of: {sentiments}; write one of them: " + H_SENTIMENT_LABELS
#: ``argmine train --backend lexicon`` (its ``fit`` only validates): the summary line, which claims no training (``units``:
#: "150 units (+ 2 --extra)"), and what the last line says of the records left when some failed.
S_LEXICON_WRITTEN = (
    "argmine: the lexicon learns nothing from labels: checked those of {units}, saved the schema and --param settings "
    "(--backend linear trains on them) -> {output}"
)
S_LEXICON_REST = "; the lexicon model was written (its labels checked, nothing learned)"
#: argmine.export.export(predictions=...) in Python: a prediction's theme, score or sentiment that the schema being written
#: lacks (its labeling config would not offer it, and import would refuse the label); nothing is written.  ``what``:
#: "theme", "a score for theme" or "sentiment"; ``source``: the schema's file, or H_EXPORT_SCHEMA_DEFAULT without schema=.
E_EXPORT_PREDICTION_LABEL = (
    "prediction of unit {unit} has {what} {label}, not in schema {schema!r} ({source}); "
    "pass schema=, the schema the predictions were made with (an argmine.Schema or its TOML file)"
)
H_EXPORT_SCHEMA_DEFAULT = "the packaged default: no schema= was given"
#: import, document level (a Label Studio document task, a doccano span, a brat entity): a span on no unit the export lists,
#: without --source (E_UNMAPPED's reason).  An --only-unlabeled or --sample export leaves units out of a document it shows
#: whole; only the source (re-segmented as the export read it) knows whether the span is one of those.
E_SPAN_NOT_EXPORTED = (
    "{found} at {start}..{end} is on none of the units this export lists for {doc}{hint}; if it is a unit the export left "
    "out (already labelled: --only-unlabeled; or not drawn by --sample), pass --source (the documents it was exported from) "
    "to read it as that unit; else draw it on an exported unit's boundaries"
)
E_SPAN_NOT_EXPORTED_CAUSE = "a span is on no exported unit; pass --source to read a unit the export left out as that unit"
#: import --source, document level: a span (drawn off the boundaries) whose nearest unit is one the export left out.
H_NEAR_LEFT_OUT = ", which this export left out"
#: ... and what to do, instead of keeping the exported span boundaries: such a span on that unit is read as it (W_LEFT_OUT_UNIT).
H_DRAW_ON_UNIT = "draw it on that unit's boundaries to label it"
#: import --source, document level: a span exactly on a unit of the source the export left out (already labelled, with
#: --only-unlabeled), which the labeler saw in the whole document and labelled: read as a label of that unit.
W_LEFT_OUT_UNIT = (
    "{found} at {start}..{end} is unit {unit} of the source, which this export left out (already labelled: "
    "--only-unlabeled; or not drawn by --sample): read as a label of unit {unit}; given with the gold that labelled it "
    "before (train, evaluate, agreement), a label that differs is a conflict"
)
W_LEFT_OUT_UNIT_CAUSE = "spans on units the export left out (already labelled, or not sampled); read as labels of those units"
#: import --source, document level: a span on no unit the export lists, where the source of its document changed since the
#: export (a sentence split, a line added): no unit of the source is read as one the export left out there, as its ids and
#: offsets no longer match the export's (E_UNMAPPED's reason, after "… is not a unit of {doc} (nearest unit: …)").
#: ``evidence``: H_SOURCE_CHANGED_TEXT or H_SOURCE_CHANGED_ID.
H_SOURCE_CHANGED = (
    "; the source of {doc} changed since export ({evidence}), so no unit the export left out is read from it: "
    "run 'argmine realign' or export again"
)
H_SOURCE_CHANGED_TEXT = "its unit {unit} {start}..{end} reads {expected!r}, the export's text there {found!r}"
H_SOURCE_CHANGED_ID = "its unit {unit} is {start}..{end}, the export's unit {unit} {es}..{ee}"
#: ... its cause (the summary's).
E_SOURCE_CHANGED_CAUSE = "a span is on no exported unit and the source changed since export; run 'argmine realign' or export again"

# the spaCy component (argmine/spacy_component.py)
#: E_MODEL_FILE's ending for a .toml file given as the component's ``model`` (H_MODEL_IS_SCHEMA names --schema).
H_SPACY_MODEL_IS_SCHEMA = "; a .toml file looks like a schema: give it as 'schema' in the config of the {name!r} component"
#: The component's ``kind`` setting, or a doc's ``doc.user_data["argmine_kind"]``, that is none of the kinds it takes.
E_SPACY_KIND = "{where} must be one of: {choices}; found {value!r}"
#: A component folder of a saved pipeline (``nlp.to_disk``) whose argmine.json cannot be used.
E_SPACY_SAVED = "{path}: {reason}; it is written by nlp.to_disk with the argmine component: save the pipeline again"
#: The component's part of the bytes given to ``nlp.from_bytes`` (written by ``nlp.to_bytes``) that cannot be used.
E_SPACY_SAVED_BYTES = ("nlp.from_bytes: the {name!r} component's bytes {reason}; they are written by nlp.to_bytes "
                       "with the argmine component: serialize the pipeline again")
#: ``nlp.to_disk``/``nlp.to_bytes`` (``what``) of an argmine component whose model directory ``path`` lacks its files
#: (``lacks``: removed or changed after the component took it), whose loaded model cannot be saved instead (``held``).
E_SPACY_MODEL_GONE = ("{path}: {lacks}, so {what} cannot save the model of the {name!r} component ({held}); put the "
                      "model directory back (or train it again with 'argmine train'), then save the pipeline again")
#: E_SPACY_MODEL_GONE's ``held``: the component never loaded its model.
H_SPACY_MODEL_NOT_LOADED = "it was changed or removed before the component loaded the model, so no copy is in memory"
#: E_SPACY_MODEL_GONE's ``held``: the loaded model's own save failed (``reason``).
H_SPACY_MODEL_NOT_SAVED = "the loaded copy in memory cannot be saved either: {reason}"

# realign (argmine/annotations.py)
#: realign: a gold record of a table row read without an id column (doc ``<file>:<row>``) whose row is gone, or no longer
#: holds its text, where another row of the same file holds it: a row added or deleted above it renumbered the rows.
#: ``why`` leads to ``doc``: the record's own document is not among the inputs, or its text is no longer there.  The label
#: is not moved.
H_REALIGN_ROWS_RENUMBERED = (
    "{why} {doc} ({unit} {start}..{end}): the rows of {file} were renumbered (read without an id "
    "column, a table's rows are numbered {file}:<row> from 1, so a row added or deleted shifts every row after it); move "
    "the label to {doc} by hand if it belongs there, and read the table with an id column (--id-field) so that its rows "
    "keep their ids"
)
