"""analyze's tables at a narrow width keep every theme id and every figure whole: a table grows wider instead."""

from __future__ import annotations

import pytest
from click.testing import CliRunner
from rich.cells import cell_len

import argmine
from argmine.cli import main
from argmine.tables import render_analysis

POST = "支付宝做社交是对的。财不外露，隐私很重要。功能太多了，很臃肿。支付宝就是钱包，不是社交软件。"
TITLES = ("Themes (", "By kind", "By document", "Top cue", "Representative")


def _sections(out: str) -> dict[str, str]:
    """The text of each table of ``out``, by the first words of its title."""
    starts = [out.index("\n" + title) for title in TITLES]
    return {title: out[a:b] for title, a, b in zip(TITLES, starts, starts[1:] + [len(out)])}


def _rows(section: str) -> list[list[str]]:
    """The words of each line of a table's body (the lines under its rule)."""
    lines = section.splitlines()
    rule = next(k for k, line in enumerate(lines) if line.strip().startswith("─"))
    return [line.split() for line in lines[rule + 1:] if line.strip()]


@pytest.fixture(scope="module")
def analysis():
    docs = [argmine.Document("d", POST), argmine.Document("c", "财不外露。功能太多了，很臃肿。", kind="comment")]
    return argmine.analyze(docs, model="lexicon")


@pytest.mark.parametrize("width", [30, 40, 50])
def test_narrow_tables_keep_theme_ids_and_figures_whole(analysis, width):
    wide, narrow = _sections(render_analysis(analysis, width=200)), _sections(render_analysis(analysis, width=width))
    names = {e["name_zh"] for e in analysis.themes.values()}  # a long Chinese name may fold in the Theme column
    cut = {}  # per table, the words of the wide table missing from the narrow one (a rule is only shorter)
    for title in ("Themes (", "By kind", "Top cue"):
        words = set(narrow[title].split())
        cut[title] = [w for w in wide[title].split() if w not in names and w not in words and w.strip("─")] + ["…"] * narrow[title].count("…")
    # the by-document table: its header whole, every count and mean whole (ids break only after a '_', by design)
    cut["By document"] = [w for w in ["Document"] if w not in narrow["By document"].split()] + (
        [] if [row[1:] for row in _rows(narrow["By document"]) if len(row) > 1] == [row[1:] for row in _rows(wide["By document"])] else ["a row"])
    assert cut == {title: [] for title in cut}, "\n".join(narrow.values())
    assert all(tid in narrow["Themes ("].split() and tid in narrow["By kind"].split() for tid in analysis.themes)


def test_tables_that_fit_are_not_widened(analysis):
    assert max(cell_len(line) for line in render_analysis(analysis, width=80).splitlines()) <= 80


def test_by_document_header_of_an_eight_theme_schema_is_not_folded(tmp_path):
    ids = ["alpha", "bravo", "charlie", "delta", "echo", "foxtrot", "golf", "hotel"]
    fruit = ["苹果", "香蕉", "橘子", "葡萄", "西瓜", "草莓", "芒果", "桃子"]
    schema = '[schema]\nid = "eight"\nversion = "1"\n\n' + "".join(
        f'[[themes]]\nid = "{tid}"\ncues = ["{cue}"]\n\n' for tid, cue in zip(ids, fruit)) + '[sentiment]\npositive = ["好"]\nnegative = ["差"]\n'
    (tmp_path / "s.toml").write_text(schema, encoding="utf-8")
    posts = tmp_path / "posts"
    posts.mkdir()
    for name, text in (("post_a", "我喜欢苹果和香蕉。橘子很好。"), ("post_b", "葡萄不错。西瓜太差了。"), ("post_c", "草莓和芒果都好吃。桃子也行。")):
        (posts / f"{name}.txt").write_text(text, encoding="utf-8")
    result = CliRunner().invoke(main, ["analyze", str(posts), "--schema", str(tmp_path / "s.toml"), "--model", "lexicon", "-q"])
    assert result.exit_code == 0, result.output
    table = _sections(result.output)["By document"]
    assert any(line.split() == ["Document", "All", *ids, "other", "Mean"] for line in table.splitlines()), table
    assert [row[0] for row in _rows(table)] == ["post_a", "post_b", "post_c"]
