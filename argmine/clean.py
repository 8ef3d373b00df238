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
import unicodedata
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
#: Invisible format characters (zero-width space/joiners, word joiner, BOM, soft
#: hyphen): trimmed like whitespace, ignored when blocks are compared for duplicates.
INVISIBLE = "\u200b\u200c\u200d\u2060\ufeff\u00ad"
_DUP_IGNORE = re.compile(r"[\s" + INVISIBLE + r"\ufe0f]+")
_CONTINUING = ":;,\u3001\uff1a\uff1b\uff0c."  # a line ending in :;,、 or "." is not a heading
#: A bullet (- * • · ● ▪ ■ ◆ ► ▶ ➤ ✓ →) followed by text: a list item, never a title.
_BULLET = re.compile(r"[-*\u2022\u00b7\u25cf\u25aa\u25a0\u25c6\u25ba\u25b6\u27a4\u2713\u2192]\s*\w")
#: A list number (1. 1、 1) (1) （1） 一、 ①).
_NUMBERED = re.compile(r"(?:\d{1,2}|[一二三四五六七八九十]{1,3})[.\u3001)\uff0e\uff09](?!\d)|[(\uff08]\d{1,2}[)\uff09]|[\u2460-\u2473]")
#: A sentence end inside a line: a line with two sentences is not a heading.
_INNER_END = re.compile("[\u3002\uff61\uff01\uff1f!?\uff1b;]")  # 。｡！？!?；;
#: A headline that starts with a tag in brackets: 【水木社区】支付宝做社交，大家怎么看.
_TAGGED = re.compile(r"[\u3010\[][^\u3011\]]{1,12}[\u3011\]]\s*\w")
#: Blocks repeated with at least this many characters are duplicates even alone.
DUPLICATE_MIN_CHARS = 10
#: Longest block that can be a title or heading.
TITLE_MAX_CHARS = 40
_SPACE_LED = re.compile(r"^ +\S")


@dataclass(frozen=True)
class Rule:
    """One furniture rule: id, scope (``line``/``span``), pattern, reason, then, title_pieces.

    ``title_pieces=False`` (span rules): the text on either side of a match is
    never a title (the pieces of a ``//@user:`` repost chain are its authors' texts).
    """

    id: str
    scope: str
    pattern: re.Pattern
    reason: str
    then: str | None = None
    title_pieces: bool = True


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
        if "title_pieces" in r and (r["scope"] != "span" or not isinstance(r["title_pieces"], bool)):
            found = str(r["title_pieces"]).lower() if isinstance(r["title_pieces"], bool) else repr(r["title_pieces"])
            raise SchemaError(f"{where}: title_pieces must be true or false, on a span rule; found {found} on a {r['scope']} rule")
        try:
            pattern = re.compile(r["pattern"])
        except re.error as e:
            raise SchemaError(f"{where}: bad pattern {r['pattern']!r}: {e}") from None
        rules.append(Rule(r["id"], r["scope"], pattern, r["reason"], r.get("then"), r.get("title_pieces", True)))
    return tuple(rules)


def _lines(text: str):
    """Yield ``(start, end)`` of each line without its line break."""
    for m in _LINE.finditer(text):
        if m.start() == len(text) and m.start() > 0:
            break
        line = m.group()
        yield m.start(), m.start() + len(line.rstrip("\r\n"))


def strip_span(text: str, start: int, end: int) -> tuple[int, int]:
    """Shrink ``start:end`` past surrounding whitespace and invisible characters (:data:`INVISIBLE`)."""
    while start < end and (text[start].isspace() or text[start] in INVISIBLE):
        start += 1
    while end > start and (text[end - 1].isspace() or text[end - 1] in INVISIBLE):
        end -= 1
    return start, end


