"""Read documents: text files as scraped, and tables of comments.

Paths may be files, directories (walked recursively, filtered by include /
exclude globs, matched in any case; links to folders are followed, each
folder read once: see :func:`_walk`; a file named again, or found again in a
folder, is read once: see :func:`_expand`) or ``-`` for standard input (``/dev/stdin`` too; a named pipe is read as
it comes, a device such as ``/dev/zero`` is refused, and a folder walk skips both with a warning; a file too big
for the memory left is one error naming it, the others read).  ``.txt``/``.md`` files are one
document each; ``.html``/``.htm`` pages too, as the text a browser shows
(:mod:`argmine.html`; offsets point into that text; the lines of its headings
are listed in ``meta["heading_lines"]``, those that came whole from a link in
``meta["link_lines"]``); ``.jsonl``/``.ndjson``/``.csv``/``.tsv`` files are one
document per row, and so is a ``.json`` file holding one array of row objects.
The encoding is detected and recorded on the document (:mod:`argmine.decode`).

Document ids: a text file's is its path without the suffix (relative to the
directory given, else the file stem; ``stdin`` for ``-``).  A table row's is
its ``id_field`` value, or else ``<file id>:<row>`` (the file's id as a text file's
would be) with rows counted from 1: CSV/TSV records after the header (a quoted
CSV field may span lines), JSONL lines, the items of a JSON array.
``source`` is ``<path>:<row>``.  Ids that collide get ``~2``, ``~3``, ... in
input order, so that every document (and unit) id is unique.

CSV is parsed strictly (a badly quoted row is reported, the rows after it
read); TSV is read as pandas writes it, and quote marks that quote no field are text.  A row with empty text, too
few or too many fields, or an unpaired UTF-16 surrogate is reported and
skipped.

>>> import argmine
>>> docs = argmine.read(["corpora/"])
>>> [d.id for d in docs]
['000_56ce5e623d6356aa', '001_faf62b3238bc40fb']
>>> docs[0].encoding
'utf-8'
"""

from __future__ import annotations

import csv
import errno
import fnmatch
import html as html_lib
import io
import itertools
import json
import math
import os
import re
import shlex
import stat
import sys
import threading
from dataclasses import dataclass, field as dataclass_field, replace
from pathlib import Path
from typing import Callable, Iterable, Iterator, Sequence

from . import errors as E
from ._files import open_descriptor, unusable_path
from ._json import json_reason, loads
from .decode import _declared_charset, _decode_declared, _forced, decode, text_encoding
from .errors import InputError
from .html import _html_layout, html_to_text
from .normalize import INVISIBLE, shown_chars, without_invisible
from .types import KINDS, SURROGATE, Document

TEXT_SUFFIXES = (".txt", ".md")
HTML_SUFFIXES = (".html", ".htm")
#: Table suffixes and the format each is read in (``.ndjson`` is JSON Lines too; ``.json``: one array of row objects).
TABLE_FORMATS = {".jsonl": "jsonl", ".ndjson": "jsonl", ".json": "json", ".csv": "csv", ".tsv": "tsv"}
TABLE_SUFFIXES = tuple(TABLE_FORMATS)
#: Read by suffix when named, but in folders only with ``include``: a folder's ``.json`` is as often a
#: configuration or a labelling tool's export as a table (a walk that skips them says so).
NAMED_ONLY_SUFFIXES = (".json", ".ndjson")
#: Excel workbooks: never read (a zip of XML), but named when a folder walk leaves them out.
WORKBOOK_SUFFIXES = (".xlsx", ".xlsm", ".xls")
DEFAULT_INCLUDE = tuple(f"*{s}" for s in TEXT_SUFFIXES + HTML_SUFFIXES + TABLE_SUFFIXES if s not in NAMED_ONLY_SUFFIXES)
#: Input formats (``auto`` goes by suffix).
INPUT_FORMATS = ("auto", "text", "html", "jsonl", "json", "csv", "tsv")
#: How a table's text cells are read (``html``: as the text a browser shows, see :class:`ReadOptions`).
CELL_FORMATS = ("text", "html")
#: Skipped in directory walks (a corpus folder's README describes it; it is not a document).
DEFAULT_EXCLUDE = ("README*", "readme*")
#: Options that apply only to tables: set for standard input read as text, they are hinted at.
TABLE_OPTIONS = ("text_field", "id_field", "kind_field", "cells")
#: Records of one file reported one by one for lacking the same field; the rest are counted.
MAX_REPEATED_ERRORS = 3
#: Files named in the one warning of a run about documents whose ids were taken (``~N``); the rest are counted.
SHOWN_RENAMED_FILES = 3

ErrorHandler = Callable[[InputError], None]
#: Told how many rows of a table (named by its source) were skipped for an empty or null text.
SkipHandler = Callable[[str, int], None]
#: Told of each file a folder walk leaves out with a warning: ``(path, reason)`` (one of the ``UNREAD_*`` reasons).
UnreadHandler = Callable[[str, str], None]
#: Why a folder walk left a file out, as ``on_unread`` is told it (the warnings say the same, with what to do).
UNREAD_JSON = "a .json/.ndjson file in a folder is read only with --include (include= in Python) or when named"
UNREAD_XLSX = "an Excel workbook is not read; save the sheet as CSV UTF-8 (.csv)"
UNREAD_NOT_REGULAR = "not a regular file ({kind})"
#: A file an earlier run of argmine wrote, left out of the walk when the caller asks (``ReadOptions._written_by``: the CLI).
UNREAD_OUTPUT = "what {writer} writes, an argmine output: read only when named"

#: A character a reader sees: neither white space nor invisible (argmine.normalize.INVISIBLE: zero-width space, soft hyphen, ...).
_SHOWN = re.compile(f"[^\\s{INVISIBLE}]")


def _blank(text: str) -> bool:
    """Whether ``text`` shows nothing: only white space and invisible characters (:data:`argmine.normalize.INVISIBLE`).

    Cleaning trims invisible characters as it trims white space, so a file or cell that only looks blank (a copied
    zero-width space) is blank, as one of spaces is.

    >>> _blank(" \\u200b\\n\\u00ad"), _blank(""), _blank("好\\u200b")
    (True, True, False)
    """
    return _SHOWN.search(text) is None


def _invisibles(text: str) -> str:
    """The invisible characters ``text`` holds, by code point in the order they first appear.

    >>> _invisibles("\\u00ad \\u200b\\u00ad")
    'U+00AD, U+200B'
    """
    return ", ".join(f"U+{ord(c):04X}" for c in dict.fromkeys(c for c in text if c in INVISIBLE))


@dataclass(frozen=True)
class ReadOptions:
    """How inputs are found and parsed (shared by every command).

    ``input_format`` is ``auto`` (by suffix), ``text``, ``html``, ``jsonl``, ``json`` (one array of row objects), ``csv`` or ``tsv``.
    ``row_kind`` is the kind of a table row whose ``kind_field`` is absent or
    empty: ``comment`` (tables are reader comments), ``body``, ``title``, or
    ``None`` (or ``"auto"``) to let cleaning decide per block as for text files.
    ``include``/``exclude`` are globs (one string or several), matched in any case.
    ``exclude`` adds to :data:`DEFAULT_EXCLUDE` (``README*``), as the CLI's
    ``--exclude`` does: a folder's README is never read as a document (name it to read it).
    ``id_field``/``kind_field`` may be ``None`` (or ``"none"``, in any case, as
    the CLI's ``--kind-field none``; it reads as ``None``): the rows have no such column.
    ``skip`` are paths (files or folders) a folder walk does not read: the CLI
    puts there an ``-o`` that lies inside an input folder.
    ``text_field``/``id_field``/``kind_field`` holding ``.`` reach into nested
    JSON objects when no column has that exact name (``content.message``).
    ``cells`` is how a table's text cells are read: ``text`` as they are, or
    ``html`` as the text a browser shows of them (:func:`html_to_text`, as for
    ``.html`` pages: the document's text is that, and offsets point into it).
    """

    text_field: str = "text"
    id_field: str = "id"
    kind_field: str = "kind"
    row_kind: str | None = "comment"
    encoding: str | None = None
    include: tuple[str, ...] = DEFAULT_INCLUDE
    exclude: tuple[str, ...] = DEFAULT_EXCLUDE
    input_format: str = "auto"
    skip: tuple[str, ...] = ()
    cells: str = "text"
    #: The command line's test of a file a folder walk finds, given its path and bytes (read once, for reading it too):
    #: what wrote it (``'argmine report'``), for a file an earlier run of argmine left in the folder, else ``None``.
    #: A file it names is left out with a note (:class:`~argmine.errors.InputNote`), as ``skip`` leaves out the
    #: run's own ``-o``; a file named among the paths is always read.  ``None`` (the library's default): every file
    #: the globs take is read.  Not a keyword of :func:`read`: only the CLI knows what its commands write.
    _written_by: Callable[[str, bytes], str | None] | None = dataclass_field(default=None, repr=False, compare=False)
    #: The codec ``encoding`` names, looked up (and checked) once, not once per file.
    _codec: str | None = dataclass_field(default=None, init=False, repr=False, compare=False)

    def __post_init__(self):
        for name, expected in (("text_field", (str,)), ("id_field", (str, type(None))), ("kind_field", (str, type(None))),
                               ("encoding", (str, type(None)))):
            if not isinstance(getattr(self, name), expected):
                what = "a column name" if name == "text_field" else "an encoding name" if name == "encoding" else "a column name or None"
                raise TypeError(E.E_ARG_TYPE.format(name=name, expected=f"{what} (str)", found=type(getattr(self, name)).__name__))
        for name in ("id_field", "kind_field"):  # one spelling of 'no such column', whichever front end gave it (provenance)
            if isinstance(getattr(self, name), str) and getattr(self, name).strip().casefold() == "none":
                object.__setattr__(self, name, None)
        for name in ("include", "exclude", "skip"):
            value = getattr(self, name)
            if isinstance(value, (str, os.PathLike)):  # one glob, not its characters
                value = (value,)
            try:
                value = tuple(value)
            except TypeError:
                value = None
            if value is None or not all(isinstance(v, str) or (name == "skip" and isinstance(v, os.PathLike)) for v in value):
                raise TypeError(E.E_ARG_TYPE.format(name=name, expected="a glob or a list of globs (str)" if name != "skip" else "a list of paths",
                                                    found=type(getattr(self, name)).__name__))
            if name == "exclude":  # the default is always skipped, as the CLI's --exclude adds to it (one place: here)
                value = DEFAULT_EXCLUDE + tuple(v for v in value if v not in DEFAULT_EXCLUDE)
            object.__setattr__(self, name, value)
        if self.row_kind == "auto":
            object.__setattr__(self, "row_kind", None)
        if self.encoding is not None:
            try:
                object.__setattr__(self, "_codec", text_encoding(self.encoding))
            except InputError as e:  # it names the option: the keyword too, for a Python caller
                raise InputError(e.source, e.message + E.H_KEYWORD.format(keyword="encoding")) from None
        if self.row_kind is not None and self.row_kind not in KINDS:
            raise InputError("--row-kind", f"{self.row_kind!r} is not a kind; use one of {', '.join(KINDS)}, or auto"
                             + E.H_KEYWORD.format(keyword="row_kind"))
        if isinstance(self.input_format, str):  # 'CSV' as the suffixes are matched: in any case
            object.__setattr__(self, "input_format", self.input_format.lower())
        if self.input_format not in INPUT_FORMATS:  # checked once here, not as one error per file
            raise InputError("--input-format", f"unknown input format {self.input_format!r}; use one of {', '.join(INPUT_FORMATS)}"
                             + E.H_KEYWORD.format(keyword="input_format"))
        if self.cells not in CELL_FORMATS:
            raise InputError("--cells", f"unknown cell format {self.cells!r}; use one of {', '.join(CELL_FORMATS)} (cells= in Python)")


def _raise(err: InputError) -> None:
    raise err


def read_options(options: ReadOptions | None, kwargs: dict, caller: Callable | None = None) -> ReadOptions:
    """``options`` refined by keyword ``kwargs`` (:class:`ReadOptions` fields).

    A keyword that is no field is a TypeError naming ``caller`` (the function
    the user called, which passes its other keywords here), with a "did you
    mean" among the fields and ``caller``'s own keywords.

    >>> read_options(None, {"text_field": "content"}).text_field
    'content'
    >>> read_options(None, {"encodng": "gbk"}, read)  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    TypeError: read() got an unexpected keyword argument 'encodng'; did you mean 'encoding'? its reading keywords are ...
    >>> read_options({"text_field": "content"}, {})
    Traceback (most recent call last):
    ...
    TypeError: options must be an argmine.ReadOptions (or its fields as keywords: text_field=...), not dict
    """
    if kwargs:
        _check_keywords(kwargs, caller or read_options)
    if options is None:
        return ReadOptions(**kwargs)
    if not isinstance(options, ReadOptions):
        raise TypeError(E.E_ARG_TYPE.format(name="options", expected="an argmine.ReadOptions (or its fields as keywords: text_field=...)",
                                            found=type(options).__name__))
    return replace(options, **kwargs) if kwargs else options


def _check_keywords(kwargs: dict, caller: Callable) -> None:
    """Raise :data:`~argmine.errors.E_READ_KEYWORD` for the first keyword of ``kwargs`` that is no :class:`ReadOptions` field."""
    from dataclasses import fields

    known = [f.name for f in fields(ReadOptions) if f.init and not f.name.startswith("_")]  # _written_by: the CLI's, set by replace()
    unknown = next((key for key in kwargs if key not in known), None)
    if unknown is None:
        return
    import inspect

    own = [name for name, p in inspect.signature(caller).parameters.items() if p.kind not in (p.VAR_KEYWORD, p.VAR_POSITIONAL)]
    close = E.label_close([*own, *known], str(unknown))
    raise TypeError(E.E_READ_KEYWORD.format(caller=caller.__name__, key=unknown, close=f"did you mean {E.either(close)}? " if close else "",
                                            fields=", ".join(known)))


def checked_handler(on_error: Callable | None) -> Callable | None:
    """``on_error`` as given, checked before any input is read: ``None`` or a callable (given each error)."""
    if on_error is not None and not callable(on_error):
        raise TypeError(E.E_ARG_TYPE.format(name="on_error", expected="None or a function given each error (errors.append)",
                                            found=type(on_error).__name__))
    return on_error


