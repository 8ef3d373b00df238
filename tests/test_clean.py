import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

import argmine
from argmine.clean import clean, load_rules
from argmine.errors import SchemaError


def kinds(text, html=False):
    c = clean(argmine.Document("d", text, meta={"format": "html"} if html else {}))
    return [(b.kind, text[b.start : b.end]) for b in c.blocks], [(d.rule, d.text) for d in c.dropped]


def assert_dropped_alone(line, rule, shown=None):
    """``line`` between two sentences is dropped by ``rule`` (its text as dropped: ``shown``, default the line)."""
    blocks, dropped = kinds("正文。\n" + line + "\n正文二。")
    assert dropped == [(rule, line if shown is None else shown)]
    assert [t for _, t in blocks] == ["正文。", "正文二。"]


def assert_prefilter_picks(line, rule=None, seen=frozenset(), previous=None):
    """The prefilter gives ``line`` the first line rule that matches it, as trying every rule would (``rule``, if named).

    ``seen``, ``previous``: the rules that dropped something before, and the line before (a rule's ``after``, ``right_after``).
    """
    from argmine.clean import _line_hit, _prefilters
    from argmine.normalize import normalize

    line_rules, _ = _prefilters(load_rules())
    view = normalize(line).view(0, len(line))
    want = next(r for r in line_rules.rules if r.applies(seen, previous) and r.pattern.fullmatch(view))
    assert _line_hit(view, line_rules, False, seen, previous) is want and (rule is None or want.id == rule), line


def test_clean_drops_form_fields_and_keeps_reason():
    blocks, dropped = kinds("用户名*\n邮箱*\n正文。")
    assert blocks == [("body", "正文。")]
    assert dropped == [("form_field", "用户名*"), ("form_field", "邮箱*")]


def test_clean_drops_span_furniture_inside_a_line_and_splits_there():
    text = "关注该问题如何看支付宝? - 知乎2582被浏览263605分享邀请回答1添加评论分享收藏感谢收起知乎用户标题在此|界面新闻 · JMedia故事开始了。"
    blocks, dropped = kinds(text)
    assert blocks == [("title", "标题在此"), ("body", "故事开始了。")]
    assert [r for r, _ in dropped] == ["zhihu_title", "zhihu_counters", "zhihu_user", "site_name"]


def test_zhihu_title_drops_only_a_page_header_and_a_saved_pages_title_keeps_its_question():
    said = "我昨天在知乎上搜了一下，发现为什么支付宝非要做社交? - 知乎 这个问题下面全是骂的。"
    blocks, dropped = kinds("正文。\n" + said)
    assert dropped == [] and "".join(t for _, t in blocks) == "正文。" + said  # a reader citing a question keeps every word
    blocks, dropped = kinds("支付宝为什么非要做社交？ - 知乎\n我不赞成支付宝做社交。")  # a saved page's title line
    assert dropped == [("text_title_suffix", " - 知乎")] and blocks[0] == ("title", "支付宝为什么非要做社交？")


@pytest.mark.parametrize("line, rule", [
    ("（完）", "end_marker"), ("(全文完)", "end_marker"), ("【完】", "end_marker"),
    ("有用 12", "useful_votes"), ("12 有用 3 没用", "useful_votes"), ("有用(3) 没用(0)", "useful_votes"),
    ("展开", "expand_full"), ("全文", "expand_full"), ("展开阅读全文", "expand_full"),
    ("网页链接", "weibo_placeholder"), ("O网页链接", "weibo_placeholder"), ("查看图片", "weibo_placeholder"),
    ("★★☆☆☆ 看过", "douban_rating"), ("读过 ★★★★☆ 2016-11-29", "douban_rating"),
    ("默认排序", "page_buttons"), ("按时间排序", "page_buttons"),
])
def test_genre_furniture_alone_on_a_line_is_dropped(line, rule):
    assert_dropped_alone(line, rule)
    assert_prefilter_picks(line, rule)


@pytest.mark.parametrize("line", ["完", "（完全不同意）", "有用", "没用", "有用 12 个字就够了", "这条有用", "展开说说",
                                  "全文都是废话", "网页链接打不开", "查看图片才发现是假的", "看过 还是不推荐", "默认排序就是按赞数"])
def test_lines_like_genre_furniture_are_kept(line):
    blocks, dropped = kinds("正文。\n" + line)
    assert dropped == [] and blocks[-1][1] == line


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
    # a rule with a back-reference or a conditional is still tried (its group numbers are its own)
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


def test_label_zh_is_optional_in_a_rules_file_and_must_be_text(tmp_path):
    (rule,) = load_rules_from('[[rules]]\nid = "x"\nscope = "line"\npattern = "a"\nreason = "r"\n')
    assert rule.label_zh is None
    (rule,) = load_rules_from('[[rules]]\nid = "x"\nscope = "line"\npattern = "a"\nreason = "r"\nlabel_zh = "签名"\n')
    assert rule.label_zh == "签名"
    p = tmp_path / "r.toml"
    p.write_text('[[rules]]\nid = "x"\nscope = "line"\npattern = "a"\nreason = "r"\nlabel_zh = 3\n', encoding="utf-8")
    with pytest.raises(SchemaError, match=r"rules\[0\]: label_zh must be a non-empty string if given, found 3"):
        load_rules(p)


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
    blocks, _ = kinds("支付宝做社交\uff0c到底错在哪里\uff1f\n正文。\n圈子到底是什么\uff1f\n【水木社区】支付宝做社交\n正文说了很多很多很多很多的话。\n")
    assert [k for k, _ in blocks] == ["title", "body", "body", "title", "body"]


@pytest.mark.parametrize("headline", ["支付宝做社交\uff1f用户为何不买账", "支付宝做社交\uff01网友吵翻了", "Why? 支付宝做社交"])
def test_a_headline_may_ask_or_exclaim_and_go_on_a_later_line_may_not(headline):
    blocks, _ = kinds(f"{headline}\n正文说了很多很多的话。\n{headline}吗\n正文又说了很多很多的话。\n")
    assert [k for k, _ in blocks] == ["title", "body", "body", "body"]


@pytest.mark.parametrize("name", ["laowang_it", "小鹿", "科技新報"])
def test_a_line_that_asks_and_goes_on_under_another_first_line_is_body(name):
    # only the document's first block may hold a ？ it goes on after: under a name line the same shape is a reply's
    # first sentence (小鹿 / 真的假的？我不信), which a blog's name over its headline cannot be told from
    headline = "支付寶社交功能要重啟？我整理了三個理由"
    assert kinds(f"{headline}\n支付寶最近又在測試社交功能，我覺得有三個理由值得關注。")[0][0] == ("title", headline)
    for line in (headline, "真的假的？我不信"):
        blocks, _ = kinds(f"{name}\n{line}\n钱包就是钱包，隐私才是底线。")
        assert blocks[1] == ("body", line)


@pytest.mark.parametrize("line", ["支付宝做社交\uff1f用户为何不买账\u3002", "我不同意\u3002支付宝做社交没前途", "支付宝做社交\uff1b网友吵翻了"])
def test_a_first_line_that_ends_or_holds_a_full_stop_is_no_headline(line):
    assert kinds(f"{line}\n正文说了很多很多的话。\n")[0][0] == ("body", line)


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
        ("查看全部评论(1286) >>", "more_comments"),
        ("共12条", "comment_bar"),
        ("转发 1203", "reply_count"),
        ("评论 4587", "reply_count"),
        ("赞同 1024", "vote_counters"),
        ("展开全文c", "expand_full"),
        ("当前位置\uff1a网易首页 > 新闻中心 > 社会新闻 > 正文", "breadcrumb"),
        ("回复", "page_buttons"),
        ("举报", "page_buttons"),
        ("复制链接", "page_buttons"),
        ("返回列表", "page_buttons"),
        ("关注问题", "page_buttons"),
        ("写回答", "page_buttons"),
        ("发表于 2024-4-18 20:13:05|只看该作者|倒序浏览|阅读模式", "post_meta"),
        ("gaoxiaoyu 发表于 2024-4-18 20:31", "post_meta"),
        ("编辑于 2024-03-05 08:20", "post_meta"),
        ("本帖最后由 老李头2012 于 2024-4-19 10:35 编辑", "post_meta"),
        ("5分钟前 来自 微博 weibo.com", "post_time"),
        ("今天 08:41 来自 HUAWEI Mate 60", "post_time"),
        ("2024-06-11 09:12 回复 赞(34)", "post_time"),
        ("1小时前", "post_time"),
        ("楼主", "floor_number"),
        ("沙发", "floor_number"),
        ("板凳", "floor_number"),
        ("地板", "floor_number"),
        ("5#", "floor_number"),
        ("查看: 3521|回复: 9", "thread_counters"),
        ("1,024 人赞同了该回答", "zhihu_answer_counters"),
        ("326 个回答", "zhihu_answer_counters"),
        ("记者 李明 2024-06-03 10:20", "byline_names"),
        ("2024/03/15 14:22 記者陳怡君\uff0f台中報導", "byline_names"),
        ("粤B2-20090191 粤ICP备08010713号", "icp_filing"),
        ("Archiver|手机版|小黑屋|幸福里社区论坛 ( 沪ICP备14012345号-2 )", "icp_filing"),
        ("网站标识码\uff1a3301000001 ICP备案号\uff1a浙ICP备05001234号 浙公网安备 33010002000001号", "icp_filing"),
        ("GMT+8, 2024-4-20 09:13 , Processed in 0.052179 second(s), 23 queries .", "site_software"),
        ("Powered by Discuz! X3.4", "site_software"),
        ("您现在的位置\uff1a首页 >> 政民互动 >> 市长信箱", "breadcrumb"),
        ("网易首页 > 新闻中心 > 正文", "breadcrumb"),
        ("首頁 > 生活 > 交通", "breadcrumb"),
        ("12分钟前 来自 iPhone 14 Pro Max", "post_time"),
        ("3分钟前 来自 iPhone客户端", "post_time"),
        ("1小时前 来自北京", "post_time"),
        ("记者 李明 王芳 2024-06-03", "byline_names"),
        ("沪ICP备05012345号 互联网新闻信息服务许可证\uff1a31120170001", "icp_filing"),
        ("京ICP备12345678号 | 违法和不良信息举报", "icp_filing"),
        ("赞同 12", "vote_counters"),
        ("赞同(2)", "vote_counters"),
        ("支持 128", "vote_counters"),
        ("赞同 1.2 万", "vote_counters"),
    ],
)
def test_common_page_furniture_is_dropped_with_its_rule(line, rule):
    assert_dropped_alone(line, rule)


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
        "共12条意见都反对支付宝",
        "评论 4587 条都在骂支付宝",
        "赞同",
        "赞同 1024 楼的看法",
        "知乎首页 > 微博首页\uff0c我更喜欢知乎",
        "隐私 > 便利",
        "喜欢",
        "举报了也没用\uff0c支付宝不管",
        "回复楼上\uff1a我不同意",
        "他发表于2024年的文章说得对",
        "发表于 2024-4-18 的那篇文章错了",
        "今天",
        "1小时前我还在用支付宝",
        "楼主说得对",
        "沙发很舒服",
        "5#楼的住户都反对",
        "查看: 支付宝的隐私条款",
        "326 个回答都说支付宝不好",
        "记者 李明 说得对",
        "作者 王小明 2016年就说过",
        "网站没有ICP备案就不该上线",
        "京ICP备12345678号是假的\uff0c别信。",
        "Powered by love",
        "Processed in time 是什么意思",
        "支付宝 - 我的看法",
        "我觉得支付宝不好 - 真的",
        # reader lines shaped like the rules below (qa_html5b): comparisons, complaints, stances
        "淘宝首页>京东首页",
        "还是以前的首页>现在的首页",
        "B站首页 > 抖音首页 > 快手首页",
        "百度首页/全是广告",
        "以前的首頁>現在的首頁",
        "不要只看标题 - 去看原新闻",
        "比起抖音 | 我更相信知乎",
        "5分钟前 来自 iPhone客户端 支持禁止手机进校园",
        "1小时前 来自北京 说得好 早该整治了",
        "今天 08:41 来自 HUAWEI Mate 60 这手机太贵了根本不值",
        "5分鐘前 來自 iPhone 支持禁止手機進校園",
        "作者 说得对 2024-06-03",
        "作者 赞同 2024-04-08",
        "2024.06.03 作者 认为 此事 不妥",
        "2024/06/03 記者 亂寫 誤導 讀者",
        "骗子网站还挂着正规备案 粤ICP备08010713号",
        "我查了他们的备案号\uff0c根本就是个人备案\uff1a京ICP备12345678号",
        "京ICP备12345678号这种个人备案也敢卖理财\uff0c监管去哪了",
        "浙ICP备05001234号\uff0c这个备案早就注销了\uff0c还在营业",
        "粵ICP備08010713號 是假的 大家小心",
        "赞同 2",
        "支持 2",
        "赞同1",
    ],
)
def test_argumentative_lines_that_look_like_furniture_are_kept(line):
    blocks, dropped = kinds("正文。\n" + line)
    assert dropped == [] and blocks[-1][1] == line


def test_comments_heading_starts_comments():
    blocks, dropped = kinds("正文。\n热门评论\n网友A\uff1a支持支付宝。\n")
    assert blocks == [("body", "正文。"), ("comment", "网友A\uff1a支持支付宝。")]
    assert dropped == [("comments_heading", "热门评论")]


@pytest.mark.parametrize(
    "heading",
    [
        "全部评论\uff083\uff09",  # not more_comments: a heading with its count
        "精选留言",
        "精选留言写留言",
        "网友留言",
        "熱門留言",
        "网友评论 已有1286人参与 登录 | 注册",
        "《饭店收开瓶费\uff0c到底合不合理\uff1f》有3条评论",
        "“饭店收开瓶费”的3条回复",
        "《饭店收开瓶费》上有12条评论",
    ],
)
def test_comment_section_headings_are_dropped_and_start_comments(heading):
    blocks, dropped = kinds(f"正文。\n{heading}\n支持楼主。\n")
    assert dropped == [("comments_heading", heading)]
    assert blocks == [("body", "正文。"), ("comment", "支持楼主。")]


@pytest.mark.parametrize(
    "line",
    [
        "全部评论都在骂支付宝",
        "网友留言说得好\uff0c我也反对",
        "精选留言里没有一条支持的",
        "《红楼梦》有120回",
        "《隐私法》有3条规定值得一看",
        "网友评论 已有很多人参与",
        "《被讨厌的勇气》的3个想法",  # a blog post's headline, not WordPress's comment count
        "“延迟退休”的一条评论",
        "《我不是藥神》的3個想法",
        "《延迟退休》有3条评论都在骂",
    ],
)
def test_lines_like_comment_headings_are_kept_and_start_no_comments(line):
    blocks, dropped = kinds(f"正文。\n{line}\n支持楼主。\n")
    assert dropped == [] and [t for _, t in blocks] == ["正文。", line, "支持楼主。"]
    assert "comment" not in {k for k, _ in blocks}


