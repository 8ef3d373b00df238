"""HTML to text: a page as the text a browser shows.

One line per block element, no scripts or styles (:func:`html_to_text`);
lines of page chrome such as ``<nav>``, and of hidden blocks (``<hidden>``),
start with the element's name, for cleaning to drop with a reason.
:func:`_html_page` also numbers the lines that came from headings and from
links, which :mod:`argmine.read` records in a page's ``meta``.

>>> html_to_text("<nav>首页</nav><h1>标题</h1><p>正文。</p>")
'<nav> 首页\\n标题\\n正文。'
"""

from __future__ import annotations

import bisect
import re
import sys
from collections import Counter, defaultdict
from dataclasses import dataclass, field, replace
from typing import Iterator

from .normalize import INVISIBLE, fold_width, shown_chars, without_invisible

_WORD = re.compile(r"\w")  # a letter, digit or ideograph: text a reader sees as words
_SPACES = re.compile(r"\s+")
#: What starts a tag (or a comment); one after the page's last ``>`` is a tag cut off at the end (:func:`_without_cut_off_tag`).
_TAG_START = re.compile(r"<[A-Za-z!/]")
#: Where a browser ends a comment: ``<!-->`` and ``<!--->`` are empty, ``--!>`` closes one too (Python's
#: parser knows only ``--\s*>``, kept: ``-- >`` closes as before).
_COMMENT_END = re.compile(r"--(?:!|\s*)>")
_EMPTY_COMMENT_END = re.compile(r"-?>")
#: Elements whose content is text to a browser (``<!--`` in a ``<textarea>`` is no comment), and
#: the comments and ``<script>``/``<style>`` in which their tags are not tags.
_RAW_TEXT = re.compile(r"<!--|<(textarea|title|xmp|iframe|noembed|noframes|noscript|script|style)(?=[\s/>])", re.IGNORECASE)
#: ``visibility: hidden`` is not here: its text keeps its place on the page, and scripts
#: reveal it (WeChat serves its whole article so), so it is read as shown.
_STYLE_HIDDEN = re.compile(r"display\s*:\s*none", re.IGNORECASE)
#: A ``style``'s ``white-space``: ``pre``, ``pre-wrap`` and ``break-spaces`` keep the source's white space as ``<pre>``
#: does, ``pre-line`` its line breaks only, ``normal`` and ``nowrap`` neither (inside an element that keeps them).
_STYLE_WHITE_SPACE = re.compile(r"white-space\s*:\s*(pre-wrap|pre-line|pre|break-spaces|normal|nowrap)\b", re.IGNORECASE)
_WHITE_SPACE_MODES = {"pre-wrap": "pre", "pre": "pre", "break-spaces": "pre", "pre-line": "pre-line", "normal": "normal", "nowrap": "normal"}
#: Runs of spaces and tabs, and the spaces around a line break: what ``pre-line`` collapses.
_PRE_LINE_SPACES = re.compile(r"[^\S\r\n]*(\r\n|[\r\n])[^\S\r\n]*|[^\S\r\n]+")
_LINE_BREAK = re.compile(r"\r\n?")  # a browser reads CR LF and a lone CR as LF
#: The white space that ``pre`` keeps inside a line (runs of spaces; tabs, no-break and ideographic spaces
#: too), held in the parsed pieces as noncharacters (U+FDD0.., never text) till a line is laid out (:func:`_line`), so
#: that collapsing the line's other white space leaves it; a page's own U+FDD0..U+FDD3, if any, read as these spaces.
_KEPT_SPACES = " \t\u00a0\u3000"
_KEEP = str.maketrans(_KEPT_SPACES, "\ufdd0\ufdd1\ufdd2\ufdd3")
_UNKEEP = str.maketrans("\ufdd0\ufdd1\ufdd2\ufdd3", _KEPT_SPACES)
#: Classes that a site's stylesheet lays out as ``<pre>`` (``white-space: pre-wrap``), which a saved
#: page does not carry: PTT's post and its pushes (``<div id="main-content" class="bbs-screen bbs-content">``).
PRE_CLASSES = frozenset({"bbs-screen"})
#: Elements the HTML standard's stylesheet lays out with ``white-space: pre``.
_PRE_ELEMENTS = frozenset({"pre", "listing", "xmp", "plaintext"})
#: Elements a browser closes without their end tag, and the start tags that close each (when no list or table
#: was opened inside it): an old forum's ``<td style="white-space: pre">`` left open ends at the next cell.
_CLOSED_BY = {
    "p": frozenset({"address", "article", "aside", "blockquote", "center", "details", "dialog", "dir", "div", "dl", "fieldset",
                    "figcaption", "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hgroup", "hr", "li",
                    "listing", "main", "menu", "nav", "ol", "p", "plaintext", "pre", "search", "section", "summary", "table", "ul",
                    "xmp"}),
    "li": frozenset({"li"}), "dt": frozenset({"dt", "dd"}), "dd": frozenset({"dt", "dd"}),
    "td": frozenset({"td", "th", "tr"}), "th": frozenset({"td", "th", "tr"}), "tr": frozenset({"tr"}), "option": frozenset({"option"}),
}
#: Elements inside which a start tag of :data:`_CLOSED_BY` is another list's or table's (a nested list in an ``<li>``).
_NESTING = frozenset({"ul", "ol", "dl", "menu", "dir", "table", "select"})
#: The elements of :data:`_CLOSED_BY` that each start tag closes (``<li>``: ``<li>`` and ``<p>``).
_CLOSES = {by: frozenset(tag for tag, tags in _CLOSED_BY.items() if by in tags) for by in frozenset().union(*_CLOSED_BY.values())}
#: Elements without content (a ``hidden`` one hides nothing after it).
_VOID = frozenset({"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"})
#: Elements whose content is not shown (or not text): a ``<video>``'s or ``<audio>``'s fallback text
#: (``您的浏览器不支持 video 标签``), ``<rp>`` (a ``<ruby>``'s fallback parentheses), ``<datalist>``,
#: ``<noembed>`` and ``<noframes>`` are ``display: none`` or never rendered.
_HIDDEN = frozenset({"script", "style", "noscript", "template", "svg", "math", "iframe", "object", "canvas", "select",
                     "video", "audio", "rp", "datalist", "noembed", "noframes"})
