"""The transformers backend, exercised on a tiny char-level BERT built on the fly.

No checkpoint is downloaded: ``build_tiny_encoder`` writes a 2-layer,
32-wide ``BertConfig`` model and a vocabulary of the training characters to
a temporary directory, and the real fine-tuning code path runs on it.  The
schema is a small one of our own (3 themes about food delivery), so nothing
here leans on the Alipay schema.
"""

from __future__ import annotations

import json
import math
import sys
from pathlib import Path

import pytest

pytest.importorskip("torch")
pytest.importorskip("transformers")
pytest.importorskip("datasets")

from argmine.backends.base import Prediction, get_backend  # noqa: E402
from argmine.backends.transformers_backend import TransformersBackend, build_tiny_encoder  # noqa: E402
from argmine.classify import load_model  # noqa: E402
from argmine.errors import MissingDependency, ModelError, SchemaError  # noqa: E402
from argmine.schema import load_schema  # noqa: E402

SCHEMA_TOML = """
[schema]
id = "delivery"
version = "1"
target = "外卖平台"
description = "Test schema: what people argue about food delivery."

[[themes]]
id = "price"
name_zh = "价格"
name_en = "price"
description = "Cost, fees, discounts."

[[themes]]
id = "speed"
name_zh = "速度"
name_en = "speed"
description = "How fast the food arrives."

[[themes]]
id = "taste"
name_zh = "口味"
name_en = "taste"
description = "How the food tastes."
"""

DATA = [
    ("太贵了，配送费还涨价", ["price"], "negative"),
    ("价格便宜，优惠很多", ["price"], "positive"),
    ("送得很快，半小时就到", ["speed"], "positive"),
    ("等了两个小时才送到，太慢", ["speed"], "negative"),
    ("味道很好，好吃", ["taste"], "positive"),
    ("难吃，菜都咸死了", ["taste"], "negative"),
    ("又便宜又快", ["price", "speed"], "positive"),
    ("贵而且慢", ["price", "speed"], "negative"),
    ("今天下雨了", [], "neutral"),
    ("我在上班", ["other"], "neutral"),
    ("好吃不贵 😋", ["taste", "price"], "positive"),
    ("送餐员迟到，饭也凉了不好吃", ["speed", "taste"], "negative"),
    ("App太卡，下单要等好久", ["speed"], "negative"),
]
TEXTS = [t for t, _, _ in DATA] * 3
THEMES = [th for _, th, _ in DATA] * 3
SENTIMENTS = [s for _, _, s in DATA] * 3
FIT = dict(epochs=8, batch_size=16, learning_rate=1e-2, warmup_ratio=0.0, max_length=32, seed=0)


@pytest.fixture(scope="module")
def schema(tmp_path_factory):
    path = tmp_path_factory.mktemp("schema") / "delivery.toml"
    path.write_text(SCHEMA_TOML, "utf-8")
    return load_schema(path)


@pytest.fixture(scope="module")
def base(tmp_path_factory):
    return build_tiny_encoder(TEXTS, tmp_path_factory.mktemp("tiny") / "encoder", seed=0)


@pytest.fixture(scope="module")
def fitted(schema, base):
    return TransformersBackend(schema, model_name_or_path=str(base), **FIT).fit(TEXTS, THEMES, SENTIMENTS)


@pytest.fixture(scope="module")
def predictions(fitted):
    return fitted.predict([t for t, _, _ in DATA])


def test_transformers_backend_is_registered():
    assert get_backend("transformers") is TransformersBackend


def test_transformers_init_only_stores_arguments():
    b = TransformersBackend(model_name_or_path="/nowhere", epochs=2)
    assert (b.model_name_or_path, b.epochs, b.schema) == ("/nowhere", 2, None)
    assert not hasattr(b, "encoder_")


def test_build_tiny_encoder_covers_every_character(base):
    from transformers import AutoTokenizer

    tok = AutoTokenizer.from_pretrained(str(base))
    ids = tok(TEXTS)["input_ids"]
    assert tok.unk_token_id not in {i for row in ids for i in row}


def test_transformers_training_lowers_the_loss(fitted):
    h = fitted.loss_history_
    assert len(h) == FIT["epochs"]
    assert all(math.isfinite(x) for x in h)
    assert h[-1] < 0.8 * h[0], h


def test_transformers_fits_its_training_labels(schema, fitted):
    preds = fitted.predict(TEXTS[: len(DATA)], evidence=False)
    right = sum(p.sentiment == s for p, (_, _, s) in zip(preds, DATA))
    assert right >= 10, [p.sentiment for p in preds]
    exact = sum(p.themes == schema.validate_themes(t) for p, (_, t, _) in zip(preds, DATA))
    assert exact >= 10, [p.themes for p in preds]


def test_transformers_predictions_are_well_formed(schema, predictions):
    assert len(predictions) == len(DATA)
    for p, (text, _, _) in zip(predictions, DATA):
        assert isinstance(p, Prediction)
        assert set(p.scores) == set(schema.theme_ids)
        assert all(0.0 <= v <= 1.0 for v in p.scores.values())
        assert p.themes == tuple(t for t in schema.theme_ids if p.scores[t] >= 0.5)
        assert p.sentiment in schema.sentiments
        assert -1.0 <= p.sentiment_score <= 1.0
        for e in p.evidence:
            assert e.term and e.term in text, (e, text)
            if e.label == "sentiment":
                assert p.sentiment != "neutral"
                assert (e.weight > 0) == (p.sentiment == "positive")
            else:
                assert e.label in p.themes and e.weight > 0
        json.dumps(p.to_dict(), ensure_ascii=False)


def test_transformers_gives_evidence_for_predicted_labels(predictions):
    assert any(e.label != "sentiment" for p in predictions for e in p.evidence)
    assert any(e.label == "sentiment" for p in predictions for e in p.evidence)


def test_transformers_scores_do_not_depend_on_evidence(fitted, predictions):
    plain = fitted.predict([t for t, _, _ in DATA], evidence=False)
    for a, b in zip(predictions, plain):
        assert a.sentiment == b.sentiment and a.themes == b.themes and b.evidence == ()
        assert all(abs(a.scores[k] - b.scores[k]) < 1e-6 for k in a.scores)


def test_transformers_predictions_keep_input_order(fitted, predictions):
    texts = [t for t, _, _ in DATA]
    backwards = fitted.predict(texts[::-1], evidence=False)[::-1]
    for a, b in zip(predictions, backwards):
        assert all(abs(a.scores[k] - b.scores[k]) < 1e-5 for k in a.scores)


@pytest.mark.parametrize("texts", [[], [""], ["好" * 200], ["ABC"]])
def test_transformers_predict_edge_cases(fitted, texts):
    assert len(fitted.predict(texts)) == len(texts)


def test_transformers_saved_model_predicts_the_same(fitted, predictions, tmp_path):
    fitted.save(tmp_path / "model")
    files = {p.relative_to(tmp_path / "model").as_posix() for p in (tmp_path / "model").rglob("*") if p.is_file()}
    assert {"config.json", "schema.toml", "heads.safetensors", "encoder/model.safetensors", "encoder/config.json"} <= files
    assert not [f for f in files if f.endswith((".bin", ".pt", ".pkl", ".pickle"))]
    config = json.loads((tmp_path / "model" / "config.json").read_text("utf-8"))
    assert config["backend"] == "transformers" and config["themes"] == ["price", "speed", "taste"]

    loaded = load_model(tmp_path / "model")
    assert isinstance(loaded, TransformersBackend)
    assert loaded.schema_.theme_ids == ("price", "speed", "taste")
    assert loaded.loss_history_ == fitted.loss_history_
    again = loaded.predict([t for t, _, _ in DATA])
    for a, b in zip(predictions, again):
        assert all(abs(a.scores[k] - b.scores[k]) < 1e-6 for k in a.scores)
        assert abs(a.sentiment_score - b.sentiment_score) < 1e-6
        assert (a.themes, a.sentiment) == (b.themes, b.sentiment)
        assert [e.term for e in a.evidence] == [e.term for e in b.evidence]


