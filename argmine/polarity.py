"""General Chinese polarity model: is a text positive or negative?

A linear model (logistic regression) over TF-IDF weighted character n-grams
(and optionally jieba words), trained on public review data.  It knows
nothing about argument themes; it gives every text a polarity score in
[-1, 1] that the sentiment stage and the ``linear`` backend use as a
feature.  The packaged artifact lives in ``argmine/models/polarity/`` and is
rebuilt by ``scripts/build_polarity.py`` (see ``docs/sentiment.md``).

A model directory holds ``config.json`` (parameters, classes, provenance),
``vocab.json`` (the n-gram vocabulary, in column order) and
``weights.safetensors`` (idf, coefficients, intercept).  Nothing is ever
unpickled.

>>> from argmine.polarity import load_default
>>> s = load_default().score(["服务很好，下次还来", "太差了，再也不来了"])
>>> bool(s[0] > 0 > s[1])
True
"""

from __future__ import annotations

import csv
import json
import re
import unicodedata
from collections import defaultdict
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any, Iterable, Sequence

from .backends.base import check_texts
from .errors import (
    E_POLARITY_BAD_FILES,
    E_POLARITY_LABEL,
    E_POLARITY_LENGTHS,
    E_POLARITY_NO_MODEL,
    E_POLARITY_ONE_CLASS,
    E_POLARITY_PARAM,
    E_POLARITY_UNFITTED,
    E_REVIEW_CSV,
    InputError,
    ModelError,
)

if TYPE_CHECKING:  # pragma: no cover - typing only
    import numpy as np

__all__ = [
    "CLASSES",
    "PolarityModel",
    "ReviewSet",
    "build_default",
    "default_polarity_path",
    "heldout_split",
    "load_default",
    "load_reviews",
    "near_duplicates",
    "split_fingerprint",
    "training_data",
]

#: Label names, in the column order of ``predict_proba``.
CLASSES = ("negative", "positive")
FORMAT = "argmine-polarity"
FORMAT_VERSION = 1
CONFIG_FILE = "config.json"
VOCAB_FILE = "vocab.json"
WEIGHTS_FILE = "weights.safetensors"
_WORD_PREFIX = "\x01"  # marks jieba word features so they never collide with char n-grams
_LABEL_ALIASES = {
    0: 0, 1: 1, "0": 0, "1": 1,
    "negative": 0, "positive": 1, "neg": 0, "pos": 1,
}


def _normalise(text: str) -> str:
    """NFKC + lower case, so half- and full-width punctuation read the same."""
    return unicodedata.normalize("NFKC", text).replace("\ufeff", "").lower()


class _Analyzer:
    """Turn a text into its features: char n-grams, plus jieba words if asked.

    A plain callable (not a closure) so that ``CountVectorizer`` can use it
    in ``fit`` and with a fixed vocabulary after ``load``: the same code runs
    at training and at prediction time.
    """

    def __init__(self, ngram_range: tuple[int, int], words: bool):
        self.lo, self.hi = ngram_range
        self.words = words

    def __call__(self, text: str) -> list[str]:
        t = _normalise(text)
        n = len(t)
        feats = [t[i:i + k] for k in range(self.lo, self.hi + 1) for i in range(n - k + 1)]
        if self.words:
            from .segment import tokenize

            toks = [w for w, _, _ in tokenize(t) if not w.isspace()]
            feats.extend(_WORD_PREFIX + w for w in toks)
            feats.extend(_WORD_PREFIX + a + " " + b for a, b in zip(toks, toks[1:]))
        return feats


