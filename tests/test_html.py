"""argmine.html: a page as the text it shows, with chrome and hidden blocks marked."""

import pytest


def test_html_hidden_element_never_closed_does_not_hide_the_rest_of_the_page():
    from argmine.html import html_to_text

    assert html_to_text("<p>一</p><select><option>甲</option><p>二。</p>") == "一\n甲\n二。"
    assert html_to_text("<p>一</p><div hidden><p>藏</p></div><p>二。</p>") == "一\n<hidden> 藏\n二。"
    assert html_to_text("<p>一</p><div hidden><p>藏</p><p>二。</p>") == "一\n藏\n二。"
    assert html_to_text("<p>一</p><script>var a = 1;") == "一"


@pytest.mark.parametrize(
    "page, lines",
    [
        # no <h1>: the <title> is the page's headline; an <h1> in a <nav> is a logo
        ("<title>支付宝的社交梦</title><nav><h1>新闻网</h1></nav><p>正文。</p>", ["支付宝的社交梦", "<nav> 新闻网", "正文。"]),
        # a page wrapped in one <form> (ASP.NET), its <nav> still chrome
        ("<title>标题 - 网</title><form><nav>首页</nav><h1>标题</h1><p>正文。</p></form>", ["<title> 标题 - 网", "<nav> 首页", "标题", "正文。"]),
        ("<form><p>" + "长" * 201 + "</p></form><form>登录</form>", ["长" * 201, "<form> 登录"]),
        # chrome that holds the article, or is never closed, is the page
        ("<nav><article><p>" + "正" * 200 + "</p></article></nav><nav>菜单</nav>", ["正" * 200, "<nav> 菜单"]),
        ("<aside><main><p>正文。</p></main></aside><aside>热门</aside>", ["正文。", "<aside> 热门"]),
        ("<nav>菜单</nav><p>正文。</p><footer>版权", ["<nav> 菜单", "正文。", "版权"]),
        # nested chrome, by element or role
        ("<nav><nav>一</nav>二</nav><p>三</p>", ["<nav> 一", "<nav> 二", "三"]),
        ("<div role='navigation'><div>一</div>二</div><p>三</p><span role='search'>四</span>", ["<nav> 一", "<nav> 二", "三", "<form> 四"]),
    ],
)
def test_html_chrome_that_holds_the_page_is_not_chrome(page, lines):
    from argmine.html import html_to_text

    assert html_to_text(page).splitlines() == lines


def test_html_visibility_hidden_is_shown_and_hidden_blocks_are_kept_marked():
    from argmine.html import html_to_text

    # WeChat serves its article under visibility: hidden, for a script to reveal
    page = ("<h1>标题</h1><div id='js_content' style='visibility: hidden;'><p>老人的钱，老人说了算？</p></div>"
            "<div class='modal' style='display: none'><form><h2>用户登录</h2><button>登录</button></form></div>"
            "<p>正文<span style='display:none'>干扰</span>继续。</p><ul><li hidden>菜单</li></ul>"
            "<template><p>模板</p></template><script>var a = 1;</script><style>p{}</style>")
    assert html_to_text(page).splitlines() == [
        "标题", "老人的钱，老人说了算？", "<hidden> 用户登录", "<hidden> 登录", "正文继续。", "<hidden> 菜单",
    ]
    # a hidden <h1> is no headline, so the <title> stays the first line
    assert html_to_text("<title>题</title><div hidden><h1>藏</h1></div><p>文。</p>").splitlines() == ["题", "<hidden> 藏", "文。"]


