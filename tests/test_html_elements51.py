"""argmine.html: elements a browser never shows, shows as blocks, or lays out keeping their white space (QA round 51).

What a browser shows of each page (Chromium's ``innerText``) is the reference: the fallback text of a ``<video>`` or an
``<audio>``, a ``<dialog>`` not ``open`` and a ``<ruby>``'s ``<rp>`` are never shown; ``<center>``, ``<legend>`` and
the other elements the HTML standard's stylesheet shows as blocks are lines of their own; ``<pre>`` keeps its runs of
spaces inside a line (not its indentation: round 52), ``pre-line`` its line breaks only.
"""

from __future__ import annotations

import pytest

HEAD = '<html><head><meta charset="utf-8"></head><body>'


def _segmented(tmp_path, body: str, name: str = "page.html"):
    """The page segmented, every unit and dropped span checked to point exactly into the page's text."""
    import argmine
    from argmine.segment import iter_segmented

    page = tmp_path / name
    page.write_text(HEAD + body + "</body></html>", "utf-8")
    seg = next(iter_segmented(argmine.read([page])))
    assert all(seg.document.text[s.start : s.end] == s.text for s in seg.units + seg.dropped)
    return seg


def test_video_and_audio_fallback_text_is_left_out(tmp_path):
    body = ('<h1>支付宝圈子发布会视频</h1><p>下面是发布会现场视频。</p>'
            '<video src="launch.mp4" controls>您的浏览器不支持 video 标签，请升级浏览器。</video>'
            '<p>视频中，负责人解释了圈子功能的初衷。</p><audio controls><source src="a.mp3">您的浏览器不支持音频播放。</audio>')
    seg = _segmented(tmp_path, body)
    assert [u.text for u in seg.units] == ["支付宝圈子发布会视频", "下面是发布会现场视频。", "视频中，负责人解释了圈子功能的初衷。"]
    assert "不支持" not in seg.document.text


def test_a_dialog_not_open_is_a_hidden_block_and_an_open_one_is_read(tmp_path):
    from argmine.html import html_to_text

    cookie = "本网站使用Cookie来改善您的浏览体验，继续浏览即表示您同意我们的隐私政策。"
    body = (f'<p>支付宝做社交没必要。</p><dialog id="cookie"><p>{cookie}</p><button>我知道了</button></dialog>'
            "<dialog open><p>我认为隐私才是底线。</p></dialog>")
    assert html_to_text(body) == f"支付宝做社交没必要。\n<hidden> {cookie}\n<hidden> 我知道了\n我认为隐私才是底线。"
    seg = _segmented(tmp_path, body)
    assert [u.text for u in seg.units] == ["支付宝做社交没必要。", "我认为隐私才是底线。"]
    assert [(d.rule, d.text) for d in seg.dropped] == [("html_hidden", f"<hidden> {cookie}"), ("html_hidden", "<hidden> 我知道了")]


@pytest.mark.parametrize("markup", [
    '<datalist id="sites"><option value="zhihu">知乎</option></datalist>',
    "<noembed>您的浏览器不支持插件</noembed>",
    "<noframes>您的浏览器不支持框架</noframes>",
])
def test_other_elements_a_browser_never_shows_are_left_out(markup):
    from argmine.html import html_to_text

    assert html_to_text(f"<p>前文。</p>{markup}<p>后文。</p>") == "前文。\n后文。"


@pytest.mark.parametrize("tag", ["center", "legend", "dir", "menu", "hgroup", "search", "listing", "xmp", "dialog open"])
def test_an_element_the_standard_shows_as_a_block_is_a_line_of_its_own(tag):
    from argmine.html import html_to_text

    assert html_to_text(f"<div>前文<{tag}>块</{tag.split()[0]}>后文</div>") == "前文\n块\n后文"


def test_center_lines_are_read_as_div_lines(tmp_path):
    body = "\n".join([
        '<center><font size="4"><b>支付宝该不该做社交</b></font></center>',
        "<center>作者：老王\u3000\u3000发布时间：2016-11-29 10:20</center>",
        "<hr>",
        "\u3000\u3000支付宝上线圈子功能以后，骂声一片。我认为支付宝做社交是一步错棋。",
        '<center><img src="1.jpg"></center>',
        "<center>图为支付宝圈子页面</center>",
        "用户要的是安全，不是热闹。<br>",
    ])
    center = _segmented(tmp_path, body, "center.html")
    div = _segmented(tmp_path, body.replace("center>", "div>"), "div.html")
    assert [(u.kind, u.text) for u in center.units] == [(u.kind, u.text) for u in div.units]
    assert [d.rule for d in center.dropped] == ["byline"]
    assert [u.text for u in center.units][-2:] == ["图为支付宝圈子页面", "用户要的是安全，不是热闹。"]


