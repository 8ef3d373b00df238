"""QA round 42 (round trips, findings 2-5): gold JSONL named .csv, doccano relation projects and CSV export, brat fragments."""

import csv
import json

import pytest
from click.testing import CliRunner

from argmine.cli import main
from argmine.train import load_examples

TEXT = "支付宝要做社交吗？我觉得不应该。\n"  # units a#1 0..9 and a#2 9..16


def run(*args):
    return CliRunner().invoke(main, list(map(str, args)), catch_exceptions=False)


def _labelled_sheet(tmp_path):
    """The CSV sheet of a.txt, both rows labelled privacy/negative by hand."""
    (tmp_path / "a.txt").write_text(TEXT, "utf-8")
    sheet = tmp_path / "sheet.csv"
    r = run("export", tmp_path / "a.txt", "--format", "csv", "--no-predictions", "-o", sheet, "-q")
    assert r.exit_code == 0, r.output
    with open(sheet, encoding="utf-8-sig", newline="") as f:
        rows = list(csv.DictReader(f))
    for row in rows:
        row.update(themes="privacy", sentiment="negative")
    with open(sheet, "w", encoding="utf-8-sig", newline="") as f:
        w = csv.DictWriter(f, fieldnames=list(rows[0]))
        w.writeheader()
        w.writerows(rows)
    return sheet


# --- 2: import -o gold.csv writes gold JSONL; train and evaluate read it --------------------------------------------

@pytest.mark.parametrize("suffix", [".csv", ".tsv", ".CSV"])
def test_import_to_a_table_name_warns_and_train_reads_the_jsonl(tmp_path, suffix):
    sheet, gold = _labelled_sheet(tmp_path), tmp_path / f"gold{suffix}"
    r = run("import", sheet, "--format", "csv", "-o", gold)
    assert r.exit_code == 0, r.stderr
    table = "TSV" if suffix == ".tsv" else "CSV"
    assert r.stderr.splitlines()[0] == (
        f"argmine: warning: {gold}: import writes gold JSONL (one JSON object per line) whatever the name, not a {table} table: "
        f"argmine's commands read it, a spreadsheet does not; name it {tmp_path / 'gold'}.jsonl")
    assert json.loads(gold.read_text("utf-8").splitlines()[0])["id"] == "a#1"
    examples = load_examples(gold)  # train DATA and evaluate --gold read it so (it failed: "has no 'text' column")
    assert [(e.text, e.themes, e.sentiment) for e in examples] == [
        ("支付宝要做社交吗？", ("privacy",), "negative"), ("我觉得不应该。", ("privacy",), "negative")]


def test_import_to_a_jsonl_name_does_not_warn(tmp_path):
    sheet, gold = _labelled_sheet(tmp_path), tmp_path / "gold.jsonl"
    r = run("import", sheet, "--format", "csv", "-o", gold)
    assert r.exit_code == 0 and "whatever the name" not in r.stderr, r.stderr


def test_evaluate_and_train_accept_gold_jsonl_named_csv(tmp_path):
    sheet, gold = _labelled_sheet(tmp_path), tmp_path / "gold.csv"
    assert run("import", sheet, "--format", "csv", "-o", gold).exit_code == 0
    r = run("train", gold, "--backend", "lexicon", "-o", tmp_path / "model")
    assert r.exit_code == 0 and "--text-field" not in r.stderr, r.stderr
    r = run("evaluate", "--gold", gold, "--model", tmp_path / "model")
    assert r.exit_code == 0 and "Evaluation on 2 units" in r.output, r.stderr


def test_a_real_csv_table_is_still_read_as_a_table(tmp_path):
    p = tmp_path / "t.csv"
    p.write_text("text,themes,sentiment\n{支付宝},privacy,negative\n", "utf-8")  # a '{' in a cell, not on the first line
    assert [(e.text, e.themes) for e in load_examples(p)] == [("{支付宝}", ("privacy",))]


# --- 3: doccano relation projects: comments as objects, relations counted -------------------------------------------

