"""Read labels back from labelling tools and turn them into gold records.

Readers (looked up by name like the exporters) understand what the tools
export: Label Studio's JSON export (tasks with ``annotations``; unit or
document level), doccano's JSONL export (field names configurable), a brat
folder, and the CSV written by :mod:`argmine.export`.  Every label is
validated against the schema, every record is mapped back to its unit by id
and offsets and its text checked against the source; conflicts between
labelers are reported.  A record that cannot be used is reported with where
it is and why (``strict=True`` raises instead); nothing is dropped silently.

>>> import tempfile, os
>>> from argmine.types import Unit
>>> from argmine.export import export
>>> u = Unit.from_source("财不外露。", doc="d", n=1, start=0, end=5, kind="comment")
>>> p = export([u], os.path.join(tempfile.mkdtemp(), "x.csv"), "csv")[0]
>>> text = p.read_text("utf-8-sig").replace("alipay_social v2,,,,", "alipay_social v2,privacy,negative,ann,")
>>> _ = p.write_text(text, "utf-8")
>>> [(r.id, r.themes, r.sentiment) for r in import_annotations([p], "csv").records]
[('d#1', ('privacy',), 'negative')]
"""

from __future__ import annotations

import bisect
import csv
import functools
import itertools
import json
import re
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Callable, Collection, Iterable, Iterator, NamedTuple, Sequence

from ._files import unusable_path
from ._json import json_lines, json_reason, loads
from .annotations import GoldRecord, big5_as_now, big5_read_before, cut_level, invisible_names, read_utf8
from .errors import (
    E_BRAT_REPEATED_ID,
    E_BRAT_FRAGMENTS,
    E_BRAT_LEGACY_NAMED,
    E_BRAT_LINK,
    E_BRAT_MISSING,
    E_BRAT_NO_SENTIMENT,
    E_BRAT_STEM,
    E_BRAT_TXT_CHANGED,
    E_DOCCANO_TEXT_FIELD,
    E_DOC_NOT_IN_SOURCE,
    E_EDITED_FIELD,
    E_EMPTY_EXPORT,
    E_GOLD_OFFSETS,
    E_LS_CONTROL,
    E_LS_FIELD,
    E_MAP_NOT_THEME,
    E_MAP_PAIR,
    E_MAP_TWICE,
    E_MAP_UNKNOWN_NEW,
    E_NO_SUCH_ANNOTATOR,
    E_NO_IMPORT_GOLD,
    E_NO_IMPORT_ROWS,
    E_NO_LABEL,
    E_OUT_OF_RANGE,
    E_REGION_TEXT_EDITED,
    E_SAVED_AS_OTHERS_AMBIGUOUS,
    E_LAYOUT,
    E_LOST_IN_ID,
    E_LOST_IN_ID_AMBIGUOUS,
    E_SHEET_CELLS,
    E_SHEET_KIND,
    E_SHEET_NO_ID,
    E_SHEET_NO_HEADER,
    E_SHEET_NO_ROWS,
    E_SHEET_QUOTES,
    E_SPAN_CROSSES_UNITS,
    E_SPAN_NOT_EXPORTED,
    E_SPAN_NOT_EXPORTED_CAUSE,
    E_SOURCE_CHANGED_CAUSE,
    H_DRAW_ON_UNIT,
    H_NEAR_LEFT_OUT,
    H_SOURCE_CHANGED,
    H_SOURCE_CHANGED_ID,
    H_SOURCE_CHANGED_TEXT,
    E_TEXT_EDITED,
    E_TEXT_MISMATCH,
    E_TRUNCATED_JSON,
    E_UNKNOWN_FORMAT,
    E_UNMAPPED,
    W_BRAT_IGNORED_LINES,
    W_BRAT_UNLISTED,
    W_BRAT_TXT_BOM,
    W_BRAT_TXT_CRLF,
    W_DOC_CELL,
    W_DOC_CELL_CAUSE,
    W_LOST_CHARACTERS,
    W_LOST_IN_ID,
    W_LS_CONTROL,
    W_LS_CONTROL_CAUSE,
    W_LS_UTF16_REGION,
    W_LEFT_OUT_UNIT,
    W_LEFT_OUT_UNIT_CAUSE,
    W_LS_UTF16_REGION_CAUSE,
    W_REGION_INVISIBLE,
    W_REGION_INVISIBLE_CAUSE,
    W_NOT_UTF8_SHEET_ALL,
    W_NOT_UTF8_SHEET_CLEAN,
    W_NOT_UTF8_SHEET_NOTES,
    W_NOT_UTF8_SHEET_ROWS,
    W_NOT_UTF8_SHEET_SAVED_AS,
    W_NOTES_NOT_IMPORTED,
    W_OTHER_WITH_THEME,
    W_PIPE_ANNOTATOR,
    W_SAVED_AS_OTHERS,
    W_SAVED_AS_OTHERS_LOST,
    InputError,
    AlignmentError,
    plural,
    AnnotationError,
    ArgmineError,
    SchemaError,
    bad_label,
    byte_offsets_hint,
    cannot_read,
    either,
    inflect,
    sentiment_named,
    shortened,
    shown_repr,
    theme_named,
    unclear_no_theme,
)
from .export import BRAT_MANIFEST, CSV_COLUMNS, CSV_COLUMNS_WITHOUT_SCHEMA, is_brat_file_stem
from .normalize import INVISIBLE, visible
from .read import broken_link, shown_path
from .schema import OTHER, Schema, load_schema, means_other, split_labels
from .types import KINDS, Unit
from .utf16 import Utf16Offsets


@dataclass(frozen=True)
class UnitRef:
    """A unit as a record claims it: id, document, offsets (code points) and text."""

    id: str
    doc: str
    start: int
    end: int
    text: str
    kind: str = ""


@dataclass(frozen=True)
class Label:
    """One labeler's labels for one unit, as read from a tool's file."""

    where: str
    unit: UnitRef
    themes: tuple[str, ...]
    sentiment: str
    annotator: str
    ground_truth: bool = False  # Label Studio: a reviewer marked this annotation as the ground truth
    saved_in: str = ""  # the legacy encoding a sheet was saved in (its characters lost as '?'); "" if UTF or not known
    #: the labels argmine's export pre-filled on the unit (the model's prediction), read as these labels are; None if not recorded
    prefilled: tuple[tuple[str, ...], str] | None = None
    note: str = ""  # the labeler's free-text note on the unit (a sheet's note cell, a text area, a comment), "" if none


@dataclass(frozen=True)
class Problem:
    """A record (or a whole file) that could not be used, where it is, and why.

    ``cause`` is a short description shared by problems of the same kind
    (the CLI lists the first few and counts the rest; for an unlabelled
    ``item``, why it is unlabelled: ``"no annotation"``, ``"only a draft by
    a@x.com, never submitted"``); ``file_level`` marks a file that could not
    be read at all; ``unit`` is the id of the unit it concerns, where known
    (the summary counts units: two regions on one unit are one); ``units``
    every unit it concerns where there are several (a span drawn across
    units, a document-level task nobody labelled, a whole annotation, record
    or brat ``.ann`` that failed), ``unit`` the first.
    """

    where: str
    reason: str
    kind: str = "error"  # "error" (invalid or unmappable), "unlabeled" or "warning" (the record was kept)
    cause: str = ""
    file_level: bool = False
    item: str = "record"  # what ``where`` names, counted in messages: "task", "unit", "row" or "record"
    unit: str = ""
    units: tuple[str, ...] = ()

    def __str__(self) -> str:
        return f"{self.where}: {self.reason}"

    @property
    def unit_ids(self) -> tuple[str, ...]:
        """Every unit the problem concerns: ``units``, else ``unit`` (none where it names no unit).

        >>> Problem("x", "", unit="d#1").unit_ids, Problem("x", "", unit="d#1", units=("d#1", "d#2")).unit_ids, Problem("x", "").unit_ids
        (('d#1',), ('d#1', 'd#2'), ())
        """
        return self.units or ((self.unit,) if self.unit else ())


def _failure(where: str, message: str, *, cause: str) -> AnnotationError:
    """The :class:`AnnotationError` of a record, carrying the cause its problem is grouped by: the message without the values it quotes.

    Records that fail alike (a label field edited the same way in each, every
    one holding other labels) are then one cause, shown as the first three and
    a count (:attr:`Problem.cause`, set by :func:`_guard`), not one group per value.

    >>> _failure("x.jsonl:1", "'label' is 7; expected a list of label names", cause="'label' is not a list of label names").cause
    "'label' is not a list of label names"
    """
    error = AnnotationError(where, message)
    error.cause = cause  # type: ignore[attr-defined]  # pickled with the error (AnnotationError.__reduce__ keeps __dict__)
    return error


_OFFSETS_CAUSE = "the record's offsets do not span its text"


def _labels_str(v: dict[str, Any]) -> str:
    return f"{'+'.join(v['themes']) or OTHER}/{v['sentiment']}"


@dataclass(frozen=True)
class Conflict:
    """Labelers gave one unit different labels, or one labeler labelled it twice differently.

    ``labels`` maps each labeler to the labels kept for them; ``repeated``
    maps a labeler who gave several different label sets to every
    ``(where, labels)`` they gave; ``kept`` says whose labels the record took;
    ``places`` maps each labeler to where their kept labels were read (file and
    row, task or line), named in the message; ``settled``: a reviewer's
    ground-truth annotation (Label Studio) gave the record its labels, so the
    unit is adjudicated and its record carries no ``"conflict": true``.

    >>> str(Conflict("d#1", {"alice": {"themes": ("bloat",), "sentiment": "negative"}, "bob": {"themes": (), "sentiment": "neutral"}},
    ...              places={"alice": "a.csv: row 1 (line 2)", "bob": "b.csv: row 1 (line 2)"}))
    'unit d#1: labelers disagree (alice (a.csv: row 1 (line 2)): bloat/negative; bob (b.csv: row 1 (line 2)): other/neutral)'
    """

    unit: str
    labels: dict[str, dict[str, Any]]
    repeated: dict[str, list[tuple[str, dict[str, Any]]]] = field(default_factory=dict)
    kept: str = "the last annotation's labels"
    places: dict[str, str] = field(default_factory=dict)
    settled: bool = False

    def __str__(self) -> str:
        parts = []
        if len({(tuple(v["themes"]), v["sentiment"]) for v in self.labels.values()}) > 1:
            parts.append("labelers disagree (" + "; ".join(
                f"{a}{f' ({self.places[a]})' if self.places.get(a) else ''}: {_labels_str(v)}" for a, v in self.labels.items()) + ")")
        for who, sets in self.repeated.items():
            parts.append(f"{who} labelled it {len(sets)} times with different labels ("
                         + "; ".join(f"{where}: {_labels_str(v)}" for where, v in sets) + ")")
        if self.settled:
            parts.append('a reviewer settled it (ground_truth), so the record has no "conflict" mark')
        return f"unit {self.unit}: " + "; ".join(parts)


class UnitCounts(NamedTuple):
    """The summary's counts: the units written, failed and unlabelled partition the units of the export."""

    failed: int  #: units a record of failed, and none was written
    failed_places: int  #: the failed records on them (a unit two regions or labelers failed on is one unit, two places)
    failed_written: int  #: failed records on units another record was written from
    no_unit: int  #: failed records naming no unit (a brat line that is no entity, a sheet row added by hand)
    unlabelled: int  #: units left unlabelled, neither failed nor written
    unlabelled_written: int  #: units left unlabelled in one record but written from another


@dataclass
class ImportResult:
    """Gold records read, plus every problem and conflict met on the way."""

    records: list[GoldRecord] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    conflicts: list[Conflict] = field(default_factory=list)
    #: what the files hold but import leaves out on purpose, counted: ``{"draft saved but never submitted": 1, ...}``
    ignored: dict[str, int] = field(default_factory=dict)
    #: records whose labels are still exactly the model's prediction that argmine's export pre-filled (doccano, brat):
    #: if nobody reviewed them, they are predictions, not gold
    prefilled: int = 0
    #: the schema each file's export recorded (:func:`argmine.export.schema_stamp`): ``{file: (id, version)}``,
    #: version ``""`` when not recorded (brat exports before it was); files that record none are absent (CSV sheets
    #: exported before their ``schema`` column, or whose column was deleted)
    schemas: dict[str, tuple[str, str]] = field(default_factory=dict)
    #: labels rewritten by the ``theme_map`` option, counted per mapping: ``{("bloat", "complexity"): 12, ("brand_fit", ""): 3}``
    mapped: dict[tuple[str, str], int] = field(default_factory=dict)
    #: theme ids of labels the schema does not have (after ``theme_map``): an older schema's, for ``import --map`` to map
    unknown_themes: set[str] = field(default_factory=set)
    #: records with a theme the schema does not have: what another schema's labels fail on (not an unknown
    #: sentiment: every schema has the same three)
    label_failures: int = 0
    #: the ids the files gave the units the records were written from, the ids problems name: with a source read at
    #: another granularity a record takes the source's id, and the two levels number their units ``doc#n`` alike
    #: (:meth:`unit_counts` compares like with like); empty: the records' own ids
    written_units: set[str] = field(default_factory=set)

    def other_schemas(self, schema: Schema) -> dict[tuple[str, str], list[str]]:
        """The schemas exports recorded that are not ``schema`` (another id, or another version): ``{(id, version): [files]}``.

        >>> from argmine.schema import load_schema
        >>> ImportResult(schemas={"a.json": ("alipay_social", "0"), "b.json": ("alipay_social", "")}).other_schemas(load_schema())
        {('alipay_social', '0'): ['a.json']}
        """
        out: dict[tuple[str, str], list[str]] = {}
        for path, (sid, version) in self.schemas.items():
            if sid != schema.id or (version and version.strip() != schema.version.strip()):  # " 2 " is 2 (the CSV cell strips it)
                out.setdefault((sid, version), []).append(path)
        return out

    def unit_counts(self) -> UnitCounts:
        """How many units failed or were left unlabelled (:class:`UnitCounts`), so that written + failed + unlabelled = units.

        Units are counted once however many places name them: a unit two regions
        or two labelers left is one; a unit written from one record is neither
        failed nor unlabelled where another record of it failed or left it (those
        are counted apart); a failed unit is not unlabelled.  A problem counts
        every unit it concerns (:attr:`Problem.unit_ids`: a span drawn across
        three units fails all three; a document's task nobody labelled leaves
        each of its units).  A failed record that names no unit is counted
        apart; an unlabelled one that names none (a task) counts as a unit.

        >>> from argmine.annotations import GoldRecord
        >>> written = GoldRecord(id="d#3", doc="d", start=0, end=1, text="好", themes=(), sentiment="neutral")
        >>> ImportResult(records=[written], problems=[
        ...     Problem("r1", "", unit="d#1"), Problem("r2", "", unit="d#1"), Problem("r3", "", unit="d#3"), Problem("x.ann:7", ""),
        ...     Problem("a", "", "unlabeled", unit="d#1"), Problem("b", "", "unlabeled", unit="d#2"), Problem("c", "", "unlabeled", unit="d#3")]).unit_counts()
        UnitCounts(failed=1, failed_places=2, failed_written=1, no_unit=1, unlabelled=1, unlabelled_written=1)
        >>> ImportResult(records=[written], problems=[Problem("span", "", units=("d#1", "d#2", "d#3"))]).unit_counts()
        UnitCounts(failed=2, failed_places=1, failed_written=0, no_unit=0, unlabelled=0, unlabelled_written=0)
        """
        written = self.written_units or {r.id for r in self.records}
        errors = [p for p in self.errors if not p.file_level and p.unit_ids]
        failed = {u for p in errors for u in p.unit_ids} - written
        left = {u for i, p in enumerate(self.unlabeled) for u in (p.unit_ids or [(i, p.where)])} - failed
        return UnitCounts(  # a problem whose units were all written is one more failed record on units other records labelled
            failed=len(failed), failed_places=sum(not failed.isdisjoint(p.unit_ids) for p in errors),
            failed_written=sum(failed.isdisjoint(p.unit_ids) for p in errors),
            no_unit=sum(not p.file_level and not p.unit_ids for p in self.errors), unlabelled=len(left - written),
            unlabelled_written=len(left & written))

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.kind == "error"]

    @property
    def unlabeled(self) -> list[Problem]:
        return [p for p in self.problems if p.kind == "unlabeled"]

    @property
    def warnings(self) -> list[Problem]:
        """Records kept, but with something the labeler should know (a repaired doc cell, 'other' plus a theme)."""
        return [p for p in self.problems if p.kind == "warning"]


def _label_seen(label: str) -> str:
    r"""A label name as the labeler saw it: without invisible characters (:func:`~argmine.normalize.visible`: a copied
    zero-width space, a U+FEFF byte-order mark a sheet's cell kept), and without white space around it.

    >>> _label_seen(" privacy\u200b "), _label_seen("\ufeffnegative"), _label_seen("\u200b")
    ('privacy', 'negative', '')
    """
    return visible(label)[0].strip()


class _Context:
    """What readers need: the schema, error policy and reader options."""

    def __init__(self, schema: Schema, strict: bool, options: dict[str, Any], has_source: bool = False,
                 source: Sequence[Unit] | None = None):
        self.schema, self.strict, self.options = schema, strict, options
        self.has_source = has_source or source is not None  # texts are checked against the source documents
        #: the source's units (--source) by document: a document-level export's span on none of the units it lists may be
        #: one it left out (:meth:`_DocUnits.span`); None without --source
        self.source: dict[str, list[Unit]] | None = None
        if source is not None:
            self.source = {}
            for u in source:
                self.source.setdefault(u.doc, []).append(u)
        self.problems: list[Problem] = []
        self.ignored: dict[str, int] = {}  # see ImportResult.ignored
        self.annotators: set[str] = set()  # every labeler met (to check --only-annotator)
        self.schemas: dict[str, tuple[str, str]] = {}  # see ImportResult.schemas
        self.mapped: dict[tuple[str, str], int] = {}  # see ImportResult.mapped
        self.unknown_themes: set[str] = set()  # see ImportResult.unknown_themes
        self.label_failures = 0  # see ImportResult.label_failures
        self.lost_notes: list[tuple[str, str]] = []  # (where, why) of labelers' notes no record carries, warned about once per file

    def source_of(self, doc: str) -> list[Unit] | None:
        """The units of document ``doc`` as ``--source`` re-segments it; None without ``--source``, or where it does not hold
        ``doc`` (its records are reported as such: :func:`_resolve`)."""
        return None if self.source is None else self.source.get(doc)

    def lose_note(self, where: str, why: str) -> None:
        """Note that a labeler's note at ``where`` reaches no gold record (``why``), for the file's one warning (:func:`_warn_lost_notes`)."""
        self.lost_notes.append((where, why))

    def exported_for(self, path: Path | str, record: Any) -> None:
        """Note the schema an argmine export recorded in ``record`` (``schema``, ``schema_version``) as ``path``'s.

        A file ``path`` is noted as messages name it (:func:`~argmine.read.shown_path`); a ``str`` is a place
        already so named (the rows of a sheet).  The id is read without white space around it, as the version is
        compared (:meth:`ImportResult.other_schemas`): a hand-edited ``" alipay_social"`` is no other schema.
        """
        where = path if isinstance(path, str) else shown_path(str(path))
        if isinstance(record, dict) and isinstance(record.get("schema"), str) and where not in self.schemas:
            version = record.get("schema_version")
            self.schemas[where] = (record["schema"].strip(), str(version) if isinstance(version, (str, int)) else "")

    def mapped_themes(self, themes: Iterable[str], count: bool = True) -> list[str]:
        """``themes`` through the ``theme_map`` option (``{old: new}``, new ``""`` dropping old), counting each label mapped."""
        mapping = self.options.get("theme_map") or {}
        out = []
        for t in map(_label_seen, themes):
            if t in mapping:
                if count:
                    self.mapped[(t, mapping[t])] = self.mapped.get((t, mapping[t]), 0) + 1
                t = mapping[t]
            if t:
                out.append(t)
        return out

    def ignore(self, what: str, n: int = 1) -> None:
        """Count ``n`` things of the files left out on purpose (a draft, a cancelled annotation)."""
        if n:
            self.ignored[what] = self.ignored.get(what, 0) + n

    def problem(self, where: str, reason: str, kind: str = "error", cause: str = "", item: str = "record", unit: str = "",
                units: tuple[str, ...] = ()) -> None:
        if self.strict and kind == "error":
            raise AnnotationError(where, reason)
        self.problems.append(Problem(where, reason, kind, cause, item=item, unit=unit or (units[0] if units else ""), units=units))

    def unlabeled(self, where: str, what: str, why: str, item: str, unit: str = "", units: tuple[str, ...] = ()) -> None:
        """Report ``what`` (the task, unit ``d#1``: id ``unit``; a document's task: its ``units``) as not labelled, ``why`` being the cause messages group by."""
        self.problem(where, E_NO_LABEL.format(where=item, what=what), kind="unlabeled", cause=why, item=item, unit=unit, units=units)

    def labels(self, where: str, themes: Iterable[str], sentiment: str | None) -> tuple[tuple[str, ...], str]:
        """Validate labels against the schema (after the ``theme_map`` option); raise AnnotationError naming the record.

        Labels are read as the labeler saw them (:func:`_label_seen`): ``privacy`` and a zero-width space is ``privacy``.
        """
        themes = self.mapped_themes(themes)
        sentiment = _label_seen(sentiment) if isinstance(sentiment, str) else sentiment
        try:
            th = self.schema.validate_themes(themes)
            if sentiment is None or sentiment == "":
                raise AnnotationError(where, E_NO_LABEL.format(where="record", what="the sentiment"))
            se = self.schema.validate_sentiment(sentiment)
        except SchemaError as e:  # the schema shows a 100,000-character cell cut, not in full (shown_repr)
            known = self.schema.theme_ids
            # a "theme" holding { [ or " is a cell or field that is no list of labels (JSON split at its commas): no --map for it
            # N/A had its own hint (write other): no --map for it either
            self.unknown_themes.update(t for t in themes if t not in known and not means_other(t) and not unclear_no_theme(t)
                                       and not _NOT_A_LABEL.search(t))
            self.label_failures += e.kind == "label"  # a sentiment is no other schema's: every schema has the same three
            raise AnnotationError(where, bad_label(self.schema, e), kind=e.kind) from None
        if th and any(means_other(t) for t in themes):  # 'other' (or none, 无) means no theme: a slip worth a word, the themes are kept
            self.problem(where, W_OTHER_WITH_THEME.format(themes=", ".join(th)), kind="warning",
                         cause="'other' (no theme) checked together with a theme; the themes were kept")
        return th, se

    def prefilled(self, names: Any) -> tuple[tuple[str, ...], str] | None:
        """The labels an export's ``prefilled`` field records (theme ids and the sentiment), as :meth:`labels` reads them; ``None`` if none."""
        if not isinstance(names, list) or not all(isinstance(x, str) for x in names):
            return None
        themes, sents = _split_labels(names, self)
        themes = self.mapped_themes(themes, count=False)
        if len(sents) != 1:
            return None
        try:
            return self.schema.validate_themes(themes), self.schema.validate_sentiment(sents[0])
        except SchemaError:
            return None


