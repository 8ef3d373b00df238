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


# --- brat files are named by their UTF-8 bytes in every locale ----------------------------------------------------
#: Python's own UTF-8 mode: file names are UTF-8, as under a UTF-8 locale.
UTF8_LOCALE = {"LC_ALL": "C", "LANG": "C", "PYTHONUTF8": "1"}
#: A GBK locale (Chinese Windows' code page; names held as GBK), where one is installed (LOCPATH, if set, is kept).
GBK_LOCALE = {"LC_ALL": "zh_CN.GBK", "LANG": "zh_CN.GBK", "PYTHONUTF8": "0", "PYTHONCOERCECLOCALE": "0"}
LOCALES = {"C": C_LOCALE, "UTF-8": UTF8_LOCALE, "GBK": GBK_LOCALE}
#: What Python's file-system encoding must be in each of them for a test to mean anything.
_ENCODING_IN = {"C": ("ascii", "ANSI_X3.4-1968"), "UTF-8": ("utf-8",), "GBK": ("gbk",)}


def _under(locale: str, cwd, *args: str) -> subprocess.CompletedProcess:
    """``argmine ARGS`` in ``cwd`` under ``locale`` (a name of LOCALES), skipping the test where that locale is missing."""
    env = {**os.environ, **LOCALES[locale]}
    encoding = subprocess.run([sys.executable, "-c", "import sys; print(sys.getfilesystemencoding())"], env=env,
                              capture_output=True, text=True).stdout.strip()
    if encoding.lower() not in [e.lower() for e in _ENCODING_IN[locale]]:
        pytest.skip(f"no {locale} locale here (file names read as {encoding})")
    return subprocess.run([sys.executable, "-m", "argmine", *args], cwd=cwd, env=env, capture_output=True, timeout=300)


def _ok(result: subprocess.CompletedProcess) -> str:
    err = result.stderr.decode("utf-8", "replace")
    assert result.returncode == 0 and "Traceback" not in err and "\\udc" not in err, err
    return err


@pytest.fixture
def documents(tmp_path):
    (tmp_path / "zh").mkdir()
    (tmp_path / "zh" / "评论.txt").write_text("支付宝做社交，我不看好。隐私怎么办？\n", encoding="utf-8")
    return tmp_path


@pytest.mark.parametrize("written, read", [("C", "C"), ("UTF-8", "C"), ("C", "UTF-8"), ("GBK", "GBK"), ("UTF-8", "GBK"),
                                           ("GBK", "UTF-8"), ("C", "GBK"), ("GBK", "C")])
def test_a_brat_export_is_named_by_utf8_bytes_and_imported_whole_in_any_locale(documents, written, read):
    import json

    # under LC_ALL=C the export failed with a UnicodeEncodeError traceback, and under GBK it named 评论.txt by its GBK
    # bytes, which import under another locale did not find
    _ok(_under(written, documents, "export", "zh", "--format", "brat", "--model", "lexicon", "-o", "导出"))
    names = set(os.listdir(os.fsencode(documents / "导出")))
    assert {"评论.txt".encode("utf-8"), "评论.ann".encode("utf-8")} <= names, names
    units = json.loads((documents / "导出" / "argmine.json").read_text(encoding="utf-8"))["documents"]["评论"]["units"]
    _ok(_under(read, documents, "import", "导出", "--format", "brat", "--source", "zh", "-o", "gold.jsonl"))
    records = [json.loads(line) for line in (documents / "gold.jsonl").read_text(encoding="utf-8").splitlines()]
    source = (documents / "zh" / "评论.txt").read_text(encoding="utf-8")
    assert [r["id"] for r in records] == [u["id"] for u in units] and len(records) == 2
    assert all(r["doc"] == "评论" and source[r["start"]:r["end"]] == r["text"] and r["annotator"] == "导出" for r in records)


def test_a_brat_export_again_under_c_finds_the_previous_one_and_names_its_files_as_utf8(documents):
    export = ("export", "zh", "--format", "brat", "--model", "lexicon", "-o", "导出")
    _ok(_under("C", documents, *export))
    again = _ok(_under("C", documents, *export))  # its own files: replaced, no word about files it did not write
    assert "did not write" not in again and set(os.listdir(documents / "导出")) == {"评论.txt", "评论.ann", "argmine.json",
                                                                                     "annotation.conf", "visual.conf"}
    with open(documents / "导出" / "评论.ann", "a", encoding="utf-8") as f:
        f.write("#9\tAnnotatorNotes T1\tchecked\n")  # edited in brat since
    refused = _under("C", documents, *export)
    err = refused.stderr.decode("utf-8", "replace")
    assert refused.returncode == 1 and err.startswith("argmine: error: 导出: 1 .ann file of the previous export changed since "
                                                      "argmine wrote it (评论.ann): labels drawn in brat"), err
    (documents / "导出" / "其他.ann").write_text("", encoding="utf-8")  # not listed in argmine.json
    read = _ok(_under("C", documents, "import", "导出", "--format", "brat", "-o", "gold.jsonl"))
    assert "导出: holds 1 .ann file that argmine.json does not list (其他.ann)" in read, read
    (documents / "new").mkdir()
    (documents / "new" / "新闻.txt").write_text("我觉得不错。\n", encoding="utf-8")
    forced = _ok(_under("C", documents, "export", "new", "--format", "brat", "--model", "lexicon", "-o", "导出", "--force"))
    assert "1 document of the previous export removed from 导出 (评论)" in forced, forced
    assert "导出 also holds 1 .txt/.ann file that this export did not write (其他.ann)" in forced, forced
    assert sorted(os.listdir(documents / "导出")) == ["annotation.conf", "argmine.json", "visual.conf", "其他.ann", "新闻.ann", "新闻.txt"]


