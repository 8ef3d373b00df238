"""Export units (with the model's guesses) for labelling tools.

Exporters are looked up by name (``label-studio``, ``doccano``, ``brat``,
``csv``) so the CLI and the library name them the same way.  Every format
carries each unit's id, document and offsets so that :mod:`argmine.importers`
can map the labels back; doccano counts offsets in UTF-16 code units (see
:mod:`argmine.utf16`), Label Studio, brat and CSV in characters (code points,
as Python indexes a ``str``).

Choices made for the formats (documented in ``docs/annotation-formats.md``):

* a unit with no theme is labelled ``other``;
* in span formats (Label Studio document level, doccano spans, brat) a unit
  with several themes is one span per theme on the same offsets; the
  sentiment goes on every span of the unit (brat ``Sentiment`` attribute,
  Label Studio per-region ``sentiment`` choice, doccano a span labelled
  with the sentiment).

>>> import tempfile
>>> from argmine.types import Unit
>>> u = Unit.from_source("财不外露。", doc="d", n=1, start=0, end=5, kind="comment")
>>> paths = export([u], tempfile.mkdtemp() + "/out.csv", "csv")
>>> paths[0].name
'out.csv'
"""

from __future__ import annotations

import csv
import io
import json
import os
import random
import re
import xml.etree.ElementTree as ET
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, Collection, Iterable, Iterator, Mapping, Sequence

from ._files import replacing, write_in_pieces, write_text as _write_text  # replacing: also argmine.export.replacing, as before
from .backends.base import Prediction
from .errors import (E_EXPORT_FOLDER_CHANGED, E_EXPORT_WRITE, E_NEEDS_DOCUMENTS, E_OUTPUT_CLOSED, E_UNKNOWN_FORMAT, AlignmentError, ArgmineError,
                     InputError, SchemaError, write_failure)
from .schema import NOT_ONE_LINE, OTHER, Schema, color_of, load_schema
from .types import Document, Unit
from .utf16 import Utf16Offsets

#: The colour of ``other`` (no theme of the schema) in every labelling config: Label Studio, doccano and brat.
OTHER_COLOR = "#888888"
#: Column order of the CSV export; the labeler fills the last four.  ``schema`` is the schema the
#: sheet was made for, as ``id vVERSION`` (:func:`csv_schema_cell`), in every row.
CSV_COLUMNS = (
    "id", "doc", "start", "end", "kind", "text",
    "pred_themes", "pred_sentiment", "pred_sentiment_score", "pred_scores", "confidence", "schema",
    "themes", "sentiment", "annotator", "note",
)
#: The columns of sheets exported before they recorded the schema (import reads them as before).
CSV_COLUMNS_WITHOUT_SCHEMA = tuple(c for c in CSV_COLUMNS if c != "schema")
#: Files a Label Studio export writes inside OUT.
LS_TASKS, LS_CONFIG = "tasks.json", "config.xml"
DOCCANO_TASKS, DOCCANO_LABELS = "tasks.jsonl", "label_types.json"
BRAT_MANIFEST = "argmine.json"
#: Files a brat export writes inside OUT whatever its documents are, beside each document's ``.txt`` and ``.ann``.
BRAT_FIXED = ("annotation.conf", "visual.conf", BRAT_MANIFEST)
LEVELS = ("unit", "document")


@dataclass(frozen=True)
class Item:
    """One unit to export, with the model's prediction if there is one."""

    unit: Unit
    prediction: Prediction | None = None


# --- registry ---------------------------------------------------------------

Writer = Callable[..., list[Path]]
_EXPORTERS: dict[str, Writer] = {}


def register_exporter(name: str):
    """Register a writer ``fn(items, out, *, schema, documents, level, model_version) -> [paths]``."""

    def deco(fn: Writer) -> Writer:
        _EXPORTERS[name] = fn
        return fn

    return deco


def exporters() -> list[str]:
    """Names of the registered export formats."""
    return sorted(_EXPORTERS)


def get_exporter(name: str) -> Writer:
    """The writer registered under ``name``; :class:`ArgmineError` lists the valid names."""
    try:
        return _EXPORTERS[name]
    except KeyError:
        raise ArgmineError(E_UNKNOWN_FORMAT.format(name=name, choices=", ".join(exporters()))) from None


# --- selection ----------------------------------------------------------------


def select(
    items: Sequence[Item],
    *,
    order: str | None = None,
    sample: int | None = None,
    seed: int = 0,
    exclude: Iterable[tuple[str, int, int]] = (),
) -> list[Item]:
    """Choose and order the units to label.

    ``exclude`` holds ``(doc, start, end)`` keys already labelled (from a gold
    file).  ``order="uncertainty"`` puts the least confident prediction first
    (ties in a seeded random order); with ``sample=N`` it keeps those N,
    otherwise ``sample`` draws N units at random with ``seed`` and keeps
    document order.

    >>> from argmine.types import Unit
    >>> us = [Item(Unit.from_source("甲乙丙", doc="d", n=i, start=i, end=i + 1, kind="body")) for i in range(3)]
    >>> [i.unit.id for i in select(us, sample=2, seed=1)]
    ['d#0', 'd#2']
    """
    skip = set(exclude)
    pool = [it for it in items if (it.unit.doc, it.unit.start, it.unit.end) not in skip]
    if order not in (None, "document", "uncertainty"):
        raise ArgmineError(f"unknown order {order!r}; expected 'document' or 'uncertainty'")
    rng = random.Random(seed)
    if order == "uncertainty":
        missing = [it.unit.id for it in pool if it.prediction is None]
        if missing:
            raise ArgmineError(
                f"--order uncertainty needs predictions, but {len(missing)} units have none "
                f"(first: {missing[0]}); drop --no-predictions or pass --model"
            )
        tie = {it.unit.id: rng.random() for it in pool}
        pool = sorted(pool, key=lambda it: (it.prediction.confidence, tie[it.unit.id]))
        return pool[:sample] if sample is not None else pool
    if sample is not None and sample < len(pool):
        chosen = set(rng.sample(range(len(pool)), sample))
        pool = [it for i, it in enumerate(pool) if i in chosen]
    return pool


# --- the public entry point ---------------------------------------------------------