@pytest.mark.parametrize(
    "page, lines",
    [
        # a short thread inside a moderation form is content, a comment box is chrome
        ("<form name='modactions'><div><div>山里人</div><div>门票太贵了。</div></div><div><div>背包客</div><div>谁来维护？</div></div>"
         "<input type='checkbox'> 选中</form><form><textarea></textarea><p>文明上网，理性发言</p><button>发表评论</button></form>",
         ["山里人", "门票太贵了。", "背包客", "谁来维护？", "选中", "<form> 文明上网，理性发言", "<form> 发表评论"]),
        # a login box: labels, links and buttons, however long
        ("<form><label>" + "用户名" * 70 + "</label><a>立即注册</a><label>密码</label><a>找回密码</a><button>登录</button></form>",
         ["<form> " + "用户名" * 70, "<form> 立即注册", "<form> 密码", "<form> 找回密码", "<form> 登录"]),
        # a box (a field to type into) with its hints and its long terms sentence is still chrome
        ("<form><label>手机号</label><input name='phone'><label>验证码</label><input name='code' /><button>获取验证码</button>"
         "<p>未注册手机号验证后自动创建账号。登录即表示您已阅读并同意《用户服务协议》《隐私政策》及《个人信息保护指引》。</p>"
         "<div>其他登录方式</div><button>登录</button></form><p>正文。</p>",
         ["<form> 手机号", "<form> 验证码", "<form> 获取验证码",
          "<form> 未注册手机号验证后自动创建账号。登录即表示您已阅读并同意《用户服务协议》《隐私政策》及《个人信息保护指引》。",
          "<form> 其他登录方式", "<form> 登录", "正文。"]),
        ("<form><textarea hidden></textarea><p>" + "请文明发言。" * 10 + "</p><button>发表</button></form>",
         ["<form> " + "请文明发言。" * 10, "<form> 发表"]),
        # ... unless it holds much prose in several blocks: an ASP.NET page with a search box, a thread with a reply box
        ("<form><input type='search'><button>搜索</button><p>" + "一" * 60 + "</p><p>" + "二" * 60 + "</p><p>三。</p></form>",
         ["搜索", "一" * 60, "二" * 60, "三。"]),
        # an <aside> inside the article (a pull quote) is the article's; one beside it is a side bar
        ("<main><article><p>正文。</p><aside><p>“引语。”</p></aside></article><aside><p>热门</p></aside></main>",
         ["正文。", "“引语。”", "<aside> 热门"]),
        # a side bar of small article cards is chrome; one holding the page's long article is not
        ("<aside><h2>热门排行</h2><article><h3>暴雨天点外卖</h3><p>三成愿意。</p></article><article><h3>新规</h3></article></aside>",
         ["<aside> 热门排行", "<aside> 暴雨天点外卖", "<aside> 三成愿意。", "<aside> 新规"]),
        ("<aside><article><p>" + "长" * 200 + "</p></article><article><p>短</p></article></aside>", ["长" * 200, "短"]),
    ],
)
def test_html_forms_and_asides_are_chrome_only_when_they_look_it(page, lines):
    from argmine.html import html_to_text

    assert html_to_text(page).splitlines() == lines


def test_html_logo_h1_without_text_keeps_the_title_as_headline():
    from argmine.html import html_to_text

    page = "<title>支付宝该做社交吗？</title><h1><a href='/'><img src='logo.png' alt=''></a></h1><p>正文。</p>"
    assert html_to_text(page) == "支付宝该做社交吗？\n正文。"
    assert html_to_text(page.replace("<img src='logo.png' alt=''>", "支付宝该做社交吗？")).startswith("<title> ")
    for logo in ("<img src='logo.png'><div hidden>登录</div>", "<img src='logo.png'>\u200b"):  # nothing a reader sees
        assert html_to_text(page.replace("<img src='logo.png' alt=''>", logo)).startswith("支付宝该做社交吗？\n")


def test_html_form_holding_a_one_paragraph_article_and_a_search_box_is_content():
    from argmine.html import html_to_text

    article = "我认为支付宝做社交没有必要，用户只想安全地付钱，社交功能会带来很多隐私风险。" * 4
    page = f"<form action='a.aspx'><input type='text' name='kw'><input type='submit' value='搜索'><p>{article}</p></form>"
    assert html_to_text(page) == article


