"""The spaCy component: docs read as table rows (comments), and a saved pipeline that holds its model and schema."""

from __future__ import annotations

import json
import os
import shutil

import pytest

spacy = pytest.importorskip("spacy")

import argmine  # noqa: E402
import argmine.spacy_component  # noqa: E402
from argmine.errors import InputError, ModelError  # noqa: E402

#: A reader's comment that opens like a "previous article" link (prev_next leaves table rows alone), and a two-line one
#: (a text file's first line would be its title).
COMMENTS = ["上一篇:作者还说支付宝社交是为了方便,现在又改口了", "支付宝圈子\n我觉得这个功能没必要，隐私最重要。"]

SCHEMA = ('[schema]\nid = "fire"\n[[themes]]\nid = "safety"\ncues = ["火灾"]\n[[themes]]\nid = "price"\ncues = ["价格"]\n'
          '[sentiment]\npositive = ["好"]\nnegative = ["差"]\n')


def _table(tmp_path, texts, **columns):
    import csv

    path = tmp_path / "comments.csv"
    with open(path, "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(["id", "text", *columns])
        for n, text in enumerate(texts):
            w.writerow([f"r{n}", text, *(v[n] for v in columns.values())])
    return path


def _spans(doc):
    return [(s._.unit_id, s.start_char, s.end_char, s._.kind) for s in doc.spans["argmine"]]


def _units(units):
    return [(u.id, u.start, u.end, u.kind) for u in units]


@pytest.mark.parametrize("where", ["user_data", "config"])
def test_spacy_component_reads_a_comment_doc_as_argmine_segment_reads_a_table_row(tmp_path, where):
    # every doc was read as a text file: the first comment was dropped whole as a "previous article" link, the second's
    # first line was a title, and no span was ever a comment
    rows = argmine.read([_table(tmp_path, COMMENTS)])
    nlp = spacy.blank("zh")
    nlp.add_pipe("argmine", config={"model": "lexicon", **({"kind": "comment"} if where == "config" else {})})
    docs = []
    for d in rows:
        doc = nlp.make_doc(d.text)
        doc.user_data["argmine_id"] = d.id
        if where == "user_data":
            doc.user_data["argmine_kind"] = "comment"
        docs.append(doc)
    spans = [s for doc in nlp.pipe(docs) for s in _spans(doc)]
    assert spans == _units(argmine.segment(rows))
    assert spans == [("r0#1", 0, 25, "comment"), ("r1#1", 0, 5, "comment"), ("r1#2", 6, 23, "comment")]


@pytest.mark.parametrize("kind", ["title", "body", "auto"])
def test_spacy_component_reads_a_row_of_each_kind_as_argmine_segment_does(tmp_path, kind):
    # "auto": no kind of its own, cleaning decides (argmine segment --row-kind auto), still a row (no prev_next, no title)
    rows = argmine.read([_table(tmp_path, COMMENTS)], row_kind=kind)
    nlp = spacy.blank("zh")
    nlp.add_pipe("argmine", config={"model": "lexicon"})
    spans = []
    for d in rows:
        doc = nlp.make_doc(d.text)
        doc.user_data.update(argmine_id=d.id, argmine_kind=kind)
        spans += _spans(nlp(doc))
    assert spans == _units(argmine.segment(rows))
    assert [s[1:3] for s in spans] == [(0, 25), (0, 5), (6, 23)]


def test_spacy_component_doc_kind_overrides_the_config_kind():
    nlp = spacy.blank("zh")
    nlp.add_pipe("argmine", config={"model": "lexicon", "kind": "comment"})
    doc = nlp.make_doc(COMMENTS[1])
    doc.user_data["argmine_kind"] = "text"  # a text file after all: its first line is its title
    assert [s[3] for s in _spans(nlp(doc))] == ["title", "body"]
    assert [s[3] for s in _spans(nlp(COMMENTS[1]))] == ["comment", "comment"]


def test_spacy_component_refuses_an_unknown_doc_kind_and_leaves_only_that_doc_out():
    from spacy.util import ignore_error

    nlp = spacy.blank("zh")
    nlp.add_pipe("argmine", config={"model": "lexicon"})
    bad = nlp.make_doc(COMMENTS[0])
    bad.user_data.update(argmine_id="r0", argmine_kind="Comment")
    with pytest.raises(InputError) as e:
        nlp(bad)
    assert str(e.value) == ("doc 'r0': doc.user_data[\"argmine_kind\"] must be one of: text, title, body, comment, auto "
                            "(or None: the component's kind); found 'Comment'")
    nlp.set_error_handler(ignore_error)
    good = nlp.make_doc(COMMENTS[0])
    good.user_data["argmine_kind"] = "comment"
    assert [len(d.spans["argmine"]) for d in nlp.pipe([bad, good])] == [1]


def test_spacy_component_refuses_an_unknown_kind_setting():
    nlp = spacy.blank("zh")
    with pytest.raises(ValueError) as e:
        nlp.add_pipe("argmine", config={"model": "lexicon", "kind": "row"})
    assert str(e.value) == "kind must be one of: text, title, body, comment, auto (or null: text); found 'row'"


@pytest.fixture()
def tiny_model(tmp_path):
    """A linear model trained on six hand-made units, and its schema file."""
    schema = tmp_path / "fire.toml"
    schema.write_text(SCHEMA, encoding="utf-8")
    records = [{"text": t, "themes": th, "sentiment": s} for t, th, s in [
        ("楼道里有火灾隐患。", ["safety"], "negative"), ("电池起火很危险。", ["safety"], "negative"),
        ("价格太贵了。", ["price"], "negative"), ("这个价钱很好。", ["price"], "positive"),
        ("今天天气不错。", [], "neutral"), ("我去上班了。", [], "neutral")]]
    with pytest.warns(argmine.InputWarning, match="the training data has only 6 units"):
        argmine.train(records, backend="linear", schema=str(schema)).save(tmp_path / "mymodel")
    return tmp_path / "mymodel", schema


def _results(nlp, text="电池起火很危险。价格太贵了。"):
    doc = nlp(text)
    return [(s.text, s._.themes, s._.scores, s._.sentiment) for s in doc.spans["argmine"]]


def test_spacy_pipeline_saved_to_disk_holds_its_model_and_schema(tmp_path, tiny_model, monkeypatch):
    # the saved folder held only the config's (relative) paths: spacy.load failed from another directory, and would
    # have used a model retrained in place
    model, schema = tiny_model
    monkeypatch.chdir(tmp_path)
    nlp = spacy.blank("zh")
    nlp.add_pipe("argmine", config={"model": "mymodel", "schema": "fire.toml"})
    expected = _results(nlp)
    nlp.to_disk(tmp_path / "pipe")
    saved = tmp_path / "pipe" / "argmine"
    assert sorted(os.listdir(saved)) == ["argmine.json", "model", "schema.toml"]
    assert sorted(os.listdir(saved / "model")) == ["config.json", "schema.toml", "weights.safetensors"]
    assert json.loads((saved / "argmine.json").read_text("utf-8")) == {"model": "model", "schema": "schema.toml"}
    shutil.rmtree(model)
    schema.unlink()
    (tmp_path / "elsewhere").mkdir()
    monkeypatch.chdir(tmp_path / "elsewhere")
    loaded = spacy.load("../pipe")
    assert loaded.get_pipe("argmine").model == os.path.join("..", "pipe", "argmine", "model")
    assert _results(loaded) == expected
    loaded.to_disk("again")  # a loaded pipeline saved again (and over itself) keeps its copies
    loaded.to_disk("../pipe")
    assert _results(spacy.load("again")) == _results(spacy.load("../pipe")) == expected


@pytest.mark.parametrize("config,saved", [
    ({"model": "lexicon", "schema": "fire.toml"}, {"model": "lexicon", "schema": "schema.toml"}),
    ({}, {"model": None, "schema": None}),  # the packaged default: a name, nothing to copy
])
def test_spacy_pipeline_saved_with_a_model_name_saves_no_model(tmp_path, monkeypatch, config, saved):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "fire.toml").write_text(SCHEMA, encoding="utf-8")
    nlp = spacy.blank("zh")
    nlp.add_pipe("argmine", config=config)
    expected = _results(nlp)
    nlp.to_disk("pipe")
    assert json.loads((tmp_path / "pipe" / "argmine" / "argmine.json").read_text("utf-8")) == saved
    assert not (tmp_path / "pipe" / "argmine" / "model").exists()
    (tmp_path / "fire.toml").unlink()
    assert _results(spacy.load("pipe")) == expected


