"""Segment documents into argument units with exact offsets.

Units are sentences: a block is split after 。!?!?;;… and their ASCII
forms (runs such as 。。。。。 or ......... stay together), closing quotes and
brackets stay with their sentence, and a line break always ends a unit.
``granularity="clause"`` further splits long sentences at ,;: and before
discourse markers (但是, 所以, 因为…).

>>> import argmine
>>> units = argmine.segment([argmine.Document("d", "他说:“好。”然后走了!\\n评论")])
>>> [(u.id, u.text) for u in units]
[('d#1', '他说:“好。”'), ('d#2', '然后走了!'), ('d#3', '评论')]
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Callable, Iterable, Iterator

from .clean import WORD_CHAR, Rule, clean, strip_span
from .errors import ArgmineError, InputError
from .normalize import Normalized
from .types import Document, Dropped, Unit

GRANULARITIES = ("sentence", "clause")
# Full-width punctuation is written as escapes so that no editor or
# normaliser can fold it into its ASCII twin.
_CLOSERS = "\u201d\u2019\"'\u300d\u300f\uff09)\u3011\\]\uff3d\u300b\u3009>"  # ” ’ " ' 」 』 ） ) 】 ] ］ 》 〉 >
# A sentence ends after a run of terminators (。｡！？!?；;…, ASCII "." only when
# it cannot be a decimal point, list number or abbreviation), plus closing quotes.
_SENTENCE_END = re.compile(
    r"(?:[\u3002\uff61\uff01\uff1f!?\uff1b;\u2026]|\.{2,}|(?<![0-9A-Za-z])\.(?=\s|$|[\u3400-\u9fff]))+"
    r"[" + _CLOSERS + r"]*"
)
_CLAUSE_PUNCT = re.compile(r"[\uff0c,\uff1b;\uff1a:]+[" + _CLOSERS + r"]*")  # ， , ； ; ： :
DISCOURSE_MARKERS = ("但是", "所以", "因为", "然而", "而且", "总之", "可是", "不过", "因此", "并且", "于是", "否则", "但")
_MARKER = re.compile("|".join(sorted(DISCOURSE_MARKERS, key=len, reverse=True)))
#: Sentences at most this long are not split into clauses.
CLAUSE_MIN_SENTENCE = 16
#: Clause pieces shorter than this (in word characters) join their neighbour.
CLAUSE_MIN_PIECE = 4


@dataclass(frozen=True)
class Segmented:
    """The units and the dropped spans of one document."""

    document: Document
    units: tuple[Unit, ...]
    dropped: tuple[Dropped, ...]


def segment(
    docs: Iterable[Document],
    *,
    granularity: str = "sentence",
    tokens: bool = False,
    rules: tuple[Rule, ...] | None = None,
    on_error: Callable[[ArgmineError], None] | None = None,
) -> list[Unit]:
    """Clean and segment documents; return all units in document order."""
    return [u for s in iter_segmented(docs, granularity=granularity, tokens=tokens, rules=rules, on_error=on_error) for u in s.units]


def iter_segmented(
    docs: Iterable[Document],
    *,
    granularity: str = "sentence",
    tokens: bool = False,
    rules: tuple[Rule, ...] | None = None,
    on_error: Callable[[ArgmineError], None] | None = None,
) -> Iterator[Segmented]:
    """Segment one document at a time, keeping what cleaning dropped."""
    if granularity not in GRANULARITIES:
        raise ValueError(f"granularity must be one of {GRANULARITIES}, not {granularity!r}")
    for doc in docs:
        try:
            yield segment_document(doc, granularity=granularity, tokens=tokens, rules=rules)
        except ArgmineError as err:
            if on_error is None:
                raise
            on_error(err if isinstance(err, InputError) else InputError(doc.source, str(err)))


def segment_document(doc: Document, *, granularity: str = "sentence", tokens: bool = False, rules: tuple[Rule, ...] | None = None) -> Segmented:
    """Segment one document."""
    cleaned = clean(doc, rules)
    units: list[Unit] = []
    text = doc.text
    norm = cleaned.normalized
    for block in cleaned.blocks:
        for s, e in split_sentences(text, block.start, block.end):
            pieces = split_clauses(text, s, e) if granularity == "clause" else [(s, e)]
            for ps, pe in pieces:
                units.append(
                    Unit.from_source(
                        text,
                        doc=doc.id,
                        n=len(units) + 1,
                        start=ps,
                        end=pe,
                        kind=block.kind,
                        norm=norm.view(ps, pe),
                        meta=doc.meta,
                        tokens=_tokens(norm, ps, pe) if tokens else None,
                    )
                )
    return Segmented(doc, tuple(units), cleaned.dropped)


def _merge_wordless(text: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Attach pieces with no word character (stray punctuation) to a neighbour."""
    out: list[tuple[int, int]] = []
    pending: int | None = None
    for s, e in spans:
        if not WORD_CHAR.search(text, s, e):
            if out:
                out[-1] = (out[-1][0], e)
            elif pending is None:
                pending = s
            continue
        out.append((pending if pending is not None else s, e))
        pending = None
    if pending is not None and not out:
        out.append((pending, spans[-1][1]))
    return out


