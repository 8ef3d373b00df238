"""Speed-ups must not change predictions: forked workers and the fast cue scan."""

from __future__ import annotations

import tomllib

import pytest

import argmine
from argmine.backends.cues import CueMatcher, tokenize
from argmine.classify import classify, load_model
from argmine.errors import ModelError
from argmine.schema import load_schema, parse_schema

SENTENCES = [
    "支付宝做社交是对的，红包转账很方便。",
    "财不外露，隐私都暴露了，太危险了！",
    "支付宝做社交并不方便，功能太多了。",
    "支付宝就是个ATM，不是社交软件。",
    "我不知道，但是很方便。",
    "今天天气不错。",
    "没有安全感，不好用。",
    "这个创意很好，给满分~",
]

SMALL_TOML = """
[schema]
id = "bikes"
version = "1"
target = "the e-bike ban"

[[themes]]
id = "safety"
name_zh = "安全"
name_en = "safety"
description = "accidents"
cues = ["事故", "危险", "撞", { term = "(交警|城管).{0,4}(查|扣)", weight = 1.5, regex = true }]

[[themes]]
id = "jobs"
name_zh = "生计"
name_en = "jobs"
description = "couriers"
cues = ["外卖", "Straße", "饭碗"]

[sentiment]
negations = ["不", "没有", "不是"]
negation_window = 3
positive = ["支持", "好", "赞"]
negative = ["反对", "难", "危险"]
"""


def _units(n_copies: int):
    docs = [argmine.Document(f"d{i}", "".join(SENTENCES)) for i in range(n_copies)]
    return argmine.segment(docs)


@pytest.mark.parametrize("model", ["lexicon", None])
def test_classify_workers_give_identical_predictions(model):
    backend = load_model(model)
    units = _units(6)  # 48 units in batches of 5: the parallel path runs
    one = [c.to_row() for c in classify(units, model=backend, batch_size=5, workers=1)]
    two = [c.to_row() for c in classify(units, model=backend, batch_size=5, workers=2)]
    assert [r["id"] for r in two] == [u.id for u in units]
    assert one == two


def test_classify_workers_small_input_stays_in_process():
    units = _units(1)
    rows = [c.to_row() for c in classify(units, model="lexicon", batch_size=64, workers=2)]
    assert len(rows) == len(units)


def test_classify_workers_rejects_zero():
    with pytest.raises(ModelError, match="workers"):
        list(classify(_units(1), model="lexicon", workers=0))


@pytest.mark.parametrize("schema_toml", [None, SMALL_TOML])
def test_cue_matcher_fast_scan_equals_reference(schema_toml):
    schema = load_schema() if schema_toml is None else parse_schema(tomllib.loads(schema_toml), "<bikes>")
    m = CueMatcher(schema)
    texts = SENTENCES + ["交警上路就扣车，撞了人不是好事", "送外卖是饭碗，没有不难的", "", "STRASSE straße atm"]
    for text in texts:
        toks = tokenize(text)
        assert m.match(text, toks) == m._match_slow(text, toks) == m.match(text), text


def test_cue_matcher_skips_tokenising_when_nothing_can_fire(monkeypatch):
    no_regex = SMALL_TOML.replace(', { term = "(交警|城管).{0,4}(查|扣)", weight = 1.5, regex = true }', "")
    m = CueMatcher(parse_schema(tomllib.loads(no_regex), "<bikes>"))
    import argmine.backends.cues as cues

    monkeypatch.setattr(cues, "tokenize", lambda text: pytest.fail("tokenised a text without cues"))
    assert m.match("123") == []
