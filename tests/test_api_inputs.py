"""The library as a notebook uses it: paths the system refuses, what is not a path, repeated units, reloading, provenance."""

from __future__ import annotations

import io
import os
import pathlib
import re
import sys
import warnings

import pytest
from click.testing import CliRunner

import argmine
from argmine.cli import main
from argmine.errors import AnnotationError, InputError, InputWarning, ModelError, SchemaError

#: A file name over the 255 bytes a name may hold: Path.is_dir() raises OSError (ENAMETOOLONG) for it.
LONG = "x" * 300
#: How a message shows it: cut, with its length.
LONG_SHOWN = "x" * 80 + "… (304 characters)"
SCHEMA = """
[schema]
id = "ebike"
version = "1"
[[themes]]
id = "cost_burden"
name_en = "cost"
cues = ["补贴"]
[sentiment]
positive = ["好"]
negative = ["少"]
"""


@pytest.fixture
def text_file(tmp_path):
    path = tmp_path / "a.txt"
    path.write_text("换车补贴太少。\n", encoding="utf-8")
    return path


def run(*args: object):
    return CliRunner().invoke(main, list(map(str, args)), catch_exceptions=False)


# --- 1. a name the system refuses (over 255 bytes): one typed error naming it, and the other inputs go on ----------


def test_read_reports_a_name_too_long_and_reads_the_other_inputs(text_file):
    errors = []
    docs = argmine.read([text_file, f"{LONG}.txt"], on_error=errors.append)
    assert [d.id for d in docs] == ["a"]
    assert [str(e) for e in errors] == [f"{LONG_SHOWN}: cannot be used as a path (file name too long); check the path"]


def test_analyze_hands_a_name_too_long_to_on_error(text_file):
    errors = []
    a = argmine.analyze([str(text_file), f"{LONG}.txt"], model="lexicon", on_error=errors.append)
    assert len(a.units) == 1 and len(errors) == 1 and isinstance(errors[0], InputError)
    with pytest.raises(InputError, match="file name too long"):
        argmine.analyze([f"{LONG}.txt"], model="lexicon")


def test_analyze_long_english_text_reads_as_text_not_as_a_path():
    with pytest.raises(InputError, match="it reads as text, not a path; put the text in a file"):
        argmine.analyze(["In my view Alipay going social is right " * 10])


def test_cli_analyze_reports_a_name_too_long_in_one_line_and_analyses_the_other(text_file):
    r = run("analyze", text_file, f"{LONG}.txt", "--model", "lexicon", "-q")
    assert r.exit_code == 1
    assert f"argmine: error: {LONG_SHOWN}: cannot be used as a path (file name too long); check the path" in r.stderr.splitlines()
    assert r.stderr.splitlines()[-1] == "argmine: error: 1 input failed; the other inputs were processed"
    assert "Traceback" not in r.output and "换车补贴太少" in r.stdout


@pytest.mark.parametrize("path, reason", [(LONG + ".toml", "file name too long"), ("a\0b.toml", "it holds a NUL character")])
def test_load_schema_refuses_a_path_the_system_refuses(path, reason):
    with pytest.raises(SchemaError, match=f"cannot be used as a path \\({reason}\\); pass the path of a schema TOML file"):
        argmine.load_schema(path)


def test_analyze_schema_name_too_long_is_a_schema_error():
    with pytest.raises(SchemaError, match="file name too long"):  # not an OSError from the check for a model passed as the schema
        argmine.analyze([], schema=LONG + ".toml", model="lexicon")


def test_load_model_refuses_a_name_too_long(text_file):
    with pytest.raises(ModelError, match="file name too long.*pass a model directory written by 'argmine train', or the name 'lexicon'"):
        argmine.load_model(LONG)
    r = run("classify", text_file, "--model", LONG)
    assert r.exit_code == 2 and len(r.stderr.splitlines()) == 1 and "file name too long" in r.stderr


def test_load_gold_and_agreement_refuse_a_name_too_long():
    from argmine.annotations import load_gold

    with pytest.raises(AnnotationError, match="file name too long"):
        load_gold(LONG + ".jsonl")
    r = run("agreement", LONG + ".jsonl", LONG + ".jsonl")
    assert r.exit_code == 1 and r.stderr.startswith("argmine: error: xxx") and "Traceback" not in r.output


