"""Progress inside one long document, and the aggregating stage of the library's analyze() (QA round 42).

A 50 MB page is one document: its documents bar said ``0/1`` until it was done.  Its lines (as they are cleaned) and
its blocks (as they are segmented) now move a bar of their own.  What is checked is which positions the bars are
given while the one document is in work, never how long anything takes.
"""

from __future__ import annotations

import importlib

import pytest
from click.testing import CliRunner

import argmine
from argmine.cli import main
from argmine.types import Document

segment_module = importlib.import_module("argmine.segment")  # argmine.segment is also the function
clean_module = importlib.import_module("argmine.clean")

LINES = ["支付宝不该做社交。", "我反对。隐私会泄露。", "红包很方便，大家都在用。", "转载请注明出处", "钱包就是钱包。", "财不外露。"]
PAGE = "\n".join(LINES)


def run(*args, input=None):
    return CliRunner().invoke(main, list(map(str, args)), input=input, catch_exceptions=False)


@pytest.fixture
def long_from(monkeypatch):
    """Make documents of at least ``n`` characters long (:data:`argmine.segment.LONG_DOCUMENT_CHARS`), as a 50 MB page is."""
    return lambda n: monkeypatch.setattr(segment_module, "LONG_DOCUMENT_CHARS", n)


@pytest.fixture
def terminal(monkeypatch):
    """Progress drawn as on a terminal's stderr, each bar drawn at every step (no 0.1 s between draws)."""
    from argmine.cli import _common

    real = _common.progress
    monkeypatch.setattr(_common, "stderr_is_terminal", lambda: True)
    monkeypatch.setattr(_common, "TICK_SECONDS", 0.01)
    monkeypatch.setattr(_common, "progress", lambda *args, **kwargs: real(*args, mininterval=0, miniters=1, **kwargs))


@pytest.fixture
def draws(monkeypatch):
    """Each bar drawn, as (description, position, total), in order."""
    from tqdm import tqdm

    seen: list[tuple[str, float, float | None]] = []
    display = tqdm.display

    def recording(self, *args, **kwargs):
        seen.append((self.desc, self.n, self.total))
        return display(self, *args, **kwargs)

    monkeypatch.setattr(tqdm, "display", recording)
    return seen


class Recorder:
    """A ``progress`` wrapper that records each stage (desc, total, unit) and every item as it is handed on."""

    def __init__(self):
        self.stages: list[tuple[str, int | None, str]] = []
        self.items: dict[str, list] = {}
        self.active: list[str] = []

    def __call__(self, iterable, *, total=None, desc="", unit="it"):
        self.stages.append((desc, total, unit))
        self.items.setdefault(desc, [])
        return self._wrapped(iterable, desc)

    def _wrapped(self, iterable, desc):
        self.active.append(desc)
        try:
            for item in iterable:
                self.items[desc].append(item)
                yield item
        finally:
            self.active.remove(desc)


@pytest.mark.parametrize("text", ["", "a", "\n", "a\n", "\n\n\n", "a\r\nb", "a\rb\r", "\r\r\n\n", "a\r\n", "甲\n乙\r\n丙\u2028丁", "x\n\ny"])
def test_line_count_is_the_number_of_lines_cleaning_reads(text):
    assert clean_module._line_count(text) == sum(1 for _ in clean_module._lines(text))


def test_one_long_document_moves_progress_line_by_line_then_block_by_block(long_from):
    long_from(len(PAGE))
    progress = Recorder()
    segs = list(argmine.iter_segmented([Document("page", PAGE), Document("short", "财不外露。")], progress=progress))
    seg = segs[0]
    assert progress.stages == [("cleaning", len(LINES), "line"), ("segmenting", cleaned_blocks(PAGE), "block")]
    lines = progress.items["cleaning"]
    assert len(lines) == len(LINES) and [PAGE[s:e] for s, e in lines] == LINES
    assert all(a[1] < b[0] for a, b in zip(lines, lines[1:]))  # positions that only go forward, to the text's end
    assert lines[-1][1] == len(PAGE)
    blocks = progress.items["segmenting"]
    assert [b.start for b in blocks] == sorted(b.start for b in blocks) and len(blocks) == len(LINES) - 1  # 转载请注明出处 is furniture
    assert [u.text for u in seg.units] == [u.text for u in argmine.segment([Document("page", PAGE)])]  # the units as without progress
    assert len(segs) == 2 and progress.active == []  # the short document wrapped nothing; every stage was run to its end


def cleaned_blocks(text: str) -> int:
    return len(argmine.clean(Document("page", text)).blocks)


def test_progress_is_handed_the_lines_while_the_document_is_cleaned(long_from, monkeypatch):
    # the positions come inside the one document's work, not once it is done
    long_from(1)
    progress = Recorder()
    returned: list[int] = []
    real = clean_module._line_hit

    def line_hit(*args, **kwargs):
        returned.append(len(progress.items["cleaning"]))
        return real(*args, **kwargs)

    monkeypatch.setattr(clean_module, "_line_hit", line_hit)
    argmine.segment(Document("page", PAGE), progress=progress)
    assert returned == list(range(1, len(LINES) + 1))  # each line reached the wrapper before it was cleaned


