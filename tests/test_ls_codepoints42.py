"""QA round 42, round trip 1: Label Studio counts Text offsets in code points, doccano in UTF-16 code units.

Label Studio's editor (1.23.2, ``utils/selection-tools.js`` ``charsToCodePoints``/``findGlobalOffset``,
``tags/object/RichText/model.js`` "global offset in codepoints") highlights ``text[start:end]`` as Python
slices it, and saves the regions a labeler draws the same way.  argmine's older exports wrote UTF-16 code
units; the regions such an export pre-drew still import (read as UTF-16, with a warning).
"""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from argmine.cli import main
from argmine.export import export
from argmine.importers import import_annotations
from argmine.types import Document, Unit
from argmine.utf16 import Utf16Offsets

# The two documents of the QA report: units after emoji, and (e3) the same sentence twice after them.
E2 = Document(id="e2", text="红包😀😀😀😀好用。隐私怎么办？我只想付钱。")
E3 = Document(id="e3", text="哈😀😀\n好。好。")
SPANS = {"e2": [(0, 9), (9, 15), (15, 21)], "e3": [(0, 3), (4, 6), (6, 8)]}
CASES = {d.id: (d, [Unit.from_source(d.text, doc=d.id, n=n, start=s, end=e, kind="body") for n, (s, e) in enumerate(SPANS[d.id], 1)])
         for d in (E2, E3)}
# What the labeler gives each unit, in order.
LABELS = [("other", "positive"), ("privacy", "negative"), ("pro_social", "positive")]


def ls_tasks(tmp_path, doc, units):
    export(units, tmp_path / "ls", "label-studio", documents=[doc], level="document")
    return json.loads((tmp_path / "ls" / "tasks.json").read_text("utf-8"))


def region(rid, start, end, text, theme, sentiment):
    """The two result items Label Studio saves for one labelled region."""
    span = {"start": start, "end": end, "text": text}
    return [{"id": rid, "from_name": "unit", "to_name": "text", "type": "labels", "value": {**span, "labels": [theme]}, "origin": "manual"},
            {"id": rid, "from_name": "sentiment", "to_name": "text", "type": "choices", "value": {**span, "choices": [sentiment]}, "origin": "manual"}]


def legacy_regions(doc, units):
    """An older argmine export's region r<n> on unit n, in UTF-16 code units, kept by the labeler and given LABELS."""
    m = Utf16Offsets(doc.text)
    return [item for n, (u, (t, s)) in enumerate(zip(units, LABELS))
            for item in region(f"r{n}", m.to_utf16(u.start), m.to_utf16(u.end), u.text, t, s)]


def ls_export(tmp_path, task, result):
    """Label Studio's JSON export of ``task`` with one annotation holding ``result``."""
    path = tmp_path / "export.json"
    path.write_text(json.dumps([{"id": 1, "data": task["data"], "predictions": [1], "drafts": [], "annotations": [
        {"id": 7, "completed_by": 1, "was_cancelled": False, "ground_truth": False, "result": result}]}], ensure_ascii=False), "utf-8")
    return path


def labels_of(result):
    return {r.id: (r.themes, r.sentiment) for r in result.records}


def expected(units, labels=LABELS):
    return {u.id: ((), s) if t == "other" else ((t,), s) for u, (t, s) in zip(units, labels)}


@pytest.mark.parametrize("case", ["e2", "e3"])
def test_label_studio_export_regions_are_code_points_of_the_task_text(tmp_path, case):
    doc, units = CASES[case]
    task = ls_tasks(tmp_path, doc, units)[0]
    regions = [r["value"] for r in task["predictions"][0]["result"] if r["from_name"] == "unit"]
    # what Label Studio highlights is text[start:end] in code points: each region over its own unit
    assert [(v["start"], v["end"], v["text"]) for v in regions] == [(u.start, u.end, u.text) for u in units]
    assert all(task["data"]["text"][v["start"]:v["end"]] == v["text"] for v in regions)


@pytest.mark.parametrize("case", ["e2", "e3"])
def test_label_studio_regions_drawn_in_code_points_import_onto_their_units(tmp_path, case):
    doc, units = CASES[case]
    task = ls_tasks(tmp_path, doc, units)[0]
    # as the editor saves them: its own region ids, offsets in code points
    result = [item for n, (u, (t, s)) in enumerate(zip(units, LABELS)) for item in region(f"Xy{n}AbCdEf", u.start, u.end, u.text, t, s)]
    got = import_annotations([ls_export(tmp_path, task, result)], "label-studio", strict=True)
    assert labels_of(got) == expected(units)  # e3: e3#2 privacy, e3#3 pro_social (not e3#3's labels on e3#2)
    assert [(r.start, r.end, r.text) for r in got.records] == [(u.start, u.end, u.text) for u in units]
    assert got.problems == []


def test_label_studio_region_drawn_after_emoji_alone_imports_its_unit(tmp_path):
    doc, units = CASES["e2"]
    task = ls_tasks(tmp_path, doc, units)[0]
    # the report's region: the labeler draws 我只想付钱。 only, Label Studio saves 15..21
    got = import_annotations([ls_export(tmp_path, task, region("Xy12", 15, 21, "我只想付钱。", "privacy", "negative"))], "label-studio")
    assert labels_of(got) == {"e2#3": (("privacy",), "negative")} and not got.errors and not got.warnings
    assert sorted(p.unit for p in got.unlabeled) == ["e2#1", "e2#2"]


