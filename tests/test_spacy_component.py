"""The spaCy component: nlp.add_pipe("argmine") on a blank zh pipeline with jieba."""

from __future__ import annotations

import subprocess
import sys

import pytest

spacy = pytest.importorskip("spacy")

import argmine  # noqa: E402
import argmine.spacy_component  # noqa: E402
from argmine.clean import WORD_CHAR  # noqa: E402

TEXT = "财不外露。支付宝做社交是对的!\n现在的支付宝功能太多了,变成了阿里巴巴产品导航。\n一个小和尚问方丈:“师父,我念经的时候可以吸烟吗?”"


@pytest.fixture(scope="module")
def nlp():
    nlp = spacy.blank("zh", config={"nlp": {"tokenizer": {"segmenter": "jieba"}}})
    nlp.add_pipe("argmine", config={"model": "lexicon"})
    return nlp


def test_spacy_component_puts_units_in_doc_spans(nlp):
    doc = nlp(TEXT)
    spans = list(doc.spans["argmine"])
    units = argmine.segment([argmine.Document("doc", TEXT)])
    assert [(s.start_char, s.end_char) for s in spans] == [(u.start, u.end) for u in units]
    assert [s.text for s in spans] == [u.text for u in units]
    assert [s._.unit_id for s in spans] == [u.id for u in units]


def test_spacy_component_spans_carry_the_unit_kind(nlp):
    text = "支付宝要做社交\n\n支付宝做社交是对的。\n评论：\n臃肿。"
    units = argmine.segment([argmine.Document("doc", text)])
    assert {u.kind for u in units} == {"title", "body", "comment"}
    doc = nlp(text)
    assert [s._.kind for s in doc.spans["argmine"]] == [u.kind for u in units]


def test_spacy_component_sets_labels_and_extensions_like_classify(nlp):
    doc = nlp(TEXT)
    units = argmine.segment([argmine.Document("doc", TEXT)])
    expected = list(argmine.classify(units, model="lexicon"))
    for span, cu in zip(doc.spans["argmine"], expected):
        p = cu.prediction
        assert span._.themes == list(p.themes)
        assert span.label_ == (p.themes[0] if p.themes else "other")
        assert span._.sentiment == p.sentiment
        assert span._.sentiment_score == pytest.approx(p.sentiment_score)
        assert span._.scores == p.scores
        assert span._.evidence == [e.to_dict() for e in p.evidence]
    labels = {s.label_ for s in doc.spans["argmine"]}
    assert "privacy" in labels and "other" in labels


def test_spacy_component_pipe_equals_one_doc_at_a_time(nlp):
    texts = [TEXT, "", "财不外露。", "支付宝做社交是对的。" * 3]
    def spans(doc):
        return [(s.start_char, s.end_char, s.label_, s._.sentiment) for s in doc.spans["argmine"]]

    piped = [spans(d) for d in list(nlp.pipe(texts, batch_size=3))]
    single = [spans(d) for d in [nlp(t) for t in texts]]
    assert piped == single
    assert piped[1] == []


def test_spacy_component_clause_granularity_gives_more_units():
    nlp = spacy.blank("zh", config={"nlp": {"tokenizer": {"segmenter": "jieba"}}})
    nlp.add_pipe("argmine", config={"model": "lexicon", "granularity": "clause", "spans_key": "units"})
    text = "支付宝做社交是对的,但是没必要死盯熟人社交,因为大家都不愿意把钱给朋友看。"
    doc = nlp(text)
    assert len(doc.spans["units"]) == len(argmine.segment([argmine.Document("d", text)], granularity="clause")) > 1


def test_spacy_component_rejects_unknown_granularity():
    nlp = spacy.blank("zh", config={"nlp": {"tokenizer": {"segmenter": "jieba"}}})
    with pytest.raises(ValueError, match="granularity must be one of"):
        nlp.add_pipe("argmine", config={"model": "lexicon", "granularity": "word"})


@pytest.mark.parametrize("batch_size", [0, -1])
def test_spacy_component_rejects_a_batch_size_below_one(batch_size):
    # 0 made pipe() yield no doc at all, -1 an islice error that did not name the setting
    nlp = spacy.blank("zh")
    with pytest.raises(ValueError, match=rf"^batch_size must be an integer >= 1, found {batch_size}$"):
        nlp.add_pipe("argmine", config={"model": "lexicon", "batch_size": batch_size})
    with pytest.raises(ValueError, match=r"^batch_size must be an integer >= 1, found '3'$"):
        argmine.spacy_component.ArgmineComponent(nlp, batch_size="3")


