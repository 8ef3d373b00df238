"""Train, cross-validate and evaluate classifier backends on labelled units.

Records are gold JSONL rows (``text, themes, sentiment, doc, start, end``,
see :mod:`argmine.annotations`) or rows of any table (JSONL / CSV / TSV) with
a text field and label fields.  Models read the normalised text
(:func:`argmine.normalize.normalize`), exactly as :func:`argmine.classify`
feeds them at prediction time.

Cross-validation keeps neighbours apart: folds are grouped by document
(``group_by="doc"``) or by *block* (``group_by="block"``): the units of one
line of the source (a paragraph or a comment; a line longer than
``block_size`` units is cut into runs of that many consecutive units) when
the documents are given, otherwise runs of ``block_size`` consecutive units
of a document.  Units with the same normalised text are always in one
group, so no test unit has a copy of itself in training.

>>> from argmine.train import Example, train, evaluate
>>> data = [Example("财不外露", ("privacy",), "negative"), Example("支付宝做社交是对的", ("pro_social",), "positive"),
...         Example("隐私都暴露了", ("privacy",), "negative"), Example("红包很方便", ("pro_social",), "positive")]
>>> model = train(data, backend="lexicon")
>>> evaluate(data, model.predict([e.text for e in data]))["theme_macro_f1"]
1.0
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Callable, Iterable, Mapping, Sequence

from ._json import json_lines, json_reason
from ._json import loads as json_loads
from .backends.base import Backend, Prediction, drop_origin, get_backend, is_seed, own_schema
from .errors import (E_BAD_THEMES, E_JSON_FILE, E_LABELLED_CONVERT, E_LABELLED_DOCCANO, E_LABELLED_JSON_MIN,
                     E_LABELLED_NO_TEXT, E_LABELLED_NOT_JSONL, E_LABELLED_ONE_PER_LINE, E_LABELLED_STDIN, E_NO_FIELD, E_SEED, InputError,
                     InputWarning, ModelError, SchemaError, cannot_read, inflect, label_field_hint, plural, warn_caller)
from .schema import Schema, load_schema, means_other, split_labels

GROUP_BY = ("block", "doc")
#: ``cv.blocks_from`` for records without a document (a table without a doc column): each is its own group.
NO_DOC_GROUPS = "one group per record (no document)"
#: units per block when no source documents are given to find line breaks.
BLOCK_SIZE = 8
#: ``cv.blocks_from`` when source documents were given but none of the gold's is among them.
NO_SOURCE_MATCH = f"runs of {BLOCK_SIZE} units (--source matched no gold document)"
#: ``cv.blocks_from`` when source documents were given and no gold document is among them with the gold's text at its
#: offsets, some being there with other text (a warning names the first record that differs).
NO_SOURCE_TEXT_MATCH = f"runs of {BLOCK_SIZE} units (--source has no gold document with the gold text at its offsets)"


@dataclass(frozen=True)
class Example:
    """One labelled text: what training and evaluation read.

    ``text`` is the text as given; :attr:`norm_text` what a model reads of it.
    ``doc``/``start``/``end`` place it in its document when known.

    >>> Example("財不外露 ", ("privacy",), "negative").norm_text
    '财不外露'
    """

    text: str
    themes: tuple[str, ...] = ()
    sentiment: str = "neutral"
    doc: str = ""
    start: int | None = None
    end: int | None = None
    id: str = ""
    meta: dict[str, Any] = field(default_factory=dict, compare=False)

    @property
    def norm_text(self) -> str:
        """The text as models read it: normalised (:func:`argmine.normalize.normalize`), without white space at its ends.

        A unit that ``argmine classify`` cuts never begins or ends with white
        space, so a gold cell's trailing space (an Excel export's) is not
        trained on, nor predicted with: evaluation scores what ``classify``
        gives for that text.  Every model input of this module
        (:func:`fit_backend`, :func:`cross_validate`, ``argmine evaluate``) and
        the text key (:func:`_text_key`) read it.
        """
        from .normalize import normalize

        return normalize(self.text).text.strip()


def _text_key(e: Example) -> str:
    """What makes two records the same text: their normalised text, without white space at its ends.

    ``drop_repeats(by_text=True)`` tells units apart by it (``好。`` and
    ``好？`` are two units); the checks against a copy of a test unit compare
    the looser :func:`_copy_key`.

    >>> _text_key(Example(" 財不外露 ")) == _text_key(Example("财不外露"))
    True
    """
    return e.norm_text


def _copy_key(e: Example) -> str:
    """What makes a record a copy of another: its text (:func:`_text_key`) after NFKC, without white space, and
    with its punctuation read as where the text breaks, not which mark breaks it.

    The fold grouping (:func:`groups_for`), the extras left out of training
    (:func:`new_extra`) and :func:`texts_in` all compare texts by it, so a
    copy of a test unit that differs only in a ``。`` for a ``！`` or ``？！``, a ``，``
    for a ``、`` or a space cannot train its own test fold, nor pass one check
    and be caught by another.  A run of punctuation inside the text is one break
    (``|``), and at its ends it is left out: ``5-10人`` is not ``510人``, nor
    ``3.5`` ``35``.  A text of punctuation only is its own key.

    >>> key = lambda t: _copy_key(Example(t))
    >>> key(" 財不外露。") == key("财不 外露！"), key("好，吧") == key("好、吧"), key("5-10人"), key("？！")
    (True, True, '5|10人', '?!')
    """
    import unicodedata

    import regex  # keeps its compiled patterns

    text = regex.sub(r"[\p{Z}\s]+", "", unicodedata.normalize("NFKC", _text_key(e)))  # separators (Z*), other white space
    key = regex.sub(r"\p{P}+", "|", text).strip("|")  # punctuation (Unicode P*)
    return key or text


def themes_example(schema: Schema | None) -> str:
    """A themes cell as messages show one: the first two theme ids of ``schema`` joined by ``;`` (no schema: two
    made-up ids), so that the example holds ids the user's schema has.

    >>> themes_example(load_schema()), themes_example(None)
    ('pro_social;privacy', 'theme_a;theme_b')
    """
    return ";".join(schema.theme_ids[:2]) if schema is not None else "theme_a;theme_b"


def _split_themes(value: Any, where: str, fname: str, schema: Schema | None = None) -> tuple[str, ...]:
    """The theme labels of a record's themes field (a list, a JSON list or a cell :func:`split_labels` splits, with ``schema``'s names whole)."""
    if value is None:
        return ()
    if isinstance(value, (list, tuple)):
        if not all(isinstance(v, str) for v in value):
            raise InputError(where, E_BAD_THEMES.format(where="record", field=fname, found=repr(value)[:60],
                                                        example=themes_example(schema)))
        items = list(value)
    elif isinstance(value, str):
        s = value.strip()
        if s.startswith("["):
            try:  # json_loads: JSON nested too deeply or an over-long integer is a JSONDecodeError too
                return _split_themes(json_loads(s), where, fname, schema)
            except json.JSONDecodeError as e:
                found = f"{repr(value)[:60]}, not valid JSON ({json_reason(e)})"
                raise InputError(where, E_BAD_THEMES.format(where="record", field=fname, found=found,
                                                            example=themes_example(schema))) from None
        items = split_labels(s, schema)
    else:
        raise InputError(where, E_BAD_THEMES.format(where="record", field=fname, found=f"{type(value).__name__} {value!r}"[:60],
                                                    example=themes_example(schema)))
    return tuple(dict.fromkeys(items))


def _found(value: Any) -> str:
    """A JSON value as a record message names it: ``null``, ``the number 5``, ``a list``."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, (int, float)):
        return f"the number {value!r}"
    return {list: "a list", dict: "an object"}.get(type(value), type(value).__name__)


def _dotted(row: Mapping[str, Any], names: Iterable[str | None]) -> Mapping[str, Any]:
    """``row`` with each dotted name of ``names`` that no column has exactly, but nested JSON objects hold
    (``content.message``), added as a field of its own: found as :func:`argmine.read.field_value` finds it for reading.

    >>> _dotted({"content": {"message": "说得对"}}, ["content.message", "themes"])["content.message"]
    '说得对'
    """
    from .read import _ABSENT, field_value

    found = {n: v for n in names if n and "." in n and n not in row and (v := field_value(dict(row), n)) is not _ABSENT}
    return {**row, **found} if found else row


def example_from_dict(
    row: Mapping[str, Any],
    where: str,
    *,
    text_field: str = "text",
    themes_field: str | None = "themes",
    sentiment_field: str | None = "sentiment",
    schema: Schema | None = None,
    id_field: str | None = "id",
    theme_ids: Sequence[str] = (),
) -> Example:
    """Build an :class:`Example` from one record; raise :class:`InputError` naming ``where``.

    A ``None`` label field means the table has no such labels (themes become
    empty, sentiment ``neutral``).  With ``schema`` the labels are validated.
    A record without its themes field whose keys are theme ids (``theme_ids``, or the ``schema``'s) is told that
    one 0/1 column per theme is not read.
    ``id_field`` names the unit id (absent or empty: no id).  ``other`` next
    to a theme is dropped and noted in ``meta["other_with_themes"]``.

    >>> example_from_dict({"body": "财不外露", "labels": "privacy", "polarity": "negative"}, "t.csv:2",
    ...                   text_field="body", themes_field="labels", sentiment_field="polarity").themes
    ('privacy',)
    """
    row = _dotted(row, (text_field, themes_field, sentiment_field, id_field))  # content.message: a key of a nested object, as reading finds it
    if any(_missing(v) for v in row.values()):  # a DataFrame's empty cell (NaN): an empty cell, as in the file
        row = {k: "" if _missing(v) else v for k, v in row.items()}
    fields = ", ".join(map(str, row)) or "none"
    labels = [(f, o) for f, o in ((themes_field, "themes-field"), (sentiment_field, "sentiment-field")) if f is not None]
    for fname, option in ((text_field, "text-field"), *labels):
        if fname is not None and fname not in row:
            absent = [(f, o) for f, o in labels if f not in row]
            if option != "text-field" and len(absent) > 1:  # both, in one error: not one per run
                raise InputError(where, "record: " + _no_labels(absent, "field", fields, list(row), schema.theme_ids if schema is not None else theme_ids))
            hint = label_field_hint(fname, option, list(row), schema.theme_ids if schema is not None else theme_ids)
            raise InputError(where, E_NO_FIELD.format(where="record", field=fname, fields=fields, option=option,
                                                      keyword=option.replace("-", "_")) + hint)
    text = row[text_field]
    if text is None:
        raise InputError(where, E_LABELLED_NO_TEXT.format(where="record", field=text_field, found="null (no text)"))
    if not isinstance(text, str):
        from .read import _object_hint

        hint = f"; {_object_hint(text, text_field, 'text-field', str)}" if isinstance(text, dict) else ""  # content: pass content.message
        raise InputError(where, f"record: field {text_field!r} is {_found(text)}, expected a string{hint}")
    if not text.strip():
        raise InputError(where, E_LABELLED_NO_TEXT.format(where="record", field=text_field, found="empty"))
    from .read import _blank, _invisibles

    if _blank(text):  # a copied zero-width space: normalised to '', it would train and score as the empty unit segment never cuts
        from .errors import E_LABELLED_INVISIBLE_TEXT

        raise InputError(where, E_LABELLED_INVISIBLE_TEXT.format(where="record", field=text_field, found=_invisibles(text)))
    given = _split_themes(row[themes_field], where, themes_field, schema) if themes_field is not None else ()
    themes = tuple(t for t in given if not means_other(t))  # 'other', 'none', 无 ...: no theme, with or without a schema
    sentiment = row[sentiment_field] if sentiment_field is not None else "neutral"
    if not isinstance(sentiment, str):  # "sentiment": 1 in JSON: told what to write, as the cell '1' of a CSV sheet is
        from .errors import E_SENTIMENT_NOT_TEXT

        sentiments = ", ".join((schema or load_schema()).sentiments)  # every schema has the same three
        raise InputError(where, "record: " + E_SENTIMENT_NOT_TEXT.format(field=sentiment_field, found=_found(sentiment), sentiments=sentiments),
                         kind="sentiment")
    sentiment = sentiment.strip()
    if not sentiment:
        expected = f"; write one of: {', '.join(schema.sentiments)}" if schema is not None else ""
        but = ", but the record has themes" if given else ""
        raise InputError(where, f"record: field {sentiment_field!r} is empty{but}{expected}")
    if schema is not None:
        try:
            themes = schema.validate_themes(themes)
            sentiment = schema.validate_sentiment(sentiment)
        except SchemaError as e:
            from .errors import bad_label

            marks = e.label_type == "theme" and themes_field in schema.theme_ids and str(e.label).strip() in ("0", "1")
            marked = [c.strip() for c in row if isinstance(c, str) and c.strip() in schema.theme_ids]  # the sheet's theme columns
            example = ";".join(list(dict.fromkeys(marked + list(schema.theme_ids)))[:2])
            hint = label_field_hint(themes_field, "themes-field", [themes_field], schema.theme_ids,  # --themes-field privacy
                                    example=example) if marks else ""
            raise InputError(where, bad_label(schema, e) + hint, kind=e.kind) from None
    start, end = row.get("start"), row.get("end")
    unit_id = row.get(id_field) if id_field is not None else None
    if isinstance(unit_id, float) and unit_id.is_integer():  # pandas reads an id column with an empty cell as floats (1.0)
        unit_id = int(unit_id)
    example = Example(
        text=text,
        themes=tuple(themes),
        sentiment=sentiment,
        doc=str(row.get("doc", "")),
        start=start if isinstance(start, int) and not isinstance(start, bool) else None,
        end=end if isinstance(end, int) and not isinstance(end, bool) else None,
        id="" if unit_id is None else str(unit_id).strip(),
    )
    if themes and len(themes) < len(given):
        example.meta["other_with_themes"] = themes
    if row.get("conflict") is True and isinstance(row.get("passes"), dict):
        # 'argmine import' marks a unit its labelers labelled differently, keeping each labeling under 'passes'
        example.meta["passes"] = _conflict_passes(row["passes"], where, schema)
    return example