def test_transformers_save_replaces_links_in_the_directory_and_never_writes_through_them(fitted, tmp_path):
    model, outside = tmp_path / "model", tmp_path / "outside"
    (outside / "encoder").mkdir(parents=True)
    model.mkdir()
    for name in ("config.json", "schema.toml"):
        (outside / name).write_text("victim", "utf-8")
        (model / name).symlink_to(outside / name)
    (model / "encoder").symlink_to(outside / "encoder")
    fitted.save(model)
    assert [p.name for p in (outside / "encoder").iterdir()] == []
    assert [(outside / name).read_text("utf-8") for name in ("config.json", "schema.toml")] == ["victim"] * 2
    assert not [p for p in model.iterdir() if p.is_symlink()]
    assert isinstance(load_model(model), TransformersBackend)


def test_transformers_save_writes_a_generation_that_names_the_loaded_model(schema, base, fitted, tmp_path):
    import argmine
    from argmine.backends.base import model_origin

    other = TransformersBackend(schema, model_name_or_path=str(base), **dict(FIT, epochs=1)).fit(TEXTS[:8], THEMES[:8], SENTIMENTS[:8])
    for name, model in (("a", fitted), ("again", fitted), ("b", other)):
        model.save(tmp_path / name)
    generation = {name: json.loads((tmp_path / name / "config.json").read_text("utf-8")).get("generation") for name in ("a", "again", "b")}
    assert len(generation["a"]) == 32 and int(generation["a"], 16) >= 0
    assert generation["a"] == generation["again"] != generation["b"]  # a hash of what was saved: the same model, the same one
    docs = [argmine.Document("d", "太贵了，配送费还涨价。")]
    for loaded in (TransformersBackend.load(tmp_path / "b"), load_model(tmp_path / "b")):
        assert model_origin(loaded) == {"path": str(tmp_path / "b"), "version": 1, "generation": generation["b"]}
        assert argmine.analyze(docs, model=loaded).provenance["model"] == {
            "name": "transformers", "path": str(tmp_path / "b"), "version": 1, "generation": generation["b"]}


def test_transformers_model_saved_without_a_generation_still_loads(model_copy, predictions):
    from argmine.backends.base import model_origin

    config = json.loads((model_copy / "config.json").read_text("utf-8"))
    del config["generation"]  # as models saved before generations were written
    (model_copy / "config.json").write_text(json.dumps(config), "utf-8")
    loaded = load_model(model_copy)
    assert model_origin(loaded) == {"path": str(model_copy), "version": 1}
    assert [p.themes for p in loaded.predict([t for t, _, _ in DATA])] == [p.themes for p in predictions]


def test_transformers_load_rejects_a_schema_with_other_themes(fitted, tmp_path):
    fitted.save(tmp_path / "model")
    with pytest.raises(ModelError, match=r"trained for themes \['price', 'speed', 'taste'\]"):
        TransformersBackend.load(tmp_path / "model", schema=load_schema())


def test_transformers_load_reports_an_incomplete_directory(fitted, tmp_path):
    fitted.save(tmp_path / "model")
    (tmp_path / "model" / "heads.safetensors").unlink()
    with pytest.raises(ModelError, match="missing heads.safetensors; the model directory is incomplete"):
        TransformersBackend.load(tmp_path / "model")


def test_transformers_same_seed_trains_the_same_model(schema, base):
    one = dict(FIT, epochs=1)
    data = TEXTS[:8], THEMES[:8], SENTIMENTS[:8]
    a = TransformersBackend(schema, model_name_or_path=str(base), **one).fit(*data)
    b = TransformersBackend(schema, model_name_or_path=str(base), **one).fit(*data)
    assert a.loss_history_ == b.loss_history_
    pa, pb = a.predict(TEXTS[:3], evidence=False), b.predict(TEXTS[:3], evidence=False)
    assert [p.scores for p in pa] == [p.scores for p in pb]


def test_transformers_predict_before_fit_raises_model_error(schema):
    with pytest.raises(ModelError) as e:
        TransformersBackend(schema, model_name_or_path="x").predict(["好"])
    assert str(e.value) == (
        "this transformers model is not trained yet; call fit() first, or load a model "
        "directory written by 'argmine train --backend transformers'"
    )


def test_transformers_fit_needs_a_base_model(schema):
    with pytest.raises(ModelError, match=r"needs a base model: pass --base-model PATH_OR_HUB_ID"):
        TransformersBackend(schema).fit(["好"], [[]], ["positive"])


def test_transformers_fit_reports_an_unloadable_base_model(schema, tmp_path, monkeypatch):
    # HF_HUB_OFFLINE set after transformers was imported still keeps the hub from being asked
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    monkeypatch.chdir(tmp_path)
    with pytest.raises(ModelError) as e:
        TransformersBackend(schema, model_name_or_path="argmine-tests/no-such-model").fit(["好"], [[]], ["positive"])
    assert str(e.value).startswith(
        "argmine-tests/no-such-model: no such directory, and cannot load the tokenizer as a hub id "
        "(not in the local Hugging Face cache, and HF_HUB_OFFLINE/TRANSFORMERS_OFFLINE keeps the hub from being asked); "
    )


@pytest.mark.parametrize("variable", ["HF_HUB_OFFLINE", "TRANSFORMERS_OFFLINE"])
def test_transformers_offline_environment_loads_local_files_only(schema, monkeypatch, variable):
    import transformers

    seen, files = [], []

    def spy(name, **kwargs):
        seen.append(kwargs.get("local_files_only"))
        raise OSError("We couldn't connect to 'https://huggingface.co' to load the files")

    def no_file(name, filename, **kwargs):  # the checkpoint's weights files are looked for first: not on the network either
        files.append(kwargs.get("local_files_only"))
        return None

    monkeypatch.setattr(transformers.AutoTokenizer, "from_pretrained", spy)
    monkeypatch.setattr(transformers.utils, "cached_file", no_file)
    monkeypatch.delenv("HF_HUB_OFFLINE", raising=False)
    monkeypatch.delenv("TRANSFORMERS_OFFLINE", raising=False)
    model = TransformersBackend(schema, model_name_or_path="argmine-tests/no-such-model")
    with pytest.raises(ModelError):
        model.fit(["好"], [[]], ["positive"])
    monkeypatch.setenv(variable, "1")
    with pytest.raises(ModelError, match="not in the local Hugging Face cache"):
        model.fit(["好"], [[]], ["positive"])
    assert seen == [False, True] and files[0] is False and set(files[1:]) == {False, True}


@pytest.mark.parametrize("value", ["./nope", "{tmp}/nope", "~/argmine-no-such-dir/x", "a/b/c", "models/bert-base-chinese"])
def test_transformers_fit_says_a_missing_base_directory_is_missing(schema, tmp_path, monkeypatch, value):
    # models/ exists, models/bert-base-chinese does not: a mistyped path, not a hub id
    (tmp_path / "models").mkdir()
    monkeypatch.chdir(tmp_path)
    value = value.format(tmp=tmp_path)
    with pytest.raises(ModelError) as e:
        TransformersBackend(schema, model_name_or_path=value).fit(["好"], [[]], ["positive"])
    assert str(e.value) == (
        f"{value}: no such directory; --base-model takes a local checkpoint directory (with config.json, "
        "model.safetensors and tokenizer files) or a hub id such as hfl/chinese-roberta-wwm-ext"
    )


@pytest.mark.parametrize("value, link, why", [
    ("bl", "nowhere", "broken symbolic link to nowhere (No such file or directory); fix the link or remove it"),
    ("./bl", "nowhere", "broken symbolic link to nowhere (No such file or directory); fix the link or remove it"),
    ("loop", "loop", "broken symbolic link to loop (a loop of links"),
    ("loop/x", "loop", "cannot be read (Too many levels of symbolic links); check the path"),
])
def test_transformers_fit_names_a_broken_base_model_link_before_the_hub(schema, tmp_path, monkeypatch, value, link, why):
    # "bl" and "loop/x" read as hub ids by their shape: the link is named, the hub is never asked
    import transformers

    def no_hub(*args, **kwargs):
        raise AssertionError("the hub was asked")

    monkeypatch.setattr(transformers.AutoTokenizer, "from_pretrained", no_hub)
    monkeypatch.setattr(transformers.utils, "cached_file", no_hub)
    monkeypatch.chdir(tmp_path)
    Path(value.removeprefix("./").split("/")[0]).symlink_to(link)
    with pytest.raises(ModelError) as e:
        TransformersBackend(schema, model_name_or_path=value).fit(["好"], [[]], ["positive"])
    assert str(e.value).startswith(f"{value}: {why}")


