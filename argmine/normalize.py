"""Normalised views of a text with an exact offset map back to the original.

Models and cleaning rules read a normalised string: full-width forms of
ASCII folded to ASCII (``！，（１`` read as ``!,(1``), Kangxi radicals and CJK
compatibility ideographs folded as NFKC folds them (``⽀`` reads ``支``), scrape
artifacts such as ``&附近的有钱人&`` repaired, Traditional converted to Simplified
with OpenCC (and to the mainland spelling where t2s leaves a Taiwan/Hong Kong
variant: 轉帳 reads 转账, not 转帐; 看著 看着; 衞生 卫生), and invisible
characters (:data:`INVISIBLE`: zero-width space, soft hyphen, ...) left out, so
that ``财\\u200b不外露`` reads ``财不外露``, as a reader sees it (:func:`visible`).
Every offset argmine reports points into the original.  :class:`Normalized`
holds both directions of the map.

>>> n = normalize("&附近的有钱人&說！")
>>> n.text
'“附近的有钱人”说!'
>>> n.orig_span(1, 7)
(1, 7)
>>> n = normalize("财\\u200b不外露。")
>>> n.text, n.orig_span(0, 4), n.original[0:5]
('财不外露。', (0, 5), '财\\u200b不外露')
"""

from __future__ import annotations

import re
import unicodedata
from array import array
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from .types import SURROGATE

#: Invisible format characters: zero-width space U+200B, zero-width non-joiner U+200C and joiner U+200D, word joiner
#: U+2060, byte-order mark U+FEFF (a zero-width no-break space inside a text), soft hyphen U+00AD.  Copied Zhihu and
#: WeChat text holds them inside words; the normalised view leaves them out (:func:`visible`), cleaning trims them
#: like white space (argmine/clean.py).
INVISIBLE = "\u200b\u200c\u200d\u2060\ufeff\u00ad"
_INVISIBLE_RUN = re.compile(f"[{INVISIBLE}]+")
_NO_INVISIBLE = dict.fromkeys(map(ord, INVISIBLE))  # str.translate: deletes them
#: What may stand between an emoji and the zero-width joiner after it (👩🏽‍💻, 🏳️‍🌈): a variation selector, a skin tone.
_EMOJI_EXTEND = re.compile("[\ufe0e\ufe0f\U0001f3fb-\U0001f3ff]*")

#: The line breaks besides ``\r`` and ``\n``: VT, FF, FS-RS, NEL, LS and PS (a regex class body).  Cleaning cuts
#: blocks at ``\r\n``, ``\r`` and ``\n``; segmentation ends a unit at these too (argmine/segment.py).
OTHER_LINE_BREAKS = "\x0b\x0c\x1c-\x1e\x85\u2028\u2029"
#: Every line break argmine recognises (a regex class body): no repair pairs anything across one (:func:`repair_artifacts`).
LINE_BREAKS = "\r\n" + OTHER_LINE_BREAKS
# Lost quote marks and dashes in scraped pages: "&&" stood for "——",
# "&X&" for "“X”", the X on one line (LINE_BREAKS).  Both replacements keep the length, so offsets stay put.
# An "&X&" that is part of a URL query or an HTML entity is left alone
# ("?a=1&from=weibo&b=2", "&nbsp;&"); "&ATM&" is repaired.
# Written to start with "&" (the lookbehind looks at the character before it)
# so that the regex engine jumps from one "&" to the next: 10x faster.
_ARTIFACT = re.compile(r"&(?:&|(?<![\w=%.;/?#+-]&)(?![\w%.:/?#+-]*[=;][\w=%.;:/?#+-]*&)([^&" + LINE_BREAKS + r"]{1,40})&)", re.ASCII)
#: Full-width forms U+FF01-FF5E to ASCII U+0021-007E, and the ideographic
#: space U+3000 to " ": one character for one, so offsets stay put.
_WIDTH = {cp: cp - 0xFEE0 for cp in range(0xFF01, 0xFF5F)} | {0x3000: 0x20}
#: Kangxi radicals (U+2F00-2FDF, as PDFs carry them: ⽀ for 支), the two CJK radicals
#: NFKC folds (⺟ ⻳) and CJK compatibility ideographs (U+F900-FAFF, U+2F800-2FA1F):
#: NFKC maps each of them to one unified ideograph, one code point for one.
_COMPAT = {
    cp: unicodedata.normalize("NFKC", chr(cp))
    for cp in [0x2E9F, 0x2EF3, *range(0x2F00, 0x2FE0), *range(0xF900, 0xFB00), *range(0x2F800, 0x2FA20)]
    if len(unicodedata.normalize("NFKC", chr(cp))) == 1 and unicodedata.normalize("NFKC", chr(cp)) != chr(cp)
}
_FOLD = _WIDTH | _COMPAT


