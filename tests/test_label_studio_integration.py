"""Round trip through a real Label Studio server (integration; deselect with -m "not integration").

Installs the ``label-studio`` package into its own virtualenv (cached in
``~/.cache/argmine-test/ls-venv``, or ``$ARGMINE_LS_VENV``; reused when
present), starts it on a free localhost port with a temporary data dir and
a legacy API token created non-interactively (``label-studio start
--username --password --user-token --enable-legacy-api-token``, see
label_studio/server.py), then drives its REST API: create a project with
argmine's labeling config, import argmine's tasks with predictions, add
annotations, export as JSON, and read the export back with ``argmine import``.
"""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from click.testing import CliRunner

from argmine.annotations import load_gold
from argmine.backends.base import Prediction
from argmine.cli import main
from argmine.export import export
from argmine.read import read
from argmine.schema import load_schema
from argmine.segment import segment

pytestmark = [pytest.mark.integration, pytest.mark.slow, pytest.mark.timeout(1500)]

VENV = Path(os.environ.get("ARGMINE_LS_VENV", Path.home() / ".cache" / "argmine-test" / "ls-venv"))
TOKEN = "argmine-integration-token"
TEXT = "支付宝做社交是对的😀,红包很方便。\r\n财不外露𠮷!\r\n我只想付钱,不想聊天。\r\n来往已死。\r\n"
EDITS = [(["pro_social"], "positive"), (["privacy"], "negative"), (["brand_fit", "bloat"], "negative"), ([], "neutral")]


