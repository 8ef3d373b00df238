"""Count the char n-grams of many texts over a fixed vocabulary, vectorised with numpy.

Used at prediction time by the ``linear`` backend (its char TF-IDF block)
and by :mod:`argmine.polarity`.  Instead of slicing every n-gram out of
every text as a string and looking it up in a dict (what scikit-learn's
vectorizers do), the texts of a batch are turned into one array of code
points, every n-gram into one integer (21 bits per character), and the
vocabulary into sorted integer keys, so that finding the columns is one
``searchsorted`` per n.  The counts are exactly those of the string path:
the same n-grams (``text[i:i + n]`` for ``lo <= n <= hi`` within each
text), the same columns.

>>> idx = CharNgramIndex(["b", "ab", "ba", "aba"], 1, 3)
>>> idx.count(["abab", "b"])
(array([0, 0, 0, 0, 1]), array([0, 1, 2, 3, 0]), array([2, 2, 1, 1, 1]))
"""

from __future__ import annotations

import itertools
from typing import Sequence

#: Bits per character in a packed n-gram key (every code point is < 2**21).
_BITS = 21
#: Longest n-gram that fits in a 64-bit key.
MAX_N = 3


def _codepoints(text: str):
    import numpy as np

    return np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype="<u4").astype(np.uint64)


def _pack(cp, n: int, m: int):
    """Keys of the ``m`` n-grams starting at ``cp[0..m-1]``."""
    import numpy as np

    key = cp[:m].copy()
    for k in range(1, n):
        key <<= np.uint64(_BITS)
        key |= cp[k:k + m]
    return key


class CharNgramIndex:
    """Columns of the char ``lo``..``hi``-grams (``hi <= 3``) of a vocabulary given as terms in column order.

    Terms of other lengths (which a char ``lo``..``hi``-gram analyzer never
    produces) are ignored.
    """

    def __init__(self, terms: Sequence[str], lo: int, hi: int):
        import numpy as np

        if not 1 <= lo <= hi <= MAX_N:
            raise ValueError(f"char n-grams {lo}..{hi}: the vectorised index handles 1 <= lo <= hi <= {MAX_N}")
        self.lo, self.hi = lo, hi
        self.size = len(terms)
        lengths = np.fromiter(map(len, terms), dtype=np.int64, count=len(terms))
        self.tables = {}
        for n in range(lo, hi + 1):
            cols = np.flatnonzero(lengths == n)
            if not len(cols):
                continue
            cp = _codepoints("".join([terms[j] for j in cols.tolist()]))
            keys = _pack(cp, n, len(cp) - n + 1)[::n]  # one key per term
            if n == 1:  # a direct table: code point -> column (-1: not in the vocabulary)
                table = np.full(int(keys.max()) + 1, -1, dtype=np.int64)
                table[keys.astype(np.int64)] = cols
                self.tables[n] = (table, None)
                continue
            order = np.argsort(keys, kind="stable")
            self.tables[n] = (keys[order], cols[order])

    def count(self, texts: Sequence[str]):
        """``(rows, cols, counts)`` of the n-grams of ``texts`` found in the vocabulary, sorted by row then column."""
        import numpy as np

        n_docs = len(texts)
        lens = np.fromiter(map(len, texts), dtype=np.int64, count=n_docs)
        cp = _codepoints("".join(texts))
        doc = np.repeat(np.arange(n_docs, dtype=np.int64), lens)
        rows, cols = [], []
        for n, (keys, columns) in self.tables.items():
            m = len(cp) - n + 1
            if m <= 0:
                continue
            key = _pack(cp, n, m)
            inside = doc[:m] == doc[n - 1:]  # the n-gram does not straddle two texts
            key, row = key[inside], doc[:m][inside]
            if columns is None:  # n == 1
                col = np.full(len(key), -1, dtype=np.int64)
                known = key < len(keys)
                col[known] = keys[key[known].astype(np.int64)]
                hit = col >= 0
                rows.append(row[hit])
                cols.append(col[hit])
                continue
            uniq, inverse = np.unique(key, return_inverse=True)  # sorted needles search faster
            pos = np.searchsorted(keys, uniq)
            pos[pos == len(keys)] = 0
            found = keys[pos] == uniq
            hit = found[inverse]
            rows.append(row[hit])
            cols.append(columns[pos[inverse[hit]]])
        if not rows:
            empty = np.zeros(0, dtype=np.int64)
            return empty, empty, empty
        width = max(self.size, 1)
        uniq, counts = np.unique(np.concatenate(rows) * width + np.concatenate(cols), return_counts=True)
        return uniq // width, uniq % width, counts


def count_terms(docs_terms: Sequence[list[str]], vocab: dict):
    """``(rows, cols, counts)`` of the terms (one list per text) found in ``vocab`` (term -> column), sorted by row then column.

    The string-keyed path, for n-grams :class:`CharNgramIndex` cannot pack (words, n > 3).

    >>> count_terms([["b", "a", "b", "z"], ["a"]], {"a": 0, "b": 1})
    (array([0, 0, 1]), array([0, 1, 0]), array([1, 2, 1]))
    """
    import numpy as np

    lens = np.fromiter(map(len, docs_terms), dtype=np.int64, count=len(docs_terms))
    ids = np.fromiter(map(vocab.get, itertools.chain.from_iterable(docs_terms), itertools.repeat(-1)), dtype=np.int64, count=int(lens.sum()))
    rows = np.repeat(np.arange(len(docs_terms), dtype=np.int64), lens)
    keep = ids >= 0
    V = max(len(vocab), 1)
    keys, counts = np.unique(rows[keep] * V + ids[keep], return_counts=True)
    return keys // V, keys % V, counts
