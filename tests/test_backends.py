"""The lexicon and linear backends: cues, negation, training, saving without pickle."""

from __future__ import annotations

import json
import tomllib
import warnings

import pytest

from argmine.backends import get_backend
from argmine.backends.cues import CueMatcher, schema_toml
from argmine.backends.lexicon import LexiconBackend
from argmine.backends.linear import LinearBackend
from argmine.errors import ModelError, SchemaError
from argmine.schema import load_schema, parse_schema

from .conftest import refuse_warning_filter_changes

# A second debate, nothing to do with Alipay: should e-bikes (电动车) be banned in cities?
EBIKE_TOML = """
[schema]
id = "ebike_ban"
version = "1"
target = "城市禁摩限电 (banning e-bikes in cities)"

[[themes]]
id = "safety"
name_zh = "交通安全"
name_en = "road safety"
description = "Accidents, speeding, running red lights, danger to pedestrians."
cues = ["事故", "闯红灯", "超速", "危险", "撞"]

[[themes]]
id = "livelihood"
name_zh = "民生就业"
name_en = "livelihood"
description = "Couriers, delivery riders and commuters who depend on e-bikes."
cues = ["快递", "外卖", "生计", "饭碗", "上班", "通勤"]

[[themes]]
id = "governance"
name_zh = "执法方式"
name_en = "governance"
description = "How the ban is enforced: one-size-fits-all rules, fines, seizures, lazy governance."
cues = ["一刀切", "懒政", "罚款", "扣车", "执法", { term = "(交警|城管).{0,4}(查|扣)", weight = 1.5, regex = true }]

[sentiment]
negations = ["不", "没", "没有", "别", "不是"]
negation_window = 3
positive = ["支持", "好", "赞", "安全", "有序"]
negative = ["反对", "懒政", "一刀切", "危险", "难", "乱"]
"""

EBIKE_DATA = [
    ("电动车闯红灯太危险了，必须管。", ("safety",), "positive"),
    ("每天都看到电动车撞人的事故。", ("safety",), "positive"),
    ("电动车超速很危险，支持禁止。", ("safety",), "positive"),
    ("禁了电动车，快递小哥的饭碗怎么办？", ("livelihood",), "negative"),
    ("送外卖全靠电动车，这是生计问题。", ("livelihood",), "negative"),
    ("我每天骑电动车上班通勤，禁了真难。", ("livelihood",), "negative"),
    ("一刀切就是懒政。", ("governance",), "negative"),
    ("交警上路就扣车罚款，执法太粗暴。", ("governance",), "negative"),
    ("城管随意扣车，反对这种执法。", ("governance",), "negative"),
    ("今天深圳下雨了。", (), "neutral"),
    ("电动车的电池是锂电池。", (), "neutral"),
    ("新闻说明天开会讨论。", (), "neutral"),
]


@pytest.fixture(scope="module")
def ebike():
    return parse_schema(tomllib.loads(EBIKE_TOML), "<ebike>")


@pytest.fixture(scope="module")
def alipay():
    return load_schema()


@pytest.fixture(scope="module")
def packaged_polarity():
    """The packaged general polarity model (built separately: tests that need it skip without it)."""
    polarity = pytest.importorskip("argmine.polarity")
    try:
        return polarity.load_default()
    except Exception:  # noqa: BLE001 - the packaged polarity model is built separately
        pytest.skip("the packaged polarity model is not built")


def _fit_linear(schema, data=EBIKE_DATA, **kw):
    texts, themes, sents = zip(*data)
    kw.setdefault("polarity", False)
    return LinearBackend(schema, **kw).fit(list(texts), list(themes), list(sents))


# --- cue matching ---------------------------------------------------------------


def test_cue_negated_by_negator_inside_the_token(alipay):
    hits = CueMatcher(alipay).match("支付宝做社交并不方便")
    assert [(h.label, h.term, h.negator) for h in hits if h.term == "方便"] == [("pro_social", "方便", "不"), ("positive", "方便", "不")]


def test_cue_negation_scope_stops_at_punctuation(alipay):
    hits = CueMatcher(alipay).match("我不知道，但是很方便")
    assert all(not h.negated for h in hits if h.term == "方便")


def test_cue_negation_window_is_counted_in_tokens(ebike):
    m = CueMatcher(ebike)
    near = [h for h in m.match("我不支持") if h.term == "支持"]
    far = [h for h in m.match("我不觉得有人真的会支持") if h.term == "支持"]
    assert near[0].negated and not far[0].negated


def test_single_character_cue_matches_only_its_own_token(alipay):
    m = CueMatcher(alipay)
    assert not [h for h in m.match("好像是这样") if h.term == "好"]
    assert [h.negator for h in m.match("这个不好") if h.term == "好"] == ["不"]
    assert [h.negator for h in m.match("这个很好") if h.term == "好"] == [""]


def test_regex_cue_matches(ebike):
    hits = CueMatcher(ebike).match("交警又在路口查车")
    assert [(h.label, h.weight) for h in hits if h.label == "governance"] == [("governance", 1.5)]


def test_regex_cue_hit_keeps_the_pattern_and_shows_the_text_it_matched(ebike):
    [hit] = [h for h in CueMatcher(ebike).match("交警又在路口查车") if h.label == "governance"]
    assert hit.term == "(交警|城管).{0,4}(查|扣)"  # the cue's identity (the linear model's features) is unchanged
    assert (hit.matched, hit.surface) == ("交警又在路口查", "交警又在路口查")


def _regex_schema(pattern: str, *, sentiment: bool = False):
    cue = f'{{term = "{pattern}", regex = true}}'
    return parse_schema(tomllib.loads(
        f'[schema]\nid = "redos"\n[[themes]]\nid = "noise"\ncues = ["噪音"{"" if sentiment else ", " + cue}]\n'
        f'[sentiment]\nnegative = ["吵"{", " + cue if sentiment else ""}]\n'), "redos.toml")


# re backtracks for hours on these (QA's (a+)+$ on a long "aaaa…!" unit): the marker fails such a hang (re checks for signals)
@pytest.mark.timeout(30)
@pytest.mark.parametrize("pattern,text,matches", [("(a+)+$", "a" * 40 + "!", "a" * 40), ("(噪+噪+)+音", "噪" * 40, "噪" * 40 + "音")])
def test_regex_cue_that_re_would_backtrack_on_for_hours_is_matched_at_once(pattern, text, matches):
    m = CueMatcher(_regex_schema(pattern))
    assert m.match(text) == []
    assert [h.matched for h in m.match(matches) if h.term == pattern] == [matches]