class UniqueIds:
    """Give every id once: a colliding id gets the first free ``~2``, ``~3``, ...

    Generated ids count as taken too, so ``a``, ``a``, ``a~2`` become
    ``a``, ``a~2``, ``a~2~2``, never two ``a~2``.

    ``owner`` (any value, shared by a file's documents: no memory per id
    beyond the set it replaces) is kept with the id given, for :meth:`owner`.

    >>> ids = UniqueIds()
    >>> [ids("a"), ids("a"), ids("a~2"), ids("a", owner="b.txt")], ids.owner("a"), ids.owner("a~3")
    (['a', 'a~2', 'a~2~2', 'a~3'], None, 'b.txt')
    """

    def __init__(self):
        self._taken: dict[str, object] = {}  # id -> who took it (the owner given)
        self._next: dict[str, int] = {}  # where the search for a free suffix of an id resumes

    def owner(self, doc_id: str) -> object:
        """The ``owner`` given with the document that took ``doc_id`` (``None`` if none, or not taken)."""
        return self._taken.get(doc_id)

    def __call__(self, doc_id: str, owner: object = None) -> str:
        new = doc_id
        if new in self._taken:
            n = self._next.get(doc_id, 2)
            while f"{doc_id}~{n}" in self._taken:
                n += 1
            self._next[doc_id] = n + 1
            new = f"{doc_id}~{n}"
        self._taken[new] = owner
        return new


class _RenamedIds:
    """The files of a run whose documents' ids were taken by earlier ones (so given a ``~N``), for one warning of each wording.

    A file whose id is its name (text, HTML) is told apart from a table's rows, and rows whose ids look like
    numbers Excel rounded from other rows (:data:`~argmine.errors.W_RENAMED_IDS_EXCEL`).  One file of a wording
    is warned about as before, in its own words; more are one line that counts them and names the first
    :data:`SHOWN_RENAMED_FILES` (20,000 folders each holding a ``comments.jsonl``: one line, not 19,999).
    Only the first few are kept.

    >>> import warnings
    >>> renamed = _RenamedIds()
    >>> for n in range(2, 7):
    ...     renamed.rows(f"d{n}/c.jsonl", [("c:1", f"c:1~{n}")], None, same=0)
    >>> with warnings.catch_warnings(record=True) as caught:
    ...     warnings.simplefilter("always")
    ...     renamed.warn()
    >>> message = str(caught[0].message)
    >>> len(caught), message[:message.index(":")]
    (1, '5 files have 5 document ids already taken by earlier rows or files, which got a ~N suffix')
    >>> message[message.index("d4/"):message.index(";")]
    "d4/c.jsonl (1 id, 'c:1' -> 'c:1~4'), ... and 2 more"
    >>> message[message.index("; ") + 2:message.index(":", message.index("; "))]
    'none holds the same text as the document whose id it took'
    """

    def __init__(self):
        self._kinds: dict[str, list] = {}  # "file", "rows" or "excel" -> [files, ids, ids of repeated text, the first few files' fields]

    def _add(self, kind: str, n: int, fields: dict, same: int = 0) -> None:
        entry = self._kinds.setdefault(kind, [0, 0, 0, []])
        entry[0] += 1
        entry[1] += n
        entry[2] += same
        if len(entry[3]) < SHOWN_RENAMED_FILES:
            entry[3].append(fields)

    def file(self, source: str, renamed: tuple[str, str], other: str, by_file: bool) -> None:
        """A text or HTML file read as ``renamed[1]``: its name, ``renamed[0]``, is ``other``'s (a file's, or a row's of that table)."""
        self._add("file", 1, {"source": source, "old": E.shown_repr(renamed[0]), "new": E.shown_repr(renamed[1]), "other": other,
                              "by_file": by_file})

    def rows(self, source: str, renamed: Sequence[tuple[str, ...]], excel: str | None, *, same: int) -> None:
        """Rows of table ``source`` renamed as ``renamed`` says (``(id, new id, ...)``), ``excel`` the first id that looks rounded
        by Excel, ``same`` how many of them hold the text of a document before them that had the id they asked for: the
        one whose id they took, or another renamed from it (repeats, not distinct rows; :func:`_repeats_text`)."""
        self._add("excel" if excel else "rows", len(renamed), {
            "source": source, "n": len(renamed), "ids": E.inflect(len(renamed), "id"), "old": E.shown_repr(renamed[0][0]),
            "new": E.shown_repr(renamed[0][1]), "excel": E.shown_repr(excel)}, same)

    def warn(self) -> None:
        """One :class:`~argmine.errors.InputWarning` of each wording met: a file's own, or the line for many.

        What it warned about is forgotten: a later call warns only about the files noted since.
        """
        kinds, self._kinds = self._kinds, {}
        for kind, (files, ids, same, first) in kinds.items():
            texts = (E.H_RENAMED_DISTINCT if not same else E.H_RENAMED_REPEATS if same == ids
                     else E.H_RENAMED_SOME.format(same=same, other=ids - same))  # distinct rows are not to be removed
            if files == 1:
                one = first[0]
                message = (E.W_RENAMED_IDS_EXCEL if kind == "excel" else E.W_RENAMED_IDS if kind == "rows"
                           else E.W_RENAMED_FILE_ID if one["by_file"] else E.W_RENAMED_FILE_ID_ROW)
                E.warn_caller(message.format(texts=texts, **one), E.InputWarning)
                continue
            more = E.W_RENAMED_MORE.format(n=files - len(first)) if files > len(first) else ""
            if kind == "file":
                shown = [(E.W_RENAMED_FILE_SHOWN if f["by_file"] else E.W_RENAMED_FILE_SHOWN_ROW).format(**f) for f in first]
                message = E.W_RENAMED_FILE_IDS.format(n=files, first=", ".join(shown), more=more)
            else:
                shown = [E.W_RENAMED_IDS_SHOWN.format(k=f["n"], first="first " if f["n"] > 1 else "", **f) for f in first]
                message = (E.W_RENAMED_IDS_EXCEL_FILES if kind == "excel" else E.W_RENAMED_IDS_FILES).format(
                    n=files, ids=ids, first=", ".join(shown), more=more, excel=first[0]["excel"], texts=texts)
            E.warn_caller(message, E.InputWarning)


def read(paths: str | os.PathLike[str] | Iterable[str | os.PathLike[str]], options: ReadOptions | None = None,
         on_error: ErrorHandler | None = None, *, on_skip: SkipHandler | None = None, **kwargs) -> list[Document]:
    """Read every document under ``paths``: one path or several, each a ``str`` or any ``os.PathLike`` (anything else
    is a ``TypeError`` saying what to pass, :func:`path_list`).

    Keyword arguments are :class:`ReadOptions` fields (``exclude`` adds to the
    ``README*`` default, as the CLI's ``--exclude`` does).  ``on_error`` receives
    each :class:`~argmine.errors.InputError` (a bad file or record) and reading
    goes on; without it the first error is raised.  ``on_skip`` is told how many
    rows of each table were skipped, as in :func:`iter_documents`.
    """
    return list(iter_documents(paths, read_options(options, kwargs, read), on_error, on_skip=on_skip))


def iter_documents(
    paths: str | os.PathLike[str] | Iterable[str | os.PathLike[str]], options: ReadOptions | None = None,
    on_error: ErrorHandler | None = None, *, on_skip: SkipHandler | None = None, on_unread: UnreadHandler | None = None, **kwargs,
) -> Iterator[Document]:
    """Like :func:`read`, one document at a time (constant memory per file).

    ``on_skip(source, n)`` is told, once per table, how many rows were
    skipped for an empty or null text or for repeating the header (each is
    also warned about, an :class:`~argmine.errors.InputWarning`): ``argmine.analyze`` counts them.
    ``on_unread(path, reason)`` is told of each file a folder walk leaves out
    with a warning (an Excel workbook, a ``.json`` without ``include``, a named
    pipe), or a note (an argmine output, when the CLI asks: ``ReadOptions._written_by``):
    ``argmine.analyze`` lists them in ``provenance.skipped_files``.
    Documents given a ``~N`` because their id was taken are warned about once
    reading ends: one file in its own words, more in one line that counts
    them (20,000 folders of ``comments.jsonl`` named one by one: one line).
    Those given before the first bad input are warned about before it is
    handed to ``on_error``, which may stop the run there (the CLI's
    ``--strict``: what was read is told before the line saying the run stops);
    the rest once reading ends.  Reading that stops early warns about those
    given so far: a bad file raised (no ``on_error``), or the loop left with ``break`` (when the generator is
    closed: at once in ``for doc in iter_documents(...)``, else call ``close()``).

    >>> import os, tempfile
    >>> path = os.path.join(tempfile.mkdtemp(), "c.csv")
    >>> with open(path, "w", encoding="utf-8") as f:
    ...     _ = f.write("id,text\\n7,财不外露。\\n8,功能太多了。\\n")
    >>> [(d.id, d.text, d.kind) for d in iter_documents([path])]
    [('7', '财不外露。', 'comment'), ('8', '功能太多了。', 'comment')]
    """
    paths = path_list(paths)
    opts = read_options(options, kwargs, iter_documents)
    handler = checked_handler(on_error) or _raise
    unique_id = UniqueIds()
    # each id given -> its document's shown_chars, hashed; once documents asking for it were renamed with other text,
    # the set of theirs and its document's (:func:`_repeats_text`): is a row renamed a repeat or another row?
    texts: dict[str, int | set[int]] = {}
    renamed_ids = _RenamedIds()  # warned about once reading ends: one line of each wording, not one per file
    reading: tuple[str, bool, list[tuple[str, str, bool]]] | None = None  # the file being read: path, whole, its ids renamed (unnoted)
    told = False  # a bad input was handed on: the ids renamed before it were warned about then
    found = False
    missing: list[InputError] = []
    written: list[tuple[str, str]] = []  # (path, writer) of walked files opts._written_by named: _expand notes them, once per folder

    def report(err: InputError) -> None:
        nonlocal told
        if not told:  # the handler may stop the run at the first bad input (--strict): what was read is told before it
            told = True
            if reading is not None:  # the rows of this file read so far too
                note_renamed(*reading)
                reading[2].clear()
            renamed_ids.warn()
        handler(err)

    def on_missing(err: InputError) -> None:
        err.file_level = True  # a path that gave no file (missing, unreadable folder, broken link)
        missing.append(err)
        report(err)

    def note_renamed(path: str, whole: bool, renamed: list[tuple[str, str, bool]]) -> None:
        other, by_file = (unique_id.owner(renamed[0][0]) or ("", False)) if whole and renamed else ("", False)
        if other and other != shown_path(path):  # post1.html and post1.txt, or a row's id post1: a file's name, not repeated rows
            renamed_ids.file(shown_path(path), renamed[0], other, by_file)
        elif renamed:  # a merged dump's repeated rows would otherwise be counted twice without a word
            excel = next((old for old, *_ in renamed if _EXCEL_ROUNDED.fullmatch(old)), None)  # distinct rows: not to be removed
            renamed_ids.rows(shown_path(path), renamed, excel, same=sum(repeat for *_, repeat in renamed))

    try:  # warned about however reading ends: at its end, or when a caller breaks out (the generator closed), a bad
        # file raises (no on_error), on_error stops the run at a later error or a stop signal comes, as each file's
        # warning came once it was read before
        for path, doc_id, walked in _expand(paths, opts, on_missing, on_unread, written):
            found = True
            renamed: list[tuple[str, str, bool]] = []  # (id, new id, same text as the id's: a repeat) of each document whose id was taken
            whole = _format_of(path, opts) in ("text", "html")  # the file is one document, its id the file's name
            reading = (path, whole, renamed)
            owner = (shown_path(path), whole)  # who takes this file's ids, to name it to a text or HTML file that wants one
            out_of_memory = False
            data = None  # a walked file's bytes, read once: tested for an argmine output, then read as an input
            try:
                try:
                    if walked and opts._written_by is not None:
                        data = _read_bytes(path)
                        writer = opts._written_by(path, data)
                        if writer is not None:  # an earlier run's output: left out, noted by the walk
                            written.append((shown_path(path), writer))
                            if on_unread is not None:
                                on_unread(shown_path(path), UNREAD_OUTPUT.format(writer=writer))
                            continue
                    for doc in _read_one(path, doc_id, opts, report, on_skip, data):
                        new = unique_id(doc.id, owner)  # keep both documents: ids must be unique for units to be
                        key = hash(shown_chars(doc.text))
                        if new != doc.id:
                            renamed.append((doc.id, new, _repeats_text(texts, doc.id, key)))
                        texts[new] = key
                        yield doc if new == doc.id else replace(doc, id=new)
                except InputError as err:  # raised, not handed on: the file could not be used at all (a bad record goes to handler)
                    err.file_level = True
                    report(err)
                except MemoryError:  # a file too big to read whole: reported once its bytes are let go (after this block), the others read
                    out_of_memory, data = True, None
                if out_of_memory:
                    report(InputError(shown_path(path), E.E_OUT_OF_MEMORY.format(size=_size_shown(path)), file_level=True))
            finally:  # the ids given so far count if reading stops in this file
                note_renamed(path, whole, renamed)
                reading = None
    finally:
        renamed_ids.warn()
    if not found and not missing:
        report(InputError(", ".join(map(str, paths)) or "(no paths)", E.E_NO_INPUTS, file_level=True))


def _repeats_text(texts: dict[str, int | set[int]], doc_id: str, key: int) -> bool:
    """Whether a document asking for the taken id ``doc_id`` holds the text (``key``, hashed :func:`~argmine.normalize.shown_chars`) of
    a document before it that had that id, given or asked for: the first one, or one renamed ``~N`` itself (a page
    merged twice, whose rows first got ``c1~2``, repeats them as ``c1~3``).  ``key`` is added to ``texts[doc_id]``:
    a plain hash stays one until a document of other text asks for the id, then becomes a set, so that memory grows
    only with the ids taken twice with other texts.

    >>> texts = {"c1": 1}
    >>> [_repeats_text(texts, "c1", k) for k in (1, 2, 2, 3, 1)], texts
    ([True, False, True, False, True], {'c1': {1, 2, 3}})
    """
    earlier = texts.get(doc_id)
    if isinstance(earlier, set):
        repeat = key in earlier
        earlier.add(key)
        return repeat
    if earlier is not None and earlier != key:
        texts[doc_id] = {earlier, key}
    return earlier == key


