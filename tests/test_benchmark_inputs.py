"""The benchmark scripts on input files in other encodings and shapes: read, or one line naming the file."""

from __future__ import annotations

import codecs
import importlib.util
import json
from pathlib import Path

import pytest

BENCH = Path(__file__).resolve().parent.parent / "benchmarks"
HEADER = "ID\tTARGET\tTEXT\tSTANCE"
ROWS = ["1\t开放二胎\t支持开放二胎\tFAVOR", "2\t开放二胎\t反对开放二胎\tAGAINST", "3\t开放二胎\t二胎新闻\tNONE", "4\t开放二胎\t没有标签\t"]
EXPECTED = [("1", "开放二胎", "支持开放二胎", "FAVOR"), ("2", "开放二胎", "反对开放二胎", "AGAINST"), ("3", "开放二胎", "二胎新闻", "NONE")]


def _load(name: str):
    spec = importlib.util.spec_from_file_location(f"bench_{name}", BENCH / f"{name}.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def _read(path: Path):
    rows, skipped = _load("nlpcc2016").read_rows(path)
    return [(r["id"], r["target"], r["text"], r["stance"]) for r in rows], skipped


@pytest.mark.parametrize("encoding, bom, newline", [
    ("utf-8", b"", "\n"),
    ("utf-8", codecs.BOM_UTF8, "\n"),
    ("gb18030", b"", "\n"),
    ("gb18030", "\ufeff".encode("gb18030"), "\n"),  # iconv -f utf-8 -t gb18030 of a file with a BOM
    ("utf-16-le", codecs.BOM_UTF16_LE, "\n"),
    ("utf-16-be", codecs.BOM_UTF16_BE, "\r\n"),
    ("utf-8", codecs.BOM_UTF8, "\r\n"),
])
def test_nlpcc_read_rows_reads_any_encoding_and_line_end(tmp_path, encoding, bom, newline):
    path = tmp_path / "test.txt"
    path.write_bytes(bom + newline.join([HEADER, *ROWS, ""]).encode(encoding))
    rows, skipped = _read(path)
    assert rows == EXPECTED
    assert skipped == ["test.txt:5 (id 4): stance ''"]


def test_nlpcc_read_rows_takes_a_file_without_header_from_its_first_row(tmp_path):
    path = tmp_path / "gold.txt"
    path.write_text("\n".join(ROWS) + "\n", encoding="utf-8")
    rows, skipped = _read(path)
    assert rows == EXPECTED and skipped == ["gold.txt:4 (id 4): stance ''"]


def test_nlpcc_read_rows_folds_case_and_spaces_of_header_and_stances(tmp_path):
    path = tmp_path / "test.txt"
    path.write_text("id\tTarget\ttext\t Stance \n1\t开放二胎\t支持\t favor \n2\t开放二胎\t反对\tAgainst\n3\t开放二胎\t新闻\tnone\n",
                    encoding="utf-8")
    assert [r[3] for r in _read(path)[0]] == ["FAVOR", "AGAINST", "NONE"]


def test_nlpcc_read_rows_finds_columns_by_header_name(tmp_path):
    path = tmp_path / "test.txt"
    path.write_text("STANCE\tID\tTEXT\tTARGET\nFAVOR\t7\t支持\t开放二胎\n", encoding="utf-8")
    assert _read(path)[0] == [("7", "开放二胎", "支持", "FAVOR")]


@pytest.mark.parametrize("content, message", [
    (b"", "empty.txt: file is empty; pass a tab-separated file of ID TARGET TEXT STANCE rows"),
    ("ID\tTARGET\tTEXT\n1\t开放二胎\t支持\n".encode(), "empty.txt: the header has no STANCE column (found ['ID', 'TARGET', 'TEXT']); "
     "pass a labelled file with the columns ID TARGET TEXT STANCE"),
    (b"id,target,text,stance\n", "empty.txt: expected a tab-separated header ID TARGET TEXT STANCE (or a first row of data with a "
     "stance label FAVOR, AGAINST or NONE in the 4th field), found ['id,target,text,stance']; fix the first line"),
    (b"\x89PNG\r\n\x1a\n\x00\x00", "empty.txt: looks like binary data (PNG image), not text; pass only text, JSONL or CSV files"),
])
def test_nlpcc_read_rows_refuses_an_unusable_file_in_one_line(tmp_path, content, message):
    path = tmp_path / "empty.txt"
    path.write_bytes(content)
    with pytest.raises(SystemExit) as exc:
        _load("nlpcc2016").read_rows(path)
    assert exc.value.code == f"{path.parent}/{message}"


def _task_file(path: Path, target: str, lines: list[tuple[str, str]], encoding: str = "utf-8") -> Path:
    path.write_bytes("\n".join([HEADER] + [f"{n}\t{target}\t{t}\t{s}" for n, (t, s) in enumerate(lines, 1)]).encode(encoding))
    return path


TRAIN = [("我支持苹果手机", "FAVOR"), ("苹果手机真好", "FAVOR"), ("喜欢苹果手机", "FAVOR"),
         ("反对苹果手机", "AGAINST"), ("苹果手机太差", "AGAINST"), ("讨厌苹果手机", "AGAINST"),
         ("苹果手机发布会", "NONE"), ("苹果手机新闻", "NONE"), ("苹果手机消息", "NONE")]


@pytest.mark.filterwarnings("ignore:the training data has only")
@pytest.mark.parametrize("spelt", ["iPhone SE", "ＩｐｈｏｎｅＳＥ", "iphonese"])
def test_nlpcc_test_target_spelt_otherwise_is_the_training_target(tmp_path, capsys, spelt):
    train = _task_file(tmp_path / "train.txt", "IphoneSE", TRAIN)
    test = _task_file(tmp_path / "test.txt", spelt, [("支持苹果手机", "favor"), ("反对苹果手机", "AGAINST")], "gb18030")
    assert _load("nlpcc2016").main(["--data", str(train), "--test", str(test), "--fixed", "--json"]) == 0
    out = capsys.readouterr()
    assert json.loads(out.out)["by_target"].keys() == {"IphoneSE"}
    assert f"test.txt: target {spelt!r} read as the training target 'IphoneSE'" in out.err


def test_nlpcc_test_target_without_training_posts_is_one_line_listing_the_targets(tmp_path):
    train = _task_file(tmp_path / "train.txt", "IphoneSE", TRAIN)
    test = _task_file(tmp_path / "test.txt", "Android", [("支持", "FAVOR")])
    with pytest.raises(SystemExit) as exc:
        _load("nlpcc2016").main(["--data", str(train), "--test", str(test), "--fixed"])
    assert exc.value.code == (f"{test}: no training posts for target(s) 'Android'; the training targets are 'IphoneSE' "
                              "(spelt in any case, width or spacing); fix the TARGET column")


def test_nlpcc_too_few_posts_for_the_folds_is_one_line(tmp_path):
    train = _task_file(tmp_path / "train.txt", "IphoneSE", TRAIN[:3])
    with pytest.raises(SystemExit) as exc:
        _load("nlpcc2016").main(["--data", str(train), "--fixed"])
    assert str(exc.value.code).startswith(f"{train}: 3 labelled posts cannot be split into 5 stratified folds (")


def _reviews(folder: Path, encoding: str = "utf-8", hotel: str = "label,review\n1,很好\n0,很差\n") -> Path:
    folder.mkdir()
    (folder / "ChnSentiCorp_htl_all.csv").write_bytes(hotel.encode(encoding))
    (folder / "waimai_10k.csv").write_bytes("label,review\n1,好吃\n".encode(encoding))
    return folder


def _undecodable_hotel(folder: Path) -> Path:
    (folder / "ChnSentiCorp_htl_all.csv").write_bytes(b"label,review\n1," + bytes(range(0x80, 0x100)) + b"\n")
    return folder


@pytest.mark.parametrize("make, message", [
    (lambda d: d / "nope", "{d}/nope: no such folder; pass --data DIR, the folder holding ChnSentiCorp_htl_all.csv, "
     "waimai_10k.csv (../shared/data/sentiment beside the repo)"),
    (lambda d: _undecodable_hotel(_reviews(d / "bad")),
     "{d}/bad/ChnSentiCorp_htl_all.csv: cannot be decoded as UTF-8, UTF-16, GB18030 or Big5, nor as UTF-8 damaged in a "
     "few places; pass --encoding NAME (encoding= in Python) if you know its encoding"),
    (lambda d: _reviews(d / "big5", "big5", hotel="label,review\n1,很好\n0,很差\n"), "{d}/big5/ChnSentiCorp_htl_all.csv: its rows "
     "cannot be split 80/20 stratified by label ("),  # read as Big5, as far as the split
    (lambda d: _reviews(d / "cols", hotel="lab,rev\n1,好\n"), "{d}/cols/ChnSentiCorp_htl_all.csv: row 1: expected columns "
     "label,review; found ['lab', 'rev']"),
    (lambda d: _reviews(d / "two"), "{d}/two/ChnSentiCorp_htl_all.csv: its rows cannot be split 80/20 stratified by label ("),
])
def test_sentiment_data_problem_is_one_line(tmp_path, capsys, make, message):
    data = make(tmp_path)
    assert _load("sentiment").main(["--data", str(data), "--skip-peers"]) == 1
    err = capsys.readouterr().err
    assert err.startswith("sentiment.py: " + message.format(d=tmp_path)) and err.count("\n") == 1


GOOD = ["房間乾淨，服務周到", "早餐豐富，位置方便", "前台熱情，環境舒適", "床很舒服，隔音不錯", "性價比高，下次再來"]
BAD = ["房間很髒，服務很差", "早餐難吃，位置偏僻", "前台冷漠，環境吵鬧", "床太硬了，隔音很差", "價格太貴，再也不來"]


def _review_data(folder: Path, encode) -> Path:
    """The three review CSVs --retrain reads, each written as ``encode(text)``."""
    def rows(good, bad):
        return "label,review\n" + "".join(f"1,{t}\n" for t in good) + "".join(f"0,{t}\n" for t in bad)

    folder.mkdir()
    for name, text in [("ChnSentiCorp_htl_all.csv", rows(GOOD, BAD)),
                       ("waimai_10k.csv", rows(["送餐很快，味道不錯"], ["送餐太慢，飯菜涼了"])),
                       ("online_shopping_10_cats.csv", "cat,label,review\n書籍,1,內容充實，印刷清晰\n書籍,0,內容空洞，紙張很差\n")]:
        (folder / name).write_bytes(encode(text))
    return folder


@pytest.mark.parametrize("encoding, bom", [
    ("gb18030", b""), ("big5", b""), ("utf-16-le", codecs.BOM_UTF16_LE), ("utf-8", codecs.BOM_UTF8)])
def test_sentiment_reads_review_csvs_in_the_encodings_argmine_detects(tmp_path, capsys, encoding, bom):
    data = _review_data(tmp_path / "data", lambda text: bom + text.encode(encoding))
    assert _load("sentiment").main(["--data", str(data), "--retrain", "--skip-peers", "--repeat", "1"]) == 0
    out = capsys.readouterr()
    assert "ChnSentiCorp_htl_all: 10 rows with text (none left out); held-out test 2 rows (1 positive, 1 negative)" in out.out
    assert "argmine on 4 short clauses (waimai_10k" in out.out and out.err == ""


def test_sentiment_reading_warning_is_one_line(tmp_path, capsys):
    # one byte of a long UTF-8 review damaged: read as U+FFFD, and said so
    data = _review_data(tmp_path / "data", lambda text: text.replace("下次再來", "下次再來" * 300 + "\x00").encode("utf-8").replace(b"\x00", b"\xff"))
    assert _load("sentiment").main(["--data", str(data), "--retrain", "--skip-peers", "--repeat", "1"]) == 0
    err = capsys.readouterr().err
    assert err.startswith(f"sentiment.py: warning: {data}/ChnSentiCorp_htl_all.csv: 1 byte not valid utf-8 read as U+FFFD")
    assert err.count("\n") == 1


def test_sentiment_forced_encoding_is_used(tmp_path, capsys):
    data = _reviews(tmp_path / "data", "gb18030")
    assert _load("sentiment").main(["--data", str(data), "--encoding", "utf-8", "--skip-peers"]) == 1
    assert capsys.readouterr().err.startswith(f"sentiment.py: {data}/ChnSentiCorp_htl_all.csv: is not valid utf-8: ")


def test_sentiment_missing_waimai_file_is_one_line(tmp_path, capsys):
    data = _reviews(tmp_path / "data")
    (data / "waimai_10k.csv").unlink()
    assert _load("sentiment").main(["--data", str(data), "--skip-peers"]) == 1
    assert capsys.readouterr().err.startswith(f"sentiment.py: {data}/waimai_10k.csv: No such file or directory; --data DIR must hold")


@pytest.mark.parametrize("option", ["--gold", "--extra", "--source", "--schema"])
def test_classify_cv_missing_input_is_one_line(tmp_path, capsys, option):
    missing = tmp_path / "missing.jsonl"
    assert _load("classify_cv").main([option, str(missing), "--tiny-epochs", "0"]) == 1
    err = capsys.readouterr().err
    assert err.startswith(f"classify_cv.py: {option} {missing}: ") and err.count("\n") == 1


def test_classify_cv_bad_gold_is_one_line(tmp_path, capsys):
    bad = tmp_path / "gold.jsonl"
    bad.write_text("ID\tTARGET\tTEXT\tSTANCE\n", encoding="utf-8")
    assert _load("classify_cv").main(["--gold", str(bad), "--tiny-epochs", "0"]) == 1
    assert capsys.readouterr().err == f"classify_cv.py: --gold {bad}: line 1: not valid JSON (Expecting value at column 1); fix or remove that line\n"


# --- QA round 37: classify_cv.py names its own options (--folds, --source) and shows the library's warnings as one line each ---

CV_DOCS = {"a": ["财不外露。", "那些搞保险的天天叫死你。", "隐私都暴露了，太危险。", "用户对支付宝的认知是ATM机。", "我只想用支付宝付一下钱。",
                 "支付宝做社交是对的。"],
           "b": ["就这个创意给满分~", "红包转账很方便。", "现在的支付宝功能太多。", "我只是想要一个安安静静的钱包而已。", "一个小和尚问方丈。",
                 "支付宝与微信必有一战。"]}
CV_LABELS = [(["privacy"], "negative")] * 3 + [(["brand_fit"], "negative")] * 2 + [(["pro_social"], "positive")] * 3 + \
    [(["bloat"], "negative")] * 2 + [([], "neutral")] * 2


def _cv_gold(tmp_path: Path) -> tuple[Path, Path]:
    """A 12-unit gold on two documents, one unit a line, and the folder of those documents."""
    src = tmp_path / "src"
    src.mkdir()
    records, labels = [], iter(CV_LABELS)
    for doc, lines in CV_DOCS.items():
        (src / f"{doc}.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")
        start = 0
        for i, line in enumerate(lines):
            themes, sentiment = next(labels)
            records.append({"id": f"{doc}#{i}", "doc": doc, "start": start, "end": start + len(line), "text": line, "themes": themes,
                            "sentiment": sentiment})
            start += len(line) + 1
    gold = tmp_path / "gold.jsonl"
    gold.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
    return gold, src


def test_classify_cv_too_many_folds_is_one_line_naming_folds(tmp_path, capsys):
    gold, src = _cv_gold(tmp_path)
    args = ["--gold", str(gold), "--source", str(src), "--extra", "", "--seeds", "0", "--tiny-epochs", "0"]
    assert _load("classify_cv").main([*args, "--folds", "30"]) == 1
    assert capsys.readouterr().err == "classify_cv.py: --folds 30: the gold has only 12 blocks; use --folds 12 or fewer\n"
    assert _load("classify_cv").main([*args, "--folds", "1"]) == 1
    assert capsys.readouterr().err == "classify_cv.py: --folds 1: cross-validation needs 2 or more folds\n"
    assert _load("classify_cv").main([*args, "--folds", "2", "--nested"]) == 1
    assert capsys.readouterr().err == "classify_cv.py: --nested: its inner folds are one fewer than --folds (2); use --folds 3 or more\n"


def test_classify_cv_names_a_source_without_the_gold_documents_before_the_fold_count(tmp_path, capsys):
    gold, _ = _cv_gold(tmp_path)
    other = tmp_path / "other"
    other.mkdir()
    (other / "c.txt").write_text("放鞭炮。\n", encoding="utf-8")
    assert _load("classify_cv").main(["--gold", str(gold), "--source", str(other), "--extra", "", "--seeds", "0", "--tiny-epochs", "0"]) == 1
    assert capsys.readouterr().err == (
        f"classify_cv.py: --source {other}: none of the 2 gold documents is in it with the gold's text at its offsets (a, b), so their "
        "blocks are runs of 8 units, and the gold has only 2, too few for --folds 5; pass the folder the gold was made from, or --folds 2\n")


def test_classify_cv_names_a_changed_gold_document_apart_from_a_missing_one(tmp_path):
    # QA round 38: "1 of the 2 gold documents are not in it", and a document --source holds with other text (an edited
    # gold record: realign) was worded as one it lacks
    gold, src = _cv_gold(tmp_path)
    cv = _load("classify_cv")
    from argmine.train import load_examples

    examples = load_examples(gold)
    (src / "a.txt").write_text("财不外露！\n" + "\n".join(CV_DOCS["a"][1:]) + "\n", encoding="utf-8")  # a's first line edited
    docs = {p.stem: p.read_text("utf-8") for p in src.glob("*.txt")}
    assert cv.source_note(examples, docs, "src") == (
        "--source src: 1 of the 2 gold documents is not in it with the gold's text at its offsets (a; realign the gold to it "
        "with argmine realign where the text changed), so its blocks are runs of 8 units, not source lines; pass the folder "
        "the gold was made from")
    del docs["b"]
    assert cv.source_note(examples, docs, "src").startswith(
        "--source src: none of the 2 gold documents is in it with the gold's text at its offsets (1 is missing: b; 1 has "
        "other text there: a; realign the gold to it with argmine realign where the text changed), so their blocks")


def test_classify_cv_shows_each_library_warning_once_as_one_line(tmp_path, capsys):
    gold, _ = _cv_gold(tmp_path)
    other = tmp_path / "other"
    other.mkdir()
    (other / "c.txt").write_text("放鞭炮。\n", encoding="utf-8")
    extra = tmp_path / "extra.jsonl"  # a gold text with another full stop: left out, with one warning
    extra.write_text('{"text": "财不外露！", "themes": ["privacy"], "sentiment": "negative"}\n', encoding="utf-8")
    assert _load("classify_cv").main(["--gold", str(gold), "--source", str(other), "--extra", str(extra), "--seeds", "0,1",
                                      "--tiny-epochs", "0", "--folds", "2"]) == 0
    err = capsys.readouterr().err
    warned = [line for line in err.splitlines() if "warning" in line]
    assert warned and all(line.startswith("classify_cv.py: warning: ") for line in warned), err
    assert len(set(warned)) == len(warned) and "UserWarning" not in err and "--source-id-field" not in err
    assert warned[0].startswith(f"classify_cv.py: warning: --source {other}: none of the 2 gold documents is in it")
    assert sum("1 of the 1 extra training records repeats a text of the labelled data" in line for line in warned) == 1
