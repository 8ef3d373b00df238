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


def _snapshot(folder):
    """Every entry under ``folder``: a file's bytes, a folder as ``/``."""
    return {str(p.relative_to(folder)): "/" if p.is_dir() else p.read_bytes() for p in sorted(folder.rglob("*"))}


def _previous_brat(tmp_path):
    out = tmp_path / "brat"
    units, docs = brat_units(["d1", "d2"])
    export(units, out, "brat", documents=docs)
    units, docs = brat_units(["d2", "d3"])  # d1 removed, d2 replaced, d3 new
    return out, lambda: export(units, out, "brat", documents=docs)


def _previous_model(tmp_path):
    from argmine._files import replacing_folder
    from argmine.backends.base import MODEL_FILES

    out = tmp_path / "model"
    (out / "encoder").mkdir(parents=True)
    for name, text in (("config.json", "old"), ("weights.safetensors", "old"), ("encoder/w.bin", "old"), ("notes.txt", "mine")):
        (out / name).write_text(text, "utf-8")

    def again():
        with replacing_folder(out, replaces=MODEL_FILES) as new:  # as train writes a linear model over a transformers one
            for name in ("config.json", "weights.safetensors", "heads.safetensors"):
                (new / name).write_text("new", "utf-8")

    return out, again


@pytest.mark.parametrize("previous", [_previous_brat, _previous_model], ids=["brat", "model"])
def test_replacing_folder_a_stop_after_any_rename_leaves_the_folder_exactly_as_it_was(tmp_path, monkeypatch, previous):
    import shutil

    class Stopped(BaseException):
        pass

    real, k = os.rename, 0
    while True:  # a stop right after the 1st rename, the 2nd, ... until the export ends before the k-th
        k += 1
        for p in tmp_path.iterdir():
            shutil.rmtree(p)
        out, again = previous(tmp_path)
        before, renames = _snapshot(out), []

        def rename_then_stop(src, dst):  # a stop signal's handler raising once the rename returned: before it is noted
            real(src, dst)
            renames.append(dst)
            if len(renames) == k:
                raise Stopped

        monkeypatch.setattr(os, "rename", rename_then_stop)
        try:
            again()
        except Stopped:
            pass
        else:
            break
        finally:
            monkeypatch.undo()
        assert _snapshot(out) == before, f"stopped after rename {k}"
        assert os.listdir(tmp_path) == [out.name]  # no scratch folder left
    assert k > 5


def test_replacing_folder_leaves_a_name_it_writes_again_missing_only_between_its_own_two_renames(tmp_path, monkeypatch):
    # a model loading while 'train -o' replaced the folder found it empty (every old file went aside first) and failed with
    # "not a model directory (no config.json)"
    out, again = _previous_model(tmp_path)
    real, missing = os.rename, []

    def rename(src, dst):
        real(src, dst)
        missing.append({n for n in ("config.json", "weights.safetensors") if not (out / n).exists()})

    monkeypatch.setattr(os, "rename", rename)
    again()
    monkeypatch.undo()
    assert max(len(m) for m in missing) == 1  # never both at once
    assert missing[:4] == [{"config.json"}, set(), set(), {"weights.safetensors"}]  # config.json aside, in; heads in; weights aside
    assert (out / "config.json").read_text("utf-8") == "new" and not (out / "encoder").exists()


@pytest.mark.parametrize("name", ["SIGINT", "SIGTERM"])
def test_replacing_folder_holds_a_stop_signal_while_it_renames_and_sets_the_handlers_back(tmp_path, monkeypatch, name):
    import signal
    import threading
    import time

    class Stopped(BaseException):
        pass

    def stop(signum, frame):  # as the argmine command's handler: raise where the run is
        raise Stopped(signum)

    number = getattr(signal, name)
    previous = signal.signal(number, stop)
    try:
        out, again = _previous_model(tmp_path)
        real, renames = os.rename, []

        def rename_under_a_stop(src, dst):
            renames.append(dst)
            if len(renames) == 2:  # from another thread, as when a BLAS thread takes the signal
                threading.Thread(target=os.kill, args=(os.getpid(), number)).start()
                time.sleep(0.2)
            real(src, dst)

        monkeypatch.setattr(os, "rename", rename_under_a_stop)
        with pytest.raises(Stopped):  # raised once every file is in: the new model is whole
            again()
        monkeypatch.undo()
        assert len(renames) > 4 and signal.getsignal(number) is stop
        assert _snapshot(out) == {"config.json": b"new", "heads.safetensors": b"new", "notes.txt": b"mine", "weights.safetensors": b"new"}
    finally:
        signal.signal(number, previous)


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
    # brat: a file argmine did not write at one of its names is replaced only with --force (test_export_brat_guard.py)
    r = run("export", page, "--format", fmt, "--no-predictions", "-o", out, *(["--force"] if fmt == "brat" else []))
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


