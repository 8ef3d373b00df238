"""QA round 46: kinds of Taiwanese and Hong Kong forum replies (原PO, 巴打, TW/Cantonese particles); Facebook comment footers."""

import pytest

import argmine
from argmine.clean import clean

THREAD = "支付寶加社交，你會用嗎？\n最近支付寶推出社交功能，我覺得很沒必要。\n{line}\n我也覺得支付寶就該專心做支付，隱私最重要。"


def kind_of(line):
    text = THREAD.format(line=line)
    c = clean(argmine.Document("d", text))
    assert all(text[b.start : b.end] == c.document.text[b.start : b.end] for b in c.blocks)
    return [b.kind for b in c.blocks if text[b.start : b.end] == line]


@pytest.mark.parametrize("line", [
    # PTT's and Dcard's original poster, LIHKG's brother and sister above, addressed with a verdict
    "原PO說得對", "原po說得對", "原PO 言之有理", "PO主說得對", "原PO+1", "巴打講得啱", "絲打 正解", "丝打讲得啱",
    # Taiwanese Mandarin particles
    "真的很煩齁", "很方便唷", "這樣很方便喲", "这样很方便哟", "超煩的捏", "也太扯了吧欸", "也太扯了耶", "就這樣勒", "好煩咧",
    "好耶～支付寶就該專心做支付",
    # Cantonese particles, and 喎 in its OpenCC t2s form 㖞
    "點解要咁做嘅", "係咁嘅", "應該唔會有人用啩", "应该唔会有人用啩", "你自己試吓吖", "仲要收錢添", "佢哋真係好煩喎", "佢哋真系好烦㖞",
])
def test_a_tw_or_hk_reply_is_speech_not_a_heading(line):
    assert kind_of(line) == ["body"]


@pytest.mark.parametrize("line", [
    # 捏 咧 添 勒 耶 ending a word (jieba's dictionary): a heading, not a particle
    "分寸的拿捏", "做人不能大大咧咧", "功能新添", "增添", "論希特勒", "关于泰勒", "輪廓的勾勒", "戈蒂耶", "萨摩耶",
    # the characters inside a heading, and 原PO or 巴打 as a noun
    "聖誕節與耶誕", "圣诞节与耶诞", "勒索軟體", "原PO的三個訴求", "巴打與絲打",
])
def test_headings_ending_in_a_word_or_naming_the_poster_stay_titles(line):
    assert kind_of(line) == ["title"]


FB = ("支付寶推「生活圈」 網友兩極\n支付寶近日推出生活圈功能，用戶可以分享消費動態。\n留言\n王小明\n這功能根本是在洩漏個資，誰會想用？\n"
      "{footer}\n陳美玲\n我覺得蠻有創意的，期待看看。\n")


@pytest.mark.parametrize("footer", [
    "讚 · 回覆 · 3小時", "讚 · 回覆 · 2小時 · 已編輯", "讚 · 回覆 · 剛剛", "讚 · 回覆 · 查看翻譯 · 3小時",
    "讚 · 回覆 · 查看翻譯 · 剛剛 · 已編輯", "赞 · 回复 · 2小时 · 已编辑", "赞 · 回复 · 刚刚", "赞 · 回复 · 查看翻译 · 3小时",
])
def test_facebook_comment_footers_are_dropped_as_post_counters(footer):
    text = FB.format(footer=footer)
    c = clean(argmine.Document("fb", text))
    assert [(d.rule, d.text) for d in c.dropped] == [("comments_label", "留言"), ("post_counters", footer)]
    assert [text[b.start : b.end] for b in c.blocks if b.kind == "comment"] == [
        "王小明", "這功能根本是在洩漏個資，誰會想用？", "陳美玲", "我覺得蠻有創意的，期待看看。"]


@pytest.mark.parametrize("line", ["讚 · 回覆 · 分享這麼多…", "讚 剛剛", "已編輯", "查看翻譯", "讚 · 回覆 · 剛剛才看到這則"])
def test_lines_like_a_facebook_footer_are_kept(line):
    text = FB.format(footer=line)
    c = clean(argmine.Document("fb", text))
    assert [d.rule for d in c.dropped] == ["comments_label"]
    assert line in [text[b.start : b.end] for b in c.blocks]