def test_transformers_fit_names_a_long_missing_base_directory_cut(schema):
    value = "~/argmine-no-such-dir/" + "x" * 300  # the missing folder is found first: no such directory, named cut
    with pytest.raises(ModelError) as e:
        TransformersBackend(schema, model_name_or_path=value).fit(["好"], [[]], ["positive"])
    assert str(e.value).startswith("~/argmine-no-such-dir/" + "x" * 58 + "… (322 characters): no such directory; --base-model takes")


@pytest.mark.parametrize("value, shown, why", [
    ("x" * 300, "x" * 80 + "… (300 characters)", "file name too long"),
    ("./a\0b", "./a\\0b", "it holds a NUL character"),
])
def test_transformers_fit_refuses_a_base_path_the_system_cannot_look_up_with_a_model_error(schema, monkeypatch, value, shown, why):
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")  # unfixed, the NUL went to the hub as a repository id
    with pytest.raises(ModelError) as e:
        TransformersBackend(schema, model_name_or_path=value).fit(["好"], [[]], ["positive"])
    assert str(e.value) == (
        f"{shown}: cannot be used as a path ({why}); pass a local checkpoint directory or a hub id to --base-model "
        "(model_name_or_path= in Python)"
    )


@pytest.mark.parametrize("load", [load_model, TransformersBackend.load])
def test_transformers_checkpoint_passed_as_a_model_says_to_train_first(base, load):
    with pytest.raises(ModelError) as e:
        load(base)
    assert str(e.value) == (
        f"{base} is a Hugging Face checkpoint (bert), not an argmine model; fine-tune an argmine model from it first: "
        f"argmine train GOLD --backend transformers --base-model {base} -o MODEL (see docs/transformers.md)"
    )


def test_transformers_shows_progress_only_when_asked_or_on_a_terminal(schema, base, capsys, monkeypatch):
    fit = dict(FIT, epochs=2)
    model = TransformersBackend(schema, model_name_or_path=str(base), **fit).fit(TEXTS, THEMES, SENTIMENTS)
    model.predict(TEXTS)
    assert capsys.readouterr().err == ""  # stderr is no terminal here
    model = TransformersBackend(schema, model_name_or_path=str(base), progress=True, **fit).fit(TEXTS, THEMES, SENTIMENTS)
    err = capsys.readouterr().err
    assert "epoch 1/2: mean training loss" in err and "epoch 2/2: mean training loss" in err and "loss=" in err
    monkeypatch.setattr("argmine.backends.transformers_backend.PREDICT_BAR_DELAY", 0.0)
    model.predict(TEXTS)
    assert "predicting:   0%|          | 0/39" in capsys.readouterr().err
    with pytest.raises(ModelError, match=r"progress must be true, false or null"):
        TransformersBackend(schema, model_name_or_path=str(base), progress="yes").fit(["好"], [[]], ["positive"])


def test_cli_train_quiet_silences_the_progress_bar_on_a_terminal(schema, base, tmp_path, monkeypatch):
    from click.testing import CliRunner

    from argmine.cli import main

    gold = tmp_path / "gold.jsonl"
    gold.write_text("".join(json.dumps({"text": t, "themes": th, "sentiment": s}, ensure_ascii=False) + "\n" for t, th, s in DATA), "utf-8")
    monkeypatch.setattr("argmine.backends.transformers_backend._stderr_is_terminal", lambda: True)
    args = ["train", str(gold), "--backend", "transformers", "--base-model", str(base), "--schema", schema.source,
            "--param", "epochs=1", "--param", "max_length=32"]
    loud = CliRunner().invoke(main, [*args, "-o", str(tmp_path / "m1")])
    quiet = CliRunner().invoke(main, [*args, "-o", str(tmp_path / "m2"), "-q"])
    assert loud.exit_code == quiet.exit_code == 0, loud.output + quiet.output
    assert "epoch 1/1" in loud.stderr and quiet.stderr == ""


def test_transformers_bars_off_silences_the_default_bar_but_not_one_asked_for(fitted, capsys, monkeypatch):
    from argmine.backends.base import bars_off

    monkeypatch.setattr("argmine.backends.transformers_backend._stderr_is_terminal", lambda: True)
    monkeypatch.setattr("argmine.backends.transformers_backend.PREDICT_BAR_DELAY", 0.0)
    assert fitted.progress is None
    fitted.predict(TEXTS[:3])
    assert "predicting:" in capsys.readouterr().err
    with bars_off():
        fitted.predict(TEXTS[:3])
    assert capsys.readouterr().err == ""
    monkeypatch.setattr(fitted, "progress", True)
    with bars_off():
        fitted.predict(TEXTS[:3])
    assert "predicting:" in capsys.readouterr().err


@pytest.mark.parametrize("command", [["classify"], ["analyze", "--format", "json"], ["report", "-o", "{tmp}/r.html"],
                                     ["export", "--format", "csv", "-o", "{tmp}/e.csv"]])
def test_cli_quiet_silences_the_transformers_predicting_bar_on_a_terminal(saved, tmp_path, monkeypatch, command):
    from datetime import datetime

    from click.testing import CliRunner

    from argmine.cli import main

    class Frozen(datetime):
        @classmethod
        def now(cls, tz=None):
            return datetime(2026, 1, 1, tzinfo=tz)

    page = tmp_path / "page.txt"
    page.write_text("太贵了，配送费还涨价。送得很快，半小时就到。\n", "utf-8")
    monkeypatch.setattr("argmine.backends.transformers_backend._stderr_is_terminal", lambda: True)
    monkeypatch.setattr("argmine.backends.transformers_backend.PREDICT_BAR_DELAY", 0.0)
    monkeypatch.setattr("argmine.aggregate.datetime", Frozen)  # the provenance date, so that the two JSON outputs can be compared
    args = [a.format(tmp=tmp_path) for a in command] + [str(page), "--model", str(saved)]
    loud = CliRunner().invoke(main, args)
    quiet = CliRunner().invoke(main, [*args, "-q"])
    assert loud.exit_code == quiet.exit_code == 0, loud.output + quiet.output
    assert "predicting:" in loud.stderr and quiet.stderr == ""
    assert quiet.stdout == loud.stdout  # analyze's JSON (its provenance included) is the same byte for byte
    if command[0] == "analyze":
        generation = json.loads((saved / "config.json").read_text("utf-8"))["generation"]
        assert json.loads(quiet.stdout)["provenance"]["model"] == {"name": "transformers", "path": str(saved), "version": 1, "generation": generation}

def test_transformers_evidence_is_cut_from_the_originals(fitted):
    texts = [t for t, _, _ in DATA]
    shift = {ord(c): ord(c) + 1 for t in texts for c in t}  # same length, other characters
    originals = [t.translate(shift) for t in texts]
    plain, mapped = fitted.predict(texts), fitted.predict(texts, originals=originals)
    assert [p.scores for p in plain] == [p.scores for p in mapped]
    assert any(p.evidence for p in plain)
    for p, q, o in zip(plain, mapped, originals):
        assert [(e.label, e.term.translate(shift), e.weight) for e in p.evidence] == [(e.label, e.term, e.weight) for e in q.evidence]
        assert all(e.term in o for e in q.evidence)
    # an original of another length keeps the normalised characters; alone in its batch, the text is padded
    # less, and a GPU's kernels then round the weights differently in the last digits (seen on CUDA)
    alone = fitted.predict(texts[:1], originals=["短"])[0].evidence
    assert [(e.label, e.term) for e in alone] == [(e.label, e.term) for e in plain[0].evidence]
    assert [e.weight for e in alone] == pytest.approx([e.weight for e in plain[0].evidence], rel=1e-5, abs=1e-7)


