"""Pictures without a browser: the per-theme chart as PNG or SVG.

``plot_themes`` draws, for every theme of the schema, its share of the units
that carry a theme (overall and per kind: ``title``, ``body``, ``comment``,
each of that kind's units with a theme, as ``argmine analyze`` reports it),
with the count beside it (``n``; ``†`` a share of fewer than 10 units with a
theme), and the mean sentiment with its 95% interval, overall and per kind
(marked as the tables mark it: ``†`` fewer than 10 units carry the theme,
``‡`` they all have the same sentiment label, so the interval has zero width).  Theme names are Chinese, so the chart is
drawn in a CJK font: the ``plot`` extra ships Noto Sans CJK SC (through the
``mplfonts`` package); a system CJK font (``apt-get install fonts-noto-cjk``)
or ``ARGMINE_CJK_FONT=/path/to/font.otf`` works too.  Without one the
function raises :class:`~argmine.errors.MissingDependency` instead of drawing
boxes for every character.

>>> import argmine                                   # doctest: +SKIP
>>> analysis = argmine.analyze(["corpora/"])         # doctest: +SKIP
>>> plot_themes(analysis, "themes.png")              # doctest: +SKIP
"""

from __future__ import annotations

import importlib.util
import os
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Iterable

from .errors import E_GLYPHS_MISSING, E_NO_CJK_FONT, E_PLOT_FORMAT, MissingDependency, ReportError, missing_dependency, plural, write_error
from .tables import _NOTES, SMALL_GROUP, _marks, percent, shown
from .types import KINDS

#: Output formats ``plot_themes`` writes, by file suffix.
FORMATS = (".png", ".svg")
#: Environment variable naming a CJK font file to use before any other.
FONT_ENV = "ARGMINE_CJK_FONT"
#: Font files searched for, in order, inside the ``mplfonts`` package.
_PACKAGED_FONTS = ("NotoSansCJKsc-Regular.otf", "SourceHanSerifSC-Regular.otf", "NotoSerifCJKsc-Regular.otf")
#: System font family names known to cover Simplified Chinese, in order of preference.
_SYSTEM_FAMILIES = (
    "Noto Sans CJK SC",
    "Noto Sans SC",
    "Source Han Sans SC",
    "Source Han Sans CN",
    "WenQuanYi Micro Hei",
    "WenQuanYi Zen Hei",
    "Noto Serif CJK SC",
    "AR PL UMing CN",
    "Droid Sans Fallback",
)
#: Characters a font must have to count as a CJK font (支付宝隐私社交).
_PROBE = "支付宝隐私社交"
#: Kinds drawn as separate series, in this order (the order of ``argmine analyze``'s by-kind table).
_KINDS = KINDS
_KIND_STYLE = {"title": ("标题 title", "^"), "body": ("正文 body", "o"), "comment": ("评论 comment", "s")}
#: Fixed per kind, so that two charts side by side read the same (not matplotlib's colour cycle).
_KIND_COLOR = {"title": "#2ca02c", "body": "#1f77b4", "comment": "#ff7f0e"}
#: Bar opacity per kind (the bar colour is the theme's); another kind gets :data:`_OTHER_ALPHA`.
_KIND_ALPHA = {"title": 0.7, "body": 1.0, "comment": 0.45}
_OTHER_ALPHA = 0.7
#: Bar hatching per kind (none for the rest), so that title bars differ from body bars in grey print too.
_KIND_HATCH = {"title": "...."}
#: Widest theme label line, in columns (a wide CJK character takes two): 14 Chinese or 28 Latin characters.
LABEL_COLUMNS = 28
#: The footnote of the small-sample mark: a share is flagged by its denominator, a mean by its units.
SMALL_NOTE = (f"† fewer than {SMALL_GROUP} units behind the figure: a share's denominator (units with a theme, "
              "even for 0%) or a mean's units with the theme; weigh it by the count")
