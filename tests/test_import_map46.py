"""--map OLD=NEW splits at the last '=': a label holding '=' (a=b) is mapped as the import's own hint writes it."""

from __future__ import annotations

import csv

from click.testing import CliRunner

from argmine.cli import main
from argmine.importers import theme_map
from argmine.schema import load_schema


def test_theme_map_reads_an_old_label_holding_an_equals_sign():
    assert theme_map(["a=b=bloat", "x=y="], load_schema()) == {"a=b": "bloat", "x=y": ""}


def test_the_map_hint_for_a_label_holding_an_equals_sign_runs_as_written(tmp_path):
    (tmp_path / "p.txt").write_text("支付宝做社交是错的。\n", "utf-8")
    runner = CliRunner()
    sheet = tmp_path / "s.csv"
    assert runner.invoke(main, ["export", str(tmp_path / "p.txt"), "--format", "csv", "-o", str(sheet), "-q"]).exit_code == 0
    rows = list(csv.reader(sheet.open(encoding="utf-8-sig")))
    head = rows[0]
    rows[1][head.index("themes")], rows[1][head.index("sentiment")] = "a=b", "negative"
    labelled = tmp_path / "l.csv"
    with labelled.open("w", encoding="utf-8-sig", newline="") as f:
        csv.writer(f).writerows(rows)
    gold = tmp_path / "g.jsonl"
    r = runner.invoke(main, ["import", str(labelled), "--format", "csv", "-o", str(gold)])
    assert r.exit_code == 1 and "import again with --map a=b=NEW" in r.stderr
    r = runner.invoke(main, ["import", str(labelled), "--format", "csv", "-o", str(gold), "--map", "a=b=bloat"])
    assert r.exit_code == 0, r.stderr
    assert '"themes": ["bloat"]' in gold.read_text("utf-8")
