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


ARTICLE = "核四到底該不該重啟\n\n我覺得應該重啟，因為缺電很嚴重。\n"


@pytest.mark.parametrize("line, rule", [
    ("1,205 則留言 · 3,456 次分享", "comment_bar"),  # Facebook
    ("所有心情：2.3萬", "post_counters"),
    ("讚 · 回覆 · 3小時", "post_counters"),
    ("讚 12 ・ 倒讚 3 ・ 回覆", "post_counters"),  # Yahoo
    ("讚 5 ・ 倒讚 1 ・ 回覆 2", "post_counters"),
    ("瀏覽數 12,345 ‧ 回覆 88", "post_counters"),  # Mobile01
    ("人氣(1,234)", "post_counters"),  # 痞客邦
    ("查看更多留言", "more_comments"),
    ("看更多", "more_comments"),  # LINE TODAY
    ("發表留言", "reply_button"),
    ("複製連結", "page_buttons"),
    ("訪客 於 2026/11/20 15:02 回覆", "post_meta"),
    ("全站分類：時事評論", "blog_category"),
    ("個人分類：能源", "blog_category"),
])
def test_taiwanese_counters_buttons_and_labels_are_dropped(line, rule):
    blocks, dropped = kinds(ARTICLE + line + "\n")
    assert dropped == [(rule, line)]
    assert [t for _, t in blocks] == ["核四到底該不該重啟", "我覺得應該重啟，因為缺電很嚴重。"]


@pytest.mark.parametrize("line", [
    "留言56樓說得對，核四不該重啟", "人氣很高但論點很弱", "人氣 100 也不代表論點對", "瀏覽數很多不代表有道理",
    "所有心情都寫在臉上", "1,205 則留言都在罵政府", "讚 · 回覆 · 分享這麼多，有人真的讀過報告嗎？", "讚 3小時",
    "倒讚的人請說明理由", "看更多資料再下結論", "發表留言之前先看完全文", "複製連結的人都沒看內容",
    "我於 2026/11/20 15:02 回覆過你了", "個人分類：這篇根本放錯了", "全站分類都是廣告", "留言列表裡都是酸民",
    "B1說得好，我同意", "匿名的人最愛亂講", "最新的民調顯示多數人支持", "Dcard上的討論都很偏激",
    "Facebook", "LINE", "最新", "最相關", "B1", "匿名", "國立成功大學", "時事板", "留言 1",
])
def test_sentences_and_words_shaped_like_taiwanese_furniture_are_kept(line):
    # outside the place their rule asks for (a floor under a comments heading, a share target under 分享, the first line)
    blocks, dropped = kinds(ARTICLE + line + "\n")
    assert dropped == []
    assert blocks[-1][1] == line


def test_share_targets_one_per_line_under_a_share_button_are_dropped():
    blocks, dropped = kinds(ARTICLE + "分享\nFacebook\nLINE\n複製連結\n核四是否重啟，近日再度成為焦點。\n")
    assert [r for r, _ in dropped] == ["share_bar", "like_button", "like_button", "page_buttons"]
    assert blocks[-1] == ("body", "核四是否重啟，近日再度成為焦點。")


def test_dcard_floor_labels_and_their_authors_are_dropped_only_under_a_comments_heading():
    text = ARTICLE + "熱門留言\nB1\n國立成功大學\n乾式貯存在美國已經用了幾十年。\nB2\n匿名\nB1說得好，我同意\n"
    blocks, dropped = kinds(text)
    assert [r for r, _ in dropped] == ["comments_heading", "dcard_floor", "dcard_author", "dcard_floor", "dcard_author"]
    assert blocks[2:] == [("comment", "乾式貯存在美國已經用了幾十年。"), ("comment", "B1說得好，我同意")]


@pytest.mark.parametrize("heading", ["留言列表", "留言 56\n最新", "留言\n分享\n最相關"])
def test_taiwanese_comment_headings_start_the_comments(heading):
    blocks, dropped = kinds(ARTICLE + heading + "\n版主說得很中肯，延役比重啟實際多了。\n")
    assert blocks[-1] == ("comment", "版主說得很中肯，延役比重啟實際多了。")
    assert len(dropped) == heading.count("\n") + 1


@pytest.mark.parametrize("site", ["Dcard", "Mobile01", "痞客邦 PIXNET", "LINE TODAY", "Yahoo奇摩新聞"])
def test_a_site_name_on_the_first_line_does_not_take_the_title(site):
    blocks, dropped = kinds(site + "\n核四重啟公投，大家怎麼看？\n我覺得應該重啟，因為缺電很嚴重。\n")
    assert dropped == [("site_masthead", site)]
    assert blocks == [("title", "核四重啟公投，大家怎麼看？"), ("body", "我覺得應該重啟，因為缺電很嚴重。")]