def _label_studio_bin() -> Path:
    exe = VENV / "bin" / "label-studio"
    if exe.exists():
        return exe
    VENV.parent.mkdir(parents=True, exist_ok=True)
    try:
        subprocess.run([sys.executable, "-m", "venv", str(VENV)], check=True, timeout=300)
        subprocess.run([str(VENV / "bin" / "pip"), "install", "-q", "label-studio"], check=True, timeout=1200)
    except (subprocess.CalledProcessError, subprocess.TimeoutExpired) as e:
        pytest.fail(f"could not install label-studio into {VENV} ({e}); it needs PyPI access. "
                    "Deselect this test with -m 'not integration'")
    return exe


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    exe = _label_studio_bin()
    data = tmp_path_factory.mktemp("ls-data")
    port = _free_port()
    env = {**os.environ, "LABEL_STUDIO_BASE_DATA_DIR": str(data), "LATEST_VERSION_CHECK": "false",
           "COLLECT_ANALYTICS": "false", "SENTRY_DSN": "", "FRONTEND_SENTRY_DSN": ""}
    log = open(data / "server.log", "w")
    proc = subprocess.Popen(
        [str(exe), "start", "--no-browser", "--internal-host", "127.0.0.1", "--port", str(port),
         "--data-dir", str(data), "--username", "argmine@example.com", "--password", "argmine-pass",
         "--user-token", TOKEN, "--enable-legacy-api-token"],
        cwd=data, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 600
        while True:
            if proc.poll() is not None:
                pytest.fail(f"label-studio exited with {proc.returncode}; log: {(data / 'server.log').read_text()[-2000:]}")
            try:
                with urllib.request.urlopen(base + "/health", timeout=5) as r:
                    if r.status == 200:
                        break
            except (urllib.error.URLError, OSError):
                pass
            if time.monotonic() > deadline:
                pytest.fail(f"label-studio did not answer on {base} within 600 s")
            time.sleep(2)
        yield base
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
        log.close()


def api(base: str, method: str, path: str, body=None):
    req = urllib.request.Request(
        base + path, method=method, data=None if body is None else json.dumps(body).encode("utf-8"),
        headers={"Authorization": f"Token {TOKEN}", "Content-Type": "application/json"},
    )
    try:
        with urllib.request.urlopen(req, timeout=120) as r:
            raw = r.read()
    except urllib.error.HTTPError as e:
        raise AssertionError(f"{method} {path}: HTTP {e.code}: {e.read()[:1000]!r}") from None
    return json.loads(raw) if raw else None


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    d = tmp_path_factory.mktemp("corpus")
    (d / "page.txt").write_bytes(TEXT.encode("utf-8"))
    docs = read([str(d)])
    units = segment(docs)
    assert [u.text for u in units] == ["支付宝做社交是对的😀,红包很方便。", "财不外露𠮷!", "我只想付钱,不想聊天。", "来往已死。"]
    return d, docs, units


def predictions(units):
    schema = load_schema()
    return [Prediction(themes=("privacy",), scores={t: 0.3 + 0.1 * i if t == "privacy" else 0.1 for t in schema.theme_ids},
                       sentiment="neutral", sentiment_score=0.0) for i, _ in enumerate(units)]


def round_trip(base, tmp_path, corpus, level, annotate):
    d, docs, units = corpus
    out = tmp_path / f"ls-{level}"
    export(units, out, "label-studio", predictions=predictions(units), documents=docs, level=level, model_version="test-model")
    tasks = json.loads((out / "tasks.json").read_text("utf-8"))
    project = api(base, "POST", "/api/projects", {"title": f"argmine {level}", "label_config": (out / "config.xml").read_text("utf-8")})
    imported = api(base, "POST", f"/api/projects/{project['id']}/import", tasks)
    assert imported["task_count"] == len(tasks) and imported["prediction_count"] == len(tasks)
    listed = api(base, "GET", f"/api/tasks?project={project['id']}&page_size=100")
    server_tasks = listed["tasks"] if isinstance(listed, dict) else listed
    assert len(server_tasks) == len(tasks)
    for task in server_tasks:
        api(base, "POST", f"/api/tasks/{task['id']}/annotations", {"result": annotate(task["data"]), "was_cancelled": False})
    req = urllib.request.Request(f"{base}/api/projects/{project['id']}/export?exportType=JSON", headers={"Authorization": f"Token {TOKEN}"})
    with urllib.request.urlopen(req, timeout=120) as r:
        (tmp_path / "export.json").write_bytes(r.read())
    exported = json.loads((tmp_path / "export.json").read_text("utf-8"))
    assert all(t["annotations"] and not t["annotations"][0]["was_cancelled"] for t in exported)
    gold = tmp_path / "gold.jsonl"
    res = CliRunner().invoke(main, ["import", str(tmp_path / "export.json"), "--format", "label-studio", "--source", str(d), "-o", str(gold), "--strict"])
    assert res.exit_code == 0, res.output
    assert "UTF-16" not in res.output, res.output  # the exported regions count code points, as the editor's do
    records = load_gold(gold, load_schema())
    assert [(r.id, r.doc, r.start, r.end, r.text) for r in records] == [(u.id, u.doc, u.start, u.end, u.text) for u in units]
    for r, (themes, sentiment) in zip(records, EDITS):
        assert (list(r.themes), r.sentiment) == (themes, sentiment)
        assert r.annotator.startswith("label-studio-user-")


def test_label_studio_unit_level_round_trip(server, tmp_path, corpus):
    ids = [u.id for u in corpus[2]]

    def annotate(data):
        themes, sentiment = EDITS[ids.index(data["unit_id"])]
        return [
            {"id": "t", "from_name": "themes", "to_name": "text", "type": "choices", "value": {"choices": themes or ["other"]}},
            {"id": "s", "from_name": "sentiment", "to_name": "text", "type": "choices", "value": {"choices": [sentiment]}},
        ]

    round_trip(server, tmp_path, corpus, "unit", annotate)


def test_label_studio_document_level_round_trip(server, tmp_path, corpus):
    def annotate(data):
        # What the Label Studio editor sends: offsets in code points of data.text (its selection-tools.js counts
        # [...text].length, "as python"), CRLF counted as two. The REST API stores them as given: this test posts
        # what the editor would, it does not drive the editor.
        result = []
        for n, u in enumerate(data["units"]):
            themes, sentiment = EDITS[n]
            span = {"start": u["start"], "end": u["end"], "text": data["text"][u["start"]:u["end"]]}
            result.append({"id": f"reg{n}", "from_name": "unit", "to_name": "text", "type": "labels", "value": {**span, "labels": themes or ["other"]}})
            result.append({"id": f"reg{n}", "from_name": "sentiment", "to_name": "text", "type": "choices", "value": {**span, "choices": [sentiment]}})
        return result

    round_trip(server, tmp_path, corpus, "document", annotate)
