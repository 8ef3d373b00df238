"""Gold annotations: the JSONL record format, agreement and re-alignment.

A gold record is one labelled unit, anchored by ``doc`` and ``start``/``end``
(code points into the original document) with its ``text`` as a check.
``passes`` keeps the raw label sets of each annotator when several labelled
the unit.  One JSON object per line::

    {"id": "d#1", "doc": "d", "start": 0, "end": 5, "text": "财不外露。", "kind": "comment",
     "themes": ["privacy"], "sentiment": "negative", "annotator": "gold",
     "passes": {"a": {"themes": ["privacy"], "sentiment": "negative"}, "b": {...}}}

>>> from argmine.annotations import GoldRecord
>>> r = GoldRecord(id="d#1", doc="d", start=0, end=5, text="财不外露。", themes=("privacy",), sentiment="negative")
>>> r.to_dict()["themes"]
['privacy']
"""

from __future__ import annotations

import bisect
import collections
import difflib
import itertools
import json
import math
import os
import re
import unicodedata
from dataclasses import dataclass, field, replace
from functools import cache
from pathlib import Path
from typing import IO, Any, Callable, Collection, Iterable, Sequence

from ._files import write_text
from ._json import json_lines, json_reason, loads
from .errors import (
    E_GOLD_FIELD,
    E_GOLD_MISSING,
    E_GOLD_OFFSETS,
    E_GOLD_ONE_OFFSET,
    E_JSON_LINE,
    E_JSON_NOT_OBJECT,
    E_NOT_GOLD,
    E_NOT_GOLD_CONVERT,
    E_NOT_GOLD_OTHER,
    E_NOT_GOLD_ROWS,
    E_NOT_UTF8,
    E_OUTPUT_CLOSED,
    E_WRITE_OUTPUT,
    H_REALIGN_ROWS_RENUMBERED,
    W_BIG5_READ_BEFORE,
    W_REALIGN_INVISIBLE,
    W_REALIGN_KIND_CHANGED,
    W_REALIGN_OTHER_SCRIPT,
    AnnotationError,
    ArgmineError,
    InputError,
    InputWarning,
    SchemaError,
    byte_offsets_hint,
    cannot_read,
    inflect,
    plural,
    warn_caller,
    write_failure,
    write_reason,
)
from .normalize import INVISIBLE, visible
from .read import _json_type, broken_link, shown_path
from .schema import Schema, means_other
from .types import Unit

#: Fields every gold record has, in the order they are written.
FIELDS = ("id", "doc", "start", "end", "text", "kind", "themes", "sentiment", "annotator", "passes")
_REQUIRED = ("id", "doc", "start", "end", "text", "themes", "sentiment")


@dataclass(frozen=True)
class GoldRecord:
    """One labelled unit.

    ``themes`` is empty for ``other``; ``meta`` holds any further fields of
    the record (they are written back unchanged).

    >>> GoldRecord(id="d#2", doc="d", start=5, end=7, text="好。", themes=(), sentiment="positive").key
    ('d', 5, 7)
    """

    id: str
    doc: str
    start: int
    end: int
    text: str
    kind: str = ""
    themes: tuple[str, ...] = ()
    sentiment: str = "neutral"
    annotator: str = ""
    passes: dict[str, dict[str, Any]] = field(default_factory=dict)
    meta: dict[str, Any] = field(default_factory=dict)

    @property
    def key(self) -> tuple[str, int, int]:
        """``(doc, start, end)``: what anchors the label to the text."""
        return (self.doc, self.start, self.end)

    @classmethod
    def from_unit(cls, unit: Unit, themes: Iterable[str], sentiment: str, **kw: Any) -> "GoldRecord":
        """A record for ``unit`` carrying the given labels."""
        return cls(
            id=unit.id, doc=unit.doc, start=unit.start, end=unit.end, text=unit.text,
            kind=unit.kind, themes=tuple(themes), sentiment=sentiment, **kw,
        )

    def to_dict(self) -> dict[str, Any]:
        """The record as written to JSONL (field order fixed, ``meta`` fields last)."""
        row: dict[str, Any] = {
            "id": self.id, "doc": self.doc, "start": self.start, "end": self.end,
            "text": self.text, "kind": self.kind, "themes": list(self.themes),
            "sentiment": self.sentiment, "annotator": self.annotator,
            "passes": {k: {"themes": list(v["themes"]), "sentiment": v["sentiment"]} for k, v in self.passes.items()},
        }
        for k, v in self.meta.items():
            if k not in row:
                row[k] = v
        return row


def _check_labels(themes: Any, sentiment: Any, where: str, schema: Schema | None) -> tuple[tuple[str, ...], str]:
    if not isinstance(themes, list) or not all(isinstance(t, str) for t in themes):
        raise AnnotationError(where, E_GOLD_FIELD.format(where="record", field="themes", found=_kind(themes), expected="a list of theme ids"))
    if not isinstance(sentiment, str):
        raise AnnotationError(where, E_GOLD_FIELD.format(where="record", field="sentiment", found=_kind(sentiment), expected="a string"))
    if schema is not None:
        try:
            return schema.validate_themes(themes), schema.validate_sentiment(sentiment)
        except SchemaError as e:
            from .errors import bad_label

            raise AnnotationError(where, bad_label(schema, e), kind=e.kind) from None
    return tuple(t for t in dict.fromkeys(themes) if not means_other(t)), sentiment


def _kind(value: Any) -> str:
    return f"{type(value).__name__} {value!r}"[:80]


#: The type of each field of a gold record (``null`` is also allowed for the optional ``kind`` and ``annotator``).
_FIELD_TYPES = (("id", str, "a string"), ("doc", str, "a string"), ("text", str, "a string"), ("start", int, "an integer"),
                ("end", int, "an integer"), ("kind", str, "a string"), ("annotator", str, "a string"))


def check_gold_fields(obj: Any, where: str, *, text_field: str = "text") -> None:
    """Check the gold fields ``obj`` has: their types, that ``start``/``end`` span its text, and ``passes``.

    The one check of a gold record's anchor and bookkeeping fields, so that a
    record one command refuses every command refuses: :func:`load_gold` (and
    so ``agreement``, ``realign`` and ``export --only-unlabeled``) runs it on
    every record, and :func:`argmine.train.load_examples` (``train``,
    ``evaluate``) on every JSONL record with offsets.  Fields ``obj`` lacks
    are not checked (:func:`record_from_dict` requires them); ``text_field``
    names the text the offsets span.  Raises :class:`AnnotationError` naming
    ``where`` and what to fix.

    >>> check_gold_fields({"doc": "d", "start": 3, "end": 1, "text": "好。"}, "g.jsonl:4")
    Traceback (most recent call last):
    ...
    argmine.errors.AnnotationError: g.jsonl:4: offsets 3..1 do not span the 2 characters of text '好。'; fix start/end or text
    """
    for name, typ, expected in _FIELD_TYPES:
        key = text_field if name == "text" else name
        if key not in obj or (obj[key] is None and name in ("kind", "annotator")):
            continue
        value = obj[key]
        if not isinstance(value, typ) or isinstance(value, bool):
            raise AnnotationError(where, E_GOLD_FIELD.format(where="record", field=key, found=_kind(value), expected=expected))
    if "start" in obj or "end" in obj:
        if not ("start" in obj and "end" in obj):  # the offsets are wrong, not the fields --text-field and its kin name
            has, lacks = ("start", "end") if "start" in obj else ("end", "start")
            raise AnnotationError(where, E_GOLD_ONE_OFFSET.format(has=has, lacks=lacks))
        start, end, text = obj["start"], obj["end"], obj.get(text_field)
        if not (0 <= start <= end) or (isinstance(text, str) and end - start != len(text)):
            n = len(text) if isinstance(text, str) else 0
            raise AnnotationError(where, E_GOLD_OFFSETS.format(start=start, end=end, n=n, text=(text or "")[:30])
                                  + byte_offsets_hint(start, end, text))
    passes = obj.get("passes")
    if passes is None:
        return
    if not isinstance(passes, dict):
        raise AnnotationError(where, E_GOLD_FIELD.format(where="record", field="passes", found=_kind(passes), expected="an object {annotator: {themes, sentiment}}"))
    for name, p in passes.items():
        if not isinstance(p, dict) or "themes" not in p or "sentiment" not in p:
            raise AnnotationError(where, E_GOLD_FIELD.format(where="record", field=f"passes.{name}", found=_kind(p), expected="an object with themes and sentiment"))
        _check_labels(p["themes"], p["sentiment"], f"{where} (pass {name})", None)


def record_from_dict(obj: dict[str, Any], where: str, schema: Schema | None = None) -> GoldRecord:
    """Validate one parsed JSON object and build a :class:`GoldRecord`.

    Raises :class:`AnnotationError` naming ``where`` (``file:line``) and what
    to fix: a required field missing, what :func:`check_gold_fields` finds,
    or, with ``schema``, a ``themes``/``sentiment`` label it lacks.  The labels
    under ``passes`` are not checked against ``schema``: they record what each
    labeler gave (perhaps under an older schema) and only ``train``/``evaluate``
    use them, for a record marked ``"conflict": true``, and check them there
    (:func:`argmine.train.example_from_dict`).

    >>> from argmine.schema import load_schema
    >>> obj = {"id": "d#1", "doc": "d", "start": 0, "end": 2, "text": "好。", "themes": [], "sentiment": "positive",
    ...        "passes": {"a": {"themes": ["brand_fit"], "sentiment": "positive"}}}
    >>> record_from_dict(obj, "g.jsonl:1", load_schema()).passes["a"]["themes"]
    ('brand_fit',)
    """
    missing = [f for f in _REQUIRED if f not in obj]
    if missing:
        raise AnnotationError(where, E_GOLD_MISSING.format(where="record", fields=", ".join(missing)), kind="field")
    check_gold_fields(obj, where)
    themes, sentiment = _check_labels(obj["themes"], obj["sentiment"], where, schema)
    passes = {}
    for name, p in (obj.get("passes") or {}).items():
        pt, ps = _check_labels(p["themes"], p["sentiment"], f"{where} (pass {name})", None)
        passes[str(name)] = {"themes": pt, "sentiment": ps}
    return GoldRecord(
        id=obj["id"], doc=obj["doc"], start=obj["start"], end=obj["end"], text=obj["text"],
        kind=obj.get("kind") or "", themes=themes, sentiment=sentiment, annotator=obj.get("annotator") or "",
        passes=passes,
        meta={k: v for k, v in obj.items() if k not in FIELDS},
    )


