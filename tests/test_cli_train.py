"""argmine train: the summary line tells unusable files from skipped records; what -o may write over."""

from __future__ import annotations

import errno
import json

import pytest
from click.testing import CliRunner

from argmine.cli import main


def test_cli_train_summary_tells_unusable_files_from_skipped_records(tmp_path):
    good = tmp_path / "good.csv"
    good.write_text("text,themes,sentiment\n财不外露。,privacy,negative\n红包很方便。,pro_social,positive\n今天下雪。,,neutral\n"
                    "功能太多了。,bloat,negative\n", "utf-8")
    bad = tmp_path / "bad.csv"
    bad.write_text("text,themes,sentiment\n来往已死。,money,negative\n支付宝越来越臃肿。,bloat,negative\n", "utf-8")
    header_only = tmp_path / "h.csv"
    header_only.write_text("text,themes,sentiment\n", "utf-8")
    missing = tmp_path / "missing.jsonl"
    r = CliRunner().invoke(main, ["train", str(good), str(bad), str(header_only), str(missing), "--backend", "lexicon",
                                  "-o", str(tmp_path / "m")])
    assert r.exit_code == 1
    assert r.stderr.splitlines()[-1] == (
        f"argmine: error: 2 of 4 files could not be used ({header_only}, {missing}) and 1 record was skipped (listed above); "
        "the lexicon model was written (its labels checked, nothing learned)")


def test_cli_train_unusable_files_are_not_counted_as_failed_records(tmp_path):
    good = tmp_path / "good.csv"
    good.write_text("text,themes,sentiment\n财不外露。,privacy,negative\n", "utf-8")
    r = CliRunner().invoke(main, ["train", str(good), str(tmp_path / "x.jsonl"), str(tmp_path / "y.jsonl"), "--backend", "lexicon",
                                  "-o", str(tmp_path / "m")])
    assert r.exit_code == 1 and (tmp_path / "m").exists()  # no record failed: not "2 of 3 records failed, more than half"
    assert r.stderr.splitlines()[-1] == (
        f"argmine: error: 2 of 3 files could not be used ({tmp_path / 'x.jsonl'}, {tmp_path / 'y.jsonl'}); the lexicon model was written (its labels checked, nothing learned)")


# --- -o: what train may write over ----------------------------------------------------------------------------

LABELLED = "text,themes,sentiment\n财不外露。,privacy,negative\n红包很方便。,pro_social,positive\n"


def _train(tmp_path, *args):
    data = tmp_path / "d.csv"
    data.write_text(LABELLED, "utf-8")
    return CliRunner().invoke(main, ["train", str(data), "--backend", "lexicon", *args])


def test_cli_train_refuses_a_directory_of_other_files_unless_forced(tmp_path):
    busy = tmp_path / "busy"
    busy.mkdir()
    (busy / "config.json").write_text('{"mine": 1}', "utf-8")
    (busy / "notes.txt").write_text("keep", "utf-8")
    r = _train(tmp_path, "-o", str(busy))
    assert r.exit_code == 2
    assert r.stderr.splitlines() == [
        f"argmine: error: -o {busy} is a directory that holds other files (config.json, notes.txt) and no argmine model; "
        "training would write config.json and the weights into it: pass a new or empty directory, or add --force to write there anyway"]
    assert (busy / "config.json").read_text("utf-8") == '{"mine": 1}'
    r = _train(tmp_path, "-o", str(busy), "--force")
    assert r.exit_code == 0, r.output
    assert json.loads((busy / "config.json").read_text("utf-8"))["backend"] == "lexicon"
    assert (busy / "notes.txt").read_text("utf-8") == "keep"


def test_cli_train_resolves_dot_dot_before_the_other_files_guard(tmp_path):
    busy = tmp_path / "busy"
    (busy / "sub").mkdir(parents=True)
    (busy / "config.json").write_text('{"mine": 1}', "utf-8")
    r = _train(tmp_path, "-o", f"{busy}/sub/..")  # busy itself: guarded as -o busy is
    assert r.exit_code == 2 and "holds other files (config.json, sub)" in r.stderr, r.output
    r = _train(tmp_path, "-o", f"{busy}/new/..")  # new would be made only to pass through it
    assert r.exit_code == 2
    assert r.stderr.splitlines() == [f"argmine: error: {busy}/new/..: cannot write output ('{busy}/new/..' steps out of {busy}/new, "
                                     f"which does not exist); leave '{busy}/new/..' out of the path"]
    assert (busy / "config.json").read_text("utf-8") == '{"mine": 1}' and sorted(p.name for p in busy.iterdir()) == ["config.json", "sub"]


@pytest.mark.parametrize("backend", ["linear", "lexicon"])
def test_cli_train_force_replaces_links_in_the_model_directory_and_never_writes_through_them(tmp_path, backend):
    data = tmp_path / "d.csv"
    data.write_text(LABELLED + "功能太多了。,bloat,negative\n今天下雪。,,neutral\n" * 3, "utf-8")
    out, outside = tmp_path / "m", tmp_path / "outside"
    out.mkdir()
    outside.mkdir()
    for name in ("config.json", "schema.toml", "weights.safetensors"):  # a model folder from someone's archive
        (outside / name).write_text("victim", "utf-8")
        (out / name).symlink_to(outside / name)
    r = CliRunner().invoke(main, ["train", str(data), "--backend", backend, "-o", str(out), "--force", "-q"])
    assert r.exit_code == 0, r.output
    assert [(outside / name).read_text("utf-8") for name in ("config.json", "schema.toml", "weights.safetensors")] == ["victim"] * 3
    assert not (out / "config.json").is_symlink() and not (out / "schema.toml").is_symlink()
    assert json.loads((out / "config.json").read_text("utf-8"))["backend"] == backend


