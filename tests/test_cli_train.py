"""argmine train's summary line: files that could not be used and records skipped are told apart."""

from __future__ import annotations

from click.testing import CliRunner

from argmine.cli import main


def test_cli_train_summary_tells_unusable_files_from_skipped_records(tmp_path):
    good = tmp_path / "good.csv"
    good.write_text("text,themes,sentiment\n财不外露。,privacy,negative\n红包很方便。,pro_social,positive\n今天下雪。,,neutral\n"
                    "功能太多了。,bloat,negative\n", "utf-8")
    bad = tmp_path / "bad.csv"
    bad.write_text("text,themes,sentiment\n来往已死。,money,negative\n支付宝越来越臃肿。,bloat,negative\n", "utf-8")
    header_only = tmp_path / "h.csv"
    header_only.write_text("text,themes,sentiment\n", "utf-8")
    missing = tmp_path / "missing.jsonl"
    r = CliRunner().invoke(main, ["train", str(good), str(bad), str(header_only), str(missing), "--backend", "lexicon",
                                  "-o", str(tmp_path / "m")])
    assert r.exit_code == 1
    assert r.stderr.splitlines()[-1] == (
        f"argmine: error: 2 of 4 files could not be used ({header_only}, {missing}) and 1 record was skipped (listed above); "
        "the model was trained on the rest")


def test_cli_train_unusable_files_are_not_counted_as_failed_records(tmp_path):
    good = tmp_path / "good.csv"
    good.write_text("text,themes,sentiment\n财不外露。,privacy,negative\n", "utf-8")
    r = CliRunner().invoke(main, ["train", str(good), str(tmp_path / "x.jsonl"), str(tmp_path / "y.jsonl"), "--backend", "lexicon",
                                  "-o", str(tmp_path / "m")])
    assert r.exit_code == 1 and (tmp_path / "m").exists()  # no record failed: not "2 of 3 records failed, more than half"
    assert r.stderr.splitlines()[-1] == (
        f"argmine: error: 2 of 3 files could not be used ({tmp_path / 'x.jsonl'}, {tmp_path / 'y.jsonl'}); the model was trained on the rest")
