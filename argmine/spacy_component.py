"""spaCy pipeline component: argument units with themes and sentiment as spans.

``nlp.add_pipe("argmine")`` (the factory is registered with
``@Language.factory`` and through the ``spacy_factories`` entry point, so
it works without importing this module) segments each doc's text exactly as
``argmine segment`` does, classifies the units and stores them in
``doc.spans["argmine"]``: one span per unit, ``span.label_`` its first theme
(or ``other``), and ``span._.themes``, ``span._.scores``,
``span._.sentiment``, ``span._.sentiment_score``, ``span._.evidence``,
``span._.unit_id`` (``DOC#N``, ``DOC`` being ``doc.user_data["argmine_id"]``,
default ``"doc"``) and ``span._.kind`` (the unit's ``title``, ``body`` or
``comment``, as ``argmine segment`` gives it).  Units are character offsets; they are mapped to tokens
with ``doc.char_span(..., alignment_mode="strict")``, so every span covers
exactly its unit's characters.  A unit boundary that falls inside a token
raises :class:`~argmine.errors.AlignmentError` naming the unit and the token
(``spacy.blank("zh")``, by character or with jieba, never has one: their
tokens do not cross sentence punctuation; ``spacy.blank("en")`` on Chinese
without spaces does).  The one exception, a cut made only because a unit
reached the length limit inside a token (a long URL read by jieba), is
moved to a token boundary (:func:`_fit_length_cuts`).

Each doc is read as a text file, unless it is marked as a table row, a
reader's comment (:data:`DOC_KINDS`): ``doc.user_data["argmine_kind"]``, or
the ``kind`` setting for every doc, ``"comment"`` (or ``"title"``,
``"body"``: the row's kind, as a table's kind column gives it; ``"auto"``:
cleaning decides, as ``--row-kind auto``) makes it the
:class:`~argmine.types.Document` that ``argmine segment`` reads from a table
row of that kind, so a comment gets the units and kinds ``argmine segment
comments.csv`` gives it (the rules that leave table rows alone, such as
``prev_next``, are not tried, and its first line is no ``title``);
``"text"`` (the default) reads it as a text file.

Config: ``model`` (a model directory, ``"lexicon"``, or ``null`` for the
packaged default), ``schema`` (a schema file, or ``null`` for the model's),
``granularity`` (``sentence`` or ``clause``), ``batch_size`` (an integer >= 1), ``spans_key``
and ``kind`` (``null``: ``"text"``; see above).
They are checked at ``add_pipe``: a schema file that cannot be read, a
``model`` that is no model directory, or a model trained for other themes
than the schema's raises there, whatever error handler the pipeline has (a
configuration error would otherwise fail every doc, and ``ignore_error``
would leave them all out).

``nlp.to_disk`` saves the model directory (the files ``argmine train``
writes) and the schema into the component's folder, with ``argmine.json``
saying what is there (``"lexicon"`` and the packaged default save no model);
``spacy.load`` uses those copies, not the config's paths, so a saved
pipeline loads from any directory or machine and does not change when the
model is retrained in place (:meth:`ArgmineComponent.to_disk`).
``nlp.to_bytes`` holds the same files, and ``nlp.from_bytes`` uses them
(:meth:`ArgmineComponent.to_bytes`).  Only while ``spacy.load`` (or
``Language.from_config``) builds the pipeline may the config's paths be
wrong until the saved files come; an ``add_pipe`` is checked at once.

>>> import spacy                                                   # doctest: +SKIP
>>> nlp = spacy.blank("zh", config={"nlp": {"tokenizer": {"segmenter": "jieba"}}})  # doctest: +SKIP
>>> _ = nlp.add_pipe("argmine")                                    # doctest: +SKIP
>>> doc = nlp("财不外露。支付宝做社交是对的。")                     # doctest: +SKIP
>>> [(s.text, s.label_, s._.sentiment) for s in doc.spans["argmine"]]  # doctest: +SKIP
[('财不外露。', 'privacy', 'negative'), ('支付宝做社交是对的。', 'pro_social', 'positive')]
"""

from __future__ import annotations

import contextlib
import json
from typing import Any, Callable, Iterable, Iterator, Optional

from .errors import AlignmentError, InputError, missing_dependency

try:
    from spacy.language import Language
    from spacy.tokens import Doc, Span
    from spacy.util import minibatch, raise_error
except ImportError as e:  # pragma: no cover - exercised only without the extra
    raise missing_dependency("spacy", "spacy", e) from None
from .schema import OTHER

#: What a doc is read as: a text file (``text``), or a table row of that kind (``auto``: the kind cleaning finds, as
#: ``--row-kind auto``).  Set per doc in ``doc.user_data[KIND_KEY]``, or for every doc by the ``kind`` setting.
DOC_KINDS = ("text", "title", "body", "comment", "auto")
KIND_KEY = "argmine_kind"
#: ``nlp.meta`` key listing the argmine components whose ``to_disk`` saves their model and schema with the pipeline.
SAVED_KEY = "argmine_saved"
#: What ``to_disk`` writes in the component's folder: the settings (JSON), the model directory, the schema.
SAVED_SETTINGS, SAVED_MODEL, SAVED_SCHEMA = "argmine.json", "model", "schema.toml"

