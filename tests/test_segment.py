import unicodedata

import opencc
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import argmine
from argmine.normalize import normalize
from argmine.segment import split_sentences

from .conftest import SEED_000, SEED_001, assert_offsets


def texts(doc_text, **kw):
    return [u.text for u in argmine.segment([argmine.Document("d", doc_text)], **kw)]


@pytest.mark.parametrize(
    "source,expected",
    [
        ("", []),
        ("一句话", ["一句话"]),
        ("第一句。第二句!第三句?", ["第一句。", "第二句!", "第三句?"]),
        ("他说:“好。”然后走了。", ["他说:“好。”", "然后走了。"]),
        ("一出的话。。。。。正当人不会用了", ["一出的话。。。。。", "正当人不会用了"]),
        ("这个标题.........我竟然看到过", ["这个标题.........", "我竟然看到过"]),
        ("What? Really! ok.", ["What?", "Really!", "ok."]),
        ("1.切入市场,价格3.5元。", ["1.切入市场,价格3.5元。"]),
        ("等等……然后呢?!", ["等等……", "然后呢?!"]),
        ("前半;后半", ["前半;", "后半"]),
        ("第一行\n第二行", ["第一行", "第二行"]),
        ("第一行\r\n第二行\r\n", ["第一行", "第二行"]),
        ("好啊😀!𠮷野家。", ["好啊😀!", "𠮷野家。"]),
        ("(括号里的话。)后面", ["(括号里的话。)", "后面"]),
        ("。。开头的标点", ["。。开头的标点"]),
    ],
)
def test_segment_sentences(source, expected):
    assert texts(source) == expected


# ASCII punctuation and its full-width twin (written as escapes: ！？；，：（）)
WIDEN = str.maketrans({"!": "\uff01", "?": "\uff1f", ";": "\uff1b", ",": "\uff0c", ":": "\uff1a", "(": "\uff08", ")": "\uff09"})


@pytest.mark.parametrize("granularity", ["sentence", "clause"])
def test_full_width_punctuation_cuts_like_ascii(granularity):
    source = ("支付宝做社交是对的,但是没必要死盯熟人社交!你同意吗?我不同意;隐私(尤其是余额)很重要:"
              "财不外露,因为用户只想付钱。What? ok.")
    wide = source.translate(WIDEN)
    assert wide != source and "\uff01" in wide
    ascii_units = argmine.segment([argmine.Document("d", source)], granularity=granularity)
    wide_units = argmine.segment([argmine.Document("d", wide)], granularity=granularity)
    assert [(u.start, u.end) for u in wide_units] == [(u.start, u.end) for u in ascii_units]
    assert len(ascii_units) >= 5
    assert [u.norm for u in wide_units] == [u.norm for u in ascii_units]  # models read both alike


def test_segment_keeps_closing_quote_and_bracket_with_sentence():
    assert texts("“对吗?”】他问。") == ["“对吗?”】", "他问。"]


def test_clause_granularity_splits_long_sentences_at_commas_and_markers():
    s = "支付宝做社交是对的,但是没必要死盯熟人社交,因为用户只想付钱。"
    assert texts(s, granularity="clause") == ["支付宝做社交是对的,", "但是没必要死盯熟人社交,", "因为用户只想付钱。"]
    assert texts("短句,也不拆。", granularity="clause") == ["短句,也不拆。"]


def test_tokens_on_request_come_from_the_original_text():
    (u,) = argmine.segment([argmine.Document("d", "支付寶做社交")], tokens=True)
    assert "".join(u.tokens) == "支付寶做社交"
    assert u.norm == "支付宝做社交"


def test_unit_ids_are_stable_and_numbered_per_document():
    units = argmine.segment([argmine.Document("a", "一。二。"), argmine.Document("b", "三。")])
    assert [u.id for u in units] == ["a#1", "a#2", "b#1"]


# --- the bundled corpus (issue acceptance) --------------------------------

FURNITURE = ["用户名*", "邮箱*", "我要回帖", "随机推荐", "请输入姓名:", "亲,先登录哦!", "回复 ( 5 )"]


def test_corpus_has_no_furniture_units(corpus_units):
    texts_ = {u.text for u in corpus_units}
    for f in FURNITURE:
        assert f not in texts_
    assert not any("被浏览" in t or "转载请注明出处" in t for t in texts_)


def test_seed_001_article_sentences_appear_once(corpus_units):
    text = SEED_001.read_text("utf-8")
    first_copy = text[text.index("阿里一直不甘心") : text.index("本文首发于")]
    assert text.count(first_copy) == 2  # the page really holds the article twice
    body = [u.text for u in corpus_units if u.doc == SEED_001.stem and u.kind == "body"]
    assert body.count("阿里一直不甘心放弃社交市场,站在这个角度去做社交功能理所应当。") == 1
    assert "".join(body).replace(" ", "") == "".join(first_copy.split())


def test_seed_000_comments_and_body(corpus_units):
    units = [u for u in corpus_units if u.doc == SEED_000.stem]
    comments = {u.text for u in units if u.kind == "comment"}
    assert len(comments) >= 25
    assert {"财不外露", "来往已死", "就这个创意给满分~"} <= comments
    body = {u.text for u in units if u.kind == "body"}
    assert "支付宝并不是要做社交,而是要做「社交关系的支付场景」功能。" in body
    assert "圈子到底是什么?" in body
    assert not any(u.kind == "comment" and "东方" in u.text for u in units)


def test_corpus_offsets(corpus_docs, corpus_units):
    assert_offsets(corpus_docs, corpus_units)


