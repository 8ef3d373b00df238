"""QA round 55 (fixer F2): winks, list markers after a colon, and the vertical and small brackets.

- A wink's eyes are no sentence end: ``;(``, ``;)``, ``;-)``, ``；（``, ``；）`` (and ``;（``, ``；(``) end no sentence or
  clause at the ``;`` or ``；``, as the ``:`` of ``:(`` ends none, and their mouth is no bracket.  A ``(`` that opens a
  kaomoji is no mouth (``好；(；´Д｀)``), nor is a ``)`` after two semicolons (``(;;)``, ``（；；）``: a kaomoji's eyes).
- A full-width frowny ``：（`` directly followed by text hides no sentence end: it already did not (a guard).
- A list marker after a colon (``理由：1)隐私…``) is no bracket: it closes no ``(`` opened before a sentence end, so no
  sentence end is hidden; ``（评分：5）`` and ``(10:30)`` still are brackets.
- The vertical title marks ``︽︾`` ``︿﹀`` (NFKC: 《》 〈〉) and the small parentheses ``﹙﹚`` (NFKC: ( )) are pairs as their
  folded forms are.
"""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

import argmine
from argmine.cli import main

from .test_segment53 import FACES
from .test_segment_cap_topics45 import spans, texts

# --- 1. a wink's eyes end no sentence ------------------------------------------------------------------------------


@pytest.mark.parametrize("granularity", ["sentence", "clause"])
@pytest.mark.parametrize(
    "source,expected",
    [
        # the finding's repro, and each form of the wink
        ("难过;(我不想用支付宝了。广告太多。", ["难过;(我不想用支付宝了。", "广告太多。"]),
        ("难过;)我不想用支付宝了。广告太多。", ["难过;)我不想用支付宝了。", "广告太多。"]),
        ("难过;-)我不想用支付宝了。广告太多。", ["难过;-)我不想用支付宝了。", "广告太多。"]),
        ("难过;'(我不想用支付宝了。广告太多。", ["难过;'(我不想用支付宝了。", "广告太多。"]),
        ("难过；（我不想用支付宝了。广告太多。", ["难过；（我不想用支付宝了。", "广告太多。"]),
        ("难过；）我不想用支付宝了。广告太多。", ["难过；）我不想用支付宝了。", "广告太多。"]),
        ("难过；-）我不想用支付宝了。广告太多。", ["难过；-）我不想用支付宝了。", "广告太多。"]),
        ("难过;（我不想用支付宝了。广告太多。", ["难过;（我不想用支付宝了。", "广告太多。"]),
        ("难过；(我不想用支付宝了。广告太多。", ["难过；(我不想用支付宝了。", "广告太多。"]),
        ("难过 ;( 我不想用支付宝了。广告太多。", ["难过 ;( 我不想用支付宝了。", "广告太多。"]),
        # a wink's mouth is no bracket either: the frown and a later wink pair nothing, as :( and :) do
        ("难过；（我不想用支付宝了。广告太多。算了；）", ["难过；（我不想用支付宝了。", "广告太多。", "算了；）"]),
        ("难过;(我不想用支付宝了。广告太多。算了;)", ["难过;(我不想用支付宝了。", "广告太多。", "算了;)"]),
        # a wink closes no bracket left open before it
        ("他们说我错了（其实没有。算了；）我走了。", ["他们说我错了（其实没有。", "算了；）我走了。"]),
        # a sentence end before the eyes still ends the sentence; the wink opens the next, as :( does
        ("真难过。;(我不想用了。", ["真难过。", ";(我不想用了。"]),
        ("真难过。:(我不想用了。", ["真难过。", ":(我不想用了。"]),
        # the eyes of a kaomoji in brackets: the face is whole (a ( that opens a face is no mouth)
        ("隐私;(;´д`)我不用。好。", ["隐私;(;´д`)", "我不用。", "好。"]),
        ("这个(;;)我不用。好。", ["这个(;;)我不用。", "好。"]),
        ("这个（；；）我不用。好。", ["这个（；；）我不用。", "好。"]),
    ],
)
def test_a_winks_semicolon_ends_no_sentence(source, expected, granularity):
    assert texts(source, granularity) == expected


@pytest.mark.parametrize(
    "source,expected",
    [
        # a semicolon before a bracketed list number, a kaomoji or a word in brackets still ends its sentence
        ("隐私没保障；(2)广告太多。", ["隐私没保障；", "(2)广告太多。"]),
        ("隐私没保障;(2)广告太多。", ["隐私没保障;", "(2)广告太多。"]),
        ("我不想用；(；´Д｀)真的。", ["我不想用；(；´Д｀)", "真的。"]),
        ("我不想用；（；´Д｀）真的。", ["我不想用；（；´Д｀）", "真的。"]),
        ("他说好；（1）隐私没保障。", ["他说好；", "（1）隐私没保障。"]),
        # a kaomoji's ; before its closing bracket: the face is whole
        ("这个功能(^_^;)我不想用。", ["这个功能(^_^;)我不想用。"]),
    ],
)
def test_a_semicolon_before_a_list_number_or_kaomoji_still_ends_a_sentence(source, expected):
    assert texts(source) == expected


