"""QA round 53: a linear model whose ``schema.toml`` was edited by hand since training (a theme added, an id renamed) is
told so, naming both theme lists, not blamed on a save under way; and ``export --only-unlabeled`` sends the units of
gold records whose themes the schema lacks to the labelers again, whether the gold is an older round's or another
schema's (each record's line says to pass --schema)."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from argmine.backends.linear import LinearBackend
from argmine.classify import load_model
from argmine.cli import main
from argmine.errors import ModelError
from argmine.schema import load_schema

RIDER = """\
[schema]
id = "rider_algo"
[[themes]]
id = "safety"
cues = ["闯红灯", "危险"]
[[themes]]
id = "labor_rights"
cues = ["罚款", "社保"]
[[themes]]
id = "efficiency"
cues = ["更快", "准时"]
"""
DATA = [
    ("骑手闯红灯太危险。", ["safety"], "negative"),
    ("路口抢行很危险。", ["safety"], "negative"),
    ("罚款不合理，社保也没有。", ["labor_rights"], "negative"),
    ("社保应该交。", ["labor_rights"], "neutral"),
    ("算法让配送更快更准时。", ["efficiency"], "positive"),
    ("送得更快了。", ["efficiency"], "positive"),
    ("今天天气不错。", [], "neutral"),
    ("我在上班的路上。", [], "neutral"),
]
TRAINED = ["safety", "labor_rights", "efficiency"]


@pytest.fixture(scope="module")
def saved(tmp_path_factory) -> Path:
    """A linear model trained for the three RIDER themes."""
    root = tmp_path_factory.mktemp("rider")
    (root / "s.toml").write_text(RIDER, "utf-8")
    texts, themes, sentiments = (list(c) for c in zip(*DATA))
    LinearBackend(load_schema(root / "s.toml"), polarity=False, cv=2).fit(texts, themes, sentiments).save(root / "m")
    return root / "m"


@pytest.fixture
def model(saved, tmp_path, monkeypatch) -> Path:
    """A copy of the saved model; no waiting between the load's readings."""
    monkeypatch.setattr("argmine.backends.linear.REREAD_WAITS", (0.0, 0.0, 0.0))
    return Path(shutil.copytree(saved, tmp_path / "m"))


def _edited(path: Path, found: list[str]) -> str:
    return (
        f"{path}: schema.toml has themes {found}, but the model was trained with {TRAINED} (config.json's \"themes\"): "
        "schema.toml was changed since training, and a model knows only the themes it was trained with; restore its "
        f"schema.toml, or copy it out ('argmine schema --model {path} -o new.toml'), edit that and retrain "
        "('argmine train GOLD --schema new.toml -o DIR'), or, for an id renamed, rename it in config.json's \"themes\" too "
        "and delete \"cue_fingerprint\" from config.json (docs/schema.md)")


def _rename_in_schema_toml(model: Path) -> None:
    toml = model / "schema.toml"
    text = toml.read_text("utf-8")
    assert text.count('id = "efficiency"') == 1
    toml.write_text(text.replace('id = "efficiency"', 'id = "speed"'), "utf-8")


@pytest.mark.parametrize("through", ["LinearBackend.load", "load_model"])
def test_linear_load_names_the_themes_of_a_schema_toml_with_an_id_renamed_since_training(model, through, monkeypatch):
    # was: "schema.toml is not the one saved with config.json (it names other themes): the folder is being replaced
    # ('argmine train -o' writing into it) or holds files of two models; try again once the training has finished ..."
    _rename_in_schema_toml(model)
    waits: list[float] = []
    monkeypatch.setattr("time.sleep", waits.append)
    with pytest.raises(ModelError) as e:
        LinearBackend.load(model) if through == "LinearBackend.load" else load_model(model)
    assert str(e.value) == _edited(model, ["safety", "labor_rights", "speed"])
    assert len(waits) == 1  # found the same at the second reading: no save under way, no more waiting


def test_classify_names_the_themes_of_a_schema_toml_with_a_theme_added_since_training(model, tmp_path):
    with open(model / "schema.toml", "a", encoding="utf-8") as f:
        f.write('\n[[themes]]\nid = "privacy"\ncues = ["定位"]\n')
    (tmp_path / "a.txt").write_text("骑手闯红灯太危险。\n", "utf-8")
    r = CliRunner().invoke(main, ["classify", str(tmp_path / "a.txt"), "--model", str(model), "-q", "-o", os.devnull])
    assert r.exit_code == 2
    assert r.stderr == f"argmine: error: {_edited(model, TRAINED + ['privacy'])}\n"


