"""Aggregation per theme, checked against a slow, obviously-correct reference."""

from __future__ import annotations

import os
import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from argmine.aggregate import bootstrap_ci, provenance, summarize
from argmine.backends.base import Evidence, Prediction
from argmine.classify import ClassifiedUnit
from argmine.errors import SchemaError
from argmine.schema import load_schema
from argmine.types import Document, Unit

SCHEMA = load_schema()
THEMES = SCHEMA.theme_ids
VALUE = {"positive": 1, "neutral": 0, "negative": -1}


def make(specs):
    """[(doc, kind, themes, sentiment, scores, evidence_terms)] -> ClassifiedUnits."""
    out = []
    for n, (doc, kind, themes, sentiment, scores, terms) in enumerate(specs):
        text = f"第{n}句话。"
        u = Unit.from_source(text, doc=doc, n=n, start=0, end=len(text), kind=kind)
        ev = tuple(Evidence(t, term, w) for t, term, w in terms)
        out.append(ClassifiedUnit(u, Prediction(tuple(themes), dict(scores), sentiment, VALUE[sentiment] * 0.5, ev)))
    return out


TINY = make(
    [
        ("d1", "title", ["pro_social"], "positive", {"pro_social": 0.9, "privacy": 0.1}, [("pro_social", "红包", 1.0)]),
        ("d1", "body", ["privacy"], "negative", {"privacy": 0.95}, [("privacy", "隐私", 2.0), ("privacy", "隐私", 2.0)]),
        ("d1", "body", ["privacy", "brand_fit"], "negative", {"privacy": 0.7, "brand_fit": 0.6}, [("privacy", "安全", 1.0)]),
        ("d1", "body", [], "neutral", {"privacy": 0.2}, []),
        ("d2", "comment", ["privacy"], "neutral", {"privacy": 0.8}, [("privacy", "隐私", 1.5), ("brand_fit", "钱包", 1.0)]),
        ("d2", "comment", ["pro_social"], "negative", {"pro_social": 0.55}, [("pro_social", "红包", 0.5), ("pro_social", "-x", -1.0)]),
        ("d2", "comment", [], "negative", {}, []),
        ("d2", "comment", ["bloat"], "negative", {"bloat": 0.99}, [("bloat", "臃肿", 1.0)]),
    ]
)


def wilson_reference(k, n):
    """scipy's Wilson interval of k of n (binomtest: slow, obviously scipy's), rounded as the summary rounds."""
    from scipy.stats import binomtest

    ci = binomtest(k, n).proportion_ci(confidence_level=0.95, method="wilson")
    return [round(ci.low, 4), round(ci.high, 4)]


def reference(classified, group=None):
    """Plain loops: per bucket (and group value) units, share, share_all, share_ci95, counts, mean."""
    out = {}
    for bucket in THEMES + ("other",):
        groups = {}
        for cu in classified:
            g = group(cu.unit) if group else "all"
            groups.setdefault(g, {"n": 0, "arg": 0, "units": 0, "pos": 0, "neu": 0, "neg": 0, "sum": 0})
        for cu in classified:
            g = group(cu.unit) if group else "all"
            row = groups[g]
            row["n"] += 1
            has = [t for t in cu.prediction.themes if t != "other"]
            if has:
                row["arg"] += 1
            if (bucket in has) or (bucket == "other" and not has):
                row["units"] += 1
                row[{"positive": "pos", "neutral": "neu", "negative": "neg"}[cu.prediction.sentiment]] += 1
                row["sum"] += VALUE[cu.prediction.sentiment]
        out[bucket] = {
            g: {
                "units": r["units"],
                "share": None if bucket == "other" or r["arg"] == 0 else round(r["units"] / r["arg"], 4),
                "share_all": round(r["units"] / r["n"], 4),
                "share_ci95": None if bucket == "other" or r["arg"] == 0 else wilson_reference(r["units"], r["arg"]),
                "mean": round(r["sum"] / r["units"], 4) if r["units"] else None,
                "counts": (r["pos"], r["neu"], r["neg"]),
            }
            for g, r in groups.items()
        }
    return out


def check(summary_groups, ref_groups):
    assert set(summary_groups) == set(ref_groups)
    for g, ref in ref_groups.items():
        got = summary_groups[g]
        assert got["units"] == ref["units"], g
        assert got["share"] == ref["share"], g
        assert got["share_all"] == ref["share_all"], g
        assert got["share_ci95"] == ref["share_ci95"], g
        s = got["sentiment"]
        assert s["mean"] == ref["mean"], g
        assert (s["positive"], s["neutral"], s["negative"]) == ref["counts"], g


def test_aggregate_matches_reference_overall_by_kind_and_by_doc():
    s = summarize(TINY, SCHEMA)
    ref_all = reference(TINY)
    ref_kind = reference(TINY, lambda u: u.kind)
    ref_doc = reference(TINY, lambda u: u.doc)
    assert list(s["themes"]) == list(THEMES) + ["other"]
    for bucket, entry in s["themes"].items():
        check({"all": entry}, ref_all[bucket])
        check(entry["by_kind"], ref_kind[bucket])
        # by_doc leaves out documents in which the bucket has no unit.
        check(entry["by_doc"], {d: r for d, r in ref_doc[bucket].items() if r["units"]})
    assert set(s["themes"]["bloat"]["by_doc"]) == {"d2"}


def test_aggregate_share_is_of_argumentative_units():
    s = summarize(TINY, SCHEMA)
    # 8 units, 6 carry a theme; privacy is on 3 of them.
    assert s["totals"]["units"] == 8
    assert s["totals"]["argumentative"] == 6
    assert s["totals"]["other"] == 2
    assert s["themes"]["privacy"]["units"] == 3
    assert s["themes"]["privacy"]["share"] == 0.5
    assert s["themes"]["privacy"]["share_all"] == 0.375
    assert s["themes"]["other"]["share"] is None
    assert s["themes"]["other"]["share_all"] == 0.25