def test_clause_mode_cuts_no_wink():
    # the ; of ;( is no clause end: the cut falls at the comma
    assert texts("支付宝又改版了;(我真的不想用这个功能了，太烦人了。", "clause") == ["支付宝又改版了;(我真的不想用这个功能了，", "太烦人了。"]
    assert texts("支付宝又改版了；（我真的不想用这个功能了，太烦人了。", "clause") == ["支付宝又改版了；（我真的不想用这个功能了，", "太烦人了。"]


@settings(max_examples=150, deadline=None)
@given(st.lists(st.sampled_from(["支付宝做社交", "隐私", "。", "；", ";", ":", "，", " ", "(", "）", "😂"]), max_size=10),
       st.sampled_from(["；", ";", "：", ":", "=", "难过；", "难过;"]), st.sampled_from(FACES),
       st.lists(st.sampled_from(["我不用", "。", "？", "；", ";", " ", "(", "）", ";)", "；）"]), max_size=8),
       st.sampled_from(["sentence", "clause"]))
def test_no_unit_boundary_falls_inside_a_kaomoji_after_eyes(before, eyes, face, after, granularity):
    # a kaomoji right after what could be an emoticon's eyes is still whole
    source = "".join(before) + eyes + face + "".join(after)
    start = len("".join(before)) + len(eyes)
    for s, e in spans(source, granularity):  # the offsets are checked too
        assert not (start < s < start + len(face)) and not (start < e < start + len(face)), (source, s, e)


# --- 2. a full-width frowny followed by text -----------------------------------------------------------------------


@pytest.mark.parametrize("granularity", ["sentence", "clause"])
@pytest.mark.parametrize(
    "source,expected",
    [
        # already split so before this round (a guard): the （ is left open, and an open one hides nothing
        ("难过：（我真的不想用。以后再也不用了。", ["难过：（我真的不想用。", "以后再也不用了。"]),
        ("难过：（我真的不想用。以后再也不用了。哈哈：）", ["难过：（我真的不想用。", "以后再也不用了。", "哈哈：）"]),
    ],
)
def test_a_full_width_frowny_hides_no_sentence_end(source, expected, granularity):
    assert texts(source, granularity) == expected


# --- 3. a list marker after a colon ----------------------------------------------------------------------------------


@pytest.mark.parametrize("granularity", ["sentence", "clause"])
@pytest.mark.parametrize(
    "source,expected",
    [
        # the list marker closes no bracket opened before a sentence end: that end is no longer hidden
        ("支付宝做社交(我反对。理由：1)隐私没保障。2)广告太多。", ["支付宝做社交(我反对。", "理由：1)隐私没保障。", "2)广告太多。"]),
        ("支付宝做社交（我反对。理由：1）隐私没保障。2）广告太多。", ["支付宝做社交（我反对。", "理由：1）隐私没保障。", "2）广告太多。"]),
        ("支付宝做社交(我反对。理由:1)隐私没保障。2)广告太多。", ["支付宝做社交(我反对。", "理由:1)隐私没保障。", "2)广告太多。"]),
        ("支付宝做社交(我反对。理由：a)隐私没保障。b)广告太多。", ["支付宝做社交(我反对。", "理由：a)隐私没保障。", "b)广告太多。"]),
        ("支付宝做社交(我反对。理由﹕1)隐私没保障。2)广告太多。", ["支付宝做社交(我反对。", "理由﹕1)隐私没保障。", "2)广告太多。"]),
        # the finding's line: each item its own sentence (as before: nothing was open)
        ("理由：1)隐私没保障。2)广告太多。3)太卡。", ["理由：1)隐私没保障。", "2)广告太多。", "3)太卡。"]),
    ],
)
def test_a_list_marker_after_a_colon_is_no_bracket(source, expected, granularity):
    assert texts(source, granularity) == expected


@pytest.mark.parametrize(
    "source,expected",
    [
        # a value after a colon in brackets of its own sentence still closes them: no clause cut inside
        ("这家店的服务态度真的很差（评分：1）下次再也不来了，真的很失望。", ["这家店的服务态度真的很差（评分：1）下次再也不来了，", "真的很失望。"]),
        ("这家店的服务态度真的很差(评分:5)下次再也不来了，真的很失望。", ["这家店的服务态度真的很差(评分:5)下次再也不来了，", "真的很失望。"]),
        # a time and a port are no list markers
        ("支付宝的发布会改了时间(原定10:30)结果又推迟了，大家都很生气。", ["支付宝的发布会改了时间(原定10:30)结果又推迟了，", "大家都很生气。"]),
        ("支付宝的测试网址换了（新的是a.com:8080）结果还是打不开，大家都很生气。", ["支付宝的测试网址换了（新的是a.com:8080）结果还是打不开，", "大家都很生气。"]),
    ],
)
def test_a_value_after_a_colon_in_brackets_still_closes_them(source, expected):
    assert texts(source, "clause") == expected


