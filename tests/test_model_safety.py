"""Model directories from someone else's hands: files too big to be what they are named, links out of the
folder, a linear vocabulary with a repeated term, and a transformers encoder whose weights do not match
its config or are not finite.  Every one is refused at load in one line, before anything big is read or built.

The big files are sparse (``truncate``): they take no disk.  The transformers tests build a tiny BERT on
the fly and skip without torch, as tests/test_transformers_backend.py does.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from argmine.backends.base import read_model_config
from argmine.backends.linear import LinearBackend
from argmine.classify import load_model
from argmine.cli import main
from argmine.errors import ModelError, SchemaError
from argmine.schema import load_schema

DATA = [
    ("支付宝做社交是为了让朋友之间互动更方便。", ("pro_social",), "positive"),
    ("我觉得社交功能挺好的，能和朋友一起玩。", ("pro_social",), "positive"),
    ("加好友聊天的功能很有用。", ("pro_social",), "positive"),
    ("支付宝偷看我的隐私，太可怕了。", ("privacy",), "negative"),
    ("我的消费记录被别人看到了，泄露隐私。", ("privacy",), "negative"),
    ("个人信息不安全，我很担心。", ("privacy",), "negative"),
    ("支付工具就该好好做支付，不要搞社交。", ("brand_fit",), "negative"),
    ("支付宝是钱包，不是朋友圈。", ("brand_fit",), "negative"),
    ("功能越来越多，软件越来越臃肿。", ("bloat",), "negative"),
    ("打开就卡，全是没用的东西。", ("bloat",), "negative"),
    ("今天天气不错。", (), "neutral"),
    ("我在上班的路上。", (), "neutral"),
]
TEXTS = [t for t, _, _ in DATA]
THEMES = [list(th) for _, th, _ in DATA]
SENTIMENTS = [s for _, _, s in DATA]
RETRAIN = "restore the model directory from a backup or retrain with 'argmine train'"


def sparse(path: Path, size: int) -> Path:
    """``path`` made a sparse file of ``size`` bytes (no disk taken), whatever it was."""
    if path.is_symlink() or path.exists():
        path.unlink()
    with open(path, "wb") as f:
        f.truncate(size)
    return path


@pytest.fixture(scope="module")
def linear_saved(tmp_path_factory):
    path = tmp_path_factory.mktemp("linear") / "model"
    LinearBackend(load_schema(), polarity=False).fit(TEXTS, THEMES, SENTIMENTS).save(path)
    return path


@pytest.fixture
def linear_copy(linear_saved, tmp_path):
    return Path(shutil.copytree(linear_saved, tmp_path / "model"))


# -- 3. a linear vocabulary that repeats a term -------------------------------------------------------


@pytest.mark.parametrize("kind", ["char", "word"])
def test_linear_load_refuses_a_vocabulary_that_repeats_a_term(linear_copy, kind):
    config = json.loads((linear_copy / "config.json").read_text("utf-8"))
    terms = config["vocabulary"][kind]
    terms[1] = terms[0]
    (linear_copy / "config.json").write_text(json.dumps(config), "utf-8")
    with pytest.raises(ModelError) as e:
        load_model(linear_copy)
    assert str(e.value) == (f"{linear_copy}: damaged linear model (ValueError: vocabulary[{kind!r}] lists the term "
                            f"{terms[0]!r} twice); retrain with 'argmine train'")


# -- 4. metadata files too big to be what they are named --------------------------------------------


@pytest.mark.parametrize("name, size, load, what", [
    ("config.json", 2**31, read_model_config, "model config.json"),
    ("schema.toml", 2**30, load_model, "schema file"),
])
def test_a_huge_model_config_or_schema_is_refused_before_it_is_read(linear_copy, name, size, load, what):
    big = sparse(linear_copy / name, size)
    with pytest.raises(ModelError) as e:
        load(linear_copy)
    assert str(e.value) == (f"{big}: {size:,} bytes, more than any {what} holds (argmine reads at most "
                            f"64 MB of one); it is not an argmine model file: {RETRAIN}")


def test_a_huge_schema_file_given_is_refused_in_one_line_with_exit_2(tmp_path):
    (tmp_path / "a.txt").write_text("支付宝的社交功能侵犯隐私，我很反感。\n", "utf-8")
    schema = sparse(tmp_path / "schema.toml", 2**30)
    message = (f"{schema}: 1,073,741,824 bytes, more than any schema file holds (argmine reads at most 64 MB of one); "
               "it is not a schema: pass a schema TOML file (such as argmine/schemas/alipay.toml)")
    with pytest.raises(SchemaError) as e:
        load_schema(schema)
    assert str(e.value) == message
    r = CliRunner().invoke(main, ["classify", str(tmp_path / "a.txt"), "--schema", str(schema), "-q"])
    assert (r.exit_code, r.output.strip()) == (2, f"argmine: error: {message}")


# -- 6. links out of the model folder ---------------------------------------------------------------


@pytest.mark.parametrize("name", ["schema.toml", "weights.safetensors", "config.json"])
def test_a_model_file_linked_from_outside_the_folder_is_refused(linear_copy, tmp_path, name):
    outside = tmp_path / "outside" / name
    outside.parent.mkdir()
    shutil.copy(linear_copy / name, outside)
    (linear_copy / name).unlink()
    (linear_copy / name).symlink_to(outside)
    with pytest.raises(ModelError) as e:
        load_model(linear_copy)
    assert str(e.value) == (f"{linear_copy / name}: a link to a file outside the model folder {linear_copy}; only the "
                            "folder's own files are read: copy the model with the file itself in place of the link "
                            "(cp -rL), or retrain with 'argmine train'")
    r = CliRunner().invoke(main, ["schema", "--model", str(linear_copy)])
    assert r.exit_code == 2 and "a link to a file outside the model folder" in r.output, r.output


def test_a_config_json_linked_to_a_system_file_is_named_as_a_link(linear_copy):
    (linear_copy / "config.json").unlink()
    (linear_copy / "config.json").symlink_to("/etc/hostname" if Path("/etc/hostname").is_file() else "/etc/passwd")
    with pytest.raises(ModelError, match="config.json: a link to a file outside the model folder"):
        read_model_config(linear_copy)


def test_links_inside_the_model_folder_and_a_linked_model_folder_load(linear_copy, tmp_path):
    (linear_copy / "kept").mkdir()
    (linear_copy / "schema.toml").rename(linear_copy / "kept" / "schema.toml")
    (linear_copy / "schema.toml").symlink_to(Path("kept") / "schema.toml")
    (tmp_path / "current").symlink_to(linear_copy)
    for path in (linear_copy, tmp_path / "current"):
        assert load_model(path).predict(TEXTS[:2]) == LinearBackend.load(linear_copy).predict(TEXTS[:2])


def test_a_backend_load_given_its_config_still_refuses_a_link_out(linear_copy, tmp_path):
    config = json.loads((linear_copy / "config.json").read_text("utf-8"))
    (tmp_path / "elsewhere.toml").write_bytes((linear_copy / "schema.toml").read_bytes())
    (linear_copy / "schema.toml").unlink()
    (linear_copy / "schema.toml").symlink_to(tmp_path / "elsewhere.toml")
    with pytest.raises(ModelError, match="schema.toml: a link to a file outside the model folder"):
        LinearBackend.load(linear_copy, config=config)


# -- transformers: 1. layers and weights, 2. NaN weights, 4. tokenizer size, 6. links -----------------


@pytest.fixture(scope="module")
def tf_base(tmp_path_factory):
    pytest.importorskip("torch")
    pytest.importorskip("transformers")
    pytest.importorskip("datasets")
    from argmine.backends.transformers_backend import build_tiny_encoder

    return build_tiny_encoder(TEXTS, tmp_path_factory.mktemp("tiny") / "base", seed=0)


@pytest.fixture(scope="module")
def tf_saved(tf_base, tmp_path_factory):
    from argmine.backends.transformers_backend import TransformersBackend

    model = TransformersBackend(load_schema(), model_name_or_path=str(tf_base), epochs=1, learning_rate=1e-2,
                                warmup_ratio=0.0, max_length=32, evidence_top=0)
    path = tmp_path_factory.mktemp("tf") / "model"
    model.fit(TEXTS, THEMES, SENTIMENTS).save(path)
    return path


@pytest.fixture
def tf_copy(tf_saved, tmp_path):
    return Path(shutil.copytree(tf_saved, tmp_path / "model"))


@pytest.fixture
def never_built(monkeypatch):
    """The encoder must be refused before transformers builds it."""
    import transformers

    def refuse(*args, **kwargs):
        raise AssertionError("the encoder was built")

    monkeypatch.setattr(transformers.AutoModel, "from_pretrained", refuse)


def _set_layers(folder: Path, n: int) -> None:
    config = json.loads((folder / "config.json").read_text("utf-8"))
    config["num_hidden_layers"] = n
    (folder / "config.json").write_text(json.dumps(config), "utf-8")


@pytest.mark.parametrize("n,what", [
    (3, "the other layers would be random"),
    (100000, "the other layers would be random"),
    (1, "1 trained layer would be left out"),
])
def test_transformers_load_refuses_a_layer_count_its_weights_do_not_hold(tf_copy, never_built, n, what):
    _set_layers(tf_copy / "encoder", n)
    with pytest.raises(ModelError) as e:
        load_model(tf_copy)
    assert str(e.value) == (f"{tf_copy / 'encoder'}: config.json says num_hidden_layers {n}, but the weights in "
                            f"model.safetensors hold 2 layers, so {what}; {RETRAIN}")


def test_transformers_fit_refuses_a_base_checkpoint_asking_for_more_layers_than_it_holds(tf_base, tmp_path, never_built):
    from argmine.backends.transformers_backend import TransformersBackend

    base = Path(shutil.copytree(tf_base, tmp_path / "base"))
    _set_layers(base, 100000)
    with pytest.raises(ModelError) as e:
        TransformersBackend(load_schema(), model_name_or_path=str(base), epochs=1).fit(TEXTS, THEMES, SENTIMENTS)
    assert str(e.value) == (f"{base}: config.json says num_hidden_layers 100000, but the weights in model.safetensors "
                            "hold 2 layers, so the other layers would be random; use the checkpoint's own config.json")


def _edit_encoder_weights(folder: Path, edit) -> None:
    from safetensors.torch import load_file, save_file

    weights = {k: v.clone() for k, v in load_file(str(folder / "model.safetensors")).items()}
    edit(weights)
    save_file(weights, str(folder / "model.safetensors"), metadata={"format": "pt"})


def test_transformers_load_refuses_encoder_weights_missing_or_left_over(tf_copy, capfd):
    _edit_encoder_weights(tf_copy / "encoder", lambda w: w.update(renamed=w.pop("pooler.dense.weight")))
    with pytest.raises(ModelError) as e:
        load_model(tf_copy)
    assert str(e.value) == (f"{tf_copy / 'encoder'}: the encoder's weights do not match its config.json: 1 weight not in "
                            "the weights (such as 'pooler.dense.weight'); 1 weight in the weights but not in the model "
                            f"(such as 'renamed'), so the model would not predict as it was trained; {RETRAIN}")
    assert capfd.readouterr() == ("", "")  # transformers' load report is not printed


def test_transformers_load_refuses_nan_encoder_weights(tf_copy):
    def fill(weights):
        for t in weights.values():
            if t.is_floating_point():
                t.fill_(float("nan"))

    _edit_encoder_weights(tf_copy / "encoder", fill)
    with pytest.raises(ModelError) as e:
        load_model(tf_copy)
    assert str(e.value) == (f"{tf_copy / 'encoder' / 'model.safetensors'}: tensor 'embeddings.word_embeddings.weight' "
                            f"has NaN or infinite values; {RETRAIN}")


def test_transformers_load_refuses_a_huge_tokenizer_file_before_it_is_read(tf_copy):
    tokenizer = next(tf_copy / "encoder" / f for f in ("tokenizer.json", "vocab.txt") if (tf_copy / "encoder" / f).is_file())
    sparse(tokenizer, 2**30)
    with pytest.raises(ModelError) as e:
        load_model(tf_copy)
    assert str(e.value) == (f"{tokenizer}: 1,073,741,824 bytes, more than any tokenizer file holds (argmine reads at most "
                            f"256 MB of one); it is not a tokenizer file: {RETRAIN}")


def test_transformers_fit_refuses_a_huge_checkpoint_config(tf_base, tmp_path):
    from argmine.backends.transformers_backend import TransformersBackend

    base = Path(shutil.copytree(tf_base, tmp_path / "base"))
    sparse(base / "tokenizer_config.json", 2**30)
    with pytest.raises(ModelError) as e:
        TransformersBackend(load_schema(), model_name_or_path=str(base), epochs=1).fit(TEXTS, THEMES, SENTIMENTS)
    assert str(e.value) == (f"{base / 'tokenizer_config.json'}: 1,073,741,824 bytes, more than any checkpoint JSON file holds "
                            "(argmine reads at most 64 MB of one); it is not a checkpoint JSON file: pass a checkpoint "
                            "folder as 'hf download NAME --local-dir DIR' writes it")


def test_transformers_load_refuses_an_encoder_linked_from_outside(tf_copy, tf_base):
    shutil.rmtree(tf_copy / "encoder")
    (tf_copy / "encoder").symlink_to(tf_base)
    with pytest.raises(ModelError) as e:
        load_model(tf_copy)
    assert str(e.value) == (f"{tf_copy / 'encoder'}: a link to a folder outside the model folder {tf_copy}; only the "
                            "folder's own files are read: copy the model with the folder itself in place of the link "
                            "(cp -rL), or retrain with 'argmine train'")


def test_transformers_load_refuses_an_encoder_file_linked_from_outside(tf_copy, tmp_path):
    tokenizer = tf_copy / "encoder" / "tokenizer.json"
    shutil.move(tokenizer, tmp_path / "tokenizer.json")
    tokenizer.symlink_to(tmp_path / "tokenizer.json")
    with pytest.raises(ModelError, match=r"encoder/tokenizer.json: a link to a file outside the model folder"):
        load_model(tf_copy)


def test_transformers_saved_model_still_loads_and_predicts_as_saved(tf_saved):
    from argmine.backends.transformers_backend import TransformersBackend

    a, b = load_model(tf_saved), TransformersBackend.load(tf_saved)
    assert isinstance(a, TransformersBackend)
    assert a.predict(TEXTS, evidence=False) == b.predict(TEXTS, evidence=False)


def test_a_config_json_over_the_cap_is_read_when_the_weights_are_large_alike(linear_copy):
    # a linear model trained on a large vocabulary lists it in config.json: its weights grow alike, so the cap does too
    sparse(linear_copy / "weights.safetensors", 20 * 2**20)
    sparse(linear_copy / "config.json", 65 * 2**20)
    with pytest.raises(ModelError) as e:
        read_model_config(linear_copy)
    assert "unreadable model config" in str(e.value) and "more than any model config.json" not in str(e.value)


# -- a linear model folder replaced while it is read (train -o into it) ---------------------------------------------


@pytest.fixture
def two_saves(linear_saved, tmp_path):
    """``(live, other)``: a copy of the saved model, and another save (other weights and vocabulary) to swap in."""
    other = tmp_path / "other"
    LinearBackend(load_schema(), polarity=False, C_theme=1.0).fit(TEXTS[:10], THEMES[:10], SENTIMENTS[:10]).save(other)
    return Path(shutil.copytree(linear_saved, tmp_path / "model")), other


def _swap_in(other: Path, live: Path, names=("config.json", "schema.toml", "weights.safetensors")) -> None:
    for name in names:
        shutil.copyfile(other / name, live / name)


def _swap_after_schema(monkeypatch, other: Path, live: Path, names=("config.json", "schema.toml", "weights.safetensors")):
    """The files ``names`` of ``other`` are put into ``live`` once, right after the first load has read config.json and schema.toml:
    the moment 'argmine train -o' moves a new model in while a reader is between two of its files."""
    import argmine.backends.linear as linear

    real, done = linear.model_schema, []

    def model_schema(*args, **kwargs):
        out = real(*args, **kwargs)
        if not done:
            done.append(True)
            _swap_in(other, live, names)
        return out

    monkeypatch.setattr(linear, "model_schema", model_schema)
    monkeypatch.setattr(linear, "REREAD_WAITS", (0.0, 0.0, 0.0), raising=False)  # no waiting in a test


def test_linear_load_reads_again_a_folder_replaced_between_its_files(two_saves, monkeypatch):
    live, other = two_saves
    _swap_after_schema(monkeypatch, other, live)
    settings = read_model_config(live)
    model = LinearBackend.load(live, config=settings)  # as load_model passes the config.json it read
    assert model.n_train_ == 10 and model.predict(TEXTS) == LinearBackend.load(other).predict(TEXTS)
    assert settings == read_model_config(other)  # the caller's config.json is the one of the model loaded


def test_linear_load_reads_again_when_schema_toml_of_another_save_comes_between(two_saves, tmp_path, monkeypatch):
    live, _ = two_saves
    toml = tmp_path / "two.toml"
    toml.write_text('[schema]\nid = "two"\n[[themes]]\nid = "cost"\ncues = ["贵"]\n[[themes]]\nid = "safety"\ncues = ["危险"]\n', "utf-8")
    other = tmp_path / "two"
    LinearBackend(load_schema(toml), polarity=False).fit(TEXTS, [["cost"] if i % 2 else [] for i in range(12)], SENTIMENTS).save(other)
    import argmine.backends.linear as linear

    real, done = linear.model_schema, []

    def model_schema(path, *args, **kwargs):  # schema.toml of the new save is in before the old config.json was done with
        if not done:
            done.append(True)
            _swap_in(other, live)
        return real(path, *args, **kwargs)

    monkeypatch.setattr(linear, "model_schema", model_schema)
    monkeypatch.setattr(linear, "REREAD_WAITS", (0.0, 0.0, 0.0), raising=False)
    model = load_model(live)
    assert model.schema_.theme_ids == ("cost", "safety")


def test_linear_load_calls_a_folder_of_two_saves_mixed_not_damaged(two_saves, monkeypatch):
    live, other = two_saves
    _swap_in(other, live, ["weights.safetensors"])  # stays so: files copied together from two models
    monkeypatch.setattr("argmine.backends.linear.REREAD_WAITS", (0.0, 0.0, 0.0), raising=False)
    with pytest.raises(ModelError) as e:
        load_model(live)
    assert str(e.value) == (
        f"{live}: config.json and weights.safetensors are of two different saves: the folder is being replaced "
        "('argmine train -o' writing into it) or holds files of two models; try again once the training has finished, "
        "or, if none is running, retrain with 'argmine train'")


def test_linear_load_of_a_schema_toml_edited_since_the_save_reads_it_twice_not_four_times(linear_copy, monkeypatch):
    # an edited schema.toml (a cue added) is the same at the second reading: no save is under way, so no more waiting
    # (it waited through every REREAD_WAITS, 0.35 s, on every load)
    import time
    import warnings

    toml = linear_copy / "schema.toml"
    text = toml.read_text("utf-8")
    assert "cues = [" in text
    toml.write_text(text.replace("cues = [", 'cues = ["偷窥狂", ', 1), "utf-8")
    waits: list[float] = []
    monkeypatch.setattr(time, "sleep", waits.append)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        load_model(linear_copy)
    assert len(waits) == 1 and any("the cues of schema.toml differ" in str(w.message) for w in caught)


def test_linear_load_reads_again_when_schema_toml_is_gone_for_a_moment(two_saves, monkeypatch):
    # between schema.toml moved aside and the new one moved in: a moment of the replacement, not "schema file not found"
    import argmine.backends.linear as linear

    live, _ = two_saves
    saved = (live / "schema.toml").read_bytes()
    real, done = linear.model_schema, []

    def model_schema(path, *args, **kwargs):
        if not done:
            done.append(True)
            (live / "schema.toml").unlink()  # after the reading looked for it
        return real(path, *args, **kwargs)

    monkeypatch.setattr(linear, "model_schema", model_schema)
    monkeypatch.setattr(linear, "REREAD_WAITS", (0.0, 0.0, 0.0), raising=False)
    monkeypatch.setattr("time.sleep", lambda s: (live / "schema.toml").write_bytes(saved))  # the new one is in
    assert load_model(live).n_train_ == 12 and done


def test_load_model_reads_config_json_again_when_it_was_being_moved_in(linear_copy, monkeypatch):
    # 'argmine train -o' renames the old config.json aside, then the new one in: a load between the two said
    # "not a model directory (no config.json)"
    import importlib

    classify = importlib.import_module("argmine.classify")  # (argmine.classify is the function)
    real, calls = classify.read_model_config, []

    def read_model_config(path, *args, **kwargs):
        calls.append(path)
        if len(calls) == 1:
            (path / "config.json").rename(path / "config.old")
            try:
                return real(path, *args, **kwargs)
            finally:
                (path / "config.old").rename(path / "config.json")  # the new one, in by the time the error is looked at
        return real(path, *args, **kwargs)

    monkeypatch.setattr(classify, "read_model_config", read_model_config)
    monkeypatch.setattr("time.sleep", lambda s: None)
    assert load_model(linear_copy).predict(TEXTS) and len(calls) == 2
    (linear_copy.parent / "empty").mkdir()
    with pytest.raises(ModelError, match="not a model directory"):  # a folder that is no model says so at once
        load_model(linear_copy.parent / "empty")


def test_linear_model_saved_without_a_generation_still_loads(linear_copy):
    from safetensors.numpy import load_file, save_file

    before = load_model(linear_copy).predict(TEXTS)
    config = json.loads((linear_copy / "config.json").read_text("utf-8"))
    assert len(config.pop("generation")) == 32 and config.pop("schema_sha256")
    (linear_copy / "config.json").write_text(json.dumps(config, ensure_ascii=False), "utf-8")
    weights = linear_copy / "weights.safetensors"
    save_file(load_file(weights), weights)  # no metadata, as models saved before generations
    assert load_model(linear_copy).predict(TEXTS) == before


def test_linear_save_writes_the_same_bytes_twice(linear_saved, tmp_path):
    LinearBackend(load_schema(), polarity=False).fit(TEXTS, THEMES, SENTIMENTS).save(tmp_path / "again")
    for name in ("config.json", "weights.safetensors", "schema.toml"):
        assert (tmp_path / "again" / name).read_bytes() == (linear_saved / name).read_bytes()
