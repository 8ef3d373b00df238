"""CSDN's copyright statement, a bare reposting ban and Mobile01's report button with a count are dropped; a sentence
that uses their words is kept, and so is the kind of what follows a dropped notice (QA round 55)."""

import pytest

import argmine
from argmine.clean import clean, load_rules

from .test_clean import assert_prefilter_picks

ARTICLE = "支付宝为什么要做社交？\n\n支付宝并不是要做社交，而是要做支付场景。\n{line}\n隐私完全没有保障！\n广告太多了。\n"
BODY = ["支付宝并不是要做社交，而是要做支付场景。", "隐私完全没有保障！", "广告太多了。"]


def kinds(text):
    c = clean(argmine.Document("d", text))
    assert all(c.document.text[d.start : d.end] == d.text for d in c.dropped)
    return [(b.kind, text[b.start : b.end]) for b in c.blocks], [(d.rule, d.text) for d in c.dropped]


@pytest.mark.parametrize("line, rule", [
    # CSDN's statement over a post, full-width as the page shows it and half-width as a copy may have it
    ("版权声明：本文为博主原创文章，遵循 CC 4.0 BY-SA 版权协议，转载请附上原文出处链接和本声明。", "copyright"),
    ("版权声明:本文为博主原创文章,遵循 CC 4.0 BY-SA 版权协议,转载请附上原文出处链接和本声明。", "copyright"),
    ("版权声明：本文为博主原创文章，遵循CC 4.0 BY-SA版权协议，转载请附上原文出处链接及本声明。", "copyright"),
    ("本文为博主原创文章，遵循 CC 4.0 BY-SA 版权协议，转载请附上原文出处链接和本声明。", "copyright"),  # no label
    # its older wordings, and the Traditional script read through the normalised line
    ("版权声明：本文为博主原创文章，未经博主允许不得转载。", "copyright"),
    ("版权声明：本文为博主原创文章，转载请附上博文链接！", "copyright"),
    ("版權聲明：本文為博主原創文章，未經博主允許不得轉載。", "copyright"),
    # a bare ban, with end marks or without
    ("未经作者授权，禁止转载", "copyright"),
    ("未经授权，禁止转载。", "copyright"),
    ("未经许可，不得转载", "copyright"),
    ("未经作者授权，禁止转载！！", "copyright"),
    ("未經授權，禁止轉載。", "copyright"),
    # Mobile01's report button with its count (a bare 檢舉 is page_buttons')
    ("检举 (3)", "post_counters"),
    ("檢舉 (3)", "post_counters"),
    ("檢舉（3）", "post_counters"),
    ("检举(12)", "post_counters"),
])
def test_a_notice_line_is_dropped_and_the_text_after_it_stays_body(line, rule):
    blocks, dropped = kinds(ARTICLE.format(line=line))
    assert dropped == [(rule, line)]
    assert blocks == [("title", "支付宝为什么要做社交？")] + [("body", t) for t in BODY]
    assert_prefilter_picks(line, rule)


@pytest.mark.parametrize("line", [
    "我觉得未经授权就转载别人的文章很不好。",
    "这篇文章首发于知乎，转载请注明出处这种话没人看。",
    "版权声明写得再好也没用，支付宝还是会做社交。",
    "我要检举这个圈子 (真的)",
    "欢迎分享你的看法：支付宝该不该做社交？",
    "未经授权，禁止转载是常识，支付宝却不管。",  # the ban's words, then more of the sentence
    "未经许可，不得转载他人作品，这是法律规定。",
    "版权声明：我自己写的，随便转。",  # the label over no ban
    "本文为博主原创文章，遵循 CC 4.0 BY-SA 版权协议。",  # the licence with no reposting clause
    "有人说版权声明：本文为博主原创文章，未经博主允许不得转载。",  # words before the label
    "檢舉 (3) 次都沒用",
    "检举(3)个账号了",
])
def test_a_sentence_that_uses_the_words_is_kept_with_the_kinds_after_it(line):
    blocks, dropped = kinds(ARTICLE.format(line=line))
    assert dropped == []
    assert [t for _, t in blocks] == ["支付宝为什么要做社交？", BODY[0], line] + BODY[1:]
    # the article around it stays body (a short line with no end mark, 我要检举这个圈子 (真的), may read as a heading itself)
    assert [k for k, t in blocks if t in BODY] == ["body"] * len(BODY)