_NOT_A_LABEL = re.compile(r'[{\["]')  # see _Context.labels


Reader = Callable[[Path, _Context], Iterator[Label]]
_READERS: dict[str, Reader] = {}


def register_importer(name: str):
    """Register a reader ``fn(path, ctx) -> iterator of Label`` under ``name``."""

    def deco(fn: Reader) -> Reader:
        _READERS[name] = fn
        return fn

    return deco


def importers() -> list[str]:
    """Names of the registered import formats."""
    return sorted(_READERS)


# --- the public entry point -----------------------------------------------------------


def import_annotations(
    paths: Sequence[str | Path],
    format: str,
    *,
    schema: Schema | str | Path | None = None,
    units: Sequence[Unit] | None = None,
    strict: bool = False,
    big5_docs: Collection[str] = (),
    **options: Any,
) -> ImportResult:
    """Read labelled exports of ``format`` into gold records.

    ``units`` (the current segmentation of the original inputs) is what
    records are mapped and checked against; without it the units carried in
    the export itself are used; a record of a document in ``big5_docs``
    (:func:`argmine.decode.read_as_big5`: read as Big5) whose text has
    the Big5 punctuation argmine read otherwise before
    (:func:`argmine.annotations.big5_as_now`) matches its unit.  ``schema``: a
    :class:`~argmine.schema.Schema` or a schema file path (default: the packaged
    Alipay schema), the one the export was made with.  Options: ``annotator`` (name for formats
    that do not record one), ``text_field`` / ``label_field`` (doccano),
    ``only_annotator`` (keep only this labeler's labels, e.g. to compare the
    labelers of one Label Studio project with :func:`argmine.annotations.agreement`;
    Label Studio's user id N stands for ``label-studio-user-N``; a name no
    record carries is an :class:`AnnotationError` listing the labelers),
    ``encoding`` (csv: the sheets' encoding, instead of detecting it),
    ``theme_map`` (``{old: new}`` from :func:`theme_map`: labels of themes an
    older schema had are read as ``new``, or dropped where ``new`` is ``""``,
    before they are checked; every labeler's labels under ``passes`` too;
    counted in :attr:`ImportResult.mapped`).
    """
    from .read import _missing, path_list

    paths = path_list(paths)  # one path is not a list of its characters
    if format not in _READERS:
        raise ArgmineError(E_UNKNOWN_FORMAT.format(name=format, choices=", ".join(importers())))
    # a path, as analyze() and classify() take it (load_schema(None): the packaged default)
    ctx = _Context(schema if isinstance(schema, Schema) else load_schema(schema), strict, options, source=units)
    labels: list[Label] = []
    files: dict[int, str] = {}  # the file each label was read from, by id(label), for messages given once per file
    for path in paths:
        # '-' is standard input, read as the file it is where the system names one
        p = Path("/dev/stdin") if str(path) == "-" and Path("/dev/stdin").exists() else Path(path)
        try:
            unusable = unusable_path(p, "check the path")  # p.exists() would raise a bare OSError (a name over 255 bytes)
            if unusable is not None:
                raise AnnotationError(*unusable)
            if not p.exists():  # a link to nothing, or a loop of links, named as one (as the reading commands name it)
                raise AnnotationError(shown_path(str(p)), _missing(str(p)))
            try:
                labels.extend(_READERS[format](p, ctx))
            except OSError as e:  # there, but not to be read (permission denied), nor its brat folder's argmine.json
                raise AnnotationError(shown_path(str(e.filename or p)), cannot_read(e)) from None
        except AnnotationError as e:
            if strict:
                raise
            ctx.problems.append(Problem(e.source, e.message, file_level=True))
        stream = _stream_annotator(p, "")
        if stream and not options.get("annotator") and any(lab.annotator == stream for lab in labels[len(files):]):
            ctx.problem(shown_path(str(p)), W_PIPE_ANNOTATOR.format(what="standard input" if stream == "stdin" else "a pipe",
                                                        name=stream), kind="warning")
        files.update((id(lab), shown_path(str(p))) for lab in labels[len(files):])
        _warn_lost_notes(shown_path(str(p)), ctx)
    only = options.get("only_annotator")
    if only:
        ctx.annotators.update(lab.annotator for lab in labels)
        if not any(is_annotator(a, only) for a in ctx.annotators):
            raise AnnotationError(", ".join(shown_path(str(p)) for p in paths), E_NO_SUCH_ANNOTATOR.format(
                name=only, names=", ".join(sorted(ctx.annotators)) or "none"))
        kept = [lab for lab in labels if is_annotator(lab.annotator, only)]
        ctx.ignore(_BY_OTHERS, len(labels) - len(kept))
        labels = kept
    return _resolve(labels, units, ctx, files, big5_docs)


_BY_OTHERS = "label by other labelers (--only-annotator)"


def _warn_lost_notes(file: str, ctx: _Context) -> None:
    """One warning for ``file`` counting the labelers' notes no gold record carries (:meth:`_Context.lose_note`), naming the first."""
    from .errors import inflect

    if ctx.lost_notes:
        n, (where, why) = len(ctx.lost_notes), ctx.lost_notes[0]
        ctx.problem(file, W_NOTES_NOT_IMPORTED.format(n=n, notes=inflect(n, "note"), why=why, first=where, them=inflect(n, "it", "them")),
                    kind="warning", cause="labelers' notes not imported")
        ctx.lost_notes = []


def _notes(value: Any) -> list[str]:
    """The texts of a note as a tool stores it: a string, or a list of strings or of ``{"text": ...}`` or
    ``{"comment": ...}`` objects (doccano's comments: a relation project's export writes ``{"id": 9, "comment": ...}``;
    Label Studio's text area); empty ones left out.

    >>> _notes(" 不确定 "), _notes(["a", {"text": "b"}, "", 3]), _notes(None), _notes([{"id": 9, "comment": "请复核"}])
    (['不确定'], ['a', 'b'], [], ['请复核'])
    """
    items = value if isinstance(value, list) else [value]
    texts = [(x["text"] if "text" in x else x.get("comment")) if isinstance(x, dict) else x for x in items]
    return [t.strip() for t in texts if isinstance(t, str) and t.strip()]
_FD_PATH = re.compile(r"/(?:dev|proc/[^/]+)/fd/(\d+)")  # a pipe's name (bash's <(...)): /dev/fd/63, /proc/self/fd/63


def _stream_annotator(path: Path, name: str) -> str:
    """The labeler name a file's ``name`` gives, unless ``path`` is standard input (``"stdin"``) or a pipe (``"pipe"``), whose names name nobody.

    ``name`` is read from the file name's bytes as UTF-8 by the caller (:func:`~argmine.read.shown_path`), as a
    document id is: the same labeler in every locale, and a name a gold file can hold.

    >>> _stream_annotator(Path("/dev/fd/63"), "63"), _stream_annotator(Path("/dev/stdin"), "stdin"), _stream_annotator(Path("ann.csv"), "ann")
    ('pipe', 'stdin', 'ann')
    """
    m = _FD_PATH.fullmatch(str(path))
    if str(path) in ("-", "/dev/stdin") or (m and m[1] == "0"):
        return "stdin"
    return "pipe" if m else name


def theme_map(pairs: Iterable[str], schema: Schema) -> dict[str, str]:
    """``OLD=NEW`` pairs (``import --map``) as ``{old: new}``, for a schema that renamed or removed themes.

    ``OLD=`` (or ``OLD=other``, or another word for no theme: :func:`~argmine.schema.means_other`) drops theme
    OLD from the labels: ``new`` is ``""``, and a unit left with no theme is ``other``.  Raises
    :class:`ArgmineError` for a pair without ``=``, an empty or repeated OLD,
    a sentiment label, or a NEW that is not a theme of ``schema``.

    >>> from argmine.schema import load_schema
    >>> theme_map(["bloat_old=bloat", "junk=", "old=无", "a=b=bloat"], load_schema())
    {'bloat_old': 'bloat', 'junk': '', 'old': '', 'a=b': 'bloat'}
    >>> theme_map(["bloat=complexity"], load_schema())
    Traceback (most recent call last):
    ...
    argmine.errors.ArgmineError: 'bloat=complexity': 'complexity' is not a theme of schema 'alipay_social' (argmine/schemas/alipay.toml); map to one of: pro_social, privacy, brand_fit, bloat, or write 'bloat=' to drop 'bloat'
    """
    out: dict[str, str] = {}
    for pair in pairs:
        # at the last '=': no theme id holds one, a label may (a=b=bloat maps the label 'a=b'); read as labels are read:
        # 'privacy\u200b' is privacy
        old, eq, new = (_label_seen(x) for x in pair.rpartition("="))
        if not eq or not old:
            raise ArgmineError(E_MAP_PAIR.format(pair=pair))
        if old in schema.sentiments or means_other(old):  # 'other', 'none', 无 ...: read as no theme already
            raise ArgmineError(E_MAP_NOT_THEME.format(pair=pair, old=old, other=OTHER))
        new = "" if means_other(new) else new
        if new and new not in schema.theme_ids:
            raise ArgmineError(E_MAP_UNKNOWN_NEW.format(pair=pair, new=new, schema=schema.id, source=schema.source,
                                                        themes=", ".join(schema.theme_ids), old=old))
        if out.get(old, new) != new:
            raise ArgmineError(E_MAP_TWICE.format(pair=pair, old=old, first=out[old]))
        out[old] = new
    return out


def is_annotator(name: str, wanted: str) -> bool:
    """Whether labeler ``name`` (as import records it) is ``wanted``; a Label Studio user id N stands for ``label-studio-user-N``.

    >>> is_annotator("label-studio-user-2", "2"), is_annotator("a@x.com", "a@x.com"), is_annotator("a@x.com", "b@x.com")
    (True, True, False)
    """
    return name == wanted or name == f"label-studio-user-{wanted}"


def _resolve(labels: list[Label], units: Sequence[Unit] | None, ctx: _Context, files: dict[int, str] | None = None,
             big5_docs: Collection[str] = ()) -> ImportResult:
    """Map labels to units, check texts, group by unit, find conflicts (``files``: the file of each label, by ``id``;
    ``big5_docs``: the documents read as Big5)."""
    by_id = {u.id: u for u in units} if units is not None else {}
    by_key = {(u.doc, u.start, u.end): u for u in units} if units is not None else {}
    by_doc = ctx.source or {}  # the units by document, as the context groups them (``units`` are its source)
    grouped: dict[str, list[tuple[Label, UnitRef]]] = {}
    refs = [(lab, _doc_from_id(lab, ctx)) for lab in labels]
    cuts: dict[str, tuple[set[int], set[int]]] = {}  # per document, where the file's records start, and where they end
    for _, ref in refs:
        starts, ends = cuts.setdefault(ref.doc, (set(), set()))
        starts.add(ref.start)
        ends.add(ref.end)
    reread: dict[str, list[str]] = {}  # per file, the texts of records labelled before the Big5 punctuation change
    by_offsets: dict[tuple[int, int], list[Unit]] | None = None  # the units by offsets, made when a sheet's id lost characters
    for lab, ref in refs:
        if units is not None:
            unit = by_id.get(ref.id)
            if unit is None or (unit.doc, unit.start, unit.end) != (ref.doc, ref.start, ref.end):
                unit = by_key.get((ref.doc, ref.start, ref.end))
            # the sheet's encoding lost characters of its id as '?', or wrote some as others (cp950: '•' as '‧')
            if unit is None and lab.saved_in and _saved_marks(ref.id + ref.doc, lab.saved_in):
                if by_offsets is None:
                    by_offsets = {}
                    for u in units:
                        by_offsets.setdefault((u.start, u.end), []).append(u)
                matches = _lost_in_id(ref, by_offsets.get((ref.start, ref.end), []), lab.saved_in)
                unit = matches[0] if len(matches) == 1 else None
                if len(matches) > 1:  # two documents whose names read the same in that encoding, with the same unit there
                    shown = ", ".join(u.id for u in matches[:3]) + (", ..." if len(matches) > 3 else "")
                    lost, pairs = _id_changes(ref, matches, lab.saved_in)
                    if pairs:
                        reason = E_SAVED_AS_OTHERS_AMBIGUOUS.format(
                            id=ref.id, doc=ref.doc, start=ref.start, end=ref.end, encoding=f"the sheet's encoding ({lab.saved_in})",
                            pairs=_pairs_shown(pairs), lost=W_SAVED_AS_OTHERS_LOST.format(lost=_snippet(lost, 10)) if lost else "", units=shown)
                    else:
                        reason = E_LOST_IN_ID_AMBIGUOUS.format(id=ref.id, doc=ref.doc, start=ref.start, end=ref.end,
                                                               encoding=f"the sheet's encoding ({lab.saved_in})", units=shown)
                    ctx.problem(lab.where, E_UNMAPPED.format(where="record", reason=reason), unit=ref.id,
                                cause="the id's characters became '?' or others when the sheet was saved, and several units match it"
                                if pairs else "the id's characters became '?' when the sheet was saved, and several units match it")
                    continue
                docs = [d for d in by_doc if _same_but_lost(ref.doc, d, lab.saved_in)] if unit is None else []
                if len(docs) == 1:  # its document is in the source, with no such unit at those offsets: the source changed
                    n = ref.id[len(ref.doc):] if ref.id.startswith(ref.doc) else ""
                    # why it is not mapped, as for any record: of that document, by its id as exported (realign)
                    reason, cause = _unmapped(replace(ref, doc=docs[0], id=docs[0] + n if re.fullmatch(r"#\d+", n) else ref.id),
                                              by_doc[docs[0]], by_id, cuts.get(ref.doc, (set(), set())))
                    ctx.problem(lab.where, E_UNMAPPED.format(where="record", reason=reason), cause=cause, unit=ref.id)
                    continue
                if unit is None and "?" in ref.id + ref.doc:  # without '?', its '￥' or '‧' may be its own: not found as any id is
                    ctx.problem(lab.where, E_UNMAPPED.format(where="record", reason=E_LOST_IN_ID.format(
                        id=ref.id, doc=ref.doc, start=ref.start, end=ref.end, encoding=f"the sheet's encoding ({lab.saved_in})")),
                        cause="the id's characters became '?' when the sheet was saved, and no unit matches it", unit=ref.id)
                    continue
                if unit is not None:
                    lost, pairs = _id_changes(ref, [unit], lab.saved_in)
                    if pairs:
                        ctx.problem(lab.where, W_SAVED_AS_OTHERS.format(
                            what="id", unit=unit.id, found=_snippet(ref.id), encoding=f"the file's encoding ({lab.saved_in})",
                            pairs=_pairs_shown(pairs), lost=W_SAVED_AS_OTHERS_LOST.format(lost=_snippet(lost, 10)) if lost else "",
                            used="unit at the same offsets"), kind="warning",
                            cause="characters of the id the file's encoding wrote as others; the source's unit was used")
                    else:
                        ctx.problem(lab.where, W_LOST_IN_ID.format(unit=unit.id, found=_snippet(ref.id), lost=_snippet(lost, 10),
                                                                   encoding=f"the file's encoding ({lab.saved_in})"), kind="warning",
                                    cause="characters of the id the file's encoding cannot hold read as '?'; the source's unit was used")
            if unit is None and ref.doc not in by_doc and ref.id not in by_id:  # nothing changed: the document was not read
                shown = ", ".join(repr(d) for d in list(by_doc)[:3]) + (", ..." if len(by_doc) > 3 else "")
                reason = E_DOC_NOT_IN_SOURCE.format(id=ref.id, doc=ref.doc, n=len(by_doc), read=shown or "none")
                ctx.problem(lab.where, E_UNMAPPED.format(where="record", reason=reason), unit=ref.id,
                            cause="its document is not among the --source documents: pass the files the export was made from")
                continue
            if unit is None:
                reason, cause = _unmapped(ref, by_doc.get(ref.doc, []), by_id, cuts.get(ref.doc, (set(), set())))
                ctx.problem(lab.where, E_UNMAPPED.format(where="record", reason=reason), cause=cause, unit=ref.id)
                continue
            if unit.text != ref.text and unit.doc in big5_docs and big5_as_now(ref.text) == unit.text:  # before the Big5 punctuation change
                reread.setdefault((files or {}).get(id(lab), lab.where), []).append(ref.text)
            elif unit.text != ref.text:
                changes = _saved_changes(ref.text, unit.text, lab.saved_in)
                if changes is None:
                    ctx.problem(lab.where, _text_mismatch(ref, unit), cause="the unit text in the file differs from the source", unit=ref.id)
                    continue
                lost, pairs = changes
                encoding = f"the file's encoding ({lab.saved_in})" if lab.saved_in else "the file's encoding"
                if lab.saved_in in _STRICTER and any(_holds(c, lab.saved_in) for c in lost):  # 裏: cp950 holds it, strict Big5 not
                    encoding = f"the file's encoding ({lab.saved_in}, written as strict {_STRICTER[lab.saved_in][1]})"
                if pairs:  # cp950 has no ¥ of its own and wrote '￥'
                    ctx.problem(lab.where, W_SAVED_AS_OTHERS.format(
                        what="text", unit=unit.id, found=_snippet(ref.text), encoding=encoding, pairs=_pairs_shown(pairs),
                        lost=W_SAVED_AS_OTHERS_LOST.format(lost=_snippet(lost, 10)) if lost else "", used="text"), kind="warning",
                        cause=f"characters {encoding} wrote as others; the source's text was used")
                else:
                    ctx.problem(lab.where, W_LOST_CHARACTERS.format(unit=unit.id, found=_snippet(ref.text), encoding=encoding,
                                                                    lost=_snippet(lost, 10)), kind="warning",
                                cause=f"characters {encoding} cannot hold read as '?'; the source's text was used")
            ref = UnitRef(unit.id, unit.doc, unit.start, unit.end, unit.text, unit.kind or ref.kind)
        elif ref.end - ref.start != len(ref.text):
            # Without the source there is no text to compare with: the record contradicts itself.
            ctx.problem(lab.where, E_GOLD_OFFSETS.format(start=ref.start, end=ref.end, n=len(ref.text), text=_snippet(ref.text, 30))
                        + byte_offsets_hint(ref.start, ref.end, ref.text) + "; or pass --source to compare it with the original text", cause=_OFFSETS_CAUSE, unit=ref.id)
            continue
        grouped.setdefault(ref.id, []).append((lab, ref))
    for file, texts in reread.items():  # once per file: how many records it had with the old readings
        ctx.problem(file, big5_read_before(texts), kind="warning")
    result = ImportResult(problems=ctx.problems, ignored=ctx.ignored, schemas=ctx.schemas, mapped=ctx.mapped,
                          unknown_themes=ctx.unknown_themes, label_failures=ctx.label_failures)
    for uid, entries in grouped.items():
        refs = {r for _, r in entries}
        if len(refs) > 1:
            ctx.problem(entries[-1][0].where, E_UNMAPPED.format(
                where="record", reason=f"unit id {uid} appears with different offsets or text ({len(refs)} variants)"), unit=uid,
                cause="a unit id appears with different offsets or text")
            continue
        result.records.append(_unit_record(entries, result, ctx))
        result.written_units.update(lab.unit.id for lab, _ in entries)
    order = {u.id: i for i, u in enumerate(units)} if units is not None else {}
    result.records.sort(key=lambda r: (order.get(r.id, len(order)), r.doc, r.start, r.end))
    return result


