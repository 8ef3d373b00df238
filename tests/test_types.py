"""The data model: what Document and Unit accept when they are built."""

from __future__ import annotations

import pytest

import argmine
from argmine.types import Document, Unit


def test_document_meta_none_reads_as_no_metadata():
    doc = Document("a", "财不外露。", meta=None)  # meta=row.get("meta") on a row without one
    assert doc.meta == {}
    assert [u.text for u in argmine.segment([doc])] == ["财不外露。"]


@pytest.mark.parametrize("meta", ["x", 3, ["a"]])
def test_document_meta_that_is_not_a_dict_is_refused_naming_the_field(meta):
    with pytest.raises(TypeError) as e:
        Document("a", "财不外露。", meta=meta)
    assert str(e.value) == f"Document meta must be a dict (or None for no metadata), not {type(meta).__name__}"


@pytest.mark.parametrize("kind", ["Comment", "reply", ""])
def test_unit_kind_is_checked_as_document_kind(kind):
    with pytest.raises(ValueError) as e:
        Unit(id="u#1", doc="u", start=0, end=5, text="财不外露。", kind=kind)
    assert str(e.value) == f"Unit kind must be one of title, body, comment, not {kind!r}"
    with pytest.raises(ValueError, match="^Document kind must be one of"):
        Document("u", "财不外露。", kind=kind or "x")


def test_documents_units_and_predictions_can_be_hashed():
    # frozen dataclasses with a dict field (meta, scores): set(units) raised "unhashable type: 'dict'"
    from argmine.backends.base import Prediction

    doc = Document("a", "财不外露。支付宝做社交是对的。", meta={"likes": 3})
    units = argmine.segment([doc])
    classified = list(argmine.classify(units, model="lexicon"))
    assert len({doc, Document("a", "财不外露。支付宝做社交是对的。", meta={"likes": 3})}) == 1
    assert len(set(units) | set(argmine.segment([doc]))) == 2
    assert len(set(classified)) == 2 and {c.unit for c in classified} == set(units)
    p = Prediction(("privacy",), {"privacy": 0.9}, "negative", -0.8)
    assert hash(p) == hash(Prediction(("privacy",), {"privacy": 0.9}, "negative", -0.8))
    # equality still reads the dicts: equal objects hash equal, and those that differ only there are not equal
    other = Document("a", doc.text, meta={"likes": 4})
    assert other != doc and hash(other) == hash(doc) and len({doc, other}) == 2
    assert Prediction(("privacy",), {"privacy": 0.8}, "negative", -0.8) != p
