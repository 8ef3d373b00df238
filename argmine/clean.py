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

import bisect
import os
import re
import tomllib
import unicodedata
from dataclasses import dataclass
from functools import cached_property, lru_cache
from importlib import resources
from pathlib import Path
from typing import Any, Iterator

from .errors import E_ARG_TYPE, E_RULES_ARG, SchemaError
from .html import HIDDEN_BREAK
from .normalize import INVISIBLE, Normalized, _t2s, fold_width, jieba_dictionary, normalize, without_invisible
from .types import KINDS, Block, Document, Dropped

_LINE = re.compile(r"([^\r\n]*)(?:\r\n|\r|\n|$)")
#: A character that makes a stretch of text more than punctuation.
WORD_CHAR = re.compile(r"[\w\u3400-\u9fff\U00020000-\U0003134f]")
_FINAL = "\u3002\uff61\uff01\uff1f!?\u2026~\uff5e"  # 。｡！？!?…~～
# Big5's vertical-form quotation marks ﹁﹂﹃﹄ (text copied from vertical layouts) and 〝〞〟 are quotation marks as 「」『』“” are.
_OPENING = "\uff08(\u3010[\uff3b\u300c\u300e\u300a\u201c\ufe41\ufe43\u301d"  # （(【[［「『《“﹁﹃〝
_CLOSING = "\u201d\u2019\"\'\u300d\u300f\uff09)\u3011]\uff3d\u300b&\ufe42\ufe44\u301e\u301f"  # ”’"'」』）)】]］》&﹂﹄〞〟
# INVISIBLE (zero-width space/joiners, word joiner, BOM, soft hyphen; argmine.normalize's): trimmed like whitespace,
# ignored when blocks are compared for duplicates; the normalised view that rules read leaves them out.
_DUP_INVISIBLE = INVISIBLE + "\ufe0f"  # and whitespace: what duplicate_key leaves out
#: What a title's last character is read past: closing quotes and brackets, invisible characters, white space.
_TRAILING = _CLOSING + INVISIBLE + "\ufe0f \t\u3000"
#: Colons: ： :, Big5's ︰ (U+FE30, read as a colon in Taiwan and Hong Kong) and the small ﹕ (segment.py cuts clauses at them too).
COLONS = "\uff1a:\ufe30\ufe55"
_CONTINUING = COLONS + ";,\u3001\uff1b\uff0c."  # a line ending in a colon, ;,、 or "." is not a heading
#: A sentence-final particle (Mandarin, Taiwanese Mandarin, Cantonese) at the end of a line, or before a ～ inside it
#: (不会吧, 真的很煩齁, 點解要咁做嘅, 見怪不怪囉, 樓主講得啱囉～…): speech, not a heading.  吧 after 贴, 网, 酒 or 书 is a place
#: (贴吧, 网吧).  Those of :data:`_WORD_PARTICLES` (group ``word``) also end words (拿捏, 大大咧咧, 增添, 希特勒, 迈耶):
#: :func:`_speech_particle` reads them as particles only where they do not, and only in speech-like company
#: (:data:`_SPOKEN_BEFORE`, :data:`_SPOKEN_MARK`, or a line in Traditional).
_WORD_PARTICLES = "捏咧添勒耶"
#: What reads as speech right before one of :data:`_WORD_PARTICLES` (也太扯了耶, 超烦的捏, 好了啦耶): an aspect marker,
#: 的 or another particle; a transliterated name (沃勒, 梅耶) or a verb's object (再添) is not one of them.
_SPOKEN_BEFORE = "了的啦吧啊呀哦喔咯嘛呢欸囉啰"
#: Written Cantonese (佢哋, 唔, 嘅 ...: decode's ``_CANTONESE`` less 俾, 乜 and 睇, which Mandarin writes too: 俾斯麦) or a
#: Taiwanese particle elsewhere in the line: a line in Simplified characters that holds one is speech as a Traditional
#: one is (佢哋仲要收钱添).
_SPOKEN_MARK = re.compile("[佢哋嘅咗嘢冇啲嚟喺㗎咁噉嗰咩啱搵畀唔諗攞嘥嘞噃攰齁唷喲哟欸]")
_PARTICLE_END = re.compile(
    f"(?:[吗嗎呢啊呀嘛啦哦喔咯呗唄囉啰㗎喎㖞咩喇嘞噃啫囖咋齁唷喲哟欸嘅啩吖]|(?<![贴貼网網酒书書])吧|(?P<word>[{_WORD_PARTICLES}]))"
    "(?:[~\uff5e]|$)"
)
#: A Q&A label (问：, 答：, Q1: …) opening a line: someone's question or answer, speech as a particle marks it.
_QA_LABEL = re.compile(r"(?:[问問答]|[QqAa]\d{0,2})\s*[" + COLONS + "]")
#: A forum reader addressing the original poster or the reply above (楼主 言之有理, 楼上说得对, 層主 高見, LZ 双标; PTT's
#: and Dcard's 原PO說得對, PO主 說的對; LIHKG's 巴打講得啱, 絲打 正解, the brother or sister above): a reply, not a heading.
#: The word followed by a space, | or a comma or colon, or by a verdict; not 楼上漏水谁负责, 楼主的三个诉求 or
#: 原PO的三個訴求, where it is a noun.
_ADDRESS = re.compile(
    r"(?:[楼樓][主上]|[层層]主|(?:LZ|lz)(?![A-Za-z])|原[Pp][Oo]|[Pp][Oo]主|巴打|[絲丝]打)(?:[\s|｜,，:：、]|[说說讲講][得的](?:[对對好]|没错|沒錯|在理|有理|有道理|啱)"
    r"|言之有理|所言[极極]是|正解|[+＋][1１]|[顶頂]|威武|英明|高[见見]|有道理)"
)
#: A bullet (- * • · ● ▪ ■ ◆ ► ▶ ➤ ✓ →) followed by text: a list item, never a title.
_BULLET = re.compile(r"[-*\u2022\u00b7\u25cf\u25aa\u25a0\u25c6\u25ba\u25b6\u27a4\u2713\u2192]\s*\w")
#: A list number (1. 1、 1) (1) （1） 一、 ①).
_NUMBERED = re.compile(r"(?:\d{1,2}|[一二三四五六七八九十]{1,3})[.\u3001)\uff0e\uff09](?!\d)|[(\uff08]\d{1,2}[)\uff09]|[\u2460-\u2473]")
#: A section number over a heading (1. 1、 一、 （一） ① 第二章 第3节): a lone numbered line heads the text under it.
_SECTION = re.compile(_NUMBERED.pattern + r"|[(\uff08][一二三四五六七八九十]{1,3}[)\uff09]|第[一二三四五六七八九十百\d]{1,4}[章节節]")
#: Sentence punctuation (，。！？；：,!?;:) inside a block: the block is prose, not a list of words.  ASCII marks count
#: like full-width ones (netizens type both), but a , or a colon between digits is part of a number (1,000, 10:30).
_PROSE_MARK = re.compile(r"[\uff0c\u3002\uff01\uff1f\uff1b!?;]|(?<!\d)[,:\uff1a]|[,:\uff1a](?!\d)")
#: A clause comma in a heading (，、, and a "," not between digits: 1,000 is a number).
_HEADING_COMMA = re.compile(r"[\uff0c\u3001]|(?<!\d),|,(?!\d)")
#: A sentence end inside a line: a line with two sentences is not a heading.
_INNER_END = re.compile("[\u3002\uff61\uff01\uff1f!?\uff1b;]")  # 。｡！？!?；;
#: What ends a sentence inside a headline: a headline may ask or exclaim and go on (支付宝做社交？用户为何不买账).
_HEADLINE_INNER_END = re.compile("[\u3002\uff61\uff1b;]")  # 。｡；;
#: A headline that starts with a tag in brackets: 【水木社区】支付宝做社交，大家怎么看.
_TAGGED = re.compile(r"[\u3010\[][^\u3011\]]{1,12}[\u3011\]]\s*\w")
#: Quotation marks and book title marks, each opening one with what closes it: “” 《》, Taiwan's and Hong Kong's 「」 『』,
#: their vertical forms ﹁﹂ ﹃﹄, and 〝 closed by 〞 or 〟.
QUOTE_PAIRS = (("\u201c", "\u201d"), ("\u300a", "\u300b"), ("\u300c", "\u300d"), ("\u300e", "\u300f"), ("\ufe41", "\ufe42"),
                ("\ufe43", "\ufe44"), ("\u301d", "\u301e\u301f"))
