"""Aggregate classified units per theme: counts, shares, sentiment with a bootstrap interval.

What the numbers mean (they are the contract of ``argmine analyze``):

* ``units``: units that carry the theme (a unit may carry several themes).
* ``share``: ``units`` / *argumentative* units, the units that carry at least
  one theme.  Shares of the themes can add up to more than 1 (multi-label).
  For the ``other`` bucket (units with no theme) ``share`` is ``None``: those
  units are by definition not argumentative.
* ``share_all``: ``units`` / all units, for every bucket including ``other``.
* ``share_ci95``: the Wilson score 95% interval of ``share`` from its two
  counts (:func:`wilson_ci`: closed form, no resampling, so the same counts
  always give the same interval); ``None`` where ``share`` is (``other``, or
  no argumentative unit).
* ``sentiment.mean``: the mean of the sentiment *labels* mapped to
  positive = +1, neutral = 0, negative = -1 (the guide evaluates the label,
  not the score), so it lies in [-1, 1].  ``sentiment.ci95`` is a percentile
  bootstrap 95% interval of that mean; because the values take three levels,
  resampling units is the same as drawing the three counts from a
  multinomial, which is what is done (as two binomials; exact in
  distribution, O(n_boot) memory, no per-unit work).  Each group's
  random stream is seeded from ``seed`` and the group's three counts (all
  the bootstrap reads of its units), so groups with the same labels get the
  same interval in every row (a theme's overall and ``comment`` rows of a
  comments-only input), and a group's interval does not change when other
  documents are added.
* ``terms``: the theme's own schema cues, each with the number of units
  carrying the theme in which it fired (matched again on every such unit,
  whatever the model listed as evidence), most units first.
* ``examples``: representative quotes, the units with the highest probability
  for the theme (for ``other``: the lowest highest-theme probability, units
  of at least :data:`OTHER_QUOTE_CHARS` characters first), one per
  distinct normalised text (a Traditional and a Simplified copy are one, and
  so are copies that differ only in white space or final punctuation:
  :func:`quote_key`), with doc, unit id, offsets into the original document and
  ``score``: the theme's probability (for ``other``: 1 - the highest theme
  probability).  It is not ``Prediction.confidence``, the distance from the
  decision threshold that ``to_pandas()`` and ``export`` call ``confidence``.

Groups in ``by_kind`` and ``by_doc`` have the same ``units``, ``share``,
``share_all``, ``share_ci95`` and ``sentiment`` shape, with shares taken within the group.
``by_doc`` lists only the documents in which the bucket has units (a
document without the theme would read units 0, share 0); every document,
with its units per theme, is in the summary's ``documents``.

>>> from argmine.types import Unit
>>> from argmine.backends.base import Prediction
>>> from argmine.classify import ClassifiedUnit
>>> from argmine.schema import load_schema
>>> u = Unit.from_source("财不外露。", doc="d", n=0, start=0, end=5, kind="comment")
>>> p = Prediction(("privacy",), {"privacy": 0.9}, "negative", -0.8)
>>> s = summarize([ClassifiedUnit(u, p)], load_schema())
>>> s["themes"]["privacy"]["units"], s["themes"]["privacy"]["share"], s["themes"]["privacy"]["sentiment"]["mean"]
(1, 1.0, -1.0)
"""

from __future__ import annotations

import contextvars
import functools
import gc
import os
from collections import Counter, defaultdict
from itertools import groupby
from datetime import date, datetime, timezone
from typing import Any, Iterable, Iterator, Mapping, Sequence

import numpy as np

from .errors import W_GRANULARITY_MIXED, W_GRANULARITY_UNUSED, W_SOURCE_DATE_EPOCH, W_SOURCE_DATE_EPOCH_RANGE, SchemaError, write_error
from .schema import OTHER, Schema
from .types import KINDS, Document, Unit

#: Sentiment label -> value averaged in ``sentiment.mean``.
SENTIMENT_VALUES = {"positive": 1, "neutral": 0, "negative": -1}
N_BOOT = 2000
#: The fewest resamples a 95% interval is drawn from: with fewer, its 2.5% and 97.5% points are the two or three extreme draws.
MIN_BOOT = 100
DIGITS = 4


def _r(x: float | None) -> float | None:
    """``x`` rounded to :data:`DIGITS` decimals; a negative value that rounds to zero is ``0.0``, not ``-0.0``.

    >>> _r(-1 / 20002), _r(2 / 3), _r(None)
    (0.0, 0.6667, None)
    """
    return None if x is None else round(float(x), DIGITS) + 0.0  # + 0.0: -0.0 becomes 0.0 (JSON, CSV, pandas)


#: The normal quantile of a two-sided 95% interval, ``scipy.special.ndtri(0.975)`` (written out: importing
#: scipy.special would add a second or so to every run; the tests check the two are equal).
Z95 = 1.959963984540054


def wilson_ci(k: int, n: int) -> tuple[float, float] | None:
    """Wilson score 95% interval of the proportion ``k / n`` (``None`` when ``n`` is 0).

    The closed form of ``scipy.stats.binomtest(k, n).proportion_ci(method="wilson")``, term for term (the
    tests compare the two), without its p-value (milliseconds a call: too slow for a table of 200,000
    documents).  ``0`` and ``1`` are exact at ``k = 0`` and ``k = n``.

    >>> lo, hi = wilson_ci(9, 15)
    >>> round(lo, 4), round(hi, 4)
    (0.3575, 0.8018)
    >>> wilson_ci(0, 0) is None
    True
    """
    if not n:
        return None
    lo, hi = _wilson(np.array([k]), np.array([n]))
    return float(lo[0]), float(hi[0])


def _wilson(k: np.ndarray, n: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """:func:`wilson_ci` of many counts at once (NaN where ``n`` is 0); scipy's arithmetic, in its order."""
    k, n = k.astype(np.float64), n.astype(np.float64)
    with np.errstate(divide="ignore", invalid="ignore"):
        p = k / n
        denom = 2 * (n + Z95**2)
        center = (2 * n * p + Z95**2) / denom
        delta = Z95 / denom * np.sqrt(4 * n * p * (1 - p) + Z95**2)
        lo = np.where(k == 0, 0.0, center - delta)
        hi = np.where(k == n, 1.0, center + delta)
    return np.where(n > 0, lo, np.nan), np.where(n > 0, hi, np.nan)


def provenance_date() -> str:
    """The ``provenance.date`` of a run: now, in UTC to the second, or the time ``SOURCE_DATE_EPOCH`` names.

    ``SOURCE_DATE_EPOCH`` (https://reproducible-builds.org/specs/source-date-epoch/) is a whole number of
    seconds since 1970-01-01 UTC, as ``date +%s`` prints it; set, it makes the analysis JSON and the
    report the same bytes on every run.  Empty is unset; another value is warned about once (an
    :class:`~argmine.errors.InputWarning`) and the current time is used.

    >>> import os
    >>> os.environ["SOURCE_DATE_EPOCH"] = "1700000000"
    >>> provenance_date()
    '2023-11-14T22:13:20+00:00'
    >>> del os.environ["SOURCE_DATE_EPOCH"]
    """
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "")
    if epoch:
        message = W_SOURCE_DATE_EPOCH
        if epoch.isascii() and epoch.isdigit():
            try:
                return datetime.fromtimestamp(int(epoch), timezone.utc).isoformat()
            except (OverflowError, OSError, ValueError):  # past the year 9999
                message = W_SOURCE_DATE_EPOCH_RANGE
        if epoch not in _EPOCHS_WARNED:
            from .errors import InputWarning, shown_repr, warn_caller

            _EPOCHS_WARNED.add(epoch)
            # the environment is an input of the run: filtered as the warnings about the other inputs are
            warn_caller(message.format(value=shown_repr(epoch, 20)), InputWarning)
    return datetime.now(timezone.utc).replace(microsecond=0).isoformat()


_EPOCHS_WARNED: set[str] = set()


def bootstrap_ci(
    positive: int, neutral: int, negative: int, *, n_boot: int = N_BOOT, seed: int = 0
) -> tuple[float, float] | None:
    """Percentile bootstrap 95% interval of the mean sentiment (+1/0/-1) of a group.

    The random stream is seeded from ``seed`` and the counts, so the same
    counts and seed always give the same interval, whichever group they are.
    ``n_boot`` below 100 raises ``ValueError`` (:func:`check_settings`).

    >>> bootstrap_ci(5, 0, 0)
    (1.0, 1.0)
    >>> lo, hi = bootstrap_ci(6, 3, 1, seed=1)
    >>> lo <= 0.5 <= hi
    True
    """
    check_settings(seed=seed, n_boot=n_boot)
    n = positive + neutral + negative
    if n == 0:
        return None
    if positive == n or neutral == n or negative == n:
        v = (positive - negative) / n
        return v, v
    rng = np.random.default_rng([int(seed), int(positive), int(neutral), int(negative)])
    # Multinomial(n; p+, p0, p-) drawn as two binomials: the same distribution, far faster.
    pos = rng.binomial(n, positive / n, size=int(n_boot))
    rest = n - pos
    neg = rng.binomial(rest, negative / (neutral + negative)) if neutral + negative else np.zeros_like(pos)
    means = np.sort((pos - neg) / n)
    return _quantile(means, 0.025), _quantile(means, 0.975)


def check_settings(*, seed: Any = 0, n_boot: Any = N_BOOT, n_examples: Any = 3, n_terms: Any = 5) -> None:
    """Raise ``ValueError`` naming the setting when one is not an integer in range.

    >>> check_settings(seed=-1)
    Traceback (most recent call last):
    ...
    ValueError: seed must be an integer >= 0, found -1
    """
    from .errors import E_SETTING, is_count

    for name, value, low in (("seed", seed, 0), ("n_boot", n_boot, MIN_BOOT), ("n_examples", n_examples, 0), ("n_terms", n_terms, 0)):
        if not is_count(value, low):
            why = "; fewer resamples give no meaningful 95% interval" if name == "n_boot" else ""
            raise ValueError(E_SETTING.format(name=name, low=low, value=value) + why)


def _check_date(date: Any) -> str | None:
    """A provenance ``date`` as recorded: an ISO 8601 date or date and time string as given, a
    :class:`datetime.date` or :class:`datetime.datetime` as its ``isoformat()`` (``None``: now).

    A string is recorded as given, so it is checked (:meth:`datetime.fromisoformat`): ``"yesterday"``, or ``""``
    (which is not "now"), is a ``ValueError``; any other type a ``TypeError``.

    >>> from datetime import timedelta
    >>> _check_date("2024-01-02"), _check_date(date(2024, 1, 2)), _check_date(datetime(2024, 1, 2, 10, 30, tzinfo=timezone(timedelta(hours=8))))
    ('2024-01-02', '2024-01-02', '2024-01-02T10:30:00+08:00')
    >>> _check_date("")
    Traceback (most recent call last):
    ...
    ValueError: date must be an ISO 8601 date or date and time, such as '2024-01-02' or '2024-01-02T10:30:00+08:00' (or None for now), not ''
    """
    import datetime as dt

    from .errors import E_ARG_TYPE

    if isinstance(date, dt.date):  # a datetime too (a subclass)
        return date.isoformat()
    if date is not None and not isinstance(date, str):
        raise TypeError(E_ARG_TYPE.format(name="date", found=type(date).__name__, expected="a date string such as '2024-01-02', "
                                          "a datetime.date or datetime.datetime (or None for now)"))
    if date is not None:
        expected = "an ISO 8601 date or date and time, such as '2024-01-02' or '2024-01-02T10:30:00+08:00' (or None for now)"
        try:
            datetime.fromisoformat(date)
        except ValueError:
            raise ValueError(E_ARG_TYPE.format(name="date", expected=expected, found=repr(date))) from None
    return date