def _conflict_passes(passes: Mapping[str, Any], where: str, schema: Schema | None) -> list[tuple[tuple[str, ...], str, str]]:
    """The labellings under ``passes`` of a record marked ``"conflict": true``, checked against ``schema``: (themes, sentiment, pass name).

    Until the conflict is settled each labelling trains (see :func:`drop_repeats`),
    so its labels are checked as the record's own are: a label not in the
    schema raises :class:`InputError` naming the pass (``line 3 (pass u2)``).
    The passes of a settled record are never used, and not checked against the
    schema (anywhere: their labels may be those of an older schema).  Passes
    of the wrong shape are left to :func:`argmine.annotations.check_gold_fields`.

    >>> _conflict_passes({"u1": {"themes": ["privacy", "other"], "sentiment": "negative"}}, "line 3", None)
    [(('privacy',), 'negative', 'u1')]
    """
    out = []
    for name, v in passes.items():
        if not (isinstance(v, dict) and isinstance(v.get("themes"), list) and isinstance(v.get("sentiment"), str)
                and all(isinstance(t, str) for t in v["themes"])):
            continue
        themes, sentiment = tuple(t for t in dict.fromkeys(v["themes"]) if not means_other(t)), v["sentiment"]
        if schema is not None:
            try:
                themes, sentiment = schema.validate_themes(themes), schema.validate_sentiment(sentiment)
            except SchemaError as e:
                from .errors import bad_label

                raise InputError(f"{where} (pass {name})", bad_label(schema, e), kind=e.kind) from None
        out.append((themes, sentiment, str(name)))
    return out


def load_examples(
    path: str | Path,
    *,
    text_field: str = "text",
    themes_field: str | None = "themes",
    sentiment_field: str | None = "sentiment",
    schema: Schema | None = None,
    on_error=None,
    id_field: str | None = "id",
    encoding: str | None = None,
    counts: dict[str, int] | None = None,
) -> list[Example]:
    """Read labelled records from a JSONL, JSON, CSV or TSV file (by suffix, as :func:`argmine.read` tells tables; others are JSONL;
    a ``.csv``/``.tsv`` file whose first non-blank line starts with ``{`` is JSON lines, read as JSONL).

    ``"-"`` reads standard input, as JSONL.

    The file is decoded and parsed as :func:`argmine.read` reads tables
    (encoding detected, CSV strict, TSV unquoted; :func:`argmine.read.table_records`),
    and records are numbered the same: ``t.csv: row 3 (line 4): ...``,
    ``t.jsonl: line 3: ...``.  A bad record raises :class:`InputError`; with
    ``on_error`` it is passed there instead and the other records are kept.
    A JSONL record with offsets (``start``/``end``) is a gold record: its
    offsets, ``doc``, ``id``, ``kind`` and ``passes`` must pass
    :func:`argmine.annotations.check_gold_fields`, as in every command that reads gold.
    A file that cannot be used at all (missing, a link to nothing: :func:`argmine.read.broken_link`,
    undecodable, not a table, a header and no rows) gives an error with ``file_level`` set; with
    ``on_error`` only such an error raises (a header and no rows goes to ``on_error``).
    A ``.json`` file holding one array of labelled row objects is read row by
    row (``t.json: row 3: ...``); JSON lines in a ``.json`` file are read as
    JSONL.  A file holding one JSON document that is not such an array (a
    labelling tool's export) raises one :class:`InputError` saying how to
    convert it, and so does one that begins as a JSON document (an array, a
    pretty-printed object) but does not parse (cut short, say); rows with every cell empty
    are ignored, and records with neither themes nor sentiment (a sheet's
    unlabelled rows) are skipped with one :class:`~argmine.errors.InputWarning`
    that counts them; with ``sentiment_field=None`` a JSON list of themes,
    even ``[]``, is a label (``[]``: ``other``), and only an empty cell, ``""``
    or ``null`` is unlabelled.  ``themes_field=None`` (or ``sentiment_field=None``)
    reads a table without that column (no themes; sentiment ``neutral``);
    ``id_field`` names the column of unit ids (see :func:`drop_repeats`);
    ``encoding`` forces the file's encoding (a short Big5 sheet may be
    detected as GB18030), as ``--encoding`` does in ``argmine train``.
    ``other`` given together with a theme is dropped (the theme is kept)
    with one warning naming the records.  ``counts`` (a dict) adds up, for the
    caller's totals, the records skipped as unlabelled (``"unlabelled"``) and
    those refused only for writing themes of ``schema`` by name or in another
    case (``"named"``: ``'PRIVACY' stands for theme 'privacy'``; the fix is to
    write the ids, not to pass another schema) or only for a mark that may mean
    no theme (``"unclear"``: ``N/A``, a dash; the fix is to write ``other``).

    >>> import tempfile, os
    >>> p = os.path.join(tempfile.mkdtemp(), "t.csv")
    >>> _ = open(p, "w", encoding="utf-8").write("text,themes,sentiment\\n财不外露,privacy,negative\\n")
    >>> [e.themes for e in load_examples(p)]
    [('privacy',)]
    """
    from .annotations import check_gold_fields, report_bad_json_line, report_same_problem
    from .errors import AnnotationError
    from .decode import decode
    from ._files import unusable_path
    from .read import MissingFieldReporter, _blank, broken_link, shown_path, stdin_bytes, table_records

    if not isinstance(path, (str, os.PathLike)):  # pathlib's own error names no function and no fix
        from .errors import E_ARG_TYPE, E_LOAD_EXAMPLES_PATH

        expected, hint = E_LOAD_EXAMPLES_PATH
        raise TypeError(E_ARG_TYPE.format(name="load_examples()'s path", expected=expected, found=type(path).__name__) + hint)
    p = Path(path)
    name = shown_path(str(p))  # as a UTF-8 locale shows it, in every locale
    unusable = None if str(path) == "-" else unusable_path(p, "check the path")
    if unusable is not None:  # read_bytes() would say so with the whole name (a text passed as the path, 300 characters)
        raise InputError(*unusable, file_level=True)
    try:
        raw = stdin_bytes() if str(path) == "-" else p.read_bytes()
    except FileNotFoundError:  # a link to nothing is named as one, as every command names it
        raise InputError(name, broken_link(str(p)) or "no such file; check the path", file_level=True) from None
    except IsADirectoryError:
        raise InputError(name, "is a directory; pass the labelled JSONL/CSV files themselves", file_level=True) from None
    except OSError as e:  # a loop of links (a link to nothing, as above); there, but not to be read: permission denied, page.txt/x
        raise InputError(name, broken_link(str(p)) or cannot_read(e), file_level=True) from None
    from .errors import E_NO_LABELLED_RECORDS

    empty = E_NO_LABELLED_RECORDS.format(what="nothing came on standard input" if str(path) == "-" else "file is empty")
    if not raw:
        raise InputError(name, empty, file_level=True)
    try:
        # the encodings argmine.read detects (GBK from Excel, UTF-16, ...), unless one is forced
        content, read_as = decode(raw, name, encoding, lone_surrogates=True)
    except InputError as e:
        raise _file_level(e) from None
    if not content.strip():
        raise InputError(name, empty, file_level=True)
    if str(path) == "-" and not content.lstrip("\ufeff").lstrip().startswith(("{", "[")):
        raise InputError(name, E_LABELLED_STDIN, file_level=True)
    labels = [f for f in (themes_field, sentiment_field) if f is not None]
    fmt = _table_format(p, content, labels)
    kw = {"text_field": text_field, "themes_field": themes_field, "sentiment_field": sentiment_field, "schema": schema,
          "id_field": id_field}
    fields = [(f, o) for f, o in ((text_field, "text-field"), (themes_field, "themes-field"), (sentiment_field, "sentiment-field")) if f is not None]
    out: list[Example] = []

    def report(e: InputError) -> None:
        if on_error is None:
            raised.append(e)
            raise e
        on_error(e)

    raised: list[InputError] = []  # the bad record raised without on_error: not the whole file's failure

    # Records are parsed, numbered and named as argmine.read does ("t.csv: row 3 (line 4): ..."),
    # and the first few records lacking a field (or with empty text, or with the same bad label) are
    # listed, the rest counted: a gold file checked against the wrong schema gives a few lines, not one per record.
    counted = MissingFieldReporter(report, name)

    def bad_line(e: InputError) -> None:  # a pretty-printed or broken JSON file: the first three lines, then a count
        if e.kind == "json":
            report_bad_json_line(counted, e)
        else:
            report(e)

    def rows():  # table_records raises for the whole file (a header without a field, a broken quote), not a record
        try:
            yield from table_records(content, name, fmt, bad_line, fields)
        except InputError as e:
            raise e if e in raised else _file_level(_no_label_column(e, fields, schema))

    records = unlabelled = 0
    other_with: list[Example] = []
    # the rows kept whose cells read here hold '?', in a sheet saved in a legacy encoding (a lost character, or one typed)
    questioned: list[str] = []
    columns: set[str] = set()  # a sheet's header: an exported one can be restored by import --source
    legacy = fmt in ("csv", "tsv") and _saved_legacy(read_as, content)
    checked = [f for f in (id_field, "doc", text_field) if f is not None]
    if fmt in ("csv", "tsv"):
        from .export import formula_unguarded_row
    for _, where, row in rows():
        if fmt in ("csv", "tsv"):
            if not any(_filled(v) for v in row.values()):
                continue  # ",,,,," rows a spreadsheet leaves at the end
            row = formula_unguarded_row(row)  # the ' that 'argmine export' puts before a formula cell comes off, as 'argmine import' takes it off
            row = _table_offsets(row, text_field)  # the sheet's start/end: its unit placed as a gold JSONL record is (drop_repeats)
        row = _dotted(row, (text_field, themes_field, sentiment_field, id_field))  # content.message, as argmine.read reads it
        records += 1
        # in a themes-only table an explicit list (``[]``: no theme) is the label ``other``, not an unlabelled row
        listed = sentiment_field is None and isinstance(row.get(themes_field), list)
        if labels and not listed and all(f in row for f in labels) and not any(_filled(row[f]) for f in labels) and _filled(row.get(text_field)):
            unlabelled += 1  # a row of an exported sheet nobody labelled (as 'argmine import' reads it)
            if counts is not None:
                counts["unlabelled"] = counts.get("unlabelled", 0) + 1
            continue
        try:
            ex = example_from_dict(row, where, **kw)
            if fmt in ("jsonl", "json") and (row.get("start") is not None or row.get("end") is not None):
                # a gold record: its offsets, doc, id, kind and passes are checked as every command that reads gold checks them
                check_gold_fields(row, where, text_field=text_field)
            ex.meta.update(file=str(p), where=where)  # named when it repeats or contradicts another record (drop_repeats)
            out.append(ex)
            if legacy:
                columns.update(row)
                if any(isinstance(row.get(f), str) and "?" in row[f] for f in checked):
                    questioned.append(where)
            if "other_with_themes" in ex.meta:
                other_with.append(ex)
        except (InputError, AnnotationError) as e:
            fixable = _fixable_themes(row.get(themes_field), schema) if counts is not None and e.kind == "label" else ""
            if fixable:
                counts[fixable] = counts.get(fixable, 0) + 1
            reason = e.message.removeprefix('record: ')
            at = e.source if e.source.startswith(f"{where} (") else where  # 'line 3 (pass u2)': the labeler's pass that fails
            err = InputError(name, f"{at}: {reason}", kind=e.kind)
            absent = next(((f, o) for f, o in fields if f not in row), None)
            text = row.get(text_field)
            if absent is not None:
                counted.missing(*absent, err)
            elif isinstance(text, str) and not _blank(text):  # a text of invisible characters is listed and counted as an empty one
                report_same_problem(counted, err, reason)
            else:
                counted.row_error(err, row, text_field)
    counted.close()
    if not records and fmt in ("csv", "tsv"):
        report(InputError(name, "has a header but no rows; there are no labelled records in it", file_level=True))
    if unlabelled:
        from .errors import InputWarning, W_UNLABELLED_RECORDS

        warn_caller(str(InputError(name, W_UNLABELLED_RECORDS.format(
            n=unlabelled, total=records, have="has" if unlabelled == 1 else "have", fields=" and ".join(map(repr, labels)),
            all="; the file has no labels yet" if unlabelled == records else "",
            other="; write 'other' (or [] in JSON) for a unit without a theme" if sentiment_field is None else ""))), InputWarning)
    if questioned:
        from .errors import InputWarning

        warn_caller(str(InputError(name, _lost_characters(name, legacy, questioned, [f for f in checked if f in columns],
                                                          exported=text_field == "text" and _is_exported_sheet(columns)))), InputWarning)
    if other_with:
        from .errors import InputWarning, W_LABELLED_OTHER_WITH_THEME

        warn_caller(str(InputError(name, W_LABELLED_OTHER_WITH_THEME.format(
            records=plural(len(other_with), "record"), s="s" if len(other_with) == 1 else "", field=themes_field,
            examples=_listed(other_with, lambda e: f"{e.meta['where']}: {';'.join(e.themes)}")))), InputWarning)
    return out