@pytest.mark.parametrize("variant", ["gb18030", "big5", "crlf", "emoji", "utf16"])
def test_offsets_hold_on_corpus_variants(tmp_path, variant):
    text = SEED_000.read_text("utf-8") + SEED_001.read_text("utf-8")
    if variant == "gb18030":
        data = text.encode("gb18030")
    elif variant == "big5":
        data = opencc.OpenCC("s2t").convert(text).encode("big5", errors="replace")
    elif variant == "crlf":
        data = text.replace("\n", "\r\n").encode("utf-8")
    elif variant == "emoji":
        data = text.replace("。", "😀。", 50).replace("支付宝", "𠮷支付宝", 30).encode("utf-8")
    else:
        data = text.encode("utf-16")
    p = tmp_path / f"{variant}.txt"
    p.write_bytes(data)
    docs = argmine.read([p])
    units = argmine.segment(docs)
    assert len(units) > 300
    assert_offsets(docs, units)
    if variant == "big5":
        assert docs[0].encoding == "big5"
        assert any("財不外露" == u.text for u in units)
        assert any(u.norm == "财不外露" for u in units)


# --- property-based: offsets never drift -----------------------------------

_ALPHABET = st.sampled_from(list("支付宝做社交財不外露們這個。!?!?;…,,:“”「」()&& \n\r\t.😀𠮷ab1")
                            + list("．ｅＭｗ[]—（）、\"🏻✓")  # full-width Latin, [doge] codes, ——attributions, brackets
                            + list("，：１"))  # full-width comma, colon and digit
_CLAUSE_MARKS = "、，,；;：:"


@settings(max_examples=200, deadline=None)
@given(st.text(_ALPHABET, max_size=80))
def test_segment_offsets_property(text):
    doc = argmine.Document("d", text)
    units = argmine.segment([doc], granularity="clause")
    assert_offsets([doc], units)
    sentence_starts = {u.start for u in argmine.segment([doc])}
    for u in units:
        assert u.text == u.text.strip() and u.text
        # no clause cut leaves 、，；： at a clause's start: only a sentence may start so (a line that does)
        assert u.text[0] not in _CLAUSE_MARKS or u.start in sentence_starts, u


@settings(max_examples=200, deadline=None)
@given(st.text(_ALPHABET, max_size=80))
def test_normalize_offset_map_property(text):
    n = normalize(text)
    assert n.orig_span(0, len(n.text)) == (0, len(text))
    for i in range(len(text) + 1):
        s, e = n.norm_span(0, i)
        assert s == 0 and 0 <= e <= len(n.text)
    for s in range(len(text)):
        for e in range(s, min(len(text), s + 4) + 1):
            a, b = n.norm_span(s, e)
            assert a <= b


@given(st.text(_ALPHABET, max_size=40))
def test_sentence_spans_cover_all_words(text):
    spans = split_sentences(text, 0, len(text))
    covered = "".join(text[s:e] for s, e in spans)
    assert [c for c in covered if not c.isspace()] == [c for c in text if not c.isspace() and c not in "\r\n"] or not any(c.isalnum() for c in text)


def test_normalize_maps_length_changing_conversion(monkeypatch):
    import importlib

    N = importlib.import_module("argmine.normalize")  # the module, not argmine.normalize()

    class Fake:
        def convert(self, s):
            return s.replace("滑鼠", "鼠标器")

    monkeypatch.setattr(N, "_t2s", lambda: Fake())
    n = N.normalize("用滑鼠。點擊")
    assert n.text == "用鼠标器。點擊"
    assert n.orig_span(*n.norm_span(3, 4)) == (3, 4)
    assert n.view(0, 3) == "用鼠标器"
    assert n.view(3, 4) == "。"
    assert n.view(4, 6) == "點擊"


@pytest.mark.parametrize("text, expected", [
    # t2s gives 转帐, 消费纪录, 帐单, 甚么: the Taiwan/Hong Kong spellings read as the mainland words
    ("朋友之間轉帳很方便", "朋友之间转账很方便"), ("我的消費紀錄和轉帳紀錄", "我的消费记录和转账记录"),
    ("自己的帳單、帳戶、帳號", "自己的账单、账户、账号"), ("為甚麼要做社交", "为什么要做社交"),
    # where the mainland writes them so too, they stay
    ("買了帳篷和蚊帳", "买了帐篷和蚊帐"), ("打破世界紀錄的紀錄片", "打破世界纪录的纪录片"), ("甚至", "甚至"),
    # at the very start and end of a text the look-behinds and look-aheads find nothing to read
    ("帳", "帐"), ("帳戶", "账户"), ("轉帳", "转账"), ("費紀錄", "费纪录"), ("消費紀", "消费纪"), ("甚", "甚"),
])
def test_normalize_reads_taiwan_spellings_as_the_mainland_words(text, expected):
    n = normalize(text)
    assert n.text == expected
    assert n.to_orig is None  # one character for one: offsets stay put


# --- boundaries found by QA (round 4) --------------------------------------


@pytest.mark.parametrize("granularity", ["sentence", "clause"])
def test_web_addresses_and_numbers_are_never_cut(granularity):
    source = ("详情请见 https://www.example.com/news?id=123&from=weibo&x=1 或写信到这里。"
              "详情请访问https://a.cn:8080/alipay/social.html了解更多支付宝社交的情况。"
              "交易额达到了1,000,000,000元人民币，会议定在10:30:45开始，地点在杭州阿里巴巴总部。")
    got = texts(source, granularity=granularity)
    assert all(not t.endswith(("?", "https:", "1,", "000,", "10:")) for t in got), got
    assert got[:2] == ["详情请见 https://www.example.com/news?id=123&from=weibo&x=1 或写信到这里。",
                       "详情请访问https://a.cn:8080/alipay/social.html了解更多支付宝社交的情况。"]
    assert "交易额达到了1,000,000,000元人民币，" in got or granularity == "sentence"