@dataclass
class PolarityModel:
    """Logistic regression over TF-IDF char n-grams: p(positive | text).

    Parameters (stored as given; checked in :meth:`fit`):

    - ``ngram_range``: smallest and largest char n-gram, e.g. ``(1, 3)``.
    - ``words``: also use jieba words and word bigrams as features.
    - ``nb``: NB-LR (Wang & Manning 2012): before the logistic regression,
      scale every feature column by its naive-Bayes log-count ratio
      ``r = log(p / |p|_1) - log(q / |q|_1)``, where ``p``/``q`` are
      ``nb_alpha`` plus the (sample-weighted) number of positive/negative
      training texts that contain the feature.  ``r`` is folded into
      ``coef_`` after fitting, so prediction costs exactly the same.
    - ``nb_alpha``: smoothing of the log-count ratio.
    - ``min_df``: drop n-grams seen in fewer training texts than this.
    - ``max_features``: keep at most this many n-grams (most frequent first,
      ties in sorted order), which bounds the size of the saved model.
    - ``C``: inverse L2 regularisation strength of the logistic regression.
    - ``max_iter``: solver iterations.

    Learned attributes: ``vocabulary_`` (list of features in column order),
    ``idf_``, ``coef_``, ``intercept_``, ``classes_``, ``meta_`` (free-form
    provenance saved with the model).

    >>> m = PolarityModel(min_df=1).fit(["很好", "不错", "很差", "糟糕"], [1, 1, 0, 0])
    >>> m.predict(["很好"]).tolist()
    ['positive']
    """

    ngram_range: tuple[int, int] = (1, 3)
    words: bool = False
    nb: bool = False
    nb_alpha: float = 1.0
    min_df: int = 2
    max_features: int | None = 200_000
    C: float = 64.0
    max_iter: int = 2000

    # --- parameters -------------------------------------------------------

    def get_params(self) -> dict[str, Any]:
        """The constructor arguments, as a dict (JSON-serialisable)."""
        return {
            "ngram_range": [int(self.ngram_range[0]), int(self.ngram_range[1])],
            "words": bool(self.words),
            "nb": bool(self.nb),
            "nb_alpha": float(self.nb_alpha),
            "min_df": int(self.min_df),
            "max_features": None if self.max_features is None else int(self.max_features),
            "C": float(self.C),
            "max_iter": int(self.max_iter),
        }

    def _check_params(self) -> None:
        try:
            lo, hi = self.ngram_range
        except (TypeError, ValueError):
            lo = hi = None
        if not (isinstance(lo, int) and isinstance(hi, int) and 1 <= lo <= hi):
            raise ModelError(E_POLARITY_PARAM.format(name="ngram_range", value=self.ngram_range,
                                                     expected="two integers 1 <= lo <= hi"))
        if not (isinstance(self.min_df, int) and self.min_df >= 1):
            raise ModelError(E_POLARITY_PARAM.format(name="min_df", value=self.min_df,
                                                     expected="an integer >= 1"))
        if self.max_features is not None and not (isinstance(self.max_features, int) and self.max_features >= 1):
            raise ModelError(E_POLARITY_PARAM.format(name="max_features", value=self.max_features,
                                                     expected="None or an integer >= 1"))
        if not (isinstance(self.C, (int, float)) and self.C > 0):
            raise ModelError(E_POLARITY_PARAM.format(name="C", value=self.C, expected="a number > 0"))
        if not (isinstance(self.nb_alpha, (int, float)) and self.nb_alpha > 0):
            raise ModelError(E_POLARITY_PARAM.format(name="nb_alpha", value=self.nb_alpha, expected="a number > 0"))

    # --- training ---------------------------------------------------------

    def fit(self, texts: Sequence[str], labels: Sequence[Any],
            sample_weight: "Sequence[float] | None" = None) -> "PolarityModel":
        """Learn the vocabulary, idf and weights from labelled texts; return ``self``.

        ``labels`` are 1/0, ``"positive"``/``"negative"`` (or ``"pos"``/``"neg"``).
        ``sample_weight`` optionally weighs texts (e.g. to balance corpora).

        >>> PolarityModel(min_df=1).fit(["好", "差"], ["positive", "negative"]).classes_
        ('negative', 'positive')
        """
        import numpy as np

        self._check_params()
        texts = check_texts(texts, "fit", ModelError)  # as a backend's predict checks them; a ModelError, as this model's other checks
        y = _encode_labels(labels)
        if len(y) != len(texts):
            raise ModelError(E_POLARITY_LENGTHS.format(what="labels", n=len(y), m=len(texts)))
        if len(set(y.tolist())) < 2:
            raise ModelError(E_POLARITY_ONE_CLASS)
        w = None
        if sample_weight is not None:
            w = np.asarray(sample_weight, dtype=np.float64)
            if w.shape != (len(texts),):
                raise ModelError(E_POLARITY_LENGTHS.format(what="sample_weight", n=len(w), m=len(texts)))

        counts, vocab, idf = self._fit_vocabulary(texts)
        return self._fit_counts(counts, vocab, idf, y, w)

    def _fit_vocabulary(self, texts: Sequence[str]):
        """Count matrix, vocabulary (column order) and smooth idf of the training texts.

        Independent of labels and sample weights, so cross-validation can
        reuse it for every classifier setting (``scripts/build_polarity.py --cv``).
        """
        import numpy as np
        from sklearn.feature_extraction.text import CountVectorizer

        cv = CountVectorizer(analyzer=_Analyzer(tuple(self.ngram_range), self.words), min_df=self.min_df, dtype=np.float32)
        counts = cv.fit_transform(texts).tocsc()
        vocab = [""] * len(cv.vocabulary_)
        for term, j in cv.vocabulary_.items():  # scikit-learn numbers the n-grams in sorted order
            vocab[j] = term
        if self.max_features is not None and len(vocab) > self.max_features:
            # the most frequent n-grams, ties broken by the n-gram's sorted order: scikit-learn's own cap
            # breaks them by an argsort that is not stable, so which tied n-grams it kept depended on the
            # machine and numpy version (the packaged model's do; see docs/sentiment.md)
            tfs = np.asarray(counts.sum(axis=0)).ravel()
            keep = np.sort(np.argsort(-tfs, kind="stable")[: self.max_features])
            counts, vocab = counts[:, keep], [vocab[j] for j in keep]
        counts = counts.tocsr()
        # smooth idf, as scikit-learn's TfidfTransformer computes it
        df = np.bincount(counts.indices, minlength=counts.shape[1])
        idf = (np.log((1 + counts.shape[0]) / (1 + df)) + 1).astype(np.float32)
        return counts, vocab, idf

    def _fit_counts(self, counts, vocab: list[str], idf, y, w) -> "PolarityModel":
        """Fit the (NB-)LR weights on a count matrix from :meth:`_fit_vocabulary`; return ``self``."""
        import numpy as np
        from sklearn.linear_model import LogisticRegression

        self._check_params()
        X = _weigh(counts, idf)
        r = _log_count_ratio(counts, y, w, float(self.nb_alpha)) if self.nb else None
        if r is not None:
            X = X.multiply(r).tocsr()  # broadcasts r over columns
        clf = LogisticRegression(C=float(self.C), max_iter=self.max_iter, solver="liblinear", random_state=0)
        clf.fit(X, y, sample_weight=w)
        coef = clf.coef_.ravel()
        if r is not None:
            coef = coef * r  # (x * r) . c == x . (r * c): one weight vector at prediction time

        self.vocabulary_ = vocab
        self.idf_ = idf
        self.coef_ = coef.astype(np.float32)
        self.intercept_ = float(clf.intercept_[0])
        self.classes_ = CLASSES
        self.meta_ = {"n_train": int(counts.shape[0])}
        self._vectorizer_ = None
        return self

    # --- prediction -------------------------------------------------------

    def _check_fitted(self) -> None:
        if getattr(self, "coef_", None) is None:
            raise ModelError(E_POLARITY_UNFITTED)

    def _vectorizer(self):
        """The vocabulary index that :meth:`_counts` uses (built once after fit/load; reset to None there).

        Char n-grams only: a :class:`~argmine.ngram_index.CharNgramIndex`;
        with words: ``{feature: column}``.
        """
        vec = getattr(self, "_vectorizer_", None)
        if vec is None:
            from .ngram_index import MAX_N, CharNgramIndex

            lo, hi = self.ngram_range
            if not self.words and hi <= MAX_N:
                vec = CharNgramIndex(self.vocabulary_, lo, hi)
            else:
                vec = {t: j for j, t in enumerate(self.vocabulary_)}
            self._vectorizer_ = vec
        return vec

    def _counts(self, texts: Sequence[str]):
        """Feature counts of ``texts`` over the fixed vocabulary, float32 CSR with sorted columns.

        The matrix scikit-learn's ``CountVectorizer(vocabulary=...).transform``
        gives with the same analyzer, built without scikit-learn (faster, and
        scoring never imports it).
        """
        import numpy as np
        from scipy import sparse

        from .ngram_index import count_terms

        index = self._vectorizer()
        n = len(texts)
        if isinstance(index, dict):
            analyzer = _Analyzer(tuple(self.ngram_range), self.words)
            rows, cols, counts = count_terms([analyzer(t) for t in texts], index)
        else:  # the n-grams _Analyzer makes (words=False), counted as integers
            rows, cols, counts = index.count([_normalise(t) for t in texts])
        indptr = np.zeros(n + 1, dtype=np.int64)
        np.cumsum(np.bincount(rows, minlength=n), out=indptr[1:])
        return sparse.csr_matrix((counts.astype(np.float32), cols, indptr), shape=(n, len(self.vocabulary_)))

    def decision_function(self, texts: Sequence[str]) -> "np.ndarray":
        """Log-odds of *positive* for each text (float64 array, one per text)."""
        return self._decision(texts, "decision_function")

    def _decision(self, texts: Sequence[str], stage: str) -> "np.ndarray":
        import numpy as np

        self._check_fitted()
        texts = check_texts(texts, stage, ModelError)
        if not texts:
            return np.zeros(0, dtype=np.float64)
        X = _weigh_rows(self._counts(texts), self.idf_)
        return np.asarray(X @ self.coef_, dtype=np.float64) + self.intercept_

    def predict_proba(self, texts: Sequence[str]) -> "np.ndarray":
        """Probabilities, shape ``(n, 2)``, columns in :data:`CLASSES` order.

        >>> m = PolarityModel(min_df=1).fit(["很好", "很差"], [1, 0])
        >>> m.predict_proba(["很好"]).shape
        (1, 2)
        """
        import numpy as np

        z = self._decision(texts, "predict_proba")
        p = 1.0 / (1.0 + np.exp(-z))
        return np.column_stack([1.0 - p, p])

    def predict(self, texts: Sequence[str]) -> "np.ndarray":
        """``"positive"`` or ``"negative"`` per text (positive when p >= 0.5)."""
        import numpy as np

        z = self._decision(texts, "predict")
        return np.where(z >= 0, CLASSES[1], CLASSES[0])

    def score(self, texts: Sequence[str]) -> "np.ndarray":
        """Polarity in [-1, 1] per text: ``2 * p(positive) - 1``.

        Vectorised over the batch; pass many texts at once.

        >>> m = PolarityModel(min_df=1).fit(["很好", "很差"], [1, 0])
        >>> bool(-1 <= m.score(["很好"])[0] <= 1)
        True
        """
        import numpy as np

        # 2 * sigmoid(z) - 1 == tanh(z / 2), which cannot overflow
        return np.tanh(self._decision(texts, "score") / 2.0)

    def top_features(self, k: int = 20) -> dict[str, list[tuple[str, float]]]:
        """The ``k`` features that push hardest towards each class (for inspection)."""
        import numpy as np

        self._check_fitted()
        order = np.argsort(self.coef_)
        show = lambda j: (self.vocabulary_[j].replace(_WORD_PREFIX, "w:"), float(self.coef_[j]))
        return {"positive": [show(j) for j in order[::-1][:k]],
                "negative": [show(j) for j in order[:k]]}

    # --- persistence ------------------------------------------------------

    def save(self, path: "str | Path") -> Path:
        """Write the model to directory ``path`` (JSON + safetensors); return it.

        >>> import tempfile
        >>> m = PolarityModel(min_df=1).fit(["很好", "很差"], [1, 0])
        >>> d = m.save(tempfile.mkdtemp())
        >>> sorted(p.name for p in d.iterdir())
        ['config.json', 'vocab.json', 'weights.safetensors']
        """
        import numpy as np
        from safetensors.numpy import save_file

        from ._files import default_modes, write_text

        self._check_fitted()
        out = Path(path)
        out.mkdir(parents=True, exist_ok=True)
        config = {
            "format": FORMAT,
            "format_version": FORMAT_VERSION,
            "params": self.get_params(),
            "classes": list(CLASSES),
            "n_features": len(self.vocabulary_),
            "meta": self.meta_,
        }
        # a link in place of a file is replaced, never written through
        write_text(out / CONFIG_FILE, json.dumps(config, ensure_ascii=False, indent=2) + "\n", follow_links=False)
        write_text(out / VOCAB_FILE, json.dumps(self.vocabulary_, ensure_ascii=False, separators=(",", ":")), follow_links=False)
        with default_modes(out / WEIGHTS_FILE):
            save_file({
                "idf": np.ascontiguousarray(self.idf_, dtype=np.float32),
                "coef": np.ascontiguousarray(self.coef_, dtype=np.float32),
                "intercept": np.asarray([self.intercept_], dtype=np.float64),
            }, str(out / WEIGHTS_FILE))
        return out

    @classmethod
    def load(cls, path: "str | Path") -> "PolarityModel":
        """Read a model written by :meth:`save`.  Only JSON and safetensors are read.

        >>> from argmine.polarity import default_polarity_path
        >>> PolarityModel.load(default_polarity_path()).classes_
        ('negative', 'positive')
        """
        import numpy as np

        d = Path(path)
        if not d.is_dir():
            raise ModelError(E_POLARITY_NO_MODEL.format(path=d))
        missing = [f for f in (CONFIG_FILE, VOCAB_FILE, WEIGHTS_FILE) if not (d / f).is_file()]
        if missing:
            raise ModelError(E_POLARITY_BAD_FILES.format(path=d, reason="missing " + ", ".join(missing)))
        try:
            config = json.loads((d / CONFIG_FILE).read_text(encoding="utf-8"))
            vocab = json.loads((d / VOCAB_FILE).read_text(encoding="utf-8"))
            from safetensors.numpy import load_file

            tensors = load_file(str(d / WEIGHTS_FILE))
        except (OSError, ValueError, UnicodeDecodeError) as exc:  # JSONDecodeError is a ValueError
            raise ModelError(E_POLARITY_BAD_FILES.format(path=d, reason=str(exc).splitlines()[0])) from None
        except Exception as exc:  # safetensors raises its own SafetensorError
            raise ModelError(E_POLARITY_BAD_FILES.format(path=d, reason=str(exc).splitlines()[0])) from None
        if not isinstance(config, dict) or config.get("format") != FORMAT:
            raise ModelError(E_POLARITY_BAD_FILES.format(
                path=d, reason=f"config.json has format {config.get('format') if isinstance(config, dict) else None!r}, expected {FORMAT!r}"))
        if config.get("format_version") != FORMAT_VERSION:
            raise ModelError(E_POLARITY_BAD_FILES.format(
                path=d, reason=f"format_version {config.get('format_version')!r} is not {FORMAT_VERSION}; rebuild the model"))
        n = len(vocab) if isinstance(vocab, list) else -1
        shapes_ok = (
            n >= 0 and all(isinstance(t, str) for t in vocab)
            and {"idf", "coef", "intercept"} <= set(tensors)
            and tensors["idf"].shape == (n,) and tensors["coef"].shape == (n,)
            and tensors["intercept"].shape == (1,)
        )
        if not shapes_ok:
            raise ModelError(E_POLARITY_BAD_FILES.format(
                path=d, reason="vocab.json and weights.safetensors do not match (vocabulary size or tensor shapes)"))
        p = dict(config.get("params") or {})
        try:
            model = cls(ngram_range=tuple(int(x) for x in p.get("ngram_range", (1, 3))),
                        words=bool(p.get("words", False)), nb=bool(p.get("nb", False)),
                        nb_alpha=float(p.get("nb_alpha", 1.0)), min_df=int(p.get("min_df", 2)),
                        max_features=p.get("max_features"), C=float(p.get("C", 1.0)),
                        max_iter=int(p.get("max_iter", 2000)))
            model._check_params()
        except (TypeError, ValueError) as exc:
            raise ModelError(E_POLARITY_BAD_FILES.format(path=d, reason=f"bad params: {exc}")) from None
        model.vocabulary_ = vocab
        model.idf_ = tensors["idf"].astype(np.float32)
        model.coef_ = tensors["coef"].astype(np.float32)
        model.intercept_ = float(tensors["intercept"][0])
        model.classes_ = CLASSES
        model.meta_ = dict(config.get("meta") or {})
        model._vectorizer_ = None
        return model