#: Elements that start a new line: those the HTML standard's stylesheet shows as blocks (``<center>``,
#: ``<legend>``, an open ``<dialog>``, ...), list items, table rows and cells, and form controls.
_BLOCKS = frozenset({
    "address", "article", "aside", "blockquote", "body", "br", "dd", "details", "div", "dl", "dt",
    "fieldset", "figcaption", "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6",
    "header", "hr", "li", "main", "nav", "ol", "p", "pre", "section", "summary", "table", "tbody",
    "td", "tfoot", "th", "thead", "title", "tr", "ul", "option", "button", "label", "caption",
    "center", "legend", "dir", "menu", "hgroup", "search", "dialog", "listing", "xmp", "plaintext",
})
_HEADINGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
#: Page chrome, by element or ARIA role: its lines are marked with the element's name.
_CHROME = {"nav": "nav", "aside": "aside", "footer": "footer", "form": "form"}
_CHROME_ROLES = {"navigation": "nav", "complementary": "aside", "contentinfo": "footer", "search": "form"}
#: How the lines of chrome, of hidden blocks and of the ``<title>`` start (cleaning's ``html_*`` rules drop them).
MARKS = tuple(f"<{label}> " for label in (*_CHROME, "hidden", "title"))
_LEADING = re.compile(f"[\\s{INVISIBLE}]*")  # what cleaning reads a line past (white space, invisible characters)
#: A form's text in these is its controls' (labels, buttons, links, options), not prose.
_CONTROLS = frozenset({"a", "button", "label", "legend", "option", "textarea"})
#: A form with more prose than this (characters outside controls, or blocks holding some)
#: is page content: a thread inside a moderation form, an ASP.NET page wrapped in one form.
FORM_MAX_PROSE = 40
FORM_MAX_PROSE_BLOCKS = 2
#: A box (a form with a field to type into: a login, register, comment or search box) is
#: content only with more prose than this: its hints and its terms-of-service sentence
#: (``登录即表示您已阅读并同意《用户服务协议》…``) are less; an article in one paragraph is more.
FORM_BOX_MAX_PROSE = 120
#: An inline element hidden inside a line with at most this many characters (white space and
#: invisible characters not counted) holds decoy characters against copying (``<span style="display:none">决定</span>``),
#: left out; one with more holds text (a comment's full text behind its ``(展开)`` preview), kept
#: on a ``<hidden> `` line of its own after the line it is in.
DECOY_MAX_CHARS = 8
#: The line break between two hidden blocks in a row (a ``\n`` elsewhere): the same length, so no
#: offset moves, and a line break to ``str.splitlines`` and to cleaning, which unhides the full text of a
#: cut-off preview up to it and not the hidden block after it (a login dialog, a decoy copy).
HIDDEN_BREAK = "\r"
#: ``<input>`` types one types into (no ``type`` is ``text``).
_ENTRY_TYPES = frozenset({"text", "password", "search", "email", "tel", "number", "url"})
#: An ``<article>`` with at least this many characters is the page's (not a card in a list).
ARTICLE_MIN_CHARS = 200


def _shown_chars(text: str) -> int:
    """How many characters of ``text`` a reader sees: white space and invisible characters (zero-width space, soft
    hyphen, ...: :data:`argmine.normalize.INVISIBLE`) not counted, as the length thresholds above count them.

    >>> _shown_chars("决\u200b定 一下\u00ad")
    4
    """
    return len(shown_chars(text))


