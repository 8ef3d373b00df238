"""argmine.importers on hand-edited or malformed exports: one line per bad task/record, never a traceback."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from argmine.cli import main
from argmine.errors import SchemaError, bad_label
from argmine.export import export
from argmine.importers import import_annotations
from argmine.schema import load_schema
from argmine.types import Document, Unit

DOCS = [Document(id="a", text="财不外露。来往已死。"), Document(id="b", text="我只想付钱。")]
UNITS = [Unit.from_source("财不外露。来往已死。", doc="a", n=1, start=0, end=5, kind="body"),
         Unit.from_source("财不外露。来往已死。", doc="a", n=2, start=5, end=10, kind="body"),
         Unit.from_source("我只想付钱。", doc="b", n=1, start=0, end=6, kind="body")]
HAND_EDITED = "(the JSON was edited by hand?): export it again from Label Studio"


def region(unit: Unit, theme: str, sentiment: str) -> list[dict]:
    """The two result items Label Studio writes for one labelled region of a document task (offsets in code points)."""
    span = {"start": unit.start, "end": unit.end, "text": unit.text}
    return [{"id": unit.id, "from_name": "unit", "to_name": "text", "type": "labels", "value": {**span, "labels": [theme]}},
            {"id": unit.id, "from_name": "sentiment", "to_name": "text", "type": "choices", "value": {**span, "choices": [sentiment]}}]


def document_export(tmp_path) -> list[dict]:
    """A labelled Label Studio export of DOCS at document level: task 1 (doc a, annotation 11), task 2 (doc b, annotation 21)."""
    export(UNITS, tmp_path / "ls", "label-studio", documents=DOCS, level="document")
    tasks = json.loads((tmp_path / "ls" / "tasks.json").read_text("utf-8"))
    for n, task in enumerate(tasks, 1):
        units = [u for u in UNITS if u.doc == task["data"]["doc"]]
        task["id"] = n
        task["annotations"] = [{"id": 10 * n + 1, "completed_by": 1, "result": [r for u in units for r in region(u, "privacy", "negative")]}]
    return tasks


def unit_export(tmp_path) -> list[dict]:
    """A labelled Label Studio export of UNITS at unit level: tasks 1-3, annotations 11, 21, 31."""
    export(UNITS, tmp_path / "lsu", "label-studio")
    tasks = json.loads((tmp_path / "lsu" / "tasks.json").read_text("utf-8"))
    for n, task in enumerate(tasks, 1):
        task["id"] = n
        task["annotations"] = [{"id": 10 * n + 1, "completed_by": 1, "result": [
            {"id": "t", "from_name": "themes", "to_name": "text", "type": "choices", "value": {"choices": ["privacy"]}},
            {"id": "s", "from_name": "sentiment", "to_name": "text", "type": "choices", "value": {"choices": ["negative"]}}]}]
    return tasks


def write(tmp_path, tasks, name="e.json"):
    path = tmp_path / name
    path.write_text(json.dumps(tasks, ensure_ascii=False), "utf-8")
    return path


@pytest.mark.parametrize("item", ["privacy", 7, None, ["x"]])
def test_label_studio_document_result_item_not_an_object_fails_its_annotation_only(tmp_path, item):
    tasks = document_export(tmp_path)
    tasks[0]["annotations"][0]["result"].insert(1, item)
    path = write(tmp_path, tasks)
    result = import_annotations([path], "label-studio")
    found = {str: "a string", int: "a number", list: "a list"}.get(type(item), "null")
    found = f"{found} {json.dumps(item)}" if item is not None else found
    assert [str(p) for p in result.errors] == [
        f"{path} task 1 annotation 11: result item 2 is {found}; expected a result object such as "
        f'{{"from_name": "sentiment", "type": "choices", "value": {{...}}}} {HAND_EDITED}']
    assert [r.id for r in result.records] == ["b#1"] and not result.unlabeled  # the other task imports; a's units are not also unlabelled
    res = CliRunner().invoke(main, ["import", str(path), "--format", "label-studio", "-o", str(tmp_path / "g.jsonl")])
    assert res.exit_code == 1 and "Traceback" not in res.output
    assert res.stderr.splitlines()[0].startswith(f"argmine: error: {path} task 1 annotation 11: result item 2 is ")


def test_label_studio_document_region_value_not_an_object_fails_that_region(tmp_path):
    tasks = document_export(tmp_path)
    tasks[0]["annotations"][0]["result"][1]["value"] = 5  # the sentiment of region a#1
    tasks[1]["annotations"][0]["result"] = {"x": 1}
    path = write(tmp_path, tasks)
    result = import_annotations([path], "label-studio")
    assert [str(p) for p in result.errors] == [
        f"{path} task 1 annotation 11 region a#1: 'value' of result item 2 is a number 5; expected an object such as "
        f'{{"choices": [...]}} {HAND_EDITED}',
        f"{path} task 2 annotation 21: 'result' is an object {{\"x\": 1}}; expected a list of result objects {HAND_EDITED}"]
    assert [r.id for r in result.records] == ["a#2"] and not result.unlabeled


def test_label_studio_unit_result_value_not_an_object_is_an_error_not_other(tmp_path):
    tasks = unit_export(tmp_path)
    tasks[0]["annotations"][0]["result"][0]["value"] = "privacy"  # the themes item: read as no theme ('other') before
    del tasks[1]["annotations"][0]["result"][1]["value"]
    path = write(tmp_path, tasks)
    result = import_annotations([path], "label-studio")
    assert [str(p) for p in result.errors] == [
        f"{path} task 1 annotation 11: 'value' of result item 1 is a string \"privacy\"; expected an object such as "
        f'{{"choices": [...]}} {HAND_EDITED}',
        f"{path} task 2 annotation 21: 'value' of result item 2 is missing; expected an object such as {{\"choices\": [...]}} {HAND_EDITED}"]
    assert [(r.id, r.themes) for r in result.records] == [("b#1", ("privacy",))]


def test_label_studio_document_region_with_edited_text_is_reported_once_naming_its_unit(tmp_path):
    tasks = document_export(tmp_path)
    for item in tasks[0]["annotations"][0]["result"][2:4]:  # both items of region a#2
        item["value"]["text"] = "来往已活。"
    path = write(tmp_path, tasks)
    result = import_annotations([path], "label-studio")
    assert [str(p) for p in result.errors] == [
        f"{path} task 1 annotation 11 region a#2: the region's text reads '来往已活。', but the task's text of unit a#2 (a 5..10) "
        "is '来往已死。': the region was edited in the file; restore its text, or export again from Label Studio"]
    assert [r.id for r in result.records] == ["a#1", "b#1"] and not result.unlabeled  # a#2 failed, not also unlabelled


def test_label_studio_unit_renamed_control_is_read_by_its_values_not_as_other(tmp_path):
    tasks = unit_export(tmp_path)
    tasks[0]["annotations"][0]["result"][0]["from_name"] = "theme"  # the Choices renamed in the labelling config
    tasks[1]["annotations"][0]["result"][1]["from_name"] = "情感"
    tasks[2]["annotations"][0]["result"][0]["from_name"] = "mixed"
    tasks[2]["annotations"][0]["result"][0]["value"] = {"choices": ["privacy", "negative"]}
    path = write(tmp_path, tasks)
    result = import_annotations([path], "label-studio")
    assert [(r.id, r.themes, r.sentiment) for r in result.records] == [("a#1", ("privacy",), "negative"), ("a#2", ("privacy",), "negative")]
    assert [str(p) for p in result.warnings] == [
        f"{path} task 1 annotation 11: result 'theme' is not one of the config's controls 'themes' and 'sentiment'; "
        "its choices ['privacy'] were read as the themes: name the controls as 'argmine export' wrote the config",
        f"{path} task 2 annotation 21: result '情感' is not one of the config's controls 'themes' and 'sentiment'; "
        "its choices ['negative'] were read as the sentiment: name the controls as 'argmine export' wrote the config"]
    assert [str(p) for p in result.errors] == [
        f"{path} task 3 annotation 31: result 'mixed' is not one of the config's controls 'themes' and 'sentiment', and its "
        "choices ['privacy', 'negative'] are not clearly themes or a sentiment; name the controls 'themes' and 'sentiment' "
        "as 'argmine export' wrote the config"]


def _hand_edits(fmt):
    """Hand edits that raised a Python exception out of import: ``(name, make)``, ``make(tmp_path)`` writing the file to import."""

    def ls_doc(change):
        def make(tmp):
            tasks = document_export(tmp)
            change(tasks)
            return write(tmp, tasks)
        return make

    def doccano(change, level="document"):
        def make(tmp):
            export(UNITS, tmp / "dc", "doccano", documents=DOCS, level=level)
            lines = [json.loads(x) for x in (tmp / "dc" / "tasks.jsonl").read_text("utf-8").splitlines()]
            change(lines)
            (tmp / "d.jsonl").write_text("".join(json.dumps(o, ensure_ascii=False) + "\n" for o in lines), "utf-8")
            return tmp / "d.jsonl"
        return make

    def brat(change):
        def make(tmp):
            export(UNITS, tmp / "brat", "brat", documents=DOCS)
            change(tmp / "brat")
            return tmp / "brat"
        return make

    def manifest(change):
        def edit(folder):
            m = json.loads((folder / "argmine.json").read_text("utf-8"))
            change(m)
            (folder / "argmine.json").write_text(json.dumps(m), "utf-8")
        return edit

    def dir_instead(name):
        def edit(folder):
            (folder / name).unlink()
            (folder / name).mkdir()
        return edit

    def deep(tmp):
        (tmp / "deep.json").write_text("[" * 100000 + "]" * 100000, "utf-8")
        return tmp / "deep.json"

    def units_item(value):
        def change(tasks):
            tasks[0]["data"]["units"][0] = value
        return change

    cases = {
        "label-studio": {
            "document text not a string": ls_doc(lambda t: t[0]["data"].update(text=None)),
            "a unit not an object": ls_doc(units_item(1)),
            "a unit without id": ls_doc(lambda t: t[0]["data"]["units"][0].pop("id")),
            "region text not a string": ls_doc(lambda t: t[0]["annotations"][0]["result"][0]["value"].update(text=0)),
            "result a number": ls_doc(lambda t: t[0]["annotations"][0].update(result=7)),
            "nested too deeply": deep,
        },
        "doccano": {
            "spans not a list": doccano(lambda lines: lines[0].update(label=7)),
            "span offsets not numbers": doccano(lambda lines: lines[0].update(label=[[[], 1, "privacy"]])),
            "a unit not an object": doccano(lambda lines: lines[0]["units"].__setitem__(0, 1)),
            "nested too deeply": deep,
        },
        "brat": {
            "a document entry not an object": brat(manifest(lambda m: m["documents"].__setitem__("a", 1))),
            "a unit without id": brat(manifest(lambda m: m["documents"]["a"]["units"][0].pop("id"))),
            ".ann not UTF-8": brat(lambda folder: (folder / "a.ann").write_bytes(b"T1\tprivacy 0 5\t\xff\n")),
            ".txt not UTF-8": brat(lambda folder: (folder / "a.txt").write_bytes(b"\xff\xfe\xfa")),
            ".ann a folder": brat(dir_instead("a.ann")),
            ".txt a folder": brat(dir_instead("a.txt")),
            "a file name with a NUL": brat(manifest(lambda m: m["documents"].__setitem__("a\x00", m["documents"].pop("a")))),
        },
    }
    return list(cases[fmt].items())


@pytest.mark.parametrize("fmt,name,make", [(fmt, name, make) for fmt in ("label-studio", "doccano", "brat")
                                           for name, make in _hand_edits(fmt)])
def test_hand_edited_exports_are_reported_not_raised(tmp_path, fmt, name, make):
    path = make(tmp_path)
    result = import_annotations([path], fmt)
    assert result.errors, name
    assert all(str(p).startswith(str(path)) for p in result.errors)
    res = CliRunner().invoke(main, ["import", str(path), "--format", fmt, "-o", str(tmp_path / "g.jsonl")])
    assert res.exit_code == 1 and isinstance(res.exception, SystemExit), res.output


def test_label_studio_drafts_edited_into_a_number_are_ignored_as_drafts_are(tmp_path):
    tasks = document_export(tmp_path)
    tasks[0]["drafts"] = 7
    result = import_annotations([write(tmp_path, tasks)], "label-studio")
    assert [r.id for r in result.records] == [u.id for u in UNITS] and not result.problems


def test_doccano_line_that_is_json_but_not_a_record_is_reported(tmp_path):
    (tmp_path / "d.jsonl").write_text('null\n{"text": "好。", "label": ["neutral"], "unit_id": "b#1", "doc": "b", "start": 0, "end": 2}\n', "utf-8")
    result = import_annotations([tmp_path / "d.jsonl"], "doccano")
    assert [str(p) for p in result.errors] == [f"{tmp_path / 'd.jsonl'}:1: expected an object with a string 'text' field; pass --text-field NAME (text_field= in Python)"]
    assert [r.id for r in result.records] == ["b#1"]


def test_csv_quote_left_open_is_one_error_not_rows_merged(tmp_path):
    export(UNITS, tmp_path / "s.csv", "csv")
    lines = (tmp_path / "s.csv").read_text("utf-8-sig").splitlines()
    lines = [lines[0]] + [line.replace("alipay_social v2,,,,", "alipay_social v2,privacy,negative,amy,") for line in lines[1:]]
    lines[2] = '"' + lines[2]  # a#2's row starts with a quote never closed: it took b#1's row into its id cell
    (tmp_path / "s.csv").write_text("\n".join(lines) + "\n", "utf-8")
    result = import_annotations([tmp_path / "s.csv"], "csv")
    assert [str(p) for p in result.errors] == [  # named as train names the row: the line it starts on (it took the rest)
        f"{tmp_path / 's.csv'}: row 2 (line 3): not a readable CSV from this row on (unexpected end of data): a quote opened in it "
        "is never closed (it would take every row after it into one cell), or text follows a closing quote; double every quote "
        'inside a quoted field (""), or save the sheet again from the spreadsheet']
    assert not result.records and not result.unlabeled


def test_csv_text_after_a_closing_quote_names_the_row_and_the_lines_it_took_as_train_does(tmp_path):
    from click.testing import CliRunner

    from argmine.cli import main

    export(UNITS, tmp_path / "s.csv", "csv")
    lines = (tmp_path / "s.csv").read_text("utf-8-sig").splitlines()
    lines = [lines[0]] + [line.replace("alipay_social v2,,,,", "alipay_social v2,privacy,negative,amy,") for line in lines[1:]]
    lines.insert(2, "")  # a blank line before a#2's row: rows and lines part
    sheets = {"took": lines[:3] + [lines[3].replace(",", ',"', 1) + "\nline 2 of the cell\"x", *lines[4:]],  # text after its closing quote
              "stray": lines[:3] + [lines[3].replace(",", ',"', 1), lines[4].replace("#", '"#', 1)]}  # closed in b#1's row
    for name, spans in {"took": "lines 4-5", "stray": "line 4"}.items():
        (tmp_path / f"{name}.csv").write_text("\n".join(sheets[name]) + "\n", "utf-8")
        result = import_annotations([tmp_path / f"{name}.csv"], "csv")
        assert [str(p).split(": not a readable")[0] for p in result.errors] == [f"{tmp_path / f'{name}.csv'}: row 2 ({spans})"]
        res = CliRunner().invoke(main, ["train", str(tmp_path / f"{name}.csv"), "-o", str(tmp_path / "m")])
        assert f"{tmp_path / f'{name}.csv'}: row 2 ({spans}): " in res.stderr, res.stderr


def test_cli_import_says_why_each_unit_or_task_was_not_labelled(tmp_path):
    tasks = unit_export(tmp_path)
    tasks[0]["annotations"] = []
    tasks[0]["drafts"] = [{"id": 5, "user": "a@x.com", "result": []}]
    tasks[1]["annotations"] = []
    tasks[2]["annotations"][0]["was_cancelled"] = True
    ls = write(tmp_path, tasks)
    runner = CliRunner()
    res = runner.invoke(main, ["import", str(ls), "--format", "label-studio", "-o", str(tmp_path / "g.jsonl")])
    assert res.stderr.splitlines()[:3] == [
        f"argmine: warning: 1 task not labelled (only a draft by a@x.com, never submitted): {ls} task 1 (unit a#1)",
        f"argmine: warning: 1 task not labelled (no annotation): {ls} task 2 (unit a#2)",
        f"argmine: warning: 1 task not labelled (all annotations were cancelled): {ls} task 3 (unit b#1)"]
    docs = document_export(tmp_path)
    docs[0]["annotations"][0]["result"] = docs[0]["annotations"][0]["result"][:2]  # a#2 left without a region
    res = runner.invoke(main, ["import", str(write(tmp_path, docs, "d.json")), "--format", "label-studio", "-o", str(tmp_path / "g.jsonl")])
    assert res.stderr.splitlines()[0] == (
        f"argmine: warning: 1 unit not labelled (no region drawn on it in the annotation by label-studio-user-1): {tmp_path / 'd.json'} task 1 annotation 11 unit a#2")
    export(UNITS * 2, tmp_path / "s.csv", "csv")  # six rows, nobody labelled them
    res = runner.invoke(main, ["import", str(tmp_path / "s.csv"), "--format", "csv", "-o", str(tmp_path / "g.jsonl")])
    assert res.stderr.splitlines()[0] == (
        f"argmine: warning: 6 rows not labelled (themes and sentiment cells empty): e.g. {tmp_path / 's.csv'}: row 1 (line 2) (unit a#1); "
        f"{tmp_path / 's.csv'}: row 2 (line 3) (unit a#2); {tmp_path / 's.csv'}: row 3 (line 4) (unit b#1)")


def test_csv_sheet_rows_are_named_as_train_names_them_row_and_the_line_it_starts_on(tmp_path):
    from argmine.read import table_records

    header, a1, a2, b1 = labelled_sheet(tmp_path).splitlines()
    # a#1 with a note typed over three lines (Alt+Enter in Excel), then a blank line: a#2 is row 2 of the sheet, on line 6
    text = "\n".join([header, a1 + '"第一行\n第二行\n第三行"', "", a2.replace(",,neutral,", ",smog,neutral,"), b1]) + "\n"
    (tmp_path / "s.csv").write_text(text, "utf-8")
    result = import_annotations([tmp_path / "s.csv"], "csv")
    assert [(p.where, p.reason[:21]) for p in result.errors] == [(f"{tmp_path / 's.csv'}: row 2 (line 6) (unit a#2)", "unknown theme 'smog' ")]
    assert [p.where for p in result.unlabeled] == [f"{tmp_path / 's.csv'}: row 3 (line 7) (unit b#1)"]
    assert [where for _, where, row in table_records(text, "s.csv", "csv", None) if row["id"] != "a#1"] == ["row 2 (line 6)", "row 3 (line 7)"]


def test_importer_messages_live_in_errors():
    import ast
    import inspect

    import argmine.errors as errors
    import argmine.importers as importers

    local = [t.id for node in ast.parse(inspect.getsource(importers)).body if isinstance(node, ast.Assign)
             for t in node.targets if isinstance(t, ast.Name) and t.id.startswith(("E_", "W_"))]
    assert local == []
    for name in ("E_EDITED_FIELD", "E_SHEET_QUOTES", "E_DOCCANO_TEXT_FIELD", "E_BRAT_REPEATED_ID", "E_BRAT_STEM", "E_MAP_PAIR",
                 "E_MAP_NOT_THEME", "E_MAP_UNKNOWN_NEW", "E_MAP_TWICE"):
        assert getattr(importers, name) is getattr(errors, name)
    import argmine.cli.importcmd as importcmd  # the import command's warnings too

    assert [t.id for node in ast.parse(inspect.getsource(importcmd)).body if isinstance(node, ast.Assign)
            for t in node.targets if isinstance(t, ast.Name) and t.id.startswith(("E_", "W_"))] == []
    assert importcmd.W_MAP_HINT is errors.W_MAP_HINT and importcmd.W_OTHER_SCHEMA is errors.W_OTHER_SCHEMA


def test_cli_import_map_hint_names_every_unknown_theme_however_its_error_shows_it(tmp_path):
    export(UNITS, tmp_path / "dc", "doccano")
    lines = [json.loads(x) for x in (tmp_path / "dc" / "tasks.jsonl").read_text("utf-8").splitlines()]
    lines[0]["label"] = ["smog", "noise", "negative"]  # two in one record: its error names only the first
    lines[1]["label"] = ["it's", "negative"]  # the error shows it in double quotes
    lines[2]["label"] = ["长" * 100, "negative"]  # the error shows it cut
    path = tmp_path / "e.jsonl"
    path.write_text("".join(json.dumps(x, ensure_ascii=False) + "\n" for x in lines), "utf-8")
    assert import_annotations([path], "doccano").unknown_themes == {"smog", "noise", "it's", "长" * 100}
    res = CliRunner().invoke(main, ["import", str(path), "--format", "doccano", "-o", str(tmp_path / "g.jsonl")])
    assert res.exit_code == 1
    assert (f"argmine: warning: themes \"it's\", noise, smog, '{'长' * 80}'… (100 characters) are not in schema 'alipay_social'; "
            "if a schema change renamed or removed them, import again with --map 'it'\"'\"'s'=NEW (--map 'it'\"'\"'s'= drops it), "
            "one --map per theme (docs/schema.md, \"Changing a schema\")") in res.stderr.splitlines()  # as a shell reads it (shlex.quote)


def test_cli_import_typo_of_a_label_says_did_you_mean(tmp_path):
    export(UNITS, tmp_path / "dc", "doccano")
    lines = [json.loads(x) for x in (tmp_path / "dc" / "tasks.jsonl").read_text("utf-8").splitlines()]
    lines[0]["label"] = ["privcy", "negative"]  # a letter left out: a typo, not an old schema's theme
    lines[1]["label"] = ["bloat", "postive"]
    lines[2]["label"] = ["smog", "negative"]  # no theme near it: the --map advice alone
    path = tmp_path / "e.jsonl"
    path.write_text("".join(json.dumps(x, ensure_ascii=False) + "\n" for x in lines), "utf-8")
    res = CliRunner().invoke(main, ["import", str(path), "--format", "doccano", "-o", str(tmp_path / "g.jsonl")])
    assert res.exit_code == 1
    err = res.stderr.splitlines()
    assert any(line.endswith("unknown theme 'privcy' in schema 'alipay_social'; expected one of: pro_social, privacy, brand_fit, "
                             "bloat (or 'other' for none); did you mean 'privacy'? the labels must be those of the packaged "
                             "schema (argmine/schemas/alipay.toml); if they belong to another schema, pass --schema FILE (schema= in Python)")
               for line in err), err
    # doccano's one list of labels: a sentiment typo is no sentiment, so it is read as a theme; no --map advice for it
    assert any(line.endswith("unknown theme 'postive' in schema 'alipay_social'; expected one of: pro_social, privacy, brand_fit, "
                             "bloat (or 'other' for none); did you mean sentiment 'positive'? the labels must be those of the "
                             "packaged schema (argmine/schemas/alipay.toml); if they belong to another schema, pass --schema FILE (schema= in Python)")
               for line in err), err
    assert any(line.endswith("unknown theme 'smog' in schema 'alipay_social'; expected one of: pro_social, privacy, brand_fit, "
                             "bloat (or 'other' for none); the labels must be those of the packaged schema "
                             "(argmine/schemas/alipay.toml); if they belong to another schema, pass --schema FILE (schema= in Python)") for line in err), err
    assert ("argmine: warning: themes privcy, smog are not in schema 'alipay_social'; did you mean 'privacy' for privcy? correct "
            "the file, or import again with --map privcy=privacy; if a schema change renamed or removed them, import again with "
            "--map privcy=NEW (--map privcy= drops it), one --map per theme (docs/schema.md, \"Changing a schema\")") in err
    schema = load_schema()
    with pytest.raises(SchemaError) as e:  # a sentiment column (CSV sheet, Label Studio): the sentiment near it
        schema.validate_sentiment("postive")
    assert bad_label(schema, e.value) == (
        "unknown sentiment 'postive' in schema 'alipay_social'; expected one of: positive, neutral, negative; did you mean "
        "'positive'? every schema has these three sentiments, so --schema cannot change them")


def test_cli_import_label_as_close_to_two_ids_names_both_and_offers_no_map_for_it(tmp_path):
    (tmp_path / "s.toml").write_text(
        '[schema]\nid = "close"\nversion = "1"\ntarget = "x"\n[labels]\nsentiment = ["positive", "neutral", "negative"]\n'
        + "".join(f'[[themes]]\nid = "{t}"\nname_zh = "{z}"\nname_en = "{t}"\n' for t, z in
                  [("cost_a", "甲"), ("cost_b", "乙"), ("tax", "税"), ("taxes", "税收")]), "utf-8")
    export(UNITS, tmp_path / "dc", "doccano", schema=load_schema(tmp_path / "s.toml"))
    lines = [json.loads(x) for x in (tmp_path / "dc" / "tasks.jsonl").read_text("utf-8").splitlines()]
    lines[0]["label"] = ["cost", "negative"]  # as close to cost_a as to cost_b: either would be a guess
    lines[1]["label"] = ["taxs", "negative"]  # closer to taxes than to tax
    path = tmp_path / "e.jsonl"
    path.write_text("".join(json.dumps(x, ensure_ascii=False) + "\n" for x in lines), "utf-8")
    res = CliRunner().invoke(main, ["import", str(path), "--format", "doccano", "--schema", str(tmp_path / "s.toml"),
                                    "-o", str(tmp_path / "g.jsonl")])
    err = res.stderr.splitlines()
    assert any(line.endswith("unknown theme 'cost' in schema 'close'; expected one of: cost_a, cost_b, tax, taxes (or 'other' for "
                             f"none); did you mean 'cost_a' or 'cost_b'? use the labels defined in {tmp_path / 's.toml'}")
               for line in err), err
    assert ("argmine: warning: themes cost, taxs are not in schema 'close'; did you mean 'cost_a' or 'cost_b' for cost, 'taxes' for "
            "taxs? correct the file, or import again with --map taxs=taxes; if a schema change renamed or removed them, import "
            "again with --map cost=NEW (--map cost= drops it), one --map per theme (docs/schema.md, \"Changing a schema\")") in err
    lines[1]["label"] = ["tax", "negative"]  # only the tie: no --map offered at all
    path.write_text("".join(json.dumps(x, ensure_ascii=False) + "\n" for x in lines), "utf-8")
    res = CliRunner().invoke(main, ["import", str(path), "--format", "doccano", "--schema", str(tmp_path / "s.toml"),
                                    "-o", str(tmp_path / "g.jsonl")])
    assert ("argmine: warning: theme cost is not in schema 'close'; did you mean 'cost_a' or 'cost_b'? correct the file; if a "
            "schema change renamed or removed it, import again with --map cost=NEW (--map cost= drops it), one --map per theme "
            "(docs/schema.md, \"Changing a schema\")") in res.stderr.splitlines()


def test_sentiment_in_a_themes_field_is_called_a_sentiment_not_a_typo(tmp_path):
    export(UNITS, tmp_path / "u.csv", "csv")
    text = (tmp_path / "u.csv").read_text("utf-8-sig").splitlines()
    header = text[0].split(",")
    rows = [dict(zip(header, line.split(","))) for line in text[1:]]
    for row, (themes, sentiment) in zip(rows, [("positive", "positive"), ("privacy", "negative"), ("privacy", "negative")]):
        row.update(themes=themes, sentiment=sentiment)
    (tmp_path / "u.csv").write_text("\n".join([",".join(header)] + [",".join(r.values()) for r in rows]) + "\n", "utf-8")
    result = import_annotations([tmp_path / "u.csv"], "csv")
    assert [str(p) for p in result.errors] == [
        f"{tmp_path / 'u.csv'}: row 1 (line 2) (unit a#1): unknown theme 'positive' in schema 'alipay_social'; expected one of: "
        "pro_social, privacy, brand_fit, bloat (or 'other' for none); 'positive' is a sentiment, not a theme: put it in the "
        "sentiment field; the labels must be those of the packaged schema (argmine/schemas/alipay.toml); if they belong to "
        "another schema, pass --schema FILE (schema= in Python)"]


def test_brat_repeated_entity_id_is_one_problem_and_the_first_is_kept(tmp_path):
    export(UNITS, tmp_path / "brat", "brat", documents=DOCS)
    ann = tmp_path / "brat" / "a.ann"
    ann.write_text("T1\tprivacy 0 5\t财不外露。\nA1\tSentiment T1 negative\nT2\tbloat 5 10\t来往已死。\n"
                   "A2\tSentiment T2 neutral\nT1\tbloat 5 10\t来往已死。\n", "utf-8")
    (tmp_path / "brat" / "b.ann").write_text("T1\tother 0 6\t我只想付钱。\nA1\tSentiment T1 neutral\n", "utf-8")
    result = import_annotations([tmp_path / "brat"], "brat", units=UNITS)
    assert [str(p) for p in result.errors] == [
        f"{ann}:5: entity id T1 is used again (first on line 1); the first one is kept: give this entity an id of its own "
        "(each T<n> once per .ann file)"]
    assert [(r.id, r.themes, r.sentiment) for r in result.records] == [
        ("a#1", ("privacy",), "negative"), ("a#2", ("bloat",), "neutral"), ("b#1", (), "neutral")]


def brat_export_and_outside(tmp_path, text):
    """A brat export of UNITS in tmp_path/brat, and a folder beside it holding b.txt and b.ann with ``text``."""
    export(UNITS, tmp_path / "brat", "brat", documents=DOCS)
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "b.txt").write_text(text, "utf-8")
    (outside / "b.ann").write_text(f"T1\tprivacy 0 {len(text)}\t{text}\nA1\tSentiment T1 negative\n", "utf-8")
    return outside


@pytest.mark.parametrize("name", ["../outside/b", "/abs", "sub\\b", "..", "C:b", "CON", "b:stream"])
def test_brat_manifest_naming_a_file_outside_the_folder_is_one_error_and_nothing_is_read_there(tmp_path, name):
    brat_export_and_outside(tmp_path, "我只想付钱。")
    manifest = tmp_path / "brat" / "argmine.json"
    data = json.loads(manifest.read_text("utf-8"))
    data["documents"][name] = data["documents"].pop("b")
    manifest.write_text(json.dumps(data), "utf-8")
    (tmp_path / "brat" / "a.ann").write_text("T1\tprivacy 0 5\t财不外露。\nA1\tSentiment T1 negative\n"
                                             "T2\tbloat 5 10\t来往已死。\nA2\tSentiment T2 neutral\n", "utf-8")
    result = import_annotations([tmp_path / "brat"], "brat", units=UNITS)
    assert [str(p) for p in result.errors] == [
        f"{manifest} document {name!r}: not a file name in this folder (argmine.json names the .txt and .ann beside it, "
        "without a folder); export it again with 'argmine export'"]
    assert [r.id for r in result.records] == ["a#1", "a#2"]  # the other documents are still read


@pytest.mark.parametrize("linked", [("b.txt",), ("b.ann",), ("b.txt", "b.ann")])
def test_brat_txt_or_ann_linking_outside_the_folder_is_one_error_and_its_text_is_never_shown(tmp_path, linked):
    outside = brat_export_and_outside(tmp_path, "秘密的文字。")
    for name in linked:  # a returned archive can carry links (tar keeps them)
        (tmp_path / "brat" / name).unlink()
        (tmp_path / "brat" / name).symlink_to(outside / name)
    (tmp_path / "brat" / "a.ann").write_text("T1\tprivacy 0 5\t财不外露。\nA1\tSentiment T1 negative\n", "utf-8")
    result = import_annotations([tmp_path / "brat"], "brat", units=UNITS)
    assert [str(p) for p in result.errors] == [
        f"{tmp_path / 'brat' / linked[0]}: a link to a file outside this brat folder; only the folder's own files are read: "
        "put the file itself in the folder, or export the documents again"]
    assert [r.id for r in result.records] == ["a#1"]  # the other documents are still read


def test_brat_files_saved_with_a_byte_order_mark_keep_their_first_entity_and_offsets(tmp_path):
    export(UNITS, tmp_path / "brat", "brat", documents=DOCS)
    (tmp_path / "brat" / "a.ann").write_text("\ufeffT1\tprivacy 0 5\t财不外露。\nA1\tSentiment T1 negative\n"
                                             "T2\tbloat 5 10\t来往已死。\nA2\tSentiment T2 neutral\n", "utf-8")  # Notepad's BOM
    (tmp_path / "brat" / "b.ann").write_text("T1\tother 0 6\t我只想付钱。\nA1\tSentiment T1 neutral\n", "utf-8-sig")
    txt = tmp_path / "brat" / "b.txt"
    txt.write_text(txt.read_text("utf-8"), "utf-8-sig")
    result = import_annotations([tmp_path / "brat"], "brat", units=UNITS)
    assert not result.errors and not result.unlabeled
    assert [(r.id, r.themes, r.sentiment) for r in result.records] == [
        ("a#1", ("privacy",), "negative"), ("a#2", ("bloat",), "neutral"), ("b#1", (), "neutral")]
    assert [str(p) for p in result.warnings] == [
        f"{txt}: starts with a byte order mark (re-saved by Notepad?), which 'argmine export' does not write; it was skipped, "
        "so offsets count from the character after it; save the file as UTF-8 without BOM"]


def test_files_that_are_not_utf8_are_one_error_naming_the_fix(tmp_path):
    gbk = '[{"data": {"text": "好"}}]'.encode("gbk")
    (tmp_path / "ls.json").write_bytes(gbk)
    (tmp_path / "dc.jsonl").write_bytes(gbk)
    export(UNITS, tmp_path / "brat", "brat", documents=DOCS)
    (tmp_path / "brat" / "a.txt").write_bytes(b"\xff\xfe\xfa")
    (tmp_path / "brat2").mkdir()
    (tmp_path / "brat2" / "argmine.json").write_bytes(gbk)
    found = [str(e) for fmt, name in [("label-studio", "ls.json"), ("doccano", "dc.jsonl"), ("brat", "brat"), ("brat", "brat2")]
             for e in import_annotations([tmp_path / name], fmt).errors if "UTF-8" in str(e)]  # brat's unlabelled units aside
    assert found == [
        f"{tmp_path / 'ls.json'}: not UTF-8 (invalid start byte); export it again as UTF-8",
        f"{tmp_path / 'dc.jsonl'}: not UTF-8 (invalid start byte); export it again as UTF-8",
        f"{tmp_path / 'brat' / 'a.txt'}: not UTF-8 (invalid start byte); save it as UTF-8, as brat and 'argmine export' write it",
        f"{tmp_path / 'brat2' / 'argmine.json'}: not UTF-8 (invalid start byte); export it again as UTF-8",
    ]


@pytest.mark.parametrize("kind,value,found", [
    ("taxonomy", {"taxonomy": [["privacy"]]}, 'an object {"taxonomy": [["privacy"]]}'),  # a Taxonomy control named 'themes'
    ("labels", {"labels": ["privacy"]}, 'an object {"labels": ["privacy"]}'),
    ("choices", {}, "an object {}"),
])
def test_label_studio_themes_result_without_choices_is_an_error_not_no_theme(tmp_path, kind, value, found):
    tasks = unit_export(tmp_path)
    tasks[0]["annotations"][0]["result"][0].update(type=kind, value=value)
    tasks[1]["annotations"][0]["result"][0]["from_name"] = "theme"  # a renamed Choices control is still read by its values
    path = write(tmp_path, tasks)
    result = import_annotations([path], "label-studio")
    assert [str(p) for p in result.errors] == [
        f"{path} task 1 annotation 11: the value of result item 1 ('themes', type '{kind}') is {found}; expected "
        "{\"choices\": [...]} from a Choices control named 'themes', as in the config.xml 'argmine export' wrote " + HAND_EDITED]
    assert [(r.id, r.themes) for r in result.records] == [("a#2", ("privacy",)), ("b#1", ("privacy",))]


def test_label_studio_document_labels_result_without_labels_fails_its_region(tmp_path):
    tasks = document_export(tmp_path)
    del tasks[0]["annotations"][0]["result"][0]["value"]["labels"]  # region a#1: read as 'other' before
    path = write(tmp_path, tasks)
    result = import_annotations([path], "label-studio")
    assert [str(p).split(" is ")[0] for p in result.errors] == [f"{path} task 1 annotation 11 region a#1: the value of result item 1 (type 'labels')"]
    assert [r.id for r in result.records] == ["a#2", "b#1"]


def test_import_without_source_refuses_a_unit_id_or_kind_edited_into_a_list(tmp_path):
    export(UNITS, tmp_path / "dc", "doccano")
    lines = [json.loads(x) for x in (tmp_path / "dc" / "tasks.jsonl").read_text("utf-8").splitlines()]
    for obj in lines:
        obj["label"] = ["privacy", "negative"]
    lines[0]["kind"], lines[1]["unit_id"] = ["a"], {"a": 1}
    path = tmp_path / "e.jsonl"
    path.write_text("".join(json.dumps(x, ensure_ascii=False) + "\n" for x in lines), "utf-8")
    result = import_annotations([path], "doccano")
    assert [str(p) for p in result.errors] == [
        f"{path}:1: 'kind' is a list [\"a\"]; expected a kind such as \"comment\" (the file was edited by hand?): export it again "
        "with 'argmine export'; or pass --source to take it from the original text",
        f"{path}:2: 'unit_id' is an object {{\"a\": 1}}; expected a unit id such as \"d#1\" (the file was edited by hand?): export it "
        "again with 'argmine export'; or pass --source to take it from the original text"]
    assert [r.id for r in result.records] == ["b#1"]
    with_source = import_annotations([path], "doccano", units=UNITS)  # the source's units give id and kind
    assert not with_source.errors and [(r.id, r.kind) for r in with_source.records] == [(u.id, u.kind) for u in UNITS]


def test_huge_values_are_shown_cut_in_messages(tmp_path):
    export(UNITS, tmp_path / "dc", "doccano")
    lines = [json.loads(x) for x in (tmp_path / "dc" / "tasks.jsonl").read_text("utf-8").splitlines()]
    lines[0]["label"] = ["privacy", "长" * 100_000]
    lines[1].update(label=["privacy", "negative"], end="长" * 100_000)
    path = tmp_path / "e.jsonl"
    path.write_text("".join(json.dumps(x, ensure_ascii=False) + "\n" for x in lines), "utf-8")
    errors = [str(p) for p in import_annotations([path], "doccano").errors]
    assert len(errors) == 2 and all(len(e) < 500 and "… (100000 characters)" in e for e in errors), [e[:300] for e in errors]
    assert errors[0].startswith(f"{path}:1: unknown theme '{'长' * 80}'… (100000 characters) in schema")
    assert errors[1] == f"{path}:2: end is '{'长' * 80}'… (100000 characters); expected an integer offset"


def test_huge_control_name_is_shown_cut_as_every_message_shows_a_value(tmp_path):
    tasks = unit_export(tmp_path)
    tasks[0]["annotations"][0]["result"][0]["from_name"] = "题" * 1000  # a renamed Choices control with a huge name
    path = write(tmp_path, tasks)
    result = import_annotations([path], "label-studio")
    assert [str(p) for p in result.warnings] == [
        f"{path} task 1 annotation 11: result '{'题' * 80}'… (1000 characters) is not one of the config's controls 'themes' "
        "and 'sentiment'; its choices ['privacy'] were read as the themes: name the controls as 'argmine export' wrote the config"]


def test_json_integer_too_long_for_python_is_one_line_in_every_reader(tmp_path):
    from argmine.annotations import load_gold
    from argmine.read import read

    big = "7" * 5000
    path = tmp_path / "e.jsonl"
    path.write_text(f'{{"text": "好。", "id": {big}}}\n{{"text": "坏。", "id": 2}}\n', "utf-8")
    reason = "not valid JSON (an integer of 5000 digits, more than the 4300 Python reads at column 22)"
    errors = [str(p) for p in import_annotations([path], "doccano").errors]
    assert errors[0] == f"{path}:1: {reason}; the file looks truncated or edited by hand: export it again from the tool"
    bad = []
    assert [d.text for d in read([path], on_error=bad.append)] == ["坏。"]
    assert [e.message for e in bad] == [f"line 1: {reason}; fix or remove that line"]
    bad = []
    assert load_gold(path, on_error=bad.append) == [] and bad[0].message.startswith(f"line 1: {reason}")
    (tmp_path / "ls.json").write_text(f'[{{"id": {big}, "data": {{"text": "好"}}}}]', "utf-8")
    assert [p.reason for p in import_annotations([tmp_path / "ls.json"], "label-studio").errors] == [
        "not valid JSON (an integer of 5000 digits, more than the 4300 Python reads); the file looks truncated or edited by hand: "
        "export it again from the tool"]


def test_import_encoding_forces_a_sheets_encoding_that_detection_gets_wrong(tmp_path):
    # a short Big5 sheet whose few characters also read as plausible GB18030 (年次安): every text mismatched
    text = "爛棒假"
    unit = Unit.from_source(text, doc="c", n=1, start=0, end=len(text), kind="body")
    sheet = tmp_path / "s.csv"
    sheet.write_bytes(("id,doc,start,end,kind,text,pred_themes,pred_sentiment,pred_sentiment_score,pred_scores,confidence,"
                       f"themes,sentiment,annotator,note\r\nc#1,c,0,{len(text)},body,{text},,,,,,privacy,negative,,\r\n").encode("big5"))
    assert [p.cause for p in import_annotations([sheet], "csv", units=[unit]).errors] == ["the unit text in the file differs from the source"]
    result = import_annotations([sheet], "csv", units=[unit], encoding="big5")
    assert not result.errors and [(r.id, r.text, r.themes) for r in result.records] == [("c#1", text, ("privacy",))]
    runner = CliRunner()
    res = runner.invoke(main, ["import", str(sheet), "--format", "csv", "--encoding", "big5", "-o", str(tmp_path / "g.jsonl")])
    assert res.exit_code == 0 and json.loads((tmp_path / "g.jsonl").read_text("utf-8"))["text"] == text
    res = runner.invoke(main, ["import", str(sheet), "--format", "csv", "--encoding", "base64", "-o", str(tmp_path / "x.jsonl")])
    assert res.exit_code == 2 and "Invalid value for '--encoding': 'base64' is a Python codec but not a text encoding" in res.stderr
    # with another format it is ignored with a warning, as --text-field without doccano (tests/test_cli_consistency.py)
    res = runner.invoke(main, ["import", str(sheet), "--format", "doccano", "--encoding", "big5", "-o", str(tmp_path / "x.jsonl")])
    assert res.stderr.splitlines()[0] == ("argmine: warning: --encoding applies to --format csv only and is ignored for --format doccano "
                                          "(a doccano export is UTF-8)")


def test_import_source_table_warnings_name_the_source_options(tmp_path):
    source = tmp_path / "src.csv"
    source.write_text("a,b\n1,好。\n", encoding="utf-8")
    sheet = tmp_path / "sheet.csv"
    sheet.write_text("id,doc,start,end,text,themes,sentiment\nsrc:1#1,src:1,0,2,好。,other,neutral\n", encoding="utf-8")
    r = CliRunner().invoke(main, ["import", str(sheet), "--format", "csv", "--source", str(source), "--source-text-field", "b",
                                  "--source-id-field", "cid", "-o", str(tmp_path / "g.jsonl")])
    assert r.exit_code == 0, r.output
    assert (f"argmine: warning: --source {source}: no row has the 'cid' column given by --source-id-field (columns: a, b)"
            in r.stderr)


def test_import_source_cells_html_reads_the_source_as_an_export_with_cells_html_did(tmp_path):
    source = tmp_path / "weibo.jsonl"
    source.write_text(json.dumps({"id": "w1", "text": "隐私<br>会泄露。&lt;支付宝&gt;不该做社交。"}, ensure_ascii=False) + "\n", encoding="utf-8")
    sheet = tmp_path / "sheet.csv"
    res = CliRunner().invoke(main, ["export", str(source), "--cells", "html", "--format", "csv", "--model", "lexicon", "-o", str(sheet), "-q"])
    assert res.exit_code == 0, res.output
    text = sheet.read_text("utf-8-sig").replace(",,,", ",other,neutral,")  # themes, sentiment, annotator left empty by export
    sheet.write_text(text, encoding="utf-8")
    args = ["import", str(sheet), "--format", "csv", "--source", str(source), "-o", str(tmp_path / "g.jsonl")]
    assert CliRunner().invoke(main, args).exit_code == 1  # the source read as text: its units are elsewhere
    res = CliRunner().invoke(main, [*args, "--source-cells", "html"])
    assert res.exit_code == 0, res.output
    assert [json.loads(x)["text"] for x in (tmp_path / "g.jsonl").read_text("utf-8").splitlines()] == ["隐私", "会泄露。", "<支付宝>不该做社交。"]


def test_import_source_matches_labels_made_before_big5_punctuation_was_read_as_browsers_read_it(tmp_path):
    # A1E3 and A145 read as ～ ‧ now, as ∼ • when the tasks were exported: same bytes, same offsets
    text = "支付寶最近推出圈子功能～真的很誇張。阿里巴巴‧馬雲到底在想什麼？財不外露。"
    before = text.encode("cp950").decode("big5")
    (tmp_path / "post.txt").write_bytes(text.encode("cp950"))
    spans = [(0, 18), (18, 32), (32, 37)]
    tasks = [{"id": n, "data": {"text": before[s:e], "unit_id": f"post#{n}", "doc": "post", "start": s, "end": e, "kind": "body"},
              "annotations": [{"id": n, "completed_by": 1, "result": [
                  {"from_name": "themes", "to_name": "text", "type": "choices", "value": {"choices": ["privacy"]}},
                  {"from_name": "sentiment", "to_name": "text", "type": "choices", "value": {"choices": ["negative"]}}]}]}
             for n, (s, e) in enumerate(spans, 1)]
    path = write(tmp_path, tasks, "old.json")
    res = CliRunner().invoke(main, ["import", str(path), "--format", "label-studio", "--source", str(tmp_path / "post.txt"),
                                    "-o", str(tmp_path / "g.jsonl")])
    assert res.exit_code == 0, res.output
    assert res.stderr.splitlines()[0] == (
        f"argmine: warning: {path}: 2 records were labelled when argmine read the Big5 source's punctuation otherwise "
        "(• now ‧, ∼ now ～: the same bytes, now read as browsers read them); matched across that change at the same offsets, "
        "with the source's text")
    records = [json.loads(x) for x in (tmp_path / "g.jsonl").read_text("utf-8").splitlines()]
    assert [(r["id"], r["start"], r["end"], r["text"]) for r in records] == [(f"post#{n}", s, e, text[s:e]) for n, (s, e) in enumerate(spans, 1)]
    # another character than the same bytes' old reading is still a text mismatch
    tasks[0]["data"]["text"] = text[:11] + "~" + text[12:18]
    units = [Unit.from_source(text, doc="post", n=n, start=s, end=e, kind="body") for n, (s, e) in enumerate(spans, 1)]
    result = import_annotations([write(tmp_path, tasks, "edited.json")], "label-studio", units=units, big5_docs={"post"})
    assert [p.cause for p in result.errors] == ["the unit text in the file differs from the source"]
    assert [p.reason[:9] for p in result.warnings] == ["1 record "]
    # a source not read as Big5 (～ typed in a UTF-8 file) holds other bytes there: ∼ in the label is a text mismatch
    result = import_annotations([path], "label-studio", units=units)
    assert [p.cause for p in result.errors] == ["the unit text in the file differs from the source"] * 2 and result.warnings == []
    (tmp_path / "post.txt").write_text(text, "utf-8")
    res = CliRunner().invoke(main, ["import", str(path), "--format", "label-studio", "--source", str(tmp_path / "post.txt"),
                                    "-o", str(tmp_path / "g2.jsonl")])
    assert res.exit_code == 1 and "Big5" not in res.output and "text mismatch for unit post#1" in res.output, res.output


def labelled_sheet(tmp_path, name="s.csv", kind="body") -> str:
    """The CSV sheet of UNITS with a#1 labelled privacy/negative and a#2 neutral (no theme); b#1 left unlabelled."""
    export(UNITS, tmp_path / "blank.csv", "csv")
    lines = (tmp_path / "blank.csv").read_text("utf-8-sig").splitlines()
    lines[1] = lines[1].replace(",body,", f",{kind},")[:-3] + "privacy,negative,,"
    lines[2] = lines[2][:-3] + ",neutral,,"
    return "\n".join(lines) + "\n"