# regex's own guards do not catch this one: its time limit stops it, naming the schema file, the cue and where it is
@pytest.mark.timeout(30)
@pytest.mark.parametrize("sentiment,where", [(False, "theme 'noise'"), (True, "[sentiment].negative")])
def test_regex_cue_that_backtracks_catastrophically_is_a_schema_error_naming_it(sentiment, where):
    with pytest.raises(SchemaError) as e:
        CueMatcher(_regex_schema("(吵|吵吵)+$", sentiment=sentiment)).match("吵" * 60 + "！")
    assert str(e.value) == (
        f"redos.toml: {where}: regex cue '(吵|吵吵)+$' took more than 1 s on one text ('吵吵吵吵吵吵吵吵吵吵吵吵吵吵吵吵吵吵吵吵吵吵吵吵吵吵吵吵吵吵'… "
        "(61 characters)): the pattern backtracks catastrophically; simplify it so that no text can be matched in many ways "
        "(no nested or overlapping repeats such as (a+)+ or (a|aa)+) and run again")


@pytest.mark.timeout(30)
def test_cli_classify_with_a_regex_cue_that_backtracks_catastrophically_says_so_in_one_line(tmp_path):
    import time

    from click.testing import CliRunner

    from argmine.cli import main

    (tmp_path / "redos.toml").write_text(
        '[schema]\nid = "redos"\n[[themes]]\nid = "noise"\ncues = ["噪音", {term = "(吵|吵吵)+$", regex = true}]\n'
        '[sentiment]\nnegative = ["吵"]\n', "utf-8")
    (tmp_path / "in.txt").write_text("太吵了。\n" + "吵" * 60 + "！\n", "utf-8")
    started = time.monotonic()
    res = CliRunner().invoke(main, ["classify", str(tmp_path / "in.txt"), "--model", "lexicon", "--schema", str(tmp_path / "redos.toml")])
    assert time.monotonic() - started < 30
    assert res.exit_code == 2, res.output
    assert res.stderr.splitlines() == [
        f"argmine: error: {tmp_path / 'redos.toml'}: theme 'noise': regex cue '(吵|吵吵)+$' took more than 1 s on one text "
        "('吵吵吵吵吵吵吵吵吵吵吵吵吵吵吵吵吵吵吵吵吵吵吵吵吵吵吵吵吵吵'… (61 characters)): the pattern backtracks catastrophically; "
        "simplify it so that no text can be matched in many ways (no nested or overlapping repeats such as (a+)+ or (a|aa)+) and run again"]


def test_ascii_cue_matches_case_insensitively(alipay):
    assert [h.term for h in CueMatcher(alipay).match("支付宝就是个atm") if h.label == "brand_fit"] == ["ATM"]


def test_schema_toml_round_trips_a_schema_without_a_file(ebike):
    again = parse_schema(tomllib.loads(schema_toml(ebike)), "<ebike>")
    assert again == ebike


# --- lexicon backend ----------------------------------------------------------------


@pytest.mark.parametrize(
    "text, themes, sentiment",
    [
        ("财不外露，太危险了", ("privacy",), "negative"),
        ("就这个创意给满分~", ("pro_social",), "positive"),
        ("现在的支付宝功能太多,支付宝变成了阿里巴巴产品导航。", ("bloat",), "neutral"),
        ("一个小和尚问方丈。", (), "neutral"),
        ("", (), "neutral"),
    ],
)
def test_lexicon_predicts_guide_examples(alipay, text, themes, sentiment):
    p = LexiconBackend(alipay).predict([text])[0]
    assert (p.themes, p.sentiment) == (themes, sentiment)
    assert set(p.scores) == set(alipay.theme_ids)
    assert all(0 <= v <= 1 for v in p.scores.values()) and -1 <= p.sentiment_score <= 1


@pytest.mark.parametrize("text", ["私隱根本冇保障。", "個資根本沒有保障。", "我的個資都被看光了", "個人資料被外洩太可怕了"])
def test_hong_kong_and_taiwan_privacy_words_are_privacy_cues(alipay, text):
    from argmine.normalize import normalize

    assert LexiconBackend(alipay).predict([normalize(text).text])[0].themes == ("privacy",)


@pytest.mark.parametrize("text", ["从一个资深产品经理的角度看。", "这个资料我看过了。", "几个资本大佬在聊。"])
def test_the_taiwan_word_for_personal_data_is_no_cue_inside_other_words(alipay, text):
    assert LexiconBackend(alipay).predict([text])[0].themes == ()


@pytest.mark.parametrize("text, sentiment", [
    ("我唔支持支付寶做社交。", "negative"), ("支付寶做社交冇問題。", "positive"), ("呢個功能唔好用。", "negative"),
    ("支付寶做社交唔會成功。", "negative"), ("唔支持，唔好再搞呢啲嘢。", "negative"),
])
def test_cantonese_negators_flip_sentiment_as_their_mandarin_twins_do(alipay, text, sentiment):
    from argmine.normalize import normalize

    assert LexiconBackend(alipay).predict([normalize(text).text])[0].sentiment == sentiment


@pytest.mark.parametrize("text", ["唔該你支持", "冇錯我支持", "唔止方便", "唔通你支持？", "他支支唔唔地说支持"])
def test_cantonese_words_that_start_with_a_negator_do_not_negate(alipay, text):
    from argmine.normalize import normalize

    # jieba cuts 唔該 "thanks" into 唔 / 该 (its Mandarin twins 谢谢, 没错, 不止, 难道 are whole words)
    hits = [h for h in CueMatcher(alipay).match(normalize(text).text) if h.term in ("支持", "方便")]
    assert hits and not any(h.negated for h in hits)


def test_taiwan_spellings_fire_the_mainland_cues(alipay):
    from argmine.normalize import normalize

    hits = CueMatcher(alipay).match(normalize("朋友之間轉帳很方便，但我不想讓人看到我的消費紀錄").text)
    assert {(h.label, h.term) for h in hits} >= {("pro_social", "转账"), ("privacy", "消费记录")}


def test_lexicon_evidence_is_the_cues_that_fired(alipay):
    p = LexiconBackend(alipay).predict(["支付宝做社交并不方便"])[0]
    assert [(e.label, e.term) for e in p.evidence] == [("pro_social", "不…方便"), ("sentiment", "不…方便")]
    assert p.evidence[1].weight < 0  # a negated positive cue pushes towards negative
    assert p.sentiment == "negative"


