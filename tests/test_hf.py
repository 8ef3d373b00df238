"""argmine.classify_batch as a batched Dataset.map function."""

from __future__ import annotations

import functools

import pytest

import argmine
from argmine.errors import InputError

TEXTS = [
    "财不外露。",
    "支付宝做社交是对的,红包和转账都方便了。",
    "现在的支付宝功能太多了,变成了阿里巴巴产品导航。",
    "我只想要一个安安静静的钱包而已。",
    "涉及到隐私了,这样玩估计有钱人都不敢使用支付宝了",
    "一个小和尚问方丈:师父,我念经的时候可以吸烟吗?",
    "支付寶做社交是對的。",
    "",
] * 3

classify = functools.partial(argmine.classify_batch, model="lexicon")


@pytest.fixture
def ds():
    from datasets import Dataset

    return Dataset.from_dict({"id": [f"r{i}" for i in range(len(TEXTS))], "text": TEXTS})


def test_classify_batch_adds_arrow_friendly_columns(ds):
    out = ds.map(classify, batched=True, batch_size=5)
    assert out.column_names == ["id", "text", "themes", "scores", "sentiment", "sentiment_score"]
    assert out.features["themes"].feature.dtype == "string"
    assert set(out.features["scores"]) == set(argmine.load_schema().theme_ids)
    assert out["id"] == ds["id"]
    row = out[0]
    assert "privacy" in row["themes"]
    assert row["sentiment"] in ("positive", "neutral", "negative")
    assert -1.0 <= row["sentiment_score"] <= 1.0


def test_classify_batch_matches_classify_on_units(ds):
    out = ds.map(classify, batched=True)
    text = TEXTS[1]
    units = argmine.segment([argmine.Document("d", text)])
    (cu,) = list(argmine.classify(units, model="lexicon"))
    assert out[1]["themes"] == list(cu.prediction.themes)
    assert out[1]["sentiment"] == cu.prediction.sentiment
    # Traditional text is normalised before the model reads it.
    simplified = classify({"text": ["支付宝做社交是对的。"]})
    assert out[6]["themes"] == simplified["themes"][0]
    assert out[6]["scores"] == simplified["scores"][0]


def test_classify_batch_num_proc_2_gives_the_same_result_as_1(ds):
    one = ds.map(classify, batched=True, batch_size=4, num_proc=1)
    two = ds.map(classify, batched=True, batch_size=4, num_proc=2)
    assert two.to_list() == one.to_list()


def test_classify_batch_names_a_missing_text_column():
    with pytest.raises(InputError, match=r"dataset: no 'text' column \(columns: body\); rename the text column"):
        argmine.classify_batch({"body": ["x"]}, model="lexicon")


def test_classify_batch_names_the_row_with_a_non_string_text():
    with pytest.raises(InputError, match=r"row with id 'b': 'text' is NoneType, expected a string"):
        argmine.classify_batch({"id": ["a", "b"], "text": ["x", None]}, model="lexicon")


def test_classify_batch_loads_the_model_once_per_process():
    from argmine import hf

    classify({"text": ["财不外露。"]})
    first = hf._LOADED[("lexicon", None)][0]
    classify({"text": ["财不外露。"]})
    assert hf._LOADED[("lexicon", None)][0] is first


def test_classify_batch_keeps_only_the_few_models_used_last(tmp_path, monkeypatch):
    """A schema per request must not keep every model loaded: least recently used goes first."""
    from collections import OrderedDict
    from importlib.resources import files

    from argmine import hf

    monkeypatch.setattr(hf, "_LOADED", OrderedDict())
    text = files("argmine.schemas").joinpath("alipay.toml").read_text(encoding="utf-8")
    paths = []
    for name in "abcdef":
        (tmp_path / f"{name}.toml").write_text(text, encoding="utf-8")
        paths.append(str(tmp_path / f"{name}.toml"))
    a, b, c, d, e, f = paths
    for path in (a, b, c, d):
        classify({"text": ["财不外露。"]}, schema=path)
    backend_a = hf._LOADED[("lexicon", a)][1]
    classify({"text": ["财不外露。"]}, schema=a)  # a used again: b is now the oldest
    classify({"text": ["财不外露。"]}, schema=e)
    assert [k[1] for k in hf._LOADED] == [c, d, a, e]
    assert hf._LOADED[("lexicon", a)][1] is backend_a  # kept, not loaded again
    classify({"text": ["财不外露。"]}, schema=f)
    assert [k[1] for k in hf._LOADED] == [d, a, e, f]