def clean(doc: Document, rules: tuple[Rule, ...] | None = None) -> Cleaned:
    """Drop furniture and duplicates from ``doc`` and give every kept block a kind."""
    if not isinstance(doc, Document):
        raise TypeError(f"clean takes a Document, not a {type(doc).__name__}: clean(Document(id, text))")
    rules = _default_rules() if rules is None else rules
    text = doc.text
    norm = normalize(text)
    forced_kind = doc.kind if doc.kind in KINDS else (doc.meta.get("kind") if doc.meta.get("kind") in KINDS else None)
    dropped: list[Dropped] = []
    # (start, end, space_led, starts_clean, ends_clean) per kept stretch
    candidates: list[tuple[int, int, bool, bool, bool]] = []
    marks: dict[int, str] = {}  # candidate index from which `then` applies
    space_led_lines = 0

    line_rules = _line_rules(rules)
    for ls, le in _lines(text):
        s, e = strip_span(text, ls, le)
        if s == e:
            continue
        line = text[s:e]
        nline = norm.view(s, e)
        hit = _line_hit(nline, line_rules)
        if hit:
            dropped.append(Dropped(doc.id, s, e, line, hit.id, hit.reason))
            if hit.then:
                marks[len(candidates)] = hit.then
            continue
        space_led = bool(_SPACE_LED.match(text[ls:le]))
        space_led_lines += space_led
        spans = _span_hits(nline, rules)
        pos, clean_edge = s, True  # clean_edge: pos is the line start, or the end of a drop that allows titles
        for (ms, me, rule) in spans:
            a, b = s + ms, s + me
            if a > pos:
                _candidate(text, pos, a, candidates, dropped, doc.id, space_led, clean_edge, rule.title_pieces, trimmed=True)
            dropped.append(Dropped(doc.id, a, b, text[a:b], rule.id, rule.reason))
            pos, clean_edge = b, rule.title_pieces
        if pos < e:
            _candidate(text, pos, e, candidates, dropped, doc.id, space_led, clean_edge, True, trimmed=bool(spans))

    keep = _mark_duplicates(text, norm, candidates, dropped, doc.id)
    blocks = _assign_kinds(text, candidates, keep, marks, forced_kind, space_led_lines, doc.id)
    dropped.sort(key=lambda d: (d.start, d.end))
    return Cleaned(doc, tuple(blocks), tuple(dropped), norm)


@lru_cache(maxsize=8)
def _line_rules(rules: tuple[Rule, ...]) -> tuple[tuple[Rule, ...], re.Pattern | None]:
    """The line rules, and one pattern matching a line iff some line rule does (None if they cannot be joined)."""
    line_rules = tuple(r for r in rules if r.scope == "line")
    try:
        joined = re.compile("|".join(f"(?:{r.pattern.pattern})" for r in line_rules)) if line_rules else None
    except re.error:  # e.g. a pattern with global inline flags
        joined = None
    if joined is not None and any(r.pattern.flags != joined.flags or _refers_to_groups(r.pattern) for r in line_rules):
        joined = None  # joined, a \1 or (?(1)...) would point at another rule's group
    return line_rules, joined


def _re_parser():
    """The parser of the re module (``re._parser``; ``sre_parse`` before Python 3.11)."""
    try:
        from re import _parser as parser
    except ImportError:  # pragma: no cover - older Pythons
        import sre_parse as parser  # type: ignore[no-redef]
    return parser


def _refers_to_groups(pattern: re.Pattern) -> bool:
    """Whether ``pattern`` has a back-reference (``\\1``, ``(?P=name)``) or a conditional ``(?(1)...)``.

    >>> _refers_to_groups(re.compile(r"(.)\\1{5,}")), _refers_to_groups(re.compile(r"(签名):.*"))
    (True, False)
    """
    parser = _re_parser()
    refs = {getattr(parser, name) for name in ("GROUPREF", "GROUPREF_EXISTS") if hasattr(parser, name)}
    try:
        tree = parser.parse(pattern.pattern, pattern.flags)
    except Exception:  # noqa: BLE001 - cannot tell: assume it does, and do not join
        return True

    def walk(node) -> bool:
        if isinstance(node, parser.SubPattern):
            return any(op in refs or walk(av) for op, av in node)
        if isinstance(node, (list, tuple)):
            return any(walk(v) for v in node)
        return False

    return walk(tree)


def _line_hit(line: str, line_rules: tuple[tuple[Rule, ...], re.Pattern | None]) -> Rule | None:
    """The first line rule that matches the whole line (most lines match none: one scan then)."""
    line_rules, joined = line_rules
    if joined is not None and not joined.fullmatch(line):
        return None
    return next((r for r in line_rules if r.pattern.fullmatch(line)), None)


@lru_cache(maxsize=256)
def _required_literal(pattern: re.Pattern) -> str:
    """A string that every match of ``pattern`` contains, or ``""`` if none is known.

    The longest run of plain characters at the top level of the pattern
    (``知乎`` in ``[^。]{2,40}[??]\\s+-\\s+知乎``): a line without it cannot
    match, so the (slow) regex scan is skipped.
    """
    if pattern.flags & re.IGNORECASE or not isinstance(pattern.pattern, str):
        return ""
    parser = _re_parser()
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


def _candidate(text, start, end, candidates, dropped, doc_id, space_led, starts_clean, ends_clean, *, trimmed):
    """Record a kept stretch; ``starts/ends_clean``: at a line edge or a dropped span that allows titles.

    ``trimmed``: furniture was removed from the same line.  A stretch without a
    word character is dropped: as ``residue`` when it is what furniture left
    over, as ``no_words`` when the whole line is emoji, symbols or punctuation.
    """
    s, e = strip_span(text, start, end)
    if s == e:
        return
    if not WORD_CHAR.search(text, s, e):
        if trimmed:
            dropped.append(Dropped(doc_id, s, e, text[s:e], "residue", "punctuation left over after removing furniture"))
        else:
            dropped.append(Dropped(doc_id, s, e, text[s:e], "no_words", "no word characters (only emoji, symbols or punctuation)"))
        return
    candidates.append((s, e, space_led, starts_clean, ends_clean))