def test_legend_is_a_line_of_its_own():
    from argmine.html import html_to_text

    assert html_to_text("<fieldset><legend>图例</legend>字段内容</fieldset>") == "图例\n字段内容"


def test_a_center_start_tag_closes_a_hidden_paragraph_as_a_div_does():
    from argmine.html import html_to_text

    assert html_to_text("<p hidden>请先登录<center>支付宝做社交没必要。</center>") == "<hidden> 请先登录\n支付宝做社交没必要。"


def test_a_list_item_inside_a_menu_is_that_menus_not_the_next_item_of_the_list_around_it():
    from argmine.html import html_to_text

    assert html_to_text("<ul><li hidden>一<menu><li>二</menu>三</ul><p>四</p>") == "<hidden> 一\n<hidden> 二\n<hidden> 三\n四"


PRE = "<pre>姓名      支持率\n张三        61%\n    缩进的第二段：隐私才是底线。</pre>"


def test_pre_keeps_runs_of_spaces_inside_a_line(tmp_path):
    from argmine.html import html_to_text

    assert html_to_text(PRE) == "姓名      支持率\n张三        61%\n缩进的第二段：隐私才是底线。"
    seg = _segmented(tmp_path, PRE)
    assert [u.text for u in seg.units] == ["姓名      支持率", "张三        61%", "缩进的第二段：隐私才是底线。"]


@pytest.mark.parametrize("start, end", [
    ('<div style="white-space: pre-wrap">', "</div>"), ('<p style="white-space:break-spaces">', "</p>"),
    ("<listing>", "</listing>"), ("<xmp>", "</xmp>"), ('<div class="bbs-screen bbs-content">', "</div>"),
])
def test_elements_laid_out_as_pre_keep_spaces_tabs_and_ideographic_spaces(start, end):
    from argmine.html import html_to_text

    # white space at a line's end, and a line of white space only, are left out; CR LF is a line break
    markup = f"{start}  甲   乙\r\n\t丙\u3000\u3000丁 \n   \n戊{end}<p>己   庚</p>"
    assert html_to_text(markup) == "甲   乙\n丙\u3000\u3000丁\n戊\n己 庚"


def test_pre_line_keeps_line_breaks_only():
    from argmine.html import html_to_text

    assert html_to_text('<p style="white-space:pre-line">  一   二\r三 \r\n  四</p>') == "一 二\n三\n四"


def test_spaces_kept_inside_a_line_and_in_a_marked_line():
    from argmine.html import html_to_text

    assert html_to_text('<p>前 <span style="white-space:pre">  甲   乙  </span> 后</p>') == "前   甲   乙   后"
    assert html_to_text("<p>正文。</p><div hidden><pre>  用户   登录</pre></div>") == "正文。\n<hidden> 用户   登录"
    # the spaces a <pre> keeps are no characters: a decoy of three inside one is still a decoy (DECOY_MAX_CHARS)
    assert html_to_text('<pre>正文<span style="display:none">  一   二   三  </span>尾</pre>') == "正文尾"


def test_ruby_fallback_parentheses_are_left_out_and_the_reading_kept(tmp_path):
    body = "<p>支付宝的<ruby>圈<rp>(</rp><rt>quān</rt><rp>)</rp>子</ruby>功能引发争议。</p>"
    seg = _segmented(tmp_path, body)
    assert seg.document.text == "支付宝的圈quān子功能引发争议。"


def test_an_indented_code_block_leaves_the_paragraphs_after_it_body(tmp_path):
    # QA round 52: kept indentation read as forum replies' space-led lines, and every later paragraph became a comment
    body = ("<h1>支付宝接口调用心得</h1><p>支付宝的开放接口文档写得很乱，我认为开发者体验很差。</p>"
            "<pre><code>def pay(order):\n    client = AlipayClient()\n    return client.execute(order)\n</code></pre>"
            "<p>上面这段代码在沙箱里能跑，但上线后经常超时，客服也不回复。</p><p>总之，支付宝应该先把基础服务做好，而不是去做社交。</p>")
    seg = _segmented(tmp_path, body)
    assert {u.kind for u in seg.units if u.kind != "title"} == {"body"}
    assert all(seg.document.text[u.start : u.end] == u.text for u in seg.units)