def export(
    units: Sequence[Unit],
    out: str | Path,
    format: str,
    *,
    predictions: Sequence[Prediction | None] | None = None,
    schema: Schema | str | Path | None = None,
    documents: Iterable[Document] | None = None,
    level: str = "unit",
    model_version: str = "argmine",
    order: str | None = None,
    sample: int | None = None,
    seed: int = 0,
    exclude: Iterable[tuple[str, int, int]] = (),
    force: bool = False,
) -> list[Path]:
    """Write ``units`` (and ``predictions``, one per unit, as pre-annotations) in ``format``.

    ``out`` is a directory for ``label-studio``, ``doccano`` and ``brat``
    (several files) and a file for ``csv``.  ``documents`` (the whole
    documents) are needed by the document level and by brat; each unit of
    theirs must point into its document's text (an :class:`AlignmentError`
    naming it).  ``force``: a brat export replaces a previous export's ``.ann``
    files labelled since, and files argmine did not write that have the
    name of one it writes (a ``.txt``/``.ann``, an ``argmine.json``: refused otherwise:
    :func:`write_brat`).  A folder in ``out`` that has the name of a file the
    export writes is refused in every format that writes a folder, ``force``
    or not (:func:`refuse_folders_in_the_way`).  Returns the paths written.

    ``schema`` (a :class:`~argmine.schema.Schema` or a schema file path;
    default: the packaged Alipay schema) is the label set offered to the
    labelers; give the one the ``predictions`` were made with: a prediction
    whose theme, score or sentiment it lacks is a :class:`SchemaError` naming
    the unit, and nothing is written (:func:`check_predictions`).
    """
    from ._files import FolderChanged, output_name

    if level not in LEVELS:
        raise ArgmineError(f"unknown level {level!r}; expected one of: {', '.join(LEVELS)}")
    writer = get_exporter(format)
    given = schema is not None
    schema = schema if isinstance(schema, Schema) else load_schema(schema)  # a path, as analyze() and classify() take it
    if predictions is not None and len(predictions) != len(units):
        raise ArgmineError(f"got {len(predictions)} predictions for {len(units)} units; pass one per unit")
    if predictions is not None:
        check_predictions(units, predictions, schema, given=given)
    items = [Item(u, predictions[i] if predictions is not None else None) for i, u in enumerate(units)]
    items = select(items, order=order, sample=sample, seed=seed, exclude=exclude)
    docs = {d.id: d for d in documents} if documents is not None else None
    expected = "a file" if format == "csv" else "a folder"
    if format != "csv" and os.path.isfile(out):  # mkdir would say only "File exists"
        raise InputError(output_name(out), E_EXPORT_WRITE.format(fmt=format, reason="it is a file; this format writes a folder of files",
                                                                 expected=expected))
    if docs is not None and level == "unit" and format != "brat":  # the others check them as they need the documents
        _check_spans(items, docs)
    extra = {"force": True} if force and format == "brat" else {}
    try:
        return writer(items, Path(out), schema=schema, documents=docs, level=level, model_version=model_version, **extra)
    except BrokenPipeError:
        raise
    except FolderChanged:  # "cannot write ... (No such file or directory)" would send the user looking at a folder that works
        raise InputError(output_name(out), E_EXPORT_FOLDER_CHANGED.format(fmt=format)) from None
    except OSError as e:  # a full disk: "pass a folder that can be written" would not help
        otherwise = E_EXPORT_WRITE.format(fmt=format, reason=e.strerror or e, expected=expected)
        raise InputError(output_name(out), write_failure(e, f"the {format} export", otherwise)) from None


def check_predictions(units: Sequence[Unit], predictions: Sequence[Prediction | None], schema: Schema, *, given: bool = True) -> None:
    """Raise a :class:`SchemaError` naming the first unit whose prediction has a theme, a score or a sentiment ``schema`` lacks.

    Pre-annotations of another schema's themes (predictions of a model made for
    it, exported with the packaged default) would reach labelers whose config
    offers other labels, and every such label would fail at import.  ``given``:
    whether the caller passed ``schema`` (the message says the default was used).

    >>> from argmine.types import Unit
    >>> u = Unit.from_source("电池不行。", doc="p1", n=1, start=0, end=5, kind="comment")
    >>> check_predictions([u], [Prediction(("battery",), {"battery": 0.9}, "negative", -0.5)], load_schema(), given=False)
    Traceback (most recent call last):
    argmine.errors.SchemaError: prediction of unit 'p1#1' has theme 'battery', not in schema 'alipay_social' (the packaged default: no schema= was given); pass schema=, the schema the predictions were made with (an argmine.Schema or its TOML file)
    """
    from .errors import E_EXPORT_PREDICTION_LABEL, H_EXPORT_SCHEMA_DEFAULT, shown_repr
    from .read import shown_path

    known = {*schema.theme_ids, OTHER}  # a prediction of no theme is written as 'other', which every config offers
    for u, p in zip(units, predictions):
        if p is None:
            continue
        bad = (next((("theme", t) for t in p.themes if t not in known), None)
               or next((("a score for theme", t) for t in p.scores if t not in known), None)
               or (("sentiment", p.sentiment) if p.sentiment not in schema.sentiments else None))
        if bad is not None:
            raise SchemaError(E_EXPORT_PREDICTION_LABEL.format(
                unit=shown_repr(u.id), what=bad[0], label=shown_repr(bad[1]), schema=schema.id,
                source=shown_path(schema.source) if given else H_EXPORT_SCHEMA_DEFAULT))


def _need_docs(name: str, level: str, items: Sequence[Item], docs: Mapping[str, Document] | None) -> Mapping[str, Document]:
    """``docs``, once every unit of ``items`` has its document there and points into its text (:func:`_check_spans`)."""
    if docs is None:
        raise ArgmineError(E_NEEDS_DOCUMENTS.format(name=name, level=level))
    missing = sorted({it.unit.doc for it in items} - set(docs))
    if missing:
        raise ArgmineError(f"format {name!r}: no document text for {', '.join(missing[:5])}; pass those documents")
    _check_spans(items, docs)
    return docs


def _check_spans(items: Sequence[Item], docs: Mapping[str, Document]) -> None:
    """Raise an :class:`AlignmentError` naming the first unit of ``items`` whose document is in ``docs`` and that does not
    point into its text (:func:`argmine.aggregate.off_document`): its span would mark another text, or none, in the
    labelling tool, and its labels would come back to the wrong words."""
    from .aggregate import off_document

    for it in items:
        doc = docs.get(it.unit.doc)
        why = None if doc is None else off_document(it.unit, doc)
        if why is not None:
            raise AlignmentError(f"unit {it.unit.id!r}: {why}")


def _by_doc(items: Sequence[Item]) -> dict[str, list[Item]]:
    out: dict[str, list[Item]] = {}
    for it in items:
        out.setdefault(it.unit.doc, []).append(it)
    for v in out.values():
        v.sort(key=lambda it: (it.unit.start, it.unit.end))
    return out


def _config_text(text: str) -> str:
    r"""``text`` on one line, for a labeling config: control characters and runs of white space become one space.

    >>> _config_text("Privacy\x0b\n[entities]  X")
    'Privacy [entities] X'
    """
    # a line break in a brat config adds config lines, and XML 1.0 cannot hold most control characters (a schema
    # file refuses them; a Schema built in Python is cleaned here)
    return " ".join(NOT_ONE_LINE.sub(" ", text).split())


def _hint(theme) -> str:
    """A theme's label and description, as the labeling tools show on hover."""
    description = _config_text(theme.description)
    label = _config_text(theme.label)
    return f"{label}: {description}" if description else label


def _themes_or_other(p: Prediction) -> list[str]:
    return list(p.themes) or [OTHER]


def _unit_ref(u: Unit) -> dict[str, Any]:
    return {"id": u.id, "start": u.start, "end": u.end, "kind": u.kind}


def _prefilled(it: Item) -> dict[str, Any]:
    """``{"prefilled": [themes..., sentiment]}``: the labels pre-filled from the model, for import to tell unreviewed records."""
    return {"prefilled": _themes_or_other(it.prediction) + [it.prediction.sentiment]} if it.prediction is not None else {}


def schema_stamp(schema: Schema) -> dict[str, str]:
    """``{"schema": id, "schema_version": version}``: the schema an export offered its labelers.

    Label Studio tasks carry it in ``data``, doccano records as fields and
    brat's ``argmine.json`` once; ``argmine import`` warns when it is not the
    schema the labels are read with (:func:`argmine.importers.import_annotations`).

    >>> schema_stamp(load_schema())["schema"]
    'alipay_social'
    """
    return {"schema": schema.id, "schema_version": schema.version}