@pytest.mark.parametrize(
    "page, lines",
    [
        # a few hidden characters inside a line are decoys against copying, left out
        ("<p>我觉得还好<span style='display:none'>决定</span>，没必要。</p>", ["我觉得还好，没必要。"]),
        ("<p>一<span style='display:none'>12345678</span>二</p>", ["一二"]),
        # more is text: a line of its own after the line it is in, marked, its blocks its lines
        ("<p>一<span style='display:none'>123456789</span>二</p><p>三</p>", ["一二", "<hidden> 123456789", "三"]),
        ("<p>甲<i hidden>隐藏的第一行<br>隐藏的第二行<script>var s = '不是文字不是文字';</script></i>乙</p>",
         ["甲乙", "<hidden> 隐藏的第一行", "<hidden> 隐藏的第二行"]),
        # in chrome it is chrome; at the end of the page it still ends it
        ("<nav><p>首页<span hidden>隐藏的菜单项很多很多</span></p></nav><p>正文。</p>",
         ["<nav> 首页", "<nav> 隐藏的菜单项很多很多", "正文。"]),
        ("正文<span hidden>隐藏的一句话很长很长</span>", ["正文", "<hidden> 隐藏的一句话很长很长"]),
    ],
)
def test_html_hidden_inline_text_longer_than_a_decoy_is_kept_on_a_marked_line(page, lines):
    from argmine.html import html_to_text

    assert html_to_text(page).splitlines() == lines


def test_html_hidden_inline_text_is_dropped_by_cleaning_with_a_reason(tmp_path):
    import argmine
    from argmine.segment import iter_segmented

    hidden = "这条评论因涉及隐私已被折叠，点击查看原文"
    page = tmp_path / "p.html"
    page.write_text(f"<p>支付宝做社交我坚决反对。<span style='display:none'>{hidden}</span></p>"
                    "<p>我觉得还好<span style='display:none'>决定</span>，没必要。</p>", "utf-8")
    seg = next(iter_segmented(argmine.read([page])))
    assert [u.text for u in seg.units] == ["支付宝做社交我坚决反对。", "我觉得还好，没必要。"]
    assert [(d.rule, d.text) for d in seg.dropped] == [("html_hidden", f"<hidden> {hidden}")]
    assert all(seg.document.text[s.start:s.end] == s.text for s in seg.units + seg.dropped)


@pytest.mark.parametrize(
    "page, text",
    [
        # a page cut off inside a comment: the browser shows nothing after <!--
        ("<p>最后的评论区<!-- 未闭合的注释\n<p>这段浏览器不显示。</p>\n</body></html>", "最后的评论区"),
        ("<p>一<!-- 注释 --></p><p>二<!-- 未闭合 <b>粗</b>", "一\n二"),
        ("<p>一</p><script>var a = 1;</script><!--", "一"),
        # <!--> and <!---> are empty comments, closed
        ("<p>一<!-->二</p><p>三", "一二\n三"),
        # <!-- in an attribute is no comment
        ("<p title='<!--'>一</p><p>二</p>", "一\n二"),
        # in a <textarea>, <title> or <xmp>, <!-- is text: the page goes on after the element
        ("<p>一。</p><form><textarea><!-- 请输入评论</textarea></form><p>二。</p><p>三。</p>", "一。\n<form> <!-- 请输入评论\n二。\n三。"),
        ("<title>标题<!--注释</title><p>正文。</p>", "标题<!--注释\n正文。"),
        ("<p>说明</p><XMP><!-- 写法</XMP><p>正文。</p><!-- 未闭合<p>藏</p>", "说明\n<!-- 写法\n正文。"),
        # nor in a <noscript> (raw text where scripts run, and hidden)
        ("<p>前文</p><noscript><!-- x</noscript><p>支付宝做社交不对。</p>", "前文\n支付宝做社交不对。"),
        # a <title> inside a comment or a script is no element
        ("<p>一</p><!-- <title> --><script>var t = '<title>';</script><!-- 未闭合<p>藏</p>", "一"),
        # a browser ends a comment at --!> too
        ("<p>一。</p><!-- 注释 --!><p>二。</p>", "一。\n二。"),
        ("<p>一<!-- 注释 --!>二</p><!-- x -->三", "一二\n三"),
    ],
)
def test_html_comments_hide_what_a_browser_hides_never_closed_in_raw_text_or_closed_by_bang(page, text):
    from argmine.html import html_to_text

    assert html_to_text(page) == text


