"""Schema files: a mistake in the TOML is one line naming the file and the key."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from argmine.cli import main
from argmine.errors import SchemaError
from argmine.schema import load_schema

GOOD = """
[schema]
id = "fire"
[[themes]]
id = "safety"
name_en = "safety"
cues = ["安全", {term = "火灾", weight = 2}]
[sentiment]
negations = ["没有", "不"]
negation_window = 3
"""


def write(tmp_path, text):
    p = tmp_path / "s.toml"
    p.write_text(text, encoding="utf-8")
    return p


def test_a_good_schema_loads(tmp_path):
    s = load_schema(write(tmp_path, GOOD))
    assert s.theme_ids == ("safety",)
    assert [(c.term, c.weight) for c in s.themes[0].cues] == [("安全", 1.0), ("火灾", 2.0)]
    assert (s.negations, s.negation_window) == (("没有", "不"), 3)


@pytest.mark.parametrize(
    "old,new,message",
    [
        ('weight = 2', 'weight = "heavy"', r"themes\[0\]\.cues\[1\]\.weight must be a number, found 'heavy'"),
        ('negation_window = 3', 'negation_window = "four"', r"negation_window must be an integer, found 'four'"),
        ('negations = ["没有", "不"]', 'negations = "没有"', r"\[sentiment\]\.negations must be a list of strings"),
        ('cues = ["安全", {term = "火灾", weight = 2}]', 'cues = "单个"', r"themes\[0\]\.cues must be a list of cues"),
        ('[schema]\nid = "fire"', 'schema = "fire"', r"\[schema\] must be a table, found str"),
    ],
)
def test_schema_mistakes_are_one_clear_error(tmp_path, old, new, message):
    assert old in GOOD
    p = write(tmp_path, GOOD.replace(old, new))
    with pytest.raises(SchemaError, match=message):
        load_schema(p)
    r = CliRunner().invoke(main, ["classify", "-", "--model", "lexicon", "--schema", str(p)], input="安全。")
    assert r.exit_code == 2  # a usage error: fix the file named
    assert r.stderr.splitlines() == [f"argmine: error: {p}: " + r.stderr.split(f"{p}: ", 1)[1].rstrip("\n")]
