"""The ``linear`` backend (the default): logistic regression over n-grams and cues.

Features, each block L2-normalised and weighted:

* character 1-3-grams (TF-IDF, sublinear tf) of the normalised text;
* jieba word 1-2-grams (TF-IDF);
* lexicon-cue features from the schema (see :mod:`argmine.backends.cues`):
  per theme ``log1p`` of the cue weights that fired, plain and negated; the
  positive and negative polarity cues (a negator flips the polarity);
* the general polarity score of :mod:`argmine.polarity` when that module is
  available (``polarity="auto"``).

Themes are one-vs-rest logistic regressions (balanced class weights).  Their
probabilities are calibrated by Platt scaling on out-of-fold decision values
from internal cross-validation (folds grouped by ``groups`` when given, so
neighbouring units never straddle a fold), and each theme's decision
threshold is the one that maximised F1 on those out-of-fold probabilities.
Sentiment is a 3-class (multinomial) logistic regression; its score is
``P(positive) - P(negative)``.  Evidence lists the features that pushed a
predicted label hardest, mapped back to readable n-grams and cues.

A saved model is ``config.json`` (settings, vocabularies, thresholds),
``weights.safetensors`` (float64 arrays) and ``schema.toml``: no pickle.

>>> from argmine.schema import load_schema
>>> texts = ["财不外露", "太危险了,隐私都暴露了", "支付宝做社交是对的", "红包转账很方便", "今天天气不错", "我去吃饭了"]
>>> themes = [["privacy"], ["privacy"], ["pro_social"], ["pro_social"], [], []]
>>> sentiments = ["negative", "negative", "positive", "positive", "neutral", "neutral"]
>>> m = LinearBackend(load_schema(), polarity=False).fit(texts, themes, sentiments)
>>> m.predict(["隐私暴露太危险"])[0].sentiment
'negative'
"""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any, Sequence

from ..errors import ArgmineError, ModelError
from ..schema import Schema, load_schema
from .base import Evidence, Prediction, register
from .cues import CueMatcher, check_training_data, model_schema, read_model_dir, tokenize, write_config

WEIGHTS_FILE = "weights.safetensors"
_SEP = "\x1f"  # joins jieba tokens into the string the word vectorizer reads
_PUNCT = set("，,。.！!？?；;：:、…—-~～()（）「」“”\"'《》【】[] \t\n")


def _word_ngrams(doc: str) -> list[str]:
    """Word 1-2-grams of a ``_SEP``-joined token string (punctuation tokens dropped)."""
    words = [w for w in doc.split(_SEP) if w and not all(c in _PUNCT for c in w)]
    return words + [f"{a} {b}" for a, b in zip(words, words[1:])]


def _require_polarity():
    try:
        from .. import polarity  # noqa: PLC0415 - optional module, built separately
    except ImportError:
        return None
    return polarity