def _doc_from_id(lab: Label, ctx: _Context) -> UnitRef:
    """The record's unit with the document its id ``<doc>#<n>`` names; a ``doc`` field that contradicts it is reported.

    Spreadsheets turn long numeric ids into ``4.01235E+15`` and drop leading
    zeros; the id keeps the document intact because ``#`` makes it text.
    """
    ref = lab.unit
    doc, sep, n = ref.id.rpartition("#")
    if not sep or not doc or not n.isdigit() or doc == ref.doc:
        return ref
    ctx.problem(lab.where, W_DOC_CELL.format(found=shown_repr(ref.doc), doc=shown_repr(doc)),
                kind="warning", cause=W_DOC_CELL_CAUSE)
    return UnitRef(ref.id, doc, ref.start, ref.end, ref.text, ref.kind)


def _lost_in_id(ref: UnitRef, candidates: list[Unit], encoding: str) -> list[Unit]:
    """The units of ``candidates`` (the source's units at ``ref``'s offsets) whose id and document ``ref``'s read as, but
    for the characters ``encoding`` cannot hold, read as '?', and those it writes as others (:func:`_saved_changes`; the text
    decides between several); one is the record's unit.

    >>> a, b = (Unit.from_source(t, doc=d, n=1, start=0, end=2, kind="body") for t, d in (("好。", "评论区"), ("坏。", "𠮷家")))
    >>> [u.id for u in _lost_in_id(UnitRef("???#1", "???", 0, 2, "好。"), [a, b], "big5") + _lost_in_id(UnitRef("?家#1", "?家", 0, 2, "坏。"), [a, b], "gbk")]
    ['评论区#1', '𠮷家#1']
    """
    matches = [u for u in candidates if _same_but_lost(ref.id, u.id, encoding) and _same_but_lost(ref.doc, u.doc, encoding)]
    if len(matches) > 1:
        matches = [u for u in matches if _same_but_lost(ref.text, u.text, encoding)]
    return matches


def _id_changes(ref: UnitRef, units: Iterable[Unit], encoding: str) -> tuple[str, tuple[tuple[str, str], ...]]:
    """What saving the id and doc of each of ``units`` in ``encoding`` made of them, where ``ref``'s are what it made
    (:func:`_saved_changes`): the characters lost as '?' and the pairs written as others, of all of them together.

    >>> a = Unit.from_source("好。", doc="支付寶•討論", n=1, start=0, end=2, kind="body")
    >>> _id_changes(UnitRef("支付寶‧討論#1", "支付寶‧討論", 0, 2, "好。"), [a], "cp950")
    ('', (('•', '‧'),))
    """
    lost: dict[str, None] = {}
    pairs: dict[tuple[str, str], None] = {}
    for u in units:
        for found, expected in ((ref.id, u.id), (ref.doc, u.doc)):
            chars, written = _saved_changes(found, expected, encoding) or ("", ())
            lost.update(dict.fromkeys(chars))
            pairs.update(dict.fromkeys(written))
    return "".join(lost), tuple(pairs)


def _pairs_shown(pairs: Iterable[tuple[str, str]]) -> str:
    """``(character, written as)`` pairs as messages show them.

    >>> _pairs_shown([("¥", "￥"), ("•", "‧")])
    "'¥' as '￥', '•' as '‧'"
    """
    return ", ".join(f"{a!r} as {b!r}" for a, b in pairs)


def _saved_marks(text: str, encoding: str) -> str:
    """The marks in ``text`` of what saving it in ``encoding`` may have done: '?', and the characters it writes for
    others (:func:`_written_as_others`: cp950's '￥' for '¥'), each once in the order met; ``""`` if none.

    >>> _saved_marks("￥200?，￥", "cp950"), _saved_marks("￥200", "gbk"), _saved_marks("好", "cp950")
    ('￥?', '', '')
    """
    written = set(_written_as_others(encoding).values()) if encoding else set()
    return "".join(dict.fromkeys(c for c in text if c == "?" or c in written))


def _same_but_lost(found: str, expected: str, encoding: str) -> bool:
    """Whether ``found`` is ``expected`` but for what saving it in ``encoding`` did: characters it cannot hold read as '?',
    those it writes as others (:func:`_saved_changes`).

    >>> _same_but_lost("???", "评论区", "big5"), _same_but_lost("???", "评论区", "gbk"), _same_but_lost("a", "a", "gbk")
    (True, False, True)
    >>> _same_but_lost("支付寶‧討論", "支付寶•討論", "cp950"), _same_but_lost("支付寶‧討論", "支付寶•討論", "gbk")
    (True, False)
    """
    return _saved_changes(found, expected, encoding) is not None


def _holds(text: str, codec: str) -> bool:
    """Whether ``codec`` can encode ``text``."""
    try:
        text.encode(codec)
    except UnicodeEncodeError:
        return False
    return True


def _cannot_hold(char: str, encoding: str = "") -> bool:
    """Whether a file saved in ``encoding`` lost ``char`` as '?' (:func:`_saved_changes`).

    That is what a spreadsheet's plain "CSV" does on a Chinese system: GBK
    loses emoji and 𠮷, Big5 (Traditional Windows) also Simplified characters.
    ``encoding`` is the one the file was saved in; not known, a character
    counts as lost when neither GBK nor Big5 holds it.  Windows' cp950 (cp936)
    counts what strict Big5 (GBK) lacks too: ``--encoding cp950`` for a sheet
    a strict Big5 tool wrote, where 裏 became '?'.

    >>> _cannot_hold("宝", "big5"), _cannot_hold("宝"), _cannot_hold("😊"), _cannot_hold("裏", "cp950"), _cannot_hold("裏", "gb18030")
    (True, False, True, True, False)
    """
    return not any(_holds(char, codec) for codec in ((_STRICTER.get(encoding, (encoding,))[0],) if encoding else ("gbk", "big5")))


def _saved_changes(found: str, expected: str, encoding: str = "") -> tuple[str, tuple[tuple[str, str], ...]] | None:
    """What saving ``expected`` in ``encoding`` made of it, where ``found`` is what it made: the characters it cannot hold,
    read as '?' (:func:`_cannot_hold`), and the ``(character, written as)`` pairs of those it writes as others
    (:func:`_written_as_others`; only where ``encoding`` is known); ``None`` where ``found`` differs otherwise.

    >>> _saved_changes("支付?", "支付宝", "big5"), _saved_changes("支付?", "支付宝"), _saved_changes("好?", "好😊")
    (('宝', ()), None, ('😊', ()))
    >>> _saved_changes("￥20?", "¥20宝", "cp950"), _saved_changes("￥20", "$20", "cp950"), _saved_changes("￥20", "¥20")
    (('宝', (('¥', '￥'),)), None, None)
    >>> _saved_changes("好", "好", "cp950")
    ('', ())
    """
    if len(found) != len(expected):
        return None
    others = _written_as_others(encoding) if encoding else {}
    lost: dict[str, None] = {}
    pairs: dict[tuple[str, str], None] = {}
    for a, b in zip(found, expected):
        if a == b:
            continue
        if a == "?" and _cannot_hold(b, encoding):
            lost[b] = None
        elif others.get(b) == a:
            pairs[(b, a)] = None
        else:
            return None
    return "".join(lost), tuple(pairs)


@functools.lru_cache(maxsize=None)
def _written_as_others(encoding: str) -> dict[str, str]:
    """The characters a file saved in ``encoding`` holds as others, as argmine reads it back: ``{character: read as}``.

    Windows' cp950 has no code of its own for ``¥ • ∼ ¢ £ ‾ ､ ☉ ♁`` and writes them as ``￥ ‧ ～ ￠ ￡ ¯ ﹑ ⊙ ⊕``
    (one way: those read back as themselves), as Excel's plain "CSV" does on Traditional-Chinese Windows; a strict
    Big5 tool (:data:`_STRICTER`) also writes ``／ ＼`` as bytes Windows and browsers read as ``∕ ﹨``
    (:func:`argmine.decode._decode_as`).  Found by saving every BMP character and reading it back; GBK has none.

    >>> others = _written_as_others("cp950")
    >>> "".join(others), "".join(others.values()), _written_as_others("big5")["／"], _written_as_others("gbk")
    ('¢£¥•‾∼☉♁､／＼', '￠￡￥‧¯～⊙⊕﹑∕﹨', '∕', {})
    """
    from .decode import _decode_as

    found: dict[str, str] = {}
    for codec in dict.fromkeys((encoding, _STRICTER.get(encoding, (encoding,))[0])):
        for char in map(chr, (*range(0x80, 0xD800), *range(0xE000, 0x10000))):
            try:
                back = _decode_as(char.encode(codec), codec)[0]
            except (UnicodeError, LookupError):
                continue
            if back != char and len(back) == 1 and back != "?":  # one character for one, offsets kept; '?' is a loss
                found.setdefault(char, back)
    return found


# The codec a spreadsheet saved a sheet in, by the encoding the sheet decodes as (Excel's GBK reads as GB18030, a superset:
# a sheet that GBK holds is named gbk); Windows' cp936/cp950, read where GBK/Big5 failed, are what the sheet was saved in
_SAVED_AS = {"gb18030": "gbk", "gb2312": "gbk", "gbk": "gbk", "cp936": "cp936", "big5": "big5", "cp950": "cp950"}
# What a legacy encoding cannot hold, for the warning about a sheet read in it (GB18030, a Unicode encoding, holds everything).
_CANNOT_HOLD = {"gbk": "emoji, rare characters such as 𠮷", "cp936": "emoji, rare characters such as 𠮷",
                "big5": "emoji, most Simplified Chinese characters", "cp950": "emoji, most Simplified Chinese characters"}
# Windows' supersets, named by --encoding for a sheet a strict tool wrote: a '?' may stand for what only the superset adds (裏, €).
_STRICTER = {"cp950": ("big5", "Big5"), "cp936": ("gbk", "GBK")}


def _saved_as(encoding: str, text: str = "") -> str:
    """The legacy encoding a sheet decoded as ``encoding`` was saved in (``""`` for UTF-8/UTF-16 or a codec Python lacks).

    A GB18030 sheet whose ``text`` GBK cannot hold is GB18030 itself, not Excel's GBK.

    >>> _saved_as("gb18030", "支付宝"), _saved_as("gb18030", "支付宝😀"), _saved_as("cp950"), _saved_as("utf-8-sig")
    ('gbk', 'gb18030', 'cp950', '')
    >>> _saved_as("gb18030", "支付\ufffd宝")  # a damaged byte read as U+FFFD
    'gbk'
    """
    import codecs

    name = encoding.lower().replace("_", "-")
    if name.startswith("utf"):
        return ""
    name = _SAVED_AS.get(name, name)
    if name == "gbk" and not _holds(text.replace("\ufffd", ""), "gbk"):  # U+FFFD: a damaged byte, not text GBK lacks
        name = "gb18030"
    try:
        codecs.lookup(name)
    except LookupError:
        return ""
    return name


def _text_mismatch(ref: UnitRef, unit: Unit) -> str:
    """Why the record's text is not the unit's: edited in the file (certain when it no longer spans its offsets) or a changed source."""
    if ref.end - ref.start != len(ref.text):
        return E_TEXT_EDITED.format(unit=unit.id, doc=unit.doc, start=unit.start, end=unit.end, n=len(ref.text),
                                    found=_snippet(ref.text), expected=_snippet(unit.text))
    return E_TEXT_MISMATCH.format(where="record", unit=unit.id, doc=unit.doc, start=unit.start, end=unit.end,
                                  found=_snippet(ref.text), expected=_snippet(unit.text))


def _unit_record(entries: list[tuple[Label, UnitRef]], result: ImportResult, ctx: _Context) -> GoldRecord:
    """The gold record of one unit from every label given to it; disagreements become a :class:`Conflict`.

    Each labeler's labels are their ground-truth annotation's (Label Studio)
    or else their last; identical repeats merge.  The record takes the
    ground-truth labels where a reviewer marked some, else the last label's.
    A disagreement that ground truth settles (every ground-truth annotation
    with the same labels) is still listed, but the unit is adjudicated: its
    record is not marked ``"conflict": true`` (which ``evaluate`` leaves out
    and ``train`` trains on each labelling of), and ``strict`` lets it pass.
    """
    ref = entries[0][1]
    given: dict[str, list[tuple[str, dict[str, Any]]]] = {}  # labeler -> distinct (where, labels), last one last
    chosen: dict[str, tuple[str, dict[str, Any], bool]] = {}  # labeler -> (where, labels, ground truth)
    for lab, _ in entries:
        v = {"themes": lab.themes, "sentiment": lab.sentiment}
        sets = given.setdefault(lab.annotator, [])
        sets[:] = [x for x in sets if x[1] != v] + [(lab.where, v)]
        if lab.ground_truth or not chosen.get(lab.annotator, ("", {}, False))[2]:
            chosen[lab.annotator] = (lab.where, v, lab.ground_truth)
    passes = {who: v for who, (_, v, _) in chosen.items()}
    repeated = {who: sets for who, sets in given.items() if len(sets) > 1}
    truth = [lab for lab, _ in entries if lab.ground_truth]
    final = truth[-1] if truth else entries[-1][0]
    kept = f"the ground-truth annotation's labels ({final.annotator})" if truth else f"the last annotation's labels ({final.annotator})"
    if final.prefilled is not None and final.prefilled == (final.themes, final.sentiment):
        result.prefilled += 1
    meta: dict[str, Any] = {}
    if len({(v["themes"], v["sentiment"]) for v in passes.values()}) > 1 or repeated:
        settled = bool(truth) and len({(lab.themes, lab.sentiment) for lab in truth}) == 1
        result.conflicts.append(Conflict(ref.id, passes, repeated, kept, {who: where for who, (where, _, _) in chosen.items()}, settled))
        if not settled:  # settled: a reviewer adjudicated the unit (every labeler's set stays under 'passes', for agreement)
            meta["conflict"] = True
            if ctx.strict:
                raise AnnotationError(entries[-1][0].where, str(result.conflicts[-1]) + "; adjudicate, or import without --strict")
    notes: dict[str, list[str]] = {}  # labeler -> their distinct notes on the unit
    for lab, _ in entries:
        if lab.note and lab.note not in notes.setdefault(lab.annotator, []):
            notes[lab.annotator].append(lab.note)
    notes = {who: texts for who, texts in notes.items() if texts}
    if notes:  # every labeler's, for adjudication; named by labeler where the unit has several labelers (whose is it else?)
        meta["note"] = "\n".join(_labeled_note(who, t) if len(passes) > 1 else t for who, texts in notes.items() for t in texts)
    all_passes = dict(passes)
    for who, sets in repeated.items():  # nothing dropped: a labeler's other label sets are kept under their place
        for where, v in sets:
            if v != chosen[who][1]:
                all_passes[f"{who} ({where})"] = v
    return GoldRecord(
        id=ref.id, doc=ref.doc, start=ref.start, end=ref.end, text=ref.text, kind=ref.kind,
        themes=final.themes, sentiment=final.sentiment, annotator=",".join(passes),
        passes=all_passes, meta=meta,
    )


def _labeled_note(who: str, note: str) -> str:
    r"""Labeler ``who``'s ``note`` as a record holding several labelers' notes shows it: on a line of its own, prefixed
    ``who: ``; its own line breaks kept, each followed by two spaces, so that no line of it reads as another labeler's.

    >>> _labeled_note("alice", "第一行\r\nbob: 第二行")
    'alice: 第一行\r\n  bob: 第二行'
    """
    return f"{who}: " + re.sub(r"\r\n|\r|\n", lambda m: m[0] + "  ", note)


# --- shared helpers ------------------------------------------------------------------------


def _snippet(text: str, n: int = 40) -> str:
    """``text`` cut to ``n`` characters for a message, with an ellipsis where it was cut."""
    return text if len(text) <= n else text[:n - 1] + "…"


def _unmapped(ref: UnitRef, doc_units: list[Unit], by_id: dict[str, Unit],
              cuts: tuple[set[int], set[int]] = (set(), set())) -> tuple[str, str]:
    """Why no unit has the id and offsets of ``ref`` (``doc_units``: the units of its document), with the likely fix.

    ``cuts``: where the file's records of that document start, and where they end.
    Returns ``(reason, cause)``: the cause is shared by records that fail the same way.
    """
    covering = sorted((u for u in doc_units if u.start < ref.end and ref.start < u.end), key=lambda u: u.start)
    level = cut_level(ref.text, ref.start, ref.end, covering, cuts)
    if level == "clause":
        u = covering[0]
        cause = "the export was probably cut into clauses: pass --source-granularity clause (as given to 'export --granularity')"
        return f"its span {ref.doc} {ref.start}..{ref.end} is part of unit {u.id} {u.start}..{u.end} of the source; {cause}", cause
    if level == "sentence":
        cause = "the export was probably cut into sentences: pass --source-granularity sentence (as given to 'export --granularity')"
        return f"its span {ref.doc} {ref.start}..{ref.end} covers units {covering[0].id}..{covering[-1].id} of the source; {cause}", cause
    if len(covering) == 1 and covering[0].start <= ref.start and ref.end <= covering[0].end \
            and covering[0].text[ref.start - covering[0].start:ref.end - covering[0].start] == ref.text:
        u = covering[0]
        where = f"its span {ref.doc} {ref.start}..{ref.end} is part of unit {u.id} {u.start}..{u.end} of the source"
        # not where a clause ends, nor where the file's next record starts: text was probably added around it
        cause = ("the source text changed since export (run 'argmine realign', or export the unit again), "
                 "or the export was cut into clauses (pass --source-granularity clause)")
        return f"{where}, which now reads {_snippet(u.text)!r}; {cause}", "the record is part of a longer unit: " + cause
    same_id = by_id.get(ref.id)
    elsewhere = f"unit {ref.id} of the source is at {same_id.doc} {same_id.start}..{same_id.end}" if same_id else f"no unit {ref.id}"
    cause = ("the source changed since export (run 'argmine realign') or was read with other options than the export "
             "(pass the same --source-* options)")
    return f"{elsewhere} and no unit is at {ref.doc} {ref.start}..{ref.end}; {cause}", "no unit at the record's offsets: " + cause


_EXPORT_AGAIN = "export it again as UTF-8"  # how to fix an export (or brat's argmine.json) that is not UTF-8


def _load_json(path: Path) -> Any:
    try:
        return loads(read_utf8(path, _EXPORT_AGAIN))
    except json.JSONDecodeError as e:
        raise AnnotationError(f"{shown_path(str(path))}:{e.lineno}:{e.colno}", E_TRUNCATED_JSON.format(reason=e.msg)) from None


# What each format reads, and how to fix a file given with the wrong --format (see _layout).
_EXPECTED = {
    "label-studio": "Label Studio's JSON export (one JSON array of tasks)",
    "doccano": "doccano's JSONL export (one JSON object per line)",
    "csv": "the CSV sheet written by 'argmine export --format csv'",
    "brat": "a brat folder written by 'argmine export --format brat'",
}
_FIX = {
    "label-studio": "use --format label-studio",
    "label-studio-min": "export it again from Label Studio with export type JSON (not JSON_MIN), then use --format label-studio",
    "label-studio-csv": "export it again from Label Studio with export type JSON (not CSV), then use --format label-studio",
    "doccano": "use --format doccano",
    "doccano-csv": "export it again from doccano as JSONL (not CSV, which argmine does not read), then use --format doccano",
    "csv": "use --format csv",
    "brat": "use --format brat",
    "labelled": E_NO_IMPORT_GOLD,
    "labelled-rows": E_NO_IMPORT_ROWS,
}


def _wrong_layout(path: Path, fmt: str, found: str, reads: str) -> AnnotationError:
    """The one error for a whole file in another layout than ``fmt`` expects (``reads``: the format that reads it)."""
    fix = _FIX.get(reads) or ("pass the export file inside it, or a brat folder with --format brat" if found == "a folder"
                              else f"pass {_EXPECTED[fmt]}")
    return AnnotationError(shown_path(str(path)), E_LAYOUT.format(found=found, expected=_EXPECTED[fmt], fix=fix))


LABELLED_ROWS = "a JSON array of labelled rows"
#: The fields of a row of Label Studio's JSON_MIN export for a task of argmine's that nobody labelled: the task's
#: ``data`` (unit or document level, as :mod:`argmine.export` writes it) and its ``id``.
_JSON_MIN_UNLABELLED = frozenset({"id", "text", "unit_id", "doc", "start", "end", "kind", "units", "schema", "schema_version"})