def load_gold(path: str | os.PathLike, schema: Schema | None = None, *, on_error: Callable[[ArgmineError], None] | None = None,
              left_out: list[tuple[str, int, int] | None] | None = None) -> list[GoldRecord]:
    """Read gold JSONL; a bad line raises :class:`AnnotationError` naming ``file:line``.

    With ``schema``, every record's ``themes`` and ``sentiment`` are validated
    against it (not the labels under ``passes``: :func:`record_from_dict`).  With ``on_error``
    a bad line (not JSON, not an object, a record :func:`record_from_dict`
    refuses) is passed there instead and left out, and the other records are
    read; the first three lines with the same problem are passed one by one,
    the rest in one :class:`~argmine.errors.InputError` that counts them
    (``count``).  ``left_out`` (a list) gets the ``(doc, start, end)`` of each
    line left out, ``None`` where those fields cannot be read (``agreement``
    tells a unit a pass left out from one it never labelled).  A file that
    cannot be used at all (missing, a link to nothing: a broken one or a loop of
    links, worded as :func:`argmine.read.broken_link` words it; not to be read: permission
    denied; not UTF-8, a labelling tool's export: :func:`not_gold_error`) always raises.

    >>> import tempfile, os
    >>> p = os.path.join(tempfile.mkdtemp(), "g.jsonl")
    >>> write_gold(p, [GoldRecord(id="d#1", doc="d", start=0, end=2, text="好。", sentiment="positive")])
    >>> [r.id for r in load_gold(p)]
    ['d#1']
    >>> _ = open(p, "a", encoding="utf-8").write('{"id": "d#2"}\\n')
    >>> bad = []
    >>> [r.id for r in load_gold(p, on_error=bad.append)], [e.message for e in bad]
    (['d#1'], ['missing field(s) doc, start, end, text, themes, sentiment; each gold record needs id, doc, start, end, text, themes, sentiment'])
    """
    from ._files import unusable_path
    from .read import MissingFieldReporter

    p = Path(path)
    unusable = unusable_path(p, "check the path")  # open() would raise a bare OSError (a name over 255 bytes)
    if unusable is not None:
        raise AnnotationError(*unusable)
    try:
        lines = json_lines(read_utf8(p, "gold JSONL must be UTF-8", at_byte=True))  # not at U+2028 inside a string
    except FileNotFoundError:  # a link to nothing is named as one, as every command names it
        raise AnnotationError(shown_path(str(p)), broken_link(str(p)) or "no such gold file; check the path") from None
    except IsADirectoryError:
        raise not_gold_error(p) or AnnotationError(shown_path(str(p)), "a folder, not a gold JSONL file") from None
    except AnnotationError as e:  # not UTF-8
        raise not_gold_error(p) or e from None
    except OSError as e:  # a loop of links (a link to nothing, as above); there, but not to be read: page.txt/x, permission denied
        raise AnnotationError(shown_path(str(p)), broken_link(str(p)) or cannot_read(e)) from None
    records: list[GoldRecord] = []
    counted = MissingFieldReporter(on_error, shown_path(str(p))) if on_error is not None else None
    failed = 0
    for n, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            records.append(_record_of_line(line, n, p, schema))
        except AnnotationError as err:
            if not records and not failed:  # a tool's export fails on its first line: say what the file is, not what the line is
                whole = not_gold_error(p)
                if whole is not None:
                    raise whole from None
            failed += 1
            if counted is None:
                raise
            if left_out is not None:
                left_out.append(_anchor_of_line(line))
            if isinstance(err, _NotAnObjectLine):
                report_bad_json_line(counted, err)
            else:
                report_same_problem(counted, err, err.message)
    if counted is not None:
        counted.close()
    return records


def _anchor_of_line(line: str) -> tuple[str, int, int] | None:
    """The ``(doc, start, end)`` of a gold line that could not be read, where those fields can be; else ``None``.

    >>> _anchor_of_line('{"doc": "d", "start": 0, "end": 2, "themes": ["nope"]}'), _anchor_of_line('{"doc": "d"')
    (('d', 0, 2), None)
    """
    try:
        obj = loads(line)
    except json.JSONDecodeError:
        return None
    if not isinstance(obj, dict):
        return None
    doc, start, end = obj.get("doc"), obj.get("start"), obj.get("end")
    if isinstance(doc, str) and all(isinstance(x, int) and not isinstance(x, bool) for x in (start, end)):
        return (doc, start, end)
    return None


class _NotAnObjectLine(AnnotationError):
    """A line of a gold file that is not a JSON object: reported with the other bad JSON lines, whatever its reason."""


def _record_of_line(line: str, n: int, path: Path, schema: Schema | None) -> GoldRecord:
    """The gold record on line ``n`` of ``path``; :class:`_NotAnObjectLine` when the line is not a JSON object."""
    try:
        obj = loads(line)
    except json.JSONDecodeError as e:
        raise _NotAnObjectLine(shown_path(str(path)), E_JSON_LINE.format(line=n, reason=json_reason(e)), kind="json") from None
    if not isinstance(obj, dict):
        raise _NotAnObjectLine(shown_path(str(path)), E_JSON_NOT_OBJECT.format(line=n, found=_json_type(obj)), kind="json")
    return record_from_dict(obj, f"{shown_path(str(path))}:{n}", schema)


def report_bad_json_line(counted: Any, err: ArgmineError) -> None:
    """Report, through the :class:`~argmine.read.MissingFieldReporter` ``counted``, a line of a labelled JSONL file that
    is not a JSON object: the first few one by one, then one line that counts the rest.

    >>> from argmine.errors import InputError
    >>> from argmine.read import MissingFieldReporter
    >>> seen = []
    >>> counted = MissingFieldReporter(seen.append, "g.jsonl", limit=1)
    >>> for n in (1, 2):
    ...     report_bad_json_line(counted, InputError("g.jsonl", f"line {n}: not valid JSON"))
    >>> counted.close()
    >>> [e.message for e in seen]
    ['line 1: not valid JSON', '... and 1 more bad JSON line; labelled JSONL holds one JSON object per line']
    """
    from .errors import E_MORE_BAD_JSON_LINES, inflect

    counted.repeated(("json", "line"), err, lambda n, _: E_MORE_BAD_JSON_LINES.format(n=n, lines=inflect(n, "line")))


def report_same_problem(counted: Any, err: ArgmineError, reason: str) -> None:
    """Report, through the :class:`~argmine.read.MissingFieldReporter` ``counted``, a record that fails for ``reason``:
    the first few with that reason one by one, then one line that counts the rest.

    >>> from argmine.errors import InputError
    >>> from argmine.read import MissingFieldReporter
    >>> seen = []
    >>> counted = MissingFieldReporter(seen.append, "g.jsonl", limit=1)
    >>> for n in (1, 2, 3):
    ...     report_same_problem(counted, InputError("g.jsonl", f"line {n}: unknown theme 'x'"), "unknown theme 'x'")
    >>> counted.close()
    >>> [e.message for e in seen]
    ["line 1: unknown theme 'x'", "... and 2 more records with the same problem: unknown theme 'x'"]
    """
    from .errors import E_MORE_SAME_PROBLEM

    counted.repeated(("same problem", reason), err, lambda n, records: E_MORE_SAME_PROBLEM.format(n=n, records=records, reason=reason))


def read_utf8(path: str | os.PathLike, fix: str, *, encoding: str = "utf-8-sig", newline: str | None = None, at_byte: bool = False) -> str:
    """The text of a gold file or a labelling tool's file; not UTF-8 is an :class:`AnnotationError` ending in ``fix``.

    ``encoding="utf-8-sig"`` drops a byte order mark; ``newline=""`` keeps line
    ends as they are; ``at_byte`` names the first byte that is not UTF-8.
    Other ``OSError`` s (a missing file, a folder) are left to the caller to word.

    >>> import tempfile, os
    >>> p = os.path.join(tempfile.mkdtemp(), "g.jsonl")
    >>> _ = open(p, "wb").write("好".encode("gbk"))
    >>> read_utf8(p, "save it as UTF-8", at_byte=True)
    Traceback (most recent call last):
    ...
    argmine.errors.AnnotationError: ...g.jsonl: not UTF-8 (invalid start byte at byte 0); save it as UTF-8
    """
    try:
        with open(path, encoding=encoding, newline=newline) as f:
            return f.read()
    except UnicodeDecodeError as e:
        reason = f"{e.reason} at byte {e.start}" if at_byte else e.reason
        raise AnnotationError(shown_path(str(path)), E_NOT_UTF8.format(reason=reason, fix=fix)) from None


def not_gold_error(path: str | os.PathLike) -> AnnotationError | None:
    """The one error for a labelling tool's export or sheet given where gold JSONL is expected; ``None`` if it is not one.

    It names the file, what it looks like and the ``argmine import`` command
    that converts it (a Label Studio or doccano export, the CSV sheet, a brat
    folder).  :func:`load_gold` raises it when the first record of a file
    fails; other readers of gold files can call it the same way.

    >>> import tempfile, os
    >>> p = os.path.join(tempfile.mkdtemp(), "sheet.csv")
    >>> _ = open(p, "w", encoding="utf-8-sig").write("id,doc,start,end,kind,text,themes,sentiment\\n")
    >>> print(not_gold_error(p).message)  # doctest: +ELLIPSIS
    looks like a CSV sheet (columns id, doc, start, end, kind, …), not gold JSONL (...); convert it first: argmine import ... --format csv -o GOLD.jsonl, and pass GOLD.jsonl
    """
    from .importers import LABELLED_ROWS, export_layout

    found, fmt = export_layout(path)
    if not found:
        return None
    if fmt in ("label-studio-min", "label-studio-csv"):  # no format reads these: Label Studio's JSON export is what import takes
        fix = (f"export it again from Label Studio with export type JSON (not {'CSV' if fmt == 'label-studio-csv' else 'JSON_MIN'}), then "
               + E_NOT_GOLD_CONVERT.format(path=path, fmt="label-studio").replace("convert it first:", "convert it:"))
    elif fmt == "doccano-csv":  # nor this: doccano's JSONL export is what import takes
        fix = "export it again from doccano as JSONL (not CSV), then " + E_NOT_GOLD_CONVERT.format(path=path, fmt="doccano").replace(
            "convert it first:", "convert it:")
    elif fmt:
        fix = E_NOT_GOLD_CONVERT.format(path=path, fmt=fmt)
    elif found.startswith(LABELLED_ROWS):  # argmine's own labelled rows in one array: no import, one record per line
        fix = E_NOT_GOLD_ROWS
    else:
        fix = E_NOT_GOLD_OTHER
    return AnnotationError(shown_path(str(path)), E_NOT_GOLD.format(found=found, fix=fix))


