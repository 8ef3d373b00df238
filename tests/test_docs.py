"""The docs match the code: every command documented, the README's examples run."""

import re

import pytest
from click.testing import CliRunner

from argmine.cli import COMMANDS, SUMMARIES, main

from .conftest import ROOT

README = (ROOT / "README.md").read_text("utf-8")


def _flat(text: str) -> str:
    """Text with its line breaks and runs of white space made one space, as a sentence of the docs reads."""
    return " ".join(text.split())


def _doc(name: str) -> str:
    return _flat((ROOT / "docs" / name).read_text("utf-8"))


def _found(pattern: str, text: str, where: str) -> re.Match:
    """The first match of ``pattern`` in ``text``; a clear failure, not an AttributeError, when ``where`` was reworded."""
    m = re.search(pattern, text)
    assert m is not None, f"{where} no longer has a passage matching {pattern!r}: if it was reworded, update this test's anchor"
    return m


def _sentence(text: str, anchor: str, where: str) -> str:
    """The sentence of ``text`` (flattened) that holds ``anchor``, from the anchor to the next full stop."""
    assert anchor in text, f"{where} no longer says {anchor!r}: if it was reworded, update this test's anchor"
    start = text.index(anchor)
    end = text.find(". ", start)
    return text[start:] if end < 0 else text[start:end + 1]


def _option_named(option: str, text: str) -> bool:
    """Whether ``text`` names ``option`` itself, not only a longer option it begins or ends (--format in --input-format)."""
    return re.search(rf"(?<![\w-]){re.escape(option)}(?![\w-])", text) is not None


def test_readme_opens_with_the_two_setup_commands():
    first_block = _found(r"(?s)```bash\n(.*?)```", README, "README.md").group(1).strip().splitlines()
    assert [line.split("#")[0].strip() for line in first_block] == ["bash scripts/run.sh", "bash scripts/test.sh"]
    ci = (ROOT / ".ci" / "run").read_text("utf-8")
    assert "bash scripts/test.sh" in ci


def test_every_command_is_documented_in_the_readme_and_has_help():
    runner = CliRunner()
    for name in COMMANDS:
        assert f"argmine {name}" in README, name
        assert SUMMARIES[name]
        r = runner.invoke(main, [name, "--help"])
        assert r.exit_code == 0, (name, r.output)
        assert "Usage: main " + name in r.output or f"Usage: argmine {name}" in r.output or name in r.output


def test_readme_library_example_runs(monkeypatch):
    code = _found(r"(?s)## The library in 30 seconds\n\n[^#]*?```python\n(.*?)```", README, "README.md").group(1)
    monkeypatch.chdir(ROOT)
    exec(compile(code, "README.md", "exec"), {})


def test_no_unfilled_sections_in_readme():
    assert not re.search(r"\b[A-Z]+_SECTION\b|TODO|TBD", README)


def test_readme_names_every_exported_error_and_warning():
    import argmine

    exported = [name for name in argmine.__all__ if name.endswith(("Error", "Warning"))]
    assert {"ReportError", "InputWarning", "SchemaWarning"} <= set(exported)
    section = _found(r"(?s)Errors are typed(.*?)## Schemas: themes are data", README, "README.md").group(1)
    assert [name for name in exported if f"`{name}`" not in section and f"`argmine.{name}`" not in section] == []


def test_the_annotation_guide_in_the_repo_is_the_projects_guide():
    copy = ROOT / "annotations" / "ANNOTATION_GUIDE.md"
    assert copy.is_file()  # the gold and the default schema follow it; a clone must carry it
    shared = ROOT.parent / "shared" / "ANNOTATION_GUIDE.md"
    if not shared.is_file():
        pytest.skip("no ../shared beside the repo")
    assert copy.read_bytes() == shared.read_bytes()


def test_analyze_and_report_docs_name_the_provenance_schema_keys():
    from argmine.aggregate import provenance
    from argmine.schema import load_schema

    keys = list(provenance([], load_schema(), date="2024-01-01")["schema"])
    analyze = _found(r"(?s)JSON top level: `provenance`.{0,600}", (ROOT / "docs" / "analyze.md").read_text("utf-8"), "docs/analyze.md").group()
    report = _found(r"(?m)^\| Provenance \|.*$", (ROOT / "docs" / "report.md").read_text("utf-8"), "docs/report.md").group()
    assert [k for k in keys if f"`{k}`" not in analyze] == []
    assert [k for k in keys if f"`{k}`" not in report and f"`schema.{k}`" not in report] == []


