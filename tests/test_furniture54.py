"""The Zhihu page title rule never reaches back into a reader's words glued before the header (QA round 53)."""

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

import argmine
from argmine.clean import clean, load_rules

HEADER = "关注该问题如何看支付宝做社交? - 知乎"
COUNTERS = "2582被浏览263605"
READER = "我一直觉得支付宝就是像银行一样可靠的工具，没必要搞社交"


def kinds(text):
    c = clean(argmine.Document("d", text))
    return [(b.kind, text[b.start : b.end]) for b in c.blocks], [(d.rule, d.text) for d in c.dropped]


@pytest.mark.parametrize("end", ["~", "～", "……", "…", "😂", "，", ",", " ", "(*^__^*) 嘻嘻……", ""])
def test_a_readers_sentence_glued_before_a_zhihu_header_is_kept_whole(end):
    said = READER + end
    blocks, dropped = kinds("正文。\n" + said + HEADER + COUNTERS)
    assert dropped == [("zhihu_title", HEADER), ("zhihu_counters", COUNTERS)]
    assert [t for _, t in blocks] == ["正文。", said.strip()]


@pytest.mark.parametrize("end", ["~", "……", "😂", "，"])
def test_a_glued_header_drops_what_the_same_header_on_its_own_line_drops(end):
    said = READER + end
    glued, glued_dropped = kinds("正文。\n" + said + HEADER + COUNTERS)
    apart, apart_dropped = kinds("正文。\n" + said + "\n" + HEADER + COUNTERS)
    assert [t for _, t in glued] == [t for _, t in apart] == ["正文。", said]
    assert glued_dropped == apart_dropped == [("zhihu_title", HEADER), ("zhihu_counters", COUNTERS)]


@pytest.mark.parametrize("end", ["~", "……", "😂", "，", " ", "(*^__^*)"])
@pytest.mark.parametrize("question", [
    "如何看支付宝做社交?",
    "如何评价 iPhone 7 的设计?",  # a space beside a Latin word or digit is inside the question
    "支付宝9.9版的圈子功能如何?",  # so is a number's dot
    "如何看待支付宝(Alipay)做社交?",
    "如何看待“支付宝”做社交?",
])
def test_without_the_follow_button_the_title_starts_where_the_question_starts(end, question):
    title = question + " - 知乎"
    said = READER + end
    blocks, dropped = kinds("正文。\n" + said + title + COUNTERS)
    assert dropped == [("zhihu_title", title), ("zhihu_counters", COUNTERS)]
    assert [t for _, t in blocks] == ["正文。", said.strip()]


def test_after_the_follow_button_the_whole_question_goes_commas_included():
    title = "关注该问题支付宝做社交，你怎么看? - 知乎"
    blocks, dropped = kinds("正文。\n" + READER + "~" + title + COUNTERS)
    assert dropped == [("zhihu_title", title), ("zhihu_counters", COUNTERS)]
    assert [t for _, t in blocks] == ["正文。", READER + "~"]


def test_the_title_starts_at_the_last_follow_button_before_the_question():
    # the title is not stretched back over the reader's words to an earlier 关注该问题, and zhihu_follow leaves the
    # reader's own 关注该问题 (inside a sentence) alone
    blocks, dropped = kinds("正文。\n" + "我关注该问题很久了~" + HEADER + COUNTERS)
    assert dropped == [("zhihu_title", HEADER), ("zhihu_counters", COUNTERS)]
    assert "我关注该问题很久了~" in [t for _, t in blocks]


@pytest.mark.parametrize("line", ["关注该问题", "关注该问题 1234", "关注该问题\t邀请回答"])
def test_the_zhihu_follow_button_is_dropped_where_it_stands(line):
    blocks, dropped = kinds("正文。\n" + line)
    assert ("zhihu_follow", "关注该问题") in dropped


def test_with_no_clause_boundary_before_the_question_the_title_is_the_whole_clause_or_nothing():
    # nothing tells the reader's words from the question: the title starts at the line's start, never inside 一直
    line = "我一直觉得没必要如何看支付宝做社交? - 知乎"
    blocks, dropped = kinds("正文。\n" + line + COUNTERS)
    assert dropped == [("zhihu_title", line), ("zhihu_counters", COUNTERS)]
    assert [t for _, t in blocks] == ["正文。"]
    # a clause longer than a question can be: the title rule leaves it whole rather than cut a word 40 characters back
    line = "我一直觉得支付宝就是像银行一样可靠的工具所以根本没有必要再去搞什么社交功能了如何看支付宝做社交? - 知乎"
    blocks, dropped = kinds("正文。\n" + line + COUNTERS)
    assert dropped == [("zhihu_counters", COUNTERS)]
    assert [t for _, t in blocks] == ["正文。", line]


@given(
    words=st.text(alphabet="我一直觉得支付宝就是像银行样可靠的工具没必要搞社交隐私ATM12,， ", min_size=1, max_size=60),
    end=st.sampled_from(["~", "……", "😂", "，", " ", "(*^__^*)"]),
    follow=st.booleans(),
)
def test_glued_reader_text_ending_at_a_clause_boundary_is_never_cut(words, end, follow):
    # a space after a Latin word or a digit is read as inside the question (如何评价 iPhone 7 的设计?): not a boundary
    assume(not (end == " " and words[-1].isascii() and words[-1].isalnum()))
    assume(any("\u4e00" <= ch <= "\u9fff" for ch in words))  # a line of punctuation alone is no reader's text
    said = words + end
    question = "如何看支付宝做社交? - 知乎"
    c = clean(argmine.Document("d", "正文。\n" + said + ("关注该问题" if follow else "") + question + COUNTERS))
    kept = [c.document.text[b.start : b.end] for b in c.blocks]
    assert kept == ["正文。"] + ([said.strip()] if said.strip() else [])
    assert [d.rule for d in c.dropped] == ["zhihu_title", "zhihu_counters"]
    assert c.dropped[0].text == ("关注该问题" if follow else "") + question


def test_the_spacy_component_with_jieba_aligns_with_a_glued_zhihu_header():
    spacy = pytest.importorskip("spacy")
    pytest.importorskip("jieba")
    text = READER + "~" + HEADER + COUNTERS
    nlp = spacy.blank("zh", config={"nlp": {"tokenizer": {"segmenter": "jieba"}}})
    nlp.add_pipe("argmine")
    doc = nlp(text)  # no AlignmentError: the unit no longer ends inside jieba's token 一直
    assert [s.text for s in doc.spans["argmine"]] == [READER + "~"]


@pytest.mark.parametrize("unit", ["a 1 ", "支 a ", "(a b)", "9.9 ", "如何 iPhone 7 的(a)9.9“x”、"])
def test_the_zhihu_title_rule_takes_linear_time_on_questions_words_that_never_reach_a_question_mark(unit, within):
    # a space beside a Latin word or a digit is one piece of a question, matched one way only (two ways each: 2^20 ways
    # to fail from each start)
    (rule,) = [r for r in load_rules() if r.id == "zhihu_title"]
    line = unit * (100_000 // len(unit)) + COUNTERS
    within(f"zhihu_title on {unit!r} * … + {COUNTERS!r}", lambda: list(rule.pattern.finditer(line)))
