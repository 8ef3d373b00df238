"""argmine.decode: WHATWG charset labels of HTML pages, and short GB18030/Big5 files told apart by words."""

import warnings

import pytest
from click.testing import CliRunner

import argmine
from argmine.cli import main
from argmine.decode import decode
from tests.test_read import _warned


def _page(charset: str, text: str) -> str:
    return f'<html><head><meta charset="{charset}"></head><body><p>{text}</p></body></html>'


@pytest.mark.parametrize(
    "label,text,codec,expected",
    [
        # 爛 alone reads as GB18030 年 by detection, 顶 as Big5 階: only the declaration tells
        ("x-x-big5", "爛", "big5", "big5hkscs"),
        ("cn-big5", "爛", "big5", "big5hkscs"),
        ("CN-Big5", "爛", "big5", "big5hkscs"),
        ("x-gbk", "顶", "gbk", "gb18030"),
        ("gb_2312-80", "顶", "gbk", "gb18030"),
        ("csgb2312", "顶", "gbk", "gb18030"),
        ("unicode-1-1-utf-8", "顶", "utf-8", "utf-8"),
        ("x-sjis", "こんにちは", "cp932", "cp932"),
    ],
)
def test_html_whatwg_charset_labels_that_python_lacks_are_read_as_browsers_read_them(tmp_path, label, text, codec, expected):
    # cn-big5 and x-x-big5 got "which is not an encoding Python knows" and were read by detection
    p = tmp_path / "p.html"
    p.write_bytes(_page(label, text).encode(codec))
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        (doc,) = argmine.read([p])
    assert _warned(caught) == []
    assert (doc.text, doc.encoding) == (text, expected)


@pytest.mark.parametrize("label", ["utf-16", "UTF-16LE", "utf-16be", "unicode", "ucs-2", "unicodefffe", "utf-32"])
def test_html_declaring_utf16_is_read_by_detection_as_browsers_do(tmp_path, label):
    # a <meta> that reads as ASCII is in no UTF-16: browsers read such a page as UTF-8, i.e. by what it is.
    # A GBK page of an even length declaring utf-16 was read as UTF-16 (格浴㹬格慥…)
    text = "支付宝搞社交，我觉得没意思。"
    page = _page(label, text).encode("gbk")
    p = tmp_path / "p.html"
    p.write_bytes(page if len(page) % 2 == 0 else page + b"\n")
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        (doc,) = argmine.read([p])
    assert _warned(caught) == []
    assert (doc.text, doc.encoding) == (text, "gb18030")


def _row(text: str) -> str:
    return f"id,text\r\n1,{text}\r\n"  # a one-row table from Excel


@pytest.mark.parametrize("text", ["垃圾", "难看", "流氓", "垃圾软件", "顶一个", "好。", "对！", "嗯，"])
@pytest.mark.parametrize("form", [str, _row])
def test_short_gbk_whose_big5_reading_scores_as_high_is_read_by_its_words(text, form):
    # 垃圾 in GBK reads as Big5 嶼僵, whose characters jieba's counts rate higher (0.670 against 0.634): read silently as Big5
    data = form(text)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        assert decode(data.encode("gbk"), "g.csv") == (data, "gb18030")
    assert _warned(caught) == []


@pytest.mark.parametrize(
    "data",
    ["隱私", "垃圾", "好用", "讚", "還行", "傻眼", "謝謝", "垃圾app", "好。", "對！", "評論,themes\n爛,bloat\n垃圾,bloat\n煩,bloat\n",
     "id,text\r\n1,始準備評\r\n", "佢哋講咗", "冇錯"],
)
def test_short_big5_is_read_as_big5_without_a_warning(data):
    # the same words decide for Big5: a sheet headed 評論 and 始準備評 used to read as GB18030 (蝶阶, ﹍非称蝶)
    codec = "big5hkscs" if data in ("佢哋講咗", "冇錯") else "big5"
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        for text in (data, _row(data)):
            found = decode(text.encode(codec), "b.csv")
            assert found[0] == text and found[1] in ("big5", codec)  # 冇錯 is Big5 too
    assert _warned(caught) == []


@pytest.mark.parametrize(
    "text", ["财不外露，我担心隐私！\r\n", "支付宝做社交。", "功能太多了，太臃肿了。", "辣鸡软件，卸载了", "我只想付钱", "来往已死。"])
@pytest.mark.parametrize("codec", ["gbk", "big5"])
def test_ordinary_short_gbk_or_big5_gets_no_warning(text, codec):
    if codec == "big5":
        import opencc

        text = opencc.OpenCC("s2tw").convert(text)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert decode(_row(text).encode(codec))[0] == _row(text)


def test_a_single_character_that_reads_as_well_in_gb18030_and_big5_is_read_with_a_warning_naming_both():
    # 顶 in GBK is Big5 階: nothing in one character tells them apart, so the reading is named and --encoding offered
    data = _row("顶").encode("gbk")
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        assert decode(data, "g.csv") == (_row("階"), "big5")
    assert _warned(caught) == [
        "g.csv: too little Chinese to tell its encoding: it reads as big5 ('階') about as well as gb18030 ('顶'); "
        "read as big5: if it is gb18030, pass --encoding gb18030 (encoding= in Python)"]
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert decode(data, "g.csv", encoding="gb18030") == (_row("顶"), "gb18030")


def test_cli_warns_when_the_encoding_of_a_short_table_cannot_be_told(tmp_path):
    p = tmp_path / "g.csv"
    p.write_bytes(_row("顶").encode("gbk"))
    r = CliRunner().invoke(main, ["segment", str(p), "-o", str(tmp_path / "out.jsonl")])
    assert r.exit_code == 0, r.output
    assert r.stderr.splitlines()[0] == (
        f"argmine: warning: {p}: too little Chinese to tell its encoding: it reads as big5 ('階') about as well as "
        "gb18030 ('顶'); read as big5: if it is gb18030, pass --encoding gb18030 (encoding= in Python)")
    r = CliRunner().invoke(main, ["segment", str(p), "--encoding", "gb18030", "-o", str(tmp_path / "out2.jsonl")])
    assert r.exit_code == 0 and "warning" not in r.stderr
    assert '"text": "顶"' in (tmp_path / "out2.jsonl").read_text("utf-8")