def test_dcard_navigation_and_board_name_over_the_post_are_dropped():
    blocks, dropped = kinds("Dcard\n首頁 ・ 熱門 ・ 最新 ・ 看板 ・ 登入\n時事板\n核四重啟公投，大家怎麼看\n我覺得應該重啟，因為缺電很嚴重。\n")
    assert [r for r, _ in dropped] == ["site_masthead", "breadcrumb", "board_name"]
    assert blocks[0] == ("title", "核四重啟公投，大家怎麼看")


def test_a_dcard_headline_that_asks_and_goes_on_is_the_title():
    blocks, _ = kinds("Dcard\n首頁 ・ 熱門 ・ 最新 ・ 看板 ・ 登入\n時事板\n核四該不該重啟？我整理了正反意見\n我覺得應該重啟，因為缺電很嚴重。\n")
    assert blocks == [("title", "核四該不該重啟？我整理了正反意見"), ("body", "我覺得應該重啟，因為缺電很嚴重。")]


def test_a_ptt_header_laid_out_a_field_a_line_leaves_its_subject_as_the_title():
    text = "作者  kevin0912 (凱文)\n看板  Gossiping\n標題  [問卦] 核四到底該不該重啟？\n時間  Tue Nov 29 22:14:05 2016\n核四的問題很複雜，我覺得應該重啟。\n"
    blocks, dropped = kinds(text)
    assert blocks[0] == ("title", "[問卦] 核四到底該不該重啟？")
    assert ("bbs_board", "看板  Gossiping") in dropped and ("body", "核四的問題很複雜，我覺得應該重啟。") in blocks


def test_a_board_line_in_a_posts_body_is_kept():
    blocks, _ = kinds(PTT_POST + "看板 Gossiping 最近都在吵這個。\n看板 Gossiping\n")
    assert ("body", "看板 Gossiping") in blocks


PTT_PAGE = """<html><head><meta charset="utf-8"><title>[問卦] 核四到底該不該重啟？ - 看板 Gossiping - 批踢踢實業坊</title></head><body>
<div id="topbar" class="bbs-content"><a id="logo" href="/bbs/">批踢踢實業坊</a><span>&rsaquo;</span><a class="board" href="/bbs/Gossiping/index.html"><span class="board-label">看板 </span>Gossiping</a><a class="right small" href="/about.html">關於我們</a><a class="right small" href="/contact.html">聯絡資訊</a></div>
<div id="main-content" class="bbs-screen bbs-content"><div class="article-metaline"><span class="article-meta-tag">作者</span><span class="article-meta-value">nukeboy (核能小子)</span></div><div class="article-metaline-right"><span class="article-meta-tag">看板</span><span class="article-meta-value">Gossiping</span></div><div class="article-metaline"><span class="article-meta-tag">標題</span><span class="article-meta-value">[問卦] 核四到底該不該重啟？</span></div><div class="article-metaline"><span class="article-meta-tag">時間</span><span class="article-meta-value">Sat Mar 15 21:03:11 2025</span></div>
最近夏天又要到了，大家都在擔心缺電
但是台灣地震這麼多，真的不怕嗎

--
<span class="f2">※ 發信站: 批踢踢實業坊(ptt.cc), 來自: 1.2.3.4 (臺灣)
</span><span class="f2">※ 文章網址: <a href="https://www.ptt.cc/bbs/Gossiping/M.1.A.html">https://www.ptt.cc/bbs/Gossiping/M.1.A.html</a>
</span><div class="push"><span class="hl push-tag">推 </span><span class="f3 hl push-userid">abc123</span><span class="f3 push-content">: 缺電是真的，應該重啟</span><span class="push-ipdatetime"> 03/15 21:05
</span></div><div class="push"><span class="f1 hl push-tag">噓 </span><span class="f3 hl push-userid">xyz</span><span class="f3 push-content">: 核廢料放你家？</span><span class="push-ipdatetime"> 03/15 21:07
</span></div></div>
</body></html>
"""


def test_a_ptt_page_saved_as_html_reads_as_its_text_copy(tmp_path):
    # ptt.cc lays its post out as <pre> by a stylesheet (class bbs-screen): its lines, the -- and ※ 發信站 lines and
    # each push stay lines, so the post is body and the pushes comments, as in a copy of the page's text
    (tmp_path / "ptt.html").write_text(PTT_PAGE, encoding="utf-8")
    units = argmine.segment(argmine.read([tmp_path / "ptt.html"]))
    assert [(u.kind, u.text) for u in units] == [
        ("title", "[問卦] 核四到底該不該重啟？"), ("body", "最近夏天又要到了，大家都在擔心缺電"), ("body", "但是台灣地震這麼多，真的不怕嗎"),
        ("comment", "缺電是真的，應該重啟"), ("comment", "核廢料放你家？"),
    ]
