"""The ``lexicon`` backend: schema cues with negation scope, no training.

A transparent baseline, and a weak labeler for text without gold.  For each
theme the weights of the cues that fired are summed (a negated theme cue
counts ``negated_theme_weight`` of its weight: "没有隐私" still talks about
privacy, "不方便" argues less for a benefit) and squashed into a probability
``1 - 0.5 ** sum``: one full-weight cue gives 0.5, two give 0.75.  A theme is
predicted when its probability reaches ``threshold``.  Sentiment sums
positive and negative cues (a negator flips a cue's polarity) into
``score = (pos - neg) / (pos + neg + 1)`` in (-1, 1); ``|score| >=
sentiment_margin`` gives positive or negative, else neutral.  Evidence is
the list of cues that fired.

The three numbers can be set per schema in an optional ``[lexicon]`` table
(``threshold``, ``negated_theme_weight``, ``sentiment_margin``) or as
keyword arguments.

>>> from argmine.schema import load_schema
>>> p = LexiconBackend(load_schema()).predict(["财不外露，太危险了"])[0]
>>> p.themes, p.sentiment
(('privacy',), 'negative')
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Sequence

from ..errors import ModelError
from ..schema import Schema, load_schema
from .base import Evidence, Prediction, backend_repr, check_texts, fit_drops_origin, loads_origin, register
from .cues import CueMatcher, check_training_data, model_schema, read_model_dir, write_config

_DEFAULTS = {"threshold": 0.5, "negated_theme_weight": 0.5, "sentiment_margin": 0.2}


#: Schemas already warned about for having no sentiment cues.
_WARNED_NO_SENTIMENT: set[str] = set()
#: Schemas already warned about for having themes without cues (which the lexicon never predicts).
_WARNED_NO_CUES: set[str] = set()


@register("lexicon")
class LexiconBackend:
    """Cue matching on jieba tokens with negation scope (see the module docstring).

    >>> from argmine.schema import load_schema
    >>> LexiconBackend(load_schema()).predict(["就这个创意给满分~"])[0].sentiment
    'positive'
    """

    name = "lexicon"
    __repr__ = backend_repr  # class, schema and themes, trained or not

    def __init__(
        self,
        schema: Schema | None = None,
        *,
        threshold: float | None = None,
        negated_theme_weight: float | None = None,
        sentiment_margin: float | None = None,
    ):
        self.schema = schema
        self.threshold = threshold
        self.negated_theme_weight = negated_theme_weight
        self.sentiment_margin = sentiment_margin

    def get_params(self) -> dict[str, Any]:
        """The effective settings (keyword argument, else the schema's ``[lexicon]`` table, else default)."""
        schema = self.schema or load_schema()
        table = schema.extra.get("lexicon", {}) if isinstance(schema.extra.get("lexicon"), dict) else {}
        out = {}
        for k, default in _DEFAULTS.items():
            v = getattr(self, k)
            v = table.get(k, default) if v is None else v
            if isinstance(v, bool) or not isinstance(v, (int, float)) or not 0 <= v <= 1:
                raise ModelError(f"lexicon backend: {k} must be a number in [0, 1], found {v!r}")
            out[k] = float(v)
        if not 0 < out["threshold"] <= 1:
            raise ModelError(f"lexicon backend: threshold must be in (0, 1], found {out['threshold']!r}")
        return out

    def _ready(self) -> None:
        if getattr(self, "matcher_", None) is None:
            self.schema_ = self.schema or load_schema()
            self.params_ = self.get_params()
            self.matcher_ = CueMatcher(self.schema_)
            from ..read import shown_path

            where = shown_path(self.schema_.source) if self.schema_.source else self.schema_.id  # as a UTF-8 locale shows it
            if not self.schema_.positive_cues and not self.schema_.negative_cues and where not in _WARNED_NO_SENTIMENT:
                _WARNED_NO_SENTIMENT.add(where)  # once, not once per cross-validation fold
                from ..errors import W_SCHEMA_NO_SENTIMENT_CUES, SchemaWarning, warn_caller

                # only the lexicon reads sentiment from cues; trained models need none
                warn_caller(W_SCHEMA_NO_SENTIMENT_CUES.format(where=where), SchemaWarning)
            bare = [t.id for t in self.schema_.themes if not t.cues]
            if bare and where not in _WARNED_NO_CUES:
                _WARNED_NO_CUES.add(where)  # once, as above; a trained model learns a theme from the gold, cues or not
                from ..errors import W_SCHEMA_THEME_NO_CUES, SchemaWarning, warn_caller

                named = ", ".join(map(repr, bare))
                themes = f"theme {named} has" if len(bare) == 1 else f"themes {named} have"
                warn_caller(W_SCHEMA_THEME_NO_CUES.format(where=where, themes=themes, it="it" if len(bare) == 1 else "them"),
                            SchemaWarning)

    @fit_drops_origin
    def fit(self, texts: Sequence[str], themes: Sequence[Sequence[str]], sentiments: Sequence[str], groups: Sequence[Any] | None = None) -> "LexiconBackend":
        """Validate the labelled data and return ``self``: the lexicon learns nothing."""
        self._ready()
        check_training_data(self.schema_, texts, themes, sentiments, groups)
        return self

    def predict(self, texts: Sequence[str]) -> list[Prediction]:
        """One :class:`Prediction` per text."""
        self._ready()
        limits = dict.fromkeys(self.schema_.theme_ids, self.params_["threshold"])
        return [self._predict_one(t, limits) for t in check_texts(texts)]

    def _predict_one(self, text: str, limits: dict[str, float]) -> Prediction:
        p = self.params_
        sums = {tid: 0.0 for tid in self.schema_.theme_ids}
        pos = neg = 0.0
        evidence: list[Evidence] = []
        for hit in self.matcher_.match(text):
            if hit.label in sums:
                w = hit.weight * (p["negated_theme_weight"] if hit.negated else 1.0)
                sums[hit.label] += w
                evidence.append(Evidence(hit.label, hit.surface, w))
            else:
                positive = (hit.label == "positive") != hit.negated
                if positive:
                    pos += hit.weight
                else:
                    neg += hit.weight
                evidence.append(Evidence("sentiment", hit.surface, hit.weight if positive else -hit.weight))
        scores = {tid: 1.0 - 0.5**s for tid, s in sums.items()}
        themes = tuple(tid for tid in self.schema_.theme_ids if scores[tid] >= p["threshold"])
        score = (pos - neg) / (pos + neg + 1.0)
        if score >= p["sentiment_margin"] and score > 0:
            label = "positive"
        elif score <= -p["sentiment_margin"] and score < 0:
            label = "negative"
        else:
            label = "neutral"
        return Prediction(themes, scores, label, score, tuple(evidence), limits)

    def save(self, path: str | Path) -> None:
        """Write ``config.json`` (the settings) and ``schema.toml``."""
        self._ready()
        config = {"backend": self.name, "version": 1, "themes": list(self.schema_.theme_ids), "params": self.params_}
        write_config(Path(path), config, self.schema_)

    @classmethod
    @loads_origin
    def load(cls, path: str | Path, schema: Schema | None = None, *, config: dict | None = None) -> "LexiconBackend":
        """Read a directory written by :meth:`save` (``config``: its ``config.json`` as the caller has read it, not read again)."""
        path, config = read_model_dir(path, cls.name, config)
        schema = model_schema(path, schema, config)
        params = config.get("params", {})
        if not isinstance(params, dict) or set(params) - set(_DEFAULTS):
            raise ModelError(f"{path}: config.json has unknown lexicon params {params!r}; retrain with 'argmine train'")
        self = cls(schema, **params)
        self._ready()
        return self