def test_linear_load_of_an_id_renamed_in_schema_toml_and_config_json_as_the_error_says(model, saved):
    _rename_in_schema_toml(model)
    config = json.loads((model / "config.json").read_text("utf-8"))
    config["themes"] = ["speed" if t == "efficiency" else t for t in config["themes"]]
    del config["cue_fingerprint"]
    (model / "config.json").write_text(json.dumps(config, ensure_ascii=False, indent=2), "utf-8")
    texts = [t for t, _, _ in DATA]
    renamed, trained = LinearBackend.load(model).predict(texts), LinearBackend.load(saved).predict(texts)
    assert [p.themes for p in renamed] == [tuple("speed" if t == "efficiency" else t for t in p.themes) for p in trained]


def test_linear_load_does_not_call_schema_toml_edited_while_saves_keep_replacing_the_folder(model, saved, monkeypatch):
    # another save's schema.toml (other themes) is in, and config.json is replaced between readings: a save under way
    # (its files found other ones each time), not a schema.toml edited by hand
    _rename_in_schema_toml(model)
    config = (model / "config.json").read_bytes()

    def replaced(_seconds):
        (model / "config.part").write_bytes(config)
        os.replace(model / "config.part", model / "config.json")

    monkeypatch.setattr("time.sleep", replaced)
    with pytest.raises(ModelError) as e:
        LinearBackend.load(model)
    assert "schema.toml was changed since training" not in str(e.value)
    assert str(e.value).startswith(f"{model}: the model changed while it was being read (4 readings; ")


GOLD = [  # labelled for RIDER: gold of another schema than the packaged one
    {"id": "a#1", "doc": "a", "start": 0, "end": 9, "text": "骑手闯红灯太危险。", "themes": ["safety"], "sentiment": "negative"},
    {"id": "a#2", "doc": "a", "start": 10, "end": 22, "text": "罚款不合理，社保也没有。", "themes": ["labor_rights"], "sentiment": "negative"},
    {"id": "a#3", "doc": "a", "start": 23, "end": 30, "text": "今天天气不错。", "themes": ["other"], "sentiment": "neutral"},
]


def test_export_only_unlabeled_exports_the_units_of_records_the_schema_lacks_again(tmp_path):
    # QA round 53 tried stopping here when most records failed and none left had a theme of the schema (gold of another
    # schema); an older round's gold of the same schema, its themes retired, looks the same and must go out again
    (tmp_path / "a.txt").write_text("骑手闯红灯太危险。\n罚款不合理，社保也没有。\n今天天气不错。\n", "utf-8")
    gold = tmp_path / "gold.jsonl"
    gold.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in GOLD), "utf-8")
    r = CliRunner().invoke(main, ["export", str(tmp_path / "a.txt"), "--model", "lexicon", "--format", "csv",
                                  "--only-unlabeled", str(gold), "-o", str(tmp_path / "next.csv")])
    assert r.exit_code == 1
    assert "unknown theme 'safety' in schema 'alipay_social'" in r.stderr and "pass --schema FILE" in r.stderr
    rows = (tmp_path / "next.csv").read_text("utf-8-sig").splitlines()
    assert len(rows) == 3 and "骑手闯红灯太危险。" in rows[1]  # the two whose themes the schema lacks; 今天天气不错。 was labelled


def test_export_only_unlabeled_with_the_schema_of_its_gold_exports_the_rest(tmp_path):
    # the same gold with --schema: read, its units skipped, the one left exported
    (tmp_path / "s.toml").write_text(RIDER, "utf-8")
    (tmp_path / "a.txt").write_text("骑手闯红灯太危险。\n罚款不合理，社保也没有。\n今天天气不错。\n送得更快了。\n", "utf-8")
    gold = tmp_path / "gold.jsonl"
    gold.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in GOLD), "utf-8")
    r = CliRunner().invoke(main, ["export", str(tmp_path / "a.txt"), "--model", "lexicon", "--schema", str(tmp_path / "s.toml"),
                                  "--format", "csv", "--only-unlabeled", str(gold), "-o", str(tmp_path / "next.csv")])
    assert r.exit_code == 0, r.output
    rows = (tmp_path / "next.csv").read_text("utf-8-sig").splitlines()
    assert len(rows) == 2 and "送得更快了。" in rows[1]