def test_transformers_fit_rejects_unknown_labels(schema, base):
    b = TransformersBackend(schema, model_name_or_path=str(base), **FIT)
    with pytest.raises(SchemaError, match=r"training record 1: unknown theme 'privacy'"):
        b.fit(["好", "坏"], [[], ["privacy"]], ["positive", "negative"])
    with pytest.raises(SchemaError, match=r"unknown sentiment 'happy'"):
        b.fit(["好"], [[]], ["happy"])


def test_transformers_fit_rejects_mismatched_lengths(schema, base):
    with pytest.raises(ModelError, match="got 2 texts, 1 theme lists, 2 sentiments"):
        TransformersBackend(schema, model_name_or_path=str(base)).fit(["好", "坏"], [[]], ["positive", "negative"])


@pytest.mark.parametrize("param,value", [("epochs", 0), ("batch_size", -1), ("learning_rate", float("nan")), ("threshold", 1.5)])
def test_transformers_fit_rejects_bad_parameters(schema, base, param, value):
    with pytest.raises(ModelError, match=param):
        TransformersBackend(schema, model_name_or_path=str(base), **{param: value}).fit(["好"], [[]], ["positive"])


def test_transformers_missing_torch_names_the_install_command(schema, monkeypatch):
    monkeypatch.setitem(sys.modules, "torch", None)
    with pytest.raises(MissingDependency, match=r"pip install 'argmine\[transformers\]'"):
        TransformersBackend(schema, model_name_or_path="x").fit(["好"], [[]], ["positive"])


# -- damaged model directories, pickles, devices (QA round 2) -----------------


@pytest.fixture(scope="module")
def saved(fitted, tmp_path_factory):
    path = tmp_path_factory.mktemp("saved") / "model"
    fitted.save(path)
    return path


@pytest.fixture
def model_copy(saved, tmp_path):
    import shutil

    return Path(shutil.copytree(saved, tmp_path / "model"))


@pytest.fixture
def no_unpickling(monkeypatch):
    import torch

    def refuse(*args, **kwargs):
        raise AssertionError("torch.load was called: a pickle was read")

    monkeypatch.setattr(torch, "load", refuse)


def _truncate(path):
    path.write_bytes(path.read_bytes()[:5])


def _set_max_length(path):
    config = json.loads(path.read_text("utf-8"))
    config["params"]["max_length"] = "abc"
    path.write_text(json.dumps(config), "utf-8")


@pytest.mark.parametrize(
    "damage,where,what",
    [
        (lambda m: _truncate(m / "heads.safetensors"), "heads.safetensors", "cannot load the heads"),
        (lambda m: (m / "encoder" / "model.safetensors").write_bytes(b""), "encoder", "cannot load the encoder"),
        (lambda m: _set_max_length(m / "config.json"), "config.json", "max_length must be an integer >= 1, found 'abc'"),
    ],
    ids=["truncated-heads", "empty-encoder-weights", "max-length-not-a-number"],
)
def test_transformers_load_reports_a_damaged_file_in_one_line(model_copy, damage, where, what):
    damage(model_copy)
    with pytest.raises(ModelError) as e:
        load_model(model_copy)
    message = str(e.value)
    assert message.startswith(str(model_copy / where)) and what in message, message
    assert "retrain with 'argmine train'" in message and "\n" not in message


def test_transformers_load_says_heads_this_user_may_not_read_are_refused_not_damaged(model_copy, monkeypatch):
    import builtins
    import errno

    import safetensors.torch

    heads = model_copy / "heads.safetensors"
    load_file, real_open = safetensors.torch.load_file, builtins.open

    def load_refused(name, *args, **kwargs):  # what safetensors raises for a file it may not open (EACCES)
        if Path(name) == heads:
            raise FileNotFoundError(f"No such file or directory: {name}")
        return load_file(name, *args, **kwargs)

    def open_refused(name, *args, **kwargs):  # root reads a chmod 000 file: the refusal is simulated
        if isinstance(name, (str, Path)) and Path(name) == heads:
            raise PermissionError(errno.EACCES, "Permission denied", str(name))
        return real_open(name, *args, **kwargs)

    monkeypatch.setattr(safetensors.torch, "load_file", load_refused)
    monkeypatch.setattr(builtins, "open", open_refused)
    with pytest.raises(ModelError) as e:
        load_model(model_copy)
    assert str(e.value) == f"{heads}: cannot read the model file (Permission denied); check its permissions"


def test_transformers_load_never_unpickles_encoder_weights(model_copy, no_unpickling):
    import torch
    from safetensors.torch import load_file

    encoder = model_copy / "encoder"
    torch.save(load_file(str(encoder / "model.safetensors")), encoder / "pytorch_model.bin")
    (encoder / "model.safetensors").unlink()
    with pytest.raises(ModelError) as e:
        load_model(model_copy)
    assert str(e.value) == (
        f"{encoder}: no model.safetensors (found pytorch_model.bin, which is a pickle); argmine reads a "
        "trained encoder from safetensors only and never unpickles weights; restore the model directory "
        "from a backup or retrain with 'argmine train'"
    )


def test_transformers_fit_never_unpickles_a_base_checkpoint(schema, base, tmp_path, no_unpickling):
    import shutil

    from safetensors.torch import load_file

    pickled = Path(shutil.copytree(base, tmp_path / "pickled"))
    state = load_file(str(pickled / "model.safetensors"))
    (pickled / "model.safetensors").unlink()
    (pickled / "pytorch_model.bin").write_bytes(b"not read")
    with pytest.raises(ModelError, match=r"cannot load the encoder \(no model.safetensors; argmine reads encoder weights from safetensors only"):
        TransformersBackend(schema, model_name_or_path=str(pickled), **FIT).fit(["好"], [[]], ["positive"])
    assert state  # the weights existed; only their pickled form is refused


def test_transformers_load_refuses_an_encoder_without_tokenizer_files(model_copy):
    for f in (model_copy / "encoder").iterdir():
        if f.name.startswith(("tokenizer", "vocab", "special_tokens")):
            f.unlink()
    with pytest.raises(ModelError, match=r"encoder: no tokenizer files \(expected one of tokenizer.json, vocab.txt"):
        load_model(model_copy)


def test_transformers_fit_refuses_a_base_checkpoint_with_an_empty_vocabulary(schema, base, tmp_path):
    import shutil

    empty = Path(shutil.copytree(base, tmp_path / "empty"))
    for f in empty.iterdir():
        if f.name.startswith(("tokenizer", "vocab", "special_tokens")):
            f.unlink()
    with pytest.raises(ModelError, match=r"the tokenizer has no vocabulary beyond its special tokens"):
        TransformersBackend(schema, model_name_or_path=str(empty), **FIT).fit(["好"], [[]], ["positive"])


@pytest.mark.parametrize("device", ["tpu", "gpu0", 0, "cuda:x"])
def test_transformers_rejects_an_unknown_device(schema, base, device):
    with pytest.raises(ModelError) as e:
        TransformersBackend(schema, model_name_or_path=str(base), device=device).fit(["好"], [[]], ["positive"])
    assert str(e.value) == (
        f"transformers backend: unknown device {device!r}; use cpu, cuda, cuda:N (N = GPU index), mps or auto"
    )


@pytest.mark.parametrize("device", ["cuda", "cuda:1"])
def test_transformers_rejects_a_device_that_is_not_there(schema, base, saved, monkeypatch, device):
    import torch

    monkeypatch.setattr(torch.cuda, "is_available", lambda: False)
    with pytest.raises(ModelError, match=rf"device '{device}' is not available here \(torch .* sees 0 CUDA device\(s\)\); pass --param device=cpu"):
        TransformersBackend(schema, model_name_or_path=str(base), device=device).fit(["好"], [[]], ["positive"])
    with pytest.raises(ModelError, match="is not available here"):
        TransformersBackend.load(saved, device=device)


def test_transformers_accepts_cpu_and_auto_devices(saved):
    assert TransformersBackend.load(saved, device="cpu").predict(["好吃"], evidence=False)
    assert TransformersBackend.load(saved, device="auto").predict(["好吃"], evidence=False)


