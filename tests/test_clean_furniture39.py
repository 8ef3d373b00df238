"""Furniture of mainland news and government pages (QA round 39): previous/next links, a comment's name-and-time header,
near variants of the documented breadcrumb, byline and follow prompt, the page tool bar, Zhihu's 匿名用户; and the
readers' sentences of the same words, which are kept."""

import json

import pytest
from click.testing import CliRunner

import argmine
from argmine.cli import main
from argmine.clean import clean, load_rules

from .test_clean import assert_prefilter_picks

REASONS = {r.id: r.reason for r in load_rules()}


def kinds(text, html=False):
    c = clean(argmine.Document("d", text, meta={"format": "html"} if html else {}))
    assert all(c.document.text[d.start : d.end] == d.text for d in c.dropped)
    return [(b.kind, text[b.start : b.end]) for b in c.blocks], [(d.rule, d.text) for d in c.dropped]


DROPPED = [
    # previous and next article links
    ("上一篇：关于开展夏季道路交通安全整治行动的通知", "prev_next"),
    ("下一篇：临江市2024年公交线网优化方案", "prev_next"),
    ("上一篇: 电动车该不该禁？", "prev_next"),
    ("【下一篇】临江市2024年公交线网优化方案", "prev_next"),
    ("上一篇：关于开展整治行动的通知 下一篇：临江市公交线网优化方案", "prev_next"),
    ("上一条：没有了", "prev_next"),
    ("上一篇 | 下一篇", "prev_next"),
    # a reader comment's header: a name, a date and a time to the minute
    ("骑手阿强 2024-06-01 13:05", "post_meta"),
    ("老张 2024-06-01 12:30", "post_meta"),
    ("张三 2024年6月1日 13:05", "post_meta"),
    ("laowang_it 2024/6/1 9:05", "post_meta"),
    # breadcrumb leads
    ("您当前的位置：首页 > 政务公开 > 通知公告", "breadcrumb"),
    ("您所在的位置：首页 > 新闻中心 > 正文", "breadcrumb"),
    ("你的位置：首页 » 新闻", "breadcrumb"),
    ("当前的位置：首页 >> 政务公开", "breadcrumb"),
    # an info bar with a view count and page tools
    ("来源：临江市交通管理局 发布时间：2024-05-12 09:00 浏览次数：3256", "byline"),
    ("来源：临江市交通管理局\u3000发布时间：2024-05-12 09:00\u3000浏览次数：3256", "byline"),
    ("信息来源：市交通局 发布日期：2024-05-12 阅读量：1,024", "byline"),
    ("发布日期：2024-05-12", "byline"),
    ("发布时间：2024-05-12 浏览次数： 【字体：大 中 小】【打印】【关闭】", "byline"),
    # the paper before the credit word
    ("临江晚报记者 陈静 2024-06-01", "byline_names"),
    ("新华社记者 张三 李四 2024-06-01 10:20", "byline_names"),
    # follow prompts
    ("扫描二维码关注我们的公众号", "follow_prompt"),
    ("关注我们的微信公众号", "follow_prompt"),
    ("更多精彩内容请关注临江观察微信公众号", "follow_prompt"),
    ("欢迎关注“老王说互联网”公众号", "follow_prompt"),
    ("请关注微信公众号：laowang_it", "follow_prompt"),
    # the page tool bar and its phone QR code
    ("【字体：大 中 小】 打印本页 关闭窗口", "page_tools"),
    ("[打印] [关闭]", "page_tools"),
    ("字号：大 中 小", "page_tools"),
    ("【打印本页】【关闭窗口】", "page_tools"),
    ("扫一扫在手机打开当前页", "page_tools"),
    ("扫码在手机上查看本页", "page_tools"),
]


@pytest.mark.parametrize("line, rule", DROPPED)
def test_news_and_government_page_furniture_is_dropped_with_its_rule(line, rule):
    blocks, dropped = kinds("正文。\n" + line + "\n正文二。")
    assert dropped == [(rule, line)]
    assert [t for _, t in blocks] == ["正文。", "正文二。"]
    assert_prefilter_picks(line, rule)


