"""Every line break reads alike, and no unit starts with a comma behind white space (QA round 39, fuzzing)."""

import typing
from os import PathLike

import pytest

from argmine.normalize import normalize
from argmine.read import iter_documents, read
from argmine.segment import iter_segmented, segment
from argmine.types import Document

# Every line break the docs name: cleaning's (\r\n, \r, \n) and segmentation's others (VT, FF, FS-RS, NEL, LS, PS).
BREAKS = ["\n", "\r", "\r\n", "\x0b", "\x0c", "\x1c", "\x1d", "\x1e", "\x85", "\u2028", "\u2029"]
NO_WORDS = "no word characters (only emoji, symbols or punctuation)"


def _seg(text, granularity="sentence"):
    seg = next(iter_segmented(Document("d", text), granularity=granularity))
    for u in seg.units:
        assert text[u.start:u.end] == u.text
    return [u.text for u in seg.units], [(d.rule, d.reason, d.text) for d in seg.dropped]


@pytest.mark.parametrize("brk", BREAKS)
def test_amp_repair_pairs_no_ampersands_across_a_line_break(brk):
    text = "网友说&支付宝" + brk + "我同意&理由"
    assert normalize(text).text == text  # no “…” across the break: the two & stay as they are
    assert normalize("网友说&支付宝&我同意").text == "网友说“支付宝”我同意"  # on one line, repaired


@pytest.mark.parametrize("brk", ["\r", "\n", "\r\n"])
def test_a_repeated_line_is_dropped_as_a_duplicate_whatever_the_line_end(brk):
    # a lone \r (classic Mac line ends) paired the & of line 1 with that of line 2, so line 3 no longer repeated line 2
    text = brk.join(["网友说&支付宝做社交是一步错棋。", "我完全同意这个观点&理由如下。", "我完全同意这个观点&理由如下。", ""])
    units, dropped = _seg(text)
    assert units == ["网友说&支付宝做社交是一步错棋。", "我完全同意这个观点&理由如下。"]
    start = len("网友说&支付宝做社交是一步错棋。") + len(brk)
    assert dropped == [("duplicate", f"repeats the block at offset {start}", "我完全同意这个观点&理由如下。")]


@pytest.mark.parametrize("granularity", ["sentence", "clause"])
@pytest.mark.parametrize("wordless", ["👍👍👍", "------", "·", "!～", "✅"])
@pytest.mark.parametrize("brk", BREAKS)
def test_a_line_with_no_word_character_is_dropped_as_no_words_between_any_line_breaks(brk, wordless, granularity):
    text = f"支付宝做社交，我反对。{brk}{wordless}{brk}大家怎么看？"
    units, dropped = _seg(text, granularity)
    assert wordless not in units  # not a unit of its own (it went to the classifier and was counted as an argument)
    assert " ".join(units).replace(" ", "") == "支付宝做社交，我反对。大家怎么看？"
    assert dropped == [("no_words", NO_WORDS, wordless)]


def test_a_wordless_piece_inside_a_line_still_joins_its_neighbour():
    assert _seg("支付宝做社交，我反对。👍👍\u2028大家怎么看？") == (["支付宝做社交，我反对。👍👍", "大家怎么看？"], [])


def test_wordless_drops_are_in_offset_order_with_cleanings():
    text = "转载请注明出处\n支付宝做社交。\u2028！！\n👍\n好的。\x0b---"
    _, dropped = _seg(text)
    assert [(rule, t) for rule, _, t in dropped] == [("repost_notice", "转载请注明出处"), ("no_words", "！！"), ("no_words", "👍"),
                                                     ("no_words", "---")]


@pytest.mark.parametrize("gap", [" ", "\u3000", "\ufeff", "\xad", "\u200b", " \t\u3000"])
@pytest.mark.parametrize("text", ["他们说“隐私不重要！”{gap}，我不同意。", "支付宝做社交？{gap}，我看未必。", "支付宝做社交？{gap}、微信做支付？",
                                  "他说“好！”{gap},我不同意。"])
def test_no_unit_starts_with_a_comma_after_white_space_or_invisible_characters(text, gap):
    text = text.format(gap=gap)
    units, _ = _seg(text)
    assert units == [text]  # one sentence, as without the gap


def test_an_attribution_after_white_space_stays_with_its_quotation():
    assert _seg("“支付宝不是社交软件。” ——某网友")[0] == ["“支付宝不是社交软件。” ——某网友"]


def test_a_comma_after_white_space_without_a_closing_quote_is_still_an_end_for_ascii():
    # an ASCII "," goes on only after a closing quote or bracket, white space or not
    assert _seg("支付宝做社交？ ,我看未必。")[0] == ["支付宝做社交？", ",我看未必。"]


@pytest.mark.parametrize("gap", ["\u200b", "\ufeff", "\xad", " \u200b"])
def test_no_clause_starts_with_a_mark_after_invisible_characters(gap):
    text = f"原因有三个方面需要说明一下：{gap}、隐私问题很严重需要解决"
    units, _ = _seg(text, "clause")
    assert len(units) == 2 and units[1] == "隐私问题很严重需要解决", units


def test_type_hints_take_what_the_docs_allow():
    hints = typing.get_type_hints(iter_segmented)
    assert Document in typing.get_args(hints["docs"])  # one Document, as the docstring says
    rules = typing.get_args(hints["rules"])
    assert str in rules and PathLike[str] in rules  # a rules file's path, as clean() takes
    assert typing.get_type_hints(segment)["rules"] == hints["rules"] and typing.get_type_hints(segment)["docs"] == hints["docs"]
    for f in (read, iter_documents):
        paths = typing.get_args(typing.get_type_hints(f)["paths"])
        assert str in paths and PathLike[str] in paths  # one path: a Path or an os.DirEntry


def test_rules_path_and_one_document_work_as_hinted(tmp_path):
    rules = tmp_path / "rules.toml"
    rules.write_text('[[rules]]\nid = "ad"\nscope = "line"\npattern = "广告.*"\nreason = "an ad"\n', encoding="utf-8")
    doc = Document("d", "广告：买一送一\n支付宝做社交。")
    assert [u.text for u in segment(doc, rules=rules)] == ["支付宝做社交。"]
    assert [u.text for u in segment(doc, rules=str(rules))] == ["支付宝做社交。"]
