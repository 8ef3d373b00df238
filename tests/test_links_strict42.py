"""A link to nothing worded alike by every command, and renamed ids warned about before a --strict stop (fix round 42).

1. A broken symbolic link or a loop of links given as an input was ``broken symbolic link to ...`` in segment, analyze
   and import, but ``cannot be read (Too many levels of symbolic links)`` or ``no such file`` where a gold or labelled
   file is read (train, evaluate, agreement, realign, export --only-unlabeled) and in a brat folder that import reads.
2. Under --strict, the warning about document ids renamed with a ``~N`` came after the line saying the run stops.
"""

from __future__ import annotations

import os
import shutil
import warnings
from pathlib import Path

import pytest
from click.testing import CliRunner

import argmine
from argmine.annotations import load_gold
from argmine.cli import main
from argmine.errors import AnnotationError, InputError, ModelError, SchemaError
from argmine.train import load_examples

GOLD = Path(__file__).resolve().parent.parent / "annotations" / "gold.jsonl"
PAGE = "支付宝的问题在于隐私保护不够。\n"
DANGLING = "broken symbolic link to nowhere.jsonl (No such file or directory); fix the link or remove it"
LOOPED = ("broken symbolic link to loop2.jsonl (a loop of links, each leading to the next: too many levels of symbolic links); "
          "fix the link or remove it")

pytestmark = pytest.mark.skipif(not hasattr(os, "symlink") or os.name == "nt", reason="POSIX symbolic links")


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args])


