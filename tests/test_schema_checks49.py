"""Schema checks from QA round 49: an id with spaces for its underscores as a name, a backspace read from "\\b" in a
cue, the cue checks for negators, and the reason a repeated cue is left out."""

from __future__ import annotations

import json
import warnings

import pytest
from click.testing import CliRunner

from argmine.cli import main
from argmine.errors import SchemaError, SchemaWarning
from argmine.schema import load_schema

RETIRE = """
[schema]
id = "retire"
[[themes]]
id = "pension_gap"
name_zh = "养老金缺口"
name_en = "pension shortfall"
cues = ["缺口"]
[[themes]]
id = "pension_age"
name_zh = "退休年龄"
name_en = "retirement age"
cues = ["年龄"]
[sentiment]
negations = ["不"]
positive = ["支持"]
negative = ["反对"]
"""

TWICE = "; give each theme a name of its own (a label written as a theme's name must stand for one theme)"


def write(tmp_path, text, name="s.toml"):
    p = tmp_path / name
    p.write_text(text, encoding="utf-8")
    return p


def loads_quietly(p):
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        return load_schema(p)


def classify(p, text):
    r = CliRunner().invoke(main, ["classify", "-", "--schema", str(p), "--model", "lexicon", "-q", "--format", "jsonl"],
                           input=text)
    assert r.exit_code == 0, r.output
    return json.loads(r.stdout)


# 1. an id with spaces for its underscores names its theme (errors.theme_named), so no other theme may be named so


@pytest.mark.parametrize("name_en,what", [
    ("pension gap", "the id of theme 'pension_gap' with spaces for its underscores and the name_en of theme "
                    "'pension_age' are both 'pension gap' (a label may write an id so)"),
    ("Pension Gap", "the id of theme 'pension_gap' with spaces for its underscores and the name_en of theme "
                    "'pension_age' are both 'pension gap' and 'Pension Gap' (the same as labels are compared: case, "
                    "width and Traditional or Simplified aside) (a label may write an id so)"),
])
def test_an_id_with_spaces_for_its_underscores_is_a_name_no_other_theme_may_have(tmp_path, name_en, what):
    p = write(tmp_path, RETIRE.replace('name_en = "retirement age"', f'name_en = "{name_en}"'))
    with pytest.raises(SchemaError) as e:
        load_schema(p)
    assert str(e.value) == f"{p}: {what}{TWICE}"


def test_a_name_taken_by_a_later_themes_spaced_id_is_refused_too(tmp_path):
    p = write(tmp_path, RETIRE.replace('name_en = "pension shortfall"', 'name_en = "pension age"'))
    with pytest.raises(SchemaError) as e:
        load_schema(p)
    assert str(e.value) == (f"{p}: the name_en of theme 'pension_gap' and the id of theme 'pension_age' with spaces for "
                            f"its underscores are both 'pension age' (a label may write an id so){TWICE}")


def test_a_themes_own_name_may_be_its_spaced_id(tmp_path):
    s = loads_quietly(write(tmp_path, RETIRE.replace('name_en = "pension shortfall"', 'name_en = "Pension gap"')))
    assert s.theme("pension_gap").name_en == "Pension gap"


def test_cli_import_of_a_label_two_themes_are_named_refuses_the_schema_in_one_line(tmp_path):
    # before: the schema loaded, and import suggested --map 'pension gap'=pension_gap for the name_en of pension_age
    p = write(tmp_path, RETIRE.replace('name_en = "retirement age"', 'name_en = "pension gap"'))
    gold = tmp_path / "g.csv"
    gold.write_text("id,doc,start,end,text,themes,sentiment\nd#1,d,0,4,退休年龄,pension gap,neutral\n", "utf-8")
    r = CliRunner().invoke(main, ["import", str(gold), "--format", "csv", "--schema", str(p), "-o", str(tmp_path / "o.jsonl")])
    assert r.exit_code == 2 and r.stdout == "" and len(r.stderr.splitlines()) == 1
    assert "are both 'pension gap' (a label may write an id so)" in r.stderr
    assert not (tmp_path / "o.jsonl").exists()


# 2. "\b" in a double-quoted TOML string is a backspace, not the regex word boundary


@pytest.mark.parametrize("cue,message", [
    ('{term = "\\bAPP\\b", regex = true}',
     "regex cue '\\x08APP\\x08' holds U+0008 (backspace): TOML reads \\b in a double-quoted string as a backspace, not "
     "as the regex word boundary \\b, so the cue would match only a backspace character there; write it in single "
     "quotes ('\\bAPP\\b') or with each backslash doubled (\"\\\\bAPP\\\\b\")"),
    ('"\\bAPP\\b"',
     "cue '\\x08APP\\x08' holds U+0008 (backspace): TOML reads \\b in a double-quoted string as a backspace, not as the "
     "regex word boundary \\b, so the cue would match only a backspace character there; write it as a regex cue, in "
     "single quotes ({term = '\\bAPP\\b', regex = true}) or with each backslash doubled "
     "({term = \"\\\\bAPP\\\\b\", regex = true})"),
    ('{term = "\\bit\'s\\b", regex = true}',  # a ' cannot stand in single quotes
     "regex cue \"\\x08it's\\x08\" holds U+0008 (backspace): TOML reads \\b in a double-quoted string as a backspace, "
     "not as the regex word boundary \\b, so the cue would match only a backspace character there; write it with each "
     "backslash doubled (\"\\\\bit's\\\\b\")"),
])
def test_a_backspace_in_a_cue_is_refused_naming_the_cue_and_how_to_write_it(tmp_path, cue, message):
    p = write(tmp_path, RETIRE.replace('cues = ["年龄"]', f'cues = ["年龄", {cue}]'))
    with pytest.raises(SchemaError) as e:
        load_schema(p)
    assert str(e.value) == f"{p}: theme 'pension_age', cue 2: {message}"


