"""The general polarity model: estimator contract, safe persistence, packaged artifact."""

from __future__ import annotations

import codecs
import json
import pickle

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from argmine.errors import (
    E_POLARITY_LABEL,
    E_POLARITY_ONE_CLASS,
    E_POLARITY_UNFITTED,
    InputError,
    ModelError,
)
from argmine.polarity import (
    PolarityModel,
    default_polarity_path,
    load_default,
    load_reviews,
    near_duplicates,
)

POS = ["房间很干净，服务很好", "味道不错，送餐很快", "非常满意，下次还来", "质量很好，物超所值", "前台热情，环境舒适"]
NEG = ["房间很脏，服务很差", "味道难吃，送餐太慢", "非常失望，再也不来", "质量太差，浪费钱", "前台冷漠，环境吵闹"]


@pytest.fixture(scope="module")
def tiny():
    return PolarityModel(min_df=1, C=10.0).fit(POS + NEG, [1] * len(POS) + [0] * len(NEG))


def test_polarity_fit_returns_self_and_learns_attributes():
    m = PolarityModel(min_df=1)
    assert m.fit(POS + NEG, ["positive"] * 5 + ["negative"] * 5) is m
    assert m.classes_ == ("negative", "positive")
    assert len(m.vocabulary_) == m.coef_.shape[0] == m.idf_.shape[0]


def test_polarity_init_only_stores_params():
    m = PolarityModel(C=3.0, ngram_range=(1, 2))
    assert m.get_params()["C"] == 3.0 and m.get_params()["ngram_range"] == [1, 2]
    assert not hasattr(m, "coef_")


def test_polarity_predicts_training_sentences(tiny):
    assert tiny.predict(POS + NEG).tolist() == ["positive"] * 5 + ["negative"] * 5


def test_polarity_separates_unseen_sentences(tiny):
    s = tiny.score(["服务很好，很满意", "服务很差，很失望"])
    assert s[0] > 0 > s[1]


def test_polarity_proba_rows_sum_to_one_and_match_score(tiny):
    texts = POS[:2] + NEG[:2] + [""]
    p = tiny.predict_proba(texts)
    assert p.shape == (5, 2)
    np.testing.assert_allclose(p.sum(axis=1), 1.0)
    np.testing.assert_allclose(tiny.score(texts), 2 * p[:, 1] - 1, atol=1e-12)


def test_polarity_empty_batch_gives_empty_array(tiny):
    assert tiny.score([]).shape == (0,)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.text(max_size=40), max_size=5))
def test_polarity_score_is_in_range_for_any_text(texts):
    m = PolarityModel(min_df=1, C=10.0).fit(POS + NEG, [1] * 5 + [0] * 5)
    s = m.score(texts)
    assert s.shape == (len(texts),)
    assert np.all((s >= -1) & (s <= 1)) and np.all(np.isfinite(s))


def test_polarity_half_and_full_width_punctuation_score_the_same(tiny):
    a, b = tiny.score(["服务很好，下次还来！", "服务很好,下次还来!"])
    assert a == pytest.approx(b)


@pytest.mark.parametrize("method", ["score", "predict", "predict_proba", "decision_function"])
def test_polarity_unfitted_model_raises(method):
    with pytest.raises(ModelError) as e:
        getattr(PolarityModel(), method)(["很好"])
    assert str(e.value) == E_POLARITY_UNFITTED


def test_polarity_unfitted_model_cannot_be_saved(tmp_path):
    with pytest.raises(ModelError):
        PolarityModel().save(tmp_path / "m")


def test_polarity_rejects_unknown_label():
    with pytest.raises(ModelError) as e:
        PolarityModel(min_df=1).fit(["好", "差"], [1, "meh"])
    assert str(e.value) == E_POLARITY_LABEL.format(index=1, found="meh")


def test_polarity_rejects_single_class():
    with pytest.raises(ModelError) as e:
        PolarityModel(min_df=1).fit(["好", "很好"], [1, 1])
    assert str(e.value) == E_POLARITY_ONE_CLASS


def test_polarity_rejects_mismatched_lengths_and_bad_params():
    with pytest.raises(ModelError, match="got 1 labels for 2 texts"):
        PolarityModel(min_df=1).fit(["好", "差"], [1])
    with pytest.raises(ModelError, match="ngram_range"):
        PolarityModel(ngram_range=(3, 1)).fit(["好", "差"], [1, 0])


def test_polarity_rejects_non_string_text(tiny):
    with pytest.raises(ModelError, match=r"^score\(\) takes a list of texts; item 1 is int, not a str: convert, fill or drop it first$"):
        tiny.score(["好", 3])
    with pytest.raises(ModelError, match="single str"):
        tiny.score("很好")


