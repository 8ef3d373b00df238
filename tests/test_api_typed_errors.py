"""What the library says to a notebook user, in the categories and types the README documents: warnings about
training data are ``argmine.InputWarning`` and those about a model's edited schema ``argmine.SchemaWarning`` (so a
filter on either quiets them); ``schema=`` takes a file path in ``evaluate`` as in ``train``, and ``schema=5`` is
a ``TypeError`` naming it; ``parse_schema`` given the TOML text itself says to parse it first."""

from __future__ import annotations

import dataclasses
import json
import tomllib
import warnings
from pathlib import Path

import pytest

import argmine
from argmine.backends.linear import LinearBackend, cue_fingerprint
from argmine.errors import InputWarning, SchemaWarning
from argmine.schema import default_schema_text, load_schema, parse_schema
from argmine.train import Example, cross_validate, drop_repeats, evaluate, train

SCHEMA_FILE = str(Path(argmine.__file__).parent / "schemas" / "alipay.toml")
DATA = [
    ("支付宝做社交是对的。", ("pro_social",), "positive"),
    ("红包很方便。", ("pro_social",), "positive"),
    ("隐私泄露太可怕了。", ("privacy",), "negative"),
    ("财不外露。", ("privacy",), "negative"),
    ("支付宝是钱包，不是朋友圈。", ("brand_fit",), "negative"),
    ("功能太多太臃肿。", ("bloat",), "negative"),
    ("今天天气不错。", (), "neutral"),
    ("我在上班的路上。", (), "neutral"),
]


def examples(rows=DATA, docs=1):
    """``rows`` as gold examples, one per line of ``docs`` documents; and the documents' texts."""
    out, texts = [], {}
    for i, (t, th, s) in enumerate(rows):
        doc = f"d{i % docs}"
        start = len(texts.get(doc, ""))
        texts[doc] = texts.get(doc, "") + t + "\n"
        out.append(Example(t, th, s, doc=doc, start=start, end=start + len(t), id=f"{doc}#{i}"))
    return out, texts


