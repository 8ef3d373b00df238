"""analyze() and Analysis.from_units check what they are given: units against the Documents given with them, a schema
file path, hand-built predictions; and their warnings are argmine's categories."""

from __future__ import annotations

import warnings
from importlib import resources
from pathlib import Path

import pytest

import argmine
from argmine import Analysis, ClassifiedUnit, Document, Prediction, Unit
from argmine.errors import InputError, InputWarning

OLD = Document("post1", "支付宝做社交是对的。隐私泄露太可怕了。财不外露。")
NEW = Document("post1", "支付宝做社交是对的。财不外露。")  # the page scraped again: one sentence gone
SCHEMA_PATH = str(resources.files("argmine.schemas").joinpath("alipay.toml"))
HOW = ("the unit does not point into this text of document 'post1' (was it cut from an earlier one, a page scraped again "
       "since?); segment the document again (argmine.segment) and use its units, or realign labels made on the old units "
       "('argmine realign GOLD INPUTS -o NEW')")


def stale(n):
    return argmine.segment([OLD])[n]


def spans(analysis):
    return [(c.unit.id, c.unit.start, c.unit.end, c.unit.text) for c in analysis.units]


def own_units():
    return [(u.id, u.start, u.end, u.text) for u in argmine.segment([NEW])]


def test_analyze_refuses_a_stale_unit_past_the_end_of_its_document():
    errors = []
    a = argmine.analyze([NEW, stale(2)], model="lexicon", on_error=errors.append)
    assert [str(e) for e in errors] == [f"unit 'post1#3': offsets 19..24 go past the end of the document's text (15 characters): {HOW}"]
    assert spans(a) == own_units() and a.totals["failed_inputs"] == 1
    assert all(NEW.text[c.unit.start:c.unit.end] == c.unit.text for c in a.units)


def test_analyze_keeps_the_documents_own_unit_when_a_stale_one_of_its_id_comes_first():
    errors = []
    a = argmine.analyze([stale(1), NEW], model="lexicon", on_error=errors.append)
    assert [str(e) for e in errors] == [f"unit 'post1#2': offsets 10..19 go past the end of the document's text (15 characters): {HOW}"]
    assert spans(a) == own_units()  # the document's post1#2 (10..15) counted, not refused as a taken id
    with pytest.raises(InputError, match=r"^unit 'post1#2': offsets 10\.\.19 go past the end"):  # without on_error: the stale one raises
        argmine.analyze([stale(1), NEW], model="lexicon")


def test_analyze_refuses_a_hand_built_unit_with_another_text_than_the_document_has_there():
    unit = Unit(id="post1#9", doc="post1", start=0, end=5, text="隐私泄露了", kind="comment")
    for inputs in ([NEW, unit], [unit, NEW]):
        with pytest.raises(InputError) as e:
            argmine.analyze(inputs, model="lexicon")
        assert str(e.value) == f"unit 'post1#9': its text '隐私泄露了' is not what the document holds at 0..5 ('支付宝做社'): {HOW}"


@pytest.mark.parametrize("inputs", [
    lambda: [NEW, *argmine.segment([NEW])], lambda: [*argmine.segment([NEW]), NEW], lambda: list(argmine.iter_segmented([NEW])),
    lambda: argmine.segment([NEW]), lambda: [NEW, argmine.segment([OLD])[0]]])  # post1#1 is the same in both texts
def test_analyze_counts_units_that_point_into_their_document_as_before(inputs):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", InputWarning)  # units given again: counted once, as documented
        a = argmine.analyze(inputs(), model="lexicon")
    assert spans(a) == own_units() and a.errors == []


def test_from_units_refuses_a_unit_that_does_not_point_into_its_document():
    classified = argmine.analyze([OLD], model="lexicon").units
    with pytest.raises(InputError) as e:
        Analysis.from_units(classified, SCHEMA_PATH, documents=[NEW])
    assert str(e.value) == f"unit 'post1#2': offsets 10..19 go past the end of the document's text (15 characters): {HOW}"
    assert Analysis.from_units(classified, SCHEMA_PATH, documents=[OLD]).totals["units"] == 3


@pytest.mark.parametrize("path", [SCHEMA_PATH, Path(SCHEMA_PATH)])
def test_from_units_takes_a_schema_file_path_as_analyze_does(path):
    a = argmine.analyze([NEW], model="lexicon")
    b = Analysis.from_units(a.units, path, documents=a.documents, date=a.provenance["date"])
    assert b.schema.themes == a.schema.themes and b.summary == a.summary


@pytest.mark.parametrize("schema, found", [(None, "NoneType"), (5, "int")])
def test_from_units_schema_of_another_type_is_a_type_error(schema, found):
    with pytest.raises(TypeError) as e:
        Analysis.from_units([], schema)
    assert str(e.value) == ("schema must be an argmine.Schema or a schema file path (the schema the units were classified with), "
                            f"not {found}")


UNIT = Unit.from_source(NEW.text, doc="post1", n=1, start=0, end=10, kind="body")
BUILD = ("; build each as ClassifiedUnit(unit, Prediction(themes=('privacy',), scores={'privacy': 0.9}, sentiment='negative', "
         "sentiment_score=-0.8))")


@pytest.mark.parametrize("cu, message", [
    (ClassifiedUnit(UNIT, Prediction("privacy", {"privacy": 0.9}, "negative", -0.8)),
     "unit 'post1#1': the prediction's themes must be a tuple of theme ids, such as ('privacy',), not 'privacy'"),
    (ClassifiedUnit(UNIT, Prediction(None, {}, "negative", -0.8)),
     "unit 'post1#1': the prediction's themes must be a tuple of theme ids, such as ('privacy',), not None"),
    (ClassifiedUnit(UNIT, Prediction(("privacy",), None, "negative", -0.8)),
     "unit 'post1#1': the prediction's scores must be a dict of theme id -> probability, not None"),
    (ClassifiedUnit("x", Prediction(("privacy",), {}, "negative", -0.8)),
     "classified unit 0: its unit must be an argmine.Unit, not str 'x'"),
    (ClassifiedUnit(UNIT, {"themes": ("privacy",)}),
     "unit 'post1#1': its prediction must be an argmine.Prediction, not dict {'themes': ('privacy… (24 characters)"),
])
def test_from_units_hand_built_predictions_of_the_wrong_type_are_type_errors_naming_the_unit(cu, message):
    with pytest.raises(TypeError) as e:
        Analysis.from_units([cu], SCHEMA_PATH)
    assert str(e.value) == message + BUILD


def test_a_source_date_epoch_that_is_no_time_is_an_input_warning(monkeypatch):
    from argmine.aggregate import provenance_date

    monkeypatch.setenv("SOURCE_DATE_EPOCH", "not-a-time-f1")
    with pytest.warns(InputWarning, match=r"^SOURCE_DATE_EPOCH='not-a-time-f1' is not a whole number of seconds"):
        provenance_date()