def _doc_record(comments):
    return {"id": 7, "text": TEXT, "doc": "a", "units": [{"id": "a#1", "start": 0, "end": 9, "kind": "body"},
                                                          {"id": "a#2", "start": 9, "end": 16, "kind": "body"}],
            "schema": "alipay_social", "schema_version": "2",
            "entities": [{"id": 1, "label": "privacy", "start_offset": 0, "end_offset": 9},
                         {"id": 2, "label": "negative", "start_offset": 0, "end_offset": 9},
                         {"id": 3, "label": "other", "start_offset": 9, "end_offset": 16},
                         {"id": 4, "label": "negative", "start_offset": 9, "end_offset": 16}],
            "relations": [{"id": 1, "from_id": 1, "to_id": 3, "type": "supports"}], "Comments": comments}


def test_doccano_relation_export_counts_its_comments_and_relations(tmp_path):
    export, gold = tmp_path / "rel.jsonl", tmp_path / "gold.jsonl"
    export.write_text(json.dumps(_doc_record([{"id": 9, "comment": "第二句是讽刺，请复核"}]), ensure_ascii=False) + "\n", "utf-8")
    r = run("import", export, "--format", "doccano", "-o", gold)
    assert r.exit_code == 0, r.stderr
    assert r.stderr.splitlines() == [
        f"argmine: warning: {export}: 1 note not imported (doccano's comments on a document's record, on no unit; "
        f"the first: {export}:1); read it in the tool",
        f"argmine: 2 gold records written to {gold}; 0 records failed, 0 conflicts, 0 unlabelled, 1 other warning; "
        "ignored: 1 relation between spans (doccano)",
    ]


def test_doccano_comment_objects_on_a_units_record_are_its_note(tmp_path):
    export, gold = tmp_path / "dc.jsonl", tmp_path / "gold.jsonl"
    record = {"id": 1, "text": "支付宝要做社交吗？", "label": ["privacy", "negative"], "unit_id": "a#1", "doc": "a", "start": 0, "end": 9,
              "Comments": [{"id": 9, "comment": "请复核"}, {"id": 10, "comment": " "}]}
    export.write_text(json.dumps(record, ensure_ascii=False) + "\n", "utf-8")
    r = run("import", export, "--format", "doccano", "-o", gold)
    assert r.exit_code == 0, r.stderr
    assert json.loads(gold.read_text("utf-8"))["note"] == "请复核"


# --- 4: doccano's CSV export is named as such under every --format -------------------------------------------------

DOCCANO_CSV = ("id,text,unit_id,doc,start,end,kind,schema,schema_version,label,Comments\n"
               "1,支付宝要做社交吗？,a#1,a,0,9,body,alipay_social,2,negative#privacy,\n"
               "2,我觉得不应该。,a#2,a,9,16,body,alipay_social,2,negative,\n")


@pytest.mark.parametrize("fmt, expected", [
    ("doccano", "doccano's JSONL export (one JSON object per line)"),
    ("csv", "the CSV sheet written by 'argmine export --format csv'"),
])
def test_doccanos_csv_export_says_to_export_jsonl(tmp_path, fmt, expected):
    export, gold = tmp_path / "doccano_export.csv", tmp_path / "gold.jsonl"
    export.write_text(DOCCANO_CSV, "utf-8")
    r = run("import", export, "--format", fmt, "-o", gold)
    assert r.exit_code == 1 and not gold.exists()
    assert r.stderr.splitlines()[0] == (
        f"argmine: error: {export}: looks like a CSV export from doccano (columns id, text, unit_id, label, Comments, …), "
        f"not {expected}; export it again from doccano as JSONL (not CSV, which argmine does not read), then use --format doccano")


def test_doccanos_csv_export_given_as_gold_or_training_data_says_to_export_jsonl_and_import_it(tmp_path):
    """agreement/realign (gold readers) and train name the JSONL export and the import that converts it, not a --format
    that does not exist; train does not train doccano's 'label' (themes and sentiments mixed) as a table's labels."""
    export = tmp_path / "doccano_export.csv"
    export.write_text(DOCCANO_CSV, "utf-8")
    found = "a CSV export from doccano (columns id, text, unit_id, label, Comments, …)"
    r = run("agreement", export, export)
    assert r.exit_code == 1
    assert r.stderr.splitlines()[0] == (
        f"argmine: error: {export}: looks like {found}, not gold JSONL (one labelled unit per line); export it again from doccano "
        f"as JSONL (not CSV), then convert it: argmine import {export} --format doccano -o GOLD.jsonl, and pass GOLD.jsonl")
    r = run("train", export, "-o", tmp_path / "model")
    assert r.exit_code == 1 and not (tmp_path / "model").exists()
    assert r.stderr.splitlines()[0] == (
        f"argmine: error: {export}: looks like {found}, not a labelled table (its 'label' mixes themes and sentiments); export it "
        "again from doccano as JSONL (not CSV), then convert it: argmine import FILE --format doccano -o gold.jsonl")