#: A headline led by a quotation or a book title that closes before the line ends: “躺平式”养老：…, 「躺平式」養老：…, 《隐私法》读后感.
_QUOTED_LEAD = re.compile("(?:" + "|".join(f"{o}[^{c}]{{1,30}}[{c}]" for o, c in QUOTE_PAIRS) + ")(?=.)")
#: Blocks repeated with at least this many characters are duplicates even alone.
DUPLICATE_MIN_CHARS = 10
#: Longest block that can be a title or heading.
TITLE_MAX_CHARS = 40
#: Keys of a page's ``meta`` that reading sets for cleaning (where its <title>, headings and link lines are);
#: its units do not carry them.
LAYOUT_META = frozenset({"title_line", "heading_lines", "link_lines", "literal_mark_lines"})
#: Longest block of an HTML heading (``<h1>``..``<h6>``) that is a title: the markup is better
#: evidence than the text, so a headline with a subtitle may run longer; a longer one is a paragraph.
HEADING_MAX_CHARS = 60
_SPACE_LED = re.compile(r" +\S")


@dataclass(frozen=True)
class Rule:
    """One furniture rule: id, scope (``line``/``span``), pattern, reason, then, title_pieces, label_zh, page_title, html, after, right_after, link, max_lines, then_after, then_unless, table_rows.

    ``then``: ``comments`` (what follows are reader comments) or
    ``comments_after_body`` (the same once a ``body`` block has been kept: an
    end-of-article notice; before the article it is a header).  After a
    line rule's line; after a span rule's match, from the text it keeps or that
    follows it on the line (a PTT push's comment).
    ``then_after``: ids of rules one of which must have dropped something
    earlier in the document for ``then`` to apply (its own id: not on its first
    line; a forum's first floor is over the first post); ``then_unless``: a
    pattern that, matching at the start of the line (a span rule: of its match),
    keeps ``then`` from applying (a floor naming the original poster, 楼主 or 1#).
    ``title_pieces=False`` (span rules): the text on either side of a match is
    never a title (the pieces of a ``//@user:`` repost chain are its authors' texts).
    ``label_zh``: what the rule drops, in Chinese (the HTML report's label; optional).
    ``page_title=True``: tried only on a document's title line: the first line
    of a page read as HTML (:func:`is_html_page`) when that line is its
    ``<title>`` (the page shows no ``<h1>``; reading sets ``meta["title_line"]``),
    or the first line of a text file (not HTML, not a table row).
    ``html=True``: tried only on pages read as HTML (the ``html_*`` rules,
    whose ``<nav> `` marks a text file or a comment can start with too), and
    not on a line of a page's own text that starts like a mark (a tutorial's
    ``&lt;nav&gt; 元素``; reading lists them in ``meta["literal_mark_lines"]``).
    ``after``: ids of rules one of which must have dropped a line or a span
    earlier in the document (a ``: `` quote line only on a BBS page).
    ``right_after``: ids of line rules one of which must have dropped the line
    just before, with no blank line between (the headlines under 往期推荐).
    ``link=True`` (line rules): on a page read as HTML, tried only on a line
    that came whole from a link (``<a>``; reading lists them in
    ``meta["link_lines"]``); on other documents on any line.
    ``max_lines`` (line rules): the rule drops at most this many lines in a
    row (a list under 往期推荐, a signature under ``--``).
    ``table_rows=False``: not tried on a table row's text (a reader's comment
    in a JSONL/CSV cell holds no page navigation; a comment that starts like
    a link to the previous article, ``上一篇：``, is the reader's).
    A pattern of a span rule may name a group ``keep``: what it matches is
    kept, the rest of the match dropped (a PTT push's tag and time around its text).
    """

    id: str
    scope: str
    pattern: re.Pattern
    reason: str
    then: str | None = None
    title_pieces: bool = True
    label_zh: str | None = None
    page_title: bool = False
    html: bool = False
    after: frozenset[str] = frozenset()
    right_after: frozenset[str] = frozenset()
    link: bool = False
    max_lines: int | None = None
    then_after: frozenset[str] = frozenset()
    then_unless: re.Pattern | None = None
    table_rows: bool = True

    @cached_property
    def keep_group(self) -> int | None:
        """The number of the pattern's group ``keep`` (``None``: none); looked up once per rule, not on every line.

        >>> Rule("push", "span", re.compile(r"推 (?P<keep>.*) 09/14"), "push").keep_group
        1
        """
        return self.pattern.groupindex.get("keep")

    def applies(self, seen: "set[str] | frozenset[str]", previous: str | None, run: int = 0, link: bool = True) -> bool:
        """Whether the rule may be tried on a line, given what was dropped before it (``after``, ``right_after``, ``max_lines``) and the line's markup (``link``).

        ``seen``: the ids of the rules that dropped something earlier in the document;
        ``previous``: the id of the line rule that dropped the line just before (``None``: a blank or kept line);
        ``run``: how many lines in a row, up to the one before, ``previous`` dropped;
        ``link``: the line may be a link's (it came whole from an ``<a>``, or the document is no HTML page).

        >>> quote = Rule("q", "line", re.compile(r":\\s.*"), "quote", after=frozenset({"bbs_header"}))
        >>> quote.applies(set(), None), quote.applies({"bbs_header"}, None)
        (False, True)
        >>> item = Rule("i", "line", re.compile(r".{1,40}"), "item", right_after=frozenset({"h", "i"}), link=True, max_lines=2)
        >>> item.applies(set(), "i", run=1), item.applies(set(), "i", run=2), item.applies(set(), "h", run=1, link=False)
        (True, False, False)
        """
        return ((not self.after or not self.after.isdisjoint(seen)) and (not self.right_after or previous in self.right_after)
                and (self.max_lines is None or previous != self.id or run < self.max_lines) and (link or not self.link))

    def then_on(self, line: str, seen: "set[str] | frozenset[str]") -> str | None:
        """The rule's ``then`` on a line it matches (a span rule: on its match), given the ids of the rules that dropped something before (``seen``).

        >>> floor = Rule("f", "line", re.compile("楼主|沙发"), "floor", "comments", then_after=frozenset({"f"}), then_unless=re.compile("楼主"))
        >>> floor.then_on("沙发", set()), floor.then_on("沙发", {"f"}), floor.then_on("楼主", {"f"})
        (None, 'comments', None)
        """
        if not self.then or (self.then_after and self.then_after.isdisjoint(seen)) or (self.then_unless and self.then_unless.match(line)):
            return None
        return self.then


#: The values of a rule's ``then``.
THENS = ("comments", "comments_after_body")
#: Marks of HTML page chrome (:func:`argmine.html.html_to_text`) whose lines never start the
#: comments, whatever rule matches them: a 转载请注明出处 notice or a 热门评论 widget in a side bar,
#: a menu, a form or a hidden block is not where the article ends.  A ``<footer> `` is.
NO_THEN_MARKS = ("<nav> ", "<aside> ", "<form> ", "<hidden> ", "<title> ")


def is_html_page(doc: Document) -> bool:
    """Whether ``doc`` is a page read as HTML (``meta["format"] == "html"``, not a table row).

    >>> is_html_page(Document("d", "标题 - 新闻网", meta={"format": "html"}))
    True
    """
    return doc.row is None and doc.meta.get("format") == "html"


#: Chinese labels of the spans that cleaning drops without a rule from the rules file.
BUILTIN_LABELS_ZH = {"residue": "残留标点", "no_words": "无文字", "duplicate": "重复"}
#: The rule and reason of a line with no word character (segmentation drops one between the other line breaks so too).
NO_WORDS = ("no_words", "no word characters (only emoji, symbols or punctuation)")


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


def resolve_rules(rules: "tuple[Rule, ...] | list[Rule] | str | os.PathLike | None") -> tuple[Rule, ...]:
    """``rules=`` as :func:`clean` takes it: ``None`` (the packaged rules), rules from :func:`load_rules`, or a rules file path.

    >>> resolve_rules(None) is load_rules()
    True
    >>> resolve_rules(3)
    Traceback (most recent call last):
    ...
    TypeError: rules= takes a rules file path (TOML, as argmine/rules/furniture.toml) or the rules load_rules(path) returns (from argmine.clean import load_rules), not int
    """
    if rules is None:
        return _default_rules()
    if isinstance(rules, (tuple, list)) and all(isinstance(r, Rule) for r in rules):
        return rules if isinstance(rules, tuple) else tuple(rules)
    if isinstance(rules, (str, os.PathLike)):
        try:  # clean runs once per document: a file is read again only when it changes
            st = os.stat(rules)
        except OSError:
            return load_rules(rules)  # the one-line SchemaError naming the file
        return _rules_file(os.fspath(rules), st.st_mtime_ns, st.st_size)
    raise TypeError(E_RULES_ARG.format(found=type(rules).__name__))


