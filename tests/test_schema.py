"""Schema files: a mistake in the TOML is one line naming the file and the key."""

from __future__ import annotations

import json
import os
import tomllib
import warnings

import pytest
from click.testing import CliRunner

from argmine.cli import main
from argmine.errors import SchemaError, SchemaWarning
from argmine.schema import PALETTE, load_schema

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
positive = ["支持"]
negative = ["反对"]
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
        ('weight = 2', 'weight = "heavy"', r"theme 'safety', cue 2: weight must be a number, found 'heavy'"),
        ('negation_window = 3', 'negation_window = "four"', r"negation_window must be an integer, found 'four'"),
        ('negations = ["没有", "不"]', 'negations = "没有"', r"\[sentiment\]\.negations must be a list of strings"),
        ('cues = ["安全", {term = "火灾", weight = 2}]', 'cues = "单个"', r"theme 'safety': cues must be a list of cues"),
        ('[schema]\nid = "fire"', 'schema = "fire"', r"\[schema\] must be a table, found str"),
        # texts written into brat's config lines and Label Studio's config.xml
        ('[schema]\nid = "fire"', '[schema]\nid = "fire\\n[entities]\\nFAKE"', r"\[schema\]\.id holds a line break \('fire\\n\[entities\]"),
        ('[schema]\nid = "fire"', '[schema]\nid = "fire"\nversion = "1\\t2"', r"\[schema\]\.version holds the control character U\+0009"),
        ('name_en = "safety"', 'name_en = "Safety\\u000b"', r"theme 'safety': name_en holds the control character U\+000B \('Safety\\x0b'\); write it on one line"),
        ('name_en = "safety"', 'name_en = "safety"\nname_zh = "安全\\u2028"', r"theme 'safety': name_zh holds a line break"),
        ('name_en = "safety"', 'name_en = "safety"\ndescription = "from Word\\u000c here"', r"theme 'safety': description holds the control character U\+000C .*; remove it"),
        # tomllib recurses into nested arrays and inline tables
        ('cues = ["安全", {term = "火灾", weight = 2}]', "cues = " + "[" * 5000 + "]" * 5000, r"not valid TOML \(arrays or inline tables nested too deeply\)$"),
        ('name_en = "safety"', "name_en = " + "{a=" * 5000 + "1" + "}" * 5000, r"not valid TOML \(arrays or inline tables nested too deeply\)$"),
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
        ('cues = ["安全"', 'cue = ["安全"', "theme 'safety': unknown key 'cue' (did you mean 'cues'?); known keys: id, name_zh, name_en, description, color, cues"),
        ('negations = ["没有", "不"]', 'negators = ["没有", "不"]', "[sentiment]: unknown key 'negators' (did you mean 'negations'?); known keys: negations, negation_window, positive, negative"),
        ('negation_window = 3', 'positve = ["好"]', "[sentiment]: unknown key 'positve' (did you mean 'positive'?)"),
        ('weight = 2', 'wieght = 2', "theme 'safety', cue 2: unknown key 'wieght' (did you mean 'weight'?); known keys: term, weight, regex"),
        ('[sentiment]', '[sentment]', "top level: unknown key 'sentment' (did you mean 'sentiment'?); known keys: schema, themes, labels, sentiment, lexicon"),
        ('[schema]\nid = "fire"', '[schema]\nid = "fire"\ntitle = "x"', "[schema]: unknown key 'title'; known keys: id, version, target, description"),
    ],
)
def test_schema_unknown_key_is_one_error_naming_it(tmp_path, old, new, message):
    assert_edit_refused(tmp_path, GOOD, old, new, message)


def assert_edit_refused(tmp_path, text, old, new, message):
    """``text`` with ``old`` replaced by ``new`` is refused, the error starting with ``message`` after the file name."""
    assert old in text
    p = write(tmp_path, text.replace(old, new, 1))
    with pytest.raises(SchemaError) as e:
        load_schema(p)
    assert str(e.value).startswith(f"{p}: {message}")


def test_schema_lexicon_table_keys_are_checked(tmp_path):
    load_schema(write(tmp_path, GOOD + "\n[lexicon]\nthreshold = 0.8\n"))
    with pytest.raises(SchemaError, match=r"\[lexicon\]: unknown key 'treshold' \(did you mean 'threshold'\?\)"):
        load_schema(write(tmp_path, GOOD + "\n[lexicon]\ntreshold = 0.8\n"))


def test_schema_description_may_span_lines_and_hold_tabs(tmp_path):
    text = GOOD.replace('name_en = "safety"', 'name_en = "fire safety"\ndescription = """\nFirst line.\n\tSecond\nline."""')
    s = load_schema(write(tmp_path, text))
    assert (s.themes[0].name_en, s.themes[0].description) == ("fire safety", "First line.\n\tSecond\nline.")


def test_schema_with_a_utf8_bom_loads(tmp_path):
    p = tmp_path / "bom.toml"
    p.write_bytes(b"\xef\xbb\xbf" + GOOD.encode("utf-8"))
    assert load_schema(p).theme_ids == ("safety",)


def test_schema_path_that_is_a_directory_is_a_schema_error(tmp_path):
    with pytest.raises(SchemaError, match="is a directory; pass a schema TOML file"):
        load_schema(tmp_path)


def test_schema_traditional_cues_and_negators_are_read_as_simplified(tmp_path):
    s = load_schema(write(tmp_path, GOOD.replace('cues = ["安全", {term = "火灾", weight = 2}]', """cues = [
  "報廢", "补贴", "補貼", {term = "電池.{0,4}(起火|爆炸)", regex = true}, "ＡＴＭ"]""").replace('"没有"', '"沒有"')))
    # 補貼 is 补贴, already listed: one cue, not two (its weight would count twice)
    assert [(c.term, c.regex) for c in s.themes[0].cues] == [
        ("报废", False), ("补贴", False), ("电池.{0,4}(起火|爆炸)", True), ("ATM", False)]
    assert s.negations == ("没有", "不")
    # models read the Simplified view, so a Traditional cue fires on Traditional text
    r = CliRunner().invoke(main, ["classify", "-", "--model", "lexicon", "--schema", str(tmp_path / "s.toml"), "-q"],
                           input="換車補貼太少，舊車等於報廢，電池會起火。")
    assert r.exit_code == 0, r.output
    row = json.loads(r.stdout)
    # a regex cue's evidence is the (normalised) text it matched, not its pattern
    assert [e["term"] for e in row["evidence"] if e["label"] == "safety"] == ["补贴", "报废", "电池会起火"]
    assert row["scores"]["safety"] == 1 - 0.5 ** 3


def test_schema_themes_without_a_colour_get_distinct_palette_colours(tmp_path):
    text = GOOD.replace('[sentiment]', '[[themes]]\nid = "cost"\ncolor = "#2A9D8F"\n[[themes]]\nid = "speed"\n[[themes]]\nid = "short"\ncolor = "#ABC"\n[sentiment]')
    s = load_schema(write(tmp_path, text))
    # by position, skipping a palette colour another theme already has; never the grey of 'other'
    assert [t.color for t in s.themes] == [PALETTE[1], "#2a9d8f", PALETTE[2], "#aabbcc"]
    assert "#888888" not in [t.color for t in s.themes]


def test_schema_colour_that_is_not_hex_is_a_warning_and_one_palette_colour_everywhere(tmp_path):
    p = write(tmp_path, GOOD.replace('name_en = "safety"', 'name_en = "safety"\ncolor = "navy"'))
    with pytest.warns(SchemaWarning) as caught:
        s = load_schema(p)
    assert [str(w.message) for w in caught] == [
        f"{p}: theme 'safety': color 'navy' is not a hex colour (#rgb or #rrggbb); the theme is drawn in {PALETTE[0]} "
        'everywhere (report, chart, labeling configs); write a hex colour such as "#1d3557"']
    assert s.themes[0].color == PALETTE[0]