def path_list(paths: object) -> list[str]:
    """``paths`` (one path, or several: ``str`` or any ``os.PathLike``) as a list of ``str``; anything else is a
    ``TypeError`` saying what to pass (iterating a DataFrame, bytes or a Document would give no paths at all).

    >>> import pathlib
    >>> path_list(pathlib.PurePosixPath("corpora")), path_list(("a.txt", "b/"))
    (['corpora'], ['a.txt', 'b/'])
    >>> path_list([None])
    Traceback (most recent call last):
    ...
    TypeError: paths[0] must be a path (str or os.PathLike), not NoneType
    """
    if isinstance(paths, (str, os.PathLike)):  # one path, not a list of its characters
        paths = [paths]
    elif paths is None or isinstance(paths, (bytes, bytearray, dict)) or hasattr(paths, "columns") or not isinstance(paths, Iterable):
        raise TypeError(E.E_ARG_TYPE.format(name="paths", expected="a path or a list of paths (files, folders, '-')", found=type(paths).__name__)
                        + _path_hint(paths))
    out = []
    for i, item in enumerate(paths):
        if isinstance(item, os.PathLike):  # pathlib's paths, os.DirEntry
            item = os.fsdecode(os.fspath(item))
        if not isinstance(item, str):
            raise TypeError(E.E_ARG_TYPE.format(name=f"paths[{i}]", expected="a path (str or os.PathLike)", found=type(item).__name__)
                            + _path_hint(item))
        out.append(item)
    return out


def _path_hint(found: object) -> str:
    """What to pass to :func:`read` instead of ``found`` (:data:`~argmine.errors.H_READ_INPUT`), or ``""``."""
    name = "bytes" if isinstance(found, (bytes, bytearray)) else "dict" if isinstance(found, dict) else type(found).__name__
    return E.H_READ_INPUT.get(name, "")


#: A long number as Excel shows it, rounded to six digits (``1.23457E+11``): ids saved so lose their last digits.
_EXCEL_ROUNDED = re.compile(r"\s*\d(?:\.\d+)?E\+\d+\s*", re.IGNORECASE)


def _expand(paths: Iterable[str | Path], opts: ReadOptions, handler: ErrorHandler,
            on_unread: UnreadHandler | None = None, written: list[tuple[str, str]] | None = None) -> Iterator[tuple[str, str, bool]]:
    """The files under ``paths`` to read, as ``(path, document id, found in a folder walk)``; ``("-", "stdin", False)`` for standard input.

    ``on_unread(path, reason)`` is told of each file a folder walk leaves out with a warning.
    ``written`` is where the reader puts ``(path, writer)`` of each walked file it
    found to be an argmine output and left out (:func:`iter_documents`, as
    ``ReadOptions._written_by`` names them): each folder's are noted once its
    walk is done, one line (:class:`~argmine.errors.InputNote`), and a folder
    that held only those is a folder that gave no file.

    Each file is read once: one named again, or found again in a folder named
    (same resolved path), is left out with a warning, as a link to a folder
    already walked is (:func:`_walk`).  A folder named that gives no file (and
    whose walk reported nothing) goes to ``handler``, as a missing path does,
    also when other paths give files: it names what the folder held instead.
    """
    skip = tuple(os.path.realpath(p) for p in opts.skip)
    first: dict[object, tuple[str, str | None]] = {}  # each file yielded (its device and inode) -> (its path, the folder named it was found in)
    for raw in paths:
        p = str(raw)
        if p == "-":
            yield "-", "stdin", False
            continue
        if not p.strip():
            handler(InputError(repr(p), E.E_EMPTY_PATH))
            continue
        if reads_as_text(p):
            handler(InputError(E.shown_repr(p, 20), E.E_TEXT_NOT_PATH))
            continue
        unusable = unusable_path(p, "check the path")  # Path.is_dir() raises for these
        if unusable is not None:
            handler(InputError(*unusable))
            continue
        path = Path(p)
        if path.is_dir():
            unread: list[str] = []  # .json/.ndjson files the default globs leave out: named in a warning, not skipped silently
            workbooks: list[str] = []  # Excel workbooks left out: named in a warning, with how to save them as CSV
            repeated: list[str] = []  # files read before (named, or in a folder named before): read once
            left_out: list[str] = []  # files the globs leave out: named if the folder gives no file
            outputs: list[str] = []  # and -o's output (opts.skip)
            readmes: list[str] = []  # and README* (DEFAULT_EXCLUDE), which no glob brings in
            walk_errors: list[InputError] = []  # an unreadable (sub)folder, a broken link: reported by the walk already
            yielded = 0
            written_before = len(written) if written is not None else 0  # argmine outputs the reader found before this folder
            outputs_json: list[tuple[str, str]] = []  # .json/.ndjson argmine outputs, which no default glob reads: noted with those

            def walk_handler(err: InputError) -> None:
                walk_errors.append(err)
                handler(err)

            for parts, f in _walk(p, opts, walk_handler, on_unread):
                name, rel = parts[-1], "/".join(parts)
                excluded = _matches(name, rel, opts.exclude)
                if excluded or (skip and _under(os.path.realpath(f), skip)):
                    readme = excluded and _matches(name, rel, DEFAULT_EXCLUDE)  # never read in a walk, whatever the globs
                    (readmes if readme else left_out if excluded else outputs).append(shown_path(rel))
                    continue
                if not _matches(name, rel, opts.include):
                    left_out.append(shown_path(rel))
                    if opts.include == DEFAULT_INCLUDE and Path(name).suffix.lower() in NAMED_ONLY_SUFFIXES:
                        whole = str(path.joinpath(*parts))
                        writer = _output_writer(whole, opts)  # analyze -o out.json in the folder: an output, not a table to include
                        if writer is not None:
                            left_out.pop()  # not left out by the globs: told as the other outputs are
                            outputs_json.append((shown_path(whole), writer))
                            if on_unread is not None:
                                on_unread(shown_path(whole), UNREAD_OUTPUT.format(writer=writer))
                            continue
                        unread.append(shown_path(rel))
                        if on_unread is not None:
                            on_unread(shown_path(whole), UNREAD_JSON)
                    elif Path(name).suffix.lower() in WORKBOOK_SUFFIXES and not name.startswith("~$"):  # ~$: Excel's lock file
                        workbooks.append(shown_path(rel))
                        if on_unread is not None:
                            on_unread(shown_path(str(path.joinpath(*parts))), UNREAD_XLSX)
                    continue
                f = str(path.joinpath(*parts))
                if _seen(first, f, p):
                    repeated.append(shown_path(f))
                    continue
                yielded += 1
                yield *_named(f, rel.rsplit(".", 1)[0] if "." in name else rel), True
            earlier = written[written_before:] if written is not None else []  # argmine outputs the reader left out of this folder
            gave_nothing = not (yielded - len(earlier) or repeated or walk_errors)
            noted = earlier + outputs_json
            if noted and not gave_nothing:  # (a folder that gave nothing else is a bad input: said below, naming them)
                E.warn_caller(E.N_WALK_OUTPUT.format(path=noted[0][0], folder=shown_path(p), writer=noted[0][1]) if len(noted) == 1
                              else E.N_WALK_OUTPUTS.format(n=len(noted), folder=shown_path(p), **_three([shown for shown, _ in noted])),
                              E.InputNote)
            if unread:
                E.warn_caller(E.W_UNREAD_JSON.format(folder=shown_path(p), n=len(unread), files=E.inflect(len(unread), "file"),
                                                     **_three(unread)), E.InputWarning)
            if workbooks:
                E.warn_caller(E.W_UNREAD_XLSX.format(folder=shown_path(p), n=len(workbooks), workbooks=E.inflect(len(workbooks), "workbook"),
                                                     **_three(workbooks)), E.InputWarning)
            if repeated:
                E.warn_caller(E.W_FOLDER_FILES_AGAIN.format(folder=shown_path(p), n=len(repeated), files=E.inflect(len(repeated), "file"),
                                                          **_three(repeated)), E.InputWarning)
            if gave_nothing:  # a folder that gave nothing is a bad input, as a missing path is
                held = (E.H_FOLDER_LEFT_OUT.format(n=len(left_out), files=E.inflect(len(left_out), "file"), **_three(left_out)) if left_out
                        else E.H_FOLDER_ONLY_OUTPUTS.format(**_three([shown for shown, _ in noted])) if noted
                        else E.H_FOLDER_ONLY_OUTPUT.format(first=outputs[0]) if outputs
                        else E.H_FOLDER_ONLY_README.format(first=readmes[0]) if readmes else E.H_FOLDER_EMPTY)
                handler(InputError(shown_path(p), E.E_FOLDER_NO_INPUTS.format(held=held)))
        elif path.exists():
            kind = _never_ends(p)
            if kind is not None:
                handler(InputError(shown_path(p), E.E_NOT_REGULAR_INPUT.format(kind=kind)))
                continue
            before = _seen(first, p)
            if before is not None:
                was, folder = before
                again = (f"already read in the folder {shown_path(folder)}" if folder is not None
                         else "given twice" if was == p else f"the same file as {shown_path(was)}, read before")
                E.warn_caller(E.W_FILE_AGAIN.format(path=shown_path(p), again=again), E.InputWarning)
                continue
            yield *_named(p, path.stem), False
        else:
            handler(InputError(shown_path(p), _missing(p)))


def _size_shown(path: str) -> str:
    """`` (N bytes)`` for a file whose size is known (standard input's is not), for :data:`~argmine.errors.E_OUT_OF_MEMORY`.

    >>> _size_shown(__file__).endswith(" bytes)"), _size_shown("-")
    (True, '')
    """
    try:
        size = os.stat(path).st_size if path != "-" else 0
    except (OSError, ValueError):
        size = 0
    return f" ({size:,} bytes)" if size else ""


def _special_kind(mode: int) -> str | None:
    """What a file of ``mode`` is, in words, when it is neither a regular file nor a folder: a named pipe, a device or a socket.

    >>> _special_kind(stat.S_IFIFO), _special_kind(stat.S_IFCHR), _special_kind(stat.S_IFREG)
    ('a named pipe', 'a device', None)
    """
    if stat.S_ISREG(mode) or stat.S_ISDIR(mode):
        return None
    return "a named pipe" if stat.S_ISFIFO(mode) else "a socket" if stat.S_ISSOCK(mode) else "a device"


def _never_ends(path: str) -> str | None:
    """What a named input is when reading it whole would never end or cannot be done (``/dev/zero``, a link to it, a socket), else ``None``.

    A named pipe is read as it comes (process substitution, ``<(cat a.txt)``),
    and so is a path that names an open descriptor (``/dev/stdin``, ``/dev/fd/N``):
    both are what a user passes on purpose as a stream.

    >>> _never_ends("/dev/zero"), _never_ends("/dev/stdin"), _never_ends(__file__)
    ('a device', None, None)
    """
    try:
        kind = _special_kind(os.stat(path).st_mode)
    except (OSError, ValueError):  # read next, and reported there
        return None
    return None if kind in (None, "a named pipe") or open_descriptor(path) is not None else kind


def _missing(path: str) -> str:
    """Why ``path`` names no file: a link to nothing is named as one (:func:`broken_link`), a loop of links in a folder
    of its path as a path that cannot be read (:func:`~argmine.errors.cannot_read`, as the readers of gold files word
    it); anything else is missing (with :func:`_unexpanded`)."""
    return broken_link(path) or looped_path(path) or E.E_MISSING + _unexpanded(path)


def looped_path(path: str | os.PathLike) -> str | None:
    """:func:`~argmine.errors.cannot_read`'s words when ``path`` cannot be looked up for a loop of links in a folder
    of it (``loop/x.toml`` where ``loop`` links to itself), else ``None``: a path that is there or missing is no loop.

    Every reader of a named path words such a path so: inputs, gold files, ``--schema``, ``--model``.
    """
    try:
        os.stat(path)
    except OSError as e:
        return E.cannot_read(e) if e.errno == errno.ELOOP else None
    except ValueError:  # a name no file can have (a NUL): the callers word it
        return None
    return None


def broken_link(path: str) -> str | None:
    """Why ``path`` names no file when it is a symbolic link to nothing (a broken one, or a loop of links):
    :data:`~argmine.errors.E_BROKEN_LINK`, as a walk names one; ``None`` for any other path (a file, a missing one,
    a link the system will not let this user follow: permission denied).

    Every command words such an input so, whatever reads it: documents, gold and labelled files, labelling tools' exports.

    >>> import tempfile
    >>> folder = tempfile.mkdtemp()
    >>> os.symlink("nowhere.jsonl", os.path.join(folder, "gold.jsonl"))
    >>> broken_link(os.path.join(folder, "gold.jsonl")), broken_link(os.path.join(folder, "missing.jsonl"))
    ('broken symbolic link to nowhere.jsonl (No such file or directory); fix the link or remove it', None)
    """
    if os.path.islink(path):
        try:
            os.stat(path)
        except PermissionError:  # the link may lead somewhere: worded as a file this user may not read (E.cannot_read)
            return None
        except OSError as e:
            return E.E_BROKEN_LINK.format(target=shown_path(os.readlink(path)), reason=_link_reason(e))
    return None


def _link_reason(error: OSError) -> str:
    """Why a link leads nowhere, in E_BROKEN_LINK: the system's words, or that it is a loop (ELOOP's words say it less plainly)."""
    return E.H_LINK_LOOP if error.errno == errno.ELOOP else str(error.strerror or error)


def _unexpanded(path: str) -> str:
    """A hint for a missing ``path`` that the shell would have expanded: a glob (``corpora/*.txt``) or ``~``; else ``""``."""
    if path.startswith("~"):
        return E.H_UNEXPANDED_HOME
    if any(c in path for c in "*?["):
        return E.H_UNEXPANDED_GLOB
    return ""


