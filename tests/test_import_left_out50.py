"""A document-level export made with --only-unlabeled shows the whole document, with the units already labelled left
out of its units: a labeler who labels one of those, on its exact boundaries, gets it imported as that unit with
--source (a warning says so), and without --source is told that the span is on no exported unit and that --source
reads it as the unit it is.  The "nearest unit" hint names the unit the span lies in."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from argmine.cli import main

TEXT = "支付宝做社交到底行不行？\n支付宝并不是要做社交，而是要做社交关系的支付场景。\n隐私问题才是关键。\n"
UNIT2 = "支付宝并不是要做社交，而是要做社交关系的支付场景。"  # post#2, 13..38


def run(*args):
    return CliRunner().invoke(main, list(map(str, args)), catch_exceptions=False)


def round_one(tmp_path):
    """The source, and a gold file that labelled post#2 and post#3 (so --only-unlabeled exports only post#1)."""
    src = tmp_path / "src"
    src.mkdir()
    (src / "post.txt").write_text(TEXT, encoding="utf-8")
    units = tmp_path / "u.jsonl"
    assert run("segment", src, "-o", units, "-q").exit_code == 0
    gold = tmp_path / "round1.jsonl"
    rows = [json.loads(line) for line in units.read_text("utf-8").splitlines()]
    assert [(u["id"], u["start"], u["end"]) for u in rows] == [("post#1", 0, 12), ("post#2", 13, 38), ("post#3", 39, 48)]
    gold.write_text("".join(json.dumps({k: u[k] for k in ("id", "doc", "start", "end", "text", "kind")}
                                       | {"themes": ["pro_social"], "sentiment": "positive", "annotator": "a"},
                                       ensure_ascii=False) + "\n" for u in rows if u["id"] != "post#1"), encoding="utf-8")
    return src, gold


def brat_round_two(tmp_path, src, gold, spans):
    """A brat export of what round one left, where the labeler labelled post#1 and drew ``spans`` (start, end, type)."""
    out = tmp_path / "brat"
    assert run("export", src, "--format", "brat", "--no-predictions", "--only-unlabeled", gold, "-o", out, "-q").exit_code == 0
    ann = out / "post.ann"
    lines = ann.read_text("utf-8") + "A1\tSentiment T1 neutral\n"
    for n, (s, e, typ) in enumerate(spans, 2):
        lines += f"T{n}\t{typ} {s} {e}\t{TEXT[s:e]}\nA{n}\tSentiment T{n} negative\n"
    ann.write_text(lines, encoding="utf-8")
    return out, ann


def ls_round_two(tmp_path, src, gold, spans):
    """A Label Studio document-level export of what round one left, annotated with post#1 and ``spans`` (start, end, label)."""
    out = tmp_path / "ls"
    assert run("export", src, "--format", "label-studio", "--level", "document", "--no-predictions", "--only-unlabeled", gold,
               "-o", out, "-q").exit_code == 0
    tasks = json.loads((out / "tasks.json").read_text("utf-8"))
    assert [u["id"] for u in tasks[0]["data"]["units"]] == ["post#1"]
    result = []
    for rid, (s, e, theme, sentiment) in {"r0": (0, 12, "other", "neutral"), **{f"Ab{n}": (s, e, t, "negative") for n, (s, e, t) in
                                                                                 enumerate(spans)}}.items():
        value = {"start": s, "end": e, "text": TEXT[s:e]}
        result += [{"id": rid, "from_name": "unit", "to_name": "text", "type": "labels", "value": {**value, "labels": [theme]}},
                   {"id": rid, "from_name": "sentiment", "to_name": "text", "type": "choices", "value": {**value, "choices": [sentiment]}}]
    tasks[0].update(id=7, annotations=[{"id": 55, "completed_by": 1, "was_cancelled": False, "result": result}])
    export = tmp_path / "ls_export.json"
    export.write_text(json.dumps(tasks, ensure_ascii=False), encoding="utf-8")
    return export, f"{export} task 7 annotation 55 region Ab0"


def round_two(tool, tmp_path, spans):
    src, gold = round_one(tmp_path)
    if tool == "brat":
        out, ann = brat_round_two(tmp_path, src, gold, spans)
        return src, gold, (out, "--format", "brat"), f"{ann}:3"
    export, where = ls_round_two(tmp_path, src, gold, spans)
    return src, gold, (export, "--format", "label-studio"), where