@pytest.mark.skipif(not __import__("os").path.exists("/dev/fd/0"), reason="needs /dev/fd")
def test_import_from_a_pipe_names_the_labeler_pipe_not_the_fd_number_and_says_to_pass_annotator(tmp_path):
    import os

    r, w = os.pipe()  # what bash's <(cat s.csv) gives: /dev/fd/N
    os.write(w, labelled_sheet(tmp_path).encode("utf-8"))
    os.close(w)
    try:
        result = import_annotations([f"/dev/fd/{r}"], "csv")
    finally:
        os.close(r)
    assert [r.annotator for r in result.records] == ["pipe", "pipe"]
    assert [p.reason for p in result.warnings] == [
        "its labels carry no labeler name, and the file name of a pipe names nobody: they were recorded as annotator 'pipe'; "
        "pass --annotator NAME"]
    from argmine.importers import _stream_annotator
    from pathlib import Path

    assert [_stream_annotator(Path(p), "x") for p in ("/proc/self/fd/63", "/dev/stdin", "/dev/fd/0", "-", "/data/fd/63")] == [
        "pipe", "stdin", "stdin", "stdin", "x"]


def test_csv_sheet_with_only_a_header_says_so_naming_the_file(tmp_path):
    export(UNITS, tmp_path / "s.csv", "csv")
    header = (tmp_path / "s.csv").read_text("utf-8-sig").splitlines()[0]
    (tmp_path / "s.csv").write_text(header + "\n,,,,,,,,,,,,,,\n", "utf-8")  # and a spreadsheet's empty row
    result = import_annotations([tmp_path / "s.csv"], "csv")
    assert [(p.where, p.reason, p.file_level) for p in result.errors] == [
        (str(tmp_path / "s.csv"), "has a header and no rows; there are no labelled units in it: pass the sheet "
         "'argmine export --format csv' wrote, with its rows", True)]


