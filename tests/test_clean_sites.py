"""Cleaning the tails of site pages saved as text: WeChat, Zhihu, Toutiao and Tieba furniture, and reader lines of the same shape."""

import pytest

import argmine
from argmine.clean import clean

ARTICLE = "支付宝做社交，错在哪里\n支付宝一直想做社交，这已经不是第一次了。\n我坚持认为，隐私才是金融产品的底线。\n"


def kinds(text):
    c = clean(argmine.Document("d", text))
    assert all(c.document.text[d.start : d.end] == d.text for d in c.dropped)
    return [(b.kind, text[b.start : b.end]) for b in c.blocks], [(d.rule, d.text) for d in c.dropped]


def test_a_wechat_page_tail_is_dropped_line_by_line():
    tail = ["预览时标签不可点", "微信扫一扫关注该公众号", "继续滑动看下一个", "轻触阅读原文", "向上滑动看下一个", "知道了",
            "微信扫一扫使用小程序", "取消 允许", "视频 小程序 赞，轻点两下取消赞 在看，轻点两下取消在看"]
    blocks, dropped = kinds(ARTICLE + "\n".join(tail))
    assert [t for _, t in blocks] == ARTICLE.split("\n")[:3]
    assert dropped == [("wechat_tail", "预览时标签不可点"), ("follow_prompt", "微信扫一扫关注该公众号"), ("wechat_tail", "继续滑动看下一个"),
                       ("page_buttons", "轻触阅读原文"), ("wechat_tail", "向上滑动看下一个"), ("wechat_dismiss", "知道了"),
                       ("follow_prompt", "微信扫一扫使用小程序"), ("page_buttons", "取消 允许"),
                       ("page_buttons", "视频 小程序 赞，轻点两下取消赞 在看，轻点两下取消在看")]


@pytest.mark.parametrize("line, rule", [
    ("赞同 2.3K 218 条评论", "vote_counters"),
    ("\u200b赞同 2.3K\u200b\u200b218 条评论\u200b分享\u200b收藏\u200b喜欢", "vote_counters"),  # copied: items glued by zero-width spaces
    ("赞同 12 添加评论 分享 收藏 喜欢 收起", "vote_counters"),
    ("查看全部 218 个回答", "zhihu_answer_counters"),
    ("头条号 科技老王 2016-11-29 10:20", "byline_names"),
    ("写评论...", "reply_button"), ("写评论…", "reply_button"),
    ("用户6523 2小时前", "post_time"),
    ("点击展开，查看完整图片", "weibo_placeholder"), ("查看完整图片", "weibo_placeholder"),
    ("2楼 2016-11-28 回复 顶", "floor_tail"),
    ("预览时标签不可点", "wechat_tail"), ("向上滑动看下一个", "wechat_tail"),
    ("轻触阅读原文", "page_buttons"), ("取消 允许", "page_buttons"), ("赞，轻点两下取消赞 在看，轻点两下取消在看", "page_buttons"),
    ("微信扫一扫使用小程序", "follow_prompt"),
])
def test_site_tail_furniture_alone_on_a_line_is_dropped_with_its_rule(line, rule):
    blocks, dropped = kinds("正文。\n" + line + "\n正文二。")
    assert [r for r, _ in dropped] == [rule] and dropped[0][1] == line.strip("\u200b")
    assert [t for _, t in blocks] == ["正文。", "正文二。"]


def test_toutiao_buttons_and_comment_header_are_dropped_and_its_comment_kept():
    text = ("支付宝“圈子”功能引争议\n头条号 科技老王 2016-11-29 10:20\n支付宝推出的“圈子”功能引发大量用户不满。\n举报\n不感兴趣\n"
            "阅读 1.2万 · 评论 36\n36条评论\n写评论...\n用户6523 2小时前\n我觉得这就是为了流量不顾底线。\n回复 12")
    blocks, dropped = kinds(text)
    assert blocks == [("title", "支付宝“圈子”功能引争议"), ("body", "支付宝推出的“圈子”功能引发大量用户不满。"),
                      ("comment", "我觉得这就是为了流量不顾底线。")]
    assert ("report_button", "举报") in dropped and ("toutiao_dismiss", "不感兴趣") in dropped  # right under 举报