def test_cli_train_refuses_to_write_into_the_base_model(tmp_path):
    base = tmp_path / "enc"
    base.mkdir()
    (base / "config.json").write_text('{"model_type": "bert"}', "utf-8")
    data = tmp_path / "d.csv"
    data.write_text(LABELLED, "utf-8")
    r = CliRunner().invoke(main, ["train", str(data), "--backend", "transformers", "--base-model", str(base), "-o", str(base), "--force"])
    assert r.exit_code == 2
    assert r.stderr.splitlines() == [
        f"argmine: error: -o {base} is the --base-model checkpoint: training would overwrite its config.json; "
        "write the model to another directory"]
    assert (base / "config.json").read_text("utf-8") == '{"model_type": "bert"}'


def test_cli_train_over_a_model_directory_removes_the_old_models_files_only(tmp_path):
    old = tmp_path / "m"
    (old / "encoder").mkdir(parents=True)
    (old / "encoder" / "model.safetensors").write_bytes(b"x")
    (old / "heads.safetensors").write_bytes(b"x")
    (old / "config.json").write_text('{"backend": "transformers"}', "utf-8")
    (old / "README.md").write_text("my notes", "utf-8")
    r = _train(tmp_path, "-o", str(old))
    assert r.exit_code == 0, r.output
    assert sorted(p.name for p in old.iterdir()) == ["README.md", "config.json", "schema.toml"]
    assert not [p for p in tmp_path.iterdir() if "previous" in p.name]  # the old files moved aside are gone


def test_cli_train_keeps_the_old_model_when_saving_fails(tmp_path, monkeypatch):
    from argmine.backends.lexicon import LexiconBackend

    old = tmp_path / "m"
    assert _train(tmp_path, "-o", str(old)).exit_code == 0
    before = {p.name: p.read_bytes() for p in old.iterdir()}

    def broken(self, path):
        raise OSError(errno.EACCES, "Permission denied")

    monkeypatch.setattr(LexiconBackend, "save", broken)
    r = CliRunner().invoke(main, ["train", str(tmp_path / "d.csv"), "--backend", "lexicon", "-o", str(old)], catch_exceptions=False)
    assert r.exit_code == 1  # one line, not a traceback
    assert r.stderr == f"argmine: error: {old}: cannot write the model (Permission denied); the model there before is left as it was\n"
    assert {p.name: p.read_bytes() for p in old.iterdir()} == before


# --- seeds: numpy takes 0 <= seed < 2**32; outside that is a usage error naming the option -----------------------

@pytest.mark.parametrize("args, named", [
    (["train", "{d}", "-o", "{m}", "--seed", "-1"], "Invalid value for '--seed'"),
    (["train", "{d}", "-o", "{m}", "--seed", str(2**32)], "Invalid value for '--seed'"),
    (["train", "{d}", "-o", "{m}", "--param", "seed=-1"], "--param 'seed=-1': the seed must be an integer from 0 to 2**32-1"),
    (["train", "{d}", "-o", "{m}", "--param", "seed=1.5"], "--param 'seed=1.5': the seed must be an integer from 0 to 2**32-1"),
    (["evaluate", "--gold", "{d}", "--cv", "2", "--seed", str(2**32)], "Invalid value for '--seed'"),
    (["evaluate", "--gold", "{d}", "--cv", "2", "--param", f"seed={2**32}"], f"--param 'seed={2**32}': the seed must be an integer"),
    (["export", "{d}", "--format", "csv", "--no-predictions", "--seed", "-1", "-o", "-"], "Invalid value for '--seed'"),
    (["analyze", "{d}", "--model", "lexicon", "--seed", str(2**32)], "Invalid value for '--seed'"),
])
def test_a_seed_out_of_numpys_range_is_a_usage_error_naming_the_option(tmp_path, args, named):
    data = tmp_path / "d.csv"
    data.write_text(LABELLED * 3, "utf-8")
    r = CliRunner().invoke(main, [a.format(d=data, m=tmp_path / "m") for a in args])
    assert r.exit_code == 2, r.output
    assert named in r.stderr.splitlines()[-1] and "Traceback" not in r.output
    assert not (tmp_path / "m").exists()


# --- '-': the labelled records on standard input (JSONL), as other commands read '-' ------------------------------

STDIN_JSONL = ('{"text": "财不外露。", "themes": ["privacy"], "sentiment": "negative"}\n'
               '{"text": "红包很方便。", "themes": ["pro_social"], "sentiment": "positive"}\n')


def test_cli_train_reads_labelled_jsonl_from_standard_input(tmp_path):
    r = CliRunner().invoke(main, ["train", "-", "--backend", "lexicon", "-o", str(tmp_path / "m")], input=STDIN_JSONL)
    assert r.exit_code == 0, r.output  # used to be "-: no such file; check the path"
    assert r.stderr == f"argmine: the lexicon learns nothing from labels: checked those of 2 units, saved the schema and --param settings (--backend linear trains on them) -> {tmp_path / 'm'}\n"