def test_argmines_own_sheet_with_a_label_column_is_still_the_sheet(tmp_path):
    sheet = _labelled_sheet(tmp_path)
    with open(sheet, encoding="utf-8-sig", newline="") as f:
        rows = list(csv.DictReader(f))
    with open(sheet, "w", encoding="utf-8-sig", newline="") as f:  # a column added by hand does not make it doccano's
        w = csv.DictWriter(f, fieldnames=[*rows[0], "label", "Comments"])
        w.writeheader()
        w.writerows(rows)
    r = run("import", sheet, "--format", "csv", "-o", tmp_path / "gold.jsonl")
    assert r.exit_code == 0, r.stderr


# --- 5: a brat entity in fragments fails as the unit under it ------------------------------------------------------

def _brat(tmp_path, ann):
    (tmp_path / "a.txt").write_text(TEXT, "utf-8")
    folder = tmp_path / "brat"
    assert run("export", tmp_path / "a.txt", "--format", "brat", "--no-predictions", "-o", folder, "-q").exit_code == 0
    (folder / "a.ann").write_text(ann, "utf-8")
    return folder


def test_brat_fragments_fail_as_the_unit_under_them(tmp_path):
    folder = _brat(tmp_path, "T1\tprivacy 0 4;5 9\t支付宝要 做社交吗\nA1\tSentiment T1 negative\n#1\tAnnotatorNotes T1\t拆开了\n"
                             "T2\tbloat 9 16\t我觉得不应该。\nA2\tSentiment T2 negative\n")
    gold = tmp_path / "gold.jsonl"
    r = run("import", folder, "--format", "brat", "-o", gold)
    assert r.exit_code == 1
    ann = folder / "a.ann"
    assert r.stderr.splitlines() == [
        f"argmine: error: {ann}:1: cannot be mapped to a unit: entity T1 ('支付宝要 做社交吗') is a span in 2 fragments "
        "(0..4;5..9: brat's Add Frag.) over unit a#1 0..9; a unit is one span: delete the entity and draw one span per unit, "
        "on the exported span boundaries",
        f"argmine: 1 gold record written to {gold}; 1 record failed, 0 conflicts, 0 unlabelled",
    ]
    assert [json.loads(x)["id"] for x in gold.read_text("utf-8").splitlines()] == ["a#2"]


def test_brat_fragments_fail_every_unit_under_them_and_drop_their_other_labels(tmp_path):
    folder = _brat(tmp_path, "T1\tprivacy 0 9\t支付宝要做社交吗？\nA1\tSentiment T1 negative\n"
                             "T2\tbloat 9 16\t我觉得不应该。\nA2\tSentiment T2 negative\n"
                             "T3\tbloat 3 4;9 11\t做 我觉\nA3\tSentiment T3 negative\n")
    gold = tmp_path / "gold.jsonl"
    r = run("import", folder, "--format", "brat", "-o", gold)
    assert r.exit_code == 1 and not gold.exists()
    assert "(3..4;9..11: brat's Add Frag.) over units a#1 0..9 and a#2 9..16;" in r.stderr
    assert r.stderr.splitlines()[-1] == (f"argmine: no gold record imported, nothing written to {gold}; "
                                         "2 records failed, 0 conflicts, 0 unlabelled")


def test_brat_fragments_stop_strict_at_their_line(tmp_path):
    folder = _brat(tmp_path, "T1\tprivacy 0 4;5 9\t支付宝要 做社交吗\nA1\tSentiment T1 negative\n")
    r = run("import", folder, "--format", "brat", "--strict", "-o", tmp_path / "gold.jsonl")
    assert r.exit_code == 1
    assert r.stderr.splitlines()[0].startswith(f"argmine: error: {folder / 'a.ann'}:1: cannot be mapped to a unit: entity T1 ")