def test_spacy_pipeline_saved_without_its_folder_uses_the_config_paths(tmp_path, tiny_model, monkeypatch):
    # a pipeline saved before the component saved its files (no argmine/ folder, no meta key) loads as it did
    model, schema = tiny_model
    nlp = spacy.blank("zh")
    nlp.add_pipe("argmine", config={"model": str(model), "schema": str(schema)})
    expected = _results(nlp)
    nlp.to_disk(tmp_path / "old")
    shutil.rmtree(tmp_path / "old" / "argmine")
    meta = json.loads((tmp_path / "old" / "meta.json").read_text("utf-8"))
    assert meta.pop("argmine_saved") == ["argmine"]
    (tmp_path / "old" / "meta.json").write_text(json.dumps(meta), encoding="utf-8")
    loaded = spacy.load(tmp_path / "old")
    assert loaded.get_pipe("argmine").model == str(model)
    assert _results(loaded) == expected
    # saved by this argmine, its folder removed by hand, and the config's model gone: the config's error, at load
    nlp.to_disk(tmp_path / "new")
    shutil.rmtree(tmp_path / "new" / "argmine")
    shutil.rmtree(model)
    with pytest.raises(ModelError) as e:
        spacy.load(tmp_path / "new")
    assert str(e.value).startswith(f"{model}: not a model directory (no such directory); check the path given as 'model' "
                                   "in the config of the 'argmine' component")