def test_csv_sheet_kind_cell_that_is_no_kind_fails_its_row_and_the_rest_import(tmp_path):
    (tmp_path / "s.csv").write_text(labelled_sheet(tmp_path, kind="bogus"), "utf-8")
    result = import_annotations([tmp_path / "s.csv"], "csv")
    assert [r.id for r in result.records] == ["a#2"]
    assert [str(p) for p in result.errors] == [
        f"{tmp_path / 's.csv'}: row 1 (line 2) (unit a#1): the kind cell reads 'bogus'; expected one of title, body, comment (as the export "
        "wrote it); restore it, or pass --source to take it from the original text"]
    result = import_annotations([tmp_path / "s.csv"], "csv", units=UNITS)  # the source's kind
    assert not result.errors and [r.kind for r in result.records] == ["body", "body"]


def _brat_two_units(folder, text: str, second: int, eol: str = "\n") -> list[Unit]:
    """Export the two 5-character units of doc c (at 0 and ``second``) to brat and label them, lines ending in ``eol``."""
    units = [Unit.from_source(text, doc="c", n=1, start=0, end=5, kind="body"),
             Unit.from_source(text, doc="c", n=2, start=second, end=second + 5, kind="body")]
    export(units, folder, "brat", documents=[Document(id="c", text=text)])
    (folder / "c.ann").write_text(eol.join(["T1\tprivacy 0 5\t财不外露。", "A1\tSentiment T1 negative",
                                            f"T2\tbloat {second} {second + 5}\t来往已死。", "A2\tSentiment T2 neutral", ""]), "utf-8")
    return units


def test_brat_txt_converted_to_crlf_is_read_with_lf_line_ends_and_one_warning(tmp_path):
    _brat_two_units(tmp_path / "brat", "财不外露。\n来往已死。\n", 6, eol="\r\n")
    txt = tmp_path / "brat" / "c.txt"
    txt.write_bytes(txt.read_bytes().replace(b"\n", b"\r\n"))  # a Windows checkout
    result = import_annotations([tmp_path / "brat"], "brat")
    assert [(r.text, r.start, r.end) for r in result.records] == [("财不外露。", 0, 5), ("来往已死。", 6, 11)]
    assert [p.where for p in result.warnings] == [str(txt)] and "CRLF" in result.warnings[0].reason
    # a document that had CRLF when it was exported keeps its offsets: \r\n counts two
    units = _brat_two_units(tmp_path / "brat2", "财不外露。\r\n来往已死。\r\n", 7)
    result = import_annotations([tmp_path / "brat2"], "brat", units=units)
    assert not result.problems and [(r.text, r.start) for r in result.records] == [("财不外露。", 0), ("来往已死。", 7)]


def test_labelled_json_array_whose_first_row_has_no_labels_is_not_taken_for_doccano(tmp_path):
    from argmine.importers import export_layout

    rows = [{"text": "财不外露。"}, {"text": "来往已死。", "themes": ["privacy"], "sentiment": "negative"}]
    assert export_layout(write(tmp_path, rows, "rows.json")) == (
        "a JSON array of labelled rows (1 record with 'themes'/'sentiment' fields)", "")
    doccano = [{"text": "财不外露。", "label": []}, {"text": "来往已死。", "label": ["privacy", "negative"]}]
    assert export_layout(write(tmp_path, doccano, "dc.json"))[1] == "doccano"


def summary(tmp_path, *args) -> str:
    """The summary line of ``argmine import ARGS -o g.jsonl``, the path of the gold file shown as GOLD."""
    res = CliRunner().invoke(main, ["import", *map(str, args), "-o", str(tmp_path / "g.jsonl")])
    return res.stderr.splitlines()[-1].replace(str(tmp_path / "g.jsonl"), "GOLD")


