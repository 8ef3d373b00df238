"""argmine.decode: encoding detection, damaged bytes, NUL bytes, GBK/Big5/UTF-16/CESU-8 and Windows code pages."""

import random
import warnings

import opencc
import pytest

from argmine.decode import decode
from argmine.errors import InputError
from tests.test_read import _warned

TEXT = "支付宝做社交?财不外露。\n 来往已死"


@pytest.mark.parametrize(
    "encoding,expected",
    [("utf-8", "utf-8"), ("utf-8-sig", "utf-8-sig"), ("gb18030", "gb18030"), ("gbk", "gb18030"), ("utf-16", "utf-16")],
)
def test_decode_detects_encoding(encoding, expected):
    text, found = decode(TEXT.encode(encoding))
    assert text == TEXT
    assert found == expected


def test_decode_detects_big5_traditional():
    trad = opencc.OpenCC("s2t").convert(TEXT * 3)
    text, found = decode(trad.encode("big5"))
    assert text == trad
    assert found == "big5"


SHORT = ["好的。", "隐私", "隐私!", "财不外露，我担心隐私！\r\n", "支付宝做社交。", "我只想付钱\n", "来往已死。\r\n", "功能太多了，太臃肿了。"]


@pytest.mark.parametrize("text", SHORT)
@pytest.mark.parametrize("encoding", ["gb18030", "big5", "utf-8"])
def test_decode_short_chinese_texts_are_not_taken_for_utf16(text, encoding):
    # short GB18030/Big5 files with an even byte count used to decode as UTF-16-BE garbage
    if encoding == "big5":
        text = opencc.OpenCC("s2t").convert(text)
    assert decode(text.encode(encoding)) == (text, encoding)


_ASCII_FILL = "The quick brown fox 2024-06-11 09:12 http://example.com/a?b=1 id=12345, user=alice; "