def html_to_text(markup: str) -> str:
    """The text of an HTML page as a browser lays it out: one line per block.

    Scripts, styles and the content of other elements that show no text
    (``<template>``, ``<select>``, ``<svg>``, ...) are dropped, character
    references decoded (the standard library's :class:`html.parser.HTMLParser`),
    runs of white space inside a line collapsed (``<pre>`` keeps its line
    breaks and its runs of spaces inside a line), empty lines removed.
    Text under ``visibility: hidden`` is read as shown (it keeps its place on
    the page, and scripts reveal it); the fallback text of a ``<video>`` or
    an ``<audio>`` and a ``<ruby>``'s ``<rp>`` are not shown.

    >>> html_to_text("<title>标题</title><script>x=1</script><p>支付宝&amp;社交,<b>没必要</b>。</p><div>第二段<br>第三行</div>")
    '标题\\n支付宝&社交,没必要。\\n第二段\\n第三行'
    >>> html_to_text("<p hidden>藏</p><div style='display: none'><div>也藏</div></div><pre>一\\n  二  三</pre><b x")
    '<hidden> 藏\\r<hidden> 也藏\\n一\\n二  三'

    A block hidden by the ``hidden`` attribute or ``display: none`` (a login
    dialog, a folded menu), or a ``<dialog>`` not ``open`` (a pop-up), keeps
    its text, each line marked ``<hidden> ``,
    for cleaning to drop with a reason; so does an inline element hidden
    inside a line (``<span style="display:none">``), its text set on lines
    of its own after that line, unless it holds at most
    :data:`DECOY_MAX_CHARS` characters (decoys against copying: left out).
    A hidden block right after another one, or the text of a second inline
    hidden element of the same line, starts after a ``\\r``
    (:data:`HIDDEN_BREAK`), not a ``\\n``: cleaning keeps the one that holds
    a cut-off preview's full text, and not the next.

    >>> html_to_text("<p>隐私问题…<span style='display:none'>隐私问题才是核心，用户信任最重要。</span>(展开)</p><p>好<b hidden>干扰</b>。</p>")
    '隐私问题…(展开)\\n<hidden> 隐私问题才是核心，用户信任最重要。\\n好。'

    Page chrome keeps its text too, each line marked with the element's name
    (``<nav> ``, ``<aside> ``, ``<footer> ``, ``<form> ``), so that cleaning
    drops it with a reason (the ``html_*`` furniture rules): ``<nav>``,
    ``<aside>``, ``<footer>``, ``<form>`` and the ARIA roles ``navigation``,
    ``complementary``, ``contentinfo``, ``search``.  Not chrome: such an
    element holding a ``<main>`` or an ``<article>`` of at least
    :data:`ARTICLE_MIN_CHARS` characters (not a list of small article cards);
    an ``<aside>`` inside an ``<article>`` (a pull quote, an editor's note);
    a form holding an ``<h1>``, or more than :data:`FORM_MAX_PROSE`
    characters of prose (text outside its labels, buttons, links and
    options) or prose in more than :data:`FORM_MAX_PROSE_BLOCKS` blocks
    (posts in a moderation form); but a box, a form with a field to type
    into (a login, register, comment or search box; its hints and terms of
    service are prose too), only with more than :data:`FORM_BOX_MAX_PROSE`
    characters of prose (an ASP.NET page with a search box); one never closed;
    ``<header>`` (it often holds the headline).  The ``<title>`` is marked
    ``<title> `` when the page shows an ``<h1>`` outside chrome (the
    headline; the title repeats it, often with the site's name); otherwise it
    is the first line, the page's headline.

    >>> html_to_text("<title>标题 - 网</title><nav>首页 | 新闻</nav><h1>标题</h1><p>正文。</p><footer>版权</footer>")
    '<title> 标题 - 网\\n<nav> 首页 | 新闻\\n标题\\n正文。\\n<footer> 版权'

    A hidden element that is never closed (broken markup: ``<select>`` with
    no ``</select>``) would hide the rest of the page; its content is shown.
    One whose end tag may be left out (``<li>``, ``<p>``, ``<td>``, ...:
    :data:`_CLOSED_BY`) ends where a browser ends it, at the next item, a
    block or the end of its list, hidden as if its end tag were there.

    >>> html_to_text("<ul><li hidden>菜单一<li style='display:none'>菜单二<li>正文</ul><p hidden>请先登录<p>支付宝做社交没必要。")
    '<hidden> 菜单一\\r<hidden> 菜单二\\n正文\\n<hidden> 请先登录\\n支付宝做社交没必要。'

    A comment never closed (a page cut off inside ``<!--``) hides the rest
    of the page, as in a browser, and a tag cut off at the end is no text.

    >>> html_to_text("<p>正文。</p><p>评论区<!-- 注释<p>藏</p>")
    '正文。\\n评论区'
    """
    return _html_page(markup)[0]


def _html_page(markup: str) -> tuple[str, list[int], list[int]]:
    """:func:`html_to_text`, and the numbers (from 0) of its lines that came whole from a shown heading, and from a link.

    A heading is an ``<h1>``..``<h6>`` element that is closed, not hidden
    and not in marked chrome; cleaning reads its lines as titles.  A link
    line is one outside marked chrome whose every letter, digit and
    ideograph is the text of an ``<a>`` (a bullet around it may stand);
    cleaning reads only such lines as the headlines listed under 推荐阅读.

    >>> _html_page("<nav><h2>导航</h2></nav><h1>支付宝做社交？用户为何不买账</h1><p>正文。</p><h2 hidden>藏</h2>")
    ('<nav> 导航\\n支付宝做社交？用户为何不买账\\n正文。\\n<hidden> 藏', [1], [])
    >>> _html_page("<p>推荐阅读</p><p>▶ <a href='/1'>支付宝的社交梦</a></p><p>我说<a href='/2'>这篇</a>不对</p>")[1:]
    ([], [1])
    """
    return _html_layout(markup)[:3]


def _html_layout(markup: str) -> tuple[str, list[int], list[int], list[int]]:
    """:func:`_html_page`, and the numbers of the lines of the page's own text that start like a mark (:func:`_looks_marked`).

    Such a line (a tutorial's ``<code>&lt;nav&gt;</code> 元素表示导航``) is
    not chrome: reading records these numbers as ``meta["literal_mark_lines"]``,
    and cleaning tries no ``html_*`` rule on them.

    >>> _html_layout("<nav>首页</nav><p><code>&lt;nav&gt;</code> 元素表示导航。</p><p hidden>&lt;form&gt; 藏</p>")
    ('<nav> 首页\\n<nav> 元素表示导航。\\n<hidden> <form> 藏', [], [], [1])
    """
    shown: set[int] = set()
    while True:
        text, headings, links, unclosed, tags, literal = _html_pass(markup, shown)
        if unclosed is None:
            return text, headings, links, literal
        # all those never closed, from the tags: one more parse, not one for each (quadratic)
        shown = (shown or _never_closed(tags)) | {unclosed}