def write_gold(path: str | os.PathLike | IO[str], records: Iterable[GoldRecord]) -> None:
    """Write records as UTF-8 JSONL to ``path``, or into an open text stream (``-`` writes to stdout).

    The file is written next to ``path`` under a temporary name and then
    renamed over it, so an existing gold file is never left half-written.
    The new file keeps the old one's permissions; a symbolic link is followed
    (its target is replaced), but the file is a new one, so other hard links
    to the old file keep the old content.  A path that cannot be written, or
    a standard output that is closed or full, raises
    :class:`~argmine.errors.InputError`; a reader that has gone (``| head``,
    through ``-`` or ``/dev/stdout``) raises :class:`BrokenPipeError` as it
    is, for the caller to stop quietly.  Into a stream (the CLI's standard
    output, an ``io.StringIO``) the text is written whole, the stream's own
    write errors left to it.

    >>> import io
    >>> out = io.StringIO()
    >>> write_gold(out, [GoldRecord(id="d#1", doc="d", start=0, end=2, text="好。", sentiment="positive")])
    >>> out.getvalue()[:34]
    '{"id": "d#1", "doc": "d", "start":'
    """
    text = "".join(json.dumps(r.to_dict(), ensure_ascii=False) + "\n" for r in records)
    if hasattr(path, "write"):
        path.write(text)
        return
    import sys

    stdout = str(path) == "-"
    if stdout and sys.stdout is None:  # started with standard output closed (>&-)
        raise InputError("standard output", E_OUTPUT_CLOSED)
    try:
        if stdout:
            sys.stdout.write(text)
            sys.stdout.flush()  # a full disk fails here, not as Python exits
        else:
            write_text(path, text, newline="\n")
    except BrokenPipeError:  # the reader of /dev/stdout has gone: not a write error (the CLI stops quietly, as with -o -)
        raise
    except OSError as e:
        name = "standard output" if stdout else shown_path(str(path))
        raise InputError(name, write_failure(e, "output", E_WRITE_OUTPUT.format(reason=write_reason(e)))) from None


# --- agreement ---------------------------------------------------------------


def _kappa(a: Sequence[Any], b: Sequence[Any]) -> float | None:
    """Cohen's kappa, or ``None`` where it is undefined (both raters constant and equal)."""
    from sklearn.metrics import cohen_kappa_score

    if not a:
        return None
    if len(set(a) | set(b)) < 2:
        return None
    value = float(cohen_kappa_score(a, b))
    return None if math.isnan(value) else value


def agreement(a_records: Sequence[GoldRecord], b_records: Sequence[GoldRecord], schema: Schema, *,
              names: tuple[str, str] = ("first pass", "second pass"),
              left_out: tuple[Sequence[tuple[str, int, int] | None], Sequence[tuple[str, int, int] | None]] = ((), ())) -> dict[str, Any]:
    """Cohen's kappa between two annotation passes, per theme and for sentiment.

    Records are matched by ``(doc, start, end)``; records of one pass with no
    partner are listed under ``unmatched_a`` / ``unmatched_b`` (by id; their
    ``[doc, start, end]`` under ``unmatched_spans``: ``{"a": [...], "b": [...]}``,
    in the same order, since two passes cut at different granularities number
    different units ``doc#n`` alike).  Unmatched records of one pass that lie
    inside an unmatched record of the other (a clause inside a sentence: the
    passes were cut at different granularities) are listed under ``nested``
    (``{"a": [A's ids inside B's], "b": [B's ids inside A's]}``).
    ``left_out`` holds, per pass, the anchors of its records that could not be
    read (:func:`load_gold`'s ``left_out``; ``None`` where unknown): they are
    counted under ``left_out`` (``{"a": n, "b": n}``), and a unit whose record
    the other pass left out is not listed as only in this one.  Matched
    records whose texts differ (passes labelled on different versions of a
    document) are listed under ``text_differs`` (A's ids); unmatched records
    of A whose document and text an unmatched record of B has at other offsets
    (the same, moved: the other version of the document) under ``moved`` (A's ids).  Each
    theme is scored as binary presence.  A kappa is ``None`` where it is
    undefined (every unit has the same label in both passes); ``mean_theme_kappa``
    averages the others, the themes listed in ``mean_over``.  A pass that
    labels one unit twice is an :class:`AnnotationError` naming it (``names``).

    >>> from argmine.schema import load_schema
    >>> a = [GoldRecord(id=f"d#{i}", doc="d", start=i, end=i + 1, text="x", themes=t, sentiment=s)
    ...      for i, (t, s) in enumerate([(("privacy",), "negative"), ((), "neutral"), (("privacy",), "neutral")])]
    >>> round(agreement(a, a, load_schema())["sentiment"]["kappa"], 3)
    1.0
    """
    for name, records in zip(names, (a_records, b_records)):
        seen: dict[Any, str] = {}
        for r in records:
            if r.key in seen:
                raise AnnotationError(name, f"labels unit {r.doc} {r.start}..{r.end} twice ({seen[r.key]} and {r.id}); "
                                            "keep one record per unit (adjudicate, or drop the copy)")
            seen[r.key] = r.id
    b_by_key = {r.key: r for r in b_records}
    a_keys = {r.key for r in a_records}
    pairs = [(r, b_by_key[r.key]) for r in a_records if r.key in b_by_key]
    left_a, left_b = set(left_out[0]), set(left_out[1])
    only_a = [r for r in a_records if r.key not in b_by_key and r.key not in left_b]
    only_b = [r for r in b_records if r.key not in a_keys and r.key not in left_a]
    b_texts = {(r.doc, r.text) for r in only_b}
    out: dict[str, Any] = {
        "n": len(pairs),
        "unmatched_a": [r.id for r in only_a],
        "unmatched_b": [r.id for r in only_b],
        "unmatched_spans": {"a": [list(r.key) for r in only_a], "b": [list(r.key) for r in only_b]},
        "nested": {"a": _nested_in(only_a, only_b), "b": _nested_in(only_b, only_a)},
        "left_out": {"a": len(left_out[0]), "b": len(left_out[1])},
        "text_differs": [ra.id for ra, rb in pairs if ra.text != rb.text],
        "moved": [r.id for r in only_a if (r.doc, r.text) in b_texts],
        "themes": {},
    }
    kappas = []
    mean_over = []
    for tid in schema.theme_ids:
        xa = [int(tid in ra.themes) for ra, _ in pairs]
        xb = [int(tid in rb.themes) for _, rb in pairs]
        k = _kappa(xa, xb)
        if k is not None:
            kappas.append(k)
            mean_over.append(tid)
        out["themes"][tid] = {
            "kappa": k,
            "agreement": (sum(x == y for x, y in zip(xa, xb)) / len(pairs)) if pairs else None,
            "a_count": sum(xa),
            "b_count": sum(xb),
        }
    out["mean_theme_kappa"] = sum(kappas) / len(kappas) if kappas else None
    out["mean_over"] = mean_over
    sa = [ra.sentiment for ra, _ in pairs]
    sb = [rb.sentiment for _, rb in pairs]
    out["sentiment"] = {
        "kappa": _kappa(sa, sb),
        "agreement": (sum(x == y for x, y in zip(sa, sb)) / len(pairs)) if pairs else None,
        "a_counts": {s: sa.count(s) for s in schema.sentiments},
        "b_counts": {s: sb.count(s) for s in schema.sentiments},
    }
    exact = sum(ra.themes == rb.themes and ra.sentiment == rb.sentiment for ra, rb in pairs)
    out["exact_agreement"] = exact / len(pairs) if pairs else None
    return out


def _nested_in(inner: Sequence[GoldRecord], outer: Sequence[GoldRecord]) -> list[str]:
    """The ids of the records of ``inner`` that lie inside a record of ``outer`` (same document, not the same span) that
    holds their text there: ``outer.text[inner.start - outer.start:inner.end - outer.start]`` is ``inner.text``, as
    read or as argmine's normalised view reads both (:func:`_as_view_reads`: the other script).  A record inside the
    span of one with other text there was labelled on another version of the document, not cut at another granularity.

    >>> big = GoldRecord(id="d#1", doc="d", start=0, end=10, text="x" * 10, sentiment="neutral")
    >>> small = [replace(big, id="d#1", end=4, text="x" * 4), replace(big, id="d#2", start=4, end=12, text="x" * 8)]
    >>> _nested_in(small, [big]), _nested_in([big], small), _nested_in([replace(small[0], text="y" * 4)], [big])
    (['d#1'], [], [])
    """
    by_doc: dict[str, list[GoldRecord]] = {}
    for r in outer:
        by_doc.setdefault(r.doc, []).append(r)
    # per document: the outer records by start, their starts, and the furthest end so far
    reach: dict[str, tuple[list[GoldRecord], list[int], list[int]]] = {}
    for doc, records in by_doc.items():
        records.sort(key=lambda r: (r.start, r.end))
        reach[doc] = (records, [r.start for r in records], list(itertools.accumulate((r.end for r in records), max)))
    out = []
    for r in inner:
        records, starts, ends = reach.get(r.doc, ([], [], []))
        i = bisect.bisect_right(starts, r.start)  # the outer records starting at or before it
        while i and ends[i - 1] >= r.end:  # one of those still reaches its end
            i -= 1
            o = records[i]
            if o.end >= r.end and _holds(o.text[r.start - o.start:r.end - o.start], r.text):
                out.append(r.id)
                break
    return out


def _holds(piece: str, text: str) -> bool:
    """Whether ``piece`` (of a record's text, at another record's offsets) is ``text``, as read or as the normalised view
    reads both (Traditional for Simplified, one character for one).

    >>> _holds("支付寶", "支付宝"), _holds("新句子", "好的。")
    (True, False)
    """
    return piece == text or _as_view_reads(piece) == _as_view_reads(text)


