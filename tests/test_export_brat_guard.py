"""A brat export never replaces files argmine did not write without --force, and refuses units that do not point into
their document's text (as every format that writes the document does), naming the unit."""

from __future__ import annotations

import json
import os
import warnings

import pytest
from click.testing import CliRunner

from argmine.cli import main
from argmine.errors import AlignmentError, InputError, InputWarning
from argmine.export import export
from argmine.types import Document, Unit

from .conftest import refuse_reading

TEXT = "财不外露。"
HAND_ANN = "T1\tprivacy 0 5\t财不外露。\n#1\tAnnotatorNotes T1\tmy hand labels\n"  # labelled by hand, not argmine's
FIX = "move them out of the folder or export into another one, or pass --force (force=True in Python) to replace them"
#: a folder of the name of a file the export writes: refused with --force too
FOLDER = ("{n} there ({first}) {has} the name of a file this export writes, and --force (force=True in Python) replaces files, "
          "not folders; rename or remove {it}, or export into another folder")


def run(*args):
    return CliRunner().invoke(main, list(map(str, args)), catch_exceptions=False)


def snapshot(folder):
    """Every entry under ``folder``: a file's bytes, a folder as ``/``."""
    return {str(p.relative_to(folder)): "/" if p.is_dir() else p.read_bytes() for p in sorted(folder.rglob("*"))}


def units_of(*ids):
    return ([Unit.from_source(TEXT, doc=d, n=1, start=0, end=5, kind="comment") for d in ids],
            [Document(id=d, text=TEXT) for d in ids])


def test_brat_export_refuses_to_replace_a_users_txt_and_ann_in_a_folder_without_argmine_json(tmp_path):
    out = tmp_path / "project"
    out.mkdir()
    (out / "d.txt").write_text(TEXT, "utf-8")
    (out / "d.ann").write_text(HAND_ANN, "utf-8")
    before = snapshot(out)
    units, docs = units_of("d")
    with pytest.raises(InputError) as e:
        export(units, out, "brat", documents=docs)
    assert str(e.value) == (f"{out}: 2 files there (d.txt, d.ann) have the name of a file this export writes, and the folder "
                            f"holds no argmine.json, so argmine did not write them: the export would replace them; {FIX}")
    assert snapshot(out) == before and os.listdir(tmp_path) == ["project"]  # nothing changed, no scratch folder left
    export(units, out, "brat", documents=docs, force=True)  # asked for: replaced
    assert (out / "d.ann").read_text("utf-8").startswith("T1\tother 0 5\t")


def test_brat_export_refuses_to_replace_a_brat_projects_own_annotation_conf_in_a_folder_without_argmine_json(tmp_path):
    out = tmp_path / "project"
    out.mkdir()
    (out / "annotation.conf").write_text("[entities]\nClaim\nPremise\n", "utf-8")  # the project's own types
    before = snapshot(out)
    units, docs = units_of("d")
    with pytest.raises(InputError) as e:
        export(units, out, "brat", documents=docs)
    assert str(e.value) == (f"{out}: 1 file there (annotation.conf) has the name of a file this export writes, and the folder "
                            "holds no argmine.json, so argmine did not write it: the export would replace it; move it out of the "
                            "folder or export into another one, or pass --force (force=True in Python) to replace it")
    assert snapshot(out) == before
    export(units, out, "brat", documents=docs, force=True)
    assert "Claim" not in (out / "annotation.conf").read_text("utf-8")


def test_brat_export_refuses_to_replace_a_users_files_that_the_previous_argmine_json_does_not_list(tmp_path):
    out = tmp_path / "brat"
    units, docs = units_of("a")
    export(units, out, "brat", documents=docs)
    (out / "c.ann").write_text(HAND_ANN, "utf-8")  # the user's own, beside the export's a.txt/a.ann
    before = snapshot(out)
    units, docs = units_of("a", "c")
    with pytest.raises(InputError) as e:
        export(units, out, "brat", documents=docs)
    assert str(e.value) == (f"{out}: 1 file there (c.ann) has the name of a file this export writes, and its argmine.json does not "
                            "list it, so argmine did not write it: the export would replace it; move it out of the folder or export "
                            "into another one, or pass --force (force=True in Python) to replace it")
    assert snapshot(out) == before


@pytest.mark.parametrize("manifest, reason", [("{broken", "it is not an export's JSON"), ('{"documents": []}', "it is not an export's JSON"),
                                              (None, "it is not a file")])