def test_cli_import_summary_partitions_the_units_in_every_format(tmp_path):
    # 3 units, two labelers: a#1 both (bob's record fails: a#1 is written from alice's), a#2 bob only and it fails, b#1 nobody
    export(UNITS, tmp_path / "blank.csv", "csv")
    lines = (tmp_path / "blank.csv").read_text("utf-8-sig").splitlines()
    label = {"ok": "privacy,negative,,", "bad": "nope,negative,,", "": ",,,"}
    for who, cells in (("alice", ("ok", "", "")), ("bob", ("bad", "bad", ""))):
        rows = [line[:-3] + label[c] for line, c in zip(lines[1:], cells)]
        (tmp_path / f"{who}.csv").write_text("\n".join([lines[0], *rows]) + "\n", "utf-8")
    counts = "1 record failed (1 more failed record on a unit another record labelled), 0 conflicts, 1 unlabelled"
    assert summary(tmp_path, tmp_path / "alice.csv", tmp_path / "bob.csv", "--format", "csv") == (
        f"argmine: 1 gold record written to GOLD; {counts}")
    for who, cells in (("alice", ("ok", "", "")), ("bob", ("bad", "bad", ""))):
        export(UNITS, tmp_path / f"dc_{who}", "doccano")
        recs = [json.loads(x) for x in (tmp_path / f"dc_{who}" / "tasks.jsonl").read_text("utf-8").splitlines()]
        for rec, c in zip(recs, cells):
            rec["label"] = {"ok": ["privacy", "negative"], "bad": ["nope", "negative"], "": []}[c]
        write(tmp_path, recs, f"{who}.json")
    assert summary(tmp_path, tmp_path / "alice.json", tmp_path / "bob.json", "--format", "doccano") == (
        f"argmine: 1 gold record written to GOLD; {counts}")
    for who, cells in (("alice", ("ok", "", "")), ("bob", ("bad", "bad", ""))):
        export(UNITS, tmp_path / who, "brat", documents=DOCS)
        spans = [f"T{n}\t{'privacy' if c == 'ok' else 'nope'} {u.start} {u.end}\t{u.text}\nA{n}\tSentiment T{n} negative\n"
                 for n, (u, c) in enumerate(zip(UNITS, cells), 1) if c]
        (tmp_path / who / "a.ann").write_text("".join(spans) + ("A9\tNote T1 x\n" if who == "bob" else ""), "utf-8")  # a line, no unit
    assert summary(tmp_path, tmp_path / "alice", tmp_path / "bob", "--format", "brat") == (  # b#1: 'other', as exported
        f"argmine: 1 gold record written to GOLD; {counts.replace(', 0 conflicts', ', 1 error naming no unit, 0 conflicts')}")
    tasks = document_export(tmp_path)  # Label Studio, document level: alice labels a#1; bob's regions on a#1 and a#2 fail
    bad = [dict(r, id=f"x{u.id}", value=dict(r["value"], labels=["nope"]) if r["type"] == "labels" else r["value"])
           for u in UNITS[:2] for r in region(u, "privacy", "negative")]
    tasks[0]["annotations"] = [{"id": 11, "completed_by": 1, "result": region(UNITS[0], "privacy", "negative")},
                               {"id": 12, "completed_by": 2, "result": bad}]
    tasks[1]["annotations"] = []
    assert summary(tmp_path, write(tmp_path, tasks), "--format", "label-studio") == f"argmine: 1 gold record written to GOLD; {counts}"
    tasks[1]["annotations"] = [{"id": 21, "completed_by": 2, "result": []}, {"id": 22, "completed_by": 1, "result": region(UNITS[2], "bloat", "negative")}]
    assert summary(tmp_path, write(tmp_path, tasks), "--format", "label-studio") == (  # b#1: bob left it, alice labelled it
        f"argmine: 2 gold records written to GOLD; {counts.replace('1 unlabelled', '0 unlabelled')} (1 more unit one record left "
        "was labelled in another)")


def test_span_inside_one_unit_fails_as_that_unit_in_the_summary(tmp_path):
    export(UNITS, tmp_path / "brat", "brat", documents=DOCS)
    (tmp_path / "brat" / "a.ann").write_text("T1\tprivacy 0 5\t财不外露。\nA1\tSentiment T1 negative\n"
                                             "T2\tbloat 6 8\t往已\nA2\tSentiment T2 neutral\n", "utf-8")  # part of a#2
    assert [p.unit for p in import_annotations([tmp_path / "brat"], "brat").errors] == ["a#2"]
    assert summary(tmp_path, tmp_path / "brat", "--format", "brat") == (  # b#1: 'other', as exported
        "argmine: 1 gold record written to GOLD; 1 record failed, 0 conflicts, 1 unlabelled")


def test_cli_import_summary_a_row_repeated_by_one_labeler_and_a_row_added_by_hand(tmp_path):
    sheet = labelled_sheet(tmp_path).splitlines()
    # a#2's row copied (Excel) and left blank by the same labeler; a row added by hand, with no id and no offsets
    sheet.insert(3, sheet[2].rsplit(",neutral,,", 1)[0] + ",,,")
    sheet.append(",a,,,body,我加的一句,,,,,,bloat,negative,,")
    (tmp_path / "s.csv").write_text("\n".join(sheet) + "\n", "utf-8")
    result = import_annotations([tmp_path / "s.csv"], "csv")
    assert [str(p) for p in result.errors] == [
        f"{tmp_path / 's.csv'}: row 5 (line 6): the row has no unit id (nor offsets): it is not a row of the export (added by hand?), so it "
        "names no unit to label; label the exported rows, or restore the row's id, start and end"]
    assert summary(tmp_path, tmp_path / "s.csv", "--format", "csv") == (
        "argmine: 2 gold records written to GOLD; 0 records failed, 1 error naming no unit, 0 conflicts, 1 unlabelled "
        "(1 more unit one record left was labelled in another)")


def test_cli_import_refuses_standard_input_given_twice(tmp_path):
    res = CliRunner().invoke(main, ["import", "-", "-", "--format", "csv", "-o", str(tmp_path / "g.jsonl")],
                             input=labelled_sheet(tmp_path))
    assert res.exit_code == 2 and not (tmp_path / "g.jsonl").exists()
    assert res.stderr.splitlines()[-1] == ("Error: '-' (standard input) is given more than once; it can be read only once: "
                                          "pass the other exports as files")


@pytest.mark.parametrize("fmt", ["doccano", "label-studio", "csv", "brat"])
def test_argmines_own_labelled_records_given_to_import_are_one_line_saying_no_import_is_needed(tmp_path, fmt):
    rows = [{"id": "a#1", "doc": "a", "start": 0, "end": 5, "text": "财不外露。", "themes": ["privacy"], "sentiment": "negative"},
            {"id": "a#2", "doc": "a", "start": 5, "end": 10, "text": "来往已死。", "themes": [], "sentiment": "neutral"}]
    (tmp_path / "gold.jsonl").write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), "utf-8")
    expected = {"doccano": "doccano's JSONL export (one JSON object per line)", "label-studio":
                "Label Studio's JSON export (one JSON array of tasks)", "csv": "the CSV sheet written by 'argmine export --format csv'",
                "brat": "a brat folder written by 'argmine export --format brat'"}[fmt]
    no_import = "that is argmine's own labelled format and needs no import: 'argmine train' and 'argmine evaluate --gold' read it as it is"
    result = import_annotations([tmp_path / "gold.jsonl"], fmt)
    assert [(str(p), p.file_level) for p in result.errors] == [(
        f"{tmp_path / 'gold.jsonl'}: looks like gold JSONL (2 records with 'themes'/'sentiment' fields), not {expected}; {no_import}, "
        "and 'argmine agreement' compares two labelers' files of it", True)]
    result = import_annotations([write(tmp_path, rows, "rows.json")], fmt)
    assert [(str(p), p.file_level) for p in result.errors] == [(
        f"{tmp_path / 'rows.json'}: looks like a JSON array of labelled rows (2 records with 'themes'/'sentiment' fields), not "
        f"{expected}; {no_import} ('argmine agreement' and 'argmine realign' read gold JSONL: write each record on a line of its own)",
        True)]


def test_one_line_file_given_as_a_sheet_names_the_missing_columns_not_a_header_without_rows(tmp_path):
    (tmp_path / "one.csv").write_text("支付宝做社交真是多此一举，我只想安安静静付钱。\n", "utf-8")
    assert [p.reason for p in import_annotations([tmp_path / "one.csv"], "csv").errors] == [
        "missing column(s) id, doc, start, end, text, themes, sentiment; keep the columns of the exported sheet (id, doc, start, end, "
        "kind, text, pred_themes, pred_sentiment, pred_sentiment_score, pred_scores, confidence, schema, themes, sentiment, annotator, note)"]


def test_cli_import_chinese_sentiment_words_and_theme_names_get_the_id_and_a_map_that_agrees(tmp_path):
    from argmine.errors import SchemaError, label_hint
    from argmine.schema import load_schema

    sheet = labelled_sheet(tmp_path).replace("privacy,negative,,", "隐私与安全担忧,negative,,").replace(",neutral,,", ",负面,,")
    (tmp_path / "s.csv").write_text(sheet, "utf-8")
    res = CliRunner().invoke(main, ["import", str(tmp_path / "s.csv"), "--format", "csv", "-o", str(tmp_path / "g.jsonl")])
    lines = res.stderr.splitlines()
    assert "'隐私与安全担忧' stands for theme 'privacy': write its id; the labels must be those of the packaged schema" in lines[0]
    assert lines[1].endswith("'负面' stands for sentiment 'negative': write its id; every schema has these three sentiments, "
                             "so --schema cannot change them")
    for word, sentiment in {"正面": "positive", "积极": "positive", "消极": "negative", "中性": "neutral", "中立": "neutral"}.items():
        with pytest.raises(SchemaError) as e:
            load_schema().validate_sentiment(word)
        assert label_hint(load_schema(), e.value).startswith(f"'{word}' stands for sentiment '{sentiment}': write its id; ")
    assert lines[2] == ("argmine: warning: label 隐私与安全担忧 names theme 'privacy' of schema 'alipay_social' by name or in another "
                        "case, not by id: write the id in the file, or import again with --map 隐私与安全担忧=privacy")
    assert "--map 隐私与安全担忧=NEW" not in res.stderr


def test_label_studio_json_min_export_with_unlabelled_tasks_is_one_line(tmp_path):
    rows = [{"id": 1, "text": "财不外露。", "unit_id": "a#1", "themes": "privacy", "sentiment": "negative", "annotator": "a@x.com",
             "annotation_id": 5, "lead_time": 3.2},
            {"id": 2, "text": "来往已死。", "unit_id": "a#2"}]  # a task nobody labelled: neither key
    result = import_annotations([write(tmp_path, rows)], "label-studio")
    assert [(str(p), p.file_level) for p in result.errors] == [(
        f"{tmp_path / 'e.json'}: looks like a Label Studio JSON_MIN export (2 flat rows, no 'data' objects), not Label Studio's JSON "
        "export (one JSON array of tasks); export it again from Label Studio with export type JSON (not JSON_MIN), then use "
        "--format label-studio", True)]


@pytest.mark.parametrize("level", ["unit", "document"])
def test_label_studio_json_min_export_of_tasks_nobody_labelled_is_named_as_such_not_doccano(tmp_path, level):
    from argmine.importers import export_layout

    export(UNITS, tmp_path / "ls", "label-studio", documents=DOCS, level=level)
    # JSON_MIN flattens each task's data and adds its id; a task nobody labelled adds nothing else
    rows = [{**task["data"], "id": n} for n, task in enumerate(json.loads((tmp_path / "ls" / "tasks.json").read_text("utf-8")), 1)]
    path = write(tmp_path, rows)
    n = len(rows)
    found = f"a Label Studio JSON_MIN export of tasks nobody labelled ({n} flat row{'s' * (n > 1)}, no 'data' objects, no labels)"
    assert export_layout(path) == (found, "label-studio-min")
    fix = "export it again from Label Studio with export type JSON (not JSON_MIN), then use --format label-studio"
    for fmt, expected in (("label-studio", "Label Studio's JSON export (one JSON array of tasks)"),
                          ("doccano", "doccano's JSONL export (one JSON object per line)")):
        assert [str(p) for p in import_annotations([path], fmt).errors] == [f"{path}: looks like {found}, not {expected}; {fix}"]
    doccano = [dict(row, label=[]) for row in rows]  # doccano's export of the same records carries its label field, empty or not
    assert export_layout(write(tmp_path, doccano, "dc.json"))[1] == "doccano"


@pytest.mark.parametrize("fmt", ["label-studio", "doccano", "brat"])
@pytest.mark.parametrize("edit, reason", [
    (lambda u: u.__setitem__("start", "x"), "the start of unit 2 of 'units' (a#2) is 'x'; expected an integer offset"),
    (lambda u: u.pop("end"), "the end of unit 2 of 'units' (a#2) is None; expected an integer offset"),
    (lambda u: u.__setitem__("end", 2), "unit 2 of 'units' (a#2): offsets 5..2 are out of range for 'a' (10 characters); "
                                        "the record does not belong to this document")])
def test_a_malformed_units_list_names_the_task_and_the_unit_and_fails_the_units_it_carries(tmp_path, fmt, edit, reason):
    if fmt == "label-studio":
        tasks = document_export(tmp_path)
        edit(tasks[0]["data"]["units"][1])
        path, where = write(tmp_path, tasks), f"{tmp_path / 'e.json'} task 1"
    elif fmt == "doccano":
        export(UNITS, tmp_path / "dc", "doccano", documents=DOCS, level="document")
        records = [json.loads(line) for line in (tmp_path / "dc" / "tasks.jsonl").read_text("utf-8").splitlines()]
        edit(records[0]["units"][1])
        path = tmp_path / "dc" / "tasks.jsonl"
        path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), "utf-8")
        where = f"{path}:1"
    else:
        export(UNITS, tmp_path / "brat", "brat", documents=DOCS)
        manifest = json.loads((tmp_path / "brat" / "argmine.json").read_text("utf-8"))
        edit(manifest["documents"]["a"]["units"][1])
        (tmp_path / "brat" / "argmine.json").write_text(json.dumps(manifest, ensure_ascii=False), "utf-8")
        path, where = tmp_path / "brat", str(tmp_path / "brat" / "a.txt")
    result = import_annotations([path], fmt)
    errors = [(str(p), p.unit, p.units) for p in result.errors]  # doc b's follow (doccano's pre-filled spans carry no sentiment)
    assert errors[0] == (f"{where}: {reason}", "a#1", ("a#1", "a#2"))  # the document's units fail with it, not an error naming none


def test_labelled_rows_are_counted_by_the_rows_with_labels(tmp_path):
    from argmine.importers import export_layout

    labelled = [{"id": "a#1", "text": "财不外露。"}, {"id": "a#2", "text": "来往已死。", "themes": ["bloat"], "sentiment": "negative"}]
    assert export_layout(write(tmp_path, labelled))[0].endswith("(1 record with 'themes'/'sentiment' fields)")


def test_doccano_json_array_whose_label_field_has_another_name_is_still_doccano(tmp_path):
    from argmine.importers import export_layout

    rows = [{"id": 1, "text": "财不外露。", "labels": ["privacy", "negative"]}, {"id": 2, "text": "来往已死。", "labels": []}]
    assert export_layout(write(tmp_path, rows))[1] == "doccano"  # not Label Studio's JSON_MIN: --label-field names it


def test_cli_import_summary_counts_units_not_regions_or_labelers(tmp_path):
    tasks = document_export(tmp_path)[:1]
    first = tasks[0]["annotations"][0]
    # labeler 2 labels a#1 only: a#2 is imported from labeler 1, not unlabelled; two regions of labeler 3 on a#2 fail, but
    # a#2 was written from labeler 1: counted apart, so that written + failed + unlabelled = the 2 units
    bad = [dict(r, id=f"x{n}", value=dict(r["value"], labels=["nope"]) if r["type"] == "labels" else r["value"])
           for n in (1, 2) for r in region(UNITS[1], "privacy", "negative")]
    tasks[0]["annotations"] = [first, {"id": 12, "completed_by": 2, "result": region(UNITS[0], "privacy", "negative")},
                               {"id": 13, "completed_by": 3, "result": bad}]
    res = CliRunner().invoke(main, ["import", str(write(tmp_path, tasks)), "--format", "label-studio", "-o", str(tmp_path / "g.jsonl")])
    assert res.stderr.splitlines()[-1] == (
        f"argmine: 2 gold records written to {tmp_path / 'g.jsonl'}; 0 records failed (2 more failed records on units other "
        "records labelled), 0 conflicts, 0 unlabelled (2 more units one record left were labelled in another)")
    # labeler 3 labels b#1 too, in two regions that fail: b#1 is written from nobody, one unit failed in 2 places
    tasks = document_export(tmp_path)
    tasks[1]["annotations"][0]["result"] = [dict(r, id=f"y{n}", value=dict(r["value"], labels=["nope"]) if r["type"] == "labels"
                                                 else r["value"]) for n in (1, 2) for r in region(UNITS[2], "privacy", "negative")]
    res = CliRunner().invoke(main, ["import", str(write(tmp_path, tasks)), "--format", "label-studio", "-o", str(tmp_path / "g.jsonl")])
    assert res.stderr.splitlines()[-1] == (
        f"argmine: 2 gold records written to {tmp_path / 'g.jsonl'}; 1 record failed (in 2 places), 0 conflicts, 0 unlabelled")


def test_brat_unit_without_sentiment_is_an_error_naming_it_and_an_untouched_unit_is_unlabelled(tmp_path):
    export(UNITS, tmp_path / "brat", "brat", documents=DOCS)  # no model: every unit 'other', no Sentiment attribute
    (tmp_path / "brat" / "a.ann").write_text("T1\tprivacy 0 5\t财不外露。\nT2\tother 5 10\t来往已死。\n", "utf-8")
    result = import_annotations([tmp_path / "brat"], "brat")
    ann = tmp_path / "brat" / "a.ann"
    assert [str(p) for p in result.errors] == [
        f"{ann}:1: unit a#1 (privacy) has no Sentiment attribute; add one in brat (positive, neutral, negative): every unit "
        "takes one sentiment (ANNOTATION_GUIDE.md)"]
    assert [(p.where, p.cause) for p in result.unlabeled] == [
        (f"{ann}:2", "type 'other' and no Sentiment attribute, as exported"),
        (f"{tmp_path / 'brat' / 'b.ann'}:1", "type 'other' and no Sentiment attribute, as exported")]