def test_aggregate_totals_give_the_argumentative_units_of_each_kind():
    # the denominators of the by-kind shares: comment privacy is 1 of the 3 comment units with a theme
    totals = summarize(TINY, SCHEMA)["totals"]
    assert totals["by_kind"] == {"title": 1, "body": 3, "comment": 4}
    assert totals["argumentative_by_kind"] == {"title": 1, "body": 2, "comment": 3}
    assert summarize(TINY, SCHEMA)["themes"]["privacy"]["by_kind"]["comment"]["share"] == round(1 / 3, 4)


def classified_texts(specs):
    """[(text, themes, evidence)] -> ClassifiedUnits of one body document."""
    out = []
    for n, (text, themes, evidence) in enumerate(specs):
        u = Unit.from_source(text, doc="d", n=n, start=0, end=len(text), kind="body")
        ev = tuple(Evidence(label, term, w) for label, term, w in evidence)
        out.append(ClassifiedUnit(u, Prediction(tuple(themes), {}, "negative", -0.5, ev)))
    return out


def test_top_terms_count_every_unit_of_the_theme_where_the_cue_fired_whatever_the_evidence():
    cu = classified_texts([
        # the linear model folds a theme's cues into one feature: evidence "ATM / 品牌"
        ("支付宝就是ATM,品牌不对。", ["brand_fit"], [("brand_fit", "ATM / 品牌", 2.0)]),
        # the cue feature fell outside the model's top evidence: 品牌 still fired (twice: one unit)
        ("品牌啊品牌。", ["brand_fit"], [("brand_fit", "可以", 1.0)]),
        ("不是品牌问题。", ["brand_fit", "privacy"], []),  # negated
        # 品牌 fired, but the unit does not carry brand_fit
        ("品牌很好。", ["pro_social"], [("brand_fit", "品牌", 1.0)]),
        ("品牌。", [], []),
    ])
    terms = summarize(cu, SCHEMA)["themes"]["brand_fit"]["terms"]
    assert terms == [
        {"term": "品牌", "units": 3, "negated": 1, "weight": 1.0},
        {"term": "ATM", "units": 1, "negated": 0, "weight": 1.0},
    ]
    # model n-grams (可以) are not cues; cues of other themes are not counted for this one
    assert summarize(cu, SCHEMA)["themes"]["privacy"]["terms"] == []
    assert summarize(cu, SCHEMA)["themes"]["other"]["terms"] == []


def test_aggregate_examples_are_most_confident_with_offsets():
    s = summarize(TINY, SCHEMA, n_examples=2)
    ex = s["themes"]["privacy"]["examples"]
    assert [e["id"] for e in ex] == ["d1#1", "d2#4"]
    assert ex[0] == {
        "id": "d1#1", "doc": "d1", "start": 0, "end": 5, "kind": "body",
        "text": "第1句话。", "score": 0.95, "sentiment": "negative",
    }
    # other: least theme-like first (no scores at all -> score 1).
    assert [e["id"] for e in s["themes"]["other"]["examples"]] == ["d2#6", "d1#3"]


def test_aggregate_example_score_is_theme_probability_and_for_other_one_minus_the_highest():
    # The quote's score is the theme's probability, not Prediction.confidence (distance from the threshold).
    text = "财不外露。就这样吧。"
    near = Prediction(("privacy",), {"privacy": 0.6, "bloat": 0.2}, "negative", -1.0)
    plain = Prediction((), {"privacy": 0.3, "bloat": 0.1}, "neutral", 0.0)
    cus = [ClassifiedUnit(Unit.from_source(text, doc="d", n=1, start=0, end=5, kind="body"), near),
           ClassifiedUnit(Unit.from_source(text, doc="d", n=2, start=5, end=10, kind="comment"), plain)]
    themes = summarize(cus, SCHEMA)["themes"]
    assert [(e["id"], e["score"]) for e in themes["privacy"]["examples"]] == [("d#1", 0.6)]
    assert [(e["id"], e["score"]) for e in themes["other"]["examples"]] == [("d#2", 0.7)]
    assert "confidence" not in themes["privacy"]["examples"][0]
    assert near.confidence != 0.6 and plain.confidence != 0.7
    from argmine.aggregate import Analysis

    table = Analysis.from_units(cus, SCHEMA, n_boot=100).table()
    assert "body, negative, score=0.60" in table and "comment, neutral, score=0.70" in table
    assert "other (score = 1 - the highest theme probability)" in table


def test_aggregate_examples_skip_repeated_text():
    text = "财不外露。"
    cus = [
        ClassifiedUnit(
            Unit.from_source(text, doc=f"d{i}", n=0, start=0, end=5, kind="body"),
            Prediction(("privacy",), {"privacy": 0.9 - i / 100}, "negative", -1.0),
        )
        for i in range(4)
    ]
    ex = summarize(cus, SCHEMA)["themes"]["privacy"]["examples"]
    assert [e["id"] for e in ex] == ["d0#0"]


def test_aggregate_documents_include_documents_without_units():
    docs = [Document("d1", "x", source="a.txt", encoding="gb18030"), Document("empty", "y", source="b.txt", encoding="utf-8")]
    s = summarize(TINY, SCHEMA, documents=docs)
    assert list(s["documents"]) == ["d1", "empty", "d2"]
    assert s["documents"]["empty"]["units"] == 0
    assert s["documents"]["d1"]["encoding"] == "gb18030"
    assert s["documents"]["d1"]["units"] == 4
    assert s["documents"]["d1"]["argumentative"] == 3
    assert s["documents"]["d1"]["themes"] == {"pro_social": 1, "privacy": 2, "brand_fit": 1, "bloat": 0}
    assert "empty" not in s["themes"]["privacy"]["by_doc"]
    assert s["documents"]["empty"]["themes"]["privacy"] == 0
    assert s["totals"]["documents"] == 3


