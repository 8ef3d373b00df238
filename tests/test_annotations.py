"""Gold JSONL I/O, Cohen's kappa between passes, and re-alignment after re-segmentation."""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import replace
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from argmine.annotations import GoldRecord, agreement, format_agreement, load_gold, realign, write_gold
from argmine.errors import AnnotationError, InputError
from argmine.schema import load_schema
from argmine.types import Unit

SCHEMA = load_schema()
SOURCE = "财不外露。来往已死。支付宝做社交是对的😀,但没必要死盯熟人社交。"


def rec(i, themes=(), sentiment="neutral", doc="d", annotator="a", start=None, end=None, text=None):
    start = i * 10 if start is None else start
    text = text if text is not None else "x" * 5
    return GoldRecord(id=f"{doc}#{i}", doc=doc, start=start, end=start + len(text) if end is None else end,
                      text=text, themes=tuple(themes), sentiment=sentiment, annotator=annotator)


# --- JSONL I/O -----------------------------------------------------------------------


def test_gold_round_trips_through_jsonl(tmp_path):
    r = GoldRecord(id="d#1", doc="d", start=0, end=5, text="财不外露。", kind="comment", themes=("privacy",),
                   sentiment="negative", annotator="gold",
                   passes={"a": {"themes": ("privacy",), "sentiment": "negative"}, "b": {"themes": (), "sentiment": "neutral"}},
                   meta={"note": "hard"})
    write_gold(tmp_path / "g.jsonl", [r])
    line = json.loads((tmp_path / "g.jsonl").read_text("utf-8"))
    assert list(line)[:10] == ["id", "doc", "start", "end", "text", "kind", "themes", "sentiment", "annotator", "passes"]
    assert line["note"] == "hard"
    assert load_gold(tmp_path / "g.jsonl", SCHEMA) == [r]


@pytest.mark.parametrize("line, message", [
    ('{"id": "d#1", "doc": "d"', "line 2: not valid JSON"),
    ('[1, 2]', "line 2: expected a JSON object, found an array"),
    ('{"id": "d#1", "doc": "d", "start": 0, "end": 2, "text": "好。"}', "missing field(s) themes, sentiment"),
    ('{"id": "d#1", "doc": "d", "start": 0, "end": 3, "text": "好。", "themes": [], "sentiment": "neutral"}',
     "offsets 0..3 do not span the 2 characters of text '好。'"),
    ('{"id": "d#1", "doc": "d", "start": "0", "end": 2, "text": "好。", "themes": [], "sentiment": "neutral"}',
     "field 'start' is str '0'; expected an integer"),
    ('{"id": "d#1", "doc": "d", "start": 0, "end": 2, "text": "好。", "themes": ["privcy"], "sentiment": "neutral"}',
     "unknown theme 'privcy'"),
    ('{"id": "d#1", "doc": "d", "start": 0, "end": 2, "text": "好。", "themes": [], "sentiment": "happy"}',
     "unknown sentiment 'happy'"),
])
def test_load_gold_bad_line_names_file_and_line(tmp_path, line, message):
    good = json.dumps(rec(0).to_dict())
    (tmp_path / "g.jsonl").write_text(good + "\n" + line + "\n", "utf-8")
    with pytest.raises(AnnotationError) as e:
        load_gold(tmp_path / "g.jsonl", SCHEMA)
    assert str(tmp_path / "g.jsonl") in str(e.value)
    assert message in str(e.value)
    if "line 2" not in message:
        assert "g.jsonl:2:" in str(e.value)


def test_load_gold_not_utf8_names_the_byte(tmp_path):
    (tmp_path / "g.jsonl").write_bytes('{"id": "好"}\n'.encode("gbk"))
    with pytest.raises(AnnotationError) as e:
        load_gold(tmp_path / "g.jsonl")
    assert str(e.value) == f"{tmp_path / 'g.jsonl'}: not UTF-8 (invalid start byte at byte 8); gold JSONL must be UTF-8"


def test_load_gold_line_nested_too_deeply_is_one_error_not_a_recursion_error(tmp_path):
    (tmp_path / "g.jsonl").write_text(json.dumps(rec(0).to_dict()) + "\n" + "[" * 100000 + "]" * 100000 + "\n", "utf-8")
    with pytest.raises(AnnotationError) as e:
        load_gold(tmp_path / "g.jsonl")
    assert str(e.value) == f"{tmp_path / 'g.jsonl'}: line 2: not valid JSON (nested too deeply at column 1); fix or remove that line"


def test_load_gold_missing_file(tmp_path):
    with pytest.raises(AnnotationError, match="no such gold file"):
        load_gold(tmp_path / "nope.jsonl")


def test_write_gold_failing_midway_leaves_the_old_file_whole(tmp_path, monkeypatch):
    path = tmp_path / "g.jsonl"
    old = [GoldRecord(id="d#1", doc="d", start=0, end=2, text="好。", sentiment="positive")]
    write_gold(path, old)
    before = path.read_bytes()

    def disk_full(*args, **kwargs):  # a file that takes part of the text, then fails, like a full disk
        f = open(*args, **kwargs)
        real_write = f.write

        def write(data):
            real_write(data[:3])
            f.flush()
            raise OSError(28, "No space left on device")

        f.write = write
        return f

    monkeypatch.setattr("argmine._files.open", disk_full, raising=False)
    with pytest.raises(InputError) as e:
        write_gold(path, old * 2)
    assert str(e.value) == (f"{path}: cannot write output (No space left on device); "
                            "the disk is full: free some space on it, or write to another disk")  # not "check the directory"
    assert path.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["g.jsonl"]  # no temporary file left behind


def test_write_gold_into_a_file_as_directory_is_one_clear_error(tmp_path):
    (tmp_path / "sheet.csv").write_text("a,b\n", "utf-8")
    path = tmp_path / "sheet.csv" / "gold.jsonl"
    with pytest.raises(InputError) as e:
        write_gold(path, [rec(0)])
    assert str(e.value) == f"{path}: cannot write output ({tmp_path / 'sheet.csv'} is a file, not a folder); check the directory exists and is writable"


def test_write_gold_keeps_the_old_files_permissions(tmp_path):
    path = tmp_path / "g.jsonl"
    write_gold(path, [rec(0)])
    path.chmod(0o640)
    write_gold(path, [rec(0), rec(1)])
    assert path.stat().st_mode & 0o777 == 0o640
    assert [r.id for r in load_gold(path)] == ["d#0", "d#1"]


def test_cli_realign_to_an_unwritable_output_is_one_line(tmp_path):
    from click.testing import CliRunner

    from argmine.cli import main

    (tmp_path / "page.txt").write_text("财不外露。\n", "utf-8")
    write_gold(tmp_path / "gold.jsonl", [GoldRecord(id="page#1", doc="page", start=0, end=5, text="财不外露。", sentiment="neutral")])
    (tmp_path / "sheet.csv").write_text("a,b\n", "utf-8")
    out = tmp_path / "sheet.csv" / "new.jsonl"
    res = CliRunner().invoke(main, ["realign", str(tmp_path / "gold.jsonl"), str(tmp_path / "page.txt"), "-o", str(out)])
    assert res.exit_code == 1
    assert res.output == f"argmine: error: {out}: cannot write output ({tmp_path / 'sheet.csv'} is a file, not a folder); check the directory exists and is writable\n"


# --- agreement ---------------------------------------------------------------------------


def naive_kappa(a, b):
    """Cohen's kappa from its definition: (p_o - p_e) / (1 - p_e)."""
    n = len(a)
    po = sum(x == y for x, y in zip(a, b)) / n
    ca, cb = Counter(a), Counter(b)
    pe = sum(ca[k] * cb[k] for k in set(a) | set(b)) / (n * n)
    return (po - pe) / (1 - pe)


def test_agreement_matches_kappa_computed_by_hand():
    a_labels = [(("privacy",), "negative"), ((), "neutral"), (("privacy", "bloat"), "negative"), (("pro_social",), "positive"),
                ((), "neutral"), (("bloat",), "negative"), (("privacy",), "neutral"), ((), "positive")]
    b_labels = [(("privacy",), "negative"), (("bloat",), "neutral"), (("privacy",), "negative"), (("pro_social",), "neutral"),
                ((), "neutral"), (("bloat",), "negative"), ((), "neutral"), (("pro_social",), "positive")]
    a = [rec(i, t, s, annotator="a") for i, (t, s) in enumerate(a_labels)]
    b = [rec(i, t, s, annotator="b") for i, (t, s) in enumerate(b_labels)]
    res = agreement(a, b, SCHEMA)
    assert res["n"] == 8 and res["unmatched_a"] == [] and res["unmatched_b"] == []
    for tid in ("privacy", "bloat", "pro_social"):
        xa = [int(tid in t) for t, _ in a_labels]
        xb = [int(tid in t) for t, _ in b_labels]
        assert res["themes"][tid]["kappa"] == pytest.approx(naive_kappa(xa, xb))
    # privacy: p_o = 7/8, p_e = 3/8 * 2/8 + 5/8 * 6/8 = 36/64, kappa = (56 - 36) / (64 - 36) = 5/7
    assert res["themes"]["privacy"]["kappa"] == pytest.approx(5 / 7)
    assert res["themes"]["brand_fit"]["kappa"] is None  # nobody used it: undefined, not 1.0
    assert res["sentiment"]["kappa"] == pytest.approx(naive_kappa([s for _, s in a_labels], [s for _, s in b_labels]))
    defined = [res["themes"][t]["kappa"] for t in ("pro_social", "privacy", "bloat")]
    assert res["mean_theme_kappa"] == pytest.approx(sum(defined) / 3)
    table = format_agreement(res)
    assert "privacy" in table and "0.714" in table and "n/a" in table