@pytest.mark.parametrize("args, given, line", [
    (["-"], "text,themes,sentiment\n财不外露。,privacy,negative\n",
     "argmine: error: -: standard input is read as labelled JSONL (one JSON object per line), and its first line is not a JSON object; "
     "save a CSV/TSV table to a file (.csv, .tsv) and pass its path"),
    (["-"], "", "argmine: error: -: nothing came on standard input; there are no labelled records in it"),
    (["-", "--extra", "-"], STDIN_JSONL,
     "Error: '-' (standard input) is given more than once; it can be read only once: pass the other data as files"),
])
def test_cli_train_standard_input_that_cannot_be_used_is_one_line(tmp_path, args, given, line):
    r = CliRunner().invoke(main, ["train", *args, "--backend", "lexicon", "-o", str(tmp_path / "m")], input=given)
    assert r.exit_code == (2 if "--extra" in args else 1)
    assert line in r.stderr.splitlines() and not (tmp_path / "m").exists()


STDIN_EXPORTS = {
    "label-studio": ('[{"id": 1, "data": {"text": "财不外露。"}, "annotations": []}]\n', "a Label Studio JSON export (1 task)"),
    "doccano": ('{"id": 1, "text": "财不外露。", "label": ["privacy", "negative"]}\n{"id": 2, "text": "好用。", "label": ["positive"]}\n',
                "doccano's JSONL export (2 objects, one per line)"),
}


@pytest.mark.parametrize("command", [["train", "-", "--backend", "lexicon", "-o", "m"], ["evaluate", "--gold", "-", "--model", "lexicon"]],
                         ids=["train", "evaluate"])
@pytest.mark.parametrize("fmt", sorted(STDIN_EXPORTS))
def test_a_tool_export_on_standard_input_is_the_one_line_a_named_file_gets(tmp_path, monkeypatch, command, fmt):
    monkeypatch.chdir(tmp_path)
    given, found = STDIN_EXPORTS[fmt]
    (tmp_path / "x.json").write_text(given, "utf-8")
    named = CliRunner().invoke(main, [("x.json" if a == "-" else a) for a in command])
    r = CliRunner().invoke(main, command, input=given)
    assert r.exit_code == named.exit_code == 1, r.output
    errors = [line for line in r.stderr.splitlines() if line.startswith("argmine: error: -:")]
    assert errors == [line.replace("x.json", "-") for line in named.stderr.splitlines() if line.startswith("argmine: error: x.json:")]
    assert len(errors) == 1 and f"looks like {found}" in errors[0] and f"argmine import - --format {fmt}" in errors[0]


@pytest.mark.parametrize("args", [["--gold", "-", "--gold", "-", "--model", "lexicon"],
                                  ["--gold", "-", "--extra", "-", "--cv", "2", "--backend", "lexicon"],
                                  ["--gold", "-", "--source", "-", "--cv", "2", "--backend", "lexicon"]],
                         ids=["gold-twice", "gold-and-extra", "gold-and-source"])
def test_cli_evaluate_refuses_standard_input_given_twice_as_train_does(args):
    r = CliRunner().invoke(main, ["evaluate", *args], input=STDIN_JSONL * 2)
    assert r.exit_code == 2, r.output
    assert r.stderr.splitlines()[-1] == "Error: '-' (standard input) is given more than once; it can be read only once: pass the other data as files"
    assert r.stdout == ""


def test_a_named_label_studio_json_min_export_is_one_line_as_on_standard_input(tmp_path):
    rows = [{"id": n, "text": t, "unit_id": f"a#{n}", "themes": "privacy", "sentiment": "negative", "annotator": "a@x.com",
             "annotation_id": n, "lead_time": 1.5} for n, t in ((1, "财不外露。"), (2, "来往已死。"))]
    p = tmp_path / "min.json"
    p.write_text(json.dumps(rows, ensure_ascii=False), "utf-8")
    r = CliRunner().invoke(main, ["evaluate", "--gold", str(p), "--model", "lexicon"])
    assert r.exit_code == 1
    assert r.stderr.splitlines()[0].startswith(f"argmine: error: {p}: looks like a Label Studio JSON_MIN export (2 flat rows")


def test_cli_evaluate_reads_gold_jsonl_from_standard_input_and_says_so_in_its_help():
    r = CliRunner().invoke(main, ["evaluate", "--gold", "-", "--model", "lexicon", "--format", "json"], input=STDIN_JSONL)
    assert r.exit_code == 0, r.output
    assert json.loads(r.stdout)["n"] == 2
    assert "'--gold -' reads JSONL from standard input" in " ".join(CliRunner().invoke(main, ["evaluate", "--help"]).output.split())


GOOD_RECORD = json.dumps({"text": "支付宝做社交是对的。", "themes": ["pro_social"], "sentiment": "positive"}, ensure_ascii=False) + "\n"
#: train's and evaluate's hint when most records fail, by what failed (E_TOO_MANY_FAILED)
LABELS_HINT = ("the lines above say why; the labels were checked against the packaged schema (argmine/schemas/alipay.toml); "
               "if they belong to another debate, pass --schema FILE (schema= in Python); also check that --text-field, --themes-field and "
               "--sentiment-field name the right fields")
FIELDS_HINT = "the lines above say why: check that --text-field, --themes-field and --sentiment-field name fields the records have"
JSON_HINT = ("the lines above say why: fix or remove the lines that are not a JSON object, or write the file again "
             "(labelled JSONL holds one JSON object per line)")
SENTIMENT_HINT = ("the lines above say why: write one of positive, neutral, negative for the sentiment; every schema has these "
                  "three, so --schema cannot change them")


def _after_the_first(hint: str) -> str:
    """``hint`` as a stop line gives it after another: "the lines above say why" is said once, in the first."""
    return hint.removeprefix("the lines above say why").lstrip(":; ")