def test_polarity_save_load_gives_identical_scores(tiny, tmp_path):
    d = tiny.save(tmp_path / "pol")
    assert sorted(p.name for p in d.iterdir()) == ["config.json", "vocab.json", "weights.safetensors"]
    back = PolarityModel.load(d)
    texts = POS + NEG + ["", "完全没见过的句子😀", "OK"]
    np.testing.assert_array_equal(back.score(texts), tiny.score(texts))
    assert back.get_params() == tiny.get_params()


def test_polarity_save_replaces_links_in_the_directory_and_never_writes_through_them(tiny, tmp_path):
    (tmp_path / "pol").mkdir()
    for name in ("config.json", "vocab.json"):
        (tmp_path / f"victim_{name}").write_text("victim", "utf-8")
        (tmp_path / "pol" / name).symlink_to(tmp_path / f"victim_{name}")
    d = tiny.save(tmp_path / "pol")
    assert [(tmp_path / f"victim_{name}").read_text("utf-8") for name in ("config.json", "vocab.json")] == ["victim"] * 2
    assert not any(f.is_symlink() for f in d.iterdir())
    assert PolarityModel.load(d).get_params() == tiny.get_params()


def test_polarity_words_option_round_trips(tmp_path):
    m = PolarityModel(min_df=1, words=True).fit(POS + NEG, [1] * 5 + [0] * 5)
    assert any(t.startswith("\x01") for t in m.vocabulary_)
    back = PolarityModel.load(m.save(tmp_path / "w"))
    np.testing.assert_array_equal(back.score(POS), m.score(POS))


def test_polarity_nb_option_folds_ratio_into_coef_and_round_trips(tmp_path):
    m = PolarityModel(min_df=1, nb=True, C=10.0).fit(POS + NEG, [1] * 5 + [0] * 5)
    assert m.get_params()["nb"] is True
    assert (m.predict(POS) == "positive").all() and (m.predict(NEG) == "negative").all()
    # a char seen only in positive texts gets a positive weight, one only in negative texts a negative one
    col = {t: j for j, t in enumerate(m.vocabulary_)}
    assert m.coef_[col["满"]] > 0 > m.coef_[col["脏"]]
    back = PolarityModel.load(m.save(tmp_path / "nb"))
    assert back.nb and back.get_params() == m.get_params()
    np.testing.assert_array_equal(back.score(POS + NEG), m.score(POS + NEG))


def test_polarity_nb_changes_the_model():
    y = [1] * 5 + [0] * 5
    plain = PolarityModel(min_df=1, C=10.0).fit(POS + NEG, y)
    nb = PolarityModel(min_df=1, C=10.0, nb=True).fit(POS + NEG, y)
    assert not np.allclose(plain.coef_, nb.coef_)


def test_polarity_rejects_bad_nb_alpha():
    with pytest.raises(ModelError, match="nb_alpha"):
        PolarityModel(nb=True, nb_alpha=0).fit(POS + NEG, [1] * 5 + [0] * 5)


def test_polarity_load_ignores_pickle_directory(tiny, tmp_path):
    d = tmp_path / "pickled"
    d.mkdir()
    (d / "model.pkl").write_bytes(pickle.dumps(tiny))
    with pytest.raises(ModelError, match="missing config.json, vocab.json, weights.safetensors"):
        PolarityModel.load(d)


def test_polarity_load_rejects_pickle_disguised_as_weights(tiny, tmp_path):
    d = tiny.save(tmp_path / "pol")
    (d / "weights.safetensors").write_bytes(pickle.dumps({"coef": tiny.coef_}))
    with pytest.raises(ModelError, match="not a polarity model"):
        PolarityModel.load(d)


def test_polarity_load_rejects_mismatched_vocabulary(tiny, tmp_path):
    d = tiny.save(tmp_path / "pol")
    (d / "vocab.json").write_text(json.dumps(["好"]), encoding="utf-8")
    with pytest.raises(ModelError, match="do not match"):
        PolarityModel.load(d)


def test_polarity_load_missing_directory(tmp_path):
    with pytest.raises(ModelError, match="not a directory"):
        PolarityModel.load(tmp_path / "nope")


def test_polarity_default_model_ships_small_and_loads():
    d = default_polarity_path()
    assert sum(p.stat().st_size for p in d.iterdir()) < 8_000_000
    assert not [p for p in d.iterdir() if p.suffix in {".pkl", ".pickle", ".joblib"}]
    assert load_default().coef_ is load_default().coef_  # read once, shared read-only


