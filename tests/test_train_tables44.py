"""Training tables: dotted label fields in .json arrays and nested ``label`` objects, what train --backend lexicon
says, two missing label columns when one differs only in case, and a numeric JSON sentiment's fix."""

from __future__ import annotations

import csv
import json

import pytest
from click.testing import CliRunner

from argmine.cli import main

ROWS = [("财不外露。", ["privacy"], "negative"), ("红包很方便，我喜欢。", ["pro_social"], "positive"),
        ("功能太多了，越来越臃肿。", ["bloat"], "negative"), ("今天下雪了。", [], "neutral"),
        ("钱包就是钱包，不该做社交。", ["brand_fit"], "negative"), ("朋友之间转账更方便。", ["pro_social"], "positive")]


def _run(*args):
    return CliRunner().invoke(main, [str(a) for a in args])


def _nested(path, *, array):
    recs = [{"content": {"message": t}, "ann": {"themes": th, "sent": s}} for t, th, s in ROWS]
    if array:
        path.write_text(json.dumps(recs, ensure_ascii=False, indent=1), "utf-8")
    else:
        path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in recs), "utf-8")
    return path


NESTED = ("--text-field", "content.message", "--themes-field", "ann.themes", "--sentiment-field", "ann.sent")


def test_a_json_array_with_dotted_label_fields_trains_and_evaluates_as_its_jsonl_does(tmp_path):
    array, lines = _nested(tmp_path / "n.json", array=True), _nested(tmp_path / "n.jsonl", array=False)
    r = _run("train", array, *NESTED, "-o", tmp_path / "m1", "-q")
    assert r.exit_code == 0, r.stderr
    r2 = _run("train", lines, *NESTED, "-o", tmp_path / "m2", "-q")
    assert r2.exit_code == 0, r2.stderr
    assert (tmp_path / "m1" / "weights.safetensors").read_bytes() == (tmp_path / "m2" / "weights.safetensors").read_bytes()
    e = _run("evaluate", "--gold", array, *NESTED, "--model", tmp_path / "m1", "--format", "json")
    assert e.exit_code == 0, e.stderr
    assert json.loads(e.stdout)["n"] == len(ROWS)


def test_a_nested_label_object_is_read_through_dotted_names_not_taken_for_doccano(tmp_path):
    path = tmp_path / "label.jsonl"
    path.write_text("".join(json.dumps({"text": t, "label": {"themes": th, "sentiment": s}}, ensure_ascii=False) + "\n"
                            for t, th, s in ROWS), "utf-8")
    r = _run("train", path, "--themes-field", "label.themes", "--sentiment-field", "label.sentiment", "-o", tmp_path / "m")
    assert r.exit_code == 0, r.stderr
    assert "doccano" not in r.stderr and f"on {len(ROWS)} units" in r.stderr


@pytest.mark.parametrize("suffix", [".jsonl", ".json"])
def test_a_real_doccano_export_keeps_its_convert_first_message(tmp_path, suffix):
    rows = [{"id": i, "text": t, "label": th + [s], "Comments": []} for i, (t, th, s) in enumerate(ROWS)]
    path = tmp_path / f"dc{suffix}"
    path.write_text(json.dumps(rows, ensure_ascii=False) if suffix == ".json"
                    else "".join(json.dumps(x, ensure_ascii=False) + "\n" for x in rows), "utf-8")
    for extra in ([], ["--themes-field", "label"]):
        r = _run("train", path, *extra, "-o", tmp_path / "m")
        assert r.exit_code == 1
        assert "looks like doccano's JSON" in r.stderr and f"argmine import {path} --format doccano" in r.stderr


def _sheet(path, header, rows=ROWS):
    with open(path, "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(header)
        w.writerows([t, ";".join(th) or "other", s] for t, th, s in rows)
    return path


def test_train_backend_lexicon_says_it_learned_nothing_and_claims_no_training(tmp_path):
    path = _sheet(tmp_path / "l.csv", ["text", "themes", "sentiment"])
    r = _run("train", path, "--backend", "lexicon", "-o", tmp_path / "m")
    assert r.exit_code == 0
    assert r.stderr.splitlines() == [
        f"argmine: the lexicon learns nothing from labels: checked those of {len(ROWS)} units, saved the schema and "
        f"--param settings (--backend linear trains on them) -> {tmp_path / 'm'}"]
    assert "trained" not in r.stderr
    linear = _run("train", path, "-o", tmp_path / "m2")
    assert linear.stderr.splitlines()[-1].startswith(f"argmine: trained linear on {len(ROWS)} units")
    help_text = " ".join(_run("train", "--help").output.split())
    assert "lexicon learns nothing from labels" in help_text


def test_train_backend_lexicon_with_a_failed_record_does_not_say_the_model_was_trained_on_the_rest(tmp_path):
    path = _sheet(tmp_path / "l.csv", ["text", "themes", "sentiment"], ROWS + [("来往已死。", ["money"], "negative")])
    r = _run("train", path, "--backend", "lexicon", "-o", tmp_path / "m")
    assert r.exit_code == 1
    assert r.stderr.splitlines()[-1] == ("argmine: error: 1 record was skipped (listed above); the lexicon model was "
                                         "written (its labels checked, nothing learned)")


@pytest.mark.parametrize(("header", "expected"), [
    (["text", "Themes", "polarity"],
     "has no 'themes' or 'sentiment' column (columns: text, Themes, polarity); 'Themes' differs only in case: pass "
     "--themes-field Themes (themes_field= in Python); and pass --sentiment-field NAME"),
    (["text", "THEMES", "SENTIMENT"],
     "has no 'themes' or 'sentiment' column (columns: text, THEMES, SENTIMENT); 'THEMES' differs only in case: pass "
     "--themes-field THEMES (themes_field= in Python); and 'SENTIMENT' differs only in case: pass --sentiment-field "
     "SENTIMENT (sentiment_field= in Python)"),
])
def test_a_label_column_named_but_for_its_case_does_not_hide_the_other_missing_one(tmp_path, header, expected):
    path = _sheet(tmp_path / "t.csv", header)
    r = _run("train", path, "-o", tmp_path / "m")
    assert r.exit_code == 1
    assert f"argmine: error: {path}: {expected}" in r.stderr


def test_a_lone_case_variant_column_keeps_its_one_hint(tmp_path):
    path = _sheet(tmp_path / "t.csv", ["text", "Themes", "sentiment"])
    r = _run("train", path, "-o", tmp_path / "m")
    assert r.exit_code == 1
    assert (f"{path}: has no 'themes' column (columns: text, Themes, sentiment), but 'Themes' differs only in case: "
            "pass --themes-field Themes") in r.stderr


def test_a_numeric_json_sentiment_is_told_what_to_write(tmp_path):
    path = tmp_path / "num.json"
    path.write_text(json.dumps([{"text": t, "themes": th, "sentiment": 1} for t, th, _ in ROWS[:2]], ensure_ascii=False), "utf-8")
    r = _run("train", path, "-o", tmp_path / "m")
    assert r.exit_code == 1
    assert (f"{path}: row 1: field 'sentiment' is the number 1, expected a sentiment label, one of: positive, neutral, "
            "negative; write one of them") in r.stderr