@pytest.mark.parametrize("bad, hint", [
    ('{"text": "好", "themes": [\n', JSON_HINT),  # a line cut short
    ("[1, 2]\n", JSON_HINT),  # no JSON object
    (json.dumps({"body": "好", "themes": [], "sentiment": "neutral"}) + "\n", FIELDS_HINT),  # --text-field names no field it has
    (json.dumps({"text": "好", "themes": ["money"], "sentiment": "neutral"}) + "\n", LABELS_HINT),  # another schema's theme
    (json.dumps({"text": "好", "themes": [], "sentiment": "meh"}) + "\n", SENTIMENT_HINT),  # no schema's sentiment: no --schema advice
])
@pytest.mark.parametrize("command", ["train", "evaluate"])
def test_cli_train_and_evaluate_stop_hint_says_what_to_fix_by_what_failed(tmp_path, bad, hint, command):
    gold = tmp_path / "g.jsonl"
    gold.write_text(GOOD_RECORD + bad * 5, "utf-8")  # five of six fail: lines above name each (three, then a count)
    if command == "train":
        r = CliRunner().invoke(main, ["train", str(gold), "--backend", "lexicon", "-o", str(tmp_path / "m")])
        done = f"trained, nothing written to {tmp_path / 'm'}"
    else:
        r = CliRunner().invoke(main, ["evaluate", "--gold", str(gold), "--cv", "2", "--backend", "lexicon"])
        done = "scored"
    assert r.exit_code == 1 and not (tmp_path / "m").exists()
    assert r.stderr.splitlines()[-1] == f"argmine: error: 5 of 6 records failed, more than half; nothing was {done}: {hint}"


@pytest.mark.parametrize("rows, hint", [
    (",bloat,negative\n", FIELDS_HINT),  # an empty text cell: not the labels
    ('"",bloat,negative\n', FIELDS_HINT),
    ("好,bloat,\n", "the lines above say why"),  # an empty sentiment: no kind with a hint of its own, no schema advice
])
@pytest.mark.parametrize("command", ["train", "evaluate"])
def test_cli_train_and_evaluate_stop_hint_gives_no_label_advice_when_no_label_failed(tmp_path, rows, hint, command):
    gold = tmp_path / "g.csv"
    gold.write_text("text,themes,sentiment\n支付宝做社交是对的。,pro_social,positive\n" + rows * 3, "utf-8")
    if command == "train":
        r = CliRunner().invoke(main, ["train", str(gold), "--backend", "lexicon", "-o", str(tmp_path / "m")])
        done = f"trained, nothing written to {tmp_path / 'm'}"
    else:
        r = CliRunner().invoke(main, ["evaluate", "--gold", str(gold), "--model", "lexicon"])
        done = "scored"
    assert r.exit_code == 1 and not (tmp_path / "m").exists()
    assert r.stderr.splitlines()[-1] == f"argmine: error: 3 of 4 records failed, more than half; nothing was {done}: {hint}"


def test_cli_evaluate_stop_hint_for_gold_tables_without_the_text_column_names_the_field_options(tmp_path):
    # evaluate counts a gold file it cannot use as a failed record: the hint follows why it could not be used
    one = tmp_path / "one.jsonl"
    one.write_text(GOOD_RECORD, "utf-8")
    for name in ("a.csv", "b.csv"):
        (tmp_path / name).write_text("body,themes,sentiment\n好,bloat,negative\n", "utf-8")
    r = CliRunner().invoke(main, ["evaluate", "--gold", str(one), "--gold", str(tmp_path / "a.csv"), "--gold", str(tmp_path / "b.csv"),
                                  "--model", "lexicon"])
    assert r.exit_code == 1
    assert r.stderr.splitlines()[-1] == f"argmine: error: 2 of 3 records failed, more than half; nothing was scored: {FIELDS_HINT}"


def _train_or_evaluate(command, tmp_path, *gold, evaluate_with=("--cv", "2", "--backend", "lexicon")):
    """``argmine train GOLD... --backend lexicon -o TMP/m`` or ``argmine evaluate --gold GOLD... EVALUATE_WITH``."""
    if command == "train":
        return CliRunner().invoke(main, ["train", *map(str, gold), "--backend", "lexicon", "-o", str(tmp_path / "m")])
    return CliRunner().invoke(main, ["evaluate", *(arg for g in gold for arg in ("--gold", str(g))), *evaluate_with])


@pytest.mark.parametrize("command", ["train", "evaluate"])
def test_cli_train_and_evaluate_stop_hint_names_the_field_options_once_when_labels_and_fields_failed(tmp_path, command):
    gold = tmp_path / "g.jsonl"
    money = json.dumps({"text": "好", "themes": ["money"], "sentiment": "neutral"}) + "\n"
    gold.write_text(GOOD_RECORD + money * 2 + (json.dumps({"body": "好", "themes": [], "sentiment": "neutral"}) + "\n") * 3, "utf-8")
    r = _train_or_evaluate(command, tmp_path, gold)
    assert r.exit_code == 1
    last = r.stderr.splitlines()[-1]
    labels = LABELS_HINT.replace("; also check that --text-field, --themes-field and --sentiment-field name the right fields", "")
    assert last.endswith(f": {FIELDS_HINT}; {_after_the_first(labels)}")
    assert last.count("--text-field") == 1


def test_cli_train_stop_hint_names_each_kind_that_failed_most_records_first(tmp_path):
    gold = tmp_path / "g.jsonl"
    gold.write_text(GOOD_RECORD * 2 + json.dumps({"body": "好", "themes": [], "sentiment": "neutral"}) + "\n" + "[1]\n" * 2, "utf-8")
    r = CliRunner().invoke(main, ["train", str(gold), "--backend", "lexicon", "-o", str(tmp_path / "m")])
    assert r.exit_code == 1
    assert r.stderr.splitlines()[-1].endswith(f"nothing was trained, nothing written to {tmp_path / 'm'}: {JSON_HINT}; {_after_the_first(FIELDS_HINT)}")