@pytest.mark.parametrize("address", ["WWW.Alipay.COM/a!b?c=1", "Www.alipay.com/x!y", "HTTPS://alipay.com/a!b"])
def test_web_addresses_in_any_case_are_never_cut(address):
    assert texts(f"请看{address}了解更多。然后再说!") == [f"请看{address}了解更多。", "然后再说!"]


def test_clause_markers_count_in_traditional_script():
    simp = "我觉得支付宝做社交这件事情本身没有什么问题因为用户需要更多的功能不过他们的做法太激进了并且还涉及到隐私于是大家都很反感总之我不会用的"
    trad = "我覺得支付寶做社交這件事情本身沒有什麼問題因為用戶需要更多的功能不過他們的做法太激進了並且還涉及到隱私於是大家都很反感總之我不會用的"
    spans = [[(u.start, u.end) for u in argmine.segment([argmine.Document("d", t)], granularity="clause")] for t in (simp, trad)]
    assert spans[0] == spans[1] and len(spans[0]) == 6


@pytest.mark.parametrize(
    "source,expected",
    [
        ('这是第一句。"第二句"是引用的开头。', ["这是第一句。", '"第二句"是引用的开头。']),
        ('他说:"我不用!"然后走了。', ['他说:"我不用!"', "然后走了。"]),
        ("有人说'钱包不该社交'。I don't agree.", ["有人说'钱包不该社交'。", "I don't agree."]),
    ],
)
def test_ascii_quote_after_terminator_goes_where_it_pairs(source, expected):
    assert texts(source) == expected


@pytest.mark.parametrize(
    "source,expected",
    [
        ("I think Alipay is wrong. Privacy matters a lot. Do you agree?",
         ["I think Alipay is wrong.", "Privacy matters a lot.", "Do you agree?"]),
        ("我更喜欢Apple Pay.支付宝太臃肿了.", ["我更喜欢Apple Pay.", "支付宝太臃肿了."]),
        ("Mr. Wang and J. K. Rowling met e.g. Dr. Li at the U.S. Embassy.", ["Mr. Wang and J. K. Rowling met e.g. Dr. Li at the U.S. Embassy."]),
        ("see www.alipay.com. Ok, v2.0.1 is out. lower case goes on", ["see www.alipay.com.", "Ok, v2.0.1 is out. lower case goes on"]),
        ("I said no. He agreed. See No. 5 and Fig. 2.", ["I said no.", "He agreed.", "See No. 5 and Fig. 2."]),
        ("Plan B. It works. John F. Kennedy and George W. Bush spoke. Vitamin C. The end.",
         ["Plan B.", "It works.", "John F. Kennedy and George W. Bush spoke.", "Vitamin C.", "The end."]),
        ("It's fine. Don't worry. 'Quoted.' Next. (Aside.) Done.", ["It's fine.", "Don't worry.", "'Quoted.'", "Next.", "(Aside.)", "Done."]),
        ('He left. "Go home." They did.', ["He left.", '"Go home."', "They did."]),
    ],
)
def test_english_sentences_split_at_period_space_capital(source, expected):
    assert texts(source) == expected


@pytest.mark.parametrize(
    "source,expected",
    [
        ("第二段\u2028第三段。\x85我反对\x0c好的", ["第二段", "第三段。", "我反对", "好的"]),
        ("隱私很重要\uff0e用戶不買帳\ufe52再說吧\ufe12好的", ["隱私很重要\uff0e", "用戶不買帳\ufe52", "再說吧\ufe12", "好的"]),
        ("价格是\uff13\uff0e\uff15元", ["价格是\uff13\uff0e\uff15元"]),
    ],
)
def test_other_line_breaks_and_full_stop_forms_end_units(source, expected):
    assert texts(source) == expected


@pytest.mark.parametrize("granularity", ["sentence", "clause"])
@pytest.mark.parametrize("sep", ["", " "])
def test_long_runs_are_cut_at_most_max_unit_chars(granularity, sep):
    from argmine.segment import MAX_UNIT_CHARS

    source = sep.join(["支付宝做社交", "还不如好好做支付", "我已经卸载了"] * 150)
    doc = argmine.Document("d", source)
    units = argmine.segment([doc], granularity=granularity)
    assert_offsets([doc], units)
    assert len(units) > 1 and all(len(u.text) <= MAX_UNIT_CHARS for u in units)
    assert "".join(u.text for u in units).replace(" ", "") == source.replace(" ", "")
    if sep:  # cut at a space, not inside a word
        assert all(u.text.endswith(("社交", "支付", "了")) for u in units)
    else:  # cut at a word boundary
        assert all(u.text.endswith(("社交", "支付", "卸载", "了", "好好", "做")) for u in units[:-1]), [u.text[-4:] for u in units]


@pytest.mark.parametrize(
    "source,expected",
    [
        ("支付宝不但要做支付而且还要做社交这就很过分了吧", ["支付宝不但要做支付", "而且还要做社交这就很过分了吧"]),
        ("支付宝之所以要做社交,是微信支付的威胁越来越大", ["支付宝之所以要做社交,", "是微信支付的威胁越来越大"]),
        ("我但愿支付宝能够听听用户的声音而不是一意孤行下去。", ["我但愿支付宝能够听听用户的声音而不是一意孤行下去。"]),
        # 但愿 is one word: the one-character marker 但 does not cut before it
        ("我们大家都但愿支付宝能够做好社交这件事情吧。", ["我们大家都但愿支付宝能够做好社交这件事情吧。"]),
        ("这个功能很好用,但我们还是不想用它来社交。", ["这个功能很好用,", "但我们还是不想用它来社交。"]),
    ],
)
def test_clause_markers_cut_only_where_a_word_starts(source, expected):
    assert texts(source, granularity="clause") == expected


