"""Stance-theme schemas: themes, cue lexicons and label sets, as data.

A schema is a TOML file.  The default one (``schemas/alipay.toml``) follows
the project's annotation guide for the debate on Alipay's social features;
``--schema FILE`` points every command at another debate.  The format (every
key, its default, how cues match) is described in ``docs/schema.md``.

>>> from argmine.schema import load_schema
>>> schema = load_schema()
>>> schema.theme_ids
('pro_social', 'privacy', 'brand_fit', 'bloat')
"""

from __future__ import annotations

import contextvars
import dataclasses
import datetime
import errno
import math
import os
import re
import threading
import tomllib
import unicodedata
import warnings
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path
from re import _constants as _sre, _parser as _sre_parse

from .errors import (
    E_ARG_TYPE,
    E_SCHEMA_EMPTY_CUE,
    E_SCHEMA_ID_EMPTY,
    E_SCHEMA_VERSION_EMPTY,
    E_SCHEMA_CUE_BACKSPACE,
    E_SCHEMA_CUE_INVISIBLE,
    E_SCHEMA_CUE_NO_WORD,
    E_SCHEMA_LEXICON_VALUE,
    E_SCHEMA_NAME_RESERVED,
    E_SCHEMA_NAME_SENTIMENT,
    E_SCHEMA_NAME_TWICE,
    E_SCHEMA_NEGATOR_INVISIBLE,
    E_SCHEMA_NEGATOR_NO_WORD,
    E_SCHEMA_NOT_TEXT,
    E_SCHEMA_NOT_UTF8,
    E_SCHEMA_REGEX_DEEP,
    E_SCHEMA_REGEX_TOO_BIG,
    E_SCHEMA_NO_THEME_ID,
    E_SCHEMA_NO_THEMES,
    E_SCHEMA_SENTIMENT_TWICE,
    E_SCHEMA_TEXT,
    E_SCHEMA_THEME_ID_TWICE,
    E_SCHEMA_THEMES_EMPTY,
    E_SCHEMA_THEMES_IN_SCHEMA,
    E_SCHEMA_THEMES_TABLE,
    E_SCHEMA_THEMES_TYPE,
    E_SCHEMA_WEIGHT,
    E_SCHEMA_WEIGHT_NOT_FINITE,
    E_SCHEMA_WEIGHT_TOO_BIG,
    E_SCHEMA_WEIGHT_ZERO,
    W_SCHEMA_COLOR,
    W_SCHEMA_CUE_LIST,
    W_SCHEMA_CUE_REGEX_LIKE,
    W_SCHEMA_CUE_REPEATED,
    W_SCHEMA_CUE_SPACES,
    W_SCHEMA_NEGATOR_SPLIT,
    W_SCHEMA_REGEX_SET,
    SchemaError,
    SchemaWarning,
    label_key,
    shown_repr,
    warn_caller,
)

DEFAULT_SENTIMENTS = ("positive", "neutral", "negative")
#: Name of the pseudo-theme for units that carry no theme.
OTHER = "other"
#: The labels of units with no theme: ``other`` (tables show it as 其他, the report as 无主题) and the words labelers
#: write for it, compared as labels are (:func:`argmine.errors.label_key`: any case, width or script, so ``None``
#: and 無主題 too).  A theme label so written is read as ``other`` (:func:`means_other`), and no theme may be named so.
OTHER_NAMES = (OTHER, "其他", "无主题", "其它", "none", "无")
#: A theme id; used with fullmatch (^…$ with match lets a final line break through: "privacy\n").
_ID = re.compile(r"[a-z][a-z0-9_]*")
#: The largest weight a cue may have: a sum of weights stays finite (inf - inf would make a sentiment score NaN),
#: and a weight of a million already decides a theme on its own.
MAX_CUE_WEIGHT = 1e6
#: True while :func:`read_as_before` reads a model's schema.toml as an older argmine read it.
_AS_BEFORE: contextvars.ContextVar[bool] = contextvars.ContextVar("argmine_schema_as_before", default=False)
#: The largest schema file argmine reads (real ones are a few kB): a bigger one is refused before it is read.
MAX_SCHEMA_BYTES = 64 * 2**20
#: What separates theme ids in one table cell: ; , | or spaces, and the full-width
#: ； ， and 、 that Chinese keyboards type.
LABEL_SEPARATORS = re.compile(r"[;,|\s\uff1b\uff0c\u3001]+")


#: The separators of :data:`LABEL_SEPARATORS` but white space: a theme's name may hold spaces (``pro social``).
_NAME_SEPARATORS = re.compile(r"[;,|\uff1b\uff0c\u3001]+")


@lru_cache(maxsize=1)
def _other_keys() -> frozenset[str]:
    """:data:`OTHER_NAMES` as labels are compared (:func:`argmine.errors.label_key`); made on first use (it loads OpenCC)."""
    return frozenset(label_key(n) for n in OTHER_NAMES)


def means_other(label: str) -> bool:
    """Whether the theme label ``label`` means no theme: one of :data:`OTHER_NAMES` in any case, width or script.

    >>> means_other("other"), means_other("None"), means_other("無主題"), means_other("其它"), means_other("N/A")
    (True, True, True, True, False)
    """
    return label == OTHER or label_key(label) in _other_keys()


def _is_ids(schema: "Schema", text: str) -> bool:
    """Whether each word of ``text`` is a theme id of ``schema`` or a no-theme word (``privacy bloat``: two labels)."""
    return all(w in schema.theme_ids or means_other(w) for w in text.split())


def _theme_name(schema: "Schema", text: str) -> bool:
    """Whether ``text``, holding white space, is a name of a theme of ``schema`` (``pro social``) rather than labels apart."""
    from .errors import theme_named

    return any(c.isspace() for c in text) and not _is_ids(schema, text) and bool(theme_named(schema, text))


def split_labels(cell: str, schema: "Schema | None" = None) -> list[str]:
    """Theme ids of one table cell.

    With ``schema``, the whole cell, or a piece of it between ; , | or the full-width separators, that is a theme's
    name holding spaces (its ``name_en`` ``pro social``) is one label, not split at its spaces, so that its error
    names it (:meth:`Schema.validate_themes`); ids apart only by spaces (``privacy bloat``) are still two.

    >>> split_labels("privacy\uff1bbloat, brand_fit"), split_labels("pro social; bloat", load_schema())
    (['privacy', 'bloat', 'brand_fit'], ['pro social', 'bloat'])
    """
    if schema is not None:
        if _theme_name(schema, cell.strip()):
            return [cell.strip()]
        out = []
        for piece in _NAME_SEPARATORS.split(cell):
            piece = piece.strip()
            out.extend([piece] if _theme_name(schema, piece) else split_labels(piece))
        return out
    return [t for t in LABEL_SEPARATORS.split(cell) if t]


@dataclass(frozen=True)
class Cue:
    """One lexicon entry: a literal term (or a regex) that signals a theme or a polarity.

    ``term`` is what matching reads: the cue normalised as a text is (Simplified, see :func:`simplified`);
    ``written`` is the cue as the schema file spells it (``缺電``), what the analysis shows (empty: ``term``).
    Two cues that differ only in ``written`` are the same cue.

    >>> Cue("缺电", written="缺電") == Cue("缺电"), Cue("缺电", written="缺電").shown
    (True, '缺電')
    """

    term: str
    weight: float = 1.0
    regex: bool = False
    written: str = field(default="", compare=False, repr=False)

    @property
    def shown(self) -> str:
        """The cue as the schema wrote it (``term`` when it was built without its spelling)."""
        return self.written or self.term


#: Colours for themes that have no colour (or no valid one) in the schema file, by theme
#: position (see :func:`parse_schema`); none is the grey of ``other``.
PALETTE = ("#2a9d8f", "#e63946", "#457b9d", "#f4a261", "#8d6cab", "#6a994e", "#bc6c25", "#264653")
_HEX_COLOR = re.compile(r"^#(?:[0-9a-fA-F]{3}|[0-9a-fA-F]{6})$")


def color_of(theme, index: int) -> str:
    """The theme's colour as ``#rrggbb``: a palette colour if the schema's is not a plain hex colour.

    What the report and the chart draw with (a schema colour is never pasted into CSS or
    handed to matplotlib as it is).

    >>> color_of(Theme("a", "", "a", "", color="#ABC"), 0), color_of(Theme("b", "", "b", "", color="red;}"), 1)
    ('#aabbcc', '#e63946')
    """
    c = str(getattr(theme, "color", "") or "")
    if not _HEX_COLOR.fullmatch(c):
        return PALETTE[index % len(PALETTE)]
    if len(c) == 4:
        c = "#" + "".join(ch * 2 for ch in c[1:])
    return c.lower()


@dataclass(frozen=True)
class Theme:
    """A stance theme: id, names, definition, display colour and cue lexicon."""

    id: str
    name_zh: str
    name_en: str
    description: str
    color: str = "#888888"
    cues: tuple[Cue, ...] = ()
    #: whether ``color`` is the theme's own (``False``: the schema file gave none, or none usable, and the palette
    #: colour of its position was taken, :func:`_colors`); :func:`same_schema` compares only colours given
    color_given: bool = field(default=True, compare=False, repr=False)

    @property
    def label(self) -> str:
        """``中文 (english)`` for tables and charts."""
        return f"{self.name_zh} ({self.name_en})" if self.name_zh else self.name_en


