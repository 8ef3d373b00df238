"""scripts/build_gold.py: the gold is rebuilt from the raw labels, and a wrong merge never moves a label."""

from __future__ import annotations

import importlib.util
import json
import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).parents[1]


@pytest.fixture
def build(tmp_path, monkeypatch):
    """The script, reading a copy of corpora/ and annotations/raw/ in ``tmp_path`` and writing there."""
    shutil.copytree(ROOT / "corpora", tmp_path / "corpora")
    shutil.copytree(ROOT / "annotations" / "raw", tmp_path / "annotations" / "raw")
    spec = importlib.util.spec_from_file_location("build_gold", ROOT / "scripts" / "build_gold.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    monkeypatch.setattr(module, "ROOT", tmp_path)
    return module


def _merges(tmp_path, groups):
    lines = [json.dumps({"units": g, "why": "test"}) for g in groups]
    (tmp_path / "annotations" / "raw" / "merges.jsonl").write_text("\n".join(lines) + "\n", "utf-8")


def test_the_gold_is_what_the_script_makes_of_the_raw_labels(build, tmp_path):
    build.main()
    for name in ("gold.jsonl", "pass_a.jsonl", "pass_b.jsonl"):
        assert (tmp_path / "annotations" / name).read_bytes() == (ROOT / "annotations" / name).read_bytes()


D0, D1 = "000_56ce5e623d6356aa", "001_faf62b3238bc40fb"
SHIPPED = [[f"{D0}#15", f"{D0}#16"], [f"{D0}#62", f"{D0}#63"], [f"{D1}#46", f"{D1}#47"]]


@pytest.mark.parametrize(
    "groups, message",
    [
        ([[f"{D0}#15", f"{D0}#17"]] + SHIPPED[1:], "is not a run of two or more consecutive"),  # a typo
        ([[f"{D0}#20", f"{D0}#21"]] + SHIPPED[1:], "fix annotations/raw/merges.jsonl"),  # units the segmenter keeps apart
        (SHIPPED + [[f"{D0}#16", f"{D0}#17"]], "is in two merges"),
        (SHIPPED[1:], "labelled units (after merges): missing"),  # a merge left out
    ],
)
def test_a_wrong_merge_stops_the_build(build, tmp_path, groups, message):
    _merges(tmp_path, groups)
    with pytest.raises(SystemExit) as e:
        build.main()
    assert message in str(e.value)
    assert not (tmp_path / "annotations" / "gold.jsonl").exists()


def test_an_adjudication_of_a_unit_the_passes_agree_on_stops_the_build(build, tmp_path):
    adj = tmp_path / "annotations" / "raw" / "adjudication.jsonl"
    adj.write_text(adj.read_text("utf-8") + json.dumps({"id": f"{D0}#1", "themes": [], "sentiment": "neutral"}) + "\n", "utf-8")
    with pytest.raises(SystemExit, match="both passes agree"):
        build.main()
