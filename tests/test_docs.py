"""The docs match the code: every command documented, the README's examples run."""

import re

import pytest
from click.testing import CliRunner

from argmine.cli import COMMANDS, SUMMARIES, main

from .conftest import ROOT

README = (ROOT / "README.md").read_text("utf-8")


def test_readme_opens_with_the_two_setup_commands():
    first_block = re.search(r"```bash\n(.*?)```", README, re.S).group(1).strip().splitlines()
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
    code = re.search(r"## The library in 30 seconds\n\n[^#]*?```python\n(.*?)```", README, re.S).group(1)
    monkeypatch.chdir(ROOT)
    exec(compile(code, "README.md", "exec"), {})


def test_no_unfilled_sections_in_readme():
    assert not re.search(r"\b[A-Z]+_SECTION\b|TODO|TBD", README)


def test_readme_names_every_exported_error_and_warning():
    import argmine

    exported = [name for name in argmine.__all__ if name.endswith(("Error", "Warning"))]
    assert {"ReportError", "InputWarning", "SchemaWarning"} <= set(exported)
    section = README[README.index("Errors are typed"):README.index("## Schemas: themes are data")]
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
    analyze = (ROOT / "docs" / "analyze.md").read_text("utf-8")
    analyze = analyze[analyze.index("JSON top level: `provenance`"):][:600]
    report = next(line for line in (ROOT / "docs" / "report.md").read_text("utf-8").splitlines()
                  if line.startswith("| Provenance |"))
    assert [k for k in keys if f"`{k}`" not in analyze] == []
    assert [k for k in keys if f"`{k}`" not in report and f"`schema.{k}`" not in report] == []