def off_document(unit: Any, doc: Document) -> str | None:
    """Why ``unit`` does not point into ``doc``'s text (``doc.text[start:end] == unit.text`` fails), as a message; ``None`` when it does.

    A unit kept from an earlier text of the document (a page scraped again) would otherwise be counted, shown or
    exported at offsets that hold another text, or none.

    >>> from argmine.types import Unit
    >>> doc = Document("d", "财不外露。")
    >>> off_document(Unit.from_source("财不外露。", doc="d", n=1, start=0, end=5, kind="comment"), doc) is None
    True
    >>> print(off_document(Unit("d#2", "d", 5, 9, "隐私泄露", "comment"), doc).split(":")[0])
    offsets 5..9 go past the end of the document's text (5 characters)
    """
    from .errors import E_UNIT_OFF_DOCUMENT, H_UNIT_OTHER_TEXT, H_UNIT_PAST_END, shown_repr

    text, start, end = doc.text, unit.start, unit.end
    if end > len(text):
        why = H_UNIT_PAST_END.format(start=start, end=end, n=len(text))
    elif text[start:end] != unit.text:
        why = H_UNIT_OTHER_TEXT.format(text=shown_repr(unit.text, 20), start=start, end=end, found=shown_repr(text[start:end], 20))
    else:
        return None
    return E_UNIT_OFF_DOCUMENT.format(why=why, doc=shown_repr(doc.id, 40))


def _quantile(sorted_values: np.ndarray, q: float) -> float:
    """Linear-interpolation quantile of sorted values (numpy's default method)."""
    h = (len(sorted_values) - 1) * q
    lo = int(np.floor(h))
    hi = min(lo + 1, len(sorted_values) - 1)
    return float(sorted_values[lo] + (h - lo) * (sorted_values[hi] - sorted_values[lo]))


@functools.lru_cache(maxsize=65536)
def _cached_ci(pos: int, neu: int, neg: int, n_boot: int, seed: int) -> tuple[float, float] | None:
    """:func:`bootstrap_ci`, drawn once per count triple (many small documents share theirs)."""
    return bootstrap_ci(pos, neu, neg, n_boot=n_boot, seed=seed)


def _pair(lo: float, hi: float) -> list[float | None] | None:
    """An interval as the summary holds it, ``[lo, hi]`` rounded (``None`` for NaN: no denominator)."""
    return None if lo != lo else [_r(lo), _r(hi)]


def _sentiment(pos: int, neu: int, neg: int, *, n_boot: int, seed: int) -> dict[str, Any]:
    n = pos + neu + neg
    ci = _cached_ci(pos, neu, neg, n_boot, seed)
    return {
        "mean": _r((pos - neg) / n) if n else None,
        "ci95": [_r(ci[0]), _r(ci[1])] if ci else None,
        "positive": int(pos),
        "neutral": int(neu),
        "negative": int(neg),
    }


def exact_figures(group: dict[str, Any], of: int | None = None, *, key: str = "share",
                  settings: dict[str, Any] | None = None) -> dict[str, Any]:
    """A summary group's share, mean sentiment and 95% interval before rounding, for the displays.

    The summary (JSON, CSV) keeps :data:`DIGITS` decimals.  A display that
    rounded those again could round the wrong way at a half (14/17 = 0.82353
    is 0.8235 there, 82.3% when rounded again, not 82.4%), so the tables, the
    chart and the report format these instead (:func:`argmine.tables.fixed`).
    ``share`` is ``Fraction(units, of)`` (``of``: the denominator of the
    group's ``key``, ``share`` or ``share_all``; ``None`` when there is
    none), ``share_ci95`` the Wilson interval of ``units`` of ``of``
    (:func:`wilson_ci`, unrounded; for ``key="share"`` only), ``mean`` is ``Fraction(positive - negative, n)`` and ``ci95`` the
    bootstrap's percentiles, drawn again from the counts with the run's
    ``seed`` and ``n_boot`` (``settings``, as the provenance records them:
    the same stream, so the same draws; a cache hit within the run), as the
    fractions its floats stand for.  A value
    that does not round to the summary's (no settings, another denominator)
    is the summary's own.

    >>> g = {"units": 14, "share": 0.8235, "sentiment": _sentiment(0, 106, 5, n_boot=N_BOOT, seed=0)}
    >>> x = exact_figures(g, 17, settings={"seed": 0, "n_boot": N_BOOT})
    >>> x["share"], x["mean"], g["sentiment"]["mean"]
    (Fraction(14, 17), Fraction(-5, 111), -0.045)
    """
    from fractions import Fraction

    s = group.get("sentiment") or {}
    share = group.get(key)
    share_ci = group.get("share_ci95") if key == "share" else None
    if share is not None and of and _r(Fraction(group["units"], of)) == share:
        share = Fraction(group["units"], of)
        drawn = wilson_ci(group["units"], of)
        if share_ci and drawn and [_r(drawn[0]), _r(drawn[1])] == list(share_ci):
            share_ci = drawn
    mean = s.get("mean")
    counts = [s.get(k) for k in ("positive", "neutral", "negative")]
    n = sum(counts) if None not in counts else 0
    if mean is not None and n and _r(Fraction(counts[0] - counts[2], n)) == mean:
        mean = Fraction(counts[0] - counts[2], n)
    ci = s.get("ci95")
    settings = settings or {}
    seed, n_boot = settings.get("seed"), settings.get("n_boot")
    if ci and n and isinstance(seed, int) and isinstance(n_boot, int) and seed >= 0 and n_boot >= MIN_BOOT:
        drawn = _cached_ci(*counts, n_boot, seed)
        if drawn and [_r(drawn[0]), _r(drawn[1])] == list(ci):
            # each end is a percentile of means k/n interpolated at (n_boot - 1)/40 or 39/40 of the way: a
            # multiple of 1/(40 n), which the float only approximates (-0.395 computed as -0.39499999999999)
            den = 40 * n
            ci = tuple(Fraction(round(v * den), den) if abs(v * den - round(v * den)) < 1e-6 else v for v in drawn)
    return {"share": share, "share_ci95": tuple(share_ci) if share_ci else None, "mean": mean,
            "ci95": None if not ci or ci[0] is None else tuple(ci)}


class _Columns:
    """The classified units as arrays: one pass of Python, then numpy."""

    def __init__(self, classified: Sequence[Any], schema: Schema):
        ids = schema.theme_ids
        self.buckets = ids + (OTHER,)
        index = {t: j for j, t in enumerate(ids)}
        n, T = len(classified), len(ids)
        rows: list[int] = []
        cols: list[int] = []
        score_rows: list[list[float]] = []
        senti: list[int] = []
        values = SENTIMENT_VALUES
        for i, cu in enumerate(classified):
            p = getattr(cu, "prediction", None)
            if p is None or getattr(cu, "unit", None) is None:
                from .errors import E_STAGE_INPUT

                raise TypeError(E_STAGE_INPUT.format(
                    stage="summarize", expected="ClassifiedUnits (from argmine.classify)",
                    found=type(cu).__name__, hint="; use argmine.analyze for paths, Documents or Units"))
            themes, sc = getattr(p, "themes", None), getattr(p, "scores", None)
            if isinstance(themes, str) or not hasattr(themes, "__iter__") or type(sc) is not dict and not isinstance(sc, Mapping) \
                    or not isinstance(cu.unit, Unit):
                _refuse_classified(i, cu)
            found = False
            for t in themes:
                j = index.get(t)
                if j is None:
                    if t == OTHER:
                        continue
                    raise SchemaError(
                        f"unit {cu.unit.id}: predicted theme {t!r} is not in schema {schema.id!r} "
                        f"({', '.join(ids)}); analyse with the schema the model was trained on"
                    )
                rows.append(i)
                cols.append(j)
                found = True
            if not found:
                rows.append(i)
                cols.append(T)
            score_rows.append([sc.get(t, 0.0) for t in ids])
            v = values.get(p.sentiment)
            if v is None:
                raise SchemaError(
                    f"unit {cu.unit.id}: unknown sentiment {p.sentiment!r}; expected one of: {', '.join(values)}"
                )
            senti.append(v)
        self.member = np.zeros((n, T + 1), dtype=bool)
        self.member[rows, cols] = True
        self.scores = np.array(score_rows, dtype=np.float64).reshape(n, T)
        self.senti = np.array(senti, dtype=np.int8)
        self.n = n
        self.kinds = [cu.unit.kind for cu in classified]
        self.docs = [cu.unit.doc for cu in classified]


def _refuse_classified(i: int, cu: Any) -> None:
    """Raise the ``TypeError`` that says what is wrong with ``cu``, item ``i`` of the classified units: a hand-built
    :class:`~argmine.classify.ClassifiedUnit` whose unit is not a Unit or whose prediction is not a Prediction, whose
    ``themes`` is a string (read letter by letter as themes) or no collection, or whose ``scores`` is not a mapping."""
    from .errors import E_CLASSIFIED_FIELD, shown_repr

    unit, p = cu.unit, cu.prediction
    where = f"unit {unit.id!r}" if isinstance(unit, Unit) else f"classified unit {i}"
    if not isinstance(unit, Unit):
        field, expected, found = "its unit", "an argmine.Unit", f"{type(unit).__name__} {shown_repr(unit, 20)}"
    elif not (hasattr(p, "themes") and hasattr(p, "scores")):
        field, expected, found = "its prediction", "an argmine.Prediction", f"{type(p).__name__} {shown_repr(p, 20)}"
    elif isinstance(p.themes, str) or not hasattr(p.themes, "__iter__"):
        field, expected, found = "the prediction's themes", "a tuple of theme ids, such as ('privacy',)", shown_repr(p.themes, 20)
    else:
        field, expected, found = "the prediction's scores", "a dict of theme id -> probability", shown_repr(p.scores, 20)
    raise TypeError(E_CLASSIFIED_FIELD.format(where=where, field=field, expected=expected, found=found))


def _codes(values: list[str], order: list[str]) -> np.ndarray:
    pos = {v: i for i, v in enumerate(order)}
    return np.fromiter((pos[v] for v in values), dtype=np.int64, count=len(values))