#: Span extensions set by the component.
EXTENSIONS = ("themes", "scores", "sentiment", "sentiment_score", "evidence", "unit_id", "kind")
for _name in EXTENSIONS:
    if not Span.has_extension(_name):
        Span.set_extension(_name, default=None)


def _check_extensions() -> None:
    """Register the :data:`EXTENSIONS` missing now (removed since this module was imported: what the error below
    says to do), and refuse to run where another package registered one of them its own way (a getter, a method, a
    default): argmine's values would be lost, or mixed with that package's, without a word.

    Checked at ``add_pipe`` and again for every doc (or batch of docs): an extension another package registers
    later, ``force=True``, would replace argmine's values as well.  ``nlp.pipe(n_process=2)`` runs the component in
    worker processes only, so the calling process checks too, before handing them any doc
    (:attr:`ArgmineComponent.is_trainable`): the docs' values are read there."""
    for name in EXTENSIONS:
        found = Span.get_extension(name)
        if found is None:
            Span.set_extension(name, default=None)
        elif found != (None, None, None, None):
            # Span extensions are the process's, not a pipeline's: the two cannot share the name anywhere
            raise ValueError(f"the span extension '{name}' is registered by another component (with its own default, "
                             f"getter or method), and the argmine component sets span._.{name}; span extensions are "
                             f"shared by every pipeline in the process: remove that one (Span.remove_extension({name!r})), "
                             "and argmine registers its own again (at add_pipe, or at the next doc)")