def test_aggregate_rejects_theme_not_in_schema():
    bad = make([("d", "body", ["nope"], "neutral", {}, [])])
    with pytest.raises(SchemaError, match=r"unit d#0: predicted theme 'nope' is not in schema 'alipay_social'"):
        summarize(bad, SCHEMA)


def test_aggregate_is_deterministic_for_a_seed():
    a = summarize(TINY, SCHEMA, seed=3)
    b = summarize(list(reversed(TINY)), SCHEMA, seed=3)
    assert a["themes"]["privacy"]["sentiment"] == b["themes"]["privacy"]["sentiment"]
    assert a == summarize(TINY, SCHEMA, seed=3)


def test_bootstrap_ci_is_seeded_and_changes_with_seed():
    counts = (40, 35, 25)
    assert bootstrap_ci(*counts, seed=1) == bootstrap_ci(*counts, seed=1)
    draws = {bootstrap_ci(*counts, seed=s) for s in range(5)}
    assert len(draws) > 1


def test_bootstrap_ci_agrees_with_plain_resampling():
    values = [1] * 30 + [0] * 50 + [-1] * 20
    rnd = random.Random(0)
    means = sorted(sum(rnd.choice(values) for _ in values) / len(values) for _ in range(4000))
    ref = (means[int(0.025 * 4000)], means[int(0.975 * 4000) - 1])
    lo, hi = bootstrap_ci(30, 50, 20, n_boot=4000, seed=0)
    assert lo == pytest.approx(ref[0], abs=0.03)
    assert hi == pytest.approx(ref[1], abs=0.03)


@settings(max_examples=200, deadline=None)
@given(st.integers(0, 60), st.integers(0, 60), st.integers(0, 60), st.integers(0, 2**32 - 1))
def test_bootstrap_ci_contains_the_mean(pos, neu, neg, seed):
    ci = bootstrap_ci(pos, neu, neg, seed=seed, n_boot=500)
    n = pos + neu + neg
    if n == 0:
        assert ci is None
        return
    mean = (pos - neg) / n
    assert -1.0 <= ci[0] <= mean <= ci[1] <= 1.0


def test_summary_ci_contains_rounded_mean():
    s = summarize(TINY, SCHEMA)
    for entry in s["themes"].values():
        for group in [entry, *entry["by_kind"].values(), *entry["by_doc"].values()]:
            sent = group["sentiment"]
            if sent["mean"] is None:
                assert sent["ci95"] is None
            else:
                assert sent["ci95"][0] <= sent["mean"] <= sent["ci95"][1]


def test_provenance_groups_inputs_by_file():
    docs = [Document("a:1", "x", "a.jsonl", "utf-8"), Document("a:2", "y", "a.jsonl", "utf-8"), Document("b", "z", "b.txt", "big5")]
    p = provenance(docs, SCHEMA, {"name": "lexicon"}, date="2024-05-01T00:00:00+00:00")
    assert p["inputs"] == [
        {"path": "a.jsonl", "encoding": "utf-8", "documents": 2},
        {"path": "b.txt", "encoding": "big5", "documents": 1},
    ]
    assert p["schema"] == {"id": "alipay_social", "version": SCHEMA.version, "source": SCHEMA.source}
    assert p["model"] == {"name": "lexicon"}
    assert p["date"] == "2024-05-01T00:00:00+00:00"
    assert p["argmine"]


def test_top_terms_list_whole_cues_not_model_fragments():
    # "肿的" is a char n-gram of 臃肿的 that the model may show as evidence; the cue is 臃肿
    cu = classified_texts([("支付宝臃肿的身体", ["bloat"], [("bloat", "肿的", 3.0), ("bloat", "我们", 1.0)])])
    terms = [t["term"] for t in summarize(cu, SCHEMA)["themes"]["bloat"]["terms"]]
    assert terms == ["臃肿"]


def test_top_terms_keep_the_schemas_one_character_cues(tmp_path):
    import argmine

    p = tmp_path / "d.toml"
    p.write_text('[schema]\nid = "delivery"\n[[themes]]\nid = "price"\ncues = ["贵"]\n[[themes]]\nid = "speed"\ncues = ["慢"]\n',
                 encoding="utf-8")
    a = argmine.analyze([argmine.Document("a", "太贵了,送得也慢。今天下雨了。")], schema=p, model="lexicon")
    assert [t["term"] for t in a.themes["price"]["terms"]] == ["贵"]
    assert [t["term"] for t in a.themes["speed"]["terms"]] == ["慢"]


def test_top_terms_show_what_a_regex_cue_matched_and_keep_its_pattern():
    import tomllib

    from argmine.schema import parse_schema

    schema = parse_schema(tomllib.loads(
        '[schema]\nid = "ebike"\n[[themes]]\nid = "safety"\n'
        'cues = ["火灾", {term = "电池.{0,4}(起火|爆炸)", weight = 2, regex = true}]\n'), "<ebike>")
    cu = classified_texts([(t, ["safety"], []) for t in (
        "电池起火了。", "电池又起火,电池起火。", "电池突然爆炸。", "电池起火引发火灾。", "电池好好的。",
        "电池半夜起火", "电池夜里爆炸", "电池昨天又爆炸")])
    assert summarize(cu, schema)["themes"]["safety"]["terms"] == [
        # the texts it matched, most units first (a unit counts once), then in unit order; past three: …
        {"term": "电池起火 / 电池又起火 / 电池突然爆炸 / …", "pattern": "电池.{0,4}(起火|爆炸)", "units": 7, "negated": 0, "weight": 2.0},
        {"term": "火灾", "units": 1, "negated": 0, "weight": 1.0},
    ]


