"""argmine as a library: the top-level names, and what the entry points refuse (and say to pass instead)."""

from __future__ import annotations

import importlib
import inspect
import re
import subprocess
import sys
from pathlib import Path

import pytest

import argmine
from argmine.errors import InputError, ModelError, SchemaError

ROOT = Path(__file__).resolve().parent.parent
EBIKE = """
[schema]
id = "ebike"
[[themes]]
id = "cost_burden"
name_en = "cost"
cues = ["补贴"]
[sentiment]
positive = ["好"]
negative = ["少"]
"""


# --- inputs analyze() cannot read ------------------------------------------------


def test_analyze_says_to_wrap_a_text_passed_as_a_path():
    with pytest.raises(InputError) as e:
        argmine.analyze("支付宝做社交是对的。", model="lexicon")
    assert str(e.value) == (  # what read() and the CLI say (E_TEXT_NOT_PATH): one rule, one message
        "'支付宝做社交是对的。': not a file or directory, and it reads as text, not a path; put the text in a file and pass its "
        "path, or pipe it in as '-' (in Python: argmine.Document(id, text), which argmine.segment() and argmine.analyze() take)")
    errors = []
    a = argmine.analyze(["第一行\n第二行很长很长很长很长很长很长很长很长", argmine.Document("d", "财不外露。")], model="lexicon",
                        on_error=errors.append)
    assert a.totals["units"] == 1  # the other inputs are analysed
    assert [e.source for e in errors] == ["'第一行\\n第二行很长很长很长很长很长很长很'… (23 characters)"]


@pytest.mark.parametrize("name", ["评论.txt", "数据/评论", "missing.txt"])
def test_analyze_reports_a_missing_file_named_in_chinese_as_missing(name):
    with pytest.raises(InputError, match="no such file or directory"):
        argmine.analyze(name, model="lexicon")


def _frame():
    pd = pytest.importorskip("pandas")
    return pd.DataFrame({"id": ["a", "b"], "text": ["财不外露。", "支付宝做社交是对的。"]})


@pytest.mark.parametrize("make, found, hint", [
    (lambda: "财不外露。".encode(), "bytes", "decode it first and wrap the text: argmine.Document(id, data.decode(encoding))"),
    (lambda: {"id": "a", "text": "财不外露。"}, "dict", "pass argmine.Document(record['id'], record['text']) per record"),
    (lambda: [{"id": "a", "text": "财不外露。"}], "dict", "pass argmine.Document(record['id'], record['text']) per record"),
    (_frame, "DataFrame", "pass one Document per row: [argmine.Document(str(i), t) for i, t in zip(df['id'], df['text'])]"),
    (lambda: _frame()["text"], "Series", "pass one Document per text"),
])
def test_analyze_refuses_bytes_dicts_and_dataframes_with_what_to_pass(make, found, hint):
    with pytest.raises(TypeError) as e:
        argmine.analyze(make(), model="lexicon")
    head = f"analyze() takes paths, Documents, Units or segmented documents (one, or a list of them), not {found}; "
    assert str(e.value).startswith(head + hint)


@pytest.mark.parametrize("make, found, hint", [
    (lambda: _frame().assign(themes=[["privacy"], []], sentiment=["negative", "positive"]), "DataFrame",
     "; pass df.to_dict('records') (columns text, themes, sentiment)"),
    (lambda: "gold.jsonl", "str", "; to read a gold file, pass load_examples(path) (from argmine.train import load_examples)"),
    (lambda: {"text": "财不外露。", "themes": ["privacy"], "sentiment": "negative"}, "dict", "; pass a list of such dicts"),
])
@pytest.mark.parametrize("stage", ["train", "cross_validate"])
def test_train_refuses_a_dataframe_a_string_and_a_dict_with_what_to_pass(make, found, hint, stage):
    from argmine.train import cross_validate, train

    with pytest.raises(TypeError) as e:
        (train if stage == "train" else cross_validate)(make(), backend="lexicon")
    assert str(e.value) == (f"{stage}() takes labelled records (Example, GoldRecord or dicts with text, themes, sentiment), "
                            f"not {found}{hint}")