@pytest.mark.parametrize("case", ["e2", "e3"])
def test_label_studio_legacy_utf16_regions_import_onto_their_units_with_a_warning(tmp_path, case):
    doc, units = CASES[case]
    task = ls_tasks(tmp_path, doc, units)[0]
    m = Utf16Offsets(doc.text)
    got = import_annotations([ls_export(tmp_path, task, legacy_regions(doc, units))], "label-studio", strict=True)
    assert labels_of(got) == expected(units)  # e3: r1 (UTF-16 6..8, which as code points is e3#3's 好。) stays e3#2
    assert not got.errors and not got.unlabeled
    path = tmp_path / "export.json"
    shown = {"e2": ["'红包😀😀😀😀好用。隐私怎么'", "'办？我只想付'", "'钱。' (its end past the text's)"],
             "e3": ["'哈😀😀\\n好'", "'好。'", "no text (its end past the text's)"]}[case]
    # every region after an emoji: the unit it went to, and what Label Studio showed the labeler instead
    assert [str(p) for p in got.warnings] == [
        f"{path} task 1 annotation 7 region r{n}: offsets {m.to_utf16(u.start)}..{m.to_utf16(u.end)} count UTF-16 code units "
        f"(an older 'argmine export'), read as unit {u.id} ({doc.id} {u.start}..{u.end}); Label Studio showed this region over "
        f"{shown[n]}: check the unit's labels, or export it again and label it anew"
        for n, u in enumerate(units) if m.to_utf16(u.end) != u.end]


def test_label_studio_legacy_regions_and_regions_drawn_in_code_points_in_one_annotation(tmp_path):
    doc, units = CASES["e3"]
    task = ls_tasks(tmp_path, doc, units)[0]
    m = Utf16Offsets(doc.text)
    u1, u2, u3 = units
    # r1 kept from an older export (UTF-16 6..8); e3#3 deleted and drawn again by the labeler (code points 6..8)
    result = (region("r0", 0, m.to_utf16(u1.end), u1.text, "other", "positive") + region("r1", 6, 8, u2.text, "privacy", "negative")
              + region("Q7w8e9r0t1", 6, 8, u3.text, "pro_social", "positive"))
    got = import_annotations([ls_export(tmp_path, task, result)], "label-studio", strict=True)
    assert labels_of(got) == expected(units) and not got.conflicts
    assert [p.unit for p in got.warnings] == ["e3#1", "e3#2"]


def test_label_studio_region_matching_neither_reading_fails_its_span(tmp_path):
    doc, units = CASES["e2"]
    task = ls_tasks(tmp_path, doc, units)[0]
    # the old export's r1 offsets (13..19) with a text that is neither 13..19 in code points nor in UTF-16 code units
    got = import_annotations([ls_export(tmp_path, task, region("r1", 13, 19, "我只想付钱。", "privacy", "negative"))], "label-studio")
    assert not got.records and not got.warnings
    assert [str(p) for p in got.errors] == [
        f"{tmp_path / 'export.json'} task 1 annotation 7 region r1: the region's text reads '我只想付钱。', but the task's text of the span "
        "(e2 13..19) is '办？我只想付': the region was edited in the file; restore its text, or export again from Label Studio"]


def test_cli_import_warns_about_legacy_utf16_regions(tmp_path):
    doc, units = CASES["e2"]
    task = ls_tasks(tmp_path, doc, units)[0]
    result = legacy_regions(doc, units)
    res = CliRunner().invoke(main, ["import", str(ls_export(tmp_path, task, result)), "--format", "label-studio", "-o", str(tmp_path / "g.jsonl")])
    assert res.exit_code == 0, res.output
    assert res.output.count("count UTF-16 code units (an older 'argmine export'), read as unit") == 3
    assert [json.loads(x)["id"] for x in (tmp_path / "g.jsonl").read_text("utf-8").splitlines()] == ["e2#1", "e2#2", "e2#3"]


@pytest.mark.parametrize("case", ["e2", "e3"])
def test_doccano_document_spans_stay_utf16(tmp_path, case):
    doc, units = CASES[case]
    export(units, tmp_path / "dc", "doccano", documents=[doc], level="document")
    rec = json.loads((tmp_path / "dc" / "tasks.jsonl").read_text("utf-8"))
    js = doc.text.encode("utf-16-le")  # doccano's editor indexes the text as JavaScript does
    assert [js[2 * s:2 * e].decode("utf-16-le") for s, e, _ in rec["label"]] == [u.text for u in units]
    m = Utf16Offsets(doc.text)
    assert [(s, e) for s, e, _ in rec["label"]] == [(m.to_utf16(u.start), m.to_utf16(u.end)) for u in units]
    rec["label"] = [[m.to_utf16(u.start), m.to_utf16(u.end), lab] for u, (t, s) in zip(units, LABELS) for lab in (t, s)]
    (tmp_path / "dc.jsonl").write_text(json.dumps(rec, ensure_ascii=False) + "\n", "utf-8")
    got = import_annotations([tmp_path / "dc.jsonl"], "doccano", strict=True)
    assert labels_of(got) == expected(units) and got.problems == []