@lru_cache(maxsize=8)
def _rules_file(path: str, _mtime_ns: int, _size: int) -> tuple[Rule, ...]:
    return load_rules(path)


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
    listed = data.get("rules", [])
    if not isinstance(listed, list) or not all(isinstance(r, dict) for r in listed):
        raise SchemaError(f"{source}: rules must be an array of tables, each rule under its own [[rules]] header")
    for i, r in enumerate(listed):
        where = f"{source}: rules[{i}]"
        missing = [k for k in ("id", "scope", "pattern", "reason") if k not in r]
        if missing:
            raise SchemaError(f"{where}: missing {', '.join(missing)}")
        if r["scope"] not in ("line", "span"):
            raise SchemaError(f"{where}: scope must be 'line' or 'span', found {r['scope']!r}")
        if r.get("then") is not None and r["then"] not in THENS:
            raise SchemaError(f"{where}: then must be {' or '.join(map(repr, THENS))} if given, found {r['then']!r}")
        for key in ("page_title", "html", "link", "table_rows"):
            if not isinstance(r.get(key, False), bool):
                raise SchemaError(f"{where}: {key} must be true or false, found {r[key]!r}")
        for key in ("link", "max_lines"):
            if key in r and r["scope"] != "line":
                raise SchemaError(f"{where}: {key} applies to line rules only; this is a {r['scope']} rule")
        if "max_lines" in r and (isinstance(r["max_lines"], bool) or not isinstance(r["max_lines"], int) or r["max_lines"] < 1):
            raise SchemaError(f"{where}: max_lines must be a whole number of at least 1 if given, found {r['max_lines']!r}")
        if "title_pieces" in r and (r["scope"] != "span" or not isinstance(r["title_pieces"], bool)):
            found = str(r["title_pieces"]).lower() if isinstance(r["title_pieces"], bool) else repr(r["title_pieces"])
            raise SchemaError(f"{where}: title_pieces must be true or false, on a span rule; found {found} on a {r['scope']} rule")
        if "label_zh" in r and not (isinstance(r["label_zh"], str) and r["label_zh"].strip()):
            raise SchemaError(f"{where}: label_zh must be a non-empty string if given, found {r['label_zh']!r}")
        for key in ("after", "right_after", "then_after"):
            if key in r and not (isinstance(r[key], list) and r[key] and all(isinstance(x, str) for x in r[key])):
                raise SchemaError(f"{where}: {key} must be a list of rule ids if given, found {r[key]!r}")
        for key in ("then_after", "then_unless"):
            if key in r and r.get("then") is None:
                raise SchemaError(f"{where}: {key} applies to a rule with a then; this rule has none")
        patterns = {}  # pattern, and then_unless if given
        for key in ("pattern", "then_unless"):
            if key in r and not isinstance(r[key], str):
                raise SchemaError(f"{where}: {key} must be a string (a regular expression), found {r[key]!r}")
            try:
                patterns[key] = re.compile(r[key]) if key in r else None
            except re.error as e:
                raise SchemaError(f"{where}: bad {key} {r[key]!r}: {e}") from None
        rules.append(Rule(r["id"], r["scope"], patterns["pattern"], r["reason"], r.get("then"), r.get("title_pieces", True), r.get("label_zh"), r.get("page_title", False),
                          r.get("html", False), frozenset(r.get("after", ())), frozenset(r.get("right_after", ())), r.get("link", False), r.get("max_lines"),
                          frozenset(r.get("then_after", ())), patterns["then_unless"], r.get("table_rows", True)))
    ids = {rule.id for rule in rules}
    for i, rule in enumerate(rules):
        for key in ("after", "right_after", "then_after"):
            unknown = sorted(getattr(rule, key) - ids)
            if unknown:
                raise SchemaError(f"{source}: rules[{i}]: {key} names no rule of this file: {', '.join(map(repr, unknown))}")
    return tuple(rules)


def _lines(text: str):
    """Yield ``(start, end)`` of each line without its line break."""
    n = len(text)
    for m in _LINE.finditer(text):
        start = m.start()
        if start == n and start > 0:
            break
        yield start, m.end(1)


def _line_count(text: str) -> int:
    """How many lines :func:`_lines` yields, counted without splitting ``text`` (a progress bar's total).

    >>> [_line_count(t) for t in ("", "a", "a\\n", "a\\r\\nb", "\\r\\r\\n\\n")]
    [1, 1, 1, 2, 3]
    """
    breaks = text.count("\n") + text.count("\r") - text.count("\r\n")
    return breaks + 1 - (breaks > 0 and text.endswith(("\n", "\r")))


def checked_progress(progress: Any) -> Any:
    """``progress`` as given, checked before any work: ``None`` or a function that wraps an iterable (``tqdm.tqdm``)."""
    if progress is not None and not callable(progress):
        raise TypeError(E_ARG_TYPE.format(name="progress", expected="None or a function that wraps an iterable, such as tqdm.tqdm",
                                          found=type(progress).__name__))
    return progress


def strip_span(text: str, start: int, end: int) -> tuple[int, int]:
    """Shrink ``start:end`` past surrounding whitespace and invisible characters (:data:`INVISIBLE`)."""
    while start < end and (text[start].isspace() or text[start] in INVISIBLE):
        start += 1
    while end > start and (text[end - 1].isspace() or text[end - 1] in INVISIBLE):
        end -= 1
    return start, end


def _matched_span(norm: Normalized, s: int, e: int, ms: int, me: int) -> tuple[int, int]:
    """The original offsets of a span rule's match ``ms:me`` in the normalised view of the line ``s:e``.

    The view leaves invisible characters out (:func:`argmine.normalize.visible`): the match runs from its first
    character to its last in the original, the invisible characters inside it included, none after it.

    >>> norm = normalize("正文\\u200b【广\\u200b告】\\u200b正文")
    >>> norm.view(0, 11)[2:6], _matched_span(norm, 0, 11, 2, 6)
    ('【广告】', (3, 8))
    """
    if norm.to_orig is None:
        return s + ms, s + me
    ns = norm.norm_span(s, e)[0]
    a, b = norm.orig_match(ns + ms, ns + me)
    return min(max(a, s), e), min(max(b, s), e)  # within the line (the t2s map of a phrase is proportional)