def test_cli_import_of_a_name_too_long_is_one_line(tmp_path):
    r = run("import", LONG + ".json", "--format", "label-studio", "-o", tmp_path / "g.jsonl")
    assert r.exit_code == 1
    assert r.stderr.splitlines() == [  # a file not read, as a missing one is (import_annotations reports it)
        f"argmine: error: {LONG_SHOWN.replace('304', '305')}: cannot be used as a path (file name too long); check the path",
        f"argmine: no gold record imported, nothing written to {tmp_path / 'g.jsonl'}; 1 of 1 file failed (not read), 0 records failed, "
        "0 conflicts, 0 unlabelled"]


def test_load_examples_names_a_name_too_long_shortened():
    from argmine.train import load_examples

    with pytest.raises(InputError, match=r"… \(306 characters\): cannot be used as a path \(file name too long\)") as e:
        load_examples(LONG + ".jsonl")
    assert e.value.file_level


# --- 2, 3. Hugging Face: files changed since loaded are read again; a DatasetDict is classified split by split ------


def test_classify_dataset_reads_an_edited_schema_again(tmp_path, monkeypatch):
    datasets = pytest.importorskip("datasets")
    from argmine.hf import classify_dataset

    ds = datasets.Dataset.from_dict({"text": ["换车补贴太少。"]})
    monkeypatch.chdir(tmp_path)
    pathlib.Path("live.toml").write_text(SCHEMA, encoding="utf-8")
    assert classify_dataset(ds, model="lexicon", schema="live.toml")["themes"] == [["cost_burden"]]
    pathlib.Path("live.toml").write_text(SCHEMA.replace("cost_burden", "money"), encoding="utf-8")
    assert classify_dataset(ds, model="lexicon", schema="live.toml")["themes"] == [["money"]]
    (tmp_path / "other").mkdir()
    (tmp_path / "other" / "live.toml").write_text(SCHEMA.replace("cost_burden", "price"), encoding="utf-8")
    monkeypatch.chdir(tmp_path / "other")  # the same relative path names another file
    assert classify_dataset(ds, model="lexicon", schema="live.toml")["themes"] == [["price"]]


def test_classify_batch_reads_a_schema_object_with_edited_cues_again(tmp_path):
    from argmine.hf import classify_batch

    batch = {"text": ["换车补贴太少。"]}
    path = tmp_path / "s.toml"
    path.write_text(SCHEMA, encoding="utf-8")
    first = argmine.load_schema(path)
    assert classify_batch(batch, model="lexicon", schema=first)["themes"] == [["cost_burden"]]
    path.write_text(SCHEMA.replace('["补贴"]', '["报废"]'), encoding="utf-8")
    edited = argmine.load_schema(path)
    assert repr(edited) == repr(first)  # the same ids, version and file: only the cues differ
    assert classify_batch(batch, model="lexicon", schema=edited)["themes"] == [[]]
    assert classify_batch(batch, model="lexicon", schema=first)["themes"] == [["cost_burden"]]


@pytest.mark.parametrize("given, error, message", [
    ({"model": "a\0b"}, ModelError, "a\\0b: cannot be used as a path (it holds a NUL character); pass a model directory"),
    ({"model": "lexicon", "schema": "a\0b.toml"}, SchemaError, "a\\0b.toml: cannot be used as a path (it holds a NUL character); "
                                                                 "pass the path of a schema TOML file"),
])
def test_classify_batch_with_a_nul_in_a_path_is_a_typed_error(given, error, message):
    from argmine.hf import classify_batch

    with pytest.raises(error) as e:
        classify_batch({"text": ["财不外露。"]}, **given)
    assert str(e.value).startswith(message)


def test_classify_dataset_reads_a_model_saved_again_into_its_folder(tmp_path):
    datasets = pytest.importorskip("datasets")
    from argmine.hf import classify_dataset
    from argmine.schema import parse_schema
    import tomllib

    ds = datasets.Dataset.from_dict({"text": ["换车补贴太少。"]})
    model = tmp_path / "model"
    argmine.load_model("lexicon", schema=parse_schema(tomllib.loads(SCHEMA))).save(model)
    assert classify_dataset(ds, model=str(model))["themes"] == [["cost_burden"]]
    argmine.load_model("lexicon", schema=parse_schema(tomllib.loads(SCHEMA.replace("cost_burden", "money")))).save(model)
    assert classify_dataset(ds, model=str(model))["themes"] == [["money"]]