def test_provenance_groups_table_rows_by_file_whatever_their_kind(tmp_path):
    # --row-kind auto leaves kind unset: rows still count under their file, and a
    # text file whose name ends in ':<digits>' is not taken for a row
    from argmine.aggregate import provenance

    docs = [Document(f"t:{n}", "x", source=f"t.csv:{n}", encoding="utf-8", row=n) for n in (1, 2)]
    docs.append(Document("odd", "x", source="notes:7", encoding="utf-8"))
    p = provenance(docs, SCHEMA, date="2024-01-01")
    assert p["inputs"] == [
        {"path": "t.csv", "encoding": "utf-8", "documents": 2},
        {"path": "notes:7", "encoding": "utf-8", "documents": 1},
    ]


def test_meta_column_is_strict_json_for_units_without_metadata(tmp_path):
    import json

    import argmine

    pytest.importorskip("pandas")  # the [data] extra
    pytest.importorskip("datasets")

    (tmp_path / "rows.jsonl").write_text('{"id": "a", "text": "财不外露。", "user": "u1"}\n', "utf-8")
    a = argmine.analyze([tmp_path / "rows.jsonl", Document("z", "支付宝做社交是对的。")], model="lexicon")
    meta = a.to_pandas()["meta"].tolist()
    assert [json.loads(m) for m in meta] == [{"id": "a", "user": "u1"}, {}]
    assert a.to_dataset()["meta"] == meta
    assert "meta" not in argmine.analyze([Document("z", "财不外露。")], model="lexicon").to_pandas()  # no metadata: no column


@pytest.mark.parametrize("method, what", [("to_json", "the analysis JSON"), ("to_csv", "the summary CSV")])
def test_analysis_files_that_cannot_be_written_raise_report_error_naming_the_path(tmp_path, method, what):
    import argmine
    from argmine.errors import ReportError

    a = argmine.analyze([Document("d", "财不外露。")], model="lexicon")
    for path, reason in ((tmp_path, "Is a directory"), (tmp_path / "no_such_dir" / "a.out", "No such file or directory")):
        with pytest.raises(ReportError) as e:
            getattr(a, method)(path)
        assert str(e.value) == f"{path}: cannot write {what} ({reason}); pass a file path in an existing, writable directory"


@pytest.mark.parametrize("method", ["to_json", "to_csv", "write_report"])
def test_analysis_files_with_a_nul_in_the_path_raise_report_error_naming_it(tmp_path, method):
    import argmine
    from argmine.errors import ReportError
    from argmine.report import write_report

    a = argmine.analyze([Document("d", "财不外露。")], model="lexicon")
    write = (lambda p: write_report(a, p)) if method == "write_report" else getattr(a, method)
    with pytest.raises(ReportError) as e:
        write(f"{tmp_path}/out\0.txt")
    assert str(e.value) == f"{tmp_path}/out\\0.txt: cannot be used as a path (it holds a NUL character); pass another file path"
    assert os.listdir(tmp_path) == []


@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="needs /dev/full (every write fails: No space left on device)")
@pytest.mark.parametrize("method, what", [("to_json", "the analysis JSON"), ("to_csv", "the summary CSV")])
def test_analysis_files_on_a_full_disk_say_the_disk_is_full(method, what):
    import argmine
    from argmine.errors import ReportError

    a = argmine.analyze([Document("d", "财不外露。")], model="lexicon")
    with pytest.raises(ReportError) as e:
        getattr(a, method)("/dev/full")
    assert str(e.value) == (f"/dev/full: cannot write {what} (No space left on device); "
                            "the disk is full: free some space on it, or write to another disk")


def test_analyze_takes_a_hugging_face_checkpoint_folder_passed_as_the_schema_for_no_argmine_model(tmp_path):
    import json

    import argmine

    from argmine.types import Document

    ckpt = tmp_path / "bert"
    ckpt.mkdir()
    (ckpt / "config.json").write_text(json.dumps({"model_type": "bert", "architectures": ["BertModel"]}), "utf-8")
    with pytest.raises(SchemaError) as e:
        argmine.analyze(Document("d", "财不外露。"), str(ckpt), model="lexicon")
    assert "names a model" not in str(e.value), str(e.value)  # not an argmine model: the schema message is load_schema's
    model = tmp_path / "m"
    model.mkdir()
    (model / "config.json").write_text(json.dumps({"backend": "lexicon"}), "utf-8")
    with pytest.raises(SchemaError, match="names a model"):
        argmine.analyze(Document("d", "财不外露。"), str(model), model="lexicon")


def test_groups_with_the_same_units_get_the_same_interval():
    labels = ["positive"] * 30 + ["neutral"] * 20 + ["negative"] * 9
    units = make([(f"c{i % 3}", "comment", ["privacy"], s, {"privacy": 0.9}, []) for i, s in enumerate(labels)])
    units += make([("solo", "comment", ["bloat"], s, {"bloat": 0.9}, []) for s in labels])
    s = summarize(units, SCHEMA, seed=4)
    privacy, bloat = s["themes"]["privacy"], s["themes"]["bloat"]
    assert privacy["sentiment"]["ci95"][0] < privacy["sentiment"]["ci95"][1]
    # a comments-only input: the theme's overall row and its comment row are the same units
    assert privacy["sentiment"] == privacy["by_kind"]["comment"]["sentiment"]
    # a document whose units all carry one theme: the document and the theme's by_doc row
    assert s["documents"]["solo"]["sentiment"] == bloat["by_doc"]["solo"]["sentiment"] == privacy["sentiment"]


