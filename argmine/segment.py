"""Segment documents into argument units with exact offsets.

Units are sentences: a block is split after 。!?!?;;… and their ASCII
forms (runs such as 。。。。。 or ......... stay together), closing quotes and
brackets (and a Weibo topic's closing #) stay with their sentence, and a line break always ends a unit.
``granularity="clause"`` further splits long sentences at ,;: and before
discourse markers (但是, 所以, 因为…).  No unit is cut inside a web address
or a grapheme cluster (？ + U+FE0F, e + U+0301, 👨‍👩‍👧), or is longer than
:data:`MAX_UNIT_CHARS`.  Invisible characters (zero-width space, soft hyphen…)
move no boundary: a line is read as a reader sees it.  The full rules: docs/segment.md.

>>> import argmine
>>> units = argmine.segment([argmine.Document("d", "他说:“好。”然后走了!\\n评论一条")])
>>> [(u.id, u.text) for u in units]
[('d#1', '他说:“好。”'), ('d#2', '然后走了!'), ('d#3', '评论一条')]
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_left
from dataclasses import dataclass
from functools import lru_cache
from itertools import accumulate
from os import PathLike
from typing import Callable, Iterable, Iterator

from .clean import COLONS, INVISIBLE, LAYOUT_META, NO_WORDS, QUOTE_PAIRS, WORD_CHAR, Rule, checked_progress, clean, resolve_rules, strip_span
from .errors import ArgmineError, InputError
from .normalize import OTHER_LINE_BREAKS, Normalized, normalize, visible
from .types import Document, Dropped, Unit

GRANULARITIES = ("sentence", "clause")
# Full-width punctuation is written as escapes so that no editor or
# normaliser can fold it into its ASCII twin.
# Closing quotes and brackets: a plain string for membership tests (escaped with re.escape where a pattern holds it).
# Big5's vertical-form quotation marks ﹂﹄ (what NFKC folds to 」』) and the double-prime ones 〞〟 (〝…〞, 〝…〟) close
# a quotation as 」』 do, the vertical title mark ︾ (》 folded) a title and the small parenthesis ﹚ a bracket as ）
# does; the vertical parenthesis ︶ closes one only after a ︵ (:func:`_end_with_closers`: kaomoji such as (︶︿︶) use it
# alone).  The vertical ﹀ (〈〉's ︿﹀) is none: kaomoji use ︿ and ﹀ far more than titles do ((╯︿╰), (￣﹀￣)).
_CLOSERS = "\u201d\u2019\"\uff02'\u300d\u300f\ufe42\ufe44\u301e\u301f\uff09)\ufe5a\ufe36\u3011]\uff3d\u300b\u3009\ufe3e>"  # ” ’ " ＂ ' 」 』 ﹂ ﹄ 〞 〟 ） ) ﹚ ︶ 】 ] ］ 》 〉 ︾ >
# The vertical closing marks that kaomoji use alone, each with its opening mark: they close only what that opened.
_LONE_CLOSERS = {"\ufe36": "\ufe35"}  # ︶ ︵
# Digits that NFKC folds to 0-9 (str.isdecimal, not isdigit: no ¹ or ①): ASCII, full-width ０-９, the
# mathematical 𝟎-𝟿 and the segmented 🯰-🯹.  A "." or "．" after one is a decimal point or a list number
# (unless the number follows a Han character: _NUMBER_END).
_DIGIT = "0-9\uff10-\uff19\U0001d7ce-\U0001d7ff\U0001fbf0-\U0001fbf9"
# A number right after a Han character (打10, 增长了１０, 第１): a "." or "．" after it ends a sentence as after a
# word, where a list number cannot stand (a list number starts the line or follows white space or punctuation:
# １．隐私，２．广告; 原因：1.隐私).  Up to 8 digits (the lookbehinds are of fixed width).
_NUMBER_END = "(?:" + "|".join(f"(?<=[\u3400-\u9fff][{_DIGIT}]{{{n}}})" for n in range(1, 9)) + ")"
# But a number right after a list's label that opens the line or follows white space or punctuation is a list number
# again (观点1.支付宝不该做社交。观点2.…, 步骤1.打开支付宝, 第1.隐私…): _split_line does not end a sentence there
# (打10.下次再来 and 排名第１．这说明… still end: no label, or one inside a word).
_LIST_LABEL = re.compile(r"(?<!\w)(?:观点|觀點|步骤|步驟|理由|原因|问题|問題|方法|建议|建議|方面|第)[" + _DIGIT + r"]{1,8}$")
# A sentence ends after a run of terminators: 。｡！？!?；;… and ⋯, their small
# (﹒﹔﹖﹗) and vertical (︒︔︕︖) forms, ．/﹒ unless after a digit, ASCII "."
# when it cannot be a decimal point, list number (1. １. １．) or abbreviation (after a
# letter only before a space and a capital, or before a CJK character; closing
# quotes may come before the space and an opening quote or bracket after it,
# and before the space, line end or CJK character after a non-letter: 他说:"好."我…), and
# a "."/．/﹒ after a number that follows a Han character (_NUMBER_END) before the same.
# Closing quotes and brackets are added by :func:`_end_with_closers`; a ．
# after a letter is judged by the ASCII "." rules on the folded view (_FOLD).
_SENTENCE_END = re.compile(
    # the lookahead lets the regex engine skip to the next possible terminator (5x faster)
    r"(?=[\u3002\uff61\uff01\uff1f!?\uff1b;\u2026\u22ef\ufe12\ufe14-\ufe16\ufe54\ufe56\ufe57.\uff0e\ufe52])"
    r"(?:[\u3002\uff61\uff01\uff1f!?\uff1b;\u2026\u22ef\ufe12\ufe14-\ufe16\ufe54\ufe56\ufe57]|\.{2,}"
    r"|(?<![" + _DIGIT + r"A-Za-z])\.(?=[\"\uff02'\u2019\u201d)]*(?:\s|$|[\u3400-\u9fff]))"
    r"|(?<=[A-Za-z])\.(?=[\"\uff02'\u2019\u201d)]*\s+[\"\uff02'\u2018\u201c(]?[A-Z\u3400-\u9fff]|[\u3400-\u9fff])"
    r"|(?<![" + _DIGIT + r"])[\uff0e\ufe52]"
    r"|" + _NUMBER_END + r"[.\uff0e\ufe52](?=[\"\uff02'\u2019\u201d)]*(?:\s|$|[\u3400-\u9fff])))+"
)
#: Words before an English "." that do not end a sentence (besides single letters: initials, U.S.).
#: ("No. 5", "Fig. 2": a "." before a digit never ends a sentence, so "no" is not listed: "I said no. He agreed.")
ABBREVIATIONS = frozenset("mr mrs ms dr prof sr jr st vs etc eg ie inc ltd co corp fig vol approx dept est".split())
#: Words that open a sentence: after a single capital letter and "." they end it ("Plan B. It works."),
#: any other capitalised word makes the letter an initial ("John F. Kennedy").
SENTENCE_OPENERS = frozenset(
    "I It Its He She We They You The This That These Those There Then But And So If When What Why How "
    "My Our His Her Their A An In On At As Now Yes No".split()
)
# The word after a "." (past closing quotes, white space, an opening quote); a letter with a "." is an initial.
_NEXT_WORD = re.compile(r"[\"\uff02'\u2019\u201d)]*\s+[\"\uff02'\u2018\u201c(]?([A-Za-z]{2,}|[A-Za-z](?!\.))(?![A-Za-z])")
# An ASCII "." after a word that ends a sentence (the fourth branch of _SENTENCE_END), matched at the ".".
_WORD_DOT_END = re.compile(r"\.(?=[\"\uff02'\u2019\u201d)]*\s+[\"\uff02'\u2018\u201c(]?[A-Z\u3400-\u9fff]|[\u3400-\u9fff])")
# Full-width ASCII (！..～, what NFKC folds them to) and the small ﹒ as ASCII, one character for one:
# the view in which the "." and web-address rules read Ｍｒ．Ｌｉ, ｅ．ｇ．, ｗｗｗ．ｚｈｉｈｕ．ｃｏｍ.
_FOLD = {**{c: c - 0xFEE0 for c in range(0xFF01, 0xFF5F)}, 0xFE52: ord(".")}
_LATIN_LETTER = re.compile("[A-Za-z\uff21-\uff3a\uff41-\uff5a]")  # ASCII and full-width
# Line breaks other than \r and \n (which end blocks already): VT, FF, FS-RS, NEL, LS, PS.
_LINE_BREAK = re.compile(f"[{OTHER_LINE_BREAKS}]")
# Invisible characters (clean.INVISIBLE): a line or sentence that holds one is split as a reader sees it (_as_shown).
_INVISIBLE = re.compile(f"[{INVISIBLE}]")
# Cleaning drops a line between \r/\n breaks that holds no word character (clean._candidate); a line between
# the other breaks is dropped here, with the same rule and reason (clean.NO_WORDS), so every line break reads alike.
# Web addresses: no unit boundary inside (a trailing .,;:!?) is left outside).
_URL = re.compile(r"(?:(?:https?|ftp)://|www\.)[!#-&(-;=?-~]*[A-Za-z0-9/#=_\-&%+~]", re.IGNORECASE)
_WWW = re.compile(r"[wW]{3}\.")  # "www." in any case (no other character lower-cases to "w")
# After a sentence end (and its closing quotes): a comma goes on with the sentence (他们说“不重要！”，我…),
# an ASCII one only after a closing quote or bracket; a short ——attribution at the line end joins it.
# The commas with their small (Big5's ﹐ ﹑), vertical (︐ ︑) and half-width (､) forms, and the semicolons with theirs
# (﹔ ︔): each form is read as ，、； are (NFKC folds ﹐︐ to ",", ﹑︑､ to 、, ﹔︔ to ";").
_COMMAS = "\uff0c\ufe50\ufe10"  # ， ﹐ ︐
_LIST_COMMAS = "\u3001\ufe51\ufe11\uff64"  # 、 ﹑ ︑ ､
_SEMICOLONS = "\uff1b\ufe54\ufe14"  # ； ﹔ ︔
_GOES_ON = _COMMAS + _LIST_COMMAS
_ATTRIBUTION = re.compile(r"[\u2014\u2015]{1,2}[^\u2014\u2015\u3002\uff61\uff01\uff1f!?\uff1b;\u2026.\uff0e]{1,20}")
# ， ； , ; (and the small and vertical forms): where a too-long sentence is cut first (then 、, then a space)
_CAP_AFTER = _COMMAS + _SEMICOLONS + ",;"
# Emoji and Weibo-style codes ([doge], [笑cry]) after a sentence end are the reaction to that sentence
# (one at a time; a [b] closed later by [/b] is markup and a [text](link) a link: they open what follows).
# List markers open the next sentence: a number in brackets ([1]) and the symbols used as bullets or list numbers.
_EMOJI = "\U0001f000-\U0001faff\u2600-\u27bf\u2b50\u2b55"
_BULLETS = (
    "\u2605\u2606\u261a-\u261f\u2611\u2705\u2713\u2714\u2716-\u2718\u2726\u2727\u2729-\u273d\u274c\u274e\u2756"  # ★☆ ☛ ☑ ✅ ✓✔ ✗ ✦ ✪ ❌ ❖
    "\u2776-\u27bf\U0001f100-\U0001f1e5\U0001f446-\U0001f449\U0001f518\U0001f51f\U0001f534-\U0001f53b"  # ❶-➓ ➔-➿ 🄋 👉 🔘 🔟 🔸 (not flags)
)
_REACTION = r"(?![" + _BULLETS + r"])[" + _EMOJI + r"]"
_SPACES = re.compile("[ \t\u3000]*")  # what may stand between a sentence end and the emoji or kaomoji after it
_TRAILER = re.compile(r"[ \t\u3000]*(?:" + _REACTION + r"(?:[\ufe0f\u200d\u20e3]|" + _REACTION + r")*|\[(?!\d+\])(\w{1,8})\](?!\())")
# ， , ； ; (and the small and vertical forms) and the colons (clean.COLONS), with the closing marks after them
_CLAUSE_PUNCT = re.compile("[" + _COMMAS + _SEMICOLONS + ",;" + COLONS + "]+[" + re.escape(_CLOSERS) + "]*")
# Clause punctuation (、 ， , ； ; and the colons) with the white space around it, where a cut falls before it:
# the cut moves past it, so that no clause or capped piece starts with one (原因有三：、隐私… | 广告…).  Invisible
# characters before it are read past too, as trimming drops them (；\ufeff、 | 隐私).
_CUT_MARKS = _LIST_COMMAS + _COMMAS + ",;" + _SEMICOLONS + COLONS
_MARKS_AFTER_CUT = re.compile(r"[\s" + INVISIBLE + r"]*[" + _CUT_MARKS + r"][\s" + _CUT_MARKS + r"]*")
# A comma between digit groups (1,000,000) and a colon between digits (10:30) are not clause ends, in full-width forms
# too, as Chinese IMEs type them (10：30, １２，５００, 1，000，000): the digits NFKC folds to 0-9 (_DIGIT), "，" as ",", and
# any colon (clean.COLONS), matched on the text itself (one character class each, as the folded view would read them).
_NUMBER_PUNCT = re.compile(rf"(?<=[{_DIGIT}])[,{_COMMAS}](?=[{_DIGIT}]{{3}}(?![{_DIGIT}]))|(?<=[{_DIGIT}])[{COLONS}](?=[{_DIGIT}])")
# Whitespace between two CJK characters (the extensions and compatibility ideographs too, as clean.WORD_CHAR): netizens' punctuation.
_HAN = "\u3400-\u9fff\uf900-\ufaff\U00020000-\U0003134f"
_CJK_SPACE = re.compile(rf"(?<=[{_HAN}])\s+(?=[{_HAN}])")
# Brackets: no clause cut inside a closed pair (新京报讯（记者 张三）), and no sentence end inside a short one but at its
# end (_embedded_brackets).  Each closing bracket with the opening ones it closes: in clause mode a full-width
# parenthesis (and the small ﹙﹚) pairs with an ASCII one as on the folded view, where all read ( and ) (IMEs type
# 支付宝（…), …), the vertical ︵︶ with each other (kaomoji use ︶ alone: (︶︿︶)); a sentence end is hidden only by a
# pair of one kind (_SAME_KIND: a stray （ that a later ) closes is likelier than a typed （…) holding a sentence end).
_BRACKETS = re.compile("[\uff08\uff09()\ufe59\ufe5a\ufe35\ufe36\u3010\u3011]")  # （ ） ( ) ﹙ ﹚ ︵ ︶ 【 】
_BRACKET_PAIRS = {"\uff09": "\uff08(\ufe59", ")": "\uff08(\ufe59", "\ufe5a": "\uff08(\ufe59", "\ufe36": "\ufe35", "\u3011": "\u3010"}
_SAME_KIND = {"\uff09": "\uff08", ")": "(", "\ufe5a": "\ufe59", "\ufe36": "\ufe35", "\u3011": "\u3010"}
# An emoticon: eyes : ; =, a nose - or a tear ' maybe, and a mouth ( or ) (:( :-( ;) :'( =)), the smile as IMEs
# type it, ：） :） ：), and the closing wink with a full-width ； (；） ；)).  Its mouth is no bracket (_mouth):
# 改版了:( 我不想用。以后不用了。哈哈:) is no (…) that hides the sentence ends between; and a wink's ; or ； is no
# sentence end (_winks): 难过;(我不想用了。 is one sentence, as 难过:(我不想用了。 is.  No （ is a mouth, nor a ( after a
# full-width ； (价格贵；（注：不含税）, 不予登记：…的；（十一）…: semicolons before brackets are common, winks so typed rare).
_EMOTICON = re.compile(r"[:;=\uff1a\uff1b][-']?[()\uff09]")
# Each mouth with the eyes it may follow (a ( not after a full-width ： or ；: 如下：( may open a bracket).
_EYES = {"(": ":;=", ")": ":;=\uff1a\uff1b", "\uff09": ":;=\uff1a\uff1b"}
# What may stand before an emoticon's eyes besides white space, Han characters and ASCII letters or digits: punctuation,
# closing marks and emoji (not a kaomoji's symbols and letters: (^_^;), (;ω;), (-_-;) are faces).
_BEFORE_EYES = "\u3002\uff61\uff01\uff1f!?.\uff0e\u2026\uff0c,\u3001\uff1b;~\uff5e\u201d\u2019\"\uff02'\u300d\u300f)\uff09\u3011]"
#: A kaomoji, a bracketed run ((…), （…）, mixed) of at most this many characters, marks included, that holds no two
#: letters, digits or Han characters in a row and a sentence end after no word character ((´；ω；｀), (｡･ω･｡), (；一_一),
#: (；´Д｀), (?); not (对。)), is one piece of its sentence: no sentence ends inside it, and one right after a sentence end
#: stays with that sentence, as emoji do.
KAOMOJI_MAX_CHARS = 20
_WORD_PAIR = re.compile(r"[^\W_]{2}")  # two letters, digits or Han characters in a row: a word, in no kaomoji
_PARENS = re.compile("[()\uff08\uff09]")  # the brackets a kaomoji is written in (:func:`_opens_face`)
# The round brackets (and the small ﹙﹚) that a wink's ( may open or its ) close (:func:`_closed_later`,
# :func:`_closes_open`): not those shaped as a mouth, after eyes (:data:`_EYES`) and maybe a nose or tear.
_OPENING = re.compile(r"(?<![:;=])(?<![:;=][-'])\(|[\uff08\ufe59]")
_CLOSING = re.compile(r"(?<![:;=\uff1a\uff1b])(?<![:;=\uff1a\uff1b][-'])[)\uff09]|\ufe5a")
_ROUND = re.compile(_OPENING.pattern + "|" + _CLOSING.pattern)
#: Words before which a long sentence is cut into clauses (matched on the
#: normalised, Simplified view, and only where a word starts).
DISCOURSE_MARKERS = ("但是", "所以", "因为", "然而", "而且", "总之", "可是", "不过", "因此", "并且", "于是", "否则", "但")
_MARKER = re.compile("|".join(sorted(DISCOURSE_MARKERS, key=len, reverse=True)))
#: Sentences at most this long are not split into clauses.
CLAUSE_MIN_SENTENCE = 16
#: Clause pieces shorter than this (in word characters) join their neighbour.
CLAUSE_MIN_PIECE = 4
#: Longest unit: a longer stretch (a run without punctuation) is cut at the
#: last whitespace in its second half, else at the last word boundary.
MAX_UNIT_CHARS = 500
# The cap looks for a word boundary in this many characters before its limit (then, where there is none, in the
# second half of the piece); a run without a word boundary shorter than this is a word, which :func:`_cap` never splits
# to leave a run of emoji after it.
_WORD_WINDOW = 40
#: A document at least this long (in characters: half a second or more of cleaning and segmenting) is long:
#: :func:`iter_segmented` passes it its ``progress``, which moves with its lines and blocks.  A shorter one
#: wraps nothing: a bar per comment of a table would cost more than the comment.
LONG_DOCUMENT_CHARS = 1_000_000


@dataclass(frozen=True)
class Segmented:
    """The units and the dropped spans of one document."""

    document: Document
    units: tuple[Unit, ...]
    dropped: tuple[Dropped, ...]


def segment(
    docs: Document | Iterable[Document],
    *,
    granularity: str = "sentence",
    tokens: bool = False,
    rules: tuple[Rule, ...] | str | PathLike[str] | None = None,
    on_error: Callable[[ArgmineError], None] | None = None,
    progress: Callable[..., Iterable] | None = None,
) -> list[Unit]:
    """Clean and segment documents (or one); return all units in document order.

    ``rules``: the packaged rules (``None``), rules from :func:`argmine.clean.load_rules`, or a rules file's path.
    ``progress`` (``tqdm.tqdm``) counts the lines and blocks of each long document (:func:`iter_segmented`).
    """
    return [u for s in iter_segmented(docs, granularity=granularity, tokens=tokens, rules=rules, on_error=on_error, progress=progress)
            for u in s.units]


def iter_segmented(
    docs: Document | Iterable[Document],
    *,
    granularity: str = "sentence",
    tokens: bool = False,
    rules: tuple[Rule, ...] | str | PathLike[str] | None = None,
    on_error: Callable[[ArgmineError], None] | None = None,
    progress: Callable[..., Iterable] | None = None,
) -> Iterator[Segmented]:
    """Segment one document at a time, keeping what cleaning dropped.

    ``docs`` is an iterable of :class:`~argmine.types.Document` (or one).
    ``progress(iterable, total=, desc=, unit=)`` (``tqdm.tqdm``, as :func:`argmine.analyze`
    takes it) is passed to :func:`segment_document` for each long document
    (:data:`LONG_DOCUMENT_CHARS` characters or more), so that one 50 MB page
    moves a bar as its lines are cleaned and its blocks segmented; a shorter
    one wraps nothing.  Wrap ``docs`` to count the documents.

    >>> seg = next(iter_segmented(Document("d", "财不外露。功能太多了！")))
    >>> [(u.id, u.text) for u in seg.units], seg.dropped
    ([('d#1', '财不外露。'), ('d#2', '功能太多了！')], ())
    """
    if granularity not in GRANULARITIES:
        from .errors import E_GRANULARITY

        raise ValueError(E_GRANULARITY.format(value=granularity, choices=", ".join(GRANULARITIES)))
    checked_progress(progress)
    if isinstance(docs, Document):
        docs = [docs]
    elif isinstance(docs, (str, bytes, PathLike)) or not isinstance(docs, Iterable):  # None, a number
        raise _not_documents(docs)
    rules = None if rules is None else resolve_rules(rules)  # once, not per document: a bad rules file is one error, before any input
    for doc in docs:
        if not isinstance(doc, Document):
            raise _not_documents(doc)
        try:
            long = progress is not None and len(doc.text) >= LONG_DOCUMENT_CHARS
            yield segment_document(doc, granularity=granularity, tokens=tokens, rules=rules, progress=progress if long else None)
        except ArgmineError as err:
            if on_error is None:
                raise
            on_error(err if isinstance(err, InputError) else InputError(doc.source, str(err)))


def _not_documents(found: object) -> TypeError:
    """The error for ``found`` where Documents go: a string that names no file is a text, to wrap in a Document;
    anything else (a path, None) is to be read first.

    >>> _not_documents("支付宝做社交是对的。")
    TypeError('segment() takes Documents, not str; make a Document of each text: argmine.segment([argmine.Document(id, text)])')
    """
    import os

    from .errors import E_STAGE_INPUT, H_SEGMENT_READ, H_SEGMENT_TEXT

    text = isinstance(found, str) and found != "-" and not os.path.lexists(found)
    return TypeError(E_STAGE_INPUT.format(stage="segment", expected="Documents", found=type(found).__name__,
                                          hint=H_SEGMENT_TEXT if text else H_SEGMENT_READ))


def segment_document(doc: Document, *, granularity: str = "sentence", tokens: bool = False,
                     rules: tuple[Rule, ...] | str | PathLike[str] | None = None,
                     progress: Callable[..., Iterable] | None = None) -> Segmented:
    """Segment one document.

    ``progress(iterable, total=, desc=, unit=)`` (``tqdm.tqdm``) wraps the loop over its lines as they are
    cleaned (``desc="cleaning"``, ``unit="line"``: :func:`argmine.clean.clean`), then the loop over the
    blocks cleaning kept as they are segmented (``desc="segmenting"``, ``unit="block"``; a block is a
    line, or what is left of one after furniture was cut out of it).

    >>> stages = []
    >>> def progress(items, total, desc, unit):
    ...     stages.append((desc, total, unit))
    ...     return items
    >>> len(segment_document(Document("d", "标题\\n正文第一句。第二句。"), progress=progress).units), stages
    (3, [('cleaning', 2, 'line'), ('segmenting', 2, 'block')])
    """
    cleaned = clean(doc, rules, progress=progress)
    units: list[Unit] = []
    text = doc.text
    norm = cleaned.normalized
    meta = {k: v for k, v in doc.meta.items() if k not in LAYOUT_META} if LAYOUT_META.intersection(doc.meta) else doc.meta
    clauses = granularity == "clause"
    wordless: list[Dropped] = []
    blocks = cleaned.blocks if progress is None else progress(cleaned.blocks, total=len(cleaned.blocks), desc="segmenting", unit="block")
    for block in blocks:
        sentences, wordless_lines = _sentences(text, block.start, block.end, norm=norm, cap=not clauses)
        wordless += (Dropped(doc.id, s, e, text[s:e], *NO_WORDS) for s, e in wordless_lines)
        for s, e in sentences:
            # clauses are cut before the length cap, so that it cuts only a clause still too long
            pieces = _capped(text, split_clauses(text, s, e, norm=norm), norm) if clauses else [(s, e)]
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
                        meta=meta,
                        tokens=_tokens(norm, ps, pe) if tokens else None,
                    )
                )
    dropped = tuple(sorted(cleaned.dropped + tuple(wordless), key=lambda d: (d.start, d.end))) if wordless else cleaned.dropped
    return Segmented(doc, tuple(units), dropped)


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


def _protected(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Spans of ``text[start:end]`` that no unit boundary may cut: web addresses (also in full-width letters)."""
    spans = []
    if text.find("://", start, end) >= 0 or (text.find(".", start, end) >= 0 and _WWW.search(text, start, end)):
        spans = [m.span() for m in _URL.finditer(text, start, end)]  # most lines hold no address: cheap looks first
    if text.find("\uff0e", start, end) >= 0 or text.find("\uff0f\uff0f", start, end) >= 0:  # ｗｗｗ．, ：／／
        spans += [(start + a, start + b) for a, b in (m.span() for m in _URL.finditer(text[start:end].translate(_FOLD)))]
    return spans