#: Chinese sentence punctuation: a text holds it, a file name (a saved page's title) may too.
_SENTENCE_MARKS = frozenset("。！？，；：、「」『』“”")
#: What ends a file's name (``.txt``, ``.html``, ``.jsonl``), not a sentence (``。``, ``. It``).
_FILE_SUFFIX = re.compile(r"\.[A-Za-z0-9]{1,8}$")
#: Fewer characters than this, with one sentence mark, is still a name (``数据。``, ``好！``).
_SHORT_NAME = 10


def reads_as_text(path: str) -> bool:
    """Whether ``path``, which names no file, is a text passed where a path goes, not a file that is missing.

    It is when it holds a line break, or white space in a name too long to be
    a path, or when it is prose: two or more Chinese sentence marks and no
    file suffix (a "/" may be part of the text), or, with no suffix and no
    folder separator, one mark in ten characters or more.  A name a missing file may well have (``如何看待支付宝圈子？.html``,
    ``数据。/a.txt``, ``好！``, ``语料``) is reported as missing, as it is.

    >>> reads_as_text("支付宝做社交是对的。"), reads_as_text("财不外露，天经地义。"), reads_as_text("第一行\\n第二行")
    (True, True, True)
    >>> reads_as_text("如何看待支付宝圈子？.html"), reads_as_text("数据。/a.txt"), reads_as_text("财不外露。"), reads_as_text("语料")
    (False, False, False, False)
    >>> reads_as_text("is right " * 40), reads_as_text("nope.txt"), reads_as_text("支付宝/微信都做社交，我反对。")
    (True, False, True)
    """
    if path == "-" or os.path.lexists(path):  # a broken link is a file that is missing, not a text
        return False
    if "\n" in path or "\r" in path or (any(c.isspace() for c in path) and unusable_path(path, "") is not None):
        return True
    marks = sum(c in _SENTENCE_MARKS for c in path)
    if marks >= 2 and not _FILE_SUFFIX.search(os.path.basename(path)):  # prose, even with a "/" in it (支付宝/微信…。…。)
        return True
    if _FILE_SUFFIX.search(path) or os.sep in path or "/" in path or (os.altsep and os.altsep in path):
        return False
    return marks == 1 and len(path) >= _SHORT_NAME


def _seen(first: dict[object, tuple[str, str | None]], path: str, folder: str | None = None) -> tuple[str, str | None] | None:
    """How the file ``path`` was read before (its path, the folder named it was in), or ``None``: it counts as read from now on.

    A file is the same file under any name: another spelling, a symbolic or a hard link (same device and inode).
    """
    try:
        st = os.stat(path)
        key: object = (st.st_dev, st.st_ino) if st.st_ino else os.path.normcase(os.path.realpath(path))
    except OSError:  # read next, and reported there
        key = os.path.normcase(os.path.realpath(path))
    before = first.get(key)
    if before is None:
        first[key] = (path, folder)
    return before


def _under(path: str, tops: Sequence[str]) -> bool:
    """Whether resolved ``path`` is one of the resolved paths ``tops`` or lies inside one."""
    return any(path == t or path.startswith(t.rstrip(os.sep) + os.sep) for t in tops)


def walk_reads(folder: str, path: str, options: ReadOptions | None = None) -> bool:
    """Whether a walk of ``folder`` would read the file ``path`` (by its name inside it: hidden, --include, --exclude),
    or reads it through a symbolic link: a file the walk reaches resolves to ``path``, or lies inside it (a folder).

    The CLI asks before it leaves an ``-o`` inside an input folder out of the
    walk, which is not otherwise read.  A path named inside ``folder`` is
    told by its name, as spelt there (``data/link.txt``) or resolved; any
    other path by walking ``folder`` (``elsewhere/real.txt``, which
    ``data/link.txt`` points at).

    >>> walk_reads("data", "data/sub/a.txt"), walk_reads("data", "data/.git/a.txt"), walk_reads("data", "data/out.json")
    (True, False, False)
    """
    opts = options or ReadOptions()
    target = os.path.realpath(path)
    if _under(os.path.realpath(folder), (target,)) or _under(os.path.abspath(folder), (os.path.abspath(path),)):
        return False  # the folder itself, or a folder holding it: not a file it reads
    named = False
    for top, spelt in ((os.path.abspath(folder), os.path.abspath(path)), (os.path.realpath(folder), target)):
        parts = Path(os.path.relpath(spelt, top)).parts
        if not parts or parts[0] == "..":
            continue
        named = True
        name, rel = parts[-1], "/".join(parts)
        if not any(p.startswith(".") for p in parts) and _matches(name, rel, opts.include) and not _matches(name, rel, opts.exclude):
            return True
    if named and target == os.path.abspath(path):  # no link on the way: its name decided
        return False
    with E.warnings_kept():  # a linked folder seen twice: the reading walk says so
        for parts, f in _walk(folder, opts, lambda err: None):
            name, rel = parts[-1], "/".join(parts)
            if _matches(name, rel, opts.include) and not _matches(name, rel, opts.exclude) and _under(os.path.realpath(f), (target,)):
                return True
    return False


def _walk(folder: str, opts: ReadOptions, handler: ErrorHandler,
          on_unread: UnreadHandler | None = None) -> list[tuple[tuple[str, ...], str]]:
    """The files under ``folder``, as ``(path parts relative to folder, path)``, sorted by those parts.

    Hidden files and folders (``.git``, ``.venv``, ``.DS_Store``) are skipped.
    Symbolic links to folders are followed, but only after every real folder
    was walked: a link to a folder already walked (one inside ``folder``, or a
    loop such as ``self -> ..``) is skipped with a warning, so no file is read
    twice.  A folder that cannot be listed is reported to ``handler``, and so
    is a broken link that would have been read (its name matches ``include``,
    or it has no suffix and may have been a folder).  ``Path.rglob`` skipped
    all three without a word.  A named pipe, a device or a socket (or a link to
    one) that would have been read is skipped with a warning naming it: reading
    it could wait for ever (a pipe no one writes into) or never end (``/dev/zero``).
    """
    files: list[tuple[tuple[str, ...], str]] = []
    seen: dict[tuple[int, int], str] = {}  # (device, inode) of each folder walked -> its path
    real, links = [((), folder)], []  # folders to walk, and linked folders walked after them
    while real or links:
        parts, current = real.pop() if real else links.pop(0)
        try:
            st = os.stat(current)
            if (st.st_dev, st.st_ino) in seen:
                E.warn_caller(E.W_LINKED_FOLDER_SEEN.format(path=shown_path(current), target=seen[st.st_dev, st.st_ino]), E.InputWarning)
                continue
            seen[st.st_dev, st.st_ino] = shown_path(current)
            with os.scandir(current) as it:
                entries = sorted(it, key=lambda e: e.name)
        except OSError as e:  # a path over 4096 bytes is named cut, not in full, and moving the files is the way out
            unusable = unusable_path(current, E.E_DEEP_FOLDER_FIX) if e.errno == errno.ENAMETOOLONG else None
            handler(InputError(*unusable) if unusable is not None
                    else InputError(shown_path(current), E.E_UNREADABLE_DIR.format(reason=e.strerror or e)))
            continue
        for entry in entries:
            if entry.name.startswith("."):
                continue
            sub = parts + (entry.name,)
            if entry.is_symlink():
                try:
                    mode = os.stat(entry.path).st_mode
                except OSError as e:
                    rel = "/".join(sub)
                    maybe_read = _matches(entry.name, rel, opts.include) or "." not in entry.name
                    if maybe_read and not _matches(entry.name, rel, opts.exclude):
                        target = shown_path(os.readlink(entry.path))
                        handler(InputError(shown_path(entry.path), E.E_BROKEN_LINK.format(target=target, reason=_link_reason(e))))
                    continue
                if stat.S_ISDIR(mode):
                    links.append((sub, entry.path))
                elif stat.S_ISREG(mode):
                    files.append((sub, entry.path))
                else:
                    _skip_special(sub, entry.path, mode, opts, on_unread)
            elif entry.is_dir(follow_symlinks=False):
                real.append((sub, entry.path))
            elif entry.is_file(follow_symlinks=False):
                files.append((sub, entry.path))
            else:
                try:
                    mode = entry.stat(follow_symlinks=False).st_mode
                except OSError:  # gone since it was listed
                    continue
                _skip_special(sub, entry.path, mode, opts, on_unread)
    return sorted(files)


def _skip_special(parts: tuple[str, ...], path: str, mode: int, opts: ReadOptions, on_unread: UnreadHandler | None = None) -> None:
    """Warn that a folder's entry ``path`` (a named pipe, a device, a socket, or a link to one) is not read, when
    its name would have been (``include``, not ``exclude``, not among ``opts.skip``); ``on_unread`` is told of it too."""
    rel = "/".join(parts)
    if not _matches(parts[-1], rel, opts.include) or _matches(parts[-1], rel, opts.exclude):
        return
    if opts.skip and _under(os.path.realpath(path), tuple(os.path.realpath(p) for p in opts.skip)):
        return
    kind = _special_kind(mode)
    if on_unread is not None:
        on_unread(shown_path(path), UNREAD_NOT_REGULAR.format(kind=kind))
    E.warn_caller(E.W_WALK_NOT_REGULAR.format(path=shown_path(path), kind=kind, hint=E.H_WALK_PIPE if kind == "a named pipe" else ""),
                  E.InputWarning)


def known_document_count(paths: Iterable[str | Path], options: ReadOptions | None = None) -> int | None:
    """How many documents ``paths`` hold, when that is known without reading them.

    That is when every input file is text or HTML (one document each; a bad
    one holds none, so this is at most one too many per bad file); ``None``
    when standard input or a table is among them.  Nothing is reported: reading
    does that.  A progress bar's total.

    >>> known_document_count(["corpora/"]), known_document_count(["-"])
    (2, None)
    """
    opts = options or ReadOptions()
    if isinstance(paths, (str, Path)):
        paths = [paths]
    n = 0
    with E.warnings_kept():  # (the reading walk says what it says; this only counts)
        for path, *_ in _expand(paths, opts, lambda err: None):  # an argmine output left in a folder is counted (as a bad file is)
            if path == "-" or _format_of(path, opts) not in ("text", "html"):
                return None
            n += 1
    return n


def _named(path: str, doc_id: str) -> tuple[str, str]:
    """A file to read and its document id, printable (a warning, once, when its name is not valid UTF-8)."""
    if not _name_bytes_read(path)[1]:
        E.warn_caller(E.W_UNDECODABLE_NAME, E.InputWarning)
    return path, shown_path(doc_id)


def shown_path(path: str) -> str:
    """``path`` as it can be printed and written, the same in every locale: its bytes read as UTF-8, those that are not valid UTF-8 as ``\\xNN``.

    Python decodes a file name with the locale's encoding (GBK, Latin-1, ASCII
    under ``LC_ALL=C``), and holds the bytes it cannot decode as lone
    surrogates (``surrogateescape``), which no UTF-8 output can hold.  The
    name's own bytes are read instead, so a document id built from it (and a
    gold file that names that id) is the same whatever the locale; a name from
    a Windows zip is often GBK.

    >>> shown_path(b"\\xc6\\xc0\\xc2\\xdb.txt".decode("utf-8", "surrogateescape"))
    '\\\\xc6\\\\xc0\\\\xc2\\\\xdb.txt'
    >>> shown_path("评论.txt")
    '评论.txt'
    """
    return _name_bytes_read(path)[0]


def _name_bytes_read(path: str) -> tuple[str, bool]:
    """``path``'s bytes (as the system names the file) read as UTF-8, with ``\\xNN`` for bytes that are not, and whether all were."""
    try:
        raw = os.fsencode(path)
    except UnicodeError:  # a name not from the system: a character the locale's encoding cannot hold, or a surrogate that stands for no byte
        return path.encode("utf-8", "backslashreplace").decode("utf-8"), not SURROGATE.search(path)
    try:
        return raw.decode("utf-8"), True
    except UnicodeDecodeError:
        return raw.decode("utf-8", "backslashreplace"), False


def _matches(name: str, rel: str, globs: Sequence[str]) -> bool:
    """Whether a file's name or relative path matches one of ``globs``, in any case.

    Pages saved on Windows and old sites are often ``.HTM``; the suffix picks
    the format in any case too (:func:`_format_of`).

    >>> _matches("P02.HTML", "old/P02.HTML", DEFAULT_INCLUDE), _matches("a.txt", "a.txt", ("*.md",))
    (True, False)
    """
    name, rel = name.casefold(), rel.casefold()
    return any(fnmatch.fnmatchcase(name, g) or fnmatch.fnmatchcase(rel, g) for g in map(str.casefold, globs))


def _format_of(path: str, opts: ReadOptions) -> str:
    if opts.input_format != "auto":
        return opts.input_format
    suffix = Path(path).suffix.lower()
    if suffix in HTML_SUFFIXES:
        return "html"
    return TABLE_FORMATS.get(suffix, "text")


def _read_one(path: str, doc_id: str, opts: ReadOptions, handler: ErrorHandler, on_skip: SkipHandler | None = None,
              data: bytes | None = None) -> Iterator[Document]:
    """The documents of the file ``path`` (``data``: its bytes, when the caller read them already)."""
    if data is None:
        data = stdin_bytes() if path == "-" else _read_bytes(path)
    path = shown_path(path)  # from here on the file is named, in messages and the Document, as it can be printed
    if (data[:4] == b"PK\x03\x04" and _is_workbook(data)) or (data[:8] == _OLE2 and _is_legacy_workbook(data, path)):
        raise InputError(path, E.E_XLSX)
    fmt = _format_of(path, opts)
    declared = _declared_charset(data, path) if fmt == "html" and not opts.encoding else None
    tables = fmt in ("jsonl", "json", "csv", "tsv")  # their readers report a record with an unpaired surrogate
    if declared:
        text, encoding = _decode_declared(data, declared, path)
    else:  # an --encoding given was checked by ReadOptions: its codec is forced as is
        text, encoding = _forced(data, path, opts._codec) if opts._codec else decode(data, path, lone_surrogates=tables)
    if fmt == "text":
        if _blank(text):  # 0 bytes are reported by decode; a BOM alone leaves no text either (a BOM is decoding's, no character)
            found = _invisibles(text)
            raise InputError(path, E.E_EMPTY if not text else E.E_BLANK_INVISIBLE.format(found=found) if found else E.E_BLANK)
        if opts.input_format == "auto" and (path == "-" or Path(path).suffix.lower() == ".txt"):
            _hint_plain_text(text, path, opts)
        yield Document(doc_id, text, path, encoding, {})
    elif fmt == "html":
        page, headings, links, literal = _html_layout(text)
        if _blank(page):  # &#8203; or &shy; alone show nothing either
            raise InputError(path, E.E_EMPTY_HTML)
        meta: dict = {"format": "html"}
        title = _TITLE.search(text)
        if title and page.split("\n", 1)[0] == " ".join(html_lib.unescape(title.group(1)).split()):
            meta["title_line"] = True  # the first line is the page's <title> (it shows no <h1>)
        if headings:
            meta["heading_lines"] = headings  # lines of shown <h1>..<h6>: cleaning's titles
        if links:
            meta["link_lines"] = links  # lines that came whole from an <a>: the headlines a list of related articles may hold
        if literal:
            meta["literal_mark_lines"] = literal  # lines of the page's own text that start like a mark (<nav> ...): no html_* rule
        yield Document(doc_id, page, path, encoding, meta)
    else:  # jsonl, json, csv, tsv: ReadOptions has checked a given --input-format
        yield from _table_rows(text, path, encoding, doc_id, opts, handler, fmt, on_skip)