@pytest.mark.parametrize("command", ["train", "evaluate"])
def test_cli_train_and_evaluate_stop_line_for_mixed_failures_says_each_thing_once(tmp_path, command):
    gold = tmp_path / "g.jsonl"
    money = json.dumps({"text": "好", "themes": ["money"], "sentiment": "neutral"}) + "\n"
    body = json.dumps({"body": "好", "themes": [], "sentiment": "neutral"}) + "\n"
    gold.write_text(GOOD_RECORD * 4 + '{"text": \n' * 2 + money * 2 + body * 2 + "[1, 2]\n", "utf-8")
    r = _train_or_evaluate(command, tmp_path, gold)
    assert r.exit_code == 1
    last = r.stderr.splitlines()[-1]
    labels = LABELS_HINT.replace("; also check that --text-field, --themes-field and --sentiment-field name the right fields", "")
    # three lines are not JSON objects (one of them valid JSON): most records first, "the lines above" once
    assert last.endswith(f": {JSON_HINT}; {_after_the_first(labels)}; {_after_the_first(FIELDS_HINT)}")
    assert last.count("the lines above") == 1 and last.count("--text-field") == 1
    assert "not valid JSON" not in last  # [1, 2] is valid JSON, only not an object


@pytest.mark.parametrize("command", ["train", "evaluate"])
def test_cli_train_and_evaluate_unknown_sentiment_is_told_the_three_sentiments_not_another_schema_or_model(tmp_path, command):
    gold = tmp_path / "g.jsonl"
    gold.write_text(GOOD_RECORD + (json.dumps({"text": "好", "themes": [], "sentiment": "meh"}) + "\n") * 3, "utf-8")
    # evaluate: the gold is checked against the model's themes: still no model has other sentiments
    r = _train_or_evaluate(command, tmp_path, gold, evaluate_with=("--model", "lexicon"))
    assert r.exit_code == 1
    *records, last = r.stderr.splitlines()
    assert records == [f"argmine: error: {gold}: line {n}: unknown sentiment 'meh' in schema 'alipay_social'; expected one of: positive, "
                       "neutral, negative; write one of them: every schema has these three sentiments, so --schema cannot change them"
                       for n in (2, 3, 4)]
    assert last.endswith(f": {SENTIMENT_HINT}")
    assert "pass --schema" not in r.stderr and "--model DIR" not in r.stderr


@pytest.mark.parametrize("has, lacks", [("start", "end"), ("end", "start")])
@pytest.mark.parametrize("command", ["train", "evaluate"])
def test_cli_train_and_evaluate_gold_record_with_one_offset_is_told_to_fix_the_offsets_not_the_field_options(tmp_path, command,
                                                                                                           has, lacks):
    gold = tmp_path / "g.jsonl"
    half = json.dumps({"id": "d#1", "doc": "d", has: 0, "text": "好。", "themes": [], "sentiment": "neutral"}) + "\n"
    gold.write_text(GOOD_RECORD + half * 2, "utf-8")  # a plain record needs no offsets: only the one offset is wrong
    r = _train_or_evaluate(command, tmp_path, gold, evaluate_with=("--model", "lexicon"))
    assert r.exit_code == 1
    lines = r.stderr.splitlines()
    assert lines[0] == (f"argmine: error: {gold}: line 2: has {has} but no {lacks}; a record with offsets needs both start and end "
                        f"(one without offsets needs neither): add {lacks} or remove {has}")
    assert lines[-1].endswith(": the lines above say why")  # no --text-field advice: the fields it names are there


@pytest.mark.parametrize("command", ["train", "evaluate"])
def test_cli_train_and_evaluate_json_array_cut_short_is_one_line_for_the_file(tmp_path, command):
    good = tmp_path / "good.jsonl"
    good.write_text(GOOD_RECORD, "utf-8")
    rows = [{"text": f"隐私泄露很可怕{i}", "themes": ["privacy"], "sentiment": "negative"} for i in range(10)]
    cut = tmp_path / "cut.json"
    cut.write_text(json.dumps(rows, ensure_ascii=False, indent=1)[:-40], "utf-8")  # a download cut short: 10 records, 68 lines
    r = _train_or_evaluate(command, tmp_path, good, cut, evaluate_with=("--model", "lexicon"))
    assert r.exit_code == 1
    errors = [line for line in r.stderr.splitlines() if line.startswith("argmine: error:")]
    assert errors[0] == (f"argmine: error: {cut}: is not valid JSON (Unterminated string starting at line 68, column 4); "
                         "fix the file, or save the rows as JSON Lines (one object per line, .jsonl)")
    assert errors[1].startswith("argmine: error: 1 of 2 files could not be used") and len(errors) == 2


def test_load_examples_reads_jsonl_whose_first_line_is_broken_line_by_line(tmp_path):
    from argmine.train import load_examples

    gold = tmp_path / "g.jsonl"
    gold.write_text('{"text": "好\n' + GOOD_RECORD, "utf-8")  # JSON lines, not a document cut short: the bad line is named
    bad = []
    assert len(load_examples(gold, on_error=bad.append)) == 1
    assert [e.message.split(" (")[0] for e in bad] == ["line 1: not valid JSON"] and bad[0].message.endswith("; fix or remove that line")