def test_readme_names_only_stage_functions_that_have_their_own_module():
    import importlib

    import argmine

    sentence = _found(r"The stage functions (.*?) share their module's name", _flat(README), "README.md").group(1)
    names = re.findall(r"`(?:argmine\.)?(\w+)`", sentence)
    assert "read" in names and "train" in names
    for name in names:
        assert getattr(argmine, name).__module__ == f"argmine.{name}", name
        assert importlib.import_module(f"argmine.{name}").__name__ == f"argmine.{name}"


def test_readme_names_the_source_options_evaluate_does_not_take():
    def source_options(command):
        return set(re.findall(r"--source-[a-z][a-z-]*", CliRunner().invoke(main, [command, "--help"]).output))

    lacking = source_options("import") - source_options("evaluate")
    assert lacking  # --source-granularity: evaluate's units are the gold's
    sentence = _sentence(_flat(README), "tables take import's `--source-*` options", "README.md")
    assert [o for o in sorted(lacking) if f"`{o}`" not in sentence] == [], sentence


def test_the_corpus_figures_in_analyze_and_report_docs_are_what_analyze_prints():
    from fractions import Fraction

    import argmine
    from argmine.tables import fixed

    analysis = argmine.analyze([ROOT / "corpora"])
    totals, privacy, pro = analysis.totals, analysis.themes["privacy"], analysis.themes["pro_social"]
    comment = f"comment ({totals['by_kind']['comment']} units, {totals['argumentative_by_kind']['comment']} with a theme)"
    analyze_md, report_md = _doc("analyze.md"), _doc("report.md")
    assert f"`{comment}` in `argmine analyze corpora/`" in analyze_md
    assert privacy["sentiment"]["negative"] == privacy["units"]
    assert f"`argmine analyze corpora/` finds {privacy['units']} privacy units, all negative" in analyze_md
    assert f"`评论 {comment}`" in report_md
    share = fixed(100 * Fraction(pro["units"], totals["argumentative"]), 1)  # rounded as the report rounds: half away from zero
    assert f"`{share}% (n={pro['units']})` (`pro_social`; the figures in this table are `argmine report corpora/`'s)" in report_md


def test_the_whitespace_clause_example_cuts_where_its_spaces_are():
    import argmine

    m = _found(r"Whitespace between two CJK characters \(`([^`]+)`, (\w+) clauses\)", _doc("segment.md"), "docs/segment.md")
    example, count = m.group(1), m.group(2)
    units = argmine.segment([argmine.Document("d", example)], granularity="clause")
    assert [u.text for u in units] == example.split(" ")
    assert count == ["no", "one", "two", "three", "four", "five"][len(units)], f"the doc says {count} clauses; there are {len(units)}"


def test_every_segment_and_classify_option_is_named_in_the_docs():
    docs = _flat(README) + " ".join(_doc(p.name) for p in sorted((ROOT / "docs").glob("*.md")))
    for command in ("segment", "classify"):
        options = set(re.findall(r"(--[a-z][a-z-]+)", CliRunner().invoke(main, [command, "--help"]).output)) - {"--help"}
        assert [o for o in sorted(options) if not _option_named(o, docs)] == [], command


def test_readme_lists_every_public_read_option():
    import dataclasses

    import argmine

    listed = re.findall(r"`(\w+)`", _found(r"takes the `argmine.ReadOptions` fields as keywords \((.*?)\)", _flat(README),
                                             "README.md").group(1))
    public = [f.name for f in dataclasses.fields(argmine.ReadOptions) if not f.name.startswith("_")]
    assert sorted(set(public) - set(listed)) == [], "public ReadOptions fields the README does not list"
    assert sorted(set(listed) - set(public)) == [], "names the README lists that are no public ReadOptions field"