def _is_workbook(data: bytes) -> bool:
    """Whether ``data`` is an Excel workbook (``.xlsx``, ``.xlsm``): a zip archive holding ``xl/workbook.xml``."""
    import zipfile

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return any(name.lower() == "xl/workbook.xml" for name in archive.namelist())
    except (zipfile.BadZipFile, OSError, ValueError):  # another binary file, reported as binary data when decoded
        return False


#: The first bytes of an OLE2 compound file: a legacy Excel workbook (``.xls``), as a Word ``.doc`` is too.
_OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def _is_legacy_workbook(data: bytes, path: str) -> bool:
    """Whether ``data``, an OLE2 compound file, is a legacy Excel workbook: named ``.xls``, or holding a ``Workbook`` stream."""
    return Path(path).suffix.lower() == ".xls" or "Workbook".encode("utf-16-le") in data


_TITLE = re.compile(r"<title\b[^>]*>(.*?)</title\s*>", re.IGNORECASE | re.DOTALL)
_HTML_START = re.compile(r"<(!doctype\s+html|html)\b", re.IGNORECASE)


def _hint_plain_text(text: str, path: str, opts: ReadOptions) -> None:
    """Warn when standard input (``path`` ``-``) or a ``.txt`` file, read as plain text, looks meant as an HTML page or a table.

    Standard input has no suffix to go by.  A ``.txt`` is text whatever options
    came with it (the same file reads the same way in a folder walk), so only what
    it holds is hinted at: a saved page, a first line of JSON, Excel's tab-separated text, a CSV whose header
    names the text or id field.
    """
    stdin = path == "-"
    head = text.lstrip("\ufeff").lstrip()
    first = head.split("\n", 1)[0].strip()
    page = _HTML_START.search(head, 0, 1024) if head.startswith("<") else None  # after an <?xml ?> or a comment too
    if page:
        start = page.group() + ">"
        E.warn_caller(E.W_STDIN_HTML.format(start=start) if stdin else E.W_TXT_HTML.format(source=path, start=start), E.InputWarning)
        return
    looks_jsonl = _json_first_line(first)
    table_options = [f"--{name.replace('_', '-')}" for name in TABLE_OPTIONS if getattr(opts, name) != getattr(ReadOptions, name)] if stdin else []
    if looks_jsonl or table_options:
        why = "its first line looks like JSON" if looks_jsonl else f"{', '.join(table_options)} {'applies' if len(table_options) == 1 else 'apply'} only to tables"
        E.warn_caller(E.W_STDIN_TEXT.format(why=why) if stdin else E.W_TXT_JSON.format(source=path), E.InputWarning)
    elif columns := _delimited_table(text, opts):
        why = f"it looks like a tab-separated table (columns: {_shown_columns(columns)})"
        E.warn_caller(E.W_STDIN_TEXT.format(why=why) if stdin else E.W_TXT_TSV.format(source=path, columns=_shown_columns(columns)), E.InputWarning)
    elif columns := _delimited_table(text, opts, delimiter=","):  # cat comments.csv | argmine analyze -
        why = f"it looks like a comma-separated table (columns: {_shown_columns(columns)})"
        E.warn_caller(E.W_STDIN_TEXT.format(why=why) if stdin else E.W_TXT_CSV.format(source=path, columns=_shown_columns(columns)), E.InputWarning)


def _json_first_line(line: str) -> bool:
    """Whether ``line``, the first of a text, starts JSON rows: a JSON object (a JSON Lines row), ``{"`` or a JSON array of rows.

    Braces in prose (``{转载自微博}``, ``{图片}``) are not JSON.

    >>> [_json_first_line(line) for line in ('{"text": "好。"}', '{ "id": 1 }', '[{"id": 1,', "[", "{转载自微博}", "{图片} 支付宝")]
    [True, True, True, True, False, False]
    """
    if line.startswith(('{"', '[{"')) or line in ("[", "[{"):
        return True
    if not line.startswith("{"):
        return False
    try:
        return isinstance(loads(line), dict)
    except json.JSONDecodeError:
        return False


#: How many lines of a text file :func:`_delimited_table` looks at.
_TAB_TABLE_LINES = 50


def _delimited_table(text: str, opts: ReadOptions, delimiter: str = "\t") -> list[str] | None:
    """The columns of ``text`` when it looks like a tab-separated (or ``delimiter``-separated) table of comments, else ``None``.

    That is when its first line that is not blank splits at tabs into fields of
    which one is ``text_field`` or ``id_field`` (unless ``None``), and more
    than half of its first lines hold as many tabs, or of its first records (read
    as Excel quotes them: a cell may span lines) as many fields.  Excel saves its
    "Unicode Text" and "Text (Tab delimited)" sheets as ``.txt``.  With ``,``
    the header and the records are read by :mod:`csv` alone (a quoted cell
    holds commas): prose with commas, whose first line names no such field, is no table.

    >>> _delimited_table("id\\ttext\\n1\\t好。\\n2\\t对。\\n", ReadOptions()), _delimited_table("第一段\\t好。\\n第二段。\\n", ReadOptions())
    (['id', 'text'], None)
    >>> _delimited_table('id,text\\n1,"好, 对。"\\n2,对。\\n', ReadOptions(), ","), _delimited_table("Yes, the id, text and all.\\nNo, not so.\\n", ReadOptions(), ",")
    (['id', 'text'], None)
    """
    head = list(itertools.islice(io.StringIO(text.lstrip("\ufeff"), newline=""), _TAB_TABLE_LINES))
    lines = [line for line in head if line.strip()]
    if len(lines) < 2 or delimiter not in lines[0]:
        return None
    if delimiter == "\t":
        columns = [name.strip().strip('"').strip() for name in lines[0].rstrip("\r\n").split("\t")]
    else:
        try:
            columns = [name.strip() for name in next(_CsvReader([lines[0]], delimiter=delimiter), [])]
        except csv.Error:  # a NUL byte
            return None
    names = {opts.text_field} | ({opts.id_field} if opts.id_field is not None else set())
    if not names & set(columns):
        return None
    if delimiter == "\t" and sum(line.count("\t") == len(columns) - 1 for line in lines) * 2 > len(lines):
        return columns
    try:
        records = [record for record in _CsvReader(head, delimiter=delimiter) if record]
    except csv.Error:  # a quote left open where the lines looked at end
        return None
    return columns if sum(len(record) == len(columns) for record in records) * 2 > len(records) else None


def _shown_columns(columns: Sequence[str]) -> str:
    """A header's column names for a message, cut after the first eight."""
    return ", ".join(map(E.shortened, columns[:8])) + (", ..." if len(columns) > 8 else "")


def stdin_bytes() -> bytes:
    """What standard input holds, as bytes (``-``): closed (``<&-``) or absent (``pythonw``), it is an empty file; a
    text stream put in its place (``sys.stdin = io.StringIO(...)``, as a test or a notebook does) gives its text as UTF-8.

    >>> import io
    >>> saved, sys.stdin = sys.stdin, io.StringIO("财不外露。")
    >>> stdin_bytes().decode("utf-8")
    '财不外露。'
    >>> sys.stdin = saved
    """
    stream = sys.stdin
    if stream is None:
        return b""
    raw = getattr(stream, "buffer", None)
    if raw is not None:
        return raw.read()
    data = stream.read()
    return data if isinstance(data, bytes) else data.encode("utf-8", "surrogateescape")


def _three(names: Sequence[str]) -> dict[str, str]:
    """``first`` and ``more`` of a message listing files: the first three named, the rest counted.

    >>> _three(["a.json", "b.json", "c.json", "d.json", "e.json"])
    {'first': 'a.json, b.json, c.json', 'more': ', ... and 2 more'}
    """
    return {"first": ", ".join(names[:3]), "more": E.W_RENAMED_MORE.format(n=len(names) - 3) if len(names) > 3 else ""}


def _output_writer(path: str, opts: ReadOptions) -> str | None:
    """The command that wrote ``path``, a file the walk does not read, when the caller asks (``ReadOptions._written_by``)
    and it is an argmine output; ``None`` for any other file, or one that cannot be read (it is not read anyway).
    Only the head is read: what :func:`argmine.cli._common.written_by` looks at (the first line, at most 4 MiB)."""
    if opts._written_by is None:
        return None
    try:
        with open(path, "rb") as f:
            head = f.read((1 << 22) + 1)
    except OSError:
        return None
    return opts._written_by(path, head)


def _read_bytes(path: str) -> bytes:
    try:
        return Path(path).read_bytes()
    except OSError as e:  # permission denied, or another refusal: worded as every command words them
        raise InputError(shown_path(path), E.cannot_read(e)) from None


#: How a value parsed from JSON is named in messages (by its JSON type).
_JSON_TYPES = {bool: "a boolean", dict: "an object", list: "an array", type(None): "null", int: "a number", float: "a number"}


#: What a table's kind column may say, case and surrounding white space ignored, and the kind it stands for.
KIND_VALUES = {
    **{k: k for k in KINDS},
    "headline": "title", "标题": "title", "標題": "title",
    "article": "body", "content": "body", "正文": "body", "文章": "body", "原文": "body",
    "comments": "comment", "reply": "comment", "replies": "comment",
    "评论": "comment", "評論": "comment", "回复": "comment", "回覆": "comment", "留言": "comment",
}


def row_kind(value: object) -> str | None:
    """The kind a table's kind-column value stands for, or ``None`` if it names none.

    The value is read as a reader sees the cell: white space around it and invisible characters anywhere in it
    (:data:`argmine.normalize.INVISIBLE`: a zero-width space pasted with it, a byte order mark) are left out.

    >>> [row_kind(v) for v in ("Comment", " 评论 ", "reply", "正文", "標題", "note", 3)]
    ['comment', 'comment', 'comment', 'body', 'title', None, None]
    >>> [row_kind(v) for v in ("body\\u200b", "评\\u200b论", "\\ufeffcomment", "正\\u00ad文 ")]
    ['body', 'comment', 'comment', 'body']
    """
    return KIND_VALUES.get(without_invisible(value).strip().casefold()) if isinstance(value, str) else None


def _row_document(
    row: dict, where: str, path: str, encoding: str, doc_id: str, n: int, opts: ReadOptions,
    unknown_kind: ErrorHandler | None = None,
) -> Document:
    """The document of one table row; a kind value that names no kind goes to ``unknown_kind`` and the row gets ``--row-kind``.

    A field name holding ``.`` that no column has exactly reaches into nested
    JSON objects (:func:`field_value`); the text is then left out of ``meta``
    where it was nested, the rest of its object kept.
    """
    text = field_value(row, opts.text_field)
    if text is _ABSENT and (parent := _null_parent(row, opts.text_field)) is not None:  # {"content": null}: a deleted comment
        raise InputError(path, E.E_NULL_TEXT.format(where=where, field=parent))
    if text is _ABSENT:
        fields = ", ".join(map(str, row)) or "none"
        near = _near_name(opts.text_field, row)  # a key that is the field but for its case or white space, named as a CSV column is
        if near is not None:
            raise InputError(path, E.E_NO_FIELD_NEAR.format(where=where, field=opts.text_field, fields=fields, near=near[0], differs=near[1],
                                                            option="text-field", quoted=shlex.quote(near[0]), keyword="text_field"),
                             kind="field")
        raise InputError(path, E.E_NO_FIELD.format(where=where, field=opts.text_field, fields=fields + _nested_keys(row, opts.text_field),
                                                   option="text-field", keyword="text_field"), kind="field")
    if _no_value(text):  # JSON's missing value (pandas writes a missing text as null, or NaN): skipped as an empty CSV cell is
        raise InputError(path, E.E_NULL_TEXT.format(where=where, field=opts.text_field))
    if not isinstance(text, str):
        hint = _object_hint(text, opts.text_field, "text-field", str) if isinstance(text, dict) else E.E_NOT_STRING_HINT
        raise InputError(path, E.E_TEXT_NOT_STRING.format(where=where, field=opts.text_field, found=_json_type(text),
                                                          hint=hint))
    if _blank(text):  # a cell of spaces or of a copied zero-width space looks empty in a sheet
        found = _invisibles(text)
        raise InputError(path, (E.E_INVISIBLE_TEXT.format(where=where, field=opts.text_field, found=found) if found
                                else E.E_EMPTY_TEXT.format(where=where, field=opts.text_field)))
    if opts.cells == "html":  # the text a browser shows of the cell's markup, as for an .html page; offsets point into it
        text = html_to_text(text)
        if _blank(text):  # only an <img>, say: skipped as an empty cell is
            raise InputError(path, E.E_EMPTY_HTML_TEXT.format(where=where, field=opts.text_field))
    rid = field_value(row, opts.id_field)
    if isinstance(rid, (bool, dict, list)):  # str() would make ids such as "True" or "{'a': 1}"
        hint = "; " + _object_hint(rid, opts.id_field, "id-field", (str, int)) if isinstance(rid, dict) else ""
        raise InputError(path, E.E_ID_NOT_SCALAR.format(where=where, field=opts.id_field, found=_json_type(rid), hint=hint))
    blank = rid is _ABSENT or _no_value(rid) or (isinstance(rid, str) and _blank(rid))  # a cell of spaces looks empty in a sheet
    ident = f"{doc_id}:{n}" if blank else str(rid)
    meta = _without(row, opts.text_field)
    value = field_value(row, opts.kind_field)
    value = None if value is _ABSENT or _no_value(value) else value
    if value is None or (isinstance(value, str) and _blank(value)):
        kind = opts.row_kind
    elif (kind := row_kind(value)) is None:
        kind = opts.row_kind
        if unknown_kind is not None and isinstance(value, dict):  # {"meta": {"kind": ...}}: the dotted name reads a key inside it
            hint = _object_hint(value, opts.kind_field, "kind-field", str, prefer=row_kind)
            unknown_kind(InputError(path, E.W_KIND_OBJECT.format(where=where, field=opts.kind_field, kind=_kind_name(opts), hint=hint)))
        elif unknown_kind is not None:
            unknown_kind(InputError(path, E.W_UNKNOWN_KIND.format(where=where, field=opts.kind_field, value=value, kind=_kind_name(opts))))
    return Document(ident, text, f"{path}:{n}", encoding, meta, kind, row=n)