def _char_ranges(cps) -> str:
    """A regex class body for the code points ``cps``, as ranges of consecutive ones (a class of
    a thousand single characters is searched about 100x slower than the same as 13 ranges).

    >>> _char_ranges([0x41, 0x42, 0x43, 0x45])
    'A-CE'
    """
    runs: list[list[int]] = []
    for cp in sorted(cps):
        if runs and cp == runs[-1][1] + 1:
            runs[-1][1] = cp
        else:
            runs.append([cp, cp])
    return "".join(re.escape(chr(a)) if a == b else f"{re.escape(chr(a))}-{re.escape(chr(b))}" for a, b in runs)


# exactly _COMPAT's keys: the ranges also hold ideographs NFKC keeps (﨑 U+FA11) and unassigned code points
_COMPAT_CLASS = _char_ranges(_COMPAT)
_WIDE = re.compile(f"[\uff01-\uff5e\u3000{_COMPAT_CLASS}]")
_COMPAT_CHAR = re.compile(f"[{_COMPAT_CLASS}]")
_CJK_RUN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff\U00020000-\U0003134f]+")
#: Taiwan and Hong Kong spellings that OpenCC's t2s turns into variants, not the
#: mainland standard, in the words where they differ: 轉帳 -> 转帐 (转账), 帳單 ->
#: 帐单 (账单), 消費紀錄 -> 消费纪录 (消费记录), 甚麼 -> 甚么 (什么), and Taiwan's
#: 著 for 着 (看著 -> 看着, 著急 -> 着急; OpenCC tw2s does the same).  One character
#: for one, so offsets stay put.  帐 stays in 帐篷 and 蚊帐, 纪录 in 世界纪录 and
#: 纪录片, 著 where it is written 著 on the mainland too (著名, 著作, 显著, 名著, 土著),
#: but 讨论著, 配合著, 重新著手 (two characters behind), 写著名字, 看著书, 听著录音, 做著作业
#: (a verb that takes the particle before 著名/著书/著录/著作) read 着.  著有, 大著, 著文 and a
#: bibliographic 鲁迅著 read 着: one or two characters around cannot tell them from 看著有点.
#: Every branch starts with its literal and looks behind from there, so the
#: engine jumps from one 帐/纪/甚/著 to the next: 15x faster on a long page.
_VARIANT = re.compile(
    r"帐(?<=[转记对算查结付到入过挂赊欠还赖坏呆做销报认买收出进讨催要分交假烂混旧]帐)(?![篷幕子])|帐(?=[户号单目本簿款务面期])"
    r"|纪(?<=(?:消费|交易|转账|转帐|聊天|通话|浏览|搜寻|搜索|付款|支付|购物|购买|信用|使用|登入|登录|犯罪|医疗|收支|资金|位置|定位)纪)(?=录(?!片))"
    r"|甚(?=么)"
    r"|著(?=急)|著(?<=(?:讨论|议论|谈论|争论|配合|结合|混合|融合|重新|翻译|有所)著)(?![名作称述录者书])"
    r"|著(?<=[写喊叫带]著)(?=名)|著(?<=[看抱]著)(?=书)|著(?<=[听看]著)(?=录)|著(?<=[做看拿]著)(?=作)"
    r"|著(?<![显卓昭名巨合原专论编译遗拙新土撰所]著)(?![名作称述录者书])"
)
#: Hong Kong and Taiwan characters t2s leaves as they are, whose mainland form is
#: another character in every word (OpenCC hk2s / tw2s, and 暱 -> 昵): 衞生 reads 卫生.
_ONE_FOR_ONE = {"衞": "卫", "敍": "叙", "枱": "台", "暱": "昵", "衹": "只", "粧": "妆", "糭": "粽", "痺": "痹", "簷": "檐", "睪": "睾"}
_MAINLAND = {"帐": "账", "纪": "记", "甚": "什", "著": "着"}
#: What keeps the variant when it follows (帐篷, 纪录片, 著名): :func:`argmine.schema.simplified` does
#: not read it after a regex cue's literal text (``转帐`` is a cue for 转账).
_KEEP_AFTER = {"帐": "篷幕子", "纪": "片", "甚": "", "著": "名作称述录者书"}
_ONE_FOR_ONE_CHAR = re.compile(f"[{''.join(_ONE_FOR_ONE)}]")


