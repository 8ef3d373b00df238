"""``argmine analyze``: table, JSON and CSV output, bad inputs, --plot/--report hand-off."""

from __future__ import annotations

import csv
import io
import json
import os
import signal
import unicodedata

import pytest
from click.testing import CliRunner

from argmine.cli import main


def run(*args, input=None):
    return CliRunner().invoke(main, list(map(str, args)), input=input, catch_exceptions=False)


def cells(line: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in line)


def test_analyze_table_fits_80_columns(corpus_dir, corpus_docs):
    r = run("analyze", corpus_dir, "--model", "lexicon", "-q")
    assert r.exit_code == 0, r.output
    lines = r.stdout.splitlines()
    assert lines[0].startswith(f"argmine analyze: {len(corpus_docs)} documents, ")
    assert max(cells(line) for line in lines) <= 80
    for heading in ("Themes", "By kind", "By document", "Top cue terms", "Representative quotes"):
        assert any(line.startswith(heading) for line in lines), heading


def test_analyze_json_has_the_documented_keys_and_offsets(corpus_dir, corpus_docs, tmp_path):
    out = tmp_path / "a.json"
    r = run("analyze", corpus_dir, "--model", "lexicon", "--format", "json", "-o", out, "-q")
    assert r.exit_code == 0, r.output
    d = json.loads(out.read_text("utf-8"))
    texts = {doc.id: doc.text for doc in corpus_docs}
    assert set(d["themes"]) == {"pro_social", "privacy", "brand_fit", "bloat", "other"}
    for entry in d["themes"].values():
        assert {"units", "share", "share_ci95", "sentiment", "by_kind", "by_doc", "examples"} <= set(entry)
        for ex in entry["examples"]:
            assert texts[ex["doc"]][ex["start"] : ex["end"]] == ex["text"]
    assert [(i["path"], i["encoding"]) for i in d["provenance"]["inputs"]] == [(doc.source, doc.encoding) for doc in corpus_docs]
    assert d["provenance"]["model"]["name"] == "lexicon"
    assert d["provenance"]["settings"]["granularity"] == "sentence"  # the CLI segments every input itself
    assert d["totals"]["units"] == sum(doc["units"] for doc in d["documents"].values())


def test_analyze_csv_guards_full_width_formula_document_ids(tmp_path):
    rows = [{"id": doc, "text": "隐私会泄露。"} for doc in ("＝HYPERLINK(1)", "＋1", "'＠张三")]
    (tmp_path / "c.jsonl").write_text("".join(json.dumps(row, ensure_ascii=False) + "\n" for row in rows), encoding="utf-8")
    r = run("analyze", tmp_path / "c.jsonl", "--model", "lexicon", "--format", "csv", "-q")
    assert r.exit_code == 0, r.output
    groups = [row["group"] for row in csv.DictReader(io.StringIO(r.stdout)) if row["scope"] == "document"]
    assert groups == ["'＝HYPERLINK(1)", "'＋1", "''＠张三"]  # as the labelers' sheet: one ' more, import's rule takes it off


def test_analyze_csv_rows(corpus_dir):
    r = run("analyze", corpus_dir, "--model", "lexicon", "--format", "csv", "-q")
    rows = list(csv.DictReader(io.StringIO(r.stdout)))
    assert {r["scope"] for r in rows} == {"all", "kind", "doc", "document"}
    assert len([r for r in rows if r["scope"] == "all"]) == 5


def test_analyze_reports_a_bad_file_in_one_line_and_still_writes(corpus_dir, tmp_path):
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)))
    r = run("analyze", corpus_dir / "001_faf62b3238bc40fb.txt", bad, "--model", "lexicon", "--format", "json", "-q")
    assert r.exit_code == 1
    errors = [line for line in r.stderr.splitlines() if "bad.txt" in line]
    assert len(errors) == 1 and errors[0].startswith("argmine: error: ")
    assert "Traceback" not in r.stderr
    d = json.loads(r.stdout)
    assert d["totals"]["documents"] == 1 and d["totals"]["units"] > 0


def test_analyze_unknown_model_is_one_line_exit_2(corpus_dir, tmp_path):
    r = run("analyze", corpus_dir, "--model", tmp_path / "nope", "-q")
    assert r.exit_code == 2
    assert r.stderr.startswith("argmine: error: ") and len(r.stderr.splitlines()) == 1


