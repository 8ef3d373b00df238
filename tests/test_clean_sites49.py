"""Site tails that cleaning drops: Tieba's tail led by its 举报 link, the IP location under a comment, B站's and Toutiao's counts."""

import pytest

import argmine
from argmine.clean import clean

ARTICLE = "支付宝上线圈子引争议\n11月27日，支付宝推出“圈子”功能，仅限女性发布动态。\n热门评论\n"


def kinds(text):
    c = clean(argmine.Document("d", text))
    assert all(c.document.text[d.start : d.end] == d.text for d in c.dropped)
    return [(b.kind, text[b.start : b.end]) for b in c.blocks], [(d.rule, d.text) for d in c.dropped]


@pytest.mark.parametrize("lead", ["举报 | ", "举报 |", "举报|", "举报｜"])
def test_a_tieba_tail_led_by_its_report_link_is_dropped_and_starts_the_replies(lead):
    text = ("支付宝圈子到底是什么鬼？\n冷风吹过的夏天\n支付宝搞了个圈子，只有女生能发动态。这是想干嘛？？？\n"
            f"{lead}来自Android客户端1楼2016-11-28 21:03\n回复\n小鹿乱撞\n这明明就是变相的。\n{lead}2楼2016-11-28 21:10\n回复\n")
    blocks, dropped = kinds(text)
    assert blocks == [("title", "支付宝圈子到底是什么鬼？"), ("title", "冷风吹过的夏天"),
                      ("body", "支付宝搞了个圈子，只有女生能发动态。这是想干嘛？？？"),
                      ("comment", "小鹿乱撞"), ("comment", "这明明就是变相的。")]
    # the same rule as the tail without the link: post_time drops it, floor_tail's then makes the replies comments
    assert dropped == [("post_time", f"{lead}来自Android客户端1楼2016-11-28 21:03"), ("page_buttons", "回复"),
                       ("post_time", f"{lead}2楼2016-11-28 21:10"), ("page_buttons", "回复")]


def test_a_tieba_page_tail_with_its_report_link_is_dropped(tmp_path):
    page = tmp_path / "tieba.html"
    page.write_text("<html><body><h1>支付宝圈子到底是什么鬼？</h1><div class='d_post_content'>支付宝搞了个圈子，只有女生能发动态。</div>"
            "<div class='core_reply_tail'><span class='icon_relate'><a href='#'>举报</a> |</span><span class='tail-info'>来自"
            "<a href='#'>Android客户端</a></span><span class='tail-info'>1楼</span><span class='tail-info'>2016-11-28 21:03</span></div>"
            "<div class='d_post_content'>这明明就是变相的。</div>"
            "<div class='core_reply_tail'><span class='icon_relate'><a href='#'>举报</a> |</span><span class='tail-info'>2楼</span>"
            "<span class='tail-info'>2016-11-28 21:10</span></div></body></html>", "utf-8")
    units = argmine.segment(argmine.read([page]))
    assert [(u.kind, u.text) for u in units] == [("title", "支付宝圈子到底是什么鬼？"), ("body", "支付宝搞了个圈子，只有女生能发动态。"),
                                                 ("comment", "这明明就是变相的。")]


@pytest.mark.parametrize("line", [
    "IP属地：浙江", "IP 属地：浙江", "IP属地：中国台湾", "IP属地：美国",
    "2024-06-11 09:12 · IP属地：浙江", "2024-06-11 09:12 IP属地：浙江", "2024-06-11 09:12・IP 属地浙江",
    "11-29 · IP 属地广东", "2小时前 · IP 属地广东", "昨天 21:03 · IP 属地广东", "2小时前·IP属地广东",
    "用户6523 2小时前 · IP属地：广东",  # Toutiao's default user name before the time, as post_time already drops 用户6523 2小时前
    "2024-06-11 09:12 · IP属地：浙江 回复",
    "2023-05-01 12:00 128 回复",  # B站: time, the like count (its icon reads as nothing), 回复
    "2024-06-11 09:12 来自浙江",  # the older form, dropped before the fix too
])
def test_a_comment_footer_with_its_ip_location_is_dropped_as_its_time_line(line):
    blocks, dropped = kinds(ARTICLE + "阿强\n支持下架，隐私比什么都重要！\n" + line + "\n小美\n说得太对了。")
    assert dropped == [("comments_heading", "热门评论"), ("post_time", line)]
    assert [t for k, t in blocks if k == "comment"] == ["阿强", "支持下架，隐私比什么都重要！", "小美", "说得太对了。"]


@pytest.mark.parametrize("line, rule", [
    ("回复 · 128", "reply_count"), ("回复 128", "reply_count"),  # Toutiao's, with and without its dot
    ("骑手阿强 2024-06-01 13:05 · IP属地：浙江", "post_meta"),  # a news page's name, date and time over a comment
])
def test_a_comment_counter_or_header_with_a_dot_is_dropped_as_its_sibling(line, rule):
    blocks, dropped = kinds(ARTICLE + "我觉得没那么严重吧。\n" + line + "\n说得太对了。")
    assert dropped == [("comments_heading", "热门评论"), (rule, line)]
    assert [t for k, t in blocks if k == "comment"] == ["我觉得没那么严重吧。", "说得太对了。"]


@pytest.mark.parametrize("line", [
    "我的IP属地是浙江，但我人在上海。", "IP属地显示功能侵犯隐私吗？", "IP属地显示功能侵犯隐私", "IP属地：没用",
    "2024-06-11 09:12 IP属地是浙江", "2023-05-01 12:00 128", "回复 · 说得好", "举报了也没用", "举报 | 这个帖子违规",
])
def test_a_comment_that_talks_about_the_ip_location_or_the_report_link_is_kept(line):
    blocks, dropped = kinds(ARTICLE + line + "\n说得太对了。")
    assert dropped == [("comments_heading", "热门评论")]
    assert "".join(t for k, t in blocks if k == "comment") == line + "说得太对了。"