def test_clause_not_cut_inside_quotes_or_titles_but_at_spaces_between_words():
    assert texts("他说“我不用支付宝,你也别用支付宝”,然后就走了。《支付宝,你为什么非要做社交?》这篇值得一读。", granularity="clause") == [
        "他说“我不用支付宝,你也别用支付宝”,", "然后就走了。", "《支付宝,你为什么非要做社交?》这篇值得一读。"]
    assert texts("支付宝做社交 隐私太重要了 谁会在钱包里聊天 阿里就是想抢流量", granularity="clause") == [
        "支付宝做社交", "隐私太重要了", "谁会在钱包里聊天", "阿里就是想抢流量"]


@pytest.mark.parametrize("q", ['"', "\uff02"])
def test_clause_not_cut_inside_straight_quotes_that_pair_without_doubt(q):
    quoted = f"他说{q}我不同意，因为隐私很重要{q}，"
    assert texts(quoted + "然后走了。", granularity="clause") == [quoted, "然后走了。"]
    # two unclosed openers pair nothing, so their commas still cut
    assert texts(f"有人说{q}我不同意，因为隐私很重要。我也说{q}对，就是这样", granularity="clause") == [
        f"有人说{q}我不同意，", "因为隐私很重要。", f"我也说{q}对，就是这样"]


@pytest.mark.parametrize(
    "source,expected",
    [
        ("在《为什么支付宝很难做成社交? 》一文里,作者说得很清楚。", ["在《为什么支付宝很难做成社交? 》一文里,作者说得很清楚。"]),
        ("我读了〈钱包要聊天吗！〉和《隐私呢？》。然后卸载了。", ["我读了〈钱包要聊天吗！〉和《隐私呢？》。", "然后卸载了。"]),
        ("《支付宝要做社交吗？》", ["《支付宝要做社交吗？》"]),
        # a quotation the sentence goes on after is part of it, as a title is
        ("知乎上“支付宝为什么要做社交？”这个问题下面全是骂声。", ["知乎上“支付宝为什么要做社交？”这个问题下面全是骂声。"]),
        ("在「支付宝做社交到底图什么？」一文里，作者讲得很清楚。", ["在「支付宝做社交到底图什么？」一文里，作者讲得很清楚。"]),
        # quoted speech after a colon, or a quotation the sentence does not go on after, still ends at its own ？,
        # and a 《 that does not close soon is no title
        ("他问：“你用支付宝聊天吗？”我说不用。", ["他问：“你用支付宝聊天吗？”", "我说不用。"]),
        ("他问“你用支付宝聊天吗？” 我说不用。", ["他问“你用支付宝聊天吗？”", "我说不用。"]),
        ("《" + "长" * 60 + "？" + "》完", ["《" + "长" * 60 + "？》", "完"]),
    ],
)
def test_a_question_inside_a_title_or_an_embedded_quotation_ends_no_sentence(source, expected):
    assert texts(source) == expected


# QA round 14: Big5's ︰ (U+FE30, a colon in Taiwan and Hong Kong) and the small ﹕ (U+FE55) are colons, as ： is
@pytest.mark.parametrize("colon", ["\uff1a", "\ufe30", "\ufe55"])
def test_big5_and_small_colons_introduce_speech_and_end_clauses(colon):
    assert texts(f"有人問{colon}「點解要逼人睇朋友食乜？」我答唔到。") == [f"有人問{colon}「點解要逼人睇朋友食乜？」", "我答唔到。"]
    assert texts(f"圈子的問題{colon}隱私外洩、品牌錯位、功能臃腫，每一項都很嚴重。", granularity="clause") == [
        f"圈子的問題{colon}", "隱私外洩、品牌錯位、功能臃腫，", "每一項都很嚴重。"]


def test_explain_marks_dropped_text_it_cuts_with_an_ellipsis(tmp_path):
    from click.testing import CliRunner

    from argmine.cli import main

    url = "※ 文章網址: https://www.ptt.cc/bbs/MobilePay/M.1480428845.A.1F3.html"  # 64 characters
    p = tmp_path / "ptt.txt"
    p.write_text(f"正文。\n{url}\n--\n", encoding="utf-8")
    err = CliRunner().invoke(main, ["segment", str(p), "--explain", "-o", "/dev/null"]).stderr
    assert f"{url[:60]!r}\u2026\n" in err  # cut: marked
    assert "'--'\n" in err  # whole: no mark


def test_segment_takes_one_document_and_refuses_paths_and_texts(tmp_path):
    import argmine

    assert [u.text for u in argmine.segment(argmine.Document("d", "一句。两句。"))] == ["一句。", "两句。"]
    read_first = "segment() takes Documents, not str; read files first: argmine.segment(argmine.read(paths))"
    wrap = "segment() takes Documents, not str; make a Document of each text: argmine.segment([argmine.Document(id, text)])"
    for bad, message in ((str(tmp_path), read_first), ([str(tmp_path)], read_first), ("支付宝做社交是对的。", wrap), (["一句。"], wrap)):
        with pytest.raises(TypeError) as e:
            argmine.segment(bad)
        assert str(e.value) == message  # a text is wrapped in a Document, as classify() and analyze() say; a path is read
    with pytest.raises(TypeError, match="clean takes a Document"):
        argmine.clean("一句。")
    with pytest.raises(TypeError, match="Document text must be a string, not NoneType"):
        argmine.Document("d", None)
    with pytest.raises(ValueError, match="granularity must be one of: sentence, clause; found "):
        argmine.segment(argmine.Document("d", "一句。"), granularity="word")