@pytest.mark.parametrize(
    "weight,why",  # TOML reads each back as Python repr()s it
    [("-0.5", "a weight is evidence for the theme (or polarity), so counter-evidence cannot be written as a negative "
              "weight: remove the cue instead"),
     ("0", "a cue of weight 0 would count for nothing: remove the cue, or give it a positive weight such as 0.5")],
)
def test_schema_cue_weight_must_be_positive(tmp_path, weight, why):
    p = write(tmp_path, GOOD.replace("weight = 2", f"weight = {weight}"))
    with pytest.raises(SchemaError) as e:
        load_schema(p)
    assert str(e.value) == f"{p}: theme 'safety', cue 2: weight must be a positive number, found {weight}; {why}"


TWO_THEMES = GOOD.replace("[sentiment]", '[[themes]]\nid = "cost"\nname_zh = "费用"\ncues = ["贵", "钱", "补贴"]\n[sentiment]')


@pytest.mark.parametrize(
    "old,new,message",
    [
        ('"补贴"', '{term = "补贴", weight = -1}', "theme 'cost', cue 3: weight must be a positive number, found -1; "),
        ('id = "cost"', 'id = "Cost"', "theme 2: id must be a lowercase identifier other than 'other' ("),
        ('id = "cost"', 'id = "safety"', "themes 1 and 2 both have the id 'safety'; give each theme an id of its own"),
        ('id = "cost"', 'id = "safety"\nshade = 1', "theme 2: unknown key 'shade'"),  # a repeated id does not name it
        ('id = "cost"\n', 'id = "cost"\ncolour = "#fff"\n', "theme 'cost': unknown key 'colour' (did you mean 'color'?)"),
        ('name_zh = "费用"', 'name_zh = "费\\u000b用"', "theme 'cost': name_zh holds the control character U+000B"),
        ('"补贴"', '"补贴", {term = "(", regex = true}', "theme 'cost', cue 4: bad regex '('"),
        ('positive = ["支持"]', 'positive = ["支持", {term = "好", weight = 0}]', "[sentiment].positive, cue 2: weight must be a positive number, found 0; "),
        ('negative = ["反对"]', 'negative = "反对"', "[sentiment].negative must be a list of cues"),
    ],
)
def test_schema_positions_count_from_one_and_name_the_theme_by_its_id(tmp_path, old, new, message):
    assert_edit_refused(tmp_path, TWO_THEMES, old, new, message)


# the regex package matches regex cues (it takes a time limit) and would accept these; the schema stays Python re syntax
@pytest.mark.parametrize("pattern,why", [("\\\\p{Han}+", "bad escape \\p at position 0"),
                                         ("(?<=电|电池)起火", "look-behind requires fixed-width pattern")])
def test_regex_cue_must_be_python_re_syntax_though_the_regex_package_matches_it(tmp_path, pattern, why):
    # quoted as written in a TOML literal string: its backslash once (repr doubled it); \p gets what to write instead
    shown = pattern.replace("\\\\", "\\")
    hint = ("; Python re syntax has no \\p{...} classes: write [\\u4e00-\\u9fff] for Chinese characters, [a-zA-Z] for "
            "ASCII letters") if "\\p" in shown else ""
    assert_edit_refused(tmp_path, TWO_THEMES, '"补贴"', f'"补贴", {{term = "{pattern}", regex = true}}',
                        f"theme 'cost', cue 4: bad regex '{shown}': {why}{hint}")


@pytest.mark.parametrize("pattern,at", [("好{e<=1}", "'{e<=1}' at position 1"), ("(?:支付宝){s<=1}", "'{s<=1}' at position 7"),
                                        ("{i<=1,d<=1}补贴", "'{i<=1,d<=1}' at position 0")])
def test_regex_cue_with_a_brace_the_regex_package_reads_as_fuzzy_matching_is_refused(tmp_path, pattern, at):
    # literal braces to re, but a fuzzy-match constraint to regex, which would then match nearly every text
    assert_edit_refused(tmp_path, TWO_THEMES, '"补贴"', f'"补贴", {{term = "{pattern}", regex = true}}',
                        f"theme 'cost', cue 4: bad regex {pattern!r}: {at} is a fuzzy-match constraint to the regex package "
                        "that matches it; write \\{ and \\} for literal braces")


ID_RULE = ("id must be a lowercase identifier other than 'other' (^[a-z][a-z0-9_]*$: a-z, 0-9 and _, "
           "starting with a letter, e.g. price_rise)")


@pytest.mark.parametrize("tid,fix", [
    ('"养老金"\nname_en = "Pension gap"', "found '养老金'; put '养老金' in name_zh and choose an ASCII id, such as id = \"pension_gap\""),
    ('"养老金"', "found '养老金'; put '养老金' in name_zh and choose an ASCII id, such as id = \"theme_2\""),
    ('"Pension"', "found 'Pension'; use id = \"pension\""),
    ('"pension gap"', "found 'pension gap'; use id = \"pension_gap\""),
    ('"2024"', "found '2024'; use an id such as id = \"theme_2\""),
    ('"other"', "found 'other'; 'other' is the theme of units with none; choose another id, such as id = \"theme_2\""),
])
def test_schema_bad_theme_id_gives_the_pattern_and_an_id_to_use(tmp_path, tid, fix):
    p = write(tmp_path, TWO_THEMES.replace('id = "cost"', f"id = {tid}"))
    with pytest.raises(SchemaError) as e:
        load_schema(p)
    assert str(e.value) == f"{p}: theme 2: {ID_RULE}, {fix}"


def test_schema_stance_labels_are_refused_with_how_to_map_them(tmp_path):
    p = write(tmp_path, GOOD + '\n[labels]\nsentiment = ["favor", "against", "none"]\n')
    with pytest.raises(SchemaError) as e:
        load_schema(p)
    assert str(e.value) == (
        f"{p}: [labels].sentiment must be ['positive', 'neutral', 'negative'] (in any order), found ['favor', 'against', "
        "'none']; the labels are fixed: map a stance set onto them as the stance toward [schema].target "
        "(favor/支持 -> positive, against/反对 -> negative, none/中立 -> neutral)")


def test_schema_traditional_regex_cue_matches_its_own_phrase(tmp_path):
    # 紀錄 reads 记录 after 轉帳 in the text, 纪录 after 轉帳的: the pattern's 紀 stands for both
    p = write(tmp_path, GOOD.replace('cues = ["安全", {term = "火灾", weight = 2}]',
                                     'cues = [{term = "轉帳.{0,2}紀錄", regex = true}, {term = "(顯|卓)著", regex = true}]'))
    assert [c.term for c in load_schema(p).themes[0].cues] == ["转账.{0,2}[纪记]录", "(显|卓)[著着]"]
    for text, matched in [("我的轉帳紀錄被公開了。", "转账记录"), ("轉帳的紀錄被公開了。", "转账的纪录"),
                          ("我的转账记录被公开了。", "转账记录"), ("效果顯著。", "显著")]:
        r = CliRunner().invoke(main, ["classify", "-", "--model", "lexicon", "--schema", str(p), "-q"], input=text)
        assert r.exit_code == 0, r.output
        assert [e["term"] for e in json.loads(r.stdout)["evidence"] if e["label"] == "safety"] == [matched], text


@pytest.mark.parametrize("cue", ["著急", "着急", "衞生", "卫生", "暱稱", "昵称"])
def test_schema_cue_fires_on_simplified_taiwan_and_hong_kong_text_alike(tmp_path, cue):
    p = write(tmp_path, GOOD.replace('"安全"', f'"{cue}"'))
    for text in ["我很着急，卫生也差，改个昵称都要实名。", "我很著急，衛生也差，改個暱稱都要實名。",
                 "我很着急，衞生也差，改個暱稱都要實名。"]:
        r = CliRunner().invoke(main, ["classify", "-", "--model", "lexicon", "--schema", str(p), "-q"], input=text)
        assert r.exit_code == 0, r.output
        assert json.loads(r.stdout)["themes"] == ["safety"], text