def format_agreement(result: dict[str, Any]) -> str:
    """A plain-text table of :func:`agreement`'s result (what ``argmine agreement`` prints)."""

    def f(x: float | None) -> str:
        return "n/a" if x is None else f"{x:.3f}"

    from .tables import label_width

    w = label_width(result["themes"])
    lines = [f"{'label':<{w}} {'kappa':>7} {'agree':>7} {'A':>5} {'B':>5}"]
    for tid, row in result["themes"].items():
        lines.append(f"{tid:<{w}} {f(row['kappa']):>7} {f(row['agreement']):>7} {row['a_count']:>5} {row['b_count']:>5}")
    over = f" (over {', '.join(result['mean_over'])})" if result.get("mean_over") else ""
    lines.append(f"{'mean theme':<{w}} {f(result['mean_theme_kappa']):>7}{over}")
    s = result["sentiment"]
    lines.append(f"{'sentiment':<{w}} {f(s['kappa']):>7} {f(s['agreement']):>7}")
    lines.append(f"matched units: {result['n']}; exact agreement: {f(result['exact_agreement'])}")
    if result["unmatched_a"] or result["unmatched_b"]:
        spans = result.get("unmatched_spans") or {}
        shown = {k: [f"{uid} {d} {s}..{e}" for uid, (d, s, e) in zip(result[f"unmatched_{k}"], spans[k])] if k in spans
                 else result[f"unmatched_{k}"] for k in ("a", "b")}  # a result made before the spans were listed: ids
        lines.append(f"unmatched: {_only_in('A', shown['a'])}, {_only_in('B', shown['b'])}")
    left = result.get("left_out") or {}
    if any(left.values()):
        lines.append("left out: " + ", ".join(f"{plural(left[k], 'record')} of {k.upper()} could not be read" for k in ("a", "b") if left.get(k)))
    return "\n".join(lines)


def _only_in(name: str, ids: Sequence[str], shown: int = 5) -> str:
    """``3 only in A (d#1 d 0..5, d#2 d 5..9, d#3 d 9..12)``; no parentheses when there is none, ``...`` when some are not shown."""
    if not ids:
        return f"0 only in {name}"
    more = ", ..." if len(ids) > shown else ""
    return f"{len(ids)} only in {name} ({', '.join(ids[:shown])}{more})"


# --- re-alignment ------------------------------------------------------------


def big5_as_now(text: str) -> str:
    """``text`` with the Big5 punctuation argmine read otherwise before (``∼ • ／ ¥`` …) as it reads it now (``～ ‧ ∕ ￥`` …).

    Labels made before carry the old character where the source now has
    the new one, at the same offsets (one character for one,
    :data:`argmine.decode.BIG5_READ_BEFORE`): a label whose text is not the
    source's, but whose ``big5_as_now`` text is, was made on the same bytes
    when the source was read as Big5 (:func:`argmine.decode.read_as_big5`; any other source
    holds other bytes there).  ``import --source`` and :func:`realign` match
    it there and take the source's text.

    >>> big5_as_now("功能∼真的很誇張•"), big5_as_now("好～")
    ('功能～真的很誇張‧', '好～')
    """
    return text.translate(_big5_table())


def big5_read_before(texts: Sequence[str], noun: str = "record", of: str = "") -> str:
    """The warning that labels with ``texts`` (counted as ``noun``, then ``of``) were matched across the Big5 punctuation change.

    >>> print(big5_read_before(["好∼"], of=" of d").split(";")[0])
    1 record of d was labelled when argmine read the Big5 source's punctuation otherwise (∼ now ～: the same bytes, now read as browsers read them)
    """
    from .decode import BIG5_READ_BEFORE

    pairs = ", ".join(f"{old} now {new}" for old, new in BIG5_READ_BEFORE.items() if any(old in t for t in texts))
    return W_BIG5_READ_BEFORE.format(what=plural(len(texts), noun) + of, were=inflect(len(texts), "was", "were"), pairs=pairs)


@cache
def _big5_table() -> dict[int, str]:
    from .decode import BIG5_READ_BEFORE  # imported when first needed: reading gold needs none of decode.py

    return str.maketrans(BIG5_READ_BEFORE)


def unmatched_records(gold: Sequence[GoldRecord], units: Sequence[Unit]) -> list[GoldRecord]:
    """The records of ``gold`` whose document is among ``units`` but whose offsets match none of its units.

    The source or its segmentation changed since they were labelled (run
    :func:`realign`); records of documents not among ``units`` are not
    counted (the units may be a part of the corpus).

    >>> from argmine.types import Unit
    >>> u = Unit.from_source("新的一句。财不外露。", doc="d", n=2, start=5, end=10, kind="body")
    >>> old = GoldRecord(id="d#1", doc="d", start=0, end=5, text="财不外露。", sentiment="negative")
    >>> [r.id for r in unmatched_records([old, replace(old, doc="e")], [u])]
    ['d#1']
    """
    docs = {u.doc for u in units}
    keys = {(u.doc, u.start, u.end) for u in units}
    return [r for r in gold if r.doc in docs and r.key not in keys]


@dataclass(frozen=True)
class Unaligned:
    """A gold record that no longer matches any unit, and why."""

    record: GoldRecord
    reason: str

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.record.id, "doc": self.record.doc, "start": self.record.start,
                "end": self.record.end, "text": self.record.text, "reason": self.reason}


def realign(gold: Sequence[GoldRecord], units: Sequence[Unit],
            big5_docs: Collection[str] = (), *, granularity: str | None = None) -> tuple[list[GoldRecord], list[Unaligned]]:
    """Re-anchor gold labels to the current units; report every record that no longer aligns.

    A record aligns with a unit of the same document that has the same text.
    Where that text occurs once, in a unit of the record's kind (or at its
    old offsets), the match is certain, whatever the order (paragraphs may be
    reordered), and its move (the new start minus the old) is the shift of
    that part of the document.  A unit of another kind is taken only where
    the document's layout changed: two or more of its records of that kind
    now have their text only in units of other kinds, and more than still in
    one of that kind (a lost 评论 heading made every comment body); one warning per
    document counts the records moved into another kind.  An isolated match of
    another kind (a reply quoting an edited sentence's old wording) is not
    taken, and the reason names it.  Where the
    text occurs several times, each record takes the occurrence nearest its old
    offset plus the shift of the nearest certain match, so that an edit above
    it (a line prepended) moves every occurrence alike, preferring one between
    the new offsets of the certain matches around it; records of one kind with
    no certain match between them keep their order on the occurrences they
    take, and two records take the same unit only when they had the same offsets.  Records that moved keep
    the old anchor in ``meta["realigned_from"]``; aligned records take the
    unit's current id and kind, and lose the ``reason`` an unaligned file gave
    them.  A record whose text the unit has only in the other script
    (Traditional for Simplified, one character for one) aligns too and takes
    the unit's text; one warning counts them.  So does one whose text the unit
    has only with other invisible characters (:data:`~argmine.normalize.INVISIBLE`:
    a zero-width space stripped from the corpus or added by a re-scrape), the
    same text in the normalised view, which leaves them out
    (:func:`~argmine.normalize.visible`); one warning counts those, naming the
    characters.  Texts that read the same without invisible characters are
    copies of one sentence, however often each occurs (one copy of a repeated
    sentence re-scraped with a U+FEFF, another with a U+200C; an anti-copy
    script puts its characters in another copy on each page load): their
    records are matched on what a reader sees, with every record and every
    unit that read the same, as repeats are: each takes the copy at its place,
    and an exact match never pulls a record across it.  Where the units show a
    record's text fewer times than its records have it (in units of a kind they
    may take), they are matched on the text as the view reads it, also in the
    other script.  Every other record comes back in the second
    list with the reason; none is dropped.  A record of a table row numbered ``<file>:<row>`` (no id column) whose row
    is gone, or no longer holds its text, where another row of that file does, is told the rows were renumbered
    (:func:`_renumbered_rows`); it is not moved there.  A record of a document in
    ``big5_docs`` (:func:`argmine.decode.read_as_big5`) labelled before argmine read Big5
    punctuation as browsers do (``∼`` where the unit now has ``～``,
    :func:`big5_as_now`) aligns too and takes the unit's text; one warning
    counts them.  A record labelled at the other granularity than ``units`` were cut at (``granularity``; ``None``:
    not known) is told so: it covers several units (labelled at sentence level), or is part of one where a clause
    ends (at clause level): :func:`cut_level`.  Its warnings are :class:`~argmine.errors.InputWarning` s (what the
    source's reading did to the records), to filter as reading's are.

    >>> from argmine.types import Unit
    >>> u = Unit.from_source("前言。财不外露。", doc="d", n=2, start=3, end=8, kind="comment")
    >>> old = GoldRecord(id="d#1", doc="d", start=0, end=5, text="财不外露。", themes=("privacy",), sentiment="negative")
    >>> aligned, lost = realign([old], [u])
    >>> (aligned[0].id, aligned[0].start, lost)
    ('d#2', 3, [])
    """
    by_doc: dict[str, list[Unit]] = {}
    for u in units:
        by_doc.setdefault(u.doc, []).append(u)
    gold_by_doc: dict[str, list[GoldRecord]] = {}
    for r in gold:
        gold_by_doc.setdefault(r.doc, []).append(r)
    outcome: dict[int, GoldRecord | Unaligned] = {}
    for doc, records in gold_by_doc.items():
        doc_units = by_doc.get(doc)
        if doc_units is None:
            for r in records:
                outcome[id(r)] = Unaligned(r, f"document {doc!r} is not among the inputs")
            continue
        outcome.update(_realign_doc(records, doc_units, big5=doc in big5_docs, granularity=granularity))
    _renumbered_rows(gold, by_doc, outcome)
    aligned: list[GoldRecord] = []
    unaligned: list[Unaligned] = []
    for r in gold:
        result = outcome[id(r)]
        (unaligned if isinstance(result, Unaligned) else aligned).append(result)
    # an aligned record's text is its unit's, and differs from the record's only across the Big5 punctuation change,
    # in script (Traditional for Simplified) or in invisible characters (the same text in the view that leaves them out)
    changed = [(r, result.text) for r in gold if isinstance(result := outcome[id(r)], GoldRecord) and result.text != r.text]
    reread = [r for r, text in changed if r.doc in big5_docs and big5_as_now(r.text) == text]
    if reread:
        warn_caller(big5_read_before([r.text for r in reread], "gold record", f" of {_docs_named(reread)}"), InputWarning)
    changed = [(r, text) for r, text in changed if not (r.doc in big5_docs and big5_as_now(r.text) == text)]
    unseen = [(r, text) for r, text in changed if _invisible_marks(r.text) != _invisible_marks(text)]
    if unseen:
        n = len(unseen)
        chars = {c for r, text in unseen for _, c, _ in _invisible_marks(r.text) ^ _invisible_marks(text)}
        warn_caller(W_REALIGN_INVISIBLE.format(what=plural(n, "gold record"), docs=_docs_named([r for r, _ in unseen]),
                                               its=inflect(n, "its", "their"), names=invisible_names(chars),
                                               they=inflect(n, "it", "they"), carry=inflect(n, "carries", "carry")), InputWarning)
    # in script: the views (without invisible characters) differ, one character for one
    script = [(r, text) for r, text in changed if visible(r.text)[0] != visible(text)[0]]
    if script:
        pairs = dict.fromkeys(f"{b} for {a}" for r, text in script for a, b in zip(visible(r.text)[0], visible(text)[0]) if a != b)
        n = len(script)
        warn_caller(W_REALIGN_OTHER_SCRIPT.format(what=plural(n, "gold record"), docs=_docs_named([r for r, _ in script]),
                                                  its=inflect(n, "its", "their"), example=", ".join(list(pairs)[:3]),
                                                  they=inflect(n, "it", "they"), carry=inflect(n, "carries", "carry")), InputWarning)
    # a record moved into a unit of another kind (a layout change: see _realign_doc) is counted, per document; one that
    # stayed at its offsets takes its unit's kind as it always did
    kinds: dict[str, collections.Counter[tuple[str, str]]] = {}
    for r in gold:
        if (isinstance(result := outcome[id(r)], GoldRecord) and r.kind and result.kind and result.kind != r.kind
                and (result.start, result.end) != (r.start, r.end)):
            kinds.setdefault(r.doc, collections.Counter())[(r.kind, result.kind)] += 1
    for doc, changes in kinds.items():
        n = sum(changes.values())
        warn_caller(W_REALIGN_KIND_CHANGED.format(
            what=plural(n, "gold record"), doc=doc, are=inflect(n, "is", "are"), them=inflect(n, "it", "them"),
            changes=", ".join(f"{count} {old} -> {new}" for (old, new), count in changes.most_common())), InputWarning)
    return aligned, unaligned


