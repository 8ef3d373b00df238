"""analyze's top terms show each cue as the schema file writes it; matching (and a unit's evidence) reads it normalised."""

from __future__ import annotations

import json

import argmine
from argmine.schema import Cue, load_schema
from argmine.tables import render_analysis

SCHEMA_TOML = """\
[schema]
id = "tw"

[[themes]]
id = "energy"
cues = ["缺電", "電價", "电价", {term = "電池.{0,2}爆炸", regex = true}]

[[themes]]
id = "price"
cues = ["电价", "電價"]

[sentiment]
positive = ["好"]
negative = ["貴"]
"""

TEXTS = ["夏天又缺電了，電價也漲。", "缺電的時候電池又爆炸。"]


def _analysis(tmp_path):
    (tmp_path / "s.toml").write_text(SCHEMA_TOML, "utf-8")
    schema = load_schema(tmp_path / "s.toml")
    docs = [argmine.Document(f"d{i}", t) for i, t in enumerate(TEXTS)]
    return argmine.analyze(docs, model="lexicon", schema=schema), schema


def test_top_terms_are_the_cues_as_the_schema_writes_them(tmp_path):
    a, _ = _analysis(tmp_path)
    themes = json.loads(json.dumps(a.to_dict(), ensure_ascii=False))["themes"]
    energy = {x.get("pattern", x["term"]): x for x in themes["energy"]["terms"]}
    assert energy["缺電"]["units"] == 2 and energy["電價"]["units"] == 1
    # a regex cue reads as the (normalised) text it matched, its pattern as written
    assert energy["電池.{0,2}爆炸"]["term"] == "电池又爆炸"
    # two spellings that normalise alike are one cue, shown as the first written
    assert "电价" not in energy
    assert [x["term"] for x in themes["price"]["terms"]] == ["电价"]
    table = render_analysis(a)
    assert "缺電 (2)" in table and "缺电" not in table


def test_evidence_and_matching_keep_the_normalised_cue(tmp_path):
    a, schema = _analysis(tmp_path)
    assert [c.term for c in schema.themes[0].cues] == ["缺电", "电价", "电池.{0,2}爆炸"]
    assert [c.shown for c in schema.themes[0].cues] == ["缺電", "電價", "電池.{0,2}爆炸"]
    evidence = {e.term for cu in a.units for e in cu.prediction.evidence}
    assert "缺电" in evidence and "缺電" not in evidence
    # the spelling is for showing: the same cue either way (a model's schema compared with --schema)
    assert Cue("缺电", written="缺電") == Cue("缺电") and hash(Cue("缺电", written="缺電")) == hash(Cue("缺电"))