@pytest.mark.parametrize("tool", ["brat", "label-studio"])
def test_a_unit_the_export_left_out_labelled_on_its_boundaries_is_imported_with_source(tool, tmp_path):
    src, gold, given, where = round_two(tool, tmp_path, [(13, 38, "privacy")])
    r = run("import", *given, "--source", src, "-o", tmp_path / "round2.jsonl")
    assert r.exit_code == 0, r.stderr
    assert r.stderr.splitlines() == [
        f"argmine: warning: {where}: '{UNIT2}' at 13..38 is unit post#2 of the source, which this export left out "
        "(already labelled: --only-unlabeled; or not drawn by --sample): read as a label of unit post#2; given with the gold "
        "that labelled it before (train, evaluate, agreement), a label that differs is a conflict",
        f"argmine: 2 gold records written to {tmp_path / 'round2.jsonl'}; 0 records failed, 0 conflicts, 0 unlabelled, 1 other warning"]
    records = [json.loads(line) for line in (tmp_path / "round2.jsonl").read_text("utf-8").splitlines()]
    assert [(g["id"], g["start"], g["end"], g["text"], g["kind"], g["themes"], g["sentiment"]) for g in records] == [
        ("post#1", 0, 12, TEXT[:12], "title", [], "neutral"), ("post#2", 13, 38, UNIT2, "body", ["privacy"], "negative")]
    # given with round one, it is a second labelling of post#2 (round one said pro_social/positive)
    agree = run("agreement", gold, tmp_path / "round2.jsonl")
    assert "matched units: 1; exact agreement: 0.000" in agree.stdout


@pytest.mark.parametrize("tool", ["brat", "label-studio"])
def test_without_source_a_span_on_no_exported_unit_says_so_and_that_source_reads_it(tool, tmp_path):
    src, gold, given, where = round_two(tool, tmp_path, [(13, 38, "privacy")])
    r = run("import", *given, "-o", tmp_path / "round2.jsonl")
    assert r.exit_code == 1
    assert r.stderr.splitlines() == [
        f"argmine: error: {where}: cannot be mapped to a unit: '{UNIT2}' at 13..38 is on none of the units this export "
        "lists for post (nearest unit: post#1 0..12); if it is a unit the export left out (already labelled: "
        "--only-unlabeled; or not drawn by --sample), pass --source (the documents it was exported from) to read it as that "
        "unit; else draw it on an exported unit's boundaries",
        f"argmine: 1 gold record written to {tmp_path / 'round2.jsonl'}; 0 records failed, 1 error naming no unit, 0 conflicts, "
        "0 unlabelled"]
    assert "keep the exported span boundaries" not in r.stderr


@pytest.mark.parametrize("tool", ["brat", "label-studio"])
def test_a_span_inside_a_unit_the_export_left_out_fails_as_that_unit(tool, tmp_path):
    src, gold, given, where = round_two(tool, tmp_path, [(14, 38, "privacy")])
    r = run("import", *given, "--source", src, "-o", tmp_path / "round2.jsonl")
    assert r.exit_code == 1
    assert r.stderr.splitlines() == [
        f"argmine: error: {where}: cannot be mapped to a unit: '{UNIT2[1:]}' at 14..38 is not a unit of post (nearest unit: "
        "post#2 13..38, which this export left out); draw it on that unit's boundaries to label it",
        f"argmine: 1 gold record written to {tmp_path / 'round2.jsonl'}; 1 record failed, 0 conflicts, 0 unlabelled"]


def test_a_unit_the_export_left_out_with_its_line_break_is_named(tmp_path):
    src, gold, given, where = round_two("label-studio", tmp_path, [(39, 49, "privacy")])
    r = run("import", *given, "--source", src, "-o", tmp_path / "round2.jsonl")
    assert r.exit_code == 1
    assert r.stderr.splitlines()[0] == (
        f"argmine: error: {where}: cannot be mapped to a unit: '隐私问题才是关键。\\n' at 39..49 is not a unit of post: that is "
        "unit post#3 39..48, which this export left out, with the white space after it ('\\n'); draw the region without it")