@pytest.mark.parametrize("button", ["回复", "回应"])
@pytest.mark.parametrize("byline", ["", "头条号 科技老王 2016-11-29 10:20\n"])
def test_a_readers_bare_reply_not_interested_under_a_comments_reply_button_is_kept(button, byline):
    # only Toutiao's 不感兴趣, right under its 举报, is a button: under a comment's 回复 (Douban's 回应) it is a reader's reply
    text = (f"支付宝做社交，错在哪里\n{byline}支付宝一直想做社交，这已经不是第一次了。\n全部评论\n"
            f"张三：大家对圈子功能怎么看？\n{button}\n不感兴趣\n{button}\n李四：我也不感兴趣。")
    blocks, dropped = kinds(text)
    assert ("comment", "不感兴趣") in blocks and all(line != "不感兴趣" for _, line in dropped)


def test_a_tieba_floor_with_a_date_and_no_time_starts_the_replies():
    text = "支付宝做社交，各位怎么看？我个人觉得是瞎折腾。\n我也说一句\n2楼 2016-11-28 回复 顶\n支付宝的定位就是工具，工具做社交注定失败。"
    blocks, dropped = kinds(text)
    assert blocks[-1] == ("comment", "支付宝的定位就是工具，工具做社交注定失败。")
    assert dropped[-1] == ("floor_tail", "2楼 2016-11-28 回复 顶")


@pytest.mark.parametrize("line", [
    "知道了，这次支付宝确实过分",
    "知道了 这次支付宝确实过分",
    "我不感兴趣这种社交",
    "写评论的人都很激动",
    "取消 隐私授权才是正道",
    "取消 允许 都点不了，这个弹窗太烦了",
    "微信扫一扫使用小程序很方便",
    "继续滑动看下一个回答，全是骂支付宝的",
    "预览时标签不可点的设计很烂",
    "轻触阅读原文才发现是广告",
    "查看全部 218 个回答后我还是反对",
    "赞同 2.3K 的回答也不一定对",
    "头条号 科技老王 说得对 2016-11-29",
    "头条号 2016-11-29 发的文章都是广告",
    "用户6523 2小时前说的话没人信",
    "点击展开，查看完整图片才发现是P的",
    "2楼 2016-11-28 回复 顶楼主的观点",
])
def test_reader_sentences_shaped_like_site_furniture_are_kept(line):
    blocks, dropped = kinds("正文。\n" + line)
    assert dropped == [] and blocks[-1][1] == line


@pytest.mark.parametrize("above", ["正文第二句。", "回复", "举报", "微信扫一扫关注该公众号"])
@pytest.mark.parametrize("reply", ["知道了", "不感兴趣"])
def test_a_bare_reply_shaped_like_a_button_is_kept_where_no_matching_button_is_above(above, reply):
    # 知道了 goes only right under a WeChat tail notice (wechat_tail), 不感兴趣 only right under Toutiao's 举报 (an article's,
    # under its byline): under any other button line, or a 举报 on a page without a byline, both are replies
    blocks, _ = kinds(f"正文。\n{above}\n{reply}")
    assert blocks[-1][1] == reply


def test_a_comment_sort_toggle_under_toutiaos_report_button_is_dropped():
    blocks, dropped = kinds("头条号 科技老王 2016-11-29 10:20\n支付宝一直想做社交，这已经不是第一次了。\n举报\n最新\n")
    assert [r for r, _ in dropped] == ["byline_names", "report_button", "comment_sort"]
    assert blocks == [("body", "支付宝一直想做社交，这已经不是第一次了。")]