def _weigh(counts, idf):
    """Sublinear tf (1 + log tf) times idf, then L2-normalise each row."""
    import numpy as np
    from sklearn.preprocessing import normalize

    X = counts.tocsr(copy=True).astype(np.float32)
    np.log(X.data, out=X.data)
    X.data += 1.0
    X = X.multiply(idf).tocsr()  # broadcasts idf over columns
    return normalize(X, norm="l2", copy=False)


def _weigh_rows(counts, idf):
    """:func:`_weigh` without scikit-learn, for scoring: the same float32 values.

    Each row's squared norm is summed left to right in double precision from
    float32 squares, and each value divided in double and rounded to float32,
    as scikit-learn's ``inplace_csr_row_normalize_l2`` does.
    """
    import math

    import numpy as np

    X = counts.tocsr(copy=True).astype(np.float32)
    np.log(X.data, out=X.data)
    X.data += 1.0
    X.data *= idf[X.indices]
    sq = (X.data * X.data).astype(np.float64).tolist()
    bounds = X.indptr.tolist()
    norms = np.array([math.sqrt(sum(sq[a:b])) for a, b in zip(bounds, bounds[1:])])
    norms[norms == 0.0] = 1.0
    X.data = (X.data / np.repeat(norms, np.diff(X.indptr))).astype(np.float32)
    return X