def test_summary_csv_has_a_document_row_for_every_document():
    import csv
    import io

    from argmine.aggregate import Analysis

    units = make([("d1", "comment", ["privacy"], "negative", {"privacy": 0.9}, []),
                  ("d1", "comment", [], "positive", {}, []),
                  ("all_other", "comment", [], "neutral", {}, [])])
    docs = [Document("d1", "x"), Document("all_other", "y"), Document("NA", "责任编辑：某")]
    s = summarize(units, SCHEMA, documents=docs)
    a = Analysis(units, SCHEMA, s, {})
    rows = [r for r in csv.DictReader(io.StringIO(a.to_csv())) if r["scope"] == "document"]
    assert [(r["theme"], r["group"], r["units"], r["sentiment_mean"]) for r in rows] == [
        ("", "d1", "2", "0.0"), ("", "all_other", "1", "0.0"), ("", "NA", "0", "")]
    assert (rows[0]["positive"], rows[0]["neutral"], rows[0]["negative"]) == ("1", "0", "1")


def test_summary_csv_guards_document_ids_a_spreadsheet_would_run_as_formulas():
    import csv
    import io

    from argmine.aggregate import Analysis

    ids = ['=HYPERLINK("http://evil.example","c9")', "-1", "@某人", "'+1", "a-1"]
    units = make([(d, "comment", ["privacy"], "negative", {"privacy": 0.9}, []) for d in ids])
    a = Analysis(units, SCHEMA, summarize(units, SCHEMA), {})
    rows = list(csv.DictReader(io.StringIO(a.to_csv())))
    assert [r["group"] for r in rows if r["scope"] == "document"] == [
        '\'=HYPERLINK("http://evil.example","c9")', "'-1", "'@某人", "''+1", "a-1"]
    assert {r["sentiment_mean"] for r in rows if r["scope"] == "document"} == {"-1.0"}  # numbers are not guarded


def test_table_marks_unanimity_from_the_counts_and_lines_up_the_means():
    from argmine.tables import _marks

    assert _marks({"positive": 0, "neutral": 2, "negative": 2, "ci95": [-0.5, -0.5]}) == "†"  # a zero-width interval of mixed labels
    assert _marks({"positive": 0, "neutral": 0, "negative": 3, "ci95": [-1.0, -1.0]}) == "†‡"
    import re

    from argmine.aggregate import Analysis

    specs = [("d", "comment", ["privacy"], "negative", {"privacy": 0.9}, [])] * 3  # †‡
    specs += [("d", "comment", ["bloat"], s, {"bloat": 0.9}, []) for s in ("negative", "negative", "neutral")]  # †
    specs += [("d", "comment", ["pro_social"], s, {"pro_social": 0.9}, []) for s in ["positive", "neutral"] * 6]  # no mark
    units = make(specs)
    a = Analysis(units, SCHEMA, summarize(units, SCHEMA), {"schema": {"id": "s", "version": 1}, "model": {"name": "hand"}})
    from rich.cells import cell_len

    text = a.table()
    themes, kinds = text.split("By kind")[0], text.split("By kind")[1].split("By document")[0]
    for table in (themes, kinds):  # the column where each mean starts (CJK counts 2); a by-kind interval has a line of its own
        where = {cell_len(line[: m.start()]) for line in table.splitlines()
                 if not line.lstrip().startswith("[") and (m := re.search(r" [+-]\d\.\d\d", line))}
        assert len(where) == 1, table


# --- QA round 33 (stats, service, clauses, environment) ----------------------------------------------------------------


def test_share_ci95_is_scipys_wilson_interval_for_every_small_count():
    # the closed form against scipy's binomtest, term for term; the normal quantile is scipy's
    from scipy.special import ndtri
    from scipy.stats import binomtest

    from argmine.aggregate import Z95, wilson_ci

    assert Z95 == float(ndtri(0.975))
    for n in range(1, 31):
        for k in range(n + 1):
            ci = binomtest(k, n).proportion_ci(confidence_level=0.95, method="wilson")
            assert wilson_ci(k, n) == pytest.approx((ci.low, ci.high), abs=1e-12), (k, n)
    assert wilson_ci(0, 0) is None


def test_share_ci95_is_in_every_group_and_null_where_the_share_is():
    s = summarize(TINY, SCHEMA)
    privacy = s["themes"]["privacy"]
    assert privacy["share_ci95"] == wilson_reference(3, 6)  # 3 of the 6 units with a theme
    assert privacy["by_kind"]["comment"]["share_ci95"] == wilson_reference(1, 3)
    assert privacy["by_doc"]["d1"]["share_ci95"] == wilson_reference(2, 3)
    other = s["themes"]["other"]
    assert other["share_ci95"] is None and other["by_kind"]["body"]["share_ci95"] is None  # no share: no interval
    no_theme = summarize(make([("d", "body", [], "neutral", {}, [])]), SCHEMA)["themes"]["privacy"]
    assert (no_theme["share"], no_theme["share_ci95"]) == (None, None)  # no argumentative unit: no denominator


def test_summary_csv_has_the_share_interval_columns():
    import csv
    import io

    from argmine.aggregate import Analysis

    a = Analysis(TINY, SCHEMA, summarize(TINY, SCHEMA), {})
    rows = list(csv.DictReader(io.StringIO(a.to_csv())))
    assert list(rows[0])[:8] == ["theme", "scope", "group", "units", "share", "share_all", "share_ci95_low", "share_ci95_high"]
    privacy = next(r for r in rows if (r["theme"], r["scope"]) == ("privacy", "all"))
    assert [float(privacy["share_ci95_low"]), float(privacy["share_ci95_high"])] == wilson_reference(3, 6)
    assert {(r["share_ci95_low"], r["share_ci95_high"]) for r in rows if r["theme"] in ("", "other")} == {("", "")}


def test_summary_writes_zero_not_negative_zero_for_a_mean_that_rounds_to_zero_from_below():
    # 20,001 neutral units and one negative: the mean -1/20002 rounds to -0.0, which JSON, CSV and pandas show as -0.0
    from argmine.aggregate import Analysis, _r

    assert str(_r(-1 / 20002)) == "0.0"
    units = make([("d", "comment", ["privacy"], "neutral", {"privacy": 0.9}, [])] * 20001
                 + [("d", "comment", ["privacy"], "negative", {"privacy": 0.9}, [])])
    a = Analysis.from_units(units, SCHEMA, date="2024-01-02")
    assert a.totals["sentiment"]["mean"] == 0.0
    assert "-0.0," not in a.to_json() and ",-0.0," not in a.to_csv()
    assert "-0.00 [" in a.table()  # the table's sign of a mean below zero stays, on purpose (docs/analyze.md)