@pytest.mark.parametrize("a1,line,reason", [
    ("T1\tprivacy 0 5\t财不外露。\nA1\tSentiment T1 negative\nT3\tsmog 0 5\t财不外露。\nA3\tSentiment T3 negative\n", 5,
     "unknown theme 'smog' in schema 'alipay_social'"),  # the second T line holds it
    ("T1\tprivacy 0 5\t财不外露。\nT3\tbloat 0 5\t财不外露。\nA3\tSentiment T3 hostile\n", 5,
     "unknown sentiment 'hostile' in schema 'alipay_social'"),  # the A line holds it
    ("T1\tprivacy 0 5\t财不外露。\nA1\tSentiment T1 negative\nT3\tbloat 0 5\t财不外露。\nA3\tSentiment T3 positive\n", 6,
     "the spans of unit a#1 carry different sentiments 'negative' (line 4), 'positive' (line 6); keep one"),
])
def test_brat_label_error_of_a_unit_with_several_t_lines_names_the_line_that_holds_the_label(tmp_path, a1, line, reason):
    export(UNITS, tmp_path / "brat", "brat", documents=DOCS)
    ann = tmp_path / "brat" / "a.ann"  # a#1 has two themes, one T line each, as the export writes them; its first T line is valid
    ann.write_text("T2\tbloat 5 10\t来往已死。\nA2\tSentiment T2 neutral\n" + a1, "utf-8")
    result = import_annotations([tmp_path / "brat"], "brat", units=UNITS)
    assert [(p.where, p.unit) for p in result.errors] == [(f"{ann}:{line}", "a#1")]
    assert result.errors[0].reason.startswith(reason)


BRAT_TXT = "财不外露。\n来往已死。\r\n我只想付钱。\n"  # mixed line ends at export
BRAT_UNITS = [Unit.from_source(BRAT_TXT, doc="m", n=1, start=0, end=5, kind="body"),
              Unit.from_source(BRAT_TXT, doc="m", n=2, start=6, end=11, kind="body"),
              Unit.from_source(BRAT_TXT, doc="m", n=3, start=13, end=19, kind="body")]


def brat_labelled(tmp_path):
    """A brat export of BRAT_TXT (doc m) with every unit labelled privacy/negative, as brat writes the .ann."""
    export(BRAT_UNITS, tmp_path / "brat", "brat", documents=[Document(id="m", text=BRAT_TXT)])
    (tmp_path / "brat" / "m.ann").write_text("".join(f"T{n}\tprivacy {u.start} {u.end}\t{u.text}\nA{n}\tSentiment T{n} negative\n"
                                                     for n, u in enumerate(BRAT_UNITS, 1)), "utf-8")
    return tmp_path / "brat"


@pytest.mark.parametrize("change,failed", [
    (lambda b: b.replace(b"\r\n", b"\n").replace(b"\n", b"\r\n"), ["m#3"]),  # unix2dos: the CRLF reading matches m#1, m#2
    (lambda b: b.replace(b"\r\n", b"\n"), ["m#3"]),  # dos2unix: m#3 moved one character
    (lambda b: b.replace(b"\r\n", b"\n").rstrip(b"\n"), ["m#3"]),  # ...and its last line end dropped: m#3 ends past the end
    (lambda b: b.replace("来往".encode(), "來往".encode()), ["m#2"]),  # an edit
])
def test_brat_txt_changed_after_export_fails_the_units_whose_t_line_text_it_no_longer_has(tmp_path, change, failed):
    folder = brat_labelled(tmp_path)
    txt = folder / "m.txt"
    txt.write_bytes(change(txt.read_bytes()))
    result = import_annotations([folder], "brat")
    assert [p.unit for p in result.errors] == failed
    n = [u.id for u in BRAT_UNITS].index(failed[0]) + 1
    assert result.errors[0].where == f"{folder / 'm.ann'}:{2 * n - 1}"
    assert result.errors[0].reason.startswith(f"the T line of unit {failed[0]} reads {BRAT_UNITS[n - 1].text!r}, but m.txt has ")
    assert result.errors[0].reason.endswith("the .txt was changed after export (line ends converted, text edited); restore the .txt "
                                            "as exported, or pass --source to check the labels against the original documents")
    assert all(BRAT_TXT[r.start:r.end] == r.text for r in result.records) and len(result.records) == 3 - len(failed)
    result = import_annotations([folder], "brat", units=BRAT_UNITS)  # --source: the labels are checked against the original
    assert not result.errors and [(r.id, r.text) for r in result.records] == [(u.id, u.text) for u in BRAT_UNITS]


@pytest.mark.parametrize("text", ["财不外露。\r\n来往已死。\r\n", "\ufeff财不外露。\n来往已死。", BRAT_TXT])
def test_brat_unchanged_export_round_trips_without_a_message(tmp_path, text):
    from argmine.segment import segment

    units = segment([Document(id="d", text=text)])
    export(units, tmp_path / "brat", "brat", documents=[Document(id="d", text=text)])
    ann = tmp_path / "brat" / "d.ann"
    ann.write_text(ann.read_text("utf-8") + "".join(f"A{n}\tSentiment T{n} neutral\n" for n in range(1, len(units) + 1)), "utf-8")
    result = import_annotations([tmp_path / "brat"], "brat")  # the T lines as export wrote them, each unit given a sentiment
    assert not result.problems and [(r.id, r.text) for r in result.records] == [(u.id, u.text) for u in units]
    assert all(text[r.start:r.end] == r.text for r in result.records) and len(units) > 1


def test_span_drawn_across_two_units_names_both_and_fails_as_the_unit_it_took(tmp_path):
    a1, a2 = UNITS[:2]
    export(UNITS, tmp_path / "brat", "brat", documents=DOCS)  # brat: a#2's entity deleted, one span over the end of a#1 and a#2
    (tmp_path / "brat" / "a.ann").write_text("T1\tprivacy 0 5\t财不外露。\nA1\tSentiment T1 negative\n"
                                             "T2\tbloat 3 8\t露。来往已\nA2\tSentiment T2 neutral\n", "utf-8")
    crossing = ("span 3..8 ('露。来往已') crosses units a#1 0..5 and a#2 5..10 of a; draw one span per unit, "
                "on the exported span boundaries")
    brat = import_annotations([tmp_path / "brat"], "brat")
    assert [(str(p), p.unit) for p in brat.errors] == [
        (f"{tmp_path / 'brat' / 'a.ann'}:3: cannot be mapped to a unit: {crossing}", "a#2")]
    tasks = document_export(tmp_path)  # Label Studio, document level: a#2's region redrawn over both units
    for r in tasks[0]["annotations"][0]["result"][2:]:
        r["id"], r["value"].update(start=3, end=8, text="露。来往已")
    ls = import_annotations([write(tmp_path, tasks)], "label-studio")
    assert [(str(p), p.unit) for p in ls.errors] == [
        (f"{tmp_path / 'e.json'} task 1 annotation 11 region a#2: cannot be mapped to a unit: {crossing}", "a#2")]
    export(UNITS, tmp_path / "dc", "doccano", documents=DOCS, level="document")  # doccano, document level
    rec = json.loads((tmp_path / "dc" / "tasks.jsonl").read_text("utf-8").splitlines()[0])
    rec["label"] = [[3, 8, "privacy"], [3, 8, "negative"], [0, 5, "bloat"], [0, 5, "neutral"]]
    (tmp_path / "dc.jsonl").write_text(json.dumps(rec, ensure_ascii=False) + "\n", "utf-8")
    dc = import_annotations([tmp_path / "dc.jsonl"], "doccano")
    assert [(str(p), p.unit) for p in dc.errors] == [
        (f"{tmp_path / 'dc.jsonl'}:1 span 3..8: cannot be mapped to a unit: {crossing}", "a#2")]
    for result in (brat, ls, dc):  # a#2 named; a#1 fails too (part of it is under the failed span): nothing of doc a
        assert not [r for r in result.records if r.doc == "a"] and not [p for p in result.unlabeled if p.unit.startswith("a")]
        assert result.unit_counts()[:3] == (2, 1, 0)


def test_brat_relation_event_and_normalisation_lines_are_one_warning_per_file_not_errors(tmp_path):
    export(UNITS, tmp_path / "brat", "brat", documents=DOCS)
    ann = tmp_path / "brat" / "a.ann"
    ann.write_text("T1\tprivacy 0 5\t财不外露。\nA1\tSentiment T1 negative\nT2\tbloat 5 10\t来往已死。\nA2\tSentiment T2 neutral\n"
                   "R1\tCause Arg1:T1 Arg2:T2\nE1\tbloat:T2\nA3\tNegation E1\nM4\tSpeculation R1 yes\nN1\tReference T1 Wiki:1\t财\n"
                   "*\tEquiv T1 T2\n", "utf-8")
    (tmp_path / "brat" / "b.ann").write_text("T1\tother 0 6\t我只想付钱。\nA1\tSentiment T1 neutral\nR1\tCause Arg1:T1 Arg2:T1\n"
                                             "T2\tbloat 0 6\n", "utf-8")
    result = import_annotations([tmp_path / "brat"], "brat")
    assert [r.id for r in result.records] == ["a#1", "a#2", "b#1"]
    assert [str(p) for p in result.warnings] == [
        f"{ann}: 6 relation/event lines ignored (R1, E1, A3, M4, N1, …): argmine reads only the entities (T lines) and their "
        "Sentiment attributes",
        f"{tmp_path / 'brat' / 'b.ann'}: 1 relation/event line ignored (R1): argmine reads only the entities (T lines) and their "
        "Sentiment attributes"]
    assert [p.where for p in result.errors] == [f"{tmp_path / 'brat' / 'b.ann'}:4"]  # a malformed T line is still an error


# --- QA round 18: a span across units counts each, a document task nobody labelled, --only-annotator before the labels -----


def test_span_drawn_across_every_unit_of_a_document_fails_each_of_them_in_the_summary(tmp_path):

    crossing = "crosses units a#1 0..5 and a#2 5..10 of a"
    export(UNITS, tmp_path / "brat", "brat", documents=DOCS)  # brat: one span over a#1 and a#2, b#1 labelled
    (tmp_path / "brat" / "a.ann").write_text("T1\tprivacy 0 10\t财不外露。来往已死。\nA1\tSentiment T1 negative\n", "utf-8")
    (tmp_path / "brat" / "b.ann").write_text("T1\tbloat 0 6\t我只想付钱。\nA1\tSentiment T1 neutral\n", "utf-8")
    tasks = document_export(tmp_path)  # Label Studio, document level: the same
    tasks[0]["annotations"][0]["result"] = [dict(r, id="x", value=dict(r["value"], start=0, end=10, text="财不外露。来往已死。"))
                                            for r in region(UNITS[0], "privacy", "negative")]
    export(UNITS, tmp_path / "dc", "doccano", documents=DOCS, level="document")  # doccano, document level: the same
    recs = [json.loads(x) for x in (tmp_path / "dc" / "tasks.jsonl").read_text("utf-8").splitlines()]
    recs[0]["label"], recs[1]["label"] = [[0, 10, "privacy"], [0, 10, "negative"]], [[0, 6, "bloat"], [0, 6, "neutral"]]
    (tmp_path / "dc.jsonl").write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in recs), "utf-8")
    for path, fmt in ((tmp_path / "brat", "brat"), (write(tmp_path, tasks), "label-studio"), (tmp_path / "dc.jsonl", "doccano")):
        result = import_annotations([path], fmt)
        assert [r.id for r in result.records] == ["b#1"] and len(result.errors) == 1 and crossing in str(result.errors[0])
        assert result.errors[0].unit_ids == ("a#1", "a#2") and not result.unlabeled
        assert result.unit_counts()[:2] == (2, 1)  # 1 written + 2 failed + 0 unlabelled = the 3 units exported
        assert summary(tmp_path, path, "--format", fmt) == "argmine: 1 gold record written to GOLD; 2 records failed, 0 conflicts, 0 unlabelled"


def test_label_studio_document_task_nobody_labelled_counts_each_of_its_units_as_unlabelled(tmp_path):
    tasks = document_export(tmp_path)
    tasks[0]["annotations"] = []  # doc a (a#1, a#2): no annotation
    path = write(tmp_path, tasks)
    assert [p.where for p in import_annotations([path], "label-studio").unlabeled] == [f"{path} task 1"]  # one line, as before
    assert summary(tmp_path, path, "--format", "label-studio") == "argmine: 1 gold record written to GOLD; 0 records failed, 0 conflicts, 2 unlabelled"
    tasks[0]["annotations"] = [{"id": 12, "completed_by": 2, "result": region(UNITS[0], "privacy", "negative")}]
    assert summary(tmp_path, write(tmp_path, tasks), "--format", "label-studio", "--only-annotator", "1") == (  # no annotation by 1
        "argmine: 1 gold record written to GOLD; 0 records failed, 0 conflicts, 2 unlabelled; ignored: 1 annotation by other labelers "
        "(--only-annotator)")


def test_only_annotator_ignores_the_other_labelers_bad_labels_in_sheets_and_doccano(tmp_path):
    export(UNITS[:2], tmp_path / "blank.csv", "csv")
    lines = (tmp_path / "blank.csv").read_text("utf-8-sig").splitlines()
    rows = [lines[1][:-3] + "privacy,negative,bob,", lines[2][:-3] + "nope,neutral,alice,", lines[2][:-3] + ",,alice,"]
    (tmp_path / "all.csv").write_text("\n".join([lines[0], *rows]) + "\n", "utf-8")
    export(UNITS[:2], tmp_path / "dc", "doccano")
    recs = [json.loads(x) for x in (tmp_path / "dc" / "tasks.jsonl").read_text("utf-8").splitlines()]
    recs = [dict(recs[0], label=["privacy", "negative"], user="bob"), dict(recs[1], label=["nope", "neutral"], user="alice"),
            dict(recs[1], label=[], user="alice")]
    (tmp_path / "dc.jsonl").write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in recs), "utf-8")
    for path, fmt, left in ((tmp_path / "all.csv", "csv", "row"), (tmp_path / "dc.jsonl", "doccano", "record")):
        result = import_annotations([path], fmt, only_annotator="bob")
        assert not result.errors and not result.unlabeled and [r.id for r in result.records] == ["a#1"]
        assert result.ignored == {"label by other labelers (--only-annotator)": 1,
                                  f"{left} left unlabelled by other labelers (--only-annotator)": 1}
        res = CliRunner().invoke(main, ["import", str(path), "--format", fmt, "--only-annotator", "bob", "-o", str(tmp_path / "g.jsonl")])
        assert res.exit_code == 0 and "error" not in res.stderr
        assert [p.unit for p in import_annotations([path], fmt, only_annotator="alice").errors] == ["a#2"]  # alice's own: an error


def test_doccano_sentiment_typed_by_its_chinese_name_is_a_sentiment_naming_its_id(tmp_path):
    export(UNITS[:1], tmp_path / "dc", "doccano")
    rec = json.loads((tmp_path / "dc" / "tasks.jsonl").read_text("utf-8"))
    (tmp_path / "dc.jsonl").write_text(json.dumps(dict(rec, label=["bloat", "负面"]), ensure_ascii=False) + "\n", "utf-8")
    res = CliRunner().invoke(main, ["import", str(tmp_path / "dc.jsonl"), "--format", "doccano", "-o", str(tmp_path / "g.jsonl")])
    assert res.exit_code == 1
    assert "unknown sentiment '负面' in schema 'alipay_social'" in res.stderr
    assert "'负面' stands for sentiment 'negative': write its id" in res.stderr and "--map 负面" not in res.stderr


def test_brat_txt_given_a_bom_then_dos2unix_fails_the_moved_units_and_warns_about_the_bom(tmp_path):
    text = "财不外露。\r\n来往已死。我只想付钱。\n"  # exported with a CRLF line end
    units = [Unit.from_source(text, doc="c", n=n, start=s, end=e, kind="body") for n, (s, e) in enumerate([(0, 5), (7, 12), (12, 18)], 1)]
    export(units, tmp_path / "brat", "brat", documents=[Document(id="c", text=text)])
    (tmp_path / "brat" / "c.ann").write_text("".join(f"T{n}\tprivacy {u.start} {u.end}\t{u.text}\nA{n}\tSentiment T{n} negative\n"
                                                     for n, u in enumerate(units, 1)), "utf-8")
    txt = tmp_path / "brat" / "c.txt"
    txt.write_bytes(b"\xef\xbb\xbf" + txt.read_bytes().replace(b"\r\n", b"\n"))  # BOM added, then dos2unix: c#2, c#3 read right with it
    result = import_annotations([tmp_path / "brat"], "brat")
    assert [p.unit for p in result.errors] == ["c#2", "c#3"]  # the units the line-end change moved, not c#1
    assert [p.where for p in result.warnings] == [str(txt)] and "byte order mark" in result.warnings[0].reason
    assert [(r.id, r.text) for r in result.records] == [("c#1", "财不外露。")]


def test_csv_sheet_whose_header_row_is_missing_says_so(tmp_path):
    export(UNITS, tmp_path / "blank.csv", "csv")
    lines = (tmp_path / "blank.csv").read_text("utf-8-sig").splitlines()
    (tmp_path / "s.csv").write_text("\n".join(lines[1:]) + "\n", "utf-8")
    assert [str(p) for p in import_annotations([tmp_path / "s.csv"], "csv").errors] == [
        f"{tmp_path / 's.csv'}:1: the first line ('a#1,a,0,5,body,财不外露。,,,,,,ali…') is a row of the sheet, not its header: the header "
        "row is missing; restore it as the first line (id, doc, start, end, kind, text, pred_themes, pred_sentiment, "
        "pred_sentiment_score, pred_scores, confidence, schema, themes, sentiment, annotator, note), or export the sheet again"]