def _log_count_ratio(counts, y, sample_weight, alpha: float):
    """NB log-count ratio per feature column (Wang & Manning 2012), float32.

    Uses binarised counts (does the text contain the feature?), weighted by
    ``sample_weight`` when given, smoothed by ``alpha``.
    """
    import numpy as np

    B = counts.tocsr(copy=True)
    B.data[:] = 1.0
    w = np.ones(B.shape[0]) if sample_weight is None else np.asarray(sample_weight, dtype=np.float64)
    p = alpha + np.asarray(B.T @ (w * (y == 1))).ravel()
    q = alpha + np.asarray(B.T @ (w * (y == 0))).ravel()
    return (np.log(p / p.sum()) - np.log(q / q.sum())).astype(np.float32)


def _encode_labels(labels: Iterable[Any]) -> "np.ndarray":
    import numpy as np

    out = []
    for i, lab in enumerate(labels):
        key = lab.strip().lower() if isinstance(lab, str) else lab
        if isinstance(key, (bool, np.bool_)):
            key = int(key)
        elif isinstance(key, (np.integer,)):
            key = int(key)
        try:
            out.append(_LABEL_ALIASES[key])
        except (KeyError, TypeError):
            raise ModelError(E_POLARITY_LABEL.format(index=i, found=lab)) from None
    return np.asarray(out, dtype=np.int64)


