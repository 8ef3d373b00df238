"""argmine: argument mining for Chinese text.

>>> import argmine
>>> docs = argmine.read(["corpora/"])
>>> units = argmine.segment(docs)
>>> units[0].text == docs[0].text[units[0].start:units[0].end]
True

The public API is small; heavy parts are imported on first use so that
``import argmine`` stays fast.
"""

from __future__ import annotations

import importlib
import sys
import types as _pytypes  # not "types": argmine.types, once imported, is that attribute of this module

__version__ = "0.1.0"

_EXPORTS = {
    "Document": "argmine.types:Document",
    "Unit": "argmine.types:Unit",
    "Block": "argmine.types:Block",
    "Dropped": "argmine.types:Dropped",
    "iter_documents": "argmine.read:iter_documents",
    "ReadOptions": "argmine.read:ReadOptions",
    "iter_segmented": "argmine.segment:iter_segmented",
    "load_schema": "argmine.schema:load_schema",
    "Schema": "argmine.schema:Schema",
    "load_model": "argmine.classify:load_model",
    "ClassifiedUnit": "argmine.classify:ClassifiedUnit",
    "Prediction": "argmine.backends.base:Prediction",
    "analyze": "argmine.aggregate:analyze",
    "Analysis": "argmine.aggregate:Analysis",
    "classify_batch": "argmine.hf:classify_batch",
    "ArgmineError": "argmine.errors:ArgmineError",
    "InputError": "argmine.errors:InputError",
    "SchemaError": "argmine.errors:SchemaError",
    "ModelError": "argmine.errors:ModelError",
    "AnnotationError": "argmine.errors:AnnotationError",
    "AlignmentError": "argmine.errors:AlignmentError",
}

#: Stage functions share their module's name (``argmine.read`` the function
#: lives in ``argmine/read.py``).  Importing a submodule normally rebinds the
#: package attribute to the module; :class:`_Package` keeps the function.
#: So ``import argmine.segment as m`` gives the function too; reach the module's
#: other names with ``from argmine.segment import tokenize``.
_STAGES = ("read", "clean", "segment", "classify", "normalize", "train", "evaluate")

__all__ = sorted(_EXPORTS) + list(_STAGES) + ["__version__"]


def read(paths, options=None, on_error=None, **kwargs):
    """Read documents from files, directories or ``-``; full docs: ``from argmine.read import read; help(read)``."""
    from .read import read as _read

    return _read(paths, options, on_error, **kwargs)


def clean(doc, rules=None):
    """Drop furniture and duplicates from one document; full docs: ``from argmine.clean import clean; help(clean)``."""
    from .clean import clean as _clean

    return _clean(doc, rules)


def segment(docs, **kwargs):
    """Segment documents into units; full docs: ``from argmine.segment import segment; help(segment)``."""
    from .segment import segment as _segment

    return _segment(docs, **kwargs)


def classify(units, model=None, schema=None, **kwargs):
    """Classify units (a generator of ClassifiedUnit); full docs: ``from argmine.classify import classify; help(classify)``."""
    from .classify import classify as _classify

    return _classify(units, model, schema, **kwargs)


def normalize(text, **kwargs):
    """Normalised view of a text with its offset map; full docs: ``from argmine.normalize import normalize; help(normalize)``."""
    from .normalize import normalize as _normalize

    return _normalize(text, **kwargs)


def train(records, **kwargs):
    """Train a backend from gold records; full docs: ``from argmine.train import train; help(train)``."""
    from .train import train as _train

    return _train(records, **kwargs)


def evaluate(gold, predictions, **kwargs):
    """Score predictions against gold; full docs: ``from argmine.train import evaluate; help(evaluate)``."""
    from .train import evaluate as _evaluate

    return _evaluate(gold, predictions, **kwargs)


_FUNCTIONS = {name: globals()[name] for name in _STAGES}


class _Package(_pytypes.ModuleType):
    def __setattr__(self, name, value):
        if name in _FUNCTIONS and isinstance(value, _pytypes.ModuleType):
            return  # keep argmine.read etc. as the functions
        super().__setattr__(name, value)


sys.modules[__name__].__class__ = _Package


def __getattr__(name: str):
    try:
        module, attr = _EXPORTS[name].split(":")
    except KeyError:
        raise AttributeError(f"module 'argmine' has no attribute {name!r}") from None
    value = getattr(importlib.import_module(module), attr)
    globals()[name] = value
    return value


def __dir__():
    return __all__