def clean(doc: Document, rules: "tuple[Rule, ...] | str | os.PathLike | None" = None, *, progress: Any = None) -> Cleaned:
    """Drop furniture and duplicates from ``doc`` and give every kept block a kind.

    ``rules``: the packaged rules (``None``), rules from :func:`load_rules`, or a rules file's path (:func:`resolve_rules`).
    ``progress(iterable, total=, desc=, unit=)`` (``tqdm.tqdm``, as :func:`argmine.analyze` takes it) wraps the loop
    over the text's lines, ``desc="cleaning"``, ``unit="line"``: most of the time of cleaning one long page.

    >>> [b.kind for b in clean(Document("d", "标题\\n正文第一句。"), progress=lambda lines, **kw: lines).blocks]
    ['title', 'body']
    """
    if not isinstance(doc, Document):
        raise TypeError(f"clean takes a Document, not a {type(doc).__name__}: clean(Document(id, text))")
    checked_progress(progress)
    rules = resolve_rules(rules)
    text = doc.text
    norm = normalize(text)
    forced_kind = doc.kind if doc.kind in KINDS else (doc.meta.get("kind") if doc.meta.get("kind") in KINDS else None)
    dropped: list[Dropped] = []
    # (start, end, space_led, starts_clean, ends_clean) per kept stretch
    candidates: list[tuple[int, int, bool, bool, bool]] = []
    marks: dict[int, str] = {}  # candidate index from which `then` applies
    space_led_lines = 0
    cut_previews: dict[int, int] = {}  # a preview whose full text a hidden block holds -> that block
    expand_links: set[int] = set()  # where the …展开全文 links dropped so far start (:func:`_unhide` looks one up per hidden line)
    in_full = False  # whether the <hidden> lines being read are the full text of a cut-off preview (:func:`_unhide`)

    html = is_html_page(doc)
    # the first line is the title line: an HTML page's <title>, or a text file's first line
    page_title = doc.meta.get("title_line", False) if html else doc.row is None
    heading_lines = set(doc.meta.get("heading_lines") or ()) if html else set()
    link_lines = set(doc.meta.get("link_lines") or ()) if html else None  # lines that came whole from a link (a rule's `link`)
    # lines of the page's own text that start like a mark (a tutorial's "<nav> 元素表示导航"): no html_* rule is tried on them
    literal_lines = set(doc.meta.get("literal_mark_lines") or ()) if html else set()
    headings: set[int] = set()  # where the lines of the page's <h1>..<h6> start, and the subjects a BBS subject label leaves
    line_rules, span_rules = _prefilters(rules, html=html, row=doc.row is not None)
    text_rules = _prefilters(rules) if literal_lines else (line_rules, span_rules)  # for those lines: the rules of a text file
    seen: set[str] = set()  # ids of the rules that dropped something so far (a rule's `after`)
    previous = None  # id of the line rule that dropped the line before (a rule's `right_after`)
    run = 0  # how many lines in a row it dropped (a rule's `max_lines`)
    lines = _lines(text) if progress is None else progress(_lines(text), total=_line_count(text), desc="cleaning", unit="line")
    for n, (ls, le) in enumerate(lines):
        s, e = strip_span(text, ls, le)
        if s == e:
            previous, run = None, 0
            continue
        if n in heading_lines:
            headings.add(s)
        nline = norm.view(s, e)
        link = link_lines is None or n in link_lines
        literal = n in literal_lines
        lrules, srules = text_rules if literal else (line_rules, span_rules)
        hit = _line_hit(nline, lrules, page_title, seen, previous, run=run, link=link)
        hidden = html and not literal and text.startswith(HIDDEN_MARK, s)
        in_full = in_full and hidden and text[ls - 1] != HIDDEN_BREAK  # a hidden block after the full text's is not the full text
        if hit and hidden and (full := strip_span(text, s + len(HIDDEN_MARK), e)[0] if in_full else _unhide(text, norm, s, e, le, candidates, dropped, doc.id, cut_previews, expand_links)):
            # the hidden block holds the full text of the cut-off preview above: only the mark of each of its lines is dropped
            # (a first line that repeats the preview whole is dropped as a duplicate: full is e, nothing of it is left)
            dropped.append(Dropped(doc.id, s, s + len(HIDDEN_MARK) - 1, HIDDEN_MARK[:-1], hit.id, _UNHIDDEN_REASON if full < e or in_full else _REPEAT_UNHIDDEN_REASON))
            s, nline = full, norm.view(full, e)
            # its later lines go on with the full text; furniture on them (收起全文) still goes
            hit = _line_hit(nline, line_rules, False, seen, previous, run=run, link=link) if in_full else None
            in_full = True
        if hit:
            dropped.append(Dropped(doc.id, s, e, text[s:e], hit.id, hit.reason))
            if hit.id in _EXPAND_RULES:
                expand_links.add(s)
            then = _line_then(nline, lrules, hit, page_title, seen, previous, run=run, link=link, marked=not literal)
            if then:
                _mark(marks, len(candidates), then)
            page_title = False
            seen.add(hit.id)
            previous, run = hit.id, run + 1 if hit.id == previous else 1
            continue
        if ls < le and text[ls] in INVISIBLE:  # \xad  楼主说得对 is space-led as a reader sees it
            seen_line = _seen(text, ls, le)
            space_led = seen_line.startswith(" ") and _SPACE_LED.match(seen_line) is not None
        else:
            space_led = text.startswith(" ", ls, le) and _SPACE_LED.match(text, ls, le) is not None
        space_led_lines += space_led
        spans = _span_hits(nline, srules, page_title, seen, previous)
        page_title = False
        previous, run = None, 0
        pos, clean_edge = s, True  # clean_edge: pos is the line start, or the end of a drop that allows titles
        for (ms, me, rule) in spans:
            a, b = _matched_span(norm, s, e, ms, me)
            if a > pos:
                _candidate(text, pos, a, candidates, dropped, doc.id, space_led, clean_edge, rule.title_pieces, trimmed=True)
            dropped.append(Dropped(doc.id, a, b, text[a:b], rule.id, rule.reason))
            if rule.id in _EXPAND_RULES:
                expand_links.add(a)
            if rule.id in _SUBJECT_RULES:  # the label decides that what it leaves is the title, as a heading's markup does
                headings.add(strip_span(text, b, e)[0])
            if then := rule.then_on(nline[ms:me], seen):  # the kept text after the match on (a PTT push's comment) and the blocks after it
                _mark(marks, len(candidates), then)
            seen.add(rule.id)
            pos, clean_edge = b, rule.title_pieces
        if pos < e:
            _candidate(text, pos, e, candidates, dropped, doc.id, space_led, clean_edge, True, trimmed=bool(spans))

    keep = _mark_duplicates(text, norm, candidates, dropped, doc.id, cut_previews)
    blocks = _assign_kinds(text, candidates, keep, marks, forced_kind, space_led_lines, doc.id, headings)
    dropped.sort(key=lambda d: (d.start, d.end))
    return Cleaned(doc, tuple(blocks), tuple(dropped), norm)


@dataclass(frozen=True)
class _Prefilter:
    """Which rules can match a line: those one of whose needed strings (:func:`_needed`) it holds.

    Most lines hold no rule's strings, so most lines cost one scan instead
    of one regex per rule.  ``gate`` finds the case-sensitive strings, the
    longest at each position; ``owners`` maps a found string to the rules
    needing it or one of its prefixes (those start there too).  ``folded``
    holds ``(rule index, hint, pattern)`` for ignore-case strings: the
    pattern is tried only on lines holding a ``hint`` character.  Rules
    without needed strings (``free``) are always tried.
    """

    rules: tuple[Rule, ...]
    free: frozenset[int]
    gate: re.Pattern | None
    owners: dict[str, frozenset[int]]
    folded: tuple[tuple[int, re.Pattern | None, re.Pattern], ...]
    thens: bool = False  # some rule has a ``then``


_PREFILTERS: dict[tuple[int, bool, bool], tuple[tuple[Rule, ...], _Prefilter, _Prefilter]] = {}


def _prefilters(rules: tuple[Rule, ...], html: bool = False, row: bool = False) -> tuple[_Prefilter, _Prefilter]:
    """The line and span prefilters of ``rules`` (without ``html`` rules unless ``html``, without the rules that
    leave table rows alone when ``row``), kept per tuple of rules.

    Looked up by identity: hashing every rule for each document would cost
    more than cleaning a short one.
    """
    key = (id(rules), html, row)
    cached = _PREFILTERS.get(key)
    if cached is None or cached[0] is not rules:
        if len(_PREFILTERS) >= 16:
            _PREFILTERS.clear()
        used = tuple(r for r in rules if (html or not r.html) and (r.table_rows or not row))
        cached = _PREFILTERS[key] = (rules, _prefilter(used, "line"), _prefilter(used, "span"))
    return cached[1], cached[2]


def _prefilter(rules: tuple[Rule, ...], scope: str) -> _Prefilter:
    """The prefilter of the ``scope`` (``line`` or ``span``) rules among ``rules``."""
    rules = tuple(r for r in rules if r.scope == scope)
    needs = [_needed(r.pattern) for r in rules]
    exact = {s for n in needs if n for s, ci in n if not ci}
    owners = {t: frozenset(i for i, n in enumerate(needs) if n and any(not ci and t.startswith(s) for s, ci in n)) for t in exact}
    folded = []
    for i, n in enumerate(needs):
        strings = sorted(s for s, ci in n or () if ci)
        if strings:
            firsts = [_case_variants(s[0]) for s in strings]
            hint = None if None in firsts else re.compile("[" + "".join(map(re.escape, sorted(set().union(*firsts)))) + "]")
            folded.append((i, hint, re.compile("|".join(f"(?i:{re.escape(s)})" for s in strings))))
    gate = re.compile(_trie(exact)) if exact else None
    free = frozenset(i for i, n in enumerate(needs) if n is None)
    return _Prefilter(rules, free, gate, owners, tuple(folded), any(r.then for r in rules))


def _candidates(line: str, prefilter: _Prefilter) -> list[Rule]:
    """The rules that may match ``line`` (or somewhere in it), in order."""
    found = prefilter.free
    gate = prefilter.gate
    m = gate.search(line) if gate is not None else None
    while m is not None:
        found = found | prefilter.owners[m.group()]
        m = gate.search(line, m.start() + 1)
    for i, hint, pattern in prefilter.folded:
        if i not in found and (hint is None or hint.search(line)) and pattern.search(line):
            found = found | {i}
    return [prefilter.rules[i] for i in sorted(found)] if found else []


def _trie(strings) -> str:
    """A pattern matching any of ``strings``, the longest one at a position, grouped by common prefixes.

    >>> _trie(["评论", "评论区", "回复"])
    '(?:回复|评论(?:区)?)'
    """
    root: dict = {}
    for s in strings:
        node = root
        for ch in s:
            node = node.setdefault(ch, {})
        node[""] = {}

    def branch(node) -> str:
        alternatives = [re.escape(ch) + branch(node[ch]) for ch in sorted(node) if ch]
        if "" in node:
            return f"(?:{'|'.join(alternatives)})?" if alternatives else ""
        return alternatives[0] if len(alternatives) == 1 else f"(?:{'|'.join(alternatives)})"

    return branch(root)


#: Characters outside ASCII that match an ASCII letter when case is ignored (checked by the tests).
_FOLDS = {"i": "\u0130\u0131", "k": "\u212a", "s": "\u017f"}


def _case_variants(ch: str) -> set[str] | None:
    """Every character that ``(?i:ch)`` matches, for an ASCII ``ch`` (``None`` otherwise)."""
    if not ch.isascii():
        return None
    return {ch, ch.lower(), ch.upper(), *_FOLDS.get(ch.lower(), "")}