class ArgmineComponent:
    """Put classified argument units into ``doc.spans[spans_key]``.

    The model is loaded on first use (not in the constructor), once per
    component; the constructor only checks that it can be: the schema file
    is read, and a model directory's ``config.json`` (:meth:`_check_config`).
    """

    def __init__(
        self,
        nlp: Language,
        name: str = "argmine",
        *,
        model: Optional[str] = None,
        schema: Optional[str] = None,
        granularity: str = "sentence",
        batch_size: int = 64,
        spans_key: str = "argmine",
        kind: Optional[str] = None,
    ):
        from .errors import E_GRANULARITY, E_SETTING, E_SPACY_KIND, ModelError, SchemaError, is_count
        from .segment import GRANULARITIES

        if granularity not in GRANULARITIES:
            raise ValueError(E_GRANULARITY.format(value=granularity, choices=", ".join(GRANULARITIES)))
        # any integer type (numpy's too) but bool; 0 would drop every doc
        if not is_count(batch_size, 1):
            raise ValueError(E_SETTING.format(name="batch_size", low=1, value=batch_size))
        if kind is not None and kind not in DOC_KINDS:
            raise ValueError(E_SPACY_KIND.format(where="kind", choices=", ".join(DOC_KINDS) + " (or null: text)", value=kind))
        _check_extensions()
        # spaCy keeps a span's extension values by its offsets only: a second argmine component would overwrite the
        # first one's values for every unit both cut (a spans_key of its own does not part them)
        others = [n for n, pipe in nlp.components if isinstance(pipe, ArgmineComponent)]  # disabled ones too
        if others:
            raise ValueError(f"the pipeline has an argmine component already ({others[0]!r}): spaCy keeps span._ values "
                             "by offsets only, so a second one would overwrite its values on the same units; to compare "
                             "two models, run each in a pipeline of its own")
        self.name = name
        self.model = model
        self.schema = schema
        self.granularity = granularity
        self.batch_size = int(batch_size)
        self.spans_key = spans_key
        self.kind = kind
        self._backend = None
        self._error_handler = raise_error
        self._pending: Optional[Exception] = None  # the config's error, while a saved copy may yet replace it
        self._bytes_folder: Optional[_BytesFolder] = None  # the folder of from_bytes's files (shared with copies)
        # spacy.load builds the component from the saved config before from_disk gives it the saved model and schema:
        # the config's paths may then name files that are elsewhere now (another directory, another machine), or
        # changed since (a model retrained in place); their error waits for from_disk (or from_bytes), which raises it
        # if nothing was saved.  Only while Language.from_config builds the pipeline: nlp.meta keeps the name after
        # remove_pipe (and nlp.from_bytes brings it), so the name alone would let a later add_pipe take any path
        loading = name in nlp.meta.get(SAVED_KEY, ()) and _building_from_config()
        try:
            self._schema = self._check_config()
        except (ModelError, SchemaError) as e:
            if not loading:
                raise
            self._schema, self._pending = None, e
        saved = nlp.meta.setdefault(SAVED_KEY, [])
        if name not in saved:
            saved.append(name)

    @property
    def is_trainable(self) -> bool:
        """False: ``nlp.update`` has nothing to train here.  Reading it checks the span extensions
        (:func:`_check_extensions`).

        It is the one thing spaCy asks a component in the calling process before ``nlp.pipe(n_process=2)`` hands the
        docs to its workers (``Language.pipe`` looks for GPU models), and the component itself runs only in those
        workers: an extension removed after a refusal is registered again here, where the docs come back and their
        ``span._`` values are read, not only in the workers; a foreign one is refused here, before any work, whatever
        the error handler, as ``n_process=1`` refuses it (in a worker, spaCy would give the error to the pipeline's
        handler, and ``ignore_error`` would leave every doc out without a word).
        """
        _check_extensions()
        return False

    def set_error_handler(self, error_handler: Callable[..., Any]) -> None:
        """What a doc that fails does (``nlp.set_error_handler`` calls this): by default the error is raised;
        with spaCy's ``ignore_error`` the doc is left out of ``nlp.pipe``'s output and the others go on."""
        self._error_handler = error_handler

    def get_error_handler(self) -> Callable[..., Any]:
        """The handler :meth:`set_error_handler` set (``spacy.util.raise_error`` by default)."""
        return self._error_handler

    def _check_config(self, saved: Optional[str] = None) -> Any:
        """The schema of the config, read; raise now for a ``model``/``schema`` no doc could be classified with.

        A configuration error raised per doc would go to the pipeline's error
        handler, and ``ignore_error`` would leave every doc out without a
        word, so it is raised here, as a bad ``granularity`` is.  Only
        ``config.json`` is read (the weights are loaded on first use):
        a path that is no model directory, or a model trained for other themes
        than the schema's, raises :class:`~argmine.errors.ModelError`.
        Messages name the config key the path was given as, or ``saved``, the
        folder of a saved pipeline the paths are in (:meth:`from_disk`).
        """
        import os
        from pathlib import Path

        from .backends.base import read_model_config
        from .classify import _check_schema, _refuse_model_part, default_model_path
        from .errors import ModelError
        from .schema import Schema, load_schema

        schema = self.schema
        if isinstance(schema, (str, os.PathLike)):  # a message about the file names this config key, not --schema
            given = f"the schema saved in {saved}" if saved else f"'schema' in the config of the {self.name!r} component"
            schema = load_schema(schema, given_as=given)
        if self.model is None:
            path = default_model_path()
        elif _model_name(self.model):
            return schema  # a backend name (load_model words another type)
        else:
            path = Path(self.model)
        try:
            # a path of the config is said of its keys, not of --model/--schema (a saved copy, or the default, is no key's)
            settings = read_model_config(path, or_name=True, component=None if self.model is None or saved else self.name)
        except ModelError:
            _refuse_model_part(path)  # a folder inside a model (its encoder/) says to pass the model
            raise
        if isinstance(schema, Schema):
            _check_schema(path, settings, schema, packaged=self.model is None)
        return schema

    @property
    def backend(self):
        """The loaded model (loaded on first access)."""
        self._raise_pending()
        if self._backend is None:
            from .classify import load_model

            with self._said_of_bytes(self._bytes_folder):  # a damaged model file from_bytes wrote: said of the bytes
                self._backend = load_model(self.model, self._schema)
        return self._backend

    @contextlib.contextmanager
    def _said_of_bytes(self, folder: Optional["_BytesFolder"], *, errors: bool = True) -> Iterator[None]:
        """Inside the block, what argmine says of the files :meth:`from_bytes` wrote into ``folder`` names them in the
        bytes, not in that temporary folder (gone with the component, and never given by the user).

        Warnings name the component's bytes (``the 'argmine' component's bytes (nlp.from_bytes), schema.toml: ...``);
        with ``errors``, a :class:`~argmine.errors.ModelError` or :class:`~argmine.errors.SchemaError` naming a file in
        it says that the bytes given to ``nlp.from_bytes`` cannot be used, and why (``E_SPACY_SAVED_BYTES``).  No
        ``folder`` (files of the user's, or names only): messages are left as they are.
        """
        if folder is None:
            yield
            return
        import os

        from .errors import E_SPACY_SAVED_BYTES, ModelError, SchemaError, warn_caller, warnings_kept

        prefix = folder.path + os.sep
        kept: list = []
        try:
            with warnings_kept() as kept:
                yield
        except (ModelError, SchemaError) as e:
            if not errors or prefix not in str(e):
                raise
            raise ModelError(E_SPACY_SAVED_BYTES.format(
                name=self.name, reason=f"cannot be used ({str(e).replace(prefix, '')})")) from None
        finally:
            for message, category in kept:
                named = f"the {self.name!r} component's bytes (nlp.from_bytes), "
                warn_caller(message.replace(prefix, named), category)

    def _raise_pending(self) -> None:
        """Raise the config's error that a loaded pipeline's saved copies did not replace (``from_disk`` not called)."""
        if self._pending is not None:
            raise self._pending

    def to_disk(self, path: Any, *, exclude: Iterable[str] = ()) -> None:
        """Save the model and schema into ``path``, the component's folder (``nlp.to_disk`` gives it), for :meth:`from_disk`.

        A model directory's files (those ``argmine train`` writes) are copied
        to ``model/``, the schema the component uses is written to
        ``schema.toml`` (a ``schema`` of ``null``: the model's own, in its
        folder), and ``argmine.json`` says which there are (``"lexicon"`` and
        the packaged default, ``null``, are names: nothing to copy).  JSON,
        TOML and the model's own files only: nothing is pickled.  A model
        directory that lacks its files now (removed or changed since the
        component took it) is saved from the model loaded in memory, or,
        where none is, raises :class:`~argmine.errors.ModelError`
        (:meth:`_model_source`): no settings are written naming a model that
        is not there.
        """
        import shutil
        from pathlib import Path

        self._raise_pending()
        path = Path(path)
        model, schema_text = self._saved()
        target = path / SAVED_MODEL
        with contextlib.ExitStack() as stack:
            # before anything is written: a model that cannot be saved leaves the folder as it was
            source = stack.enter_context(self._model_source("nlp.to_disk")) if model == SAVED_MODEL else None
            path.mkdir(parents=True, exist_ok=True)
            if source is not None and source.resolve() != target.resolve():  # not the copy this folder holds
                if target.is_dir() and not target.is_symlink():
                    shutil.rmtree(target)  # a model saved here before: none of its files may stay beside the new ones
                target.mkdir()
                for name, file in _model_files(source):
                    (target / name).parent.mkdir(parents=True, exist_ok=True)
                    shutil.copy2(file, target / name)
            elif source is None and target.is_dir() and not target.is_symlink():
                shutil.rmtree(target)  # a model saved here before, no longer used
        if schema_text is not None:  # the schema the component checked and predicts with, as a model directory keeps it
            (path / SAVED_SCHEMA).write_text(schema_text, encoding="utf-8")
        elif (path / SAVED_SCHEMA).is_file():
            (path / SAVED_SCHEMA).unlink()
        (path / SAVED_SETTINGS).write_text(_settings_json(model, schema_text), encoding="utf-8")

    def _saved(self) -> tuple:
        """What :meth:`to_disk` and :meth:`to_bytes` save: the ``model`` of ``argmine.json`` (``"model"``: the model
        directory's files are saved; ``"lexicon"`` or ``None``, the packaged default: a name, nothing saved), and the
        text of the schema the component uses (``None``: a ``schema`` of ``null``, the model's own, in its folder)."""
        from .backends.cues import schema_toml

        model = self.model if self.model is None or _model_name(self.model) else SAVED_MODEL
        return model, schema_toml(self._schema) if self._schema is not None else None

    @contextlib.contextmanager
    def _model_source(self, what: str) -> Iterator[Any]:
        """The folder to save the model directory's files from, for ``what`` (``nlp.to_disk``, ``nlp.to_bytes``): the
        component's ``model`` directory, or, where it lacks the files its backend's save writes (:func:`_model_lacks`:
        removed or changed after the component took it), a temporary folder the model loaded in memory is saved into,
        removed after the block.  Neither: :data:`~argmine.errors.E_SPACY_MODEL_GONE`."""
        import tempfile
        from pathlib import Path

        from .errors import E_SPACY_MODEL_GONE, H_SPACY_MODEL_NOT_LOADED, H_SPACY_MODEL_NOT_SAVED, ModelError
        from .read import shown_path

        lacks = _model_lacks(self.model)
        if lacks is None:
            yield Path(self.model)
            return

        def gone(held: str) -> ModelError:
            return ModelError(E_SPACY_MODEL_GONE.format(path=shown_path(str(self.model)), lacks=lacks, what=what,
                                                        name=self.name, held=held))

        loaded = self._backend  # loaded from that directory (from_disk, from_bytes and _use_saved drop it)
        if loaded is None or not callable(getattr(loaded, "save", None)):
            raise gone(H_SPACY_MODEL_NOT_LOADED)
        with tempfile.TemporaryDirectory(prefix="argmine-spacy-") as folder:
            saved = Path(folder) / SAVED_MODEL
            try:
                loaded.save(saved)
            except (ModelError, OSError) as e:  # a full disk; a transformers model's schema.toml gone with the folder
                raise gone(H_SPACY_MODEL_NOT_SAVED.format(reason=e)) from None
            yield saved

    def to_bytes(self, *, exclude: Iterable[str] = ()) -> bytes:
        """What :meth:`to_disk` saves, as bytes (``nlp.to_bytes`` gives them), for :meth:`from_bytes`.

        A msgpack map (spaCy's ``util.to_bytes``) of the files ``to_disk``
        writes, by name: ``argmine.json``, ``schema.toml``, and ``model``, a
        map of the model directory's files (those ``argmine train`` writes,
        by their path in it) to their bytes.  ``"lexicon"`` and the packaged
        default are names, as on disk: no model is in the bytes.  Nothing is
        pickled.  ``exclude`` leaves out those entries (``"argmine"``: all of
        them; ``from_bytes`` then keeps the config's paths).

        >>> nlp = spacy.blank("zh")                                     # doctest: +SKIP
        >>> _ = nlp.add_pipe("argmine", config={"model": "mymodel"})   # doctest: +SKIP
        >>> data = nlp.to_bytes()                 # mymodel's files in it  # doctest: +SKIP
        >>> nlp2 = spacy.blank("zh")                                    # doctest: +SKIP
        >>> _ = nlp2.add_pipe("argmine", config={"model": "lexicon"})  # doctest: +SKIP
        >>> _ = nlp2.from_bytes(data)             # predicts as nlp does  # doctest: +SKIP
        """
        from spacy.util import to_bytes

        self._raise_pending()
        model, schema_text = self._saved()
        serializers: dict = {SAVED_SETTINGS: lambda: _settings_json(model, schema_text)}
        if schema_text is not None:
            serializers[SAVED_SCHEMA] = lambda: schema_text
        if model == SAVED_MODEL:
            serializers[SAVED_MODEL] = self._model_bytes
        return to_bytes(serializers, exclude)

    def _model_bytes(self) -> dict:
        """The model directory's files by their path in it (:func:`_model_files`), as :meth:`to_bytes` holds them; saved
        from the loaded model where the directory lacks them (:meth:`_model_source`)."""
        with self._model_source("nlp.to_bytes") as source:
            return {name: file.read_bytes() for name, file in _model_files(source)}

    def from_bytes(self, bytes_data: bytes, *, exclude: Iterable[str] = ()) -> "ArgmineComponent":
        """Use the model and schema :meth:`to_bytes` put in ``bytes_data`` (``nlp.from_bytes`` gives them), as
        :meth:`from_disk` uses a saved folder's.

        Their files are written to a temporary folder (the model is loaded
        from it on first use, and ``to_disk``/``to_bytes`` save them from
        there), removed once no component uses it: a ``copy.deepcopy`` of the
        pipeline shares it (:class:`_BytesFolder`).  Bytes without
        ``argmine.json`` keep the config's paths.  Messages about its files
        name the bytes, not the folder (:meth:`_said_of_bytes`); bytes that
        cannot be used raise :class:`~argmine.errors.ModelError` and leave the
        component as it was.
        """
        from pathlib import Path

        from spacy.util import from_bytes

        from .backends.base import MODEL_FILES
        from .errors import E_SPACY_SAVED_BYTES, ModelError

        def damaged(reason: str) -> ModelError:
            return ModelError(E_SPACY_SAVED_BYTES.format(name=self.name, reason=reason))

        got: dict = {}
        setters = {key: (lambda value, key=key: got.__setitem__(key, value))
                   for key in (SAVED_SETTINGS, SAVED_SCHEMA, SAVED_MODEL)}
        try:
            from_bytes(bytes_data, setters, exclude)
        except (TypeError, ValueError) as e:  # msgpack's errors are ValueErrors
            raise damaged(f"cannot be read ({e})") from None
        if SAVED_SETTINGS not in got:
            self._raise_pending()
            return self
        try:
            settings = json.loads(got[SAVED_SETTINGS])
        except (TypeError, ValueError) as e:
            raise damaged(f"hold {SAVED_SETTINGS} that cannot be read ({e})") from None
        if not _known_settings(settings):
            raise damaged(f"hold unknown settings {settings!r}")
        files = got.get(SAVED_MODEL, {}) if settings["model"] == SAVED_MODEL else {}
        # what to_bytes writes: the schema's text if the settings name it, the model's files (relative paths) if they do
        if settings["schema"] and not isinstance(got.get(SAVED_SCHEMA), str):
            raise damaged(f"hold no {SAVED_SCHEMA}, which their settings name")
        if settings["model"] == SAVED_MODEL:
            if not isinstance(files, dict) or not files:
                raise damaged("hold no model files, which their settings name")
            for name, data in files.items():
                if not isinstance(name, str) or not _model_file_name(name):
                    raise damaged(f"hold a model file named {name!r}, which would be written outside the model's "
                                  f"folder: only relative paths under {', '.join(MODEL_FILES)} are")
                if not isinstance(data, bytes):
                    raise damaged(f"hold the model file {name!r} as {type(data).__name__}, not bytes")
        owner = None  # names only ("lexicon", the packaged default, the model's own schema): no file to write
        if settings["schema"] or files:
            owner = _BytesFolder.create()  # removed once no component refers to it (this one, or a copy of it)
            folder = Path(owner.path)
            if settings["schema"]:
                (folder / SAVED_SCHEMA).write_text(got[SAVED_SCHEMA], encoding="utf-8")
            for name, data in files.items():
                target = folder / SAVED_MODEL / name
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_bytes(data)
            lacks = _model_lacks(folder / SAVED_MODEL) if files else None
            if lacks is not None:  # what the model's backend needs, as to_bytes saves it (config.json, the weights)
                raise damaged(f"hold an incomplete model ({lacks})")
        with self._said_of_bytes(owner):
            self._use_saved(None if owner is None else Path(owner.path), settings,
                            saved=f"the bytes of the {self.name!r} component (nlp.from_bytes)")
        self._bytes_folder = owner  # an earlier from_bytes's folder goes once no copy of this component uses it
        return self

    def from_disk(self, path: Any, *, exclude: Iterable[str] = ()) -> "ArgmineComponent":
        """Use the model and schema :meth:`to_disk` saved in ``path`` (``spacy.load`` gives it the component's folder).

        They are checked as ``add_pipe`` checks the config's, and replace them:
        the config's paths are only where they came from.  A folder without
        ``argmine.json`` (a pipeline saved by an argmine that did not save
        them) keeps the config's paths.
        """
        from pathlib import Path

        from .errors import E_SPACY_SAVED, ModelError

        path = Path(path)
        settings_file = path / SAVED_SETTINGS
        if not settings_file.is_file():
            self._raise_pending()
            return self
        try:
            settings = json.loads(settings_file.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, ValueError) as e:
            raise ModelError(E_SPACY_SAVED.format(path=settings_file, reason=f"cannot be read ({e})")) from None
        if not _known_settings(settings):
            raise ModelError(E_SPACY_SAVED.format(path=settings_file, reason=f"unknown settings {settings!r}"))
        self._use_saved(path, settings, saved=str(path))
        self._bytes_folder = None  # an earlier from_bytes's folder goes once no copy of this component uses it
        return self

    def _use_saved(self, path: Any, settings: dict, *, saved: str) -> None:
        """Take the model and schema that ``settings`` (``argmine.json``'s) say are saved in the folder ``path``
        (``None`` where they say none is: names only); checked as ``add_pipe`` checks the config's (messages say they
        are ``saved``); refused, the component keeps its model and schema."""
        model, schema = settings["model"], settings["schema"]
        before = self.model, self.schema
        self.model = str(path / SAVED_MODEL) if model == SAVED_MODEL else model
        self.schema = str(path / SAVED_SCHEMA) if schema else None
        try:
            checked = self._check_config(saved=saved)
        except Exception:
            self.model, self.schema = before
            raise
        self._backend = None
        self._schema = checked
        self._pending = None

    def __call__(self, doc: Doc) -> Doc:
        """Annotate one doc (an error is raised: ``nlp(text)`` gives it to the pipeline's error handler)."""
        self._raise_pending()
        _check_extensions()
        units = self._units(doc)
        backend = self.backend if units else None
        with self._said_of_bytes(self._bytes_folder, errors=False):  # warnings about from_bytes's schema: the bytes
            predictions = _predict(backend, units) if units else []
        doc.spans[self.spans_key] = [self._span(doc, unit, p) for unit, p in zip(units, predictions)]
        return doc

    def pipe(self, stream: Iterable[Doc], *, batch_size: int | None = None) -> Iterator[Doc]:
        """Annotate docs, classifying the units of a whole batch of docs at once."""
        from .errors import E_SETTING, is_count

        if batch_size is not None and not is_count(batch_size, 1):  # (component_cfg={"argmine": {"batch_size": ...}})
            raise ValueError(E_SETTING.format(name="batch_size", low=1, value=batch_size))
        for docs in minibatch(stream, size=batch_size or self.batch_size):
            self._raise_pending()  # not in a try: no doc could be classified
            _check_extensions()  # not in a try: a foreign extension would take every doc's values
            segmented = []
            for doc in docs:
                try:
                    segmented.append((doc, self._units(doc)))
                except Exception as e:  # the error handler decides: raised (the default), or the doc left out
                    self._error_handler(self.name, self, [doc], e)
            flat = [u for _, doc_units in segmented for u in doc_units]
            backend = self.backend if flat else None  # not in the try: a model that cannot load fails every doc
            try:
                with self._said_of_bytes(self._bytes_folder, errors=False):  # as in __call__
                    predictions = _predict(backend, flat) if flat else []
            except Exception as e:
                self._error_handler(self.name, self, [doc for doc, _ in segmented], e)
                continue
            at = 0
            for doc, doc_units in segmented:
                mine, at = predictions[at:at + len(doc_units)], at + len(doc_units)
                try:
                    doc.spans[self.spans_key] = [self._span(doc, unit, p) for unit, p in zip(doc_units, mine)]
                except Exception as e:
                    self._error_handler(self.name, self, [doc], e)
                    continue
                yield doc

    def _units(self, doc: Doc) -> list:
        """``doc``'s units, as ``argmine segment`` cuts its text (length cuts moved to token boundaries).

        A doc marked as a table row (:data:`DOC_KINDS`) is the
        :class:`~argmine.types.Document` :mod:`argmine.read` makes of a row:
        its ``kind`` the row's (``None`` for ``auto``), and a ``row`` number,
        which cleaning asks for (no page title, no rule that leaves table rows
        alone); a doc is one row.
        """
        from .errors import E_SPACY_KIND
        from .segment import segment_document
        from .types import Document

        doc_id = str(doc.user_data.get("argmine_id", "doc"))
        kind = doc.user_data.get(KIND_KEY)
        if kind is None:
            kind = self.kind or "text"
        elif not isinstance(kind, str) or kind not in DOC_KINDS:
            raise InputError(f"doc {doc_id!r}", E_SPACY_KIND.format(
                where=f'doc.user_data["{KIND_KEY}"]', choices=", ".join(DOC_KINDS) + " (or None: the component's kind)",
                value=kind))
        if kind == "text":
            document = Document(id=doc_id, text=doc.text)
        else:
            document = Document(id=doc_id, text=doc.text, kind=None if kind == "auto" else kind, row=1)
        return _fit_length_cuts(doc, segment_document(document, granularity=self.granularity).units)

    @staticmethod
    def _span(doc: Doc, unit: Any, p: Any) -> Span:
        """The span of ``unit`` with its prediction ``p`` in the extensions; :class:`AlignmentError` off the tokens."""
        themes = [t for t in p.themes if t != OTHER]
        span = doc.char_span(unit.start, unit.end, label=themes[0] if themes else OTHER, alignment_mode="strict")
        if span is None:
            raise AlignmentError(_misaligned(doc, unit))
        span._.themes = themes
        span._.scores = dict(p.scores)
        span._.sentiment = p.sentiment
        span._.sentiment_score = float(p.sentiment_score)
        span._.evidence = [e.to_dict() for e in p.evidence]
        span._.unit_id = unit.id
        span._.kind = unit.kind
        return span