@dataclass(frozen=True)
class Schema:
    """A whole schema: what the target is, its themes and its label sets."""

    id: str
    version: str
    target: str
    description: str
    themes: tuple[Theme, ...]
    sentiments: tuple[str, ...] = DEFAULT_SENTIMENTS
    negations: tuple[str, ...] = ()
    negation_window: int = 4
    positive_cues: tuple[Cue, ...] = ()
    negative_cues: tuple[Cue, ...] = ()
    source: str = "<default>"
    extra: dict = field(default_factory=dict)

    def __repr__(self) -> str:
        """Id, version, theme ids and file (the cue lexicons would fill a screen).

        >>> load_schema()
        Schema(id='alipay_social', version='2', themes=('pro_social', 'privacy', 'brand_fit', 'bloat'), source='argmine/schemas/alipay.toml')
        """
        return f"Schema(id={self.id!r}, version={self.version!r}, themes={self.theme_ids!r}, source={self.source!r})"

    @property
    def theme_ids(self) -> tuple[str, ...]:
        return tuple(t.id for t in self.themes)

    def theme(self, theme_id: str) -> Theme:
        """Look up a theme by id; raise :class:`SchemaError` naming the valid ids."""
        for t in self.themes:
            if t.id == theme_id:
                return t
        raise self._unknown_theme(theme_id)

    def _unknown_theme(self, label: str) -> SchemaError:
        return SchemaError(
            f"unknown theme {shown_repr(label)} in schema {self.id!r}; "
            f"expected one of: {', '.join(self.theme_ids)} (or {OTHER!r} for none)", label=label, label_type="theme"
        )

    def validate_themes(self, themes) -> tuple[str, ...]:
        """Check a label set; ``other`` alone (or nothing) means no theme, and so do the words for it (:func:`means_other`).

        >>> load_schema().validate_themes(["bloat", "None", "privacy"])
        ('privacy', 'bloat')
        """
        out = []
        for t in themes:
            if t in self.theme_ids:
                if t not in out:
                    out.append(t)
            elif not (isinstance(t, str) and means_other(t)):
                raise self._unknown_theme(t)
        return tuple(sorted(out, key=self.theme_ids.index))

    def validate_sentiment(self, value: str) -> str:
        if value not in self.sentiments:
            raise SchemaError(
                f"unknown sentiment {shown_repr(value)} in schema {self.id!r}; "
                f"expected one of: {', '.join(self.sentiments)}", label=value, label_type="sentiment"
            )
        return value


def same_schema(a: Schema, b: Schema) -> bool:
    """Whether ``a`` and ``b`` are one schema: equal but for the file each was read from, the order of their themes
    and a theme's colour where one of them gave it none (the palette colours go by position, so the same themes in
    another order take other ones); colours both give must be the same.

    >>> s = load_schema()
    >>> same_schema(s, dataclasses.replace(s, themes=s.themes[::-1], source="copy.toml"))
    True
    >>> same_schema(s, dataclasses.replace(s, themes=s.themes[1:]))
    False
    """
    if a is b:
        return True
    if dataclasses.replace(a, themes=(), source="") != dataclasses.replace(b, themes=(), source=""):
        return False
    theirs = {t.id: t for t in b.themes}
    if len(theirs) != len(a.themes) or sorted(theirs) != sorted(t.id for t in a.themes):
        return False
    for t in a.themes:
        u = theirs[t.id]
        if not (t.color_given and u.color_given):  # a palette colour: where the theme stands, not the theme
            t = dataclasses.replace(t, color=u.color)
        if t != u:
            return False
    return True


#: The keys a schema file may have, per table; any other key is a typo (``cue`` for
#: ``cues``) that would silently leave a theme without cues, so it is an error.
KEYS = {
    "": ("schema", "themes", "labels", "sentiment", "lexicon"),
    "[schema]": ("id", "version", "target", "description"),
    "themes": ("id", "name_zh", "name_en", "description", "color", "cues"),
    "[labels]": ("sentiment",),
    "[sentiment]": ("negations", "negation_window", "positive", "negative"),
    # the lexicon backend's settings (argmine/backends/lexicon.py)
    "[lexicon]": ("threshold", "negated_theme_weight", "sentiment_margin"),
    "cue": ("term", "weight", "regex"),
}


def _check_keys(table: dict, known: tuple[str, ...], where: str) -> None:
    """Raise :class:`SchemaError` for the first key of ``table`` not in ``known``, with a suggestion.

    >>> _check_keys({"id": "a", "cue": []}, KEYS["themes"], "x.toml: theme 'a'")
    Traceback (most recent call last):
    ...
    argmine.errors.SchemaError: x.toml: theme 'a': unknown key 'cue' (did you mean 'cues'?); known keys: id, name_zh, name_en, description, color, cues
    """
    import difflib

    from .errors import E_SCHEMA_KEY

    for key in table:
        if key not in known:
            close = difflib.get_close_matches(str(key).casefold(), known, n=1)  # Term -> term
            raise SchemaError(E_SCHEMA_KEY.format(
                where=where, key=key, hint=f" (did you mean {close[0]!r}?)" if close else "", known=", ".join(known)))


def _table(value, where: str) -> dict:
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise SchemaError(f"{where} must be a table, found {type(value).__name__} {value!r}")
    return value


def _number(value, where: str, kind: type = float):
    if isinstance(value, bool) or not isinstance(value, (int, float)) or (kind is int and not isinstance(value, int)):
        raise SchemaError(f"{where} must be {'an integer' if kind is int else 'a number'}, found {value!r}")
    return kind(value)


#: What an id, a version or a name may not hold: control characters (line breaks, tabs), U+2028/U+2029 and the
#: non-characters U+FFFE/U+FFFF.  These texts become lines of brat's annotation.conf and visual.conf (a line
#: break would add config lines) and attributes of Label Studio's config.xml.  export.py cleans texts of a Schema
#: built in Python with it too.
NOT_ONE_LINE = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029\ufffe\uffff]")
#: What a description may not hold: the characters XML 1.0 cannot (Label Studio's config.xml shows it on hover).
_NOT_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


#: What a ``[schema]`` value may be besides a string (docs/schema.md: "used as their text"): a number or a TOML date or time.
_SCALARS = (int, float, datetime.date, datetime.time)


def _text(value, where: str, *, one_line: bool = True, scalar: bool = False) -> str:
    r"""``value`` as text, refused when it holds a character the labeling tools' config files cannot carry.

    A theme's names and description must be strings; a ``[schema]`` value (``scalar``) may be a number or a
    date too, used as its text.  A table, an array or ``true``/``false`` would be shown as Python writes it.

    >>> _text("Privacy\x0b", "x.toml: theme 'privacy': name_en")
    Traceback (most recent call last):
    ...
    argmine.errors.SchemaError: x.toml: theme 'privacy': name_en holds the control character U+000B ('Privacy\x0b'); write it on one line, without control characters (text pasted from Word or a web page may carry them)
    >>> _text(2, "x.toml: [schema].version", scalar=True), _text(["a", "b"], "x.toml: theme 'a': description")
    Traceback (most recent call last):
    ...
    argmine.errors.SchemaError: x.toml: theme 'a': description must be a string, found array ['a', 'b']; write it in quotes, such as description = "..."
    """
    if not isinstance(value, str) and (not scalar or isinstance(value, bool) or not isinstance(value, _SCALARS)):
        kind = {bool: "boolean", dict: "table", list: "array"}.get(type(value), type(value).__name__)
        key = re.split(r"[.:] ?", where)[-1]
        raise SchemaError(E_SCHEMA_NOT_TEXT.format(
            where=where, expected="a string, a number or a date" if scalar else "a string", found_type=kind,
            found=shown_repr(value), example=f'{key} = "..."'))
    text = str(value)
    bad = (NOT_ONE_LINE if one_line else _NOT_XML).search(text)
    if bad is None:
        return text
    kind = "control character" if ord(bad.group()) < 0xA0 else "character"
    what = "a line break" if bad.group() in "\n\r\u2028\u2029" else f"the {kind} U+{ord(bad.group()):04X}"
    fix = "write it on one line, without control characters" if one_line else "remove it"
    raise SchemaError(E_SCHEMA_TEXT.format(where=where, what=what, found=shown_repr(text), fix=fix))


def _strings(value, where: str, example: str) -> tuple[str, ...]:
    """A list of strings (a bare string would be read as its characters, so it is refused)."""
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise SchemaError(f"{where} must be a list of strings (e.g. {example}), found {shown_repr(value)}")
    return tuple(value)


def simplified(term: str, regex: bool = False) -> str:
    """A cue (or negator) as the normalised text reads it, so that it can match there.

    Models read the normalised view of a text (``argmine.normalize``): Traditional converted to
    Simplified with OpenCC ``t2s`` (and the mainland spelling of 转帐, 纪录, 著急: 转账, 记录, 着急),
    full-width ASCII folded.  A literal cue goes through the same :func:`~argmine.normalize.normalize`;
    a regex only through OpenCC and the mainland spellings (folding ``（`` to ``(`` would change what
    the pattern means), see :func:`_regex_simplified`.

    >>> simplified("報廢"), simplified("ＡＴＭ"), simplified("電池.{0,4}(起火|爆炸)", regex=True)
    ('报废', 'ATM', '电池.{0,4}(起火|爆炸)')
    >>> simplified("轉帳"), simplified("消費紀錄.?", regex=True), simplified("轉帳.{0,2}紀錄", regex=True)
    ('转账', '消费记录.?', '转账.{0,2}[纪记]录')
    """
    from .normalize import normalize

    if regex:
        return term if term.isascii() else _regex_simplified(term)
    return normalize(term).text


#: Where a regex cue names a group (``(?P<name>``, ``(?P=name)``, ``(?<name>``, ``(?&name)``, ``(?P>name)``):
#: a name, not text, so :func:`_regex_simplified` leaves it as written.
_GROUP_NAME = re.compile(r"\(\?(?:P[<=>]|&|<(?![=!]))[^>)]*[>)]")


