"""The repost notice rule drops a notice line, never a sentence that uses its words (QA round 53)."""

import pytest

import argmine
from argmine.clean import clean, load_rules


def kinds(text, html=False):
    c = clean(argmine.Document("d", text, meta={"format": "html"} if html else {}))
    return [(b.kind, text[b.start : b.end]) for b in c.blocks], [(d.rule, d.text) for d in c.dropped]


ARTICLE = "支付宝为什么要做社交？\n\n支付宝并不是要做社交，而是要做支付场景。\n{line}\n隐私完全没有保障！\n广告太多了。\n"


@pytest.mark.parametrize("line", [
    "华为新手机首发于上海，支付宝当天就支持了碰一碰付款，我觉得这说明支付宝在抢线下场景。",  # 首发于: "first launched in"
    "新手机首发于上海。",  # no notice opener before 首发于
    "本文首发于知乎。我觉得支付宝做社交不对。",  # a second sentence
    "转载请注明出处，这是起码的尊重。支付宝做社交我反对。",
    "有人说转载请注明出处，可是谁在乎呢？",  # words before the keyword that open no notice
    "支付宝做社交我反对，转载请注明出处。",
    "未经授权禁止转载是基本常识，支付宝却不管。",
    "轉載請註明出處，這是起碼的尊重。支付寶做社交我反對。",  # Traditional script, read through the normalised line
])
def test_a_sentence_that_uses_a_notices_words_is_kept_with_the_kinds_after_it(line):
    blocks, dropped = kinds(ARTICLE.format(line=line))
    assert dropped == []
    assert blocks[0] == ("title", "支付宝为什么要做社交？")
    assert [k for k, _ in blocks[1:]] == ["body"] * (len(blocks) - 1)  # what follows is still the article, not comments
    assert "".join(t for _, t in blocks[1:]) == "支付宝并不是要做社交，而是要做支付场景。" + line + "隐私完全没有保障！广告太多了。"


def test_a_comment_row_that_mentions_a_repost_notice_keeps_its_text():
    text = "转载请注明出处，这是起码的尊重。支付宝做社交我反对。"
    c = clean(argmine.Document("1", text, source="f.csv:1", kind="comment", row=1))
    assert c.dropped == ()
    assert [(b.kind, text[b.start : b.end]) for b in c.blocks] == [("comment", text)]


@pytest.mark.parametrize("notice", [
    "本文首发于公众号XXX",
    "本文首发于知乎，转载请注明出处",
    "首发于微信公众号「老王说」",
    "转载请注明出处",
    "转载请注明出处。",
    "未经授权禁止转载",
    "转载请注明出处：https://zhuanlan.zhihu.com/p/123456",
    "原文首发于知乎：https://zhuanlan.zhihu.com/p/123456 作者：老王",
    "本文首发于百略网（），转载请注明出处。",  # as the bundled corpus has it
    "本文首发于公众号“老王说”，转载请注明出处。",
    "本文系申江日报原创，转载请注明出处。",
    "本文版权归作者所有，未经授权禁止转载",
    "转载请注明出处，谢谢！",
    "【本文首发于微信公众号“支付宝观察”】",
    "（本文首发于虎嗅网）",
    "本文首發於知乎，轉載請註明出處。",
    "本文首发于36氪，作者：老王，转载请注明出处。",
    "本文首发于公众号XXX。转载请注明出处。",  # two notice sentences
    # the round-54 recheck: a line that opens with the notice takes any tail without a second sentence, a short lead
    # (PS：, 注：, （完）, 文/作者) and repeated end marks
    "PS：本文首发于知乎", "注：本文首发于知乎", "（完）本文首发于知乎", "文/老王 本文首发于知乎", "转载请注明出处！！",
    "转载请注明出处。。", "本文首发于36氪，转载请注明出处？", "文章首发于微信公众号「老王说」，转载请联系授权。",
    "本文首发于知乎，转载请私信", "本文首发于知乎，已获作者授权转载", "本文首发于知乎。欢迎点赞收藏！",
    "本文首发于知乎，喜欢的话点个赞吧", "本文首发于知乎，更多文章请关注公众号老王说",
    # the round-54 recheck: Zhihu's standard footer, and the common short forms
    "著作权归作者所有。商业转载请联系作者获得授权，非商业转载请注明出处。",
    "码字不易，转载请注明出处",
    "欢迎转载，请注明出处。",
    "转载请联系作者获得授权",
    "本文为原创文章，转载请注明出处",
])
def test_a_repost_notice_after_the_article_is_dropped_and_starts_the_comments(notice):
    blocks, dropped = kinds("正文。\n" + notice + "\n读者说的话。")
    assert dropped == [("repost_notice", notice)]
    assert blocks == [("body", "正文。"), ("comment", "读者说的话。")]


def test_a_footer_notice_on_a_page_still_starts_the_comments():
    blocks, dropped = kinds("正文。\n<footer> 本文首发于公众号“老王说”，转载请注明出处。\n读者说的话。\n", html=True)
    assert [r for r, _ in dropped] == ["html_footer"]
    assert blocks == [("body", "正文。"), ("comment", "读者说的话。")]


def test_a_notice_line_longer_than_a_notice_is_content():
    line = "本文首发于" + "支付宝" * 40
    blocks, dropped = kinds("正文。\n" + line + "\n正文二。")
    assert dropped == [] and [k for k, _ in blocks] == ["body", "body", "body"]


@pytest.mark.parametrize("line", [
    "本文为原创 " * 15 + "转载请注明出处,x",
    "本文系原创 原创 原创 " * 6 + "首发于,x",
    "版权归a所有 " * 13 + "首发于,x",
    "谢谢 " * 30 + "首发于,x",
    "作者:a," * 14 + "转载请注明出处,x",
])
def test_the_repost_notice_rule_fails_fast_on_near_notices(line, within):
    # each clause of a notice is matched one way only: a line of many clauses that fails at its end fails fast
    (rule,) = [r for r in load_rules() if r.id == "repost_notice"]
    assert within(f"repost_notice on {line[:20]!r}…", lambda: [rule.pattern.fullmatch(line) for _ in range(200)]) == [None] * 200
