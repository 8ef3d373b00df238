"""Messages name a path the user gave the same in every locale: its bytes read as UTF-8 (:func:`argmine.read.shown_path`).

Under ``LC_ALL=C`` (or GBK) Python decodes the UTF-8 name ``输出`` as ``\\udce8...`` escapes (or ``杈撳嚭``); the ids and
the summary lines already named such a path as a UTF-8 locale does, these errors did not.
"""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

#: A locale whose file-system encoding is not UTF-8 (ASCII), with Python's own switch to UTF-8 turned off.
C_LOCALE = {"LC_ALL": "C", "LANG": "C", "PYTHONUTF8": "0", "PYTHONCOERCECLOCALE": "0"}


def _argmine(cwd, *args: str, stdout=subprocess.PIPE) -> subprocess.CompletedProcess:
    env = {**os.environ, **C_LOCALE}
    return subprocess.run([sys.executable, "-m", "argmine", *args], cwd=cwd, env=env, stdout=stdout, stderr=subprocess.PIPE, timeout=300)


@pytest.fixture
def folder(tmp_path):
    encoding = subprocess.run([sys.executable, "-c", "import sys; print(sys.getfilesystemencoding())"],
                              env={**os.environ, **C_LOCALE}, capture_output=True, text=True).stdout.strip()
    if encoding.replace("-", "").lower() == "utf8":
        pytest.skip("this Python reads file names as UTF-8 under LC_ALL=C")
    (tmp_path / "zh").mkdir()
    (tmp_path / "zh" / "支付宝评论.txt").write_text("支付宝很好用，因为转账很快。所以我推荐它。\n", encoding="utf-8")
    (tmp_path / "d输出").mkdir()
    (tmp_path / "挡").write_text("", encoding="utf-8")  # a file where a folder of the output path must be
    (tmp_path / "坏.jsonl").write_text('{"text": "好"}\n', encoding="utf-8")  # not gold: a record without its fields
    (tmp_path / "缺.toml").write_text("a = 1\n", encoding="utf-8")  # TOML, but no schema
    (tmp_path / "空模型").mkdir()  # a folder without config.json
    return tmp_path


@pytest.mark.parametrize("args, expected", [
    (["segment", "zh", "-o", "d输出"], "argmine: error: d输出: cannot write output (it is a folder); pass a file name"),
    (["segment", "zh", "-o", "x输出/"], "argmine: error: x输出/: cannot write output (it ends in '/', so it names a folder)"),
    (["segment", "zh", "-o", "n输出/../x.jsonl"], "argmine: error: n输出/../x.jsonl: cannot write output ('n输出/..' steps out of n输出,"),
    (["segment", "zh/支付宝评论.txt", "-o", "zh/支付宝评论.txt"], "Error: -o zh/支付宝评论.txt is also an input (zh/支付宝评论.txt)"),
    (["analyze", "zh", "-q", "--plot", "挡/图.png"], "argmine: error: 挡/图.png: cannot write output ("),
    (["export", "zh", "--format", "csv", "--no-predictions", "-o", "挡/输出.csv"], "argmine: error: 挡/输出.csv: cannot write output ("),
    (["export", "zh", "--format", "brat", "--no-predictions", "-o", "挡/输出"], "argmine: error: 挡/输出: cannot write output ("),
    (["train", "zh", "-o", "挡/模型"], "argmine: error: 挡/模型: cannot write output ("),
    (["import", "--format", "csv", "无.csv", "-o", "gold.jsonl"], "argmine: error: 无.csv: no such file or directory; check the path"),
    (["agreement", "无.jsonl", "无2.jsonl"], "无.jsonl: no such gold file; check the path"),
    (["segment", "zh", "-o", "挡/x.jsonl"], "挡 is a file, not a folder"),
    (["agreement", "坏.jsonl", "坏.jsonl"], "坏.jsonl:1: missing field(s) id, doc, start, end"),
    (["train", "坏.jsonl", "无.jsonl", "-o", "m"], "无.jsonl: no such file; check the path"),
    (["analyze", "zh", "-q", "--model", "lexicon", "--schema", "无.toml"], "无.toml: schema file not found"),
    (["analyze", "zh", "-q", "--model", "lexicon", "--schema", "坏.jsonl"], "坏.jsonl: not valid TOML"),
    (["analyze", "zh", "-q", "--model", "lexicon", "--schema", "缺.toml"], "缺.toml: top level: unknown key 'a'"),
    (["analyze", "zh", "-q", "--model", "空模型"], "空模型: not a model directory"),
    (["classify", "zh", "-q", "--model", "无模型"], "无模型"),
], ids=["folder", "slash", "passage", "is-input", "plot", "export-csv", "export-brat", "train", "import-missing",
        "agreement-missing", "file-in-the-way", "gold-record", "train-missing", "schema-missing", "schema-not-toml",
        "schema-parse", "model-not-a-model", "model-missing"])
def test_a_path_is_named_as_utf8_in_a_locale_that_is_not(folder, args, expected):
    if args[0] == "analyze":
        pytest.importorskip("matplotlib")
    result = _argmine(folder, *args)
    err = result.stderr.decode("utf-8", "replace")
    assert result.returncode in (1, 2) and expected in err, err
    assert "\\udc" not in err


@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="needs /dev/full")
def test_export_csv_to_a_full_standard_output_names_standard_output(folder):
    with open("/dev/full", "wb") as full:
        result = _argmine(folder, "export", "zh", "--format", "csv", "--no-predictions", "-o", "-", stdout=full)
    err = result.stderr.decode("utf-8", "replace")
    assert result.returncode == 1 and err.startswith("argmine: error: standard output: cannot write the csv export (No space left"), err
