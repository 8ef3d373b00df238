"""Clean a document: drop page furniture and repeated blocks, label block kinds.

Rules are data (``argmine/rules/furniture.toml``): a pattern and a reason
each.  Every dropped span is kept as a :class:`~argmine.types.Dropped` record
so that ``argmine segment --explain`` can show it; nothing disappears
silently.  Each kept block gets a kind: ``title``, ``body`` or ``comment``.

>>> from argmine.clean import clean
>>> from argmine.types import Document
>>> c = clean(Document("d", "标题\\n\\n正文第一句。\\n转载请注明出处\\n评论一条"))
>>> [(b.kind, c.document.text[b.start:b.end]) for b in c.blocks]
[('title', '标题'), ('body', '正文第一句。'), ('comment', '评论一条')]
>>> [(d.rule, d.text) for d in c.dropped]
[('repost_notice', '转载请注明出处')]
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path

from .errors import SchemaError
from .normalize import Normalized, normalize
from .types import KINDS, Block, Document, Dropped

_LINE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n|$)")
#: A character that makes a stretch of text more than punctuation.
WORD_CHAR = re.compile(r"[\w\u3400-\u9fff\U00020000-\U0003134f]")
_FINAL = "\u3002\uff61\uff01\uff1f!?\u2026~\uff5e"  # 。｡！？!?…~～
_OPENING = "\uff08(\u3010[\uff3b\u300c\u300e\u300a\u201c"  # （(【[［「『《“
_CLOSING = "\u201d\u2019\"\'\u300d\u300f\uff09)\u3011]\uff3d\u300b&"  # ”’"'」』）)】]］》&
#: Blocks repeated with at least this many characters are duplicates even alone.
DUPLICATE_MIN_CHARS = 10
#: Longest block that can be a title or heading.
TITLE_MAX_CHARS = 40
_SPACE_LED = re.compile(r"^ +\S")


@dataclass(frozen=True)
class Rule:
    """One furniture rule: id, scope (``line``/``span``), pattern, reason, then."""

    id: str
    scope: str
    pattern: re.Pattern
    reason: str
    then: str | None = None


@dataclass(frozen=True)
class Cleaned:
    """A document after cleaning: kept blocks, dropped spans and the normalised view."""

    document: Document
    blocks: tuple[Block, ...]
    dropped: tuple[Dropped, ...]
    normalized: Normalized


def load_rules(path: str | Path | None = None) -> tuple[Rule, ...]:
    """Load furniture rules from TOML; ``None`` gives the packaged table."""
    if path is None:
        return _default_rules()
    try:
        text = Path(path).read_text("utf-8")
    except OSError as e:
        raise SchemaError(f"{path}: cannot read rules file ({e.strerror})") from None
    return _parse_rules(text, str(path))


@lru_cache(maxsize=1)
def _default_rules() -> tuple[Rule, ...]:
    text = resources.files("argmine.rules").joinpath("furniture.toml").read_text("utf-8")
    return _parse_rules(text, "argmine/rules/furniture.toml")


def _parse_rules(text: str, source: str) -> tuple[Rule, ...]:
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as e:
        raise SchemaError(f"{source}: not valid TOML ({e})") from None
    rules = []
    for i, r in enumerate(data.get("rules", [])):
        where = f"{source}: rules[{i}]"
        missing = [k for k in ("id", "scope", "pattern", "reason") if k not in r]
        if missing:
            raise SchemaError(f"{where}: missing {', '.join(missing)}")
        if r["scope"] not in ("line", "span"):
            raise SchemaError(f"{where}: scope must be 'line' or 'span', found {r['scope']!r}")
        if r.get("then") not in (None, "comments"):
            raise SchemaError(f"{where}: then must be 'comments' if given, found {r['then']!r}")
        try:
            pattern = re.compile(r["pattern"])
        except re.error as e:
            raise SchemaError(f"{where}: bad pattern {r['pattern']!r}: {e}") from None
        rules.append(Rule(r["id"], r["scope"], pattern, r["reason"], r.get("then")))
    return tuple(rules)


def _lines(text: str):
    """Yield ``(start, end)`` of each line without its line break."""
    for m in _LINE.finditer(text):
        if m.start() == len(text) and m.start() > 0:
            break
        line = m.group()
        yield m.start(), m.start() + len(line.rstrip("\r\n"))


def strip_span(text: str, start: int, end: int) -> tuple[int, int]:
    """Shrink ``start:end`` past surrounding whitespace."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def clean(doc: Document, rules: tuple[Rule, ...] | None = None) -> Cleaned:
    """Drop furniture and duplicates from ``doc`` and give every kept block a kind."""
    rules = _default_rules() if rules is None else rules
    text = doc.text
    norm = normalize(text)
    forced_kind = doc.kind if doc.kind in KINDS else (doc.meta.get("kind") if doc.meta.get("kind") in KINDS else None)
    dropped: list[Dropped] = []
    # (start, end, space_led, starts_clean, ends_clean) per kept stretch
    candidates: list[tuple[int, int, bool, bool, bool]] = []
    marks: dict[int, str] = {}  # candidate index from which `then` applies
    space_led_lines = 0

    for ls, le in _lines(text):
        s, e = strip_span(text, ls, le)
        if s == e:
            continue
        line = text[s:e]
        nline = norm.view(s, e)
        hit = next((r for r in rules if r.scope == "line" and r.pattern.fullmatch(nline)), None)
        if hit:
            dropped.append(Dropped(doc.id, s, e, line, hit.id, hit.reason))
            if hit.then:
                marks[len(candidates)] = hit.then
            continue
        space_led = bool(_SPACE_LED.match(text[ls:le]))
        space_led_lines += space_led
        spans = _span_hits(nline, rules)
        pos, after_drop = s, False
        for (ms, me, rule) in spans:
            a, b = s + ms, s + me
            if a > pos:
                _candidate(text, pos, a, candidates, dropped, doc.id, space_led, pos == s or after_drop, True)
            dropped.append(Dropped(doc.id, a, b, text[a:b], rule.id, rule.reason))
            pos, after_drop = b, True
        if pos < e:
            _candidate(text, pos, e, candidates, dropped, doc.id, space_led, pos == s or after_drop, True)

    keep = _mark_duplicates(text, norm, candidates, dropped, doc.id)
    blocks = _assign_kinds(text, candidates, keep, marks, forced_kind, space_led_lines, doc.id)
    dropped.sort(key=lambda d: (d.start, d.end))
    return Cleaned(doc, tuple(blocks), tuple(dropped), norm)


