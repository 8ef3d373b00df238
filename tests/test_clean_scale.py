"""Cleaning takes time about linear in its input, whatever the text.

The furniture rules are regular expressions that re matches by backtracking: a pattern that can match the
same characters in many ways (two ``\\s*`` around an optional separator, repeated) takes exponential time
on a line that almost matches, and one whose match may start at every character of a long run (``\\d+``,
``\\s*``) quadratic time.  Each rule is run on lines built from its own words, separators and long runs,
each with a generous limit: a rule that backtracks takes minutes or hours on them, not milliseconds.
"""

from __future__ import annotations


import pytest

import argmine
from argmine.clean import _re_parser, _seq_strings, clean, load_rules

RULES = load_rules()
#: How often a rule's word is repeated: a pattern that doubles its work per word takes hours at 30.
REPEATS = 30
#: Length of a run of one character after a line rule's word: quadratic work on it takes a minute.
RUN = 50_000
#: The same for a span rule, tried at every character, and for a pattern whose quadratic work is quick (re skips
#: ahead to a literal after \s* or \d+): minutes all the same.
LONG_RUN = 400_000
#: What separates the repeated words: nothing, white space, the separators the rules allow.
SEPARATORS = ["", " ", "  ", "\u3000", "|", " | ", "/", " / ", "·", " · ", ",", "、", ":", " - ", " > "]
#: A count after a label (阅读 3, 回复:9, 举报(1)).
COUNTS = ["", "1", ":1", "(1)"]


def _words(pattern) -> list[str]:
    """The strings a pattern spells out: each stretch of plain characters and alternations (回复, 举报, 分享到…)."""
    parser = _re_parser()
    words: set[str] = set()

    def walk(items):
        run = []
        for op, av in [*items, (None, None)]:
            if op is not None and _seq_strings(parser, [(op, av)]) is not None:
                run.append((op, av))
                continue
            words.update(_seq_strings(parser, run) or ())
            run = []
            if op is parser.BRANCH:
                for alternative in av[1]:
                    walk(alternative)
            elif op is parser.SUBPATTERN:
                walk(av[3])
            elif op in (parser.MAX_REPEAT, parser.MIN_REPEAT, parser.POSSESSIVE_REPEAT):
                walk(av[2])
            elif op in (parser.ASSERT, parser.ASSERT_NOT):
                walk(av[1])
            elif op is parser.ATOMIC_GROUP:
                walk(av)

    walk(parser.parse(pattern.pattern))
    return sorted(w for w in words if w.strip())


def _apply(rule, line):
    """What cleaning does with the rule on a line: a line rule must match it whole, a span rule is looked for everywhere."""
    return list(rule.pattern.finditer(line)) if rule.scope == "span" else rule.pattern.fullmatch(line)


def _heads(rule, words) -> list[str]:
    """What may lead a line the rule drops: nothing, and for a line rule up to three of its words that it drops alone (刚刚, 分享到)."""
    return [""] + ([w for w in words if rule.pattern.fullmatch(w)][:3] if rule.scope == "line" else [])


def test_the_words_of_a_pattern_are_its_plain_stretches_and_alternatives():
    import re

    assert _words(re.compile(r"(一键)?分享到?\s*:?(\s*[|/]?\s*(微信|QQ空间))*")) == ["/", ":", "QQ空间", "|", "一键分享", "一键分享到", "分享", "分享到", "微信"]


@pytest.mark.parametrize("rule", RULES, ids=[r.id for r in RULES])
def test_furniture_rule_takes_linear_time_on_its_words_repeated(rule, within):
    # 回复 回复 … 回复 好: each space could go to either \s* of (\s*[|/·]?\s*(回复|…))*, 2^30 ways to fail
    words = _words(rule.pattern)
    for head in _heads(rule, words):
        for word in words:
            for count in COUNTS:
                for sep in SEPARATORS:
                    line = sep.join([head] * bool(head) + [word + count] * REPEATS) + sep + "好"
                    within(f"{rule.id} on {head!r} + ({word + count!r} + {sep!r}) * {REPEATS} + '好'", _apply, rule, line)