@lru_cache(maxsize=4096)
def _regex_simplified(pattern: str) -> str:
    """A regex cue through OpenCC ``t2s`` and the mainland spellings, run of literal characters by run.

    The mainland spelling of 帐, 纪, 甚, 著 depends on the characters around them (纪录 reads 记录
    after 转账 but not after 世界), which a pattern does not fix where its literal text stops
    (``转账.{0,2}纪录`` matches 转账记录 and 转账的纪录 in the text).  Such a character at the edge of
    a literal run stands for both spellings, as a class, unless its run decides: 显著 and 著名 keep 著
    (a neighbour in the run keeps it, whatever stands beyond the run), 等著 reads 等着.  An escaped Chinese
    character is text (``\\著急`` reads 着急); group names are left as written.  In a character class
    only the characters are converted, one for one (``[衞帳]`` reads ``[卫帐]``); a range whose ends
    read differently in Simplified (``[這-週]``) is refused with :class:`ValueError`: write it in Simplified.

    >>> _regex_simplified("轉帳.{0,2}紀錄"), _regex_simplified("(顯|卓)著"), _regex_simplified("等著|帳戶")
    ('转账.{0,2}[纪记]录', '(显|卓)[著着]', '等着|账户')
    >>> _regex_simplified("顯著"), _regex_simplified("\\著急"), _regex_simplified("(?P<紀錄>轉帳)(?P=紀錄)")
    ('显著', '着急', '(?P<紀錄>转账)(?P=紀錄)')
    """
    from .normalize import _ONE_FOR_ONE, _t2s, mainland_forms

    # a needless escape before a non-ASCII character (\著 is 著 to re); pairs go left to right, so \\ stays
    pattern = re.sub(r"\\(.)", lambda m: m.group(1) if not m.group(1).isascii() else m.group(), pattern, flags=re.S)
    text = _t2s().convert(pattern)
    if len(text) != len(pattern):  # not expected: t2s converts one character for one
        return mainland_forms(text)
    one_for_one = str.maketrans(_ONE_FOR_ONE)
    out, i = [], 0
    while i < len(text):
        c = text[i]
        name = _GROUP_NAME.match(pattern, i) if c == "(" else None
        if name:
            out.append(name.group())
            i = name.end()
        elif c == "\\":  # an escape (ASCII): kept as it is
            out.append(text[i : i + 2])
            i += 2
        elif c == "[":  # a class: up to its unescaped "]" (a "]" first in it is literal)
            j = i + 1 + (text[i + 1 : i + 2] == "^")
            j += text[j : j + 1] == "]"
            while j < len(text) and text[j] != "]":
                if text[j] == "-" and text[j - 1] not in "[^" and j + 1 < len(text) and text[j + 1] != "]":
                    ends = pattern[j - 1] + pattern[j + 1]
                    if ends.translate(one_for_one) != text[j - 1] + text[j + 1]:
                        raise ValueError(
                            f"the class range {pattern[j - 1]}-{pattern[j + 1]} is Traditional, and the text is read in "
                            "Simplified, where a range holds other characters; write the range in Simplified, or list "
                            "its characters")
                j += 1 + (text[j] == "\\")
            out.append(text[i : j + 1].translate(one_for_one))  # [衞] reads [卫], as the text does
            i = j + 1
        elif c.isascii():
            out.append(c)
            i += 1
        else:  # a run of literal characters
            j = i
            while j < len(text) and not text[j].isascii():
                j += 1
            out.append(_run_simplified(text[i:j]))
            i = j
    return "".join(out)


def _run_simplified(run: str) -> str:
    """A literal run of a regex cue in mainland spellings; an edge variant its run does not decide as a class.

    >>> _run_simplified("转帐"), _run_simplified("纪录"), _run_simplified("名著"), _run_simplified("著")
    ('转账', '[纪记]录', '名著', '[著着]')
    """
    from .normalize import _MAINLAND, mainland_forms

    conv = list(mainland_forms(run))
    for k, ch in enumerate(run):
        if ch in _MAINLAND and (k < 2 or k >= len(run) - 2):
            local = run[max(0, k - 2) : k + 3]  # the context a spelling looks at: two characters each side
            conv[k] = _edge_reading(ch, local[: min(k, 2)], local[min(k, 2) + 1 :], k < 2, k >= len(run) - 2)
    return "".join(conv)


@lru_cache(maxsize=4096)
def _edge_reading(ch: str, left: str, right: str, open_left: bool, open_right: bool) -> str:
    """How the variant ``ch`` between ``left`` and ``right`` of a literal run reads: ``ch``, its mainland
    form, or both as a class when the text beyond an open edge of the run decides."""
    from .normalize import _KEEP_AFTER, _MAINLAND, mainland_forms

    # the run's own context keeps it (显著, 名著, 著名): not a class because of what may stand beyond the run
    kept = mainland_forms(f"，{left}{ch}{right}，")[len(left) + 1] == ch
    if kept and left and mainland_forms(f"，{ch}{right}，")[1] != ch:
        return ch
    if kept and right and mainland_forms(f"，{left}{ch}，")[len(left) + 1] != ch:
        return ch
    lefts, rights = _contexts(ch)
    ls = lefts if open_left else ("",)
    rs = [r for r in rights if r[:1] not in _KEEP_AFTER[ch]] if open_right else ("",)
    seen: set[str] = set()
    # each side alone first: that mostly finds both readings already, without the product of the two
    for pairs in ([(lc, "") for lc in ls] + [("", rc) for rc in rs], [(lc, rc) for lc in ls for rc in rs]):
        conv = mainland_forms("\n".join(lc + left + ch + right + rc for lc, rc in pairs)).split("\n")  # one pass
        seen |= {w[len(lc) + len(left)] for (lc, _), w in zip(pairs, conv)}
        if len(seen) > 1:
            break
    return ch if seen == {ch} else _MAINLAND[ch] if seen == {_MAINLAND[ch]} else f"[{ch}{_MAINLAND[ch]}]"