@pytest.mark.parametrize("message, kind, hint", [
    ("line 2: the labeler wrote this in a hurry", "label", LABELS_HINT),  # no "unknown theme ... in schema": still a label failure
    ("line 2: unknown theme 'x' in schema 'alipay_social'", "", "the lines above say why"),  # worded as one, but not one
    ("line 2: has no 'text' field (fields: body); pass --text-field NAME (text_field= in Python)", "json", JSON_HINT),
])
def test_cli_train_stop_hint_follows_the_kind_the_error_carries_not_its_wording(tmp_path, monkeypatch, message, kind, hint):
    import importlib

    from argmine.errors import InputError

    module = importlib.import_module("argmine.train")  # the module: argmine.train is also the package's train()
    real = module.load_examples

    def load_examples(path, *, on_error, **kw):  # the file's one record, then three failures of the given kind
        for _ in range(3):
            on_error(InputError(str(path), message, kind=kind))
        return real(path, on_error=on_error, **kw)

    monkeypatch.setattr(module, "load_examples", load_examples)
    gold = tmp_path / "g.jsonl"
    gold.write_text(GOOD_RECORD, "utf-8")
    r = CliRunner().invoke(main, ["train", str(gold), "--backend", "lexicon", "-o", str(tmp_path / "m")])
    assert r.exit_code == 1 and not (tmp_path / "m").exists()
    assert r.stderr.splitlines()[-1] == (
        f"argmine: error: 3 of 4 records failed, more than half; nothing was trained, nothing written to {tmp_path / 'm'}: {hint}")


def test_cli_train_summary_escapes_control_characters_in_the_model_path(tmp_path):
    gold = tmp_path / "g.jsonl"
    gold.write_text(GOOD_RECORD, "utf-8")
    out = tmp_path / "m\x1b[2J\nx"
    r = CliRunner().invoke(main, ["train", str(gold), "--backend", "lexicon", "-o", str(out)])
    assert r.exit_code == 0, r.output
    shown = str(out).replace("\x1b", "\\x1b").replace("\n", "\\n")
    assert r.stderr.splitlines() == [f"argmine: the lexicon learns nothing from labels: checked those of 1 unit, saved the schema and --param settings (--backend linear trains on them) -> {shown}"]  # one unit, not "1 units"


@pytest.mark.parametrize("out", ["plainfile", "/dev/null"])
def test_train_output_that_is_a_file_is_one_line_like_export(tmp_path, monkeypatch, out):
    # click said "Directory 'plainfile' is a file." (two lines); /dev/null slipped past it to mkdir: "File exists", exit 1
    monkeypatch.chdir(tmp_path)
    (tmp_path / "plainfile").write_text("keep", "utf-8")
    (tmp_path / "g.jsonl").write_text('{"text": "财不外露。", "themes": ["privacy"], "sentiment": "negative"}\n', "utf-8")
    r = CliRunner().invoke(main, ["train", "g.jsonl", "-o", out, "--backend", "lexicon"])
    assert r.exit_code == 2
    assert r.output == f"argmine: error: {out}: cannot write output (it is a file); pass a folder\n"
    assert (tmp_path / "plainfile").read_text("utf-8") == "keep"


BIG5_SHEET = "評,themes,sentiment\n爛,bloat,negative\n棒,bloat,negative\n假,bloat,negative\n"


@pytest.mark.parametrize("command", [["train", "DATA", "--backend", "lexicon", "-o", "M"],
                                     ["train", "OK", "--extra", "DATA", "--backend", "lexicon", "-o", "M"],
                                     ["evaluate", "--gold", "DATA", "--model", "lexicon", "--format", "json"],
                                     ["evaluate", "--gold", "OK", "--extra", "DATA", "--cv", "2", "--backend", "lexicon", "--format", "json"]])
def test_cli_train_and_evaluate_encoding_forces_the_encoding_of_data_extra_and_gold(tmp_path, command):
    # a short Big5 sheet reads as GB18030 (its header 評 as 蝶, 爛 棒 假 as 年 次 安): --encoding big5 reads it, as in the reading commands
    data = tmp_path / "b5.csv"
    data.write_bytes(BIG5_SHEET.encode("big5"))
    ok = tmp_path / "ok.csv"  # --encoding is for every file of the command: a Big5 sheet too
    ok.write_bytes("評,themes,sentiment\n功能太多了。,bloat,negative\n財不外露。,privacy,negative\n紅包很方便。,pro_social,positive\n"
                   "今天下雪。,other,neutral\n".encode("big5"))
    args = [{"DATA": data, "OK": ok, "M": tmp_path / "m"}.get(a, a) for a in command] + ["--text-field", "評"]
    r = CliRunner().invoke(main, [str(a) for a in args])
    assert r.exit_code != 0 and "has no '評' column" in r.stderr
    r = CliRunner().invoke(main, [str(a) for a in args] + ["--encoding", "big5"])
    assert r.exit_code == 0, r.output
    assert "error" not in r.stderr and "column" not in r.stderr


def test_load_examples_encoding_forces_the_files_encoding(tmp_path):
    from argmine.train import load_examples

    p = tmp_path / "b5.csv"
    p.write_bytes(BIG5_SHEET.replace("評", "text").encode("big5"))
    assert [e.text for e in load_examples(p)] != ["爛", "棒", "假"]  # detected as GB18030: what the option is for
    assert [e.text for e in load_examples(p, encoding="big5")] == ["爛", "棒", "假"]