def _saved_legacy(encoding: str, text: str) -> str:
    """The legacy encoding a spreadsheet saved a sheet decoded as ``encoding`` in, when it cannot hold every character
    (Excel's plain CSV: GBK, Big5, cp950...; what it could not hold became '?'), as ``argmine import`` names it; else ``""``
    (UTF-8, UTF-16, GB18030: nothing was lost).

    >>> _saved_legacy("gb18030", "支付宝"), _saved_legacy("gb18030", "支付宝😀"), _saved_legacy("cp950", ""), _saved_legacy("utf-8-sig", "")
    ('gbk', '', 'cp950', '')
    """
    from .importers import _saved_as

    saved = _saved_as(encoding, text)  # the check 'argmine import' makes of a sheet (importers.read_csv)
    return "" if saved == "gb18030" else saved


def _is_exported_sheet(columns: Iterable[str]) -> bool:
    """Whether a table with these columns is a sheet 'argmine export' wrote, which 'argmine import --source' reads."""
    from .importers import _SHEET_COLUMNS

    return set(_SHEET_COLUMNS) <= set(columns)


def _lost_characters(name: str, encoding: str, rows: Sequence[str], cells: Sequence[str], *, exported: bool) -> str:
    """The warning for a labelled sheet saved in the legacy ``encoding`` whose ``rows`` (named ``row 1 (line 2)``) hold '?'
    in the ``cells`` read (:data:`~argmine.errors.W_NOT_UTF8_LABELLED`); ``exported``: 'argmine import --source' can
    restore it.

    >>> print(_lost_characters("s.csv", "big5", ["row 1 (line 2)", "row 3 (line 4)"], ["id", "text"], exported=False))
    read as big5 (the sheet was saved as plain CSV, not CSV UTF-8): characters that encoding cannot hold (emoji, most Simplified Chinese characters) were saved as '?': 2 rows hold '?' in the 'id' or 'text' cell (the first: row 1 (line 2)) and are read with the '?'; save the sheet again as CSV UTF-8 from the spreadsheet while it still shows the lost characters
    """
    import shlex

    from .errors import H_NOT_UTF8_IMPORT, H_NOT_UTF8_RESAVE, W_NOT_UTF8_LABELLED
    from .importers import _CANNOT_HOLD

    named = [repr(c) for c in cells]
    fix = H_NOT_UTF8_IMPORT.format(path=shlex.quote(name)) if exported else H_NOT_UTF8_RESAVE
    return W_NOT_UTF8_LABELLED.format(
        encoding=encoding, lost=_CANNOT_HOLD.get(encoding, "emoji"), rows=plural(len(rows), "row"), hold=inflect(len(rows), "holds", "hold"),
        cells=" or ".join([", ".join(named[:-1]), named[-1]] if len(named) > 1 else named) + " cell", first=rows[0],
        are=inflect(len(rows), "is", "are"), fix=fix)


def _table_offsets(row: Mapping[str, Any], text_field: str = "text") -> Mapping[str, Any]:
    """A table row with its ``start`` and ``end`` cells read as the integer offsets a gold JSONL record has, when both
    hold one and they span the row's text (the CSV sheet ``argmine export`` writes: ``id,doc,start,end,...``); else ``row``.

    So a sheet's row and the gold JSONL record of its unit are one unit (:func:`drop_repeats`), and its place in its
    document gives its cross-validation block, as a JSONL record's does.  Offsets that do not span the text (a text
    edited in the sheet) do not place it: the row is then the unit of its ``id`` and text, as a row without offsets is.

    >>> _table_offsets({"doc": "d", "start": "3", "end": " 5", "text": "好。"})["start"], _table_offsets({"start": "3", "end": "9", "text": "好。"})["start"]
    (3, '3')
    """
    start, end, text = row.get("start"), row.get("end"), row.get(text_field)
    if not all(isinstance(v, str) and v.strip().isascii() and v.strip().isdigit() for v in (start, end)) or not isinstance(text, str):
        return row
    start, end = int(start), int(end)
    return {**row, "start": start, "end": end} if end - start == len(text) else row


def _fixable_themes(value: Any, schema: Schema | None) -> str:
    """How the themes cell ``value`` fails, when the fix is in the cell and not another schema: ``"named"`` when each
    label ``schema`` lacks names one of its themes (a miscased id, its Chinese or English name:
    :func:`argmine.errors.theme_named`), ``"unclear"`` when each is a mark that may mean no theme (``N/A``, a dash:
    :func:`argmine.errors.unclear_no_theme`); ``""`` otherwise.

    >>> _fixable_themes("PRIVACY;bloat", load_schema()), _fixable_themes("money", load_schema()), _fixable_themes("privacy", load_schema())
    ('named', '', '')
    >>> _fixable_themes("N/A", load_schema()), _fixable_themes(["—"], load_schema()), _fixable_themes(["N/A", "PRIVACY"], load_schema())
    ('unclear', 'unclear', '')
    """
    from .errors import theme_named, unclear_no_theme

    if schema is None:
        return ""
    try:
        given = _split_themes(value, "", "", schema)
    except InputError:
        return ""
    unknown = [t for t in given if not means_other(t) and t not in schema.theme_ids]
    for kind, fixed in (("named", lambda t: theme_named(schema, t)), ("unclear", unclear_no_theme)):
        if unknown and all(map(fixed, unknown)):
            return kind
    return ""


def _no_labels(absent: Sequence[tuple[str, str]], what: str, found: str, columns: Sequence[str], theme_ids: Sequence[str]) -> str:
    """The error for a table (``what`` ``"column"``) or record (``"field"``) that lacks every label field of ``absent``
    (``(field, option)`` pairs), listing ``found``: each field named, with what to do about it
    (:func:`~argmine.errors.label_field_hint`), so that one run says all that a sheet of text and one label lacks.

    >>> print(_no_labels([("themes", "themes-field"), ("sentiment", "sentiment-field")], "column", "text, label", ["text", "label"], ()))
    has no 'themes' or 'sentiment' column (columns: text, label); pass --themes-field NAME (themes_field= in Python), or --themes-field none if the data has no theme labels (themes_field=None in Python; sentiment only); and pass --sentiment-field NAME (sentiment_field= in Python), or --sentiment-field none if the data has no sentiment labels (sentiment_field=None in Python; themes only)
    """
    import shlex

    from .errors import E_NO_LABEL_FIELDS, H_LABEL_FIELD_FIX, H_LABEL_FIELD_NEAR
    from .read import _near_name

    def fix(name: str, option: str) -> str:
        near = _near_name(name, [c for c in columns if c != name])  # 'Themes' for themes: that one, not NAME
        if near is not None:
            return H_LABEL_FIELD_NEAR.format(near=near[0], differs=near[1], option=option, quoted=shlex.quote(near[0]),
                                             keyword=option.replace("-", "_"))
        return H_LABEL_FIELD_FIX.format(option=option, keyword=option.replace("-", "_"), hint=label_field_hint(name, option, columns, theme_ids))

    fixes = "; and ".join(fix(name, option) for name, option in absent)
    return E_NO_LABEL_FIELDS.format(names=" or ".join(repr(name) for name, _ in absent), what=what, found=found, fixes=fixes)


def _no_label_column(e: InputError, fields: Sequence[tuple[str, str]], schema: Schema | None) -> InputError:
    """``e``, a table's "has no 'themes' column (columns: ...)", with what to do about a label column
    (:func:`~argmine.errors.label_field_hint`): the option's ``none``, or how to join one 0/1 column per theme; naming
    the other label column too when the table lacks it as well (:func:`_no_labels`)."""
    import re

    from .errors import E_NO_COLUMN, label_field_hint
    from .read import _near_name

    for name, option in fields:
        head = E_NO_COLUMN.split("{field!r}")[0] + repr(name) + " column (columns: "
        if e.kind == "field" and e.message.startswith(head):
            found = re.match(r"([^)]*)\)(?:; pass |, but )", e.message[len(head):])  # the columns, as the message lists them
            if found is None:
                return e
            columns = found.group(1).split(", ")
            names = [c.strip() for c in columns]
            # a column named but for its case ('Themes') is missing too: named with the other, each with its fix
            absent = [(f, o) for f, o in fields if o != "text-field" and f not in names]
            if (name, option) in absent and len(absent) > 1:  # a sheet of text and one label: both columns in one error
                tail = e.message.partition(" in Python)")[2]  # what follows the option (a header of empty cells above)
                message = _no_labels(absent, "column", found.group(1), columns, schema.theme_ids if schema else ()) + tail
                return InputError(e.source, message, count=e.count, file_level=e.file_level, kind=e.kind)
            hint = label_field_hint(name, option, columns, schema.theme_ids if schema else ()) if _near_name(name, names) is None else ""
            if hint:
                head, sep, tail = e.message.partition(" in Python)")  # after "pass --themes-field NAME (themes_field= in Python)"
                message = head + sep + hint + tail if sep else e.message + hint
                return InputError(e.source, message, count=e.count, file_level=e.file_level, kind=e.kind)
    return e


def _file_level(e: InputError) -> InputError:
    """``e``, marked as the failure of its whole file (argmine.read raises it without the mark)."""
    e.file_level = True
    return e


def _filled(value: Any) -> bool:
    """Whether a field holds something (not missing, ``None``, blank, an empty list or a pandas missing value)."""
    if isinstance(value, str):
        from .read import _blank

        return not _blank(value)  # a copied zero-width space fills no cell, as argmine.read reads it
    return value not in (None, [], ()) and not _missing(value)


def _missing(value: Any) -> bool:
    """Whether ``value`` is what pandas puts in an empty cell (a float NaN, ``pandas.NA``, ``NaT``): read as an empty cell,
    as the CSV reader reads one, so ``df.to_dict('records')`` trains as the file it was read from does.

    >>> _missing(float("nan")), _missing(0.0), _missing("")
    (True, False, False)
    """
    return (isinstance(value, float) and value != value) or type(value).__name__ in ("NAType", "NaTType")


