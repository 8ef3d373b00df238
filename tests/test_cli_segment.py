import json

import pytest
from click.testing import CliRunner

from argmine.cli import main

from .conftest import failing_reads, out_of_memory_reading, refuse_reading


def run(*args, input=None):
    return CliRunner().invoke(main, list(map(str, args)), input=input, catch_exceptions=False)


@pytest.mark.parametrize("command", [["segment"], ["classify", "--model", "lexicon"], ["analyze", "--model", "lexicon"],
                                     ["report", "--model", "lexicon", "-o", "-"], ["export", "--format", "csv", "-o", "-"]])
def test_dash_given_twice_to_a_command_reading_documents_is_the_usage_error_train_gives(command):
    r = run(*command, "-", "-", "-q", input="支付宝不该做社交。\n")
    assert r.exit_code == 2, r.output  # not "-: file is empty" for the second '-', exit 1
    assert r.stderr.splitlines()[-1] == "Error: '-' (standard input) is given more than once; it can be read only once: pass the other data as files"
    assert r.stdout == ""


@pytest.mark.parametrize("command", [["segment"], ["analyze", "--model", "lexicon"], ["report", "--model", "lexicon"]])
def test_output_naming_an_open_file_appends_to_it_as_the_shells_append_asks(tmp_path, command):
    (tmp_path / "a.txt").write_text("支付宝不该做社交。\n", encoding="utf-8")
    log = tmp_path / "app.log"
    log.write_text("PREVIOUS LINE\n", encoding="utf-8")
    with open(log, "a", encoding="utf-8") as appended:  # what `-o /dev/stdout >> app.log` hands the command
        r = run(*command, tmp_path / "a.txt", "-o", f"/dev/fd/{appended.fileno()}", "-q")
    assert r.exit_code == 0, r.output
    text = log.read_text("utf-8")
    assert text.startswith("PREVIOUS LINE\n") and len(text) > len("PREVIOUS LINE\n")  # reopened with "w", the log was wiped


def test_output_naming_standard_output_shares_its_position_so_later_lines_do_not_overwrite_it(tmp_path):
    """`-o /dev/stdout > log 2>&1`: the output and the summary line after it both stay (a reopened path has a position of its own)."""
    import subprocess
    import sys

    (tmp_path / "a.txt").write_text("支付宝不该做社交。\n来往已死。\n", encoding="utf-8")
    with open(tmp_path / "log", "w", encoding="utf-8") as log:
        subprocess.run([sys.executable, "-c", "from argmine.cli import main; main()", "segment", str(tmp_path / "a.txt"),
                        "-o", "/dev/stdout"], stdout=log, stderr=subprocess.STDOUT, check=True)
    lines = (tmp_path / "log").read_text("utf-8").splitlines()
    assert [json.loads(line)["id"] for line in lines[:2]] == ["a#1", "a#2"] and lines[2].startswith("argmine: 1 document, 2 units")


def test_standard_input_named_twice_in_any_spelling_is_a_usage_error(tmp_path):
    (tmp_path / "a.txt").write_text("支付宝不该做社交。\n", encoding="utf-8")
    r = run("segment", "-", "/dev/stdin", input="好。")
    assert r.exit_code == 2 and "given more than once" in r.stderr


def test_segment_jsonl_rows_have_exactly_the_documented_fields(corpus_dir):
    r = run("segment", corpus_dir, "-q")
    assert r.exit_code == 0
    rows = [json.loads(line) for line in r.stdout.splitlines()]
    assert len(rows) > 300
    assert set(rows[0]) == {"id", "doc", "start", "end", "text", "kind"}


def test_segment_table_fits_80_columns(corpus_dir):
    r = run("segment", corpus_dir / "001_faf62b3238bc40fb.txt", "--format", "table", "-q")
    from rich.cells import cell_len

    assert max(cell_len(line) for line in r.stdout.splitlines()) <= 80


def test_segment_csv_and_metadata(tmp_path):
    p = tmp_path / "c.jsonl"
    p.write_text(json.dumps({"id": "c1", "text": "好。坏。", "user": "u"}, ensure_ascii=False) + "\n", encoding="utf-8")
    r = run("segment", p, "-q")
    rows = [json.loads(line) for line in r.stdout.splitlines()]
    assert rows[0]["meta"] == {"id": "c1", "user": "u"} and rows[1]["id"] == "c1#2"
    r = run("segment", p, "--format", "csv", "-q")
    assert r.stdout.splitlines()[0] == "id,doc,start,end,text,kind,meta"


def test_segment_and_classify_csv_carry_row_metadata_as_strict_json(tmp_path):
    import csv
    import io

    p = tmp_path / "c.jsonl"
    p.write_text(json.dumps({"id": "c1", "text": "好。", "user": {"name": "张三"}, "likes": float("nan")}, ensure_ascii=False) + "\n"
                 + json.dumps({"text": "坏。"}, ensure_ascii=False) + "\n", encoding="utf-8")
    for args, last in ((["segment"], "meta"), (["segment", "--tokens"], "tokens"), (["classify", "--model", "lexicon"], "meta")):
        r = run(*args, p, "--format", "csv", "-q")
        rows = list(csv.DictReader(io.StringIO(r.stdout)))
        assert list(rows[0])[-1] == last
        # strict JSON, keys sorted and "{}" for none, as Analysis.to_pandas() writes its meta column
        assert [row["meta"] for row in rows] == ['{"id": "c1", "likes": null, "user": {"name": "张三"}}', '{}']
    import argmine

    assert argmine.analyze([p], model="lexicon").columns()["meta"] == [row["meta"] for row in rows]


def test_segment_stdin():
    r = run("segment", "-", "-q", input="第一句。第二句。".encode("gb18030"))
    assert [json.loads(line)["text"] for line in r.stdout.splitlines()] == ["第一句。", "第二句。"]


def test_bad_inputs_each_get_one_line_and_the_rest_is_written(tmp_path):
    good = tmp_path / "good.txt"
    good.write_text("好的一句。", encoding="utf-8")
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "image.txt").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(64))
    (tmp_path / "garbage.txt").write_bytes(bytes(range(128, 256)) * 10)
    (tmp_path / "rows.jsonl").write_text('{"id": "r1", "text": "行一。"}\n{broken\n{"id": "r3", "text": "行三。"}\n', encoding="utf-8")
    out = tmp_path / "units.jsonl"
    r = run("segment", good, tmp_path / "empty.txt", tmp_path / "image.txt", tmp_path / "garbage.txt", tmp_path / "rows.jsonl", tmp_path / "missing.txt", "-o", out, "-q")
    assert r.exit_code == 1
    errors = [line for line in r.stderr.splitlines() if line.startswith("argmine: error:")]
    assert len(errors) == 6  # five bad inputs + the summary line
    assert "empty.txt: file is empty" in r.stderr
    assert "image.txt: looks like binary data (PNG image)" in r.stderr
    assert "garbage.txt: cannot be decoded" in r.stderr
    assert "rows.jsonl: line 2: not valid JSON" in r.stderr
    assert "missing.txt: no such file or directory" in r.stderr
    assert "Traceback" not in r.stderr
    texts = [json.loads(line)["text"] for line in out.read_text("utf-8").splitlines()]
    assert texts == ["好的一句。", "行一。", "行三。"]


