"""Speed-ups must not change predictions: forked workers and the fast cue scan."""

from __future__ import annotations

import os
import sys
import tomllib

import pytest

import argmine
from argmine.backends.cues import CueMatcher, tokenize
from argmine.classify import classify, load_model
from argmine.schema import load_schema, parse_schema

SENTENCES = [
    "支付宝做社交是对的，红包转账很方便。",
    "财不外露，隐私都暴露了，太危险了！",
    "支付宝做社交并不方便，功能太多了。",
    "支付宝就是个ATM，不是社交软件。",
    "我不知道，但是很方便。",
    "今天天气不错。",
    "没有安全感，不好用。",
    "这个创意很好，给满分~",
]

SMALL_TOML = """
[schema]
id = "bikes"
version = "1"
target = "the e-bike ban"

[[themes]]
id = "safety"
name_zh = "安全"
name_en = "safety"
description = "accidents"
cues = ["事故", "危险", "撞", { term = "(交警|城管).{0,4}(查|扣)", weight = 1.5, regex = true }]

[[themes]]
id = "jobs"
name_zh = "生计"
name_en = "jobs"
description = "couriers"
cues = ["外卖", "Straße", "饭碗"]

[sentiment]
negations = ["不", "没有", "不是"]
negation_window = 3
positive = ["支持", "好", "赞"]
negative = ["反对", "难", "危险"]
"""


def _units(n_copies: int):
    docs = [argmine.Document(f"d{i}", "".join(SENTENCES)) for i in range(n_copies)]
    return argmine.segment(docs)


@pytest.mark.parametrize("model", ["lexicon", None])
def test_classify_workers_give_identical_predictions(model):
    backend = load_model(model)
    units = _units(6)  # 48 units in batches of 5: the parallel path runs
    one = [c.to_row() for c in classify(units, model=backend, batch_size=5, workers=1)]
    two = [c.to_row() for c in classify(units, model=backend, batch_size=5, workers=2)]
    assert [r["id"] for r in two] == [u.id for u in units]
    assert one == two


def test_classify_workers_small_input_stays_in_process():
    units = _units(1)
    rows = [c.to_row() for c in classify(units, model="lexicon", batch_size=64, workers=2)]
    assert len(rows) == len(units)


@pytest.mark.parametrize("model", ["lexicon", None])  # every backend, forking or not, as batch_size=0
def test_classify_workers_rejects_zero_as_batch_size_is_refused(model):
    with pytest.raises(ValueError, match=r'^workers must be an integer >= 1, "auto" or None, found 0$'):
        classify(_units(1), model=model, workers=0)


def test_classify_takes_numpy_integers_as_batch_size_and_workers():
    import numpy as np

    units = _units(1)
    rows = [c.to_row() for c in classify(units, model="lexicon", batch_size=np.int64(2), workers=np.int32(1))]
    assert [r["id"] for r in rows] == [u.id for u in units]
    with pytest.raises(ValueError, match=r"^batch_size must be an integer >= 1, found np.int64\(0\)$"):
        classify(units, model="lexicon", batch_size=np.int64(0))


@pytest.mark.parametrize("schema_toml", [None, SMALL_TOML])
def test_cue_matcher_fast_scan_equals_reference(schema_toml):
    schema = load_schema() if schema_toml is None else parse_schema(tomllib.loads(schema_toml), "<bikes>")
    m = CueMatcher(schema)
    texts = SENTENCES + ["交警上路就扣车，撞了人不是好事", "送外卖是饭碗，没有不难的", "", "STRASSE straße atm"]
    for text in texts:
        toks = tokenize(text)
        assert m.match(text, toks) == m._match_slow(text, toks) == m.match(text), text