# --- the packaged model -----------------------------------------------------


def default_polarity_path() -> Path:
    """Directory of the packaged polarity model (``argmine/models/polarity``)."""
    return Path(str(resources.files("argmine.models").joinpath("polarity")))


def load_default() -> PolarityModel:
    """The polarity model that ships with argmine: read once per process, a new object per call.

    Each caller gets its own model, sharing the read-only weights of the one
    read: refitting it (``load_default().fit(texts, labels)``) or changing its
    settings leaves the packaged model, and every model that uses it, as it was.

    >>> a, b = load_default(), load_default()
    >>> a is b, a.coef_ is b.coef_
    (False, True)
    """
    import copy

    own = copy.copy(_read_default())
    own.meta_ = copy.deepcopy(own.meta_)
    return own


@lru_cache(maxsize=1)
def _read_default() -> PolarityModel:
    """The packaged model, read once; its arrays are made read-only, as every copy :func:`load_default` gives shares them."""
    model = PolarityModel.load(default_polarity_path())
    for array in (model.idf_, model.coef_):
        array.setflags(write=False)
    model._vectorizer()  # built once here, so that every copy shares it
    return model


# --- training data ------------------------------------------------------------


@dataclass
class ReviewSet:
    """Labelled review texts: ``texts``, ``labels`` (1 positive / 0 negative), ``source`` per text."""

    texts: list[str] = field(default_factory=list)
    labels: list[int] = field(default_factory=list)
    sources: list[str] = field(default_factory=list)
    #: what was left out and why, as ``{reason: count}`` (reported, never silent)
    skipped: dict[str, int] = field(default_factory=dict)
    #: the ``cat`` column per text (``""`` when the file has none), e.g. online_shopping's ``酒店``
    categories: list[str] = field(default_factory=list)

    def __len__(self) -> int:
        return len(self.texts)

    def extend(self, other: "ReviewSet") -> None:
        """Append ``other``'s rows (and skipped counts) to this set."""
        self.texts += other.texts
        self.labels += other.labels
        self.sources += other.sources
        self.categories += other.categories or [""] * len(other.texts)
        for k, v in other.skipped.items():
            self.skipped[k] = self.skipped.get(k, 0) + v

    def subset(self, rows: Iterable[int]) -> "ReviewSet":
        """A new set with the given row indices (skipped counts are not copied)."""
        rows = list(rows)
        cats = self.categories or [""] * len(self.texts)
        return ReviewSet([self.texts[i] for i in rows], [self.labels[i] for i in rows],
                         [self.sources[i] for i in rows], categories=[cats[i] for i in rows])