def test_classify_dataset_types_themes_when_the_first_batch_has_none():
    from datasets import Dataset

    from argmine.hf import classify_dataset

    # "天气不错。" gets no theme from the lexicon; the first batch (size 2) holds only such rows.
    ds = Dataset.from_dict({"id": list("abcd"), "text": ["天气不错。", "天气不错。", "财不外露。", "财不外露。"]})
    assert classify({"text": ["天气不错。"]})["themes"] == [[]]
    out = classify_dataset(ds, model="lexicon", batch_size=2)
    assert out.features["themes"].feature.dtype == "string"
    assert out["themes"][:2] == [[], []] and "privacy" in out["themes"][2]
    assert out.column_names == ["id", "text", "themes", "scores", "sentiment", "sentiment_score"]
    dropped = classify_dataset(ds, model="lexicon", batch_size=2, remove_columns="id")
    assert dropped.column_names == ["text", "themes", "scores", "sentiment", "sentiment_score"]


def test_classify_dataset_gives_an_empty_dataset_the_typed_columns():
    from datasets import Dataset, Value

    from argmine.hf import classify_dataset

    out = classify_dataset(Dataset.from_dict({"text": []}), model="lexicon")
    assert out.num_rows == 0
    assert out.features["sentiment_score"] == Value("float64")
    assert set(out.features["scores"]) == set(argmine.load_schema().theme_ids)


def test_classify_batch_rejects_a_row_mapped_without_batched(ds):
    with pytest.raises(InputError, match=r"dataset: 'text' is a single string, not a batch of texts; .*pass batched=True"):
        ds.map(classify)


def test_classify_dataset_refuses_to_overwrite_gold_columns():
    from datasets import Dataset

    from argmine.hf import classify_dataset

    ds = Dataset.from_dict({"text": ["财不外露。"], "themes": [["privacy"]], "sentiment": ["negative"]})
    with pytest.raises(ValueError, match="already has column\\(s\\) themes, sentiment"):
        classify_dataset(ds, model="lexicon")
    out = classify_dataset(ds.rename_columns({"themes": "gold_themes", "sentiment": "gold_sentiment"}), model="lexicon")
    assert out[0]["gold_themes"] == ["privacy"] and "themes" in out.column_names


def test_output_features_without_datasets_names_the_data_extra(monkeypatch):
    from argmine.hf import classify_dataset, output_features

    monkeypatch.setitem(__import__("sys").modules, "datasets", None)  # as if not installed: importing it fails
    for call in (lambda: output_features(model="lexicon"), lambda: classify_dataset([], model="lexicon")):
        with pytest.raises(argmine.MissingDependency, match=r"needs 'datasets', which is not installed; run: pip install 'argmine\[data\]'"):
            call()


@pytest.mark.timeout(120)  # before errors pickled, the pool's result thread died on the worker's InputError and map waited forever
@pytest.mark.parametrize("columns, message", [
    ({"id": ["a", "b", "c", "d"], "text": ["财不外露。", "好。", None, "好。"]}, r"dataset: row with id 'c': 'text' is NoneType"),
    ({"body": ["财不外露。", "好。"]}, r"dataset: no 'text' column \(columns: body\)"),
])
def test_classify_dataset_num_proc_2_raises_a_bad_rows_error(columns, message):
    from datasets import Dataset

    from argmine.hf import classify_dataset

    with pytest.raises(InputError, match=message):
        classify_dataset(Dataset.from_dict(columns), model="lexicon", num_proc=2)


