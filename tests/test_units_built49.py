"""Units built in Python (by hand, ``Unit.from_source``, ``Unit(**row)`` from ``argmine segment`` output) read as
the segmenter's do: their normalised text, and ``tokens`` kept as a tuple so that they hash."""

from __future__ import annotations

import json
import pickle

import pytest
from click.testing import CliRunner

import argmine
from argmine.cli import main
from argmine.normalize import normalize
from argmine.types import Document, Unit

# Traditional, full-width punctuation, a zero-width space inside a cue, an ideographic space, a scrape artifact
TEXTS = ["財不外露，隱私洩露太可怕了！", "财\u200b不外露。", "ＡＴＭ\u3000而已！", "&附近的有钱人&說好。"]


@pytest.mark.parametrize("text", TEXTS)
def test_unit_built_without_norm_reads_the_segmenters_normalised_text(text):
    (seg,) = argmine.segment([Document("d", text)])
    assert seg.text == text  # one unit, the whole text
    by_hand = Unit("d#1", "d", 0, len(text), text, "comment")
    from_source = Unit.from_source(text, doc="d", n=1, start=0, end=len(text), kind="body")
    assert by_hand.norm == from_source.norm == normalize(text).text == seg.norm
    assert by_hand.norm != text


def test_unit_given_a_norm_keeps_it():
    assert Unit("d#1", "d", 0, 5, "財不外露。", "comment", norm="given").norm == "given"
    assert Unit.from_source("財不外露。", doc="d", n=1, start=0, end=5, kind="comment", norm="given").norm == "given"


def test_units_read_back_from_segment_jsonl_classify_and_analyze_as_the_cli(tmp_path):
    # the report's case: Traditional text, read back with Unit(**row), was classified on the raw text
    (tmp_path / "t.txt").write_text("財不外露，隱私洩露太可怕了！\n支付寶做社交，我覺得挺好。\n", encoding="utf-8")
    runner = CliRunner()
    seg = runner.invoke(main, ["segment", str(tmp_path / "t.txt"), "--format", "jsonl", "-q", "--tokens"])
    assert seg.exit_code == 0, seg.output
    units = [Unit(**json.loads(line)) for line in seg.output.splitlines()]
    segmented = argmine.segment(argmine.read([tmp_path / "t.txt"]), tokens=True)
    assert units == segmented and [u.norm for u in units] == [u.norm for u in segmented]
    cli = runner.invoke(main, ["classify", str(tmp_path / "t.txt"), "--format", "jsonl", "-q", "--model", "lexicon"])
    assert cli.exit_code == 0, cli.output
    expected = [tuple(json.loads(line)["themes"]) for line in cli.output.splitlines()]
    assert expected[0] == ("privacy",)
    assert [c.prediction.themes for c in argmine.classify(units, model="lexicon")] == expected
    themes = argmine.analyze([tmp_path / "t.txt"], model="lexicon").themes
    assert themes["privacy"]["units"] == 1
    assert argmine.analyze(units, model="lexicon").themes == themes
    assert argmine.Analysis.from_units(argmine.classify(units, model="lexicon"), argmine.load_schema()).themes == themes


def test_unit_tokens_given_as_a_list_are_kept_as_a_tuple_and_the_unit_hashes():
    row = {"id": "d#1", "doc": "d", "start": 0, "end": 5, "text": "財不外露。", "kind": "comment",
           "tokens": ["財不", "外露", "。"]}  # a row of `argmine segment --tokens`
    unit = Unit(**row)
    assert unit.tokens == ("財不", "外露", "。")
    assert len({unit, Unit(**row)}) == 1
    assert unit.to_row(tokens=True) == row
    copy = pickle.loads(pickle.dumps(unit))
    assert copy == unit and hash(copy) == hash(unit) and copy.norm == "财不外露。"


@pytest.mark.parametrize("tokens", ["財不外露。", 3])
def test_unit_tokens_that_are_not_a_sequence_are_refused(tokens):
    with pytest.raises(TypeError) as e:
        Unit("d#1", "d", 0, 5, "財不外露。", "comment", tokens=tokens)
    assert str(e.value) == f"Unit tokens must be a tuple (or list) of strings, or None, not {type(tokens).__name__}"
