"""Training that diverges, RoBERTa-family position limits, and damaged checkpoint files named (QA round 53).

Every model here is a tiny one built on the fly (``build_tiny_encoder``, or a
2-layer config of another model type saved with its tokenizer); nothing is
downloaded and everything runs on the CPU.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

pytest.importorskip("torch")
pytest.importorskip("transformers")
pytest.importorskip("datasets")

from argmine.backends.transformers_backend import TransformersBackend, build_tiny_encoder  # noqa: E402
from argmine.classify import load_model  # noqa: E402
from argmine.errors import ModelError  # noqa: E402
from argmine.schema import load_schema  # noqa: E402

DATA = [
    ("太贵了，配送费还涨价", "negative"),
    ("价格便宜，优惠很多", "positive"),
    ("送得很快，半小时就到", "positive"),
    ("等了两个小时才送到，太慢", "negative"),
    ("今天下雨了", "neutral"),
    ("我在上班", "neutral"),
]
TEXTS = [t for t, _ in DATA]
SENTIMENTS = [s for _, s in DATA]
THEMES = [[] for _ in DATA]
#: A text of more tokens than the position embeddings of the RoBERTa-style checkpoints below hold (20).
LONG = "等了两个小时才送到太慢价格便宜优惠很多送得很快半小时就到今天下雨了"
FIT = dict(epochs=1, batch_size=3, learning_rate=1e-2, warmup_ratio=0.0, max_length=16, seed=0)
FIX_LOCAL = ("the checkpoint folder is damaged: copy it again, or write it again with save_pretrained "
             "or 'hf download NAME --local-dir DIR'")
TRAINED_FIX = "restore the model directory from a backup or retrain with 'argmine train'"


@pytest.fixture(scope="module")
def tiny(tmp_path_factory):
    return build_tiny_encoder(TEXTS + [LONG, ","], tmp_path_factory.mktemp("tiny") / "ckpt", seed=0)


@pytest.fixture(scope="module")
def saved(tiny, tmp_path_factory):
    path = tmp_path_factory.mktemp("saved") / "model"
    _fit(tiny).save(path)
    return path


def _fit(base, **kw):
    return TransformersBackend(load_schema(), model_name_or_path=str(base), **dict(FIT, **kw)).fit(TEXTS, THEMES, SENTIMENTS)


def _diverged(what: str, lr: str, base) -> str:
    return (f"transformers backend: training diverged: {what}; lower learning_rate (it is {lr}), or check the base "
            f"checkpoint {base} (NaN or infinite weights); no model was trained")


def _gold(tmp_path: Path) -> Path:
    gold = tmp_path / "gold.jsonl"
    gold.write_text("".join(json.dumps({"text": t, "themes": [], "sentiment": s}, ensure_ascii=False) + "\n"
                            for t, s in DATA), "utf-8")
    return gold


def _invoke(*args):
    from click.testing import CliRunner

    from argmine.cli import main

    return CliRunner().invoke(main, [str(a) for a in args])


# -- 1. training that diverges keeps nothing; a base checkpoint with NaN weights is refused --------------------------


def test_transformers_fit_stops_when_the_loss_is_not_finite(tiny):
    with pytest.raises(ModelError) as e:
        _fit(tiny, learning_rate=1e30, epochs=2)
    assert str(e.value) == _diverged("the loss is nan in epoch 1 of 2, batch 2 of 2", "1e+30", tiny)


def test_transformers_fit_stops_when_a_step_overflows(tiny):
    """learning_rate 1e38: AdamW's step is over float32's range, and torch raises a RuntimeError (a traceback)."""
    with pytest.raises(ModelError) as e:
        _fit(tiny, learning_rate=1e38)
    assert str(e.value) == _diverged("the update of the weights overflows in epoch 1 of 1, batch 1 of 2", "1e+38", tiny)


def test_transformers_fit_stops_when_the_last_step_leaves_scores_that_are_not_finite(tiny):
    """One batch: its loss is finite, but the step after it leaves weights that overflow every score."""
    with pytest.raises(ModelError) as e:
        _fit(tiny, learning_rate=1e30, batch_size=len(TEXTS))
    assert str(e.value) == _diverged("after epoch 1 of 1 the scores of the last training batch are NaN or infinite",
                                     "1e+30", tiny)


def test_transformers_fit_stops_when_the_last_step_leaves_nan_weights(tiny, monkeypatch):
    import torch

    real = torch.optim.AdamW.step

    def step(self, *args, **kwargs):  # a step that leaves a NaN behind, as an overflowing update does
        out = real(self, *args, **kwargs)
        with torch.no_grad():
            self.param_groups[0]["params"][0][0, 0] = float("nan")
        return out

    monkeypatch.setattr(torch.optim.AdamW, "step", step)
    with pytest.raises(ModelError) as e:
        _fit(tiny, batch_size=len(TEXTS))
    assert str(e.value) == _diverged(
        "after epoch 1 of 1 the weight 'embeddings.word_embeddings.weight' has NaN or infinite values", "0.01", tiny)


def test_cli_train_that_diverges_keeps_the_model_already_there(tiny, saved, tmp_path):
    model = Path(shutil.copytree(saved, tmp_path / "model"))
    before = {p.relative_to(model): p.read_bytes() for p in model.rglob("*") if p.is_file()}
    result = _invoke("train", _gold(tmp_path), "--backend", "transformers", "--base-model", tiny, "--param", "epochs=1",
                     "--param", "batch_size=3", "--param", "learning_rate=1e30", "-o", model, "-q")
    assert result.exit_code == 2, result.output
    assert result.stderr == "argmine: error: " + _diverged("the loss is nan in epoch 1 of 1, batch 2 of 2", "1e+30", tiny) + "\n"
    assert {p.relative_to(model): p.read_bytes() for p in model.rglob("*") if p.is_file()} == before
    assert load_model(model).predict(["太贵了"])[0].sentiment in ("positive", "neutral", "negative")


def test_cli_evaluate_cv_stops_at_a_fold_that_diverges(tiny, tmp_path):
    result = _invoke("evaluate", "--gold", _gold(tmp_path), "--cv", 2, "--backend", "transformers", "--base-model", tiny,
                     "--param", "epochs=1", "--param", "batch_size=2", "--param", "learning_rate=1e30", "-q")
    assert result.exit_code == 2, result.output
    assert result.stderr == "argmine: error: " + _diverged("the loss is nan in epoch 1 of 1, batch 2 of 2", "1e+30", tiny) + "\n"
    assert result.stdout == ""


def _with_nan(src: Path, dst: Path, **save) -> Path:
    """``src`` saved again to ``dst`` (with ``save_pretrained``'s ``save``), one weight of its first layer NaN."""
    import torch
    import transformers

    model = transformers.AutoModel.from_pretrained(src)
    with torch.no_grad():
        model.encoder.layer[1].attention.self.query.weight[0, 0] = float("nan")
    model.save_pretrained(dst, **save)
    for f in ("tokenizer.json", "tokenizer_config.json", "vocab.txt"):
        shutil.copy(src / f, dst / f)
    return dst


def test_transformers_fit_refuses_a_base_checkpoint_with_a_nan_weight(tiny, tmp_path):
    ck = _with_nan(tiny, tmp_path / "nan")
    with pytest.raises(ModelError) as e:
        _fit(ck)
    assert str(e.value) == (f"{ck / 'model.safetensors'}: tensor 'encoder.layer.1.attention.self.query.weight' has NaN or "
                            f"infinite values; {FIX_LOCAL}")


def test_transformers_fit_names_the_shard_that_holds_a_nan_weight(tiny, tmp_path):
    ck = _with_nan(tiny, tmp_path / "sharded", max_shard_size="20KB")
    index = json.loads((ck / "model.safetensors.index.json").read_text("utf-8"))["weight_map"]
    shard = index["encoder.layer.1.attention.self.query.weight"]
    assert len(set(index.values())) > 1  # sharded indeed
    with pytest.raises(ModelError) as e:
        _fit(ck)
    assert str(e.value) == (f"{ck / shard}: tensor 'encoder.layer.1.attention.self.query.weight' has NaN or "
                            f"infinite values; {FIX_LOCAL}")


# -- 2. RoBERTa-family position limits, whatever the model type is named ---------------------------------------------

#: Model types whose position ids start at padding_idx + 1, and others that start at 0.
OFFSET_TYPES = ["roberta", "xlm-roberta", "camembert", "roberta-prelayernorm", "data2vec-text", "mpnet", "ibert", "luke",
                "esm", "xlm-roberta-xl"]
PLAIN_TYPES = ["bert", "electra", "albert", "distilbert", "nystromformer"]


def _tiny_config(model_type: str, positions: int = 20, pad: int = 1):
    import transformers

    kw = dict(vocab_size=64, hidden_size=32, num_hidden_layers=1, num_attention_heads=2, intermediate_size=64,
              max_position_embeddings=positions, pad_token_id=pad)
    if model_type == "distilbert":
        kw.update(dim=32, n_layers=1, n_heads=2, hidden_dim=64)
    return transformers.CONFIG_MAPPING[model_type](**kw)


def _runs(encoder, n: int) -> bool:
    import torch

    ids = torch.full((1, n), 5)
    try:
        with torch.no_grad():
            encoder(input_ids=ids, attention_mask=torch.ones_like(ids))
    except (IndexError, RuntimeError):
        return False
    return True


@pytest.mark.parametrize("model_type,offset", [(t, 2) for t in OFFSET_TYPES] + [(t, 0) for t in PLAIN_TYPES])
def test_transformers_max_length_is_capped_to_the_longest_text_the_encoder_runs(tiny, model_type, offset):
    import transformers

    from argmine.backends.transformers_backend import _effective_max_length

    tokenizer = transformers.AutoTokenizer.from_pretrained(tiny)
    assert tokenizer.model_max_length > 1000  # no limit of its own: the position embeddings are the limit
    encoder = transformers.AutoModel.from_config(_tiny_config(model_type)).eval()
    cap = _effective_max_length(128, tokenizer, encoder)
    assert cap == 20 - offset
    assert _runs(encoder, cap) and not _runs(encoder, cap + 1)


@pytest.mark.parametrize("model_type", ["roberta-prelayernorm", "data2vec-text"])
def test_transformers_trains_and_predicts_a_roberta_style_checkpoint_on_texts_past_its_positions(tiny, tmp_path, model_type):
    import transformers

    ck = tmp_path / model_type
    tokenizer = transformers.AutoTokenizer.from_pretrained(tiny)
    config = _tiny_config(model_type, positions=20, pad=tokenizer.pad_token_id)
    config.vocab_size = len(tokenizer)
    transformers.AutoModel.from_config(config).save_pretrained(ck)
    tokenizer.save_pretrained(ck)
    model = TransformersBackend(load_schema(), model_name_or_path=str(ck), **dict(FIT, max_length=64))
    model.fit(TEXTS + [LONG], THEMES + [[]], SENTIMENTS + ["negative"])
    assert model.max_length_ == 20 - tokenizer.pad_token_id - 1
    model.save(tmp_path / "model")
    loaded = load_model(tmp_path / "model")
    assert loaded.max_length_ == model.max_length_
    for got, want in zip(loaded.predict([LONG, "太贵了"]), model.predict([LONG, "太贵了"])):
        assert got.scores == pytest.approx(want.scores)


# -- 3. a damaged file of a local checkpoint or model is named, with advice for a local folder -----------------------


def _damaged_copy(src: Path, dst: Path, filename: str, data: bytes | None = None, cut: bool = False) -> Path:
    shutil.copytree(src, dst)
    path = dst / filename
    path.write_bytes(path.read_bytes()[: path.stat().st_size // 2] if cut else data)
    return dst


def test_transformers_fit_names_a_tokenizer_json_that_is_not_json(tiny, tmp_path):
    ck = _damaged_copy(tiny, tmp_path / "tokbad", "tokenizer.json", b'{"version": ')
    with pytest.raises(ModelError) as e:
        _fit(ck)
    assert str(e.value) == (f"{ck / 'tokenizer.json'}: cannot load the tokenizer: not valid JSON (Expecting value at line 1 "
                            f"column 13); {FIX_LOCAL}")


def test_transformers_fit_names_a_tokenizer_json_the_tokenizers_library_cannot_read(tiny, tmp_path):
    ck = _damaged_copy(tiny, tmp_path / "tokodd", "tokenizer.json", b'{"version": "1.0", "model": 3}')
    with pytest.raises(ModelError) as e:
        _fit(ck)
    message = str(e.value)
    assert message.startswith(f"{ck / 'tokenizer.json'}: cannot load the tokenizer: tokenizers ") and message.endswith(
        "; it may have been written by a newer version: upgrade tokenizers (pip install -U tokenizers), or, if the file "
        "is damaged, copy the checkpoint folder again"), message
    assert " cannot read it (data did not match any variant of untagged enum ModelUntagged" in message, message
    assert "\n" not in message


def test_transformers_fit_names_a_truncated_safetensors_file(tiny, tmp_path):
    ck = _damaged_copy(tiny, tmp_path / "stbad", "model.safetensors", cut=True)
    with pytest.raises(ModelError) as e:
        _fit(ck)
    message = str(e.value)
    assert message.startswith(f"{ck / 'model.safetensors'}: cannot load the encoder: truncated, or not a safetensors "
                              "file (") and message.endswith(f"); {FIX_LOCAL}"), message
    assert "hub" not in message and "HF_HUB_OFFLINE" not in message


def test_transformers_fit_names_a_shard_its_index_lists_that_is_missing(tiny, tmp_path):
    import transformers

    ck = tmp_path / "sharded"
    transformers.AutoModel.from_pretrained(tiny).save_pretrained(ck, max_shard_size="20KB")
    for f in ("tokenizer.json", "tokenizer_config.json", "vocab.txt"):
        shutil.copy(tiny / f, ck / f)
    shard = sorted(json.loads((ck / "model.safetensors.index.json").read_text("utf-8"))["weight_map"].values())[-1]
    (ck / shard).unlink()
    with pytest.raises(ModelError) as e:
        _fit(ck)
    assert str(e.value) == (f"{ck / shard}: cannot load the encoder: missing, though model.safetensors.index.json lists "
                            f"it; {FIX_LOCAL}")


def test_transformers_fit_gives_a_local_folder_no_hub_advice(tiny, tmp_path):
    """A folder that fails to load with no file of it damaged: only pickled weights."""
    ck = tmp_path / "pickled"
    shutil.copytree(tiny, ck)
    (ck / "model.safetensors").unlink()
    (ck / "pytorch_model.bin").write_bytes(b"not read")
    with pytest.raises(ModelError) as e:
        _fit(ck)
    assert str(e.value) == (
        f"{ck}: cannot load the encoder (no model.safetensors; argmine reads encoder weights from safetensors only, never "
        "a pickled pytorch_model.bin); pass a checkpoint folder as save_pretrained or 'hf download NAME --local-dir DIR' "
        "writes it (config.json, model.safetensors and tokenizer files); see docs/transformers.md")


def test_cli_classify_names_a_trained_models_damaged_tokenizer_json(saved, tmp_path):
    model = Path(shutil.copytree(saved, tmp_path / "model"))
    (model / "encoder" / "tokenizer.json").write_bytes(b'{"version": ')
    (tmp_path / "doc.txt").write_text("太贵了。", "utf-8")
    result = _invoke("classify", tmp_path / "doc.txt", "--model", model, "-q")
    assert result.exit_code == 2, result.output
    assert result.stderr == (f"argmine: error: {model / 'encoder' / 'tokenizer.json'}: cannot load the tokenizer: not valid "
                             f"JSON (Expecting value at line 1 column 13); {TRAINED_FIX}\n")


def test_transformers_load_names_a_trained_models_truncated_encoder_weights(saved, tmp_path):
    model = _damaged_copy(saved, tmp_path / "model", "encoder/model.safetensors", cut=True)
    with pytest.raises(ModelError) as e:
        load_model(model)
    message = str(e.value)
    assert message.startswith(f"{model / 'encoder' / 'model.safetensors'}: cannot load the encoder: truncated, or not a "
                              "safetensors file (") and message.endswith(f"); {TRAINED_FIX}"), message


# -- 4. a tokenizer.json this tokenizers cannot read (one a newer tokenizers wrote) is named, with the upgrade advice ----


def _newer_tokenizer_json(path: Path) -> str:
    """Give the tokenizer.json at ``path`` a normalizer type this tokenizers lacks, as a newer tokenizers may write one;
    return what the tokenizers library says of it."""
    import tokenizers

    data = json.loads(path.read_text("utf-8"))
    data["normalizer"] = {"type": "SomeNewNormalizer"}
    path.write_text(json.dumps(data), "utf-8")
    with pytest.raises(Exception) as e:  # noqa: PT011 - the library raises a bare Exception
        tokenizers.Tokenizer.from_str(path.read_text("utf-8"))
    assert type(e.value) is Exception and "untagged enum" in str(e.value)
    return f"tokenizers {tokenizers.__version__} cannot read it ({str(e.value).splitlines()[0]})"


def test_transformers_fit_names_a_tokenizer_json_a_newer_tokenizers_wrote(tiny, tmp_path):
    ck = Path(shutil.copytree(tiny, tmp_path / "newer"))
    unread = _newer_tokenizer_json(ck / "tokenizer.json")
    with pytest.raises(ModelError) as e:
        _fit(ck)
    assert str(e.value) == (f"{ck / 'tokenizer.json'}: cannot load the tokenizer: {unread}; it may have been written by a "
                            "newer version: upgrade tokenizers (pip install -U tokenizers), or, if the file is damaged, "
                            "copy the checkpoint folder again")


def test_cli_train_and_classify_name_a_tokenizer_json_a_newer_tokenizers_wrote(tiny, saved, tmp_path):
    ck = Path(shutil.copytree(tiny, tmp_path / "newer"))
    unread = _newer_tokenizer_json(ck / "tokenizer.json")
    result = _invoke("train", _gold(tmp_path), "--backend", "transformers", "--base-model", ck, "--param", "epochs=1",
                     "-o", tmp_path / "out", "-q")
    assert result.exit_code == 2, result.output
    assert result.stderr == (f"argmine: error: {ck / 'tokenizer.json'}: cannot load the tokenizer: {unread}; it may have "
                             "been written by a newer version: upgrade tokenizers (pip install -U tokenizers), or, if the "
                             "file is damaged, copy the checkpoint folder again\n")
    assert not (tmp_path / "out").exists()

    model = Path(shutil.copytree(saved, tmp_path / "model"))
    unread = _newer_tokenizer_json(model / "encoder" / "tokenizer.json")
    (tmp_path / "doc.txt").write_text("太贵了。", "utf-8")
    result = _invoke("classify", tmp_path / "doc.txt", "--model", model, "-q")
    assert result.exit_code == 2, result.output
    assert result.stderr == (f"argmine: error: {model / 'encoder' / 'tokenizer.json'}: cannot load the tokenizer: {unread}; "
                             "it may have been written by a newer version: upgrade tokenizers (pip install -U tokenizers), "
                             f"or, if the file is damaged, {TRAINED_FIX}\n")


# -- 5. a trained model's schema.toml edited to other themes: named as edited, with what to do -------------------------


def _edited(model: Path, found: list[str], trained: list[str]) -> str:
    return (f"{model}: schema.toml has themes {found}, but the model was trained with {trained} (config.json's \"themes\"): "
            "schema.toml was changed since training, and a model knows only the themes it was trained with; restore its "
            f"schema.toml, or copy it out ('argmine schema --model {model} -o new.toml'), edit that and retrain "
            "('argmine train GOLD --backend transformers --base-model CKPT --schema new.toml -o DIR'), or, for an id "
            "renamed, rename it in config.json's \"themes\" too (docs/schema.md)")


def test_transformers_load_names_both_theme_lists_of_an_edited_schema_toml(saved, tmp_path):
    trained = list(load_schema().theme_ids)
    added = Path(shutil.copytree(saved, tmp_path / "added"))
    with open(added / "schema.toml", "a", encoding="utf-8") as f:
        f.write('\n[[themes]]\nid = "newtheme"\ncues = ["定位"]\n')
    with pytest.raises(ModelError) as e:
        load_model(added)
    assert str(e.value) == _edited(added, trained + ["newtheme"], trained)

    renamed = Path(shutil.copytree(saved, tmp_path / "renamed"))
    toml = (renamed / "schema.toml").read_text("utf-8")
    assert toml.count(f'id = "{trained[0]}"') == 1
    (renamed / "schema.toml").write_text(toml.replace(f'id = "{trained[0]}"', 'id = "prosocial"'), "utf-8")
    with pytest.raises(ModelError) as e:
        load_model(renamed)
    assert str(e.value) == _edited(renamed, ["prosocial"] + trained[1:], trained)
    (tmp_path / "doc.txt").write_text("太贵了。", "utf-8")
    result = _invoke("classify", tmp_path / "doc.txt", "--model", renamed, "-q")
    assert result.exit_code == 2 and result.stderr == f"argmine: error: {_edited(renamed, ['prosocial'] + trained[1:], trained)}\n"

    # the rename the line advises: in config.json's "themes" too, and the model predicts as before, under the new id
    config = json.loads((renamed / "config.json").read_text("utf-8"))
    config["themes"] = ["prosocial"] + trained[1:]
    (renamed / "config.json").write_text(json.dumps(config, ensure_ascii=False), "utf-8")
    before, after = load_model(saved).predict(TEXTS), load_model(renamed).predict(TEXTS)
    assert [list(p.scores.values()) for p in after] == [list(p.scores.values()) for p in before]
    assert list(after[0].scores) == ["prosocial"] + trained[1:]
