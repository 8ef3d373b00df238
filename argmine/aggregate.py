"""Aggregate classified units per theme: counts, shares, sentiment with a bootstrap interval.

What the numbers mean (they are the contract of ``argmine analyze``):

* ``units``: units that carry the theme (a unit may carry several themes).
* ``share``: ``units`` / *argumentative* units, the units that carry at least
  one theme.  Shares of the themes can add up to more than 1 (multi-label).
  For the ``other`` bucket (units with no theme) ``share`` is ``None``: those
  units are by definition not argumentative.
* ``share_all``: ``units`` / all units, for every bucket including ``other``.
* ``sentiment.mean``: the mean of the sentiment *labels* mapped to
  positive = +1, neutral = 0, negative = -1 (the guide evaluates the label,
  not the score), so it lies in [-1, 1].  ``sentiment.ci95`` is a percentile
  bootstrap 95% interval of that mean; because the values take three levels,
  resampling units is the same as drawing the three counts from a
  multinomial, which is what is done (exact, O(n_boot) memory).  Each group's
  random stream is seeded from ``seed`` and the group's name, so the interval
  of a group does not change when other documents are added.
* ``terms``: the cues (``Prediction.evidence`` with a positive weight for the
  theme) that fired in units carrying the theme, most frequent first.
* ``examples``: representative quotes, the units with the highest probability
  for the theme (for ``other``: the lowest highest-theme probability), one per
  distinct text, with doc, unit id and offsets into the original document.

Groups in ``by_kind`` and ``by_doc`` have the same ``units``, ``share``,
``share_all`` and ``sentiment`` shape, with shares taken within the group.

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

import zlib
from collections import Counter, defaultdict
from datetime import datetime, timezone
from typing import Any, Iterable, Sequence

import numpy as np

from .errors import SchemaError
from .schema import OTHER, Schema
from .types import KINDS, Document

#: Sentiment label -> value averaged in ``sentiment.mean``.
SENTIMENT_VALUES = {"positive": 1, "neutral": 0, "negative": -1}
N_BOOT = 2000
DIGITS = 4


def _r(x: float | None) -> float | None:
    return None if x is None else round(float(x), DIGITS)


def bootstrap_ci(
    positive: int, neutral: int, negative: int, *, n_boot: int = N_BOOT, seed: int = 0, key: str = ""
) -> tuple[float, float] | None:
    """Percentile bootstrap 95% interval of the mean sentiment (+1/0/-1) of a group.

    ``key`` names the group; with ``seed`` it fixes the random stream, so the
    same counts, seed and key always give the same interval.

    >>> bootstrap_ci(5, 0, 0)
    (1.0, 1.0)
    >>> lo, hi = bootstrap_ci(6, 3, 1, seed=1, key="privacy")
    >>> lo <= 0.5 <= hi
    True
    """
    n = positive + neutral + negative
    if n == 0:
        return None
    rng = np.random.default_rng([int(seed), zlib.crc32(key.encode("utf-8"))])
    draws = rng.multinomial(n, [positive / n, neutral / n, negative / n], size=int(n_boot))
    means = (draws[:, 0] - draws[:, 2]) / n
    lo, hi = np.percentile(means, [2.5, 97.5])
    return float(lo), float(hi)


def _sentiment(pos: int, neu: int, neg: int, *, n_boot: int, seed: int, key: str) -> dict[str, Any]:
    n = pos + neu + neg
    ci = bootstrap_ci(pos, neu, neg, n_boot=n_boot, seed=seed, key=key)
    return {
        "mean": _r((pos - neg) / n) if n else None,
        "ci95": [_r(ci[0]), _r(ci[1])] if ci else None,
        "positive": int(pos),
        "neutral": int(neu),
        "negative": int(neg),
    }


class _Columns:
    """The classified units as arrays: one pass of Python, then numpy."""

    def __init__(self, classified: Sequence[Any], schema: Schema):
        self.buckets = schema.theme_ids + (OTHER,)
        index = {t: j for j, t in enumerate(schema.theme_ids)}
        n, T = len(classified), len(schema.theme_ids)
        self.member = np.zeros((n, T + 1), dtype=bool)
        self.scores = np.zeros((n, T), dtype=np.float64)
        self.senti = np.zeros(n, dtype=np.int8)
        kinds: list[str] = []
        docs: list[str] = []
        for i, cu in enumerate(classified):
            u, p = cu.unit, cu.prediction
            any_theme = False
            for t in p.themes:
                if t == OTHER:
                    continue
                j = index.get(t)
                if j is None:
                    raise SchemaError(
                        f"unit {u.id}: predicted theme {t!r} is not in schema {schema.id!r} "
                        f"({', '.join(schema.theme_ids)}); analyse with the schema the model was trained on"
                    )
                self.member[i, j] = True
                any_theme = True
            if not any_theme:
                self.member[i, T] = True
            for t, v in p.scores.items():
                j = index.get(t)
                if j is not None:
                    self.scores[i, j] = v
            try:
                self.senti[i] = SENTIMENT_VALUES[p.sentiment]
            except KeyError:
                raise SchemaError(
                    f"unit {u.id}: unknown sentiment {p.sentiment!r}; expected one of: "
                    f"{', '.join(SENTIMENT_VALUES)}"
                ) from None
            kinds.append(u.kind)
            docs.append(u.doc)
        self.n = n
        self.kinds = kinds
        self.docs = docs


def _codes(values: list[str], order: list[str]) -> np.ndarray:
    pos = {v: i for i, v in enumerate(order)}
    return np.fromiter((pos[v] for v in values), dtype=np.int64, count=len(values))


def _group_stats(
    cols: _Columns, codes: np.ndarray | None, names: list[str], prefix: str, *, n_boot: int, seed: int
) -> list[dict[str, dict[str, Any]]]:
    """Per bucket, per group: units, share, share_all and sentiment (vectorised counts)."""
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
        groups = {}
        for g, name in enumerate(names):
            share = None
            if bucket != OTHER and argumentative[g]:
                share = _r(units[g] / argumentative[g])
            groups[name] = {
                "units": int(units[g]),
                "share": share,
                "share_all": _r(units[g] / total[g]) if total[g] else None,
                "sentiment": _sentiment(
                    int(pos[g]), int(neu[g]), int(neg[g]), n_boot=n_boot, seed=seed, key=f"{prefix}/{name}/{bucket}"
                ),
            }
        out.append(groups)
    return out


def _terms(classified: Sequence[Any], cols: _Columns, n_terms: int) -> dict[str, list[dict[str, Any]]]:
    counts: dict[str, Counter] = defaultdict(Counter)
    weights: dict[str, Counter] = defaultdict(Counter)
    index = {t: j for j, t in enumerate(cols.buckets[:-1])}
    for i, cu in enumerate(classified):
        seen = set()
        for e in cu.prediction.evidence:
            j = index.get(e.label)
            if j is None or e.weight <= 0 or not cols.member[i, j]:
                continue
            weights[e.label][e.term] += e.weight
            if (e.label, e.term) not in seen:
                seen.add((e.label, e.term))
                counts[e.label][e.term] += 1
    out = {}
    for bucket in cols.buckets:
        c, w = counts.get(bucket, Counter()), weights.get(bucket, Counter())
        top = sorted(c, key=lambda t: (-c[t], -w[t], t))[:n_terms]
        out[bucket] = [{"term": t, "units": c[t], "weight": _r(w[t])} for t in top]
    return out


def _examples(classified: Sequence[Any], cols: _Columns, n_examples: int) -> dict[str, list[dict[str, Any]]]:
    T = len(cols.buckets) - 1
    out = {}
    for b, bucket in enumerate(cols.buckets):
        idx = np.flatnonzero(cols.member[:, b])
        if b < T:
            conf = cols.scores[idx, b]
        else:
            conf = 1.0 - (cols.scores[idx].max(axis=1) if T and len(idx) else np.zeros(len(idx)))
        order = idx[np.lexsort((idx, -conf))]
        conf_of = dict(zip(idx.tolist(), conf.tolist()))
        picked, seen = [], set()
        for i in order.tolist():
            u = classified[i].unit
            key = (u.norm or u.text).strip()
            if key in seen:
                continue
            seen.add(key)
            picked.append(
                {
                    "id": u.id,
                    "doc": u.doc,
                    "start": u.start,
                    "end": u.end,
                    "kind": u.kind,
                    "text": u.text,
                    "confidence": _r(conf_of[i]),
                    "sentiment": classified[i].prediction.sentiment,
                }
            )
            if len(picked) >= n_examples:
                break
        out[bucket] = picked
    return out


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

    overall = _group_stats(cols, None, ["all"], "all", n_boot=n_boot, seed=seed)
    by_kind = _group_stats(cols, _codes(cols.kinds, kind_names), kind_names, "kind", n_boot=n_boot, seed=seed)
    by_doc = _group_stats(cols, _codes(cols.docs, doc_names), doc_names, "doc", n_boot=n_boot, seed=seed)
    terms = _terms(classified, cols, n_terms)
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
        "sentiment": _sentiment(pos, cols.n - pos - neg, neg, n_boot=n_boot, seed=seed, key="all"),
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
                key=f"document/{name}",
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
) -> dict[str, Any]:
    """Where the numbers come from: inputs with encodings, schema, model, argmine version, date.

    ``inputs`` has one entry per source file (a JSONL file holding many
    documents is one entry with its document count).

    >>> from argmine.schema import load_schema
    >>> p = provenance([Document("d", "x", source="a.txt", encoding="utf-8")], load_schema(), date="2024-01-01")
    >>> p["inputs"], p["schema"]["id"]
    ([{'path': 'a.txt', 'encoding': 'utf-8', 'documents': 1}], 'alipay_social')
    """
    inputs: dict[tuple[str, str | None], int] = {}
    for d in documents:
        key = (d.source, d.encoding)
        inputs[key] = inputs.get(key, 0) + 1
    return {
        "inputs": [{"path": s, "encoding": e, "documents": n} for (s, e), n in inputs.items()],
        "schema": {"id": schema.id, "version": schema.version, "source": schema.source},
        "model": dict(model or {}),
        "argmine": _version(),
        "date": date or datetime.now(timezone.utc).replace(microsecond=0).isoformat(),
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