def test_cli_train_summary_counts_labellings_of_units_when_a_unit_is_labelled_twice(tmp_path):
    rec = {"id": "a#1", "doc": "a", "start": 0, "end": 5, "text": "功能太多了", "kind": "comment", "themes": ["bloat"],
           "sentiment": "negative"}
    other = {**rec, "id": "a#2", "start": 6, "end": 10, "text": "财不外露", "themes": ["privacy"]}
    gold = tmp_path / "g.jsonl"
    gold.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in (rec, other)), "utf-8")
    r = CliRunner().invoke(main, ["train", str(gold), "--backend", "lexicon", "-o", str(tmp_path / "m1")])
    assert r.exit_code == 0 and r.stderr.splitlines()[-1] == f"argmine: the lexicon learns nothing from labels: checked those of 2 units, saved the schema and --param settings (--backend linear trains on them) -> {tmp_path / 'm1'}"
    # a second labeler labelled a#1 otherwise: each labelling trains, and the line says so (3 labellings, not 3 units)
    second = tmp_path / "g2.jsonl"
    second.write_text(json.dumps({**rec, "sentiment": "neutral", "annotator": "bob"}, ensure_ascii=False) + "\n", "utf-8")
    r = CliRunner().invoke(main, ["train", str(gold), str(second), "--backend", "lexicon", "-o", str(tmp_path / "m2")])
    assert r.exit_code == 0, r.output
    assert r.stderr.splitlines()[-1] == f"argmine: the lexicon learns nothing from labels: checked those of 3 labellings of 2 units, saved the schema and --param settings (--backend linear trains on them) -> {tmp_path / 'm2'}"


# --- gold of another schema: theme-less records pass, the rest fail on themes the schema lacks ------------------

FOOD_TOML = """
[schema]
id = "food"
version = "1"
target = "外卖"

[[themes]]
id = "taste"
cues = ["好吃", "难吃", "味道"]

[[themes]]
id = "delivery"
cues = ["送餐", "慢"]
"""


def _themed(text, themes, sentiment="neutral"):
    return json.dumps({"text": text, "themes": themes, "sentiment": sentiment}, ensure_ascii=False) + "\n"


@pytest.mark.parametrize("mode", ["model", "cv"])
def test_cli_evaluate_refuses_gold_of_another_schema_whose_kept_records_are_all_other(tmp_path, mode):
    schema = tmp_path / "food.toml"
    schema.write_text(FOOD_TOML, "utf-8")
    gold = tmp_path / "g.jsonl"  # Alipay gold: one of three records fails (privacy), the two left have no theme at all
    gold.write_text(_themed("财不外露。", ["privacy"], "negative") + _themed("今天下雪。", []) + _themed("明天开会。", []), "utf-8")
    how = ["--model", "lexicon"] if mode == "model" else ["--cv", "2", "--backend", "lexicon"]
    r = CliRunner().invoke(main, ["evaluate", "--gold", str(gold), *how, "--schema", str(schema)])
    assert r.exit_code == 1 and r.stdout == ""  # no table of 'other' alone
    fix = (f"the gold was checked against the themes the model predicts ({schema}); pass --model DIR (a model trained for the "
           "gold's schema), or --cv K --schema FILE") if mode == "model" else f"check that the labels are those of {schema}"
    assert r.stderr.splitlines()[-1] == (
        "argmine: error: 1 of 3 records failed on themes that schema 'food' lacks, and none of the other 2 has one of its themes: "
        f"the records seem to belong to another schema; nothing was scored: the lines above say why; {fix}; also check that "
        "--text-field, --themes-field and --sentiment-field name the right fields")


def test_cli_evaluate_scores_the_rest_when_a_kept_record_has_a_theme_of_the_schema(tmp_path):
    schema = tmp_path / "food.toml"
    schema.write_text(FOOD_TOML, "utf-8")
    gold = tmp_path / "g.jsonl"
    gold.write_text(_themed("财不外露。", ["privacy"], "negative") + _themed("今天下雪。", []) + _themed("很好吃。", ["taste"], "positive"),
                    "utf-8")
    r = CliRunner().invoke(main, ["evaluate", "--gold", str(gold), "--model", "lexicon", "--schema", str(schema)])
    assert r.exit_code == 1 and r.stdout.startswith("Evaluation on 2 units")
    assert r.stderr.splitlines()[-1] == "argmine: error: 1 record was skipped (listed above); scored the rest"


# --- Label Studio's CSV export is not a labelled table ----------------------------------------------------------

LS_CSV = ("annotation_id,annotator,created_at,id,lead_time,sentiment,text,themes,updated_at\n"
          "1,2,2024-05-01,5001,3.2,negative,财不外露。,privacy,2024-05-01\n"
          "2,2,2024-05-01,5002,1.0,positive,红包很方便。,pro_social,2024-05-01\n")


@pytest.mark.parametrize("suffix", [".csv", ".tsv"])
@pytest.mark.parametrize("command", ["train", "evaluate"])
def test_cli_train_and_evaluate_refuse_a_label_studio_csv_export_as_import_does(tmp_path, command, suffix):
    export = tmp_path / f"project{suffix}"
    export.write_text(LS_CSV if suffix == ".csv" else LS_CSV.replace(",", "\t"), "utf-8")
    r = _train_or_evaluate(command, tmp_path, export, evaluate_with=("--model", "lexicon"))
    assert r.exit_code == 1 and not (tmp_path / "m").exists()
    assert r.stderr.splitlines()[0] == (
        f"argmine: error: {export}: looks like Label Studio's CSV export (columns annotation_id, annotator, created_at, id, "
        "lead_time, …), not a labelled table (its 'id' is a Label Studio task's, its rows are annotations, not units); export it "
        "again from Label Studio with export type JSON (not CSV), then convert it: argmine import FILE --format label-studio -o gold.jsonl")