def _group_stats(
    cols: _Columns,
    codes: np.ndarray | None,
    names: list[str],
    *,
    n_boot: int,
    seed: int,
    skip_empty: bool = False,
) -> list[dict[str, dict[str, Any]]]:
    """Per bucket, per group: units, share, share_all, share_ci95 and sentiment (vectorised counts).

    With ``skip_empty``, a group in which the bucket has no unit is left out
    (``by_doc``: a table of 200,000 one-comment documents would otherwise list
    every document under every theme).
    """
    G = len(names)
    if codes is None:
        codes = np.zeros(cols.n, dtype=np.int64)
    T = len(cols.buckets) - 1
    total = np.bincount(codes, minlength=G)
    argumentative = np.bincount(codes[~cols.member[:, T]], minlength=G)
    out = []
    for b, bucket in enumerate(cols.buckets):
        m = cols.member[:, b]
        units = np.bincount(codes[m], minlength=G)
        pos = np.bincount(codes[m & (cols.senti == 1)], minlength=G)
        neu = np.bincount(codes[m & (cols.senti == 0)], minlength=G)
        neg = np.bincount(codes[m & (cols.senti == -1)], minlength=G)
        lo, hi = _wilson(units, argumentative if bucket != OTHER else np.zeros(G, dtype=np.int64))
        groups = {}
        for g, name in enumerate(names):
            if skip_empty and not units[g]:
                continue
            share = None
            if bucket != OTHER and argumentative[g]:
                share = _r(units[g] / argumentative[g])
            groups[name] = {
                "units": int(units[g]),
                "share": share,
                "share_all": _r(units[g] / total[g]) if total[g] else None,
                "share_ci95": _pair(lo[g], hi[g]),  # None where share is None
                "sentiment": _sentiment(int(pos[g]), int(neu[g]), int(neg[g]), n_boot=n_boot, seed=seed),
            }
        out.append(groups)
    return out


def _terms(classified: Sequence[Any], n_terms: int, schema: Schema) -> dict[str, list[dict[str, Any]]]:
    """Per theme, the schema's own cues that fired in the units carrying the theme, most units first.

    Each cue is matched again on every unit that carries the theme (the
    matcher of the ``lexicon`` and ``linear`` backends: same tokens, same
    negation scope), so a count is every such unit in which the cue fired,
    whatever the model listed as evidence (a model keeps its top few features
    per label, and the linear model folds all the cues of a theme into one
    feature shown as ``ATM / 品牌``).  Units are counted once per cue;
    ``negated`` counts those in which every occurrence was negated
    (``不…方便``); ``weight`` is the cue's weight in the schema.  A literal
    cue's ``term`` is the cue as the schema wrote it (``缺電``; matching reads
    it normalised, ``缺电``; of two spellings that normalise alike, the first
    written).  A regex cue's ``term`` is the text it matched (up to
    ``MAX_FORMS`` different texts, most units first, joined by `` / ``), as a
    unit's evidence shows it (normalised), and ``pattern`` is the regex as
    written.  The model's own n-grams are not cues and are not listed (they
    are a unit's ``evidence``).

    >>> from argmine.types import Unit
    >>> from argmine.backends.base import Prediction
    >>> from argmine.classify import ClassifiedUnit
    >>> from argmine.schema import load_schema
    >>> u = Unit.from_source("支付宝就是ATM,品牌定位不同。", doc="d", n=0, start=0, end=16, kind="body")
    >>> t = _terms([ClassifiedUnit(u, Prediction(("brand_fit",), {}, "neutral", 0.0))], 5, load_schema())
    >>> [x["term"] for x in t["brand_fit"]]
    ['ATM', '定位', '品牌']
    """
    from dataclasses import replace

    from .backends.cues import CueMatcher

    # theme cues only: the sentiment cues would make the matcher tokenise more units for nothing
    matcher = CueMatcher(replace(schema, positive_cues=(), negative_cues=()))
    rank = {t.id: {c.term: k for k, c in enumerate(t.cues)} for t in schema.themes}
    weight = {(t.id, c.term): c.weight for t in schema.themes for c in t.cues}
    shown: dict[tuple[str, str], str] = {}  # (theme, cue as matched) -> the cue as the schema wrote it, the first spelling
    for t in schema.themes:
        for c in t.cues:
            shown.setdefault((t.id, c.term), c.shown)
    index = {tid: j for j, tid in enumerate(schema.theme_ids)}
    counts: dict[str, Counter] = defaultdict(Counter)
    negated: dict[str, Counter] = defaultdict(Counter)
    forms: dict[tuple[str, str], Counter] = defaultdict(Counter)  # a regex cue's matched texts, by units
    for i, cu in enumerate(classified):
        carried = [t for t in cu.prediction.themes if t in index]
        if not carried:
            continue
        fired: dict[tuple[str, str], bool] = {}  # (theme, cue) -> negated wherever it fired
        matched: dict[tuple[tuple[str, str], str], None] = {}  # ((theme, cue), text), once per unit
        for h in matcher.match(cu.unit.norm or cu.unit.text):
            if h.label in carried:
                key = (h.label, h.term)
                fired[key] = fired.get(key, True) and h.negated
                if h.matched:
                    matched[key, h.matched] = None
        for (label, term), neg in fired.items():
            counts[label][term] += 1
            negated[label][term] += neg
        for key, text in matched:
            forms[key][text] += 1
    out = {}
    for tid in schema.theme_ids + (OTHER,):
        c = counts.get(tid, Counter())
        top = sorted(c, key=lambda t: (-c[t], rank[tid].get(t, 0), t))[:n_terms]
        out[tid] = [_term_entry(shown[tid, t], forms.get((tid, t)), c[t], negated[tid][t], weight[(tid, t)]) for t in top]
    return out


#: How many different matched texts the top terms show for one regex cue.
MAX_FORMS = 3


def _term_entry(term: str, forms: Counter | None, units: int, negated: int, weight: float) -> dict[str, Any]:
    """One top-terms entry for the cue ``term`` as the schema wrote it; a regex cue (``forms``: its matched texts) reads as what it matched.

    >>> _term_entry("电池.{0,4}爆炸", Counter({"电池爆炸": 2, "电池又爆炸": 1}), 3, 0, 2.0)
    {'term': '电池爆炸 / 电池又爆炸', 'pattern': '电池.{0,4}爆炸', 'units': 3, 'negated': 0, 'weight': 2.0}
    """
    if not forms:
        return {"term": term, "units": units, "negated": negated, "weight": _r(weight)}
    shown = [f for f, _ in forms.most_common()]  # ties: in the order the units came
    text = " / ".join(shown[:MAX_FORMS]) + (" / …" if len(shown) > MAX_FORMS else "")
    return {"term": text, "pattern": term, "units": units, "negated": negated, "weight": _r(weight)}


#: ``other``'s quotes are units of at least this many characters (:func:`quote_key`) while there are enough of them:
#: the units furthest from every theme are otherwise fillers such as ``顶`` and ``赞同楼上``.
OTHER_QUOTE_CHARS = 6


@functools.cache
def _quote_noise() -> Any:
    """White space anywhere, and punctuation or symbols at the end (``。``, ``!``, ``~``, an emoji)."""
    import regex

    return regex.compile(r"[\s\p{P}\p{S}]+$|\s+")


def quote_key(norm: str) -> str:
    """What two quotes must share to be one: the normalised text without white space or final punctuation and symbols.

    Three reposts of one comment that differ only there (``…晒。``, ``…晒！``, ``…晒``) fill one quote slot, not three.

    >>> quote_key("财不外露，我不敢 在支付宝上晒！！") == quote_key("财不外露，我不敢在支付宝上晒")
    True
    """
    return _quote_noise().sub("", norm)


def _examples(classified: Sequence[Any], cols: _Columns, n_examples: int) -> dict[str, list[dict[str, Any]]]:
    T = len(cols.buckets) - 1
    out = {}
    for b, bucket in enumerate(cols.buckets):
        idx = np.flatnonzero(cols.member[:, b])
        if b < T:
            score = cols.scores[idx, b]
        else:  # how far from every theme: 1 - the highest theme probability
            score = 1.0 - (cols.scores[idx].max(axis=1) if T and len(idx) else np.zeros(len(idx)))
        order = idx[np.lexsort((idx, -score))].tolist()
        score_of = dict(zip(idx.tolist(), score.tolist()))
        picked: list[int] = []
        seen: set[str] = set()
        short: dict[str, int] = {}  # other's units under OTHER_QUOTE_CHARS (key -> the first), taken if the longer ones run out
        for i in order:
            if len(picked) >= n_examples:
                break
            u = classified[i].unit
            norm = u.norm or u.text
            if b == T and len(short) >= n_examples and len(norm) < OTHER_QUOTE_CHARS:
                continue  # short (its key is no longer), and enough short ones are kept: skip the regex
            key = quote_key(norm)
            if key in seen:
                continue
            if b == T and len(key) < OTHER_QUOTE_CHARS:
                if len(short) < n_examples:
                    short.setdefault(key, i)
                continue
            seen.add(key)
            picked.append(i)
        picked += list(short.values())[: n_examples - len(picked)]
        picked.sort(key=lambda i: (-score_of[i], i))  # highest score first, as the table says
        out[bucket] = [_example(classified[i], score_of[i]) for i in picked]
    return out


def exact_score(unit_id: Any, theme_id: str, score: float | None, units_by_id: dict[Any, Any]) -> float | None:
    """A quote's ``score`` before rounding, for the displays (as :func:`exact_figures` for the other figures).

    The unit's probability of ``theme_id``, or for ``other`` 1 - its highest
    theme probability, as :func:`_examples` ranked it: rounding the summary's
    4-digit score again lands on the wrong side of a half (0.62503 is 0.625
    there, 0.62 when rounded again, not 0.63).  The summary's own ``score``
    when the unit is not in ``units_by_id`` (id -> ClassifiedUnit) or its
    score does not round to ``score``.
    """
    cu = units_by_id.get(unit_id)
    if cu is None or score is None:
        return score
    scores = cu.prediction.scores
    exact = 1.0 - max(map(float, scores.values()), default=0.0) if theme_id == OTHER else scores.get(theme_id)
    return float(exact) if exact is not None and _r(exact) == score else score


def _example(cu: Any, score: float) -> dict[str, Any]:
    u = cu.unit
    return {"id": u.id, "doc": u.doc, "start": u.start, "end": u.end, "kind": u.kind, "text": u.text,
            "score": _r(score), "sentiment": cu.prediction.sentiment}


