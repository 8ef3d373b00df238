"""Writing exports: the files are replaced only when complete, and a write error is one line."""

from __future__ import annotations

import os

import pytest
from click.testing import CliRunner

from argmine._files import replacing
from argmine.cli import main
from argmine.errors import InputError
from argmine.export import export
from argmine.types import Document, Unit


def run(*args):
    return CliRunner().invoke(main, list(map(str, args)), catch_exceptions=False)


@pytest.fixture
def page(tmp_path):
    p = tmp_path / "page.txt"
    p.write_text("支付宝不该做社交。隐私会泄露。\n", encoding="utf-8")
    return p


def test_replacing_leaves_the_previous_file_when_the_block_fails(tmp_path):
    p = tmp_path / "out.txt"
    p.write_text("previous", encoding="utf-8")
    with pytest.raises(KeyboardInterrupt):
        with replacing(p) as f:
            f.write("half")
            raise KeyboardInterrupt
    assert p.read_text("utf-8") == "previous" and os.listdir(tmp_path) == ["out.txt"]


@pytest.mark.skipif(not hasattr(__import__("signal"), "pthread_sigmask"), reason="signals cannot be held here")
def test_replacing_a_stop_signal_while_the_temporary_file_is_made_leaves_no_file(tmp_path, monkeypatch):
    class Stopped(Exception):
        pass

    real = os.open

    def open_then_stop(path, *args, **kwargs):
        made = real(path, *args, **kwargs)
        if str(path).endswith(".part"):
            # a stop signal's handler raising at the first instruction after the file is made: what happens when another
            # thread takes the signal, which no signal mask of this thread can hold (a mask around tempfile.mkstemp left
            # the file behind about one time in three in a process with a second thread)
            raise Stopped
        return made

    monkeypatch.setattr(os, "open", open_then_stop)
    with pytest.raises(Stopped):
        with replacing(tmp_path / "out.txt") as f:
            f.write("new")
    monkeypatch.undo()
    assert os.listdir(tmp_path) == []


@pytest.mark.parametrize("existing", [False, True])
def test_replacing_folder_a_stop_while_a_scratch_folder_is_made_leaves_the_folder_as_it_was(tmp_path, monkeypatch, existing):
    from argmine._files import replacing_folder

    class Stopped(Exception):
        pass

    target = tmp_path / "model"
    if existing:
        target.mkdir()
        (target / "config.json").write_text("old", "utf-8")
    real = os.mkdir

    def mkdir_then_stop(path, *args, **kwargs):  # a stop signal's handler raising right after the folder is made
        real(path, *args, **kwargs)
        if str(path).endswith((".part", ".previous")):
            raise Stopped

    monkeypatch.setattr(os, "mkdir", mkdir_then_stop)
    with pytest.raises(Stopped):
        with replacing_folder(target) as new:
            (new / "config.json").write_text("new", "utf-8")
    monkeypatch.undo()
    assert os.listdir(tmp_path) == (["model"] if existing else [])
    if existing:
        assert os.listdir(target) == ["config.json"] and (target / "config.json").read_text("utf-8") == "old"


def test_replacing_a_name_ending_in_a_slash_is_a_folder_not_a_file_without_the_slash(tmp_path):
    with pytest.raises(IsADirectoryError):
        with replacing(f"{tmp_path / 'out'}{os.sep}") as f:
            f.write("text")
    assert os.listdir(tmp_path) == []


def test_replacing_writes_a_special_file_directly(tmp_path):
    with replacing(os.devnull) as f:
        f.write("x")
    assert os.path.exists(os.devnull) and not os.path.isfile(os.devnull)  # /dev/null was not renamed over


def test_replacing_gives_a_new_file_the_usual_mode(tmp_path):
    umask = os.umask(0o022)
    try:
        with replacing(tmp_path / "new.txt") as f:
            f.write("x")
    finally:
        os.umask(umask)
    assert (tmp_path / "new.txt").stat().st_mode & 0o777 == 0o644  # not mkstemp's 0600