def test_cli_evaluate_cv_more_folds_than_records_without_documents_speaks_of_records(tmp_path):
    gold = tmp_path / "g.jsonl"
    gold.write_text("".join(json.dumps({"id": f"u{i}", "text": t, "themes": [], "sentiment": "neutral"}, ensure_ascii=False) + "\n"
                            for i, t in enumerate(["今天下雪。", "明天开会。", "后天放假。"])), "utf-8")
    r = CliRunner().invoke(main, ["evaluate", "--gold", str(gold), "--cv", "4", "--group-by", "doc", "--backend", "lexicon"])
    assert r.exit_code == 2
    assert r.stderr.splitlines() == ["argmine: error: cannot make 4 folds grouped by record: the data has only 3 records (no document: "
                                     "each record is its own group); use --cv 3"]


# --- every record failing, a table without a label column, names in Traditional characters ----------------------


@pytest.mark.parametrize("command", ["train", "evaluate", "evaluate --cv"])
def test_cli_train_and_evaluate_every_record_failing_gives_the_count_and_what_to_fix(tmp_path, command):
    gold = tmp_path / "g.csv"
    gold.write_text("text,themes,sentiment\n财不外露。,privacy,-1\n红包很方便。,pro_social,1\n今天下雪。,,0\n", "utf-8")
    if command == "train":
        r = CliRunner().invoke(main, ["train", str(gold), "--backend", "lexicon", "-o", str(tmp_path / "m")])
        done = f"trained, nothing written to {tmp_path / 'm'}"
    else:
        mode = ["--cv", "2", "--backend", "lexicon"] if command.endswith("--cv") else ["--model", "lexicon"]
        r = CliRunner().invoke(main, ["evaluate", "--gold", str(gold), *mode])
        done = "scored"
    assert r.exit_code == 1 and not (tmp_path / "m").exists()
    assert r.stderr.splitlines()[-1] == f"argmine: error: 3 of 3 records failed; nothing was {done}: {SENTIMENT_HINT}"


def test_cli_train_table_without_the_sentiment_column_is_told_of_sentiment_field_none(tmp_path):
    table = tmp_path / "t.csv"
    table.write_text("id,text,themes\n1,财不外露。,privacy\n", "utf-8")
    r = CliRunner().invoke(main, ["train", str(table), "--backend", "lexicon", "-o", str(tmp_path / "m")])
    assert r.exit_code == 1
    assert r.stderr.splitlines()[0] == (
        f"argmine: error: {table}: has no 'sentiment' column (columns: id, text, themes); pass --sentiment-field NAME "
        "(sentiment_field= in Python), or --sentiment-field none if the data has no sentiment labels "
        "(sentiment_field=None in Python; themes only)")
    jsonl = tmp_path / "t.jsonl"
    jsonl.write_text('{"text": "财不外露。", "sentiment": "negative"}\n', "utf-8")
    r = CliRunner().invoke(main, ["train", str(jsonl), "--backend", "lexicon", "-o", str(tmp_path / "m")])
    assert r.stderr.splitlines()[0].endswith(
        "pass --themes-field NAME (themes_field= in Python), or --themes-field none if the data has no theme labels "
        "(themes_field=None in Python; sentiment only)")


def test_cli_train_one_column_per_theme_is_told_how_to_join_them(tmp_path):
    sheet = tmp_path / "onehot.csv"
    sheet.write_text("text,privacy,bloat,sentiment\n财不外露。,1,0,negative\n功能太多了。,0,1,negative\n", "utf-8")
    join = ("one 0/1 column per theme is not read, join them into one themes column of the ids marked 1 "
            "(privacy;bloat; see docs/classify.md)")
    r = CliRunner().invoke(main, ["train", str(sheet), "--backend", "lexicon", "-o", str(tmp_path / "m")])
    assert r.exit_code == 1 and r.stderr.splitlines()[0] == (
        f"argmine: error: {sheet}: has no 'themes' column (columns: text, privacy, bloat, sentiment); pass --themes-field NAME "
        f"(themes_field= in Python); 'privacy', 'bloat' are themes of the schema: {join}")
    r = CliRunner().invoke(main, ["train", str(sheet), "--themes-field", "privacy", "--backend", "lexicon", "-o", str(tmp_path / "m")])
    assert r.stderr.splitlines()[0].startswith(f"argmine: error: {sheet}: row 1 (line 2): unknown theme '1' in schema 'alipay_social'")
    assert r.stderr.splitlines()[0].endswith(f"; 'privacy' is a theme of the schema: {join}")


@pytest.mark.parametrize("column, label, hint", [
    ("themes", "隱私與安全擔憂", "'隱私與安全擔憂' stands for theme 'privacy': write its id"),
    ("sentiment", "負面", "'負面' stands for sentiment 'negative': write its id"),
])
def test_cli_train_a_label_written_in_traditional_characters_is_told_the_id_it_stands_for(tmp_path, column, label, hint):
    row = {"text": "财不外露。", "themes": "privacy", "sentiment": "negative", column: label}
    table = tmp_path / "t.csv"
    table.write_text("text,themes,sentiment\n" + ",".join(row.values()) + "\n", "utf-8")
    r = CliRunner().invoke(main, ["train", str(table), "--backend", "lexicon", "-o", str(tmp_path / "m")])
    assert r.exit_code == 1 and hint in r.stderr.splitlines()[0]


def test_cli_train_help_examples_write_the_model_to_a_folder_of_ones_own():
    r = CliRunner().invoke(main, ["train", "--help"])
    examples = r.output.split("Examples:")[1].split("Options:")[0]
    assert "argmine train gold.jsonl -o my_model" in examples
    assert "argmine/models" not in r.output  # a pip user's package is no place to write a model