@pytest.mark.parametrize("line", ["匿名用户", "知乎用户", "匿名用户 \U0001f44d"])
def test_zhihu_anonymous_author_line_is_dropped(line):
    blocks, dropped = kinds("如何评价禁行电动自行车？\n" + line + "\n电动车确实不安全，没有保护，速度又快。")
    assert dropped[0] == ("zhihu_user", line[:4])
    assert [t for _, t in blocks] == ["如何评价禁行电动自行车？", "电动车确实不安全，没有保护，速度又快。"]


KEPT = [
    # 上一篇 / 下一篇 in a reader's words
    "我在上一篇里说过，禁行不能一刀切。",
    "上一篇文章说禁行是懒政，我不同意。",
    "下一篇：我会详细说说为什么禁行是懒政。",
    "上一篇：说得对，禁行就是懒政",
    "上一篇 写得真好",
    # a sentence holding a date and a time, or a line dating something
    "我在 2024-06-01 13:05 被扣了车",
    "骑手阿强 2024-06-01 13:05 说禁行不合理",
    "截止 2024-06-01 18:00",
    "禁行从 2024-06-01 07:00",
    "会议改在 2024-06-01 13:05",
    # 位置
    "我现在的位置：离市中心10公里，骑车要半小时。",
    "您当前的位置决定了您能不能骑车去上班。",
    # 浏览
    "浏览次数：3256 阅读量：12",
    "来源：网络，浏览次数太多说明大家都关心这件事。",
    # 二维码, 公众号
    "我扫描二维码关注了他们的公众号，结果天天推送广告。",
    "扫描二维码关注我们的公众号是最无聊的要求。",
    "大家别再关注那种营销公众号了",
    "请关注一下这个公众号的吃相",
    "关注了他们的公众号",
    # 打印, 关闭窗口, 扫一扫
    "打印本页的功能根本用不了，政府网站该改改了。",
    "关闭窗口之后通告就找不到了。",
    "扫一扫在手机打开当前页这种功能没人用。",
    # 匿名用户, 知乎用户
    "匿名用户的回答不可信，因为没人为它负责。",
    "知乎用户都很理性，不像微博上吵成一团。",
    "我收藏了知乎用户的回答，写得很中肯。",
    # the paper before 记者, in a reader's words
    "晚报记者 陈静说得对 2024-06-01",
]


@pytest.mark.parametrize("line", KEPT)
def test_a_readers_sentence_with_the_same_words_is_kept_whole(line):
    blocks, dropped = kinds("正文。\n" + line + "\n正文二。")
    assert dropped == []
    assert [t for _, t in blocks] == ["正文。", line, "正文二。"]


FURN = ("临江市下月起禁行电动自行车\n您当前的位置：首页 > 政务公开 > 通知公告\n"
        "来源：临江市交通管理局 发布时间：2024-05-12 09:00 浏览次数：3256\n"
        "为保障道路交通安全，中心城区主干道禁止电动自行车通行。\n"
        "上一篇：关于开展夏季道路交通安全整治行动的通知\n下一篇：临江市2024年公交线网优化方案\n"
        "【字体：大 中 小】 打印本页 关闭窗口\n扫描二维码关注我们的公众号\n网友评论\n骑手阿强 2024-06-01 13:05\n"
        "你们坐办公室的不懂，我们要养家的。\n")


def test_a_government_notice_saved_as_text_keeps_only_its_title_body_and_comment():
    blocks, dropped = kinds(FURN)
    assert blocks == [("title", "临江市下月起禁行电动自行车"), ("body", "为保障道路交通安全，中心城区主干道禁止电动自行车通行。"),
                      ("comment", "你们坐办公室的不懂，我们要养家的。")]
    assert [r for r, _ in dropped] == ["breadcrumb", "byline", "prev_next", "prev_next", "page_tools", "follow_prompt",
                                       "comments_heading", "post_meta"]