@pytest.mark.parametrize(
    "param,value,expected",
    [
        ("warmup_ratio", 1.5, "a number from 0 to 1"),
        ("warmup_ratio", -0.1, "a number from 0 to 1"),
        ("learning_rate", 0, "a number > 0 (e.g. 3e-5)"),
        ("max_length", 0, "an integer >= 1"),
        ("epochs", 1.5, "an integer >= 1"),
        ("batch_size", True, "an integer >= 1"),
        ("seed", "x", "an integer from 0 to 2**32-1"),
        ("seed", 2**32, "an integer from 0 to 2**32-1"),
        ("weight_decay", -1, "a number >= 0"),
    ],
)
def test_transformers_fit_names_the_allowed_range(schema, base, param, value, expected):
    with pytest.raises(ModelError) as e:
        TransformersBackend(schema, model_name_or_path=str(base), **{param: value}).fit(["好"], [[]], ["positive"])
    assert str(e.value) == f"transformers backend: {param} must be {expected}, found {value!r}"


def test_transformers_numpy_integer_seed_trains_and_is_saved_as_an_int(schema, base, tmp_path):
    np = pytest.importorskip("numpy")
    b = TransformersBackend(schema, model_name_or_path=str(base), **dict(FIT, epochs=1, seed=np.int64(3))).fit(TEXTS[:4], THEMES[:4], SENTIMENTS[:4])
    assert type(b.seed) is int
    b.save(tmp_path / "m")
    assert json.loads((tmp_path / "m" / "config.json").read_text("utf-8"))["params"]["seed"] == 3


def test_transformers_path_base_model_is_saved_as_a_string(schema, base):
    params = TransformersBackend(schema, model_name_or_path=Path(base)).get_params()
    assert params["model_name_or_path"] == str(base)
    json.dumps(params)  # config.json must be able to hold it


# --- QA round 7 (trainer): an argmine model as --base-model; damaged or other-version directories ---------------


def test_transformers_fit_says_an_argmine_model_is_no_base_checkpoint(schema, saved, tmp_path):
    with pytest.raises(ModelError) as e:
        TransformersBackend(schema, model_name_or_path=str(saved)).fit(["好"], [[]], ["positive"])
    assert str(e.value) == (f"{saved} is an argmine model directory (transformers backend), not a base checkpoint; to fine-tune "
                            f"its encoder again (with new heads), pass --base-model {saved / 'encoder'} (model_name_or_path= in Python)")
    linear = tmp_path / "linear"
    linear.mkdir()
    (linear / "config.json").write_text('{"backend": "linear"}', "utf-8")
    with pytest.raises(ModelError, match=r"is an argmine model directory \(linear backend\), not a base checkpoint; a linear model "
                                         r"holds no encoder: pass a Hugging Face checkpoint directory"):
        TransformersBackend(schema, model_name_or_path=str(linear)).fit(["好"], [[]], ["positive"])


def _edit_config(path, **changes):
    config = json.loads((path / "config.json").read_text("utf-8"))
    config.update(changes)
    (path / "config.json").write_text(json.dumps(config), "utf-8")


def test_transformers_load_says_a_directory_whose_files_disagree_is_damaged(model_copy):
    _edit_config(model_copy, themes=["price", "speed"])
    with pytest.raises(ModelError) as e:
        load_model(model_copy)
    message = str(e.value)
    assert "the directory is damaged" in message and "--schema" not in message, message
    assert message.startswith(f"{model_copy}: config.json names themes ['price', 'speed'] and sentiments")


def test_transformers_load_reads_a_schema_with_the_same_themes_in_another_order(saved, schema, predictions):
    import dataclasses

    reordered = dataclasses.replace(schema, themes=schema.themes[::-1])
    loaded = load_model(saved, reordered)
    assert loaded.schema_.theme_ids == ("price", "speed", "taste")
    again = loaded.predict([t for t, _, _ in DATA])
    assert [(p.themes, p.sentiment) for p in again] == [(p.themes, p.sentiment) for p in predictions]


def test_transformers_load_refuses_another_format_version_and_non_finite_heads(model_copy):
    from safetensors.torch import load_file, save_file

    _edit_config(model_copy, format_version=7)
    with pytest.raises(ModelError, match=r"format_version 7, but this argmine reads transformers models of format_version 1"):
        load_model(model_copy)
    _edit_config(model_copy, format_version=1)
    heads = load_file(str(model_copy / "heads.safetensors"))
    next(iter(heads.values())).fill_(float("nan"))
    save_file(heads, str(model_copy / "heads.safetensors"))
    with pytest.raises(ModelError, match=r"heads.safetensors: tensor '.*' has NaN or infinite values; restore"):
        load_model(model_copy)


# --- QA round 10 (integrations): a non-Chinese tokenizer, a file as --base-model, predict's input, the transformers bound ---


def test_transformers_fit_refuses_a_tokenizer_that_reads_most_characters_as_unk(schema, tmp_path, no_unpickling):
    english = build_tiny_encoder(["abcdefghijklmnopqrstuvwxyz0123456789,.!?"], tmp_path / "en")
    with pytest.raises(ModelError) as e:
        TransformersBackend(schema, model_name_or_path=str(english), **FIT).fit(["好吃，不贵"], [["taste"]], ["positive"])
    assert str(e.value) == (
        f"{english}: its tokenizer reads 100% of the training texts' tokens as [UNK] (characters it does not know), "
        "so the model would see little but their length; it is not a checkpoint for Chinese: pass one such as "
        "bert-base-chinese or hfl/chinese-roberta-wwm-ext (see docs/transformers.md)"
    )


def test_transformers_fit_warns_when_a_notable_share_of_characters_is_unk(schema, tmp_path):
    import warnings

    partial = build_tiny_encoder(["太贵了配送费还涨价"], tmp_path / "partial")
    with pytest.warns(UserWarning, match=r"its tokenizer reads 10% of the training texts' tokens as \[UNK\]; the model cannot tell"):
        TransformersBackend(schema, model_name_or_path=str(partial), epochs=1).fit(["太贵了配送费还涨价好"], [["price"]], ["negative"])
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # every character known: no warning
        TransformersBackend(schema, model_name_or_path=str(partial), epochs=1).fit(["太贵了配送费还涨价"], [["price"]], ["negative"])


def test_transformers_load_refuses_a_model_whose_tokenizer_knows_no_chinese(model_copy, tmp_path):
    import shutil

    english = build_tiny_encoder(["abcdefghijklmnopqrstuvwxyz"], tmp_path / "en")
    for f in english.iterdir():
        if f.name.startswith(("tokenizer", "vocab", "special_tokens")):
            shutil.copy(f, model_copy / "encoder" / f.name)
    with pytest.raises(ModelError, match=r"reads every one of 99 common Chinese characters as \[UNK\]: the model was fine-tuned from a "
                                         r"checkpoint that is not for Chinese"):
        load_model(model_copy)


@pytest.mark.parametrize("name", ["config.json", "model.safetensors", "vocab.txt"])
def test_transformers_fit_refuses_a_file_inside_a_checkpoint_as_base_model(schema, base, name, no_unpickling):
    with pytest.raises(ModelError) as e:
        TransformersBackend(schema, model_name_or_path=str(base / name), **FIT).fit(["好"], [[]], ["positive"])
    assert str(e.value) == (f"{base / name} is a file; --base-model (model_name_or_path=) takes the checkpoint directory "
                            f"that holds it: pass {base}")


def test_transformers_load_refuses_a_file_with_the_folder_to_pass(saved):
    with pytest.raises(ModelError) as e:
        TransformersBackend.load(saved / "config.json")
    assert str(e.value) == f"{saved / 'config.json'} is a file; pass the model directory that holds it ({saved}), written by 'argmine train'"


@pytest.mark.parametrize("texts,message", [
    ("好吃", "predict() takes a list of texts, not a single str (it would be read character by character); wrap it: predict([text])"),
    ([None], "predict() takes a list of texts; item 0 is NoneType, not a str: convert, fill or drop it first"),
    (["好吃", 123], "predict() takes a list of texts; item 1 is int, not a str: convert, fill or drop it first"),
], ids=["str", "none", "int"])
def test_transformers_predict_refuses_a_single_string_and_non_string_items(fitted, texts, message):
    with pytest.raises(TypeError) as e:
        fitted.predict(texts)
    assert str(e.value) == message