def test_brat_export_over_an_argmine_json_it_cannot_read_refuses_to_replace_the_files_there(tmp_path, manifest, reason):
    out = tmp_path / "brat"
    units, docs = units_of("a")
    export(units, out, "brat", documents=docs)
    (out / "a.ann").write_text(HAND_ANN, "utf-8")  # labelled since: the --force guard must not be skipped
    (out / "argmine.json").unlink()
    if manifest is None:
        (out / "argmine.json").mkdir()
    else:
        (out / "argmine.json").write_text(manifest, "utf-8")
    before = snapshot(out)
    with pytest.raises(InputError) as e:
        export(units, out, "brat", documents=docs)
    files = "2 files there (a.txt, a.ann) have" if manifest is None else "3 files there (argmine.json, a.txt, a.ann) have"
    folder = f"{FOLDER.format(n='1 folder', first='argmine.json', has='has', it='it')}; also " if manifest is None else ""
    assert str(e.value) == (f"{out}: {folder}{files} the name of a file this export writes, and its argmine.json "
                            f"cannot be read ({reason}), so whether argmine wrote them is not known: the export would replace them; {FIX}")
    assert snapshot(out) == before


NOT_OURS = ("{manifest}: not the argmine.json of an argmine brat export, or it cannot be read ({reason}): the export would "
            "replace it with its own; move it out of the folder or export into another one, or pass --force (force=True in "
            "Python) to replace it")


@pytest.mark.parametrize("manifest, reason", [
    ('{"project": "mine"}', "it is not an export's JSON"),  # the user's own file of that name
    ('["a", "b"]', "it is not an export's JSON"),
    ("{broken", "it is not an export's JSON"),
    ('{"m": ' + "[" * 100_000 + "]" * 100_000 + "}", "it is not an export's JSON"),  # deeper than the parser goes
    ('{"documents": {}}', "it is not an export's JSON"),  # every export records its schema
    ('{"schema": "mine", "documents": {"notes": "my notes"}}', "it is not an export's JSON"),  # each entry: "doc" and "units"
])  # a folder of that name, which replacing would delete with what it holds, is refused with --force too: test_brat_version42
def test_brat_export_refuses_to_replace_an_argmine_json_argmine_did_not_write_and_force_replaces_it(tmp_path, manifest, reason):
    out = tmp_path / "project"
    out.mkdir()
    (out / "argmine.json").write_text(manifest, "utf-8")
    (out / "notes.txt").write_text("mine", "utf-8")  # the entry 'notes' must not make it the export's to remove
    before = snapshot(out)
    units, docs = units_of("d")
    with pytest.raises(InputError) as e:
        export(units, out, "brat", documents=docs)
    assert str(e.value) == NOT_OURS.format(manifest=out / "argmine.json", reason=reason)
    assert snapshot(out) == before and os.listdir(tmp_path) == ["project"]  # nothing changed, no scratch folder left
    with pytest.warns(InputWarning, match=r"also holds 1 \.txt/\.ann file that this export did not write \(notes\.txt\)"):
        export(units, out, "brat", documents=docs, force=True)  # asked for: replaced
    assert set(json.loads((out / "argmine.json").read_text("utf-8"))) == {"schema", "schema_version", "documents"}
    assert (out / "notes.txt").read_text("utf-8") == "mine"  # --force replaces the names it writes, removes nothing else


def test_brat_export_over_an_earlier_export_replaces_its_argmine_json_without_force(tmp_path):
    out = tmp_path / "brat"
    units, docs = units_of("a", "b")
    export(units, out, "brat", documents=docs)
    units, docs = units_of("c")
    export(units, out, "brat", documents=docs)  # the normal re-export: its own argmine.json, not refused
    assert list(json.loads((out / "argmine.json").read_text("utf-8"))["documents"]) == ["c"]
    assert sorted(os.listdir(out)) == ["annotation.conf", "argmine.json", "c.ann", "c.txt", "visual.conf"]


def test_cli_brat_export_over_a_users_argmine_json_is_one_line_exit_1_and_force_replaces_it(tmp_path):
    page = tmp_path / "src" / "page.txt"
    page.parent.mkdir()
    page.write_text(TEXT + "\n", "utf-8")
    out = tmp_path / "project"
    out.mkdir()
    (out / "argmine.json").write_text('{"project": "mine"}\n', "utf-8")
    res = run("export", page, "--format", "brat", "--no-predictions", "-o", out)
    assert res.exit_code == 1 and res.stderr == (
        "argmine: error: " + NOT_OURS.format(manifest=out / "argmine.json", reason="it is not an export's JSON") + "\n")
    assert os.listdir(out) == ["argmine.json"] and (out / "argmine.json").read_text("utf-8") == '{"project": "mine"}\n'
    res = run("export", page, "--format", "brat", "--no-predictions", "--force", "-q", "-o", out)
    assert res.exit_code == 0 and list(json.loads((out / "argmine.json").read_text("utf-8"))["documents"]) == ["page"]


@pytest.mark.parametrize("manifest, force", [('{"notes": "mine"}', ()), (None, ()), (None, ("--force",))],
                         ids=["users-file", "folder", "folder-force"])  # a folder of that name: refused with --force too
