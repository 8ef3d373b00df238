"""The backend contract and the registry that names backends.

A backend follows the scikit-learn estimator habits: ``__init__`` only
stores keyword arguments, ``fit`` validates and returns ``self``, learned
state ends in ``_``, and ``predict`` raises :class:`~argmine.errors.ModelError`
when called before fitting.  Backends register under a name so that the CLI,
the model directory's ``config.json`` and the library spell them the same way.
"""

from __future__ import annotations

import contextlib
import importlib
from contextvars import ContextVar
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Iterator, Mapping, Protocol, Sequence, runtime_checkable

from .._files import check_file_size
from ..errors import ModelError

#: name -> "module:attribute" for lazily imported backends (heavy deps stay unimported).
_LAZY: dict[str, str] = {
    "lexicon": "argmine.backends.lexicon:LexiconBackend",
    "linear": "argmine.backends.linear:LinearBackend",
    "transformers": "argmine.backends.transformers_backend:TransformersBackend",
}
_REGISTRY: dict[str, Callable[..., "Backend"]] = {}

#: The file in a model directory that names its backend and settings (written by every backend's ``save``).
MODEL_CONFIG = "config.json"

#: The largest ``config.json`` (or ``schema.toml``) of a model directory argmine reads: real ones are a few kB
#: (a linear model's vocabulary makes its config.json a few MB), so a bigger file is refused before it is read.
#: A linear model's config.json grows with its vocabulary, as its weights do: it may be up to
#: :data:`CONFIG_PER_WEIGHTS` times the size of ``weights.safetensors`` (:func:`config_limit`).
MAX_CONFIG_BYTES = 64 * 2**20
CONFIG_PER_WEIGHTS = 4

#: The largest random seed: numpy and scikit-learn take 0 <= seed < 2**32 (so does the CLI's --seed).
MAX_SEED = 2**32 - 1


def is_seed(value: Any) -> bool:
    """Whether ``value`` is a random seed every backend takes: an integer from 0 to :data:`MAX_SEED` (not a bool).

    >>> is_seed(0), is_seed(2**32 - 1), is_seed(2**32), is_seed(-1), is_seed(1.0), is_seed(True)
    (True, True, False, False, False, False)
    """
    import numbers

    return isinstance(value, numbers.Integral) and not isinstance(value, bool) and 0 <= value <= MAX_SEED


#: Whether backends' own progress bars are off in this context (see :func:`bars_off`).
_BARS_OFF: ContextVar[bool] = ContextVar("argmine_bars_off", default=False)


@contextlib.contextmanager
def bars_off(off: bool = True) -> Iterator[None]:
    """Inside the block, a backend draws no progress bar of its own unless it was asked for one (``progress=True``).

    A setting of the run, as ``-q`` is, not of the model: the backend, its
    parameters and what the provenance records of it stay as they are.  The
    CLI's ``classify``, ``analyze``, ``report`` and ``export`` run with
    ``bars_off(quiet)``; ``bars_off(False)`` changes nothing.

    >>> with bars_off():
    ...     bars_are_off()
    True
    >>> bars_are_off()
    False
    """
    token = _BARS_OFF.set(bool(off) or _BARS_OFF.get())
    try:
        yield
    finally:
        _BARS_OFF.reset(token)


def bars_are_off() -> bool:
    """Whether the caller turned backends' default progress bars off (:func:`bars_off`); read when a bar is drawn."""
    return _BARS_OFF.get()


@dataclass(frozen=True)
class Evidence:
    """Why a label was predicted: the cue or feature and how hard it pushed.

    ``label`` is a theme id or ``"sentiment"``; ``weight`` is positive when it
    pushed towards the label (towards positive sentiment for ``"sentiment"``).
    """

    label: str
    term: str
    weight: float

    def to_dict(self) -> dict[str, Any]:
        return {"label": self.label, "term": self.term, "weight": round(float(self.weight), 4)}