def _table_format(path: Path, content: str, labels: Sequence[str]) -> str:
    """How :func:`load_examples` reads ``path``: by its suffix, as :func:`argmine.read` does (``read.TABLE_FORMATS``), else as JSONL.

    A ``.csv`` or ``.tsv`` file whose first non-blank line starts with ``{`` is JSON lines (gold JSONL that
    ``argmine import -o gold.csv`` wrote, say) and is read as JSONL.

    A ``.json`` file is read as one array of row objects when it is one in
    which any object carries a label field, whatever the order of the rows (a row lacking
    a field is then reported by itself, as a table's is), unless it is a
    labelling tool's export (a Label Studio JSON_MIN export, doccano's array
    with ``--themes-field label``, say); otherwise (JSON lines named ``.json``,
    a tool's export, pretty-printed JSON) it is read as JSONL was
    before, so a tool's export is one error that says how to convert it
    (:func:`_refuse_json_document`).  So is Label Studio's CSV (or TSV) export,
    as :func:`argmine.importers.export_layout` tells it.
    """
    from .importers import export_layout
    from .read import TABLE_FORMATS

    fmt = TABLE_FORMATS.get(path.suffix.lower(), "jsonl")
    if fmt in ("csv", "tsv") and content.lstrip("\ufeff \t\r\n").startswith("{"):
        # JSON lines under a table's name ('argmine import -o gold.csv' writes gold JSONL whatever the name): no header
        # cell starts with '{', and agreement, realign and export --only-unlabeled read the file as the JSONL it is
        fmt = "jsonl"
    if fmt == "json":
        try:
            whole = json_loads(content)
        except json.JSONDecodeError:
            whole = None
        rows = [x for x in whole if isinstance(x, dict)] if isinstance(whole, list) and labels else []
        found = [_dotted(x, labels) for x in rows]  # ann.themes: a key of a nested object, as each record is read (example_from_dict)
        if rows and any(f in x for x in found for f in labels):
            # a tool's export (a JSON_MIN export's rows carry 'themes' and 'sentiment' too) is refused below, saying how to convert it;
            # labels that only a dotted name reaches (label.themes: an object, not doccano's list) are no tool's
            nested = any(f in y and f not in x for x, y in zip(rows, found) for f in labels)
            fmt = "jsonl" if not nested and export_layout(path, text=content)[1] else "json"
        else:
            fmt = "jsonl"
    if fmt == "jsonl":
        _refuse_json_document(content, str(path), labels)
    elif fmt in ("csv", "tsv"):  # Label Studio's CSV export would train its task ids as units: refused as import refuses it
        found, reads = export_layout(path, text=content)
        if reads in ("label-studio-csv", "doccano-csv"):  # doccano's: its 'label' would train sentiments as themes
            from .errors import E_LABELLED_DOCCANO_CSV, E_LABELLED_LS_CSV

            message = E_LABELLED_LS_CSV if reads == "label-studio-csv" else E_LABELLED_DOCCANO_CSV
            raise InputError(str(path), message.format(found=found), file_level=True)
    return fmt


def _refuse_json_document(content: str, path: str, fields: Sequence[str] = ()) -> None:
    """Raise :class:`InputError` (once) when a JSONL file holds one JSON document, or is doccano's JSONL export.

    A labelling tool's export (Label Studio's JSON array of tasks, doccano's
    JSON array) or pretty-printed JSON would otherwise fail once per line;
    doccano's JSONL export (its ``label`` list mixes themes and sentiments)
    would fail for a missing field, and reading ``label`` as the themes would
    train sentiments as themes.  ``fields``: the label fields each record
    needs (a record that has them all is labelled JSONL, whatever else it
    holds).  The layout is told as ``argmine import`` tells it
    (:func:`argmine.importers.export_layout`).  A file that begins as one
    document but does not parse is one error for the file, not one per line.
    """
    from .importers import export_layout

    s = content.lstrip("\ufeff \t\r\n")
    lines = json_lines(s.rstrip())
    if s[:1] not in ("[", "{"):
        return
    try:
        first = json_loads(lines[0])
    except json.JSONDecodeError:
        first = None
    if isinstance(first, dict):  # JSON lines (a bad line among them is reported by number)
        if all(f in _dotted(first, fields) for f in fields):  # label.themes: a key of a nested object, as example_from_dict reads it
            return
        found, fmt = export_layout(path, text=content)  # the content read (standard input cannot be read again)
        if fmt != "doccano":
            return
        raise InputError(path, E_LABELLED_DOCCANO.format(found=found, fix=E_LABELLED_CONVERT.format(path=path, fmt="doccano")),
                         file_level=True)
    if first is not None and (not isinstance(first, list) or len(lines) > 1):
        return  # a first line that is a JSON value of its own: JSON lines, each bad one reported by number
    try:
        whole = json_loads(s)
    except json.JSONDecodeError as e:
        from .errors import E_JSONL_PRETTY
        from .read import _spread_object

        if _spread_object(s):  # objects pretty-printed one after another (jq .), as argmine.read says of them
            raise InputError(path, E_JSONL_PRETTY, file_level=True) from None
        if s[:1] == "[" or lines[0].strip() == "{":  # one document (an array, a pretty-printed object), cut short or broken
            reason = f"{e.msg.removesuffix(' at')} at line {e.lineno}, column {e.colno}"
            raise InputError(path, E_JSON_FILE.format(reason=reason), file_level=True) from None
        return  # JSON lines, the first of them broken: each bad line is reported (the first three, then a count)
    found, reads = export_layout(path, text=content) if isinstance(whole, list) else ("", "")
    if not found:
        found = f"one JSON array ({plural(len(whole), 'item')})" if isinstance(whole, list) else f"one JSON object over {len(lines)} lines"
    fix = {"label-studio": E_LABELLED_CONVERT.format(path=path, fmt="label-studio"), "label-studio-min": E_LABELLED_JSON_MIN,
           "doccano": E_LABELLED_ONE_PER_LINE + ", or, for doccano's export, " + E_LABELLED_CONVERT.format(path=path, fmt="doccano")}
    raise InputError(path, E_LABELLED_NOT_JSONL.format(found=found, fix=fix.get(reads, E_LABELLED_ONE_PER_LINE)), file_level=True)


#: What to pass instead of an object train(), cross_validate() or evaluate() cannot read as records (E_STAGE_INPUT's hint).
_RECORDS_HINTS = {
    "DataFrame": "; pass df.to_dict('records') (columns text, themes, sentiment)",
    "str": "; to read a gold file, pass load_examples(path) (from argmine.train import load_examples)",
    "dict": "; pass a list of such dicts",
}
#: What to pass to evaluate() instead of predictions it cannot read (E_STAGE_INPUT's hint).
_PREDICTIONS_HINTS = {
    "Analysis": "; pass analysis.units (its classified units)",
    "DataFrame": "; pass df.to_dict('records') (columns themes, sentiment, and id to pair them with the gold)",
    "dict": "; pass a list of such dicts",
}


def _examples(records: Iterable[Any], stage: str = "train", positions: list[int] | None = None, *,
              theme_ids: Sequence[str] = (), **fields: Any) -> list[Example]:
    """``records`` as Examples; ``fields`` (``text_field=``, ``themes_field=``, ``sentiment_field=``) name a dict record's keys;
    ``theme_ids`` are those a record without its themes field is told about (one 0/1 column per theme: :func:`example_from_dict`).

    Records are numbered from 0, as in the list (``record 0`` is ``records[0]``).  A dict record with every value
    empty (a DataFrame's blank row, all NaN) is left out when training (not in ``evaluate``, which pairs gold and
    predictions by position), as a table's blank rows are; ``positions`` (when given) gets the number of each record kept.
    """
    from .errors import E_STAGE_INPUT

    found = "dict" if isinstance(records, Mapping) else "str" if isinstance(records, os.PathLike) else type(records).__name__
    if found in _RECORDS_HINTS or isinstance(records, (str, bytes)) or not isinstance(records, Iterable):  # column names, keys, characters
        raise TypeError(E_STAGE_INPUT.format(stage=stage, expected="labelled records (Example, GoldRecord or dicts with text, themes, sentiment)",
                                             found=type(records).__name__, hint=_RECORDS_HINTS.get(found, "")))
    out = []
    for i, r in enumerate(records):
        if stage != "evaluate" and isinstance(r, Mapping) and r and not any(_filled(v) for v in r.values()):
            continue  # a blank row of a sheet (",,,,"; NaN in a DataFrame): the CSV reader skips it too
        if positions is not None:
            positions.append(i)
        if isinstance(r, Example):
            out.append(r)
        elif isinstance(r, Mapping):
            try:
                out.append(example_from_dict(r, f"record {i}", theme_ids=theme_ids, **fields))
            except InputError as e:  # "record 0: has no 'text' field", not "record 0: record: has no ..."
                raise InputError(e.source, e.message.removeprefix("record: ")) from None
        elif hasattr(r, "text") and hasattr(r, "themes") and hasattr(r, "sentiment"):  # GoldRecord
            out.append(Example(r.text, tuple(r.themes), r.sentiment, getattr(r, "doc", ""),
                               getattr(r, "start", None), getattr(r, "end", None), getattr(r, "id", "")))
        else:
            raise TypeError(f"record {i} is a {type(r).__name__}; pass Example, GoldRecord or dict records (text, themes, sentiment)")
    return out


def _check_labels(examples: Sequence[Example], schema: Schema, positions: Sequence[int], what: str = "record") -> None:
    """Raise :class:`SchemaError` for the first example whose labels ``schema`` lacks, naming it as :func:`_examples`
    numbers records (``record 0: unknown theme 'money' ...``, ``positions``: each example's number) and saying
    what the label stands for, as :func:`load_examples` does for a file's records."""
    from .errors import bad_label

    for e, i in zip(examples, positions):
        if isinstance(e.themes, str) or not all(isinstance(t, str) for t in e.themes) or not isinstance(e.sentiment, str):
            continue  # the backend's own check words the type
        try:
            schema.validate_themes(e.themes)
            schema.validate_sentiment(e.sentiment)
        except SchemaError as err:
            raise SchemaError(f"{what} {i}: {bad_label(schema, err)}", label=err.label, label_type=err.label_type) from None


def _resolve_schema(schema: Schema | str | Path | None) -> Schema:
    if schema is None or isinstance(schema, Schema):
        return schema or load_schema()
    return load_schema(schema)


def make_backend(backend: str | Backend = "linear", schema: Schema | str | Path | None = None, **params: Any) -> Backend:
    """An untrained backend by registry name (``linear``, ``lexicon``, ``transformers``).

    >>> make_backend("lexicon").name
    'lexicon'
    """
    import inspect

    from .errors import BACKEND_SETTINGS_DOCS, E_BACKEND_SETTING

    if not isinstance(backend, str):
        return backend
    cls = get_backend(backend)
    try:
        known = [n for n, p in inspect.signature(cls).parameters.items() if n != "schema" and p.kind is not p.VAR_KEYWORD]
    except (TypeError, ValueError):  # a registered factory without a signature: let it say what it takes
        known = []
    unknown = [k for k in params if known and k not in known]
    if unknown:
        raise ModelError(E_BACKEND_SETTING.format(backend=backend, names=", ".join(map(repr, unknown)), s="s" if len(unknown) > 1 else "",
                                                  known=", ".join(known) or "none",
                                                  docs=f" (see {BACKEND_SETTINGS_DOCS[backend]})" if backend in BACKEND_SETTINGS_DOCS else ""))
    schema = _resolve_schema(schema)  # outside the try: schema=5 is the TypeError naming schema, not a setting the backend refuses
    try:
        return cls(schema, **params)
    except TypeError as e:
        raise ModelError(f"backend {backend!r} does not take these settings ({e}); see its documentation") from None


def train(records: Iterable[Any], backend: str = "linear", schema: Schema | str | Path | None = None, *,
          groups: Sequence[Any] | None = None, extra: Iterable[Any] = (), text_field: str = "text",
          themes_field: str | None = "themes", sentiment_field: str | None = "sentiment", **params: Any) -> Backend:
    """Train a backend on labelled records and return it (``save`` it to keep it).

    ``records`` are :class:`Example`, gold records or dicts with ``text``,
    ``themes``, ``sentiment`` (other keys: ``text_field=``, ``themes_field=``,
    ``sentiment_field=``, as :func:`load_examples` takes them).  ``params`` go to the backend's constructor.
    ``groups`` (one per record) keeps related units together in the
    backend's internal cross-validation; by default records are grouped by
    block (see :func:`groups_for`).  ``extra`` records only train: they are
    never held out to calibrate the model (see :func:`fit_backend`).

    >>> m = train([Example("财不外露", ("privacy",), "negative")], backend="lexicon")
    >>> m.predict(["财不外露"])[0].themes
    ('privacy',)
    """
    model = make_backend(backend, schema, **params)
    labels = own_schema(model) or _resolve_schema(schema)
    fields = {"text_field": text_field, "themes_field": themes_field, "sentiment_field": sentiment_field}
    positions: list[int] = []
    extra_positions: list[int] = []
    examples = _examples(records, positions=positions, theme_ids=labels.theme_ids, **fields)
    if groups is not None and positions and len(positions) < len(groups) and positions[-1] < len(groups):
        groups = [groups[i] for i in positions]  # one per record given: those of blank records left out go with them
    extra_examples = _examples(extra, positions=extra_positions, theme_ids=labels.theme_ids, **fields)
    _check_labels(examples, labels, positions)
    _check_labels(extra_examples, labels, extra_positions, "extra record")
    extra = new_extra(examples, extra_examples)
    if groups is None and examples:  # by block where there are documents, else by text: never by the order of the rows
        groups = groups_for(examples, "block")
    model = fit_backend(model, examples, groups, extra)
    if model.name != "lexicon":  # the lexicon learns nothing from the labels
        fitted = getattr(model, "schema_", None)
        _warn_unseen_labels(examples + extra, fitted if isinstance(fitted, Schema) else _resolve_schema(schema))
    return model