def _never_closed(tags: list[tuple[str, list | None]]) -> set[int]:
    """The numbers of the hidden start tags whose elements :func:`_html_pass` shows because they are never closed, found in one reading of the page's tags.

    The same as parsing the page again with the first hidden element left
    open at the end shown, until none is left open (one parse for each:
    quadratic).  An element left out (an inline hidden one, a ``<select>``,
    ...) ends at its end tag counted by name; the tags inside one that ends
    are not read.  A hidden block ends at its end tag, or where a browser
    ends one whose end tag may be left out (:meth:`_Open.closed_by`,
    :meth:`_Open.closed_around`), as the pass ends it.  The hidden blocks
    still open are kept on a stack, each inside the one before: the next
    block the pass marks should the one before never close.  The elements
    open inside one of them (:attr:`_Open.inner`) are those whose start
    tags, unmatched so far, come after its own: one stack of unmatched start
    tags per tag name serves them all.

    >>> _never_closed(_html_pass("<div hidden>一<p hidden>二</p><span hidden>三<ul><li hidden>四</ul><div hidden>", set())[4])
    {1, 3, 6}
    """
    ends: dict[int, int] = {}  # a start tag's index in tags -> its end tag's, counted by name
    unmatched: defaultdict[str, list[int]] = defaultdict(list)
    for i, (tag, attrs) in enumerate(tags):
        if attrs is None:
            if unmatched[tag]:
                ends[unmatched[tag].pop()] = i
        elif tag not in _VOID:
            unmatched[tag].append(i)
    shown: set[int] = set()
    read: list[tuple[str, int | None]] = []  # the tags a pass reads (not left out): a start tag's number if it starts a hidden block, else 0; None for an end tag
    n, skip = 0, -1
    for i, (tag, attrs) in enumerate(tags):
        n += attrs is not None
        if i <= skip:
            continue
        if attrs is None:
            read.append((tag, None))
            continue
        hidden = tag not in _VOID and _hidden_by(tag, attrs)
        if tag in _HIDDEN or (hidden and tag not in _BLOCKS):  # left out, to its end tag
            if i in ends:
                skip = ends[i]
                continue
            if tag in ("script", "style"):  # never text, closed or not
                break
            shown.add(n)
            hidden = False
        read.append((tag, n if hidden else 0))
    unmatched.clear()  # now of the tags read
    blocks: list[tuple[int, str, int]] = []  # the hidden blocks open: (index in read, tag, number)
    named: defaultdict[str, list[int]] = defaultdict(list)  # their indexes in read, by tag
    optional: list[int] = []  # those of the ones whose end tag may be left out
    for j, (tag, number) in enumerate(read):
        # the blocks opened before the last list or table still open have one open inside them (nested)
        nesting = max((unmatched[t][-1] for t in _NESTING if unmatched[t]), default=-1)
        if number is None:  # an end tag: it ends the outermost block with no element so named open inside it
            after = unmatched[tag][-1] if unmatched[tag] else -1
            first = _first_from(named[tag], after)
            if tag in _BLOCKS or tag in ("html", "select"):
                first = min(first, _first_from(optional, max(after, nesting + 1)))
            if unmatched[tag]:
                unmatched[tag].pop()
        else:  # a start tag: it ends the outermost block not nested that it closes
            first = min((_first_from(named[t], nesting + 1) for t in _CLOSES.get(tag, ())), default=sys.maxsize)
            if tag not in _VOID:
                unmatched[tag].append(j)
        while blocks and blocks[-1][0] >= first:  # closed, and the blocks inside it are in it
            _, closed, _ = blocks.pop()
            named[closed].pop()
            if closed in _CLOSED_BY:
                optional.pop()
        if number:
            blocks.append((j, tag, number))
            named[tag].append(j)
            if tag in _CLOSED_BY:
                optional.append(j)
    return shown | {number for _, _, number in blocks}


def _first_from(indexes: list[int], low: int) -> int:
    """The first of the ascending ``indexes`` at least ``low``; past any index (``sys.maxsize``) if none."""
    k = bisect.bisect_left(indexes, low)
    return indexes[k] if k < len(indexes) else sys.maxsize


def _without_cut_off_tag(markup: str) -> str:
    """``markup`` less a tag cut off at its end (``<b x`` with no ``>`` after it): no text.

    Looked for after the last ``>`` only, in linear time: a pattern run on
    the whole page tries from every ``<`` to the end (quadratic on
    ``<a<a<a…``).

    >>> _without_cut_off_tag("<p>正文 a<b</p><b x"), _without_cut_off_tag("<p>a < b</p>")
    ('<p>正文 a<b</p>', '<p>a < b</p>')
    """
    cut = _TAG_START.search(markup, markup.rfind(">") + 1)
    return markup[: cut.start()] if cut else markup


def _comment_end(markup: str, start: int, end: int | None = None) -> re.Match | None:
    """The end of the comment whose text starts at ``start`` (past its ``<!--``), as a browser ends it; ``None`` if not closed."""
    end = len(markup) if end is None else end
    return _EMPTY_COMMENT_END.match(markup, start, end) or _COMMENT_END.search(markup, start, end)


def _raw_text_at(markup: str, start: int, end: int, raw: str | None) -> tuple[str | None, int]:
    """The element of :data:`_RAW_TEXT` open at ``end`` in ``markup`` (or ``None``), read on from ``start`` inside ``raw``; and where reading stopped."""
    while start < end:
        if raw:
            close = re.compile(rf"</{raw}(?=[\s/>])", re.IGNORECASE).search(markup, start, end)
            if not close:
                return raw, end
            raw, start = None, close.end()
        elif not (tag := _RAW_TEXT.search(markup, start, end)):
            return None, end
        elif tag[1]:
            raw, start = tag[1].lower(), tag.end()
        else:  # a comment, closed before end: the parser has read past it
            close = _comment_end(markup, tag.end(), end)
            start = close.end() if close else end
    return raw, start