def quotes(texts, theme="privacy", kind="comment"):
    """ClassifiedUnits of one text each (its own document), the first the most probable."""
    out = []
    for i, text in enumerate(texts):
        themes = (theme,) if theme != "other" else ()
        scores = {"privacy": 0.98 - i / 100} if theme != "other" else {"privacy": 0.02 + i / 100}
        out.append(ClassifiedUnit(Unit.from_source(text, doc=f"d{i}", n=1, start=0, end=len(text), kind=kind),
                                  Prediction(themes, scores, "negative", -1.0)))
    return out


def test_aggregate_examples_take_reposts_differing_in_final_punctuation_or_spaces_once():
    cus = quotes(["财不外露，我不敢在支付宝上晒", "财不外露，我不敢在支付宝上晒。", "财不外露，我不敢 在支付宝上晒！！",
                  "财不外露，我不敢在支付宝上晒~", "隐私会泄露，我很担心。", "手机号被公开了！"])
    ex = summarize(cus, SCHEMA)["themes"]["privacy"]["examples"]
    assert [e["id"] for e in ex] == ["d0#1", "d4#1", "d5#1"]


def test_other_quotes_prefer_units_of_six_characters_or_more():
    # furthest from every theme are the fillers (顶, 顶顶, 赞同楼上顶, 路过。。。); units that say something come first
    fillers = ["顶", "顶顶", "赞同楼上顶", "路过。。。"]
    said = ["今天天气不错，出去走走。", "这个功能我从来没用过。", "楼主说得对，我也这么想。"]
    ex = summarize(quotes(fillers + said, theme="other"), SCHEMA)["themes"]["other"]["examples"]
    assert [e["text"] for e in ex] == said  # highest score first
    # too few longer units: the best fillers fill the slots left, still highest score first
    ex = summarize(quotes(fillers + said[:1], theme="other"), SCHEMA)["themes"]["other"]["examples"]
    assert [e["text"] for e in ex] == ["顶", "顶顶", "今天天气不错，出去走走。"]
    # a theme's quotes are not held to it
    assert [e["text"] for e in summarize(quotes(["隐私!", "财不外露。"]), SCHEMA)["themes"]["privacy"]["examples"]] == ["隐私!", "财不外露。"]


def test_analyze_leaves_the_garbage_collector_on_and_nothing_frozen():
    # the collector is the process's: a host's other threads need it while analyze() runs (the CLI pauses it, in its own process)
    import gc

    import argmine

    seen = []

    def progress(items, **kwargs):
        for item in items:
            seen.append(gc.isenabled())
            yield item

    docs = [Document(f"d{i}", "支付宝做社交是对的。财不外露。" * 3) for i in range(300)]
    assert gc.isenabled() and gc.get_freeze_count() == 0
    a = argmine.analyze(docs, model="lexicon", progress=progress)
    assert a.totals["units"] > 512 and seen and all(seen)
    assert gc.isenabled() and gc.get_freeze_count() == 0  # what the run froze is given back


def test_analyze_leaves_the_objects_a_host_froze_frozen():
    import gc

    import argmine

    marker = [[]]  # an object of the host's, tracked by the collector
    gc.freeze()  # a server that froze its objects before forking workers
    try:
        argmine.analyze([Document(f"d{i}", "支付宝做社交是对的。" * 3) for i in range(200)], model="lexicon")
        assert not any(o is marker for o in gc.get_objects())  # still in the permanent generation: not unfrozen
    finally:
        gc.unfreeze()
    assert any(o is marker for o in gc.get_objects())


def test_analyze_records_no_granularity_for_units_that_came_segmented():
    import warnings

    import argmine
    from argmine.errors import InputWarning

    doc = Document("d", "支付宝做社交是对的，但是我不喜欢，因为隐私会泄露。财不外露。")
    clauses = argmine.segment([doc], granularity="clause")
    a = argmine.analyze(clauses, model="lexicon")
    assert a.provenance["settings"]["granularity"] is None  # not the 'sentence' keyword these units never used
    with pytest.warns(InputWarning, match=r"^granularity='clause' was not used: every input came already segmented"):
        a = argmine.analyze(clauses, model="lexicon", granularity="clause")
    assert a.provenance["settings"]["granularity"] is None
    with pytest.warns(InputWarning, match=rf"^{len(clauses)} units came already segmented, beside inputs analyze\(\) segmented as sentences"):
        a = argmine.analyze([*clauses, Document("e", "财不外露。")], model="lexicon")
    assert a.provenance["settings"]["granularity"] is None
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        a = argmine.analyze([doc, *argmine.segment([doc], granularity="clause")], model="lexicon", granularity="clause")
        b = argmine.analyze([doc], model="lexicon", granularity="clause")
    assert [str(w.message) for w in caught if "granularity" in str(w.message)] == []  # only "given again", counted once
    # units given with their own Document, segmented here too: their level is known
    assert a.provenance["settings"]["granularity"] == b.provenance["settings"]["granularity"] == "clause"


