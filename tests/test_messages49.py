"""Messages of fix round 49.

1. Rows whose ids were taken by earlier rows (one export per page or per day, each numbering its rows 1..N) were all
   called "rows repeated across pages or dumps ... remove the repeats", distinct comments too: the warning now counts
   the rows that hold the text of the document whose id they took (or of any earlier document asking for that id:
   a page merged twice repeats rows renamed ``~2`` as ``~3``), and words distinct rows, repeats and a mix apart.
2. Library errors that name a CLI option give its keyword too, and mark a CLI-only option (``--no-predictions``) as
   the CLI's: the model/schema mismatch of ``load_model``, and a label ``import_annotations`` checked against the
   packaged schema.
"""

import json
import warnings

import pytest
from click.testing import CliRunner

import argmine
from argmine.cli import main
from argmine.errors import InputWarning, ModelError
from argmine.export import export
from argmine.importers import import_annotations

DISTINCT = ("none holds the same text as the document whose id it took: distinct rows, all counted; give them unique ids "
            "to choose their ids")
REPEATS = ("each holds the same text as the document whose id it took: rows repeated across pages or dumps are counted "
           "twice: remove the repeats to count each once")


def _tables(tmp_path, **rows_of) -> list[str]:
    """One folder per keyword, each holding comments.csv with the rows given (``(id, text)``)."""
    for folder, rows in rows_of.items():
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "comments.csv").write_text(
            "id,text\n" + "".join(f"{i},{text}\n" for i, text in rows), encoding="utf-8")
    return list(rows_of)


def _renamed_warnings(paths) -> list[str]:
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        argmine.read(paths)
    assert {w.category for w in caught} == {InputWarning}
    return [str(w.message) for w in caught]


PAGE1 = [("c1", "电池续航太差了，一天要充电三次。"), ("c2", "价格太贵了，性价比很低。"), ("c3", "拍照效果很好，相机不错。")]
PAGE2 = [("c1", "价格便宜，很满意。"), ("c2", "镜头很差，拍照模糊。"), ("c3", "顶")]


