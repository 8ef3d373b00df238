"""Schema mistakes a new debate's author makes (QA round 37): sentiment labels as theme names, padded cues,
``[themes]`` among ``[[themes]]``, huge weights."""

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
id = "ret"
[[themes]]
id = "youth_jobs"
cues = ["年轻人", "找工作"]
[[themes]]
id = "flexible"
name_zh = "弹性自愿"
cues = ["弹性", "自愿"]
[sentiment]
positive = ["支持"]
negative = ["反对", "坑"]
"""


def write(tmp_path, text, name="s.toml"):
    p = tmp_path / name
    p.write_text(text, encoding="utf-8")
    return p


@pytest.mark.parametrize("old,new,field,name", [
    ('id = "flexible"', 'id = "negative"', "id", "negative"),
    ('id = "flexible"', 'id = "positive"', "id", "positive"),
    ('id = "flexible"', 'id = "neutral"', "id", "neutral"),
    ('name_zh = "弹性自愿"', 'name_en = "Positive"', "name_en", "Positive"),
    ('name_zh = "弹性自愿"', 'name_zh = "ＮＥＧＡＴＩＶＥ"', "name_zh", "ＮＥＧＡＴＩＶＥ"),
])
def test_schema_theme_named_as_a_sentiment_label_is_refused(tmp_path, old, new, field, name):
    p = write(tmp_path, RETIRE.replace(old, new))
    with pytest.raises(SchemaError) as e:
        load_schema(p)
    theme = name if field == "id" else "flexible"
    why = ("the [sentiment] cues of that polarity would count for the theme, and labels and exports would show it twice"
           if field == "id" else "a label written so would stand for both the theme and the sentiment")
    assert str(e.value) == (f"{p}: theme {theme!r}: {field} {name!r} is a sentiment label (positive, neutral, negative), "
                            f"so {why}; give the theme a name of its own, one that says what its arguments are about")


def test_cli_theme_id_negative_is_one_line_exit_2_not_a_corrupted_sentiment(tmp_path):
    # before: the [sentiment].negative cue 反对 counted for theme 'negative', and the unit lost its negative sentiment
    p = write(tmp_path, RETIRE.replace('id = "flexible"', 'id = "negative"'))
    r = CliRunner().invoke(main, ["classify", "-", "--schema", str(p), "--model", "lexicon", "-q"], input="年轻人找工作太难，反对延迟退休。\n")
    assert r.exit_code == 2 and r.stdout == "" and len(r.stderr.splitlines()) == 1
    assert r.stderr.startswith(f"argmine: error: {p}: theme 'negative': id 'negative' is a sentiment label")


def test_a_models_theme_with_a_sentiment_id_is_an_older_models_with_what_to_rename(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    write(tmp_path, RETIRE)
    rows = [("年轻人没工作", ["youth_jobs"], "negative"), ("弹性退休好", ["flexible"], "positive"), ("今天下雨", [], "neutral")] * 4
    (tmp_path / "d.jsonl").write_text("".join(json.dumps({"text": f"{t}{i}", "themes": th, "sentiment": s}, ensure_ascii=False) + "\n"
                                              for i, (t, th, s) in enumerate(rows)), "utf-8")
    r = CliRunner().invoke(main, ["train", "d.jsonl", "--schema", "s.toml", "--backend", "lexicon", "-o", "m", "-q"])
    assert r.exit_code == 0, r.output
    for f in ("schema.toml", "config.json"):  # as an older argmine could have saved it
        path = tmp_path / "m" / f
        path.write_text(path.read_text("utf-8").replace('"flexible"', '"positive"'), "utf-8")
    r = CliRunner().invoke(main, ["classify", "d.jsonl", "--model", "m", "-q"])
    assert r.exit_code != 0 and len(r.stderr.splitlines()) == 1
    assert r.stderr.startswith("argmine: error: m/schema.toml: the model m was saved by an older argmine with a theme named "
                               "'positive' (its id), a sentiment label (its sentiment cues counted for the theme), so the "
                               "model no longer loads; retrain the model with 'argmine train'")


def test_literal_cue_with_white_space_at_its_ends_is_stripped_and_fires(tmp_path):
    p = write(tmp_path, RETIRE.replace('"弹性", "自愿"', '"弹性 ", "\u3000自愿"').replace('"反对", "坑"', '"反对", " 坑"'))
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # stripped without a word: it cannot change what a Chinese cue means
        s = load_schema(p)
    assert [c.term for c in s.themes[1].cues] == ["弹性", "自愿"] and [c.term for c in s.negative_cues] == ["反对", "坑"]
    r = CliRunner().invoke(main, ["classify", "-", "--schema", str(p), "--model", "lexicon", "-q", "--format", "jsonl"],
                           input="支持弹性退休。\n这就是坑。\n")
    rows = [json.loads(line) for line in r.stdout.splitlines()]
    assert r.exit_code == 0 and [(u["themes"], u["sentiment"]) for u in rows] == [(["flexible"], "positive"), ([], "negative")]


def test_literal_cue_with_white_space_next_to_a_latin_word_is_kept_with_a_warning(tmp_path):
    p = write(tmp_path, RETIRE.replace('"弹性", "自愿"', '"弹性", " app "'))
    with pytest.warns(SchemaWarning) as caught:
        s = load_schema(p)
    assert s.themes[1].cues[1].term == " app "  # " app " may mean the word app, not apple
    assert [str(w.message) for w in caught] == [
        f"{p}: theme 'flexible', cue 2: cue ' app ' has white space at its start and end, so it fires only where the text "
        "has white space there (not at the start or end of a text, nor next to punctuation or a Chinese character); remove "
        "the spaces unless they are meant"]


def test_regex_cue_with_white_space_is_left_as_written(tmp_path):
    s = load_schema(write(tmp_path, RETIRE.replace('"弹性", "自愿"', '"弹性", {term = "自愿 ", regex = true}')))
    assert s.themes[1].cues[1].term == "自愿 "


def test_negator_with_white_space_at_its_ends_is_stripped(tmp_path):
    s = load_schema(write(tmp_path, RETIRE.replace("[sentiment]", '[sentiment]\nnegations = [" 不 "]')))
    assert s.negations == ("不",)


def test_themes_in_single_brackets_among_double_ones_gets_the_hint_with_its_line(tmp_path):
    second = RETIRE.replace('[[themes]]\nid = "flexible"', '[themes]\nid = "flexible"')
    p = write(tmp_path, second)
    line = second.splitlines().index("[themes]") + 1
    hint = "[themes] (single brackets) is one table, not a list of themes; write each theme as [[themes]] (double brackets)"
    with pytest.raises(SchemaError) as e:
        load_schema(p)
    assert str(e.value) == f"{p}: line {line}: {hint}"
    first = RETIRE.replace('[[themes]]\nid = "youth_jobs"', '[themes]\nid = "youth_jobs"')
    p = write(tmp_path, first)
    with pytest.raises(SchemaError) as e:
        load_schema(p)
    assert str(e.value) == f"{p}: line {first.splitlines().index('[themes]') + 1}: {hint}"


def test_other_toml_errors_keep_tomllibs_message(tmp_path):
    p = write(tmp_path, RETIRE.replace('[[themes]]\nid = "flexible"', '[themes]\nid = "flexible"').replace('id = "ret"', 'id = "ret'))
    with pytest.raises(SchemaError, match=r"not valid TOML \(.*at line 3"):
        load_schema(p)


@pytest.mark.parametrize("weight", ["1e308", "1000001"])
def test_cue_weight_over_a_million_is_refused(tmp_path, weight):
    p = write(tmp_path, RETIRE.replace('positive = ["支持"]', f'positive = [{{term = "支持", weight = {weight}}}]'))
    with pytest.raises(SchemaError) as e:
        load_schema(p)
    assert str(e.value) == (f"{p}: [sentiment].positive, cue 1: weight must be at most 1e+06, found {float(weight) if 'e' in weight else int(weight)!r}; "
                            "a weight counts one match as that many weight-1 matches, and sums of larger ones could "
                            "overflow; write a smaller number such as 2 or 10")


def test_cue_weight_of_a_million_loads(tmp_path):
    s = load_schema(write(tmp_path, RETIRE.replace('positive = ["支持"]', 'positive = [{term = "支持", weight = 1e6}]')))
    assert s.positive_cues[0].weight == 1e6


def _linear_model(tmp_path, schema_text):
    """A small linear model trained with ``schema_text`` (folder ``m`` in ``tmp_path``), as the CLI saves it."""
    write(tmp_path, schema_text)
    rows = [("年轻人没工作", ["youth_jobs"], "negative"), ("支持弹性退休", ["flexible"], "positive"), ("今天下雨", [], "neutral")] * 4
    (tmp_path / "d.jsonl").write_text("".join(json.dumps({"text": f"{t}{i}", "themes": th, "sentiment": s}, ensure_ascii=False) + "\n"
                                              for i, (t, th, s) in enumerate(rows)), "utf-8")
    r = CliRunner().invoke(main, ["train", "d.jsonl", "--schema", "s.toml", "-o", "m", "-q"])
    assert r.exit_code == 0, r.output
    return tmp_path / "m"


def test_an_older_models_padded_or_repeated_cues_are_not_said_to_differ_from_its_schema(tmp_path, monkeypatch):
    import dataclasses

    from argmine.backends.linear import cue_fingerprint
    from argmine.schema import Cue

    monkeypatch.chdir(tmp_path)
    m = _linear_model(tmp_path, RETIRE)
    # the model's schema.toml and fingerprint as an older argmine saved them: it kept the cue's white space, and
    # counted the repeat
    schema = m / "schema.toml"
    text = schema.read_text("utf-8")
    assert text.count('"弹性", "自愿"') == 1
    schema.write_text(text.replace('"弹性", "自愿"', '"弹性 ", "自愿", "自愿"'), "utf-8")
    s = load_schema(m / "schema.toml", warn=False)
    flexible = dataclasses.replace(s.themes[1], cues=(Cue("弹性 "), Cue("自愿"), Cue("自愿")))
    config = json.loads((m / "config.json").read_text("utf-8"))
    config["cue_fingerprint"] = cue_fingerprint(dataclasses.replace(s, themes=(s.themes[0], flexible)))
    (m / "config.json").write_text(json.dumps(config), "utf-8")
    r = CliRunner().invoke(main, ["classify", "-", "--model", "m", "-q"], input="支持弹性退休。\n")
    assert r.exit_code == 0 and r.stderr == (
        "argmine: warning: m: the model was saved by an older argmine, which read some cues of its schema.toml otherwise "
        "(white space at a cue's ends kept, a repeated cue counted twice); its weights were fitted on the cues as read "
        "then, so predictions may change a little: retrain with 'argmine train' (schema.toml need not change)\n")
    # schema.toml edited since: still told so
    schema.write_text(schema.read_text("utf-8").replace('"自愿"', '"自主"'), "utf-8")
    r = CliRunner().invoke(main, ["classify", "-", "--model", "m", "-q"], input="支持弹性退休。\n")
    assert r.exit_code == 0 and "the cues of schema.toml differ from those the model was trained with" in r.stderr


def test_an_older_models_cue_weight_over_a_million_says_what_to_change(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    m = _linear_model(tmp_path, RETIRE.replace('"弹性", "自愿"', '"弹性", {term = "自愿", weight = 1e6}'))
    schema = m / "schema.toml"  # as an older argmine, which took any finite weight, could have saved it
    text = schema.read_text("utf-8")
    schema.write_text(text.replace("weight = 1e6", "weight = 2e6"), "utf-8")
    r = CliRunner().invoke(main, ["classify", "-", "--model", "m", "-q"], input="支持弹性退休。\n")
    assert r.exit_code == 2 and r.stderr == (
        "argmine: error: m/schema.toml: theme 'flexible', cue 2: the model m was saved by an older argmine with this "
        "cue's weight 2000000.0, over the 1e+06 a cue may now weigh, so the model no longer loads; retrain the model with "
        "'argmine train' (the weight lowered in the schema), or lower the weight to at most 1e+06 in m/schema.toml and "
        "delete \"cue_fingerprint\" from m/config.json (it was taken with the old weight: left there, every load warns "
        "that the cues changed): either way one match of the cue still decides, and predictions change a little\n")
    schema.write_text(text, "utf-8")  # the fix it gives: the weight lowered, the fingerprint deleted (here: as saved)
    r = CliRunner().invoke(main, ["classify", "-", "--model", "m", "-q"], input="支持弹性退休。\n")
    assert r.exit_code == 0 and r.stderr == ""


@pytest.mark.parametrize("cues,found,first,aside", [
    ('"弹性", "弹性 "', "'弹性 '", "'弹性'", " once the white space at its ends is removed"),
    ('" 弹性", "弹性"', "'弹性'", "' 弹性'", " once the white space at its ends is removed"),
    ('"弹性", "弹性"', "'弹性'", "'弹性'", ""),
])
def test_a_cue_repeated_in_its_list_is_left_out_with_a_warning(tmp_path, cues, found, first, aside):
    p = write(tmp_path, RETIRE.replace('"弹性", "自愿"', cues + ', "自愿"'))
    with pytest.warns(SchemaWarning) as caught:
        s = load_schema(p)
    assert [c.term for c in s.themes[1].cues] == ["弹性", "自愿"]
    assert [str(w.message) for w in caught] == [
        f"{p}: theme 'flexible', cue 2: cue {found} is cue 1 ({first}) again{aside}, so it is left out: a cue counts "
        "once for a match; remove one of them"]
    r = CliRunner().invoke(main, ["classify", "-", "--schema", str(p), "--model", "lexicon", "-q", "--format", "jsonl"],
                           input="弹性退休。\n")
    assert json.loads(r.stdout)["scores"]["flexible"] == 0.5  # one match, weight 1: not 0.75, as counted twice


def test_a_repeated_sentiment_cue_with_another_weight_keeps_the_first(tmp_path):
    p = write(tmp_path, RETIRE.replace('"反对", "坑"', '"坑", {term = " 坑", weight = 2}'))
    with pytest.warns(SchemaWarning) as caught:
        s = load_schema(p)
    assert [(c.term, c.weight) for c in s.negative_cues] == [("坑", 1.0)]
    assert [str(w.message) for w in caught] == [
        f"{p}: [sentiment].negative, cue 2: cue ' 坑' is cue 1 ('坑') again once the white space at its ends is removed, "
        "so it is left out (its weight 2 too: cue 1's 1 counts): a cue counts once for a match; remove one of them"]


def test_traditional_and_simplified_spellings_of_a_cue_stay_one_cue_without_a_warning(tmp_path):
    p = write(tmp_path, RETIRE.replace('"弹性", "自愿"', '"弹性", "彈性", "自愿"'))
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        s = load_schema(p)
    assert [c.term for c in s.themes[1].cues] == ["弹性", "自愿"]


@pytest.mark.parametrize("cue,kept,ends", [
    (" café ", " café ", "start and end"),  # é is a letter as c is: both ends alike
    (" über ", " über ", "start and end"),
    ("ＡＰＰ ", "APP ", "end"),
    (" app 隐私 ", " app 隐私", "start"),
    (" Ελλάδα ", " Ελλάδα ", "start and end"),
])
def test_white_space_is_kept_next_to_a_letter_of_any_spaced_script_each_end_alike(tmp_path, cue, kept, ends):
    p = write(tmp_path, RETIRE.replace('"弹性", "自愿"', f'"弹性", "{cue}"'))
    with pytest.warns(SchemaWarning) as caught:
        s = load_schema(p)
    assert s.themes[1].cues[1].term == kept
    assert [str(w.message).split(", so")[0] for w in caught] == [f"{p}: theme 'flexible', cue 2: cue {cue!r} has white space at its {ends}"]


@pytest.mark.parametrize("cue", [" 隐私 ", " カメラ ", " 한국 ", " 坑！ "])
def test_white_space_next_to_cjk_or_punctuation_is_removed_without_a_word(tmp_path, cue):
    p = write(tmp_path, RETIRE.replace('"弹性", "自愿"', f'"弹性", "{cue}"'))
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        s = load_schema(p)
    assert s.themes[1].cues[1].written == cue.strip()


def test_themes_in_single_brackets_names_every_such_line_in_the_file(tmp_path):
    text = RETIRE.replace("[[themes]]", "[themes]") + '[[themes]]\nid = "pension"\ncues = ["养老金"]\n[themes]\nid = "health"\n'
    p = write(tmp_path, text)
    lines = [i + 1 for i, line in enumerate(text.splitlines()) if line == "[themes]"]
    assert len(lines) == 3
    with pytest.raises(SchemaError) as e:
        load_schema(p)
    assert str(e.value).startswith(f"{p}: lines {lines[0]}, {lines[1]}, {lines[2]}: [themes] (single brackets) is one table")


@pytest.mark.parametrize("repeat", ['"APP"', '"aPp"'])
def test_a_cue_repeated_in_another_case_is_left_out_with_a_warning(tmp_path, repeat):
    # a literal cue matches in any case, so APP after app would count twice for one match
    p = write(tmp_path, RETIRE.replace('"弹性", "自愿"', f'"弹性", "app", {repeat}'))
    with pytest.warns(SchemaWarning, match=r"cue 3: cue .* is cue 2 \('app'\) again"):
        s = load_schema(p)
    assert [c.term for c in s.themes[1].cues] == ["弹性", "app"]