def test_cue_matcher_skips_tokenising_when_nothing_can_fire(monkeypatch):
    no_regex = SMALL_TOML.replace(', { term = "(交警|城管).{0,4}(查|扣)", weight = 1.5, regex = true }', "")
    m = CueMatcher(parse_schema(tomllib.loads(no_regex), "<bikes>"))
    import argmine.backends.cues as cues

    monkeypatch.setattr(cues, "tokenize", lambda text: pytest.fail("tokenised a text without cues"))
    assert m.match("123") == []


# --- the fast prediction paths give exactly what the reference code gives ---------

_MIXED = SENTENCES + [
    "", " ", "支付宝", "ABC abc 123.5% x-y_z#1&2+3", "送外卖是饭碗，没有不难的\r\n第二行\t\t尾巴",
    "蚂蚁森林偷能量哈哈哈哈哈哈", "马云爸爸说的对吗？？？", "囧rz…… 😀 ＡＢＣ\ufeff ß", "\x1f控制\x1f字符",
    "这是一个非常非常非常长的句子用来测试未登录词比如葛优躺和佛系青年以及内卷",
]


def _random_texts(n=300, seed=0):
    import random

    rng = random.Random(seed)
    alphabet = "支付宝社交不好很的了是在我有他这中大来上国个到说们为子和你地出道也时年葛优躺佛系内卷ABCabc 123.5%-_#&+，。！？\t\n\r\u3000é😀"
    return ["".join(rng.choice(alphabet) for _ in range(rng.randint(0, 40))) for _ in range(n)]


def test_tokens_tile_the_text_and_mostly_agree_with_jieba():
    import jieba

    texts = _MIXED + _random_texts()
    same = 0
    for text in texts:
        toks = tokenize(text)
        assert "".join(w for w, _, _ in toks) == text, text
        assert all(text[s:e] == w for w, s, e in toks), text
        assert [s for _, s, _ in toks[1:]] == [e for _, _, e in toks[:-1]], text
        same += [w for w, _, _ in toks] == [w for w, _, _ in jieba.tokenize(text)]
    assert same >= 0.9 * len(texts)


def test_char_ngram_index_equals_string_counting():
    import numpy as np

    from argmine.backends.linear import _WHITE_SPACES, _char_ngrams
    from argmine.ngram_index import CharNgramIndex, count_terms

    texts = [_WHITE_SPACES.sub(" ", t.lower()) for t in _MIXED + _random_texts(seed=1)]  # as _transform passes them
    terms = sorted({g for t in texts[::3] for g in _char_ngrams(t, 1, 3)} | {"不存在", "ab", "😀x"})
    for lo, hi in ((1, 3), (2, 3), (1, 1), (3, 3)):
        fast = CharNgramIndex(terms, lo, hi).count(texts)
        ref = count_terms([[g for g in _char_ngrams(t, lo, hi)] for t in texts], {t: j for j, t in enumerate(terms)})
        for a, b in zip(fast, ref):
            assert np.array_equal(a, b), (lo, hi)


def test_linear_transform_equals_sklearn_vectorizers():
    """predict builds the feature matrix without scikit-learn: the same entries and values as the vectorizers.

    Bit-identical with the pinned numpy; another numpy or scikit-learn (seen
    with numpy 2.5 on a GPU machine) rounds the normalisation differently in
    the last bit, hence the 1e-12 tolerance.
    """
    import numpy as np
    from scipy import sparse

    from argmine.backends.linear import _SEP, LinearBackend
    from argmine.classify import load_model

    m = load_model()
    assert isinstance(m, LinearBackend)
    texts = _MIXED + _random_texts(seed=2)
    char, word = m._vectorizers({t: i for i, t in enumerate(m.vocabulary_["char"])},
                                {t: i for i, t in enumerate(m.vocabulary_["word"])})
    char.idf_, word.idf_ = m.idf_char_, m.idf_word_
    tokens = [tokenize(t) for t in texts]
    joined = [_SEP.join(w for w, _, _ in toks) for toks in tokens]
    cues, _ = m._cue_features(texts, tokens)
    blocks = [char.transform(texts) * m.char_weight, word.transform(joined) * m.word_weight, sparse.csr_matrix(cues * m.cue_weight)]
    if m.polarity_model_ is not None:
        blocks.append(sparse.csr_matrix(np.asarray(m.polarity_model_.score(texts)).reshape(-1, 1) * m.polarity_weight))
    ref = sparse.hstack(blocks, format="csr")
    fast, _ = m._features(texts)
    assert np.array_equal(ref.indptr, fast.indptr) and np.array_equal(ref.indices, fast.indices)
    np.testing.assert_allclose(fast.data, ref.data, rtol=1e-12, atol=0)