def test_lexicon_evidence_of_a_regex_cue_is_the_text_it_matched_not_the_pattern(ebike):
    plain, negated = LexiconBackend(ebike).predict(["城管又在路口查车", "没有交警在路口查车"])
    assert [e.term for e in plain.evidence if e.label == "governance"] == ["城管又在路口查"]
    assert [e.term for e in negated.evidence if e.label == "governance"] == ["没有…交警在路口查"]


def test_lexicon_negated_theme_cue_counts_half(alipay):
    p = LexiconBackend(alipay).predict(["并不方便"])[0]
    assert p.scores["pro_social"] == pytest.approx(1 - 0.5**0.5)
    assert "pro_social" not in p.themes


def test_lexicon_settings_come_from_the_schema_table(ebike):
    toml = EBIKE_TOML + "\n[lexicon]\nthreshold = 0.8\n"
    strict = parse_schema(tomllib.loads(toml), "<ebike-strict>")
    assert LexiconBackend(ebike).predict(["事故"])[0].themes == ("safety",)
    assert LexiconBackend(strict).predict(["事故"])[0].themes == ()
    assert LexiconBackend(strict).predict(["事故，撞了，闯红灯"])[0].themes == ("safety",)


def test_lexicon_rejects_bad_settings(alipay):
    with pytest.raises(ModelError, match="threshold must be a number in \\[0, 1\\]"):
        LexiconBackend(alipay, threshold=3).predict(["x"])


def test_lexicon_fit_validates_labels(alipay):
    b = LexiconBackend(alipay)
    assert b.fit(["财不外露"], [["privacy"]], ["negative"]) is b
    with pytest.raises(SchemaError, match="training text 0: unknown theme 'money'"):
        b.fit(["财不外露"], [["money"]], ["negative"])
    with pytest.raises(ModelError, match="got 1 texts, 2 theme lists"):
        b.fit(["财不外露"], [["privacy"], []], ["negative"])


def test_lexicon_save_load_round_trip(tmp_path, ebike):
    b = LexiconBackend(ebike, sentiment_margin=0.4)
    b.save(tmp_path / "m")
    assert sorted(p.name for p in (tmp_path / "m").iterdir()) == ["config.json", "schema.toml"]
    again = get_backend("lexicon").load(tmp_path / "m")
    texts = [t for t, _, _ in EBIKE_DATA]
    assert again.predict(texts) == b.predict(texts)
    assert again.schema_.theme_ids == ("safety", "livelihood", "governance")


# --- linear backend ---------------------------------------------------------------------


def test_linear_predict_before_fit_raises(alipay):
    with pytest.raises(ModelError, match="not trained yet; call fit"):
        LinearBackend(alipay).predict(["财不外露"])


def test_linear_save_before_fit_raises(tmp_path, alipay):
    with pytest.raises(ModelError, match="not trained yet"):
        LinearBackend(alipay).save(tmp_path / "m")


def test_linear_learns_the_training_data(ebike):
    m = _fit_linear(ebike)
    preds = m.predict([t for t, _, _ in EBIKE_DATA])
    assert [p.themes for p in preds] == [th for _, th, _ in EBIKE_DATA]
    assert [p.sentiment for p in preds] == [s for _, _, s in EBIKE_DATA]
    for p in preds:
        assert set(p.scores) == {"safety", "livelihood", "governance"}
        assert all(0 <= v <= 1 for v in p.scores.values())
        assert -1 <= p.sentiment_score <= 1


def test_linear_evidence_maps_back_to_text_or_cues(ebike):
    m = _fit_linear(ebike)
    text = "交警上路就扣车罚款，执法太粗暴。"
    p = m.predict([text])[0]
    assert p.evidence, "a predicted theme must come with evidence"
    cue_terms = {c.term for t in ebike.themes for c in t.cues} | {c.term for c in ebike.negative_cues + ebike.positive_cues}
    for e in p.evidence:
        assert e.label in p.themes + ("sentiment",)
        pieces = [x.strip() for x in e.term.replace("…", " / ").split(" / ")]
        for piece in pieces:
            assert all(w in text for w in piece.split()) or piece in cue_terms or piece == "不", e


def test_linear_evidence_of_a_regex_cue_is_the_text_it_matched_not_the_pattern(ebike):
    p = _fit_linear(ebike).predict(["城管又在路口查车"])[0]
    assert p.themes == ("governance",)
    assert [e.term for e in p.evidence if e.label == "governance"][0] == "城管又在路口查"
    assert not [e for e in p.evidence if "{0,4}" in e.term]


def test_linear_save_load_reproduces_predictions_exactly(tmp_path, ebike):
    m = _fit_linear(ebike, cv=3)
    m.save(tmp_path / "m")
    names = sorted(p.name for p in (tmp_path / "m").iterdir())
    assert names == ["config.json", "schema.toml", "weights.safetensors"]
    json.loads((tmp_path / "m" / "config.json").read_text("utf-8"))  # plain JSON, no pickle anywhere
    again = LinearBackend.load(tmp_path / "m")
    probe = [t for t, _, _ in EBIKE_DATA] + ["电动车上班不危险", "罚款", "", "完全无关的一句话"]
    assert again.predict(probe) == m.predict(probe)


def test_linear_load_warns_when_the_tokenizer_differs(tmp_path, ebike):
    from argmine.segment import tokenizer_name

    m = _fit_linear(ebike, cv=3)
    m.save(tmp_path / "m")
    config_path = tmp_path / "m" / "config.json"
    config = json.loads(config_path.read_text("utf-8"))
    assert config["tokenizer"] == tokenizer_name()
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        LinearBackend.load(tmp_path / "m")  # same tokenizer: silent
    config["tokenizer"] = "some-other-tokenizer"
    config_path.write_text(json.dumps(config), "utf-8")
    with pytest.warns(UserWarning, match="trained with some-other-tokenizer word tokens"):
        again = LinearBackend.load(tmp_path / "m")
    assert again.predict(["罚款"]) == m.predict(["罚款"])


def test_linear_theme_without_examples_is_never_predicted(ebike):
    data = [row for row in EBIKE_DATA if "governance" not in row[1]]
    m = _fit_linear(ebike, data=data)
    preds = m.predict(["一刀切就是懒政。", "交警扣车罚款"])
    assert all("governance" not in p.themes and p.scores["governance"] < 0.01 for p in preds)


