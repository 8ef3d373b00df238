"""The normalised view: one mainland reading of Simplified, Taiwan and Hong Kong text, offsets exact."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from argmine.normalize import fold_width, normalize
from argmine.segment import segment_document
from argmine.types import Document


@pytest.mark.parametrize("simplified,taiwan,hong_kong", [
    ("我很着急，一直等着支付宝回复。", "我很著急，一直等著支付寶回覆。", "我很着急，一直等着支付寶回覆。"),
    ("支付宝逼着大家社交，随着版本升级越来越臃肿。", "支付寶逼著大家社交，隨著版本升級越來越臃腫。", "支付寶逼着大家社交，隨着版本升級越來越臃腫。"),
    ("支付宝要保卫用户的卫生习惯。", "支付寶要保衛用戶的衛生習慣。", "支付寶要保衞用户的衞生習慣。"),
    ("改个昵称，叙述一下，放在柜台上。", "改個暱稱，敘述一下，放在櫃檯上。", "改個暱稱，敍述一下，放在櫃枱上。"),
])
def test_normalize_reads_taiwan_and_hong_kong_text_as_the_simplified(simplified, taiwan, hong_kong):
    want = normalize(simplified).text
    for text in (taiwan, hong_kong):
        n = normalize(text)
        assert n.text == want, text
        assert (n.to_orig, n.to_norm) == (None, None)  # one character for one: offsets stay put


@pytest.mark.parametrize("text", ["支付宝是著名的品牌，效果显著，鲁迅的著作和名著，土著，巨著，著称", "顯著、著名、原著"])
def test_normalize_keeps_zhu_where_the_mainland_writes_it(text):
    assert "着" not in normalize(text).text


def test_normalize_folds_kangxi_radicals_and_compatibility_ideographs():
    # ⽀ U+2F40 (a PDF's 支), 著 U+FA5F (a compatibility 著, which then reads 着 as a particle), 說 U+F96F
    text = "我不\u2f40持、看\ufa5f、\uf96f"
    assert normalize(text).text == "我不支持、看着、说"
    long_text = "支付宝社交。" * 60 + text  # a long page folds with numpy
    assert normalize(long_text).text == normalize("支付宝社交。" * 60).text + "我不支持、看着、说"
    assert fold_width("\u2f00\u2fd5\u2e9f\U0002f800") == "一龠母丽"


@given(st.text(alphabet=st.sampled_from(list("著帐纪甚衞敍枱暱衹名显急录么户篷转账费消的我 ，\u2f40\uf96f\ufa5f\uff01𠮷")
                                        + ["\U0002f800"]), max_size=40))
def test_normalize_keeps_length_on_variants_and_compatibility_forms(text):
    n = normalize(text)
    assert len(n.text) == len(text) and (n.to_orig, n.to_norm) == (None, None)
    assert n.orig_span(0, len(n.text)) == (0, len(text))


def test_segment_drops_a_traditional_form_label_as_the_simplified_one():
    # 暱稱* is the Traditional of the form label 昵称*: page furniture in both scripts
    for text in ("支付宝做社交是对的，方便转账。\n昵称*\n邮箱*\n", "支付寶做社交是對的，方便轉賬。\n暱稱*\n郵箱*\n"):
        units = segment_document(Document(id="d", text=text)).units
        assert [u.text for u in units] == [text.split("\n")[0]], text


_COMPAT_RANGE_CHARS = [chr(c) for c in (0x2E9F, 0x2EF3, *range(0x2F00, 0x2FE0), *range(0xF900, 0xFB00),
                                        *range(0x2F800, 0x2FA20))]


def test_fold_width_keeps_a_long_page_with_every_code_point_of_the_folded_ranges():
    # 﨑 U+FA11 (山﨑) and 11 more in U+F900-FAFF are unified ideographs NFKC keeps; U+FAFD, U+2FD6 are unassigned
    import unicodedata

    text = "日本作家山\ufa11健一说：" + "".join(_COMPAT_RANGE_CHARS) + "！"  # over 256 characters: the numpy path
    want = "".join(unicodedata.normalize("NFKC", c) if len(unicodedata.normalize("NFKC", c)) == 1 else c for c in text)
    assert fold_width(text) == want
    assert normalize("支付宝社交。" * 50 + "山\ufa11\ufafd").text.endswith("山\ufa11\ufafd")


@given(st.text(alphabet=st.sampled_from(_COMPAT_RANGE_CHARS + list("支付宝，！")), min_size=256, max_size=400))
def test_fold_width_long_path_matches_the_short_one(text):
    assert fold_width(text) == "".join(fold_width(c) for c in text)


@pytest.mark.parametrize("simplified", ["我们讨论着这个问题", "配合着政策，结合着实际", "重新着手", "翻译着，有所着墨",
                                        "她写着名字，喊着名字", "一边看着书一边听着录音", "做着作业，拿着作业"])
def test_normalize_reads_zhe_in_taiwan_particle_phrases(simplified):
    import opencc

    taiwan = opencc.OpenCC("s2t").convert(simplified).replace("着", "著")
    assert "著" in taiwan
    assert normalize(taiwan).text == normalize(simplified).text


def test_a_t2s_json_in_the_working_folder_does_not_replace_opencc_s_table(tmp_path, monkeypatch):
    """OpenCC reads a config named 't2s' from the current folder first: argmine names its own copy by full path."""
    import importlib

    normalize_module = importlib.import_module("argmine.normalize")
    (tmp_path / "t2s.json").write_text('{"name": "not a conversion table"}', "utf-8")
    monkeypatch.chdir(tmp_path)
    normalize_module._t2s.cache_clear()
    try:
        assert normalize_module._t2s().convert("支付寶做社交，我覺得隱私安全最重要。") == "支付宝做社交，我觉得隐私安全最重要。"
    finally:
        normalize_module._t2s.cache_clear()