@pytest.mark.parametrize("rule", RULES, ids=[r.id for r in RULES])
def test_furniture_rule_takes_linear_time_on_a_long_run_of_one_character(rule, within):
    # 分享到 + 3,000 spaces: three \s* share them (cubic); 好 + 80,000 digits + x被浏览: \d+ starts at every digit (quadratic)
    # a line rule is matched from the line's start: after each of its words; a span rule from every character: after any
    words = _words(rule.pattern)
    runs = [" ", "\u3000", "1"] + ([] if rule.scope == "line" else [w for w in words if len(w) == 1 and not w.isspace()])
    heads, length = (words, RUN) if rule.scope == "line" else (["好"], LONG_RUN)
    for char in runs:
        for head in heads:
            within(f"{rule.id} on {head!r} + {char!r} * {length:,} + 'x'", _apply, rule, head + char * length + "x")


@pytest.mark.parametrize(
    "rule_id, line",
    [  # QA's lines (round 29), and the shapes of every other rule that backtracked on them
        ("page_buttons", "回复 " * REPEATS + "好"),
        ("post_counters", "转发 " * REPEATS + "支持"),
        ("share_bar", "分享到 " + "微信 " * REPEATS + "好"),
        ("share_bar", "分享到" + " " * RUN + "微信 这篇文章说得很好。"),
        ("comment_bar", "匿名发表 " * REPEATS + "好"),
        ("post_time", "刚刚" + " 回复" * REPEATS + " 好"),
        ("thread_counters", "查看:1" + " 回复:1" * REPEATS + " 好"),
        ("forum_user_stats", "注册时间2015-3-412:00" * REPEATS + "好"),  # a day of one or two digits before a glued time
        ("zhihu_counters", "好" + "1" * LONG_RUN + "x被浏览"),
        ("comment_box", "好" + "1" * LONG_RUN + "x相关文章您至少需输入"),
        ("expand_preview", "好" + "…" * LONG_RUN + "全文x"),
        ("ptt_push", "推 abc: a" + " " * RUN + "x"),
        ("ptt_push_untimed", "推 abc: a" + " " * RUN + "x"),
        ("copyright", "版权所有" + " " * RUN + "x"),
        ("floor_number", "楼主 张三" + " " * RUN + "x"),
        ("bbs_header", "发信人: abc" + " " * LONG_RUN + "x"),
        ("title_suffix", "标题" + " " * RUN + "x"),
    ],
)
def test_furniture_rule_takes_linear_time_on_lines_that_backtracked(rule_id, line, within):
    (rule,) = [r for r in RULES if r.id == rule_id]
    within(f"{rule_id} on {line[:20]!r}… ({len(line):,} characters)", _apply, rule, line)


def test_cleaning_a_line_of_repeated_buttons_keeps_it_at_once(within):
    # 回复 × 30 + 好 is a sentence of sorts, no button bar: kept, as it always was, but without 2^30 steps first
    text = "回复 " * REPEATS + "好"
    c = within("clean", clean, argmine.Document("d", text))
    assert [(b.kind, text[b.start : b.end]) for b in c.blocks] == [("body", text)] and c.dropped == ()


def _previews(n: int, full_every: int = 0) -> tuple[str, list[str]]:
    """A feed of ``n`` previews cut off by …展开全文 (each its own words); with ``full_every``, every such preview's full text follows the feed."""
    previews = [f"第{i}条微博说支付宝做社交是一步险棋" for i in range(n)]
    fulls = [p + "，隐私问题必须重视。" for i, p in enumerate(previews) if full_every and i % full_every == 0]
    return "\n".join([p + "…展开全文" for p in previews] + fulls) + "\n", previews


def test_previews_no_full_text_follows_are_all_kept():
    text, previews = _previews(200)
    c = clean(argmine.Document("d", text))
    assert [text[b.start : b.end] for b in c.blocks] == previews
    assert {d.rule for d in c.dropped} == {"expand_preview"} and len(c.dropped) == 200