def test_units_of_an_html_page_carry_its_meta_but_not_its_layout_hints(tmp_path):
    page = tmp_path / "p.html"
    page.write_text("<title>支付宝做社交？ - 网</title><h1>支付宝做社交？</h1><h2>一、隐私</h2><p>我不想在钱包里聊天。</p>", "utf-8")
    [doc] = argmine.read([page])
    assert {"title_line", "heading_lines"} & set(doc.meta)  # reading tells cleaning where the headings are
    units = argmine.segment([doc])
    assert [u.kind for u in units] == ["title", "title", "body"]
    assert all(u.meta == {"format": "html"} for u in units)


@pytest.mark.parametrize(
    "source,expected",
    [
        ("真的要做社交吗？\ufe0f我不信。", ["真的要做社交吗？\ufe0f", "我不信。"]),  # the emoji form of ？ stays whole
        ("隐私呢？\u0301后面", ["隐私呢？\u0301", "后面"]),  # a combining mark stays on its character
        ("不用了！\U0001f44d\U0001f3fb好的", ["不用了！\U0001f44d\U0001f3fb", "好的"]),  # an emoji after the end joins it, skin tone and all
    ],
)
def test_sentence_end_keeps_its_variation_selector_and_combining_mark(source, expected):
    assert texts(source) == expected


@pytest.mark.parametrize("granularity", ["sentence", "clause"])
@pytest.mark.parametrize("cluster", ["e\u0301", "\U0001f468\u200d\U0001f469\u200d\U0001f467", "\U0001f1e8\U0001f1f3"])
def test_max_unit_chars_cut_falls_between_grapheme_clusters(granularity, cluster):
    from argmine.segment import MAX_UNIT_CHARS

    for pad in range(MAX_UNIT_CHARS - 6, MAX_UNIT_CHARS + 1):  # the cluster across the limit at every offset
        doc = argmine.Document("d", "好" * pad + cluster + "后面的字" * 3)
        units = argmine.segment([doc], granularity=granularity)
        assert_offsets([doc], units)
        assert all(len(u.text) <= MAX_UNIT_CHARS for u in units)
        assert any(cluster in u.text for u in units), (pad, [u.text[-3:] for u in units])


def test_clause_cut_keeps_a_variation_selector_with_its_comma():
    assert texts("支付宝做社交这件事情，\ufe0f我们都不太喜欢这样做吧", granularity="clause") == [
        "支付宝做社交这件事情，\ufe0f", "我们都不太喜欢这样做吧"]


# --- QA round 20 (genres) ---------------------------------------------------


@pytest.mark.parametrize(
    "source,expected",
    [
        ("他们说“隐私不重要！”，我不同意。", ["他们说“隐私不重要！”，我不同意。"]),
        ("他们说『隐私不重要！』，我不同意。", ["他们说『隐私不重要！』，我不同意。"]),
        ("所谓“社交”？，不过是流量罢了。", ["所谓“社交”？，不过是流量罢了。"]),
        ("他们说“隐私不重要！我不同意！”、“财不外露”。好的", ["他们说“隐私不重要！我不同意！”、“财不外露”。", "好的"]),
        ('他说"不要!",然后走了。', ['他说"不要!",然后走了。']),  # an ASCII , after a closing quote
        ("好！😂，然后走了。", ["好！😂，然后走了。"]),
    ],
)
def test_a_sentence_end_before_a_comma_goes_on(source, expected):
    assert texts(source) == expected


URL_500 = ("https://example.com/a?utm_source=wechat&utm_oi=" + "abcdef0123456789" * 30)[:500]


@pytest.mark.parametrize("granularity", ["sentence", "clause"])
@pytest.mark.parametrize(
    "source,expected",
    [
        # 500 characters before the final 。: the cut moves back, the 。 stays with a word
        ("支付宝做社交" * 83 + "好了。大家怎么看？", [(0, 499), (499, 501), (501, 507)]),
        (URL_500 + "。大家看看支付宝做社交是对的吗？", [(0, 499), (499, 501), (501, 516)]),
        ("x" * 1000 + "。", [(0, 500), (500, 999), (999, 1001)]),
        ("x" * 500 + "😀😀😀。", [(0, 499), (499, 504)]),
        ("x" * 499 + "。好", [(0, 500), (500, 501)]),  # one short of the limit: untouched
        # no cut can give every piece a word character within 500: the emoji run joins its neighbour
        ("😂" * 600 + "好", [(0, 601)]),
        ("好" + "😂" * 600 + "。", [(0, 602)]),
    ],
)
def test_max_unit_chars_cut_leaves_no_piece_without_a_word_character(granularity, source, expected):
    from argmine.clean import WORD_CHAR

    doc = argmine.Document("d", source)
    units = argmine.segment([doc], granularity=granularity)
    assert_offsets([doc], units)
    assert [(u.start, u.end) for u in units] == expected
    assert all(WORD_CHAR.search(u.text) for u in units)


