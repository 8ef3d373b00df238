"""Classify argument units: stance themes and sentiment per unit.

The stage is a pure ``predict`` over batches of normalised texts (done by a
backend) and a separate step that attaches the predictions to the units.

>>> import argmine
>>> docs = [argmine.Document(id="d", text="财不外露。支付宝做社交是对的。")]
>>> rows = [c.to_row() for c in argmine.classify(argmine.segment(docs))]
>>> sorted(rows[0])
['doc', 'end', 'evidence', 'id', 'kind', 'scores', 'sentiment', 'sentiment_score', 'start', 'text', 'themes']
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any, Iterable, Iterator

from .backends.base import Backend, Prediction, get_backend
from .errors import ModelError
from .schema import Schema, load_schema
from .types import Unit

#: The model directory that ships inside the package (built by ``argmine train``).
DEFAULT_MODEL = "default"
MODEL_CONFIG = "config.json"


@dataclass(frozen=True)
class ClassifiedUnit:
    """A unit with what the model predicted about it."""

    unit: Unit
    prediction: Prediction

    def to_row(self, *, tokens: bool = False) -> dict[str, Any]:
        """Segment fields plus themes, scores, sentiment, sentiment_score, evidence."""
        row = self.unit.to_row(tokens=tokens)
        row.update(self.prediction.to_dict())
        return row


def default_model_path() -> Path:
    """Where the packaged default model lives."""
    return Path(str(resources.files("argmine.models").joinpath(DEFAULT_MODEL)))


def load_model(model: "str | Path | Backend | None" = None, schema: "Schema | str | Path | None" = None) -> Backend:
    """Return a ready-to-predict backend.

    ``model`` is ``None`` (the packaged default), a backend instance, a
    backend name that needs no training (``"lexicon"``), or a model directory
    written by ``argmine train`` / ``Backend.save``.  ``schema`` overrides the
    schema stored with the model (needed only for untrained backends).
    """
    if model is not None and not isinstance(model, (str, Path)):
        return model
    if schema is not None and not isinstance(schema, Schema):
        schema = load_schema(schema)
    if model is None:
        path = default_model_path()
    else:
        path = Path(model)
        if not path.exists() and str(model) in ("lexicon",):
            return get_backend(str(model))(schema=schema or load_schema())
    config = path / MODEL_CONFIG
    if not config.is_file():
        raise ModelError(
            f"{path}: not a model directory (no {MODEL_CONFIG}); "
            "pass a directory written by 'argmine train', or the name 'lexicon'"
        )
    try:
        name = json.loads(config.read_text("utf-8"))["backend"]
    except (ValueError, KeyError) as e:
        raise ModelError(f"{config}: unreadable model config ({e}); retrain with 'argmine train'") from None
    return get_backend(name).load(path, schema=schema)


def classify(
    units: Iterable[Unit],
    model: "str | Path | Backend | None" = None,
    schema: "Schema | str | Path | None" = None,
    batch_size: int = 256,
) -> Iterator[ClassifiedUnit]:
    """Predict themes and sentiment for each unit, streaming in batches."""
    backend = load_model(model, schema)
    batch: list[Unit] = []
    for unit in units:
        batch.append(unit)
        if len(batch) >= batch_size:
            yield from _attach(batch, backend.predict([u.norm for u in batch]))
            batch = []
    if batch:
        yield from _attach(batch, backend.predict([u.norm for u in batch]))


def _attach(units: list[Unit], predictions: list[Prediction]) -> Iterator[ClassifiedUnit]:
    if len(predictions) != len(units):
        raise ModelError(f"backend returned {len(predictions)} predictions for {len(units)} units")
    for u, p in zip(units, predictions):
        yield ClassifiedUnit(u, p)
