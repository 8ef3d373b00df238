"""Classify argument units: stance themes and sentiment per unit.

The stage is a pure ``predict`` over batches of normalised texts (done by a
backend) and a separate step that attaches the predictions to the units.

>>> import argmine
>>> docs = [argmine.Document(id="d", text="财不外露。支付宝做社交是对的。")]
>>> rows = [c.to_row() for c in argmine.classify(argmine.segment(docs))]
>>> sorted(rows[0])
['doc', 'end', 'evidence', 'id', 'kind', 'scores', 'sentiment', 'sentiment_score', 'start', 'text', 'themes']
"""

from __future__ import annotations

import functools
import inspect
import itertools
import os
import signal
import sys
import threading
import time
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any, Iterable, Iterator

from .backends.base import MODEL_CONFIG, Backend, Prediction, available, get_backend, read_model_config, record_origin
from .errors import E_MODEL_CLASS, E_SETTING, E_STAGE_INPUT, E_WORKERS, ModelError, is_count
from .schema import Schema, load_schema
from .types import Unit

#: The model directory that ships inside the package (built by ``argmine train``).
DEFAULT_MODEL = "default"


@dataclass(frozen=True)
class ClassifiedUnit:
    """A unit with what the model predicted about it (hashable, as its :class:`~argmine.types.Unit` and
    :class:`~argmine.backends.base.Prediction` are)."""

    unit: Unit
    prediction: Prediction

    def to_row(self, *, tokens: bool = False) -> dict[str, Any]:
        """Segment fields plus themes, scores, sentiment, sentiment_score, evidence."""
        row = self.unit.to_row(tokens=tokens)
        row.update(self.prediction.to_dict())
        return row


def default_model_path() -> Path:
    """Where the packaged default model lives."""
    return Path(str(resources.files("argmine.models").joinpath(DEFAULT_MODEL)))


def load_model(model: "str | Path | Backend | None" = None, schema: "Schema | str | Path | None" = None) -> Backend:
    """Return a ready-to-predict backend.

    ``model`` is ``None`` (the packaged default), a backend instance, a
    backend name that needs no training (``"lexicon"``), or a model directory
    written by ``argmine train`` / ``Backend.save``.  ``schema`` overrides the
    schema stored with the model (needed only for untrained backends).  A
    backend instance is used as it is: a ``schema`` other than the one it
    predicts with raises :class:`~argmine.errors.ModelError` (load the model
    with that schema instead); a backend class (not an instance) is a
    ``TypeError``.  A backend read from a model directory keeps where it came
    from (:func:`~argmine.backends.base.record_origin`), for the provenance of
    ``analyze(model=backend)``.

    >>> load_model("lexicon").name
    'lexicon'
    >>> load_model("lexicon", schema=load_schema()).schema.id
    'alipay_social'
    """
    if schema is not None and not isinstance(schema, Schema):
        schema = load_schema(schema)
    if isinstance(model, type):  # the class, not a backend: its predict is a function of an instance
        raise TypeError(E_MODEL_CLASS.format(name=model.__name__))
    if model is not None and not isinstance(model, (str, os.PathLike)):
        if not callable(getattr(model, "predict", None)):
            raise TypeError(f"model must be a model directory, the name 'lexicon' or a loaded backend, not {type(model).__name__}")
        if schema is not None:
            _check_instance_schema(model, schema)
        return model
    if model is None:
        path = default_model_path()
    else:
        path = Path(model)
        if not os.path.exists(path) and str(model) in ("lexicon",):  # read_model_config words a path the system cannot look up
            return get_backend(str(model))(schema=schema or load_schema())
    try:
        settings = read_model_config(path, or_name=True)
    except ModelError:
        from ._files import being_replaced

        _refuse_model_part(path)
        if not (being_replaced(path) or os.path.isfile(path / MODEL_CONFIG)):  # (there now: moved in meanwhile)
            raise
        import time

        time.sleep(0.05)  # 'argmine train -o' moving the new config.json in: a rename away
        settings = read_model_config(path, or_name=True)
    name = settings.get("backend")
    if not isinstance(name, str):
        from .errors import E_MODEL_CONFIG

        raise ModelError(E_MODEL_CONFIG.format(config=path / MODEL_CONFIG, reason="no backend name"))
    if name not in available():  # not a --backend typed wrong: the directory's own config.json
        from .errors import E_MODEL_UNKNOWN_BACKEND

        raise ModelError(E_MODEL_UNKNOWN_BACKEND.format(config=path / MODEL_CONFIG, name=name, known=", ".join(available())))
    if schema is not None:
        _check_schema(path, settings, schema, packaged=model is None)
    load = get_backend(name).load
    try:  # config.json is parsed once: passed to a load that takes it (the packaged backends' do)
        given = {"config": settings} if "config" in inspect.signature(load).parameters else {}
    except (TypeError, ValueError):  # a registered backend's load without a signature
        given = {}
    return record_origin(load(path, schema=schema, **given), "(packaged default)" if model is None else str(path), settings)


