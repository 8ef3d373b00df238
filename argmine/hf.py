"""Hugging Face ``datasets`` integration: classify a text column with ``Dataset.map``.

:func:`classify_dataset` runs ``ds.map(classify_batch, batched=True)`` with
the output column types declared (:func:`output_features`), so the result
is typed whatever the batches hold.  :func:`classify_batch` is the batched
map function itself: it reads the ``text``
column (an ``id`` column, if any, is simply kept by ``map``) and adds
``themes`` (list of theme ids), ``scores`` (a struct with one probability
per theme of the model's schema), ``sentiment`` and ``sentiment_score``.
Texts are normalised (Traditional to Simplified, scrape artifacts repaired)
exactly as units are before classification, and read without the white
space and invisible characters at their ends, as a unit is (a leading space
or a full-width indent ``\u3000\u3000`` would change the prediction).  The model is loaded once per
process and reused while its files (and the schema file's) are unchanged:
an edited schema, a model retrained into the same folder, or a relative
path that names another file after ``os.chdir`` is loaded again, and so is
a :class:`~argmine.schema.Schema` with other content (loaded again after an edit).  With
``num_proc`` > 1 each worker loads it once.

>>> from datasets import Dataset                               # doctest: +SKIP
>>> import argmine                                             # doctest: +SKIP
>>> ds = Dataset.from_dict({"text": ["财不外露。", "支付宝做社交是对的。"]})  # doctest: +SKIP
>>> from argmine.hf import classify_dataset                     # doctest: +SKIP
>>> ds = classify_dataset(ds, num_proc=2)                      # doctest: +SKIP
>>> ds.column_names                                            # doctest: +SKIP
['text', 'themes', 'scores', 'sentiment', 'sentiment_score']

Another model: ``classify_dataset(ds, model="path/to/model")``.  With a
plain ``ds.map(argmine.classify_batch, batched=True)`` datasets infers the
types from the first batch: if no row of it gets a theme, ``themes`` is
typed as nulls and a later batch with themes fails to cast; pass
``features=`` (the dataset's features plus :func:`output_features`) or use
:func:`classify_dataset`.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .errors import InputError

#: (model, schema), as named -> (what the files were when loaded, backend, schema), least recently used first; per
#: process (workers load their own), at most ``_LOADED_MAX`` (a service naming a schema or model per request
#: would otherwise keep every one loaded: a few MB each).
_LOADED: OrderedDict[tuple[Any, Any], tuple[tuple, Any, Any]] = OrderedDict()
_LOADED_MAX = 4
_LOADED_LOCK = threading.Lock()  # calls from threads: move_to_end/popitem of one must not see the other's eviction


def _stamp(path: Any) -> tuple:
    """What tells that the file or model directory ``path`` names another file now, or was written again: its resolved
    path, and the size and modification time of it and of every file in it (one folder down: a model's ``encoder/``).

    A relative path names another file after ``os.chdir``; a schema edited or a model retrained into the same
    folder has other times.  Anything else (``None``, a :class:`~argmine.schema.Schema`) stands for itself
    (:func:`_content`: a schema by what it holds).
    """
    import os

    if not isinstance(path, (str, os.PathLike)):
        return (_content(path),)
    try:
        real = os.path.realpath(path)
    except ValueError:  # a NUL character: loading says so (a typed error naming the path)
        return (path,)
    files = [real]
    for entry in _entries(real):
        files.append(entry.path)
        if entry.is_dir():
            files.extend(e.path for e in _entries(entry.path))
    return tuple(_file_stamp(f) for f in files)


def _named(value: Any) -> Any:
    """How the cache names a model or schema as given: a path by its text, a :class:`~argmine.schema.Schema` by its
    file (one entry per schema file, replaced when the content differs: :func:`_content`), ``None`` as it is.

    >>> from argmine.schema import load_schema
    >>> _named(load_schema()), _named("m/"), _named(None)
    ('Schema argmine/schemas/alipay.toml', 'm/', None)
    """
    from .schema import Schema

    if isinstance(value, Schema):
        return f"Schema {value.source}"
    return None if value is None else str(value)


def _content(value: Any) -> str:
    """What stands for ``value``, neither a path nor ``None``: for a :class:`~argmine.schema.Schema`, a digest of
    its whole content (its ``repr`` holds only ids and file, the same for one loaded again after its cues,
    negations or weights were edited), else its ``repr``.

    >>> from argmine.schema import load_schema
    >>> _content(load_schema()) == _content(load_schema()), _content(3)
    (True, '3')
    """
    from .schema import Schema

    if isinstance(value, Schema):
        import dataclasses
        import hashlib

        return hashlib.sha256(repr(dataclasses.astuple(value)).encode("utf-8", "surrogatepass")).hexdigest()
    return repr(value)


def _file_stamp(path: str) -> tuple:
    import os

    try:
        st = os.stat(path)
    except (OSError, ValueError):  # missing, or a name the system refuses: loading says so
        return (path,)
    return (path, st.st_size, st.st_mtime_ns)


def _entries(folder: str) -> list:
    """The entries of ``folder`` (``os.DirEntry``), or none when it is not one."""
    import os

    try:
        with os.scandir(folder) as it:
            return list(it)
    except (OSError, ValueError):
        return []


def _stamps(model: Any, schema: Any) -> tuple:
    """:func:`_stamp` of the model (the packaged default's directory for ``None``) and of the schema."""
    from .classify import default_model_path

    return _stamp(default_model_path() if model is None else model), _stamp(schema)


@dataclass(frozen=True)
class _Classifier:
    """:func:`classify_batch` with its model, schema and text column bound, as :func:`classify_dataset` maps it.

    ``datasets`` fingerprints a map's result by hashing the function, this
    object with its fields: ``stamp`` (:func:`_stamps` when it was made) makes a
    result cached on disk for an older schema or model file not the one reused.
    """

    model: Any
    schema: Any
    text_column: str
    stamp: tuple
    source: str = "dataset"  # what a bad row's error names: "dataset['test']" for a DatasetDict's split

    def __call__(self, batch: dict[str, list], indices: list[int] | int | None = None, rank: int | None = None) -> dict[str, list]:
        return _classify_batch(batch, indices, self.model, self.schema, self.text_column, self.source)


def _load(model: Any, schema: Any) -> tuple[Any, Any]:
    from .aggregate import model_schema
    from .classify import load_model
    from .schema import Schema, load_schema

    if model is not None and not isinstance(model, (str, Path)):
        # A backend instance: used as it is, with its own schema (another one given is refused by load_model).
        s = schema if isinstance(schema, Schema) else load_schema(schema) if schema else None
        return load_model(model, s), s or model_schema(model)
    key = (_named(model), _named(schema))
    stamp = _stamps(model, schema)
    with _LOADED_LOCK:
        entry = _LOADED.get(key)
        if entry is not None:
            _LOADED.move_to_end(key)
    if entry is None or entry[0] != stamp:  # an edited schema, a retrained model, a path that names another file now
        s = schema if schema is None or isinstance(schema, Schema) else load_schema(schema)
        backend = load_model(model, s)
        entry = (stamp, backend, s or model_schema(backend))
        with _LOADED_LOCK:
            _LOADED[key] = entry
            _LOADED.move_to_end(key)
            while len(_LOADED) > _LOADED_MAX:
                _LOADED.popitem(last=False)
    return entry[1:]


def classify_batch(
    batch: dict[str, list],
    indices: list[int] | int | None = None,
    rank: int | None = None,
    *,
    model: Any = None,
    schema: Any = None,
    text_column: str = "text",
) -> dict[str, list]:
    """Classify a batch of texts: a ``Dataset.map(..., batched=True)`` function.

    Returns the new columns ``themes``, ``scores``, ``sentiment`` and
    ``sentiment_score``; every value is Arrow-friendly (``scores`` has the
    same keys, the model's theme ids, in every row).  ``model`` and
    ``schema`` are as in :func:`argmine.classify.load_model` (bind them with
    ``functools.partial``).  A missing column or a non-string text raises
    :class:`~argmine.errors.InputError` naming the row (by its ``id``, else
    by its index in the dataset when ``map`` passes ``indices``:
    ``with_indices=True``, else by its place in the batch); so does a single
    string in the text column (``map`` without ``batched=True``).
    ``rank`` (``with_rank=True``) is taken and not used; given without
    ``with_indices``, ``map`` passes it where ``indices`` go, and an int
    there is read as the rank.
    :func:`classify_dataset` maps it with the output types declared.

    >>> out = classify_batch({"text": ["财不外露。"]}, model="lexicon")
    >>> sorted(out)
    ['scores', 'sentiment', 'sentiment_score', 'themes']
    """
    return _classify_batch(batch, indices, model, schema, text_column, "dataset")


def _classify_batch(batch: dict[str, list], indices: list[int] | int | None, model: Any, schema: Any, text_column: str,
                    source: str) -> dict[str, list]:
    """:func:`classify_batch`, with ``source`` (``"dataset"``, or one split of a DatasetDict) naming the data in its errors."""
    from collections.abc import Mapping

    from .clean import strip_span
    from .errors import E_HF_BATCH
    from .normalize import normalize

    if not isinstance(batch, Mapping):  # a list of texts or one text: "no 'text' column (columns: 财, 不, ...)" said nothing useful
        raise TypeError(E_HF_BATCH.format(found=type(batch).__name__))
    if isinstance(indices, int):  # with_rank=True without with_indices: map passes the worker's rank here
        indices = None
    if text_column not in batch:
        raise InputError(
            source,
            f"no {text_column!r} column (columns: {', '.join(batch) or 'none'}); "
            "rename the text column, or pass text_column=NAME (to classify_dataset; "
            "for a bare Dataset.map, bind it: functools.partial(classify_batch, text_column=NAME))",
        )
    texts = batch[text_column]
    if isinstance(texts, str):
        # Without batched=True, map passes one row: a str here would be classified character by character.
        raise InputError(
            source,
            f"{text_column!r} is a single string, not a batch of texts; classify_batch is a batched map function: "
            "pass batched=True to Dataset.map (or use argmine.hf.classify_dataset)",
        )
    ids = batch.get("id")
    norms, originals = [], []
    for i, t in enumerate(texts):
        if not isinstance(t, str):
            where = f"row with id {ids[i]!r}" if ids is not None else f"row {indices[i]}" if indices is not None else f"row {i} of the batch"
            raise InputError(source, f"{where}: {text_column!r} is {type(t).__name__}, expected a string; fill or drop such rows first")
        # as a unit's: the cell normalised as a whole, read without the white space and invisible characters at its
        # ends (a leading space or a full-width indent would change the n-grams, and a label)
        start, end = strip_span(t, 0, len(t))
        norms.append(normalize(t).view(start, end))
        originals.append(t[start:end])
    backend, schema_obj = _load(model, schema)
    from .classify import _takes_originals

    if not norms:
        predictions = []
    elif _takes_originals(type(backend)):  # evidence quoted from the original text (Traditional stays Traditional)
        predictions = backend.predict(norms, originals=originals)
    else:
        predictions = backend.predict(norms)
    if len(predictions) != len(norms):
        from .errors import ModelError

        raise ModelError(f"backend returned {len(predictions)} predictions for {len(norms)} texts")
    ids_ = schema_obj.theme_ids
    return {
        "themes": [list(p.themes) for p in predictions],
        "scores": [{t: float(p.scores.get(t, 0.0)) for t in ids_} for p in predictions],
        "sentiment": [p.sentiment for p in predictions],
        "sentiment_score": [float(p.sentiment_score) for p in predictions],
    }


def output_features(model: Any = None, schema: Any = None):
    """The ``datasets.Features`` of the columns :func:`classify_batch` adds.

    The same types as :meth:`argmine.aggregate.Analysis.dataset_features`
    (``scores`` holds its ``score_<theme>`` types as one struct).  Without
    ``datasets`` (the ``data`` extra) it, and :func:`classify_dataset`, raise
    :class:`~argmine.errors.MissingDependency`.

    >>> sorted(output_features(model="lexicon"))                # doctest: +SKIP
    ['scores', 'sentiment', 'sentiment_score', 'themes']
    """
    try:
        from datasets import Features
    except ImportError as e:
        from .errors import missing_dependency

        raise missing_dependency("datasets", "data", e) from None

    from .aggregate import Analysis

    _, schema_obj = _load(model, schema)
    f = Analysis([], schema_obj, {}, {}).dataset_features()
    return Features(
        {
            "themes": f["themes"],
            "scores": {t: f[f"score_{t}"] for t in schema_obj.theme_ids},
            "sentiment": f["sentiment"],
            "sentiment_score": f["sentiment_score"],
        }
    )


def classify_dataset(ds, *, model: Any = None, schema: Any = None, text_column: str = "text", **map_kwargs):
    """``ds.map(classify_batch, batched=True)`` with the output column types declared.

    A plain ``map`` infers the types from the first batch, so a first batch
    where no row gets a theme types ``themes`` as a list of nulls and a later
    batch with themes fails to cast; this passes the full ``features``.
    Other keyword arguments (``num_proc``, ``batch_size``,
    ``remove_columns``, ...) go to ``Dataset.map``; it always maps in batches,
    with the rows' indices (a bad row is named by its index in the dataset),
    so ``batched=True`` and ``with_indices=True`` change nothing and
    ``batched=False`` or ``with_indices=False`` is a ``TypeError``; so is
    ``input_columns``, ``fn_kwargs`` or ``function`` (it reads whole batches:
    ``text_column=`` names the texts' column).  A formatted dataset
    (``set_format("pandas")``, ``"arrow"``, ``"numpy"``, ...) is mapped
    without its format, and the result has the caller's format, as
    ``Dataset.map`` gives it.

    Columns the predictions would overwrite (a gold ``themes`` column) are
    refused: rename them first, or pass them in ``remove_columns``.  A
    ``DatasetDict`` (what ``load_dataset`` returns) has each of its splits
    classified (a bad row's error names its split: ``dataset['test']: row
    1200: ...``), and comes back as one; a list, a dict, a DataFrame or a
    Series is a ``TypeError`` saying how to make a Dataset of it.  The model and schema
    are read again when their files change (an edited schema, a model
    retrained into the same folder), and a result ``datasets`` cached on disk
    for their old files is not reused.

    >>> ds = classify_dataset(Dataset.from_dict({"text": ["财不外露。"]}), num_proc=2)  # doctest: +SKIP
    """
    _own_map_keywords(map_kwargs)
    outputs = output_features(model, schema)
    splits = _splits(ds)
    if splits is None:
        return _classify_one(ds, "dataset", model, schema, text_column, outputs, map_kwargs)
    return type(ds)({name: _classify_one(split, f"dataset[{name!r}]", model, schema, text_column, outputs, dict(map_kwargs))
                     for name, split in splits.items()})


def _classify_one(ds, source: str, model: Any, schema: Any, text_column: str, outputs, map_kwargs: dict[str, Any]):
    """:func:`classify_dataset` of one ``Dataset`` (``source`` names it in a bad row's error), ``outputs`` its new columns' types."""
    from .errors import E_HF_OVERWRITE

    removed = map_kwargs.get("remove_columns") or []
    removed = [removed] if isinstance(removed, str) else list(removed)
    clash = [name for name in (ds.column_names or []) if name in outputs and name not in removed]
    if clash:
        raise ValueError(E_HF_OVERWRITE.format(columns=", ".join(clash)))
    ds, formatted = _unformatted(ds)
    features = map_kwargs.pop("features", None) or (ds.features.copy() if ds.features is not None else None)
    if features is not None:
        for name in removed:
            features.pop(name, None)
        features.update(outputs)
        if hasattr(ds, "__len__") and len(ds) == 0:  # map returns an empty dataset unchanged; give it the new (typed) columns
            from datasets import Dataset

            return formatted(Dataset.from_dict({name: [] for name in features}, features=features))
    fn = _Classifier(model, schema, text_column, _stamps(model, schema), source)
    return formatted(ds.map(fn, batched=True, with_indices=True, features=features, **map_kwargs))


def _unformatted(ds: Any) -> tuple[Any, Any]:
    """``ds`` without its format, and the function that gives a mapped result the format back.

    ``map`` passes a formatted dataset's batches as that format holds them: a DataFrame (``set_format("pandas")``),
    an Arrow table, the formatted columns only.  :func:`classify_batch` reads a dict of all the columns (the ``id`` one
    names a bad row), so the map runs over the plain dataset; the result is formatted as ``Dataset.map`` formats its
    own (the new columns are formatted unless the caller's format left the other columns out).

    >>> from datasets import Dataset                                    # doctest: +SKIP
    >>> ds = Dataset.from_dict({"text": ["财不外露。"]}).with_format("pandas", columns=["text"])  # doctest: +SKIP
    >>> plain, formatted = _unformatted(ds)                              # doctest: +SKIP
    >>> plain.format["type"], formatted(plain).format["columns"]        # doctest: +SKIP
    (None, ['text'])
    """
    if not hasattr(ds, "format"):  # an IterableDataset: a format type only (with_format(type))
        formatting = getattr(ds, "_formatting", None)
        kind = getattr(formatting, "format_type", None)
        if kind is None:
            return ds, _same
        return ds.with_format(None), lambda out: out.with_format(kind)
    fmt = ds.format
    unformatted = set(ds.column_names) - set(fmt["columns"])  # as datasets' transmit_format: these stay unformatted
    if fmt["type"] is None and not unformatted:
        return ds, _same

    def formatted(out: Any) -> Any:
        columns = sorted(set(out.column_names) - unformatted) if unformatted else None
        return out.with_format(fmt["type"], columns=columns, output_all_columns=fmt["output_all_columns"], **fmt["format_kwargs"])

    return ds.with_format(None), formatted


def _same(out: Any) -> Any:
    return out


def _own_map_keywords(map_kwargs: dict[str, Any]) -> None:
    """Take out of ``map_kwargs`` the ``Dataset.map`` keywords :func:`classify_dataset` sets to ``True`` itself
    (``batched``, ``with_indices``), refusing a false value with a ``TypeError`` that names it, and those it sets
    otherwise (``function``, ``input_columns``, ``fn_kwargs``), refusing any value but ``None`` the same way.

    >>> kw = {"batched": True, "num_proc": 2}
    >>> _own_map_keywords(kw); kw
    {'num_proc': 2}
    >>> _own_map_keywords({"input_columns": ["text"]})
    Traceback (most recent call last):
    ...
    TypeError: classify_dataset cannot pass input_columns= to Dataset.map: the classifier reads whole batches (the text column, and an id column to name a bad row); drop input_columns= and pass text_column=NAME to say which column holds the texts
    """
    from .errors import E_HF_MAP_KEYWORD, E_HF_MAP_REFUSED, H_HF_MAP_KEYWORD, H_HF_MAP_REFUSED

    for name, why in H_HF_MAP_KEYWORD.items():
        if name in map_kwargs and not (found := map_kwargs.pop(name)):
            raise TypeError(E_HF_MAP_KEYWORD.format(name=name, why=why, found=found))
    for name, why in H_HF_MAP_REFUSED.items():  # map's default (None) changes nothing; any other value cannot be honoured
        if name in map_kwargs and map_kwargs.pop(name) is not None:
            raise TypeError(E_HF_MAP_REFUSED.format(name=name, why=why))


def _splits(ds: Any) -> dict | None:
    """The splits of a ``DatasetDict`` (or ``IterableDatasetDict``), ``None`` for a dataset; anything else is a ``TypeError``."""
    import datasets

    from .errors import E_HF_DATASET, H_HF_DATASET, H_HF_SERIES

    if isinstance(ds, (datasets.DatasetDict, datasets.IterableDatasetDict)):
        return dict(ds)
    if isinstance(ds, (datasets.Dataset, datasets.IterableDataset)):
        return None
    series = type(ds).__name__ == "Series" and type(ds).__module__.startswith("pandas")
    kind = "DataFrame" if hasattr(ds, "columns") else "dict" if isinstance(ds, dict) else "list" if isinstance(ds, (list, tuple)) else ""
    raise TypeError(E_HF_DATASET.format(found=type(ds).__name__, hint=H_HF_SERIES if series else H_HF_DATASET.get(kind, "")))