def test_classify_doc_promises_a_rebuilt_model_only_what_rounding_keeps(corpus_units):
    """A rebuild elsewhere differs in the weights by rounding (QA: platt 1.4e-6, theme_intercept 2.5e-7); the doc says so."""
    import numpy as np

    import argmine

    claim = _sentence(_doc("classify.md"), "a rebuild on another machine", "docs/classify.md")
    assert "byte-identical" not in claim and "rounding" in claim, claim
    bound = float(_found(r"at most about (\d+(?:\.\d+)?e-\d+)", claim, "docs/classify.md's rebuild sentence").group(1))
    assert bound >= 1e-6, f"the doc promises weights within {bound}; a rebuild elsewhere differs by up to 1.4e-6"
    model = argmine.load_model()
    before = [cu.prediction for cu in argmine.classify(corpus_units, model=model)]
    rng = np.random.default_rng(0)
    for name in ("platt_", "theme_intercept_", "theme_coef_"):
        arr = getattr(model, name)
        setattr(model, name, arr + rng.choice([-bound, bound], size=arr.shape))  # as far as the doc says a rebuild may differ
    after = [cu.prediction for cu in argmine.classify(corpus_units, model=model)]
    assert [(p.themes, p.sentiment) for p in after] == [(p.themes, p.sentiment) for p in before]
    assert max(abs(a.scores[t] - b.scores[t]) for a, b in zip(after, before) for t in a.scores) < 1e-4


def test_export_to_a_file_for_a_folder_format_exits_2_as_annotation_formats_says(tmp_path):
    claim = _sentence(_doc("annotation-formats.md"), "`-o` is checked before the inputs are read", "docs/annotation-formats.md")
    assert "exit 2, a usage error, for a folder format given a file" in claim, claim
    (tmp_path / "a.txt").write_text("财不外露。", "utf-8")
    (tmp_path / "afile").write_text("x", "utf-8")
    r = CliRunner().invoke(main, ["export", str(tmp_path / "a.txt"), "--format", "label-studio", "--no-predictions",
                                  "-o", str(tmp_path / "afile")])
    assert r.exit_code == 2, r.output


def test_readme_and_analyze_doc_quote_the_same_start_up_times():
    def times(text, where):
        m = _found(r"`import argmine`\s*(?:takes\s*)?(\d\.\d+) s,? and\s*`argmine --help`\s*(\d\.\d+) s|"
                   r"[Ii]mporting argmine takes (\d\.\d+) s and `argmine --help` (\d\.\d+) s", text, where)
        return [g for g in m.groups() if g]

    readme = times(_flat(README), "README.md")
    analyze = _found(r"`import argmine` (\d\.\d+) s, `argmine --help` (\d\.\d+) s", _doc("analyze.md"), "docs/analyze.md").groups()
    assert list(analyze) == readme


def test_readme_documents_the_version_option():
    r = CliRunner().invoke(main, ["--version"])
    assert r.exit_code == 0 and r.output.startswith("argmine, version ")
    assert _option_named("--version", README)


def test_readme_tour_imports_the_export_annotation_formats_names():
    line = _found(r"argmine import (\S+) --format label-studio --source corpora/ -o annotations/round2\.jsonl[^\n]*", README,
                  "README.md").group(0)
    assert line.startswith("argmine import project-export.json ") and "after labelling" in line, line
    assert "argmine import project-export.json --format label-studio --source corpora/" in _doc("annotation-formats.md")


def test_annotation_formats_says_a_deleted_sheet_row_is_not_counted(tmp_path):
    from argmine.export import export
    from argmine.importers import import_annotations
    from argmine.types import Unit

    text = "财不外露。来往已死。我只想付钱。"
    units = [Unit.from_source(text, doc="a", n=i + 1, start=5 * i, end=5 * i + 5, kind="body") for i in range(3)]
    export(units, tmp_path / "u.csv", "csv")
    lines = (tmp_path / "u.csv").read_text("utf-8-sig").splitlines()
    del lines[2]  # the labeler deleted unit a#2's row
    (tmp_path / "u.csv").write_text("\n".join(lines).replace(",alipay_social v2,,", ",alipay_social v2,other,neutral") + "\n",
                                    "utf-8")
    result = import_annotations([tmp_path / "u.csv"], "csv", units=units)
    n = result.unit_counts()
    assert len(result.records) + n.failed + n.unlabelled == 2  # of the 3 exported: the deleted row is in no count
    claim = _sentence(_doc("annotation-formats.md"), "nothing records which tasks, lines or rows an export held",
                      "docs/annotation-formats.md")
    assert "a CSV row, a doccano line or a Label Studio task deleted from the file cannot be detected" in claim, claim