# --- Label Studio ------------------------------------------------------------------


def label_studio_config(schema: Schema, level: str = "unit") -> str:
    """The labeling config XML for ``schema`` (unit level: two Choices; document level: span Labels), and a TextArea for notes.

    >>> from argmine.schema import load_schema
    >>> xml = label_studio_config(load_schema())
    >>> '<Choices name="themes" toName="text" choice="multiple"' in xml
    True
    """
    view = ET.Element("View")
    if level == "unit":
        ET.SubElement(view, "Header", value="$unit_id")
        ET.SubElement(view, "Text", name="text", value="$text")
        themes = ET.SubElement(view, "Choices", name="themes", toName="text", choice="multiple",
                               showInline="true", required="true")
        for t in schema.themes:
            ET.SubElement(themes, "Choice", value=t.id, hint=_hint(t))
        ET.SubElement(themes, "Choice", value=OTHER, hint="no theme of this schema")
        sent = ET.SubElement(view, "Choices", name="sentiment", toName="text", choice="single",
                             showInline="true", required="true")
    else:
        labels = ET.SubElement(view, "Labels", name="unit", toName="text", choice="multiple")
        for i, t in enumerate(schema.themes):
            ET.SubElement(labels, "Label", value=t.id, background=color_of(t, i), hint=_hint(t))
        ET.SubElement(labels, "Label", value=OTHER, background=OTHER_COLOR, hint="no theme of this schema")
        ET.SubElement(view, "Text", name="text", value="$text")
        sent = ET.SubElement(view, "Choices", name="sentiment", toName="text", choice="single",
                             perRegion="true", required="true")
    for s in schema.sentiments:
        ET.SubElement(sent, "Choice", value=s)
    # the labeler's note, optional: import reads it into the gold record's 'note' (a region's, at document level)
    ET.SubElement(view, "TextArea", name="note", toName="text", rows="2", placeholder="note (optional)",
                  **({"perRegion": "true"} if level != "unit" else {}))
    ET.indent(view)
    return ET.tostring(view, encoding="unicode") + "\n"


def _ls_unit_task(it: Item, model_version: str, stamp: Mapping[str, str]) -> dict[str, Any]:
    u = it.unit
    task: dict[str, Any] = {
        "data": {"text": u.text, "unit_id": u.id, "doc": u.doc, "start": u.start, "end": u.end, "kind": u.kind, **stamp}
    }
    p = it.prediction
    if p is not None:
        task["predictions"] = [{
            "model_version": model_version,
            "score": round(p.confidence, 4),
            "result": [
                {"id": "themes", "from_name": "themes", "to_name": "text", "type": "choices",
                 "value": {"choices": _themes_or_other(p)}, "score": round(p.confidence, 4)},
                {"id": "sentiment", "from_name": "sentiment", "to_name": "text", "type": "choices",
                 "value": {"choices": [p.sentiment]}},
            ],
        }]
    return task


def _ls_document_task(doc: Document, items: Sequence[Item], model_version: str, stamp: Mapping[str, str]) -> dict[str, Any]:
    task: dict[str, Any] = {
        "data": {"text": doc.text, "doc": doc.id, "units": [_unit_ref(it.unit) for it in items], **stamp}
    }
    result = []
    have_predictions = any(it.prediction is not None for it in items)
    for n, it in enumerate(items):
        u, p = it.unit, it.prediction
        # Label Studio's editor counts Text offsets in code points, as Python does (not UTF-16 as doccano)
        span = {"start": u.start, "end": u.end, "text": u.text}
        rid = f"r{n}"
        region: dict[str, Any] = {"id": rid, "from_name": "unit", "to_name": "text", "type": "labels",
                                  "value": {**span, "labels": _themes_or_other(p) if p else [OTHER]}}
        if p is not None:
            region["score"] = round(p.confidence, 4)
        result.append(region)
        if p is not None:
            result.append({"id": rid, "from_name": "sentiment", "to_name": "text", "type": "choices",
                           "value": {**span, "choices": [p.sentiment]}})
    confs = [it.prediction.confidence for it in items if it.prediction is not None]
    # Without a model the regions still mark the unit boundaries (labelled "other",
    # no sentiment), so labelers only choose labels and never redraw spans.
    task["predictions"] = [{
        "model_version": model_version if have_predictions else "argmine-segment",
        "score": round(min(confs), 4) if confs else 0.0,
        "result": result,
    }]
    return task


@contextmanager
def _undone_on_failure(out: Path, paths: Iterable[Path] = ()) -> Iterator[list[Path]]:
    """Create folder ``out`` for an export; if the block fails, remove the files it created and the folder if this made it.

    A full disk or Ctrl-C then leaves no half export (tasks without their
    config) and no empty folder.  The files are ``paths`` that do not exist
    yet, and what the block appends to the list it is given.
    """
    made_out = not out.exists()
    out.mkdir(parents=True, exist_ok=True)
    created = [p for p in paths if not p.exists()]
    try:
        yield created
    except BaseException:
        for f in created:
            with suppress(OSError):  # the error in flight is the one to report
                f.unlink(missing_ok=True)
        if made_out:
            with suppress(OSError):
                out.rmdir()
        raise


@register_exporter("label-studio")
def write_label_studio(items, out: Path, *, schema: Schema, documents=None, level="unit", model_version="argmine") -> list[Path]:
    """Write ``tasks.json`` (unit or document level) and ``config.xml`` into directory ``out``."""
    if level == "unit":
        tasks = (_ls_unit_task(it, model_version, schema_stamp(schema)) for it in items)
    else:
        docs = _need_docs("label-studio", level, items, documents)
        tasks = (_ls_document_task(docs[d], its, model_version, schema_stamp(schema)) for d, its in _by_doc(items).items())
    refuse_folders_in_the_way(out, (LS_TASKS, LS_CONFIG))  # not after tasks.json was replaced, as "(Is a directory)"
    with _undone_on_failure(out, (out / LS_TASKS, out / LS_CONFIG)):
        # One task per line, written as it is made: a list of 400,000 tasks
        # indented by json.dumps took gigabytes of memory.
        with replacing(out / LS_TASKS, newline=None, follow_links=False) as f:  # a link placed in the folder is replaced, not followed
            f.write("[")
            for i, task in enumerate(tasks):
                f.write(",\n" if i else "\n")
                f.write(json.dumps(task, ensure_ascii=False))
            f.write("\n]\n")
        _write_text(out / LS_CONFIG, label_studio_config(schema, level), follow_links=False)
    return [out / LS_TASKS, out / LS_CONFIG]


# --- doccano -------------------------------------------------------------------------


def _check_disjoint(schema: Schema) -> None:
    clash = set(schema.theme_ids + (OTHER,)) & set(schema.sentiments)
    if clash:
        raise ArgmineError(f"schema {schema.id!r}: theme ids {sorted(clash)} equal sentiment labels; doccano needs distinct label names")


