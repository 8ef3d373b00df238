"""benchmarks/sentiment.py scores the packaged model only on the rows it held out; --json like the other benchmarks."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import pytest

from argmine.polarity import build_default

BENCH = Path(__file__).resolve().parent.parent / "benchmarks"
GOOD = ["房間乾淨，服務周到", "早餐豐富，位置方便", "前台熱情，環境舒適", "床很舒服，隔音不錯", "性價比高，下次再來",
        "景色很美，值得推薦", "設施齊全，交通便利", "服務員很好，很滿意"]
BAD = ["房間很髒，服務很差", "早餐難吃，位置偏僻", "前台冷漠，環境吵鬧", "床太硬了，隔音很差", "價格太貴，再也不來",
       "設施陳舊，非常失望", "交通不便，很難找到", "服務員態度差，不滿意"]


def _load(name: str):
    spec = importlib.util.spec_from_file_location(f"bench_{name}", BENCH / f"{name}.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def _data(folder: Path, hotel_rows: list[tuple[int, str]], encoding: str = "utf-8", newline: str = "\n") -> Path:
    """The three review CSVs, ChnSentiCorp's rows in the order given."""
    folder.mkdir()
    hotel = "label,review" + newline + "".join(f"{label},{text}{newline}" for label, text in hotel_rows)
    (folder / "ChnSentiCorp_htl_all.csv").write_bytes(hotel.encode(encoding))
    (folder / "waimai_10k.csv").write_text("label,review\n1,送餐很快，味道不錯\n0,送餐太慢，飯菜涼了\n", encoding="utf-8")
    (folder / "online_shopping_10_cats.csv").write_text("cat,label,review\n書籍,1,內容充實，印刷清晰\n書籍,0,內容空洞，紙張很差\n",
                                                        encoding="utf-8")
    return folder


ROWS = [(1, t) for t in GOOD] + [(0, t) for t in BAD]


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """A model built from ROWS (as scripts/build_polarity.py builds the packaged one) and its data folder."""
    base = tmp_path_factory.mktemp("sent")
    data = _data(base / "data", ROWS)
    build_default(data, base / "model", min_df=1)
    return data, base / "model"


def _run(data: Path, model: Path, *more: str) -> int:
    return _load("sentiment").main(["--data", str(data), "--model", str(model), "--skip-peers", "--repeat", "1", *more])


def test_sentiment_scores_the_model_on_its_own_held_out_rows(built, capsys):
    data, model = built
    assert _run(data, model) == 0
    out = capsys.readouterr()
    assert "held-out test 4 rows (2 positive, 2 negative)" in out.out and out.err == ""


def test_sentiment_takes_the_same_rows_in_another_encoding_and_line_end(built, tmp_path, capsys):
    data = _data(tmp_path / "gb", ROWS, encoding="gb18030", newline="\r\n")
    assert _run(data, built[1]) == 0
    assert capsys.readouterr().err == ""


def test_sentiment_refuses_a_reordered_copy_whose_test_rows_the_model_trained_on(built, tmp_path, capsys):
    # the same rows in another order split into other test rows: the same sizes and settings, other content
    data = _data(tmp_path / "shuf", ROWS[::-1])
    assert _run(data, built[1]) == 1
    out = capsys.readouterr()
    assert out.out == "" and out.err == (
        f"sentiment.py: the model {built[1]} does not record the same ChnSentiCorp split as "
        f"{data}/ChnSentiCorp_htl_all.csv (test_sha256 differs), so it may have been trained on the test rows; "
        "pass --retrain, or rebuild the model with scripts/build_polarity.py\n")


def test_sentiment_refuses_a_model_that_records_no_fingerprint_of_its_split(built, tmp_path, capsys):
    import shutil

    data, model = built
    old = tmp_path / "old"
    shutil.copytree(model, old)
    config = json.loads((old / "config.json").read_text("utf-8"))
    del config["meta"]["trained_on"]["split"]["test_sha256"]  # written before the split's content was recorded
    (old / "config.json").write_text(json.dumps(config), "utf-8")
    assert _run(data, old) == 1
    err = capsys.readouterr().err
    assert "(it records no fingerprint of its held-out rows (test_sha256))" in err and err.count("\n") == 1
    assert err.endswith("pass --retrain, or rebuild the model with scripts/build_polarity.py\n")


def test_sentiment_json_flag_prints_only_json_like_the_other_benchmarks(built, capsys):
    assert _run(*built, "--json") == 0
    got = json.loads(capsys.readouterr().out)
    assert got["split"]["test"] == 4 and set(got["results"]) == {"argmine"} and isinstance(got["target_met"], bool)


def test_sentiment_json_path_still_writes_the_file_and_prints_the_table(built, tmp_path, capsys):
    path = tmp_path / "r.json"
    assert _run(*built, "--json", str(path)) == 0
    assert "target accuracy >= 0.90 on the held-out rows:" in capsys.readouterr().out
    assert json.loads(path.read_text("utf-8"))["split"]["test"] == 4


def test_segment_benchmark_memory_key_does_not_name_another_input_size(capsys):
    _load("segment").main(["--mb", "0.05", "--repeat", "1"])
    rows = json.loads(capsys.readouterr().out.splitlines()[-1])
    assert "peak_rss_mb_streaming_with_tokens" in rows and not [k for k in rows if "5mb" in k]
    assert rows["input_mb"] < 1


@pytest.mark.parametrize("where", ["folder", "missing/r.json"])
def test_sentiment_json_path_that_cannot_be_written_is_refused_before_the_run(built, tmp_path, capsys, where):
    path = tmp_path / where
    path.mkdir() if where == "folder" else None
    assert _run(*built, "--json", str(path)) == 1
    out = capsys.readouterr()
    assert out.out == "" and out.err.startswith(f"sentiment.py: --json {path}: ") and out.err.count("\n") == 1
