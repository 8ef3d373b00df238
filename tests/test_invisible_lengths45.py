"""Invisible characters do not count towards the length thresholds of cleaning and HTML reading (QA round 45).

A reader does not see a zero-width space, joiner, word joiner, byte-order mark or soft hyphen
(argmine.normalize.INVISIBLE).  A page or text holding them gives the same units, kinds and dropped spans as the
same page without them: a repeated comment is a duplicate at 10 characters a reader counts
(``DUPLICATE_MIN_CHARS``), and an HTML form's prose (``FORM_MAX_PROSE``), a hidden decoy (``DECOY_MAX_CHARS``)
and an article (``ARTICLE_MIN_CHARS``) are measured as they show.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import argmine
from argmine.clean import DUPLICATE_MIN_CHARS
from argmine.html import ARTICLE_MIN_CHARS, DECOY_MAX_CHARS, FORM_BOX_MAX_PROSE, FORM_MAX_PROSE, html_to_text
from argmine.normalize import INVISIBLE
from argmine.segment import iter_segmented

from .conftest import assert_offsets

ZWSP = "\u200b"
_GONE = {ord(c): None for c in INVISIBLE}


def _shown(text: str) -> str:
    return text.translate(_GONE)


def _noisy(text: str, every: int = 2, char: str = ZWSP) -> str:
    """``text`` with ``char`` after every ``every``-th character inside it (none at its edges)."""
    return "".join(c + (char if i % every == every - 1 and i < len(text) - 1 else "") for i, c in enumerate(text))


def _seen_units(seg):
    """What a reader sees of a segmented document: each unit's text and kind, each dropped span's rule and text."""
    return ([(_shown(u.text), u.kind) for u in seg.units], [(d.rule, _shown(d.text)) for d in seg.dropped])


def _segment_text(text: str):
    doc = argmine.Document("d", text)
    seg = next(iter_segmented(doc))
    assert_offsets([doc], seg.units)
    return seg


def _segment_page(markup: str):
    with tempfile.TemporaryDirectory() as folder:
        page = Path(folder) / "p.html"
        page.write_text(markup, "utf-8")
        seg = next(iter_segmented(argmine.read([page])))
    assert all(seg.document.text[s.start:s.end] == s.text for s in seg.units + seg.dropped)
    return seg


# ---- F1: a repeated comment's length ------------------------------------------------------------------------------

_THREAD = "支付宝做社交，我认为是一步错棋。\n用户要的是安全的钱包，而不是朋友圈。\n说得太对了！\n隐私才是底线。\n"


@pytest.mark.parametrize("char", list(INVISIBLE))
def test_a_short_repeated_comment_holding_invisible_characters_is_no_duplicate(char):
    plain = _segment_text(_THREAD + "说得太对了！\n")
    noisy = _segment_text(_THREAD + char.join("说得太对了！") + "\n")
    assert [u.text for u in plain.units][-1] == "说得太对了！" and plain.dropped == ()
    assert _seen_units(noisy) == _seen_units(plain)
    assert noisy.units[-1].text == char.join("说得太对了！")


def test_a_repeated_comment_of_nine_characters_with_a_zero_width_space_is_kept_as_without_it():
    # 从电商做社交,难! (9 characters) repeats in the bundled corpus; a copy with one zero-width space is still 9
    head = "支付宝做社交，我认为是一步错棋。\n从电商做社交,难!\n隐私才是底线。\n"
    assert len("从电商做社交,难!") == DUPLICATE_MIN_CHARS - 1
    plain = _segment_text(head + "从电商做社交,难!\n")
    noisy = _segment_text(head + f"从电商{ZWSP}做社交,难!\n")
    assert _seen_units(noisy) == _seen_units(plain)
    assert noisy.dropped == ()


def test_a_repeated_comment_of_ten_visible_characters_is_still_a_duplicate():
    comment = "说得太对了，我同意！"
    assert len(comment) == DUPLICATE_MIN_CHARS
    noisy = _segment_text(_THREAD + comment + "\n钱包就是钱包。\n" + _noisy(comment) + "\n")
    assert [(d.rule, _shown(d.text)) for d in noisy.dropped] == [("duplicate", comment)]
    assert _seen_units(noisy) == _seen_units(_segment_text(_THREAD + comment + "\n钱包就是钱包。\n" + comment + "\n"))


# ---- F5: HTML length thresholds -----------------------------------------------------------------------------------

_FORM_HINT = "发表评论前请注意，本站将保留删除不当言论的权利，谢谢合作呀，祝您生活愉快顺利。"
_FORM_PAGE = ("<html><body><h1>支付宝做社交</h1><p>支付宝做社交是一步错棋，用户要的是安全的钱包。</p>"
              "<form action='/c'><p>{}</p><button>提交</button></form><p>隐私才是底线。</p></body></html>")


def test_a_form_hint_with_zero_width_spaces_stays_page_chrome():
    assert len(_FORM_HINT) <= FORM_MAX_PROSE
    noisy_hint = _FORM_HINT[:5] + ZWSP + _FORM_HINT[5:10] + ZWSP + _FORM_HINT[10:20] + ZWSP * 3 + _FORM_HINT[20:]
    assert html_to_text(_FORM_PAGE.format(noisy_hint)).splitlines()[2] == f"<form> {noisy_hint}"
    plain, noisy = _segment_page(_FORM_PAGE.format(_FORM_HINT)), _segment_page(_FORM_PAGE.format(noisy_hint))
    assert [u.text for u in plain.units] == ["支付宝做社交", "支付宝做社交是一步错棋，用户要的是安全的钱包。", "隐私才是底线。"]
    assert _seen_units(noisy) == _seen_units(plain)
    assert {d.rule for d in noisy.dropped} == {"html_form"}


def test_a_form_with_more_prose_than_chrome_has_is_content_as_without_invisible_characters():
    prose = _FORM_HINT + "再见"  # 42 characters: content
    assert len(prose) > FORM_MAX_PROSE
    assert html_to_text(_FORM_PAGE.format(_noisy(prose, 3))).splitlines()[2] == _noisy(prose, 3)


@pytest.mark.parametrize("char", list(INVISIBLE))
def test_a_hidden_decoy_with_an_invisible_character_is_left_out(char):
    decoy = "决定了吧决定了吧"
    assert len(decoy) == DECOY_MAX_CHARS
    page = "<p>我觉得还好<span style='display:none'>{}</span>，没必要。</p>"
    assert html_to_text(page.format(char.join(decoy))) == html_to_text(page.format(decoy)) == "我觉得还好，没必要。"


def test_hidden_text_longer_than_a_decoy_is_kept_with_or_without_invisible_characters():
    hidden = "隐私问题才是核心呀"  # 9 characters: text, on a <hidden> line
    page = "<p>我觉得还好<span style='display:none'>{}</span>，没必要。</p>"
    assert html_to_text(page.format(_noisy(hidden))) == f"我觉得还好，没必要。\n<hidden> {_noisy(hidden)}"


def test_an_article_in_chrome_is_measured_without_invisible_characters():
    short = "正" * (ARTICLE_MIN_CHARS - 1)
    page = "<nav><article><p>{}</p></article></nav><p>支付宝做社交不对。</p>"
    assert html_to_text(page.format(_noisy(short, 50))).splitlines() == [f"<nav> {_noisy(short, 50)}", "支付宝做社交不对。"]
    full = "正" * ARTICLE_MIN_CHARS  # the page's article: not chrome
    assert html_to_text(page.format(_noisy(full, 50))).splitlines() == [_noisy(full, 50), "支付宝做社交不对。"]


# ---- property: random invisible characters in small pages change nothing a reader sees -----------------------------

# Each page: a template and the pieces of text set into it; the pieces sit at a threshold, one character off.
_PAGES = [
    ("text", "支付宝做社交，我认为是一步错棋。\n{}\n用户要的是安全的钱包。\n{}\n{}\n隐私才是底线。\n{}\n",
     ("从电商做社交,难!", "说得太对了，我同意！", "从电商做社交,难!", "说得太对了，我同意！")),
    ("text", _THREAD + "{}\n", ("说得太对了！",)),
    ("html", _FORM_PAGE, (_FORM_HINT,)),
    ("html", "<form><p>{}</p><input name='q'></form><p>{}</p>", ("请先登录后再发表评论哦" * 10 + "再见啦朋友们明天见哦", "支付宝做社交不对。")),
    ("html", "<p>{}<span style='display:none'>{}</span>，没必要。</p><p>好<b hidden>{}</b>。</p>",
     ("我觉得还好", "决定了吧决定了吧", "隐私问题才是核心呀")),
    ("html", "<nav><article><p>{}</p></article></nav><p>{}</p><aside><article>{}</article></aside>",
     ("正" * (ARTICLE_MIN_CHARS - 1), "支付宝做社交不对。", "反" * ARTICLE_MIN_CHARS)),
]


def test_the_property_pages_sit_at_their_thresholds():
    assert len(_PAGES[3][2][0]) == FORM_BOX_MAX_PROSE and len(_PAGES[4][2][1]) == DECOY_MAX_CHARS


@st.composite
def _noisy_pieces(draw, pieces: tuple[str, ...]) -> tuple[str, ...]:
    out = []
    for piece in pieces:
        at = draw(st.lists(st.tuples(st.integers(0, len(piece)), st.sampled_from(INVISIBLE)), min_size=1, max_size=6))
        chars = list(piece)
        for pos, char in sorted(at, reverse=True):
            chars.insert(pos, char)
        out.append("".join(chars))
    return tuple(out)


@pytest.mark.parametrize("kind, template, pieces", _PAGES, ids=[f"page{i}" for i in range(len(_PAGES))])
@settings(max_examples=25, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_invisible_characters_anywhere_in_the_text_change_no_unit_kind_or_drop(kind, template, pieces, data):
    noisy = data.draw(_noisy_pieces(pieces))
    read = _segment_text if kind == "text" else _segment_page
    assert _seen_units(read(template.format(*noisy))) == _seen_units(read(template.format(*pieces)))


@pytest.mark.parametrize("cut", [" \u200b...", "\u200b ...", " ...\u00ad"])
def test_a_discuz_quote_cut_with_an_invisible_character_is_dropped_as_without_it(cut):
    op = "我认为支付宝做社交是一步错棋，钱包就是钱包，隐私才是底线。"
    quote = "我认为支付宝做社交是一步错棋，钱包就是钱包，隐私" + cut
    text = f"{op}\nxiaolu_88\n{quote}\n我不同意，社交能增加用户粘性。"
    c = argmine.clean(argmine.Document("d", text))
    assert [(d.rule, d.reason) for d in c.dropped] == [("duplicate", "a cut-off quote of the text at offset 0")]
