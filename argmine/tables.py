"""Text tables of an analysis that fit an 80-column terminal.

Rendering is done by `rich` (which counts CJK characters as two columns);
every piece of input text goes in as a plain ``Text`` so that brackets in a
comment are never read as markup.  No colours: the output is meant for
terminals, pipes and files alike.

>>> import argmine
>>> a = argmine.analyze([argmine.Document("d", "财不外露。")], model="lexicon")
>>> print(render_analysis(a).splitlines()[0])
argmine analyze: 1 document, 1 unit (1 argumentative, 0 other)
"""

from __future__ import annotations

import io
import math
import re
from fractions import Fraction
from typing import Any, Iterable

from .errors import plural
from .schema import OTHER


#: Characters that would break a table line or change how it reads: C0/C1 controls (line breaks, tabs, ESC),
#: the Unicode line and paragraph separators and every Bidi_Control character (the marks LRM, RLM and ALM, the
#: bidirectional overrides and isolates).
_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f\u200e\u200f\u061c\u2028\u2029\u202a-\u202e\u2066-\u2069]")


def shown(text: str, keep: str = "") -> str:
    r"""``text`` with its control characters escaped as Python writes them (``\n``, ``\t``, ``\x1b``), for one table line.

    Document ids come from the input (a quoted CSV cell may hold a line break); only the text
    tables escape them: JSON, CSV and the Python objects keep the id as it is.  Scraped text
    may hold terminal escape sequences (clear the screen, set the title): shown escaped, they do
    nothing.  ``keep`` names the characters left as they are (``"\t\n"`` in a text column that folds).

    >>> print(shown("x\ny\t\u2028z"), shown("a\x1b[2J\x9b\nb", keep="\t\n"))
    x\ny\t\u2028z a\x1b[2J\x9b
    b
    """
    return _CONTROL.sub(lambda m: m.group() if m.group() in keep else m.group().encode("unicode_escape").decode("ascii"), text)


def label_width(labels: Iterable[str], minimum: int = 14) -> int:
    """The width of a plain-text table's label column (evaluate, agreement): ``minimum``, or the longest label's.

    Theme ids have no length limit; a longer one widens the column rather than shifting its row.

    >>> label_width(["privacy", "sentiment"]), label_width(["merchant_burden", "rider_income"])
    (14, 15)
    """
    return max([minimum, *map(len, labels)])


def fixed(x: "Fraction | float | int", places: int, *, sign: bool = False) -> str:
    """``x`` with ``places`` decimals, rounded half away from zero from its exact value.

    The one rounding of every figure the tables, the chart and the HTML report
    print.  Give it the exact value (:func:`argmine.aggregate.exact_figures`:
    a ``Fraction`` of the counts, or a float's own binary value), not the
    summary's 4-digit one: rounding that again lands on the wrong side of a
    half (14/17 = 82.353% is 0.8235 in the JSON, 82.3% rounded again).  An
    exact half goes away from zero, as a spreadsheet rounds, not to the even
    digit as ``round()`` and ``format()`` do (1/8 is 0.13, -1/8 -0.13, and
    1/16 = 6.25% is 6.3%).  ``sign`` writes ``+`` before a value
    >= 0; a negative value that rounds to zero keeps its ``-`` (``-0.00``).

    >>> fixed(Fraction(1400, 17), 1), fixed(Fraction(-5, 111), 2, sign=True), fixed(Fraction(1, 8), 2), fixed(0, 2, sign=True)
    ('82.4', '-0.05', '0.13', '+0.00')
    """
    q = Fraction(x)
    digits = str(math.floor(abs(q) * 10**places + Fraction(1, 2))).rjust(places + 1, "0")
    text = f"{digits[:-places]}.{digits[-places:]}" if places else digits
    return ("-" if q < 0 else "+" if sign else "") + text


def percent(x: "Fraction | float | None") -> str:
    """A share as the displays print it: ``82.4%``, ``–`` for none (see :func:`fixed`)."""
    return "–" if x is None else fixed(100 * Fraction(x), 1) + "%"