def summarize(
    classified: Sequence[Any],
    schema: Schema,
    *,
    documents: Iterable[Document] | None = None,
    n_boot: int = N_BOOT,
    seed: int = 0,
    n_examples: int = 3,
    n_terms: int = 5,
) -> dict[str, Any]:
    """Aggregate classified units per theme (and ``other``), per kind and per document.

    Returns ``{"totals", "documents", "themes"}`` (see the module docstring for
    what each number means).  ``documents`` lists every document read, so
    that a document whose every line was dropped still shows up with 0 units.

    >>> from argmine.schema import load_schema
    >>> summarize([], load_schema())["totals"]["units"]
    0
    """
    check_settings(seed=seed, n_boot=n_boot, n_examples=n_examples, n_terms=n_terms)
    classified = list(classified)
    cols = _Columns(classified, schema)
    T = len(schema.theme_ids)
    docs_meta: dict[str, Document | None] = {}
    for d in documents or ():
        docs_meta.setdefault(d.id, d)
    for d in cols.docs:
        docs_meta.setdefault(d, None)
    doc_names = list(docs_meta)
    present = set(cols.kinds)
    kind_names = [k for k in KINDS if k in present] + sorted(present - set(KINDS))

    overall = _group_stats(cols, None, ["all"], n_boot=n_boot, seed=seed)
    by_kind = _group_stats(cols, _codes(cols.kinds, kind_names), kind_names, n_boot=n_boot, seed=seed)
    by_doc = _group_stats(cols, _codes(cols.docs, doc_names), doc_names, n_boot=n_boot, seed=seed, skip_empty=True)
    terms = _terms(classified, n_terms, schema)
    examples = _examples(classified, cols, n_examples)

    themes: dict[str, Any] = {}
    for b, bucket in enumerate(cols.buckets):
        if bucket == OTHER:
            info = {"name_zh": "其他", "name_en": "other", "color": "#bbbbbb"}
        else:
            t = schema.themes[b]
            info = {"name_zh": t.name_zh, "name_en": t.name_en, "color": t.color}
        entry = dict(info)
        entry.update(overall[b]["all"])
        entry["terms"] = terms[bucket]
        entry["examples"] = examples[bucket]
        entry["by_kind"] = by_kind[b]
        entry["by_doc"] = by_doc[b]
        themes[bucket] = entry

    argumentative = int((~cols.member[:, T]).sum()) if cols.n else 0
    pos, neg = int((cols.senti == 1).sum()), int((cols.senti == -1).sum())
    totals = {
        "documents": len(doc_names),
        "units": cols.n,
        "argumentative": argumentative,
        "other": cols.n - argumentative,
        "by_kind": {k: int(c) for k, c in zip(kind_names, np.bincount(_codes(cols.kinds, kind_names), minlength=len(kind_names)))},
        # the denominators of the by-kind shares: the units of each kind that carry a theme
        "argumentative_by_kind": {
            k: int(c) for k, c in zip(kind_names, np.bincount(_codes(cols.kinds, kind_names)[~cols.member[:, T]], minlength=len(kind_names)))
        },
        "sentiment": _sentiment(pos, cols.n - pos - neg, neg, n_boot=n_boot, seed=seed),
    }

    doc_codes = _codes(cols.docs, doc_names)
    D = len(doc_names)
    doc_units = np.bincount(doc_codes, minlength=D)
    doc_other = np.bincount(doc_codes[cols.member[:, T]], minlength=D)
    doc_pos = np.bincount(doc_codes[cols.senti == 1], minlength=D)
    doc_neg = np.bincount(doc_codes[cols.senti == -1], minlength=D)
    per_theme = [np.bincount(doc_codes[cols.member[:, j]], minlength=D) for j in range(T)]
    documents_out = {}
    for g, name in enumerate(doc_names):
        d = docs_meta[name]
        documents_out[name] = {
            "source": d.source if d else None,
            "encoding": d.encoding if d else None,
            "units": int(doc_units[g]),
            "argumentative": int(doc_units[g] - doc_other[g]),
            "themes": {t: int(per_theme[j][g]) for j, t in enumerate(schema.theme_ids)},
            "sentiment": _sentiment(
                int(doc_pos[g]),
                int(doc_units[g] - doc_pos[g] - doc_neg[g]),
                int(doc_neg[g]),
                n_boot=n_boot,
                seed=seed,
            ),
        }
    return {"totals": totals, "documents": documents_out, "themes": themes}


def provenance(
    documents: Iterable[Document],
    schema: Schema,
    model: dict[str, Any] | None = None,
    *,
    date: str | None = None,
    settings: dict[str, Any] | None = None,
    skipped_files: Iterable[dict[str, str]] = (),
) -> dict[str, Any]:
    """Where the numbers come from: inputs with encodings, schema, model, argmine version, date.

    ``date`` defaults to :func:`provenance_date` (now, or ``SOURCE_DATE_EPOCH``).

    ``inputs`` has one entry per source file (a table holding many
    documents, each row's ``source`` being ``<path>:<row>`` and its
    ``row`` set, is one entry with its document count).  ``skipped_files``
    (``{"path", "reason"}`` of each file a folder walk left out with a
    warning: an Excel workbook, a ``.json`` without ``include``) follows
    ``inputs`` when there are any; a run that left none out has no such key.

    >>> from argmine.schema import load_schema
    >>> docs = [Document("d", "x", source="a.txt", encoding="utf-8")]
    >>> docs += [Document(f"t:{n}", "x", source=f"t.csv:{n}", encoding="utf-8", row=n) for n in (1, 2)]
    >>> p = provenance(docs, load_schema(), date="2024-01-01")
    >>> p["inputs"], p["schema"]["id"]
    ([{'path': 'a.txt', 'encoding': 'utf-8', 'documents': 1}, {'path': 't.csv', 'encoding': 'utf-8', 'documents': 2}], 'alipay_social')
    """
    inputs: dict[tuple[str, str | None], int] = {}
    for d in documents:
        path = d.source.removesuffix(f":{d.row}") if d.row is not None else d.source
        key = (path, d.encoding)
        inputs[key] = inputs.get(key, 0) + 1
    skipped_files = [{"path": str(f["path"]), "reason": str(f["reason"])} for f in skipped_files]
    return {
        "inputs": [{"path": s, "encoding": e, "documents": n} for (s, e), n in inputs.items()],
        **({"skipped_files": skipped_files} if skipped_files else {}),
        "schema": {"id": schema.id, "version": schema.version, "source": schema.source},
        "model": dict(model or {}),
        "argmine": _version(),
        "date": date or provenance_date(),
        "settings": dict(settings or {}),
    }


def _version() -> str:
    try:
        from importlib.metadata import PackageNotFoundError, version
    except ImportError:  # pragma: no cover
        return "unknown"
    try:
        return version("argmine")
    except PackageNotFoundError:
        return "unknown"


# --- the whole run ----------------------------------------------------------