@pytest.mark.parametrize(
    "heading, rule",
    [
        ("评论", "comments_label"),
        ("評論", "comments_label"),
        ("评论\uff1a", "comments_label"),
        ("评论区", "comments_label"),
        ("評論區", "comments_label"),
        ("留言", "comments_label"),
        ("留言區", "comments_label"),
        ("留言 (3)", "comments_label"),
        ("共 2 条评论", "comments_label"),
        ("共 2 條評論", "comments_label"),
        ("2則留言", "comments_label"),
        ("3 則迴響", "comments_label"),  # WordPress in Traditional Chinese
        ("评论\uff082\uff09", "reply_count"),  # the counter drops it, comments_label starts the comments
        ("评论 (2)", "reply_count"),
        ("評論\uff082\uff09", "reply_count"),
        ("2条评论", "comment_bar"),
        ("2条回复", "comment_bar"),
    ],
)
def test_short_comment_headings_after_the_article_start_comments(heading, rule):
    assert_prefilter_picks(heading, rule)
    blocks, dropped = kinds(f"正文。\n{heading}\n支持楼主。\n")
    assert dropped == [(rule, heading)]
    assert blocks == [("body", "正文。"), ("comment", "支持楼主。")]
    # before the article (a news site's 评论 channel, a counter by the headline) it is dropped and starts nothing
    blocks, dropped = kinds(f"{heading}\n正文。\n正文二。\n")
    assert dropped == [(rule, heading)] and [k for k, _ in blocks] == ["body", "body"]


@pytest.mark.parametrize("line", ["评论区的人都在骂支付宝。", "留言板功能没人用。", "我看了2条评论就走了。", "评论\uff1a这种做法不妥", "评论一条"])
def test_sentences_starting_like_short_comment_headings_are_kept(line):
    blocks, dropped = kinds(f"正文。\n{line}\n支持楼主。\n")
    assert dropped == [] and [t for _, t in blocks] == ["正文。", line, "支持楼主。"]
    assert "comment" not in {k for k, _ in blocks}


def test_a_counter_without_brackets_starts_no_comments():
    # 评论 4587 is a Weibo post's counter among others, not a heading
    blocks, dropped = kinds("正文。\n评论 4587\n正文二。\n")
    assert dropped == [("reply_count", "评论 4587")] and [k for k, _ in blocks] == ["body", "body"]


def test_html_comments_heading_h3_is_dropped_and_starts_comments(tmp_path):
    page = "<article><h1>服务费争议</h1><p>骑手说没看到一分钱。</p></article><section><h3>评论</h3><p>支持平台，骑手辛苦。</p></section>"
    assert html_kinds(tmp_path, page) == [("title", "服务费争议"), ("body", "骑手说没看到一分钱。"), ("comment", "支持平台，骑手辛苦。")]


def test_comment_disclaimer_in_liuyan_wording_is_dropped():
    blocks, dropped = kinds("正文。\n網友留言\n本網站留言僅代表網友個人意見\uff0c不代表本站立場。\n阿明\n收費可以。\n")
    assert [r for r, _ in dropped] == ["comments_heading", "comment_disclaimer"]
    assert [k for k, _ in blocks] == ["body", "comment", "comment"]


def test_the_then_of_any_matching_rule_applies_to_a_dropped_line():
    # html_footer drops the line first; repost_notice also matches it, so what follows are comments
    text = "正文。\n<footer> 本文系申江日报原创\uff0c转载请注明出处。\n上海网友\n3块钱都快赶上公交了。\n"
    blocks, dropped = kinds(text, html=True)
    assert dropped == [("html_footer", "<footer> 本文系申江日报原创\uff0c转载请注明出处。")]
    assert blocks == [("body", "正文。"), ("comment", "上海网友"), ("comment", "3块钱都快赶上公交了。")]
    # a dropped line that no rule with a then matches starts nothing
    blocks, _ = kinds("正文。\n<footer> 京ICP备12345678号\n下一段正文。\n", html=True)
    assert [k for k, _ in blocks] == ["body", "body"]


@pytest.mark.parametrize(
    "notice",
    [
        "<aside> 本站文章均为原创\uff0c转载请注明出处。",  # a side-bar notice
        "<hidden> 本文版权归作者所有\uff0c未经授权禁止转载",  # a hidden copy-protection tip
        "<nav> 转载请注明出处",
        "本文首发于公众号“老王说”\uff0c转载请注明出处。",  # unmarked, but before the article
    ],
)
def test_a_repost_notice_before_the_article_or_in_page_chrome_starts_no_comments(notice):
    blocks, dropped = kinds(f"{notice}\n延迟退休\uff0c年轻人怎么看\n正文第一段。\n正文第二段。\n", html=True)
    assert [r for r, _ in dropped] in (["repost_notice"], ["html_aside"], ["html_hidden"], ["html_nav"])
    assert [k for k, _ in blocks] == ["title", "body", "body"]


def test_chrome_lines_start_no_comments_even_after_the_article():
    # 热门评论 in a side bar after the article: the article's next paragraph is not a comment
    blocks, _ = kinds("正文。\n<aside> 转载请注明出处\n<hidden> 热门评论\n正文二。\n<footer> 转载请注明出处\n读者说的话。\n", html=True)
    assert [k for k, _ in blocks] == ["body", "body", "comment"]


def test_chrome_marks_count_only_in_pages_read_as_html():
    text = "<nav> 和 <div> 的区别在于语义，支付宝做社交也一样。\n<hidden> 这个属性我觉得没必要。\n"
    blocks, dropped = kinds(text)
    assert [k for k, _ in blocks] == ["body", "body"] and dropped == []
    blocks, dropped = kinds(text, html=True)
    assert blocks == [] and [r for r, _ in dropped] == ["html_nav", "html_hidden"]


def test_a_weaker_then_does_not_undo_comments_at_the_same_block():
    blocks, _ = kinds("标题\n热门评论\n转载请注明出处\n读者说的话。\n")
    assert [k for k, _ in blocks] == ["title", "comment"]


@pytest.mark.parametrize("text, message", [
    ('[rules]\nid = "x"\n', "rules must be an array of tables, each rule under its own [[rules]] header"),
    ('rules = "abc"\n', "rules must be an array of tables"),
    ('[[rules]]\nid = "x"\nscope = "line"\npattern = 123\nreason = "r"\n', "rules[0]: pattern must be a string (a regular expression), found 123"),
    ('[[rules]]\nid = "x"\nscope = "line"\npattern = "a"\nreason = "r"\nthen_unless = "b"\n', "rules[0]: then_unless applies to a rule with a then; this rule has none"),
    ('[[rules]]\nid = "x"\nscope = "line"\npattern = "a"\nreason = "r"\nthen = "comments"\nthen_unless = "("\n', "rules[0]: bad then_unless '('"),
    ('[[rules]]\nid = "x"\nscope = "line"\npattern = "a"\nreason = "r"\nthen = "comments"\nthen_after = ["y"]\n', "rules[0]: then_after names no rule of this file: 'y'"),
])
def test_rules_file_shape_mistakes_name_the_rule(text, message):
    with pytest.raises(SchemaError) as e:
        load_rules_from(text)
    assert message in str(e.value)


def test_then_of_a_span_rule_starts_the_comments_at_the_text_after_its_match():
    # QA round 14: a span rule may have a then too (a PTT push is a comment, and so is what follows it)
    rules = load_rules_from("[[rules]]\nid = \"tag\"\nscope = \"span\"\npattern = '网友\\d+:'\nreason = \"r\"\nthen = \"comments\"\n")
    text = "标题\n大家怎么看？ 网友1:说得对\n网友2:不对\n"
    blocks = [(b.kind, text[b.start : b.end]) for b in clean(argmine.Document("d", text), rules).blocks]
    assert blocks == [("title", "标题"), ("body", "大家怎么看？"), ("comment", "说得对"), ("comment", "不对")]


def test_clean_takes_a_rules_file_path_and_names_what_rules_takes(tmp_path):
    from pathlib import Path

    p = tmp_path / "r.toml"
    p.write_text("[[rules]]\nid = \"sig\"\nscope = \"line\"\npattern = '签名:.*'\nreason = \"signature\"\n", encoding="utf-8")
    doc = argmine.Document("d", "正文。\n签名：老王\n")
    for rules in (p, str(p)):
        assert [d.rule for d in clean(doc, rules=rules).dropped] == ["sig"]
    with pytest.raises(SchemaError, match=r"missing\.toml: cannot read rules file \(No such file or directory\)"):
        clean(doc, rules=str(tmp_path / "missing.toml"))
    with pytest.raises(TypeError) as e:
        clean(doc, rules=3)
    assert str(e.value) == ("rules= takes a rules file path (TOML, as argmine/rules/furniture.toml) or the rules "
                            "load_rules(path) returns (from argmine.clean import load_rules), not int")
    assert clean(doc, rules=list(load_rules(Path(p)))).dropped[0].rule == "sig"


def test_then_values_and_page_title_are_checked_when_rules_load(tmp_path):
    (rule,) = load_rules_from('[[rules]]\nid = "x"\nscope = "line"\npattern = "a"\nreason = "r"\nthen = "comments_after_body"\npage_title = true\n')
    assert (rule.then, rule.page_title) == ("comments_after_body", True)
    p = tmp_path / "r.toml"
    p.write_text('[[rules]]\nid = "x"\nscope = "line"\npattern = "a"\nreason = "r"\nthen = "comment"\n', encoding="utf-8")
    with pytest.raises(SchemaError, match=r"rules\[0\]: then must be 'comments' or 'comments_after_body' if given, found 'comment'"):
        load_rules(p)
    p.write_text('[[rules]]\nid = "x"\nscope = "span"\npattern = "a"\nreason = "r"\npage_title = "yes"\n', encoding="utf-8")
    with pytest.raises(SchemaError, match=r"rules\[0\]: page_title must be true or false, found 'yes'"):
        load_rules(p)


def test_then_of_a_later_custom_rule_applies_after_an_earlier_rule_drops_the_line():
    rules = load_rules_from(
        "[[rules]]\nid = \"sig\"\nscope = \"line\"\npattern = '签名:.*'\nreason = \"signature\"\n"
        "[[rules]]\nid = \"tail\"\nscope = \"line\"\npattern = '.*以下是评论'\nreason = \"r\"\nthen = \"comments\"\n"
    )
    c = clean(argmine.Document("d", "正文。\n签名:以下是评论\n读者说的话。"), rules)
    assert [(d.rule, d.text) for d in c.dropped] == [("sig", "签名:以下是评论")]
    assert [b.kind for b in c.blocks] == ["body", "comment"]


def page_kinds(text, title_line=True):
    meta = {"format": "html", "title_line": True} if title_line else {"format": "html"}
    c = clean(argmine.Document("d", text, meta=meta))  # as read from an .html page whose first line is its <title>
    return [(b.kind, text[b.start : b.end]) for b in c.blocks], [(d.rule, d.text) for d in c.dropped]


def test_site_suffix_of_a_page_title_is_dropped_and_the_title_kept():
    for line, suffix in [
        ("共享单车涨价到3元\uff0c还值得骑吗\uff1f_观点_申江日报网", "_观点_申江日报网"),
        ("景区该不该取消门票\uff1f - 旅游版 - 驴友之家", " - 旅游版 - 驴友之家"),
        ("#中小学生该不该禁带手机进校园#_微博搜索", "_微博搜索"),
        ("[問卦] 核四到底該不該重啟？ - 看板 Gossiping - 批踢踢實業坊", " - 看板 Gossiping - 批踢踢實業坊"),  # ptt.cc
        ("[新聞] 核四公投 - 看板 Hate_Politics - 批踢踢實業坊", " - 看板 Hate_Politics - 批踢踢實業坊"),
    ]:
        blocks, dropped = page_kinds(line + "\n正文。")
        assert dropped == [("title_suffix", suffix)]
        assert blocks == [("title", line[: -len(suffix)]), ("body", "正文。")]


@pytest.mark.parametrize("line", ["不要只看标题 - 去看原新闻", "谣言止于智者 \u2014 尤其是微博", "标题党 - 又是某某日报"])
def test_site_suffix_rule_reads_only_the_first_line_of_an_html_page(line):
    # a sentence with a dash and a site-like end: whole in a text file (even on its first line),
    # in a table row, and on a page's later lines
    assert kinds(line + "\n正文。") == ([("title", line), ("body", "正文。")], [])
    row = clean(argmine.Document("d", line, meta={"format": "html"}, row=1))
    assert [line[b.start : b.end] for b in row.blocks] == [line] and row.dropped == ()
    blocks, dropped = page_kinds("标题\n正文。\n" + line)
    assert dropped == [] and blocks[-1][1] == line
    blocks, dropped = page_kinds(line + "\n正文。", title_line=False)  # a page without a <title>
    assert dropped == [] and blocks[0] == ("title", line)


@pytest.mark.parametrize("headline", ["“躺平式”养老\uff1a子女该不该为父母的保健品买单", "《隐私法》读后感", "“躺平式”养老\uff1a子女该不该买单\uff1f"])
def test_a_headline_led_by_a_quotation_or_book_title_is_a_title(headline):
    blocks, _ = kinds(f"{headline}\n正文。\n{headline}x\n")
    assert [k for k, _ in blocks] == ["title", "body", "body"]  # only as the document's first block


def test_a_first_line_that_is_all_quotation_is_not_a_title():
    blocks, _ = kinds("“算法不该只算时间\uff0c也该算人命”\n正文。\n")
    assert blocks[0][0] == "body"


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


def test_comment_box_lines_are_dropped_and_argumentative_lines_like_them_are_kept():
    box = [
        ("已有128人参与评论 登录 | 注册", "comment_bar"),
        ("我要评论 | 登录 | 注册", "comment_bar"),
        ("共56条评论", "comment_bar"),
        ("網友評論僅供其表達個人看法\uff0c並不表明本站同意其觀點", "comment_disclaimer"),
        ("以上评论仅代表网友个人观点\uff0c不代表网易立场。", "comment_disclaimer"),
        ("文明上网\uff0c理性发言", "comment_etiquette"),
    ]
    kept = [
        "已有很多人参与评论\uff0c大家都反对。",
        "已有128人参与评论\uff0c说明大家都很关心隐私。",
        "登录注册都要实名\uff0c隐私怎么保证\uff1f",
        "我要评论一句\uff1a支付宝做社交是对的。",
        "网友评论仅代表个人观点\uff0c但很多人都这么想。",
        "我的评论只代表个人观点\uff0c不代表人民网的立场\uff0c支付宝做社交是错的。",
        "文明上网很重要\uff0c支付宝做社交会让人乱说话。",
    ]
    blocks, dropped = kinds("\n".join(["正文。"] + [line for line, _ in box] + kept))
    assert dropped == [(rule, line) for line, rule in box]
    assert [t for _, t in blocks] == ["正文。"] + kept


@pytest.mark.parametrize(
    "pattern, needed",
    [
        (r"(更多|全部)(评论|回复)\s*\d*", {"更多评论", "更多回复", "全部评论", "全部回复"}),
        (r"请?先登录.*", {"先登录"}),  # 请先登录 holds 先登录: it adds nothing
        (r"(?=.*(来源|作者)\s*:).{0,9}", {"来源", "作者"}),  # a lookahead looks inside the line too
        (r"[^。]{0,40}(©|(?i:copyright))", {"©", ("copyright", True)}),
        (r"(顶|点赞)\d+|(支持|反对)", {"顶", "点赞", "支持", "反对"}),
        (r"E-?[Mm]ail\s*\*", {"EMail", "Email", "E-Mail", "E-mail"}),
    ],
)
def test_rule_prefilter_reads_the_strings_every_match_holds(pattern, needed):
    import re

    from argmine.clean import _needed

    assert _needed(re.compile(pattern)) == {n if isinstance(n, tuple) else (n, False) for n in needed}


