"""QA round 42: ``import --strict`` stops at the first bad input, --source included, as the other commands' --strict does."""

import csv

from click.testing import CliRunner

from argmine.cli import main

STOP = "argmine: error: stopping because of --strict"


def run(*args):
    return CliRunner().invoke(main, list(map(str, args)), catch_exceptions=False)


def _labelled_sheet(tmp_path, source, themes="other"):
    """A CSV sheet exported from ``source`` and labelled by hand: every row ``themes``, neutral."""
    sheet = tmp_path / "s.csv"
    run("export", source, "--format", "csv", "--no-predictions", "-o", sheet, "-q")
    with open(sheet, encoding="utf-8-sig", newline="") as f:
        rows = list(csv.DictReader(f))
    assert [r["id"] for r in rows] == ["a#1", "c#1"]
    for row in rows:
        row.update(themes=themes, sentiment="neutral")
    with open(sheet, "w", encoding="utf-8-sig", newline="") as f:
        w = csv.DictWriter(f, fieldnames=list(rows[0]))
        w.writeheader()
        w.writerows(rows)
    return sheet


def _source_with_a_broken_line(tmp_path):
    source = tmp_path / "src.jsonl"
    source.write_text('{"id": "a", "text": "支付宝不该做社交。"}\n{"id": "b", "text":\n{"id": "c", "text": "隐私更重要。"}\n', "utf-8")
    return source


def test_import_strict_stops_at_a_bad_source_record_and_writes_nothing(tmp_path):
    source = _source_with_a_broken_line(tmp_path)
    sheet, gold = _labelled_sheet(tmp_path, source), tmp_path / "g.jsonl"
    r = run("import", sheet, "--format", "csv", "--source", source, "--strict", "-o", gold)
    assert r.exit_code == 1
    assert r.stderr.splitlines() == [
        f"argmine: error: --source {source}: line 2: not valid JSON (Expecting value at the end of the line); fix or remove that line",
        STOP,
    ]
    assert not gold.exists()
    # without --strict the bad line is reported and the records of the others are written (exit 1), as before
    r = run("import", sheet, "--format", "csv", "--source", source, "-o", gold)
    assert r.exit_code == 1 and STOP not in r.stderr
    assert gold.read_text("utf-8").count("\n") == 2


def test_import_strict_stop_at_a_bad_record_ends_with_the_stop_line(tmp_path):
    source = tmp_path / "src.jsonl"
    source.write_text('{"id": "a", "text": "支付宝不该做社交。"}\n{"id": "c", "text": "隐私更重要。"}\n', "utf-8")
    sheet, gold = _labelled_sheet(tmp_path, source, themes="privcy"), tmp_path / "g.jsonl"
    r = run("import", sheet, "--format", "csv", "--strict", "-o", gold)
    assert r.exit_code == 1
    lines = r.stderr.splitlines()
    assert len(lines) == 2 and lines[1] == STOP
    assert lines[0].startswith(f"argmine: error: {sheet}: row 1 (line 2) (unit a#1): unknown theme 'privcy' in schema 'alipay_social'")
    assert not gold.exists()


def test_import_strict_does_not_call_an_only_annotator_naming_nobody_a_strict_stop(tmp_path):
    """That error ends a run without --strict too: one line, no stop line."""
    source = tmp_path / "src.jsonl"
    source.write_text('{"id": "a", "text": "支付宝不该做社交。"}\n{"id": "c", "text": "隐私更重要。"}\n', "utf-8")
    sheet, gold = _labelled_sheet(tmp_path, source), tmp_path / "g.jsonl"
    r = run("import", sheet, "--format", "csv", "--strict", "--only-annotator", "nobody", "-o", gold)
    assert (r.exit_code, r.stderr.splitlines()) == (1, [f"argmine: error: {sheet}: no annotation by 'nobody' in the files; the labelers there are: s"])
    assert not gold.exists()
