"""The label column of the evaluate and agreement tables fits the longest theme id (ids have no length limit)."""

from __future__ import annotations

import re

from argmine.annotations import GoldRecord, agreement, format_agreement
from argmine.schema import load_schema
from argmine.train import evaluate, format_evaluation

SCHEMA_TOML = """\
[schema]
id = "waimai_fee"
version = "1"

[[themes]]
id = "rider_income"
name_zh = "骑手收入"
cues = ["骑手"]

[[themes]]
id = "merchant_burden_of_the_platform_fee"
name_zh = "商家负担"
cues = ["商家"]
"""
LONG = "merchant_burden_of_the_platform_fee"


def schema(tmp_path):
    (tmp_path / "s.toml").write_text(SCHEMA_TOML, "utf-8")
    return load_schema(tmp_path / "s.toml")


def rec(i, themes, sentiment):
    return GoldRecord(id=f"d#{i}", doc="d", start=i * 10, end=i * 10 + 5, text="x" * 5, themes=tuple(themes), sentiment=sentiment)


def number_columns(lines):
    """Where each line's numbers (and n/a) end: the right edges of its right-aligned columns."""
    return [tuple(m.end() for m in re.finditer(r"(?<=\s)(\d+\.\d+|\d+|n/a)(?=\s|$)", line)) for line in lines]


def test_agreement_table_aligns_a_theme_id_longer_than_the_column(tmp_path):
    a = [rec(0, [LONG], "neutral"), rec(1, ["rider_income"], "negative"), rec(2, [], "neutral")]
    b = [rec(0, [LONG], "neutral"), rec(1, [], "negative"), rec(2, [LONG], "neutral")]
    lines = format_agreement(agreement(a, b, schema(tmp_path))).splitlines()
    rows = [line for line in lines if line.startswith(("rider_income", LONG))]
    assert len(rows) == 2
    assert len(set(number_columns(rows))) == 1  # kappa, agree, A and B end at the same column in both rows
    assert lines[0].index("kappa") + len("kappa") == number_columns(rows)[0][0]


def test_evaluate_table_aligns_a_theme_id_longer_than_the_column(tmp_path):
    gold = [{"text": "商家", "themes": [LONG], "sentiment": "neutral"}, {"text": "骑手", "themes": ["rider_income"], "sentiment": "negative"}]
    pred = [{"themes": [LONG], "sentiment": "neutral"}, {"themes": [], "sentiment": "neutral"}]
    lines = format_evaluation(evaluate(gold, pred, schema(tmp_path))).splitlines()
    rows = [line for line in lines if line.startswith(("rider_income", LONG))]
    assert len(rows) == 2
    assert len(set(number_columns(rows))) == 1
    header = next(line for line in lines if line.startswith("theme"))
    assert header.index("precision") + len("precision") == number_columns(rows)[0][0]