def test_linear_thresholds_are_chosen_on_grouped_folds(ebike):
    texts, themes, sents = zip(*(EBIKE_DATA * 2))
    groups = [i % len(EBIKE_DATA) for i in range(len(texts))]  # each duplicate pair is one group
    m = LinearBackend(ebike, polarity=False, cv=3).fit(list(texts), list(themes), list(sents), groups=groups)
    assert all(0.05 <= t <= 0.95 for t in m.thresholds_)
    assert (m.platt_[:, 0] > 0).all()


def test_linear_rejects_bad_settings(ebike):
    with pytest.raises(ModelError, match="C_theme must be a positive number"):
        LinearBackend(ebike, C_theme=0).fit(["a"], [[]], ["neutral"])
    with pytest.raises(ModelError, match="char_ngrams must be two integers"):
        LinearBackend(ebike, char_ngrams=(3, 1)).fit(["a"], [[]], ["neutral"])
    with pytest.raises(ModelError, match="theme_polarity must be true or false"):
        LinearBackend(ebike, theme_polarity="yes").fit(["a"], [[]], ["neutral"])


@pytest.mark.parametrize("seed", [2**32, -1, 1.5, True])
def test_linear_refuses_a_seed_numpy_does_not_take(ebike, seed):
    # 2**32 used to end in numpy's traceback from inside scikit-learn
    with pytest.raises(ModelError) as e:
        LinearBackend(ebike, seed=seed).fit(["a"], [[]], ["neutral"])
    assert str(e.value) == f"linear backend: seed must be an integer from 0 to 2**32-1, found {seed!r}"


def test_linear_load_rejects_a_damaged_directory(tmp_path, ebike):
    m = _fit_linear(ebike)
    m.save(tmp_path / "m")
    (tmp_path / "m" / "weights.safetensors").write_bytes(b"not a tensor file")
    with pytest.raises(ModelError, match="damaged linear model"):
        LinearBackend.load(tmp_path / "m")
    with pytest.raises(ModelError, match="config.json says backend 'linear', not 'lexicon'"):
        LexiconBackend.load(tmp_path / "m")


@pytest.mark.parametrize(
    "edit,message",
    [
        (lambda c: c.update(themes=c["themes"][:2]), "config.json names themes \\['safety', 'livelihood'\\] but schema.toml has"),
        (lambda c: c.update(sentiment_classes=["a"]), "config.json does not match weights.safetensors"),
        # a subset of the schema's classes is a model trained without some class; it must still match the weights
        (lambda c: c.update(sentiment_classes=["neutral", "negative"]), "config.json does not match weights.safetensors"),
        (lambda c: c.update(sentiment_classes=["neutral", "neutral", "negative"]), "config.json does not match weights.safetensors"),
        (lambda c: c.update(sentiment_classes=[]), "config.json does not match weights.safetensors"),
    ],
)
def test_linear_load_rejects_a_config_that_disagrees_with_its_files(tmp_path, ebike, edit, message):
    _fit_linear(ebike).save(tmp_path / "m")
    config = json.loads((tmp_path / "m" / "config.json").read_text("utf-8"))
    edit(config)
    (tmp_path / "m" / "config.json").write_text(json.dumps(config), "utf-8")
    with pytest.raises(ModelError, match=message):
        LinearBackend.load(tmp_path / "m")


def test_a_config_that_is_not_an_object_is_a_clear_error(tmp_path, ebike):
    from argmine.classify import load_model

    _fit_linear(ebike).save(tmp_path / "m")
    (tmp_path / "m" / "config.json").write_text("[]", "utf-8")
    with pytest.raises(ModelError, match="unreadable model config"):
        load_model(tmp_path / "m")


def test_linear_load_refuses_a_schema_with_other_themes(tmp_path, ebike, alipay):
    _fit_linear(ebike).save(tmp_path / "m")
    with pytest.raises(ModelError, match="trained for themes \\['safety', 'livelihood', 'governance'\\]"):
        LinearBackend.load(tmp_path / "m", schema=alipay)


def test_linear_reads_a_schema_with_the_same_themes_in_another_order_in_the_models_order(tmp_path, ebike):
    import dataclasses

    from argmine.classify import load_model

    m = _fit_linear(ebike)
    m.save(tmp_path / "m")
    reordered = dataclasses.replace(ebike, themes=ebike.themes[::-1])
    probe = ["电动车闯红灯太危险了", "送外卖全靠电动车", "一刀切就是懒政。"]
    for loaded in (load_model(tmp_path / "m", reordered), LinearBackend.load(tmp_path / "m", reordered)):
        assert loaded.schema_.theme_ids == ("safety", "livelihood", "governance")
        assert loaded.predict(probe) == m.predict(probe)


def _save_damaged(tmp_path, ebike, edit_arrays=None, edit_config=None):
    from safetensors.numpy import load_file, save_file

    _fit_linear(ebike).save(tmp_path / "m")
    if edit_arrays:
        arrays = load_file(str(tmp_path / "m" / "weights.safetensors"))
        edit_arrays(arrays)
        save_file(arrays, str(tmp_path / "m" / "weights.safetensors"))
    if edit_config:
        config = json.loads((tmp_path / "m" / "config.json").read_text("utf-8"))
        edit_config(config)
        (tmp_path / "m" / "config.json").write_text(json.dumps(config), "utf-8")
    return tmp_path / "m"


@pytest.mark.parametrize("edit,message", [
    (lambda a: a["theme_coef"].fill(float("nan")), "weights.safetensors tensor 'theme_coef' has NaN or infinite values"),
    (lambda a: a.update(platt=a["platt"].astype("int64")), "weights.safetensors tensor 'platt' has dtype int64, not float64"),
], ids=["nan", "int64"])
def test_linear_load_refuses_weights_that_are_not_finite_floats(tmp_path, ebike, edit, message):
    from argmine.classify import load_model

    path = _save_damaged(tmp_path, ebike, edit_arrays=edit)
    with pytest.raises(ModelError) as e:
        load_model(path)
    assert str(e.value) == (f"{path}: {message}; the file is damaged (a model saved by argmine holds finite float64 weights): "
                            "restore the model directory from a backup or retrain with 'argmine train'")