def test_refitting_the_default_polarity_model_leaves_the_packaged_one_as_it_was():
    import argmine

    docs = [argmine.Document("d", "服务很好，下次还来。太差了，再也不来了。")]
    run = lambda: [(c.prediction.sentiment, c.prediction.sentiment_score) for c in argmine.analyze(docs, date="2024-01-02").units]  # noqa: E731
    before, score = run(), load_default().score(["服务很好，下次还来"])
    mine = load_default()
    mine.fit(["服务很好，下次还来", "太差了"] * 5, ["negative", "positive"] * 5)  # the caller's own (here flipped) data
    assert mine.score(["服务很好，下次还来"])[0] < 0
    assert run() == before and load_default().score(["服务很好，下次还来"]).tolist() == score.tolist()
    with pytest.raises(ValueError, match="read-only"):
        load_default().coef_[0] = 1.0  # in place, it would change every model that uses it


def test_polarity_default_model_orders_obvious_sentences():
    s = load_default().score(["酒店环境很好，服务热情周到，非常满意！", "太差了，房间又脏又吵，再也不会来了。"])
    assert s[0] > 0.5 and s[1] < -0.5


def test_load_reviews_counts_empty_rows_and_strips_bom(tmp_path):
    p = tmp_path / "r.csv"
    p.write_text("cat,label,review\n书籍,1,\ufeff很好\n书籍,0,\n酒店,0,很差\n", encoding="utf-8")
    r = load_reviews(p, exclude_categories=["酒店"])
    assert (r.texts, r.labels) == (["很好"], [1])
    assert r.skipped == {"empty review": 1, "category 酒店": 1}


def test_load_reviews_names_the_bad_row(tmp_path):
    p = tmp_path / "r.csv"
    p.write_text("label,review\n1,好\n2,差\n", encoding="utf-8")
    with pytest.raises(InputError) as e:
        load_reviews(p)
    assert str(e.value) == f"{p}: row 3: label is '2', expected 0 or 1"


def test_near_duplicates_finds_copies_despite_punctuation():
    protected = ["房间很干净，服务也很好，早餐丰富。", "位置偏僻，交通不方便"]
    cands = ["房间很干净,服务也很好,早餐丰富", "送餐很快，味道一般", "位置偏僻交通不方便！！"]
    assert near_duplicates(cands, protected) == [0, 2]


def test_load_reviews_keeps_the_category_column(tmp_path):
    p = tmp_path / "r.csv"
    p.write_text("cat,label,review\n书籍,1,很好\n酒店,0,很差\n", encoding="utf-8")
    r = load_reviews(p)
    assert r.categories == ["书籍", "酒店"]
    assert r.subset([1]).categories == ["酒店"]


def test_near_duplicates_aligned_finds_copies_with_dropped_characters():
    # ChnSentiCorp lost characters in an encoding round trip; its copies elsewhere are complete
    protected = ["已住好次次新修的房感更好了不淋浴的下水特慢不知道是所有房的是只有608的因太晚了所以找修希望能修一下",
                 "房间还可以，早餐不大好，周围比较偏僻，服务态度一般"]
    cands = ["已经住过好几次，这次新装修的房间感觉更好了，不过淋浴的下水特别慢，不知道是所有房间的还是只有608的，"
             "因为太晚了所以没找维修，希望能维修一下",
             "服务态度一般般啊",  # shares a stock phrase, not a copy
             "物流很快，包装很好"]
    assert near_duplicates(cands, protected) == []
    assert near_duplicates(cands, protected, aligned=True) == [0]


def test_polarity_fit_in_two_steps_equals_fit():
    y = np.array([1] * len(POS) + [0] * len(NEG))
    a = PolarityModel(min_df=1, C=10.0, nb=True).fit(POS + NEG, y)
    b = PolarityModel(min_df=1, C=10.0, nb=True)
    counts, vocab, idf = b._fit_vocabulary(POS + NEG)
    b._fit_counts(counts, vocab, idf, y, None)
    assert a.vocabulary_ == b.vocabulary_
    np.testing.assert_allclose(a.coef_, b.coef_)
    np.testing.assert_allclose(a.score(POS), b.score(POS))


def test_load_reviews_reads_a_review_longer_than_csvs_cell_limit_and_leaves_the_limit(tmp_path):
    import csv

    (tmp_path / "r.csv").write_text("label,review\n1," + "好" * 200_000 + "\n0,差\n", "utf-8")
    limit = csv.field_size_limit()
    r = load_reviews(tmp_path / "r.csv")
    assert [len(t) for t in r.texts] == [200_000, 1] and r.labels == [1, 0] and csv.field_size_limit() == limit


REVIEWS_CSV = "cat,label,review\r\n酒店,1,\"房間乾淨，服務周到\"\r\n書籍,0,內容空洞\r\n"