@pytest.mark.parametrize(
    "page, text",
    [
        # two hidden blocks in a row: the second starts after a \r (HIDDEN_BREAK), the same length as a \n
        ("<div hidden><p>全文一</p><p>全文二</p></div><div style='display:none'>登录</div><p>正文。</p>",
         "<hidden> 全文一\n<hidden> 全文二\r<hidden> 登录\n正文。"),
        # an inline hidden element's text, then a hidden block: two hidden blocks too
        ("<p>预览…<span hidden>隐私问题才是核心，用户信任最重要。</span>(展开)</p><div hidden>请先登录</div>",
         "预览…(展开)\n<hidden> 隐私问题才是核心，用户信任最重要。\r<hidden> 请先登录"),
        # two inline hidden elements in one line (shown text between them or not): a region each, the second after a \r
        ("<p>预览…<span hidden>隐私问题才是核心，用户信任最重要。</span><span style='display:none'>这是另一段很长的干扰文本。</span>(展开)</p>",
         "预览…(展开)\n<hidden> 隐私问题才是核心，用户信任最重要。\r<hidden> 这是另一段很长的干扰文本。"),
        ("<p>预览…<span hidden>隐私问题才是核心，用户信任最重要。</span>中间<b hidden>这是另一段很长的干扰文本。</b></p><p>下一条。</p>",
         "预览…中间\n<hidden> 隐私问题才是核心，用户信任最重要。\r<hidden> 这是另一段很长的干扰文本。\n下一条。"),
        # a shown line, or chrome, between them: no \r; nested hidden blocks are one block
        ("<p hidden>一</p><p>二</p><p hidden>三</p><nav>菜单</nav><div hidden><p hidden>四</p><p>五</p></div>",
         "<hidden> 一\n二\n<hidden> 三\n<nav> 菜单\n<hidden> 四\n<hidden> 五"),
    ],
)
def test_html_hidden_blocks_in_a_row_are_parted_by_a_carriage_return(page, text):
    from argmine.html import html_to_text

    assert html_to_text(page) == text


def test_html_hidden_block_after_the_hidden_full_text_of_a_preview_stays_dropped(tmp_path):
    # a Weibo search page: the full post hidden after its preview, then a hidden login dialog and a hidden decoy copy
    import argmine
    from argmine.segment import iter_segmented

    full, second = "隐私问题才是核心，用户信任最重要。", "第二段全文。"
    page = tmp_path / "p.html"
    page.write_text(f"<p>隐私问题才是核心…<a>展开全文</a></p><div style='display:none'><p>{full}</p><p>{second}</p></div>"
                    "<div hidden><p>你需要先登录才能继续浏览本页面</p></div><div hidden><p>隐私问题才是核心，用户信任最重要！</p></div>"
                    "<p>我觉得还好。</p>", "utf-8")
    seg = next(iter_segmented(argmine.read([page])))
    assert [u.text for u in seg.units] == [full, second, "我觉得还好。"]
    assert [(d.rule, d.text) for d in seg.dropped if not d.text.startswith("<hidden>")] == [
        ("duplicate", "隐私问题才是核心"), ("expand_preview", "…展开全文")]
    assert [d.text for d in seg.dropped if d.text.startswith("<hidden> ")] == [
        "<hidden> 你需要先登录才能继续浏览本页面", "<hidden> 隐私问题才是核心，用户信任最重要！"]
    assert all(seg.document.text[s.start:s.end] == s.text for s in seg.units + seg.dropped)