def test_doccano_document_level_reads_a_unit_the_export_left_out_with_source(tmp_path):
    src, gold = round_one(tmp_path)
    out = tmp_path / "dc"
    assert run("export", src, "--format", "doccano", "--level", "document", "--no-predictions", "--only-unlabeled", gold,
               "-o", out, "-q").exit_code == 0
    task = json.loads((out / "tasks.jsonl").read_text("utf-8"))
    task["label"] = [[0, 12, "other"], [0, 12, "neutral"], [13, 38, "privacy"], [13, 38, "negative"]]
    export = tmp_path / "alice.jsonl"
    export.write_text(json.dumps(task, ensure_ascii=False) + "\n", encoding="utf-8")
    r = run("import", export, "--format", "doccano", "--source", src, "-o", tmp_path / "round2.jsonl")
    assert r.exit_code == 0, r.stderr
    assert "is unit post#2 of the source, which this export left out" in r.stderr
    records = [json.loads(line) for line in (tmp_path / "round2.jsonl").read_text("utf-8").splitlines()]
    assert [(g["id"], g["themes"], g["sentiment"]) for g in records] == [("post#1", [], "neutral"), ("post#2", ["privacy"], "negative")]


def test_the_nearest_unit_is_the_one_the_span_lies_in(tmp_path):
    src, _ = round_one(tmp_path)
    out = tmp_path / "ls"
    assert run("export", src, "--format", "label-studio", "--level", "document", "--no-predictions", "-o", out, "-q").exit_code == 0
    tasks = json.loads((out / "tasks.json").read_text("utf-8"))
    value = {"start": 14, "end": 16, "text": TEXT[14:16]}  # two characters near post#1's end, inside post#2
    tasks[0].update(id=1, annotations=[{"id": 1, "completed_by": 1, "was_cancelled": False, "result": [
        {"id": "q", "from_name": "unit", "to_name": "text", "type": "labels", "value": {**value, "labels": ["privacy"]}},
        {"id": "q", "from_name": "sentiment", "to_name": "text", "type": "choices", "value": {**value, "choices": ["negative"]}}]}])
    export = tmp_path / "export.json"
    export.write_text(json.dumps(tasks, ensure_ascii=False), encoding="utf-8")
    r = run("import", export, "--format", "label-studio", "-o", tmp_path / "gold.jsonl")
    assert r.exit_code == 1
    assert r.stderr.splitlines()[0] == (
        f"argmine: error: {export} task 1 annotation 1 region q: cannot be mapped to a unit: '付宝' at 14..16 is not a unit "
        "of post (nearest unit: post#2 13..38); keep the exported span boundaries")


# A source edited since the export numbers and places its units anew: its units are no longer the export's.
POST = "支付宝并不是要做社交，我很反对。\n\n这个功能真好用，我喜欢。\n\n价格太贵了，不值得买。\n\n客服态度很差，我生气了。\n"
SPLIT = POST.replace("价格太贵了，不值得买", "价格太贵了。不值得买")  # post#3 now splits into post#3 32..38 + post#4 38..43
ADDED = "新加的一句话。\n\n" + POST  # a line added at the top: every unit moves by 9 and takes the next number


def changed_since_export(tmp_path, tool, now, spans):
    """An --only-unlabeled document-level export of POST (post#1 and post#3 labelled before, so it lists post#2 18..30 and
    post#4 45..57), labelled with ``spans`` (start, end, theme, sentiment); the source then reads ``now``."""
    src = tmp_path / "src"
    src.mkdir()
    (src / "post.txt").write_text(POST, encoding="utf-8")
    gold = tmp_path / "round1.jsonl"
    gold.write_text("".join(json.dumps({"id": f"post#{n}", "doc": "post", "start": s, "end": e, "text": POST[s:e],
                                        "themes": ["pro_social"], "sentiment": "negative"}, ensure_ascii=False) + "\n"
                            for n, s, e in ((1, 0, 16), (3, 32, 43))), encoding="utf-8")
    out = tmp_path / "out"
    assert run("export", src, "--format", tool, "--level", "document", "--no-predictions", "--only-unlabeled", gold,
               "-o", out, "-q").exit_code == 0
    (src / "post.txt").write_text(now, encoding="utf-8")
    if tool == "doccano":
        task = json.loads((out / "tasks.jsonl").read_text("utf-8"))
        assert [(u["id"], u["start"], u["end"]) for u in task["units"]] == [("post#2", 18, 30), ("post#4", 45, 57)]
        task["label"] = [[s, e, label] for s, e, theme, sentiment in spans for label in (theme, sentiment)]
        export = tmp_path / "alice.jsonl"
        export.write_text(json.dumps(task, ensure_ascii=False) + "\n", encoding="utf-8")
        return src, (export, "--format", "doccano"), f"{export} record 1"
    tasks = json.loads((out / "tasks.json").read_text("utf-8"))
    assert [(u["id"], u["start"], u["end"]) for u in tasks[0]["data"]["units"]] == [("post#2", 18, 30), ("post#4", 45, 57)]
    result = []
    for n, (s, e, theme, sentiment) in enumerate(spans):
        value = {"start": s, "end": e, "text": POST[s:e]}
        result += [{"id": f"q{n}", "from_name": "unit", "to_name": "text", "type": "labels", "value": {**value, "labels": [theme]}},
                   {"id": f"q{n}", "from_name": "sentiment", "to_name": "text", "type": "choices",
                    "value": {**value, "choices": [sentiment]}}]
    tasks[0].update(id=7, annotations=[{"id": 55, "completed_by": 1, "was_cancelled": False, "result": result}])
    export = tmp_path / "ls_export.json"
    export.write_text(json.dumps(tasks, ensure_ascii=False), encoding="utf-8")
    return src, (export, "--format", "label-studio"), f"{export} task 7 annotation 55 region q1"