def _inside(spans: list[tuple[int, int]]) -> Callable[[int], bool]:
    """Whether a position lies strictly inside one of ``spans`` (a bisection: a line may hold many)."""
    if not spans:
        return lambda pos: False
    spans = sorted(spans)
    starts = [a for a, _ in spans]
    reach = list(accumulate((b for _, b in spans), max))  # the furthest end of the spans starting so far

    def inside(pos: int) -> bool:
        i = bisect_left(starts, pos)  # spans[:i] start before pos
        return i > 0 and reach[i - 1] > pos

    return inside


def _end_with_closers(text: str, pos: int, end: int, line_start: int, quotes: dict[str, list[int]]) -> int:
    """Extend a sentence end at ``pos`` over closing quotes and brackets, and a Weibo topic's closing ``#``.

    A straight quote (ASCII ``"``, the full-width ``＂`` that NFKC folds to it, ``'``) is taken only when it closes a
    quote of its own kind opened earlier on the line (an odd count of that kind before it); otherwise it opens the next
    sentence.  An apostrophe between letters is not counted.  A ``#`` is taken
    only when it closes a topic (:func:`_closes_topic`), a vertical ``︶`` only when it closes a ``︵`` opened earlier on
    the line (kaomoji use it alone: ``真烦！︶︿︶``).  A backslash before a quote (``\\"``, ``\\'``,
    ``\\”``: a JSON dump's escaped quotes) is read with it, as one mark (:func:`_escaped`); before anything else (``\\n``
    written as text) it opens the next sentence.
    """
    while pos < end:
        q = pos + 1 if _escaped(text, pos, end) else pos  # the mark, past its backslash
        c = text[q]
        if not (c in _CLOSERS or (c == "#" and _closes_topic(text, q, end, line_start, quotes))):
            break
        if c in _LONE_CLOSERS:
            # quotes["︶"] = [counted up to, count of ︵ so far on the line, count of ︶]
            upto, opened, closed = quotes.get(c, (line_start, 0, 0))
            opened, closed = opened + text.count(_LONE_CLOSERS[c], upto, q), closed + text.count(c, upto, q)
            quotes[c] = [q, opened, closed]
            if opened <= closed:
                break
        if c in "\"\uff02'":
            # quotes[c] = [counted up to, count of c so far on the line]
            upto, count = quotes.get(c, (line_start, 0))
            count += sum(1 for i in range(upto, q + 1) if text[i] == c and not _apostrophe(text, i))
            quotes[c] = [q + 1, count]
            if count % 2:  # the first, third, ... on the line opens a quote
                break
        pos = q + 1
    return pos