@register_exporter("doccano")
def write_doccano(items, out: Path, *, schema: Schema, documents=None, level="unit", model_version="argmine") -> list[Path]:
    """Write ``tasks.jsonl`` (text classification or span labelling) and ``label_types.json``."""
    _check_disjoint(schema)
    lines = []
    if level == "unit":
        for it in items:
            u, p = it.unit, it.prediction
            labels = _themes_or_other(p) + [p.sentiment] if p else []
            lines.append({"text": u.text, "label": labels, "unit_id": u.id, "doc": u.doc,
                          "start": u.start, "end": u.end, "kind": u.kind, **_prefilled(it), **schema_stamp(schema)})
    else:
        docs = _need_docs("doccano", level, items, documents)
        for d, its in _by_doc(items).items():
            m = Utf16Offsets(docs[d].text)
            spans = []
            for it in its:
                u, p = it.unit, it.prediction
                s, e = m.to_utf16(u.start), m.to_utf16(u.end)
                for lab in (_themes_or_other(p) + [p.sentiment]) if p else [OTHER]:
                    spans.append([s, e, lab])
            lines.append({"text": docs[d].text, "label": spans, "doc": d, "units": [{**_unit_ref(it.unit), **_prefilled(it)} for it in its],
                          **schema_stamp(schema)})
    label_types = [{"text": t.id, "background_color": color_of(t, i), "text_color": "#ffffff"} for i, t in enumerate(schema.themes)]
    label_types.append({"text": OTHER, "background_color": OTHER_COLOR, "text_color": "#ffffff"})
    label_types += [{"text": s, "background_color": "#cccccc", "text_color": "#000000"} for s in schema.sentiments]
    refuse_folders_in_the_way(out, (DOCCANO_TASKS, DOCCANO_LABELS))  # not after tasks.jsonl was replaced, as "(Is a directory)"
    with _undone_on_failure(out, (out / DOCCANO_TASKS, out / DOCCANO_LABELS)):  # no tasks.jsonl without its label_types.json
        _write_text(out / DOCCANO_TASKS, "".join(json.dumps(x, ensure_ascii=False) + "\n" for x in lines), follow_links=False)
        _write_text(out / DOCCANO_LABELS, json.dumps(label_types, ensure_ascii=False, indent=1) + "\n", follow_links=False)
    return [out / DOCCANO_TASKS, out / DOCCANO_LABELS]


# --- brat ------------------------------------------------------------------------------


def brat_annotation_conf(schema: Schema) -> str:
    """``annotation.conf`` for ``schema``: one entity type per theme plus ``other``, a Sentiment attribute."""
    entities = "\n".join([*schema.theme_ids, OTHER])
    return (
        f"# generated by argmine from schema {_config_text(schema.id)} v{_config_text(schema.version)}\n"
        f"[entities]\n{entities}\n\n"
        "[relations]\n"
        "# several themes of one unit are entities on the same span\n"
        "<OVERLAP>\tArg1:<ENTITY>, Arg2:<ENTITY>, <OVL-TYPE>:<ANY>\n\n"
        "[events]\n\n"
        "[attributes]\n"
        f"Sentiment\tArg:<ENTITY>, Value:{'|'.join(schema.sentiments)}\n"
    )


def _brat_visual_conf(schema: Schema) -> str:
    """``visual.conf`` for ``schema``: each type's display name under ``[labels]`` (``TYPE | NAME``), its colour under ``[drawing]``.

    >>> from argmine.schema import load_schema
    >>> print(_brat_visual_conf(load_schema()).splitlines()[1])
    pro_social | pro social
    """
    rows = [f"{t.id} | {_brat_label(t.name_en) or t.id}\n" for t in schema.themes]
    colours = [f"{t.id}\tbgColor:{color_of(t, i)}\n" for i, t in enumerate(schema.themes)]
    return "[labels]\n" + "".join(rows) + f"{OTHER} | other\n\n[drawing]\n" + "".join(colours) + f"{OTHER}\tbgColor:{OTHER_COLOR}\n"


def _brat_label(name: str) -> str:
    r"""``name`` as one label of a ``[labels]`` line of brat's visual.conf: on one line, a ``|`` made ``/``.

    >>> _brat_label("pay | social\tnet\nwork")
    'pay / social net work'
    """
    # brat splits a [labels] line at '|' into the type and its labels, and a line break starts another line: a '|' in
    # a name becomes '/' (it would make the rest a label of its own), tabs and line breaks a space (_config_text)
    return _config_text(name).replace("|", "/")


_UNSAFE = re.compile(r"[^\w.-]+")
#: Names Windows keeps for devices, with or without an extension (``CON.txt`` too).
_RESERVED = frozenset(["CON", "PRN", "AUX", "NUL", *(f"{p}{i}" for p in ("COM", "LPT") for i in range(1, 10))])
#: The longest stem in UTF-8 bytes: file systems allow 255 per name, less ``.ann`` and the temporary ``.NAME.XXXX.part``.
_STEM_BYTES = 100


def is_brat_file_stem(stem: str) -> bool:
    """Whether ``stem`` is a name :func:`brat_file_stem` can give: a plain file name in the folder on every system.

    Import refuses any other name in ``argmine.json`` (``../x``, ``/abs``, ``C:x``, ``CON``, ``a:stream``).

    >>> [is_brat_file_stem(s) for s in ["a_b", "CON_", "深圳.2", "../x", "C:x", "con", "a:s", ".", ""]]
    [True, True, True, False, False, False, False, False, False]
    """
    return bool(stem) and not _UNSAFE.search(stem) and not stem.startswith(".") and stem.partition(".")[0].upper() not in _RESERVED


def brat_file_stem(doc_id: str, taken: set[str]) -> str:
    """A file name for ``doc_id`` that is safe on every file system and unique in ``taken``.

    Unique ignoring case and Unicode normalisation (macOS and Windows would
    otherwise let ``a_b`` and ``A_B`` overwrite each other); ``taken`` holds
    the folded names.  A long id is cut and ends in a short hash of the whole
    id; a Windows device name (``CON``, ``com1.x``) gets a ``_`` (``CON_``, ``com1_.x``).
    ``argmine.json`` maps every stem back to its document id.

    >>> taken = set()
    >>> [brat_file_stem(d, taken) for d in ["a/b", "A/B", "CON", "x" * 300]][:3]
    ['a_b', 'A_B_2', 'CON_']
    >>> len(brat_file_stem("深" * 300, taken).encode()) <= 100
    True
    """
    import hashlib
    import unicodedata

    stem = _UNSAFE.sub("_", unicodedata.normalize("NFC", doc_id)).strip("._") or "doc"
    if len(stem.encode("utf-8")) > _STEM_BYTES:
        tag = "_" + hashlib.sha1(doc_id.encode("utf-8", "surrogatepass")).hexdigest()[:10]
        cut = stem.encode("utf-8")[: _STEM_BYTES - len(tag)].decode("utf-8", "ignore").rstrip("._")
        stem = cut + tag
    head, dot, rest = stem.partition(".")
    if head.upper() in _RESERVED:  # CON.x is a device too: the _ goes before the first dot
        stem = f"{head}_{dot}{rest}"
    base, n = stem, 1
    while stem.casefold() in taken:
        n += 1
        stem = f"{base}_{n}"
    taken.add(stem.casefold())
    return stem


