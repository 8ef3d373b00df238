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


@pytest.mark.parametrize("line", [
    "请先登录", "请先登录！", "亲，请先登录", "登录后可评论", "请登录后发表评论", "回复贴，请先 登录 | 注册", "请先登录或注册",
    "请先登录后查看全文", "请先登录后再发表评论哦", "登录后即可参与讨论", "请登录后下载", "請先登入", "登入後即可留言", "請登入後留言",
    "親，先登入哦！", "登入後才能回覆", "請先登入｜註冊",
])
def test_login_prompts_are_dropped(line):
    blocks, dropped = kinds(ARTICLE + line + "\n")
    assert dropped == [("login_prompt", line)]


@pytest.mark.parametrize("line", [
    # QA round 53 (recheck): a reader's sentence that opens like a prompt
    "请登录后才能看，这设计太烦了", "登入後才能看，這設計太爛", "登入后就看到广告了", "登录后就看到广告了", "请登录后再说吧，反正我不用",
    "先登入再說", "登入後才發現全是廣告", "請登入後再說，反正我不會用", "登录后发现隐私全没了，太可怕了", "登入後發現隱私全沒了，太可怕了",
    "请先登录后，才能发表评论，真麻烦",
])
def test_sentences_that_open_like_a_login_prompt_are_kept(line):
    blocks, dropped = kinds(ARTICLE + line + "\n")
    assert dropped == []
    assert blocks[-1][1] == line


@pytest.mark.parametrize("line", [
    "用户名*", "邮箱* 请输入邮箱地址", "密码*（必填）", "昵称* 必填", "帳號＊：", "電子郵件* name@example.com", "網站* https://",
    "验证码* 点击图片更换验证码", "驗證碼* 點選圖片更換驗證碼", "验证码* 看不清，换一张", "手机号* 请输入11位手机号",
])
def test_form_fields_with_their_placeholder_are_dropped(line):
    blocks, dropped = kinds(ARTICLE + line + "\n")
    assert dropped == [("form_field", line)]


@pytest.mark.parametrize("line", [
    # QA round 53 (recheck): a label and a star, then a reader's sentence (a censored name, a footnote mark)
    "帳號＊被盜了，客服都不理", "账号*被封了，申诉也没用", "网站*真的很烂，根本打不开", "網站*的設計很糟糕", "网站＊＊＊真是垃圾",
    "网站***", "电子邮件*地址泄露了", "帐号*和密码*都填了还是登不进去", "密码*被改了，客服不管", "手机*都卡死了",
])
def test_sentences_that_open_with_a_form_label_and_a_star_are_kept(line):
    blocks, dropped = kinds(ARTICLE + line + "\n")
    assert dropped == []
    assert blocks[-1][1] == line


def test_a_document_of_reader_complaints_about_logins_and_accounts_keeps_every_line():
    text = "支付宝这次改版我有话说。\n请登录后才能看，这设计太烦了\n登入後才能看，這設計太爛\n帳號＊被盜了，客服都不理\n网站*真的很烂，根本打不开\n以上就是我的看法。\n"
    blocks, dropped = kinds(text)
    assert dropped == []
    assert "\n".join(t for _, t in blocks) == text.strip()