#: What :func:`field_value` returns for a field a row does not have (``None`` is JSON's null).
_ABSENT = object()


def _no_value(value: object) -> bool:
    """Whether a value read from a table row stands for no value: JSON's null, or a float that is not finite.

    ``json.dump`` of a pandas frame's records writes a missing value as ``NaN``
    (Python's JSON reads it, and ``Infinity``, as a float): it is no id and no text.

    >>> [_no_value(v) for v in (None, float("nan"), float("-inf"), 0.0, "", "nan")]
    [True, True, True, False, False, False]
    """
    return value is None or (isinstance(value, float) and not math.isfinite(value))


def _parent_not_object(row: dict, name: str | None) -> tuple[str, object] | None:
    """For a dotted ``name`` no column has, its first leading part that ``row`` has but that is no JSON object, and its value.

    >>> _parent_not_object({"content": "好。"}, "content.message"), _parent_not_object({"a": {"b": None}}, "a.b.c")
    (('content', '好。'), ('a.b', None))
    >>> _parent_not_object({"content": {"message": 1}}, "content.message"), _parent_not_object({"c": 1}, "content.message")
    (None, None)
    """
    if name is None or name in row or "." not in name:
        return None
    parts = name.split(".")
    value: object = row
    for cut, key in enumerate(parts[:-1], start=1):
        if key not in value:
            return None
        value = value[key]
        if not isinstance(value, dict):
            return ".".join(parts[:cut]), value
    return None


def _null_parent(row: dict, name: str | None) -> str | None:
    """The leading part of a dotted ``name`` that is null (or NaN) in ``row``, so that its value is null too; else ``None``.

    A scraper writes a deleted comment's ``content`` object as null: its text is null, not a field the row lacks.

    >>> _null_parent({"content": None}, "content.message"), _null_parent({"content": "好。"}, "content.message")
    ('content', None)
    """
    parent = _parent_not_object(row, name)
    return parent[0] if parent is not None and _no_value(parent[1]) else None


#: HTML markup in a table cell (Weibo's and Zhihu's APIs give a comment's text so): a tag of an element
#: comments hold, or a character reference.  ``<<三体>>`` or ``a<b`` are none.
_CELL_MARKUP = re.compile(
    r"</?(?:a|abbr|b|blockquote|br|code|del|div|em|font|h[1-6]|hr|i|img|li|ol|p|pre|s|small|span|strong|sub|sup|u|ul)"
    r"(?:\s[^<>]*)?/?>"
    r"|&(?:lt|gt|amp|quot|apos|nbsp|#\d{1,7}|#[xX][0-9a-fA-F]{1,6});",
    re.IGNORECASE,
)


def field_value(row: dict, name: str) -> object:
    """The value of field ``name`` in a table row, or :data:`_ABSENT` when it has none.

    A column of exactly that name wins; else a name holding ``.`` reaches into
    nested JSON objects, one key per part (Bilibili's ``content.message``).

    >>> row = {"rpid": 1, "content": {"message": "说得对"}, "a.b": 2}
    >>> field_value(row, "content.message"), field_value(row, "a.b"), field_value(row, "content.x") is _ABSENT
    ('说得对', 2, True)
    """
    if name is None:  # id_field=None / kind_field=None: the rows have no such column
        return _ABSENT
    if name in row:
        return row[name]
    if "." not in name:
        return _ABSENT
    value: object = row
    for key in name.split("."):
        if not isinstance(value, dict) or key not in value:
            return _ABSENT
        value = value[key]
    return value


def _keys(obj: dict, limit: int = 8) -> str:
    """The keys of a JSON object as messages list them (the first ``limit``)."""
    return ", ".join(map(str, list(obj)[:limit])) + (", ..." if len(obj) > limit else "") or "none"


def _nested_keys(row: dict, name: str) -> str:
    """``; 'content' holds: message, members`` for a dotted ``name`` whose longest leading part is an object of ``row``;
    ``; 'content' is a string, not an object`` where that part is something else; else ``""``.

    >>> _nested_keys({"content": {"text": "好。"}}, "content.message"), _nested_keys({"content": "好。"}, "content.message")
    ("; 'content' holds: text", "; 'content' is a string, not an object")
    """
    parts = name.split(".")
    for cut in range(len(parts) - 1, 0, -1):
        inner = field_value(row, ".".join(parts[:cut]))
        if isinstance(inner, dict):
            return f"; {'.'.join(parts[:cut])!r} holds: {_keys(inner)}"
        if inner is not _ABSENT:  # the key is there, but holds no keys: saying only that the field is missing reads as a contradiction
            return f"; {'.'.join(parts[:cut])!r} is {_json_type(inner)}, not an object"
    return ""


def _object_hint(obj: dict, name: str, option: str, wanted: type | tuple[type, ...], prefer: Callable[[object], object] | None = None) -> str:
    """What to pass when field ``name`` is a JSON object: the dotted name of a key inside it (one whose value is ``wanted``).

    A key whose value ``prefer`` holds true of comes first (:func:`row_kind`: a value that names a kind).

    >>> _object_hint({"uid": "u1", "kind": "评论"}, "meta", "kind-field", str, prefer=row_kind)
    'pass --kind-field meta.kind to read a key inside it (kind_field= in Python; its keys: uid, kind)'
    """
    key = next((k for k, v in obj.items() if prefer is not None and prefer(v)), None)
    if key is None:
        key = next((k for k, v in obj.items() if isinstance(v, wanted) and not isinstance(v, bool)), None)
    return E.E_OBJECT_FIELD_HINT.format(option=option, keyword=option.replace("-", "_"), keys=_keys(obj),
                                        example=shlex.quote(f"{name}.{key}") if key is not None else f"{name}.KEY")


def _without(row: dict, name: str) -> dict:
    """``row`` without field ``name`` (as :func:`field_value` finds it): a nested one is left out of its object, an object it leaves empty too."""
    def cut(obj: dict, keys: list[str]) -> dict:  # a copy: the row itself is left as it is
        inner = cut(obj[keys[0]], keys[1:]) if len(keys) > 1 else {}
        return {k: (inner if k == keys[0] else v) for k, v in obj.items() if k != keys[0] or inner}

    if name in row or "." not in name or field_value(row, name) is _ABSENT:
        return {k: v for k, v in row.items() if k != name}
    return cut(row, name.split("."))


def _kind_name(opts: ReadOptions) -> str:
    """How messages name the kind a row gets from ``--row-kind``."""
    if opts.row_kind:
        return f"{opts.row_kind!r} (--row-kind; row_kind= in Python)"
    return "--row-kind auto (cleaning decides; row_kind=None in Python)"


class MissingFieldReporter:
    """Report records of one file that lack a field, without repeating it for every record.

    The first ``limit`` records missing a given field go to ``handler`` one by
    one; the rest are counted and :meth:`close` reports them in one line, so no
    record is dropped silently and a file without the field does not print a
    line per record.

    >>> seen = []
    >>> r = MissingFieldReporter(seen.append, "t.jsonl", limit=1)
    >>> for n in (1, 2, 3):
    ...     r.missing("text", "text-field", InputError("t.jsonl", f"line {n}: has no 'text' field"))
    >>> r.close()
    >>> [e.message for e in seen]
    ["line 1: has no 'text' field", "... and 2 more records without a 'text' field; pass --text-field NAME (text_field= in Python)"]
    """

    def __init__(self, handler: ErrorHandler, path: str, limit: int = MAX_REPEATED_ERRORS, *, empty_text_warns: bool = False,
                 on_skip: SkipHandler | None = None):
        self.handler = handler
        self.path = path
        self.limit = limit
        #: Rows with empty text are skipped with a warning (:class:`~argmine.errors.InputWarning`),
        #: not failures: a comment table often holds rows without text (an image, a deleted comment).
        self.empty_text_warns = empty_text_warns
        #: Told by :meth:`close` how many rows were so skipped (``on_skip(path, n)``), when any were.
        self.on_skip = on_skip
        #: Rows skipped otherwise, with their own warning (a CSV row repeating the header): told to ``on_skip`` too.
        self.skipped = 0
        self.counts: dict[tuple[str, str], int] = {}
        self.summaries: dict[tuple[str, str], Callable[[int, str], str]] = {}
        self.kinds: dict[tuple[str, str], str] = {}  # the kind of each problem's records (ArgmineError.kind): its count line's too
        self.warns: set[tuple[str, str]] = set()

    def missing(self, field: str, option: str, err: InputError) -> None:
        """One record lacks ``field`` (set by ``--option``); ``err`` says which, and gets the kind ``"field"``."""
        err.kind = "field"
        self.repeated((field, option), err, lambda n, records: E.E_MORE_WITHOUT_FIELD.format(
            n=n, records=records, field=field, option=option, keyword=option.replace("-", "_")))

    def repeated(self, key: tuple[str, str], err: InputError, summary: Callable[[int, str], str], *, warn: bool = False) -> None:
        """One record has the problem ``key``; ``summary(n, "records")`` words the line for those only counted.

        With ``warn`` the record is skipped with a warning instead of being reported as a failure.
        """
        n = self.counts[key] = self.counts.get(key, 0) + 1
        self.summaries.setdefault(key, summary)
        self.kinds.setdefault(key, err.kind)
        if warn:
            self.warns.add(key)
        if n <= self.limit:
            self._emit(key, err)

    def _emit(self, key: tuple[str, str], err: InputError) -> None:
        if key in self.warns:
            E.warn_caller(str(err), E.InputWarning)  # names the caller's line, not this one
        else:
            self.handler(err)

    def close(self) -> None:
        """Report, once per field (or problem), the records that were only counted."""
        for key, n in self.counts.items():
            if n > self.limit:
                more = n - self.limit
                records = "record" if more == 1 else "records"
                self._emit(key, InputError(self.path, self.summaries[key](more, records), count=more, kind=self.kinds[key]))
        skipped = self.skipped + sum(n for key, n in self.counts.items() if key[0] == "" and key in self.warns)  # row_error's empty texts
        if skipped and self.on_skip is not None:
            self.on_skip(self.path, skipped)

    def row_error(self, err: InputError, row: dict, text_field: str, *, html: bool = False) -> None:
        """Report ``err`` about ``row``: counted if the row lacks ``text_field`` or its text is empty (or null), a ``"field"`` failure then.

        With ``html`` (cells read as HTML) a text that shows nothing (only an ``<img>``) is empty too.
        """
        text = field_value(row, text_field)
        if text is _ABSENT and _null_parent(row, text_field) is not None:
            text = None
        if text is _ABSENT:
            self.missing(text_field, "text-field", err)
        elif _no_value(text) or (isinstance(text, str) and (_blank(text) or html and _blank(html_to_text(text)))):
            err.kind = "field"
            self.repeated(("", text_field), err, lambda n, records: E.E_MORE_EMPTY_TEXT.format(n=n, records=records, field=text_field),
                          warn=self.empty_text_warns)
        else:
            self.handler(err)


def _table_rows(
    text: str, path: str, encoding: str, doc_id: str, opts: ReadOptions, handler: ErrorHandler, fmt: str,
    on_skip: SkipHandler | None = None,
) -> Iterator[Document]:
    counted = MissingFieldReporter(handler, path, empty_text_warns=True, on_skip=on_skip)

    def unknown_kind(err: InputError) -> None:  # the row is kept: a warning, listed then counted
        summary = lambda n, records: E.W_MORE_UNKNOWN_KIND.format(n=n, records=records, field=opts.kind_field, kind=_kind_name(opts))  # noqa: E731
        counted.repeated(("kind", opts.kind_field), err, summary, warn=True)

    failed = records = 0

    def bad_record(err: InputError) -> None:
        nonlocal failed
        failed += 1
        handler(err)

    # an --id-field or --kind-field the user named but no row has (a typo, 评论id for 评论ID) is warned about once:
    # the ids would silently be row numbers, the kinds --row-kind
    absent = {field: option for field, option in ((opts.id_field, "id-field"), (opts.kind_field, "kind-field"))
              if field is not None and field != getattr(ReadOptions, option.replace("-", "_")) and field.strip().casefold() != "none"}
    columns: dict = {}  # the rows' fields, in order, while a named field is absent from all of them
    cells = marked = 0  # non-empty text cells, and those holding HTML markup (read as text, they would become units)
    example = ""

    def header_rows(source: str, n: int) -> None:  # rows repeating the header: skipped with a warning, as empty texts are
        counted.skipped += n

    for n, where, row in table_records(text, path, fmt, bad_record, ((opts.text_field, "text-field"),), on_skip=header_rows):
        records += 1
        if absent:
            columns.update(dict.fromkeys(row))
            absent = {field: option for field, option in absent.items() if field_value(row, field) is _ABSENT}
        if opts.cells == "text" and isinstance(cell := field_value(row, opts.text_field), str) and not _blank(cell):
            cells += 1
            if m := _CELL_MARKUP.search(cell):
                marked += 1
                example = example or m.group()
        try:
            yield _row_document(row, where, path, encoding, doc_id, n, opts, unknown_kind)
        except InputError as err:
            counted.row_error(err, row, opts.text_field, html=opts.cells == "html")
    counted.close()
    if marked * 2 > cells:  # most cells: a stray "&amp;" in one comment is not worth a line
        E.warn_caller(E.W_CELLS_HTML.format(source=path, n=marked, m=cells, field=opts.text_field, example=example[:40]), E.InputWarning)
    if not records and not failed:  # as an empty file is: no line would name it otherwise
        raise InputError(path, E.E_EMPTY if _blank(text) else E.E_JSON_NO_ROWS if fmt == "json" else E.E_NO_ROWS)
    for field, option in absent.items() if records else ():
        consequence = f"rows are numbered {doc_id}:<row> instead" if option == "id-field" else f"every row is read as {_kind_name(opts)}"
        E.warn_caller(E.W_ABSENT_COLUMN.format(source=path, field=field, option=option, keyword=option.replace("-", "_"),
                                               columns=", ".join(map(str, columns)) or "none", consequence=consequence), E.InputWarning)