def _labelled(objs: list[Any], ctx: _Context) -> bool:
    """Whether ``objs`` are argmine's own labelled records (gold JSONL, labelled rows): ``themes``/``sentiment``, no tool's label fields."""
    tool = {ctx.options.get("label_field") or "label", "entities", "cats", "data", "annotations"}  # doccano's, Label Studio's
    return (all(isinstance(x, dict) and not tool & x.keys() for x in objs)
            and any({"themes", "sentiment"} & x.keys() for x in objs))


def _array_layout(items: list[Any], ctx: _Context) -> tuple[str, str]:
    """What a JSON array looks like and the format that reads it (``("", "")`` when it is not clear).

    The format is ``"labelled-rows"`` for argmine's own labelled rows, which no import format reads: they need none.
    """
    objs = [x for x in items if isinstance(x, dict)]
    if not objs or len(objs) < len(items):
        return "", ""
    n = len(items)
    if all(isinstance(x.get("data"), dict) for x in objs):
        return f"a Label Studio JSON export ({plural(n, 'task')})", "label-studio"
    if any("data" in x for x in objs):
        return "", ""
    # flat rows, some of them annotated: the rows of tasks nobody labelled ("all tasks") carry neither key
    if any("annotation_id" in x or "lead_time" in x for x in objs) and not any("annotations" in x for x in objs):
        return f"a Label Studio JSON_MIN export ({plural(n, 'flat row')}, no 'data' objects)", "label-studio-min"
    # flat rows of tasks nobody labelled at all: the data of argmine's tasks and each task's id, no label field (a
    # doccano record has one, empty or not)
    if all("id" in x and {"unit_id", "units"} & x.keys() and x.keys() <= _JSON_MIN_UNLABELLED for x in objs):
        return (f"a Label Studio JSON_MIN export of tasks nobody labelled ({plural(n, 'flat row')}, no 'data' objects, no labels)",
                "label-studio-min")
    if _labelled(objs, ctx):  # not doccano's export: argmine's own labelled rows, which need no import
        k = sum(bool({"themes", "sentiment"} & x.keys()) for x in objs)
        return f"{LABELLED_ROWS} ({plural(k, 'record')} with 'themes'/'sentiment' fields)", "labelled-rows"
    if all((ctx.options.get("text_field") or "text") in x for x in objs):
        return f"doccano's JSON export ({plural(n, 'record')} in one array)", "doccano"
    return "", ""


def _line_object(line: str) -> dict[str, Any]:
    """A JSON line's object; ``{}`` for a line that is not one (invalid JSON, an array, a number)."""
    try:
        obj = loads(line)
    except json.JSONDecodeError:
        return {}
    return obj if isinstance(obj, dict) else {}


def _text_layout(text: str, ctx: _Context) -> tuple[str, str]:
    """What a file that is not one JSON document looks like: JSON lines, a CSV sheet (``("", "")`` when not clear)."""
    lines = [line for line in json_lines(text) if line.strip()]
    if not lines:
        return "an empty file", ""
    first = lines[0].strip()
    if first.startswith("{"):
        try:
            obj = loads(first)
        except json.JSONDecodeError:
            return "", ""
        if isinstance(obj, dict) and _labelled([obj], ctx):  # gold JSONL: argmine's own format, which needs no import
            k = sum(bool({"themes", "sentiment"} & _line_object(line).keys()) for line in lines)  # as the array's count: the labelled ones
            return f"gold JSONL ({plural(k, 'record')} with 'themes'/'sentiment' fields)", "labelled"
        if isinstance(obj, dict) and len(lines) > 1:
            reads = "doccano" if (ctx.options.get("text_field") or "text") in obj else ""
            return f"JSON lines ({len(lines)} objects, one per line)", reads
        return "", ""
    if first.startswith("["):
        return "", ""
    ls_csv = _ls_csv_export(text)
    if ls_csv:
        return ls_csv, "label-studio-csv"
    doccano_csv = _doccano_csv_export(text)
    if doccano_csv:  # before argmine's sheet: it has the sheet's id, doc, start and end too (the records' fields)
        return doccano_csv, "doccano-csv"
    from .read import _CsvReader

    header = [h.strip() for h in next(_CsvReader([first]))]  # a first line of any length (csv's limit on a cell is 131,072)
    if {"id", "doc", "start", "end"} <= set(header):
        return f"a CSV sheet (columns {', '.join(header[:5])}, …)", "csv"
    if len(header) > 2:
        return f"a CSV table (columns {', '.join(header[:5])}, …)", ""
    return "", ""


#: Columns Label Studio's CSV (and TSV) export writes for every annotation (label-studio-sdk's converter; ``updated_at``
#: too, in recent versions): the annotation's, its labeler's and the task's ``id``. One or two of them alone (a table with
#: an ``annotation_id`` column) are no sign of it.
_LS_CSV_COLUMNS = frozenset({"annotation_id", "annotator", "created_at", "lead_time", "id"})
#: Columns of argmine's CSV sheet (:data:`argmine.export.CSV_COLUMNS`) that no task of argmine's Label Studio export
#: carries in its data, so Label Studio's CSV export of it never has them: a header with one is argmine's sheet.
_SHEET_ONLY_COLUMNS = frozenset({"pred_themes", "pred_sentiment", "pred_sentiment_score", "pred_scores", "confidence", "note"})


def _ls_csv_export(text: str) -> str:
    """What Label Studio's CSV or TSV export looks like, naming the columns that tell it, if ``text`` is one (its first record
    holds all of :data:`_LS_CSV_COLUMNS` and none of :data:`_SHEET_ONLY_COLUMNS`); else ``""``.

    That sheet is not argmine's: its ``id`` is the task's, its rows are a task's annotations newest first, a cell
    of several choices holds JSON (``{"choices": ["privacy", "bloat"]}``), and drafts, skipped annotations and the
    reviewer's ground truth are left out; import asks for Label Studio's JSON export instead.

    >>> _ls_csv_export('annotation_id,annotator,created_at,doc,id,lead_time,themes\\n1,"2",2024-05-01,a,5001,3.2,privacy\\n')
    "Label Studio's CSV export (columns annotation_id, annotator, created_at, id, lead_time, …)"
    >>> _ls_csv_export("text,themes,sentiment,annotation_id,lead_time\\n")
    ''
    """
    for delimiter in (",", "\t", ";"):
        cells = _first_cells(text, delimiter)
        if _LS_CSV_COLUMNS <= set(cells) and not _SHEET_ONLY_COLUMNS & set(cells):
            told = [c for c in dict.fromkeys(cells) if c in _LS_CSV_COLUMNS]
            more = ", …" if len(set(cells)) > len(told) else ""
            return f"Label Studio's CSV export (columns {', '.join(told)}{more})"
    return ""


#: Columns doccano's CSV export (Export Dataset -> CSV) writes around a record's own fields: ``id``, ``text`` and ``label``
#: (the labels joined by ``#``); with one of :data:`_DOCCANO_CSV_SIGNS` and none of argmine's label columns, a table is that export.
_DOCCANO_CSV_COLUMNS = frozenset({"id", "text", "label"})
#: doccano's comment column (``Comments`` in 1.x, ``comments`` later), or the unit id argmine's doccano export gives each record.
_DOCCANO_CSV_SIGNS = frozenset({"Comments", "comments", "unit_id"})


def _doccano_csv_export(text: str) -> str:
    """What doccano's CSV export looks like, naming the columns that tell it, if ``text`` is one (its first record holds all
    of :data:`_DOCCANO_CSV_COLUMNS`, one of :data:`_DOCCANO_CSV_SIGNS`, and no ``themes``, ``sentiment`` nor a column of
    :data:`_SHEET_ONLY_COLUMNS`); else ``""``.

    No format reads it: its ``label`` cell joins themes and sentiment with ``#`` and its ``id`` is doccano's; import asks
    for doccano's JSONL export instead.  The description starts "a CSV", as a sheet's does, so every reader refuses it as a table.

    >>> _doccano_csv_export("id,text,unit_id,doc,start,end,label,Comments\\n1,好。,a#1,a,0,2,negative#privacy,\\n")
    'a CSV export from doccano (columns id, text, unit_id, label, Comments, …)'
    >>> _doccano_csv_export("id,doc,start,end,text,themes,sentiment,label,Comments\\n"), _doccano_csv_export("id,text,label\\n")
    ('', '')
    """
    for delimiter in (",", "\t", ";"):
        cells = set(_first_cells(text, delimiter))
        if _DOCCANO_CSV_COLUMNS <= cells and _DOCCANO_CSV_SIGNS & cells and not ({"themes", "sentiment"} | _SHEET_ONLY_COLUMNS) & cells:
            header = list(dict.fromkeys(_first_cells(text, delimiter)))
            told = [c for c in header if c in _DOCCANO_CSV_COLUMNS | _DOCCANO_CSV_SIGNS]
            more = ", …" if len(header) > len(told) else ""
            return f"a CSV export from doccano (columns {', '.join(told)}{more})"
    return ""


def _file_layout(path: Path, ctx: _Context) -> tuple[str, str]:
    """What a file given as a brat folder looks like, and the format that reads it."""
    try:
        text = path.read_text("utf-8-sig")
    except (UnicodeDecodeError, OSError):
        return "a file, not a folder", ""
    try:
        whole = loads(text)
    except json.JSONDecodeError:
        whole = None
    found, reads = _array_layout(whole, ctx) if isinstance(whole, list) else _text_layout(text, ctx)
    return found or "a file, not a folder", reads


def export_layout(path: str | Path, *, text: str | None = None) -> tuple[str, str]:
    """What a file looks like if it is a labelling tool's export or sheet, and the ``import --format`` that reads it.

    Returns ``(found, format)``: ``found`` describes the file (``"a Label
    Studio JSON export (17 tasks)"``, ``"a CSV sheet (columns id, doc, …)"``)
    or is ``""`` when it looks like none of them (gold JSONL, say);
    ``format`` is ``""`` when no import format reads it, and
    ``"label-studio-min"`` for a JSON_MIN export and ``"label-studio-csv"`` for its CSV
    export (export it again as JSON), ``"doccano-csv"`` for doccano's CSV export (export it again as JSONL).
    Meant for a file that failed to read as gold JSONL, so that the error
    says what the file is and how to convert it (:func:`argmine.annotations.not_gold_error`).
    ``text``: the file's content when it has been read already (standard
    input, ``path`` ``-``, cannot be read again); the file is not opened.

    >>> import tempfile, os
    >>> p = os.path.join(tempfile.mkdtemp(), "project.json")
    >>> _ = open(p, "w").write('[{"id": 1, "data": {"text": "好。"}, "annotations": []}]')
    >>> export_layout(p)
    ('a Label Studio JSON export (1 task)', 'label-studio')
    """
    from .decode import decode

    p = Path(path)
    if text is None:
        if p.is_dir():
            brat = (p / BRAT_MANIFEST).exists() or any(p.glob("*.ann"))
            return ("a brat folder", "brat") if brat else ("a folder", "")
        try:
            data = p.read_bytes()
            if not data.strip():
                return "", ""
            text, _ = decode(data, shown_path(str(p)))
        except (OSError, InputError):
            return "", ""
    ctx = _Context(None, False, {})  # type: ignore[arg-type]  # layouts need no schema
    text = text.lstrip("\ufeff")
    if text.lstrip()[:1] in ("[", "{"):
        try:
            whole = loads(text)
        except json.JSONDecodeError:
            whole = None
        if isinstance(whole, list):
            found, reads = _array_layout(whole, ctx)
            return found, "" if reads == "labelled-rows" else reads
        if isinstance(whole, dict) and isinstance(whole.get("data"), dict):
            return "one Label Studio task (a JSON object, not the export's list of tasks)", ""
    found, reads = _text_layout(text, ctx)
    if reads == "labelled":  # gold JSONL
        return "", ""
    if found.startswith("JSON lines"):  # doccano's JSONL export, unless the lines look like gold records
        first = loads(next(line for line in json_lines(text) if line.strip()))
        if {"themes", "sentiment"} <= set(first) or not {"label", "entities"} & set(first):
            return "", ""
        return f"doccano's JSONL export ({found.removeprefix('JSON lines (')}", "doccano"
    return ("", "") if found == "an empty file" else (found, reads)


def _read_export(path: Path, fmt: str) -> str:
    """The text of a JSON export given as ``fmt``; a folder or a file that is not UTF-8 is one error for the file."""
    if path.is_dir():
        brat = (path / BRAT_MANIFEST).exists() or any(path.glob("*.ann"))
        raise _wrong_layout(path, fmt, "a brat folder" if brat else "a folder", "brat" if brat else "")
    text = read_utf8(path, _EXPORT_AGAIN)
    if not text.strip():
        raise AnnotationError(shown_path(str(path)), E_EMPTY_EXPORT.format(expected=_EXPECTED[fmt]))
    return text


def _int(value: Any, what: str, where: str) -> int:
    if isinstance(value, bool) or not isinstance(value, (int, str)):
        raise _failure(where, f"{what} is {shown_repr(value)}; expected an integer offset", cause=f"{what} is not an integer offset")
    try:
        return int(value)
    except ValueError:
        raise _failure(where, f"{what} is {shown_repr(value)}; expected an integer offset", cause=f"{what} is not an integer offset") from None


def _field_text(value: Any, what: str, where: str, ctx: _Context, template: str = E_EDITED_FIELD) -> str:
    """A record's unit id (``what`` ``"unit_id"``) or ``"kind"`` as text.

    A list, object or boolean edited into it (or a null id, a number kind)
    would reach the gold as Python text (``"['a']"``): an error, unless
    --source gives the unit's own (then ``""``).
    """
    if isinstance(value, str):
        return value
    if what == "kind" and value is None:
        return ""
    if what != "kind" and isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    if ctx.has_source:
        return ""
    expected = 'a kind such as "comment"' if what == "kind" else 'a unit id such as "d#1"'
    raise _failure(where, template.format(field=repr(what), found=_found(value), expected=expected)
                   + "; or pass --source to take it from the original text", cause=f"{what!r} is not {expected}")


