"""A linear model folder that saves keep replacing while a reader loads it (``argmine train -o`` or ``save()``
into the folder, one after another).  The race is simulated step by step: a hook put between two of the
load's readings of files moves another save's files in, so nothing here depends on timing."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest

from argmine.backends.base import model_origin
from argmine.backends.linear import LinearBackend
from argmine.classify import load_model
from argmine.errors import ModelError
from argmine.schema import load_schema

DATA = [
    ("支付宝做社交是为了让朋友之间互动更方便。", ["pro_social"], "positive"),
    ("加好友聊天的功能很有用。", ["pro_social"], "positive"),
    ("支付宝偷看我的隐私，太可怕了。", ["privacy"], "negative"),
    ("我的消费记录被别人看到了，泄露隐私。", ["privacy"], "negative"),
    ("支付宝是钱包，不是朋友圈。", ["brand_fit"], "negative"),
    ("打开就卡，全是没用的东西。", ["bloat"], "negative"),
    ("今天天气不错。", [], "neutral"),
    ("我在上班的路上。", [], "neutral"),
]
TEXTS, THEMES, SENTIMENTS = (list(column) for column in zip(*DATA))
FILES = ("config.json", "schema.toml", "weights.safetensors")


@pytest.fixture(scope="module")
def saves(tmp_path_factory):
    """Two saves of two models (8 and 6 training texts; the same schema), in folders of their own."""
    root = tmp_path_factory.mktemp("saves")
    LinearBackend(load_schema(), polarity=False, cv=2).fit(TEXTS, THEMES, SENTIMENTS).save(root / "a")
    LinearBackend(load_schema(), polarity=False, cv=2, C_theme=1.0).fit(TEXTS[2:], THEMES[2:], SENTIMENTS[2:]).save(root / "b")
    return root / "a", root / "b"


@pytest.fixture
def live(saves, tmp_path, monkeypatch):
    """A folder holding save ``a``; no waiting between the load's readings."""
    monkeypatch.setattr("argmine.backends.linear.REREAD_WAITS", (0.0, 0.0, 0.0))
    return Path(shutil.copytree(saves[0], tmp_path / "model"))


def _move_in(save: Path, live: Path) -> None:
    """The files of ``save`` renamed into ``live`` one by one, as a save puts each in place (a new file each time)."""
    for name in FILES:
        shutil.copyfile(save / name, live / f".{name}.part")
        os.replace(live / f".{name}.part", live / name)


def _other_save(saves, live) -> str:
    """Move in the save (``"a"`` or ``"b"``) that the folder does not hold now; return its name."""
    other = "a" if (live / "config.json").read_bytes() == (saves[1] / "config.json").read_bytes() else "b"
    _move_in(saves[other == "b"], live)
    return other


def _save_before_each_config_read(monkeypatch, saves, live) -> list[str]:
    """Before each reading of ``config.json`` by the linear load, the other save is moved in: saves one after another
    with no pause.  Returns the list that the saves are noted in."""
    import argmine.backends.base as base

    real, moved = base.loaded_model_config, []

    def loaded_model_config(path, backend, config=None):
        if config is None:  # config.json is read now
            moved.append(_other_save(saves, live))
        return real(path, backend, config)

    monkeypatch.setattr(base, "loaded_model_config", loaded_model_config)
    return moved


def test_linear_load_reads_one_save_whole_when_another_comes_in_after_its_config_json(saves, live, monkeypatch):
    # a save moved in while the reading parses config.json and schema.toml: the weights were read right before
    # config.json, so the reading is of one save (was: config.json of one save and weights of the next, read again)
    import argmine.backends.linear as linear

    real, moved = linear.model_schema, []

    def model_schema(*args, **kwargs):
        moved.append(_other_save(saves, live))
        return real(*args, **kwargs)

    monkeypatch.setattr(linear, "model_schema", model_schema)
    model = LinearBackend.load(live)
    assert moved == ["b"]  # read once
    assert model.n_train_ == len(TEXTS) and model.predict(TEXTS) == LinearBackend.load(saves[0]).predict(TEXTS)
    # named by the config.json it was read with, not by the one in the folder now (save b's)
    assert model_origin(model)["generation"] == json.loads((saves[0] / "config.json").read_text("utf-8"))["generation"]