@pytest.mark.parametrize("fmt, name", [("label-studio", "tasks.json"), ("label-studio", "config.xml"),
                                       ("doccano", "tasks.jsonl"), ("brat", "page.txt"), ("brat", "page.ann")])
def test_export_into_a_folder_replaces_a_link_at_one_of_its_names_not_its_target(page, tmp_path, fmt, name):
    victim = tmp_path / "victim"
    victim.write_text("precious", encoding="utf-8")
    out = tmp_path / "out"
    out.mkdir()
    (out / name).symlink_to(victim)
    r = run("export", page, "--format", fmt, "--no-predictions", "-o", out)
    assert r.exit_code == 0, r.output
    assert victim.read_text("utf-8") == "precious"
    assert not (out / name).is_symlink() and (out / name).stat().st_size > 0


def test_replacing_follows_a_link_given_as_the_output(tmp_path):
    target = tmp_path / "target.txt"
    target.write_text("old", encoding="utf-8")
    (tmp_path / "link.txt").symlink_to(target)
    with replacing(tmp_path / "link.txt") as f:
        f.write("new")
    assert (tmp_path / "link.txt").is_symlink() and target.read_text("utf-8") == "new"


def test_export_write_error_is_one_input_error(tmp_path, monkeypatch):
    u = Unit.from_source("财不外露。", doc="d", n=1, start=0, end=5, kind="comment")

    def full(*args, **kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("argmine.export.replacing", full)
    with pytest.raises(InputError) as e:
        export([u], tmp_path / "ls", "label-studio")
    assert str(e.value) == (f"{tmp_path / 'ls'}: cannot write the label-studio export (No space left on device); "
                            "the disk is full: free some space on it, or write to another disk")  # not "pass a folder that can be written"
    assert not (tmp_path / "ls").exists()  # no empty folder left, as brat


@pytest.mark.parametrize("existing", [False, True])
def test_export_a_failed_doccano_export_leaves_no_half_export(tmp_path, monkeypatch, existing):
    import argmine.export

    u = Unit.from_source("财不外露。", doc="d", n=1, start=0, end=5, kind="comment")
    out = tmp_path / "dc"
    if existing:
        out.mkdir()
        (out / "notes.txt").write_text("keep", encoding="utf-8")
    write_text = argmine.export._write_text

    def full_at_labels(path, *args, **kwargs):  # tasks.jsonl is written, then the disk is full
        if path.name == "label_types.json":
            raise OSError(28, "No space left on device")
        return write_text(path, *args, **kwargs)

    monkeypatch.setattr("argmine.export._write_text", full_at_labels)
    with pytest.raises(InputError, match="the disk is full"):
        export([u], out, "doccano")
    if existing:  # tasks.jsonl without label_types.json would be a half export
        assert [p.name for p in out.iterdir()] == ["notes.txt"]
    else:
        assert not out.exists()


@pytest.mark.parametrize("fmt", ["label-studio", "doccano", "brat"])
def test_cli_export_of_a_folder_format_to_a_file_is_one_line(page, tmp_path, fmt):
    (tmp_path / "taken.txt").write_text("keep", encoding="utf-8")
    r = run("export", page, "--format", fmt, "--no-predictions", "-o", tmp_path / "taken.txt")
    assert r.exit_code == 2  # a usage error, as -o FOLDER for an output file is
    assert r.output == f"argmine: error: {tmp_path / 'taken.txt'}: cannot write output (it is a file); pass a folder\n"
    assert (tmp_path / "taken.txt").read_text("utf-8") == "keep"


@pytest.mark.parametrize("fmt,out", [("label-studio", "ls"), ("csv", "e.csv")])
def test_cli_export_under_a_file_is_one_line_before_the_work(page, tmp_path, fmt, out):
    target = page / out  # page.txt is a file, not a folder
    r = run("export", page, "--format", fmt, "--no-predictions", "-o", target)
    assert r.exit_code == 1
    assert r.output == f"argmine: error: {target}: cannot write output ({page} is a file, not a folder); check the directory exists and is writable\n"


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() == 0, reason="root writes into a read-only folder")
def test_cli_export_into_a_read_only_folder_is_one_line(page, tmp_path):
    ro = tmp_path / "ro"
    ro.mkdir()
    ro.chmod(0o555)
    try:
        r = run("export", page, "--format", "label-studio", "--no-predictions", "-o", ro / "ls")
    finally:
        ro.chmod(0o755)
    assert r.exit_code == 1 and r.output == f"argmine: error: {ro / 'ls'}: cannot write output (Permission denied); check the directory exists and is writable\n"