@pytest.mark.parametrize("labels,message", [
    ('["positive", "neutral", "negative", "negative"]', "lists 'negative' twice"),
    ('["neutral", "positive", "neutral", "negative", "neutral"]', "lists 'neutral' 3 times"),
])
def test_schema_sentiment_label_listed_twice_is_refused(tmp_path, labels, message):
    p = write(tmp_path, GOOD + f"\n[labels]\nsentiment = {labels}\n")
    expected = f"{p}: [labels].sentiment {message}; list each of positive, neutral and negative once (in any order)"
    with pytest.raises(SchemaError) as e:
        load_schema(p)
    assert str(e.value) == expected
    r = CliRunner().invoke(main, ["classify", "-", "--model", "lexicon", "--schema", str(p)], input="安全。")
    assert (r.exit_code, r.stderr) == (2, f"argmine: error: {expected}\n")
    # any order of the three is still fine
    assert load_schema(write(tmp_path, GOOD + '\n[labels]\nsentiment = ["negative", "positive", "neutral"]\n')).sentiments == (
        "negative", "positive", "neutral")


@pytest.mark.parametrize(
    "cost,what",
    [
        ('name_zh = "安全"', "themes 'safety' and 'cost' both have the name_zh '安全'"),
        ('name_en = "safety first"', "themes 'safety' and 'cost' both have the name_en 'safety first'"),
        ('name_en = " Safety First "', "themes 'safety' and 'cost' both have the name_en 'safety first' and ' Safety First ' "
                                       "(the same as labels are compared: case, width and Traditional or Simplified aside)"),
        ('name_en = "Safety"', "the id of theme 'safety' and the name_en of theme 'cost' are both 'safety' and 'Safety' "
                               "(the same as labels are compared: case, width and Traditional or Simplified aside)"),
        ('name_zh = "safety first"', "the name_en of theme 'safety' and the name_zh of theme 'cost' are both 'safety first'"),
        # compared as labels are (errors.label_key): full width and Traditional script aside
        ('name_en = "ＳＡＦＥＴＹ"', "the id of theme 'safety' and the name_en of theme 'cost' are both 'safety' and 'ＳＡＦＥＴＹ' "
                                  "(the same as labels are compared: case, width and Traditional or Simplified aside)"),
    ],
)
def test_schema_two_themes_with_one_name_are_refused(tmp_path, cost, what):
    base = GOOD.replace('name_en = "safety"', 'name_en = "safety first"\nname_zh = "安全"')
    p = write(tmp_path, base.replace("[sentiment]", f'[[themes]]\nid = "cost"\n{cost}\n[sentiment]'))
    with pytest.raises(SchemaError) as e:
        load_schema(p)
    assert str(e.value) == (f"{p}: {what}; give each theme a name of its own "
                            "(a label written as a theme's name must stand for one theme)")
    # names of their own load, and a theme's English name may be its id
    ok = load_schema(write(tmp_path, base.replace("[sentiment]", '[[themes]]\nid = "cost"\nname_en = "cost"\nname_zh = "费用"\n[sentiment]')))
    assert [(t.id, t.name_zh, t.name_en) for t in ok.themes] == [("safety", "安全", "safety first"), ("cost", "费用", "cost")]


@pytest.mark.parametrize("value", ['""', '"  "'])
def test_schema_empty_id_is_refused(tmp_path, value):
    p = write(tmp_path, GOOD.replace('id = "fire"', f"id = {value}", 1))
    with pytest.raises(SchemaError) as e:
        load_schema(p)
    assert str(e.value) == (f"{p}: [schema].id is empty ({value[1:-1]!r}); name the schema, such as id = \"ebike_standard\", "
                            "or leave id out for the default \"schema\"")
    assert load_schema(write(tmp_path, GOOD.replace('id = "fire"\n', "", 1))).id == "schema"


@pytest.mark.parametrize("value", ['""', '"  "'])
def test_schema_empty_version_is_refused(tmp_path, value):
    text = GOOD.replace('id = "fire"', f'id = "fire"\nversion = {value}', 1)
    p = write(tmp_path, text)
    with pytest.raises(SchemaError) as e:
        load_schema(p)
    assert str(e.value).startswith(f"{p}: [schema].version is empty ({value[1:-1]!r}); give the schema's revision")
    assert load_schema(write(tmp_path, GOOD)).version == "1"


@pytest.mark.parametrize("call", ["load_schema", "classify", "load_model"])
def test_a_schema_argument_of_the_wrong_type_is_a_typeerror_naming_it(call):
    import argmine
    from argmine.classify import load_model

    f = {"load_schema": lambda: load_schema(5), "classify": lambda: argmine.classify(["好"], schema=5),
         "load_model": lambda: load_model("lexicon", schema=5)}[call]
    with pytest.raises(TypeError, match=r"^schema must be an argmine.Schema, a schema file path or None, not int$"):
        f()


@pytest.mark.parametrize("weight", ["nan", "inf", "-inf"])
def test_schema_cue_weight_nan_or_infinite_is_named_as_not_finite(tmp_path, weight):
    p = write(tmp_path, GOOD.replace("weight = 2", f"weight = {weight}"))
    with pytest.raises(SchemaError) as e:
        load_schema(p)
    assert str(e.value) == f"{p}: theme 'safety', cue 2: weight must be a finite number, found {weight}; write a positive number such as 1 or 2"


_THEMES_HOW = "write each theme as a [[themes]] table (double brackets) with an id and cues, as in argmine/schemas/alipay.toml"


@pytest.mark.parametrize(
    "text,message",
    [
        ('[schema]\nid = "x"\n', "the schema has no themes; " + _THEMES_HOW),
        ('themes = []\n[schema]\nid = "x"\n', "themes = [] lists no theme; the schema needs at least one: " + _THEMES_HOW),
        ('[schema]\nid = "x"\nthemes = []\n', "'themes' is written under [schema], so it is a key of that table (a key belongs to "
                                             "the [table] above it), and the schema has no themes; " + _THEMES_HOW),
        ('[schema]\nid = "x"\n[themes]\nid = "a"\ncues = ["骑手"]\n',
         "[themes] (single brackets) is one table, not a list of themes; write each theme as [[themes]] (double brackets)"),
        ('themes = "a"\n[schema]\nid = "x"\n', "themes must be a list of [[themes]] tables, found 'a'; " + _THEMES_HOW),
        ('[schema]\nid = "x"\n[[themes]]\nname_en = "rider pay"\ncues = ["骑手"]\n',
         'theme 1 has no id; add one, such as id = "rider_pay" (lowercase letters, digits and _)'),
        ('[schema]\nid = "x"\n[[themes]]\nname_zh = "骑手"\n', 'theme 1 has no id; add one, such as id = "theme_1" (lowercase letters, digits and _)'),
    ],
)
def test_schema_without_a_list_of_themes_or_a_theme_id_says_which_mistake(tmp_path, text, message):
    p = write(tmp_path, text)
    with pytest.raises(SchemaError) as e:
        load_schema(p)
    assert str(e.value) == f"{p}: {message}"


@pytest.mark.parametrize(
    "table,message",
    [
        ('threshold = "0.5"', "[lexicon].threshold must be a number in (0, 1], found '0.5'"),
        ("threshold = 0", "[lexicon].threshold must be a number in (0, 1], found 0"),
        ("threshold = true", "[lexicon].threshold must be a number in (0, 1], found True"),
        ("negated_theme_weight = 1.5", "[lexicon].negated_theme_weight must be a number in [0, 1], found 1.5"),
        ("sentiment_margin = -0.1", "[lexicon].sentiment_margin must be a number in [0, 1], found -0.1"),
    ],
)
def test_schema_lexicon_values_are_checked_at_load_naming_the_file(tmp_path, table, message):
    p = write(tmp_path, GOOD + f"\n[lexicon]\n{table}\n")
    with pytest.raises(SchemaError) as e:
        load_schema(p)
    assert str(e.value) == f"{p}: {message}"
    r = CliRunner().invoke(main, ["classify", "-", "--model", "lexicon", "--schema", str(p)], input="安全。")
    assert (r.exit_code, r.stderr) == (2, f"argmine: error: {p}: {message}\n")


