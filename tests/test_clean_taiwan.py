"""Cleaning Taiwanese pages: a PTT post copied from the web, Dcard/Yahoo counters in Traditional with Big5's middle dot."""

import pytest

import argmine
from argmine.clean import clean

PTT_POST = ("作者 nukeboy (核能小子) 看板 Gossiping\n標題 [問卦] 核四到底該不該重啟？\n時間 Sat Mar 15 21:03:11 2025\n\n"
            "最近夏天又要到了，大家都在擔心缺電。\n但是台灣地震這麼多，真的不怕嗎？\n")


def kinds(text):
    c = clean(argmine.Document("d", text))
    return [(b.kind, text[b.start : b.end]) for b in c.blocks], [(d.rule, d.text) for d in c.dropped]


@pytest.mark.parametrize("above", ["批踢踢實業坊 > 看板 Gossiping", "批踢踢實業坊 › 看板 Gossiping 關於我們 聯絡資訊",
                                   "批踢踢實業坊 » 看板 HatePolitics",
                                   "批踢踢實業坊›看板 Gossiping關於我們聯絡資訊"])  # as PTT's inline links render
def test_ptt_breadcrumb_is_dropped_and_the_subject_question_is_the_title(above):
    blocks, dropped = kinds(above + "\n" + PTT_POST)
    assert blocks[0] == ("title", "[問卦] 核四到底該不該重啟？")
    assert [k for k, _ in blocks[1:]] == ["body", "body"]
    assert dropped[0] == ("ptt_breadcrumb", above)


@pytest.mark.parametrize("above", ["轉錄自 HatePolitics 看板", "核四討論串整理"])
def test_the_subject_a_bbs_subject_label_leaves_is_the_title_whatever_line_is_above_the_header(above):
    # the label decides, as an HTML heading's markup does: a question after a kept first line is no body
    blocks, dropped = kinds(above + "\n" + PTT_POST)
    assert blocks[1] == ("title", "[問卦] 核四到底該不該重啟？")
    assert ("bbs_subject", "標題 ") in dropped
    assert [k for k, _ in blocks[2:]] == ["body", "body"]


def test_a_sentence_naming_ptt_with_a_breadcrumb_shape_is_kept():
    line = "我在批踢踢實業坊 > 看板 Gossiping 看到有人說核四很安全。"
    blocks, dropped = kinds("核四到底該不該重啟\n\n" + line + "\n")
    assert blocks[-1] == ("body", line) and dropped == []


@pytest.mark.parametrize("line, rule", [
    ("回复 12 ‧ 点赞 56", "post_counters"),  # U+2027, what Big5 A145 decodes to
    ("回復 12 • 點讚 56", "post_counters"),
    ("轉發 3 ・ 評論 4 ･ 讚 5", "post_counters"),
    ("回應 12 ‧ 愛心 56", "post_counters"),
    ("愛心 56", "post_counters"),
    ("回應 12", "reply_count"),
    ("回應 (12)", "reply_count"),
    ("回覆 12", "reply_count"),
    ("主題 12 ‧ 帖子 345", "forum_user_stats"),
    ("關注者 1234 ‧ 被瀏覽 567", "zhihu_answer_counters"),
    ("我要評論 ‧ 登入 ‧ 註冊", "comment_bar"),
    ("回覆 ‧ 舉報 ‧ 返回列表", "page_buttons"),
])
def test_taiwanese_counters_with_a_middle_dot_or_huiying_are_dropped(line, rule):
    blocks, dropped = kinds("核四到底該不該重啟\n\n我覺得應該重啟，因為缺電很嚴重。\n" + line + "\n")
    assert dropped == [(rule, line)]
    assert [t for _, t in blocks] == ["核四到底該不該重啟", "我覺得應該重啟，因為缺電很嚴重。"]


def test_sentences_that_open_with_a_counter_label_are_kept():
    kept = ["回應12樓，我覺得你說得對", "回應 12 樓的說法", "愛心 56 個也改變不了核廢料的問題", "回應 ‧ 愛心都不重要"]
    blocks, dropped = kinds("\n".join(["核四到底該不該重啟", ""] + kept) + "\n")
    assert dropped == []
    assert [t for _, t in blocks] == ["核四到底該不該重啟"] + kept


@pytest.mark.parametrize("line", ["標題[震驚]這種寫法真的很煩，都是標題黨。", "标题  党太多了，真烦。"])
def test_a_subject_label_in_prose_with_no_bbs_header_above_is_kept_whole_as_body(line):
    text = f"核四到底該不該重啟\n\n我覺得新聞都很誇張。\n{line}\n大家怎麼看？\n"
    blocks, dropped = kinds(text)
    assert ("body", line) in blocks
    assert not [r for r, _ in dropped if r == "bbs_subject"]


@pytest.mark.parametrize("line", ["標題[新聞]是記者下的，內容其實沒那麼誇張。", "標題  寫得聳動，但數據是對的。"])
def test_a_subject_label_in_a_bbs_posts_body_is_kept_whole_as_body(line):
    blocks, dropped = kinds(PTT_POST + line + "\n")
    assert ("title", "[問卦] 核四到底該不該重啟？") in blocks and ("body", line) in blocks
    assert [r for r, _ in dropped].count("bbs_subject") == 1
