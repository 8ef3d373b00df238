"""The spaCy component: nlp.to_bytes/from_bytes carry its model and schema, and a saved pipeline's name in nlp.meta lets
no later add_pipe take a bad model path."""

from __future__ import annotations

import shutil

import pytest

spacy = pytest.importorskip("spacy")

import srsly  # noqa: E402  (spaCy's)

import argmine  # noqa: E402
import argmine.spacy_component  # noqa: E402
from argmine.errors import ModelError  # noqa: E402
from tests.test_spacy54 import SCHEMA, tiny_model  # noqa: E402,F401  (the six-unit model and its schema, shared)

TEXT = "电池起火很危险。价格太贵了。财不外露。支付宝做社交是对的。现在的支付宝功能太多了,变成了阿里巴巴产品导航。"
NO_MODEL = ("/no/such/dir: not a model directory (no such directory); check the path given as 'model' in the config of the "
            "'argmine' component, or pass a directory written by 'argmine train', or the name 'lexicon'")


def _results(nlp):
    doc = nlp(TEXT)
    return [(s.start_char, s.end_char, s.label_, s._.themes, s._.scores, s._.sentiment, s._.sentiment_score)
            for s in doc.spans["argmine"]]


def _receiver():
    """A pipeline that predicts otherwise (the lexicon, its default schema) until from_bytes gives it the model."""
    nlp = spacy.blank("zh")
    nlp.add_pipe("argmine", config={"model": "lexicon"})
    return nlp


@pytest.mark.parametrize("config", ["trained", "lexicon+schema", "default"])
def test_spacy_pipeline_to_bytes_carries_the_model_and_schema(tmp_path, tiny_model, config):
    # nlp.to_bytes left the component out: from_bytes kept the receiving pipeline's own model (here the lexicon)
    model, schema = tiny_model
    nlp = spacy.blank("zh")
    configs = {"trained": {"model": str(model), "schema": str(schema)},
               "lexicon+schema": {"model": "lexicon", "schema": str(schema)}, "default": {}}
    nlp.add_pipe("argmine", config=configs[config])
    expected = _results(nlp)
    data = nlp.to_bytes()
    shutil.rmtree(model)  # the bytes hold the files: neither the model nor the schema is read again
    schema.unlink()
    restored = _receiver()
    assert _results(restored) != expected
    restored.from_bytes(data)
    assert _results(restored) == expected
    # saved again, to disk and to bytes, from the files the bytes held
    restored.to_disk(tmp_path / "pipe")
    assert _results(spacy.load(tmp_path / "pipe")) == expected
    assert _results(_receiver().from_bytes(restored.to_bytes())) == expected


def test_spacy_component_bytes_hold_the_files_to_disk_writes(tmp_path, tiny_model):
    model, schema = tiny_model
    nlp = spacy.blank("zh")
    nlp.add_pipe("argmine", config={"model": str(model), "schema": str(schema)})
    nlp.to_disk(tmp_path / "pipe")
    saved = tmp_path / "pipe" / "argmine"
    data = srsly.msgpack_loads(nlp.get_pipe("argmine").to_bytes())  # msgpack of the files' contents: nothing pickled
    assert data == {"argmine.json": (saved / "argmine.json").read_text("utf-8"),
                    "schema.toml": (saved / "schema.toml").read_text("utf-8"),
                    "model": {name: (saved / "model" / name).read_bytes()
                              for name in ["config.json", "schema.toml", "weights.safetensors"]}}
    # the packaged default is a name, as on disk: no model in the bytes
    default = spacy.blank("zh")
    default.add_pipe("argmine")
    assert srsly.msgpack_loads(default.get_pipe("argmine").to_bytes()) == {
        "argmine.json": '{"model": null, "schema": null}\n'}


def test_spacy_pipeline_from_config_and_bytes_loads_where_the_config_paths_are_gone(tiny_model):
    # spaCy's way to rebuild a pipeline from bytes: Language.from_config with the meta, then from_bytes; the config's
    # model path waits for the bytes, as it waits for from_disk in spacy.load
    model, schema = tiny_model
    nlp = spacy.blank("zh")
    nlp.add_pipe("argmine", config={"model": str(model), "schema": str(schema)})
    expected = _results(nlp)
    data = nlp.to_bytes()
    shutil.rmtree(model)
    schema.unlink()
    rebuilt = spacy.util.get_lang_class("zh").from_config(nlp.config, meta=nlp.meta).from_bytes(data)
    assert _results(rebuilt) == expected


def test_spacy_component_bytes_without_the_component_keep_the_config():
    nlp = _receiver()
    expected = _results(nlp)
    trained = spacy.blank("zh")
    trained.add_pipe("argmine")
    nlp.from_bytes(trained.to_bytes(exclude=["argmine"]))
    assert _results(nlp) == expected