@dataclass(frozen=True)
class Prediction:
    """What a backend says about one unit.

    A prediction can be hashed (as a :class:`~argmine.classify.ClassifiedUnit`
    holding it): the hash leaves the ``scores`` dict out, equality does not.
    """

    themes: tuple[str, ...]
    scores: dict[str, float] = field(hash=False)
    sentiment: str
    sentiment_score: float
    evidence: tuple[Evidence, ...] = field(default_factory=tuple)
    #: theme id -> the probability at which the backend predicts that theme
    #: (missing themes, or ``None``: 0.5); not part of ``to_dict`` or equality.
    thresholds: Mapping[str, float] | None = field(default=None, compare=False, repr=False)

    @property
    def confidence(self) -> float:
        """How clear-cut the theme decision is, in [0, 1]: 0 = a score on its theme's threshold.

        Per theme, the distance of the score from the threshold the backend
        decided with, divided by the room on that side (``(p - t) / (1 - t)``
        above, ``(t - p) / t`` below); the smallest over the themes.  With a
        threshold of 0.5 this is ``|p - 0.5| * 2``.  Used to order units for
        active learning (least confident first) and by the exports (the CSV
        ``confidence`` column, the Label Studio ``score``).

        >>> p = Prediction(("bloat", "privacy"), {"bloat": 0.12, "privacy": 0.9}, "neutral", 0.0,
        ...                thresholds={"bloat": 0.1, "privacy": 0.45})
        >>> round(p.confidence, 4)  # bloat: (0.12 - 0.1) / 0.9
        0.0222
        """
        if not self.scores:
            return 0.0
        limits = self.thresholds or {}
        out = 1.0
        for theme, p in self.scores.items():
            t = limits.get(theme, 0.5)
            room = (1.0 - t) if p >= t else t
            out = min(out, abs(p - t) / room if room > 0 else 1.0)
        return out

    def to_dict(self) -> dict[str, Any]:
        return {
            "themes": list(self.themes),
            "scores": {k: round(float(v), 4) for k, v in self.scores.items()},
            "sentiment": self.sentiment,
            "sentiment_score": round(float(self.sentiment_score), 4),
            "evidence": [e.to_dict() for e in self.evidence],
        }


@runtime_checkable
class Backend(Protocol):
    """What every backend provides.

    ``fit(texts, themes, sentiments, groups=None)`` trains from normalised
    texts, per-text theme tuples and sentiment labels (``groups`` keeps
    neighbouring units together in internal cross-validation).
    ``predict(texts)`` returns one :class:`Prediction` per text.
    ``save(path)`` writes a model directory in safe formats (JSON,
    safetensors; never pickle); ``load(path, schema)`` reads it back
    (:func:`argmine.load_model` passes ``config=``, the ``config.json`` it has
    read, to a ``load`` that takes that keyword, so the file is parsed once).
    The packaged backends decorate ``load`` with :func:`loads_origin` and
    ``fit`` with :func:`fit_drops_origin`: the provenance names the directory
    a backend was loaded from, until it is fitted again.
    """

    name: str

    def fit(self, texts: Sequence[str], themes: Sequence[Sequence[str]], sentiments: Sequence[str], groups: Sequence[Any] | None = None) -> "Backend": ...

    def predict(self, texts: Sequence[str]) -> list[Prediction]: ...

    def save(self, path: str | Path) -> None: ...


#: Every file or folder that a backend's ``save`` writes into a model directory, whatever the backend
#: (linear: config.json, schema.toml, weights.safetensors; transformers: config.json, schema.toml,
#: heads.safetensors, encoder/; lexicon: config.json, schema.toml).  Retraining into a model directory
#: removes those of the previous model that the new one does not write, and nothing else.
MODEL_FILES = ("config.json", "schema.toml", "weights.safetensors", "heads.safetensors", "encoder")


def model_dir_backend(path: str | Path) -> str | None:
    """The backend named by the model directory ``path`` (written by ``save``), or ``None`` when it is not one.

    A directory is a model directory when its ``config.json`` is a JSON
    object naming a known backend; a Hugging Face checkpoint (``model_type``)
    or any other folder is not.

    >>> import tempfile, pathlib
    >>> d = pathlib.Path(tempfile.mkdtemp())
    >>> _ = (d / "config.json").write_text('{"backend": "linear"}')
    >>> model_dir_backend(d), model_dir_backend(d.parent)
    ('linear', None)
    """
    try:
        name = read_model_config(Path(path).expanduser(), files=False).get("backend")
    except ModelError:
        return None
    return name if isinstance(name, str) and name in available() else None