def table_records(
    text: str, path: str, fmt: str, handler: ErrorHandler, required: Sequence[tuple[str, str]] = (), *,
    on_skip: SkipHandler | None = None,
) -> Iterator[tuple[int, str, dict]]:
    """The records of a decoded table as ``(n, where, row)``; a bad record goes to ``handler``.

    ``fmt`` is ``jsonl``, ``json`` (one array of row objects), ``csv`` or ``tsv``.  ``n`` counts rows from 1 (CSV/TSV:
    records after the header; JSONL: the line number; JSON: the item) and ``where`` names the
    record in messages (``line 3``, ``row 2 (line 3)``, ``row 2``).  ``required`` are the
    ``(field, option)`` pairs a record needs: a CSV/TSV header without one
    raises :class:`InputError` (once for the file), a row too short to hold
    one is reported.  JSON(L) records are yielded whatever fields they have;
    the caller reports what is missing (:class:`MissingFieldReporter`).
    CSV/TSV rows that repeat the header (tables joined with ``cat``) are
    skipped with one warning; ``on_skip(path, n)`` is told how many, when any.
    :func:`read` and :func:`argmine.train.load_examples` both read tables
    through it, so a table's records are parsed and numbered the same.

    >>> list(table_records('text,n\\n"一",1\\n', "t.csv", "csv", _raise))
    [(1, 'row 1 (line 2)', {'text': '一', 'n': '1'})]
    """
    if fmt == "jsonl":
        return _jsonl_records(text, path, handler)
    if fmt == "json":
        return _json_records(text, path, handler)
    return _csv_records(text, path, handler, required, tsv=fmt == "tsv", on_skip=on_skip)


def _jsonl_records(text: str, path: str, handler: ErrorHandler) -> Iterator[tuple[int, str, dict]]:
    # A row's number is its line number (JSONL has no header), as in the error messages.
    if text.lstrip("\ufeff \t\r\n")[:1] == "[":  # a JSON array (pretty-printed, or on one line): one line, not one per line
        try:
            whole = loads(text)
        except json.JSONDecodeError:
            whole = None  # JSON lines, one of them an array: reported by number below
        if isinstance(whole, list):
            raise InputError(path, E.E_JSONL_IS_ARRAY.format(fix=E.JSONL_ARRAY_FIX[_json_suffix(path)]))
    # LF (or CRLF) ends a record; CR alone only in a file without LF (an old Mac's): a stray CR is not a line end
    first = True  # the first line that is not blank is still to come
    for n, line in enumerate(io.StringIO(text, newline="\n" if "\n" in text else None), start=1):
        if line.startswith("\ufeff"):  # the byte order mark of a file joined on with cat: no part of the record
            line = line.lstrip("\ufeff")
        if _blank(line):  # a line of white space, or of a zero-width space, looks blank: no record
            continue
        at_first, first = first, False
        try:
            row = loads(line)
        except json.JSONDecodeError as e:
            if at_first and _spread_object(text):  # jq . output: one line for the file, not one per line of every object
                raise InputError(path, E.E_JSONL_PRETTY) from None
            handler(InputError(path, E.E_JSON_LINE.format(line=n, reason=json_reason(e)), kind="json"))
            continue
        if not isinstance(row, dict):  # named as JSON names it, as the .json reader does
            handler(InputError(path, E.E_JSON_NOT_OBJECT.format(line=n, found=_json_type(row)), kind="json"))
            continue
        if _SURROGATE_ESCAPE.search(line) or SURROGATE.search(line):
            bad = _surrogate_field(row)
            if bad:
                handler(InputError(path, E.E_LONE_SURROGATE.format(where=f"line {n}", field=bad[0], code=bad[1])))
                continue
        yield n, f"line {n}", row


#: White space (and byte order marks) before a text's first value.
_LEADING_SPACE = re.compile(r"[\s\ufeff]*")


def _spread_object(text: str) -> bool:
    """Whether the first value of ``text`` is a JSON object spread over several lines: pretty-printed JSON (``jq .``).

    >>> _spread_object('{\\n  "id": 1\\n}\\n{\\n  "id": 2\\n}\\n'), _spread_object('{"id": 1}\\n'), _spread_object('{"text": "好\\n{}\\n')
    (True, False, False)
    """
    start = _LEADING_SPACE.match(text).end()
    if text[start : start + 1] != "{":
        return False
    try:
        _, end = json.JSONDecoder().raw_decode(text, start)
    except (json.JSONDecodeError, RecursionError, ValueError):
        return False
    return "\n" in text[start:end] or "\r" in text[start:end]


#: A JSON escape of a UTF-16 surrogate (most are paired, and decode to one character).
_SURROGATE_ESCAPE = re.compile(r"\\u[dD][89a-fA-F]")


def _json_records(text: str, path: str, handler: ErrorHandler) -> Iterator[tuple[int, str, dict]]:
    """The rows of a JSON array of objects, as many scrapers dump them; row ``n`` is the array's ``n``-th item.

    A file that is not such an array raises :class:`InputError` (one line for
    the file); an item that is not an object goes to ``handler``.

    >>> list(_json_records('[{"id": 7, "text": "好。"}]', "c.json", _raise))
    [(1, 'row 1', {'id': 7, 'text': '好。'})]
    """
    if _blank(text):
        return  # an empty file, reported as one
    try:
        rows = loads(text)
    except json.JSONDecodeError as e:
        reason = f"{e.msg.removesuffix(' at')} at line {e.lineno}, column {e.colno}"  # json's "Unterminated string starting at"
        if e.msg == "Extra data" and _first_line_is_object(text):  # JSON Lines given as (or named) .json
            rename = ", or name the file .jsonl," if _json_suffix(path) == ".json" else ""
            raise InputError(path, E.E_JSON_IS_LINES.format(reason=reason, rename=rename)) from None
        raise InputError(path, E.E_JSON_FILE.format(reason=reason)) from None
    if not isinstance(rows, list) or (rows and not any(isinstance(row, dict) for row in rows)):
        if isinstance(rows, dict):
            found = f"one JSON object (keys: {', '.join(map(E.shortened, list(rows)[:8]))}{', ...' if len(rows) > 8 else ''})"
        else:
            found = f"an array of {_json_type(rows[0]).split(' ', 1)[-1]}s" if isinstance(rows, list) else _json_type(rows)
        raise InputError(path, E.E_JSON_NOT_ROWS.format(found=found))
    surrogates = bool(_SURROGATE_ESCAPE.search(text) or SURROGATE.search(text))
    for n, row in enumerate(rows, start=1):
        where = f"row {n}"
        if not isinstance(row, dict):
            handler(InputError(path, E.E_JSON_ITEM_NOT_OBJECT.format(where=where, found=_json_type(row))))
            continue
        bad = _surrogate_field(row) if surrogates else None
        if bad:
            handler(InputError(path, E.E_LONE_SURROGATE.format(where=where, field=bad[0], code=bad[1])))
            continue
        yield n, where, row


def _json_suffix(path: str) -> str:
    """``".json"`` for a file named so, ``"-"`` for stdin, else ``""``: a key of :data:`argmine.errors.JSONL_ARRAY_FIX`."""
    if path == "-":
        return "-"
    return ".json" if Path(path).suffix.lower() == ".json" else ""


def _first_line_is_object(text: str) -> bool:
    """Whether the first line of ``text`` that is not blank is one JSON object: JSON Lines, when more follows."""
    first = next((line for line in text.splitlines() if not _blank(line)), "")
    try:
        return isinstance(loads(first), dict)
    except json.JSONDecodeError:
        return False


def _json_type(value: object) -> str:
    """How a value parsed from JSON is named in messages: ``an object``, ``a string``, ..."""
    return "a string" if isinstance(value, str) else _JSON_TYPES.get(type(value), type(value).__name__)


def _surrogate_field(row: dict) -> tuple[str, str] | None:
    """The first field of ``row`` (name or value) holding an unpaired surrogate, and that surrogate escaped."""
    return next(((k, c) for k, v in row.items() if (c := _lone_surrogate(k) or _lone_surrogate(v))), None)


def _lone_surrogate(value) -> str | None:
    r"""The first unpaired UTF-16 surrogate in a parsed JSON value, escaped, if any.

    JSON may hold one (``"\ud83d"``: half an emoji cut off by a scraper);
    no text encoding can, so nothing after reading could handle it.

    >>> _lone_surrogate(json.loads('{"text": ["做社交\\ud83d"]}')), _lone_surrogate(json.loads('"\\ud83d\\ude00"'))
    ('\\ud83d', None)
    """
    if isinstance(value, str):
        m = SURROGATE.search(value)
        return f"\\u{ord(m.group()):04x}" if m else None
    if isinstance(value, dict):
        value = [x for item in value.items() for x in item]
    if isinstance(value, list):
        return next(filter(None, map(_lone_surrogate, value)), None)
    return None


def _rows_of_their_own(lines: list[str], dialect: dict, width: int) -> bool:
    """Whether ``lines`` (those a badly quoted record took) read as rows of the header's width.

    >>> _rows_of_their_own(['2,财不外露\\n', '3,他说"好"的\\n'], {"strict": True}, 2)
    True
    >>> _rows_of_their_own(['第二行"x\\n'], {"strict": True}, 2)
    False
    """
    try:
        return all(len(row) == width for row in _CsvReader(lines, **dialect) if row)
    except csv.Error:
        return False


class _Lines:
    """The lines of a table as :mod:`csv` reads them, with a position that can be set back.

    After a badly quoted record, reading starts again on the line after the
    record's first one where the lines it took read as rows (a stray quote
    must not take the rows after it), else after the record's last line;
    after a cell too long for csv's limit, on the record's first line again
    (:class:`_CsvReader`).  ``text`` is the table, or its lines.
    """

    def __init__(self, text: str | Sequence[str]):
        self.lines = io.StringIO(text, newline="").readlines() if isinstance(text, str) else list(text)
        self.read = 0  # lines handed out so far; the last one's number

    def __iter__(self) -> _Lines:
        return self

    def __next__(self) -> str:
        if self.read >= len(self.lines):
            raise StopIteration
        self.read += 1
        return self.lines[self.read - 1]


#: csv's default limit on a cell (131,072 characters) is less than a long Zhihu answer or a scraped page's raw
#: HTML column: over it, csv stops reading the file.  2**31 - 1 fits the C long csv keeps it in on every platform,
#: where sys.maxsize does not.
_CELL_LIMIT = 2**31 - 1


class _LongCells:
    """csv's limit on a cell raised while the block runs, and put back as it was when the last such block ends.

    The limit is the whole process's (csv has no limit per reader): raised for
    good at import, it would take from a program that uses argmine the guard of
    its own csv readers against a runaway field.  Blocks of several threads
    overlap: the limit is put back when none is left.
    """

    def __init__(self):
        self._lock = threading.Lock()
        self._holders = 0
        self._before = 0

    def __enter__(self) -> None:
        with self._lock:
            if not self._holders:
                self._before = csv.field_size_limit()
                csv.field_size_limit(max(self._before, _CELL_LIMIT))
            self._holders += 1

    def __exit__(self, *exc) -> None:
        with self._lock:
            self._holders -= 1
            if not self._holders:
                csv.field_size_limit(self._before)


_LONG_CELLS = _LongCells()


def long_cells() -> _LongCells:
    """A block where :mod:`csv` reads cells of any length (``with long_cells(): ...``); the limit is put back after it.

    argmine's readers parse each record of a table in one; a caller that reads
    an argmine table with :mod:`csv` itself can too.

    >>> limit = csv.field_size_limit()
    >>> with long_cells():
    ...     len(next(csv.reader(["x" * 200_000])))
    1
    >>> csv.field_size_limit() == limit
    True
    """
    return _LONG_CELLS


class _CsvReader:
    """:func:`csv.reader` over ``lines`` (a :class:`_Lines`, or a list of lines) that reads a cell of any length.

    A record with a cell over csv's limit is read again from its first line
    in :func:`long_cells`: the limit is the process's, raised only for that
    record (raising it around every record cost more than parsing it).

    >>> next(_CsvReader(["1," + "x" * 200_000 + "\\n"]))[0], csv.field_size_limit() < 200_000
    ('1', True)
    """

    def __init__(self, lines: _Lines | Sequence[str], **dialect):
        self._lines = lines if isinstance(lines, _Lines) else _Lines(lines)
        self._reader = csv.reader(self._lines, **dialect)

    def __iter__(self) -> _CsvReader:
        return self

    def __next__(self) -> list[str]:
        first = self._lines.read
        try:
            return next(self._reader)
        except csv.Error as e:
            if not str(e).startswith("field larger than field limit"):
                raise
        self._lines.read = first  # csv starts each record afresh: the lines it took are read again
        with _LONG_CELLS:
            return next(self._reader)