def test_html_inline_hidden_decoy_after_the_inline_hidden_full_text_stays_dropped(tmp_path):
    # Douban: the full comment in a hidden <span> after its (展开) preview, then a second hidden <span> (a decoy)
    import argmine
    from argmine.segment import iter_segmented

    full, decoy = "隐私问题才是核心，用户信任最重要。", "这是另一段很长的隐藏干扰文本。"
    page = tmp_path / "p.html"
    page.write_text(f"<p>支付宝做社交我坚决反对。隐私问题…<span style='display:none'>{full}</span>"
                    f"<span style='display:none'>{decoy}</span>(展开)</p><p>下一条。</p>", "utf-8")
    seg = next(iter_segmented(argmine.read([page])))
    assert [u.text for u in seg.units] == ["支付宝做社交我坚决反对。", full, "下一条。"]
    assert ("html_hidden", f"<hidden> {decoy}") in [(d.rule, d.text) for d in seg.dropped]
    assert all(seg.document.text[s.start:s.end] == s.text for s in seg.units + seg.dropped)


@pytest.mark.parametrize("attrs", ['style="white-space: pre-wrap"', "style='color: red; WHITE-SPACE:pre-line'", 'class="bbs-screen bbs-content"'])
def test_an_element_laid_out_as_pre_keeps_its_line_breaks_and_what_follows_does_not(attrs):
    from argmine.html import html_to_text

    markup = f"<div {attrs}><div>作者</div>最近又要缺電\n但是地震這麼多\n<div>推 a: 對</div>一\n二</div><p>三\n四</p>"
    assert html_to_text(markup).split("\n") == ["作者", "最近又要缺電", "但是地震這麼多", "推 a: 對", "一", "二", "三 四"]


@pytest.mark.parametrize("attrs", ['style="white-space: nowrap"', 'class="bbs-screener"', 'style="display: block"'])
def test_an_element_not_laid_out_as_pre_joins_its_source_lines(attrs):
    from argmine.html import html_to_text

    assert html_to_text(f"<div {attrs}>一\n二</div>") == "一 二"


@pytest.mark.parametrize("markup", [
    '<table><tr><td style="white-space:pre-wrap">楼主\n2016-11-28<td>正文\n</table>',  # an old forum's cells, never closed
    '<table><tr><td style="white-space:pre-wrap">楼主\n2016-11-28<tr><td>正文</table>',
    '<ul><li style="white-space:pre-line">楼主\n2016-11-28<li>正文</ul>',
    '<p style="white-space:pre-line">楼主\n2016-11-28<p>正文',
    '<div><p style="white-space:pre">楼主\n2016-11-28</div>',
])
def test_an_element_keeping_line_breaks_that_a_browser_closes_without_its_end_tag_keeps_them_no_further(markup):
    from argmine.html import html_to_text

    lines = html_to_text(markup + "<p>我坚持认为，\n隐私才是底线。</p>").split("\n")
    assert lines[:2] == ["楼主", "2016-11-28"] and lines[-1] == "我坚持认为， 隐私才是底线。"


def test_white_space_inside_an_element_keeping_line_breaks_follows_the_innermost_style():
    from argmine.html import html_to_text

    markup = ('<div class="bbs-screen">一\n二<span>三</span>\n<ul><li>甲\n乙<li>丙</ul>'
              '<p style="white-space: normal">四\n五</p>六\n<p style="white-space:pre-line">七   八 \n  九</p></div>十\n十一')
    assert html_to_text(markup).split("\n") == ["一", "二三", "甲", "乙", "丙", "四 五", "六", "七 八", "九", "十 十一"]


def test_a_list_item_keeping_line_breaks_is_closed_by_the_next_item_not_by_an_item_of_a_list_inside_it():
    from argmine.html import html_to_text

    markup = '<ul><li style="white-space:pre">一\n二<ul><li>甲<li>乙</ul>三\n四</span><li>五\n六</ul>'
    assert html_to_text(markup).split("\n") == ["一", "二", "甲", "乙", "三", "四", "五 六"]
