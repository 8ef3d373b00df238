"""The lexicon backend and a theme without cues, which it can never predict."""

from __future__ import annotations

import warnings

import pytest

from argmine.backends.lexicon import LexiconBackend
from argmine.errors import SchemaWarning
from argmine.schema import load_schema

SCHEMA = """
[schema]
id = "ret"
[[themes]]
id = "pension_gap"
cues = ["养老金"]
[[themes]]
id = "health_burden"
cues = []
[[themes]]
id = "flexible"
[sentiment]
positive = ["支持"]
negative = ["反对"]
"""


def test_lexicon_warns_once_naming_the_themes_without_cues(tmp_path):
    p = tmp_path / "s.toml"
    p.write_text(SCHEMA, "utf-8")
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        schema = load_schema(p)  # a trained model learns such a theme from the gold: no warning when it loads
    with pytest.warns(SchemaWarning) as caught:
        LexiconBackend(schema).predict(["养老金不够。"])
    assert [str(w.message) for w in caught] == [
        f"{p}: themes 'health_burden', 'flexible' have no cues, so the lexicon backend (--model lexicon) never predicts "
        "them (a score of 0 for every unit); add cues to them, or use a model trained on labelled data"]
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # once per schema, not once per cross-validation fold
        LexiconBackend(schema).predict(["养老金不够。"])


def test_lexicon_warns_for_one_theme_without_cues_in_the_singular(tmp_path):
    p = tmp_path / "one.toml"
    p.write_text(SCHEMA.replace('[[themes]]\nid = "flexible"\n', ""), "utf-8")
    with pytest.warns(SchemaWarning, match=r"one\.toml: theme 'health_burden' has no cues, so .* never predicts it "):
        LexiconBackend(load_schema(p)).predict(["好。"])


def test_default_schema_gives_the_lexicon_no_warning():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        LexiconBackend(load_schema()).predict(["财不外露。"])
