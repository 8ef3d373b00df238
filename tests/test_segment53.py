"""QA round 53: segmentation of what tables, Traditional (Big5) text and everyday comments hold.

- A backslash is no closing mark: ``\\n`` written as text in a table cell stays whole (``…。`` | ``\\n做社交…``).
- Big5's vertical-form quotation marks ﹁﹂ ﹃﹄ and the double-prime 〝〞〟 are quotations as 「」『』 are; the vertical
  parentheses ︵︶ are brackets (a lone ︶, as kaomoji use it, closes nothing).
- Big5's small commas ﹐ ﹑ (and the vertical ︐ ︑) are commas: no unit starts with one, clause mode cuts after ﹐.
- Clause mode pairs a full-width bracket with an ASCII one (``（…)``, ``(…）``).
- A sentence end inside short closed brackets of one kind ends no sentence (``新京报讯（记者 张三；通讯员 李四）支付宝…``);
  one at the brackets' end still ends it after them.
- Kaomoji holding ｡ 。 ； (``(´；ω；｀)``, ``(｡･ω･｡)``, ``(；´Д｀)``) are one piece of their sentence.

Rechecked (fixer F1b):
- An emoticon's mouth (``:(``, ``:-)``, ``：）``) and a list marker's ``)`` (``1)``, ``b）``) are no brackets, and mixed-width
  pairs (``（…)``) hide no sentence end: ``改版了:( 我不想用。以后不用了。哈哈:)`` is three sentences again.
- A backslash before a quote (``\\"``: a JSON dump's escaped quotes) goes with it: ``他说：\\"好。\\"`` | ``然后走了。``.
- A number glued to the item before it stays with it (``1.评分从4降到2.`` | ``我不满意``): the glued list number rule is
  gone (a value is as likely there as a list number).
"""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

import argmine
from argmine.cli import main

from .test_segment_cap_topics45 import spans, texts


def both(source: str) -> tuple[list[str], list[str]]:
    return texts(source), texts(source, "clause")


# --- 1. a backslash is no closing mark ----------------------------------------------------------------------------


@pytest.mark.parametrize("granularity", ["sentence", "clause"])
@pytest.mark.parametrize(
    "source,expected",
    [
        # a database dump's line breaks written as text: the \ opens the next sentence with its n
        ("支付宝就该是钱包。\\n做社交没人用！\\n隐私怎么保证？", ["支付宝就该是钱包。", "\\n做社交没人用！", "\\n隐私怎么保证？"]),
        ("同意楼上。\\r\\n广告太多了。", ["同意楼上。", "\\r\\n广告太多了。"]),
        # a kaomoji opening with \ goes with what follows it, as one opening with / does
        ("太好了！\\(^o^)/支付宝终于改了。", ["太好了！", "\\(^o^)/支付宝终于改了。"]),
        ("好。/我不同意。", ["好。", "/我不同意。"]),
        # ] and ］ still close
        ("注释[好的。]然后走了。", ["注释[好的。]", "然后走了。"]),
        ("注释［好的。］然后走了。", ["注释［好的。］", "然后走了。"]),
    ],
)
def test_a_backslash_is_no_closing_mark(source, expected, granularity):
    assert texts(source, granularity) == expected


def test_a_table_cell_with_escaped_line_breaks_is_split_before_the_backslash(tmp_path):
    table = tmp_path / "dump.csv"
    table.write_text("id,content\n1,支付宝就该是钱包。\\n做社交没人用！\\n隐私怎么保证？\n2,同意楼上。\\r\\n广告太多了。\n", encoding="utf-8")
    r = CliRunner().invoke(main, ["segment", str(table), "--text-field", "content", "--format", "jsonl", "-q"], catch_exceptions=False)
    assert r.exit_code == 0, r.output
    units = [json.loads(line) for line in r.output.splitlines()]
    assert [(u["id"], u["text"]) for u in units] == [
        ("1#1", "支付宝就该是钱包。"), ("1#2", "\\n做社交没人用！"), ("1#3", "\\n隐私怎么保证？"),
        ("2#1", "同意楼上。"), ("2#2", "\\r\\n广告太多了。"),
    ]


