"""The HTML report: one self-contained page an analyst can open offline.

It shows, for an :class:`argmine.aggregate.Analysis`: each theme's share of
the units with a theme, with its count and the mean sentiment and its 95%
interval (overall, and per kind ``title``/``body``/``comment`` as a share
of that kind's units with a theme, as inline SVG), a document-by-theme heat map, every document
with its units highlighted by theme colour and sentiment (hover a unit for
its scores and evidence), the page furniture cleaning dropped (greyed, with
its reason, behind a toggle), representative quotes per theme linking to
their place in the text, and the run's provenance.

Every piece of input text is escaped: the page is rendered by Jinja2 with
autoescaping, document text is escaped piece by piece, and the data the
page's script reads sits in a ``<script type="application/json">`` block
whose ``<``, ``>``, ``&``, U+2028 and U+2029 are ``\\u`` escapes.  Nothing
is loaded from outside the file (no CDN, no fonts, no images).

Large inputs are rendered as a sample (``max_docs`` documents and at most
``max_units`` units, and at most ``max_units`` dropped spans in full, the
rest counted where they begin); the charts and tables still count every unit,
and the page says what was left out and how to change the limits.

>>> import argmine                                         # doctest: +SKIP
>>> write_report(argmine.analyze(["corpora/"]), "report.html")  # doctest: +SKIP
PosixPath('report.html')
"""

from __future__ import annotations

import base64
import hashlib
import json
import re
import unicodedata
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from fractions import Fraction
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any, Iterable
from urllib.parse import quote

from .errors import E_SETTING, ReportError, inflect, is_count, plural, write_error
from .schema import color_of
from .tables import _NOTES, INDEPENDENCE_NOTE, SMALL_GROUP, fixed, percent, shown, signed

#: Default number of documents rendered in full; the rest are counted, not shown.
MAX_DOCS = 200
#: Default number of units rendered in the documents section.
MAX_UNITS = 10000
#: What the report reads of an analysis (:meth:`_Context.build`): an object without them is refused as no analysis.
_NEEDS = ("schema", "themes", "units", "documents")
TEMPLATE = "report.html.j2"
SCRIPT = "report.js"
#: Used when a schema colour is not a plain ``#rgb``/``#rrggbb`` (it goes into CSS).
_SENTIMENT_CLASS = {"positive": "s-pos", "neutral": "s-neu", "negative": "s-neg"}
# Fixed UI labels, in Chinese and English like the rest of the page.
_KIND_LABEL = {"title": "标题 title", "body": "正文 body", "comment": "评论 comment"}
_SENTIMENT_LABEL = {"positive": "正面 positive", "neutral": "中性 neutral", "negative": "负面 negative"}
# Evidence the model reports under internal names: the tooltip shows what they are.
_EVIDENCE_TERM = {"polarity": "通用情感模型 polarity model"}
_EVIDENCE_TARGET = {"sentiment": "情感 sentiment"}
# What a dropped span was, in Chinese, is each rule's label_zh (argmine/rules/furniture.toml;
# argmine.clean.BUILTIN_LABELS_ZH for duplicates and leftovers); the English reason follows it,
# the full reason is the span's title.  A rule without a label (a rules file of your own) reads 已丢弃.
_UNLABELLED = "已丢弃"
#: A run of English in the page's own text (:func:`english`): from a letter to a letter or digit, over spaces and
#: punctuation, not over brackets or Chinese.
_ENGLISH_RUN = re.compile(r"[A-Za-z](?:[A-Za-z0-9 ,.:;'/%=+-]*[A-Za-z0-9])?")
#: Unicode's explicit directional formatting characters (LRE, RLE, PDF, LRO, RLO, LRI, RLI, FSI, PDI, and the marks).
_BIDI_CONTROLS = re.compile("[\u200e\u200f\u061c\u202a-\u202e\u2066-\u2069]")
_JSON_ESCAPES = {
    ord("<"): "\\u003c",
    ord(">"): "\\u003e",
    ord("&"): "\\u0026",
    ord("'"): "\\u0027",
    0x2028: "\\u2028",
    0x2029: "\\u2029",
}


def write_report(
    analysis: Any,
    path: str | Path,
    *,
    max_docs: int = MAX_DOCS,
    max_units: int = MAX_UNITS,
) -> Path:
    """Render ``analysis`` and write the HTML report to ``path`` (UTF-8).

    The file is replaced only once it is complete, and a missing folder is
    created (:func:`argmine._files.replacing`, as the CLI's ``-o``); a path
    naming an open file (``/dev/stdout`` of ``>> log``) is appended to, not
    truncated.  ``path`` is a file path (into an open file, write the string:
    ``fh.write(render_report(analysis))``); anything else (``None``, an open file), or an
    ``analysis`` that is no :class:`~argmine.aggregate.Analysis`, is a ``TypeError`` naming it,
    before any work.  A path that cannot be written is a :class:`~argmine.errors.ReportError`;
    an open pipe whose reader has gone (``/dev/stdout`` of ``| head``) raises its
    :class:`BrokenPipeError` as it is, not worded as a path to fix.

    >>> import argmine                                                   # doctest: +SKIP
    >>> write_report(argmine.analyze(["corpora/"]), "out/report.html", max_docs=50)  # doctest: +SKIP
    PosixPath('out/report.html')
    """
    from ._files import write_text
    from .aggregate import check_analysis, check_output_path
    from .errors import H_PATH_REPORT

    check_analysis(analysis, "write_report", _NEEDS)
    check_output_path(path, "write_report", hint=H_PATH_REPORT)
    html = render_report(analysis, max_docs=max_docs, max_units=max_units)
    path = Path(path)
    try:
        write_text(path, html)
    except BrokenPipeError:  # the reader of /dev/stdout has gone (| head): not a write error, the caller's to stop quietly
        raise
    except OSError as e:
        raise write_error(path, "the report", e) from None
    return path