#: A table row's document id where the table has no id column (:mod:`argmine.read`): ``<file id>:<row>``, rows counted
#: from 1, then ``~2``, ``~3`` … where ids collide.
_ROW_DOC = re.compile(r"(.+):([1-9][0-9]*)(~[0-9]+)?")


def _renumbered_rows(gold: Sequence[GoldRecord], by_doc: dict[str, list[Unit]], outcome: dict[int, GoldRecord | Unaligned]) -> None:
    """Tell each record of ``gold`` that did not align (in ``outcome``, by ``id(record)``, where its reason is replaced)
    from a table row numbered ``<file>:<row>`` whose row is gone, or no longer holds its text, where a unit of another
    row of that file (``by_doc``: the units by document) that no record took holds it (as the normalised view reads
    both): a row added or deleted above it renumbered the rows (:data:`~argmine.errors.H_REALIGN_ROWS_RENUMBERED`).

    The row named is the nearest to the record's own.  The label is not moved there: whether it belongs to that row
    (a comment posted twice, or a short one many people wrote) is for a person to decide.
    """
    taken = {result.id for result in outcome.values() if isinstance(result, GoldRecord)}
    files: dict[tuple[str, str], dict[tuple[str, int], list[Unit]]] = {}  # per file, its rows' units by text as the view reads it
    shown: dict[str, dict[str, str]] = {}  # per document, as its units show it (_gone)
    for r in gold:
        row = _ROW_DOC.fullmatch(r.doc)
        if row is None or not isinstance(outcome[id(r)], Unaligned):
            continue
        doc_units = by_doc.get(r.doc)
        if doc_units is not None and not _gone(r.text, doc_units, shown.setdefault(r.doc, {})):
            continue  # its text is still in its row: the reason given stands
        file = (row[1], row[3] or "")
        if file not in files:
            index = files[file] = {}
            for doc, units in by_doc.items():
                other = _ROW_DOC.fullmatch(doc)
                if other is not None and (other[1], other[3] or "") == file:
                    for u in units:
                        index.setdefault(_as_view_reads(u.text), []).append(u)
        keys = {_as_view_reads(r.text), _as_view_reads(big5_as_now(r.text))}
        found = [u for key in keys for u in files[file].get(key, ()) if u.doc != r.doc and u.id not in taken]
        if not found:
            continue
        n, rows = int(row[2]), {u.doc: int(_ROW_DOC.fullmatch(u.doc)[2]) for u in found}
        u = min(found, key=lambda u: (abs(rows[u.doc] - n), rows[u.doc], u.start))  # the nearest row, the first of two
        why = (f"document {r.doc!r} is not among the inputs, and its text is in" if doc_units is None
               else f"its text is no longer in {r.doc} but in")
        outcome[id(r)] = Unaligned(r, H_REALIGN_ROWS_RENUMBERED.format(why=why, doc=u.doc, unit=u.id, start=u.start, end=u.end,
                                                                       file=row[1]))


def _docs_named(records: Sequence[GoldRecord]) -> str:
    """The documents of ``records``: three named, the rest counted."""
    docs = list(dict.fromkeys(r.doc for r in records))
    more = f" and {plural(len(docs) - 3, 'more document')}" if len(docs) > 3 else ""
    return ", ".join(docs[:3]) + more