# --- 2. Big5's vertical-form and double-prime quotation marks, vertical parentheses --------------------------------


@pytest.mark.parametrize(
    "source,expected",
    [
        # quoted speech: the closing mark stays with its sentence
        ("他問：﹁對嗎？﹂我說不用。", ["他問：﹁對嗎？﹂", "我說不用。"]),
        ("他問：﹃對嗎？﹄我說不用。", ["他問：﹃對嗎？﹄", "我說不用。"]),
        ("他說：〝好的。〞然後走了。", ["他說：〝好的。〞", "然後走了。"]),
        ("他說：〝好的。〟然後走了。", ["他說：〝好的。〟", "然後走了。"]),
        # an embedded quotation: its ？ or ！ ends no sentence
        ("知乎上﹁支付寶為什麼要做社交？﹂這個問題下很多人回答了。", ["知乎上﹁支付寶為什麼要做社交？﹂這個問題下很多人回答了。"]),
        ("他們說〝隱私不重要！〞﹐我不同意。", ["他們說〝隱私不重要！〞﹐我不同意。"]),
        ("他們說〝隱私不重要！〟這種話我不同意。", ["他們說〝隱私不重要！〟這種話我不同意。"]),
        ("他說﹁她問﹃對嗎？﹄﹂然後走了。", ["他說﹁她問﹃對嗎？﹄﹂然後走了。"]),
        # vertical parentheses close as （） do: after the ？, and a short pair the sentence goes on after
        ("這個功能︵真的好嗎？︶ 我不確定。", ["這個功能︵真的好嗎？︶", "我不確定。"]),
        ("這個功能︵記者 張三；通訊員 李四︶我不確定。", ["這個功能︵記者 張三；通訊員 李四︶我不確定。"]),
        # a ︶ that closes no ︵ (a kaomoji's) opens the next sentence as before
        ("真煩！︶︿︶我不用了。", ["真煩！", "︶︿︶我不用了。"]),
    ],
)
def test_vertical_and_double_prime_quotation_marks_are_quotations(source, expected):
    assert texts(source) == expected


@pytest.mark.parametrize(
    "source,expected",
    [
        ("他說﹁雖然隱私很重要，但是支付寶做社交也沒錯﹂，我同意這個說法。", ["他說﹁雖然隱私很重要，但是支付寶做社交也沒錯﹂，", "我同意這個說法。"]),
        ("他說〝雖然隱私很重要，但是支付寶做社交也沒錯〞，我同意這個說法。", ["他說〝雖然隱私很重要，但是支付寶做社交也沒錯〞，", "我同意這個說法。"]),
        ("支付寶做社交︵說白了就是想搶微信的地盤，但是沒人買賬︶，我覺得沒戲。", ["支付寶做社交︵說白了就是想搶微信的地盤，但是沒人買賬︶，", "我覺得沒戲。"]),
    ],
)
def test_clause_mode_cuts_nothing_inside_vertical_quotations_or_parentheses(source, expected):
    assert texts(source, "clause") == expected


def test_a_big5_file_with_vertical_quotation_marks(tmp_path):
    page = tmp_path / "vq.txt"
    page.write_bytes("他問：﹁對嗎？﹂我說不用。\n知乎上﹁支付寶為什麼要做社交？﹂這個問題下很多人回答了。\n".encode("cp950"))
    r = CliRunner().invoke(main, ["segment", str(page), "--format", "jsonl", "-q"], catch_exceptions=False)
    assert r.exit_code == 0, r.output
    assert [json.loads(line)["text"] for line in r.output.splitlines()] == [
        "他問：﹁對嗎？﹂", "我說不用。", "知乎上﹁支付寶為什麼要做社交？﹂這個問題下很多人回答了。"]