def _known_settings(settings: Any) -> bool:
    """Whether ``settings`` are what :meth:`ArgmineComponent.to_disk` writes in ``argmine.json``: the model saved beside
    it, or a name (nothing copied); the schema saved beside it, or none."""
    return (isinstance(settings, dict) and set(settings) == {"model", "schema"}
            and settings["model"] in (SAVED_MODEL, "lexicon", None) and settings["schema"] in (SAVED_SCHEMA, None))


def _settings_json(model: Optional[str], schema_text: Optional[str]) -> str:
    """``argmine.json``'s text: which of the model and the schema are saved beside it
    (:meth:`ArgmineComponent._saved`)."""
    return json.dumps({"model": model, "schema": SAVED_SCHEMA if schema_text is not None else None}) + "\n"


def _model_files(folder: Any) -> list:
    """``(name, path)`` of every file of the model directory ``folder`` that :meth:`ArgmineComponent.to_disk` copies
    (:data:`~argmine.backends.base.MODEL_FILES`, what its ``encoder/`` holds too), ``name`` its path in ``folder``."""
    from pathlib import Path

    from .backends.base import MODEL_FILES

    folder = Path(folder)
    files = []
    for name in MODEL_FILES:
        source = folder / name
        if source.is_dir():
            files += [(p.relative_to(folder).as_posix(), p) for p in sorted(source.rglob("*")) if p.is_file()]
        elif source.is_file():
            files.append((name, source))
    return files