def test_classify_dataset_does_not_reuse_a_result_cached_on_disk_for_the_old_schema(tmp_path):
    datasets = pytest.importorskip("datasets")
    from argmine.hf import classify_dataset

    datasets.Dataset.from_dict({"text": ["财不外露。"]}).save_to_disk(tmp_path / "ds")
    ds = datasets.load_from_disk(tmp_path / "ds")  # a dataset with files: map caches its results beside them
    schema = tmp_path / "s.toml"
    schema.write_text(SCHEMA, encoding="utf-8")
    assert classify_dataset(ds, model="lexicon", schema=str(schema))["themes"] == [[]]
    schema.write_text(SCHEMA.replace('["补贴"]', '["补贴", "外露"]'), encoding="utf-8")  # the same themes: the same features
    assert classify_dataset(ds, model="lexicon", schema=str(schema))["themes"] == [["cost_burden"]]


def test_classify_dataset_classifies_each_split_of_a_dataset_dict():
    datasets = pytest.importorskip("datasets")
    from argmine.hf import classify_dataset

    dd = datasets.DatasetDict({"train": datasets.Dataset.from_dict({"text": ["财不外露。"]}),
                               "test": datasets.Dataset.from_dict({"text": ["换车补贴太少。", "好。"]})})
    out = classify_dataset(dd, model="lexicon")
    assert isinstance(out, datasets.DatasetDict) and list(out) == ["train", "test"]
    assert out["train"]["themes"] == [["privacy"]] and out["test"].num_rows == 2


@pytest.mark.parametrize("given, hint", [(["财不外露。"], "Dataset.from_dict"), ("frame", "Dataset.from_pandas(df)"),
                                         ("series", "; make one: datasets.Dataset.from_dict({'text': texts.tolist()})")])
def test_classify_dataset_refuses_what_is_no_dataset_with_how_to_make_one(given, hint):
    pytest.importorskip("datasets")
    pd = pytest.importorskip("pandas")
    from argmine.hf import classify_dataset

    if isinstance(given, str):
        given = {"frame": pd.DataFrame({"text": ["财不外露。"]}), "series": pd.Series(["财不外露。"])}[given]
    with pytest.raises(TypeError, match=r"classify_dataset\(\) takes a datasets.Dataset .*" + re.escape(hint)):
        classify_dataset(given, model="lexicon")


@pytest.mark.parametrize("batch", [["财不外露。"], "财不外露。"])
def test_classify_batch_refuses_what_is_no_batch(batch):
    with pytest.raises(TypeError, match=r"classify_batch\(\) takes a batch, a dict of columns such as \{'text': \[...\]\}"):
        argmine.classify_batch(batch, model="lexicon")


# --- 4. a unit given twice is counted once; another unit under a taken id is a bad input ----------------------------


def test_analyze_counts_a_document_and_its_own_units_once_with_a_warning():
    docs = [argmine.Document("a", "支付宝做社交是对的。"), argmine.Document("b", "财不外露。")]
    units = argmine.segment(docs)
    with pytest.warns(InputWarning, match="1 unit given again was counted once \\(the first: a#1\\)"):
        a = argmine.analyze([docs[0], *units], model="lexicon")
    assert [c.unit.id for c in a.units] == ["a#1", "b#1"]
    with pytest.warns(InputWarning, match="2 units given again were counted once"):
        b = argmine.analyze(units + units, model="lexicon")
    assert not b.to_pandas()["id"].duplicated().any()


@pytest.mark.parametrize("shape", ["document and its segmented", "segmented twice", "documents twice", "segmented and its document"])
def test_analyze_counts_a_document_given_again_once_with_the_unit_warning(shape):
    docs = [argmine.Document("a", "支付宝做社交是对的。财不外露。"), argmine.Document("b", "功能太多了。")]
    segmented = list(argmine.iter_segmented(docs))
    given = {"document and its segmented": docs + segmented[:1], "segmented twice": segmented + segmented[:1],
             "documents twice": docs + docs[:1], "segmented and its document": segmented + docs[:1]}[shape]
    with pytest.warns(InputWarning, match="2 units given again were counted once \\(the first: a#1\\)"):
        a = argmine.analyze(given, model="lexicon")
    assert [c.unit.id for c in a.units] == ["a#1", "a#2", "b#1"]
    assert a.totals["documents"] == 2