def duplicate_key(norm: Normalized, start: int, end: int) -> str:
    """What duplicate detection compares: the normalised view without whitespace or invisible characters.

    >>> duplicate_key(normalize("隐私，\u00a0很重要。\u200b"), 0, 9)
    '隐私,很重要。'
    """
    return _DUP_IGNORE.sub("", norm.view(start, end))


def _mark_duplicates(text, norm, candidates, dropped, doc_id) -> list[bool]:
    seen: dict[str, int] = {}
    repeat = []
    keys = []
    for i, (s, e, *_rest) in enumerate(candidates):
        key = duplicate_key(norm, s, e)
        keys.append(key)
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
    # A preview cut off by "…展开全文" (dropped by the expand_preview or
    # expand_full rule) that a later block continues: the full block is kept.
    previews = {d.start for d in dropped if d.rule in ("expand_preview", "expand_full")}
    for i, (s, e, *_rest) in enumerate(candidates):
        if not keep[i] or len(keys[i]) < DUPLICATE_MIN_CHARS or _next_visible(text, e) not in previews:
            continue
        full = next((j for j in range(i + 1, len(candidates)) if keep[j] and keys[j].startswith(keys[i])), None)
        if full is not None:
            keep[i] = False
            fs = candidates[full][0]
            dropped.append(Dropped(doc_id, s, e, text[s:e], "duplicate", f"a cut-off preview of the block at offset {fs}"))
    return keep


def _next_visible(text: str, pos: int) -> int:
    """``pos`` moved past whitespace (the start of whatever follows a stretch)."""
    return strip_span(text, pos, len(text))[0]


def _assign_kinds(text, candidates, keep, marks, forced_kind, space_led_lines, doc_id) -> list[Block]:
    blocks: list[Block] = []
    in_comments = False
    # Indentation is layout when the text's first paragraph (its first block
    # that is not heading-like) is indented: an article that indents every
    # paragraph, as U+3000 or tab indentation always is.  Otherwise a thread of
    # two or more space-led lines after unindented text is the comments.
    first_para = next((c for i, c in enumerate(candidates) if not (c[3] and c[4] and _looks_like_title(text, c[0], c[1], headline=i == 0))), None)
    threads = space_led_lines >= 2 and not (first_para and first_para[2])
    numbered = [bool(_NUMBERED.match(text, s, e)) for s, e, *_rest in candidates]
    first_kept = next((i for i, k in enumerate(keep) if k), None)
    for i, (s, e, space_led, starts_clean, ends_clean) in enumerate(candidates):
        if marks.get(i) == "comments":
            in_comments = True
        if space_led and threads:
            in_comments = True
        if not keep[i]:
            continue
        # a numbered line next to another numbered line is a list item, a lone one a section heading
        listed = numbered[i] and ((i > 0 and numbered[i - 1]) or (i + 1 < len(numbered) and numbered[i + 1]))
        if forced_kind:
            kind = forced_kind
        elif in_comments:
            kind = "comment"
        elif starts_clean and ends_clean and not listed and _looks_like_title(text, s, e, headline=i == first_kept):
            kind = "title"
        else:
            kind = "body"
        blocks.append(Block(doc_id, s, e, kind))
    return blocks


def _looks_like_title(text: str, s: int, e: int, *, headline: bool = False) -> bool:
    """Short, not a parenthetical aside or a bulleted item, and not ending like a sentence.

    A title ends without sentence-final punctuation (。！？…~), without :;,、
    or ASCII ".", and not with an emoji or symbol; no sentence ends inside it.  ``headline``: the
    document's first block, which may also end in ？/? ("…，到底错在哪里？").
    """
    core = text[s:e].rstrip(_CLOSING + INVISIBLE + "\ufe0f \t\u3000")
    if e - s > TITLE_MAX_CHARS or not core or _BULLET.match(text, s, e) or _INNER_END.search(core, 0, len(core) - 1):
        return False
    if text[s] in _OPENING and not _TAGGED.match(text, s, e):  # an aside (注：…), not a 【tag】headline
        return False
    last = core[-1]
    if headline and last in "?\uff1f" and len(core) > 1 and core[-2] not in _FINAL:
        return True
    return last not in _FINAL and last not in _CONTINUING and unicodedata.category(last) not in ("So", "Sk")