def test_spacy_component_takes_a_numpy_integer_batch_size():
    np = pytest.importorskip("numpy")
    component = argmine.spacy_component.ArgmineComponent(spacy.blank("zh"), model="lexicon", batch_size=np.int64(4))
    assert component.batch_size == 4 and type(component.batch_size) is int
    with pytest.raises(ValueError, match=r"^batch_size must be an integer >= 1, found np.int64\(0\)$"):
        argmine.spacy_component.ArgmineComponent(spacy.blank("zh"), batch_size=np.int64(0))


def test_spacy_factory_is_found_through_the_entry_point():
    code = (
        "import spacy\n"
        "nlp = spacy.blank('zh', config={'nlp': {'tokenizer': {'segmenter': 'jieba'}}})\n"
        "nlp.add_pipe('argmine', config={'model': 'lexicon'})\n"
        "doc = nlp('财不外露。')\n"
        "import sys\n"
        "assert 'argmine.spacy_component' in sys.modules\n"
        "print(doc.spans['argmine'][0].label_)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "privacy"


def test_spacy_component_raises_when_a_token_crosses_a_unit_boundary():
    # The English tokenizer splits on spaces only: "支付宝做社交是对的。财不外露" is one token.
    nlp = spacy.blank("en")
    nlp.add_pipe("argmine", config={"model": "lexicon"})
    with pytest.raises(
        argmine.errors.AlignmentError,
        match=r"unit doc#1 \(0\.\.10, '支付宝做社交是对的。'\) does not align with the doc's tokens: "
        r"token '支付宝做社交是对的。财不外露' crosses its boundary; use a tokenizer",
    ):
        nlp("支付宝做社交是对的。财不外露。")
    # With spaces between the units the same tokenizer aligns exactly.
    doc = nlp("支付宝做社交是对的。 财不外露。")
    assert [s.text for s in doc.spans["argmine"]] == ["支付宝做社交是对的。", "财不外露。"]


LONG_URL = "https://example.com/a?utm_source=wechat&utm_oi=" + "abcdef0123456789" * 30


@pytest.mark.parametrize(
    "text",
    [
        "原文链接：" + LONG_URL + " 大家看看支付宝做社交是对的吗？",
        "a" * 1200 + " 好的。",
        "a" * 1200,
    ],
)
def test_spacy_component_moves_a_length_cut_out_of_a_jieba_token(nlp, text):
    # argmine segment cuts these at 500 characters, inside jieba's one ASCII token
    cuts = [u.end for u in argmine.segment([argmine.Document("doc", text)])][:-1]
    doc = nlp(text)
    assert any(doc.char_span(0, c, alignment_mode="strict") is None for c in cuts)
    spans = list(doc.spans["argmine"])
    assert spans and all(s.text == text[s.start_char : s.end_char] == s.text.strip() for s in spans)
    assert "".join(s.text for s in spans) == "".join(text.split())
    ids = [s._.unit_id for s in spans]
    assert len(set(ids)) == len(ids) and ids[0] == "doc#1"


@pytest.mark.parametrize(
    "text, expected",
    [
        # the nearest gap (after the x run) would leave "。" as a unit of its own
        ("看这个http://a.com/" + "x" * 600 + "。好", [(0, 617, "doc#1"), (617, 618, "doc#3")]),
        ("b" * 1600 + "。", [(0, 1601, "doc#1")]),
    ],
)
def test_spacy_component_length_cut_never_leaves_punctuation_alone(nlp, text, expected):
    doc = nlp(text)
    spans = list(doc.spans["argmine"])
    assert [(s.start_char, s.end_char, s._.unit_id) for s in spans] == expected
    assert all(WORD_CHAR.search(s.text) for s in spans)


def test_spacy_component_length_cuts_by_character_equal_segment():
    nlp = spacy.blank("zh")
    nlp.add_pipe("argmine", config={"model": "lexicon"})
    text = "a" * 1200 + " 好的。"
    units = argmine.segment([argmine.Document("doc", text)])
    doc = nlp(text)
    assert [(s.start_char, s.end_char, s._.unit_id) for s in doc.spans["argmine"]] == [
        (u.start, u.end, u.id) for u in units
    ]


@pytest.mark.parametrize(
    "text",
    [
        "支付宝做社交" * 83 + "好了。大家怎么看？",
        ("https://example.com/a?utm_source=wechat&utm_oi=" + "abcdef0123456789" * 30)[:500] + "。大家看看支付宝做社交是对的吗？",
        "x" * 1000 + "。",
        "x" * 500 + "😀😀😀。",
    ],
)
@pytest.mark.parametrize("granularity", ["sentence", "clause"])
def test_spacy_component_spans_by_character_equal_segment_at_a_500_character_sentence(text, granularity):
    """A sentence of 500 characters (or 1000) before its 。: no span is the 。 alone, and by character the spans are
    ``argmine segment``'s units."""
    nlp = spacy.blank("zh")
    nlp.add_pipe("argmine", config={"model": "lexicon", "granularity": granularity})
    units = argmine.segment([argmine.Document("doc", text)], granularity=granularity)
    doc = nlp(text)
    spans = list(doc.spans["argmine"])
    assert [(s.start_char, s.end_char, s._.unit_id) for s in spans] == [(u.start, u.end, u.id) for u in units]
    assert all(WORD_CHAR.search(s.text) for s in spans)


def test_spacy_component_unit_ids_come_from_user_data(nlp):
    docs = []
    for row_id, text in [("c1", "支付宝做社交是对的。"), ("c2", "财不外露。隐私怎么办")]:
        doc = nlp.make_doc(text)
        doc.user_data["argmine_id"] = row_id
        docs.append(doc)
    docs = list(nlp.pipe(docs))
    assert [s._.unit_id for d in docs for s in d.spans["argmine"]] == ["c1#1", "c2#1", "c2#2"]
    plain = nlp("财不外露。隐私怎么办")
    assert [s._.unit_id for s in plain.spans["argmine"]] == ["doc#1", "doc#2"]


def test_spacy_component_follows_the_pipelines_error_handler():
    # nlp.set_error_handler(ignore_error) was not passed on: one doc whose units a token crosses stopped nlp.pipe
    from spacy.util import ignore_error

    nlp = spacy.blank("en")
    nlp.add_pipe("argmine", config={"model": "lexicon"})
    texts = ["Privacy matters. I hate ads.", "支付宝做社交是对的。财不外露。", "Another fine sentence."]
    with pytest.raises(argmine.errors.AlignmentError):
        list(nlp.pipe(texts))
    seen = []
    nlp.set_error_handler(lambda name, proc, docs, e: seen.append((name, [d.text for d in docs], type(e).__name__)))
    assert [d.text for d in nlp.pipe(texts)] == [texts[0], texts[2]]
    assert seen == [("argmine", [texts[1]], "AlignmentError")]
    nlp.set_error_handler(ignore_error)
    assert [[s.text for s in d.spans["argmine"]] for d in nlp.pipe(texts)] == [["Privacy matters.", "I hate ads."],
                                                                               ["Another fine sentence."]]


def test_spacy_component_refuses_a_second_argmine_component_in_one_pipeline():
    # spaCy keeps span._ values by offsets only: the second component overwrote the first one's themes and sentiment
    nlp = spacy.blank("zh")
    nlp.add_pipe("argmine", name="a", config={"model": "lexicon"})
    with pytest.raises(ValueError, match="the pipeline has an argmine component already \\('a'\\)"):
        nlp.add_pipe("argmine", name="b", config={"model": "lexicon", "spans_key": "b"})
    assert nlp.pipe_names == ["a"]
    nlp.disable_pipe("a")  # a disabled one is still there, and comes back
    with pytest.raises(ValueError, match="the pipeline has an argmine component already \\('a'\\)"):
        nlp.add_pipe("argmine", name="b", config={"model": "lexicon", "spans_key": "b"})
    nlp.enable_pipe("a")
    nlp.replace_pipe("a", "argmine", config={"model": "lexicon"})  # replacing it is not a second one
    doc = nlp("财不外露。")
    assert [s.text for s in doc.spans["argmine"]] == ["财不外露。"]


def test_spacy_component_refuses_an_extension_of_the_same_name_registered_another_way():
    from spacy.tokens import Span

    Span.remove_extension("sentiment")
    Span.set_extension("sentiment", getter=lambda span: "from-my-own-getter")
    try:
        nlp = spacy.blank("zh")
        with pytest.raises(ValueError, match="the span extension 'sentiment' is registered by another component"):
            nlp.add_pipe("argmine", config={"model": "lexicon"})
    finally:
        Span.remove_extension("sentiment")
        Span.set_extension("sentiment", default=None)


@pytest.mark.parametrize("batch_size", [-1, 0, "2", 1.5])
def test_spacy_component_checks_a_batch_size_given_to_pipe(nlp, batch_size):
    with pytest.raises(ValueError, match="batch_size"):
        list(nlp.pipe(["财不外露。"], component_cfg={"argmine": {"batch_size": batch_size}}))


@pytest.mark.parametrize("schema,expected", [
    ("missing.toml", "missing.toml: schema file not found; check the path given as 'schema' in the config of the "
                     "'stance' component"),
    ("x" * 300, "… (300 characters): cannot be used as a path (file name too long); pass the path of a schema TOML "
                "file as 'schema' in the config of the 'stance' component"),
])
def test_spacy_component_bad_schema_names_the_config_key_not_the_cli_option(tmp_path, monkeypatch, schema, expected):
    from argmine.errors import SchemaError

    monkeypatch.chdir(tmp_path)
    nlp = spacy.blank("zh")
    with pytest.raises(SchemaError) as e:  # at add_pipe (a config error), not per doc
        nlp.add_pipe("argmine", name="stance", config={"model": "lexicon", "schema": schema})
    assert str(e.value).endswith(expected) and "--schema" not in str(e.value)
    # the library and the CLI still name --schema
    with pytest.raises(SchemaError) as e:
        argmine.load_model("lexicon", schema="missing.toml")
    assert str(e.value) == "missing.toml: schema file not found; check the path given as --schema (schema= in Python)"


def test_spacy_component_good_schema_file_in_config_is_used(tmp_path):
    (tmp_path / "s.toml").write_text('[schema]\nid = "fire"\n[[themes]]\nid = "safety"\ncues = ["火灾"]\n'
                                     '[sentiment]\nnegative = ["危险"]\n', encoding="utf-8")
    nlp = spacy.blank("zh")
    nlp.add_pipe("argmine", config={"model": "lexicon", "schema": str(tmp_path / "s.toml")})
    doc = nlp("火灾很危险。")
    assert [(s.label_, s._.sentiment) for s in doc.spans["argmine"]] == [("safety", "negative")]


@pytest.mark.parametrize("config,error,expected", [
    ({"model": "models/mine"}, "ModelError", "models/mine: not a model directory (no such directory)"),
    ({"schema": "ebike.toml"}, "ModelError", "the model was trained for themes ['pro_social', 'privacy', 'brand_fit', 'bloat'], "
                                            "but the schema 'ebike' has ['safety']"),
    ({"model": "lexicon", "schema": "missing.toml"}, "SchemaError", "missing.toml: schema file not found"),
])
def test_spacy_component_config_error_raises_at_add_pipe_whatever_the_error_handler(tmp_path, monkeypatch, config, error, expected):
    # a model path typo, or a schema the packaged model cannot use, was raised per batch inside the try that hands errors
    # to the error handler: with ignore_error every doc was left out (nlp.pipe gave 0 docs), without a word
    from spacy.util import ignore_error

    monkeypatch.chdir(tmp_path)
    (tmp_path / "ebike.toml").write_text('[schema]\nid = "ebike"\n[[themes]]\nid = "safety"\ncues = ["火灾"]\n', encoding="utf-8")
    nlp = spacy.blank("zh")
    nlp.set_error_handler(ignore_error)
    with pytest.raises(getattr(argmine.errors, error)) as e:
        nlp.add_pipe("argmine", config=config)
    assert expected in str(e.value)
    assert nlp.pipe_names == []


def test_spacy_component_model_that_fails_to_load_raises_in_pipe_whatever_the_error_handler(monkeypatch):
    # the model is loaded on first use: a failure to load it fails every doc, so it is no doc's error to leave out
    from spacy.util import ignore_error

    from argmine.errors import ModelError

    nlp = spacy.blank("zh")
    component = nlp.add_pipe("argmine", config={"model": "lexicon"})
    nlp.set_error_handler(ignore_error)

    def fail(*args, **kwargs):
        raise ModelError("weights.safetensors: cannot be read")

    monkeypatch.setattr(sys.modules["argmine.classify"], "load_model", fail)  # (argmine.classify is the function)
    assert component._backend is None
    with pytest.raises(ModelError, match="cannot be read"):
        list(nlp.pipe(["财不外露。", "支付宝做社交是对的。"]))
    monkeypatch.undo()
    assert [len(d.spans["argmine"]) for d in nlp.pipe(["财不外露。", "支付宝做社交是对的。"])] == [1, 1]