@settings(max_examples=50, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(["positive", "neutral", "negative"]), st.sampled_from(["positive", "neutral", "negative"])), min_size=2, max_size=30))
def test_sentiment_kappa_equals_the_definition(pairs):
    a = [rec(i, (), x) for i, (x, _) in enumerate(pairs)]
    b = [rec(i, (), y) for i, (_, y) in enumerate(pairs)]
    k = agreement(a, b, SCHEMA)["sentiment"]["kappa"]
    xs, ys = [x for x, _ in pairs], [y for _, y in pairs]
    if len(set(xs) | set(ys)) < 2:
        assert k is None
    else:
        ca, cb = Counter(xs), Counter(ys)
        pe = sum(ca[c] * cb[c] for c in ca) / len(xs) ** 2
        if pe == 1:
            return
        assert k == pytest.approx(naive_kappa(xs, ys))


def test_agreement_matches_by_offsets_and_reports_unmatched():
    a = [rec(0, ("privacy",), "negative"), rec(1), rec(2)]
    b = [rec(0, ("privacy",), "negative"), GoldRecord(id="other-id", doc="d", start=10, end=15, text="x" * 5, sentiment="neutral"), rec(3)]
    res = agreement(a, b, SCHEMA)
    assert res["n"] == 2
    assert res["unmatched_a"] == ["d#2"] and res["unmatched_b"] == ["d#3"]


# --- realign ----------------------------------------------------------------------------------


def unit(n, start, end, doc="d", source=SOURCE):
    return Unit.from_source(source, doc=doc, n=n, start=start, end=end, kind="body")


def test_realign_keeps_exact_matches():
    units = [unit(1, 0, 5), unit(2, 5, 10)]
    gold = [GoldRecord.from_unit(u, ("privacy",), "negative") for u in units]
    aligned, lost = realign(gold, units)
    assert aligned == gold and lost == []


def test_realign_finds_text_at_shifted_offsets():
    new_source = "标题\n" + SOURCE
    units = [unit(1, 3, 8, source=new_source), unit(2, 8, 13, source=new_source)]
    gold = [GoldRecord.from_unit(unit(2, 5, 10), ("bloat",), "negative")]
    aligned, lost = realign(gold, units)
    assert lost == []
    assert (aligned[0].id, aligned[0].start, aligned[0].end, aligned[0].themes) == ("d#2", 8, 13, ("bloat",))
    assert aligned[0].meta["realigned_from"] == {"id": "d#2", "start": 5, "end": 10}


def test_realign_reports_every_unit_that_no_longer_aligns():
    whole = unit(3, 10, len(SOURCE))
    split = [unit(3, 10, 21), unit(4, 21, len(SOURCE))]
    gold = [
        GoldRecord.from_unit(whole, ("pro_social",), "positive"),  # now split in two
        GoldRecord.from_unit(unit(1, 0, 5), ("privacy",), "negative"),  # unchanged
        GoldRecord.from_unit(unit(1, 0, 5, doc="gone"), (), "neutral"),  # document no longer read
        GoldRecord.from_unit(unit(2, 5, 10), (), "negative"),  # dropped by cleaning
    ]
    aligned, lost = realign(gold, [unit(1, 0, 5), *split])
    assert [r.id for r in aligned] == ["d#1"]
    reasons = {u.record.id + "@" + u.record.doc: u.reason for u in lost}
    assert len(lost) == 3 and len(aligned) + len(lost) == len(gold)
    # the units tile it: the segmenter changed, or it was labelled at sentence level and these are clauses
    assert reasons["d#3@d"] == "the segmenter now splits it into d#3 10..21, d#4 21..32; labelled at sentence level? pass --granularity sentence"
    _, lost = realign(gold, [unit(1, 0, 5), *split], granularity="sentence")  # sentences already: the segmenter changed
    assert lost[0].reason == "the segmenter now splits it into d#3 10..21, d#4 21..32"
    assert reasons["gone#1@gone"] == "document 'gone' is not among the inputs"
    assert "no unit covers 5..10" in reasons["d#2@d"]
    assert lost[0].to_dict()["reason"]


def units_of(sentences, prefix="", doc="d"):
    """One unit per sentence of ``prefix + "".join(sentences)`` (the prefix is not a unit)."""
    source, out, at = prefix + "".join(sentences), [], len(prefix)
    for n, s in enumerate(sentences, 1):
        out.append(Unit.from_source(source, doc=doc, n=n, start=at, end=at + len(s), kind="body"))
        at += len(s)
    return out


def test_realign_repeated_text_follows_the_shift_of_its_neighbours():
    sentences = ["支付宝做社交是对的。", "圈子到底是什么?", "圈子到底是什么?", "财不外露。"]
    gold = [GoldRecord.from_unit(u, (), "neutral") for u in units_of(sentences)]
    aligned, lost = realign(gold, units_of(sentences, prefix="编者按。\n"))
    assert lost == []
    assert [(r.id, r.meta["realigned_from"]["start"], r.start) for r in aligned] == [
        ("d#1", 0, 5), ("d#2", 10, 15), ("d#3", 18, 23), ("d#4", 26, 31)]


def test_realign_two_records_share_a_unit_only_when_they_had_the_same_offsets():
    sentences = ["来往已死。", "好。", "好。"]
    gold = [GoldRecord.from_unit(u, (), "neutral") for u in units_of(sentences)]
    twin = replace(gold[2], id="d#3b", themes=("privacy",))
    aligned, lost = realign([*gold, twin], units_of(sentences, prefix="前言。"))
    assert [(r.id, r.start) for r in aligned] == [("d#1", 3), ("d#2", 8), ("d#3", 10)]
    assert [(u.record.id, u.reason) for u in lost] == [("d#3b", "unit d#3 is already labelled by gold record d#3 (same offsets 7..9)")]
    # One occurrence deleted: the record nearer the one left keeps it, the other is reported.
    aligned, lost = realign(gold, units_of(["来往已死。", "好。"], prefix="前言。"))
    assert [(r.id, r.start) for r in aligned] == [("d#1", 3), ("d#2", 8)]
    assert [(u.record.id, u.reason) for u in lost] == [
        ("d#3", "its text now occurs only 1 time(s) in the document, each taken by a gold record with that text "
                "nearer to it (d#2 by d#2); the source changed")]


@settings(max_examples=60, deadline=None)
@given(st.lists(st.sampled_from(["甲。", "乙乙。", "丙丙丙。"]), max_size=8), st.integers(0, 8),
       st.text(alphabet="编者按:\n", max_size=6))
def test_realign_after_a_prepend_every_record_moves_by_its_length(repeated, at, prefix):
    sentences = [*repeated[:at], "唯一的一句。", *repeated[at:]]
    gold = [GoldRecord.from_unit(u, (), "neutral") for u in units_of(sentences)]
    aligned, lost = realign(gold, units_of(sentences, prefix=prefix))
    assert lost == []
    assert [(r.id, r.start, r.end) for r in aligned] == [(g.id, g.start + len(prefix), g.end + len(prefix)) for g in gold]


def test_realign_reports_merged_and_changed_text():
    merged = unit(1, 0, 10)
    gold = [GoldRecord.from_unit(unit(1, 0, 5), ("privacy",), "negative")]
    _, lost = realign(gold, [merged])
    assert lost[0].reason == "the segmenter now merges it into d#1 0..10"
    changed = Unit.from_source("财不外漏。" + SOURCE[5:], doc="d", n=1, start=0, end=5, kind="body")
    _, lost = realign(gold, [changed])
    assert "now reads '财不外漏。'" in lost[0].reason


def test_realign_quotes_a_long_text_around_its_first_change():
    old = "为了摆脱单纯支付工具的定位，支付宝在社交上屡战屡败，从来往到圈子都一样，强推“来往”。"
    new = old[:-3] + "啊" + old[-3:]
    gold = [GoldRecord(id="d#1", doc="d", start=0, end=len(old), text=old, themes=("privacy",), sentiment="negative")]
    _, lost = realign(gold, [Unit.from_source(new, doc="d", n=1, start=0, end=len(new), kind="body")])
    assert lost[0].reason == (
        f"unit d#1 0..{len(new)} now reads '…圈子都一样，强推“来啊往”。', "
        f"not '…圈子都一样，强推“来往”。' (they differ from character {len(old) - 2}); the source changed"
    )


#: A Big5 post as argmine reads it now (A1E3 ～, A145 ‧) and the same bytes as it read them before (∼ •).
BIG5_POST = "支付寶最近推出圈子功能～真的很誇張。阿里巴巴‧馬雲到底在想什麼？隱私外洩誰負責～"
BIG5_POST_BEFORE = BIG5_POST.encode("cp950").decode("big5")


