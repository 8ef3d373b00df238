"""QA round 45: a reviewer's Label Studio ground truth settles a unit, and labels are read as the labeler saw them.

A unit whose labels come from an annotation marked ``ground_truth`` is adjudicated: its record carries no
``"conflict": true`` (every labeler's set is still under ``passes``), so ``evaluate`` scores it and ``train``
learns the reviewer's labels only.  A label with an invisible character beside it (a copied U+200B, a U+FEFF
byte-order mark) is read as one with white space beside it is.
"""

from __future__ import annotations

import json
import shlex

import pytest
from click.testing import CliRunner

from argmine.cli import main
from argmine.export import export
from argmine.importers import import_annotations, theme_map
from argmine.schema import load_schema
from argmine.types import Document, Unit

SCHEMA = load_schema()
TEXT = "外卖骑手怎么办，这是砸饭碗。\n支付宝做社交是错的。\n财不外露！隐私才是底线。\n"


def _units() -> list[Unit]:
    out, start = [], 0
    for n, piece in enumerate(["外卖骑手怎么办，这是砸饭碗。", "支付宝做社交是错的。", "财不外露！", "隐私才是底线。"], 1):
        start = TEXT.index(piece, start)
        out.append(Unit.from_source(TEXT, doc="t", n=n, start=start, end=start + len(piece), kind="body"))
        start += len(piece)
    return out


UNITS = _units()


def _ann(n: int, who: int, themes: list[str], sentiment: str, truth: bool, hour: int) -> dict:
    stamp = f"2024-06-10T{hour:02d}:00:00Z"
    return {"id": n, "completed_by": who, "was_cancelled": False, "ground_truth": truth, "created_at": stamp, "updated_at": stamp,
            "result": [{"id": "a", "from_name": "themes", "to_name": "text", "type": "choices", "value": {"choices": themes}},
                       {"id": "b", "from_name": "sentiment", "to_name": "text", "type": "choices", "value": {"choices": [sentiment]}}]}


def _reviewed_export(tmp_path, units=UNITS[:3], truths=((["privacy"], "negative"),)):
    """Label Studio's export of ``units``: labelers 1 and 2 disagree, and each of ``truths`` is an annotation marked ground truth."""
    export(units, tmp_path / "ls", "label-studio")
    tasks = json.loads((tmp_path / "ls" / "tasks.json").read_text("utf-8"))
    for n, task in enumerate(tasks):
        task["id"] = n + 1
        task["annotations"] = [_ann(10 * n + 1, 1, ["privacy"], "negative", False, 10),
                               _ann(10 * n + 2, 2, ["bloat"], "neutral", False, 11)]
        task["annotations"] += [_ann(10 * n + 3 + k, 3 + k, th, se, True, 12 + k) for k, (th, se) in enumerate(truths)]
    path = tmp_path / "export.json"
    path.write_text(json.dumps(tasks, ensure_ascii=False), "utf-8")
    return path


# --- ground truth -----------------------------------------------------------------------------------------


def test_ground_truth_settles_a_disagreement_so_the_record_carries_no_conflict_mark(tmp_path):
    result = import_annotations([_reviewed_export(tmp_path)], "label-studio")
    assert not result.errors
    assert len(result.records) == 3
    for rec in result.records:
        assert (rec.themes, rec.sentiment) == (("privacy",), "negative")
        assert "conflict" not in rec.meta and "conflict" not in rec.to_dict()
        # every labeler's set is kept for agreement
        assert rec.passes == {"label-studio-user-1": {"themes": ("privacy",), "sentiment": "negative"},
                              "label-studio-user-2": {"themes": ("bloat",), "sentiment": "neutral"},
                              "label-studio-user-3": {"themes": ("privacy",), "sentiment": "negative"}}
    # the disagreement is still listed, saying the reviewer settled it
    assert len(result.conflicts) == 3
    assert all(c.settled for c in result.conflicts)
    assert str(result.conflicts[0]).endswith("; a reviewer settled it (ground_truth), so the record has no \"conflict\" mark")
    assert result.conflicts[0].kept == "the ground-truth annotation's labels (label-studio-user-3)"


def test_ground_truth_settled_unit_does_not_fail_strict_import(tmp_path):
    result = import_annotations([_reviewed_export(tmp_path)], "label-studio", strict=True)
    assert len(result.records) == 3 and all("conflict" not in r.meta for r in result.records)


def test_two_ground_truths_that_disagree_leave_the_conflict_marked(tmp_path):
    path = _reviewed_export(tmp_path, UNITS[:1], truths=((["privacy"], "negative"), (["bloat"], "neutral")))
    result = import_annotations([path], "label-studio")
    rec = result.records[0]
    assert rec.meta.get("conflict") is True
    assert not result.conflicts[0].settled
    assert not str(result.conflicts[0]).endswith('"conflict" mark')


