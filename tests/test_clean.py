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