#: The files of a model directory beside ``config.json`` that each packaged backend's ``save`` writes (all of them are
#: among :data:`~argmine.backends.base.MODEL_FILES`): a folder without one of them cannot be loaded.  A backend that
#: another package registers: ``config.json`` only.
BACKEND_FILES = {"lexicon": ("schema.toml",), "linear": ("schema.toml", "weights.safetensors"),
                 "transformers": ("schema.toml", "heads.safetensors", "encoder")}


def _model_lacks(folder: Any) -> Optional[str]:
    """What the model directory ``folder`` lacks of the files its backend's ``save`` writes (``"no such directory"``,
    ``"no config.json"``, ``"no weights.safetensors"``: :data:`BACKEND_FILES`, by the backend its ``config.json``
    names), or ``None`` when it has them all.  A ``config.json`` that cannot be read is there: it is refused where the
    model is loaded, as it would be in the folder.

    >>> _model_lacks("/no/such/dir")
    'no such directory'
    """
    from pathlib import Path

    from .backends.base import MODEL_CONFIG

    folder = Path(folder)
    if not folder.is_dir():
        return "no such directory"
    if not (folder / MODEL_CONFIG).is_file():
        return f"no {MODEL_CONFIG}"
    try:
        settings = json.loads((folder / MODEL_CONFIG).read_bytes())
    except (OSError, ValueError):
        return None
    backend = settings.get("backend") if isinstance(settings, dict) else None
    for name in BACKEND_FILES.get(backend, ()) if isinstance(backend, str) else ():
        entry = folder / name
        if not (entry.is_file() or (entry.is_dir() and any(p.is_file() for p in entry.rglob("*")))):
            return f"no {name}"
    return None