@pytest.fixture
def here(tmp_path, monkeypatch):
    """page.txt, gold.jsonl, dangling.jsonl (a link to nothing) and loop.jsonl (a loop of links through loop2.jsonl)."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "page.txt").write_text(PAGE, "utf-8")
    shutil.copy(GOLD, tmp_path / "gold.jsonl")
    os.symlink("nowhere.jsonl", tmp_path / "dangling.jsonl")
    os.symlink("loop2.jsonl", tmp_path / "loop.jsonl")
    os.symlink("loop.jsonl", tmp_path / "loop2.jsonl")
    return tmp_path


#: Each command with the input in every place it reads one by name ({} is the path).
COMMANDS = {
    "segment": ("segment", "{}"),
    "analyze": ("analyze", "{}"),
    "import": ("import", "{}", "--format", "label-studio", "-o", "i.jsonl"),
    "train": ("train", "{}", "-o", "m", "--backend", "lexicon", "-q"),
    "train --extra": ("train", "gold.jsonl", "--extra", "{}", "-o", "m", "--backend", "lexicon", "-q"),
    "evaluate --gold": ("evaluate", "--gold", "{}", "--model", "lexicon"),
    "evaluate --extra": ("evaluate", "--gold", "gold.jsonl", "--cv", "2", "--backend", "lexicon", "--extra", "{}"),
    "agreement A": ("agreement", "{}", "gold.jsonl"),
    "agreement B": ("agreement", "gold.jsonl", "{}"),
    "realign GOLD": ("realign", "{}", "page.txt", "-o", "r.jsonl"),
    "realign DOCS": ("realign", "gold.jsonl", "{}", "-o", "r.jsonl"),
    "export --only-unlabeled": ("export", "page.txt", "--only-unlabeled", "{}", "--format", "csv", "-o", "e.csv", "--model", "lexicon"),
    "export PATHS": ("export", "{}", "--format", "csv", "-o", "e.csv", "--model", "lexicon"),
}


def _args(command: str, path: str) -> list[str]:
    return [path if a == "{}" else a for a in COMMANDS[command]]


@pytest.mark.parametrize("command", list(COMMANDS))
@pytest.mark.parametrize("name, message", [("dangling.jsonl", DANGLING), ("loop.jsonl", LOOPED)], ids=["dangling", "loop"])
def test_every_command_words_a_link_to_nothing_as_segment_does(here, command, name, message):
    res = run(*_args(command, name))
    assert res.exit_code == 1, res.stderr
    assert f"argmine: error: {name}: {message}" in res.stderr.splitlines(), res.stderr
    assert "cannot be read" not in res.stderr and "no such" not in res.stderr and "Traceback" not in res.stderr


@pytest.mark.parametrize("command, line", [
    ("segment", "nope.jsonl: no such file or directory; check the path"),
    ("train", "nope.jsonl: no such file; check the path"),
    ("evaluate --gold", "nope.jsonl: no such file; check the path"),
    ("agreement B", "nope.jsonl: no such gold file; check the path"),
    ("realign GOLD", "nope.jsonl: no such gold file; check the path"),
    ("export --only-unlabeled", "nope.jsonl: no such gold file; check the path"),
])
def test_a_plain_missing_path_is_still_worded_as_missing(here, command, line):
    res = run(*_args(command, "nope.jsonl"))
    assert res.exit_code == 1
    assert f"argmine: error: {line}" in res.stderr.splitlines(), res.stderr
    assert "symbolic link" not in res.stderr


def test_the_library_readers_of_gold_and_labelled_files_word_links_to_nothing_as_read_does(here):
    for name, message in (("dangling.jsonl", DANGLING), ("loop.jsonl", LOOPED)):
        with pytest.raises(AnnotationError) as gold:
            load_gold(name)
        with pytest.raises(InputError) as labelled:
            load_examples(name)
        with pytest.raises(InputError) as read:
            argmine.read([name])
        assert str(gold.value) == str(labelled.value) == str(read.value) == f"{name}: {message}"
        assert labelled.value.file_level


def test_links_to_nothing_inside_a_folder_are_worded_alike(here):
    (here / "docs").mkdir()
    (here / "docs" / "page.txt").write_text(PAGE, "utf-8")
    os.symlink("nowhere.txt", here / "docs" / "dangling.txt")
    os.symlink("loop2.txt", here / "docs" / "loop.txt")
    os.symlink("loop.txt", here / "docs" / "loop2.txt")
    expected = [
        "docs/dangling.txt: broken symbolic link to nowhere.txt (No such file or directory); fix the link or remove it",
        "docs/loop.txt: broken symbolic link to loop2.txt (a loop of links, each leading to the next: too many levels of "
        "symbolic links); fix the link or remove it",
        "docs/loop2.txt: broken symbolic link to loop.txt (a loop of links, each leading to the next: too many levels of "
        "symbolic links); fix the link or remove it"]
    for command in ("segment", "realign DOCS", "export PATHS"):
        res = run(*_args(command, "docs"), "-q")
        assert [line for line in res.stderr.splitlines() if "symbolic link" in line] == [f"argmine: error: {e}" for e in expected], command
    res = run(*_args("evaluate --extra", "gold.jsonl")[:-2], "--source", "docs")
    assert [line for line in res.stderr.splitlines() if "symbolic link" in line] == [f"argmine: error: --source {e}" for e in expected]


@pytest.mark.parametrize("file", ["argmine.json", "page.txt", "page.ann"])
def test_links_to_nothing_in_a_brat_folder_are_worded_as_links(here, file):
    assert run("export", "page.txt", "--format", "brat", "-o", "brat", "--model", "lexicon", "-q").exit_code == 0
    real = here / "brat" / file
    real.rename(here / "brat" / "kept")
    os.symlink("nowhere", real)
    res = run("import", "brat", "--format", "brat", "-o", "i.jsonl")
    assert res.stderr.splitlines()[0] == (
        f"argmine: error: brat/{file}: broken symbolic link to nowhere (No such file or directory); fix the link or remove it")
    real.unlink()
    os.symlink(file, real)  # a link to itself
    res = run("import", "brat", "--format", "brat", "-o", "i.jsonl")
    assert res.stderr.splitlines()[0] == (
        f"argmine: error: brat/{file}: broken symbolic link to {file} (a loop of links, each leading to the next: too many levels "
        "of symbolic links); fix the link or remove it")
    real.unlink()
    res = run("import", "brat", "--format", "brat", "-o", "i.jsonl")  # missing: as before
    assert "symbolic link" not in res.stderr and ("missing" in res.stderr.splitlines()[0])


# --- renamed ids and --strict ----------------------------------------------------------------------------------------

def _comment_folders(root: Path, n: int) -> list[str]:
    """d1/comments.jsonl ... dn/comments.jsonl, each with rows c1 and c2: every folder after the first renames both."""
    for i in range(1, n + 1):
        (root / f"d{i}").mkdir()
        (root / f"d{i}" / "comments.jsonl").write_text(
            f'{{"id": "c1", "text": "第{i}页好。"}}\n{{"id": "c2", "text": "第{i}页差。"}}\n', encoding="utf-8")
    return [f"d{i}" for i in range(1, n + 1)]


def _renamed(source: str, n: int, first: str, suffix: int = 2) -> str:
    return (f"{source}: {n} document id{'s' if n > 1 else ''} already taken by earlier rows or files got a ~N suffix "
            f"(first: '{first}' -> '{first}~{suffix}'); none holds the same text as the document whose id it took: distinct rows, all "
            "counted; give them unique ids to choose their ids")


@pytest.mark.parametrize("command", ["segment", "analyze"])
def test_strict_stop_comes_after_the_renamed_ids_warning(tmp_path, monkeypatch, command):
    monkeypatch.chdir(tmp_path)
    folders = _comment_folders(tmp_path, 2)
    (tmp_path / "z.jsonl").write_text("not json\n", encoding="utf-8")
    res = run(command, *folders, "z.jsonl", "--strict", "-q")
    assert res.exit_code == 1
    assert res.stderr.splitlines() == [
        f"argmine: warning: {_renamed('d2/comments.jsonl', 2, 'c1')}",
        "argmine: error: z.jsonl: line 1: not valid JSON (Expecting value at column 1); fix or remove that line",
        "argmine: error: stopping because of --strict"]


def test_strict_stop_inside_a_file_warns_about_its_rows_renamed_so_far_first(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    _comment_folders(tmp_path, 1)
    (tmp_path / "d2").mkdir()
    (tmp_path / "d2" / "comments.jsonl").write_text('{"id": "c1", "text": "好。"}\nnot json\n{"id": "c2", "text": "差。"}\n', "utf-8")
    res = run("segment", "d1", "d2", "--strict", "-q")
    assert res.stderr.splitlines() == [
        f"argmine: warning: {_renamed('d2/comments.jsonl', 1, 'c1')}",
        "argmine: error: d2/comments.jsonl: line 2: not valid JSON (Expecting value at column 1); fix or remove that line",
        "argmine: error: stopping because of --strict"]


def test_without_strict_each_renamed_id_is_warned_about_once(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    folders = _comment_folders(tmp_path, 3)
    (tmp_path / "bad.jsonl").write_text("not json\n", encoding="utf-8")
    res = run("segment", "d1", "d2", "bad.jsonl", "d3", "--format", "jsonl", "-q")
    assert res.exit_code == 1 and len(res.stdout.splitlines()) == 6  # every row of the three folders
    assert res.stderr.splitlines() == [
        f"argmine: warning: {_renamed('d2/comments.jsonl', 2, 'c1')}",  # what was read before the bad input, before it
        "argmine: error: bad.jsonl: line 1: not valid JSON (Expecting value at column 1); fix or remove that line",
        f"argmine: warning: {_renamed('d3/comments.jsonl', 2, 'c1', 3)}",  # the rest once reading ends
        "argmine: error: 1 input failed; the other inputs were processed"]
    res = run("segment", *folders, "--format", "jsonl", "-q")  # no bad input: one line for every file, at the end
    assert res.exit_code == 0 and len([line for line in res.stderr.splitlines() if "~N suffix" in line]) == 1


def test_a_handler_that_stops_reading_hears_of_renamed_ids_first_and_they_are_not_warned_again(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    folders = _comment_folders(tmp_path, 2)
    (tmp_path / "z.jsonl").write_text("not json\n", encoding="utf-8")
    events: list[str] = []

    class Stop(Exception):
        pass

    def stop(err):
        events.append(f"error: {err}")
        raise Stop

    with warnings.catch_warnings():  # each warning told in its turn among the errors, as the CLI shows them
        warnings.simplefilter("always")
        warnings.showwarning = lambda message, category, *a, **kw: events.append(f"{category.__name__}: {message}")
        with pytest.raises(Stop):
            argmine.read([*folders, "z.jsonl"], on_error=stop)
    assert events == [f"InputWarning: {_renamed('d2/comments.jsonl', 2, 'c1')}",
                      "error: z.jsonl: line 1: not valid JSON (Expecting value at column 1); fix or remove that line"]


# --- links to nothing given as --schema or --model, or inside a model directory --------------------------------------
# --schema said "schema file not found" (a link to nothing) or "cannot read the schema file (Too many levels of symbolic
# links)" (a loop); --model said "not a model directory (no such directory)", and of a model's own file that is a link
# to nothing "missing schema.toml", "missing weights.safetensors" or "not a model directory (no config.json)".

#: A loop of links in a folder of the path (``self`` links to itself), worded as the gold and labelled files' readers word it.
PARENT_LOOP = "cannot be read (Too many levels of symbolic links); check the path"
#: A link to a folder that is not there (``models/current`` after the model was removed).
DANGLING_FOLDER = "broken symbolic link to no_such_model (No such file or directory); fix the link or remove it"

#: Each command with the schema or model path in every option that takes one ({} is the path).
OPTIONS = {
    "classify --schema": ("classify", "page.txt", "--model", "lexicon", "--schema", "{}"),
    "classify --model": ("classify", "page.txt", "--model", "{}"),
    "analyze --schema": ("analyze", "page.txt", "--model", "lexicon", "--schema", "{}"),
    "analyze --model": ("analyze", "page.txt", "--model", "{}"),
    "report --schema": ("report", "page.txt", "-o", "r.html", "--model", "lexicon", "--schema", "{}"),
    "report --model": ("report", "page.txt", "-o", "r.html", "--model", "{}"),
    "train --schema": ("train", "gold.jsonl", "-o", "m", "--backend", "lexicon", "--schema", "{}", "-q"),
    "evaluate --model": ("evaluate", "--gold", "gold.jsonl", "--model", "{}"),
    "export --schema": ("export", "page.txt", "--format", "csv", "-o", "e.csv", "--no-predictions", "--schema", "{}"),
    "export --model": ("export", "page.txt", "--format", "csv", "-o", "e.csv", "--model", "{}"),
    "import --schema": ("import", "tasks.json", "--format", "label-studio", "-o", "i.jsonl", "--schema", "{}"),
    "schema --model": ("schema", "--model", "{}"),
}


@pytest.fixture
def linked(here):
    """``here`` with tasks.json (an empty Label Studio export), model_link (a link to a folder that is not there) and
    self (a link to itself, so that nothing under it can be looked up)."""
    (here / "tasks.json").write_text("[]", "utf-8")
    os.symlink("no_such_model", here / "model_link")
    os.symlink("self", here / "self")
    return here


@pytest.mark.parametrize("option", list(OPTIONS))
@pytest.mark.parametrize("name, message", [
    ("dangling.jsonl", DANGLING), ("loop.jsonl", LOOPED), ("model_link", DANGLING_FOLDER), ("self/x.toml", PARENT_LOOP),
], ids=["dangling", "loop", "dangling-folder", "loop-in-a-folder"])
def test_every_schema_and_model_option_words_a_link_to_nothing_as_segment_does(linked, option, name, message):
    res = run(*[name if a == "{}" else a for a in OPTIONS[option]])
    assert res.exit_code == 2, res.stderr
    assert res.stderr.splitlines() == [f"argmine: error: {name}: {message}"]


@pytest.mark.parametrize("command", ["train", "evaluate --gold", "agreement B", "realign GOLD", "export --only-unlabeled",
                                     "segment", "analyze", "import", "export PATHS", "realign DOCS"])
def test_a_loop_in_a_folder_of_a_gold_path_is_worded_as_one_of_a_schema_or_model_path(linked, command):
    res = run(*_args(command, "self/x.jsonl"))
    assert f"argmine: error: self/x.jsonl: {PARENT_LOOP}" in res.stderr.splitlines(), res.stderr


def test_the_library_words_a_schema_or_model_link_to_nothing_as_read_does(linked):
    for name, message in (("dangling.jsonl", DANGLING), ("loop.jsonl", LOOPED), ("self/x.toml", PARENT_LOOP)):
        with pytest.raises(SchemaError) as schema:
            argmine.load_schema(name)
        with pytest.raises(ModelError) as model:
            argmine.load_model(name)
        assert str(schema.value) == str(model.value) == f"{name}: {message}"


@pytest.fixture(scope="module")
def saved_models(tmp_path_factory):
    """A linear and a lexicon model directory, trained on a few hand-made units."""
    from argmine.backends.lexicon import LexiconBackend
    from argmine.backends.linear import LinearBackend

    texts = ["支付宝偷看我的隐私，太可怕了。", "个人信息不安全，我很担心。", "加好友聊天的功能很有用。",
             "我觉得社交功能挺好的。", "功能越来越多，软件越来越臃肿。", "今天天气不错。"]
    themes = [["privacy"], ["privacy"], ["pro_social"], ["pro_social"], ["bloat"], []]
    sentiments = ["negative", "negative", "positive", "positive", "negative", "neutral"]
    root = tmp_path_factory.mktemp("models")
    LinearBackend(argmine.load_schema(), polarity=False).fit(texts, themes, sentiments).save(root / "linear")
    LexiconBackend(argmine.load_schema()).save(root / "lexicon")
    return root


@pytest.mark.parametrize("backend, file", [
    ("linear", "config.json"), ("linear", "schema.toml"), ("linear", "weights.safetensors"),
    ("lexicon", "config.json"), ("lexicon", "schema.toml"),
])
@pytest.mark.parametrize("target, reason", [
    ("nowhere", "No such file or directory"),
    (None, "a loop of links, each leading to the next: too many levels of symbolic links"),  # a link to itself
], ids=["dangling", "loop"])
def test_a_model_file_that_links_to_nothing_is_named_as_a_broken_link(here, saved_models, backend, file, target, reason):
    model = Path(shutil.copytree(saved_models / backend, here / "model"))
    (model / file).unlink()
    os.symlink(target or file, model / file)
    line = f"model/{file}: broken symbolic link to {target or file} ({reason}); fix the link or remove it"
    for args in (("classify", "page.txt", "--model", "model"), ("evaluate", "--gold", "gold.jsonl", "--model", "model")):
        res = run(*args)
        assert res.exit_code == 2 and res.stderr.splitlines() == [f"argmine: error: {line}"], (args, res.stderr)
    with pytest.raises(ModelError) as e:
        argmine.load_model("model")
    assert str(e.value) == line
    res = run("schema", "--model", "model")  # reads config.json and schema.toml only
    if file == "weights.safetensors":
        assert res.exit_code == 0 and res.stdout == (saved_models / backend / "schema.toml").read_text("utf-8")
    else:
        assert res.stderr.splitlines() == [f"argmine: error: {line}"]


@pytest.fixture(scope="module")
def transformers_model(tmp_path_factory):
    """A transformers model directory with a tiny encoder (two layers, built here: nothing is downloaded)."""
    pytest.importorskip("torch")
    pytest.importorskip("transformers")
    from argmine.backends.transformers_backend import TransformersBackend, build_tiny_encoder

    texts = ["支付宝偷看我的隐私，太可怕了。", "加好友聊天的功能很有用。", "今天天气不错。"]
    root = tmp_path_factory.mktemp("tf")
    base = build_tiny_encoder(texts, root / "base", seed=0)
    model = TransformersBackend(argmine.load_schema(), model_name_or_path=str(base), epochs=1, learning_rate=1e-2,
                                warmup_ratio=0.0, max_length=32, evidence_top=0)
    model.fit(texts, [["privacy"], ["pro_social"], []], ["negative", "positive", "neutral"]).save(root / "model")
    return root / "model"


@pytest.mark.parametrize("file", ["schema.toml", "heads.safetensors", "encoder", "encoder/config.json",
                                  "encoder/model.safetensors", "encoder/tokenizer.json", "encoder/tokenizer_config.json"])
def test_a_transformers_model_file_that_links_to_nothing_is_named_as_a_broken_link(here, transformers_model, file):
    model = Path(shutil.copytree(transformers_model, here / "model"))
    shutil.rmtree(model / file) if (model / file).is_dir() else (model / file).unlink()
    os.symlink("nowhere", model / file)
    with pytest.raises(ModelError) as e:
        argmine.load_model("model")
    assert str(e.value) == f"model/{file}: broken symbolic link to nowhere (No such file or directory); fix the link or remove it"
