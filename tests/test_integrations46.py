"""QA round 46, integrations: argmine.hf reads a text as a unit is read, formatted datasets, map keywords it cannot
pass on, argmine.hf after a plain `import argmine`, and span extensions another package registered."""

from __future__ import annotations

import subprocess
import sys

import pytest

import argmine

SENTENCE = "这些能看出,正常情况下,阿里系的品牌管理绝对不在话下。"
QUESTION = "那么,为何最近支付宝这边出现异常?"


def _as_unit(text: str):
    """The prediction `argmine classify` gives ``text`` (one sentence: one unit), with the packaged model."""
    (unit,) = argmine.segment([argmine.Document("d", text)])
    (classified,) = list(argmine.classify([unit]))
    return classified.prediction


# --- 1. argmine.hf strips a text's ends as segmentation strips a unit's ------------------------------------------


@pytest.mark.parametrize("text", [
    " " + SENTENCE,
    SENTENCE + " ",
    "\u3000\u3000" + QUESTION,  # a full-width indent, as Chinese text and scraped cells have it
    "\u200b " + QUESTION + "\u3000\r\n",  # invisible and white space at both ends
])
def test_classify_batch_reads_a_text_without_the_space_at_its_ends_as_a_unit(text):
    bare = text.strip().strip("\u200b").strip()
    unit = _as_unit(text)
    assert unit.themes == _as_unit(bare).themes  # (the unit itself is cut without them)
    out = argmine.classify_batch({"text": [text, bare]})
    assert out["themes"] == [list(unit.themes)] * 2
    assert out["sentiment"] == [unit.sentiment] * 2
    assert out["scores"][0] == out["scores"][1] == {t: float(unit.scores.get(t, 0.0)) for t in out["scores"][0]}
    assert out["sentiment_score"] == [float(unit.sentiment_score)] * 2


def test_classify_dataset_gives_a_cell_with_spaces_at_its_ends_the_bare_cells_prediction():
    from datasets import Dataset

    from argmine.hf import classify_dataset

    texts = [SENTENCE, " " + SENTENCE, SENTENCE + " ", "\u3000\u3000" + QUESTION, QUESTION]
    out = classify_dataset(Dataset.from_dict({"text": texts}))
    assert out["themes"][:3] == [out["themes"][0]] * 3 and out["scores"][:3] == [out["scores"][0]] * 3
    assert out["sentiment"][3] == out["sentiment"][4] == _as_unit(texts[3]).sentiment
    assert out["scores"][3] == out["scores"][4]


def test_classify_batch_reads_a_blank_text_as_an_empty_one():
    out = argmine.classify_batch({"text": ["  \u3000\n", ""]}, model="lexicon")
    assert out["themes"][0] == out["themes"][1] and out["scores"][0] == out["scores"][1]


# --- 3. formatted datasets and map keywords classify_dataset cannot pass on --------------------------------------


@pytest.fixture
def ds():
    from datasets import Dataset

    return Dataset.from_dict({"id": ["a", "b"], "text": ["财不外露。", "支付宝做社交是对的。"]})


@pytest.mark.parametrize("fmt", [{"type": "pandas"}, {"type": "arrow"}, {"type": "numpy"}, {"type": "numpy", "columns": ["text"]},
                                 {"type": "numpy", "columns": ["text"], "output_all_columns": True},
                                 {"type": None, "columns": ["text"]}])
def test_classify_dataset_classifies_a_formatted_dataset_and_keeps_its_format_as_map_does(ds, fmt):
    from argmine.hf import classify_dataset

    plain = classify_dataset(ds, model="lexicon")
    out = classify_dataset(ds.with_format(**fmt), model="lexicon")
    assert out.with_format(None)[:] == plain[:]
    assert out.format["type"] == fmt["type"]
    if "columns" not in fmt:  # every column formatted, the new ones too
        assert out.format == {"type": fmt["type"], "format_kwargs": {}, "columns": plain.column_names, "output_all_columns": False}
        return
    # the format Dataset.map gives its own result: the new columns formatted, the columns the format left out still out
    mapped = ds.with_format(**fmt).map(lambda rows: {c: [0] * len(ds) for c in plain.column_names[2:]}, batched=True)
    assert out.format == mapped.format and "id" not in out.format["columns"] and "themes" in out.format["columns"]