@pytest.mark.parametrize("themes", [None, 3, True, 1.5, [1]], ids=["null", "int", "bool", "float", "list-of-int"])
@pytest.mark.parametrize("backend", [LinearBackend, LexiconBackend])
def test_load_refuses_config_themes_that_are_not_a_list_of_ids(tmp_path, ebike, themes, backend):
    path = tmp_path / "m"
    (_fit_linear(ebike) if backend is LinearBackend else LexiconBackend(ebike)).save(path)
    config = json.loads((path / "config.json").read_text("utf-8"))
    (path / "config.json").write_text(json.dumps({**config, "themes": themes}), "utf-8")
    with pytest.raises(ModelError) as e:
        backend.load(path)
    assert str(e.value) == (f"{path}: config.json 'themes' must be a list of theme ids, found {themes!r}; "
                            "the directory is damaged, retrain with 'argmine train'")


def test_linear_load_refuses_a_vocabulary_that_is_not_strings(tmp_path, ebike):
    path = _save_damaged(tmp_path, ebike, edit_config=lambda c: c["vocabulary"]["char"].__setitem__(0, 7))
    with pytest.raises(ModelError, match=r"damaged linear model \(ValueError: vocabulary\['char'\] must be a list of strings\)"):
        LinearBackend.load(path)


def test_linear_load_refuses_weights_that_are_a_folder(tmp_path, ebike):
    path = _save_damaged(tmp_path, ebike)
    (path / "weights.safetensors").unlink()
    (path / "weights.safetensors").mkdir()
    with pytest.raises(ModelError, match=r"damaged linear model \(\w*Error: .*\); retrain with 'argmine train'"):
        LinearBackend.load(path)


@pytest.mark.parametrize("backend", [LinearBackend, LexiconBackend])
def test_load_refuses_a_deeply_nested_config(tmp_path, ebike, backend):
    from argmine.backends.base import model_dir_backend

    (tmp_path / "m").mkdir()
    (tmp_path / "m" / "config.json").write_text("[" * 100_000 + "]" * 100_000, "utf-8")
    with pytest.raises(ModelError, match="config.json: unreadable model config \\(nested too deeply"):
        backend.load(tmp_path / "m")
    assert model_dir_backend(tmp_path / "m") is None


@pytest.mark.parametrize("backend", [LinearBackend, LexiconBackend])
def test_load_refuses_a_file_with_the_folder_to_pass(tmp_path, ebike, backend):
    path = tmp_path / "m"
    (_fit_linear(ebike) if backend is LinearBackend else LexiconBackend(ebike)).save(path)
    with pytest.raises(ModelError) as e:
        backend.load(path / "config.json")
    assert str(e.value) == f"{path / 'config.json'} is a file; pass the model directory that holds it ({path}), written by 'argmine train'"


@pytest.mark.parametrize("texts,message", [
    ("电动车太危险", "predict() takes a list of texts, not a single str (it would be read character by character); wrap it: predict([text])"),
    (b"abc", "predict() takes a list of texts, not bytes; decode it and wrap it: predict([text])"),
    (["电动车太危险", None], "predict() takes a list of texts; item 1 is NoneType, not a str: convert, fill or drop it first"),
    ([123], "predict() takes a list of texts; item 0 is int, not a str: convert, fill or drop it first"),
], ids=["str", "bytes", "none", "int"])
@pytest.mark.parametrize("backend", ["linear", "lexicon"])
def test_predict_refuses_a_single_string_and_non_string_items(ebike, backend, texts, message):
    model = _fit_linear(ebike) if backend == "linear" else LexiconBackend(ebike)
    with pytest.raises(TypeError) as e:
        model.predict(texts)
    assert str(e.value) == message
    assert len(model.predict(("电动车太危险",))) == 1  # any sequence of strings is fine


def test_linear_load_refuses_an_unknown_version(tmp_path, ebike):
    path = _save_damaged(tmp_path, ebike, edit_config=lambda c: c.update(version=99))
    with pytest.raises(ModelError) as e:
        LinearBackend.load(path)
    assert str(e.value) == (f"{path}: config.json has version 99, but this argmine reads linear models of version 1; "
                            "use the argmine that wrote it, or retrain with 'argmine train'")


def test_the_packaged_models_pass_the_load_checks():
    from argmine.classify import load_model

    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert load_model().predict(["财不外露。"])[0].themes == ("privacy",)


def test_the_packaged_model_keeps_the_fingerprint_of_the_packaged_schemas_cues():
    import json

    from argmine.backends.linear import cue_fingerprint
    from argmine.classify import default_model_path
    from argmine.schema import load_schema

    config = json.loads((default_model_path() / "config.json").read_text("utf-8"))
    assert config["cue_fingerprint"] == cue_fingerprint(load_schema())  # so an edited schema.toml there warns


def test_linear_load_warns_when_its_own_schema_cues_were_edited(tmp_path, ebike):
    path = _save_damaged(tmp_path, ebike)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        LinearBackend.load(path)  # as saved: silent
    toml = (path / "schema.toml").read_text("utf-8")
    (path / "schema.toml").write_text(toml.replace('"事故", ', ""), "utf-8")
    with pytest.warns(UserWarning, match="the cues of schema.toml differ from those the model was trained with"):
        LinearBackend.load(path)


def test_a_backend_loaded_by_its_class_is_named_by_its_directory_until_fitted_again(tmp_path, ebike):
    import argmine
    from argmine.backends.base import model_origin
    from argmine.backends.lexicon import LexiconBackend

    _fit_linear(ebike).save(tmp_path / "linear")
    LexiconBackend(ebike).save(tmp_path / "lexicon")
    texts, themes, sents = map(list, zip(*EBIKE_DATA))
    docs = [argmine.Document("d", "补贴太少。")]
    for cls in (LinearBackend, LexiconBackend):
        folder = tmp_path / cls.name
        loaded = cls.load(folder)  # not through argmine.load_model
        config = json.loads((folder / "config.json").read_text("utf-8"))
        # a linear save writes its generation (a hash of its files), kept with the path; the lexicon's has none
        generation = {"generation": config["generation"]} if cls is LinearBackend else {}
        assert (cls is LinearBackend) == bool(generation.get("generation"))
        assert model_origin(loaded) == {"path": str(folder), "version": 1, **generation}
        assert argmine.analyze(docs, model=loaded).provenance["model"] == {"name": cls.name, "path": str(folder), "version": 1, **generation}
        loaded = argmine.load_model(str(folder))
        loaded.fit(texts, themes, sents)  # not through argmine.train: other weights than the directory's
        assert argmine.analyze(docs, model=loaded).provenance["model"] == {"name": cls.name}