@pytest.mark.parametrize("line", [
    "欢迎分享，转载请注明出处", "欢迎转发，转载请注明出处！", "歡迎分享，轉載請註明出處",  # its 欢迎分享/欢迎转发 clause
    "未经授权禁止转载", "未经授权禁止转载！", "本文为博主原创文章，未经授权禁止转载",  # its ban, with no comma
])
def test_a_notice_repost_notice_took_before_stays_its(line):
    # dropped before this round too: the copyright rule, tried first, leaves these to repost_notice (and its then)
    blocks, dropped = kinds(ARTICLE.format(line=line))
    assert dropped == [("repost_notice", line)]
    assert [t for _, t in blocks] == ["支付宝为什么要做社交？"] + BODY


def test_csdn_and_mobile01_pages_lose_their_notices(tmp_path):
    csdn = tmp_path / "csdn.html"
    csdn.write_text("<html><body><h1>支付宝该不该做社交</h1><div class='article-copyright'><p>版权声明：本文为博主原创文章，遵循 "
                    "CC 4.0 BY-SA 版权协议，转载请附上原文出处链接和本声明。</p></div><div id='content_views'><p>支付宝并不是要做社交，"
                    "而是要做支付场景。</p><p>未经作者授权，禁止转载</p><p>隐私完全没有保障！</p></div></body></html>", "utf-8")
    mobile01 = tmp_path / "mobile01.html"
    mobile01.write_text("<html><body><h1>支付寶圈子你怎麼看</h1><article><p>支付寶搞了個圈子，只有女生能發動態。</p></article>"
                        "<div class='tools'><span>檢舉 (3)</span></div><article><p>這明明就是變相的。</p></article></body></html>", "utf-8")
    assert [(u.kind, u.text) for u in argmine.segment(argmine.read([csdn]))] == [
        ("title", "支付宝该不该做社交"), ("body", "支付宝并不是要做社交，而是要做支付场景。"), ("body", "隐私完全没有保障！")]
    assert [(u.kind, u.text) for u in argmine.segment(argmine.read([mobile01]))] == [
        ("title", "支付寶圈子你怎麼看"), ("body", "支付寶搞了個圈子，只有女生能發動態。"), ("body", "這明明就是變相的。")]


@pytest.mark.parametrize("line", [
    "版权声明:" + " " * 3000 + "x",
    "本文为博主原创文章" + " " * 3000 + ",x",
    "遵循" + " " * 3000 + "CC 4.0 BY-SA 版权协议,x",
    "未经授权" + " " * 3000 + "," + " " * 3000 + "x",
    "未经授权,禁止转载" + "。" * 3000 + "x",
])
def test_the_copyright_rule_fails_fast_on_near_notices(line, within):
    (rule,) = [r for r in load_rules() if r.id == "copyright"]
    assert within(f"copyright on {line[:12]!r}…", lambda: [rule.pattern.fullmatch(line) for _ in range(200)]) == [None] * 200


