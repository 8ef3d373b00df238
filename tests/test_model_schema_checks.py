"""A trained model against the schema it is used with, and against hand edits of its own files (QA round 41).

The fingerprint of the cues a linear model was trained on decides whether a
load warns, with or without a schema given; a schema given to ``load_model``
with the model's themes in another order is the one the loaded model keeps;
``config.json`` without its ``themes``, or with its sentiment classes in another
order than the weights were fitted in, is refused rather than read by position.
"""

from __future__ import annotations

import dataclasses
import json
import warnings

import pytest

import argmine
from argmine.backends.linear import LinearBackend, cue_fingerprint
from argmine.errors import ModelError, SchemaWarning
from argmine.schema import load_schema

HEAD = """
[schema]
id = "ebike"
version = "1"
target = "电动自行车新国标"
"""
SAFETY = """
[[themes]]
id = "safety"
name_zh = "安全必要"
cues = ["安全", "火灾", "起火"]
"""
COST = """
[[themes]]
id = "cost"
name_zh = "换车成本"
cues = ["补贴", "报废", "换车"]
"""
CUES = """
[sentiment]
negations = ["不"]
positive = ["支持", "点赞"]
negative = ["反对", "坑"]
"""
SCHEMA = HEAD + SAFETY + COST + CUES
REORDERED = HEAD + COST + SAFETY + CUES  # the same themes, cost first

DATA = [
    ("电池起火太危险，支持新标准", ["safety"], "positive"),
    ("阻燃材料确实安全，点赞", ["safety"], "positive"),
    ("小区火灾多，必须管", ["safety"], "neutral"),
    ("起火的事故少了，支持", ["safety"], "positive"),
    ("换车要花好几千，坑", ["cost"], "negative"),
    ("补贴太少，反对", ["cost"], "negative"),
    ("旧车报废不给钱，坑人", ["cost"], "negative"),
    ("换车补贴领到了", ["cost"], "neutral"),
    ("今天骑车去上班", [], "neutral"),
    ("天气不错", [], "neutral"),
]


def _schema_file(tmp_path, name, text=SCHEMA):
    path = tmp_path / name
    path.write_text(text, "utf-8")
    return path


def _train(tmp_path, schema_text=SCHEMA):
    """A linear model trained on ``DATA`` with the schema ``schema_text`` (read from a file, as train reads it)."""
    schema = load_schema(_schema_file(tmp_path, "trained.toml", schema_text))
    texts, themes, sentiments = zip(*DATA)
    path = tmp_path / "m"
    LinearBackend(schema, polarity=False, cv=2).fit(list(texts), list(themes), list(sentiments)).save(path)
    return path


def _edit_config(path, edit):
    config = json.loads((path / "config.json").read_text("utf-8"))
    edit(config)
    (path / "config.json").write_text(json.dumps(config, ensure_ascii=False), "utf-8")


def _warned(call):
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        result = call()
    return result, [(w.category, str(w.message)) for w in caught]


EDITED = SCHEMA.replace('"补贴", "报废", "换车"', '"补助", "换车"')


# --- the fingerprint decides whether a schema given for a model warns ------------------------------


def test_a_schema_with_the_cues_of_an_edited_model_schema_toml_warns_once(tmp_path):
    model = _train(tmp_path)
    given = _schema_file(tmp_path, "s2.toml", EDITED)
    (model / "schema.toml").write_text(EDITED, "utf-8")  # the model's copy "aligned" with the edited schema
    _, said = _warned(lambda: argmine.load_model(model, schema=given))
    assert said == [(SchemaWarning, f"{model}: the cues of schema.toml differ from those the model was trained with (config.json "
                                    "keeps their fingerprint); its weights were fitted on the old cues' features, so predictions "
                                    "change: restore schema.toml, or retrain with 'argmine train'")]
    _, said = _warned(lambda: argmine.load_model(model))  # the same warning without the schema
    assert [m for _, m in said] == [f"{model}: the cues of schema.toml differ from those the model was trained with (config.json "
                                    "keeps their fingerprint); its weights were fitted on the old cues' features, so predictions "
                                    "change: restore schema.toml, or retrain with 'argmine train'"]


def test_a_schema_with_other_cues_than_the_model_schema_toml_warns_once_naming_them(tmp_path):
    model = _train(tmp_path)
    given = _schema_file(tmp_path, "s2.toml", EDITED)
    _, said = _warned(lambda: argmine.load_model(model, schema=given))
    assert [m.split(" (")[0] for _, m in said] == [f"{model}: the model was trained with other cues than those of {given}"]
    assert "(same themes, different theme cues)" in said[0][1]