def test_map_note_leaves_out_a_name_the_only_annotator_never_used(tmp_path):
    tasks = unit_export(tmp_path)
    tasks[0]["annotations"].append({"id": 12, "completed_by": 2, "result": [
        {"id": "t", "from_name": "themes", "to_name": "text", "type": "choices", "value": {"choices": ["功能臃肿"]}},
        {"id": "s", "from_name": "sentiment", "to_name": "text", "type": "choices", "value": {"choices": ["negative"]}}]})
    path = write(tmp_path, tasks)
    assert "mapped (--map): 1 label 功能臃肿 -> bloat" in summary(tmp_path, path, "--format", "label-studio", "--map", "功能臃肿=bloat")
    assert "mapped" not in summary(tmp_path, path, "--format", "label-studio", "--map", "功能臃肿=bloat", "--only-annotator", "1")
    assert "0 labels typo -> bloat" in summary(tmp_path, path, "--format", "label-studio", "--map", "typo=bloat")  # a typo still shows


# --- QA round 20: a whole annotation, record or .ann that fails counts its units; --only-annotator before ids and texts -----


def _ls_result_object(tmp_path):
    tasks = document_export(tmp_path)
    tasks[0]["annotations"][0]["result"] = {"x": 1}
    return write(tmp_path, tasks), "label-studio"


def _ls_result_item_without_id(tmp_path):
    tasks = document_export(tmp_path)
    del tasks[0]["annotations"][0]["result"][0]["id"]
    return write(tmp_path, tasks), "label-studio"


def _ls_annotations_object(tmp_path):
    tasks = document_export(tmp_path)
    tasks[0]["annotations"] = {"x": 1}
    return write(tmp_path, tasks), "label-studio"


def _ls_unit_annotations_object(tmp_path):
    tasks = unit_export(tmp_path)
    tasks[0]["annotations"] = {"x": 1}  # the task of a#1
    return write(tmp_path, tasks), "label-studio"


def _doccano_label_object(tmp_path):
    export(UNITS, tmp_path / "dc", "doccano", documents=DOCS, level="document")
    recs = [json.loads(x) for x in (tmp_path / "dc" / "tasks.jsonl").read_text("utf-8").splitlines()]
    recs[0]["label"], recs[1]["label"] = {"x": 1}, [[0, 6, "bloat"], [0, 6, "neutral"]]
    (tmp_path / "dc.jsonl").write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in recs), "utf-8")
    return tmp_path / "dc.jsonl", "doccano"


def _brat_ann(tmp_path, ann: bytes | None):
    export(UNITS, tmp_path / "brat", "brat", documents=DOCS)
    (tmp_path / "brat" / "b.ann").write_text("T1\tbloat 0 6\t我只想付钱。\nA1\tSentiment T1 neutral\n", "utf-8")
    if ann is None:
        (tmp_path / "brat" / "a.ann").unlink()
    else:
        (tmp_path / "brat" / "a.ann").write_bytes(ann)
    return tmp_path / "brat", "brat"


@pytest.mark.parametrize("make,failed", [
    (_ls_result_object, ("a#1", "a#2")), (_ls_result_item_without_id, ("a#1", "a#2")), (_ls_annotations_object, ("a#1", "a#2")),
    (_ls_unit_annotations_object, ("a#1",)), (_doccano_label_object, ("a#1", "a#2")),
    (lambda tmp_path: _brat_ann(tmp_path, None), ("a#1", "a#2")),
    (lambda tmp_path: _brat_ann(tmp_path, "T1\tprivacy 0 5\t财不外露。\n".encode("gb18030")), ("a#1", "a#2"))])
def test_whole_annotation_record_or_ann_that_fails_counts_each_of_its_units_as_failed(tmp_path, make, failed):
    path, fmt = make(tmp_path)
    result = import_annotations([path], fmt)
    assert [p.unit_ids for p in result.errors] == [failed] and not result.unlabeled  # one error, naming the units
    written = 3 - len(failed)  # written + failed + unlabelled = the 3 units exported
    res = CliRunner().invoke(main, ["import", str(path), "--format", fmt, "-o", str(tmp_path / "g.jsonl")])
    assert res.exit_code == 1 and sum(line.startswith("argmine: error: ") for line in res.stderr.splitlines()) == 1
    assert res.stderr.splitlines()[-1].replace(str(tmp_path / "g.jsonl"), "GOLD") == (
        f"argmine: {written} gold record{'s' if written > 1 else ''} written to GOLD; {len(failed)} record{'s' if len(failed) > 1 else ''} "
        "failed, 0 conflicts, 0 unlabelled")


def test_only_annotator_ignores_the_other_labelers_rows_without_an_id_and_records_without_text(tmp_path):
    export(UNITS[:1], tmp_path / "blank.csv", "csv")
    lines = (tmp_path / "blank.csv").read_text("utf-8-sig").splitlines()
    added = ",a,,,body,我加的一句,,,,,,,bloat,negative,alice,"  # alice's row added by hand: no id, no offsets
    (tmp_path / "all.csv").write_text("\n".join([lines[0], lines[1][:-3] + "privacy,negative,bob,", added]) + "\n", "utf-8")
    export(UNITS[:1], tmp_path / "dc", "doccano")
    rec = json.loads((tmp_path / "dc" / "tasks.jsonl").read_text("utf-8"))
    recs = [dict(rec, label=["privacy", "negative"], user="bob"), dict(rec, text=None, label=["bloat", "negative"], user="alice")]
    (tmp_path / "dc.jsonl").write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in recs), "utf-8")
    for path, fmt in ((tmp_path / "all.csv", "csv"), (tmp_path / "dc.jsonl", "doccano")):
        result = import_annotations([path], fmt, only_annotator="bob")
        assert not result.errors and [r.id for r in result.records] == ["a#1"]
        assert result.ignored == {"label by other labelers (--only-annotator)": 1}
        res = CliRunner().invoke(main, ["import", str(path), "--format", fmt, "--only-annotator", "bob", "-o", str(tmp_path / "g.jsonl")])
        assert res.exit_code == 0 and "error" not in res.stderr
        assert len(import_annotations([path], fmt, only_annotator="alice").errors) == 1  # alice's own: still an error


@pytest.mark.parametrize("delimiter", ["\t", ";"])
def test_tab_or_semicolon_sheet_whose_header_row_is_missing_says_so(tmp_path, delimiter):
    import csv
    import io

    export(UNITS, tmp_path / "blank.csv", "csv")
    rows = list(csv.reader(io.StringIO((tmp_path / "blank.csv").read_text("utf-8-sig"))))
    out = io.StringIO()
    csv.writer(out, delimiter=delimiter).writerows(rows[1:])
    (tmp_path / "s.csv").write_text(out.getvalue(), "utf-8")
    first = repr(delimiter.join(rows[1])[:29] + "…")  # 'a#1\ta\t0\t5\tbody\t财不外露。\t…\tali…': cut at 30 characters
    assert [str(p) for p in import_annotations([tmp_path / "s.csv"], "csv").errors] == [
        f"{tmp_path / 's.csv'}:1: the first line ({first}) is a row of the sheet, not its header: the header "
        "row is missing; restore it as the first line (id, doc, start, end, kind, text, pred_themes, pred_sentiment, "
        "pred_sentiment_score, pred_scores, confidence, schema, themes, sentiment, annotator, note), or export the sheet again"]


def test_sheet_without_its_header_and_some_columns_whose_doc_id_has_a_space_says_the_header_is_missing(tmp_path):
    (tmp_path / "s.csv").write_text("my notes#1,my notes,0,5,body,财不外露。\nmy notes#2,my notes,5,10,body,来往已死。\n", "utf-8")
    assert [p.reason for p in import_annotations([tmp_path / "s.csv"], "csv").errors] == [
        "the first line ('my notes#1,my notes,0,5,body,…') is a row of the sheet, not its header: the header row is missing; "
        "restore it as the first line (id, doc, start, end, kind, text, pred_themes, pred_sentiment, pred_sentiment_score, "
        "pred_scores, confidence, schema, themes, sentiment, annotator, note), or export the sheet again"]


@pytest.mark.parametrize("cells", [15, 16])  # a sheet exported before its 'schema' column, and one of now
def test_sheet_without_its_header_whose_first_cell_is_no_unit_id_is_told_by_its_number_of_cells(tmp_path, cells):
    row = ["1", "a", "0", "5", "body", "财不外露。"] + [""] * (cells - 6)  # the id cell edited into a number
    (tmp_path / "s.csv").write_text(",".join(row) + "\n", "utf-8")
    [error] = import_annotations([tmp_path / "s.csv"], "csv").errors
    assert error.reason.startswith("the first line ('1,a,0,5,body,财不外露。,,,") and "the header row is missing" in error.reason


def test_sheet_from_before_the_schema_column_without_its_header_is_told_the_header_of_its_cells(tmp_path):
    # restoring the 16-column header over 15-cell rows would read every sentiment as themes
    row = ["a#1", "a", "0", "5", "body", "财不外露。", "", "", "", "", "", "privacy", "negative", "ann", ""]
    (tmp_path / "s.csv").write_text(",".join(row) + "\n", "utf-8")
    [error] = import_annotations([tmp_path / "s.csv"], "csv").errors
    assert ("restore it as the first line (id, doc, start, end, kind, text, pred_themes, pred_sentiment, pred_sentiment_score, "
            "pred_scores, confidence, themes, sentiment, annotator, note)") in error.reason


def _sheet_rows(tmp_path):
    import csv
    import io

    export(UNITS, tmp_path / "blank.csv", "csv")
    return list(csv.reader(io.StringIO((tmp_path / "blank.csv").read_text("utf-8-sig"))))


def _write_rows(path, rows):
    import csv
    import io

    out = io.StringIO()
    csv.writer(out).writerows(rows)
    path.write_text(out.getvalue(), "utf-8")


def test_sheet_rows_with_cells_missing_or_extra_fail_each_rather_than_read_shifted(tmp_path):
    header, *rows = _sheet_rows(tmp_path)
    col = header.index
    for r in rows:
        r[col("themes")], r[col("sentiment")], r[col("annotator")] = "privacy", "negative", "ann"
    rows[0] = rows[0][:col("schema")] + rows[0][col("schema") + 1:]  # an old sheet's row under the new header: 15 cells
    rows[1] = rows[1] + ["oops"]  # a cell too many, filled (a labeler's comment past 'note'): it shifts no column, read
    rows[2] = rows[2][:col("note")]  # the empty cells at its end left out (it ends in a filled cell): read as before
    _write_rows(tmp_path / "s.csv", [header, *rows])
    result = import_annotations([tmp_path / "s.csv"], "csv")
    assert [(p.where, p.reason) for p in result.errors] == [
        (f"{tmp_path / 's.csv'}: row 1 (line 2) (unit a#1)", "the row has 15 cells, the header has 16: its cells would be read under the "
         "wrong columns; restore the row's cells as exported (a sheet exported before the schema column has no 'schema' in its header)")]
    assert [r.id for r in result.records] == ["a#2", "b#1"]
    assert result.unit_counts().failed == 1


def test_sheet_row_of_now_under_the_header_from_before_the_schema_column_fails_rather_than_read_shifted(tmp_path):
    header, *rows = _sheet_rows(tmp_path)
    col = header.index
    for r in rows:
        r[col("themes")], r[col("sentiment")], r[col("annotator")] = "privacy", "negative", "ann"
    old = header[:col("schema")] + header[col("schema") + 1:]  # the old sheet's header; row 1 pasted from a sheet of now
    rows = [rows[0], *(r[:col("schema")] + r[col("schema") + 1:] for r in rows[1:])]
    rows[0][col("note")] = "note"  # its last cell filled, so it is not a row whose empty end was left out
    _write_rows(tmp_path / "s.csv", [old, *rows])
    result = import_annotations([tmp_path / "s.csv"], "csv")
    assert [(p.where, p.reason[:45]) for p in result.errors] == [
        (f"{tmp_path / 's.csv'}: row 1 (line 2) (unit a#1)", "the row has 16 cells, the header has 15: its ")]
    assert [r.id for r in result.records] == ["a#2", "b#1"]


def test_gold_jsonl_given_to_import_counts_the_records_with_labels(tmp_path):
    rows = [{"id": "a#1", "doc": "a", "start": 0, "end": 5, "text": "财不外露。", "themes": ["privacy"], "sentiment": "negative"},
            {"id": "a#2", "doc": "a", "start": 5, "end": 10, "text": "来往已死。"}]  # not labelled yet
    (tmp_path / "gold.jsonl").write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), "utf-8")
    [error] = import_annotations([tmp_path / "gold.jsonl"], "doccano").errors
    assert error.reason.startswith("looks like gold JSONL (1 record with 'themes'/'sentiment' fields), not doccano's JSONL export")


def test_only_annotator_counts_the_other_labelers_doccano_document_records_as_records(tmp_path):
    export(UNITS, tmp_path / "dc", "doccano", documents=DOCS, level="document")
    recs = [json.loads(x) for x in (tmp_path / "dc" / "tasks.jsonl").read_text("utf-8").splitlines()]
    both = [[0, 5, "privacy"], [0, 5, "negative"], [5, 10, "bloat"], [5, 10, "neutral"]]  # alice labels both units of a
    recs = [dict(recs[0], label=both, user="alice"), dict(recs[0], label=both, user="bob"),
            dict(recs[1], label=[[0, 6, "bloat"], [0, 6, "neutral"]], user="bob")]
    (tmp_path / "dc.jsonl").write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in recs), "utf-8")
    assert import_annotations([tmp_path / "dc.jsonl"], "doccano", only_annotator="alice").ignored == {
        "record by other labelers (--only-annotator)": 2}
    assert summary(tmp_path, tmp_path / "dc.jsonl", "--format", "doccano", "--only-annotator", "alice") == (
        "argmine: 2 gold records written to GOLD; 0 records failed, 0 conflicts, 0 unlabelled; ignored: 2 records by other labelers "
        "(--only-annotator)")


def test_import_annotations_words_a_label_error_by_the_schema_itself_and_marks_it_a_label_failure(tmp_path):
    from argmine.errors import AnnotationError

    (tmp_path / "s.csv").write_text(labelled_sheet(tmp_path).replace("privacy,negative,,", "Privacy,negative,,"), "utf-8")
    hint = ("'Privacy' stands for theme 'privacy': write its id; the labels must be those of the packaged schema "
            "(argmine/schemas/alipay.toml); if they belong to another schema, pass --schema FILE (schema= in Python)")
    assert [p.reason.split("(or 'other' for none); ")[1] for p in import_annotations([tmp_path / "s.csv"], "csv").errors] == [hint]
    with pytest.raises(AnnotationError) as e:
        import_annotations([tmp_path / "s.csv"], "csv", strict=True)
    assert e.value.kind == "label" and e.value.message.endswith(hint)


@pytest.mark.parametrize("name", ["x" * 300 + ".json", "a\0b.json"])
def test_import_annotations_reports_a_path_the_system_refuses_as_one_typed_problem(tmp_path, name):
    from argmine.errors import AnnotationError

    shown = "x" * 80 + "… (305 characters)" if name.startswith("x") else "a\\0b.json"
    why = "file name too long" if name.startswith("x") else "it holds a NUL character"
    result = import_annotations([name, tmp_path / "missing.json"], "label-studio")  # the other file is still tried
    assert [(p.where, p.reason, p.file_level) for p in result.errors] == [
        (shown, f"cannot be used as a path ({why}); check the path", True),
        (str(tmp_path / "missing.json"), "no such file or directory; check the path", True)]
    with pytest.raises(AnnotationError) as e:
        import_annotations([name], "label-studio", strict=True)
    assert str(e.value) == f"{shown}: cannot be used as a path ({why}); check the path"


def test_import_annotations_takes_one_path_as_one_file_not_its_characters(tmp_path):
    result = import_annotations(str(tmp_path / "nope.json"), "label-studio")
    assert [(p.where, p.reason) for p in result.errors] == [(str(tmp_path / "nope.json"), "no such file or directory; check the path")]


def test_brat_ann_files_argmine_json_does_not_list_are_one_warning_naming_them_never_skipped_silently(tmp_path):
    folder = tmp_path / "brat"
    export(UNITS, folder, "brat", documents=DOCS)
    manifest = json.loads((folder / "argmine.json").read_text("utf-8"))
    del manifest["documents"]["a"]  # a.ann is left in the folder, as by an earlier export (brat shows it, a labeler labels it)
    (folder / "argmine.json").write_text(json.dumps(manifest, ensure_ascii=False), "utf-8")
    (folder / "a.ann").write_text("T1\tprivacy 0 5\t财不外露。\nA1\tSentiment T1 negative\n", "utf-8")
    for name in ("c.ann", "d.ann", "e.ann", ".hidden.ann"):
        (folder / name).write_text("", "utf-8")
    (folder / "f.ann").mkdir()
    result = import_annotations([folder], "brat")
    assert [str(p) for p in result.warnings] == [
        f"{folder}: holds 4 .ann files that argmine.json does not list (a.ann, c.ann, d.ann, ...): not part of this export, "
        "so not read, and no label in them is imported; export their documents again to label them"]
    assert [r.doc for r in result.records] == [] and [p.unit for p in result.unlabeled] == ["b#1"]
    for name in ("c.ann", "d.ann", "e.ann"):
        (folder / name).unlink()
    res = CliRunner().invoke(main, ["import", str(folder), "--format", "brat", "-o", str(tmp_path / "gold.jsonl")])
    assert (f"argmine: warning: {folder}: holds 1 .ann file that argmine.json does not list (a.ann): not part of this export, "
            "so not read, and no label in it is imported; export its document again to label it\n") in res.output


def _ls_csv_export(tmp_path, delimiter=",") -> str:
    """Label Studio's CSV export (label-studio-sdk's converter) of unit a#1 (task 5001) labelled by users 2 and 1, newest first."""
    header = ["annotation_id", "annotator", "created_at", "doc", "end", "id", "kind", "lead_time", "schema", "schema_version",
              "sentiment", "start", "text", "themes", "unit_id", "updated_at"]
    rows = [["102", "2", "2024-05-02T10:00:00Z", "a", "5", "5001", "body", "3.2", "alipay_social", "2", "negative", "0", "财不外露。",
             '{"choices":["privacy","bloat"]}', "a#1", "2024-05-02T10:00:00Z"],
            ["101", "1", "2024-05-01T10:00:00Z", "a", "5", "5001", "body", "3.2", "alipay_social", "2", "neutral", "0", "财不外露。",
             "privacy", "a#1", "2024-05-01T10:00:00Z"]]
    import csv
    import io

    out = io.StringIO()
    csv.writer(out, delimiter=delimiter, quoting=csv.QUOTE_NONNUMERIC).writerows([header, *rows])
    return out.getvalue()