def test_polarity_counts_equal_countvectorizer():
    import numpy as np
    from sklearn.feature_extraction.text import CountVectorizer

    from argmine.polarity import PolarityModel, _Analyzer, _weigh, _weigh_rows

    train = ["很好", "不错很好", "很差", "糟糕透了", "服务好", "服务差", "Good 好", "bad 差"]
    texts = _MIXED + _random_texts(seed=3)
    for words in (False, True):
        m = PolarityModel(min_df=1, words=words).fit(train, [1, 1, 0, 0, 1, 0, 1, 0])
        cv = CountVectorizer(analyzer=_Analyzer(tuple(m.ngram_range), m.words),
                             vocabulary={t: j for j, t in enumerate(m.vocabulary_)}, dtype=np.float32)
        ref, fast = cv.transform(texts), m._counts(texts)
        assert (ref != fast).nnz == 0 and np.array_equal(ref.indices, fast.indices)
        a, b = _weigh(ref, m.idf_), _weigh_rows(fast, m.idf_)
        assert np.array_equal(a.data, b.data) and np.array_equal(a.indices, b.indices)


def test_span_rules_skip_lines_without_their_literal():
    import importlib
    import re

    needed = importlib.import_module("argmine.clean")._needed
    assert needed(re.compile(r"[^。]{2,40}[??]\s+-\s+知乎")) == {("知乎", False)}
    assert needed(re.compile(r"\d+被浏览\d*(分享)?")) == {("被浏览", False)}
    assert needed(re.compile("ab|cd")) == {("ab", False), ("cd", False)}
    assert needed(re.compile("(?i)abc")) is None
    assert needed(re.compile("abc+")) == {("ab", False)}


def test_analyze_restores_the_garbage_collector():
    import gc

    import argmine

    assert gc.isenabled()
    argmine.analyze([argmine.Document("d", "支付宝做社交是对的。")], model="lexicon", n_boot=100)
    assert gc.isenabled()
    gc.disable()
    try:
        argmine.analyze([argmine.Document("d", "支付宝做社交是对的。")], model="lexicon", n_boot=100)
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_classify_gives_the_original_texts_to_backends_that_quote_evidence():
    import argmine
    from argmine.backends.base import Prediction
    from argmine.schema import load_schema

    class Quoting:
        name = "quoting"

        def __init__(self):
            self.schema_ = load_schema()
            self.seen = []

        def predict(self, texts, originals=None):
            self.seen.append((list(texts), originals))
            return [Prediction((), {}, "neutral", 0.0) for _ in texts]

    backend = Quoting()
    units = argmine.segment(argmine.Document("d", "這個功能失敗了。"))
    list(argmine.classify(units, model=backend))
    assert backend.seen == [(["这个功能失败了。"], ["這個功能失敗了。"])]


@pytest.mark.parametrize("at", [3, 12, 40])  # in the first batches (before any fork), mid-stream, near the end
def test_classify_workers_yield_every_batch_before_a_bad_unit(at):
    units = list(_units(6))  # 48 units in batches of 3
    items = units[:at] + ["not a unit"] + units[at:]

    def rows_before_the_error(workers):
        rows = []
        with pytest.raises(TypeError, match=r"^classify\(\) takes Units \(from argmine.segment\), not str; "):
            for c in classify(iter(items), model="lexicon", batch_size=3, workers=workers):
                rows.append(c.to_row())
        return rows

    one = rows_before_the_error(1)
    assert len(one) == at - at % 3  # a batch cut short by the bad unit is not predicted
    for workers in (2, 3, 4):
        assert rows_before_the_error(workers) == one, workers