def read_model_config(path: str | Path, backend: str | None = None, *, or_name: bool = False, files: bool = True,
                      component: str | None = None) -> dict[str, Any]:
    """The settings in ``config.json`` of the model directory ``path``: a JSON object (a dict).

    Each way ``path`` can fail to be a model directory is one
    :class:`~argmine.errors.ModelError` saying what to pass: a file (the
    folder that holds it, when that folder is a model; a ``.toml`` file is
    likely a schema), a folder without ``config.json``, a
    config that is not a JSON object, a Hugging Face checkpoint's config, or,
    with ``backend``, one that names another backend.  ``or_name``: the
    caller takes a backend name too (``'lexicon'``), and the message says so.
    A ``config.json`` over :data:`MAX_CONFIG_BYTES` is refused unread, and
    one of the model's files that is a link out of the folder
    (:func:`check_model_files`); ``files=False`` skips the links (what a
    folder is, as :func:`model_dir_backend` asks, not whether it may load).
    ``component``: the name of the spaCy component whose config gave ``path``:
    a missing folder, or a ``.toml`` file, is said of its config keys, not of
    ``--model``/``--schema``.

    >>> import tempfile, pathlib
    >>> d = pathlib.Path(tempfile.mkdtemp())
    >>> _ = (d / "config.json").write_text('{"backend": "linear"}')
    >>> read_model_config(d)
    {'backend': 'linear'}
    >>> read_model_config(d, "lexicon")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    argmine.errors.ModelError: ...: config.json says backend 'linear', not 'lexicon'
    """
    from .._json import loads
    from ..errors import E_HF_CHECKPOINT, E_MODEL_BACKEND, E_MODEL_CONFIG, E_MODEL_IS_FILE, E_NO_MODEL_DIR, E_NOT_MODEL_DIR, E_OR_LEXICON

    from .._files import unusable_path
    from ..errors import E_MODEL_PATH_FIX

    unusable = unusable_path(path, E_MODEL_PATH_FIX.format(or_name=E_OR_LEXICON if or_name else ""))
    if unusable is not None:  # Path.is_file() would raise
        raise ModelError(": ".join(unusable))
    from ..read import broken_link, looped_path, shown_path

    path = Path(path)
    shown = Path(shown_path(str(path)))  # in messages, as a UTF-8 locale shows it
    broken = broken_link(str(path))  # a link to nothing, or a loop of links: worded as every command words one
    if broken:
        raise ModelError(f"{shown}: {broken}")
    if path.is_file():
        if (path.parent / MODEL_CONFIG).is_file():  # M/config.json, M/weights: the folder that holds it is the model
            raise ModelError(E_MODEL_IS_FILE.format(path=shown, parent=shown.parent))
        from ..errors import E_MODEL_FILE, H_MODEL_IS_SCHEMA  # a file elsewhere: its folder is no model either

        from ..errors import H_SPACY_MODEL_IS_SCHEMA

        schema_hint = H_MODEL_IS_SCHEMA if component is None else H_SPACY_MODEL_IS_SCHEMA.format(name=component)
        raise ModelError(E_MODEL_FILE.format(path=shown, or_name=E_OR_LEXICON if or_name else "")
                         + (schema_hint if path.suffix.lower() == ".toml" else ""))
    if not path.exists():  # a typo, or a model not trained yet: not a folder lacking config.json
        looped = looped_path(path)
        if looped:  # a loop of links in a folder of its path: worded as the gold and labelled files' readers word it
            raise ModelError(f"{shown}: {looped}")
        from ..errors import H_COMPONENT_MODEL_KEY

        checked = "the path" if component is None else H_COMPONENT_MODEL_KEY.format(name=component)
        raise ModelError(E_NO_MODEL_DIR.format(path=shown, checked=checked, or_name=E_OR_LEXICON if or_name else ""))
    config = path / MODEL_CONFIG
    try:
        found = config.is_file()
    except OSError as e:  # the folder cannot be searched (a colleague's, mode 700): Path.is_file() raises, not False
        from ..errors import E_MODEL_DIR_UNREADABLE

        raise ModelError(E_MODEL_DIR_UNREADABLE.format(path=shown, reason=e.strerror or e)) from None
    if not found:
        broken = broken_model_file(path, MODEL_CONFIG)
        if broken:
            raise broken
        raise ModelError(E_NOT_MODEL_DIR.format(path=shown, config=MODEL_CONFIG, or_name=E_OR_LEXICON if or_name else ""))
    # a link out is read as a Hugging Face checkpoint's config (its cache links every file), else refused
    linked_out = link_out_of(path, config) if files else None
    try:
        check_file_size(config, config_limit(path), "model config.json", E_FIX_RETRAIN)
        settings = loads(config.read_text("utf-8"))  # nested too deeply, or an over-long integer: a JSONDecodeError too
    except (OSError, ValueError) as e:
        if linked_out:
            raise linked_out from None
        if isinstance(e, PermissionError):  # the file is fine, this user may not read it: no "retrain"
            raise unreadable_model_file(shown / MODEL_CONFIG, e) from None
        raise ModelError(E_MODEL_CONFIG.format(config=shown / MODEL_CONFIG, reason=e)) from None
    if not isinstance(settings, dict):
        raise linked_out or ModelError(E_MODEL_CONFIG.format(config=shown / MODEL_CONFIG, reason="not a JSON object"))
    if "backend" not in settings and ("model_type" in settings or "architectures" in settings):
        kind = settings.get("model_type") or ", ".join(map(str, settings.get("architectures") or []))
        raise ModelError(E_HF_CHECKPOINT.format(path=shown, kind=kind or MODEL_CONFIG))  # a base checkpoint: its config.json is transformers'
    if linked_out:
        raise linked_out
    if files:
        check_model_files(path)
    if backend is not None and settings.get("backend") != backend:
        raise ModelError(E_MODEL_BACKEND.format(path=shown, found=settings.get("backend"), backend=backend))
    return settings


