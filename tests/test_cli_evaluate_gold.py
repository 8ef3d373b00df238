"""argmine evaluate against outside gold: what the model reads of a gold text, what is counted as left out, what the
last line says to do, and what the table and JSON say about the model and the folds."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from argmine.backends.lexicon import LexiconBackend
from argmine.classify import default_model_path
from argmine.cli import main
from argmine.schema import load_schema
from argmine.train import Example, cross_validate


class RecordingLexicon(LexiconBackend):
    """The lexicon backend, keeping every text it was fitted on or asked to predict."""

    seen: list[str] = []

    def fit(self, texts, themes, sentiments, groups=None):
        RecordingLexicon.seen += list(texts)
        return super().fit(texts, themes, sentiments, groups=groups)

    def predict(self, texts):
        RecordingLexicon.seen += list(texts)
        return super().predict(texts)


def _rows(*rows) -> str:
    return "".join(json.dumps({"text": t, "themes": th, "sentiment": s}, ensure_ascii=False) + "\n" for t, th, s in rows)


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args])


# --- a gold text's white space at its ends is not what the model reads -------------------------------------------------

def test_evaluate_predicts_a_gold_text_without_the_white_space_at_its_ends(tmp_path, monkeypatch):
    import importlib

    classify_module = importlib.import_module("argmine.classify")  # argmine.classify is also the function
    RecordingLexicon.seen = []
    monkeypatch.setattr(classify_module, "load_model", lambda model, schema=None: RecordingLexicon(schema or load_schema()))
    gold = tmp_path / "g.csv"  # an Excel export's trailing space, and a leading full-width one
    gold.write_text("text,themes,sentiment\n功能再多我也只用转账和缴费，其他的全是累赘。 ,bloat,negative\n\u3000财不外露。,privacy,negative\n",
                    "utf-8")
    r = run("evaluate", "--gold", gold, "--model", "lexicon", "--format", "json")
    assert r.exit_code == 0, r.output
    assert RecordingLexicon.seen == ["功能再多我也只用转账和缴费,其他的全是累赘。", "财不外露。"]  # as classify cuts the unit


def test_cross_validation_trains_and_predicts_gold_texts_without_the_white_space_at_their_ends():
    RecordingLexicon.seen = []
    data = [Example(f"{t} ", th, s, doc=f"d{i}") for i, (t, th, s) in enumerate(
        [("财不外露", ("privacy",), "negative"), ("红包很方便", ("pro_social",), "positive"), ("隐私都暴露了", ("privacy",), "negative"),
         ("红包真方便", ("pro_social",), "positive"), ("我觉得财不外露", ("privacy",), "negative"), ("发红包很方便", ("pro_social",), "positive")])]
    cross_validate(data, backend=RecordingLexicon(load_schema()), k=3, group_by="doc", extra=[Example(" 功能太多 ", ("bloat",), "negative")])
    assert RecordingLexicon.seen and all(t == t.strip() for t in RecordingLexicon.seen)
    assert "功能太多" in RecordingLexicon.seen


# --- records without labels are counted as left out ----------------------------------------------------------------------

def test_evaluate_counts_the_unlabelled_rows_it_skipped_in_left_out_and_the_table(tmp_path):
    gold = tmp_path / "lo.csv"
    gold.write_text("text,themes,sentiment\n财不外露。,privacy,negative\n今天天气不错。,,\n我只想安安静静付个钱。,brand_fit;bloat,negative\n", "utf-8")
    r = run("evaluate", "--gold", gold, "--model", "lexicon", "--format", "json")
    assert r.exit_code == 0, r.output  # a sheet's unlabelled rows are a warning, as in train and import
    out = json.loads(r.stdout)
    assert out["n"] == 2 and out["left_out"] == {"records": 0, "files": [], "unlabelled": 1, "conflict_units": 0, "conflict_records": 0}
    assert "1 of 3 records has no labels" in r.stderr
    r = run("evaluate", "--gold", gold, "--model", "lexicon")
    assert r.exit_code == 0 and r.stdout.splitlines()[-1] == "not scored: 1 record without labels (skipped, a warning above)"


def test_evaluate_cv_counts_the_unlabelled_rows_of_the_gold_and_the_extra_files(tmp_path):
    gold = tmp_path / "g.jsonl"
    gold.write_text(_rows(("财不外露。", ["privacy"], "negative"), ("红包很方便。", ["pro_social"], "positive"), ("无人标注。", [], ""),
                          ("隐私都暴露了。", ["privacy"], "negative"), ("红包真方便。", ["pro_social"], "positive")), "utf-8")
    extra = tmp_path / "x.csv"
    extra.write_text("text,themes,sentiment\n功能太多。,bloat,negative\n也没人标。,,\n", "utf-8")
    r = run("evaluate", "--gold", gold, "--extra", extra, "--cv", "2", "--backend", "lexicon", "--format", "json")
    assert r.exit_code == 0, r.output
    out = json.loads(r.stdout)
    assert out["n"] == 4 and out["left_out"]["unlabelled"] == 2 and out["left_out"]["records"] == 0


# --- themes of this very schema, written by name or in another case ------------------------------------------------------

NAMED = ("argmine: error: {failed} of {total} records failed{share}; nothing was {done}: the lines above say why; each rejected theme "
         "stands for a theme of schema 'alipay_social' (argmine/schemas/alipay.toml): write the theme ids the lines above name, "
         "not the themes' names or their ids in another case")


@pytest.mark.parametrize("how", [["evaluate", "--model", "lexicon"], ["evaluate", "--cv", "2", "--backend", "lexicon"],
                                 ["train", "--backend", "lexicon", "-o", "m"]])
def test_the_last_line_says_to_write_the_ids_when_every_failed_theme_names_a_theme_of_the_schema(tmp_path, monkeypatch, how):
    monkeypatch.chdir(tmp_path)
    gold = tmp_path / "g.jsonl"  # a miscased id, the Chinese and the English name of this schema's themes
    gold.write_text(_rows(("财不外露。", ["PRIVACY"], "negative"), ("红包很方便。", ["支持社交化"], "positive"),
                          ("功能太多。", ["bloat", "Brand_Fit"], "negative"), ("今天下雪。", [], "neutral")), "utf-8")
    args = [how[0], "--gold", gold, *how[1:]] if how[0] == "evaluate" else [*how[:1], gold, *how[1:]]
    r = run(*args)
    done = "scored" if how[0] == "evaluate" else "trained, nothing written to m"
    assert r.exit_code == 1 and r.stdout == ""
    assert "'PRIVACY' stands for theme 'privacy': write its id" in r.stderr
    assert r.stderr.splitlines()[-1] == NAMED.format(failed=3, total=4, share=", more than half", done=done)


@pytest.mark.parametrize("how", [["--model", "lexicon"], ["--cv", "2", "--backend", "lexicon"]])
def test_evaluate_stops_when_the_only_themes_are_named_and_the_rest_are_other_without_calling_it_another_schema(tmp_path, how):
    gold = tmp_path / "g.jsonl"
    gold.write_text(_rows(("财不外露。", ["Privacy"], "negative"), ("今天下雪。", [], "neutral"), ("明天开会。", [], "neutral")), "utf-8")
    r = run("evaluate", "--gold", gold, *how)
    assert r.exit_code == 1 and r.stdout == ""  # no table of 'other' alone
    assert r.stderr.splitlines()[-1] == (
        "argmine: error: 1 of 3 records failed on themes of schema 'alipay_social' written by name or in another case, and none of the "
        "other 2 has a theme: the scores would be of 'other' alone; nothing was scored: the lines above say why; each rejected theme "
        "stands for a theme of schema 'alipay_social' (argmine/schemas/alipay.toml): write the theme ids the lines above name, not the "
        "themes' names or their ids in another case")


UNCLEAR = ("each rejected theme is 'N/A', 'NA' or a dash, which no schema has as a theme: write 'other' for no theme (or leave the "
           "themes cell empty, [] in JSON)")


@pytest.mark.parametrize("how", [["evaluate", "--model", "lexicon"], ["evaluate", "--cv", "2", "--backend", "lexicon"],
                                 ["train", "--backend", "lexicon", "-o", "m"]])
def test_the_last_line_says_to_write_other_when_every_failed_theme_is_n_a_or_a_dash(tmp_path, monkeypatch, how):
    monkeypatch.chdir(tmp_path)
    gold = tmp_path / "g.jsonl"  # a labeler's marks for no theme (or not labelled): no other --model or --schema has them
    gold.write_text(_rows(("财不外露。", ["N/A"], "negative"), ("红包很方便。", "-", "positive"), ("功能太多。", ["\u2014"], "negative"),
                          ("今天下雪。", [], "neutral")), "utf-8")
    args = [how[0], "--gold", gold, *how[1:]] if how[0] == "evaluate" else [*how[:1], gold, *how[1:]]
    r = run(*args)
    done = "scored" if how[0] == "evaluate" else "trained, nothing written to m"
    assert r.exit_code == 1 and r.stdout == ""
    assert "unknown theme 'N/A' in schema 'alipay_social'" in r.stderr and "write 'other' for no theme" in r.stderr
    assert r.stderr.splitlines()[-1] == (f"argmine: error: 3 of 4 records failed, more than half; nothing was {done}: the lines above "
                                         f"say why; {UNCLEAR}")


def test_evaluate_stops_when_the_only_themes_are_n_a_and_the_rest_are_other_without_calling_it_another_schema(tmp_path):
    gold = tmp_path / "g.jsonl"
    gold.write_text(_rows(("财不外露。", "n/a", "negative"), ("今天下雪。", [], "neutral"), ("明天开会。", [], "neutral")), "utf-8")
    r = run("evaluate", "--gold", gold, "--model", "lexicon")
    assert r.exit_code == 1 and r.stdout == ""
    assert r.stderr.splitlines()[-1] == (
        "argmine: error: 1 of 3 records failed on themes written 'N/A', 'NA' or a dash, and none of the other 2 has a theme: the "
        f"scores would be of 'other' alone; nothing was scored: the lines above say why; {UNCLEAR}")


def test_the_last_line_gives_both_hints_when_the_failed_themes_are_named_or_n_a(tmp_path):
    gold = tmp_path / "g.jsonl"
    gold.write_text(_rows(("财不外露。", ["PRIVACY"], "negative"), ("红包很方便。", ["N/A"], "positive"), ("今天下雪。", [], "neutral")),
                    "utf-8")
    r = run("evaluate", "--gold", gold, "--model", "lexicon")
    assert r.exit_code == 1 and r.stdout == ""
    last = r.stderr.splitlines()[-1]
    assert last.startswith("argmine: error: 2 of 3 records failed, more than half; nothing was scored: the lines above say why; "
                           "where a rejected theme stands for a theme of schema 'alipay_social'")
    assert last.endswith("; " + UNCLEAR.replace("each rejected theme", "where a rejected theme"))  # 'each' of both would contradict
    assert "--model" not in last


def test_evaluate_still_names_another_model_when_a_failed_theme_names_no_theme_of_the_schema(tmp_path):
    gold = tmp_path / "g.jsonl"
    gold.write_text(_rows(("财不外露。", ["PRIVACY"], "negative"), ("来往已死。", ["money"], "negative"), ("今天下雪。", [], "neutral")), "utf-8")
    r = run("evaluate", "--gold", gold, "--model", "lexicon")
    assert r.exit_code == 1 and r.stdout == ""
    assert "pass --model DIR (a model trained for the gold's schema), or --cv K --schema FILE" in r.stderr.splitlines()[-1]


# --- the table and the JSON say which model ran, how CV scores are combined, and fill the (other) row --------------------

def test_evaluate_names_the_model_that_ran(tmp_path):
    gold = tmp_path / "g.jsonl"
    gold.write_text(_rows(("财不外露。", ["privacy"], "negative"), ("今天下雪。", [], "neutral")), "utf-8")
    r = run("evaluate", "--gold", gold, "--model", "lexicon")
    assert r.exit_code == 0 and r.stdout.splitlines()[0] == "Evaluation on 2 units, model lexicon (backend lexicon)"
    r = run("evaluate", "--gold", gold, "--model", "lexicon", "--format", "json")
    assert json.loads(r.stdout)["model_info"] == {"backend": "lexicon"} and json.loads(r.stdout)["model"] == "lexicon"
    r = run("evaluate", "--gold", gold, "-q")
    generation = json.loads((default_model_path() / "config.json").read_text("utf-8"))["generation"]  # recorded since the 2026-11-24 rebuild
    assert r.exit_code == 0 and r.stdout.splitlines()[0] == (
        f"Evaluation on 2 units, the packaged default model (backend linear, version 1, generation {generation[:12]})")


def test_evaluate_names_a_trained_model_by_its_path_and_generation(tmp_path):
    data = tmp_path / "d.jsonl"
    data.write_text(_rows(*[(f"{t}{i}。", th, s) for i in range(3) for t, th, s in (
        ("财不外露", ["privacy"], "negative"), ("红包很方便", ["pro_social"], "positive"), ("功能太多了", ["bloat"], "negative"),
        ("和支付宝的气质不符", ["brand_fit"], "negative"), ("今天下雪", [], "neutral"))]), "utf-8")
    model = tmp_path / "m"
    r = run("train", data, "-o", model, "--param", "polarity=false", "--param", "cv=2", "-q")
    assert r.exit_code == 0, r.output
    generation = json.loads((model / "config.json").read_text("utf-8"))["generation"]
    r = run("evaluate", "--gold", data, "--model", model, "--format", "json")
    info = json.loads(r.stdout)["model_info"]
    assert info["path"] == str(model) and info["backend"] == "linear" and info["generation"] == generation
    r = run("evaluate", "--gold", data, "--model", model)
    assert r.stdout.splitlines()[0] == f"Evaluation on 15 units, model {model} (backend linear, version 1, generation {generation[:12]})"


def test_evaluate_cv_says_the_scores_are_pooled_over_the_held_out_folds(tmp_path):
    gold = tmp_path / "g.jsonl"
    gold.write_text(_rows(("财不外露。", ["privacy"], "negative"), ("红包很方便。", ["pro_social"], "positive"),
                          ("隐私都暴露了。", ["privacy"], "negative"), ("红包真方便。", ["pro_social"], "positive")), "utf-8")
    r = run("evaluate", "--gold", gold, "--cv", "2", "--backend", "lexicon")
    assert r.exit_code == 0, r.output
    lines = r.stdout.splitlines()
    assert lines[0].endswith("; scores pooled over the 2 held-out folds)")
    assert lines[-1].startswith("per fold (each held-out fold scored alone; macro-F1): n=2 ")
    r = run("evaluate", "--gold", gold, "--cv", "2", "--backend", "lexicon", "--format", "json")
    assert json.loads(r.stdout)["cv"]["pooled"] is True


def test_evaluate_fills_the_other_row_with_its_predicted_count(tmp_path):
    gold = tmp_path / "g.jsonl"  # two units without a theme in the gold; the lexicon finds no theme in three
    gold.write_text(_rows(("今天下雪。", [], "neutral"), ("明天开会。", ["privacy"], "neutral"), ("财不外露。", ["privacy"], "negative"),
                          ("一个小和尚问方丈。", [], "neutral")), "utf-8")
    r = run("evaluate", "--gold", gold, "--model", "lexicon", "--format", "json")
    other = json.loads(r.stdout)["other"]
    assert (other["support"], other["predicted"], other["tp"]) == (2, 3, 2)
    r = run("evaluate", "--gold", gold, "--model", "lexicon")
    row = next(line for line in r.stdout.splitlines() if line.startswith("(other)"))
    assert row.split()[-2:] == ["2", "3"]