def test_each_preview_is_a_duplicate_of_the_first_full_text_after_it_and_only_of_one_after_it():
    text = (
        "支付宝做社交是一步险棋，隐私问题必须重视。\n"  # the full text before the preview: not its continuation
        "支付宝做社交是一步险棋…展开全文\n"
        "支付宝做社交是一步险棋，隐私问题必须重视。\n"  # a repeat of the first line: dropped, so it continues nothing
        "支付宝做社交是一步险棋，我不同意。\n"  # the first full text after the preview
        "支付宝做社交是一步险棋，我不同意。再说一遍。\n"
    )
    c = clean(argmine.Document("d", text))
    dropped = [(d.rule, d.text, d.reason) for d in c.dropped if d.rule == "duplicate"]
    assert dropped == [
        ("duplicate", "支付宝做社交是一步险棋", f"a cut-off preview of the block at offset {text.index('支付宝做社交是一步险棋，我不同意')}"),
        ("duplicate", "支付宝做社交是一步险棋，隐私问题必须重视。", "repeats the block at offset 0"),
    ]


def test_previews_are_dropped_when_their_full_text_follows_and_kept_otherwise():
    text, previews = _previews(60, full_every=3)
    c = clean(argmine.Document("d", text))
    cut = [d.text for d in c.dropped if d.rule == "duplicate"]
    assert cut == [p for i, p in enumerate(previews) if i % 3 == 0]
    assert all(d.reason == f"a cut-off preview of the block at offset {text.index(d.text + '，')}" for d in c.dropped if d.rule == "duplicate")


def test_previews_are_each_compared_with_the_blocks_that_continue_them_only(monkeypatch):
    # a feed of 2,000 previews and no full text (QA: 16k lines took 26 s): comparing each with every later block is
    # 2 million comparisons; looking up the blocks that start like it, a few thousand
    import importlib

    clean_module = importlib.import_module("argmine.clean")  # argmine.clean is also the function
    calls = 0

    class Key(str):
        def startswith(self, *args):
            nonlocal calls
            calls += 1
            return str.startswith(self, *args)

    key = clean_module.duplicate_key
    monkeypatch.setattr(clean_module, "duplicate_key", lambda *args: Key(key(*args)))
    text, previews = _previews(2000)
    c = clean(argmine.Document("d", text))
    assert len(c.blocks) == len(previews)
    assert calls <= 3 * len(previews)


#: 20 characters that thousands of replies below share: a quote of 20 to 23 looks among the blocks that start with them.
SHARED = "我觉得支付宝做社交这件事情本身就是错的，"
#: 100 characters that cleaning leaves as they are (no variant that NFKC or Traditional→Simplified folds).
PLAIN = "的一是不了人我在有他中大来上国个到说们为子和你地出道也时年得就那要下以生会自着去之过家学对可她里后小么心多天而能好都然没日于起还发成事只作当想看文无开手十用主行方又如前所本见经头面公同三已老从动两长知"


def _replies(n: int) -> list[str]:
    """``n`` replies of 23 characters, each its own words after :data:`SHARED`: quotes of no earlier block."""
    return [f"{SHARED}{PLAIN[k // 100]}{PLAIN[k % 100]}吗" for k in range(n)]


@pytest.mark.parametrize("form", ["cut", "joined"])
def test_quotes_sharing_their_start_with_thousands_of_earlier_blocks_are_looked_up_in_linear_time(form, within):
    # QA round 41: 10,000 Discuz replies cut with " ..." after a common start took 17 s (44 s here), each reading
    # every earlier reply; Mobile01 quotes under "X wrote:" the same.  The last reply quotes the post at the top.
    post, more = SHARED + "钱包就是钱包。", "隐私才是底线。"
    if form == "cut":
        replies = [r + " ..." for r in _replies(10_000)] + [post[:22] + " ..."]
        lines, why = [post, more, *replies], "a cut-off quote of the text at offset 0"
    else:
        replies = [*_replies(10_000), post + more]
        lines, why = [post, more] + [x for r in replies for x in ("阿Sam仔 wrote:", r)], "the blocks from offset 0 on, joined"
    text = "\n".join(lines)
    clean(argmine.Document("d", post))  # the rules compiled before the clock starts
    c = within(f"10,000 {form} replies sharing {SHARED!r}", clean, argmine.Document("d", text))
    assert [text[b.start : b.end] for b in c.blocks] == [post, more, *replies[:-1]]
    assert [(d.text, d.reason) for d in c.dropped if d.rule == "duplicate"] == [(replies[-1], why)]