@register("linear")
class LinearBackend:
    """Calibrated one-vs-rest logistic regression per theme plus a 3-class sentiment model.

    ``C_theme`` / ``C_sentiment`` are inverse regularisation strengths;
    ``char_weight``, ``word_weight``, ``cue_weight`` scale the feature blocks;
    ``cv`` is the number of internal folds for calibration and thresholds;
    ``polarity`` is ``"auto"`` (use :mod:`argmine.polarity` if present),
    ``True`` (require it) or ``False``.

    >>> LinearBackend().C_theme
    4.0
    """

    name = "linear"

    _PARAMS = (
        "C_theme", "C_sentiment", "char_ngrams", "word_ngrams", "min_df", "char_weight", "word_weight",
        "cue_weight", "polarity_weight", "sentiment_class_weight", "cv", "seed", "evidence_top", "polarity",
    )

    def __init__(
        self,
        schema: Schema | None = None,
        *,
        C_theme: float = 4.0,
        C_sentiment: float = 1.0,
        char_ngrams: tuple[int, int] | list[int] = (1, 3),
        word_ngrams: bool = True,
        min_df: int = 2,
        char_weight: float = 1.0,
        word_weight: float = 0.25,
        cue_weight: float = 1.0,
        polarity_weight: float = 1.0,
        sentiment_class_weight: str | None = "balanced",
        cv: int = 5,
        seed: int = 0,
        evidence_top: int = 3,
        polarity: bool | str = "auto",
    ):
        self.schema = schema
        self.C_theme = C_theme
        self.C_sentiment = C_sentiment
        self.char_ngrams = char_ngrams
        self.word_ngrams = word_ngrams
        self.min_df = min_df
        self.char_weight = char_weight
        self.word_weight = word_weight
        self.cue_weight = cue_weight
        self.polarity_weight = polarity_weight
        self.sentiment_class_weight = sentiment_class_weight
        self.cv = cv
        self.seed = seed
        self.evidence_top = evidence_top
        self.polarity = polarity

    def get_params(self) -> dict[str, Any]:
        """Constructor arguments except ``schema`` (what ``config.json`` stores)."""
        out = {k: getattr(self, k) for k in self._PARAMS}
        out["char_ngrams"] = list(out["char_ngrams"])
        return out

    def _check_params(self) -> None:
        for k in ("C_theme", "C_sentiment"):
            v = getattr(self, k)
            if isinstance(v, bool) or not isinstance(v, (int, float)) or not math.isfinite(v) or v <= 0:
                raise ModelError(f"linear backend: {k} must be a positive number, found {v!r}")
        for k in ("char_weight", "word_weight", "cue_weight", "polarity_weight"):
            v = getattr(self, k)
            if isinstance(v, bool) or not isinstance(v, (int, float)) or not math.isfinite(v) or v < 0:
                raise ModelError(f"linear backend: {k} must be a non-negative number, found {v!r}")
        lo_hi = list(self.char_ngrams)
        if len(lo_hi) != 2 or not all(isinstance(x, int) for x in lo_hi) or not 1 <= lo_hi[0] <= lo_hi[1] <= 6:
            raise ModelError(f"linear backend: char_ngrams must be two integers 1 <= lo <= hi <= 6, found {self.char_ngrams!r}")
        for k, lo in (("min_df", 1), ("cv", 2), ("evidence_top", 0)):
            v = getattr(self, k)
            if isinstance(v, bool) or not isinstance(v, int) or v < lo:
                raise ModelError(f"linear backend: {k} must be an integer >= {lo}, found {v!r}")
        if self.sentiment_class_weight not in (None, "balanced"):
            raise ModelError(f"linear backend: sentiment_class_weight must be 'balanced' or None, found {self.sentiment_class_weight!r}")
        if self.polarity not in ("auto", True, False):
            raise ModelError(f"linear backend: polarity must be 'auto', true or false, found {self.polarity!r}")

    # -- features ------------------------------------------------------------

    def _vectorizers(self, vocab_char=None, vocab_word=None):
        import numpy as np
        from sklearn.feature_extraction.text import TfidfVectorizer

        lo, hi = self.char_ngrams
        common = {"sublinear_tf": True, "dtype": np.float64}
        char = TfidfVectorizer(analyzer="char", ngram_range=(lo, hi), lowercase=True, min_df=self.min_df, vocabulary=vocab_char, **common)
        word = TfidfVectorizer(analyzer=_word_ngrams, lowercase=False, min_df=self.min_df, vocabulary=vocab_word, **common) if self.word_ngrams else None
        return char, word

    def _cue_features(self, texts: Sequence[str], tokens: Sequence[list]):
        """Dense cue block: per theme plain and negated sums, then positive and negative polarity sums."""
        import numpy as np

        ids = self.schema_.theme_ids
        index = {tid: i for i, tid in enumerate(ids)}
        T = len(ids)
        out = np.zeros((len(texts), 2 * T + 2))
        hits_all = []
        for r, (text, toks) in enumerate(zip(texts, tokens)):
            hits = self.matcher_.match(text, toks)
            hits_all.append(hits)
            for h in hits:
                if h.label in index:
                    out[r, index[h.label] + (T if h.negated else 0)] += h.weight
                else:
                    positive = (h.label == "positive") != h.negated
                    out[r, 2 * T + (0 if positive else 1)] += h.weight
        return np.log1p(out), hits_all

    def _features(self, texts: Sequence[str], *, fit: bool = False):
        import numpy as np
        from scipy import sparse

        tokens = [tokenize(t) for t in texts]
        joined = [_SEP.join(w for w, _, _ in toks) for toks in tokens]
        if fit:
            char, word = self._vectorizers()
            Xc = _fit_block(char, texts)
            Xw = _fit_block(word, joined) if word is not None else None
            self.char_vec_, self.word_vec_ = char, word
        else:
            Xc = self.char_vec_.transform(texts)
            Xw = self.word_vec_.transform(joined) if self.word_vec_ is not None else None
        cues, hits = self._cue_features(texts, tokens)
        blocks = [Xc * self.char_weight]
        if Xw is not None:
            blocks.append(Xw * self.word_weight)
        blocks.append(sparse.csr_matrix(cues * self.cue_weight))
        if self.polarity_model_ is not None:
            pol = np.asarray(self.polarity_model_.score(list(texts)), dtype=np.float64).reshape(-1, 1)
            blocks.append(sparse.csr_matrix(pol * self.polarity_weight))
        return sparse.hstack(blocks, format="csr"), hits

    def _feature_names(self) -> list[str]:
        names = [f"c:{t}" for t in self.char_vec_.get_feature_names_out()]
        if self.word_vec_ is not None:
            names += [f"w:{t}" for t in self.word_vec_.get_feature_names_out()]
        ids = self.schema_.theme_ids
        names += [f"cue:{t}" for t in ids] + [f"negcue:{t}" for t in ids] + ["cue:positive", "cue:negative"]
        if self.polarity_model_ is not None:
            names.append("polarity")
        return names

    def _load_polarity(self, wanted: bool | str):
        if wanted is False:
            return None
        module = _require_polarity()
        if module is None:
            if wanted is True:
                raise ModelError(
                    "this linear model uses the general polarity feature, but argmine.polarity is not available; "
                    "install the full argmine package or retrain with polarity=False"
                )
            return None
        if wanted is True:
            return module.load_default()
        try:  # "auto": use the packaged polarity model when it has been built
            return module.load_default()
        except ArgmineError:
            return None

    # -- training ------------------------------------------------------------

    def _folds(self, n: int, groups):
        """Internal CV splits (grouped when ``groups`` is given); empty when there is too little data."""
        import numpy as np
        from sklearn.model_selection import GroupKFold, KFold

        if groups is not None:
            g = np.asarray([str(x) for x in groups])
            k = min(self.cv, len(set(g)))
            if k < 2:
                return []
            return list(GroupKFold(n_splits=k, shuffle=True, random_state=self.seed).split(np.zeros(n), groups=g))
        k = min(self.cv, n)
        if k < 2:
            return []
        return list(KFold(n_splits=k, shuffle=True, random_state=self.seed).split(np.zeros(n)))

    def _theme_lr(self):
        from sklearn.linear_model import LogisticRegression

        return LogisticRegression(C=self.C_theme, class_weight="balanced", solver="liblinear", max_iter=1000, random_state=self.seed)

    def _fit_theme(self, X, y, folds):
        """(coef, intercept, platt_a, platt_b, threshold) for one theme."""
        import numpy as np
        from sklearn.linear_model import LogisticRegression

        F = X.shape[1]
        pos = int(y.sum())
        if pos == 0 or pos == len(y):
            # nothing to separate: a constant model (probability ~0 or ~1)
            return np.zeros(F), 0.0, 0.0, (-8.0 if pos == 0 else 8.0), 0.5
        model = self._theme_lr().fit(X, y)
        coef, intercept = model.coef_[0].copy(), float(model.intercept_[0])
        oof = np.full(len(y), np.nan)
        for tr, te in folds:
            if 0 < y[tr].sum() < len(tr):
                oof[te] = self._theme_lr().fit(X[tr], y[tr]).decision_function(X[te])
        ok = ~np.isnan(oof)
        a, b, threshold = 1.0, 0.0, 0.5
        if ok.sum() >= 4 and 0 < y[ok].sum() < ok.sum():
            platt = LogisticRegression(C=1e4, solver="lbfgs").fit(oof[ok].reshape(-1, 1), y[ok])
            a, b = float(platt.coef_[0, 0]), float(platt.intercept_[0])
            if a > 0:
                prob = 1.0 / (1.0 + np.exp(-(a * oof[ok] + b)))
                threshold = _best_threshold(prob, y[ok])
            else:  # out-of-fold scores carry no signal: keep the model's own probabilities
                a, b = 1.0, 0.0
        return coef, intercept, a, b, threshold

    def fit(self, texts: Sequence[str], themes: Sequence[Sequence[str]], sentiments: Sequence[str], groups: Sequence[Any] | None = None) -> "LinearBackend":
        """Train on normalised texts, theme lists and sentiment labels; return ``self``."""
        import numpy as np
        from sklearn.linear_model import LogisticRegression

        self._check_params()
        schema = self.schema or load_schema()
        texts, theme_lists, sents = check_training_data(schema, texts, themes, sentiments, groups)
        self.schema_ = schema
        self.matcher_ = CueMatcher(schema)
        self.polarity_model_ = self._load_polarity(self.polarity)
        X, _ = self._features(texts, fit=True)
        folds = self._folds(len(texts), groups)
        ids = schema.theme_ids
        W = np.zeros((len(ids), X.shape[1]))
        b = np.zeros(len(ids))
        platt = np.zeros((len(ids), 2))
        thr = np.zeros(len(ids))
        for i, tid in enumerate(ids):
            y = np.array([tid in ts for ts in theme_lists], dtype=int)
            W[i], b[i], platt[i, 0], platt[i, 1], thr[i] = self._fit_theme(X, y, folds)
        classes = [c for c in schema.sentiments if c in set(sents)]
        S = np.zeros((len(classes), X.shape[1]))
        c = np.zeros(len(classes))
        if len(classes) > 1:
            lr = LogisticRegression(C=self.C_sentiment, class_weight=self.sentiment_class_weight, max_iter=3000, random_state=self.seed)
            lr.fit(X, np.array(sents))
            order = [list(lr.classes_).index(k) for k in classes]
            if len(classes) == 2:  # sklearn keeps one row; softmax over [-z/2, z/2] is the same sigmoid
                S[0], S[1] = -lr.coef_[0] / 2, lr.coef_[0] / 2
                c[0], c[1] = -lr.intercept_[0] / 2, lr.intercept_[0] / 2
                if order != [0, 1]:
                    S, c = S[::-1].copy(), c[::-1].copy()
            else:
                S, c = lr.coef_[order].copy(), lr.intercept_[order].copy()
        self.theme_coef_, self.theme_intercept_, self.platt_, self.thresholds_ = W, b, platt, thr
        self.sentiment_classes_ = tuple(classes)
        self.sentiment_coef_, self.sentiment_intercept_ = S, c
        self.feature_names_ = self._feature_names()
        self.n_train_ = len(texts)
        return self

    # -- prediction ----------------------------------------------------------

    def _check_fitted(self) -> None:
        if getattr(self, "theme_coef_", None) is None:
            raise ModelError("this linear model is not trained yet; call fit(...) or load a model directory first")

    def predict(self, texts: Sequence[str]) -> list[Prediction]:
        """One :class:`Prediction` per text (per-theme probabilities, sentiment, evidence)."""
        import numpy as np

        self._check_fitted()
        texts = list(texts)
        if not texts:
            return []
        X, hits = self._features(texts)
        D = np.asarray(X @ self.theme_coef_.T) + self.theme_intercept_
        P = 1.0 / (1.0 + np.exp(-(self.platt_[:, 0] * D + self.platt_[:, 1])))
        classes = self.sentiment_classes_
        if len(classes) > 1:
            Z = np.asarray(X @ self.sentiment_coef_.T) + self.sentiment_intercept_
            Z -= Z.max(axis=1, keepdims=True)
            Q = np.exp(Z)
            Q /= Q.sum(axis=1, keepdims=True)
        else:
            Q = np.ones((len(texts), 1))
        ids = self.schema_.theme_ids
        out = []
        for r in range(len(texts)):
            scores = {tid: float(P[r, i]) for i, tid in enumerate(ids)}
            themes = tuple(tid for i, tid in enumerate(ids) if P[r, i] >= self.thresholds_[i])
            probs = dict(zip(classes, Q[r]))
            label = classes[int(np.argmax(Q[r]))]
            score = float(probs.get("positive", 0.0) - probs.get("negative", 0.0))
            evidence = self._evidence(X[r], themes, label, hits[r]) if self.evidence_top else ()
            out.append(Prediction(themes, scores, label, score, evidence))
        return out

    def _evidence(self, x, themes, label, hits) -> tuple[Evidence, ...]:
        import numpy as np

        idx, vals = x.indices, x.data
        ev: list[Evidence] = []
        rows = [(tid, self.theme_coef_[self.schema_.theme_ids.index(tid)][idx] * vals, 1) for tid in themes]
        if label in ("positive", "negative") and {"positive", "negative"} <= set(self.sentiment_classes_):
            k = self.sentiment_classes_
            w = self.sentiment_coef_[k.index("positive")] - self.sentiment_coef_[k.index("negative")]
            rows.append(("sentiment", w[idx] * vals, 1 if label == "positive" else -1))
        for tid, contrib, sign in rows:
            chosen: list[str] = []
            for j in np.argsort(-sign * contrib, kind="stable"):
                if sign * contrib[j] <= 0 or len(chosen) >= self.evidence_top:
                    break
                term = self._readable(self.feature_names_[idx[j]], hits)
                if term is None or any(term in c for c in chosen):
                    continue
                chosen.append(term)
                ev.append(Evidence(tid, term, float(contrib[j])))
        return tuple(ev)

    def _readable(self, name: str, hits) -> str | None:
        kind, _, term = name.partition(":")
        if kind in ("c", "w"):
            return term.strip() or None
        if kind in ("cue", "negcue"):
            if term in ("positive", "negative"):
                fired = [h.surface for h in hits
                         if h.label in ("positive", "negative") and ((h.label == "positive") != h.negated) == (term == "positive")]
            else:
                fired = [h.surface for h in hits if h.label == term and h.negated == (kind == "negcue")]
            return " / ".join(dict.fromkeys(fired)) or None
        return name  # "polarity"

    # -- persistence ---------------------------------------------------------

    def save(self, path: str | Path) -> None:
        """Write config.json, weights.safetensors and schema.toml (no pickle)."""
        import numpy as np
        from safetensors.numpy import save_file

        self._check_fitted()
        path = Path(path)
        config = {
            "backend": self.name,
            "version": 1,
            "themes": list(self.schema_.theme_ids),
            "sentiment_classes": list(self.sentiment_classes_),
            "params": self.get_params(),
            "uses_polarity": self.polarity_model_ is not None,
            "n_train": self.n_train_,
            "vocabulary": {
                "char": list(self.char_vec_.get_feature_names_out()),
                "word": list(self.word_vec_.get_feature_names_out()) if self.word_vec_ is not None else None,
            },
        }
        write_config(path, config, self.schema_)
        arrays = {
            "theme_coef": self.theme_coef_, "theme_intercept": self.theme_intercept_,
            "platt": self.platt_, "thresholds": self.thresholds_,
            "sentiment_coef": self.sentiment_coef_, "sentiment_intercept": self.sentiment_intercept_,
            "idf_char": self.char_vec_.idf_,
        }
        if self.word_vec_ is not None:
            arrays["idf_word"] = self.word_vec_.idf_
        try:
            save_file({k: np.ascontiguousarray(v, dtype=np.float64) for k, v in arrays.items()}, str(path / WEIGHTS_FILE))
        except OSError as e:
            raise ModelError(f"{path}: cannot write {WEIGHTS_FILE} ({e.strerror})") from None

    @classmethod
    def load(cls, path: str | Path, schema: Schema | None = None) -> "LinearBackend":
        """Read a directory written by :meth:`save`; it predicts exactly as the saved model did."""
        from safetensors import SafetensorError
        from safetensors.numpy import load_file

        path, config = read_model_dir(path, cls.name)
        schema = model_schema(path, schema, config)
        try:
            params = dict(config["params"])
            params["char_ngrams"] = tuple(params["char_ngrams"])
            self = cls(schema, **params)
            self._check_params()
            arrays = load_file(str(path / WEIGHTS_FILE))
            vocab = config["vocabulary"]
            char, word = self._vectorizers({t: i for i, t in enumerate(vocab["char"])},
                                           {t: i for i, t in enumerate(vocab["word"])} if vocab["word"] is not None else None)
            char.idf_ = arrays["idf_char"]
            if word is not None:
                word.idf_ = arrays["idf_word"]
            self.char_vec_, self.word_vec_ = char, word
            self.schema_ = schema
            self.matcher_ = CueMatcher(schema)
            self.polarity_model_ = self._load_polarity(True if config["uses_polarity"] else False)
            self.theme_coef_, self.theme_intercept_ = arrays["theme_coef"], arrays["theme_intercept"]
            self.platt_, self.thresholds_ = arrays["platt"], arrays["thresholds"]
            self.sentiment_coef_, self.sentiment_intercept_ = arrays["sentiment_coef"], arrays["sentiment_intercept"]
            self.sentiment_classes_ = tuple(config["sentiment_classes"])
            self.n_train_ = int(config.get("n_train", 0))
        except FileNotFoundError:
            raise ModelError(f"{path}: missing {WEIGHTS_FILE}; the model directory is incomplete, retrain with 'argmine train'") from None
        except (KeyError, TypeError, ValueError, SafetensorError) as e:
            raise ModelError(f"{path}: damaged linear model ({type(e).__name__}: {e}); retrain with 'argmine train'") from None
        self.feature_names_ = self._feature_names()
        if self.theme_coef_.shape != (len(schema.theme_ids), len(self.feature_names_)):
            raise ModelError(f"{path}: weights do not match the vocabulary ({self.theme_coef_.shape} vs {len(self.feature_names_)} features); retrain")
        return self


def _best_threshold(prob, y) -> float:
    """The threshold in 0.05..0.95 that maximises F1 (ties: the one nearest 0.5)."""
    import numpy as np

    best, best_f = 0.5, -1.0
    for t in sorted(np.round(np.arange(0.05, 0.951, 0.05), 2), key=lambda t: abs(t - 0.5)):
        pred = prob >= t
        tp = float(np.sum(pred & (y == 1)))
        f = 2 * tp / (pred.sum() + y.sum()) if (pred.sum() + y.sum()) else 0.0
        if f > best_f + 1e-12:
            best, best_f = float(t), f
    return best


def _fit_block(vectorizer, docs):
    """Fit a TF-IDF block; on data too small for ``min_df`` keep every n-gram instead."""
    try:
        return vectorizer.fit_transform(docs)
    except ValueError:
        vectorizer.set_params(min_df=1)
        try:
            return vectorizer.fit_transform(docs)
        except ValueError:
            raise ModelError("the training texts contain no characters to learn from; check the text field") from None
