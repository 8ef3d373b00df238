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
    "ReportError": "argmine.errors:ReportError",
    "MissingDependency": "argmine.errors:MissingDependency",
    "InputWarning": "argmine.errors:InputWarning",
    "SchemaWarning": "argmine.errors:SchemaWarning",
}

#: Stage functions share their module's name (``argmine.read`` the function
#: lives in ``argmine/read.py``), and are imported on first use: the package
#: attribute is the stage's own function, with its signature and docstring
#: (``help(argmine.segment)``), served by :func:`__getattr__`.  Importing a
#: submodule normally rebinds the package attribute to the module;
#: :class:`_Package` ignores that.  So ``import argmine.segment as m`` gives
#: the function too; reach the module's other names with
#: ``from argmine.segment import tokenize``.
_STAGES = {
    "read": "argmine.read:read",
    "clean": "argmine.clean:clean",
    "segment": "argmine.segment:segment",
    "classify": "argmine.classify:classify",
    "normalize": "argmine.normalize:normalize",
    "train": "argmine.train:train",
    "evaluate": "argmine.train:evaluate",
}

#: Submodules reached as attributes (``argmine.hf.classify_dataset``, as the README writes it), imported on first
#: use like the names above; not in ``__all__`` (``from argmine import *`` imports none of them).
_SUBMODULES = ("hf",)

__all__ = sorted(_EXPORTS) + list(_STAGES) + ["__version__"]


class _Package(_pytypes.ModuleType):
    def __setattr__(self, name, value):
        if name in _STAGES and isinstance(value, _pytypes.ModuleType):
            return  # keep argmine.read etc. the functions (see __getattr__)
        super().__setattr__(name, value)


sys.modules[__name__].__class__ = _Package


def __getattr__(name: str):
    if name in _SUBMODULES:
        return importlib.import_module(f"{__name__}.{name}")  # (the import binds it here: found without __getattr__ now)
    try:
        module, attr = (_STAGES.get(name) or _EXPORTS[name]).split(":")
    except KeyError:
        raise AttributeError(f"module 'argmine' has no attribute {name!r}") from None
    value = getattr(importlib.import_module(module), attr)
    globals()[name] = value  # found without __getattr__ from now on; _Package keeps a stage from being rebound to its module
    return value


def __dir__():
    return __all__ + list(_SUBMODULES)


def _numpy_readable_epoch() -> None:
    """Import numpy's f2py now, with ``SOURCE_DATE_EPOCH`` hidden, where its value would stop that import.

    f2py reads the variable with ``int()`` and ``time.gmtime()`` when it is first imported (scipy imports it,
    so the default model does) and fails with a traceback on an empty value, ``abc`` or a number past what the
    platform's time holds (:func:`_numpy_reads_epoch`).  argmine treats an empty value
    as unset and warns about another (:func:`argmine.aggregate.provenance_date`), so the library goes on;
    the variable is put back at once (the command drops it for its run instead: ``argmine.cli``).
    """
    import os

    value = os.environ.get("SOURCE_DATE_EPOCH")
    if value is None or "numpy.f2py.rules" in sys.modules or _numpy_reads_epoch(value):
        return
    del os.environ["SOURCE_DATE_EPOCH"]  # (import time: one thread, as a rule)
    try:
        importlib.import_module("numpy.f2py")
    except ImportError:  # (numpy is a dependency; the import is only for its side effect)
        pass
    finally:
        os.environ["SOURCE_DATE_EPOCH"] = value


def _numpy_reads_epoch(value: str) -> bool:
    """Whether numpy's f2py can import with ``SOURCE_DATE_EPOCH=value``: it ``int()``s it, then ``time.gmtime()``s that.

    >>> _numpy_reads_epoch("1700000000"), _numpy_reads_epoch(""), _numpy_reads_epoch("99999999999999999999")
    (True, False, False)
    """
    import time

    try:
        time.gmtime(int(value))
    except (ValueError, OverflowError, OSError):
        return False
    return True


_numpy_readable_epoch()