# --- forked workers and signals: a subprocess holds idle workers ------------------

_HOLD_WORKERS = """
import sys, time
import argmine
docs = [argmine.Document(f"d{i}", "".join(SENTENCES)) for i in range(6)]
rows = argmine.classify(argmine.segment(docs), model="lexicon", batch_size=5, workers=3)
for _ in range(6):  # past the first batch: the pool has forked its two workers
    next(rows)
print("ready", flush=True)
time.sleep(60)
"""


def _proc_state(pid: int) -> "tuple[str, int] | None":
    """(state, parent pid) of a live process, from /proc; None once it is gone (a zombie counts as gone)."""
    from pathlib import Path

    try:
        state, ppid = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[:2]
    except (OSError, ValueError):
        return None
    return None if state in ("Z", "X") else (state, int(ppid))


def _children(pid: int) -> list[int]:
    from pathlib import Path

    kids = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit() and (_proc_state(int(entry.name)) or ("", 0))[1] == pid:
            kids.append(int(entry.name))
    return kids


def _hold_workers(preamble: str = "", **popen):
    import subprocess
    import sys
    from pathlib import Path

    script = preamble + _HOLD_WORKERS.replace("SENTENCES", repr(SENTENCES))
    p = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                         cwd=str(Path(__file__).resolve().parents[1]), **popen)
    line = p.stdout.readline()
    if line != "ready\n":
        p.kill()
        pytest.fail(f"the worker script did not start: {line!r} {p.communicate()[1]}")
    return p


needs_linux_fork = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="workers fork on Linux only")


@needs_linux_fork
def test_classify_workers_end_when_their_parent_is_killed():
    import signal
    import time

    p = _hold_workers()
    kids = _children(p.pid)
    left = kids
    try:
        assert len(kids) == 2
        p.kill()  # SIGKILL: no finally, no pool shutdown in the parent
        p.wait(timeout=10)
        deadline = time.monotonic() + 10
        while left and time.monotonic() < deadline:
            time.sleep(0.1)
            left = [k for k in kids if _proc_state(k) is not None]
        assert left == [], "orphaned workers still running"
    finally:
        for k in left:  # without the fix they would run forever
            try:
                os.kill(k, signal.SIGKILL)
            except OSError:
                pass
        p.communicate()


def _signal_group(p, number) -> str:
    """Send ``number`` to the process group of ``p`` (a terminal's Ctrl-C, ``timeout``) and return its stderr."""
    import signal
    import subprocess

    os.killpg(p.pid, number)
    try:
        return p.communicate(timeout=20)[1]
    except subprocess.TimeoutExpired:
        os.killpg(p.pid, signal.SIGKILL)
        p.communicate()
        raise


@needs_linux_fork
def test_classify_workers_ignore_ctrl_c():
    import signal

    p = _hold_workers(start_new_session=True)  # its own process group, as a terminal's
    assert len(_children(p.pid)) == 2
    err = _signal_group(p, signal.SIGINT)  # Ctrl-C reaches the parent and its workers
    assert err.count("Traceback") == 1 and err.rstrip().endswith("KeyboardInterrupt"), err  # the parent's own
    assert "ForkProcess" not in err


#: the stop handlers the ``argmine`` command sets once its run has started (argmine.cli._session.run_started)
_AS_THE_COMMAND = """
from argmine.cli._session import STOP_SIGNALS, _stop, set_stop_handlers
set_stop_handlers({name: _stop for name in STOP_SIGNALS})
"""