@pytest.mark.parametrize("pattern", [r".*\d", r"(评论)?\d+", r"(评论\d+)*", r"(?!评论).*", r"(?<!评)论?", r"(?i)copyright", r"评论|\d"])
def test_rule_prefilter_knows_no_string_where_a_match_may_hold_none(pattern):
    import re

    from argmine.clean import _needed

    assert _needed(re.compile(pattern)) is None


def test_line_and_span_rules_match_as_if_each_were_tried_on_every_line():
    # the prefilter only skips rules whose strings a line lacks: compare with trying every rule
    import random

    from argmine.clean import _candidates, _line_hit, _needed, _prefilters

    rules = load_rules() + tuple(
        load_rules_from(
            "[[rules]]\nid = \"vote\"\nscope = \"line\"\npattern = '赞\\d+'\nreason = \"r\"\n"  # 赞 inside 点赞 (another rule's string)
            "[[rules]]\nid = \"free\"\nscope = \"line\"\npattern = '\\d{2,}'\nreason = \"r\"\n"  # no string: always tried
            "[[rules]]\nid = \"zone\"\nscope = \"line\"\npattern = '评论区\\d+'\nreason = \"r\"\n"
            "[[rules]]\nid = \"talk\"\nscope = \"line\"\npattern = '.{0,3}评论.{0,3}'\nreason = \"r\"\n"  # 评论 starts 评论区
            "[[rules]]\nid = \"ci\"\nscope = \"span\"\npattern = '(?i:powered by)'\nreason = \"r\"\n"
        )
    )
    line_rules, span_rules = _prefilters(rules)
    pieces = sorted({s for r in rules for s, _ in _needed(r.pattern) or ()} | {s.upper() for r in rules for s, _ in _needed(r.pattern) or ()})
    pieces += ["点赞12", "评论区", "12", "楼", " ", ":", "(", ")", "|", "2024-01-01", "\u017f", "\u212a", "POWERED BY", "powered\u00a0by", "支付宝", "。"]
    rng = random.Random(7)
    lines = ["".join(rng.choice(pieces) for _ in range(rng.randint(1, 5))) for _ in range(20000)]
    hits = spans = 0
    everything = {r.id for r in rules}
    for n, line in enumerate(lines):
        # no context (rules with after or right_after not tried), or a context where every rule may be tried
        seen, previous = (frozenset(), None) if n % 2 else (everything, "related_item" if n % 4 else "signature_separator")
        want = next((r for r in line_rules.rules if r.applies(seen, previous) and r.pattern.fullmatch(line)), None)
        assert _line_hit(line, line_rules, False, seen, previous) is want, line
        matching = [r for r in span_rules.rules if any(m.end() > m.start() for m in r.pattern.finditer(line))]
        assert set(matching) <= set(_candidates(line, span_rules)), line
        hits, spans = hits + (want is not None), spans + bool(matching)
    assert hits > 500 and spans > 500  # the lines do exercise the rules
    assert _needed(line_rules.rules[-3].pattern) is None and _line_hit("1111", line_rules).id == "free"  # bare_count keeps 1111
    assert _line_hit("看评论区", line_rules).id == "talk"
    assert _line_hit("点赞12", line_rules).id in ("vote_counters", "vote")


def load_rules_from(toml_text):
    import tempfile
    from pathlib import Path

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "r.toml"
        path.write_text(toml_text, encoding="utf-8")
        return load_rules(path)


def test_case_variants_are_every_character_matching_an_ascii_one_ignoring_case():
    # the prefilter looks for an ignore-case string only in lines holding one of its first character's variants
    import re
    import sys

    from argmine.clean import _case_variants

    ascii_ = re.compile("(?i)[\x00-\x7f]")
    outside = [chr(c) for c in range(128, sys.maxunicode + 1) if not 0xD800 <= c <= 0xDFFF and ascii_.fullmatch(chr(c))]
    for ch in map(chr, range(128)):
        folded = re.compile("(?i)" + re.escape(ch))
        assert _case_variants(ch) == {c for c in [*map(chr, range(128)), *outside] if folded.fullmatch(c)}, ch
    assert _case_variants("评") is None


COUNTER_FURNITURE = [
    ("主题 12 帖子 345 积分 678", "forum_user_stats"),
    ("帖子 345", "forum_user_stats"),
    ("UID 123456", "forum_user_stats"),
    ("精华 0", "forum_user_stats"),
    ("阅读权限 10", "forum_user_stats"),
    ("注册时间 2015-3-4", "forum_user_stats"),
    ("在线时间 120 小时", "forum_user_stats"),
    ("最后登录 2016-11-28", "forum_user_stats"),
    ("积分\uff1a678 | 威望\uff1a12", "forum_user_stats"),
    ("主題 12 帖子 345 積分 678", "forum_user_stats"),
    ("1,234 人关注了该问题", "zhihu_answer_counters"),
    ("关注者 1234 被浏览 567,890", "zhihu_answer_counters"),
    ("被浏览 1.2万", "zhihu_answer_counters"),
    ("关注者", "zhihu_answer_counters"),
    ("\u200b赞同 1.2K", "vote_counters"),
    ("\u200b添加评论", "page_buttons"),
    ("阅读原文", "page_buttons"),
    ("喜欢此内容的人还喜欢", "related_links"),
    ("阅读 3.2亿 讨论 12万", "post_counters"),
    ("转发 123 评论 456 赞 789", "post_counters"),
    ("转发(123) | 评论(456) | 赞(789)", "post_counters"),
    ("收藏 转发 评论 赞", "post_counters"),
    ("阅读 10万+", "post_counters"),
    ("在看 123", "post_counters"),
    ("閱讀 10萬+", "post_counters"),
    ("123", "bare_count"),
    ("1,234", "bare_count"),
    ("1.2万", "bare_count"),
    ("10万+", "bare_count"),
    ("3.2K", "bare_count"),
    ("(35)", "bare_count"),
    ("\uff08128\uff09", "bare_count"),
]


@pytest.mark.parametrize("line, rule", COUNTER_FURNITURE)
def test_forum_zhihu_weibo_and_wechat_counters_are_dropped_with_their_rule(line, rule):
    assert_dropped_alone(line, rule, shown=line.strip("\u200b"))


def test_lines_that_look_like_counters_or_forum_stats_are_kept():
    kept = [
        "阅读原文才发现支付宝根本没说清楚隐私怎么处理",
        "我在看支付宝的新功能",
        "关注者越多越危险",
        "沙发都被支付宝抢了\uff1f",
        "10万+的文章都在骂支付宝",
        "赞同楼上\uff0c支付宝就该做支付",
        "2楼说得对",
        "3#说得有道理",
        "主题12说的就是隐私问题",
        "积分 100 就能换支付宝红包",
        "UID泄露了就等于隐私泄露",
        "精华帖都在骂支付宝",
        "阅读权限这么高谁看得到",
        "注册时间越长越信任支付宝\uff1f",
        "注册时间 2015-3-4 以后的用户都被坑了",
        "在线时间 10 小时都在刷支付宝",
        "最后登录是三年前\uff0c我早就不用了",
        "UID 123456 是我的小号",
        "关注者 1234 人里有一半是水军",
        "被浏览 100 万次也不代表观点正确",
        "1,234 人关注了这个问题\uff0c说明大家都在乎隐私",
        "赞同 1.2K 又怎样\uff0c错的还是错的",
        "添加评论功能应该关掉",
        "收起你的优越感",
        "阅读 3.2 亿的话题也没改变什么",
        "讨论 12 万条\uff0c没有一条说到点子上",
        "转发 123 次就能抽奖\uff0c这就是营销",
        "评论 456 条里全是水军",
        "赞 789 个都是刷的",
        "收藏 转发 评论 赞 全都是假的",
        "阅读 10万+ 不代表有道理",
        "在看 3 遍了",
        "阅读 1 万字才看懂",
        "喜欢此内容的人还喜欢骂支付宝",
        "123 个人里有 100 个反对",
        "1.2万人签名反对支付宝做社交",
        "赞(12)不代表正确",
        "(35)岁以上的人不用支付宝社交",
        "2016 年的支付宝还没这么烦",
        "评论 赞",
        "赞 赞 赞",
        "666",
        "2333",
        "886",
        "1",
        "(1)",
        "3.5",
        "我投 2",
        "阅读",
        "在看",
    ]
    blocks, dropped = kinds("\n".join(["正文。"] + kept))
    assert dropped == []
    assert [t for _, t in blocks] == ["正文。"] + kept


def test_prefilter_finds_the_counter_rules():
    # post_counters, forum_user_stats and zhihu_answer_counters need literal labels; bare_count needs none (tried on every line)
    from argmine.clean import _needed

    by_id = {r.id: r for r in load_rules()}
    assert ("在看", False) in _needed(by_id["post_counters"].pattern)
    assert ("UID", False) in _needed(by_id["forum_user_stats"].pattern)
    assert _needed(by_id["bare_count"].pattern) is None
    for line, rule in COUNTER_FURNITURE:
        assert_prefilter_picks(line.strip("\u200b"), rule)


def html_kinds(tmp_path, body):
    """The kinds of the blocks of an HTML page read from a file: the reader records its headings."""
    (tmp_path / "p.html").write_text(f"<html><body>{body}</body></html>", encoding="utf-8")
    c = clean(argmine.read([tmp_path / "p.html"])[0])
    return [(b.kind, c.document.text[b.start : b.end]) for b in c.blocks]


def test_html_heading_with_a_question_mid_line_is_a_title(tmp_path):
    # not the first block, a ？ inside and a ！ at the end: a body line of a text file, a title in an <h1>/<h2>
    long = "支付宝做社交" + "，用户担心隐私" * 9  # 69 characters: a paragraph set in a heading
    assert html_kinds(tmp_path, f"<div>首页 | 科技</div><h1>支付宝做社交？用户为何不买账</h1><p>正文。</p>"
                                f"<h2>隐私！隐私！</h2><h2>{long}</h2><h3>• 隐私怎么办</h3>") == [
        ("title", "首页 | 科技"), ("title", "支付宝做社交？用户为何不买账"), ("body", "正文。"),
        ("title", "隐私！隐私！"), ("body", long), ("body", "• 隐私怎么办"),
    ]


def test_html_post_title_in_an_h2_under_a_site_name_h1_is_a_title(tmp_path):
    assert html_kinds(tmp_path, "<h1>小明的博客</h1><h2>支付宝做社交，到底错在哪里？</h2><p>我觉得没必要。</p>") == [
        ("title", "小明的博客"), ("title", "支付宝做社交，到底错在哪里？"), ("body", "我觉得没必要。"),
    ]


def test_html_heading_in_the_comment_section_is_a_comment(tmp_path):
    # the comments heading itself is dropped (comments_heading); a heading after it is a reader's
    page = "<h1>支付宝做社交</h1><p>正文。</p><h2>隐私怎么办？</h2><p>正文二。</p><h3>网友评论</h3><h4>我也觉得没必要？</h4><p>太臃肿了。</p>"
    assert html_kinds(tmp_path, page) == [
        ("title", "支付宝做社交"), ("body", "正文。"), ("title", "隐私怎么办？"), ("body", "正文二。"),
        ("comment", "我也觉得没必要？"), ("comment", "太臃肿了。"),
    ]


def test_heading_lines_apply_only_to_pages_read_as_html():
    text = "首页\n正文。\n支付宝做社交？用户为何不买账"
    page = clean(argmine.Document("d", text, meta={"format": "html", "heading_lines": [2]}))
    assert [b.kind for b in page.blocks] == ["title", "body", "title"]
    for doc in (argmine.Document("d", text), argmine.Document("d", text, meta={"heading_lines": [2]}),
                argmine.Document("d", text, meta={"format": "html", "heading_lines": [2]}, row=1)):  # a table row
        assert [b.kind for b in clean(doc).blocks] == ["title", "body", "body"]


PAGE_FURNITURE = [  # QA round 6: Tieba, Douban, HK forum, NetEase and WeChat lines, each dropped whole
    ("（12赞）", "vote_counters"),
    ("(8赞)", "vote_counters"),
    ("讚好 (15)", "vote_counters"),
    ("回覆 引用 讚好 (15)", "vote_counters"),
    ("赞赏", "page_buttons"),
    ("写留言", "page_buttons"),
    ("回应", "page_buttons"),
    ("我也说一句", "page_buttons"),
    ("只看楼主 收藏 回复", "page_buttons"),
    ("1楼 2016-11-28 21:03 回复", "post_time"),
    ("關注：1,203,456 貼子：8,765,432", "thread_counters"),
    ("该楼层疑似违规已被系统折叠 隐藏此楼查看此楼", "folded_post"),
    ("还有2条回复，点击查看", "more_comments"),
    ("回复贴，请先 登录 | 注册", "login_prompt"),
    ("樓主 | 阿Sam仔", "floor_number"),
    ("2# | 金魚佬", "floor_number"),
    ("本文来源：网易科技报道 责任编辑：王晓明_NT5471", "byline"),
    ("来自: 一只不想加班的喵 2016-11-29 09:12:44", "post_meta"),
    ("小鹿乱撞 2016-11-29 09:20:11", "post_meta"),
    ("网易首页 | 新闻 | 体育 | NBA | 娱乐 | 财经 | 科技", "breadcrumb"),
    ("关于豆瓣 · 在豆瓣工作 · 联系我们 · 免责声明 · 帮助中心", "breadcrumb"),
    ("原创 2016-11-30 老王说互联网 老王说互联网", "byline_names"),
    ("原创 老王 老王说互联网 2016-11-30", "byline_names"),
    ("微信号 laowang_it", "wechat_profile"),
    ("微信号 laowang_it 功能介绍 一个老产品经理的碎碎念，每周更新。", "wechat_profile"),
    ("点击上方蓝字关注我们", "follow_prompt"),
    ("长按二维码关注我们", "follow_prompt"),
    ("识别二维码", "follow_prompt"),
    ("-END-", "end_marker"),
    ("往期推荐", "related_links"),
    ("推荐阅读\uff1a", "related_links"),
    # QA round 7: nav bars of a site's own links or of a portal's channels, Tieba's 楼主 name, Douban's app line and links
    ("关于我们 | 联系我们 | 帮助中心 | 网站地图", "breadcrumb"),
    ("首页 | 新闻 | 体育 | 娱乐", "breadcrumb"),
    ("新闻 | 体育 | 娱乐 | 财经 | 科技", "breadcrumb"),
    ("登录 · 注册 · 移动应用 · 豆瓣读书", "breadcrumb"),
    ("楼主 冷风吹过的夏天 2016-11-28 21:03", "floor_number"),  # QA round 8: a Han name only with its floor or time
    ("樓主 阿Sam仔", "floor_number"),
    ("来自 豆瓣App", "post_time"),
    ("来自豆瓣App", "post_time"),
    ("> 我来回应", "page_buttons"),
    ("> 去小组里看看", "page_buttons"),
]