def test_failed_brat_export_leaves_the_folder_as_it_was_and_no_new_files(tmp_path, monkeypatch):
    out = tmp_path / "brat"
    out.mkdir()
    (out / "old.txt").write_text("labelled before", encoding="utf-8")
    (out / "argmine.json").write_text('{"schema": "x", "documents": {"old": {}}}', encoding="utf-8")
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
    # the previous export is still whole (its manifest and the document it lists), and no scratch folder is left
    assert sorted(p.name for p in out.iterdir()) == ["argmine.json", "old.txt"] and os.listdir(tmp_path) == ["brat"]
    assert (out / "argmine.json").read_text("utf-8") == '{"schema": "x", "documents": {"old": {}}}'
    calls.clear()
    with pytest.raises(InputError):
        export(units, tmp_path / "new" / "brat", "brat", documents=docs)
    assert not (tmp_path / "new" / "brat").exists()


def test_brat_export_into_a_previous_export_removes_its_documents_and_warns_once_about_other_txt_and_ann(tmp_path):
    out = tmp_path / "brat"
    units, docs = brat_units(["d1", "d2"])
    export(units, out, "brat", documents=docs)
    (out / "notes.txt").write_text("mine", encoding="utf-8")  # the user's own: never removed
    (out / "z.ann").write_text("", encoding="utf-8")
    (out / ".hidden.txt").write_text("", encoding="utf-8")  # brat does not show it: no word about it
    units, docs = brat_units(["d2", "d3"])
    with pytest.warns(UserWarning) as caught:
        paths = export(units, out, "brat", documents=docs)
    assert sorted(p.name for p in out.iterdir()) == [".hidden.txt", "annotation.conf", "argmine.json", "d2.ann", "d2.txt",
                                                     "d3.ann", "d3.txt", "notes.txt", "visual.conf", "z.ann"]
    assert sorted(p.name for p in paths) == ["annotation.conf", "argmine.json", "d2.ann", "d2.txt", "d3.ann", "d3.txt", "visual.conf"]
    assert [str(w.message) for w in caught] == [
        f"{out} also holds 2 .txt/.ann files that this export did not write (notes.txt, z.ann): brat shows them to labelers "
        "beside this export's documents, and 'argmine import' does not read them; move them out of the folder"]
    assert os.listdir(tmp_path) == ["brat"]  # no scratch folder left beside it


_LABELLED = "T1\tprivacy 0 5\t财不外露。\nA1\tSentiment T1 negative\n"  # as a labeler leaves a .ann in brat


def test_brat_export_refuses_to_replace_ann_files_labelled_since_unless_forced(tmp_path):
    import json
    import warnings

    out = tmp_path / "brat"
    units, docs = brat_units(["d1", "d2", "d3", "d4", "d5"])
    export(units, out, "brat", documents=docs)
    assert all(len(entry["ann_sha256"]) == 64 for entry in json.loads((out / "argmine.json").read_text("utf-8"))["documents"].values())
    for d in ("d1", "d3", "d4", "d5"):
        (out / f"{d}.ann").write_text(_LABELLED, "utf-8")
    before = _snapshot(out)
    units, docs = brat_units(["d2", "d6"])
    with pytest.raises(InputError) as e:
        export(units, out, "brat", documents=docs)
    assert str(e.value) == (
        f"{out}: 4 .ann files of the previous export changed since argmine wrote them (d1.ann, d3.ann, d4.ann, ...): labels drawn "
        f"in brat, which this export would replace; import them first ('argmine import {out} --format brat -o gold.jsonl'), or "
        "pass --force to replace them")
    assert _snapshot(out) == before and os.listdir(tmp_path) == ["brat"]  # nothing changed
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # forced: replaced as asked, without a word
        export(units, out, "brat", documents=docs, force=True)
    assert sorted(os.listdir(out)) == ["annotation.conf", "argmine.json", "d2.ann", "d2.txt", "d6.ann", "d6.txt", "visual.conf"]