def _refuse_model_part(path: Path) -> None:
    """Say to pass the model when ``path``, not a model itself, is a folder inside an argmine model (its ``encoder/``)."""
    from .backends.base import model_dir_backend
    from .errors import E_MODEL_PART

    parent = path.expanduser().parent
    if os.path.isdir(path) and model_dir_backend(parent) is not None:
        raise ModelError(E_MODEL_PART.format(path=path, name=path.name, parent=parent, backend=model_dir_backend(parent)))


def _check_instance_schema(backend: Backend, schema: Schema) -> None:
    """Refuse a ``schema`` a loaded backend would not predict with (it keeps its own).

    Schemas count as the same when they differ only in the file they were read from, in the order of the same
    themes (a model loaded with a schema reads it in the model's theme order, ``load_model(MODEL, schema=...)``), or
    in the palette colours that themes without a colour of their own take by position (:func:`~argmine.schema.same_schema`).
    """
    from .backends.base import own_schema
    from .errors import E_INSTANCE_SCHEMA
    from .schema import same_schema

    own = own_schema(backend)
    if own is None or same_schema(own, schema):
        return  # a backend that keeps no schema predicts with whatever it is given
    from .read import shown_path

    raise ModelError(E_INSTANCE_SCHEMA.format(
        name=getattr(backend, "name", type(backend).__name__), own=own.id, own_source=shown_path(own.source),
        given=schema.id, given_source=shown_path(schema.source)))


def _check_schema(path: Path, settings: dict, schema: Schema, *, packaged: bool) -> None:
    """Refuse a ``schema`` with other theme ids than the model's (in another order they are the same themes).

    The backend reads the schema in the model's theme order and warns when
    only its cues differ.  Dropping ``--schema`` is no fix for the packaged
    model (it would bring back the default schema's themes without a word),
    so the hint says what is.
    """
    from .errors import E_MODEL_THEMES, E_MODEL_THEMES_HINT, E_MODEL_THEMES_OWN, E_MODEL_THEMES_PACKAGED

    trained = settings.get("themes")
    if isinstance(trained, list) and sorted(map(str, trained)) != sorted(schema.theme_ids):
        hint = (E_MODEL_THEMES_PACKAGED + E_MODEL_THEMES_HINT) if packaged else (E_MODEL_THEMES_HINT + E_MODEL_THEMES_OWN)
        raise ModelError(E_MODEL_THEMES.format(path=path, trained=trained, schema=schema.id, given=list(schema.theme_ids), hint=hint))


def classify(
    units: "Iterable[Unit] | Unit",
    model: "str | Path | Backend | None" = None,
    schema: "Schema | str | Path | None" = None,
    batch_size: int = 256,
    workers: "int | str | None" = None,
) -> Iterator[ClassifiedUnit]:
    """Predict themes and sentiment for each unit, streaming in batches.

    ``workers`` is the number of processes that predict (this one included).
    ``None`` or ``1`` (the default) never starts a process: a library should
    not fork behind its caller's back.  ``workers=N`` (or ``"auto"``: two on a
    Linux machine with at least two CPUs) forks copies of this process that
    predict every other batch with the very same model, so the predictions are
    exactly those of ``workers=1``; results come back in input order, and an
    error in the input is raised after the same results.  The workers leave
    the stop signals sent to every process (Ctrl-C, or ``timeout``'s SIGTERM)
    to this process, which stops them, and end when this process dies.  A
    worker killed outright (the OOM killer) raises :class:`ArgmineError` after
    the results before its batch: run again with fewer workers.  Only
    ``lexicon`` and ``linear`` fork (torch does not survive a fork), and
    never from a daemonic process (a ``multiprocessing.Pool`` worker may not
    have children): there the call runs in this process alone.

    The model is loaded and the settings checked when ``classify`` is called
    (a bad model raises here, not at the first unit); a single
    :class:`~argmine.types.Unit` is read as a list of one.

    >>> classify("财不外露。")
    Traceback (most recent call last):
    ...
    TypeError: classify() takes Units (from argmine.segment), not str; segment texts first: argmine.segment([argmine.Document(id, text)])
    """
    if isinstance(units, Unit):
        units = [units]
    elif isinstance(units, (str, bytes)) or not hasattr(units, "__iter__"):
        raise _not_units(units)
    if not is_count(batch_size, 1):
        raise ValueError(E_SETTING.format(name="batch_size", low=1, value=batch_size))
    if workers not in (None, "auto") and not is_count(workers, 1):
        raise ValueError(E_WORKERS.format(value=workers))  # whatever the backend, as batch_size
    backend = load_model(model, schema)
    n = _worker_count(workers) if getattr(backend, "name", None) in _FORK_SAFE else 1
    return _classify(units, backend, batch_size, n)