def test_lines_that_look_like_forum_portal_or_wechat_furniture_are_kept():
    kept = [
        "原创功能在支付宝里根本没人用",
        "原创的东西才值钱，支付宝圈子都是抄的",
        "原创 2016-11-30 支付宝做社交就是错的",
        "我也说一句：支付宝别做社交了",
        "我也说一句，隐私最重要",
        "来自: 支付宝的推送让我很烦",
        "来自：一个被支付宝伤透心的用户",
        "来自: 一只不想加班的喵 说得对",
        "回应楼上：隐私才是关键",
        "回应一下楼上，支付宝根本不在乎",
        "赞赏功能才是支付宝该做的",
        "写留言的人都反对支付宝做社交",
        "最赞回应里全是骂支付宝的",
        "新闻 | 支付宝又出事了？",
        "隐私 | 便利",
        "支付宝 | 微信 | 哪个更安全？",
        "我选社交 | 你选隐私 | 他选便利 | 都不对",
        "网易首页 | 新闻 | 体育 | 我觉得支付宝做社交是错的",
        "12赞是不是太少了",
        "（12赞）这种数字有人刷吗",
        "(12赞同)",
        "讚好呢個功能都冇人用",
        "讚好！支付寶做社交冇問題",
        "回覆樓上：私隱最重要",
        "引用一下楼主的话，社交没错",
        "楼主 | 说得太对了，支付宝就该专心做支付",
        "楼主 | 我觉得你说得对",
        "2# | 我同意楼上，隐私第一",
        "1楼 说得好",
        "1楼 2016-11-28 21:03 回复 我也觉得支付宝不该做社交",
        "关注：支付宝的隐私问题",
        "关注: 1203 支付宝还有人用吗",
        "该楼层的观点我不同意",
        "还有2条回复没看，但是我觉得支付宝错了",
        "还有人在用支付宝吗？点击查看",
        "只看楼主有什么用，大家都在骂支付宝",
        "回复贴请先登录这种设计太烦了",
        "本文来源不可靠，责任编辑也不负责",
        "本文来源：网易科技报道，我觉得这篇文章写得很偏颇",
        "支付宝又出事了 2016-11-29",
        "支付宝做社交是错的 2016-11-29 09:12:44",
        "我在 2016-11-29 09:12 被支付宝推送烦死了",
        "微信号被封了怎么办",
        "微信号 被盗了，支付宝也危险",
        "功能介绍里说圈子只对女生开放",
        "点击上方的链接就能看到支付宝的回应",
        "点击上方蓝字关注我们这种套路我看烦了",
        "二维码支付比刷卡方便多了",
        "长按二维码就能转账，社交有什么用",
        "长按二维码关注支付宝？我早就取关了",
        "识别二维码的时候要小心诈骗",
        "END",
        "完",
        "-END- 之后还有一句：支付宝别作了",
        "往期推荐的文章都在骂支付宝",
        # QA round 7: a reader's list of words is no nav bar; a reader's words after 楼主; 功能介绍 without a 微信号 line
        "隐私 | 安全 | 便利 | 社交",
        "隐私 · 安全 · 便利 · 社交",
        "科技 | 金融 | 社交 | 隐私",
        "效率 | 成本 | 体验 | 信任 | 口碑 | 隐私",
        "新闻 | 体育 | 娱乐 | 支付宝又出事了",
        "楼主 说得对",
        "楼主 你好",
        "楼主 加油",
        "楼主 支持你",
        "楼主 是托吧",
        "楼主 太天真",
        "楼主 好样的",
        # QA round 8: a Han name alone after 楼主 cannot be told from a reader's verdict (楼主 一针见血), so both are kept
        "楼主 冷风吹过的夏天",
        "来自豆瓣App的推送太烦了",
        "来自 豆瓣App 推送的广告太多了",
        "来自 一个老用户",
        "我来回应一下楼上：隐私最重要",
        "> 我来回应楼上的观点",
        "功能介绍 这个功能根本没人用",
        "功能介绍 写得再好，支付宝也不该做社交",
    ]
    blocks, dropped = kinds("\n".join(["正文。"] + kept))
    assert dropped == []
    assert [t for _, t in blocks] == ["正文。"] + kept


def test_douban_top_replies_heading_starts_the_comments():
    blocks, dropped = kinds("支付宝的圈子让我想卸载了\n正文。\n最赞回应\n小鹿乱撞 2016-11-29 09:20:11\n已经卸载了。\n（12赞）\n回应")
    assert blocks == [("title", "支付宝的圈子让我想卸载了"), ("body", "正文。"), ("comment", "已经卸载了。")]
    assert [r for r, _ in dropped] == ["comments_heading", "post_meta", "vote_counters", "page_buttons"]


def test_prefilter_finds_the_forum_portal_and_wechat_rules():
    # each line is dropped by the first rule that matches it, as if every rule were tried
    from argmine.clean import _needed

    assert all(_needed(r.pattern) is not None for r in load_rules() if r.id in {rule for _, rule in PAGE_FURNITURE})
    # a nav bar needs a | or a ·: the rule is not tried on every line that holds 关于 or 新闻
    breadcrumb = next(r for r in load_rules() if r.id == "breadcrumb")
    assert {("|", False), ("\u00b7", False)} <= _needed(breadcrumb.pattern) and ("新闻", False) not in _needed(breadcrumb.pattern)
    for line, rule in PAGE_FURNITURE:
        assert_prefilter_picks(line, rule)


BBS_FURNITURE = [  # 水木社区 (newsmth) and PTT lines, in Traditional where PTT writes them
    ("发信人: oldfish (老鱼), 信区: Apple", "bbs_header"),
    ("发信站: 水木社区 (Tue Nov 29 11:02:33 2016), 站内", "bbs_header"),
    ("作者  kevin0912 (凱文)                                      看板  MobilePay", "bbs_header"),
    ("時間  Tue Nov 29 22:14:05 2016", "bbs_header"),
    ("标  题: Re: 支付宝圈子事件，大家怎么看", "bbs_reply_subject"),
    ("標題  Re: [討論] 支付寶的「圈子」風波", "bbs_reply_subject"),
    ("【 在 oldfish (老鱼) 的大作中提到: 】", "bbs_quote"),
    ("※ 引述《kevin0912 (凱文)》之銘言：", "bbs_quote"),
    ("※ 来源:·水木社区 http://www.newsmth.net·[FROM: 114.242.*.*]", "bbs_origin"),
    ("※ 修改:·oldfish 于 Nov 29 11:05:33 2016 修改本文·[FROM: 114.242.*.*]", "bbs_origin"),
    ("※ 發信站: 批踢踢實業坊(ptt.cc), 來自: 1.160.22.33", "ptt_origin"),
    ("※ 文章網址: https://www.ptt.cc/bbs/MobilePay/M.1480428845.A.3F2.html", "ptt_origin"),
    ("※ 編輯: kevin0912 (1.160.22.33 臺灣), 11/29/2016 22:30:11", "ptt_origin"),
    ("--", "signature_separator"),
]


@pytest.mark.parametrize("line, rule", BBS_FURNITURE)
def test_bbs_headers_quotes_and_origin_lines_are_dropped_with_their_rule(line, rule):
    assert_dropped_alone(line, rule)
    assert_prefilter_picks(line)


@pytest.mark.parametrize(
    "line",
    [
        "作者说得对，支付宝不该做社交", "推荐大家关掉支付宝的圈子功能", "时间会证明支付宝做社交是错的",
        "标题党，支付宝根本没这么说", "标题起得太夸张了", "标题：支付宝做社交是作死", "标题: 支付宝做社交是作死",
        "发信人说的没错，隐私最重要", "发信人: 我自己，我觉得支付宝不该做社交", "发信站的说法我不认同",
        "作者 nb", "作者 Tim Cook 说过隐私是人权", "作者kevin说支付宝不该做社交", "作者 kevin0912 的观点我赞同",
        "推 一下这个帖子，说得太对了", "推 iPhone 的人都不用支付宝", "→ 结论: 支付宝不该做社交", "→ Step1: 打开支付宝关掉圈子",
        "噓声一片，支付宝这次做错了", "嘘，别让支付宝听见", "→ 所以支付宝不该做社交", "→ mrcat 说得对，隐私最重要",
        "推 mrcat 的说法，支付宝不该做社交", "※ 注意：支付宝的圈子功能默认开启", "※ 来源：我自己的亲身经历",
        "※ 编辑：以上内容仅代表作者观点", "水木社区的人都反对支付宝做社交", "在 oldfish 的大作中提到的观点我不同意",
        "支付宝的大作中提到的隐私条款有问题", "【 在我看来 】支付宝做社交是错的", "看板 上的人都在骂支付宝",
        "时间 就是金钱，支付宝别浪费我的时间", "11/29 22:20 之后我就卸载了支付宝", "我 11/29 卸载了支付宝",
        "个资外泄才是最大的问题 11/29", "Re: 支付宝做社交的问题，我来回答", "Re: Re: 支付宝还是专心做支付吧",
        "：这句话我不同意", "引用：支付宝的隐私政策第三条写得很清楚", "引述《人民日报》的话：隐私是底线",
        "-- 支付宝做社交就是个笑话", "——支付宝做社交就是个笑话", "文章网址我就不贴了，自己去搜",
        "批踢踢实业坊的乡民都在骂支付宝", "站内信里有人骂我支持支付宝", "信区: Apple 里没人支持支付宝",
        "標題黨，支付寶根本沒這麼說", "推薦大家關掉支付寶的圈子功能", "時間會證明支付寶做社交是錯的", "作者說得對，支付寶不該做社交",
        # QA round 7: a ": " line on no BBS page, a time at the end of a line that is no PTT push
        ": 我觉得支付宝做社交没错", ": : 这是我自己的排版", "会议改到 11/29 20:00", "下次见面 12/01 09:30",
        "服务器 1.160.22.33 11/29 22:31", "推 mrcat: 说得对，支付宝不该做社交",
    ],
)
def test_argumentative_lines_that_look_like_bbs_furniture_are_kept(line):
    blocks, dropped = kinds("正文。\n" + line)
    assert dropped == [] and blocks[-1][1] == line


def test_newsmth_reply_drops_its_header_and_quote_and_keeps_its_own_text():
    text = ("发信人: oldfish (老鱼), 信区: Apple\n标  题: 支付宝圈子事件，大家怎么看\n发信站: 水木社区 (Tue Nov 29 11:02:33 2016), 站内\n\n"
            "作为金融工具，隐私最重要。\n\n--\n※ 来源:·水木社区 http://www.newsmth.net·[FROM: 114.242.*.*]\n\n"
            "发信人: xiaoma (小马), 信区: Apple\n标  题: Re: 支付宝圈子事件，大家怎么看\n发信站: 水木社区 (Tue Nov 29 11:15:07 2016), 站内\n\n"
            "硬做社交只会伤害品牌。\n\n【 在 oldfish (老鱼) 的大作中提到: 】\n: 作为金融工具，隐私最重要。\n")
    blocks, dropped = kinds(text)
    assert blocks == [("title", "支付宝圈子事件，大家怎么看"), ("body", "作为金融工具，隐私最重要。"), ("body", "硬做社交只会伤害品牌。")]
    assert [r for r, _ in dropped] == ["bbs_header", "bbs_subject", "bbs_header", "signature_separator", "bbs_origin",
                                       "bbs_header", "bbs_reply_subject", "bbs_header", "bbs_quote", "bbs_quote_line"]


def test_ptt_pushes_are_comments_without_their_tag_id_or_time():
    text = ("作者  kevin0912 (凱文)  看板  MobilePay\n標題  [討論] 支付寶的「圈子」風波\n時間  Tue Nov 29 22:14:05 2016\n\n"
            "把付款工具變成交友軟體，根本是在自毀品牌。\n\n--\n※ 發信站: 批踢踢實業坊(ptt.cc), 來自: 1.160.22.33\n"
            "推 mrcat: 個資問題真的很可怕       11/29 22:20\n"
            "噓 xyz123: 這種新聞也能發一篇？                  11/29 22:25\n"
            "→ sunnyday: 1.160.22.33 也是台灣的IP  1.160.22.34 11/29 22:31\n"
            "推 foodie99:                                     11/29 22:40\n")
    blocks, dropped = kinds(text)
    assert blocks == [("title", "[討論] 支付寶的「圈子」風波"), ("body", "把付款工具變成交友軟體，根本是在自毀品牌。"),
                      ("comment", "個資問題真的很可怕"), ("comment", "這種新聞也能發一篇？"), ("comment", "1.160.22.33 也是台灣的IP")]
    assert [t for r, t in dropped if r == "ptt_push"][:2] == ["推 mrcat: ", "       11/29 22:20"]
    units = argmine.segment([argmine.Document("d", text)])
    assert [u.text for u in units if u.kind == "comment"] == ["個資問題真的很可怕", "這種新聞也能發一篇？", "1.160.22.33 也是台灣的IP"]


# QA round 14: a PTT post written without punctuation, its pushes, lines that end in a particle


PTT_HEADER = "作者  catlover (貓奴)  看板  Gossiping\r\n標題  [問卦] 支付寶搞圈子是不是瘋了\r\n時間  Tue Nov 29 23:01:12 2016\r\n\r\n"


def test_ptt_post_without_punctuation_is_body_under_its_title_and_its_pushes_are_comments():
    text = (PTT_HEADER + "支付寶最近推出圈子功能\r\n隱私什麼的都不顧了嗎\r\n還是阿里覺得大家都想在付款軟體上交友\r\n有沒有八卦\r\n\r\n--\r\n"
            "※ 發信站: 批踢踢實業坊(ptt.cc), 來自: 36.230.1.2\r\n"
            "推 ccc123: 錢包就是錢包 不要搞社交                          11/29 23:02\r\n"
            "噓 dog5566: 支付寶又不是臉書                                  11/29 23:03\r\n")
    blocks, dropped = kinds(text)
    assert blocks == [("title", "[問卦] 支付寶搞圈子是不是瘋了"), ("body", "支付寶最近推出圈子功能"), ("body", "隱私什麼的都不顧了嗎"),
                      ("body", "還是阿里覺得大家都想在付款軟體上交友"), ("body", "有沒有八卦"),
                      ("comment", "錢包就是錢包 不要搞社交"), ("comment", "支付寶又不是臉書")]
    assert [r for r, _ in dropped] == ["bbs_header", "bbs_subject", "bbs_header", "signature_separator", "ptt_origin"] + ["ptt_push"] * 4


def test_ptt_pushes_are_comments_under_a_post_without_body_and_without_their_time():
    # no body block before ※ 發信站 (comments_after_body starts nothing): the timed push itself starts the comments
    text = PTT_HEADER + "※ 發信站: 批踢踢實業坊(ptt.cc), 來自: 36.230.1.2\n推 ccc123: 個資外洩誰負責  11/29 23:02\n"
    assert kinds(text)[0] == [("title", "[問卦] 支付寶搞圈子是不是瘋了"), ("comment", "個資外洩誰負責")]
    # pushes copied without their time (an IP or a date may stay), under the article's ※ 發信站 line
    text = (PTT_HEADER + "隱私比方便重要。\n※ 發信站: 批踢踢實業坊(ptt.cc), 來自: 36.230.1.2\n"
            "推 ccc123: 個資外洩誰負責\n→ dog5566: 支付寶又不是臉書 36.230.1.2\n噓 XDDD: 我覺得轉帳很方便 11/29\n")
    blocks, dropped = kinds(text)
    assert blocks[1:] == [("body", "隱私比方便重要。"), ("comment", "個資外洩誰負責"), ("comment", "支付寶又不是臉書"), ("comment", "我覺得轉帳很方便")]
    assert [t for r, t in dropped if r == "ptt_push_untimed"] == ["推 ccc123: ", "→ dog5566: ", " 36.230.1.2", "噓 XDDD: ", " 11/29"]
    # elsewhere such a line is text (test_argumentative_lines_that_look_like_bbs_furniture_are_kept)
    blocks, dropped = kinds("正文。\n推 mrcat: 說得對，支付寶不該做社交\n")
    assert dropped == [] and blocks[-1][1] == "推 mrcat: 說得對，支付寶不該做社交"


# QA round 15: a heading stands over longer body text; pushes only under a PTT article; Q&A lines