@pytest.fixture
def cjk_font():
    """The font the chart draws Chinese with; the test is skipped without matplotlib or such a font."""
    pytest.importorskip("matplotlib")
    from argmine.errors import MissingDependency
    from argmine.plot import find_cjk_font

    try:
        return find_cjk_font()
    except MissingDependency:
        pytest.skip("no CJK font installed for the chart")


def test_analyze_writes_plot_and_report(corpus_dir, tmp_path, cjk_font):
    png, html = tmp_path / "t.png", tmp_path / "r.html"
    r = run("analyze", corpus_dir, "--model", "lexicon", "--plot", png, "--report", html, "-o", tmp_path / "t.txt")
    assert r.exit_code == 0, r.output
    assert png.read_bytes()[:4] == b"\x89PNG"
    assert "<html" in html.read_text("utf-8").lower()
    assert f"chart -> {png}" in r.stderr and f"report -> {html}" in r.stderr


def test_analyze_is_listed_in_help():
    r = run("--help")
    assert "analyze" in r.stdout
    r = run("analyze", "--help")
    assert "--plot" in r.stdout and "--format [table|json|csv]" in r.stdout


def test_model_warnings_are_one_line_on_stderr(tmp_path):
    import shutil

    from argmine.classify import default_model_path

    model = tmp_path / "model"
    shutil.copytree(default_model_path(), model)
    config = json.loads((model / "config.json").read_text("utf-8"))
    config["tokenizer"] = "another-tokenizer"
    (model / "config.json").write_text(json.dumps(config), "utf-8")
    (tmp_path / "a.txt").write_text("支付宝做社交是对的。\n", "utf-8")
    r = CliRunner().invoke(main, ["classify", str(tmp_path / "a.txt"), "--model", str(model), "--format", "jsonl"])
    assert r.exit_code == 0
    warning = [line for line in r.stderr.splitlines() if "another-tokenizer" in line]
    assert len(warning) == 1 and warning[0].startswith("argmine: warning: ")
    assert "Traceback" not in r.stderr and "UserWarning" not in r.stderr
    assert json.loads(r.stdout.splitlines()[0])["text"] == "支付宝做社交是对的。"  # still classified


def test_nothing_readable_is_one_error_per_path_and_no_empty_table(tmp_path):
    r = run("analyze", tmp_path / "nope", "--model", "lexicon")
    assert r.exit_code == 1
    assert r.stdout == ""
    assert r.stderr.splitlines() == [
        f"argmine: error: {tmp_path / 'nope'}: no such file or directory; check the path",
        "argmine: error: no input could be read; nothing to analyse",
    ]


def test_comment_table_rows_count_as_comments(tmp_path):
    p = tmp_path / "comments.csv"
    p.write_text("id,text\n1,支付宝加了圈子功能太臃肿了\n2,隐私怎么办？\n", encoding="utf-8")
    r = run("analyze", p, "--model", "lexicon", "--format", "json", "-q")
    assert r.exit_code == 0, r.output
    assert json.loads(r.stdout)["totals"]["by_kind"] == {"comment": 2}


def test_unknown_chart_format_is_a_usage_error_before_any_work(corpus_dir, tmp_path, monkeypatch):
    import argmine.aggregate

    def boom(*a, **k):
        raise AssertionError("analysis ran")

    monkeypatch.setattr(argmine.aggregate, "analyze", boom)
    r = run("analyze", corpus_dir, "--plot", tmp_path / "chart.jpg")
    assert r.exit_code == 2
    assert "the chart is written as .png or .svg" in r.stderr
    assert not (tmp_path / "chart.jpg").exists()