def test_train_names_a_record_of_the_wrong_type_with_a_type_error():
    with pytest.raises(TypeError, match=r"^record 1 is a tuple; pass Example, GoldRecord or dict records \(text, themes, sentiment\)$"):
        argmine.train([{"text": "财不外露。", "themes": ["privacy"], "sentiment": "negative"}, ("臃肿", [], "negative")], backend="lexicon")


def test_analyze_schema_given_a_model_name_says_to_pass_model():
    with pytest.raises(SchemaError) as e:
        argmine.analyze(argmine.Document("d", "财不外露。"), "lexicon")
    assert str(e.value) == ("lexicon: schema file not found; 'lexicon' names a model, and analyze()'s second positional "
                            "argument is the schema: pass model='lexicon'")


# --- a loaded backend keeps its schema ----------------------------------------------


def test_classify_with_a_loaded_backend_refuses_another_schema_up_front(tmp_path):
    (tmp_path / "ebike.toml").write_text(EBIKE, "utf-8")
    lexicon = argmine.load_model("lexicon")
    units = argmine.segment([argmine.Document("x", "换车补贴太少。财不外露。")])
    with pytest.raises(ModelError, match=r"^schema 'ebike' \(.*ebike.toml\) is not the one this loaded lexicon model "
                                         r"predicts with \('alipay_social', .*\); a loaded model keeps its schema"):
        argmine.classify(units, model=lexicon, schema=tmp_path / "ebike.toml")
    by_name = [c.prediction.themes for c in argmine.classify(units, model="lexicon", schema=tmp_path / "ebike.toml")]
    assert by_name == [("cost_burden",), ()]
    same = [c.prediction.themes for c in argmine.classify(units, model=lexicon, schema=argmine.load_schema())]
    assert same == [(), ("privacy",)]  # its own schema, read again, is fine


def test_analyze_with_a_loaded_backend_and_another_schema_fails_before_predicting(tmp_path):
    (tmp_path / "ebike.toml").write_text(EBIKE, "utf-8")
    backend = argmine.load_model("lexicon")
    calls = []
    backend.predict = lambda *a, **k: calls.append(a) or []
    with pytest.raises(ModelError, match="a loaded model keeps its schema"):
        argmine.analyze([argmine.Document("d", "财不外露。")], schema=tmp_path / "ebike.toml", model=backend)
    assert calls == []


def test_classify_batch_with_a_loaded_backend_refuses_another_schema(tmp_path):
    (tmp_path / "ebike.toml").write_text(EBIKE, "utf-8")
    with pytest.raises(ModelError, match="a loaded model keeps its schema"):
        argmine.classify_batch({"text": ["换车补贴太少。"]}, model=argmine.load_model("lexicon"), schema=tmp_path / "ebike.toml")


# --- rules= ---------------------------------------------------------------------


def test_rules_take_a_rules_file_path_as_schema_takes_a_schema_file(tmp_path):
    rules = tmp_path / "rules.toml"
    rules.write_text('[[rules]]\nid = "ad"\nscope = "line"\npattern = "广告.*"\nreason = "advert"\n', "utf-8")
    doc = argmine.Document("d", "广告：买买买\n财不外露。")
    assert [d.rule for d in argmine.clean(doc, rules=str(rules)).dropped] == ["ad"]
    assert [u.text for u in argmine.segment([doc], rules=rules)] == ["财不外露。"]
    assert [u.text for s in argmine.iter_segmented([doc], rules=rules) for u in s.units] == ["财不外露。"]
    a = argmine.analyze(doc, model="lexicon", rules=rules)
    assert [d.rule for d in a.dropped] == ["ad"] and a.totals["units"] == 1
    with pytest.raises(SchemaError, match="nope.toml: cannot read rules file"):
        argmine.analyze(doc, model="lexicon", rules=tmp_path / "nope.toml")