# The quotes a backslash may escape in a dump (\" \' and, escaped by hand, \” \’ \＂)
_ESCAPABLE = "\"'\uff02\u201d\u2019"


def _escaped(text: str, i: int, end: int) -> bool:
    """Whether ``i`` holds a backslash that escapes the quote after it, before ``end`` (``\\"``, :data:`_ESCAPABLE`), which
    it goes with.

    >>> _escaped('说\\\\"好。\\\\"', 5, 7), _escaped('说\\\\"好。\\\\"', 5, 6), _escaped("好。\\\\n做", 2, 5)
    (True, False, False)
    """
    return i + 1 < end and text[i] == "\\" and text[i + 1] in _ESCAPABLE


#: A Weibo topic (#你支持支付宝做社交吗？#), both marks included, at most this long: its closing ``#`` stays with the
#: sentence that ends inside it.
TOPIC_MAX_CHARS = 60  # as an embedded quotation (EMBEDDED_MAX_CHARS)
# The terminators of _SENTENCE_END (a topic's # after one, past closing quotes and variation selectors, may stay with
# it), and those of them that are no question or exclamation mark: a topic seldom ends with one (#…？#, #…！#, not #…。#).
_TERMINATORS = frozenset("\uff01\uff1f!?\ufe15\ufe16\ufe56\ufe57\u3002\uff61\uff1b;\u2026\u22ef\ufe12\ufe14\ufe54.\uff0e\ufe52")
_FULL_STOPS = _TERMINATORS - frozenset("\uff01\uff1f!?\ufe15\ufe16\ufe56\ufe57")  # ！？!?︕︖﹖﹗ left out
_HASH = re.compile("#")
# A colour after a # (#fff, #a1b2c3, #FF0000), before no ASCII letter, digit or #: told from a word (#cafe) by
# :func:`_colour_after`
_HEX = re.compile(r"[0-9A-Fa-f]+(?![0-9A-Za-z_#])")
# A sentence end that a topic holds only at its end (#我不支持。你呢# is none)
_INNER_STOP = re.compile("[\u3002\uff61\ufe12\uff1b;\ufe14\ufe54]")


def _closes_topic(text: str, pos: int, end: int, line_start: int, quotes: dict[str, list[int]]) -> bool:
    """Whether the ``#`` at ``pos``, after a sentence end, closes a Weibo topic on the line (:func:`_topic_closers`).

    ``quotes["#"]`` keeps the line's closing marks, found at the first call (as :func:`_end_with_closers` keeps its
    counts of quotes there).

    >>> _closes_topic("#你支持吗？#我不支持", 6, 11, 0, {}), _closes_topic("C#好用吗？#我", 6, 8, 0, {})
    (True, False)
    """
    closers = quotes.get("#")
    if closers is None:
        closers = quotes["#"] = _topic_closers(text, line_start, end)
    i = bisect_left(closers, pos)
    return i < len(closers) and closers[i] == pos