def new_extra(examples: Sequence[Example], extra: Sequence[Example]) -> list[Example]:
    """``extra`` without the records whose text is also in ``examples`` (one warning names how many).

    In cross-validation such a record would put a test unit into training.
    Texts are the same as the fold grouping sees them (:func:`_copy_key`:
    punctuation and white space do not make a text another).

    >>> import warnings
    >>> with warnings.catch_warnings(record=True) as w:
    ...     warnings.simplefilter("always")
    ...     kept = new_extra([Example("财不外露。", (), "neutral")], [Example("财不外露！", (), "neutral"), Example("红包", (), "neutral")])
    >>> [e.text for e in kept], len(w)
    (['红包'], 1)
    """
    from .errors import W_EXTRA_REPEATS

    seen = {_copy_key(e) for e in examples}
    keys = [_copy_key(e) for e in extra]
    kept = [e for e, k in zip(extra, keys) if k not in seen]
    repeats = [e for e, k in zip(extra, keys) if k in seen]
    if repeats:
        first = repeats[0].text if len(repeats[0].text) <= 30 else repeats[0].text[:29] + "…"
        one = len(repeats) == 1
        warn_caller(W_EXTRA_REPEATS.format(n=len(repeats), total=len(extra), s="s" if one else "", they="it was" if one else "they were",
                                           first=repr(first)), InputWarning)
    return kept


def drop_repeats(examples: Sequence[Example], *, by_text: bool = False,
                 on_conflict: Callable[[InputError], None] | None = None) -> list[Example]:
    """``examples`` with each unit once: records repeating a unit with the same labels are left out (one warning counts them).

    Records are the same unit when they have the same document, offsets and
    text, or, without offsets, the same id and text, and a record without
    offsets is the unit of the record with offsets that has its id and text
    (:func:`_unit_keys`: the gold and a file of labels without offsets; a
    table's ``start``/``end`` are offsets, :func:`_table_offsets`); of
    repeats with the same labels the record with offsets is kept; with ``by_text``,
    records with neither are the same unit when their texts are the same
    (:func:`_text_key`; ``train`` uses it; evaluation cannot tell two comments with one text apart).
    Records of one unit with different labels (two labelers' files given
    together, or one record that ``argmine import`` marked ``"conflict": true``,
    its labelers' labels under ``passes``) are conflicts: every labelling is
    kept and a warning names the units; with ``on_conflict`` those units are
    left out and ``on_conflict`` gets one :class:`InputError` naming them
    (``count``: how many units; ``records``: how many records they had).

    >>> import warnings
    >>> a = Example("财不外露", ("privacy",), "negative", doc="d", start=0, end=4)
    >>> with warnings.catch_warnings(record=True) as w:
    ...     warnings.simplefilter("always")
    ...     kept = drop_repeats([a, a, Example("红包", (), "neutral")])
    >>> [e.text for e in kept], str(w[0].message)
    (['财不外露', '红包'], '1 record repeats a unit already read with the same labels (d 0..4); counted once')
    """
    from .errors import E_CONFLICTING_UNITS, W_CONFLICTING_UNITS, W_REPEATED_UNITS

    order: list[tuple[Any, Example]] = []
    labellings: dict[Any, dict[tuple[frozenset[str], str], Example]] = {}  # unit -> its first record of each labelling
    repeats: list[Example] = []
    keys = _unit_keys(examples, by_text)
    for e, key in zip(examples, keys):
        if key is None:
            order.append((None, e))
            continue
        if key not in labellings:
            order.append((key, e))
        seen = labellings.setdefault(key, {})
        label = (frozenset(e.themes), e.sentiment)
        kept = seen.get(label)
        if kept is None:
            seen[label] = e
        elif kept.start is None and e.start is not None and not kept.meta.get("passes") and not e.meta.get("passes"):
            seen[label] = e  # the record with offsets stands for the unit (its place gives its CV block); the other repeats it
            repeats.append(kept)
        else:
            repeats.append(e)
        # an unresolved conflict within one record: each labelling, named by its labelers (the record's own labels are theirs too)
        names: dict[tuple[frozenset[str], str], list[str]] = {}
        for themes, sentiment, name in e.meta.get("passes", ()):
            label = (frozenset(themes), sentiment)
            names.setdefault(label, []).append(name)
            if seen.get(label, e) is e:
                seen[label] = replace(e, themes=themes, sentiment=sentiment, meta={**e.meta, "labelers": names[label]})
    if repeats:
        one = len(repeats) == 1
        warn_caller(W_REPEATED_UNITS.format(n=len(repeats), records="record repeats" if one else "records repeat",
                                            examples=_listed(repeats, lambda e: _unit_name(e) + _at(e))), InputWarning)
    conflicts = [list(v.values()) for v in labellings.values() if len(v) > 1]
    if conflicts:
        def labelled(records: list[Example]) -> str:
            return f"{_unit_name(records[0])}: " + " vs ".join(f"{';'.join(e.themes) or 'other'}/{e.sentiment}{_at(e)}" for e in records)

        kw = {"n": len(conflicts), "units": "unit" if len(conflicts) == 1 else "units", "examples": _listed(conflicts, labelled)}
        if on_conflict is None:
            warn_caller(W_CONFLICTING_UNITS.format(**kw), InputWarning)
        else:
            files = list(dict.fromkeys(e.meta.get("file", "") for c in conflicts for e in c if e.meta.get("file")))
            err = InputError(", ".join(files) or "gold", E_CONFLICTING_UNITS.format(**kw), count=len(conflicts))
            left_out = {k for k, v in labellings.items() if len(v) > 1}
            err.records = sum(k in left_out for k in keys)  # every record of those units, repeats too
            on_conflict(err)
    out: list[Example] = []
    for key, e in order:
        kept = list(labellings[key].values()) if key is not None else [e]
        if len(kept) == 1 or on_conflict is None:
            out.extend(kept)
    return out


def texts_in(examples: Sequence[Example], paths: Iterable[str | Path]) -> int:
    """How many ``examples`` have the text (:func:`_copy_key`) of a record in the labelled files ``paths``.

    ``evaluate`` uses it to tell whether gold overlaps what the packaged
    model was trained on; unreadable records of those files are ignored.

    >>> import tempfile, os
    >>> p = os.path.join(tempfile.mkdtemp(), "g.jsonl")
    >>> _ = open(p, "w", encoding="utf-8").write('{"text": "財不外露", "themes": [], "sentiment": "neutral"}\\n')
    >>> texts_in([Example("财不外露"), Example("红包")], [p])
    1
    """
    seen = {_copy_key(e) for path in paths for e in load_examples(path, on_error=lambda _: None)}
    return sum(_copy_key(e) in seen for e in examples)


def count_units(examples: Sequence[Example], *, by_text: bool = True) -> int:
    """How many units ``examples`` label: fewer than there are examples where one unit is labelled two ways (two labelers'
    records, or a record with its labelers' ``passes``), which :func:`drop_repeats` keeps, one example per labelling.

    Units are told apart as :func:`drop_repeats` tells them (``by_text`` as there).

    >>> a = Example("财不外露", ("privacy",), "negative", doc="d", start=0, end=4)
    >>> count_units([a, replace(a, sentiment="neutral"), Example("红包", (), "neutral")])
    2
    """
    return len({k or ("example", i) for i, k in enumerate(_unit_keys(examples, by_text))})


def _unit_key(e: Example, by_text: bool) -> tuple | None:
    """The unit a record labels, by its own fields: its document, offsets and text; else its id and text; else (``by_text``) its text."""
    if e.doc and e.start is not None and e.end is not None:
        return ("unit", e.doc, e.start, e.end, e.text)
    if e.id:
        return ("id", e.id, e.text)
    return ("text", _text_key(e)) if by_text else None


def _unit_keys(examples: Sequence[Example], by_text: bool) -> list[tuple | None]:
    """The unit each of ``examples`` labels (:func:`_unit_key`), a record without offsets joined to the unit with offsets
    that has its id and text (and its document, when it names one): the gold JSONL record of a unit and a table's row
    or a record without offsets for it are one unit, whichever file comes first.

    Records with offsets are told apart by them alone: one text at two places is two units, even under one id.  A
    record without offsets whose id and text several units with offsets share (ids repeated across documents) is
    not joined to any of them.

    >>> placed = Example("好。", ("privacy",), "negative", doc="d", start=0, end=2, id="d#1")
    >>> [k[0] for k in _unit_keys([Example("好。", id="d#1"), placed, Example("好。", id="d#1", doc="e")], False)]
    ['unit', 'unit', 'id']
    """
    keys = [_unit_key(e, by_text) for e in examples]
    placed: dict[tuple[str, str], dict[tuple, str]] = {}  # (id, text) -> the units with offsets that have them, and their documents
    for e, k in zip(examples, keys):
        if k is not None and k[0] == "unit" and e.id:
            placed.setdefault((e.id, e.text), {})[k] = e.doc
    if not placed:
        return keys
    for i, (e, k) in enumerate(zip(examples, keys)):
        if k is not None and k[0] == "id":
            units = [u for u, doc in placed.get((e.id, e.text), {}).items() if not e.doc or doc == e.doc]
            if len(units) == 1:
                keys[i] = units[0]
    return keys


def _unit_name(e: Example) -> str:
    if e.id:
        return e.id
    if e.doc and e.start is not None and e.end is not None:
        return f"{e.doc} {e.start}..{e.end}"
    return repr(e.text if len(e.text) <= 20 else e.text[:19] + "…")


def _at(e: Example) -> str:
    """`` (FILE: line 3)`` for a record read by :func:`load_examples`; ``, pass u1`` added for a labelling under its ``passes``."""
    by = f"pass{'es' if len(e.meta.get('labelers', ())) > 1 else ''} {', '.join(e.meta['labelers'])}" if e.meta.get("labelers") else ""
    if e.meta.get("file"):
        return f" ({e.meta['file']}: {e.meta['where']}{', ' + by if by else ''})"
    return f" ({by})" if by else ""


def _listed(items: Sequence[Any], name: Callable[[Any], str]) -> str:
    """The first three of ``items`` by ``name``, then a count of the rest."""
    more = f"; and {len(items) - 3} more" if len(items) > 3 else ""
    return "; ".join(map(name, items[:3])) + more


def fit_backend(model: Backend, examples: Sequence[Example], groups: Sequence[Any] | None = None, extra: Sequence[Example] = ()) -> Backend:
    """``model.fit`` on ``examples`` plus ``extra``; returns the fitted model.

    ``extra`` examples (e.g. the guide examples written for training,
    ``annotations/guide_examples.jsonl``) that repeat no text of
    ``examples`` (see :func:`new_extra`) are each their own group and, for
    a backend whose ``fit`` takes ``calibrate`` (``linear``), never held out
    by its internal folds: probabilities and thresholds are fitted on how
    the model does on ``examples``, the kind of text it will classify.
    """
    import inspect

    extra = new_extra(examples, extra)
    every = list(examples) + extra
    kwargs: dict[str, Any] = {}
    if extra:
        base = list(groups) if groups is not None else [_text_group(e) for e in examples]
        groups = base + [f"extra#{i}" for i in range(len(extra))]
        if "calibrate" in inspect.signature(model.fit).parameters:
            kwargs["calibrate"] = [True] * len(examples) + [False] * len(extra)
    drop_origin(model)  # fitted again, a backend of any registered class is no longer the model of its directory
    return model.fit([e.norm_text for e in every], [e.themes for e in every], [e.sentiment for e in every], groups=groups, **kwargs)


#: Fewer training units than this get a warning (W_TRAIN_FEW_UNITS): too few to learn themes from.
MIN_TRAIN_UNITS = 10


def _warn_unseen_labels(examples: Sequence[Example], schema: Schema) -> None:
    """Warn about what the labels cannot teach the model: too few units, sentiment classes and themes that no
    training example has (never predicted), a theme that every one has (always predicted), and no example without a theme.

    >>> import warnings
    >>> with warnings.catch_warnings(record=True) as w:
    ...     warnings.simplefilter("always")
    ...     _warn_unseen_labels([Example("财不外露", ("privacy",), "negative")] * 12, load_schema())
    >>> for m in w:
    ...     print(str(m.message).split(",")[0])
    the training data has no 'positive' or 'neutral' unit
    the training data has no unit labelled 'pro_social'
    every training unit is labelled 'privacy' (no unit is without it)
    """
    from .errors import W_TRAIN_EVERY_THEME, W_TRAIN_FEW_UNITS, W_TRAIN_NO_OTHER, W_TRAIN_NO_SENTIMENT, W_TRAIN_NO_THEME

    def listed(labels: list[str], word: str = "or") -> str:
        quoted = [repr(x) for x in labels]
        return quoted[0] if len(quoted) == 1 else ", ".join(quoted[:-1]) + f" {word} " + quoted[-1]

    if not examples:
        return
    if len(examples) < MIN_TRAIN_UNITS:
        warn_caller(W_TRAIN_FEW_UNITS.format(units=plural(len(examples), "unit")), InputWarning)
    seen = {e.sentiment for e in examples}
    missing = [s for s in schema.sentiments if s not in seen]
    if missing:
        warn_caller(W_TRAIN_NO_SENTIMENT.format(labels=listed(missing), that="that sentiment" if len(missing) == 1 else "those sentiments"),
                    InputWarning)
    seen = {t for e in examples for t in e.themes}
    missing = [t for t in schema.theme_ids if t not in seen]
    if missing:
        warn_caller(W_TRAIN_NO_THEME.format(labels=listed(missing), that="that theme" if len(missing) == 1 else "those themes"), InputWarning)
    always = [t for t in schema.theme_ids if all(t in e.themes for e in examples)]
    if always:
        warn_caller(W_TRAIN_EVERY_THEME.format(labels=listed(always, "and"), it="it" if len(always) == 1 else "them"), InputWarning)
    elif all(e.themes for e in examples):
        warn_caller(W_TRAIN_NO_OTHER, InputWarning)