def test_cli_export_to_one_of_its_inputs_is_refused(page):
    r = run("export", page, "--format", "csv", "--no-predictions", "-o", page)
    assert r.exit_code == 2 and "is also an input" in r.output
    assert page.read_text("utf-8") == "支付宝不该做社交。隐私会泄露。\n"


@pytest.mark.parametrize("fmt", ["label-studio", "doccano", "brat", "csv"])
def test_cli_export_to_an_empty_path_is_a_usage_error_not_the_current_folder(page, tmp_path, monkeypatch, fmt):
    work = tmp_path / "cwd"
    work.mkdir()
    monkeypatch.chdir(work)  # -o "$OUT" with OUT unset: nothing may land here
    r = run("export", page, "--format", fmt, "--no-predictions", "-o", "")
    assert r.exit_code == 2
    assert r.output.splitlines()[-1] == ("Error: Invalid value for '-o' / '--output': an empty path names no file (is a variable unset?); "
                                         "pass a file or folder name")
    assert os.listdir(work) == []


# --- brat file names and a failed brat export ---------------------------------------------------------------


def test_brat_file_stem_is_short_unique_ignoring_case_and_no_device_name():
    from argmine.export import brat_file_stem

    taken: set[str] = set()
    stems = [brat_file_stem(d, taken) for d in ["a/b", "A/B", "CON", "com1.x", "x" * 300, "x" * 300 + "y", "深" * 90]]
    assert stems[:4] == ["a_b", "A_B_2", "CON_", "com1_.x"]
    assert all(len(s.encode("utf-8")) <= 100 for s in stems)
    assert stems[4] != stems[5] and stems[4].startswith("x" * 80)
    assert len({s.casefold() for s in stems}) == len(stems)


def brat_units(ids):
    text = "财不外露。"
    units = [Unit.from_source(text, doc=d, n=1, start=0, end=5, kind="comment") for d in ids]
    return units, [Document(id=d, text=text) for d in ids]


def test_brat_export_of_long_and_case_only_ids_imports_back(tmp_path):
    from argmine.backends.base import Prediction
    from argmine.importers import import_annotations

    ids = ["https://example.com/" + "p" * 300, "深" * 90, "a/b", "A/B", "CON", "line\nbreak"]
    units, docs = brat_units(ids)
    preds = [Prediction(themes=("privacy",), sentiment="negative", scores={"privacy": 0.9}, sentiment_score=-0.5)] * len(units)
    export(units, tmp_path / "brat", "brat", predictions=preds, documents=docs)
    names = [p.name for p in (tmp_path / "brat").iterdir()]
    assert len({n.casefold() for n in names}) == len(names) == 2 * len(ids) + 3
    result = import_annotations([tmp_path / "brat"], "brat", units=units, strict=True)
    assert sorted(r.doc for r in result.records) == sorted(ids)


def test_failed_brat_export_leaves_no_manifest_and_no_new_files(tmp_path, monkeypatch):
    out = tmp_path / "brat"
    out.mkdir()
    (out / "old.txt").write_text("labelled before", encoding="utf-8")
    (out / "argmine.json").write_text('{"schema": "x", "documents": {}}', encoding="utf-8")
    units, docs = brat_units(["d1", "d2", "d3"])
    import argmine.export as ex

    calls = []

    def full(path, text, **kwargs):
        calls.append(path)
        if len(calls) == 4:
            raise OSError(28, "No space left on device")
        return real(path, text, **kwargs)

    real = ex._write_text
    monkeypatch.setattr(ex, "_write_text", full)
    with pytest.raises(InputError):
        export(units, out, "brat", documents=docs)
    assert sorted(p.name for p in out.iterdir()) == ["old.txt"]  # the old manifest is gone: the folder is not an export
    calls.clear()
    with pytest.raises(InputError):
        export(units, tmp_path / "new" / "brat", "brat", documents=docs)
    assert not (tmp_path / "new" / "brat").exists()