def test_rows_of_two_pages_numbered_alike_are_called_distinct_not_repeats(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert _renamed_warnings(_tables(tmp_path, in1=PAGE1, in2=PAGE2)) == [
        f"in2/comments.csv: 3 document ids already taken by earlier rows or files got a ~N suffix (first: 'c1' -> 'c1~2'); "
        f"{DISTINCT}"]


def test_rows_of_a_dump_merged_twice_are_called_repeats_whitespace_and_invisible_characters_aside(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    again = [("c1", " 电池续航太差了，\u200b一天要充电三次。 "), *PAGE1[1:]]  # saved again: a space, a copied zero-width space
    assert _renamed_warnings(_tables(tmp_path, r1=PAGE1, r2=again)) == [
        f"r2/comments.csv: 3 document ids already taken by earlier rows or files got a ~N suffix (first: 'c1' -> 'c1~2'); "
        f"{REPEATS}"]


def test_repeats_and_distinct_rows_in_one_file_are_counted_apart(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    mixed = [PAGE1[0], ("c2", "价格便宜。"), PAGE1[2]]
    assert _renamed_warnings(_tables(tmp_path, a=PAGE1, b=mixed)) == [
        "b/comments.csv: 3 document ids already taken by earlier rows or files got a ~N suffix (first: 'c1' -> 'c1~2'); "
        "2 of them with the same text as the document whose id they took (repeats, counted twice: remove them to count "
        "each once), 1 with other text (distinct rows, all counted)"]


def test_many_files_count_repeats_against_the_first_document_of_each_id(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    folders = _tables(tmp_path, p1=PAGE1, p2=PAGE2, p3=PAGE1)  # p3 repeats p1 (c1~3 is p1's c1 again), p2 does not
    assert _renamed_warnings(folders) == [
        "2 files have 6 document ids already taken by earlier rows or files, which got a ~N suffix: p2/comments.csv (3 ids, "
        "first 'c1' -> 'c1~2'), p3/comments.csv (3 ids, first 'c1' -> 'c1~3'); 3 of them with the same text as the document "
        "whose id they took (repeats, counted twice: remove them to count each once), 3 with other text (distinct rows, all "
        "counted)"]


def test_a_page_merged_twice_repeats_the_rows_renamed_before_it_not_only_the_first_of_each_id(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    folders = _tables(tmp_path, p1=PAGE1, p2=PAGE2, p2_again=PAGE2)  # p2_again's c1~3 repeats p2's c1~2, not p1's c1
    assert _renamed_warnings(folders) == [
        "2 files have 6 document ids already taken by earlier rows or files, which got a ~N suffix: p2/comments.csv (3 ids, "
        "first 'c1' -> 'c1~2'), p2_again/comments.csv (3 ids, first 'c1' -> 'c1~3'); 3 of them with the same text as the "
        "document whose id they took (repeats, counted twice: remove them to count each once), 3 with other text (distinct "
        "rows, all counted)"]


def test_rows_repeated_in_one_file_count_against_every_earlier_row_of_their_id(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    page3 = [("c1", "第三页：客服不错。"), ("c2", "第三页：太卡了。"), ("c3", "第三页：还行。")]
    merged = PAGE1 + PAGE2 + page3 + PAGE2 + page3 + PAGE1  # 15 rows renamed: 9 repeat p1, p2 or p3, 6 are p2's and p3's
    assert _renamed_warnings(_tables(tmp_path, m=merged)) == [
        "m/comments.csv: 15 document ids already taken by earlier rows or files got a ~N suffix (first: 'c1' -> 'c1~2'); "
        "9 of them with the same text as the document whose id they took (repeats, counted twice: remove them to count "
        "each once), 6 with other text (distinct rows, all counted)"]


def test_cli_analyze_tells_distinct_rows_from_repeats(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    _tables(tmp_path, in1=PAGE1, in2=PAGE2, r2=PAGE1)
    distinct = CliRunner().invoke(main, ["analyze", "in1", "in2", "-q", "--model", "lexicon"], catch_exceptions=False)
    repeats = CliRunner().invoke(main, ["analyze", "in1", "r2", "-q", "--model", "lexicon"], catch_exceptions=False)
    assert (distinct.exit_code, repeats.exit_code) == (0, 0)
    assert distinct.stderr.splitlines() == [
        f"argmine: warning: in2/comments.csv: 3 document ids already taken by earlier rows or files got a ~N suffix (first: "
        f"'c1' -> 'c1~2'); {DISTINCT}"]
    assert repeats.stderr.splitlines() == [
        f"argmine: warning: r2/comments.csv: 3 document ids already taken by earlier rows or files got a ~N suffix (first: "
        f"'c1' -> 'c1~2'); {REPEATS}"]


# --- library messages name the keyword beside each option -------------------------------------------------------------

PHONE_TOML = """[schema]
id = "phone"
version = "1"
[[themes]]
id = "battery"
name_zh = "电池"
name_en = "Battery"
cues = ["电池", "续航", "充电"]
[[themes]]
id = "price"
name_zh = "价格"
name_en = "Price"
cues = ["价格", "贵", "便宜"]
[sentiment]
positive = ["好"]
negative = ["差"]
"""

GOLD = [("支付宝做社交，我不需要。", ["pro_social"], "negative"), ("隐私泄露太可怕了。", ["privacy"], "negative"),
        ("这不符合支付宝的定位。", ["brand_fit"], "negative"), ("功能太多，越来越臃肿。", ["bloat"], "negative"),
        ("社交功能挺好的。", ["pro_social"], "positive"), ("今天天气不错。", [], "neutral")]


def test_load_model_for_another_schema_names_schema_keyword_and_calls_no_predictions_the_clis(tmp_path):
    (tmp_path / "phone.toml").write_text(PHONE_TOML, encoding="utf-8")
    with pytest.warns(InputWarning, match="too few to learn from"):
        argmine.train([{"text": t, "themes": th, "sentiment": s} for t, th, s in GOLD]).save(tmp_path / "m")
    with pytest.raises(ModelError) as e:
        argmine.load_model(tmp_path / "m", schema=tmp_path / "phone.toml")
    assert str(e.value) == (
        f"{tmp_path / 'm'}: the model was trained for themes ['pro_social', 'privacy', 'brand_fit', 'bloat'], but the schema "
        "'phone' has ['battery', 'price']; pass --model lexicon (it works with any schema; model='lexicon' in Python), train a "
        "model for this schema (argmine train GOLD --schema FILE -o DIR, then --model DIR; model=DIR in Python), or, to export "
        "units without pre-annotations, 'argmine export --no-predictions' (export() without predictions= in Python); or leave "
        "out --schema (schema= in Python) to use the schema the model was trained with")


def test_import_annotations_label_of_another_schema_names_the_schema_keyword(tmp_path):
    doc = argmine.Document("p1", "这手机电池续航太差了。")
    units = argmine.segment([doc])
    export(units, tmp_path / "blank.csv", "csv")
    lines = (tmp_path / "blank.csv").read_text("utf-8-sig").splitlines()
    lines[1] = lines[1][:-3] + "battery,negative,,"  # a label of the phone schema, read with the packaged one
    (tmp_path / "s.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    errors = import_annotations([tmp_path / "s.csv"], "csv").errors
    assert [p.reason for p in errors] == [
        "unknown theme 'battery' in schema 'alipay_social'; expected one of: pro_social, privacy, brand_fit, bloat (or 'other' "
        "for none); the labels must be those of the packaged schema (argmine/schemas/alipay.toml); if they belong to another "
        "schema, pass --schema FILE (schema= in Python)"]


def test_cli_train_stop_hint_for_another_debates_labels_names_the_schema_keyword(tmp_path):
    gold = tmp_path / "g.jsonl"
    gold.write_text("".join(json.dumps({"text": f"电池{i}。", "themes": ["battery"], "sentiment": "neutral"}, ensure_ascii=False)
                            + "\n" for i in range(3)), encoding="utf-8")
    r = CliRunner().invoke(main, ["train", str(gold), "-o", str(tmp_path / "m"), "-q"])
    assert r.exit_code != 0
    assert r.stderr.splitlines()[-1].endswith(
        "the labels were checked against the packaged schema (argmine/schemas/alipay.toml); if they belong to another debate, "
        "pass --schema FILE (schema= in Python); also check that --text-field, --themes-field and --sentiment-field name the "
        "right fields")