@dataclass
class _Counts:
    """What the page has shown so far that tells chrome from content (:meth:`_Frame.holds_content`).

    Counted once for the page, not once per open chrome element: a frame
    keeps a copy from when it started, and what the counts grew by till it
    closes happened in it, so nested or unclosed chrome stays linear.
    """

    prose: int = 0  # characters of text outside form controls (white space and invisible characters not counted)
    blocks: int = 0  # the blocks holding such text
    block: int = -1  # the last of them
    contents: int = 0  # <main> elements, and <article>s long enough to be the page's, in chrome
    headlines: int = 0  # <h1> elements in chrome (a form holding one is content)
    boxes: int = 0  # fields to type into in chrome


@dataclass
class _Frame:
    """An open chrome element: its lines are marked ``<label> `` unless it turns out to hold content."""

    tag: str
    label: str
    start: int  # where it starts in the output
    at: _Counts  # the page's counts when it started
    opened_at: int  # the elements named ``tag`` (chrome aside) opened in chrome when it started
    ends: int = 0  # the end tags named ``tag`` it took: it is closed when they match the elements opened in it, and itself

    def holds_content(self, now: _Counts) -> bool:
        """Whether the closed element is page content, not chrome (see :func:`html_to_text`); ``now``: the page's counts."""
        content = now.contents > self.at.contents or (self.label == "form" and now.headlines > self.at.headlines)
        if content or self.label != "form":
            return content
        prose, blocks = now.prose - self.at.prose, now.blocks - self.at.blocks
        if now.boxes > self.at.boxes:  # a form with a field to type into
            return prose > FORM_BOX_MAX_PROSE
        return prose > FORM_MAX_PROSE or blocks > FORM_MAX_PROSE_BLOCKS