def test_schema_lexicon_values_at_the_limits_load(tmp_path):
    s = load_schema(write(tmp_path, GOOD + "\n[lexicon]\nthreshold = 1\nnegated_theme_weight = 0\nsentiment_margin = 1.0\n"))
    assert s.extra["lexicon"] == {"threshold": 1, "negated_theme_weight": 0, "sentiment_margin": 1.0}


@pytest.mark.parametrize(
    "old,new,where",
    [
        ('cues = ["安全"', 'cues = ["安全", ""', "theme 'safety', cue 2: empty cue ''"),
        ('{term = "火灾", weight = 2}', '{term = " ", weight = 2}', "theme 'safety', cue 2: empty cue ' '"),
        ('negations = ["没有", "不"]', 'negations = ["没有", ""]', "[sentiment].negations, negator 2: empty cue ''"),
    ],
)
def test_schema_empty_cue_is_an_error(tmp_path, old, new, where):
    p = write(tmp_path, GOOD.replace(old, new, 1))
    with pytest.raises(SchemaError) as e:
        load_schema(p)
    assert str(e.value) == f'{p}: {where}; remove it (a stray "" or comma) or write the term'


def test_schema_without_sentiment_cues_warns_once_when_the_lexicon_uses_it(tmp_path):
    from argmine.backends.lexicon import LexiconBackend

    p = write(tmp_path, GOOD.replace('positive = ["支持"]\nnegative = ["反对"]\n', ""))
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        schema = load_schema(p)  # trained models read sentiment without cues: no warning here
    with pytest.warns(SchemaWarning) as caught:
        LexiconBackend(schema).predict(["好。"])
    assert [str(w.message) for w in caught] == [
        f"{p}: the schema has no sentiment cues ([sentiment] positive and negative are empty), so the lexicon backend "
        "(--model lexicon) marks every unit neutral; add some cues, or use a trained model"]
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        load_schema(write(tmp_path, GOOD))  # one polarity listed is enough


def test_schema_warnings_name_the_callers_line_not_argmines(tmp_path):
    import inspect

    from argmine.backends.lexicon import LexiconBackend

    colour = write(tmp_path, GOOD.replace('name_en = "safety"', 'name_en = "safety"\ncolor = "navy"'))
    (tmp_path / "quiet").mkdir()
    quiet = write(tmp_path / "quiet", GOOD.replace('positive = ["支持"]\nnegative = ["反对"]\n', ""))
    for call in (lambda: load_schema(colour), lambda: LexiconBackend(load_schema(quiet)).predict(["好。"])):
        with warnings.catch_warnings(record=True) as seen:
            warnings.simplefilter("always")
            call()
        line = inspect.getsourcelines(call)[1]
        assert [(w.category, w.filename, w.lineno) for w in seen] == [(SchemaWarning, __file__, line)]


def test_missing_schema_file_names_the_option_and_the_keyword(tmp_path):
    with pytest.raises(SchemaError) as e:
        load_schema(tmp_path / "nope.toml")
    assert str(e.value) == f"{tmp_path / 'nope.toml'}: schema file not found; check the path given as --schema (schema= in Python)"


def test_labels_sentiment_of_the_wrong_type_shows_a_sentiment_list_as_the_example(tmp_path):
    p = write(tmp_path, GOOD + '\n[labels]\nsentiment = 7\n')
    with pytest.raises(SchemaError) as e:
        load_schema(p)
    assert str(e.value) == f'{p}: [labels].sentiment must be a list of strings (e.g. ["positive", "neutral", "negative"]), found 7'


def test_unknown_label_messages_show_a_huge_label_cut():
    schema = load_schema()
    with pytest.raises(SchemaError) as e:
        schema.validate_sentiment("社" * 10_000)
    assert len(str(e.value)) < 400 and "(10000 characters)" in str(e.value)
    with pytest.raises(SchemaError) as e:
        schema.theme("x" * 10_000)
    assert len(str(e.value)) < 400 and "(10000 characters)" in str(e.value)


def test_cli_schema_prints_the_packaged_schema_or_a_models_own(tmp_path):
    from argmine.schema import default_schema_text

    res = CliRunner().invoke(main, ["schema"])
    assert res.exit_code == 0 and res.stdout == default_schema_text()
    assert load_schema().theme_ids == ("pro_social", "privacy", "brand_fit", "bloat")
    res = CliRunner().invoke(main, ["schema", "-o", str(tmp_path / "mine.toml")])
    assert res.exit_code == 0 and load_schema(tmp_path / "mine.toml").theme_ids == load_schema().theme_ids
    model = tmp_path / "model"
    model.mkdir()
    (model / "config.json").write_text('{"backend": "lexicon"}', "utf-8")
    (model / "schema.toml").write_text(GOOD, "utf-8")
    res = CliRunner().invoke(main, ["schema", "--model", str(model)])
    assert res.exit_code == 0 and res.stdout == GOOD
    res = CliRunner().invoke(main, ["schema", "--model", str(tmp_path / "mine.toml")])  # not a model directory: one line, exit 2
    assert res.exit_code == 2 and len(res.stderr.splitlines()) == 1 and res.stderr.startswith("argmine: error: ")


def test_cli_schema_checks_model_and_writes_as_other_commands(tmp_path):
    res = CliRunner().invoke(main, ["schema", "--model", ""])  # --model is checked as every command's is
    assert res.exit_code == 2 and "an empty value names no model" in res.stderr
    own = tmp_path / "own"
    own.mkdir()
    (own / "config.json").write_text('{"backend": "lexicon"}', "utf-8")
    (own / "schema.toml").write_text("# mine\n", "utf-8")
    res = CliRunner().invoke(main, ["schema", "--model", str(own), "-o", str(own / "schema.toml")])
    assert res.exit_code == 2 and "is also an input" in res.stderr and (own / "schema.toml").read_text("utf-8") == "# mine\n"
    model = tmp_path / "model"
    model.mkdir()
    (model / "config.json").write_text('{"backend": "lexicon"}', "utf-8")
    res = CliRunner().invoke(main, ["schema", "--model", str(model)])  # worded as loading the model words it
    assert res.exit_code == 2
    assert res.stderr == f"argmine: error: {model}: missing schema.toml; the model directory is incomplete, retrain with 'argmine train'\n"
    if os.path.exists("/dev/full"):  # a write that fails says what became of the output, as every command's does
        res = CliRunner().invoke(main, ["schema", "-o", "/dev/full"])
        assert res.exit_code == 1
        assert res.stderr == ("argmine: error: /dev/full: cannot write output (No space left on device); "
                              "the disk is full: free some space on it, or write to another disk; the output is incomplete\n")


def test_a_label_the_schema_lacks_is_carried_on_the_error_with_its_type():
    sch = load_schema()
    with pytest.raises(SchemaError) as theme:
        sch.validate_themes(["privacy", "Privacy"])
    with pytest.raises(SchemaError) as sentiment:
        sch.validate_sentiment("负面")
    assert [(e.value.label, e.value.label_type, e.value.kind) for e in (theme, sentiment)] == [
        ("Privacy", "theme", "label"), ("负面", "sentiment", "sentiment")]  # a sentiment is no other schema's: a kind of its own


def test_label_hint_reads_the_label_off_the_error_even_where_the_message_shows_it_cut():
    from argmine.errors import label_hint

    sch = load_schema()
    with pytest.raises(SchemaError) as e:
        sch.theme("Privacy" + " " * 100)  # shown cut in the message, so it cannot be read back from it
    assert label_hint(sch, e.value).startswith(f"{'Privacy' + ' ' * 100!r}"[:81] + "'… (107 characters) stands for theme 'privacy': write its id; ")


def _schema(tmp_path, cues_line):
    """GOOD with its theme's cues replaced by ``cues_line``."""
    return load_schema(write(tmp_path, GOOD.replace('cues = ["安全", {term = "火灾", weight = 2}]', cues_line)))


