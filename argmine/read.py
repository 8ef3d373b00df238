"""Read documents: text files as scraped, and tables of comments.

Paths may be files, directories (walked recursively, filtered by include /
exclude globs, matched in any case; links to folders are followed, each
folder read once: see :func:`_walk`) or ``-`` for standard input.  ``.txt``/``.md`` files are one
document each; ``.html``/``.htm`` pages too, as the text a browser shows
(:func:`html_to_text`: one line per block element, no scripts or styles;
lines of page chrome such as ``<nav>``, and of hidden blocks (``<hidden>``),
start with the element's name, for cleaning to drop with a reason; offsets
point into that text; the lines of its headings are listed in
``meta["heading_lines"]``, those that came whole from a link in ``meta["link_lines"]``); ``.jsonl``/``.ndjson``/``.csv``/``.tsv`` files are one
document per row, and so is a ``.json`` file holding one array of row objects.
The encoding is detected (UTF-8 with or without BOM, UTF-16 with a BOM or,
where it is clear, without one, GB18030/GBK, Big5, Windows' cp936/cp950) with charset-normalizer,
checked by :func:`plausibility`, and recorded on the document; a file damaged
in a few places is read with U+FFFD there, with a warning (:func:`decode`).

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
skipped.  UTF-8 that spells emoji as surrogate pairs (CESU-8) is read as the
characters they stand for, with a warning.

>>> import argmine
>>> docs = argmine.read(["corpora/"])
>>> [d.id for d in docs]
['000_56ce5e623d6356aa', '001_faf62b3238bc40fb']
>>> docs[0].encoding
'utf-8'
"""

from __future__ import annotations

import bisect
import codecs
import csv
import fnmatch
import html as html_lib
import io
import json
import math
import os
import re
import stat
import sys
import unicodedata
from dataclasses import dataclass, field as dataclass_field, replace
from functools import lru_cache
from pathlib import Path
from typing import Callable, Iterable, Iterator, Sequence

from . import errors as E
from ._json import json_reason, loads
from .errors import InputError
from .types import KINDS, SURROGATE, Document

TEXT_SUFFIXES = (".txt", ".md")
HTML_SUFFIXES = (".html", ".htm")
#: Table suffixes and the format each is read in (``.ndjson`` is JSON Lines too; ``.json``: one array of row objects).
TABLE_FORMATS = {".jsonl": "jsonl", ".ndjson": "jsonl", ".json": "json", ".csv": "csv", ".tsv": "tsv"}
TABLE_SUFFIXES = tuple(TABLE_FORMATS)
#: Read by suffix when named, but in folders only with ``include``: a folder's ``.json`` is as often a
#: configuration or a labelling tool's export as a table (a walk that skips them says so).
NAMED_ONLY_SUFFIXES = (".json", ".ndjson")
DEFAULT_INCLUDE = tuple(f"*{s}" for s in TEXT_SUFFIXES + HTML_SUFFIXES + TABLE_SUFFIXES if s not in NAMED_ONLY_SUFFIXES)
#: Input formats (``auto`` goes by suffix).
INPUT_FORMATS = ("auto", "text", "html", "jsonl", "json", "csv", "tsv")
#: How a table's text cells are read (``html``: as the text a browser shows, see :class:`ReadOptions`).
CELL_FORMATS = ("text", "html")
#: Skipped in directory walks (a corpus folder's README describes it; it is not a document).
DEFAULT_EXCLUDE = ("README*", "readme*")
#: Encodings tried by detection when the bytes are neither UTF-8 nor start with a BOM,
#: in order of preference: charset-normalizer ranks the Chinese ones, UTF-16 without a
#: BOM is chosen only when it reads as clearly more plausible Chinese than all of them.
CHINESE_ENCODINGS = ("gb18030", "big5", "big5hkscs")
CANDIDATE_ENCODINGS = CHINESE_ENCODINGS + ("utf-16-le", "utf-16-be")
#: Two decodings whose plausibility differs by less than this are a tie (the earlier one wins).
_PLAUSIBILITY_MARGIN = 0.05
#: Two readings as GB18030 and Big5 of the characters beyond ASCII differ in plausibility by more than
#: this to override charset-normalizer (a few characters: common ones score 0.8 to 1 and vary more).
_CHINESE_MARGIN = 0.15
#: A decoding that charset-normalizer did not pick must be at least this plausible.
_MIN_PLAUSIBILITY = 0.6
#: Characters of a decoding scored for plausibility.
_PLAUSIBILITY_SAMPLE = 1000
#: Records of one file reported one by one for lacking the same field; the rest are counted.
MAX_REPEATED_ERRORS = 3
_MAGIC = {
    b"\x89PNG": "PNG image",
    b"GIF8": "GIF image",
    b"\xff\xd8\xff": "JPEG image",
    b"%PDF": "PDF document",
    b"PK\x03\x04": "ZIP archive",
    b"\x1f\x8b": "gzip archive",
}

ErrorHandler = Callable[[InputError], None]
#: Told how many rows of a table (named by its source) were skipped for an empty or null text.
SkipHandler = Callable[[str, int], None]


@dataclass(frozen=True)
class ReadOptions:
    """How inputs are found and parsed (shared by every command).

    ``input_format`` is ``auto`` (by suffix), ``text``, ``html``, ``jsonl``, ``json`` (one array of row objects), ``csv`` or ``tsv``.
    ``row_kind`` is the kind of a table row whose ``kind_field`` is absent or
    empty: ``comment`` (tables are reader comments), ``body``, ``title``, or
    ``None`` (or ``"auto"``) to let cleaning decide per block as for text files.
    ``include``/``exclude`` are globs (one string or several), matched in any case.
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
    #: The codec ``encoding`` names, looked up (and checked) once, not once per file.
    _codec: str | None = dataclass_field(default=None, init=False, repr=False, compare=False)

    def __post_init__(self):
        for name in ("include", "exclude", "skip"):
            value = getattr(self, name)
            if isinstance(value, str):  # one glob, not its characters
                object.__setattr__(self, name, (value,))
        if self.row_kind == "auto":
            object.__setattr__(self, "row_kind", None)
        if self.encoding is not None:
            object.__setattr__(self, "_codec", text_encoding(self.encoding))
        if self.row_kind is not None and self.row_kind not in KINDS:
            raise InputError("--row-kind", f"{self.row_kind!r} is not a kind; use one of {', '.join(KINDS)}, or auto")
        if self.input_format not in INPUT_FORMATS:  # checked once here, not as one error per file
            raise InputError("--input-format", f"unknown input format {self.input_format!r}; use one of {', '.join(INPUT_FORMATS)}")
        if self.cells not in CELL_FORMATS:
            raise InputError("--cells", f"unknown cell format {self.cells!r}; use one of {', '.join(CELL_FORMATS)} (cells= in Python)")


def _raise(err: InputError) -> None:
    raise err


class UniqueIds:
    """Give every id once: a colliding id gets the first free ``~2``, ``~3``, ...

    Generated ids count as taken too, so ``a``, ``a``, ``a~2`` become
    ``a``, ``a~2``, ``a~2~2``, never two ``a~2``.

    >>> ids = UniqueIds()
    >>> [ids("a"), ids("a"), ids("a~2"), ids("a")]
    ['a', 'a~2', 'a~2~2', 'a~3']
    """

    def __init__(self):
        self._taken: set[str] = set()
        self._next: dict[str, int] = {}  # where the search for a free suffix of an id resumes

    def __call__(self, doc_id: str) -> str:
        new = doc_id
        if new in self._taken:
            n = self._next.get(doc_id, 2)
            while f"{doc_id}~{n}" in self._taken:
                n += 1
            self._next[doc_id] = n + 1
            new = f"{doc_id}~{n}"
        self._taken.add(new)
        return new


def read(paths: Iterable[str | Path], options: ReadOptions | None = None, on_error: ErrorHandler | None = None, **kwargs) -> list[Document]:
    """Read every document under ``paths``.

    Keyword arguments are :class:`ReadOptions` fields.  ``on_error`` receives
    each :class:`~argmine.errors.InputError` (a bad file or record) and reading
    goes on; without it the first error is raised.
    """
    return list(iter_documents(paths, options, on_error, **kwargs))


def iter_documents(
    paths: Iterable[str | Path], options: ReadOptions | None = None, on_error: ErrorHandler | None = None, *,
    on_skip: SkipHandler | None = None, **kwargs,
) -> Iterator[Document]:
    """Like :func:`read`, one document at a time (constant memory per file).

    ``on_skip(source, n)`` is told, once per table, how many rows were
    skipped for an empty or null text (each is also an
    :class:`~argmine.errors.InputWarning`): ``argmine.analyze`` counts them.

    >>> import os, tempfile
    >>> path = os.path.join(tempfile.mkdtemp(), "c.csv")
    >>> with open(path, "w", encoding="utf-8") as f:
    ...     _ = f.write("id,text\\n7,财不外露。\\n8,功能太多了。\\n")
    >>> [(d.id, d.text, d.kind) for d in iter_documents([path])]
    [('7', '财不外露。', 'comment'), ('8', '功能太多了。', 'comment')]
    """
    if isinstance(paths, (str, Path)):  # one path, not a list of its characters
        paths = [paths]
    # keyword options refine ``options`` (a misspelt one is a TypeError either way)
    opts = replace(options, **kwargs) if options is not None else ReadOptions(**kwargs)
    handler = on_error or _raise
    unique_id = UniqueIds()
    found = False
    missing: list[InputError] = []

    def on_missing(err: InputError) -> None:
        err.file_level = True  # a path that gave no file (missing, unreadable folder, broken link)
        missing.append(err)
        handler(err)

    for path, doc_id in _expand(paths, opts, on_missing):
        found = True
        renamed: list[tuple[str, str]] = []  # (id, new id) of this file's documents whose id was taken
        try:
            for doc in _read_one(path, doc_id, opts, handler, on_skip):
                new = unique_id(doc.id)  # keep both documents: ids must be unique for units to be
                if new != doc.id:
                    renamed.append((doc.id, new))
                yield doc if new == doc.id else replace(doc, id=new)
        except InputError as err:  # raised, not handed on: the file could not be used at all (a bad record goes to handler)
            err.file_level = True
            handler(err)
        if renamed:  # once per file: a merged dump's repeated rows would otherwise be counted twice without a word
            E.warn_caller(E.W_RENAMED_IDS.format(source=shown_path(path), n=len(renamed), ids=E.inflect(len(renamed), "id"),
                                                 old=E.shown_repr(renamed[0][0]), new=E.shown_repr(renamed[0][1])), E.InputWarning)
    if not found and not missing:
        handler(InputError(", ".join(map(str, paths)) or "(no paths)", E.E_NO_INPUTS, file_level=True))


def _expand(paths: Iterable[str | Path], opts: ReadOptions, handler: ErrorHandler) -> Iterator[tuple[str, str]]:
    skip = tuple(os.path.realpath(p) for p in opts.skip)
    for raw in paths:
        p = str(raw)
        if p == "-":
            yield "-", "stdin"
            continue
        if not p.strip():
            handler(InputError(repr(p), E.E_EMPTY_PATH))
            continue
        path = Path(p)
        if path.is_dir():
            unread: list[str] = []  # .json/.ndjson files the default globs leave out: named in a warning, not skipped silently
            for parts, f in _walk(p, opts, handler):
                name, rel = parts[-1], "/".join(parts)
                if _matches(name, rel, opts.exclude) or (skip and _under(os.path.realpath(f), skip)):
                    continue
                if not _matches(name, rel, opts.include):
                    if opts.include == DEFAULT_INCLUDE and Path(name).suffix.lower() in NAMED_ONLY_SUFFIXES:
                        unread.append(shown_path(rel))
                    continue
                yield _named(str(path.joinpath(*parts)), rel.rsplit(".", 1)[0] if "." in name else rel)
            if unread:
                E.warn_caller(E.W_UNREAD_JSON.format(folder=shown_path(p), n=len(unread), files=E.inflect(len(unread), "file"),
                                                     first=unread[0], more=", ..." if len(unread) > 1 else ""), E.InputWarning)
        elif path.exists():
            yield _named(p, path.stem)
        else:
            handler(InputError(shown_path(p), E.E_MISSING))


def _under(path: str, tops: Sequence[str]) -> bool:
    """Whether resolved ``path`` is one of the resolved paths ``tops`` or lies inside one."""
    return any(path == t or path.startswith(t.rstrip(os.sep) + os.sep) for t in tops)


def _walk(folder: str, opts: ReadOptions, handler: ErrorHandler) -> list[tuple[tuple[str, ...], str]]:
    """The files under ``folder``, as ``(path parts relative to folder, path)``, sorted by those parts.

    Hidden files and folders (``.git``, ``.venv``, ``.DS_Store``) are skipped.
    Symbolic links to folders are followed, but only after every real folder
    was walked: a link to a folder already walked (one inside ``folder``, or a
    loop such as ``self -> ..``) is skipped with a warning, so no file is read
    twice.  A folder that cannot be listed is reported to ``handler``, and so
    is a broken link that would have been read (its name matches ``include``,
    or it has no suffix and may have been a folder).  ``Path.rglob`` skipped
    all three without a word.
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
        except OSError as e:
            handler(InputError(shown_path(current), E.E_UNREADABLE_DIR.format(reason=e.strerror or e)))
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
                        handler(InputError(shown_path(entry.path), E.E_BROKEN_LINK.format(target=target, reason=e.strerror or e)))
                    continue
                if stat.S_ISDIR(mode):
                    links.append((sub, entry.path))
                elif stat.S_ISREG(mode):
                    files.append((sub, entry.path))
            elif entry.is_dir(follow_symlinks=False):
                real.append((sub, entry.path))
            elif entry.is_file(follow_symlinks=False):
                files.append((sub, entry.path))
    return sorted(files)