def render_report(analysis: Any, *, max_docs: int = MAX_DOCS, max_units: int = MAX_UNITS) -> str:
    """Return the report for ``analysis`` (an :class:`~argmine.aggregate.Analysis`) as one HTML string.

    >>> import argmine                                              # doctest: +SKIP
    >>> render_report(argmine.analyze(["corpora/"])).startswith("<!DOCTYPE html>")  # doctest: +SKIP
    True
    """
    from .aggregate import check_analysis

    check_analysis(analysis, "render_report", _NEEDS)
    # named as the keyword arguments they are (the CLI's --max-docs/--max-units are checked by click); any integer
    # type (a count from numpy or pandas) but bool
    for name, value in (("max_docs", max_docs), ("max_units", max_units)):
        if not is_count(value, 1):
            raise ReportError(E_SETTING.format(name=name, low=1, value=value))
    max_docs, max_units = int(max_docs), int(max_units)
    import jinja2
    from markupsafe import Markup

    ctx = _Context.build(analysis, max_docs=max_docs, max_units=max_units)
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("argmine", "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.globals["flatten"] = flatten
    # Input text (ids, quotes, names, paths) is isolated from the page's own text, so a
    # right-to-left override in it cannot reverse the figures beside it: <bdi> in markup,
    # FSI…PDI in plain text (title attributes, SVG tooltips).
    env.filters["bdi"] = bdi
    env.filters["isolate"] = isolate
    # ids are shown with their control characters escaped (a line break in a CSV cell: ``a\nb``), as the text tables show them
    env.filters["shown"] = lambda text: shown(str(text))
    env.filters["fixed"] = fixed  # a figure rounded once, half away from zero, as the tables print it
    env.globals["theme_label"] = theme_label
    env.globals["zh_lang"] = zh_lang  # lang="zh-Hant" for input text in Traditional characters
    env.globals["kind_label"] = kind_html  # the page's kind labels, English half marked lang="en"
    env.globals["english"] = english
    env.globals["plural"] = plural
    env.globals["inflect"] = inflect
    env.globals["small_group"] = SMALL_GROUP
    env.globals["unanimous_note"] = _NOTES["‡"]  # the text tables' footnote of ‡
    env.globals["independence_note"] = INDEPENDENCE_NOTE  # the text tables' line under the by-kind table
    env.globals["sentiment_label"] = lambda s: english(_SENTIMENT_LABEL[s]) if s in _SENTIMENT_LABEL else s
    # the hidden labels a unit's aria-describedby points at: ``ls-pos`` … (see _unit_span)
    env.globals["sentiment_classes"] = [(c, english(_SENTIMENT_LABEL[s])) for s, c in _SENTIMENT_CLASS.items()]
    script = resources.files("argmine").joinpath("templates", SCRIPT).read_text("utf-8")
    # The page's only script is allowed by its hash, so even an injected inline
    # script or event handler would not run (escaping is the first line of defence).
    digest = base64.b64encode(hashlib.sha256(script.encode("utf-8")).digest()).decode("ascii")
    template = env.get_template(TEMPLATE)
    return template.render(
        ctx=ctx,
        script=Markup(script),
        script_hash=f"sha256-{digest}",
        data_json=Markup(safe_json(ctx.script_data)),
        chart_themes=Markup(svg_chart(ctx.rows, series=None, chart_id="chart-themes",
                                      themed={None: ctx.totals["themed"]})),
        # no kinds (every unit dropped): no chart, whose every row would be "– (n=0)" of nothing
        chart_kinds=Markup(svg_chart(ctx.rows, series=ctx.kinds, chart_id="chart-kinds",
                                     themed={k["kind"]: k["themed"] for k in ctx.kind_totals})) if ctx.kinds else "",
        documents=[(d, Markup(html)) for d, html in ctx.rendered_docs],
    )


def safe_json(data: Any) -> str:
    """JSON that is safe inside an HTML ``<script>`` element.

    ``<``, ``>``, ``&``, ``'``, U+2028 and U+2029 become ``\\u`` escapes, so
    no input text can close the element or start markup.

    >>> safe_json({"t": "</script><b>"})
    '{"t":"\\\\u003c/script\\\\u003e\\\\u003cb\\\\u003e"}'
    """
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"), allow_nan=False).translate(_JSON_ESCAPES)


def isolate(text: Any) -> str:
    """Plain text wrapped in FIRST STRONG ISOLATE … POP DIRECTIONAL ISOLATE.

    Used where markup cannot go (title attributes, SVG ``<title>``): bidi
    controls inside ``text`` end at the isolate, so they cannot reorder what follows.

    >>> isolate("\\u202eevil") == "\\u2068\\u202eevil\\u2069"
    True
    """
    return f"\u2068{text}\u2069"


def bdi(text: Any, lang: str | None = None) -> Any:
    """``text`` escaped and wrapped in ``<bdi>``, so its bidi controls stay inside it (in ``lang``, if given).

    >>> str(bdi("a<b")), str(bdi("bloat", "en"))
    ('<bdi>a&lt;b</bdi>', '<bdi lang="en">bloat</bdi>')
    """
    from markupsafe import Markup, escape

    return Markup(f'<bdi lang="{escape(lang)}">{escape(text)}</bdi>' if lang else f"<bdi>{escape(text)}</bdi>")


def english(fixed: str) -> Any:
    """One of the page's own bilingual strings as markup, each run of English in it marked ``lang="en"`` (the page
    is ``zh-Hans``), so that a screen reader reads it with an English voice (WCAG 3.1.2).  Not for input text.

    >>> str(english("负面 negative")), str(english("比例 share (n=4) & more"))
    ('负面 <span lang="en">negative</span>', '比例 <span lang="en">share</span> (<span lang="en">n=4</span>) &amp; <span lang="en">more</span>')
    """
    from markupsafe import Markup, escape

    out, pos = [], 0
    for m in _ENGLISH_RUN.finditer(fixed):
        out.append(f'{escape(fixed[pos:m.start()])}<span lang="en">{escape(m.group(0))}</span>')
        pos = m.end()
    return Markup("".join(out) + str(escape(fixed[pos:])))


def theme_label(theme: dict[str, Any]) -> Any:
    """A theme's ``中文 (english)`` label as markup, each name isolated on its own (see :func:`bdi`), the English
    one marked ``lang="en"``."""
    from markupsafe import Markup

    if theme.get("name_zh"):
        return Markup(f"{bdi(theme['name_zh'], zh_lang(theme['name_zh']))} ({bdi(theme['name_en'], 'en')})")
    return bdi(theme["name_en"], "en")


def zh_lang(text: str) -> str | None:
    """``"zh-Hant"`` for input text in Traditional characters, else ``None`` (the page's own ``zh-Hans``).

    Traditional is what the reader's normalisation converts (:func:`argmine.normalize.normalize`: OpenCC ``t2s``
    changes the text), so that a browser draws it with its Traditional glyph forms and fonts (WCAG 3.1.2).

    >>> zh_lang("核電廠"), zh_lang("核电厂"), zh_lang("privacy")
    ('zh-Hant', None, None)
    """
    from .normalize import _t2s

    return "zh-Hant" if text and _t2s().convert(text) != text else None


def _lang_attr(lang: str | None) -> str:
    """`` lang="…"`` for an element, or nothing for the page's own language."""
    return f' lang="{lang}"' if lang else ""


def _by_kind(kinds: Iterable[str]) -> dict[str, int]:
    """Units per kind in the order every table and chart lists kinds: title, body, comment, then the rest.

    >>> _by_kind(["comment", "title", "body", "title"])
    {'title': 2, 'body': 1, 'comment': 1}
    """
    from .plot import _ordered_kinds

    counts = Counter(kinds)
    return {k: counts[k] for k in _ordered_kinds(counts)}


def _plain_label(theme: dict[str, Any]) -> str:
    """A theme's ``中文 (english)`` label as plain text, each name isolated on its own (see :func:`isolate`)."""
    if theme.get("name_zh"):
        return f"{isolate(theme['name_zh'])} ({isolate(theme['name_en'])})"
    return isolate(theme["name_en"])


def anchor(unit_id: str) -> str:
    """The HTML id of a unit's element: ``u-`` plus the percent-encoded unit id.

    >>> anchor("doc 1#3")
    'u-doc%201%233'
    """
    return "u-" + quote(str(unit_id), safe="")


def doc_anchor(doc_id: str) -> str:
    """The HTML id of a document's section."""
    return "doc-" + quote(str(doc_id), safe="")


def kind_label(kind: str) -> str:
    """A unit kind in Chinese and English, as the page shows it.

    >>> kind_label("comment")
    '评论 comment'
    """
    return _KIND_LABEL.get(kind, kind)


def kind_html(kind: str) -> Any:
    """:func:`kind_label` as markup, its English half marked ``lang="en"`` (see :func:`english`)."""
    from markupsafe import escape

    return english(_KIND_LABEL[kind]) if kind in _KIND_LABEL else escape(kind)


def dropped_label(rule: str, reason: str | None) -> str:
    """The bracketed label of a dropped span: what it was in Chinese, then the English reason.

    A repeat's offset means nothing to a reader, so it is left to the span's title.

    >>> dropped_label("duplicate", "repeats the block at offset 110")
    '重复 repeats an earlier block'
    """
    return " ".join(_dropped_parts(rule, reason))


def _dropped_parts(rule: str, reason: str | None) -> tuple[str, str]:
    """:func:`dropped_label`'s Chinese and English halves."""
    return _rule_labels().get(rule, _UNLABELLED), re.sub(r"the block at offset \d+", "an earlier block", reason or rule)


@lru_cache(maxsize=1)
def _rule_labels() -> dict[str, str]:
    """Each packaged cleaning rule's Chinese label (``label_zh``), by rule id."""
    from .clean import BUILTIN_LABELS_ZH, load_rules

    return {**BUILTIN_LABELS_ZH, **{r.id: r.label_zh for r in load_rules() if r.label_zh}}


@dataclass
class _Context:
    """Everything the template needs, computed once from the analysis."""

    schema: Any
    themes: list[dict[str, Any]]
    rows: list[dict[str, Any]]
    kinds: list[str]
    totals: dict[str, Any]
    heat: dict[str, Any]  # rows, legend, top (see _heat)
    quotes: list[dict[str, Any]]
    rendered_docs: list[tuple[dict[str, Any], str]]
    sample: dict[str, Any]
    provenance: dict[str, Any]
    script_data: dict[str, Any] = field(default_factory=dict)
    kind_totals: list[dict[str, Any]] = field(default_factory=list)  # plot.chart_kinds: kind, units, themed
    small_groups: bool = False  # a chart shows a share or a mean resting on fewer than SMALL_GROUP units (marked †)
    unanimous: bool = False  # a chart shows a mean whose units all have the same label (marked ‡: zero-width interval)
    bootstrap: dict[str, str] = field(default_factory=dict)  # the run's n_boot and seed in words (en, zh), when known
    errors: list[str] = field(default_factory=list)
    failed: int = 0  # records the errors stand for (one line can summarise many): the CLI's and JSON's failed_inputs

    @classmethod
    def build(cls, analysis: Any, *, max_docs: int, max_units: int) -> "_Context":
        from .aggregate import exact_score
        from .plot import chart_kinds, chart_rows

        schema = analysis.schema
        themes = [
            {"id": t.id, "index": i, "name_zh": t.name_zh, "name_en": t.name_en, "label": t.label,
             "color": color_of(t, i), "description": t.description}
            for i, t in enumerate(schema.themes)
        ]
        by_id = {t["id"]: t for t in themes}
        rows = chart_rows(analysis)  # colours from schema.color_of, as in ``themes``
        # Every kind with units, titles too, in the order of analyze's by-kind table.
        kind_totals = chart_kinds(analysis)
        kinds = [k["kind"] for k in kind_totals]
        shown_groups = [g for r in rows for g in [r] + [r["kinds"][k] for k in kinds if k in r["kinds"]]]
        small_groups = any(g["small"] or g["small_share"] for g in shown_groups)
        unanimous = any(g["unanimous"] for g in shown_groups)
        units = list(analysis.units)
        documents = list(analysis.documents)
        dropped = list(getattr(analysis, "dropped", []) or [])

        units_by_doc: dict[str, list[Any]] = defaultdict(list)
        for cu in units:
            units_by_doc[cu.unit.doc].append(cu)
        for lst in units_by_doc.values():
            lst.sort(key=lambda cu: (cu.unit.start, cu.unit.end))
        dropped_by_doc: dict[str, list[Any]] = defaultdict(list)
        for d in dropped:
            dropped_by_doc[d.doc].append(d)

        units_by_id = {cu.unit.id: cu for cu in units}
        examples = {t["id"]: list((analysis.themes.get(t["id"], {}) or {}).get("examples", []) or []) for t in themes}
        example_docs = [_field(e, "doc") for ex in examples.values() for e in ex]
        chosen, truncated = _sample(documents, units_by_doc, example_docs, max_docs, max_units)

        unit_data: list[list[Any]] = []
        rendered_ids: set[str] = set()
        rendered_docs = []
        langs: dict[str, str | None] = {}  # zh_lang of each document's text, worked out once (its section and its quotes)

        def doc_lang(doc) -> str | None:
            if doc.id not in langs:
                langs[doc.id] = zh_lang(doc.text)
            return langs[doc.id]

        # Dropped spans have a budget of their own, as large as the units': a document that is mostly repeats or
        # furniture (20,000 copies of one post) made a page of every copy in full, whatever the limits.
        dropped_budget = max_units
        for doc in chosen:
            limit = truncated.get(doc.id)
            doc_units = units_by_doc.get(doc.id, [])[:limit] if limit is not None else units_by_doc.get(doc.id, [])
            html, dropped_shown, dropped_left_out = _render_doc(
                doc, doc_units, dropped_by_doc.get(doc.id, []), by_id, unit_data, rendered_ids,
                end=doc_units[-1].unit.end if limit is not None and doc_units else None,
                max_dropped=dropped_budget, limit=max_units)
            dropped_budget -= dropped_shown
            counts = _by_kind(cu.unit.kind for cu in units_by_doc.get(doc.id, []))
            rendered_docs.append(({
                "id": doc.id, "anchor": doc_anchor(doc.id), "source": doc.source, "encoding": doc.encoding or "",
                "units": len(units_by_doc.get(doc.id, [])), "kinds": counts, "lang": doc_lang(doc),
                "dropped": len(dropped_by_doc.get(doc.id, [])),
                "truncated": limit is not None, "shown_units": len(doc_units),
                "dropped_shown": dropped_shown, "dropped_left_out": dropped_left_out,
            }, html))

        heat = _heat(chosen, units_by_doc, themes)
        docs_by_id = {d.id: d for d in documents}
        quotes = []
        for t in themes:
            items = []
            for e in examples[t["id"]]:
                uid = _field(e, "id")
                quoted = docs_by_id.get(_field(e, "doc"))
                items.append({
                    "lang": doc_lang(quoted) if quoted is not None else zh_lang(str(_field(e, "text") or "")),
                    "text": _field(e, "text"), "doc": _field(e, "doc"), "start": _field(e, "start"),
                    "end": _field(e, "end"), "kind": _field(e, "kind"), "sentiment": _field(e, "sentiment"),
                    "score": exact_score(uid, t["id"], _score(e, t["id"]), units_by_id),
                    "href": "#" + anchor(uid) if uid is not None and str(uid) in rendered_ids else None,
                })
            quotes.append({"theme": t, "entries": items})

        n_units = len(units)
        themed = sum(1 for cu in units if cu.prediction.themes)
        totals = {"documents": len(documents), "units": n_units, "themed": themed, "other": n_units - themed,
                  "dropped": len(dropped), "kinds": _by_kind(cu.unit.kind for cu in units)}
        shown_units = sum(d["shown_units"] for d, _ in rendered_docs)
        sample = {
            "active": len(chosen) < len(documents) or shown_units < n_units,
            "docs_shown": len(chosen), "docs_total": len(documents),
            "units_shown": shown_units, "units_total": n_units,
            # the heat map counts every unit of its documents, those of a document cut by max_units too
            "heat_units": sum(r["units"] for r in heat["rows"]),
            "max_docs": max_docs, "max_units": max_units,
            # dropped spans in the text the documents section shows: in full, and left out past the budget (each
            # document counts its own where they begin)
            "dropped_shown": sum(d["dropped_shown"] for d, _ in rendered_docs),
            "dropped_left_out": sum(d["dropped_left_out"] for d, _ in rendered_docs),
        }
        script_data = {
            # name: the full label (the theme lines); short: the name the evidence lines give; lang: zh-Hant for a
            # Traditional name (see zh_lang)
            "themes": {t["id"]: {"name": t["label"], "short": t["name_zh"] or t["name_en"], "color": t["color"],
                                 "lang": zh_lang(t["name_zh"]) if t["name_zh"] else "en"} for t in themes},
            "labels": {"kinds": _KIND_LABEL, "sentiments": _SENTIMENT_LABEL,
                       "terms": _EVIDENCE_TERM, "targets": _EVIDENCE_TARGET},
            "units": unit_data,
        }
        provenance = _provenance(analysis, documents)
        return cls(schema=schema, themes=themes, rows=rows, kinds=kinds, totals=totals, heat=heat, quotes=quotes,
                   rendered_docs=rendered_docs, sample=sample, provenance=provenance,
                   script_data=script_data, kind_totals=kind_totals, small_groups=small_groups, unanimous=unanimous,
                   bootstrap=_bootstrap_words(provenance.get("settings")),
                   # each line as the CLI prints it (echo_line): control characters escaped, so a U+202E
                   # in a file name reads \u202e and cannot reverse the line
                   errors=[shown(str(e)) for e in getattr(analysis, "errors", ())],
                   failed=sum(getattr(e, "count", 1) for e in getattr(analysis, "errors", ())))


def _bootstrap_words(settings: Any) -> dict[str, str]:
    """The run's bootstrap (``n_boot`` resamples, ``seed``) in English and Chinese, for the note on mean sentiment;
    ``{}`` when the provenance records neither.

    >>> _bootstrap_words({"seed": 0, "n_boot": 2000})
    {'en': '2000 resamples, seed 0', 'zh': '2000 次重抽样，种子 0'}
    >>> _bootstrap_words(None)
    {}
    """
    settings = settings if isinstance(settings, dict) else {}
    n_boot, seed = (settings.get(k) if is_count(settings.get(k), 0) else None for k in ("n_boot", "seed"))
    en = ([plural(n_boot, "resample")] if n_boot is not None else []) + ([f"seed {seed}"] if seed is not None else [])
    zh = ([f"{n_boot} 次重抽样"] if n_boot is not None else []) + ([f"种子 {seed}"] if seed is not None else [])
    return {"en": ", ".join(en), "zh": "，".join(zh)} if en else {}


def _field(obj: Any, name: str) -> Any:
    """Read ``name`` from an example, whether a mapping, a ClassifiedUnit or a Unit."""
    if isinstance(obj, dict):
        return obj.get(name)
    unit = getattr(obj, "unit", obj)
    if hasattr(unit, name):
        return getattr(unit, name)
    pred = getattr(obj, "prediction", None)
    return getattr(pred, name, None)


def _score(example: Any, theme_id: str) -> float | None:
    """A quote's score: the theme's probability (``examples[].score``, or the unit's ``scores``).

    Never ``Prediction.confidence``, which is the distance from the decision threshold.
    """
    v = _field(example, "score")
    if isinstance(v, (int, float)) and not isinstance(v, bool):
        return float(v)
    scores = _field(example, "scores")
    if isinstance(scores, dict) and theme_id in scores:
        return float(scores[theme_id])
    return None


def _sample(documents, units_by_doc, priority_docs, max_docs, max_units):
    """Pick the documents to render: those holding quotes first, then in input order.

    Stops at ``max_docs`` documents or ``max_units`` units; returns the chosen
    documents in input order and, for a document cut short, how many of its
    units are shown.
    """
    order = {d.id: i for i, d in enumerate(documents)}
    by_id = {d.id: d for d in documents}
    # quoted documents first, then the rest in input order, each once
    queue = dict.fromkeys([p for p in priority_docs if p in by_id] + [d.id for d in documents])
    chosen, truncated, budget = [], {}, max_units
    for doc_id in queue:
        if len(chosen) >= max_docs or budget <= 0:
            break
        n = len(units_by_doc.get(doc_id, []))
        if n > budget:
            if chosen:
                continue  # a smaller document further on may still fit
            truncated[doc_id] = budget
            n = budget
        chosen.append(by_id[doc_id])
        budget -= n
    chosen.sort(key=lambda d: order[d.id])
    return chosen, truncated


def _render_doc(doc, units, dropped, themes_by_id, unit_data, rendered_ids, end=None, *, max_dropped=None,
                limit=None) -> tuple[str, int, int]:
    """The document's text as escaped HTML with unit spans and greyed dropped stretches; with the numbers of dropped
    spans shown and left out.

    At most ``max_dropped`` dropped spans are shown (``None``: all; ``limit`` is the ``--max-units`` the page names
    for it).  The text of those past it is left out and counted, by kind, in one greyed line where the first of them
    begins; everything between them (units at their offsets, the text around them) is shown as it is.
    """
    from markupsafe import escape

    text = doc.text if end is None else doc.text[:end]
    spans = [(cu.unit.start, cu.unit.end, 0, cu) for cu in units]
    spans += [(d.start, d.end, 1, d) for d in dropped if end is None or d.start < end]
    spans.sort(key=lambda s: (s[0], s[2], s[1]))
    out: list[str] = []
    pos = shown_dropped = 0
    left_out: Counter = Counter()  # (Chinese label, rule) of each dropped span past max_dropped
    marker = None  # where the line counting them goes in ``out``
    for start, stop, is_dropped, obj in spans:
        if is_dropped:
            start = max(start, pos)  # never repeat text that a unit already showed
            stop = min(stop, len(text))
            if start >= stop:
                continue
        elif start < pos:
            start = pos  # overlapping units (should not happen): show the rest only
        if start > pos:
            out.append(_gap(text[pos:start]))
        if is_dropped and max_dropped is not None and shown_dropped >= max_dropped:
            if marker is None:
                marker = len(out)
                out.append("")
            left_out[(_rule_labels().get(obj.rule, _UNLABELLED), obj.rule)] += 1
            pos = max(pos, stop)
            continue
        piece = str(escape(text[start:stop]))
        if is_dropped:
            zh, en = _dropped_parts(obj.rule, obj.reason)
            out.append(
                f'<span class="dropped" data-rule="{escape(obj.rule)}" title="{escape(obj.reason)}">{piece}'
                f'<small class="reason">[{escape(zh)} <span lang="en">{escape(en)}</span>]</small></span>'
            )
            shown_dropped += 1
        else:
            out.append(_unit_span(obj, piece, themes_by_id, unit_data))
            rendered_ids.add(str(obj.unit.id))
        pos = max(pos, stop)
    if pos < len(text):
        out.append(_gap(text[pos:]))
    if marker is not None:
        out[marker] = _dropped_left_out(left_out, limit if limit is not None else max_dropped)
    return "".join(out), shown_dropped, sum(left_out.values())


def _dropped_left_out(left_out: Counter, limit: int) -> str:
    """The greyed line that stands for the dropped spans of a document past the page's budget, counted by kind.

    >>> print(_dropped_left_out(Counter({("重复", "duplicate"): 19990, ("已丢弃", "mine"): 1}), 10))  # doctest: +NORMALIZE_WHITESPACE
    <span class="dropped left-out">… 此处起本文档另有 19991 处已丢弃片段未显示
    <span lang="en">from here on, 19991 more dropped spans of this document are not shown (--max-units 10)</span>
    <small class="reason">[重复 <span lang="en">duplicate</span> ×19990 · 已丢弃 <span lang="en">mine</span> ×1]</small></span>
    """
    from markupsafe import escape

    n = sum(left_out.values())
    kinds = " · ".join(f'{escape(zh)} <span lang="en">{escape(rule)}</span> ×{count}'
                       for (zh, rule), count in left_out.most_common())
    return (f'<span class="dropped left-out">… 此处起本文档另有 {n} 处已丢弃片段未显示 '
            f'<span lang="en">from here on, {n} more dropped {inflect(n, "span")} of this document '
            f'{inflect(n, "is", "are")} not shown (--max-units {limit})</span> '
            f'<small class="reason">[{kinds}]</small></span>')


def _gap(text: str) -> str:
    """Text between units, escaped; isolated in ``<bdi>`` when it holds a bidi control (units are isolated by CSS)."""
    from markupsafe import escape

    return str(bdi(text)) if _BIDI_CONTROLS.search(text) else str(escape(text))


def _unit_span(cu, piece: str, themes_by_id, unit_data: list) -> str:
    from markupsafe import escape

    unit, pred = cu.unit, cu.prediction
    known = [t for t in pred.themes if t in themes_by_id]
    sentiment = _SENTIMENT_CLASS.get(pred.sentiment, "s-neu")
    classes = ["u", sentiment]
    style = a11y = tag = ""
    if known:
        # Not by colour alone: a unit with a theme takes the keyboard focus (which opens its tooltip) and is
        # described by the hidden labels of its themes and sentiment (the template's #unit-labels).
        described = " ".join([f"lt{themes_by_id[t]['index']}" for t in known] + [f"l{sentiment}"])
        a11y = f' tabindex="0" aria-describedby="{described}"'
        # the theme names in words, printed before the unit (the template's print rules): on paper the tints are
        # near the same grey and there is no tooltip
        names = " · ".join(isolate(themes_by_id[t]["name_zh"] or themes_by_id[t]["name_en"]) for t in known)
        tag = f' data-tag="{escape(names)}"'
        classes.append(f"t{themes_by_id[known[0]]['index']}")
        if len(known) > 1:
            shadows = ",".join(
                f"inset 0 -{3 * (i + 1)}px 0 {themes_by_id[t]['color']}" for i, t in enumerate(known[1:])
            )
            style = f' style="box-shadow:{shadows}"'
    i = len(unit_data)
    unit_data.append([
        shown(str(unit.id)),  # the tooltip's text: escaped as the page and the text tables show ids
        unit.kind,
        list(pred.themes),
        {k: round(float(v), 3) for k, v in pred.scores.items()},
        pred.sentiment,
        round(float(pred.sentiment_score), 3),
        [[e.label, e.term, round(float(e.weight), 3)] for e in pred.evidence],
    ])
    return (f'<span id="{escape(anchor(unit.id))}" class="{" ".join(classes)}" data-i="{i}"'
            f' data-themes="{escape(" ".join(pred.themes))}"{tag}{style}{a11y}>{piece}</span>')


def _heat(docs, units_by_doc, themes) -> dict[str, Any]:
    """Per rendered document: units per theme, share of the document's units, and cell intensity.

    One scale for the whole map, so cells compare across rows and columns:
    no shade is 0%, the darkest shade is the map's largest share.  Returns
    ``{"rows": [...], "legend": [{"share", "alpha"}, ...], "top": share}``.
    """
    rows = []
    for d in docs:
        lst = units_by_doc.get(d.id, [])
        counts = Counter(t for cu in lst for t in cu.prediction.themes)
        rows.append({"id": d.id, "anchor": doc_anchor(d.id), "units": len(lst),
                     "cells": [{"theme": t, "count": counts.get(t["id"], 0),
                                "share": counts.get(t["id"], 0) / len(lst) if lst else 0.0} for t in themes]})
    top = max((c["share"] for r in rows for c in r["cells"]), default=0.0)
    # the largest share as the ratio it is (the legend's steps are exact fractions of it, rounded once: 7/10 x 1/4 is 18%)
    exact_top = max((Fraction(c["count"], r["units"]) for r in rows if r["units"] for c in r["cells"]), default=Fraction(0))
    alpha = lambda share: f"{int(round(255 * 0.85 * share / (top or 1.0))):02x}"  # noqa: E731
    for r in rows:
        for cell in r["cells"]:
            cell["alpha"] = alpha(cell["share"])
            # printed from the counts, rounded as every figure of the report (tables.fixed): 1/8 is 13%
            cell["percent"] = fixed(Fraction(100 * cell["count"], r["units"]), 0) + "%" if r["units"] else "0%"
            cell["ink"] = ink_on(cell["theme"]["color"], int(cell["alpha"], 16) / 255)
    legend = [{"share": top * f, "alpha": alpha(top * f), "percent": fixed(100 * exact_top * Fraction(f), 0) + "%"}
              for f in (0, 0.25, 0.5, 0.75, 1)]
    return {"rows": rows, "legend": legend, "top": top, "print_ems": _print_ems(rows)}


#: The heat map in print, in ems of its font (the template's print rules): a digit at most (DejaVu's is .64), a theme
#: header at least (its swatch and margin; a theme name wraps between any two characters, each at most 1em), the
#: padding each side of a cell, the document column's min-width.
_PRINT_DIGIT_EM, _PRINT_HEADER_EM, _PRINT_PAD_EM, _PRINT_DOC_EM = 0.65, 1.2, 0.15, 5


def _print_ems(rows) -> float:
    """The narrowest the heat map can be laid out without breaking a count, in ems: the print font is the paper's
    width over this, so every column reaches the paper however many themes there are.

    >>> _print_ems([{"units": 12, "cells": [{"count": 3}, {"count": 10}]}])  # 5 + (1.3 + .3) + (1.2 + .3) + (1.3 + .3)
    9.7
    """
    columns = zip(*([r["units"]] + [c["count"] for c in r["cells"]] for r in rows))
    return round(_PRINT_DOC_EM + sum(max(_PRINT_DIGIT_EM * len(str(max(col))), _PRINT_HEADER_EM) + 2 * _PRINT_PAD_EM
                                     for col in columns), 2)


def ink_on(color: str, alpha: float = 1.0) -> str:
    """The text colour that reads best on ``color`` (``#rrggbb``) laid over white at ``alpha``: black or white.

    Picks the one with the higher WCAG contrast against the fill's relative luminance.  Black, not the page's
    ``#222``: the better of black and white reaches 4.58:1 on any fill (the worst fill, of luminance 0.18, is
    equidistant from both), so a count meets WCAG AA (4.5:1) whatever the theme's colour and shade.

    >>> ink_on("#264653"), ink_on("#123456", 0.85), ink_on("#e9c46a"), ink_on("#123456", 0.1)
    ('#ffffff', '#ffffff', '#000000', '#000000')
    """
    def linear(c: float) -> float:
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    channels = [int(color[i:i + 2], 16) / 255 for i in (1, 3, 5)]
    r, g, b = (linear(alpha * c + (1 - alpha)) for c in channels)
    lum = 0.2126 * r + 0.7152 * g + 0.0722 * b
    return "#ffffff" if 1.05 / (lum + 0.05) > (lum + 0.05) / 0.05 else "#000000"


def _provenance(analysis: Any, documents: list[Any]) -> dict[str, Any]:
    """The run's provenance as a mapping, with inputs and a date filled in when missing."""
    prov = getattr(analysis, "provenance", None)
    if not isinstance(prov, dict):
        try:
            prov = (analysis.to_dict() or {}).get("provenance")
        except (AttributeError, TypeError):
            prov = None
    prov = dict(prov or {})
    if not prov.get("inputs"):
        seen: dict[str, Any] = {}
        for d in documents:
            seen.setdefault(d.source, d.encoding)
        prov["inputs"] = [{"path": s, "encoding": e} for s, e in seen.items()]
    schema = analysis.schema
    prov.setdefault("schema", {"id": schema.id, "version": schema.version, "source": schema.source})
    if "date" not in prov:  # as analyze dates a run: now, or SOURCE_DATE_EPOCH for the same bytes every time
        from .aggregate import provenance_date

        prov["date"] = provenance_date()
    return prov


def flatten(value: Any, prefix: str = "") -> Iterable[tuple[str, str]]:
    """Yield ``(key path, text)`` pairs for a nested provenance value (used by the template)."""
    if isinstance(value, dict):
        for k, v in value.items():
            yield from flatten(v, f"{prefix}.{k}" if prefix else str(k))
    elif isinstance(value, (list, tuple)) and any(isinstance(v, (dict, list, tuple)) for v in value):
        for i, v in enumerate(value):
            yield from flatten(v, f"{prefix}[{i}]")
    elif isinstance(value, (list, tuple)):
        yield prefix, ", ".join(str(v) for v in value)
    else:
        yield prefix, "" if value is None else str(value)


# --- inline SVG charts ------------------------------------------------------

def _text_width(text: str, size: float = 11) -> float:
    """A generous estimate of ``text``'s width in pixels at font size ``size`` (wide CJK characters count 1 em)."""
    return sum(size if unicodedata.east_asian_width(c) in "WF" else 0.62 * size for c in text)


def ellipsize(text: str, width: float, size: float = 11, middle: bool = False) -> str:
    """``text`` cut with ``…`` so that it fits ``width`` pixels at font size ``size`` (see :func:`_text_width`): at
    the end, or in the ``middle`` (its beginning and end kept).

    >>> ellipsize("一个非常非常长的主题名称", 60, 10), ellipsize("一个非常非常长的主题名称", 60, 10, middle=True)
    ('一个非常非…', '一个…题名称')
    >>> ellipsize("short", 60, 10)
    'short'
    """
    if _text_width(text, size) <= width:
        return text
    room = width - _text_width("…", size)
    if middle:
        head = ellipsize(text, _text_width("…", size) + room / 2, size)[:-1].rstrip()
        tail = ""
        for c in reversed(text):
            if _text_width(head + c + tail, size) > room:
                break
            tail = c + tail
        return f"{head}…{tail.lstrip()}"
    out = ""
    for c in text:
        if _text_width(out + c, size) > room:
            break
        out += c
    return out.rstrip() + "…"


def _chart_label(row: dict[str, Any], tag: str, mode: str, width: float) -> tuple[str, str]:
    """A theme's two label lines on the SVG chart, cut to ``width`` pixels (``mode`` and ``tag``: see
    :func:`argmine.plot.distinct_labels`); the tag goes after the first line.

    >>> _chart_label({"name_zh": "能源安全與電網穩定性之擔憂", "name_en": "energy"}, "x", "tag", 120)
    ('能源安…之擔憂 [x]', 'energy')
    """
    suffix = f" [{tag}]" if mode == "tag" else ""
    middle = mode != "end"
    main = ellipsize(row["name_zh"] or row["name_en"], width - _text_width(suffix, 13), 13, middle) + suffix
    return main, ellipsize(row["name_en"], width, 10, middle)


def _mean_text(figures: dict[str, Any]) -> str:
    """A group's mean sentiment, 95% interval and marks as the chart prints them: ``+0.27 [+0.16, +0.39]``,
    ``-1.00 [-1.00, -1.00]†‡`` (:func:`argmine.plot.group_figures`'s ``marks``, the text tables'), ``n/a``.

    >>> _mean_text({"mean": 0.125, "ci95": [-0.5, 1.0]}), _mean_text({"mean": None, "ci95": None})
    ('+0.13 [-0.50, +1.00]', 'n/a')
    >>> _mean_text({"mean": -1.0, "ci95": [-1.0, -1.0], "marks": "‡"})
    '-1.00 [-1.00, -1.00]‡'
    """
    x = figures.get("exact") or figures  # printed from the unrounded figures, as the tables print them
    if x["mean"] is None:
        return "n/a"
    return (signed(x["mean"]) + (f' [{signed(x["ci95"][0])}, {signed(x["ci95"][1])}]' if x["ci95"] else "")
            + figures.get("marks", ""))


def _share_ci_text(figures: dict[str, Any]) -> str:
    """A share's Wilson 95% interval as the report prints it, ``[31.0%, 69.0%]``; ``""`` with none.

    >>> from .plot import group_figures
    >>> _share_ci_text(group_figures({"units": 12, "share": 0.5, "share_ci95": [0.3153, 0.6847]}, 24))
    '[31.5%, 68.5%]'
    >>> _share_ci_text(group_figures({"units": 0}))
    ''
    """
    ci = (figures.get("exact") or {}).get("share_ci95")
    return f"[{percent(ci[0])}, {percent(ci[1])}]" if ci else ""


def svg_chart(
    rows: list[dict[str, Any]],
    *,
    series: list[str] | None,
    chart_id: str,
    themed: dict[str | None, int | None] | None = None,
) -> str:
    """An inline SVG: one bar per theme (or per theme and kind) for its share, and mean sentiment ± 95% CI.

    A bar's length is the theme's ``share`` from the analysis: of the units
    with a theme, or of the kind's units with a theme (``themed`` gives those
    denominators, by kind, ``None`` for the overall chart, for the hover
    text).  Its label gives the share and the count, ``25.0% (n=1)†``: ``†``
    marks a share of fewer than 10 units with a theme (its denominator).  A
    mean of fewer than 10 units has a hollow dot and ``†`` after its interval,
    one whose units all have the same label ``‡`` (as the text tables mark them);
    its title and the figure table give its labels, positive/neutral/negative.
    Every bar is a ``<rect class="bar" data-theme=... [data-kind=...] data-units=N data-share=S>``.

    Right of the sentiment panel each row's mean and interval are printed, ``+0.27 [+0.16, +0.39]``
    (``<text class="mean-text">``), so they read without a mouse: on a phone, by keyboard, on paper.

    The SVG is named for screen readers (``aria-label``) and described by a visually hidden
    table that follows it (its ``<tbody id="<chart_id>-data">``), with the same figures as the bars' titles.
    """
    from markupsafe import escape

    from .plot import SMALL_NOTE, UNANIMOUS_NOTE, bar_alpha, counts_text, distinct_labels, group_figures, share_text, theme_tag

    kinds = series or [None]
    themed = themed or {}
    label_w, bar_w, gap, sent_w, mean_gap = 230, 340, 40, 240, 16
    row_h = 22 if series else 26
    group_h = row_h * len(kinds) + (10 if series else 4)
    top, bottom = 30, 34
    height = top + group_h * len(rows) + bottom
    empty = group_figures({})
    values = [(r, k, (r if k is None else r["kinds"].get(k, empty))) for r in rows for k in kinds]
    vmax = max([v["share"] or 0 for _, _, v in values]) or 1.0
    tags = [share_text(v) + (f" {kind_label(k)}" if k else "") for _, k, v in values]
    means = [_mean_text(v) for _, _, v in values]
    mean_w = max([_text_width(t) for t in means] + [0])
    # Bars are scaled so that the longest one's label still ends before the sentiment panel.
    bar_max = bar_w - 8 - max([_text_width(t) for t in tags] + [0])
    sx0 = label_w + bar_w + gap
    width = round(sx0 + sent_w + mean_gap + mean_w + 10)
    sx = lambda m: sx0 + (m + 1) / 2 * sent_w  # noqa: E731 - sentiment axis [-1, 1]
    axis = "share of the kind's units with a theme 占该类型有主题单元的比例" if series else "share of the units with a theme 占有主题单元的比例"
    # role="img" hides the SVG's own text from screen readers: the chart is named here and its figures
    # are in the hidden table after it (aria-describedby), one row per bar.
    name = (f"Bar chart 条形图: {'per theme and kind 按主题与类型' if series else 'per theme 按主题'}, "
            f"{axis}, and mean sentiment 平均情感 (95% CI); the figures are in the table that follows 数据见下表")
    out = [f'<svg id="{escape(chart_id)}" class="chart" xmlns="http://www.w3.org/2000/svg" role="img" '
           f'aria-label="{escape(name)}" aria-describedby="{escape(chart_id)}-data" '
           f'viewBox="0 0 {width} {height}" width="{width}" height="{height}">']
    kind_col = f'<th scope="col">{english("类型 kind")}</th>' if series else ""
    # (the description is the body's rows; a table's own text alternative would be its caption only)
    table = [f'<div class="sr-only"><table><caption>{english(name)}</caption><thead><tr>'
             f'<th scope="col">{english("主题 theme")}</th>{kind_col}'
             f'<th scope="col">{english("比例 share")} (n)</th><th scope="col">{english("有主题单元 units with a theme")}</th>'
             f'<th scope="col">{english("比例区间 share")} (95% CI)</th>'
             f'<th scope="col">{english("情感标签 labels")} +/=/-</th>'
             f'<th scope="col">{english("平均情感 mean sentiment")} (95% CI)</th></tr></thead><tbody id="{escape(chart_id)}-data">']
    out.append(f'<text x="{label_w}" y="16" class="axis-title">{axis}</text>')
    out.append(f'<text x="{sx0}" y="16" class="axis-title">mean sentiment 平均情感 (95% CI)</text>')
    for m in (-1, -0.5, 0, 0.5, 1):
        x = sx(m)
        out.append(f'<line x1="{x:.1f}" y1="{top - 4}" x2="{x:.1f}" y2="{height - bottom + 4}" '
                   f'class="{"zero" if m == 0 else "grid"}"/>')
        out.append(f'<text x="{x:.1f}" y="{height - bottom + 18}" class="tick">{m:g}</text>')
    # A long name is cut to the label column with an ellipsis (in the middle, or tagged with the theme's id, where
    # two themes' would read the same); the whole label is its tooltip.
    labels = distinct_labels(rows, lambda r, i, mode: _chart_label(r, theme_tag(r, i), mode, label_w - 16))
    for gi, r in enumerate(rows):
        y0 = top + gi * group_h
        full = f'<title>{escape(_plain_label(r))}</title>'
        main, sub = labels[gi]
        lang = _lang_attr(zh_lang(r["name_zh"]) if r["name_zh"] else "en")
        out.append(f'<text x="{label_w - 8}" y="{y0 + group_h / 2 - 2:.1f}" class="label"{lang}>{full}'
                   f'{escape(main)}</text>')
        out.append(f'<text x="{label_w - 8}" y="{y0 + group_h / 2 + 12:.1f}" class="sublabel" lang="en">{full}'
                   f'{escape(sub)}</text>')
        for ki, kind in enumerate(kinds):
            v = r if kind is None else r["kinds"].get(kind, empty)
            y = y0 + ki * row_h + 3
            h = row_h - 6
            w = bar_max * (v["share"] or 0) / vmax
            kind_attr = f' data-kind="{escape(kind)}"' if kind else ""
            share_attr = "" if v["share"] is None else f'{v["share"]:.4f}'
            label = f'{_plain_label(r)}{" · " + kind_label(kind) if kind else ""}'
            mean_txt = _mean_text(v)
            den = themed.get(kind)
            unit = "unit" if den == 1 else "units"
            of = f"{den} {kind_label(kind) + ' ' if kind else ''}{unit} with a theme 有主题单元" if den is not None else "units with a theme"
            counts = counts_text(v)
            share_ci = _share_ci_text(v)
            title = (f'{label}: {share_text(v)} of {of}{f" (95% CI {share_ci})" if share_ci else ""}; 平均情感 mean sentiment {mean_txt}; 情感标签 labels +/=/- {counts}'
                     + (f"; {SMALL_NOTE}" if v["small"] or v["small_share"] else "")
                     + (f"; {UNANIMOUS_NOTE}" if v["unanimous"] else ""))
            kind_cell = f"<td>{kind_html(kind)}</td>" if kind else ""
            table.append(f'<tr><th scope="row">{theme_label(r)}</th>{kind_cell}<td>{escape(share_text(v))}</td>'
                         f'<td>{"" if den is None else f"of {den}"}</td><td>{share_ci or "–"}</td><td>{counts}</td><td>{mean_txt}</td></tr>')
            opacity = "" if kind is None or bar_alpha(kind) == 1 else f' fill-opacity="{bar_alpha(kind)}"'
            out.append(f'<rect class="bar" data-theme="{escape(r["id"])}"{kind_attr} data-units="{v["units"]}" '
                       f'data-share="{share_attr}" x="{label_w}" y="{y:.1f}" width="{max(w, 0.5):.1f}" height="{h}" '
                       f'fill="{r["color"]}"{opacity}><title>{escape(title)}</title></rect>')
            tag = share_text(v) + (f" {kind_label(kind)}" if kind else "")
            out.append(f'<text x="{label_w + w + 4:.1f}" y="{y + h / 2 + 4:.1f}" class="count">{escape(tag)}</text>')
            out.append(f'<text x="{sx0 + sent_w + mean_gap}" y="{y + h / 2 + 4:.1f}" class="mean-text">{escape(mean_txt)}</text>')
            if v["mean"] is not None:
                cy = y + h / 2
                if v["ci95"]:
                    out.append(f'<line class="ci" x1="{sx(v["ci95"][0]):.1f}" y1="{cy:.1f}" x2="{sx(v["ci95"][1]):.1f}" y2="{cy:.1f}"/>')
                    for e in v["ci95"]:
                        out.append(f'<line class="ci" x1="{sx(e):.1f}" y1="{cy - 4:.1f}" x2="{sx(e):.1f}" y2="{cy + 4:.1f}"/>')
                # a small group's dot is hollow: its mean rests on few units
                fill = 'fill="#ffffff"' if v["small"] else f'fill="{r["color"]}"'
                out.append(f'<circle class="mean{" small" if v["small"] else ""}" cx="{sx(v["mean"]):.1f}" cy="{cy:.1f}" r="4" {fill}>'
                           f'<title>{escape(title)}</title></circle>')
    out.append("</svg>")
    table.append("</tbody></table></div>")
    return "".join(out + table)
