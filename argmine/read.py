"""Read documents: text files as scraped, and tables of comments.

Paths may be files, directories (walked recursively, filtered by include /
exclude globs) or ``-`` for standard input.  ``.txt``/``.md`` files are one
document each; ``.jsonl``/``.csv``/``.tsv`` files are one document per row.
The encoding is detected (UTF-8 with or without BOM, UTF-16, GB18030/GBK,
Big5) with charset-normalizer and recorded on the document.

>>> import argmine
>>> docs = argmine.read(["corpora/"])
>>> [d.id for d in docs]
['000_56ce5e623d6356aa', '001_faf62b3238bc40fb']
>>> docs[0].encoding
'utf-8'
"""

from __future__ import annotations

import codecs
import csv
import fnmatch
import io
import json
import sys
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Callable, Iterable, Iterator

from . import errors as E
from .errors import InputError
from .types import KINDS, Document

TEXT_SUFFIXES = (".txt", ".md")
TABLE_SUFFIXES = (".jsonl", ".csv", ".tsv")
DEFAULT_INCLUDE = tuple(f"*{s}" for s in TEXT_SUFFIXES + TABLE_SUFFIXES)
#: Skipped in directory walks (a corpus folder's README describes it; it is not a document).
DEFAULT_EXCLUDE = ("README*", "readme*")
#: Encodings tried by detection when the bytes are not UTF-8/UTF-16.
CANDIDATE_ENCODINGS = ("gb18030", "big5", "big5hkscs", "utf_16_le", "utf_16_be")
_MAGIC = {
    b"\x89PNG": "PNG image",
    b"GIF8": "GIF image",
    b"\xff\xd8\xff": "JPEG image",
    b"%PDF": "PDF document",
    b"PK\x03\x04": "ZIP archive",
    b"\x1f\x8b": "gzip archive",
}

ErrorHandler = Callable[[InputError], None]


@dataclass(frozen=True)
class ReadOptions:
    """How inputs are found and parsed (shared by every command).

    ``input_format`` is ``auto`` (by suffix), ``text``, ``jsonl``, ``csv`` or ``tsv``.
    ``row_kind`` is the kind of a table row whose ``kind_field`` is absent or
    empty: ``comment`` (tables are reader comments), ``body``, ``title``, or
    ``None`` to let cleaning decide per block as for text files.
    """

    text_field: str = "text"
    id_field: str = "id"
    kind_field: str = "kind"
    row_kind: str | None = "comment"
    encoding: str | None = None
    include: tuple[str, ...] = DEFAULT_INCLUDE
    exclude: tuple[str, ...] = DEFAULT_EXCLUDE
    input_format: str = "auto"

    def __post_init__(self):
        if self.encoding is not None:
            try:
                codecs.lookup(self.encoding)
            except LookupError:
                raise InputError("--encoding", E.E_UNKNOWN_ENCODING.format(encoding=self.encoding)) from None
        if self.row_kind is not None and self.row_kind not in KINDS:
            raise InputError("--row-kind", f"{self.row_kind!r} is not a kind; use one of {', '.join(KINDS)}, or auto")


def _raise(err: InputError) -> None:
    raise err


def read(paths: Iterable[str | Path], options: ReadOptions | None = None, on_error: ErrorHandler | None = None, **kwargs) -> list[Document]:
    """Read every document under ``paths``.

    Keyword arguments are :class:`ReadOptions` fields.  ``on_error`` receives
    each :class:`~argmine.errors.InputError` (a bad file or record) and reading
    goes on; without it the first error is raised.
    """
    return list(iter_documents(paths, options, on_error, **kwargs))


def iter_documents(paths: Iterable[str | Path], options: ReadOptions | None = None, on_error: ErrorHandler | None = None, **kwargs) -> Iterator[Document]:
    """Like :func:`read`, one document at a time (constant memory per file)."""
    opts = options or ReadOptions(**kwargs)
    handler = on_error or _raise
    seen: dict[str, int] = {}
    found = False
    missing: list[InputError] = []

    def on_missing(err: InputError) -> None:
        missing.append(err)
        handler(err)

    for path, doc_id in _expand(paths, opts, on_missing):
        found = True
        try:
            for doc in _read_one(path, doc_id, opts, handler):
                n = seen.get(doc.id, 0)
                seen[doc.id] = n + 1
                if n:
                    # Keep both documents: ids must be unique for units to be.
                    doc = replace(doc, id=f"{doc.id}~{n + 1}")
                yield doc
        except InputError as err:
            handler(err)
    if not found and not missing:
        handler(InputError(", ".join(map(str, paths)) or "(no paths)", E.E_NO_INPUTS))


def _expand(paths: Iterable[str | Path], opts: ReadOptions, handler: ErrorHandler) -> Iterator[tuple[str, str]]:
    for raw in paths:
        p = str(raw)
        if p == "-":
            yield "-", "stdin"
            continue
        path = Path(p)
        if path.is_dir():
            files = sorted(f for f in path.rglob("*") if f.is_file())
            for f in files:
                rel = f.relative_to(path).as_posix()
                if not any(fnmatch.fnmatch(f.name, g) or fnmatch.fnmatch(rel, g) for g in opts.include):
                    continue
                if any(fnmatch.fnmatch(f.name, g) or fnmatch.fnmatch(rel, g) for g in opts.exclude):
                    continue
                yield str(f), rel.rsplit(".", 1)[0] if "." in f.name else rel
        elif path.exists():
            yield p, path.stem
        else:
            handler(InputError(p, E.E_MISSING))


def _format_of(path: str, opts: ReadOptions) -> str:
    if opts.input_format != "auto":
        return opts.input_format
    suffix = Path(path).suffix.lower()
    return suffix[1:] if suffix in TABLE_SUFFIXES else "text"


