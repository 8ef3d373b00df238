"""docs/schema.md names the commands that take --schema: those whose --help lists it, and no other."""

import re

from click.testing import CliRunner

from argmine.cli import COMMANDS, main

from .conftest import ROOT


def _takes_schema(name: str) -> bool:
    r = CliRunner().invoke(main, [name, "--help"])
    assert r.exit_code == 0, (name, r.output)
    return re.search(r"(?<![\w-])--schema(?![\w-])", r.output) is not None


def test_schema_doc_lists_exactly_the_commands_that_take_schema():
    doc = " ".join((ROOT / "docs" / "schema.md").read_text("utf-8").split())
    m = re.search(r"take `--schema FILE` for another debate \(([^)]*)\)", doc)
    assert m is not None, "docs/schema.md no longer says which commands take `--schema FILE`: if it was reworded, update this test"
    taking, _, without = m.group(1).partition(";")
    named = re.findall(r"`([a-z]+)`", taking)
    assert sorted(named) == sorted(c for c in COMMANDS if _takes_schema(c))
    assert all(c in COMMANDS and not _takes_schema(c) for c in re.findall(r"`([a-z]+)`", without))
    assert "every command takes `--schema" not in doc