@pytest.mark.parametrize("cue", ["{term = '\\bAPP\\b', regex = true}", '{term = "\\\\bAPP\\\\b", regex = true}'])
def test_the_fixes_the_backspace_error_gives_load_and_fire(tmp_path, cue):
    p = write(tmp_path, RETIRE.replace('cues = ["年龄"]', f'cues = ["年龄", {cue}]'))
    assert loads_quietly(p).theme("pension_age").cues[1].term == "\\bAPP\\b"
    assert classify(p, "这个 APP 很难用\n")["themes"] == ["pension_age"]


def test_cli_backspace_cue_is_one_line_exit_2(tmp_path):
    p = write(tmp_path, RETIRE.replace('cues = ["年龄"]', 'cues = [{term = "\\bAPP\\b", regex = true}]'))
    r = CliRunner().invoke(main, ["classify", "-", "--schema", str(p), "--model", "lexicon"], input="这个 APP 很难用\n")
    assert r.exit_code == 2 and r.stdout == "" and len(r.stderr.splitlines()) == 1
    assert r.stderr.startswith(f"argmine: error: {p}: theme 'pension_age', cue 1: regex cue '\\x08APP\\x08' holds U+0008")


# 3. negators get the checks cues get: a negator matches only a whole jieba token


@pytest.mark.parametrize("negator,message", [
    ("，", "negator '，' is only punctuation or spaces (no letter, digit, Chinese character or symbol), so it is no word "
          "that negates: a negator matches a whole jieba token, and punctuation such as '，' ends a negation's scope; "
          "remove it, or write the word that negates (不, 没有)"),
    ("【", "negator '【' is only punctuation or spaces (no letter, digit, Chinese character or symbol), so it is no word "
          "that negates: a negator matches a whole jieba token, and punctuation such as '，' ends a negation's scope; "
          "remove it, or write the word that negates (不, 没有)"),
    ("\\u200b", "negator '\\u200b' is only invisible characters (zero-width spaces, soft hyphens, ...), which the text "
                "is read without, so it would never negate; remove it, or write the word that negates (不, 没有)"),
])
def test_a_negator_of_no_word_is_refused(tmp_path, negator, message):
    p = write(tmp_path, RETIRE.replace('negations = ["不"]', f'negations = ["不", "{negator}"]'))
    with pytest.raises(SchemaError) as e:
        load_schema(p)
    assert str(e.value) == f"{p}: [sentiment].negations, negator 2: {message}"


@pytest.mark.parametrize("negator,what,split", [
    ("不，没有，并非", "'，'", '"不", "没有", "并非"'),
    ("不、没有", "'、'", '"不", "没有"'),
    ("不；没有", "'；'", '"不", "没有"'),
    ("不,没有", "','", '"不", "没有"'),
    ("不 没有", "white space", '"不", "没有"'),
    ("not really", "white space", '"not", "really"'),
])
def test_a_negator_holding_a_separator_or_white_space_is_warned_about(tmp_path, negator, what, split):
    p = write(tmp_path, RETIRE.replace('negations = ["不"]', f'negations = ["{negator}"]'))
    with pytest.warns(SchemaWarning) as caught:
        load_schema(p)
    assert [str(w.message) for w in caught] == [
        f"{p}: [sentiment].negations, negator 1: negator {negator!r} holds {what}, but a negator matches only a whole "
        f"jieba token, which never holds {what}, so it never negates; write each negator as its own string: {split}"]
    # as it says: written so it negates nothing; written as its fix, 不 negates 支持
    assert classify(p, "我不支持。\n")["sentiment"] == "positive"
    fixed = write(tmp_path, RETIRE.replace('negations = ["不"]', f"negations = [{split}]"), "fixed.toml")
    assert loads_quietly(fixed).negations[0] == split.split('"')[1]
    if "不" in negator:
        assert classify(fixed, "我不支持。\n")["sentiment"] == "negative"


@pytest.mark.parametrize("negators", ['["不", " 没有 "]', '["唔", "冇", "不是"]', '["not"]'])
def test_usual_negators_load_without_a_warning(tmp_path, negators):
    s = loads_quietly(write(tmp_path, RETIRE.replace('negations = ["不"]', f"negations = {negators}")))
    assert all(n == n.strip() and " " not in n for n in s.negations)


# 4. a repeated cue is said to be repeated for what actually differs


@pytest.mark.parametrize("cues,found,first,aside", [
    ('"ATM", "atm"', "'atm'", "'ATM'", " in another case"),
    ('"ATM坑", "atm坑 "', "'atm坑 '", "'ATM坑'", " in another case once the white space at its ends is removed"),
    ('"坑", "坑 "', "'坑 '", "'坑'", " once the white space at its ends is removed"),
    ('"坑", "坑"', "'坑'", "'坑'", ""),
])
def test_a_repeated_cue_is_said_to_differ_in_what_it_differs(tmp_path, cues, found, first, aside):
    p = write(tmp_path, RETIRE.replace('cues = ["年龄"]', f"cues = [{cues}]"))
    with pytest.warns(SchemaWarning) as caught:
        s = load_schema(p)
    assert len(s.theme("pension_age").cues) == 1
    assert [str(w.message) for w in caught] == [
        f"{p}: theme 'pension_age', cue 2: cue {found} is cue 1 ({first}) again{aside}, so it is left out: a cue counts "
        "once for a match; remove one of them"]
