"""QA round 55 (fixer F2): winks, list markers after a colon, and the vertical and small brackets.

- A wink's eyes are no sentence end: ``;(``, ``;)``, ``;-)``, ``；）`` end no sentence or clause at the ``;`` or ``；``,
  as the ``:`` of ``:(`` ends none, and their mouth is no bracket.  A ``(`` that opens a kaomoji is no mouth
  (``好;(；´Д｀)``), nor is a ``)`` after two semicolons (``(;;)``, ``（；；）``: a kaomoji's eyes).
- Narrowed after the recheck (fixer F2b): a ``（`` is never a wink's mouth, nor a ``(`` after a full-width ``；`` (legal
  lists ``…的；（十一）…``, notes ``价格贵；(注：…)``); a ``;(`` is a wink only where no bracket closes its ``(``; a ``;)`` or
  ``；）`` that closes an open bracket is a bracket (``理由（隐私；广告；）``).
- A full-width frowny ``：（`` directly followed by text hides no sentence end: it already did not (a guard).
- A list marker after a colon (``理由：1)隐私…``) is no bracket: it closes no ``(`` opened before a sentence end, so no
  sentence end is hidden; ``（评分：5）`` and ``(10:30)`` still are brackets.
- A list marker after a colon needs its item's text after it: ``（还行吧。我的评分：3）。`` holds a value (F2b).
- The vertical title marks ``︽︾`` (NFKC: 《》) and the small parentheses ``﹙﹚`` (NFKC: ( )) are pairs as their folded
  forms are; ``︿﹀`` (NFKC: 〈〉) are not, as kaomoji use them: ``(╯︿╰)…(￣﹀￣)`` (F2b).
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
        ("难过；）我不想用支付宝了。广告太多。", ["难过；）我不想用支付宝了。", "广告太多。"]),
        ("难过；-）我不想用支付宝了。广告太多。", ["难过；-）我不想用支付宝了。", "广告太多。"]),
        ("难过 ;( 我不想用支付宝了。广告太多。", ["难过 ;( 我不想用支付宝了。", "广告太多。"]),
        # a wink's mouth is no bracket either: the frown and a later wink pair nothing, as :( and :) do
        ("难过;(我不想用支付宝了。广告太多。算了;)", ["难过;(我不想用支付宝了。", "广告太多。", "算了;)"]),
        ("难过;(我不想用支付宝了。广告太多。算了；）", ["难过;(我不想用支付宝了。", "广告太多。", "算了；）"]),
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
        ("我不想用;(；´Д｀)真的。", ["我不想用;(；´Д｀)", "真的。"]),
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
# A ``：1)`` after a colon is no list marker: inside a bracket opened before a sentence end it is a value as often
# (``（服务一般。评分：3）``) as an item (``(我反对。理由：1)``), and the value's reading keeps the bracket whole, as before
# round 55 (the recheck of its list-marker rule found reviews cut inside their brackets).


@pytest.mark.parametrize("granularity", ["sentence", "clause"])
@pytest.mark.parametrize(
    "source,expected",
    [
        # a score closes the bracket opened before the sentence end: nothing is cut inside it
        ("（服务一般。评分：3）下次不来了。我不推荐。", ["（服务一般。评分：3）下次不来了。", "我不推荐。"]),
        ("口味（还行吧。我的评分：4）推荐给大家。服务很好。", ["口味（还行吧。我的评分：4）推荐给大家。", "服务很好。"]),
        ("口味（还行吧。我的评分：3）。服务很好。", ["口味（还行吧。我的评分：3）。", "服务很好。"]),
        # the finding's line: each item its own sentence (nothing is open)
        ("理由：1)隐私没保障。2)广告太多。3)太卡。", ["理由：1)隐私没保障。", "2)广告太多。", "3)太卡。"]),
    ],
)
def test_a_colon_value_in_brackets_closes_them(source, expected, granularity):
    assert texts(source, granularity) == expected


@pytest.mark.parametrize("granularity", ["sentence", "clause"])
@pytest.mark.parametrize(
    "source,expected",
    [
        # a wink inside an open bracket: the closing mark after it is that bracket's, and the ; ends nothing
        ("我把支付宝卸载了（有点舍不得;(毕竟用了十年）。换微信了。", ["我把支付宝卸载了（有点舍不得;(毕竟用了十年）。", "换微信了。"]),
        ("（好难过;(又崩了）。客服也不回。", ["（好难过;(又崩了）。", "客服也不回。"]),
        # with nothing open, a ;( that a bracket closes is a bracket (a note after a semicolon)
        ("价格贵;(注：以上价格不含税)。服务还行。", None),
    ],
)
def test_a_wink_inside_an_open_bracket(source, expected, granularity):
    got = texts(source, granularity)
    if expected is None:  # the note's ( pairs with its ): no cut inside it
        assert any("(注：以上价格不含税)" in t for t in got)
    else:
        assert got == expected


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

FOLDED = str.maketrans({"︽": "《", "︾": "》", "﹙": "（", "﹚": "）"})


@pytest.mark.parametrize("granularity", ["sentence", "clause"])
@pytest.mark.parametrize(
    "source,expected",
    [
        ("在︽为什么支付宝很难做成社交？︾一文里，大家都说不好。", {"sentence": ["在︽为什么支付宝很难做成社交？︾一文里，大家都说不好。"],
                                               "clause": ["在︽为什么支付宝很难做成社交？︾一文里，", "大家都说不好。"]}),
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
    lines = ["难过;(我不想用支付宝了。广告太多。", "难过;(我不想用支付宝了。广告太多。算了；）", "支付宝做社交(我反对。理由：1)隐私没保障。2)广告太多。",
             "在︽为什么支付宝很难做成社交？︾一文里，大家都说不好。", "他说﹙好。﹚然后走了。",
             "第十条 不予登记：（十）未提交材料的；（十一）材料不真实的；（十二）其他情形。本条自公布之日起施行。",
             "他列出的理由（隐私；广告；）我都同意。", "唉(╯︿╰)支付宝又改版了。我真的不想用了。哼(￣﹀￣)随便吧。", "口味（还行吧。我的评分：3）。服务很好。"]
    path = tmp_path / "c.txt"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    for granularity in ("sentence", "clause"):
        r = CliRunner().invoke(main, ["segment", str(path), "--format", "jsonl", "-q", "--granularity", granularity], catch_exceptions=False)
        assert r.exit_code == 0, r.output
        expected = [u.text for u in argmine.segment([argmine.Document("c", path.read_text(encoding="utf-8"))], granularity=granularity)]
        assert [json.loads(line)["text"] for line in r.output.splitlines()] == expected
        assert "难过;(我不想用支付宝了。" in expected and "他说﹙好。﹚" in expected
        assert "（十一）材料不真实的；" in expected and "口味（还行吧。我的评分：3）。" in expected


# --- 5. recheck of the above (fixer F2b): semicolons before real brackets, ︿﹀ kaomoji, a score after a colon ------------

LAW = "第十条 有下列情形之一的，不予登记：（十）未提交材料的；（十一）材料不真实的；（十二）其他情形。本条自公布之日起施行。"


@pytest.mark.parametrize("granularity", ["sentence", "clause"])
@pytest.mark.parametrize(
    "source,expected",
    [
        # a legal list: each item its own sentence, from （十一） on too (not only where the bracket holds one character)
        (LAW, {"sentence": ["第十条 有下列情形之一的，不予登记：（十）未提交材料的；", "（十一）材料不真实的；", "（十二）其他情形。",
                            "本条自公布之日起施行。"],
               "clause": ["第十条 有下列情形之一的，", "不予登记：", "（十）未提交材料的；", "（十一）材料不真实的；", "（十二）其他情形。",
                          "本条自公布之日起施行。"]}),
        # notes in brackets after a semicolon, full-width and mixed
        ("支付宝的缺点：广告多；（尤其是首页）隐私差；（数据被共享）社交没人用。我不用了。",
         ["支付宝的缺点：广告多；", "（尤其是首页）隐私差；", "（数据被共享）社交没人用。", "我不用了。"]),
        ("价格贵；(注：以上价格不含税)。大家自己判断吧。", ["价格贵；", "(注：以上价格不含税)。", "大家自己判断吧。"]),
        ("用户反馈如下；（详见附件）。我们会改进。", ["用户反馈如下；", "（详见附件）。", "我们会改进。"]),
        ("个人信息包括姓名；（以下简称信息）身份证号；住址。其他另行规定。", ["个人信息包括姓名；", "（以下简称信息）身份证号；", "住址。", "其他另行规定。"]),
        ("支付宝做得不好;（他们根本不在乎用户）。以后不用了。", ["支付宝做得不好;", "（他们根本不在乎用户）。", "以后不用了。"]),
        ("这些功能都很差；(比如圈子、生活号)我都不用。我只用付款。", ["这些功能都很差；", "(比如圈子、生活号)我都不用。", "我只用付款。"]),
        # an ASCII ;( whose bracket closes is no wink either
        ("支付宝做得不好;(他们根本不在乎用户)。以后不用了。", ["支付宝做得不好;", "(他们根本不在乎用户)。", "以后不用了。"]),
        ("价格贵;(注：以上价格不含税。运费另计)。大家自己判断吧。", ["价格贵;", "(注：以上价格不含税。运费另计)。", "大家自己判断吧。"]),
        # the skipped （ no longer leaves its ） to close an earlier open bracket across a 。
        ("我当年用支付宝（那是2010年。我很早就用了；（尤其是转账功能）后来不用了。现在更不会用。",
         ["我当年用支付宝（那是2010年。", "我很早就用了；", "（尤其是转账功能）后来不用了。", "现在更不会用。"]),
        # what was a wink before the recheck: a semicolon, then a bracket that opens the next sentence
        ("难过；（我不想用支付宝了。广告太多。", ["难过；", "（我不想用支付宝了。", "广告太多。"]),
        ("难过;（我不想用支付宝了。广告太多。", ["难过;", "（我不想用支付宝了。", "广告太多。"]),
        ("难过；(我不想用支付宝了。广告太多。", ["难过；", "(我不想用支付宝了。", "广告太多。"]),
    ],
)
def test_a_semicolon_before_a_bracket_still_ends_its_sentence(source, expected, granularity):
    assert texts(source, granularity) == (expected[granularity] if isinstance(expected, dict) else expected)


def test_a_long_legal_list_is_one_unit_per_item():
    nums = "十一 十二 十三 十四 十五 十六 十七 十八 十九 二十".split()
    source = "下列信息属于个人信息：" + "".join(f"（{n}）第{n}类信息由本机关负责登记；" for n in nums)[:-1] + "。本条自公布之日起施行。"
    assert [len(t) for t in texts(source)] == [30] + [19] * 9 + [11]
    assert [len(t) for t in texts(source, "clause")] == [11] + [19] * 10 + [11]  # the lead-in, then each item


def test_the_clause_cut_after_a_semicolon_before_a_bracket_stays():
    assert texts("支付宝又改版了；（我真的不想用这个功能了，太烦人了。", "clause") == ["支付宝又改版了；", "（我真的不想用这个功能了，", "太烦人了。"]


@pytest.mark.parametrize("granularity", ["sentence", "clause"])
@pytest.mark.parametrize(
    "source,expected",
    [
        # a ；） or ;) that closes a bracket is its closing bracket: the semicolons inside end nothing
        ("他列出的理由（隐私；广告；）我都同意。但是还有别的。", ["他列出的理由（隐私；广告；）", "我都同意。", "但是还有别的。"]),
        ("他们的理由很多（比如隐私；比如广告；）。我不同意他的看法。", ["他们的理由很多（比如隐私；比如广告；）。", "我不同意他的看法。"]),
        ("引用如下（张三，2020；李四，2021；）。后来的研究也同意。", ["引用如下（张三，2020；李四，2021；）。", "后来的研究也同意。"]),
        ("支付宝（首页；我的；）改版后更难用了。以后不用了。", ["支付宝（首页；我的；）", "改版后更难用了。", "以后不用了。"]),
        ("他们说我错了（其实没有。算了；）我走了。", ["他们说我错了（其实没有。算了；）", "我走了。"]),
        # the ASCII forms, split before the winks came too
        ("他又说(比如隐私;比如广告;)。好吧。", ["他又说(比如隐私;比如广告;)。", "好吧。"]),
        ("他又说（比如隐私;比如广告;）。好吧。", ["他又说（比如隐私;比如广告;）。", "好吧。"]),
        # a wink that closes nothing is still one
        ("难过；）我不想用支付宝了。广告太多。", ["难过；）我不想用支付宝了。", "广告太多。"]),
    ],
)
def test_a_semicolon_before_a_closing_bracket_closes_it(source, expected, granularity):
    assert texts(source, granularity) == expected


@pytest.mark.parametrize("granularity", ["sentence", "clause"])
@pytest.mark.parametrize(
    "source,expected",
    [
        ("唉(╯︿╰)支付宝又改版了。我真的不想用了。广告太多。哼(￣﹀￣)随便吧。",
         ["唉(╯︿╰)支付宝又改版了。", "我真的不想用了。", "广告太多。", "哼(￣﹀￣)随便吧。"]),
        ("真烦(︶︿︶)我不想用了。广告太多了。社交也没人用。算了(￣﹀￣)", ["真烦(︶︿︶)我不想用了。", "广告太多了。", "社交也没人用。", "算了(￣﹀￣)"]),
        ("好吧(︶︿︶)。我不用了。(￣﹀￣)哼。", ["好吧(︶︿︶)。", "我不用了。", "(￣﹀￣)哼。"]),
        ("支付宝︿_︿我很难过。广告太多。社交没人用。﹀_﹀算了。", ["支付宝︿_︿我很难过。", "广告太多。", "社交没人用。", "﹀_﹀算了。"]),
        ("哈哈︿(￣︶￣)︿。好的。嗯嗯﹀。算了。", ["哈哈︿(￣︶￣)︿。", "好的。", "嗯嗯﹀。", "算了。"]),
    ],
)
def test_vertical_angle_brackets_in_kaomoji_pair_nothing(source, expected, granularity):
    assert texts(source, granularity) == expected


@pytest.mark.parametrize("granularity", ["sentence", "clause"])
@pytest.mark.parametrize(
    "source,expected",
    [
        # a value after a colon that no item text follows closes its bracket, a sentence end before it or not
        ("口味（还行吧。我的评分：3）。服务很好。", ["口味（还行吧。我的评分：3）。", "服务很好。"]),
        ("我不同意（理由如下。比分：3）。好吧。", ["我不同意（理由如下。比分：3）。", "好吧。"]),
        ("口味(还行吧。我的评分:3)。服务很好。", ["口味(还行吧。我的评分:3)。", "服务很好。"]),
        ("口味（还行吧。我的评分：3）", ["口味（还行吧。我的评分：3）"]),
        ("口味（还行吧。我的评分：3）”服务很好。", ["口味（还行吧。我的评分：3）”服务很好。"]),
    ],
)
def test_a_score_after_a_colon_is_no_list_marker(source, expected, granularity):
    assert texts(source, granularity) == expected