# Recheck (F4): CSDN's statement under its label with the comma-less ban, the Taiwan wording (連結), a ban ending in an
# ellipsis, and the rest of a CSDN post's header: its top bar, its 分类专栏/文章标签 line and its 本文链接 permalink.
@pytest.mark.parametrize("line, rule", [
    ("版权声明：本文为博主原创文章，未经授权禁止转载", "copyright"),  # under the label the comma-less ban is the statement's
    ("版權聲明：本文為博主原創文章，未經授權禁止轉載", "copyright"),
    ("版权声明：未经授权禁止转载。", "copyright"),
    ("【版权声明】本文为博主原创文章，未经授权禁止转载", "copyright"),
    ("版權聲明：本文為博主原創文章，遵循 CC 4.0 BY-SA 版權協議，轉載請附上原文出處連結和本聲明。", "copyright"),  # 連結 reads 连结
    ("版权声明：本文为博主原创文章，转载请附上博文连结！", "copyright"),
    ("未经允许，谢绝转载……", "copyright"),  # an ellipsis, a wave dash or exclamation marks after the ban
    ("未经允许，谢绝转载...", "copyright"),
    ("未經允許，謝絕轉載⋯⋯", "copyright"),
    ("未经作者授权，禁止转载～", "copyright"),
    ("未經作者授權，禁止轉載！！", "copyright"),
    ("未经许可，不得转载!~", "copyright"),
    ("本文链接：https://blog.csdn.net/laowang/article/details/53389", "copyright"),  # the permalink under the statement
    ("本文連結：https://blog.csdn.net/laowang/article/details/53389", "copyright"),
    ("本文地址: http://www.example.com/a?id=1", "copyright"),
    ("分类专栏： 互联网 文章标签： 支付宝 社交", "blog_category"),  # CSDN's categories and tags
    ("分類專欄： 互聯網 文章標籤： 支付寶 社交", "blog_category"),
    ("文章标签： 支付宝 社交 c++ node.js", "blog_category"),
    ("分类专栏：互联网", "blog_category"),
    ("原创 老王说互联网 已于 2016-11-29 10:20:33 修改 阅读量1.2k 收藏 12 点赞数 3", "byline_names"),  # CSDN's top bar
    ("原創 老王說互聯網 已於 2016-11-29 10:20:33 修改 閱讀量1.2k 收藏 12 點讚數 3", "byline_names"),
    ("原创 老王说互联网 于 2016-11-29 10:20:33 发布 阅读量1.2k 收藏 点赞数 3", "byline_names"),  # a count missing
    ("转载 老王说互联网 于 2016-11-29 10:20:33 发布", "byline_names"),
    ("翻譯 老王說互聯網 於 2016/11/29 發布", "byline_names"),
])
def test_a_csdn_header_line_is_dropped_and_the_text_after_it_stays_body(line, rule):
    blocks, dropped = kinds(ARTICLE.format(line=line))
    assert dropped == [(rule, line)]
    assert blocks == [("title", "支付宝为什么要做社交？")] + [("body", t) for t in BODY]
    assert_prefilter_picks(line, rule)


@pytest.mark.parametrize("line", [
    "分类专栏这个功能支付宝也该学学",
    "分類專欄這個功能支付寶也該學學",
    "文章标签：支付宝 社交 都是错的",
    "文章標籤：支付寶說得對",
    "分类专栏：我觉得没用",
    "本文链接的那篇文章我看过，观点不对。",
    "本文連結的那篇文章我看過，觀點不對。",
    "本文链接：https://blog.csdn.net/x 这篇写得好",
    "本文链接：https://blog.csdn.net/x，这篇写得好",
    "原创 内容越来越少，支付宝做社交也是",
    "原創 內容越來越少，支付寶做社交也是",
    "原创 老王 已于 2016-11-29 修改了标题",
    "原创 老王说互联网 已于 2016-11-29 10:20:33 修改 阅读量很高",
    "转载 老王 于 2016-11-29 发布的文章都是广告",
    "未经授权，禁止转载……支付宝你听到了吗",  # the ban's words, an ellipsis, then more of the sentence
    "未經允許，謝絕轉載⋯⋯但支付寶還是照抄",
    "版权声明：本文为博主原创文章，未经授权禁止转载，这是我抄来的。",  # the labelled statement, then a reader's words
    "有人写版权声明：本文为博主原创文章，未经授权禁止转载",
])
def test_a_sentence_that_uses_the_csdn_header_words_is_kept_with_the_kinds_after_it(line):
    blocks, dropped = kinds(ARTICLE.format(line=line))
    assert dropped == []
    assert [t for _, t in blocks] == ["支付宝为什么要做社交？", BODY[0], line] + BODY[1:]
    assert [k for k, t in blocks if t in BODY] == ["body"] * len(BODY)