def test_unknown_backend_is_a_clear_error():
    with pytest.raises(ModelError, match="unknown backend 'svm'; expected one of: lexicon, linear, transformers"):
        get_backend("svm")


# --- the whole pipeline with a second schema ---------------------------------------------


@pytest.mark.parametrize("backend", ["lexicon", "linear"])
def test_pipeline_runs_with_a_second_schema(tmp_path, ebike, backend):
    import argmine
    from argmine.train import Example, train

    (tmp_path / "ebike.toml").write_text(EBIKE_TOML, "utf-8")
    schema = load_schema(tmp_path / "ebike.toml")
    model = train([Example(t, th, s) for t, th, s in EBIKE_DATA], backend=backend, schema=schema,
                  **({"polarity": False} if backend == "linear" else {}))
    model.save(tmp_path / "model")
    doc = argmine.Document(id="post", text="电动车闯红灯太危险了，必须管。一刀切就是懒政。送外卖全靠电动车，这是生计问题。")
    rows = [c.to_row() for c in argmine.classify(argmine.segment([doc]), model=str(tmp_path / "model"))]
    assert [r["themes"] for r in rows] == [["safety"], ["governance"], ["livelihood"]]
    assert all(set(r["scores"]) == {"safety", "livelihood", "governance"} for r in rows)
    assert all(doc.text[r["start"]:r["end"]] == r["text"] for r in rows)
    analysis = argmine.analyze([doc], model=str(tmp_path / "model"))
    assert {"safety", "livelihood", "governance"} <= set(analysis.themes)
    assert not {"privacy", "pro_social"} & set(analysis.themes)


def test_linear_uses_the_general_polarity_score_when_available(tmp_path, ebike, packaged_polarity):
    m = _fit_linear(ebike, polarity=True)
    assert m.feature_names_[-1] == "polarity"
    m.save(tmp_path / "m")
    assert json.loads((tmp_path / "m" / "config.json").read_text("utf-8"))["uses_polarity"] is True
    probe = [t for t, _, _ in EBIKE_DATA] + ["太好了，非常满意"]
    assert LinearBackend.load(tmp_path / "m").predict(probe) == m.predict(probe)


@pytest.mark.parametrize("theme_polarity", [False, True])
def test_linear_theme_models_read_the_polarity_score_only_when_asked(ebike, theme_polarity, packaged_polarity):
    m = _fit_linear(ebike, polarity=True, theme_polarity=theme_polarity)
    assert m.feature_names_[-1] == "polarity"
    assert (m.theme_coef_[:, -1] != 0).any() == theme_polarity  # the default: the themes leave it out
    assert (m.sentiment_coef_[:, -1] != 0).any()  # the sentiment model always reads it


def test_linear_nb_scaling_is_folded_into_the_weights_and_round_trips(tmp_path, ebike):
    import numpy as np
    from sklearn.linear_model import LogisticRegression

    from argmine.backends.linear import _nb_scale

    plain = _fit_linear(ebike, cv=3)
    nb = _fit_linear(ebike, cv=3, nb=True)
    assert not np.allclose(nb.sentiment_coef_, plain.sentiment_coef_)
    assert not np.allclose(nb.theme_coef_, plain.theme_coef_)
    assert np.allclose(_fit_linear(ebike, cv=3, nb="themes").sentiment_coef_, plain.sentiment_coef_)
    assert np.allclose(_fit_linear(ebike, cv=3, nb="sentiment").theme_coef_, plain.theme_coef_)
    # the stored weights are those of a regression on the NB-scaled features, times the scale
    texts, _, sents = zip(*EBIKE_DATA)
    X, _ = nb._features(list(texts))
    y = np.array(sents)
    n_tail = 2 * len(ebike.theme_ids) + 2
    r = np.max([_nb_scale(X, y == k, n_tail) for k in nb.sentiment_classes_], axis=0)
    assert (r[-n_tail:] == 1).all() and (r[:-n_tail] != 1).any()
    lr = LogisticRegression(C=nb.C_sentiment, class_weight="balanced", max_iter=3000, random_state=0).fit(X.multiply(r).tocsr(), y)
    order = [list(lr.classes_).index(k) for k in nb.sentiment_classes_]
    assert np.allclose(nb.sentiment_coef_, lr.coef_[order] * r)
    assert [p.sentiment for p in nb.predict(list(texts))] == list(sents)
    nb.save(tmp_path / "m")
    assert json.loads((tmp_path / "m" / "config.json").read_text("utf-8"))["params"]["nb"] is True
    probe = list(texts) + ["电动车上班不危险", "罚款", "完全无关的一句话"]
    assert LinearBackend.load(tmp_path / "m").predict(probe) == nb.predict(probe)
    with pytest.raises(ModelError, match="nb must be"):
        LinearBackend(ebike, nb="yes").fit(["a"], [[]], ["neutral"])


def test_load_model_warns_when_a_schema_with_the_same_themes_has_other_cues(tmp_path, ebike):
    from dataclasses import replace

    from argmine.classify import load_model

    _fit_linear(ebike).save(tmp_path / "m")
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        load_model(tmp_path / "m", schema=ebike)  # the schema it was trained with: no word
    fewer = replace(ebike, themes=(replace(ebike.themes[0], cues=ebike.themes[0].cues[:2]), *ebike.themes[1:]), source="fewer.toml")
    with pytest.warns(UserWarning) as w:
        model = load_model(tmp_path / "m", schema=fewer)
    assert model.schema_ is fewer
    assert [str(m.message) for m in w] == [
        f"{tmp_path / 'm'}: the model was trained with other cues than those of fewer.toml (same themes, different theme cues); "
        "its weights now read features of cues it was not trained on, so predictions change: leave out --schema (schema= "
        "in Python) to use the model's own schema.toml, or retrain with this schema"]


def test_the_packaged_model_with_another_schema_points_to_what_works(ebike):
    import argmine

    with pytest.raises(ModelError) as e:
        argmine.analyze([argmine.Document(id="d", text="电动车闯红灯很危险。")], schema=ebike)
    assert "drop --schema" not in str(e.value)
    assert str(e.value).endswith(
        "but the schema 'ebike_ban' has ['safety', 'livelihood', 'governance']; the packaged model knows only the themes of "
        "argmine/schemas/alipay.toml: pass --model lexicon (it works with any schema; model='lexicon' in Python), train a model "
        "for this schema (argmine train GOLD --schema FILE -o DIR, then --model DIR; model=DIR in Python), or, to export units "
        "without pre-annotations, 'argmine export --no-predictions' (export() without predictions= in Python)")


