"""Base checkpoints whose weights do not fit their config.json, and cache folders passed as one (QA round 43).

transformers builds the model a checkpoint's config.json describes and fills
it with the weights whose names and shapes fit; its report of the rest is a
log record that argmine keeps off the screen.  These tests build tiny
checkpoints that load wrongly (a config.json of another model type, weights
under another prefix, a few weights missing, a vocab_size or
intermediate_size the weights do not have) and the ones that load whole (a
BertForMaskedLM save with its MLM head and no pooler, legacy
LayerNorm.gamma/beta names), and a folder of the Hugging Face cache.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import warnings
from pathlib import Path

import pytest

pytest.importorskip("torch")
pytest.importorskip("transformers")
pytest.importorskip("datasets")

from argmine.backends.transformers_backend import TransformersBackend, build_tiny_encoder  # noqa: E402
from argmine.classify import load_model  # noqa: E402
from argmine.errors import ModelError  # noqa: E402
from argmine.schema import load_schema  # noqa: E402

TEXTS = ["太贵了，配送费还涨价", "送得很快，半小时就到", "难吃，菜都咸死了", "今天下雨了"]
THEMES = [[], [], [], []]
SENTIMENTS = ["negative", "positive", "negative", "neutral"]
#: One epoch at a learning rate that moves nothing: the encoder after fit is the one loaded.
STILL = dict(epochs=1, batch_size=4, learning_rate=1e-30, warmup_ratio=0.0, max_length=16, seed=0)
TOKENIZER_FILES = ("tokenizer.json", "tokenizer_config.json", "vocab.txt")
FIX_CONFIG = "pass a checkpoint whose config.json matches its weights and their names, as save_pretrained writes the two"
TRAINED_FIX = "restore the model directory from a backup or retrain with 'argmine train'"


@pytest.fixture(scope="module")
def tiny(tmp_path_factory):
    return build_tiny_encoder(TEXTS, tmp_path_factory.mktemp("tiny") / "tiny", seed=0)


@pytest.fixture(scope="module")
def mlm(tiny, tmp_path_factory):
    """A checkpoint saved as bert-base-chinese is: BertForMaskedLM, weights named bert.*, its MLM head cls.*, no pooler."""
    import transformers

    folder = tmp_path_factory.mktemp("mlm") / "ck"
    transformers.BertForMaskedLM(transformers.AutoConfig.from_pretrained(tiny)).save_pretrained(folder)
    for f in TOKENIZER_FILES:
        shutil.copy(tiny / f, folder / f)
    return folder


def _copy(src: Path, dst: Path, config=None, weights=None) -> Path:
    """``src`` copied to ``dst``, its config.json edited by ``config`` and its weights (a dict of tensors) by ``weights``."""
    from safetensors.torch import load_file, save_file

    shutil.copytree(src, dst)
    if config is not None:
        data = json.loads((dst / "config.json").read_text("utf-8"))
        config(data)
        (dst / "config.json").write_text(json.dumps(data, indent=2), "utf-8")
    if weights is not None:
        save_file(weights(load_file(str(dst / "model.safetensors"))), str(dst / "model.safetensors"), metadata={"format": "pt"})
    return dst


def _fit(base, **kw):
    return TransformersBackend(load_schema(), model_name_or_path=str(base), **dict(STILL, **kw)).fit(TEXTS, THEMES, SENTIMENTS)


def _as_roberta(config):
    config.update(model_type="roberta", architectures=["RobertaForMaskedLM"])


def _gamma_beta(weights):
    legacy = {"LayerNorm.weight": "LayerNorm.gamma", "LayerNorm.bias": "LayerNorm.beta"}
    return {next((k.replace(a, b) for a, b in legacy.items() if k.endswith(a)), k): v for k, v in weights.items()}


# -- 1. weights that leave the encoder random ------------------------------------------------------------------------


def test_transformers_fit_refuses_a_base_whose_config_json_describes_another_model_type(mlm, tmp_path):
    """config.json says roberta, the weights are bert.*: transformers built a RobertaModel with none of them, silently."""
    ck = _copy(mlm, tmp_path / "ck_roberta", config=_as_roberta)
    with pytest.raises(ModelError) as e:
        _fit(ck)
    assert str(e.value) == (
        f"{ck}: none of the 42 weights in model.safetensors fit the RobertaModel that its config.json describes "
        "(model_type 'roberta'), so the encoder would start random, not pretrained: it needs 37 weights (the pooler aside, "
        "which argmine does not use), such as 'embeddings.LayerNorm.bias' (the checkpoint holds it as "
        f"'bert.embeddings.LayerNorm.bias'); {FIX_CONFIG}")


def test_transformers_fit_refuses_a_base_whose_weights_are_under_another_prefix(tiny, tmp_path):
    """A torch wrapper's state dict (model.embeddings...) is no BertModel's: every weight would be random."""
    ck = _copy(tiny, tmp_path / "wrapped", weights=lambda w: {f"model.{k}": v for k, v in w.items()})
    with pytest.raises(ModelError) as e:
        _fit(ck)
    assert str(e.value) == (
        f"{ck}: none of the 39 weights in model.safetensors fit the BertModel that its config.json describes "
        "(model_type 'bert'), so the encoder would start random, not pretrained: it needs 37 weights (the pooler aside, "
        "which argmine does not use), such as 'embeddings.LayerNorm.bias' (the checkpoint holds it as "
        f"'model.embeddings.LayerNorm.bias'); {FIX_CONFIG}")


def test_transformers_fit_refuses_a_base_missing_a_few_encoder_weights(tiny, tmp_path):
    """Not only a wholly random encoder: two weights missing (pooler aside) are refused too, not left random."""
    drop = ("embeddings.token_type_embeddings.weight", "encoder.layer.1.output.dense.weight")
    ck = _copy(tiny, tmp_path / "part", weights=lambda w: {k: v for k, v in w.items() if k not in drop})
    with pytest.raises(ModelError) as e:
        _fit(ck)
    assert str(e.value) == (
        f"{ck}: 2 of the 37 weights of the BertModel that its config.json describes (model_type 'bert') are not in "
        "model.safetensors (the pooler aside, which argmine does not use), such as 'embeddings.token_type_embeddings.weight', "
        "so they would start random, not pretrained; pass a checkpoint that holds every weight of its encoder, as "
        "save_pretrained writes it")


def test_cli_train_refuses_a_base_that_would_train_a_random_encoder_in_one_line(mlm, tmp_path):
    from click.testing import CliRunner

    from argmine.cli import main

    ck = _copy(mlm, tmp_path / "ck_roberta", config=_as_roberta)
    gold = tmp_path / "gold.jsonl"
    gold.write_text("".join(json.dumps({"text": t, "themes": th, "sentiment": s}, ensure_ascii=False) + "\n"
                            for t, th, s in zip(TEXTS, THEMES, SENTIMENTS)), "utf-8")
    args = ["train", str(gold), "--backend", "transformers", "--base-model", str(ck), "--param", "epochs=1", "-o",
            str(tmp_path / "m"), "-q"]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 2, result.output
    assert result.stderr.startswith(f"argmine: error: {ck}: none of the 42 weights in model.safetensors fit the RobertaModel ")
    assert result.stderr.endswith(f"{FIX_CONFIG}\n") and result.stderr.count("\n") == 1
    assert not (tmp_path / "m").exists()


@pytest.mark.parametrize("variant", ["tiny", "mlm", "mlm-gamma-beta"])
def test_transformers_fit_loads_a_whole_base_silently_with_its_own_weights(tiny, mlm, tmp_path, variant):
    """The checkpoints that load whole still train, with no warning, from the file's weights: a save_pretrained
    BertModel, a BertForMaskedLM (cls.* left over, no pooler) and the same with legacy LayerNorm.gamma/beta names."""
    from safetensors.torch import load_file

    base = {"tiny": tiny, "mlm": mlm}.get(variant) or _copy(mlm, tmp_path / "gamma", weights=_gamma_beta)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        model = _fit(base)
    prefix = "" if variant == "tiny" else "bert."
    stored = load_file(str(base / "model.safetensors"))
    state = model.encoder_.state_dict()
    norm = "LayerNorm.gamma" if variant == "mlm-gamma-beta" else "LayerNorm.weight"
    for key, file_key in (("embeddings.word_embeddings.weight", "embeddings.word_embeddings.weight"),
                          ("encoder.layer.1.output.LayerNorm.weight", f"encoder.layer.1.output.{norm}")):
        assert state[key].cpu().equal(stored[prefix + file_key]), key


# -- 2. weights of another shape than config.json gives them ---------------------------------------------------------


@pytest.mark.parametrize("key, value, shapes", [
    ("vocab_size", 21128, "'embeddings.word_embeddings.weight' is [{vocab}, 32] in model.safetensors, but config.json "
                          "makes it [21128, 32]"),
    ("intermediate_size", 100, "'encoder.layer.0.intermediate.dense.bias' is [64] in model.safetensors, but config.json "
                               "makes it [100] (and 5 more tensors of another shape)"),
])
def test_transformers_fit_names_a_weight_whose_shape_config_json_does_not_give(tiny, tmp_path, key, value, shapes):
    """transformers said 'You set `ignore_mismatched_sizes` to `False` ... look at the above report!' of a report argmine hid."""
    ck = _copy(tiny, tmp_path / "ck", config=lambda c: c.update({key: value}))
    vocab = len((tiny / "vocab.txt").read_text("utf-8").splitlines())
    with pytest.raises(ModelError) as e:
        _fit(ck)
    assert str(e.value) == f"{ck}: its weights do not fit its config.json: {shapes.format(vocab=vocab)}; {FIX_CONFIG}"


@pytest.fixture(scope="module")
def saved(tiny, tmp_path_factory):
    path = tmp_path_factory.mktemp("saved") / "m"
    _fit(tiny).save(path)
    return path


def test_cli_classify_names_an_encoder_weight_whose_shape_an_edited_config_json_does_not_give(saved, tiny, tmp_path):
    from click.testing import CliRunner

    from argmine.cli import main

    model = Path(shutil.copytree(saved, tmp_path / "m_bad"))
    config = model / "encoder" / "config.json"
    config.write_text(json.dumps(dict(json.loads(config.read_text("utf-8")), vocab_size=21128)), "utf-8")
    vocab = len((tiny / "vocab.txt").read_text("utf-8").splitlines())
    message = (f"{model / 'encoder'}: the encoder's weights do not match its config.json: 'embeddings.word_embeddings.weight' "
               f"is [{vocab}, 32] in model.safetensors, but config.json makes it [21128, 32], so the model would not "
               f"predict as it was trained; {TRAINED_FIX}")
    with pytest.raises(ModelError) as e:
        load_model(model)
    assert str(e.value) == message
    result = CliRunner().invoke(main, ["classify", "-", "--model", str(model)], input="支付宝。\n")
    assert (result.exit_code, result.stderr) == (2, f"argmine: error: {message}\n")


def test_transformers_names_a_mismatched_weight_when_transformers_lists_only_its_name(tiny, tmp_path, monkeypatch):
    """transformers 4 gives mismatched_keys as names alone: the tensor and the shape config.json makes are still named."""
    import transformers

    ck = _copy(tiny, tmp_path / "ck", config=lambda c: c.update(vocab_size=21128))
    original = transformers.AutoModel.from_pretrained

    def names_only(name, **kwargs):
        encoder, info = original(name, **kwargs)
        return encoder, dict(info, mismatched_keys=[m[0] for m in info["mismatched_keys"]])

    monkeypatch.setattr(transformers.AutoModel, "from_pretrained", names_only)
    with pytest.raises(ModelError) as e:
        _fit(ck)
    assert str(e.value) == (f"{ck}: its weights do not fit its config.json: 'embeddings.word_embeddings.weight' in "
                            f"model.safetensors is not of the shape config.json makes it, [21128, 32]; {FIX_CONFIG}")


# -- 3. a repository folder of the Hugging Face cache ----------------------------------------------------------------


def _cache_repo(tiny: Path, hub: Path, repo: str, revisions, main: str | None) -> Path:
    """``hub/models--org--name`` as the Hugging Face cache lays it out: blobs, snapshots/<rev>/ of links, refs/main."""
    folder = hub / ("models--" + repo.replace("/", "--"))
    (folder / "blobs").mkdir(parents=True)
    for rev in revisions:
        (folder / "snapshots" / rev).mkdir(parents=True)
        for f in ("config.json", "model.safetensors", *TOKENIZER_FILES):
            blob = folder / "blobs" / f"{rev}-{f}"
            shutil.copy(tiny / f, blob)
            (folder / "snapshots" / rev / f).symlink_to(Path("..", "..", "blobs", blob.name))
    if main is not None:
        (folder / "refs").mkdir()
        (folder / "refs" / "main").write_text(main, "utf-8")
    return folder


@pytest.mark.parametrize("revisions, main, chosen, which", [
    (["aaa", "bbb"], "aaa", "aaa", "the one refs/main names"),
    (["aaa"], None, "aaa", "the only one with a config.json"),
    (["aaa", "bbb"], "gone", "bbb", "the newest one with a config.json"),
])
def test_transformers_fit_names_the_snapshot_and_hub_id_of_a_cache_repository_folder(tiny, tmp_path, monkeypatch,
                                                                                     revisions, main, chosen, which):
    from huggingface_hub import constants

    repo = _cache_repo(tiny, tmp_path / "hub", "org/tiny", revisions, main)
    if len(revisions) > 1:
        os.utime(repo / "snapshots" / "aaa", (1, 1))  # bbb is the newer
    monkeypatch.setattr(constants, "HF_HUB_CACHE", str(tmp_path / "elsewhere"))
    with pytest.raises(ModelError) as e:
        _fit(repo)
    assert str(e.value).endswith(
        f"or a hub id; it is a folder of the Hugging Face cache: pass its snapshot {repo / 'snapshots' / chosen} ({which}), "
        f"or the hub id org/tiny with HF_HUB_OFFLINE=1 HF_HUB_CACHE={tmp_path / 'hub'} set")
    monkeypatch.setattr(constants, "HF_HUB_CACHE", str(tmp_path / "hub"))  # the cache in use: no HF_HUB_CACHE to set
    with pytest.raises(ModelError, match=r"or the hub id org/tiny with HF_HUB_OFFLINE=1 set$"):
        _fit(repo)


def test_transformers_the_hub_id_a_cache_hint_names_loads_offline(tiny, tmp_path):
    """What the hint says works: the hub id, with HF_HUB_OFFLINE=1 and HF_HUB_CACHE set, trains from that cache."""
    hub = tmp_path / "hub"
    _cache_repo(tiny, hub, "org/tiny", ["aaa"], "aaa")
    code = ("import sys; from argmine.backends.transformers_backend import TransformersBackend as T; "
            "from argmine.schema import load_schema; "
            "m = T(load_schema(), model_name_or_path='org/tiny', epochs=1, max_length=16).fit(['太贵', '难吃'], [[], []], "
            "['positive', 'negative']); print(type(m.encoder_).__name__)")
    env = dict(os.environ, HF_HUB_OFFLINE="1", HF_HUB_CACHE=str(hub), CUDA_VISIBLE_DEVICES="")
    done = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=300)
    assert (done.returncode, done.stdout) == (0, "BertModel\n"), done.stderr


def test_transformers_a_folder_of_checkpoints_still_names_the_one_inside(tiny, tmp_path):
    """The subfolder hint is unchanged (a snapshots/ folder passed itself names its revision)."""
    repo = _cache_repo(tiny, tmp_path / "hub", "org/tiny", ["aaa"], "aaa")
    with pytest.raises(ModelError, match=rf"; its folder {repo / 'snapshots' / 'aaa'} has a config.json: pass that$"):
        _fit(repo / "snapshots")