@register_exporter("brat")
def write_brat(items, out: Path, *, schema: Schema, documents=None, level="document", model_version="argmine", force: bool = False) -> list[Path]:
    """Write ``<doc>.txt`` + ``<doc>.ann`` per document, ``annotation.conf``, ``visual.conf`` and ``argmine.json``.

    Without predictions each unit is one ``other`` span with no sentiment, so
    labelers only retype spans and never redraw them.  The files are written
    into a new hidden folder and moved into ``out`` together once all are
    written (:func:`~argmine._files.replacing_folder`): a failed or stopped
    export leaves ``out`` as it was, and a folder with ``argmine.json`` is a
    complete export.  This export replaces one already in ``out``: the
    documents its ``argmine.json`` lists that this one does not write are
    removed with the rest, so brat shows labelers this export's documents
    only.  ``argmine.json`` records the SHA-256 of each ``.ann`` written; when
    a ``.ann`` of the previous export differs from it (labels were drawn in
    it since), the export is refused (an :class:`InputError`, nothing
    changed) unless ``force``.  The ``.ann`` files of an export that recorded
    none (an older argmine's) are replaced with a warning.  Files argmine did
    not write there (not listed in its ``argmine.json``) are left; ``.txt`` and ``.ann`` files among them, which
    brat shows too, are warned about once.  One that has the name of a file this
    export writes (a ``.txt``/``.ann`` of the user's, in a folder with no ``argmine.json``,
    or one whose ``argmine.json`` does not list it or cannot be read; an ``annotation.conf`` or ``visual.conf`` in a
    folder with no ``argmine.json``; an ``argmine.json`` that is not an export's: :func:`previous_brat_export`)
    is not replaced: the export is refused (an :class:`InputError`, nothing changed) unless ``force``.  A folder
    of such a name is refused with ``force`` too: replacing it would delete it with what it holds.  One
    :class:`InputError` names all of these at once (:func:`refuse_brat_in_the_way`).
    A unit that does not point into its document's text is an :class:`AlignmentError` naming it.
    """
    from ._files import replacing_folder

    docs = _need_docs("brat", "document", items, documents)
    previous = previous_brat_export(out)
    by_doc = _by_doc(items)
    stems = _brat_stems(by_doc)
    refuse_brat_in_the_way(out, _brat_file_names(stems), previous, force=force)
    with replacing_folder(out, replaces=previous.files) as new:

        def write(path: Path, text: str, newline: str | None = None) -> None:
            _write_text(path, text, newline=newline, follow_links=False)

        written = [out / p.name for p in _write_brat_files(by_doc, stems, new, docs, write, schema=schema, model_version=model_version)]
    if previous.unchecked:
        from .errors import W_BRAT_UNCHECKED, InputWarning, inflect, warn_caller
        from .read import shown_path

        n = len(previous.unchecked)
        warn_caller(W_BRAT_UNCHECKED.format(folder=shown_path(str(out)), n=n, files=inflect(n, "file"), first=_first_names(previous.unchecked),
                                            them=inflect(n, "it", "them")), InputWarning)
    _warn_other_brat_files(out, {p.name for p in written})
    return written


@dataclass(frozen=True)
class PreviousBrat:
    """What a folder holds of a previous brat export, as its ``argmine.json`` lists it (:func:`previous_brat_export`).

    Every name is as the system names the file (:func:`~argmine._files.disk_name`: its UTF-8 bytes in every
    locale), as ``os.listdir`` gives it and the paths export returns have it; :func:`~argmine.read.shown_path`
    shows one in a message.
    """

    #: the file stems listed whose ``.txt`` or ``.ann`` is there
    documents: tuple[str, ...] = ()
    #: their ``.txt`` and ``.ann`` files: what an export into the folder replaces
    files: tuple[str, ...] = ()
    #: the ``.ann`` files that differ from what the export wrote (its recorded SHA-256): labels were drawn in them since
    edited: tuple[str, ...] = ()
    #: the ``.ann`` files whose SHA-256 it did not record (an older argmine's export): whether they were labelled is not known
    unchecked: tuple[str, ...] = ()
    #: why the folder's ``argmine.json`` is not taken for an export's (``""``: it is, or none there): it cannot be read,
    #: or is not what an export writes (:func:`previous_brat_export`); what it lists is not known, and it may be the user's
    unreadable: str = ""


#: The key of a document's entry in brat's ``argmine.json`` that holds the SHA-256 (hex) of the ``.ann`` export wrote.
BRAT_ANN_HASH = "ann_sha256"


def previous_brat_export(out: str | os.PathLike) -> PreviousBrat:
    """The documents of the previous brat export in folder ``out``, and which of its ``.ann`` files were labelled since.

    No ``argmine.json`` lists none; nor does one that cannot be read or is not an export's, whose reason is
    ``unreadable``.  An export's is a JSON object with the keys every argmine has written there: ``schema`` (a string)
    and ``documents``, an object whose every entry is an object with ``doc`` (a string) and ``units`` (a list); any
    other (a user's own file of that name, another tool's) is not argmine's to replace.  Only plain file
    names that an export writes count (:func:`is_brat_file_stem`: ``../x`` does not),
    and only files (or links) there: nothing outside ``out``, and no folder, is removed.

    >>> import tempfile
    >>> previous_brat_export(tempfile.mkdtemp())
    PreviousBrat(documents=(), files=(), edited=(), unchecked=(), unreadable='')
    """
    out = Path(out)
    manifest = out / BRAT_MANIFEST
    if manifest.is_symlink():  # not followed: a link placed there is not argmine's
        return PreviousBrat(unreadable="it is a symbolic link, which no export writes")
    if not manifest.is_file():
        return PreviousBrat(unreadable="it is not a file") if os.path.lexists(manifest) else PreviousBrat()
    not_exports = PreviousBrat(unreadable="it is not an export's JSON")  # however it differs: one line for any foreign JSON
    try:
        listed = json.loads(manifest.read_text(encoding="utf-8"))
    except OSError as e:
        return PreviousBrat(unreadable=str(e.strerror or e))
    except (ValueError, RecursionError):  # not JSON, or nested deeper than the parser goes: no export's
        return not_exports
    documents = listed.get("documents") if isinstance(listed, dict) else None
    if not (isinstance(documents, dict) and isinstance(listed.get("schema"), str)):
        return not_exports
    # {"notes": "my notes"}: a user's file of that name; the files it names are not the export's to replace or remove
    if not all(isinstance(entry, dict) and isinstance(entry.get("doc"), str) and isinstance(entry.get("units"), list)
               for entry in documents.values()):
        return not_exports
    from ._files import disk_name

    stems, files, edited, unchecked = [], [], [], []
    for stem, entry in documents.items():
        if not (isinstance(stem, str) and is_brat_file_stem(stem)):
            continue
        ann = disk_name(f"{stem}.ann")
        there = [name for name in (disk_name(f"{stem}.txt"), ann) if (out / name).is_symlink() or (out / name).is_file()]
        if not there:
            continue
        stems.append(disk_name(stem))
        files += there
        if ann in there:
            recorded = entry.get(BRAT_ANN_HASH)
            if not isinstance(recorded, str):
                unchecked.append(ann)
            elif _sha256_of(out / ann) != recorded:
                edited.append(ann)
    return PreviousBrat(tuple(stems), tuple(files), tuple(edited), tuple(unchecked))


def brat_file_names(items: Sequence[Item]) -> list[str]:
    """The names of the files a brat export of ``items`` writes into its folder, as the system names them
    (:func:`~argmine._files.disk_name`): each document's ``.txt`` and ``.ann`` in order, then :data:`BRAT_FIXED`.

    >>> from argmine.types import Unit
    >>> brat_file_names([Item(Unit.from_source("财不外露。", doc="a/b", n=1, start=0, end=5, kind="body"))])
    ['a_b.txt', 'a_b.ann', 'annotation.conf', 'visual.conf', 'argmine.json']
    """
    return _brat_file_names(_brat_stems(_by_doc(items)))