@pytest.mark.parametrize("granularity", ["sentence", "clause"])
def test_max_unit_chars_cut_prefers_the_last_comma_and_clause_mode_cuts_clauses_first(granularity):
    from argmine.segment import MAX_UNIT_CHARS

    clause = "它把用户的转账记录、消费习惯、信用分数以及好友关系全部暴露在一个本来只用于支付的场景里"  # 43 characters
    source = "，".join([clause] * 12) + "。"
    got = texts(source, granularity=granularity)
    assert "".join(got) == source and all(len(t) <= MAX_UNIT_CHARS for t in got)
    if granularity == "sentence":
        assert len(got) == 2 and got[0].endswith("场景里，") and got[1].startswith("它把用户"), [t[-4:] for t in got]
    else:  # every clause whole: no 500-character cut inside one
        assert got == [clause + "，"] * 11 + [clause + "。"]


@pytest.mark.parametrize(
    "source,expected",
    [
        ("Ｍｒ．Ｌｉ說支付寶做社交是錯的。", ["Ｍｒ．Ｌｉ說支付寶做社交是錯的。"]),
        ("ｅ．ｇ．微信就做得很好。排名Ｎｏ．１的软件", ["ｅ．ｇ．微信就做得很好。", "排名Ｎｏ．１的软件"]),
        ("网址是ｗｗｗ．ｚｈｉｈｕ．ｃｏｍ／ｑ？ｉｄ＝１，大家去看。", ["网址是ｗｗｗ．ｚｈｉｈｕ．ｃｏｍ／ｑ？ｉｄ＝１，大家去看。"]),
        ("我不用支付宝ＡＰＰ．我用现金．好", ["我不用支付宝ＡＰＰ．", "我用现金．", "好"]),  # a word's ． still ends, as its "." does
    ],
)
def test_full_width_latin_dot_follows_the_ascii_rules(source, expected):
    doc = argmine.Document("d", source)
    units = argmine.segment([doc])
    assert_offsets([doc], units)
    assert [u.text for u in units] == expected


def test_clause_not_cut_inside_brackets():
    assert texts("新京报讯（记者 张三）11月27日，支付宝推出的圈子功能引发争议。", granularity="clause") == [
        "新京报讯（记者 张三）11月27日，", "支付宝推出的圈子功能引发争议。"]
    assert texts("隐私(尤其是余额,还有转账记录)很重要,我们都很在意这个问题", granularity="clause") == [
        "隐私(尤其是余额,还有转账记录)很重要,", "我们都很在意这个问题"]


@pytest.mark.parametrize(
    "source,expected",
    [
        ("太好了！😂😂 不过我还是要吐槽一下。", ["太好了！😂😂", "不过我还是要吐槽一下。"]),
        ("支付宝这波操作真是绝了。[doge] 我先卸载为敬。", ["支付宝这波操作真是绝了。[doge]", "我先卸载为敬。"]),
        ("这个功能迟早下线。。。[笑cry]", ["这个功能迟早下线。。。[笑cry]"]),
        # markup that a later [/b] closes, a [link](…) and a bullet open what follows
        ("我服了。[b]重点[/b]看这里。", ["我服了。", "[b]重点[/b]看这里。"]),
        ("去看看。[官网](http://a.cn) 再说", ["去看看。", "[官网](http://a.cn) 再说"]),
        ("优点如下。✓ 方便快捷", ["优点如下。", "✓ 方便快捷"]),
    ],
)
def test_emoji_and_codes_after_a_sentence_end_stay_with_it(source, expected):
    assert texts(source) == expected


@pytest.mark.parametrize(
    "source,expected",
    [
        # QA round 21: list numbers and bullets open the item after them
        ("我的理由有三个。❶隐私没有保障。❷钱包不该社交。", ["我的理由有三个。", "❶隐私没有保障。", "❷钱包不该社交。"]),
        ("理由如下。[1]隐私问题很严重。[2]安全也是。", ["理由如下。", "[1]隐私问题很严重。", "[2]安全也是。"]),
        ("下载地址在这里。👉 点击下方链接。", ["下载地址在这里。", "👉 点击下方链接。"]),
        ("总结一下。★第二点是隐私。", ["总结一下。", "★第二点是隐私。"]),
        ("这个功能很好用。✔️ 已经更新。", ["这个功能很好用。", "✔️ 已经更新。"]),
        ("我反对。☆☆☆☆☆ 一星都不想给。", ["我反对。", "☆☆☆☆☆ 一星都不想给。"]),
        ("优点有两个。🔸方便 🔸快捷", ["优点有两个。", "🔸方便 🔸快捷"]),
        ("步骤如下。➡️打开支付宝", ["步骤如下。", "➡️打开支付宝"]),
        # a reaction stays, and a bullet right after it opens the next item
        ("说得好！👍 不过我还有疑问。", ["说得好！👍", "不过我还有疑问。"]),
        ("太好了！😂👉 点这里", ["太好了！😂", "👉 点这里"]),
        ("我爱中国。🇨🇳❤️ 支付宝加油！", ["我爱中国。🇨🇳❤️", "支付宝加油！"]),
        ("真是绝了。[doge][2]再说一点。", ["真是绝了。[doge]", "[2]再说一点。"]),
    ],
)
def test_list_markers_after_a_sentence_end_open_the_next_sentence(source, expected):
    assert texts(source) == expected


@pytest.mark.parametrize(
    "source,expected",
    [
        ('他说:"支付宝做社交没问题."我不同意.', ['他说:"支付宝做社交没问题."', "我不同意."]),
        ("> 引用：“支付宝不是社交软件。”——某网友", ["> 引用：“支付宝不是社交软件。”——某网友"]),
        # a dash that goes on into sentences of its own is no attribution
        ("你太会炒作了!——呵呵,哪儿有这样亏本炒作的。就麻烦了。", ["你太会炒作了!", "——呵呵,哪儿有这样亏本炒作的。", "就麻烦了。"]),
    ],
)
def test_ascii_quoted_speech_ends_at_its_terminator_and_keeps_its_attribution(source, expected):
    assert texts(source) == expected


