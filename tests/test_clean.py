import pytest

import argmine
from argmine.clean import clean, load_rules
from argmine.errors import SchemaError


def kinds(text):
    c = clean(argmine.Document("d", text))
    return [(b.kind, text[b.start : b.end]) for b in c.blocks], [(d.rule, d.text) for d in c.dropped]


def test_clean_drops_form_fields_and_keeps_reason():
    blocks, dropped = kinds("用户名*\n邮箱*\n正文。")
    assert blocks == [("body", "正文。")]
    assert dropped == [("form_field", "用户名*"), ("form_field", "邮箱*")]


def test_clean_drops_span_furniture_inside_a_line_and_splits_there():
    text = "关注该问题如何看支付宝? - 知乎2582被浏览263605分享邀请回答1添加评论分享收藏感谢收起知乎用户标题在此|界面新闻 · JMedia故事开始了。"
    blocks, dropped = kinds(text)
    assert blocks == [("title", "标题在此"), ("body", "故事开始了。")]
    assert [r for r, _ in dropped] == ["zhihu_title", "zhihu_counters", "zhihu_user", "site_name"]


def test_repeated_blocks_are_duplicates_keep_first():
    art = "这是文章的第一段,足够长。\n这是文章的第二段,也够长。\n"
    blocks, dropped = kinds(art + "评论一\n" + art)
    assert [t for _, t in blocks] == ["这是文章的第一段,足够长。", "这是文章的第二段,也够长。", "评论一"]
    assert [r for r, _ in dropped] == ["duplicate", "duplicate"]


def test_short_repeated_comment_is_not_a_duplicate():
    blocks, _ = kinds("正文。\n 认同\n 好\n 认同\n")
    assert [t for _, t in blocks].count("认同") == 2


def test_space_led_lines_are_comments_and_thread_continues():
    blocks, _ = kinds("正文。\n 第一条评论\n没有空格的评论\n 第三条\n")
    assert [k for k, _ in blocks] == ["body", "comment", "comment", "comment"]


def test_repost_notice_starts_comments():
    blocks, dropped = kinds("正文。\n本文首发于某网(),转载请注明出处。\n读者说的话。")
    assert blocks == [("body", "正文。"), ("comment", "读者说的话。")]
    assert dropped[0][0] == "repost_notice"


def test_kind_field_of_table_rows_wins():
    c = clean(argmine.Document("d", "一段话。", meta={"kind": "comment"}))
    assert [b.kind for b in c.blocks] == ["comment"]


def test_rules_file_errors_name_the_rule(tmp_path):
    p = tmp_path / "r.toml"
    p.write_text('[[rules]]\nid = "x"\nscope = "page"\npattern = "a"\nreason = "r"\n', encoding="utf-8")
    with pytest.raises(SchemaError, match=r"rules\[0\]: scope must be 'line' or 'span', found 'page'"):
        load_rules(p)
    p.write_text('[[rules]]\nid = "x"\nscope = "line"\npattern = "("\nreason = "r"\n', encoding="utf-8")
    with pytest.raises(SchemaError, match="bad pattern"):
        load_rules(p)
    p.write_text('[[rules]]\nid = "x"\nscope = "line"\npattern = "a"\nreason = "r"\ntitle_pieces = false\n', encoding="utf-8")
    with pytest.raises(SchemaError, match=r"rules\[0\]: title_pieces must be true or false, on a span rule; found false on a line rule"):
        load_rules(p)


@pytest.mark.parametrize("repeat, line", [(r"(.)\1{5,}", "哈哈哈哈哈哈哈"), (r"(<)?哈+(?(1)>)", "<哈哈哈>")])
def test_custom_line_rule_with_a_back_reference_matches_after_another_rule(tmp_path, repeat, line):
    # the line rules are pre-checked as one joined pattern; a back-reference would point at another rule's group
    p = tmp_path / "r.toml"
    p.write_text(
        "[[rules]]\nid = \"sig\"\nscope = \"line\"\npattern = '(签名):.*'\nreason = \"signature\"\n"
        f"[[rules]]\nid = \"laughs\"\nscope = \"line\"\npattern = '{repeat}'\nreason = \"laughter\"\n",
        encoding="utf-8",
    )
    c = clean(argmine.Document("d", f"正文。\n{line}\n签名:abc"), load_rules(p))
    assert [(d.rule, d.text) for d in c.dropped] == [("laughs", line), ("sig", "签名:abc")]


def test_every_default_rule_has_a_reason_and_compiles():
    rules = load_rules()
    assert len({r.id for r in rules}) == len(rules) > 10
    assert all(r.reason for r in rules)


