"""Decode bytes to text: find the encoding of a file or of standard input.

The encoding is detected (UTF-8 with or without BOM, UTF-16 with a BOM or,
where it is clear, without one, GB18030/GBK, Big5, Windows' cp936/cp950) with charset-normalizer,
checked by :func:`plausibility`, and recorded on the document; a file damaged
in a few places is read with U+FFFD there, with a warning (:func:`decode`).
UTF-8 that spells emoji as surrogate pairs (CESU-8) is read as the
characters they stand for, with a warning.  An HTML page is read in the
charset its ``<meta charset>`` declares where that fits (:func:`_decode_declared`).

>>> decode("支付宝做社交？财不外露。".encode("gbk"))
('支付宝做社交？财不外露。', 'gb18030')
"""

from __future__ import annotations

import codecs
import math
import re
import sys
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from typing import Callable, Iterable

from . import errors as E
from .errors import InputError
from .types import SURROGATE, Document

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
_MAGIC = {
    b"\x89PNG": "PNG image",
    b"GIF8": "GIF image",
    b"\xff\xd8\xff": "JPEG image",
    b"%PDF": "PDF document",
    b"PK\x03\x04": "ZIP archive",
    b"\x1f\x8b": "gzip archive",
}


_META_CHARSET = re.compile(rb"""<meta\b[^>]*?charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.IGNORECASE)
#: Declared charsets read as their superset (a page labelled gb2312 often holds GBK/GB18030 characters).
_SUPERSETS = {"gb2312": "gb18030", "gbk": "gb18030", "euc_cn": "gb18030", "big5": "big5hkscs"}
#: The labels of the WHATWG Encoding Standard (https://encoding.spec.whatwg.org/#names-and-labels, which browsers
#: follow) that Python's codecs do not know, by the codec that reads the standard's encoding they name.  Its
#: ``replacement`` labels (iso-2022-cn) and ``x-user-defined`` name no encoding to read a page in: ignored with a warning.
_WHATWG_LABELS = {label: codec for codec, labels in {
    "utf-8": "unicode-1-1-utf-8 unicode11utf8 unicode20utf8 x-unicode20utf8",
    "gbk": "csgb2312 gb_2312 gb_2312-80 x-gbk",
    "big5": "cn-big5 x-x-big5",
    "euc_jp": "cseucpkdfmtjapanese x-euc-jp",
    "cp932": "windows-31j x-sjis",
    "cp949": "cseuckr csksc56011987 iso-ir-149 ks_c_5601-1989 ksc_5601 windows-949",
    "utf-16-le": "csunicode iso-10646-ucs-2 ucs-2 unicode unicodefeff",
    "utf-16-be": "unicodefffe",
    "iso8859-2": "iso88592", "iso8859-3": "iso88593", "iso8859-4": "iso88594", "iso8859-5": "iso88595",
    "iso8859-6": "csiso88596e csiso88596i iso-8859-6-e iso-8859-6-i iso88596",
    "iso8859-7": "iso88597 sun_eu_greek",
    "iso8859-8": "csiso88598e iso-8859-8-e iso88598 visual csiso88598i iso-8859-8-i logical",
    "iso8859-10": "iso885910", "iso8859-13": "iso885913", "iso8859-14": "iso885914", "iso8859-15": "csisolatin9 iso885915",
    "koi8_r": "koi koi8", "koi8_u": "koi8-ru", "mac_roman": "csmacintosh mac x-mac-roman",
    "mac_cyrillic": "x-mac-cyrillic x-mac-ukrainian", "cp874": "dos-874 iso885911 windows-874",
    "cp1250": "x-cp1250", "cp1251": "x-cp1251", "cp1252": "iso88591 x-cp1252", "cp1253": "x-cp1253",
    "cp1254": "iso88599 x-cp1254", "cp1255": "x-cp1255", "cp1256": "x-cp1256", "cp1257": "x-cp1257", "cp1258": "x-cp1258",
}.items() for label in labels.split()}


def _declared_charset(data: bytes, source: str = "-") -> str | None:
    """The codec named by an HTML page's ``<meta charset>`` (or http-equiv) in its first 4 KB, if known.

    Browsers' labels read as browsers read them (:data:`_WHATWG_LABELS`:
    ``x-x-big5`` is Big5).  A name that is no text encoding Python knows
    (``undefined``, ``base64``, a typo) is ignored with a warning naming
    ``source``.  UTF-16 (and UTF-32) is ``utf-8``, as the standard's prescan
    has it: a page whose ``<meta>`` reads as ASCII is in neither, so
    :func:`_decode_declared` detects its encoding.

    >>> _declared_charset(b'<meta charset="x-x-big5">'), _declared_charset(b'<meta charset="utf-16">')
    ('big5hkscs', 'utf-8')
    """
    m = _META_CHARSET.search(data[:4096])
    if not m:
        return None
    charset = m.group(1).decode("ascii")
    name, problem = _codec_problem(_WHATWG_LABELS.get(charset.lower(), charset))
    if name is None:
        E.warn_caller(E.W_DECLARED_CHARSET.format(source=source, charset=charset, what=E.NO_TEXT_ENCODING[problem][0]), E.InputWarning)
        return None
    if name.startswith(("utf-16", "utf-32")):
        return "utf-8"
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
                return _bom_dropped(*_decode_as(data, declared))
            except UnicodeDecodeError:
                pass
    return decode(data, source)


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
    ASCII); readings as plausible as each other are told apart by the
    two-character words they make (``垃圾``, not ``嶼僵``), and where nothing
    tells them apart (``顶`` in GBK is Big5 ``階``) a warning naming ``source``
    gives both readings and ``--encoding``.  UTF-16 without a BOM wins only by a clear margin.
    A leading U+FEFF is a byte-order mark, not text, in every encoding (GB18030
    encodes it too): offsets count from the character after it.
    GBK/GB18030 whose byte 0x80 is Windows' € read as ``cp936``, Big5 with
    Windows' € and ETEN characters as ``cp950``, and so Big5 whose ``～ ‧``
    Python's big5 table reads as ``∼ •`` (Big5-HKSCS reads them so too).

    A file in the encoding forced, or UTF-8 (UTF-16 with a BOM), that fails
    to decode in a few places (cut off inside its last character, a byte
    changed: at most one place per 1,000 characters, and 10) is read with
    U+FFFD there and a warning naming ``source``, the bytes replaced and the
    first one's offset; UTF-8 is taken so before the other encodings are
    tried when it holds many valid non-ASCII characters per damaged place,
    and UTF-8, GB18030 or Big5 when no encoding decodes the bytes as they
    stand (:func:`_damaged_reading`: the one that reads as plausible text, GB18030
    or Big5 only where it reads clearly as Chinese, :func:`_clearly_chinese`).
    Valid UTF-8, GB18030 or Big5 with a few stray NUL bytes is read with them
    (a warning naming ``source``, their count and first line).
    Raises :class:`InputError` for empty, binary (NUL bytes in text that is
    not UTF-16: in UTF-8, GB18030 or Big5, many, see :func:`_binary_nuls`) or undecodable input, and for an unpaired surrogate in such
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
    return _bom_dropped(*_detected(data, source, lone_surrogates, _warn))


#: Codecs that take a leading byte-order mark off themselves (a second U+FEFF after it is the text's).
_BOM_CODECS = ("utf-8-sig", "utf-16", "utf-32")


def _bom_dropped(text: str, codec: str) -> tuple[str, str]:
    r"""``(text, codec)`` without a leading U+FEFF: a byte-order mark, as ``utf-8-sig`` and ``utf-16`` drop theirs.

    GB18030 (and a forced ``utf-8``) keeps the U+FEFF that ``iconv -f utf-8 -t gb18030``
    makes of a UTF-8 file's BOM; read as text it would hide a table's first
    column name.  Offsets count from the character after it, as in UTF-8 with a BOM.

    >>> _bom_dropped("﻿id,text", "gb18030"), _bom_dropped("﻿id", "utf-8-sig")
    (('id,text', 'gb18030'), ('﻿id', 'utf-8-sig'))
    """
    return (text if codec in _BOM_CODECS else text.removeprefix("\ufeff")), codec


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
        _warn_nuls(utf8[0], source, warn)
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
        picked, rival = _chinese_reading(picked, texts)
        if rival is not None:
            warn(E.W_CHINESE_AMBIGUOUS.format(source=source, encoding=used[picked], text=_shown(texts[picked]),
                                              other=rival, other_text=_shown(texts[rival])))
    if picked is not None and "\x00" not in texts[picked]:
        if picked in cuts:
            return _warned(cuts[picked], picked, source, warn), picked
        return texts[picked], used[picked]
    if picked in CHINESE_ENCODINGS and not _binary_nuls(data):  # GBK or Big5 with a stray NUL (a scraped page): kept, as in UTF-8
        _warn_nuls(texts[picked], source, warn)
        return texts[picked], used[picked]
    if utf8 is not None or picked in CHINESE_ENCODINGS:  # text, but with as many NUL bytes as binary data has
        text, encoding = utf8 if utf8 is not None else (texts[picked], picked)
        nuls = text.count("\x00")
        raise InputError(source, E.E_NUL_IN_UTF8.format(
            encoding=encoding.upper(), n=E.plural(nuls, "NUL byte"), share=nuls / len(data),
            line=text.count("\n", 0, text.index("\x00")) + 1))
    reading = _damaged_reading(data, damage)  # no encoding fits strictly: one damaged in a few places may
    if reading is not None:
        return _warned(reading[0], reading[1], source, warn), reading[1]
    raise InputError(source, E.E_NUL_BYTES if nul else E.E_UNDECODABLE)


#: Control characters that text holds seldom, binary data often (NUL among them; not tab, line and page breaks).
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f]")
#: A GB18030 or Big5 reading damaged in a few places is taken only when its characters beyond ASCII (U+FFFD aside)
#: are at least this plausible (:func:`plausibility`): Chinese text scores 0.9 and more, while EUC-JP, EUC-KR,
#: Windows-1251 or binary data read so score 0.75 at most, and common characters drawn at random about 0.8.
_DAMAGED_CHINESE = 0.85
#: ... and holds at least this many CJK ideographs, or _CUT_IDEOGRAPHS where the file is only cut off inside its
#: last character (the rest decodes as it stands): short random bytes read as a few ideographs, damaged in one place.
_DAMAGED_IDEOGRAPHS = 20
_CUT_IDEOGRAPHS = 4
_IDEOGRAPH = re.compile("[\u3400-\u9fff\uf900-\ufaff\U00020000-\U0003ffff]")
#: Private-use characters: what bytes in another encoding (or none) read as in GB18030 and Big5, and what a changed
#: byte that shifts the pairs of bytes after it may read as; a reading holds at most one per this many ideographs.
_PRIVATE_USE = re.compile("[\ue000-\uf8ff\U000f0000-\U0010ffff]")
_IDEOGRAPHS_PER_PRIVATE_USE = 50


def _damaged_reading(data: bytes, utf8: _Damage | None) -> tuple[_Damage, str] | None:
    """``data``, which no encoding decodes as it stands, read as UTF-8, GB18030 or Big5 damaged in a few places, if one fits.

    ``utf8`` is its reading as UTF-8 (:func:`_damaged`), found already.  GB18030 and
    Big5 (read as Windows' cp950 reads it; named ``big5`` where Python's big5 reads the
    same) are candidates when their reading is damaged in few places and is clearly
    Chinese (:func:`_clearly_chinese`): text in another encoding and binary data are not.
    Of those that fit, the one whose characters beyond ASCII read clearly more plausibly
    wins (:func:`_clearer_chinese`), else the first: UTF-8, then GB18030.

    >>> data = ("支付宝的圈子功能让人反感。" * 3).encode("gb18030")[:-1]
    >>> reading = _damaged_reading(data, _damaged(data, "utf-8"))
    >>> reading[1], reading[0].text[-3:], reading[0].cut
    ('gb18030', '反感\ufffd', True)
    >>> data = "Пользователи недовольны новой функцией Alipay.".encode("cp1251")[:-1]
    >>> _damaged_reading(data, _damaged(data, "utf-8")) is None
    True
    """
    readings: dict[str, _Damage] = {}
    if utf8 is not None and utf8.few and "\x00" not in utf8.text:
        readings["utf-8"] = utf8
    for codec in ("gb18030", "cp950"):
        damage = _damaged(data, codec)
        if damage.few and _clearly_chinese(damage):
            readings["big5" if codec == "cp950" and _damaged(data, "big5").text == damage.text else codec] = damage
    if not readings:
        return None
    name = _clearer_chinese(next(iter(readings)), {name: damage.text for name, damage in readings.items()}, tuple(readings))
    return readings[name], name


def _clearly_chinese(damage: _Damage) -> bool:
    """Whether a GB18030 or Big5 reading damaged in a few places reads as Chinese text, not as another encoding or binary data.

    It holds no control character but white space, enough CJK ideographs
    (:data:`_DAMAGED_IDEOGRAPHS`, :data:`_CUT_IDEOGRAPHS` where only its last
    character is cut off) and few private-use characters among them
    (:data:`_IDEOGRAPHS_PER_PRIVATE_USE`), and its characters beyond ASCII are
    plausible Chinese (:data:`_DAMAGED_CHINESE`).

    >>> _clearly_chinese(_damaged("支付宝社交".encode("gb18030")[:-1], "gb18030"))
    True
    >>> data = "支付宝社交".encode("gb18030")  # a byte in the middle changed: too few ideographs to tell
    >>> _clearly_chinese(_damaged(data[:7] + b"\\xff" + data[8:], "gb18030"))
    False
    """
    text = damage.text
    ideographs = len(_IDEOGRAPH.findall(text))
    if _CONTROL.search(text) or ideographs < (_CUT_IDEOGRAPHS if damage.cut else _DAMAGED_IDEOGRAPHS):
        return False
    if len(_PRIVATE_USE.findall(text)) * _IDEOGRAPHS_PER_PRIVATE_USE > ideographs:
        return False
    return plausibility(_beyond_ascii(text.replace("\ufffd", ""))) >= _DAMAGED_CHINESE


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
    """``data`` in the encoding forced, without a leading BOM (:func:`_bom_dropped`); damaged in a few places, read with U+FFFD there (:func:`_damaged`)."""
    try:
        return _bom_dropped(*_decode_as(data, codec))
    except UnicodeDecodeError as e:
        error = e
    damage = _damaged(data, codec)
    if damage.few:
        return _bom_dropped(_warned(damage, codec, source, _warn), codec)
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
    """Whether ``data``, which decodes (as UTF-8, GB18030 or Big5), holds NUL bytes as binary data does (many, and a notable share), not a stray few.

    >>> _binary_nuls(b"\\x7fELF" + bytes(200)), _binary_nuls(b"id,text\\n1,a\\x00b\\n")
    (True, False)
    """
    nuls = data.count(0)
    return nuls > _STRAY_NULS and nuls * _NUL_SHARE >= len(data)


def _warn_nuls(text: str, source: str, warn: _WarnHandler) -> None:
    """Warn that ``text``, decoded from ``source``, holds stray NUL characters: how many, and the line of the first."""
    line = text.count("\n", 0, text.index("\x00")) + 1
    warn(E.W_NUL_IN_UTF8.format(source=source, n=E.plural(text.count("\x00"), "NUL byte"), line=line))


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
    from .normalize import _t2s, jieba_dictionary

    freq: dict[str, int] = {}
    for word, count in jieba_dictionary():
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


def _clearer_chinese(picked: str, texts: dict[str, str], names: tuple[str, ...] = CHINESE_ENCODINGS) -> str:
    """``picked``, or the encoding of ``names`` whose characters beyond ASCII read as clearly more plausible (by the margin).

    ASCII reads the same in GB18030 and Big5, so in text that is mostly ASCII
    with a few Chinese words it dilutes the difference in :func:`plausibility`
    below the margin, and charset-normalizer, with little to go on, may pick
    the wrong one: the rest of the text decides.  Readings within the margin
    are told apart by how many of those characters make two-character words
    (:func:`_in_words`): ``垃圾`` in GBK reads as Big5 ``嶼僵``, two characters
    that jieba's counts rate higher; :func:`_chinese_reading`.

    >>> data = ("id=12345, user=alice; " * 10 + "东方在前").encode("gbk")
    >>> _clearer_chinese("big5", {"gb18030": data.decode("gb18030"), "big5": data.decode("big5")})
    'gb18030'
    >>> data = "id,text\\r\\n1,垃圾\\r\\n".encode("gbk")
    >>> _clearer_chinese("big5", {"gb18030": data.decode("gb18030"), "big5": data.decode("big5")})
    'gb18030'
    """
    return _chinese_reading(picked, texts, names)[0]


def _chinese_reading(picked: str, texts: dict[str, str], names: tuple[str, ...] = CHINESE_ENCODINGS) -> tuple[str, str | None]:
    """:func:`_clearer_chinese`'s choice, and another of ``names`` that reads as well: too little Chinese to tell.

    The other reads the characters beyond ASCII otherwise, as plausibly (within
    :data:`_PLAUSIBILITY_MARGIN`) or more, and with as many of them in words:
    ``顶`` in GBK is Big5 ``階``, a single character either way.

    >>> data = "顶".encode("gbk")
    >>> _chinese_reading("big5", {"gb18030": data.decode("gb18030"), "big5": data.decode("big5")})
    ('big5', 'gb18030')
    """
    beyond = {name: plausibility(_beyond_ascii(texts[name])) for name in names if name in texts}
    best = max(beyond, key=beyond.__getitem__)  # the first of the best: GB18030 on a tie
    if beyond[best] > beyond[picked] + _CHINESE_MARGIN:
        picked = best
    close = [name for name in beyond if beyond[name] >= beyond[best] - _CHINESE_MARGIN]
    if len({_beyond_ascii(texts[name]) for name in close}) == 1:
        return picked, None
    words = {name: _in_words(texts[name]) for name in close}
    if words[picked] < max(words.values()):
        picked = max(close, key=words.__getitem__)  # the first of those with most
    rival = next((name for name in close if _beyond_ascii(texts[name]) != _beyond_ascii(texts[picked])
                  and beyond[name] >= beyond[picked] - _PLAUSIBILITY_MARGIN and words[name] >= words[picked]), None)
    return picked, rival


_NON_ASCII = re.compile(r"[^\x00-\x7f]+")


def _beyond_ascii(text: str) -> str:
    """The first :data:`_PLAUSIBILITY_SAMPLE` characters of ``text`` that are not ASCII."""
    return "".join(_runs_beyond_ascii(text))[:_PLAUSIBILITY_SAMPLE]


def _runs_beyond_ascii(text: str) -> list[str]:
    """The runs of characters of ``text`` that are not ASCII, until they hold :data:`_PLAUSIBILITY_SAMPLE`."""
    out, n = [], 0
    for m in _NON_ASCII.finditer(text):
        out.append(m.group())
        n += len(out[-1])
        if n >= _PLAUSIBILITY_SAMPLE:
            break
    return out


#: Characters beyond ASCII of each reading that a warning shows.
_SHOWN = 10


def _shown(text: str) -> str:
    """The first :data:`_SHOWN` characters beyond ASCII of ``text``, quoted, for a warning: ``'嶼僵'``."""
    beyond = _beyond_ascii(text)
    return repr(beyond[:_SHOWN] + ("…" if len(beyond) > _SHOWN else ""))


#: Chinese sentence punctuation: GBK's reads in Big5 as bopomofo and symbols (。 as ﹝, ， as ㄛ), Big5's in GB18030
#: as private-use characters, so a reading that has it is the right one, as one whose characters make words is.
_CHINESE_PUNCTUATION = frozenset("，。、！？：；“”‘’（）《》「」『』…")


def _in_words(text: str) -> int:
    """How many characters beyond ASCII of ``text`` (their Simplified form) are in a two-character word of jieba's
    dictionary, or are Chinese sentence punctuation (:data:`_CHINESE_PUNCTUATION`).

    Chinese text forms words; a wrong codec's characters seldom do, however common each is.

    >>> _in_words("1,垃圾\\r\\n"), _in_words("1,嶼僵\\r\\n"), _in_words("隱私、顶"), _in_words("好。"), _in_words("疑﹝")
    (2, 0, 3, 1, 0)
    """
    from .normalize import _t2s

    words = _two_character_words()
    total = 0
    for run in _runs_beyond_ascii(text):
        run = _t2s().convert(run)
        inside = set()
        for i in range(len(run) - 1):
            if run[i:i + 2] in words:
                inside.update((i, i + 1))
        inside.update(i for i, c in enumerate(run) if c in _CHINESE_PUNCTUATION)
        total += len(inside)
    return total


@lru_cache(maxsize=1)
def _two_character_words() -> frozenset[str]:
    """The two-character words of jieba's dictionary (Simplified)."""
    from .normalize import jieba_dictionary

    return frozenset(word for word, _ in jieba_dictionary() if len(word) == 2)


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
