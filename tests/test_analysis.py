"""The Analysis object: exports (JSON, CSV, pandas, datasets), text tables, and argmine.analyze()."""

from __future__ import annotations

import json
import unicodedata

import numpy as np
import pytest

import argmine
from argmine.aggregate import Analysis
from argmine.backends.base import Evidence, Prediction
from argmine.classify import ClassifiedUnit
from argmine.errors import InputError
from argmine.schema import load_schema
from argmine.types import Document, Dropped, Unit

SCHEMA = load_schema()
TEXT = "支付宝做社交是对的。财不外露,[bold]隐私[/bold]很重要!支付宝现在功能太多了,变成了阿里巴巴产品导航,我只想要一个安安静静的钱包而已。今天天气不错。"
DOC = Document("长长的文档名字_0123456789abcdef", TEXT, source="a.txt", encoding="gb18030")


def cells(line: str) -> int:
    """Terminal width of a line: East Asian wide/full-width characters take two columns."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in line)


def classified(doc: Document = DOC) -> list[ClassifiedUnit]:
    cuts = [0, 10, 30, len(TEXT) - 7, len(TEXT)]
    labels = [
        (("pro_social",), {"pro_social": 0.91}, "positive", 0.8, (Evidence("pro_social", "是对的", 1.2),)),
        (("privacy",), {"privacy": 0.87}, "negative", -0.6, (Evidence("privacy", "财不外露", 2.0), Evidence("privacy", "隐私", 1.0))),
        (("bloat", "brand_fit"), {"bloat": 0.95, "brand_fit": 0.7}, "negative", -0.9, (Evidence("bloat", "功能太多", 1.5),)),
        ((), {"pro_social": 0.05}, "neutral", 0.0, ()),
    ]
    out = []
    for n, ((s, e), (themes, scores, sent, score, ev)) in enumerate(zip(zip(cuts, cuts[1:]), labels), 1):
        kind = "comment" if n > 2 else "body"
        u = Unit.from_source(doc.text, doc=doc.id, n=n, start=s, end=e, kind=kind)
        out.append(ClassifiedUnit(u, Prediction(themes, scores, sent, score, ev)))
    return out


@pytest.fixture
def analysis() -> Analysis:
    dropped = [Dropped(DOC.id, 0, 0, "", "login_prompt", "login form")]
    return Analysis.from_units(
        classified(), SCHEMA, documents=[DOC], dropped=dropped, model={"name": "hand-made"}, date="2024-01-02T03:04:05+00:00"
    )


def test_analysis_to_dict_has_the_documented_keys(analysis, tmp_path_factory):
    d = json.loads(analysis.to_json())
    path = tmp_path_factory.mktemp("json") / "a.json"
    assert analysis.to_json(path) is None
    assert json.loads(path.read_text("utf-8")) == d
    assert set(d) == {"provenance", "totals", "documents", "themes", "errors"}
    assert list(d["themes"]) == list(SCHEMA.theme_ids) + ["other"]
    for entry in d["themes"].values():
        assert {"units", "share", "share_ci95", "sentiment", "by_kind", "by_doc", "examples"} <= set(entry)
        assert set(entry["sentiment"]) == {"mean", "ci95", "positive", "neutral", "negative"}
        for group in [*entry["by_kind"].values(), *entry["by_doc"].values()]:
            assert {"units", "share", "share_all", "share_ci95", "sentiment"} <= set(group)
            assert (group["share_ci95"] is None) == (group["share"] is None)
    assert d["provenance"]["inputs"] == [{"path": "a.txt", "encoding": "gb18030", "documents": 1}]
    assert d["provenance"]["model"] == {"name": "hand-made"}
    assert d["provenance"]["date"] == "2024-01-02T03:04:05+00:00"
    assert d["totals"]["dropped"] == {"spans": 1, "by_rule": {"login_prompt": 1}}
    assert d["themes"]["bloat"]["examples"][0]["text"] == TEXT[30 : len(TEXT) - 7]


def test_analysis_to_csv_has_a_row_per_theme_scope_and_group(analysis):
    import csv
    import io

    rows = list(csv.DictReader(io.StringIO(analysis.to_csv())))
    # 5 buckets x (all + 2 kinds + 1 document), then 1 document row
    assert len(rows) == 5 * 4 + 1
    privacy = next(r for r in rows if r["theme"] == "privacy" and r["scope"] == "all")
    assert (privacy["units"], privacy["share"], privacy["sentiment_mean"]) == ("1", "0.3333", "-1.0")
    other = next(r for r in rows if r["theme"] == "other" and r["scope"] == "all")
    assert other["share"] == ""


def test_analysis_to_pandas_gives_one_row_per_unit(analysis):
    pytest.importorskip("pandas")  # the [data] extra
    df = analysis.to_pandas()
    assert len(df) == len(analysis.units) == 4
    assert list(df.columns) == [
        "id", "doc", "start", "end", "text", "kind", "themes",
        *(f"score_{t}" for t in SCHEMA.theme_ids),
        "sentiment", "sentiment_score", "confidence", "evidence",
    ]
    for row in df.itertuples():
        assert row.text == TEXT[row.start : row.end]
    assert df.loc[2, "themes"] == ["bloat", "brand_fit"]
    assert df.loc[2, "score_bloat"] == 0.95
    assert df.loc[3, "score_privacy"] == 0.0
    assert df["start"].dtype == "int64"


def test_analysis_to_dataset_round_trips_through_parquet(analysis, tmp_path):
    pytest.importorskip("datasets")  # the [data] extra
    from datasets import Dataset

    ds = analysis.to_dataset()
    assert ds.num_rows == 4
    path = tmp_path / "units.parquet"
    ds.to_parquet(str(path))
    back = Dataset.from_parquet(str(path), cache_dir=str(tmp_path / "cache"))
    assert back.features == ds.features
    assert back.to_list() == ds.to_list()
    assert back[1]["evidence"] == [
        {"label": "privacy", "term": "财不外露", "weight": 2.0},
        {"label": "privacy", "term": "隐私", "weight": 1.0},
    ]


def test_analysis_to_dataset_of_no_units_is_still_typed():
    pytest.importorskip("datasets")  # the [data] extra
    ds = Analysis.from_units([], SCHEMA).to_dataset()
    assert ds.num_rows == 0
    assert ds.features["themes"].feature.dtype == "string"
    assert ds.features["score_privacy"].dtype == "float64"


def test_analysis_table_fits_80_columns_with_cjk_and_long_ids(analysis):
    out = analysis.table()
    lines = out.splitlines()
    assert max(cells(line) for line in lines) <= 80
    assert "支持社交化 pro_social" in out
    # Input text is shown as text, never read as rich markup.
    assert "[bold]隐私[/bold]" in out
    assert "长长的文档名字_0123456789abcdef" in "".join(out.split())
    # The long bloat quote is cut with an ellipsis after two lines.
    bloat = out[out.index("功能臃肿 bloat") :]
    assert "…" in bloat.splitlines()[3] or len(TEXT[30:-7]) * 2 <= 75 * 2


def test_analysis_table_fits_narrow_terminals(analysis):
    for width in (60, 100):
        assert max(cells(line) for line in analysis.table(width=width).splitlines()) <= width


def test_analysis_table_lists_at_most_max_docs_and_says_so():
    docs = [Document(f"d{i}", "财不外露。" * (i + 1)) for i in range(5)]
    units = []
    for d in docs:
        for k in range(len(d.text) // 5):
            u = Unit.from_source(d.text, doc=d.id, n=k + 1, start=5 * k, end=5 * k + 5, kind="body")
            units.append(ClassifiedUnit(u, Prediction(("privacy",), {"privacy": 0.9}, "negative", -1.0)))
    out = Analysis.from_units(units, SCHEMA, documents=docs).table(max_docs=2)
    assert "the 2 largest of 5" in out
    listed = [line.split()[0] for line in out.splitlines() if line.startswith(" d")]
    assert listed == ["d4", "d3"]


# --- argmine.analyze: the real pipeline (read, segment, classify) with the lexicon backend


def test_analyze_documents_with_lexicon_keeps_offsets_and_counts():
    a = argmine.analyze([Document("d", "财不外露。支付宝做社交是对的。现在的支付宝功能太多了。")], model="lexicon")
    assert len(a.units) == a.totals["units"] == 3
    for cu in a.units:
        assert cu.unit.text == a.documents[0].text[cu.unit.start : cu.unit.end]
    assert sum(e["units"] for e in a.themes.values()) >= len(a.units)
    assert a.provenance["model"]["name"] == "lexicon"
    assert a.provenance["schema"]["id"] == "alipay_social"


def test_analyze_accepts_paths_documents_and_units_alike(tmp_path):
    text = "财不外露。支付宝做社交是对的。"
    (tmp_path / "p.txt").write_text(text, encoding="utf-8")
    from_path = argmine.analyze(tmp_path / "p.txt", model="lexicon")
    from_doc = argmine.analyze([Document("p", text)], model="lexicon")
    from_units = argmine.analyze(argmine.segment([Document("p", text)]), model="lexicon")
    rows = lambda a: [cu.to_row() for cu in a.units]  # noqa: E731
    assert rows(from_path) == rows(from_doc) == rows(from_units)
    assert from_path.provenance["inputs"][0]["encoding"] == "utf-8"
    assert from_units.documents == []


def test_analyze_reports_a_bad_file_and_goes_on(tmp_path):
    (tmp_path / "good.txt").write_text("财不外露。", encoding="utf-8")
    (tmp_path / "empty.txt").write_bytes(b"")
    seen = []
    a = argmine.analyze([tmp_path / "good.txt", tmp_path / "empty.txt"], model="lexicon", on_error=seen.append)
    assert a.totals["units"] == 1
    assert len(seen) == 1 and isinstance(seen[0], InputError)
    assert "empty.txt" in str(seen[0])
    assert a.to_dict()["errors"] == [str(seen[0])]
    with pytest.raises(InputError, match="empty.txt"):
        argmine.analyze([tmp_path / "empty.txt"], model="lexicon")


def test_analyze_rejects_other_input_types():
    with pytest.raises(TypeError, match="analyze\\(\\) takes paths, Documents, Units"):
        argmine.analyze([42], model="lexicon")


SECOND_SCHEMA = """
[schema]
id = "cats"
version = "2"
target = "cats as pets"