def _brat_file_names(stems: Mapping[str, str]) -> list[str]:
    """:func:`brat_file_names` for the file stems ``stems`` (:func:`_brat_stems`)."""
    from ._files import disk_name

    return [disk_name(f"{stem}{ext}") for stem in stems.values() for ext in (".txt", ".ann")] + list(BRAT_FIXED)


def refuse_brat_in_the_way(out: str | os.PathLike, names: Sequence[str] | None = None, previous: PreviousBrat | None = None, *,
                           force: bool = False) -> None:
    """Raise an :class:`InputError` naming, in one line, everything in folder ``out`` that a brat export writing the files
    ``names`` (:func:`brat_file_names`) would replace and should not, so that one run says all the user has to deal with:

    * a folder of one of those names, which replacing would delete with what it holds: refused with ``force`` too;
    * ``.ann`` files of the previous export labelled since (``previous``: :func:`previous_brat_export`'s ``edited``),
      which the export would replace or remove;
    * files argmine did not write that have one of those names: a ``.txt``/``.ann`` that the folder's ``argmine.json``
      does not list (or no ``argmine.json``, or one that cannot be read); in a folder with no ``argmine.json``, its
      ``annotation.conf`` and ``visual.conf`` (a brat project's own type definitions); an ``argmine.json`` that is not
      an export's (``previous.unreadable``: a user's own file of that name, another tool's), named first.

    With ``force`` only folders are refused.  ``names=None``: the documents are not read yet, so only
    :data:`BRAT_FIXED` are known; it raises only where that is all that can be in the way (the folder holds no
    ``.txt``/``.ann`` that the previous export did not write): the CLI refuses such a folder before it reads the
    documents, and a folder where a document's files may be in the way too once it has read them, in one line either way.

    >>> import tempfile
    >>> refuse_brat_in_the_way(tempfile.mkdtemp(), ["a.txt", "a.ann", *BRAT_FIXED])  # an empty folder: nothing in the way
    """
    import shlex

    from .errors import (E_BRAT_LABELS_EDITED, E_BRAT_MANIFEST_NOT_ARGMINES, E_BRAT_NOT_ARGMINES, H_BRAT_MANIFEST_UNREAD, H_BRAT_NO_MANIFEST,
                         H_BRAT_NOT_LISTED, H_EXPORT_FOLDER_FORCE, inflect)
    from .read import shown_path

    out = Path(out)
    previous = previous or previous_brat_export(out)
    if names is None:
        if _unlisted_pages_there(out, previous, folders_only=force):
            return  # one may have a document's name: said with the rest once the documents are read
        names = BRAT_FIXED
    folders = _folders_among(out, names)
    edited = () if force else previous.edited
    theirs = [] if force else _not_argmines(out, previous, names, skip=folders)
    parts = []
    if folders:
        parts.append(_folders_in_the_way(folders, H_EXPORT_FOLDER_FORCE))
    if edited:
        n = len(edited)
        parts.append(E_BRAT_LABELS_EDITED.format(n=n, files=inflect(n, "file"), first=_first_names(edited), them=inflect(n, "it", "them"),
                                                 folder=shlex.quote(shown_path(str(out)))))
    if theirs == [BRAT_MANIFEST] and not parts:  # the argmine.json alone: named itself, with the reason
        raise InputError(shown_path(str(out / BRAT_MANIFEST)), E_BRAT_MANIFEST_NOT_ARGMINES.format(reason=previous.unreadable))
    if theirs:
        n = len(theirs)
        them = inflect(n, "it", "them")
        if previous.unreadable:
            why = H_BRAT_MANIFEST_UNREAD.format(reason=previous.unreadable, them=them)
        elif os.path.lexists(out / BRAT_MANIFEST):
            why = H_BRAT_NOT_LISTED.format(them=them)
        else:
            why = H_BRAT_NO_MANIFEST.format(them=them)
        parts.append(E_BRAT_NOT_ARGMINES.format(n=n, files=inflect(n, "file"), first=_first_names(theirs), have=inflect(n, "has", "have"),
                                                them=them, why=why))
    if parts:
        raise InputError(shown_path(str(out)), "; also ".join(parts))


def _not_argmines(out: Path, previous: PreviousBrat, names: Iterable[str], *, skip: Collection[str] = ()) -> list[str]:
    """The entries of folder ``out`` among ``names`` (the files an export writes) that are not known to be argmine's
    (:func:`refuse_brat_in_the_way`), ``argmine.json`` first; those in ``skip`` left out."""
    ours = set(previous.files)
    no_manifest = not os.path.lexists(out / BRAT_MANIFEST)

    def theirs(name: str) -> bool:
        if name == BRAT_MANIFEST:
            return bool(previous.unreadable)
        if name in BRAT_FIXED:  # annotation.conf, visual.conf: an export's where its argmine.json is there
            return no_manifest
        return name not in ours

    found = [n for n in dict.fromkeys(names) if n not in skip and theirs(n) and os.path.lexists(out / n)]
    return sorted(found, key=lambda n: n != BRAT_MANIFEST)  # why the others are not known to be argmine's


def _unlisted_pages_there(out: Path, previous: PreviousBrat, *, folders_only: bool = False) -> bool:
    """Whether folder ``out`` holds a ``.txt``/``.ann`` (a folder of that name, with ``folders_only``) that the previous
    export did not write, which may have the name of a document an export writes (hidden ones aside: no export's are)."""
    ours = set(previous.files)
    try:
        with os.scandir(out) as entries:
            return any(e.name.endswith((".txt", ".ann")) and not e.name.startswith(".") and e.name not in ours
                       and (not folders_only or e.is_dir(follow_symlinks=False)) for e in entries)
    except OSError:  # no folder yet, or one that cannot be listed (the export says so when it writes)
        return False


def _folders_among(out: Path, names: Iterable[str]) -> list[str]:
    """The entries of folder ``out`` among ``names`` that are folders (a link to one is a link, which is replaced)."""
    import stat

    found = []
    for name in dict.fromkeys(names):
        try:
            if stat.S_ISDIR(os.lstat(out / name).st_mode):
                found.append(name)
        except OSError:  # not there: nothing in the way
            pass
    return found


def _folders_in_the_way(folders: Sequence[str], force: str = "") -> str:
    """:data:`~argmine.errors.E_EXPORT_FOLDER_IN_THE_WAY` for ``folders`` (``force``: what it says of --force, or nothing)."""
    from .errors import E_EXPORT_FOLDER_IN_THE_WAY, inflect

    n = len(folders)
    return E_EXPORT_FOLDER_IN_THE_WAY.format(n=n, folders=inflect(n, "folder"), first=_first_names(folders), have=inflect(n, "has", "have"),
                                             force=force, them=inflect(n, "it", "them"))


def refuse_folders_in_the_way(out: str | os.PathLike, names: Iterable[str]) -> None:
    """Raise an :class:`InputError` naming the entries of folder ``out`` among ``names`` (the files an export writes
    there) that are folders: writing the file would fail once the others were replaced (``tasks.json`` before a
    ``config.xml`` that is a folder), and a brat export would delete it with what it holds.

    >>> import tempfile
    >>> refuse_folders_in_the_way(tempfile.mkdtemp(), [LS_TASKS, LS_CONFIG])  # nothing there
    """
    from .read import shown_path

    folders = _folders_among(Path(out), names)
    if folders:
        raise InputError(shown_path(str(out)), _folders_in_the_way(folders))