def _realign_doc(records: list[GoldRecord], doc_units: list[Unit], big5: bool = False,
                 granularity: str | None = None) -> dict[int, GoldRecord | Unaligned]:
    """Align the records of one document (``big5``: read as Big5; ``granularity``: the units'; see :func:`realign`); keyed by ``id(record)``."""
    from scipy.optimize import linear_sum_assignment

    units_by_text: dict[str, list[Unit]] = {}
    for u in doc_units:
        units_by_text.setdefault(u.text, []).append(u)
    # A record's text as the units read it: labelled before argmine read Big5 punctuation as browsers do, it has ∼ for ～.
    read = {id(r): big5_as_now(r.text) if big5 and r.text not in units_by_text and big5_as_now(r.text) in units_by_text
            else r.text for r in records}
    spans_read: dict[str, dict[tuple[int, int], str]] = {}
    for r in records:
        spans_read.setdefault(read[id(r)], {}).setdefault((r.start, r.end), r.kind)
    # Records whose text the units hold at least as often as the records have distinct spans, in units of a kind they
    # may take, are matched on that text, as long as no other text reads the same without invisible characters.  Texts
    # that do (a zero-width space stripped or added; an anti-copy script puts its characters in another copy of a
    # repeated sentence on each page load), and texts the units hold too few times, are matched on what a reader sees
    # (visible), with every record and every unit that read the same, as the repeats of one text are: the k-th record
    # takes the k-th copy, whatever invisible characters either carries, and an exact match never pulls a record across
    # the copy at its place.  Where the units show the text too few times even so, the records were labelled on the page
    # in the other script (Simplified for Traditional): they are matched on the text as argmine's normalised view reads
    # it, also under its script folding, one character for one.
    key_of: dict[str, str | tuple[str, int]] = {t: t for t in spans_read}
    units_by_key: dict[str | tuple[str, int], list[Unit]] = dict(units_by_text)

    def short(spans: dict[tuple[int, int], str], units: Iterable[Unit]) -> bool:
        return len(spans) > sum(any(_same_kind(kind, span, u) for span, kind in spans.items()) for u in units)

    shown_as = {t: visible(t)[0] for t in {*units_by_text, *spans_read}}
    copies: dict[str, list[str]] = {}
    for t, shown in shown_as.items():
        copies.setdefault(shown, []).append(t)
    shown_by_units: dict[str, list[Unit]] = {}
    for u in doc_units:
        shown_by_units.setdefault(shown_as[u.text], []).append(u)
    grouped: set[tuple[str, int]] = set()
    for shown, same in copies.items():
        if len(same) == 1 and not (same[0] in spans_read and short(spans_read[same[0]], units_by_text.get(same[0], ()))):
            continue
        spans = {span: kind for t in same for span, kind in spans_read.get(t, {}).items()}
        if short(spans, shown_by_units.get(shown, ())):
            grouped.add(_as_view_reads(same[0]))
        elif spans:  # under one of the texts, which no other group reads
            key = min(same)
            key_of.update((t, key) for t in same if t in spans_read)
            units_by_key[key] = shown_by_units[shown]
    if grouped:
        view = {t: _as_view_reads(t) for t in {*units_by_text, *spans_read}}
        key_of.update((t, view[t]) for t in spans_read if view[t] in grouped)
        for u in doc_units:
            if view[u.text] in grouped:
                units_by_key.setdefault(view[u.text], []).append(u)
    texts = {id(r): key_of[read[id(r)]] for r in records}
    # Distinct old spans per text (or view): records with the same offsets were one unit and stay one.
    spans_by_text: dict[str | tuple[str, int], list[tuple[int, int]]] = {}
    kind_of: dict[tuple[str | tuple[str, int], int, int], str] = {}
    for r in records:
        spans = spans_by_text.setdefault(texts[id(r)], [])
        if (r.start, r.end) not in spans:
            spans.append((r.start, r.end))
            kind_of[(texts[id(r)], r.start, r.end)] = r.kind
    # A record's text found only in units of another kind is taken there where the document's layout changed: two or
    # more of its records of that kind did so, and more than found a unit of their kind (a lost 评论 heading made every comment body).
    # An isolated one (a reply quoting an edited sentence's old wording, a second copy of the article) is not taken.
    kept: collections.Counter[str] = collections.Counter()
    elsewhere: collections.Counter[str] = collections.Counter()
    new_kinds: dict[str, set[str]] = {}
    for (text, _, _), kind in kind_of.items():
        found = units_by_key.get(text, [])
        if not kind or not found:
            continue
        if any(not u.kind or u.kind == kind for u in found):
            kept[kind] += 1
        else:
            elsewhere[kind] += 1
            new_kinds.setdefault(kind, set()).update(u.kind for u in found)
    # two at least: one record alone is no evidence of a layout change (a lone labelled sentence, edited, whose old
    # wording a new reply quotes would move into that reply)
    follows = {kind: new for kind, new in new_kinds.items() if elsewhere[kind] >= 2 and elsewhere[kind] > kept[kind]}

    def fits(key: tuple[str | tuple[str, int], int, int], unit: Unit) -> bool:
        kind = kind_of[key]
        return _same_kind(kind, key[1:], unit) or unit.kind in follows.get(kind, ())

    # Certain matches (text once among the old spans and once among the units, of a kind the record may take) give
    # the local shift, in whatever order they now are (paragraphs may be reordered).
    placed = sorted(((spans[0], text, units_by_key[text][0]) for text, spans in spans_by_text.items()
                     if len(spans) == 1 and len(units_by_key.get(text, ())) == 1
                     and fits((text, *spans[0]), units_by_key[text][0])), key=lambda p: (p[0], str(p[1])))
    anchors = [(span[0], u.start - span[0]) for span, _, u in placed]

    def shift(start: int) -> int:
        i = bisect.bisect_right(anchors, (start, math.inf))
        near = anchors[max(i - 1, 0):i + 1]
        return min(near, key=lambda a: (abs(a[0] - start), a[0] > start))[1] if near else 0

    def in_order(start: int, unit: Unit) -> bool:
        """Whether ``unit`` lies between the new offsets of the certain matches nearest before and after old ``start``."""
        i = bisect.bisect_left(placed, ((start, -1),))
        j = bisect.bisect_right(placed, ((start, math.inf),))
        return (not i or placed[i - 1][2].start <= unit.start) and (j == len(placed) or unit.start <= placed[j][2].start)

    target: dict[tuple[str | tuple[str, int], int, int], Unit] = {}
    for text, spans in spans_by_text.items():
        candidates = units_by_key.get(text, [])
        if not candidates:
            continue
        # Squared distance to the expected place: the nearest occurrence, and never two records crossed.  An occurrence
        # outside the certain matches around the record costs more than all the others together, so one between them is
        # preferred (where none is, the nearest is taken); a unit of another kind, more again, and it is not taken.
        cost = [[(u.start - (s + shift(s))) ** 2 if fits((text, s, e), u) else -1 for u in candidates] for s, e in spans]
        out_of_order = 1 + len(spans) * max((c for row in cost for c in row), default=0)
        cost = [[c + out_of_order if c >= 0 and not in_order(s, u) else c for c, u in zip(row, candidates)]
                for row, (s, _) in zip(cost, spans)]
        other_kind = 1 + len(spans) * max((c for row in cost for c in row), default=0)
        chosen = [(i, j) for i, j in zip(*linear_sum_assignment([[c if c >= 0 else other_kind for c in row] for row in cost]))
                  if cost[i][j] >= 0]
        # The cost picks which copies are taken, not who takes which: records of one kind with no certain match between
        # their old offsets keep their order on the copies they took.  Their expected places need not be in order (one
        # next to a deleted line takes that line's shift, one before it the shift above), and the squared cost would
        # then rotate the labels of identical sentences.
        runs: dict[tuple[int, str], list[tuple[int, int]]] = {}
        for i, j in chosen:
            runs.setdefault((bisect.bisect_right(anchors, (spans[i][0], math.inf)), kind_of[(text, *spans[i])]), []).append((i, j))
        for run in runs.values():
            rows = sorted((i for i, _ in run), key=lambda i: spans[i])
            cols = sorted((j for _, j in run), key=lambda j: (candidates[j].start, candidates[j].end))
            if all(fits((text, *spans[i]), candidates[j]) for i, j in zip(rows, cols)):
                run[:] = list(zip(rows, cols))
            for i, j in run:
                target[(text, *spans[i])] = candidates[j]
    holder = {target[k].id: r.id for r in reversed(records) if (k := (texts[id(r)], r.start, r.end)) in target}
    by_key = {(u.start, u.end): u for u in doc_units}
    # where the records start and end (moved like their neighbours), with their texts: made for the first lost one
    cuts: tuple[dict[int, str], dict[int, str]] | None = None
    shown: dict[str, str] = {}  # the document as its units show it (_gone): made for the first lost one
    folded: dict[str, str] = {}  # its units' texts in one script (_most_like): made for the first lost one
    taken: dict[str, str] = {}
    out: dict[int, GoldRecord | Unaligned] = {}
    for r in records:
        unit = target.get((texts[id(r)], r.start, r.end))
        if unit is None:
            claimed = units_by_key.get(texts[id(r)], [])
            free = [u for u in claimed if u.id not in holder]
            d = shift(r.start)
            if free:
                out[id(r)] = Unaligned(r, _out_of_place(r, d, free, doc_units, by_key, folded))
            elif claimed:
                holders = ", ".join(f"{u.id} by {holder[u.id]}" for u in claimed[:4])
                out[id(r)] = Unaligned(r, f"its text now occurs only {len(claimed)} time(s) in the document, each taken by a "
                                          f"gold record with that text nearer to it ({holders}); the source changed")
            else:
                cuts = cuts or ({x.start + shift(x.start): x.text for x in records}, {x.end + shift(x.start): x.text for x in records})
                out[id(r)] = Unaligned(r, _why_unaligned(r, d, doc_units, by_key.get((r.start + d, r.end + d)), cuts, granularity,
                                                          gone=_gone(read[id(r)], doc_units, shown), between=_between(placed, r),
                                                          folded=folded))
            continue
        if unit.id in taken:
            out[id(r)] = Unaligned(r, f"unit {unit.id} is already labelled by gold record {taken[unit.id]} (same offsets {r.start}..{r.end})")
            continue
        taken[unit.id] = r.id
        meta = {k: v for k, v in r.meta.items() if k != "reason"}  # realign's own field, from a .unaligned.jsonl fed back
        if (unit.start, unit.end) != (r.start, r.end) or unit.id != r.id:
            meta["realigned_from"] = {"id": r.id, "start": r.start, "end": r.end}
        out[id(r)] = replace(r, id=unit.id, start=unit.start, end=unit.end, text=unit.text, kind=unit.kind or r.kind, meta=meta)
    return out


def _same_kind(kind: str, span: tuple[int, int], unit: Unit) -> bool:
    """Whether a record of ``kind`` at ``span`` may move to ``unit``: of its kind (a kind that either lacks matches any), or not moved."""
    return not kind or not unit.kind or kind == unit.kind or span == (unit.start, unit.end)


def _as_view_reads(text: str) -> tuple[str, int]:
    """``text`` as argmine's normalised view reads it, to match on: without invisible characters, in Simplified
    (:func:`_script_folded`), with the number of characters it shows (texts that match differ one character for one).

    >>> _as_view_reads("支付\u200b寶") == _as_view_reads("支付宝") == ("支付宝", 3)
    True
    """
    shown = visible(text)[0]
    return _script_folded(shown), len(shown)


def _script_folded(text: str) -> str:
    """``text`` in Simplified, as argmine's normalised view reads it (OpenCC t2s and the mainland spellings)."""
    from .normalize import _t2s, mainland_forms

    return mainland_forms(_t2s().convert(text))


def _invisible_marks(text: str) -> set[tuple[int, str, int]]:
    """Where ``text`` holds invisible characters (:data:`~argmine.normalize.INVISIBLE`): each as (how many
    characters that are not invisible stand before it, which one it is, its count among those at that place).

    Two texts with the same marks differ in their visible characters only (one character for one, as scripts
    differ); other marks, in where or which invisible characters they hold.

    >>> sorted(_invisible_marks("支付\u200b宝\u200b\u200b")) == [(2, "\u200b", 0), (3, "\u200b", 0), (3, "\u200b", 1)]
    True
    >>> _invisible_marks("支付宝") == _invisible_marks("支付寶")
    True
    """
    marks: set[tuple[int, str, int]] = set()
    seen = 0
    run: collections.Counter[str] = collections.Counter()
    for c in text:
        if c in INVISIBLE:
            marks.add((seen, c, run[c]))
            run[c] += 1
        else:
            seen += 1
            run.clear()
    return marks


def invisible_names(chars: Collection[str]) -> str:
    """Invisible characters by code point and Unicode name, in code point order: what messages name them by.

    >>> invisible_names({"\u00ad", "\u200b"})
    'U+00AD SOFT HYPHEN, U+200B ZERO WIDTH SPACE'
    """
    return ", ".join(f"U+{ord(c):04X} {unicodedata.name(c, '')}".rstrip() for c in sorted(set(chars)))


def _out_of_place(r: GoldRecord, shift: int, free: list[Unit], doc_units: list[Unit],
                  by_key: dict[tuple[int, int], Unit], folded: dict[str, str] | None = None) -> str:
    """Why ``r`` was not moved to ``free``, the units with its text that no record took (of another kind); ``folded``
    as :func:`_why_unaligned` takes it."""
    places = [f"{u.id} {u.start}..{u.end} (a {u.kind} unit, not {r.kind})" for u in free[:4]]
    where = (f"its text now occurs only at {', '.join(places)}{', ...' if len(free) > 4 else ''}, so it was not moved there "
             "(move it by hand if it belongs there)")
    start, end = r.start + shift, r.end + shift
    if any(u.start < end and start < u.end for u in free):  # at its place, of another kind
        return where
    exact = by_key.get((start, end))
    # the unit most like it is not the copy elsewhere (the units are read only where none is at its span; a unit equal
    # to one of ``free`` has its offsets)
    spans = {(u.start, u.end) for u in free}
    rest = doc_units if exact is not None else [u for u in doc_units if (u.start, u.end) not in spans or u not in free]
    return f"{_why_unaligned(r, shift, rest, exact, gone=False, folded=folded)}; {where}"  # its text is in ``free``


#: The end of a reason a record gives for not aligning where the units are cut at another level than the records were
#: (:func:`units_tile`, :func:`clause_cut`): a record covering several units, or part of one where a clause ends.
H_REALIGN_LEVEL = "; labelled at {level} level? pass --granularity {level}"