def groups_for(examples: Sequence[Example], group_by: str = "block", documents: Mapping[str, str] | None = None, block_size: int = BLOCK_SIZE) -> list[str]:
    """A group key per example: its document, or its block (see the module docstring).

    Examples without a document are each their own group; examples that share
    a text (:func:`_copy_key`: punctuation and white space aside) share a group.

    >>> ex = [Example("a", doc="d", start=0, end=1), Example("b", doc="d", start=2, end=3), Example("c", doc="d", start=4, end=5)]
    >>> groups_for(ex, "block", {"d": "a\\nb c"})
    ['d:L0', 'd:L1', 'd:L1']
    >>> groups_for(ex, "block", block_size=2)
    ['d:B0', 'd:B0', 'd:B1']
    """
    return _join_equal_texts(examples, _own_groups(examples, group_by, documents, block_size))


def _own_groups(examples: Sequence[Example], group_by: str, documents: Mapping[str, str] | None, block_size: int = BLOCK_SIZE) -> list[str]:
    """:func:`groups_for` before equal texts are joined."""
    if group_by not in GROUP_BY:
        raise ModelError(f"unknown group_by {group_by!r}; expected one of: {', '.join(GROUP_BY)}")
    keys: list[str] = [""] * len(examples)
    by_doc: dict[str, list[int]] = {}
    for i, e in enumerate(examples):
        if not e.doc:
            keys[i] = _text_group(e)  # by content, not position: the folds do not follow the order of the rows
        elif group_by == "doc":
            keys[i] = e.doc
        else:
            by_doc.setdefault(e.doc, []).append(i)
    for doc, idx in by_doc.items():
        text = (documents or {}).get(doc)
        order = sorted(idx, key=lambda i: (examples[i].start if examples[i].start is not None else i, i))
        if text is not None and _fits(text, [examples[i] for i in idx]):
            # a line of the source is a paragraph or a comment; long ones are cut into runs
            lines: dict[int, list[int]] = {}
            for i in order:
                lines.setdefault(text.count("\n", 0, examples[i].start), []).append(i)
            for line, members in lines.items():
                for rank, i in enumerate(members):
                    keys[i] = f"{doc}:L{line}" + (f".{rank // block_size}" if len(members) > block_size else "")
        else:
            for rank, i in enumerate(order):
                keys[i] = f"{doc}:B{rank // block_size}"
    return keys


def _text_group(e: Example) -> str:
    """The fold group of a record without a document: its text (:func:`_text_key`), hashed, so that the folds a
    table makes do not depend on the order of its rows (a sorted sheet is split as the unsorted one).

    >>> _text_group(Example("財不外露 ")) == _text_group(Example("财不外露"))
    True
    """
    import hashlib

    return "#" + hashlib.sha256(_text_key(e).encode("utf-8", "surrogatepass")).hexdigest()[:16]


def _join_equal_texts(examples: Sequence[Example], keys: list[str]) -> list[str]:
    """``keys`` with the groups of examples that share a text (:func:`_copy_key`) joined (under the first one's key).

    The same sentence under two ids (a comment posted twice, a line quoted in
    a reply, or retyped with another full stop) would otherwise be tested on a copy of itself.

    >>> _join_equal_texts([Example("甲"), Example("乙"), Example("甲。"), Example("丙")], ["a", "b", "c", "d"])
    ['a', 'b', 'a', 'd']
    """
    parent = {k: k for k in keys}

    def root(k: str) -> str:
        while parent[k] != k:
            parent[k] = k = parent[parent[k]]
        return k

    first: dict[str, str] = {}
    rank = {k: i for i, k in reversed(list(enumerate(keys)))}
    for e, k in zip(examples, keys):
        other = first.setdefault(_copy_key(e), k)
        a, b = root(other), root(k)
        if a != b:
            keep, drop = (a, b) if rank[a] < rank[b] else (b, a)
            parent[drop] = keep
    return [root(k) for k in keys]


def _fits(text: str, examples: Sequence[Example]) -> bool:
    """Whether every example sits at its offsets in ``text`` (else its lines say nothing about it)."""
    from .annotations import big5_as_now  # labels made when argmine read a Big5 source's punctuation otherwise

    return all(e.start is not None and (e.end is None or text[e.start:e.end] in (e.text, big5_as_now(e.text))) for e in examples)


def source_coverage(examples: Sequence[Example], documents: Mapping[str, str]) -> dict[str, Any]:
    """How many of the examples' documents the source ``documents`` hold, with the examples at their offsets.

    Blocks follow the source lines only for those; the others fall back to
    runs of ``BLOCK_SIZE`` units (see :func:`groups_for`).

    >>> ex = [Example("a", doc="d", start=0, end=1), Example("b", doc="e", start=0, end=1)]
    >>> source_coverage(ex, {"d": "a", "x": "b"})
    {'documents': 2, 'on_lines': 1, 'missing': ['e'], 'text_differs': []}
    """
    by_doc: dict[str, list[Example]] = {}
    for e in examples:
        if e.doc:
            by_doc.setdefault(e.doc, []).append(e)
    missing = [d for d in by_doc if d not in documents]
    differs = [d for d in by_doc if d in documents and not _fits(documents[d], by_doc[d])]
    return {"documents": len(by_doc), "on_lines": len(by_doc) - len(missing) - len(differs),
            "missing": missing, "text_differs": differs}


def _no_documents(examples: Sequence[Example]) -> bool:
    """Whether no example has a document, so that each record is its own cross-validation group (:func:`groups_for`)."""
    return all(not e.doc for e in examples)


def _blocks_from(examples: Sequence[Example], group_by: str, documents: Mapping[str, str] | None) -> str:
    """What cross-validation blocks were made from, warning when source documents were given but not found.

    >>> _blocks_from([Example("a"), Example("b")], "doc", None)
    'one group per record (no document)'
    """
    without = sum(not e.doc for e in examples)
    if _no_documents(examples):  # a table without a document column: groups_for makes each record its own group
        return NO_DOC_GROUPS
    tail = f"; {NO_DOC_GROUPS[:-1]}: {without} of {len(examples)} records)" if without else ""
    return _doc_blocks_from(examples, group_by, documents) + tail


def _doc_blocks_from(examples: Sequence[Example], group_by: str, documents: Mapping[str, str] | None) -> str:
    """:func:`_blocks_from` for the records with a document; one warning for the gold documents ``documents`` lacks,
    another for those it has with other text at the gold offsets (naming the first record that differs)."""
    from .errors import W_CV_NO_SOURCE_DOCS, W_CV_SOURCE_TEXT_DIFFERS

    runs = f"runs of {BLOCK_SIZE} units"
    if group_by == "doc":
        return "documents"
    if not documents:
        return runs
    cover = source_coverage(examples, documents)
    missing, differs, total = cover["missing"], cover["text_differs"], cover["documents"]
    if not missing and not differs:
        return "lines"
    if missing:
        which = ("the gold document is not" if total == 1 else f"none of the {total} gold documents is" if len(missing) == total
                 else f"{len(missing)} of {total} gold documents {'is' if len(missing) == 1 else 'are'} not")
        warn_caller(W_CV_NO_SOURCE_DOCS.format(which=which, examples=_doc_names(missing), their=inflect(len(missing), "its", "their"),
                                               size=BLOCK_SIZE), InputWarning)
    if differs:
        which = ("the gold document is" if total == 1 else f"all {total} gold documents are" if len(differs) == total
                 else f"{len(differs)} of {total} gold documents {'is' if len(differs) == 1 else 'are'}")
        warn_caller(W_CV_SOURCE_TEXT_DIFFERS.format(which=which, examples=_doc_names(differs), first=_first_differing(examples, documents, differs),
                                                    their=inflect(len(differs), "its", "their"), size=BLOCK_SIZE), InputWarning)
    if cover["on_lines"]:
        return f"lines for {cover['on_lines']} of {total} documents, {runs} for the rest"
    return NO_SOURCE_TEXT_MATCH if differs else NO_SOURCE_MATCH


def _doc_names(docs: Sequence[str]) -> str:
    """The first three of ``docs``, then ``...``."""
    return ", ".join(docs[:3]) + (", ..." if len(docs) > 3 else "")


def _first_differing(examples: Sequence[Example], documents: Mapping[str, str], differs: Sequence[str]) -> str:
    """The first of ``examples`` (in a document of ``differs``) whose text its source document lacks at its offsets, and
    what each has there: ``first d#1 d 0..4: the gold has '财不外露', the source '红包'``.

    >>> _first_differing([Example("财不外露", doc="d", start=0, end=4, id="d#1")], {"d": "红包功能"}, ["d"])
    "first d#1 d 0..4: the gold has '财不外露', the source '红包功能'"
    >>> _first_differing([Example("财不外露", doc="d", id="d#1")], {"d": "红包功能"}, ["d"])
    'first d#1 in d: it has no offsets, so realign cannot place it; give it start and end'
    """
    def shown(text: str) -> str:
        return repr(text if len(text) <= 20 else text[:19] + "…")

    bad = set(differs)
    e = next(e for e in examples if e.doc in bad and not _fits(documents[e.doc], [e]))
    name = f"{e.id} " if e.id else ""
    if e.start is None:
        return f"first {name or shown(e.text) + ' '}in {e.doc}: it has no offsets, so realign cannot place it; give it start and end"
    text = documents[e.doc]
    end = e.end if e.end is not None else e.start + len(e.text)
    there = f"the source {shown(text[e.start:end])}" if e.start < len(text) else f"the source ends at {len(text)}"
    return f"first {name}{e.doc} {e.start}..{end}: the gold has {shown(e.text)}, {there}"


def folds(examples: Sequence[Example], k: int = 5, group_by: str = "block", seed: int = 0, documents: Mapping[str, str] | None = None) -> list[tuple[list[int], list[int]]]:
    """``k`` (train, test) index splits, disjoint by group.

    >>> ex = [Example(str(i), doc=f"d{i // 3}") for i in range(9)]
    >>> sorted(len(te) for _, te in folds(ex, k=3, group_by="doc"))
    [3, 3, 3]
    """
    return _folds_and_groups(examples, k, group_by, seed, documents)[0]


def _source_missed(examples: Sequence[Example], documents: Mapping[str, str] | None) -> tuple[str, str]:
    """Why blocks are runs of units though source ``documents`` were given (the start of a sentence), and what to do
    about it; or ``("", "")``.  Gold documents missing from the source and gold text the source differs from at its
    offsets (an edited record: ``argmine realign``) are told apart.

    >>> _source_missed([Example("a", doc="d", start=0, end=1)], {"x": "a"})
    ('--source lacks the gold document (d), so its blocks are runs of 8 units, and ', 'pass the documents the gold was made from as --source')
    """
    from .errors import H_CV_REALIGN

    if documents is None:
        return "", ""
    cover = source_coverage(examples, documents)
    missing, differs, total = cover["missing"], cover["text_differs"], cover["documents"]
    if not missing and not differs:
        return "", ""
    why, fix = [], []
    if missing:
        why.append(f"lacks the gold document ({_doc_names(missing)})" if total == 1
                   else f"matched none of the {total} gold documents ({_doc_names(missing)})" if len(missing) == total
                   else f"lacks {len(missing)} of the {total} gold documents ({_doc_names(missing)})")
        fix.append("pass the documents the gold was made from as --source")
    if differs:
        which = "the gold document" if total == 1 else plural(len(differs), "gold document")
        why.append(f"has {which} ({_doc_names(differs)}) with other text at the gold offsets ({_first_differing(examples, documents, differs)})")
        fix.append(H_CV_REALIGN)
    their = inflect(len(missing) + len(differs), "its", "their")
    return f"--source {' and '.join(why)}, so {their} blocks are runs of {BLOCK_SIZE} units, and ", "; ".join(fix)