def test_strict_stops_at_first_bad_input(tmp_path):
    (tmp_path / "a.txt").write_bytes(b"")
    (tmp_path / "b.txt").write_text("好。", encoding="utf-8")
    r = run("segment", tmp_path / "a.txt", tmp_path / "b.txt", "--strict", "-q")
    assert r.exit_code == 1 and r.stdout == ""
    assert "stopping because of --strict" in r.stderr


def test_usage_errors_exit_2():
    assert run("segment").exit_code == 2
    assert run("segment", "x.txt", "--format", "xml").exit_code == 2
    r = run("segment", "x.txt", "--encoding", "klingon")
    assert r.exit_code == 2 and "unknown encoding 'klingon'" in r.stderr


def test_explain_lists_dropped_spans_with_reasons(corpus_dir):
    r = run("segment", corpus_dir, "--explain", "-o", "/dev/null")
    assert "[form_field] registration, login or comment form field: '用户名*'" in r.stderr
    assert "[duplicate] repeats the block at offset" in r.stderr


def test_explain_header_counts_units_in_words(tmp_path):
    (tmp_path / "one.txt").write_text("支付宝不该做社交。\n", encoding="utf-8")
    assert ": 1 unit, 0 dropped" in run("segment", tmp_path / "one.txt", "--explain", "-o", "/dev/null").stderr


def test_terminal_escape_sequences_in_text_and_ids_are_shown_escaped_in_table_and_explain(tmp_path):
    p = tmp_path / "ansi.jsonl"
    p.write_text(json.dumps({"id": "q\x1b]0;TITLE\x07", "text": "社交\x1b[2J隐私\x9b0m。"}) + "\n", encoding="utf-8")
    table = run("segment", p, "--format", "table", "-q").stdout
    assert "\\x1b]0;TITLE\\x07#1" in table and "社交\\x1b[2J隐私\\x9b0m。" in table
    assert not any(c in table for c in "\x1b\x07\x9b")
    explain = run("segment", p, "--explain", "-o", "/dev/null").stderr
    assert "# q\\x1b]0;TITLE\\x07 (" in explain and "\x1b" not in explain
    # data output keeps the text exactly
    row = json.loads(run("segment", p, "-q").stdout.splitlines()[0])
    assert row["text"] == "社交\x1b[2J隐私\x9b0m。" and row["doc"] == "q\x1b]0;TITLE\x07"


@pytest.mark.parametrize("command", [["segment"], ["classify", "--model", "lexicon"]])
def test_table_shows_brackets_and_emoji_codes_in_text_and_ids_literally(tmp_path, command):
    """Weibo's `[doge]`, a `[/]` or `:thumbs_up:` is text: rich markup would crash on `[/]` and swallow the rest."""
    p = tmp_path / "w.jsonl"
    texts = ["这个[/]是什么。", "太好笑了[doge]我服了。", "[bold]x[/bold]:thumbs_up:。"]  # one short sentence a row
    rows = [{"id": "[b]w[/b]" if i == 0 else f"w{i}", "text": t} for i, t in enumerate(texts)]
    p.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    r = run(*command, p, "--format", "table", "-q")
    assert r.exit_code == 0, r.output
    for shown in ["[b]w[/b]#1", *texts]:
        assert shown in r.stdout


def test_jsonl_writes_nan_and_infinity_from_the_input_as_null(tmp_path):
    p = tmp_path / "c.jsonl"
    p.write_text('{"id": "c1", "text": "好。", "likes": NaN, "n": [1e400, -Infinity]}\n', encoding="utf-8")

    def refuse(constant):
        raise ValueError(f"not JSON: {constant}")

    r = run("segment", p, "-q")
    assert json.loads(r.stdout, parse_constant=refuse)["meta"] == {"id": "c1", "likes": None, "n": [None, None]}
    r = run("classify", p, "--model", "lexicon", "-q", "--format", "jsonl")
    assert json.loads(r.stdout, parse_constant=refuse)["meta"]["likes"] is None


# --- outputs, unreadable inputs, progress (QA round 7, qa7_scale) -----------------------------

import os  # noqa: E402
import subprocess  # noqa: E402
import sys  # noqa: E402
from pathlib import Path  # noqa: E402


ARGMINE = str(Path(sys.executable).with_name("argmine"))


def bad_then_good(tmp_path):
    p = tmp_path / "rows.jsonl"
    p.write_text('{"id": "r1", "text": "行一。"}\n{broken\n{"id": "r3", "text": "行三。"}\n', encoding="utf-8")
    return p


def test_strict_stop_leaves_the_previous_output_untouched_and_no_partial_file(tmp_path):
    out = tmp_path / "units.jsonl"
    out.write_text("previous\n", encoding="utf-8")
    r = run("segment", bad_then_good(tmp_path), "--strict", "-o", out, "-q")
    assert r.exit_code == 1
    assert out.read_text("utf-8") == "previous\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["rows.jsonl", "units.jsonl"]


def test_interrupt_leaves_the_previous_output_untouched(tmp_path, monkeypatch):
    import importlib

    segment = importlib.import_module("argmine.segment")  # the module; argmine.segment is also a function
    real = segment.iter_segmented

    def interrupted(*args, **kwargs):
        for i, seg in enumerate(real(*args, **kwargs)):
            if i == 1:
                raise KeyboardInterrupt
            yield seg

    monkeypatch.setattr(segment, "iter_segmented", interrupted)
    (tmp_path / "a.txt").write_text("一。", encoding="utf-8")
    (tmp_path / "b.txt").write_text("二。", encoding="utf-8")
    out = tmp_path / "out" / "units.jsonl"
    out.parent.mkdir()
    out.write_text("previous\n", encoding="utf-8")
    out.chmod(0o640)
    r = run("segment", tmp_path / "a.txt", tmp_path / "b.txt", "-o", out, "-q")
    assert r.exit_code == 130 and r.stderr == "argmine: error: interrupted\n"
    assert out.read_text("utf-8") == "previous\n" and os.listdir(out.parent) == ["units.jsonl"]
    monkeypatch.setattr(segment, "iter_segmented", real)
    assert run("segment", tmp_path / "a.txt", "-o", out, "-q").exit_code == 0
    assert json.loads(out.read_text("utf-8"))["text"] == "一。"
    assert out.stat().st_mode & 0o777 == 0o640  # the new file keeps the old one's permissions