class Analysis:
    """The result of :func:`analyze`: classified units and their per-theme summary.

    ``units`` are :class:`~argmine.classify.ClassifiedUnit` in document order;
    ``themes`` is the per-theme summary (see the module docstring);
    ``documents`` the documents read; ``dropped`` what cleaning removed from
    them; ``errors`` the inputs that failed (when an ``on_error`` handler let
    the run go on).  ``to_dict``/``to_json`` give everything with the
    provenance; ``to_pandas``/``to_dataset`` one row per unit; ``table()``
    the text tables of ``argmine analyze``.

    >>> import argmine
    >>> a = argmine.analyze([argmine.Document("d", "财不外露。功能太多了。")], model="lexicon")
    >>> a.totals["units"], len(a.units)
    (2, 2)
    """

    def __init__(self, units, schema: Schema, summary: dict[str, Any], provenance: dict[str, Any], *, documents=(), dropped=(), errors=()):
        self.units = list(units)
        self.schema = schema
        self.summary = summary
        self.provenance = provenance
        self.documents = list(documents)
        self.dropped = list(dropped)
        self.errors = list(errors)

    @classmethod
    def from_units(
        cls,
        classified: Sequence[Any],
        schema: Schema,
        *,
        documents: Sequence[Document] = (),
        dropped: Sequence[Any] = (),
        errors: Sequence[Any] = (),
        model: dict[str, Any] | None = None,
        seed: int = 0,
        n_boot: int = N_BOOT,
        n_examples: int = 3,
        n_terms: int = 5,
        date: str | date | None = None,
        settings: dict[str, Any] | None = None,
        skipped_rows: int = 0,
        skipped_files: Sequence[dict[str, str]] = (),
    ) -> "Analysis":
        """Aggregate already classified units (no reading, no model).

        ``schema`` is a :class:`~argmine.Schema` or a schema file path, as :func:`analyze` takes it.
        A unit whose document is among ``documents`` must point into its text (``doc.text[start:end] ==
        unit.text``): one that does not (kept from an earlier text of the document) is an
        :class:`~argmine.errors.InputError` naming it.  ``skipped_rows`` (table rows skipped for an empty or null text) is
        recorded as ``totals["skipped_rows"]``; ``skipped_files`` (``{"path",
        "reason"}`` of each file a folder walk left out) as
        ``provenance["skipped_files"]``, when there are any.

        >>> from argmine.classify import ClassifiedUnit
        >>> from argmine.backends.base import Prediction
        >>> from argmine.types import Unit
        >>> doc = Document("d", "支付宝做社交是对的。")
        >>> u = Unit.from_source(doc.text, doc="d", n=1, start=0, end=10, kind="body")
        >>> p = Prediction(("pro_social",), {"pro_social": 0.9}, "positive", 0.8)
        >>> from importlib import resources
        >>> path = str(resources.files("argmine.schemas").joinpath("alipay.toml"))  # a schema file, as analyze() takes it
        >>> a = Analysis.from_units([ClassifiedUnit(u, p)], path, documents=[doc])
        >>> a.totals["argumentative"]
        1
        """
        import os

        from .errors import E_ARG_TYPE, InputError

        if not isinstance(schema, (Schema, str, os.PathLike)):  # None too: the schema the units were classified with is needed
            raise TypeError(E_ARG_TYPE.format(name="schema", expected="an argmine.Schema or a schema file path (the schema the units "
                                              "were classified with)", found=type(schema).__name__))
        if not isinstance(schema, Schema):
            from .schema import load_schema

            schema = load_schema(schema)
        classified = list(classified)
        documents = list(documents)
        if documents:
            by_id: dict[str, Document] = {}
            for d in documents:
                by_id.setdefault(d.id, d)  # as summarize lists them: the first of an id
            for cu in classified:
                u = getattr(cu, "unit", None)
                doc = by_id.get(u.doc) if isinstance(u, Unit) else None  # not a Unit: _Columns says so
                why = None if doc is None else off_document(u, doc)
                if why is not None:
                    raise InputError(f"unit {u.id!r}", why)
        return cls._aggregated(classified, schema, documents=documents, dropped=dropped, errors=errors, model=model, seed=seed,
                               n_boot=n_boot, n_examples=n_examples, n_terms=n_terms, date=date, settings=settings,
                               skipped_rows=skipped_rows, skipped_files=skipped_files)

    @classmethod
    def _aggregated(cls, classified: list[Any], schema: Schema, *, documents, dropped, errors, model, seed, n_boot, n_examples, n_terms,
                    date, settings, skipped_rows, skipped_files) -> "Analysis":
        """:meth:`from_units` once its inputs are checked (:func:`analyze` checked its units against their documents)."""
        check_settings(seed=seed, n_boot=n_boot, n_examples=n_examples, n_terms=n_terms)
        date = _check_date(date)
        # a numpy integer passes the check; the provenance (JSON) takes only int
        seed, n_boot, n_examples, n_terms = int(seed), int(n_boot), int(n_examples), int(n_terms)
        summary = summarize(classified, schema, documents=documents, n_boot=n_boot, seed=seed, n_examples=n_examples, n_terms=n_terms)
        by_rule = Counter(d.rule for d in dropped)
        summary["totals"]["dropped"] = {"spans": len(dropped), "by_rule": dict(sorted(by_rule.items()))}
        summary["totals"]["failed_inputs"] = sum(getattr(e, "count", 1) for e in errors)
        summary["totals"]["skipped_rows"] = skipped_rows
        settings = {"seed": seed, "n_boot": n_boot, **(settings or {})}
        prov = provenance(documents, schema, model, date=date, settings=settings, skipped_files=skipped_files)
        return cls(classified, schema, summary, prov, documents=documents, dropped=dropped, errors=errors)

    @property
    def themes(self) -> dict[str, Any]:
        """Per-theme summary: ``themes[id]`` has units, share, sentiment, by_kind, by_doc, examples...

        This is the analysis's own summary, not a copy: what you change in it
        (a count, an ``examples`` list sorted in place) is what ``to_json``,
        ``to_csv`` and ``table`` write afterwards; edit ``to_dict()["themes"]``, a copy.
        """
        return self.summary["themes"]

    @property
    def totals(self) -> dict[str, Any]:
        """Corpus totals: documents, units, argumentative, other, by_kind, argumentative_by_kind, sentiment, dropped,
        failed_inputs, skipped_rows (table rows skipped for an empty or null text).

        As :attr:`themes`, this is the analysis's own summary, not a copy (what you change in it is written by
        ``to_json``, ``to_csv`` and ``table``); edit ``to_dict()["totals"]``, a copy.
        """
        return self.summary["totals"]

    def __repr__(self) -> str:
        """Counts as the CLI's summary line words them, failed inputs included (a notebook shows this first).

        >>> import argmine
        >>> argmine.analyze([argmine.Document("a", "支付宝做社交是对的。")], model="lexicon")
        <Analysis 1 document, 1 unit, 1 argumentative>
        """
        from .errors import plural

        t = self.totals
        failed = t.get("failed_inputs", 0)
        return (f"<Analysis {plural(t['documents'], 'document')}, {plural(t['units'], 'unit')}, {t['argumentative']} argumentative"
                + (f", {plural(failed, 'input')} failed>" if failed else ">"))

    def to_dict(self) -> dict[str, Any]:
        """Everything as plain JSON types: provenance, totals, documents, themes, errors.

        A copy, yours to edit: changing it leaves the analysis (and its ``to_json``, ``table``) as it was
        (copying costs less than half of what writing it as JSON does).
        """
        import copy

        return copy.deepcopy({
            "provenance": self.provenance,
            "totals": self.summary["totals"],
            "documents": self.summary["documents"],
            "themes": self.summary["themes"],
            "errors": [str(e) for e in self.errors],
        })

    def to_json(self, path=None, *, indent: int | None = 2) -> str | None:
        """:meth:`to_dict` as JSON (Chinese kept readable): written to ``path`` as UTF-8, or returned as a string.

        Like :meth:`to_csv`.  Writing to a file streams the text instead of building it whole.
        The file is replaced only once it is complete (:func:`argmine._files.replacing`,
        as the CLI's ``-o``); a path naming an open file (``/dev/stdout`` of
        ``>> log``) is appended to, not truncated.  A path that cannot be
        written (a directory, a missing folder) raises
        :class:`~argmine.errors.ReportError` naming it.
        """
        import json

        from ._files import replacing
        from .errors import H_PATH_TEXT

        if path is None:
            return json.dumps(self.to_dict(), ensure_ascii=False, indent=indent)
        check_output_path(path, "to_json", hint=H_PATH_TEXT.format(function="to_json") + "; for indentation pass indent=")
        try:
            with replacing(path, newline=None, make_folder=False) as fh:
                json.dump(self.to_dict(), fh, ensure_ascii=False, indent=indent)
                fh.write("\n")
        except OSError as e:
            raise write_error(path, "the analysis JSON", e) from None
        return None

    def summary_rows(self) -> list[dict[str, Any]]:
        """The summary as flat rows (theme x scope x group) for CSV.

        ``scope`` is ``all``, ``kind`` or ``doc``; ``group`` the kind or document id.
        Then one ``document`` row per document (``theme`` empty): all its units,
        its overall sentiment, and documents with no unit or only ``other``
        units too, as the by-document table and ``documents`` in the JSON.
        """
        rows = []
        documents = {name: {"units": d["units"], "share": None, "share_all": None, "share_ci95": None, "sentiment": d["sentiment"]}
                     for name, d in self.summary.get("documents", {}).items()}
        for theme_id, entry in [*self.themes.items(), ("", None)]:
            scopes = [("all", {"all": entry}), ("kind", entry["by_kind"]), ("doc", entry["by_doc"])] if entry else [("document", documents)]
            for scope, groups in scopes:
                for group, g in groups.items():
                    s = g["sentiment"]
                    ci = s["ci95"] or [None, None]
                    share_ci = g.get("share_ci95") or [None, None]
                    rows.append(
                        {
                            "theme": theme_id,
                            "scope": scope,
                            "group": group,
                            "units": g["units"],
                            "share": g["share"],
                            "share_all": g["share_all"],
                            "share_ci95_low": share_ci[0],
                            "share_ci95_high": share_ci[1],
                            "sentiment_mean": s["mean"],
                            "ci95_low": ci[0],
                            "ci95_high": ci[1],
                            "positive": s["positive"],
                            "neutral": s["neutral"],
                            "negative": s["negative"],
                        }
                    )
        return rows

    def to_csv(self, path=None) -> str | None:
        """Write :meth:`summary_rows` as CSV to ``path`` (or return it as a string).

        Written as :meth:`to_json` writes (replaced when complete; ``/dev/stdout`` appended to, not truncated).
        A path that cannot be written raises :class:`~argmine.errors.ReportError` naming it.
        A text cell a spreadsheet would run as a formula (a document id ``=HYPERLINK(…)``, ``-1``)
        gets a ``'`` in front, as in the labelers' sheet (:func:`argmine.export.formula_guarded`); numbers do not.
        """
        import csv
        import io

        from .export import formula_guarded_row

        if path is not None:
            check_output_path(path, "to_csv")

        rows = self.summary_rows()
        buf = io.StringIO()
        writer = csv.DictWriter(buf, fieldnames=list(rows[0]) if rows else ["theme"], lineterminator="\n")
        writer.writeheader()
        for r in rows:  # None (no value) is written as "", as the csv module writes it
            writer.writerow(formula_guarded_row(r))
        if path is None:
            return buf.getvalue()
        from ._files import write_text

        try:
            write_text(path, buf.getvalue(), make_folder=False)
        except OSError as e:
            raise write_error(path, "the summary CSV", e) from None
        return None

    def columns(self) -> dict[str, list]:
        """One row per unit, as columns: segment fields, themes, one ``score_<theme>`` per theme, sentiment.

        ``evidence`` is a list of ``{label, term, weight}``; ``meta`` (the
        document's metadata as a JSON string, ``"{}"`` for a unit without any)
        is present only when some unit has it.
        Meta values that JSON has no type for are written as JSON would read
        them: numpy scalars as numbers, anything else (a pandas ``Timestamp``,
        a ``datetime``) as its ``str()``; NaN and infinities as ``null``.
        """
        ids = self.schema.theme_ids
        cols: dict[str, list] = {k: [] for k in ("id", "doc", "start", "end", "text", "kind", "themes")}
        score_cols = {t: [] for t in ids}
        sentiment, sentiment_score, confidence, evidence, meta = [], [], [], [], []
        for cu in self.units:
            u, p = cu.unit, cu.prediction
            cols["id"].append(u.id)
            cols["doc"].append(u.doc)
            cols["start"].append(u.start)
            cols["end"].append(u.end)
            cols["text"].append(u.text)
            cols["kind"].append(u.kind)
            cols["themes"].append([t for t in p.themes if t != OTHER])
            for t in ids:
                score_cols[t].append(float(p.scores.get(t, 0.0)))
            sentiment.append(p.sentiment)
            sentiment_score.append(float(p.sentiment_score))
            confidence.append(float(p.confidence))
            evidence.append([{"label": e.label, "term": e.term, "weight": float(e.weight)} for e in p.evidence])
            meta.append(_meta_json(u.meta) if u.meta else "{}")
        for t in ids:
            cols[f"score_{t}"] = score_cols[t]
        cols["sentiment"] = sentiment
        cols["sentiment_score"] = sentiment_score
        cols["confidence"] = confidence
        cols["evidence"] = evidence
        if any(cu.unit.meta for cu in self.units):
            cols["meta"] = meta
        return cols

    def to_pandas(self):
        """A pandas DataFrame with one row per unit (see :meth:`columns`).

        >>> import argmine
        >>> a = argmine.analyze([argmine.Document("d", "财不外露。")], model="lexicon")
        >>> list(a.to_pandas().columns)[:7]
        ['id', 'doc', 'start', 'end', 'text', 'kind', 'themes']
        """
        try:
            import pandas as pd
        except ImportError as e:
            from .errors import missing_dependency

            raise missing_dependency("pandas", "data", e) from None
        cols = self.columns()
        try:
            df = pd.DataFrame(cols, columns=list(cols))
        except UnicodeEncodeError:
            # a text holds a lone UTF-16 surrogate, which Arrow-backed strings cannot hold
            df = pd.DataFrame(cols, columns=list(cols), dtype=object)
        dtypes = {"start": "int64", "end": "int64"}
        if df.empty:  # no values to infer from: say what the columns hold
            dtypes.update({c: "str" for c in _STRING_COLUMNS if c in cols})
            dtypes.update({c: "float64" for c in cols if c.startswith("score_") or c in _FLOAT_COLUMNS})
            dtypes.update({c: "object" for c in _LIST_COLUMNS})  # lists, as when there are rows
        return df.astype(dtypes)

    def dataset_features(self):
        """The Hugging Face ``Features`` of :meth:`to_dataset` (typed even when empty)."""
        try:
            from datasets import Features, List, Value
        except ImportError as e:
            from .errors import missing_dependency

            raise missing_dependency("datasets", "data", e) from None

        f = {
            "id": Value("string"),
            "doc": Value("string"),
            "start": Value("int64"),
            "end": Value("int64"),
            "text": Value("string"),
            "kind": Value("string"),
            "themes": List(Value("string")),
        }
        for t in self.schema.theme_ids:
            f[f"score_{t}"] = Value("float64")
        f["sentiment"] = Value("string")
        f["sentiment_score"] = Value("float64")
        f["confidence"] = Value("float64")
        f["evidence"] = List({"label": Value("string"), "term": Value("string"), "weight": Value("float64")})
        if any(cu.unit.meta for cu in self.units):
            f["meta"] = Value("string")
        return Features(f)

    def to_dataset(self):
        """A Hugging Face ``datasets.Dataset`` with one row per unit (same columns as :meth:`to_pandas`).

        >>> import argmine
        >>> a = argmine.analyze([argmine.Document("d", "财不外露。")], model="lexicon")
        >>> a.to_dataset().num_rows
        1
        """
        try:
            from datasets import Dataset
        except ImportError as e:
            from .errors import missing_dependency

            raise missing_dependency("datasets", "data", e) from None
        cols = self.columns()
        try:
            return Dataset.from_dict(cols, features=self.dataset_features())
        except UnicodeEncodeError as e:
            import json

            from .errors import E_ARROW_ENCODE, E_SURROGATE_ARROW, InputError
            from .types import SURROGATE

            def holds(value) -> bool:  # a surrogate in a string, or in the strings of a list or dict
                return bool(SURROGATE.search(value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)))

            bad = next(((i, name) for i in range(len(cols["id"])) for name in cols if holds(cols[name][i])), None)
            if bad is None:
                raise InputError("to_dataset()", E_ARROW_ENCODE.format(reason=e.reason)) from None
            unit = cols["id"][bad[0]].encode("utf-8", "backslashreplace").decode("utf-8")  # printable even if the id holds it
            raise InputError(f"unit {unit}", E_SURROGATE_ARROW.format(column=bad[1])) from None

    def table(self, width: int = 80, *, max_docs: int = 20, quote_lines: int = 2) -> str:
        """The text tables of ``argmine analyze``, fitting ``width`` terminal columns (a table too narrow for its theme
        ids and figures grows wider than ``width`` rather than cut one, see :func:`argmine.tables.render_analysis`).

        CJK characters count double; quotes are cut with an ellipsis after
        ``quote_lines`` lines and at most ``max_docs`` documents are listed (with a note naming how many
        more there are; ``--format json`` has them all; ``max_docs=None`` lists every one).
        Each is an integer >= 1 (a ``ValueError`` naming it otherwise).
        """
        from .errors import E_SETTING, is_count
        from .tables import render_analysis

        for name, value in (("width", width), ("max_docs", max_docs), ("quote_lines", quote_lines)):
            if name == "max_docs" and value is None:
                continue
            if not is_count(value, 1):
                raise ValueError(E_SETTING.format(name=name, low=1, value=value) + ("; None lists every document" if name == "max_docs" else ""))
        documents = len(self.summary.get("documents", {}))
        return render_analysis(self, width=int(width), max_docs=max(documents, 1) if max_docs is None else int(max_docs), quote_lines=int(quote_lines))