def _why_unaligned(r: GoldRecord, shift: int, doc_units: list[Unit], exact: Unit | None,
                   cuts: tuple[Collection[int], Collection[int]] = ((), ()), granularity: str | None = None, *,
                   gone: bool | None = None, between: tuple[int, int | None] = (0, None),
                   folded: dict[str, str] | None = None) -> str:
    """Why ``r`` found no unit, judged at its old span moved by ``shift`` (the move of its neighbours).

    ``cuts``: where the document's other records start, and where they end (moved like ``r``), as :func:`clause_cut` takes
    them; ``granularity``: the level ``doc_units`` were cut at, where known (a record that looks cut at that level is not
    told to pass it: the segmenter changed); ``gone``: whether ``r``'s text no longer occurs in the document as its units
    show it (:func:`_gone`; ``None``: looked up in ``doc_units``); ``between``: where its text would now be if it is still
    there, from the new end of the certain match before it to the new start of the one after (``None``: none after;
    :func:`_between`); ``folded``: texts in one script, as :func:`_most_like` keeps them.

    A text that is gone was deleted or edited: the segmenter and cleaning are blamed only where the text is still there
    (the units at its place read it; no unit covers it, and the document has room for it there, its offsets kept as
    cleaning keeps them).  A shift that would take the span before the document's start is left out.
    """
    start, end = r.start + shift, r.end + shift
    if shift and start < 0:  # its neighbours moved more than it can have: a deletion before it, not its move
        shift, start, end = 0, r.start, r.end
        exact = next((u for u in doc_units if (u.start, u.end) == (start, end)), None)
    if gone is None:
        gone = _gone(r.text, doc_units, {})
    moved = f" (its old span {r.start}..{r.end} shifted by {shift:+d} like its neighbours)" if shift else ""

    folded = {} if folded is None else folded

    def like(u: Unit) -> bool:  # as _most_like reads it: in one script
        return difflib.SequenceMatcher(None, _folded(u.text, folded), _folded(r.text, folded)).ratio() >= 0.6

    if exact is not None and (not gone or like(exact)):  # edited in place
        return f"unit {exact.id} at {start}..{end}{moved} {_now_reads(exact.text, r.text)}; the source changed"
    overlapping = [u for u in doc_units if u.start < end and start < u.end]
    inside = len(overlapping) == 1 and overlapping[0].start <= start and overlapping[0].end >= end
    similar: Unit | None = None
    if gone and not (inside and like(overlapping[0])):  # (a unit holding its span, like it: edited in place, said below)
        # the unit most like a text that is gone (an edited sentence is the common case), or none: deleted
        similar = _most_like(r.text, doc_units, first=overlapping, at_least=0.6, folded=folded)[0]
        if similar is None:
            return _gone_reason(r, start, end, moved, doc_units, overlapping, between)
        if exact is not None or inside:  # the unit at its place is not like it, one elsewhere is: edited and moved
            return _gone_reason(r, start, end, moved, doc_units, overlapping, between, similar)
    if not overlapping:
        if gone:
            return _gone_reason(r, start, end, moved, doc_units, overlapping, between, similar)
        holder = next((u for u in doc_units if r.text in u.text), None)  # still there: in a unit elsewhere
        return (f"no unit covers {start}..{end}{moved} any more; its text now occurs "
                + (f"in unit {holder.id} {holder.start}..{holder.end}" if holder else f"elsewhere in {r.doc}"))
    spans = ", ".join(f"{u.id} {u.start}..{u.end}" for u in overlapping[:4]) + (", …" if len(overlapping) > 4 else "")
    level = cut_level(r.text, start, end, overlapping, cuts)
    level = "" if level == granularity else level
    if (len(overlapping) > 1 and overlapping[0].start >= start and overlapping[-1].end <= end
            and _units_read(r.text, start, overlapping)):  # split only where the units read its text
        return f"the segmenter now splits it into {spans}{moved}" + (H_REALIGN_LEVEL.format(level=level) if level else "")
    if inside:
        u = overlapping[0]
        if level:
            return f"its span {start}..{end}{moved} is part of unit {u.id} {u.start}..{u.end}, cut where a clause ends{H_REALIGN_LEVEL.format(level=level)}"
        if u.text[start - u.start:end - u.start] == r.text:
            # where another record ended (or started), the segmenter once cut: merged, when the unit's rest is that
            # neighbour's text (else text was added there)
            before, after = u.text[:start - u.start], u.text[end - u.start:]
            if ((_sentence_cut(u, start) or _neighbour_reads(cuts[1], start, before, at_end=True))
                    and (_sentence_cut(u, end) or _neighbour_reads(cuts[0], end, after, at_end=False))):
                return f"the segmenter now merges it into {spans}{moved}"
            edited = _end_edited(cuts[1], start, before)
            if edited:  # the record before it reads there but for its last character: 。 edited into ，
                return (f"the source changed: the {edited[0]!r} that ended the record before it is now {edited[1]!r}, "
                        f"so the segmenter merges it into {spans}{moved}")
            # its old ends are not where a sentence can end: text was added next to it
            return f"unit {u.id} {u.start}..{u.end}{moved} {_now_reads(u.text, r.text)}; the source changed (text was added next to it)"
        if r.text in u.text:
            return f"the segmenter now merges it into {spans}{moved}, which reads {u.text[:30]!r}"
        return f"unit {u.id} {u.start}..{u.end}{moved} {_now_reads(u.text, r.text)}; the source changed"
    if _units_read(r.text, start, overlapping):  # the text is as it was: only the cuts moved
        return (f"the segmenter now cuts it elsewhere: its span {start}..{end}{moved} overlaps {spans}"
                + (H_REALIGN_LEVEL.format(level=level) if level else ""))
    if similar is None:
        similar, _ = _most_like(r.text, doc_units, first=overlapping, at_least=0.6, folded=folded)
    if similar is not None:  # edited in place, the shift of its neighbours misled
        return (f"its span {start}..{end}{moved} now overlaps {spans} with different boundaries; the unit most like it, "
                f"{similar.id} {similar.start}..{similar.end}, {_now_reads(similar.text, r.text)}: the source changed")
    return f"its span {start}..{end}{moved} now overlaps {spans} with different boundaries"


def _gone_reason(r: GoldRecord, start: int, end: int, moved: str, doc_units: Sequence[Unit], overlapping: Sequence[Unit],
                 between: tuple[int, int | None], similar: Unit | None = None) -> str:
    """Why ``r`` found no unit where its text occurs in none (:func:`_gone`), judged at ``start..end`` (its old span
    moved as ``moved`` says) ``between`` the certain matches around it (:func:`_why_unaligned`).

    Deleted or edited (naming ``similar``, the unit most like it, if any); dropped by cleaning where no unit covers its
    span, which lies between those matches with a unit after it: cleaning keeps offsets, so the document still has text
    there that no unit covers.  Past the last unit, where the document's end is not known, either.
    """
    if not overlapping and between[0] <= start and (between[1] is None or end <= between[1]):
        if any(u.start >= end for u in doc_units):
            return f"no unit covers {start}..{end}{moved} any more (the span was dropped by cleaning?)"
        if similar is None:
            return (f"no unit covers {start}..{end}{moved} any more and its text occurs in no unit of {r.doc} "
                    "(deleted, or dropped by cleaning?)")
    like = (f"; the unit most like it, {similar.id} {similar.start}..{similar.end}, {_now_reads(similar.text, r.text)}"
            if similar is not None else "")
    return f"its text no longer occurs in {r.doc} (deleted or edited?){like}"


def _gone(text: str, doc_units: Sequence[Unit], shown: dict[str, str]) -> bool:
    """Whether ``text`` (a record's) occurs nowhere in the document as ``doc_units`` show it, white space left out:
    neither as it reads, nor without invisible characters, nor as argmine's normalised view reads it
    (:func:`_as_view_reads`), also with Big5 punctuation as argmine reads it now (:func:`big5_as_now`).

    The units' texts are read together, so a text across two units (a sentence the segmenter now splits) occurs.
    ``shown``: the document's texts, made on the first call (an empty dict) and kept there for the next.

    >>> from argmine.types import Unit
    >>> text = "支付寶做社交。隱私呢？"
    >>> u = [Unit.from_source(text, doc="d", n=n, start=s, end=e, kind="body") for n, s, e in ((1, 0, 7), (2, 7, 11))]
    >>> _gone("做社交。隱私", u, {}), _gone("支付宝\u200b做社交", u, {}), _gone("支付宝做生意", u, {})
    (False, False, True)
    """
    if not shown:
        shown["as read"] = _no_space("".join(u.text for u in doc_units))
    looks = [("as read", lambda t: t), ("visible", lambda t: visible(t)[0]), ("view", _script_folded)]
    texts = {_no_space(text), _no_space(big5_as_now(text))}
    prev = "as read"
    for name, form in looks:
        if name not in shown:
            shown[name] = form(shown[prev])
        texts = {form(t) for t in texts}
        if any(t in shown[name] for t in texts):
            return False
        prev = name
    return True


def _no_space(text: str) -> str:
    """``text`` without white space: what segmenting trims between two units is in a record's text, not in theirs."""
    return "".join(text.split())


def _between(placed: Sequence[tuple[tuple[int, int], Any, Unit]], r: GoldRecord) -> tuple[int, int | None]:
    """Where ``r``'s text would now be if it is still in its document: from the new end of the certain match before its
    old span to the new start of the one after (``placed``: the certain matches, by old span, with their units), ``0``
    and ``None`` where there is none (see :func:`_why_unaligned`)."""
    i = bisect.bisect_left(placed, ((r.start, -1),))
    j = bisect.bisect_left(placed, ((r.end, -1),))
    return (placed[i - 1][2].end if i else 0), (placed[j][2].start if j < len(placed) else None)


def _most_like(text: str, units: Sequence[Unit], first: Iterable[Unit] = (),
               at_least: float = 0.0, folded: dict[str, str] | None = None) -> tuple[Unit | None, float]:
    """The first of ``units`` whose text is most like ``text``, with the ratio of the two
    (``difflib.SequenceMatcher(None, u.text, text).ratio()``, both texts in one script: :func:`_folded`, kept in
    ``folded`` for the next call), as ``max`` by that ratio picks it; ``(None, at_least)`` where no unit's ratio
    reaches ``at_least``.  A sentence edited in a source now in the other script is as like its record as in the same.

    As :func:`difflib.get_close_matches` does, one matcher holds ``text`` (it caches what it knows of it), and a unit
    whose upper bounds cannot reach the best so far is not compared: its length (``real_quick_ratio``), the characters
    of ``text`` it lacks, then the characters the two share as counted (``quick_ratio``).  ``first``, some of ``units``
    likely to be most like it (those at its place), are compared before the others to raise that bar; an equal ratio
    still keeps the earlier unit.
    """
    folded = {} if folded is None else folded
    text = _folded(text, folded)
    matcher = difflib.SequenceMatcher(None)
    matcher.set_seq2(text)

    def ratio(u: Unit) -> float:
        matcher.set_seq1(_folded(u.text, folded))
        return matcher.ratio()

    def beats(value: float) -> bool:
        # an equal ratio takes the place of the bar (at_least, or one of ``first``) only where none was taken yet
        return value >= bar if best is None else value > bar

    bar = max([at_least, *map(ratio, first)])
    best: Unit | None = None
    n, chars = len(text), set(text)
    # the lengths whose real_quick_ratio, 2 * min(len, n) / (len + n), can reach the bar (one more either side: floats)
    shortest = math.floor(bar * n / (2 - bar)) - 1
    longest = math.ceil(n * (2 - bar) / bar) + 1 if bar > 0 else math.inf
    for u in units:
        seen = _folded(u.text, folded)
        m = len(seen)
        # the ratio is 2 * matches / (m + n), as difflib's upper bounds are: at most as many characters match as the
        # shorter text has (real_quick_ratio), as ``text`` has less those the unit lacks (one each at least), as the
        # two share counted (quick_ratio)
        if not shortest <= m <= longest or not beats(_ratio(min(m, n), m + n)):
            continue
        if not beats(_ratio(min(m, n - len(chars.difference(seen))), m + n)):
            continue
        matcher.set_seq1(seen)
        if beats(matcher.quick_ratio()) and beats(r := matcher.ratio()):
            best, bar = u, r
    return best, bar