def _classify(units: Iterable[Unit], backend: Backend, batch_size: int, n: int) -> Iterator[ClassifiedUnit]:
    batches = _batches(units, batch_size)
    if n > 1:
        yield from _classify_parallel(batches, backend, n)
        return
    for batch in batches:
        yield from _attach(batch, _predict(backend, batch))


def _not_units(found: Any) -> TypeError:
    return TypeError(E_STAGE_INPUT.format(
        stage="classify", expected="Units (from argmine.segment)", found=type(found).__name__,
        hint="; segment texts first: argmine.segment([argmine.Document(id, text)])"))


#: Backends whose predict() is plain Python/numpy and may run in a forked process.
_FORK_SAFE = frozenset({"lexicon", "linear"})


def _predict(backend: Backend, units: list[Unit]) -> list[Prediction]:
    """Predict on the units' normalised text; backends that quote evidence also get the originals."""
    norms = [u.norm for u in units]
    if _takes_originals(type(backend)):
        return backend.predict(norms, originals=[u.text for u in units])
    return backend.predict(norms)


@functools.lru_cache(maxsize=None)
def _takes_originals(cls: type) -> bool:
    import inspect

    try:
        return "originals" in inspect.signature(cls.predict).parameters
    except (TypeError, ValueError):
        return False


def _batches(units: Iterable[Unit], batch_size: int) -> Iterator[list[Unit]]:
    batch: list[Unit] = []
    for unit in units:
        if not isinstance(unit, Unit):
            raise _not_units(unit)
        batch.append(unit)
        if len(batch) >= batch_size:
            yield batch
            batch = []
    if batch:
        yield batch


def _worker_count(workers: "int | str | None") -> int:
    if workers is None:
        return 1
    if workers != "auto":  # an integer >= 1, checked by classify()
        return workers if _can_fork() else 1
    if not _can_fork():
        return 1
    try:
        cpus = len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        cpus = os.cpu_count() or 1
    return 2 if cpus >= 2 else 1


def _can_fork() -> bool:
    import multiprocessing

    # a daemonic process (a multiprocessing.Pool worker) may not have children
    return (sys.platform.startswith("linux") and "fork" in multiprocessing.get_all_start_methods()
            and not multiprocessing.current_process().daemon)


#: The backend a forked worker predicts with (set in the worker by ``_init_worker``).
_WORKER_BACKEND: Any = None


#: How often (seconds) a worker checks that the process that forked it is still alive.
_PARENT_POLL_S = 0.5


def _init_worker(backend: Backend, parent: int) -> None:
    """Keep the inherited backend; leave the stop signals to the parent; end with the parent.

    A stop signal often reaches every process of the run (Ctrl-C, ``timeout``,
    a closed terminal, ``kill -- -PGID``), and the parent stops the workers:
    it shuts the pool down.  The handlers a worker inherits are the parent's:
    the ``argmine`` command's raise its stop, which an idle worker printed as
    a traceback.  So SIGINT and SIGHUP are ignored, and SIGTERM is held for
    the watch thread (:func:`_exit_with_parent`), which ends the worker only
    when the parent sent it: the pool ends its other workers so when one was
    killed outright, and waits for them.  Ended by a SIGTERM sent to the whole
    group, a worker could be cut off halfway through a reply, which the parent
    would then wait to read for ever.  A parent killed outright (SIGKILL, the
    OOM killer) cannot shut the pool down, so each worker watches for it going away.
    """
    global _WORKER_BACKEND
    _WORKER_BACKEND = backend
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGHUP, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)  # held below; an ignored signal could not be waited for
    signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGTERM})  # the threads started from here on hold it too
    threading.Thread(target=_exit_with_parent, args=(parent,), name="argmine-parent-watch", daemon=True).start()