@dataclass(frozen=True)
class Normalized:
    """A normalised text and the maps between it and the original.

    ``to_orig[i]`` is the original offset of normalised position ``i``
    (length ``len(text) + 1``); ``to_norm`` is the reverse map (length
    ``len(original) + 1``; a character the view leaves out maps to the
    position of the next one).  Both are ``None`` when the lengths agree
    position by position (the common case), which keeps memory flat.
    """

    original: str
    text: str
    to_orig: array | None = None
    to_norm: array | None = None

    def norm_span(self, start: int, end: int) -> tuple[int, int]:
        """Normalised offsets of the original span ``start:end``."""
        if self.to_norm is None:
            return start, end
        return self.to_norm[start], self.to_norm[end]

    def orig_span(self, start: int, end: int) -> tuple[int, int]:
        """Original offsets of the normalised span ``start:end``: where its first character starts and where the
        character after it starts (the text's end after the last), so that spans which tile the view tile the
        original from its first shown character on, each taking the characters the view left out after it
        (:func:`visible`; :meth:`orig_match` leaves those after the span out)."""
        if self.to_orig is None:
            return start, end
        return self.to_orig[start], self.to_orig[end]

    def orig_match(self, start: int, end: int) -> tuple[int, int]:
        """Original offsets of the normalised span ``start:end`` read as a match (a cue, a rule's): from its first
        character to its last, the invisible characters the view leaves out inside it included, those after it not.

        >>> n = normalize("财\\u200b不外露\\u200b。")
        >>> n.orig_span(0, 4), n.orig_match(0, 4)
        ((0, 6), (0, 5))
        """
        s, e = self.orig_span(start, end)
        if self.to_orig is None or end <= start:
            return s, e
        last = self.to_orig[end - 1]  # where the span's last character is
        while e - 1 > last and self.original[e - 1] in INVISIBLE:
            e -= 1
        return s, e

    def view(self, start: int, end: int) -> str:
        """The normalised text of the original span ``start:end``."""
        s, e = self.norm_span(start, end)
        return self.text[s:e]


@lru_cache(maxsize=1)
def _t2s():
    """OpenCC's Traditional-to-Simplified converter, from the table the opencc package ships.

    By name OpenCC looks for ``t2s.json`` in the current directory first, so a file of that name where argmine runs
    (anyone's JSON) would replace the table; its own copy is named by its full path."""
    import opencc

    return opencc.OpenCC(t2s_config(opencc))


def jieba_dictionary() -> list[tuple[str, str]]:
    """The entries of jieba's dictionary (the frequency list of modern Chinese, in Simplified, that argmine ships with
    jieba): each word with its count, as written.  Read anew at each call: the callers keep what they need of it."""
    import jieba

    with jieba.get_dict_file() as f:
        return [tuple(line.split(" ", 2)[:2]) for line in f.read().decode("utf-8").splitlines()]


def t2s_config(opencc: Any) -> str:
    """The path of the ``t2s.json`` the ``opencc`` package ships, or the bare name where it keeps none beside it (a
    build that reads its tables from the system's OpenCC share folder)."""
    shipped = Path(opencc.__file__).parent / "clib" / "share" / "opencc" / "t2s.json"
    return str(shipped) if shipped.is_file() else "t2s"


def repair_artifacts(text: str) -> str:
    """Replace lost quote marks / dashes (``&X&``, ``&&``); length-preserving.

    >>> repair_artifacts("&附近的有钱人&说 http://x.cn/?a=1&from=weibo&b=2 &nbsp;&")
    '“附近的有钱人”说 http://x.cn/?a=1&from=weibo&b=2 &nbsp;&'
    >>> repair_artifacts("就是&ATM&而已,A&&B")
    '就是“ATM”而已,A——B'
    >>> repair_artifacts("网友说&支付宝\\r我同意&理由")  # no pair across a line break (LINE_BREAKS), a lone \\r too
    '网友说&支付宝\\r我同意&理由'
    """
    if "&" not in text:
        return text
    return _ARTIFACT.sub(lambda m: "——" if m.group(1) is None else f"“{m.group(1)}”", text)


def fold_width(text: str) -> str:
    """Full-width ASCII forms and the ideographic space as ASCII, Kangxi radicals and CJK
    compatibility ideographs as the ideographs NFKC folds them to; length-preserving.

    >>> fold_width("好！（ＡＢ，１２）我不⽀持")
    '好!(AB,12)我不支持'
    """
    if not _WIDE.search(text):
        return text
    if len(text) < 256:
        return text.translate(_FOLD)
    import numpy as np  # a long page: fold all code points at once (str.translate is 50x slower here)

    cp = np.frombuffer(text.encode("utf-32-le"), dtype=np.uint32).copy()
    cp[(cp >= 0xFF01) & (cp <= 0xFF5E)] -= 0xFEE0
    cp[cp == 0x3000] = 0x20
    text = cp.tobytes().decode("utf-32-le")
    return _COMPAT_CHAR.sub(lambda m: _COMPAT[ord(m.group())], text) if _COMPAT_CHAR.search(text) else text