class _BytesFolder:
    """The temporary folder :meth:`ArgmineComponent.from_bytes` wrote the files it was given into (``path``), shared
    by every component that uses them, and removed once none refers to it.

    A ``copy.deepcopy`` (or ``copy.copy``) of the pipeline copies its components, whose ``model`` and ``schema`` name
    files in the folder: the copy shares this owner, not the folder's path alone, so the folder stays while either
    component is alive, and a component that takes other files (another ``from_bytes``, ``from_disk``) only drops its
    reference.

    >>> import copy, os
    >>> owner = _BytesFolder.create()
    >>> copy.deepcopy(owner) is owner, os.path.isdir(owner.path)
    (True, True)
    >>> path = owner.path; del owner
    >>> os.path.exists(path)
    False
    """

    def __init__(self, path: str):
        self.path = path

    @classmethod
    def create(cls) -> "_BytesFolder":
        """A new, empty temporary folder, removed with its owner."""
        import shutil
        import tempfile
        import weakref

        owner = cls(tempfile.mkdtemp(prefix="argmine-spacy-"))
        weakref.finalize(owner, shutil.rmtree, owner.path, ignore_errors=True)
        return owner

    def __copy__(self) -> "_BytesFolder":
        return self

    def __deepcopy__(self, memo: dict) -> "_BytesFolder":
        return self