LONG = "隱私比方便重要，把消費紀錄給陌生人看是不對的。"  # body text longer than the lines over it


def test_a_heading_stands_over_longer_body_text_that_starts_with_a_sentence():
    # a subtitle, a byline and a source under the headline, over the article, are titles (a news page's head)
    text = ("支付宝“圈子”惹争议\n部分圈子仅限女性发布动态 男性只能打赏评论\n新京报记者 张三 李四\n来源：新京报\n"
            "11月26日，支付宝推出的“圈子”功能引发网友热议。\n蚂蚁金服方面表示，已经关闭相关圈子，并将进行整改。\n"
            "专家观点\n多位互联网分析人士认为，支付宝做社交的尝试并不新鲜。\n")
    assert [k for k, _ in kinds(text)[0]] == ["title"] * 4 + ["body"] * 2 + ["title", "body"]
    # a short post without punctuation: its first line (the headline) is its title, the rest body; the last line
    # and a document's only line head nothing
    for text, expected in [("支付宝搞社交\n我真的服了\n赶紧卸载\n", ["title", "body", "body"]),
                           ("支付宝圈子真的很无语\n女生发照片男生打赏，这是什么操作？\n反正我已经把圈子关了\n", ["title", "body", "body"]),
                           ("赶紧卸载\n", ["body"])]:
        assert [k for k, _ in kinds(text)[0]] == expected
    # lines without 。 between sentences, longer than the text under them, are sentences (mixed_post)
    text = ("支付宝最近推出了圈子功能\n只有女生可以发动态，男生只能点赞打赏。\n我觉得这根本就是附近的有钱人2.0\n隐私什么的都不顾了？\n"
            "还是阿里觉得大家都想在付款软件上交友\n真的看不懂。\n")
    assert [k for k, _ in kinds(text)[0]] == ["title"] + ["body"] * 5
    # after body text a heading is one line: lines in a row there are a post without punctuation
    assert [k for k, _ in kinds("支付寶搞圈子\n隱私。\n只有女生可以發動態\n男生只能按讚打賞\n" + LONG)[0]] == ["title"] + ["body"] * 4
    assert [k for k, _ in kinds("支付寶搞圈子\n隱私。\n結論\n" + LONG)[0]] == ["title", "body", "title", "body"]
    # hard-wrapped text: a line over a line that goes on without a sentence end is no heading
    text = ("【水木社区】支付宝做社交，大家怎么看\n支付宝这次推出的圈子功能，我个人觉得是一个非常失败的\n"
            "尝试。首先，用户打开支付宝的目的是付钱、转账，而不是\n看别人的生活照片。\n")
    assert [k for k, _ in kinds(text)[0]] == ["title"] + ["body"] * 3


def test_a_heading_over_prose_ending_in_an_emoji_or_a_colon_and_a_numbered_heading_are_titles():
    # QA round 16: the text under a heading is prose whatever its first block ends in; 三、总结 heads unpunctuated lines
    text = ("支付宝圈子体验\n先说结论：不推荐。\n界面设计\n入口藏在朋友页里，很难找😂\n隐私设置\n步骤如下：\n打开设置，再点隐私。\n"
            "三、总结\n钱包就该是钱包\n不要什么都想做\n四、写在最后\n以上只是个人观点，欢迎讨论~\n")
    assert [k for k, _ in kinds(text)[0]] == ["title", "body", "title", "body", "title", "body", "body", "title", "body", "body", "title", "body"]


def test_a_comma_or_colon_inside_a_number_is_no_prose_but_ascii_punctuation_is():
    # round 26: 10:30 and 1,000 are numbers, not sentence punctuation; ASCII , : elsewhere count like ，：
    head = "支付宝做社交，我觉得没有必要。隐私才是底线。\n"
    tail = " 地点在杭州西湖区的支付宝大楼 参加的人有很多很多很多很多很多人"  # no punctuation of its own
    for under, kind in [("会议定在 10:30 开始", "body"), ("会议定在 10\uff1a30 开始", "body"), ("会议有 1,000 人参加", "body"),
                        ("Alipay, WeChat: 社交之争", "title"), ("Alipay\uff0cWeChat\uff1a社交之争", "title")]:
        assert kinds(head + "第一部分\n" + under + tail)[0][1] == (kind, "第一部分"), under
    # a heading with a clause comma over a line that goes on is hard-wrapped text; 1,000 is no clause comma
    under = "\n钱包就该是钱包，社交会稀释信任感，大家都这么说，我也这么觉得，支付宝就该专心做支付"
    assert kinds(head + "支付宝用户破1,000万" + under)[0][1] == ("title", "支付宝用户破1,000万")
    assert kinds(head + "支付宝用户破一千万, 微信呢" + under)[0][1] == ("body", "支付宝用户破一千万, 微信呢")


def test_short_ptt_post_without_punctuation_is_body_under_its_subject():
    text = (PTT_HEADER + "支付寶最近推出圈子功能\n隱私什麼的都不顧了\n\n--\n※ 發信站: 批踢踢實業坊(ptt.cc), 來自: 36.230.1.2\n"
            "推 ccc123: 錢包就是錢包 不要搞社交                    11/29 23:02\n")
    assert kinds(text)[0] == [("title", "[問卦] 支付寶搞圈子是不是瘋了"), ("body", "支付寶最近推出圈子功能"), ("body", "隱私什麼的都不顧了"),
                              ("comment", "錢包就是錢包 不要搞社交")]


def test_push_shaped_lines_outside_a_ptt_article_are_kept_whole_and_start_no_comments():
    note = "→ PS: 红包雨截止 11/11 23:59"
    for head in ("支付宝双十一攻略\n今年的活动规则比较复杂，我整理了一下。\n", PTT_HEADER + "今年的活动规则比较复杂，我整理了一下。\n"):
        blocks, dropped = kinds(head + note + "\n圈子功能今年还在，但我觉得没什么用。\n")
        assert blocks[-2:] == [("body", note), ("body", "圈子功能今年还在，但我觉得没什么用。")]
        assert [r for r, _ in dropped if r.startswith("ptt_push")] == []
    schedule = "→ Step1: 预售开始 10/20 20:00\n→ Step2: 付尾款 11/01 00:00\n→ Step3: 正式开抢 11/11 00:00\n"
    blocks, dropped = kinds("双十一活动安排\n今年有几个重要时间点，大家记好。\n" + schedule + "活动期间，转账和红包功能照常使用。\n")
    assert dropped == [] and blocks[2:] == [("body", line) for line in schedule.split("\n")[:3]] + [("body", "活动期间，转账和红包功能照常使用。")]


def test_qa_lines_are_speech_whatever_their_last_character():
    text = ("支付宝圈子常见问题\n问：圈子是什么\n答：圈子是支付宝推出的社交功能，用户可以在圈子里发布动态。\n问：我的隐私安全吗\n"
            "答：支付宝表示会保护用户隐私，请放心。\nQ1: 男生能发动态\nA1: 不能，男生只能点赞和打赏评论。\n")
    assert [k for k, _ in kinds(text)[0]] == ["title"] + ["body"] * 6


@pytest.mark.parametrize("line", ["咁你又唔係唔知，佢哋一向都係咁㗎啦，見怪不怪囉", "樓主講得啱囉～支付寶搞埋啲咁嘅嘢真係冇眼睇",
                                  "不会吧", "支付宝该做社交吗", "說好的隱私呢"])
def test_a_line_ending_in_a_sentence_particle_is_speech_not_a_heading(line):
    assert kinds("正文。\n" + line + "\n" + LONG)[0][1] == ("body", line)
    assert kinds(line + "\n正文。")[0][0] == ("title", line)  # the first line, a headline, may end so


@pytest.mark.parametrize("line", ["我常去的网吧", "支付宝贴吧", "好问题", "圈子的問題\ufe30"])
def test_particle_like_endings_that_are_no_particle_and_colons(line):
    kind = "body" if line.endswith("\ufe30") else "title"  # ︰ (Big5's colon) continues, as ： does
    assert kinds("正文。\n" + line + "\n" + LONG)[0][1] == (kind, line)


# QA round 7: rules that read the lines before (after, right_after), a text file's title line, a span's kept group


def test_bbs_quote_lines_are_dropped_only_on_a_bbs_page():
    quote = ": 作为一个金融工具，我最在意的是资金安全和个人隐私。\n: : 本来以为支付宝做社交只是加个聊天功能。"
    for page in ("发信人: oldfish (老鱼), 信区: Apple\n标  题: 支付宝圈子\n\n正文。\n", "正文。\n【 在 oldfish (老鱼) 的大作中提到: 】\n",
                 "標題  Re: [討論] 支付寶\n正文。\n"):
        blocks, dropped = kinds(page + quote)
        assert [t for r, t in dropped if r == "bbs_quote_line"] == quote.split("\n") and blocks[-1][1] == "正文。"
    blocks, dropped = kinds("正文。\n" + quote)  # no BBS header or quote header before: a text that starts lines so
    assert dropped == [] and [t for _, t in blocks] == ["正文。", *quote.split("\n")]
    assert_prefilter_picks(quote.split("\n")[1], "bbs_quote_line", seen={"bbs_quote"})


def test_wechat_intro_is_dropped_only_right_under_its_wechat_id():
    card = "老王说互联网\n微信号 laowang_it\n功能介绍 一个老产品经理的碎碎念，每周更新。\n正文。"
    blocks, dropped = kinds(card)
    assert dropped == [("wechat_profile", "微信号 laowang_it"), ("wechat_intro", "功能介绍 一个老产品经理的碎碎念，每周更新。")]
    assert [t for _, t in blocks] == ["老王说互联网", "正文。"]
    for text in ("微信号 laowang_it\n\n功能介绍 一个老产品经理的碎碎念", "微信号 laowang_it\n正文。\n功能介绍 一个老产品经理的碎碎念"):
        assert kinds(text)[1] == [("wechat_profile", "微信号 laowang_it")]
    assert_prefilter_picks("功能介绍 一个老产品经理的碎碎念", "wechat_intro", previous="wechat_profile")


def test_headlines_under_a_related_articles_heading_are_dropped_up_to_a_blank_line_or_a_sentence():
    text = ("支付宝做社交\n正文。\n往期推荐\n《微信为什么不做陌生人社交？》\n1. 从来往到钉钉，阿里的社交梦\n长按二维码关注我们\n"
            "推荐阅读：\n支付宝的社交困局……\n\n支付宝做社交注定失败\n相关阅读\n支付宝的社交梦\n我觉得这几篇都写得不好，支付宝做社交是错的。\n"
            "短句也留着\n相关文章\n" + "一个很长的段落没有句号" * 5)
    blocks, dropped = kinds(text)
    assert [t for r, t in dropped if r == "related_item"] == [
        "《微信为什么不做陌生人社交？》", "1. 从来往到钉钉，阿里的社交梦", "支付宝的社交困局……", "支付宝的社交梦"]
    assert [t for _, t in blocks] == ["支付宝做社交", "正文。", "支付宝做社交注定失败", "我觉得这几篇都写得不好，支付宝做社交是错的。",
                                      "短句也留着", "一个很长的段落没有句号" * 5]
    assert_prefilter_picks("支付宝的社交梦", "related_item", previous="related_links")


def test_text_file_first_line_loses_its_site_suffix_and_keeps_its_title():
    for line, suffix in [
        ("支付宝为什么要做社交？_支付宝吧_百度贴吧", "_支付宝吧_百度贴吧"),
        ("支付宝的社交困局 - 知乎", " - 知乎"),
        ("支付宝做社交_新浪科技_新浪网", "_新浪科技_新浪网"),
        ("支付宝圈子风波 — 澎湃新闻", " — 澎湃新闻"),
        ("支付宝圈子风波 - 申江日报", " - 申江日报"),
    ]:
        text = f"\n{line}\n正文。\n{line}二"  # the first line that is not blank; a later line keeps its suffix
        blocks, dropped = kinds(text)
        assert dropped == [("text_title_suffix", suffix)], line
        assert [b for _, b in blocks] == [line[: -len(suffix)], "正文。", line + "二"] and blocks[0][0] == "title"
        units = argmine.segment([argmine.Document("d", text)])
        assert units[0].text == line[: -len(suffix)] and all(text[u.start : u.end] == u.text for u in units)
        row = clean(argmine.Document("d", line, row=1))  # a table's row has no title line
        assert row.dropped == ()


def test_bbs_signature_lines_between_separator_and_origin_are_dropped():
    post = ("发信人: oldfish (老鱼), 信区: Apple\n标  题: 支付宝圈子\n\n隐私最重要。\n\n--\n人生如梦，一尊还酹江月\nhttp://weibo.com/oldfish\n"
            "※ 来源:·水木社区 http://www.newsmth.net·[FROM: 114.242.*.*]\n\n后面的正文。\n")
    blocks, dropped = kinds(post)
    assert [t for r, t in dropped if r == "bbs_signature"] == ["人生如梦，一尊还酹江月", "http://weibo.com/oldfish"]
    assert [t for _, t in blocks] == ["支付宝圈子", "隐私最重要。", "后面的正文。"]
    blocks, dropped = kinds("隐私最重要。\n--\n张三\n某某公司 产品经理\n")  # an e-mail's signature: no BBS header
    assert dropped == [("signature_separator", "--")] and [t for _, t in blocks] == ["隐私最重要。", "张三", "某某公司 产品经理"]


def test_a_span_rule_keeps_what_its_keep_group_matches():
    rules = load_rules_from("[[rules]]\nid = \"tag\"\nscope = \"span\"\npattern = '<b>(?P<keep>[^<]*)</b>'\nreason = \"r\"\n")
    text = "甲<b>隐私很重要</b>乙<b></b>"
    c = clean(argmine.Document("d", text), rules)
    assert [(d.rule, d.text) for d in c.dropped] == [("tag", "<b>"), ("tag", "</b>"), ("tag", "<b></b>")]  # nothing to keep: one span
    assert [text[b.start : b.end] for b in c.blocks] == ["甲", "隐私很重要", "乙"]


@pytest.mark.parametrize(
    "extra, message",
    [
        ('after = "bbs"\n', r"rules\[1\]: after must be a list of rule ids if given, found 'bbs'"),
        ("right_after = []\n", r"rules\[1\]: right_after must be a list of rule ids if given, found \[\]"),
        ('after = ["sig", "bbs"]\n', r"rules\[1\]: after names no rule of this file: 'bbs'"),
    ],
)
def test_after_and_right_after_must_name_rules_of_the_file(tmp_path, extra, message):
    p = tmp_path / "r.toml"
    p.write_text("[[rules]]\nid = \"sig\"\nscope = \"line\"\npattern = '--'\nreason = \"r\"\n"
                 f"[[rules]]\nid = \"x\"\nscope = \"line\"\npattern = '.+'\nreason = \"r\"\n{extra}", encoding="utf-8")
    with pytest.raises(SchemaError, match=message):
        load_rules(p)


# QA round 8: rules of round 7 that dropped argumentative text

VERDICTS = ["楼主 言之有理", "楼主 逻辑混乱", "楼主 双标", "楼主 一针见血", "楼主 纯属胡扯", "楼主 五毛", "楼主 洗地辛苦",
            "樓主 高見", "楼主 | 一派胡言", "樓主 | 邏輯混亂", "楼主 yyds", "楼主 666", "沙发 | 说得好", "2# | 我同意楼上"]