def test_ground_truth_gold_is_scored_by_evaluate_and_trains_on_the_reviewers_labels_only(tmp_path):
    (tmp_path / "t.txt").write_text(TEXT, "utf-8")
    gold = tmp_path / "gold.jsonl"
    runner = CliRunner()
    res = runner.invoke(main, ["import", str(_reviewed_export(tmp_path)), "--format", "label-studio", "-o", str(gold)])
    assert res.exit_code == 0, res.stderr
    assert "3 gold records written" in res.stderr
    assert ", 3 conflicts (3 settled by ground truth), " in res.stderr  # the summary counts them apart
    assert all("conflict" not in json.loads(line) for line in gold.read_text("utf-8").splitlines())
    res = runner.invoke(main, ["evaluate", "--gold", str(gold), "--model", "lexicon"])
    assert res.exit_code == 0, res.stderr
    assert "left out" not in res.stderr and "labelled differently" not in res.stderr
    assert "Evaluation on 3 units" in res.output
    res = runner.invoke(main, ["train", str(gold), "-o", str(tmp_path / "m")])
    assert res.exit_code == 0, res.stderr
    assert "labelled differently" not in res.stderr
    assert f"trained linear on 3 units -> {tmp_path / 'm'}" in res.stderr


def test_agreement_between_labelers_of_a_reviewed_export_still_runs(tmp_path):
    path = _reviewed_export(tmp_path)
    runner = CliRunner()
    for who in ("1", "2"):
        res = runner.invoke(main, ["import", str(path), "--format", "label-studio", "--only-annotator", who,
                                   "-o", str(tmp_path / f"u{who}.jsonl")])
        assert res.exit_code == 0, res.stderr
    res = runner.invoke(main, ["agreement", str(tmp_path / "u1.jsonl"), str(tmp_path / "u2.jsonl"), "--format", "json"])
    assert res.exit_code == 0, res.stderr
    report = json.loads(res.output)
    assert report["n"] == 3
    assert report["sentiment"]["agreement"] == 0.0


# --- invisible characters beside a label -----------------------------------------------------------------


def _sheet(tmp_path, cells: list[tuple[str, str]]):
    export(UNITS[:len(cells)], tmp_path / "sheet.csv", "csv")
    import csv

    with open(tmp_path / "sheet.csv", encoding="utf-8-sig", newline="") as f:
        rows = list(csv.DictReader(f))
    for row, (themes, sentiment) in zip(rows, cells):
        row["themes"], row["sentiment"] = themes, sentiment
    with open(tmp_path / "sheet.csv", "w", encoding="utf-8-sig", newline="") as f:
        w = csv.DictWriter(f, fieldnames=list(rows[0]))
        w.writeheader()
        w.writerows(rows)
    return tmp_path / "sheet.csv"


def test_sheet_labels_with_invisible_characters_beside_them_import_as_with_spaces(tmp_path):
    sheet = _sheet(tmp_path, [("privacy\u200b", "negative"), ("privacy", "\ufeffnegative"), (" privacy ", " negative "),
                              ("\u2060bloat;\u00adprivacy\u200c", "neutral\u200d")])
    result = import_annotations([sheet], "csv")
    assert not result.errors, [str(p) for p in result.errors]
    assert [(r.themes, r.sentiment) for r in result.records] == [
        (("privacy",), "negative"), (("privacy",), "negative"), (("privacy",), "negative"), (("privacy", "bloat"), "neutral")]


def test_sheet_cells_holding_only_invisible_characters_are_empty(tmp_path):
    sheet = _sheet(tmp_path, [("\u200b", "\ufeff"), ("privacy \u200b", "negative")])
    result = import_annotations([sheet], "csv")
    assert not result.errors, [str(p) for p in result.errors]
    assert [r.id for r in result.records] == [UNITS[1].id]
    assert result.records[0].themes == ("privacy",)
    assert [p.where.split(": ", 1)[1] for p in result.unlabeled] == [f"row 1 (line 2) (unit {UNITS[0].id})"]


def test_sheet_kind_cell_with_an_invisible_character_is_read(tmp_path):
    sheet = _sheet(tmp_path, [("privacy", "negative")])
    text = sheet.read_text("utf-8-sig").replace(",body,", ",body\u200b,")
    sheet.write_text(text, "utf-8-sig")
    result = import_annotations([sheet], "csv")
    assert not result.errors, [str(p) for p in result.errors]
    assert result.records[0].kind == "body"