def warned(call):
    """The (category, message) of each warning ``call()`` gives."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        call()
    return [(w.category, str(w.message)) for w in caught]


# --- warnings in the documented categories -------------------------------------------------------


def test_train_warns_about_its_training_data_with_input_warnings():
    themed = [r for r in DATA if r[1]][:4]  # few, all with a theme, no neutral one, no brand_fit or bloat
    said = warned(lambda: train([{"text": t, "themes": list(th), "sentiment": s} for t, th, s in themed], backend="linear",
                                polarity=False))
    assert [m.split(",")[0] for _, m in said] == [
        "the training data has only 4 units",
        "the training data has no 'neutral' unit",
        "the training data has no unit labelled 'brand_fit' or 'bloat'",
        "no training unit is without a theme (none is labelled 'other')",
    ]
    assert {category for category, _ in said} == {InputWarning}


def test_every_theme_on_every_unit_is_an_input_warning():
    rows = [(t, ("privacy",), s) for t, _, s in DATA]
    said = warned(lambda: train([{"text": t, "themes": list(th), "sentiment": s} for t, th, s in rows], backend="linear", polarity=False))
    assert (InputWarning, "every training unit is labelled 'privacy' (no unit is without it)") in [
        (c, m.split(",")[0]) for c, m in said]
    assert {category for category, _ in said} == {InputWarning}


def test_extra_records_repeating_the_gold_are_an_input_warning():
    gold, _ = examples()
    said = warned(lambda: train(gold, backend="lexicon", extra=[Example(gold[0].text, gold[0].themes, gold[0].sentiment)]))
    assert [c for c, m in said if m.startswith("1 of the 1 extra training records repeats")] == [InputWarning]


def test_repeated_and_conflicting_units_are_input_warnings():
    a = Example("财不外露", ("privacy",), "negative", doc="d", start=0, end=4)
    assert warned(lambda: drop_repeats([a, a])) == [
        (InputWarning, "1 record repeats a unit already read with the same labels (d 0..4); counted once")]
    said = warned(lambda: drop_repeats([a, dataclasses.replace(a, sentiment="neutral")]))
    assert len(said) == 1 and said[0][0] is InputWarning and "d 0..4" in said[0][1]


def test_cross_validation_source_warnings_are_input_warnings():
    gold, texts = examples([(f"{t}{n}", th, s) for n in "一二" for t, th, s in DATA], docs=3)
    said = warned(lambda: cross_validate(gold, backend="lexicon", k=2, documents={"d0": texts["d0"], "d1": "改过的文本"}))
    assert [m.split(" (")[0] for _, m in said] == ["1 of 3 gold documents is not found in the source documents",
                                                   "1 of 3 gold documents is found in the source documents"]
    assert {category for category, _ in said} == {InputWarning}


@pytest.fixture
def linear_model(tmp_path):
    path = tmp_path / "model"
    texts, themes, sentiments = zip(*DATA)
    LinearBackend(load_schema(), polarity=False).fit(list(texts), [list(t) for t in themes], list(sentiments)).save(path)
    return path


def test_a_model_whose_schema_cues_were_edited_gives_a_schema_warning(linear_model):
    toml = linear_model / "schema.toml"
    toml.write_text(toml.read_text("utf-8").replace('"合理", ', '"新加的词", "合理", ', 1), "utf-8")
    said = warned(lambda: argmine.load_model(linear_model))
    assert [c for c, m in said if "the cues of schema.toml differ from those the model was trained with" in m] == [SchemaWarning]
    with warnings.catch_warnings():  # the README's filter quiets it
        warnings.simplefilter("error")
        warnings.filterwarnings("ignore", category=SchemaWarning)
        argmine.load_model(linear_model)


def test_a_model_saved_by_an_older_argmine_reading_cues_otherwise_gives_a_schema_warning(linear_model):
    toml = linear_model / "schema.toml"
    text = toml.read_text("utf-8")
    assert text.count('"合理", ') == 1
    toml.write_text(text.replace('"合理", ', '"合理 ", ', 1), "utf-8")  # as an older argmine kept a cue's white space
    s = load_schema()
    first = s.themes[0]
    assert first.cues[0].term == "合理"
    padded = dataclasses.replace(first, cues=(dataclasses.replace(first.cues[0], term="合理 "), *first.cues[1:]))
    config = json.loads((linear_model / "config.json").read_text("utf-8"))
    config["cue_fingerprint"] = cue_fingerprint(dataclasses.replace(s, themes=(padded, *s.themes[1:])))
    (linear_model / "config.json").write_text(json.dumps(config, ensure_ascii=False), "utf-8")
    said = warned(lambda: argmine.load_model(linear_model))
    assert [c for c, m in said if "the model was saved by an older argmine" in m] == [SchemaWarning]


# --- schema= as a path, and of the wrong type ----------------------------------------------------


@pytest.mark.parametrize("given", [SCHEMA_FILE, Path(SCHEMA_FILE)], ids=["str", "Path"])
def test_evaluate_takes_a_schema_file_path_as_train_does(given):
    gold, _ = examples()
    predictions = [{"themes": list(e.themes), "sentiment": e.sentiment} for e in gold]
    assert evaluate(gold, predictions, schema=given) == evaluate(gold, predictions, schema=load_schema(SCHEMA_FILE))


def test_evaluate_takes_generators_of_gold_and_predictions():
    gold, _ = examples()
    r = evaluate((e for e in gold), ({"themes": list(e.themes), "sentiment": e.sentiment} for e in gold))
    assert r["theme_macro_f1"] == 1.0 and r["sentiment"]["accuracy"] == 1.0


@pytest.mark.parametrize("call", [
    lambda: train(examples()[0], backend="lexicon", schema=5),
    lambda: train(examples()[0], backend="linear", schema=5),
    lambda: evaluate(examples()[0], [{"themes": [], "sentiment": "neutral"}] * len(DATA), schema=5),
], ids=["train-lexicon", "train-linear", "evaluate"])
def test_a_schema_of_the_wrong_type_is_a_type_error_naming_it(call):
    with pytest.raises(TypeError) as e:
        call()
    assert str(e.value) == "schema must be an argmine.Schema, a schema file path or None, not int"


# --- parse_schema given other than a mapping -----------------------------------------------------


@pytest.mark.parametrize("given,found", [(default_schema_text(), "str"), (None, "NoneType"),
                                         (Path(SCHEMA_FILE), type(Path(SCHEMA_FILE)).__name__)], ids=["toml-text", "None", "path"])
def test_parse_schema_given_other_than_a_mapping_says_what_to_pass(given, found):
    with pytest.raises(TypeError) as e:
        parse_schema(given)
    assert str(e.value) == (
        f"parse_schema() takes the dict that tomllib.loads(text) gives, not {found}; parse the TOML text first: "
        "argmine.schema.parse_schema(tomllib.loads(text)), or load a schema file by its path: argmine.schema.load_schema(path)")
    assert parse_schema(tomllib.loads(default_schema_text())).id == "alipay_social"  # as the message says
