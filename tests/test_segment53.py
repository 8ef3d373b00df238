"""QA round 53: segmentation of what tables, Traditional (Big5) text and everyday comments hold.

- A backslash is no closing mark: ``\\n`` written as text in a table cell stays whole (``…。`` | ``\\n做社交…``).
- Big5's vertical-form quotation marks ﹁﹂ ﹃﹄ and the double-prime 〝〞〟 are quotations as 「」『』 are; the vertical
  parentheses ︵︶ are brackets (a lone ︶, as kaomoji use it, closes nothing).
- Big5's small commas ﹐ ﹑ (and the vertical ︐ ︑) are commas: no unit starts with one, clause mode cuts after ﹐.
- Clause mode pairs a full-width bracket with an ASCII one (``（…)``, ``(…）``).
- A sentence end inside short closed brackets that the sentence goes on after ends no sentence
  (``新京报讯（记者 张三；通讯员 李四）支付宝…``); one at the brackets' end still ends it after them.
- Kaomoji holding ｡ 。 ； (``(´；ω；｀)``, ``(｡･ω･｡)``, ``(；´Д｀)``) are one piece of their sentence.
- A list number glued to the item before it (``1.隐私没保障2.广告太多``) opens the next unit.
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
        ("支付宝做社交(比如圈子、生活号；还有小程序里的动态），一直没做起来。",
         ["支付宝做社交(比如圈子、生活号；还有小程序里的动态），一直没做起来。"],
         ["支付宝做社交(比如圈子、生活号；还有小程序里的动态），", "一直没做起来。"]),
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


# --- 7. a list number glued to the item before it ------------------------------------------------------------------


@pytest.mark.parametrize(
    "source,expected",
    [
        ("支付宝的问题：1.隐私没保障2.广告太多3.功能臃肿", ["支付宝的问题：1.隐私没保障", "2.广告太多", "3.功能臃肿"]),
        ("１．隐私没保障２．广告太多", ["１．隐私没保障", "２．广告太多"]),
        ("问题有两个 1.隐私没保障2.广告太多。", ["问题有两个 1.隐私没保障", "2.广告太多。"]),
        # a number after a Han character that does not follow the list's last number ends the sentence as before
        ("我给它打10.下次再来。", ["我给它打10.", "下次再来。"]),
        ("原因：1.太贵我打3.下次再来。", ["原因：1.太贵我打3.", "下次再来。"]),
        # the list ends with the sentence: a sentence end between them breaks it
        ("原因：1.太贵。我给它打2.下次再来。", ["原因：1.太贵。", "我给它打2.", "下次再来。"]),
        # a decimal or a version is no list number
        ("版本1.2太旧我打2.下次再来。", ["版本1.2太旧我打2.", "下次再来。"]),
    ],
)
def test_a_glued_list_number_opens_the_next_unit(source, expected):
    assert texts(source) == expected


def test_library_and_cli_agree_on_the_new_rules(tmp_path):
    lines = ["他問：﹁對嗎？﹂我說不用。", "新京报讯（记者 张三；通讯员 李四）支付宝上线圈子功能。", "支付宝又要做社交了(´；ω；｀)我真的不想用。",
             "支付宝的问题：1.隐私没保障2.广告太多", "支付宝就该是钱包。\\n做社交没人用！"]
    path = tmp_path / "c.txt"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    r = CliRunner().invoke(main, ["segment", str(path), "--format", "jsonl", "-q"], catch_exceptions=False)
    assert r.exit_code == 0, r.output
    expected = [u.text for u in argmine.segment([argmine.Document("c", path.read_text(encoding="utf-8"))])]
    assert [json.loads(line)["text"] for line in r.output.splitlines()] == expected