def load_reviews(path: "str | Path", *, exclude_categories: Iterable[str] = (),
                 encoding: "str | None" = None) -> ReviewSet:
    """Read a ``label,review`` CSV (optionally with a ``cat`` column).

    The bytes are decoded by :func:`argmine.decode.decode`: UTF-8 with or
    without BOM, GB18030/GBK, Big5 or UTF-16 is detected; ``encoding`` forces
    one.  A file that does not decode raises :class:`InputError` naming it.
    Rows with an empty review are skipped and counted in ``.skipped``; a row
    whose label is not 0/1 raises :class:`InputError` naming the row.
    ``exclude_categories`` drops rows whose ``cat`` is listed (counted too).

    >>> import tempfile, pathlib
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "r.csv"
    >>> _ = p.write_bytes("label,review\\n1,很好\\n0,\\n".encode("gb18030"))
    >>> r = load_reviews(p); (r.texts, r.labels, r.skipped)
    (['很好'], [1], {'empty review': 1})
    """
    import io

    from .decode import decode

    p = Path(path)
    exclude = set(exclude_categories)
    out = ReviewSet()
    try:
        data = p.read_bytes()
    except OSError as exc:
        raise InputError(str(p), exc.strerror or str(exc)) from None
    # an empty file goes on to the missing-columns error; decode() would call it empty of text to segment
    text = decode(data, str(p), encoding)[0] if data else ""
    fh = io.StringIO(text, newline="")
    from .read import long_cells

    with fh, long_cells():  # a review of any length (csv's limit on a cell is 131,072 characters)
        reader = csv.DictReader(fh)
        if not reader.fieldnames or not {"label", "review"} <= set(reader.fieldnames):
            raise InputError(str(p), E_REVIEW_CSV.format(line=1, reason=f"expected columns label,review; found {reader.fieldnames}"))
        for row in reader:
            line = reader.line_num
            if row.get("cat") in exclude:
                out.skipped[f"category {row['cat']}"] = out.skipped.get(f"category {row['cat']}", 0) + 1
                continue
            text = (row.get("review") or "").replace("\ufeff", "").strip()
            if not text:
                out.skipped["empty review"] = out.skipped.get("empty review", 0) + 1
                continue
            label = (row.get("label") or "").strip()
            if label not in ("0", "1"):
                raise InputError(str(p), E_REVIEW_CSV.format(line=line, reason=f"label is {label!r}, expected 0 or 1"))
            out.texts.append(text)
            out.labels.append(int(label))
            out.sources.append(p.stem)
            out.categories.append(row.get("cat") or "")
    return out


#: Files of ``../shared/data/sentiment`` used for training (see its README).
HOTEL_FILE = "ChnSentiCorp_htl_all.csv"
AUX_FILES = ("waimai_10k.csv", "online_shopping_10_cats.csv")


def _shingles(text: str, k: int = 6) -> set[str]:
    s = re.sub(r"\W", "", _normalise(text))
    return {s[i:i + k] for i in range(max(1, len(s) - k + 1))}


