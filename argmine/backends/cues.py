"""Cue matching with negation scope, shared by the ``lexicon`` and ``linear`` backends.

A schema lists cues per theme and per polarity (see
``argmine/schemas/alipay.toml``).  :class:`CueMatcher` finds them in a
normalised text tokenised by jieba:

* a cue of two or more characters matches wherever it occurs (multi-character
  cues are specific enough; jieba often splits them differently, e.g.
  ``功能太多`` is ``功能 / 太多``);
* a one-character cue (``好``, ``难``) matches only a whole jieba token, or a
  two-character token made of a degree adverb or a negator plus the cue
  (``很好``, ``不好``), so that ``好`` does not fire inside ``好像``;
* a regex cue (``{term = "...", regex = true}``) matches as a regular
  expression (with the ``regex`` package, under a time limit per text: a
  pattern that backtracks catastrophically is a :class:`SchemaError`, not a
  hang; see :data:`REGEX_TIMEOUT`); its evidence (:attr:`Hit.surface`) is the
  text it matched, not the pattern;
* a match is *negated* when one of ``schema.negations`` stands within
  ``schema.negation_window`` tokens before it (not crossing punctuation), or
  starts the jieba token the cue sits in (``不方便``).

>>> from argmine.schema import load_schema
>>> m = CueMatcher(load_schema())
>>> [(h.label, h.term, h.negated) for h in m.match("支付宝做社交并不方便") if h.term == "方便"]
[('pro_social', '方便', True), ('positive', '方便', True)]
"""

from __future__ import annotations

import json
import re
from bisect import bisect_right
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any, Sequence

import regex

from ..errors import E_MODEL_OTHER_THEMES, E_SCHEMA_REGEX_TIMEOUT, ModelError, SchemaError, shown_repr
from ..schema import OTHER, Schema, regex_added_items, regex_too_big
from ..segment import tokenize, tokenizer_name  # noqa: F401 - re-exported: the tokens cues match on
from .base import MODEL_CONFIG, broken_model_file, loaded_model_config

#: Degree adverbs that may glue onto a one-character cue inside one jieba token.
DEGREE = frozenset("很太最更挺真好蛮超特极够")
#: Words that start with a negator but negate nothing.  jieba keeps the Mandarin
#: ones whole (不错, 没错, 不止, 难怪, 无所谓: not a negator token), but cuts the
#: Cantonese 唔 and 冇 off as tokens of their own (唔该 "thanks" is 唔 / 该), so
#: a negator token that starts one of these words does not negate.
NOT_NEGATING = ("唔该", "唔错", "冇错", "唔通", "唔理", "唔止", "唔单止", "唔怪", "唔紧要", "冇所谓", "唔唔")  # 唔唔: Mandarin 支支唔唔, hesitating
#: Punctuation that ends a negation's scope.
_SCOPE_BREAK = re.compile(r"^[，,。.！!？?；;：:、\s…—\-~～()（）「」“”\"'《》]+$")

CONFIG_FILE = MODEL_CONFIG
SCHEMA_FILE = "schema.toml"
#: Seconds one regex cue may take over one text, per started 100,000 characters of it.  A pattern that
#: backtracks catastrophically (``(a|aa)+$``) takes hours on a long run of one letter; the ``regex``
#: package stops it, and the cue's theme, pattern and schema file are named (a linear pattern takes
#: milliseconds on such a text).
REGEX_TIMEOUT = 1.0


@dataclass(frozen=True)
class Hit:
    """One cue that fired: where, for what, and whether a negator scoped over it.

    ``label`` is a theme id, ``"positive"`` or ``"negative"``; ``term`` is the
    cue as the schema has it (a regex cue's pattern: the cue's identity);
    ``negator`` is the negating token (empty when not negated); ``matched`` is
    the text a regex cue matched (empty for a literal cue, whose term is what
    it matched, up to case).
    """

    label: str
    term: str
    weight: float
    start: int
    end: int
    negator: str = ""
    matched: str = ""

    @property
    def negated(self) -> bool:
        return bool(self.negator)

    @property
    def shown(self) -> str:
        """What the cue reads as: the text a regex cue matched, else the term.

        >>> Hit("privacy", "(?<![一两几])个资", 1.0, 2, 4, matched="个资").shown
        '个资'
        """
        return self.matched or self.term

    @property
    def surface(self) -> str:
        """The cue as shown in evidence: ``不…方便`` when negated (a regex cue: the text it matched)."""
        return f"{self.negator}…{self.shown}" if self.negator else self.shown