def test_analyze_json_lists_and_counts_failed_inputs_as_the_library_does(tmp_path):
    import argmine

    (tmp_path / "good.txt").write_text("财不外露。", encoding="utf-8")
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "rows.jsonl").write_text('{"text": "支付宝做社交是对的。"}\n{bad\n{"body": "x"}\n', encoding="utf-8")
    r = run("analyze", tmp_path, "--model", "lexicon", "--format", "json", "-q")
    assert r.exit_code == 1
    d = json.loads(r.stdout)
    lib = argmine.analyze(tmp_path, model="lexicon", on_error=lambda e: None).to_dict()
    assert d["errors"] == lib["errors"] and len(d["errors"]) == 3
    assert d["totals"]["failed_inputs"] == lib["totals"]["failed_inputs"] == 3
    assert [f"argmine: error: {e}" for e in d["errors"]] == r.stderr.splitlines()[:3]
    table = run("analyze", tmp_path, "--model", "lexicon", "-q")
    assert "3 inputs failed" in table.stdout


def test_analyze_json_counts_the_rows_skipped_for_an_empty_or_null_text(tmp_path):
    import warnings

    import argmine

    # 9 rows: 2 documents, and 7 skipped (six empty cells, three listed then counted in one line, and a JSON null)
    (tmp_path / "a.csv").write_text("id,text\n1,财不外露。\n" + "".join(f"{n},\n" for n in range(2, 8)), encoding="utf-8")
    (tmp_path / "b.jsonl").write_text('{"id": "x", "text": null}\n{"id": "y", "text": "功能太多了。"}\n', encoding="utf-8")
    r = run("analyze", tmp_path, "--model", "lexicon", "--format", "json", "-q")
    assert r.exit_code == 0, r.output
    d = json.loads(r.stdout)
    assert d["totals"]["documents"] == 2 and d["totals"]["skipped_rows"] == 7 and d["totals"]["failed_inputs"] == 0
    assert r.stderr.count("the row is skipped") == 4 and "... and 3 more records with an empty 'text' field, skipped" in r.stderr
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        assert argmine.analyze(tmp_path, model="lexicon").totals["skipped_rows"] == 7
    # nothing skipped: the key is there, 0
    (tmp_path / "c.csv").write_text("id,text\n1,财不外露。\n", encoding="utf-8")
    assert argmine.analyze(tmp_path / "c.csv", model="lexicon").totals["skipped_rows"] == 0
    assert argmine.analyze([argmine.Document("d", "财不外露。")], model="lexicon").totals["skipped_rows"] == 0


def test_analyze_negative_seed_is_a_usage_error(corpus_dir):
    r = run("analyze", corpus_dir, "--seed", "-1", "-q")
    assert r.exit_code == 2
    assert "Invalid value for '--seed'" in r.stderr and "Traceback" not in r.stderr


def test_by_document_table_cuts_long_ids_in_the_middle_one_line_each(tmp_path):
    for k in "abc":
        (tmp_path / f"zhihu_answer_2016-11-28_{k}.txt").write_text("支付宝做社交是对的。隐私怎么办？\n", "utf-8")
    r = run("analyze", tmp_path, "--model", "lexicon", "-q")
    assert r.exit_code == 0, r.output
    lines = r.stdout.splitlines()
    start = lines.index("By document (units: all, per theme; mean sentiment)")
    rows = lines[start + 4:start + 7]
    assert [row.split()[0] for row in rows] == [f"zhihu_ans…16-11-28_{k}" for k in "abc"]
    assert lines[start + 7] == "" and max(cells(line) for line in lines) <= 80
    # the full ids stay in JSON
    r = run("analyze", tmp_path, "--model", "lexicon", "--format", "json", "-q")
    assert sorted(json.loads(r.stdout)["documents"]) == [f"zhihu_answer_2016-11-28_{k}" for k in "abc"]


def test_document_id_with_a_line_break_is_escaped_in_the_text_tables_only(tmp_path):
    p = tmp_path / "ids.csv"
    p.write_text('id,text\n"x\ny",今天天气不错。\nz,商家抽成太高。\n', encoding="utf-8")
    r = run("analyze", p, "--model", "lexicon", "-q")
    assert r.exit_code == 0, r.output
    lines = r.stdout.splitlines()
    start = lines.index("By document (units: all, per theme; mean sentiment)")
    assert [row.split()[0] for row in lines[start + 4:start + 6]] == ["x\\ny", "z"] and lines[start + 6] == ""
    assert any(line.strip().startswith("1. x\\ny#1 [0:7] comment") for line in lines)
    assert not any(line.strip() in ("x", "y", "1. x") for line in lines)
    r = run("segment", p, "--format", "table", "-q")
    assert [line.split()[0] for line in r.stdout.splitlines() if "#1" in line] == ["x\\ny#1", "z#1"]
    # JSON (and CSV) keep the real id
    r = run("analyze", p, "--model", "lexicon", "--format", "json", "-q")
    assert list(json.loads(r.stdout)["documents"]) == ["x\ny", "z"]