def _matching_line_rules(line: str, line_rules: _Prefilter, page_title: bool = False, seen=frozenset(), previous=None, *, run=0, link=True) -> Iterator[Rule]:
    """The line rules that match the whole line, in order (``page_title``: the line is a document's title line).

    ``seen``, ``previous``, ``run`` and ``link``: what was dropped before and the line's markup
    (:meth:`Rule.applies`); by default nothing, so that a rule with ``after`` or ``right_after`` is not tried.
    """
    return (r for r in _candidates(line, line_rules)
            if (page_title or not r.page_title) and r.applies(seen, previous, run, link) and r.pattern.fullmatch(line))


def _line_hit(line: str, line_rules: _Prefilter, page_title: bool = False, seen=frozenset(), previous=None, *, run=0, link=True) -> Rule | None:
    """The first line rule that matches the whole line."""
    return next(_matching_line_rules(line, line_rules, page_title, seen, previous, run=run, link=link), None)


def _line_then(line: str, line_rules: _Prefilter, hit: Rule, page_title: bool = False, seen=frozenset(), previous=None, *, run=0, link=True,
               marked=True) -> str | None:
    """The ``then`` of a dropped line: the dropping rule's, else that of the first later line rule with one that matches.

    A line that ``html_footer`` drops can still be a ``repost_notice`` (what follows are comments);
    a line of other page chrome (:data:`NO_THEN_MARKS`) has none.  ``marked=False``: the line's
    start is the page's own text (``meta["literal_mark_lines"]``), no mark.
    """
    if (marked and line.startswith(NO_THEN_MARKS)) or not line_rules.thens:
        return None
    if hit.then and (then := hit.then_on(line, seen)):
        return then
    return next((t for r in _matching_line_rules(line, line_rules, page_title, seen, previous, run=run, link=link) if (t := r.then_on(line, seen))), None)


def _re_parser():
    """The parser of the re module (``re._parser``; ``sre_parse`` before Python 3.11)."""
    try:
        from re import _parser as parser
    except ImportError:  # pragma: no cover - older Pythons
        import sre_parse as parser  # type: ignore[no-redef]
    return parser


#: Most strings a pattern piece may stand for before it counts as unknown.
_MAX_STRINGS = 64


@lru_cache(maxsize=256)
def _needed(pattern: re.Pattern) -> frozenset[tuple[str, bool]] | None:
    """Strings one of which every match of ``pattern`` contains, or ``None`` if none are known.

    Each is ``(text, ignore_case)``; a line without any of them cannot match,
    so the (slow) regex is not tried on it.  Read from the parsed pattern:
    plain characters, small character sets, alternations, optional parts and
    lookarounds; anything else (``.``, ``\\d``, negative lookarounds, a
    repetition that may match nothing) stands for no string.  Of the
    candidates in a sequence, those with the longest shortest string are kept.

    >>> sorted(_needed(re.compile(r"(更多|全部)(评论|回复)\\s*\\d+")))
    [('全部回复', False), ('全部评论', False), ('更多回复', False), ('更多评论', False)]
    >>> sorted(_needed(re.compile(r"[^。]{0,40}(©|(?i:copyright))")))
    [('copyright', True), ('©', False)]
    >>> _needed(re.compile(r".*\\d")) is None
    True
    """
    if pattern.flags & ~re.UNICODE or not isinstance(pattern.pattern, str):
        return None  # global flags (ignore case, ASCII, ...): no shortcut
    try:  # re's parser is internal: if it is not what we read, there is simply no shortcut
        parser = _re_parser()
        needs = _seq_needs(parser, list(parser.parse(pattern.pattern, pattern.flags)), False)
    except Exception:  # noqa: BLE001
        return None
    # a string holding another of the set adds nothing
    return None if needs is None else frozenset(n for n in needs if not any(m != n and m[1] == n[1] and m[0] in n[0] for m in needs))


def _seq_needs(parser, items, ci: bool) -> frozenset[tuple[str, bool]] | None:
    """What a sequence of pattern items needs: the best of its runs of spelt-out items and its other items."""
    candidates = []
    run: list = []

    def close_run():
        strings = _seq_strings(parser, run)
        if strings is not None and "" not in strings:
            candidates.append(frozenset((s, ci) for s in strings))
        run.clear()

    for op, av in items:
        if _item_strings(parser, op, av) is not None:
            run.append((op, av))
            continue
        close_run()
        needs = _item_needs(parser, op, av, ci)
        if needs is not None:
            candidates.append(needs)
    close_run()
    return max(candidates, key=lambda c: (min(len(s) for s, _ in c), -len(c)), default=None)


def _item_needs(parser, op, av, ci: bool) -> frozenset[tuple[str, bool]] | None:
    if op is parser.SUBPATTERN:
        _group, add, remove, sub = av
        if (add | remove) & ~(re.UNICODE | re.IGNORECASE):
            return None
        return _seq_needs(parser, sub, (ci or bool(add & re.IGNORECASE)) and not remove & re.IGNORECASE)
    if op is parser.BRANCH:  # every alternative must need something
        alternatives = [_seq_needs(parser, alt, ci) for alt in av[1]]
        return None if any(a is None for a in alternatives) else frozenset().union(*alternatives)
    if op in _repeats(parser):
        low, _high, sub = av
        return _seq_needs(parser, sub, ci) if low >= 1 else None
    if op is parser.ASSERT:  # a lookahead or lookbehind looks inside the same string
        return _seq_needs(parser, av[1], ci)
    if op is getattr(parser, "ATOMIC_GROUP", None):
        return _seq_needs(parser, av, ci)
    return None


def _repeats(parser) -> tuple:
    return tuple(getattr(parser, name) for name in ("MAX_REPEAT", "MIN_REPEAT", "POSSESSIVE_REPEAT") if hasattr(parser, name))


def _seq_strings(parser, items) -> set[str] | None:
    """Every string a sequence of items matches, if there are few (at most :data:`_MAX_STRINGS`)."""
    out = {""}
    for op, av in items:
        strings = _item_strings(parser, op, av)
        if strings is None:
            return None
        out = {a + b for a in out for b in strings}
        if len(out) > _MAX_STRINGS:
            return None
    return out


def _item_strings(parser, op, av) -> set[str] | None:
    if op is parser.LITERAL:
        return {chr(av)}
    if op is parser.IN:  # a set of plain characters ([!！。]), not a range, class or negation
        return {chr(c) for _, c in av} if len(av) <= 16 and all(o is parser.LITERAL for o, _ in av) else None
    if op is parser.SUBPATTERN:
        _group, add, remove, sub = av
        return _seq_strings(parser, sub) if not (add | remove) & ~re.UNICODE else None
    if op is parser.BRANCH:
        alternatives = [_seq_strings(parser, alt) for alt in av[1]]
        if any(a is None for a in alternatives):
            return None
        out = set().union(*alternatives)
        return out if len(out) <= _MAX_STRINGS else None
    if op in _repeats(parser):  # x? or x{1,2}: each count spelt out
        low, high, sub = av
        once = _seq_strings(parser, sub) if high <= 2 else None
        if once is None:
            return None
        out = set().union(*[{""}, once, {a + b for a in once for b in once}][low : high + 1])
        return out if len(out) <= _MAX_STRINGS else None
    return None


def _span_hits(line: str, span_rules: _Prefilter, page_title: bool = False, seen=frozenset(), previous=None) -> list[tuple[int, int, Rule]]:
    """Where span rules match in ``line``: ``(start, end, rule)``, overlaps merged; a group ``keep`` splits a match."""
    hits = []
    for r in _candidates(line, span_rules):
        if (r.page_title and not page_title) or not r.applies(seen, previous):
            continue
        keep = r.keep_group
        for m in r.pattern.finditer(line):
            if keep is not None and m.end(keep) > m.start(keep):  # an empty group keeps nothing: the whole match goes
                hits.extend((a, b, r) for a, b in ((m.start(), m.start(keep)), (m.end(keep), m.end())) if b > a)
            elif m.end() > m.start():
                hits.append((m.start(), m.end(), r))
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
            dropped.append(Dropped(doc_id, s, e, text[s:e], *NO_WORDS))
        return
    candidates.append((s, e, space_led, starts_clean, ends_clean))


def duplicate_key(norm: Normalized, start: int, end: int) -> str:
    """What duplicate detection compares: the normalised view without whitespace or invisible characters.

    >>> duplicate_key(normalize("隐私，\u00a0很重要。\u200b"), 0, 9)
    '隐私,很重要。'
    """
    key = "".join(norm.view(start, end).split())  # str.split() splits at what re's \s matches
    for ch in _DUP_INVISIBLE:
        if ch in key:
            key = key.replace(ch, "")
    return key