@pytest.mark.parametrize("cue,text", [("顯著", "他明显着急了。"), ("名著", "他莫名着急了。"), ("原著", "原着急"),
                                      ("著名", "她写着名字。"), ("論著", "讨论着急事")])
def test_regex_cue_keeps_the_zhu_its_own_text_decides(tmp_path, cue, text):
    import re

    from argmine.schema import _regex_simplified

    assert "[" not in _regex_simplified(cue)
    schema = _schema(tmp_path, f'cues = [{{term = "{cue}", regex = true}}]')
    assert not re.search(schema.themes[0].cues[0].term, text)


@pytest.mark.parametrize("cue,matches", [(r"\著急", "他很着急"), ("(?P<紀錄>轉帳)(?P=紀錄)", "转账转账"),
                                         (r"(?P<acct>帳戶)\s*被盜", "账户被盗")])
def test_regex_cue_reads_escaped_characters_as_text_and_keeps_group_names(tmp_path, cue, matches):
    import re

    schema = _schema(tmp_path, f"cues = [{{term = '{cue}', regex = true}}]")
    assert re.search(schema.themes[0].cues[0].term, matches)


def test_regex_cue_with_a_traditional_class_range_is_refused(tmp_path):
    with pytest.raises(SchemaError) as e:
        _schema(tmp_path, "cues = [{term = '[這-週]', regex = true}]")
    assert str(e.value).endswith("cue 1: regex '[這-週]': the class range 這-週 is Traditional, and the text is read in "
                                 "Simplified, where a range holds other characters; write the range in Simplified, "
                                 "or list its characters")
    _schema(tmp_path, "cues = [{term = '[一-龥]', regex = true}]")  # Simplified: fine


def test_schema_bad_theme_id_does_not_suggest_an_id_another_theme_has(tmp_path):
    p = write(tmp_path, GOOD + '[[themes]]\nid = "Safety"\nname_en = "x"\n[[themes]]\nid = "就业"\nname_en = "safety"\n')
    with pytest.raises(SchemaError) as e:
        load_schema(p)
    assert str(e.value) == f"{p}: theme 2: {ID_RULE}, found 'Safety'; use id = \"safety_2\" (another theme has \"safety\")"


TWO = """
[schema]
id = "ret"
[[themes]]
id = "pension_gap"
name_zh = "养老金缺口"
cues = ["养老金"]
[[themes]]
id = "health"
NAMES
cues = ["健康"]
[sentiment]
positive = ["支持"]
"""


@pytest.mark.parametrize(
    "names,what",
    [
        ('name_zh = "養老金缺口"', "themes 'pension_gap' and 'health' both have the name_zh '养老金缺口' and '養老金缺口'"),
        ('name_zh = "ＰＥＮＳＩＯＮ＿ＧＡＰ"', "the id of theme 'pension_gap' and the name_zh of theme 'health' are both "
                                        "'pension_gap' and 'ＰＥＮＳＩＯＮ＿ＧＡＰ'"),
    ],
)
def test_schema_names_differing_only_in_script_or_width_clash_as_labels_resolve(tmp_path, names, what):
    p = write(tmp_path, TWO.replace("NAMES", names))
    with pytest.raises(SchemaError) as e:
        load_schema(p)
    assert str(e.value) == (f"{p}: {what} (the same as labels are compared: case, width and Traditional or Simplified aside); "
                            "give each theme a name of its own (a label written as a theme's name must stand for one theme)")
    r = CliRunner().invoke(main, ["classify", "-", "--model", "lexicon", "--schema", str(p)], input="养老金。")
    assert (r.exit_code, r.stderr) == (2, f"argmine: error: {e.value}\n")


def test_schema_that_loads_has_every_name_resolve_to_its_own_theme(tmp_path):
    from argmine.errors import theme_named

    s = load_schema(write(tmp_path, TWO.replace("NAMES", 'name_zh = "健康風險"\nname_en = "Health Risk"')))
    for schema in (s, load_schema()):
        assert all(theme_named(schema, n) == t.id for t in schema.themes for n in (t.id, t.name_zh, t.name_en) if n)


@pytest.mark.parametrize("names,field,name", [
    ('name_en = "other"', "name_en", "other"), ('name_en = "Other"', "name_en", "Other"),
    ('name_en = "ＯＴＨＥＲ"', "name_en", "ＯＴＨＥＲ"), ('name_zh = "其他"', "name_zh", "其他"), ('name_zh = "無主題"', "name_zh", "無主題"),
])
def test_schema_theme_named_as_the_units_with_no_theme_is_refused(tmp_path, names, field, name):
    p = write(tmp_path, TWO.replace("NAMES", names))
    with pytest.raises(SchemaError) as e:
        load_schema(p)
    assert str(e.value) == (f"{p}: theme 'health': {field} {name!r} is the label of units with no theme ('other', shown as "
                            "其他), so labels and tables would show two of them; give the theme a name of its own")


@pytest.mark.parametrize("cue,shown", [('"，"', "','"), ('"..."', "'...'"), ('" 、 "', "','")])
@pytest.mark.parametrize("where", ["theme 'pension_gap', cue 2", "[sentiment].positive, cue 2"])
def test_schema_literal_cue_of_only_punctuation_or_spaces_is_refused(tmp_path, cue, shown, where):
    old = 'cues = ["养老金"]' if where.startswith("theme") else 'positive = ["支持"]'
    p = write(tmp_path, TWO.replace("NAMES", "").replace(old, old[:-1] + f", {cue}]"))
    with pytest.raises(SchemaError) as e:
        load_schema(p)
    found = repr(tomllib.loads(f"x = {cue}")["x"])
    shown = "'、'" if "、" in cue else shown  # 、 stays itself when normalised
    assert str(e.value) == (f"{p}: {where}: cue {found} is only punctuation or spaces (no letter, digit, Chinese "
                            f"character or symbol), so it would fire on every {shown} in the text; remove it, or write the "
                            "word it belongs to")
    r = CliRunner().invoke(main, ["classify", "-", "--model", "lexicon", "--schema", str(p)], input="养老金，缺口。")
    assert (r.exit_code, r.stderr) == (2, f"argmine: error: {e.value}\n")


@pytest.mark.parametrize("cue", ['"\\u200b"', '"\\u00ad\\u200b"'])
def test_schema_literal_cue_of_only_invisible_characters_is_refused_as_never_firing(tmp_path, cue):
    # the text cues read leaves invisible characters out: such a cue would match nothing, not every mark
    p = write(tmp_path, TWO.replace("NAMES", "").replace('cues = ["养老金"]', f'cues = ["养老金", {cue}]'))
    with pytest.raises(SchemaError) as e:
        load_schema(p)
    found = repr(tomllib.loads(f"x = {cue}")["x"])
    assert str(e.value) == (f"{p}: theme 'pension_gap', cue 2: cue {found} is only invisible characters (zero-width "
                            "spaces, soft hyphens, ...), which cues read through, so it would never fire; remove it, or "
                            "write the word it belongs to")


def test_schema_cue_with_a_word_or_an_emoji_in_it_loads(tmp_path):
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        s = load_schema(write(tmp_path, TWO.replace("NAMES", "").replace(
            'positive = ["支持"]', 'positive = ["支持", "👍", "A.", "，好", "¥", "%", "#", "@", "→"]')))
    # a currency or other sign can be a theme's cue (a price theme's ¥); only marks, brackets, dashes and spaces alone cannot
    assert [c.term for c in s.positive_cues] == ["支持", "👍", "A.", ",好", "¥", "%", "#", "@", "→"]


@pytest.mark.parametrize("cue,sep,split", [
    ("养老金，缺口，入不敷出", "，", '"养老金", "缺口", "入不敷出"'), ("养老金、缺口", "、", '"养老金", "缺口"'), ("养老金；缺口", "；", '"养老金", "缺口"'),
])
def test_schema_literal_cue_written_as_a_chinese_list_warns_once(tmp_path, cue, sep, split):
    p = write(tmp_path, TWO.replace("NAMES", "").replace('cues = ["养老金"]', f'cues = ["{cue}"]'))
    with warnings.catch_warnings(record=True) as seen:
        warnings.simplefilter("always")
        load_schema(p)
    assert [(w.category, str(w.message)) for w in seen] == [(SchemaWarning, (
        f"{p}: theme 'pension_gap', cue 1: cue {cue!r} holds {sep!r}, so it matches only that whole text, {sep} included; "
        f"write each cue as its own string: {split}"))]