def _html_pass(markup: str, shown: set[int]) -> tuple[str, list[int], list[int], int | None, list[tuple[str, list | None]], list[int]]:
    """One parse; also its heading and link lines (:func:`_html_page`), the number of the hidden start tag left open at the end (if any), the page's tags,
    and the lines of its own text that start like a mark (:func:`_html_layout`).

    A start tag is numbered from 1 in the order read, and it shows its
    element's content when its number is in ``shown``.  The tags are
    ``(tag, attrs)`` for a start tag and ``(tag, None)`` for an end tag, in
    the order read (:func:`_never_closed` reads them).

    Chrome elements (:data:`_CHROME`) are :class:`_Frame` s over ``out``; a
    closed frame without content is a region whose lines are marked
    ``<label> ``, and so is a hidden block (``<hidden> ``) and the ``<title>``
    when the page shows an ``<h1>`` outside chrome.  A heading's lines count
    as headings where no region marks them.  The text of an inline hidden
    element (longer than a decoy) waits in ``later`` for the line it is in
    to end, then is a region marked ``<hidden> `` (one per element).
    """
    from html.parser import HTMLParser

    out: list[str] = []
    regions: list[tuple[int, int, str]] = []  # (start, end) in out, and the mark of its lines
    headings: list[tuple[int, int]] = []  # (start, end) in out of each closed heading not hidden
    linked: set[int] = set()  # the indexes in out of the text inside an <a>
    tags: list[tuple[str, list | None]] = []
    fed = _without_cut_off_tag(markup)

    class _Page(HTMLParser):
        hide_tag: str | None = None  # the element being left out, and how deep in it we are
        hide_from = 0  # its start tag's number
        depth = 0
        mark: _Open | None = None  # the hidden block being marked (and the elements open in it),
        mark_from = 0  # its start tag's number and where it starts in out
        mark_start = 0
        n = 0
        block = 0  # line breaks made by block elements so far
        title_at = -1  # where the <title> being read starts in out
        h1 = False  # an <h1> with text shown outside chrome: the <title> only repeats it
        h1_at = -1  # where such an <h1> being read starts in out
        h1_words = False  # and whether it has shown a word (a letter, digit or ideograph) yet
        heading_at = -1  # where the <h1>..<h6> being read starts in out
        links = 0  # open <a> elements
        keep: list[str] | None = None  # the text so far of the inline hidden element being read (None in a <script>, ...)
        unseen = 0  # elements open inside it whose content is never text (a <script>)
        raw: str | None = None  # the element of _RAW_TEXT open at the last comment never closed (its <!-- is text),
        scanned = 0  # and how far fed has been read for it
        closing = False  # in close(): the parser reads what it waited for as text
        unclosed_at = sys.maxsize  # where in fed the first comment never closed starts

        def __init__(self):
            super().__init__(convert_charrefs=True)
            self.frames: list[_Frame] = []
            self.by_tag: dict[str, list[int]] = {}  # tag -> the indexes in frames of the open frames named so, innermost last
            self.forms = 0  # open frames labelled form
            self.opened: Counter[str] = Counter()  # elements opened in chrome (chrome aside), per tag
            self.counts = _Counts()
            self.articles: list[int] = []  # self.chars when each open <article> started
            self.chars = 0  # characters of shown text so far (white space and invisible characters not counted)
            self.controls = 0  # open form controls (labels, buttons, links, options)
            self.later: list[list[str]] = []  # the text of each inline hidden element in the line being read
            self.spaces: list[_WhiteSpace] = []  # the open elements that set how white space is laid out (:func:`_white_space`)

        def _break(self):
            self.flush()
            out.append("\n")
            self.block += 1

        def flush(self):
            """End the line being read; the text of each inline hidden element in it follows, a ``<hidden>`` region of its own."""
            for kept in self.later:  # one region each: the second starts after a HIDDEN_BREAK, as a hidden block after another
                out.append("\n")
                regions.append((len(out), len(out) + len(kept), "hidden"))
                out.extend(kept)
            self.later.clear()

        def handle_starttag(self, tag, attrs):
            self.n += 1
            tags.append((tag, attrs))
            if self.hide_tag:
                self.depth += tag == self.hide_tag
                self._hidden_tag(tag, 1)
                return
            self._field(tag, attrs)
            hidden = self.n not in shown and tag not in _VOID and _hidden_by(tag, attrs)
            if self.n not in shown and (tag in _HIDDEN or (hidden and tag not in _BLOCKS)):
                self.hide_tag, self.depth, self.hide_from = tag, 1, self.n
                self.keep, self.unseen = (None if tag in _HIDDEN else []), 0
                return
            ended = self.mark is not None and self.mark.closed_by(tag)  # <li hidden>一<li>: the next item ends it
            if ended:
                self.mark = None
            if self.mark:
                if tag not in _VOID:  # an element without content is never open
                    self.mark.inner[tag] += 1
            elif hidden:
                self.mark, self.mark_from = _Open(tag), self.n
            if tag not in _VOID:
                self._spaces_start(tag, attrs)
            self.links += tag == "a"
            self.controls += tag in _CONTROLS
            if tag in _BLOCKS:
                self._break()
            if ended:  # where its end tag would have ended it: past the line break and the inline hidden text it flushed
                regions.append((self.mark_start, len(out), "hidden"))
            if self.mark_from == self.n:  # the hidden block starts past the line break, and past the inline hidden text it flushed
                self.mark_start = len(out)
            label = _CHROME.get(tag) or (_chrome_role(attrs) if attrs and tag not in _VOID else None)
            if label == "aside" and self.articles:
                label = None  # a pull quote or an editor's note is part of the article
            if self.frames:
                self._inside_chrome(tag, label)
            elif tag == "h1" and not self.mark:
                self.h1_at = len(out)
            if tag in _HEADINGS:  # a heading left open (an <h2> never closed) is not counted
                self.heading_at = -1 if self.mark else len(out)
            if tag == "article":
                self.articles.append(self.chars)
            if label:
                self._break()  # a new block: the frame's first prose is in a block of its own (counts.blocks counts it)
                self.by_tag.setdefault(tag, []).append(len(self.frames))
                self.forms += label == "form"
                self.frames.append(_Frame(tag, label, len(out), replace(self.counts), self.opened[tag]))
            elif tag == "title":
                self.title_at = len(out)

        def _inside_chrome(self, tag, label):
            if not label:  # a chrome element counts its own depth
                self.opened[tag] += 1
            if self.mark:
                return  # hidden: shows the page no headline or content
            if tag == "main":  # the page's content is in there
                self.counts.contents += 1
            elif tag == "h1":
                self.counts.headlines += 1
                if self.forms == len(self.frames):
                    self.h1_at = len(out)

        def _hidden_tag(self, tag, step):
            """A tag inside an inline hidden element being kept: a block breaks its text's line."""
            if self.keep is not None:
                self.unseen = max(0, self.unseen + step * (tag in _HIDDEN))
                if tag in _BLOCKS:
                    self.keep.append("\n")

        def handle_startendtag(self, tag, attrs):
            if self.hide_tag:
                self._hidden_tag(tag, 0)
                return
            self._field(tag, attrs)
            if tag in _BLOCKS:
                self._break()

        def _field(self, tag, attrs):
            """A field to type into (even hidden: editors hide their textarea) makes a form a box."""
            if self.frames and (tag == "textarea" or (tag == "input" and _input_type(attrs) in _ENTRY_TYPES)):
                self.counts.boxes += 1

        def parse_comment(self, i, report=1):
            """Read the comment at ``i`` to where a browser ends it (:data:`_COMMENT_END`); where one never closed ends.

            In a ``<textarea>``, ``<title>``, ``<xmp>``, ... (:data:`_RAW_TEXT`)
            ``<!--`` is text: its ``<`` is read as such and the parser reads
            on.  Anywhere else a comment never closed runs to the end of the
            page.  Decided here, in one reading: the parser would wait for the
            ``-->``, and feeding it the rest of the page again for each
            ``<!--`` is quadratic.  At :meth:`close` the parser reads what it
            waited for (after a tag never closed) as text.
            """
            at = len(fed) - len(self.rawdata) + i  # the parser's data is the rest of fed
            # no comment after one never closed is closed: its --> would close that one (not looked for again: quadratic)
            end = _comment_end(self.rawdata, i + 4) if at < self.unclosed_at else None
            if end:
                if report:
                    self.handle_comment(self.rawdata[i + 4 : end.start()])
                return end.end()
            self.unclosed_at = min(self.unclosed_at, at)
            if self.closing:
                return -1
            self.raw, self.scanned = _raw_text_at(fed, self.scanned, at, self.raw)
            if self.raw:
                self.handle_data("<")
                return i + 1
            return len(self.rawdata)

        def handle_endtag(self, tag):
            tags.append((tag, None))
            if self.hide_tag:
                if tag == self.hide_tag:
                    self.depth -= 1
                    self.hide_tag = self.hide_tag if self.depth else None
                if self.hide_tag:
                    self._hidden_tag(tag, -1)
                elif self.keep is not None:
                    if _shown_chars("".join(self.keep).translate(_UNKEEP)) > DECOY_MAX_CHARS:
                        self.later.append(self.keep)
                    self.keep = None
                return
            self._spaces_end(tag)
            self.links = max(0, self.links - (tag == "a"))
            self.controls = max(0, self.controls - (tag in _CONTROLS))
            if tag in _HEADINGS and self.heading_at >= 0:  # any heading's end tag closes the open one
                headings.append((self.heading_at, len(out)))
                self.heading_at = -1
            if tag == "article" and self.articles:
                if self.chars - self.articles.pop() >= ARTICLE_MIN_CHARS:  # the page's article, not a card
                    self.counts.contents += 1
            if self.frames:
                self._close_chrome(tag)
            if tag == "title" and self.title_at >= 0:
                regions.append((self.title_at, len(out), "title"))
                self.title_at = -1
            if tag == "h1" and self.h1_at >= 0:  # a logo <h1> (only an image) shows no headline
                self.h1 = self.h1 or self.h1_words
                self.h1_at, self.h1_words = -1, False
            if tag in _BLOCKS:
                self._break()
            if not self.mark:
                return
            if self.mark.inner[tag]:
                self.mark.inner[tag] -= 1
            elif tag == self.mark.tag or self.mark.closed_around(tag):  # <ul><li hidden>菜单</ul>: the list's end ends the item
                regions.append((self.mark_start, len(out), "hidden"))
                self.mark = None

        def _close_chrome(self, tag):
            if not self.by_tag.get(tag):
                return
            i = self.by_tag[tag][-1]  # the innermost frame named tag takes the end tag
            f = self.frames[i]
            f.ends += 1
            if f.ends > self.opened[tag] - f.opened_at:  # closed; so is any chrome left open inside it
                closed = self.frames[i:]
                regions.extend((g.start, len(out), g.label) for g in closed if not g.holds_content(self.counts))
                for g in closed:  # the last index of each tag's list
                    self.by_tag[g.tag].pop()
                    self.forms -= g.label == "form"
                del self.frames[i:]
                self._break()

        def _spaces_start(self, tag, attrs):
            """A start tag: it may close an element that sets the white space (:data:`_CLOSED_BY`), or be one."""
            while self.spaces and self.spaces[-1].closed_by(tag):
                self.spaces.pop()
            mode = _white_space(tag, attrs)
            if mode:
                self.spaces.append(_WhiteSpace(tag, mode=mode))
            elif self.spaces:
                self.spaces[-1].inner[tag] += 1

        def _spaces_end(self, tag):
            """An end tag: of an element inside the innermost one that sets the white space, of that one, or of one around it."""
            while self.spaces:
                top = self.spaces[-1]
                if top.inner[tag]:
                    top.inner[tag] -= 1
                elif tag == top.tag:
                    self.spaces.pop()
                elif top.closed_around(tag):
                    self.spaces.pop()
                    continue
                return

        def _laid_out(self, data: str) -> str:
            """``data`` as the page shows it: a line break in the source is a space, except in <pre> (:func:`_white_space`)."""
            mode = self.spaces[-1].mode if self.spaces else "normal"
            if mode == "pre":
                return _LINE_BREAK.sub("\n", data).translate(_KEEP)
            return _PRE_LINE_SPACES.sub(lambda m: "\n" if m.group(1) else " ", data) if mode == "pre-line" else _SPACES.sub(" ", data)

        def handle_data(self, data):
            if self.hide_tag:
                if self.keep is not None and not self.unseen:
                    self.keep.append(self._laid_out(data))
                return
            if self.links:
                linked.add(len(out))
            out.append(self._laid_out(data))
            if self.mark:
                return  # hidden text is no evidence of what the page shows
            if self.h1_at >= 0 and not self.h1_words:
                self.h1_words = _WORD.search(data) is not None
            chars = _shown_chars(data)  # a CMS's &#8203; adds nothing a reader sees
            self.chars += chars  # counted once for the page, not once per open <article> or form (linear when nested)
            if chars and not self.controls:
                self.counts.prose += chars
                self.counts.blocks += self.counts.block != self.block
                self.counts.block = self.block

    page = _Page()
    page.feed(fed)
    page.closing = True
    page.close()
    page.flush()
    # script and style content is never text, closed or not
    if page.hide_tag and page.hide_tag not in ("script", "style"):
        return "", [], [], page.hide_from, tags, []
    if page.mark:
        return "", [], [], page.mark_from, tags, []
    if not page.h1:
        regions = [r for r in regions if r[2] != "title"]
    parts: list[str] = []
    heading_lines: list[int] = []
    link_lines: list[int] = []
    literal_lines: list[int] = []  # unmarked lines that start like a mark: the page's own text

    heading_ends = [he for _, he in headings]  # headings are in order and do not overlap

    def lines(start: int, end: int) -> None:
        for line, link in _linked_lines(out, start, end, linked):
            if link:
                link_lines.append(len(parts))
            if _looks_marked(line):
                literal_lines.append(len(parts))
            parts.append(line)

    def unmarked(start: int, end: int) -> None:
        for hs, he in headings[bisect.bisect_right(heading_ends, start):]:
            if hs >= end:
                break
            hs, he = max(hs, start), min(he, end)  # a heading starts and ends a line: cutting there splits none
            lines(start, hs)
            first = len(parts)
            lines(hs, he)
            heading_lines.extend(range(first, len(parts)))
            start = he
        lines(start, end)

    pos = 0
    hidden_end = -1  # len(parts) after the last hidden region's lines
    breaks: list[int] = []  # the first lines of hidden regions right after another one's: HIDDEN_BREAK goes before them
    for start, end, label in sorted(regions):
        if start < pos:
            continue  # inside a region already marked
        unmarked(pos, start)
        first = len(parts)
        parts.extend(f"<{label}> {line}" for line in _page_lines(out[start:end]))
        if label == "hidden" and len(parts) > first:
            if first == hidden_end:
                breaks.append(first)
            hidden_end = len(parts)
        pos = end
    unmarked(pos, len(out))
    if not breaks:
        return "\n".join(parts), heading_lines, link_lines, None, tags, literal_lines
    pieces, prev = [], 0
    for b in breaks:
        pieces += ("\n".join(parts[prev:b]), HIDDEN_BREAK)
        prev = b
    pieces.append("\n".join(parts[prev:]))
    return "".join(pieces), heading_lines, link_lines, None, tags, literal_lines