def split_sentences(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Sentence spans of ``text[start:end]`` (one line), trimmed of whitespace."""
    spans = []
    pos = start
    for m in _SENTENCE_END.finditer(text, start, end):
        s, e = strip_span(text, pos, m.end())
        if s < e:
            spans.append((s, e))
        pos = m.end()
    s, e = strip_span(text, pos, end)
    if s < e:
        spans.append((s, e))
    return _merge_wordless(text, spans) if spans else spans


def split_clauses(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Clause spans of a sentence: split at ,;: and before discourse markers."""
    if end - start <= CLAUSE_MIN_SENTENCE:
        return [(start, end)]
    cuts = {m.end() for m in _CLAUSE_PUNCT.finditer(text, start, end)}
    cuts |= {m.start() for m in _MARKER.finditer(text, start, end) if m.start() > start}
    bounds = [start, *sorted(c for c in cuts if start < c < end), end]
    spans = [strip_span(text, a, b) for a, b in zip(bounds, bounds[1:])]
    spans = [sp for sp in spans if sp[0] < sp[1]]
    merged: list[tuple[int, int]] = []
    for s, e in spans:
        short = len(WORD_CHAR.findall(text, s, e)) < CLAUSE_MIN_PIECE
        if merged and (short or len(WORD_CHAR.findall(text, *merged[-1])) < CLAUSE_MIN_PIECE):
            merged[-1] = (merged[-1][0], e)
        else:
            merged.append((s, e))
    return merged


def _tokens(norm: Normalized, start: int, end: int) -> tuple[str, ...]:
    """Word tokens (:func:`tokenize`) of the normalised unit, returned as slices of the original."""
    ns, ne = norm.norm_span(start, end)
    out = []
    for _, ts, te in tokenize(norm.text[ns:ne]):
        os_, oe = norm.orig_span(ns + ts, ns + te)
        out.append(norm.original[os_:oe])
    return tuple(out)


@lru_cache(maxsize=1)
def _jieba():
    import logging

    import jieba

    jieba.setLogLevel(logging.WARNING)
    return jieba


def tokenize(text: str) -> list[tuple[str, int, int]]:
    """Word tokens of ``text`` with their character offsets; they tile the text.

    Uses rjieba (jieba-rs: jieba's dictionary and HMM, about 10x faster than
    jieba in Python) when it is installed, else jieba itself; the two agree
    on nearly every sentence.  Models record which one they were trained
    with (:func:`tokenizer_name`).

    >>> tokenize("支付宝做社交")
    [('支付宝', 0, 3), ('做', 3, 4), ('社交', 4, 6)]
    """
    return _tokenizer()[1](text)


@lru_cache(maxsize=1)
def _tokenizer():
    """(name, function) of the tokenizer in use."""
    try:
        import rjieba
    except ImportError:
        jieba = _jieba()
        return "jieba", lambda text: list(jieba.tokenize(text))
    return "rjieba", rjieba.tokenize


def tokenizer_name() -> str:
    """``"rjieba"`` or ``"jieba"``: what :func:`tokenize` uses here."""
    return _tokenizer()[0]