def header_delimiter(text: str, columns: Sequence[str], delimiters: str = ",\t;") -> str | None:
    """The separator that splits a table's header (its first line that is not blank) into fields holding all ``columns``.

    The first of ``delimiters`` that does, or ``None``.  Excel saves "CSV"
    with ``;`` where the decimal mark is a comma, and its "Unicode Text" with
    tabs; names are compared without surrounding white space.

    >>> header_delimiter("评论ID;评论内容\\n1;好\\n", ["评论内容"]), header_delimiter("id\\ttext\\n", ["text"]), header_delimiter("a,b", ["c"])
    (';', '\\t', None)
    """
    header = next((line for line in io.StringIO(text) if line.strip()), "")
    for delimiter in delimiters:
        try:
            fields = next(_CsvReader([header], delimiter=delimiter), [])
        except csv.Error:
            continue
        if set(columns) <= {f.strip() for f in fields}:
            return delimiter
    return None


def _unique_columns(header: list[str], path: str, required: Sequence[tuple[str, str]], *, warn: bool = True) -> list[str]:
    """``header`` with each repeated name after the first renamed as pandas does (``user``, ``user.1``), with one warning
    (none with ``warn=False``: the names only, of a line that may not be the header).

    A dict of the row would keep only the last of the repeated columns,
    without a word.  Unnamed columns (empty header cells: a sheet's trailing
    ones, often empty too) are named by their position from 0 as pandas names
    them (``Unnamed: 2``), without a warning, so that two of them keep their cells apart.
    As in pandas, the names the header holds are given out first: a real
    ``Unnamed: 0`` column (pandas writes one when it saves a frame it read with
    its index) keeps its name, and the empty cell takes the next free form.

    >>> _unique_columns(["id", "text", "", ""], "t.csv", [("text", "text-field")])
    ['id', 'text', 'Unnamed: 2', 'Unnamed: 3']
    >>> _unique_columns(["", "Unnamed: 0", "text"], "t.csv", [("text", "text-field")])
    ['Unnamed: 0.1', 'Unnamed: 0', 'text']
    """
    unnamed = [i for i, name in enumerate(header) if not name.strip()]
    columns = [f"Unnamed: {i}" if not name.strip() else name for i, name in enumerate(header)]
    taken, seen = set(columns), set()
    renamed: dict[str, list[str]] = {}
    for i in [i for i, name in enumerate(header) if name.strip()] + unnamed:  # the header's own names first, as pandas
        name = columns[i]
        if name in seen:
            k = 1
            while f"{name}.{k}" in taken:
                k += 1
            if header[i].strip():  # a name the file repeats; an empty cell's made-up one that clashes is no repeat
                renamed.setdefault(name, []).append(f"{name}.{k}")
            name = f"{name}.{k}"
            taken.add(name)
        seen.add(name)
        columns[i] = name
    if renamed and warn:
        pick = next((f"; the {field!r} value is read from the first (pass --{option} {shlex.quote(renamed[field][0])} to read the next)"
                     for field, option in required if field in renamed), "")
        E.warn_caller(E.W_REPEATED_COLUMNS.format(source=path, names=", ".join(map(E.shown_repr, renamed)), pick=pick,
                                                  renamed=", ".join(E.shown_repr(new) for news in renamed.values() for new in news)),
                      E.InputWarning)
    return columns


#: Excel's first line naming a CSV's separator (``sep=;``), which Excel writes and reads as no row.
_EXCEL_SEP = re.compile(r'\ufeff?"?sep=([^\r\n"])"?[^\S\r\n]*(?:\r\n|\r|\n)', re.IGNORECASE)
#: How many lines under a header without the columns asked for are searched for a header that has them.
_HEADER_SEARCH_LINES = 10


#: Added to E_NO_COLUMN when a line of empty cells (,,) stands over the line read as the header: a header without names.
_EMPTY_HEADER_HINT = ("; line {line} above it has only empty cells: if that is the header row, pass a column's name by its "
                      "position from 0, as pandas names them ({names}), e.g. --{option} {example}")


def _no_column(field: str, option: str, header: list[str], columns: list[str], lines: _Lines, fields: list[str],
               empty: tuple[int, list[str]] | None = None) -> tuple[str, str]:
    """Why a table's header lacks column ``field`` (set by ``--option``), what to do, and the kind of that failure.

    A line below the header holding every one of ``fields`` is where the header
    is when every line above it looks like a title row (one cell at most that is
    not empty: an Excel export's title) and its own cells are named, each once
    (empty cells at its end aside); a data row that holds a column's name (a post
    type ``text``) is not.  Else a column that is ``field`` but for its case or
    white space is named (shell-quoted); else the columns are listed, and
    where ``empty`` (a line of empty cells and its number) stands over the
    header, its columns' names by position (``Unnamed: 1``; the example is
    the one over the longest cell of the line read as the header, a data row then).
    The kind (:class:`~argmine.errors.ArgmineError`) is ``"field"``, but ``""``
    for a header on a later line: there the field options are right.
    """
    keyword = option.replace("-", "_")
    below = lines.lines[lines.read : lines.read + _HEADER_SEARCH_LINES]
    for number, line in enumerate(below, start=lines.read + 1):
        delimiter = header_delimiter(line, fields) if line.strip() else None
        if delimiter:
            try:
                above = [header] + [next(_CsvReader([row], delimiter=delimiter), []) for row in below[: number - lines.read - 1]]
                cells = next(_CsvReader([line], delimiter=delimiter))
            except csv.Error:  # a quote left open: no header row to point at
                break
            names = [c.strip() for c in cells]
            while names and not names[-1]:
                names.pop()
            if all(sum(bool(c.strip()) for c in row) <= 1 for row in above) and all(names) and len(set(names)) == len(names):
                return E.E_HEADER_LATER.format(field=field, first=E.shortened(", ".join(header)), line=number), ""
            break
    near = _near_name(field, columns)
    if near is not None:
        return E.E_NO_COLUMN_NEAR.format(field=field, columns=", ".join(header), near=near[0], differs=near[1], option=option,
                                         quoted=shlex.quote(near[0]), keyword=keyword), "field"
    hint = ""
    if empty is not None:
        names = _unique_columns(empty[1], "", ())
        longest = max(range(min(len(names), len(header))), key=lambda i: len(header[i].strip()), default=0)
        hint = _EMPTY_HEADER_HINT.format(line=empty[0], names=", ".join(names), option=option, example=shlex.quote(names[longest]))
    shown = ", ".join(name if name.strip() else column for name, column in zip(header, columns))  # an empty cell by its name: Unnamed: 2
    return E.E_NO_COLUMN.format(field=field, columns=shown, option=option, keyword=keyword) + hint, "field"


def _near_name(field: str, names: Iterable[str]) -> tuple[str, str] | None:
    """The first of ``names`` that is ``field`` but for its case or the white space around it, and how it differs; else ``None``.

    >>> _near_name("text", ["id", "Text"]), _near_name("text", [" text"]), _near_name("text ", ["Text"]), _near_name("text", ["body"])
    (('Text', 'differs only in case'), (' text', 'differs only in the white space around it'), ('Text', 'differs only in case and white space'), None)
    """
    def around(name: str) -> tuple[str, str]:  # the white space before and after a name
        return name[: len(name) - len(name.lstrip())], name[len(name.rstrip()):]

    near = next((n for n in names if isinstance(n, str) and n != field and n.strip().casefold() == field.strip().casefold()), None)
    if near is None:
        return None
    case, space = near.strip() != field.strip(), around(near) != around(field)
    return near, ("differs only in case and white space" if case and space else "differs only in case" if case
                  else "differs only in the white space around it")


def _csv_records(text: str, path: str, handler: ErrorHandler, required: Sequence[tuple[str, str]], tsv: bool,
                 on_skip: SkipHandler | None = None) -> Iterator[tuple[int, str, dict]]:
    # CSV is read strictly: a quote left open or text after a closing quote is an
    # error naming the row, not rows silently merged or quotes silently dropped (a
    # stray quote that a later one closes, taking rows, is warned about: spanning).
    # TSV is read as pandas and Excel write it (a field with a tab, a line break or
    # a quote mark is quoted), but a line whose quote marks do not quote a field
    # (TSV without quoting: '"支付宝"这个名字好') is read as it stands.
    delimiter = "\t" if tsv else ","
    sep = _EXCEL_SEP.match(text)
    if sep:  # Excel's "sep=;" first line names the separator, and is no row: Excel reads it so
        delimiter = sep.group(1)
        tsv = delimiter == "\t"
    elif not tsv and required:  # a ';'- or tab-separated sheet saved as .csv: the separator its header holds the fields by
        delimiter = header_delimiter(text, [field for field, _ in required]) or ","
        tsv = delimiter == "\t"
    lines = _Lines(text)
    lines.read = 1 if sep else 0
    dialect = {"delimiter": delimiter, "strict": True, "quoting": csv.QUOTE_MINIMAL}
    raw = {"delimiter": delimiter, "quoting": csv.QUOTE_NONE}  # quote marks read as text
    reader = _CsvReader(lines, **dialect)
    try:
        header = next(reader, [])
        empty = None  # the first line of two or more empty cells (,,): an empty row above the header, or a header without names
        while _blank("".join(header)) and lines.read < len(lines.lines):  # blank lines before the header
            if empty is None and len(header) > 1:
                empty = (lines.read, header)
            header = next(reader, [])
    except csv.Error as e:
        raise InputError(path, E.E_CSV_LINE.format(line=lines.read, reason=str(e))) from None
    if not header:
        raise InputError(path, E.E_EMPTY)
    wanted = {field for field, _ in required}
    # the names the line gives, its own Unnamed: N among them (,,\nid,title, with --text-field 'Unnamed: 2'), as below
    if empty is None or wanted <= set(_unique_columns([name.strip() for name in header], path, (), warn=False)):
        empty = None  # an empty row above the header (Excel writes one so): skipped
    elif wanted <= set(_unique_columns(empty[1], path, ())):  # --text-field 'Unnamed: 1': a header without names, read as pandas does
        lines.read, header = empty
        empty = None
    # names are read without the white space around them, which a sheet does not show ("id, text", a "text " cell)
    columns = _unique_columns([name.strip() for name in header], path, required)
    for field, option in required:  # once for the file, not once per row
        if field not in columns:
            message, kind = _no_column(field, option, header, columns, lines, [f for f, _ in required], empty)
            raise InputError(path, message, kind=kind)
    n = 0  # a row's number counts records from 1 after the header (a quoted field may span lines)
    repeats: list[str] = []  # rows that repeat the header (tables joined with cat), skipped
    named = any(name.strip() for name in header)  # a header of empty cells (,,) is repeated by an empty row, not by a joined table
    spanning: list[str] = []  # records whose quoted field took lines that would each be a row
    while True:
        first = lines.read + 1  # the record's first line, to find it in an editor
        try:
            fields = next(reader)
            if lines.read > first and len(header) > 1 and _rows_of_their_own(lines.lines[first - 1 : lines.read], raw, len(header)):
                # a valid quoted field (pandas writes a comment's lines so), or a stray quote that took rows: read as
                # csv and pandas read it, with a warning, for the two cannot be told apart.  A comment's own lines
                # (Excel's Alt+Enter) seldom split into the header's width at the separator; in a table of one
                # column every line does, so there the lines say nothing and no warning is given
                spanning.append(f"{n + 1} (lines {first}-{lines.read})")
        except StopIteration:
            break
        except csv.Error as e:
            if tsv:  # quote marks that are text
                lines.read = first
                fields = next(_CsvReader([lines.lines[first - 1]], **raw), [])
            else:
                fields = None
                reason = str(e)
        if fields is None:
            if reason != "unexpected end of data" and "expected after" not in reason:
                raise InputError(path, E.E_CSV_LINE.format(line=lines.read, reason=reason)) from None
            n += 1
            message = E.E_CSV_UNCLOSED_QUOTE if reason == "unexpected end of data" else E.E_CSV_BAD_QUOTE
            if reason == "unexpected end of data" or _rows_of_their_own(lines.lines[first:lines.read], dialect, len(header)):
                lines.read = first  # a stray quote took the lines after it: read them again as rows
            # else they were the record's own (a quoted field spanning lines): go on after its last line
            span = f"line {first}" if lines.read == first else f"lines {first}-{lines.read}"
            handler(InputError(path, message.format(line=f"{n} ({span})", reason=reason)))
            continue
        if not fields:  # a blank line
            continue
        n += 1
        at = f"{n} (line {first})"
        if named and (fields == header or (fields[0].startswith("\ufeff") and [fields[0][1:], *fields[1:]] == header)):
            repeats.append(at)  # the header of a table joined on (its byte order mark too): not a row
            continue
        if len(fields) > len(header):
            more = len(fields) - len(header)
            extra = (E.E_TSV_EXTRA_FIELDS if tsv else E.E_CSV_EXTRA_FIELDS).format(n=more, fields="field" if more == 1 else "fields")
            handler(InputError(path, E.E_CSV.format(line=at, reason=extra)))
            continue
        row = dict(zip(columns, fields))
        absent = next((field for field, _ in required if field not in row), None)
        if absent is not None:
            handler(InputError(path, E.E_CSV_SHORT_ROW.format(
                line=at, n=len(fields), fields="field" if len(fields) == 1 else "fields", m=len(header),
                field=absent, hint=E.E_TSV_SHORT_HINT if tsv else E.E_CSV_SHORT_HINT,
            )))
            continue
        bad = _surrogate_field(row) if SURROGATE.search("".join(fields)) else None
        if bad:  # an unpaired surrogate in UTF-8 (half an emoji cut off) fails its row only
            handler(InputError(path, E.E_LONE_SURROGATE.format(where=f"row {at}", field=bad[0], code=bad[1])))
            continue
        for name in columns[len(fields):]:  # a short row's missing fields are None, as csv.DictReader's
            row.setdefault(name, None)
        yield n, f"row {at}", row
    if repeats:
        count = len(repeats)
        E.warn_caller(E.W_HEADER_ROWS.format(source=path, n=count, rows=E.inflect(count, "row"), repeat=E.inflect(count, "repeats", "repeat"),
                                             where=f"row {repeats[0]}"), E.InputWarning)
        if on_skip is not None:  # rows read, so counted: the documents, failed and skipped rows account for every one
            on_skip(path, count)
    if spanning:
        count = len(spanning)
        E.warn_caller(E.W_TSV_RECORD_OF_ROWS.format(source=path, n=count, records=E.inflect(count, "row"), hold=E.inflect(count, "holds", "hold"),
                                                    where=f"row {spanning[0]}"), E.InputWarning)