def unreadable_model_file(file: str | Path, error: OSError) -> ModelError:
    """The error for a model directory's ``file`` that is there but that this user may not read (``error``, a
    :class:`PermissionError`): what the system said and to check the permissions, not to retrain.

    >>> import errno
    >>> print(unreadable_model_file("models/mine/config.json", PermissionError(errno.EACCES, "Permission denied")))
    models/mine/config.json: cannot read the model file (Permission denied); check its permissions
    """
    from ..errors import E_MODEL_FILE_UNREADABLE

    return ModelError(E_MODEL_FILE_UNREADABLE.format(file=file, reason=error.strerror or error))


def broken_model_file(path: str | Path, file: str) -> ModelError | None:
    """The error for the model directory ``path``'s ``file`` (``schema.toml``, the weights) when it is a link to
    nothing or a loop of links, worded as every command words one (:func:`argmine.read.broken_link`); else ``None``
    (a missing file is the caller's to word: the model directory is incomplete).

    >>> import tempfile, pathlib
    >>> d = pathlib.Path(tempfile.mkdtemp())
    >>> (d / "schema.toml").symlink_to("nowhere.toml")
    >>> str(broken_model_file(d, "schema.toml")) == (
    ...     f"{d}/schema.toml: broken symbolic link to nowhere.toml (No such file or directory); fix the link or remove it")
    True
    >>> broken_model_file(d, "weights.safetensors") is None
    True
    """
    from ..read import broken_link, shown_path

    broken = broken_link(str(Path(path) / file))
    return ModelError(f"{shown_path(str(Path(path) / file))}: {broken}") if broken else None


def refused_model_file(file: str | Path) -> ModelError | None:
    """:func:`unreadable_model_file`'s error when the model file ``file`` may not be opened for reading, else ``None``.

    safetensors says "No such file or directory" of a file it may not open; a reader that failed asks here
    what the system says of the file before it reports it missing or damaged.

    >>> refused_model_file(__file__) is None, refused_model_file("no/such/weights.safetensors") is None
    (True, True)
    """
    try:
        with open(file, "rb"):
            return None
    except PermissionError as e:
        return unreadable_model_file(file, e)
    except (OSError, ValueError):  # missing, a folder, ...: the reader's own error says it
        return None


def config_limit(path: str | Path) -> int:
    """The most bytes of ``config.json`` read from the model directory ``path``: :data:`MAX_CONFIG_BYTES`, or
    :data:`CONFIG_PER_WEIGHTS` times its ``weights.safetensors`` when that is more (a linear model trained on a
    large vocabulary lists it in config.json; its weights grow alike).

    >>> import tempfile, pathlib, os
    >>> d = pathlib.Path(tempfile.mkdtemp())
    >>> config_limit(d) == MAX_CONFIG_BYTES
    True
    >>> _ = (d / "weights.safetensors").write_bytes(b""); os.truncate(d / "weights.safetensors", 2**30)
    >>> config_limit(d) == 4 * 2**30
    True
    """
    import os

    try:
        weights = os.stat(Path(path) / "weights.safetensors").st_size
    except (OSError, ValueError):
        weights = 0
    return max(MAX_CONFIG_BYTES, CONFIG_PER_WEIGHTS * weights)


