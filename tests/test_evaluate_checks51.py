"""QA round 51 (evaluator): a gold or training text of only invisible characters is a record error as an empty one is;
a transformers model's ``model_info`` names its version, as a linear one does."""

from __future__ import annotations

import json
import warnings

import pytest
from click.testing import CliRunner

from argmine.cli import main
from argmine.errors import InputError
from argmine.schema import load_schema
from argmine.train import load_examples, train

NEEDS_TEXT = "a labelled record needs text (fill it in or remove the record)"
KEPT = [("支付宝做社交是对的，红包很方便", "pro_social", "positive"), ("我的隐私都被泄露了", "privacy", "negative")]


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args])


def _csv(rows) -> str:
    return "text,themes,sentiment\n" + "".join(f"{t},{th},{s}\n" for t, th, s in rows)


def _jsonl(rows) -> str:
    return "".join(json.dumps({"text": t, "themes": [th], "sentiment": s}, ensure_ascii=False) + "\n" for t, th, s in rows)


# --- a text of only invisible characters ------------------------------------------------------------------------------

@pytest.mark.parametrize("text, found", [("\u200b", "U+200B"), ("\ufeff", "U+FEFF"), ("\u2060", "U+2060"), ("\u00ad", "U+00AD"),
                                         (" \u00ad\u3000\u200b\u00ad ", "U+00AD, U+200B")])
def test_load_examples_reports_a_text_of_only_invisible_characters_as_a_record_error(tmp_path, text, found):
    p = tmp_path / "g.jsonl"
    p.write_text(_jsonl([*KEPT, (text, "privacy", "negative")]), "utf-8")
    errors = []
    kept = load_examples(p, schema=load_schema(), on_error=errors.append)
    assert [e.text for e in kept] == [t for t, _, _ in KEPT]
    assert [str(e) for e in errors] == [
        f"{p}: line 3: field 'text' holds only white space or invisible characters ({found}); {NEEDS_TEXT}"]


def test_library_train_and_evaluate_refuse_a_record_of_only_invisible_characters():
    from argmine.train import evaluate

    rows = [{"text": t, "themes": th, "sentiment": s} for t, th, s in [*KEPT, ("\u2060", "privacy", "negative")]]
    for call in (lambda: train(rows, backend="lexicon"), lambda: evaluate(rows, [{"themes": [], "sentiment": "neutral"}] * 3)):
        with pytest.raises(InputError) as e:
            call()
        assert str(e.value) == f"record 2: field 'text' holds only white space or invisible characters (U+2060); {NEEDS_TEXT}"


@pytest.mark.parametrize("fmt", ["csv", "jsonl"])
def test_evaluate_leaves_out_invisible_only_gold_rows_as_it_leaves_out_blank_ones(tmp_path, fmt):
    write = _csv if fmt == "csv" else _jsonl
    scored = {}
    for name, extra in (("clean", []), ("blank", [("\u3000 ", "privacy", "negative")] * 2),
                        ("invisible", [("\u200b", "privacy", "negative"), ("\ufeff", "privacy", "negative")])):
        gold = tmp_path / f"{name}.{fmt}"
        gold.write_text(write([*KEPT, *extra]), "utf-8")
        r = run("evaluate", "--gold", gold, "--model", "lexicon", "--format", "json")
        assert r.exit_code == (0 if name == "clean" else 1), r.output
        result = json.loads(r.stdout)
        scored[name] = (result["n"], result["left_out"]["records"], result["themes"], result["sentiment"])
        if name == "invisible":  # each row named as segment names it, neither called a repeat of the other
            where = ("row 3 (line 4)", "row 4 (line 5)") if fmt == "csv" else ("line 3", "line 4")
            assert f"{gold}: {where[0]}: field 'text' holds only white space or invisible characters (U+200B); {NEEDS_TEXT}" in r.stderr
            assert f"{gold}: {where[1]}: field 'text' holds only white space or invisible characters (U+FEFF); {NEEDS_TEXT}" in r.stderr
            assert "repeats a unit" not in r.stderr
            assert "2 records were skipped (listed above); scored the rest" in r.stderr
    assert scored["clean"][0] == 2 and scored["clean"][1] == 0
    assert scored["invisible"] == scored["blank"] == (2, 2, *scored["clean"][2:])  # support of privacy stays 1, recall 1
    assert scored["invisible"][2]["privacy"]["support"] == 1