@pytest.mark.parametrize("command", ["segment", "classify", "analyze"])
def test_output_that_is_an_input_is_refused_before_it_is_read(tmp_path, command):
    page = tmp_path / "page.txt"
    page.write_text("支付宝不该做社交。\n", encoding="utf-8")
    same = f"{tmp_path}/../{tmp_path.name}/page.txt"  # another spelling of the same file
    r = run(command, page, *(["--model", "lexicon"] if command != "segment" else []), "-o", same)
    assert r.exit_code == 2
    assert r.stderr.splitlines()[-1] == f"Error: -o {same} is also an input ({page}); writing it would destroy the input: pick another output file"
    assert page.read_text("utf-8") == "支付宝不该做社交。\n"


def test_missing_output_folder_is_created(tmp_path):
    (tmp_path / "a.txt").write_text("一。", encoding="utf-8")
    out = tmp_path / "new" / "dir" / "units.jsonl"
    r = run("segment", tmp_path / "a.txt", "-o", out, "-q")
    assert r.exit_code == 0 and json.loads(out.read_text("utf-8"))["text"] == "一。"


def test_output_into_a_file_as_folder_is_one_line(tmp_path):
    (tmp_path / "a.txt").write_text("一。", encoding="utf-8")
    for out in (tmp_path / "a.txt" / "units.jsonl", tmp_path / "a.txt" / "new" / "units.jsonl"):  # worded as export's and evaluate's
        r = run("segment", tmp_path / "a.txt", "-o", out, "-q")
        assert r.exit_code == 1
        assert r.stderr == (f"argmine: error: {out}: cannot write output ({tmp_path / 'a.txt'} is a file, not a folder); "
                            "check the directory exists and is writable\n")


def test_unreadable_file_named_on_the_command_line_is_a_bad_input_not_a_usage_error(tmp_path, monkeypatch):
    locked, ok = tmp_path / "locked.txt", tmp_path / "ok.txt"
    locked.write_text("锁。", encoding="utf-8")
    ok.write_text("好。", encoding="utf-8")
    access = os.access
    # chmod 000 means nothing to root: the refusal is simulated where click and the reader ask
    monkeypatch.setattr(os, "access", lambda p, mode, **kw: False if Path(p) == locked else access(p, mode, **kw))
    failing_reads(monkeypatch, locked, PermissionError(13, "Permission denied", str(locked)))
    r = run("segment", locked, ok, "-q")
    assert r.exit_code == 1
    assert json.loads(r.stdout)["text"] == "好。"
    assert r.stderr.splitlines() == [
        f"argmine: error: {locked}: permission denied; check the file's permissions",
        "argmine: error: 1 input failed; the other inputs were processed",
    ]


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() == 0, reason="root reads a chmod 000 file")
def test_chmod_000_file_named_on_the_command_line_is_a_bad_input(tmp_path):
    locked, ok = tmp_path / "locked.txt", tmp_path / "ok.txt"
    locked.write_text("锁。", encoding="utf-8")
    ok.write_text("好。", encoding="utf-8")
    locked.chmod(0)
    r = run("segment", locked, ok, "-q")
    assert r.exit_code == 1 and json.loads(r.stdout)["text"] == "好。"


def argmine_process(*args, **kwargs):
    return subprocess.run([ARGMINE, *map(str, args)], stderr=subprocess.PIPE, text=True, timeout=120, **kwargs)


@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="needs /dev/full")
@pytest.mark.parametrize("command", ["segment", "analyze"])
def test_a_full_disk_is_one_line_naming_the_output(tmp_path, command):
    (tmp_path / "a.txt").write_text("支付宝不该做社交。" * 2000, encoding="utf-8")
    model = ["--model", "lexicon"] if command == "analyze" else []
    with open("/dev/full", "w") as full:
        r = argmine_process(command, tmp_path / "a.txt", *model, "-q", stdout=full)
    assert r.returncode == 1
    full = "the disk is full: free some space on it, or write to another disk"
    assert r.stderr == f"argmine: error: standard output: cannot write output (No space left on device); {full}; the output is incomplete\n"
    r = argmine_process(command, tmp_path / "a.txt", *model, "-q", "-o", "/dev/full")
    assert r.returncode == 1
    assert r.stderr == f"argmine: error: /dev/full: cannot write output (No space left on device); {full}; the output is incomplete\n"


@pytest.mark.parametrize("stage", ["write", "close"])
def test_a_disk_that_fills_while_the_output_is_written_says_the_disk_is_full(tmp_path, monkeypatch, stage):
    import errno
    from contextlib import contextmanager

    import argmine._files

    replacing = argmine._files.replacing

    @contextmanager
    def filling(path, **kwargs):  # the temporary file opens, then a write (or closing it) finds the disk full
        with replacing(path, **kwargs) as fh:
            if stage == "write":
                def write(text):
                    raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

                fh.write = write
            yield fh
            if stage == "close":
                raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(argmine._files, "replacing", filling)
    (tmp_path / "a.txt").write_text("支付宝不该做社交。", encoding="utf-8")
    out = tmp_path / "out.jsonl"
    out.write_text("old\n", encoding="utf-8")
    r = run("segment", tmp_path / "a.txt", "-q", "-o", out)
    assert r.exit_code == 1
    assert r.stderr == (f"argmine: error: {out}: cannot write output (No space left on device); "
                        "the disk is full: free some space on it, or write to another disk; the previous file is left as it was\n")
    assert out.read_text("utf-8") == "old\n"


def test_closed_standard_output_is_one_line(tmp_path):
    (tmp_path / "a.txt").write_text("一。", encoding="utf-8")
    r = argmine_process("segment", tmp_path / "a.txt", "-q", stdout=subprocess.DEVNULL, preexec_fn=lambda: os.close(1))
    assert r.returncode == 1
    assert r.stderr == "argmine: error: standard output: cannot write output (it is closed); pass -o FILE\n"