def _sha256_of(path: Path) -> str | None:
    """The SHA-256 (hex) of file ``path``'s bytes; ``None`` for a link (export writes none) or a file that cannot be read."""
    import hashlib

    if path.is_symlink():
        return None
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return None


def _first_names(names: Sequence[str]) -> str:
    """The first three of ``names`` as a message shows them, and ``, ...`` after them when there are more."""
    from .read import shown_path

    return ", ".join(shown_path(n) for n in names[:3]) + (", ..." if len(names) > 3 else "")


def _warn_other_brat_files(out: Path, written: Collection[str]) -> None:
    """Warn once about the ``.txt``/``.ann`` files in ``out`` that are not ``written`` (hidden ones aside: brat does not show them)."""
    from .errors import W_BRAT_OTHER_FILES, InputWarning, inflect, warn_caller
    from .read import shown_path

    try:
        others = sorted(e.name for e in os.scandir(out) if e.name.endswith((".txt", ".ann")) and not e.name.startswith(".")
                        and e.name not in written and not e.is_dir())
    except OSError:  # the export is in place: a folder that cannot be listed now is no reason to fail it
        return
    if others:
        warn_caller(W_BRAT_OTHER_FILES.format(folder=shown_path(str(out)), n=len(others), files=inflect(len(others), "file"),
                                              first=_first_names(others)), InputWarning)


def brat_note_value(key: str, value: str) -> str:
    r"""``key=value`` as export's brat ``AnnotatorNotes`` line writes it: ``value`` as a JSON string where it holds white
    space or starts with ``"`` (a file name with a space, a line break in a document id), so that import can tell
    where it ends and the labeler's own note starts.

    >>> brat_note_value("unit", "评论#1"), brat_note_value("unit", "my file#1"), brat_note_value("model", 'a"b')
    ('unit=评论#1', 'unit="my file#1"', 'model=a"b')
    >>> brat_note_value("unit", "a\r\nb#1")
    'unit="a\\r\\nb#1"'
    """
    if value.startswith('"') or any(c.isspace() for c in value):
        value = json.dumps(value, ensure_ascii=False)
    return f"{key}={value}"


def _brat_stems(by_doc: Mapping[str, Sequence[Item]]) -> dict[str, str]:
    """The file stem of each document of ``by_doc`` (:func:`_by_doc`), in its order (:func:`brat_file_stem`)."""
    taken: set[str] = set()
    return {d: brat_file_stem(d, taken) for d in by_doc}


def _write_brat_files(by_doc: Mapping[str, Sequence[Item]], stems: Mapping[str, str], out: Path, docs: Mapping[str, Document], write, *,
                      schema: Schema, model_version: str) -> list[Path]:
    """Write the brat files of ``by_doc`` (:func:`_by_doc`), named by ``stems`` (:func:`_brat_stems`), into folder ``out``
    through ``write(path, text, newline)``; returns the paths."""
    import hashlib

    from ._files import disk_name

    written, manifest = [], {**schema_stamp(schema), "documents": {}}
    for d, its in by_doc.items():
        stem = stems[d]
        manifest["documents"][stem] = {"doc": d, "units": [{**_unit_ref(it.unit), **_prefilled(it)} for it in its]}
        ann, t, a, n = [], 0, 0, 0
        for it in its:
            u, p = it.unit, it.prediction
            for theme in _themes_or_other(p) if p else [OTHER]:
                t += 1
                # brat cannot show a line break inside the span text column.
                shown = u.text.replace("\r", " ").replace("\n", " ")
                ann.append(f"T{t}\t{theme} {u.start} {u.end}\t{shown}")
                if p is not None:
                    a += 1
                    ann.append(f"A{a}\tSentiment T{t} {p.sentiment}")
                    score = p.scores.get(theme, 1 - max(p.scores.values(), default=0.0)) if theme != OTHER else 1 - max(p.scores.values(), default=0.0)
                    n += 1
                    ann.append(f"#{n}\tAnnotatorNotes T{t}\t{brat_note_value('score', f'{score:.2f}')} "
                               f"{brat_note_value('unit', u.id)} {brat_note_value('model', model_version)}")
        # named by the stem's UTF-8 bytes in every locale, as import finds them and as a document id is read from a name
        txt_file, ann_file = out / disk_name(f"{stem}.txt"), out / disk_name(f"{stem}.ann")
        # newline="" keeps \r\n as is: brat offsets count it as two characters.
        write(txt_file, docs[d].text, newline="")
        ann_text = "".join(line + "\n" for line in ann)
        write(ann_file, ann_text, newline="\n")
        # what was written, to tell at the next export into this folder whether labels were drawn in it since
        manifest["documents"][stem][BRAT_ANN_HASH] = hashlib.sha256(ann_text.encode("utf-8")).hexdigest()
        written += [txt_file, ann_file]
    write(out / "annotation.conf", brat_annotation_conf(schema))
    write(out / "visual.conf", _brat_visual_conf(schema))
    write(out / BRAT_MANIFEST, json.dumps(manifest, ensure_ascii=False, indent=1) + "\n")
    return written + [out / "annotation.conf", out / "visual.conf", out / BRAT_MANIFEST]


# --- CSV -------------------------------------------------------------------------------

#: A cell a spreadsheet would read as a formula (OWASP "CSV injection": ``=``, ``+``, ``-``, ``@``, a tab or a
#: carriage return first; and their full-width forms ``＝＋－＠``, which a Chinese or Japanese input method types and
#: spreadsheets may read as the ASCII ones), after any apostrophes already in front; and such a cell as
#: :func:`formula_guarded` wrote it.
_FORMULA, _GUARDED_FORMULA = re.compile(r"'*[=+\-@\t\r＝＋－＠]"), re.compile(r"'+[=+\-@\t\r＝＋－＠]")
#: Columns of :data:`CSV_COLUMNS` holding numbers argmine wrote (``-0.359`` is a number to Excel, not a formula).
_NUMBER_COLUMNS = frozenset({"start", "end", "pred_sentiment_score", "confidence"})


def formula_guarded(cell: str) -> str:
    """``cell`` with one ``'`` in front if a spreadsheet would read it as a formula; :func:`formula_unguarded` undoes it.

    A cell already starting with apostrophes and then ``=`` gets one more, so that
    the guard can always be undone: a text that really starts with ``'=`` survives.

    >>> formula_guarded("=1+2"), formula_guarded("@张三 -1"), formula_guarded("'=1"), formula_guarded("好 -1")
    ("'=1+2", "'@张三 -1", "''=1", '好 -1')
    >>> formula_guarded("＝1+2"), formula_guarded("＠张三"), formula_guarded("'－1")
    ("'＝1+2", "'＠张三", "''－1")
    """
    return "'" + cell if _FORMULA.match(cell) else cell


def formula_unguarded(cell: str) -> str:
    """``cell`` with the ``'`` that :func:`formula_guarded` put in front removed (one, before a formula's first character).

    >>> formula_unguarded("'+1 同意"), formula_unguarded("''=1"), formula_unguarded("'好"), formula_unguarded("'＋1 同意")
    ('+1 同意', "'=1", "'好", '＋1 同意')
    """
    return cell[1:] if _GUARDED_FORMULA.match(cell) else cell