def test_train_counts_invisible_only_rows_as_skipped_and_trains_on_the_rest(tmp_path):
    data = tmp_path / "t.csv"
    data.write_text(_csv([*KEPT, ("隐私都暴露了", "privacy", "negative"), ("\u200b", "privacy", "negative")]), "utf-8")
    r = run("train", data, "-o", tmp_path / "m")
    assert r.exit_code == 1, r.output
    assert f"{data}: row 4 (line 5): field 'text' holds only white space or invisible characters (U+200B); {NEEDS_TEXT}" in r.stderr
    assert f"trained linear on 3 units -> {tmp_path / 'm'}" in r.stderr
    assert "1 record was skipped (listed above); the model was trained on the rest" in r.stderr


def test_more_than_three_invisible_only_rows_are_counted_with_the_empty_ones(tmp_path):
    gold = tmp_path / "g.jsonl"
    gold.write_text(_jsonl([*KEPT * 4, *[(c, "privacy", "negative") for c in ("\u200b", " ", "\ufeff", "\u2060", "\u00ad")]]), "utf-8")
    r = run("evaluate", "--gold", gold, "--model", "lexicon")
    assert r.exit_code == 1, r.output
    assert f"{gold}: ... and 2 more records with an empty 'text' field, skipped" in r.stderr
    assert "not scored: 5 records that failed (listed above)" in r.stdout


def test_a_sheet_row_of_only_an_invisible_text_is_a_blank_row(tmp_path):
    sheet = tmp_path / "t.csv"  # ",," left at the end of a sheet is skipped; so is one holding a copied zero-width space
    sheet.write_text(_csv(KEPT) + "\u200b,,\n \u00ad,,\n", "utf-8")
    errors = []
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # not a row "without labels" (a warning): a blank row, skipped as ",," is
        assert [e.text for e in load_examples(sheet, on_error=errors.append)] == [t for t, _, _ in KEPT]
    assert errors == []


def test_an_unlabelled_jsonl_record_of_only_invisible_characters_fails_as_a_blank_one(tmp_path):
    gold = tmp_path / "g.jsonl"
    found = {}
    for text in (" ", "\u200b"):
        gold.write_text(_jsonl(KEPT) + json.dumps({"text": text, "themes": "", "sentiment": ""}) + "\n", "utf-8")
        errors = []
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            assert [e.text for e in load_examples(gold, on_error=errors.append)] == [t for t, _, _ in KEPT]
        found[text] = [str(e) for e in errors]
    assert found == {" ": [f"{gold}: line 3: field 'text' is empty; {NEEDS_TEXT}"],
                     "\u200b": [f"{gold}: line 3: field 'text' holds only white space or invisible characters (U+200B); {NEEDS_TEXT}"]}


# --- a transformers model's model_info --------------------------------------------------------------------------------

def test_transformers_model_info_names_its_format_version_as_linear_does(tmp_path):
    pytest.importorskip("torch")
    pytest.importorskip("transformers")
    pytest.importorskip("datasets")
    import argmine
    from argmine.backends.base import model_origin
    from argmine.backends.transformers_backend import build_tiny_encoder
    from argmine.classify import load_model

    rows = [(t, th, s) for t, th, s in [*KEPT, ("隐私都暴露了", "privacy", "negative"), ("红包很方便", "pro_social", "positive")]]
    data = tmp_path / "g.jsonl"
    data.write_text(_jsonl(rows), "utf-8")
    base = build_tiny_encoder([t for t, _, _ in rows], tmp_path / "tiny", seed=0)
    model = tmp_path / "m"
    r = run("train", data, "--backend", "transformers", "--base-model", base, "--param", "epochs=1", "--param", "warmup_ratio=0.0",
            "--param", "max_length=16", "-o", model)
    assert model.is_dir(), r.output
    config = json.loads((model / "config.json").read_text("utf-8"))
    assert config["format_version"] == 1 and "version" not in config
    r = run("evaluate", "--gold", data, "--model", model, "--format", "json")
    assert r.exit_code == 0, r.output
    assert json.loads(r.stdout)["model_info"] == {"backend": "transformers", "path": str(model), "version": 1,
                                                  "generation": config["generation"]}
    r = run("evaluate", "--gold", data, "--model", model)
    assert r.stdout.splitlines()[0].endswith(f"model {model} (backend transformers, version 1, generation {config['generation'][:12]})")
    loaded = load_model(model)
    assert model_origin(loaded)["version"] == 1
    assert argmine.analyze([argmine.Document("d", "红包很方便。")], model=loaded).provenance["model"]["version"] == 1