# --- Round 26: list numbers in any digit width, clause punctuation after a cut ---------------------


@pytest.mark.parametrize(
    "source,expected",
    [
        ("支付宝的打法有两步：１．切入市场，２．留住用户。", ["支付宝的打法有两步：１．切入市场，２．留住用户。"]),
        ("支付宝的打法有两步：１.切入市场，２.留住用户。", ["支付宝的打法有两步：１.切入市场，２.留住用户。"]),
        ("我有三点看法。１．隐私很重要。２．广告太多。", ["我有三点看法。", "１．隐私很重要。", "２．广告太多。"]),
        ("理由如下。\U0001d7cf.隐私很重要。\U0001d7d0.广告太多。", ["理由如下。", "\U0001d7cf.隐私很重要。", "\U0001d7d0.广告太多。"]),  # 𝟏. 𝟐.
        ("价格涨到１００．我们不买了", ["价格涨到１００．", "我们不买了"]),  # as 100.我们: a number after a Han character is no list number
        ("好的．我们走", ["好的．", "我们走"]),  # after any other character ． still ends
    ],
)
def test_a_dot_after_a_digit_of_any_width_is_a_list_number_as_after_an_ascii_one(source, expected):
    doc = argmine.Document("d", source)
    units = argmine.segment([doc])
    assert_offsets([doc], units)
    assert [u.text for u in units] == expected
    ascii_ = argmine.segment([argmine.Document("d", unicodedata.normalize("NFKC", source))])
    assert [(u.start, u.end) for u in units] == [(u.start, u.end) for u in ascii_]  # cut as its NFKC (ASCII) form


@pytest.mark.parametrize(
    "source,expected",
    [
        # round 26 re-check: a number right after a Han character ends its sentence at ．or . (打10.下次), as a word does
        ("今年支付宝的用户增长了１０．然后大家都开始用它社交了。", ["今年支付宝的用户增长了１０．", "然后大家都开始用它社交了。"]),
        ("这个功能我给打１０．下次再来看看有没有改进。", ["这个功能我给打１０．", "下次再来看看有没有改进。"]),
        ("在所有支付软件里它排名第１．这说明大家还是认可的。", ["在所有支付软件里它排名第１．", "这说明大家还是认可的。"]),
        ("它的評分只有３．大家都不滿意。", ["它的評分只有３．", "大家都不滿意。"]),
        ("我给它打10.下次再来。", ["我给它打10.", "下次再来。"]),
        # a list number (at the line start, after white space or punctuation), a decimal, a date or a version stays whole
        ("１．隐私问题很严重。２．广告太多了。", ["１．隐私问题很严重。", "２．广告太多了。"]),
        ("原因有二：１．隐私，２．广告。原因 3.社交", ["原因有二：１．隐私，２．广告。", "原因 3.社交"]),
        ("日期是２０２４．１．２，费率是０．６％，版本是v２．０，Q1.很难用", ["日期是２０２４．１．２，费率是０．６％，版本是v２．０，Q1.很难用"]),
        # round 27 re-check: a number after a list's label (opening the line, or after white space or punctuation) is
        # a list number, not a sentence end: no "观点1." or "第1." fragment units
        ("观点1.支付宝不该做社交。观点2.隐私问题。", ["观点1.支付宝不该做社交。", "观点2.隐私问题。"]),
        ("步骤1.打开支付宝", ["步骤1.打开支付宝"]),
        ("第1.隐私问题很严重。第２．广告太多。", ["第1.隐私问题很严重。", "第２．广告太多。"]),
        ("理由 1.隐私；原因：2.广告；问题3.社交；方法4.卸载；建议5.关掉", ["理由 1.隐私；", "原因：2.广告；", "问题3.社交；", "方法4.卸载；", "建议5.关掉"]),
        ("觀點１．支付寶不該做社交。", ["觀點１．支付寶不該做社交。"]),
        ("支付宝排名第1.微信排名第2.这个问题10.我觉得不对", ["支付宝排名第1.", "微信排名第2.", "这个问题10.", "我觉得不对"]),  # labels inside a phrase
    ],
)
def test_a_dot_after_a_number_that_follows_a_han_character_ends_the_sentence(source, expected):
    doc = argmine.Document("d", source)
    units = argmine.segment([doc])
    assert_offsets([doc], units)
    assert [u.text for u in units] == expected
    ascii_ = argmine.segment([argmine.Document("d", unicodedata.normalize("NFKC", source))])
    assert [(u.start, u.end) for u in units] == [(u.start, u.end) for u in ascii_]  # cut as its NFKC (ASCII) form


def test_digit_class_holds_the_decimal_digits_nfkc_folds_to_ascii():
    import re
    import sys

    from argmine.segment import _DIGIT

    digit = re.compile(f"[{_DIGIT}]")
    chars = [chr(i) for i in range(sys.maxunicode + 1)]
    assert {c for c in chars if digit.fullmatch(c)} == {c for c in chars if c.isdecimal() and unicodedata.normalize("NFKC", c) in "0123456789"}
    assert texts("分数是\u00b9.好的") == ["分数是\u00b9.", "好的"]  # a superscript ¹ is no digit (isdigit, but not isdecimal)