def _mark(marks: dict[int, str], at: int, then: str) -> None:
    """Mark block ``at`` (and those after it) ``then``; a weaker mark never replaces "comments" at the same block.

    >>> marks = {}
    >>> _mark(marks, 3, "comments"); _mark(marks, 3, "body"); marks
    {3: 'comments'}
    """
    marks[at] = "comments" if "comments" in (then, marks.get(at)) else then


#: How :func:`argmine.html.html_to_text` starts each line of a hidden block (the ``html_hidden`` rule drops it).
HIDDEN_MARK = "<hidden> "
_UNHIDDEN_REASON = "mark of a hidden block that holds the full text of the cut-off preview above: the block is kept, the preview dropped"
_REPEAT_UNHIDDEN_REASON = "mark of a hidden block that holds the full text of the cut-off preview above: its first line repeats the preview, its later lines are kept"
#: The rules that drop a ``…展开全文`` link after a cut-off preview.
_EXPAND_RULES = ("expand_preview", "expand_full")
#: The span rules that drop the label of a BBS post's subject line (``標題``): the subject the label leaves
#: on the line is the post's title, whatever it ends in (a PTT ``[問卦]`` subject is a question).
_SUBJECT_RULES = ("bbs_subject",)
_SENTENCE_END = re.compile("[\u3002\uff61\uff01\uff1f!?\uff1b;]")  # 。｡！？!?；;
#: A cut mark at the end of a duplicate key: a quote of an earlier post cut short (``用户的消费 ...``).
_CUT_END = re.compile(r"(?:\.{2,}|\u2026+)$")


def _unhide(text: str, norm: Normalized, s: int, e: int, line_end: int, candidates, dropped: list[Dropped], doc_id: str,
            cut_previews: dict[int, int], expand_links: "set[int] | frozenset[int]") -> int | None:
    """Where the text of the hidden line ``s:e`` starts past its mark, when it repeats and goes on with the preview above it (else ``None``).

    The preview is the last kept stretch before the line, followed by a ``…展开全文`` link that a rule of
    :data:`_EXPAND_RULES` dropped (``expand_links``: where such drops start, looked up rather than
    searched for, so that a page of hidden blocks stays linear): a Weibo search page's ``feed_list_content`` over its hidden
    ``feed_list_content_full``.  The whole stretch is the preview (noted in ``cut_previews``, for
    :func:`_mark_duplicates` to drop), or only its last sentence, which is dropped here (Douban's
    ``…钱包就是钱包。隐私问题…(展开)`` over the whole comment).  A line that repeats the whole preview
    without going on is the full text's first line when the same hidden block goes on after it (``line_end``: where
    the line ends; Weibo cut the preview at a ``<br>``): it is dropped here as a duplicate, and ``e`` returned.
    """
    if not candidates:
        return None
    cs, ce, *flags = candidates[-1]
    if _next_visible(text, ce) not in expand_links:
        return None
    start = strip_span(text, s + len(HIDDEN_MARK), e)[0]
    full = duplicate_key(norm, start, e)
    preview = duplicate_key(norm, cs, ce)
    if _goes_on(full, preview):
        cut_previews[len(candidates) - 1] = len(candidates)
        return start
    if full and full == preview.rstrip(".\u2026") and _hidden_next(text, line_end):
        dropped.append(Dropped(doc_id, start, e, text[start:e], "duplicate", f"repeats the block at offset {cs}"))
        return e
    ends = [m.end() for m in _SENTENCE_END.finditer(text, cs, ce)]
    tail = strip_span(text, ends[-1], ce)[0] if ends else ce
    if tail < ce and WORD_CHAR.search(text, tail, ce) and _goes_on(full, duplicate_key(norm, tail, ce)):
        candidates[-1] = (cs, strip_span(text, cs, tail)[1], flags[0], flags[1], False)
        dropped.append(Dropped(doc_id, tail, ce, text[tail:ce], "duplicate", f"a cut-off preview of the block at offset {start}"))
        return start
    return None


def _hidden_next(text: str, line_end: int) -> bool:
    """Whether the line after the one ending at ``line_end`` is a line of the same hidden block (``<hidden> `` after a line break that is no :data:`HIDDEN_BREAK`).

    >>> _hidden_next("<hidden> 甲\\n<hidden> 乙", 10), _hidden_next("<hidden> 甲\\r<hidden> 乙", 10), _hidden_next("<hidden> 甲\\n乙", 10)
    (True, False, False)
    """
    after = line_end + 2 if text.startswith("\r\n", line_end) else line_end + 1
    return text.startswith("\n", after - 1) and text.startswith(HIDDEN_MARK, after)


def _goes_on(full: str, preview: str) -> bool:
    """Whether the duplicate key ``full`` repeats ``preview`` (its ``...``/``…`` left out) and goes on.

    >>> _goes_on("隐私问题才是核心", "隐私问题…"), _goes_on("隐私问题", "隐私问题")
    (True, False)
    """
    preview = preview.rstrip(".\u2026")
    return bool(preview) and len(full) > len(preview) and full.startswith(preview)


#: The lengths of block starts :func:`_mark_quotes` indexes, each at most 5/4 of the one before.
_QUOTE_INDEX = (DUPLICATE_MIN_CHARS, 12, 14, 16, 18, 20, 24, 28, 32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320, 384, 448, 512)


#: The rules whose drops mark a quote: its header above it (``X wrote:``), its cut mark after it (``(恕刪)``).
_QUOTE_MARKS = ("quote_header", "quote_cut")
#: Discuz's cut mark at the end of a quote: white space, then ``...``.
_SPACED_CUT = re.compile(r"\s\.{2,}$")


def _quoted(text: str, candidates, i: int, marks: list[tuple[int, int, str]]) -> bool:
    """Whether block ``i`` is in a quote: it ends in Discuz's `` ...``, or a ``quote_header`` drop is right above it, or a ``quote_cut`` drop right after it.

    ``marks``: the ``(start, end, rule)`` of the drops of :data:`_QUOTE_MARKS`, in order.  "Right" means
    with no other block between.
    """
    s, e = candidates[i][:2]
    if _SPACED_CUT.search(_seen(text, s, e)):  # 用户 \u200b... is cut as 用户 ... is
        return True
    above = candidates[i - 1][1] if i else 0
    below = candidates[i + 1][0] if i + 1 < len(candidates) else len(text)
    for ms, me, rule in marks[bisect.bisect_left(marks, (above,)) :]:
        if ms >= below:
            break
        if (rule == "quote_header" and me <= s) or (rule == "quote_cut" and ms >= e):
            return True
    return False


def _mark_quotes(text: str, keys: list[str], candidates, keep: list[bool], dropped: list[Dropped], doc_id: str) -> None:
    """Drop each kept block that quotes earlier blocks: their start cut short with ``...`` or ``…``, or two or more of them joined.

    A forum reply quoting a post copies its start cut with `` ...`` (Discuz's ``<blockquote>``) or its
    lines joined into one (Mobile01's ``X wrote:`` quote).  The quote's key, without its cut mark, must
    have :data:`DUPLICATE_MIN_CHARS` characters and start at an earlier block, in the keys of the blocks
    before it read as one string; a block without a cut mark must end where a later block but one starts
    (a copy of one block or of its start without a mark is no quote: exact copies are duplicates already).
    It must be in a quote, too (:func:`_quoted`): a reader's own ``钱包就是钱包，隐私才…`` is kept.

    >>> text = "钱包就是钱包，\\n隐私才是底线。\\n甲 wrote:\\n钱包就是钱包，隐私才是底线。\\n钱包就是钱包，隐私才 ...\\n钱包就是钱包，隐私才…"
    >>> cands = [(m.start(), m.end()) for m in re.finditer("[^\\n]+", text) if "wrote" not in m[0]]
    >>> keep, dropped = [True] * 5, [Dropped("d", 16, 24, "甲 wrote:", "quote_header", "")]
    >>> _mark_quotes(text, [text[s:e].replace(" ", "") for s, e in cands], cands, keep, dropped, "d"); keep
    [True, True, False, False, True]
    """
    offsets, total = [], 0
    for key in keys:
        offsets.append(total)
        total += len(key)
    joined = "".join(keys)
    bounds = set(offsets) | {total}
    # length -> hash of the first `length` characters from each block on -> the blocks, in order; built
    # when a quote needs it.  A quote looks among the blocks sharing the longest indexed start it holds
    # (4/5 of it or more, up to 512 characters), not all sharing its first characters: lines with a common start (a chat
    # log's date) cost no more than lines without one.
    starts: dict[int, dict[int, list[int]]] = {}
    # (length, start hash, quote length) -> the blocks of that list read so far for quotes of that length, as the hash of
    # their text of that length -> the first block with it (of all, and of those whose text ends where a later block but
    # one starts), and how many are read.  Quotes come in order, so a block read for one is before every later one:
    # each list is read once for each length of quote looking in it, not once for each quote (10,000 cut-off replies
    # sharing a start read all the blocks before each of them: minutes).
    scans: dict[tuple[int, int, int], tuple[dict[int, int], dict[int, int], list[int]]] = {}
    marks = sorted((d.start, d.end, d.rule) for d in dropped if d.rule in _QUOTE_MARKS)
    for i, key in enumerate(keys):
        cut = _CUT_END.search(key)
        quote = key[: cut.start()] if cut else key
        if not keep[i] or len(quote) < DUPLICATE_MIN_CHARS or not _quoted(text, candidates, i, marks):
            continue
        size = _QUOTE_INDEX[bisect.bisect_right(_QUOTE_INDEX, len(quote)) - 1]
        if size not in starts:
            starts[size] = index = {}
            for j, o in enumerate(offsets):
                if o + size <= total:
                    index.setdefault(hash(joined[o : o + size]), []).append(j)
        head = hash(quote[:size])
        bucket = starts[size].get(head, ())
        firsts, joins, read = scans.setdefault((size, head, len(quote)), ({}, {}, [0]))
        wanted = hash(quote)
        j = (firsts if cut else joins).get(wanted)
        if j is not None and not joined.startswith(quote, offsets[j]):  # another text with its hash came first
            j = _quote_source(joined, offsets, keys, bounds, bucket, i, quote, bool(cut))
        elif j is None:
            while read[0] < len(bucket):
                k = bucket[read[0]]
                o, end = offsets[k], offsets[k] + len(quote)
                if k >= i or end > offsets[i]:
                    break
                read[0] += 1
                seen = hash(joined[o:end])
                firsts.setdefault(seen, k)
                joined_on = end in bounds and end > o + len(keys[k])
                if joined_on:
                    joins.setdefault(seen, k)
                if seen == wanted and (cut or joined_on) and joined.startswith(quote, o):
                    j = k
                    break
        if j is not None:
            keep[i] = False
            s, e = candidates[i][:2]
            why = f"a cut-off quote of the text at offset {candidates[j][0]}" if cut else f"the blocks from offset {candidates[j][0]} on, joined"
            dropped.append(Dropped(doc_id, s, e, text[s:e], "duplicate", why))