def _linked_lines(out: list[str], start: int, end: int, linked: set[int]) -> Iterator[tuple[str, bool]]:
    """The lines of ``out[start:end]`` as :func:`_page_lines` gives them, each with whether its words all came from a link.

    ``linked``: the indexes in ``out`` of the pieces of text inside an ``<a>``.
    """
    pieces: list[str] = []
    link = other = False  # a word from a link, a word from elsewhere
    for i in range(start, end):
        for k, chunk in enumerate(out[i].split("\n")):
            if k:
                line = _line("".join(pieces))
                if line:
                    yield line, link and not other
                pieces, link, other = [], False, False
            pieces.append(chunk)
            if _WORD.search(chunk):
                link, other = link or i in linked, other or i not in linked
    line = _line("".join(pieces))
    if line:
        yield line, link and not other


def _looks_marked(line: str) -> bool:
    """Whether cleaning would read ``line`` as starting with a mark (:data:`MARKS`): it reads a line past white space
    and invisible characters, full-width forms folded to ASCII (:func:`argmine.normalize.fold_width`).

    >>> _looks_marked("<nav> 元素"), _looks_marked("\\u200b＜ｎａｖ＞ 元素"), _looks_marked("<nav>元素"), _looks_marked("导航")
    (True, True, False, False)
    """
    if line[_LEADING.match(line).end() :][:1] not in ("<", "\uff1c"):  # most lines: no character that reads as "<"
        return False
    return fold_width(without_invisible(line)).lstrip().startswith(MARKS)