def test_analyze_counts_a_renamed_document_given_again_under_the_id_it_got():
    docs = [argmine.Document("a", "支付宝做社交是对的。"), argmine.Document("a", "财不外露。")]  # the second is a~2
    with pytest.warns(InputWarning, match="1 unit given again was counted once \\(the first: a~2#1\\)"):
        a = argmine.analyze(docs + list(argmine.iter_segmented(docs[1:])), model="lexicon", on_error=pytest.fail)
    assert [(c.unit.id, c.unit.text) for c in a.units] == [("a#1", "支付宝做社交是对的。"), ("a~2#1", "财不外露。")]


def test_analyze_keeps_documents_that_differ_only_in_their_meta(recwarn):
    # comments numbered per thread: the same id and text, another thread in meta, are two comments
    docs = [argmine.Document("1", "支持。", meta={"thread": "t1"}), argmine.Document("1", "支持。", meta={"thread": "t2"})]
    a = argmine.analyze(docs, model="lexicon", on_error=pytest.fail)
    assert [c.unit.id for c in a.units] == ["1#1", "1~2#1"]
    assert a.totals["documents"] == 2
    assert not [w for w in recwarn if issubclass(w.category, InputWarning)]


def test_analyze_reports_another_unit_under_a_taken_id():
    units = argmine.segment([argmine.Document("a", "支付宝做社交是对的。")])
    other = argmine.segment([argmine.Document("a", "功能太多了。")])  # another document called 'a'
    errors = []
    a = argmine.analyze(units + other, model="lexicon", on_error=errors.append)
    assert [c.unit.text for c in a.units] == ["支付宝做社交是对的。"]
    assert [str(e) for e in errors] == ["unit 'a#1': another unit of this run has this id (a 0..10: '支付宝做社交是对的。'), so it is not "
                                        "counted; give the documents distinct ids before segmenting them, or pass the Documents and let "
                                        "analyze() rename colliding ids"]


# --- 5, 9. what is not a path ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("given, message", [
    ([None], "paths[0] must be a path (str or os.PathLike), not NoneType"),
    ([5], "paths[0] must be a path (str or os.PathLike), not int"),
    ([b"corpora"], "paths[0] must be a path (str or os.PathLike), not bytes; decode a path first: os.fsdecode(path)"),
    ([argmine.Document("a", "财不外露。")], "paths[0] must be a path (str or os.PathLike), not Document; a Document is read already: "
                                          "pass it to argmine.segment() or argmine.analyze()"),
])
def test_read_refuses_an_item_that_is_no_path(given, message):
    with pytest.raises(TypeError) as e:
        argmine.read(given)
    assert str(e.value) == message


def test_read_refuses_a_data_frame_with_what_to_do():
    pd = pytest.importorskip("pandas")
    with pytest.raises(TypeError, match=r"not DataFrame; read\(\) takes files: save it"):
        argmine.read(pd.DataFrame({"text": ["a"]}))


@pytest.mark.parametrize("text", ["支付宝做社交是对的。", "财不外露，天经地义。", "第一行\n第二行", "In my view Alipay going social is right " * 10,
                                  "支付宝/微信都做社交，我反对。"])
def test_read_says_a_text_is_not_a_path(text):
    with pytest.raises(InputError, match="not a file or directory, and it reads as text, not a path; put the text in a file"):
        argmine.read([text])


@pytest.mark.parametrize("name", ["如何看待支付宝圈子？.html", "我的评论，第一批.txt", "数据。/a.txt", "财不外露。", "好！", "语料", "数据/评论"])
def test_a_missing_file_whose_name_has_chinese_punctuation_is_missing_not_text(tmp_path, monkeypatch, name):
    monkeypatch.chdir(tmp_path)
    with pytest.raises(InputError) as e:
        argmine.read([name])
    assert str(e.value) == f"{name}: no such file or directory; check the path"
    with pytest.raises(InputError) as e:
        argmine.analyze([name], model="lexicon")
    assert str(e.value) == f"{name}: no such file or directory; check the path"