@pytest.mark.parametrize("cue,what", [("电池.{0,4}(起火|爆炸)", ".{0,4}"), ("(延迟|推迟)退休", "(延迟|推迟)"), ("养老.*缺口", ".*"),
                                     ("\\\\d+岁退休", "\\d")])
def test_schema_literal_cue_written_as_a_regex_warns_to_add_regex_true(tmp_path, cue, what):
    # it loaded silently and matched only text holding those very characters
    p = write(tmp_path, TWO.replace("NAMES", "").replace('cues = ["养老金"]', f'cues = ["{cue}"]'))
    with warnings.catch_warnings(record=True) as seen:
        warnings.simplefilter("always")
        load_schema(p)
    written = cue.replace("\\\\", "\\")
    assert [(w.category, str(w.message)) for w in seen] == [(SchemaWarning, (
        f"{p}: theme 'pension_gap', cue 1: cue '{written}' looks like a regular expression ({what}), but it is matched as "
        f"literal text, so it fires only where the text holds those very characters; add regex = true: "
        f"{{term = '{written}', regex = true}}"))]
    with warnings.catch_warnings(record=True) as seen:  # the same cue as a regex: no warning
        warnings.simplefilter("always")
        load_schema(write(tmp_path, TWO.replace("NAMES", "").replace('cues = ["养老金"]', f'cues = [{{term = "{cue}", regex = true}}]')))
    assert seen == []


@pytest.mark.parametrize("old,new,where,found", [
    ('name_zh = "养老金缺口"', "name_zh = 5", "theme 'pension_gap': name_zh", "int 5"),
    ('name_zh = "养老金缺口"', "name_en = true", "theme 'pension_gap': name_en", "boolean True"),
    ('name_zh = "养老金缺口"', 'description = ["a", "b"]', "theme 'pension_gap': description", "array ['a', 'b']"),
    ('id = "ret"', "id = {a = 1}", "[schema].id", "table {'a': 1}"),
    ('id = "ret"', 'id = "ret"\nversion = {major = 1}', "[schema].version", "table {'major': 1}"),
    ('id = "ret"', 'id = "ret"\nversion = true', "[schema].version", "boolean True"),
    ('id = "ret"', 'id = "ret"\nversion = [1, 2]', "[schema].version", "array [1, 2]"),
])
def test_schema_value_of_a_type_without_text_is_refused(tmp_path, old, new, where, found):
    p = write(tmp_path, TWO.replace("NAMES", "").replace(old, new))
    with pytest.raises(SchemaError) as e:
        load_schema(p)
    key = where.rsplit(".", 1)[-1].rsplit(" ", 1)[-1]
    expected = "a string, a number or a date" if where.startswith("[schema]") else "a string"
    assert str(e.value) == f'{p}: {where} must be {expected}, found {found}; write it in quotes, such as {key} = "..."'


@pytest.mark.parametrize("value,text", [("2", "2"), ("2.5", "2.5"), ("2024-05-01", "2024-05-01"), ('"v3"', "v3")])
def test_schema_version_that_is_a_number_or_a_date_is_used_as_its_text(tmp_path, value, text):
    s = load_schema(write(tmp_path, TWO.replace("NAMES", "").replace('id = "ret"', f'id = 7\nversion = {value}')))
    assert (s.id, s.version) == ("7", text)


RX = """
[schema]
id = "rx"
[[themes]]
id = "a"
cues = [{term = '[[:alpha:]]', regex = true}, {term = 'x[[:digit:]]', regex = true}]
[[themes]]
id = "b"
cues = [{term = '[[:alpha:]]', regex = true}, {term = '[+--]', regex = true}]
[sentiment]
positive = ["好"]
"""


def test_schema_regex_cue_re_warns_about_is_one_schema_warning_per_cue_naming_it(tmp_path):
    p = write(tmp_path, RX)
    nested = ("holds '[[' (Python's re: Possible nested set at position {}): re reads a POSIX class such as [[:alpha:]] "
              "as a plain set of characters, the regex package argmine matches with as a class (of letters: Chinese "
              "characters too); write the set you mean: [a-zA-Z] for ASCII letters, \\d for digits, \\s for white space, "
              "\\[ for a literal [")
    expected = [
        f"{p}: theme 'a', cue 1: regex '[[:alpha:]]' " + nested.format(1),
        f"{p}: theme 'a', cue 2: regex 'x[[:digit:]]' " + nested.format(2),
        f"{p}: theme 'b', cue 1: regex '[[:alpha:]]' " + nested.format(1),
        f"{p}: theme 'b', cue 2: regex '[+--]' holds a doubled -, &, | or ~ in a set (Python's re: Possible set difference "
        "at position 2), which a later Python may read as a set operation; escape the one that stands for itself (\\-, \\&, "
        "\\|, \\~)",
    ]
    before = list(warnings.filters)
    for _ in range(2):  # every load, not only the first (re caches what it compiled and warns once)
        with warnings.catch_warnings(record=True) as seen:
            warnings.simplefilter("always")
            s = load_schema(p)
        assert [(w.category, str(w.message)) for w in seen] == [(SchemaWarning, m) for m in expected]
    assert warnings.filters == before
    # the regex package (what cues match with) reads [[:alpha:]] as letters, Chinese ones too
    assert [c.regex for c in s.themes[0].cues] == [True, True]
    r = CliRunner().invoke(main, ["classify", "-", "--model", "lexicon", "--schema", str(p)], input="好。")
    assert r.exit_code == 0
    assert [line for line in r.stderr.splitlines() if "warning" in line] == [f"argmine: warning: {m}" for m in expected]
    assert json.loads(r.stdout.splitlines()[0])["themes"] == ["a", "b"]


@pytest.mark.parametrize("cue,where,key", [
    ('{Term = "甲乙"}', "theme 'pension_gap', cue 2", "Term"),
    ('{trem = "点赞", weight = 2}', "theme 'pension_gap', cue 2", "trem"),
])
def test_schema_misspelt_term_key_gets_did_you_mean(tmp_path, cue, where, key):
    p = write(tmp_path, TWO.replace("NAMES", "").replace('cues = ["养老金"]', f'cues = ["养老金", {cue}]'))
    with pytest.raises(SchemaError) as e:
        load_schema(p)
    assert str(e.value) == f"{p}: {where}: unknown key {key!r} (did you mean 'term'?); known keys: term, weight, regex"


@pytest.mark.parametrize("encoding,reads", [("gbk", "; it reads as GB18030"), ("utf-16", "; it reads as UTF-16"), (None, "")])
def test_schema_file_not_utf8_says_to_save_it_as_utf8_and_what_it_reads_as(tmp_path, encoding, reads):
    text = TWO.replace("NAMES", "")
    data = text.encode(encoding) if encoding else text.encode("utf-8").replace("养".encode("utf-8"), b"\xff\xfe\xfa")
    p = tmp_path / "s.toml"
    p.write_bytes(data)
    with pytest.raises(SchemaError) as e:
        load_schema(p)
    first = {"gbk": ("0xD1", 6), "utf-16": ("0xFF", 1), None: ("0xFF", 6)}[encoding]
    assert str(e.value) == (f"{p}: schema file is not UTF-8 (byte {first[0]} at line {first[1]} is not valid UTF-8){reads}; "
                            "save it as UTF-8 (in Notepad: File > Save As, Encoding: UTF-8)")


WARNED_GOLD = [("养老金缺口越来越大。", ["pension_gap"], "negative"), ("延迟退休不合理。", ["pension_gap"], "negative"),
               ("多锻炼身体健康。", ["health"], "positive"), ("健康最重要。", ["health"], "positive"),
               ("今天下雨了。", [], "neutral"), ("养老金又涨了。", ["pension_gap"], "positive")]