@needs_linux_fork
@pytest.mark.parametrize("name", ["SIGTERM", "SIGHUP"])
def test_classify_workers_leave_a_stop_signal_sent_to_the_group_to_the_command(name):
    # QA round 41: `timeout`, `kill -- -PGID` or a closed terminal reached the idle workers too, which ran the
    # command's handler they had inherited: "Process ForkProcess-1: Traceback ... Stopped: 15" from each
    import signal
    import time

    number = getattr(signal, name)
    p = _hold_workers(_AS_THE_COMMAND, start_new_session=True)  # its own process group, as a terminal's
    kids = _children(p.pid)
    assert len(kids) == 2
    err = _signal_group(p, number)
    assert err.count("Traceback") == 1 and err.rstrip().endswith(f"Stopped: {int(number)}"), err  # the parent's own
    assert "ForkProcess" not in err
    deadline = time.monotonic() + 10  # the parent's exit shuts the pool down
    while any(_proc_state(k) for k in kids) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not any(_proc_state(k) for k in kids)


@needs_linux_fork
def test_classify_workers_end_on_their_pools_sigterm_not_on_anyone_elses():
    # a worker killed outright (the OOM killer) breaks the pool, which ends the others with SIGTERM and waits for
    # them: one that ignored every SIGTERM would keep the parent waiting for ever
    import signal
    import time

    p = _hold_workers(_AS_THE_COMMAND)
    kids = _children(p.pid)
    try:
        assert len(kids) == 2
        os.kill(kids[0], signal.SIGTERM)  # not its parent's: the parent stops the run, not the worker
        time.sleep(1)
        assert _proc_state(kids[0]) is not None
        os.kill(kids[1], signal.SIGKILL)
        deadline = time.monotonic() + 10
        while _proc_state(kids[0]) is not None and time.monotonic() < deadline:
            time.sleep(0.1)
        assert _proc_state(kids[0]) is None, "the pool could not end its worker"
    finally:
        for pid in [p.pid, *kids]:
            try:
                os.kill(pid, signal.SIGKILL)
            except OSError:
                pass
        p.communicate()


def _rows_in_pool_worker(workers):
    units = _units(6)  # 48 units in batches of 5: workers=2 would fork
    return [c.to_row() for c in classify(units, model="lexicon", batch_size=5, workers=workers)]


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="workers fork only on Linux")
def test_classify_workers_in_a_daemonic_pool_worker_run_in_process():
    """A Pool worker may not have children: workers=2 there predicts in that process, as workers=1."""
    import multiprocessing

    with multiprocessing.get_context("fork").Pool(1) as pool:
        two, auto = pool.map(_rows_in_pool_worker, [2, "auto"])
    one = _rows_in_pool_worker(1)
    assert two == auto == one
    assert len(one) == 48


# --- a worker killed outright (SIGKILL, the OOM killer) --------------------------

#: The document whose units a worker dies on (:func:`_predict_or_die`), as the OOM killer would end it.
_DOOMED = "doomed"
_classify_module = sys.modules["argmine.classify"]  # the module: argmine.classify is also the function
_predict_in_worker = _classify_module._predict_in_worker


def _predict_or_die(units):
    """What a worker runs (``_predict_in_worker``), but a batch holding a unit of :data:`_DOOMED` ends the process as
    ``_ARGMINE_TEST_DIE`` says: ``kill`` (SIGKILL, as the OOM killer sends it) or ``exit`` (gone without a reply)."""
    import signal

    if any(u.doc == _DOOMED for u in units):
        if os.environ.get("_ARGMINE_TEST_DIE") == "exit":
            os._exit(1)
        os.kill(os.getpid(), signal.SIGKILL)
    return _predict_in_worker(units)


@pytest.fixture
def workers_die_on_doomed(monkeypatch):
    """Forked workers predict with :func:`_predict_or_die` (the pool sends it by name; fork gives the worker this module)."""
    monkeypatch.setattr(_classify_module, "_predict_in_worker", _predict_or_die)
    monkeypatch.setenv("_ARGMINE_TEST_DIE", "kill")
    return monkeypatch


