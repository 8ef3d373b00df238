"""Every argmine exception survives pickling: a ``Dataset.map(num_proc=2)`` worker's error reaches the parent whole."""

from __future__ import annotations

import pickle

import pytest

from argmine.annotations import _NotAnObjectLine
from argmine.errors import (AlignmentError, AnnotationError, ArgmineError, InputError, ModelError, OutputFolderError, ReportError,
                            SchemaError, missing_dependency)

ERRORS = [
    InputError("dataset", "row 2: 'text' is NoneType, expected a string", count=3, file_level=True, kind="field"),
    InputError("g.jsonl", "line 2: not valid JSON"),
    OutputFolderError("out/", "is a folder, not a file"),
    SchemaError("unknown theme 'Privacy' in schema 'x'", label="Privacy", label_type="theme"),
    SchemaError("schema.toml: no [schema] table"),
    ModelError("m/: missing config.json"),
    AnnotationError("gold.jsonl:3", "unit 'd#9' not found", kind="label"),
    _NotAnObjectLine("gold.jsonl", "line 4: not a JSON object", kind="json"),
    AlignmentError("span 3-5 does not align"),
    missing_dependency("datasets", "data"),
    ReportError("out.png: unknown format"),
]


def _subclasses(cls):
    for sub in cls.__subclasses__():
        yield sub
        yield from _subclasses(sub)


def test_every_argmine_error_class_is_covered():
    assert set(_subclasses(ArgmineError)) <= {type(e) for e in ERRORS}


@pytest.mark.parametrize("error", ERRORS, ids=lambda e: type(e).__name__)
def test_argmine_error_round_trips_through_pickle(error):
    copy = pickle.loads(pickle.dumps(error))
    assert type(copy) is type(error)
    assert (str(copy), copy.args, copy.kind) == (str(error), error.args, error.kind)
    assert copy.__dict__ == error.__dict__
