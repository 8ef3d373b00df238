"""Hugging Face ``datasets`` integration: classify a text column with ``Dataset.map``.

:func:`classify_batch` is a batched map function: it reads the ``text``
column (an ``id`` column, if any, is simply kept by ``map``) and adds
``themes`` (list of theme ids), ``scores`` (a struct with one probability
per theme of the model's schema), ``sentiment`` and ``sentiment_score``.
Texts are normalised (Traditional to Simplified, scrape artifacts repaired)
exactly as units are before classification.  The model is loaded once per
process and reused, so ``num_proc`` > 1 loads it once in each worker.

>>> from datasets import Dataset                               # doctest: +SKIP
>>> import argmine                                             # doctest: +SKIP
>>> ds = Dataset.from_dict({"text": ["财不外露。", "支付宝做社交是对的。"]})  # doctest: +SKIP
>>> ds = ds.map(argmine.classify_batch, batched=True)          # doctest: +SKIP
>>> ds.column_names                                            # doctest: +SKIP
['text', 'themes', 'scores', 'sentiment', 'sentiment_score']

Another model: ``ds.map(functools.partial(argmine.classify_batch, model="path/to/model"), batched=True)``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from .errors import InputError

#: (model, schema) -> (backend, schema); one entry per process (workers load their own).
_LOADED: dict[tuple[str | None, str | None], tuple[Any, Any]] = {}


def _load(model: Any, schema: Any) -> tuple[Any, Any]:
    from .aggregate import model_schema
    from .classify import load_model
    from .schema import Schema, load_schema

    if model is not None and not isinstance(model, (str, Path)):
        # A backend instance: use it as it is (with its own schema unless one is given).
        s = schema if isinstance(schema, Schema) else load_schema(schema) if schema else model_schema(model)
        return model, s
    key = (None if model is None else str(model), None if schema is None else str(schema))
    if key not in _LOADED:
        s = None if schema is None else load_schema(schema)
        backend = load_model(model, s)
        _LOADED[key] = (backend, s or model_schema(backend))
    return _LOADED[key]


def classify_batch(
    batch: dict[str, list],
    *,
    model: Any = None,
    schema: Any = None,
    text_column: str = "text",
) -> dict[str, list]:
    """Classify a batch of texts: a ``Dataset.map(..., batched=True)`` function.

    Returns the new columns ``themes``, ``scores``, ``sentiment`` and
    ``sentiment_score``; every value is Arrow-friendly (``scores`` has the
    same keys, the model's theme ids, in every row).  ``model`` and
    ``schema`` are as in :func:`argmine.classify.load_model` (bind them with
    ``functools.partial``).  A missing column or a non-string text raises
    :class:`~argmine.errors.InputError` naming the row.

    >>> out = classify_batch({"text": ["财不外露。"]}, model="lexicon")
    >>> sorted(out)
    ['scores', 'sentiment', 'sentiment_score', 'themes']
    """
    from .normalize import normalize

    if text_column not in batch:
        raise InputError(
            "dataset",
            f"no {text_column!r} column (columns: {', '.join(batch) or 'none'}); "
            "rename the text column or pass text_column=NAME with functools.partial",
        )
    texts = batch[text_column]
    ids = batch.get("id")
    norms = []
    for i, t in enumerate(texts):
        if not isinstance(t, str):
            where = f"row with id {ids[i]!r}" if ids is not None else f"row {i} of the batch"
            raise InputError("dataset", f"{where}: {text_column!r} is {type(t).__name__}, expected a string; fill or drop such rows first")
        norms.append(normalize(t).text)
    backend, schema_obj = _load(model, schema)
    predictions = backend.predict(norms) if norms else []
    if len(predictions) != len(norms):
        from .errors import ModelError

        raise ModelError(f"backend returned {len(predictions)} predictions for {len(norms)} texts")
    ids_ = schema_obj.theme_ids
    return {
        "themes": [list(p.themes) for p in predictions],
        "scores": [{t: float(p.scores.get(t, 0.0)) for t in ids_} for p in predictions],
        "sentiment": [p.sentiment for p in predictions],
        "sentiment_score": [float(p.sentiment_score) for p in predictions],
    }