def test_realign_matches_labels_made_before_big5_punctuation_was_read_as_browsers_read_it():
    assert BIG5_POST_BEFORE != BIG5_POST and len(BIG5_POST_BEFORE) == len(BIG5_POST)
    sentences = ["財不外露。", BIG5_POST[:18], BIG5_POST[18:32], BIG5_POST[32:]]
    before = "".join(sentences).encode("cp950").decode("big5")
    gold = [replace(GoldRecord.from_unit(u, ("privacy",), "negative"), text=before[u.start:u.end]) for u in units_of(sentences)]
    with pytest.warns(UserWarning, match=r"^3 gold records of d were labelled when argmine read the Big5 source's punctuation "
                                         r"otherwise \(• now ‧, ∼ now ～: the same bytes"):
        aligned, lost = realign(gold, units_of(sentences, prefix="前言。"), big5_docs={"d"})  # moved too
    assert lost == []
    assert [(r.id, r.start, r.end, r.text, r.meta["realigned_from"]["start"]) for r in aligned] == [
        ("d#1", 3, 8, sentences[0], 0), ("d#2", 8, 26, sentences[1], 5), ("d#3", 26, 40, sentences[2], 23),
        ("d#4", 40, 48, sentences[3], 37)]
    # another character at the place (ASCII ~, not the same Big5 bytes) is a changed source
    edited = replace(gold[3], text=sentences[3][:-1] + "~")
    _, lost = realign([edited], units_of(sentences), big5_docs={"d"})
    assert [u.record.id for u in lost] == ["d#4"] and "the source changed" in lost[0].reason
    # a source not read as Big5 holds other bytes there: ～ where the label has ∼ is a changed source, as any other edit
    aligned, lost = realign(gold, units_of(sentences))
    assert [r.id for r in aligned] == ["d#1"] and [u.record.id for u in lost] == ["d#2", "d#3", "d#4"]
    assert all("the source changed" in u.reason for u in lost)


def test_cli_realign_recovers_gold_made_before_big5_punctuation_was_read_as_browsers_read_it(tmp_path):
    from click.testing import CliRunner

    from argmine.cli import main

    (tmp_path / "post.txt").write_bytes(BIG5_POST.encode("cp950"))
    write_gold(tmp_path / "gold.jsonl", [GoldRecord(id="post#2", doc="post", start=18, end=32, text=BIG5_POST_BEFORE[18:32],
                                                    themes=("privacy",), sentiment="negative")])
    res = CliRunner().invoke(main, ["realign", str(tmp_path / "gold.jsonl"), str(tmp_path / "post.txt"), "-o", str(tmp_path / "new.jsonl")])
    assert res.exit_code == 0, res.output
    assert res.output.splitlines()[0].startswith(
        "argmine: warning: 1 gold record of post was labelled when argmine read the Big5 source's punctuation otherwise (• now ‧")
    assert res.output.splitlines()[1] == "argmine: 1 of 1 gold records aligned (0 moved), 0 did not"
    [r] = load_gold(tmp_path / "new.jsonl")
    assert (r.start, r.end, r.text, r.meta) == (18, 32, BIG5_POST[18:32], {})
    # the same text saved as UTF-8 (～ typed where the label has ∼): other bytes, so the record no longer aligns, as before
    (tmp_path / "post.txt").write_text(BIG5_POST, "utf-8")
    res = CliRunner().invoke(main, ["realign", str(tmp_path / "gold.jsonl"), str(tmp_path / "post.txt"), "-o", str(tmp_path / "new.jsonl")])
    assert res.exit_code == 1, res.output
    assert "Big5" not in res.output and "post#2 (post 18..32) no longer aligns" in res.output and "the source changed" in res.output
    assert load_gold(tmp_path / "new.jsonl") == []


# --- CLI -------------------------------------------------------------------------------------------


def test_cli_agreement_table_and_json(tmp_path):
    from click.testing import CliRunner

    from argmine.cli import main

    write_gold(tmp_path / "a.jsonl", [rec(0, ("privacy",), "negative"), rec(1, (), "neutral"), rec(2, ("privacy",), "positive")])
    write_gold(tmp_path / "b.jsonl", [rec(0, ("privacy",), "negative"), rec(1, ("privacy",), "neutral"), rec(2, ("privacy",), "positive")])
    res = CliRunner().invoke(main, ["agreement", str(tmp_path / "a.jsonl"), str(tmp_path / "b.jsonl")])
    assert res.exit_code == 0, res.output
    assert res.output.splitlines()[0].split() == ["label", "kappa", "agree", "A", "B"]
    res = CliRunner().invoke(main, ["agreement", str(tmp_path / "a.jsonl"), str(tmp_path / "b.jsonl"), "--format", "json"])
    data = json.loads(res.output)
    assert data["n"] == 3 and data["sentiment"]["kappa"] == pytest.approx(1.0)


def test_cli_agreement_of_a_file_with_no_readable_record_names_the_line_once_and_stops(tmp_path):
    from click.testing import CliRunner

    from argmine.cli import main

    (tmp_path / "a.jsonl").write_text('{"id": 1\n', "utf-8")
    res = CliRunner().invoke(main, ["agreement", str(tmp_path / "a.jsonl"), str(tmp_path / "a.jsonl")])
    assert res.exit_code == 1
    assert res.output == (f"argmine: error: {tmp_path / 'a.jsonl'}: line 1: not valid JSON (Expecting ',' delimiter at the end of the line); fix or remove that line\n"
                          f"argmine: error: no record of {tmp_path / 'a.jsonl'} could be read; there is nothing to compare\n")


def test_cli_realign_writes_aligned_and_reports_the_rest(tmp_path):
    from click.testing import CliRunner

    from argmine.cli import main
    from argmine.read import read
    from argmine.segment import segment

    (tmp_path / "page.txt").write_text("财不外露。来往已死。\n", "utf-8")
    units = segment(read([str(tmp_path / "page.txt")]))
    gold = [GoldRecord.from_unit(u, ("privacy",), "negative") for u in units]
    gold.append(GoldRecord(id="x#9", doc=units[0].doc, start=0, end=3, text="财不外", sentiment="neutral"))
    write_gold(tmp_path / "gold.jsonl", gold)
    res = CliRunner().invoke(main, ["realign", str(tmp_path / "gold.jsonl"), str(tmp_path / "page.txt"), "-o", str(tmp_path / "new.jsonl")])
    assert res.exit_code == 1
    # "财不外" ends where no sentence can end: the text changed, not the segmentation
    assert "x#9" in res.output and "no longer aligns: unit page#1 0..5 now reads '财不外露。', not '财不外'" in res.output
    assert [r.id for r in load_gold(tmp_path / "new.jsonl")] == [u.id for u in units]
    lost = [json.loads(x) for x in (tmp_path / "new.jsonl.unaligned.jsonl").read_text("utf-8").splitlines()]
    assert [x["id"] for x in lost] == ["x#9"] and lost[0]["reason"]


def test_cli_agreement_of_passes_sharing_no_unit_is_an_error(tmp_path):
    from click.testing import CliRunner

    from argmine.cli import main

    lines = (Path(__file__).parents[1] / "annotations" / "pass_a.jsonl").read_text("utf-8").splitlines()
    a, b = tmp_path / "a.jsonl", tmp_path / "b.jsonl"
    a.write_text("\n".join(lines[:5]) + "\n", "utf-8")
    b.write_text("\n".join(lines[5:10]) + "\n", "utf-8")
    r = CliRunner().invoke(main, ["agreement", str(a), str(b)])
    assert r.exit_code == 1
    assert r.stderr.splitlines()[-1] == f"argmine: error: {a} and {b} share no unit (same document and offsets); there is nothing to compare"


def test_cli_export_folder_formats_refuse_stdout(tmp_path):
    from click.testing import CliRunner

    from argmine.cli import main

    (tmp_path / "a.txt").write_text("支付宝做社交。", "utf-8")
    r = CliRunner().invoke(main, ["export", str(tmp_path / "a.txt"), "--format", "doccano", "--no-predictions", "-o", "-"])
    assert r.exit_code == 2 and "writes a folder of files" in r.stderr
    assert not Path("-").exists()


def test_agreement_refuses_a_pass_that_labels_a_unit_twice():
    s = load_schema()
    a = [GoldRecord(id=f"d#{i}", doc="d", start=i, end=i + 1, text="x", themes=(), sentiment="neutral") for i in range(3)]
    with pytest.raises(AnnotationError, match=r"b\.jsonl: labels unit d 1\.\.2 twice \(d#1 and d#1\)"):
        agreement(a, a + [a[1]], s, names=("a.jsonl", "b.jsonl"))
    assert agreement(a, a, s)["n"] == 3


def test_format_agreement_lists_unmatched_units_without_empty_parentheses():
    a = [rec(i) for i in range(7)]
    table = format_agreement(agreement(a, a[:1], SCHEMA))
    assert table.splitlines()[-1] == "unmatched: 6 only in A (d#1 d 10..15, d#2 d 20..25, d#3 d 30..35, d#4 d 40..45, d#5 d 50..55, ...), 0 only in B"


def test_cli_agreement_of_another_debate_without_schema_says_to_pass_schema(tmp_path):
    from click.testing import CliRunner

    from argmine.cli import main

    write_gold(tmp_path / "a.jsonl", [rec(0, ("safety",), "negative")])
    res = CliRunner().invoke(main, ["agreement", str(tmp_path / "a.jsonl"), str(tmp_path / "a.jsonl")])
    assert res.exit_code == 1
    assert res.output == (
        f"argmine: error: {tmp_path / 'a.jsonl'}:1: unknown theme 'safety' in schema 'alipay_social'; expected one of: "
        "pro_social, privacy, brand_fit, bloat (or 'other' for none); the labels must be those of the packaged schema "
        "(argmine/schemas/alipay.toml); if they belong to another schema, pass --schema FILE (schema= in Python)\n"
        f"argmine: error: no record of {tmp_path / 'a.jsonl'} could be read; there is nothing to compare\n")