def test_terminal_escape_sequences_in_quotes_are_shown_escaped_in_the_table(tmp_path):
    p = tmp_path / "ansi.jsonl"
    p.write_text(json.dumps({"id": "d", "text": "支付宝做社交\x1b[2J侵犯隐私\x9b0m。"}) + "\n", encoding="utf-8")
    out = run("analyze", p, "--model", "lexicon", "-q").stdout
    assert "支付宝做社交\\x1b[2J侵犯隐私\\x9b0m。" in out and "\x1b" not in out and "\x9b" not in out


def test_analyze_table_of_comments_with_a_foreign_kind_column_keeps_every_row(tmp_path):
    # a scraped table's own kind column: known values in any case or in Chinese are read,
    # others are warned about (three listed, then counted) and read with --row-kind's kind
    p = tmp_path / "c.csv"
    kinds = ["Comment", "评论", "回复"] + ["楼中楼"] * 5
    p.write_text("id,content,kind\n" + "".join(f"{n},隐私怎么办{n}。,{k}\n" for n, k in enumerate(kinds)), encoding="utf-8")
    r = run("analyze", p, "--text-field", "content", "--model", "lexicon", "--format", "json", "-q")
    assert r.exit_code == 0, r.output
    d = json.loads(r.stdout)
    assert d["totals"]["by_kind"] == {"comment": 8}
    assert d["provenance"]["settings"]["text_field"] == "content"
    warned = r.stderr.splitlines()
    assert len(warned) == 4 and all(line.startswith(f"argmine: warning: {p}: ") for line in warned)
    assert "--kind-field none" in warned[0]
    assert warned[3].endswith("... and 2 more records whose 'kind' field is not a kind, read as 'comment' (--row-kind; row_kind= in Python)")


def test_analyze_checks_the_output_before_the_run(tmp_path, monkeypatch):
    import argmine.aggregate

    def not_now(*args, **kwargs):
        raise AssertionError("the run started before -o was checked")

    monkeypatch.setattr(argmine.aggregate, "analyze", not_now)
    (tmp_path / "a.txt").write_text("支付宝不该做社交。\n", encoding="utf-8")
    out = tmp_path / "a.txt" / "analysis.json"  # a folder that is a file
    r = run("analyze", tmp_path / "a.txt", "--model", "lexicon", "--format", "json", "-o", out, "-q")
    assert r.exit_code == 1
    assert r.stderr == (f"argmine: error: {out}: cannot write output ({tmp_path / 'a.txt'} is a file, not a folder); "
                        "check the directory exists and is writable\n")
    r = run("analyze", tmp_path / "a.txt", "--model", "lexicon", "--report", out, "-q")
    assert r.exit_code == 1 and "cannot write output" in r.stderr


def test_analyze_creates_a_missing_output_folder_as_plot_and_report_do(tmp_path):
    (tmp_path / "a.txt").write_text("支付宝不该做社交。\n", encoding="utf-8")
    out = tmp_path / "new" / "analysis.json"
    r = run("analyze", tmp_path / "a.txt", "--model", "lexicon", "--format", "json", "-o", out, "-q")
    assert r.exit_code == 0 and json.loads(out.read_text("utf-8"))["totals"]["documents"] == 1


def test_plot_with_a_home_matplotlib_cannot_write_prints_nothing_with_quiet(tmp_path, cjk_font):
    import subprocess
    import sys
    from pathlib import Path

    (tmp_path / "a.txt").write_text("支付宝不该做社交。", encoding="utf-8")
    home = tmp_path / "home"
    home.write_text("")  # a file: no folder can be made in it (a read-only home, even for root)
    env = {k: v for k, v in os.environ.items() if k != "MPLCONFIGDIR"}
    env.update(HOME=str(home), XDG_CONFIG_HOME=str(home), XDG_CACHE_HOME=str(home))
    r = subprocess.run([str(Path(sys.executable).with_name("argmine")), "analyze", str(tmp_path / "a.txt"), "--model", "lexicon",
                        "--plot", str(tmp_path / "p.png"), "-q"], capture_output=True, text=True, env=env, timeout=300)
    assert (r.returncode, r.stderr) == (0, "")  # not matplotlib's notes about a temporary cache folder
    assert (tmp_path / "p.png").read_bytes()[:4] == b"\x89PNG"


