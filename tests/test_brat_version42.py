"""What is in the way of an export is named all at once, and a folder in the way is never deleted: --force replaces files.

A brat export refused for a foreign ``argmine.json`` named only that, and the files of the export's names came up on the
next run; ``--force`` deleted a folder of the name of a file it writes (``doc.ann/``, ``argmine.json/``) with all it
held.  Label Studio and doccano replaced their first file before failing on a folder in place of the second.
"""

from __future__ import annotations

import json

import pytest

from argmine.errors import InputError
from argmine.export import export

from .test_export_brat_guard import TEXT, run, snapshot, units_of  # the same page, units and helpers

HAND_ANN = "T1\tprivacy 0 5\t财不外露。\n"  # labelled by hand
MOVE = "move {them} out of the folder or export into another one, or pass --force (force=True in Python) to replace {them}"
FOLDER = ("{n} there ({first}) {has} the name of a file this export writes{force}; rename or remove {it}, or export into "
          "another folder")
BRAT_FORCE = ", and --force (force=True in Python) replaces files, not folders"




@pytest.fixture
def page(tmp_path):
    page = tmp_path / "src" / "page.txt"
    page.parent.mkdir()
    page.write_text(TEXT + "\n", "utf-8")
    return page


# --- one message for everything in the way ------------------------------------------------------------------------------


@pytest.mark.parametrize("how", [("--no-predictions",), ("--model", "lexicon"), ("--model", "lexicon", "--order", "uncertainty")])
def test_cli_brat_export_names_a_foreign_argmine_json_and_the_files_of_its_names_in_one_line(tmp_path, page, how):
    out = tmp_path / "project"
    out.mkdir()
    (out / "argmine.json").write_text('{"project": "mine"}\n', "utf-8")
    (out / "page.txt").write_text("my page\n", "utf-8")
    (out / "page.ann").write_text(HAND_ANN, "utf-8")
    before = snapshot(out)
    res = run("export", page, "--format", "brat", *how, "-o", out)
    assert res.exit_code == 1 and res.stderr == (
        f"argmine: error: {out}: 3 files there (argmine.json, page.txt, page.ann) have the name of a file this export writes, "
        "and its argmine.json cannot be read (it is not an export's JSON), so whether argmine wrote them is not known: the "
        f"export would replace them; {MOVE.format(them='them')}\n")
    assert snapshot(out) == before
    res = run("export", page, "--format", "brat", *how, "--force", "-q", "-o", out)  # what the line says --force does
    assert res.exit_code == 0 and list(json.loads((out / "argmine.json").read_text("utf-8"))["documents"]) == ["page"]


def test_cli_brat_export_refuses_the_files_in_the_way_before_classifying(tmp_path, page, monkeypatch):
    import importlib

    stage = importlib.import_module("argmine.classify")  # the module: argmine.classify is the function
    out = tmp_path / "project"
    out.mkdir()
    (out / "argmine.json").write_text('{"project": "mine"}\n', "utf-8")
    (out / "page.ann").write_text(HAND_ANN, "utf-8")

    def classify(*args, **kwargs):
        raise AssertionError("classified before the folder was checked")

    monkeypatch.setattr(stage, "classify", classify)  # a large corpus is not classified only to be refused
    res = run("export", page, "--format", "brat", "--model", "lexicon", "-o", out)
    assert res.exit_code == 1 and "2 files there (argmine.json, page.ann) have the name" in res.stderr


def test_brat_export_names_ann_files_labelled_since_and_a_users_files_in_one_line(tmp_path):
    out = tmp_path / "brat"
    units, docs = units_of("a")
    export(units, out, "brat", documents=docs)
    (out / "a.ann").write_text(HAND_ANN, "utf-8")  # labelled in brat since
    (out / "c.txt").write_text("mine", "utf-8")  # the user's own, which argmine.json does not list
    before = snapshot(out)
    units, docs = units_of("a", "c")
    with pytest.raises(InputError) as e:
        export(units, out, "brat", documents=docs)
    # --force is said to replace both: a user who imports the labels and passes it knows c.txt goes too
    assert str(e.value) == (
        f"{out}: 1 .ann file of the previous export changed since argmine wrote it (a.ann): labels drawn in brat, which this "
        f"export would replace; import them first ('argmine import {out} --format brat -o gold.jsonl'), or pass --force to "
        "replace them; also 1 file there (c.txt) has the name of a file this export writes, and its argmine.json does not "
        f"list it, so argmine did not write it: the export would replace it; {MOVE.format(them='it')}")
    assert snapshot(out) == before