def test_verdicts_on_the_original_poster_are_kept_even_on_a_tieba_page():
    tieba = "關注：1,203,456 貼子：8,765,432\n【讨论】支付宝该不该做社交\n楼主 laowang_it\n支付宝推出圈子，大家怎么看？\n1楼 2016-11-28 21:03 回复\n"
    for page in ("正文。\n", tieba):
        blocks, dropped = kinds(page + "\n".join(VERDICTS))
        assert [t for _, t in blocks][-len(VERDICTS):] == VERDICTS
        assert all(t not in VERDICTS for _, t in dropped)
    blocks, dropped = kinds(tieba)
    assert ("floor_number", "楼主 laowang_it") in dropped


def test_a_verdict_on_the_original_poster_is_never_a_title():
    blocks, _ = kinds("支付宝做社交\n正文写了一段。\n楼主 言之有理\n我同意楼主的观点，隐私太重要了。\n楼上说得对\n钱包就是钱包，别搞那么多花样。")
    assert [k for k, t in blocks if t in ("楼主 言之有理", "楼上说得对")] == ["body", "body"]


@pytest.mark.parametrize("line, kind", [
    # QA round 21: 楼上 (upstairs) and 楼主的… as nouns head the text under them
    ("楼上漏水谁负责", "title"), ("楼主的三个诉求", "title"), ("楼上邻居太吵怎么办", "title"),
    ("楼主，言之有理", "body"), ("LZ正解", "body"), ("楼上+1", "body"), ("層主說得對", "body"), ("楼主：双标", "body"),
])
def test_a_heading_may_open_with_louzhu_or_loushang_as_a_noun(line, kind):
    blocks, _ = kinds(f"小区生活\n正文写了一段。\n{line}\n我家楼上每天晚上漏水，物业也不管。")
    assert dict((t, k) for k, t in blocks)[line] == kind


def test_forum_floors_after_the_first_post_start_the_comments():
    thread = "【讨论】支付宝做社交\n楼主 laowang_it\n支付宝做社交我是反对的。\n沙发\n我同意楼主的观点。\n板凳\n隐私太重要了。\n"
    blocks, _ = kinds(thread)
    assert blocks == [("title", "【讨论】支付宝做社交"), ("body", "支付宝做社交我是反对的。"),
                      ("comment", "我同意楼主的观点。"), ("comment", "隐私太重要了。")]  # the floor over the first post starts none


@pytest.mark.parametrize("thread", [
    # QA round 21: a forum name, a label or an author line kept as body above the original poster's floor
    "支付宝吧\n支付宝做社交大家怎么看\n楼主\n支付宝做社交我是反对的。\n沙发\n我同意楼主的观点。\n",
    "标题：支付宝做社交大家怎么看\n作者：laowang\n楼主\n支付宝做社交我是反对的。\n2楼\n我同意楼主的观点。\n",
    "支付宝做社交，大家怎么看？我觉得这事不靠谱。\n楼主 laowang_it\n支付宝做社交我是反对的。\n沙发\n我同意楼主的观点。\n",
    "幸福里社区论坛 › 业主交流\n楼主\n支付宝做社交我是反对的。\n1#\n补充一句，钱包就是钱包。\n2#\n我同意楼主的观点。\n",
    "业主交流：电梯\n版主 老王\n沙发\n支付宝做社交我是反对的。\n板凳\n我同意楼主的观点。\n",  # the first floor line, whatever it names
])
def test_the_floor_over_the_first_post_starts_no_comments_under_text_kept_as_body(thread):
    blocks, _ = kinds(thread)
    assert {t: k for k, t in blocks if t[-1] == "。"} == {
        t: "comment" if t == "我同意楼主的观点。" else "body" for _, t in blocks if t[-1] == "。"}


@pytest.mark.parametrize("line", ["楼主 laowang_it", "楼主 | 老李头2012", "楼主 冷风吹过的夏天 1楼", "樓主 冷風吹過的夏天 11-28 21:03",
                                  "楼主 冷风吹过的夏天 3小时前",
                                  "楼主:张三 2024-01-02 10:00", "樓主\uff1a張三 2024-01-02", "楼主 \uff1a张三 01-02 10:00",  # after a colon with a date
                                  "楼主\uff1a冷风吹过的夏天 2024-01-02 10:00", "楼主\uff1alaowang_it 2024-01-02", "沙发\uff1a用户73829102 01-02 10:00"])
def test_floor_with_a_user_name_or_with_its_floor_or_time_is_dropped(line):
    assert_dropped_alone(line, "floor_number")
    assert_prefilter_picks(line, "floor_number")


@pytest.mark.parametrize("line", ["楼主 张三 发表于 2024-01-02", "楼主\uff1a张三 发表于 2024-01-02", "2# | 张三 发表于 2024-01-02 10:30",
                                  "3楼 gaoxiaoyu 发表于 2024-4-18 20:31"])
def test_a_floor_s_author_and_date_line_is_dropped_not_kept_as_a_title(line):
    blocks, dropped = kinds(line + "\n支付宝做社交，我觉得没有必要。隐私才是底线。")
    assert dropped == [("post_meta", line)]
    assert blocks == [("body", "支付宝做社交，我觉得没有必要。隐私才是底线。")]
    assert_prefilter_picks(line, "post_meta")


def test_a_reader_s_words_after_a_floor_and_a_colon_are_kept():
    kept = ["楼主说得对，隐私才是底线。", "楼主\uff1a说得对 2024-01-02", "楼主\uff1a你说的不对", "楼主\uff1ayyds", "楼主 说得对 发表于 2024-01-02 的帖子"]
    blocks, dropped = kinds("\n".join(["正文。"] + kept))
    assert dropped == []
    assert [t for _, t in blocks] == ["正文。"] + kept


@pytest.mark.parametrize("line", ["楼主\uff1a支付宝做社交100%失败", "楼主\uff1a支付宝搞社交纯属PUA用户", "楼主\uff1aIMHO支付宝该专心做支付",
                                  "樓主\uff1a支付寶搞社交100%失敗", "楼主\uff1ahhh笑死", "楼主\uff1a996", "楼主\uff1aPUA", "楼主:P2P", "楼主\uff1a1024",
                                  "楼主\uff1aemmm", "楼主\uff1adddd", "楼主\uff1alaowang_it", "樓主\uff1a張三 1樓", "楼主\uff1a隐私 10:30",
                                  "楼主\uff1aPUA用户 2小时前", "沙发\uff1asofa123",
                                  # round 27 re-check: a scraped reply ends in its time; the "name" before it held any 16 characters
                                  "楼主\uff1a支付宝做社交100%失败 2024-01-02 10:00", "樓主\uff1a支付寶搞社交純屬PUA 2024-01-02 10:00",
                                  "楼主\uff1aPUA 2024-01-02 10:00", "楼主\uff1a996 01-02 10:00", "沙发\uff1a支付宝社交注定要凉凉啦 2024-01-02"])
def test_a_reader_s_reply_to_the_original_poster_after_a_colon_is_kept(line):
    # round 26 re-check: readers address the poster as 楼主：…; after a colon only a name with a date is an author line
    # (楼主：laowang_it alone cannot be told from 楼主：PUA, and losing a reader's words is worse than keeping a name)
    blocks, dropped = kinds("正文。\n" + line + "\n正文二。")
    assert dropped == []
    assert [t for _, t in blocks] == ["正文。", line, "正文二。"]


def link_page_kinds(tmp_path, body):
    """The kinds of the blocks of an HTML page read from a file, and its dropped spans: the reader records its link lines."""
    (tmp_path / "p.html").write_text(f"<html><body>{body}</body></html>", encoding="utf-8")
    c = clean(argmine.read([tmp_path / "p.html"])[0])
    return [(b.kind, c.document.text[b.start : b.end]) for b in c.blocks], [(d.rule, d.text) for d in c.dropped]


def test_html_related_list_holds_only_link_lines_and_ends_at_the_first_other_line(tmp_path):
    # an HTML page has no blank lines between its paragraphs: the list ends at the first line that is not a link's
    body = ("<h1>支付宝输在哪</h1><p>推荐阅读：</p><p><a href='/a'>支付宝回应圈子争议</a></p><p>▶ <a href='/b'>从来往到钉钉</a></p>"
            "<p>先说结论</p><p>支付宝输在了信任上</p><p><a href='/c'>用户把钱交给你</a></p><p>这一点无法辩解。</p>")
    blocks, dropped = link_page_kinds(tmp_path, body)
    assert [t for r, t in dropped if r == "related_item"] == ["支付宝回应圈子争议", "▶ 从来往到钉钉"]
    assert [t for _, t in blocks] == ["支付宝输在哪", "先说结论", "支付宝输在了信任上", "用户把钱交给你", "这一点无法辩解。"]
    # no link at all under the heading: nothing is a headline
    blocks, dropped = link_page_kinds(tmp_path, "<p>正文。</p><p><strong>往期推荐</strong></p><p>最后说一句</p><p>隐私才是底线</p>")
    assert [r for r, _ in dropped] == ["related_links"] and [t for _, t in blocks] == ["正文。", "最后说一句", "隐私才是底线"]
    # a Document that says it is HTML but lists no link lines: no line is a link's
    blocks, dropped = kinds("正文。\n往期推荐\n支付宝的社交梦", html=True)
    assert [r for r, _ in dropped] == ["related_links"]


def test_related_list_in_a_text_file_holds_at_most_ten_headlines():
    heads = [f"支付宝的社交梦之{n}" for n in range(12)]
    blocks, dropped = kinds("正文。\n往期推荐\n" + "\n".join(heads))
    assert [t for r, t in dropped if r == "related_item"] == heads[:10]
    assert [t for _, t in blocks] == ["正文。", *heads[10:]]


@pytest.mark.parametrize(
    "line",
    [
        "但是，这种交换真的公平吗？", "平台拿走了数据，用户得到了什么？", "支付宝凭什么做社交？", "微信为什么不做陌生人社交！",
        "我认为答案是否定的", "我觉得支付宝就不该碰社交", "在我看来支付宝错了", "其实用户根本不在乎", "所以支付宝输了",
        "因为信任比流量重要", "隐私才是底线", "社交會稀釋金融產品的信任感", "用戶隱私一旦洩露就無法挽回", "監管風險遠大於流量收益",
        "用户不是流量，平台应该尊重他们",
    ],
)
def test_a_question_or_an_opinion_under_a_related_heading_ends_the_list_and_is_kept(line):
    blocks, dropped = kinds(f"正文。\n相关文章\n支付宝的社交梦\n{line}\n隐私与便利")
    assert dropped == [("related_links", "相关文章"), ("related_item", "支付宝的社交梦")]
    assert [t for _, t in blocks] == ["正文。", line, "隐私与便利"]


@pytest.mark.parametrize(
    "line, suffix",
    [
        ("支付宝做社交 - 聯合新聞網", " - 聯合新聞網"),
        ("支付宝做社交 | PTT", " | PTT"),
        ("支付宝做社交 - www.sina.com.cn", " - www.sina.com.cn"),
        ("支付宝做社交_36氪", "_36氪"),
        ("支付宝做社交 - 哔哩哔哩", " - 哔哩哔哩"),
    ],
)
def test_title_suffix_is_a_known_site_or_a_domain(line, suffix):
    blocks, dropped = kinds(line + "\n正文。")
    assert dropped == [("text_title_suffix", suffix)] and blocks[0] == ("title", line[: -len(suffix)])
    blocks, dropped = page_kinds(line + "\n正文。")
    assert dropped == [("title_suffix", suffix)]


@pytest.mark.parametrize("line", ["支付宝强推圈子 - 自投罗网", "強推社交 — 惡有惡報", "隐私保护 - 形同一张破网", "我的结论_别再迷信微博",
                                  "数据泄露之后 - 天网恢恢", "支付宝做社交 - 终有回报", "强推社交_所谓福报"])
def test_title_ending_in_an_idiom_with_net_or_retribution_is_kept_whole(line):
    # a text file's first line, and an HTML page's <title> (no <h1>)
    assert kinds(line + "\n正文。") == ([("title", line), ("body", "正文。")], [])
    blocks, dropped = page_kinds(line + "\n正文。")
    assert dropped == [] and blocks[0] == ("title", line)


def test_a_readers_pipe_list_holding_site_words_is_no_nav_bar():
    kept = ["强制注册 | 反复登录 | 默认授权 | 无法注销", "隱私條款 | 強制登錄 | 默認授權 | 無法註銷", "关于隐私 | 关于安全 | 关于便利 | 关于信任",
            "侵犯隐私 | 涉嫌歧视 | 违背初心 | 关于监管", "隐私政策 | 用户协议 | 免责声明 | 全是套路", "注册帮助 · 登录指南 · 关于隐私 · 无法注销"]
    blocks, dropped = kinds("\n".join(["正文。"] + kept))
    assert dropped == [] and [t for _, t in blocks] == ["正文。"] + kept
    assert_dropped_alone("隐私政策 | 用户协议 | 联系我们 | 网站地图", "breadcrumb")
    assert_dropped_alone("腾讯首页 | 隐私 | 安全 | 便利", "breadcrumb")


def test_bbs_signature_holds_at_most_four_short_lines_and_ends_at_a_colon():
    head = "发信人: oldfish (老鱼), 信区: Joke\n标  题: 支付宝做社交\n\n我觉得支付宝做社交完全是昏招。\n--\n"
    blocks, dropped = kinds(head + "另外补充一点：\n隐私才是底线，不能拿用户数据换流量\n监管迟早会出手\n")
    assert [r for r, _ in dropped if r == "bbs_signature"] == []
    assert [t for _, t in blocks][-3:] == ["另外补充一点：", "隐私才是底线，不能拿用户数据换流量", "监管迟早会出手"]
    sig = ["人生如梦", "一尊还酹江月", "http://weibo.com/oldfish", "欢迎来玩"]
    long = "隐私才是底线，支付宝不能拿用户的数据去换流量，监管迟早会出手，用户也迟早会离开，到时候后悔就晚了。"
    assert len(long) > 40
    blocks, dropped = kinds(head + "\n".join(sig + ["第五行不是签名"]))
    assert [t for r, t in dropped if r == "bbs_signature"] == sig and blocks[-1][1] == "第五行不是签名"
    blocks, dropped = kinds(head + "人生如梦\n" + long + "\n监管迟早会出手")
    assert [t for r, t in dropped if r == "bbs_signature"] == ["人生如梦"] and [t for _, t in blocks][-2:] == [long, "监管迟早会出手"]


def test_comment_label_with_text_on_its_line_starts_no_comments():
    blocks, dropped = kinds("标题\n正文。\n评论：这种做法不妥\n第二段。")
    assert dropped == [] and "comment" not in [k for k, _ in blocks] and len(blocks) == 4
    blocks, dropped = kinds("标题\n正文。\n评论：\n第二段。")  # a bare label does (a known limit, docs/segment.md)
    assert dropped == [("comments_label", "评论：")] and blocks[-1] == ("comment", "第二段。")


@pytest.mark.parametrize(
    "extra, message",
    [
        ("link = 1\n", r"rules\[0\]: link must be true or false, found 1"),
        ("max_lines = 0\n", r"rules\[0\]: max_lines must be a whole number of at least 1 if given, found 0"),
        ("max_lines = true\n", r"rules\[0\]: max_lines must be a whole number of at least 1 if given, found True"),
        ('scope = "span"\nmax_lines = 2\n', r"rules\[0\]: max_lines applies to line rules only; this is a span rule"),
    ],
)
def test_link_and_max_lines_are_checked(tmp_path, extra, message):
    p = tmp_path / "r.toml"
    scope = "" if "scope" in extra else 'scope = "line"\n'
    p.write_text(f"[[rules]]\nid = \"x\"\n{scope}pattern = '.+'\nreason = \"r\"\n{extra}", encoding="utf-8")
    with pytest.raises(SchemaError, match=message):
        load_rules(p)