def test_provenance_date_honours_source_date_epoch(monkeypatch):
    import re
    import warnings

    import argmine
    from argmine.aggregate import provenance_date

    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    assert provenance_date() == "2023-11-14T22:13:20+00:00"
    a = argmine.analyze([Document("d", "财不外露。")], model="lexicon")
    assert a.provenance["date"] == "2023-11-14T22:13:20+00:00"
    assert argmine.analyze([Document("d", "财不外露。")], model="lexicon", date="2024-01-02").provenance["date"] == "2024-01-02"
    now = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+00:00$")
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "")
    assert now.match(provenance_date())  # empty: unset
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "yesterday-test")
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        assert now.match(provenance_date()) and now.match(provenance_date())
    assert [str(w.message) for w in caught] == [  # once
        "SOURCE_DATE_EPOCH='yesterday-test' is not a whole number of seconds since 1970-01-01 UTC (as 'date +%s' prints it), "
        "so provenance.date is the current time; set it to such a number, or unset it"]
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "99999999999999")  # a whole number, past the year 9999
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        assert now.match(provenance_date())
    assert [str(w.message) for w in caught] == [
        "SOURCE_DATE_EPOCH='99999999999999' is past the year 9999, so provenance.date is the current time; set it to a whole "
        "number of seconds since 1970-01-01 UTC (as 'date +%s' prints it), or unset it"]


@pytest.mark.parametrize("value, warned", [("", ""), ("abc", "SOURCE_DATE_EPOCH='abc' is not a whole number"),
                                           ("99999999999999999999", "SOURCE_DATE_EPOCH='99999999999999999999' is past the year 9999")])
def test_the_library_runs_the_default_model_with_a_source_date_epoch_numpy_cannot_read(value, warned):
    # numpy's f2py (imported with scipy, so by the default model) int()s SOURCE_DATE_EPOCH at import: argmine.analyze
    # raised its ValueError traceback, though an empty value is documented as unset and another as warned about
    import os
    import subprocess
    import sys

    code = ("import warnings, argmine\nwarnings.simplefilter('always')\n"
            "a = argmine.analyze([argmine.Document('d', '支付宝做社交，我担心隐私。')])\nprint(len(a.units))")
    res = subprocess.run([sys.executable, "-c", code], env={**os.environ, "SOURCE_DATE_EPOCH": value},
                         capture_output=True, text=True)
    assert (res.returncode, res.stdout) == (0, "1\n"), res.stderr
    assert (warned in res.stderr if warned else res.stderr == "") and "Traceback" not in res.stderr, res.stderr


def test_table_counts_one_dropped_span_in_the_singular():
    from argmine.aggregate import Analysis
    from argmine.types import Dropped

    a = Analysis.from_units(TINY, SCHEMA, dropped=[Dropped("d1", 0, 4, "展开全文", "expand", "expand link")], date="2024-01-02",
                            model={"name": "hand"})
    assert "; 1 span dropped (furniture, duplicates)" in a.table(width=200)


def test_table_shows_each_kinds_sentiment_interval_and_the_independence_caveat():
    from rich.cells import cell_len

    from argmine.aggregate import Analysis
    from argmine.tables import INDEPENDENCE_NOTE, signed

    units = make([("d", kind, ["privacy"], s, {"privacy": 0.9}, []) for kind in ("body", "comment")
                  for s in ["positive", "neutral", "negative", "negative"] * 4])
    a = Analysis.from_units(units, SCHEMA, date="2024-01-02", model={"name": "hand"})
    text = a.table()
    kinds = text.split("By kind")[1].split("By document")[0].splitlines()
    row = next(i for i, line in enumerate(kinds) if line.lstrip().startswith("privacy"))
    lo, hi = a.themes["privacy"]["by_kind"]["comment"]["sentiment"]["ci95"]
    assert f"[{signed(lo)}, {signed(hi)}]" in kinds[row + 1]  # the interval on the line under the mean, per kind
    assert kinds[row + 1].count("[") == 2
    assert f"  {INDEPENDENCE_NOTE}" in kinds
    assert max(cell_len(line) for line in text.splitlines()) <= 80


def test_meta_column_writes_keys_of_mixed_types_and_tuple_keys():
    # a headerless CSV read with pandas has int column names beside the renamed ones, a MultiIndex has tuples:
    # to_pandas()/to_dataset() raised a bare TypeError from json (mixed keys cannot be sorted, a tuple is no JSON key)
    import json

    import argmine
    from argmine.aggregate import _meta_json

    pytest.importorskip("pandas")  # the [data] extra
    pytest.importorskip("datasets")

    docs = [Document("a", "财不外露。", meta={"likes": 3, 2: "weibo"}),
            Document("b", "支付宝做社交是对的。", meta={("post", "likes"): 5, "nested": {1: "x", "y": [{None: True}]}})]
    a = argmine.analyze(docs, model="lexicon")
    meta = a.to_pandas()["meta"].tolist()
    assert [json.loads(m) for m in meta] == [{"2": "weibo", "likes": 3},
                                             {"('post', 'likes')": 5, "nested": {"1": "x", "y": [{"null": True}]}}]
    assert a.to_dataset()["meta"] == meta
    # string keys (and keys json writes itself) are written as before
    assert _meta_json({"b": 1, "a": float("nan")}) == '{"a": null, "b": 1}'
    assert _meta_json({2: "x", 1: "y"}) == json.dumps({2: "x", 1: "y"}, sort_keys=True) == '{"1": "y", "2": "x"}'


def test_provenance_settings_record_no_such_column_as_null_however_it_was_spelt(tmp_path):
    # the CLI passes --id-field none as the string 'none', the library None: provenance.settings differed ("none" / null)
    import argmine
    from argmine.read import ReadOptions

    (tmp_path / "c.csv").write_text("text,id\n财不外露。,x1\n", encoding="utf-8")
    assert ReadOptions(id_field="none", kind_field=" NONE ").id_field is None
    assert ReadOptions(id_field="none", kind_field=" NONE ").kind_field is None
    runs = [argmine.analyze([tmp_path / "c.csv"], model="lexicon", id_field=spelling, kind_field=spelling)
            for spelling in (None, "none", "None")]
    assert [(r.provenance["settings"]["id_field"], r.provenance["settings"]["kind_field"]) for r in runs] == [(None, None)] * 3
    assert {r.units[0].unit.id for r in runs} == {"c:1#1"}  # no id column: the row number, each time


