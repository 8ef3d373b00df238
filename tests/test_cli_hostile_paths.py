"""Paths the system refuses to read (a loop of links, a file where a folder goes, permission denied), an -o onto a model's
file, and options given without the option they apply to: one line each, the exit code the docs give, never a traceback."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from argmine.cli import main

from .conftest import refusing_prefix

ROOT = Path(__file__).resolve().parent.parent
GOLD = ROOT / "annotations" / "gold.jsonl"
PAGE_TEXT = "支付宝的问题在于隐私保护不够。\n"
#: A loop of links, as every command words it (segment, import, and the commands that read gold or labelled files alike)
LOOPED = ("broken symbolic link to loop2 (a loop of links, each leading to the next: too many levels of symbolic links); "
          "fix the link or remove it")


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args])


@pytest.fixture
def here(tmp_path, monkeypatch):
    """A folder with page.txt, gold.jsonl (the repository's gold) and loop, a link that leads back to itself through loop2."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "page.txt").write_text(PAGE_TEXT, "utf-8")
    shutil.copy(GOLD, tmp_path / "gold.jsonl")
    os.symlink("loop2", tmp_path / "loop")
    os.symlink("loop", tmp_path / "loop2")
    return tmp_path


# --- a gold file or brat's argmine.json the system will not open: one line, exit 1 ---------------------------------------

@pytest.mark.parametrize("args, line", [
    (("agreement", "loop", "gold.jsonl"), f"loop: {LOOPED}"),
    (("realign", "loop", "page.txt", "-o", "r.jsonl"), f"loop: {LOOPED}"),
    (("realign", "page.txt/x", "page.txt", "-o", "r.jsonl"), "page.txt/x: cannot be read (Not a directory); check the path"),
    (("export", "page.txt", "--only-unlabeled", "loop", "--format", "csv", "-o", "e.csv", "--model", "lexicon"), f"loop: {LOOPED}"),
    (("train", "loop", "-o", "m", "--backend", "lexicon", "-q"), f"loop: {LOOPED}"),
    (("evaluate", "--gold", "loop", "--model", "lexicon"), f"loop: {LOOPED}"),
])
def test_gold_file_that_cannot_be_opened_is_one_line_not_a_traceback(here, args, line):
    res = run(*args)
    assert res.exit_code == 1
    assert res.exception is None or isinstance(res.exception, SystemExit)
    assert res.stderr.splitlines()[0] == f"argmine: error: {line}"
    assert "Traceback" not in res.stderr


def test_import_of_a_brat_folder_whose_argmine_json_is_a_folder_is_one_line(here):
    assert run("export", "page.txt", "--format", "brat", "-o", "brat", "--model", "lexicon", "-q").exit_code == 0
    (here / "brat" / "argmine.json").unlink()
    (here / "brat" / "argmine.json").mkdir()
    res = run("import", "brat", "--format", "brat", "-o", "i.jsonl")
    assert res.exit_code == 1
    assert res.stderr.splitlines()[0] == "argmine: error: brat/argmine.json: cannot be read (Is a directory); check the path"
    assert "Traceback" not in res.stderr and not (here / "i.jsonl").exists()


def test_import_names_a_link_loop_and_a_dangling_link_as_links_not_missing_files(here):
    os.symlink("nowhere.json", here / "dangling.json")
    res = run("import", "loop", "dangling.json", "--format", "label-studio", "-o", "i.jsonl")
    assert res.exit_code == 1
    assert res.stderr.splitlines()[:2] == [
        "argmine: error: loop: broken symbolic link to loop2 (a loop of links, each leading to the next: too many levels of "
        "symbolic links); fix the link or remove it",
        "argmine: error: dangling.json: broken symbolic link to nowhere.json (No such file or directory); fix the link or remove it"]


# --- an unreadable data file: reported, the others used, exit 1 (not click's usage error, exit 2) ------------------------

def _label_studio_export(folder: Path) -> Path:
    assert run("export", folder / "page.txt", "--format", "label-studio", "-o", folder / "ls", "--model", "lexicon", "-q").exit_code == 0
    return folder / "ls" / "tasks.json"


@pytest.mark.parametrize("command", ["train", "train --extra", "evaluate", "import", "import --source", "agreement", "realign",
                                     "export --only-unlabeled"])
def test_file_the_system_says_is_not_readable_is_read_by_the_command_not_refused_by_click(here, monkeypatch, command):
    # click's readable=True asks os.access, and stops the whole run with a usage error (exit 2) for that one file; the
    # command is the one to report a file it cannot read (as a missing one): here root reads it, and the run goes on
    tasks = _label_studio_export(here)
    shutil.copy(GOLD, here / "noread.jsonl")
    refused = os.path.realpath(here / "noread.jsonl")
    access = os.access
    monkeypatch.setattr(os, "access", lambda path, mode, *a, **kw: False if os.path.realpath(path) == refused else access(path, mode, *a, **kw))
    args = {
        "train": ("train", "gold.jsonl", "noread.jsonl", "-o", "m", "--backend", "lexicon", "-q"),
        "train --extra": ("train", "gold.jsonl", "--extra", "noread.jsonl", "-o", "m", "--backend", "lexicon", "-q"),
        "evaluate": ("evaluate", "--gold", "noread.jsonl", "--model", "lexicon"),
        "import": ("import", tasks, "noread.jsonl", "--format", "label-studio", "-o", "i.jsonl", "-q"),
        "import --source": ("import", tasks, "--source", "noread.jsonl", "--format", "label-studio", "-o", "i.jsonl", "-q"),
        "agreement": ("agreement", "gold.jsonl", "noread.jsonl"),
        "realign": ("realign", "noread.jsonl", "page.txt", "-o", "r.jsonl", "-q"),
        "export --only-unlabeled": ("export", "page.txt", "--only-unlabeled", "noread.jsonl", "--format", "csv", "-o", "e.csv",
                                    "--model", "lexicon", "-q"),
    }[command]
    res = run(*args)
    assert res.exit_code != 2, res.stderr
    assert "not readable" not in res.stderr


@pytest.mark.skipif(not hasattr(os, "geteuid"), reason="POSIX permissions")
def test_chmod_000_data_file_for_real_is_one_line_and_the_others_are_used(here):
    prefix = refusing_prefix(here)
    if prefix is None:
        pytest.skip("root reads a chmod 000 file here (no setpriv that drops the override)")
    tasks = _label_studio_export(here)
    shutil.copy(GOLD, here / "noread.jsonl")
    shutil.copy(tasks, here / "noread.json")
    (here / "noread.jsonl").chmod(0)
    (here / "noread.json").chmod(0)
    try:
        def argmine(*args):
            return subprocess.run([*prefix, sys.executable, "-m", "argmine", *map(str, args)], capture_output=True, text=True,
                                  timeout=300, cwd=here)

        r = argmine("train", "gold.jsonl", "noread.jsonl", "-o", "m", "--backend", "lexicon", "-q")
        assert (r.returncode, r.stderr.splitlines()) == (1, [
            "argmine: error: noread.jsonl: permission denied; check the file's permissions",  # as every command words it
            "argmine: error: 1 of 2 files could not be used (noread.jsonl); the lexicon model was written (its labels checked, nothing learned)"])
        assert (here / "m" / "config.json").is_file()
        r = argmine("import", tasks, "noread.json", "--format", "label-studio", "-o", "i.jsonl", "-q")
        assert r.returncode == 1
        assert r.stderr.splitlines()[0] == "argmine: error: noread.json: permission denied; check the file's permissions"
        assert "1 of 2 files failed (not read)" in r.stderr
        for args in (("agreement", "gold.jsonl", "noread.jsonl"), ("realign", "noread.jsonl", "page.txt", "-o", "r.jsonl"),
                     ("export", "page.txt", "--only-unlabeled", "noread.jsonl", "--format", "csv", "-o", "e.csv", "--model", "lexicon")):
            r = argmine(*args)
            assert (r.returncode, r.stderr) == (1, "argmine: error: noread.jsonl: permission denied; check the file's permissions\n"), args
    finally:
        (here / "noread.jsonl").chmod(0o600)
        (here / "noread.json").chmod(0o600)


# --- -o onto a file of the --model folder is refused as -o onto any input -----------------------------------------------

@pytest.fixture
def model(here) -> Path:
    assert run("train", "gold.jsonl", "--backend", "lexicon", "-o", "model", "-q").exit_code == 0
    return here / "model"


@pytest.mark.parametrize("args, option, target", [
    (("classify", "page.txt", "--model", "model", "-o", "model/schema.toml"), "-o", "model/schema.toml"),
    (("analyze", "page.txt", "--model", "model", "-o", "model/config.json"), "-o", "model/config.json"),
    (("analyze", "page.txt", "--model", "model", "--report", "model/config.json"), "--report", "model/config.json"),
    (("report", "page.txt", "--model", "model", "-o", "model/schema.toml"), "-o", "model/schema.toml"),
    (("export", "page.txt", "--model", "model", "--format", "csv", "-o", "model/schema.toml"), "-o", "model/schema.toml"),
    (("evaluate", "--gold", "gold.jsonl", "--model", "model", "-o", "model/config.json"), "-o", "model/config.json"),
])
def test_output_onto_a_file_of_the_model_folder_is_refused(model, args, option, target):
    before = (model.parent / target).read_bytes()
    res = run(*args)
    assert res.exit_code == 2
    assert (f"Error: {option} {target} is also an input ({target}); writing it would destroy the input: pick another output file"
            in res.stderr)
    assert (model.parent / target).read_bytes() == before
    assert run("classify", "page.txt", "--model", "model", "-q").exit_code == 0  # the model still loads


def test_model_inputs_lists_the_model_files_and_its_encoder_files(tmp_path):
    from argmine.classify import default_model_path
    from argmine.cli._common import model_inputs

    (tmp_path / "encoder").mkdir()
    (tmp_path / "encoder" / "tokenizer.json").write_text("{}")
    assert [os.path.relpath(p, tmp_path) for p in model_inputs(str(tmp_path))] == [
        "config.json", "schema.toml", "weights.safetensors", "heads.safetensors", os.path.join("encoder", "tokenizer.json")]
    assert model_inputs("lexicon") == ()
    assert model_inputs(None)[0] == os.path.join(str(default_model_path()), "config.json")  # the packaged model


# --- --source-* options without --source -------------------------------------------------------------------------------

@pytest.mark.parametrize("extra", [(), ("--cv", "2", "--backend", "lexicon")])
def test_evaluate_source_options_without_source_are_a_usage_error(extra):
    res = run("evaluate", "--gold", GOLD, *extra, "--source-text-field", "body", "--source-encoding", "gbk",
              *(() if extra else ("--model", "lexicon")))
    assert res.exit_code == 2
    assert ("Error: --source-text-field and --source-encoding apply only with --source (how the --source files are read)"
            in res.stderr)


def test_import_source_options_without_source_are_ignored_with_a_warning(here):
    tasks = _label_studio_export(here)
    res = run("import", tasks, "--format", "label-studio", "-o", "g.jsonl", "--source-text-field", "body", "--source-granularity",
              "clause", "-q")
    assert res.exit_code == 0
    assert res.stderr.splitlines()[0] == (
        "argmine: warning: --source-text-field and --source-granularity apply only with --source (how the --source files are "
        "read) and are ignored without it")
    res = run("import", tasks, "--format", "label-studio", "-o", "g.jsonl", "--source", "page.txt", "--source-granularity", "clause", "-q")
    assert "only with --source" not in res.stderr


# --- realign --help says when a record may move into a unit of another kind as the code decides it ----------------------

def test_realign_help_says_two_or_more_records_of_a_kind_move_a_record_to_another_kind():
    text = re.sub(r"\s+", " ", run("realign", "--help").output)
    assert "only where two or more of the document's records of that kind changed kind, and more of them than kept it" in text
    assert "most of the document's records" not in text