@pytest.mark.parametrize("encoding, bom", [
    ("gb18030", b""),
    ("big5", b""),
    ("utf-16-le", codecs.BOM_UTF16_LE),
    ("utf-16-be", codecs.BOM_UTF16_BE),
    ("utf-8", codecs.BOM_UTF8),
])
def test_load_reviews_reads_the_encodings_argmine_detects(tmp_path, encoding, bom):
    p = tmp_path / "r.csv"
    p.write_bytes(bom + REVIEWS_CSV.encode(encoding))
    r = load_reviews(p)
    assert (r.texts, r.labels, r.categories) == (["房間乾淨，服務周到", "內容空洞"], [1, 0], ["酒店", "書籍"])


def test_load_reviews_forced_encoding_is_used(tmp_path):
    p = tmp_path / "r.csv"
    p.write_bytes("label,review\n1,好\n".encode("gb18030"))
    assert load_reviews(p, encoding="gb18030").texts == ["好"]
    assert load_reviews(p, encoding="latin-1").texts == ["ºÃ"]


def test_load_reviews_undecodable_file_is_one_line_naming_it(tmp_path):
    p = tmp_path / "r.csv"
    p.write_bytes(b"label,review\n1," + bytes(range(0x80, 0x100)) + b"\n")
    with pytest.raises(InputError) as e:
        load_reviews(p)
    assert str(e.value) == (f"{p}: cannot be decoded as UTF-8, UTF-16, GB18030 or Big5, nor as UTF-8 damaged in a few "
                            "places; pass --encoding NAME (encoding= in Python) if you know its encoding")


@pytest.mark.parametrize("content, message", [
    (b"", "row 1: expected columns label,review; found None"),
    ("lab,rev\n1,好\n".encode("gb18030"), "row 1: expected columns label,review; found ['lab', 'rev']"),
])
def test_load_reviews_keeps_the_missing_columns_error(tmp_path, content, message):
    p = tmp_path / "r.csv"
    p.write_bytes(content)
    with pytest.raises(InputError) as e:
        load_reviews(p)
    assert str(e.value) == f"{p}: {message}"


def _hotel(path, rows, encoding="utf-8", newline="\n"):
    path.mkdir()
    text = "label,review" + newline + "".join(f"{label},{t}{newline}" for label, t in rows)
    (path / "ChnSentiCorp_htl_all.csv").write_bytes(text.encode(encoding))
    return path


def test_heldout_split_records_the_content_of_its_test_rows(tmp_path):
    from argmine.polarity import heldout_split, split_fingerprint

    rows = [(1, t) for t in POS] + [(0, t) for t in NEG]
    train, test, summary = heldout_split(_hotel(tmp_path / "a", rows))
    assert summary["test_sha256"] == split_fingerprint(test) != split_fingerprint(train)
    # the same rows in another encoding and line end: the same split, the same fingerprint
    assert heldout_split(_hotel(tmp_path / "b", rows, "gb18030", "\r\n"))[2] == summary
    # a reordered copy has the same sizes and settings but other test rows, so another fingerprint
    other = heldout_split(_hotel(tmp_path / "c", rows[::-1]))[2]
    assert {k: v for k, v in other.items() if k != "test_sha256"} == {k: v for k, v in summary.items() if k != "test_sha256"}
    assert other["test_sha256"] != summary["test_sha256"]


def test_polarity_packaged_model_records_the_fingerprint_of_its_test_rows():
    split = json.loads((default_polarity_path() / "config.json").read_text("utf-8"))["meta"]["trained_on"]["split"]
    assert len(split["test_sha256"]) == 64 and int(split["test_sha256"], 16) >= 0


def test_the_vocabulary_cap_keeps_the_most_frequent_ngrams_and_breaks_ties_by_their_order():
    # 120 characters seen 1-4 times each, 50 kept: the 30 seen 4 times, then the first 20 of those seen 3 times in
    # sorted order, whatever numpy's (unstable) argsort does with ties on this machine
    from argmine.polarity import PolarityModel

    chars = [chr(0x4E00 + 7 * i) for i in range(120)]
    seen = {c: 1 + (i * 7) % 4 for i, c in enumerate(chars)}
    text = "".join(c * seen[c] for c in chars)
    expected = sorted(sorted(chars, key=lambda c: (-seen[c], c))[:50])
    assert PolarityModel(ngram_range=(1, 1), min_df=1, max_features=50).fit([text, "甲"], [1, 0]).vocabulary_ == expected
    assert PolarityModel(ngram_range=(1, 1), min_df=1, max_features=50).fit(["甲", text[::-1]], [0, 1]).vocabulary_ == expected
