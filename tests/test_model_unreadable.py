"""A model folder, or a file in it, that this user may not read (a colleague's model, mode 700): one line saying
permission was denied and to check the permissions, exit 2; never a traceback, "missing" or "retrain".

Root reads everything, so the refusal is simulated where argmine asks the system (as tests/test_cli_segment.py
does); the last test makes the system refuse for real (chmod, with root's override dropped by setpriv) and
skips where it cannot.
"""

from __future__ import annotations

import errno
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

import argmine
from argmine.backends.linear import LinearBackend
from argmine.cli import main
from argmine.errors import ModelError
from argmine.schema import load_schema

from .conftest import refusing_prefix

DATA = [
    ("支付宝做社交是为了让朋友之间互动更方便。", ["pro_social"], "positive"),
    ("加好友聊天的功能很有用。", ["pro_social"], "positive"),
    ("支付宝偷看我的隐私，太可怕了。", ["privacy"], "negative"),
    ("个人信息不安全，我很担心。", ["privacy"], "negative"),
    ("支付宝是钱包，不是朋友圈。", ["brand_fit"], "negative"),
    ("打开就卡，全是没用的东西。", ["bloat"], "negative"),
    ("今天天气不错。", [], "neutral"),
    ("我在上班的路上。", [], "neutral"),
]
DENIED = "cannot read the model directory (Permission denied); check its permissions"


@pytest.fixture(scope="module")
def saved(tmp_path_factory):
    path = tmp_path_factory.mktemp("linear") / "model"
    texts, themes, sentiments = zip(*DATA)
    LinearBackend(load_schema(), polarity=False).fit(list(texts), list(themes), list(sentiments)).save(path)
    return path


@pytest.fixture
def model(saved, tmp_path):
    return Path(shutil.copytree(saved, tmp_path / "model"))


@pytest.fixture
def page(tmp_path):
    path = tmp_path / "page.txt"
    path.write_text("支付宝的问题在于隐私保护不够。\n", encoding="utf-8")
    return path


def run(*args):
    return CliRunner().invoke(main, list(map(str, args)), catch_exceptions=False)


def denied(path):
    return PermissionError(errno.EACCES, "Permission denied", str(path))


def folder_not_searchable(monkeypatch, folder: Path) -> None:
    """What the system says of a folder that cannot be entered: its files cannot even be looked up or opened."""
    stat, read_text = Path.stat, Path.read_text

    def refuse_stat(self, *args, **kwargs):
        if self.parent == folder:
            raise denied(self)
        return stat(self, *args, **kwargs)

    def refuse_read(self, *args, **kwargs):
        if self.parent == folder:
            raise denied(self)
        return read_text(self, *args, **kwargs)

    monkeypatch.setattr(Path, "stat", refuse_stat)
    monkeypatch.setattr(Path, "read_text", refuse_read)


def test_load_model_says_a_folder_that_cannot_be_entered_is_refused(model, monkeypatch):
    folder_not_searchable(monkeypatch, model)
    with pytest.raises(ModelError) as e:
        argmine.load_model(model)
    assert str(e.value) == f"{model}: {DENIED}"


@pytest.mark.parametrize("command", ["classify", "analyze", "schema", "evaluate"])
def test_cli_model_folder_that_cannot_be_entered_is_one_line_exit_2(model, page, monkeypatch, command):
    folder_not_searchable(monkeypatch, model)
    given = {"classify": [page, "-q"], "analyze": [page, "-q"], "schema": [],
             "evaluate": ["--gold", Path(__file__).parent.parent / "annotations" / "gold.jsonl"]}[command]
    r = run(command, *given, "--model", model)
    assert r.exit_code == 2
    assert r.stderr == f"argmine: error: {model}: {DENIED}\n"


def test_an_unreadable_config_json_is_not_a_damaged_model(model, monkeypatch):
    read_text = Path.read_text

    def refuse(self, *args, **kwargs):
        if self == model / "config.json":
            raise denied(self)
        return read_text(self, *args, **kwargs)

    monkeypatch.setattr(Path, "read_text", refuse)
    with pytest.raises(ModelError) as e:
        argmine.load_model(model)
    assert str(e.value) == f"{model}/config.json: cannot read the model file (Permission denied); check its permissions"


def test_schema_command_says_an_unreadable_schema_toml_is_refused_not_incomplete(model, monkeypatch):
    read_text = Path.read_text

    def refuse(self, *args, **kwargs):
        if self == model / "schema.toml":
            raise denied(self)
        return read_text(self, *args, **kwargs)

    monkeypatch.setattr(Path, "read_text", refuse)
    r = run("schema", "--model", model)
    assert r.exit_code == 2
    assert r.stderr == f"argmine: error: {model}/schema.toml: cannot read the model file (Permission denied); check its permissions\n"


def test_unreadable_weights_are_not_reported_missing(model, page, monkeypatch):
    import builtins

    import safetensors

    weights = model / "weights.safetensors"
    safe_open, real_open = safetensors.safe_open, builtins.open

    def safe_open_refused(name, *args, **kwargs):  # what safetensors raises for a file it may not open (EACCES)
        if Path(name) == weights:
            raise FileNotFoundError(f"No such file or directory: {name}")
        return safe_open(name, *args, **kwargs)

    def open_refused(name, *args, **kwargs):
        if isinstance(name, (str, os.PathLike)) and Path(name) == weights:
            raise denied(name)
        return real_open(name, *args, **kwargs)

    monkeypatch.setattr(safetensors, "safe_open", safe_open_refused)
    monkeypatch.setattr(builtins, "open", open_refused)
    r = run("classify", page, "--model", model, "-q")
    assert r.exit_code == 2
    assert r.stderr == f"argmine: error: {weights}: cannot read the model file (Permission denied); check its permissions\n"


def test_missing_weights_are_still_reported_missing(model):
    (model / "weights.safetensors").unlink()
    with pytest.raises(ModelError, match="missing weights.safetensors; the model directory is incomplete"):
        argmine.load_model(model)


@pytest.mark.skipif(not hasattr(os, "geteuid"), reason="POSIX permissions")
def test_chmod_000_model_folder_and_weights_for_real(model, page, tmp_path):
    prefix = refusing_prefix(tmp_path)
    if prefix is None:
        pytest.skip("root reads a chmod 000 file here (no setpriv that drops the override)")
    script = Path(sys.executable).parent / "argmine"
    if not script.exists():
        pytest.skip("no argmine script beside the Python that runs the tests")
    argmine_cli = [*prefix, str(script)]

    def classify():
        return subprocess.run([*argmine_cli, "classify", str(page), "--model", str(model), "-q"],
                              capture_output=True, text=True, timeout=120)

    model.chmod(0)
    try:
        r = classify()
    finally:
        model.chmod(0o755)
    assert (r.returncode, r.stderr) == (2, f"argmine: error: {model}: {DENIED}\n")
    (model / "weights.safetensors").chmod(0)
    r = classify()
    assert (r.returncode, r.stderr) == (
        2, f"argmine: error: {model}/weights.safetensors: cannot read the model file (Permission denied); check its permissions\n")