def _model_file_name(name: str) -> bool:
    """Whether ``name``, a model file's in bytes given to :meth:`ArgmineComponent.from_bytes`, is one
    :func:`_model_files` gives: a relative path under a :data:`~argmine.backends.base.MODEL_FILES` name, nothing that
    would write outside the model's folder."""
    from pathlib import PurePosixPath

    from .backends.base import MODEL_FILES

    path = PurePosixPath(name)
    # a backslash or a drive is a separator on Windows: no name to_bytes writes has one
    return (bool(path.parts) and path.parts[0] in MODEL_FILES and not path.is_absolute() and ".." not in path.parts
            and "\\" not in name and ":" not in name)


def _building_from_config() -> bool:
    """Whether ``Language.from_config`` is building the pipeline (it is on the call stack): ``spacy.load`` builds a
    saved pipeline so, from its config, and only then gives the components their saved files (``from_disk``).

    That is the one time a component is built before its saved files can reach it.  A component added with
    ``nlp.add_pipe`` never is, whatever ``nlp.meta`` says: the name stays there after ``remove_pipe``, and
    ``nlp.from_bytes`` brings it; its config's paths are all it will have.  The code object is compared, not a
    function's name."""
    import inspect

    code = Language.from_config.__func__.__code__
    frame = inspect.currentframe()
    try:
        while frame is not None:
            if frame.f_code is code:
                return True
            frame = frame.f_back
        return False
    finally:
        del frame  # a frame held in a local keeps every frame above it alive