# --- 3. Big5's small commas -----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "source,expected",
    [
        ("他們說「隱私不重要！」﹐我不同意。", ["他們說「隱私不重要！」﹐我不同意。"]),
        ("所謂社交？﹑不過如此。", ["所謂社交？﹑不過如此。"]),
        ("所謂社交？︐不過如此。", ["所謂社交？︐不過如此。"]),
        ("所謂社交？ ︑不過如此。", ["所謂社交？ ︑不過如此。"]),
        ("所謂社交？\uff64不過如此。", ["所謂社交？\uff64不過如此。"]),  # the half-width ､
    ],
)
def test_no_unit_starts_with_a_small_comma(source, expected):
    assert texts(source) == expected


def test_clause_mode_cuts_after_a_small_comma():
    source = "我覺得支付寶做社交真的沒有必要﹐大家都已經在用微信了﹐隱私權也很重要。"
    assert texts(source, "clause") == ["我覺得支付寶做社交真的沒有必要﹐", "大家都已經在用微信了﹐", "隱私權也很重要。"]
    # a small enumeration comma right after a cut stays with the clause before it
    assert texts("我覺得原因有這麼三個：﹑隱私很重要﹐廣告也太多了。", "clause") == ["我覺得原因有這麼三個：﹑", "隱私很重要﹐", "廣告也太多了。"]


def test_the_length_cap_cuts_after_a_small_comma():
    source = "字" * 300 + "﹐" + "字" * 300 + "。"
    assert spans(source) == [(0, 301), (301, 602)]


# --- 4. mixed-width brackets in clause mode ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "source,expected",
    [
        ("支付宝做社交（说白了就是想抢微信的地盘，但是没人买账)，我觉得没戏。", ["支付宝做社交（说白了就是想抢微信的地盘，但是没人买账)，", "我觉得没戏。"]),
        ("支付宝做社交(说白了就是想抢微信的地盘，但是没人买账），我觉得没戏。", ["支付宝做社交(说白了就是想抢微信的地盘，但是没人买账），", "我觉得没戏。"]),
        # as the same-width pair
        ("支付宝做社交（说白了就是想抢微信的地盘，但是没人买账），我觉得没戏。", ["支付宝做社交（说白了就是想抢微信的地盘，但是没人买账），", "我觉得没戏。"]),
    ],
)
def test_clause_mode_pairs_mixed_width_brackets(source, expected):
    assert texts(source, "clause") == expected


# --- 5. a sentence end inside short closed brackets ----------------------------------------------------------------


@pytest.mark.parametrize(
    "source,sentences,clauses",
    [
        # the news byline of the docs: one piece of its sentence, in both modes
        ("新京报讯（记者 张三；通讯员 李四）支付宝昨日上线圈子功能，引发大量用户吐槽。",
         ["新京报讯（记者 张三；通讯员 李四）支付宝昨日上线圈子功能，引发大量用户吐槽。"],
         ["新京报讯（记者 张三；通讯员 李四）支付宝昨日上线圈子功能，", "引发大量用户吐槽。"]),
        ("支付宝做社交（比如圈子、生活号；还有小程序里的动态）一直没做起来，因为用户只把它当工具。",
         ["支付宝做社交（比如圈子、生活号；还有小程序里的动态）一直没做起来，因为用户只把它当工具。"],
         ["支付宝做社交（比如圈子、生活号；还有小程序里的动态）一直没做起来，", "因为用户只把它当工具。"]),
        ("支付宝做社交(比如圈子、生活号；还有小程序里的动态)，一直没做起来。",
         ["支付宝做社交(比如圈子、生活号；还有小程序里的动态)，一直没做起来。"],
         ["支付宝做社交(比如圈子、生活号；还有小程序里的动态)，", "一直没做起来。"]),
        # a sentence end at the brackets' end still ends the sentence, after them: nothing is cut inside
        ("支付宝做社交（这是我个人的看法。其实很多人也这么想。）确实不行。",
         ["支付宝做社交（这是我个人的看法。其实很多人也这么想。）", "确实不行。"],
         ["支付宝做社交（这是我个人的看法。其实很多人也这么想。）", "确实不行。"]),
        # whatever follows the brackets: a sentence end, white space, the line end
        ("我不同意这个（张三；李四）。然后走了。", ["我不同意这个（张三；李四）。", "然后走了。"], ["我不同意这个（张三；李四）。", "然后走了。"]),
        ("新京报讯（记者 张三；通讯员 李四） 支付宝上线圈子功能。", ["新京报讯（记者 张三；通讯员 李四） 支付宝上线圈子功能。"],
         ["新京报讯（记者 张三；通讯员 李四） 支付宝上线圈子功能。"]),
        ("他很生气。（当然了。谁不生气呢？） 我也是。", ["他很生气。", "（当然了。谁不生气呢？）", "我也是。"],
         ["他很生气。", "（当然了。谁不生气呢？）", "我也是。"]),
    ],
)
def test_a_sentence_end_inside_short_brackets_ends_no_sentence(source, sentences, clauses):
    assert both(source) == (sentences, clauses)