def test_segment_reports_a_bad_rules_path_once_not_per_document(tmp_path):
    docs = [argmine.Document(f"d{i}", "财不外露。") for i in range(3)]
    errors = []
    with pytest.raises(SchemaError) as e:
        argmine.segment(docs, rules=tmp_path / "nope.toml", on_error=errors.append)
    assert "nope.toml: cannot read rules file" in str(e.value)
    assert errors == []


def test_segment_resolves_a_list_of_rules_once_not_per_document(monkeypatch):
    clean_module = importlib.import_module("argmine.clean")
    built = []
    real = clean_module._prefilter
    monkeypatch.setattr(clean_module, "_prefilter", lambda rules, scope: built.append(scope) or real(rules, scope))
    rules = list(clean_module.load_rules())
    docs = [argmine.Document(f"d{i}", "财不外露。") for i in range(3)]
    assert len(argmine.segment(docs, rules=rules)) == 3
    assert built == ["line", "span"]


@pytest.mark.parametrize("call", [
    lambda doc: argmine.clean(doc, rules=3),
    lambda doc: argmine.segment([doc], rules=3),
    lambda doc: argmine.analyze(doc, model="lexicon", rules=3),
])
def test_rules_of_another_type_raise_a_type_error_saying_what_to_pass(call):
    with pytest.raises(TypeError) as e:
        call(argmine.Document("d", "财不外露。"))
    assert str(e.value) == ("rules= takes a rules file path (TOML, as argmine/rules/furniture.toml) or the rules "
                            "load_rules(path) returns (from argmine.clean import load_rules), not int")


# --- reader options ---------------------------------------------------------------------


def test_unknown_input_format_is_refused_once_before_reading():
    with pytest.raises(InputError) as e:
        argmine.ReadOptions(input_format="xml")
    assert e.value.message == "unknown input format 'xml'; use one of auto, text, html, jsonl, json, csv, tsv (input_format= in Python)"
    errors = []
    with pytest.raises(InputError, match="unknown input format 'xml'"):
        argmine.analyze([ROOT / "corpora"], model="lexicon", input_format="xml", on_error=errors.append)
    assert errors == []


# --- the top-level names ----------------------------------------------------------------


def test_typed_errors_and_warnings_are_top_level_names():
    from argmine import errors

    for name in ("ReportError", "InputWarning", "SchemaWarning"):
        assert name in argmine.__all__ and getattr(argmine, name) is getattr(errors, name)


@pytest.mark.parametrize("name, module", [
    ("read", "argmine.read"), ("clean", "argmine.clean"), ("segment", "argmine.segment"), ("classify", "argmine.classify"),
    ("normalize", "argmine.normalize"), ("train", "argmine.train"), ("evaluate", "argmine.train"),
])
def test_stage_functions_carry_their_signature_and_docstring(name, module):
    import importlib

    import pickle

    real, fn = getattr(importlib.import_module(module), name), getattr(argmine, name)
    assert inspect.signature(fn) == inspect.signature(real)
    assert fn.__doc__ == real.__doc__
    assert pickle.loads(pickle.dumps(fn)) is fn  # by reference, as process pools send it