def _topic_closers(text: str, start: int, end: int) -> list[int]:
    """The offsets of the ``#`` that close a Weibo topic on the line ``start:end``, in order.

    A ``#`` inside a web address is no mark (``https://weibo.com/#/hot``, ``weibo.com/#/hot``).  Two marks with none
    between them can make a topic: at most :data:`TOPIC_MAX_CHARS` characters (both marks counted), the first after no
    ASCII letter, digit, ``&`` or ``#`` (``C#``, ``&#``, ``##标题``) and before no white space or digit (``# 标题``,
    ``#1楼``), a word character between them, no digit after the second (``#2楼``), and none of
    :func:`_implausible_topic` (``#不支持！ #``, ``用C#``, ``#fff``); but a ``#`` that closes a topic may open the next
    (``#…？##…#``).  Marks in a row of which each can make a topic with the next pair one way where they are even in
    number.  Where they are odd in number, one of them is left out and they pair in more than one way: a mark closes a
    topic only where it does in every way, leaving out the ways that end a topic at a full stop (``。；…``: a topic
    ends with ``？``, ``！`` or a word, seldom with a full stop) where any other way is left.  So a ``#`` after a
    sentence end that may close a topic or open the next is read as opening it, as before the rule
    (``#话题#说得对？#继续说。``: none closes a topic after ``？``), save where a topic would end at a full stop
    (``配色用#fff。#你支持吗？#我不支持。``: ``#fff。#`` would; the ``#`` after ``？`` closes one).

    >>> [_topic_closers(t, 0, len(t)) for t in ("配色用#fff。#你支持吗？#我不支持。", "#你支持吗？#我不支持。#话题#")]
    [[14], [6, 15]]
    """
    if text.find("#", start, end) < 0:
        return []
    marks = [m.start() for m in _HASH.finditer(text, start, end)]
    if spans := _protected(text, start, end):
        inside = _inside(spans)
        marks = [i for i in marks if not inside(i)]
    # the /# or #/ of a web address without a scheme (weibo.com/#/hot), which _protected leaves out
    marks = [i for i in marks if not (i > start and text[i - 1] == "/" or i + 1 < end and text[i + 1] == "/")]
    n = len(marks)

    # topic[k]: marks k and k + 1 can make a topic, a # right before them aside
    topic = [False] * n
    for k in range(n - 1):
        a, b = marks[k], marks[k + 1]
        if b - a >= TOPIC_MAX_CHARS or text[a + 1].isspace() or text[a + 1].isdecimal():
            continue
        if a > start and (text[a - 1] == "&" or text[a - 1].isascii() and text[a - 1].isalnum()):
            continue
        topic[k] = (not (b + 1 < end and text[b + 1].isdecimal()) and WORD_CHAR.search(text, a + 1, b) is not None
                    and not _implausible_topic(text, a, b, end))
    # paired[k]: and a # right before them closes a topic (#…？##…#), not a heading's (##标题)
    paired = [t and (marks[k] == start or text[marks[k] - 1] != "#" or (k >= 2 and marks[k - 1] == marks[k] - 1 and topic[k - 2]))
              for k, t in enumerate(topic)]
    closers: list[int] = []
    k = 0
    while k < n:
        j = k  # marks[k..j]: a row of marks each of which makes a topic with the next
        while paired[j]:  # paired[n - 1] is False
            j += 1
        if (j - k) % 2:  # an even number: one way to pair them
            closers += marks[k + 1 : j + 1 : 2]
        elif j > k:
            # an odd number: pairing them leaves out one of marks k, k + 2, … j; leaving out mark s makes closers of
            # the marks k + 1, k + 3, … before s and s + 2, s + 4, … after it.  Ways that end a topic at a full stop
            # are dropped (unless all do): s is kept where no such mark of the first kind is before it, none of the
            # second after it.
            full = [_end_before(text, marks[i], start) in _FULL_STOPS for i in range(k, j + 1)]
            lo = max((i for i in range(2, len(full), 2) if full[i]), default=0)  # the first s left
            hi = next((i - 1 for i in range(1, len(full), 2) if full[i]), len(full) - 1)  # the last
            if lo > hi:
                lo, hi = 0, len(full) - 1
            # a closer in every way left: before the first s (of the first kind), or after the last (of the second)
            closers += marks[k + 1 : k + lo : 2] + marks[k + hi + 2 : j + 1 : 2]
        k = j + 1
    return closers


def _implausible_topic(text: str, a: int, b: int, end: int) -> bool:
    """Whether the marks at ``a`` and ``b`` (:func:`_topic_closers`) make no topic, the second being no closing ``#``:
    white space before it (``#不支持！ #支付宝``), a lone ASCII letter glued to it (``用C#``), a colour after it
    (``#fff``, ``#a1b2c3``), or a sentence end inside the topic before its end (``#我不支持。你呢#``).

    >>> [_implausible_topic(t, 0, t.rindex("#"), len(t)) for t in ("#我用C#", "#颜色#fff吧", "#不支持！ #", "#我爱iPhone#")]
    [True, True, True, False]
    """
    before = text[b - 1]
    if before.isspace():
        return True
    lead = text[b - 2]  # b - 2 >= a: the topic holds a word character
    if before.isascii() and before.isalpha() and not (lead.isascii() and lead.isalnum() or lead.isspace()):
        return True  # C#, F#: a letter standing alone
    if _colour_after(text, b, end):
        return True
    stop = _INNER_STOP.search(text, a + 1, b)
    return stop is not None and WORD_CHAR.search(text, stop.end(), b) is not None


def _colour_after(text: str, pos: int, end: int) -> bool:
    """Whether the ``#`` at ``pos`` starts a colour: 3, 4, 6 or 8 hex digits with a digit among them, all one letter
    (``#fff``) or at least 6 long (``#FFCCAA``), not a word such as ``#cafe`` or ``#face``."""
    m = _HEX.match(text, pos + 1, end)
    if m is None or len(hex_ := m.group()) not in (3, 4, 6, 8):
        return False
    return len(hex_) >= 6 or len(set(hex_.lower())) == 1 or any(c.isdigit() for c in hex_)


def _end_before(text: str, pos: int, start: int) -> str:
    """The terminator that ``pos`` follows, past closing quotes and brackets and the marks of a grapheme cluster; ``""``
    where it follows none."""
    while pos > start and (text[pos - 1] in _CLOSERS or _extends(text[pos - 1])):
        pos -= 1
    return text[pos - 1] if pos > start and text[pos - 1] in _TERMINATORS else ""


def _apostrophe(text: str, i: int) -> bool:
    return text[i] == "'" and 0 < i < len(text) - 1 and text[i - 1].isalpha() and text[i + 1].isalpha() and text[i - 1].isascii()


def _abbreviation(text: str, dot: int, line_start: int, end: int) -> bool:
    """Whether the ASCII "." at ``dot`` follows an initial or a known abbreviation.

    One letter is an initial (J. K. Rowling, U.S., e.g.) unless it is a capital
    followed by a word of :data:`SENTENCE_OPENERS` (Plan B. It works.).
    """
    i = dot
    while i > line_start and text[i - 1].isascii() and text[i - 1].isalpha():
        i -= 1
    word = text[i:dot]
    if len(word) == 1:
        after = _NEXT_WORD.match(text, dot + 1, end)
        return not (word.isupper() and after and after.group(1) in SENTENCE_OPENERS)
    return word.lower() in ABBREVIATIONS


def split_sentences(text: str, start: int, end: int, *, norm: Normalized | None = None, cap: bool = True) -> list[tuple[int, int]]:
    """Sentence spans of ``text[start:end]`` (one line), trimmed of whitespace.

    Line breaks other than ``\\r``/``\\n`` (U+2028, U+0085, ...) end a sentence
    too, nothing inside a web address does, and no span is longer than
    :data:`MAX_UNIT_CHARS` (unless ``cap`` is false: clause mode caps its clauses).
    A line between two breaks that holds no word character gives no span, as
    cleaning drops one between ``\\n`` (:func:`segment_document` reports it, ``no_words``).

    >>> split_sentences("好。\\u2028👍👍\\u2028再见", 0, 8)
    [(0, 2), (6, 8)]
    """
    return _sentences(text, start, end, norm=norm, cap=cap)[0]


def _sentences(text: str, start: int, end: int, *, norm: Normalized | None, cap: bool) -> tuple[list[tuple[int, int]], list[tuple[int, int]]]:
    """:func:`split_sentences`' spans, and the lines between breaks (trimmed) that it leaves out for holding no word character."""
    spans: list[tuple[int, int]] = []
    wordless: list[tuple[int, int]] = []
    pos = start
    for m in [*_LINE_BREAK.finditer(text, start, end), None]:
        stop = end if m is None else m.start()
        if WORD_CHAR.search(text, pos, stop):
            spans.extend(_split_shown(text, pos, stop))
        else:
            s, e = strip_span(text, pos, stop)
            if s < e:
                wordless.append((s, e))
        pos = stop if m is None else m.end()
    if cap and end - start > MAX_UNIT_CHARS:
        spans = _capped(text, spans, norm)
    return spans, wordless


def _capped(text: str, spans: list[tuple[int, int]], norm: Normalized | None) -> list[tuple[int, int]]:
    """``spans`` with each one longer than :data:`MAX_UNIT_CHARS` cut by :func:`_cap`."""
    if all(e - s <= MAX_UNIT_CHARS for s, e in spans):
        return spans
    return [c for s, e in spans for c in (_cap(text, s, e, norm) if e - s > MAX_UNIT_CHARS else [(s, e)])]


def _as_shown(
    text: str, start: int, end: int
) -> tuple[str, Callable[[int, int], tuple[int, int]], Callable[[int], int]] | None:
    """``text[start:end]`` as a reader sees it, a map of a span of that back to ``text`` and one of an offset of ``text``
    to it; ``None`` where it is the text itself (nearly always: no invisible character).

    The view is normalisation's first step (:func:`argmine.normalize.visible`, what cues and models read): invisible
    characters left out, but a zero-width joiner between two emoji kept and a zero-width space between two digits read
    as a space.  So no boundary rule (closing quotes, emoji after a sentence end, runs of terminators, the ``.`` rules,
    clause punctuation, lengths) sees them, and a span mapped back keeps those inside it (好。\\u200b” | 然后…).

    >>> view, back, to_view = _as_shown("前言。好。\\u200b”然后", 3, 9)
    >>> view, back(0, 3), to_view(7)
    ('好。”然后', (3, 7), 3)
    """
    if not _INVISIBLE.search(text, start, end):
        return None
    shown, to_orig, to_shown = visible(text[start:end])
    if to_orig is None:  # one character for one (1\u200b2 reads 1 2), or the text itself (👨\u200d👩)
        if shown == text[start:end]:
            return None
        return shown, lambda s, e: (start + s, start + e), lambda i: i - start
    # a span runs from its first character to its last: the invisible characters around it are left to the gaps
    return shown, lambda s, e: (start + to_orig[s], start + to_orig[e - 1] + 1), lambda i: to_shown[i - start]