@pytest.mark.parametrize(
    "source,expected",
    [
        # a bracketed question of its own, then another sentence (the bundled corpus has one)
        ("(理性or感性?)支付宝每次社交向的升级，对用户们都是一次小惊吓。", ["(理性or感性?)", "支付宝每次社交向的升级，对用户们都是一次小惊吓。"]),
        ("他说（好。）然后走了。", ["他说（好。）", "然后走了。"]),
        # longer than EMBEDDED_MAX_CHARS: as before
        ("新京报讯（" + "记者" * 30 + "；通讯员 李四）支付宝上线圈子。", ["新京报讯（" + "记者" * 30 + "；", "通讯员 李四）支付宝上线圈子。"]),
    ],
)
def test_brackets_that_end_a_sentence_or_run_long_split_as_before(source, expected):
    assert texts(source) == expected


# --- 6. kaomoji ---------------------------------------------------------------------------------------------------------

FACES = ["(´；ω；｀)", "(｡･ω･｡)", "(；´Д｀)", "(。-`ω´-)", "(。・_・。)", "(；′⌒`)", "(。ì _ í。)", "(。﹏。*)", "(；一_一)",
         "(。・ω・。)", "(｡ŏ_ŏ)", "(;´д`)", "(^_^;)", "(((；´Д｀)))", "(；´Д｀）", "（；´Д｀）"]


@pytest.mark.parametrize("face", FACES)
def test_a_kaomoji_is_one_piece_of_its_sentence(face):
    # inside a sentence: one sentence
    assert texts(f"支付宝又要做社交了{face}我真的不想用。") == [f"支付宝又要做社交了{face}我真的不想用。"]
    # after a sentence end: it stays with that sentence, as an emoji does
    assert texts(f"我真的不想用。{face}") == [f"我真的不想用。{face}"]
    assert texts(f"我真的不想用。 {face} 不过还行。") == [f"我真的不想用。 {face}", "不过还行。"]


@pytest.mark.parametrize("face", FACES)
def test_clause_mode_cuts_no_kaomoji(face):
    # no cut inside the face; a ; right before its closing bracket is a clause end after it ((^_^;) | 我…), as in (张三;)
    for source in (f"支付宝又要做社交了{face}我真的不想用了。", f"我真的不想用了，支付宝又要做社交了。{face}"):
        start = source.index(face)
        assert all(not (start < b < start + len(face)) for span in spans(source, "clause") for b in span)
    assert texts(f"我真的不想用了，支付宝又要做社交了。{face}", "clause") == ["我真的不想用了，", f"支付宝又要做社交了。{face}"]


@pytest.mark.parametrize(
    "source,expected",
    [
        # a word in the brackets: no kaomoji
        ("好（对。）然后走了。", ["好（对。）", "然后走了。"]),
        ("(a。)b(a。)b", ["(a。)", "b(a。)", "b"]),
        # a list number in brackets after a sentence end opens the next sentence
        ("我同意。(1)隐私很重要。", ["我同意。", "(1)隐私很重要。"]),
        # a bracketed question mark is one piece of its sentence
        ("这个功能(?)很好用。", ["这个功能(?)很好用。"]),
    ],
)
def test_brackets_holding_words_are_no_kaomoji(source, expected):
    assert texts(source) == expected