@pytest.mark.parametrize("spell", ["same", "absolute", "link"])
@pytest.mark.parametrize("first,second,name", [("-o", "--report", "x.html"), ("-o", "--plot", "p.svg"), ("--plot", "--report", "r")])
def test_two_outputs_that_are_one_file_are_a_usage_error_before_the_run(tmp_path, monkeypatch, spell, first, second, name):
    import argmine.aggregate

    if "--plot" in (first, second):
        pytest.importorskip("matplotlib")  # without the [plot] extra --plot is refused first, for that reason

    monkeypatch.setattr(argmine.aggregate, "analyze", lambda *a, **k: pytest.fail("the run started before the outputs were checked"))
    monkeypatch.chdir(tmp_path)
    (tmp_path / "a.txt").write_text("支付宝不该做社交。\n", encoding="utf-8")
    if first == "--plot":  # a .png chart and an .html report are one file only through a link
        (tmp_path / "r.html").symlink_to("r.png")
        one, other = "r.png", "r.html"
    else:
        one = name
        other = {"same": name, "absolute": str(tmp_path / name), "link": f"link{name[-5:]}"}[spell]
        if spell == "link":
            (tmp_path / other).symlink_to(name)
    r = run("analyze", "a.txt", "--model", "lexicon", "--format", "json", first, one, second, other, "-q")
    assert r.exit_code == 2
    assert r.stderr.splitlines()[-1] == (f"Error: {first} {one} and {second} {other} are the same file; "
                                         "the one written last would replace the other: give each its own file")
    assert not (tmp_path / one).exists()


@pytest.mark.parametrize("outputs", [["--report", "/dev/stdout"], ["-o", "-", "--report", "/dev/fd/1"], ["-o", "/dev/stdout", "--report", "/dev/fd/1"]],
                         ids=["default-o", "dash", "dev-stdout"])
def test_report_to_standard_output_beside_the_tables_is_a_usage_error_naming_both(tmp_path, monkeypatch, outputs):
    import argmine.aggregate

    monkeypatch.setattr(argmine.aggregate, "analyze", lambda *a, **k: pytest.fail("the run started before the outputs were checked"))
    (tmp_path / "a.txt").write_text("支付宝不该做社交。\n", encoding="utf-8")
    r = run("analyze", tmp_path / "a.txt", "--model", "lexicon", *outputs, "-q")
    assert r.exit_code == 2  # the tables (on standard output by default) and the HTML would be mixed, or one lost
    first = f"-o {outputs[1]}" if outputs[0] == "-o" else "the tables (standard output: no -o given)"  # no -o typed: none named
    assert r.stderr.splitlines()[-1] == (f"Error: {first} and --report {outputs[-1]} both write to standard output, "
                                         "where the two would be mixed: give each its own file")


def test_report_to_standard_output_without_o_names_the_format_written_there(tmp_path):
    (tmp_path / "a.txt").write_text("支付宝不该做社交。\n", encoding="utf-8")
    r = run("analyze", tmp_path / "a.txt", "--model", "lexicon", "--format", "json", "--report", "/dev/stdout", "-q")
    assert r.exit_code == 2
    assert r.stderr.splitlines()[-1] == ("Error: the JSON summary (standard output: no -o given) and --report /dev/stdout both write to "
                                         "standard output, where the two would be mixed: give each its own file")


def test_outputs_to_dev_null_or_stdout_are_not_one_file(tmp_path):
    (tmp_path / "a.txt").write_text("支付宝不该做社交。\n", encoding="utf-8")
    r = run("analyze", tmp_path / "a.txt", "--model", "lexicon", "-o", "/dev/null", "--report", "/dev/null", "-q")
    assert r.exit_code == 0, r.output