def test_cli_agreement_stops_when_most_records_of_a_pass_fail_and_prints_no_figures(tmp_path):
    from click.testing import CliRunner

    from argmine.cli import main

    # another debate's passes without --schema: three of four fail; the 'other' one left would agree perfectly
    records = [rec(0, ("safety",)), rec(1, ("focus",)), rec(2, ("safety",)), rec(3, ())]
    write_gold(tmp_path / "a.jsonl", records)
    write_gold(tmp_path / "b.jsonl", records)
    res = CliRunner().invoke(main, ["agreement", str(tmp_path / "a.jsonl"), str(tmp_path / "b.jsonl")])
    assert res.exit_code == 1
    assert "matched units" not in res.output and "kappa" not in res.output
    assert res.stderr.splitlines()[-1] == (
        f"argmine: error: 6 of 8 records of {tmp_path / 'a.jsonl'} and {tmp_path / 'b.jsonl'} failed, more than half; nothing was "
        "compared: the lines above say why; the labels must be those of the packaged schema (argmine/schemas/alipay.toml); "
        "if they belong to another schema, pass --schema FILE (schema= in Python)")
    write_gold(tmp_path / "b.jsonl", [rec(0, ("privacy",)), rec(1, ("focus",)), rec(2, ()), rec(3, ())])  # one of four: compared
    res = CliRunner().invoke(main, ["agreement", str(tmp_path / "b.jsonl"), str(tmp_path / "b.jsonl")])
    assert res.exit_code == 1 and "matched units: 3" in res.stdout


def test_load_gold_with_a_given_schema_names_it_and_the_id_a_theme_name_stands_for(tmp_path):
    (tmp_path / "s.toml").write_text('[schema]\nid = "ebike"\nversion = "1"\n\n[[themes]]\nid = "safety"\nname_zh = "安全必要"\n'
                                     'name_en = "safety"\ncues = ["安全"]\n\n[sentiment]\npositive = ["好"]\nnegative = ["坏"]\n', "utf-8")
    write_gold(tmp_path / "a.jsonl", [rec(0, ("安全必要",), "negative")])
    with pytest.raises(AnnotationError) as e:
        load_gold(tmp_path / "a.jsonl", load_schema(tmp_path / "s.toml"))
    assert str(e.value).endswith(f"'安全必要' stands for theme 'safety': write its id; use the labels defined in {tmp_path / 's.toml'}")


def test_guide_examples_are_rebuilt_from_their_raw_files_and_repeat_no_gold_unit(tmp_path, monkeypatch):
    """annotations/guide_examples.jsonl is what scripts/build_guide_examples.py makes of raw/, and shares no sentence with the gold."""
    import importlib.util

    from argmine.train import load_examples

    root = Path(__file__).parents[1]
    spec = importlib.util.spec_from_file_location("build_guide_examples", root / "scripts" / "build_guide_examples.py")
    build = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(build)
    monkeypatch.setattr(build, "OUT", tmp_path / "guide_examples.jsonl")
    monkeypatch.setattr(build, "ROOT", tmp_path)  # for the relative path it prints
    assert build.main() == 0
    shipped = (root / "annotations" / "guide_examples.jsonl").read_text("utf-8")
    assert (tmp_path / "guide_examples.jsonl").read_text("utf-8") == shipped
    examples = load_examples(root / "annotations" / "guide_examples.jsonl")
    gold = {r.text for r in load_gold(root / "annotations" / "gold.jsonl")}
    assert len(examples) > 800 and not {e.text for e in examples} & gold


# --- QA round 6: a tool's export given as gold, text added to a unit --------------------------------


def test_load_gold_given_a_json_array_of_labelled_rows_says_to_write_one_record_per_line_not_to_import_it(tmp_path):
    rows = [{"id": "d#1", "doc": "d", "start": 0, "end": 2, "text": "好。", "themes": [], "sentiment": "positive"}]
    path = tmp_path / "rows.json"
    path.write_text(json.dumps(rows, ensure_ascii=False, indent=1), "utf-8")
    with pytest.raises(AnnotationError) as e:
        load_gold(path)
    assert "write each record on a line of its own" in str(e.value) and "argmine import" not in str(e.value)


def test_load_gold_given_a_label_studio_export_or_a_sheet_says_what_it_is_and_how_to_convert_it(tmp_path):
    from click.testing import CliRunner

    from argmine.cli import main

    tasks = [{"id": n, "data": {"text": "好。", "unit_id": f"d#{n}"}, "annotations": []} for n in (1, 2)]
    pretty, flat, sheet = tmp_path / "project.json", tmp_path / "flat.json", tmp_path / "sheet.csv"
    pretty.write_text(json.dumps(tasks, indent=2), "utf-8")  # line 1 is "[": not valid JSON on its own
    flat.write_text(json.dumps(tasks), "utf-8")  # line 1 is the whole list: valid JSON, not an object
    sheet.write_text("id,doc,start,end,kind,text,themes,sentiment\nd#1,d,0,2,body,好。,,neutral\n", "utf-8-sig")
    for path in (pretty, flat):
        with pytest.raises(AnnotationError) as e:
            load_gold(path)
        assert str(e.value) == (f"{path}: looks like a Label Studio JSON export (2 tasks), not gold JSONL (one labelled unit per line); "
                                f"convert it first: argmine import {path} --format label-studio -o GOLD.jsonl, and pass GOLD.jsonl")
    with pytest.raises(AnnotationError, match=r"looks like a CSV sheet \(columns id, doc, start, end, kind, …\), not gold JSONL.*--format csv"):
        load_gold(sheet)
    write_gold(tmp_path / "g.jsonl", [rec(0)])
    for args in (["agreement", str(pretty), str(tmp_path / "g.jsonl")], ["agreement", str(sheet), str(tmp_path / "g.jsonl")],
                 ["realign", str(pretty), str(tmp_path / "g.jsonl"), "-o", str(tmp_path / "new.jsonl")]):
        res = CliRunner().invoke(main, args)
        assert res.exit_code == 1 and res.output.count("\n") == 1 and "not gold JSONL" in res.output, res.output
    # gold JSONL saved with a byte-order mark is still gold
    (tmp_path / "bom.jsonl").write_text(json.dumps(rec(0).to_dict()) + "\n", "utf-8-sig")
    assert load_gold(tmp_path / "bom.jsonl") == [rec(0)]


def test_realign_says_the_text_changed_when_text_was_added_to_a_unit():
    old = "我觉得还行，挺好的🙂"
    grown = Unit.from_source(old + "我再补充一句。", doc="c2", n=1, start=0, end=len(old) + 7, kind="comment")
    gold = [GoldRecord(id="c2#1", doc="c2", start=0, end=len(old), text=old, themes=("pro_social",), sentiment="positive")]
    _, lost = realign(gold, [grown])
    assert lost[0].reason == (f"unit c2#1 0..{len(old) + 7} now reads '我觉得还行，挺好的🙂我再补充一句。', not '我觉得还行，挺好的🙂'; "
                              "the source changed (text was added next to it)")
    # a sentence that ends with final punctuation (or a closing title mark) can have been merged by the segmenter
    title = "在《为什么要做社交？》一文中。"
    gold = [GoldRecord(id="d#1", doc="d", start=0, end=10, text=title[:10], sentiment="neutral")]
    _, lost = realign(gold, [Unit.from_source(title, doc="d", n=1, start=0, end=len(title), kind="body")])
    assert lost[0].reason == f"the segmenter now merges it into d#1 0..{len(title)}"


def test_realign_blames_the_segmenter_not_the_source_when_only_the_cuts_moved():
    # clause gold cut before a discourse marker joined the clause after it: the text is unchanged, so the user's source is not
    # to blame (both reasons said "the source changed")
    from argmine import Document, segment

    text = "我觉得吧，并且，在移动端呢还是不行的。"
    units = list(segment([Document("d", text)], granularity="clause"))
    assert [u.text for u in units] == ["我觉得吧，", "并且，在移动端呢还是不行的。"]
    b = text.index("在移动")
    gold = [GoldRecord(id="d#1", doc="d", start=0, end=b, text=text[:b], sentiment="neutral"),
            GoldRecord(id="d#2", doc="d", start=b, end=len(text), text=text[b:], sentiment="negative")]
    _, lost = realign(gold, units, granularity="clause")
    assert [x.reason for x in lost] == ["the segmenter now cuts it elsewhere: its span 0..8 overlaps d#1 0..5, d#2 5..19",
                                        "the segmenter now merges it into d#2 5..19"]
    # text added where a neighbour record was cut is the source's change too, not the segmenter's: the unit's extra '，'
    # is no part of the record that began there ('但是广告太多，')
    old, new = "支付宝很好用，但是广告太多，而且很卡。", "支付宝很好用，，是广告太多，而且很卡。"
    before = list(segment([Document("e", old)], granularity="clause"))
    gold2 = [GoldRecord(id=u.id, doc="e", start=u.start, end=u.end, text=u.text, sentiment="neutral") for u in before]
    _, lost = realign(gold2, list(segment([Document("e", new)], granularity="clause")), granularity="clause")
    assert lost[0].reason == ("unit e#1 0..8 now reads '支付宝很好用，，', not '支付宝很好用，'; "
                              "the source changed (text was added next to it)")
    # an edited text is still the source's change
    edited = Unit.from_source("我认为吧，并且，" + text[b:], doc="d", n=1, start=0, end=len(text), kind="body")
    _, lost = realign(gold[:1], [Unit.from_source(edited.text, doc="d", n=1, start=0, end=5, kind="body"),
                                 Unit.from_source(edited.text, doc="d", n=2, start=5, end=len(text), kind="body")])
    assert lost[0].reason == "its text no longer occurs in d (deleted or edited?)"


