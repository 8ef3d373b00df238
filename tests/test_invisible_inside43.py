"""Invisible characters inside a sentence (QA round 43): what a reader sees is what models and rules read.

Copied Zhihu and WeChat text holds zero-width spaces, joiners, word joiners, byte-order marks and soft hyphens
inside words (``财\\u200b不外露``).  The normalised view leaves them out through its offset map; the original text,
the units' offsets and their text stay as read.
"""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

import argmine
from argmine.backends.cues import CueMatcher
from argmine.clean import INVISIBLE, clean, load_rules
from argmine.normalize import normalize
from argmine.schema import load_schema
from argmine.segment import segment_document

from .conftest import assert_offsets

ZWSP, ZWNJ, ZWJ, WJ, BOM, SHY = "\u200b", "\u200c", "\u200d", "\u2060", "\ufeff", "\u00ad"


def _classified(text, model):
    doc = argmine.Document("d", text)
    units = argmine.segment([doc])
    assert_offsets([doc], units)
    (c,) = argmine.classify(units, model=model)
    return c


@pytest.mark.parametrize("model", [None, "lexicon"])
@pytest.mark.parametrize("plain, shown", [
    ("财不外露。", "财{}不外露。"),
    ("支付宝功能太多了。", "支付宝功能{}太多了。"),
])
@pytest.mark.parametrize("gap", [ZWSP, SHY, ZWNJ, ZWJ, WJ, BOM, ZWSP + SHY])
def test_an_invisible_character_inside_a_word_changes_no_prediction(plain, shown, gap, model):
    text = shown.format(gap)
    want, got = _classified(plain, model), _classified(text, model)
    assert got.unit.text == text and got.unit.norm == plain  # the unit is the original text; models read it as shown
    assert (got.unit.start, got.unit.end) == (0, len(text))
    assert got.prediction.themes == want.prediction.themes != ()
    assert got.prediction.scores == want.prediction.scores
    assert got.prediction.evidence == want.prediction.evidence


def test_the_soft_hyphen_adds_no_theme():
    # 功能\xad太多 read as 功能 + \xad + 太多 fired pro_social with the default model and lost bloat with the lexicon
    for model in (None, "lexicon"):
        assert _classified("支付宝功能\u00ad太多了。", model).prediction.themes == ("bloat",)


@pytest.mark.parametrize("line, rule", [("责任\u200b编辑：张三", "editor"), ("展开\u200b全文", "expand_full"),
                                        ("责\u00ad任编\ufeff辑：张三", "editor")])
def test_furniture_with_an_invisible_character_inside_is_dropped_with_its_reason(line, rule):
    text = f"支付宝做社交是对的。\n{line}\n"
    seg = segment_document(argmine.Document("d", text))
    assert [u.text for u in seg.units] == ["支付宝做社交是对的。"]
    start = text.index(line)
    (d,) = seg.dropped
    assert (d.rule, d.start, d.end, d.text) == (rule, start, start + len(line), line)
    assert d.reason == {r.id: r.reason for r in load_rules()}[rule]


def test_a_span_rule_match_maps_to_exact_original_offsets():
    plain = "转发 //@李四:说得对！//@王五:支付宝做社交是对的\n"
    text = "转发 //@李\u200b四:说得对！//@王五:支付宝做社交\u200b是对的\n"
    want = segment_document(argmine.Document("d", plain))
    got = segment_document(argmine.Document("d", text))
    assert_offsets([argmine.Document("d", text)], got.units)
    assert [u.text for u in got.units] == ["转发", "说得对！", "支付宝做社交\u200b是对的"]
    assert [u.text.replace(ZWSP, "") for u in got.units] == [u.text for u in want.units]
    assert [(d.rule, d.text) for d in got.dropped] == [("repost_marker", "//@李\u200b四:"), ("repost_marker", "//@王五:")]
    assert all(text[d.start : d.end] == d.text for d in got.dropped)


def test_a_span_rule_match_runs_from_its_first_character_to_its_last():
    # the invisible characters around a match are no part of it: only those inside it are
    text = "支付宝做社交是对的\u200b…展开\u200b全文\n转发 //@李四:\u200b说得对\n"
    seg = segment_document(argmine.Document("d", text))
    assert [(d.rule, d.text, d.start, d.end) for d in seg.dropped] == [("expand_preview", "…展开\u200b全文", 10, 16),
                                                                      ("repost_marker", "//@李四:", 20, 26)]
    assert [u.text for u in seg.units] == ["支付宝做社交是对的", "转发", "说得对"]