@pytest.mark.parametrize("delimiter", [",", "\t"])
@pytest.mark.parametrize("fmt,expected", [
    ("csv", "the CSV sheet written by 'argmine export --format csv'"),
    ("label-studio", "Label Studio's JSON export (one JSON array of tasks)"),
    ("doccano", "doccano's JSONL export (one JSON object per line)"),
])
def test_label_studio_csv_export_is_refused_by_name_not_read_with_task_ids_and_the_oldest_labels(tmp_path, fmt, expected, delimiter):
    path = tmp_path / "result.csv"
    path.write_text(_ls_csv_export(tmp_path, delimiter), "utf-8")
    result = import_annotations([path], fmt)
    assert not result.records
    assert [(str(p), p.file_level) for p in result.errors] == [(
        f"{path}: looks like Label Studio's CSV export (columns annotation_id, annotator, created_at, id, lead_time, …), not {expected}; "
        "export it again from Label Studio with export type JSON (not CSV), then use --format label-studio", True)]
    from argmine.annotations import not_gold_error  # agreement, realign: no 'import --format label-studio-csv'

    assert not_gold_error(path).message == (
        "looks like Label Studio's CSV export (columns annotation_id, annotator, created_at, id, lead_time, …), not gold JSONL (one "
        "labelled unit per line); export it again from Label Studio with export type JSON (not CSV), then convert it: "
        f"argmine import {path} --format label-studio -o GOLD.jsonl, and pass GOLD.jsonl")


@pytest.mark.parametrize("extra", [("annotation_id", "lead_time"), ("annotation_id", "created_at", "updated_at", "lead_time")])
def test_argmine_sheet_with_label_studio_like_columns_added_is_read_as_the_sheet(tmp_path, extra):
    lines = labelled_sheet(tmp_path).splitlines()  # its own columns include id and annotator
    lines = [lines[0] + "," + ",".join(extra)] + [line + ",1" * len(extra) for line in lines[1:]]
    (tmp_path / "s.csv").write_text("\n".join(lines) + "\n", "utf-8")
    result = import_annotations([tmp_path / "s.csv"], "csv")
    assert not result.errors and [p.unit for p in result.unlabeled] == ["b#1"]
    assert [(r.id, r.themes, r.sentiment) for r in result.records] == [("a#1", ("privacy",), "negative"), ("a#2", (), "neutral")]


def test_plain_table_with_annotation_id_and_lead_time_is_a_table_not_label_studio_csv(tmp_path):
    from argmine.importers import export_layout
    from argmine.train import load_examples

    path = tmp_path / "train.csv"
    path.write_text("text,themes,sentiment,annotation_id,lead_time\n支付宝不该做社交,privacy,negative,1,3.5\n红包很好,,positive,2,1.0\n",
                    "utf-8")
    assert export_layout(path)[1] != "label-studio-csv"
    assert [(x.text, x.sentiment) for x in load_examples(path)] == [("支付宝不该做社交", "negative"), ("红包很好", "positive")]


def test_label_studio_csv_export_message_names_only_the_columns_that_tell_it(tmp_path):
    from argmine.importers import export_layout

    path = tmp_path / "result.csv"
    path.write_text("lead_time,id,created_at,annotator,annotation_id\n3.2,5001,2024-05-01,2,102\n", "utf-8")
    assert export_layout(path) == (
        "Label Studio's CSV export (columns lead_time, id, created_at, annotator, annotation_id)", "label-studio-csv")


def test_cli_import_offers_no_map_for_a_theme_holding_json_split_at_its_commas(tmp_path):
    lines = labelled_sheet(tmp_path).splitlines()
    lines[1] = lines[1].replace("privacy,negative", '"{""choices"":[""privacy"",""bloat""]}",negative')
    lines[2] = lines[2].replace(",,neutral,", ",smog,neutral,")
    (tmp_path / "s.csv").write_text("\n".join(lines) + "\n", "utf-8")
    result = import_annotations([tmp_path / "s.csv"], "csv")
    assert [p.reason[:36] for p in result.errors] == ["unknown theme '{\"choices\":[\"privacy\"", "unknown theme 'smog' in schema 'alip"]
    assert result.unknown_themes == {"smog"}
    res = CliRunner().invoke(main, ["import", str(tmp_path / "s.csv"), "--format", "csv", "-o", str(tmp_path / "g.jsonl")])
    assert [line for line in res.stderr.splitlines() if "--map" in line] == [
        "argmine: warning: theme smog is not in schema 'alipay_social'; if a schema change renamed or removed it, import again "
        "with --map smog=NEW (--map smog= drops it), one --map per theme (docs/schema.md, \"Changing a schema\")"]


def _doccano_old_layout(tmp_path, labels: bool, meta: bool):
    """doccano records of UNITS labelled (a#1 privacy/negative, a#2 neutral, b#1 bloat/positive), their labels under 'labels'
    and their unit's fields under 'meta', as older doccano versions export them."""
    export(UNITS, tmp_path / "dc", "doccano")
    recs = [json.loads(x) for x in (tmp_path / "dc" / "tasks.jsonl").read_text("utf-8").splitlines()]
    for rec, label in zip(recs, (["privacy", "negative"], ["neutral"], ["bloat", "positive"])):
        rec.pop("label")
        rec["labels" if labels else "label"] = label
        if meta:
            rec["meta"] = {k: rec.pop(k) for k in ("unit_id", "doc", "start", "end", "kind", "schema", "schema_version")}
            rec["annotation_approver"] = None
    (tmp_path / "old.jsonl").write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in recs), "utf-8")
    return tmp_path / "old.jsonl"


@pytest.mark.parametrize("labels,meta", [(True, False), (False, True), (True, True)])
def test_doccano_labels_under_labels_and_unit_fields_under_meta_are_read(tmp_path, labels, meta):
    path = _doccano_old_layout(tmp_path, labels, meta)
    for units in (None, UNITS):
        result = import_annotations([path], "doccano", units=units)
        assert not result.problems
        assert [(r.id, r.doc, r.start, r.end, r.kind, r.themes, r.sentiment) for r in result.records] == [
            ("a#1", "a", 0, 5, "body", ("privacy",), "negative"), ("a#2", "a", 5, 10, "body", (), "neutral"),
            ("b#1", "b", 0, 6, "body", ("bloat",), "positive")]
    if meta:
        assert result.schemas == {str(path): ("alipay_social", "2")}  # the schema recorded under 'meta' is read too


def test_doccano_record_whose_meta_lacks_the_unit_fields_says_where_it_looked(tmp_path):
    path = _doccano_old_layout(tmp_path, labels=False, meta=True)
    recs = [json.loads(x) for x in path.read_text("utf-8").splitlines()]
    del recs[0]["meta"]["start"]
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in recs), "utf-8")
    result = import_annotations([path], "doccano")
    assert [str(p) for p in result.errors] == [
        f"{path}:1: record lacks start (neither at the top level nor under 'meta'); import the file written by "
        "'argmine export --format doccano' into doccano and export it with its metadata"]
    assert [r.id for r in result.records] == ["a#2", "b#1"]


def test_doccano_empty_label_beside_filled_labels_reads_labels(tmp_path):
    path = _doccano_old_layout(tmp_path, labels=True, meta=False)
    recs = [{**json.loads(x), "label": []} for x in path.read_text("utf-8").splitlines()]
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in recs), "utf-8")
    result = import_annotations([path], "doccano")
    assert not result.problems and not result.unlabeled
    assert [(r.id, r.themes, r.sentiment) for r in result.records] == [
        ("a#1", ("privacy",), "negative"), ("a#2", (), "neutral"), ("b#1", ("bloat",), "positive")]


def test_doccano_labels_given_as_a_string_fails_saying_so_not_no_label(tmp_path):
    path = _doccano_old_layout(tmp_path, labels=True, meta=False)
    recs = [json.loads(x) for x in path.read_text("utf-8").splitlines()]
    recs[0]["labels"] = "privacy"
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in recs), "utf-8")
    result = import_annotations([path], "doccano")
    assert [str(p) for p in result.errors] == [f"{path}:1: 'labels' is 'privacy'; expected a list of label names"]
    assert not result.unlabeled and [r.id for r in result.records] == ["a#2", "b#1"]


def _label_objects(tmp_path):
    """Four doccano records whose 'label' lists objects ({"label": ..., "user": 2}), each with other labels."""
    export(UNITS, tmp_path / "dc", "doccano")
    recs = [json.loads(x) for x in (tmp_path / "dc" / "tasks.jsonl").read_text("utf-8").splitlines()]
    recs.append(dict(recs[0]))
    for rec, theme in zip(recs, ("privacy", "bloat", "brand_fit", "pro_social")):
        rec["label"] = [{"label": theme, "user": 2}, {"label": "neutral", "user": 2}]
    (tmp_path / "dc.jsonl").write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in recs), "utf-8")
    return tmp_path / "dc.jsonl", "doccano", "'label' is not a list of label names"


def _kind_cells(tmp_path):
    """Four sheet rows whose kind cell each reads another word that is no kind."""
    lines = labelled_sheet(tmp_path).splitlines()
    rows = [lines[1].replace(",body,", f",{kind},") for kind in ("bodyy", "titel", "coment", "post")]
    (tmp_path / "s.csv").write_text("\n".join([lines[0], *rows]) + "\n", "utf-8")
    return tmp_path / "s.csv", "csv", "the kind cell is not one of title, body, comment; restore it, or pass --source"


@pytest.mark.parametrize("make", [_label_objects, _kind_cells])
def test_records_failing_for_one_cause_are_grouped_on_the_cause_not_on_the_value_they_quote(tmp_path, make):
    from argmine.cli.importcmd import summarise

    path, fmt, cause = make(tmp_path)
    result = import_annotations([path], fmt)
    lines = summarise(result.errors)
    assert len(result.errors) == 4 and len(lines) == 4
    assert lines[-1] == f"... and 1 more record with the same problem: {cause}"


def test_csv_sheet_with_a_note_longer_than_csvs_cell_limit_imports_and_leaves_the_limit_as_it_was(tmp_path):
    import csv

    header, a1, a2, b1 = labelled_sheet(tmp_path).splitlines()
    (tmp_path / "s.csv").write_text("\n".join([header, a1 + "x" * 200_000, a2, b1]) + "\n", "utf-8")  # a1's note cell: 200,000 characters
    limit = csv.field_size_limit()
    result = import_annotations([tmp_path / "s.csv"], "csv")
    assert [(r.id, list(r.themes)) for r in result.records] == [("a#1", ["privacy"]), ("a#2", [])]
    assert not result.errors and csv.field_size_limit() == limit


def test_export_layout_reads_a_first_line_longer_than_csvs_cell_limit(tmp_path):
    import csv

    from argmine.importers import export_layout

    (tmp_path / "t.csv").write_text("note" + "x" * 200_000 + ",b,c\n1,2,3\n", "utf-8")
    limit = csv.field_size_limit()
    assert export_layout(tmp_path / "t.csv")[0].startswith("a CSV table (columns notexxx")
    assert csv.field_size_limit() == limit


@pytest.mark.parametrize("word", ["other", "none", "无", "其它", "NONE"])
def test_map_reads_a_no_theme_word_as_other_on_either_side(word):
    """--map OLD=none drops OLD as OLD=other does, and a no-theme word is not a theme to rename (it is read as 'other')."""
    from argmine.errors import ArgmineError
    from argmine.importers import theme_map
    from argmine.schema import load_schema

    schema = load_schema()
    assert theme_map([f"junk={word}"], schema) == {"junk": ""}
    with pytest.raises(ArgmineError, match="is not a theme; --map renames theme ids"):
        theme_map([f"{word}=privacy"], schema)


# --- QA round 37: a failed span fails its unit, '?' in a legacy sheet's ids, brat '.', labelers' notes -----------------

EMOJI_DOC = Document(id="e", text="😡好。坏了。")  # UTF-16: e#1 is 0..4 (😡 takes two code units), e#2 4..7
EMOJI_UNITS = [Unit.from_source(EMOJI_DOC.text, doc="e", n=1, start=0, end=3, kind="body"),
               Unit.from_source(EMOJI_DOC.text, doc="e", n=2, start=3, end=6, kind="body")]


def doccano_document(tmp_path, units, documents, labels, name="dc.jsonl", **extra):
    """doccano's document-level export of ``documents``, its first record given ``labels`` (and ``extra`` fields)."""
    export(units, tmp_path / "dcx", "doccano", documents=documents, level="document")
    rec = json.loads((tmp_path / "dcx" / "tasks.jsonl").read_text("utf-8").splitlines()[0])
    rec.update(label=labels, **extra)
    (tmp_path / name).write_text(json.dumps(rec, ensure_ascii=False) + "\n", "utf-8")
    return tmp_path / name


def test_span_inside_a_unit_fails_the_unit_rather_than_writing_it_without_that_label(tmp_path):
    # doccano: a#1's bloat span drawn on 0..3 only; its privacy/negative span as exported
    dc = import_annotations([doccano_document(tmp_path, UNITS, DOCS, [[0, 5, "privacy"], [0, 5, "negative"], [0, 3, "bloat"],
                                                                       [5, 10, "privacy"], [5, 10, "neutral"]])], "doccano")
    export(UNITS, tmp_path / "brat", "brat", documents=DOCS)  # brat: the same, as T lines
    (tmp_path / "brat" / "a.ann").write_text("T1\tprivacy 0 5\t财不外露。\nA1\tSentiment T1 negative\nT2\tbloat 0 3\t财不外\n"
                                             "A2\tSentiment T2 negative\nT3\tprivacy 5 10\t来往已死。\nA3\tSentiment T3 neutral\n", "utf-8")
    brat = import_annotations([tmp_path / "brat"], "brat")
    for result in (dc, brat):
        assert [r.id for r in result.records if r.doc == "a"] == ["a#2"]  # a#1 not written with privacy alone
        assert [p.unit for p in result.errors] == ["a#1"] and "nearest unit: a#1 0..5" in str(result.errors[0])
        assert result.unit_counts()[:4] == (1, 1, 0, 0)  # 1 record failed, not "0 failed (1 more on a unit another labelled)"


def test_offset_inside_a_surrogate_pair_fails_its_unit_not_an_error_naming_none_nor_unlabelled(tmp_path):
    dc = import_annotations([doccano_document(tmp_path, EMOJI_UNITS, [EMOJI_DOC], [
        [0, 4, "privacy"], [0, 4, "negative"], [1, 4, "bloat"], [4, 7, "bloat"], [4, 7, "neutral"]])], "doccano")
    export(EMOJI_UNITS, tmp_path / "ls", "label-studio", documents=[EMOJI_DOC], level="document")
    tasks = json.loads((tmp_path / "ls" / "tasks.json").read_text("utf-8"))
    result = []
    for u, (s, e) in zip(EMOJI_UNITS, [(0, 1), (3, 6)]):  # e#1's region ends after 😡 (code points: no pair to split)
        span = {"start": s, "end": e, "text": EMOJI_DOC.text[u.start:u.end]}
        result += [{"id": u.id, "from_name": "unit", "to_name": "text", "type": "labels", "value": {**span, "labels": ["privacy"]}},
                   {"id": u.id, "from_name": "sentiment", "to_name": "text", "type": "choices", "value": {**span, "choices": ["negative"]}}]
    tasks[0].update(id=1, annotations=[{"id": 11, "completed_by": 1, "result": result}])
    ls = import_annotations([write(tmp_path, tasks)], "label-studio")
    for got in (dc, ls):
        assert [r.id for r in got.records] == ["e#2"] and not got.unlabeled
        assert [p.unit for p in got.errors] == ["e#1"]
        assert got.unit_counts()[:5] == (1, 1, 0, 0, 0)
    assert "span on unit e#1: UTF-16 offset 1 falls inside the surrogate pair of '😡'" in str(dc.errors[0])
    assert "the region's text reads '😡好。', but the task's text of the span (e 0..1) is '😡'" in str(ls.errors[0])


def legacy_sheet(tmp_path, units, encoding):
    """The CSV export of ``units``, labelled and saved as a spreadsheet's plain CSV in ``encoding`` (lost characters as '?')."""
    import csv

    export(units, tmp_path / "u.csv", "csv")
    with open(tmp_path / "u.csv", encoding="utf-8-sig", newline="") as f:
        rows = list(csv.DictReader(f))
    with open(tmp_path / "u.csv", "w", encoding=encoding, errors="replace", newline="") as f:
        w = csv.DictWriter(f, fieldnames=list(rows[0]))
        w.writeheader()
        w.writerows({**row, "themes": "privacy", "sentiment": "negative"} for row in rows)
    return tmp_path / "u.csv"


def test_legacy_sheet_id_whose_characters_became_question_marks_is_matched_to_the_source(tmp_path):
    units = [Unit.from_source("支付宝不该做社交。", doc="评论区", n=1, start=0, end=9, kind="body"),
             Unit.from_source("吉野家很好吃。", doc="𠮷野家😀", n=1, start=0, end=7, kind="body")]
    sheet = legacy_sheet(tmp_path, units, "cp950")  # Traditional Windows: 评论区 -> ???, 𠮷野家😀 -> ?野家?
    result = import_annotations([sheet], "csv", units=units)
    assert not result.errors and [(r.id, r.text) for r in result.records] == [(u.id, u.text) for u in units]
    assert f"{sheet}: row 1 (line 2) (unit ???#1): the id of unit 评论区#1 reads '???#1': characters the file's encoding (big5) " \
           "cannot hold (评论区) became '?' when it was saved; the source's unit at the same offsets was used" in map(str, result.warnings)
    missing = import_annotations([sheet], "csv", units=units[:1])  # 𠮷野家😀 is not in the source
    assert [p.unit for p in missing.errors] == ["?野家?#1"]
    assert "became '?' when the sheet was saved" in str(missing.errors[0]) and "realign" not in str(missing.errors[0])