def test_load_model_says_a_file_is_a_file_and_a_deeply_nested_config_is_unreadable(tmp_path, ebike):
    from argmine.classify import load_model

    path = tmp_path / "m"
    _fit_linear(ebike).save(path)
    with pytest.raises(ModelError) as e:
        load_model(path / "config.json")
    assert str(e.value) == f"{path / 'config.json'} is a file; pass the model directory that holds it ({path}), written by 'argmine train'"
    (path / "config.json").write_text("[" * 100_000 + "]" * 100_000, "utf-8")
    with pytest.raises(ModelError, match=r"config.json: unreadable model config \(nested too deeply"):
        load_model(path)


@pytest.mark.parametrize("config,reason", [
    ("[]", "not a JSON object"),
    ('{"backend": 1' + "9" * 5000 + "}", "an integer of 5001 digits, more than the 4300 Python reads: line 1 column 13 (char 12)"),
])
def test_load_model_and_each_backend_load_word_a_bad_config_alike(tmp_path, ebike, config, reason):
    from argmine.classify import load_model

    (tmp_path / "m").mkdir()
    (tmp_path / "m" / "config.json").write_text(config, "utf-8")
    for load in (load_model, LinearBackend.load, LexiconBackend.load):
        with pytest.raises(ModelError) as e:
            load(tmp_path / "m")
        assert str(e.value) == f"{tmp_path / 'm' / 'config.json'}: unreadable model config ({reason}); retrain with 'argmine train'"


@pytest.mark.parametrize("backend", ["linear", "lexicon"])
def test_load_model_parses_the_models_config_json_once(tmp_path, ebike, monkeypatch, backend):
    import pathlib

    from argmine.classify import load_model

    model = _fit_linear(ebike) if backend == "linear" else LexiconBackend(ebike).fit(["a"], [[]], ["neutral"])
    model.save(tmp_path / "m")
    read, read_text = [], pathlib.Path.read_text
    monkeypatch.setattr(pathlib.Path, "read_text", lambda self, *a, **k: read.append(self) or read_text(self, *a, **k))
    assert load_model(tmp_path / "m").name == backend
    assert read.count(tmp_path / "m" / "config.json") == 1  # read by load_model, then again by the backend's load


def test_load_model_loads_a_registered_backend_whose_load_takes_no_config(tmp_path):
    from argmine.backends.base import _REGISTRY, register
    from argmine.classify import load_model

    @register("test_plain_load")
    class Plain:
        name = "test_plain_load"

        @classmethod
        def load(cls, path, schema=None):
            return cls()

    try:
        (tmp_path / "m").mkdir()
        (tmp_path / "m" / "config.json").write_text('{"backend": "test_plain_load"}', "utf-8")
        assert isinstance(load_model(tmp_path / "m"), Plain)
    finally:
        _REGISTRY.pop("test_plain_load", None)


def test_a_backend_load_given_another_backends_config_says_so(tmp_path):
    with pytest.raises(ModelError) as e:
        LinearBackend.load(tmp_path / "m", config={"backend": "lexicon"})
    assert str(e.value) == f"{tmp_path / 'm'}: config.json says backend 'lexicon', not 'linear'"


def test_a_backend_load_names_a_hugging_face_checkpoint_as_load_model_does(tmp_path):
    (tmp_path / "bert").mkdir()
    (tmp_path / "bert" / "config.json").write_text('{"model_type": "bert"}', "utf-8")
    with pytest.raises(ModelError) as e:
        LinearBackend.load(tmp_path / "bert")
    assert str(e.value).startswith(f"{tmp_path / 'bert'} is a Hugging Face checkpoint (bert), not an argmine model; ")


@pytest.mark.parametrize("texts,hint", [({"text": ["好"]}, 'df["text"].tolist()'), (None, ""), (5, "")])
def test_predict_refuses_a_mapping_or_a_non_iterable_instead_of_reading_its_keys(texts, hint):
    from argmine.classify import load_model

    with pytest.raises(TypeError) as e:
        load_model("lexicon").predict(texts)
    assert str(e.value).startswith(f"predict() takes a list of texts, not {type(texts).__name__}") and hint in str(e.value)


def test_load_model_refuses_an_object_that_is_not_a_backend():
    from argmine.classify import load_model

    with pytest.raises(TypeError, match="model must be a model directory, the name 'lexicon' or a loaded backend, not int"):
        load_model(3)


def test_a_model_trained_on_a_schema_with_a_bad_colour_stores_the_replacement_and_warns_once(tmp_path):
    import warnings

    from argmine.classify import load_model
    from argmine.train import Example, train

    text = EBIKE_TOML.replace('id = "safety"', 'id = "safety"\ncolor = "navy"', 1)
    assert text != EBIKE_TOML
    (tmp_path / "ebike.toml").write_text(text, "utf-8")
    with warnings.catch_warnings(record=True) as warned:
        warnings.simplefilter("always")
        schema = load_schema(tmp_path / "ebike.toml")
        train([Example(t, th, s) for t, th, s in EBIKE_DATA], backend="lexicon", schema=schema).save(tmp_path / "model")
    assert [str(w.message) for w in warned if "navy" in str(w.message)] == [str(warned[0].message)]  # once, at load
    assert 'color = "navy"' not in (tmp_path / "model" / "schema.toml").read_text("utf-8")
    with warnings.catch_warnings(record=True) as again:
        warnings.simplefilter("always")
        load_model(tmp_path / "model")
    assert not [w for w in again if "navy" in str(w.message)]


@pytest.mark.parametrize("color, copied", [("#ABC", True), ("navy", False), ("#12345g", False)])
def test_schema_toml_leaves_the_process_warning_filters_alone(tmp_path, monkeypatch, color, copied):
    # schema_toml parsed the file again inside warnings.catch_warnings() + simplefilter("always") to see whether it
    # warned (a bad colour): that swaps the process-wide filter list, not thread-safe before Python 3.14.
    text = EBIKE_TOML.replace('id = "safety"', f'id = "safety"\ncolor = "{color}"', 1)
    (tmp_path / "ebike.toml").write_text(text, "utf-8")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # the bad colour's warning when the file is loaded: the test's, before the guard
        schema = load_schema(tmp_path / "ebike.toml")

    before = list(warnings.filters)
    shown = []
    refuse_warning_filter_changes(monkeypatch)
    monkeypatch.setattr(warnings, "showwarning", lambda *args, **kwargs: shown.append(args[0]))
    written = schema_toml(schema)
    assert warnings.filters == before and shown == []
    assert (written == text) is copied  # a file whose colour was replaced is written with the replacement
    assert parse_schema(tomllib.loads(written), "<again>").themes == schema.themes