@pytest.mark.parametrize("backend", ["linear", "lexicon"])
def test_schema_warnings_are_given_at_training_not_again_when_the_model_loads(tmp_path, backend):
    # the model's schema.toml is a copy argmine wrote: its cues warned when the user's file was read for training
    from argmine import load_model

    p = write(tmp_path, TWO.replace("NAMES", "").replace('cues = ["养老金"]', 'cues = ["养老金，缺口", "延迟.*退休"]'))
    gold = tmp_path / "gold.jsonl"
    gold.write_text("".join(json.dumps({"text": t, "themes": th, "sentiment": s}, ensure_ascii=False) + "\n"
                            for t, th, s in WARNED_GOLD), encoding="utf-8")
    model = tmp_path / "m"
    r = CliRunner().invoke(main, ["train", str(gold), "--backend", backend, "--schema", str(p), "-o", str(model)])
    assert r.exit_code == 0, r.output
    warned = [f"argmine: warning: {p}: theme 'pension_gap', cue 1: cue '养老金，缺口' holds '，', so it matches only that whole "
              "text, ， included; write each cue as its own string: \"养老金\", \"缺口\"",
              f"argmine: warning: {p}: theme 'pension_gap', cue 2: cue '延迟.*退休' looks like a regular expression (.*), "
              "but it is matched as literal text, so it fires only where the text holds those very characters; add regex = "
              "true: {term = '延迟.*退休', regex = true}"]
    assert [line for line in r.stderr.splitlines() if "cue" in line] == warned
    r = CliRunner().invoke(main, ["classify", "-", "--model", str(model), "-q"], input="延迟退休不合理。")
    assert r.exit_code == 0, r.output
    assert [line for line in r.stderr.splitlines() if "schema.toml" in line] == []
    with warnings.catch_warnings(record=True) as seen:
        warnings.simplefilter("always")
        load_model(model).predict(["延迟退休不合理。"])
    assert [str(w.message) for w in seen if issubclass(w.category, SchemaWarning)] == []
    # a schema file the user passes warns, the model's copy too when passed as one
    with pytest.warns(SchemaWarning, match="looks like a regular expression"):
        load_schema(model / "schema.toml")
    r = CliRunner().invoke(main, ["classify", "-", "--model", str(model), "--schema", str(p), "-q"], input="延迟退休不合理。")
    assert r.exit_code == 0, r.output
    assert [line for line in r.stderr.splitlines() if "cue" in line] == warned


def test_load_schema_warn_false_keeps_only_the_files_own_warnings(tmp_path):
    p = write(tmp_path, TWO.replace("NAMES", "color = \"navy\"").replace('cues = ["养老金"]', 'cues = ["养老.*缺口"]'))
    with warnings.catch_warnings(record=True) as seen:
        warnings.simplefilter("always")
        s = load_schema(p, warn=False)
    assert (seen, s.themes[0].cues[0].term, s.source) == ([], "养老.*缺口", str(p))
    with pytest.warns(SchemaWarning) as seen:
        load_schema(p)
    assert len(seen) == 2


NAMED_SCHEMA_CHECK = """
import os, sys, warnings
import argmine
from argmine.backends.lexicon import LexiconBackend
from argmine.errors import ModelError
from argmine.schema import load_schema

sys.stdout.reconfigure(errors="backslashreplace")  # a name the message failed to show as UTF-8 comes out as \\udcXX
warnings.simplefilter("always")
warnings.showwarning = lambda m, *a, **k: print("warning:", m)
schema = load_schema(next(n for n in os.listdir(".") if n.endswith(".toml")))  # the name as the locale decodes it
LexiconBackend(schema).predict(["健康。"])  # no sentiment cues: a warning naming the file
model = argmine.load_model("lexicon")
try:
    argmine.load_model(model, schema=schema)
except ModelError as e:
    print("error:", e)
"""


def test_schema_file_named_after_loading_as_a_utf8_locale_shows_it(tmp_path):
    # under LC_ALL=C Python decodes the UTF-8 name 主题.toml as \\udce4... escapes: messages read its bytes as UTF-8
    import subprocess
    import sys

    env = {**os.environ, "LC_ALL": "C", "LANG": "C", "PYTHONUTF8": "0", "PYTHONCOERCECLOCALE": "0", "PYTHONIOENCODING": "utf-8"}
    encoding = subprocess.run([sys.executable, "-c", "import sys; print(sys.getfilesystemencoding())"], env=env,
                              capture_output=True, text=True).stdout.strip()
    if encoding.replace("-", "").lower() == "utf8":
        pytest.skip("this Python reads file names as UTF-8 under LC_ALL=C")
    (tmp_path / "主题.toml").write_text(TWO.replace("NAMES", "").replace('positive = ["支持"]', ""), encoding="utf-8")
    (tmp_path / "check.py").write_text(NAMED_SCHEMA_CHECK, encoding="utf-8")
    r = subprocess.run([sys.executable, "check.py"], cwd=tmp_path, env=env, capture_output=True,
                       encoding="utf-8", timeout=300)
    assert r.returncode == 0, r.stderr
    lines = r.stdout.splitlines()
    assert lines[0].startswith("warning: 主题.toml: the schema has no sentiment cues"), lines
    assert "schema 'ret' (主题.toml) is not the one this loaded lexicon model predicts with" in lines[1], lines
    assert "\\udc" not in r.stdout
    # the same for the CLI
    r = subprocess.run([sys.executable, "-m", "argmine", "classify", "-", "--model", "lexicon", "--schema", "主题.toml", "-q"],
                       cwd=tmp_path, env=env, input="健康。", capture_output=True, encoding="utf-8", timeout=300)
    assert r.returncode == 0, r.stderr
    assert r.stderr.startswith("argmine: warning: 主题.toml: the schema has no sentiment cues"), r.stderr


# --- labels that mean no theme; theme names holding spaces ---------------------------


@pytest.mark.parametrize("word", ["none", "None", "NONE", "ｎｏｎｅ", "无", "無", "其他", "其它", "无主题", "無主題", "Other", "OTHER"])
def test_no_theme_words_are_read_as_other_as_other_is(word):
    from argmine.schema import means_other, split_labels

    schema = load_schema()
    assert means_other(word)
    assert schema.validate_themes([word]) == schema.validate_themes(["other"]) == ()
    assert schema.validate_themes(split_labels(f"privacy;{word}")) == schema.validate_themes(["privacy", "other"]) == ("privacy",)


@pytest.mark.parametrize("mark", ["N/A", "n/a", "NA", "-", "—"])
def test_marks_that_may_mean_not_labelled_are_refused_saying_to_write_other(mark):
    from argmine.errors import bad_label

    schema = load_schema()
    with pytest.raises(SchemaError) as e:
        schema.validate_themes([mark])
    assert bad_label(schema, e.value) == (
        f"unknown theme {mark!r} in schema 'alipay_social'; expected one of: pro_social, privacy, brand_fit, bloat (or 'other' for none); "
        "write 'other' for no theme (or leave the themes cell empty, [] in JSON)")


@pytest.mark.parametrize("name", ["none", "None", "无", "無", "其它"])
def test_schema_theme_may_not_be_named_as_a_no_theme_word(tmp_path, name):
    p = tmp_path / "s.toml"
    p.write_text(f'[schema]\nid = "x"\n[[themes]]\nid = "a"\nname_zh = "{name}"\n', "utf-8")
    with pytest.raises(SchemaError, match=f"theme 'a': name_zh '{name}' is the label of units with no theme"):
        load_schema(p)