#: The footnote of a zero-width interval's mark, as ``argmine analyze`` prints it.
UNANIMOUS_NOTE = _NOTES["‡"]
#: The widest line of a footnote in the chart's legend, in characters.
_NOTE_COLUMNS = 64


@contextmanager
def _quiet_import():
    """Leave out matplotlib's notes while it is imported: with a read-only home it says, in two lines on stderr
    (even with -q), that it made a temporary cache folder; the chart is drawn all the same."""
    import logging

    log = logging.getLogger("matplotlib")
    level = log.level
    log.setLevel(logging.ERROR)
    try:
        yield
    finally:
        log.setLevel(level)


def find_cjk_font() -> Path:
    """Return the path of a font that covers Simplified Chinese.

    Looks at ``$ARGMINE_CJK_FONT``, then the fonts shipped by the ``mplfonts``
    package (the ``plot`` extra), then system fonts known to matplotlib.
    Raises :class:`~argmine.errors.MissingDependency` naming the install
    commands when none is found.

    >>> find_cjk_font().suffix in (".otf", ".ttf", ".ttc")   # doctest: +SKIP
    True
    """
    with _quiet_import():
        from matplotlib import font_manager

    candidates: list[Path] = []
    env = os.environ.get(FONT_ENV)
    if env:
        p = Path(env)
        if not p.is_file() or not _covers(p, _PROBE):
            raise MissingDependency(f"{FONT_ENV}={env}: not a font file covering Chinese; unset it or point it at one")
        return p
    spec = importlib.util.find_spec("mplfonts")
    if spec is not None and spec.submodule_search_locations:
        base = Path(list(spec.submodule_search_locations)[0]) / "fonts"
        candidates += [base / name for name in _PACKAGED_FONTS]
    by_family: dict[str, Path] = {}
    for entry in font_manager.fontManager.ttflist:
        by_family.setdefault(entry.name, Path(entry.fname))
    candidates += [by_family[f] for f in _SYSTEM_FAMILIES if f in by_family]
    for p in candidates:
        if p.is_file() and _covers(p, _PROBE):
            return p
    raise MissingDependency(E_NO_CJK_FONT)


def _covers(path: Path, chars: str) -> bool:
    """Whether the font at ``path`` has a glyph for every character of ``chars``."""
    from matplotlib.ft2font import FT2Font

    try:
        cmap = FT2Font(str(path)).get_charmap()
    except (OSError, RuntimeError, ValueError):
        return False
    return all(ord(c) in cmap for c in chars)