def test_a_closed_pipe_after_bad_inputs_still_exits_1(tmp_path):
    p = tmp_path / "rows.jsonl"
    p.write_text('{broken\n{"id": "r2", "text": "行二。"}\n', encoding="utf-8")  # reported before anything is written
    proc = subprocess.Popen([ARGMINE, "segment", str(p), "-q"], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    proc.stdout.close()  # the reader is gone before anything is written (| head -c 0)
    err = proc.stderr.read()
    assert proc.wait(timeout=120) == 1
    assert "Traceback" not in err and "Exception ignored" not in err
    assert err.splitlines()[-1] == "argmine: error: 1 input failed; the output was closed before the end"


def test_a_closed_pipe_without_bad_inputs_exits_0(tmp_path):
    (tmp_path / "a.txt").write_text("一。", encoding="utf-8")
    proc = subprocess.Popen([ARGMINE, "segment", str(tmp_path / "a.txt"), "-q"], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    proc.stdout.close()
    assert proc.wait(timeout=120) == 0 and proc.stderr.read() == ""


@pytest.mark.parametrize("command", ["segment", "classify"])
def test_a_table_into_a_closed_pipe_stops_as_jsonl_does(tmp_path, command):
    # rich, given the stream, would end a closed pipe itself: exit 1, and no line about the inputs that failed
    (tmp_path / "a.txt").write_text("一。", encoding="utf-8")
    (tmp_path / "empty.txt").write_text("", encoding="utf-8")
    model = ["--model", "lexicon"] if command == "classify" else []
    for first, code in [([], 0), ([str(tmp_path / "empty.txt")], 1)]:
        proc = subprocess.Popen([ARGMINE, command, *first, str(tmp_path / "a.txt"), *model, "--format", "table", "-q"],
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        proc.stdout.close()  # the reader is gone before the table is written (| head -n 0)
        err = proc.stderr.read()
        assert proc.wait(timeout=120) == code, err
        assert "Traceback" not in err and "Exception ignored" not in err
        if code:
            assert err.splitlines()[-1] == "argmine: error: 1 input failed; the output was closed before the end"
        else:
            assert err == ""


def test_summaries_count_documents_that_cleaning_dropped_whole(tmp_path):
    p = tmp_path / "rows.jsonl"
    p.write_text('{"text": "隐私会泄露，我反对。"}\n{"text": "随机推荐"}\n', encoding="utf-8")
    note = "; 1 document left no unit (all its text was dropped by cleaning; see segment --explain)"
    assert run("segment", p, "-o", tmp_path / "s.jsonl").stderr == f"argmine: 2 documents, 1 unit, 1 span dropped{note}\n"
    # classify counts the documents read, as segment and analyze do; export those its units come from, the note the rest: 1 + 1 of the 2 read
    r = run("classify", p, "--model", "lexicon", "-o", tmp_path / "c.jsonl")
    assert r.stderr == f"argmine: 2 documents, 1 unit classified with the lexicon backend{note}\n"
    r = run("analyze", p, "--model", "lexicon", "--format", "json", "-o", tmp_path / "a.json")
    assert r.stderr == f"argmine: 2 documents, 1 unit, 1 argumentative{note}\n"
    r = run("export", p, "--format", "csv", "--no-predictions", "-o", tmp_path / "e.csv")
    assert r.stderr == f"argmine: 1 unit from 1 document written to {tmp_path / 'e.csv'}{note}\n"


def test_the_unitless_note_says_their_text_for_several_documents(tmp_path):
    p = tmp_path / "rows.jsonl"
    p.write_text('{"text": "隐私会泄露，我反对。"}\n{"text": "随机推荐"}\n{"text": "随机推荐"}\n', encoding="utf-8")
    r = run("classify", p, "--model", "lexicon", "-o", tmp_path / "c.jsonl")
    assert r.stderr == ("argmine: 3 documents, 1 unit classified with the lexicon backend; 2 documents left no unit "
                        "(all their text was dropped by cleaning; see segment --explain)\n")


def test_error_lines_are_written_above_the_progress_bar_not_onto_it(capsys):
    from tqdm import tqdm

    from argmine.cli._common import echo_error

    bar = tqdm(total=10, desc="documents", file=sys.stderr, mininterval=0)
    bar.update(3)
    echo_error("a.txt: file is empty")
    bar.close()
    err = capsys.readouterr().err
    before = err[: err.index("argmine: error:")]
    assert before.endswith("\r") or before.endswith("\n") or before == ""  # the bar was cleared first


def test_output_inside_an_input_folder_is_not_read_back_on_the_next_run(tmp_path):
    data = tmp_path / "data"
    data.mkdir()
    (data / "a.txt").write_text("支付宝做社交是对的。\n财不外露。\n", encoding="utf-8")
    out = data / "units.jsonl"
    for _ in range(3):  # each run reads a.txt only, not the units written by the run before
        r = run("segment", data, "-o", out)
        assert r.exit_code == 0, r.output
        assert len(out.read_text("utf-8").splitlines()) == 2
    assert f"-o {out} is inside the input folder {data}; it is not read as an input" in r.stderr


def test_output_inside_an_input_folder_leaves_files_of_the_same_name_elsewhere_in_it(tmp_path):
    data = tmp_path / "data"
    (data / "sub").mkdir(parents=True)
    (data / "a.txt").write_text("支付宝做社交是对的。\n", encoding="utf-8")
    (data / "sub" / "units.txt").write_text("财不外露。\n", encoding="utf-8")  # an input, not the output
    r = run("segment", data, "-o", data / "units.txt")
    assert r.exit_code == 0, r.output
    assert [json.loads(line)["text"] for line in (data / "units.txt").read_text("utf-8").splitlines()] == ["支付宝做社交是对的。", "财不外露。"]


# --- every output option refuses a file the command reads; empty paths; files that would block -------------------

GOLD_LINE = '{"id": "page#1", "doc": "page", "start": 0, "end": 9, "text": "支付宝不该做社交。", "kind": "body", "themes": [], "sentiment": "negative"}\n'
SHEET = "id,doc,start,end,kind,text,themes,sentiment\npage#1,page,0,9,body,支付宝不该做社交。,,negative\n"


@pytest.fixture
def read_files(tmp_path):
    """A page, a gold file, a labelled sheet and a schema: files that some command reads."""
    from importlib import resources

    files = {"page": tmp_path / "page.txt", "gold": tmp_path / "gold.jsonl", "sheet": tmp_path / "sheet.csv", "schema": tmp_path / "s.toml"}
    files["page"].write_text("支付宝不该做社交。\n", encoding="utf-8")
    files["gold"].write_text(GOLD_LINE, encoding="utf-8")
    files["sheet"].write_text(SHEET, encoding="utf-8")
    files["schema"].write_text(resources.files("argmine.schemas").joinpath("alipay.toml").read_text("utf-8"), encoding="utf-8")
    return files


@pytest.mark.parametrize("args, target, option", [
    (["evaluate", "--gold", "{gold}", "-o", "{gold}"], "gold", "-o"),
    (["realign", "{gold}", "{page}", "-o", "{page}"], "page", "-o"),
    (["realign", "{gold}", "{page}", "-o", "{gold}"], "gold", "-o"),
    (["import", "{sheet}", "--format", "csv", "-o", "{sheet}"], "sheet", "-o"),
    (["report", "{page}", "--model", "lexicon", "-o", "{page}"], "page", "-o"),
    (["analyze", "{page}", "--model", "lexicon", "--report", "{page}"], "page", "--report"),
    (["analyze", "{page}", "--model", "lexicon", "--schema", "{schema}", "-o", "{schema}"], "schema", "-o"),
    (["classify", "{page}", "--model", "lexicon", "--schema", "{schema}", "-o", "{schema}"], "schema", "-o"),
    (["export", "{page}", "--format", "csv", "--no-predictions", "--only-unlabeled", "{gold}", "-o", "{gold}"], "gold", "-o"),
])
def test_every_output_that_is_a_file_the_command_reads_is_refused_before_any_work(read_files, args, target, option):
    before = read_files[target].read_bytes()
    r = run(*(a.format(**read_files) for a in args))
    path = read_files[target]
    assert r.exit_code == 2, r.output
    assert r.stderr.splitlines()[-1] == f"Error: {option} {path} is also an input ({path}); writing it would destroy the input: pick another output file"
    assert path.read_bytes() == before


def test_report_inside_an_input_folder_is_not_read_as_an_input(tmp_path):
    data = tmp_path / "data"
    data.mkdir()
    (data / "a.txt").write_text("支付宝做社交是对的。\n", encoding="utf-8")
    out = data / "report.html"
    # a report of the run before (argmine's generator mark): read, it would be a document
    out.write_text('<!DOCTYPE html>\n<meta name="generator" content="argmine 0.1.0">\n<p>旧报告。</p>', encoding="utf-8")
    r = run("report", data, "--model", "lexicon", "-o", out)
    assert r.exit_code == 0, r.output
    assert f"argmine: note: -o {out} is inside the input folder {data}; it is not read as an input" in r.stderr
    assert "argmine: 1 document," in r.stderr


@pytest.mark.parametrize("args", [
    ["segment", "{page}", "-o", ""],
    ["realign", "{gold}", "{page}", "-o", ""],
    ["report", "{page}", "--model", "lexicon", "-o", ""],
    ["analyze", "{page}", "--model", "lexicon", "--report", ""],
    ["evaluate", "--gold", "{gold}", "-o", ""],
    ["import", "{sheet}", "--format", "csv", "-o", ""],
    ["train", "{sheet}", "--backend", "lexicon", "-o", ""],
    ["classify", "{page}", "--schema", ""],
    ["classify", "{page}", "--model", ""],
])
def test_an_empty_path_option_is_a_usage_error_before_any_work(read_files, tmp_path, monkeypatch, args):
    monkeypatch.chdir(tmp_path)
    before = sorted(os.listdir(tmp_path))
    r = run(*(a.format(**read_files) for a in args))
    assert r.exit_code == 2, r.output
    assert r.stderr.splitlines()[-1].startswith("Error: Invalid value for ")
    assert "an empty" in r.stderr and "names no" in r.stderr
    assert sorted(os.listdir(tmp_path)) == before


@pytest.mark.timeout(30)
@pytest.mark.parametrize("args, fed", [
    (["classify", "{page}", "--model", "lexicon", "--schema", "{fifo}"], "schema"),
    (["agreement", "{fifo}", "{gold}"], "gold"),
    (["evaluate", "--gold", "{fifo}", "--model", "lexicon"], "gold"),
    (["train", "{fifo}", "--backend", "lexicon", "-o", "{out}", "-q"], "gold"),
])
def test_a_named_pipe_with_a_writer_is_read_as_a_file(read_files, tmp_path, args, fed):
    # what `argmine agreement <(cat a.jsonl) b.jsonl` passes: a named pipe another process writes into
    import threading

    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    writer = threading.Thread(target=lambda: fifo.write_bytes(read_files[fed].read_bytes()), daemon=True)
    writer.start()
    r = run(*(a.format(fifo=fifo, out=tmp_path / "m", **read_files) for a in args))
    writer.join(5)
    assert r.exit_code == 0, r.output
    assert "named pipe" not in r.stderr


def test_a_socket_given_as_a_file_to_read_is_a_usage_error(read_files, tmp_path, monkeypatch):
    import socket

    monkeypatch.chdir(tmp_path)  # a short relative name: a socket's path may not be longer than about 100 bytes
    with socket.socket(socket.AF_UNIX) as s:
        s.bind("s.sock")
        r = run("agreement", "s.sock", read_files["gold"])
    assert r.exit_code == 2
    assert r.stderr.splitlines()[-1] == "Error: Invalid value for 'A': s.sock is a socket, not a regular file; pass a file"


@pytest.mark.timeout(30)
def test_a_fifo_in_a_model_directory_is_a_usage_error_not_a_hang(read_files, tmp_path):
    from argmine.classify import default_model_path

    model = tmp_path / "m"
    model.mkdir()
    for f in default_model_path().iterdir():
        if f.name != "weights.safetensors" and f.is_file():
            (model / f.name).write_bytes(f.read_bytes())
    os.mkfifo(model / "weights.safetensors")
    r = run("classify", read_files["page"], "--model", model)
    assert r.exit_code == 2
    assert r.stderr.splitlines()[-1] == (f"Error: Invalid value for '--model': {model / 'weights.safetensors'} is a named pipe (FIFO), "
                                         "not a regular file; pass a directory written by 'argmine train'")


def test_segment_cells_html_reads_table_cells_as_shown_text(tmp_path):
    p = tmp_path / "w.jsonl"
    p.write_text(json.dumps({"id": 1, "text": "说得对<br />我不同意&amp;"}, ensure_ascii=False) + "\n", encoding="utf-8")
    r = run("segment", p, "-q")
    assert "pass --cells html" in r.stderr
    r = run("segment", p, "--cells", "html", "-q")
    assert [json.loads(line)["text"] for line in r.stdout.splitlines()] == ["说得对", "我不同意&"] and r.stderr == ""


# --- operators: signals, closed or non-UTF-8 streams, progress (QA round 14, ops) ---------------------

import signal  # noqa: E402


def test_a_closed_standard_error_pipe_still_writes_the_output(tmp_path):
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "good.txt").write_text("支付宝不该做社交。", encoding="utf-8")
    out = tmp_path / "units.jsonl"
    # `... -o units.jsonl 2>&1 | head -1`: whatever reads the messages is gone before the first one
    proc = subprocess.Popen([ARGMINE, "segment", str(tmp_path / "empty.txt"), str(tmp_path / "good.txt"), "-o", str(out)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    proc.stderr.close()
    assert proc.wait(timeout=120) == 1  # an input failed
    assert json.loads(out.read_text("utf-8"))["text"] == "支付宝不该做社交。"


def test_a_closed_standard_error_is_not_an_error(tmp_path):
    (tmp_path / "a.txt").write_text("一。", encoding="utf-8")
    out = tmp_path / "units.jsonl"
    r = argmine_process("segment", tmp_path / "a.txt", "-o", out, stdout=subprocess.DEVNULL, preexec_fn=lambda: os.close(2))
    assert r.returncode == 0 and json.loads(out.read_text("utf-8"))["text"] == "一。"


@pytest.mark.parametrize("encoding", ["ascii", "latin-1"])
def test_machine_output_on_standard_output_is_utf8_whatever_the_locale(tmp_path, encoding):
    (tmp_path / "a.txt").write_text("支付宝不该做社交。", encoding="utf-8")
    r = subprocess.run([ARGMINE, "segment", str(tmp_path / "a.txt"), "-q"], capture_output=True, timeout=120,
                       env={**os.environ, "PYTHONIOENCODING": encoding})
    assert r.returncode == 0 and r.stderr == b""
    assert json.loads(r.stdout.decode("utf-8"))["text"] == "支付宝不该做社交。"


def test_standard_output_where_lines_end_in_crlf_keeps_the_csv_writers_row_ends(monkeypatch):
    import io

    from argmine.cli import _session

    buf = io.BytesIO()
    windows_like = io.TextIOWrapper(buf, encoding="utf-8", newline="\r\n")  # translates \n as Windows' stdout does
    monkeypatch.setattr(sys, "stdout", windows_like)
    monkeypatch.setattr(os, "linesep", "\r\n")
    _session._utf8_stdout()
    sys.stdout.write('id,text\r\nd#1,"一\n二"\r\n')
    sys.stdout.flush()
    assert buf.getvalue() == 'id,text\r\nd#1,"一\n二"\r\n'.encode()  # not \r\r\n, and the cell's line break kept


def test_standard_error_in_a_file_is_utf8_as_standard_output_is(monkeypatch):
    # `argmine ... > log 2>&1` under a GBK locale (Windows cp936): the log used to mix UTF-8 output and GBK messages
    import io

    from argmine.cli import _session
    from argmine.cli._common import echo_error

    buf = io.BytesIO()
    monkeypatch.setattr(sys, "stderr", io.TextIOWrapper(buf, encoding="cp936", errors="backslashreplace"))
    with _session.session():
        echo_error("评论.txt: 文件为空 \udcff ✓")
    assert buf.getvalue().decode("utf-8") == "argmine: error: 评论.txt: 文件为空 \\udcff ✓\n"


def test_standard_error_on_a_terminal_keeps_its_encoding(monkeypatch):
    import io

    from argmine.cli import _session

    class Terminal(io.TextIOWrapper):
        def isatty(self):
            return True

    terminal = Terminal(io.BytesIO(), encoding="cp936", errors="backslashreplace")
    _session._utf8_stderr(terminal)
    assert (terminal.encoding, terminal.errors) == ("cp936", "backslashreplace")


@pytest.mark.timeout(60)
@pytest.mark.parametrize("name, line", [("SIGTERM", "terminated (SIGTERM)"), ("SIGHUP", "hung up (SIGHUP)"), ("SIGINT", "interrupted")])
def test_a_stop_signal_leaves_the_previous_output_and_no_temporary_file(tmp_path, name, line):
    if not hasattr(signal, name) or not hasattr(os, "mkfifo"):
        pytest.skip(f"no {name} or named pipes here")
    fifo = tmp_path / "in.txt"
    os.mkfifo(fifo)  # read after the output is opened, and never written: the run waits there
    out = tmp_path / "units.jsonl"
    out.write_text("previous\n", encoding="utf-8")
    proc = subprocess.Popen([ARGMINE, "segment", str(fifo), "-o", str(out), "-q"], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                            text=True)
    import time

    while not any(p.name.endswith(".part") for p in tmp_path.iterdir()):
        assert proc.poll() is None, proc.stderr.read()
        time.sleep(0.05)
    proc.send_signal(getattr(signal, name))
    assert proc.wait(timeout=30) == 128 + getattr(signal, name)
    assert proc.stderr.read() == f"argmine: error: {line}\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["in.txt", "units.jsonl"]
    assert out.read_text("utf-8") == "previous\n"


# SIGINT sent by the process itself while it imports `module` (as Ctrl-C in the first tenth of a second)
_EARLY_INTERRUPT = """
import os, signal, sys

class Interrupt:
    def find_spec(self, name, path=None, target=None):
        if name == {module!r}:
            sys.meta_path.remove(self)
            os.kill(os.getpid(), signal.SIGINT)
        return None

sys.meta_path.insert(0, Interrupt())
sys.argv = ["argmine", "segment", {path!r}, "-q"]
from argmine.cli import main
sys.exit(main())
"""


@pytest.mark.parametrize("module", ["click", "argmine.cli._common", "argmine.read"])
def test_ctrl_c_from_the_start_is_one_line_and_exit_130(tmp_path, module):
    (tmp_path / "a.txt").write_text("一。", encoding="utf-8")
    r = subprocess.run([sys.executable, "-c", _EARLY_INTERRUPT.format(module=module, path=str(tmp_path / "a.txt"))],
                       capture_output=True, text=True, timeout=120)
    assert (r.returncode, r.stderr) == (130, "argmine: error: interrupted\n")


# SIGTERM sent while a module that turns any error of its import into an ImportError (as a C extension's initialisation
# does: opencc) is imported, just before `module` is imported: before the run (click) or with the -o .part file open
_TERM_IN_FRAGILE_IMPORT = """
import sys
sys.path.insert(0, {folder!r})

class Hook:
    def find_spec(self, name, path=None, target=None):
        if name == {module!r}:
            sys.meta_path.remove(self)
            import fragile
        return None

sys.meta_path.insert(0, Hook())
sys.argv = ["argmine", "segment", {path!r}, "-o", {out!r}, "-q"]
from argmine.cli import main
sys.exit(main())
"""
_FRAGILE = """
import os, signal
try:
    os.kill(os.getpid(), signal.SIGTERM)
    sum(range(1000))  # the handler runs here
except BaseException:
    raise ImportError("initialization failed") from None
"""


@pytest.mark.skipif(not hasattr(signal, "SIGTERM") or os.name == "nt", reason="POSIX signals")
@pytest.mark.parametrize("module", ["click", "argmine.cli.segment", "argmine.clean"])
def test_sigterm_during_an_import_is_one_line_and_exit_143_not_an_import_error(tmp_path, module):
    (tmp_path / "fragile.py").write_text(_FRAGILE, encoding="utf-8")
    (tmp_path / "a.txt").write_text("一。", encoding="utf-8")
    out = tmp_path / "out" / "units.jsonl"
    out.parent.mkdir()
    out.write_text("previous\n", encoding="utf-8")
    script = _TERM_IN_FRAGILE_IMPORT.format(folder=str(tmp_path), module=module, path=str(tmp_path / "a.txt"), out=str(out))
    r = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120)
    assert (r.returncode, r.stderr) == (143, "argmine: error: terminated (SIGTERM)\n")
    assert out.read_text("utf-8") == "previous\n" and os.listdir(out.parent) == ["units.jsonl"]


@pytest.mark.timeout(120)
@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs named pipes")
def test_sigterm_at_any_moment_of_the_start_stops_the_run_with_one_line(tmp_path):
    import time

    fifo = tmp_path / "in.txt"
    os.mkfifo(fifo)  # never written: a run that missed the signal would wait there, never exit 0
    for i in range(20):
        proc = subprocess.Popen([ARGMINE, "segment", str(fifo), "-o", str(tmp_path / "units.jsonl"), "-q"],
                                stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        time.sleep(i * 0.02)  # 0 to 0.38 s: Python's start, click's and argmine's imports, the command's start
        proc.send_signal(signal.SIGTERM)
        try:
            code, err = proc.wait(timeout=30), proc.stderr.read()
        finally:  # a run that lost the signal waits on the pipe for ever
            proc.kill()
            proc.wait()
        # -SIGTERM: still in Python's own start, before argmine's handlers (the default action, no output)
        assert (code, err) in [(143, "argmine: error: terminated (SIGTERM)\n"), (-signal.SIGTERM, "")], (i, code, err)
    assert os.listdir(tmp_path) == ["in.txt"]


class _Bar:
    """A progress bar that only counts (a real one draws nothing when stderr is not a terminal)."""

    def __init__(self, iterable=None, *, total=None, desc="", **kwargs):
        self.iterable, self.desc, self.n = iterable, desc, 0
        self.total = len(iterable) if total is None and hasattr(iterable, "__len__") else total
        self.shown = []  # (n, total) after each update: what the bar said along the way

    def __iter__(self):
        for x in self.iterable:
            yield x
            self.n += 1

    def update(self, n=1):
        self.n += n
        self.shown.append((self.n, self.total))

    def close(self):
        pass


@pytest.fixture
def bars(monkeypatch):
    from argmine.cli import _common

    made = {}

    def bar(iterable=None, **kwargs):
        made[kwargs["desc"]] = _Bar(iterable, **kwargs)
        return made[kwargs["desc"]]

    monkeypatch.setattr(_common, "progress", bar)
    return made


def test_classify_counts_the_units_of_one_long_document(tmp_path, bars, monkeypatch):
    from argmine.cli import _common

    monkeypatch.setattr(_common, "stderr_is_terminal", lambda: True)
    (tmp_path / "page.txt").write_text("支付宝不该做社交。我反对。隐私会泄露。", encoding="utf-8")
    r = run("classify", tmp_path / "page.txt", "--model", "lexicon", "-o", tmp_path / "c.jsonl")
    assert r.exit_code == 0
    assert (bars["documents"].n, bars["units"].n, bars["units"].total) == (1, 3, 3)


def test_classify_units_bar_has_a_total_only_once_every_unit_is_known(tmp_path, bars, monkeypatch):
    from argmine.cli import _common

    monkeypatch.setattr(_common, "stderr_is_terminal", lambda: True)
    rows = ["支付宝不该做社交。我反对。", "隐私会泄露。", "红包很方便。好用。"]
    (tmp_path / "c.jsonl").write_text("".join(json.dumps({"text": t}, ensure_ascii=False) + "\n" for t in rows), encoding="utf-8")
    assert run("classify", tmp_path / "c.jsonl", "--model", "lexicon", "-o", tmp_path / "o.jsonl").exit_code == 0
    assert bars["units"].shown == [(1, None), (2, None), (3, None), (4, None), (5, None)]  # a table's rows: a count, never "100 %"
    for i, text in enumerate(rows):
        (tmp_path / f"{i}.txt").write_text(text, encoding="utf-8")
    assert run("classify", *(tmp_path / f"{i}.txt" for i in range(3)), "--model", "lexicon", "-o", tmp_path / "o.jsonl").exit_code == 0
    assert bars["units"].shown == [(1, None), (2, None), (3, None), (4, 5), (5, 5)]  # known once the last page is segmented


def test_export_counts_the_units_it_classifies(tmp_path, bars, monkeypatch):
    import argmine.cli.export

    monkeypatch.setattr(argmine.cli.export, "progress", lambda iterable, **kw: bars.setdefault(kw["desc"], _Bar(iterable, **kw)))
    (tmp_path / "page.txt").write_text("支付宝不该做社交。我反对。", encoding="utf-8")
    r = run("export", tmp_path / "page.txt", "--format", "csv", "--model", "lexicon", "-o", tmp_path / "e.csv")
    assert r.exit_code == 0
    assert (bars["units"].n, bars["units"].total) == (2, 2)


def test_import_counts_the_source_characters_and_takes_quiet(tmp_path, bars):
    (tmp_path / "page.txt").write_text("支付宝不该做社交。我反对。", encoding="utf-8")
    assert run("export", tmp_path / "page.txt", "--format", "doccano", "--model", "lexicon", "-o", tmp_path / "dc", "-q").exit_code == 0
    r = run("import", tmp_path / "dc" / "tasks.jsonl", "--format", "doccano", "--source", tmp_path / "page.txt", "-o", tmp_path / "g.jsonl", "-q")
    assert r.exit_code == 0 and "gold records written" not in r.stderr  # -q: no summary when nothing failed
    assert (bars["segmenting --source"].n, bars["segmenting --source"].total) == (13, 13)


def test_progress_bar_description_shows_a_file_name_escaped(monkeypatch, capsys):
    from argmine.cli import _common

    monkeypatch.setattr(_common, "stderr_is_terminal", lambda: True)
    bar = _common.progress(None, total=2, desc="reading evil\x1b[31mRED\x1b[0m\nx.csv", mininterval=0)  # import's "reading FILE"
    bar.update(1)
    bar.close()
    err = capsys.readouterr().err
    assert "reading evil\\x1b[31mRED\\x1b[0m\\nx.csv" in err
    assert "\x1b[31m" not in err and "\n" not in err  # no colour switched on, no line split under the bar


def test_bidi_marks_in_file_names_are_shown_escaped(tmp_path):
    folder = tmp_path / "ex"
    folder.mkdir()
    (folder / "a\u200fb\u061c.txt").write_text("支付宝做社交侵犯隐私。\n", encoding="utf-8")
    (folder / "e\u200e.txt").write_text("", encoding="utf-8")
    r = run("segment", folder, "--explain", "-o", tmp_path / "u.jsonl")
    assert "a\\u200fb\\u061c" in r.stderr and "e\\u200e.txt: file is empty" in r.stderr
    assert not any(c in r.stderr for c in "\u200e\u200f\u061c")  # the right-to-left marks would reorder the line around them
    assert json.loads((tmp_path / "u.jsonl").read_text("utf-8").splitlines()[0])["doc"] == "a\u200fb\u061c"  # the data keeps them


def test_progress_is_off_when_standard_error_is_closed(monkeypatch):
    from argmine.cli._common import stderr_is_terminal

    monkeypatch.setattr(sys, "stderr", None)
    assert stderr_is_terminal() is False


def test_a_failed_label_studio_export_leaves_no_folder_and_says_the_disk_is_full(tmp_path, monkeypatch):
    import errno

    import argmine.export

    def full(*args, **kwargs):
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(argmine.export, "label_studio_config", full)  # written after tasks.json
    (tmp_path / "page.txt").write_text("支付宝不该做社交。", encoding="utf-8")
    out = tmp_path / "new" / "ls"
    r = run("export", tmp_path / "page.txt", "--format", "label-studio", "--no-predictions", "-o", out, "-q")
    assert r.exit_code == 1
    assert r.stderr == (f"argmine: error: {out}: cannot write the label-studio export (No space left on device); "
                        "the disk is full: free some space on it, or write to another disk\n")
    assert not out.exists()


def test_a_hard_link_to_a_file_given_is_the_same_file_read_once(tmp_path):
    (tmp_path / "a.txt").write_text("支付宝不该做社交。\n", encoding="utf-8")
    os.link(tmp_path / "a.txt", tmp_path / "hard.txt")
    r = CliRunner().invoke(main, ["segment", str(tmp_path / "a.txt"), str(tmp_path / "hard.txt"), "-o", str(tmp_path / "u.jsonl")])
    assert r.exit_code == 0, r.output
    assert [json.loads(line)["doc"] for line in (tmp_path / "u.jsonl").read_text("utf-8").splitlines()] == ["a"]
    assert f"{tmp_path / 'hard.txt'}: the same file as {tmp_path / 'a.txt'}, read before; the file is read once" in r.stderr


def test_excel_unicode_text_saved_as_txt_is_read_as_text_with_a_hint_even_with_a_table_option_and_as_a_table_with_tsv(tmp_path):
    data = "id\ttext\tdate\r\n001\t支付宝做社交。\t2024-01-05\r\n002\t财不外露。\t2024-01-06\r\n".encode("utf-16")
    for n, options in enumerate([[], ["--text-field", "text"]]):  # the same file reads the same way, whatever options came
        (tmp_path / str(n)).mkdir()  # a file of its own each time: Python shows a warning once per text
        p = tmp_path / str(n) / "sheet.txt"
        p.write_bytes(data)
        hint = (f"argmine: warning: {p}: read as one text document, but it looks like a tab-separated table (columns: id, text, date; "
                "Excel saves its \"Unicode Text\" and \"Text (Tab delimited)\" so); pass --input-format tsv (input_format='tsv' in "
                "Python), or name the file .tsv, to read each row as a document\n")
        r = run("segment", p, *options, "--format", "jsonl", "-q")
        assert r.exit_code == 0, r.output
        assert {json.loads(line)["doc"] for line in r.stdout.splitlines()} == {"sheet"}
        assert r.stderr == hint
    table = run("segment", p, "--input-format", "tsv", "--format", "jsonl", "-q")
    assert table.exit_code == 0, table.output
    assert [json.loads(line)["doc"] for line in table.stdout.splitlines()] == ["001", "002"] and table.stderr == ""


def test_out_of_memory_reading_a_file_is_one_line_naming_it_and_the_other_inputs_complete(tmp_path, monkeypatch):
    (tmp_path / "a.txt").write_text("支付宝不该做社交。\n", encoding="utf-8")
    (tmp_path / "big.txt").write_text("隐私最重要。\n", encoding="utf-8")
    out_of_memory_reading(monkeypatch, "big.txt")
    r = run("segment", tmp_path / "big.txt", tmp_path / "a.txt", "-q")
    assert r.exit_code == 1, r.output
    assert [json.loads(line)["doc"] for line in r.stdout.splitlines()] == ["a"]
    assert r.stderr == (f"argmine: error: {tmp_path}/big.txt: out of memory reading it (19 bytes); split it into smaller files, "
                        "or run with more memory\nargmine: error: 1 input failed; the other inputs were processed\n")


def test_out_of_memory_elsewhere_is_one_line_not_a_traceback_and_the_output_is_left_as_it_was(tmp_path, monkeypatch):
    import importlib

    segment_module = importlib.import_module("argmine.segment")  # argmine.segment is also the function
    (tmp_path / "a.txt").write_text("支付宝不该做社交。\n", encoding="utf-8")
    (tmp_path / "units.jsonl").write_text("old\n", encoding="utf-8")

    def out_of_memory(docs, **kwargs):  # one huge document being segmented
        raise MemoryError
        yield

    monkeypatch.setattr(segment_module, "iter_segmented", out_of_memory)
    r = run("segment", tmp_path / "a.txt", "-o", tmp_path / "units.jsonl", "-q")
    assert r.exit_code == 1
    assert r.stderr == "argmine: error: out of memory; split the inputs into smaller files, or run with more memory\n"
    assert (tmp_path / "units.jsonl").read_text("utf-8") == "old\n" and sorted(os.listdir(tmp_path)) == ["a.txt", "units.jsonl"]


def test_a_device_named_as_an_input_or_met_in_a_folder_is_never_read(tmp_path, monkeypatch):
    refuse_reading(monkeypatch, "/dev/zero")  # reading /dev/zero never ends: fail the test at once instead
    data = tmp_path / "data"
    data.mkdir()
    (data / "a.txt").write_text("支付宝不该做社交。\n", encoding="utf-8")
    (data / "zero.txt").symlink_to("/dev/zero")
    os.mkfifo(data / "fifo.txt")
    r = run("segment", "/dev/zero", data, "-q")
    assert r.exit_code == 1, r.output
    assert [json.loads(line)["doc"] for line in r.stdout.splitlines()] == ["a"]
    assert r.stderr.splitlines() == [
        "argmine: error: /dev/zero: not a regular file (a device); pass a file, or - for standard input",
        f"argmine: warning: {data}/fifo.txt: skipped, not a regular file (a named pipe); name it to read what is written into it",
        f"argmine: warning: {data}/zero.txt: skipped, not a regular file (a device)",
        "argmine: error: 1 input failed; the other inputs were processed",
    ]


def test_segment_tokens_with_table_is_ignored_with_a_warning_as_export_ignores_options_of_another_format(tmp_path, monkeypatch):
    """The table's columns are fixed: --tokens is said to be ignored there (and the words are not computed), not silently dropped."""
    import importlib

    (tmp_path / "a.txt").write_text("支付宝不该做社交。\n", encoding="utf-8")

    def no_tokens(*args, **kwargs):
        raise AssertionError("tokens computed for a table that does not show them")

    monkeypatch.setattr(importlib.import_module("argmine.segment"), "_tokens", no_tokens)  # the module; argmine.segment is also a function
    r = run("segment", tmp_path / "a.txt", "--tokens", "--format", "table", "-q")
    assert r.exit_code == 0, r.output
    assert r.stderr.splitlines() == ["argmine: warning: --tokens applies to --format jsonl and csv only and is ignored for --format table "
                                     "(the table shows id, kind, start, end, text)"]
    assert "支付宝不该做社交。" in r.stdout and "tokens" not in r.stdout
    r = run("segment", tmp_path / "a.txt", "--format", "table", "-q")  # without --tokens: no warning
    assert r.exit_code == 0 and r.stderr == ""