def test_import_argmine_imports_no_stage_until_used():
    code = ("import sys, argmine; print(sorted(m for m in sys.modules if m.startswith('argmine') "
            "or m.split('.')[0] in ('numpy', 'jieba', 'sklearn', 'torch', 'transformers', 'datasets')))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "['argmine']"


def test_dotted_names_in_the_docs_resolve():
    """A name like `argmine.x.y` in the docs works as written once its modules are imported.

    `argmine.read` is the read function (not the module), so `argmine.read.html_to_text` would not.
    """
    import importlib

    names = set()
    for path in [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]:
        names |= set(re.findall(r"`(argmine(?:\.\w+)+)`", path.read_text("utf-8")))
    assert "argmine.annotations.load_gold" in names
    unresolved = []
    for name in sorted(names):
        parts = name.split(".")
        if parts[-1] in ("json", "jsonl", "toml", "csv", "md"):
            continue  # a file name (`argmine.json`), not a Python name
        for n in range(2, len(parts) + 1):  # import argmine.x (and argmine.x.y) where they are modules
            try:
                importlib.import_module(".".join(parts[:n]))
            except ImportError:
                break
        obj = argmine
        try:
            for part in parts[1:]:
                obj = getattr(obj, part)
        except AttributeError:
            unresolved.append(name)
    assert unresolved == []


def test_classify_batch_without_the_text_column_names_the_keyword_of_classify_dataset():
    with pytest.raises(InputError) as e:
        argmine.classify_batch({"body": ["财不外露。"]}, model="lexicon")
    assert e.value.message == (
        "no 'text' column (columns: body); rename the text column, or pass text_column=NAME (to classify_dataset; "
        "for a bare Dataset.map, bind it: functools.partial(classify_batch, text_column=NAME))")


@pytest.mark.parametrize("call, message", [
    (lambda: argmine.analyze([argmine.Document("d", "财不外露。")], schema=5),
     "schema must be an argmine.Schema, a schema file path or None, not int"),
    (lambda: argmine.analyze([argmine.Document("d", "财不外露。")], options={"text_field": "x"}),
     "options must be an argmine.ReadOptions (or its fields as keywords: text_field=...), not dict"),
    (lambda: argmine.analyze(["nope.txt"], on_error=5), "on_error must be None or a function given each error (errors.append), not int"),
    (lambda: argmine.analyze(["t.csv"], text_field=None), "text_field must be a column name (str), not NoneType"),
    (lambda: argmine.analyze(["a.txt"], encoding=5), "encoding must be an encoding name (str), not int"),
    (lambda: argmine.normalize(None), "normalize() text must be a str, not NoneType"),
    (lambda: argmine.segment(None), "segment() takes Documents, not NoneType; read files first: argmine.segment(argmine.read(paths))"),
    (lambda: argmine.read(None), "paths must be a path or a list of paths (files, folders, '-'), not NoneType"),
])
def test_wrong_typed_arguments_raise_a_typeerror_naming_them_before_any_input(call, message):
    with pytest.raises(TypeError) as e:
        call()
    assert str(e.value) == message


def test_reprs_are_short_and_say_what_the_object_is():
    doc = argmine.Document("d", "财不外露。" * 1000)
    assert repr(doc) == (f"Document(id='d', text={'财不外露。' * 6!r}… (5000 characters), source='-', encoding=None, "
                         "kind=None, row=None, meta={})")
    assert repr(argmine.load_schema()) == ("Schema(id='alipay_social', version='2', themes=('pro_social', 'privacy', 'brand_fit', "
                                           "'bloat'), source='argmine/schemas/alipay.toml')")
    themes = "schema alipay_social v2: pro_social, privacy, brand_fit, bloat"
    assert repr(argmine.load_model("lexicon")) == f"<LexiconBackend {themes}>"
    assert re.fullmatch(rf"<LinearBackend {themes}; trained on \d+ examples>", repr(argmine.load_model()))
    from argmine.backends.linear import LinearBackend

    assert repr(LinearBackend()) == "<LinearBackend the packaged schema; not fitted>"


def test_analysis_repr_counts_in_words_and_says_how_many_inputs_failed(tmp_path):
    one = argmine.analyze([argmine.Document("a", "支付宝做社交是对的。")], model="lexicon")
    assert repr(one) == "<Analysis 1 document, 1 unit, 1 argumentative>"
    (tmp_path / "a.txt").write_text("支付宝做社交是对的。", "utf-8")
    (tmp_path / "rows.jsonl").write_text('{"id": "r1", "text": "财不外露。"}\n{"id": \n', "utf-8")  # its second line is no JSON
    lost = argmine.analyze([tmp_path, tmp_path / "missing.txt"], model="lexicon", on_error=lambda e: None)
    assert repr(lost) == "<Analysis 2 documents, 2 units, 2 argumentative, 2 inputs failed>"


@pytest.mark.parametrize("call, message", [
    (lambda: argmine.analyze([argmine.Document("d", "财不外露。")], text_fields="body"),
     "analyze() got an unexpected keyword argument 'text_fields'; did you mean 'text_field'? "),
    (lambda: argmine.analyze([argmine.Document("d", "财不外露。")], on_eror=print),
     "analyze() got an unexpected keyword argument 'on_eror'; did you mean 'on_error'? "),
    (lambda: argmine.read("corpora/", encodng="utf-8"), "read() got an unexpected keyword argument 'encodng'; did you mean 'encoding'? "),
    (lambda: list(argmine.iter_documents("corpora/", on_skp=print)),
     "iter_documents() got an unexpected keyword argument 'on_skp'; did you mean 'on_skip'? "),
    (lambda: argmine.read("corpora/", zzz=1), "read() got an unexpected keyword argument 'zzz'; "),
])
def test_a_misspelt_keyword_names_the_function_called_and_what_it_meant(call, message):
    with pytest.raises(TypeError) as e:
        call()
    assert str(e.value) == message + ("its reading keywords are argmine.ReadOptions fields: text_field, id_field, kind_field, "
                                      "row_kind, encoding, include, exclude, input_format, skip, cells")


def test_a_file_given_as_the_model_points_to_its_folder_only_when_that_is_a_model(tmp_path):
    from click.testing import CliRunner

    from argmine.cli import main

    (tmp_path / "fire.toml").write_text('[schema]\nid = "fireworks"\n', "utf-8")
    (tmp_path / "notes.txt").write_text("x", "utf-8")
    model = tmp_path / "model"
    model.mkdir()
    (model / "config.json").write_text('{"backend": "linear"}', "utf-8")
    doc = argmine.Document("d", "财不外露。")
    messages = {}
    for name in ("fire.toml", "notes.txt", "model/config.json"):
        with pytest.raises(ModelError) as e:
            argmine.analyze(doc, model=str(tmp_path / name))
        messages[name] = str(e.value)
    fix = "pass a directory written by 'argmine train', or the name 'lexicon'"
    assert messages == {
        "fire.toml": f"{tmp_path / 'fire.toml'}: not a model directory (a file); {fix}; "
                     "a .toml file looks like a schema: pass it as --schema FILE (schema= in Python)",
        "notes.txt": f"{tmp_path / 'notes.txt'}: not a model directory (a file); {fix}",
        "model/config.json": f"{model / 'config.json'} is a file; pass the model directory that holds it ({model}), written by 'argmine train'",
    }
    result = CliRunner().invoke(main, ["analyze", "-", "--model", str(tmp_path / "fire.toml")], input="财不外露。")
    assert result.exit_code != 0 and result.stderr == f"argmine: error: {messages['fire.toml']}\n"


@pytest.mark.parametrize("records", [[{"text": "财不外露", "themes": ["privacy"], "sentiment": "negative"}], b"gold.jsonl"])
def test_load_examples_given_no_path_says_to_pass_records_to_train(records):
    # pathlib's "expected str, bytes or os.PathLike object, not list" named neither load_examples nor the fix
    from argmine.train import load_examples

    with pytest.raises(TypeError) as e:
        load_examples(records)
    assert str(e.value) == (f"load_examples()'s path must be the path of a JSONL, JSON, CSV or TSV file of labelled records "
                            f"('-': standard input), not {type(records).__name__}; labelled records in memory need no loading: "
                            "pass them to argmine.train(records) as they are (a DataFrame as df.to_dict('records'))")
