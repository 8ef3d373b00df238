"""A long line of quotations is split in linear time (QA round 40: each quotation copied the line up to it, so a 16 MB
line without a line break took 47 s and a 48 MB one did not finish)."""

from __future__ import annotations

from argmine.segment import _embedded

#: Seconds the long line may take: about 2 s when linear; the quadratic reading took about 20 s.
LIMIT = 12


def test_quotations_on_one_long_line_are_found_in_linear_time(within):
    line = "知乎上“对吗”这个问题" * 900_000  # 9.9 million characters, 900,000 quotations that words follow
    found = within("900,000 quotations on one line", _embedded, line, 0, len(line), seconds=LIMIT)
    assert len(found) == 900_000 and found[:2] == [(3, 7), (14, 18)]


def test_a_quotation_a_colon_introduces_is_not_embedded_across_white_space():
    text = "他问：  “对吗？”我说不用。知乎上“对吗？”这个问题"
    assert _embedded(text, 0, len(text)) == [(text.index("知乎上") + 3, text.index("这个"))]
