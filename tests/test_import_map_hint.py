"""argmine import's suggested --map options run as they read when pasted into a shell (quoted where a shell would split them)."""

from __future__ import annotations

import json
import shlex

from click.testing import CliRunner

from argmine.cli import main
from argmine.export import export
from argmine.types import Unit

TEXT = "把消费记录公开给陌生人，太危险了。"
UNITS = [Unit.from_source(TEXT, doc="doc", n=1, start=0, end=len(TEXT), kind="body")]


def _import(*args: str):
    return CliRunner().invoke(main, ["import", *args])


def _suggested(stderr: str, before: str) -> list[str]:
    """The command-line words of the suggestion after ``before`` in the one warning that makes it, as a shell splits them."""
    line = next(line for line in stderr.splitlines() if before in line)
    return shlex.split(line.split(before, 1)[1])


def test_import_map_hint_for_a_theme_name_with_a_space_and_ampersand_is_quoted_and_runs_when_pasted(tmp_path):
    export(UNITS, tmp_path / "blank.csv", "csv")
    lines = (tmp_path / "blank.csv").read_text("utf-8-sig").splitlines()
    lines[1] = lines[1][:-3] + "privacy & safety,negative,,"  # the privacy theme's name_en, not its id
    sheet = tmp_path / "labelled.csv"
    sheet.write_text("\n".join(lines) + "\n", "utf-8")
    out = tmp_path / "gold.jsonl"
    res = _import(str(sheet), "--format", "csv", "-o", str(out))
    assert res.exit_code == 1
    assert ("argmine: warning: label privacy & safety names theme 'privacy' of schema 'alipay_social' by name or in another "
            "case, not by id: write the id in the file, or import again with --map 'privacy & safety'=privacy") in res.stderr.splitlines()
    # pasted as it reads: one --map whose value is the whole pair (unquoted, & would send the command to the background)
    words = _suggested(res.stderr, "or import again with ")
    assert words == ["--map", "privacy & safety=privacy"]
    res = _import(str(sheet), "--format", "csv", "-o", str(out), *words)
    assert res.exit_code == 0, res.stderr
    assert [json.loads(line)["themes"] for line in out.read_text("utf-8").splitlines()] == [["privacy"]]


def test_import_map_hint_for_an_unknown_theme_with_a_space_is_quoted(tmp_path):
    export(UNITS, tmp_path / "dc", "doccano")
    task = json.loads((tmp_path / "dc" / "tasks.jsonl").read_text("utf-8"))
    task["label"] = ["blanket ban", "negative"]  # an older schema's theme, named with a space
    export_file = tmp_path / "e.jsonl"
    export_file.write_text(json.dumps(task, ensure_ascii=False) + "\n", "utf-8")
    res = _import(str(export_file), "--format", "doccano", "-o", str(tmp_path / "g.jsonl"))
    assert res.exit_code == 1
    assert ("argmine: warning: theme blanket ban is not in schema 'alipay_social'; if a schema change renamed or removed it, "
            "import again with --map 'blanket ban'=NEW (--map 'blanket ban'= drops it), one --map per theme "
            "(docs/schema.md, \"Changing a schema\")") in res.stderr.splitlines()
    assert _suggested(res.stderr, "import again with ")[:2] == ["--map", "blanket ban=NEW"]
