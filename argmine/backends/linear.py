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
import os
import re
from pathlib import Path
from typing import Any, Sequence

from .._files import default_modes
from ..errors import E_SEED, ArgmineError, ModelError, SchemaError, failed_write
from ..ngram_index import MAX_N, CharNgramIndex, count_terms
from ..schema import Schema, load_schema
from .base import Evidence, Prediction, backend_repr, check_texts, fit_drops_origin, is_seed, record_origin, register
from .cues import CueMatcher, check_training_data, model_schema, schema_toml, tokenize, tokenizer_name, write_config

WEIGHTS_FILE = "weights.safetensors"
#: The ``version`` of the model directory this code writes and reads.
FORMAT_VERSION = 1
_SEP = "\x1f"  # joins jieba tokens into the string the word vectorizer reads
_PUNCT = set("，,。.！!？?；;：:、…—-~～()（）「」“”\"'《》【】[] \t\n")
_PUNCT_CHARS = "".join(sorted(_PUNCT))


def _word_ngrams(doc: str) -> list[str]:
    """Word 1-2-grams of a ``_SEP``-joined token string (punctuation tokens dropped)."""
    words = [w for w in doc.split(_SEP) if w.strip(_PUNCT_CHARS)]  # i.e. not all(c in _PUNCT for c in w)
    return words + [f"{a} {b}" for a, b in zip(words, words[1:])]


_WHITE_SPACES = re.compile(r"\s\s+")  # what scikit-learn's char analyzer collapses to one space


def _char_ngrams(text: str, lo: int, hi: int) -> list[str]:
    """Char ``lo``-``hi``-grams of ``text`` as scikit-learn's ``analyzer="char"`` makes them (same multiset).

    >>> sorted(_char_ngrams("AB  c", 1, 2))
    [' ', ' c', 'a', 'ab', 'b', 'b ', 'c']
    """
    t = _WHITE_SPACES.sub(" ", text.lower())
    out: list[str] = []
    grams = list(t)  # n-grams for n = 1, then extended by one character per step
    n = 1
    while grams:
        if n >= lo:
            out += grams
        if n >= hi:
            break
        grams = list(map(str.__add__, grams, t[n:]))
        n += 1
    return out