def test_cli_brat_export_over_labelled_ann_is_one_line_and_exit_1_and_force_replaces_them_saying_what_it_removed(tmp_path):
    for name in ("a", "b"):
        (tmp_path / name).mkdir()
        (tmp_path / name / f"{name}.txt").write_text("财不外露。\n", "utf-8")
    out = tmp_path / "out"
    args = ["export", tmp_path / "b", "--format", "brat", "--no-predictions", "-o", out]
    assert run("export", tmp_path / "a", "--format", "brat", "--no-predictions", "-q", "-o", out).exit_code == 0
    res = run(*args)  # a.ann as exported: replaced, and the user told that a is gone from the folder
    assert res.exit_code == 0 and res.stderr == (f"argmine: 1 unit from 1 document written to {out}\n"
                                                 f"argmine: 1 document of the previous export removed from {out} (a): brat shows this export's only\n")
    (out / "b.ann").write_text(_LABELLED, "utf-8")
    before = _snapshot(out)
    res = run("export", tmp_path / "a", "--format", "brat", "--no-predictions", "-o", out)
    assert res.exit_code == 1 and res.stderr.startswith(
        f"argmine: error: {out}: 1 .ann file of the previous export changed since argmine wrote it (b.ann): labels drawn in brat, "
        "which this export would replace; import them first") and res.stderr.count("\n") == 1
    assert _snapshot(out) == before
    res = run("export", tmp_path / "a", "--format", "brat", "--no-predictions", "--force", "-q", "-o", out)
    assert res.exit_code == 0 and res.stderr == "" and sorted(os.listdir(out)) == ["a.ann", "a.txt", "annotation.conf", "argmine.json", "visual.conf"]
    assert "--force" in run("export", "--help").output


def test_brat_export_into_a_folder_another_export_changes_meanwhile_says_so(tmp_path, monkeypatch):
    out, again = _previous_brat(tmp_path)
    before, real = _snapshot(out), os.rename

    def rename_while_another_export_commits(src, dst):
        (out / "d1.txt").unlink(missing_ok=True)  # the other export's commit took the previous export's d1.txt
        real(src, dst)

    monkeypatch.setattr(os, "rename", rename_while_another_export_commits)
    with pytest.raises(InputError) as e:
        again()
    monkeypatch.undo()
    assert str(e.value) == (f"{out}: the folder changed while this brat export was written (another export into it at the same "
                            "time?), so nothing of this one was written; run it again once the other is done")
    assert _snapshot(out) == {k: v for k, v in before.items() if k != "d1.txt"} and os.listdir(tmp_path) == ["brat"]


def test_brat_export_removes_only_plain_files_in_the_folder_that_the_previous_argmine_json_lists(tmp_path):
    import json
    import warnings

    out = tmp_path / "brat"
    (out / "sub.txt").mkdir(parents=True)  # a folder, not a file an export wrote
    (tmp_path / "outside.txt").write_text("keep", encoding="utf-8")
    listed = {stem: {"doc": stem, "units": []} for stem in ("../outside", "sub", "CON", "gone")}  # edited in: not names export writes
    (out / "argmine.json").write_text(json.dumps({"schema": "alipay_social", "documents": listed}), encoding="utf-8")
    (out / "CON.txt").write_text("not a name export writes", encoding="utf-8")
    (out / "gone.ann").write_text("", encoding="utf-8")
    units, docs = brat_units(["d1"])
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        export(units, out, "brat", documents=docs)
    assert (tmp_path / "outside.txt").read_text("utf-8") == "keep" and (out / "sub.txt").is_dir() and (out / "CON.txt").exists()
    assert not (out / "gone.ann").exists()
    # an older argmine's manifest records no hashes: its .ann replaced (one warning), then the one about CON.txt
    assert len(caught) == 2 and str(caught[0].message).startswith(f"{out}: replaced 1 .ann file of the previous export (gone.ann); ")
    assert "holds 1 .txt/.ann file that this export did not write (CON.txt)" in str(caught[1].message)