def plot_themes(analysis: Any, path: str | Path, *, dpi: int = 150, commit: Any = None) -> Path:
    """Write the per-theme chart (shares overall and by kind, mean sentiment ± 95% CI) to PNG or SVG.

    ``analysis`` is an :class:`argmine.aggregate.Analysis` (anything with
    ``.schema`` and ``.themes`` in its shape works).  The format follows the
    suffix of ``path``, a file path (the chart is drawn into a file only: read
    it back for its bytes).  Returns the path written.  An ``analysis`` or a
    ``path`` of the wrong type (``None``, a list; an open file) is a
    ``TypeError`` naming it, before any work.

    The chart is drawn into a temporary file beside ``path``
    (``.NAME.XXXX.part.png``: the suffix kept) and renamed over it once
    complete, so an error or Ctrl-C leaves a previous chart as it was and
    never a partial one; every error names ``path``.  With ``commit`` (an
    :class:`argmine._files.Commit`, as ``argmine analyze`` passes to put its
    outputs in place together) the complete file is left to it to rename.

    >>> import argmine                                            # doctest: +SKIP
    >>> plot_themes(argmine.analyze(["corpora/"]), "themes.svg")  # doctest: +SKIP
    PosixPath('themes.svg')
    """
    from ._files import Commit
    from .aggregate import check_analysis, check_output_path
    from .errors import H_PATH_PLOT

    check_analysis(analysis, "plot_themes")
    # a NUL character: a ReportError, as to_json's, not a bare ValueError from matplotlib
    check_output_path(path, "plot_themes", expected=f"a {' or '.join(FORMATS)} file path", hint=H_PATH_PLOT)
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in FORMATS:
        raise ReportError(E_PLOT_FORMAT.format(path=path, formats=", ".join(FORMATS)))
    try:
        with _quiet_import():  # font_manager too: it makes its cache folder
            import matplotlib
            from matplotlib import font_manager
    except ImportError as e:
        raise missing_dependency("matplotlib", "plot", e) from None
    # A bare Figure (no pyplot) renders PNG through Agg and SVG through the
    # svg backend, without touching matplotlib's global backend or figures.
    from matplotlib.figure import Figure

    font = find_cjk_font()
    font_manager.fontManager.addfont(str(font))
    family = font_manager.FontProperties(fname=str(font)).get_name()
    rows = chart_rows(analysis)
    rc = {
        "font.family": [family, "DejaVu Sans"],
        "axes.unicode_minus": False,
        # Every text drawn as written: a schema's target or theme name with two "$" ("油价从 $3 涨到 $5") is not
        # matplotlib mathtext, which would drop the "$", draw the rest in its math fonts (boxes for Chinese, past the
        # glyph check below, which reads the text as written) or stop on a parse error ("a $x^$ b").
        "text.parse_math": False,
        "svg.fonttype": "path",
        "svg.hashsalt": "argmine",
    }
    own = commit is None
    commit = Commit() if own else commit
    try:
        with matplotlib.rc_context(rc):
            height = 2.2 + (0.3 + 0.25 * (1 + len(chart_kinds(analysis)))) * max(len(rows), 1)
            fig = _draw(Figure(figsize=(10, height), layout="constrained"), rows, analysis)
            # Every character the figure holds is checked against the fonts before drawing, so matplotlib never
            # warns "Glyph ... missing" (catching that warning swapped the process-wide filters, which is not
            # thread-safe: another thread's warnings were lost), and no chart of boxes is written.
            fallback = Path(font_manager.findfont(font_manager.FontProperties(family="DejaVu Sans")))
            missing = glyphs_missing(_figure_texts(fig), font, fallback)
            if missing:
                details = ", ".join(f"U+{ord(c):04X} {shown(c)}" for c in missing)
                raise MissingDependency(E_GLYPHS_MISSING.format(font=font, details=details))
            _save(fig, path, commit, dpi=dpi)
        if own:
            try:
                commit.apply()
            except OSError as e:
                raise write_error(path, "the chart", e) from None
    finally:
        if own:
            commit.discard()
    return path