def _exit_with_parent(parent: int) -> None:
    """End this worker once ``parent`` is no longer its parent (it died, and the worker was re-parented), or sent it
    SIGTERM (its pool ends it); a SIGTERM from anyone else is the parent's to act on (:func:`_init_worker`).

    Polled rather than ``prctl(PR_SET_PDEATHSIG)``, which fires when the
    *thread* that forked ends, not the process: a classify generator resumed
    in another thread would lose its workers.
    """
    while os.getppid() == parent:
        sent = signal.sigtimedwait({signal.SIGTERM}, _PARENT_POLL_S)
        if sent is not None and sent.si_pid == parent:
            os._exit(128 + signal.SIGTERM)  # as the signal's default action would have ended it
    os._exit(1)  # nothing to hand back, and nobody to hand it to


def _predict_in_worker(units: list[Unit]) -> list[Prediction]:
    return _predict(_WORKER_BACKEND, units)


def _classify_parallel(batches: Iterator[list[Unit]], backend: Backend, workers: int) -> Iterator[ClassifiedUnit]:
    """Predict batches here and in ``workers - 1`` forked processes; yield in input order.

    Inputs of up to two batches never start a process.  The first batch is
    predicted here before forking, so lazily built state (jieba's dictionary)
    is built once and shared copy-on-write with the workers, which load
    nothing.  Each batch is predicted whole by one process with the same
    model, exactly as without workers.  In each round the workers get one
    batch each and this process predicts the next one meanwhile.  A worker
    killed outright (SIGKILL, the OOM killer) leaves the pool unusable: an
    :class:`~argmine.errors.ArgmineError` saying so is raised at the turn of
    the first batch no worker predicted, after the results before it.
    """
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor
    from concurrent.futures.process import BrokenProcessPool

    from .errors import E_WORKER_DIED, ArgmineError

    head: list[list[Unit]] = []
    bad = _pull(batches, head.append, 3)
    if len(head) <= 2:  # three batches taken leave no error behind
        for batch in head:
            yield from _attach(batch, _predict(backend, batch))
        if bad is not None:
            raise bad
        return
    yield from _attach(head[0], _predict(backend, head[0]))
    stream = itertools.chain(head[1:], batches)
    # fork: the backend object is inherited, never pickled
    pool = ProcessPoolExecutor(workers - 1, mp_context=multiprocessing.get_context("fork"),
                               initializer=_init_worker, initargs=(backend, os.getpid()))
    try:
        while True:
            sent: list[tuple[list[Unit], Any]] = []
            kept: list[list[Unit]] = []

            def hand_out(batch: list[Unit]) -> None:  # one batch to each worker as it comes, then one for here
                if len(sent) < workers - 1:
                    try:
                        sent.append((batch, pool.submit(_predict_in_worker, batch)))
                    except BrokenProcessPool:  # a worker was killed since the last round (while idle)
                        raise ArgmineError(E_WORKER_DIED) from None
                else:
                    kept.append(batch)

            bad = _pull(stream, hand_out, workers)
            mine = kept[0] if kept else None
            own: Any = None
            if mine is not None:
                try:
                    own = _predict(backend, mine)
                except Exception as e:  # noqa: BLE001 - raised at its turn, after the batches before it
                    own = e
            for b, fut in sent:
                try:
                    preds = fut.result()
                except BrokenProcessPool:  # a worker was killed outright: no worker is left to predict with
                    raise ArgmineError(E_WORKER_DIED) from None
                except Exception:  # noqa: BLE001 - the worker failed: predict the batch here (raises as usual)
                    preds = _predict(backend, b)
                yield from _attach(b, preds)
            if bad is not None:
                raise bad
            if mine is None:
                break
            if isinstance(own, Exception):
                raise own
            yield from _attach(mine, own)
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


def _pull(stream: Iterator[list[Unit]], take: Any, n: int) -> "Exception | None":
    """Hand up to ``n`` batches of ``stream`` to ``take``; return what was raised (a bad unit), if anything was.

    The error is raised at its turn, after the batches taken before it have
    been yielded, as ``workers=1`` does.
    """
    try:
        for batch in itertools.islice(stream, n):
            take(batch)
    except Exception as e:  # noqa: BLE001 - re-raised by the caller
        return e
    return None


def _attach(units: list[Unit], predictions: list[Prediction]) -> Iterator[ClassifiedUnit]:
    if len(predictions) != len(units):
        raise ModelError(f"backend returned {len(predictions)} predictions for {len(units)} units")
    for u, p in zip(units, predictions):
        yield ClassifiedUnit(u, p)
