"""Training, grouped cross-validation, evaluation and the train/classify/evaluate commands."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from argmine.cli import main
from argmine.errors import InputError, InputWarning, ModelError
from argmine.schema import load_schema
from argmine.train import Example, cross_validate, drop_repeats, evaluate, example_from_dict, folds, format_evaluation, groups_for, load_examples, train
from tests.conftest import failing_reads, refusing_prefix
from tests.test_aggregate import LONG_IDS_SCHEMA

ALIPAY = [
    ("财不外露。", ("privacy",), "negative"),
    ("那些搞保险的天天叫死你。", ("privacy",), "negative"),
    ("隐私都暴露了，太危险。", ("privacy",), "negative"),
    ("用户对支付宝的认知是ATM机。", ("brand_fit",), "negative"),
    ("我只想用支付宝付一下钱。", ("brand_fit",), "negative"),
    ("支付宝做社交是对的。", ("pro_social",), "positive"),
    ("就这个创意给满分~", ("pro_social",), "positive"),
    ("红包转账很方便。", ("pro_social",), "positive"),
    ("现在的支付宝功能太多。", ("bloat",), "negative"),
    ("我只是想要一个安安静静的钱包而已。", ("bloat", "brand_fit"), "negative"),
    ("一个小和尚问方丈。", (), "neutral"),
    ("支付宝与微信必有一战。", (), "neutral"),
]


def gold_examples(n_docs=3):
    """The examples above spread over documents with offsets, as gold records are."""
    out = []
    for i, (t, th, s) in enumerate(ALIPAY * n_docs):
        doc, k = f"d{i % n_docs}", i // n_docs
        out.append(Example(t, th, s, doc=doc, start=10 * k, end=10 * k + len(t), id=f"d{i % n_docs}#{k}"))
    return out


def write_gold(path, examples):
    with open(path, "w", encoding="utf-8") as fh:
        for e in examples:
            fh.write(json.dumps({"id": e.id, "doc": e.doc, "start": e.start, "end": e.end, "text": e.text, "kind": "body",
                                 "themes": list(e.themes), "sentiment": e.sentiment, "annotator": "gold"}, ensure_ascii=False) + "\n")


# --- evaluate ------------------------------------------------------------------------------


def naive_scores(gold, pred, theme_ids):
    """Obviously-correct per-theme F1 and sentiment macro-F1, by counting."""
    out = {}
    for t in theme_ids:
        tp = sum(t in g and t in p for g, p in zip((x[0] for x in gold), (x[0] for x in pred)))
        fp = sum(t not in g and t in p for g, p in zip((x[0] for x in gold), (x[0] for x in pred)))
        fn = sum(t in g and t not in p for g, p in zip((x[0] for x in gold), (x[0] for x in pred)))
        out[t] = None if tp + fp + fn == 0 else 0.0 if tp == 0 else 2 * tp / (2 * tp + fp + fn)  # in neither: no score
    f1s = []
    for lab in sorted({g[1] for g in gold} | {p[1] for p in pred}):  # a label only predicted scores 0
        tp = sum(g[1] == lab and p[1] == lab for g, p in zip(gold, pred))
        fp = sum(g[1] != lab and p[1] == lab for g, p in zip(gold, pred))
        fn = sum(g[1] == lab and p[1] != lab for g, p in zip(gold, pred))
        f1s.append(0.0 if tp == 0 else 2 * tp / (2 * tp + fp + fn))
    return out, sum(f1s) / len(f1s)


THEMES = ("pro_social", "privacy", "brand_fit", "bloat")
label_sets = st.lists(st.sampled_from(THEMES), max_size=3).map(lambda xs: tuple(sorted(set(xs))))
pairs = st.tuples(label_sets, st.sampled_from(["positive", "neutral", "negative"]))


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(pairs, pairs), min_size=1, max_size=25))
def test_evaluate_matches_a_naive_reference(rows):
    gold = [g for g, _ in rows]
    pred = [p for _, p in rows]
    result = evaluate([Example("x", th, s) for th, s in gold], [{"themes": list(th), "sentiment": s} for th, s in pred], load_schema())
    per_theme, sent_macro = naive_scores(gold, pred, THEMES)
    for t in THEMES:
        assert result["themes"][t]["f1"] == (None if per_theme[t] is None else pytest.approx(per_theme[t]))
    scored = [t for t in THEMES if any(t in g[0] for g in gold) or any(t in p[0] for p in pred)]
    assert result["macro_over"] == scored
    if scored:
        assert result["theme_macro_f1"] == pytest.approx(sum(per_theme[t] for t in scored) / len(scored))
    assert result["sentiment"]["macro_f1"] == pytest.approx(sent_macro)
    from sklearn.metrics import f1_score

    assert sent_macro == pytest.approx(f1_score([g[1] for g in gold], [p[1] for p in pred], average="macro", zero_division=0))
    assert result["sentiment"]["accuracy"] == pytest.approx(sum(g[1] == p[1] for g, p in rows) / len(rows))
    cm = result["sentiment"]["confusion"]
    labels = result["sentiment"]["labels"]
    for i, gl in enumerate(labels):
        for j, pl in enumerate(labels):
            assert cm[i][j] == sum(g[1] == gl and p[1] == pl for g, p in rows)


def test_evaluate_refuses_misaligned_input():
    with pytest.raises(ModelError, match="got 2 gold records but 1 predictions"):
        evaluate([Example("a"), Example("b")], [{"themes": [], "sentiment": "neutral"}])


# --- groups and folds ----------------------------------------------------------------------


def test_blocks_follow_source_lines_and_cut_long_lines():
    text = "甲。乙。\n丙。丁。戊。"
    ex = [Example(text[s:s + 2], doc="d", start=s, end=s + 2) for s in (0, 2, 5, 7, 9)]
    assert groups_for(ex, "block", {"d": text}) == ["d:L0", "d:L0", "d:L1", "d:L1", "d:L1"]
    assert groups_for(ex, "block", {"d": text}, block_size=2) == ["d:L0", "d:L0", "d:L1.0", "d:L1.0", "d:L1.1"]


def test_blocks_without_documents_are_runs_of_consecutive_units():
    ex = [Example(t, doc="d", start=s, end=s + 1) for t, s in zip("甲乙丙丁", (30, 0, 10, 20))]
    assert groups_for(ex, "block", block_size=2) == ["d:B1", "d:B0", "d:B0", "d:B1"]


def test_units_with_the_same_text_share_a_fold_group():
    ex = [Example(t, doc=d, start=s, end=s + len(t)) for t, d, s in
          [("圈子到底是什么?", "a", 0), ("乙", "a", 20), ("圈子到底是什么?", "b", 0), ("丙", "b", 40), ("丁", "c", 0)]]
    for group_by, n_groups in (("doc", 2), ("block", 4)):
        groups = groups_for(ex, group_by, block_size=1)
        assert groups[0] == groups[2] and len(set(groups)) == n_groups
        for train_idx, test_idx in folds(ex, k=2, group_by=group_by, seed=1):
            assert not {ex[i].text for i in train_idx} & {ex[i].text for i in test_idx}
    tables = [Example("财不外露"), Example("财不外露"), Example("红包")]  # no document: one group per record, unless the text repeats
    groups = groups_for(tables)
    assert groups[0] == groups[1] != groups[2] and groups == groups_for(tables[::-1])[::-1]
    with pytest.raises(ModelError, match=r"only 2 groups of documents \(3 documents, joined where they share a text\)"):
        folds([Example("甲", doc="a"), Example("甲", doc="b"), Example("乙", doc="c")], k=3, group_by="doc")


def test_cross_validate_makes_its_groups_once_and_folds_them_as_folds_does(monkeypatch):
    import importlib

    T = importlib.import_module("argmine.train")  # argmine.train is also the function

    data = [Example(t, th, "neutral", doc=f"d{i % 3}") for i, (t, th) in enumerate(
        [("财不外露", ("privacy",)), ("红包很方便", ("pro_social",)), ("财不外露啊", ("privacy",)),
         ("红包真方便", ("pro_social",)), ("我觉得财不外露", ("privacy",)), ("发红包很方便", ("pro_social",))])]
    joined = []  # joining equal texts normalises every text: once per run
    monkeypatch.setattr(T, "_join_equal_texts", lambda ex, keys, join=T._join_equal_texts: joined.append(1) or join(ex, keys))
    splits, groups = T._folds_and_groups(data, 3, "doc", 0, None)
    assert (splits, groups) == (folds(data, 3, "doc", 0), groups_for(data, "doc"))
    joined.clear()
    cross_validate(data, backend="lexicon", k=3, group_by="doc")
    assert len(joined) == 1


@settings(max_examples=40, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 4), st.integers(0, 200)), min_size=10, max_size=60),
       st.sampled_from(["doc", "block"]), st.integers(0, 3))
def test_folds_are_disjoint_by_group_and_cover_everything(items, group_by, seed):
    ex = [Example("x", doc=f"d{d}", start=s, end=s + 1) for d, s in items]
    groups = groups_for(ex, group_by)
    k = 2
    if len(set(groups)) < k:
        with pytest.raises(ModelError, match="cannot make 2 folds"):
            folds(ex, k, group_by, seed)
        return
    splits = folds(ex, k, group_by, seed)
    seen = []
    for tr, te in splits:
        assert not {groups[i] for i in tr} & {groups[i] for i in te}
        seen += te
    assert sorted(seen) == list(range(len(ex)))


def test_cross_validate_too_few_documents_is_a_clear_error():
    with pytest.raises(ModelError, match="only 3 documents; use --cv 3 or --group-by block"):
        cross_validate(gold_examples(3), backend="lexicon", k=5, group_by="doc")


def test_cross_validate_takes_a_numpy_integer_for_k_and_reports_it_as_an_int():
    result = cross_validate(gold_examples(3), backend="lexicon", k=np.int64(3), group_by="doc")
    assert result["cv"]["k"] == 3 and type(result["cv"]["k"]) is int and len(result["folds"]) == 3
    json.dumps(result)


@pytest.mark.parametrize("call", [
    lambda: train(gold_examples(1), seed=2**32),
    lambda: cross_validate(gold_examples(3), backend="lexicon", k=3, group_by="doc", seed=2**32),
    lambda: cross_validate(gold_examples(3), backend="linear", k=3, group_by="doc", backend_seed=2**32),
], ids=["train", "cross_validate", "backend_seed"])
def test_a_seed_of_2_to_the_32_is_a_model_error_not_a_numpy_traceback(call):
    with pytest.raises(ModelError, match=r"seed must be an integer from 0 to 2\*\*32-1, found 4294967296$"):
        call()


@pytest.mark.parametrize("seed", [np.int64(5), np.uint32(5)])
def test_a_numpy_integer_seed_is_kept_as_an_int_so_the_model_saves_and_the_result_is_json(tmp_path, seed):
    model = train(gold_examples(1), backend="linear", seed=seed, cv=2, polarity=False)
    assert type(model.seed) is int
    model.save(tmp_path / "m")  # config.json: JSON takes no numpy integer
    assert json.loads((tmp_path / "m" / "config.json").read_text("utf-8"))["params"]["seed"] == 5
    r = cross_validate(gold_examples(3), backend="linear", k=3, group_by="doc", seed=seed, backend_seed=seed, cv=2, polarity=False)
    assert r["cv"]["seed"] == 5 and type(r["cv"]["seed"]) is int
    json.dumps(r)


def test_cross_validate_reports_pooled_and_per_fold_scores():
    r = cross_validate(gold_examples(3), backend="lexicon", k=3, group_by="doc")
    assert r["n"] == 36 and len(r["folds"]) == 3 and sum(f["n"] for f in r["folds"]) == 36
    assert r["cv"] == {"k": 3, "group_by": "doc", "seed": 0, "backend": "lexicon", "blocks_from": "documents", "extra": 0, "pooled": True}
    assert 0 <= r["theme_macro_f1"] <= 1


def test_cross_validate_linear_learns_across_documents():
    r = cross_validate(gold_examples(3), backend="linear", k=3, group_by="doc", polarity=False, cv=2)
    assert r["sentiment"]["accuracy"] > 0.8
    assert r["theme_macro_f1"] > 0.6


def test_cross_validate_extra_examples_train_every_fold_and_are_never_scored():
    # the gold has no bloat unit; the extra examples are the only ones that teach it
    gold = [e for e in gold_examples(3) if "bloat" not in e.themes]
    extra = [Example(t, ("bloat",), "negative") for t in ("功能太多太臃肿。", "太臃肿了，卸载。", "臃肿的全家桶。", "功能多到臃肿。")]
    r = cross_validate(gold, backend="linear", k=3, group_by="doc", extra=extra, polarity=False, cv=2)
    assert r["n"] == len(gold) and sum(f["n"] for f in r["folds"]) == len(gold) and r["cv"]["extra"] == 4
    assert r["themes"]["bloat"]["support"] == 0 and r["themes"]["bloat"]["predicted"] == 0
    m = train(gold, backend="linear", extra=extra, polarity=False, cv=2)
    assert m.predict(["真臃肿。"])[0].themes == ("bloat",)
    with pytest.warns(UserWarning, match="no unit labelled 'bloat'"):
        assert train(gold, backend="linear", polarity=False, cv=2).predict(["真臃肿。"])[0].themes == ()


def test_extra_records_repeating_labelled_texts_are_left_out_with_a_warning():
    gold = gold_examples(3)
    extra = [Example(e.text, e.themes, e.sentiment) for e in gold[:5]] + [Example("功能太多太臃肿。", ("bloat",), "negative")]
    plain = cross_validate(gold, backend="lexicon", k=3, group_by="doc")
    with pytest.warns(UserWarning, match=r"5 of the 6 extra training records repeat a text of the labelled data \('财不外露。'\)"):
        leaked = cross_validate(gold, backend="lexicon", k=3, group_by="doc", extra=extra)
    assert leaked["cv"]["extra"] == 1 and leaked["theme_macro_f1"] == plain["theme_macro_f1"]
    with pytest.warns(UserWarning, match="1 of the 1 extra training records repeats"):
        train(gold, backend="lexicon", extra=extra[:1])


@pytest.mark.parametrize("variant", ["财不外露。 ", " 财不外露。", "\u3000财不外露。\n", "財不外露。 "])
def test_an_extra_record_repeats_a_labelled_text_whenever_the_fold_groups_join_them(variant):
    # one notion of "the same text" for the folds and the extras: a copy the folds would join to a test unit never trains
    from argmine.train import new_extra

    gold = [Example("财不外露。", ("privacy",), "negative", doc="a"), Example("红包转账很方便。", ("pro_social",), "positive", doc="b")]
    assert groups_for([*gold, Example(variant, doc="c")], "doc") == ["a", "b", "a"]
    extra = [Example(variant, ("privacy",), "negative"), Example("功能太多太臃肿。", ("bloat",), "negative")]
    with pytest.warns(UserWarning, match=r"^1 of the 2 extra training records repeats a text of the labelled data"):
        assert [e.text for e in new_extra(gold, extra)] == ["功能太多太臃肿。"]


def test_extra_records_repeating_labelled_texts_with_white_space_at_the_ends_never_train_a_fold():
    gold = gold_examples(3)
    padded = [Example(e.text + " ", e.themes, e.sentiment) for e in gold[:5]] + [Example("功能太多太臃肿。", ("bloat",), "negative")]
    with pytest.warns(UserWarning, match=r"5 of the 6 extra training records repeat a text of the labelled data \('财不外露。 '\)"):
        r = cross_validate(gold, backend="lexicon", k=3, group_by="doc", extra=padded)
    assert r["cv"]["extra"] == 1


def test_repeats_and_training_set_texts_compare_texts_as_the_fold_groups_do(tmp_path):
    from argmine.train import texts_in

    with pytest.warns(UserWarning, match=r"^1 record repeats a unit already read with the same labels"):
        assert [e.text for e in drop_repeats([Example("财不外露", (), "neutral"), Example(" 財不外露 ", (), "neutral")], by_text=True)] == ["财不外露"]
    p = tmp_path / "g.jsonl"
    p.write_text('{"text": "財不外露 ", "themes": [], "sentiment": "neutral"}\n', "utf-8")
    assert texts_in([Example("财不外露"), Example("红包")], [p]) == 1


# --- QA round 37: a copy of a gold text but for punctuation or white space; a --source that holds none of the gold ----------

#: ALIPAY's texts retyped: another full stop, a space, full-width punctuation for half-width, a Traditional character.
RETYPED = {"财不外露。": "财不外露！", "那些搞保险的天天叫死你。": "那些搞保险的 天天叫死你", "隐私都暴露了，太危险。": "隐私都暴露了,太危险!",
           "红包转账很方便。": "紅包轉賬很方便……", "支付宝做社交是对的。": "支付宝做社交是对的？！"}


def test_extra_records_copying_gold_texts_but_for_punctuation_never_train_their_test_fold():
    gold = [Example(t, th, s, doc=f"d{i}", start=0, end=len(t)) for i, (t, th, s) in enumerate(ALIPAY)]
    copies = [Example(RETYPED[e.text], e.themes, e.sentiment) for e in gold if e.text in RETYPED]
    extra = [*copies, Example("功能太多太臃肿。", ("bloat",), "negative")]
    with pytest.warns(UserWarning, match=r"^5 of the 6 extra training records repeat a text of the labelled data \('财不外露！'\), "
                                         r"punctuation and white space aside; they were left out"):
        r = cross_validate(gold, backend="lexicon", k=3, group_by="doc", extra=extra)
    assert r["cv"]["extra"] == 1


def test_fold_groups_join_gold_texts_that_differ_only_in_punctuation():
    gold = [Example(t, doc=f"d{i}", start=0, end=len(t)) for i, t in enumerate(RETYPED)]
    retyped = [Example(t, doc=f"r{i}", start=0, end=len(t)) for i, t in enumerate(RETYPED.values())]
    assert groups_for(gold + retyped, "doc") == [f"d{i}" for i in range(5)] * 2
    for _, te in folds(gold + retyped, k=5, group_by="doc"):  # a unit and its retyped copy are tested together
        assert sorted(te) == [i for i in range(5) if i in te] + [i + 5 for i in range(5) if i in te]


@pytest.mark.parametrize("a, b", [("涨了5-10人", "涨了510人"), ("涨了3.5%", "涨了35%"), ("1/2的人", "12的人"), ("A，B", "AB")])
def test_fold_groups_keep_texts_apart_whose_punctuation_breaks_them_in_other_places(a, b):
    texts = [Example(t, doc=f"d{i}", start=0, end=len(t)) for i, t in enumerate([a, b])]
    assert groups_for(texts, "doc") == ["d0", "d1"]


def test_training_set_texts_count_copies_but_for_punctuation(tmp_path):
    from argmine.train import texts_in

    p = tmp_path / "g.jsonl"
    p.write_text("".join(json.dumps({"text": t, "themes": [], "sentiment": "neutral"}, ensure_ascii=False) + "\n" for t in RETYPED), "utf-8")
    assert texts_in([Example(t) for t in RETYPED.values()] + [Example("红包")], [p]) == 5


def test_repeats_of_a_unit_still_differ_by_punctuation():
    # a unit is its text as read: 好。 and 好？ may be labelled apart; only the leak checks compare texts without punctuation
    a, b = Example("他会来。", (), "neutral"), Example("他会来？", (), "neutral")
    assert drop_repeats([a, b], by_text=True) == [a, b]


def test_cv_error_says_first_that_the_source_holds_none_of_the_gold_documents():
    from argmine.train import NO_SOURCE_MATCH

    ex = [Example(t, th, s, doc=f"d{i % 2}", start=20 * (i // 2), end=20 * (i // 2) + len(t)) for i, (t, th, s) in enumerate(ALIPAY)]
    with pytest.raises(ModelError) as err:
        cross_validate(ex, backend="lexicon", k=5, documents={"elsewhere": "放鞭炮。"})
    assert str(err.value) == ("cannot make 5 folds grouped by block: --source matched none of the 2 gold documents (d0, d1), so their "
                              "blocks are runs of 8 units, and the data has only 2 blocks; pass the documents the gold was made from "
                              "as --source, or use --cv 2")
    with pytest.warns(UserWarning, match="^none of the 2 gold documents is found in the source documents"):
        result = cross_validate(ex, backend="lexicon", k=2, documents={"elsewhere": "放鞭炮。"})
    head = format_evaluation(result).splitlines()[0]
    assert result["cv"]["blocks_from"] == NO_SOURCE_MATCH and "pass --source" not in head
    assert "2-fold CV grouped by runs of 8 units (--source matched no gold document), backend lexicon" in head
    with pytest.raises(ModelError, match=r"^cannot make 5 folds grouped by block: the data has only 2 blocks; use --cv 2$"):
        cross_validate(ex, backend="lexicon", k=5)  # no --source: the fold count is the only problem


def test_cli_evaluate_cv_names_a_source_without_the_gold_documents_before_the_fold_count(tmp_path):
    gold = [Example(t, th, s, doc=f"d{i % 2}", start=20 * (i // 2), end=20 * (i // 2) + len(t), id=f"d{i % 2}#{i // 2}")
            for i, (t, th, s) in enumerate(ALIPAY)]
    write_gold(tmp_path / "g.jsonl", gold)
    (tmp_path / "src").mkdir()
    (tmp_path / "src" / "other.txt").write_text("放鞭炮。\n", "utf-8")
    r = CliRunner().invoke(main, ["evaluate", "--gold", str(tmp_path / "g.jsonl"), "--cv", "5", "--backend", "lexicon",
                                  "--source", str(tmp_path / "src")])
    assert r.exit_code != 0 and "Traceback" not in r.output
    assert r.stderr.splitlines()[-1].startswith("argmine: error: cannot make 5 folds grouped by block: --source matched none of "
                                                "the 2 gold documents (d0, d1)")


def test_linear_internal_folds_never_hold_out_uncalibrated_texts():
    from argmine.backends.linear import LinearBackend

    m = LinearBackend(load_schema(), cv=3)
    flags = [True] * 6 + [False] * 4
    splits = m._folds(10, list("aabbccdefg"), flags)
    assert len(splits) == 3
    assert sorted(i for _, te in splits for i in te) == list(range(6))
    for tr, te in splits:
        assert sorted([*tr, *te]) == list(range(10)) and {6, 7, 8, 9} <= set(tr)
    with pytest.raises(ModelError, match="3 calibrate flags for 2 texts"):
        m.fit(["财不外露", "红包"], [["privacy"], []], ["negative", "neutral"], calibrate=[True, False, True])


# --- train -------------------------------------------------------------------------------------


def test_train_unknown_backend_is_a_clear_error():
    with pytest.raises(ModelError, match="unknown backend 'forest'"):
        train(gold_examples(1), backend="forest")


def test_train_unknown_setting_is_a_clear_error():
    with pytest.raises(ModelError) as err:
        train(gold_examples(1), backend="lexicon", C_theme=3)
    assert str(err.value) == ("backend 'lexicon' has no setting 'C_theme'; its settings are: threshold, negated_theme_weight, "
                              "sentiment_margin (see docs/schema.md ([lexicon]))")


def test_train_unknown_linear_setting_lists_the_settings():
    with pytest.raises(ModelError, match=r"backend 'linear' has no settings 'foo', 'bar'; its settings are: C_theme, C_sentiment, .*"
                                         r"theme_polarity \(see docs/classify.md\)"):
        train(gold_examples(1), backend="linear", foo=1, bar=2)


def test_train_accepts_dicts_and_gold_records():
    from argmine.annotations import GoldRecord

    recs = [GoldRecord(id="d#1", doc="d", start=0, end=5, text="财不外露。", themes=("privacy",), sentiment="negative")]
    assert train(recs, backend="lexicon").predict(["财不外露"])[0].themes == ("privacy",)
    assert train([{"text": "财不外露", "themes": ["privacy"], "sentiment": "negative"}], backend="lexicon").name == "lexicon"


def test_load_examples_reads_tables_and_reports_bad_records(tmp_path):
    p = tmp_path / "labels.csv"
    p.write_text("body,tags,polarity\n财不外露,privacy,negative\n红包很方便,pro_social;bloat,positive\n坏行,money,negative\n ,privacy,neutral\n", "utf-8")
    errors = []
    ex = load_examples(p, text_field="body", themes_field="tags", sentiment_field="polarity", schema=load_schema(), on_error=errors.append)
    assert [e.themes for e in ex] == [("privacy",), ("pro_social", "bloat")]
    # rows are numbered as argmine.read numbers them: records from 1 after the header
    assert len(errors) == 2 and str(errors[0]).startswith(f"{p}: row 3 (line 4): unknown theme 'money'")
    assert str(errors[1]) == f"{p}: row 4 (line 5): field 'body' is empty; a labelled record needs text (fill it in or remove the record)"
    with pytest.raises(InputError) as e:
        load_examples(p, on_error=errors.append)  # once for the file, not once per row
    assert str(e.value) == f"{p}: has no 'text' column (columns: body, tags, polarity); pass --text-field NAME (text_field= in Python)"
    assert len(errors) == 2


def test_a_themes_cell_nested_too_deeply_or_with_an_over_long_integer_is_one_record_error(tmp_path):
    p = tmp_path / "labels.csv"
    deep, long = "[" * 100_000 + "]" * 100_000, "[" + "7" * 5000 + "]"
    p.write_text(f"text,themes,sentiment\n财不外露,privacy,negative\n坏行,{deep},negative\n差评,{long},negative\n", "utf-8")
    errors = []
    ex = load_examples(p, schema=load_schema(), on_error=errors.append)
    assert [e.themes for e in ex] == [("privacy",)]
    expected = "; expected a list of theme ids or a string like 'pro_social;privacy'"
    assert [str(e) for e in errors] == [
        f"{p}: row 2 (line 3): field 'themes' is '{deep[:59]}, not valid JSON (nested too deeply at column 1){expected}",
        f"{p}: row 3 (line 4): field 'themes' is '{long[:59]}, not valid JSON "
        f"(an integer of 5000 digits, more than the 4300 Python reads at column 2){expected}"]


def test_load_examples_lists_the_first_jsonl_records_without_a_field_then_counts(tmp_path):
    p = tmp_path / "g.jsonl"
    p.write_text("".join('{"body": "财不外露", "sentiment": "negative"}\n' for _ in range(5)), "utf-8")
    errors = []
    assert load_examples(p, on_error=errors.append) == []
    assert [str(e) for e in errors] == [
        f"{p}: line {n}: has no 'text' field (fields: body, sentiment); pass --text-field NAME (text_field= in Python)" for n in (1, 2, 3)
    ] + [f"{p}: ... and 2 more records without a 'text' field; pass --text-field NAME (text_field= in Python)"]
    with pytest.raises(InputError, match="g.jsonl: line 1: has no 'text' field"):
        load_examples(p)


def test_a_record_without_a_label_field_names_the_option_and_the_keyword():
    with pytest.raises(InputError) as e:
        example_from_dict({"text": "财不外露", "themes": "privacy"}, "g.jsonl: line 1")
    assert str(e.value) == ("g.jsonl: line 1: record: has no 'sentiment' field (fields: text, themes); pass --sentiment-field NAME "
                            "(sentiment_field= in Python), or --sentiment-field none if the data has no sentiment labels "
                            "(sentiment_field=None in Python; themes only)")


def test_load_examples_reports_bad_json_lines(tmp_path):
    p = tmp_path / "g.jsonl"
    p.write_text('{"text": "财不外露", "themes": ["privacy"], "sentiment": "negative"}\n{oops\n[1]\n', "utf-8")
    errors = []
    assert len(load_examples(p, on_error=errors.append)) == 1
    assert [str(e) for e in errors] == [
        f"{p}: line 2: not valid JSON (Expecting property name enclosed in double quotes at column 2); fix or remove that line",
        f"{p}: line 3: expected a JSON object, found an array; each line must be one object",
    ]


def test_load_examples_trains_on_a_gbk_csv(tmp_path):
    # Excel's plain "CSV" on Chinese Windows is GBK; argmine.read detects it, and so does training.
    p = tmp_path / "labels.csv"
    p.write_bytes("text,themes,sentiment\n财不外露，隐私都暴露了。,privacy,negative\n支付宝做社交是对的，红包很方便。,pro_social,positive\n".encode("gbk"))
    ex = load_examples(p, schema=load_schema())
    assert [(e.text, e.themes) for e in ex] == [("财不外露，隐私都暴露了。", ("privacy",)), ("支付宝做社交是对的，红包很方便。", ("pro_social",))]
    r = CliRunner().invoke(main, ["train", str(p), "--backend", "lexicon", "-o", str(tmp_path / "m"), "-q"])
    assert r.exit_code == 0, r.output
    assert (tmp_path / "m" / "config.json").is_file()


def test_load_examples_reports_an_unclosed_quote_and_keeps_the_rows_after_it(tmp_path):
    p = tmp_path / "labels.csv"
    p.write_text('text,themes,sentiment\n"财不外露,privacy,negative\n红包很方便,pro_social,positive\n隐私,privacy\n'
                 '支付宝做社交是对的,pro_social,positive\n', "utf-8")
    errors = []
    ex = load_examples(p, on_error=errors.append)
    assert [e.text for e in ex] == ["红包很方便", "支付宝做社交是对的"]
    assert [str(e) for e in errors] == [
        f"{p}: row 1 (line 2): a quote opened in this row is never closed, so the rest of the file would be read as its text; "
        'close it, or double every quote inside a quoted field ("")',
        f"{p}: row 3 (line 4): has 2 fields but the header has 3, so there is no 'sentiment' value; "
        "add the missing fields or remove the row (a line break inside a field needs the field quoted)",
    ]


@pytest.mark.parametrize("name, content, where, rows", [
    ("t.csv", 'text,themes,sentiment\n"财不外露,\n隐私",privacy,negative\n\n,privacy,negative\n红包很方便,money,positive\n',
     ["row 2 (line 5)", "row 3 (line 6)"], [1, 3]),
    ("t.tsv", 'text\tthemes\tsentiment\n"财不外露\tprivacy\tnegative\n\n\tprivacy\tnegative\n红包很方便\tmoney\tpositive\n',
     ["row 2 (line 4)", "row 3 (line 5)"], [1, 3]),
    ("t.jsonl", '{"text": "财不外露\u2028隐私", "themes": ["privacy"], "sentiment": "negative"}\n\n'
                '{"text": " ", "themes": ["privacy"], "sentiment": "negative"}\n'
                '{"text": "红包很方便", "themes": ["money"], "sentiment": "positive"}\n',
     ["line 3", "line 4"], [1, 4]),
], ids=["csv", "tsv", "jsonl"])
def test_load_examples_numbers_records_as_argmine_read_does(tmp_path, name, content, where, rows):
    import argmine

    p = tmp_path / name
    p.write_text(content, "utf-8")
    read_errors, train_errors = [], []
    with pytest.warns(InputWarning):
        docs = argmine.read([p], on_error=read_errors.append)
    ex = load_examples(p, schema=load_schema(), on_error=train_errors.append)
    assert [d.source for d in docs] == [f"{p}:{n}" for n in rows]
    assert [e.text for e in ex] == [docs[0].text]
    assert read_errors == []  # argmine.read skips a row with empty text with a warning
    assert [str(e) for e in train_errors] == [
        f"{p}: {where[0]}: field 'text' is empty; a labelled record needs text (fill it in or remove the record)",
        f"{p}: {where[1]}: unknown theme 'money' in schema 'alipay_social'; expected one of: pro_social, privacy, brand_fit, bloat "
        "(or 'other' for none); the labels must be those of the packaged schema (argmine/schemas/alipay.toml); "
        "if they belong to another schema, pass --schema FILE (schema= in Python)",
    ]

# --- commands -------------------------------------------------------------------------------------


@pytest.fixture()
def gold_file(tmp_path):
    p = tmp_path / "gold.jsonl"
    write_gold(p, gold_examples(3))
    return p


def test_cli_train_classify_evaluate(tmp_path, gold_file):
    runner = CliRunner()
    model = tmp_path / "model"
    r = runner.invoke(main, ["train", str(gold_file), "-o", str(model), "--param", "polarity=false", "--param", "cv=2"])
    assert r.exit_code == 0, r.output
    assert "trained linear on 36 units" in r.stderr

    page = tmp_path / "page.txt"
    page.write_text("财不外露。支付宝做社交是对的。\n", "utf-8")
    r = runner.invoke(main, ["classify", str(page), "--model", str(model), "-q"])
    assert r.exit_code == 0, r.output
    rows = [json.loads(line) for line in r.stdout.splitlines()]
    assert list(rows[0]) == ["id", "doc", "start", "end", "text", "kind", "themes", "scores", "sentiment", "sentiment_score", "evidence"]
    assert [row["themes"] for row in rows] == [["privacy"], ["pro_social"]]

    r = runner.invoke(main, ["evaluate", "--gold", str(gold_file), "--model", str(model), "--format", "json"])
    assert r.exit_code == 0, r.output
    assert json.loads(r.stdout)["sentiment"]["accuracy"] == 1.0

    r = runner.invoke(main, ["evaluate", "--gold", str(gold_file), "--cv", "3", "--group-by", "doc", "--seed", "1",
                             "--param", "polarity=false", "--param", "cv=2", "--format", "json"])
    assert r.exit_code == 0, r.output
    assert json.loads(r.stdout)["cv"]["backend"] == "linear"

    r = runner.invoke(main, ["evaluate", "--gold", str(gold_file), "--cv", "3", "--group-by", "doc", "--backend", "lexicon"])
    assert r.exit_code == 0, r.output
    assert "3-fold CV grouped by doc, backend lexicon" in r.stdout and "theme macro-F1" in r.stdout


def test_cli_evaluate_cv_takes_a_backend_seed_param(gold_file):
    # --param seed=N used to collide with the fold seed (TypeError: multiple values for 'seed')
    r = CliRunner().invoke(main, ["evaluate", "--gold", str(gold_file), "--cv", "3", "--group-by", "doc", "--seed", "1",
                                  "--param", "seed=7", "--param", "polarity=false", "--param", "cv=2", "--format", "json"])
    assert r.exit_code == 0, r.output
    assert json.loads(r.stdout)["cv"]["seed"] == 1


def test_cross_validate_backend_seed_overrides_the_fold_seed_for_the_backend():
    seen = []

    class Spy:
        name = "spy"

        def __init__(self, schema=None, *, seed=0):
            seen.append(seed)

        def fit(self, texts, themes, sentiments, groups=None):
            return self

        def predict(self, texts):
            return [{"themes": [], "sentiment": "neutral"} for _ in texts]

    from argmine.backends import base

    base.register("spy_seed")(Spy)
    try:
        cross_validate(gold_examples(3), backend="spy_seed", k=3, group_by="doc", seed=1, backend_seed=7)
        cross_validate(gold_examples(3), backend="spy_seed", k=3, group_by="doc", seed=2)
    finally:
        base._REGISTRY.pop("spy_seed", None)
    assert seen == [7, 7, 7, 2, 2, 2]


def test_cli_evaluate_base_model_needs_cv_and_transformers(gold_file):
    r = CliRunner().invoke(main, ["evaluate", "--gold", str(gold_file), "--cv", "3", "--group-by", "doc", "--base-model", "x"])
    assert r.exit_code == 2 and "--base-model applies only to --backend transformers" in r.output
    r = CliRunner().invoke(main, ["evaluate", "--gold", str(gold_file), "--base-model", "x"])
    assert r.exit_code == 2 and "apply only with --cv" in r.output


def test_cli_classify_csv_and_table(tmp_path):
    page = tmp_path / "page.txt"
    page.write_text("财不外露。\n", "utf-8")
    r = CliRunner().invoke(main, ["classify", str(page), "--model", "lexicon", "--format", "csv", "-q"])
    assert r.exit_code == 0, r.output
    assert r.stdout.splitlines()[0] == "id,doc,start,end,text,kind,themes,scores,sentiment,sentiment_score,evidence,meta"
    r = CliRunner().invoke(main, ["classify", str(page), "--model", "lexicon", "--format", "table", "-q"])
    assert r.exit_code == 0 and "privacy" in r.stdout


def test_cli_extra_trains_but_is_never_scored(tmp_path, gold_file):
    extra = tmp_path / "extra.jsonl"
    extra.write_text("".join(json.dumps({"text": t, "themes": ["bloat"], "sentiment": "negative"}, ensure_ascii=False) + "\n"
                             for t in ("功能太多太臃肿。", "太臃肿了。")) + '{"text": "x", "themes": ["money"], "sentiment": "negative"}\n', "utf-8")
    runner = CliRunner()
    r = runner.invoke(main, ["train", str(gold_file), "--extra", str(extra), "--backend", "lexicon", "-o", str(tmp_path / "m")])
    assert r.exit_code == 1  # the bad extra record is reported; the model is trained on the rest
    assert "checked those of 36 units (+ 2 --extra)" in r.stderr and "unknown theme 'money'" in r.stderr
    r = runner.invoke(main, ["evaluate", "--gold", str(gold_file), "--cv", "3", "--group-by", "doc", "--backend", "lexicon",
                             "--extra", str(extra), "--format", "json"])
    assert r.exit_code == 1 and "unknown theme 'money'" in r.stderr
    out = json.loads(r.stdout)
    assert out["n"] == 36 and out["cv"]["extra"] == 2
    r = runner.invoke(main, ["evaluate", "--gold", str(gold_file), "--cv", "3", "--group-by", "doc", "--backend", "lexicon", "--extra", str(extra)])
    assert "seed 0, + 2 extra records in every training fold; scores pooled over the 3 held-out folds)" in r.stdout
    r = runner.invoke(main, ["evaluate", "--gold", str(gold_file), "--extra", str(extra)])
    assert r.exit_code == 2 and "--extra applies only with --cv" in r.output


def test_cli_extra_repeating_gold_texts_with_white_space_at_the_ends_is_left_out(tmp_path, gold_file):
    gold = [json.loads(line) for line in gold_file.read_text("utf-8").splitlines()]
    extra = tmp_path / "extra.jsonl"
    extra.write_text("".join(json.dumps({"text": g["text"] + " ", "themes": g["themes"], "sentiment": g["sentiment"]}, ensure_ascii=False) + "\n"
                             for g in gold[:12]), "utf-8")
    r = CliRunner().invoke(main, ["evaluate", "--gold", str(gold_file), "--cv", "3", "--group-by", "doc", "--backend", "lexicon",
                                  "--extra", str(extra), "--format", "json"])
    assert r.exit_code == 0 and "12 of the 12 extra training records repeat a text of the labelled data" in r.stderr
    assert json.loads(r.stdout)["cv"]["extra"] == 0
    r = CliRunner().invoke(main, ["train", str(gold_file), "--extra", str(extra), "--backend", "lexicon", "-o", str(tmp_path / "m")])
    assert r.exit_code == 0 and "12 of the 12 extra training records repeat a text of the labelled data" in r.stderr


def test_cli_extra_from_another_schema_is_refused_on_its_own(tmp_path, gold_file):
    other = tmp_path / "other.jsonl"
    other.write_text("".join(json.dumps({"text": f"电动车{i}", "themes": ["safety"] if i % 3 else [], "sentiment": "negative"},
                                        ensure_ascii=False) + "\n" for i in range(9)), "utf-8")
    header_only = tmp_path / "h.csv"
    header_only.write_text("text,themes,sentiment\n", "utf-8")
    runner = CliRunner()
    r = runner.invoke(main, ["train", str(gold_file), "--extra", str(other), "--backend", "lexicon", "-o", str(tmp_path / "m")])
    assert r.exit_code == 1 and "6 of 9 --extra records failed, more than half; nothing was trained" in r.stderr
    r = runner.invoke(main, ["train", str(gold_file), "--extra", str(header_only), "--backend", "lexicon", "-o", str(tmp_path / "m")])
    assert r.exit_code == 1 and f"{header_only}: has a header but no rows" in r.stderr and "the lexicon learns nothing" not in r.stderr
    assert "no --extra records could be read (see above); nothing was trained" in r.stderr and not (tmp_path / "m").exists()
    r = runner.invoke(main, ["train", str(gold_file), "--extra", str(gold_file), "--backend", "lexicon", "-o", str(tmp_path / "m")])
    assert "36 of the 36 extra training records repeat" in r.stderr and "the lexicon learns nothing from labels: checked those of 36 units, saved the schema and --param settings (--backend linear trains on them) -> " in r.stderr


def test_cli_train_reports_bad_input_and_trains_on_the_rest(tmp_path, gold_file):
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"text": "x", "themes": ["money"], "sentiment": "neutral"}\n', "utf-8")
    r = CliRunner().invoke(main, ["train", str(gold_file), str(bad), str(tmp_path / "missing.jsonl"), "--backend", "lexicon", "-o", str(tmp_path / "m")])
    assert r.exit_code == 1
    err = r.stderr.splitlines()
    assert err[0] == (f"argmine: error: {bad}: line 1: unknown theme 'money' in schema 'alipay_social'; expected one of: pro_social, privacy, "
                      "brand_fit, bloat (or 'other' for none); the labels must be those of the packaged schema (argmine/schemas/alipay.toml); "
                      "if they belong to another schema, pass --schema FILE (schema= in Python)")
    assert err[1] == f"argmine: error: {tmp_path / 'missing.jsonl'}: no such file; check the path"
    assert "Traceback" not in r.output
    assert (tmp_path / "m" / "config.json").is_file()


def test_cli_classify_bad_model_dir_is_one_line(tmp_path):
    page = tmp_path / "page.txt"
    page.write_text("财不外露。\n", "utf-8")
    r = CliRunner().invoke(main, ["classify", str(page), "--model", str(tmp_path)])
    assert r.exit_code == 2
    assert r.stderr.strip() == f"argmine: error: {tmp_path}: not a model directory (no config.json); pass a directory written by 'argmine train', or the name 'lexicon'"


def test_cli_evaluate_checks_gold_against_the_model_schema(tmp_path):
    # gold of another debate, in a table with its own column names, scored with a model trained on it
    (tmp_path / "fire.toml").write_text(
        '[schema]\nid = "fireworks"\nversion = "1"\n\n'
        '[[themes]]\nid = "tradition"\nname_zh = "传统"\nname_en = "tradition"\ncues = ["传统", "年味"]\n\n'
        '[[themes]]\nid = "pollution"\nname_zh = "污染"\nname_en = "pollution"\ncues = ["污染", "雾霾"]\n\n'
        '[sentiment]\npositive = ["支持"]\nnegative = ["反对"]\n', "utf-8")
    (tmp_path / "labels.csv").write_text(
        "body,tags,polarity\n放鞭炮是传统，支持。,tradition,positive\n鞭炮污染空气，反对。,pollution,negative\n", "utf-8")
    runner = CliRunner()
    fields = ["--text-field", "body", "--themes-field", "tags", "--sentiment-field", "polarity"]
    r = runner.invoke(main, ["train", str(tmp_path / "labels.csv"), *fields, "--backend", "lexicon",
                             "--schema", str(tmp_path / "fire.toml"), "-o", str(tmp_path / "m")])
    assert r.exit_code == 0, r.output
    r = runner.invoke(main, ["evaluate", "--gold", str(tmp_path / "labels.csv"), *fields, "--model", str(tmp_path / "m"), "--format", "json"])
    assert r.exit_code == 0, r.output
    assert "error" not in r.stderr
    assert list(json.loads(r.stdout)["themes"]) == ["tradition", "pollution"]


def test_table_theme_cells_accept_full_width_separators():
    # privacy；bloat、brand_fit with the full-width semicolon and the ideographic comma
    ex = example_from_dict({"text": "财不外露", "themes": "privacy\uff1bbloat\u3001brand_fit", "sentiment": "negative"},
                           "t.csv:1", schema=load_schema())
    assert ex.themes == ("privacy", "brand_fit", "bloat")


# --- gold lacking a label, and evaluate's validation ---------------------------------------


def test_linear_model_trained_without_a_sentiment_class_saves_loads_and_never_predicts_it(tmp_path):
    from argmine.backends.linear import LinearBackend

    no_positive = [Example(e.text, e.themes, "neutral" if e.sentiment == "positive" else e.sentiment, e.doc, e.start, e.end, e.id)
                   for e in gold_examples(2)]
    with pytest.warns(UserWarning, match=r"^the training data has no 'positive' unit, so the model will not learn to predict that sentiment"):
        model = train(no_positive, backend="linear", polarity=False, cv=2)
    model.save(tmp_path / "m")
    loaded = LinearBackend.load(tmp_path / "m")  # used to be refused as a damaged directory
    texts = [e.norm_text for e in gold_examples(1)]
    preds = loaded.predict(texts)
    assert preds == model.predict(texts)
    assert all(p.sentiment != "positive" and p.sentiment_score <= 0 for p in preds)


def test_cli_train_on_one_sentiment_class_warns_and_the_model_classifies(tmp_path):
    gold = tmp_path / "neutral.jsonl"
    write_gold(gold, [Example(e.text, e.themes, "neutral", e.doc, e.start, e.end, e.id) for e in gold_examples(2)])
    runner = CliRunner()
    r = runner.invoke(main, ["train", str(gold), "-o", str(tmp_path / "m"), "--param", "polarity=false", "--param", "cv=2"])
    assert r.exit_code == 0, r.output
    assert r.stderr.splitlines()[0] == ("argmine: warning: the training data has no 'positive' or 'negative' unit, so the model "
                                        "will not learn to predict those sentiments; label some such units and train again")
    page = tmp_path / "page.txt"
    page.write_text("财不外露。支付宝做社交是对的。\n", "utf-8")
    r = runner.invoke(main, ["classify", str(page), "--model", str(tmp_path / "m"), "-q"])
    assert r.exit_code == 0, r.output
    assert {json.loads(line)["sentiment"] for line in r.stdout.splitlines()} == {"neutral"}


def test_train_warns_about_a_theme_without_gold_examples():
    no_bloat = [e for e in gold_examples(2) if "bloat" not in e.themes]
    with pytest.warns(UserWarning, match=r"^the training data has no unit labelled 'bloat', so the model will not learn to predict that theme"):
        train(no_bloat, backend="linear", polarity=False, cv=2)


def test_train_lexicon_does_not_warn_about_missing_labels(recwarn):
    train([Example("财不外露", ("privacy",), "negative")], backend="lexicon")
    assert not [w for w in recwarn if "training data" in str(w.message)]


GOLD2 = [Example("财不外露", ("privacy",), "negative", id="d#1"), Example("支付宝做社交是对的", ("pro_social",), "positive", id="d#2")]


@pytest.mark.parametrize("pred, message", [
    ({"themes": ["privacy"], "sentiment": "Negative"},
     "prediction 0: unknown sentiment 'Negative' in schema 'alipay_social'; expected one of: positive, neutral, negative; "
     "fix the label, or pass the schema it belongs to (schema=)"),
    ({"themes": ["Privacy"], "sentiment": "negative"},
     "prediction 0: unknown theme 'Privacy' in schema 'alipay_social'; expected one of: pro_social, privacy, brand_fit, bloat "
     "(or 'other' for none); fix the label, or pass the schema it belongs to (schema=)"),
])
def test_evaluate_refuses_unknown_or_miscased_predicted_labels(pred, message):
    from argmine.errors import SchemaError

    with pytest.raises(SchemaError) as e:
        evaluate(GOLD2, [pred, {"themes": ["pro_social"], "sentiment": "positive"}])
    assert str(e.value) == message


def test_evaluate_refuses_unknown_gold_labels_naming_the_record():
    from argmine.errors import SchemaError

    with pytest.raises(SchemaError, match=r"^gold record 1 \(d#2\): unknown sentiment 'pos' "):
        evaluate([GOLD2[0], Example("x", (), "pos", id="d#2")], [{"themes": [], "sentiment": "neutral"}] * 2)


def test_evaluate_reads_string_themes_as_gold_does_and_takes_classify_output():
    import argmine

    r = evaluate(GOLD2, [{"themes": "privacy", "sentiment": "negative"}, {"themes": "pro_social;other", "sentiment": "positive"}])
    assert r["theme_macro_f1"] == 1.0 and r["exact_match"] == 1.0
    units = argmine.segment([argmine.Document("d", "财不外露。支付宝做社交是对的。")])
    classified = argmine.classify(units, "lexicon")  # a generator of ClassifiedUnit
    r = evaluate(GOLD2, classified)
    assert r["n"] == 2 and r["themes"]["privacy"]["tp"] == 1


def test_evaluate_refuses_unreadable_predictions_naming_the_record():
    with pytest.raises(ModelError, match=r"^prediction 1: 'themes' is 3; expected a list of theme ids"):
        evaluate(GOLD2, [{"themes": [], "sentiment": "neutral"}, {"themes": 3, "sentiment": "neutral"}])
    with pytest.raises(ModelError, match=r"^prediction 0: 'sentiment' is missing"):
        evaluate(GOLD2, [{"themes": []}, {"themes": [], "sentiment": "neutral"}])
    with pytest.raises(ModelError, match=r"^prediction 0 is a int; pass Prediction or ClassifiedUnit objects"):
        evaluate(GOLD2, [1, 2])


def test_trained_model_files_are_readable_as_any_new_file(tmp_path):
    import os
    import stat

    from argmine.cli import main
    from click.testing import CliRunner

    gold = tmp_path / "g.jsonl"
    rows = [("财不外露。", "privacy", "negative"), ("支付宝做社交是对的。", "pro_social", "positive"), ("功能太多了。", "bloat", "negative"),
            ("今天天气好。", "", "neutral"), ("隐私很重要。", "privacy", "negative"), ("钱包就该是钱包。", "brand_fit", "negative")]
    gold.write_text("".join(json.dumps({"text": t, "themes": th, "sentiment": s}, ensure_ascii=False) + "\n" for t, th, s in rows * 3), "utf-8")
    old = os.umask(0o022)
    try:
        r = CliRunner().invoke(main, ["train", str(gold), "--backend", "linear", "-o", str(tmp_path / "m"), "-q"], catch_exceptions=False)
    finally:
        os.umask(old)
    assert r.exit_code == 0, r.output
    for f in (tmp_path / "m").iterdir():
        assert stat.S_IMODE(f.stat().st_mode) == 0o644, f.name


def test_train_leaves_the_modes_of_files_it_does_not_write_and_a_replaced_file_keeps_its_own(tmp_path):
    import os
    import stat

    from argmine.cli import main
    from click.testing import CliRunner

    gold = tmp_path / "g.jsonl"
    rows = [("财不外露。", "privacy", "negative"), ("支付宝做社交是对的。", "pro_social", "positive"), ("今天天气好。", "", "neutral")]
    gold.write_text("".join(json.dumps({"text": t, "themes": th, "sentiment": s}, ensure_ascii=False) + "\n" for t, th, s in rows * 3), "utf-8")
    out = tmp_path / "m"
    (out / "sub").mkdir(parents=True)
    (out / "credentials.txt").write_text("token")
    (out / "sub" / "run.sh").write_text("#!/bin/sh\n")
    os.chmod(out / "credentials.txt", 0o600)
    os.chmod(out / "sub" / "run.sh", 0o700)

    def mode(name: str) -> int:
        return stat.S_IMODE((out / name).stat().st_mode)

    old = os.umask(0o022)
    try:
        train = ["train", str(gold), "--backend", "linear", "-o", str(out), "-q"]
        r = CliRunner().invoke(main, [*train, "--force"], catch_exceptions=False)
        assert r.exit_code == 0, r.output
        assert (mode("credentials.txt"), mode("sub/run.sh"), mode("weights.safetensors")) == (0o600, 0o700, 0o644)
        os.chmod(out / "weights.safetensors", 0o640)
        os.chmod(out / "config.json", 0o600)
        r = CliRunner().invoke(main, train, catch_exceptions=False)  # retraining replaces the model's files
    finally:
        os.umask(old)
    assert r.exit_code == 0, r.output
    assert (mode("credentials.txt"), mode("weights.safetensors"), mode("config.json"), mode("schema.toml")) == (0o600, 0o640, 0o600, 0o644)


def test_cli_evaluate_cv_with_an_unreadable_source_reports_it_and_exits_1(tmp_path, gold_file):
    missing = tmp_path / "nope"
    r = CliRunner().invoke(main, ["evaluate", "--gold", str(gold_file), "--cv", "3", "--group-by", "doc",
                                  "--backend", "lexicon", "--source", str(missing)])
    assert r.exit_code == 1, r.output
    assert r.stderr.splitlines() == [f"argmine: error: --source {missing}: no such file or directory; check the path",
                                     f"argmine: error: 1 of 2 files could not be used (--source {missing}); scored the rest"]
    assert "theme macro-F1" in r.stdout  # the gold was still scored


# --- label errors, mostly-failed data, --source for cross-validation ---------------------------------

FIRE = ('[schema]\nid = "fireworks"\nversion = "1"\n\n'
        '[[themes]]\nid = "tradition"\nname_zh = "传统"\nname_en = "tradition"\ncues = ["传统", "年味"]\n\n'
        '[[themes]]\nid = "pollution"\nname_zh = "污染"\nname_en = "pollution"\ncues = ["污染", "雾霾"]\n\n'
        '[sentiment]\npositive = ["支持"]\nnegative = ["反对"]\n')


def test_cli_train_label_error_names_the_given_schema_and_the_id_a_name_stands_for(tmp_path):
    (tmp_path / "fire.toml").write_text(FIRE, "utf-8")
    rows = "".join(f"放鞭炮是传统{i}。,tradition,positive\n" for i in range(3))
    (tmp_path / "l.csv").write_text(f"text,themes,sentiment\n{rows}鞭炮污染空气。,污染,Negative\n", "utf-8")
    r = CliRunner().invoke(main, ["train", str(tmp_path / "l.csv"), "--backend", "lexicon", "--schema", str(tmp_path / "fire.toml"),
                                  "-o", str(tmp_path / "m"), "-q"])
    assert r.exit_code == 1
    assert r.stderr.splitlines()[0] == (
        f"argmine: error: {tmp_path / 'l.csv'}: row 4 (line 5): unknown theme '污染' in schema 'fireworks'; expected one of: "
        f"tradition, pollution (or 'other' for none); '污染' stands for theme 'pollution': write its id; "
        f"use the labels defined in {tmp_path / 'fire.toml'}")
    assert "pass --schema" not in r.stderr


def test_load_examples_lists_three_records_of_one_bad_label_then_counts_the_rest(tmp_path):
    p = tmp_path / "g.jsonl"
    p.write_text("".join(json.dumps({"text": f"放鞭炮{i}", "themes": ["tradition"], "sentiment": "positive"}, ensure_ascii=False) + "\n"
                         for i in range(5)), "utf-8")
    errors = []
    assert load_examples(p, schema=load_schema(), on_error=errors.append) == []
    reason = ("unknown theme 'tradition' in schema 'alipay_social'; expected one of: pro_social, privacy, brand_fit, bloat (or 'other' "
              "for none); the labels must be those of the packaged schema (argmine/schemas/alipay.toml); if they belong to another "
              "schema, pass --schema FILE (schema= in Python)")
    assert [str(e) for e in errors] == [f"{p}: line {n}: {reason}" for n in (1, 2, 3)] + [
        f"{p}: ... and 2 more records with the same problem: {reason}"]
    assert [e.count for e in errors] == [1, 1, 1, 2]


def test_cli_train_and_evaluate_refuse_data_where_most_records_fail(tmp_path):
    (tmp_path / "fire.toml").write_text(FIRE, "utf-8")
    rows = [("放鞭炮是传统。", ["tradition"], "positive"), ("鞭炮污染空气。", ["pollution"], "negative"), ("今天下雪。", [], "neutral")]
    gold = tmp_path / "g.jsonl"
    gold.write_text("".join(json.dumps({"text": t, "themes": th, "sentiment": s}, ensure_ascii=False) + "\n" for t, th, s in rows * 2), "utf-8")
    why = ("the lines above say why; the labels were checked against the packaged schema (argmine/schemas/alipay.toml); "
           "if they belong to another debate, pass --schema FILE (schema= in Python); also check that --text-field, --themes-field and "
           "--sentiment-field name the right fields")
    r = CliRunner().invoke(main, ["train", str(gold), "--backend", "lexicon", "-o", str(tmp_path / "m")])
    assert r.exit_code == 1 and not (tmp_path / "m").exists()
    assert r.stderr.splitlines()[-1] == f"argmine: error: 4 of 6 records failed, more than half; nothing was trained, nothing written to {tmp_path / 'm'}: {why}"
    r = CliRunner().invoke(main, ["evaluate", "--gold", str(gold), "--cv", "2", "--backend", "lexicon"])
    assert r.exit_code == 1 and r.stdout == ""
    assert r.stderr.splitlines()[-1] == f"argmine: error: 4 of 6 records failed, more than half; nothing was scored: {why}"
    # with the schema the labels belong to, both run
    r = CliRunner().invoke(main, ["train", str(gold), "--backend", "lexicon", "--schema", str(tmp_path / "fire.toml"), "-o", str(tmp_path / "m")])
    assert r.exit_code == 0, r.output


def test_cross_validate_says_when_gold_documents_are_not_in_the_source():
    ex, texts = [], {}
    for i, (t, th, s) in enumerate(ALIPAY * 3):  # three documents, one unit per line
        doc = f"d{i % 3}"
        start = len(texts.get(doc, ""))
        texts[doc] = texts.get(doc, "") + t + "\n"
        ex.append(Example(t, th, s, doc=doc, start=start, end=start + len(t)))
    assert cross_validate(ex, backend="lexicon", k=2, documents=texts)["cv"]["blocks_from"] == "lines"
    with pytest.warns(UserWarning) as w:
        result = cross_validate(ex, backend="lexicon", k=2, documents={"elsewhere": "放鞭炮。"})
    assert result["cv"]["blocks_from"] == "runs of 8 units (--source matched no gold document)"
    assert [str(m.message) for m in w] == [
        "none of the 3 gold documents is found in the source documents (--source) (d0, d1, d2), so their cross-validation blocks are runs "
        "of 8 units, not source lines; pass the documents the gold was made from, read as export read them "
        "(--source-id-field, --source-text-field, ...)"]
    with pytest.warns(UserWarning) as w:
        result = cross_validate(ex, backend="lexicon", k=2, documents={"d0": texts["d0"], "d1": "改过的文本"})
    assert [str(m.message) for m in w] == [  # the document missing and the one there with other text, each in its words
        "1 of 3 gold documents is not found in the source documents (--source) (d2), so its cross-validation blocks are runs "
        "of 8 units, not source lines; pass the documents the gold was made from, read as export read them "
        "(--source-id-field, --source-text-field, ...)",
        "1 of 3 gold documents is found in the source documents (--source) (d1), but with other text at the gold offsets "
        "(first d1 0..12: the gold has '那些搞保险的天天叫死你。', the source '改过的文本'), so its cross-validation blocks are runs "
        "of 8 units, not source lines; realign the gold to the source (argmine realign GOLD SOURCE -o NEW) or fix that record"]
    assert result["cv"]["blocks_from"] == "lines for 1 of 3 documents, runs of 8 units for the rest"


def test_cli_evaluate_cv_reads_a_source_table_with_source_options(tmp_path):
    (tmp_path / "fire.toml").write_text(FIRE, "utf-8")
    comments = [("c1", "放鞭炮是传统。"), ("c2", "鞭炮污染空气。"), ("c3", "今天下雪。"), ("c4", "年味就是鞭炮。")]
    (tmp_path / "src.jsonl").write_text("".join(json.dumps({"cid": c, "content": t}, ensure_ascii=False) + "\n" for c, t in comments), "utf-8")
    labels = {"c1": (["tradition"], "positive"), "c2": (["pollution"], "negative"), "c3": ([], "neutral"), "c4": (["tradition"], "positive")}
    (tmp_path / "g.jsonl").write_text("".join(
        json.dumps({"id": f"{c}#1", "doc": c, "start": 0, "end": len(t), "text": t, "themes": labels[c][0], "sentiment": labels[c][1]},
                   ensure_ascii=False) + "\n" for c, t in comments), "utf-8")
    args = ["evaluate", "--gold", str(tmp_path / "g.jsonl"), "--cv", "2", "--backend", "lexicon", "--schema", str(tmp_path / "fire.toml"),
            "--source", str(tmp_path / "src.jsonl"), "--format", "json"]
    r = CliRunner().invoke(main, [*args, "--source-text-field", "content", "--source-id-field", "cid"])
    assert r.exit_code == 0 and r.stderr == "", r.output
    assert json.loads(r.stdout)["cv"]["blocks_from"] == "lines"
    r = CliRunner().invoke(main, args)  # the hint names evaluate's own option, not the gold's --text-field
    assert r.exit_code == 1
    assert r.stderr.splitlines()[0] == (f"argmine: error: --source {tmp_path / 'src.jsonl'}: line 1: has no 'text' field "
                                        "(fields: cid, content); pass --source-text-field NAME")


def test_cli_train_checks_the_output_directory_before_training(tmp_path, monkeypatch):
    from click.testing import CliRunner

    import sys

    from argmine.cli import main

    def never(*a, **k):  # training must not start
        raise AssertionError("trained before checking the output")

    monkeypatch.setattr(sys.modules["argmine.train"], "train", never)
    (tmp_path / "afile").write_text("x", "utf-8")
    gold = tmp_path / "g.jsonl"
    gold.write_text('{"text": "财不外露。", "themes": ["privacy"], "sentiment": "negative"}\n', "utf-8")
    out = tmp_path / "afile" / "sub"
    r = CliRunner().invoke(main, ["train", str(gold), "-o", str(out)], catch_exceptions=False)
    assert r.exit_code == 1
    assert r.stderr == (f"argmine: error: {out}: cannot write output ({tmp_path / 'afile'} is a file, not a folder); "
                        "check the directory exists and is writable\n")


def test_cli_evaluate_source_without_cv_is_a_usage_error(tmp_path):
    from click.testing import CliRunner

    from argmine.cli import main

    r = CliRunner().invoke(main, ["evaluate", "--gold", "annotations/gold.jsonl", "--model", "lexicon", "--source", "corpora/"])
    assert r.exit_code == 2 and "--source applies only with --cv" in r.stderr


# --- a tool's export, unlabelled sheet rows, units given twice, the training-set note (QA round 6) --------------------


LS_EXPORT = [{"id": 7, "data": {"text": "财不外露。", "unit_id": "d#1"}, "annotations": [{"result": []}]},
             {"id": 8, "data": {"text": "红包很方便。", "unit_id": "d#2"}, "annotations": []}]


@pytest.mark.parametrize("content, found, fix", [
    (json.dumps(LS_EXPORT, ensure_ascii=False, indent=2), "a Label Studio JSON export (2 tasks)",
     "convert it first: argmine import {p} --format label-studio -o gold.jsonl (add --source with the inputs given to "
     "export to check every text), then pass gold.jsonl"),
    (json.dumps({"text": "财不外露。", "themes": [], "sentiment": "neutral"}, ensure_ascii=False, indent=1),
     "one JSON object over 5 lines", "write each record on a line of its own (JSON lines)"),
    ('[\n  1,\n  2\n]\n', "one JSON array (2 items)", "write each record on a line of its own (JSON lines)"),
])
def test_load_examples_refuses_a_json_document_in_one_line(tmp_path, content, found, fix):
    p = tmp_path / "export.json"
    p.write_text(content, "utf-8")
    with pytest.raises(InputError) as e:
        load_examples(p, on_error=lambda err: pytest.fail(f"reported line by line: {err}"))
    assert str(e.value) == f"{p}: looks like {found}, not labelled JSONL (one JSON object per line); " + fix.format(p=p)


DOCCANO = [{"text": "财不外露。", "label": ["privacy", "negative"], "unit_id": "d#1", "doc": "d", "start": 0, "end": 5},
           {"text": "红包很方便。", "label": [], "unit_id": "d#2", "doc": "d", "start": 5, "end": 11}]


@pytest.mark.parametrize("layout", ["jsonl", "array"])
def test_cli_train_and_evaluate_name_a_doccano_export_and_the_import_command(tmp_path, layout):
    p = tmp_path / ("dc.jsonl" if layout == "jsonl" else "dc.json")
    lines = [json.dumps(o, ensure_ascii=False) for o in DOCCANO]
    p.write_text("\n".join(lines) + "\n" if layout == "jsonl" else "[" + ", ".join(lines) + "]", "utf-8")  # the array on one line
    convert = f"convert it first: argmine import {p} --format doccano -o gold.jsonl"
    one = (f"argmine: error: {p}: looks like doccano's JSONL export (2 objects, one per line), not labelled JSONL: its 'label' "
           "lists mix themes and sentiments (--themes-field label would train sentiments as themes); " + convert
           if layout == "jsonl" else
           f"argmine: error: {p}: looks like doccano's JSON export (2 records in one array), not labelled JSONL (one JSON object "
           "per line); write each record on a line of its own (JSON lines), or, for doccano's export, " + convert)
    runner = CliRunner()
    for args in (["train", str(p), "-o", str(tmp_path / "m")], ["train", str(p), "--themes-field", "label", "-o", str(tmp_path / "m")],
                 ["evaluate", "--gold", str(p), "--model", "lexicon"]):
        r = runner.invoke(main, args)
        assert r.exit_code == 1
        assert len(r.stderr.splitlines()) == 2 and r.stderr.startswith(one), r.stderr


def test_load_examples_reads_doccano_like_records_that_carry_the_label_fields(tmp_path):
    p = tmp_path / "mine.jsonl"
    p.write_text(json.dumps({**DOCCANO[0], "themes": ["privacy"], "sentiment": "negative"}, ensure_ascii=False) + "\n", "utf-8")
    assert [(e.themes, e.sentiment) for e in load_examples(p)] == [(("privacy",), "negative")]


def test_cli_train_evaluate_and_extra_report_a_label_studio_export_once(tmp_path, gold_file):
    export = tmp_path / "project.json"
    export.write_text(json.dumps(LS_EXPORT * 20, ensure_ascii=False, indent=2), "utf-8")  # 40 tasks over 500+ lines
    one = f"argmine: error: {export}: looks like a Label Studio JSON export (40 tasks), not labelled JSONL"
    runner = CliRunner()
    for args in (["train", str(export), "-o", str(tmp_path / "m")], ["evaluate", "--gold", str(export), "--model", "lexicon"],
                 ["train", str(gold_file), "--extra", str(export), "--backend", "lexicon", "-o", str(tmp_path / "m")]):
        r = runner.invoke(main, args)
        assert r.exit_code == 1
        assert len(r.stderr.splitlines()) == 2 and r.stderr.startswith(one), r.stderr


@pytest.mark.parametrize("name, text, where", [
    ("broken.json", '[\n{"text": "财不外露",\n "themes": [],\n "sentiment": "neutral"},\n', "Expecting value at line 5, column 1"),
    ("broken.jsonl", '{\n "text": "财不外露",\n "themes": [],\n "sentiment": "neu', "Unterminated string starting at line 4, column 15"),
])
def test_load_examples_json_document_cut_short_is_one_error_for_the_file_not_one_per_line(tmp_path, name, text, where):
    p = tmp_path / name
    p.write_text(text, "utf-8")  # an export cut short (an array, or one pretty-printed object): its lines are no records
    errors = []
    with pytest.raises(InputError) as e:
        load_examples(p, on_error=errors.append)
    assert errors == [] and e.value.file_level
    assert e.value.message == (f"is not valid JSON ({where}); fix the file, or save the rows as JSON Lines "
                               "(one object per line, .jsonl)")


def test_load_examples_pretty_printed_jsonl_names_jq_as_argmine_read_does(tmp_path):
    # objects pretty-printed one after another (jq . gold.jsonl) were "not valid JSON (Extra data ...); save the rows as
    # JSON Lines", which they already are but for the line breaks
    import json

    from argmine.errors import E_JSONL_PRETTY

    p = tmp_path / "pretty.jsonl"
    p.write_text("".join(json.dumps({"text": t, "themes": [], "sentiment": "neutral"}, ensure_ascii=False, indent=2) + "\n"
                         for t in ("财不外露", "红包")), "utf-8")
    with pytest.raises(InputError) as e:
        load_examples(p)
    assert e.value.file_level and e.value.message == E_JSONL_PRETTY


def test_load_examples_counts_bad_json_lines_by_their_kind_not_by_their_wording(tmp_path, monkeypatch):
    import argmine.errors as E

    monkeypatch.setattr(E, "E_JSON_LINE", "line {line}: broken JSON ({reason})")  # reworded: the count follows kind="json"
    p = tmp_path / "broken.jsonl"
    p.write_text("{oops\n" * 5, "utf-8")
    errors = []
    assert load_examples(p, on_error=errors.append) == []
    assert [e.message for e in errors] == [
        *(f"line {n}: broken JSON (Expecting property name enclosed in double quotes at column 2)" for n in (1, 2, 3)),
        "... and 2 more bad JSON lines; labelled JSONL holds one JSON object per line",
    ]
    assert [e.kind for e in errors] == ["json"] * 4


def test_cli_train_skips_unlabelled_and_blank_sheet_rows_with_one_warning(tmp_path):
    sheet = tmp_path / "sheet.csv"
    sheet.write_text("id,doc,start,end,text,pred_themes,themes,sentiment,annotator\n"
                     "d#1,d,0,5,财不外露。,privacy,privacy,negative,frank\n"
                     "d#2,d,5,11,红包很方便。,pro_social,pro_social,positive,frank\n"
                     "d#3,d,11,22,支付宝与微信必有一战。,other,,,frank\n"
                     ",,,,,,,,\n,,,,,,,,\n", "utf-8")
    r = CliRunner().invoke(main, ["train", str(sheet), "--backend", "lexicon", "-o", str(tmp_path / "m")])
    assert r.exit_code == 0, r.output
    assert r.stderr.splitlines() == [
        f"argmine: warning: {sheet}: 1 of 3 records has no labels (empty 'themes' and 'sentiment'); skipped",
        f"argmine: the lexicon learns nothing from labels: checked those of 2 units, saved the schema and --param settings (--backend linear trains on them) -> {tmp_path / 'm'}"]
    sheet.write_text("id,doc,start,end,text,themes,sentiment\nd#1,d,0,5,财不外露。,,\nd#2,d,5,11,红包很方便。,,\n", "utf-8")
    r = CliRunner().invoke(main, ["train", str(sheet), "--backend", "lexicon", "-o", str(tmp_path / "m")])
    assert r.exit_code == 1
    assert r.stderr.splitlines() == [
        f"argmine: warning: {sheet}: 2 of 2 records have no labels (empty 'themes' and 'sentiment'); skipped; the file has no labels yet",
        "argmine: error: no labelled records were read; nothing to train on"]


def test_cli_evaluate_scores_a_unit_given_twice_once_and_leaves_out_conflicting_ones(tmp_path, gold_file):
    other = tmp_path / "other.jsonl"
    ex = gold_examples(3)
    write_gold(other, [Example(e.text, ("bloat",), e.sentiment, e.doc, e.start, e.end, e.id) if i == 0 else e
                       for i, e in enumerate(ex[:2])])
    r = CliRunner().invoke(main, ["evaluate", "--gold", str(gold_file), "--gold", str(gold_file), "--model", "lexicon", "--format", "json"])
    assert r.exit_code == 0, r.output
    assert json.loads(r.stdout)["n"] == 36
    assert r.stderr == (f"argmine: warning: 36 records repeat a unit already read with the same labels (d0#0 ({gold_file}: line 1); "
                        f"d1#0 ({gold_file}: line 2); d2#0 ({gold_file}: line 3); and 33 more); counted once\n")
    r = CliRunner().invoke(main, ["evaluate", "--gold", str(gold_file), "--gold", str(other), "--model", "lexicon", "--format", "json"])
    assert r.exit_code == 1
    assert json.loads(r.stdout)["n"] == 35  # d0#0 is left out: the files label it two ways
    assert r.stderr.splitlines()[1] == (
        f"argmine: error: {gold_file}, {other}: 1 unit labelled differently by different records or labelers "
        f"(d0#0: privacy/negative ({gold_file}: line 1) vs bloat/negative ({other}: line 1)); left out of the scores: "
        "the labelers disagree: adjudicate (argmine import of their exports lists the conflicts and writes one record per unit; "
        'settle the labels of a record marked "conflict": true and remove the mark) or measure it with argmine agreement')


def test_cli_train_trains_a_repeated_unit_once_and_every_labelling_of_a_conflicting_one(tmp_path, gold_file):
    other = tmp_path / "other.jsonl"
    e = gold_examples(3)[0]
    write_gold(other, [e, Example(e.text, ("bloat",), e.sentiment, e.doc, e.start, e.end, e.id)])
    r = CliRunner().invoke(main, ["train", str(gold_file), str(other), "--backend", "lexicon", "-o", str(tmp_path / "m")])
    assert r.exit_code == 0, r.output
    err = r.stderr.splitlines()
    assert err[0] == f"argmine: warning: 1 record repeats a unit already read with the same labels (d0#0 ({other}: line 1)); counted once"
    assert err[1].startswith(f"argmine: warning: 1 unit labelled differently by different records or labelers (d0#0: privacy/negative ({gold_file}: "
                             f"line 1) vs bloat/negative ({other}: line 2)); every labelling trains: the labelers disagree")
    assert "checked those of 37 labellings of 36 units" in err[2]


def test_cli_evaluate_leaves_out_and_train_trains_each_labelling_of_an_imported_conflict(tmp_path):
    gold = tmp_path / "imported.jsonl"
    conflict = {"id": "d#1", "doc": "d", "start": 0, "end": 5, "text": "财不外露。", "themes": ["privacy"], "sentiment": "negative",
                "passes": {"u1": {"themes": [], "sentiment": "neutral"}, "u2": {"themes": ["privacy"], "sentiment": "negative"}},
                "conflict": True}
    agreed = [{"id": f"d#{n}", "doc": "d", "start": 5 * n, "end": 5 * n + 5, "text": text, "themes": [], "sentiment": "positive"}
              for n, text in enumerate(["红包很方便", "我很喜欢它", "转账真快啊"], 2)]
    gold.write_text("".join(json.dumps(o, ensure_ascii=False) + "\n" for o in [conflict, *agreed]), "utf-8")
    # one record on both sides: the labelers under its passes tell them apart
    named = (f"1 unit labelled differently by different records or labelers (d#1: privacy/negative ({gold}: line 1, pass u2) "
             f"vs other/neutral ({gold}: line 1, pass u1))")
    r = CliRunner().invoke(main, ["evaluate", "--gold", str(gold), "--model", "lexicon", "--format", "json"])
    assert r.exit_code == 1 and json.loads(r.stdout)["n"] == 3
    assert r.stderr.splitlines()[0] == f"argmine: error: {gold}: {named}; left out of the scores: " + (
        'the labelers disagree: adjudicate (argmine import of their exports lists the conflicts and writes one record per unit; '
        'settle the labels of a record marked "conflict": true and remove the mark) or measure it with argmine agreement')
    r = CliRunner().invoke(main, ["train", str(gold), "--backend", "lexicon", "-o", str(tmp_path / "m")])
    assert r.exit_code == 0, r.output
    assert r.stderr.splitlines()[0].startswith(f"argmine: warning: {named}; every labelling trains")
    assert "checked those of 5 labellings of 4 units" in r.stderr


def test_a_conflict_within_one_record_names_every_labeler_of_each_labelling(tmp_path):
    gold = tmp_path / "merged.jsonl"
    passes = {"ann": {"themes": ["privacy"], "sentiment": "negative"}, "bo": {"themes": [], "sentiment": "neutral"},
              "cy": {"themes": ["privacy"], "sentiment": "negative"}}
    gold.write_text(json.dumps({"id": "d#1", "doc": "d", "start": 0, "end": 5, "text": "财不外露。", "themes": ["privacy"],
                                "sentiment": "negative", "passes": passes, "conflict": True}, ensure_ascii=False) + "\n", "utf-8")
    got = []
    assert drop_repeats(load_examples(gold), on_conflict=got.append) == []
    assert f"(d#1: privacy/negative ({gold}: line 1, passes ann, cy) vs other/neutral ({gold}: line 1, pass bo))" in got[0].message
    with pytest.warns(UserWarning, match=r"\(d#1: privacy/negative \(pass ann\) vs other/neutral \(pass bo\)\)"):
        kept = drop_repeats([Example("财不外露。", ("privacy",), "negative", id="d#1", meta={"passes": [(("privacy",), "negative", "ann"), ((), "neutral", "bo")]})])
    assert [(e.themes, e.sentiment) for e in kept] == [(("privacy",), "negative"), ((), "neutral")]


def test_cli_train_and_evaluate_skip_a_conflict_whose_pass_has_a_label_the_schema_lacks(tmp_path, gold_file):
    gold = tmp_path / "round1.jsonl"
    passes = {"u1": {"themes": ["privacy"], "sentiment": "negative"}, "u2": {"themes": ["security"], "sentiment": "negative"}}
    conflict = {"id": "c#1", "doc": "c", "start": 0, "end": 5, "text": "财不外露。", "themes": ["privacy"], "sentiment": "negative",
                "passes": passes, "conflict": True}
    # a settled record: its passes are not used, so a label of an older schema there is not checked
    settled = {"id": "c#2", "doc": "c", "start": 5, "end": 11, "text": "红包很方便。", "themes": ["pro_social"], "sentiment": "positive",
               "passes": {"u1": {"themes": ["security"], "sentiment": "positive"}}}
    gold.write_text("".join(json.dumps(o, ensure_ascii=False) + "\n" for o in (conflict, settled)), "utf-8")
    failed = (f"argmine: error: {gold}: line 1 (pass u2): unknown theme 'security' in schema 'alipay_social'; expected one of: "
              "pro_social, privacy, brand_fit, bloat (or 'other' for none); the labels must be those of the packaged schema "
              "(argmine/schemas/alipay.toml); if they belong to another schema, pass --schema FILE (schema= in Python)")
    r = CliRunner().invoke(main, ["train", str(gold_file), str(gold), "-o", str(tmp_path / "m"), "--param", "polarity=false", "--param", "cv=2"])
    assert r.exit_code == 1, r.output
    err = r.stderr.splitlines()
    assert err[0] == failed and f"argmine: trained linear on 37 units -> {tmp_path / 'm'}" in err
    assert err[-1] == "argmine: error: 1 record was skipped (listed above); the model was trained on the rest"
    assert (tmp_path / "m").is_dir()
    r = CliRunner().invoke(main, ["evaluate", "--gold", str(gold_file), "--gold", str(gold), "--model", "lexicon", "--format", "json"])
    assert r.exit_code == 1 and r.stderr.splitlines()[0] == failed
    result = json.loads(r.stdout)
    assert result["n"] == 37 and result["left_out"] == {"records": 1, "files": [], "unlabelled": 0, "conflict_units": 0,
                                                   "conflict_records": 0}


def test_evaluate_gives_no_score_to_a_theme_neither_in_the_gold_nor_predicted():
    gold = [Example("a", ("privacy",), "negative"), Example("b", (), "neutral")]
    r = evaluate(gold, [{"themes": ["privacy"], "sentiment": "negative"}, {"themes": ["bloat"], "sentiment": "neutral"}])
    assert r["themes"]["pro_social"] == {"precision": None, "recall": None, "f1": None, "support": 0, "predicted": 0, "tp": 0}
    assert r["themes"]["bloat"]["f1"] == 0.0 and r["macro_over"] == ["privacy", "bloat"]  # predicted, never in the gold: 0
    table = format_evaluation(r).splitlines()
    assert f"{'pro_social':<14}{'n/a':>10}{'n/a':>10}{'n/a':>10}{0:>9d}{0:>11d}" in table
    assert f"{'bloat':<14}{0:>10.3f}{0:>10.3f}{0:>10.3f}{0:>9d}{1:>11d}" in table


def test_evaluate_gives_no_score_to_other_or_a_sentiment_class_neither_in_the_gold_nor_predicted():
    r = evaluate([Example("a", ("privacy",), "neutral")], [{"themes": ["privacy"], "sentiment": "neutral"}])
    assert r["other"] == {"precision": None, "recall": None, "f1": None, "support": 0, "predicted": 0, "tp": 0}
    for lab in ("positive", "negative"):
        assert r["sentiment"]["per_class"][lab] == {"precision": None, "recall": None, "f1": None, "support": 0}
    assert r["sentiment"]["per_class"]["neutral"]["f1"] == 1.0 and r["sentiment"]["macro_f1"] == 1.0
    table = format_evaluation(r).splitlines()
    assert f"{'(other)':<14}{'n/a':>10}{'n/a':>10}{'n/a':>10}{0:>9d}{0:>11d}" in table  # the predicted cell filled
    assert f"{'positive':<14}{0:>10d}{0:>10d}{0:>10d}{'n/a':>9}" in table
    assert f"{'precision':<14}{'n/a':>10}{1:>10.3f}{'n/a':>10}" in table
    # predicted but never in the gold: scored (0), as a theme is, and in the macro-F1, which does not change
    r = evaluate([Example("a", (), "neutral"), Example("b", (), "neutral")],
                 [{"themes": [], "sentiment": "positive"}, {"themes": [], "sentiment": "neutral"}])
    assert r["sentiment"]["per_class"]["positive"] == {"precision": 0.0, "recall": 0.0, "f1": 0.0, "support": 0}
    assert r["sentiment"]["per_class"]["negative"]["f1"] is None and r["sentiment"]["macro_f1"] == pytest.approx(1 / 3)
    assert r["other"]["f1"] == 1.0


def test_drop_repeats_keys_records_without_a_place_by_text_only_when_asked():
    import warnings

    from argmine.train import drop_repeats

    plain = [Example("財不外露", ("privacy",), "negative"), Example("财不外露", ("privacy",), "negative"), Example("红包", (), "neutral")]
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert drop_repeats(plain) == plain  # two comments may share a text: evaluation keeps both
    with pytest.warns(UserWarning, match=r"^1 record repeats a unit already read with the same labels \('财不外露'\); counted once$"):
        assert [e.text for e in drop_repeats(plain, by_text=True)] == ["財不外露", "红包"]
    placed = [Example("a", (), "neutral", doc="d", start=0, end=1), Example("a", (), "neutral", doc="d", start=5, end=6)]
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert drop_repeats(placed, by_text=True) == placed  # one text at two places: two units


def test_cli_evaluate_notes_training_set_scores_only_for_gold_sharing_the_packaged_model_texts(tmp_path):
    first = json.loads(open("annotations/gold.jsonl", encoding="utf-8").readline())
    fresh = {"id": "n#1", "doc": "n", "start": 0, "end": 10, "text": "这个功能我从来不用。", "kind": "body", "themes": ["bloat"], "sentiment": "negative"}
    (tmp_path / "fresh.jsonl").write_text(json.dumps(fresh, ensure_ascii=False) + "\n", "utf-8")
    (tmp_path / "mixed.jsonl").write_text(json.dumps(fresh, ensure_ascii=False) + "\n" + json.dumps(first, ensure_ascii=False) + "\n", "utf-8")
    runner = CliRunner()
    r = runner.invoke(main, ["evaluate", "--gold", str(tmp_path / "fresh.jsonl"), "--format", "json"])
    assert r.exit_code == 0 and "note" not in r.stderr, r.output
    r = runner.invoke(main, ["evaluate", "--gold", str(tmp_path / "mixed.jsonl"), "--format", "json"])
    assert r.exit_code == 0, r.output
    assert r.stderr == ("argmine: note: 1 of the 2 gold units have the text of a record in annotations/gold.jsonl or "
                        "annotations/guide_examples.jsonl, which the packaged default model was trained on (compared by text: "
                        "the model keeps no list of its training texts); scores on them are training-set scores "
                        "(use --cv K for held-out figures)\n")
    r = runner.invoke(main, ["evaluate", "--gold", str(tmp_path / "mixed.jsonl"), "--model", "lexicon", "--format", "json"])
    assert r.exit_code == 0 and "note" not in r.stderr, r.output


def _gold_and_classified():
    """Two gold units and their ClassifiedUnits (ids d#1, d#2), the second gold unit labelled privacy."""
    import argmine

    units = argmine.segment([argmine.Document("d", "这个功能我从来不用。财不外露。")])
    gold = [Example(u.text, ("privacy",) if "财" in u.text else ("bloat",), "negative", doc="d", start=u.start, end=u.end, id=u.id)
            for u in units]
    return gold, list(argmine.classify(units, model="lexicon"))


def test_evaluate_pairs_classified_units_with_gold_by_unit_id_in_any_order():
    gold, preds = _gold_and_classified()
    assert [g.id for g in gold] == [c.unit.id for c in preds] == ["d#1", "d#2"]
    assert evaluate(gold, preds[::-1]) == evaluate(gold, preds)
    as_dicts = [{"id": c.unit.id, "themes": list(c.prediction.themes), "sentiment": c.prediction.sentiment} for c in preds]
    assert evaluate(gold[::-1], as_dicts) == evaluate(gold[::-1], preds)


def test_evaluate_without_ids_pairs_by_position():
    gold, preds = _gold_and_classified()
    bare = [c.prediction for c in preds]  # Prediction objects carry no unit id
    assert evaluate(gold, bare) == evaluate(gold, preds)
    assert evaluate(gold, bare[::-1]) != evaluate(gold, preds)


def test_evaluate_with_ids_names_gold_units_without_prediction_and_predictions_of_no_gold_unit():
    from dataclasses import replace

    gold, preds = _gold_and_classified()
    other = replace(preds[0], unit=replace(preds[0].unit, id="x#9"))
    with pytest.raises(ModelError) as e:
        evaluate(gold, [preds[1], other])
    assert str(e.value) == (
        "evaluate pairs gold records and predictions by unit id (both carry ids), but found 1 gold unit with no prediction "
        "(e.g. d#1) and 1 prediction of no gold unit (e.g. x#9); pass one prediction per gold unit "
        "(e.g. [c for c in predictions if c.unit.id in gold_ids])")
    with pytest.raises(ModelError, match=r"1 gold unit with no prediction \(e.g. d#1\); pass"):
        evaluate(gold, preds[1:])
    with pytest.raises(ModelError, match="^prediction 1 has unit id 'd#1' more than once"):
        evaluate(gold, [preds[0], preds[0]])


# --- QA round 7 (trainer): repeats in tables, record messages, grouping and scores without themes ----------------

CID_TABLE = ("cid,review,tags,polarity\n"
             "c1,财不外露。,privacy,negative\nc2,支付宝做社交是对的。,pro_social,positive\nc3,现在的支付宝功能太多。,bloat,negative\n"
             "c4,我只想用支付宝付一下钱。,brand_fit,negative\nc5,隐私都暴露了，太危险。,privacy,negative\nc6,红包转账很方便。,pro_social,positive\n")
CID_FIELDS = ["--text-field", "review", "--themes-field", "tags", "--sentiment-field", "polarity"]


def test_cli_evaluate_counts_a_table_given_twice_once(tmp_path):
    table = tmp_path / "t.csv"
    table.write_text(CID_TABLE, "utf-8")
    r = CliRunner().invoke(main, ["evaluate", "--gold", str(table), "--gold", str(table), "--model", "lexicon", "--format", "json",
                                  *CID_FIELDS])
    assert r.exit_code == 0, r.output
    assert json.loads(r.stdout)["n"] == 6
    assert "6 records repeat a unit already read with the same labels" in r.stderr


def test_cli_evaluate_cv_drops_the_copies_before_making_folds(tmp_path):
    table = tmp_path / "t.csv"
    table.write_text(CID_TABLE, "utf-8")
    args = ["evaluate", "--cv", "3", "--backend", "lexicon", "--format", "json", *CID_FIELDS]
    once = CliRunner().invoke(main, [*args, "--gold", str(table)])
    twice = CliRunner().invoke(main, [*args, "--gold", str(table), "--gold", str(table)])
    assert once.exit_code == twice.exit_code == 0, twice.output
    assert json.loads(twice.stdout) == json.loads(once.stdout)  # the same 6 units in the same folds: no copy trains its twin


def test_cli_evaluate_id_field_tells_units_with_one_text_apart(tmp_path):
    table = tmp_path / "t.csv"
    table.write_text("cid,review,tags,polarity\nc1,财不外露。,privacy,negative\nc2,财不外露。,privacy,negative\n", "utf-8")
    args = ["evaluate", "--gold", str(table), "--model", "lexicon", "--format", "json", *CID_FIELDS]
    assert json.loads(CliRunner().invoke(main, args).stdout)["n"] == 1  # no id: one text is one unit
    assert json.loads(CliRunner().invoke(main, [*args, "--id-field", "cid"]).stdout)["n"] == 2


def test_cli_evaluate_summary_tells_unusable_files_from_skipped_records(tmp_path):
    good = tmp_path / "g.csv"
    good.write_text(CID_TABLE + "c7,来往已死。,money,negative\n", "utf-8")
    missing = tmp_path / "missing.csv"
    r = CliRunner().invoke(main, ["evaluate", "--gold", str(good), "--gold", str(missing), "--model", "lexicon", *CID_FIELDS])
    assert r.exit_code == 1
    assert r.stderr.splitlines()[-1] == (
        f"argmine: error: 1 of 2 files could not be used ({missing}) and 1 record was skipped (listed above); scored the rest")


@pytest.mark.parametrize("args,message", [
    (["--cv", "3", "--model", "lexicon"], "--model applies only without --cv"),
    (["--seed", "3"], "--seed applies only with --cv"),
    (["--backend", "lexicon", "--group-by", "doc"], "--backend and --group-by apply only with --cv"),
])
def test_cli_evaluate_options_of_the_other_mode_are_usage_errors(gold_file, args, message):
    r = CliRunner().invoke(main, ["evaluate", "--gold", str(gold_file), *args])
    assert r.exit_code == 2 and message in r.output, r.output


@pytest.mark.parametrize("name,content", [
    ("missing.jsonl", None),
    ("header.csv", "text,themes,sentiment\n"),
    ("no_text.csv", "body,themes,sentiment\n财不外露,privacy,negative\n"),
    ("array.jsonl", '[\n{"text": "财不外露"}\n]\n'),
    ("binary.jsonl", b"\x00\x01\x02\xff\xfe\x00binary"),
], ids=["missing", "header-only", "no-text-column", "json-document", "binary"])
def test_load_examples_marks_a_file_that_cannot_be_used_file_level(tmp_path, name, content):
    path = tmp_path / name
    if content is not None:
        path.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
    seen = []
    try:
        load_examples(path, on_error=seen.append)
    except InputError as e:
        seen.append(e)
    assert [e.file_level for e in seen] == [True], [str(e) for e in seen]


def test_load_examples_a_bad_record_is_not_file_level(tmp_path):
    path = tmp_path / "g.jsonl"
    path.write_text('{"text": "财不外露", "themes": ["nope"], "sentiment": "negative"}\nnot json\n', "utf-8")
    seen = []
    load_examples(path, on_error=seen.append, schema=load_schema())
    assert len(seen) == 2 and not any(e.file_level for e in seen)
    with pytest.raises(InputError) as e:
        load_examples(path, schema=load_schema())  # without on_error the first bad record raises, still not the file's
    assert not e.value.file_level


def test_record_messages_name_null_text_and_an_empty_sentiment_in_words():
    with pytest.raises(InputError) as e:
        example_from_dict({"text": None, "themes": [], "sentiment": "neutral"}, "g.jsonl: line 4")
    assert e.value.message == "record: field 'text' is null (no text); a labelled record needs text (fill it in or remove the record)"
    with pytest.raises(InputError) as e:
        example_from_dict({"text": 5, "themes": [], "sentiment": "neutral"}, "g.jsonl: line 5")
    assert e.value.message == "record: field 'text' is the number 5, expected a string"
    with pytest.raises(InputError) as e:
        example_from_dict({"text": "财不外露", "themes": "privacy", "sentiment": " "}, "t.csv", schema=load_schema())
    assert e.value.message == ("record: field 'sentiment' is empty, but the record has themes; "
                               "write one of: positive, neutral, negative")


def test_load_examples_warns_when_other_is_given_with_a_theme(tmp_path):
    p = tmp_path / "t.csv"
    p.write_text('text,themes,sentiment\n财不外露,"privacy,other",negative\n红包,other,neutral\n', "utf-8")
    with pytest.warns(InputWarning) as w:
        ex = load_examples(p, schema=load_schema())
    assert [e.themes for e in ex] == [("privacy",), ()]
    assert [str(x.message) for x in w] == [
        f"{p}: 1 record gives 'other' (no theme) together with a theme in 'themes' (row 1 (line 2): privacy); "
        "the theme was kept: 'other' means no theme, so remove one of them"]


def test_cli_train_themes_field_none_reads_a_sentiment_only_table(tmp_path):
    table = tmp_path / "stance.tsv"
    table.write_text("ID\tTEXT\tSTANCE\n1\t财不外露。\tnegative\n2\t支付宝做社交是对的。\tpositive\n3\t还没标注。\t\n", "utf-8")
    r = CliRunner().invoke(main, ["train", str(table), "--text-field", "TEXT", "--sentiment-field", "STANCE", "--themes-field", "none",
                                  "--backend", "lexicon", "-o", str(tmp_path / "m")])
    assert r.exit_code == 0, r.output
    r = CliRunner().invoke(main, ["train", str(table), "--text-field", "TEXT", "--sentiment-field", "none", "--themes-field", "none",
                                  "--backend", "lexicon", "-o", str(tmp_path / "m2")])
    assert r.exit_code == 2 and "leave no label" in r.output


def test_theme_macro_f1_over_no_theme_reads_n_a():
    from argmine.train import format_evaluation

    data = [Example(t, (), s) for t, _, s in ALIPAY]
    result = evaluate(data, [{"themes": [], "sentiment": e.sentiment} for e in data])
    assert result["macro_over"] == [] and result["theme_macro_f1"] is None  # as cross_validate() and the CLI give it
    assert "theme macro-F1 n/a (no theme in the gold or the predictions); exact match 1.000" in format_evaluation(result)


def test_cli_evaluate_without_any_theme_gives_a_null_theme_macro_f1(tmp_path):
    gold = tmp_path / "g.csv"
    gold.write_text("text,sentiment\n" + "".join(f"{t},{s}\n" for t, _, s in ALIPAY * 2), "utf-8")
    r = CliRunner().invoke(main, ["train", str(gold), "--themes-field", "none", "--param", "polarity=false", "-o", str(tmp_path / "m"), "-q"])
    assert r.exit_code == 0, r.output
    r = CliRunner().invoke(main, ["evaluate", "--gold", str(gold), "--themes-field", "none", "--model", str(tmp_path / "m"), "--format", "json"])
    assert r.exit_code == 0, r.output
    result = json.loads(r.stdout)
    assert result["macro_over"] is None and result["theme_macro_f1"] is None and result["themes"] is None  # not scored: no theme labels
    r = CliRunner().invoke(main, ["evaluate", "--gold", str(gold), "--themes-field", "none", "--cv", "3", "--format", "json",
                                  "--param", "polarity=false"])
    assert r.exit_code == 0, r.output
    result = json.loads(r.stdout)
    assert result["theme_macro_f1"] is None and all(f["theme_macro_f1"] is None for f in result["folds"])


def test_cv_blocks_from_says_each_record_is_its_own_group_without_documents():
    data = [Example(t, th, s) for t, th, s in ALIPAY]
    for group_by in ("block", "doc"):
        result = cross_validate(data, backend="lexicon", k=3, group_by=group_by, schema=load_schema())
        assert result["cv"]["blocks_from"] == "one group per record (no document)"
    from argmine.train import format_evaluation

    assert "3-fold CV grouped by record (no document)" in format_evaluation(result).splitlines()[0]


def test_cv_header_says_blocks_are_runs_of_units_without_a_source():
    cv = {"k": 5, "group_by": "block", "seed": 0, "backend": "linear", "extra": 0}
    result = evaluate([Example("a", (), "neutral")], [{"themes": [], "sentiment": "neutral"}])
    head = format_evaluation({**result, "cv": {**cv, "blocks_from": "runs of 8 units"}}).splitlines()[0]
    assert "grouped by runs of 8 units (pass --source to group by source line)" in head
    head = format_evaluation({**result, "cv": {**cv, "blocks_from": "lines"}}).splitlines()[0]
    assert "grouped by block, backend linear" in head


# --- QA round 10: a gold record's offsets and fields are checked as every command that reads gold checks them ---------


@pytest.mark.parametrize("changes", [{"end": "5"}, {"start": 5, "end": 0}, {"start": -5, "end": 0}, {"end": 10 ** 7}, {"start": float("nan")},
                                     {"start": True}, {"doc": ["d"]}, {"id": ["d#1"]}, {"kind": 5}, {"passes": -3}, {"start": None, "end": 5}])
def test_load_examples_refuses_a_gold_record_that_load_gold_refuses_with_the_same_reason(tmp_path, changes):
    from argmine.annotations import load_gold

    good = {"id": "d#0", "doc": "d", "start": 0, "end": 5, "text": "财不外露。", "kind": "body", "themes": ["privacy"], "sentiment": "negative"}
    p = tmp_path / "g.jsonl"
    p.write_text(json.dumps(good) + "\n" + json.dumps({**good, "id": "d#1", **changes}) + "\n", "utf-8")
    gold_errors, train_errors = [], []
    assert len(load_gold(p, on_error=gold_errors.append)) == 1
    assert [e.id for e in load_examples(p, schema=load_schema(), on_error=train_errors.append)] == ["d#0"]
    assert [str(e) for e in train_errors] == [str(e).replace(f"{p}:2: ", f"{p}: line 2: ") for e in gold_errors]


def test_load_examples_checks_no_gold_field_of_a_table_without_offsets(tmp_path):
    (tmp_path / "t.jsonl").write_text('{"id": 7, "doc": 3, "text": "财不外露", "themes": "privacy", "sentiment": "negative"}\n'
                                      '{"id": 8, "text": "好", "themes": [], "sentiment": "positive", "start": null, "end": null}\n', "utf-8")
    (tmp_path / "t.csv").write_text("id,doc,start,end,text,themes,sentiment\nd#1,d,0,99,财不外露,privacy,negative\n", "utf-8")
    assert [e.id for e in load_examples(tmp_path / "t.jsonl", on_error=pytest.fail)] == ["7", "8"]
    assert [e.id for e in load_examples(tmp_path / "t.csv", on_error=pytest.fail)] == ["d#1"]  # a sheet's cells are text


def test_cli_train_and_evaluate_report_a_gold_record_with_bad_offsets_and_use_the_rest(tmp_path, gold_file):
    lines = open(gold_file, encoding="utf-8").read().splitlines()
    bad = json.loads(lines[1])
    bad["start"], bad["end"] = bad["end"], bad["start"]
    lines[1] = json.dumps(bad, ensure_ascii=False)
    (tmp_path / "g.jsonl").write_text("\n".join(lines) + "\n", "utf-8")
    line = (f"argmine: error: {tmp_path / 'g.jsonl'}: line 2: offsets {bad['start']}..{bad['end']} do not span the "
            f"{len(bad['text'])} characters of text {bad['text'][:30]!r}; fix start/end or text")
    r = CliRunner().invoke(main, ["train", str(tmp_path / "g.jsonl"), "--backend", "lexicon", "-o", str(tmp_path / "m")])
    assert r.exit_code == 1 and r.stderr.splitlines()[0] == line
    assert f"checked those of {len(lines) - 1} units" in r.stderr and (tmp_path / "m").is_dir()
    r = CliRunner().invoke(main, ["evaluate", "--gold", str(tmp_path / "g.jsonl"), "--model", "lexicon"])
    assert r.exit_code == 1 and r.stderr.splitlines()[0] == line and "scored the rest" in r.stderr


def test_train_of_a_jsonl_line_with_an_integer_too_long_for_python_is_one_line(tmp_path):
    p = tmp_path / "big.jsonl"
    p.write_text('{"id": ' + "7" * 5000 + ', "text": "好", "themes": [], "sentiment": "neutral"}\n', encoding="utf-8")
    r = CliRunner().invoke(main, ["train", str(p), "-o", str(tmp_path / "m")])
    assert r.exit_code != 0 and "Traceback" not in r.output
    assert r.stderr.splitlines()[0] == (f"argmine: error: {p}: line 1: not valid JSON (an integer of 5000 digits, "
                                        "more than the 4300 Python reads at column 8); fix or remove that line")


def test_load_examples_reads_a_json_array_of_labelled_rows_as_argmine_read_reads_it(tmp_path):
    import argmine

    rows = [{"id": "a", "text": "财不外露。", "themes": ["privacy"], "sentiment": "negative"},
            {"id": "b", "text": "挺方便的。", "themes": [], "sentiment": "positive"}]
    p = tmp_path / "rows.json"
    p.write_text(json.dumps(rows, ensure_ascii=False, indent=1), encoding="utf-8")  # pretty-printed, as pandas and scrapers write it
    assert [d.text for d in argmine.read(p)] == ["财不外露。", "挺方便的。"]
    assert [(e.text, e.themes, e.sentiment, e.meta["where"]) for e in load_examples(p)] == [
        ("财不外露。", ("privacy",), "negative", "row 1"), ("挺方便的。", (), "positive", "row 2")]
    lines = tmp_path / "lines.json"  # JSON lines named .json still read as they did
    lines.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    assert [e.meta["where"] for e in load_examples(lines)] == ["line 1", "line 2"]
    r = CliRunner().invoke(main, ["evaluate", "--gold", str(p), "--model", "lexicon"])
    assert r.exit_code == 0, r.output


def test_load_examples_reads_a_json_array_whose_first_row_is_not_labelled_yet(tmp_path):
    rows = [{"id": "a", "text": "还没标。"}, {"id": "b", "text": "财不外露。", "themes": ["privacy"], "sentiment": "negative"}]
    p = tmp_path / "rows.json"
    p.write_text(json.dumps(rows, ensure_ascii=False, indent=1), encoding="utf-8")
    got = []
    assert [(e.text, e.meta["where"]) for e in load_examples(p, on_error=got.append)] == [("财不外露。", "row 2")]
    assert len(got) == 1 and "row 1" in str(got[0])


@pytest.mark.parametrize("odd", [{"text": "界面太复杂了。", "sentiment": "negative"}, {"text": "界面太复杂了。", "themes": ["bloat"]}],
                         ids=["sentiment-only", "themes-only"])
@pytest.mark.parametrize("at", [0, 2])
def test_load_examples_reads_a_json_array_whatever_row_lacks_a_label_field(tmp_path, odd, at):
    rows = [{"text": "财不外露。", "themes": ["privacy"], "sentiment": "negative"}, {"text": "红包很方便。", "themes": ["pro_social"], "sentiment": "positive"}]
    rows.insert(at, odd)
    p = tmp_path / "rows.json"
    p.write_text(json.dumps(rows, ensure_ascii=False), encoding="utf-8")
    got = []
    assert [e.text for e in load_examples(p, on_error=got.append)] == ["财不外露。", "红包很方便。"]
    missing = "themes" if "sentiment" in odd else "sentiment"
    other = sorted(set(odd) - {"text"})[0]
    assert [e.message for e in got] == [f"row {at + 1}: has no {missing!r} field (fields: text, {other}); "
                                        f"pass --{missing}-field NAME ({missing}_field= in Python), or --{missing}-field none if the "
                                        f"data has no {missing.rstrip('s')} labels ({missing}_field=None in Python; {other} only)"]


def test_a_label_studio_export_named_json_is_still_one_error_saying_how_to_convert_it(tmp_path):
    p = tmp_path / "project.json"
    p.write_text(json.dumps([{"id": 1, "data": {"text": "好。"}, "annotations": []}]), encoding="utf-8")
    with pytest.raises(InputError) as e:
        load_examples(p)
    assert e.value.message.startswith("looks like a Label Studio JSON export (1 task), not labelled JSONL")  # not "(1 tasks)"


def test_an_empty_theme_list_in_a_themes_only_file_is_other_not_unlabelled(tmp_path):
    p = tmp_path / "themes.jsonl"
    rows = [{"text": "财不外露。", "themes": ["privacy"]}, {"text": "今天天气好。", "themes": []}, {"text": "没人标。", "themes": None}]
    p.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    with pytest.warns(InputWarning, match=r"1 of 3 records has no labels .*write 'other'"):
        examples = load_examples(p, sentiment_field=None)  # null is unlabelled; [] is the label 'other'
    assert [(e.text, e.themes) for e in examples] == [("财不外露。", ("privacy",)), ("今天天气好。", ())]
    r = CliRunner().invoke(main, ["evaluate", "--gold", str(p), "--model", "lexicon", "--sentiment-field", "none", "--format", "json"])
    assert r.exit_code == 0, r.output
    assert json.loads(r.stdout)["other"]["support"] == 1


def test_evaluate_leaves_the_label_kind_the_gold_lacks_unscored(tmp_path):
    gold = [Example("财不外露", ("privacy",)), Example("红包很方便", ())]
    preds = [{"themes": ["privacy"], "sentiment": "negative"}, {"themes": ["pro_social"], "sentiment": "positive"}]
    r = evaluate(gold, preds, unlabelled=["sentiment"])
    assert r["sentiment"] is None and r["theme_macro_f1"] == 0.5
    assert "sentiment: n/a" in format_evaluation(r)
    r = evaluate(gold, preds, unlabelled=["themes"])
    assert (r["themes"], r["theme_macro_f1"], r["macro_over"], r["other"], r["exact_match"]) == (None,) * 5
    assert r["sentiment"]["accuracy"] == 0.0 and "themes: n/a" in format_evaluation(r)
    data = [Example(t, th, "neutral", doc=f"d{i}") for i, (t, th) in enumerate([("财不外露", ("privacy",)), ("红包很方便", ("pro_social",)),
                                                                                 ("财不外露啊", ("privacy",)), ("发红包很方便", ("pro_social",))])]
    cv = cross_validate(data, backend="lexicon", k=2, group_by="doc", unlabelled=["sentiment"])
    assert cv["sentiment"] is None and all(f["sentiment_macro_f1"] is None for f in cv["folds"])
    assert "sentiment n/a" in format_evaluation(cv)
    p = tmp_path / "sent.jsonl"
    p.write_text('{"text": "财不外露。", "sentiment": "negative"}\n{"text": "红包很方便。", "sentiment": "positive"}\n', encoding="utf-8")
    res = CliRunner().invoke(main, ["evaluate", "--gold", str(p), "--model", "lexicon", "--themes-field", "none", "--format", "json"])
    assert res.exit_code == 0, res.output
    out = json.loads(res.stdout)
    assert out["themes"] is None and out["exact_match"] is None and out["sentiment"] is not None


def test_evaluate_counts_conflicting_units_and_their_records(tmp_path):
    a, b = tmp_path / "a.jsonl", tmp_path / "b.jsonl"
    a.write_text('{"id": "u1", "text": "财不外露。", "themes": ["privacy"], "sentiment": "negative"}\n'
                 '{"id": "u2", "text": "红包很方便。", "themes": [], "sentiment": "positive"}\n'
                 '{"id": "u3", "text": "今天天气好。", "themes": [], "sentiment": "neutral"}\n', encoding="utf-8")
    b.write_text('{"id": "u1", "text": "财不外露。", "themes": [], "sentiment": "negative"}\n'
                 '{"id": "u2", "text": "红包很方便。", "themes": [], "sentiment": "neutral"}\n', encoding="utf-8")
    r = CliRunner().invoke(main, ["evaluate", "--gold", str(a), "--gold", str(b), "--model", "lexicon"])
    assert r.exit_code == 1
    assert r.stderr.splitlines()[-1] == "argmine: error: 2 units (4 records) labelled differently were left out (listed above); scored the rest"


def test_train_and_evaluate_read_dict_records_by_the_field_names_the_hint_names():
    recs = [{"content": "财不外露", "themes": ["privacy"], "sentiment": "negative"}]
    with pytest.raises(InputError) as e:
        train(recs, backend="lexicon")
    assert str(e.value) == ("record 0: has no 'text' field (fields: content, themes, sentiment); "
                            "pass --text-field NAME (text_field= in Python)")
    assert train(recs, backend="lexicon", text_field="content").predict(["财不外露"])[0].themes == ("privacy",)
    r = evaluate(recs, [{"themes": ["privacy"], "sentiment": "negative"}], text_field="content")
    assert r["theme_macro_f1"] == 1.0
    relabelled = [{"body": "财不外露", "labels": "privacy", "polarity": "negative"}]
    fields = {"text_field": "body", "themes_field": "labels", "sentiment_field": "polarity"}
    assert evaluate(relabelled, [{"themes": ["privacy"], "sentiment": "negative"}], **fields)["sentiment"]["accuracy"] == 1.0


# --- QA round 23 (hf23): a model is written into a folder beside -o and moved in only once complete ----------------

DISK_FULL = "Error while serializing: I/O error: No space left on device (os error 28)"  # safetensors' words for ENOSPC


@pytest.mark.parametrize("stop", ["disk full", "Ctrl-C"])
def test_cli_train_a_full_disk_or_a_stop_while_saving_leaves_the_old_model_or_nothing(tmp_path, gold_file, monkeypatch, stop):
    import safetensors.numpy
    from safetensors import SafetensorError

    def broken(*args, **kwargs):  # config.json and schema.toml are written by now; the weights fail
        if stop == "Ctrl-C":
            raise KeyboardInterrupt
        raise SafetensorError(DISK_FULL)

    old, new = tmp_path / "old", tmp_path / "new"
    args = ["--param", "polarity=false", "--param", "cv=2", "-q"]
    assert CliRunner().invoke(main, ["train", str(gold_file), "-o", str(old), *args]).exit_code == 0
    (old / "NOTES.txt").write_text("mine", "utf-8")
    before = {p.name: p.read_bytes() for p in old.iterdir()}
    monkeypatch.setattr(safetensors.numpy, "save_file", broken)
    for out, lost in ((new, "no model was written"), (old, "the model there before is left as it was")):
        r = CliRunner().invoke(main, ["train", str(gold_file), "-o", str(out), *args])
        if stop == "Ctrl-C":
            assert (r.exit_code, r.stderr) == (130, "argmine: error: interrupted\n")
        else:
            assert r.exit_code == 1  # one line, not a SafetensorError traceback
            assert r.stderr == (f"argmine: error: {out}: cannot write the model (No space left on device); the disk is full: "
                                f"free some space on it, or write to another disk; {lost}\n")
    assert not new.exists()  # a re-run is not refused as "a directory that holds other files"
    assert {p.name: p.read_bytes() for p in old.iterdir()} == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["gold.jsonl", "old"]  # no temporary folder is left


@pytest.mark.parametrize("args, line", [
    (["--seed", "7", "--param", "seed=5"], "--seed 7 and --param seed=5 both set seed, to different values; give only one of them"),
    (["--backend", "transformers", "--base-model", "ckpt", "--param", "model_name_or_path=other"],
     "--base-model ckpt and --param model_name_or_path=other both set model_name_or_path, to different values; give only one of them"),
])
def test_cli_train_refuses_an_option_and_its_param_set_to_different_values(tmp_path, gold_file, args, line):
    r = CliRunner().invoke(main, ["train", str(gold_file), "-o", str(tmp_path / "m"), *args])
    assert r.exit_code == 2
    assert r.stderr.splitlines()[-1] == f"Error: {line}"
    assert not (tmp_path / "m").exists()


def test_cli_train_takes_an_option_and_its_param_set_to_the_same_value(tmp_path, gold_file):
    r = CliRunner().invoke(main, ["train", str(gold_file), "-o", str(tmp_path / "m"), "--seed", "7", "--param", "seed=7",
                                  "--param", "polarity=false", "--param", "cv=2", "-q"])
    assert r.exit_code == 0, r.output
    assert json.loads((tmp_path / "m" / "config.json").read_text("utf-8"))["params"]["seed"] == 7


def test_cli_evaluate_refuses_base_model_and_model_name_or_path_set_to_different_values(gold_file):
    r = CliRunner().invoke(main, ["evaluate", "--gold", str(gold_file), "--cv", "2", "--backend", "transformers",
                                  "--base-model", "ckpt", "--param", "model_name_or_path=other"])
    assert r.exit_code == 2
    assert r.stderr.splitlines()[-1] == ("Error: --base-model ckpt and --param model_name_or_path=other both set model_name_or_path, "
                                         "to different values; give only one of them")


@pytest.mark.parametrize("group_by", ["block", "doc"])
def test_cross_validate_too_few_records_without_documents_speaks_of_records(group_by):
    # no record has a document: each is its own group, whatever --group-by says, so --group-by block would change nothing
    data = [Example(t, (), "neutral", id=str(i)) for i, t in enumerate(["财不外露。", "红包很方便。", "今天下雪。"])]
    with pytest.raises(ModelError) as e:
        cross_validate(data, backend="lexicon", k=4, group_by=group_by)
    assert str(e.value) == ("cannot make 4 folds grouped by record: the data has only 3 records (no document: each record is its own "
                            "group); use --cv 3")


# --- what the labels cannot teach: a theme on every unit, no 'other' unit, too few units -----------------------


def _train_warnings(examples, backend="linear"):
    import warnings

    with warnings.catch_warnings(record=True) as w:
        warnings.simplefilter("always")
        model = train(examples, backend=backend, polarity=False) if backend == "linear" else train(examples, backend=backend)
    return model, [str(m.message) for m in w]


def test_train_warns_when_every_unit_has_a_theme_it_will_then_always_predict():
    data = [Example(t, ("privacy", *th), s) for t, th, s in ALIPAY]
    model, said = _train_warnings(data)
    assert ("every training unit is labelled 'privacy' (no unit is without it), so the model will predict it for every text; "
            "label some units without it and train again") in said
    assert "privacy" in model.predict(["今天天气不错。"])[0].themes  # what the warning says
    assert not [m for m in said if m.startswith("no training unit is without a theme")]  # said once, not twice
    assert not [m for m in _train_warnings(data, "lexicon")[1] if "every training unit" in m]  # the lexicon learns nothing


def test_train_warns_when_no_unit_is_without_a_theme():
    said = _train_warnings([Example(t, th, s) for t, th, s in ALIPAY if th])[1]
    assert ("no training unit is without a theme (none is labelled 'other'), so the model never saw a text about none of them "
            "and will give many such texts a theme; label some units 'other' (no theme) and train again") in said
    assert not [m for m in _train_warnings([Example(t, th, s) for t, th, s in ALIPAY])[1] if "training unit" in m]


def test_train_warns_about_a_handful_of_units_and_not_about_ten():
    few = [Example(t, th, s) for t, th, s in ALIPAY[-5:]]
    assert ("the training data has only 5 units, too few to learn from: the model repeats what those few say (its scores are "
            "not calibrated on held-out units), so its predictions are little better than guesses; label more units "
            "(a few dozen per theme) and train again") in _train_warnings(few)[1]
    assert not [m for m in _train_warnings([Example(t, th, s) for t, th, s in ALIPAY[:10]])[1] if "too few" in m]


# --- folds of records without a document follow their texts, not the order of the rows ---------------------------


def test_cv_folds_of_records_without_a_document_do_not_depend_on_the_row_order():
    data = [Example(f"{t}{i}", th, s) for i, (t, th, s) in enumerate(ALIPAY * 2)]
    shuffled = [data[i] for i in np.random.default_rng(3).permutation(len(data))]
    for k in (2, 5):
        by_text = [sorted(data[i].text for i in te) for _, te in folds(data, k=k, seed=1)]
        assert sorted(by_text) == sorted(sorted(shuffled[i].text for i in te) for _, te in folds(shuffled, k=k, seed=1))
    first = cross_validate(data, backend="lexicon", k=3)
    again = cross_validate(shuffled, backend="lexicon", k=3)
    assert first["theme_macro_f1"] == again["theme_macro_f1"] and first["sentiment"] == again["sentiment"]


def test_train_on_records_without_a_document_does_not_depend_on_the_row_order():
    data = [Example(f"{t}{i}", th, s) for i, (t, th, s) in enumerate(ALIPAY * 2)]
    shuffled = [data[i] for i in np.random.default_rng(3).permutation(len(data))]
    probe = [t for t, _, _ in ALIPAY] + ["今天天气不错。"]
    a, b = train(data, polarity=False), train(shuffled, polarity=False)
    assert np.allclose(a.thresholds_, b.thresholds_) and np.allclose(a.platt_, b.platt_, atol=1e-6)
    assert [p.themes for p in a.predict(probe)] == [p.themes for p in b.predict(probe)]


# --- the library: a DataFrame's missing values, and one word for a record ------------------------------------------


def test_train_reads_pandas_missing_values_as_empty_cells_as_the_csv_reader_does(tmp_path):
    pd = pytest.importorskip("pandas")
    sheet = tmp_path / "s.csv"
    sheet.write_text("id,text,themes,sentiment\n1,财不外露。,privacy,negative\n,,,\n2,支付宝与微信必有一战。,,neutral\n"
                     "3,红包转账很方便。,pro_social,positive\n", "utf-8")
    rows = pd.read_csv(sheet).to_dict("records")  # the empty cells are NaN, the blank row all NaN
    assert rows[1]["text"] != rows[1]["text"]
    from argmine.train import _examples

    read = [(e.text, e.themes, e.sentiment, e.id) for e in load_examples(sheet)]
    assert [(e.text, e.themes, e.sentiment, e.id) for e in _examples(rows)] == read
    with pytest.warns(UserWarning) as said:
        assert train(rows, polarity=False).n_train_ == 3
    assert [str(w.message).split(",")[0] for w in said] == ["the training data has only 3 units",
                                                             "the training data has no unit labelled 'brand_fit' or 'bloat'"]
    train(rows, backend="lexicon", groups=["a", "b", "c", "d"])  # one per row given: the blank row's goes with it (no "4 groups for 3 texts")
    with pytest.raises(InputError, match=r"^record 1: field 'text' is empty; a labelled record needs text"):
        evaluate(rows, [{"themes": [], "sentiment": "neutral"}] * 4)  # evaluate pairs by position: a blank row is no record to skip
    with pytest.raises(InputError, match=r"^record 0: field 'text' is empty"):
        train([{"text": float("nan"), "themes": "privacy", "sentiment": "negative"}], backend="lexicon")


def test_library_names_a_record_with_a_bad_label_as_the_cli_does():
    from argmine.errors import SchemaError

    for records in ([{"text": "财不外露", "themes": ["money"], "sentiment": "negative"}], [Example("财不外露", ("money",), "negative")]):
        with pytest.raises(SchemaError) as e:
            train([Example("红包", (), "neutral"), *records], backend="lexicon")
        assert str(e.value).startswith("record 1: unknown theme 'money' in schema 'alipay_social'; expected one of: ")
    with pytest.raises(SchemaError) as e:
        cross_validate([Example("红包", (), "neutral")], extra=[Example("财不外露", ("隱私與安全擔憂",), "negative")], backend="lexicon")
    assert "extra record 0: unknown theme '隱私與安全擔憂' in schema 'alipay_social'" in str(e.value)
    assert "'隱私與安全擔憂' stands for theme 'privacy': write its id" in str(e.value)


def test_library_train_tells_a_sheet_of_one_column_per_theme_to_join_them():
    # the CLI said so; train() and cross_validate() read dict records without the schema's theme ids and did not
    rows = [{"text": "财不外露", "privacy": 1, "bloat": 0, "sentiment": "negative"},
            {"text": "功能太多了", "privacy": 0, "bloat": 1, "sentiment": "negative"}]
    for call in (lambda: train(rows, backend="lexicon"), lambda: cross_validate(rows, backend="lexicon", k=2)):
        with pytest.raises(InputError) as e:
            call()
        assert str(e.value).startswith("record 0: has no 'themes' field")
        assert "'privacy', 'bloat' are themes of the schema: one 0/1 column per theme is not read" in str(e.value)


def test_bad_themes_field_shows_ids_of_the_schema_in_use(tmp_path):
    schema_file = _write_schema(tmp_path)
    p = tmp_path / "gold.jsonl"
    p.write_text('{"text": "养老金不够", "themes": {"pension_gap": 1}, "sentiment": "negative"}\n', "utf-8")
    errors = []
    load_examples(p, schema=load_schema(schema_file), on_error=errors.append)
    assert [str(e) for e in errors] == [
        f"{p}: line 1: field 'themes' is dict {{'pension_gap': 1}}; expected a list of theme ids or a string like "
        "'pension_gap;health_burden'"]


def test_one_column_per_theme_is_told_to_join_ids_of_the_schema_in_use(tmp_path):
    schema = load_schema(_write_schema(tmp_path))
    p = tmp_path / "onehot.csv"
    p.write_text("text,health_burden,youth_jobs,sentiment\n身体吃不消,1,0,negative\n", "utf-8")
    with pytest.raises(InputError) as e:
        load_examples(p, schema=schema)
    assert str(e.value).endswith("'health_burden', 'youth_jobs' are themes of the schema: one 0/1 column per theme is "
                                 "not read, join them into one themes column of the ids marked 1 (health_burden;youth_jobs; "
                                 "see docs/classify.md)")
    errors = []
    load_examples(p, schema=schema, themes_field="health_burden", on_error=errors.append)
    assert str(errors[0]).endswith("; 'health_burden' is a theme of the schema: one 0/1 column per theme is not read, join "
                                   "them into one themes column of the ids marked 1 (health_burden;youth_jobs; see "
                                   "docs/classify.md)")


def _write_schema(tmp_path):
    p = tmp_path / "ret.toml"
    p.write_text(LONG_IDS_SCHEMA, "utf-8")  # another debate's schema
    return p


# --- a unit given by gold JSONL and by the export sheet or a record without offsets (QA round 38) --------------------


def _sheet_and_gold(tmp_path, labels):
    """The CSV sheet 'argmine export' writes for a tiny source, its rows labelled by ``labels`` (per id), and the
    gold JSONL of the same units with the same labels as ``labels`` before any change."""
    import csv

    (tmp_path / "src").mkdir()
    (tmp_path / "src" / "d.txt").write_text("财不外露。红包转账很方便。\n现在的支付宝功能太多。\n", "utf-8")
    r = CliRunner().invoke(main, ["export", str(tmp_path / "src"), "--format", "csv", "--no-predictions", "-o", str(tmp_path / "sheet.csv"), "-q"])
    assert r.exit_code == 0, r.output
    with open(tmp_path / "sheet.csv", encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert [(r["id"], r["doc"], r["start"], r["end"]) for r in rows] == [("d#1", "d", "0", "5"), ("d#2", "d", "5", "13"), ("d#3", "d", "14", "25")]
    gold = [Example(r["text"], *labels[r["id"]], doc=r["doc"], start=int(r["start"]), end=int(r["end"]), id=r["id"]) for r in rows]
    write_gold(tmp_path / "g.jsonl", gold)

    def sheet(name, changed=None):
        with open(tmp_path / name, "w", encoding="utf-8-sig", newline="") as fh:
            w = csv.DictWriter(fh, fieldnames=list(rows[0]))
            w.writeheader()
            for r in rows:
                themes, sentiment = (changed or {}).get(r["id"], labels[r["id"]])
                w.writerow({**r, "themes": ";".join(themes) or "other", "sentiment": sentiment})
        return tmp_path / name

    return tmp_path / "g.jsonl", sheet


def test_a_gold_record_and_its_row_of_the_export_sheet_are_one_unit(tmp_path):
    labels = {"d#1": (("privacy",), "negative"), "d#2": (("pro_social",), "positive"), "d#3": (("bloat",), "negative")}
    gold, sheet = _sheet_and_gold(tmp_path, labels)
    filled, conf = sheet("filled.csv"), sheet("conf.csv", {"d#2": (("bloat",), "positive")})
    placed = load_examples(filled)
    assert [(e.doc, e.start, e.end) for e in placed] == [("d", 0, 5), ("d", 5, 13), ("d", 14, 25)]  # as JSONL offsets are read
    with pytest.warns(UserWarning) as w:
        kept = drop_repeats(load_examples(gold) + placed, by_text=True)
    assert [e.id for e in kept] == ["d#1", "d#2", "d#3"]
    assert [str(m.message) for m in w] == [
        f"3 records repeat a unit already read with the same labels (d#1 ({filled}: row 1 (line 2)); d#2 ({filled}: row 2 (line 3)); "
        f"d#3 ({filled}: row 3 (line 4))); counted once"]
    got = []
    with pytest.warns(UserWarning):
        assert [e.id for e in drop_repeats(load_examples(gold) + load_examples(conf), by_text=True, on_conflict=got.append)] == ["d#1", "d#3"]
    assert len(got) == 1 and got[0].count == 1 and got[0].records == 2
    assert f"(d#2: pro_social/positive ({gold}: line 2) vs bloat/positive ({conf}: row 2 (line 3))); left out of the scores" in str(got[0])
    # the commands: one set of units, the labelers' disagreement reported (evaluate: exit 1)
    r = CliRunner().invoke(main, ["evaluate", "--gold", str(gold), "--gold", str(conf), "--model", "lexicon"])
    assert r.exit_code == 1 and r.stdout.startswith("Evaluation on 2 units, model lexicon")
    assert "argmine: error: " + f"{gold}, {conf}: 1 unit labelled differently by different records or labelers (d#2: " in r.stderr
    r = CliRunner().invoke(main, ["train", str(gold), str(filled), "--backend", "lexicon", "-o", str(tmp_path / "m")])
    assert r.exit_code == 0 and f"the lexicon learns nothing from labels: checked those of 3 units, saved the schema and --param settings (--backend linear trains on them) -> {tmp_path / 'm'}" in r.stderr


def test_a_sheet_row_whose_offsets_do_not_span_its_text_is_not_placed(tmp_path):
    p = tmp_path / "s.csv"
    p.write_text("id,doc,start,end,text,themes,sentiment\nd#1,d,0,5,财不外露。,privacy,negative\nd#2,d,5,9,红包转账很方便。,other,neutral\n"
                 "d#3,d,x,9,好。,other,neutral\n", "utf-8")
    assert [(e.start, e.end) for e in load_examples(p)] == [(0, 5), (None, None), (None, None)]  # a text edited in the sheet


def test_a_record_without_offsets_is_the_unit_of_the_gold_record_with_its_id_and_text():
    from argmine.train import count_units

    placed = Example("红包转账很方便。", ("pro_social",), "positive", doc="d", start=5, end=13, id="d#2")
    loose = Example("红包转账很方便。", ("bloat",), "positive", id="d#2")
    got = []
    for records in ([placed, loose], [loose, placed]):  # whichever file comes first
        assert drop_repeats(records, by_text=True, on_conflict=got.append) == [] and got.pop().count == 1
    with pytest.warns(UserWarning, match="^1 record repeats a unit"):
        kept = drop_repeats([replace_labels(loose, placed), placed])
    assert kept == [placed]  # the record with offsets stands for the unit: its place gives its CV block
    # not joined: another document named, two places (one text under one id in two documents), or both of them
    elsewhere = Example("红包转账很方便。", ("bloat",), "positive", doc="e", id="d#2")
    twin = Example("红包转账很方便。", ("pro_social",), "positive", doc="e", start=0, end=8, id="d#2")
    assert count_units([placed, elsewhere]) == 2 and count_units([placed, twin]) == 2 and count_units([placed, twin, loose]) == 3
    assert count_units([placed, loose]) == 1 and count_units([twin, elsewhere]) == 1


def replace_labels(e, like):
    from dataclasses import replace

    return replace(e, themes=like.themes, sentiment=like.sentiment)


# --- --source: a gold text that differs at its offsets is not a missing document (QA round 38) ------------------------


def _one_document(changed=None):
    """ALIPAY as one document of one line, and its gold records, the record ``changed`` (an index) edited in the gold."""
    text, ex = "", []
    for i, (t, th, s) in enumerate(ALIPAY):
        ex.append(Example(t, th, s, doc="d", start=len(text), end=len(text) + len(t), id=f"d#{i + 1}"))
        text += t
    if changed is not None:
        e = ex[changed]
        ex[changed] = Example("完全不在源里的句子。"[:len(e.text)], e.themes, e.sentiment, doc="d", start=e.start, end=e.end, id=e.id)
    return ex, {"d": text}


def test_cv_source_warning_tells_a_changed_gold_text_from_a_missing_document():
    from argmine.train import NO_SOURCE_TEXT_MATCH

    ex, docs = _one_document(changed=1)
    with pytest.warns(UserWarning) as w:
        result = cross_validate(ex, backend="lexicon", k=2, documents=docs)
    assert [str(m.message) for m in w] == [
        "the gold document is found in the source documents (--source) (d), but with other text at the gold offsets (first d#2 d "
        "5..17: the gold has '完全不在源里的句子。', the source '那些搞保险的天天叫死你。'), so its cross-validation blocks are runs of 8 units, "
        "not source lines; realign the gold to the source (argmine realign GOLD SOURCE -o NEW) or fix that record"]
    assert result["cv"]["blocks_from"] == NO_SOURCE_TEXT_MATCH
    assert format_evaluation(result).splitlines()[0].startswith(
        "Evaluation on 12 units (2-fold CV grouped by runs of 8 units (--source has no gold document with the gold text at its offsets), ")
    with pytest.raises(ModelError) as err:
        cross_validate(ex, backend="lexicon", k=5, documents=docs)
    assert str(err.value) == (
        "cannot make 5 folds grouped by block: --source has the gold document (d) with other text at the gold offsets (first d#2 d "
        "5..17: the gold has '完全不在源里的句子。', the source '那些搞保险的天天叫死你。'), so its blocks are runs of 8 units, and the data has "
        "only 2 blocks; realign the gold to the source (argmine realign GOLD SOURCE -o NEW) or fix that record, or use --cv 2")
    # one document, missing: singular, and the source is what to fix
    ex, _ = _one_document()
    with pytest.warns(UserWarning) as w:
        cross_validate(ex, backend="lexicon", k=2, documents={"x": "放鞭炮。"})
    assert [str(m.message) for m in w] == [
        "the gold document is not found in the source documents (--source) (d), so its cross-validation blocks are runs of 8 units, "
        "not source lines; pass the documents the gold was made from, read as export read them (--source-id-field, --source-text-field, ...)"]
    with pytest.raises(ModelError, match=r"^cannot make 5 folds grouped by block: --source lacks the gold document \(d\), so its blocks are "
                                         r"runs of 8 units, and the data has only 2 blocks; pass the documents the gold was made from as "
                                         r"--source, or use --cv 2$"):
        cross_validate(ex, backend="lexicon", k=5, documents={"x": "放鞭炮。"})


# --- predict() reads normalised text: the Library docs say so, and how (QA round 38) ---------------------------------


def test_docs_library_shows_predict_fed_normalised_texts_as_evaluate_feeds_it():
    import ast
    import re
    from pathlib import Path

    from argmine.classify import load_model

    doc = (Path(__file__).resolve().parents[1] / "docs" / "classify.md").read_text("utf-8")
    library = doc[doc.index("\nLibrary:\n"):]
    code = re.search(r"```python\n(.*?)```", library, re.S).group(1)
    snippet = code[code.index("import argmine\n"):]  # the part that predicts; the model trained above is the packaged one here
    tree = ast.parse(snippet)
    *body, last = tree.body
    ns = {"model": load_model(None)}
    exec(compile(ast.Module(body, []), "classify.md", "exec"), ns)
    got = eval(compile(ast.Expression(last.value), "classify.md", "eval"), ns)
    texts = ns["texts"]
    model = ns["model"]
    assert [p.themes for p in got] == [p.themes for p in model.predict([Example(t).norm_text for t in texts])]
    assert got[0].themes == ("privacy",) and model.predict(texts)[0].themes == ()  # as the docs say: raw text gets other labels
    assert "normalised unit texts" in library and "`財不外露` no theme and `财不外露` `privacy`" in library


# --- a text + label sheet: both missing label columns in the first error (QA round 38) ------------------------------


NO_LABELS = ("has no 'themes' or 'sentiment' {what} ({what}s: text, label); pass --themes-field NAME (themes_field= in Python), or "
             "--themes-field none if the data has no theme labels (themes_field=None in Python; sentiment only); and pass "
             "--sentiment-field NAME (sentiment_field= in Python), or --sentiment-field none if the data has no sentiment labels "
             "(sentiment_field=None in Python; themes only)")


def test_a_sheet_without_either_label_column_names_both_in_one_error(tmp_path):
    p = tmp_path / "label.csv"
    p.write_text("text,label\n财不外露。,privacy\n红包转账很方便。,pro_social\n", "utf-8")
    with pytest.raises(InputError) as err:
        load_examples(p)
    assert str(err.value) == f"{p}: " + NO_LABELS.format(what="column")
    r = CliRunner().invoke(main, ["train", str(p), "-o", str(tmp_path / "m")])
    assert r.exit_code == 1 and r.stderr.splitlines()[0] == f"argmine: error: {p}: " + NO_LABELS.format(what="column")
    # with one of them named, the other alone, as before
    with pytest.raises(InputError, match=r"has no 'sentiment' column \(columns: text, label\); pass --sentiment-field NAME"):
        load_examples(p, themes_field="label")
    assert [e.themes for e in load_examples(p, themes_field="label", sentiment_field=None)] == [("privacy",), ("pro_social",)]
    j = tmp_path / "label.jsonl"
    j.write_text('{"text": "财不外露。", "label": "privacy"}\n', "utf-8")
    errors = []
    load_examples(j, on_error=errors.append)
    assert [str(e) for e in errors] == [f"{j}: line 1: " + NO_LABELS.format(what="field")]


# --- a gold file the system will not read: worded as every command words it (QA round 41) ----------------------------


@pytest.mark.parametrize("refusal, reason", [
    (PermissionError(13, "Permission denied"), "permission denied; check the file's permissions"),
    (OSError(5, "Input/output error"), "cannot be read (Input/output error); check the path"),
    (OSError("the network share went away"), "cannot be read (the network share went away); check the path"),  # no errno
])
def test_unreadable_gold_file_is_worded_as_segment_words_an_unreadable_input(tmp_path, gold_file, monkeypatch, refusal, reason):
    locked = tmp_path / "locked.jsonl"
    locked.write_text(gold_file.read_text("utf-8"), "utf-8")
    failing_reads(monkeypatch, locked, refusal)
    line = f"argmine: error: {locked}: {reason}"
    r = CliRunner().invoke(main, ["train", str(gold_file), str(locked), "--backend", "lexicon", "-o", str(tmp_path / "m"), "-q"])
    assert (r.exit_code, r.stderr.splitlines()) == (1, [
        line, f"argmine: error: 1 of 2 files could not be used ({locked}); the lexicon model was written (its labels checked, nothing learned)"])
    r = CliRunner().invoke(main, ["evaluate", "--gold", str(locked), "--model", "lexicon"])
    assert r.exit_code == 1 and r.stderr.splitlines()[0] == line
    r = CliRunner().invoke(main, ["segment", str(locked), "-q"])
    assert r.exit_code == 1 and r.stderr.splitlines()[0] == line


@pytest.mark.skipif(not hasattr(os, "geteuid"), reason="POSIX permissions")
def test_chmod_000_gold_file_for_real_is_worded_by_train_as_by_segment(tmp_path, gold_file):
    prefix = refusing_prefix(tmp_path)
    if prefix is None:
        pytest.skip("root reads a chmod 000 file here (no setpriv that drops the override)")
    locked = tmp_path / "locked.jsonl"
    locked.write_text(gold_file.read_text("utf-8"), "utf-8")
    locked.chmod(0)
    try:
        def argmine(*args):
            return subprocess.run([*prefix, sys.executable, "-m", "argmine", *args], capture_output=True, text=True, timeout=300,
                                  cwd=tmp_path)

        line = "argmine: error: locked.jsonl: permission denied; check the file's permissions"
        r = argmine("train", "gold.jsonl", "locked.jsonl", "--backend", "lexicon", "-o", "m", "-q")
        assert (r.returncode, r.stderr.splitlines()) == (1, [
            line, "argmine: error: 1 of 2 files could not be used (locked.jsonl); the lexicon model was written (its labels checked, nothing learned)"])
        r = argmine("segment", "locked.jsonl", "-q")
        assert (r.returncode, r.stderr.splitlines()[0]) == (1, line)
    finally:
        locked.chmod(0o600)