@needs_linux_fork
@pytest.mark.parametrize("how", ["kill", "exit"])
def test_classify_worker_killed_outright_is_one_typed_error_after_the_results_before_it(workers_die_on_doomed, how):
    # QA round 41: a worker killed mid-run (the OOM killer) ended the run with an unworded BrokenProcessPool traceback
    from argmine.errors import E_WORKER_DIED, ArgmineError

    workers_die_on_doomed.setenv("_ARGMINE_TEST_DIE", how)
    docs = [argmine.Document(_DOOMED if i == 2 else f"d{i}", "".join(SENTENCES)) for i in range(6)]
    units = argmine.segment(docs)  # 48 units in batches of 5: batch 3 (units 15-19, doomed#1-4) goes to the worker
    assert [u.doc for u in units[15:20]] == ["d1"] + [_DOOMED] * 4
    one = [c.to_row() for c in classify(units, model="lexicon", batch_size=5, workers=1)]
    rows = []
    with pytest.raises(ArgmineError) as raised:
        for c in classify(units, model="lexicon", batch_size=5, workers=2):
            rows.append(c.to_row())
    assert type(raised.value) is ArgmineError
    assert str(raised.value) == E_WORKER_DIED == (
        "a worker process ended unexpectedly (killed: out of memory?) and classifying stopped; "
        "run again with fewer workers, or with --workers 1 (workers=1 in Python) to classify in this process alone")
    assert rows == one[:15]  # batches 0-2, as workers=1 gave them; none after the lost batch


@needs_linux_fork
def test_classify_worker_killed_while_idle_is_the_same_typed_error():
    # killed between two rounds, the pool is broken before the next batch is handed out (submit refuses it)
    import multiprocessing
    import signal
    import time

    from argmine.errors import E_WORKER_DIED, ArgmineError

    units = _units(6)
    one = [c.to_row() for c in classify(units, model="lexicon", batch_size=5, workers=1)]
    stream = classify(units, model="lexicon", batch_size=5, workers=2)
    rows = [next(stream).to_row() for _ in range(6)]  # batch 0 here, then round 1: batch 1 came back, batch 2 done here
    (worker,) = multiprocessing.active_children()
    os.kill(worker.pid, signal.SIGKILL)
    deadline = time.monotonic() + 10
    while _proc_state(worker.pid) is not None and time.monotonic() < deadline:
        time.sleep(0.05)
    time.sleep(0.5)  # the pool's manager thread sees it go and marks the pool broken
    with pytest.raises(ArgmineError) as raised:
        for c in stream:
            rows.append(c.to_row())
    assert str(raised.value) == E_WORKER_DIED
    assert rows == one[:15]


@needs_linux_fork
@pytest.mark.parametrize("command,rows", [
    (["classify", "--batch-size", "5", "--format", "jsonl"], 6),  # row 2's units: batches 3-4, batch 3 the worker's
    (["analyze"], 140),  # batches of 512: row 70's units (560-567) in batch 1, the worker's
])
def test_cli_worker_killed_outright_is_one_line_and_exit_1(tmp_path, workers_die_on_doomed, command, rows):
    import json

    from click.testing import CliRunner

    from argmine.cli import main
    from argmine.errors import E_WORKER_DIED

    doomed = 2 if rows == 6 else 70
    path = tmp_path / "comments.jsonl"
    with open(path, "w", encoding="utf-8") as f:
        for i in range(rows):
            f.write(json.dumps({"id": _DOOMED if i == doomed else f"c{i}", "text": "".join(SENTENCES)}, ensure_ascii=False) + "\n")
    out = tmp_path / "out"
    r = CliRunner().invoke(main, [command[0], str(path), *command[1:], "--model", "lexicon", "--workers", "2", "-q", "-o", str(out)],
                           catch_exceptions=False)
    assert r.exit_code == 1
    assert r.stderr == f"argmine: error: {E_WORKER_DIED}\n"