#: What to do about a model directory's file that cannot be what it is named.
E_FIX_RETRAIN = "it is not an argmine model file: restore the model directory from a backup or retrain with 'argmine train'"


def link_out_of(folder: str | Path, entry: str | Path) -> ModelError | None:
    """The error to raise when ``entry`` (a file or folder in the model directory ``folder``) is a link whose real
    path is outside ``folder``, else ``None``; ``folder`` itself may be a link (``models/current``).

    A model folder from someone else's archive may carry links (tar keeps them): a trained model whose encoder
    is a link to another checkpoint would load with no word.  :mod:`argmine.importers` refuses such links in a
    brat folder alike.

    >>> import tempfile, pathlib
    >>> d = pathlib.Path(tempfile.mkdtemp())
    >>> (d / "model").mkdir()
    >>> (d / "model" / "schema.toml").symlink_to(d / "elsewhere.toml")
    >>> str(link_out_of(d / "model", d / "model" / "schema.toml")).startswith(
    ...     f"{d}/model/schema.toml: a link to a file outside the model folder {d}/model; only the folder's own files are read")
    True
    >>> link_out_of(d, d / "model" / "schema.toml") is None  # inside d
    True
    """
    import os

    from ..errors import E_MODEL_LINK

    entry = Path(entry)
    if not entry.is_symlink():
        return None
    root, real = os.path.realpath(folder), os.path.realpath(entry)
    if real == root or real.startswith(root.rstrip(os.sep) + os.sep):
        return None
    return ModelError(E_MODEL_LINK.format(file=entry, kind="folder" if os.path.isdir(real) else "file", path=folder))


def check_model_files(path: str | Path) -> None:
    """Raise :class:`~argmine.errors.ModelError` when a file the model directory ``path`` holds (:data:`MODEL_FILES`,
    and what its ``encoder/`` folder holds) is a link out of it (:func:`link_out_of`), or its ``schema.toml`` is
    over :data:`MAX_CONFIG_BYTES` (refused before it is read, as ``config.json`` is)."""
    import os

    path = Path(path)
    entries = [path / name for name in MODEL_FILES]
    encoder = path / "encoder"
    if encoder.is_dir() and not encoder.is_symlink():
        try:
            entries += sorted(encoder / name for name in os.listdir(encoder))
        except OSError:  # the load reports an unreadable encoder/
            pass
    for entry in entries:
        linked_out = link_out_of(path, entry)
        if linked_out:
            raise linked_out
    check_file_size(path / "schema.toml", MAX_CONFIG_BYTES, "schema file", E_FIX_RETRAIN)


def loaded_model_config(path: str | Path, backend: str, config: dict[str, Any] | None = None) -> dict[str, Any]:
    """``config.json`` of the model directory ``path``, checked to name ``backend``: ``config`` when the caller
    has read it already (:func:`argmine.load_model` has), else read now (:func:`read_model_config`).

    >>> loaded_model_config("no/such/dir", "linear", {"backend": "linear"})
    {'backend': 'linear'}
    """
    if config is None:
        return read_model_config(path, backend)
    if config.get("backend") != backend:
        from ..errors import E_MODEL_BACKEND

        raise ModelError(E_MODEL_BACKEND.format(path=Path(path), found=config.get("backend"), backend=backend))
    import os

    if os.path.isdir(path):
        check_model_files(path)  # what read_model_config checks, for a config read elsewhere
    return config


#: What the provenance keeps of a loaded model's ``config.json`` (:func:`record_origin`), beside its path: ``generation``
#: is what a linear or transformers model's save wrote (a hash of its files), where it has one.
ORIGIN_KEYS = ("version", "created", "trained_on", "argmine", "generation")