@pytest.mark.parametrize(
    "source,expected",
    [
        ("支付宝做社交的原因有三个：、隐私、广告、还有便利性的问题", ["支付宝做社交的原因有三个：、", "隐私、广告、还有便利性的问题"]),
        ("支付宝做社交的原因有三个，、隐私、广告、还有便利性的问题", ["支付宝做社交的原因有三个，、", "隐私、广告、还有便利性的问题"]),
        ("支付宝做社交的原因有三个： ，；隐私广告还有便利性的问题", ["支付宝做社交的原因有三个： ，；", "隐私广告还有便利性的问题"]),
    ],
)
def test_clause_punctuation_after_a_cut_stays_with_the_clause_before_it(source, expected):
    doc = argmine.Document("d", source)
    units = argmine.segment([doc], granularity="clause")
    assert_offsets([doc], units)
    assert [u.text for u in units] == expected


@pytest.mark.parametrize("granularity", ["sentence", "clause"])
def test_max_unit_chars_cut_opens_no_piece_with_clause_punctuation(granularity):
    clause = "它把用户的转账记录、消费习惯、信用分数以及好友关系全部暴露在一个本来只用于支付的场景里"  # 43 characters
    source = "，、".join([clause] * 12) + "。"
    got = texts(source, granularity=granularity)
    assert "".join(got) == source and all(t.startswith("它把用户") for t in got), [t[:4] for t in got]


@pytest.mark.parametrize("text, first", [
    ("会议定在明天上午10：30开始，请大家准时参加不要迟到。", "会议定在明天上午10：30开始，"),  # what a Chinese IME types
    ("会议定在明天上午１０：３０开始，请大家准时参加不要迟到。", "会议定在明天上午１０：３０开始，"),
    ("这个月支付宝一共花了１２,５００元左右，实在太多了吧。", "这个月支付宝一共花了１２,５００元左右，"),
    ("这个月支付宝一共花了12，500元左右，实在太多了吧。", "这个月支付宝一共花了12，500元左右，"),
    ("支付宝用户已经超过1，000，000人了，可是活跃的不多啊。", "支付宝用户已经超过1，000，000人了，"),
])
def test_clause_mode_keeps_full_width_numbers_whole(text, first):
    assert texts(text, granularity="clause") == [first, text[len(first):]]
    assert texts(text) == [text]  # sentences: unchanged
    # a full-width comma after a number that is no digit group is a cut as before
    assert texts("我们一共买了12，5000个人都说支付宝不好用。", granularity="clause") == ["我们一共买了12，", "5000个人都说支付宝不好用。"]


@pytest.mark.parametrize("han", ["\U00020bb7", "\uf900"])  # 𠮷 (Extension B), 豈 (a compatibility ideograph)
def test_clause_mode_cuts_at_a_space_before_any_ideograph(han):
    text = f"支付宝做社交这件事情 {han}野家的隐私问题太多了"
    assert texts(text, granularity="clause") == ["支付宝做社交这件事情", f"{han}野家的隐私问题太多了"]


def test_a_short_piece_opened_by_a_discourse_marker_joins_the_clause_after_it():
    assert texts("我个人的直觉是这样的：但是，在移动端支付宝的机会在哪里呢？", granularity="clause") == [
        "我个人的直觉是这样的：", "但是，在移动端支付宝的机会在哪里呢？"]
    assert texts("因为这个场景本不属于支付宝，并且，熟人社交是一个没有太多营养的场景。", granularity="clause") == [
        "因为这个场景本不属于支付宝，", "并且，熟人社交是一个没有太多营养的场景。"]
    # last in its sentence, or after a piece too short to stand alone, it joins the one before as any short piece does
    assert texts("支付宝做社交这件事情我不同意，但是。", granularity="clause") == ["支付宝做社交这件事情我不同意，但是。"]
    assert texts("我说：但是，在移动端支付宝的机会在哪里呢？", granularity="clause") == ["我说：但是，", "在移动端支付宝的机会在哪里呢？"]
    # two short pieces in a row (但是，其实，) open the clause after them together, never a clause of their own
    assert texts("这个功能很好用，但是，其实，隐私问题怎么办呢？", granularity="clause") == ["这个功能很好用，", "但是，其实，隐私问题怎么办呢？"]
    assert texts("这个功能很好用，但是，其实，对。", granularity="clause") == ["这个功能很好用，但是，其实，对。"]


def test_jieba_fallback_caches_in_the_users_folder_without_a_traceback(tmp_path):
    """Without rjieba, a jieba.cache folder in the temporary folder (another user's file) makes jieba's cache fail with a
    traceback and a 9 MB file left behind; argmine's cache is in $XDG_CACHE_HOME/argmine, and jieba says nothing."""
    import os
    import subprocess
    import sys

    (tmp_path / "tmp" / "jieba.cache").mkdir(parents=True)
    code = "import sys; sys.modules['rjieba'] = None\nfrom argmine.segment import tokenize\nprint(tokenize('支付宝做社交'))"
    env = {**os.environ, "TMPDIR": str(tmp_path / "tmp"), "XDG_CACHE_HOME": str(tmp_path / "cache")}
    res = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True)
    assert res.stdout == "[('支付宝', 0, 3), ('做', 3, 4), ('社交', 4, 6)]\n" and res.stderr == ""
    assert os.listdir(tmp_path / "tmp") == ["jieba.cache"] and (tmp_path / "cache" / "argmine" / "jieba.cache").is_file()
    (tmp_path / "file").touch()  # no cache folder can be made: a private temporary one, gone at exit (jieba had left
    res = subprocess.run([sys.executable, "-c", code], env={**env, "XDG_CACHE_HOME": str(tmp_path / "file")},  # 9 MB)
                         capture_output=True, text=True, check=True)
    assert res.stderr == "" and res.stdout.startswith("[('支付宝'")
    assert os.listdir(tmp_path / "tmp") == ["jieba.cache"] and os.listdir(tmp_path / "tmp" / "jieba.cache") == []