def test_model_path_that_does_not_exist_says_so_not_that_config_json_is_missing(tmp_path):
    from argmine.backends.base import read_model_config

    with pytest.raises(ModelError) as e:
        read_model_config(tmp_path / "models" / "bert", or_name=True)
    assert str(e.value) == (f"{tmp_path / 'models' / 'bert'}: not a model directory (no such directory); check the path, "
                            "or pass a directory written by 'argmine train', or the name 'lexicon'")
    (tmp_path / "empty").mkdir()  # a folder that exists without config.json: that is what it lacks
    with pytest.raises(ModelError, match=r"empty: not a model directory \(no config.json\); pass a directory"):
        read_model_config(tmp_path / "empty")


def test_load_model_names_the_config_of_a_model_whose_backend_is_unknown(tmp_path):
    from argmine.classify import load_model

    (tmp_path / "m").mkdir()
    (tmp_path / "m" / "config.json").write_text(json.dumps({"backend": "lexicon2", "version": 1}), "utf-8")
    with pytest.raises(ModelError) as e:  # not "unknown backend 'lexicon2'" alone, as for a mistyped --backend
        load_model(tmp_path / "m")
    assert str(e.value) == (
        f"{tmp_path / 'm' / 'config.json'}: unknown backend 'lexicon2' (this argmine knows: lexicon, linear, transformers); "
        "the model directory is damaged or from a newer argmine: use the argmine that wrote it (or register its backend), "
        "or retrain with 'argmine train'")


def _fewer_cues(ebike):
    from dataclasses import replace

    return replace(ebike, themes=(replace(ebike.themes[0], cues=ebike.themes[0].cues[:2]), *ebike.themes[1:]), source="fewer.toml")


def test_a_model_loaded_with_other_cues_compares_schemas_without_touching_the_warning_filters(tmp_path, ebike, monkeypatch):
    # _warn_other_cues read the model's own schema.toml inside warnings.catch_warnings() + simplefilter("ignore"): that
    # swaps the process-wide filter list (not thread-safe before Python 3.14: "ignore" could stay installed for good)
    from argmine.classify import load_model

    _fit_linear(ebike).save(tmp_path / "m")
    own = tmp_path / "m" / "schema.toml"  # its own schema warns when read (a colour that is not hex): not in use, so not said
    text = own.read_text("utf-8")
    own.write_text(text.replace('color = "#2a9d8f"', 'color = "navy"', 1), "utf-8")
    assert 'color = "navy"' in own.read_text("utf-8")

    refuse_warning_filter_changes(monkeypatch)
    with pytest.warns(UserWarning) as shown:
        before = list(warnings.filters)
        load_model(tmp_path / "m", schema=_fewer_cues(ebike))
        assert warnings.filters == before
    assert [str(w.message).split(": the model was trained with other cues")[0] for w in shown] == [str(tmp_path / "m")]


def test_models_loaded_with_other_cues_in_threads_leave_the_warning_filters_as_they_were(tmp_path, ebike):
    from concurrent.futures import ThreadPoolExecutor

    from argmine.classify import load_model

    _fit_linear(ebike).save(tmp_path / "m")
    fewer = _fewer_cues(ebike)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)  # the host's own choice, kept as it is
        before = list(warnings.filters)
        with ThreadPoolExecutor(4) as pool:
            list(pool.map(lambda _: load_model(tmp_path / "m", schema=fewer), range(24)))
        assert warnings.filters == before


# 主题.toml as Python names it under LC_ALL=C: its UTF-8 bytes held as lone surrogates, which no UTF-8 output can hold
C_LOCALE_NAME = "主题.toml".encode("utf-8").decode("ascii", "surrogateescape")


@pytest.mark.timeout(30)
def test_regex_timeout_names_the_schema_file_as_a_utf8_locale_shows_it(monkeypatch):
    from dataclasses import replace

    from argmine.backends import cues

    monkeypatch.setattr(cues, "REGEX_TIMEOUT", 0.05)
    with pytest.raises(SchemaError) as e:
        CueMatcher(replace(_regex_schema("(吵|吵吵)+$"), source=C_LOCALE_NAME)).match("吵" * 60 + "！")
    assert str(e.value).startswith("主题.toml: theme 'noise': regex cue '(吵|吵吵)+$' took more than 0.05 s on one text")


def test_other_cues_warning_names_the_schema_file_as_a_utf8_locale_shows_it(tmp_path, ebike):
    from dataclasses import replace

    from argmine.classify import load_model

    _fit_linear(ebike).save(tmp_path / "m")
    fewer = replace(ebike, themes=(replace(ebike.themes[0], cues=ebike.themes[0].cues[:2]), *ebike.themes[1:]),
                    source=C_LOCALE_NAME)
    with pytest.warns(UserWarning) as w:
        model = load_model(tmp_path / "m", schema=fewer)
    assert [str(m.message).split(" (same themes")[0] for m in w] == [
        f"{tmp_path / 'm'}: the model was trained with other cues than those of 主题.toml"]
    with pytest.raises(ModelError) as e:  # a loaded model given another schema: both named
        load_model(model, schema=replace(ebike, id="other", source=C_LOCALE_NAME))
    assert str(e.value).startswith("schema 'other' (主题.toml) is not the one this loaded linear model predicts with ('ebike_ban', 主题.toml)")


def test_register_doctest_leaves_the_registry_as_it_found_it():
    # run with the doctests (--doctest-modules), an example's backend would show in every available() after it
    import doctest

    from argmine.backends import base

    before = dict(base._REGISTRY)
    runner = doctest.DocTestRunner()
    for test in doctest.DocTestFinder().find(base.register, "register", globs=dict(vars(base))):
        runner.run(test)
    assert runner.summarize(verbose=False).failed == 0 and runner.tries > 0
    assert base._REGISTRY == before


def test_unregister_removes_a_registered_backend_and_returns_it():
    from argmine.backends import available
    from argmine.backends.base import register, unregister

    @register("test_unregister")
    class Mine:
        pass

    assert "test_unregister" in available()
    assert unregister("test_unregister") is Mine and "test_unregister" not in available()
    assert unregister("test_unregister") is None