@pytest.mark.parametrize("damage,reason", [
    (lambda d: {**d, "argmine.json": '{"model": "../../elsewhere", "schema": null}'},
     "hold unknown settings {'model': '../../elsewhere', 'schema': None}"),
    (lambda d: {**d, "argmine.json": "{"}, "hold argmine.json that cannot be read"),
    (lambda d: {k: v for k, v in d.items() if k != "model"}, "hold no model files, which their settings name"),
    (lambda d: {**d, "model": {"../config.json": b"{}"}}, "hold a model file named '../config.json'"),
    (lambda d: {k: v for k, v in d.items() if k != "schema.toml"}, "hold no schema.toml, which their settings name"),
])
def test_spacy_component_refuses_damaged_bytes(tiny_model, damage, reason):
    model, schema = tiny_model
    nlp = spacy.blank("zh")
    nlp.add_pipe("argmine", config={"model": str(model), "schema": str(schema)})
    data = damage(srsly.msgpack_loads(nlp.get_pipe("argmine").to_bytes()))
    with pytest.raises(ModelError) as e:
        _receiver().get_pipe("argmine").from_bytes(srsly.msgpack_dumps(data))
    assert str(e.value).startswith(f"nlp.from_bytes: the 'argmine' component's bytes {reason}")
    assert str(e.value).endswith("; they are written by nlp.to_bytes with the argmine component: serialize the pipeline "
                                 "again")


def test_spacy_component_added_again_after_a_save_refuses_a_bad_model_at_add_pipe(tmp_path):
    # nlp.meta["argmine_saved"] keeps the name after remove_pipe: the new component took the bad path at add_pipe
    # (as if spacy.load were building it) and failed only at the first doc
    nlp = spacy.blank("zh")
    nlp.add_pipe("argmine", config={"model": "lexicon"})
    nlp.to_disk(tmp_path / "pipe")
    nlp.remove_pipe("argmine")
    assert nlp.meta["argmine_saved"] == ["argmine"]
    with pytest.raises(ModelError) as e:
        nlp.add_pipe("argmine", config={"model": "/no/such/dir"})
    assert str(e.value) == NO_MODEL
    assert "argmine" not in nlp.pipe_names
    # so on a loaded pipeline, and on one that got the name with nlp.from_bytes
    loaded = spacy.load(tmp_path / "pipe")
    loaded.remove_pipe("argmine")
    with pytest.raises(ModelError) as e:
        loaded.add_pipe("argmine", config={"model": "/no/such/dir"})
    assert str(e.value) == NO_MODEL
    blank = spacy.blank("zh").from_bytes(spacy.load(tmp_path / "pipe").to_bytes())
    assert blank.meta["argmine_saved"] == ["argmine"]
    with pytest.raises(ModelError) as e:
        blank.add_pipe("argmine", config={"model": "/no/such/dir"})
    assert str(e.value) == NO_MODEL


def test_spacy_load_still_waits_for_the_saved_model_when_the_config_path_is_gone(tmp_path, tiny_model):
    model, schema = tiny_model
    nlp = spacy.blank("zh")
    nlp.add_pipe("argmine", config={"model": str(model), "schema": str(schema)})
    expected = _results(nlp)
    nlp.to_disk(tmp_path / "pipe")
    shutil.rmtree(model)
    schema.unlink()
    assert _results(spacy.load(tmp_path / "pipe")) == expected


# -- a model directory gone after the component took it (F1), the from_bytes folder shared by copies (F2), and what
# -- damaged bytes are said to be (F3)

def _trained(model, schema):
    nlp = spacy.blank("zh")
    nlp.add_pipe("argmine", config={"model": str(model), "schema": str(schema)})
    return nlp


@pytest.mark.parametrize("gone", ["folder", "weights", "config.json"])
def test_spacy_save_after_the_model_directory_is_gone_saves_the_loaded_model(tmp_path, tiny_model, gone):
    # to_bytes and to_disk wrote settings naming a model with no model files (an empty model/ folder), without a word:
    # the saved pipeline never loaded again
    model, schema = tiny_model
    nlp = _trained(model, schema)
    expected = _results(nlp)  # the model is loaded: its copy in memory is saved
    if gone == "folder":
        shutil.rmtree(model)
    else:
        (model / ("weights.safetensors" if gone == "weights" else "config.json")).unlink()
    data = nlp.to_bytes()
    assert {"config.json", "schema.toml", "weights.safetensors"} <= set(
        srsly.msgpack_loads(srsly.msgpack_loads(data)["argmine"])["model"])
    assert _results(_receiver().from_bytes(data)) == expected
    nlp.to_disk(tmp_path / "pipe")
    assert _results(spacy.load(tmp_path / "pipe")) == expected


def test_spacy_save_after_the_model_directory_is_gone_refuses_a_model_never_loaded(tmp_path, tiny_model):
    model, schema = tiny_model
    nlp = _trained(model, schema)
    shutil.rmtree(model)  # before any doc: nothing loaded, nothing to save
    message = (f"{model}: no such directory, so nlp.{{what}} cannot save the model of the 'argmine' component (it was "
               "changed or removed before the component loaded the model, so no copy is in memory); put the model "
               "directory back (or train it again with 'argmine train'), then save the pipeline again")
    with pytest.raises(ModelError) as e:
        nlp.to_bytes()
    assert str(e.value) == message.format(what="to_bytes")
    with pytest.raises(ModelError) as e:
        nlp.to_disk(tmp_path / "pipe")
    assert str(e.value) == message.format(what="to_disk")
    assert not (tmp_path / "pipe" / "argmine" / "argmine.json").exists()  # no settings naming a model that is not there