def _save(fig, path: Path, commit: Any, *, dpi: int) -> None:
    """Save ``fig`` under a temporary name beside ``path`` that ``commit`` renames over it; an ``OSError`` is a
    :class:`~argmine.errors.ReportError` naming ``path`` (a full disk too: the temporary file is removed with the commit)."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = commit.temporary(path, keep_suffix=True)  # .NAME.XXXX.part.png: matplotlib reads the format off the suffix
        fig.savefig(Path(tmp), dpi=dpi, metadata={"Date": None} if path.suffix.lower() == ".svg" else None)
    except OSError as e:
        raise write_error(path, "the chart", e) from None


def chart_rows(analysis: Any) -> list[dict[str, Any]]:
    """One row per schema theme: label, colour, units, share, sentiment and per-kind figures.

    Shared by the PNG chart and the HTML report so both show the same numbers.
    ``share`` is the analysis's own: of the units with a theme, and per kind of
    that kind's units with a theme (``None`` where there is none).  See
    :func:`group_figures` for the marks.  ``exact`` holds the share, mean and
    interval before rounding (:func:`argmine.aggregate.exact_figures`), from
    which the labels are printed, as the tables print theirs.
    """
    from .schema import color_of

    totals = getattr(analysis, "totals", None) or {}
    themed = totals.get("argumentative_by_kind") or {}
    settings = (getattr(analysis, "provenance", None) or {}).get("settings")
    rows = []
    for i, theme in enumerate(analysis.schema.themes):
        summary = analysis.themes.get(theme.id, {}) or {}
        row = {
            "id": theme.id,
            "label": theme.label,
            "name_zh": theme.name_zh,
            "name_en": theme.name_en,
            "color": color_of(theme, i),
            **group_figures(summary, totals.get("argumentative"), settings),
            "kinds": {},
        }
        by_kind = summary.get("by_kind") or {}
        for kind in _ordered_kinds(by_kind):
            row["kinds"][kind] = group_figures(by_kind[kind], themed.get(kind), settings)
        rows.append(row)
    return rows


def chart_kinds(analysis: Any) -> list[dict[str, Any]]:
    """The kinds the charts show, in the by-kind table's order, with their denominators.

    Every kind that has units (a kind none of whose units carries a theme
    too: its shares are undefined, drawn as ``–``), each as
    ``{"kind", "units", "themed"}``: all its units, and those with a theme
    (``totals.argumentative_by_kind``, the denominator of its shares;
    ``None`` when the analysis does not say).

    >>> import argmine
    >>> a = argmine.analyze([argmine.Document("d", "财不外露。")], model="lexicon")
    >>> chart_kinds(a)
    [{'kind': 'body', 'units': 1, 'themed': 1}]
    """
    totals = getattr(analysis, "totals", None) or {}
    units = totals.get("by_kind") or {}
    themed = totals.get("argumentative_by_kind") or {}
    kinds = [k for k, n in units.items() if n]
    if not units:  # an analysis-like object without totals: the kinds its themes list
        kinds = _ordered_kinds({k: 1 for summary in analysis.themes.values() for k in (summary or {}).get("by_kind") or {}})
    return [{"kind": k, "units": units.get(k), "themed": themed.get(k)} for k in kinds]


def bar_alpha(kind: str) -> float:
    """The opacity of a kind's bars (the colour is the theme's): fixed per kind, so that charts compare.

    >>> bar_alpha("comment")
    0.45
    """
    return _KIND_ALPHA.get(kind, _OTHER_ALPHA)


def share_text(figures: dict[str, Any]) -> str:
    """A group's share and count as the charts label it: ``25.0% (n=1)†``, ``– (n=0)`` with no denominator.

    ``†`` marks a share whose denominator is under :data:`~argmine.tables.SMALL_GROUP` (``small_share``, see
    :func:`group_figures`), whatever its count: ``0.0% (n=0)`` of 2 units rests on 2 units.

    >>> share_text(group_figures({"units": 10, "share": 0.8333}, 12))
    '83.3% (n=10)'
    >>> share_text(group_figures({"units": 0, "share": 0.0}, 2))
    '0.0% (n=0)†'
    """
    share = (figures.get("exact") or figures).get("share")
    pct = percent(share)  # from the exact share when the figures have it: 14/17 is 82.4%, not 0.8235's 82.3%
    return f"{pct} (n={figures['units']})" + ("†" if figures.get("small_share") else "")


def counts_text(figures: dict[str, Any]) -> str:
    """A group's sentiment labels as the tables print them, positive/neutral/negative: ``0/0/12``; ``–`` for none.

    >>> counts_text(group_figures({"units": 2, "sentiment": {"positive": 2, "neutral": 0, "negative": 0}})), counts_text(group_figures({}))
    ('2/0/0', '–')
    """
    counts = figures.get("counts")
    return "/".join(str(c) for c in counts) if counts and any(counts) else "–"


def tick_label(name_zh: str, name_en: str, columns: int = LABEL_COLUMNS, *, mode: str = "end", tag: str = "") -> str:
    """A theme's axis label: ``中文 (english)`` on one line when it fits, else at most two lines cut with ``…``.

    A long name would otherwise take the figure's width from the panels.
    With both names, the Chinese goes on the first line and the English on
    the second; an English name alone is wrapped at spaces.

    >>> tick_label("隐私", "privacy")
    '隐私 (privacy)'
    >>> print(tick_label("这是一个非常非常长的主题名称用来测试", "a very long English theme name to test the chart"))
    这是一个非常非常长的主题名…
    a very long English theme n…
    >>> print(tick_label("", "a very long English theme name to test the chart layout overflow"))
    a very long English theme
    name to test the chart layo…

    ``mode`` is how a long name is cut (see :func:`distinct_labels`): ``"end"``; ``"middle"``, its beginning and its
    end kept; ``"tag"``, cut in the middle with ``tag`` (the theme's id or number) after the first line.

    >>> print(tick_label("能源安全與電網穩定性及夏季尖峰缺電風險之反駁", "energy security, grid stability & peak shortage rebuttal", mode="middle"))
    能源安全與電網…電風險之反駁
    energy securit…tage rebuttal
    """
    import textwrap

    full = f"{name_zh} ({name_en})" if name_zh else name_en
    if _columns(full) <= columns and mode != "tag":
        return full
    middle = mode != "end"
    suffix = f" [{tag}]" if mode == "tag" and tag else ""
    first = columns - _columns(suffix)
    if name_zh:
        return f"{_cut(name_zh, first, middle)}{suffix}\n{_cut(name_en, columns, middle)}"
    lines = textwrap.wrap(name_en, columns, break_long_words=False) or [name_en]
    if middle:  # the first line, and the end of the rest
        head = _cut(lines[0], first)
        rest = name_en[len(head.rstrip("…")):].strip() if head.endswith("…") else " ".join(lines[1:])
        tail = rest
        while _columns(tail) > columns - 1:
            tail = tail[1:]
        return f"{head}{suffix}" + (f"\n{'…' if tail != rest else ''}{tail.lstrip()}" if rest else "")
    if len(lines) > 2 or _columns(lines[-1]) > columns:
        lines[1:] = [_cut(" ".join(lines[1:]) + "…", columns)]
    return "\n".join(_cut(line, columns) for line in lines)


def _columns(text: str) -> int:
    """Display width in columns: 2 for a wide (CJK) character, 1 otherwise."""
    import unicodedata

    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def _cut(text: str, columns: int, middle: bool = False) -> str:
    """``text`` cut to ``columns`` with a ``…`` (which takes one column): at the end, or in the ``middle`` (its
    beginning and end kept, so that two names that differ only at the end still differ).

    >>> _cut("能源安全與電網穩定性及夏季尖峰缺電風險之擔憂", 15), _cut("能源安全與電網穩定性及夏季尖峰缺電風險之擔憂", 15, middle=True)
    ('能源安全與電網…', '能源安全…之擔憂')
    """
    if _columns(text) <= columns:
        return text
    if middle:
        head = _cut(text, (columns + 1) // 2 + 1)[:-1].rstrip()  # ceil((columns - 1) / 2) columns, its … dropped
        room, tail = columns - 1 - _columns(head), ""
        for c in reversed(text):
            if _columns(c + tail) > room:
                break
            tail = c + tail
        return f"{head}…{tail.lstrip()}"
    out = ""
    for c in text:
        if _columns(out + c) > columns - 1:
            break
        out += c
    return out.rstrip() + "…"


def theme_tag(row: dict[str, Any], index: int, columns: int = LABEL_COLUMNS // 2) -> str:
    """What tells a theme apart when its cut names do not (:func:`distinct_labels`): its id, or its number
    (``#2``) when the id is wider than ``columns``.

    >>> theme_tag({"id": "risk"}, 1), theme_tag({"id": "a_very_long_theme_identifier"}, 1)
    ('risk', '#2')
    """
    return row["id"] if _columns(row["id"]) <= columns else f"#{index + 1}"


#: How :func:`distinct_labels` cuts a label, in order: at the end, in the middle, in the middle with a tag.
LABEL_MODES = ("end", "middle", "tag")


def distinct_labels(rows: list[dict[str, Any]], label) -> list[Any]:
    """One label per theme row, made by ``label(row, index, mode)`` (``mode`` from :data:`LABEL_MODES`), cut at the
    end unless two labels would read the same: then those are cut in the middle, and if still the same, tagged with
    the theme's id or number (:func:`theme_tag`), so that two themes never read alike on a chart.

    A label is a string (its lines split at ``\\n``) or a tuple of lines.  With a Chinese name, its lines are the
    Chinese and the English name, each read on its own: two themes whose Chinese lines are cut to the same text read
    alike there though their English names differ, so one such line is enough.

    >>> rows = [{"name_zh": "能源安全與電網穩定性之擔憂", "name_en": "a", "id": "x"},
    ...         {"name_zh": "能源安全與電網穩定性之反駁", "name_en": "a", "id": "y"}]
    >>> distinct_labels(rows, lambda r, i, mode: _cut(r["name_zh"], 12, mode != "end"))
    ['能源安…擔憂', '能源安…反駁']
    >>> rows[1]["name_en"] = "b"
    >>> distinct_labels(rows, lambda r, i, mode: (_cut(r["name_zh"], 12, mode != "end"), r["name_en"]))
    [('能源安…擔憂', 'a'), ('能源安…反駁', 'b')]
    """
    from collections import Counter

    def keys(row: dict[str, Any], text: Any) -> list[Any]:
        lines = tuple(text.split("\n")) if isinstance(text, str) else tuple(text)
        # an English name alone may be wrapped over its lines: those read as one, so the label is compared whole
        return [(n, line) for n, line in enumerate(lines)] if row.get("name_zh") else [("label", text)]

    def alike(out: list[Any]) -> list[bool]:
        each = [set(keys(r, o)) for r, o in zip(rows, out)]
        seen = Counter(k for ks in each for k in ks)
        return [any(seen[k] > 1 for k in ks) for ks in each]

    modes = ["end"] * len(rows)
    out = [label(r, i, m) for i, (r, m) in enumerate(zip(rows, modes))]
    for mode in LABEL_MODES[1:]:
        repeated = alike(out)
        if not any(repeated):
            break
        modes = [mode if a else m for a, m in zip(repeated, modes)]
        out = [label(r, i, m) for i, (r, m) in enumerate(zip(rows, modes))]
    return out


def _ordered_kinds(by_kind: dict) -> list[str]:
    return [k for k in _KINDS if k in by_kind] + sorted(k for k in by_kind if k not in _KINDS)


def group_figures(summary: Any, of: int | None = None, settings: dict[str, Any] | None = None) -> dict[str, Any]:
    """Units, share, mean sentiment and its interval from one summary mapping, and ``exact``: those unrounded.

    ``of`` is the denominator of the share, ``settings`` the run's (seed and
    n_boot), as :func:`argmine.aggregate.exact_figures` takes them; ``{}`` gives
    a group with no units.  The small-sample flag (``†``) of a share and of a mean
    rest on different samples: ``small_share`` is a denominator ``of`` under
    :data:`~argmine.tables.SMALL_GROUP` (a share of 0 too), ``small`` fewer
    units carrying the theme (the mean's sample; its dot is hollow).  ``marks``
    are the mean's, as ``argmine analyze``'s tables print them (``†``, and ``‡``
    when every unit has the same label), ``counts`` its positive, neutral and
    negative labels.

    >>> g = group_figures({"units": 2, "share": 0.1667, "sentiment": {"mean": -1.0, "ci95": [-1.0, -1.0],
    ...                    "positive": 0, "neutral": 0, "negative": 2}}, 12)
    >>> g["small_share"], g["small"], g["marks"], g["counts"]
    (False, True, '†‡', (0, 0, 2))
    """
    from .aggregate import exact_figures

    if isinstance(summary, (int, float)):
        summary = {"units": summary}
    sentiment = summary.get("sentiment") or {}
    ci = sentiment.get("ci95")
    mean = sentiment.get("mean")
    share = summary.get("share")
    units = int(summary.get("units", 0) or 0)
    counts = tuple(sentiment.get(k) for k in ("positive", "neutral", "negative"))
    labelled = None not in counts
    marks = _marks(sentiment) if labelled else ("†" if 0 < units < SMALL_GROUP else "")
    return {
        "units": units,
        "share": None if share is None else float(share),
        "small_share": share is not None and of is not None and 0 < of < SMALL_GROUP,
        "small": "†" in marks,
        "unanimous": "‡" in marks,
        "marks": marks,
        "counts": tuple(int(c) for c in counts) if labelled else None,
        "mean": None if mean is None else float(mean),
        "ci95": None if not ci or ci[0] is None else (float(ci[0]), float(ci[1])),
        "exact": exact_figures(summary, of, settings=settings),
    }


def _draw(fig, rows: list[dict[str, Any]], analysis: Any):
    """Left: each theme's share overall and per kind, labelled with the count; right: mean sentiment ± 95% CI.

    Bars and sentiment markers of one series sit at the same height, so a row reads across both panels.
    """
    import numpy as np

    from matplotlib.lines import Line2D
    from matplotlib.patches import Patch

    ax_n, ax_s = fig.subplots(1, 2, sharey=True, width_ratios=(3, 2))
    handles: list = []
    y = np.arange(len(rows))[::-1].astype(float)
    kinds = chart_kinds(analysis)
    totals = getattr(analysis, "totals", None) or {}
    series = [("all", totals.get("argumentative"))] + [(k["kind"], k["themed"]) for k in kinds]
    step = 0.8 / len(series)
    offsets = {name: 0.4 - step * (i + 0.5) for i, (name, _) in enumerate(series)}

    none = group_figures({})

    def figures(r, name):
        return r if name == "all" else r["kinds"].get(name, none)

    top = max([(figures(r, name)["share"] or 0) for r in rows for name, _ in series] + [0])
    for name, themed in series:
        ys = y + offsets[name]
        shares = [100 * (figures(r, name)["share"] or 0) for r in rows]
        of = plural(themed, "unit") if themed is not None else "units"
        if name == "all":
            # overall: an outline in the theme's colour, so it differs from every kind's fill
            ax_n.barh(ys, shares, height=step * 0.9, color="none", edgecolor=[r["color"] for r in rows], linewidth=1.5, label=name)
            handles.append(Patch(facecolor="none", edgecolor="#555555", linewidth=1.5,
                                 label=f"全部 all (bars: % of {of} with a theme)"))
        else:
            alpha, hatch = bar_alpha(name), _KIND_HATCH.get(name)
            ax_n.barh(ys, shares, height=step * 0.9, color=[r["color"] for r in rows], alpha=alpha, hatch=hatch,
                      edgecolor="white", label=name)
            # Legend patches in grey: the bar colours are the themes', the shade is the kind.
            handles.append(Patch(facecolor="#555555", alpha=alpha, hatch=hatch, edgecolor="white",
                                 label=f"{_KIND_STYLE.get(name, (name, 'o'))[0]} (bars: % of its {of} with a theme)"))
        for yi, value, r in zip(ys, shares, rows):
            ax_n.text(value, yi, " " + share_text(figures(r, name)), va="center", fontsize=7)
    ax_n.set_yticks(y, distinct_labels(rows, lambda r, i, mode: tick_label(r["name_zh"], r["name_en"], mode=mode,
                                                                           tag=theme_tag(r, i))))
    ax_n.set_xlabel("比例 share (%) of the units with a theme; n = units")
    # room after the longest bar for its label; no share is above 100%, so past 130 (a label's width) is empty (one theme:
    # every share is 100%), and the room past 100 carries labels, not ticks such as 120
    # (no share above 0, an input that left no unit with a theme: the plain 0-100% scale, not 0-1.4%)
    right = min(100 * max(top, 0.01) * 1.45, 130) if top > 0 else 100
    ax_n.set_xlim(0, right)
    ax_n.set_xticks([t for t in ax_n.get_xticks() if 0 <= t <= min(100, right)])
    ax_n.set_title("各主题比例 Share per theme")

    for name, _ in series:
        xs, lo, hi, ys = [], [], [], []
        for yi, r in zip(y, rows):
            fig_ = figures(r, name)
            if fig_["mean"] is None:
                continue
            m = fig_["mean"]
            ci = fig_["ci95"] or (m, m)
            xs.append(m)
            lo.append(max(m - ci[0], 0))
            hi.append(max(ci[1] - m, 0))
            ys.append(yi + offsets[name])
            if fig_["marks"]:  # the table's marks, after the interval: † few units, ‡ every unit has the same label
                right = max(ci[1], m) < 0.8  # else before it: past +1 there is no room
                ax_s.annotate(fig_["marks"], (max(ci[1], m) if right else min(ci[0], m), yi + offsets[name]),
                              xytext=(4 if right else -4, 0), textcoords="offset points", va="center",
                              ha="left" if right else "right", fontsize=7)
        if not xs:
            continue
        label, marker = ("全部 all", "D") if name == "all" else _KIND_STYLE.get(name, (name, "o"))
        handles.append(ax_s.errorbar(xs, ys, xerr=[lo, hi], fmt=marker, capsize=3, label=label,
                                     color="black" if name == "all" else _KIND_COLOR.get(name, "#7f7f7f"),
                                     markersize=6 if name == "all" else 4))
    ax_s.axvline(0, color="grey", lw=0.8)
    ax_s.set_xlim(-1.12, 1.12)  # room for a whole marker at exactly -1 or +1
    ax_s.set_xlabel("平均情感 mean sentiment (95% CI)")
    ax_s.set_title("情感 Sentiment")
    if any(figures(r, name)["small"] or figures(r, name)["small_share"] for r in rows for name, _ in series):
        handles.append(Line2D([], [], linestyle="none", label=_note(SMALL_NOTE)))
    if any(figures(r, name)["unanimous"] for r in rows for name, _ in series):
        handles.append(Line2D([], [], linestyle="none", label=_note(UNANIMOUS_NOTE)))
    if handles:
        fig.legend(handles=handles, loc="outside lower center", ncol=min(len(handles), 3), fontsize=8, frameon=False)
    title = getattr(analysis.schema, "target", "") or analysis.schema.id
    fig.suptitle(f"{title}", fontsize=10)
    return fig


def _note(text: str) -> str:
    """A footnote as a legend entry: wrapped, so that the legend stays within the figure's width.

    >>> print(_note("† fewer than 10 units behind the figure: a share's denominator (units with a theme, even for 0%) or a mean's units"))
    † fewer than 10 units behind the figure: a share's denominator
      (units with a theme, even for 0%) or a mean's units
    """
    import textwrap

    return textwrap.fill(text, _NOTE_COLUMNS, subsequent_indent="  ")


def glyphs_missing(texts: Iterable[str], font: Path, *fallbacks: Path) -> list[str]:
    """Characters of ``texts`` that neither the font at ``font`` nor any of ``fallbacks`` can draw (whitespace ignored)."""
    from matplotlib.ft2font import FT2Font

    cmaps = [FT2Font(str(f)).get_charmap() for f in (font, *fallbacks)]
    return sorted({c for t in texts for c in t if not c.isspace() and not any(ord(c) in cmap for cmap in cmaps)})


def _figure_texts(fig) -> list[str]:
    """Every text of ``fig``: titles, labels, tick labels, bar labels, marks, the legend."""
    from matplotlib.text import Text

    return [t.get_text() for t in fig.findobj(Text)]
