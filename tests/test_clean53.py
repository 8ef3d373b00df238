"""Cleaning Taiwan and Hong Kong text: headlines led by 「」 quotations, Taiwanese page furniture (QA round 53)."""

import pytest

import argmine
from argmine.clean import clean

BODY = "很多年輕人覺得自己的收入不夠，沒辦法照顧父母。\n"
ARTICLE = "支付寶推社交圈子\n\n支付寶日前推出圈子功能，引發大量網友不滿，很多人認為會侵犯隱私。\n"


def kinds(text):
    c = clean(argmine.Document("d", text))
    assert all(c.document.text[b.start : b.end] == text[b.start : b.end] for b in c.blocks)
    return [(b.kind, text[b.start : b.end]) for b in c.blocks], [(d.rule, d.text) for d in c.dropped]


@pytest.mark.parametrize("quote", ["“”", "《》", "「」", "『』", "﹁﹂", "﹃﹄", "〝〞", "〝〟"])
def test_a_headline_led_by_a_quotation_is_the_title_whatever_the_quotation_marks(quote):
    opening, closing = quote
    headline = f"{opening}躺平式{closing}養老：子女該不該買單"
    blocks, _ = kinds(headline + "\n\n" + BODY)
    assert blocks == [("title", headline), ("body", BODY.strip())]


@pytest.mark.parametrize("quote", ["“”", "「」", "『』", "﹁﹂", "﹃﹄", "〝〞"])
def test_a_first_line_that_is_all_one_quotation_is_no_title_whatever_the_quotation_marks(quote):
    # a reader quoting someone, as an aside: the vertical forms read as 「」 do
    opening, closing = quote
    line = f"{opening}躺平式養老子女該不該買單{closing}"
    blocks, _ = kinds(line + "\n\n" + BODY)
    assert blocks[0] == ("body", line)


@pytest.mark.parametrize("line, rule", [
    ("檢舉", "page_buttons"),
    ("回覆 ‧ 檢舉", "page_buttons"),
    ("請先登入", "login_prompt"),
    ("登入後即可留言", "login_prompt"),
    ("請登入後留言", "login_prompt"),
    ("親，先登入哦！", "login_prompt"),
    ("请登录后发表评论", "login_prompt"),
    ("使用者名稱*", "form_field"),
    ("使用者名稱 ＊", "form_field"),
    ("電子郵件*", "form_field"),
    ("電子郵件地址 *", "form_field"),
    ("電子信箱*", "form_field"),
    ("電郵*", "form_field"),
    ("帳號*", "form_field"),
    ("名稱 *", "form_field"),
    ("網站*", "form_field"),
    ("留言內容*", "form_field"),
    ("手機號碼*", "form_field"),
    ("行動電話*", "form_field"),
])
def test_taiwanese_and_hong_kong_page_furniture_is_dropped(line, rule):
    blocks, dropped = kinds(ARTICLE + line + "\n")
    assert dropped == [(rule, line)]
    assert [t for _, t in blocks] == ["支付寶推社交圈子", "支付寶日前推出圈子功能，引發大量網友不滿，很多人認為會侵犯隱私。"]


def test_a_taiwanese_page_is_cleaned_as_its_mainland_counterpart():
    mainland = "支付宝推社交圈子\n\n支付宝日前推出圈子功能，引发大量网友不满，很多人认为会侵犯隐私。\n举报\n请先登录\n登录后即可留言\n用户名*\n邮箱*\n"
    taiwan = ARTICLE + "檢舉\n請先登入\n登入後即可留言\n使用者名稱*\n電子郵件*\n"
    cn_blocks, cn_dropped = kinds(mainland)
    tw_blocks, tw_dropped = kinds(taiwan)
    assert [r for r, _ in tw_dropped] == [r for r, _ in cn_dropped] == ["page_buttons", "login_prompt", "login_prompt", "form_field", "form_field"]
    assert [k for k, _ in tw_blocks] == [k for k, _ in cn_blocks] == ["title", "body"]


def test_a_login_prompt_between_the_article_and_a_comment_is_dropped_not_a_heading():
    # kept, 請先登入 was a short line over longer prose: a section heading, so a title
    blocks, dropped = kinds(ARTICLE + "請先登入\n我覺得這個功能很有問題。\n")
    assert dropped == [("login_prompt", "請先登入")]
    assert [k for k, _ in blocks] == ["title", "body", "body"]


@pytest.mark.parametrize("line", [
    "我不想登入支付寶。", "我不想登入支付宝。", "電子郵件也會洩露隱私", "电子邮件也会泄露隐私", "檢舉了也沒用",
    "我檢舉了這個圈子", "使用者名稱是公開的，這點很可怕。", "登入支付寶之後才發現多了圈子", "帳號被盜了怎麼辦？",
])
def test_sentences_naming_taiwanese_furniture_are_kept(line):
    blocks, dropped = kinds(ARTICLE + line + "\n")
    assert dropped == []
    assert blocks[-1][1] == line