def _read_one(path: str, doc_id: str, opts: ReadOptions, handler: ErrorHandler) -> Iterator[Document]:
    data = sys.stdin.buffer.read() if path == "-" else _read_bytes(path)
    text, encoding = decode(data, path, opts.encoding)
    fmt = _format_of(path, opts)
    if fmt == "text":
        if not text.strip():
            raise InputError(path, E.E_EMPTY)
        yield Document(doc_id, text, path, encoding, {})
    elif fmt == "jsonl":
        yield from _jsonl_rows(text, path, encoding, doc_id, opts, handler)
    elif fmt in ("csv", "tsv"):
        yield from _csv_rows(text, path, encoding, doc_id, opts, handler, "\t" if fmt == "tsv" else ",")
    else:
        raise InputError(path, f"unknown input format {fmt!r}; use auto, text, jsonl, csv or tsv")


def _read_bytes(path: str) -> bytes:
    try:
        return Path(path).read_bytes()
    except PermissionError:
        raise InputError(path, "permission denied; check the file's permissions") from None
    except OSError as e:
        raise InputError(path, f"cannot be read ({e.strerror}); check the path") from None


def decode(data: bytes, source: str = "-", encoding: str | None = None) -> tuple[str, str]:
    """Decode bytes to text; return ``(text, encoding_name)``.

    ``encoding`` forces a codec.  Otherwise: BOMs, then strict UTF-8, then
    charset-normalizer restricted to Chinese encodings and UTF-16.
    Raises :class:`InputError` for empty, binary or undecodable input.
    """
    if encoding:
        try:
            return data.decode(encoding), codecs.lookup(encoding).name
        except UnicodeDecodeError as e:
            raise InputError(source, E.E_FORCED_ENCODING.format(encoding=encoding, reason=e.reason)) from None
    if not data:
        raise InputError(source, E.E_EMPTY)
    if data.startswith(codecs.BOM_UTF8):
        return _strict(data, "utf-8-sig", source), "utf-8-sig"
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return _strict(data, "utf-16", source), "utf-16"
    for magic, what in _MAGIC.items():
        if data.startswith(magic):
            raise InputError(source, E.E_BINARY.format(what=what))
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    head = data[:4096]
    if b"\x00" in head and not _looks_utf16(head):
        raise InputError(source, E.E_BINARY.format(what="contains NUL bytes"))
    from charset_normalizer import from_bytes

    best = from_bytes(data, cp_isolation=list(CANDIDATE_ENCODINGS)).best()
    if best is None:
        raise InputError(source, E.E_UNDECODABLE)
    name = codecs.lookup(best.encoding).name
    return _strict(data, name, source), name


def _looks_utf16(head: bytes) -> bool:
    # UTF-16 text without a BOM has NULs in every other byte for ASCII.
    even, odd = head[0::2].count(0), head[1::2].count(0)
    return max(even, odd) > len(head) // 8 and min(even, odd) < len(head) // 64 + 1


def _strict(data: bytes, encoding: str, source: str) -> str:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError:
        raise InputError(source, E.E_UNDECODABLE) from None


def _row_document(row: dict, where: str, path: str, encoding: str, doc_id: str, n: int, opts: ReadOptions) -> Document:
    if opts.text_field not in row:
        raise InputError(path, E.E_NO_TEXT_FIELD.format(where=where, field=opts.text_field, fields=", ".join(map(str, row)) or "none"))
    text = row[opts.text_field]
    if not isinstance(text, str):
        raise InputError(path, E.E_TEXT_NOT_STRING.format(where=where, field=opts.text_field, found=type(text).__name__))
    rid = row.get(opts.id_field)
    ident = str(rid) if rid not in (None, "") else f"{doc_id}:{n}"
    meta = {k: v for k, v in row.items() if k not in (opts.text_field,)}
    kind = row.get(opts.kind_field)
    if kind in (None, ""):
        kind = opts.row_kind
    elif kind not in KINDS:
        raise InputError(path, f"{where}: field {opts.kind_field!r} is {kind!r}; expected one of {', '.join(KINDS)}")
    return Document(ident, text, f"{path}:{n}", encoding, meta, kind)


def _jsonl_rows(text: str, path: str, encoding: str, doc_id: str, opts: ReadOptions, handler: ErrorHandler) -> Iterator[Document]:
    for n, line in enumerate(io.StringIO(text), start=1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
        except json.JSONDecodeError as e:
            handler(InputError(path, E.E_JSON_LINE.format(line=n, reason=e.msg)))
            continue
        if not isinstance(row, dict):
            handler(InputError(path, E.E_JSON_NOT_OBJECT.format(line=n, found=type(row).__name__)))
            continue
        try:
            yield _row_document(row, f"line {n}", path, encoding, doc_id, n, opts)
        except InputError as err:
            handler(err)


def _csv_rows(text: str, path: str, encoding: str, doc_id: str, opts: ReadOptions, handler: ErrorHandler, delimiter: str) -> Iterator[Document]:
    reader = csv.DictReader(io.StringIO(text, newline=""), delimiter=delimiter)
    if not reader.fieldnames:
        raise InputError(path, E.E_EMPTY)
    try:
        for row in reader:
            n = reader.line_num
            if None in row:
                handler(InputError(path, E.E_CSV.format(line=n, reason=f"{len(row[None])} more fields than the header; quote fields that contain {delimiter!r}")))
                continue
            try:
                yield _row_document(row, f"row {n}", path, encoding, doc_id, n, opts)
            except InputError as err:
                handler(err)
    except csv.Error as e:
        raise InputError(path, E.E_CSV.format(line=reader.line_num, reason=str(e))) from None