def _aligned_copies(candidates: Sequence[str], protected: Sequence[str], threshold: float = 0.5,
                    top: int = 10) -> list[int]:
    """Candidates that copy a protected text with characters dropped (see :func:`near_duplicates`).

    ChnSentiCorp's text lost many characters in an encoding round trip
    ("因为银行已打烊" -> "因行已打烊"), so its copies in other corpora share
    few 6-gram shingles with it.  Here the ``top`` protected texts closest in
    char-bigram cosine (>= 0.15) are aligned with ``difflib`` (punctuation
    removed); ``m`` = characters in aligned blocks of >= 2 chars.  A copy has
    ``m >= 8`` and covers ``threshold`` of one text and at least 0.2 of the
    other (or ``m >= 30``): whole reviews, truncated ones, or long shared
    passages, not single stock phrases.
    """
    import numpy as np
    from difflib import SequenceMatcher
    from sklearn.feature_extraction.text import CountVectorizer

    clean = lambda t: re.sub(r"\W", "", _normalise(t))
    A, B = [clean(t) for t in candidates], [clean(t) for t in protected]
    if not A or not B:
        return []
    vec = CountVectorizer(analyzer="char", ngram_range=(2, 2), binary=True, lowercase=False, dtype=np.float32)
    XB = vec.fit_transform(B).T.tocsc()
    XA = vec.transform(A)
    nb = np.sqrt(np.maximum(1.0, np.asarray(XB.sum(axis=0)).ravel()))
    na = np.sqrt(np.maximum(1.0, np.asarray(XA.sum(axis=1)).ravel()))
    out = []
    for s0 in range(0, len(A), 2000):
        cos = (XA[s0:s0 + 2000] @ XB).toarray() / na[s0:s0 + 2000, None] / nb[None, :]
        k = min(top, cos.shape[1])
        best = np.argpartition(-cos, k - 1, axis=1)[:, :k]
        for r in range(cos.shape[0]):
            a = A[s0 + r]
            for j in sorted(best[r], key=lambda j: -cos[r, j]):
                if cos[r, j] < 0.15:
                    break
                m = sum(b.size for b in SequenceMatcher(None, a, B[j], autojunk=False).get_matching_blocks()
                        if b.size >= 2)
                hi, lo = sorted((m / max(1, len(a)), m / max(1, len(B[j]))), reverse=True)
                if m >= 8 and hi >= threshold and (lo >= 0.2 or m >= 30):
                    out.append(s0 + r)
                    break
    return out


def near_duplicates(candidates: Sequence[str], protected: Sequence[str], threshold: float = 0.5,
                    *, aligned: bool = False) -> list[int]:
    """Indices of ``candidates`` that (nearly) repeat a text in ``protected``.

    A candidate is a near duplicate when at least ``threshold`` of its char
    6-gram shingles (punctuation and spaces removed) occur in one protected
    text, or it covers at least ``threshold`` of that text's shingles.  Used
    to keep held-out test rows out of the training data when another corpus
    redistributes them (online_shopping_10_cats' 酒店 rows repeat
    ChnSentiCorp).

    >>> near_duplicates(["房间很干净，服务好！", "物流很快"], ["房间很干净,服务好"])
    [0]

    ``aligned=True`` also catches copies with characters dropped (see
    :func:`_aligned_copies`), which share few 6-gram shingles:

    >>> near_duplicates(["地点很近沈阳北站,打的不会跳表.服务很好,尤其是前台"], ["地很近北站,打的不跳.服很好,尤其是前台"])
    []
    >>> near_duplicates(["地点很近沈阳北站,打的不会跳表.服务很好,尤其是前台"], ["地很近北站,打的不跳.服很好,尤其是前台"], aligned=True)
    [0]
    """
    index: dict[str, list[int]] = defaultdict(list)
    sizes = []
    for j, t in enumerate(protected):
        sh = _shingles(t)
        sizes.append(len(sh))
        for g in sh:
            index[g].append(j)
    out = []
    for i, t in enumerate(candidates):
        sh = _shingles(t)
        hits: dict[int, int] = defaultdict(int)
        for g in sh:
            for j in index.get(g, ()):
                hits[j] += 1
        if any(n >= threshold * len(sh) or n >= threshold * sizes[j] for j, n in hits.items()):
            out.append(i)
    return _add_aligned(out, candidates, protected, threshold) if aligned else out


def _add_aligned(found: Sequence[int], candidates: Sequence[str], protected: Sequence[str], threshold: float) -> list[int]:
    """``found`` (shingle near-duplicates) plus the other candidates :func:`_aligned_copies` flags, sorted."""
    done = set(found)
    rest = [i for i in range(len(candidates)) if i not in done]
    return sorted(done | {rest[k] for k in _aligned_copies([candidates[i] for i in rest], protected, threshold)})


@dataclass
class TrainingData:
    """The seeded split used to build and benchmark the packaged model."""

    train: ReviewSet
    test: ReviewSet
    weights: list[float]
    summary: dict[str, Any]


def heldout_split(data_dir: "str | Path", *, test_size: float = 0.2, random_state: int = 0,
                  encoding: "str | None" = None) -> tuple[ReviewSet, ReviewSet, dict[str, Any]]:
    """Split ChnSentiCorp_htl_all into (train, test) rows, stratified and seeded.

    Returns the two sets and a summary with the exact sizes, the rows left
    out (empty reviews) and ``test_sha256``, the :func:`split_fingerprint` of
    the test rows.  ``benchmarks/sentiment.py`` tests on ``test``.
    ``encoding`` forces the CSV's encoding (:func:`load_reviews`; default: detected).
    """
    from sklearn.model_selection import train_test_split

    path = Path(data_dir) / HOTEL_FILE
    hotel = load_reviews(path, encoding=encoding)
    tr_idx, te_idx = train_test_split(list(range(len(hotel))), test_size=test_size,
                                      random_state=random_state, stratify=hotel.labels)
    train, test = hotel.subset(sorted(tr_idx)), hotel.subset(sorted(te_idx))
    summary = {"file": HOTEL_FILE, "test_size": test_size, "random_state": random_state,
               "stratify": "label", "rows": len(hotel), "train": len(train), "test": len(test),
               "skipped": dict(hotel.skipped), "test_sha256": split_fingerprint(test)}
    return train, test, summary