def test_explain_gives_each_dropped_line_its_rule_and_reason(tmp_path):
    (tmp_path / "furn.txt").write_text(FURN, encoding="utf-8")
    r = CliRunner().invoke(main, ["segment", str(tmp_path / "furn.txt"), "--explain", "-o", str(tmp_path / "u.jsonl")],
                           catch_exceptions=False)
    assert r.exit_code == 0
    lines = [ln for ln in r.stderr.splitlines() if ln.startswith("  dropped ")]
    assert len(lines) == 8
    for ln, (rule, text) in zip(lines, kinds(FURN)[1]):
        assert ln.endswith(f"[{rule}] {REASONS[rule]}: {text!r}")
    assert "prev_next] links to the previous and next article (上一篇, 下一篇): '上一篇：关于开展夏季道路交通安全整治行动的通知'" in r.stderr
    assert "[post_meta] post date line (posted on, edited on, only this author; a comment's name, date and time, or 回覆): " \
           "'骑手阿强 2024-06-01 13:05'" in r.stderr
    assert ": 3 units, 8 dropped" in r.stderr


def test_html_government_page_drops_its_chrome_and_link_lines(tmp_path):
    # the previous/next headlines are real links (<a>) after a label outside them, as such pages write them
    page = ("<html><head><meta charset='utf-8'><title>关于中心城区禁止电动自行车通行的通告_临江市人民政府</title></head><body>"
            "<div class='pos'>您当前的位置：首页 &gt; 政务公开 &gt; 通知公告</div>"
            "<h1>关于中心城区禁止电动自行车通行的通告</h1>"
            "<div class='info'>来源：临江市交通管理局\u3000发布时间：2024-05-12 09:00\u3000浏览次数：3256</div>"
            "<div class='font'>【字体：大 中 小】 打印本页 关闭窗口</div>"
            "<p>为保障道路交通安全，中心城区主干道禁止电动自行车通行。</p>"
            "<div class='prev'>上一篇：<a href='/a/1.html'>关于开展夏季道路交通安全整治行动的通知</a></div>"
            "<div class='next'>下一篇：<a href='/a/2.html'>临江市2024年公交线网优化方案</a></div>"
            "<div class='share'>扫一扫在手机打开当前页</div></body></html>")
    (tmp_path / "gov.html").write_text(page, encoding="utf-8")
    c = clean(argmine.read([tmp_path / "gov.html"])[0])
    text = c.document.text
    assert [(b.kind, text[b.start : b.end]) for b in c.blocks] == [
        ("title", "关于中心城区禁止电动自行车通行的通告"), ("body", "为保障道路交通安全，中心城区主干道禁止电动自行车通行。")]
    assert [d.rule for d in c.dropped] == ["html_title", "breadcrumb", "byline", "page_tools", "prev_next", "prev_next", "page_tools"]
    assert all(d.reason == REASONS[d.rule] for d in c.dropped)


@pytest.mark.parametrize("comment", [
    "上一篇：作者还说禁行是为了安全，现在又改口了",
    "下一篇：等着看政府怎么圆这个谎",
    "【上一篇】作者自己都不骑电动车，凭什么替我们做决定",
])
def test_a_reader_comment_in_a_table_row_that_starts_like_a_prev_next_link_is_kept(tmp_path, comment):
    """prev_next leaves table rows alone (table_rows = false): a row is a reader's comment, never a page's link."""
    table = tmp_path / "comments.jsonl"
    table.write_text(json.dumps({"id": "c1", "text": comment}, ensure_ascii=False) + "\n", "utf-8")
    (doc,) = argmine.read([table])
    (seg,) = argmine.iter_segmented([doc])
    assert [u.text for u in seg.units] == [comment]
    assert not seg.dropped
    page = tmp_path / "page.txt"  # the same line on a page is the link it looks like
    page.write_text("临江市电动车管理通知\n\n全市主干道自七月起禁行电动车，违者罚款。\n\n" + comment + "\n", "utf-8")
    (seg,) = argmine.iter_segmented(argmine.read([page]))
    assert [d.rule for d in seg.dropped] == ["prev_next"]
