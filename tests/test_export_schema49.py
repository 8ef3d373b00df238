"""The schema an export offers and an import reads with: predictions checked against it, a schema file path taken
as schema=, and the CSV sheet's ``id vVERSION`` cell read back when the id or the version holds " v"."""

from __future__ import annotations

import csv
import dataclasses
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from argmine.backends.base import Prediction
from argmine.cli import main
from argmine.errors import SchemaError
from argmine.export import csv_schema_stamp, export
from argmine.importers import import_annotations
from argmine.schema import load_schema
from argmine.types import Document, Unit

PHONE = """\
[schema]
id = "phone"
version = "1"
[[themes]]
id = "battery"
name_zh = "电池"
name_en = "Battery"
cues = ["电池", "续航"]
[[themes]]
id = "price"
name_zh = "价格"
name_en = "Price"
cues = ["价格", "贵"]
"""
DOC = Document("p1", "电池续航太差了。价格也贵。")
UNITS = [Unit.from_source(DOC.text, doc="p1", n=1, start=0, end=8, kind="body"),
         Unit.from_source(DOC.text, doc="p1", n=2, start=8, end=13, kind="body")]
PREDS = [Prediction(("battery",), {"battery": 0.9, "price": 0.1}, "negative", -0.6),
         Prediction(("price",), {"battery": 0.1, "price": 0.8}, "neutral", 0.0)]
HINT = "pass schema=, the schema the predictions were made with (an argmine.Schema or its TOML file)"