#: Text columns of :meth:`Analysis.columns` (given a dtype when there is no row to infer it from).
_STRING_COLUMNS = ("id", "doc", "text", "kind", "sentiment", "meta")
_FLOAT_COLUMNS = ("sentiment_score", "confidence")
_LIST_COLUMNS = ("themes", "evidence")


def nonfinite_to_null(value: Any) -> Any:
    """``value`` with every NaN and infinite number (in dicts, lists, tuples) replaced by ``None``.

    JSON has no spelling for them: ``json.dumps`` would write ``NaN`` and
    ``Infinity``, which strict parsers (``JSON.parse``, ``jq``) reject.
    Scraped JSONL often holds them (pandas rows dumped by Python's ``json``).

    >>> nonfinite_to_null({"likes": float("nan"), "n": [1, float("inf")]})
    {'likes': None, 'n': [1, None]}
    """
    if isinstance(value, (float, np.floating)):
        return float(value) if np.isfinite(value) else None
    if isinstance(value, dict):
        return {k: nonfinite_to_null(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [nonfinite_to_null(v) for v in value]
    if isinstance(value, np.ndarray):
        return nonfinite_to_null(value.tolist())
    return value


def _meta_json(meta: dict) -> str:
    """A unit's metadata as strict JSON (NaN and infinities as ``null``, see :func:`nonfinite_to_null`).

    Keys are written as :func:`_json_keys` spells them, so that keys of
    mixed types (``{"likes": 3, 2: "weibo"}``, a DataFrame read without a
    header) can be sorted and a tuple key (a pandas MultiIndex column) written;
    two keys written alike (``"2"`` and ``2``) keep both values, the second
    named with its type (``"2 (int)"``).

    >>> _meta_json({"likes": 3, 2: "weibo", (1, 2): None})
    '{"(1, 2)": null, "2": "weibo", "likes": 3}'
    """
    import json

    try:
        return json.dumps(meta, ensure_ascii=False, sort_keys=True, default=_json_default, allow_nan=False)
    except TypeError:  # a key: json neither sorts mixed types nor writes a tuple (default= never sees keys)
        return _meta_json(_json_keys(meta))
    except ValueError:
        return json.dumps(nonfinite_to_null(meta), ensure_ascii=False, sort_keys=True, default=_json_default, allow_nan=False)


def _json_keys(value: Any) -> Any:
    """``value`` with the keys of its dicts (nested ones too) strings: as ``json`` writes a key it takes
    (``2`` as ``"2"``, ``True`` as ``"true"``, ``None`` as ``"null"``), any other as ``str()``.

    A key so written that another key of the dict already is (``{"2": "x", 2: "y"}``) keeps both values: a string key
    keeps its name, and the other key's name is followed by its type (``"2 (int)"``), so that no value is lost.

    >>> _json_keys({2: [{None: 1}], ("a", "b"): True, "c": 3})
    {'2': [{'null': 1}], "('a', 'b')": True, 'c': 3}
    >>> _json_keys({2: "y", "2": "x"})
    {'2 (int)': 'y', '2': 'x'}
    """
    import json

    if isinstance(value, dict):
        taken = {k for k in value if isinstance(k, str)}
        names = []
        for k in value:
            name = k if isinstance(k, str) else json.dumps(k) if k is None or isinstance(k, (bool, int, float)) else str(k)
            if not isinstance(k, str) and name in taken:
                name = f"{name} ({type(k).__name__})"
                name = next(f"{name} {n}" for n in range(2, len(taken) + 3) if f"{name} {n}" not in taken) if name in taken else name
            taken.add(name)
            names.append(name)
        return {name: _json_keys(v) for name, v in zip(names, value.values())}
    if isinstance(value, (list, tuple)):
        return [_json_keys(v) for v in value]
    return value


def _json_default(value: Any) -> Any:
    """JSON for a meta value ``json`` has no type for: numpy numbers as numbers, a missing value (pandas' ``NaT``,
    ``NA``; numpy's ``NaT``) as ``null``, the rest as ``str()``.

    >>> import json
    >>> from datetime import date
    >>> json.dumps({"likes": np.int64(3), "day": date(2016, 11, 27), "gone": np.datetime64("NaT")}, default=_json_default)
    '{"likes": 3, "day": "2016-11-27", "gone": null}'
    """
    import sys

    if isinstance(value, (np.integer, np.floating, np.bool_)):
        return value.item()
    if isinstance(value, np.ndarray):
        return value.tolist()
    if isinstance(value, (np.datetime64, np.timedelta64)) and np.isnat(value):
        return None
    pandas = sys.modules.get("pandas")  # a pandas value means pandas is imported
    if pandas is not None and (value is pandas.NaT or value is pandas.NA):
        return None
    return str(value)


def check_output_path(path: Any, function: str, *, expected: str = "a file path", hint: str | None = None) -> None:
    """Refuse a ``path`` argument of ``function`` that is not a path with a TypeError naming both and saying what to do
    instead (``hint``; by default how to get ``function``'s text: :data:`~argmine.errors.H_PATH_TEXT`), before any work:
    an open file, ``None``, or a number (``to_json(2)``: an old indent argument would open file descriptor 2), which
    ``open`` and ``os.stat`` would take, or refuse in their own words.  Then one the system refuses
    (:func:`refuse_unusable_output`).  ``to_json``, ``to_csv``, ``write_report`` and ``plot_themes`` check theirs here.

    >>> import io
    >>> check_output_path(io.StringIO(), "to_csv")
    Traceback (most recent call last):
    ...
    TypeError: to_csv(path) takes a file path, not StringIO; to_csv() with no path returns the text, to write into an open file: fh.write(analysis.to_csv())
    """
    import os

    from .errors import E_ARG_TAKES, H_PATH_TEXT

    if not isinstance(path, (str, os.PathLike)):
        hint = H_PATH_TEXT.format(function=function) if hint is None else hint
        raise TypeError(E_ARG_TAKES.format(function=function, name="path", expected=expected, found=type(path).__name__,
                                           hint=hint))
    refuse_unusable_output(path)


def check_analysis(analysis: Any, function: str, needs: Sequence[str] = ("schema", "themes")) -> None:
    """Refuse an ``analysis`` argument of ``function`` that is no :class:`Analysis`, nor shaped like one (without the
    attributes ``needs``, which ``function`` reads), with a TypeError naming both, before any work: ``None``, a list
    of analyses, the classified units of :func:`argmine.classify` not yet aggregated.

    >>> check_analysis([], "render_report")
    Traceback (most recent call last):
    ...
    TypeError: render_report(analysis) takes an argmine.Analysis (from argmine.analyze), not list
    """
    from .errors import E_ANALYSIS_EXPECTED, E_ARG_TAKES, H_ANALYSIS_LIST, H_ANALYSIS_UNITS

    if isinstance(analysis, Analysis) or (not isinstance(analysis, type) and all(hasattr(analysis, name) for name in needs)):
        return
    hint = ""
    if isinstance(analysis, (list, tuple)) and analysis:
        if all(isinstance(item, Analysis) for item in analysis):
            hint = H_ANALYSIS_LIST
        elif all(hasattr(item, "unit") and hasattr(item, "prediction") for item in analysis):
            hint = H_ANALYSIS_UNITS
    raise TypeError(E_ARG_TAKES.format(function=function, name="analysis", expected=E_ANALYSIS_EXPECTED,
                                       found=type(analysis).__name__, hint=hint))


def refuse_unusable_output(path: Any) -> None:
    r"""Raise :class:`~argmine.errors.ReportError` for a file to write that the system refuses to look up
    (:func:`argmine._files.unusable_path`): a NUL character would be a bare ``ValueError`` from ``open``.

    >>> refuse_unusable_output("out\0.json")
    Traceback (most recent call last):
    ...
    argmine.errors.ReportError: out\0.json: cannot be used as a path (it holds a NUL character); pass another file path
    """
    from ._files import unusable_path
    from .errors import E_OUTPUT_PATH_FIX, ReportError

    unusable = unusable_path(path, E_OUTPUT_PATH_FIX)
    if unusable is not None:
        raise ReportError(": ".join(unusable))


class gc_paused:
    """Pause Python's cyclic garbage collector for the block (or the decorated function), and restore it after.

    A run builds hundreds of thousands of small objects (units, tokens, cue
    hits, predictions) and keeps most of them; with the collector on, every
    full collection re-scans all of them (about a tenth of the time of a
    5 MB run).  They hold no reference
    cycles, so nothing is lost: reference counting frees memory as usual, and
    any cycle made meanwhile is collected once the collector runs again.
    The collector is the whole process's, every thread's: so only the
    ``classify``, ``export`` and ``analyze`` commands run under it (their
    writing, chart and report included), in argmine's own process; the
    library's :func:`analyze` uses :class:`gc_frozen`, which leaves the
    collector on.  Nested,
    or with the collector already off, it leaves the collector as it found it.  (A
    class rather than :func:`contextlib.contextmanager`, so that a decorated
    function's frames stay argmine's: :func:`argmine.errors.warn_caller` names
    the caller's line.)

    >>> import gc
    >>> with gc_paused():
    ...     gc.isenabled()
    False
    >>> gc.isenabled()
    True
    """

    def __enter__(self) -> None:
        self._paused = gc.isenabled()
        gc.disable()

    def __exit__(self, *exc: Any) -> None:
        if self._paused:
            gc.enable()

    def __call__(self, fn):
        @functools.wraps(fn)
        def run(*args, **kwargs):
            with gc_paused():
                return fn(*args, **kwargs)

        return run


#: Whether this thread's analyze() is under gc_frozen and froze objects (so unfreezes them when it ends).
_FREEZING: contextvars.ContextVar[bool] = contextvars.ContextVar("argmine_gc_freezing", default=False)
#: Units (segmented, then classified) between two freezes.
FREEZE_EVERY = 512


class gc_frozen:
    """Keep the garbage collector from re-scanning what the block builds, without turning it off.

    :func:`analyze` builds and keeps hundreds of thousands of small objects;
    every full collection would re-scan them.  Inside the block,
    :func:`frozen_every` moves what exists so far to the collector's
    permanent generation (:func:`gc.freeze`) every :data:`FREEZE_EVERY`
    items (:func:`freeze_now` where it is called), and the block's end gives it back (:func:`gc.unfreeze`), so the
    objects are scanned again only after the run.  The collector stays on
    for every thread: a cycle made meanwhile (by the run or by another
    thread of the process) is collected as usual, unless it was frozen
    first; such a one is collected after the run.  :func:`gc_paused`
    disables the collector instead, which only a command (argmine's own
    process) may do.  The block does nothing when the collector is off, or
    when objects are frozen already (by the host process, which may rely on
    that before forking workers, or by a run in another thread).  Nested,
    the inner block does nothing.  One case it cannot tell apart: objects
    the host freezes *during* the run (another thread calling
    :func:`gc.freeze`) are unfrozen at the block's end with the run's own,
    since the collector keeps one permanent generation; they are only
    scanned again, nothing is freed that is still in use.

    >>> import gc
    >>> with gc_frozen():
    ...     gc.isenabled(), sum(1 for _ in frozen_every(range(FREEZE_EVERY))), gc.get_freeze_count() > 0
    (True, 512, True)
    >>> gc.get_freeze_count()
    0
    """

    def __enter__(self) -> None:
        ours = gc.isenabled() and gc.get_freeze_count() == 0 and not _FREEZING.get()
        self._token = _FREEZING.set(ours)

    def __exit__(self, *exc: Any) -> None:
        if _FREEZING.get():
            gc.unfreeze()
        _FREEZING.reset(self._token)

    def __call__(self, fn):
        @functools.wraps(fn)
        def run(*args, **kwargs):
            with gc_frozen():
                return fn(*args, **kwargs)

        return run


def frozen_every(items: Iterable[Any], every: int = FREEZE_EVERY) -> Iterable[Any]:
    """Yield ``items``; under :class:`gc_frozen`, freeze what exists after every ``every`` of them."""
    if not _FREEZING.get():
        yield from items
        return
    for n, item in enumerate(items, 1):
        if n % every == 0:
            gc.freeze()
        yield item


def freeze_now() -> None:
    """Under :class:`gc_frozen`, freeze what exists now (:func:`gc.freeze`); elsewhere nothing."""
    if _FREEZING.get():
        gc.freeze()


@gc_frozen()
def analyze(
    inputs: Any,
    schema: "Schema | str | None" = None,
    model: Any = None,
    *,
    granularity: str = "sentence",
    rules: Any = None,
    on_error: Any = None,
    progress: Any = None,
    batch_size: int = 512,
    workers: int | str | None = None,
    seed: int = 0,
    n_boot: int = N_BOOT,
    n_examples: int = 3,
    date: str | date | None = None,
    options: Any = None,
    **read_options: Any,
) -> Analysis:
    """Read, segment, classify and aggregate: the whole ``argmine analyze`` run.

    ``inputs`` is a path or a list of paths (files, directories, ``-``),
    :class:`argmine.Document` objects, already segmented
    :class:`argmine.Unit` objects, or a mix (segmented documents from
    :func:`argmine.iter_segmented` work too).  A text is not a path: wrap
    it, ``argmine.Document(id, text)`` (a string that is no file and reads as
    text, bytes, a dict, a pandas DataFrame or a Series of texts are refused with
    what to pass; a Series of paths is read, as :func:`argmine.read` reads it).
    ``schema`` (a :class:`argmine.Schema` or a schema file) defaults to the
    model's schema; ``model`` to the packaged default (``"lexicon"``, a model
    directory or a loaded backend also work; a loaded one must predict with
    ``schema``, checked before anything is read).  ``rules`` are the furniture
    rules of cleaning: a rules file path or ``load_rules(path)``'s rules
    (``from argmine.clean import load_rules``; default: the packaged ones).
    Other keyword arguments are :class:`argmine.ReadOptions` fields
    (``text_field``, ``encoding``...; ``exclude`` adds to the ``README*``
    default, as the CLI's ``--exclude`` does), or pass ``options=ReadOptions(...)``.
    ``on_error`` receives each bad input and the run goes on (without it the
    first bad input raises); ``progress(iterable, total=, desc=, unit=)``
    (``tqdm.tqdm``; the CLI passes its bars) wraps each stage of the run, named by
    ``desc``: the documents read and segmented (``"documents"``, ``unit="doc"``),
    the lines and then the blocks of each long document as it is cleaned and
    segmented (``"cleaning"``, ``"segmenting"``: see :func:`argmine.iter_segmented`),
    the units classified (``"units"``), and the aggregation of their counts,
    intervals and quotes, one step that takes tens of seconds for 100,000
    comments (``"aggregating"``, ``total=1``, ``unit="stage"``: the CLI shows
    it as a line with the time spent).  ``workers`` is passed to
    :func:`argmine.classify` (default ``None``: no other process is
    started; ``"auto"`` or a number forks workers).  Documents whose ids
    collide (two Documents both called ``"a"``, or one read from a file and
    one passed in) get ``~2``, ``~3``, ... in input order, as
    :func:`argmine.read` gives files, so that unit ids stay unique.  A unit
    given again (the same id, document and offsets: a Document passed with
    its own units, a list of units added to twice) is counted once, with one
    :class:`~argmine.errors.InputWarning` that counts them, and so are the
    units of a document given again (equal in every field, ``meta`` included:
    a Document with its own ``Segmented``, a list added to twice; two that
    differ only in ``meta`` are two documents, ``a`` and ``a~2``); another unit under
    an id already taken is a bad input (``on_error``), never counted twice.  A
    unit given for a document that is among the inputs (before or after it) must
    point into its text (``doc.text[start:end] == unit.text``): one that does not
    (kept from an earlier text of the document, a page scraped again) is a bad
    input naming it, and the document's own units are counted.
    ``seed`` must be an integer >= 0, ``n_boot`` >= 100 and ``n_examples`` >= 0.
    ``granularity`` applies to the paths and Documents, which are segmented
    here; a :class:`~argmine.Unit` does not record its level, so when units
    are counted that came already segmented (Units, or segmented documents;
    not those also segmented here from their Document)
    ``provenance.settings.granularity`` is ``None``, with an
    :class:`~argmine.errors.InputWarning` when they come beside units
    segmented here, or with a ``granularity`` other than ``"sentence"`` that
    no unit used.  The garbage collector stays on (:class:`gc_frozen`).
    ``provenance.date`` is ``date`` as given (an ISO 8601 date or date and
    time, such as ``"2024-01-02"``; another string is a ``ValueError``),
    else :func:`provenance_date`.

    >>> import argmine
    >>> a = argmine.analyze([argmine.Document("d", "支付宝做社交是对的。财不外露。")], model="lexicon")
    >>> sorted(a.themes)
    ['bloat', 'brand_fit', 'other', 'privacy', 'pro_social']
    """
    import os
    from dataclasses import replace

    from .classify import classify, load_model
    from .clean import resolve_rules
    from .errors import (E_ANALYZE_INPUT, E_ARG_TYPE, E_GRANULARITY, E_UNIT_ID_TAKEN, W_UNITS_AGAIN, InputError, InputWarning,
                         inflect, shown_repr, warn_caller)
    from .read import checked_handler, read_options as refined_options
    from .segment import GRANULARITIES, Segmented, iter_segmented
    from .types import Unit

    _refuse_input(inputs)
    if isinstance(inputs, (str, os.PathLike, Document, Unit, Segmented)):
        inputs = [inputs]
    check_settings(seed=seed, n_boot=n_boot, n_examples=n_examples)
    date = _check_date(date)
    checked_handler(on_error)  # a handler that cannot be called is refused now, not at the first bad input
    if progress is not None and not callable(progress):  # refused now, not once the model is loaded and reading has begun
        raise TypeError(E_ARG_TYPE.format(name="progress", expected="None or a function that wraps an iterable, such as tqdm.tqdm",
                                          found=type(progress).__name__))
    if schema is not None and not isinstance(schema, (Schema, str, os.PathLike)):
        raise TypeError(E_ARG_TYPE.format(name="schema", expected="an argmine.Schema, a schema file path or None", found=type(schema).__name__))
    rules = None if rules is None else resolve_rules(rules)  # a rules file is read (and checked) before any input
    # reader options are checked even when no path is read (a misspelt one is a TypeError)
    options = refined_options(options, read_options, analyze)
    read_options = {}
    if granularity not in GRANULARITIES:
        raise ValueError(E_GRANULARITY.format(value=granularity, choices=", ".join(GRANULARITIES)))
    try:
        inputs = iter(inputs)
    except TypeError:
        raise TypeError(E_ANALYZE_INPUT.format(found=type(inputs).__name__)) from None
    errors: list[Any] = []

    def handler(err):
        if on_error is None:
            raise err
        errors.append(err)
        on_error(err)

    wrap = progress or (lambda it, **kw: it)
    if schema is not None and not isinstance(schema, Schema):
        from .schema import load_schema

        _refuse_model_as_schema(schema)
        schema = load_schema(schema)
    backend = load_model(model, schema)  # a loaded backend with another schema is refused here, before any work

    documents: list[Document] = []
    dropped: list[Any] = []
    units: list[Any] = []
    skipped: list[int] = []  # per table, its rows skipped for an empty or null text (each one warned about)
    unread: list[dict[str, str]] = []  # files a folder walk left out (each one warned about): provenance.skipped_files

    from .read import UniqueIds

    unique_id = UniqueIds()  # the reader's rule for colliding ids, across every input of the run
    named: dict[tuple, list] = {}  # (id, text, source, row, kind) -> [(each document taken with them, the id it has in the run)]

    def take(seg, here: bool) -> None:
        """Take a segmented document: under a free id (:class:`~argmine.read.UniqueIds`), or, when the same document
        (equal in every field, its meta too) was taken before (passed again, with its own Segmented, or as a Segmented twice), its units only, under the
        id it got then: the unit rule below counts them once, with its warning."""
        doc = seg.document
        taken = named.setdefault((doc.id, doc.text, doc.source, doc.row, doc.kind), [])
        before = next((new for d, new in taken if d == doc), None)  # equal in every field, meta included
        if before is not None:
            add_units(renamed(seg, before).units, here)
            return
        taken.append((doc, unique_id(doc.id)))
        seg = renamed(seg, taken[-1][1])
        documents.append(seg.document)
        known[seg.document.id] = seg.document
        dropped.extend(seg.dropped)
        for u in waiting.pop(seg.document.id, ()):  # given before their document: checked before its own units take their ids
            why = off_document(u, seg.document)
            if why is not None:
                drop_unit(u)
                handler(InputError(f"unit {u.id!r}", why))
        add_units(seg.units, here)

    first: dict[str, tuple] = {}  # unit id -> its unit's (doc, start, end, text): no unit is counted twice
    again: list[str] = []  # ids of units given again (the same unit), counted once
    given: set[str] = set()  # ids of the units counted that came already segmented and were not also segmented here
    known: dict[str, Document] = {}  # the documents taken, by their id in the run: a unit given for one must point into its text
    waiting: dict[str, list] = {}  # document id -> the units counted for it that came before any document of that id

    def add_units(new, here: bool) -> None:
        """Count the units ``new`` (segmented here, at ``granularity``, or given already segmented: level unknown).

        A unit given for a document taken in this run must point into its text (:func:`off_document`; one taken later
        checks the units given before it): a unit kept from an earlier text of the document is a bad input, not counted.
        """
        for u in new:
            if not here:
                doc = known.get(u.doc)
                why = None if doc is None else off_document(u, doc)
                if why is not None:
                    handler(InputError(f"unit {u.id!r}", why))
                    continue
            where = (u.doc, u.start, u.end, u.text)
            before = first.setdefault(u.id, where)
            if before is where:
                units.append(u)
                if not here:
                    given.add(u.id)
                    if u.doc not in known:
                        waiting.setdefault(u.doc, []).append(u)
            elif before == where:
                again.append(u.id)
                if here:  # a unit given, then segmented here as well: its level is known
                    given.discard(u.id)
            else:
                handler(InputError(f"unit {u.id!r}", E_UNIT_ID_TAKEN.format(doc=before[0], start=before[1], end=before[2],
                                                                           text=shown_repr(before[3], 20))))

    def drop_unit(u) -> None:
        """Uncount ``u``, a unit given before its document that does not point into it: its id is free again."""
        at = next(i for i in range(len(units) - 1, -1, -1) if units[i] is u)
        del units[at]
        del first[u.id]
        given.discard(u.id)
        again[:] = [i for i in again if i != u.id]  # its copies are not counted either: the error names it

    def renamed(seg, new: str):
        """``seg`` with its document, units and dropped blocks under the id ``new``."""
        old = seg.document.id
        if new == old:
            return seg
        units = tuple(replace(u, id=new + u.id[len(old):] if u.id.startswith(f"{old}#") else u.id, doc=new) for u in seg.units)
        return Segmented(replace(seg.document, id=new), units, tuple(replace(d, doc=new) for d in seg.dropped))

    def segment_docs(docs) -> None:
        frozen = len(units)
        for seg in iter_segmented(docs, granularity=granularity, rules=rules, on_error=handler, progress=progress):
            take(seg, True)
            if len(units) - frozen >= FREEZE_EVERY:  # a freeze every FREEZE_EVERY units kept (gc_frozen)
                freeze_now()
                frozen = len(units)

    def kind(item) -> str:
        for name, types in (("path", (str, os.PathLike)), ("document", Document), ("segmented", Segmented), ("unit", Unit)):
            if isinstance(item, types):
                return name
        raise TypeError(E_ANALYZE_INPUT.format(found=type(item).__name__) + _input_hint(item))

    for what, group in groupby(inputs, key=kind):
        run = list(group)
        if what == "path":
            from .read import iter_documents

            # a text passed as a path is reported by the reader, as for read() and the CLI's segment (E_TEXT_NOT_PATH)
            docs = iter_documents(run, options, on_error=handler, on_skip=lambda source, n: skipped.append(n),
                                  on_unread=lambda path, reason: unread.append({"path": path, "reason": reason}), **read_options)
            segment_docs(wrap(docs, desc="documents", unit="doc"))
        elif what == "document":
            segment_docs(wrap(run, total=len(run), desc="documents", unit="doc"))
        elif what == "segmented":
            for seg in run:
                take(seg, False)
        else:
            add_units(run, False)
    if again:
        warn_caller(W_UNITS_AGAIN.format(n=len(again), units=inflect(len(again), "unit"), first=again[0],
                                         were=inflect(len(again), "was", "were")), InputWarning)

    if given and len(given) < len(units):
        warn_caller(W_GRANULARITY_MIXED.format(n=len(given), units=inflect(len(given), "unit"), level=granularity), InputWarning)
    elif given and granularity != "sentence":  # not the default: passed, and no unit was segmented with it
        warn_caller(W_GRANULARITY_UNUSED.format(level=granularity), InputWarning)
    classified = list(frozen_every(wrap(classify(units, model=backend, batch_size=batch_size, workers=workers), total=len(units),
                                        desc="units", unit="unit")))
    if schema is None:
        schema = model_schema(backend)  # after predicting: backends settle their schema when first used

    def aggregated() -> Iterator[Analysis]:  # one step, which the progress wrapper drives (it reports nothing while it runs)
        yield Analysis._aggregated(
            classified,
            schema,
            documents=documents,
            dropped=dropped,
            errors=errors,
            model=model_info(backend),
            seed=seed,
            n_boot=n_boot,
            n_examples=n_examples,
            n_terms=5,
            date=date,
            settings={"granularity": None if given else granularity, **read_settings(options)},
            skipped_rows=sum(skipped),
            skipped_files=unread,
        )

    (analysis,) = wrap(aggregated(), total=1, desc="aggregating", unit="stage")
    return analysis


def _input_hint(found: Any) -> str:
    """What to pass instead of ``found``, an object analyze() cannot read (see ``E_ANALYZE_INPUT_HINTS``)."""
    from .errors import E_ANALYZE_INPUT_HINTS

    name = "bytes" if isinstance(found, (bytes, bytearray)) else "dict" if isinstance(found, dict) else type(found).__name__
    if name in ("DataFrame", "Series") and not type(found).__module__.startswith("pandas"):
        return ""
    return E_ANALYZE_INPUT_HINTS.get(name, "")


def _holds_paths(series: Any) -> bool:
    """Whether a pandas Series holds paths, not texts: each item a path, and none that reads as text by the reader's
    rule (:func:`argmine.read.reads_as_text`, which names such an item in :func:`argmine.read`'s error)."""
    import os

    from .read import reads_as_text

    return all(isinstance(v, os.PathLike) or (isinstance(v, str) and not reads_as_text(v)) for v in series)


def _refuse_input(inputs: Any) -> None:
    """Refuse what analyze() would otherwise iterate into paths: bytes (ints), a dict (its keys), a DataFrame (its columns),
    a pandas Series of texts (one of paths is read, as :func:`argmine.read` reads it).

    >>> _refuse_input({"id": "a", "text": "财不外露。"})
    Traceback (most recent call last):
    ...
    TypeError: analyze() takes paths, Documents, Units or segmented documents (one, or a list of them), not dict; pass argmine.Document(record['id'], record['text']) per record, or the path of a JSONL or CSV file
    """
    from .errors import E_ANALYZE_INPUT

    hint = _input_hint(inputs)
    if hint and not (type(inputs).__name__ == "Series" and _holds_paths(inputs)):  # a Series of paths is read, as read() reads it
        raise TypeError(E_ANALYZE_INPUT.format(found=type(inputs).__name__) + hint)


def _refuse_model_as_schema(schema: Any) -> None:
    """A model name or model directory passed as the schema (``analyze(paths, "lexicon")``): say to pass ``model=``."""
    from pathlib import Path

    from ._files import unusable_path
    from .backends.base import available, model_dir_backend
    from .classify import DEFAULT_MODEL
    from .errors import E_SCHEMA_IS_MODEL

    path = Path(schema)
    if unusable_path(path, "") is not None:  # load_schema says why (Path.exists() would raise)
        return
    if (str(schema) in (*available(), DEFAULT_MODEL) and not path.exists()) or (path.is_dir() and model_dir_backend(path)):
        raise SchemaError(f"{schema}: " + E_SCHEMA_IS_MODEL.format(name=str(schema)))


def read_settings(options: Any) -> dict[str, Any]:
    """The reader options of a run, as ``provenance.settings`` records them (enough to read the inputs again).

    >>> from argmine.read import ReadOptions
    >>> read_settings(ReadOptions(text_field="content", row_kind="auto"))["row_kind"]
    'auto'
    """
    return {
        "input_format": options.input_format,
        "encoding": options.encoding,  # None: detected per file (each input's encoding is under inputs)
        "text_field": options.text_field,
        "id_field": options.id_field,
        "kind_field": options.kind_field,
        "row_kind": options.row_kind or "auto",
        "include": list(options.include),
        "exclude": list(options.exclude),
        # only when not the default (text), so that the settings of runs made before the option are unchanged
        **({"cells": options.cells} if options.cells != "text" else {}),
    }


def model_schema(backend: Any) -> Schema:
    """The schema a loaded backend predicts with (the packaged default if it keeps none)."""
    from .backends.base import own_schema

    own = own_schema(backend)
    if own is not None:
        return own
    from .schema import load_schema

    return load_schema()


def model_info(backend: Any) -> dict[str, Any]:
    """Name, path and version of a loaded model, for the provenance block.

    The path and version are those :func:`argmine.load_model` recorded on the
    backend when it read the model directory
    (:func:`~argmine.backends.base.record_origin`), whether ``analyze`` was given
    the directory or the backend loaded from it; a backend made by name
    (``"lexicon"``) or trained in memory has a name only.

    >>> from argmine.classify import load_model
    >>> model_info(load_model())["path"], model_info(load_model("lexicon"))
    ('(packaged default)', {'name': 'lexicon'})
    """
    from .backends.base import model_origin

    return {"name": getattr(backend, "name", type(backend).__name__), **model_origin(backend)}
