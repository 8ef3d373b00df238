"""Pictures without a browser: the per-theme chart as PNG or SVG.

``plot_themes`` draws, for every theme of the schema, how many units argue it
(split by kind: ``body`` vs ``comment``) and the mean sentiment with its 95%
interval, overall and per kind.  Theme names are Chinese, so the chart is
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
import warnings
from pathlib import Path
from typing import Any, Iterable

from .errors import E_NO_CJK_FONT, E_GLYPHS_MISSING, E_PLOT_FORMAT, MissingDependency, ReportError, missing_dependency

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
#: Kinds drawn as separate series, in this order.
_KINDS = ("body", "comment")
_KIND_STYLE = {"body": ("正文 body", "o"), "comment": ("评论 comment", "s")}
#: Fixed per kind, so that two charts side by side read the same (not matplotlib's colour cycle).
_KIND_COLOR = {"body": "#1f77b4", "comment": "#ff7f0e"}
#: Bar opacity per kind (the bar colour is the theme's).
_KIND_ALPHA = {"body": 1.0, "comment": 0.45}
#: Names of the kinds stacked as the hatched rest of a bar.
_KIND_NAME = {"title": "标题 title", "body": "正文 body", "comment": "评论 comment"}


def find_cjk_font() -> Path:
    """Return the path of a font that covers Simplified Chinese.

    Looks at ``$ARGMINE_CJK_FONT``, then the fonts shipped by the ``mplfonts``
    package (the ``plot`` extra), then system fonts known to matplotlib.
    Raises :class:`~argmine.errors.MissingDependency` naming the install
    commands when none is found.

    >>> find_cjk_font().suffix in (".otf", ".ttf", ".ttc")   # doctest: +SKIP
    True
    """
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


def plot_themes(analysis: Any, path: str | Path, *, dpi: int = 150) -> Path:
    """Write the per-theme chart (units by kind, mean sentiment ± 95% CI) to PNG or SVG.

    ``analysis`` is an :class:`argmine.aggregate.Analysis` (anything with
    ``.schema`` and ``.themes`` in its shape works).  The format follows the
    suffix of ``path``.  Returns the path written.

    >>> import argmine                                            # doctest: +SKIP
    >>> plot_themes(argmine.analyze(["corpora/"]), "themes.svg")  # doctest: +SKIP
    PosixPath('themes.svg')
    """
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in FORMATS:
        raise ReportError(E_PLOT_FORMAT.format(path=path, formats=", ".join(FORMATS)))
    try:
        import matplotlib
    except ImportError:
        raise missing_dependency("matplotlib", "plot") from None
    # A bare Figure (no pyplot) renders PNG through Agg and SVG through the
    # svg backend, without touching matplotlib's global backend or figures.
    from matplotlib import font_manager
    from matplotlib.figure import Figure

    font = find_cjk_font()
    font_manager.fontManager.addfont(str(font))
    family = font_manager.FontProperties(fname=str(font)).get_name()
    rows = chart_rows(analysis)
    rc = {
        "font.family": [family, "DejaVu Sans"],
        "axes.unicode_minus": False,
        "svg.fonttype": "path",
        "svg.hashsalt": "argmine",
    }
    with matplotlib.rc_context(rc), warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        fig = _draw(Figure(figsize=(10, 1.5 + 0.75 * max(len(rows), 1)), layout="constrained"), rows, analysis)
        path.parent.mkdir(parents=True, exist_ok=True)
        try:
            fig.savefig(path, dpi=dpi, metadata={"Date": None} if suffix == ".svg" else None)
        except OSError as e:
            raise ReportError(f"{path}: cannot write the chart ({e.strerror or e}); check the directory") from None
    missing = sorted({str(w.message) for w in caught if "missing from" in str(w.message)})
    if missing:
        path.unlink(missing_ok=True)
        raise MissingDependency(E_GLYPHS_MISSING.format(font=font, details="; ".join(missing)))
    return path


def chart_rows(analysis: Any) -> list[dict[str, Any]]:
    """One row per schema theme: label, colour, units, sentiment and per-kind figures.

    Shared by the PNG chart and the HTML report so both show the same numbers.
    """
    from .schema import color_of

    rows = []
    for i, theme in enumerate(analysis.schema.themes):
        summary = analysis.themes.get(theme.id, {}) or {}
        row = {
            "id": theme.id,
            "label": theme.label,
            "name_zh": theme.name_zh,
            "name_en": theme.name_en,
            "color": color_of(theme, i),
            **_figures(summary),
            "kinds": {},
        }
        by_kind = summary.get("by_kind") or {}
        for kind in _ordered_kinds(by_kind):
            row["kinds"][kind] = _figures(by_kind[kind])
        rows.append(row)
    return rows


def _ordered_kinds(by_kind: dict) -> list[str]:
    return [k for k in _KINDS if k in by_kind] + sorted(k for k in by_kind if k not in _KINDS)


def _figures(summary: Any) -> dict[str, Any]:
    """Units, mean sentiment and its interval from one summary mapping."""
    if isinstance(summary, (int, float)):
        return {"units": int(summary), "mean": None, "ci95": None}
    sentiment = summary.get("sentiment") or {}
    ci = sentiment.get("ci95")
    mean = sentiment.get("mean")
    return {
        "units": int(summary.get("units", 0) or 0),
        "mean": None if mean is None else float(mean),
        "ci95": None if not ci or ci[0] is None else (float(ci[0]), float(ci[1])),
    }


def _draw(fig, rows: list[dict[str, Any]], analysis: Any):
    import numpy as np

    from matplotlib.patches import Patch

    ax_n, ax_s = fig.subplots(1, 2, sharey=True, width_ratios=(3, 2))
    handles: list = []
    y = np.arange(len(rows))[::-1].astype(float)
    labels = [r["label"] for r in rows]
    kinds = [k for k in _KINDS if any(k in r["kinds"] for r in rows)]
    left = np.zeros(len(rows))
    if kinds:
        for kind in kinds:
            counts = np.array([r["kinds"].get(kind, {}).get("units", 0) for r in rows], dtype=float)
            colors = [r["color"] for r in rows]
            alpha = _KIND_ALPHA[kind]
            ax_n.barh(y, counts, left=left, color=colors, alpha=alpha, edgecolor="white")
            # Legend patches in grey: the bar colours are the themes', the shade is the kind.
            handles.append(Patch(facecolor="#555555", alpha=alpha, label=_KIND_STYLE.get(kind, (kind, "o"))[0] + " (bars)"))
            left += counts
        rest = np.array([r["units"] for r in rows], dtype=float) - left
        if rest.sum() > 0:  # titles (and any other kind), so the bar still shows every unit
            others = sorted({k for r in rows for k, f in r["kinds"].items() if k not in _KINDS and f["units"]})
            name = " / ".join(_KIND_NAME.get(k, k) for k in others) or "其他类型 other kinds"
            ax_n.barh(y, rest, left=left, color="#dddddd", edgecolor="white", hatch="///")
            handles.append(Patch(facecolor="#dddddd", edgecolor="white", hatch="///", label=name))
            left += rest
    else:
        left = np.array([r["units"] for r in rows], dtype=float)
        ax_n.barh(y, left, color=[r["color"] for r in rows])
    for yi, total, r in zip(y, left, rows):
        ax_n.text(total, yi, f" {r['units']}", va="center", fontsize=9)
    ax_n.set_yticks(y, labels)
    ax_n.set_xlabel("论证单元数 units")
    ax_n.set_xlim(0, max(left.max(), 1) * 1.15)
    ax_n.set_title("各主题单元数 Units per theme")

    offsets = {"all": 0.0, **{k: -0.22 * (i + 1) for i, k in enumerate(kinds)}}
    for series in ("all", *kinds):
        xs, lo, hi, ys = [], [], [], []
        for yi, r in zip(y, rows):
            fig_ = r if series == "all" else r["kinds"].get(series)
            if not fig_ or fig_["mean"] is None:
                continue
            m = fig_["mean"]
            ci = fig_["ci95"] or (m, m)
            xs.append(m)
            lo.append(max(m - ci[0], 0))
            hi.append(max(ci[1] - m, 0))
            ys.append(yi + offsets[series])
        if not xs:
            continue
        label, marker = ("全部 all", "D") if series == "all" else _KIND_STYLE.get(series, (series, "o"))
        handles.append(ax_s.errorbar(xs, ys, xerr=[lo, hi], fmt=marker, capsize=3, label=label,
                                     color="black" if series == "all" else _KIND_COLOR.get(series),
                                     markersize=6 if series == "all" else 4))
    ax_s.axvline(0, color="grey", lw=0.8)
    ax_s.set_xlim(-1.12, 1.12)  # room for a whole marker at exactly -1 or +1
    ax_s.set_xlabel("平均情感 mean sentiment (95% CI)")
    ax_s.set_title("情感 Sentiment")
    if handles:
        fig.legend(handles=handles, loc="outside lower center", ncol=min(len(handles), 6), fontsize=8, frameon=False)
    title = getattr(analysis.schema, "target", "") or analysis.schema.id
    fig.suptitle(f"{title}", fontsize=10)
    return fig


def glyphs_missing(texts: Iterable[str], font: Path) -> list[str]:
    """Characters of ``texts`` the font at ``font`` cannot draw (whitespace ignored)."""
    from matplotlib.ft2font import FT2Font

    cmap = FT2Font(str(font)).get_charmap()
    return sorted({c for t in texts for c in t if not c.isspace() and ord(c) not in cmap})
