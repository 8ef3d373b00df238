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