def known_document_count(paths: Iterable[str | Path], options: ReadOptions | None = None) -> int | None:
    """How many documents ``paths`` hold, when that is known without reading them.

    That is when every input file is text or HTML (one document each; a bad
    one holds none, so this is at most one too many per bad file); ``None``
    when standard input or a table is among them.  Nothing is reported: reading
    does that.  A progress bar's total.

    >>> known_document_count(["corpora/"]), known_document_count(["-"])
    (2, None)
    """
    import warnings

    opts = options or ReadOptions()
    if isinstance(paths, (str, Path)):
        paths = [paths]
    n = 0
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for path, _ in _expand(paths, opts, lambda err: None):
            if path == "-" or _format_of(path, opts) not in ("text", "html"):
                return None
            n += 1
    return n


def _named(path: str, doc_id: str) -> tuple[str, str]:
    """A file to read and its document id, printable (a warning, once, when its name is not valid UTF-8)."""
    if SURROGATE.search(path):
        E.warn_caller(E.W_UNDECODABLE_NAME, E.InputWarning)
    return path, shown_path(doc_id)


def shown_path(path: str) -> str:
    """``path`` as it can be printed and written: bytes of a file name that are not valid UTF-8 become ``\\xNN``.

    Python holds such bytes as lone surrogates (``surrogateescape``), which no
    UTF-8 output can hold; a name from a Windows zip is often GBK.

    >>> shown_path(b"\\xc6\\xc0\\xc2\\xdb.txt".decode("utf-8", "surrogateescape"))
    '\\\\xc6\\\\xc0\\\\xc2\\\\xdb.txt'
    >>> shown_path("评论.txt")
    '评论.txt'
    """
    if not SURROGATE.search(path):
        return path
    try:
        return os.fsencode(path).decode(sys.getfilesystemencoding(), "backslashreplace")
    except UnicodeError:  # a surrogate that stands for no byte
        return path.encode("utf-8", "backslashreplace").decode("utf-8")


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


def _read_one(path: str, doc_id: str, opts: ReadOptions, handler: ErrorHandler, on_skip: SkipHandler | None = None) -> Iterator[Document]:
    data = sys.stdin.buffer.read() if path == "-" else _read_bytes(path)
    path = shown_path(path)  # from here on the file is named, in messages and the Document, as it can be printed
    fmt = _format_of(path, opts)
    declared = _declared_charset(data, path) if fmt == "html" and not opts.encoding else None
    tables = fmt in ("jsonl", "json", "csv", "tsv")  # their readers report a record with an unpaired surrogate
    if declared:
        text, encoding = _decode_declared(data, declared, path)
    else:  # an --encoding given was checked by ReadOptions: its codec is forced as is
        text, encoding = _forced(data, path, opts._codec) if opts._codec else decode(data, path, lone_surrogates=tables)
    if fmt == "text":
        if not text.strip():
            raise InputError(path, E.E_EMPTY)
        if path == "-" and opts.input_format == "auto":
            _hint_stdin_table(text, opts)
        yield Document(doc_id, text, path, encoding, {})
    elif fmt == "html":
        page, headings, links = _html_page(text)
        if not page.strip():
            raise InputError(path, E.E_EMPTY_HTML)
        meta: dict = {"format": "html"}
        title = _TITLE.search(text)
        if title and page.split("\n", 1)[0] == " ".join(html_lib.unescape(title.group(1)).split()):
            meta["title_line"] = True  # the first line is the page's <title> (it shows no <h1>)
        if headings:
            meta["heading_lines"] = headings  # lines of shown <h1>..<h6>: cleaning's titles
        if links:
            meta["link_lines"] = links  # lines that came whole from an <a>: the headlines a list of related articles may hold
        yield Document(doc_id, page, path, encoding, meta)
    else:  # jsonl, json, csv, tsv: ReadOptions has checked a given --input-format
        yield from _table_rows(text, path, encoding, doc_id, opts, handler, fmt, on_skip)


_WORD = re.compile(r"\w")  # a letter, digit or ideograph: text a reader sees as words
_TITLE = re.compile(r"<title\b[^>]*>(.*?)</title\s*>", re.IGNORECASE | re.DOTALL)
_HTML_START = re.compile(r"<(!doctype\s+html|html)\b", re.IGNORECASE)


def _hint_stdin_table(text: str, opts: ReadOptions) -> None:
    """Warn when standard input, read as plain text, looks meant as a table or an HTML page.

    A file's format comes from its suffix; standard input has none.
    """
    head = text.lstrip("\ufeff").lstrip()
    first = head.split("\n", 1)[0].strip()
    page = _HTML_START.search(head, 0, 1024) if head.startswith("<") else None  # after an <?xml ?> or a comment too
    if page:
        E.warn_caller(E.W_STDIN_HTML.format(start=page.group() + ">"), E.InputWarning)
        return
    looks_jsonl = (first.startswith("{") and first.endswith("}")) or first in ("[", "[{") or first.startswith("[{\"")  # or a JSON array of rows
    table_options = [
        f"--{name.replace('_', '-')}"
        for name in ("text_field", "id_field", "kind_field", "cells")
        if getattr(opts, name) != getattr(ReadOptions, name)
    ]
    if looks_jsonl or table_options:
        why = "its first line looks like JSON" if looks_jsonl else f"{', '.join(table_options)} {'applies' if len(table_options) == 1 else 'apply'} only to tables"
        E.warn_caller(E.W_STDIN_TEXT.format(why=why), E.InputWarning)