@pytest.mark.parametrize("command", ["segment", "analyze", "report"])
def test_cli_commands_say_the_same_of_a_text_and_of_a_missing_chinese_folder(tmp_path, monkeypatch, command):
    monkeypatch.chdir(tmp_path)
    r = run(command, "支付宝做社交是对的。", "语料", *(["-o", "r.html"] if command == "report" else []), "--model" if command != "segment" else "-q",
            *(["lexicon"] if command != "segment" else []))
    assert r.exit_code == 1
    assert r.stderr.splitlines()[:2] == [
        "argmine: error: '支付宝做社交是对的。': not a file or directory, and it reads as text, not a path; put the text in a file and "
        "pass its path, or pipe it in as '-' (in Python: argmine.Document(id, text), which argmine.segment() and argmine.analyze() take)",
        "argmine: error: 语料: no such file or directory; check the path"]


def test_a_link_that_leads_nowhere_given_as_a_path_says_so(tmp_path):
    (tmp_path / "loopA").symlink_to(tmp_path / "loopB")
    (tmp_path / "loopB").symlink_to(tmp_path / "loopA")
    (tmp_path / "坏链接！.txt").symlink_to(tmp_path / "nowhere.txt")
    errors = []
    argmine.read([tmp_path / "loopA", tmp_path / "坏链接！.txt"], on_error=errors.append)
    assert [str(e) for e in errors] == [
        f"{tmp_path}/loopA: broken symbolic link to {tmp_path}/loopB (a loop of links, each leading to the next: too many levels of "
        "symbolic links); fix the link or remove it",
        f"{tmp_path}/坏链接！.txt: broken symbolic link to {tmp_path}/nowhere.txt (No such file or directory); fix the link or remove it"]


def test_a_folder_walk_past_the_path_limit_names_the_folder_cut_and_reads_the_rest(tmp_path, monkeypatch):
    (tmp_path / "deep").mkdir()
    (tmp_path / "deep" / "top.txt").write_text("支付宝做社交是对的。", encoding="utf-8")
    monkeypatch.chdir(tmp_path / "deep")
    for i in range(18):  # 18 folders of 241 bytes: each name is allowed, the path to the last is over 4096 bytes
        os.mkdir("e" * 240 + chr(ord("a") + i))
        os.chdir("e" * 240 + chr(ord("a") + i))
    monkeypatch.chdir(tmp_path)
    errors = []
    docs = argmine.read(["deep"], on_error=errors.append)
    assert [d.id for d in docs] == ["top"]
    [error] = map(str, errors)
    assert error.startswith("deep/" + "e" * 75 + "… (") and len(error) < 250, error
    assert error.endswith(": cannot be used as a path (file name too long); its files were not read: move them to a folder with a "
                          "shorter path")


def test_read_and_analyze_take_any_path_like(text_file):
    entry = next(os.scandir(text_file.parent))
    assert [d.id for d in argmine.read([entry])] == ["a"]
    assert len(argmine.analyze([entry], model="lexicon").units) == 1
    assert len(argmine.analyze([pathlib.PurePosixPath(text_file)], model="lexicon").units) == 1


@pytest.mark.parametrize("path, hint", [("corpora/*.txt", "nothing expanded the pattern: pass the folder with --include GLOB"),
                                        ("~/no-such-corpus", "nothing expanded ~")])
def test_a_missing_path_the_shell_would_have_expanded_says_so(path, hint):
    with pytest.raises(InputError, match=f"no such file or directory; check the path \\({hint}"):
        argmine.read([path])


def test_load_schema_of_toml_text_says_to_pass_a_path_or_parse_it():
    with pytest.raises(SchemaError) as e:
        argmine.load_schema(SCHEMA * 3)
    assert "\n" not in str(e.value)
    assert str(e.value).endswith("this reads as TOML text; save it to a file and pass the path, or parse the text: "
                                 "argmine.schema.parse_schema(tomllib.loads(text))")


# --- 6. wrong arguments: a TypeError naming what to pass, before any work ------------------------------------------


@pytest.mark.parametrize("call, message", [
    (lambda: argmine.train(pathlib.Path("g.jsonl")), r"not PosixPath; to read a gold file, pass load_examples\(path\)"),
    (lambda: argmine.train(None), r"train\(\) takes labelled records .*not NoneType"),
    (lambda: argmine.evaluate(None, []), r"evaluate\(\) takes labelled records .*not NoneType"),
    (lambda: argmine.evaluate([], None), r"evaluate\(\) takes predictions .*not NoneType"),
    (lambda: argmine.evaluate([], argmine.analyze([], model="lexicon")), r"not Analysis; pass analysis.units"),
    (lambda: argmine.analyze([], progress=True), "progress must be None or a function that wraps an iterable, such as tqdm.tqdm, not bool"),
])
def test_wrong_arguments_are_a_type_error_saying_what_to_pass(call, message):
    with pytest.raises(TypeError, match=message):
        call()