def _tfidf_block(rows, cols, counts, n_docs: int, idf, weight: float):
    """(rows, cols, data) of a sublinear-tf TF-IDF block with a fixed vocabulary, L2-normalised rows.

    The same numbers as scikit-learn's ``TfidfVectorizer(sublinear_tf=True).transform``
    (fixed vocabulary, float64) times ``weight``, in row-major order with
    sorted columns; the row norms are summed left to right as its
    ``normalize`` does, so the values are bit-identical.
    """
    import numpy as np

    data = counts.astype(np.float64)
    np.log(data, out=data)
    data += 1.0
    data *= idf[cols]
    sq = (data * data).tolist()
    bounds = np.searchsorted(rows, np.arange(n_docs + 1)).tolist()
    norms = np.array([math.sqrt(sum(sq[a:b])) for a, b in zip(bounds, bounds[1:])])
    norms[norms == 0.0] = 1.0
    data /= norms[rows]
    if weight != 1.0:
        data *= weight
    return rows, cols, data


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
    ``True`` (require it) or ``False``.  ``nb`` (off by default) scales the
    n-gram features by the naive-Bayes log-count ratio before the regression
    (NB-LR) for the theme models, the sentiment model or both (``"themes"``,
    ``"sentiment"``, ``True``); the scale is folded into the stored weights.
    ``theme_polarity`` (off by default) lets the theme models weigh the
    general polarity score too; off, only the sentiment model reads it, so a
    cheerful comment about anything does not lean towards a theme.

    >>> LinearBackend().C_theme
    4.0
    """

    name = "linear"
    __repr__ = backend_repr  # class, schema and themes, trained or not

    _PARAMS = (
        "C_theme", "C_sentiment", "char_ngrams", "word_ngrams", "min_df", "char_weight", "word_weight",
        "cue_weight", "polarity_weight", "sentiment_class_weight", "cv", "seed", "evidence_top", "polarity", "nb",
        "theme_polarity",
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
        nb: bool | str = False,
        theme_polarity: bool = False,
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
        self.nb = nb
        self.theme_polarity = theme_polarity

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
        if not is_seed(self.seed):  # numpy's limit: a traceback from inside scikit-learn otherwise
            raise ModelError("linear backend: " + E_SEED.format(name="seed", value=self.seed))
        self.seed = int(self.seed)  # a numpy integer passes is_seed; config.json (JSON) takes only int
        if self.sentiment_class_weight not in (None, "balanced"):
            raise ModelError("linear backend: sentiment_class_weight must be 'balanced' or null (--param sentiment_class_weight=null; "
                             f"None in Python), found {self.sentiment_class_weight!r}")
        if self.polarity not in ("auto", True, False):
            raise ModelError(f"linear backend: polarity must be 'auto', true or false, found {self.polarity!r}")
        if not (isinstance(self.nb, bool) or self.nb in ("sentiment", "themes")):
            raise ModelError(f"linear backend: nb must be true, false, 'sentiment' or 'themes', found {self.nb!r}")
        if not isinstance(self.theme_polarity, bool):
            raise ModelError(f"linear backend: theme_polarity must be true or false, found {self.theme_polarity!r}")

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
        joined = [_SEP.join([w for w, _, _ in toks]) for toks in tokens]
        if fit:
            char, word = self._vectorizers()
            Xc = _fit_block(char, texts)
            Xw = _fit_block(word, joined) if word is not None else None
            self.char_vec_, self.word_vec_ = char, word
            self._set_vocabulary(list(char.get_feature_names_out()), char.idf_,
                                 list(word.get_feature_names_out()) if word is not None else None,
                                 word.idf_ if word is not None else None)
        else:
            return self._transform(texts, tokens, joined)
        cues, hits = self._cue_features(texts, tokens)
        blocks = [Xc * self.char_weight]
        if Xw is not None:
            blocks.append(Xw * self.word_weight)
        blocks.append(sparse.csr_matrix(cues * self.cue_weight))
        if self.polarity_model_ is not None:
            pol = np.asarray(self.polarity_model_.score(list(texts)), dtype=np.float64).reshape(-1, 1)
            blocks.append(sparse.csr_matrix(pol * self.polarity_weight))
        return sparse.hstack(blocks, format="csr"), hits

    def _set_vocabulary(self, char_terms, char_idf, word_terms, word_idf) -> None:
        """The fitted n-gram vocabularies (terms in column order) and idf vectors that predict uses."""
        self.vocabulary_ = {"char": char_terms, "word": word_terms}
        self.char_index_ = {t: i for i, t in enumerate(char_terms)}
        self.word_index_ = {t: i for i, t in enumerate(word_terms)} if word_terms is not None else None
        self.idf_char_, self.idf_word_ = char_idf, word_idf
        self.char_ngram_index_ = None  # built at the first predict

    def _transform(self, texts: Sequence[str], tokens: Sequence[list], joined: Sequence[str]):
        """The feature matrix of ``_features(fit=True)`` for new texts, without scikit-learn.

        Builds the CSR matrix that ``sparse.hstack`` of the blocks would give
        (same values, same column order within each row).
        """
        import numpy as np
        from scipy import sparse

        n = len(texts)
        lo, hi = self.char_ngrams
        if hi <= MAX_N:  # all char n-grams of the batch at once, as integers
            if self.char_ngram_index_ is None:
                self.char_ngram_index_ = CharNgramIndex(self.vocabulary_["char"], lo, hi)
            counted = self.char_ngram_index_.count([_WHITE_SPACES.sub(" ", t.lower()) for t in texts])
        else:
            counted = count_terms([_char_ngrams(t, lo, hi) for t in texts], self.char_index_)
        parts = [_tfidf_block(*counted, n, self.idf_char_, self.char_weight)]
        offset = len(self.char_index_)
        if self.word_index_ is not None:
            r, c, d = _tfidf_block(*count_terms([_word_ngrams(j) for j in joined], self.word_index_), n, self.idf_word_, self.word_weight)
            parts.append((r, c + offset, d))
            offset += len(self.word_index_)
        cues, hits = self._cue_features(texts, tokens)
        dense = [cues * self.cue_weight]
        if self.polarity_model_ is not None:
            pol = np.asarray(self.polarity_model_.score(list(texts)), dtype=np.float64).reshape(-1, 1)
            dense.append(pol * self.polarity_weight)
        D = np.hstack(dense)
        r, c = np.nonzero(D)
        parts.append((r, c + offset, D[r, c]))
        rows = np.concatenate([p[0] for p in parts])
        order = np.argsort(rows, kind="stable")  # row by row, blocks in order, columns sorted within a block
        indptr = np.zeros(n + 1, dtype=np.int64)
        np.cumsum(np.bincount(rows, minlength=n), out=indptr[1:])
        cols = np.concatenate([p[1] for p in parts])[order]
        data = np.concatenate([p[2] for p in parts])[order]
        return sparse.csr_matrix((data, cols, indptr), shape=(n, offset + D.shape[1])), hits

    def _feature_names(self) -> list[str]:
        names = [f"c:{t}" for t in self.vocabulary_["char"]]
        if self.vocabulary_["word"] is not None:
            names += [f"w:{t}" for t in self.vocabulary_["word"]]
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

    def _folds(self, n: int, groups, calibrate=None):
        """Internal CV splits (grouped when ``groups`` is given); empty when there is too little data.

        Only texts whose ``calibrate`` flag is true are split into folds; the
        others are on the training side of every split.
        """
        import numpy as np
        from sklearn.model_selection import GroupKFold, KFold

        cal = np.arange(n) if calibrate is None else np.flatnonzero(np.asarray(calibrate, dtype=bool))
        always = np.setdiff1d(np.arange(n), cal)
        if groups is not None:
            g = np.asarray([str(groups[i]) for i in cal])
            k = min(self.cv, len(set(g)))
            if k < 2:
                return []
            splits = GroupKFold(n_splits=k, shuffle=True, random_state=self.seed).split(cal, groups=g)
        else:
            k = min(self.cv, len(cal))
            if k < 2:
                return []
            splits = KFold(n_splits=k, shuffle=True, random_state=self.seed).split(cal)
        if not len(always):
            return list(splits)
        return [(np.sort(np.concatenate([cal[tr], always])), cal[te]) for tr, te in splits]

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

    @fit_drops_origin
    def fit(self, texts: Sequence[str], themes: Sequence[Sequence[str]], sentiments: Sequence[str], groups: Sequence[Any] | None = None,
            calibrate: Sequence[bool] | None = None) -> "LinearBackend":
        """Train on normalised texts, theme lists and sentiment labels; return ``self``.

        ``calibrate`` (one flag per text) says which texts the internal folds
        may hold out to calibrate probabilities and choose thresholds
        (default: all).  The others, e.g. examples written for training that
        read unlike the texts to be classified, are always on the training side.
        """
        import numpy as np
        from sklearn.linear_model import LogisticRegression

        self._check_params()
        schema = self.schema or load_schema()
        texts, theme_lists, sents = check_training_data(schema, texts, themes, sentiments, groups)
        self.schema_ = schema
        self.matcher_ = CueMatcher(schema)
        self.polarity_model_ = self._load_polarity(self.polarity)
        if calibrate is not None and len(calibrate) != len(texts):
            raise ModelError(f"fit got {len(calibrate)} calibrate flags for {len(texts)} texts; pass one per text")
        X, _ = self._features(texts, fit=True)
        folds = self._folds(len(texts), groups, calibrate)
        ids = schema.theme_ids
        W = np.zeros((len(ids), X.shape[1]))
        b = np.zeros(len(ids))
        platt = np.zeros((len(ids), 2))
        thr = np.zeros(len(ids))
        # NB-LR (Wang & Manning 2012): the n-gram columns are scaled by |NB log-count ratio| before
        # the regression and the scale is folded into the stored weights ((x * r) . w == x . (r * w)),
        # so prediction and saved models are unchanged.  Cue and polarity columns keep scale 1.
        n_tail = 2 * len(ids) + 2 + (1 if self.polarity_model_ is not None else 0)
        nb_themes, nb_sent = self.nb in (True, "themes"), self.nb in (True, "sentiment")
        Xs = X  # the sentiment model's features; the theme models' leave out the polarity score unless asked
        if self.polarity_model_ is not None and not self.theme_polarity:
            X = X.multiply(np.r_[np.ones(X.shape[1] - 1), 0.0]).tocsr()  # an all-zero column gets weight 0
        for i, tid in enumerate(ids):
            y = np.array([tid in ts for ts in theme_lists], dtype=int)
            # the ratio sees every training label, so the internal out-of-fold calibration is slightly optimistic
            r = _nb_scale(X, y == 1, n_tail) if nb_themes and 0 < y.sum() < len(y) else None
            W[i], b[i], platt[i, 0], platt[i, 1], thr[i] = self._fit_theme(X if r is None else X.multiply(r).tocsr(), y, folds)
            if r is not None:
                W[i] *= r
        classes = [c for c in schema.sentiments if c in set(sents)]
        S = np.zeros((len(classes), X.shape[1]))
        c = np.zeros(len(classes))
        if len(classes) > 1:
            lr = LogisticRegression(C=self.C_sentiment, class_weight=self.sentiment_class_weight, max_iter=3000, random_state=self.seed)
            y = np.array(sents)
            # one shared scale for the multinomial model: per column the largest |ratio| of a class vs the rest
            r = np.max([_nb_scale(Xs, y == k, n_tail) for k in classes], axis=0) if nb_sent else None
            lr.fit(Xs if r is None else Xs.multiply(r).tocsr(), y)
            if r is not None:
                lr.coef_ = lr.coef_ * r
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
        texts = check_texts(texts)
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
        n = len(texts)
        P_rows = P.tolist()
        chosen = P >= self.thresholds_
        theme_rows = [tuple(tid for tid, on in zip(ids, row) if on) for row in chosen.tolist()]
        labels = [classes[k] for k in np.argmax(Q, axis=1).tolist()]
        pos = classes.index("positive") if "positive" in classes else None
        neg = classes.index("negative") if "negative" in classes else None
        evidence = self._evidence(X, chosen, labels, hits) if self.evidence_top else [()] * n
        limits = dict(zip(ids, self.thresholds_.tolist()))  # one dict shared by the batch's predictions
        out = []
        for r in range(n):
            q = Q[r]
            score = float((q[pos] if pos is not None else 0.0) - (q[neg] if neg is not None else 0.0))
            out.append(Prediction(theme_rows[r], dict(zip(ids, P_rows[r])), labels[r], score, evidence[r], limits))
        return out

    def _evidence(self, X, theme_on, labels, hits) -> list[tuple[Evidence, ...]]:
        """Per row: for each predicted theme, then for a positive/negative sentiment, the
        ``evidence_top`` features that pushed that label hardest (contribution = weight x value),
        mapped to readable terms; a term inside one already chosen is skipped."""
        import numpy as np

        n = X.shape[0]
        idx, vals = X.indices, X.data
        # (small integers let numpy sort the rows by radix sort)
        nnz_row = np.repeat(np.arange(n, dtype=np.int16 if n < 2**15 else np.int64), np.diff(X.indptr))
        names = self.feature_names_
        cached = getattr(self, "_evidence_terms_", None)
        if cached is None or cached[0] is not names:
            # readable term of each n-gram feature (None: blank); False: a cue, read from the hits
            cached = self._evidence_terms_ = (names, [False if nm.startswith(("cue:", "negcue:")) else self._readable(nm, ()) for nm in names])
        static = cached[1]
        ev: list[list[Evidence]] = [[] for _ in range(n)]

        def pick(label, contrib, sign, rows):
            # the features with sign * contribution > 0, per row, largest first (ties: column order)
            pushed = sign * contrib
            sel = np.flatnonzero((pushed > 0) & rows[nnz_row])
            order = sel[np.lexsort((-pushed[sel], nnz_row[sel]))]
            bounds = np.searchsorted(nnz_row[order], np.arange(n + 1)).tolist()
            cols, values = idx[order].tolist(), contrib[order].tolist()
            for r in np.flatnonzero(rows).tolist():
                picked: list[str] = []
                for j in range(bounds[r], bounds[r + 1]):
                    if len(picked) >= self.evidence_top:
                        break
                    term = static[cols[j]]
                    if term is False:
                        term = self._readable(names[cols[j]], hits[r])
                    if term is None or any(term in c for c in picked):
                        continue
                    picked.append(term)
                    ev[r].append(Evidence(label, term, values[j]))

        for i, tid in enumerate(self.schema_.theme_ids):
            if theme_on[:, i].any():
                pick(tid, self.theme_coef_[i][idx] * vals, 1, theme_on[:, i])
        k = self.sentiment_classes_
        if {"positive", "negative"} <= set(k):
            w = self.sentiment_coef_[k.index("positive")] - self.sentiment_coef_[k.index("negative")]
            lab = np.array([{"positive": 1, "negative": -1}.get(x, 0) for x in labels])
            if lab.any():
                pick("sentiment", w[idx] * vals, lab[nnz_row], lab != 0)
        return [tuple(e) for e in ev]

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
        """Write config.json, weights.safetensors and schema.toml (no pickle).

        ``config.json`` and the weights' metadata carry the save's ``generation`` (a hash of what it wrote), and
        ``config.json`` the hash of its ``schema.toml`` (``schema_sha256``): :meth:`load` tells the files of one
        save from those of another written into the same folder meanwhile.
        """
        import numpy as np
        from safetensors import SafetensorError
        from safetensors.numpy import save_file

        self._check_fitted()
        path = Path(path)
        config = {
            "backend": self.name,
            "version": FORMAT_VERSION,
            "themes": list(self.schema_.theme_ids),
            "sentiment_classes": list(self.sentiment_classes_),
            "params": self.get_params(),
            "uses_polarity": self.polarity_model_ is not None,
            "n_train": self.n_train_,
            "tokenizer": tokenizer_name(),  # the word n-grams and cues were read with it
            "cue_fingerprint": cue_fingerprint(self.schema_),  # load warns when schema.toml's cues are edited later
            "vocabulary": {
                "char": list(self.vocabulary_["char"]),
                "word": list(self.vocabulary_["word"]) if self.vocabulary_["word"] is not None else None,
            },
        }
        arrays = {
            "theme_coef": self.theme_coef_, "theme_intercept": self.theme_intercept_,
            "platt": self.platt_, "thresholds": self.thresholds_,
            "sentiment_coef": self.sentiment_coef_, "sentiment_intercept": self.sentiment_intercept_,
            "idf_char": self.idf_char_,
        }
        if self.idf_word_ is not None:
            arrays["idf_word"] = self.idf_word_
        arrays = {k: np.ascontiguousarray(v, dtype=np.float64) for k, v in arrays.items()}
        # load tells this save's files from those of another save into the same folder (train -o replacing it)
        config["schema_sha256"] = schema_digest(schema_toml(self.schema_))
        config["generation"] = _generation(config, arrays)
        write_config(path, config, self.schema_)
        try:
            with default_modes(path / WEIGHTS_FILE):
                save_file(arrays, str(path / WEIGHTS_FILE), metadata={"generation": config["generation"]})
        except (OSError, SafetensorError) as e:  # safetensors reports a failed write (a full disk) as its own error
            cause = failed_write(e)
            if cause is None:
                raise
            raise ModelError(f"{path}: cannot write {WEIGHTS_FILE} ({cause.strerror})") from cause

    @classmethod
    def load(cls, path: str | Path, schema: Schema | None = None, *, config: dict[str, Any] | None = None) -> "LinearBackend":
        """Read a directory written by :meth:`save`; it predicts exactly as the saved model did.

        ``config``: its ``config.json`` as the caller has read it (:func:`argmine.load_model`), not read again.

        A folder that ``argmine train -o`` replaces while it is read holds files of two saves for a moment: their
        ``generation`` differs (a file missing counts too), and the folder is read again a few times
        (:data:`REREAD_WAITS`), ``config.json`` included (``config`` is then updated in place to what was read),
        before it is called mixed; or, when the folder's files were other ones after each reading (saves kept
        coming), changed while it was being read (:data:`E_MODEL_CHANGED`: to be loaded again once they stop).
        A ``schema.toml`` naming other themes than ``config.json`` that two readings find the same (no save under
        way: edited by hand since the save, a theme added or an id renamed) is said to be so, naming both lists
        (:data:`~argmine.errors.E_MODEL_SCHEMA_THEMES_EDITED`), not called mixed.
        A model saved before generations were written is read as before.  The backend keeps where it was read
        from (:func:`~argmine.backends.base.record_origin`), named by the ``config.json`` it was read with.
        """
        import time

        where, path = str(path), Path(path)
        given = config
        read = None
        seen = None  # what the last reading found: a schema.toml and config.json found unchanged since are not a save under way
        failed = []  # the folder's files after each reading that failed: other ones each time, saves kept replacing them
        for attempt, wait in enumerate(REREAD_WAITS):
            try:
                read = cls._read(path, schema, config, again=attempt > 0, last=False)
                break
            except _Reread as e:
                failed.append(_folder_state(path))
                if e.state is not None and e.state == seen:  # the same files twice: a schema.toml edited since the save
                    if e.settled is not None:  # naming other themes than config.json: no reading would load it
                        raise e.settled from None
                    break
                seen = e.state
                time.sleep(wait)
                config = None  # read config.json again too: it may be the one that belongs to the other save
        if read is None:
            try:
                read = cls._read(path, schema, config, again=True, last=True)
            except _Reread as e:
                failed.append(_folder_state(path))
                if e.settled is not None and e.state is not None and e.state == seen:  # found so again: no save under way
                    raise e.settled from None
                if len(set(failed)) > 1:  # saves kept coming (train -o, save() in a loop): no reading found one whole
                    raise ModelError(E_MODEL_CHANGED.format(path=path, n=len(failed))) from None
                raise e.error from None
        self, used = read
        if given is not None and used is not given:  # the caller (load_model) records the config.json of what it loaded
            given.clear()
            given.update(used)
        # (not base.loads_origin: it reads config.json once more after the load, which may be another save's by then)
        return record_origin(self, where, used)

    @classmethod
    def _read(cls, path: Path, schema: Schema | None, config: dict[str, Any] | None, *, again: bool, last: bool
              ) -> tuple["LinearBackend", dict[str, Any]]:
        """One reading of :meth:`load`: the backend and the ``config.json`` it was read with; :class:`_Reread` when the
        files are not all of one save (or one is missing), carrying the error to raise if that does not pass.

        ``again``: an earlier reading found the folder changing (then ``config.json`` missing is a moment of the
        replacement too); ``last``: the last reading, where a ``schema.toml`` with other cues than the save's is
        one edited since (a warning), not one of another save.
        """
        from safetensors import SafetensorError

        import numpy as np

        from ..errors import (E_LINEAR_VERSION, E_LINEAR_WEIGHTS, E_MODEL_INCOMPLETE, E_MODEL_MIXED, W_MODEL_CUES_READ_BEFORE,
                              W_MODEL_SCHEMA_EDITED, W_MODEL_TOKENIZER, SchemaWarning, warn_caller)
        from .base import MODEL_CONFIG, broken_model_file, loaded_model_config
        from .cues import SCHEMA_FILE

        # config.json read here (not passed in): the weights are read right before it, so that only a save that
        # replaces the folder between the two readings mixes them, not one during the slower reading of
        # config.json and schema.toml in between (a link is read in its turn, once config.json's reading has
        # checked that it does not lead out of the folder)
        read_here = config is None
        weights = _read_weights(path) if read_here and not os.path.islink(path / WEIGHTS_FILE) else None
        before = _file_state(path / MODEL_CONFIG)
        try:
            config = loaded_model_config(path, cls.name, config)
        except ModelError as e:
            now = _file_state(path / MODEL_CONFIG)
            # between the old config.json moved out and the new one in, or another one put in while it was read
            if (again and now is None) or (read_here and now != before):
                raise _Reread(e) from None
            raise
        if not (path / SCHEMA_FILE).is_file():  # a link to nothing is no save under way: said at once
            raise broken_model_file(path, SCHEMA_FILE) or _Reread(
                ModelError(E_MODEL_INCOMPLETE.format(path=path, what=f"missing {SCHEMA_FILE}")))
        version = config.get("version", FORMAT_VERSION)  # written since the first saved model; absent: read as the first
        if version != FORMAT_VERSION:
            raise ModelError(E_LINEAR_VERSION.format(path=path, found=version, known=FORMAT_VERSION))
        own = schema is None
        if "themes" not in config:  # save always writes it: without it the weights' rows would be given to themes by position
            raise ModelError(E_LINEAR_DAMAGED.format(path=path, what="KeyError: 'themes'"))

        def other_schema() -> _Reread | None:  # schema.toml is not the one saved with config.json (read after it was parsed)
            saved = config.get("schema_sha256")
            digest = _file_digest(path / SCHEMA_FILE)
            if not own or saved is None or digest in (None, saved):
                return None
            return _Reread(ModelError(E_MODEL_MIXED.format(path=path, what=f"{SCHEMA_FILE} is not the one saved with config.json "
                                                                            "(it names other themes)")),
                           state=(digest, _file_state(path / MODEL_CONFIG)))

        schema_file = _file_state(path / SCHEMA_FILE)
        try:
            schema = model_schema(path, schema, config)
        except ModelError:  # config.json names other themes than schema.toml: another save's, when its hash differs
            mixed = other_schema()
            if mixed is None:
                raise
            # or, when the next reading finds the same files, a schema.toml changed since the save (edited, copied in)
            mixed.settled = _themes_edited(path, config)
            raise mixed from None
        except SchemaError as e:
            if own and _file_state(path / SCHEMA_FILE) != schema_file:  # gone or replaced while it was read: the replacement
                raise _Reread(ModelError(E_MODEL_INCOMPLETE.format(path=path, what=f"missing {SCHEMA_FILE}"))
                              if schema_file is None or not (path / SCHEMA_FILE).exists() else e) from None
            raise
        stored = config.get("cue_fingerprint")
        edited = stored is not None and stored != cue_fingerprint(schema)
        # the fingerprint says whether the cues in use are other than the trained ones; schema.toml says which: a
        # --schema with other cues than schema.toml's is warned about naming them, one with its cues as schema.toml is
        other: list[str] | None = _other_cues(path, schema) if edited and not own else []
        # the fingerprint of schema.toml's cues as an older argmine read them (white space kept, repeats counted):
        # the file is unchanged, only how it is read
        read_before = edited and other == [] and _fingerprint_as_before(path / SCHEMA_FILE) == stored
        edited = edited and not read_before
        if edited and own and not last:  # a schema.toml edited since the save stays so: warned about below
            mixed = other_schema()
            if mixed is not None:
                raise mixed
        try:
            if weights is None:
                weights = _read_weights(path)
            if isinstance(weights, FileNotFoundError):
                raise broken_model_file(path, WEIGHTS_FILE) or _Reread(
                    ModelError(E_MODEL_INCOMPLETE.format(path=path, what=f"missing {WEIGHTS_FILE}")))
            if isinstance(weights, Exception):
                raise weights
            generation, arrays = weights
            for name, a in arrays.items():  # save writes float64 only: anything else was written by another hand
                if a.dtype != np.float64 or not np.isfinite(a).all():
                    what = f"dtype {a.dtype}, not float64" if a.dtype != np.float64 else "NaN or infinite values"
                    raise ModelError(E_LINEAR_WEIGHTS.format(path=path, file=WEIGHTS_FILE, name=name, what=what))
            if generation != config.get("generation") and (generation or config.get("generation")):
                raise _Reread(ModelError(E_MODEL_MIXED.format(path=path, what=f"config.json and {WEIGHTS_FILE} are of two different saves")))
            if stored is None and not own:  # a model saved without a fingerprint: the schema given against schema.toml
                _warn_other_cues(path, schema, _other_cues(path, schema))
            elif edited and other != []:  # other cues than schema.toml's (None: it cannot be read, only the fingerprint)
                _warn_other_cues(path, schema, other or ["cues"])
            elif edited:  # schema.toml's cues, edited since the save
                warn_caller(W_MODEL_SCHEMA_EDITED.format(path=path), SchemaWarning)
            elif read_before:
                warn_caller(W_MODEL_CUES_READ_BEFORE.format(path=path), SchemaWarning)
            params = dict(config["params"])
            params["char_ngrams"] = tuple(params["char_ngrams"])
            self = cls(schema, **params)
            self._check_params()
            vocab = config["vocabulary"]
            for kind in ("char", "word"):  # save writes lists of strings (word: null without word n-grams)
                terms = vocab[kind]
                if (kind == "char" or terms is not None) and not (isinstance(terms, list) and all(isinstance(t, str) for t in terms)):
                    raise ValueError(f"vocabulary[{kind!r}] must be a list of strings")
                if terms is not None and len(set(terms)) != len(terms):  # one column per term: a repeat shifts every later one
                    seen: set[str] = set()
                    again = next(t for t in terms if t in seen or seen.add(t))
                    raise ValueError(f"vocabulary[{kind!r}] lists the term {again!r} twice")
            # predict needs no scikit-learn: the vocabularies and idf vectors are all it uses
            self._set_vocabulary(list(vocab["char"]), arrays["idf_char"],
                                 list(vocab["word"]) if vocab["word"] is not None else None,
                                 arrays["idf_word"] if vocab["word"] is not None else None)
            for terms, idf in ((self.vocabulary_["char"], self.idf_char_), (self.vocabulary_["word"], self.idf_word_)):
                if terms is not None and idf.shape != (len(terms),):
                    raise ValueError(f"{len(terms)} vocabulary terms but {idf.shape} idf weights")
            self.schema_ = schema
            self.matcher_ = CueMatcher(schema)
            self.polarity_model_ = self._load_polarity(True if config["uses_polarity"] else False)
            self.theme_coef_, self.theme_intercept_ = arrays["theme_coef"], arrays["theme_intercept"]
            self.platt_, self.thresholds_ = arrays["platt"], arrays["thresholds"]
            self.sentiment_coef_, self.sentiment_intercept_ = arrays["sentiment_coef"], arrays["sentiment_intercept"]
            self.sentiment_classes_ = tuple(config["sentiment_classes"])
            self.n_train_ = int(config.get("n_train", 0))
        except (_DAMAGED + (SafetensorError,)) as e:  # OSError: weights.safetensors is a folder, unreadable
            raise ModelError(E_LINEAR_DAMAGED.format(path=path, what=f"{type(e).__name__}: {e}")) from None
        self.feature_names_ = self._feature_names()
        n_themes, n_features, n_sent = len(schema.theme_ids), len(self.feature_names_), len(self.sentiment_classes_)
        if self.theme_coef_.shape != (n_themes, n_features):
            raise ModelError(f"{path}: weights do not match the vocabulary ({self.theme_coef_.shape} vs {len(self.feature_names_)} features); retrain")
        # a model trained on gold without some sentiment class keeps only the classes it saw (never predicts the rest)
        classes_ok = 0 < n_sent == len(set(self.sentiment_classes_)) and set(self.sentiment_classes_) <= set(schema.sentiments)
        if (not classes_ok or self.sentiment_coef_.shape != (n_sent, n_features)
                or self.sentiment_intercept_.shape != (n_sent,) or self.theme_intercept_.shape != (n_themes,)
                or self.platt_.shape != (n_themes, 2) or self.thresholds_.shape != (n_themes,)):
            raise ModelError(f"{path}: config.json does not match weights.safetensors (themes {list(schema.theme_ids)}, "
                             f"sentiment classes {list(self.sentiment_classes_)}); the directory is damaged, retrain with 'argmine train'")
        trained = _trained_class_order(path, config, schema if own else None, self.sentiment_classes_)
        if trained is not None and list(self.sentiment_classes_) != trained:  # the sentiment model's rows are in that order
            raise ModelError(E_LINEAR_CLASS_ORDER.format(path=path, found=list(self.sentiment_classes_), trained=trained))
        trained_with = config.get("tokenizer")
        if trained_with and trained_with != tokenizer_name():
            warn_caller(W_MODEL_TOKENIZER.format(path=path, trained=trained_with, used=tokenizer_name()))
        return self, config


#: Seconds :meth:`LinearBackend.load` waits before each new reading of a folder found changing (files of two saves):
#: ``argmine train -o`` moves a model's few files into place in well under a millisecond.
REREAD_WAITS = (0.05, 0.1, 0.2)


#: The last reading of :meth:`LinearBackend.load` still found files of two saves (or one missing), and the folder's
#: files were other ones at each failed reading: saves kept replacing it while it was read.
E_MODEL_CHANGED = ("{path}: the model changed while it was being read ({n} readings; another save, 'argmine train -o' or save() "
                   "in Python, is writing into the folder); load it again once that save has finished")


class _Reread(Exception):
    """A model folder read while another save replaced it: read it again; ``error`` is raised if it stays so.

    ``state``: what was found, where finding it again unchanged means no save is under way (a ``schema.toml``
    edited by hand since the save: its digest, and ``config.json``'s :func:`_file_state`); ``None``: read again.
    ``settled``: the error to raise instead of ``error`` when the next reading finds that ``state`` again (a
    ``schema.toml`` naming other themes than ``config.json``, left so: edited by hand, not a save under way).
    """

    def __init__(self, error: ArgmineError, state: Any = None, settled: ArgmineError | None = None):
        super().__init__(str(error))
        self.error = error
        self.state = state
        self.settled = settled


#: A linear model's ``config.json`` or weights that cannot be read as :meth:`LinearBackend.save` wrote them (``what``:
#: the error, ``KeyError: 'themes'`` for a field it always writes).
E_LINEAR_DAMAGED = "{path}: damaged linear model ({what}); retrain with 'argmine train'"
#: ``config.json``'s ``sentiment_classes`` in another order than save wrote them (the schema's ``[labels]`` order).
E_LINEAR_CLASS_ORDER = (
    "{path}: config.json lists the sentiment classes {found}, but the model was trained with them in the order {trained} "
    "(that of its schema.toml's [labels], unchanged since the save); its weights would be read as other classes: "
    "put them back in that order, or retrain with 'argmine train'"
)


def _trained_class_order(path: Path, config: dict[str, Any], schema: Schema | None, classes: Sequence[str]) -> list[str] | None:
    """The order :meth:`LinearBackend.save` wrote ``classes`` in (``fit`` keeps the schema's ``[labels]`` order), read
    from the model's ``schema.toml`` (``schema``: as already read, or ``None``); ``None`` when it cannot be known: a
    ``schema.toml`` edited since the save (its hash is not ``config.json``'s ``schema_sha256``), or a model saved without it.
    """
    from .cues import SCHEMA_FILE

    saved = config.get("schema_sha256")
    if saved is None or _file_digest(path / SCHEMA_FILE) != saved:
        return None
    if schema is None:
        try:
            schema = load_schema(path / SCHEMA_FILE, warn=False)
        except Exception:  # noqa: BLE001 - a schema.toml that cannot be read is not in use: the schema given is
            return None
    kept = set(classes)  # fit keeps only the classes its gold had
    return [c for c in schema.sentiments if c in kept]


#: What reading a damaged linear model raises (beside ``SafetensorError``): :meth:`LinearBackend.load` says it is damaged.
_DAMAGED = (KeyError, TypeError, ValueError, OSError)


def _read_weights(path: Path) -> tuple[str | None, dict[str, Any]] | Exception:
    """The ``generation`` in the metadata of ``path``'s ``weights.safetensors`` and its arrays; or, when they cannot be
    read, the error (for :meth:`LinearBackend._read` to raise where it reports the weights, after ``config.json``'s errors):
    a :class:`~argmine.errors.ModelError` saying so for a file this user may not read."""
    from safetensors import SafetensorError, safe_open

    from .base import refused_model_file

    try:
        with safe_open(str(path / WEIGHTS_FILE), framework="np") as f:
            # one get_tensor per key: safe_open has no get_tensors() before safetensors 0.8, and pyproject allows 0.4
            return (f.metadata() or {}).get("generation"), {key: f.get_tensor(key) for key in f.keys()}
    except (_DAMAGED + (SafetensorError,)) as e:  # safetensors says "not found" of a file it may not open, too
        return refused_model_file(path / WEIGHTS_FILE) or e


def _file_state(path: Path) -> tuple[int, int, int] | None:
    """``path``'s inode, size and modification time (ns): another file put in its place changes them."""
    try:
        st = path.stat()
    except (OSError, ValueError):  # ValueError: a name no file can have (a NUL in it)
        return None
    return (st.st_ino, st.st_size, st.st_mtime_ns)


def _folder_state(path: Path) -> tuple:
    """The :func:`_file_state` of each of a linear model's files in ``path``: another save into it changes it."""
    from .base import MODEL_CONFIG
    from .cues import SCHEMA_FILE

    return tuple(_file_state(path / name) for name in (MODEL_CONFIG, SCHEMA_FILE, WEIGHTS_FILE))


def _generation(config: dict[str, Any], arrays: dict[str, Any]) -> str:
    """What :meth:`LinearBackend.save` writes as the ``generation`` of its files: a hash of ``config`` and the weights.

    A hash, not a random id, so that training twice on the same data writes the same bytes.
    """
    import hashlib
    import json

    h = hashlib.sha256(json.dumps(config, ensure_ascii=False, sort_keys=True).encode("utf-8"))
    for name in sorted(arrays):
        a = arrays[name]
        h.update(f"\x00{name}\x00{a.dtype.str}\x00{a.shape}\x00".encode())
        h.update(a.tobytes())
    return h.hexdigest()[:32]


def schema_digest(text: str) -> str:
    """The SHA-256 of a ``schema.toml`` text as :meth:`LinearBackend.save` writes it (``config.json``'s ``schema_sha256``);
    line endings and a byte-order mark aside, as the file reads back on any system.

    >>> schema_digest("[schema]\\r\\nid = 'x'\\r\\n") == schema_digest("\\ufeff[schema]\\nid = 'x'\\n")
    True
    """
    import hashlib

    text = text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


def _themes_edited(path: Path, config: dict[str, Any]) -> ModelError | None:
    """:data:`~argmine.errors.E_MODEL_SCHEMA_THEMES_EDITED` for a model folder whose ``schema.toml`` names other
    themes than ``config`` (its ``config.json``); ``None`` when either list cannot be read (the load says why, not this).
    """
    from ..errors import E_MODEL_SCHEMA_THEMES_EDITED, H_THEMES_EDITED_FINGERPRINT
    from .cues import SCHEMA_FILE

    trained = config.get("themes")
    if not isinstance(trained, list) or not all(isinstance(t, str) for t in trained):
        return None
    try:
        found = load_schema(path / SCHEMA_FILE, warn=False).theme_ids
    except Exception:  # noqa: BLE001 - a schema.toml that cannot be read now: the error of the reading stands
        return None
    return ModelError(E_MODEL_SCHEMA_THEMES_EDITED.format(path=path, found=list(found), trained=trained, train="",
                                                          fingerprint=H_THEMES_EDITED_FINGERPRINT))


def _file_digest(path: Path) -> str | None:
    """:func:`schema_digest` of the file ``path``; ``None`` when it cannot be read (the load says why, not this)."""
    try:
        return schema_digest(path.read_text("utf-8-sig"))
    except (OSError, ValueError):
        return None


def _other_cues(path: Path, schema: Schema) -> list[str] | None:
    """What ``schema`` (given for a model) has other than the model's own ``schema.toml``: ``"theme cues"``,
    ``"sentiment cues"``, ``"negations"`` (empty: the same cues); ``None`` when ``schema.toml`` cannot be read."""
    try:
        own = load_schema(path / "schema.toml", warn=False)  # only compared here: what it would warn about is not in use
    except Exception:  # noqa: BLE001 - a damaged schema.toml is not in use: the schema given is
        return None
    return [w for w, a, b in (
        ("theme cues", [t.cues for t in own.themes], [t.cues for t in schema.themes]),
        ("sentiment cues", (own.positive_cues, own.negative_cues), (schema.positive_cues, schema.negative_cues)),
        ("negations", (own.negations, own.negation_window), (schema.negations, schema.negation_window)),
    ) if a != b]


def _warn_other_cues(path: Path, schema: Schema, what: list[str] | None) -> None:
    """Warn that ``schema`` (given for a model) has other cues than the model was trained with, naming ``what`` differs."""
    from ..errors import W_MODEL_OTHER_CUES, SchemaWarning, warn_caller

    if what:
        from ..read import shown_path

        warn_caller(W_MODEL_OTHER_CUES.format(path=shown_path(str(path)), given=shown_path(schema.source), what=" and ".join(what)), SchemaWarning)


def cue_fingerprint(schema: Schema) -> str:
    """A SHA-256 of what the cue features read from ``schema``: theme cues, sentiment cues and negations.

    Stored in ``config.json`` by :meth:`LinearBackend.save`, so that a model
    whose ``schema.toml`` was edited since (cues removed) loads with a
    warning: its weights were fitted on the old cues' features.

    >>> from argmine.schema import load_schema
    >>> len(cue_fingerprint(load_schema()))
    64
    """
    import hashlib
    import json

    def cues(items):
        return [[c.term, float(c.weight), bool(c.regex)] for c in items]

    what = {"themes": [[t.id, cues(t.cues)] for t in schema.themes], "positive": cues(schema.positive_cues),
            "negative": cues(schema.negative_cues), "negations": list(schema.negations), "window": schema.negation_window}
    return hashlib.sha256(json.dumps(what, ensure_ascii=False, sort_keys=True).encode("utf-8")).hexdigest()


def _fingerprint_as_before(path: Path) -> str | None:
    """:func:`cue_fingerprint` of the schema file ``path`` read as an older argmine read it
    (:func:`argmine.schema.read_as_before`); ``None`` where it cannot be read so."""
    from ..errors import SchemaError
    from ..schema import read_as_before

    try:
        return cue_fingerprint(read_as_before(path))
    except (SchemaError, OSError):
        return None


def _nb_scale(X, pos, n_tail: int):
    """|NB log-count ratio| (binarised features, add-one smoothing) of ``pos`` rows vs the rest per
    column; the last ``n_tail`` columns (cues, polarity) get 1."""
    import numpy as np

    B = X.tocsr(copy=True)
    B.data[:] = 1.0
    pos = np.asarray(pos, dtype=float)
    p = 1.0 + np.asarray(B.T @ pos).ravel()
    q = 1.0 + np.asarray(B.T @ (1.0 - pos)).ravel()
    r = np.abs(np.log(p / p.sum()) - np.log(q / q.sum()))
    if n_tail:
        r[-n_tail:] = 1.0
    return r


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