def test_realign_of_an_edited_unit_quotes_the_unit_most_like_it():
    text = "第一句话在这里。支付宝真的越来越臃肿了，找个付款码都难。"
    units = [Unit.from_source(text, doc="d", n=1, start=0, end=8, kind="body"),
             Unit.from_source(text, doc="d", n=2, start=8, end=len(text), kind="body")]
    old = "支付宝越来越臃肿了，找个付款码都难。"
    gold = [GoldRecord(id="d#2", doc="d", start=20, end=20 + len(old), text=old, themes=("bloat",), sentiment="negative")]
    _, lost = realign(gold, units)
    assert "the unit most like it, d#2 8..28, now reads '支付宝真的越来越臃肿了，找个付款码都难。'" in lost[0].reason


# --- QA round 10: one check of gold records, a bad record reported by every command, the rest read ---------------


BAD_GOLD = [  # (the record's changes, what its line says); each passes neither load_gold nor load_examples
    ({"end": "5"}, "field 'end' is str '5'; expected an integer"),
    ({"start": 5, "end": 0}, "offsets 5..0 do not span the 5 characters of text 'xxxxx'"),
    ({"start": -5, "end": 0}, "offsets -5..0 do not span the 5 characters of text 'xxxxx'"),
    ({"end": 10 ** 7}, "offsets 0..10000000 do not span the 5 characters of text 'xxxxx'"),
    ({"start": float("nan")}, "field 'start' is float nan; expected an integer"),
    ({"start": True}, "field 'start' is bool True; expected an integer"),
    ({"doc": ["d"]}, "field 'doc' is list ['d']; expected a string"),
    ({"kind": ["body"]}, "field 'kind' is list ['body']; expected a string"),
    ({"passes": ""}, "field 'passes' is str ''; expected an object {annotator: {themes, sentiment}}"),
]


def write_with_bad(path, changes):
    """rec(0) and rec(2) around rec(1) with ``changes`` (line 2)."""
    rows = [rec(0).to_dict(), {**rec(1).to_dict(), "start": 0, "end": 5, **changes}, rec(2).to_dict()]
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), "utf-8")


@pytest.mark.parametrize("changes, message", BAD_GOLD)
def test_load_gold_with_on_error_reports_a_bad_record_by_file_and_line_and_reads_the_rest(tmp_path, changes, message):
    write_with_bad(tmp_path / "g.jsonl", changes)
    with pytest.raises(AnnotationError, match="g.jsonl:2: "):
        load_gold(tmp_path / "g.jsonl")
    bad = []
    assert [r.id for r in load_gold(tmp_path / "g.jsonl", on_error=bad.append)] == ["d#0", "d#2"]
    assert [str(e) for e in bad] == [f"{tmp_path / 'g.jsonl'}:2: " + message + (
        "; fix start/end or text" if message.startswith("offsets") else " (see annotations/README.md for the record format)")]


def test_load_gold_with_on_error_lists_three_records_with_one_problem_then_counts(tmp_path):
    rows = [rec(0).to_dict()] + [{**rec(i).to_dict(), "themes": ["safety"]} for i in range(1, 7)]
    (tmp_path / "g.jsonl").write_text("".join(json.dumps(r) + "\n" for r in rows), "utf-8")
    bad = []
    assert len(load_gold(tmp_path / "g.jsonl", SCHEMA, on_error=bad.append)) == 1
    assert [e.source for e in bad[:3]] == [f"{tmp_path / 'g.jsonl'}:{n}" for n in (2, 3, 4)]
    assert bad[3].message.startswith("... and 3 more records with the same problem: unknown theme 'safety'") and bad[3].count == 3


def test_gold_kind_and_annotator_may_be_null_but_not_another_type(tmp_path):
    (tmp_path / "g.jsonl").write_text(json.dumps({**rec(0).to_dict(), "kind": None, "annotator": None}) + "\n"
                                      + json.dumps({**rec(1).to_dict(), "annotator": 5}) + "\n", "utf-8")
    bad = []
    assert [(r.kind, r.annotator) for r in load_gold(tmp_path / "g.jsonl", on_error=bad.append)] == [("", "")]
    assert [e.message for e in bad] == ["field 'annotator' is int 5; expected a string (see annotations/README.md for the record format)"]


def test_cli_agreement_realign_and_export_report_a_bad_gold_record_and_go_on(tmp_path):
    from click.testing import CliRunner

    from argmine.cli import main
    from argmine.read import read
    from argmine.segment import segment

    (tmp_path / "page.txt").write_text("财不外露。来往已死。支付宝做社交是对的。\n", "utf-8")
    units = segment(read([str(tmp_path / "page.txt")]))
    gold = tmp_path / "gold.jsonl"
    rows = [GoldRecord.from_unit(u, (), "neutral").to_dict() for u in units]
    rows[1]["end"] = str(rows[1]["end"])  # line 2
    gold.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), "utf-8")
    line = f"argmine: error: {gold}:2: field 'end' is str '10'; expected an integer (see annotations/README.md for the record format)"
    runner = CliRunner()
    res = runner.invoke(main, ["agreement", str(gold), str(gold), "--format", "json"])
    assert res.exit_code == 1 and json.loads(res.stdout)["n"] == 2
    assert res.stderr.splitlines() == [line, f"argmine: error: 1 record of {gold} could not be read and was left out (not counted as "
                                             "units only in the other pass); the other records were compared"]
    res = runner.invoke(main, ["realign", str(gold), str(tmp_path / "page.txt"), "-o", str(tmp_path / "new.jsonl")])
    assert res.exit_code == 1 and res.stderr.splitlines()[0] == line
    assert "2 of 3 gold records aligned (0 moved), 0 did not, 1 could not be read and is in neither file" in res.stderr
    assert [r.id for r in load_gold(tmp_path / "new.jsonl")] == [units[0].id, units[2].id]
    res = runner.invoke(main, ["realign", str(gold), str(tmp_path / "page.txt"), "--strict", "-o", str(tmp_path / "strict.jsonl")])
    assert res.exit_code == 1 and res.stderr.splitlines() == [line, "argmine: error: stopping because of --strict"]
    assert not (tmp_path / "strict.jsonl").exists()
    res = runner.invoke(main, ["export", str(tmp_path / "page.txt"), "--format", "csv", "--no-predictions", "--only-unlabeled", str(gold),
                               "-o", str(tmp_path / "next.csv")])
    assert res.exit_code == 1 and res.stderr.splitlines()[0] == line
    assert "1 unit from 1 document written" in res.stderr  # the unit of the bad record goes to the labelers again
    assert units[1].text in (tmp_path / "next.csv").read_text("utf-8-sig")


def test_cli_realign_counts_bad_records_in_the_plural_and_stops_when_none_could_be_read(tmp_path):
    from click.testing import CliRunner

    from argmine.cli import main

    (tmp_path / "page.txt").write_text("财不外露。来往已死。\n", "utf-8")
    gold = tmp_path / "gold.jsonl"
    gold.write_text("[1]\n{\n", "utf-8")  # not a single record: nothing to realign
    runner = CliRunner()
    res = runner.invoke(main, ["realign", str(gold), str(tmp_path / "page.txt"), "-o", str(tmp_path / "new.jsonl")])
    assert res.exit_code == 1
    assert res.stderr.splitlines()[-1] == f"argmine: error: no record of {gold} could be read; there is nothing to realign"
    assert not (tmp_path / "new.jsonl").exists()
    good = GoldRecord(id="page#1", doc="page", start=0, end=5, text="财不外露。", sentiment="neutral").to_dict()
    gold.write_text("[1]\n{\n" + json.dumps(good, ensure_ascii=False) + "\n", "utf-8")
    res = runner.invoke(main, ["realign", str(gold), str(tmp_path / "page.txt"), "-o", str(tmp_path / "new.jsonl")])
    assert res.exit_code == 1
    assert f"1 of 3 gold records aligned (0 moved), 0 did not, 2 could not be read and are in neither file (fix them in {gold})" in res.stderr


def test_agreement_names_the_themes_it_averages_and_units_whose_texts_differ():
    a = [GoldRecord(id="d#1", doc="d", start=0, end=6, text="隐私很重要。", themes=("privacy",), sentiment="neutral"),
         GoldRecord(id="d#2", doc="d", start=6, end=11, text="第二句。", themes=(), sentiment="neutral")]
    b = [replace(a[0], text="社交很重要。"), a[1]]
    result = agreement(a, b, load_schema())
    assert result["text_differs"] == ["d#1"] and result["mean_over"] == ["privacy"]
    assert "mean theme       1.000 (over privacy)" in format_agreement(result)


def test_agreement_cli_warns_of_units_labelled_on_different_texts(tmp_path):
    from click.testing import CliRunner

    from argmine.cli import main

    rec = GoldRecord(id="d#1", doc="d", start=0, end=6, text="隐私很重要。", themes=("privacy",), sentiment="neutral")
    other = GoldRecord(id="d#9", doc="d", start=10, end=14, text="第二句。", sentiment="neutral")
    pa, pb = tmp_path / "a.jsonl", tmp_path / "b.jsonl"
    pa.write_text(json.dumps(rec.to_dict(), ensure_ascii=False) + "\n" + json.dumps(other.to_dict(), ensure_ascii=False) + "\n", "utf-8")
    pb.write_text(json.dumps(replace(rec, text="社交很重要。").to_dict(), ensure_ascii=False) + "\n", "utf-8")
    res = CliRunner().invoke(main, ["agreement", str(pa), str(pb)])
    assert res.exit_code == 0, res.output
    assert f"argmine: warning: 1 unit only in {pa}, 0 only in {pb}" in res.stderr
    assert f"1 matched unit (d#1) has a different text in {pa} and {pb} at the same offsets" in res.stderr