@pytest.mark.parametrize("model", [("--no-predictions",), ("--model", "lexicon")])
def test_cli_brat_export_over_a_users_argmine_json_is_refused_before_reading_the_inputs(tmp_path, monkeypatch, manifest, force, model):
    page = tmp_path / "src" / "page.txt"
    page.parent.mkdir()
    page.write_text(TEXT + "\n", "utf-8")
    out = tmp_path / "project"
    out.mkdir()
    if manifest is None:
        (out / "argmine.json").mkdir()
        line = f"{out}: " + FOLDER.format(n="1 folder", first="argmine.json", has="has", it="it")
    else:
        (out / "argmine.json").write_text(manifest, "utf-8")
        line = NOT_OURS.format(manifest=out / "argmine.json", reason="it is not an export's JSON")
    before = snapshot(out)
    refuse_reading(monkeypatch, page)  # the refusal depends on the folder only: a large corpus is not read and classified first
    res = run("export", page, "--format", "brat", *model, *force, "-o", out)
    assert res.exit_code == 1 and res.stderr == f"argmine: error: {line}\n"
    assert snapshot(out) == before


def test_brat_export_into_its_own_folder_replaces_its_files_and_leaves_other_names_alone(tmp_path):
    out = tmp_path / "brat"
    units, docs = units_of("a")
    export(units, out, "brat", documents=docs)
    (out / "notes.txt").write_text("mine", "utf-8")  # another name: left, with the warning about it
    with pytest.warns(InputWarning, match=r"also holds 1 \.txt/\.ann file that this export did not write \(notes\.txt\)"):
        export(units, out, "brat", documents=docs)
    assert (out / "notes.txt").read_text("utf-8") == "mine"


def test_cli_brat_export_over_a_users_ann_is_one_line_exit_1_and_force_replaces_it(tmp_path):
    page = tmp_path / "src" / "page.txt"
    page.parent.mkdir()
    page.write_text(TEXT + "\n", "utf-8")
    out = tmp_path / "project"
    out.mkdir()
    (out / "page.txt").write_text(TEXT + "\n", "utf-8")
    (out / "page.ann").write_text(HAND_ANN, "utf-8")
    before = snapshot(out)
    res = run("export", page, "--format", "brat", "--no-predictions", "-o", out)
    assert res.exit_code == 1 and res.stderr == (
        f"argmine: error: {out}: 2 files there (page.txt, page.ann) have the name of a file this export writes, and the folder "
        f"holds no argmine.json, so argmine did not write them: the export would replace them; {FIX}\n")
    assert snapshot(out) == before
    res = run("export", page, "--format", "brat", "--no-predictions", "--force", "-q", "-o", out)
    assert res.exit_code == 0 and "my hand labels" not in (out / "page.ann").read_text("utf-8")


def test_brat_warnings_are_input_warnings(tmp_path):
    out = tmp_path / "brat"
    units, docs = units_of("a")
    export(units, out, "brat", documents=docs)
    manifest = json.loads((out / "argmine.json").read_text("utf-8"))
    for entry in manifest["documents"].values():
        del entry["ann_sha256"]  # as an older argmine wrote it
    (out / "argmine.json").write_text(json.dumps(manifest), "utf-8")
    (out / "x.ann").write_text("", "utf-8")
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        export(units, out, "brat", documents=docs)
    assert [w.category for w in caught] == [InputWarning, InputWarning]  # filtered as the docs say, not plain UserWarnings
    assert str(caught[0].message).startswith(f"{out}: replaced 1 .ann file of the previous export (a.ann); an older argmine")
    assert "also holds 1 .txt/.ann file that this export did not write (x.ann)" in str(caught[1].message)


STALE = [Unit("p#2", "p", 10, 19, "隐私泄露太可怕了。", "comment"), Unit("p#9", "p", 0, 5, "隐私泄露了", "comment")]
NEW = Document("p", "支付宝做社交是对的。财不外露。")  # the page scraped again: one sentence gone


@pytest.mark.parametrize("fmt, level", [("brat", "document"), ("label-studio", "document"), ("doccano", "document"),
                                        ("label-studio", "unit"), ("doccano", "unit"), ("csv", "unit")])
@pytest.mark.parametrize("unit, why", [
    (STALE[0], "offsets 10..19 go past the end of the document's text (15 characters)"),
    (STALE[1], "its text '隐私泄露了' is not what the document holds at 0..5 ('支付宝做社')")])
def test_export_refuses_a_unit_that_does_not_point_into_its_document_naming_it(tmp_path, fmt, level, unit, why):
    out = tmp_path / ("out.csv" if fmt == "csv" else "out")
    with pytest.raises(AlignmentError) as e:
        export([unit], out, fmt, documents=[NEW], level=level)
    assert str(e.value) == (
        f"unit {unit.id!r}: {why}: the unit does not point into this text of document 'p' (was it cut from an earlier one, a "
        "page scraped again since?); segment the document again (argmine.segment) and use its units, or realign labels made on "
        "the old units ('argmine realign GOLD INPUTS -o NEW')")
    assert not out.exists()