def _schema_file(tmp_path: Path, text: str = PHONE, name: str = "phone.toml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def _labelled_sheet(sheet: Path, out: Path, themes: str) -> Path:
    """The exported sheet with every row labelled ``themes``, neutral (as a labeler saves it from a spreadsheet)."""
    with sheet.open(encoding="utf-8-sig", newline="") as f:
        rows = list(csv.DictReader(f))
    for r in rows:
        r["themes"], r["sentiment"] = themes, "neutral"
    with out.open("w", encoding="utf-8-sig", newline="") as f:
        w = csv.DictWriter(f, fieldnames=list(rows[0]))
        w.writeheader()
        w.writerows(rows)
    return out


@pytest.mark.parametrize("fmt, out", [("label-studio", "ls"), ("doccano", "dc"), ("csv", "s.csv")])
def test_export_refuses_predictions_of_another_schema_without_schema(tmp_path, fmt, out):
    with pytest.raises(SchemaError) as e:
        export(UNITS, tmp_path / out, fmt, predictions=PREDS, documents=[DOC])
    assert str(e.value) == ("prediction of unit 'p1#1' has theme 'battery', not in schema 'alipay_social' (the packaged "
                            "default: no schema= was given); " + HINT)
    assert not (tmp_path / out).exists()  # nothing written for the wrong label set


@pytest.mark.parametrize("prediction, said", [
    (Prediction((), {"battery": 0.2}, "neutral", 0.0), "has a score for theme 'battery'"),
    (Prediction(("privacy",), {"privacy": 0.9}, "support", 0.5), "has sentiment 'support'"),
])
def test_export_refuses_a_score_or_sentiment_the_schema_lacks(tmp_path, prediction, said):
    with pytest.raises(SchemaError) as e:
        export(UNITS[:1], tmp_path / "s.csv", "csv", predictions=[prediction], schema=load_schema())
    assert str(e.value) == (f"prediction of unit 'p1#1' {said}, not in schema 'alipay_social' "
                            "(argmine/schemas/alipay.toml); " + HINT)
    assert not (tmp_path / "s.csv").exists()


def test_export_names_the_first_unit_whose_prediction_the_schema_lacks(tmp_path):
    phone = load_schema(_schema_file(tmp_path))
    preds = [PREDS[0], Prediction(("privacy",), {"privacy": 0.9}, "neutral", 0.0)]
    with pytest.raises(SchemaError, match=r"^prediction of unit 'p1#2' has theme 'privacy', not in schema 'phone' \(.*phone\.toml\); pass schema="):
        export(UNITS, tmp_path / "ls", "label-studio", predictions=preds, schema=phone)


def test_export_of_the_default_schemas_predictions_and_no_predictions_still_written(tmp_path):
    preds = [Prediction(("privacy",), {"privacy": 0.9, "bloat": 0.1}, "negative", -0.5), None]
    assert export(UNITS, tmp_path / "s.csv", "csv", predictions=preds)
    assert export(UNITS, tmp_path / "plain.csv", "csv")
    assert export(UNITS, tmp_path / "other.csv", "csv", predictions=[Prediction((), {}, "neutral", 0.0)] * 2)


@pytest.mark.parametrize("as_path", [str, Path])
def test_export_takes_a_schema_file_path(tmp_path, as_path):
    path = as_path(_schema_file(tmp_path))
    export(UNITS, tmp_path / "ls", "label-studio", predictions=PREDS, schema=path, documents=[DOC])
    tasks = json.loads((tmp_path / "ls" / "tasks.json").read_text(encoding="utf-8"))
    assert {t["data"]["schema"] for t in tasks} == {"phone"}
    config = (tmp_path / "ls" / "config.xml").read_text(encoding="utf-8")
    assert 'value="battery"' in config and 'value="price"' in config and 'value="privacy"' not in config
    export(UNITS, tmp_path / "dc", "doccano", schema=path)  # doccano read schema.theme_ids
    labels = json.loads((tmp_path / "dc" / "label_types.json").read_text(encoding="utf-8"))
    assert {"battery", "price"} <= {lab["text"] for lab in labels}


def test_export_and_import_annotations_take_a_schema_file_path_round_trip(tmp_path):
    path = str(_schema_file(tmp_path))
    export(UNITS, tmp_path / "s.csv", "csv", predictions=PREDS, schema=path)
    labelled = _labelled_sheet(tmp_path / "s.csv", tmp_path / "labelled.csv", "battery")
    result = import_annotations([labelled], "csv", schema=path)
    assert [(r.id, r.themes) for r in result.records] == [("p1#1", ("battery",)), ("p1#2", ("battery",))]
    assert not result.errors and result.other_schemas(load_schema(path)) == {}


def test_import_annotations_refuses_a_schema_of_another_type(tmp_path):
    with pytest.raises(TypeError) as e:
        import_annotations([tmp_path / "x.csv"], "csv", schema={"id": "phone"})
    assert str(e.value) == "schema must be an argmine.Schema, a schema file path or None, not dict"


PILOT = PHONE.replace('id = "phone"\nversion = "1"', 'id = "{id}"\nversion = "{version}"')


@pytest.mark.parametrize("sid, version", [("retire", "2 (pilot v3)"), ("pension v reform", "2 (pilot v3)"), ("retire", "1"),
                                          ("pension v reform", "1")])
def test_csv_sheet_of_a_schema_with_v_in_id_or_version_imports_as_that_schema(tmp_path, sid, version):
    path = _schema_file(tmp_path, PILOT.format(id=sid, version=version))
    schema = load_schema(path)
    export(UNITS, tmp_path / "s.csv", "csv", schema=schema)
    labelled = _labelled_sheet(tmp_path / "s.csv", tmp_path / "labelled.csv", "price")
    result = import_annotations([labelled], "csv", schema=schema)
    assert result.schemas == {str(labelled): (sid, version)}
    assert result.other_schemas(schema) == {} and len(result.records) == 2
    r = CliRunner().invoke(main, ["import", str(labelled), "--format", "csv", "--schema", str(path), "-o", str(tmp_path / "g.jsonl")])
    assert r.exit_code == 0, r.output
    assert "warning" not in r.output and "exported for schema" not in r.output


def test_csv_sheet_of_another_version_with_v_is_that_version_of_the_schema(tmp_path):
    old = load_schema(_schema_file(tmp_path, PILOT.format(id="retire", version="1 (pilot v2)"), "old.toml"))
    new = load_schema(_schema_file(tmp_path, PILOT.format(id="retire", version="2 (pilot v3)"), "new.toml"))
    export(UNITS, tmp_path / "s.csv", "csv", schema=old)
    labelled = _labelled_sheet(tmp_path / "s.csv", tmp_path / "labelled.csv", "price")
    assert import_annotations([labelled], "csv", schema=new).other_schemas(new) == {("retire", "1 (pilot v2)"): [str(labelled)]}


@pytest.mark.parametrize("own_version", ["1", "2 (pilot v3)"])
def test_csv_sheet_of_a_schema_whose_id_starts_with_the_own_id_and_a_v_word_is_that_other_schema(tmp_path, own_version):
    vote = _schema_file(tmp_path, PILOT.format(id="retire vote", version="1"), "vote.toml")
    retire = _schema_file(tmp_path, PILOT.format(id="retire", version=own_version), "retire.toml")
    export(UNITS, tmp_path / "s.csv", "csv", schema=vote)
    labelled = _labelled_sheet(tmp_path / "s.csv", tmp_path / "labelled.csv", "price")
    result = import_annotations([labelled], "csv", schema=retire)
    assert result.schemas == {str(labelled): ("retire vote", "1")}  # not retire, version "ote v1"
    assert result.other_schemas(load_schema(retire)) == {("retire vote", "1"): [str(labelled)]}
    r = CliRunner().invoke(main, ["import", str(labelled), "--format", "csv", "--schema", str(retire), "-o", str(tmp_path / "g.jsonl")])
    assert r.exit_code == 0, r.output
    assert "import again with --schema FILE, the schema file whose [schema] id is retire vote;" in " ".join(r.output.split())


def _schema(sid: str, version: str):
    return dataclasses.replace(load_schema(), id=sid, version=version)


@pytest.mark.parametrize("cell, schema, stamp", [
    ("alipay_social v2", None, {"schema": "alipay_social", "schema_version": "2"}),  # sheets of before: read as before
    ("alipay_social v2", load_schema(), {"schema": "alipay_social", "schema_version": "2"}),
    ("alipay_social v1.10", load_schema(), {"schema": "alipay_social", "schema_version": "1.10"}),
    ("school v3", load_schema(), {"schema": "school", "schema_version": "3"}),  # another schema: at its last " v"
    ("alipay_social", load_schema(), {"schema": "alipay_social", "schema_version": ""}),
    ("  ", load_schema(), {}),
    # the own id a word-prefix of another schema's: that schema, whatever the own version
    ("retire vote v1", _schema("retire", "1"), {"schema": "retire vote", "schema_version": "1"}),
    ("retire vote v1", _schema("retire", "2 (pilot v3)"), {"schema": "retire vote", "schema_version": "1"}),
    ("alipay vs wechat v2", _schema("alipay", "2"), {"schema": "alipay vs wechat", "schema_version": "2"}),
    # a " v" in brackets is a version's: another version of the own schema, or another schema's version
    ("retire v1 (pilot v2)", _schema("retire", "2 (pilot v3)"), {"schema": "retire", "schema_version": "1 (pilot v2)"}),
    ("retire v1（试点 v2）", _schema("retire", "2"), {"schema": "retire", "schema_version": "1（试点 v2）"}),
    ("pension v reform v2 (pilot v3)", load_schema(), {"schema": "pension v reform", "schema_version": "2 (pilot v3)"}),
    ("pension v reform v2 (pilot v3)", _schema("pension", "2"), {"schema": "pension v reform", "schema_version": "2 (pilot v3)"}),
    # the corner left: another version of the own schema holding " v" outside brackets reads as another schema's
    # stamp (never another schema's as the own one)
    ("retire v1 pilot v2", _schema("retire", "2 pilot v3"), {"schema": "retire v1 pilot", "schema_version": "2"}),
    ("retire v2 pilot v3", _schema("retire", " 2  pilot v3 "), {"schema": "retire", "schema_version": "2  pilot v3"}),
])
def test_csv_schema_stamp_reads_the_cell_back(cell, schema, stamp):
    assert csv_schema_stamp(cell, schema) == stamp