def test_labelling_configs_hold_schema_texts_on_one_line_and_as_valid_xml():
    import dataclasses
    import xml.etree.ElementTree as ET

    from argmine.export import _brat_visual_conf, brat_annotation_conf, label_studio_config
    from argmine.schema import load_schema

    schema = load_schema()  # built in Python: the schema file's checks are not in the way
    theme = dataclasses.replace(schema.themes[0], name_en="Social\n[entities]\nINJECTED", description="from Word\x0b\x0c here\x00")
    schema = dataclasses.replace(schema, id="mine\n[entities]\nFAKE_TYPE", version="1\r2", themes=(theme, *schema.themes[1:]))
    annotation, visual = brat_annotation_conf(schema), _brat_visual_conf(schema)
    assert annotation.splitlines()[0] == "# generated by argmine from schema mine [entities] FAKE_TYPE v1 2"
    assert annotation.splitlines().count("[entities]") == 1 and "FAKE_TYPE" not in annotation.splitlines()[1:]
    assert visual.splitlines()[1] == f"{theme.id}\tSocial [entities] INJECTED" and "[entities]" not in visual.splitlines()
    for level in ("unit", "document"):
        hints = [c.get("hint") for c in ET.fromstring(label_studio_config(schema, level)).iter() if c.get("value") == theme.id]
        assert hints == [f"{theme.name_zh} (Social [entities] INJECTED): from Word here"]


def test_other_has_one_grey_in_every_labelling_config():
    import re

    from argmine.export import OTHER_COLOR, _brat_visual_conf, label_studio_config
    from argmine.schema import load_schema

    schema = load_schema()
    ls = re.search(r'<Label value="other" background="(#\w+)"', label_studio_config(schema, "document")).group(1)
    brat = re.search(r"^other\tbgColor:(#\w+)$", _brat_visual_conf(schema), re.M).group(1)
    assert ls == brat == OTHER_COLOR


# --- the CSV formula guard ----------------------------------------------------------------------------------

FULL_WIDTH_FORMULAS = ["＝1+2 是公式吗。", "＋1 同意。", "－1 不同意。", "＠张三 说得对。", "'＝1 是文本。", "好的。"]


def test_cli_csv_sheet_guards_full_width_formula_cells_and_import_takes_the_guard_off(tmp_path):
    import csv
    import json

    page = tmp_path / "fw.txt"
    page.write_text("\n\n".join(FULL_WIDTH_FORMULAS) + "\n", encoding="utf-8")
    r = run("export", page, "--format", "csv", "--no-predictions", "-o", tmp_path / "s.csv", "-q")
    assert r.exit_code == 0, r.output
    with open(tmp_path / "s.csv", encoding="utf-8-sig", newline="") as f:
        rows = list(csv.DictReader(f))
    # a spreadsheet may run ＝＋－＠ as = + - @: each gets a ' in front, '＝ a second one; 好 none
    assert [row["text"] for row in rows] == ["'" + t for t in FULL_WIDTH_FORMULAS[:5]] + ["好的。"]
    for row in rows:
        row.update(themes="other", sentiment="neutral")
    with open(tmp_path / "s.csv", "w", encoding="utf-8-sig", newline="") as f:
        w = csv.DictWriter(f, fieldnames=list(rows[0]))
        w.writeheader()
        w.writerows(rows)
    r = run("import", tmp_path / "s.csv", "--format", "csv", "--source", page, "--strict", "-o", tmp_path / "gold.jsonl")
    assert r.exit_code == 0, r.output
    gold = [json.loads(line) for line in (tmp_path / "gold.jsonl").read_text("utf-8").splitlines()]
    text = page.read_text("utf-8")
    assert [g["text"] for g in gold] == FULL_WIDTH_FORMULAS
    assert all(text[g["start"]:g["end"]] == g["text"] for g in gold)