WEIBO_PREVIEW = "支付宝做社交就是自毁长城。钱包就该是钱包，隐私才是底线，更别说那些"
WEIBO_FULL = WEIBO_PREVIEW + "所谓的圈子，根本就是在利用女性用户引流。"


def test_hidden_full_text_of_a_cut_off_preview_is_kept_and_the_preview_dropped():
    text = f"老王说互联网\n{WEIBO_PREVIEW}…展开全文c\n<hidden> {WEIBO_FULL}收起全文d\n11月29日 10:00 来自 iPhone客户端"
    blocks, dropped = kinds(text, html=True)
    assert [t for _, t in blocks] == ["老王说互联网", WEIBO_FULL]
    full = text.index(WEIBO_FULL)
    assert dropped == [("duplicate", WEIBO_PREVIEW), ("expand_preview", "…展开全文c"), ("html_hidden", "<hidden>"),
                       ("collapse_full", "收起全文d"), ("post_time", "11月29日 10:00 来自 iPhone客户端")]
    reasons = {d.rule: d.reason for d in clean(argmine.Document("d", text, meta={"format": "html"})).dropped}
    assert reasons["duplicate"] == f"a cut-off preview of the block at offset {full}"
    # Douban: the preview is the last sentence of a line, the hidden full comment after it
    text = "支付宝做社交我坚决反对。隐私问题…(展开)\n<hidden> 隐私问题才是核心，用户信任最重要。"
    blocks, dropped = kinds(text, html=True)
    assert [t for _, t in blocks] == ["支付宝做社交我坚决反对。", "隐私问题才是核心，用户信任最重要。"]
    assert dropped == [("duplicate", "隐私问题"), ("expand_preview", "…(展开)"), ("html_hidden", "<hidden>")]


def test_every_line_of_a_hidden_full_text_is_kept():
    # Weibo: the hidden full text holds <br>s; its lines after the first go on with it
    second, third = "第二段：我已经把支付宝的圈子功能彻底关掉了。", "第三段：监管部门应该介入调查。"
    text = f"{WEIBO_PREVIEW}…展开全文c\n<hidden> {WEIBO_FULL}\n<hidden> {second}\n<hidden> {third}收起全文d\n11月29日 10:00 来自 iPhone客户端\n下一条微博。"
    blocks, dropped = kinds(text, html=True)
    assert [t for _, t in blocks] == [WEIBO_FULL, second, third, "下一条微博。"]
    assert dropped == [("duplicate", WEIBO_PREVIEW), ("expand_preview", "…展开全文c")] + [("html_hidden", "<hidden>")] * 3 + [
        ("collapse_full", "收起全文d"), ("post_time", "11月29日 10:00 来自 iPhone客户端")]
    # a preview of several lines: the hidden lines repeating the shown ones are dropped, the rest kept
    text = "说三点：\n第一，隐私才是底线。\n第二，所谓的圈子根本就是在利用女性用户…展开全文c\n<hidden> 说三点：\n<hidden> 第一，隐私才是底线。\n<hidden> 第二，所谓的圈子根本就是在利用女性用户引流。\n<hidden> 第三，监管部门应该介入调查。"
    blocks, dropped = kinds(text, html=True)
    assert [t for _, t in blocks] == ["说三点：", "第一，隐私才是底线。", "第二，所谓的圈子根本就是在利用女性用户引流。", "第三，监管部门应该介入调查。"]
    # Douban: the hidden <span> holds a <br>
    text = "支付宝做社交我坚决反对。隐私问题…(展开)\n<hidden> 隐私问题才是核心。\n<hidden> 用户的消费数据被拿来当社交谈资，这是对用户信任的背叛。\n我觉得还好。\n<hidden> 请先登录再查看全部评论内容。"
    blocks, dropped = kinds(text, html=True)
    assert [t for _, t in blocks] == ["支付宝做社交我坚决反对。", "隐私问题才是核心。", "用户的消费数据被拿来当社交谈资，这是对用户信任的背叛。", "我觉得还好。"]
    assert dropped[-1] == ("html_hidden", "<hidden> 请先登录再查看全部评论内容。")  # a later hidden block, after a shown line, is no full text


@pytest.mark.parametrize(
    "text",
    [
        f"{WEIBO_PREVIEW}…展开全文c\n<hidden> 用户登录",  # another hidden block after the preview
        f"{WEIBO_PREVIEW}\n<hidden> {WEIBO_FULL}",  # no 展开全文 link: the hidden block is no full text
        f"{WEIBO_PREVIEW}…展开全文c\n<hidden> {WEIBO_PREVIEW}",  # it does not go on
    ],
)
def test_hidden_blocks_that_do_not_continue_a_preview_stay_dropped(text):
    blocks, dropped = kinds(text, html=True)
    assert [t for _, t in blocks] == [WEIBO_PREVIEW]
    assert dropped[-1][0] == "html_hidden" and dropped[-1][1].startswith("<hidden> ")


@pytest.mark.parametrize(
    "after",
    [
        "<hidden> 你需要先登录才能继续浏览本页面",  # a hidden login dialog
        f"<hidden> {WEIBO_FULL}！",  # a hidden near-copy (an anti-copy decoy)
        "<hidden> 第三段：监管部门应该介入调查。\n<hidden> 第四段：用户应该用脚投票。",  # a hidden block of two lines
    ],
)
def test_a_hidden_block_after_the_hidden_full_text_of_a_preview_stays_dropped(after):
    # html_to_text starts a hidden block right after another one after a \r (HIDDEN_BREAK): the full text ends there
    second = "第二段：我已经把支付宝的圈子功能彻底关掉了。"
    text = f"{WEIBO_PREVIEW}…展开全文c\n<hidden> {WEIBO_FULL}\n<hidden> {second}\r{after}\n下一条微博。"
    blocks, dropped = kinds(text, html=True)
    assert [t for _, t in blocks] == [WEIBO_FULL, second, "下一条微博。"]
    assert [t for rule, t in dropped if rule == "html_hidden" and t != "<hidden>"] == after.split("\n")
    # Douban: the full comment in an inline hidden <span>, then a hidden block
    text = f"支付宝做社交我坚决反对。隐私问题…(展开)\n<hidden> 隐私问题才是核心，用户信任最重要。\r{after}"
    blocks, dropped = kinds(text, html=True)
    assert [t for _, t in blocks] == ["支付宝做社交我坚决反对。", "隐私问题才是核心，用户信任最重要。"]
    assert [t for rule, t in dropped if rule == "html_hidden" and t != "<hidden>"] == after.split("\n")


def test_a_hidden_full_text_whose_first_line_is_the_whole_preview_keeps_its_later_lines():
    # Weibo cut the preview at a <br>: the hidden block's first line repeats it whole (a duplicate), its later lines go on
    from argmine.html import html_to_text

    preview, rest = "支付宝做社交这事，我从第一天就不看好。金融App最重要的是安全感，社交只会稀释它。", "何况圈子里那些照片，本来就不该出现在支付软件里。"
    page = (f'<p node-type="feed_list_content">{preview}…<a>展开全文<i>c</i></a></p><p node-type="feed_list_content_full" '
            f'style="display: none">{preview}<br>{rest}<a>收起全文<i>d</i></a></p><p>下一条微博。</p>')
    text = html_to_text(page)
    c = clean(argmine.Document("d", text, meta={"format": "html"}))
    assert [text[b.start : b.end] for b in c.blocks] == [preview, rest, "下一条微博。"]
    assert [(d.rule, d.text) for d in c.dropped] == [("expand_preview", "…展开全文c"), ("html_hidden", "<hidden>"), ("duplicate", preview),
                                                     ("html_hidden", "<hidden>"), ("collapse_full", "收起全文d")]
    assert next(d.reason for d in c.dropped if d.rule == "duplicate") == "repeats the block at offset 0"
    assert next(d.reason for d in c.dropped if d.rule == "html_hidden").endswith("its first line repeats the preview, its later lines are kept")
    # the repeat alone, or followed by another hidden block (after a \r, HIDDEN_BREAK) or a shown line, is no full text
    for after in ["", "\r<hidden> 你需要先登录才能继续浏览本页面", f"\n{rest}"]:
        blocks, dropped = kinds(f"{preview}…展开全文c\n<hidden> {preview}{after}", html=True)
        assert [t for _, t in blocks] == [preview] + ([rest] if after.startswith("\n") else []), after
        assert ("html_hidden", f"<hidden> {preview}") in dropped, after


def test_a_tieba_floor_tail_and_a_floor_led_date_line_start_the_comments():
    op = "我真不明白支付宝为什么非要做社交。"
    for tail in ["来自Android客户端1楼2016-11-28 21:03", "1楼2016-11-28 21:03", "来自Android客户端 1楼 2016-11-28 21:03", "3楼 2016-11-28 22:01 回复"]:
        blocks, dropped = kinds(f"支付宝吧\n冷风吹过的夏天\n{op}\n{tail}\nlaowang_it\n楼主说得对，隐私才是底线。")
        assert dropped == [("post_time", tail)], tail
        assert [k for k, _ in blocks][2:] == ["body", "comment", "comment"], tail
    text = f"laowang_it\n楼主 发表于 2016-11-29 10:00\n{op}\nxiaolu_88\n沙发 发表于 2016-11-29 10:05\n我不同意，社交能增加用户粘性。"
    blocks, dropped = kinds(text)
    assert dropped == [("post_meta", "楼主 发表于 2016-11-29 10:00"), ("post_meta", "沙发 发表于 2016-11-29 10:05")]
    assert blocks == [("title", "laowang_it"), ("body", op), ("body", "xiaolu_88"), ("comment", "我不同意，社交能增加用户粘性。")]


def test_a_quote_of_an_earlier_post_cut_short_or_joined_is_a_duplicate():
    op = "我认为支付宝做社交是一步错棋，钱包就是钱包，隐私才是底线。"
    text = f"{op}\nxiaolu_88\n我认为支付宝做社交是一步错棋，钱包就是钱包，隐私 ...\n我不同意，社交能增加用户粘性。"
    blocks, dropped = kinds(text)
    assert [t for _, t in blocks] == [op, "xiaolu_88", "我不同意，社交能增加用户粘性。"]
    assert dropped == [("duplicate", "我认为支付宝做社交是一步错棋，钱包就是钱包，隐私 ...")]
    c = clean(argmine.Document("d", text))
    assert c.dropped[0].reason == "a cut-off quote of the text at offset 0"
    # Mobile01: the quote joins two lines of the post, under its X wrote: and with its (恕刪)
    text = "最近看到支付寶推出「圈子」，\n我覺得完全搞錯方向。\n分享 收藏 (5) 檢舉\n阿Sam仔 wrote:\n最近看到支付寶推出「圈子」，我覺得完全搞錯方向。(恕刪)\n我倒覺得不一定。"
    blocks, dropped = kinds(text)
    assert [t for _, t in blocks] == ["最近看到支付寶推出「圈子」，", "我覺得完全搞錯方向。", "我倒覺得不一定。"]
    assert dropped == [("post_counters", "分享 收藏 (5) 檢舉"), ("quote_header", "阿Sam仔 wrote:"),
                       ("duplicate", "最近看到支付寶推出「圈子」，我覺得完全搞錯方向。"), ("quote_cut", "(恕刪)")]
    assert clean(argmine.Document("d", text)).dropped[2].reason == "the blocks from offset 0 on, joined"


@pytest.mark.parametrize(
    "text",
    [
        "隐私才是底线，钱包就是钱包。\n隐私才是底线，钱包就是钱包",  # the start of one block without a cut mark
        "支付宝做社交，\n隐私才是底线。\n支付宝做社交，隐私…",  # fewer than 10 characters before the cut
        "支付宝做社交是一步错棋。\n钱包就是钱包，隐私才是底线。\n做社交是一步错棋。钱包就是钱包，隐私才是底线。",  # not from a block's start
        "钱包就是钱包，隐私才是底线…\n钱包就是钱包，隐私才是底线，用户的消费记录不该被拿来做社交。",  # a cut text before the full one
        # a repeat cut with … or ... in no quote (no X wrote: above it, no (恕刪) after it, no Discuz " ..."): a reader's own words
        "支付宝做社交是一步错棋\n支付宝做社交是一步错棋，钱包就是钱包。\n支付宝做社交是一步错棋……",
        "我认为支付宝做社交是一步错棋，钱包就是钱包。\n路人乙\n我认为支付宝做社交是一步错棋…\n路人丙\n我认为支付宝做社交是一步错棋...",
        "我同意你的看法。\n隐私才是底线。\n张三\n我同意你的看法。隐私才是底线。",  # two earlier lines joined, in no quote
    ],
)
def test_repeats_that_are_no_quote_of_earlier_blocks_are_kept(text):
    blocks, dropped = kinds(text)
    assert dropped == []
    assert [t for _, t in blocks] == text.split("\n")


def test_a_quote_is_found_when_many_lines_share_its_start():
    # many candidates share the first 10 characters: the start index must still find the quoted blocks
    lines = [f"2016-11-28 {n % 24:02}:{n % 60:02} 用户{n}：我觉得支付宝做社交这件事第{n}次讨论了。" for n in range(400)]
    text = "\n".join(lines + ["阿Sam仔 wrote:", lines[1] + lines[2] + "(恕刪)"])
    blocks, dropped = kinds(text)
    assert len(blocks) == 400 and dropped[-2:] == [("duplicate", lines[1] + lines[2]), ("quote_cut", "(恕刪)")]


def _quotes_read_one_by_one(text: str, keys: list[str], cands, marks) -> list[tuple[int, int]]:
    """The quotes that :func:`argmine.clean._mark_quotes` drops, and the block each quotes, found the slow, plain way:
    every earlier block read for each quote (a block without a cut mark: joined, ending where a later block but one starts)."""
    from argmine.clean import _CUT_END, _quoted, DUPLICATE_MIN_CHARS

    joined = "".join(keys)
    offsets = [len("".join(keys[:i])) for i in range(len(keys))]
    found = []
    for i, key in enumerate(keys):
        cut = _CUT_END.search(key)
        quote = key[: cut.start()] if cut else key
        if len(quote) >= DUPLICATE_MIN_CHARS and _quoted(text, cands, i, marks):
            ends = [offsets[j] + len(quote) for j in range(i)]
            found += [(i, j) for j in range(i) if ends[j] <= offsets[i] and joined.startswith(quote, offsets[j])
                      and (cut or ends[j] in offsets[j + 2 : i + 1])][:1]
    return found


_THREAD_WORDS = ("钱包", "就是", "隐私", "才是底线", "，", "。", "支付宝", "做社交")


@st.composite
def _threads(draw) -> list[str]:
    """Lines of a forum thread: posts of a few words, quotes of earlier posts' starts cut with ` ...`/`...`/`…`, posts
    joined under `X wrote:` or over `(恕刪)` (or neither), stray headers and repeats."""
    lines: list[str] = []
    for step in draw(st.lists(st.sampled_from(["post", "post", "cut", "cut", "joined", "joined", "header", "repeat"]), min_size=1, max_size=30)):
        posts = [line for line in lines if line not in ("甲 wrote:", "(恕刪)")]
        if step == "post" or not posts:
            lines.append("".join(draw(st.lists(st.sampled_from(_THREAD_WORDS), min_size=2, max_size=8))))
        elif step == "header":
            lines.append(draw(st.sampled_from(["甲 wrote:", "(恕刪)"])))
        elif step == "repeat":
            lines.append(draw(st.sampled_from(posts)))
        else:
            first = draw(st.integers(0, len(posts) - 1))
            quoted = "".join(posts[first : first + draw(st.integers(1, 3))])
            if step == "cut":
                quoted = quoted[: draw(st.integers(1, len(quoted)))] + draw(st.sampled_from([" ...", " ....", "...", "…", "……", ""]))
            header, pardon = draw(st.booleans()), draw(st.booleans())
            lines += ["甲 wrote:"] * header + [quoted] + ["(恕刪)"] * pardon
    return lines