@lru_cache(maxsize=None)
def _contexts(ch: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The characters the mainland spelling of ``ch`` looks at, one by one and as words: the Chinese
    text of the ``_VARIANT`` branches that start with ``ch`` (each branch starts with its literal)."""
    from .normalize import _VARIANT

    branches = re.findall(rf"(?:^|\|){ch}(.*?)(?=\|[帐纪甚著](?:\(|$)|$)", _VARIANT.pattern)
    # a class's characters one by one, other Chinese text as words (消费 in (?:消费|交易)纪)
    words = [w for b in branches for cls, run in re.findall(r"\[([^]]*)\]|([^\x00-\x7f]+)", b) for w in (cls or [run])]
    return ("", *sorted({w[-n:] for w in words for n in (1, 2)})), ("", *sorted({w[:n] for w in words for n in (1, 2)}))


#: An unescaped brace holding an e/i/s/d error count (``{e<=1}``, ``{i<=1,d<=1}``, ``{2i+2d+1s<=4}``, ``{e}``):
#: literal text to ``re``, a fuzzy-match constraint to ``regex`` (see :func:`_pattern_error`).
_FUZZY = re.compile(r"(?<!\\)\{[\d\s<=+,]*[eisd][\deisd\s<=+,]*\}")


#: What each of ``re``'s FutureWarnings about a set starts with (``[[``, ``--``, ``&&``, ``||``, ``~~``): a pattern
#: without one compiles silently, so only a pattern with one is compiled with the warnings caught.
_RE_SET_WARNS = re.compile(r"\[\[|--|&&|\|\||~~")
#: One schema compiles with re's warnings caught at a time (warnings.catch_warnings swaps the process's filters).
_CATCHING = threading.Lock()
#: The most pattern items the regex cues of one schema may add, together, once their counted repeats are written out
#: (:func:`regex_added_items`).  The ``regex`` package copies the part before a ``{n}`` n times when it compiles a
#: pattern, at some hundreds of bytes an item: ``(a{3000}){3000}`` (9 million) took 2.4 GB and 6 s, and many cues of
#: 10,000 each add up just as well.  Real cues add a few items each (``\d{4}``: 3); this many is some tens of MB.
MAX_REGEX_ADDED = 100_000
_REPEATS = frozenset({_sre.MAX_REPEAT, _sre.MIN_REPEAT, _sre.POSSESSIVE_REPEAT})  # re's opcodes for a repeat


@lru_cache(maxsize=1024)  # asked again by the matcher (backends.cues) for each cue load_schema checked
def regex_added_items(pattern: str) -> int:
    r"""How many pattern items ``pattern`` (valid ``re`` syntax) gains when each counted repeat is written out as its
    least number of copies (at least one), as the ``regex`` package compiles it: an item is a character, a set, ``.``,
    an anchor, a group or a repeat.  ``{0,n}``, ``*``, ``+`` and ``?`` add none, whatever ``n`` is.

    >>> regex_added_items("电池.{0,4}(起火|爆炸)"), regex_added_items(r"\d{4}"), regex_added_items("(a{3000}){3000}")
    (0, 3, 9005997)
    """
    if _RE_SET_WARNS.search(pattern):  # re's parser warns about such a set again, bare (_re_compile said it once)
        with _CATCHING, warnings.catch_warnings():
            warnings.simplefilter("ignore", FutureWarning)
            parsed = _sre_parse.parse(pattern)
    else:
        parsed = _sre_parse.parse(pattern)
    added = 0
    todo = [(parsed, 1)]  # (items, how many copies of them the repeats around them make)
    while todo:  # by hand rather than recursing: re takes groups nested deeper than Python's recursion limit allows
        items, copies = todo.pop()
        for op, av in items:
            added += copies - 1
            if op in _REPEATS:
                todo.append((av[2], copies * max(av[0], 1)))
                continue
            # the items inside: a group's, each alternative's, a lookaround's, a conditional's branches (a set's
            # characters are no items of their own: one set, one item)
            for part in av if isinstance(av, (tuple, list)) else (av,):
                for sub in part if isinstance(part, list) else (part,):
                    if isinstance(sub, _sre_parse.SubPattern):
                        todo.append((sub, copies))
    return added


def regex_too_big(pattern: str, before: int = 0) -> str | None:
    """Why ``pattern`` cannot be compiled with the ``regex`` package, where the regex cues before it in the same
    schema add ``before`` items (:func:`regex_added_items`): the reason (:data:`~argmine.errors.E_SCHEMA_REGEX_TOO_BIG`),
    or ``None`` when all of them together stay within :data:`MAX_REGEX_ADDED`.  Checked before compiling, since
    compiling is what costs the memory.

    >>> regex_too_big("电池.{0,4}(起火|爆炸)") is None, regex_too_big(r"\\d{4}", before=MAX_REGEX_ADDED)[:55]
    (True, 'its counted repeats, written out, add 3 pattern items (')
    """
    added = regex_added_items(pattern)
    if before + added <= MAX_REGEX_ADDED:
        return None
    others = f" ({before + added:,} with those of the regex cues before it)" if before else ""
    return E_SCHEMA_REGEX_TOO_BIG.format(added=added, before=others, most=MAX_REGEX_ADDED)


def _re_compile(pattern: str) -> tuple[str, ...]:
    r"""Compile ``pattern`` with Python's ``re``; return what ``re`` warned (``FutureWarning``) about its sets, caught.

    ``re`` reads ``[[:alpha:]]`` as a plain set and warns "Possible nested set", bare, naming no file or cue;
    :func:`_cues` gives each such cue one :class:`SchemaWarning` instead.  Raises ``re.error`` for a bad pattern.

    >>> _re_compile("电池.{0,4}(起火|爆炸)"), _re_compile("[[:alpha:]]"), _re_compile("[a&&b]")
    ((), ('Possible nested set at position 1',), ('Possible set intersection at position 2',))
    """
    if not _RE_SET_WARNS.search(pattern):  # every usual pattern: nothing to warn
        re.compile(pattern)
        return ()
    # re gives these with warnings.warn, and the warnings module has no way to hear them other than catching, which
    # swaps the process's filters meanwhile: held by one thread at a time, only for such a rare pattern
    with _CATCHING, warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", FutureWarning)
        re.purge()  # a pattern re compiled before (even as the cue before) is cached, and would not warn
        re.compile(pattern)
    return tuple(str(w.message) for w in caught if issubclass(w.category, FutureWarning))


def _regex_set_warning(messages: tuple[str, ...]) -> tuple[str, str]:
    """What :data:`W_SCHEMA_REGEX_SET` says of a regex cue ``re`` warned about: what the pattern holds, and the fix."""
    said = "; ".join(messages)
    if any("nested set" in m for m in messages):
        return (f"holds '[[' (Python's re: {said}): re reads a POSIX class such as [[:alpha:]] as a plain set of "
                "characters, the regex package argmine matches with as a class (of letters: Chinese characters too)"), (
                "write the set you mean: [a-zA-Z] for ASCII letters, \\d for digits, \\s for white space, \\[ for a "
                "literal [")
    return (f"holds a doubled -, &, | or ~ in a set (Python's re: {said}), which a later Python may read as a set "
            "operation"), "escape the one that stands for itself (\\-, \\&, \\|, \\~)"


def _pattern_error(pattern: str, warned: list[str] | None = None, before: int = 0) -> str | None:
    r"""Why ``pattern`` cannot be a regex cue, or ``None`` if it can; what ``re`` warned about its sets goes into
    ``warned`` (:func:`_re_compile`).

    A regex cue is Python ``re`` syntax (what docs/schema.md promises), matched with the ``regex``
    package, whose matching takes a time limit (:data:`argmine.backends.cues.REGEX_TIMEOUT`): it
    must compile with both.  Before the ``regex`` package compiles it, its counted repeats, with those of the regex
    cues before it in the schema (adding ``before`` items), must stay within :data:`MAX_REGEX_ADDED`
    (:func:`regex_too_big`): the time limit covers matching, not compiling.

    A brace that ``re`` reads as literal text but ``regex`` as a fuzzy-match constraint (``好{e<=1}``,
    which would match nearly anything) is refused too.

    >>> _pattern_error("电池.{0,4}(起火|爆炸)"), _pattern_error("(起火"), _pattern_error(r"\p{Han}")
    (None, 'missing ), unterminated subpattern at position 0', 'bad escape \\p at position 0')
    >>> _pattern_error("好{e<=1}")
    "'{e<=1}' at position 1 is a fuzzy-match constraint to the regex package that matches it; write \\{ and \\} for literal braces"
    """
    import regex

    fuzzy = _FUZZY.search(pattern)
    if fuzzy:
        return (f"{fuzzy.group()!r} at position {fuzzy.start()} is a fuzzy-match constraint to the regex package that "
                "matches it; write \\{ and \\} for literal braces")
    for engine in (re, regex):
        try:
            if engine is re:
                (warned if warned is not None else []).extend(_re_compile(pattern))  # the cue's SchemaWarning
                too_big = regex_too_big(pattern, before)  # before regex compiles it, which would exhaust the memory
                if too_big:
                    return too_big
            else:
                engine.compile(pattern)
        except engine.error as e:
            return str(e)
        except RecursionError:  # both parsers recurse into groups: hundreds deep
            return E_SCHEMA_REGEX_DEEP
    return None


def _as_written(term: str) -> str:
    r"""``term`` quoted as a TOML literal string, its backslashes as the user wrote them (``'\p{Han}+'``, where
    ``repr`` doubles them); ``repr`` where that cannot be written so (a ``'`` or a control character in it).

    >>> print(_as_written(r"\p{Han}+"), _as_written("it's"))
    '\p{Han}+' "it's"
    """
    if "'" in term or any(unicodedata.category(c) == "Cc" for c in term):
        return shown_repr(term)
    return f"'{term}'"


def _regex_hint(reason: str) -> str:
    r"""What to write instead, for the ``re`` errors a user coming from other regex dialects meets most.

    >>> print(_regex_hint(r"bad escape \p at position 0"))
    ; Python re syntax has no \p{...} classes: write [\u4e00-\u9fff] for Chinese characters, [a-zA-Z] for ASCII letters
    """
    if re.match(r"bad escape \\[pP]", reason):
        return r"; Python re syntax has no \p{...} classes: write [\u4e00-\u9fff] for Chinese characters, [a-zA-Z] for ASCII letters"
    return ""


def _cues(raw, where: str, owner: str, added: list[int] | None = None) -> tuple[Cue, ...]:
    """The cues of the list ``where`` names (``x.toml: theme 'rights': cues``, ``x.toml: [sentiment].positive``).

    A message about one cue names it by ``owner`` and its position in the list as written, counted
    from 1 (``x.toml: theme 'rights', cue 9``).  ``added`` holds the pattern items that the regex cues read so far
    in the schema add (:func:`regex_added_items`), counted on by this list's (the whole schema's stay within
    :data:`MAX_REGEX_ADDED`).

    >>> _cues(["安全", {"term": "火灾", "weight": 0}], "x.toml: theme 'safety': cues", "x.toml: theme 'safety'")
    Traceback (most recent call last):
    ...
    argmine.errors.SchemaError: x.toml: theme 'safety', cue 2: weight must be a positive number, found 0; a cue of weight 0 would count for nothing: remove the cue, or give it a positive weight such as 0.5
    """
    if raw is None:
        return ()
    if not isinstance(raw, list):
        raise SchemaError(f'{where} must be a list of cues (e.g. ["隐私", {{term = "泄露", weight = 2}}]), found {raw!r}')
    out = []
    seen: dict[tuple[str, bool], bool] = {}  # (term as matched, regex) -> was it converted
    first: dict[tuple[str, bool], tuple[int, str, float]] = {}  # (term as matched, regex) -> the first such cue: position, as written, weight
    before = _AS_BEFORE.get()  # read as an older argmine did (read_as_before): white space kept, repeats counted
    added = [0] if added is None else added
    for i, item in enumerate(raw):
        at = f"{owner}, cue {i + 1}"
        if isinstance(item, dict):  # a misspelt key first ({Term = ...}, {trem = ...}): with its did-you-mean
            _check_keys(item, KEYS["cue"], at)
        if isinstance(item, str):
            term, weight, regex = item, 1.0, False
        elif isinstance(item, dict) and isinstance(item.get("term"), str):
            term, regex = item["term"], item.get("regex", False)
            if not isinstance(regex, bool):
                raise SchemaError(f"{at}: regex must be true or false, found {regex!r}")
            weight = _number(item.get("weight", 1.0), f"{at}: weight")
            # the lexicon squashes a sum of weights into 1 - 0.5**sum: only positive sums are probabilities
            if not math.isfinite(weight):
                raise SchemaError(E_SCHEMA_WEIGHT_NOT_FINITE.format(where=at, found=item["weight"]))
            if weight <= 0:
                raise SchemaError((E_SCHEMA_WEIGHT_ZERO if weight == 0 else E_SCHEMA_WEIGHT).format(where=at, found=item["weight"]))
            if weight > MAX_CUE_WEIGHT:
                err = SchemaError(E_SCHEMA_WEIGHT_TOO_BIG.format(where=at, most=MAX_CUE_WEIGHT, found=item["weight"]))
                err.too_big = (at, item["weight"])  # a model's own copy is worded otherwise (load_schema)
                raise err
        else:
            raise SchemaError(
                f"{at}: expected a string or a table with 'term' (and optional 'weight', 'regex'), found {item!r}"
            )
        if not term.strip():
            raise SchemaError(E_SCHEMA_EMPTY_CUE.format(where=at, found=term))
        if "\x08" in term:  # "\b" in double quotes: a word boundary meant, as the other escapes ("\d") are TOML errors
            raise SchemaError(_backspace_error(term, at, regex))
        given = term  # as written: what a message about it quotes
        if not regex and term != term.strip() and not before:
            term = _stripped_cue(term, at)
        set_warnings: list[str] = []
        bad = _pattern_error(term, set_warnings, added[0]) if regex else None
        if bad:
            raise SchemaError(f"{at}: bad regex {_as_written(term)}: {bad}{_regex_hint(bad)}")
        if regex:
            added[0] += regex_added_items(term)
        if set_warnings:
            what, fix = _regex_set_warning(tuple(set_warnings))
            warn_caller(W_SCHEMA_REGEX_SET.format(where=at, term=shown_repr(term), what=what, fix=fix), SchemaWarning)
        try:
            norm = simplified(term, regex)
        except ValueError as e:  # a class range in Traditional (see _regex_simplified)
            raise SchemaError(f"{at}: regex {term!r}: {e}") from None
        if not regex:
            _check_literal(given, norm, at)
        bad = _pattern_error(norm) if regex and norm != term else None
        if bad:  # not expected: OpenCC leaves ASCII (the regex syntax) alone
            raise SchemaError(f"{at}: regex {term!r} in Simplified ({norm!r}) is not valid: {bad}")
        # a literal cue matches in any case and width (backends.cues): APP repeats app, ＡＰＰ too
        key = (norm if regex else unicodedata.normalize("NFKC", norm).casefold(), regex)
        if key in seen and (seen[key] or norm != term):
            continue  # 報廢 next to 报废: one cue, not two, shown as the first is written
        if key in seen and not before:  # the same cue again ("弹性", "弹性 "): it would count twice for one match
            n, first_given, first_weight = first[key]
            aside = _repeat_aside(first_given, given)
            weights = "" if weight == first_weight else f" (its weight {weight:g} too: cue {n}'s {first_weight:g} counts)"
            warn_caller(W_SCHEMA_CUE_REPEATED.format(where=at, found=shown_repr(given), first=n, first_found=shown_repr(first_given),
                                                     aside=aside, weights=weights), SchemaWarning)
            continue
        seen[key] = seen.get(key, False) or norm != term
        first.setdefault(key, (i + 1, given, weight))
        out.append(Cue(norm, weight, regex, written=term))
    return tuple(out)


def _repeat_aside(first: str, again: str) -> str:
    """How the literal cue ``again`` differs from the earlier cue ``first`` that matching reads it as (both as
    written), for :data:`~argmine.errors.W_SCHEMA_CUE_REPEATED`: ``""`` where they are written alike.  Cues apart only
    in script or width never come here (one cue, without a warning).

    >>> _repeat_aside("弹性", "弹性 "), _repeat_aside("ATM", "atm"), _repeat_aside("ATM", " atm"), _repeat_aside("坑", "坑")
    (' once the white space at its ends is removed', ' in another case', ' in another case once the white space at its ends is removed', '')
    """
    a, b = first.strip(), again.strip()
    if a == b:
        case = ""
    elif a.casefold() == b.casefold():
        case = " in another case"
    else:  # what the key folds beyond case (NFKC: ① as 1)
        case = " in another case or form (as Unicode NFKC folds it)"
    spaces = " once the white space at its ends is removed" if (a, b) != (first, again) else ""
    return case + spaces


def _backspace_error(term: str, at: str, regex: bool) -> str:
    r"""The error for a cue holding U+0008, which TOML reads ``"\b"`` in a double-quoted string as: the cue as it was
    meant, in single quotes and with its backslashes doubled (only the latter where single quotes cannot hold it).

    >>> print(_backspace_error("\x08APP\x08", "x.toml: theme 'app', cue 1", True))
    x.toml: theme 'app', cue 1: regex cue '\x08APP\x08' holds U+0008 (backspace): TOML reads \b in a double-quoted string as a backspace, not as the regex word boundary \b, so the cue would match only a backspace character there; write it in single quotes ('\bAPP\b') or with each backslash doubled ("\\bAPP\\b")
    """
    import json

    from .errors import H_SCHEMA_BACKSPACE_AS_REGEX, H_SCHEMA_BACKSPACE_DOUBLED, H_SCHEMA_BACKSPACE_QUOTES

    meant = term.replace("\x08", "\\b")
    single, double = _as_written(meant), json.dumps(meant, ensure_ascii=False)  # JSON's escapes are TOML's too
    quotable = single.startswith("'")  # else it holds a ' (or another control character): _as_written's repr
    if not regex:
        single, double = f"{{term = {single}, regex = true}}", f"{{term = {double}, regex = true}}"
    how = (H_SCHEMA_BACKSPACE_QUOTES if quotable else H_SCHEMA_BACKSPACE_DOUBLED).format(single=single, double=double)
    fix = H_SCHEMA_BACKSPACE_AS_REGEX.format(how=how) if not regex else how
    return E_SCHEMA_CUE_BACKSPACE.format(where=at, kind="regex cue" if regex else "cue", found=shown_repr(term), fix=fix)


#: Regular-expression syntax in a literal cue: a wildcard with a repeat (``.*``, ``.+``, ``.{0,4}``), a class escape
#: (``\d``), or alternatives in parentheses (``(起火|爆炸)``); plain words never hold these.
_REGEX_LIKE = re.compile(r"\.[*+?]|\.\{\d+(?:,\d*)?\}|\\[dDsSwWbB]|\([^()]*\|[^()]*\)")
#: A Chinese list separator (，、；) between two word characters of a literal cue: a list written as one cue.
_LIST_IN_CUE = re.compile(r"(?<=\w)([\uff0c\u3001\uff1b])(?=\w)")
#: Runs of Chinese list separators, where a list written as one cue is split.
_LIST_SEPARATOR = re.compile(r"[\uff0c\u3001\uff1b]+")
#: What no jieba token holds, so that a negator holding it never negates: a list separator (Chinese or ASCII , ;) or
#: white space.
_SPLIT_NEGATOR = re.compile(r"[\uff0c\u3001\uff1b,;\s]+")


#: Sentence and clause marks (normalised: full-width ones are ASCII by then): a cue of these alone fires everywhere.
_MARKS = frozenset(",.;:!?'\"、。；：！？…‥·・｡")


def _no_word(c: str) -> bool:
    """Whether ``c`` is no word of a cue alone: white space, an invisible character, a sentence or clause mark, a
    bracket, quote or dash.  A symbol (``¥``, ``→``, an emoji) or a sign such as ``%``, ``#``, ``@`` can be a cue.

    >>> [_no_word(c) for c in ",。\u200b-（%¥#👍"]
    [True, True, True, True, True, False, False, False, False]
    """
    kind = unicodedata.category(c)
    return c.isspace() or kind[0] in "CZ" or (kind[0] == "P" and (kind != "Po" or c in _MARKS))


def _stripped_cue(term: str, at: str) -> str:
    """A literal cue without the white space at its ends (a paste mistake: ``"弹性 "`` would never fire in Chinese
    text, which has no spaces), but for white space next to a letter or digit of a script that spaces its words
    (:func:`_spaced_word_end`: ``" app"``, ``"café "``), which may be meant as a word boundary: kept, with a
    :class:`SchemaWarning` naming the cue.  Each end is decided by its own neighbouring character.

    >>> _stripped_cue(" 坑 ", "x.toml: theme 'gap', cue 1")
    '坑'
    """
    core = term.strip()
    left = term[: len(term) - len(term.lstrip())] if _spaced_word_end(core[0]) else ""
    right = term[len(term.rstrip()):] if _spaced_word_end(core[-1]) else ""
    if left or right:
        ends = "start and end" if left and right else "start" if left else "end"
        warn_caller(W_SCHEMA_CUE_SPACES.format(where=at, found=shown_repr(term), ends=ends), SchemaWarning)
    return left + core + right


def _spaced_word_end(c: str) -> bool:
    """Whether white space next to ``c``, at an end of a literal cue, may be meant (a word boundary): ``c`` is a letter
    or digit (:meth:`str.isalnum`, after NFKC: ``ａ`` as ``a``) of a script that puts spaces between words: Latin,
    accented letters (``é``, ``ü``), Greek, Cyrillic...; not a Chinese, Japanese or Korean character (Han, kana,
    Hangul, Bopomofo), nor punctuation or a symbol.

    >>> [_spaced_word_end(c) for c in "aé1ａÜ弹カ한,¥"]
    [True, True, True, True, True, False, False, False, False, False]
    """
    import regex

    n = unicodedata.normalize("NFKC", c)[:1]
    return n.isalnum() and not regex.match(r"[\p{Han}\p{Hiragana}\p{Katakana}\p{Hangul}\p{Bopomofo}]", n)


def _check_literal(term: str, norm: str, at: str, negator: bool = False) -> None:
    r"""Refuse a literal cue of only punctuation or spaces once normalised (``"，"``, ``"..."``: it fires on every such
    mark, :func:`_no_word`) or of only invisible characters (``"\u200b"``: it never fires); warn about one holding a
    Chinese list separator between words.

    A symbol or sign (``"¥"``, ``"%"``, an emoji such as ``"👍"``) is a word of its own and is kept.

    A ``negator`` (``[sentiment].negations``) is refused likewise; as it matches only a whole jieba token, which
    never holds white space or a list separator, one holding either (``"不，没有"``, ``"不 没有"``) is warned about
    as a list written as one negator, wherever it stands in it.

    >>> _check_literal("，", ",", "x.toml: theme 'gap', cue 2")
    Traceback (most recent call last):
    ...
    argmine.errors.SchemaError: x.toml: theme 'gap', cue 2: cue '，' is only punctuation or spaces (no letter, digit, Chinese character or symbol), so it would fire on every ',' in the text; remove it, or write the word it belongs to
    """
    invisible, no_word = (E_SCHEMA_NEGATOR_INVISIBLE, E_SCHEMA_NEGATOR_NO_WORD) if negator else (
        E_SCHEMA_CUE_INVISIBLE, E_SCHEMA_CUE_NO_WORD)
    if not norm.strip() and term.strip():  # "\u200b": left out of the text cues read (argmine.normalize.INVISIBLE)
        raise SchemaError(invisible.format(where=at, found=shown_repr(term)))
    if all(_no_word(c) for c in norm):
        raise SchemaError(no_word.format(where=at, found=shown_repr(term), shown=shown_repr(norm.strip() or norm)))
    if negator:
        core = term.strip()  # the white space at its ends is removed (parse_schema)
        sep = _SPLIT_NEGATOR.search(core)
        if sep:
            what = "white space" if sep.group().isspace() else repr(sep.group())
            warn_caller(W_SCHEMA_NEGATOR_SPLIT.format(where=at, found=shown_repr(term), what=what,
                                                      split=_split_list(core, _SPLIT_NEGATOR)), SchemaWarning)
        return
    syntax = _REGEX_LIKE.search(term)
    if syntax:
        warn_caller(W_SCHEMA_CUE_REGEX_LIKE.format(where=at, found=_as_written(term), what=syntax.group()), SchemaWarning)
    sep = _LIST_IN_CUE.search(term)
    if sep:
        split = _split_list(term, _LIST_SEPARATOR)
        warn_caller(W_SCHEMA_CUE_LIST.format(where=at, found=shown_repr(term), sep=sep.group(), split=split), SchemaWarning)


def _split_list(term: str, separator: re.Pattern) -> str:
    """``term``, a list written as one cue or negator, as the strings it should be, for a warning's fix.

    >>> print(_split_list("不，没有 并非", _SPLIT_NEGATOR))
    "不", "没有", "并非"
    """
    return ", ".join(f'"{p.strip()}"' for p in separator.split(term) if p.strip())


def _bad_theme_id(source: str, number: int, tid: object, name_en: object, taken: frozenset = frozenset()) -> str:
    """Why a theme's id cannot be one, with the pattern and an id to use instead (none of the ids ``taken``).

    >>> print(_bad_theme_id("x.toml", 1, "Pension gap", None))
    x.toml: theme 1: id must be a lowercase identifier other than 'other' (^[a-z][a-z0-9_]*$: a-z, 0-9 and _, starting with a letter, e.g. price_rise), found 'Pension gap'; use id = "pension_gap"
    >>> print(_bad_theme_id("x.toml", 2, "养老金", "Pension").split("; ")[1])
    put '养老金' in name_zh and choose an ASCII id, such as id = "pension"
    >>> print(_bad_theme_id("x.toml", 2, "Pension", None, frozenset({"pension"})).split("; ")[1])
    use id = "pension_2" (another theme has "pension")
    """

    def free(e: str) -> str:  # e, or e with a suffix that no theme has yet
        return next(f"{e}_{n}" for n in range(2, len(taken) + 3) if f"{e}_{n}" not in taken) if e in taken else e

    ascii_id = re.sub(r"[^a-z0-9]+", "_", str(tid).lower()).strip("_") if isinstance(tid, str) else ""
    from_name = re.sub(r"[^a-z0-9]+", "_", str(name_en or "").lower()).strip("_")
    example = free(next((e for e in (from_name, f"theme_{number}") if _ID.fullmatch(e) and e != OTHER), f"theme_{number}"))
    if tid == OTHER:
        fix = f"'other' is the theme of units with none; choose another id, such as id = \"{example}\""
    elif isinstance(tid, str) and not tid.isascii():
        fix = f"put {tid!r} in name_zh and choose an ASCII id, such as id = \"{example}\""
    elif _ID.fullmatch(ascii_id) and ascii_id != OTHER:
        fix = f"use id = \"{free(ascii_id)}\"" + (f" (another theme has \"{ascii_id}\")" if ascii_id in taken else "")
    else:
        fix = f"use an id such as id = \"{example}\""
    return (f"{source}: theme {number}: id must be a lowercase identifier other than {OTHER!r} "
            f"(^[a-z][a-z0-9_]*$: a-z, 0-9 and _, starting with a letter, e.g. price_rise), found {tid!r}; {fix}")


def _colors(raw_themes: list[dict], source: str) -> list[str]:
    """Each theme's colour as ``#rrggbb``: its own if it is a hex colour, else a palette colour.

    A theme without a colour takes ``PALETTE[i]`` (``i`` its position), or the next palette colour
    that no other theme uses, so that no two themes (and no theme and ``other``) look alike by
    default.  A colour that is not ``#rgb``/``#rrggbb`` (``navy``) is a warning and is replaced the
    same way, so that the report, the chart and the labeling configs all show one colour.
    """
    given: list[str | None] = []
    bad: list[tuple[int, object]] = []
    for i, t in enumerate(raw_themes):
        c = t.get("color")
        if c is None:
            given.append(None)
        elif isinstance(c, str) and _HEX_COLOR.fullmatch(c):
            given.append(color_of(Theme("", "", "", "", color=c), i))
        else:
            given.append(None)
            bad.append((i, c))
    used = {c for c in given if c}
    out = []
    for i, c in enumerate(given):
        if c is None:
            free = [p for p in PALETTE[i % len(PALETTE):] + PALETTE[: i % len(PALETTE)] if p not in used]
            c = free[0] if free else PALETTE[i % len(PALETTE)]
            used.add(c)
        out.append(c)
    for i, c in bad:
        warn_caller(W_SCHEMA_COLOR.format(
            where=source, found=c, theme=raw_themes[i].get("id"), used=out[i]), SchemaWarning)
    return out


#: The ``[lexicon]`` settings: name -> (lowest, is the lowest allowed, text of the interval).
_LEXICON_RANGES = {"threshold": (0.0, False, "(0, 1]"), "negated_theme_weight": (0.0, True, "[0, 1]"),
                   "sentiment_margin": (0.0, True, "[0, 1]")}


def _check_lexicon(table: dict, source: str) -> None:
    """Check the ``[lexicon]`` values when the schema loads, naming the file (the backend reads them later)."""
    for key, value in table.items():
        low, closed, interval = _LEXICON_RANGES[key]
        ok = not isinstance(value, bool) and isinstance(value, (int, float)) and (
            (low <= value if closed else low < value) and value <= 1)
        if not ok:
            raise SchemaError(E_SCHEMA_LEXICON_VALUE.format(where=source, key=key, interval=interval, found=value))


def _check_names(themes: list[Theme], source: str) -> None:
    """Refuse two themes sharing a name: an id (as written, or with spaces for its underscores: ``pension gap`` for
    ``pension_gap``), ``name_zh`` or ``name_en``, compared as labels are
    (:func:`argmine.errors.label_key`: case, spaces at the ends, Traditional or Simplified, full or half width aside);
    a theme named as the units with no theme are (:data:`OTHER_NAMES`); and one named as a sentiment label
    (``positive``, ``neutral``, ``negative``: a cue match of that polarity carries the label, and would count for it).

    A label written as a theme's name stands for that theme (:func:`argmine.errors.theme_named`), and tables show
    ``name_zh id``: a name copied into a second theme would send such labels to the wrong one.

    >>> _check_names([Theme("gap", "养老金缺口", "gap", ""), Theme("health", "養老金缺口", "health", "")], "x.toml")
    Traceback (most recent call last):
    ...
    argmine.errors.SchemaError: x.toml: themes 'gap' and 'health' both have the name_zh '养老金缺口' and '養老金缺口' (the same as labels are compared: case, width and Traditional or Simplified aside); give each theme a name of its own (a label written as a theme's name must stand for one theme)

    >>> _check_names([Theme("focus", "学生权利", "focus", ""), Theme("rights", "学生权利", "rights", "")], "x.toml")
    Traceback (most recent call last):
    ...
    argmine.errors.SchemaError: x.toml: themes 'focus' and 'rights' both have the name_zh '学生权利'; give each theme a name of its own (a label written as a theme's name must stand for one theme)

    >>> _check_names([Theme("pension_gap", "", "shortfall", ""), Theme("pension_age", "", "pension gap", "")], "x.toml")
    Traceback (most recent call last):
    ...
    argmine.errors.SchemaError: x.toml: the id of theme 'pension_gap' with spaces for its underscores and the name_en of theme 'pension_age' are both 'pension gap' (a label may write an id so); give each theme a name of its own (a label written as a theme's name must stand for one theme)
    """
    owner: dict[str, tuple[str, str, str]] = {}  # name as compared -> (theme id, field, name as written)
    reserved = _other_keys()
    sentiments = frozenset(label_key(s) for s in DEFAULT_SENTIMENTS)
    for t in themes:
        # the id with spaces for its underscores names the theme too (theme_named: 'pension gap' for pension_gap)
        spaced = [(_SPACED_ID, t.id.replace("_", " "))] if "_" in t.id else []
        for field_name, name in [(f, getattr(t, f)) for f in ("id", "name_zh", "name_en")] + spaced:
            key = label_key(name)
            if not key:
                continue
            # (a spaced id holds a space: no word for no theme, nor a sentiment label)
            if key in reserved and field_name != _SPACED_ID:  # an id 'other' is refused before (_bad_theme_id)
                err = SchemaError(E_SCHEMA_NAME_RESERVED.format(where=source, theme=t.id, field=field_name, name=name))
                err.reserved = (t.id, field_name, name)  # a model's own copy is worded otherwise (load_schema)
                raise err
            # the sentiment cues would count for the theme (argmine.backends.cues.Hit.label)
            if key in sentiments and field_name != _SPACED_ID:
                from .errors import H_SENTIMENT_ID, H_SENTIMENT_NAME

                why = H_SENTIMENT_ID if field_name == "id" else H_SENTIMENT_NAME
                err = SchemaError(E_SCHEMA_NAME_SENTIMENT.format(where=source, theme=t.id, field=field_name, name=name, why=why))
                err.reserved, err.reserved_kind = (t.id, field_name, name), "sentiment"
                raise err
            first = owner.setdefault(key, (t.id, field_name, name))
            if first[0] == t.id:
                continue  # name_en defaults to the id
            shown = repr(first[2]) if first[2] == name else f"{first[2]!r} and {name!r}"
            if first[1] == field_name:  # never the spaced ids: two ids are never one
                what = f"themes {first[0]!r} and {t.id!r} both have the {field_name} {shown}"
            else:
                what = f"{_name_field(first[1], first[0])} and {_name_field(field_name, t.id)} are both {shown}"
            if first[2] != name:
                what += " (the same as labels are compared: case, width and Traditional or Simplified aside)"
            if _SPACED_ID in (first[1], field_name):
                what += " (a label may write an id so)"
            raise SchemaError(E_SCHEMA_NAME_TWICE.format(where=source, what=what))


#: What :func:`_check_names` calls a theme's id with spaces for its underscores, a name it compares as the others.
_SPACED_ID = "spaced id"


def _name_field(field_name: str, theme: str) -> str:
    """A name of a theme as :data:`~argmine.errors.E_SCHEMA_NAME_TWICE` names it: ``the name_en of theme 'a'``."""
    if field_name == _SPACED_ID:
        return f"the id of theme {theme!r} with spaces for its underscores"
    return f"the {field_name} of theme {theme!r}"


def parse_schema(data: dict, source: str = "<string>") -> Schema:
    """Validate a parsed TOML mapping and build a :class:`Schema`.

    Every problem is a :class:`SchemaError` naming the file and the key; a theme is named by its id
    (by its position, counted from 1, while it has no usable id), a cue by its position in its list.

    >>> parse_schema({"schema": {"id": "x"}, "themes": [{"id": "a", "cues": "单个"}]}, "x.toml")
    Traceback (most recent call last):
    ...
    argmine.errors.SchemaError: x.toml: theme 'a': cues must be a list of cues (e.g. ["隐私", {term = "泄露", weight = 2}]), found '单个'

    Anything but a mapping (the TOML text itself, a path) is a ``TypeError`` saying what to pass.
    """
    from collections.abc import Mapping

    if not isinstance(data, Mapping):  # before its keys are checked: a text's characters are no keys
        from .errors import E_PARSE_SCHEMA_TYPE

        raise TypeError(E_PARSE_SCHEMA_TYPE.format(found=type(data).__name__))
    _check_keys(data, KEYS[""], f"{source}: top level")
    if "schema" not in data:
        raise SchemaError(f"{source}: missing table [schema]; see argmine/schemas/alipay.toml")
    meta = _table(data["schema"], f"{source}: [schema]")
    raw_themes = data.get("themes")
    # the mistakes that leave a schema without a list of themes, each named as it was made
    if raw_themes is None:
        raise SchemaError((E_SCHEMA_THEMES_IN_SCHEMA if "themes" in meta else E_SCHEMA_NO_THEMES).format(where=source))
    _check_keys(meta, KEYS["[schema]"], f"{source}: [schema]")
    schema_id = _text(meta.get("id", "schema"), f"{source}: [schema].id", scalar=True)
    if not schema_id.strip():  # exports and models record it; import compares it
        raise SchemaError(E_SCHEMA_ID_EMPTY.format(where=source, found=schema_id))
    version = _text(meta.get("version", "1"), f"{source}: [schema].version", scalar=True)
    if not version.strip():
        raise SchemaError(E_SCHEMA_VERSION_EMPTY.format(where=source, found=version))
    if isinstance(raw_themes, dict):
        raise SchemaError(E_SCHEMA_THEMES_TABLE.format(where=source))
    if not isinstance(raw_themes, list):
        raise SchemaError(E_SCHEMA_THEMES_TYPE.format(where=source, found=raw_themes))
    if not raw_themes:
        raise SchemaError(E_SCHEMA_THEMES_EMPTY.format(where=source))
    raw_themes = [_table(t, f"{source}: theme {i + 1}") for i, t in enumerate(raw_themes)]
    themes, seen = [], {}  # id -> position counted from 1
    for i, t in enumerate(raw_themes):
        tid = t.get("id")
        # named by its id once it has a usable one of its own, else by its position
        usable = isinstance(tid, str) and _ID.fullmatch(tid) and tid != OTHER and tid not in seen
        _check_keys(t, KEYS["themes"], f"{source}: theme {tid!r}" if usable else f"{source}: theme {i + 1}")
        if tid is None:
            name = re.sub(r"[^a-z0-9]+", "_", str(t.get("name_en", "")).lower()).strip("_")
            example = name if _ID.fullmatch(name) and name != OTHER else f"theme_{i + 1}"
            raise SchemaError(E_SCHEMA_NO_THEME_ID.format(where=source, number=i + 1, example=example))
        if not isinstance(tid, str) or not _ID.fullmatch(tid) or tid == OTHER:
            taken = frozenset(u.get("id") for u in raw_themes if isinstance(u.get("id"), str))
            raise SchemaError(_bad_theme_id(source, i + 1, tid, t.get("name_en"), taken))
        if tid in seen:
            raise SchemaError(E_SCHEMA_THEME_ID_TWICE.format(where=source, first=seen[tid], second=i + 1, id=tid))
        seen[tid] = i + 1
    colors = _colors(raw_themes, source)
    added = [0]  # pattern items the regex cues read so far add (_cues): the schema's together are bounded
    for i, t in enumerate(raw_themes):
        tid = t["id"]
        where = f"{source}: theme {tid!r}"
        themes.append(
            Theme(
                id=tid,
                name_zh=_text(t.get("name_zh", ""), f"{where}: name_zh"),
                name_en=_text(t.get("name_en", tid), f"{where}: name_en"),
                description=_text(t.get("description", ""), f"{where}: description", one_line=False).strip(),
                color=colors[i],
                cues=_cues(t.get("cues"), f"{where}: cues", where, added),
                color_given=isinstance(t.get("color"), str) and bool(_HEX_COLOR.fullmatch(t["color"])),
            )
        )
    _check_names(themes, source)
    labels = _table(data.get("labels"), f"{source}: [labels]")
    _check_keys(labels, KEYS["[labels]"], f"{source}: [labels]")
    sentiments = _strings(labels.get("sentiment", list(DEFAULT_SENTIMENTS)), f"{source}: [labels].sentiment",
                          '["positive", "neutral", "negative"]')
    twice = [s for s in DEFAULT_SENTIMENTS if sentiments.count(s) > 1]
    if twice and set(sentiments) == set(DEFAULT_SENTIMENTS):  # exported as two choices of one label
        n = sentiments.count(twice[0])
        raise SchemaError(E_SCHEMA_SENTIMENT_TWICE.format(
            where=source, label=twice[0], times="twice" if n == 2 else f"{n} times"))
    if set(sentiments) != set(DEFAULT_SENTIMENTS):
        raise SchemaError(
            f"{source}: [labels].sentiment must be {list(DEFAULT_SENTIMENTS)} (in any order), found {list(sentiments)}; "
            "the labels are fixed: map a stance set onto them as the stance toward [schema].target "
            "(favor/支持 -> positive, against/反对 -> negative, none/中立 -> neutral)"
        )
    lex = _table(data.get("sentiment"), f"{source}: [sentiment]")
    _check_keys(lex, KEYS["[sentiment]"], f"{source}: [sentiment]")
    lexicon = _table(data.get("lexicon"), f"{source}: [lexicon]")
    _check_keys(lexicon, KEYS["[lexicon]"], f"{source}: [lexicon]")
    _check_lexicon(lexicon, source)
    window = _number(lex.get("negation_window", 4), f"{source}: [sentiment].negation_window", int)
    if window < 0:
        raise SchemaError(f"{source}: [sentiment].negation_window must be 0 or more, found {window}")
    # as matching reads them: a token holds no white space at its ends (an older argmine kept it: read_as_before)
    negators = []
    for j, n in enumerate(_strings(lex.get("negations", []), f"{source}: [sentiment].negations", '["没有", "不"]')):
        at = f"{source}: [sentiment].negations, negator {j + 1}"
        if not n.strip():
            raise SchemaError(E_SCHEMA_EMPTY_CUE.format(where=at, found=n))
        negators.append(simplified(n if _AS_BEFORE.get() else n.strip()))
        _check_literal(n, negators[-1], at, negator=True)  # the checks of a cue, as a negator fails them
    positive = _cues(lex.get("positive"), f"{source}: [sentiment].positive", f"{source}: [sentiment].positive", added)
    negative = _cues(lex.get("negative"), f"{source}: [sentiment].negative", f"{source}: [sentiment].negative", added)
    return Schema(
        id=schema_id,
        version=version,
        target=_text(meta.get("target", ""), f"{source}: [schema].target", one_line=False, scalar=True),
        description=_text(meta.get("description", ""), f"{source}: [schema].description", one_line=False,
                          scalar=True).strip(),
        themes=tuple(themes),
        sentiments=sentiments,
        negations=tuple(negators),
        negation_window=window,
        positive_cues=positive,
        negative_cues=negative,
        source=source,
        extra={k: v for k, v in data.items() if k not in {"schema", "themes", "labels", "sentiment"}},
    )


def default_schema_text() -> str:
    """The packaged default schema file (``argmine/schemas/alipay.toml``) as written, comments included.

    A new debate's schema starts from it (``argmine schema -o mine.toml``).

    >>> parse_schema(tomllib.loads(default_schema_text())).id
    'alipay_social'
    """
    return resources.files("argmine.schemas").joinpath("alipay.toml").read_text("utf-8")


#: How the CLI and the library take a schema file, named where a message says to check the path.
GIVEN_AS = "--schema (schema= in Python)"


def _refuse_unusable(path: str | os.PathLike, given_as: str = GIVEN_AS) -> None:
    """Refuse a schema path that is TOML text (``load_schema(text)``), or that the system cannot look up at all (a name over 255 bytes).

    ``given_as``: how the user gave it (:func:`load_schema`), named in the fix.
    """
    from ._files import unusable_path
    from .errors import E_SCHEMA_IS_TEXT, E_SCHEMA_PATH_FIX, shown_repr

    if isinstance(path, str) and "\n" in path and not os.path.exists(path):
        raise SchemaError(E_SCHEMA_IS_TEXT.format(shown=shown_repr(path, 30)))
    unusable = unusable_path(path, E_SCHEMA_PATH_FIX if given_as == GIVEN_AS else f"pass the path of a schema TOML file as {given_as}")
    if unusable is not None:
        raise SchemaError(": ".join(unusable))


def _not_utf8(shown: str, data: bytes, e: UnicodeDecodeError) -> str:
    """Why a schema file is not read (not UTF-8), where, what it reads as (:func:`argmine.decode.decode`), and what to do.

    >>> print(_not_utf8("x.toml", "id = '隐私'".encode("gbk"), UnicodeDecodeError("utf-8-sig", b"", 6, 7, "")))
    x.toml: schema file is not UTF-8 (byte 0xD2 at line 1 is not valid UTF-8); it reads as GB18030; save it as UTF-8 (in Notepad: File > Save As, Encoding: UTF-8)
    """
    from .decode import decode
    from .errors import ArgmineError, warnings_kept

    try:
        with warnings_kept():  # only to name it
            codec = decode(data, shown)[1]
    except ArgmineError:
        codec = ""
    names = {"cp936": "GB18030", "gbk": "GB18030", "cp950": "Big5", "big5": "Big5", "big5hkscs": "Big5-HKSCS"}
    name = names.get(codec, codec.upper())
    reads = f"; it reads as {name}" if codec and not codec.startswith("utf-8") else ""
    at = e.start + 3 * data.startswith(b"\xef\xbb\xbf")  # utf-8-sig counts after its byte-order mark
    return E_SCHEMA_NOT_UTF8.format(where=shown, byte=f"0x{data[at]:02X}", line=data[:at].count(b"\n") + 1,
                                    reads=reads, how=" (in Notepad: File > Save As, Encoding: UTF-8)")


def _model_config(path: Path) -> "tuple[dict, Path] | None":
    """The ``config.json`` beside the schema file ``path`` (a model's own ``schema.toml``) and its path; ``None`` where there is none that reads as a JSON object."""
    import json

    config_path = path.parent / "config.json"
    try:
        config = json.loads(config_path.read_text("utf-8"))
    except (OSError, ValueError):
        return None
    return (config, config_path) if isinstance(config, dict) else None


def _older_model(path: Path, shown: str, theme: str, field_name: str, name: str, kind: str = "other") -> SchemaError | None:
    """The error for a model's own ``schema.toml`` (``path``, shown as ``shown``) with theme ``theme`` named ``name``
    (its ``field_name``), a word that now means no theme (``kind`` ``"other"``) or a sentiment label (``"sentiment"``):
    an older argmine saved it so.  What to do follows what the
    model's ``config.json`` records (the ids, a cue fingerprint taken with them); ``None`` where no ``config.json`` is
    beside it (not a model's copy: the plain message stands).
    """
    from .errors import (E_MODEL_SCHEMA_RESERVED, E_MODEL_SCHEMA_SENTIMENT, H_MODEL_RESERVED_CONFIG, H_MODEL_RESERVED_FINGERPRINT, H_MODEL_RESERVED_ID,
                         H_MODEL_RESERVED_NAME)
    from .read import shown_path

    if not (beside := _model_config(path)):
        return None
    config, config_path = beside
    model, config_file = shown_path(str(path.parent)), shown_path(str(config_path))
    if field_name != "id":
        what, fix = f"the {field_name} of theme {theme!r}", H_MODEL_RESERVED_NAME.format(field=field_name, schema_file=shown)
    else:
        themes = config.get("themes")
        listed = isinstance(themes, list) and theme in themes
        fix = H_MODEL_RESERVED_ID.format(
            name=name, schema_file=shown, config=H_MODEL_RESERVED_CONFIG.format(config_file=config_file) if listed else "",
            fingerprint=H_MODEL_RESERVED_FINGERPRINT.format(config_file=config_file) if "cue_fingerprint" in config else "")
        what = "its id"
    message = E_MODEL_SCHEMA_SENTIMENT if kind == "sentiment" else E_MODEL_SCHEMA_RESERVED
    return SchemaError(message.format(where=shown, model=model, name=name, what=what, fix=fix))


def _older_model_weight(path: Path, shown: str, at: str, found: object) -> SchemaError | None:
    """The error for a model's own ``schema.toml`` (``path``, shown as ``shown``) with a cue (``at``) weighing ``found``,
    over :data:`MAX_CUE_WEIGHT`: an older argmine saved it so.  ``None`` where no ``config.json`` is beside it."""
    from .errors import E_MODEL_SCHEMA_WEIGHT, H_MODEL_WEIGHT_FINGERPRINT
    from .read import shown_path

    if not (beside := _model_config(path)):
        return None
    config, config_path = beside
    fingerprint = H_MODEL_WEIGHT_FINGERPRINT.format(config_file=shown_path(str(config_path))) if "cue_fingerprint" in config else ""
    return SchemaError(E_MODEL_SCHEMA_WEIGHT.format(where=at, model=shown_path(str(path.parent)), found=found, most=MAX_CUE_WEIGHT,
                                                    schema_file=shown, fingerprint=fingerprint))


def read_as_before(path: str | Path) -> Schema:
    """A model's ``schema.toml`` read as an older argmine read its cues: the white space at the ends of a literal cue
    and of a negator kept, and a cue repeated in its list kept again.  What a model saved then took its cue
    fingerprint of (:func:`argmine.backends.linear.cue_fingerprint`): the same file read so is the same cues.

    >>> read_as_before(str(resources.files("argmine.schemas").joinpath("alipay.toml"))).themes == load_schema().themes
    True
    """
    token = _AS_BEFORE.set(True)
    try:
        return load_schema(path, warn=False)
    finally:
        _AS_BEFORE.reset(token)


#: A ``[themes]`` or ``[[themes]]`` header line (a comment after it allowed).
_THEMES_HEADER = re.compile(r"^[ \t]*(\[\[?)[ \t]*themes[ \t]*\]\]?[ \t]*(?:#.*)?$", re.M)


def _single_bracket_themes(text: str, reason: str, shown: str) -> str | None:
    r"""The message for TOML that does not parse because a theme's header is ``[themes]`` among ``[[themes]]`` tables
    (tomllib: "Cannot declare ('themes',) twice", or "Cannot overwrite a value" at the next ``[[themes]]``), naming
    the line of each single-bracket header; ``None`` for any other TOML error.

    >>> print(_single_bracket_themes("[[themes]]\nid = 'a'\n[themes]\nid = 'b'\n", "Cannot declare ('themes',) twice (at line 3, column 8)", "x.toml"))
    x.toml: line 3: [themes] (single brackets) is one table, not a list of themes; write each theme as [[themes]] (double brackets)
    """
    at = re.search(r"\(at line (\d+), column \d+\)$", reason)
    if at is None:
        return None
    line = int(at.group(1))
    headers = {text.count("\n", 0, m.start()) + 1: m.group(1) for m in _THEMES_HEADER.finditer(text)}
    single = [n for n, brackets in headers.items() if brackets == "["]  # all of them: one fix, not one per run
    if line not in headers or not single:
        return None
    where = f"line {single[0]}" if len(single) == 1 else f"lines {', '.join(map(str, single))}"
    return E_SCHEMA_THEMES_TABLE.format(where=f"{shown}: {where}")


def load_schema(path: str | Path | None = None, *, warn: bool = True, given_as: str = GIVEN_AS) -> Schema:
    """Load a schema file; ``None`` gives the packaged default (Alipay).

    Raises :class:`SchemaError` with the file name for a missing file, a
    directory, bad TOML or an unknown key.  A UTF-8 byte-order mark (what
    Windows Notepad writes) is accepted.

    ``warn=False`` reads a model's own copy (its ``schema.toml``): the file's
    :class:`~argmine.errors.SchemaWarning` (a cue that looks like a regex, a
    colour that is not hex) were given when the model was trained from the
    user's file, and are not given again on every load.  ``given_as``: how the
    user gave ``path``, named where a message says to check it (the spaCy
    component names its config key).

    >>> schema = load_schema()
    >>> schema.id, schema.theme_ids
    ('alipay_social', ('pro_social', 'privacy', 'brand_fit', 'bloat'))
    """
    if not (path is None or isinstance(path, (str, os.PathLike))):
        raise TypeError(E_ARG_TYPE.format(name="schema", expected="an argmine.Schema, a schema file path or None", found=type(path).__name__))
    if path is None:
        text = default_schema_text()
        source = shown = "argmine/schemas/alipay.toml"
    else:
        from .read import broken_link, shown_path

        p = Path(path)
        _refuse_unusable(path, given_as)
        shown = shown_path(str(p))  # in messages, as a UTF-8 locale shows it (source stays the path, to copy the file)
        try:
            from ._files import check_file_size

            check_file_size(p, MAX_SCHEMA_BYTES, "schema file",  # before reading: a huge (or sparse) file would be read whole
                            "it is not a schema: pass a schema TOML file (such as argmine/schemas/alipay.toml)", SchemaError)
            data = p.read_bytes()
        except FileNotFoundError:  # a link to nothing is named as one, as every command names it
            missing = f"schema file not found; check the path given as {given_as}"
            raise SchemaError(f"{shown}: {broken_link(str(p)) or missing}") from None
        except IsADirectoryError:
            raise SchemaError(f"{shown}: is a directory; pass a schema TOML file (such as argmine/schemas/alipay.toml)") from None
        except OSError as e:
            from .errors import cannot_read

            if e.errno == errno.ELOOP:  # a loop of links: the file's own name (a broken link), or a folder of its path
                raise SchemaError(f"{shown}: {broken_link(str(p)) or cannot_read(e)}") from None
            raise SchemaError(f"{shown}: cannot read the schema file ({e.strerror})") from None
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError as e:
            raise SchemaError(_not_utf8(shown, data, e)) from None
        source = str(p)
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as e:
        raise SchemaError(_single_bracket_themes(text, str(e), shown) or f"{shown}: not valid TOML ({e})") from None
    except RecursionError:  # tomllib recurses into nested arrays and inline tables
        raise SchemaError(f"{shown}: not valid TOML (arrays or inline tables nested too deeply)") from None
    from contextlib import nullcontext

    from .errors import warnings_kept

    # a model's copy (warn=False): what it warns about (SchemaWarning, all parse_schema gives) was said at training
    with nullcontext() if warn else warnings_kept():
        try:
            schema = parse_schema(data, shown)  # its messages name the file as shown; the schema keeps the path (copied with a model)
        except SchemaError as e:
            if warn or path is None or not (getattr(e, "reserved", None) or getattr(e, "too_big", None)):
                raise
            if getattr(e, "too_big", None):
                raise _older_model_weight(Path(path), shown, *e.too_big) or e from None
            raise _older_model(Path(path), shown, *e.reserved, getattr(e, "reserved_kind", "other")) or e from None
    return schema if shown == source else dataclasses.replace(schema, source=source)
