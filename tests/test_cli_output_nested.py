"""An existing output whose JSON is nested too deeply to read is not argmine's: the same one line as any foreign file."""

from __future__ import annotations

import shutil

import pytest
from click.testing import CliRunner

from argmine.cli import main

SHALLOW = '{"m": 1}\n'


def deep(depth: int) -> str:
    """One JSON object nested ``depth`` arrays deep: past what ``json.loads`` reads without a RecursionError."""
    return '{"m": ' + "[" * depth + "]" * depth + "}\n"


def run(*args):
    return CliRunner().invoke(main, list(map(str, args)), catch_exceptions=False)  # a RecursionError fails the test


@pytest.fixture
def folder(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "a.txt").write_text("支付宝不该做社交。\n", "utf-8")
    return tmp_path / "in"


@pytest.mark.parametrize("depth", [1_000, 100_000])
@pytest.mark.parametrize("command", [["segment"], ["classify", "--model", "lexicon"]])
def test_output_in_input_folder_nested_too_deeply_is_refused_as_a_foreign_file(folder, depth, command):
    old = folder / "old.jsonl"
    old.write_text(SHALLOW, "utf-8")
    shallow = run(command[0], "in/", *command[1:], "-o", "in/old.jsonl")
    old.write_text(deep(depth), "utf-8")
    r = run(command[0], "in/", *command[1:], "-o", "in/old.jsonl")
    assert (r.exit_code, r.output) == (shallow.exit_code, shallow.output)
    assert r.exit_code == 2 and r.output.splitlines()[-1] == (
        f"Error: -o in/old.jsonl is a file inside the input folder in/ that does not look like what 'argmine {command[0]}' "
        "writes: it is an input, and writing -o would replace it; pass another -o")
    assert old.read_text("utf-8") == deep(depth)  # left as it was


@pytest.mark.parametrize("depth", [1_000, 100_000])
def test_brat_export_over_a_manifest_nested_too_deeply_is_treated_as_a_foreign_manifest(folder, depth):
    def export(manifest: str):
        brat = folder / "brat"
        shutil.rmtree(brat, ignore_errors=True)
        brat.mkdir()
        (brat / "argmine.json").write_text(manifest, "utf-8")
        return run("export", "in/", "--format", "brat", "--model", "lexicon", "-o", "in/brat")

    shallow = export(SHALLOW)
    r = export(deep(depth))
    assert (r.exit_code, r.output) == (shallow.exit_code, shallow.output) and r.exit_code == 1, r.output
    assert sorted(p.name for p in (folder / "brat").iterdir()) == ["argmine.json"] and (folder / "brat" / "argmine.json").read_text("utf-8") == deep(depth)


@pytest.mark.parametrize("depth", [1_000, 100_000])
def test_schema_output_nested_too_deeply_is_refused_as_a_foreign_file(tmp_path, monkeypatch, depth):
    monkeypatch.chdir(tmp_path)
    out = tmp_path / "s.toml"
    out.write_text(SHALLOW, "utf-8")
    shallow = run("schema", "-o", "s.toml")
    out.write_text(deep(depth), "utf-8")
    r = run("schema", "-o", "s.toml")
    assert (r.exit_code, r.output) == (shallow.exit_code, shallow.output)
    assert r.exit_code == 2 and "-o s.toml is a file that does not look like what 'argmine schema' writes" in r.output
    assert out.read_text("utf-8") == deep(depth)
