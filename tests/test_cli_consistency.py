"""Rules every command keeps alike: an unreadable input leaves the previous output, a missing file is exit 1, '-' and -q."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from argmine.cli import COMMANDS, main


def run(*args, input=None):
    return CliRunner().invoke(main, list(map(str, args)), input=input, catch_exceptions=False)


GOLD = {"id": "a#1", "doc": "a", "start": 0, "end": 9, "text": "支付宝不该做社交。", "kind": "comment",
        "themes": ["pro_social"], "sentiment": "negative"}


@pytest.fixture
def gold(tmp_path):
    p = tmp_path / "g.jsonl"
    p.write_text(json.dumps(GOLD, ensure_ascii=False) + "\n", "utf-8")
    return p


@pytest.mark.parametrize("command", [["segment"], ["classify", "--model", "lexicon"], ["analyze", "--model", "lexicon"],
                                     ["export", "--format", "csv", "--no-predictions"], ["realign", "GOLD"]])
def test_no_readable_input_leaves_the_previous_output_as_it_was(tmp_path, gold, command):
    out = tmp_path / "out.txt"
    out.write_text("OLD\n", "utf-8")
    command = [str(gold) if c == "GOLD" else c for c in command]
    r = run(*command, tmp_path / "nope.txt", "-o", out, "-q")
    assert r.exit_code == 1, r.output
    assert out.read_text("utf-8") == "OLD\n"  # not emptied, nor a header-only sheet
    assert r.stderr.splitlines()[-1].startswith("argmine: error: no input could be read; nothing to ")
    assert not (tmp_path / "out.txt.unaligned.jsonl").exists()


@pytest.mark.parametrize("command", [["realign", "MISSING", "A", "-o", "OUT"], ["agreement", "MISSING", "GOLD"],
                                     ["agreement", "GOLD", "MISSING"],
                                     ["export", "A", "--format", "csv", "--no-predictions", "--only-unlabeled", "MISSING", "-o", "OUT"]])
def test_a_missing_gold_file_is_one_line_and_exit_1_in_every_command(tmp_path, gold, command):
    (tmp_path / "a.txt").write_text("支付宝不该做社交。\n", "utf-8")
    names = {"MISSING": tmp_path / "nope.jsonl", "GOLD": gold, "A": tmp_path / "a.txt", "OUT": tmp_path / "out.csv"}
    r = run(*(names.get(c, c) for c in command))
    assert r.exit_code == 1, r.output
    assert r.stderr.splitlines() == [f"argmine: error: {tmp_path / 'nope.jsonl'}: no such gold file; check the path"]


def test_a_missing_import_source_is_one_line_and_exit_1_as_in_evaluate(tmp_path):
    sheet = tmp_path / "s.csv"
    sheet.write_text("id,doc,start,end,kind,text,themes,sentiment\na#1,a,0,9,comment,支付宝不该做社交。,pro_social,negative\n", "utf-8")
    r = run("import", sheet, "--format", "csv", "--source", tmp_path / "nope.txt", "-o", tmp_path / "g.jsonl")
    assert r.exit_code == 1, r.output
    assert r.stderr.splitlines()[0] == f"argmine: error: --source {tmp_path / 'nope.txt'}: no such file or directory; check the path"


@pytest.mark.parametrize("command", [["agreement", "-", "GOLD"], ["realign", "-", "A", "-o", "OUT"],
                                     ["export", "A", "--format", "csv", "--no-predictions", "--only-unlabeled", "-", "-o", "OUT"]])
def test_dash_for_a_gold_file_is_a_usage_error_saying_it_is_not_read(tmp_path, gold, command):
    (tmp_path / "a.txt").write_text("支付宝不该做社交。\n", "utf-8")
    names = {"GOLD": gold, "A": tmp_path / "a.txt", "OUT": tmp_path / "out.csv"}
    r = run(*(names.get(c, c) for c in command), input=gold.read_text("utf-8"))
    assert r.exit_code == 2, r.output
    assert r.stderr.splitlines()[-1].endswith(
        "'-' (standard input) is not read here: a gold file is read by name; save the records to a file and pass that")


def test_train_to_standard_output_is_a_usage_error_not_a_folder_named_dash(tmp_path, gold, monkeypatch):
    monkeypatch.chdir(tmp_path)
    r = run("train", gold, "--backend", "lexicon", "-o", "-")
    assert r.exit_code == 2, r.output
    assert r.stderr.splitlines()[-1].endswith("train writes the model as a folder of files, not to standard output ('-'): "
                                              "give -o a folder (MODEL_DIR)")
    assert not (tmp_path / "-").exists()


def test_realign_to_standard_output_is_a_usage_error_not_a_file_named_dash(tmp_path, gold, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "a.txt").write_text("支付宝不该做社交。\n", "utf-8")
    r = run("realign", gold, "a.txt", "-o", "-")
    assert r.exit_code == 2, r.output
    assert "realign writes two files, OUTPUT and OUTPUT.unaligned.jsonl beside it" in r.stderr
    assert not (tmp_path / "-.unaligned.jsonl").exists()


def test_import_source_reads_a_folder_with_the_export_globs_and_input_format(tmp_path):
    (tmp_path / "src").mkdir()
    (tmp_path / "src" / "posts.json").write_text(json.dumps([{"id": "c1", "text": "支付宝不该做社交。"}], ensure_ascii=False), "utf-8")
    (tmp_path / "rows.log").write_text(json.dumps({"id": "c2", "body": "隐私让人担心。"}, ensure_ascii=False) + "\n", "utf-8")
    head = "id,doc,start,end,kind,text,themes,sentiment\n"
    sheet = tmp_path / "s.csv"
    sheet.write_text(head + "c1#1,c1,0,9,comment,支付宝不该做社交。,pro_social,negative\n", "utf-8")
    r = run("import", sheet, "--format", "csv", "--source", tmp_path / "src", "-o", tmp_path / "g.jsonl", "-q")
    assert r.exit_code == 1
    assert "--source-include '*.json'" in r.stderr and "--include" not in r.stderr.replace("--source-include", "")
    r = run("import", sheet, "--format", "csv", "--source", tmp_path / "src", "--source-include", "*.json", "-o", tmp_path / "g.jsonl", "-q")
    assert r.exit_code == 0, r.output
    log_sheet = tmp_path / "l.csv"
    log_sheet.write_text(head + "c2#1,c2,0,7,comment,隐私让人担心。,privacy,negative\n", "utf-8")
    r = run("import", log_sheet, "--format", "csv", "--source", tmp_path / "rows.log", "--source-input-format", "jsonl",
            "--source-text-field", "body", "-o", tmp_path / "l.jsonl", "-q")
    assert r.exit_code == 0, r.output
    assert json.loads((tmp_path / "l.jsonl").read_text("utf-8"))["themes"] == ["privacy"]


def test_realign_quiet_leaves_out_the_summary_when_every_record_aligned(tmp_path, gold):
    (tmp_path / "a.txt").write_text("支付宝不该做社交。\n", "utf-8")
    r = run("realign", gold, tmp_path / "a.txt", "-o", tmp_path / "new.jsonl", "-q")
    assert r.exit_code == 0, r.output
    assert r.stderr == ""
    r = run("realign", gold, tmp_path / "a.txt", "-o", tmp_path / "new.jsonl")
    assert r.stderr.startswith("argmine: 1 of 1 gold records aligned")


@pytest.mark.parametrize("fmt", ["label-studio", "csv"])
def test_import_warns_once_that_doccano_field_options_are_ignored_for_another_format(tmp_path, fmt):
    sheet = tmp_path / "s.csv"
    sheet.write_text("id,doc,start,end,kind,text,themes,sentiment\na#1,a,0,9,comment,支付宝不该做社交。,pro_social,negative\n", "utf-8")
    r = run("import", sheet, "--format", fmt, "--text-field", "body", "--label-field", "lab", "-o", tmp_path / "g.jsonl")
    lines = [line for line in r.stderr.splitlines() if "doccano only" in line]
    assert lines == [f"argmine: warning: --text-field and --label-field apply to --format doccano only and are ignored for --format {fmt}; "
                     "for the --source tables' text column pass --source-text-field"]
    r = run("import", sheet, "--format", "csv", "-o", tmp_path / "g.jsonl")
    assert "doccano only" not in r.stderr


def test_train_and_evaluate_read_a_dotted_text_field_as_the_reading_commands_do(tmp_path):
    rows = [{"id": f"n{i}", "content": {"message": text}, "themes": themes, "sentiment": s}
            for i, (text, themes, s) in enumerate([("支付宝做社交是对的。", ["pro_social"], "positive"),
                                                   ("隐私泄露让人担心。", ["privacy"], "negative")] * 3)]
    data = tmp_path / "nested.jsonl"
    data.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), "utf-8")
    r = run("train", data, "--backend", "lexicon", "--text-field", "content.message", "-o", tmp_path / "m", "-q")
    assert r.exit_code == 0, r.output
    r = run("evaluate", "--gold", data, "--text-field", "content.message", "--cv", "2", "--backend", "lexicon")
    assert r.exit_code == 0, r.output
    r = run("train", data, "--backend", "lexicon", "--text-field", "content", "-o", tmp_path / "m2", "-q")
    assert r.exit_code == 1
    assert "pass --text-field content.message to read a key inside it" in r.stderr.splitlines()[0]


@pytest.mark.parametrize("command", ["segment", "classify", "analyze", "report", "export", "realign"])
def test_quiet_help_says_it_also_leaves_out_the_summary_line_and_notes(command):
    r = run(command, "--help")
    assert "No progress bars, summary line or notes" in " ".join(r.stdout.split())


@pytest.mark.parametrize("command", ["segment", "classify", "analyze", "report", "export", "realign"])
def test_quiet_help_names_only_what_applies_to_the_command(command):
    help_text = " ".join(run(command, "--help").stdout.split())
    quiet = help_text.split("-q, --quiet", 1)[1].split(" -", 1)[0]  # up to the next option
    says_realign = "the summary line when a record did not align or could not be read" in quiet
    assert says_realign == (command == "realign") and "realign" not in quiet, quiet


@pytest.mark.parametrize("command", [["export", "A", "--format", "csv", "-o", "OUT"], ["import", "A", "--format", "csv", "-o", "OUT"],
                                     ["agreement", "GOLD", "GOLD"]])
def test_a_missing_schema_is_one_argmine_line_as_in_classify(tmp_path, gold, command):
    (tmp_path / "a.txt").write_text("支付宝不该做社交。\n", "utf-8")
    names = {"GOLD": gold, "A": tmp_path / "a.txt", "OUT": tmp_path / "out.csv"}
    r = run(*(names.get(c, c) for c in command), "--schema", tmp_path / "nope.toml")
    assert r.exit_code == 2, r.output
    assert r.stderr.splitlines() == [f"argmine: error: {tmp_path / 'nope.toml'}: schema file not found; "
                                     "check the path given as --schema (schema= in Python)"]


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_every_command_takes_quiet(name):
    command = main.get_command(None, name)
    assert [p.opts for p in command.params if "--quiet" in p.opts] == [["-q", "--quiet"]]


def test_agreement_and_schema_take_quiet_and_print_the_same(tmp_path, gold):
    for args in (["agreement", gold, gold], ["schema"]):
        loud, quiet = run(*args), run(*args, "-q")
        assert loud.exit_code == quiet.exit_code == 0, quiet.output
        assert (quiet.stdout, quiet.stderr) == (loud.stdout, loud.stderr)
    assert "No notes on stderr; schema prints none, so this changes nothing" in " ".join(run("schema", "--help").stdout.split())


def test_schema_help_says_model_takes_lexicon_too():
    r = run("schema", "--model", "lexicon")  # what the help now says: the packaged schema
    assert r.exit_code == 0 and r.stdout == run("schema").stdout
    assert "'lexicon' (the lexicon backend) prints the packaged schema" in " ".join(run("schema", "--help").stdout.split())


def test_evaluate_quiet_drops_the_training_set_note_and_keeps_the_scores(tmp_path):
    first = open("annotations/gold.jsonl", encoding="utf-8").readline()  # a text the packaged model was trained on
    (tmp_path / "g.jsonl").write_text(first, "utf-8")
    loud = run("evaluate", "--gold", tmp_path / "g.jsonl", "--format", "json")
    quiet = run("evaluate", "--gold", tmp_path / "g.jsonl", "--format", "json", "-q")
    assert loud.exit_code == quiet.exit_code == 0, quiet.output
    assert loud.stderr.startswith("argmine: note: 1 of the 1 gold units") and quiet.stderr == ""
    assert json.loads(quiet.stdout) == json.loads(loud.stdout)


@pytest.mark.parametrize("extra, progress", [([], "unset"), (["-q"], False), (["-q", "--param", "progress=true"], True),
                                             (["--param", "progress=false"], False)])
def test_evaluate_quiet_turns_the_transformers_fold_bars_off_unless_progress_is_given(tmp_path, monkeypatch, extra, progress):
    import importlib

    train = importlib.import_module("argmine.train")  # the module: argmine.train is the function
    texts = ["支付宝不该做社交。", "隐私泄露让人担心。", "这个功能我从来不用。", "社交功能挺好的。"]
    rows = [dict(GOLD, id=f"d{i}#1", doc=f"d{i}", end=len(t), text=t) for i, t in enumerate(texts)]
    (tmp_path / "g.jsonl").write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), "utf-8")
    real, seen = train.cross_validate, []

    def cross_validate(examples, *, backend, **kwargs):  # what reaches the backend; the folds are then run with the lexicon
        seen.append(kwargs.pop("progress", "unset"))
        return real(examples, backend="lexicon", **kwargs)

    monkeypatch.setattr(train, "cross_validate", cross_validate)
    r = run("evaluate", "--gold", tmp_path / "g.jsonl", "--cv", "2", "--group-by", "doc", "--backend", "transformers", *extra)
    assert r.exit_code == 0, r.output
    assert seen == [progress]


@pytest.mark.parametrize("command", [
    ["segment", "A", "-o", "OUT"], ["classify", "A", "--model", "lexicon", "-o", "OUT"],
    ["analyze", "A", "--model", "lexicon", "-o", "OUT"], ["analyze", "A", "--model", "lexicon", "-q", "--report", "OUT"],
    ["analyze", "A", "--model", "lexicon", "-q", "--plot", "OUT.png/"], ["report", "A", "--model", "lexicon", "-o", "OUT"],
    ["export", "A", "--format", "csv", "--no-predictions", "-o", "OUT"], ["evaluate", "--gold", "GOLD", "--model", "lexicon", "-o", "OUT"],
    ["schema", "-o", "OUT"]])
@pytest.mark.parametrize("ending", ["/", "/.", "/.."])
def test_an_output_file_ending_in_a_slash_for_a_missing_folder_is_one_line_not_a_file_without_the_slash(tmp_path, gold, command,
                                                                                                         monkeypatch, ending):
    (tmp_path / "a.txt").write_text("支付宝不该做社交。\n", "utf-8")
    monkeypatch.chdir(tmp_path)
    names = {"A": "a.txt", "GOLD": gold, "OUT": "out" + ending}
    r = run(*(names.get(c, c.replace("OUT", "out").replace("/", ending)) for c in command))
    out = ("out.png" if "OUT.png/" in command else "out") + ending
    # a usage error (exit 2), one line, and nothing written: no file "out" (what out/. and out/.. would open), no folder
    assert r.exit_code == 2, r.output
    assert r.stderr.splitlines() == [f"argmine: error: {out}: cannot write output (it ends in '{ending}', so it names a folder); pass a file name"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.txt", "g.jsonl"]


@pytest.mark.parametrize("command", [
    ["segment", "A", "-o", "OUT"], ["analyze", "A", "--model", "lexicon", "-o", "OUT"],
    ["analyze", "A", "--model", "lexicon", "-q", "--report", "OUT"], ["analyze", "A", "--model", "lexicon", "-q", "--plot", "OUT"],
    ["analyze", "A", "--model", "lexicon", "-q", "--plot", "OUT.png"], ["report", "A", "--model", "lexicon", "-o", "OUT"],
    ["export", "A", "--format", "csv", "--no-predictions", "-o", "OUT"], ["schema", "-o", "OUT"]])
@pytest.mark.parametrize("slash", ["", "/"])
def test_an_existing_folder_given_as_an_output_file_is_the_same_line_and_exit_2_for_every_option(tmp_path, command, monkeypatch, slash):
    (tmp_path / "a.txt").write_text("支付宝不该做社交。\n", "utf-8")
    (tmp_path / "out").mkdir()
    (tmp_path / "out.png").mkdir()
    monkeypatch.chdir(tmp_path)
    r = run(*("a.txt" if c == "A" else c.replace("OUT", "out") + slash if "OUT" in c else c for c in command))
    out = ("out.png" if "OUT.png" in command else "out") + slash
    # not click's "Invalid value for '--report': File 'out' is a directory." for --report and --plot, exit 2 as for -o
    assert r.exit_code == 2, r.output
    assert r.stderr.splitlines() == [f"argmine: error: {out}: cannot write output (it is a folder); pass a file name"]
    assert not any((tmp_path / "out").iterdir())


def test_a_usage_error_that_click_finds_while_reading_the_options_is_escaped_too(tmp_path):
    # --plot's suffix check runs before the command (a click callback), and click words unknown commands and options
    (tmp_path / "a.txt").write_text("支付宝不该做社交。\n", "utf-8")
    r = run("analyze", tmp_path / "a.txt", "--plot", "p\x1b[2J\nx.gif")
    assert r.exit_code == 2
    assert r.stderr.splitlines()[-1] == ("Error: Invalid value for '--plot': p\\x1b[2J\\nx.gif: the chart is written as .png or .svg; "
                                         "give the file one of those suffixes")
    for args in (["se\x1bgment"], ["--ver\nsion"], ["segment", tmp_path / "a.txt", "--format", "j\x07son"]):
        r = run(*args)
        assert r.exit_code == 2 and "\x1b" not in r.stderr and "\x07" not in r.stderr, r.stderr
        assert r.stderr.splitlines()[-1].startswith("Error: ") and len(r.stderr.splitlines()) == 4, r.stderr


@pytest.mark.parametrize("command", [["import", "SHEET", "--format", "csv", "-o", "OUT"], ["realign", "GOLD", "A", "-o", "OUT"]])
def test_import_and_realign_to_a_name_ending_in_a_slash_write_no_file_without_the_slash(tmp_path, gold, command, monkeypatch):
    (tmp_path / "a.txt").write_text("支付宝不该做社交。\n", "utf-8")
    (tmp_path / "s.csv").write_text("id,doc,start,end,kind,text,themes,sentiment\na#1,a,0,9,comment,支付宝不该做社交。,pro_social,negative\n", "utf-8")
    monkeypatch.chdir(tmp_path)
    r = run(*({"A": "a.txt", "GOLD": gold, "SHEET": "s.csv", "OUT": "out/"}.get(c, c) for c in command), "-q")
    assert r.exit_code == 2, r.output
    # refused up front, as every other command refuses it: not "(Is a directory)" once the work is done
    assert r.stderr.splitlines() == ["argmine: error: out/: cannot write output (it ends in '/', so it names a folder); pass a file name"]
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize("command, target", [
    (["segment", "A", "-o", "new/../a.txt"], "a.txt"), (["analyze", "A", "--model", "lexicon", "-q", "--report", "new/../a.txt"], "a.txt"),
    (["analyze", "A", "--model", "lexicon", "-q", "--plot", "new/../p.png"], None), (["realign", "GOLD", "A", "-o", "new/../g.jsonl"], "g.jsonl"),
    (["import", "g.jsonl", "--format", "csv", "-o", "new/../g.jsonl"], "g.jsonl"), (["schema", "-o", "new/../s.toml"], None),
    (["export", "A", "--format", "label-studio", "--no-predictions", "-o", "new/../ex"], None)])
def test_an_output_stepping_out_of_a_missing_folder_is_one_line_and_replaces_no_input(tmp_path, gold, monkeypatch, command, target):
    # new/.. is the folder of the inputs once new is made: "is this file an input?" was asked only of files that exist
    (tmp_path / "a.txt").write_text("支付宝不该做社交。\n", "utf-8")
    monkeypatch.chdir(tmp_path)
    before = {p.name: p.read_bytes() for p in tmp_path.iterdir()}
    r = run(*("a.txt" if c == "A" else "g.jsonl" if c == "GOLD" else c for c in command))
    assert r.exit_code == 2, r.output
    assert r.stderr.splitlines() == [f"argmine: error: {command[-1]}: cannot write output ('new/..' steps out of new, which does not exist); "
                                     "leave 'new/..' out of the path"]
    assert {p.name: p.read_bytes() for p in tmp_path.iterdir()} == before  # the input as it was, and no folder new
    assert target is None or target in before


@pytest.mark.parametrize("command", [["segment", "A", "-o", "OUT"], ["analyze", "A", "--model", "lexicon", "-q", "--report", "OUT"]])
def test_an_output_stepping_out_of_an_existing_folder_is_written_where_it_leads(tmp_path, monkeypatch, command):
    (tmp_path / "a.txt").write_text("支付宝不该做社交。\n", "utf-8")
    (tmp_path / "real").mkdir()
    monkeypatch.chdir(tmp_path)
    r = run(*("a.txt" if c == "A" else "real/../out.x" if c == "OUT" else c for c in command))
    assert r.exit_code == 0, r.output
    assert (tmp_path / "out.x").stat().st_size > 0 and not any((tmp_path / "real").iterdir())
    r = run(*("a.txt" if c == "A" else "real/../a.txt" if c == "OUT" else c for c in command))
    assert r.exit_code == 2 and "is also an input" in r.stderr  # refused, as -o a.txt is


@pytest.mark.parametrize("bad, hint", [
    ('{"id": "a#2", "doc":\n', "the lines above say why: fix or remove the lines that are not a JSON object, or write the "
                               "file again (gold JSONL holds one JSON object per line)"),
    (json.dumps({k: v for k, v in GOLD.items() if k != "sentiment"}, ensure_ascii=False) + "\n",
     "the lines above say why: records without the fields of a gold record (id, doc, start, end, text, themes, sentiment); "
     "compare gold JSONL, as argmine import writes it (see annotations/README.md)"),
    (json.dumps(dict(GOLD, themes=["money"]), ensure_ascii=False) + "\n",
     "the lines above say why; the labels must be those of the packaged schema (argmine/schemas/alipay.toml); "
     "if they belong to another schema, pass --schema FILE (schema= in Python)"),
    ("[1, 2]\n", "the lines above say why: fix or remove the lines that are not a JSON object, or write the "
                 "file again (gold JSONL holds one JSON object per line)"),  # valid JSON, but no object
    (json.dumps(dict(GOLD, sentiment="meh"), ensure_ascii=False) + "\n",  # no schema has it: no --schema advice
     "the lines above say why: write one of positive, neutral, negative for the sentiment; every schema has these three, "
     "so --schema cannot change them"),
])
def test_agreement_stop_hint_says_what_to_fix_by_what_failed(tmp_path, gold, bad, hint):
    a = tmp_path / "a.jsonl"
    a.write_text(gold.read_text("utf-8") + bad * 5, "utf-8")  # five of six records of A fail
    r = run("agreement", a, gold)
    assert r.exit_code == 1 and r.stdout == ""
    assert r.stderr.splitlines()[-1] == f"argmine: error: 5 of 6 records of {a} failed, more than half; nothing was compared: {hint}"


def test_agreement_stop_hint_says_the_lines_above_say_why_once_when_fields_and_labels_fail(tmp_path, gold):
    a = tmp_path / "a.jsonl"
    no_sentiment = json.dumps({k: v for k, v in GOLD.items() if k != "sentiment"}, ensure_ascii=False) + "\n"
    money = json.dumps(dict(GOLD, themes=["money"]), ensure_ascii=False) + "\n"
    a.write_text(gold.read_text("utf-8") + no_sentiment * 3 + money * 2, "utf-8")  # five of six fail: three lack a field
    r = run("agreement", a, gold)
    assert r.exit_code == 1 and r.stdout == ""
    assert r.stderr.splitlines()[-1] == (
        f"argmine: error: 5 of 6 records of {a} failed, more than half; nothing was compared: the lines above say why: records "
        "without the fields of a gold record (id, doc, start, end, text, themes, sentiment); compare gold JSONL, as argmine import "
        "writes it (see annotations/README.md); the labels must be those of the packaged schema (argmine/schemas/alipay.toml); "
        "if they belong to another schema, pass --schema FILE (schema= in Python)")


@pytest.mark.parametrize("message, kind, hint", [
    ("line 2: the labeler wrote this in a hurry", "json", "the lines above say why: fix or remove the lines that are not a JSON object, "
                                                          "or write the file again (gold JSONL holds one JSON object per line)"),
    ("line 2: missing field(s) sentiment; each gold record needs id, doc, start, end, text, themes, sentiment", "", "the lines above say why"),
])
def test_agreement_stop_hint_follows_the_kind_the_error_carries_not_its_wording(tmp_path, gold, monkeypatch, message, kind, hint):
    import argmine.annotations
    from argmine.errors import AnnotationError

    real = argmine.annotations.load_gold

    def load_gold(path, schema=None, *, on_error, **kw):  # the file's one record, then three failures of the given kind
        for _ in range(3):
            on_error(AnnotationError(str(path), message, kind=kind))
        return real(path, schema, on_error=on_error, **kw)

    monkeypatch.setattr(argmine.annotations, "load_gold", load_gold)
    r = run("agreement", gold, gold)
    assert r.exit_code == 1
    assert r.stderr.splitlines()[-1] == f"argmine: error: 3 of 4 records of {gold} failed, more than half; nothing was compared: {hint}"


def test_only_errors_too_many_failed_words_the_more_than_half_failed_line():
    # train (and evaluate), agreement and import stop with it; each gives its own hint, the line is built in one place
    from pathlib import Path

    import argmine

    package = Path(argmine.__file__).parent
    builders = [str(p.relative_to(package)) for p in sorted(package.rglob("*.py")) if "E_TOO_MANY_FAILED" in p.read_text("utf-8")]
    assert builders == ["errors.py"]
    users = [str(p.relative_to(package)) for p in sorted(package.rglob("*.py")) if "too_many_failed(" in p.read_text("utf-8")]
    assert users == ["cli/agreement.py", "cli/importcmd.py", "cli/train.py", "errors.py"]


def test_a_file_name_holding_a_line_break_stays_on_its_error_line(tmp_path):
    bad = tmp_path / "bad\nname.jsonl"
    bad.write_text('{"text": 1}\n', "utf-8")
    r = run("segment", bad, "-q")
    assert r.exit_code == 1, r.output
    shown = str(bad).replace("\n", "\\n")
    assert r.stderr.splitlines() == [
        f"argmine: error: {shown}: line 1: field 'text' is a number, expected a string; fix the row, or pass --text-field NAME "
        "if the text is in another field (text_field= in Python)",
        "argmine: error: no input could be read; nothing to segment"]
    r = run("segment", bad, "-o", bad)  # a usage error naming the file: one line too
    assert r.exit_code == 2
    assert r.stderr.splitlines()[-1] == f"Error: -o {shown} is also an input ({shown}); writing it would destroy the input: pick another output file"


def test_import_from_standard_input_names_it_dash_as_other_commands_do(tmp_path):
    import subprocess
    import sys
    from pathlib import Path

    def import_stdin(sheet, fmt="csv"):  # a process of its own: import reads '-' as the file /dev/stdin, which CliRunner's input is not
        return subprocess.run([str(Path(sys.executable).with_name("argmine")), "import", "-", "--format", fmt, "-o", str(tmp_path / "g.jsonl")],
                              input=sheet, capture_output=True, text=True, encoding="utf-8")

    r = import_stdin("id,doc,start,end,kind,text,themes,sentiment\na#1,a,0,9,comment,支付宝不该做社交。,,\n")
    assert r.stderr.splitlines()[0] == "argmine: warning: 1 row not labelled (themes and sentiment cells empty): -: row 1 (line 2) (unit a#1)"
    r = import_stdin("x,y\n1,2\n")
    assert r.returncode == 1
    assert r.stderr.splitlines()[0].startswith("argmine: error: -: missing column(s) id, doc, start, end, text, themes, sentiment; ")
    record = {"text": "支付宝不该做社交。", "label": ["pro_social", "negative"], "unit_id": "a#1", "doc": "a", "start": 0, "end": 9,
              "kind": "comment", "schema": "alipay_social", "schema_version": "1"}  # an export made for an older version of the schema
    r = import_stdin(json.dumps(record, ensure_ascii=False) + "\n", "doccano")
    assert r.returncode == 0, r.stderr
    assert r.stderr.splitlines()[0].startswith("argmine: warning: - was exported for schema alipay_social v1; "), r.stderr


#: Every output a command can write into an input folder, in each of its formats, under a name the folder walk reads
#: (--include where the default globs leave it out): (command and options, the output's option, its name in the folder).
OUTPUTS_IN_A_FOLDER = [
    (["segment"], "-o", "u.jsonl"), (["segment", "--tokens", "--format", "csv"], "-o", "u.csv"), (["segment", "--format", "table"], "-o", "u.txt"),
    (["classify", "--model", "lexicon"], "-o", "p.jsonl"), (["classify", "--model", "lexicon", "--format", "csv"], "-o", "p.csv"),
    (["classify", "--model", "lexicon", "--format", "table"], "-o", "p.txt"),
    (["analyze", "--model", "lexicon"], "-o", "t.txt"), (["analyze", "--model", "lexicon", "--format", "csv"], "-o", "t.csv"),
    (["analyze", "--model", "lexicon", "--format", "json", "--include", "*.txt", "--include", "*.json"], "-o", "t.json"),
    (["analyze", "--model", "lexicon", "-o", "/dev/null"], "--report", "r.html"),
    (["analyze", "--model", "lexicon", "-o", "/dev/null", "--include", "*.txt", "--include", "*.svg"], "--plot", "c.svg"),
    (["report", "--model", "lexicon"], "-o", "r.html"),
    (["export", "--format", "csv", "--no-predictions"], "-o", "s.csv"), (["export", "--format", "doccano", "--no-predictions"], "-o", "dc"),
    (["export", "--format", "brat", "--no-predictions"], "-o", "brat"),
    (["export", "--format", "label-studio", "--no-predictions", "--include", "*.txt", "--include", "*.json", "--include", "*.xml"], "-o", "ls"),
]


@pytest.mark.parametrize("command, option, name", OUTPUTS_IN_A_FOLDER)
def test_a_previous_output_inside_the_input_folder_is_skipped_with_one_note_naming_it(tmp_path, command, option, name):
    import re

    if option == "--plot":
        pytest.importorskip("matplotlib", reason="--plot needs the plot extra: pip install 'argmine[plot]'")
    data = tmp_path / "data"
    data.mkdir()
    (data / "a.txt").write_text("支付宝做社交是对的。\n", "utf-8")
    for _ in range(2):  # the second run finds the first run's output in the folder: not read, replaced
        r = run(command[0], data, *command[1:], option, data / name)
        assert r.exit_code == 0, r.output
    note = f"argmine: note: {option} {data / name} is inside the input folder {data}; it is not read as an input"
    assert r.stderr.splitlines().count(note) == 1 and re.search(r"\b1 document\b", r.stderr.splitlines()[-1]), r.stderr


@pytest.mark.parametrize("command, option, name", OUTPUTS_IN_A_FOLDER)
def test_an_input_inside_the_input_folder_is_not_taken_for_a_previous_output_and_written_over(tmp_path, command, option, name):
    # the file (or a file in the folder) the output would replace is an input the folder walk reads, not argmine's output
    data = tmp_path / "data"
    data.mkdir()
    (data / "a.txt").write_text("支付宝做社交是对的。\n", "utf-8")
    folder = "." not in name
    target = data / name / "b.txt" if folder else data / name
    target.parent.mkdir(exist_ok=True)
    content = {".csv": "id,text\n1,财不外露。\n", ".jsonl": '{"id": 1, "text": "财不外露。"}\n', ".json": '[{"id": 1, "text": "财不外露。"}]\n',
               ".html": "<p>财不外露。</p>\n", ".svg": "<svg><text>财不外露。</text></svg>\n"}.get(target.suffix, "财不外露。\n")
    target.write_text(content, "utf-8")
    r = run(command[0], data, *command[1:], option, data / name)
    assert r.exit_code == 2, r.output
    writer = f"'argmine {command[0]}{'' if option == '-o' else ' ' + option}'"
    if command[0] == "export":  # it accepts only the files of the --format it writes
        writer = f"'argmine export --format {command[command.index('--format') + 1]}'"
    if folder:
        why = (f"{option} {data / name} is inside the input folder {data} and holds {target}, which does not look like what {writer} writes: "
               f"it is an input, and writing {option} there would leave it unread or replace it; pass another {option}")
    else:
        why = (f"{option} {target} is a file inside the input folder {data} that does not look like what {writer} writes: "
               f"it is an input, and writing {option} would replace it; pass another {option}")
    assert r.stderr.splitlines()[-1] == f"Error: {why}"
    assert target.read_text("utf-8") == content


def test_an_output_that_another_command_wrote_inside_the_input_folder_is_refused_too(tmp_path):
    data = tmp_path / "data"
    data.mkdir()
    (data / "a.txt").write_text("支付宝做社交是对的。\n", "utf-8")
    assert run("segment", data, "-o", data / "u.jsonl").exit_code == 0
    r = run("classify", data, "--model", "lexicon", "-o", data / "u.jsonl")  # segment's units, not classify's rows: not replaced
    assert r.exit_code == 2 and r.stderr.splitlines()[-1] == (
        f"Error: -o {data / 'u.jsonl'} is a file inside the input folder {data} that is what 'argmine segment' writes, not what "
        "'argmine classify' writes, and writing -o would replace it; pass another -o"), r.output
    (data / "empty.txt").write_text("", "utf-8")  # nothing in it to lose
    assert run("segment", data, "-o", data / "empty.txt").exit_code == 0


def test_a_realigned_gold_file_inside_the_input_folder_is_replaced_but_an_input_is_not(tmp_path, gold):
    data = tmp_path / "data"
    data.mkdir()
    (data / "a.txt").write_text("支付宝不该做社交。\n", "utf-8")
    for _ in range(2):  # the second run finds the first run's gold in the folder: not read as a table of documents, replaced
        r = run("realign", gold, data, "-o", data / "g.new.jsonl")
        assert r.exit_code == 0, r.output
    assert f"argmine: note: -o {data / 'g.new.jsonl'} is inside the input folder {data}; it is not read as an input" in r.stderr
    (data / "b.jsonl").write_text('{"id": 1, "text": "财不外露。"}\n', "utf-8")  # a table of documents
    r = run("realign", gold, data, "-o", data / "b.jsonl")
    assert r.exit_code == 2 and "does not look like what 'argmine realign' writes" in r.stderr, r.output
    assert (data / "b.jsonl").read_text("utf-8") == '{"id": 1, "text": "财不外露。"}\n'


def test_export_into_the_input_folder_itself_is_refused(tmp_path):
    data = tmp_path / "data"
    data.mkdir()
    (data / "a.txt").write_bytes("支付宝不该做社交。\n".encode("gb18030"))
    r = run("export", data, "--format", "brat", "--no-predictions", "-o", data)
    assert r.exit_code == 2, r.output
    assert r.stderr.splitlines()[-1] == (
        f"Error: -o {data} is the input folder {data}: the brat files would be written among the inputs (and read as inputs on the "
        "next run; a .txt input would be replaced by the text argmine read from it); pass another -o")
    assert (data / "a.txt").read_bytes() == "支付宝不该做社交。\n".encode("gb18030") and len(list(data.iterdir())) == 1


def test_export_replaces_only_a_file_of_the_format_it_writes(tmp_path):
    data = tmp_path / "data"
    (data / "dc").mkdir(parents=True)
    (data / "a.txt").write_text("支付宝不该做社交。\n", "utf-8")
    labelled = '{"text": "财不外露。", "label": "negative", "doc": "w1"}\n'  # a user's own labelled data, not doccano's export
    rows = '[{"text": "财不外露。", "id": "w1"}]\n'  # a JSON array of row objects, not Label Studio tasks
    for name, content in [("labelled.jsonl", labelled), ("rows.json", rows), ("dc/tasks.jsonl", labelled)]:
        (data / name).write_text(content, "utf-8")
    json_too = ["--include", "*.txt", "--include", "*.json", "--include", "*.jsonl"]
    for fmt, name in [("csv", "labelled.jsonl"), ("csv", "rows.json"), ("doccano", "dc")]:
        r = run("export", data, *json_too, "--format", fmt, "--no-predictions", "-o", data / name)
        assert r.exit_code == 2 and "does not look like what 'argmine export --format " in r.stderr, r.output
    assert [(data / n).read_text("utf-8") for n in ("labelled.jsonl", "rows.json", "dc/tasks.jsonl")] == [labelled, rows, labelled]
    (data / "dc" / "tasks.jsonl").unlink()
    assert run("export", data, "--format", "doccano", "--no-predictions", "-o", data / "dc").exit_code == 0
    r = run("export", data, "--format", "csv", "--no-predictions", "-o", data / "dc" / "tasks.jsonl")  # doccano's tasks, not a sheet
    assert r.exit_code == 2 and r.stderr.splitlines()[-1] == (
        f"Error: -o {data / 'dc' / 'tasks.jsonl'} is a file inside the input folder {data} that is what 'argmine export --format doccano' "
        "writes, not what 'argmine export --format csv' writes, and writing -o would replace it; "
        "pass another -o"), r.output


def test_a_csv_sheet_exported_before_the_schema_column_is_replaced_on_re_export(tmp_path):
    from argmine.export import CSV_COLUMNS_WITHOUT_SCHEMA

    data = tmp_path / "data"
    data.mkdir()
    (data / "a.txt").write_text("支付宝不该做社交。\n", "utf-8")
    (data / "s.csv").write_text(",".join(CSV_COLUMNS_WITHOUT_SCHEMA) + "\r\n", "utf-8-sig")
    r = run("export", data, "--format", "csv", "--no-predictions", "-o", data / "s.csv")
    assert r.exit_code == 0, r.output
    assert (data / "s.csv").read_text("utf-8-sig").startswith("id,doc,start,end,kind,text,")


def test_an_input_reached_through_a_symbolic_link_in_the_input_folder_is_not_written_over(tmp_path):
    data, elsewhere, corpus = tmp_path / "data", tmp_path / "elsewhere", tmp_path / "corpus2"
    for folder in (data, elsewhere, corpus):
        folder.mkdir()
    (data / "a.txt").write_text("支付宝不该做社交。\n", "utf-8")
    (elsewhere / "real.txt").write_text("财不外露。\n", "utf-8")
    (corpus / "a.txt").write_text("来往已死。\n", "utf-8")
    (data / "link.txt").symlink_to(elsewhere / "real.txt")
    (data / "out").symlink_to(corpus, target_is_directory=True)  # read by the walk as data/out/a.txt
    for output in (data / "link.txt", elsewhere / "real.txt"):
        r = run("segment", data, "-o", output)
        assert r.exit_code == 2 and "does not look like what 'argmine segment' writes: it is an input" in r.stderr, r.output
    assert f"{elsewhere / 'real.txt'} is a file reached through a symbolic link in the input folder {data} " in r.stderr
    for output in (data / "out", corpus):
        r = run("export", data, "--format", "brat", "--no-predictions", "-o", output)
        assert r.exit_code == 2 and f"holds {output / 'a.txt'}, which does not look like" in r.stderr, r.output
    assert (elsewhere / "real.txt").read_text("utf-8") == "财不外露。\n" and (corpus / "a.txt").read_text("utf-8") == "来往已死。\n"
    (data / "link.txt").unlink()
    (elsewhere / "units.jsonl").write_text("", "utf-8")
    (data / "link.jsonl").symlink_to(elsewhere / "units.jsonl")
    for _ in range(2):  # a previous run's output, read through a link: left out of the walk and replaced, as inside the folder
        r = run("segment", data, "-o", elsewhere / "units.jsonl")
        assert r.exit_code == 0, r.output
    assert f"argmine: note: -o {elsewhere / 'units.jsonl'} is reached through a symbolic link in the input folder {data}" in r.stderr


def test_export_into_a_folder_holding_an_input_given_by_name_is_refused(tmp_path):
    data = tmp_path / "data"
    data.mkdir()
    (data / "a.txt").write_bytes("支付宝不该做社交。\r\n".encode("gb18030"))
    (data / "b.txt").write_text("财不外露。\n", "utf-8")
    r = run("export", data / "a.txt", data / "b.txt", "--format", "brat", "--no-predictions", "-o", data)
    assert r.exit_code == 2 and r.stderr.splitlines()[-1] == (
        f"Error: -o {data} holds the input {data / 'a.txt'}: the brat files would be written among the inputs; "
        "a .txt input would be replaced by the text argmine read from it; pass another -o"), r.output
    assert (data / "a.txt").read_bytes() == "支付宝不该做社交。\r\n".encode("gb18030") and len(list(data.iterdir())) == 2
    # label-studio and doccano write only their own file names: beside a named input that is not one of them, as before
    r = run("export", data / "a.txt", "--format", "label-studio", "--no-predictions", "-o", data)
    assert r.exit_code == 0 and {p.name for p in data.iterdir()} == {"a.txt", "b.txt", "tasks.json", "config.xml"}, r.output
    (data / "tasks.jsonl").write_text('{"text": "财不外露。"}\n', "utf-8")  # a user's table of that name, given as an input
    r = run("export", data / "tasks.jsonl", "--format", "doccano", "--no-predictions", "-o", data)
    assert r.exit_code == 2 and f"-o {data} holds the input {data / 'tasks.jsonl'}" in r.stderr, r.output


def test_export_csv_into_a_folder_inside_the_input_folder_is_refused_as_a_folder(tmp_path):
    data = tmp_path / "data"
    (data / "sub").mkdir(parents=True)
    (data / "sub" / "b.txt").write_text("财不外露。\n", "utf-8")
    r = run("export", data, "--format", "csv", "--no-predictions", "-o", data / "sub")
    assert r.exit_code == 2 and r.stderr.splitlines() == [f"argmine: error: {data / 'sub'}: cannot write output (it is a folder); pass a file name"]


SOURCE_GOLD = [("a#1", 0, 9, "支付宝不该做社交。", ["pro_social"]), ("a#2", 10, 15, "财不外露。", ["privacy"]),
               ("a#3", 16, 21, "来往已死。", []), ("a#4", 22, 28, "隐私很重要。", ["privacy"])]


@pytest.mark.parametrize("command", [
    ["import", "SHEET", "--format", "csv"],
    ["evaluate", "--gold", "GOLD", "--cv", "2", "--backend", "lexicon", "--format", "json"]])
def test_an_output_inside_a_source_folder_is_not_read_as_a_source_and_an_input_there_is_not_written_over(tmp_path, command):
    data = tmp_path / "data"
    data.mkdir()
    (data / "a.txt").write_text("支付宝不该做社交。\n财不外露。\n来往已死。\n隐私很重要。\n", "utf-8")
    gold = tmp_path / "g.jsonl"
    gold.write_text("".join(json.dumps({"id": i, "doc": "a", "start": s, "end": e, "text": t, "kind": "body", "themes": th,
                                        "sentiment": "negative"}, ensure_ascii=False) + "\n" for i, s, e, t, th in SOURCE_GOLD), "utf-8")
    sheet = tmp_path / "s.csv"
    sheet.write_text("id,doc,start,end,kind,text,themes,sentiment\na#1,a,0,9,body,支付宝不该做社交。,pro_social,negative\n", "utf-8")
    args = [{"SHEET": sheet, "GOLD": gold}.get(c, c) for c in command]
    out = data / "out.csv"  # read as a CSV table on the next run, it would fail as a --source (no 'text' column)
    for _ in range(2):
        r = run(*args, "--source", data, "-o", out)
        assert r.exit_code == 0, r.output
    assert f"argmine: note: -o {out} is inside the --source folder {data}; it is not read as an input" in r.stderr
    r = run(*args, "--source", data, "-o", data / "a.txt")
    assert r.exit_code == 2, r.output
    assert r.stderr.splitlines()[-1] == (
        f"Error: -o {data / 'a.txt'} is a file inside the --source folder {data} that does not look like what 'argmine {command[0]}' "
        "writes: it is an input, and writing -o would replace it; pass another -o")
    assert (data / "a.txt").read_text("utf-8").startswith("支付宝不该做社交。")


@pytest.mark.parametrize("command", [["realign", "EMPTY", "A", "-o", "OUT"], ["agreement", "EMPTY", "GOLD"], ["agreement", "GOLD", "EMPTY"],
                                     ["train", "EMPTY", "--backend", "lexicon", "-o", "MODEL"], ["evaluate", "--gold", "EMPTY"]])
@pytest.mark.parametrize("content", ["", "\n\n"])
def test_an_empty_gold_file_is_one_line_and_exit_1_in_every_command_and_realign_writes_and_removes_nothing(tmp_path, gold, command, content):
    (tmp_path / "a.txt").write_text("支付宝不该做社交。\n", "utf-8")
    empty = tmp_path / "empty.jsonl"
    empty.write_text(content, "utf-8")
    earlier = tmp_path / "out.jsonl.unaligned.jsonl"  # an earlier run's unaligned records: not to be removed by a run that reads nothing
    earlier.write_text(json.dumps(GOLD, ensure_ascii=False) + "\n", "utf-8")
    names = {"EMPTY": empty, "GOLD": gold, "A": tmp_path / "a.txt", "OUT": tmp_path / "out.jsonl", "MODEL": tmp_path / "m"}
    r = run(*(names.get(c, c) for c in command))
    assert r.exit_code == 1, r.output
    assert r.stdout == ""  # agreement: no all-"n/a" table
    assert r.stderr.splitlines()[0] == f"argmine: error: {empty}: file is empty; there are no labelled records in it"
    assert earlier.is_file() and not (tmp_path / "out.jsonl").exists()


@pytest.mark.parametrize("command", [["realign", "DIR", "A", "-o", "OUT"], ["agreement", "DIR", "GOLD"], ["agreement", "GOLD", "DIR"],
                                     ["export", "A", "--format", "csv", "--no-predictions", "--only-unlabeled", "DIR", "-o", "OUT"]])
def test_a_folder_given_as_a_gold_file_is_the_gold_readers_line_and_exit_1_in_every_command(tmp_path, gold, command):
    (tmp_path / "a.txt").write_text("支付宝不该做社交。\n", "utf-8")
    (tmp_path / "d").mkdir()
    names = {"DIR": tmp_path / "d", "GOLD": gold, "A": tmp_path / "a.txt", "OUT": tmp_path / "out.csv"}
    r = run(*(names.get(c, c) for c in command))
    assert r.exit_code == 1, r.output  # as train and evaluate: not a bare click error (exit 2)
    assert r.stderr.splitlines() == [f"argmine: error: {tmp_path / 'd'}: looks like a folder, not gold JSONL (one labelled unit per line); "
                                     "gold JSONL is what 'argmine import' writes from a labelling tool's export "
                                     "(see docs/annotation-formats.md)"]
    assert not (tmp_path / "out.csv").exists()


def test_agreement_writes_to_o_as_evaluate_does_with_json_indented_alike(tmp_path, gold):
    other = tmp_path / "b.jsonl"
    other.write_text(json.dumps({**GOLD, "sentiment": "neutral"}, ensure_ascii=False) + "\n", "utf-8")
    printed = run("agreement", gold, other, "--format", "json")
    assert printed.exit_code == 0, printed.output
    assert printed.stdout.splitlines()[1].startswith('  "n": 1')  # indent 2, as evaluate's JSON
    r = run("agreement", gold, other, "--format", "json", "-o", tmp_path / "k.json")
    assert r.exit_code == 0 and r.stdout == ""
    assert (tmp_path / "k.json").read_text("utf-8") == printed.stdout
    r = run("agreement", gold, other, "-o", gold)  # an input is not written over
    assert r.exit_code == 2 and "is also an input" in r.stderr


def test_export_csv_to_standard_output_is_the_same_bytes_as_to_a_file_bom_included(tmp_path):
    (tmp_path / "a.txt").write_text("支付宝不该做社交。\n", "utf-8")
    r = CliRunner().invoke(main, ["export", str(tmp_path / "a.txt"), "--format", "csv", "--no-predictions", "-o", "-", "-q"])
    assert r.exit_code == 0, r.output
    run("export", tmp_path / "a.txt", "--format", "csv", "--no-predictions", "-o", tmp_path / "s.csv", "-q")
    assert r.stdout_bytes.startswith(b"\xef\xbb\xbfid,")
    assert r.stdout_bytes == (tmp_path / "s.csv").read_bytes()


@pytest.mark.parametrize("command, line", [
    (["export", "A", "--format", "csv", "--level", "document", "--no-predictions", "-o", "OUT"],
     "--level applies to --format label-studio and doccano only and is ignored for --format csv (a sheet has one row per unit)"),
    (["export", "A", "--format", "brat", "--level", "unit", "--no-predictions", "-o", "DIR"],
     "--level applies to --format label-studio and doccano only and is ignored for --format brat (brat is always per document)"),
    (["export", "A", "--format", "csv", "--force", "--no-predictions", "-o", "OUT"],
     "--force applies to --format brat only and is ignored for --format csv (it has no labelled .ann files to replace)"),
    (["import", "LS", "--format", "label-studio", "--encoding", "big5", "-o", "GOLDOUT"],
     "--encoding applies to --format csv only and is ignored for --format label-studio (a label-studio export is UTF-8)"),
])
def test_an_option_that_does_not_apply_to_the_format_is_ignored_with_one_warning_in_every_command(tmp_path, command, line):
    (tmp_path / "a.txt").write_text("支付宝不该做社交。\n", "utf-8")
    r = run("export", tmp_path / "a.txt", "--format", "label-studio", "--no-predictions", "-o", tmp_path / "ls", "-q")
    assert r.exit_code == 0, r.output
    names = {"A": tmp_path / "a.txt", "OUT": tmp_path / "out.csv", "DIR": tmp_path / "brat", "LS": tmp_path / "ls" / "tasks.json",
             "GOLDOUT": tmp_path / "g.jsonl"}
    r = run(*(names.get(c, c) for c in command), "-q")
    assert r.exit_code == 0, r.output  # as import's --text-field without doccano: not a usage error
    assert [ln for ln in r.stderr.splitlines() if "warning" in ln and "ignored" in ln] == [f"argmine: warning: {line}"]
    plain = [c for c in command if c not in ("--force", "--level", "--encoding", "document", "unit", "big5")]
    r = run(*(names.get(c, c) for c in plain), "-q")
    assert "ignored for --format" not in r.stderr  # the default is not given: no warning


def test_an_unknown_command_gets_the_nearest_names_as_an_unknown_option_does():
    r = run("analyz", "corpora")
    assert r.exit_code == 2
    assert r.stderr.splitlines()[-1] == "Error: No such command 'analyz'. Did you mean 'analyze'?"
    assert run("xyzzy").stderr.splitlines()[-1] == "Error: No such command 'xyzzy'."


def test_summary_lines_name_standard_output_alike(tmp_path):
    (tmp_path / "a.txt").write_text("支付宝不该做社交。\n", "utf-8")
    run("export", tmp_path / "a.txt", "--format", "csv", "--no-predictions", "-o", tmp_path / "s.csv", "-q")
    sheet = (tmp_path / "s.csv").read_text("utf-8-sig").replace(",,,", ",pro_social,negative,", 1)
    (tmp_path / "s.csv").write_text(sheet, "utf-8")
    lines = [run("report", tmp_path / "a.txt", "--model", "lexicon", "-o", "-").stderr,
             run("export", tmp_path / "a.txt", "--format", "csv", "--no-predictions", "-o", "-").stderr,
             run("import", tmp_path / "s.csv", "--format", "csv", "-o", "-").stderr]
    for line in lines:
        assert "standard output" in line and " -\n" not in line and "to -;" not in line, line


def test_every_model_option_has_one_metavar():
    import click

    from argmine.cli import LazyGroup

    seen = set()
    for name in COMMANDS:
        command = LazyGroup().get_command(None, name)
        seen |= {p.metavar for p in command.params if isinstance(p, click.Option) and p.name == "model"}
    assert seen == {"M"}