class _DocUnits:
    """The units of one document as carried in an export, indexed by offsets.

    ``source``: the document's units as ``--source`` re-segments it (None without it).  A document-level export shows
    the whole document but may list only some of its units (``--only-unlabeled`` leaves out those already labelled,
    ``--sample`` those not drawn); a span on one of those is read as that unit of the source (:meth:`span`).
    """

    def __init__(self, doc: str, text: str, units: Any, where: str, source: Sequence[Unit] | None = None):
        if not isinstance(text, str):
            raise AnnotationError(where, E_EDITED_FIELD.format(field="the document's 'text'", found=_found(text), expected="the document's text"))
        self.doc, self.text, self.utf16 = doc, text, Utf16Offsets(text)
        if not isinstance(units, list):
            raise AnnotationError(where, "the task has no 'units' list; export it with 'argmine export --level document'")
        self.by_span: dict[tuple[int, int], UnitRef] = {}
        self.prefilled: dict[str, Any] = {}
        for n, u in enumerate(units, 1):
            if not isinstance(u, dict) or "id" not in u:
                raise AnnotationError(where, E_EDITED_FIELD.format(field=f"unit {n} of 'units'", found=_found(u),
                                                                   expected='an object such as {"id": "d#1", "start": 0, "end": 5}'))
            unit = f"unit {n} of 'units'" + (f" ({u['id']})" if isinstance(u["id"], str) else "")  # which one, in what the errors say
            s, e = _int(u.get("start"), f"the start of {unit}", where), _int(u.get("end"), f"the end of {unit}", where)
            if not 0 <= s <= e <= len(text):
                raise AnnotationError(where, f"{unit}: " + E_OUT_OF_RANGE.format(where="", start=s, end=e, doc=doc, length=len(text),
                                                                                unit_name="characters"))
            uid, kind = u["id"], u.get("kind") or ""
            # a list or object edited in would reach the gold as Python text ("['a']")
            bad = ("id", uid) if isinstance(uid, bool) or not isinstance(uid, (str, int)) else ("kind", kind) if not isinstance(kind, str) else None
            if bad:
                raise AnnotationError(where, E_EDITED_FIELD.format(field=f"the {bad[0]} of unit {n} of 'units'", found=_found(bad[1]),
                                                                   expected="a string"))
            self.by_span[(s, e)] = UnitRef(str(uid), doc, s, e, text[s:e], kind)
            self.prefilled[str(uid)] = u.get("prefilled")  # what argmine's export pre-filled on the unit (see _Context.prefilled)
        self.touched: set[str] = set()
        self.last: str | tuple[str, ...] = ""  # the unit (or units: a span across them) the last span() found
        self.drawn: set[str] = set()  # the units a span of the annotation is drawn exactly on (see drawn_on)
        self.failed: set[str] = set()  # the units a span of the annotation failed on (see labelled)
        self.unseen = ""  # the warning that the last span() read a unit through invisible characters beside it (see labelled)
        self.outside = ""  # the warning that the last span() read a unit of the source the export left out (see labelled)
        self.source = source
        self._left_out: dict[tuple[int, int], UnitRef] | None = None
        self._changed = ""  # how the source differs from the export's document, if it does (see left_out)

    @property
    def left_out(self) -> dict[tuple[int, int], UnitRef]:
        """The units of the source (``--source``) on none of the units the export lists, by offsets: those it left out.

        A source changed since export (a sentence split, a line added) numbers and places its units anew: a unit of it
        is one the export left out only where its id is none the export lists and the export's text at its offsets is
        its text; the first difference met is kept (:attr:`_changed`) for the error of a span no unit is found for.

        >>> from argmine.types import Unit
        >>> text = "好。\\n对。\\n行。"
        >>> src = [Unit.from_source(text, doc="d", n=n, start=s, end=s + 2, kind="body") for n, s in ((1, 0), (2, 3), (3, 6))]
        >>> [(r.id, r.text) for r in _DocUnits("d", text, [{"id": "d#2", "start": 3, "end": 5}], "t", source=src).left_out.values()]
        [('d#1', '好。'), ('d#3', '行。')]
        >>> new = "新。\\n" + text  # a line added at the top since export: its d#1 is not the export's, its d#2 is the export's d#1
        >>> src = [Unit.from_source(new, doc="d", n=n, start=s, end=s + 2, kind="body") for n, s in ((1, 0), (2, 3), (3, 6), (4, 9))]
        >>> units = _DocUnits("d", text, [{"id": "d#2", "start": 3, "end": 5}], "t", source=src)
        >>> units.left_out, units._changed
        ({}, "its unit d#1 0..2 reads '新。', the export's text there '好。'")
        """
        if self._left_out is None:
            listed = sorted(self.by_span)
            starts, reach = [s for s, _ in listed], list(itertools.accumulate((e for _, e in listed), max))
            ids = {r.id: r for r in self.by_span.values()}
            self._left_out, moved = {}, ""
            for u in self.source or ():
                there = self.text[u.start:u.end]
                if there != u.text and not self._changed:
                    self._changed = H_SOURCE_CHANGED_TEXT.format(unit=u.id, start=u.start, end=u.end, expected=_snippet(u.text, 30),
                                                                 found=_snippet(there, 30))
                same = ids.get(u.id)
                if same is not None and (same.start, same.end) != (u.start, u.end) and not moved:
                    moved = H_SOURCE_CHANGED_ID.format(unit=u.id, start=u.start, end=u.end, es=same.start, ee=same.end)
                i = bisect.bisect_left(starts, u.end)  # the listed units starting before it ends: one of them overlaps it
                if (i and reach[i - 1] > u.start) or (u.start, u.end) in self.by_span or same is not None or there != u.text:
                    continue
                self._left_out[(u.start, u.end)] = UnitRef(u.id, self.doc, u.start, u.end, there, u.kind)
            self._changed = self._changed or moved
        return self._left_out

    def _all(self) -> list[UnitRef]:
        """The units listed in the export and those it left out (:attr:`left_out`, with ``--source``), in text order."""
        return sorted([*self.by_span.values(), *(self.left_out.values() if self.source is not None else ())], key=lambda r: r.start)

    def under(self, start: int, end: int) -> tuple[str, ...]:
        """The ids of the units that characters ``start..end`` overlap, in text order (with ``--source``, also those the export left out)."""
        return tuple(r.id for r in self._all() if r.start < end and start < r.end)

    def _char(self, utf16: int, *, ceil: bool) -> int:
        """The character offset of UTF-16 offset ``utf16`` (in range); inside a surrogate pair, the start of the
        character it splits, or (``ceil``) its end."""
        try:
            return self.utf16.from_utf16(utf16)
        except AlignmentError:
            return self.utf16.from_utf16(utf16 - 1) + int(ceil)

    def labelled(self, ctx: "_Context", where: str, fn: Callable[[], "Label | None"]) -> "Label | None":
        """Run ``fn`` (one span's :class:`Label`) under :func:`_guard`; a failure fails, for this record, every unit it
        names (:attr:`last`): :meth:`kept` then drops the labels its other spans gave those units."""
        self.last = ""
        self.unseen = ""
        failed = False

        def run() -> "Label | None":
            nonlocal failed
            try:
                return fn()
            except AnnotationError:
                failed = True
                raise

        lab = _guard(ctx, where, run, lambda: self.last)
        if failed:
            self.failed.update((self.last,) if isinstance(self.last, str) else self.last)
        elif lab is not None:
            if self.unseen:  # read onto its unit through invisible characters beside it: worth a word
                ctx.problem(where, self.unseen, kind="warning", cause=W_REGION_INVISIBLE_CAUSE, unit=lab.unit.id)
            if self.outside:  # a unit the export did not list: the counts of the export's units do not hold it
                ctx.problem(where, self.outside, kind="warning", cause=W_LEFT_OUT_UNIT_CAUSE, unit=lab.unit.id)
        return lab

    def unit_at(self, start: int, end: int, units: dict[tuple[int, int], UnitRef] | None = None) -> tuple[UnitRef | None, int, int]:
        """The unit at characters ``start..end``, also where the span takes in invisible characters beside it
        (:data:`~argmine.normalize.INVISIBLE`: a zero-width space no labeller sees), with how many it takes in
        before the unit and after it (``0, 0`` when drawn on it exactly; ``None`` where there is no such unit).
        White space beside a unit is not taken in: the labeller sees it (:meth:`span` says so).
        ``units``: where to look (default: the units the export lists).
        """
        units = self.by_span if units is None else units
        ref = units.get((start, end))
        if ref is not None:
            return ref, 0, 0
        inner = self.text[start:end]
        lead, trail = len(inner) - len(inner.lstrip(INVISIBLE)), len(inner) - len(inner.rstrip(INVISIBLE))
        if not (lead or trail) or lead == len(inner):
            return None, 0, 0
        ref = units.get((start + lead, end - trail))
        return (ref, lead, trail) if ref is not None else (None, 0, 0)

    def kept(self, labels: Iterable["Label | None"]) -> Iterator["Label"]:
        """``labels`` (of one annotation, record or .ann file) without those of units a span of it failed on.

        A unit's labels are all of its spans together: one span failing (drawn off the unit's boundaries, a
        theme the schema lacks) leaves the unit failed, counted once, not written with the other spans' labels.
        """
        return (lab for lab in labels if lab is not None and lab.unit.id not in self.failed)

    def ids(self) -> tuple[str, ...]:
        """The ids of the document's units, in the export's order (what a failure of the whole annotation or record concerns)."""
        return tuple(r.id for r in self.by_span.values())

    def drawn_on(self, spans: Iterable[tuple[Any, Any]], *, utf16: bool) -> None:
        """Note the units the annotation's ``spans`` (the tool's offsets) are drawn exactly on.

        A span drawn across units fails as the unit under it that no span of its own labels:
        that one is the unit the labeler's span took away.
        """
        self.drawn = set()
        for s, e in spans:
            try:
                key = (self.utf16.from_utf16(int(s)), self.utf16.from_utf16(int(e))) if utf16 else (int(s), int(e))
            except (TypeError, ValueError, AlignmentError):
                continue
            ref = self.unit_at(*key)[0] if 0 <= key[0] <= key[1] <= len(self.text) else None
            if ref is None and self.source is not None and 0 <= key[0] <= key[1] <= len(self.text):  # one the export left out
                ref = self.unit_at(*key, self.left_out)[0]
            if ref is not None:
                self.drawn.add(ref.id)

    def report_untouched(self, where: str, ctx: "_Context", why: str = "no labelled span on it") -> None:
        """Report every unit no span of the last annotation pointed at (as unlabelled, ``why``)."""
        for ref in self.by_span.values():
            if ref.id not in self.touched:
                ctx.unlabeled(f"{where} unit {ref.id}", f"unit {ref.id}", why, "unit", ref.id)

    def span(self, start: Any, end: Any, where: str, *, utf16: bool, claimed_text: str | None = None) -> UnitRef:
        """The unit at a span given in the tool's offsets; raise AnnotationError when there is none."""
        s, e = _int(start, "start", where), _int(end, "end", where)
        limit = self.utf16.utf16_length if utf16 else len(self.text)
        if not 0 <= s < e <= limit:
            raise _failure(where, E_OUT_OF_RANGE.format(
                where="", start=s, end=e, doc=self.doc, length=limit, unit_name="UTF-16 code units" if utf16 else "characters"),
                cause=f"spans out of range for document {self.doc!r}")
        try:
            cs, ce = (self.utf16.from_utf16(s), self.utf16.from_utf16(e)) if utf16 else (s, e)
        except AlignmentError as err:
            # the units under the split character fail (this error), not counted as unlabelled nor as an error naming none
            under = self.under(self._char(s, ceil=False), self._char(e, ceil=True))
            self.touched.update(under)
            self.last = under
            raise AnnotationError(where, (f"span on unit {', '.join(under)}: " if under else "") + str(err)) from None
        # a unit with invisible characters beside it (a zero-width space dragged in, which no labeller sees) is that unit
        ref, lead, trail = self.unit_at(cs, ce)
        self.unseen = self.outside = ""
        if ref is None and self.source is not None:  # a unit of the source the export left out, shown in the whole document
            ref, lead, trail = self.unit_at(cs, ce, self.left_out)
            if ref is not None:
                self.outside = W_LEFT_OUT_UNIT.format(found=repr(_snippet(self.text[cs:ce], 30)), start=cs, end=ce, unit=ref.id)
        if ref is not None and (lead or trail):
            inner = self.text[cs:ce]
            unseen = inner[:lead] + inner[len(inner) - trail:]
            self.unseen = W_REGION_INVISIBLE.format(
                found=repr(inner[:30]), start=cs, end=ce, unit=ref.id, us=ref.start, ue=ref.end,
                chars=inflect(len(unseen), "an invisible character", "invisible characters"),
                edges=" and ".join(e for e, n in (("before it", lead), ("after it", trail)) if n), names=invisible_names(unseen))
        self.last = ref.id if ref else ""  # the unit a failure of this span concerns (see _guard)
        if claimed_text is not None and claimed_text != self.text[cs:ce]:
            # the units under it count as failed (this error), not also as unlabelled
            under = self.under(cs, ce)
            self.touched.update(under)
            self.last = self.last or under
            raise _failure(where, E_REGION_TEXT_EDITED.format(
                found=_snippet(claimed_text), what=f"unit {ref.id}" if ref else "the span", doc=self.doc, start=cs, end=ce,
                expected=_snippet(self.text[cs:ce])), cause="the region's text was edited in the file")
        if ref is not None:
            self.touched.add(ref.id)
        else:
            # the units under a redrawn span count as failed (this error), not also as unlabelled
            units = self._all()  # with --source, also those the export left out: a span on one fails as that unit
            under = [r for r in units if r.start < ce and cs < r.end]
            self.touched.update(r.id for r in under)
            if len(under) == 1:  # a span inside one unit fails as that unit (the summary counts units)
                self.last = under[0].id
            if len(under) > 1:  # every unit it covers is named: the labeler must draw each again
                first = next((r.id for r in under if r.id not in self.drawn), under[0].id)
                self.last = (first, *(r.id for r in under if r.id != first))  # every unit under it fails (the summary counts each)
                names = [f"{r.id} {r.start}..{r.end}" for r in under]
                raise _failure(where, E_UNMAPPED.format(where="span", reason=E_SPAN_CROSSES_UNITS.format(
                    start=cs, end=ce, text=_snippet(self.text[cs:ce], 30), doc=self.doc,
                    units=", ".join(names[:-1]) + " and " + names[-1])),
                    cause="a span crosses units; draw one span per unit, on the exported span boundaries")
            # the unit the span lies in or nearest it (then the one whose ends are nearest the span's)
            near = min(units, key=lambda r: (max(0, r.start - ce, cs - r.end), abs(r.start - cs) + abs(r.end - ce)), default=None)
            left_out = near is not None and (near.start, near.end) not in self.by_span  # a unit of the source the export did not list
            hint = f" (nearest unit: {near.id} {near.start}..{near.end}{H_NEAR_LEFT_OUT if left_out else ''})" if near else ""
            inner = self.text[cs:ce]
            # white space beside it, invisible characters among it or not (a line selected with its line break)
            lead, trail = len(_PADDING_BEFORE.match(inner)[0]), len(_PADDING_AFTER.search(inner)[0])
            padded = next((r for r in units if (r.start, r.end) == (cs + lead, ce - trail)), None) \
                if (lead or trail) and lead < len(inner) else None
            if padded is not None:  # a whole line selected with its line break (a triple click): said plainly
                edges = " and ".join(e for e, n in (("before it", lead), ("after it", trail)) if n)
                pad = inner[:lead] + inner[len(inner) - trail:]
                what = "the white space and invisible characters" if any(c in INVISIBLE for c in pad) else "the white space"
                out = (padded.start, padded.end) not in self.by_span  # a unit the export left out: drawn without it, it is read
                hint = (f": that is unit {padded.id} {padded.start}..{padded.end}{H_NEAR_LEFT_OUT + ',' if out else ''} "
                        f"with {what} {edges} ({pad!r}); draw the region without {'it' if what == 'the white space' else 'them'}")
            found = repr(self.text[cs:ce][:30])
            if self.source is None and not under:  # between the units it lists: only the source knows whether it is one it left out
                raise _failure(where, E_UNMAPPED.format(where="span", reason=E_SPAN_NOT_EXPORTED.format(
                    found=found, start=cs, end=ce, doc=self.doc, hint=hint)), cause=E_SPAN_NOT_EXPORTED_CAUSE)
            if padded is not None and out:
                fix = ""  # drawn without the white space, it is read as that unit
            else:
                fix = "; " + (H_DRAW_ON_UNIT if left_out and padded is None else "keep the exported span boundaries")
            if self._changed and not under:
                # on no unit, where the source no longer reads as the export: maybe on a unit it left out, which the source cannot tell
                raise _failure(where, E_UNMAPPED.format(where="span", reason=f"{found} at {cs}..{ce} is not a unit of {self.doc}{hint}"
                                                        + H_SOURCE_CHANGED.format(doc=self.doc, evidence=self._changed)),
                               cause=E_SOURCE_CHANGED_CAUSE)
            raise _failure(where, E_UNMAPPED.format(
                where="span", reason=f"{found} at {cs}..{ce} is not a unit of {self.doc}{hint}{fix}"),
                cause=f"a span is not a unit{fix or '; draw it without the white space beside its unit'}")
        return ref


#: White space, invisible characters among it or not, at the start and at the end of a region (:meth:`_DocUnits.span`).
_PADDING_BEFORE = re.compile(f"[\\s{INVISIBLE}]*")
_PADDING_AFTER = re.compile(f"[\\s{INVISIBLE}]*\\Z")


def _split_labels(labels: Iterable[str], ctx: _Context) -> tuple[list[str], list[str]]:
    """A doccano label list as themes and sentiments; a sentiment typed by name (负面, Negative) is a sentiment, so its error names the id."""
    themes, sents = [], []
    for lab in filter(None, map(_label_seen, labels)):
        sentiment = lab in ctx.schema.sentiments or (sentiment_named(ctx.schema, lab) and not theme_named(ctx.schema, lab)
                                                     and lab not in (ctx.options.get("theme_map") or {}))
        (sents if sentiment else themes).append(lab)
    return themes, sents


def _guard(ctx: _Context, where: str, fn: Callable[[], Any], unit: Callable[[], str | tuple[str, ...]] = str) -> Any:
    """Run ``fn``; an AnnotationError becomes a reported problem (of the unit, or the units, ``unit()`` names), or propagates under strict."""
    try:
        return fn()
    except AnnotationError as e:
        if ctx.strict:
            raise
        ids = unit()
        ids = tuple(filter(None, (ids,) if isinstance(ids, str) else ids))
        ctx.problem(e.source, e.message, cause=getattr(e, "cause", ""), unit=ids[0] if ids else "", units=ids if len(ids) > 1 else ())
        return None


# --- Label Studio ---------------------------------------------------------------------------


def _ls_annotator(ann: dict[str, Any]) -> str:
    who = ann.get("completed_by")
    if isinstance(who, dict):
        return str(who.get("email") or who.get("username") or who.get("id"))
    return f"label-studio-user-{who}" if who is not None else "label-studio"


@register_importer("label-studio")
def read_label_studio(path: Path, ctx: _Context) -> Iterator[Label]:
    """Tasks from Label Studio's JSON export (``exportType=JSON``); cancelled annotations and drafts are skipped (and counted).

    A task's annotations are taken oldest first (``updated_at``), so a
    labeler's latest annotation is their last; one marked ``ground_truth``
    wins over the others (see :func:`_unit_record`).
    """
    text = _read_export(path, "label-studio")
    try:
        tasks = loads(text)
    except json.JSONDecodeError as e:
        found, reads = _text_layout(text, ctx)
        if found.startswith(("JSON lines", "a CSV")) or reads in ("labelled", "label-studio-csv"):
            raise _wrong_layout(path, "label-studio", found, reads) from None
        raise AnnotationError(f"{shown_path(str(path))}:{e.lineno}:{e.colno}", E_TRUNCATED_JSON.format(reason=e.msg)) from None
    if isinstance(tasks, dict) and _labelled([tasks], ctx):  # one gold record
        raise _wrong_layout(path, "label-studio", *_text_layout(text, ctx))
    if not isinstance(tasks, list):
        raise AnnotationError(shown_path(str(path)), "expected a JSON list of tasks (Label Studio export type JSON, not JSON_MIN or CSV)")
    found, reads = _array_layout(tasks, ctx)
    if reads and reads != "label-studio":
        raise _wrong_layout(path, "label-studio", found, reads)
    name = shown_path(str(path))  # as every message names a file: its bytes as UTF-8, the same in every locale
    for n, task in enumerate(tasks):
        where = f"{name} task {task.get('id', n) if isinstance(task, dict) else n}"
        if not isinstance(task, dict) or not isinstance(task.get("data"), dict):
            ctx.problem(where, "not a Label Studio task (no 'data' object); export with type JSON",
                        cause="not a Label Studio task (no 'data' object)")
            continue
        raw = task.get("annotations")
        if raw is not None and not (isinstance(raw, list) and all(isinstance(a, dict) for a in raw)):
            # whoever's they were, the task's units are known: each counts as failed
            ctx.problem(where, E_LS_FIELD.format(field="'annotations'", found=_found(raw), expected="a list of annotation objects"),
                        units=_unit_ids(task["data"]))
            continue
        anns = raw or []
        live = sorted((a for a in anns if not a.get("was_cancelled")), key=lambda a: str(a.get("updated_at") or a.get("created_at") or ""))
        drafts = task.get("drafts")
        drafts = [d for d in drafts if isinstance(d, dict)] if isinstance(drafts, list) else []  # drafts are ignored; a hand-edited one too
        ctx.ignore("annotation cancelled (skipped) in Label Studio", len(anns) - len(live))
        ctx.ignore("draft saved but never submitted", len(drafts))
        only = ctx.options.get("only_annotator")
        data = task["data"]
        uid = data.get("unit_id") if isinstance(data.get("unit_id"), str) else ""
        on_unit = f" (unit {uid})" if uid else ""
        for kind, skipped, why in (("annotation", [a for a in anns if a.get("was_cancelled")], "a text area on an annotation cancelled (skipped) in Label Studio"),
                                   ("draft", drafts, "a text area on a draft never submitted")):
            for a in skipped:  # read by no record: counted in the file's note warning, as a note on a row left unlabelled is
                if (not only or is_annotator(_ls_annotator(a), only)) and _ls_textarea_notes(a):
                    ctx.lose_note(f"{where} {kind} {a.get('id', '?')}{on_unit}", why)
        if only:
            ctx.annotators.update(_ls_annotator(a) for a in anns)
            mine = [a for a in live if is_annotator(_ls_annotator(a), only)]
            ctx.ignore("annotation by other labelers (--only-annotator)", len(live) - len(mine))
            live = mine
        ctx.exported_for(path, data)
        if not live:
            if only and any(is_annotator(_ls_annotator(a), only) for a in anns):
                why = f"skipped by {only}: the annotation was cancelled"
            elif only and anns:
                why = f"no annotation by {only}"
            elif anns:
                why = "all annotations were cancelled"
            elif drafts:
                who = ", ".join(dict.fromkeys(str(d.get("user") or d.get("created_username") or "?") for d in drafts))
                why = f"only a draft by {who}, never submitted"
            else:
                why = ""
            # a document's task leaves each of its units (the summary counts units, as doccano's documents do)
            units = data.get("units") if isinstance(data.get("units"), list) else []
            ctx.unlabeled(where + on_unit, f"the task ({why})" if why else "the task", why or "no annotation", "task", uid,
                          units=tuple(str(u["id"]) for u in units if isinstance(u, dict) and isinstance(u.get("id"), (str, int))))
            continue
        if "units" in data:
            # a malformed 'units' list fails the task's units (those it names), not an error naming none
            doc = _guard(ctx, where, lambda: _DocUnits(str(data.get("doc")), data.get("text", ""), data.get("units"), where,
                                                       ctx.source_of(str(data.get("doc")))),
                         lambda: _unit_ids(data))
            if doc is None:
                continue
            for a in live:
                yield from _ls_document_annotation(doc, a, f"{where} annotation {a.get('id', '?')}", ctx)
        else:
            for a in live:
                lab = _guard(ctx, f"{where} annotation {a.get('id', '?')}",
                             lambda: _ls_unit_annotation(data, a, f"{where} annotation {a.get('id', '?')}", ctx),
                             lambda: data["unit_id"] if isinstance(data.get("unit_id"), str) else "")
                if lab is not None:
                    yield lab


def _ls_textarea_notes(ann: dict[str, Any]) -> list[str]:
    """The texts an annotation's (or a draft's) ``textarea`` results hold; none where its ``result`` is no list.

    >>> _ls_textarea_notes({"result": [{"type": "textarea", "value": {"text": ["跳过"]}}, {"type": "choices"}, 3]}), _ls_textarea_notes({})
    (['跳过'], [])
    """
    results = ann.get("result")
    return [t for r in (results if isinstance(results, list) else []) if isinstance(r, dict) and r.get("type") == "textarea"
            for t in _notes(r["value"].get("text") if isinstance(r.get("value"), dict) else None)]


def _found(value: Any) -> str:
    """``value`` as a message quotes what was found: its JSON type and the start of its text."""
    if value is None:
        return "null"
    kind = {dict: "an object", list: "a list", str: "a string", int: "a number", float: "a number", bool: "a boolean"}.get(
        type(value), type(value).__name__)
    return f"{kind} {_snippet(json.dumps(value, ensure_ascii=False), 40)}"


def _unit_ids(record: Any) -> tuple[str, ...]:
    """The units a task's ``data``, a doccano record or a brat manifest entry carries: its ``units`` (a document), else its ``unit_id``.

    What the failure of the whole task, annotation, record or ``.ann`` file concerns: the summary counts each as failed.

    >>> _unit_ids({"units": [{"id": "d#1"}, {"id": 2}, "x"]}), _unit_ids({"unit_id": "d#3"}), _unit_ids({"units": {}}), _unit_ids(None)
    (('d#1', '2'), ('d#3',), (), ())
    """
    if not isinstance(record, dict):
        return ()
    if isinstance(record.get("units"), list):
        return tuple(str(u["id"]) for u in record["units"]
                     if isinstance(u, dict) and isinstance(u.get("id"), (str, int)) and not isinstance(u["id"], bool))
    return (record["unit_id"],) if isinstance(record.get("unit_id"), str) else ()


def _ls_results(ann: dict[str, Any], where: str) -> list[Any]:
    """The annotation's ``result`` list (missing: empty); anything else is an error for the whole annotation."""
    results = ann.get("result")
    if results is None:
        return []
    if not isinstance(results, list):
        raise AnnotationError(where, E_LS_FIELD.format(field="'result'", found=_found(results), expected="a list of result objects"))
    return results


def _ls_item_error(n: int, item: Any) -> str | None:
    """Why result item ``n`` (from 1) is not a usable label result: not an object, or its ``value`` not an object; ``None`` if it is.

    Results of other types (a relation, say) carry no ``value`` and are not labels: ``None`` too.
    """
    if not isinstance(item, dict):
        return E_LS_FIELD.format(field=f"result item {n}", found=_found(item),
                                 expected='a result object such as {"from_name": "sentiment", "type": "choices", "value": {...}}')
    if item.get("type") not in ("labels", "choices") and item.get("from_name") not in ("themes", "sentiment", "unit"):
        return None
    value = item.get("value")
    if not isinstance(value, dict):
        return E_LS_FIELD.format(field=f"'value' of result item {n}", found="missing" if "value" not in item else _found(value),
                                 expected='an object such as {"choices": [...]}')
    return None