@pytest.mark.parametrize("renamed", [(".txt", ".ann"), (".ann",)])
def test_a_brat_file_named_by_its_gbk_bytes_is_named_with_what_to_rename_it_to(documents, monkeypatch, renamed):
    from click.testing import CliRunner

    from argmine.cli import main

    monkeypatch.chdir(documents)
    r = CliRunner().invoke(main, ["export", "zh", "--format", "brat", "--model", "lexicon", "-o", "导出", "-q"])
    assert r.exit_code == 0, r.output
    folder = os.fsencode(documents / "导出")
    for suffix in renamed:  # as an older argmine named them under a GBK locale (bytes names: the same in every locale)
        os.rename(os.path.join(folder, f"评论{suffix}".encode("utf-8")), os.path.join(folder, f"评论{suffix}".encode("gb18030")))
    r = CliRunner().invoke(main, ["import", "导出", "--format", "brat", "-o", "gold.jsonl"])
    assert r.exit_code == 1 and "Traceback" not in r.output
    both = len(renamed) == 2
    old = "\\xc6\\xc0\\xc2\\xdb"  # 评论 in GB18030, as a UTF-8 locale shows the bytes
    first = "导出/评论.txt" if both else "导出/评论.ann"
    renames = f"{old}.txt to 评论.txt and {old}.ann to 评论.ann" if both else f"{old}.ann to 评论.ann"
    assert r.stderr.splitlines()[0] == (
        f"argmine: error: {first}: missing; every document listed in argmine.json needs its .txt and .ann; 导出 holds "
        f"{'its .txt and .ann' if both else 'the file'} named by {'their' if both else 'its'} GB18030 (GBK) bytes, as an older "
        f"argmine wrote file names under a GBK locale: rename {renames} (argmine now reads file names as UTF-8)")
    assert "does not list" not in r.stderr  # the .ann is named once, as the file to rename, not as a file nobody listed
    for suffix in renamed:  # renamed as the line says, the export is read whole
        os.rename(os.path.join(folder, f"评论{suffix}".encode("gb18030")), os.path.join(folder, f"评论{suffix}".encode("utf-8")))
    r = CliRunner().invoke(main, ["import", "导出", "--format", "brat", "-o", "gold.jsonl"])
    assert r.exit_code == 0 and "2 gold records written to gold.jsonl" in r.stderr, r.output


def test_a_missing_brat_file_with_no_gbk_named_one_has_no_rename_hint(documents, monkeypatch):
    from click.testing import CliRunner

    from argmine.cli import main

    monkeypatch.chdir(documents)
    assert CliRunner().invoke(main, ["export", "zh", "--format", "brat", "--model", "lexicon", "-o", "导出", "-q"]).exit_code == 0
    os.remove(os.path.join(os.fsencode(documents / "导出"), "评论.ann".encode("utf-8")))
    r = CliRunner().invoke(main, ["import", "导出", "--format", "brat", "-o", "gold.jsonl"])
    assert r.exit_code == 1 and r.stderr.splitlines()[0] == (
        "argmine: error: 导出/评论.ann: missing; every document listed in argmine.json needs its .txt and .ann")


# --- a record's place names its file as a UTF-8 locale does ------------------------------------------------------


@pytest.mark.parametrize("fmt, name, content, expected", [
    ("doccano", "标注.jsonl", '{"text": "x", "label": ["privacy"], "unit_id": "d#1"}\nnot json\n',
     ["argmine: error: 标注.jsonl:1: record lacks doc, start, end;", "argmine: error: 标注.jsonl:2: not valid JSON"]),
    ("doccano", "标注.json", '[{"text": "x", "label": ["privacy"], "unit_id": "d#1"}]', ["argmine: error: 标注.json record 1: record lacks doc"]),
    ("label-studio", "任务.json", '[{"id": 7}]', ["argmine: error: 任务.json task 7: not a Label Studio task"]),
    ("label-studio", "任务.json", '[{"id": 7}\n', ["argmine: error: 任务.json:2:1: "]),
    ("csv", "表.csv", "id,doc,start,end,kind,text,themes,sentiment,annotator\nd#1,d,0,1,body,x,nosuch,positive,\n",
     ["argmine: error: 表.csv: row 1 (line 2) (unit d#1): unknown theme 'nosuch'"]),
    ("csv", "表.csv", "d#1,d,0,1,body,x,privacy,positive,\n", ["argmine: error: 表.csv:1: "]),
], ids=["doccano-line", "doccano-array", "label-studio-task", "label-studio-truncated", "csv-row", "csv-no-header"])
def test_a_record_is_named_by_its_files_utf8_name_under_c(documents, fmt, name, content, expected):
    # "FILE line N" and "FILE task N" named a non-ASCII file with \udcXX escapes under LC_ALL=C, the file-level lines did not
    (documents / name).write_text(content, encoding="utf-8")
    result = _under("C", documents, "import", name, "--format", fmt, "-o", "gold.jsonl")
    err = result.stderr.decode("utf-8", "replace")
    assert result.returncode == 1 and all(line in err for line in expected) and "\\udc" not in err, err


def test_a_brat_line_is_named_by_its_files_utf8_name_under_c(documents):
    _ok(_under("C", documents, "export", "zh", "--format", "brat", "--model", "lexicon", "-o", "导出"))
    with open(documents / "导出" / "评论.ann", "a", encoding="utf-8") as f:
        f.write("T1 broken\n")
    result = _under("C", documents, "import", "导出", "--format", "brat", "-o", "gold.jsonl")
    err = result.stderr.decode("utf-8", "replace")
    assert "导出/评论.ann:7: not a brat text-bound line" in err and "\\udc" not in err, err