def test_cli_agreement_compares_records_whose_passes_hold_labels_of_an_older_schema(tmp_path):
    from click.testing import CliRunner

    from argmine.cli import main

    # top-level labels migrated to the schema, the labelers' passes left as labelled: agreement compares only the former (as
    # train and evaluate use passes only for a record marked "conflict": true)
    old = replace(rec(0, ("privacy",), "negative"), passes={"u1": {"themes": ("security",), "sentiment": "negative"}})
    write_gold(tmp_path / "a.jsonl", [old, rec(1, (), "neutral")])
    res = CliRunner().invoke(main, ["agreement", str(tmp_path / "a.jsonl"), str(tmp_path / "a.jsonl")])
    assert res.exit_code == 0, res.output
    assert "matched units: 2; exact agreement: 1.000" in res.stdout and res.stderr == ""


def test_cli_agreement_counts_records_of_a_it_could_not_read_apart_from_units_only_in_b(tmp_path):
    from click.testing import CliRunner

    from argmine.cli import main

    a, b = tmp_path / "a.jsonl", tmp_path / "b.jsonl"
    write_gold(a, [rec(0, ("privacy",), "negative"), rec(1, ("security",), "neutral"), rec(2, (), "neutral")])
    write_gold(b, [rec(0, ("privacy",), "negative"), rec(1, (), "neutral"), rec(2, (), "neutral"), rec(3, (), "neutral")])
    res = CliRunner().invoke(main, ["agreement", str(a), str(b), "--format", "json"])
    assert res.exit_code == 1
    result = json.loads(res.stdout)
    assert result["unmatched_b"] == ["d#3"] and result["left_out"] == {"a": 1, "b": 0} and result["n"] == 2
    res = CliRunner().invoke(main, ["agreement", str(a), str(b)])
    assert res.stdout.splitlines()[-2:] == ["unmatched: 0 only in A, 1 only in B (d#3 d 30..35)", "left out: 1 record of A could not be read"]
    assert res.stderr.splitlines()[-2:] == [
        f"argmine: warning: 0 units only in {a}, 1 only in {b}",
        f"argmine: error: 1 record of {a} could not be read and was left out (not counted as units only in the other pass); "
        "the other records were compared"]


def test_cli_agreement_of_passes_labelled_on_two_versions_of_a_page_says_to_realign(tmp_path):
    from click.testing import CliRunner

    from argmine.cli import main

    a, b = tmp_path / "a.jsonl", tmp_path / "b.jsonl"
    old = [rec(0, text="财不外露。"), rec(1, text="来往已死。", start=5)]
    # B was realigned to the re-scraped page (a title prepended): same ids and texts, other offsets
    moved = [replace(r, start=r.start + 3, end=r.end + 3, meta={"realigned_from": {"id": r.id, "start": r.start, "end": r.end}})
             for r in old]
    write_gold(a, old)
    write_gold(b, moved)
    assert agreement(old, moved, SCHEMA)["moved"] == ["d#0", "d#1"]
    res = CliRunner().invoke(main, ["agreement", str(a), str(b)])
    assert res.exit_code == 1
    assert res.stderr.splitlines()[-1] == (
        f"argmine: error: {a} and {b} share no unit (same document and offsets), but 2 units of {a} have the document and text of "
        f"a unit of {b} at other offsets: the passes were labelled on different versions of the documents; realign {a} to the "
        f"source {b} was labelled on (argmine realign {a} SOURCE -o {tmp_path / 'a.realigned.jsonl'}) and compare "
        f"{tmp_path / 'a.realigned.jsonl'} with {b}")
    write_gold(b, [moved[0], old[1]])  # one unit matches, the other moved: a warning, and the matched one is compared
    res = CliRunner().invoke(main, ["agreement", str(b), str(a)])
    assert res.exit_code == 0, res.output
    assert (f"argmine: warning: 1 unit only in {b} (d#0) has the document and text of a unit only in {a} at other offsets: the passes "
            f"were labelled on different versions of the documents; realign {a} to the source {b} was labelled on") in res.stderr


# --- QA rounds 23-24: realign keeps the record's kind (unless the layout changed), not the document's order -------


def units_of_kinds(parts, doc="d"):
    """One unit per ``(text, kind)`` of ``parts``, cut from their concatenation."""
    source, out, at = "".join(t for t, _ in parts), [], 0
    for n, (text, kind) in enumerate(parts, 1):
        out.append(Unit.from_source(source, doc=doc, n=n, start=at, end=at + len(text), kind=kind))
        at += len(text)
    return out


def test_realign_does_not_move_an_edited_record_to_its_old_wording_quoted_in_a_comment():
    old = units_of_kinds([("支付宝做社交是一步险棋。", "body"), ("用户只想安静地付钱。", "body"), ("阿里需要新的入口。", "body"),
                          ("引用原文:", "comment"), ("用户只想安静地付钱。", "comment"), ("说得对。", "comment")])
    gold = [GoldRecord.from_unit(u, ("privacy",), "neutral") for u in old[:4] + old[5:]]  # the quoting reply is not labelled
    new = units_of_kinds([("支付宝做社交是一步险棋。", "body"), ("用户只想安安静静地付钱。", "body"), ("阿里需要新的入口。", "body"),
                          ("引用原文:", "comment"), ("用户只想安静地付钱。", "comment"), ("说得对。", "comment")])
    aligned, lost = realign(gold, new)
    assert [(r.id, r.start, r.kind) for r in aligned] == [("d#1", 0, "body"), ("d#3", 24, "body"), ("d#4", 33, "comment"),
                                                          ("d#6", 48, "comment")]
    assert [u.record.id for u in lost] == ["d#2"]
    assert lost[0].reason.endswith(
        "; its text now occurs only at d#5 38..48 (a comment unit, not body), so it was not moved there (move it by hand if "
        "it belongs there)")  # isolated: the other body records kept their kind
    assert lost[0].reason.startswith("unit d#2 12..24 (its old span 12..22 shifted by +2 like its neighbours) now reads")


def test_realign_does_not_move_a_lone_labelled_record_to_its_old_wording_quoted_in_a_comment():
    # the only labelled body record: one record is no evidence that the page's layout changed
    old = units_of_kinds([("支付宝做社交是一步险棋。", "body"), ("用户只想安静地付钱。", "body"), ("说得对。", "comment")])
    gold = [GoldRecord.from_unit(old[1], ("privacy",), "neutral")]
    new = units_of_kinds([("支付宝做社交是一步险棋。", "body"), ("用户只想安安静静地付钱。", "body"), ("说得对。", "comment"),
                          ("用户只想安静地付钱。", "comment")])
    aligned, lost = realign(gold, new)
    assert aligned == [] and [u.record.id for u in lost] == ["d#2"]
    assert "(a comment unit, not body), so it was not moved there" in lost[0].reason


def test_realign_prefers_the_copy_of_a_repeated_text_between_its_neighbours():
    title, text, inserted = "这是一篇关于阿里巴巴做社交的长文章的标题。", "阿里不甘心。", "这里插入了一大段新的文字,比后面那一份副本离得还远。"
    article = [title, text, "支付宝是支付。", "好文。"]
    gold = [GoldRecord.from_unit(u, (), "neutral") for u in units_of(article + [text])[:4]]  # the copy is not labelled
    aligned, lost = realign(gold, units_of([title, text, inserted] + article[2:] + [text]))
    # the shift of its nearest neighbour (+len(inserted)) puts it nearer the copy below, but the copy is past that neighbour
    assert lost == [] and [(r.id, r.start) for r in aligned] == [("d#1", 0), ("d#2", 21), ("d#4", 53), ("d#5", 60)]


def test_realign_takes_the_nearest_copy_where_none_lies_between_its_neighbours():
    a, b, c = "微信是社交。", "支付宝做社交是一步险棋。", "阿里需要新的流量入口。"
    gold = [GoldRecord.from_unit(u, (), "neutral") for u in units_of([a, b, "好。", c])]
    aligned, lost = realign(gold, units_of(["好。", c, b, a, "好。"]))  # reordered: b after c, so nothing lies between
    # the nearest to its old offset moved as its nearest neighbour c moved: before c again
    assert lost == [] and [(r.text, r.start) for r in aligned] == [(a, 25), (b, 13), ("好。", 0), (c, 2)]


def test_realign_of_reordered_paragraphs_aligns_every_record():
    paragraphs = ["支付宝做社交是一步险棋。", "用户只想安静地付钱,不想被朋友打扰。", "阿里需要新的流量入口。", "微信的支付份额一直在上涨。",
                  "所以这个决定并不奇怪。"]
    gold = [GoldRecord.from_unit(u, ("privacy",), "neutral") for u in units_of(paragraphs, prefix="标题\n")]
    new = units_of([paragraphs[i] for i in (0, 3, 2, 1, 4)], prefix="标题\n")
    aligned, lost = realign(gold, new)
    assert lost == [] and [r.text for r in aligned] == paragraphs
    source = "标题\n" + "".join(paragraphs[i] for i in (0, 3, 2, 1, 4))
    assert all(source[r.start:r.end] == r.text for r in aligned)