def split_fingerprint(rows: ReviewSet) -> str:
    """sha256 of the rows' sorted ``(label, text)`` pairs: the same rows give the same hex digest.

    Recorded as ``test_sha256`` in the split summary (:func:`heldout_split`), so that a
    benchmark can tell the held-out rows of its data from those the model held out:
    a reordered copy of the file splits into other rows.  Row order, the file's
    encoding and its line endings do not change it.

    >>> a = ReviewSet(["好", "差"], [1, 0], ["x", "x"])
    >>> split_fingerprint(a) == split_fingerprint(a.subset([1, 0])) != split_fingerprint(a.subset([0]))
    True
    """
    import hashlib

    pairs = sorted(zip(rows.labels, rows.texts))
    return hashlib.sha256(json.dumps(pairs, ensure_ascii=False).encode("utf-8")).hexdigest()


#: online_shopping_10_cats category holding hotel reviews (in-domain for ChnSentiCorp)
HOTEL_CATEGORY = "酒店"


def training_data(data_dir: "str | Path", *, test_size: float = 0.2, random_state: int = 0,
                  aux_weight: float = 0.02, hotel_weight: "float | None" = None,
                  encoding: "str | None" = None) -> TrainingData:
    """The held-out split of ChnSentiCorp plus the other review corpora for training.

    ``test`` is ``test_size`` of ChnSentiCorp_htl_all (see :func:`heldout_split`).
    ``train`` is the rest of ChnSentiCorp plus waimai_10k and
    online_shopping_10_cats, minus every row of those that nearly repeats any
    ChnSentiCorp review (see :func:`near_duplicates`), so no held-out row
    leaks in through a copy (``near_duplicates(..., aligned=True)``: also
    copies with dropped characters).  Rows of the auxiliary corpora get
    ``aux_weight`` in ``weights``, except online_shopping's 酒店 (hotel) rows,
    which are in-domain and get ``hotel_weight`` (default: ``aux_weight``);
    ChnSentiCorp rows get 1.  ``summary`` lists the exact sizes and what
    was left out.  ``encoding`` forces the CSVs' encoding (default: detected).
    """
    d = Path(data_dir)
    train, test, split = heldout_split(d, test_size=test_size, random_state=random_state, encoding=encoding)
    protected = train.texts + test.texts
    summary: dict[str, Any] = {"data_dir": str(d), "split": split, "aux": {}}
    weights = [1.0] * len(train)
    hotel_w = aux_weight if hotel_weight is None else float(hotel_weight)
    for name in AUX_FILES:
        aux = load_reviews(d / name, encoding=encoding)
        shingled = near_duplicates(aux.texts, protected)
        dups = set(_add_aligned(shingled, aux.texts, protected, 0.5))  # near_duplicates(..., aligned=True) without redoing the shingles
        shingled = set(shingled)
        kept = aux.subset(i for i in range(len(aux)) if i not in dups)
        is_hotel = [c == HOTEL_CATEGORY for c in kept.categories]
        summary["aux"][name] = {"rows": len(aux), "near_duplicates_of_ChnSentiCorp": len(dups),
                                "near_duplicates_by_shingles": len(shingled),
                                "near_duplicates_by_alignment_only": len(dups - shingled),
                                "used": len(kept), "skipped": dict(aux.skipped), "weight": aux_weight}
        if any(is_hotel):
            summary["aux"][name]["hotel_rows"] = {
                "category": HOTEL_CATEGORY,
                "rows": sum(c == HOTEL_CATEGORY for c in aux.categories),
                "near_duplicates_of_ChnSentiCorp": sum(aux.categories[i] == HOTEL_CATEGORY for i in dups),
                "used": sum(is_hotel), "positive": sum(l for l, h in zip(kept.labels, is_hotel) if h),
                "weight": hotel_w}
        train.extend(kept)
        weights += [hotel_w if h else aux_weight for h in is_hotel]
    summary["train_rows"] = len(train)
    return TrainingData(train=train, test=test, weights=weights, summary=summary)


def build_default(data_dir: "str | Path", out_dir: "str | Path", *, aux_weight: float = 0.02,
                  hotel_weight: "float | None" = None, encoding: "str | None" = None,
                  **params: Any) -> tuple[PolarityModel, TrainingData]:
    """Train the packaged model on the training split only and save it to ``out_dir``.

    Returns the fitted model and the :class:`TrainingData` (whose ``test``
    rows the model has not seen).  ``encoding`` forces the CSVs' encoding
    (default: detected; see :func:`load_reviews`).
    """
    data = training_data(data_dir, aux_weight=aux_weight, hotel_weight=hotel_weight, encoding=encoding)
    model = PolarityModel(**params).fit(data.train.texts, data.train.labels, sample_weight=data.weights)
    model.meta_ = {"trained_on": data.summary, "n_train": len(data.train)}
    model.save(out_dir)
    return model, data