def test_legacy_sheet_without_source_counts_the_rows_holding_question_marks(tmp_path):
    text = "好。吉野家😀。𠮷。"
    units = [Unit.from_source(text, doc="d", n=n, start=s, end=e, kind="body") for n, (s, e) in enumerate([(0, 2), (2, 7), (7, 9)], 1)]
    result = import_annotations([legacy_sheet(tmp_path, units, "gbk")], "csv")
    warning = str(result.warnings[0])
    assert "2 rows hold '?' in the id, doc, text or note (the first: row 2 (line 3))" in warning and "if any" not in warning
    assert "without it the gold keeps the '?'" in warning
    clean = import_annotations([legacy_sheet(tmp_path, units[:1], "gbk")], "csv")
    assert "no id, doc, text or note cell holds '?'" in str(clean.warnings[0])


def test_brat_folder_given_as_dot_is_named_by_the_folder(tmp_path, monkeypatch):
    export(UNITS, tmp_path / "alice", "brat", documents=DOCS)
    (tmp_path / "alice" / "a.ann").write_text("T1\tprivacy 0 5\t财不外露。\nA1\tSentiment T1 negative\n", "utf-8")
    monkeypatch.chdir(tmp_path / "alice")
    for given in (".", "../alice", "./"):
        assert {r.annotator for r in import_annotations([given], "brat").records} == {"alice"}


def test_labelers_notes_are_carried_into_the_gold_record(tmp_path):
    import csv

    export(UNITS, tmp_path / "s.csv", "csv")  # the sheet's note column
    with open(tmp_path / "s.csv", encoding="utf-8-sig", newline="") as f:
        rows = list(csv.DictReader(f))
    rows[0].update(themes="privacy", sentiment="negative", note="不确定，\n可能是品牌")
    rows[1].update(note="unlabelled but noted")
    with open(tmp_path / "s.csv", "w", encoding="utf-8", newline="") as f:
        w = csv.DictWriter(f, fieldnames=list(rows[0]))
        w.writeheader()
        w.writerows(rows)
    sheet = import_annotations([tmp_path / "s.csv"], "csv")
    assert [(r.id, r.meta.get("note")) for r in sheet.records] == [("a#1", "不确定，\n可能是品牌")]
    assert [str(w) for w in sheet.warnings] == [
        f"{tmp_path / 's.csv'}: 1 note not imported (a note on a row left unlabelled; the first: {tmp_path / 's.csv'}: row 2 "
        "(line 4) (unit a#2)); read it in the tool"]
    tasks = unit_export(tmp_path)  # Label Studio, unit level: a text area
    tasks[0]["annotations"][0]["result"].append({"id": "c", "from_name": "comment", "to_name": "text", "type": "textarea",
                                                 "value": {"text": ["太长了"]}})
    assert [r.meta.get("note") for r in import_annotations([write(tmp_path, tasks)], "label-studio").records] == ["太长了", None, None]
    tasks = document_export(tmp_path)  # document level: a region's text area, and one of the whole document
    tasks[0]["annotations"][0]["result"] += [
        {"id": "a#2", "from_name": "comment", "to_name": "text", "type": "textarea", "value": {"start": 5, "end": 10, "text": ["表情"]}},
        {"from_name": "comment", "to_name": "text", "type": "textarea", "value": {"text": ["整篇"]}}]
    ls = import_annotations([write(tmp_path, tasks)], "label-studio")
    assert [(r.id, r.meta.get("note")) for r in ls.records] == [("a#1", None), ("a#2", "表情"), ("b#1", None)]
    assert [str(w) for w in ls.warnings] == [f"{tmp_path / 'e.json'}: 1 note not imported (a text area of the whole document, on no "
                                             f"region; the first: {tmp_path / 'e.json'} task 1 annotation 11 result item 6); read it in the tool"]
    export(UNITS, tmp_path / "dcu", "doccano")  # doccano, unit level: Comments
    lines = [json.loads(x) for x in (tmp_path / "dcu" / "tasks.jsonl").read_text("utf-8").splitlines()]
    lines[0].update(label=["privacy", "negative"], Comments=["这个不确定"])
    (tmp_path / "dcu.jsonl").write_text(json.dumps(lines[0], ensure_ascii=False) + "\n", "utf-8")
    assert [r.meta.get("note") for r in import_annotations([tmp_path / "dcu.jsonl"], "doccano").records] == ["这个不确定"]
    dc = import_annotations([doccano_document(tmp_path, UNITS, DOCS, [[0, 5, "privacy"], [0, 5, "negative"]],
                                              Comments=[{"text": "整篇"}])], "doccano")
    assert "1 note not imported (doccano's comments on a document's record, on no unit" in str(dc.warnings[0])
    export(UNITS, tmp_path / "brat", "brat", documents=DOCS)  # brat: AnnotatorNotes, export's score line rewritten by the labeler
    (tmp_path / "brat" / "a.ann").write_text(
        "T1\tprivacy 0 5\t财不外露。\nA1\tSentiment T1 negative\n#1\tAnnotatorNotes T1\tscore=0.22 unit=a#1 model=m\n"
        "T2\tbloat 5 10\t来往已死。\nA2\tSentiment T2 negative\n#2\tAnnotatorNotes T2\tscore=0.31 unit=a#2 model=m 不确定\n", "utf-8")
    brat = import_annotations([tmp_path / "brat"], "brat")
    assert [(r.id, r.meta.get("note")) for r in brat.records if r.doc == "a"] == [("a#1", None), ("a#2", "不确定")]
    assert brat.records[1].to_dict()["note"] == "不确定"  # written to the gold JSONL, where load_gold keeps it


# --- QA round 37 re-check: brat notes of spaced names, notes on relations, '?' ids of a changed source, notes in legacy sheets --


SPACED_DOC = Document(id="my file", text="财不外露。来往已死。")
SPACED_UNITS = [Unit.from_source(SPACED_DOC.text, doc="my file", n=n, start=s, end=e, kind="body") for n, (s, e) in enumerate([(0, 5), (5, 10)], 1)]


def spaced_brat(tmp_path, model_version="argmine-my model"):
    """A brat export (with the model's guesses: export's notes) of a document whose file name holds a space, by a model folder holding one."""
    from argmine.backends.base import Prediction

    guesses = [Prediction(("privacy",), {"privacy": 0.9}, "negative", -1.0), Prediction(("bloat",), {"bloat": 0.8}, "negative", -1.0)]
    export(SPACED_UNITS, tmp_path / "brat", "brat", documents=[SPACED_DOC], predictions=guesses, model_version=model_version)
    return tmp_path / "brat" / "my_file.ann"


def test_brat_export_notes_of_a_spaced_file_and_model_name_are_not_taken_for_the_labelers(tmp_path):
    ann = spaced_brat(tmp_path)
    text = ann.read_text("utf-8")
    assert '#1\tAnnotatorNotes T1\tscore=0.90 unit="my file#1" model="argmine-my model"\n' in text
    ann.write_text(text.replace('model="argmine-my model"\n', 'model="argmine-my model" 不确定，可能是品牌\n', 1), "utf-8")
    result = import_annotations([tmp_path / "brat"], "brat")
    assert [(r.id, r.meta.get("note")) for r in result.records] == [("my file#1", "不确定，可能是品牌"), ("my file#2", None)]


def test_brat_notes_of_an_older_export_with_a_spaced_unit_id_unquoted_are_matched_to_the_files_units(tmp_path):
    ann = spaced_brat(tmp_path)  # an export before values were quoted wrote them bare
    ann.write_text(ann.read_text("utf-8").replace('unit="my file#1" model="argmine-my model"', "unit=my file#1 model=argmine-default")
                   .replace('unit="my file#2" model="argmine-my model"', "unit=my file#2 model=argmine-default 太长"), "utf-8")
    result = import_annotations([tmp_path / "brat"], "brat")
    assert [(r.id, r.meta.get("note")) for r in result.records] == [("my file#1", None), ("my file#2", "太长")]
    assert not result.warnings


def test_brat_note_on_a_relation_is_counted_as_not_imported(tmp_path):
    export(UNITS, tmp_path / "brat", "brat", documents=DOCS)
    ann = tmp_path / "brat" / "a.ann"
    ann.write_text("T1\tprivacy 0 5\t财不外露。\nA1\tSentiment T1 negative\nT2\tbloat 5 10\t来往已死。\nA2\tSentiment T2 negative\n"
                   "R1\tSupports Arg1:T1 Arg2:T2\t\n#1\tAnnotatorNotes R1\t关系备注\n", "utf-8")
    result = import_annotations([tmp_path / "brat"], "brat")
    assert [r.meta.get("note") for r in result.records if r.doc == "a"] == [None, None]
    assert f"{tmp_path / 'brat'}: 1 note not imported (an AnnotatorNotes line on no entity of its file; the first: {ann}:6); " \
           "read it in the tool" in map(str, result.warnings)


def test_legacy_sheet_id_with_question_marks_of_a_changed_source_gets_the_realign_advice(tmp_path):
    units = [Unit.from_source("支付宝不该做社交。", doc="评论区", n=1, start=0, end=9, kind="body")]
    sheet = legacy_sheet(tmp_path, units, "cp950")  # 评论区 -> ???
    moved = [Unit.from_source("新加的。支付宝不该做社交。", doc="评论区", n=n, start=s, end=e, kind="body") for n, (s, e) in ((1, (0, 4)), (2, (4, 13)))]
    error = str(import_annotations([sheet], "csv", units=moved).errors[0])
    assert "unit 评论区#1 of the source is at 评论区 0..4 and no unit is at 评论区 0..9" in error and "run 'argmine realign'" in error
    assert "save the sheet as CSV UTF-8" not in error
    twins = [Unit.from_source("支付宝不该做社交。", doc=d, n=1, start=0, end=9, kind="body") for d in ("评论区", "说说区")]  # both ??? in Big5
    error = import_annotations([sheet], "csv", units=twins).errors[0]
    assert error.unit == "???#1" and "the source's units at those offsets 评论区#1, 说说区#1 all read so (ambiguous)" in str(error)
    assert "no unit of the source at those offsets matches" not in str(error)


def test_legacy_sheet_note_that_lost_characters_is_counted_in_the_question_mark_warning(tmp_path):
    import csv

    units = [Unit.from_source("好。", doc="d", n=1, start=0, end=2, kind="body")]
    export(units, tmp_path / "u.csv", "csv")
    with open(tmp_path / "u.csv", encoding="utf-8-sig", newline="") as f:
        rows = list(csv.DictReader(f))
    with open(tmp_path / "u.csv", "w", encoding="big5", errors="replace", newline="") as f:
        w = csv.DictWriter(f, fieldnames=list(rows[0]))
        w.writeheader()
        w.writerows({**row, "themes": "privacy", "sentiment": "negative", "note": "这条说隐私,不确定"} for row in rows)
    result = import_annotations([tmp_path / "u.csv"], "csv", units=units)
    assert [r.meta.get("note") for r in result.records] == ["????私,不确定"]
    warning = str(result.warnings[0])
    assert "1 row holds '?' in the id, doc, text or note (the first: row 1 (line 2)); 1 note keeps its '?' in gold, as no " \
           "source holds notes (the first: row 1 (line 2)); every text is checked against --source" in warning


def test_notes_of_several_labelers_keep_each_labelers_lines_apart(tmp_path):
    import csv

    export(UNITS, tmp_path / "s.csv", "csv")
    with open(tmp_path / "s.csv", encoding="utf-8-sig", newline="") as f:
        rows = list(csv.DictReader(f))
    for who, note in (("alice", "第一行\nbob: 第二行"), ("bob", "同意")):
        with open(tmp_path / f"{who}.csv", "w", encoding="utf-8", newline="") as f:
            w = csv.DictWriter(f, fieldnames=list(rows[0]))
            w.writeheader()
            w.writerow({**rows[0], "themes": "privacy", "sentiment": "negative", "annotator": who, "note": note})
    result = import_annotations([tmp_path / "alice.csv", tmp_path / "bob.csv"], "csv")
    assert [r.meta.get("note") for r in result.records] == ["alice: 第一行\n  bob: 第二行\nbob: 同意"]


def test_label_studio_whole_document_text_area_is_named_by_its_result_item_not_as_a_region(tmp_path):
    tasks = document_export(tmp_path)  # LS gives a whole document's text area an id of its own, which is no region's
    tasks[0]["annotations"][0]["result"].append(
        {"id": "Xk3_9a", "from_name": "comment", "to_name": "text", "type": "textarea", "value": {"text": ["整篇"]}})
    ls = import_annotations([write(tmp_path, tasks)], "label-studio")
    assert [str(w) for w in ls.warnings] == [f"{tmp_path / 'e.json'}: 1 note not imported (a text area of the whole document, on no "
                                             f"region; the first: {tmp_path / 'e.json'} task 1 annotation 11 result item 5); read it in the tool"]


# --- QA round 37 (adjudication): notes on skipped or note-only Label Studio annotations, notes and conflicts of two labelers --


def _ls_note(text: str) -> dict:
    return {"id": "c", "from_name": "comment", "to_name": "text", "type": "textarea", "value": {"text": [text]}}


def test_label_studio_note_on_a_cancelled_annotation_or_a_draft_is_counted_as_not_imported(tmp_path):
    tasks = unit_export(tmp_path)
    tasks[1]["annotations"] = [{"id": 21, "completed_by": 1, "was_cancelled": True, "result": [_ls_note("看不懂，跳过")]}]
    tasks[2]["drafts"] = [{"id": 5, "user": "a@x.com", "result": [_ls_note("再想想")]}]
    del tasks[2]["annotations"]
    result = import_annotations([write(tmp_path, tasks)], "label-studio")
    path = tmp_path / "e.json"
    assert [str(w) for w in result.warnings] == [
        f"{path}: 2 notes not imported (a text area on an annotation cancelled (skipped) in Label Studio; the first: {path} task 2 "
        "annotation 21 (unit a#2)); read them in the tool"]
    assert [r.id for r in result.records] == ["a#1"] and [p.unit for p in result.unlabeled] == ["a#2", "b#1"]


def test_label_studio_submitted_annotation_with_only_a_note_is_unlabelled_as_a_sheets_row_is(tmp_path):
    tasks = unit_export(tmp_path)
    tasks[1]["annotations"][0]["result"] = [_ls_note("看不懂，跳过")]
    result = import_annotations([write(tmp_path, tasks)], "label-studio")
    path = tmp_path / "e.json"
    assert not result.errors and [r.id for r in result.records] == ["a#1", "b#1"]
    assert [(p.where, p.unit) for p in result.unlabeled] == [(f"{path} task 2 annotation 21 (unit a#2)", "a#2")]
    assert [str(w) for w in result.warnings] == [
        f"{path}: 1 note not imported (a text area on an annotation with no themes or sentiment; the first: {path} task 2 "
        "annotation 21 (unit a#2)); read it in the tool"]
    tasks[1]["annotations"][0]["result"] = []  # nothing at all submitted: still an annotation that failed
    assert [p.unit for p in import_annotations([write(tmp_path, tasks)], "label-studio").errors] == ["a#2"]


def test_label_studio_and_doccano_not_labelled_lines_name_the_unit_as_the_sheets_do(tmp_path):
    tasks = unit_export(tmp_path)
    del tasks[1]["annotations"]
    result = import_annotations([write(tmp_path, tasks)], "label-studio")
    assert [p.where for p in result.unlabeled] == [f"{tmp_path / 'e.json'} task 2 (unit a#2)"]
    export(UNITS, tmp_path / "dcu", "doccano")
    line = json.loads((tmp_path / "dcu" / "tasks.jsonl").read_text("utf-8").splitlines()[0])
    line.update(label=[], Comments=["不确定"])
    (tmp_path / "dcu.jsonl").write_text(json.dumps(line, ensure_ascii=False) + "\n", "utf-8")
    dc = import_annotations([tmp_path / "dcu.jsonl"], "doccano")
    assert [p.where for p in dc.unlabeled] == [f"{tmp_path / 'dcu.jsonl'}:1 (unit a#1)"]
    assert f"the first: {tmp_path / 'dcu.jsonl'}:1 (unit a#1))" in str(dc.warnings[0])


def _two_labelers(tmp_path, labels: dict[str, tuple[str, str, str]]) -> list:
    """Sheets alice.csv and bob.csv, each labelling UNITS[0] with ``labels[who]`` (themes, sentiment, note)."""
    import csv

    export(UNITS, tmp_path / "s.csv", "csv")
    with open(tmp_path / "s.csv", encoding="utf-8-sig", newline="") as f:
        rows = list(csv.DictReader(f))
    for who, (themes, sentiment, note) in labels.items():
        with open(tmp_path / f"{who}.csv", "w", encoding="utf-8", newline="") as f:
            w = csv.DictWriter(f, fieldnames=list(rows[0]))
            w.writeheader()
            w.writerow({**rows[0], "themes": themes, "sentiment": sentiment, "annotator": who, "note": note})
    return [tmp_path / f"{who}.csv" for who in labels]


def test_two_labelers_note_written_by_one_is_named_by_that_labeler(tmp_path):
    paths = _two_labelers(tmp_path, {"alice": ("privacy", "positive", "条件句，偏正面"), "bob": ("privacy", "neutral", "")})
    result = import_annotations(paths, "csv")
    assert [(r.sentiment, r.meta.get("note")) for r in result.records] == [("neutral", "alice: 条件句，偏正面")]
    one = import_annotations(paths[:1], "csv")  # one labeler: the note is theirs, as it was
    assert [r.meta.get("note") for r in one.records] == ["条件句，偏正面"]


def test_two_labelers_conflict_names_where_each_labelers_labels_are_and_whose_were_kept(tmp_path):
    paths = _two_labelers(tmp_path, {"alice": ("brand_fit", "neutral", ""), "bob": ("other", "neutral", "")})
    result = import_annotations(paths, "csv")
    a, b = (f"{p}: row 1 (line 2) (unit a#1)" for p in paths)
    assert str(result.conflicts[0]) == f"unit a#1: labelers disagree (alice ({a}): brand_fit/neutral; bob ({b}): other/neutral)"
    assert result.conflicts[0].kept == "the last annotation's labels (bob)"
    out = CliRunner().invoke(main, ["import", *map(str, paths), "--format", "csv", "-o", str(tmp_path / "g.jsonl")])
    assert f"alice ({a}): brand_fit/neutral" in out.output and "the last annotation's labels (bob) were kept" in out.output