def record_origin(backend: Any, path: str, config: Mapping[str, Any]) -> Any:
    """``backend``, with where it was loaded from kept on it (``origin_``: ``path`` and the :data:`ORIGIN_KEYS` of its ``config``).

    :func:`argmine.load_model` records it, so that a loaded backend passed to
    ``analyze(model=...)`` is named in the provenance as its directory would be,
    and so does a backend's own ``load`` (:func:`loads_origin`).  Fitting the
    backend again drops it (:func:`fit_drops_origin`).

    A config that names its format version ``format_version`` (a transformers
    model's) has it kept as ``version``, so ``evaluate``'s ``model_info`` and
    the provenance name it for every backend alike.

    >>> class B: ...
    >>> record_origin(B(), "models/mine", {"backend": "linear", "version": 1}).origin_
    {'path': 'models/mine', 'version': 1}
    >>> record_origin(B(), "models/tr", {"backend": "transformers", "format_version": 1, "generation": "ab12"}).origin_
    {'path': 'models/tr', 'version': 1, 'generation': 'ab12'}
    """
    if "version" not in config and "format_version" in config:  # TransformersBackend.save writes it so
        config = {"version": config["format_version"], **config}
    try:
        backend.origin_ = {"path": path, **{k: config[k] for k in ORIGIN_KEYS if k in config}}
    except (AttributeError, TypeError):  # a registered backend that takes no new attribute (__slots__)
        pass
    return backend


def loads_origin(load: Callable) -> Callable:
    """Decorate a backend's ``load(cls, path, ...)`` (below ``@classmethod``): the backend it returns keeps the
    directory it was read from (:func:`record_origin`), however it is called (``LinearBackend.load(DIR)`` too,
    not only through :func:`argmine.load_model`).

    >>> class B:
    ...     @classmethod
    ...     @loads_origin
    ...     def load(cls, path, schema=None, *, config=None):
    ...         return cls()
    >>> B.load("models/mine", config={"backend": "b", "version": 2}).origin_
    {'path': 'models/mine', 'version': 2}
    """
    import functools

    @functools.wraps(load)
    def run(cls, path, *args, **kwargs):
        backend = load(cls, path, *args, **kwargs)
        config = kwargs.get("config")  # what argmine.load_model read of config.json; read here when called directly
        return record_origin(backend, str(path), config if config is not None else read_model_config(path))

    return run


def fit_drops_origin(fit: Callable) -> Callable:
    """Decorate a backend's ``fit``: fitted again, a backend is no longer the model of the directory it was loaded
    from, so the origin :func:`record_origin` kept on it goes (before fitting: a fit that fails may have changed it).

    >>> class B:
    ...     @fit_drops_origin
    ...     def fit(self, texts, themes, sentiments, groups=None):
    ...         return self
    >>> model_origin(record_origin(B(), "models/mine", {}).fit([], [], []))
    {}
    """
    import functools

    @functools.wraps(fit)
    def run(self, *args, **kwargs):
        drop_origin(self)
        return fit(self, *args, **kwargs)

    return run


def drop_origin(backend: Any) -> None:
    """Forget where ``backend`` was loaded from (:func:`record_origin`): it is being fitted again."""
    try:
        del backend.origin_
    except AttributeError:  # never loaded, or fitted again already
        pass


def model_origin(backend: Any) -> dict[str, Any]:
    """Where ``backend`` was loaded from (:func:`record_origin`): ``{"path": ..., "version": ...}``, or ``{}``.

    >>> from argmine.classify import load_model
    >>> model_origin(load_model())["path"], model_origin(load_model("lexicon"))
    ('(packaged default)', {})
    """
    origin = getattr(backend, "origin_", None)
    return dict(origin) if isinstance(origin, dict) else {}


def own_schema(backend: Any):
    """The :class:`~argmine.schema.Schema` a backend keeps (``schema_`` once fitted or loaded, else ``schema``), or ``None``.

    >>> from argmine.classify import load_model
    >>> own_schema(load_model("lexicon")).id, own_schema(object())
    ('alipay_social', None)
    """
    from ..schema import Schema

    return next((s for s in (getattr(backend, a, None) for a in ("schema_", "schema")) if isinstance(s, Schema)), None)


