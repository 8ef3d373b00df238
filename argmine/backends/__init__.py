"""Classifier backends, looked up by name.

Every backend turns a batch of normalised unit texts into
:class:`~argmine.backends.base.Prediction` objects (per-theme
probabilities, a sentiment label and score in [-1, 1], and evidence).

>>> from argmine.backends import available
>>> "lexicon" in available()
True
"""

from __future__ import annotations

from .base import Backend, Evidence, Prediction, available, get_backend, register

__all__ = ["Backend", "Evidence", "Prediction", "available", "get_backend", "register"]