def mainland_forms(text: str) -> str:
    """Mainland spellings of the Taiwan/Hong Kong variants t2s leaves (see ``_VARIANT``); length-preserving.

    >>> mainland_forms("转帐方便，消费纪录，帐单；帐篷，世界纪录，为甚么")
    '转账方便，消费记录，账单；帐篷，世界纪录，为什么'
    >>> mainland_forms("用户不买帐，收帐、进帐、帐期、分帐、翻旧帐；支付纪录片")
    '用户不买账，收账、进账、账期、分账、翻旧账；支付纪录片'
    >>> mainland_forms("看著、随著、著急、等著；著名、著作、显著、名著；衞生、敍述、枱、暱称")
    '看着、随着、着急、等着；著名、著作、显著、名著；卫生、叙述、台、昵称'
    """
    if "帐" in text or "纪" in text or "甚" in text or "著" in text:
        text = _VARIANT.sub(lambda m: _MAINLAND[m.group()], text)
    return _ONE_FOR_ONE_CHAR.sub(lambda m: _ONE_FOR_ONE[m.group()], text)  # str.translate is 30x slower here


@lru_cache(maxsize=1)
def _pictographic():
    """A pattern of one Extended_Pictographic character (an emoji, as Unicode's grapheme rules name them)."""
    import regex  # only for a text with a zero-width joiner in it

    return regex.compile(r"\p{Extended_Pictographic}")


def _joins_emoji(text: str, i: int) -> bool:
    """Whether the zero-width joiner at ``i`` joins two emoji into one (👨‍👩‍👧, 🏳️‍🌈, 👩🏽‍💻): it is part of the symbol.

    >>> _joins_emoji("\\U0001f468\\u200d\\U0001f469", 1), _joins_emoji("\\U0001f3f3\\ufe0f\\u200d\\U0001f308", 2), _joins_emoji("财\\u200d不", 1)
    (True, True, False)
    """
    if i + 1 >= len(text) or not _pictographic().match(text, i + 1):
        return False
    k = i
    while k > 0 and _EMOJI_EXTEND.fullmatch(text[k - 1]):
        k -= 1
    return k > 0 and _pictographic().match(text, k - 1) is not None


def without_invisible(text: str) -> str:
    """``text`` with every invisible character (:data:`INVISIBLE`) deleted, for the rules that read a string as a reader
    sees it and need no offset map (a block's kind, a length threshold, a table's kind cell); :func:`visible` keeps the
    maps and what a reader still sees of them (a joiner inside an emoji, a space between digits).

    >>> without_invisible("问\u200b：圈子\u00ad是什么"), without_invisible("支付宝")
    ('问：圈子是什么', '支付宝')
    """
    return text.translate(_NO_INVISIBLE) if _INVISIBLE_RUN.search(text) else text


def shown_chars(text: str) -> str:
    """The characters of ``text`` a reader sees, with no white space between them: white space and invisible characters
    (:data:`INVISIBLE`) deleted.  What the length thresholds of HTML reading count, and what tells a table row repeated
    across pages or dumps from another row given the same id (a dump saved again with CRLF, or a trailing space, repeats
    the row all the same).

    >>> shown_chars(" 财不外露，\\r\\n隐私\\u200b重要。 ") == shown_chars("财不外露，\\n隐私重要。") == "财不外露，隐私重要。"
    True
    """
    return "".join(without_invisible(text).split())