def backend_repr(backend: Any) -> str:
    """A backend's ``repr``: its class, schema (id, version, themes) and whether it is trained.

    >>> from argmine.classify import load_model
    >>> load_model("lexicon")
    <LexiconBackend schema alipay_social v2: pro_social, privacy, brand_fit, bloat>
    """
    schema = own_schema(backend)
    about = f"schema {schema.id} v{schema.version}: {', '.join(schema.theme_ids)}" if schema is not None else "the packaged schema"
    state = ""
    if getattr(backend, "name", None) != "lexicon":  # the lexicon learns nothing
        n = getattr(backend, "n_train_", None)
        state = "; not fitted" if n is None else f"; trained on {n} examples"
    return f"<{type(backend).__name__} {about}{state}>"


def in_model_order(schema, themes: Sequence[str]):
    """``schema`` with its themes in the order of ``themes`` (a model's) when it has the same theme ids, else as it is.

    A model's weights are stored per theme id, in the order it was trained
    with; a schema listing the same themes in another order is read in that order.

    >>> from argmine.schema import load_schema
    >>> s = load_schema()
    >>> in_model_order(s, list(reversed(s.theme_ids))).theme_ids == tuple(reversed(s.theme_ids))
    True
    """
    import dataclasses

    themes = tuple(themes)
    if themes == schema.theme_ids or sorted(map(str, themes)) != sorted(schema.theme_ids):
        return schema
    return dataclasses.replace(schema, themes=tuple(schema.theme(t) for t in themes))


def check_texts(texts: Any, stage: str = "predict", error: type[Exception] = TypeError) -> list[str]:
    """``texts`` as a list, for ``stage`` (a backend's ``predict``, a polarity model's ``fit``): a bare string
    (read character by character), bytes or a non-string item is an ``error``.

    >>> check_texts(("财不外露",))
    ['财不外露']
    >>> check_texts("财不外露")
    Traceback (most recent call last):
    ...
    TypeError: predict() takes a list of texts, not a single str (it would be read character by character); wrap it: predict([text])
    """
    from collections.abc import Iterable, Mapping

    from ..errors import E_STAGE_INPUT, E_TEXT_ITEM, H_ONE_TEXT, H_TEXT_BYTES, H_TEXT_TABLE

    if isinstance(texts, (str, bytes, bytearray)):
        one = isinstance(texts, str)
        raise error(E_STAGE_INPUT.format(stage=stage, expected="a list of texts", found="a single str" if one else type(texts).__name__,
                                         hint=(H_ONE_TEXT if one else H_TEXT_BYTES).format(stage=stage)))
    if isinstance(texts, Mapping) or hasattr(texts, "columns") or not isinstance(texts, Iterable):  # a DataFrame, a dict, None, 5
        hint = H_TEXT_TABLE.format(stage=stage) if isinstance(texts, Mapping) or hasattr(texts, "columns") else ""
        raise error(E_STAGE_INPUT.format(stage=stage, expected="a list of texts", found=type(texts).__name__, hint=hint))
    texts = list(texts)
    for i, t in enumerate(texts):
        if not isinstance(t, str):
            raise error(E_TEXT_ITEM.format(stage=stage, i=i, found=type(t).__name__))
    return texts


def register(name: str):
    """Register a backend class (or factory) under ``name``.

    >>> @register("my_backend")
    ... class Mine: ...
    >>> get_backend("my_backend") is Mine
    True
    >>> _ = unregister("my_backend")  # leave the registry as it was
    """

    def deco(obj):
        _REGISTRY[name] = obj
        return obj

    return deco


def unregister(name: str) -> "Callable[..., Backend] | None":
    """Remove the backend :func:`register` put under ``name`` (a test's, a plugin's); return it, or None if there was none.

    >>> register("tmp_backend")(dict) is unregister("tmp_backend"), "tmp_backend" in available()
    (True, False)
    """
    return _REGISTRY.pop(name, None)


def available() -> list[str]:
    """Names of all known backends (registered or importable on demand)."""
    return sorted(set(_REGISTRY) | set(_LAZY))


def get_backend(name: str) -> Callable[..., Backend]:
    """The backend class registered under ``name``; import it on first use."""
    if name not in _REGISTRY and name in _LAZY:
        module, attr = _LAZY[name].split(":")
        _REGISTRY[name] = getattr(importlib.import_module(module), attr)
    try:
        return _REGISTRY[name]
    except KeyError:
        raise ModelError(f"unknown backend {name!r}; expected one of: {', '.join(available())}") from None