@settings(max_examples=150, deadline=None)
@given(st.lists(st.sampled_from(["支付宝做社交", "隐私", "。", "！", "；", "，", " ", "(", ")", "（", "）", "a", "1.", "😂"]), max_size=12),
       st.sampled_from(FACES), st.lists(st.sampled_from(["我不用", "。", "？", "；", " ", "(", "）", "😂"]), max_size=8),
       st.sampled_from(["sentence", "clause"]))
def test_no_unit_boundary_falls_inside_a_kaomoji(before, face, after, granularity):
    source = "".join(before) + face + "".join(after)
    start = len("".join(before))
    for s, e in spans(source, granularity):  # the offsets are checked too
        assert not (start < s < start + len(face)) and not (start < e < start + len(face)), (source, s, e)


# --- 7. (F1b) emoticons and list markers are no brackets; mixed-width pairs hide no sentence end -------------------


@pytest.mark.parametrize("granularity", ["sentence", "clause"])
@pytest.mark.parametrize(
    "source,expected",
    [
        # a frowny's ( and a later smiley's ) are no pair (the recheck's repros, as 4e041d6 split them)
        ("支付宝又改版了:( 我真的不想用。以后再也不用了。哈哈:)", ["支付宝又改版了:( 我真的不想用。", "以后再也不用了。", "哈哈:)"]),
        ("难过:(我不想用支付宝了。广告太多。算了:)", ["难过:(我不想用支付宝了。", "广告太多。", "算了:)"]),
        ("心情不好:-( 广告太多了。隐私也没保障。还是微信好:-)", ["心情不好:-( 广告太多了。", "隐私也没保障。", "还是微信好:-)"]),
        ("难过:'(我不想用了。算了=)", ["难过:'(我不想用了。", "算了=)"]),
        ("难过：（ 我真的不想用。以后再也不用了。哈哈：）", ["难过：（ 我真的不想用。", "以后再也不用了。", "哈哈：）"]),
        # a smiley closes no bracket left open before it
        ("他们说我错了（其实没有。算了:)我走了。", ["他们说我错了（其实没有。", "算了:)我走了。"]),
        ("他们说我错了(其实没有。算了:)我走了。", ["他们说我错了(其实没有。", "算了:)我走了。"]),
        ("他们说我错了（其实没有。算了：）我走了。", ["他们说我错了（其实没有。", "算了：）我走了。"]),
        # nor does a list marker
        ("支付宝做社交我反对（理由如下。1) 隐私没保障。2) 广告太多。", ["支付宝做社交我反对（理由如下。", "1) 隐私没保障。", "2) 广告太多。"]),
        ("支付宝做社交我反对(理由如下。1) 隐私没保障。2) 广告太多。", ["支付宝做社交我反对(理由如下。", "1) 隐私没保障。", "2) 广告太多。"]),
        ("支付宝做社交我反对（理由如下。1）隐私没保障。2）广告太多。", ["支付宝做社交我反对（理由如下。", "1）隐私没保障。", "2）广告太多。"]),
        ("我的看法（a) 隐私没保障。b) 广告太多。", ["我的看法（a) 隐私没保障。", "b) 广告太多。"]),
        # a bracket that closes after a list marker still is one
        ("理由如下。1) 隐私没保障（真的。太差了）。2) 广告太多。", ["理由如下。", "1) 隐私没保障（真的。太差了）。", "2) 广告太多。"]),
        # a kaomoji's ;) is its own: the face stays whole
        ("这个功能(;ω;)我不想用。", ["这个功能(;ω;)我不想用。"]),
    ],
)
def test_an_emoticon_or_a_list_marker_is_no_bracket(source, expected, granularity):
    assert texts(source, granularity) == expected


