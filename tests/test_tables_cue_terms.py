"""analyze's table marks a regex cue's entry with its pattern: a literal cue that matches the same text is not shown twice alike."""

from __future__ import annotations

import json

import argmine
from argmine.schema import load_schema
from argmine.tables import render_analysis

SCHEMA_TOML = """\
[schema]
id = "t"

[[themes]]
id = "merchant_burden"
cues = ["抽成", {term = "抽.{0,3}(成|点)", regex = true}]

[sentiment]
positive = ["好"]
negative = ["高"]
"""


def test_regex_cue_shows_its_pattern_in_the_table_but_the_json_keeps_its_keys(tmp_path):
    (tmp_path / "s.toml").write_text(SCHEMA_TOML, "utf-8")
    a = argmine.analyze([argmine.Document("a", "平台抽成太高。")], model="lexicon", schema=load_schema(tmp_path / "s.toml"))
    line = next(line for line in render_analysis(a).splitlines() if line.strip().startswith("merchant_burden  抽成"))
    assert line.split("merchant_burden")[1].strip() == "抽成 (1), 抽成 (1, /抽.{0,3}(成|点)/)"
    terms = json.loads(json.dumps(a.to_dict(), ensure_ascii=False))["themes"]["merchant_burden"]["terms"]
    assert [x["term"] for x in terms] == ["抽成", "抽成"] and terms[1]["pattern"] == "抽.{0,3}(成|点)" and "pattern" not in terms[0]