def test_linear_load_says_the_model_changed_while_it_was_read_when_saves_keep_coming(saves, live, monkeypatch):
    moved = _save_before_each_config_read(monkeypatch, saves, live)
    with pytest.raises(ModelError) as e:
        LinearBackend.load(live)
    assert moved == ["b", "a", "b", "a"]  # every reading found another save's config.json beside the weights it had read
    assert str(e.value) == (
        f"{live}: the model changed while it was being read (4 readings; another save, 'argmine train -o' or save() in "
        "Python, is writing into the folder); load it again once that save has finished")


def test_load_model_says_the_model_changed_while_it_was_read_when_saves_keep_coming(saves, live, monkeypatch):
    # load_model reads config.json itself and passes it on: save b comes in right after, then a, b, ... as above
    import importlib

    classify = importlib.import_module("argmine.classify")  # (argmine.classify is the function)
    real = classify.read_model_config

    def read_model_config(path, *args, **kwargs):
        try:
            return real(path, *args, **kwargs)
        finally:
            _move_in(saves[1], live)

    monkeypatch.setattr(classify, "read_model_config", read_model_config)
    moved = _save_before_each_config_read(monkeypatch, saves, live)
    with pytest.raises(ModelError, match=r"^.*/model: the model changed while it was being read \(4 readings; "):
        load_model(live)
    assert moved == ["a", "b", "a"]  # (the first reading compared the weights with load_model's config.json)


def test_linear_load_calls_a_folder_of_two_models_that_stays_so_mixed_not_changed(saves, live):
    shutil.copyfile(saves[1] / "weights.safetensors", live / "weights.safetensors")  # copied together from two models
    with pytest.raises(ModelError) as e:
        LinearBackend.load(live)
    assert str(e.value) == (
        f"{live}: config.json and weights.safetensors are of two different saves: the folder is being replaced "
        "('argmine train -o' writing into it) or holds files of two models; try again once the training has finished, "
        "or, if none is running, retrain with 'argmine train'")


def _damage(weights, damage: str) -> None:
    """Remove ``weights``; put a folder or garbage bytes in its place for ``damage`` 'folder' or 'garbage'."""
    weights.unlink()
    if damage == "folder":
        weights.mkdir()
    elif damage == "garbage":
        weights.write_bytes(b"not safetensors")


@pytest.mark.parametrize("damage", ["missing", "folder", "garbage"])
def test_linear_load_reports_config_json_before_the_weights_it_read_first(live, damage):
    # the weights are read before config.json now, but a folder with neither says what it says about config.json
    (live / "config.json").unlink()
    _damage(live / "weights.safetensors", damage)
    with pytest.raises(ModelError, match=r"not a model directory \(no config.json\)"):
        LinearBackend.load(live)


@pytest.mark.parametrize("damage, what", [("folder", "damaged linear model"), ("garbage", "damaged linear model"),
                                          ("missing", "missing weights.safetensors; the model directory is incomplete")])
def test_linear_load_reports_damaged_weights_read_before_config_json(live, damage, what):
    _damage(live / "weights.safetensors", damage)
    with pytest.raises(ModelError, match=what):
        LinearBackend.load(live)


@pytest.mark.parametrize("through", ["LinearBackend.load", "load_model"])
def test_linear_load_reads_again_a_config_json_gone_while_read_and_back_when_looked_at(saves, live, monkeypatch, through):
    # a save renames the old config.json out and its own in: a reading that looked for it in between, and found the
    # new one there by the time it said why it failed, said "not a model directory (no config.json)"
    import argmine.backends.base as base

    real, calls = base.read_model_config, []

    def read_model_config(path, *args, **kwargs):
        calls.append(path)
        if len(calls) > 1:
            return real(path, *args, **kwargs)
        (live / "config.json").rename(live / "config.old")
        try:
            return real(path, *args, **kwargs)
        finally:
            (live / "config.old").unlink()
            _move_in(saves[1], live)

    monkeypatch.setattr(base, "read_model_config", read_model_config)
    if through == "load_model":  # its own reading of config.json comes first, then another save is in
        _move_in(saves[1], live)
        import importlib

        monkeypatch.setattr(importlib.import_module("argmine.classify"), "read_model_config", lambda path, **kw: real(saves[0], **kw))
    model = LinearBackend.load(live) if through == "LinearBackend.load" else load_model(live)
    assert model.n_train_ == len(TEXTS) - 2 and len(calls) >= 2