@pytest.mark.parametrize("option,message", [
    ("--report", "the report is written to a file, not to standard output ('-'); for the HTML on standard output run: argmine report PATHS -o -"),
    ("--plot", "the chart is written to a file, not to standard output ('-'): give a .png or .svg file"),
])
def test_report_or_plot_to_dash_is_a_usage_error_not_a_file_named_dash(tmp_path, monkeypatch, option, message):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "a.txt").write_text("支付宝不该做社交。\n", encoding="utf-8")
    r = run("analyze", "a.txt", "--model", "lexicon", "-o", "out.json", option, "-", "-q")
    assert r.exit_code == 2
    assert r.stderr.splitlines()[-1] == f"Error: Invalid value for '{option}': {message}"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.txt"]


def test_analyze_summary_counts_the_documents_left_with_no_unit_as_segment_does(tmp_path):
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "a.txt").write_text("今天天气很好。\n", encoding="utf-8")
    (tmp_path / "in" / "furniture.txt").write_text("展开全文\n责任编辑:张三\n", encoding="utf-8")
    note = "; 1 document left no unit (all its text was dropped by cleaning; see segment --explain)"
    r = run("segment", tmp_path / "in", "-o", tmp_path / "u.jsonl")
    assert r.stderr.splitlines()[-1].endswith(note)
    r = run("analyze", tmp_path / "in", "--model", "lexicon", "--format", "json", "-o", tmp_path / "a.json")
    assert r.exit_code == 0, r.output
    assert r.stderr.splitlines()[-1] == f"argmine: 2 documents, 1 unit, 0 argumentative{note}"
    r = run("report", tmp_path / "in", "--model", "lexicon", "-o", tmp_path / "r.html")
    assert r.stderr.splitlines()[-1] == f"argmine: 2 documents, 1 unit -> {tmp_path / 'r.html'}{note}"


# --- -o, --plot and --report are put in place together (QA round 30, conc) --------------------------------------------


def _old_outputs(folder, *names):
    folder.mkdir()
    for name in names:
        (folder / name).write_text("OLD\n", encoding="utf-8")
    return [folder / name for name in names]


def _stop_in_report(monkeypatch, stop):
    """``render_report`` stopped by ``stop``: a SIGTERM to this process (``timeout``), or a report that cannot be written."""
    import argmine.report
    from argmine.errors import ReportError

    real = argmine.report.render_report

    def render_report(*args, **kwargs):
        if stop == "SIGTERM":
            os.kill(os.getpid(), signal.SIGTERM)  # raised here, at the next line
        else:
            raise ReportError("r.html: cannot write the report (stopped by the test)")
        return real(*args, **kwargs)

    monkeypatch.setattr(argmine.report, "render_report", render_report)


@pytest.mark.skipif(not hasattr(signal, "SIGTERM") or os.name == "nt", reason="POSIX signals")
@pytest.mark.parametrize("stop, code, line", [("SIGTERM", 143, "terminated (SIGTERM)"),
                                              ("report error", 1, "r.html: cannot write the report (stopped by the test)")])
def test_analyze_stopped_while_the_report_is_written_leaves_o_as_it_was(tmp_path, monkeypatch, stop, code, line):
    # -o used to be renamed into place before the report was written: a stop then left the new -o beside the old report
    (tmp_path / "a.txt").write_text("支付宝不该做社交。\n", encoding="utf-8")
    out, html = _old_outputs(tmp_path / "out", "an.json", "r.html")
    _stop_in_report(monkeypatch, stop)
    r = run("analyze", tmp_path / "a.txt", "--model", "lexicon", "--format", "json", "-o", out, "--report", html, "-q")
    assert (r.exit_code, r.stderr) == (code, f"argmine: error: {line}\n")
    assert [p.read_text("utf-8") for p in (out, html)] == ["OLD\n", "OLD\n"]
    assert sorted(p.name for p in out.parent.iterdir()) == ["an.json", "r.html"]  # no temporary file left