@pytest.mark.parametrize("words", [["东方在前"], ["价格", "元"], ["数据"], ["支付宝"], ["测试", "微信"]])
@pytest.mark.parametrize("encoding", ["gbk", "big5"])
@pytest.mark.parametrize("fill", [200, 5000])
def test_decode_mostly_ascii_with_a_few_chinese_words_is_not_misread_as_the_other_chinese_encoding(words, encoding, fill):
    # the ASCII, the same in GBK and Big5, used to dilute the difference: 东方在前 saved as GBK read as Big5 陲源婓ヶ
    if encoding == "big5":
        words = [opencc.OpenCC("s2t").convert(w) for w in words]
    text = (_ASCII_FILL * (fill // len(_ASCII_FILL) + 1))[:fill] + " ".join(words) + "\n" + _ASCII_FILL
    assert decode(text.encode(encoding)) == (text, "gb18030" if encoding == "gbk" else "big5")


@pytest.mark.parametrize("text", ["支付宝做社交。", "一个功能太多了。\n", "财不外露，我担心隐私！\r\n来往已死。"])
@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be"])
def test_decode_utf16_without_bom_of_chinese_text(text, encoding):
    # "一" is U+4E00 and "\n" U+000A: NUL bytes that are not the ASCII-heavy pattern
    assert decode(text.encode(encoding)) == (text, encoding)


def test_decode_utf16_without_bom_of_ascii_text_and_nul_bytes_that_are_not_utf16():
    assert decode("argmine reads UTF-16.\n".encode("utf-16-le")) == ("argmine reads UTF-16.\n", "utf-16-le")
    assert decode("argmine reads UTF-16.\n".encode("utf-16-be")) == ("argmine reads UTF-16.\n", "utf-16-be")
    with pytest.raises(InputError) as e:
        decode("隐私".encode("gb18030") + bytes(7) + b"\x81\x30\x00\xff" * 3, "n.txt")
    assert str(e.value) == (
        "n.txt: looks like binary data (contains NUL bytes), not text; if it is UTF-16 text without "
        "a byte-order mark, pass --encoding utf-16-le (or utf-16-be; encoding= in Python), otherwise pass only text, JSONL or CSV files"
    )


def test_forced_encoding_wins_and_bad_forced_encoding_says_what_to_do():
    assert decode(TEXT.encode("gb18030"), encoding="gb18030")[0] == TEXT
    with pytest.raises(InputError) as e:
        decode(TEXT.encode("gb18030"), "f.txt", encoding="utf-8")
    assert str(e.value).startswith("f.txt: is not valid utf-8:")
    assert "drop --encoding" in str(e.value)


@pytest.mark.parametrize(
    "data,message",
    [
        (b"", "file is empty"),
        (b"\x89PNG\r\n\x1a\n" + bytes(200), "looks like binary data (PNG image)"),
        (bytes(range(128, 256)) * 20, "cannot be decoded as UTF-8, UTF-16, GB18030 or Big5"),
    ],
)
def test_bad_bytes_raise_input_error(data, message):
    with pytest.raises(InputError, match=message.replace("(", r"\(").replace(")", r"\)")):
        decode(data, "bad.txt")


@pytest.mark.parametrize("text,encoding,found,n,line", [
    ("支付宝做社交？\x00财不外露。\n我觉得功能太多了，用起来很麻烦。\n", "gbk", "gb18030", "1 NUL byte", 1),
    ("支付寶做社交？\n財不外露。\x00我覺得功能太多了，\x00用起來很麻煩。\n", "big5", "big5", "2 NUL bytes", 2),
    ("id=12345, user=alice;\n score=3\x00 東方在前，隱私很重要。\n", "big5", "big5", "1 NUL byte", 2),  # mostly ASCII
])
def test_gbk_or_big5_with_a_stray_nul_is_read_with_one_warning_not_refused_as_binary(text, encoding, found, n, line):
    # a scraped page in a legacy encoding holds a stray NUL now and then: kept, as in UTF-8, so offsets stay exact
    assert _decoded(text.encode(encoding)) == ((text, found), [
        f"t.txt: holds {n} (the first on line {line}), kept in the text as U+0000; "
        "if they do not belong there, remove them (e.g. tr -d '\\000' < FILE > NEW)"])
    many = (text.replace("\x00", "") * 20).encode(encoding) + bytes(60)  # more NULs than stray ones, and 1% of the bytes
    with pytest.raises(InputError, match=rf"looks like binary data: it is {found.upper()} but holds 60 NUL bytes "):
        decode(many, "t.txt")  # named as the encoding it is in, as a UTF-8 file with as many NULs is


def _decoded(data: bytes, **kwargs):
    """``decode(data, "t.txt", ...)`` and the warnings it gave."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        result = decode(data, "t.txt", **kwargs)
    return result, _warned(caught)


@pytest.mark.parametrize("encoding", [None, "utf-8"])
def test_utf8_cut_off_inside_its_last_character_is_read_with_a_warning_with_or_without_encoding(encoding):
    data = "支付宝做社交没必要。\n隐私怎么办".encode()[:-1]
    assert _decoded(data, encoding=encoding) == (("支付宝做社交没必要。\n隐私怎么\ufffd", "utf-8"), [
        "t.txt: 2 bytes not valid utf-8 read as U+FFFD, the first at byte 43 (line 2): "
        "the file ends inside a character, cut off; repair the file or save it again to silence this"])


def test_utf16_cut_off_inside_its_last_character_is_read_with_a_warning():
    bom = b"\xff\xfe" + "支付宝做社交。".encode("utf-16-le")
    (text, found), warned = _decoded(bom[:-1])
    assert (text, found) == ("支付宝做社交\ufffd", "utf-16")
    assert warned == ["t.txt: 1 byte not valid utf-16 read as U+FFFD, the first at byte 14 (line 1): "
                      "the file ends inside a character, cut off; repair the file or save it again to silence this"]
    # without a BOM: an odd byte count no longer hides UTF-16 (nor lets its NULs through as UTF-8)
    ascii16 = "argmine reads UTF-16.\n".encode("utf-16-le") * 3
    assert _decoded(ascii16[:-1])[0] == ("argmine reads UTF-16.\n" * 2 + "argmine reads UTF-16.\ufffd", "utf-16-le")
    assert _decoded(("财不外露，我担心隐私！" * 4).encode("utf-16-le")[:-1])[0] == ("财不外露，我担心隐私！" * 3 + "财不外露，我担心隐私\ufffd", "utf-16-le")


def test_utf8_with_one_bad_byte_is_read_but_one_per_thousand_characters_at_most():
    line = "支付宝做社交没必要。\n"
    data = bytearray((line * 5).encode())
    data[len(line.encode()) + 10] = 0xFF  # inside 做 on line 2: its three bytes fail
    (text, found), warned = _decoded(bytes(data))
    assert found == "utf-8" and text == line + "支付宝\ufffd\ufffd\ufffd社交没必要。\n" + line * 3
    assert warned == [f"t.txt: 3 bytes not valid utf-8 read as U+FFFD, the first at byte {len(line.encode()) + 9} (line 2): "
                      "the file is damaged in 1 place; repair the file or save it again to silence this"]
    data[5] = 0xFF  # a second place in 55 characters: damaged, not a few bad bytes
    with pytest.raises(InputError, match="cannot be decoded as UTF-8, UTF-16, GB18030 or Big5, nor as UTF-8 damaged"):
        decode(bytes(data), "t.txt")
    # the hint for --encoding utf-8 does not send the user back to detection, which fails too
    with pytest.raises(InputError) as e:
        decode(bytes(data), "t.txt", encoding="utf-8")
    assert str(e.value) == (
        "t.txt: is not valid utf-8: invalid continuation byte at byte 3 (line 1), in 2 places: too many to read as U+FFFD; "
        "no encoding fits it, so it is damaged or in an encoding argmine does not detect: repair it, or pass the right one")
    # a file in another encoding is still detected, and forced as UTF-8 is told which encoding it reads as
    gbk = ("支付宝做社交没必要，财不外露。" * 100).encode("gbk")
    assert _decoded(gbk) == ((("支付宝做社交没必要，财不外露。" * 100), "gb18030"), [])
    with pytest.raises(InputError, match="in more than 10 places: too many to read as U[+]FFFD; it reads as gb18030: drop --encoding"):
        decode(gbk, "t.txt", encoding="utf-8")


@pytest.mark.parametrize("text,encoding", [
    ("支付宝的圈子功能让人反感，强推社交不可取。\n另一个观点：社交能带来流量。", "gb18030"),
    ("支付寶的圈子功能讓人反感，強推社交不可取。\n另一個觀點：社交能帶來流量。", "big5"),
])
def test_gb18030_or_big5_cut_off_or_with_one_bad_byte_is_read_with_a_warning(text, encoding):
    data = text.encode(encoding)
    assert _decoded(data[:-1]) == ((text[:-1] + "\ufffd", encoding), [
        f"t.txt: 1 byte not valid {encoding} read as U+FFFD, the first at byte 69 (line 2): "
        "the file ends inside a character, cut off; repair the file or save it again to silence this"])
    damaged = bytearray(data)
    damaged[50] = 0xFF  # the second byte of 观 (觀) on line 2
    assert _decoded(bytes(damaged)) == ((text.replace(text[25], "\ufffd\ufffd"), encoding), [
        f"t.txt: 2 bytes not valid {encoding} read as U+FFFD, the first at byte 49 (line 2): "
        "the file is damaged in 1 place; repair the file or save it again to silence this"])
    damaged[5] = 0xFF  # a second place in 35 characters: damaged, not a few bad bytes
    with pytest.raises(InputError, match="cannot be decoded as UTF-8, UTF-16, GB18030 or Big5"):
        decode(bytes(damaged), "t.txt")


def test_damaged_utf8_with_few_chinese_characters_is_still_read_as_utf8_and_binary_data_still_refused():
    # read as GB18030 the UTF-8 of 好评 decodes too (as mojibake): UTF-8's characters read better
    data = bytearray("score=3, user=alice; 好评\n".encode() * 3)
    data[3] = 0xFF
    (text, found), warned = _decoded(bytes(data))
    assert (text[:6], found) == ("sco\ufffde=", "utf-8") and len(warned) == 1
    # control bytes among bytes that read as GB18030 damaged in one place: binary data, not text
    with pytest.raises(InputError, match="cannot be decoded as UTF-8, UTF-16, GB18030 or Big5"):
        decode(b"\x1b\x07" + "支付宝的圈子功能让人反感".encode("gb18030") + b"\xff" + b"\x10\x02data", "b.bin")


def _changed(data: bytes, at: int) -> bytes:
    """``data`` with byte ``at`` set to 0xFF."""
    return data[:at] + b"\xff" + data[at + 1:]


RUSSIAN = "Пользователи недовольны новой социальной функцией Alipay.".encode("cp1251")
JAPANESE = "支払いアプリのソーシャル機能について、ユーザーは不満です。".encode("euc_jp")
KOREAN = "알리페이의 소셜 기능에 대해 사용자들은 불만입니다. 개인정보가 중요합니다.".encode("euc_kr")


@pytest.mark.parametrize("data", [
    RUSSIAN,  # intact: as GB18030 it fails in one place
    RUSSIAN[:-1],
    JAPANESE[:-1],  # read as Big5 it is cut off inside its last character
    _changed(JAPANESE, 29),
    _changed(KOREAN, 36),  # read as GB18030 it is damaged in one place
], ids=["cp1251", "cp1251-cut", "euc-jp-cut", "euc-jp-changed", "euc-kr-changed"])
def test_text_in_another_encoding_is_not_read_as_damaged_gb18030_or_big5(data):
    # their GB18030 or Big5 reading is mojibake, and "repair the file" the wrong advice: they ask for --encoding
    with pytest.raises(InputError, match="cannot be decoded as UTF-8, UTF-16, GB18030 or Big5.*pass --encoding NAME"):
        decode(data, "t.txt")


def test_short_random_bytes_are_not_read_as_damaged_gb18030_or_big5():
    rng = random.Random(7)
    for _ in range(300):
        data = bytes(rng.randrange(0x80, 0x100) if rng.random() < 0.5 else rng.randrange(0x20, 0x7F)
                     for _ in range(rng.randrange(8, 51)))
        try:
            _, warned = _decoded(data)
        except InputError:
            continue
        # (mostly ASCII with a stray byte reads as damaged UTF-8, as it did before GB18030 and Big5 could be damaged)
        assert not any(f"not valid {name} " in message for message in warned for name in ("gb18030", "big5", "cp950")), data


def test_short_gb18030_or_big5_cut_off_inside_its_last_character_is_still_read():
    assert _decoded("支付宝社".encode("gb18030") + b"\xc9")[0] == ("支付宝社\ufffd", "gb18030")
    assert _decoded("支付寶社".encode("big5") + b"\xaa")[0] == ("支付寶社\ufffd", "big5")


@pytest.mark.parametrize("encoding", [None, "gbk", "gb18030", "cp936"])
def test_windows_gbk_with_euro_sign_is_read_as_cp936(encoding):
    text = "支付宝做社交是对的，财不外露！价格是100€。"
    assert decode(text.encode("gbk", "replace").replace(b"?", b"\x80"), encoding=encoding) == (text, "cp936")


@pytest.mark.parametrize("encoding", [None, "big5", "cp950"])
def test_windows_big5_with_euro_sign_and_eten_characters_is_read_as_cp950(encoding):
    text = "這個產品設計得不錯，但是隱私問題很嚴重。裏面的功能太多了，價格是100€。"
    assert decode(text.encode("cp950"), encoding=encoding) == (text, "cp950")


def test_utf16_without_bom_cut_off_inside_its_last_character_warns_as_any_damage_does():
    data = "财不外露，我担心隐私！".encode("utf-16-le")
    assert _decoded(data[:-1]) == (("财不外露，我担心隐私\ufffd", "utf-16-le"), [
        "t.txt: 1 byte not valid utf-16-le read as U+FFFD, the first at byte 20 (line 1): "
        "the file ends inside a character, cut off; repair the file or save it again to silence this"])
    # only a character cut off at the end is read so: a high surrogate left alone before it is damage UTF-16 does not read
    with pytest.raises(InputError, match="cannot be decoded as UTF-8, UTF-16"):
        decode(data + b"\x3d\xd8\x41")


def test_forced_encoding_hint_detects_without_warnings_or_the_global_warning_filters(monkeypatch):
    data = ("支付宝做社交没必要。" * 20).encode() + b"\xed\xa0\xbd\xed\xb8\x80"  # CESU-8: detection would warn

    def shared_state(*args, **kwargs):
        raise AssertionError("warnings.catch_warnings changes every thread's filters")

    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        monkeypatch.setattr(warnings, "catch_warnings", shared_state)
        try:
            with pytest.raises(InputError, match=r"in more than 10 places: too many to read as U\+FFFD; it reads as cesu-8: drop --encoding"):
                decode(data, "f.txt", encoding="gbk")
        finally:
            monkeypatch.undo()  # pytest's own warning capture needs it
    assert caught == []


@pytest.mark.parametrize("encoding", [None, "big5"])
def test_big5_punctuation_is_read_as_windows_and_browsers_read_it(encoding):
    # A1E3 ～ and A145 ‧: Python's big5 table has ∼ (U+223C) and • (U+2022); cp950, iconv and browsers ～ and ‧.
    data = "PTT上面好多人講".encode("big5") + b"\xa1\xe3" + "阿里巴巴".encode("big5") + b"\xa1\x45" + "馬雲點諗？".encode("big5")
    assert decode(data, encoding=encoding) == ("PTT上面好多人講～阿里巴巴‧馬雲點諗？", "cp950")
    assert decode("好的。".encode("big5"), encoding=encoding) == ("好的。", "big5")  # nothing read otherwise: still big5


@pytest.mark.parametrize("text", ["佢哋講咗嘅嘢冇錯", "冇錯", "嘅咗啲嚟㗎喺"])
def test_short_cantonese_in_big5_hkscs_is_detected(text):
    # Written Cantonese characters are rare in jieba's Mandarin dictionary: these read as GB18030, UTF-16 or not at all.
    assert decode(text.encode("big5hkscs"))[0] == text