@pytest.mark.parametrize("date", ["yesterday", "", "2024-13-01", " 2024-01-02"])
def test_analyze_refuses_a_date_that_is_no_iso_date(date):
    # any string was recorded as the run's date, and "" silently meant now
    import argmine

    with pytest.raises(ValueError) as e:
        argmine.analyze([Document("a", "财不外露。")], model="lexicon", date=date)
    assert str(e.value) == ("date must be an ISO 8601 date or date and time, such as '2024-01-02' or "
                            f"'2024-01-02T10:30:00+08:00' (or None for now), not {date!r}")


@pytest.mark.parametrize("date", ["2024-01-02", "2024-01-02T10:30:00+08:00", "2024-01-02 10:30:00"])
def test_analyze_records_an_iso_date_as_given(date):
    import inspect

    import argmine

    assert argmine.analyze([Document("a", "财不外露。")], model="lexicon", date=date).provenance["date"] == date
    assert inspect.signature(argmine.analyze).parameters["workers"].annotation == "int | str | None"  # "auto" is taken


LONG_IDS_SCHEMA = """
[schema]
id = "ret"
[[themes]]
id = "pension_gap"
cues = ["养老金"]
[[themes]]
id = "health_burden"
cues = ["身体"]
[[themes]]
id = "youth_jobs"
cues = ["年轻人"]
[[themes]]
id = "flexible_choice"
cues = ["弹性"]
[sentiment]
positive = ["支持"]
negative = ["反对"]
"""


@pytest.mark.parametrize("width", [100, 80, 72])
def test_by_document_table_breaks_long_theme_ids_after_an_underscore_not_mid_word(tmp_path, width):
    import argmine

    p = tmp_path / "ret.toml"
    p.write_text(LONG_IDS_SCHEMA, "utf-8")
    docs = [argmine.Document("article1", "养老金不够。身体吃不消。"), argmine.Document("article2", "年轻人找工作难，支持弹性退休。")]
    text = argmine.analyze(docs, schema=p, model="lexicon").table(width=width)
    lines = text.split("By document")[1].split("Top cue terms")[0].splitlines()
    head = [line for line in lines[:lines.index(next(line for line in lines if "───" in line))] if line.strip()]
    words = " ".join(head).split()
    # each id whole on one header line, or broken after a '_' into its two halves (flexible_ / choice)
    for tid in ("pension_gap", "health_burden", "youth_jobs", "flexible_choice"):
        cut = tid.index("_") + 1
        assert tid in words or (tid[:cut] in words and tid[cut:] in words), (tid, head)
    assert all(len(line) <= width for line in lines)
    assert "article1" in text and "article2" in text


def test_meta_keys_written_alike_keep_both_values():
    # {"2": "x", 2: "y"}: both keys are written "2", and one value was silently dropped
    import json

    from argmine.aggregate import _meta_json

    assert json.loads(_meta_json({"2": "x", 2: "y", "likes": 3})) == {"2": "x", "2 (int)": "y", "likes": 3}
    assert json.loads(_meta_json({None: 1, "null": 2, True: 3, "true": 4})) == {"null": 2, "null (NoneType)": 1,
                                                                                 "true": 4, "true (bool)": 3}
    assert json.loads(_meta_json({"n": {"1": "a", 1: "b", "1 (int)": "c"}})) == {"n": {"1": "a", "1 (int)": "c", "1 (int) 2": "b"}}


@pytest.mark.parametrize("day,recorded", [
    ("date", "2024-01-02"),
    ("datetime", "2024-01-02T10:30:00+08:00"),
    ("naive", "2024-01-02T10:30:00"),
])
def test_analyze_date_takes_a_date_or_datetime_as_its_isoformat(day, recorded):
    import datetime as dt

    import argmine

    value = {"date": dt.date(2024, 1, 2), "naive": dt.datetime(2024, 1, 2, 10, 30),
             "datetime": dt.datetime(2024, 1, 2, 10, 30, tzinfo=dt.timezone(dt.timedelta(hours=8)))}[day]
    a = argmine.analyze([Document("d", "财不外露。")], model="lexicon", date=value)
    assert a.provenance["date"] == recorded
    assert json_roundtrip(a.to_json())["provenance"]["date"] == recorded
    assert argmine.Analysis.from_units(a.units, SCHEMA, date=value).provenance["date"] == recorded
    with pytest.raises(TypeError, match="a datetime.date or datetime.datetime"):
        argmine.analyze([Document("d", "财不外露。")], model="lexicon", date=20240102)


def json_roundtrip(text):
    import json

    return json.loads(text)


def _by_document_header(table: str) -> list[str]:
    lines = table.splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("By document"))
    top = next(i for i in range(start, len(lines)) if not lines[i].strip())  # the table's blank top edge, after the title
    rule = next(i for i in range(top, len(lines)) if set(lines[i].strip()) == {"─"})
    return lines[top + 1:rule]


@pytest.mark.parametrize("width", range(50, 101, 5))
def test_by_document_table_breaks_a_theme_id_only_after_an_underscore(width):
    # at width 60 the default schema's ids showed as privac / y and pro_ / social: rich squeezed the columns
    import argmine
    from argmine.tables import _broken_id

    docs = [Document("000_56ce5e623d6356aa", "支付宝做社交是对的。隐私都暴露了。"), Document("001_fafd8bc40fb", "太臃肿了。")]
    a = argmine.analyze(docs, model="lexicon")
    table = a.table(width=width)
    pieces = {p for tid in [*SCHEMA.theme_ids, "other"] for p in [tid, *_broken_id(tid)]} | {"All", "Mean"}
    for word in " ".join(_by_document_header(table)).split():
        assert word in pieces or word in "Document", (width, word, table)
    if width >= 60:  # wide enough for every piece and a Document column: within the width
        assert max(map(len, table.splitlines())) <= width