def signed(x: "Fraction | float | None") -> str:
    """A mean sentiment or interval end as the displays print it: ``-0.05``, ``+1.00``, ``–`` for none."""
    return "–" if x is None else fixed(x, 2, sign=True)


#: A group with fewer units than this is marked ``†`` in the tables.
SMALL_GROUP = 10
#: The footnotes of the marks (printed under a table that uses them).
_NOTES = {
    "†": f"† fewer than {SMALL_GROUP} units: weigh the mean and interval by the count",
    "‡": "‡ all units have the same label, so the interval has zero width",
}
#: The caveat of every interval (printed under the by-kind table, where kinds are compared).
INDEPENDENCE_NOTE = "intervals treat units as independent; units of one author or thread are not"


def _marks(s: dict[str, Any]) -> str:
    """``†`` for a group of fewer than :data:`SMALL_GROUP` units, ``‡`` when every unit has the same label.

    ``‡`` is read from the counts, not from the interval (a bootstrap of few
    resamples can give a zero-width interval to a mixed group).

    >>> _marks({"positive": 2, "neutral": 0, "negative": 0, "ci95": [1.0, 1.0]})
    '†‡'
    >>> _marks({"positive": 20, "neutral": 1, "negative": 0, "ci95": [0.9, 0.9]})
    ''
    """
    counts = [s["positive"], s["neutral"], s["negative"]]
    n = sum(counts)
    return ("†" if n < SMALL_GROUP else "") + ("‡" if counts.count(0) == 2 else "") if n else ""


def _sentiment(s: dict[str, Any], exact: dict[str, Any]) -> str:
    """Mean [interval] and marks of a summary sentiment, printed from ``exact`` (:func:`argmine.aggregate.exact_figures`)."""
    if exact["mean"] is None:
        return "–"
    lo, hi = exact["ci95"]
    return f"{signed(exact['mean'])} [{signed(lo)}, {signed(hi)}]{_marks(s)}"


def _interval(ci: "tuple | None") -> str:
    """An interval as the tables print it, ``[-0.09, -0.01]`` (``""`` for none)."""
    return f"[{signed(ci[0])}, {signed(ci[1])}]" if ci else ""


def _footnotes(console: Any, used: str) -> None:
    """Print the footnote of each mark in ``used``."""
    from rich.text import Text

    for mark, note in _NOTES.items():
        if mark in used:
            console.print(Text(f"  {note}"))


def _counts(s: dict[str, Any]) -> str:
    return f"{s['positive']}/{s['neutral']}/{s['negative']}"


def _label(theme_id: str, entry: dict[str, Any]) -> str:
    return f"{entry.get('name_zh') or ''} {theme_id}".strip()


def _cue_term(x: dict[str, Any]) -> str:
    """A top cue term as the table shows it: its units, those negated, and a regex cue's pattern (its term is what it matched).

    >>> _cue_term({"term": "抽成", "units": 2, "negated": 1}), _cue_term({"term": "抽成", "pattern": "抽.{0,3}成", "units": 1, "negated": 0})
    ('抽成 (2, 1 negated)', '抽成 (1, /抽.{0,3}成/)')
    """
    notes = [str(x["units"]), *([f"{n} negated"] if (n := x.get("negated")) else []), *([f"/{p}/"] if (p := x.get("pattern")) else [])]
    return f"{x['term']} ({', '.join(notes)})"