class CueMatcher:
    """Find a schema's cues in normalised texts (see the module docstring for the rules)."""

    def __init__(self, schema: Schema):
        self.schema = schema
        self.negations = frozenset(schema.negations)
        self.window = max(0, int(schema.negation_window))
        groups: list[tuple[str, Any]] = [(t.id, t.cues) for t in schema.themes]
        groups += [("positive", schema.positive_cues), ("negative", schema.negative_cues)]
        self._literal: list[tuple[str, str, float]] = []  # (label, term, weight), multi-char
        self._single: dict[str, list[tuple[str, float]]] = {}  # char -> [(label, weight)]
        self._regex: list[tuple[str, str, float, Any, str]] = []  # (label, term, weight, compiled with regex, where it is)
        added = 0  # pattern items the regex cues add when compiled: bounded before compiling (a Schema built in
        # Python was not read by load_schema, which bounds them already)
        for i, (label, cues) in enumerate(groups):
            for j, cue in enumerate(cues):
                if cue.regex:
                    where = f"theme {label!r}" if i < len(schema.themes) else f"[sentiment].{label}"
                    try:
                        too_big = regex_too_big(cue.term, added)
                        added += regex_added_items(cue.term)
                    except re.error:  # regex syntax that re cannot read (\p{Han}): no schema file's, only Python's
                        too_big = None
                    if too_big:
                        from ..read import shown_path

                        raise SchemaError(f"{shown_path(schema.source)}: {where}, cue {j + 1}: bad regex {shown_repr(cue.term)}: {too_big}")
                    self._regex.append((label, cue.term, cue.weight, regex.compile(cue.term), where))
                elif len(cue.term) == 1:
                    self._single.setdefault(cue.term, []).append((label, cue.weight))
                elif cue.term:
                    self._literal.append((label, cue.term, cue.weight))
        # Precomputed for match(): the case-folded needles, indexed by their
        # first character so that a text only tries the needles that can
        # occur in it (in list order, so hits come out as before).
        self._needles = [(label, term, weight, term.casefold()) for label, term, weight in self._literal]
        self._by_first: dict[str, list[int]] = {}
        for i, (_, _, _, needle) in enumerate(self._needles):
            if needle:
                self._by_first.setdefault(needle[0], []).append(i)
        self._order = {tid: i for i, tid in enumerate(schema.theme_ids)}
        self._breaks: dict[str, bool] = {}  # token -> does it end a negation's scope

    def match(self, text: str, tokens: Sequence[tuple[str, int, int]] | None = None) -> list[Hit]:
        """All cue hits in ``text``, in order of position (theme hits before polarity hits at a tie)."""
        folded = text.casefold()
        if len(folded) != len(text):  # case folding moved offsets (e.g. ß -> ss): the plain scan
            return self._match_slow(text, tokenize(text) if tokens is None else tokens)
        candidates: list[int] = []
        for ch in self._by_first.keys() & set(folded):
            candidates += self._by_first[ch]
        # jieba's tokens are slices of the text, so a one-character cue can only
        # fire if its character occurs in the text (other tokens: always look)
        single = bool(self._single) and (tokens is not None or not self._single.keys().isdisjoint(text))
        if not (candidates or self._regex or single):
            return []  # nothing can fire: no need to tokenise
        if tokens is None:
            tokens = tokenize(text)
        token_at = self._token_index(text, tokens)
        hits: list[Hit] = []
        needles = self._needles
        for i in sorted(candidates):
            label, term, weight, needle = needles[i]
            pos = folded.find(needle)
            while pos >= 0:
                hits.append(Hit(label, term, weight, pos, pos + len(term), self._negator(pos, tokens, token_at, text)))
                pos = folded.find(needle, pos + 1)
        self._regex_hits(text, tokens, token_at, hits)
        if single:
            self._single_hits(text, tokens, token_at, hits)
        return self._sorted(hits)

    def _sorted(self, hits: list[Hit]) -> list[Hit]:
        """Hits by position; theme hits before polarity hits at a tie."""
        order = self._order
        hits.sort(key=lambda h: (h.start, order.get(h.label, len(order)), h.end))
        return hits

    def _regex_hits(self, text: str, tokens, token_at, hits: list[Hit]) -> None:
        seconds = REGEX_TIMEOUT * (1 + len(text) // 100_000)
        for label, term, weight, rx, where in self._regex:
            try:  # the matches first: the time limit is the pattern's alone
                found = [(m.start(), m.end(), m.group()) for m in rx.finditer(text, timeout=seconds) if m.end() > m.start()]
            except TimeoutError:
                from ..read import shown_path

                raise SchemaError(E_SCHEMA_REGEX_TIMEOUT.format(
                    where=f"{shown_path(self.schema.source)}: {where}", term=term, seconds=seconds, text=shown_repr(text, 30))) from None
            for start, end, matched in found:
                hits.append(Hit(label, term, weight, start, end, self._negator(start, tokens, token_at, text), matched))

    def _single_hits(self, text: str, tokens, token_at, hits: list[Hit]) -> None:
        for w, s, e in tokens:
            if len(w) == 1 and w in self._single:
                cue, prefix = w, ""
            elif len(w) == 2 and w[1] in self._single and (w[0] in DEGREE or w[0] in self.negations):
                cue, prefix = w[1], w[0]
            else:
                continue
            negator = prefix if prefix in self.negations else self._negator(s, tokens, token_at, text)
            for label, weight in self._single[cue]:
                hits.append(Hit(label, cue, weight, e - 1, e, negator))

    @staticmethod
    def _token_index(text: str, tokens):
        """Map a char offset to the index of the token containing it (a bisect for jieba's contiguous tokens)."""
        n = len(text)
        pos = 0
        for _, s, e in tokens:
            if s != pos or e <= s:
                break
            pos = e
        else:
            if pos == n and tokens:
                return _ContiguousIndex([s for _, s, _ in tokens])
        return _token_array(text, tokens)

    def _match_slow(self, text: str, tokens) -> list[Hit]:
        """The reference scan: every needle over the whole case-folded text."""
        token_at = _token_array(text, tokens)
        folded = text.casefold()
        hits: list[Hit] = []
        for label, term, weight in self._literal:
            needle = term.casefold()
            pos = folded.find(needle)
            while pos >= 0:
                hits.append(Hit(label, term, weight, pos, pos + len(term), self._negator(pos, tokens, token_at, text)))
                pos = folded.find(needle, pos + 1)
        self._regex_hits(text, tokens, token_at, hits)
        if self._single:
            self._single_hits(text, tokens, token_at, hits)
        return self._sorted(hits)

    def _negator(self, start: int, tokens, token_at, text: str) -> str:
        """The negator scoping over a cue that starts at ``start``, or ``""``."""
        if not tokens or not self.negations:
            return ""
        ti = token_at[start]
        w, s, _ = tokens[ti]
        # a negator glued to the cue inside one token: 不方便, 没安全感
        if s < start:
            for n in self.negations:
                if text[s:start].endswith(n) and not _in_word_not_negating(text, start - len(n), n):
                    return n
        j = ti - 1
        breaks = self._breaks
        while j >= 0 and j >= ti - self.window:
            tok = tokens[j][0]
            stop = breaks.get(tok)
            if stop is None:
                if len(breaks) > 100_000:
                    breaks.clear()
                stop = breaks[tok] = _SCOPE_BREAK.match(tok) is not None
            if stop:
                break
            if tok in self.negations and not _in_word_not_negating(text, tokens[j][1], tok):
                return tok
            j -= 1
        return ""


def _in_word_not_negating(text: str, at: int, negator: str) -> bool:
    """Whether the ``negator`` at ``text[at:]`` is part of one of the :data:`NOT_NEGATING` words there.

    >>> _in_word_not_negating("唔该你", 0, "唔"), _in_word_not_negating("支支唔唔地", 3, "唔"), _in_word_not_negating("我唔该", 1, "唔")
    (True, True, True)
    >>> _in_word_not_negating("唔支持", 0, "唔")
    False
    """
    for word in NOT_NEGATING:
        k = word.find(negator)
        while k >= 0:
            if at >= k and text.startswith(word, at - k):
                return True
            k = word.find(negator, k + 1)
    return False


def _token_array(text: str, tokens) -> list[int]:
    """``token_at[c]``: index of the (last) token containing char ``c``; 0 where none does."""
    token_at = [0] * (len(text) + 1)
    for i, (_, s, e) in enumerate(tokens):
        for c in range(s, e):
            token_at[c] = i
    if tokens:
        token_at[len(text)] = len(tokens) - 1
    return token_at


class _ContiguousIndex:
    """``token_at`` for tokens that tile the text (as jieba's do): a bisect over token starts."""

    __slots__ = ("starts",)

    def __init__(self, starts: list[int]):
        self.starts = starts

    def __getitem__(self, c: int) -> int:
        return bisect_right(self.starts, c) - 1


# --- shared helpers for trainable backends -----------------------------------


def check_training_data(
    schema: Schema,
    texts: Sequence[str],
    themes: Sequence[Sequence[str]],
    sentiments: Sequence[str],
    groups: Sequence[Any] | None = None,
) -> tuple[list[str], list[tuple[str, ...]], list[str]]:
    """Validate ``fit`` arguments against ``schema``; raise :class:`ModelError` / :class:`SchemaError`.

    >>> from argmine.schema import load_schema
    >>> check_training_data(load_schema(), ["财不外露"], [["privacy"]], ["negative"])[1]
    [('privacy',)]
    """
    if not (len(texts) == len(themes) == len(sentiments)):
        raise ModelError(
            f"fit needs one theme list and one sentiment per text; got {len(texts)} texts, "
            f"{len(themes)} theme lists, {len(sentiments)} sentiments"
        )
    if groups is not None and len(groups) != len(texts):
        raise ModelError(f"fit got {len(groups)} groups for {len(texts)} texts; pass one group per text")
    if not texts:
        raise ModelError("fit needs at least one labelled text; the training data is empty")
    out_t: list[str] = []
    out_th: list[tuple[str, ...]] = []
    out_s: list[str] = []
    for i, (t, th, s) in enumerate(zip(texts, themes, sentiments)):
        if not isinstance(t, str):
            raise ModelError(f"training text {i} is {type(t).__name__}, expected a string")
        if isinstance(th, str):
            raise ModelError(f"training text {i}: themes must be a list of theme ids, found the string {th!r}")
        try:
            out_th.append(schema.validate_themes(th))
            out_s.append(schema.validate_sentiment(s))
        except SchemaError as e:
            raise SchemaError(f"training text {i}: {e}") from None
        out_t.append(t)
    return out_t, out_th, out_s


def schema_toml(schema: Schema) -> str:
    """TOML text of ``schema`` for a model directory (its source file, or generated).

    >>> from argmine.schema import load_schema, parse_schema
    >>> import tomllib
    >>> s = load_schema()
    >>> parse_schema(tomllib.loads(schema_toml(s))).theme_ids == s.theme_ids
    True
    """
    if schema.source == "argmine/schemas/alipay.toml":
        return resources.files("argmine.schemas").joinpath("alipay.toml").read_text("utf-8")
    path = Path(schema.source)
    if path.is_file():
        text = path.read_text("utf-8")
        import tomllib

        from ..errors import warnings_kept
        from ..schema import parse_schema

        try:
            # kept, not given (the file warned when it was loaded): no warnings.catch_warnings(), which swaps the
            # process-wide filters (another thread's warnings lost, or its "ignore" put back for good)
            with warnings_kept() as warned:
                same = parse_schema(tomllib.loads(text), schema.source) == schema
            # a file with a mistake the schema replaced (a colour that is not hex) is generated with the replacement,
            # so that the model's copy does not repeat the warning on every later load
            if same and not warned:
                return text
        except Exception:  # noqa: BLE001 - the file changed since; fall back to generating it
            pass
    return _generate_toml(schema)


def _q(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return repr(value)
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(_q(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{ " + ", ".join(f"{json.dumps(k, ensure_ascii=False)} = {_q(v)}" for k, v in value.items()) + " }"
    raise SchemaError(f"cannot write {type(value).__name__} value {value!r} to TOML")


def _cues_toml(cues) -> str:
    items = [c.term if (c.weight == 1.0 and not c.regex) else {"term": c.term, "weight": c.weight, "regex": c.regex} for c in cues]
    return _q(items)


def _generate_toml(schema: Schema) -> str:
    lines = [
        "[schema]",
        f"id = {_q(schema.id)}",
        f"version = {_q(schema.version)}",
        f"target = {_q(schema.target)}",
        f"description = {_q(schema.description)}",
        "",
        "[labels]",
        f"sentiment = {_q(list(schema.sentiments))}",
        "",
    ]
    for t in schema.themes:
        lines += [
            "[[themes]]",
            f"id = {_q(t.id)}",
            f"name_zh = {_q(t.name_zh)}",
            f"name_en = {_q(t.name_en)}",
            f"color = {_q(t.color)}",
            f"description = {_q(t.description)}",
            f"cues = {_cues_toml(t.cues)}",
            "",
        ]
    lines += [
        "[sentiment]",
        f"negations = {_q(list(schema.negations))}",
        f"negation_window = {schema.negation_window}",
        f"positive = {_cues_toml(schema.positive_cues)}",
        f"negative = {_cues_toml(schema.negative_cues)}",
        "",
    ]
    for key, value in schema.extra.items():
        if isinstance(value, dict):
            lines.append(f"[{json.dumps(key, ensure_ascii=False)}]")
            lines += [f"{json.dumps(k, ensure_ascii=False)} = {_q(v)}" for k, v in value.items()]
            lines.append("")
    head = [f"{json.dumps(k, ensure_ascii=False)} = {_q(v)}" for k, v in schema.extra.items() if not isinstance(v, dict)]
    return "\n".join(head + ([""] if head else []) + lines)


def read_model_dir(path: str | Path, backend: str, config: dict[str, Any] | None = None) -> tuple[Path, dict[str, Any]]:
    """Read ``config.json`` of a model directory (unless ``config`` is what the caller read of it) and check it names ``backend``
    (:func:`~argmine.backends.base.loaded_model_config`)."""
    path = Path(path)
    config = loaded_model_config(path, backend, config)
    if not (path / SCHEMA_FILE).is_file():
        raise broken_model_file(path, SCHEMA_FILE) or ModelError(
            f"{path}: missing {SCHEMA_FILE}; the model directory is incomplete, retrain with 'argmine train'")
    return path, config


def model_schema(path: Path, schema: Schema | None, config: dict[str, Any]) -> Schema:
    """The stored schema, or ``schema`` if it has the same theme ids as the model; either in the model's theme order
    (``config.json``'s, the order of the weights: a ``schema.toml`` with its themes put in another order by hand is
    the same schema)."""
    from ..schema import load_schema
    from .base import in_model_order

    found = config.get("themes", schema.theme_ids if schema else ())
    if not isinstance(found, (list, tuple)) or not all(isinstance(t, str) for t in found):
        raise ModelError(f"{path}: {CONFIG_FILE} 'themes' must be a list of theme ids, found {found!r}; "
                         "the directory is damaged, retrain with 'argmine train'")
    themes = tuple(found)
    if schema is not None and isinstance(config.get("themes"), list):
        schema = in_model_order(schema, themes)  # weights are per theme, in the order the model was trained with
    if schema is None:
        stored = load_schema(path / SCHEMA_FILE, warn=False)  # its cues warned at training, from the user's file
        if "themes" in config:
            stored = in_model_order(stored, themes)
        if "themes" in config and themes != stored.theme_ids:
            raise ModelError(f"{path}: {CONFIG_FILE} names themes {list(themes)} but {SCHEMA_FILE} has "
                             f"{list(stored.theme_ids)}; the directory is damaged, retrain with 'argmine train'")
        return stored
    if schema.theme_ids != themes:
        raise ModelError(E_MODEL_OTHER_THEMES.format(path=path, themes=list(themes), schema=schema.id, given=list(schema.theme_ids)))
    return schema


def write_config(path: Path, config: dict[str, Any], schema: Schema) -> None:
    """Write ``config.json`` and ``schema.toml`` into a (new or existing) directory.

    A link in its place is replaced, never written through: the directory may
    come from someone else's archive.
    """
    from .._files import write_text

    try:
        path.mkdir(parents=True, exist_ok=True)
        write_text(path / SCHEMA_FILE, schema_toml(schema), follow_links=False)
        write_text(path / CONFIG_FILE, json.dumps(config, ensure_ascii=False, indent=2) + "\n", follow_links=False)
    except OSError as e:
        raise ModelError(f"{path}: cannot write the model directory ({e.strerror}); check the path is writable") from None


__all__ = ["CueMatcher", "Hit", "tokenize", "check_training_data", "schema_toml", "OTHER"]