@pytest.mark.skipif(not hasattr(signal, "SIGTERM") or os.name == "nt", reason="POSIX signals")
def test_analyze_stopped_after_the_chart_leaves_the_chart_as_it_was_too(tmp_path, monkeypatch, cjk_font):
    (tmp_path / "a.txt").write_text("支付宝不该做社交。\n", encoding="utf-8")
    out, png, html = _old_outputs(tmp_path / "out", "an.txt", "p.png", "r.html")
    _stop_in_report(monkeypatch, "SIGTERM")  # the chart is drawn, the report is not
    r = run("analyze", tmp_path / "a.txt", "--model", "lexicon", "-o", out, "--plot", png, "--report", html, "-q")
    assert (r.exit_code, r.stderr) == (143, "argmine: error: terminated (SIGTERM)\n")
    assert [p.read_text("utf-8") for p in (out, png, html)] == ["OLD\n"] * 3
    assert sorted(p.name for p in out.parent.iterdir()) == ["an.txt", "p.png", "r.html"]


def test_analyze_puts_every_output_in_place_keeping_their_modes(tmp_path, cjk_font):
    (tmp_path / "a.txt").write_text("支付宝不该做社交。\n", encoding="utf-8")
    out, png, html = _old_outputs(tmp_path / "out", "an.txt", "p.png", "r.html")
    png.chmod(0o640)
    r = run("analyze", tmp_path / "a.txt", "--model", "lexicon", "-o", out, "--plot", png, "--report", html)
    assert r.exit_code == 0, r.output
    assert r.stderr.splitlines()[:2] == [f"argmine: chart -> {png}", f"argmine: report -> {html}"]
    assert png.read_bytes().startswith(b"\x89PNG") and html.read_text("utf-8").startswith("<!DOCTYPE html>")
    assert out.read_text("utf-8").startswith("argmine analyze: 1 document")
    assert png.stat().st_mode & 0o777 == 0o640  # the file replaced keeps its mode, as -o's does
    assert sorted(p.name for p in out.parent.iterdir()) == ["an.txt", "p.png", "r.html"]


def test_analyze_names_the_chart_it_cannot_write_not_its_temporary_file(tmp_path, monkeypatch, cjk_font):
    import errno

    from matplotlib.figure import Figure

    def broken(self, path, **kwargs):  # matplotlib fails writing the chart's temporary file (a disk error)
        raise OSError(errno.EIO, "Input/output error", str(path))

    monkeypatch.setattr(Figure, "savefig", broken)
    (tmp_path / "a.txt").write_text("支付宝不该做社交。\n", encoding="utf-8")
    out, png = _old_outputs(tmp_path / "out", "an.txt", "p.png")
    r = run("analyze", tmp_path / "a.txt", "--model", "lexicon", "-o", out, "--plot", png, "-q")
    assert r.exit_code == 1 and r.stderr.startswith(f"argmine: error: {png}: cannot write the chart (Input/output error)")
    assert [p.read_text("utf-8") for p in (out, png)] == ["OLD\n", "OLD\n"]
    assert sorted(p.name for p in out.parent.iterdir()) == ["an.txt", "p.png"]


def test_analyze_json_is_the_same_bytes_on_every_run_with_source_date_epoch(tmp_path):
    (tmp_path / "a.txt").write_text("支付宝不该做社交。财不外露。\n", encoding="utf-8")
    outs = []
    for _ in range(2):
        r = CliRunner().invoke(main, ["analyze", str(tmp_path / "a.txt"), "--model", "lexicon", "--format", "json", "-q"],
                               env={"SOURCE_DATE_EPOCH": "1700000000"}, catch_exceptions=False)
        assert r.exit_code == 0, r.output
        outs.append(r.stdout)
    assert outs[0] == outs[1] and json.loads(outs[0])["provenance"]["date"] == "2023-11-14T22:13:20+00:00"


def test_analyze_command_pauses_the_collector_in_its_own_process(tmp_path, monkeypatch):
    # the library's analyze() leaves it on (a host's threads need it); the command, argmine's own process, pauses it
    import gc

    import argmine.aggregate

    real, seen = argmine.aggregate.summarize, []

    def summarize(*args, **kwargs):
        seen.append(gc.isenabled())
        return real(*args, **kwargs)

    monkeypatch.setattr(argmine.aggregate, "summarize", summarize)
    (tmp_path / "a.txt").write_text("支付宝不该做社交。\n", encoding="utf-8")
    r = run("analyze", tmp_path / "a.txt", "--model", "lexicon", "-q")
    assert r.exit_code == 0, r.output
    assert seen == [False] and gc.isenabled()
