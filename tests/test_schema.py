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


@pytest.mark.parametrize(
    "old,new,message",
    [
        ('cues = ["安全"', 'cue = ["安全"', "themes[0]: unknown key 'cue' (did you mean 'cues'?); known keys: id, name_zh, name_en, description, color, cues"),
        ('negations = ["没有", "不"]', 'negators = ["没有", "不"]', "[sentiment]: unknown key 'negators' (did you mean 'negations'?); known keys: negations, negation_window, positive, negative"),
        ('negation_window = 3', 'positve = ["好"]', "[sentiment]: unknown key 'positve' (did you mean 'positive'?)"),
        ('weight = 2', 'wieght = 2', "themes[0].cues[1]: unknown key 'wieght' (did you mean 'weight'?); known keys: term, weight, regex"),
        ('[sentiment]', '[sentment]', "top level: unknown key 'sentment' (did you mean 'sentiment'?); known keys: schema, themes, labels, sentiment, lexicon"),
        ('[schema]\nid = "fire"', '[schema]\nid = "fire"\ntitle = "x"', "[schema]: unknown key 'title'; known keys: id, version, target, description"),
    ],
)
def test_schema_unknown_key_is_one_error_naming_it(tmp_path, old, new, message):
    assert old in GOOD
    p = write(tmp_path, GOOD.replace(old, new, 1))
    with pytest.raises(SchemaError) as e:
        load_schema(p)
    assert str(e.value).startswith(f"{p}: {message}")


def test_schema_lexicon_table_keys_are_checked(tmp_path):
    load_schema(write(tmp_path, GOOD + "\n[lexicon]\nthreshold = 0.8\n"))
    with pytest.raises(SchemaError, match=r"\[lexicon\]: unknown key 'treshold' \(did you mean 'threshold'\?\)"):
        load_schema(write(tmp_path, GOOD + "\n[lexicon]\ntreshold = 0.8\n"))


def test_schema_with_a_utf8_bom_loads(tmp_path):
    p = tmp_path / "bom.toml"
    p.write_bytes(b"\xef\xbb\xbf" + GOOD.encode("utf-8"))
    assert load_schema(p).theme_ids == ("safety",)


def test_schema_path_that_is_a_directory_is_a_schema_error(tmp_path):
    with pytest.raises(SchemaError, match="is a directory; pass a schema TOML file"):
        load_schema(tmp_path)