def test_doccano_and_label_studio_labels_with_invisible_characters_import(tmp_path):
    export(UNITS[:1], tmp_path / "dc", "doccano")
    task = json.loads((tmp_path / "dc" / "tasks.jsonl").read_text("utf-8"))
    task["label"] = ["\ufeffprivacy", "negative\u200b"]  # the sentiment is read as one, not as an unknown theme
    (tmp_path / "dc.jsonl").write_text(json.dumps(task, ensure_ascii=False) + "\n", "utf-8")
    result = import_annotations([tmp_path / "dc.jsonl"], "doccano")
    assert not result.errors, [str(p) for p in result.errors]
    assert (result.records[0].themes, result.records[0].sentiment) == (("privacy",), "negative")

    export(UNITS[:1], tmp_path / "ls", "label-studio")
    tasks = json.loads((tmp_path / "ls" / "tasks.json").read_text("utf-8"))
    tasks[0]["annotations"] = [_ann(1, 1, ["privacy\u200b"], "\u2060negative", False, 10)]
    (tmp_path / "ls.json").write_text(json.dumps(tasks, ensure_ascii=False), "utf-8")
    result = import_annotations([tmp_path / "ls.json"], "label-studio")
    assert not result.errors, [str(p) for p in result.errors]
    assert (result.records[0].themes, result.records[0].sentiment) == (("privacy",), "negative")


def test_brat_sentiment_with_an_invisible_character_imports(tmp_path):
    export(UNITS[:1], tmp_path / "br", "brat", documents=[Document(id="t", text=TEXT)])
    ann = next((tmp_path / "br").glob("*.ann"))
    first = next(line for line in ann.read_text("utf-8").splitlines() if line.startswith("T"))
    tid, span, text = first.split("\t")
    lines = [f"{tid}\tprivacy {span.split(' ', 1)[1]}\t{text}", f"A1\tSentiment {tid} negative\u200b"]
    ann.write_text("\n".join(lines) + "\n", "utf-8")
    result = import_annotations([tmp_path / "br"], "brat")
    assert not result.errors, [str(p) for p in result.errors]
    assert (result.records[0].themes, result.records[0].sentiment) == (("privacy",), "negative")


def test_map_reads_its_old_label_as_seen():
    assert theme_map(["privacy_old\u200b=privacy"], SCHEMA) == {"privacy_old": "privacy"}


def test_map_suggested_for_an_unknown_theme_with_an_invisible_character_runs_when_pasted(tmp_path):
    export(UNITS[:1], tmp_path / "dc", "doccano")
    task = json.loads((tmp_path / "dc" / "tasks.jsonl").read_text("utf-8"))
    task["label"] = ["privacy_old\u200b", "negative"]
    (tmp_path / "e.jsonl").write_text(json.dumps(task, ensure_ascii=False) + "\n", "utf-8")
    runner = CliRunner()
    res = runner.invoke(main, ["import", str(tmp_path / "e.jsonl"), "--format", "doccano", "-o", str(tmp_path / "g.jsonl")])
    assert res.exit_code == 1
    line = next(line for line in res.stderr.splitlines() if "import again with --map" in line)
    assert "\\u200b" not in line and "\u200b" not in line
    words = shlex.split(line.split("import again with ", 1)[1])[:2]
    assert words == ["--map", "privacy_old=NEW"]
    res = runner.invoke(main, ["import", str(tmp_path / "e.jsonl"), "--format", "doccano", "-o", str(tmp_path / "g.jsonl"),
                               "--map", "privacy_old=privacy"])
    assert res.exit_code == 0, res.stderr
    assert "mapped (--map): 1 label privacy_old -> privacy" in res.stderr


@pytest.mark.parametrize("label", ["privacy\u200b", "\ufeffprivacy", "pri\u00advacy"])
def test_label_read_as_seen_matches_the_theme(label):
    from argmine.importers import _label_seen

    assert _label_seen(label) == "privacy"


@pytest.mark.parametrize("old", ["privacy_old\u200e", "it's\u200f", "x\x1bold"])
def test_map_suggested_for_a_theme_with_a_character_no_terminal_shows_runs_when_pasted_into_bash(tmp_path, old):
    import subprocess

    export(UNITS[:1], tmp_path / "dc", "doccano")
    task = json.loads((tmp_path / "dc" / "tasks.jsonl").read_text("utf-8"))
    task["label"] = [old, "negative"]
    (tmp_path / "e.jsonl").write_text(json.dumps(task, ensure_ascii=False) + "\n", "utf-8")
    res = CliRunner().invoke(main, ["import", str(tmp_path / "e.jsonl"), "--format", "doccano", "-o", str(tmp_path / "g.jsonl")])
    assert res.exit_code == 1
    line = next(line for line in res.stderr.splitlines() if "import again with --map" in line)
    suggested = line.split("import again with --map ", 1)[1].split("=NEW", 1)[0]  # OLD as the hint writes it for bash
    pasted = subprocess.run(["bash", "-c", f"printf %s {suggested}"], capture_output=True, check=True).stdout.decode()
    assert pasted == old