def _page_lines(pieces: list[str]) -> Iterator[str]:
    """The non-empty lines of ``pieces`` joined, laid out (:func:`_line`)."""
    for line in "".join(pieces).split("\n"):
        line = _line(line)
        if line:
            yield line


def _line(text: str) -> str:
    """A line of the page as shown: runs of white space read as one space and none at its ends, but the runs of spaces
    ``pre`` keeps (:data:`_KEEP`) kept inside the line; a line of kept white space only is empty.  Its indentation is
    left out: cleaning reads a line that starts with spaces as a forum reply's (a code block's indented lines would
    make the paragraphs after it comments).

    >>> _line(" 一  二 "), _line("  " + "  张三   61%  ".translate(_KEEP) + " "), _line("  ".translate(_KEEP))
    ('一 二', '张三   61%', '')
    """
    return " ".join(text.split()).translate(_UNKEEP).strip()


def _chrome_role(attrs) -> str | None:
    """The chrome mark of an ARIA ``role`` (``role="navigation"``: ``nav``), if any."""
    for name, value in attrs:
        if name == "role" and value:
            return next((_CHROME_ROLES[r] for r in value.lower().split() if r in _CHROME_ROLES), None)
    return None


def _input_type(attrs) -> str:
    """An ``<input>``'s type, lower case (``text`` when it has none)."""
    return next(((value or "").strip().lower() for name, value in attrs if name == "type"), "") or "text"


@dataclass
class _Open:
    """An open element, and the elements open inside it (their start tags less their end tags, per tag): where a browser closes it."""

    tag: str
    inner: Counter = field(default_factory=Counter)

    def nested(self) -> bool:
        """Whether a list or a table is open inside it (:data:`_NESTING`)."""
        return any(self.inner[t] for t in _NESTING)

    def closed_by(self, tag: str) -> bool:
        """Whether a browser closes it at a start tag ``tag`` (:data:`_CLOSED_BY`)."""
        return tag in _CLOSED_BY.get(self.tag, ()) and not self.nested()

    def closed_around(self, tag: str) -> bool:
        """Whether the end tag ``tag``, not of an element inside it nor its own, closes it: one of a block around it, when its own may be left out.

        A stray ``</span>`` closes nothing.
        """
        return self.tag in _CLOSED_BY and not self.nested() and (tag in _BLOCKS or tag in ("html", "select"))


@dataclass
class _WhiteSpace(_Open):
    """An open element that sets how white space is laid out (:func:`_white_space`), and the elements open inside it."""

    mode: str = "normal"  # "pre", "pre-line" or "normal"


def _white_space(tag: str, attrs) -> str | None:
    """How the element lays out white space, if it says: ``pre`` (a ``<pre>``, ``<listing>`` or ``<xmp>``, a class of :data:`PRE_CLASSES`, a
    ``white-space: pre``/``pre-wrap``/``break-spaces`` style), ``pre-line`` or ``normal`` (``normal``, ``nowrap``); else ``None``.

    >>> _white_space("pre", []), _white_space("div", [("class", "bbs-screen bbs-content")]), _white_space("p", [("style", "white-space:pre-line")])
    ('pre', 'pre', 'pre-line')
    >>> _white_space("pre", [("style", "white-space: normal")]), _white_space("div", [("class", "x")])
    ('normal', None)
    """
    style = next((m.group(1).lower() for name, value in attrs if name == "style" and value
                  for m in [_STYLE_WHITE_SPACE.search(value)] if m), None)
    if style:
        return _WHITE_SPACE_MODES[style]
    if tag in _PRE_ELEMENTS or any(name == "class" and value and not PRE_CLASSES.isdisjoint(value.split()) for name, value in attrs):
        return "pre"
    return None


def _hidden_by(tag: str, attrs) -> bool:
    """Whether the element is not shown: the ``hidden`` attribute, a ``display: none`` style, or a ``<dialog>`` not ``open`` (a pop-up).

    >>> _hidden_by("div", [("style", "display: none")]), _hidden_by("dialog", []), _hidden_by("dialog", [("open", None)])
    (True, True, False)
    """
    if tag == "dialog" and not any(name == "open" for name, _ in attrs):
        return True
    for name, value in attrs:
        if name == "hidden" or (name == "style" and value and _STYLE_HIDDEN.search(value)):
            return True
    return False