@pytest.mark.parametrize("line", ["未經授權禁止轉載", "本文為博主原創文章，未經授權禁止轉載", "本文为原创文章，未经授权禁止转载"])
def test_a_comma_less_ban_without_the_label_stays_repost_notices(line):
    # only the 版权声明 label makes the comma-less ban copyright's; alone it still starts the comments after a body
    blocks, dropped = kinds(ARTICLE.format(line=line))
    assert dropped == [("repost_notice", line)]
    assert blocks == [("title", "支付宝为什么要做社交？"), ("body", BODY[0])] + [("comment", t) for t in BODY[1:]]


def test_a_csdn_page_loses_its_header(tmp_path):
    page = tmp_path / "csdn.html"
    page.write_text(
        "<html><body><div class='article-header'><h1 class='title-article'>支付宝该不该做社交</h1>"
        "<div class='article-bar-top'><span class='article-type'>原创</span> <a class='follow-nickName'>老王说互联网</a> "
        "<span class='time'>已于&nbsp;2016-11-29 10:20:33&nbsp;修改</span> <span class='read-count'>阅读量1.2k</span> "
        "<a class='get-collection'>收藏</a> <span>12</span> <span class='read-count'>点赞数 3</span></div>"
        "<div class='blog-tags-box'>分类专栏： <a>互联网</a> 文章标签： <a>支付宝</a> <a>社交</a></div>"
        "<div class='article-copyright'><div>版权声明：本文为博主原创文章，未经授权禁止转载</div>"
        "<div class='article-source-link'>本文链接：<a href='https://blog.csdn.net/laowang/article/details/53389'>"
        "https://blog.csdn.net/laowang/article/details/53389</a></div></div></div>"
        "<article><div id='content_views'><p>支付宝并不是要做社交，而是要做支付场景。</p><p>未经允许，谢绝转载……</p>"
        "<p>隐私完全没有保障！</p></div></article></body></html>", "utf-8")
    assert [(u.kind, u.text) for u in argmine.segment(argmine.read([page]))] == [
        ("title", "支付宝该不该做社交"), ("body", "支付宝并不是要做社交，而是要做支付场景。"), ("body", "隐私完全没有保障！")]


@pytest.mark.parametrize("rule_id, line", [
    ("copyright", "本文链接:https://" + "a" * 3000 + "中"),
    ("copyright", "本文链接" + " " * 3000 + ":" + " " * 3000 + "x"),
    ("copyright", "未经授权,禁止转载" + "…" * 3000 + "x"),
    ("copyright", "版权声明:" + " " * 3000 + "未经授权禁止转载x"),
    ("blog_category", "分类专栏:" + " 互联网" * 3000 + " x的"),
    ("blog_category", "文章标签: " + "a" * 3000),
    ("blog_category", "分类专栏: " + "a " * 9 + "文章标签 " * 1000 + ":"),
    ("byline_names", "转载" + " " * 3000 + "老王" + " " * 3000 + "于x"),
    ("byline_names", "原创 老王 已于 2016-11-29 10:20 修改" + " 收藏 12" * 3000 + " x"),
])
def test_the_csdn_header_patterns_fail_fast_on_near_misses(rule_id, line, within):
    (rule,) = [r for r in load_rules() if r.id == rule_id]
    assert within(f"{rule_id} on {line[:12]!r}…", lambda: [rule.pattern.fullmatch(line) for _ in range(200)]) == [None] * 200
