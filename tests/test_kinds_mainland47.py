"""QA round 47: mainland headings ending in a name or verb jieba lacks (沃勒, 刘耶, 再添) stay titles; 捏 咧 添 勒 耶 are
speech in speech-like company; full-width 原ＰＯ, ＰＯ主, ＬＺ address the poster as 原PO, PO主, LZ do."""

import pytest

import argmine
from argmine.clean import clean

THREAD = "支付宝的社交之路\n支付宝做社交是对的。这是第一段。\n{line}\n他今天说了很多话。"


def kind_of(line):
    text = THREAD.format(line=line)
    c = clean(argmine.Document("d", text))
    assert all(c.document.text[b.start : b.end] == text[b.start : b.end] for b in c.blocks)
    return [b.kind for b in c.blocks if text[b.start : b.end] == line]


@pytest.mark.parametrize("line", [
    # transliterated names and brands jieba's dictionary lacks, in a Simplified heading
    "美联储理事沃勒", "卫浴品牌科勒", "专访作家福勒", "歌手刘耶", "球星韦勒", "对话泽勒", "导演莫勒", "经济学家梅耶", "车手贝耶",
    # 添 as a verb with its object before it
    "年味再添", "新闻早知道：又添",
    # written Cantonese's 俾 is Mandarin in a name (俾斯麦): not a mark of speech
    "俾斯麦与沃勒",
    # as before: a name the dictionary holds
    "德国名宿穆勒",
])
def test_a_mainland_heading_ending_in_a_name_or_verb_stays_a_title(line):
    assert kind_of(line) == ["title"]


@pytest.mark.parametrize("line", [
    # the character before is an aspect marker, 的 or a particle (Simplified)
    "也太扯了耶", "超烦的捏", "真的假的耶", "好了啦勒",
    # the line is in Traditional
    "就這樣勒", "好煩咧", "仲要收錢添",
    # written Cantonese or a Taiwanese particle in a Simplified line
    "佢哋仲要收钱添", "唔使咁烦咧", "欸这样也行耶",
])
def test_a_guarded_particle_in_speech_like_company_is_speech(line):
    assert kind_of(line) == ["body"]


@pytest.mark.parametrize("line", ["原ＰＯ說得對", "ＰＯ主 正解", "原ｐｏ 言之有理", "ＬＺ 双标", "ｌｚ，你说得对", "楼主｜言之有理", "原PO＋１"])
def test_a_full_width_forum_address_is_a_reply(line):
    assert kind_of(line) == ["body"]


@pytest.mark.parametrize("line", ["原ＰＯ的三個訴求", "ＬＺＷ的三个诉求"])
def test_a_full_width_poster_as_a_noun_stays_a_title(line):
    assert kind_of(line) == ["title"]


@pytest.mark.parametrize("line", ["Ｑ１：圈子是什么", "ｑ：我的隐私安全吗", "Ａ２：不安全"])
def test_a_full_width_q_and_a_label_is_speech(line):
    assert kind_of(line) == ["body"]