def render_analysis(analysis: Any, *, width: int = 80, max_docs: int = 20, quote_lines: int = 2) -> str:
    """Render the per-theme tables of ``analysis`` as plain text at most ``width`` columns wide, but for a table
    that would have to cut a theme id or a number to fit: it is as wide as they need.

    A ``width`` too narrow for a table leaves every theme id and every figure (units, share, mean, interval,
    counts, cue terms) whole: a table's text folds only between words, and its column is never narrower than
    its longest word (in the Theme column, than the longest theme id: a long Chinese name folds), so the table
    grows wider than ``width``.  The by-document table breaks a theme id only after a ``_`` (``health_`` /
    ``burden``), cuts a long document id in the middle (``000_5…6356aa``) and is never narrower than its
    ``Document`` header.

    >>> import argmine
    >>> a = argmine.analyze([argmine.Document("d", "支付宝做社交是对的。财不外露。")], model="lexicon")
    >>> words = render_analysis(a, width=30).split()
    >>> all(w in words for w in ["pro_social", "privacy", "50.0%", "+1.00", "[+1.00,", "+1.00]†‡", "1/0/0", "Document"])
    True

    Tables: themes (units, share, sentiment mean and 95% interval, counts),
    the split by kind, documents by theme, top cue terms, and representative
    quotes (at most ``quote_lines`` lines each, cut with an ellipsis).
    """
    from rich import box
    from rich.console import Console
    from rich.padding import Padding
    from rich.cells import cell_len
    from rich.table import Table
    from rich.text import Text

    from .aggregate import exact_figures, exact_score  # numpy: not for the commands that only escape ids with shown()

    buf = io.StringIO()
    console = Console(
        file=buf, width=width, color_system=None, force_terminal=False, no_color=True,
        highlight=False, emoji=False, markup=False, soft_wrap=False, legacy_windows=False,
    )

    def table(title: str) -> Table:
        console.print(Text(title))
        return Table( box=box.SIMPLE_HEAD, padding=(0, 0, 0, 1), pad_edge=False, expand=False)

    def print_whole(tb: Table, first: "int | None" = None) -> None:
        # each column never narrower than its longest word (a no_wrap one: its longest line; the first: ``first``
        # when given), rather than cutting an id or a figure (``25…``) or folding it a character a line: the table
        # is at least as wide as those (each column takes a divider and a pad, the table two edge cells), and rich
        # widens a column it shrank below its minimum back to it (the table, not cropped, is then a little wider)
        for k, column in enumerate(tb.columns):
            texts = [str(column.header), *(c.plain if isinstance(c, Text) else str(c) for c in column.cells)]
            pieces = [line for x in texts for line in x.splitlines()] if column.no_wrap else [w for x in texts for w in x.split()]
            column.min_width = first if k == 0 and first is not None else max(map(cell_len, pieces), default=1)
        console.width = max(width, sum(2 + c.min_width for c in tb.columns))
        console.print(tb, crop=False)
        console.width = width

    t = analysis.totals
    themes = analysis.themes
    prov = analysis.provenance
    settings = prov.get("settings")
    head = (
        f"argmine analyze: {plural(t['documents'], 'document')}, {plural(t['units'], 'unit')} "
        f"({t['argumentative']} argumentative, {t['other']} other)"
    )
    console.print(Text(head))
    model = prov.get("model", {})
    bits = [f"model {model.get('name', '?')}" + (f" {model['path']}" if model.get("path") else "")]
    bits.append(f"schema {prov['schema']['id']} v{prov['schema']['version']}")
    dropped = t.get("dropped", {}).get("spans")
    if dropped:
        bits.append(f"{plural(dropped, 'span')} dropped (furniture, duplicates)")
    console.print(Text("; ".join(bits)))
    console.print()

    # Themes
    tb = table("Themes (share = of units with any theme; sentiment mean of +1/0/-1, 95% CI)")
    tb.add_column("Theme", overflow="fold", ratio=1)
    tb.add_column("Units", justify="right", no_wrap=True)
    tb.add_column("Share", justify="right", no_wrap=True)
    tb.add_column("Sentiment [95% CI]", no_wrap=True)  # left: the marks after an interval would shift a right-justified one
    tb.add_column("+/=/-", justify="right", no_wrap=True)
    used = "".join(_marks(e["sentiment"]) for e in themes.values())
    for tid, e in themes.items():
        x = exact_figures(e, t["argumentative"], settings=settings)
        tb.add_row(Text(_label(tid, e)), str(e["units"]), percent(x["share"]), _sentiment(e["sentiment"], x), _counts(e["sentiment"]))
    print_whole(tb, first=max(map(cell_len, [*themes, "Theme"])))  # ids whole; a long name folds, as at any width
    if used:
        _footnotes(console, used)
        console.print()

    # By kind
    kinds = list(t.get("by_kind", {}))
    if kinds:
        tb = table("By kind (units, share of the kind's units with a theme, mean sentiment [95% CI])")
        tb.add_column("Theme", overflow="fold", ratio=1)
        argumentative = t.get("argumentative_by_kind", {})

        def kind_figures(tid: str, g: dict[str, Any], k: str) -> dict[str, Any]:
            # a theme's share is of the kind's units with a theme; other's of all the kind's units
            of, key = (argumentative.get(k), "share") if tid != OTHER else (t["by_kind"].get(k), "share_all")
            return exact_figures(g, of, key=key, settings=settings)

        for k in kinds:
            tb.add_column(f"{k} ({plural(t['by_kind'][k], 'unit')}, {argumentative.get(k, '?')} with a theme)", overflow="fold")
        used = "".join(_marks(g["sentiment"]) for e in themes.values() for g in e["by_kind"].values())
        columns = []  # per kind, per theme: units, share, mean and marks, and the interval on a line of its own;
        for k in kinds:  # numbers padded so that the means line up
            parts = [(str(g["units"]), percent(x["share"]), signed(x["mean"]) + _marks(g["sentiment"]), _interval(x["ci95"]))
                     if (g := e["by_kind"].get(k)) and (x := kind_figures(tid, g, k)) else None for tid, e in themes.items()]
            wu, wp = (max((len(p[i]) for p in parts if p), default=0) for i in (0, 1))
            columns.append([f"{p[0]:>{wu}} {p[1]:>{wp}} {p[2]}" + (f"\n{p[3]}" if p[3] else "") if p else "–" for p in parts])
        for tid, *cells in zip(themes, *columns):
            tb.add_row(Text(tid), *cells)
        print_whole(tb)
        console.print(Text("  (for other, the share is of all units of that kind)"))
        _footnotes(console, used)
        console.print(Text(f"  {INDEPENDENCE_NOTE}"))
        console.print()

    # By document
    docs = analysis.summary["documents"]
    if docs:
        names = sorted(docs, key=lambda d: -docs[d]["units"])[:max_docs] if len(docs) > max_docs else list(docs)
        title = "By document (units: all, per theme; mean sentiment)"
        if len(docs) > max_docs:
            title = f"By document: the {max_docs} largest of {len(docs)} (all in --format json/csv)"
        rows = [
            [str(docs[name]["units"]), *(str(themes[tid]["by_doc"].get(name, {}).get("units", 0)) for tid in themes),
             signed(exact_figures(docs[name], settings=settings)["mean"])]
            for name in names
        ]
        # an id wider than what the number columns leave (each takes a divider and a pad, the
        # table two edge cells) is cut in the middle, so that ids differing only at the end
        # (…_2016-11-28_a, …_b) stay apart, one line each
        heads = ["All", *themes, "Mean"]
        widths = [max(cell_len(c) for c in col) for col in zip(heads, *rows)]
        room = width - 2 - sum(2 + w for w in widths)
        # a table too wide for the document ids breaks the widest theme ids after a '_' (health_ / burden), as
        # few as it takes; an id is never cut elsewhere (health_burd / en): its column is never narrower than the
        # longest piece, and only the Document column folds
        want = min(12, max(cell_len(shown(name)) for name in [*names, "Document"]))
        header = {tid: tid for tid in themes}
        for k in sorted(range(1, len(heads) - 1), key=lambda k: -widths[k]):
            if room >= want:
                break
            lines = _broken_id(heads[k])
            narrower = max([*map(len, lines), *(cell_len(r[k]) for r in rows)])
            if narrower < widths[k]:
                room, widths[k], header[heads[k]] = room + widths[k] - narrower, narrower, "\n".join(lines)
        tb = table(title)
        tb.add_column("Document", overflow="fold")
        tb.add_column("All", justify="right", no_wrap=True)
        for tid in themes:
            tb.add_column(header[tid], justify="right", no_wrap=True)
        tb.add_column("Mean", justify="right", no_wrap=True)
        for name, cells in zip(names, rows):
            tb.add_row(Text(_middle_ellipsis(shown(name), max(room, 12))), *cells)
        # too narrow for the pieces and a Document column as wide as its header (narrower: a name a few characters a
        # line, and the header folded, Docume / nt): the table is wider than width, rather than rich cutting the ids
        console.width = width + max(0, cell_len("Document") - room)
        console.print(tb)
        console.width = width

    # Cue terms
    tb = table("Top cue terms (the schema's cues: units of the theme where each fired)")
    tb.add_column("Theme", no_wrap=True)
    tb.add_column("Terms", overflow="fold", ratio=1)
    for tid, e in themes.items():
        if tid == OTHER:
            continue
        terms = ", ".join(map(_cue_term, e.get("terms", []))) or "–"
        tb.add_row(Text(tid), Text(terms))
    print_whole(tb)

    # Quotes
    units_by_id = {cu.unit.id: cu for cu in getattr(analysis, "units", None) or []}
    console.print(Text("Representative quotes (highest score first; doc#unit [start:end])"))
    indent = 5
    for tid, e in themes.items():
        # score: the theme's probability; an `other` quote is the unit furthest from every theme
        note = " (score = 1 - the highest theme probability)" if tid == OTHER else ""
        console.print(Text(f"  {_label(tid, e)}{note}"))
        if not e.get("examples"):
            console.print(Text("     –"))
        for n, ex in enumerate(e.get("examples", []), 1):
            score = exact_score(ex["id"], tid, ex["score"], units_by_id)
            where = f"{shown(ex['id'])} [{ex['start']}:{ex['end']}] {ex['kind']}, {ex['sentiment']}, score={fixed(score, 2)}"
            console.print(Padding(Text(f"{n}. {where}", overflow="fold"), (0, 0, 0, 3)))
            for line in _quote_lines(ex["text"], width - indent, quote_lines):
                console.print(Padding(Text(line, no_wrap=True), (0, 0, 0, indent)))
    failed = analysis.totals.get("failed_inputs", 0)
    if failed:
        console.print()
        console.print(Text(f"{plural(failed, 'input')} failed and {'is' if failed == 1 else 'are'} not counted in these figures"))
    return "".join(line.rstrip() + "\n" for line in buf.getvalue().splitlines())