def _model_name(model: Any) -> bool:
    """Whether the config's ``model`` is a backend name (``"lexicon"`` where no such path is), not a model directory."""
    import os

    return not isinstance(model, (str, os.PathLike)) or (str(model) == "lexicon" and not os.path.exists(model))


def _predict(backend: Any, units: list) -> list:
    """Predictions for the units' normalised texts; a backend that can (transformers) cuts its evidence from the originals."""
    import inspect

    if "originals" in inspect.signature(backend.predict).parameters:
        return backend.predict([u.norm for u in units], originals=[u.text for u in units])
    return backend.predict([u.norm for u in units])


def _fit_length_cuts(doc: Doc, units: tuple) -> list:
    """Move a length cut that falls inside one of ``doc``'s tokens to the nearest token boundary.

    A unit longer than :data:`~argmine.segment.MAX_UNIT_CHARS` is cut at the
    limit when it has no whitespace or word boundary near it (a long URL),
    and a tokenizer may read such a run as one token (jieba does).  Only such
    cuts (two touching units, the first cut near the limit) move: the cut
    goes to the nearest gap between two tokens inside the two units, or, if
    there is none, or that gap would leave a piece with no word character
    (only punctuation and white space: the sentence's final 。), the two
    units become one (keeping the first one's id), as ``argmine segment``
    attaches such a piece to its neighbour.
    Units so changed are classified as the spans show them.  Cuts at sentence
    punctuation never move: a token across one still raises AlignmentError.
    """
    from .clean import WORD_CHAR, strip_span
    from .normalize import normalize
    from .segment import MAX_UNIT_CHARS
    from .types import Unit

    starts = {t.idx for t in doc}
    ends = {t.idx + len(t.text) for t in doc}

    # (a, b) touch at a cut made by length (a is near the limit), inside a token
    cuts = [
        a.end == b.start and len(a.text) > MAX_UNIT_CHARS - 40 and not (a.end in ends and b.start in starts)
        for a, b in zip(units, units[1:])
    ]
    if not any(cuts):
        return list(units)
    gaps = [(t.idx + len(t.text), n.idx) for t, n in zip(doc, doc[1:])]
    text, norm = doc.text, normalize(doc.text)

    def rebuilt(u: Unit, start: int, end: int) -> Unit:
        start, end = strip_span(text, start, end)
        if (start, end) == (u.start, u.end):
            return u
        return Unit(id=u.id, doc=u.doc, start=start, end=end, text=text[start:end], kind=u.kind, norm=norm.view(start, end), meta=u.meta)

    out = [units[0]]
    for b, cut in zip(units[1:], cuts):
        a = out[-1]
        if not cut:
            out.append(b)
            continue
        inside = [g for g in gaps if a.start < g[0] and g[1] < b.end]
        gap = min(inside, key=lambda g: abs(g[0] - a.end), default=None)
        # a piece with no word character (the sentence's final 。 alone) is no unit: argmine segment joins it to a neighbour
        if gap is not None and WORD_CHAR.search(text, a.start, gap[0]) and WORD_CHAR.search(text, gap[1], b.end):
            out[-1] = rebuilt(a, a.start, gap[0])
            out.append(rebuilt(b, gap[1], b.end))
        else:
            out[-1] = rebuilt(a, a.start, b.end)
    return out


def _misaligned(doc: Doc, unit: Any) -> str:
    """The message for a unit whose boundaries fall inside a token of ``doc``."""
    crossing = [
        t.text
        for t in doc
        if t.idx < unit.start < t.idx + len(t) or t.idx < unit.end < t.idx + len(t)
    ]
    found = f"token {crossing[0]!r} crosses its boundary" if crossing else "no tokens cover it"
    return (
        f"unit {unit.id} ({unit.start}..{unit.end}, {unit.text!r}) does not align with the doc's tokens: {found}; "
        'use a tokenizer whose tokens never cross sentence punctuation, e.g. spacy.blank("zh") '
        '(by character, its default segmenter) or with config={"nlp": {"tokenizer": {"segmenter": "jieba"}}}'
    )


@Language.factory(
    "argmine",
    default_config={"model": None, "schema": None, "granularity": "sentence", "batch_size": 64, "spans_key": "argmine",
                    "kind": None},
)
def make_argmine(
    nlp: Language,
    name: str,
    model: Optional[str],
    schema: Optional[str],
    granularity: str,
    batch_size: int,
    spans_key: str,
    kind: Optional[str],
) -> ArgmineComponent:
    """Build the ``argmine`` component (the ``spacy_factories`` entry point)."""
    return ArgmineComponent(
        nlp, name, model=model, schema=schema, granularity=granularity, batch_size=batch_size, spans_key=spans_key,
        kind=kind,
    )