def test_realign_follows_a_layout_change_of_a_whole_kind_with_one_warning():
    gold = [GoldRecord.from_unit(u, (), "neutral") for u in units_of_kinds(
        [("支付宝做社交。", "body"), ("评论\n", "title"), ("李四 2小时前", "comment"), ("说得对。", "comment"), ("隐私才是关键。", "comment")])]
    gold = [r for r in gold if r.kind != "title"]
    new = units_of_kinds([("支付宝做社交。", "body"), ("李四 2小时前", "title"), ("说得对。", "body"), ("隐私才是关键。", "body")])
    with pytest.warns(UserWarning) as caught:
        aligned, lost = realign(gold, new)
    assert lost == [] and [(r.id, r.start, r.kind) for r in aligned] == [
        ("d#1", 0, "body"), ("d#2", 7, "title"), ("d#3", 14, "body"), ("d#4", 18, "body")]
    assert [str(w.message) for w in caught] == [
        "3 gold records of d are now in units of another kind and took it (2 comment -> body, 1 comment -> title): the page's "
        "layout or argmine's kind detection changed; check them if the page did not change that way"]


def test_realign_does_not_move_a_record_to_a_unit_of_another_kind():
    gold = [GoldRecord.from_unit(u, (), "neutral") for u in units_of_kinds([("正文。", "body"), ("好。", "body")])]
    aligned, lost = realign(gold, units_of_kinds([("标题。", "body"), ("正文。", "body"), ("好。", "comment")]))
    assert [(r.id, r.start) for r in aligned] == [("d#2", 3)]
    assert [(u.record.id, u.reason) for u in lost] == [
        ("d#2", "its text now occurs only at d#3 6..8 (a comment unit, not body), so it was not moved there "
                "(move it by hand if it belongs there)")]
    # where it was, the record stays and takes the unit's kind, as before
    aligned, lost = realign(gold, units_of_kinds([("正文。", "body"), ("好。", "comment")]))
    assert [(r.id, r.start, r.kind) for r in aligned] == [("d#1", 0, "body"), ("d#2", 3, "comment")] and lost == []


def test_realign_of_a_page_rescraped_in_the_other_script_aligns_and_says_so():
    gold = [GoldRecord.from_unit(u, ("privacy",), "negative") for u in units_of(["支付宝做社交。", "财不外露。"])]
    traditional = units_of(["支付寶做社交。", "財不外露。"], prefix="標題\n")
    with pytest.warns(UserWarning) as caught:
        aligned, lost = realign(gold, traditional)
    assert lost == []
    assert [(r.id, r.start, r.end, r.text, r.themes) for r in aligned] == [
        ("d#1", 3, 10, "支付寶做社交。", ("privacy",)), ("d#2", 10, 15, "財不外露。", ("privacy",))]
    assert [str(w.message) for w in caught] == [
        "2 gold records of d matched their unit only in the other script (寶 for 宝, 財 for 财: the new source is in "
        "Traditional where the labels are in Simplified, or the reverse; the same text as argmine's normalised view reads it, "
        "one character for one); they now carry the new source's text, with offsets into it"]


def test_realign_drops_the_reason_an_unaligned_file_carries():
    [u] = units_of(["财不外露。"])
    old = replace(GoldRecord.from_unit(u, (), "neutral"), meta={"reason": "no longer aligns: ...", "note": "kept"})
    aligned, lost = realign([old], [u])
    assert lost == [] and aligned[0].meta == {"note": "kept"}


def test_cli_realign_counts_moves_of_this_run_and_removes_an_earlier_unaligned_file(tmp_path):
    from click.testing import CliRunner

    from argmine.cli import main

    page, gold, out = tmp_path / "page.txt", tmp_path / "gold.jsonl", tmp_path / "new.jsonl"
    page.write_text("标题\n财不外露。来往已死。", "utf-8")
    write_gold(gold, [GoldRecord(id="page#1", doc="page", start=0, end=5, text="财不外露。", sentiment="neutral"),
                      GoldRecord(id="page#9", doc="page", start=0, end=3, text="财不外", sentiment="neutral")])
    res = CliRunner().invoke(main, ["realign", str(gold), str(page), "-o", str(out)])
    assert res.exit_code == 1 and Path(f"{out}.unaligned.jsonl").is_file()
    assert res.output.splitlines()[-1].startswith("argmine: 1 of 2 gold records aligned (1 moved), 1 did not")
    # the realigned file again: nothing moves in this run, and the earlier run's unaligned file is removed
    res = CliRunner().invoke(main, ["realign", str(out), str(page), "-o", str(out) + "2"])
    assert res.output == "argmine: 1 of 1 gold records aligned (0 moved), 0 did not\n"
    write_gold(gold, load_gold(gold)[:1])
    res = CliRunner().invoke(main, ["realign", str(gold), str(page), "-o", str(out)])
    assert res.exit_code == 0
    assert res.output == f"argmine: 1 of 1 gold records aligned (1 moved), 0 did not (removed {out}.unaligned.jsonl, an earlier run's)\n"
    assert not Path(f"{out}.unaligned.jsonl").exists() and len(load_gold(out)) == 1


@pytest.mark.parametrize("stop, code, line", [("SIGTERM", 143, "terminated (SIGTERM)"), ("error", 1, "x#9: cannot be written (stopped by the test)")])
def test_cli_realign_stopped_while_the_unaligned_file_is_written_leaves_both_files_as_they_were(tmp_path, monkeypatch, stop, code, line):
    # OUTPUT used to be renamed into place before OUTPUT.unaligned.jsonl was written (directly, with no temporary file):
    # a stop then left the new OUTPUT beside the earlier run's unaligned file, which repeats its records
    import os
    import signal

    from click.testing import CliRunner

    from argmine.cli import main

    if os.name == "nt":
        pytest.skip("POSIX signals")
    page, gold = tmp_path / "page.txt", tmp_path / "gold.jsonl"
    page.write_text("财不外露。来往已死。\n", "utf-8")
    write_gold(gold, [GoldRecord(id="page#1", doc="page", start=0, end=5, text="财不外露。", sentiment="neutral"),
                      GoldRecord(id="x#9", doc="page", start=0, end=3, text="财不外", sentiment="neutral")])
    (tmp_path / "out").mkdir()
    out, unaligned = tmp_path / "out" / "new.jsonl", tmp_path / "out" / "new.jsonl.unaligned.jsonl"
    for p in (out, unaligned):
        p.write_text("OLD\n", "utf-8")
    real = GoldRecord.to_dict

    def to_dict(self):  # called for the record that did not align as it goes to OUTPUT.unaligned.jsonl: after OUTPUT
        if self.id == "x#9" and stop == "SIGTERM":
            os.kill(os.getpid(), signal.SIGTERM)
        elif self.id == "x#9":
            raise InputError("x#9", "cannot be written (stopped by the test)")
        return real(self)

    monkeypatch.setattr(GoldRecord, "to_dict", to_dict)
    res = CliRunner().invoke(main, ["realign", str(gold), str(page), "-o", str(out)])
    assert (res.exit_code, res.output) == (code, f"argmine: error: {line}\n")
    assert [p.read_text("utf-8") for p in (out, unaligned)] == ["OLD\n", "OLD\n"]
    assert sorted(os.listdir(out.parent)) == ["new.jsonl", "new.jsonl.unaligned.jsonl"]  # no partial or temporary file


CLAUSED = "支付宝做社交这件事情我觉得是对的，但是我不想让别人看到我的消费记录。"  # two clauses, one sentence


def test_realign_of_clause_gold_to_sentences_names_the_granularity():
    clauses = argmine_segment(CLAUSED, "clause")
    assert [(u.start, u.end) for u in clauses] == [(0, 17), (17, 34)]
    gold = [GoldRecord.from_unit(u, (), "neutral") for u in clauses]
    aligned, lost = realign(gold, argmine_segment(CLAUSED, "sentence"))
    assert aligned == [] and [u.reason for u in lost] == [  # not "the source changed": nothing changed
        f"its span {s}..{e} is part of unit d#1 0..34, cut where a clause ends; labelled at clause level? pass --granularity clause"
        for s, e in [(0, 17), (17, 34)]]


def test_realign_lists_at_most_four_units_a_record_is_split_into_and_says_it_cut_the_list():
    text = "支付宝做社交这件事情，我觉得是对的没错，但是我不想让别人，看到我的消费记录的，因为隐私真的太重要了。"
    clauses = argmine_segment(text, "clause")
    assert len(clauses) == 5
    sentence = argmine_segment(text, "sentence")[0]
    _, lost = realign([GoldRecord.from_unit(sentence, (), "neutral")], clauses, granularity="clause")
    assert lost[0].reason == ("the segmenter now splits it into " + ", ".join(f"{u.id} {u.start}..{u.end}" for u in clauses[:4])
                              + ", …; labelled at sentence level? pass --granularity sentence")


def argmine_segment(text, granularity):
    from argmine.segment import segment
    from argmine.types import Document

    return segment([Document("d", text)], granularity=granularity)