def test_short_documents_wrap_nothing():
    progress = Recorder()
    units = argmine.segment([Document(f"d{i}", PAGE) for i in range(3)], progress=progress)
    assert units and progress.stages == []


@pytest.mark.parametrize("call", [
    lambda: list(argmine.iter_segmented([Document("d", "好。")], progress=5)),
    lambda: argmine.segment([Document("d", "好。")], progress="tqdm"),
    lambda: argmine.clean(Document("d", "好。"), progress=True),
])
def test_progress_that_is_no_function_is_refused(call):
    with pytest.raises(TypeError, match=r"^progress must be None or a function that wraps an iterable, such as tqdm.tqdm, not (int|str|bool)$"):
        call()


@pytest.mark.parametrize("command", [["segment"], ["classify", "--model", "lexicon"], ["analyze", "--model", "lexicon", "-o", "{tmp}/a.txt"]])
def test_a_long_document_moves_its_own_bar_while_the_documents_bar_shows_0_of_1(tmp_path, long_from, terminal, draws, command):
    long_from(len(PAGE))
    page = tmp_path / "page.txt"
    page.write_text(PAGE, encoding="utf-8")
    args = [a.format(tmp=tmp_path) for a in command]
    r = run(*args, page)
    assert r.exit_code == 0, r.output
    done = next(i for i, (desc, n, _total) in enumerate(draws) if desc == "documents" and n == 1)
    for stage, total in (("cleaning", len(LINES)), ("segmenting", cleaned_blocks(PAGE))):
        at = [i for i, (desc, *_rest) in enumerate(draws) if desc == stage]
        positions = [draws[i][1] for i in at]
        assert at and max(at) < done  # drawn while the one document was in work
        assert positions == sorted(positions) and positions[0] == 0 and positions[-1] == total  # moving forward, to the end
        assert len(set(positions)) == total + 1  # every line (block) moved it
        assert {draws[i][2] for i in at} == {total}
    assert "cleaning:" in r.stderr and f"/{len(LINES)} [" in r.stderr
    assert r.stdout == run(*args, page, "-q").stdout  # the rows are the same, bars or not


@pytest.mark.parametrize("quiet, on_terminal", [(True, True), (False, False)])
def test_no_bar_inside_a_long_document_under_quiet_or_off_a_terminal(tmp_path, monkeypatch, long_from, quiet, on_terminal):
    from argmine.cli import _common

    long_from(1)
    monkeypatch.setattr(_common, "stderr_is_terminal", lambda: on_terminal)
    given: list = []
    real = segment_module.segment_document

    def spy(doc, **kwargs):
        given.append(kwargs.get("progress"))
        return real(doc, **kwargs)

    monkeypatch.setattr(segment_module, "segment_document", spy)
    page = tmp_path / "page.txt"
    page.write_text(PAGE, encoding="utf-8")
    r = run("segment", page, *(["-q"] if quiet else []))
    assert r.exit_code == 0, r.output
    assert given == [None] and "cleaning" not in r.stderr  # nothing wrapped, not even by a disabled bar


def test_many_short_documents_show_no_bar_of_their_own(tmp_path, terminal, draws):
    for i in range(3):
        (tmp_path / f"p{i}.txt").write_text(PAGE, encoding="utf-8")
    r = run("segment", tmp_path)
    assert r.exit_code == 0, r.output
    assert {desc for desc, *_rest in draws} == {"documents"}


def test_library_analyze_wraps_the_aggregation_as_a_stage_named_aggregating(monkeypatch):
    # the CLI showed "aggregating" after the units; a library user's progress= saw nothing of it
    from argmine.aggregate import Analysis

    progress = Recorder()
    during: list[list[str]] = []
    real = Analysis._aggregated.__func__

    def aggregated(cls, *args, **kwargs):
        during.append(list(progress.active))
        return real(cls, *args, **kwargs)

    monkeypatch.setattr(Analysis, "_aggregated", classmethod(aggregated))
    a = argmine.analyze([Document("d", PAGE)], model="lexicon", progress=progress)
    units = a.totals["units"]
    assert progress.stages == [("documents", 1, "doc"), ("units", units, "unit"), ("aggregating", 1, "stage")]
    assert during == [["aggregating"]]  # the aggregation ran inside its step, the other stages done
    assert progress.items["aggregating"] == [a] and progress.active == []


def test_library_analyze_without_progress_is_unchanged():
    a = argmine.analyze([Document("d", PAGE)], model="lexicon", date="2024-01-01")
    b = argmine.analyze([Document("d", PAGE)], model="lexicon", date="2024-01-01", progress=Recorder())
    assert a.to_dict() == b.to_dict()


def test_library_analyze_hands_progress_to_a_long_document(long_from):
    long_from(len(PAGE))
    progress = Recorder()
    argmine.analyze([Document("d", PAGE)], model="lexicon", progress=progress)
    assert [desc for desc, *_rest in progress.stages] == ["documents", "cleaning", "segmenting", "units", "aggregating"]