def test_classify_dataset_names_a_bad_row_by_its_index_in_the_dataset():
    from datasets import Dataset

    from argmine.hf import classify_dataset

    texts = ["好。"] * 30
    texts[25] = None
    with pytest.raises(InputError) as e:
        classify_dataset(Dataset.from_dict({"text": texts}), model="lexicon", batch_size=10)
    assert str(e.value) == "dataset: row 25: 'text' is NoneType, expected a string; fill or drop such rows first"
    with pytest.raises(InputError, match=r"^dataset: row 5 of the batch: "):  # a bare map passes no indices
        Dataset.from_dict({"text": texts}).map(classify, batched=True, batch_size=10)
    with pytest.raises(InputError, match=r"^dataset: row 25: "):  # ... unless asked to
        Dataset.from_dict({"text": texts}).map(classify, batched=True, batch_size=10, with_indices=True)


def test_classify_dataset_accepts_batched_true_and_refuses_batched_false(ds):
    from argmine.hf import classify_dataset

    assert classify_dataset(ds, model="lexicon", batched=True).to_list() == classify_dataset(ds, model="lexicon").to_list()
    with pytest.raises(TypeError) as e:
        classify_dataset(ds, model="lexicon", batched=False)
    assert str(e.value) == ("classify_dataset always maps with batched=True (classification is always batched; "
                            "batch_size= sets how many rows a batch holds); drop batched=False")
    with pytest.raises(TypeError, match=r"^classify_dataset always maps with with_indices=True \(an error names a bad row by its "
                                        r"index in the dataset\); drop with_indices=False$"):
        classify_dataset(ds, model="lexicon", with_indices=False)


@pytest.mark.timeout(120)
def test_classify_batch_tells_a_rank_from_indices(ds):
    """``with_rank=True`` without ``with_indices`` passes the rank where the indices go: it was read as indices."""
    from datasets import Dataset

    from argmine.hf import classify_dataset

    plain = ds.map(classify, batched=True).to_list()
    assert ds.map(classify, batched=True, with_rank=True, num_proc=2).to_list() == plain
    assert ds.map(classify, batched=True, with_indices=True, with_rank=True, num_proc=2).to_list() == plain
    assert classify_dataset(ds, model="lexicon", with_rank=True, num_proc=2).to_list() == plain
    texts = ["好。"] * 10
    texts[7] = None
    bad = Dataset.from_dict({"text": texts})
    with pytest.raises(InputError, match=r"^dataset: row 2 of the batch: 'text' is NoneType"):  # row 7 is the 2nd shard's 3rd
        bad.map(classify, batched=True, with_rank=True, num_proc=2)
    with pytest.raises(InputError, match=r"^dataset: row 7: 'text' is NoneType"):
        bad.map(classify, batched=True, with_indices=True, with_rank=True, num_proc=2)
    with pytest.raises(InputError, match=r"^dataset: row 7: 'text' is NoneType"):
        classify_dataset(bad, model="lexicon", with_rank=True, num_proc=2)


def test_classify_dataset_names_the_split_of_a_bad_row():
    from datasets import Dataset, DatasetDict

    from argmine.hf import classify_dataset

    texts = ["好。"] * 30
    texts[25] = None
    splits = DatasetDict({"train": Dataset.from_dict({"text": ["好。"] * 30}), "test": Dataset.from_dict({"text": texts})})
    with pytest.raises(InputError) as e:
        classify_dataset(splits, model="lexicon", batch_size=10)
    assert str(e.value) == "dataset['test']: row 25: 'text' is NoneType, expected a string; fill or drop such rows first"
    with pytest.raises(InputError, match=r"^dataset\['train'\]: no 'text' column \(columns: body\)"):
        classify_dataset(DatasetDict({"train": Dataset.from_dict({"body": ["好。"]})}), model="lexicon")