@pytest.mark.parametrize("settings", ['{"model": "../../elsewhere", "schema": null}', "[]", "{"])
def test_spacy_pipeline_with_damaged_saved_settings_is_refused_at_load(tmp_path, settings):
    nlp = spacy.blank("zh")
    nlp.add_pipe("argmine", config={"model": "lexicon"})
    nlp.to_disk(tmp_path / "pipe")
    saved = tmp_path / "pipe" / "argmine" / "argmine.json"
    saved.write_text(settings, encoding="utf-8")
    with pytest.raises(ModelError) as e:
        spacy.load(tmp_path / "pipe")
    assert str(e.value).startswith(f"{saved}: ")
    assert str(e.value).endswith("; it is written by nlp.to_disk with the argmine component: save the pipeline again")


@pytest.mark.parametrize("model,expected", [
    ("nomodel", "nomodel: not a model directory (no such directory); check the path given as 'model' in the config of "
                "the 'argmine' component, or pass a directory written by 'argmine train', or the name 'lexicon'"),
    ("fire.toml", "fire.toml: not a model directory (a file); pass a directory written by 'argmine train', or the name "
                  "'lexicon'; a .toml file looks like a schema: give it as 'schema' in the config of the 'argmine' component"),
])
def test_spacy_component_bad_model_names_the_config_key_not_the_cli_option(tmp_path, monkeypatch, model, expected):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "fire.toml").write_text(SCHEMA, encoding="utf-8")
    with pytest.raises(ModelError) as e:
        spacy.blank("zh").add_pipe("argmine", config={"model": model})
    assert str(e.value) == expected
