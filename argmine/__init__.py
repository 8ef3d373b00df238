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

__version__ = "0.1.0"

_EXPORTS = {
    "Document": "argmine.types:Document",
    "Unit": "argmine.types:Unit",
    "Block": "argmine.types:Block",
    "Dropped": "argmine.types:Dropped",
    "read": "argmine.read:read",
    "iter_documents": "argmine.read:iter_documents",
    "ReadOptions": "argmine.read:ReadOptions",
    "clean": "argmine.clean:clean",
    "segment": "argmine.segment:segment",
    "iter_segmented": "argmine.segment:iter_segmented",
    "normalize": "argmine.normalize:normalize",
    "load_schema": "argmine.schema:load_schema",
    "Schema": "argmine.schema:Schema",
    "classify": "argmine.classify:classify",
    "load_model": "argmine.classify:load_model",
    "ClassifiedUnit": "argmine.classify:ClassifiedUnit",
    "Prediction": "argmine.backends.base:Prediction",
    "analyze": "argmine.aggregate:analyze",
    "Analysis": "argmine.aggregate:Analysis",
    "classify_batch": "argmine.hf:classify_batch",
    "train": "argmine.train:train",
    "evaluate": "argmine.train:evaluate",
    "ArgmineError": "argmine.errors:ArgmineError",
    "InputError": "argmine.errors:InputError",
    "SchemaError": "argmine.errors:SchemaError",
    "ModelError": "argmine.errors:ModelError",
    "AnnotationError": "argmine.errors:AnnotationError",
}

__all__ = sorted(_EXPORTS) + ["__version__"]


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