def test_classify_dataset_names_a_bad_row_by_id_though_the_format_leaves_the_id_column_out(ds):
    from datasets import Dataset

    from argmine.errors import InputError
    from argmine.hf import classify_dataset

    bad = Dataset.from_dict({"id": ["a", "b"], "text": ["财不外露。", None]}).with_format("pandas", columns=["text"])
    with pytest.raises(InputError, match=r"^dataset: row with id 'b': 'text' is NoneType, expected a string"):
        classify_dataset(bad, model="lexicon")


def test_classify_dataset_classifies_a_formatted_iterable_dataset(ds):
    from argmine.hf import classify_dataset

    out = classify_dataset(ds.to_iterable_dataset().with_format("arrow"), model="lexicon")
    (table,) = list(out.iter(batch_size=2))
    assert type(table).__name__ == "Table"
    assert table.column("themes").to_pylist() == classify_dataset(ds, model="lexicon")["themes"]


@pytest.mark.parametrize("name, value, why", [
    ("input_columns", ["text"], "the classifier reads whole batches (the text column, and an id column to name a bad "
                                "row); drop input_columns= and pass text_column=NAME to say which column holds the texts"),
    ("fn_kwargs", {"model": "lexicon"}, "pass model=, schema= and text_column= to classify_dataset itself"),
    ("function", print, "it maps argmine's classifier; map another function over its result with ds.map(...)"),
])
def test_classify_dataset_refuses_a_map_keyword_it_cannot_pass_on_by_name(ds, name, value, why):
    from argmine.hf import classify_dataset

    with pytest.raises(TypeError) as e:
        classify_dataset(ds, model="lexicon", **{name: value})
    assert str(e.value) == f"classify_dataset cannot pass {name}= to Dataset.map: {why}"
    # map's default changes nothing
    assert classify_dataset(ds, model="lexicon", **{name: None})["themes"] == classify_dataset(ds, model="lexicon")["themes"]


# --- 4. argmine.hf after a plain `import argmine`, still imported only on use ------------------------------------


def test_argmine_hf_is_reached_after_a_plain_import_argmine_and_imported_on_first_use():
    code = ("import sys, argmine; before = 'argmine.hf' in sys.modules; f = argmine.hf.classify_dataset; "
            "from argmine.hf import classify_dataset; print(before, f is classify_dataset, 'hf' in dir(argmine), "
            "'hf' in argmine.__all__)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.split() == ["False", "True", "True", "False"]


# --- 2. span extensions another package registered ---------------------------------------------------------------


@pytest.fixture
def span_extensions():
    """Give the test spaCy's Span extensions as argmine registered them, and put them back after it."""
    pytest.importorskip("spacy")
    from spacy.tokens import Span

    import argmine.spacy_component as component

    yield Span
    for name in component.EXTENSIONS:
        Span.set_extension(name, default=None, force=True)


def test_add_pipe_works_after_the_foreign_extension_it_named_is_removed(span_extensions):
    import spacy

    Span = span_extensions
    Span.set_extension("kind", default="n/a", force=True)  # another package's, registered first
    nlp = spacy.blank("zh")
    with pytest.raises(ValueError) as e:
        nlp.add_pipe("argmine", config={"model": "lexicon"})
    assert str(e.value) == (
        "the span extension 'kind' is registered by another component (with its own default, getter or method), and "
        "the argmine component sets span._.kind; span extensions are shared by every pipeline in the process: remove "
        "that one (Span.remove_extension('kind')), and argmine registers its own again (at add_pipe, or at the next doc)"
    )
    Span.remove_extension("kind")  # what the message says to do
    nlp.add_pipe("argmine", config={"model": "lexicon"})
    doc = nlp("财不外露。")
    assert [s._.kind for s in doc.spans["argmine"]] == ["body"]
    assert Span.get_extension("kind") == (None, None, None, None)


def test_an_extension_registered_over_argmines_after_add_pipe_is_refused_not_read(span_extensions):
    import spacy

    Span = span_extensions
    nlp = spacy.blank("zh")
    nlp.add_pipe("argmine", config={"model": "lexicon"})
    Span.set_extension("sentiment", getter=lambda span: "from-my-own-getter", force=True)
    for run in (lambda: nlp("财不外露。"), lambda: list(nlp.pipe(["财不外露。"]))):
        with pytest.raises(ValueError, match=r"^the span extension 'sentiment' is registered by another component"):
            run()
    Span.remove_extension("sentiment")
    doc = nlp("财不外露。")
    assert [s._.sentiment for s in doc.spans["argmine"]] == [_sentiment("财不外露。")]


def _sentiment(text: str) -> str:
    (unit,) = argmine.segment([argmine.Document("d", text)])
    (classified,) = list(argmine.classify([unit], model="lexicon"))
    return classified.prediction.sentiment