def test_a_schema_toml_edited_back_to_the_trained_cues_given_again_loads_silently(tmp_path):
    model = _train(tmp_path)
    (model / "schema.toml").write_text(EDITED, "utf-8")  # edited, but the schema given has the cues trained on
    _, said = _warned(lambda: argmine.load_model(model, schema=_schema_file(tmp_path, "same.toml")))
    assert said == []


def test_a_schema_toml_read_otherwise_now_warns_so_when_given_as_the_schema_too(tmp_path):
    model = _train(tmp_path)
    toml = model / "schema.toml"
    toml.write_text(toml.read_text("utf-8").replace('"换车"', '"换车 "', 1), "utf-8")  # white space an older argmine kept
    schema = load_schema(toml, warn=False)
    cost = schema.themes[1]
    padded = [c if c.term != "换车" else dataclasses.replace(c, term="换车 ") for c in cost.cues]
    as_before = dataclasses.replace(schema, themes=(schema.themes[0], dataclasses.replace(cost, cues=tuple(padded))))
    _edit_config(model, lambda c: c.update(cue_fingerprint=cue_fingerprint(as_before)))
    for given in (None, toml):
        _, said = _warned(lambda: argmine.load_model(model, schema=given))
        assert [m.split(",")[0] for _, m in said] == [f"{model}: the model was saved by an older argmine"], given


# --- a model loaded with a schema whose themes are in another order keeps that schema --------------


def test_a_model_loaded_with_a_reordered_schema_classifies_and_analyzes_with_it(tmp_path):
    model = _train(tmp_path)
    reordered = load_schema(_schema_file(tmp_path, "order.toml", REORDERED))
    assert reordered.theme_ids == ("cost", "safety")
    loaded = argmine.load_model(model, schema=reordered)
    units = list(argmine.segment([argmine.Document(id="d", text="电池起火太危险。换车补贴太少，坑。")]))
    rows = [c.unit.text for c in argmine.classify(units, model=loaded, schema=reordered)]
    assert rows == [u.text for u in units]
    analysis = argmine.analyze([argmine.Document(id="d", text="电池起火太危险。")], schema=reordered, model=loaded)
    assert analysis.schema.theme_ids == ("cost", "safety")  # the tables keep the user's order
    other = load_schema(_schema_file(tmp_path, "other.toml", EDITED))
    with pytest.raises(ModelError, match="is not the one this loaded linear model predicts with"):
        list(argmine.classify(units, model=loaded, schema=other))


def _units():
    return list(argmine.segment([argmine.Document(id="d", text="电池起火太危险。换车补贴太少，坑。")]))


def test_a_loaded_model_takes_its_schema_in_any_theme_order_without_colours_of_its_own(tmp_path):
    # without a colour of its own a theme takes the palette colour of its position: the same schema's themes in
    # another order have other colours, and that alone does not make it another schema
    model = _train(tmp_path)
    trained, reordered = tmp_path / "trained.toml", _schema_file(tmp_path, "order.toml", REORDERED)
    assert load_schema(trained).themes[0].color != load_schema(reordered).themes[1].color  # safety: first, then second
    for loaded_with, given in ((reordered, trained), (reordered, model / "schema.toml"), (None, reordered), (trained, reordered)):
        loaded = argmine.load_model(model, schema=loaded_with)
        assert [c.unit.text for c in argmine.classify(_units(), model=loaded, schema=given)] == [u.text for u in _units()]
        analysis = argmine.analyze([argmine.Document(id="d", text="电池起火太危险。")], schema=given, model=loaded)
        assert analysis.schema.theme_ids == load_schema(given).theme_ids, (loaded_with, given)  # the tables: the schema given


@pytest.mark.parametrize("loaded_colours, given_colours, same", [
    ({"safety": "#112233", "cost": "#445566"}, {"safety": "#112233", "cost": "#445566"}, True),
    ({"safety": "#112233", "cost": "#445566"}, {}, True),  # one of them leaves the colours to the palette
    ({}, {"safety": "#112233"}, True),
    ({"safety": "#112233", "cost": "#445566"}, {"safety": "#445566", "cost": "#112233"}, False),  # given both ways: they count
    ({"safety": "#112233"}, {"safety": "#abcdef"}, False),
])
def test_colours_both_schemas_give_their_themes_must_agree(tmp_path, loaded_colours, given_colours, same):
    def coloured(text, colours):
        for tid, colour in colours.items():
            text = text.replace(f'id = "{tid}"\n', f'id = "{tid}"\ncolor = "{colour}"\n')
        return text

    model = _train(tmp_path)
    loaded = argmine.load_model(model, schema=_schema_file(tmp_path, "a.toml", coloured(REORDERED, loaded_colours)))
    given = _schema_file(tmp_path, "b.toml", coloured(SCHEMA, given_colours))
    if same:
        assert len(list(argmine.classify(_units(), model=loaded, schema=given))) == len(_units())
    else:
        with pytest.raises(ModelError) as e:
            argmine.classify(_units(), model=loaded, schema=given)
        assert str(e.value) == (
            f"schema 'ebike' ({given}) is not the one this loaded linear model predicts with ('ebike', {tmp_path / 'a.toml'}); "
            "a loaded model keeps its schema: load it with this one (argmine.load_model(MODEL, schema=...), or pass the model "
            'by name or directory, model="lexicon"), or drop schema=')