def _split_shown(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """The sentences of the line ``start:end`` (:func:`_split_line`), read as a reader sees it (:func:`_as_shown`)."""
    shown = _as_shown(text, start, end)
    if shown is None:
        return _split_line(text, start, end)
    view, back, _ = shown
    return [back(s, e) for s, e in _split_line(view, 0, len(view))]


def _split_line(text: str, start: int, end: int) -> list[tuple[int, int]]:
    spans = []
    pos = start
    brackets = _bracketed(text, start, end)  # mixed-width pairs too: a kaomoji may be typed (；´Д｀）
    faces = _faces(text, brackets) if brackets else {}
    same = _bracketed(text, start, end, _SAME_KIND) if brackets else brackets
    kept = _inside(_protected(text, start, end) + _embedded(text, start, end) + _embedded_brackets(text, same)
                   + list(faces.items()))
    quotes: dict[str, list[int]] = {}
    folded = ""  # the line in ASCII (_FOLD), made for the first ． after a letter
    for m in _SENTENCE_END.finditer(text, start, end):
        ms, me = m.span()
        if me <= pos or kept(ms) or kept(me):
            continue
        if text[me - 1] in ";\uff1b" and _winks(text, me - 1, start, end):  # 难过;(我…: the eyes end nothing, a 。 before them does
            me -= 1
            if me == ms or kept(me):
                continue
        if me - ms == 1 and text[ms] == "." and text[ms - 1 : ms].isalpha() and _abbreviation(text, ms, start, end):
            continue
        if me - ms == 1 and text[ms - 1 : ms].isdecimal() and _LIST_LABEL.search(text, max(start, ms - 10), ms):  # 观点1.
            continue
        if me - ms == 1 and text[ms] in "\uff0e\ufe52" and ms > start and _LATIN_LETTER.match(text, ms - 1):
            folded = folded or text[start:end].translate(_FOLD)  # Ｍｒ．Ｌｉ, ｅ．ｇ．: the ASCII "." rules
            if not _WORD_DOT_END.match(folded, ms - start) or _abbreviation(folded, ms - start, 0, end - start):
                continue
        stop = _cluster_end(text, me, end)  # ？\ufe0f: the variation selector stays with its ？, the closers after it too
        if stop < end and (text[stop] in _CLOSERS or text[stop] in "#\\"):
            stop = _cluster_end(text, _end_with_closers(text, stop, end, start, quotes), end)
        closed, stop = stop > me, _trailer_end(text, stop, end, faces)  # 太好了！😂😂 | 不过…, 不想用。(；´Д｀) | 不过…
        if stop < end and _goes_on(text, stop, end, closed=closed):
            continue
        s, e = strip_span(text, pos, stop)
        if s < e:
            spans.append((s, e))
        pos = stop
    s, e = strip_span(text, pos, end)
    if s < e:
        spans.append((s, e))
    return _merge_wordless(text, spans) if spans else spans


def _goes_on(text: str, stop: int, end: int, *, closed: bool) -> bool:
    """Whether the sentence end before ``stop`` goes on: a comma follows it, or a short ——attribution ends the line.

    No unit starts with ，: 他们说“隐私不重要！”，我不同意。 is one sentence (an
    ASCII , only after a closing quote or bracket: ``closed``); “…。”——某网友 keeps
    its attribution.  White space and invisible characters after the sentence end are read past (a
    scraped page's spaces: 他们说“隐私不重要！” ，我不同意。 is one sentence too).
    """
    stop = strip_span(text, stop, end)[0]
    if stop == end:
        return False
    c = text[stop]
    if c in _GOES_ON or (c == "," and closed):
        return True
    if c in "\u2014\u2015":  # ——
        s, e = strip_span(text, stop, end)
        return bool(_ATTRIBUTION.fullmatch(text, s, e) and WORD_CHAR.search(text, s, e))
    return False


def _trailer_end(text: str, stop: int, end: int, faces: dict[int, int] | None = None) -> int:
    """``stop`` moved past emoji, codes such as [doge] and kaomoji (``faces``: :func:`_faces`) that follow a sentence end
    (太好了！😂😂 不过…, 不想用。(；´Д｀) 不过…)."""
    if stop >= end:
        return stop
    c = text[stop]
    if not (c == "[" or c in " \t\u3000" or "\u2600" <= c <= "\u27bf" or c in "\u2b50\u2b55" or c >= "\U0001f000"
            or (faces and stop in faces)):
        return stop  # nearly every sentence end: no emoji after it (a cheap look before the pattern)
    pos = stop
    while True:
        if m := _TRAILER.match(text, pos, end):
            if m.group(1) and text.find(f"[/{m.group(1)}]", m.end(), end) >= 0:
                break
            pos = m.end()
        elif faces and (face := faces.get(_SPACES.match(text, pos, end).end())):
            pos = face
        else:
            break
    return _cluster_end(text, pos, end) if pos > stop else stop


def _cap(text: str, start: int, end: int, norm: Normalized | None) -> list[tuple[int, int]]:
    """Cut ``start:end`` into pieces of at most :data:`MAX_UNIT_CHARS` characters.

    Each cut is after the last ，； (or , ; not before a digit, nor in a web
    address) in the second half of the allowed length, else after the last 、
    there, else at the last whitespace there, else at the last word boundary
    (:func:`tokenize` on the normalised text) before the limit (in the
    :data:`_WORD_WINDOW` characters before it, else in the second half; none
    leaves the piece before it one character), else at the limit.
    None of the first three is a place where 、，；： follow (they would open the next piece).
    No cut falls after the last character but one (white space not counted),
    so the last piece is not one character either (…微信 | 了好, not …微信了 |
    好): the limit moves back to it, where another character lies before it.
    No cut falls after the last word character, so the last piece keeps one
    (not the sentence's final 。 alone): the limit moves back to it, and the cut
    falls before the last word.  A piece left with none even so (a run of over
    500 emoji) joins its neighbour, as :func:`_merge_wordless` does; so where no
    word boundary lies before the last word character and the piece after it
    could not fit anyway, or the word is short, no cut splits that word
    (哈哈哈😂😂…: one piece).  A cut inside a grapheme cluster moves back before
    it, or past its end where the cluster starts the piece (a letter under 600
    combining marks, then text).
    """
    out = []
    kept = _inside(_protected(text, start, end))
    last = _last_word_char(text, start, end)
    second_last = _second_last_character(text, start, end)
    while end - start > MAX_UNIT_CHARS:
        limit = start + MAX_UNIT_CHARS
        before_last = start < last < limit  # the piece's words end before the limit: cut before the last one
        if before_last:
            limit = last
        if start < second_last < limit:  # no cut after it: the last piece is not one character (…微信了 | 好)
            limit = second_last
            while limit > start + 1 and _MARKS_AFTER_CUT.match(text, limit):  # nor one that opens with ，、；： (x… | ，好)
                limit -= 1
        half = range(limit, start + MAX_UNIT_CHARS // 2, -1)
        half = [i for i in half if not _MARKS_AFTER_CUT.match(text, i)]  # no piece starts with 、，；：
        cut = (  # half counts down: the first hit is the last one
            next((i for i in half if text[i - 1] in _CAP_AFTER and not (text[i - 1] in ",;" and (text[i].isdigit() or kept(i - 1)))), None)
            or next((i for i in half if text[i - 1] in _LIST_COMMAS), None)  # 、 between list items only after that
            or next((i for i in half if text[i].isspace()), None)
        )
        if cut is None:
            # within the piece, and past its second character (white space not counted): no piece of one character
            lo = max(limit - _WORD_WINDOW, strip_span(text, start + 1, end)[0])
            half_lo = start + MAX_UNIT_CHARS // 2  # else in the second half, as above: a run of letters before it is no word
            cut = _word_boundary(text, lo, limit, norm) or (_word_boundary(text, half_lo, lo, norm) if lo > half_lo else None)
        if cut is None:
            # no word boundary before the last word character, and only a run without a word character after it
            # (哈哈哈😂😂…): a cut before that character would split a word, or leave the rest too long all the same,
            # so none falls; the run joins the word.  A long run of letters (a 500-letter string before its 。) is cut
            # before its last character, as one of more than 500 is at the limit.
            if before_last and (end - limit > MAX_UNIT_CHARS or limit - start < _WORD_WINDOW):
                break
            cut = limit
        # never between e and its accent, or inside 👨‍👩‍👧: back before the cluster, or past it where it starts the piece
        cut = _cluster_start(text, cut, start + 1) or _cluster_end(text, cut, end)
        s, e = strip_span(text, start, cut)
        if s < e:
            out.append((s, e))
        start, end = strip_span(text, cut, end)
    if start < end:
        out.append((start, end))
    return _merge_wordless(text, out)


def _second_last_character(text: str, start: int, end: int) -> int:
    """The offset where the last user-perceived character but one of ``text[start:end]`` starts, white space and
    invisible characters not counted; -1 if there is none.

    >>> _second_last_character("好了 。\u0301 ", 0, 6)
    1
    """
    s, e = strip_span(text, start, end)
    last = _cluster_start(text, e - 1, s) if s < e else None
    if last is None:
        return -1
    e = strip_span(text, s, last)[1]
    if e <= s:
        return -1
    second = _cluster_start(text, e - 1, s)
    return s if second is None else second  # None: s is inside a cluster (the line's first one)


def _last_word_char(text: str, start: int, end: int) -> int:
    """The offset of the last word character in ``text[start:end]``; -1 if there is none."""
    return next((i for i in range(end - 1, start - 1, -1) if WORD_CHAR.match(text, i)), -1)


def _extends(c: str) -> bool:
    """Whether ``c`` belongs to the character before it: a combining mark, variation selector, joiner, skin tone or tag."""
    return (
        unicodedata.category(c) in ("Mn", "Me", "Mc")  # also the variation selectors FE00-FE0F, E0100-E01EF
        or c in "\u200c\u200d"
        or "\U0001f3fb" <= c <= "\U0001f3ff"
        or "\U000e0020" <= c <= "\U000e007f"
    )


def _cluster_boundary(text: str, i: int) -> bool:
    """Whether offset ``i`` falls between two user-perceived characters (grapheme clusters), not inside one.

    A small version of Unicode's rules (UAX #29) for what Chinese web text
    holds: no cut before a combining mark, variation selector, zero-width
    joiner, skin tone or tag; none after a zero-width joiner (👨‍👩‍👧); none
    inside a flag's pair of regional indicators.
    """
    if i <= 0 or i >= len(text):
        return True
    c, before = text[i], text[i - 1]
    if _extends(c) or before == "\u200d":
        return False
    if "\U0001f1e6" <= c <= "\U0001f1ff":
        run = i
        while run > 0 and "\U0001f1e6" <= text[run - 1] <= "\U0001f1ff":
            run -= 1
        return (i - run) % 2 == 0
    return True


def _cluster_end(text: str, pos: int, end: int) -> int:
    """The first cluster boundary at or after ``pos`` (at most ``end``)."""
    while pos < end and not _cluster_boundary(text, pos):
        pos += 1
    return pos


def _cluster_start(text: str, pos: int, lo: int) -> int | None:
    """The last cluster boundary at or before ``pos`` and at least ``lo``; ``None`` if there is none."""
    while pos >= lo and not _cluster_boundary(text, pos):
        pos -= 1
    return pos if pos >= lo else None


def _view(text: str, start: int, end: int, norm: Normalized | None) -> tuple[str, Callable[[int], int]]:
    """The normalised text of ``text[start:end]`` and a map from its offsets to ``text``'s."""
    if norm is None:  # called on a bare string: normalise just this stretch
        n = normalize(text[start:end])
        return n.text, lambda i: start + n.orig_span(i, i)[0]
    ns, ne = norm.norm_span(start, end)
    return norm.text[ns:ne], lambda i: norm.orig_span(ns + i, ns + i)[0]


def _word_boundary(text: str, lo: int, hi: int, norm: Normalized | None) -> int | None:
    """The last word start in ``(lo, hi]`` of ``text``, read on the normalised view.

    The view starts a few characters before ``lo``: read from ``lo`` inside a word (支|付宝), the rest of the word
    would read as words of its own (付|宝).
    """
    view, orig = _view(text, max(lo - 8, 0), min(hi + 8, len(text)), norm)
    # not before ，、；： (the piece after it would open with them: :data:`_MARKS_AFTER_CUT`)
    return max((p for p in (orig(ts) for _, ts, _ in tokenize(view)) if lo < p <= hi and not _MARKS_AFTER_CUT.match(text, p)), default=None)


def _marker_starts(text: str, start: int, end: int, norm: Normalized | None) -> set[int]:
    """Offsets where a discourse marker starts a word, matched on the normalised view."""
    view, orig = _view(text, start, end, norm)
    hits = [m.span() for m in _MARKER.finditer(view) if m.start() > 0]
    if not hits:
        return set()
    tokens = tokenize(view)
    starts, ends = {ts for _, ts, _ in tokens}, {te for _, _, te in tokens}
    # a marker starts a word; a one-character marker (但) must be the whole word: 但我们, not 但愿
    return {orig(s) for s, e in hits if s in starts and (e - s > 1 or e in ends)}


def _past_marks(text: str, pos: int, end: int) -> int:
    """``pos`` moved past clause punctuation right after it (and its variation selectors): 原因有三：、 | 隐私."""
    while m := _MARKS_AFTER_CUT.match(text, pos, end):
        pos = _cluster_end(text, m.end(), end)
    return pos


def split_clauses(text: str, start: int, end: int, *, norm: Normalized | None = None) -> list[tuple[int, int]]:
    """Clause spans of a sentence: split at ,;: and before discourse markers.

    Markers are found on the normalised view (so Traditional 因為/不過 count
    like 因为/不过) and only where jieba starts a word (not 不|但, 之|所以).
    Whitespace between CJK characters is a cut too.  Nothing is cut inside a
    web address, a number (1,000,000; 10:30; and as IMEs type them: 10：30,
    １２，５００), a quotation/title (“…”, 「…」, 『…』, ﹁…﹂, ﹃…﹄, 〝…〞, 《…》, 〈…〉, ︽…︾, and
    "…" or ＂…＂ where the sentence's straight quotes pair without doubt:
    :func:`_straight_paired`) or brackets (（…）, (…), （…), (…）, ﹙…﹚, ︵…︶, 【…】), nor after an
    emoticon's eyes (:func:`_emoticons`: ``改版了;(我…``).  A piece of fewer than :data:`CLAUSE_MIN_PIECE`
    word characters joins the clause before it, or the one after it where a
    marker opens it (直觉是这样的： | 但是，在移动端…).
    No clause after the first starts with 、，,；;：: or ﹐﹑﹔︐︑︔､; punctuation right after a
    cut stays with the clause before it (原因有三个：、 | 隐私…).
    Invisible characters move no cut: the sentence is read as a reader sees it
    (:func:`_as_shown`), its length too.
    """
    if end - start <= CLAUSE_MIN_SENTENCE:
        return [(start, end)]
    shown = _as_shown(text, start, end)
    if shown is None:
        return _clauses(text, start, end, {p for p in _marker_starts(text, start, end, norm) if p > start})
    view, back, to_view = shown
    if len(view) <= CLAUSE_MIN_SENTENCE:
        return [(start, end)]
    markers = {q for q in (to_view(p) for p in _marker_starts(text, start, end, norm)) if q > 0}  # found on the normalised view
    return [back(s, e) for s, e in _clauses(view, 0, len(view), markers)]


def _clauses(text: str, start: int, end: int, markers: set[int]) -> list[tuple[int, int]]:
    """:func:`split_clauses` of a sentence of more than :data:`CLAUSE_MIN_SENTENCE` characters, its discourse markers
    found (the offsets where one starts a word, after ``start``)."""
    brackets = _bracketed(text, start, end)  # mixed-width pairs, and those of one kind where they nest otherwise ((（…)…）)
    kept = _inside(_protected(text, start, end) + _paired(text, start, end) + _straight_paired(text, start, end)
                   + brackets + (_bracketed(text, start, end, _SAME_KIND) if brackets else []) + _emoticons(text, start, end))
    numbers = {m.start() for m in _NUMBER_PUNCT.finditer(text, start, end)}
    cuts = {m.end() for m in _CLAUSE_PUNCT.finditer(text, start, end) if not (m.end() - m.start() == 1 and m.start() in numbers)}
    cuts |= {m.start() for m in _CJK_SPACE.finditer(text, start, end)}
    cuts = {_past_marks(text, _cluster_end(text, c, end), end) for c in cuts | markers}
    bounds = [start, *sorted(c for c in cuts if start < c < end and not kept(c)), end]
    spans = [strip_span(text, a, b) for a, b in zip(bounds, bounds[1:])]
    spans = [sp for sp in spans if sp[0] < sp[1]]
    merged: list[tuple[int, int]] = []
    words = 0  # word characters of merged[-1]: those of its pieces (what strip_span left between them has none)
    held: tuple[int, int] | None = None  # a short piece opened by a marker (但是，), with its word characters: it opens the next
    for i, (s, e) in enumerate(spans):
        n = len(WORD_CHAR.findall(text, s, e))
        if held is not None:
            if n < CLAUSE_MIN_PIECE and i + 1 < len(spans):  # another short piece (但是，其实，): held too, with the marker
                held = (held[0], held[1] + n)
                continue
            alone = n
            s, n, held = held[0], n + held[1], None
            if alone < CLAUSE_MIN_PIECE:  # the last piece, too short as well: nothing for the marker to open, so all join the clause before
                n = 0
        elif n < CLAUSE_MIN_PIECE and s in markers and i + 1 < len(spans) and merged and words >= CLAUSE_MIN_PIECE:
            held = (s, n)
            continue
        if merged and (n < CLAUSE_MIN_PIECE or words < CLAUSE_MIN_PIECE):
            merged[-1] = (merged[-1][0], e)
            words += n
        else:
            merged.append((s, e))
            words = n
    return merged


# Each opening mark with its closing marks: cleaning's quotation and title marks (clean.QUOTE_PAIRS: “” 《》 「」 『』, Big5's
# vertical forms ﹁﹂ ﹃﹄, which NFKC folds to 「」『』, the double-prime 〝〞 or 〝〟), and the title marks 〈〉 with the
# vertical form ︽︾ of 《》 (what NFKC folds it to).  Not 〈〉's vertical ︿﹀: kaomoji use them far more than titles do,
# (╯︿╰)…(￣﹀￣) is no title.
_PAIRS = {**dict(QUOTE_PAIRS), "\u3008": "\u3009", "\ufe3d": "\ufe3e"}
_TITLES = "\u300a\u3008\ufe3d"  # 《 〈 ︽: a title, embedded after a colon too
_OPENERS = re.compile("[" + "".join(_PAIRS) + "]")


def _paired(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Quotations and titles (“…”, 「…」, 『…』, ﹁…﹂, ﹃…﹄, 〝…〞, 〝…〟, 《…》, 〈…〉, ︽…︾) closed within ``start:end``.

    >>> _paired("他們說〝隱私不重要！〟﹐我", 0, 14), _paired("知乎上﹁對嗎？﹂這個", 0, 10)
    ([(3, 11)], [(3, 8)])
    """
    spans = []
    # each closing mark's next offset found so far (-1: none left), looked up again only once passed: a long line of
    # openers without their closing mark is read once, not once per opener
    found: dict[str, int] = {}
    for m in _OPENERS.finditer(text, start, end):
        i = m.start()
        for c in _PAIRS[text[i]]:
            if 0 <= found.get(c, 0) <= i:
                found[c] = text.find(c, i + 1, end)
        j = min((found[c] for c in _PAIRS[text[i]] if found[c] > 0), default=-1)
        if j > 0:
            spans.append((i, j + 1))
    return spans


# Straight double quotes: ASCII " and the full-width ＂ that NFKC folds to it (each paired with its own kind).
_STRAIGHT_QUOTES = "\"\uff02"
# What may stand between a straight quotation's last sentence end and its closing mark (好？” in "她问“好？”"): the
# closing quotes and brackets but the straight ones (a mark of the other kind may, where it closes an inner quotation).
_INNER_CLOSERS = frozenset(_CLOSERS) - frozenset("\"\uff02'")


def _straight_paired(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Quotations in straight double quotes ("…", ＂…＂) on the line ``start:end``, where their pairing is not in doubt.

    A straight quote opens and closes with one mark, so a line's marks of a kind are paired as :func:`_end_with_closers`
    pairs them (the first with the second, the third with the fourth…), and only where that cannot misread them: they
    are even in number, none opens a quotation right after a digit (an inch mark, ``5" 屏幕``) or before white space,
    none closes one after white space, and each pair reads as one quotation (:func:`_one_quotation`: no sentence ends
    inside it but at its end, its curly quotes and marks of the other straight kind balance); otherwise the line has
    none of that kind.  So two unclosed openers (``有人说"…。我同意。但也有人说"…``), or quotations opened with ``"``
    and closed with ``”`` (``他说"好。”然后走了。她说"不。”…``), pair nothing.  A quotation that closes right after a
    digit is left out (it may end in an inch mark; ``"双11"`` holds no sentence end to keep anyway).

    >>> _straight_paired('知乎上"对吗？"这个', 0, 11), _straight_paired('买了5"和6"的', 0, 8), _straight_paired('"双11"', 0, 5)
    ([(3, 8)], [], [])
    >>> _straight_paired('说"好。我同意。又说"对', 0, 12), _straight_paired('说"好。”走了。她说"不。”', 0, 15)
    ([], [])
    """
    spans: list[tuple[int, int]] = []
    ends: list[tuple[int, int]] | None = None  # the line's sentence ends, found for the first kind that pairs
    for q in _STRAIGHT_QUOTES:
        marks, i = [], text.find(q, start, end)  # nearly every line: none
        while i >= 0:
            marks.append(i)
            i = text.find(q, i + 1, end)
        pairs = list(zip(marks[::2], marks[1::2]))
        if not marks or len(marks) % 2 or any(i > start and text[i - 1].isdecimal() or text[i + 1].isspace() or text[j - 1].isspace() for i, j in pairs):
            continue
        if ends is None:
            ends = [m.span() for m in _SENTENCE_END.finditer(text, start, end)]
        if not all(_one_quotation(text, i, j, ends) for i, j in pairs):
            continue
        spans += [(i, j + 1) for i, j in pairs if not text[j - 1].isdecimal()]
    return spans


def _one_quotation(text: str, i: int, j: int, ends: list[tuple[int, int]]) -> bool:
    """Whether the straight quotes at ``i`` and ``j`` read as one quotation, not as two marks that each open one.

    No sentence end (``ends``: the line's :data:`_SENTENCE_END` matches, in order) lies inside it, save one right before
    its closing mark, past closing quotes and brackets (``"对吗？"``, ``"她问“好？”"``, ``"她问＂好？＂"``, and a backslash
    that escapes a quote: ``\\"好。\\"``, :func:`_escaped`): a mark that
    follows a sentence end and comes before more text closes a quotation or opens the next.  Its ``“`` and ``”`` pair
    within it, and it holds an even number of marks of the other straight kind: quotations nest, they do not cross.

    >>> ends = lambda t: [m.span() for m in _SENTENCE_END.finditer(t)]
    >>> [_one_quotation(t, 0, len(t) - 1, ends(t)) for t in ('"对吗？"', '"好。我同意。但"', '"好。”走了。她说"', '"他说“好？”"')]
    [True, False, False, True]
    """
    other = _STRAIGHT_QUOTES.replace(text[i], "")
    if text.count(other, i + 1, j) % 2:
        return False
    k = bisect_left(ends, (i + 1, 0))
    if k < len(ends) and ends[k][0] < j:  # a sentence end inside: the only one there, and only closers after it
        if k + 1 < len(ends) and ends[k + 1][0] < j:
            return False
        if any(text[p] not in _INNER_CLOSERS and text[p] != other and not _escaped(text, p, j + 1) for p in range(ends[k][1], j)):
            return False
    if text.find("\u201d", i + 1, j) < 0 and text.find("\u201c", i + 1, j) < 0:  # nearly every quotation: no “ or ”
        return True
    depth = 0
    for p in range(i + 1, j):
        depth += (text[p] == "\u201c") - (text[p] == "\u201d")
        if depth < 0:
            return False
    return depth == 0


#: A title (《…》, 〈…〉), or a quotation (“…”, 「…」, 『…』, a paired "…" or ＂…＂: :func:`_straight_paired`) that no
#: colon introduces and that the sentence goes on after, at most this long (marks included), is one piece of its sentence:
#: a ？ or ！ inside it ends no sentence (在《支付宝为什么要做社交？》一文里,
#: “支付宝为什么要做社交？”这个问题下).  Quoted speech (他问：“对吗？”我说不用。) still ends.
EMBEDDED_MAX_CHARS = 60


def _bracketed(text: str, start: int, end: int, pairs: dict[str, str] = _BRACKET_PAIRS) -> list[tuple[int, int]]:
    """Bracketed stretches (（…）, (…), （…), (…）, ﹙…﹚, ︵…︶, 【…】, nested too) closed within ``start:end``; ``pairs``
    (:data:`_SAME_KIND`): of one kind only.  An emoticon's mouth (``:(``, ``:-)``, ``;(``: :func:`_mouth`) and the ``)``
    or ``）`` of a list marker (``1)``, ``b)``: :func:`_list_marker`) are no brackets.

    >>> _bracketed("做社交（说白了，没人买账)，没戏", 0, 16), _bracketed("做社交（说白了，没人买账)，没戏", 0, 16, _SAME_KIND)
    ([(3, 13)], [])
    >>> _bracketed("(︶︿︶)", 0, 5), _bracketed("改版了:( 不想用。算了:)", 0, 14), _bracketed("我反对（理由如下。1) 隐私", 0, 15)
    ([(0, 5)], [], [])
    >>> _bracketed("难过;(不想用。算了", 0, 10), _bracketed("做(我反对。理由：1)隐私", 0, 13), _bracketed("好（评分：5）", 0, 7)
    ([], [(1, 11)], [(1, 7)])
    >>> _bracketed("难过；（不想用）", 0, 8), _bracketed("理由（隐私；广告；）我同意", 0, 13), _bracketed("好（不错。评分：3）。", 0, 11)
    ([(3, 8)], [(2, 10)], [(1, 10)])
    """
    spans, open_ = [], []
    for m in _BRACKETS.finditer(text, start, end):
        c, i = m.group(), m.start()
        if c in _EYES and (_mouth(text, i, start, end)
                           or c in ")\uff09" and _list_marker(text, i, start)):
            continue
        if c not in pairs:
            open_.append(i)
        elif open_ and text[open_[-1]] in pairs[c]:
            spans.append((open_.pop(), i + 1))
    return spans


def _mouth(text: str, i: int, start: int, end: int) -> bool:
    """Whether the ``(``, ``)`` or ``）`` at ``i`` is an emoticon's mouth (:data:`_EMOTICON`, :data:`_EYES`): its eyes
    follow the line (``start``), white space, a Han character, an ASCII letter or digit, punctuation, a closing mark or
    an emoji (:data:`_BEFORE_EYES`), not a kaomoji's symbols (``(^_^;)``) nor another semicolon (``(;;)``, ``（；；）``: a
    kaomoji's two eyes).  A ``(`` is no mouth after a full-width ``：`` or ``；`` (``如下：(`` may open a bracket), nor
    before an ASCII letter or digit or a bracketed character (``原因:(1)隐私``, ``x=(a+b)``, ``如下:(一)``), nor where it
    opens a kaomoji that closes before ``end`` (``好;(；´Д｀)``: :func:`_opens_face`); after a ``;`` (a wink) it is none
    where a bracket closes it (``价格贵;(注：不含税)``: :func:`_closed_later`).  A ``)`` or ``）`` after a ``;`` or ``；`` is
    none where it closes a bracket opened before it (``理由（隐私；广告；）``: :func:`_closes_open`).  A ``（`` is never one.

    >>> [_mouth(t, len(t) - 1, 0, len(t)) for t in ("改版了:(", "好:-(", "哈哈 :)", "我:'(", "好：）", "(^_^;)", "(;ω;)", "好：(")]
    [True, True, True, True, True, False, False, False]
    >>> [_mouth(t, len(t) - 1, 0, len(t)) for t in ("难过;(", "难过；（", "难过；(", "好；）", "好;-)", "如下：（", "(;;)", "（；；）")]
    [True, False, False, True, True, False, False, False]
    >>> _mouth("原因:(1)", 3, 0, 6), _mouth("如下:(一)", 3, 0, 6), _mouth("难过:(我不想用", 3, 0, 8), _mouth("好;(；´Д｀)", 2, 0, 8)
    (False, False, True, False)
    >>> _mouth("价格贵;(注：不含税)", 4, 0, 11), _mouth("理由（隐私；广告；）", 9, 0, 10), _mouth("难过;(不想用。算了;)", 3, 0, 12)
    (False, False, True)
    """
    c = text[i]
    if c not in _EYES:
        return False
    k = i - 1
    if k >= start and text[k] in "-'":
        k -= 1
    if k < start or text[k] not in _EYES[c]:
        return False
    if text[k] in ";\uff1b" and k > start and text[k - 1] in ";\uff1b":  # (;;), （；；）: a kaomoji's eyes
        return False
    opens = c == "("
    if opens and i + 1 < len(text) and (text[i + 1].isascii() and text[i + 1].isalnum() or text[i + 2 : i + 3] in (")", "\uff09")):
        return False
    if k > start:
        b = text[k - 1]
        if not (b.isspace() or b in _BEFORE_EYES or b.isascii() and b.isalnum() or "\u3400" <= b <= "\u9fff"
                or "\u2600" <= b <= "\u27bf" or b >= "\U0001f000"):
            return False
    if not opens:
        return not (text[k] in ";\uff1b" and _closes_open(text, i, start))
    # a wink's ( that a bracket closes is a bracket (价格贵;(注：不含税)), unless a bracket opened before it is still open:
    # then that closing mark is the earlier bracket's (卸载了（有点舍不得;(毕竟用了十年）)
    return not (_opens_face(text, i, end) or text[k] == ";" and _closed_later(text, i, end) and not _closes_open(text, i, start))


def _closed_later(text: str, i: int, end: int) -> bool:
    """Whether a ``)``, ``）`` or ``﹚`` closes the ``(`` at ``i`` before ``end`` and within :data:`EMBEDDED_MAX_CHARS`
    (the reach in which a bracket hides a sentence end), not counting brackets shaped as a mouth (:data:`_ROUND`:
    ``难过;(不想用。算了;)`` is two winks).

    >>> _closed_later("价格贵;(注：不含税)。", 4, 12), _closed_later("难过;(我(真的)不想用", 3, 12), _closed_later("难过;(不想用。哈哈:)", 3, 12)
    (True, False, False)
    """
    stop = min(end, i + EMBEDDED_MAX_CHARS)
    if all(text.find(c, i + 1, stop) < 0 for c in ")\uff09\ufe5a") or not _CLOSING.search(text, i + 1, stop):
        return False  # nearly always: nothing to read
    depth = 0
    for m in _ROUND.finditer(text, i + 1, stop):
        if m.group() in "(\uff08\ufe59":
            depth += 1
        elif depth:
            depth -= 1
        else:
            return True
    return False


def _closes_open(text: str, i: int, start: int) -> bool:
    """Whether the ``)`` or ``）`` at ``i`` closes a ``(``, ``（`` or ``﹙`` opened after the line start (``start``) and within
    :data:`EMBEDDED_MAX_CHARS` before it, not counting brackets shaped as a mouth (:data:`_ROUND`).

    >>> _closes_open("理由（隐私；广告；）", 9, 0), _closes_open("理由（隐私）广告；）", 9, 0), _closes_open("难过;(不想用。算了;)", 11, 0)
    (True, False, False)
    """
    lo = max(start, i - EMBEDDED_MAX_CHARS + 1)
    if all(text.find(c, lo, i) < 0 for c in "(\uff08\ufe59") or not _OPENING.search(text, lo, i):
        return False  # nearly always: nothing to read
    depth, j = 0, i
    while (j := max(text.rfind(c, lo, j) for c in "()\uff08\uff09\ufe59\ufe5a")) >= 0:  # each bracket back, nearest first
        if text[j] not in "(\uff08\ufe59":
            depth += _CLOSING.match(text, j) is not None
        elif _OPENING.match(text, j):
            if not depth:
                return True
            depth -= 1
    return False


def _winks(text: str, i: int, start: int, end: int) -> bool:
    """Whether the ``;`` or ``；`` at ``i`` is an emoticon's eyes (``;(``, ``;-)``, ``;)``, ``；）``: :func:`_mouth`), which
    end no sentence or clause, as the ``:`` of ``:(`` does not.

    >>> _winks("难过;(我不想用", 2, 0, 8), _winks("难过；-）", 2, 0, 5), _winks("隐私；(2)广告", 2, 0, 8), _winks("好;(；´Д｀)", 1, 0, 8)
    (True, True, False, False)
    >>> _winks("广告多；（尤其是首页）", 3, 0, 11), _winks("价格贵;(注：不含税)", 3, 0, 11), _winks("理由（隐私；广告；）", 8, 0, 10)
    (False, False, False)
    """
    p = i + 1
    if p < end and text[p] in "-'":
        p += 1
    return p < end and _mouth(text, p, start, end)


def _emoticons(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """The emoticons in ``start:end`` (:data:`_EMOTICON`, :func:`_mouth`): no clause is cut after their eyes.

    >>> _emoticons("又改版了:( 我不想用，哈哈:-)", 0, 18), _emoticons("(^_^;)", 0, 6), _emoticons("难过;(我不想用", 0, 8)
    ([(4, 6), (14, 17)], [], [(2, 4)])
    """
    if text.find("(", start, end) < 0:  # nearly every sentence: none (a cut after the eyes of :) or ；） is after its mouth)
        return []
    return [m.span() for m in _EMOTICON.finditer(text, start, end) if _mouth(text, m.end() - 1, start, end)]


def _list_marker(text: str, i: int, start: int) -> bool:
    """Whether the ``)`` or ``）`` at ``i`` ends a list marker: one or two digits or a single ASCII letter at the line start
    (``start``), after white space or after a sentence end (``理由如下。1) 隐私…``, ``2) 广告``; not ``(见图1)``, ``(约3.5)``,
    nor after an ASCII ``.;!?`` that follows a letter or digit, as in a web address: ``（见a.com/x;z）``).  After a colon
    it is none (``（服务一般。评分：3）下次不来了。`` holds a value, and nothing tells ``(我反对。理由：1)隐私`` from it).

    >>> [_list_marker(t, len(t) - 1, 0) for t in ("1)", "如下。2)", "如下 b）", "(1)", "见图1)", "约3.5)", "第12)", "123)", "x;z)", "理由：1)")]
    [True, True, True, False, False, False, False, False, False, False]
    """
    k = i - 1
    if k >= start and text[k].isascii() and text[k].isalpha():
        k -= 1
    else:
        while k >= start and i - k <= 2 and text[k].isdecimal():
            k -= 1
    if k == i - 1 or k >= start and text[k].isalnum():
        return False
    return (k < start or text[k].isspace() or text[k] in _TERMINATORS and not (k > start and (
        text[k] in ".\uff0e\ufe52" and text[k - 1].isdecimal() or text[k] in ".;!?" and text[k - 1].isascii() and text[k - 1].isalnum())))


def _embedded_brackets(text: str, brackets: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """The stretches of the closed ``brackets`` of a line where no sentence ends: those of brackets at most
    :data:`EMBEDDED_MAX_CHARS` long, up to the terminators that end the bracketed text, if any (past closing marks:
    ``？）``, ``。”）``).  A sentence end inside such brackets ends no sentence (新京报讯（记者 张三；通讯员 李四）支付宝…,
    我不同意（张三；李四）。), but one at their end still does, after the closing bracket: what is bracketed may be a
    sentence of its own, and what follows it another ((理性or感性?) | 支付宝每次…).

    >>> t = "新京报讯（记者 张三；通讯员 李四）支付宝上线"
    >>> _embedded_brackets(t, _bracketed(t, 0, len(t))), _embedded_brackets("好（对。）", [(1, 5)])
    ([(4, 18)], [(1, 3)])
    >>> _embedded_brackets("做（看法。其实也这么想。）确实", [(1, 13)])
    [(1, 11)]
    """
    spans = []
    for i, j in brackets:
        if j - i > EMBEDDED_MAX_CHARS:
            continue
        k = j - 1  # back over the closing marks before the bracket, then over the terminators before them
        while k > i + 1 and (text[k - 1] in _CLOSERS or _extends(text[k - 1]) or _escaped(text, k - 1, j)):
            k -= 1
        if text[k - 1] in _TERMINATORS:
            while k > i + 1 and text[k - 1] in _TERMINATORS:
                k -= 1
        else:
            k = j
        spans.append((i, k))
    return spans


def _faces(text: str, brackets: list[tuple[int, int]]) -> dict[int, int]:
    """The kaomoji among the closed ``brackets`` of a line (:data:`KAOMOJI_MAX_CHARS`, :func:`_face`), each start with its end.

    >>> t = "要做社交了(´；ω；｀)我不用(1)，(；一_一)(见下。)（对。）"
    >>> _faces(t, _bracketed(t, 0, len(t)))
    {5: 12, 19: 25}
    """
    return {i: j for i, j in brackets if _face(text, i, j)}


def _face(text: str, i: int, j: int) -> bool:
    """Whether the bracketed ``text[i:j]`` is a kaomoji (:data:`KAOMOJI_MAX_CHARS`)."""
    return (j - i <= KAOMOJI_MAX_CHARS and text[i] in "\uff08(" and not _WORD_PAIR.search(text, i + 1, j - 1)
            and any(not WORD_CHAR.match(text, m.start() - 1) for m in _SENTENCE_END.finditer(text, i + 1, j - 1)))


def _opens_face(text: str, i: int, end: int) -> bool:
    """Whether the ``(`` or ``（`` at ``i`` opens a kaomoji (:func:`_face`) that closes before ``end``: its brackets are
    matched (any width, nested) within :data:`KAOMOJI_MAX_CHARS` characters, so each look is short.

    >>> _opens_face("好；(；´Д｀)我", 2, 9), _opens_face("好；(我不想用)", 2, 8), _opens_face("好；(((；´Д｀)))", 2, 13)
    (True, False, True)
    """
    if _WORD_PAIR.match(text, i + 1, end):  # a word right after it (难过:(我不想用): no face, nearly always
        return False
    depth = 0
    for m in _PARENS.finditer(text, i, min(end, i + KAOMOJI_MAX_CHARS)):
        depth += 1 if m.group() in "(\uff08" else -1
        if depth == 0:
            return _face(text, i, m.end())
    return False


def _embedded(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Titles and quotations in ``start:end`` that are part of the sentence around them (:data:`EMBEDDED_MAX_CHARS`)."""
    return [
        (i, j) for i, j in _paired(text, start, end) + _straight_paired(text, start, end)
        if j - i <= EMBEDDED_MAX_CHARS and (
            text[i] in _TITLES  # a title; a quotation only when no colon introduces it and words (or ，、) follow it
            or (j < end and (text[j].isalnum() or text[j] in _GOES_ON) and not _after_colon(text, start, i))
        )
    ]


def _after_colon(text: str, start: int, i: int) -> bool:
    """Whether the last character before ``i`` (from ``start`` on) that is not white space is a colon, past the
    backslash of an escaped quote at ``i`` (``他说：\\"好。\\"``: :func:`_escaped`).

    Read back from ``i``, not by stripping ``text[start:i]``: a copy of the line so far for every quotation made a
    long line of quotations quadratic.

    >>> _after_colon("他问： “对吗？”", 0, 4), _after_colon("知乎上“对吗？”", 0, 3), _after_colon("  “a”", 0, 2)
    (True, False, False)
    >>> _after_colon('他说：\\\\"好。\\\\"', 0, 4), _after_colon('他说\\\\"好。\\\\"', 0, 3)
    (True, False)
    """
    k = i - 1
    if k >= start and _escaped(text, k, i + 1):
        k -= 1
    while k >= start and text[k].isspace():
        k -= 1
    return k >= start and text[k] in COLONS


def _tokens(norm: Normalized, start: int, end: int) -> tuple[str, ...]:
    """Word tokens (:func:`tokenize`) of the normalised unit, returned as slices of the original that tile
    ``original[start:end]``: a token takes the invisible characters the view left out after it inside the unit, not
    those after the unit's end (:meth:`Normalized.orig_span` runs over them).

    >>> _tokens(normalize("财不\u200b外露。\u200b\u200b我"), 0, 6)
    ('财不\u200b', '外露', '。')
    """
    ns, ne = norm.norm_span(start, end)
    out = []
    for _, ts, te in tokenize(norm.text[ns:ne]):
        os_, oe = norm.orig_span(ns + ts, ns + te)
        out.append(norm.original[max(os_, start):min(oe, end)])
    return tuple(out)


@lru_cache(maxsize=1)
def _jieba():
    """jieba (what :func:`tokenize` falls back to without rjieba), silent, caching its dictionary in a folder of this user's.

    jieba caches its parsed dictionary as ``jieba.cache`` in the shared temporary
    folder; where it cannot replace that file (another user's, or a folder of
    that name) it logs the failure with a traceback and leaves its 9 MB temporary
    file behind; and it reads whatever ``jieba.cache`` it finds there, whoever
    wrote it.  In ``$XDG_CACHE_HOME/argmine`` (``~/.cache/argmine``) nobody else
    writes; where that folder cannot be made or written, the cache goes to a
    private temporary folder removed when the process ends (the cache only
    saves a second at the next start).
    """
    import atexit
    import logging
    import os
    import shutil
    import tempfile

    import jieba

    jieba.setLogLevel(logging.CRITICAL)  # jieba logs its debug lines and a cache it cannot write (with a traceback)
    folder = os.path.join(os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache"), "argmine")
    try:
        os.makedirs(folder, mode=0o700, exist_ok=True)
        usable = os.access(folder, os.W_OK | os.X_OK)
    except OSError:  # no home, a read-only one, a file in the way
        usable = False
    if not usable:
        try:
            folder = tempfile.mkdtemp(prefix="argmine-jieba-")
        except OSError:  # no writable temporary folder either: jieba's cache write fails (silently, logged at CRITICAL only)
            return jieba
        atexit.register(shutil.rmtree, folder, ignore_errors=True)
    jieba.dt.tmp_dir = folder
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