def _folded(text: str, cache: dict[str, str]) -> str:
    """``text`` in Simplified (:func:`_script_folded`), looked up in ``cache`` and kept there: a document's units are
    folded once for all its records that find no unit.

    >>> cache = {}
    >>> _folded("錢包", cache), cache
    ('钱包', {'錢包': '钱包'})
    """
    out = cache.get(text)
    if out is None:
        out = cache[text] = _script_folded(text)
    return out


def _ratio(matches: int, length: int) -> float:
    """difflib's ratio of ``matches`` in texts of ``length`` together."""
    return 2.0 * matches / length if length else 1.0


#: Text a sentence can end with: final punctuation, closing quotes or brackets, then spaces; invisible characters
#: (a zero-width space) anywhere among them, as the segmenter reads past them.
_SENTENCE_END = re.compile(f"[。．.！!？?…；;][”’\"'」』）)】\\]》〉{INVISIBLE}]*[\\s{INVISIBLE}]*$")


def clause_cut(u: Unit, pos: int, cuts: Collection[int] = ()) -> bool:
    """Whether a clause segmentation could have cut unit ``u`` (a sentence) at ``pos``: its ends, a clause boundary
    (:func:`argmine.segment.split_clauses`), or one of ``cuts`` (where a neighbouring record ends or starts).

    What tells records labelled at clause level read against sentences (``import``, ``realign``).

    >>> from argmine.types import Unit
    >>> u = Unit.from_source("支付宝做社交这件事，我坚决反对到底", doc="d", n=1, start=0, end=17, kind="body")
    >>> clause_cut(u, 10), clause_cut(u, 5), clause_cut(u, 5, {5})
    (True, False, True)
    """
    from .segment import split_clauses

    if pos in (u.start, u.end) or pos in cuts:
        return True
    return any(pos - u.start in (s, e) for s, e in split_clauses(u.text, 0, len(u.text)))


def units_tile(text: str, start: int, end: int, units: Sequence[Unit]) -> bool:
    """Whether ``units`` (in order) are ``text``, found at ``start..end``, with nothing but white space between them:
    what segmenting trims between two units (a cut at a space between CJK characters) is in the text, not in theirs.

    What tells records labelled at sentence level read against clauses (``import``, ``realign``).

    >>> from argmine.types import Unit
    >>> u = [Unit.from_source("做社交 我反对", doc="d", n=n, start=s, end=e, kind="body") for n, s, e in ((1, 0, 3), (2, 4, 7))]
    >>> units_tile("做社交 我反对", 0, 7, u), units_tile("做社交，我反对", 0, 7, u), units_tile("做社交", 0, 3, u[:1])
    (True, False, True)
    """
    if len(text) != end - start or not units or units[0].start != start or units[-1].end != end:
        return False
    pos = start
    for u in units:
        gap = text[pos - start:u.start - start]
        if u.start < pos or (gap and not gap.isspace()) or text[u.start - start:u.end - start] != u.text:
            return False
        pos = u.end
    return True


def cut_level(text: str, start: int, end: int, units: Sequence[Unit],
              cuts: tuple[Collection[int] | dict[int, str], Collection[int] | dict[int, str]] = ((), ())) -> str:
    """The granularity a record (``text`` at ``start..end``) was cut at where ``units``, the units overlapping it (in
    order), are cut at the other: ``"sentence"`` where they tile it (:func:`units_tile`: several units), ``"clause"``
    where it is part of one unit and starts and ends where a clause may (:func:`clause_cut`; ``cuts``: where the
    document's other records start, and where they end); ``""`` where neither (the source changed).

    Where ``cuts`` hold the other records' texts too (``{position: text}``, as :func:`realign` gives them), a cut inside
    the unit where a neighbouring record met this one counts only where the unit still reads that neighbour's text up
    to it (:func:`_neighbour_reads`): where it does not (a sentence's ``。`` edited into ``，``), the source changed there
    and merged two sentences, whatever clause boundary the new text has.

    >>> from argmine.types import Unit
    >>> text = "支付宝做社交这件事，我坚决反对到底"
    >>> u = Unit.from_source(text, doc="d", n=1, start=0, end=17, kind="body")
    >>> cut_level(text[:10], 0, 10, [u]), cut_level(text[:5], 0, 5, [u]), cut_level(text + "。", 0, 18, [u])
    ('clause', '', '')
    >>> [cut_level(text[10:], 10, 17, [u], ({}, {10: before})) for before in ("支付宝做社交这件事，", "支付宝做社交这件事。")]
    ['clause', '']
    """
    if len(units) > 1:
        return "sentence" if units_tile(text, start, end, units) else ""
    if len(units) == 1 and units[0].start <= start and end <= units[0].end and (units[0].start, units[0].end) != (start, end):
        u = units[0]
        if (u.text[start - u.start:end - u.start] == text and _clause_cut_reads(u, start, cuts[1], at_end=True)
                and _clause_cut_reads(u, end, cuts[0], at_end=False)):
            return "clause"
    return ""


def _clause_cut_reads(u: Unit, pos: int, cuts: Collection[int] | dict[int, str], *, at_end: bool) -> bool:
    """:func:`clause_cut` at ``pos`` of unit ``u``, where ``cuts`` are where the neighbouring records ended (``at_end``)
    or started; with their texts (a dict), a neighbour that met the record at ``pos`` inside ``u`` must still read up
    to it there (:func:`_neighbour_reads`), else ``pos`` is no cut: the text between the two changed."""
    if isinstance(cuts, dict) and pos in cuts and u.start < pos < u.end:
        piece = u.text[:pos - u.start] if at_end else u.text[pos - u.start:]
        if not _neighbour_reads(cuts, pos, piece, at_end=at_end):
            return False
    return clause_cut(u, pos, cuts)


def _neighbour_reads(texts: Collection[int] | dict[int, str], pos: int, piece: str, *, at_end: bool) -> bool:
    """Whether a record of ``texts`` (by where it ended, ``at_end``, or started) met the lost record at ``pos``, and
    ``piece`` (the unit's text beside the lost record's) is that neighbour's text there, whole or in part: the segmenter
    merged the two.

    >>> _neighbour_reads({5: "我觉得吧，并且，"}, 5, "并且，", at_end=True), _neighbour_reads({5: "但是广告太多，"}, 5, "，", at_end=False)
    (True, False)
    """
    text = texts.get(pos) if isinstance(texts, dict) else None
    if not text or not piece:
        return False
    if at_end:
        return text.endswith(piece) or piece.endswith(text)
    return text.startswith(piece) or piece.startswith(text)


def _end_edited(texts: Collection[int] | dict[int, str], pos: int, piece: str) -> tuple[str, str] | None:
    """Where the record of ``texts`` that ended at ``pos`` (by where it ended) reads in ``piece`` (the unit's text up to
    ``pos``) all but its last character, which is now another: that character, and the one now there; else ``None``.

    >>> [_end_edited({5: "要做支付。"}, 5, piece) for piece in ("是要做支付，", "是要做支付。", "是要做社交，")]
    [('。', '，'), None, None]
    """
    text = texts.get(pos) if isinstance(texts, dict) else None
    if not text or len(text) < 2 or not piece or text[-1] == piece[-1]:
        return None
    head, rest = text[:-1], piece[:-1]
    return (text[-1], piece[-1]) if not rest or head.endswith(rest) or rest.endswith(head) else None


def _units_read(text: str, start: int, units: Sequence[Unit]) -> bool:
    """Whether ``units`` hold ``text`` at ``start`` character for character (white space between units aside).

    >>> from argmine.types import Unit
    >>> u = [Unit.from_source("我觉得吧，并且，好", doc="d", n=n, start=s, end=e, kind="body") for n, s, e in ((1, 0, 5), (2, 5, 9))]
    >>> _units_read("吧，并且", 3, u), _units_read("吧，而且", 3, u)
    (True, False)
    """
    chars = {u.start + i: c for u in units for i, c in enumerate(u.text)}
    return all(chars.get(start + i, c if c.isspace() else None) == c for i, c in enumerate(text))


def _sentence_cut(u: Unit, pos: int) -> bool:
    """Whether a segmenter could have cut unit ``u`` at ``pos`` (its ends, after a sentence's final punctuation, at a space).

    Invisible characters among the closing marks are read past, as the segmenter reads past them:

    >>> u = Unit.from_source("他说：“好。\u200b”然后走了。", doc="d", n=1, start=0, end=13, kind="body")
    >>> _sentence_cut(u, 8), _sentence_cut(u, 7), _sentence_cut(u, 3)
    (True, True, False)
    """
    i = pos - u.start
    return i in (0, len(u.text)) or bool(_SENTENCE_END.search(u.text[:i])) or u.text[i:i + 1].isspace()


def _now_reads(new: str, old: str, width: int = 30) -> str:
    """``now reads 'X', not 'Y'`` quoting both texts around their first difference.

    >>> _now_reads("为了摆脱" * 10 + "强推来往。", "为了摆脱" * 10 + "强推“来往”。")
    "now reads '…为了摆脱为了摆脱强推来往。', not '…为了摆脱为了摆脱强推“来往”。' (they differ from character 43)"
    """
    i = len(os.path.commonprefix([new, old]))
    at = max(0, i - 10)

    def cut(text: str) -> str:
        return ("…" if at else "") + text[at:at + width] + ("…" if at + width < len(text) else "")

    where = f" (they differ from character {i + 1})" if at else ""
    return f"now reads {cut(new)!r}, not {cut(old)!r}{where}"