def test_full_width_furniture_and_final_punctuation():
    # 评论（12） / 亲，请先登录 / 支付宝的社交梦！ written with escapes for the full-width forms
    text = "评论\uff0812\uff09\n亲\uff0c请先登录\n分享(3)\n支付宝的社交梦\uff01\n（注：作者观点）\n正文。"
    blocks, dropped = kinds(text)
    assert [r for r, _ in dropped] == ["reply_count", "login_prompt", "reply_count"]
    assert [k for k, _ in blocks] == ["body", "body", "body"]  # ends with ！ / opens with （: not titles


@pytest.mark.parametrize("indent", ["    ", "  ", "\u3000\u3000", "\t"])
def test_indented_article_paragraphs_stay_body_whatever_the_indentation(indent):
    text = f"支付宝做社交的得与失\n\n{indent}第一段很长的正文。\n{indent}第二段正文。\n{indent}第三段正文。\n"
    blocks, _ = kinds(text)
    assert [k for k, _ in blocks] == ["title", "body", "body", "body"]


def test_space_led_thread_after_unindented_body_is_still_comments():
    blocks, _ = kinds("标题\n正文第一段。\n正文第二段。\n 评论一。\n 评论二。\n")
    assert [k for k, _ in blocks] == ["title", "body", "body", "comment", "comment"]


@pytest.mark.parametrize(
    "line",
    [
        "- 隐私泄露风险太大",
        "• 功能越来越臃肿",
        "在笔者看来，支付宝的问题有三个：",
        "1. 用户对隐私的担忧；",
        "等等...我想想......好吧.",
        '他说:"我不用!"然后走了.',
        "好的！\U0001f602\U0001f602",
        "支付宝真好\U0001f44d",
        "尝试。首先，用户打开支付宝的目的是付钱",
        "（注：作者观点）",
    ],
)
def test_list_items_and_sentence_like_lines_are_body_not_title(line):
    blocks, _ = kinds("正文。\n" + line)
    assert blocks[-1] == ("body", line)


def test_numbered_run_is_a_list_but_a_lone_numbered_line_is_a_heading():
    blocks, _ = kinds("正文。\n1、改变大众的认知\n正文二。\n1. 隐私\n2. 定位\n")
    assert [k for k, _ in blocks] == ["body", "title", "body", "body", "body"]


def test_first_line_question_is_a_headline_later_questions_are_body():
    blocks, _ = kinds("支付宝做社交\uff0c到底错在哪里\uff1f\n正文。\n圈子到底是什么\uff1f\n【水木社区】支付宝做社交\n")
    assert [k for k, _ in blocks] == ["title", "body", "body", "title"]


@pytest.mark.parametrize(
    "line, rule",
    [
        ("展开全文", "expand_full"),
        ("分享到\uff1a微信 微博 QQ空间", "share_bar"),
        ("首页 > 科技 > 互联网", "breadcrumb"),
        ("2016-11-28 10:32\u3000来源\uff1a网易科技\u3000作者\uff1a李四", "byline"),
        ("作者\uff1a王小明\u30002016-11-28", "byline"),
        ("本文来源\uff1a网易科技报道", "byline"),
        ("发布时间\uff1a2016-11-28 10:32", "byline"),
        ("时间\uff1a2016年11月28日", "byline"),
        ("责任编辑\uff1a张三_NE0011", "editor"),
        ("版权所有 \u00a9 2016 网易公司\u3000All Rights Reserved", "copyright"),
        ("Copyright \u00a9 2016 新聞網 版權所有", "copyright"),
        ("(c) 2016 Sina Corp. All rights reserved.", "copyright"),
        ("新浪网 版权所有", "copyright"),
        ("版权所有\uff0c翻版必究", "copyright"),
        ("广告", "advert"),
        ("广告\uff1a", "advert"),
        ("【广告】双十一爆款低至1折\uff0c点击抢购>>", "advert"),
        ("顶(12)  踩(3)  回复", "vote_counters"),
        ("讚 12", "vote_counters"),
        ("查看更多评论>>", "more_comments"),
        ("熱門文章", "related_links"),
    ],
)
def test_common_page_furniture_is_dropped_with_its_rule(line, rule):
    blocks, dropped = kinds("正文。\n" + line + "\n正文二。")
    assert dropped == [(rule, line)]
    assert [t for _, t in blocks] == ["正文。", "正文二。"]