def test_brat_export_over_an_unreadable_argmine_json_is_refused_and_with_force_removes_nothing_else(tmp_path):
    out = tmp_path / "brat"
    out.mkdir()
    (out / "argmine.json").write_text("[[[" * 100000, encoding="utf-8")  # not JSON (and deeper than the parser goes)
    (out / "old.txt").write_text("kept", encoding="utf-8")
    units, docs = brat_units(["d1"])
    with pytest.raises(InputError, match=r"^.*argmine\.json: not the argmine\.json of an argmine brat export, or it cannot be "
                                         r"read \(it is not an export's JSON\): the export would replace it"):
        export(units, out, "brat", documents=docs)  # not argmine's: the user's file, not replaced without a word
    assert sorted(os.listdir(out)) == ["argmine.json", "old.txt"]
    with pytest.warns(UserWarning, match=r"holds 1 \.txt/\.ann file that this export did not write \(old\.txt\)"):
        export(units, out, "brat", documents=docs, force=True)
    assert (out / "old.txt").read_text("utf-8") == "kept" and (out / "d1.ann").exists()


def test_labelling_configs_hold_schema_texts_on_one_line_and_as_valid_xml():
    import dataclasses
    import xml.etree.ElementTree as ET

    from argmine.export import _brat_visual_conf, brat_annotation_conf, label_studio_config
    from argmine.schema import load_schema

    schema = load_schema()  # built in Python: the schema file's checks are not in the way
    theme = dataclasses.replace(schema.themes[0], name_en="Social\n[entities]\tINJECTED | Pay", description="from Word\x0b\x0c here\x00")
    schema = dataclasses.replace(schema, id="mine\n[entities]\nFAKE_TYPE", version="1\r2", themes=(theme, *schema.themes[1:]))
    annotation, visual = brat_annotation_conf(schema), _brat_visual_conf(schema)
    assert annotation.splitlines()[0] == "# generated by argmine from schema mine [entities] FAKE_TYPE v1 2"
    assert annotation.splitlines().count("[entities]") == 1 and "FAKE_TYPE" not in annotation.splitlines()[1:]
    # brat's [labels] line is TYPE | LABEL: a '|' in the name would add a label, a tab or line break another field or line
    assert visual.splitlines()[1] == f"{theme.id} | Social [entities] INJECTED / Pay" and "[entities]" not in visual.splitlines()
    for level in ("unit", "document"):
        hints = [c.get("hint") for c in ET.fromstring(label_studio_config(schema, level)).iter() if c.get("value") == theme.id]
        assert hints == [f"{theme.name_zh} (Social [entities] INJECTED | Pay): from Word here"]


def test_brat_visual_conf_separates_type_and_label_with_a_bar_under_labels_and_keeps_tabs_under_drawing():
    from argmine.export import OTHER_COLOR, _brat_visual_conf
    from argmine.schema import load_schema

    labels, drawing = _brat_visual_conf(load_schema()).split("\n\n")
    assert labels.splitlines() == ["[labels]", "pro_social | pro social", "privacy | privacy & safety", "brand_fit | brand misfit",
                                   "bloat | bloat", "other | other"]
    assert drawing.splitlines() == ["[drawing]", "pro_social\tbgColor:#2a9d8f", "privacy\tbgColor:#e63946", "brand_fit\tbgColor:#457b9d",
                                    "bloat\tbgColor:#f4a261", f"other\tbgColor:{OTHER_COLOR}"]


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


def test_csv_export_to_a_closed_standard_output_names_it(page, monkeypatch):
    import sys

    import argmine

    units = argmine.segment(argmine.read([page]))
    monkeypatch.setattr(sys, "stdout", None)  # started with >&-
    with pytest.raises(InputError) as e:
        export(units, "-", format="csv")
    assert str(e.value) == "standard output: cannot write output (it is closed); pass -o FILE"


@pytest.mark.parametrize("level", ["unit", "document"])
def test_label_studio_config_offers_a_text_area_for_the_labelers_notes_that_import_reads(tmp_path, level):
    import xml.etree.ElementTree as ET

    from argmine.export import label_studio_config
    from argmine.schema import load_schema

    area = ET.fromstring(label_studio_config(load_schema(), level)).find("TextArea")
    assert area is not None and (area.get("name"), area.get("toName")) == ("note", "text")
    assert area.get("perRegion") == ("true" if level == "document" else None) and area.get("required") is None
