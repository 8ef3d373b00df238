"""QA round 48 (recheck47 #2): a ``#`` later on the line that closes no plausible topic (``C#``, a colour such as
``#fff``, an unclosed hashtag after white space, a web address without a scheme) no longer makes a topic's closing
``#`` ambiguous, so it stays with the sentence that ends inside the topic (``#你支持支付宝做社交吗？#`` | ``我…``).
"""

from __future__ import annotations

import pytest

from argmine.segment import _topic_closers

from .test_segment_cap_topics45 import texts


_TOPIC = "#你支持支付宝做社交吗？#"


@pytest.mark.parametrize(
    "rest,expected",
    [
        # C#: a # glued to a lone ASCII letter closes no topic (it already opened none)
        ("我用C#写过类似的功能，没必要。", ["我用C#写过类似的功能，没必要。"]),
        # a colour: a # before #fff or #a1b2c3 closes no topic
        ("我不支持，颜色改成#fff吧。", ["我不支持，颜色改成#fff吧。"]),
        ("我不支持，颜色改成#a1b2c3。", ["我不支持，颜色改成#a1b2c3。"]),
        # white space before it: a # after a space closes no topic
        ("不支持！ #支付宝", ["不支持！", "#支付宝"]),
        # a web address without a scheme: /# and #/ are no marks
        ("我不支持。详见 weibo.com/#/hot 这里。", ["我不支持。", "详见 weibo.com/#/hot 这里。"]),
        # a topic with a sentence end inside it (#我不支持。你呢#) is none
        ("我不支持。你呢#", ["我不支持。", "你呢#"]),
    ],
)
def test_an_implausible_later_hash_leaves_the_topic_closer_with_its_sentence(rest, expected):
    assert texts(_TOPIC + rest) == [_TOPIC] + expected
    clauses = texts(_TOPIC + rest, "clause")
    assert clauses[0] == _TOPIC and clauses[1].startswith(rest[:2])


@pytest.mark.parametrize(
    "source,closers",
    [
        ("#你支持吗？#我用C#写过。", [6]),
        ("#你支持吗？#颜色#fff吧。", [6]),
        ("#你支持吗？#颜色#FF0000。", [6]),
        ("#你支持吗？#不支持！ #支付宝", [6]),
        ("#你支持吗？#见 weibo.com/#/hot 这里。", [6]),
        ("#你支持吗？#我不支持。你呢#", [6]),
        # still topics: ASCII words, a dot in a name, a ？ inside, a hex-like word before the next topic
        ("#我爱iPhone#", [9]),
        ("#Vue.js好用吗？#", [11]),
        ("#你支持吗？还是反对#", [10]),
        ("#开箱#face id 真好用", [3]),
        ("#开箱#cafe。", [3]),
        ("#cafe#", [5]),
    ],
)
def test_topic_closers_leave_out_implausible_topics(source, closers):
    assert _topic_closers(source, 0, len(source)) == closers


@pytest.mark.parametrize(
    "source,expected",
    [
        # still ambiguous: either pairing is plausible, the # after the sentence end opens the next sentence
        ("#话题一？#话题二#我说。", ["#话题一？", "#话题二#我说。"]),
        ("#话题#说得对？#继续说。", ["#话题#说得对？", "#继续说。"]),
        ("#你支持吗？#不支持#日常", ["#你支持吗？", "#不支持#日常"]),
    ],
)
def test_a_genuinely_ambiguous_hash_still_opens_the_next_sentence(source, expected):
    assert texts(source) == expected