def _quote_source(joined: str, offsets: list[int], keys: list[str], bounds: set[int], bucket, i: int, quote: str, cut: bool) -> int | None:
    """The first block of ``bucket`` before block ``i`` whose text in ``joined`` starts with ``quote`` (``cut``), or is ``quote`` joined from it and the next blocks (``None``: none).

    The blocks are read one by one: :func:`_mark_quotes` does so only when two texts of a quote's length share a hash.
    """
    for j in bucket:
        o = offsets[j]
        if j >= i or o + len(quote) > offsets[i]:
            break
        end = o + len(quote)
        if joined.startswith(quote, o) and (cut or (end in bounds and end > o + len(keys[j]))):
            return j
    return None


def _mark_duplicates(text, norm, candidates, dropped, doc_id, cut_previews: "dict[int, int] | None" = None) -> list[bool]:
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
        # its length as a reader sees it: zero-width spaces in a copy of a short 说得太对了！ do not make it a duplicate
        if near or len(_seen(text, s, e)) >= DUPLICATE_MIN_CHARS:
            keep[i] = False
            fs = candidates[first][0]
            dropped.append(Dropped(doc_id, s, e, text[s:e], "duplicate", f"repeats the block at offset {fs}"))
    for i, full in (cut_previews or {}).items():  # a preview whose full text a hidden block holds (:func:`_unhide`)
        if keep[i] and full < len(candidates):
            keep[i] = False
            s, e = candidates[i][:2]
            dropped.append(Dropped(doc_id, s, e, text[s:e], "duplicate", f"a cut-off preview of the block at offset {candidates[full][0]}"))
    _mark_quotes(text, keys, candidates, keep, dropped, doc_id)
    # A preview cut off by "…展开全文" (dropped by the expand_preview or
    # expand_full rule) that a later block continues: the full block is kept.
    previews = {d.start for d in dropped if d.rule in ("expand_preview", "expand_full")}
    if not previews:
        return keep
    # the blocks kept so far (a preview dropped below lies before every block that a later preview's look-up may return)
    later = _sorted_keys(keys, keep)
    for i, (s, e, *_rest) in enumerate(candidates):
        if not keep[i] or len(keys[i]) < DUPLICATE_MIN_CHARS or _next_visible(text, e) not in previews:
            continue
        full = _first_continuation(later, i, keys[i])
        if full is not None:
            keep[i] = False
            fs = candidates[full][0]
            dropped.append(Dropped(doc_id, s, e, text[s:e], "duplicate", f"a cut-off preview of the block at offset {fs}"))
    return keep


def _sorted_keys(keys: list[str], keep: list[bool]) -> tuple[list[str], list[int]]:
    """The kept blocks' duplicate keys in sorted order, and their block numbers (:func:`_first_continuation` reads them)."""
    order = sorted((j for j, kept in enumerate(keep) if kept), key=keys.__getitem__)
    return [keys[j] for j in order], order


def _first_continuation(index: tuple[list[str], list[int]], i: int, prefix: str) -> int | None:
    """The first block after block ``i`` whose key starts with ``prefix`` (``None``: none), in an ``index`` of :func:`_sorted_keys`.

    The keys that start with ``prefix`` lie together from where it bisects the sorted keys, and only they are
    read: a page of previews that no full text follows costs a sort, not a comparison of every pair of blocks.

    >>> index = _sorted_keys(["支付宝做社交", "支付宝", "支付宝做社交了吗", "微信"], [True, True, True, True])
    >>> _first_continuation(index, 0, "支付宝做"), _first_continuation(index, 2, "支付宝"), _first_continuation(index, 0, "淘宝")
    (2, None, None)
    """
    sorted_keys, blocks = index
    first = None
    for k in range(bisect.bisect_left(sorted_keys, prefix), len(sorted_keys)):
        if not sorted_keys[k].startswith(prefix):
            break
        if blocks[k] > i and (first is None or blocks[k] < first):
            first = blocks[k]
    return first


def _next_visible(text: str, pos: int) -> int:
    """``pos`` moved past whitespace (the start of whatever follows a stretch)."""
    return strip_span(text, pos, len(text))[0]


def _assign_kinds(text, candidates, keep, marks, forced_kind, space_led_lines, doc_id, headings=frozenset()) -> list[Block]:
    """``headings``: where the lines of an HTML page's headings start (``meta["heading_lines"]``), and the subjects that a
    BBS subject label (:data:`_SUBJECT_RULES`) leaves."""
    blocks: list[Block] = []
    in_comments = False
    # Indentation is layout when the text's first paragraph (its first block
    # that is not heading-like) is indented: an article that indents every
    # paragraph, as U+3000 or tab indentation always is.  Otherwise a thread of
    # two or more space-led lines after unindented text is the comments.
    first_para = next((c for i, c in enumerate(candidates) if not (c[3] and c[4] and _looks_like_title(text, c[0], c[1], headline=i == 0))), None)
    threads = space_led_lines >= 2 and not (first_para and first_para[2])
    # each block as a reader sees it, without invisible characters: 三\u200b、总结 is numbered as 三、总结 is
    seen = [_seen(text, s, e) for s, e, *_rest in candidates]
    numbered = [bool(_NUMBERED.match(line)) for line in seen]
    first_kept = next((i for i, k in enumerate(keep) if k), None)
    # the markup says so: it may end in ？ or hold a ！ (支付宝做社交？用户为何不买账)
    marked = [s in headings and ends_clean and len(line) <= HEADING_MAX_CHARS and not _BULLET.match(line)
              for line, (s, _e, _space_led, _starts_clean, ends_clean) in zip(seen, candidates)]
    # a numbered line next to another numbered line is a list item, a lone one a section heading
    titled = [keep[i] and not marked[i] and starts_clean and ends_clean and _looks_like_title(text, s, e, headline=i == first_kept)
              and not (numbered[i] and ((i > 0 and numbered[i - 1]) or (i + 1 < len(numbered) and numbered[i + 1])))
              for i, (s, e, _space_led, starts_clean, ends_clean) in enumerate(candidates)]
    titles = _titles(text, candidates, titled, marked, keep, marks, threads, first_kept, seen)
    for i, (s, e, space_led, starts_clean, ends_clean) in enumerate(candidates):
        then = marks.get(i)
        if then == "comments" or (then == "comments_after_body" and any(b.kind == "body" for b in blocks)):
            in_comments = True
        if space_led and threads:
            in_comments = True
        if not keep[i]:
            continue
        if forced_kind:
            kind = forced_kind
        elif in_comments:
            kind = "comment"
        elif marked[i] or i in titles:
            kind = "title"
        else:
            kind = "body"
        blocks.append(Block(doc_id, s, e, kind))
    return blocks