@lru_cache(maxsize=256)
def _required_literal(pattern: re.Pattern) -> str:
    """A string that every match of ``pattern`` contains, or ``""`` if none is known.

    The longest run of plain characters at the top level of the pattern
    (``知乎`` in ``[^。]{2,40}[??]\\s+-\\s+知乎``): a line without it cannot
    match, so the (slow) regex scan is skipped.
    """
    if pattern.flags & re.IGNORECASE or not isinstance(pattern.pattern, str):
        return ""
    try:
        from re import _parser as parser  # the parser of the re module (Python 3.11+)
    except ImportError:  # pragma: no cover - older Pythons
        import sre_parse as parser  # type: ignore[no-redef]
    try:
        items = list(parser.parse(pattern.pattern, pattern.flags))
        literal = parser.LITERAL
    except Exception:  # noqa: BLE001 - no shortcut then
        return ""
    best = run = ""
    for op, arg in items:
        run = run + chr(arg) if op == literal else ""
        if len(run) > len(best):
            best = run
    return best


def _span_hits(line: str, rules) -> list[tuple[int, int, Rule]]:
    hits = []
    for r in rules:
        if r.scope == "span" and _required_literal(r.pattern) in line:
            hits.extend((m.start(), m.end(), r) for m in r.pattern.finditer(line) if m.end() > m.start())
    hits.sort(key=lambda h: (h[0], -h[1]))
    merged: list[tuple[int, int, Rule]] = []
    for h in hits:
        if merged and h[0] < merged[-1][1]:
            if h[1] > merged[-1][1]:
                merged[-1] = (merged[-1][0], h[1], merged[-1][2])
            continue
        merged.append(h)
    return merged


def _candidate(text, start, end, candidates, dropped, doc_id, space_led, starts_clean, ends_clean):
    """Record a kept stretch; ``starts/ends_clean``: at a line edge or a dropped span."""
    s, e = strip_span(text, start, end)
    if s == e:
        return
    if not WORD_CHAR.search(text, s, e):
        dropped.append(Dropped(doc_id, s, e, text[s:e], "residue", "punctuation left over after removing furniture"))
        return
    candidates.append((s, e, space_led, starts_clean, ends_clean))


def _mark_duplicates(text, norm, candidates, dropped, doc_id) -> list[bool]:
    seen: dict[str, int] = {}
    repeat = []
    for i, (s, e, *_rest) in enumerate(candidates):
        key = norm.view(s, e)
        repeat.append(seen.get(key))
        seen.setdefault(key, i)
    keep = [True] * len(candidates)
    for i, first in enumerate(repeat):
        if first is None:
            continue
        s, e = candidates[i][:2]
        near = (i > 0 and repeat[i - 1] is not None) or (i + 1 < len(repeat) and repeat[i + 1] is not None)
        if e - s >= DUPLICATE_MIN_CHARS or near:
            keep[i] = False
            fs = candidates[first][0]
            dropped.append(Dropped(doc_id, s, e, text[s:e], "duplicate", f"repeats the block at offset {fs}"))
    return keep


def _assign_kinds(text, candidates, keep, marks, forced_kind, space_led_lines, doc_id) -> list[Block]:
    blocks: list[Block] = []
    in_comments = False
    for i, (s, e, space_led, starts_clean, ends_clean) in enumerate(candidates):
        if marks.get(i) == "comments":
            in_comments = True
        # A lone indented line is layout; two or more space-led lines are a comment thread.
        if space_led and space_led_lines >= 2:
            in_comments = True
        if not keep[i]:
            continue
        if forced_kind:
            kind = forced_kind
        elif in_comments:
            kind = "comment"
        elif starts_clean and ends_clean and _looks_like_title(text, s, e):
            kind = "title"
        else:
            kind = "body"
        blocks.append(Block(doc_id, s, e, kind))
    return blocks


def _looks_like_title(text: str, s: int, e: int) -> bool:
    """Short, no sentence-final punctuation, not a parenthetical aside."""
    core = text[s:e].rstrip(_CLOSING)
    return e - s <= TITLE_MAX_CHARS and bool(core) and core[-1] not in _FINAL and text[s] not in _OPENING