# --- a folder in the way: refused, --force too -----------------------------------------------------------------------


@pytest.mark.parametrize("name", ["page.txt", "page.ann", "argmine.json", "annotation.conf", "visual.conf"])
@pytest.mark.parametrize("force", [(), ("--force",)])
def test_cli_brat_export_never_deletes_a_folder_of_the_name_of_a_file_it_writes(tmp_path, page, name, force):
    out = tmp_path / "project"
    (out / name).mkdir(parents=True)
    (out / name / "mine.txt").write_text("my notes", "utf-8")
    before = snapshot(out)
    res = run("export", page, "--format", "brat", "--no-predictions", *force, "-o", out)
    assert res.exit_code == 1 and res.stderr == (
        f"argmine: error: {out}: {FOLDER.format(n='1 folder', first=name, has='has', force=BRAT_FORCE, it='it')}\n")
    assert snapshot(out) == before and sorted(p.name for p in tmp_path.iterdir()) == ["project", "src"]  # no scratch folder


def test_brat_export_with_force_refuses_folders_in_the_way_and_names_them_with_the_files(tmp_path):
    out = tmp_path / "brat"
    for name in ("a.ann", "b.txt"):
        (out / name).mkdir(parents=True)
        (out / name / "keep").write_text("mine", "utf-8")
    (out / "a.txt").write_text("my page", "utf-8")
    before = snapshot(out)
    units, docs = units_of("a", "b")
    with pytest.raises(InputError) as e:
        export(units, out, "brat", documents=docs)
    assert str(e.value) == (
        f"{out}: {FOLDER.format(n='2 folders', first='a.ann, b.txt', has='have', force=BRAT_FORCE, it='them')}; also 1 file "
        "there (a.txt) has the name of a file this export writes, and the folder holds no argmine.json, so argmine did not "
        f"write it: the export would replace it; {MOVE.format(them='it')}")
    with pytest.raises(InputError) as e:
        export(units, out, "brat", documents=docs, force=True)  # replaces a.txt, not the folders
    assert str(e.value) == f"{out}: {FOLDER.format(n='2 folders', first='a.ann, b.txt', has='have', force=BRAT_FORCE, it='them')}"
    assert snapshot(out) == before


def test_brat_export_with_force_replaces_a_link_to_a_folder_and_leaves_the_folder(tmp_path):
    import os

    out, elsewhere = tmp_path / "brat", tmp_path / "elsewhere"
    out.mkdir()
    (elsewhere / "keep").parent.mkdir()
    (elsewhere / "keep").write_text("mine", "utf-8")
    os.symlink(elsewhere, out / "a.ann")  # a link is a file of the folder, not the folder it points to
    units, docs = units_of("a")
    export(units, out, "brat", documents=docs, force=True)
    assert (out / "a.ann").is_file() and not (out / "a.ann").is_symlink()
    assert (elsewhere / "keep").read_text("utf-8") == "mine"


@pytest.mark.parametrize("fmt, first, folder", [("label-studio", "tasks.json", "config.xml"),
                                                ("doccano", "tasks.jsonl", "label_types.json")])
def test_label_studio_and_doccano_name_a_folder_in_the_way_and_write_nothing(tmp_path, page, fmt, first, folder):
    out = tmp_path / "out"
    (out / folder).mkdir(parents=True)
    (out / folder / "mine.txt").write_text("my notes", "utf-8")
    (out / first).write_text("the previous export's\n", "utf-8")  # was replaced before the folder failed the second file
    before = snapshot(out)
    line = f"{out}: {FOLDER.format(n='1 folder', first=folder, has='has', force='', it='it')}"
    res = run("export", page, "--format", fmt, "--no-predictions", "-o", out)
    assert res.exit_code == 1 and res.stderr == f"argmine: error: {line}\n"
    assert snapshot(out) == before
    units, docs = units_of("a")
    with pytest.raises(InputError) as e:
        export(units, out, fmt, documents=docs)
    assert str(e.value) == line and snapshot(out) == before