def _names(value: Any, key: str, where: str) -> list[str]:
    """``value[key]`` as a list of label names; a hand-edited string (or object) is an error, not a list of its characters."""
    names = value.get(key) if isinstance(value, dict) else None
    if names is None:
        return []
    if not isinstance(names, list) or not all(isinstance(x, str) for x in names):
        expected = "a list of label names" + (f' such as ["{shortened(names)}"]' if isinstance(names, str) else "")
        raise _failure(where, E_LS_FIELD.format(field=repr(key), found=_found(names), expected=expected),
                       cause=f"{key!r} is not a list of label names")
    return [name for name in map(_label_seen, names) if name]  # as seen: 'negative\u200b' is a sentiment


def _one_sentiment(choices: Any, where: str) -> str | None:
    """The one sentiment chosen; several (a config edited to allow them) are an error, not a guess."""
    choices = _names({"choices": choices}, "choices", where)
    if len(choices) > 1:
        raise _failure(where, f"several sentiments {choices}; choose one in Label Studio (the sentiment choice is single)",
                       cause="several sentiments; choose one in Label Studio (the sentiment choice is single)")
    return choices[0] if choices else None


def _ls_unit_annotation(data: dict[str, Any], ann: dict[str, Any], where: str, ctx: _Context) -> Label | None:
    missing = [k for k in ("unit_id", "doc", "start", "end", "text") if k not in data]
    if missing:
        raise _failure(where, f"task data lacks {', '.join(missing)}; export the tasks with 'argmine export --format label-studio'",
                       cause="task data lacks the unit's fields; export the tasks with 'argmine export --format label-studio'")
    text = data["text"]
    s, e = _int(data["start"], "start", where), _int(data["end"], "end", where)
    if not isinstance(text, str) or not 0 <= s <= e:
        raise _failure(where, E_GOLD_OFFSETS.format(start=s, end=e, n=len(str(text)), text=_snippet(str(text), 30)), cause=_OFFSETS_CAUSE)
    themes, sentiment = None, None
    renamed: list[dict[str, Any]] = []  # choices of a control other than 'themes' and 'sentiment'
    notes: list[str] = []  # what the labeler typed in a text area
    results = _ls_results(ann, where)
    for n, r in enumerate(results, 1):
        bad = _ls_item_error(n, r)
        if bad:
            raise AnnotationError(where, bad)
        value = r.get("value") or {}
        if r.get("type") == "textarea":
            notes += _notes(value.get("text") if isinstance(value, dict) else None)
            continue
        if r.get("from_name") in ("themes", "sentiment") and value.get("choices") is None:
            # a Taxonomy or Labels control named 'themes', or a result without choices: not read as "no theme"
            raise AnnotationError(where, E_LS_FIELD.format(
                field=f"the value of result item {n} ({r['from_name']!r}, type {shown_repr(r.get('type'))})", found=_found(value),
                expected=f'{{"choices": [...]}} from a Choices control named {r["from_name"]!r}, as in the config.xml \'argmine export\' wrote'))
        if r.get("from_name") == "themes":
            themes = _names(value, "choices", where)
        elif r.get("from_name") == "sentiment":
            sentiment = _one_sentiment(value.get("choices") if isinstance(value, dict) else None, where)
        elif r.get("type") in ("choices", "labels"):
            renamed.append(r)
    for r in renamed:  # a control renamed in the labelling config: its choices are read by what they are
        name, names = r.get("from_name"), _names(r["value"], r["type"], where)
        if not names:
            continue
        is_sentiment = [x in ctx.schema.sentiments for x in names]
        slot = "sentiment" if all(is_sentiment) else "themes" if not any(is_sentiment) else ""
        shown = shown_repr(name)  # a huge name is shown cut
        if not slot or (themes if slot == "themes" else sentiment) is not None:
            raise _failure(where, E_LS_CONTROL.format(name=shown, names=shown_repr(names)),
                           cause="a result's control is not 'themes' or 'sentiment' and its choices are not clearly either")
        if slot == "themes":
            themes = names
        else:
            sentiment = _one_sentiment(names, where)
        ctx.problem(where, W_LS_CONTROL.format(name=shown, names=shown_repr(names), slot=slot), kind="warning",
                    cause=W_LS_CONTROL_CAUSE.format(name=shown))
    if themes is None and sentiment is None:
        if notes:  # only a note: left unlabelled, as a sheet's row with only a note is, its note counted in the file's warning
            uid = data["unit_id"] if isinstance(data["unit_id"], str) else ""
            on_unit = f" (unit {uid})" if uid else ""
            ctx.unlabeled(where + on_unit, "the task (only a note, no themes or sentiment)", "only a note, no themes or sentiment", "task", uid)
            ctx.lose_note(where + on_unit, "a text area on an annotation with no themes or sentiment")
            return None
        raise AnnotationError(where, E_NO_LABEL.format(where="annotation", what="the unit (no themes, no sentiment)"))
    th, se = ctx.labels(where, themes or [], sentiment)
    ref = UnitRef(_field_text(data["unit_id"], "unit_id", where, ctx, E_LS_FIELD), str(data["doc"]), s, e, text,
                  _field_text(data.get("kind"), "kind", where, ctx, E_LS_FIELD))
    return Label(where, ref, th, se, _ls_annotator(ann), ground_truth=bool(ann.get("ground_truth")), note="\n".join(notes))


_LS_DRAWN_ID = re.compile(r"r(\d+)")  # the id of the region argmine's export draws on the n-th of a task's units


def _ls_offsets(doc: _DocUnits, rid: str, start: Any, end: Any, text: Any) -> tuple[Any, Any, bool]:
    """Region ``rid``'s offsets in code points of the task's text, and whether the file counted them in UTF-16 code units.

    Label Studio counts a Text region's offsets in code points, as Python indexes a ``str``.  argmine's older exports
    counted UTF-16 code units, and a region one of them drew keeps those offsets (and its unit's text) in the annotation
    of a labeler who kept it.  Such a region is read as UTF-16 where that reading holds its ``text`` and the code-point
    reading does not; or, where both hold it (a sentence repeated after an emoji), where it is the region argmine drew
    on the n-th unit (id ``r<n>``) and only the UTF-16 reading is that unit.  Anything else is code points, as given
    (:meth:`_DocUnits.span` checks them and the text, and fails what is no unit).

    >>> doc = _DocUnits("e", "哈😀😀\\n好。好。", [{"id": "e#1", "start": 0, "end": 3}, {"id": "e#2", "start": 4, "end": 6},
    ...                                            {"id": "e#3", "start": 6, "end": 8}], "t")
    >>> _ls_offsets(doc, "x", 6, 8, "好。"), _ls_offsets(doc, "x", 8, 10, "好。"), _ls_offsets(doc, "r1", 6, 8, "好。")
    ((6, 8, False), (6, 8, True), (4, 6, True))
    """
    try:
        s, e = _int(start, "start", ""), _int(end, "end", "")
        cs, ce = doc.utf16.from_utf16(s), doc.utf16.from_utf16(e)
    except (AnnotationError, AlignmentError):  # no integers, or not UTF-16 offsets: code points (span() reports them)
        return start, end, False
    if not isinstance(text, str) or not text or (cs, ce) == (s, e) or doc.text[cs:ce] != text:
        return start, end, False
    if not (0 <= s <= e <= len(doc.text) and doc.text[s:e] == text):
        return cs, ce, True
    drawn, units = _LS_DRAWN_ID.fullmatch(rid), list(doc.by_span.values())
    n = int(drawn.group(1)) if drawn else len(units)
    return (cs, ce, True) if n < len(units) and (units[n].start, units[n].end) == (cs, ce) else (start, end, False)


def _ls_document_annotation(doc: _DocUnits, ann: dict[str, Any], where: str, ctx: _Context) -> Iterator[Label]:
    regions: dict[str, dict[str, Any]] = {}
    notes: dict[str, list[tuple[str, int]]] = {}  # result id -> what the labeler typed in its text area, and its result item
    results = _guard(ctx, where, lambda: _ls_results(ann, where), doc.ids)
    if results is None:
        return  # the whole annotation failed (reported, each of its units as failed, not also as unlabelled)
    for n, r in enumerate(results, 1):
        bad = _ls_item_error(n, r)
        if isinstance(r, dict) and "id" not in r and r.get("type") in ("labels", "choices"):
            bad = E_LS_FIELD.format(field=f"result item {n}", found=_found(r), expected="a result with the 'id' of its region")
        if bad and not (isinstance(r, dict) and "id" in r):
            # the region it belonged to is not known, so any region could be read half labelled: the whole
            # annotation fails (one line; its units count as failed, not also as unlabelled); the others import
            ctx.problem(where, bad, units=doc.ids())
            return
        if r.get("type") == "textarea":  # per region (the region's id), else the whole document's (an id of its own): on no unit
            texts = _notes(r["value"].get("text")) if isinstance(r.get("value"), dict) else []
            notes.setdefault(str(r.get("id")), []).extend((t, n) for t in texts)
            continue
        if r.get("type") == "relation":
            ctx.ignore("relation between regions (Label Studio)")
        if r.get("type") not in ("labels", "choices"):
            continue
        reg = regions.setdefault(str(r["id"]), {})
        if bad:
            reg.setdefault("bad", bad)  # the region fails with this reason (its other items still locate its unit)
            continue
        value = r["value"]
        if "start" in value:
            reg.setdefault("span", (value.get("start"), value.get("end"), value.get("text")))
        if r.get("type") == "labels" and value.get("labels") is None:  # not read as "other": the region fails
            reg.setdefault("bad", E_LS_FIELD.format(field=f"the value of result item {n} (type 'labels')", found=_found(value),
                                                    expected='an object with the region\'s "labels": [...]'))
            continue
        if r.get("type") == "labels":
            reg.setdefault("themes", []).append(value)  # checked per region below: a hand-edited value fails that region only
        elif r.get("from_name") == "sentiment":
            reg["sentiment"] = value.get("choices")
    for rid, texts in notes.items():
        if rid not in regions:  # each text area named by its place: LS shows its id nowhere
            for n in dict.fromkeys(n for _, n in texts):
                ctx.lose_note(f"{where} result item {n}", "a text area of the whole document, on no region")
    doc.touched, doc.failed = set(), set()
    for rid, reg in regions.items():  # code points (Label Studio's), or an older export's UTF-16 (see _ls_offsets)
        if "span" in reg:
            reg["offsets"] = _ls_offsets(doc, rid, *reg["span"])
    doc.drawn_on([reg["offsets"][:2] for reg in regions.values() if "offsets" in reg], utf16=False)
    labels: list[Label | None] = []
    for rid, reg in regions.items():
        rwhere = f"{where} region {rid}"

        def one(reg=reg, rwhere=rwhere) -> Label:
            if "span" not in reg:
                raise AnnotationError(rwhere, reg.get("bad") or "region has no start/end; label spans of the text, not the whole task")
            given_s, given_e, t = reg["span"]
            if t is not None and not isinstance(t, str):
                raise AnnotationError(rwhere, E_LS_FIELD.format(field="the region's 'text'", found=_found(t), expected="the text of the span"))
            s, e, utf16 = reg["offsets"]
            ref = doc.span(s, e, rwhere, utf16=False, claimed_text=t)
            if "bad" in reg:
                raise AnnotationError(rwhere, reg["bad"])
            se = _one_sentiment(reg.get("sentiment"), rwhere)
            themes = [t for value in reg.get("themes") or [] for t in _names(value, "labels", rwhere)]
            th, se = ctx.labels(rwhere, themes, se)
            if utf16:  # read onto the unit argmine drew it on, but Label Studio showed it over other text: worth a word
                gs, ge = int(given_s), int(given_e)  # integers, or _ls_offsets had not read them as UTF-16
                shown = repr(_snippet(doc.text[gs:ge])) if doc.text[gs:ge] else "no text"
                shown += " (its end past the text's)" if ge > len(doc.text) else ""
                ctx.problem(rwhere, W_LS_UTF16_REGION.format(start=gs, end=ge, unit=ref.id, doc=doc.doc, cs=s, ce=e, shown=shown),
                            kind="warning", cause=W_LS_UTF16_REGION_CAUSE, unit=ref.id)
            return Label(rwhere, ref, th, se, _ls_annotator(ann), ground_truth=bool(ann.get("ground_truth")),
                         note="\n".join(t for t, _ in notes.get(rid, [])))

        labels.append(doc.labelled(ctx, rwhere, one))
    yield from doc.kept(labels)
    # named by labeler: with several, a unit one of them left may still be imported from another's annotation
    doc.report_untouched(where, ctx, f"no region drawn on it in the annotation by {_ls_annotator(ann)}")


# --- doccano ---------------------------------------------------------------------------------


@register_importer("doccano")
def read_doccano(path: Path, ctx: _Context) -> Iterator[Label]:
    """doccano JSONL export: classification (``label: [..]``) or spans (``label: [[s, e, l]]`` or ``entities``).

    doccano's JSON export (the same records in one array) is read too, and the
    layout of older doccano versions: labels under ``labels`` (as under
    ``cats``, read where the label field is missing) and the unit's fields
    under ``meta`` (read where they are missing at the top level).
    """
    text_field = ctx.options.get("text_field") or "text"
    label_field = ctx.options.get("label_field") or "label"
    annotator = ctx.options.get("annotator") or _stream_annotator(path, shown_path(path.stem))
    for where, obj in _doccano_records(path, _read_export(path, "doccano"), ctx):
        if not isinstance(obj, dict):
            ctx.problem(where, E_DOCCANO_TEXT_FIELD.format(field=text_field))
            continue
        if isinstance(obj.get("meta"), dict):  # older doccano: what the import did not know as text or label, under 'meta'
            obj = {**{k: v for k, v in obj["meta"].items() if k in _DOCCANO_META}, **obj}
        who = str(obj.get("user", annotator)) if not isinstance(obj.get("user"), (dict, list)) else annotator
        ctx.exported_for(path, obj)
        only = ctx.options.get("only_annotator")
        ctx.annotators.add(who)  # a labeler whose every record failed or was left unlabelled is still one of the files' labelers
        if only and not is_annotator(who, only):  # before it is checked: another labeler's record is not this import's error
            labelled = obj.get(_doccano_label_field(obj, label_field))
            # a document's record holds many labels: counted as the record it is
            ctx.ignore(("record by other labelers (--only-annotator)" if "units" in obj else _BY_OTHERS) if labelled
                       else "record left unlabelled by other labelers (--only-annotator)")
            continue
        if not isinstance(obj.get(text_field), str):
            ctx.problem(where, E_DOCCANO_TEXT_FIELD.format(field=text_field))
            continue
        if isinstance(obj.get("relations"), list):  # a relation project's links between spans: not labels, counted as Label Studio's are
            ctx.ignore("relation between spans (doccano)", len(obj["relations"]))
        if "units" in obj:
            if _notes(obj.get("Comments", obj.get("comments"))):  # doccano comments a whole document, on no unit
                ctx.lose_note(where, "doccano's comments on a document's record, on no unit")
            yield from _doccano_spans(obj, text_field, label_field, where, who, ctx)
        else:
            lab = _guard(ctx, where, lambda: _doccano_unit(obj, text_field, label_field, where, who, ctx),
                         lambda: obj["unit_id"] if isinstance(obj.get("unit_id"), str) else "")
            if lab is not None:
                yield lab


#: The fields argmine's doccano export gives a record, which older doccano versions export under ``meta``.
_DOCCANO_META = frozenset({"unit_id", "doc", "start", "end", "kind", "units", "prefilled", "schema", "schema_version"})


def _doccano_label_field(obj: dict[str, Any], label_field: str) -> str:
    """The field of doccano record ``obj`` its labels are read from: ``label_field``, else where another doccano
    version puts them (``labels``; ``entities`` for a document's spans, ``cats`` for a unit's). The first of them that
    is filled, so that an empty ``label`` beside a filled ``labels`` hides nothing (a ``labels`` that is no list fails
    as one, not as "no label"); else the first present.

    >>> _doccano_label_field({"label": []}, "label"), _doccano_label_field({"labels": ["privacy"]}, "label")
    ('label', 'labels')
    >>> _doccano_label_field({"label": [], "labels": ["privacy"]}, "label"), _doccano_label_field({"labels": "privacy"}, "label")
    ('labels', 'labels')
    >>> _doccano_label_field({"cats": {}}, "label"), _doccano_label_field({"units": [], "entities": []}, "label")
    ('cats', 'entities')
    """
    fields = (label_field, "labels", "entities" if "units" in obj else "cats")
    filled = [f for f in fields if obj.get(f) not in (None, [], {}, "")]
    present = [f for f in fields if obj.get(f) is not None]
    return (filled or present or [label_field])[0]


def _doccano_records(path: Path, text: str, ctx: _Context) -> Iterator[tuple[str, Any]]:
    """``(where, parsed record)`` of a doccano export: JSON lines, or one JSON array; another layout is one error."""
    name = shown_path(str(path))  # as every message names a file: its bytes as UTF-8, the same in every locale
    if text.lstrip().startswith("["):
        try:
            items = loads(text)
        except json.JSONDecodeError as e:
            raise AnnotationError(f"{name}:{e.lineno}:{e.colno}", E_TRUNCATED_JSON.format(reason=e.msg)) from None
        found, reads = _array_layout(items, ctx) if isinstance(items, list) else ("", "")
        if reads and reads != "doccano":
            raise _wrong_layout(path, "doccano", found, reads)
        if not isinstance(items, list) or not all(isinstance(x, dict) and "data" not in x for x in items):
            raise _wrong_layout(path, "doccano", "a JSON array of other objects", "")
        for n, obj in enumerate(items, 1):
            yield f"{name} record {n}", obj
        return
    found, reads = _text_layout(text, ctx)
    if found.startswith("a CSV") or reads in ("labelled", "label-studio-csv"):
        raise _wrong_layout(path, "doccano", found, reads)
    first = True
    # at line ends only: U+2028, U+2029 and U+0085 are left raw inside JSON strings by doccano's export and argmine's
    for n, line in enumerate(json_lines(text), 1):
        if not line.strip():
            continue
        try:
            obj = loads(line)
        except json.JSONDecodeError as e:
            if first:  # one JSON document spread over lines, not JSON lines?
                try:
                    whole = loads(text)
                except json.JSONDecodeError:
                    whole = None
                if whole is not None:
                    raise _wrong_layout(path, "doccano", f"one JSON {type(whole).__name__} spread over lines", "") from None
            ctx.problem(f"{name}:{n}", E_TRUNCATED_JSON.format(reason=json_reason(e)), cause="the line is not valid JSON")
            first = False
            continue
        first = False
        yield f"{name}:{n}", obj  # a line that is valid JSON but not a record (null, 7) is reported by the caller


def _doccano_unit(obj, text_field, label_field, where, who, ctx) -> Label | None:
    missing = [k for k in ("unit_id", "doc", "start", "end") if k not in obj]
    if missing:
        under = " (neither at the top level nor under 'meta')" if isinstance(obj.get("meta"), dict) else ""
        fix = "import the file written by 'argmine export --format doccano' into doccano and export it with its metadata"
        raise _failure(where, f"record lacks {', '.join(missing)}{under}; {fix}", cause=f"record lacks the unit's fields; {fix}")
    label_field = _doccano_label_field(obj, label_field)
    labels = obj.get(label_field)
    notes = _notes(obj.get("Comments", obj.get("comments")))  # doccano 1.x exports 'Comments', later versions 'comments'
    if not labels:
        uid = obj["unit_id"] if isinstance(obj["unit_id"], str) else ""
        on_unit = f"{where} (unit {uid})" if uid else where  # as a sheet's row names its unit
        ctx.unlabeled(on_unit, f"unit {obj['unit_id']}", "no label", "record", uid)
        if notes:
            ctx.lose_note(on_unit, "a comment on a record left unlabelled")
        return None
    if not isinstance(labels, list) or not all(isinstance(x, str) for x in labels):
        raise _failure(where, f"{label_field!r} is {shown_repr(labels)}; expected a list of label names",
                       cause=f"{label_field!r} is not a list of label names")
    themes, sents = _split_labels(labels, ctx)
    if len(sents) > 1:
        raise _failure(where, f"several sentiments {sents}; choose one", cause="several sentiments; choose one")
    th, se = ctx.labels(where, themes, sents[0] if sents else None)
    s, e = _int(obj["start"], "start", where), _int(obj["end"], "end", where)
    text = obj[text_field]
    if not isinstance(text, str) or not 0 <= s <= e:
        raise _failure(where, E_GOLD_OFFSETS.format(start=s, end=e, n=len(str(text)), text=_snippet(str(text), 30)), cause=_OFFSETS_CAUSE)
    ref = UnitRef(_field_text(obj["unit_id"], "unit_id", where, ctx), str(obj["doc"]), s, e, text,
                  _field_text(obj.get("kind"), "kind", where, ctx))
    return Label(where, ref, th, se, who, prefilled=ctx.prefilled(obj.get("prefilled")), note="\n".join(notes))