@pytest.mark.parametrize(
    "source,sentences,clauses",
    [
        # one of each kind, as IMEs type them: a sentence end inside still ends the sentence (as before round 53), clause
        # mode pairs them in what is left
        ("支付宝做社交(比如圈子、生活号；还有小程序里的动态），一直没做起来。",
         ["支付宝做社交(比如圈子、生活号；", "还有小程序里的动态），一直没做起来。"],
         ["支付宝做社交(比如圈子、生活号；", "还有小程序里的动态），", "一直没做起来。"]),
        ("支付宝做社交（比如圈子、生活号；还有小程序里的动态)，一直没做起来。",
         ["支付宝做社交（比如圈子、生活号；", "还有小程序里的动态)，一直没做起来。"],
         ["支付宝做社交（比如圈子、生活号；", "还有小程序里的动态)，", "一直没做起来。"]),
        # one kind: as the byline of the docs
        ("新京报讯(记者 张三；通讯员 李四)支付宝昨日上线社交功能。", ["新京报讯(记者 张三；通讯员 李四)支付宝昨日上线社交功能。"],
         ["新京报讯(记者 张三；通讯员 李四)支付宝昨日上线社交功能。"]),
    ],
)
def test_mixed_width_brackets_hide_no_sentence_end(source, sentences, clauses):
    assert both(source) == (sentences, clauses)


def test_clause_mode_cuts_nothing_inside_brackets_of_one_kind_that_a_mixed_pair_overlaps():
    # （…)…）: the mixed pair （…) leaves the ） open; the pair of one kind still holds the comma (as before round 53)
    source = "支付宝说的数据（见其中的图3)的统计，大家都知道），我根本不信这个说法。"
    assert texts(source, "clause") == ["支付宝说的数据（见其中的图3)的统计，大家都知道），", "我根本不信这个说法。"]


@pytest.mark.parametrize("granularity", ["sentence", "clause"])
@pytest.mark.parametrize(
    "source,expected",
    [
        # a letter after an ASCII ; or . that follows a letter (a web address, code) ends no list marker: the ） closes
        ("支付宝说的隐私政策（功能臃肿，大家都知道a.com/x,y;z），我根本不信这个说法。",
         {"sentence": ["支付宝说的隐私政策（功能臃肿，大家都知道a.com/x,y;z），我根本不信这个说法。"],
          "clause": ["支付宝说的隐私政策（功能臃肿，大家都知道a.com/x,y;z），", "我根本不信这个说法。"]}),
        ("支付宝说的隐私政策（详见官网说明x;z），我根本不信这个说法。",
         {"sentence": ["支付宝说的隐私政策（详见官网说明x;z），我根本不信这个说法。"],
          "clause": ["支付宝说的隐私政策（详见官网说明x;z），", "我根本不信这个说法。"]}),
    ],
)
def test_a_letter_after_a_semicolon_in_a_word_ends_no_list_marker(source, expected, granularity):
    assert texts(source, granularity) == expected[granularity]


def test_clause_mode_cuts_no_emoticon():
    # the : of :( is no colon to cut after
    assert texts("支付宝又改版了:( 我真的不想用这个功能了，太烦人了。", "clause") == ["支付宝又改版了:( 我真的不想用这个功能了，", "太烦人了。"]
    # a colon before a bracketed list number still is one
    assert texts("支付宝做社交的问题有很多:(1)隐私没保障，(2)广告太多。", "clause") == [
        "支付宝做社交的问题有很多:", "(1)隐私没保障，", "(2)广告太多。"]


# --- 8. (F1b) a backslash-escaped quote ----------------------------------------------------------------------------