def _broken_id(theme_id: str) -> list[str]:
    """A theme id as two header lines, broken after the ``_`` that makes the longer line shortest (one line: no ``_``).

    >>> _broken_id("health_burden"), _broken_id("flexible_choice"), _broken_id("a_b_longest"), _broken_id("bloat")
    (['health_', 'burden'], ['flexible_', 'choice'], ['a_b_', 'longest'], ['bloat'])
    """
    cuts = [i + 1 for i, c in enumerate(theme_id) if c == "_" and 0 < i < len(theme_id) - 1]
    if not cuts:
        return [theme_id]
    at = min(cuts, key=lambda i: (max(i, len(theme_id) - i), i))
    return [theme_id[:at], theme_id[at:]]


def _middle_ellipsis(text: str, width: int) -> str:
    """``text`` cut to ``width`` cells (CJK counts 2) by an ellipsis in the middle; unchanged if it fits.

    >>> _middle_ellipsis("zhihu_answer_2016-11-28_a", 20)
    'zhihu_ans…16-11-28_a'
    """
    from rich.cells import cell_len, chop_cells

    if cell_len(text) <= width:
        return text
    keep = width - 1
    tail = chop_cells(text[::-1], (keep + 1) // 2)[0][::-1] if keep > 0 else ""
    head = chop_cells(text, keep - cell_len(tail))[0] if keep > cell_len(tail) else ""
    return head + "…" + tail


def _quote_lines(text: str, width: int, max_lines: int) -> list[str]:
    """Cut a quote into lines of ``width`` cells (CJK counts 2), at most ``max_lines``, with an ellipsis."""
    from rich.cells import cell_len, chop_cells

    flat = shown(" ".join(text.split()))  # the comment's own escape sequences shown, not sent to the terminal
    lines = chop_cells(flat, width) if flat else [""]
    if len(lines) > max_lines:
        lines = lines[:max_lines]
        last = lines[-1]
        while last and cell_len(last) + 1 > width:
            last = last[:-1]
        lines[-1] = last + "…"
    return lines