@pytest.mark.parametrize(
    "line",
    [
        "支持",
        "顶",
        "反对，隐私最重要",
        "分享到朋友圈的东西太多了。",
        "广告太多了，支付宝越来越臃肿。",
        "支付宝对用户数据享有版权所有权吗？",
        "首页推荐的内容 > 我关注的内容，这不合理。",
        "作者：我觉得支付宝做社交是错的。",
        "作者：你根本不懂什么叫隐私",
        "时间：会证明支付宝是错的",
        "来源：我自己的亲身经历",
        "我选（C），隐私比社交重要",
        "版权所有者都没说话你急什么",
        "版权所有人是谁都不知道",
        "Copyright law protects authors, not Alipay",
        "广告：这就是支付宝做社交的真正目的，为了卖广告",
        "广告：支付宝的下一步",
        "我还没展开全文就来评论了。",
    ],
)
def test_argumentative_lines_that_look_like_furniture_are_kept(line):
    blocks, dropped = kinds("正文。\n" + line)
    assert dropped == [] and blocks[-1][1] == line


def test_comments_heading_starts_comments():
    blocks, dropped = kinds("正文。\n热门评论\n网友A\uff1a支持支付宝。\n")
    assert blocks == [("body", "正文。"), ("comment", "网友A\uff1a支持支付宝。")]
    assert dropped == [("comments_heading", "热门评论")]


def test_cut_off_preview_before_the_full_paragraph_is_a_duplicate():
    text = "很多用户表示\uff0c钱包就是钱包\uff0c不需要\u2026展开全文\n很多用户表示\uff0c钱包就是钱包\uff0c不需要社交。\n"
    c = clean(argmine.Document("d", text))
    assert [text[b.start : b.end] for b in c.blocks] == ["很多用户表示\uff0c钱包就是钱包\uff0c不需要社交。"]
    assert [(d.rule, d.reason) for d in c.dropped] == [
        ("duplicate", "a cut-off preview of the block at offset 23"),
        ("expand_preview", "expand-article link after a cut-off preview"),
    ]


def test_emoji_only_line_is_reported_as_wordless_not_as_residue():
    c = clean(argmine.Document("d", "\U0001f44d\U0001f44d\U0001f44d\n知乎用户 \U0001f44d"))
    assert c.blocks == ()
    assert [(d.rule, d.reason, d.text) for d in c.dropped] == [
        ("no_words", "no word characters (only emoji, symbols or punctuation)", "\U0001f44d\U0001f44d\U0001f44d"),
        ("zhihu_user", "Zhihu anonymous-user label", "知乎用户"),
        ("residue", "punctuation left over after removing furniture", "\U0001f44d"),
    ]


@pytest.mark.parametrize(
    "copy",
    [
        "支付宝做社交是一步险棋\uff0c\u00a0隐私问题必须重视。",  # NBSP
        "支付宝做社交是一步险棋\uff0c隐私问题必须重视。\u200b",  # trailing zero-width space
        "\ufeff支付宝做社交是一步险棋\uff0c隐私问题必须重视。",  # BOM of a concatenated file
        "支付寶做社交是一步險棋\uff0c隱私問題必須重視。",  # Traditional
    ],
)
def test_duplicates_are_found_through_invisible_characters(copy):
    text = "支付宝做社交是一步险棋\uff0c隐私问题必须重视。\n" + copy + "\n"
    c = clean(argmine.Document("d", text))
    assert len(c.blocks) == 1
    (d,) = c.dropped
    assert d.rule == "duplicate" and text[d.start : d.end] == d.text
    assert d.text.strip("\u200b\ufeff") == d.text  # invisible characters are trimmed like spaces


def test_zero_width_space_at_line_end_does_not_make_a_title():
    blocks, _ = kinds("正文。\n我反对支付宝做社交。\u200b")
    assert blocks[-1] == ("body", "我反对支付宝做社交。")


def test_repost_chain_is_split_per_author_and_markers_are_reported():
    text = "转发微博 //@赵六:+1 //@李四:说得对\uff01//@王五\uff1a支付宝做社交就是在侵犯隐私。"
    blocks, dropped = kinds(text)
    assert [t for _, t in blocks] == ["+1", "说得对\uff01", "支付宝做社交就是在侵犯隐私。"]
    assert dropped == [("repost_marker", "转发微博 //@赵六:"), ("repost_marker", "//@李四:"), ("repost_marker", "//@王五\uff1a")]


def test_repost_chain_pieces_are_never_titles():
    text = "支付宝做社交\n正文。\n我也觉得//@张三:说得对，隐私最重要//@李四: 财不外露\n热门评论\n顶//@王五:支持"
    blocks, _ = kinds(text)
    assert blocks == [
        ("title", "支付宝做社交"),
        ("body", "正文。"),
        ("body", "我也觉得"),
        ("body", "说得对，隐私最重要"),
        ("body", "财不外露"),
        ("comment", "顶"),
        ("comment", "支持"),
    ]


def test_every_default_rule_is_listed_in_docs_segment_md():
    from pathlib import Path

    doc = (Path(__file__).parent.parent / "docs" / "segment.md").read_text("utf-8")
    assert [r.id for r in load_rules() if f"`{r.id}`" not in doc] == []