# --- 4. vertical title marks and small parentheses -----------------------------------------------------------------

FOLDED = str.maketrans({"︽": "《", "︾": "》", "︿": "〈", "﹀": "〉", "﹙": "（", "﹚": "）"})


@pytest.mark.parametrize("granularity", ["sentence", "clause"])
@pytest.mark.parametrize(
    "source,expected",
    [
        ("在︽为什么支付宝很难做成社交？︾一文里，大家都说不好。", {"sentence": ["在︽为什么支付宝很难做成社交？︾一文里，大家都说不好。"],
                                               "clause": ["在︽为什么支付宝很难做成社交？︾一文里，", "大家都说不好。"]}),
        ("在︿为什么支付宝很难做成社交？﹀一文里，大家都说不好。", {"sentence": ["在︿为什么支付宝很难做成社交？﹀一文里，大家都说不好。"],
                                               "clause": ["在︿为什么支付宝很难做成社交？﹀一文里，", "大家都说不好。"]}),
        ("我看了︽支付宝为什么要做社交，微信为什么不做支付︾这篇文章，觉得很有道理。",
         {"sentence": ["我看了︽支付宝为什么要做社交，微信为什么不做支付︾这篇文章，觉得很有道理。"],
          "clause": ["我看了︽支付宝为什么要做社交，微信为什么不做支付︾这篇文章，", "觉得很有道理。"]}),
        ("他说﹙好。﹚然后走了。", {"sentence": ["他说﹙好。﹚", "然后走了。"], "clause": ["他说﹙好。﹚", "然后走了。"]}),
        ("新京报讯﹙记者 张三；通讯员 李四﹚支付宝昨日上线圈子功能，引发大量用户吐槽。",
         {"sentence": ["新京报讯﹙记者 张三；通讯员 李四﹚支付宝昨日上线圈子功能，引发大量用户吐槽。"],
          "clause": ["新京报讯﹙记者 张三；通讯员 李四﹚支付宝昨日上线圈子功能，", "引发大量用户吐槽。"]}),
        ("支付宝做社交﹙说白了就是想抢微信的地盘，但是没人买账﹚，我觉得没戏。",
         {"sentence": ["支付宝做社交﹙说白了就是想抢微信的地盘，但是没人买账﹚，我觉得没戏。"],
          "clause": ["支付宝做社交﹙说白了就是想抢微信的地盘，但是没人买账﹚，", "我觉得没戏。"]}),
        ("他很生气。﹙当然了。谁不生气呢？﹚ 我也是。", {"sentence": ["他很生气。", "﹙当然了。谁不生气呢？﹚", "我也是。"],
                                            "clause": ["他很生气。", "﹙当然了。谁不生气呢？﹚", "我也是。"]}),
    ],
)
def test_vertical_title_marks_and_small_parentheses_are_pairs(source, expected, granularity):
    assert texts(source, granularity) == expected[granularity]
    # read as their folded forms are
    assert spans(source, granularity) == spans(source.translate(FOLDED), granularity)


def test_clause_mode_pairs_a_small_parenthesis_with_an_ascii_one():
    source = "支付宝做社交﹙说白了就是想抢微信的地盘，但是没人买账)，我觉得没戏。"
    assert texts(source, "clause") == ["支付宝做社交﹙说白了就是想抢微信的地盘，但是没人买账)，", "我觉得没戏。"]


def test_a_lone_vertical_angle_bracket_closes_nothing():
    # kaomoji use ﹀ alone, as they use ︶: it opens the next sentence as before
    assert texts("真烦！﹀︿﹀我不用了。") == ["真烦！", "﹀︿﹀我不用了。"]


def test_library_and_cli_agree_on_winks_list_markers_and_vertical_marks(tmp_path):
    lines = ["难过;(我不想用支付宝了。广告太多。", "难过；（我不想用支付宝了。广告太多。算了；）", "支付宝做社交(我反对。理由：1)隐私没保障。2)广告太多。",
             "在︽为什么支付宝很难做成社交？︾一文里，大家都说不好。", "他说﹙好。﹚然后走了。"]
    path = tmp_path / "c.txt"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    for granularity in ("sentence", "clause"):
        r = CliRunner().invoke(main, ["segment", str(path), "--format", "jsonl", "-q", "--granularity", granularity], catch_exceptions=False)
        assert r.exit_code == 0, r.output
        expected = [u.text for u in argmine.segment([argmine.Document("c", path.read_text(encoding="utf-8"))], granularity=granularity)]
        assert [json.loads(line)["text"] for line in r.output.splitlines()] == expected
        assert "难过;(我不想用支付宝了。" in expected and "他说﹙好。﹚" in expected