def test_agreement_of_passes_cut_at_different_granularities_says_so(tmp_path):
    from click.testing import CliRunner

    from argmine.cli import main

    text = CLAUSED + "这个应用太臃肿了。"
    clauses, sentences = argmine_segment(text, "clause"), argmine_segment(text, "sentence")
    a = [GoldRecord.from_unit(u, (), "neutral") for u in clauses]  # d#1 0..17, d#2 17..34, d#3 34..43
    b = [GoldRecord.from_unit(u, (), "neutral") for u in sentences]  # d#1 0..34, d#2 34..43
    res = agreement(a, b, SCHEMA)
    assert res["n"] == 1 and res["unmatched_a"] == ["d#1", "d#2"] and res["unmatched_b"] == ["d#1"]  # the same id, other units
    assert res["unmatched_spans"] == {"a": [["d", 0, 17], ["d", 17, 34]], "b": [["d", 0, 34]]}
    assert res["nested"] == {"a": ["d#1", "d#2"], "b": []}
    assert format_agreement(res).splitlines()[-1] == "unmatched: 2 only in A (d#1 d 0..17, d#2 d 17..34), 1 only in B (d#1 d 0..34)"
    write_gold(tmp_path / "a.jsonl", a)
    write_gold(tmp_path / "b.jsonl", b)
    out = CliRunner().invoke(main, ["agreement", str(tmp_path / "a.jsonl"), str(tmp_path / "b.jsonl")])
    pa, pb = tmp_path / "a.jsonl", tmp_path / "b.jsonl"
    assert out.stderr.splitlines()[-1] == (
        f"argmine: warning: 2 units only in {pa} (d#1 d 0..17, d#2 d 17..34) lie inside units only in {pb}: the passes were cut at "
        f"different granularities ({pa} into clauses, {pb} into sentences?) and only the 1 unit cut alike was compared; label both "
        "passes at one 'export --granularity' and import each with the --source-granularity its export was made with ('argmine "
        "realign PASS SOURCE --granularity LEVEL' tells the level a pass fits)")


# --- labels that mean no theme, theme names with spaces, byte offsets (evaluate and import) ----------


def _run(*args):
    from click.testing import CliRunner

    from argmine.cli import main

    return CliRunner().invoke(main, [str(a) for a in args])


def test_evaluate_reads_gold_no_theme_words_as_other_and_scores_every_record(tmp_path):
    rows = [("财不外露。", "privacy"), ("今天天气不错。", "none"), ("红包挺好玩。", "無"), ("昨天发了财报。", "其它"), ("下雨了。", "無主題")]
    (tmp_path / "g.csv").write_text("text,themes,sentiment\n" + "".join(f"{t},{th},neutral\n" for t, th in rows), "utf-8")
    (tmp_path / "o.csv").write_text("text,themes,sentiment\n" + "".join(f"{t},{th if th == 'privacy' else 'other'},neutral\n"
                                                                       for t, th in rows), "utf-8")
    r, o = (_run("evaluate", "--gold", tmp_path / name, "--format", "json") for name in ("g.csv", "o.csv"))
    assert (r.exit_code, o.exit_code) == (0, 0), r.output
    assert "unknown theme" not in r.output
    assert json.loads(r.stdout)["n"] == 5
    assert json.loads(r.stdout)["themes"] == json.loads(o.stdout)["themes"]


def test_evaluate_names_an_english_theme_name_whole_and_says_write_other_for_n_a(tmp_path):
    (tmp_path / "g.csv").write_text("text,themes,sentiment\n财不外露。,privacy & safety,negative\n今天天气不错。,N/A,neutral\n"
                                    "红包挺好玩。,pro social,positive\n下雨了。,other,neutral\n", "utf-8")
    r = _run("evaluate", "--gold", tmp_path / "g.csv")
    assert "row 1 (line 2): unknown theme 'privacy & safety' in schema 'alipay_social'; expected one of: pro_social, privacy, " \
           "brand_fit, bloat (or 'other' for none); 'privacy & safety' stands for theme 'privacy': write its id; " in r.output
    assert "row 3 (line 4): unknown theme 'pro social' " in r.output and "'pro social' stands for theme 'pro_social': write its id" in r.output
    assert "row 2 (line 3): unknown theme 'N/A' in schema 'alipay_social'; expected one of: pro_social, privacy, brand_fit, bloat " \
           "(or 'other' for none); write 'other' for no theme (or leave the themes cell empty, [] in JSON)\n" in r.output
    assert "'pro'" not in r.output and "'&'" not in r.output


def test_import_reads_no_theme_words_as_other_and_names_english_theme_names_whole(tmp_path):
    (tmp_path / "s.csv").write_text(
        "id,doc,start,end,text,themes,sentiment\n"
        "a#1,a,0,5,财不外露。,privacy; None,negative\na#2,a,5,10,来往已死。,無,neutral\n"
        "a#3,a,10,17,今天天气不错。,N/A,neutral\na#4,a,17,22,隐私与安全,privacy & safety,negative\n", "utf-8")
    r = _run("import", tmp_path / "s.csv", "--format", "csv", "-o", tmp_path / "g.jsonl")
    assert r.exit_code == 1, r.output
    got = [json.loads(line) for line in (tmp_path / "g.jsonl").read_text("utf-8").splitlines()]
    assert [(g["id"], g["themes"]) for g in got] == [("a#1", ["privacy"]), ("a#2", [])]
    assert "(unit a#1): 'other' (no theme) is checked together with privacy; privacy kept: uncheck one of them" in r.output
    assert "(unit a#3): unknown theme 'N/A' in schema 'alipay_social'; expected one of: pro_social, privacy, brand_fit, bloat " \
           "(or 'other' for none); write 'other' for no theme (or leave the themes cell empty, [] in JSON)\n" in r.output
    assert "(unit a#4): unknown theme 'privacy & safety' " in r.output and "'privacy & safety' stands for theme 'privacy'" in r.output
    assert "--map N/A" not in r.output and "theme None" not in r.output  # N/A had its own hint; None was read
    r = _run("import", tmp_path / "s.csv", "--format", "csv", "-o", tmp_path / "m.jsonl", "--map", "privacy & safety=privacy", "--map", "N/A=")
    assert r.exit_code == 0, r.output
    assert [json.loads(line)["themes"] for line in (tmp_path / "m.jsonl").read_text("utf-8").splitlines()] == [["privacy"], [], [], ["privacy"]]


def test_gold_offsets_counted_in_utf8_bytes_say_so(tmp_path):
    text = "财不外露。"
    (tmp_path / "g.jsonl").write_text(json.dumps({"id": "d#1", "doc": "d", "start": 0, "end": 15, "text": text, "themes": [],
                                                  "sentiment": "neutral"}, ensure_ascii=False) + "\n"
                                      + json.dumps({"id": "d#2", "doc": "d", "start": 0, "end": 4, "text": text, "themes": [],
                                                    "sentiment": "neutral"}, ensure_ascii=False) + "\n", "utf-8")
    with pytest.raises(AnnotationError) as e:
        load_gold(tmp_path / "g.jsonl")
    assert str(e.value).endswith("g.jsonl:1: offsets 0..15 do not span the 5 characters of text '财不外露。'; fix start/end or text; "
                                 "these look like UTF-8 byte offsets; argmine counts characters (Python str indices)")
    (tmp_path / "g2.jsonl").write_text((tmp_path / "g.jsonl").read_text("utf-8").splitlines()[1] + "\n", "utf-8")
    with pytest.raises(AnnotationError) as e:  # neither characters nor bytes: no note
        load_gold(tmp_path / "g2.jsonl")
    assert str(e.value).endswith("fix start/end or text")
    (tmp_path / "s.csv").write_text("id,doc,start,end,text,themes,sentiment\na#1,a,0,15,财不外露。,privacy,negative\n", "utf-8")
    r = _run("import", tmp_path / "s.csv", "--format", "csv", "-o", tmp_path / "i.jsonl")
    assert "offsets 0..15 do not span the 5 characters of text '财不外露。'; fix start/end or text; these look like UTF-8 byte " \
           "offsets; argmine counts characters (Python str indices); or pass --source" in r.output


def test_realign_warnings_are_input_warnings_to_filter_as_reading_s_are():
    import warnings

    from argmine.errors import InputWarning, SchemaWarning

    kinds = [GoldRecord.from_unit(u, (), "neutral") for u in units_of_kinds(  # the 评论 heading lost: comments moved, to other kinds
        [("支付宝做社交。", "body"), ("评论\n", "title"), ("李四 2小时前", "comment"), ("说得对。", "comment"), ("隐私才是关键。", "comment")])]
    kinds = [r for r in kinds if r.kind != "title"]
    moved = units_of_kinds([("支付宝做社交。", "body"), ("李四 2小时前", "title"), ("说得对。", "body"), ("隐私才是关键。", "body")])
    script = [GoldRecord.from_unit(u, ("privacy",), "negative") for u in units_of(["支付宝做社交。", "财不外露。"])]
    sentences = ["財不外露。", BIG5_POST[:18]]
    big5 = [replace(GoldRecord.from_unit(u, ("privacy",), "negative"), text="".join(sentences).encode("cp950").decode("big5")[u.start:u.end])
            for u in units_of(sentences)]
    for gold, units, big5_docs in ((kinds, moved, set()), (script, units_of(["支付寶做社交。", "財不外露。"]), set()),
                                   (big5, units_of(sentences), {"d"})):
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            aligned, lost = realign(gold, units, big5_docs=big5_docs)
        assert lost == [] and len(caught) == 1
        assert caught[0].category is InputWarning, str(caught[0].message)
        with warnings.catch_warnings():  # filtered as the README says a caller filters what reading did to the inputs
            warnings.simplefilter("error")
            warnings.filterwarnings("ignore", category=InputWarning)
            realign(gold, units, big5_docs=big5_docs)
    assert not issubclass(InputWarning, SchemaWarning)