def _folds_and_groups(examples: Sequence[Example], k: int, group_by: str, seed: int, documents: Mapping[str, str] | None
                      ) -> tuple[list[tuple[list[int], list[int]]], list[str]]:
    """:func:`folds` and the groups they keep apart (:func:`groups_for`'s), made once: joining equal texts normalises every text."""
    import numpy as np
    from sklearn.model_selection import GroupKFold

    from .errors import is_count

    if not is_count(k, 2):  # a numpy integer is a number of folds too
        raise ModelError(f"cross-validation needs k >= 2 folds, found {k!r}")
    if not is_seed(seed):  # numpy's limit, as --seed's
        raise ModelError("cross-validation: " + E_SEED.format(name="seed", value=seed))
    own = _own_groups(examples, group_by, documents)
    groups = _join_equal_texts(examples, own)
    n_groups = len(set(groups))
    if n_groups < k:
        # records without a document are each their own group, whatever group_by says (groups_for): --group-by changes nothing
        no_doc = _no_documents(examples)
        by = "record" if no_doc else group_by
        unit = "record" if no_doc else "document" if group_by == "doc" else "block"
        doc_fix = group_by == "doc" and not no_doc
        if n_groups < 2:
            fix = "label more documents, or use --group-by block" if doc_fix else "label more units"
        else:
            fix = f"use --cv {n_groups}" + (" or --group-by block" if doc_fix else "")
        why = "no document: each record is its own group" if no_doc else ""
        has = plural(n_groups, unit) + (f" ({why})" if why else "")
        if len(set(own)) > n_groups:
            has = (f"{plural(n_groups, 'group')} of {unit}s ({plural(len(set(own)), unit)}, joined where they share a text"
                   + (f"; {why})" if why else ")"))
        missed, source_fix = _source_missed(examples, documents) if group_by == "block" and not no_doc else ("", "")
        if missed:  # the cause to fix first: with the right source the blocks are lines, and there may be enough of them
            fix = source_fix + (f", or use --cv {n_groups}" if n_groups >= 2 else "")
        raise ModelError(f"cannot make {k} folds grouped by {by}: {missed}the data has only {has}; {fix}")
    splitter = GroupKFold(n_splits=k, shuffle=True, random_state=seed)
    return [(list(tr), list(te)) for tr, te in splitter.split(np.zeros(len(examples)), groups=groups)], groups


def cross_validate(
    records: Iterable[Any],
    backend: str = "linear",
    k: int = 5,
    group_by: str = "block",
    seed: int = 0,
    schema: Schema | str | Path | None = None,
    documents: Mapping[str, str] | None = None,
    backend_seed: int | None = None,
    extra: Iterable[Any] = (),
    unlabelled: Iterable[str] = (),
    *,
    text_field: str = "text",
    themes_field: str | None = "themes",
    sentiment_field: str | None = "sentiment",
    **params: Any,
) -> dict[str, Any]:
    """Train on k-1 folds, predict the held-out fold, and score all out-of-fold predictions.

    ``extra`` records are added to every training fold and never tested
    (see :func:`fit_backend`); only ``records`` are scored.

    ``seed`` fixes the fold assignment and, for backends that take one, the
    backend's own seed unless ``backend_seed`` is given (a backend setting
    named ``seed`` cannot travel in ``params``: that name is the fold seed).  Returns :func:`evaluate`'s dict, scored
    on the held-out predictions of all folds pooled (``cv.pooled``; not the mean of the folds' scores), plus ``cv``
    (k, group_by, seed, backend, blocks_from, extra) and ``folds`` (each fold's size, theme macro-F1 and sentiment macro-F1);
    a theme macro-F1 over no theme (no theme in the gold or the predictions) is ``None``.
    ``unlabelled`` label kinds are not scored (``None``), as in :func:`evaluate`.
    Dict records name their keys as :func:`train`'s do (``text_field=``...).

    >>> data = [Example(t, th, s, doc=f"d{i}") for i, (t, th, s) in enumerate(
    ...     [("财不外露", ("privacy",), "negative"), ("红包很方便", ("pro_social",), "positive"), ("财不外露啊", ("privacy",), "negative"),
    ...      ("红包真方便", ("pro_social",), "positive"), ("我觉得财不外露", ("privacy",), "negative"), ("发红包很方便", ("pro_social",), "positive")])]
    >>> cross_validate(data, backend="lexicon", k=3, group_by="doc")["theme_macro_f1"]
    1.0
    """
    import inspect

    unlabelled = tuple(unlabelled)
    fields = {"text_field": text_field, "themes_field": themes_field, "sentiment_field": sentiment_field}
    positions: list[int] = []
    extra_positions: list[int] = []
    schema = _resolve_schema(schema)
    examples = _examples(records, "cross_validate", positions, theme_ids=schema.theme_ids, **fields)
    extra_examples = _examples(extra, "cross_validate", extra_positions, theme_ids=schema.theme_ids, **fields)
    _check_labels(examples, schema, positions)
    _check_labels(extra_examples, schema, extra_positions, "extra record")
    extra = new_extra(examples, extra_examples)
    if backend_seed is not None:
        params["seed"] = backend_seed
    elif isinstance(backend, str) and "seed" in inspect.signature(get_backend(backend)).parameters:
        params["seed"] = seed  # the fold seed also seeds the backend
    splits, groups = _folds_and_groups(examples, k, group_by, seed, documents)
    seed, k = int(seed), int(k)  # checked there; a numpy integer passes, and the result goes to JSON
    predictions: list[Prediction | None] = [None] * len(examples)
    per_fold = []
    for tr, te in splits:
        model = fit_backend(make_backend(backend, schema, **params), [examples[i] for i in tr], [groups[i] for i in tr], extra)
        preds = model.predict([examples[i].norm_text for i in te])
        for i, p in zip(te, preds):
            predictions[i] = p
        m = evaluate([examples[i] for i in te], preds, schema, unlabelled=unlabelled)
        per_fold.append({"n": len(te), "theme_macro_f1": m["theme_macro_f1"],
                         "sentiment_macro_f1": None if m["sentiment"] is None else m["sentiment"]["macro_f1"]})
    result = evaluate(examples, predictions, schema, unlabelled=unlabelled)
    # pooled: the scores above are of every fold's held-out predictions together, not the mean of the folds' (per_fold)
    result["cv"] = {"k": k, "group_by": group_by, "seed": seed, "backend": backend if isinstance(backend, str) else backend.name,
                    "blocks_from": _blocks_from(examples, group_by, documents), "extra": len(extra), "pooled": True}
    result["folds"] = per_fold
    return result


def _prediction_list(predictions: Any) -> list[Any]:
    """:func:`evaluate`'s ``predictions`` as a list; a single object, a table or an ``Analysis`` is a ``TypeError`` saying what to pass."""
    from .errors import E_STAGE_INPUT

    found = "dict" if isinstance(predictions, Mapping) else type(predictions).__name__
    if found in _PREDICTIONS_HINTS or isinstance(predictions, (str, bytes)) or not isinstance(predictions, Iterable):
        raise TypeError(E_STAGE_INPUT.format(stage="evaluate", expected="predictions (ClassifiedUnit, Prediction or dicts with themes, "
                                             "sentiment), one per gold record", found=found, hint=_PREDICTIONS_HINTS.get(found, "")))
    return list(predictions)


def _prediction_id(p: Any) -> str | None:
    """The unit id a prediction carries (a ClassifiedUnit's unit, a dict's ``id``), or ``None``."""
    unit = getattr(p, "unit", None)
    if unit is not None and hasattr(p, "prediction"):
        value = getattr(unit, "id", None)
    elif isinstance(p, Mapping):
        value = p.get("id")
    else:
        return None
    return value if isinstance(value, str) and value else None


def _pair_by_id(gold: Sequence[Example], predictions: Sequence[Any]) -> list[int] | None:
    """For each gold example, the index of the prediction with its unit id; ``None`` when a side lacks ids.

    >>> gold = [Example("甲", id="d#1"), Example("乙", id="d#2")]
    >>> _pair_by_id(gold, [{"id": "d#2", "sentiment": "neutral"}, {"id": "d#1", "sentiment": "neutral"}])
    [1, 0]
    >>> _pair_by_id(gold, [{"sentiment": "neutral"}, {"sentiment": "neutral"}]) is None
    True
    """
    from .errors import E_EVAL_DUPLICATE_ID, E_EVAL_IDS

    pred_ids = [_prediction_id(p) for p in predictions]
    if not gold or not predictions or not all(g.id for g in gold) or None in pred_ids:
        return None
    index: dict[str, int] = {}
    for i, pid in enumerate(pred_ids):
        if pid in index:
            raise ModelError(E_EVAL_DUPLICATE_ID.format(what=f"prediction {i}", id=pid))
        index[pid] = i
    seen: set[str] = set()
    for i, g in enumerate(gold):
        if g.id in seen:
            raise ModelError(E_EVAL_DUPLICATE_ID.format(what=f"gold record {i}", id=g.id))
        seen.add(g.id)
    missing = [g.id for g in gold if g.id not in index]
    extra = [pid for pid in pred_ids if pid not in seen]
    if missing or extra:
        problems = [f"{plural(len(ids), what)} {verb} (e.g. {', '.join(ids[:3])})"
                    for ids, what, verb in ((missing, "gold unit", "with no prediction"), (extra, "prediction", "of no gold unit")) if ids]
        raise ModelError(E_EVAL_IDS.format(problems=" and ".join(problems)))
    return [index[g.id] for g in gold]


def _labels(p: Any, i: int, schema: Schema) -> tuple[tuple[str, ...], str]:
    """The (themes, sentiment) of prediction ``i``, validated against ``schema``.

    Takes a :class:`Prediction`, a :class:`~argmine.classify.ClassifiedUnit`
    or a dict; themes may be a list or a string like ``'privacy;bloat'``, as in gold.
    """
    from .errors import E_EVAL_FIELD, E_EVAL_LABEL, E_EVAL_UNREADABLE

    record = f"prediction {i}"
    unit = getattr(p, "unit", None)
    if unit is not None and hasattr(p, "prediction"):  # ClassifiedUnit
        record += f" (unit {getattr(unit, 'id', '?')})"
        p = p.prediction
    if isinstance(p, Mapping):
        if "sentiment" not in p:
            raise ModelError(E_EVAL_FIELD.format(record=record, field="sentiment", found="missing", expected="a sentiment label"))
        themes, sentiment = p.get("themes", ()), p["sentiment"]
    elif isinstance(p, Prediction) or (hasattr(p, "themes") and hasattr(p, "sentiment")):
        themes, sentiment = p.themes, p.sentiment
    else:
        raise ModelError(E_EVAL_UNREADABLE.format(record=record, found=type(p).__name__))
    if isinstance(themes, str):
        themes = split_labels(themes, schema)
    if not isinstance(themes, (list, tuple, set, frozenset)) or not all(isinstance(t, str) for t in themes):
        raise ModelError(E_EVAL_FIELD.format(record=record, field="themes", found=repr(themes)[:60],
                                             expected=f"a list of theme ids or a string like {themes_example(schema)!r}"))
    if not isinstance(sentiment, str):
        raise ModelError(E_EVAL_FIELD.format(record=record, field="sentiment", found=repr(sentiment)[:60], expected="a sentiment label"))
    try:
        return schema.validate_themes(themes), schema.validate_sentiment(sentiment)
    except SchemaError as e:
        raise SchemaError(E_EVAL_LABEL.format(record=record, reason=e)) from None


def _check_gold(gold: Sequence[Example], schema: Schema) -> list[Example]:
    """Gold examples with labels validated against ``schema`` (a miscased label would drop out of the scores)."""
    from .errors import E_EVAL_LABEL

    out = []
    for i, g in enumerate(gold):
        try:
            themes = split_labels(g.themes, schema) if isinstance(g.themes, str) else g.themes
            out.append(Example(g.text, schema.validate_themes(themes), schema.validate_sentiment(g.sentiment), g.doc, g.start, g.end, g.id, g.meta))
        except SchemaError as e:
            raise SchemaError(E_EVAL_LABEL.format(record=f"gold record {i}" + (f" ({g.id})" if g.id else ""), reason=e)) from None
    return out


