"""The NLPCC 2016 stance benchmark script on a tiny hand-made TaskAA-format file."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import pytest

SCRIPT = Path(__file__).resolve().parent.parent / "benchmarks" / "nlpcc2016.py"

FAVOR = ["我非常支持{t}，太好了", "{t}真好，坚决拥护", "赞成{t}，点赞支持", "{t}好评，支持到底", "喜欢{t}，值得支持", "拥护{t}，真心点赞", "{t}太棒了，赞成"]
AGAINST = ["坚决反对{t}，太糟糕", "{t}真差劲，反对", "抵制{t}，太坑了", "{t}垃圾，必须反对", "讨厌{t}，坚决抵制", "反对{t}，糟糕透顶", "{t}太坑，抵制"]
NONE = ["今天新闻报道了{t}的消息", "{t}相关会议于周一举行", "记者采访了{t}的情况", "关于{t}的通知发布", "{t}的消息见报", "周二报道{t}进展", "{t}会议通知"]
TARGETS = ["开放二胎", "春节放鞭炮"]


def _load():
    spec = importlib.util.spec_from_file_location("nlpcc2016_bench", SCRIPT)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def _write(path: Path, rows: list[tuple[str, str, str]], blank_stance: bool = False) -> Path:
    lines = ["\ufeffID\tTARGET\tTEXT\tSTANCE"]
    lines += [f"{n}\t{t}\t{x}\t{s}" for n, (t, x, s) in enumerate(rows, 1)]
    if blank_stance:
        lines.append(f"{len(rows) + 1}\t{TARGETS[0]}\t没有标签的帖子\t")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _rows(part: slice) -> list[tuple[str, str, str]]:
    return [(t, tmpl.format(t=t), stance) for t in TARGETS
            for stance, tmpls in (("FAVOR", FAVOR), ("AGAINST", AGAINST), ("NONE", NONE)) for tmpl in tmpls[part]]


def test_nlpcc_benchmark_test_file_scores_held_out_posts(tmp_path, capsys):
    train = _write(tmp_path / "train.txt", _rows(slice(0, 6)), blank_stance=True)
    test = _write(tmp_path / "test.txt", _rows(slice(6, 7)))
    assert _load().main(["--data", str(train), "--test", str(test), "--json"]) == 0
    out = capsys.readouterr()
    result = json.loads(out.out)
    assert result["n"] == 6 and result["mode"].endswith("test on test.txt")
    assert result["params"]["chosen"] and len(result["params"]["inner_F_avg"][0]) == len(_load().CANDIDATES)
    assert result["F_avg"] >= 0.75  # the stance words are unambiguous
    assert "skipped 1 rows without a stance label" in out.err
    assert "also in the training file" not in out.err


def test_nlpcc_benchmark_warns_when_test_posts_were_trained_on(tmp_path, capsys):
    train = _write(tmp_path / "train.txt", _rows(slice(0, 6)))
    test = _write(tmp_path / "test.txt", _rows(slice(5, 7)))  # the first of each pair is a training post
    assert _load().main(["--data", str(train), "--test", str(test), "--json", "--fixed"]) == 0
    assert "6 of the 12 test posts are also in the training file train.txt" in capsys.readouterr().err


def test_nlpcc_benchmark_fixed_cv_reports_folds_and_says_it_is_not_nested(tmp_path, capsys):
    data = _write(tmp_path / "train.txt", _rows(slice(0, 6)))
    assert _load().main(["--data", str(data), "--folds", "2", "--fixed"]) == 0
    out = capsys.readouterr().out
    assert "2-fold stratified CV" in out and "FIXED settings" in out and "optimistic" in out
    assert out.count("per fold F_avg: ") == 1 and len(out.split("per fold F_avg: ")[1].splitlines()[0].split(", ")) == 2


def test_nlpcc_benchmark_rejects_a_first_row_neither_header_nor_post(tmp_path):
    bad = tmp_path / "bad.txt"
    bad.write_text("编号\t目标\t微博\t立场\n1\t开放二胎\t支持\tFAVOR\n", encoding="utf-8")
    with pytest.raises(SystemExit, match="bad.txt: expected a tab-separated header"):
        _load().main(["--data", str(bad), "--fixed"])


def test_nlpcc_folds_keep_identical_posts_in_one_fold():
    # 10 posts per stance, each there twice (the second copy with white space at its ends)
    rows = [{"target": "开放二胎", "text": f"{stance}帖子{n}" + " " * copy, "stance": stance}
            for stance in ("FAVOR", "AGAINST", "NONE") for n in range(10) for copy in range(2)]
    mod = _load()
    key = [(r["target"], r["text"].strip()) for r in rows]
    for seed in range(3):
        folds = mod.stratified_folds(rows, 5, seed)
        assert sorted(i for _, te in folds for i in te) == list(range(len(rows)))
        for tr, te in folds:
            assert not {key[i] for i in tr} & {key[i] for i in te}
    assert mod.repeats(rows) == {"groups": 30, "posts": 60}


@pytest.mark.filterwarnings("ignore:the training data has only")
def test_nlpcc_benchmark_cv_says_how_many_repeats_it_grouped(tmp_path, capsys):
    rows = _rows(slice(0, 6))
    data = _write(tmp_path / "train.txt", rows + [rows[0], rows[0], rows[7]])
    assert _load().main(["--data", str(data), "--folds", "2", "--fixed", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["repeats_grouped"] == {"groups": 2, "posts": 5}
    assert _load().main(["--data", str(data), "--folds", "2", "--fixed"]) == 0
    assert "identical posts (same target and text) kept in one fold: 2 groups of 5 posts in train.txt" in capsys.readouterr().out


def test_nlpcc_benchmark_lists_skipped_test_rows_and_passes_over_empty_lines(tmp_path, capsys):
    train = _write(tmp_path / "train.txt", _rows(slice(0, 6)))
    test = tmp_path / "test.txt"
    lines = ["ID\tTARGET\tTEXT\tSTANCE"] + [f"{n}\t{t}\t{x}\t{s}" for n, (t, x, s) in enumerate(_rows(slice(6, 7)), 1)]
    lines[3:3] = ["", "7\t开放二胎\t没有标签的帖子\t", "8\t开放二胎\t截断的帖子"]
    test.write_text("\r\n".join(lines) + "\r\n\r\n\t\r\n", encoding="utf-8")
    assert _load().main(["--data", str(train), "--test", str(test), "--fixed", "--json"]) == 0
    err = capsys.readouterr().err
    assert "test.txt: 6 labelled posts; skipped 2 rows without a stance label" in err
    assert "  skipped test.txt:5 (id 7): stance ''\n  skipped test.txt:6 (id 8): 3 of the 4 tab-separated fields\n" in err


def test_nlpcc_read_rows_passes_over_empty_lines_before_the_header(tmp_path):
    path = tmp_path / "t.txt"
    path.write_text("\n\nID\tTARGET\tTEXT\tSTANCE\n1\t开放二胎\t支持\tFAVOR\n\n2\t开放二胎\t反对\t\n", encoding="utf-8")
    rows, skipped = _load().read_rows(path)
    assert [r["id"] for r in rows] == ["1"] and skipped == ["t.txt:6 (id 2): stance ''"]


def test_nlpcc_benchmark_test_folder_is_named_a_folder(tmp_path, capsys):
    train = _write(tmp_path / "train.txt", _rows(slice(0, 6)))
    with pytest.raises(SystemExit):
        _load().main(["--data", str(train), "--test", str(tmp_path)])
    assert capsys.readouterr().err.splitlines()[-1].endswith(f"error: --test {tmp_path}: is a folder, not a file; "
                                                               "pass the labelled test file")