def _doccano_spans(obj, text_field, label_field, where, who, ctx) -> Iterator[Label]:
    doc = _guard(ctx, where, lambda: _DocUnits(str(obj.get("doc")), obj[text_field], obj.get("units"), where,
                                               ctx.source_of(str(obj.get("doc")))), lambda: _unit_ids(obj))
    if doc is None:
        return
    field = _doccano_label_field(obj, label_field)
    raw = obj.get(field)
    if raw is not None and not isinstance(raw, list):
        ctx.problem(where, E_EDITED_FIELD.format(field=repr(field), found=_found(raw), expected="a list of [start, end, label] spans"),
                    units=doc.ids())
        return  # the record failed (reported, each of its units as failed); its units are not also reported as unlabelled
    spans: dict[tuple[int, int], list[str]] = {}
    for item in raw or []:
        if isinstance(item, dict):
            s, e, lab = item.get("start_offset"), item.get("end_offset"), item.get("label")
        elif isinstance(item, list) and len(item) == 3:
            s, e, lab = item
        else:
            ctx.problem(where, f"span {shown_repr(item)} is not [start, end, label]", cause="a span is not [start, end, label]")
            continue
        offsets = _guard(ctx, where, lambda: (_int(s, "span start", where), _int(e, "span end", where)))
        if offsets is not None:
            spans.setdefault(offsets, []).append(str(lab))
    doc.touched, doc.failed = set(), set()
    doc.drawn_on(spans, utf16=True)
    labels: list[Label | None] = []
    for (s, e), labs in spans.items():
        swhere = f"{where} span {s}..{e}"

        def one(s=s, e=e, labs=labs, swhere=swhere) -> Label:
            ref = doc.span(s, e, swhere, utf16=True)
            themes, sents = _split_labels(labs, ctx)
            if len(set(sents)) > 1:
                raise _failure(swhere, f"several sentiments {sents}; choose one", cause="several sentiments; choose one")
            th, se = ctx.labels(swhere, themes, sents[0] if sents else None)
            return Label(swhere, ref, th, se, who, prefilled=ctx.prefilled(doc.prefilled.get(ref.id)))

        labels.append(doc.labelled(ctx, swhere, one))
    yield from doc.kept(labels)
    doc.report_untouched(where, ctx, "no labelled span on it")


# --- brat -----------------------------------------------------------------------------------------

_T_LINE = re.compile(r"^(T\d+)\t(\S+) (\d+) (\d+)\t(.*)$")
_T_FRAGMENTS = re.compile(r"^(T\d+)\t(\S+) (\d+ \d+(?:;\d+ \d+)+)\t(.*)$")  # an entity in fragments (brat's "Add Frag."): no unit
_A_LINE = re.compile(r"^(A\d+)\t(\S+) (T\d+)(?: (\S+))?$")
_NOTE_LINE = re.compile(r"^#\S*\tAnnotatorNotes (\S+)\t(.*)$")  # a note on an entity (or on a relation: counted, not imported)
_NOTE_VALUE = r'(?:"(?:[^"\\]|\\.)*"|[^\s"]\S*|)(?=\s|$)'  # a value of export's note line: bare, or a JSON string (brat_note_value)
#: what argmine's export writes in a note (not the labeler's): its values bare, or quoted where they hold white space
_EXPORT_NOTE = re.compile(rf"^score={_NOTE_VALUE} unit={_NOTE_VALUE} model={_NOTE_VALUE}")
#: brat's relation, event, normalisation and equivalence lines, and attributes (A, M) on them: not used by argmine
_UNUSED_LINE = re.compile(r"^(?:[REN]\d+|\*|[AM]\d+(?=\t\S+ [REN]\d+(?: \S+)?$))\t")


@register_importer("brat")
def read_brat(path: Path, ctx: _Context) -> Iterator[Label]:
    """A brat folder written by ``argmine export --format brat`` (``argmine.json`` maps files to units)."""
    import os

    if not path.is_dir():
        raise _wrong_layout(path, "brat", *_file_layout(path, ctx))
    broken = broken_link(str(path / BRAT_MANIFEST))  # named as one, as every command names a link to nothing
    if broken is not None:
        raise AnnotationError(shown_path(str(path / BRAT_MANIFEST)), broken)
    manifest = _load_json(path / BRAT_MANIFEST) if (path / BRAT_MANIFEST).exists() else None
    if not isinstance(manifest, dict) or not isinstance(manifest.get("documents"), dict):
        raise AnnotationError(shown_path(str(path / BRAT_MANIFEST)), "missing or malformed; it is written by 'argmine export --format brat' and maps files to units")
    from ._files import disk_name

    # the folder's own name (``.``, ``..``: the folder they stand for), its UTF-8 bytes, as a document id is read
    annotator = ctx.options.get("annotator") or shown_path(os.path.basename(os.path.abspath(path)))
    ctx.exported_for(path, manifest)
    _report_unlisted_ann(path, manifest["documents"], ctx)
    folder = os.path.realpath(path)
    listing = shown_path(str(path / BRAT_MANIFEST))  # files as every message names them: their bytes as UTF-8, in every locale
    for stem, entry in manifest["documents"].items():
        if not is_brat_file_stem(stem):  # '../x', '/abs/x', 'C:x', 'CON': read only files in this folder
            ctx.problem(f"{listing} document {shown_repr(stem)}", E_BRAT_STEM)
            continue
        # named on disk by the stem's UTF-8 bytes in every locale, as export writes them
        txt, ann = path / disk_name(f"{stem}.txt"), path / disk_name(f"{stem}.ann")
        txt_named, ann_named = shown_path(str(txt)), shown_path(str(ann))
        if not isinstance(entry, dict):
            ctx.problem(f"{listing} document {stem!r}", E_EDITED_FIELD.format(
                field="its entry", found=_found(entry), expected='an object such as {"doc": "d", "units": [...]}'))
            continue
        outside = [f for f in (txt, ann) if f.is_symlink() and os.path.dirname(os.path.realpath(f)) != folder]
        if outside:  # a returned archive may carry links (tar keeps them): no text from elsewhere gets into gold or a message
            ctx.problem(shown_path(str(outside[0])), E_BRAT_LINK)
            continue
        # a file missing or not UTF-8 fails each unit argmine.json lists for it
        files = _guard(ctx, ann_named, lambda: (_brat_file(txt, stem), _brat_file(ann, stem)), lambda: _unit_ids(entry))
        if files is None:
            continue
        text, ann_text = files
        ann_text = ann_text.removeprefix("\ufeff")  # Notepad's byte order mark; it would hide the first line's T id
        if text.startswith("\ufeff") and not _bom_is_text(text, ann_text):
            text = text[1:]
            ctx.problem(txt_named, W_BRAT_TXT_BOM, kind="warning")
        if "\r\n" in text and _matching_spans(text.replace("\r\n", "\n"), ann_text) > _matching_spans(text, ann_text):
            text = text.replace("\r\n", "\n")  # converted to CRLF on the way back (a Windows checkout): read as exported
            ctx.problem(txt_named, W_BRAT_TXT_CRLF, kind="warning")
        ends = [u["end"] for u in entry.get("units") or () if isinstance(u, dict) and type(u.get("end")) is int]
        if ends and max(ends) > len(text):  # shortened since export (CRLF turned LF): each unit past its end fails on its own
            text += _PAST_END * (max(ends) - len(text))  # no T line has this text: it never reaches gold
        doc = _guard(ctx, txt_named, lambda: _DocUnits(str(entry.get("doc")), text, entry.get("units"), txt_named,
                                                       ctx.source_of(str(entry.get("doc")))), lambda: _unit_ids(entry))
        if doc is None:
            continue
        yield from _brat_ann(ann, ann_text, doc, annotator, ctx)


def _report_unlisted_ann(path: Path, documents: dict[str, Any], ctx: _Context) -> None:
    """One warning counting the ``.ann`` files in brat folder ``path`` that ``documents`` (argmine.json's) does not list:
    they are never read, and a labeler who labelled them (brat shows every document in the folder) must hear so."""
    import os

    from ._files import disk_name
    from .errors import inflect

    listed = {disk_name(f"{stem}.ann") for stem in documents}  # as the system names them (os.scandir gives them so)
    try:  # hidden files aside, as brat does not show them
        unlisted = sorted(e.name for e in os.scandir(path) if e.name.endswith(".ann") and not e.name.startswith(".")
                          and e.name not in listed and not e.is_dir())
    except OSError:  # the listed files are read (and fail) one by one
        return
    if unlisted:  # a listed document's .ann that an older argmine named by its GBK bytes: its missing line says to rename it
        unlisted = [a for a in unlisted if not _legacy_of(path, a, documents)]
    if unlisted:
        n = len(unlisted)
        ctx.problem(shown_path(str(path)), W_BRAT_UNLISTED.format(
            n=n, files=inflect(n, "file"), first=", ".join(shown_path(a) for a in unlisted[:3]), more=", ..." if n > 3 else "",
            them=inflect(n, "it", "them"), documents=inflect(n, "its document", "their documents")),
            kind="warning", cause="brat .ann files not listed in argmine.json")


def _legacy_of(path: Path, name: str, documents: dict[str, Any]) -> bool:
    """Whether ``name`` (a file in brat folder ``path``, as the system names it) is the GB18030 (GBK) name of a listed
    document's .ann that is missing under its UTF-8 name (:func:`_legacy_named_hint` names it)."""
    import os

    from ._files import disk_name, legacy_readings

    for decoded in legacy_readings(os.fsencode(name)):
        stem = decoded.removesuffix(".ann")
        if stem in documents and is_brat_file_stem(stem) and not (path / disk_name(decoded)).exists():
            return True
    return False


def _bom_is_text(text: str, ann_text: str) -> bool:
    r"""Whether the byte order mark ``text`` starts with is the document's first character, not one an editor added.

    A document whose text starts with U+FEFF is exported with it, offsets
    counting it; Notepad adds one in front of a file it saves.  The ``T``
    lines of the .ann file tell which: their text column is the span's text
    counted one way and not the other (a tie: Notepad's, as before).  The
    spans on the first line decide where they differ: a line-end conversion
    since export (``dos2unix``) moves none of them, while it can move the
    later spans back by as much as the byte order mark moved them on.

    >>> _bom_is_text("\ufeff好。", "T1\tother 1 3\t好。\n"), _bom_is_text("\ufeff好。", "T1\tother 0 2\t好。\n")
    (True, False)
    >>> _bom_is_text("\ufeff好。\n坏。", "T1\tother 0 2\t好。\nT2\tother 4 6\t坏。\n")  # BOM added, then CRLF turned LF
    False
    """
    first_line = min((i for i in (text.find("\n"), text.find("\r")) if i >= 0), default=len(text))
    kept, skipped = _matching_spans(text, ann_text, first_line), _matching_spans(text[1:], ann_text, first_line)
    if kept != skipped:
        return kept > skipped
    return _matching_spans(text, ann_text) > _matching_spans(text[1:], ann_text)


_PAST_END = "\uffff"  # stands for the characters a .txt shortened since export no longer has (a noncharacter: no text holds it)


def _as_exported(text: str) -> str:
    r"""``text`` as a brat ``T`` line written by export shows it: line ends as spaces (a .ann line cannot hold one).

    >>> _as_exported("好。\r\n坏")
    '好。  坏'
    """
    return text.replace("\r", " ").replace("\n", " ")


def _matching_spans(text: str, ann_text: str, before: int | None = None) -> int:
    r"""How many ``T`` lines of ``ann_text`` (those ending by offset ``before``, if given) give the text ``text`` has at their offsets (as export writes it: line ends as spaces).

    A .txt file changed after export (a byte order mark added, LF turned
    into CRLF) shows in fewer matches than the text as exported.

    >>> ann = "T1\tother 0 2\t好。\nT2\tother 3 5\t坏。\n"
    >>> _matching_spans("好。\r\n坏。", ann), _matching_spans("好。\n坏。", ann)
    (1, 2)
    """
    n = 0
    for line in json_lines(ann_text):
        m = _T_LINE.match(line)
        if m and (before is None or int(m[4]) <= before):
            n += _as_exported(text[int(m[3]):int(m[4])]) == m[5]
    return n


def _brat_file(path: Path, stem: str) -> str:
    """The text of a brat .txt or .ann file (UTF-8, line ends kept) of document ``stem``; missing, unreadable or not
    UTF-8 is an AnnotationError (missing, with what to rename where an older argmine named it by its GBK bytes)."""
    try:
        return read_utf8(path, "save it as UTF-8, as brat and 'argmine export' write it", encoding="utf-8", newline="")
    except FileNotFoundError:  # a link to nothing is named as one, as every command names it
        raise AnnotationError(shown_path(str(path)), broken_link(str(path))
                              or E_BRAT_MISSING + _legacy_named_hint(path.parent, stem, path.suffix)) from None
    except (OSError, ValueError) as e:  # ValueError: a name with a NUL character, edited into argmine.json
        raise AnnotationError(shown_path(str(path)), broken_link(str(path))  # a loop of links
                              or f"cannot be read ({getattr(e, 'strerror', None) or e}); check the file next to argmine.json") from None


def _legacy_named_hint(folder: Path, stem: str, suffix: str) -> str:
    r"""What to rename when brat folder ``folder`` holds document ``stem``'s missing ``suffix`` file (and, for a
    ``.txt``, its ``.ann`` if missing too) named by its GB18030 bytes (:func:`argmine._files.legacy_named`); ``""`` if not.

    >>> import os, tempfile
    >>> folder = tempfile.mkdtemp()
    >>> open(os.path.join(os.fsencode(folder), "评论.ann".encode("gbk")), "w").close()
    >>> print(_legacy_named_hint(Path(folder), "评论", ".ann").replace(folder, "F"))
    ; F holds the file named by its GB18030 (GBK) bytes, as an older argmine wrote file names under a GBK locale: rename \xc6\xc0\xc2\xdb.ann to 评论.ann (argmine now reads file names as UTF-8)
    """
    from ._files import disk_name, legacy_named

    renames = []
    for n, suffix in enumerate((suffix, ".ann") if suffix == ".txt" else (suffix,)):
        name = f"{stem}{suffix}"
        old = None if n and (folder / disk_name(name)).exists() else legacy_named(folder, name)
        if old is None and not n:
            return ""
        if old is not None:
            renames.append(f"{shown_path(old)} to {name}")
    both = len(renames) > 1
    return E_BRAT_LEGACY_NAMED.format(folder=shown_path(str(folder)), what="its .txt and .ann" if both else "the file",
                                      its="their" if both else "its", renames=" and ".join(renames))


def _labelers_note(note: str, unit_ids: Iterable[str]) -> str:
    r"""The labeler's part of brat note ``note``: export's ``score=… unit=… model=…`` taken out (:func:`argmine.export.brat_note_value`).

    An export before values were quoted wrote a unit id with a space (a file name
    holding one) bare: it is matched against ``unit_ids``, the units of the file.

    >>> _labelers_note('score=0.22 unit="my file#1" model="argmine-my model" 不确定', [])
    '不确定'
    >>> _labelers_note("score=0.22 unit=my file#1 model=argmine-default", ["my file#1"]), _labelers_note("品牌 score=1", [])
    ('', '品牌 score=1')
    """
    note = note.strip()
    m = _EXPORT_NOTE.match(note)
    if m is None and (old := re.match(r"score=\S* unit=", note)):  # unquoted, as an older export wrote it: the unit is one of the file's
        rest = note[old.end():]
        uid = max((u for u in map(_as_exported, unit_ids) if rest.startswith(f"{u} model=")), key=len, default=None)
        m = re.compile(r" model=\S*").match(note, old.end() + len(uid)) if uid is not None else None
    return note[m.end():].strip() if m else note


def _brat_ann(ann: Path, ann_text: str, doc: _DocUnits, annotator: str, ctx: _Context) -> Iterator[Label]:
    entities: dict[str, tuple[int, int, str, str, str]] = {}  # T id -> start, end, type, where, text
    sentiment: dict[str, tuple[str, str]] = {}
    ignored: list[str] = []  # the ids of relation, event, normalisation lines (and of attributes on them)
    fragmented: dict[str, tuple[str, ...]] = {}  # T id -> the units under an entity in fragments (failed: reported at its line)
    notes: dict[str, list[tuple[str, str]]] = {}  # T id -> (the labeler's note, its line): export's score line taken out
    named = shown_path(str(ann))  # as every message names a file: its bytes as UTF-8, the same in every locale
    for n, line in enumerate(json_lines(ann_text), 1):  # at line ends only, as brat splits it
        where = f"{named}:{n}"
        if not line.strip() or line.startswith("#"):
            m = _NOTE_LINE.match(line)
            if m and (text := _labelers_note(m[2], doc.ids())):
                notes.setdefault(m[1], []).append((text, where))
            continue
        if _UNUSED_LINE.match(line):  # brat's other annotations: argmine has no use for them, and they take nothing from the labels
            ignored.append(line.split("\t", 1)[0])
            continue
        if line.startswith("T"):
            m = _T_LINE.match(line)
            frag = None if m else _T_FRAGMENTS.match(line)
            if frag:  # fails as the units under its fragments (each counted once, as failed), not as unlabelled nor as no unit
                spans_of = sorted(tuple(map(int, f.split())) for f in frag[3].split(";"))
                under = tuple(dict.fromkeys(u for s, e in spans_of for u in doc.under(s, e)))  # in text order
                named_units = [f"{r.id} {r.start}..{r.end}" for u in under for r in doc.by_span.values() if r.id == u]
                units = (f"unit {named_units[0]}" if len(named_units) == 1 else
                         f"units {', '.join(named_units[:-1])} and {named_units[-1]}" if named_units else f"no unit of {doc.doc}")
                fragmented[frag[1]] = under
                ctx.problem(where, E_UNMAPPED.format(reason=E_BRAT_FRAGMENTS.format(
                    id=frag[1], text=_snippet(frag[4], 30), n=len(spans_of), fragments=";".join(f"{s}..{e}" for s, e in spans_of),
                    units=units)), cause="an entity in fragments (brat's Add Frag.) is no unit; draw one span per unit",
                    unit=under[0] if under else "", units=under if len(under) > 1 else ())
                continue
            if not m:
                ctx.problem(where, "not a brat text-bound line 'T<n><TAB>TYPE START END<TAB>TEXT' (discontinuous spans are not units)")
                continue
            if m[1] in entities:  # brat ids are unique in a file; a second one would silently replace the first
                ctx.problem(where, E_BRAT_REPEATED_ID.format(id=m[1], first=entities[m[1]][3].rsplit(":", 1)[1]),
                            cause="an entity id is used again; give each entity an id of its own")
                continue
            entities[m[1]] = (int(m[3]), int(m[4]), m[2], where, m[5])
        elif line.startswith("A") or line.startswith("M"):
            m = _A_LINE.match(line)
            if not m or m[2] != "Sentiment":
                ctx.problem(where, "expected 'A<n><TAB>Sentiment T<n> VALUE'")
                continue
            sentiment[m[3]] = (_label_seen(m[4] or ""), where)
        else:
            ctx.problem(where, f"brat line {line.split(chr(9))[0]!r} is not used by argmine (only T, A and # lines)",
                        cause="a brat line is not used by argmine (only T, A and # lines)")
    if ignored:  # once per file
        ids = ", ".join(ignored[:5]) + (", …" if len(ignored) > 5 else "")
        ctx.problem(named, W_BRAT_IGNORED_LINES.format(n=len(ignored), lines="line" if len(ignored) == 1 else "lines", ids=ids),
                    kind="warning", cause="brat relation/event lines ignored")
    spans: dict[tuple[int, int], dict[str, Any]] = {}
    for tid, (s, e, typ, where, shown) in entities.items():
        # a unit's themes are one T line each (texts: each one's text and line): a label's error names the line that holds it
        g = spans.setdefault((s, e), {"themes": [], "sentiments": {}, "where": where, "texts": []})
        g["themes"].append(_label_seen(typ))
        g["texts"].append((shown, where))
        g.setdefault("notes", []).extend(text for text, _ in notes.get(tid, []))
        if tid in sentiment:
            g["sentiments"].setdefault(*sentiment[tid])  # each value, and the A line that first gives it
    for tid, lines in notes.items():  # a relation's (R1), or an entity's deleted since: each line counted
        if tid not in entities and tid not in fragmented:  # an entity in fragments failed: its note goes with it, as a failed span's
            for _, where in lines:
                ctx.lose_note(where, "an AnnotatorNotes line on no entity of its file")
    for tid, (_, where) in sentiment.items():
        if tid not in entities and tid not in fragmented:  # an entity in fragments: its line's error stands for its attribute too
            ctx.problem(where, f"attribute refers to {tid}, which is not an entity of this file",
                        cause="an attribute refers to no entity of its file")
    failed = {u for under in fragmented.values() for u in under}
    doc.touched, doc.failed = set(failed), set(failed)  # counted as failed, not as unlabelled; their other entities' labels not written
    doc.drawn_on(spans, utf16=False)
    labels: list[Label | None] = []
    for (s, e), g in spans.items():

        def one(s=s, e=e, g=g) -> Label | None:
            ref = doc.span(s, e, g["where"], utf16=False)
            # the T line carries the span's text as export wrote it: a .txt changed since then would put other text in gold
            # (the span's, with the invisible characters beside the unit it took in: those are in the T line too)
            changed = next(((t, w) for t, w in g["texts"] if t != _as_exported(doc.text[s:e])), None)
            if changed and ctx.has_source:  # the record is checked against the source: the T line's text is the claim
                ref = replace(ref, text=changed[0])
            elif changed:
                raise _failure(changed[1], E_BRAT_TXT_CHANGED.format(unit=ref.id, found=_snippet(changed[0]), txt=shown_path(ann.with_suffix(".txt").name),
                                                                     expected=_snippet(ref.text.rstrip(_PAST_END)), start=s, end=e),
                               cause="a T line's text is not the .txt's: the .txt was changed after export; restore it as exported, "
                                     "or pass --source")
            if len(g["sentiments"]) > 1:  # named at the first A line that differs from the first, with the line of each
                given = ", ".join(f"{shown_repr(v)} (line {w.rsplit(':', 1)[1]})" for v, w in g["sentiments"].items())
                raise _failure(list(g["sentiments"].values())[1], f"the spans of unit {ref.id} carry different sentiments {given}; keep one",
                               cause="the spans of a unit carry different sentiments; keep one")
            se = next(iter(g["sentiments"]), None)
            if not se and set(g["themes"]) <= {OTHER}:  # as an export without a model wrote it: nobody labelled it
                ctx.unlabeled(g["where"], f"unit {ref.id}", "type 'other' and no Sentiment attribute, as exported", "unit", ref.id)
                if g["notes"]:
                    ctx.lose_note(g["where"], "a note on a unit left unlabelled")
                return None
            if not se:  # the guide gives every unit one sentiment: a theme without one is half a label
                raise _failure(g["where"], E_BRAT_NO_SENTIMENT.format(unit=ref.id, types=", ".join(g["themes"]),
                                                                  sentiments=", ".join(ctx.schema.sentiments)),
                               cause=f"a unit has no Sentiment attribute; add one in brat ({', '.join(ctx.schema.sentiments)})")
            th, se = ctx.labels(_brat_label_line(g, se, ctx), g["themes"], se)
            return Label(g["where"], ref, th, se, annotator, prefilled=ctx.prefilled(doc.prefilled.get(ref.id)),
                         note="\n".join(dict.fromkeys(g["notes"])))

        labels.append(doc.labelled(ctx, g["where"], one))
    yield from doc.kept(labels)
    doc.report_untouched(named, ctx, "no entity on its span in the .ann file")