[[themes]]
id = "cute"
name_zh = "可爱"
name_en = "cute"
cues = ["可爱", "萌"]

[[themes]]
id = "allergy"
name_zh = "过敏"
name_en = "allergy"
cues = ["过敏", "打喷嚏"]

[[themes]]
id = "cost"
name_zh = "花费"
name_en = "cost"
cues = ["猫粮", "很贵"]

[sentiment]
positive = ["喜欢", "可爱"]
negative = ["讨厌", "很贵"]
"""


def test_analyze_with_another_schema_uses_only_its_themes(tmp_path):
    path = tmp_path / "cats.toml"
    path.write_text(SECOND_SCHEMA, encoding="utf-8")
    doc = Document("c", "小猫太可爱了,我喜欢。猫粮很贵。我一靠近猫就打喷嚏。今天下雨。")
    a = argmine.analyze([doc], schema=path, model="lexicon")
    assert list(a.themes) == ["cute", "allergy", "cost", "other"]
    assert a.themes["cute"]["units"] == 1
    assert a.themes["allergy"]["units"] == 1
    assert a.themes["cost"]["units"] == 1
    assert a.themes["other"]["units"] == 1
    assert a.provenance["schema"]["id"] == "cats"
    assert max(cells(line) for line in a.table().splitlines()) <= 80


@pytest.mark.parametrize("first", ["argmine.types", "argmine.read"])
def test_stage_functions_survive_any_submodule_import_order(first):
    # A fresh interpreter: which submodule comes first decides what argmine's namespace holds.
    import subprocess
    import sys

    code = (f"import argmine, {first}, argmine.types, argmine.normalize, argmine.segment, argmine.read, argmine.classify\n"
            "assert all(callable(getattr(argmine, n)) for n in ('read', 'segment', 'classify', 'analyze'))\n"
            "print(argmine.read(['corpora/'])[0].id)")
    out = subprocess.run([sys.executable, "-W", "error::ImportWarning", "-c", code], capture_output=True, text=True, cwd=str(__import__('pathlib').Path(__file__).parents[1]))
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "000_56ce5e623d6356aa"


def test_document_with_a_lone_surrogate_is_refused_when_built():
    # no UTF-8 output could hold it: JSON, CSV, the report and datasets would all fail on writing
    with pytest.raises(ValueError, match=r"Document text holds an unpaired UTF-16 surrogate \(\\ud800 at character 3\)"):
        Document("d", "支付宝\ud800做社交是对的。")
    with pytest.raises(ValueError, match="Document id holds"):
        Document("d\udc00", "好。")


@pytest.mark.parametrize("doc, unit, column", [
    (Document("d", "支付宝做社交是对的。", meta={"author": "小明\ud83d"}), "d#1", "meta"),
])
def test_to_dataset_names_the_unit_and_column_holding_a_lone_surrogate(doc, unit, column):
    pytest.importorskip("datasets")  # the [data] extra
    a = argmine.analyze([doc], model="lexicon")
    with pytest.raises(InputError) as e:
        a.to_dataset()
    assert str(e.value) == (
        f"unit {unit}: {column} holds an unpaired UTF-16 surrogate (half of a character such as an emoji), which Arrow "
        "strings cannot store; replace it before analysing, e.g. re.sub('[\\ud800-\\udfff]', '\\ufffd', text)"
    )


def test_analysis_meta_with_numpy_and_timestamps_serialises():
    pytest.importorskip("pandas")  # the [data] extra
    import numpy as np
    import pandas as pd

    meta = {"likes": np.int64(3), "score": np.float32(0.5), "date": pd.Timestamp("2016-11-27")}
    a = argmine.analyze([Document("c1", "财不外露。", meta=meta)], model="lexicon")
    assert json.loads(a.to_pandas().loc[0, "meta"]) == {"likes": 3, "score": 0.5, "date": "2016-11-27 00:00:00"}
    assert json.loads(a.to_dataset()[0]["meta"])["likes"] == 3


def test_analyze_documents_sharing_an_id_are_kept_apart():
    docs = [Document("a", "支付宝做社交是对的。", source="x.txt"), Document("a", "财不外露。", source="y.txt"),
            Document("a", "功能太多了。", source="z.txt")]
    a = argmine.analyze(docs, model="lexicon")
    assert [cu.unit.id for cu in a.units] == ["a#1", "a~2#1", "a~3#1"]
    assert a.totals["documents"] == 3
    assert {k: v["source"] for k, v in a.summary["documents"].items()} == {"a": "x.txt", "a~2": "y.txt", "a~3": "z.txt"}
    assert [d.id for d in docs] == ["a", "a", "a"]  # the caller's Documents are not changed


def test_analyze_renames_a_document_to_a_free_id_not_one_the_reader_gave(tmp_path):
    for sub in ("d1", "d2"):
        (tmp_path / sub).mkdir()
        (tmp_path / sub / "a.txt").write_text("财不外露。", encoding="utf-8")
    a = argmine.analyze([tmp_path / "d1" / "a.txt", tmp_path / "d2" / "a.txt", Document("a", "支付宝不该做社交。")], model="lexicon")
    assert [d.id for d in a.documents] == ["a", "a~2", "a~3"]
    assert [cu.unit.id for cu in a.units] == ["a#1", "a~2#1", "a~3#1"]
    assert list(a.summary["documents"]) == ["a", "a~2", "a~3"]


def test_analyze_segmented_document_sharing_an_id_is_renamed():
    from argmine.errors import InputWarning

    seg = next(argmine.iter_segmented([Document("a", "财不外露。")]))
    with pytest.warns(InputWarning, match="came already segmented"):  # its level is unknown: the provenance has none
        a = argmine.analyze([Document("a", "支付宝做社交是对的。"), seg], model="lexicon")
    assert [(cu.unit.id, cu.unit.doc) for cu in a.units] == [("a#1", "a"), ("a~2#1", "a~2")]


@pytest.mark.parametrize(
    "kwargs,message",
    [
        ({"seed": -1}, "seed must be an integer >= 0, found -1"),
        ({"n_boot": 0}, "n_boot must be an integer >= 100, found 0; fewer resamples give no meaningful 95% interval"),
        ({"n_boot": 99}, "n_boot must be an integer >= 100, found 99; fewer resamples give no meaningful 95% interval"),
        ({"n_examples": -1}, "n_examples must be an integer >= 0, found -1"),
        ({"granularity": "word"}, "granularity must be one of: sentence, clause; found 'word'"),
    ],
)
def test_analyze_bad_settings_are_a_clear_value_error(kwargs, message):
    with pytest.raises(ValueError) as e:
        argmine.analyze([Document("d", "财不外露。")], model="lexicon", **kwargs)
    assert str(e.value) == message


@pytest.mark.parametrize("kwargs", [{"seed": np.int64(3)}, {"n_boot": np.int64(200)}, {"seed": np.uint32(3), "n_boot": np.int32(200)}])
def test_analyze_numpy_integer_settings_are_kept_as_ints_so_the_analysis_is_json(kwargs):
    a = argmine.analyze([Document("d", "财不外露。")], model="lexicon", **kwargs)
    settings = json.loads(a.to_json())["provenance"]["settings"]
    assert {k: settings[k] for k in kwargs} == {k: int(v) for k, v in kwargs.items()}
    assert all(type(a.to_dict()["provenance"]["settings"][k]) is int for k in kwargs)


def test_analyze_zero_examples_gives_none():
    a = argmine.analyze([Document("d", "财不外露。隐私很重要。")], model="lexicon", n_examples=0)
    assert all(e["examples"] == [] for e in a.themes.values())


def test_analysis_of_no_units_has_typed_pandas_columns():
    pytest.importorskip("pandas")  # the [data] extra
    df = argmine.analyze([], model="lexicon").to_pandas()
    assert len(df) == 0
    assert df.text.str.len().tolist() == []
    for c in ("id", "doc", "text", "kind", "sentiment"):
        assert df[c].dtype == argmine.analyze([Document("d", "财不外露。")], model="lexicon").to_pandas()[c].dtype
    assert df["score_privacy"].dtype == "float64" and df["start"].dtype == "int64"


def test_analyze_not_iterable_and_summarize_of_units_are_type_errors():
    with pytest.raises(TypeError, match=r"analyze\(\) takes paths, Documents, Units .*not int"):
        argmine.analyze(42, model="lexicon")
    units = argmine.segment([Document("d", "财不外露。")])
    with pytest.raises(TypeError, match=r"summarize\(\) takes ClassifiedUnits \(from argmine.classify\), not Unit"):
        Analysis.from_units(units, SCHEMA)


def test_classify_rejects_texts_and_loads_the_model_when_called(tmp_path):
    from argmine.errors import ModelError

    with pytest.raises(TypeError, match=r"classify\(\) takes Units \(from argmine.segment\), not str"):
        list(argmine.classify(["财不外露。"], model="lexicon"))
    with pytest.raises(TypeError, match=r"classify\(\) takes Units"):
        argmine.classify("财不外露。", model="lexicon")
    with pytest.raises(ModelError, match="not a model directory"):
        argmine.classify([], model=tmp_path / "nope")  # no iteration needed
    unit = argmine.segment([Document("d", "财不外露。")])[0]
    assert [c.unit.id for c in argmine.classify(unit, model="lexicon")] == ["d#1"]


def test_alignment_error_is_exported():
    from argmine.errors import AlignmentError

    assert argmine.AlignmentError is AlignmentError and "AlignmentError" in argmine.__all__


def test_analyze_checks_reader_options_even_without_paths_and_merges_them_with_options(tmp_path):
    from argmine.read import ReadOptions

    with pytest.raises(TypeError, match="text_fild"):
        argmine.analyze([Document("d", "好。")], text_fild="body", model="lexicon")
    (tmp_path / "a.jsonl").write_text('{"body": "财不外露。"}\n', encoding="utf-8")
    a = argmine.analyze([tmp_path], options=ReadOptions(), text_field="body", model="lexicon")
    assert [cu.unit.text for cu in a.units] == ["财不外露。"]


def test_analysis_table_shows_each_kinds_units_with_a_theme_and_marks_small_or_unanimous_groups(analysis):
    out = analysis.table(width=200)
    # body: units 1-2, both with a theme; comment: units 3-4, one with a theme (the share's denominator)
    assert "body (2 units, 2 with a theme)" in out and "comment (2 units, 1 with a theme)" in out
    privacy = next(line for line in out.splitlines() if line.lstrip().startswith("隐私与安全担忧 privacy"))
    assert "-1.00 [-1.00, -1.00]†‡" in privacy  # one unit: small and unanimous
    assert "† fewer than 10 units: weigh the mean and interval by the count" in out
    assert "‡ all units have the same label, so the interval has zero width" in out


def test_analysis_table_leaves_large_mixed_groups_unmarked():
    text = "支付宝做社交。"
    cu = [
        ClassifiedUnit(Unit.from_source(text, doc="d", n=n, start=0, end=len(text), kind="body"),
                       Prediction(("pro_social",), {"pro_social": 0.9}, sentiment, 0.0))
        for n, sentiment in enumerate(["positive", "negative", "neutral"] * 4)
    ]
    out = Analysis.from_units(cu, SCHEMA, date="2024-01-02").table()
    assert "†" not in out and "‡" not in out


def test_analyze_records_the_reader_options_in_provenance(tmp_path):
    (tmp_path / "c.csv").write_text("cid,content,type\n1,财不外露。,评论\n", encoding="gb18030")
    a = argmine.analyze([tmp_path], text_field="content", id_field="cid", kind_field="type", row_kind="auto",
                        encoding="gb18030", include="*.csv", model="lexicon", granularity="clause", date="2024-01-02")
    assert a.provenance["settings"] == {
        "seed": 0, "n_boot": 2000, "granularity": "clause", "input_format": "auto", "encoding": "gb18030",
        "text_field": "content", "id_field": "cid", "kind_field": "type", "row_kind": "auto",
        "include": ["*.csv"], "exclude": ["README*", "readme*"],
    }


def _strict_json(text):
    def refuse(constant):
        raise ValueError(f"not JSON: {constant}")

    return json.loads(text, parse_constant=refuse)


def test_analysis_meta_writes_nan_and_infinity_as_null():
    pytest.importorskip("pandas")  # the [data] extra
    pytest.importorskip("datasets")  # the [data] extra
    import numpy as np

    import pandas as pd

    # pandas' missing values too ("NaT" and "<NA>" were written as text)
    meta = {"likes": float("nan"), "views": float("inf"), "rank": np.float32("-inf"), "n": [1, float("nan")], "ok": 2.5,
            "posted": pd.NaT, "shares": pd.NA, "seen": np.datetime64("NaT"), "day": pd.Timestamp("2024-01-02")}
    a = argmine.analyze([Document("c1", "财不外露。", meta=meta)], model="lexicon")
    expected = {"likes": None, "views": None, "rank": None, "n": [1, None], "ok": 2.5,
                "posted": None, "shares": None, "seen": None, "day": "2024-01-02 00:00:00"}
    assert _strict_json(a.to_pandas().loc[0, "meta"]) == expected
    assert _strict_json(a.to_dataset()[0]["meta"]) == expected


def test_analysis_of_no_units_has_object_list_columns():
    pytest.importorskip("pandas")  # the [data] extra
    df = argmine.analyze([], model="lexicon").to_pandas()
    assert df["themes"].dtype == object and df["evidence"].dtype == object


def test_analysis_to_json_and_to_csv_refuse_a_number_for_a_path(analysis):
    # to_json(2) once meant indent=2; as a path it would write into file descriptor 2
    for method in (analysis.to_json, analysis.to_csv):
        with pytest.raises(TypeError, match="takes a file path, not int"):
            method(2)


@pytest.mark.parametrize("method", ["to_json", "to_csv"])
def test_analysis_writer_given_an_open_file_appends_to_it_as_the_shells_append_asks(analysis, tmp_path, method):
    log = tmp_path / "app.log"
    log.write_text("PREVIOUS LINE\n", encoding="utf-8")
    with open(log, "a", encoding="utf-8") as appended:  # what `python script.py >> app.log` hands /dev/stdout
        assert getattr(analysis, method)(f"/dev/fd/{appended.fileno()}") is None
    assert log.read_text("utf-8") == "PREVIOUS LINE\n" + getattr(analysis, method)() + ("\n" if method == "to_json" else "")


def test_analysis_to_json_to_dev_stdout_of_a_script_appended_to_a_log_keeps_the_log(tmp_path):
    import os
    import subprocess
    import sys

    code = ("import argmine; a = argmine.analyze([argmine.Document('d', '财不外露。')], model='lexicon'); "
            "print('printed first'); a.to_json('/dev/stdout'); a.to_csv('/dev/stdout')")
    log = tmp_path / "app.log"
    log.write_text("PREVIOUS LINE\n", encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if k != "PYTHONUNBUFFERED"}  # print() into a file is then held in a buffer
    with open(log, "a", encoding="utf-8") as appended:  # python script.py >> app.log
        subprocess.run([sys.executable, "-c", code], stdout=appended, check=True, env=env)
    text = log.read_text("utf-8")
    assert text.startswith("PREVIOUS LINE\nprinted first\n{\n")  # print() comes first: its buffer is flushed before
    assert '"provenance"' in text and text.endswith("\n") and "theme,scope,group," in text


def test_analysis_to_json_leaves_the_previous_file_when_it_fails(analysis, tmp_path, monkeypatch):
    path = tmp_path / "a.json"
    path.write_text("PREVIOUS\n", encoding="utf-8")
    monkeypatch.setattr(analysis, "to_dict", lambda: 1 / 0)
    with pytest.raises(ZeroDivisionError):
        analysis.to_json(path)
    assert path.read_text("utf-8") == "PREVIOUS\n" and [f.name for f in tmp_path.iterdir()] == ["a.json"]


def test_to_dict_is_a_copy_the_caller_may_edit(analysis):
    before, table = analysis.to_json(), analysis.table()
    d = analysis.to_dict()
    for t in d["themes"].values():
        t.pop("by_doc"), t.pop("examples")
    d["documents"].clear()
    d["provenance"].pop("date")
    d["totals"]["units"] = -1
    assert analysis.to_json() == before and analysis.table() == table
    assert analysis.to_dict()["provenance"]["date"] == "2024-01-02T03:04:05+00:00"


@pytest.mark.parametrize("kwargs, message", [
    ({"quote_lines": 0}, "quote_lines must be an integer >= 1, found 0"),
    ({"width": 0}, "width must be an integer >= 1, found 0"),
    ({"width": "80"}, "width must be an integer >= 1, found '80'"),
    ({"max_docs": 0}, "max_docs must be an integer >= 1, found 0; None lists every document"),
])
def test_table_refuses_arguments_out_of_range_naming_them(analysis, kwargs, message):
    with pytest.raises(ValueError) as e:
        analysis.table(**kwargs)
    assert str(e.value) == message


def test_table_max_docs_none_lists_every_document():
    docs = [Document(f"d{i}", "财不外露。") for i in range(3)]
    a = argmine.analyze(docs, model="lexicon", date="2024-01-02")
    assert "the 1 largest of 3" in a.table(max_docs=1)
    assert a.table(max_docs=None) == a.table(max_docs=3) and "largest" not in a.table(max_docs=None)


def test_to_csv_given_a_file_object_says_how_to_write_into_it_without_indent(analysis):
    import io

    with pytest.raises(TypeError) as e:
        analysis.to_csv(io.StringIO())
    assert str(e.value) == ("to_csv(path) takes a file path, not StringIO; to_csv() with no path returns the text, "
                            "to write into an open file: fh.write(analysis.to_csv())")


def test_analyze_refuses_a_date_that_is_not_a_string():
    with pytest.raises(TypeError, match=r"^date must be a date string such as '2024-01-02', a datetime.date or datetime.datetime \(or None for now\), not int$"):
        argmine.analyze([DOC], model="lexicon", date=5)


def labelled(groups, *, texts=None, n_boot=200) -> Analysis:
    """An analysis of hand-labelled units, ``[(themes, sentiment, count), ...]``, one document of short sentences."""
    rows = [(themes, sent) for themes, sent, count in groups for _ in range(count)]
    texts = texts or [f"第{n}句。" for n in range(1, len(rows) + 1)]
    text = "\n".join(texts)
    doc, out, start = Document("d", text), [], 0
    for n, ((themes, sent), t) in enumerate(zip(rows, texts), 1):
        u = Unit.from_source(text, doc="d", n=n, start=start, end=start + len(t), kind="comment")
        out.append(ClassifiedUnit(u, Prediction(themes, {x: 0.9 for x in themes}, sent, 0.0)))
        start += len(t) + 1
    return Analysis.from_units(out, SCHEMA, documents=[doc], n_boot=n_boot, date="2024-01-02")


def test_table_prints_shares_and_means_rounded_from_the_exact_ratio_not_the_json_value():
    # 14/17 = 0.823529 is 0.8235 in the JSON: rounded again it printed 82.3%; -5/111 = -0.04505 is -0.045: printed -0.04
    a = labelled([(("pro_social",), "positive", 14), (("brand_fit",), "neutral", 3), ((), "neutral", 106), ((), "negative", 5)])
    assert a.themes["pro_social"]["share"] == 0.8235 and a.themes["other"]["sentiment"]["mean"] == -0.045  # JSON unchanged
    table = a.table(width=100)
    assert "82.4%" in table and "17.6%" in table and "82.3%" not in table
    other = next(line for line in table.splitlines() if line.lstrip().startswith("其他 other"))
    from argmine.aggregate import bootstrap_ci
    from argmine.tables import signed

    lo, hi = bootstrap_ci(0, 106, 5, n_boot=200)  # the run's own interval (seed 0), unrounded
    assert f"-0.05 [{signed(lo)}, {signed(hi)}]" in other


def test_displayed_figures_equal_the_correctly_rounded_exact_ratio_for_every_small_k_n():
    # the slow obviously-correct reference: integer arithmetic, an exact half away from zero
    from argmine.aggregate import _r, exact_figures
    from argmine.tables import percent, signed

    def reference(num: int, den: int, places: int) -> str:
        q, r = divmod(abs(num) * 10**places, den)
        q += 2 * r >= den
        digits = str(q).rjust(places + 1, "0")
        return ("-" if num < 0 else "+" if places == 2 else "") + digits[:-places] + "." + digits[-places:]

    wrong_before = 0
    for n in range(1, 160):
        for k in range(n + 1):
            g = {"units": k, "share": _r(k / n), "sentiment": {"mean": _r(-k / n), "ci95": None, "positive": 0, "neutral": n - k, "negative": k}}
            x = exact_figures(g, n)
            assert percent(x["share"]) == reference(100 * k, n, 1) + "%", (k, n)
            assert signed(x["mean"]) == reference(-k, n, 2), (k, n)
            wrong_before += f"{100 * g['share']:.1f}%" != reference(100 * k, n, 1) + "%"
    assert wrong_before > 100  # what formatting the JSON's 4-digit values printed


def test_table_prints_an_interval_end_at_an_exact_half_away_from_zero():
    # 6 neutral, 2 negative: the interval is [-0.625, 0] exactly; format() rounds a half to even (-0.62)
    a = labelled([(("privacy",), "neutral", 6), (("privacy",), "negative", 2)])
    assert a.themes["privacy"]["sentiment"]["ci95"] == [-0.625, 0.0]
    row = next(line for line in a.table().splitlines() if line.lstrip().startswith("隐私与安全担忧 privacy"))
    assert "-0.25 [-0.63, +0.00]†" in row


def test_quote_scores_are_printed_rounded_once_from_the_units_score_half_away_from_zero():
    # QA round 38: the table and the report printed the JSON's 4-digit score with '%.2f': 0.625 as 0.62 (half to
    # even), and 0.62503 (0.625 in the JSON) as 0.62 too; other's score is 1 - the highest, 1 - 0.375 = 0.625
    import re

    from argmine.report import render_report

    text = "第一句。\n第二句。\n第三句。"
    doc, scores = Document("d", text), [("privacy", 0.625), ("bloat", 0.62503), (None, 0.375)]
    units = []
    for n, (theme, p) in enumerate(scores):
        u = Unit.from_source(text, doc="d", n=n + 1, start=5 * n, end=5 * n + 4, kind="comment")
        units.append(ClassifiedUnit(u, Prediction((theme,) if theme else (), {theme or "brand_fit": p}, "neutral", 0.0)))
    a = Analysis.from_units(units, SCHEMA, documents=[doc], n_boot=200, date="2024-01-02")
    assert [a.themes[t]["examples"][0]["score"] for t in ("privacy", "bloat", "other")] == [0.625, 0.625, 0.625]
    assert re.findall(r"score=([\d.]+)", a.table()) == ["0.63", "0.63", "0.63"]
    assert re.findall(r"score</span> ([\d.]+)", render_report(a)) == ["0.63", "0.63"]  # the report quotes the themes


def test_examples_are_one_per_normalised_text_as_docs_analyze_says():
    # the same comment in Traditional and in Simplified script is one quote; another text is a quote of its own
    from pathlib import Path

    docs = [Document("a_trad", "支付寶的隱私會洩露，我很擔心。"), Document("b_simp", "支付宝的隐私会泄露，我很担心。"),
            Document("c", "财不外露，隐私很重要。")]
    a = argmine.analyze(docs, model="lexicon", date="2024-01-02")
    assert a.themes["privacy"]["units"] == 3
    assert [e["id"] for e in a.themes["privacy"]["examples"]] == ["a_trad#1", "c#1"]
    analyze_md = (Path(__file__).parent.parent / "docs" / "analyze.md").read_text("utf-8")
    assert "one per distinct normalised text" in analyze_md and "a Traditional and a Simplified copy of one comment" in analyze_md
    assert "one per distinct text," not in analyze_md


def test_docs_analyze_name_the_csv_columns_the_share_interval_and_its_caveat(analysis):
    import re
    from pathlib import Path

    from argmine.tables import INDEPENDENCE_NOTE

    doc = " ".join((Path(__file__).parent.parent / "docs" / "analyze.md").read_text("utf-8").split())
    columns = re.search(r"has the columns `([^`]+)`", doc).group(1)
    assert columns.split(", ") == analysis.to_csv().splitlines()[0].split(",")
    assert "| `share_ci95` |" in doc and f"`{INDEPENDENCE_NOTE}`" in doc and "SOURCE_DATE_EPOCH" in doc