def test_pyproject_requires_a_transformers_that_takes_dtype():
    # _load_encoder passes from_pretrained(dtype=...): transformers before 4.56 stores it in the config and fails to save it
    import re
    import tomllib

    from packaging.version import Version

    extra = tomllib.loads((Path(__file__).parents[1] / "pyproject.toml").read_text("utf-8"))["project"]["optional-dependencies"]["transformers"]
    bound = next(re.fullmatch(r"transformers>=([\d.]+)", d).group(1) for d in extra if d.startswith("transformers>="))
    assert Version(bound) >= Version("4.56")


# -- model folders from others: never their code, never a pickle (QA round 14) --

EVIL_CODE = """
import pathlib
pathlib.Path({marker!r}).write_text("code from the model folder ran")
from transformers import BertConfig, BertModel, BertTokenizerFast
class EvilConfig(BertConfig):
    model_type = "evilbert"
class EvilModel(BertModel):
    config_class = EvilConfig
class EvilTokenizer(BertTokenizerFast):
    pass
"""
NEVER_RUNS = "argmine never runs code from a model folder (trust_remote_code is always False) and loads only model types built into transformers"


def _ask_for_custom_code(folder, marker, file="config.json"):
    """Make ``folder`` ask for its own code: an auto_map to evilcode.py, which writes ``marker`` when imported."""
    path = folder / file
    config = json.loads(path.read_text("utf-8"))
    if file == "config.json":
        config.pop("model_type", None)  # no built-in class to fall back on: transformers would ask on stdin
        config["auto_map"] = {"AutoConfig": "evilcode.EvilConfig", "AutoModel": "evilcode.EvilModel"}
        what = "an auto_map for AutoConfig, AutoModel"
    else:
        config["tokenizer_class"] = "EvilTokenizer"
        config["auto_map"] = {"AutoTokenizer": ["evilcode.EvilTokenizer", "evilcode.EvilTokenizer"]}
        what = "an auto_map for AutoTokenizer"
    path.write_text(json.dumps(config), "utf-8")
    (folder / "evilcode.py").write_text(EVIL_CODE.format(marker=str(marker)), "utf-8")
    return what


@pytest.mark.parametrize("file", ["config.json", "tokenizer_config.json"])
def test_cli_classify_never_runs_code_from_a_shared_model_even_when_stdin_says_yes(model_copy, tmp_path, file):
    from click.testing import CliRunner

    from argmine.cli import main

    marker = tmp_path / "ran"
    encoder = model_copy / "encoder"
    what = _ask_for_custom_code(encoder, marker, file)
    # the piped document's first line would answer transformers' "Do you wish to run the custom code? [y/N]"
    result = CliRunner().invoke(main, ["classify", "-", "--model", str(model_copy), "-o", str(tmp_path / "p.jsonl")], input="y\n好吃\n")
    _assert_refused_and_never_ran(result, marker, f"{encoder}: {file} asks for custom code ({what})",
                                  "restore the model directory from a backup or retrain with 'argmine train'")


def _assert_refused_and_never_ran(result, marker, what: str, fix: str) -> None:
    """One error line, exit 2, no prompt, and the folder's code never ran (``marker`` not written)."""
    assert not marker.exists()
    assert "Do you wish" not in result.output
    assert result.exit_code == 2, result.output
    assert result.stderr == f"argmine: error: {what}; {NEVER_RUNS} {_transformers_version()}; {fix}\n"


@pytest.mark.parametrize("file", ["config.json", "tokenizer_config.json"])
def test_cli_train_never_runs_code_from_a_base_checkpoint_even_when_stdin_says_yes(schema, base, tmp_path, file):
    import shutil

    from click.testing import CliRunner

    from argmine.cli import main

    marker = tmp_path / "ran"
    evil = Path(shutil.copytree(base, tmp_path / "evil"))
    what = _ask_for_custom_code(evil, marker, file)
    gold = tmp_path / "gold.jsonl"
    gold.write_text("".join(json.dumps({"text": t, "themes": th, "sentiment": s}, ensure_ascii=False) + "\n" for t, th, s in DATA), "utf-8")
    args = ["train", str(gold), "--backend", "transformers", "--base-model", str(evil), "--schema", schema.source,
            "--param", "epochs=1", "-o", str(tmp_path / "m"), "-q"]
    result = CliRunner().invoke(main, args, input="y\n")
    _assert_refused_and_never_ran(result, marker, f"{evil}: {file} asks for custom code ({what})",
                                  "use a checkpoint without auto_map whose model_type transformers provides (a newer transformers may)")


def _transformers_version():
    import transformers

    return transformers.__version__


def test_transformers_refuses_a_model_type_transformers_does_not_provide(schema, base, tmp_path):
    import shutil

    other = Path(shutil.copytree(base, tmp_path / "other"))
    config = json.loads((other / "config.json").read_text("utf-8"))
    (other / "config.json").write_text(json.dumps(dict(config, model_type="evilbert")), "utf-8")
    with pytest.raises(ModelError) as e:
        TransformersBackend(schema, model_name_or_path=str(other), **FIT).fit(["好"], [[]], ["positive"])
    assert str(e.value).startswith(f"{other}: config.json asks for custom code (model_type 'evilbert', which transformers does not provide); ")


def test_transformers_passes_trust_remote_code_false_to_every_load(schema, base, saved, monkeypatch):
    import transformers

    seen = []
    for auto in (transformers.AutoTokenizer, transformers.AutoModel):
        original = auto.from_pretrained

        def spy(name, _original=original, _auto=auto.__name__, **kwargs):
            seen.append((_auto, kwargs.get("trust_remote_code", "unset")))
            return _original(name, **kwargs)

        monkeypatch.setattr(auto, "from_pretrained", spy)
    TransformersBackend(schema, model_name_or_path=str(base), **dict(FIT, epochs=1)).fit(["好"], [[]], ["positive"])
    TransformersBackend.load(saved)
    assert sorted(set(seen)) == [("AutoModel", False), ("AutoTokenizer", False)] and len(seen) == 4


def test_transformers_checks_a_checkpoint_once_per_load(schema, base, saved, monkeypatch):
    from collections import Counter

    from argmine.backends import transformers_backend

    looked_up = Counter()
    checkpoint_file = transformers_backend._checkpoint_file

    def counting(name, filename, local):
        looked_up[filename] += 1
        return checkpoint_file(name, filename, local)

    monkeypatch.setattr(transformers_backend, "_checkpoint_file", counting)
    once = {"config.json": 1, "tokenizer_config.json": 1, "model.safetensors.index.json": 1}
    TransformersBackend(schema, model_name_or_path=str(base), **dict(FIT, epochs=1)).fit(["好"], [[]], ["positive"])
    assert looked_up == once  # config.json read once, for the custom-code and the weights checks
    looked_up.clear()
    TransformersBackend.load(saved)
    assert looked_up == once


def _pickled_index(folder, shard):
    """Replace ``folder``'s model.safetensors by the same weights under ``shard``, named by model.safetensors.index.json."""
    import torch
    from safetensors.torch import load_file

    state = load_file(str(folder / "model.safetensors"))
    (folder / "model.safetensors").unlink()
    if shard == "weights.bin":
        torch.save(state, folder / shard)
    index = {"metadata": {}, "weight_map": {k: shard for k in state}}
    (folder / "model.safetensors.index.json").write_text(json.dumps(index), "utf-8")


UNSAFE_SHARDS = ["weights.bin", "../outside/model.safetensors", "/tmp/model.safetensors", "sub/model.safetensors"]
ONLY_SAFETENSORS = ("as a weights file; argmine reads encoder weights only from safetensors files inside the checkpoint folder "
                    "(plain names ending in .safetensors) and never unpickles weights; ")