def _brat_label_line(g: dict[str, Any], sentiment: str, ctx: _Context) -> str:
    """The ``.ann`` line a label error of span group ``g`` is about: the first T line whose type the schema does not
    know (:meth:`_Context.labels` stops at the first), else the A line of ``sentiment``; the span's first T line if both are known."""
    known = set(ctx.schema.theme_ids)
    bad = next((w for t, (_, w) in zip(g["themes"], g["texts"])
                if any(m not in known and not means_other(m) for m in ctx.mapped_themes([t], count=False))), None)
    if bad is None and sentiment not in ctx.schema.sentiments:
        bad = g["sentiments"].get(sentiment)
    return bad or g["where"]


# --- CSV -------------------------------------------------------------------------------------------


@register_importer("csv")
def read_csv(path: Path, ctx: _Context) -> Iterator[Label]:
    """The CSV written by ``argmine export --format csv`` with the ``themes`` and ``sentiment`` columns filled.

    Themes are separated by ``;`` (``,``, ``|``, spaces and the full-width
    semicolon, comma and ideographic comma also work); an empty
    ``themes`` cell with a sentiment means ``other``; a row with neither is
    reported as unlabelled; rows with every cell empty (a spreadsheet's
    trailing rows) are skipped.  The encoding is detected as for every input
    (:func:`argmine.decode.decode`: UTF-8, UTF-16, GB18030, Big5), so Excel's
    plain "CSV" on a Chinese system is read too; the ``encoding`` option forces one.
    """
    text, encoding = _read_sheet(path, ctx)
    from .errors import inflect
    from .export import csv_schema_stamp, formula_unguarded_row
    from .read import _Lines, header_delimiter, long_cells

    # ",", a tab (Excel's "Unicode Text") or ";" (CSV where the decimal mark is a comma): the one that splits the header into the exported columns
    delimiter = header_delimiter(text, _SHEET_COLUMNS) or ","
    # strict: a quote left open would otherwise swallow every row after it into one cell, silently
    handed = _Lines(text)  # the lines as csv counts them, and how many it took: its line_num is not moved on by a record it fails on
    lines = handed.lines
    reader = csv.DictReader(handed, strict=True, delimiter=delimiter)
    rows: list[dict[str, Any]] = []
    starts: list[int] = []  # the line each row starts on (a quoted cell may span lines), to find it in an editor
    ends: list[int] = []  # and the line it ends on
    line = 1  # where the record being read starts
    with long_cells():  # a labeler's note or a long answer may pass csv's limit on a cell; the process's limit is put back after
        try:
            reader.fieldnames  # the header
            line = reader.line_num + 1
            for row in reader:  # export put a ' before a cell Excel would run as a formula: off again before any check
                rows.append(formula_unguarded_row(row))
                starts.append(_record_start(lines, line, reader.line_num))
                ends.append(reader.line_num)
                line = reader.line_num + 1
        except csv.Error as e:
            from .read import _rows_of_their_own

            # named as train names it: the row and its line, or the lines it took that are not rows of their own (a quote never
            # closed took the rest of the file: its first line)
            first = _record_start(lines, line, handed.read)
            width = len(reader.fieldnames or ())
            own = str(e) == "unexpected end of data" or _rows_of_their_own(lines[first:handed.read], {"delimiter": delimiter, "strict": True}, width)
            span = f"line {first}" if handed.read <= first or own else f"lines {first}-{handed.read}"
            raise AnnotationError(f"{shown_path(str(path))}: row {len(rows) + 1} ({span})", E_SHEET_QUOTES.format(reason=e)) from None
    # the columns first: a one-line file that is no sheet has no header of the sheet either
    missing = [c for c in _SHEET_COLUMNS if c not in (reader.fieldnames or ())]
    if missing:
        # no separator split the first line into the columns (so it was read at ','): judged split at the one giving it the most cells,
        # a tab or ';' sheet that lost its header row is not one cell
        cells = {d: _first_cells(text, d) for d in ",\t;"}
        delimiter = max(cells, key=lambda d: len(cells[d]))
        first = cells[delimiter]
        cells_of_a_sheet = len(first) in (len(CSV_COLUMNS), len(CSV_COLUMNS_WITHOUT_SCHEMA))  # a sheet of now, or of before 'schema'
        if first and (re.fullmatch(r".*\S#\d+", first[0]) or (cells_of_a_sheet and not set(first) & set(CSV_COLUMNS))):
            # a unit id (doc#n, the doc's name may hold a space) or the sheet's number of cells and none of its column names:
            # a row where the header should be: the header of its number of cells (an old sheet's has no 'schema')
            header = CSV_COLUMNS_WITHOUT_SCHEMA if len(first) == len(CSV_COLUMNS_WITHOUT_SCHEMA) else CSV_COLUMNS
            raise AnnotationError(f"{shown_path(str(path))}:1", E_SHEET_NO_HEADER.format(first=repr(_snippet(delimiter.join(first), 30)),
                                                                        columns=", ".join(header)))
        missing = [c for c in _SHEET_COLUMNS if c not in first] or missing
        raise AnnotationError(shown_path(str(path)), f"missing column(s) {', '.join(missing)}; keep the columns of the exported sheet ({', '.join(CSV_COLUMNS)})")
    if not any(isinstance(v, str) and v.strip() for row in rows for v in row.values()):
        raise AnnotationError(shown_path(str(path)), E_SHEET_NO_ROWS)  # only a header (and a spreadsheet's empty rows)
    # the schema the sheet was made for, in every row's 'schema' cell; a sheet exported before it was, or whose column a
    # labeler deleted, records none and is read as before; rows of another schema than the first row's (sheets pasted
    # together) are noted apart, as "FILE: rows … (lines …)", so that they are warned about as another file would be
    width = len(reader.fieldnames or ())
    stamps: dict[tuple[str, str], list[tuple[int, int, int]]] = {}
    for n, (row, first, last) in enumerate(zip(rows, starts, ends), 1):
        if isinstance(cell := row.get("schema"), str) and cell.strip() and not _cells_off(row, width):
            # any white space between id and vVERSION (a tab, an IME's U+3000) is one space; csv_schema_stamp says where a
            # cell holding " v" more than once is split (a version "2 (pilot v3)" holds one too)
            stamp = csv_schema_stamp(" ".join(cell.split()), ctx.schema)
            stamps.setdefault((stamp["schema"], stamp["schema_version"]), []).append((n, first, last))
    for i, ((sid, version), numbered) in enumerate(stamps.items()):
        ctx.exported_for(f"{shown_path(str(path))}: {_rows_named(numbered)}" if i else path, {"schema": sid, "schema_version": version})
    default = ctx.options.get("annotator") or _stream_annotator(path, shown_path(path.stem))
    named = {(row.get("annotator") or "").strip() for row in rows} - {""}
    owner = next(iter(named)) if len(named) == 1 else default  # whose an unsigned unlabelled row is: a sheet one labeler signed is theirs
    only = ctx.options.get("only_annotator")
    ctx.annotators.update(named or {default})
    saved_in = _saved_as(encoding, text)
    # with --only-annotator, the sheets of other labelers are not that labeler's concern
    if not encoding.replace("_", "-").startswith("utf") and (not only or any(is_annotator(a, only) for a in named or {default})):
        check = "every text is checked against --source" if ctx.has_source else "pass --source to check every text against the original"
        # the rows a '?' may stand for lost characters in, or a '￥' for the '¥' cp950 has no code for (a '?' or '￥' typed is
        # one too: counted, not judged)
        marks = [_saved_marks("".join(row.get(c) or "" for c in ("id", "doc", "text", "note")), saved_in) for row in rows]
        marked = [(n, a, b) for n, (mark, a, b) in enumerate(zip(marks, starts, ends), 1) if mark]
        in_notes = [(n, a, b) for n, (row, a, b) in enumerate(zip(rows, starts, ends), 1) if "?" in (row.get("note") or "")]
        written = {c: None for mark in marks for c in mark if c != "?"}  # '￥', '‧': what the encoding writes for '¥', '•'
        if saved_in == "gb18030":
            message = W_NOT_UTF8_SHEET_ALL
        elif written:
            message = W_NOT_UTF8_SHEET_SAVED_AS
            if not ctx.has_source:
                check = ("pass --source to check every text against the original and take those characters from it (without it "
                         f"the gold keeps the sheet's {', '.join(map(repr, written))}{' and ' + repr('?') if any('?' in m for m in marks) else ''})")
        elif marked:
            message = W_NOT_UTF8_SHEET_ROWS
            if not ctx.has_source:
                check = "pass --source to check every text against the original and take the lost characters from it (without it the gold keeps the '?')"
        else:
            message = W_NOT_UTF8_SHEET_CLEAN
        # named as the row warnings name it: the encoding it was saved in (Excel's gbk, though read by the gb18030 codec)
        ctx.problem(shown_path(str(path)), message.format(
            encoding=saved_in or encoding, check=check, lost=_CANNOT_HOLD.get(saved_in, "emoji"), rows=plural(len(marked), "row"),
            hold="holds" if len(marked) == 1 else "hold", first=_rows_named(marked[:1]) if marked else "",
            notes=W_NOT_UTF8_SHEET_NOTES.format(n=len(in_notes), notes=inflect(len(in_notes), "note"), keep=inflect(len(in_notes), "keeps", "keep"),
                                                its=inflect(len(in_notes), "its", "their"), first=_rows_named(in_notes[:1])) if in_notes else "",
            pairs=_pairs_shown((a, b) for a, b in _written_as_others(saved_in).items() if b in written) if written else "",
            marks=either(dict.fromkeys(c for m in marks for c in m))),
            kind="warning")
    name = shown_path(str(path))  # as every message names a file: its bytes as UTF-8, the same in every locale
    for n, (row, first) in enumerate(zip(rows, starts), 1):
        if not any(isinstance(v, str) and v.strip() for v in row.values()):
            continue  # ",,,,," rows a spreadsheet leaves at the end
        has_id, who = bool((row.get("id") or "").strip()), (row.get("annotator") or "").strip()
        # a row is named as train and evaluate name it: its number after the header, and the line it starts on
        at = f"{name}: row {n} (line {first})"
        where = f"{at} (unit {row.get('id')})" if has_id else f"{at} (no unit id)"
        if has_id and (cells := _cells_off(row, width)):  # read, its cells would be shifted: an old sheet's row under the new header
            ctx.problem(where, E_SHEET_CELLS.format(n=cells, m=width), unit=(row.get("id") or "").strip(),
                        cause=f"rows whose cells are not the header's {width}: restore the rows' cells as exported")
            continue
        # read as seen: a cell of only invisible characters is empty, as one of spaces is
        themes_cell, sent_cell = _label_seen(row.get("themes") or ""), _label_seen(row.get("sentiment") or "")
        labelled = bool(themes_cell or sent_cell)
        # before the row is checked (its id too): another labeler's row is not this import's error
        if only and not is_annotator(who or (default if labelled else owner), only):
            ctx.ignore(_BY_OTHERS if labelled else "row left unlabelled by other labelers (--only-annotator)")
            continue
        if not has_id and not ((row.get("start") or "").strip() and (row.get("end") or "").strip()):
            ctx.problem(at, E_SHEET_NO_ID, cause=E_SHEET_NO_ID)  # nothing to find its unit by: a row added by hand
            continue
        note = (row.get("note") or "").strip()
        if not labelled:
            ctx.unlabeled(where, f"unit {row.get('id')}", "themes and sentiment cells empty", "row", row.get("id") or "")
            if note:
                ctx.lose_note(where, "a note on a row left unlabelled")
            continue

        def one(row=row, where=where, themes_cell=themes_cell, sent_cell=sent_cell, who=who, note=note) -> Label:
            s, e = _int(row["start"], "start", where), _int(row["end"], "end", where)
            if row["text"] is None or not 0 <= s <= e:
                raise _failure(where, E_GOLD_OFFSETS.format(start=s, end=e, n=len(row["text"] or ""), text=_snippet(row["text"] or "", 30)),
                               cause=_OFFSETS_CAUSE)
            th, se = ctx.labels(where, split_labels(themes_cell, ctx.schema), sent_cell)
            kind = _label_seen(row.get("kind") or "")
            if kind not in ("", *KINDS):  # a typo would make a group of its own in every summary; --source gives the unit's own
                if not ctx.has_source:
                    raise _failure(where, E_SHEET_KIND.format(found=shown_repr(kind), kinds=", ".join(KINDS)),
                                   cause=f"the kind cell is not one of {', '.join(KINDS)}; restore it, or pass --source")
                kind = ""
            ref = UnitRef(row["id"], row["doc"], s, e, row["text"], kind)
            return Label(where, ref, th, se, who or default, saved_in=saved_in, note=note)

        lab = _guard(ctx, where, one, lambda row=row: row.get("id") or "")
        if lab is not None:
            yield lab


_SHEET_COLUMNS = ("id", "doc", "start", "end", "text", "themes", "sentiment")  # the columns import needs


def _cells_off(row: dict[Any, Any], width: int) -> int:
    """The number of cells of a sheet's ``row`` (as :class:`csv.DictReader` read it) where they are not the header's ``width``, else 0.

    Extra cells that are empty (a spreadsheet's trailing separators) are not counted as off, nor a short row that ends
    in a filled cell: a spreadsheet may leave the empty cells at the end of a row out.  Filled extra cells shift no
    column (a labeler's comment typed past ``note``), except a row of a sheet of now, with its ``schema`` cell, under
    the header of a sheet from before that column: its cells from ``schema`` on would be read one column to the left.

    >>> _cells_off({"a": "1", "b": "", "c": None}, 3), _cells_off({"a": "1", "b": "x", "c": None}, 3)
    (2, 0)
    >>> _cells_off({"a": "1", "b": "", None: ["x"]}, 2), _cells_off({"a": "1", "b": "", None: [" "]}, 2)
    (0, 0)
    """
    extra = row.get(None) or []
    cells = [v for k, v in row.items() if k is not None and v is not None]
    n = len(cells) + len(extra)
    if n < width and cells and not (cells[-1] or "").strip():
        return n
    if "schema" not in row and n == len(CSV_COLUMNS) and width == len(CSV_COLUMNS_WITHOUT_SCHEMA) and any(
            isinstance(c, str) and c.strip() for c in extra):
        return n
    return 0


def _record_start(lines: list[str], after: int, last: int) -> int:
    """The line a CSV record ending on line ``last`` starts on, ``after`` being the first line read for it (csv skips blank lines before it).

    >>> _record_start(["h\\n", "\\n", "\\r\\n", 'a,"x\\n', 'y"\\n'], 2, 5)
    4
    """
    first = after
    while first < last and not lines[first - 1].strip("\r\n"):
        first += 1
    return first


def _rows_named(rows: list[tuple[int, int, int]]) -> str:
    """Rows of a sheet, each ``(number, first line, last line)``, as train names a row (``row 7 (line 8)``).

    ``rows 22-24 (lines 23-26)`` for rows in a run, ``rows 3 (line 4), 5 (line 6), 9 (lines 10-11) and 2 more`` for others.

    >>> _rows_named([(7, 8, 8)]), _rows_named([(22, 23, 23), (23, 24, 25), (24, 26, 26)])
    ('row 7 (line 8)', 'rows 22-24 (lines 23-26)')
    >>> _rows_named([(3, 4, 4), (5, 6, 6), (9, 10, 11), (11, 13, 13), (12, 14, 14)])
    'rows 3 (line 4), 5 (line 6), 9 (lines 10-11) and 2 more'
    """

    def lines(first: int, last: int) -> str:
        return f"line {first}" if first == last else f"lines {first}-{last}"

    if len(rows) == 1:
        return f"row {rows[0][0]} ({lines(rows[0][1], rows[0][2])})"
    if rows[-1][0] - rows[0][0] == len(rows) - 1:
        return f"rows {rows[0][0]}-{rows[-1][0]} ({lines(rows[0][1], rows[-1][2])})"
    return f"rows {', '.join(f'{n} ({lines(a, b)})' for n, a, b in rows[:3])}" + (f" and {len(rows) - 3} more" if len(rows) > 3 else "")


def _first_cells(text: str, delimiter: str) -> list[str]:
    """The cells of a sheet's first record split at ``delimiter``, without surrounding white space (``[]`` if it cannot be split so).

    >>> _first_cells("d#1\\td\\t0\\n", "\\t"), _first_cells("d#1\\td\\t0\\n", ",")
    (['d#1', 'd', '0'], ['d#1\\td\\t0'])
    """
    try:
        from .read import _CsvReader

        return [c.strip("\ufeff \t") for c in next(_CsvReader(text, delimiter=delimiter), [])]
    except csv.Error:
        return []


def _read_sheet(path: Path, ctx: _Context) -> tuple[str, str]:
    """The text of a CSV sheet in whatever encoding the spreadsheet saved it, and that encoding (as :func:`argmine.decode.decode` names it).

    A JSON export or a folder is one error.
    """
    from .decode import decode

    if path.is_dir():
        brat = (path / BRAT_MANIFEST).exists() or any(path.glob("*.ann"))
        raise _wrong_layout(path, "csv", "a brat folder" if brat else "a folder", "brat" if brat else "")
    data = path.read_bytes()
    if not data.strip():
        raise AnnotationError(shown_path(str(path)), E_EMPTY_EXPORT.format(expected=_EXPECTED['csv']))
    try:
        text, encoding = decode(data, shown_path(str(path)), ctx.options.get("encoding"))
    except InputError as e:
        raise AnnotationError(shown_path(str(path)), e.message) from None
    if text.lstrip("\ufeff \t\r\n")[:1] in ("[", "{"):
        try:
            whole = loads(text)
        except json.JSONDecodeError:
            whole = None
        found, reads = _array_layout(whole, ctx) if isinstance(whole, list) else _text_layout(text, ctx)
        raise _wrong_layout(path, "csv", found or "a JSON file", reads)
    ls_csv = _ls_csv_export(text)
    if ls_csv:  # its 'id' is the task's, its rows newest first, its multi-choice cells JSON: not read (see _ls_csv_export)
        raise _wrong_layout(path, "csv", ls_csv, "label-studio-csv")
    doccano_csv = _doccano_csv_export(text)
    if doccano_csv:  # its 'label' cell joins themes and sentiment with '#', its 'id' is doccano's: not read (see _doccano_csv_export)
        raise _wrong_layout(path, "csv", doccano_csv, "doccano-csv")
    return text, encoding