_SPACES = re.compile(r"\s+")
_META_CHARSET = re.compile(rb"""<meta\b[^>]*?charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.IGNORECASE)
#: Declared charsets read as their superset (a page labelled gb2312 often holds GBK/GB18030 characters).
_SUPERSETS = {"gb2312": "gb18030", "gbk": "gb18030", "euc_cn": "gb18030", "big5": "big5hkscs"}


def _declared_charset(data: bytes, source: str = "-") -> str | None:
    """The codec named by an HTML page's ``<meta charset>`` (or http-equiv) in its first 4 KB, if known.

    A name that is no text encoding Python knows (``undefined``, ``base64``,
    a typo) is ignored with a warning naming ``source``.
    """
    m = _META_CHARSET.search(data[:4096])
    if not m:
        return None
    charset = m.group(1).decode("ascii")
    name, problem = _codec_problem(charset)
    if name is None:
        E.warn_caller(E.W_DECLARED_CHARSET.format(source=source, charset=charset, what=E.NO_TEXT_ENCODING[problem][0]), E.InputWarning)
        return None
    return _SUPERSETS.get(name, name)


def _decode_declared(data: bytes, declared: str, source: str = "-") -> tuple[str, str]:
    """Decode an HTML page by its declared charset; detection decides where that does not fit.

    Bytes that are valid UTF-8 (a page re-saved as UTF-8 keeps its old
    ``<meta charset>``), carry a BOM, or do not decode with the declared
    codec go through :func:`decode`.

    >>> page = '<meta charset="gbk"><p>隐私</p>'.encode("gbk")
    >>> _decode_declared(page, _declared_charset(page))
    ('<meta charset="gbk"><p>隐私</p>', 'gb18030')
    """
    if declared not in ("utf-8", "ascii") and not data.startswith((codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            data.decode("utf-8")
        except UnicodeDecodeError:
            try:
                return _decode_as(data, declared)
            except UnicodeDecodeError:
                pass
    return decode(data, source)


_OPEN_TAG_AT_END = re.compile(r"<[A-Za-z!/][^>]*\Z")
#: ``visibility: hidden`` is not here: its text keeps its place on the page, and scripts
#: reveal it (WeChat serves its whole article so), so it is read as shown.
_STYLE_HIDDEN = re.compile(r"display\s*:\s*none", re.IGNORECASE)
#: Elements without content (a ``hidden`` one hides nothing after it).
_VOID = frozenset({"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"})
#: Elements whose content is not shown (or not text).
_HIDDEN = frozenset({"script", "style", "noscript", "template", "svg", "math", "iframe", "object", "canvas", "select"})
#: Elements that start a new line.
_BLOCKS = frozenset({
    "address", "article", "aside", "blockquote", "body", "br", "dd", "details", "div", "dl", "dt",
    "fieldset", "figcaption", "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6",
    "header", "hr", "li", "main", "nav", "ol", "p", "pre", "section", "summary", "table", "tbody",
    "td", "tfoot", "th", "thead", "title", "tr", "ul", "option", "button", "label", "caption",
})
_HEADINGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
#: Page chrome, by element or ARIA role: its lines are marked with the element's name.
_CHROME = {"nav": "nav", "aside": "aside", "footer": "footer", "form": "form"}
_CHROME_ROLES = {"navigation": "nav", "complementary": "aside", "contentinfo": "footer", "search": "form"}
#: A form's text in these is its controls' (labels, buttons, links, options), not prose.
_CONTROLS = frozenset({"a", "button", "label", "legend", "option", "textarea"})
#: A form with more prose than this (characters outside controls, or blocks holding some)
#: is page content: a thread inside a moderation form, an ASP.NET page wrapped in one form.
FORM_MAX_PROSE = 40
FORM_MAX_PROSE_BLOCKS = 2
#: A box (a form with a field to type into: a login, register, comment or search box) is
#: content only with more prose than this: its hints and its terms-of-service sentence
#: (``登录即表示您已阅读并同意《用户服务协议》…``) are less; an article in one paragraph is more.
FORM_BOX_MAX_PROSE = 120
#: ``<input>`` types one types into (no ``type`` is ``text``).
_ENTRY_TYPES = frozenset({"text", "password", "search", "email", "tel", "number", "url"})
#: An ``<article>`` with at least this many characters is the page's (not a card in a list).
ARTICLE_MIN_CHARS = 200


def html_to_text(markup: str) -> str:
    """The text of an HTML page as a browser lays it out: one line per block.

    Scripts, styles and the content of other elements that show no text
    (``<template>``, ``<select>``, ``<svg>``, ...) are dropped, character
    references decoded (the standard library's :class:`html.parser.HTMLParser`),
    runs of white space inside a line collapsed (``<pre>`` keeps its line
    breaks), empty lines removed.  Text under ``visibility: hidden`` is read
    as shown (it keeps its place on the page, and scripts reveal it).

    >>> html_to_text("<title>标题</title><script>x=1</script><p>支付宝&amp;社交,<b>没必要</b>。</p><div>第二段<br>第三行</div>")
    '标题\\n支付宝&社交,没必要。\\n第二段\\n第三行'
    >>> html_to_text("<p hidden>藏</p><div style='display: none'><div>也藏</div></div><pre>一\\n  二</pre><b x")
    '<hidden> 藏\\n<hidden> 也藏\\n一\\n二'

    A block hidden by the ``hidden`` attribute or ``display: none`` (a login
    dialog, a folded menu) keeps its text, each line marked ``<hidden> ``,
    for cleaning to drop with a reason; an inline element hidden inside a
    line (``<span style="display:none">``: decoy characters) is left out.

    Page chrome keeps its text too, each line marked with the element's name
    (``<nav> ``, ``<aside> ``, ``<footer> ``, ``<form> ``), so that cleaning
    drops it with a reason (the ``html_*`` furniture rules): ``<nav>``,
    ``<aside>``, ``<footer>``, ``<form>`` and the ARIA roles ``navigation``,
    ``complementary``, ``contentinfo``, ``search``.  Not chrome: such an
    element holding a ``<main>`` or an ``<article>`` of at least
    :data:`ARTICLE_MIN_CHARS` characters (not a list of small article cards);
    an ``<aside>`` inside an ``<article>`` (a pull quote, an editor's note);
    a form holding an ``<h1>``, or more than :data:`FORM_MAX_PROSE`
    characters of prose (text outside its labels, buttons, links and
    options) or prose in more than :data:`FORM_MAX_PROSE_BLOCKS` blocks
    (posts in a moderation form); but a box, a form with a field to type
    into (a login, register, comment or search box; its hints and terms of
    service are prose too), only with more than :data:`FORM_BOX_MAX_PROSE`
    characters of prose (an ASP.NET page with a search box); one never closed;
    ``<header>`` (it often holds the headline).  The ``<title>`` is marked
    ``<title> `` when the page shows an ``<h1>`` outside chrome (the
    headline; the title repeats it, often with the site's name); otherwise it
    is the first line, the page's headline.

    >>> html_to_text("<title>标题 - 网</title><nav>首页 | 新闻</nav><h1>标题</h1><p>正文。</p><footer>版权</footer>")
    '<title> 标题 - 网\\n<nav> 首页 | 新闻\\n标题\\n正文。\\n<footer> 版权'

    A hidden element that is never closed (broken markup: ``<select>`` with
    no ``</select>``) would hide the rest of the page; its content is shown.
    """
    return _html_page(markup)[0]


def _html_page(markup: str) -> tuple[str, list[int], list[int]]:
    """:func:`html_to_text`, and the numbers (from 0) of its lines that came whole from a shown heading, and from a link.

    A heading is an ``<h1>``..``<h6>`` element that is closed, not hidden
    and not in marked chrome; cleaning reads its lines as titles.  A link
    line is one outside marked chrome whose every letter, digit and
    ideograph is the text of an ``<a>`` (a bullet around it may stand);
    cleaning reads only such lines as the headlines listed under 推荐阅读.

    >>> _html_page("<nav><h2>导航</h2></nav><h1>支付宝做社交？用户为何不买账</h1><p>正文。</p><h2 hidden>藏</h2>")
    ('<nav> 导航\\n支付宝做社交？用户为何不买账\\n正文。\\n<hidden> 藏', [1], [])
    >>> _html_page("<p>推荐阅读</p><p>▶ <a href='/1'>支付宝的社交梦</a></p><p>我说<a href='/2'>这篇</a>不对</p>")[1:]
    ([], [1])
    """
    shown: set[int] = set()
    while True:
        text, headings, links, unclosed = _html_pass(markup, shown)
        if unclosed is None:
            return text, headings, links
        shown.add(unclosed)


@dataclass
class _Frame:
    """An open chrome element: its lines are marked ``<label> `` unless it turns out to hold content."""

    tag: str
    depth: int  # how many elements named ``tag`` are open in it, itself included
    label: str
    start: int  # where it starts in the output
    prose: int = 0  # a form's characters of text outside its controls
    blocks: int = 0  # and the blocks holding such text
    last_block: int = -1
    box: bool = False  # a form with a field to type into
    content: bool = False  # holds the page's headline, <main> or article

    def holds_content(self) -> bool:
        """Whether the closed element is page content, not chrome (see :func:`html_to_text`)."""
        if self.content or self.label != "form":
            return self.content
        if self.box:
            return self.prose > FORM_BOX_MAX_PROSE
        return self.prose > FORM_MAX_PROSE or self.blocks > FORM_MAX_PROSE_BLOCKS


def _html_pass(markup: str, shown: set[int]) -> tuple[str, list[int], list[int], int | None]:
    """One parse; also its heading and link lines (:func:`_html_page`) and the number of the hidden start tag left open at the end (if any).

    Chrome elements (:data:`_CHROME`) are :class:`_Frame` s over ``out``; a
    closed frame without content is a region whose lines are marked
    ``<label> ``, and so is a hidden block (``<hidden> ``) and the ``<title>``
    when the page shows an ``<h1>`` outside chrome.  A heading's lines count
    as headings where no region marks them.
    """
    from html.parser import HTMLParser

    out: list[str] = []
    regions: list[tuple[int, int, str]] = []  # (start, end) in out, and the mark of its lines
    headings: list[tuple[int, int]] = []  # (start, end) in out of each closed heading not hidden
    linked: set[int] = set()  # the indexes in out of the text inside an <a>

    class _Page(HTMLParser):
        hide_tag: str | None = None  # the element being left out, and how deep in it we are
        hide_from = 0  # its start tag's number
        depth = 0
        mark_tag: str | None = None  # the hidden block being marked, how deep in it we are,
        mark_depth = 0  # its start tag's number and where it starts in out
        mark_from = 0
        mark_start = 0
        pre = 0
        n = 0
        block = 0  # line breaks made by block elements so far
        title_at = -1  # where the <title> being read starts in out
        h1 = False  # an <h1> with text shown outside chrome: the <title> only repeats it
        h1_at = -1  # where such an <h1> being read starts in out
        h1_words = False  # and whether it has shown a word (a letter, digit or ideograph) yet
        heading_at = -1  # where the <h1>..<h6> being read starts in out
        links = 0  # open <a> elements

        def __init__(self):
            super().__init__(convert_charrefs=True)
            self.frames: list[_Frame] = []
            self.articles: list[int] = []  # characters of each open <article>
            self.controls = 0  # open form controls (labels, buttons, links, options)

        def _break(self):
            out.append("\n")
            self.block += 1

        def handle_starttag(self, tag, attrs):
            self.n += 1
            if self.hide_tag:
                self.depth += tag == self.hide_tag
                return
            self._field(tag, attrs)
            hidden = self.n not in shown and tag not in _VOID and _hidden_by(attrs)
            if self.n not in shown and (tag in _HIDDEN or (hidden and tag not in _BLOCKS)):
                self.hide_tag, self.depth, self.hide_from = tag, 1, self.n
                return
            if self.mark_tag:
                self.mark_depth += tag == self.mark_tag
            elif hidden:
                self.mark_tag, self.mark_depth, self.mark_from, self.mark_start = tag, 1, self.n, len(out)
            self.pre += tag == "pre"
            self.links += tag == "a"
            self.controls += tag in _CONTROLS
            if tag in _BLOCKS:
                self._break()
            label = _CHROME.get(tag) or (_chrome_role(attrs) if attrs and tag not in _VOID else None)
            if label == "aside" and self.articles:
                label = None  # a pull quote or an editor's note is part of the article
            if self.frames:
                self._inside_chrome(tag, label)
            elif tag == "h1" and not self.mark_tag:
                self.h1_at = len(out)
            if tag in _HEADINGS:  # a heading left open (an <h2> never closed) is not counted
                self.heading_at = -1 if self.mark_tag else len(out)
            if tag == "article":
                self.articles.append(0)
            if label:
                self._break()
                self.frames.append(_Frame(tag, 1, label, len(out)))
            elif tag == "title":
                self.title_at = len(out)

        def _inside_chrome(self, tag, label):
            if not label:  # a chrome element counts its own depth
                for f in self.frames:
                    f.depth += f.tag == tag
            if self.mark_tag:
                return  # hidden: shows the page no headline or content
            if tag == "main":  # the page's content is in there
                for f in self.frames:
                    f.content = True
            elif tag == "h1":
                for f in self.frames:
                    f.content = f.content or f.label == "form"
                if all(f.label == "form" for f in self.frames):
                    self.h1_at = len(out)

        def handle_startendtag(self, tag, attrs):
            if self.hide_tag:
                return
            self._field(tag, attrs)
            if tag in _BLOCKS:
                self._break()

        def _field(self, tag, attrs):
            """A field to type into (even hidden: editors hide their textarea) makes a form a box."""
            if self.frames and (tag == "textarea" or (tag == "input" and _input_type(attrs) in _ENTRY_TYPES)):
                for f in self.frames:
                    f.box = f.box or f.label == "form"

        def handle_endtag(self, tag):
            if self.hide_tag:
                if tag == self.hide_tag:
                    self.depth -= 1
                    self.hide_tag = self.hide_tag if self.depth else None
                return
            self.pre = max(0, self.pre - (tag == "pre"))
            self.links = max(0, self.links - (tag == "a"))
            self.controls = max(0, self.controls - (tag in _CONTROLS))
            if tag in _HEADINGS and self.heading_at >= 0:  # any heading's end tag closes the open one
                headings.append((self.heading_at, len(out)))
                self.heading_at = -1
            if tag == "article" and self.articles:
                if self.articles.pop() >= ARTICLE_MIN_CHARS:  # the page's article, not a card
                    for f in self.frames:
                        f.content = True
            if self.frames:
                self._close_chrome(tag)
            if tag == "title" and self.title_at >= 0:
                regions.append((self.title_at, len(out), "title"))
                self.title_at = -1
            if tag == "h1" and self.h1_at >= 0:  # a logo <h1> (only an image) shows no headline
                self.h1 = self.h1 or self.h1_words
                self.h1_at, self.h1_words = -1, False
            if tag in _BLOCKS:
                self._break()
            if tag == self.mark_tag:
                self.mark_depth -= 1
                if not self.mark_depth:
                    regions.append((self.mark_start, len(out), "hidden"))
                    self.mark_tag = None

        def _close_chrome(self, tag):
            for i in range(len(self.frames) - 1, -1, -1):
                f = self.frames[i]
                if f.tag == tag:
                    f.depth -= 1
                    if not f.depth:  # closed; so is any chrome left open inside it
                        regions.extend((g.start, len(out), g.label) for g in self.frames[i:] if not g.holds_content())
                        del self.frames[i:]
                        self._break()
                    return

        def handle_data(self, data):
            if self.hide_tag:
                return
            # a line break in the source is a space on the page, except in <pre>
            if self.links:
                linked.add(len(out))
            out.append(data if self.pre else _SPACES.sub(" ", data))
            if self.mark_tag:
                return  # hidden text is no evidence of what the page shows
            if self.h1_at >= 0 and not self.h1_words:
                self.h1_words = _WORD.search(data) is not None
            chars = len("".join(data.split()))
            for i in range(len(self.articles)):
                self.articles[i] += chars
            if chars and not self.controls:
                for f in self.frames:
                    if f.label == "form":
                        f.prose += chars
                        f.blocks += f.last_block != self.block
                        f.last_block = self.block

    page = _Page()
    page.feed(_OPEN_TAG_AT_END.sub("", markup))  # a tag cut off at the end is not text
    page.close()
    # script and style content is never text, closed or not
    if page.hide_tag and page.hide_tag not in ("script", "style"):
        return "", [], [], page.hide_from
    if page.mark_tag:
        return "", [], [], page.mark_from
    if not page.h1:
        regions = [r for r in regions if r[2] != "title"]
    parts: list[str] = []
    heading_lines: list[int] = []
    link_lines: list[int] = []

    heading_ends = [he for _, he in headings]  # headings are in order and do not overlap

    def lines(start: int, end: int) -> None:
        for line, link in _linked_lines(out, start, end, linked):
            if link:
                link_lines.append(len(parts))
            parts.append(line)

    def unmarked(start: int, end: int) -> None:
        for hs, he in headings[bisect.bisect_right(heading_ends, start):]:
            if hs >= end:
                break
            hs, he = max(hs, start), min(he, end)  # a heading starts and ends a line: cutting there splits none
            lines(start, hs)
            first = len(parts)
            lines(hs, he)
            heading_lines.extend(range(first, len(parts)))
            start = he
        lines(start, end)

    pos = 0
    for start, end, label in sorted(regions):
        if start < pos:
            continue  # inside a region already marked
        unmarked(pos, start)
        parts.extend(f"<{label}> {line}" for line in _page_lines(out[start:end]))
        pos = end
    unmarked(pos, len(out))
    return "\n".join(parts), heading_lines, link_lines, None


def _linked_lines(out: list[str], start: int, end: int, linked: set[int]) -> Iterator[tuple[str, bool]]:
    """The lines of ``out[start:end]`` as :func:`_page_lines` gives them, each with whether its words all came from a link.

    ``linked``: the indexes in ``out`` of the pieces of text inside an ``<a>``.
    """
    pieces: list[str] = []
    link = other = False  # a word from a link, a word from elsewhere
    for i in range(start, end):
        for k, chunk in enumerate(out[i].split("\n")):
            if k:
                line = " ".join("".join(pieces).split())
                if line:
                    yield line, link and not other
                pieces, link, other = [], False, False
            pieces.append(chunk)
            if _WORD.search(chunk):
                link, other = link or i in linked, other or i not in linked
    line = " ".join("".join(pieces).split())
    if line:
        yield line, link and not other


def _page_lines(pieces: list[str]) -> Iterator[str]:
    """The non-empty lines of ``pieces`` joined, runs of white space collapsed."""
    for line in "".join(pieces).split("\n"):
        line = " ".join(line.split())
        if line:
            yield line


def _chrome_role(attrs) -> str | None:
    """The chrome mark of an ARIA ``role`` (``role="navigation"``: ``nav``), if any."""
    for name, value in attrs:
        if name == "role" and value:
            return next((_CHROME_ROLES[r] for r in value.lower().split() if r in _CHROME_ROLES), None)
    return None


def _input_type(attrs) -> str:
    """An ``<input>``'s type, lower case (``text`` when it has none)."""
    return next(((value or "").strip().lower() for name, value in attrs if name == "type"), "") or "text"


def _hidden_by(attrs) -> bool:
    for name, value in attrs:
        if name == "hidden" or (name == "style" and value and _STYLE_HIDDEN.search(value)):
            return True
    return False


def _read_bytes(path: str) -> bytes:
    try:
        return Path(path).read_bytes()
    except PermissionError:
        raise InputError(shown_path(path), "permission denied; check the file's permissions") from None
    except OSError as e:
        raise InputError(shown_path(path), f"cannot be read ({e.strerror}); check the path") from None


def decode(data: bytes, source: str = "-", encoding: str | None = None, *, lone_surrogates: bool = False) -> tuple[str, str]:
    """Decode bytes to text; return ``(text, encoding_name)``.

    ``encoding`` forces a codec.  Otherwise: BOMs, then UTF-16 without a BOM
    where NUL bytes alternate as in ASCII-heavy UTF-16, then strict UTF-8,
    then UTF-8 with characters beyond U+FFFF written as surrogate pairs
    (CESU-8: MySQL ``utf8``, Java modified UTF-8; read as the characters they
    stand for, encoding ``cesu-8``, with a warning naming ``source``), then
    charset-normalizer restricted to GB18030 and Big5, checked against
    every candidate (UTF-16 LE/BE included) by how plausible each decoding is
    as Chinese or ASCII text (:func:`plausibility`).  Short GB18030 and Big5
    texts, where charset-normalizer has too little to go on, are decided by
    plausibility alone, and so is GB18030 against Big5 by the characters
    beyond ASCII (:func:`_clearer_chinese`: a few Chinese words in mostly
    ASCII); UTF-16 without a BOM wins only by a clear margin.
    GBK/GB18030 whose byte 0x80 is Windows' € read as ``cp936``, Big5 with
    Windows' € and ETEN characters as ``cp950``, and so Big5 whose ``～ ‧``
    Python's big5 table reads as ``∼ •`` (Big5-HKSCS reads them so too).

    A file in the encoding forced, or UTF-8 (UTF-16 with a BOM), that fails
    to decode in a few places (cut off inside its last character, a byte
    changed: at most one place per 1,000 characters, and 10) is read with
    U+FFFD there and a warning naming ``source``, the bytes replaced and the
    first one's offset; UTF-8 is taken so before the other encodings are
    tried when it holds many valid non-ASCII characters per damaged place.
    Valid UTF-8 with a few stray NUL bytes is read with them (a warning naming
    ``source``, their count and first line).
    Raises :class:`InputError` for empty, binary (NUL bytes in text that is
    not UTF-16: in UTF-8, many, see :func:`_binary_nuls`) or undecodable input, and for an unpaired surrogate in such
    UTF-8 unless ``lone_surrogates`` (a table, whose reader reports the record
    that holds it).

    >>> decode("好的。".encode("big5"))
    ('好的。', 'big5')
    >>> decode("支付宝做社交。".encode("utf-16-le"))
    ('支付宝做社交。', 'utf-16-le')
    >>> decode("价格100".encode("gbk") + b"\\x80")
    ('价格100€', 'cp936')
    """
    if encoding:
        return _forced(data, source, text_encoding(encoding))
    return _detected(data, source, lone_surrogates, _warn)


#: Receives the message of each warning decoding gives (:func:`_warn`, or one that drops it).
_WarnHandler = Callable[[str], None]


def _warn(message: str) -> None:
    """Warn about an input (an :class:`~argmine.errors.InputWarning` naming the caller's line)."""
    E.warn_caller(message, E.InputWarning)


def _detected(data: bytes, source: str, lone_surrogates: bool, warn: _WarnHandler) -> tuple[str, str]:
    """:func:`decode` with no encoding forced; what it warns about goes to ``warn`` (no global warning filter needed to drop it)."""
    if not data:
        raise InputError(source, E.E_EMPTY)
    if data.startswith(codecs.BOM_UTF8):
        try:
            return data.decode("utf-8-sig"), "utf-8-sig"
        except UnicodeDecodeError:
            pass
        cesu = _cesu8(data[len(codecs.BOM_UTF8):], source, lone_surrogates, warn)
        return cesu if cesu is not None else (_repaired(data, "utf-8-sig", source, warn), "utf-8-sig")
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return _decode_or_repair(data, "utf-16", source, warn), "utf-16"
    for magic, what in _MAGIC.items():
        if data.startswith(magic):
            raise InputError(source, E.E_BINARY.format(what=what))
    head = data[:4096]
    nul = b"\x00" in head
    # Before UTF-8, which ASCII-only UTF-16 (NULs and ASCII bytes) would pass.
    utf16 = _utf16_by_nuls(head) if nul else None
    if utf16 and len(data) % 2 == 0:
        return _decode_or_repair(data, utf16, source, warn), utf16
    if utf16:  # an odd length: UTF-16 cut off inside its last character, or not UTF-16
        damage = _damaged(data, utf16)
        if damage.few:
            return _warned(damage, utf16, source, warn), utf16
    try:
        utf8: tuple[str, str] | None = (data.decode("utf-8"), "utf-8")
    except UnicodeDecodeError:
        utf8 = _cesu8(data, source, lone_surrogates, warn)
    if utf8 is not None and "\x00" not in utf8[0]:
        return utf8
    if utf8 is not None and not _binary_nuls(data):  # a stray NUL (scraped or dumped text): kept, so offsets stay exact
        text = utf8[0]
        line = text.count("\n", 0, text.index("\x00")) + 1
        warn(E.W_NUL_IN_UTF8.format(source=source, n=E.plural(text.count("\x00"), "NUL byte"), line=line))
        return utf8
    damage = _damaged(data, "utf-8") if utf8 is None else None
    if damage and damage.few and "\x00" not in damage.text and _non_ascii(damage.text) >= _UTF8_EVIDENCE * damage.places:
        return _warned(damage, "utf-8", source, warn), "utf-8"
    texts, used = {}, {}
    cuts: dict[str, _Damage] = {}  # UTF-16 without a BOM and of an odd length: read if only its last character is cut off
    for name in CANDIDATE_ENCODINGS:
        if name.startswith("utf-16") and len(data) % 2:
            cuts[name] = _damaged(data, name)
            if cuts[name].cut and cuts[name].replaced == 1:  # the last byte, alone: everything before it decodes
                texts[name], used[name] = cuts[name].text, name
            continue
        try:
            texts[name], used[name] = _decode_as(data, name)
        except UnicodeDecodeError:
            pass
    scores = {name: plausibility(text) for name, text in texts.items()}
    from charset_normalizer import from_bytes

    best = from_bytes(data, cp_isolation=list(CHINESE_ENCODINGS)).best()
    picked = codecs.lookup(best.encoding).name if best is not None else None
    top = max(scores.values(), default=0.0)
    if picked not in scores or scores[picked] < top - _PLAUSIBILITY_MARGIN:
        floor = max(top - _PLAUSIBILITY_MARGIN, _MIN_PLAUSIBILITY)
        picked = next((name for name, score in scores.items() if score >= floor), None)
    if picked in CHINESE_ENCODINGS:
        picked = _clearer_chinese(picked, texts)
    if picked is not None and "\x00" not in texts[picked]:
        if picked in cuts:
            return _warned(cuts[picked], picked, source, warn), picked
        return texts[picked], used[picked]
    if utf8 is not None:  # valid UTF-8, but with as many NUL bytes as binary data has
        text = utf8[0]
        nuls = text.count("\x00")
        raise InputError(source, E.E_NUL_IN_UTF8.format(
            n=E.plural(nuls, "NUL byte"), share=nuls / len(data), line=text.count("\n", 0, text.index("\x00")) + 1))
    if damage and damage.few and "\x00" not in damage.text:  # no other encoding fits either
        return _warned(damage, "utf-8", source, warn), "utf-8"
    raise InputError(source, E.E_NUL_BYTES if nul else E.E_UNDECODABLE)


def text_encoding(name: str) -> str:
    """The Python name of the text encoding ``name``; :class:`InputError` naming ``--encoding`` if it is none.

    Codecs that convert bytes to bytes (``base64``, ``zlib``), text to text
    (``rot13``) or refuse everything (``undefined``) are no text encoding.

    >>> text_encoding("GBK"), text_encoding("UTF8")
    ('gbk', 'utf-8')
    >>> text_encoding("base64")
    Traceback (most recent call last):
      ...
    argmine.errors.InputError: --encoding: 'base64' is a Python codec but not a text encoding; use one such as utf-8, gb18030 or big5
    """
    codec, problem = _codec_problem(name)
    if codec is None:
        raise InputError("--encoding", E.NO_TEXT_ENCODING[problem][1].format(encoding=name))
    return codec


def _codec_problem(name: str) -> tuple[str | None, str]:
    """``(codec, "")`` for a text encoding Python knows, else ``(None, why)``: a key of :data:`argmine.errors.NO_TEXT_ENCODING`.

    >>> _codec_problem("GBK"), _codec_problem("base64"), _codec_problem("gbk2")
    (('gbk', ''), (None, 'not text'), (None, 'unknown'))
    """
    try:
        codec = codecs.lookup(name).name
    except LookupError:
        return None, "unknown"
    try:
        "a".encode(codec)  # str.encode refuses a codec that is not for text; "undefined" refuses every character
    except (LookupError, UnicodeError):
        return None, "not text"
    return codec, ""


def _cp936_euro(e: UnicodeError) -> tuple[str, int]:
    # Windows' code page 936 (the GBK that Excel and Notepad write) has € at the byte 0x80,
    # which Python's gbk and gb18030 codecs reject.
    if isinstance(e, UnicodeDecodeError) and e.object[e.start:e.start + 1] == b"\x80":
        return "\u20ac", e.start + 1
    raise e


codecs.register_error("argmine.cp936", _cp936_euro)
#: Codecs (as :func:`codecs.lookup` names them) that read Windows' GBK except its € (0x80).
_GBK_CODECS = ("gbk", "gb18030", "gb2312")
#: Big5 bytes that Python's big5 and big5hkscs codecs read by the old Unicode.org table (A1E3 as ∼, A145 as •,
#: A241 as ／, A244 as ¥, …), and Windows' cp950, iconv's BIG5 and browsers (WHATWG big5) as ～ ‧ ∕ ￥ …: read so.
_BIG5_WINDOWS_BYTES = tuple(bytes.fromhex(pair) for pair in "a145 a14e a1c2 a1e3 a1f2 a1f3 a241 a242 a244 a246 a247".split())
_BIG5_OLD = re.compile("[" + "".join(pair.decode("big5") for pair in _BIG5_WINDOWS_BYTES) + "]")
_BIG5_WINDOWS = frozenset(pair.decode("cp950") for pair in _BIG5_WINDOWS_BYTES)


def _hkscs_pair(e: UnicodeError) -> tuple[str, int]:
    # cp950 lacks the HKSCS characters: each two-byte one is read as Big5-HKSCS reads it.
    if isinstance(e, UnicodeDecodeError):
        return e.object[e.start:e.start + 2].decode("big5hkscs"), e.start + 2
    raise e


codecs.register_error("argmine.hkscs", _hkscs_pair)


def _big5hkscs(data: bytes) -> str:
    """``data`` as Big5-HKSCS, its :data:`_BIG5_WINDOWS_BYTES` read as Windows and browsers read them.

    >>> _big5hkscs("㗎".encode("big5hkscs") + b"\\xa1\\xe3\\xa1\\x45"), b"\\xa1\\xe3\\xa1\\x45".decode("big5hkscs")
    ('㗎～‧', '∼•')
    """
    text = data.decode("big5hkscs")
    if not _BIG5_OLD.search(text):
        return text
    # cp950 reads the same two-byte characters, those it lacks read as Big5-HKSCS: one character (or a
    # Big5-HKSCS pair such as Ê̄) for each of the text's, so it is the text's where the text has an old reading.
    windows = data.decode("cp950", "argmine.hkscs")
    chars = list(text)
    for m in _BIG5_OLD.finditer(text):
        if windows[m.start()] in _BIG5_WINDOWS:
            chars[m.start()] = windows[m.start()]
    return "".join(chars)


def _decode_as(data: bytes, codec: str) -> tuple[str, str]:
    """``data`` decoded as ``codec``, or else as the Windows code page that extends it; ``(text, codec used)``.

    GBK and GB18030 read as ``cp936`` when all that fails is the byte 0x80
    (Windows' €), Big5 as ``cp950`` (Windows' €, and ETEN characters such as
    裏) and also when it holds punctuation that Python's big5 table reads
    otherwise (:data:`_BIG5_WINDOWS_BYTES`: ``～`` not ``∼``); Big5-HKSCS
    reads that punctuation so too (:func:`_big5hkscs`).  Raises ``codec``'s
    :class:`UnicodeDecodeError` when neither fits.

    >>> _decode_as(b"100\\x80", "gb18030"), _decode_as("裏€".encode("cp950"), "big5")
    (('100€', 'cp936'), ('裏€', 'cp950'))
    >>> _decode_as("好～".encode("cp950"), "big5"), _decode_as("好".encode("cp950"), "big5")
    (('好～', 'cp950'), ('好', 'big5'))
    """
    try:
        if codec == "big5hkscs":
            return _big5hkscs(data), codec
        text = data.decode(codec)
        if codec == "big5" and _BIG5_OLD.search(text):
            windows = data.decode("cp950")
            return windows, "big5" if windows == text else "cp950"
        return text, codec
    except UnicodeDecodeError as e:
        error = e
    try:
        if codec in _GBK_CODECS:
            return data.decode(codec, "argmine.cp936"), "cp936"
        if codec == "big5":
            return data.decode("cp950"), "cp950"
    except UnicodeDecodeError:
        pass
    raise error


#: What each of :data:`_BIG5_WINDOWS_BYTES` read as before argmine read it as browsers do, and what it reads as now
#: (``{"∼": "～", "•": "‧", …}``, one character for one): labels made before carry the old character
#: (:func:`argmine.annotations.big5_as_now`).
BIG5_READ_BEFORE = {pair.decode("big5"): _decode_as(pair, "big5")[0] for pair in _BIG5_WINDOWS_BYTES}


def read_as_big5(docs: Iterable[Document]) -> set[str]:
    """The ids of ``docs`` read as Big5 (big5, cp950, big5hkscs): only their labels may carry the old punctuation
    (:func:`argmine.annotations.big5_as_now`).

    >>> read_as_big5([Document("a", "好～", "a.txt", "cp950"), Document("b", "好～", "b.txt", "utf-8"), Document("c", "好", "c.txt", None)])
    {'a'}
    """
    return {d.id for d in docs if d.encoding and _codec_problem(d.encoding)[0] in ("big5", "cp950", "big5hkscs")}


def _forced(data: bytes, source: str, codec: str) -> tuple[str, str]:
    """``data`` in the encoding forced; damaged in a few places, read with U+FFFD there (:func:`_damaged`)."""
    try:
        return _decode_as(data, codec)
    except UnicodeDecodeError as e:
        error = e
    damage = _damaged(data, codec)
    if damage.few:
        return _warned(damage, codec, source, _warn), codec
    try:  # detection, for the hint only: what it would warn about is dropped
        found: str | None = _detected(data, "-", False, lambda message: None)[1]
    except InputError:
        found = None
    hint = E.H_FORCED_OTHER.format(found=found) if found and found != codec else E.H_FORCED_NONE
    places = f"more than {_MAX_DAMAGED} places" if damage.places > _MAX_DAMAGED else f"{damage.places} places"
    line = data[:error.start].decode(codec, "replace").count("\n") + 1
    raise InputError(source, E.E_FORCED_ENCODING.format(
        encoding=codec, reason=error.reason, at=error.start, line=line, places=places, hint=hint)) from None


#: Valid UTF-8 holding more than this many NUL bytes, and at least one in every _NUL_SHARE bytes,
#: is binary data (an executable renamed .txt); fewer are stray NULs in text, read with a warning.
_STRAY_NULS = 10
_NUL_SHARE = 100


def _binary_nuls(data: bytes) -> bool:
    """Whether ``data``, valid UTF-8, holds NUL bytes as binary data does (many, and a notable share), not a stray few.

    >>> _binary_nuls(b"\\x7fELF" + bytes(200)), _binary_nuls(b"id,text\\n1,a\\x00b\\n")
    (True, False)
    """
    nuls = data.count(0)
    return nuls > _STRAY_NULS and nuls * _NUL_SHARE >= len(data)


def _utf16_by_nuls(head: bytes) -> str | None:
    # ASCII in UTF-16 has a NUL in every other byte: the high byte, which comes
    # second in UTF-16-LE and first in UTF-16-BE.
    even, odd = head[0::2].count(0), head[1::2].count(0)
    if max(even, odd) > len(head) // 8 and min(even, odd) < len(head) // 64 + 1:
        return "utf-16-le" if odd > even else "utf-16-be"
    return None


#: Common characters of written Cantonese (Hong Kong comments and forums, mostly in Big5-HKSCS), which
#: jieba's Mandarin dictionary holds seldom or never, with the Mandarin character each stands for.
_CANTONESE = {
    "佢": "他", "哋": "们", "嘅": "的", "咗": "了", "嘢": "东", "冇": "没", "啲": "些", "嚟": "来", "喺": "在",
    "㗎": "吗", "咁": "这", "噉": "这", "嗰": "那", "乜": "什", "咩": "么", "啱": "对", "睇": "看", "搵": "找",
    "畀": "给", "俾": "给", "唔": "不", "諗": "想", "攞": "拿", "嘥": "费", "嘞": "了", "噃": "呢", "攰": "累",
}


@lru_cache(maxsize=1)
def _char_frequencies() -> dict[str, int]:
    # A character's frequency is that of the words of jieba's dictionary that
    # contain it: the frequency list of modern Chinese that argmine already ships;
    # a Cantonese character's is at least that of the Mandarin one it stands for.
    import jieba

    from .normalize import _t2s

    with jieba.get_dict_file() as f:
        content = f.read().decode("utf-8")
    freq: dict[str, int] = {}
    for line in content.splitlines():
        word, count = line.split(" ", 2)[:2]
        for c in word:
            freq[c] = freq.get(c, 0) + int(count)
    for cantonese, mandarin in _CANTONESE.items():
        c = _t2s().convert(cantonese)  # as plausibility() looks it up
        freq[c] = max(freq.get(c, 0), freq.get(mandarin, 0))
    return freq


def plausibility(text: str) -> float:
    """How much ``text`` reads as Chinese (Simplified or Traditional) with ASCII, in [0, 1].

    The mean over its first characters: ASCII, punctuation and spaces count 1,
    other symbols 0.5; a CJK ideograph counts by how common it is (its Simplified
    form's frequency in jieba's dictionary, on a log scale; written Cantonese's
    as its Mandarin counterpart's, :data:`_CANTONESE`); anything else (Hangul,
    Yi, kana, private-use and control characters: what a wrong codec produces) 0.

    >>> plausibility("好的。") > 0.9 > plausibility("ꙮꪺꅃ")
    True
    """
    from .normalize import _t2s

    sample = _t2s().convert(text[:_PLAUSIBILITY_SAMPLE])
    if not sample:
        return 0.0
    freq = _char_frequencies()
    total = 0.0
    for c in sample:
        o = ord(c)
        if c in "\t\n\r" or 0x20 <= o < 0x7F:
            total += 1.0
        elif 0x3400 <= o <= 0x9FFF or 0xF900 <= o <= 0xFAFF or o >= 0x20000:
            total += min(1.0, math.log10(1 + freq.get(c, 0)) / 5)
        elif 0xFF00 <= o <= 0xFFEF or unicodedata.category(c)[0] in "PZ":
            total += 1.0
        elif unicodedata.category(c)[0] == "S":
            total += 0.5
    return total / len(sample)


def _clearer_chinese(picked: str, texts: dict[str, str]) -> str:
    """``picked``, or the Chinese encoding whose characters beyond ASCII read as clearly more plausible (by the margin).

    ASCII reads the same in GB18030 and Big5, so in text that is mostly ASCII
    with a few Chinese words it dilutes the difference in :func:`plausibility`
    below the margin, and charset-normalizer, with little to go on, may pick
    the wrong one: the rest of the text decides.

    >>> data = ("id=12345, user=alice; " * 10 + "东方在前").encode("gbk")
    >>> _clearer_chinese("big5", {"gb18030": data.decode("gb18030"), "big5": data.decode("big5")})
    'gb18030'
    """
    beyond = {name: plausibility(_beyond_ascii(texts[name])) for name in CHINESE_ENCODINGS if name in texts}
    best = max(beyond, key=beyond.__getitem__)  # the first of the best: GB18030 on a tie
    return best if beyond[best] > beyond[picked] + _CHINESE_MARGIN else picked


_NON_ASCII = re.compile(r"[^\x00-\x7f]+")


def _beyond_ascii(text: str) -> str:
    """The first :data:`_PLAUSIBILITY_SAMPLE` characters of ``text`` that are not ASCII."""
    out, n = [], 0
    for m in _NON_ASCII.finditer(text):
        out.append(m.group())
        n += len(out[-1])
        if n >= _PLAUSIBILITY_SAMPLE:
            break
    return "".join(out)[:_PLAUSIBILITY_SAMPLE]


#: A file that fails to decode in a few places (cut off inside its last character, a byte
#: changed) is read with U+FFFD there, with a warning: in at most one place per this many
#: characters (one in a shorter file), and in at most _MAX_DAMAGED.
_DAMAGE_CHARS = 1000
_MAX_DAMAGED = 10
#: Bytes decoded at a time while looking for the damaged places.
_WINDOW = 1 << 16
#: UTF-8 damaged in a few places is taken before other encodings are tried when it holds this
#: many valid non-ASCII characters per damaged place: GBK or Big5 read as UTF-8 fails at most of its characters.
_UTF8_EVIDENCE = 10


@dataclass(frozen=True)
class _Damage:
    """Bytes decoded with U+FFFD where they fail (see :func:`_damaged`)."""

    text: str  # "" when not few
    places: int  # runs of bytes replaced; _MAX_DAMAGED + 1 stands for more
    replaced: int  # bytes replaced in all
    at: int  # the byte offset of the first
    line: int  # its line
    cut: bool  # the only place is a character cut off at the end
    few: bool  # few enough to read the text so


def _damaged(data: bytes, codec: str) -> _Damage:
    r"""``data`` decoded as ``codec`` with U+FFFD for each run of bytes that fails, as ``errors="replace"`` does.

    ``few`` when that is at most one place per :data:`_DAMAGE_CHARS`
    characters (one in a shorter text) and at most :data:`_MAX_DAMAGED`.

    >>> d = _damaged("支付宝".encode()[:-1], "utf-8")
    >>> d.text, d.replaced, d.at, d.cut, d.few
    ('支付\ufffd', 2, 6, True, True)
    """
    skip, reader = _after_bom(data, codec)
    view = memoryview(data)  # decoded a window at a time: an error holds a copy of the bytes decoded
    pieces: list[str] = []
    runs: list[list[int]] = []  # [start, end] of the runs of bytes replaced
    places = 0
    line = -1  # of the first run
    cut = False
    pos = skip
    while pos < len(data):
        window = view[pos:pos + _WINDOW]
        last = pos + len(window) >= len(data)
        try:
            pieces.append(codecs.decode(window, reader))
            pos += len(window)
            continue
        except UnicodeDecodeError as e:
            error = e
        if error.end == len(window) and error.start > 0 and not last:  # a character cut by the window's end
            pieces.append(codecs.decode(window[:error.start], reader))
            pos += error.start
            continue
        start, end = pos + error.start, pos + error.end
        if runs and runs[-1][1] == start:  # one changed byte makes the bytes of its character fail one by one
            runs[-1][1] = end
        else:
            runs.append([start, end])
        # a place is a character: a run longer than the longest one (4 bytes) is several
        places = sum((b - a + 3) // 4 for a, b in runs)
        if places > _MAX_DAMAGED:
            return _Damage("", places, 0, runs[0][0], -1, False, False)
        pieces.append(codecs.decode(window[:error.start], reader) + "\ufffd")
        if line < 0:
            line = sum(piece.count("\n") for piece in pieces) + 1
        pos = end
        cut = end >= len(data) and error.reason in ("unexpected end of data", "truncated data", "incomplete multibyte sequence")
    text = "".join(pieces)
    at = runs[0][0] if runs else -1
    replaced = sum(end - start for start, end in runs)
    few = 0 < places <= max(1, min(_MAX_DAMAGED, len(text) // _DAMAGE_CHARS))
    return _Damage(text if few else "", places, replaced, at, line, cut and len(runs) == 1, few)


def _after_bom(data: bytes, codec: str) -> tuple[int, str]:
    """How many bytes of ``data`` are ``codec``'s byte-order mark, and the codec that reads the bytes after it."""
    if codec == "utf-8-sig":
        return (len(codecs.BOM_UTF8) if data.startswith(codecs.BOM_UTF8) else 0), "utf-8"
    if codec in ("utf-16", "utf-32"):
        le, be = (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE) if codec == "utf-16" else (codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE)
        for bom, order in ((be, "be"), (le, "le")):
            if data.startswith(bom):
                return len(bom), f"{codec}-{order}"
        return 0, f"{codec}-{'le' if sys.byteorder == 'little' else 'be'}"  # as Python reads one without a BOM
    return 0, codec


def _decode_or_repair(data: bytes, codec: str, source: str, warn: _WarnHandler) -> str:
    """``data`` decoded as ``codec``; where that fails, :func:`_repaired`."""
    try:
        return data.decode(codec)
    except UnicodeDecodeError:
        return _repaired(data, codec, source, warn)


def _repaired(data: bytes, codec: str, source: str, warn: _WarnHandler) -> str:
    """``data``, which ``codec`` fails to decode, read with U+FFFD where it fails if that is in few places; else InputError."""
    damage = _damaged(data, codec)
    if not damage.few:
        raise InputError(source, E.E_UNDECODABLE)
    return _warned(damage, codec, source, warn)


def _warned(damage: _Damage, codec: str, source: str, warn: _WarnHandler) -> str:
    """The text of ``damage``, after a warning naming ``source``, the bytes replaced and where."""
    why = "the file ends inside a character, cut off" if damage.cut else f"the file is damaged in {E.plural(damage.places, 'place')}"
    warn(E.W_DAMAGED.format(source=source, n=E.plural(damage.replaced, "byte"), encoding=codec.removesuffix("-sig"),
                            at=damage.at, line=damage.line, why=why))
    return damage.text


def _non_ascii(text: str) -> int:
    """How many characters of ``text`` are neither ASCII nor U+FFFD."""
    return len(text) - len(text.encode("ascii", "ignore")) - text.count("\ufffd")


def _cesu8(data: bytes, source: str, lone_surrogates: bool, warn: _WarnHandler) -> tuple[str, str] | None:
    r"""``data`` as UTF-8 whose characters beyond U+FFFF are written as UTF-16 surrogate pairs, if it is.

    MySQL's ``utf8``, Java's modified UTF-8 and other CESU-8 writers store 😀
    as ``ED A0 BD ED B8 80``; no Python codec reads it, and guessing another
    encoding would turn the whole file into mojibake.  A pair is the
    character it stands for (with a warning to ``warn``); an unpaired surrogate (half an
    emoji cut off) raises :class:`InputError` naming its line, unless
    ``lone_surrogates`` keeps it for a table reader to report its record.

    >>> _cesu8(b"ok\xed\xa0\xbd\xed\xb8\x80", "t.txt", False, lambda message: None)
    ('ok😀', 'cesu-8')
    """
    try:
        text = data.decode("utf-8", "surrogatepass")
    except UnicodeDecodeError:
        return None
    paired = text.encode("utf-16-le", "surrogatepass").decode("utf-16-le", "surrogatepass")
    m = SURROGATE.search(paired)
    if m and not lone_surrogates:
        line = paired.count("\n", 0, m.start()) + 1
        raise InputError(source, E.E_UTF8_SURROGATE.format(code=f"\\u{ord(m.group()):04x}", line=line))
    if len(paired) == len(text):  # no pair, only unpaired surrogates for the table reader to report
        return paired, "utf-8"
    warn(E.W_CESU8.format(source=source))
    return paired, "cesu-8"


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

    >>> [row_kind(v) for v in ("Comment", " 评论 ", "reply", "正文", "標題", "note", 3)]
    ['comment', 'comment', 'comment', 'body', 'title', None, None]
    """
    return KIND_VALUES.get(value.strip().casefold()) if isinstance(value, str) else None


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
    if text is _ABSENT:
        fields = ", ".join(map(str, row)) or "none"
        raise InputError(path, E.E_NO_FIELD.format(where=where, field=opts.text_field, fields=fields + _nested_keys(row, opts.text_field),
                                                   option="text-field", keyword="text_field"))
    if text is None:  # JSON's missing value (pandas writes a missing text so): skipped as an empty CSV cell is
        raise InputError(path, E.E_NULL_TEXT.format(where=where, field=opts.text_field))
    if not isinstance(text, str):
        hint = _object_hint(text, opts.text_field, "text-field", str) if isinstance(text, dict) else E.E_NOT_STRING_HINT
        raise InputError(path, E.E_TEXT_NOT_STRING.format(where=where, field=opts.text_field, found=_json_type(text),
                                                          hint=hint))
    if not text.strip():
        raise InputError(path, E.E_EMPTY_TEXT.format(where=where, field=opts.text_field))
    if opts.cells == "html":  # the text a browser shows of the cell's markup, as for an .html page; offsets point into it
        text = html_to_text(text)
        if not text.strip():  # only an <img>, say: skipped as an empty cell is
            raise InputError(path, E.E_EMPTY_HTML_TEXT.format(where=where, field=opts.text_field))
    rid = field_value(row, opts.id_field)
    if isinstance(rid, (bool, dict, list)):  # str() would make ids such as "True" or "{'a': 1}"
        hint = "; " + _object_hint(rid, opts.id_field, "id-field", (str, int)) if isinstance(rid, dict) else ""
        raise InputError(path, E.E_ID_NOT_SCALAR.format(where=where, field=opts.id_field, found=_json_type(rid), hint=hint))
    ident = str(rid) if rid not in (None, "", _ABSENT) else f"{doc_id}:{n}"
    meta = _without(row, opts.text_field)
    value = field_value(row, opts.kind_field)
    value = None if value is _ABSENT else value
    if value is None or (isinstance(value, str) and not value.strip()):
        kind = opts.row_kind
    elif (kind := row_kind(value)) is None:
        kind = opts.row_kind
        if unknown_kind is not None:
            unknown_kind(InputError(path, E.W_UNKNOWN_KIND.format(where=where, field=opts.kind_field, value=value, kind=_kind_name(opts))))
    return Document(ident, text, f"{path}:{n}", encoding, meta, kind, row=n)


#: What :func:`field_value` returns for a field a row does not have (``None`` is JSON's null).
_ABSENT = object()
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
    """``; 'content' holds: message, members`` for a dotted ``name`` whose longest leading part is an object of ``row``; else ``""``."""
    parts = name.split(".")
    for cut in range(len(parts) - 1, 0, -1):
        inner = field_value(row, ".".join(parts[:cut]))
        if isinstance(inner, dict):
            return f"; {'.'.join(parts[:cut])!r} holds: {_keys(inner)}"
    return ""


def _object_hint(obj: dict, name: str, option: str, wanted: type | tuple[type, ...]) -> str:
    """What to pass when field ``name`` is a JSON object: the dotted name of a key inside it (one whose value is ``wanted``)."""
    key = next((k for k, v in obj.items() if isinstance(v, wanted) and not isinstance(v, bool)), None)
    return E.E_OBJECT_FIELD_HINT.format(option=option, keyword=option.replace("-", "_"), keys=_keys(obj),
                                        example=f"{name}.{key}" if key is not None else f"{name}.KEY")


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
        self.counts: dict[tuple[str, str], int] = {}
        self.summaries: dict[tuple[str, str], Callable[[int, str], str]] = {}
        self.warns: set[tuple[str, str]] = set()

    def missing(self, field: str, option: str, err: InputError) -> None:
        """One record lacks ``field`` (set by ``--option``); ``err`` says which."""
        self.repeated((field, option), err, lambda n, records: E.E_MORE_WITHOUT_FIELD.format(
            n=n, records=records, field=field, option=option, keyword=option.replace("-", "_")))

    def repeated(self, key: tuple[str, str], err: InputError, summary: Callable[[int, str], str], *, warn: bool = False) -> None:
        """One record has the problem ``key``; ``summary(n, "records")`` words the line for those only counted.

        With ``warn`` the record is skipped with a warning instead of being reported as a failure.
        """
        n = self.counts[key] = self.counts.get(key, 0) + 1
        self.summaries.setdefault(key, summary)
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
                self._emit(key, InputError(self.path, self.summaries[key](more, records), count=more))
        skipped = sum(n for key, n in self.counts.items() if key[0] == "" and key in self.warns)  # row_error's empty texts
        if skipped and self.on_skip is not None:
            self.on_skip(self.path, skipped)

    def row_error(self, err: InputError, row: dict, text_field: str, *, html: bool = False) -> None:
        """Report ``err`` about ``row``: counted if the row lacks ``text_field`` or its text is empty (or null).

        With ``html`` (cells read as HTML) a text that shows nothing (only an ``<img>``) is empty too.
        """
        text = field_value(row, text_field)
        if text is _ABSENT:
            self.missing(text_field, "text-field", err)
        elif text is None or (isinstance(text, str) and not (html_to_text(text) if html else text).strip()):
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
              if field != getattr(ReadOptions, option.replace("-", "_")) and field.strip().casefold() != "none"}
    columns: dict = {}  # the rows' fields, in order, while a named field is absent from all of them
    cells = marked = 0  # non-empty text cells, and those holding HTML markup (read as text, they would become units)
    example = ""
    for n, where, row in table_records(text, path, fmt, bad_record, ((opts.text_field, "text-field"),)):
        records += 1
        if absent:
            columns.update(dict.fromkeys(row))
            absent = {field: option for field, option in absent.items() if field_value(row, field) is _ABSENT}
        if opts.cells == "text" and isinstance(cell := field_value(row, opts.text_field), str) and cell.strip():
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
        raise InputError(path, E.E_EMPTY if not text.strip() else E.E_JSON_NO_ROWS if fmt == "json" else E.E_NO_ROWS)
    for field, option in absent.items() if records else ():
        consequence = f"rows are numbered {doc_id}:<row> instead" if option == "id-field" else f"every row is read as {_kind_name(opts)}"
        E.warn_caller(E.W_ABSENT_COLUMN.format(source=path, field=field, option=option, keyword=option.replace("-", "_"),
                                               columns=", ".join(map(str, columns)) or "none", consequence=consequence), E.InputWarning)


def table_records(
    text: str, path: str, fmt: str, handler: ErrorHandler, required: Sequence[tuple[str, str]] = ()
) -> Iterator[tuple[int, str, dict]]:
    """The records of a decoded table as ``(n, where, row)``; a bad record goes to ``handler``.

    ``fmt`` is ``jsonl``, ``json`` (one array of row objects), ``csv`` or ``tsv``.  ``n`` counts rows from 1 (CSV/TSV:
    records after the header; JSONL: the line number; JSON: the item) and ``where`` names the
    record in messages (``line 3``, ``row 2 (line 3)``, ``row 2``).  ``required`` are the
    ``(field, option)`` pairs a record needs: a CSV/TSV header without one
    raises :class:`InputError` (once for the file), a row too short to hold
    one is reported.  JSON(L) records are yielded whatever fields they have;
    the caller reports what is missing (:class:`MissingFieldReporter`).
    :func:`read` and :func:`argmine.train.load_examples` both read tables
    through it, so a table's records are parsed and numbered the same.

    >>> list(table_records('text,n\\n"一",1\\n', "t.csv", "csv", _raise))
    [(1, 'row 1 (line 2)', {'text': '一', 'n': '1'})]
    """
    if fmt == "jsonl":
        return _jsonl_records(text, path, handler)
    if fmt == "json":
        return _json_records(text, path, handler)
    return _csv_records(text, path, handler, required, tsv=fmt == "tsv")


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
    for n, line in enumerate(io.StringIO(text, newline="\n" if "\n" in text else None), start=1):
        if not line.strip():
            continue
        try:
            row = loads(line)
        except json.JSONDecodeError as e:
            handler(InputError(path, E.E_JSON_LINE.format(line=n, reason=json_reason(e))))
            continue
        if not isinstance(row, dict):
            handler(InputError(path, E.E_JSON_NOT_OBJECT.format(line=n, found=type(row).__name__)))
            continue
        if _SURROGATE_ESCAPE.search(line) or SURROGATE.search(line):
            bad = _surrogate_field(row)
            if bad:
                handler(InputError(path, E.E_LONE_SURROGATE.format(where=f"line {n}", field=bad[0], code=bad[1])))
                continue
        yield n, f"line {n}", row


#: A JSON escape of a UTF-16 surrogate (most are paired, and decode to one character).
_SURROGATE_ESCAPE = re.compile(r"\\u[dD][89a-fA-F]")


def _json_records(text: str, path: str, handler: ErrorHandler) -> Iterator[tuple[int, str, dict]]:
    """The rows of a JSON array of objects, as many scrapers dump them; row ``n`` is the array's ``n``-th item.

    A file that is not such an array raises :class:`InputError` (one line for
    the file); an item that is not an object goes to ``handler``.

    >>> list(_json_records('[{"id": 7, "text": "好。"}]', "c.json", _raise))
    [(1, 'row 1', {'id': 7, 'text': '好。'})]
    """
    if not text.strip():
        return  # an empty file, reported as one
    try:
        rows = loads(text)
    except json.JSONDecodeError as e:
        reason = f"{e.msg} at line {e.lineno}, column {e.colno}"
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
    first = next((line for line in text.splitlines() if line.strip()), "")
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
        return all(len(row) == width for row in csv.reader(lines, **dialect) if row)
    except csv.Error:
        return False


class _Lines:
    """The lines of a table as :mod:`csv` reads them, with a position that can be set back.

    After a badly quoted record, reading starts again on the line after the
    record's first one where the lines it took read as rows (a stray quote
    must not take the rows after it), else after the record's last line.
    """

    def __init__(self, text: str):
        self.lines = io.StringIO(text, newline="").readlines()
        self.read = 0  # lines handed out so far; the last one's number

    def __iter__(self) -> _Lines:
        return self

    def __next__(self) -> str:
        if self.read >= len(self.lines):
            raise StopIteration
        self.read += 1
        return self.lines[self.read - 1]


#: csv's default limit on a cell (131,072 characters) is less than a long Zhihu answer or a scraped page's raw
#: HTML column: over it, csv stops reading the file.  Raised once, for every reader of tables (2**31 - 1 fits
#: the C long csv keeps it in on every platform, where sys.maxsize does not).
csv.field_size_limit(max(csv.field_size_limit(), 2**31 - 1))


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
            fields = next(csv.reader([header], delimiter=delimiter), [])
        except csv.Error:
            continue
        if set(columns) <= {f.strip() for f in fields}:
            return delimiter
    return None


def _unique_columns(header: list[str], path: str, required: Sequence[tuple[str, str]]) -> list[str]:
    """``header`` with each repeated name after the first renamed as pandas does (``user``, ``user.1``), with one warning.

    A dict of the row would keep only the last of the repeated columns,
    without a word.  Unnamed columns (a sheet's empty trailing header cells)
    are left as they are.
    """
    taken, seen, columns = set(header), set(), []
    renamed: dict[str, list[str]] = {}
    for name in header:
        if name in seen and name.strip():
            k = 1
            while f"{name}.{k}" in taken:
                k += 1
            renamed.setdefault(name, []).append(f"{name}.{k}")
            name = f"{name}.{k}"
            taken.add(name)
        seen.add(name)
        columns.append(name)
    if renamed:
        pick = next((f"; the {field!r} value is read from the first (pass --{option} {renamed[field][0]} to read the next)"
                     for field, option in required if field in renamed), "")
        E.warn_caller(E.W_REPEATED_COLUMNS.format(source=path, names=", ".join(map(E.shown_repr, renamed)), pick=pick,
                                                  renamed=", ".join(E.shown_repr(new) for news in renamed.values() for new in news)),
                      E.InputWarning)
    return columns


def _csv_records(text: str, path: str, handler: ErrorHandler, required: Sequence[tuple[str, str]], tsv: bool) -> Iterator[tuple[int, str, dict]]:
    # CSV is read strictly: a quote left open or text after a closing quote is an
    # error naming the row, not rows silently merged or quotes silently dropped.
    # TSV is read as pandas and Excel write it (a field with a tab, a line break or
    # a quote mark is quoted), but a line whose quote marks do not quote a field
    # (TSV without quoting: '"支付宝"这个名字好') is read as it stands.
    delimiter = "\t" if tsv else ","
    if not tsv and required:  # a ';'- or tab-separated sheet saved as .csv: the separator its header holds the fields by
        delimiter = header_delimiter(text, [field for field, _ in required]) or ","
        tsv = delimiter == "\t"
    lines = _Lines(text)
    dialect = {"delimiter": delimiter, "strict": True, "quoting": csv.QUOTE_MINIMAL}
    raw = {"delimiter": "\t", "quoting": csv.QUOTE_NONE}
    reader = csv.reader(lines, **dialect)
    try:
        header = next(reader, [])
        while not "".join(header).strip() and lines.read < len(lines.lines):  # blank lines before the header
            header = next(reader, [])
    except csv.Error as e:
        raise InputError(path, E.E_CSV_LINE.format(line=lines.read, reason=str(e))) from None
    if not header:
        raise InputError(path, E.E_EMPTY)
    columns = _unique_columns(header, path, required)
    for field, option in required:  # once for the file, not once per row
        if field not in columns:
            raise InputError(path, E.E_NO_COLUMN.format(field=field, columns=", ".join(header), option=option, keyword=option.replace("-", "_")))
    n = 0  # a row's number counts records from 1 after the header (a quoted field may span lines)
    repeats: list[str] = []  # rows that repeat the header (tables joined with cat), skipped
    spanning: list[str] = []  # TSV records whose quoted field took lines that would each be a row
    while True:
        first = lines.read + 1  # the record's first line, to find it in an editor
        try:
            fields = next(reader)
            if tsv and lines.read > first and _rows_of_their_own(lines.lines[first - 1 : lines.read], raw, len(header)):
                # a valid quoted field (pandas writes a comment's lines so), or a stray quote that took rows: read as
                # csv and pandas read it, with a warning, for the two cannot be told apart
                spanning.append(f"{n + 1} (lines {first}-{lines.read})")
        except StopIteration:
            break
        except csv.Error as e:
            if tsv:  # quote marks that are text
                lines.read = first
                fields = next(csv.reader([lines.lines[first - 1]], **raw), [])
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
        if fields == header or (fields[0].startswith("\ufeff") and [fields[0][1:], *fields[1:]] == header):
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
    if spanning:
        count = len(spanning)
        E.warn_caller(E.W_TSV_RECORD_OF_ROWS.format(source=path, n=count, records=E.inflect(count, "row"), hold=E.inflect(count, "holds", "hold"),
                                                    where=f"row {spanning[0]}"), E.InputWarning)