def evaluate(gold_records: Iterable[Any], predictions: Iterable[Any], schema: Schema | str | Path | None = None, *,
             unlabelled: Iterable[str] = (), text_field: str = "text", themes_field: str | None = "themes",
             sentiment_field: str | None = "sentiment") -> dict[str, Any]:
    """Score predictions against gold: per-theme P/R/F1, macro-F1, sentiment accuracy, macro-F1, confusion.

    ``theme_macro_f1`` averages the F1 of the themes that occur in the gold
    or in the predictions (listed in ``macro_over``): a theme predicted but
    never in the gold scores 0, as in scikit-learn's macro average; with no
    theme in either it is ``None`` (``n/a`` in :func:`format_evaluation`), and
    so are the precision, recall and F1 of a theme in neither (a theme the
    gold has not labelled yet, and the model never predicts), of ``other``
    and of a sentiment class in neither.  The
    sentiment macro-F1 averages the labels in the gold or the predictions the
    same way.  ``sentiment.confusion`` rows are gold labels, columns predictions.
    ``unlabelled`` names the label kinds the gold does not have (``"themes"``,
    ``"sentiment"``: a table read with that field ``None``): they are not
    scored against made-up gold, and their entries are ``None`` (``themes``,
    ``theme_macro_f1``, ``macro_over``, ``other`` and ``exact_match``; ``sentiment``).

    Gold dict records name their keys as :func:`train`'s do (``text_field=``,
    ``themes_field=``, ``sentiment_field=``).
    ``predictions`` are :class:`Prediction` objects, the
    :class:`~argmine.classify.ClassifiedUnit` objects of
    :func:`argmine.classify`, or dicts with ``themes`` (a list, or a string
    like ``'privacy;bloat'``) and ``sentiment``; a generator of them is fine.  Every gold and predicted
    label is checked against ``schema`` (a :class:`Schema` or a schema file's path; default: the packaged
    one): an unknown or miscased label raises :class:`SchemaError` naming the record.

    Gold and predictions are paired by unit id when every record of both
    carries one (gold ``Example.id``, ``ClassifiedUnit.unit.id``, a dict's
    ``id``), whatever their order; a gold unit without a prediction, or a
    prediction of no gold unit, raises :class:`ModelError` listing them.
    Otherwise (bare :class:`Prediction` objects, records without ids) they are
    paired by position, and must come in the same order.

    >>> gold = [Example("a", ("privacy",), "negative"), Example("b", (), "neutral")]
    >>> r = evaluate(gold, [{"themes": ["privacy"], "sentiment": "neutral"}, {"themes": [], "sentiment": "neutral"}])
    >>> r["themes"]["privacy"]["f1"], r["sentiment"]["accuracy"]
    (1.0, 0.5)
    """
    from sklearn.metrics import accuracy_score, confusion_matrix, f1_score, precision_recall_fscore_support

    schema = _resolve_schema(schema)  # a path read as train's is; schema=5 a TypeError, before any record is read
    gold = _examples(gold_records, "evaluate", text_field=text_field, themes_field=themes_field, sentiment_field=sentiment_field)
    predictions = _prediction_list(predictions)
    order = _pair_by_id(gold, predictions)
    if order is None and len(gold) != len(predictions):
        raise ModelError(f"evaluate got {len(gold)} gold records but {len(predictions)} predictions; they must align one to one")
    if not gold:
        raise ModelError("evaluate needs at least one gold record")
    gold = _check_gold(gold, schema)
    pred = [_labels(predictions[i], i, schema) for i in (order or range(len(predictions)))]
    themes: dict[str, Any] = {}
    macro_over = []
    for tid in schema.theme_ids:
        y = [int(tid in g.themes) for g in gold]
        yhat = [int(tid in p[0]) for p in pred]
        p_, r_, f_, _ = precision_recall_fscore_support(y, yhat, average="binary", zero_division=0)
        tp = sum(a and b for a, b in zip(y, yhat))
        scored = bool(sum(y) or sum(yhat))
        themes[tid] = {**_scores(p_, r_, f_, scored), "support": int(sum(y)), "predicted": int(sum(yhat)), "tp": tp}
        if scored:
            macro_over.append(tid)
    y_other = [int(not g.themes) for g in gold]
    yhat_other = [int(not p[0]) for p in pred]
    po, ro, fo, _ = precision_recall_fscore_support(y_other, yhat_other, average="binary", zero_division=0)
    labels = list(schema.sentiments)
    gs = [g.sentiment for g in gold]
    ps = [p[1] for p in pred]
    sp, sr, sf, ss = precision_recall_fscore_support(gs, ps, labels=labels, zero_division=0)
    present = [lab for lab in labels if lab in gs or lab in ps]
    cm = confusion_matrix(gs, ps, labels=labels)
    unlabelled = set(unlabelled)
    if unlabelled - {"themes", "sentiment"}:
        raise ModelError(f"unlabelled takes 'themes' and/or 'sentiment', not {sorted(unlabelled - {'themes', 'sentiment'})}")
    result = {
        "n": len(gold),
        "themes": themes,
        # no theme in the gold or the predictions: no theme score (None, "n/a"), not a score of 0
        "theme_macro_f1": float(sum(themes[t]["f1"] for t in macro_over) / len(macro_over)) if macro_over else None,
        "macro_over": macro_over,
        "other": {**_scores(po, ro, fo, bool(sum(y_other) or sum(yhat_other))), "support": int(sum(y_other)),
                  "predicted": int(sum(yhat_other)), "tp": int(sum(a and b for a, b in zip(y_other, yhat_other)))},
        "exact_match": float(sum(set(g.themes) == set(p[0]) for g, p in zip(gold, pred)) / len(gold)),
        "sentiment": {
            "accuracy": float(accuracy_score(gs, ps)),
            "macro_f1": float(f1_score(gs, ps, labels=present, average="macro", zero_division=0)),
            "per_class": {lab: {**_scores(a, b, c, lab in present), "support": int(d)} for lab, a, b, c, d in zip(labels, sp, sr, sf, ss)},
            "labels": labels,
            "confusion": cm.tolist(),
        },
    }
    if "themes" in unlabelled:  # the gold has no themes: every unit would count as 'other', and every predicted theme as wrong
        result.update(themes=None, theme_macro_f1=None, macro_over=None, other=None, exact_match=None)
    if "sentiment" in unlabelled:  # the gold has no sentiment: every unit would count as 'neutral'
        result["sentiment"] = None
    return result


def _scores(precision: float, recall: float, f1: float, scored: bool) -> dict[str, float | None]:
    """A label's precision, recall and F1; ``None`` each for a label in neither the gold nor the predictions (no score, not a score of 0)."""
    if not scored:
        return {"precision": None, "recall": None, "f1": None}
    return {"precision": float(precision), "recall": float(recall), "f1": float(f1)}


def format_evaluation(result: dict[str, Any], width: int = 80) -> str:
    """Render :func:`evaluate` / :func:`cross_validate` output as plain-text tables.

    The first line counts the units and says what was scored: with ``cv``
    (:func:`cross_validate`) the folds, and that the scores are pooled over
    the held-out folds (each fold's own are the last line); with
    ``model_info`` (``argmine evaluate``: ``path``, ``backend``, ``version``,
    ``generation``) the model.  With ``left_out`` (``argmine evaluate``) a last
    line counts what was given and not scored.

    >>> print(format_evaluation(evaluate([Example("a", (), "neutral")], [{"themes": [], "sentiment": "neutral"}])).splitlines()[0])
    Evaluation on 1 units
    """
    from .tables import label_width

    def cell(x: float | None, width: int = 10) -> str:  # a label in neither the gold nor the predictions has no score
        return f"{'n/a':>{width}}" if x is None else f"{x:>{width}.3f}"

    lines = []
    w = label_width([*(result["themes"] or ()), *((result["sentiment"] or {}).get("labels") or ())])
    cv = result.get("cv")
    head = f"Evaluation on {result['n']} units"
    if cv:
        extra = f", + {plural(cv['extra'], 'extra record')} in every training fold" if cv.get("extra") else ""
        grouped = "record (no document)" if cv.get("blocks_from") == NO_DOC_GROUPS else cv["group_by"]
        if cv["group_by"] == "block" and cv.get("blocks_from") == f"runs of {BLOCK_SIZE} units":
            grouped = f"runs of {BLOCK_SIZE} units (pass --source to group by source line)"
        elif cv["group_by"] == "block" and cv.get("blocks_from") in (NO_SOURCE_MATCH, NO_SOURCE_TEXT_MATCH):  # --source was passed: a warning above says why
            grouped = cv["blocks_from"]
        head += (f" ({cv['k']}-fold CV grouped by {grouped}, backend {cv['backend']}, seed {cv['seed']}{extra}; "
                 f"scores pooled over the {cv['k']} held-out folds)")
    elif result.get("model_info"):
        head += f", {_model_named(result['model_info'])}"
    lines.append(head)
    lines.append("")
    if result["themes"] is None:
        lines.append("themes: n/a (the gold has no theme labels)")
    else:
        lines.append(f"{'theme':<{w}}{'precision':>10}{'recall':>10}{'f1':>10}{'support':>9}{'predicted':>11}")
        for tid, m in result["themes"].items():
            lines.append(f"{tid:<{w}}{cell(m['precision'])}{cell(m['recall'])}{cell(m['f1'])}{m['support']:>9d}{m['predicted']:>11d}")
        o = result["other"]
        predicted = f"{o['predicted']:>11d}" if "predicted" in o else ""  # a result of an older argmine has no count
        lines.append(f"{'(other)':<{w}}{cell(o['precision'])}{cell(o['recall'])}{cell(o['f1'])}{o['support']:>9d}{predicted}")
        macro = "n/a (no theme in the gold or the predictions)" if not result["macro_over"] else \
            f"{result['theme_macro_f1']:.3f} (over {', '.join(result['macro_over'])})"
        lines.append(f"theme macro-F1 {macro}; exact match {result['exact_match']:.3f}")
    s = result["sentiment"]
    lines.append("")
    if s is None:
        lines.append("sentiment: n/a (the gold has no sentiment labels)")
    else:
        lines.append(f"sentiment accuracy {s['accuracy']:.3f}, macro-F1 {s['macro_f1']:.3f}")
        corner = "gold \\ pred"
        lines.append(f"{corner:<{w}}" + "".join(f"{lab:>10}" for lab in s["labels"]) + f"{'recall':>9}")
        for lab, row in zip(s["labels"], s["confusion"]):
            lines.append(f"{lab:<{w}}" + "".join(f"{v:>10d}" for v in row) + cell(s["per_class"][lab]["recall"], 9))
        lines.append(f"{'precision':<{w}}" + "".join(cell(s["per_class"][lab]["precision"]) for lab in s["labels"]))
    if result.get("folds"):
        def score(x: float | None) -> str:
            return "n/a" if x is None else format(x, ".2f")

        lines.append("")
        lines.append("per fold (each held-out fold scored alone; macro-F1): " + "; ".join(
            f"n={f['n']} themes {score(f['theme_macro_f1'])} sentiment {score(f['sentiment_macro_f1'])}" for f in result["folds"]))
    left = _left_out_line(result.get("left_out"))
    if left:
        lines.append("")
        lines.append(left)
    return "\n".join(lines)


def _model_named(info: Mapping[str, Any]) -> str:
    """The model of ``argmine evaluate``'s ``model_info``, in words: its path (or the packaged default) and backend.

    >>> _model_named({"path": "(packaged default)", "backend": "linear", "version": 1})
    'the packaged default model (backend linear, version 1)'
    >>> _model_named({"path": "m", "backend": "linear", "version": 1, "generation": "3fa2b9c0d1e2f3a4b5"})
    'model m (backend linear, version 1, generation 3fa2b9c0d1e2)'
    """
    path = info.get("path")
    named = "the packaged default model" if path == "(packaged default)" else f"model {path or info.get('backend')}"
    about = [f"backend {info['backend']}"] if info.get("backend") else []
    about += [f"version {info['version']}"] if info.get("version") is not None else []
    about += [f"generation {str(info['generation'])[:12]}"] if info.get("generation") else []
    return named + (f" ({', '.join(about)})" if about else "")


def _left_out_line(left: Mapping[str, Any] | None) -> str:
    """The table's last line: what was given and not scored (``argmine evaluate``'s ``left_out``), or "" when nothing was.

    >>> _left_out_line({"records": 2, "files": [], "unlabelled": 1, "conflict_units": 0, "conflict_records": 0})
    'not scored: 1 record without labels (skipped, a warning above) and 2 records that failed (listed above)'
    """
    if not left:
        return ""
    parts = []
    if left.get("unlabelled"):
        parts.append(f"{plural(left['unlabelled'], 'record')} without labels (skipped, a warning above)")
    if left.get("records"):
        parts.append(f"{plural(left['records'], 'record')} that failed (listed above)")
    if left.get("files"):
        parts.append(f"{plural(len(left['files']), 'file')} that could not be used (listed above)")
    if left.get("conflict_units"):
        parts.append(f"{plural(left['conflict_units'], 'unit')} ({plural(left['conflict_records'], 'record')}) labelled differently")
    return "not scored: " + " and ".join([", ".join(parts[:-1]), parts[-1]] if len(parts) > 1 else parts) if parts else ""