SPLIT_CHANGED = ("the source of post changed since export (its unit post#3 32..38 reads '价格太贵了。', the export's text there "
                 "'价格太贵了，'), so no unit the export left out is read from it: run 'argmine realign' or export again")


@pytest.mark.parametrize("tool", ["label-studio", "doccano"])
def test_a_source_changed_since_export_loses_no_label_of_an_exported_unit(tool, tmp_path):
    # the export's post#4 (45..57) is the source's post#5 now; the source's post#4 is 38..43, not left out by the export
    src, given, where = changed_since_export(tmp_path, tool, SPLIT, [(45, 57, "other", "negative"), (32, 43, "privacy", "negative")])
    r = run("import", *given, "--source", src, "-o", tmp_path / "round2.jsonl")
    assert r.exit_code == 1
    error = next(line for line in r.stderr.splitlines() if "error:" in line)
    assert error.endswith("cannot be mapped to a unit: '价格太贵了，不值得买。' at 32..43 is not a unit of post (nearest unit: "
                          f"post#2 18..30); {SPLIT_CHANGED}")
    assert r.stderr.splitlines()[-1] == (f"argmine: 1 gold record written to {tmp_path / 'round2.jsonl'}; 0 records failed, "
                                         "1 error naming no unit, 0 conflicts, 1 unlabelled")
    records = [json.loads(line) for line in (tmp_path / "round2.jsonl").read_text("utf-8").splitlines()]
    assert [(g["id"], g["start"], g["end"], g["text"], g["sentiment"]) for g in records] == [
        ("post#5", 45, 57, "客服态度很差，我生气了。", "negative")]


def test_a_source_changed_since_export_hides_no_exported_unit_left_unlabelled(tmp_path):
    src, given, where = changed_since_export(tmp_path, "label-studio", SPLIT,
                                             [(18, 30, "pro_social", "positive"), (38, 43, "other", "negative")])
    r = run("import", *given, "--source", src, "-o", tmp_path / "round2.jsonl")
    assert r.exit_code == 1
    assert "which this export left out" not in r.stderr
    assert r.stderr.splitlines() == [
        f"argmine: error: {where}: cannot be mapped to a unit: '不值得买。' at 38..43 is not a unit of post (nearest unit: "
        f"post#4 45..57); {SPLIT_CHANGED}",
        f"argmine: warning: 1 unit not labelled (no region drawn on it in the annotation by label-studio-user-1): {where[:-10]} unit post#4",
        f"argmine: 1 gold record written to {tmp_path / 'round2.jsonl'}; 0 records failed, 1 error naming no unit, 0 conflicts, "
        "1 unlabelled"]


@pytest.mark.parametrize("span", [(0, 16), (0, 7)])  # the unit the labeller saw (left out at export); where the source's post#1 is now
def test_a_source_changed_since_export_offers_no_left_out_unit_off_the_export_text(span, tmp_path):
    src, given, where = changed_since_export(tmp_path, "label-studio", ADDED, [(18, 30, "pro_social", "positive"),
                                                                              (*span, "privacy", "negative")])
    r = run("import", *given, "--source", src, "-o", tmp_path / "round2.jsonl")
    assert r.exit_code == 1
    assert "which this export left out" not in r.stderr and "text mismatch" not in r.stderr
    s, e = span
    assert r.stderr.splitlines()[0] == (
        f"argmine: error: {where}: cannot be mapped to a unit: {POST[s:e]!r} at {s}..{e} is not a unit of post (nearest unit: "
        "post#2 18..30); the source of post changed since export (its unit post#1 0..7 reads '新加的一句话。', the export's "
        "text there '支付宝并不是要'), so no unit the export left out is read from it: run 'argmine realign' or export again")