def _titles(text: str, candidates, titled: list[bool], marked: list[bool], keep: list[bool], marks: dict[int, str], threads: bool, first_kept: int | None,
            seen: list[str] | None = None) -> set[int]:
    """The heading-like blocks (``titled``) that are titles: a heading stands over text.

    The document's first block, its headline, is one when a kept block follows it.  Other blocks that look
    like headings (``titled``, or an HTML heading: ``marked``) head the body blocks after them, up to the
    next such block, and are titles when that text is longer than they are together and is prose
    (:func:`_opens_prose`), or, for a lone numbered heading (一、, 1., （一）, 第X章), whatever it is.  Under the headline they may be several in a row (a subtitle, a byline, a date);
    after body text a heading is one block.  So lines that no body text follows (the document's end, a
    ``then`` mark where the comments may start, an indented thread), lines in a row after body text, a line
    longer than the text under it and one over a line that goes on without a sentence end are a post written
    without punctuation or hard-wrapped text, not headings.  Blocks are read and counted as a reader sees them
    (``seen``: each candidate's :func:`_seen` text), without invisible characters.

    >>> text = "标题\\n小标题\\n正文写了很长的一段。\\n没有句号\\n又一行\\n正文写了很长很长的一段。\\n小标题\\n正文写了很长的一段。\\n"
    >>> blocks = [(m.start(), m.end(), False, True, True) for m in re.finditer("[^\\n]+", text)]
    >>> sorted(_titles(text, blocks, [True, True, False, True, True, False, True, False], [False] * 8, [True] * 8, {}, False, 0))
    [0, 1, 6]
    """
    if seen is None:
        seen = [_seen(text, s, e) for s, e, *_rest in candidates]
    titles = {first_kept} if first_kept is not None and titled[first_kept] and any(keep[first_kept + 1 :]) else set()
    run: list[int] = []  # heading-like blocks in a row, and how many characters they and the body text under them have
    run_chars = under = 0
    opens: bool | None = False  # the text under the run is prose (None: its first block ends in a colon)
    top = True  # no body text above the run: it is the document's head
    for i in range(len(candidates) + 1):
        end = i == len(candidates)
        heading = not end and keep[i] and (titled[i] or marked[i]) and i != first_kept
        section = heading and titled[i] and bool(_SECTION.match(seen[i]))
        lone_section = len(run) == 1 and titled[run[0]] and bool(_SECTION.match(seen[run[0]]))
        if heading and not section and lone_section and not under:
            heading = False  # a line right under a numbered heading is the text it heads (三、总结 over 钱包就是钱包)
        if end or i in marks or (threads and candidates[i][2]) or (heading and (under or (section and not top))):
            if under > run_chars and (opens is True or lone_section) and (top or len(run) == 1):
                titles.update(j for j in run if titled[j])
            top = top and not under
            run, run_chars, under = [], 0, 0
        if heading:
            run.append(i)
            run_chars += len(seen[i])
        elif not end and keep[i] and i != first_kept:
            s, e = candidates[i][:2]
            if not under:
                opens = _opens_prose(text, s, e, candidates[run[-1]][:2] if run else None)
            elif opens is None:
                opens = True  # a colon, then more text: a list or a quotation under a sentence
            under += len(seen[i])
    return titles


def _opens_prose(text: str, s: int, e: int, heading: tuple[int, int] | None) -> bool | None:
    """Whether ``text[s:e]``, the first block under ``heading``, starts prose; None when it ends in a colon.

    It does when it ends a sentence (。！？…~；), in an emoji or a symbol (``很难找😂``), or holds sentence
    punctuation without ending in ，、 when the heading has no ，、, in it (a heading with a clause over a block
    that goes on is hard-wrapped text); a colon (``步骤如下：``) is prose when more text follows.
    """
    core = _seen(text, s, e).rstrip(_TRAILING)
    if not core:
        return False
    last = core[-1]
    if last in _FINAL + "\uff1b;" or unicodedata.category(last) in ("So", "Sk"):
        return True
    if last in COLONS:
        return None
    wrapped = heading is not None and _HEADING_COMMA.search(text, heading[0], heading[1]) is not None
    return last not in _CONTINUING and not wrapped and _PROSE_MARK.search(core) is not None


def _seen(text: str, s: int, e: int) -> str:
    """``text[s:e]`` as a reader sees it, without invisible characters (:data:`INVISIBLE`), for the rules that read the
    original text rather than the normalised view (what a block's kind is).

    >>> _seen("问\u200b：圈子是什么", 0, 8)
    '问：圈子是什么'
    """
    return without_invisible(text[s:e])


def _looks_like_title(text: str, s: int, e: int, *, headline: bool = False) -> bool:
    """Short, not a parenthetical aside or a bulleted item, and not ending like a sentence.

    A title ends without sentence-final punctuation (。！？…~), without :;,、
    or ASCII ".", and not with an emoji or symbol; no sentence ends inside it.  ``headline``: the
    document's first block, which may also end in ？/? ("…，到底错在哪里？"), hold a ？ or ！ that
    the headline goes on after ("支付宝做社交？用户为何不买账"), and open with a quotation
    or book title that closes before its end ("“躺平式”养老：…", "「躺平式」養老：…": :data:`QUOTE_PAIRS`).
    Read as a reader sees it, without invisible characters (问\u200b：圈子是什么 is a question, as 问：圈子是什么 is).
    """
    line = _seen(text, s, e)
    core = line.rstrip(_TRAILING)
    inner_end = _HEADLINE_INNER_END if headline else _INNER_END
    if len(line) > TITLE_MAX_CHARS or not core or _BULLET.match(line) or inner_end.search(core, 0, len(core) - 1):
        return False
    if line[0] in _OPENING and not _TAGGED.match(line) and not (headline and _QUOTED_LEAD.match(line)):
        return False  # an aside (注：…), not a 【tag】headline or a headline led by a quotation
    last = core[-1]
    if headline and last in "?\uff1f" and len(core) > 1 and core[-2] not in _FINAL:
        return True
    if not headline and (_speech_particle(core) or _QA_LABEL.match(folded := fold_width(line)) or _ADDRESS.match(folded)):
        return False  # speech: 見怪不怪囉, 樓主講得啱囉～…, 问：我的隐私安全吗, Ｑ１：圈子是什么, 楼主 言之有理, 原ＰＯ說得對
    return last not in _FINAL and last not in _CONTINUING and unicodedata.category(last) not in ("So", "Sk")


def _speech_particle(core: str) -> bool:
    """Whether ``core`` ends in a sentence-final particle or holds one before a ～ (:data:`_PARTICLE_END`).

    捏 咧 添 勒 耶 end words too, common in headings: 拿捏, 大大咧咧, 增添, 新添, 勾勒 and transliterated names
    (希特勒, 泰勒, 迈耶).  They count only where the characters before them do not make one of the words of jieba's
    dictionary that end in them (:func:`_words_ending_in`), read in Simplified, and where the line reads as speech
    otherwise: the character before is an aspect marker, 的 or a particle (:data:`_SPOKEN_BEFORE`: 也太扯了耶, 超烦的捏),
    the line is in Traditional (OpenCC's t2s changes it, as :func:`argmine.report.zh_lang` tells: 就這樣勒, 好煩咧,
    仲要收錢添), or it holds written Cantonese or a Taiwanese particle (:data:`_SPOKEN_MARK`: 佢哋仲要收钱添).  A
    mainland heading ending in a name or a verb the dictionary lacks (美联储理事沃勒, 歌手刘耶, 年味再添) stays a heading;
    分寸的拿捏, 功能新添, 論希特勒 are headings in either script.

    >>> [_speech_particle(s) for s in ("真的很煩齁", "也太扯了耶", "就這樣勒", "論希特勒", "功能新添", "卫浴品牌科勒")]
    [True, True, True, False, False, False]
    """
    for m in _PARTICLE_END.finditer(core):
        end = m.end("word")
        if end < 0:
            return True
        words, longest = _words_ending_in()
        before = _t2s().convert(core[max(0, end - longest):end])
        if any(before[i:] in words for i in range(len(before) - 1)):
            continue
        if (end > 1 and core[end - 2] in _SPOKEN_BEFORE) or _SPOKEN_MARK.search(core) or _t2s().convert(core) != core:
            return True
    return False


@lru_cache(maxsize=1)
def _words_ending_in() -> tuple[frozenset[str], int]:
    """The words of jieba's dictionary (Simplified) of two or more characters that end in one of :data:`_WORD_PARTICLES`,
    and the longest one's length."""
    words = frozenset(w for w, _ in jieba_dictionary() if len(w) > 1 and w[-1] in _WORD_PARTICLES)
    return words, max(map(len, words))