def test_spacy_deepcopy_of_a_pipeline_from_bytes_shares_its_folder(tiny_model):
    # the copy pointed into the folder of the original's component, removed with that component: it failed once the
    # original was collected, and the copy's own from_bytes removed the folder the original still used
    import copy
    import gc
    import os

    model, schema = tiny_model
    nlp = _trained(model, schema)
    expected, data = _results(nlp), nlp.to_bytes()
    lexicon = _results(_receiver())
    a = _receiver().from_bytes(data)
    folder = os.path.dirname(a.get_pipe("argmine").model)
    b = copy.deepcopy(a)
    del a
    gc.collect()
    assert _results(b) == expected
    assert _results(_receiver().from_bytes(b.to_bytes())) == expected
    c = copy.deepcopy(b)
    c.from_bytes(_receiver().to_bytes())  # the copy takes other bytes: the original's folder stays
    assert _results(b) == expected and _results(c) == lexicon
    assert os.path.isdir(folder)
    del b
    gc.collect()
    assert not os.path.exists(folder)  # no component uses it any more


def _damaged(tiny_model, change):
    model, schema = tiny_model
    data = srsly.msgpack_loads(_trained(model, schema).get_pipe("argmine").to_bytes())
    return srsly.msgpack_dumps(change(data))


BYTES_FIX = "; they are written by nlp.to_bytes with the argmine component: serialize the pipeline again"


def test_spacy_component_says_damaged_model_bytes_are_the_bytes(tiny_model):
    # the error named the temporary folder the bytes went to ("/tmp/argmine-spacy-…/model: damaged linear model")
    data = _damaged(tiny_model, lambda d: {**d, "model": {**d["model"], "weights.safetensors": b"xx"}})
    nlp = _receiver()
    nlp.get_pipe("argmine").from_bytes(data)  # the weights are read at the first doc
    with pytest.raises(ModelError) as e:
        nlp(TEXT)
    assert str(e.value).startswith("nlp.from_bytes: the 'argmine' component's bytes cannot be used (model: damaged "
                                   "linear model (")
    assert str(e.value).endswith(BYTES_FIX)
    assert "argmine-spacy-" not in str(e.value)


@pytest.mark.parametrize("change,reason", [
    (lambda d: {**d, "schema.toml": "[[themes]\nx"}, "cannot be used (schema.toml: not valid TOML ("),
    (lambda d: {**d, "model": {**d["model"], "../evil": b"x"}},
     "hold a model file named '../evil', which would be written outside the model's folder: only relative paths under "
     "config.json, schema.toml, weights.safetensors, heads.safetensors, encoder are"),
    (lambda d: {**d, "model": {k: v for k, v in d["model"].items() if k != "config.json"}},
     "hold an incomplete model (no config.json)"),
    (lambda d: {**d, "model": {k: v for k, v in d["model"].items() if k != "weights.safetensors"}},
     "hold an incomplete model (no weights.safetensors)"),
])
def test_spacy_component_names_what_is_damaged_in_bytes(tiny_model, change, reason):
    # a bad schema.toml named the temporary file; a file named ../evil beside the model's was "no model files"; a model
    # without config.json named the temporary folder as "not a model directory"
    nlp = _receiver()
    expected = _results(nlp)
    with pytest.raises(ModelError) as e:
        nlp.get_pipe("argmine").from_bytes(_damaged(tiny_model, change))
    assert str(e.value).startswith(f"nlp.from_bytes: the 'argmine' component's bytes {reason}")
    assert str(e.value).endswith(BYTES_FIX)
    assert "argmine-spacy-" not in str(e.value)
    assert (nlp.get_pipe("argmine").model, nlp.get_pipe("argmine").schema) == ("lexicon", None)
    assert _results(nlp) == expected  # refused bytes leave the component as it was


def test_spacy_component_warns_about_a_schema_from_bytes_naming_the_bytes(tmp_path):
    schema = tmp_path / "quiet.toml"
    schema.write_text('[schema]\nid = "quiet"\n[[themes]]\nid = "price"\ncues = ["价格"]\n', encoding="utf-8")
    nlp = spacy.blank("zh")
    nlp.add_pipe("argmine", config={"model": "lexicon", "schema": str(schema)})
    with pytest.warns(argmine.SchemaWarning, match="the schema has no sentiment cues"):
        nlp(TEXT)
    restored = _receiver().from_bytes(nlp.to_bytes())
    with pytest.warns(argmine.SchemaWarning) as caught:
        restored(TEXT)
    messages = [str(w.message) for w in caught]
    assert messages == ["the 'argmine' component's bytes (nlp.from_bytes), schema.toml: the schema has no sentiment "
                        "cues ([sentiment] positive and negative are empty), so the lexicon backend (--model lexicon) "
                        "marks every unit neutral; add some cues, or use a trained model"]