def test_load_model_refuses_a_backend_class():
    from argmine.backends.lexicon import LexiconBackend

    with pytest.raises(TypeError, match="not the class LexiconBackend; pass an instance: argmine.load_model\\('lexicon'\\)"):
        argmine.analyze([argmine.Document("d", "财不外露。")], model=LexiconBackend)


def test_analyze_reads_standard_input_replaced_by_a_text_stream(monkeypatch):
    monkeypatch.setattr(sys, "stdin", io.StringIO("财不外露。支付宝做社交是对的。"))
    assert len(argmine.analyze("-", model="lexicon").units) == 2
    monkeypatch.setattr(sys, "stdin", None)  # pythonw: no standard input at all
    with pytest.raises(InputError, match="file is empty"):
        argmine.analyze("-", model="lexicon")


# --- 7. reader option errors name the keyword too ------------------------------------------------------------------


@pytest.mark.parametrize("option, value, keyword", [("row_kind", "post", "row_kind"), ("input_format", "xlsx", "input_format"),
                                                    ("encoding", "nope", "encoding")])
def test_reader_option_errors_name_the_python_keyword(option, value, keyword):
    with pytest.raises(InputError, match=f"\\({keyword}= in Python\\)$"):
        argmine.ReadOptions(**{option: value})


def test_input_format_is_taken_in_any_case(tmp_path):
    path = tmp_path / "rows.data"
    path.write_text("id,text\n7,财不外露。\n", encoding="utf-8")
    assert [d.id for d in argmine.read([path], input_format="CSV")] == ["7"]


# --- 8. a loaded backend is named in the provenance as its directory would be ----------------------------------------


def test_provenance_names_the_model_a_loaded_backend_came_from(tmp_path):
    docs = [argmine.Document("d", "财不外露。")]
    by_default = argmine.analyze(docs).provenance["model"]
    assert argmine.analyze(docs, model=argmine.load_model()).provenance["model"] == by_default
    model = tmp_path / "m"
    argmine.load_model("lexicon").save(model)
    loaded = argmine.load_model(str(model))
    assert argmine.analyze(docs, model=loaded).provenance["model"] == argmine.analyze(docs, model=str(model)).provenance["model"]
    assert argmine.analyze(docs, model=loaded).provenance["model"]["path"] == str(model)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        retrained = argmine.train([argmine.train.__globals__["Example"]("财不外露", ("privacy",), "negative")], backend=loaded)
    assert argmine.analyze(docs, model=retrained).provenance["model"] == {"name": "lexicon"}  # fitted again: no longer that directory's


def test_analyze_reads_a_series_of_paths_as_read_does_and_refuses_one_of_texts(tmp_path):
    pd = pytest.importorskip("pandas")
    (tmp_path / "a.txt").write_text("支付宝做社交是对的。", "utf-8")
    (tmp_path / "b.txt").write_text("财不外露。", "utf-8")
    paths = pd.Series([str(tmp_path / "a.txt"), tmp_path / "b.txt"])
    assert [d.text for d in argmine.read(paths)] == ["支付宝做社交是对的。", "财不外露。"]
    a = argmine.analyze(paths, model="lexicon")
    assert [c.unit.id for c in a.units] == ["a#1", "b#1"]
    with pytest.raises(TypeError, match=re.escape("not Series; pass one Document per text: [argmine.Document(str(i), t) for i, t in")):
        argmine.analyze(pd.Series([str(tmp_path / "a.txt"), "支付宝做社交是对的。"]), model="lexicon")  # the reader's rule: a text


def test_analyze_docstring_says_a_document_given_again_is_equal_in_every_field_as_the_docs_do():
    import inspect

    docs = (pathlib.Path(__file__).parent.parent / "docs" / "analyze.md").read_text("utf-8")
    assert "again (equal in every field, `meta` included" in docs
    assert "again (equal in every field, ``meta`` included" in inspect.getdoc(argmine.analyze)
    assert "the same id, text, source, row and kind" not in inspect.getdoc(argmine.analyze)