def test_a_schema_with_other_names_is_still_another_schema_in_any_order(tmp_path):
    model = _train(tmp_path)
    loaded = argmine.load_model(model, schema=_schema_file(tmp_path, "order.toml", REORDERED))
    renamed = _schema_file(tmp_path, "renamed.toml", SCHEMA.replace('name_zh = "换车成本"', 'name_zh = "换车花费"'))
    with pytest.raises(ModelError, match="is not the one this loaded linear model predicts with"):
        argmine.classify(_units(), model=loaded, schema=renamed)


# --- the model's own schema.toml edited by hand --------------------------------------------------


def test_a_model_schema_toml_with_its_themes_reordered_by_hand_loads_as_the_model(tmp_path):
    # config.json's themes are the order of the weights: the same themes in another order in schema.toml are the
    # same schema (not "other themes", nor a folder being replaced), read in config.json's order
    model = _train(tmp_path)
    before = [p.to_dict() for p in argmine.load_model(model).predict([t for t, _, _ in DATA])]
    (model / "schema.toml").write_text(REORDERED, "utf-8")
    loaded, said = _warned(lambda: argmine.load_model(model))
    assert said == []
    assert loaded.schema_.theme_ids == ("safety", "cost")
    assert [p.to_dict() for p in loaded.predict([t for t, _, _ in DATA])] == before
    # reordered and its cues edited: the warning for edited cues, as for an edit in place
    (model / "schema.toml").write_text(EDITED.replace(SAFETY, "") + SAFETY, "utf-8")
    assert load_schema(model / "schema.toml", warn=False).theme_ids == ("cost", "safety")
    _, said = _warned(lambda: argmine.load_model(model))
    assert [m for _, m in said] == [f"{model}: the cues of schema.toml differ from those the model was trained with (config.json "
                                    "keeps their fingerprint); its weights were fitted on the old cues' features, so predictions "
                                    "change: restore schema.toml, or retrain with 'argmine train'"]


# --- config.json edited by hand ------------------------------------------------------------------


def test_a_linear_config_without_themes_is_refused_as_damaged(tmp_path):
    model = _train(tmp_path)
    _edit_config(model, lambda c: c.pop("themes"))
    renamed = _schema_file(tmp_path, "renamed.toml", SCHEMA.replace('id = "cost"', 'id = "noise"'))
    for given in (None, renamed):
        with pytest.raises(ModelError) as e:
            argmine.load_model(model, schema=given)
        assert str(e.value) == f"{model}: damaged linear model (KeyError: 'themes'); retrain with 'argmine train'"


def test_linear_sentiment_classes_reordered_by_hand_are_refused(tmp_path):
    model = _train(tmp_path)
    _edit_config(model, lambda c: c.update(sentiment_classes=["negative", "neutral", "positive"]))
    for given in (None, model / "schema.toml"):
        with pytest.raises(ModelError) as e:
            argmine.load_model(model, schema=given)
        assert str(e.value) == (
            f"{model}: config.json lists the sentiment classes ['negative', 'neutral', 'positive'], but the model was trained "
            "with them in the order ['positive', 'neutral', 'negative'] (that of its schema.toml's [labels], unchanged since "
            "the save); its weights would be read as other classes: put them back in that order, or retrain with 'argmine train'")


def test_linear_sentiment_classes_in_the_schemas_own_label_order_load(tmp_path):
    labels = SCHEMA.replace("[[themes]]", '[labels]\nsentiment = ["negative", "neutral", "positive"]\n\n[[themes]]', 1)
    model = _train(tmp_path, labels)
    assert json.loads((model / "config.json").read_text("utf-8"))["sentiment_classes"] == ["negative", "neutral", "positive"]
    loaded, said = _warned(lambda: argmine.load_model(model))
    assert said == [] and loaded.predict(["补贴太少，反对"])[0].sentiment == "negative"
    # the model's schema.toml with its [labels] edited: config.json keeps the order the weights were fitted in
    toml = model / "schema.toml"
    toml.write_text(toml.read_text("utf-8").replace('["negative", "neutral", "positive"]', '["positive", "neutral", "negative"]'), "utf-8")
    loaded, said = _warned(lambda: argmine.load_model(model))
    assert said == [] and loaded.predict(["补贴太少，反对"])[0].sentiment == "negative"