def test_evidence_maps_back_to_the_original_characters():
    text = "财\u200b不外露\u200b。"
    (u,) = argmine.segment([argmine.Document("d", text)])
    assert (u.text, u.norm) == (text, "财不外露。")
    n = normalize(text)
    ns = n.norm_span(u.start, u.end)[0]
    hits = [h for h in CueMatcher(load_schema()).match(u.norm) if h.term == "财不外露"]
    assert hits and {h.label for h in hits} >= {"privacy"}
    for h in hits:
        a, b = n.orig_match(ns + h.start, ns + h.end)
        assert (a, b, text[a:b]) == (0, 5, "财\u200b不外露")  # the zero-width space inside, not the one after
        assert n.orig_span(ns + h.start, ns + h.end)[0] == 0
    (c,) = argmine.classify([u], model="lexicon")
    assert [(e.label, e.term) for e in c.prediction.evidence if e.label == "privacy"] == [("privacy", "财不外露")]


def test_tokens_are_slices_of_the_original_that_tile_the_unit():
    (u,) = argmine.segment([argmine.Document("d", "支付宝\u200b做社\u00ad交。")], tokens=True)
    assert "".join(u.tokens) == u.text and [t.replace(ZWSP, "").replace(SHY, "") for t in u.tokens] == ["支付宝", "做", "社交", "。"]


def test_a_zero_width_joiner_inside_an_emoji_stays_and_elsewhere_goes():
    family = "\U0001f468\u200d\U0001f469\u200d\U0001f467"  # 👨‍👩‍👧: one emoji, a family
    assert normalize(f"支付宝一家{family}").text == f"支付宝一家{family}"
    assert normalize("\U0001f3f3\ufe0f\u200d\U0001f308").text == "\U0001f3f3\ufe0f\u200d\U0001f308"  # 🏳️‍🌈
    assert normalize("财\u200d不外露").text == "财不外露"


def test_a_zero_width_space_between_two_counts_reads_as_a_space():
    # Zhihu's answer bar as copied: 赞同 328 and 48 条评论, not a vote count of 32848
    n = normalize("赞同 328\u200b\u200b48 条评论")
    assert n.text == "赞同 328 48 条评论" and n.orig_span(6, 7) == (6, 8)  # the space stands for both
    text = ARTICLE + "赞同 328\u200b\u200b48 条评论\u200b分享\u200b收藏\u200b喜欢"
    seg = segment_document(argmine.Document("d", text))
    assert [d.rule for d in seg.dropped] == ["vote_counters"]


ARTICLE = "支付宝做社交，错在哪里\n支付宝一直想做社交，这已经不是第一次了。\n"


def test_a_question_label_with_an_invisible_character_inside_is_no_heading():
    for label in ("问：", "问\u200b："):
        text = f"标题\n正文第一句。\n{label}圈子是什么\n正文写了很长很长的一段话。\n"
        assert [b.kind for b in clean(argmine.Document("d", text)).blocks] == ["title", "body", "body", "body"], label


_WORDS = st.sampled_from(list("支付宝做社交財不外露們這個隐私。!?，：“”() \nab"))
_GAPS = st.sampled_from(list(INVISIBLE.replace(ZWJ, "")) + [ZWSP + SHY])


@given(st.lists(st.tuples(_WORDS, st.one_of(st.just(""), _GAPS)), max_size=40))
def test_the_view_with_invisible_characters_is_the_view_without_them(pairs):
    plain = "".join(c for c, _ in pairs)
    text = "".join(c + g for c, g in pairs)
    n, want = normalize(text), normalize(plain)
    assert n.text == want.text
    assert n.view(0, len(text)) == n.text
    shown = [i for i, c in enumerate(text) if c not in INVISIBLE]  # where each character of the view comes from
    for i in range(len(n.text)):
        a, b = n.orig_match(i, i + 1)
        assert (a, b) == (shown[i], shown[i] + 1)
        assert n.norm_span(a, b) == (i, i + 1)
    assert n.orig_span(0, len(n.text)) == ((shown[0] if shown else len(text)), len(text))