@pytest.mark.parametrize("shard", UNSAFE_SHARDS)
def test_transformers_load_refuses_an_index_naming_anything_but_safetensors_in_the_folder(model_copy, no_unpickling, shard):
    encoder = model_copy / "encoder"
    _pickled_index(encoder, shard)
    with pytest.raises(ModelError) as e:
        load_model(model_copy)
    assert str(e.value) == (f"{encoder}: model.safetensors.index.json names {shard!r} {ONLY_SAFETENSORS}"
                            "restore the model directory from a backup or retrain with 'argmine train'")


@pytest.mark.parametrize("shard", UNSAFE_SHARDS)
def test_transformers_fit_refuses_a_base_index_naming_anything_but_safetensors_in_the_folder(schema, base, tmp_path, no_unpickling, shard):
    import shutil

    pickled = Path(shutil.copytree(base, tmp_path / "pickled"))
    _pickled_index(pickled, shard)
    with pytest.raises(ModelError) as e:
        TransformersBackend(schema, model_name_or_path=str(pickled), **FIT).fit(["好"], [[]], ["positive"])
    assert str(e.value) == (f"{pickled}: model.safetensors.index.json names {shard!r} {ONLY_SAFETENSORS}"
                            "use a checkpoint with model.safetensors (or safetensors shards listed by plain file name)")


def test_transformers_fit_refuses_a_config_naming_pickled_weights(schema, base, tmp_path, no_unpickling):
    import shutil

    pickled = Path(shutil.copytree(base, tmp_path / "pickled"))
    config = json.loads((pickled / "config.json").read_text("utf-8"))
    (pickled / "config.json").write_text(json.dumps(dict(config, transformers_weights="adapter_model.bin")), "utf-8")
    with pytest.raises(ModelError, match=r"config.json \(transformers_weights\) names 'adapter_model.bin' as a weights file; "):
        TransformersBackend(schema, model_name_or_path=str(pickled), **FIT).fit(["好"], [[]], ["positive"])


def test_transformers_load_reads_safetensors_shards(model_copy, predictions):
    import transformers

    encoder = model_copy / "encoder"
    model = transformers.AutoModel.from_pretrained(str(encoder))
    (encoder / "model.safetensors").unlink()
    model.save_pretrained(str(encoder), max_shard_size="50KB")
    assert len(list(encoder.glob("model-*.safetensors"))) > 1
    again = load_model(model_copy).predict([t for t, _, _ in DATA], evidence=False)
    assert len(again) == len(predictions)
    for a, b in zip(again, predictions):
        assert a.scores == pytest.approx(b.scores, abs=1e-6)


# --- QA round 23 (hf23): saving into a folder beside the model; folders that are no checkpoint or no model --------

DISK_FULL = "Error while serializing: I/O error: No space left on device (os error 28)"  # safetensors' words for ENOSPC


def _files(folder):
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


@pytest.mark.parametrize("stop", ["disk full", "Ctrl-C"])
def test_transformers_save_that_fails_or_is_stopped_leaves_the_folder_as_it_was(fitted, tmp_path, monkeypatch, stop):
    import errno

    import safetensors.torch
    from safetensors import SafetensorError

    def broken(*args, **kwargs):  # the heads, written after encoder/
        if stop == "Ctrl-C":
            raise KeyboardInterrupt
        raise SafetensorError(DISK_FULL)

    old = tmp_path / "old"
    fitted.save(old)
    (old / "NOTES.txt").write_text("mine", "utf-8")
    before = _files(old)
    monkeypatch.setattr(safetensors.torch, "save_file", broken)
    for out in (tmp_path / "new", old):
        with pytest.raises(KeyboardInterrupt if stop == "Ctrl-C" else OSError) as e:
            fitted.save(out)
        if stop != "Ctrl-C":
            assert e.value.errno == errno.ENOSPC  # an OSError, as any failed write, not safetensors' own error
    assert _files(old) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["old"]  # nothing half-written, no temporary folder


@pytest.mark.parametrize("stop", ["disk full", "Ctrl-C"])
def test_cli_train_transformers_full_disk_or_stop_while_saving_leaves_no_half_model(schema, base, tmp_path, monkeypatch, stop):
    import safetensors.torch
    from click.testing import CliRunner
    from safetensors import SafetensorError

    from argmine.cli import main

    def broken(*args, **kwargs):
        if stop == "Ctrl-C":
            raise KeyboardInterrupt
        raise SafetensorError(DISK_FULL)

    gold = tmp_path / "gold.jsonl"
    gold.write_text("".join(json.dumps({"text": t, "themes": th, "sentiment": s}, ensure_ascii=False) + "\n" for t, th, s in DATA), "utf-8")
    monkeypatch.setattr(safetensors.torch, "save_file", broken)
    out = tmp_path / "model"
    args = ["train", str(gold), "--backend", "transformers", "--base-model", str(base), "--schema", schema.source,
            "--param", "epochs=1", "--param", "max_length=16", "-o", str(out), "-q"]
    r = CliRunner().invoke(main, args)
    last = r.stderr.splitlines()[-1]  # after the warning about the tiny encoder's [UNK] share
    if stop == "Ctrl-C":
        assert (r.exit_code, last) == (130, "argmine: error: interrupted")
    else:
        assert r.exit_code == 1 and "Traceback" not in r.output
        assert last == (f"argmine: error: {out}: cannot write the model (No space left on device); the disk is full: "
                        "free some space on it, or write to another disk; no model was written")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["gold.jsonl"]  # a plain re-run is not refused


@pytest.mark.parametrize("content", [[], ["README.md"]], ids=["empty", "readme"])
def test_transformers_fit_says_what_a_folder_that_is_no_checkpoint_lacks(schema, tmp_path, content):
    folder = tmp_path / "ckpt"
    folder.mkdir()
    for name in content:
        (folder / name).write_text("notes", "utf-8")
    with pytest.raises(ModelError) as e:
        TransformersBackend(schema, model_name_or_path=str(folder)).fit(["好"], [[]], ["positive"])
    assert str(e.value) == (
        f"{folder}: not a Hugging Face checkpoint folder: it has no config.json, no tokenizer file such as tokenizer.json or "
        "vocab.txt and no model.safetensors weights; --base-model takes a checkpoint directory as 'hf download "
        "NAME --local-dir DIR' writes it (config.json, model.safetensors, tokenizer files) or a hub id")


def test_transformers_fit_names_the_checkpoint_inside_a_folder_of_checkpoints(schema, base, tmp_path):
    import shutil

    shutil.copytree(base, tmp_path / "models" / "bert")
    with pytest.raises(ModelError, match=rf"it has no config.json, no tokenizer file .* or a hub id; its folder "
                                         rf"{tmp_path / 'models' / 'bert'} has a config.json: pass that$"):
        TransformersBackend(schema, model_name_or_path=str(tmp_path / "models")).fit(["好"], [[]], ["positive"])


def test_transformers_encoder_folder_passed_as_a_model_says_to_pass_the_model(saved):
    from click.testing import CliRunner

    from argmine.cli import main

    message = (f"{saved / 'encoder'} is the encoder/ folder inside the argmine model {saved} (transformers backend), "
               f"not a model by itself; pass --model {saved}, the model folder itself")
    with pytest.raises(ModelError) as e:
        load_model(saved / "encoder")
    assert str(e.value) == message
    r = CliRunner().invoke(main, ["classify", "-", "--model", str(saved / "encoder")], input="支付宝。\n")
    assert (r.exit_code, r.stderr) == (2, f"argmine: error: {message}\n")


ENCODER_DECODER_WHY = "fine-tunes an encoder alone and reads its token states, and such a model's states are its decoder's"
ENCODER_DECODER_FIX = (
    f"argmine {ENCODER_DECODER_WHY}; pass an encoder (BERT-like) checkpoint instead, such as bert-base-chinese or hfl/chinese-roberta-wwm-ext"
)


def _tiny_t5(base: Path, folder: Path) -> Path:
    """A random 2-layer T5 checkpoint (what AutoModel loads as T5Model) with the tiny encoder's tokenizer files."""
    from transformers import T5Config, T5Model

    config = T5Config(vocab_size=len((base / "vocab.txt").read_text("utf-8").splitlines()), d_model=16, d_kv=8, d_ff=32,
                      num_layers=1, num_heads=2, decoder_start_token_id=0, pad_token_id=0)
    return _saved_with_tokenizer(T5Model(config), base, folder)