@settings(max_examples=300)
@given(_threads(), st.booleans())
# two quotes of one length, the second of a later block than the first's: with one hash, its look-up finds the first's
@example(["钱包就是钱包，隐私才是底线。", "支付宝做社交是一步错棋。", "钱包就是钱包，隐私才是 ...", "支付宝做社交是一步错棋 ..."], True)
@example(["钱包就是钱包，", "隐私才是底线。", "支付宝做社交，", "是一步大错棋。", "甲 wrote:", "钱包就是钱包，隐私才是底线。", "甲 wrote:",
          "支付宝做社交，是一步大错棋。"], True)
def test_mark_quotes_drops_what_reading_every_earlier_block_for_each_quote_drops(lines, one_hash):
    # the index of block starts and the blocks read once per length of quote find the same quote of the same block as
    # reading them all, also when texts share a hash (one_hash: every text of a length has one)
    import importlib
    import re
    from unittest import mock

    from argmine.types import Dropped

    clean_module = importlib.import_module("argmine.clean")  # argmine.clean is also the function
    text = "\n".join(lines)
    spans = [(m.start(), m.end(), m[0]) for m in re.finditer("[^\n]+", text)]
    cands = [(s, e) for s, e, line in spans if line not in ("甲 wrote:", "(恕刪)")]
    marks = [Dropped("d", s, e, line, "quote_header" if line == "甲 wrote:" else "quote_cut", "") for s, e, line in spans
             if line in ("甲 wrote:", "(恕刪)")]
    keys = [text[s:e].replace(" ", "") for s, e in cands]
    keep, dropped = [True] * len(cands), list(marks)
    with mock.patch.object(clean_module, "hash", len if one_hash else hash, create=True):
        clean_module._mark_quotes(text, keys, cands, keep, dropped, "d")
    want = _quotes_read_one_by_one(text, keys, cands, [(d.start, d.end, d.rule) for d in marks])
    assert [i for i, kept in enumerate(keep) if not kept] == [i for i, _ in want]
    assert [(d.start, d.reason) for d in dropped[len(marks) :]] == [
        (cands[i][0], f"a cut-off quote of the text at offset {cands[j][0]}" if clean_module._CUT_END.search(keys[i])
         else f"the blocks from offset {cands[j][0]} on, joined") for i, j in want]


STOCK_FURNITURE = [
    ("赞 在看", "page_buttons"),
    ("申请转载", "page_buttons"),
    ("微信扫一扫", "follow_prompt"),
    ("关注该公众号", "follow_prompt"),
    ("转发微博", "repost_default"),
    ("轉發微博", "repost_default"),
    ("收起全文d", "collapse_full"),
    ("被浏览", "zhihu_answer_counters"),
    ("好问题 12", "zhihu_answer_counters"),
    ("支付宝吧 关注\uff1a1,203,456贴子\uff1a8,765,432", "thread_counters"),
    ("贴吧达人", "forum_badge"),
    ("12下一页尾页", "pagination"),
    ("首页 上一页 1 2 3 下一页 尾页", "pagination"),
    ("分享 收藏 (5) 檢舉", "post_counters"),
    ("分享 收藏 檢舉 回覆 引用 讚好 (15)", "post_counters"),
    ("Powered by Discuz! X3.4 \u00a9 2001-2017 Comsenz Inc. 沪ICP备14012345号-2", "site_software"),
    ("(展开)", "expand_full"),
]


@pytest.mark.parametrize("line, rule", PAGE_FURNITURE + STOCK_FURNITURE)
def test_forum_portal_weibo_wechat_and_zhihu_furniture_lines_are_dropped_with_their_rule(line, rule):
    assert_dropped_alone(line, rule)


def test_furniture_at_the_end_of_a_weibo_post_and_a_zhihu_like_button_are_dropped():
    blocks, dropped = kinds("这个功能就是为了流量，吃相难看。\u200b 收起全文d\n我觉得社交没错，错在强推。 O网页链接\n分享\n喜欢\n收藏\n喜欢")
    assert [t for _, t in blocks] == ["这个功能就是为了流量，吃相难看。", "我觉得社交没错，错在强推。"]
    assert dropped == [("collapse_full", "收起全文d"), ("weibo_placeholder_end", "O网页链接"), ("share_bar", "分享"),
                       ("like_button", "喜欢"), ("page_buttons", "收藏"), ("like_button", "喜欢")]


@pytest.mark.parametrize(
    "line",
    [
        "我点了收起全文才看到",
        "我点了收起全文",
        "点这个网页链接",
        "我觉得网页链接打不开说明支付宝心虚",
        "吧主说得对",
        "好问题",
        "喜欢",
        "赞同 100%，隐私最重要",
        "关注者越多越危险",
        "下一页再说",
        "转发微博的人都是水军",
        "阿Sam仔 wrote: 我同意",
        "(恕刪)是什么意思",
        "微信扫一扫就能付款，为什么要做社交？",
    ],
)
def test_sentences_like_stock_furniture_are_kept(line):
    blocks, dropped = kinds("正文。\n" + line + "\n正文二。")
    assert dropped == []
    assert [t for _, t in blocks] == ["正文。", line, "正文二。"]


def units_of(text):
    """The units of ``text`` as ``(kind, text)``, each checked against the source at its offsets."""
    units = argmine.segment([argmine.Document("d", text)])
    assert all(text[u.start : u.end] == u.text for u in units)
    return [(u.kind, u.text) for u in units]


# Mobile01 threads as a user copies them from the browser (Traditional, the post header on one line)
MOBILE01_THREAD = (
    "支付寶推出「圈子」，大家怎麼看？\n"
    "阿Sam仔 2016-11-29 22:14 #1\n"
    "最近看到支付寶推出「圈子」，我覺得完全搞錯方向。\n"
    "分享 收藏 (5) 檢舉\n"
    "dennis0731 2016-11-29 23:02 #2\n"
    "阿Sam仔 wrote:\n"
    "最近看到支付寶推出「圈子」，我覺得完全搞錯方向。(恕刪)\n"
    "我倒覺得不一定，社交能留住用戶。\n"
    "分享 收藏 檢舉 回覆 引用 讚好 (15)\n"
    "Jacky_Lin 2016-11-30 08:45:12 #3\n"
    "錢包就是錢包，隱私才是底線。\n"
)


def test_mobile01_post_headers_are_dropped_and_the_replies_from_floor_2_are_comments():
    blocks, dropped = kinds(MOBILE01_THREAD)
    assert blocks == [("title", "支付寶推出「圈子」，大家怎麼看？"), ("body", "最近看到支付寶推出「圈子」，我覺得完全搞錯方向。"),
                      ("comment", "我倒覺得不一定，社交能留住用戶。"), ("comment", "錢包就是錢包，隱私才是底線。")]
    assert [(r, t) for r, t in dropped if r == "mobile01_header"] == [
        ("mobile01_header", "阿Sam仔 2016-11-29 22:14 #1"), ("mobile01_header", "dennis0731 2016-11-29 23:02 #2"),
        ("mobile01_header", "Jacky_Lin 2016-11-30 08:45:12 #3")]
    reasons = {d.reason for d in clean(argmine.Document("d", MOBILE01_THREAD)).dropped if d.rule == "mobile01_header"}
    assert reasons == {"Mobile01 post header (nickname, date and time, floor #n; from #2 on what follows are replies)"}
    assert units_of(MOBILE01_THREAD) == [("title", "支付寶推出「圈子」，大家怎麼看？"), ("body", "最近看到支付寶推出「圈子」，我覺得完全搞錯方向。"),
                                         ("comment", "我倒覺得不一定，社交能留住用戶。"), ("comment", "錢包就是錢包，隱私才是底線。")]


def test_a_mobile01_thread_s_second_page_is_comments_from_its_first_floor():
    # the nickname on a line of its own (kept), the date, time and floor under it; #11 starts the comments with no body above
    page = ("支付寶推出「圈子」，大家怎麼看？\nMobile01 > 討論區 > 行動支付\n阿Sam仔\n2016-11-30 09:14 #11\n"
            "我還是覺得支付寶搞錯方向，錢包就是錢包。\n小美愛吃香菜 2016-11-30 10:02:33 ＃12\n社交沒有錯，錯在強推。")
    blocks, dropped = kinds(page)
    assert dropped == [("mobile01_header", "2016-11-30 09:14 #11"), ("mobile01_header", "小美愛吃香菜 2016-11-30 10:02:33 ＃12")]
    assert [k for k, t in blocks if t.endswith("。")] == ["comment", "comment"]
    assert [k for k, _ in units_of(page)][-2:] == ["comment", "comment"]


@pytest.mark.parametrize("line", ["阿Sam仔 2016-11-29 22:14 #1", "dennis0731 2016-11-29 23:02 #2", "2016-11-29 22:14 #2",
                                  "Jacky_Lin 2016/11/30 08:45:12 #3", "小美愛吃香菜 2016-11-30 10:02 ＃12", "kevin.tw 2016-11-30 10:02 # 105"])
def test_mobile01_post_header_lines_are_dropped(line):
    assert_dropped_alone(line, "mobile01_header")
    assert_prefilter_picks(line, "mobile01_header")


# sentences ending in a floor number or holding a date and time that are a reader's words, not a Mobile01 header
MOBILE01_LIKE_SENTENCES = [
    "我在2016-11-29 22:14就说过这个问题 #1",
    "我在 2016-11-29 22:14 就说过这个问题 #1",
    "見 2016-11-29 22:14 #3",
    "详见 2016-11-29 22:14 #5",
    "同意 2016-11-29 22:14 #2",
    "不同意 2016-11-29 22:14 #2",
    "支持 2016-11-29 22:14 #2",
    "反对 2016-11-29 22:14 #2",
    "我早就说过了 2016-11-29 22:14 #2",
    "截至 2016-11-29 22:14 #1",
    "補充 2016-11-29 22:14 #7",
    "引用 2016-11-29 22:14 #4",
    "回覆 2016-11-29 22:14 #6",
    "隐私才是底线 2016-11-29 22:14 #1",
    "圈子上线于 2016-11-29 22:14 #1",
    "截图在此 2016-11-29 22:14 #3",
    "第一次提到是 2016-11-29 22:14 #1",
    "好文 2016-11-29 22:14 #1",
    "我 2016-11-29 22:14 #2",
    "請看 2016-11-29 22:14 #5 的回覆",
    "支付宝在 2016-11-29 22:14 #1 发布了声明",
    "2016-11-29 22:14 支付宝宣布关闭圈子 #1",
    "2016-11-29 22:14 #1 我就说过这个问题",
    "#支付宝圈子# 2016-11-29 22:14 #2",
    "上面那位说得对，2016-11-29 22:14 #2",
    "支付宝圈子2016-11-29 22:14上线 #1",
    "钱包就是钱包 #1",
    "2016-11-29 #2",
    "阿Sam仔 2016年11月29日 22:14 #2 说过了",
    # a reader's short word leading the line, a list item, punctuation in the "nickname", an impossible date or time
    *(f"{word} 2016-11-29 22:14 #{n}" for word, n in [
        ("同上", 3), ("如上", 3), ("詳", 3), ("按", 3), ("據", 3), ("參照", 3), ("出处", 3), ("来源", 2), ("如图", 2),
        ("楼上", 2), ("各位", 2), ("大家", 2), ("請問", 2), ("请问", 2), ("感謝分享", 2), ("同感", 2), ("更正", 2),
        ("附图", 2), ("转自", 2), ("原文", 1), ("懶人包", 1), ("P.S.", 3), ("cf.", 3), ("1.", 1), ("1)", 2), ("(1)", 2),
        ("-", 3), ("*", 2), ("+1", 2), ("①", 2), ("3", 2), ("“圈子”", 2), ("《聲明》", 2), ("圈子…", 2), ("支付寶～", 2),
        ("「阿Sam仔", 1), ("@阿Sam仔", 2)]),
    "阿Sam仔 2016-13-45 25:99 #2",
    "阿Sam仔 2016-11-29 24:14 #2",
    "阿Sam仔 2016-11-32 22:14 #2",
    "阿Sam仔 2016-00-29 22:14 #2",
    "阿Sam仔 2016-11-29 22:60 #2",
    "阿Sam仔 2016-11-29 22:14:61 #2",
]


@pytest.mark.parametrize("line", MOBILE01_LIKE_SENTENCES)
def test_sentences_with_a_date_or_a_floor_number_are_kept_and_start_no_comments(line):
    blocks, dropped = kinds("正文写了一段。\n" + line + "\n正文二写了一段。")
    assert dropped == []
    assert blocks == [("body", "正文写了一段。"), ("body", line), ("body", "正文二写了一段。")]


def test_a_list_of_dates_and_floors_is_kept_and_starts_no_comments():
    text = "整理一下时间线：\n- 2016-11-29 22:14 #1\n- 2016-11-30 09:14 #11\n我的看法是支付宝做社交没前途。"
    blocks, dropped = kinds(text)
    assert dropped == []
    assert [k for k, _ in blocks] == ["body"] * 4


# a Tieba thread as copied from the browser: under each poster's name its badge, the forum's level title and the level
TIEBA_THREAD = (
    "支付宝为什么要做社交？_支付宝吧_百度贴吧\n"
    "冷风吹过的夏天\n"
    "吧主\n"
    "9\n"
    "支付宝推出圈子，大家怎么看？我觉得这是在消费用户的隐私。\n"
    "来自Android客户端1楼2016-11-28 21:03\n"
    "laowang_it\n"
    "贴吧达人\n"
    "12\n"
    "钱包就是钱包，别搞那么多花样。\n"
    "2楼2016-11-28 21:10\n"
)


def test_a_tieba_level_right_under_a_badge_is_dropped():
    blocks, dropped = kinds(TIEBA_THREAD)
    assert [(r, t) for r, t in dropped if t in ("9", "12")] == [("tieba_level", "9"), ("tieba_level", "12")]
    assert [(k, t) for k, t in blocks if t.endswith("。")] == [("body", "支付宝推出圈子，大家怎么看？我觉得这是在消费用户的隐私。"),
                                                              ("comment", "钱包就是钱包，别搞那么多花样。")]
    assert [t for _, t in units_of(TIEBA_THREAD) if t in ("9", "12")] == []


@pytest.mark.parametrize("text", [
    "吧主\n\n9\n我同意楼主。",  # a blank line between: no badge over it
    "冷风吹过的夏天\n知名人士\n9\n我同意楼主。",  # under a level title kept as text: cannot be told from a reader's 9 (known limit)
    "你给支付宝打几分？\n3\n满分十分的话。",
    "吧主\n19\n我同意楼主。",  # no Tieba level (1 to 18): a count, bare_count's
])
def test_a_lone_number_that_is_no_tieba_level_under_a_badge_is_kept(text):
    _, dropped = kinds(text)
    assert all(rule != "tieba_level" for rule, _ in dropped)
    assert "9" not in [t for _, t in dropped] and "3" not in [t for _, t in dropped]