def formula_guarded_row(row: Mapping[str, Any], skip: Collection[str] = frozenset()) -> dict[str, Any]:
    """``row`` with :func:`formula_guarded` applied to its text cells, except those of the columns in ``skip``.

    >>> formula_guarded_row({"text": "=1", "start": "-1", "n": -1}, skip={"start"})
    {'text': "'=1", 'start': '-1', 'n': -1}
    """
    return {k: formula_guarded(v) if isinstance(v, str) and k not in skip else v for k, v in row.items()}


def formula_unguarded_row(row: Mapping[str, Any]) -> dict[str, Any]:
    """``row`` with :func:`formula_unguarded` applied to its text cells: a sheet row as it was before export guarded it.

    >>> formula_unguarded_row({"text": "'=1", "n": None})
    {'text': '=1', 'n': None}
    """
    return {k: formula_unguarded(v) if isinstance(v, str) else v for k, v in row.items()}


def csv_schema_cell(schema: Schema) -> str:
    """The ``schema`` cell of the CSV sheet: ``id vVERSION``, as messages name a schema.

    One cell of text, not a version column of its own: a spreadsheet would turn a version
    ``1.10`` into the number 1.1.  :func:`csv_schema_stamp` reads it back.

    >>> csv_schema_cell(load_schema())
    'alipay_social v2'
    """
    return f"{schema.id} v{schema.version}"


def csv_schema_stamp(cell: str, schema: Schema | None = None) -> dict[str, str]:
    """The :func:`schema_stamp` a sheet's ``schema`` cell records (``{}`` for an empty one; version ``""`` when it has none).

    An id and a version are any text, so ``" v"`` may be in either.  A cell is split at its last ``" v"``
    outside brackets (``()``, ``[]``, ``{}`` and their full-width forms; a cell with none there at its last
    ``" v"``), as a version such as ``2 (pilot v3)`` holds one inside them: ``pension v reform v2 (pilot v3)``
    is ``pension v reform``, version ``2 (pilot v3)``.  A cell that starts with ``schema``'s own id and ``" v"``
    is read as that schema, the rest its version, when the rest is ``schema``'s own version or holds no ``" v"``
    outside brackets (``retire v1 (pilot v2)``: ``retire``, version ``1 (pilot v2)``).  Otherwise the own id is
    only a word-prefix of the cell's id and the split above stands (``retire vote v1`` read with ``retire`` is
    ``retire vote``, version ``1``): in doubt, another schema is not read as this one.  The corner this leaves:
    another version of this schema whose version holds ``" v"`` outside brackets (``retire v1 pilot v2`` read
    with ``retire`` of version ``2 pilot v3``) reads as another schema's stamp (``retire v1 pilot``, version
    ``2``).  White space is compared as the importer reads the cell, any run of it as one space.

    >>> csv_schema_stamp("alipay_social v2"), csv_schema_stamp(" fire "), csv_schema_stamp("")
    ({'schema': 'alipay_social', 'schema_version': '2'}, {'schema': 'fire', 'schema_version': ''}, {})
    >>> import dataclasses
    >>> pilot = dataclasses.replace(load_schema(), id="retire", version="2 (pilot v3)")
    >>> csv_schema_stamp("retire v2 (pilot v3)", pilot), csv_schema_stamp("retire v1 (pilot v2)", pilot)
    ({'schema': 'retire', 'schema_version': '2 (pilot v3)'}, {'schema': 'retire', 'schema_version': '1 (pilot v2)'})
    >>> csv_schema_stamp("retire vote v1", pilot)
    {'schema': 'retire vote', 'schema_version': '1'}
    """
    cell = cell.strip()
    if not cell:
        return {}
    if schema is not None:
        own = " ".join(schema.id.split())
        if cell == own or cell.startswith(own + " v"):
            version = cell[len(own) + 2:].strip()
            if version == " ".join(schema.version.split()):  # its own version, as the schema has it (without the ends)
                return {"schema": schema.id, "schema_version": schema.version.strip()}
            if _last_v_outside_brackets(version) < 0:  # another version of it: no other " v" where an id could end
                return {"schema": schema.id, "schema_version": version}
    at = _last_v_outside_brackets(cell)
    sid, sep, version = (cell[:at], " v", cell[at + 2:]) if at >= 0 else cell.rpartition(" v")
    return {"schema": sid.strip(), "schema_version": version.strip()} if sep and sid.strip() else {"schema": cell, "schema_version": ""}


#: Brackets a version's ``" v"`` may sit in (``2 (pilot v3)``): :func:`csv_schema_stamp` does not split a cell inside them.
_OPENING, _CLOSING = "([{（［｛【〔", ")]}）］｝】〕"


def _last_v_outside_brackets(text: str) -> int:
    """Where the last ``" v"`` of ``text`` that no bracket encloses starts, or -1 (a stray closing bracket is ignored).

    >>> _last_v_outside_brackets("retire v1 (pilot v2)"), _last_v_outside_brackets("1 (pilot v2)"), _last_v_outside_brackets("ote v1")
    (6, -1, 3)
    """
    depth, last = 0, -1
    for i, c in enumerate(text):
        if c in _OPENING:
            depth += 1
        elif c in _CLOSING:
            depth = max(depth - 1, 0)
        elif c == " " and not depth and text.startswith("v", i + 1):
            last = i
    return last


def csv_rows(items: Sequence[Item], schema: Schema | None = None) -> Iterable[dict[str, Any]]:
    """One row per unit with the columns of :data:`CSV_COLUMNS` (``schema`` empty without a ``schema``)."""
    cell = csv_schema_cell(schema) if schema is not None else ""
    for it in items:
        u, p = it.unit, it.prediction
        row = {c: "" for c in CSV_COLUMNS}
        row["schema"] = cell
        row.update({"id": u.id, "doc": u.doc, "start": u.start, "end": u.end, "kind": u.kind, "text": u.text})
        if p is not None:
            row.update({
                "pred_themes": "; ".join(_themes_or_other(p)),
                "pred_sentiment": p.sentiment,
                "pred_sentiment_score": f"{p.sentiment_score:.3f}",
                "pred_scores": "; ".join(f"{k}={v:.3f}" for k, v in p.scores.items()),
                "confidence": f"{p.confidence:.3f}",
            })
        yield row


@register_exporter("csv")
def write_csv(items, out: Path, *, schema: Schema, documents=None, level="unit", model_version="argmine") -> list[Path]:
    """Write one CSV (UTF-8 with BOM so spreadsheets detect it); ``-`` writes to stdout, the BOM first there too.

    ``export -o - > sheet.csv`` is then the same file as ``-o sheet.csv``
    (without the BOM, Excel reads the sheet as the system's ANSI code page);
    argmine's own readers, ``import`` and ``train``, skip it.
    """
    buf = io.StringIO(newline="")
    w = csv.DictWriter(buf, fieldnames=CSV_COLUMNS, lineterminator="\r\n")
    w.writeheader()
    for row in csv_rows(items, schema):  # the sheet is opened in Excel: a comment "=HYPERLINK(...)" must stay text
        w.writerow(formula_guarded_row(row, skip=_NUMBER_COLUMNS))
    if str(out) == "-":
        import sys

        if sys.stdout is None:  # started with standard output closed (>&-): worded as every command's -o - words it
            raise InputError("standard output", E_OUTPUT_CLOSED)
        write_in_pieces(sys.stdout, "\ufeff" + buf.getvalue())
        return []
    _write_text(out, buf.getvalue(), encoding="utf-8-sig", newline="")
    return [out]
