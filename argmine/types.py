"""The data model: documents as read, blocks after cleaning, argument units.

Offsets are the truth.  A unit is ``(doc, start, end)`` into the document's
original text; its ``text`` is ``doc.text[start:end]`` and that is asserted
when the unit is built.  Everything models read (Simplified characters,
repaired scrape artifacts) is a view computed through an offset map, see
:mod:`argmine.normalize`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, Iterable, Mapping

from .errors import E_DOCUMENT_SURROGATE, AlignmentError

#: A UTF-16 surrogate code point: in a Python string always unpaired (half an
#: emoji cut off by a scraper), and no UTF-8 output can hold it.
SURROGATE = re.compile("[\ud800-\udfff]")

#: Block and unit kinds, in the order they are usually found on a page.
KINDS = ("title", "body", "comment")


@dataclass(frozen=True)
class Document:
    """One document as read: original text plus where it came from.

    ``kind`` (``title``/``body``/``comment``), when set, is the kind of every
    block of the document: a row of a comment table is a ``comment`` unless
    its kind column says otherwise.  ``None`` (text files) lets cleaning
    decide per block.  ``meta`` is a dict of the document's metadata
    (``None`` reads as ``{}``, no metadata).  A document can be hashed (a
    set, a dict key): the hash leaves ``meta`` out, equality does not.

    >>> Document(id="d1", text="支付宝做社交。").text
    '支付宝做社交。'
    >>> Document("d2", "财不外露。", meta=None).meta
    {}
    """

    id: str
    text: str
    source: str = "-"
    encoding: str | None = None
    meta: dict[str, Any] = field(default_factory=dict, hash=False)  # a dict has no hash; equal documents still hash equal
    kind: str | None = None
    #: The row number of a document read from a table (``source`` is then ``<path>:<row>``).
    row: int | None = None

    def __post_init__(self):
        for name in ("id", "text"):
            value = getattr(self, name)
            if not isinstance(value, str):
                raise TypeError(f"Document {name} must be a string, not {type(value).__name__}")
            lone = SURROGATE.search(value)
            if lone:  # no file can hold it: every output would fail on writing
                raise ValueError(E_DOCUMENT_SURROGATE.format(name=name, code=f"\\u{ord(lone.group()):04x}", at=lone.start()))
        if self.kind is not None and self.kind not in KINDS:
            raise ValueError(f"Document kind must be one of {', '.join(KINDS)} or None, not {self.kind!r}")
        if self.meta is None:  # meta=row.get("meta") on a row without one: no metadata
            object.__setattr__(self, "meta", {})
        elif not isinstance(self.meta, Mapping):
            raise TypeError(f"Document meta must be a dict (or None for no metadata), not {type(self.meta).__name__}")
        elif not isinstance(self.meta, dict):
            object.__setattr__(self, "meta", dict(self.meta))

    def __repr__(self) -> str:
        """The fields, with a long text (and metadata) cut short: a document can be a whole book.

        >>> Document("d", "财不外露。" * 20)
        Document(id='d', text='财不外露。财不外露。财不外露。财不外露。财不外露。财不外露。'… (100 characters), source='-', encoding=None, kind=None, row=None, meta={})
        """
        text = repr(self.text) if len(self.text) <= _REPR_TEXT else f"{self.text[:_REPR_TEXT]!r}… ({len(self.text)} characters)"
        meta = repr(self.meta)
        meta = meta if len(meta) <= 2 * _REPR_TEXT else meta[: 2 * _REPR_TEXT] + f"… ({len(self.meta)} fields)"
        return (f"Document(id={self.id!r}, text={text}, source={self.source!r}, encoding={self.encoding!r}, "
                f"kind={self.kind!r}, row={self.row!r}, meta={meta})")


#: Characters of a document's text its repr shows.
_REPR_TEXT = 30


@dataclass(frozen=True)
class Block:
    """A kept stretch of a document (a line or part of one) with its kind."""

    doc: str
    start: int
    end: int
    kind: str


@dataclass(frozen=True)
class Dropped:
    """A stretch of a document that cleaning removed, and why.

    ``rule`` is the id of the rule that matched (``duplicate`` for repeated
    blocks); ``reason`` is its human explanation.
    """

    doc: str
    start: int
    end: int
    text: str
    rule: str
    reason: str


@dataclass(frozen=True)
class Unit:
    """One argument unit: a sentence (or clause) pointing into its document.

    ``norm`` is the text models read (Simplified, artifacts repaired); it is
    not part of the output rows.  A unit built without it (by hand, with
    :meth:`from_source`, or ``Unit(**row)`` from ``argmine segment`` output)
    reads its text normalised (:func:`argmine.normalize.normalize`), as the
    segmenter gives it: the same view, except where an artifact repair pairs
    across two units (``&X`` in one, ``&`` in the next), which only the
    document shows.  ``tokens`` is filled only on request (a list, as a JSON
    row holds it, is kept as a tuple).  ``kind`` is one of :data:`KINDS`, as
    for a :class:`Document`.  A unit can be hashed (a set, a dict key): the
    hash leaves ``meta`` out, equality does not.

    >>> from argmine.types import Unit
    >>> u = Unit.from_source("甲。乙。", doc="d", n=1, start=2, end=4, kind="body")
    >>> (u.id, u.text)
    ('d#1', '乙。')
    >>> u = Unit("t#1", "t", 0, 6, "財\u200b不外露！", "comment", tokens=["財\u200b", "不", "外露", "！"])
    >>> u.norm, u.tokens
    ('财不外露!', ('財\u200b', '不', '外露', '！'))
    """

    id: str
    doc: str
    start: int
    end: int
    text: str
    kind: str
    norm: str = ""
    meta: dict[str, Any] = field(default_factory=dict, hash=False)  # as Document's
    tokens: tuple[str, ...] | None = None

    def __post_init__(self):
        if self.kind not in KINDS:  # as Document checks it: a typo would make a group of its own in every summary
            raise ValueError(f"Unit kind must be one of {', '.join(KINDS)}, not {self.kind!r}")
        if not (0 <= self.start <= self.end):
            raise AlignmentError(f"unit {self.id}: bad offsets {self.start}..{self.end}")
        if len(self.text) != self.end - self.start:
            raise AlignmentError(
                f"unit {self.id}: text has {len(self.text)} characters "
                f"but offsets {self.start}..{self.end} span {self.end - self.start}"
            )
        if not self.norm:  # what models read, as segment gives it; imported here: normalize imports this module
            from .normalize import normalize

            object.__setattr__(self, "norm", normalize(self.text).text)
        if self.tokens is not None and not isinstance(self.tokens, tuple):
            if isinstance(self.tokens, str) or not isinstance(self.tokens, Iterable):
                raise TypeError(f"Unit tokens must be a tuple (or list) of strings, or None, not {type(self.tokens).__name__}")
            object.__setattr__(self, "tokens", tuple(self.tokens))  # a JSON row's list: a list has no hash

    @classmethod
    def from_source(
        cls,
        source: str,
        *,
        doc: str,
        n: int,
        start: int,
        end: int,
        kind: str,
        norm: str = "",
        meta: dict[str, Any] | None = None,
        tokens: tuple[str, ...] | None = None,
    ) -> "Unit":
        """Build unit number ``n`` of ``doc`` from the source text and offsets."""
        if not (0 <= start < end <= len(source)):
            raise AlignmentError(
                f"{doc}#{n}: offsets {start}..{end} out of range for a text of {len(source)} characters"
            )
        return cls(
            id=f"{doc}#{n}",
            doc=doc,
            start=start,
            end=end,
            text=source[start:end],
            kind=kind,
            norm=norm,
            meta=dict(meta or {}),
            tokens=tokens,
        )

    def to_row(self, *, tokens: bool = False) -> dict[str, Any]:
        """The unit as an output row: exactly id, doc, start, end, text, kind (+meta, tokens)."""
        row: dict[str, Any] = {
            "id": self.id,
            "doc": self.doc,
            "start": self.start,
            "end": self.end,
            "text": self.text,
            "kind": self.kind,
        }
        if self.meta:
            row["meta"] = self.meta
        if tokens and self.tokens is not None:
            row["tokens"] = list(self.tokens)
        return row