@pytest.mark.parametrize("granularity", ["sentence", "clause"])
@pytest.mark.parametrize(
    "source,expected",
    [
        # a JSON dump's \" closes as " does (the recheck's repros, as 4e041d6 read them)
        ('他说\\"隐私不重要。\\"我不同意。', ['他说\\"隐私不重要。\\"我不同意。']),
        ('他说：\\"好。\\" 然后走了。', ['他说：\\"好。\\"', "然后走了。"]),
        # quoted speech after a colon, as 他说："好。"然后走了。 is read
        ('他说：\\"好。\\"然后走了。', ['他说：\\"好。\\"', "然后走了。"]),
        ('他说："好。"然后走了。', ['他说："好。"', "然后走了。"]),
        ('他说（\\"好。\\"）然后走了。', ['他说（\\"好。\\"）', "然后走了。"]),
        ("他说\\'好。\\'然后走了。", ["他说\\'好。\\'", "然后走了。"]),
        ("他说：“好。\\”然后走了。", ["他说：“好。\\”", "然后走了。"]),
        # a \" that opens a quotation opens the next sentence with it
        ('好。\\"然后走了。\\"', ["好。", '\\"然后走了。\\"']),
        # \n, \r, \t written as text still open the next sentence
        ("支付宝就该是钱包。\\n做社交没人用！\\t隐私呢？", ["支付宝就该是钱包。", "\\n做社交没人用！", "\\t隐私呢？"]),
        ('他说：“好。”\\n然后走了。', ["他说：“好。”", "\\n然后走了。"]),
    ],
)
def test_a_backslash_escaped_quote_closes_as_the_quote_does(source, expected, granularity):
    assert texts(source, granularity) == expected


def test_an_escaped_quotation_with_a_comma_after_it():
    source = '网友评论：\\"支付宝做社交就是个笑话！\\"，我深表赞同。'
    assert texts(source) == [source]
    assert texts(source, "clause") == ["网友评论：", '\\"支付宝做社交就是个笑话！\\"，', "我深表赞同。"]


def test_a_json_dump_with_escaped_quotes(tmp_path):
    dump = tmp_path / "dump.csv"
    dump.write_text('id,content\n1,"他说\\""隐私不重要。\\""我不同意。"\n2,"他说：\\""好。\\"" 然后走了。"\n', encoding="utf-8")
    r = CliRunner().invoke(main, ["segment", str(dump), "--text-field", "content", "--format", "jsonl", "-q"], catch_exceptions=False)
    assert r.exit_code == 0, r.output
    assert [(u["id"], u["text"]) for u in map(json.loads, r.output.splitlines())] == [
        ("1#1", '他说\\"隐私不重要。\\"我不同意。'), ("2#1", '他说：\\"好。\\"'), ("2#2", "然后走了。")]


# --- 9. (F1b) a number glued to the item before it stays with it -----------------------------------------------------


@pytest.mark.parametrize(
    "source,expected",
    [
        # a value that ends a numbered item (the recheck's repros, as 4e041d6 split them)
        ("1.评分从4降到2.我不满意", ["1.评分从4降到2.", "我不满意"]),
        ("1.味道一般，只能打2.下次不来了", ["1.味道一般，只能打2.", "下次不来了"]),
        ("1.升级到版本2.闪退了", ["1.升级到版本2.", "闪退了"]),
        ("我的评分：1.服务打4分2.环境打3.总体还行", ["我的评分：1.服务打4分2.", "环境打3.", "总体还行"]),
        # a list typed on one line without separators keeps each number with the item before it (a known limit)
        ("支付宝的问题：1.隐私没保障2.广告太多3.功能臃肿", ["支付宝的问题：1.隐私没保障2.", "广告太多3.", "功能臃肿"]),
        ("我给它打10.下次再来。", ["我给它打10.", "下次再来。"]),
    ],
)
def test_a_number_glued_to_the_item_before_it_stays_with_it(source, expected):
    assert texts(source) == expected


def test_library_and_cli_agree_on_the_new_rules(tmp_path):
    lines = ["他問：﹁對嗎？﹂我說不用。", "新京报讯（记者 张三；通讯员 李四）支付宝上线圈子功能。", "支付宝又要做社交了(´；ω；｀)我真的不想用。",
             "支付宝又改版了:( 我真的不想用。以后再也不用了。哈哈:)", '他说\\"隐私不重要。\\"我不同意。',
             "支付宝就该是钱包。\\n做社交没人用！"]
    path = tmp_path / "c.txt"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    r = CliRunner().invoke(main, ["segment", str(path), "--format", "jsonl", "-q"], catch_exceptions=False)
    assert r.exit_code == 0, r.output
    expected = [u.text for u in argmine.segment([argmine.Document("c", path.read_text(encoding="utf-8"))])]
    assert [json.loads(line)["text"] for line in r.output.splitlines()] == expected