def test_cli_train_refuses_an_encoder_decoder_base_checkpoint_in_one_line(schema, base, tmp_path):
    from click.testing import CliRunner

    from argmine.cli import main

    t5 = _tiny_t5(base, tmp_path / "t5")
    gold = tmp_path / "gold.jsonl"
    gold.write_text("".join(json.dumps({"text": t, "themes": th, "sentiment": s}, ensure_ascii=False) + "\n" for t, th, s in DATA), "utf-8")
    args = ["train", str(gold), "--backend", "transformers", "--base-model", str(t5), "--schema", schema.source,
            "--param", "epochs=1", "-o", str(tmp_path / "m"), "-q"]
    result = CliRunner().invoke(main, args)
    assert (result.exit_code, result.stderr) == (
        2, f"argmine: error: {t5}: config.json describes an encoder-decoder model (is_encoder_decoder: true); {ENCODER_DECODER_FIX}\n")
    assert not (tmp_path / "m").exists()


def test_transformers_fit_refuses_a_model_type_that_is_encoder_decoder_by_default(schema, base, tmp_path):
    import shutil

    other = Path(shutil.copytree(base, tmp_path / "other"))
    config = json.loads((other / "config.json").read_text("utf-8"))
    (other / "config.json").write_text(json.dumps(dict(config, model_type="bart")), "utf-8")  # no is_encoder_decoder key
    with pytest.raises(ModelError) as e:
        TransformersBackend(schema, model_name_or_path=str(other), **FIT).fit(["好"], [[]], ["positive"])
    assert str(e.value) == f"{other}: config.json describes an encoder-decoder model (model_type 'bart'); {ENCODER_DECODER_FIX}"


def _tiny_bart(base: Path, folder: Path) -> Path:
    """A random 1-layer BART as wide as the tiny encoder (AutoModel loads it as BartModel) with its tokenizer files."""
    from transformers import BartConfig, BartModel

    config = BartConfig(vocab_size=len((base / "vocab.txt").read_text("utf-8").splitlines()), d_model=32, encoder_layers=1,
                        decoder_layers=1, encoder_attention_heads=2, decoder_attention_heads=2, encoder_ffn_dim=64,
                        decoder_ffn_dim=64, max_position_embeddings=64, pad_token_id=0, bos_token_id=2, eos_token_id=3,
                        decoder_start_token_id=3)
    return _saved_with_tokenizer(BartModel(config), base, folder)


def _saved_with_tokenizer(model, base: Path, folder: Path) -> Path:
    """Save ``model`` to ``folder`` with the tiny encoder's tokenizer files beside it."""
    import shutil

    model.save_pretrained(folder)
    for f in ("tokenizer.json", "tokenizer_config.json", "vocab.txt"):
        if (base / f).is_file():
            shutil.copy(base / f, folder)
    return folder


def test_transformers_load_refuses_a_model_fine_tuned_from_an_encoder_decoder_in_one_line(base, model_copy, tmp_path):
    """A model an older argmine fine-tuned from BART loaded, then classify and evaluate ended in a transformers traceback."""
    import shutil

    from click.testing import CliRunner

    from argmine.cli import main

    shutil.rmtree(model_copy / "encoder")
    _tiny_bart(base, model_copy / "encoder")
    line = (f"{model_copy}: fine-tuned from an encoder-decoder checkpoint (encoder/config.json: is_encoder_decoder: true), "
            f"which argmine no longer runs: it {ENCODER_DECODER_WHY}; retrain it with 'argmine train' from an encoder (BERT-like) "
            "checkpoint, such as bert-base-chinese")
    with pytest.raises(ModelError) as e:
        load_model(model_copy)
    assert str(e.value) == line
    gold = tmp_path / "gold.jsonl"
    gold.write_text("".join(json.dumps({"text": t, "themes": th, "sentiment": s}, ensure_ascii=False) + "\n" for t, th, s in DATA), "utf-8")
    for args in (["classify", "-", "-q"], ["evaluate", "--gold", str(gold), "-q"]):
        result = CliRunner().invoke(main, [*args, "--model", str(model_copy)], input="财不外露。\n")
        assert (result.exit_code, result.stderr) == (2, f"argmine: error: {line}\n"), args


@pytest.mark.parametrize("missing, said", [("tokenizer_config.json", "no tokenizer_config.json"), ("config.json", "no config.json")])
def test_transformers_load_refuses_an_encoder_without_its_config_or_its_tokenizers_settings(model_copy, missing, said):
    # without tokenizer_config.json a BERT tokenizer lower-cases (App read as app): other scores, without a word
    (model_copy / "encoder" / missing).unlink()
    with pytest.raises(ModelError, match=rf"encoder: {said} \(.*; restore the model directory from a backup or retrain"):
        load_model(model_copy)


# --- QA round 41: the sentiment head's order is recorded with its weights, and an edited 'sentiments' is named ---


def test_transformers_sentiments_reordered_by_hand_are_refused(model_copy):
    from safetensors import safe_open

    with safe_open(str(model_copy / "heads.safetensors"), framework="pt") as f:
        assert json.loads(f.metadata()["argmine-transformers-heads"]) == {"sentiments": ["positive", "neutral", "negative"]}
    _edit_config(model_copy, sentiments=["negative", "neutral", "positive"])  # the same labels: the heads read as others
    for given in (None, model_copy / "schema.toml"):
        with pytest.raises(ModelError) as e:
            load_model(model_copy, given)
        assert str(e.value) == (
            f"{model_copy / 'config.json'}: 'sentiments' lists ['negative', 'neutral', 'positive'], but the heads were trained "
            "for ['positive', 'neutral', 'negative'] in that order (as heads.safetensors records), so they would be read as "
            "other labels; restore the model directory from a backup or retrain with 'argmine train'")


def test_transformers_heads_saved_without_their_sentiment_order_still_load(model_copy, predictions):
    from safetensors.torch import load_file, save_file

    heads = model_copy / "heads.safetensors"
    save_file(load_file(str(heads)), str(heads), metadata={"format": "argmine-transformers-heads"})  # as saved before
    again = load_model(model_copy).predict([t for t, _, _ in DATA])
    assert [(p.themes, p.sentiment) for p in again] == [(p.themes, p.sentiment) for p in predictions]


def test_transformers_sentiments_edited_by_hand_with_a_schema_are_named_not_called_other_themes(model_copy, schema):
    _edit_config(model_copy, sentiments=["positive", "negative"])
    with pytest.raises(ModelError) as e:
        load_model(model_copy, schema)
    assert str(e.value) == (
        f"{model_copy / 'config.json'}: 'sentiments' lists ['positive', 'negative'], but the schema 'delivery' has the "
        "sentiment labels ['positive', 'neutral', 'negative']; restore the model directory from a backup or retrain with "
        "'argmine train'")


def test_transformers_heads_whose_recorded_sentiment_order_is_unreadable_are_refused_in_one_line(model_copy):
    from safetensors.torch import load_file, save_file

    heads = model_copy / "heads.safetensors"
    save_file(load_file(str(heads)), str(heads), metadata={"argmine-transformers-heads": "[positive"})
    with pytest.raises(ModelError) as e:
        load_model(model_copy)
    assert str(e.value) == (f"{heads}: its metadata 'argmine-transformers-heads' does not list the sentiment labels ('[positive'); "
                            "restore the model directory from a backup or retrain with 'argmine train'")


def test_transformers_model_whose_schema_toml_has_its_themes_reordered_by_hand_loads_as_the_model(model_copy, predictions):
    head, *blocks = SCHEMA_TOML.split("[[themes]]")
    (model_copy / "schema.toml").write_text(head + "".join("[[themes]]" + b for b in reversed(blocks)), "utf-8")
    model = load_model(model_copy)  # the heads follow config.json's themes: the file's order changes nothing
    assert model.schema.theme_ids == ("price", "speed", "taste")
    again = model.predict([t for t, _, _ in DATA])
    assert [(p.themes, p.sentiment, p.scores) for p in again] == [(p.themes, p.sentiment, p.scores) for p in predictions]