def visible(text: str) -> tuple[str, array | None, array | None]:
    """``text`` as a reader sees it: without its invisible characters (:data:`INVISIBLE`), and both offset maps
    (``to_orig``, ``to_norm`` as :class:`Normalized` has them; ``None`` when it holds none).

    Two exceptions keep what a reader sees: a zero-width joiner between two emoji is part of the one emoji they make
    (👨‍👩‍👧 is a family, not three people), and invisible characters between two digits, at least one of them a zero-width
    space, read as one space (a copy's ``赞同 328\\u200b\\u200b48 条评论``: two counts, not the number 32848).  Each
    character left out belongs, in the maps, to the one before it: a span's end maps to where the next character
    starts (:meth:`Normalized.orig_span`).

    >>> text, to_orig, to_norm = visible("财\\u200b不外露，赞同 328\\u200b\\u200b48 条\\u00ad评论")
    >>> text, list(to_orig[:3]), list(to_norm[:3])
    ('财不外露，赞同 328 48 条评论', [0, 2, 3], [0, 1, 1])
    >>> visible("支付宝做社交。") == ("支付宝做社交。", None, None)
    True
    """
    m = _INVISIBLE_RUN.search(text)
    if m is None:
        return text, None, None
    pieces: list[str] = []
    to_orig, to_norm = array("l"), array("l")
    pos = 0
    while m is not None:
        a, b = m.span()
        pieces.append(text[pos:a])
        to_orig.extend(range(pos, a))
        to_norm.extend(range(len(to_orig) - (a - pos), len(to_orig)))
        run = m.group()
        if "\u200b" in run and a > 0 and b < len(text) and text[a - 1].isdecimal() and text[b].isdecimal():
            shown = " "
        elif run == "\u200d" and _joins_emoji(text, a):
            shown = run
        else:
            shown = ""
        if shown:  # one character, for the run's first
            pieces.append(shown)
            to_norm.append(len(to_orig))
            to_orig.append(a)
            a += 1
        to_norm.extend([len(to_orig)] * (b - a))  # left out: each maps to the next character
        pos = b
        m = _INVISIBLE_RUN.search(text, b)
    pieces.append(text[pos:])
    shown_text = "".join(pieces)
    if len(shown_text) == len(text):  # nothing left out (👨‍👩‍👧, 1\u200b2): one character for one
        return shown_text, None, None
    to_norm.extend(range(len(to_orig), len(to_orig) + len(text) - pos + 1))
    to_orig.extend(range(pos, len(text) + 1))
    return shown_text, to_orig, to_norm


def normalize(text: str, *, simplify: bool = True, repair: bool = True, fold: bool = True) -> Normalized:
    """Normalise ``text`` for analysis and keep the offset map.

    >>> normalize("支付\\ud800宝").text == "支付\\ufffd宝"  # a lone surrogate reads as U+FFFD, one for one
    True
    >>> normalize("支付\\u00ad宝\\ufeff").text  # invisible characters left out (visible)
    '支付宝'
    """
    if not isinstance(text, str):
        from .errors import E_ARG_TYPE

        raise TypeError(E_ARG_TYPE.format(name="normalize() text", expected="a str", found=type(text).__name__))
    # lone surrogates cannot be encoded (OpenCC, numpy): U+FFFD instead, one for one
    out = SURROGATE.sub("\ufffd", text) if SURROGATE.search(text) else text
    # before the rest, so that folding, repairs and OpenCC's phrases read the words as a reader does
    out, shown_at, shown_to = visible(out)
    out = fold_width(out) if fold else out
    out = repair_artifacts(out) if repair else out
    if not simplify:
        return Normalized(text, out, shown_at, shown_to)
    converted = mainland_forms(_t2s().convert(out))
    if len(converted) == len(out):
        return Normalized(text, converted, shown_at, shown_to)
    # Rare: a phrase conversion changed the length.  Convert CJK runs one at
    # a time and map each changed run proportionally; boundaries (punctuation,
    # line breaks) stay exact because they are outside the runs.  The map is
    # made into ``out`` and then, through ``shown_at``, into the original.
    pieces: list[str] = []
    to_orig = array("l")
    pos = 0
    for m in _CJK_RUN.finditer(out):
        _keep(out, pos, m.start(), pieces, to_orig)
        run = m.group()
        conv = _t2s().convert(run)
        if len(conv) == len(run):
            _keep(conv, 0, len(conv), pieces, to_orig, offset=m.start())
        else:
            pieces.append(conv)
            n, k = len(conv), len(run)
            to_orig.extend(m.start() + (i * k) // n for i in range(n))
        pos = m.end()
    _keep(out, pos, len(out), pieces, to_orig)
    to_orig.append(len(out))
    if shown_at is not None:
        to_orig = array("l", (shown_at[i] for i in to_orig))
    norm = mainland_forms("".join(pieces))
    to_norm = array("l", [0]) * (len(text) + 1)
    # to_norm[o] = first normalised position whose origin is >= o
    j = 0
    for o in range(len(text) + 1):
        while j < len(norm) and to_orig[j] < o:
            j += 1
        to_norm[o] = j
    return Normalized(text, norm, to_orig, to_norm)


def _keep(src: str, start: int, end: int, pieces: list[str], to_orig: array, offset: int | None = None):
    base = start if offset is None else offset
    pieces.append(src[start:end])
    to_orig.extend(range(base, base + end - start))