@pytest.mark.parametrize("cell, label, theme", [
    ("pro social", "pro social", "pro_social"),
    ("privacy & safety", "privacy & safety", "privacy"),
    ("Brand fit", "Brand fit", "brand_fit"),
    ("bloat; pro social", "pro social", "pro_social"),
    ("privacy & safety、bloat", "privacy & safety", "privacy"),
])
def test_english_theme_name_with_spaces_is_named_whole_with_its_id(cell, label, theme):
    from argmine.errors import bad_label
    from argmine.schema import split_labels

    schema = load_schema()
    assert label in split_labels(cell, schema) and label not in split_labels(cell)  # whole only with the schema (train's and import's readers)
    with pytest.raises(SchemaError) as e:
        schema.validate_themes(split_labels(cell, schema))
    assert e.value.label == label
    assert f"; {label!r} stands for theme {theme!r}: write its id; " in bad_label(schema, e.value)


@pytest.mark.parametrize("cell", ["privacy bloat", "privacy;bloat", "privacy, bloat | brand_fit", "privacy none"])
def test_ids_apart_by_spaces_or_separators_are_read_as_before(cell):
    from argmine.schema import split_labels

    schema = load_schema()
    assert split_labels(cell, schema) == split_labels(cell)
    assert schema.validate_themes(split_labels(cell)) == schema.validate_themes(split_labels(cell, schema))


# --- a model saved by an older argmine with a theme named as no theme ---------------------------------------------------

OLD_MODEL_SCHEMA = """
[schema]
id = "fees"
version = "1"
[[themes]]
id = "cost"
name_zh = "费用"
cues = ["贵", "钱"]
[[themes]]
id = "idle"
name_zh = "闲聊"
cues = ["随便"]
"""


@pytest.fixture
def old_model(tmp_path, monkeypatch):
    """A linear model trained for themes cost and idle, in tmp_path/m (run from tmp_path)."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "s.toml").write_text(OLD_MODEL_SCHEMA, "utf-8")
    rows = [("太贵了", ["cost"], "negative"), ("要花钱", ["cost"], "negative"), ("随便吧", ["idle"], "neutral"),
            ("随便看看", ["idle"], "neutral"), ("今天下雨", [], "neutral"), ("好贵", ["cost"], "positive")] * 3
    (tmp_path / "d.jsonl").write_text("".join(json.dumps({"text": f"{t}{i}", "themes": th, "sentiment": s}, ensure_ascii=False) + "\n"
                                              for i, (t, th, s) in enumerate(rows)), "utf-8")
    r = CliRunner().invoke(main, ["train", "d.jsonl", "--schema", "s.toml", "-o", "m", "-q", "--param", "polarity=false",
                                  "--param", "cv=2"])
    assert r.exit_code == 0, r.output
    return tmp_path / "m"


def _edit(path, old, new):
    path.write_text(path.read_text("utf-8").replace(old, new), "utf-8")


@pytest.mark.parametrize("field, name", [("name_zh", "无"), ("name_zh", "其它"), ("name_en", "none")])
def test_a_models_theme_named_as_no_theme_is_an_older_models_with_what_to_rename(old_model, field, name):
    # as an older argmine saved it: the theme's name was not refused then
    _edit(old_model / "schema.toml", 'name_zh = "闲聊"', f'{field} = "{name}"' if field == "name_zh" else f'name_zh = "闲聊"\n{field} = "{name}"')
    r = CliRunner().invoke(main, ["classify", "d.jsonl", "--model", "m", "-q"])
    assert r.exit_code != 0 and r.stderr.splitlines() == [
        f"argmine: error: m/schema.toml: the model m was saved by an older argmine with a theme named {name!r} (the {field} of theme "
        f"'idle'), a word that now means no theme ('other'), so the model no longer loads; give the theme another {field} in "
        "m/schema.toml (the model's config.json records no theme names, so nothing else changes), or retrain the model with "
        "'argmine train'"]
    _edit(old_model / "schema.toml", f'"{name}"', '"闲谈"')  # as the line says: the model loads, with no word
    r = CliRunner().invoke(main, ["classify", "d.jsonl", "--model", "m", "-q", "--format", "jsonl"])
    assert r.exit_code == 0 and r.stderr == "" and '"themes": ["idle"]' in r.stdout, r.output


def test_a_models_theme_with_the_id_none_says_to_rename_it_in_schema_toml_and_config_json(old_model):
    for f in ("schema.toml", "config.json"):
        _edit(old_model / f, '"idle"', '"none"')
    r = CliRunner().invoke(main, ["classify", "d.jsonl", "--model", "m", "-q"])
    assert r.exit_code != 0 and r.stderr.splitlines() == [
        "argmine: error: m/schema.toml: the model m was saved by an older argmine with a theme named 'none' (its id), a word that "
        "now means no theme ('other'), so the model no longer loads; retrain the model with 'argmine train' (the theme renamed "
        "in the schema and in the gold), or rename the id 'none' in m/schema.toml and in the \"themes\" list of m/config.json "
        "(the same new id in both) and delete \"cue_fingerprint\" from m/config.json (it was taken with the old id: left there, "
        "every load warns that the cues changed); the model then predicts that theme under the new id"]
    for f in ("schema.toml", "config.json"):  # as the line says: the model loads, with no word, and predicts the new id
        _edit(old_model / f, '"none"', '"idle_talk"')
    config = json.loads((old_model / "config.json").read_text("utf-8"))
    del config["cue_fingerprint"]
    (old_model / "config.json").write_text(json.dumps(config, ensure_ascii=False), "utf-8")
    r = CliRunner().invoke(main, ["classify", "d.jsonl", "--model", "m", "-q", "--format", "jsonl"])
    assert r.exit_code == 0 and r.stderr == "" and '"themes": ["idle_talk"]' in r.stdout, r.output


def test_a_schema_file_with_a_theme_named_none_is_still_the_users_own_mistake(tmp_path):
    p = tmp_path / "s.toml"  # not a model's copy: no config.json beside it, and loaded as the user's file
    p.write_text(OLD_MODEL_SCHEMA.replace('id = "idle"', 'id = "none"'), "utf-8")
    with pytest.raises(SchemaError, match="^.*theme 'none': id 'none' is the label of units with no theme"):
        load_schema(p)
    with pytest.raises(SchemaError, match="theme 'none': id 'none' is the label of units with no theme"):
        load_schema(p, warn=False)


# --- schema -o replaces a schema, not a file argmine did not write or another command's output ----------------------------

@pytest.mark.parametrize("name, content, why", [
    ("notes.txt", "我的笔记\n", "is a file that does not look like what 'argmine schema' writes (a schema TOML file)"),
    ("units.jsonl", None, "is what 'argmine segment' writes, not what 'argmine schema' writes")])
def test_schema_output_refuses_a_file_that_is_no_schema_as_other_commands_refuse_one(tmp_path, monkeypatch, name, content, why):
    monkeypatch.chdir(tmp_path)
    if content is None:  # another command's output
        (tmp_path / "a.txt").write_text("支付宝不该做社交。\n", "utf-8")
        assert CliRunner().invoke(main, ["segment", "a.txt", "-o", name, "-q"]).exit_code == 0
    else:
        (tmp_path / name).write_text(content, "utf-8")
    before = (tmp_path / name).read_bytes()
    for args in (["schema", "-o", name], ["schema", "--model", "lexicon", "-o", name]):
        r = CliRunner().invoke(main, args)
        assert r.exit_code == 2 and r.stdout == ""
        assert r.stderr.splitlines()[-1] == f"Error: -o {name} {why}, and writing -o would replace it; pass another -o (or remove the file first)"
        assert (tmp_path / name).read_bytes() == before


def test_schema_output_replaces_a_schema_file_and_an_empty_file(tmp_path, monkeypatch):
    from argmine.schema import default_schema_text

    monkeypatch.chdir(tmp_path)
    (tmp_path / "mine.toml").write_text(GOOD, "utf-8")  # a schema (the packaged one edited, say): what schema -o writes
    (tmp_path / "empty.toml").write_text("", "utf-8")
    for name in ("mine.toml", "empty.toml"):
        r = CliRunner().invoke(main, ["schema", "-o", name])
        assert r.exit_code == 0 and r.stderr == "" and (tmp_path / name).read_text("utf-8") == default_schema_text()
