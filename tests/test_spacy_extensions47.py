"""The spaCy component and span extensions another package registers after add_pipe, for any nlp.pipe n_process:
following the refusal's advice leaves the values readable, and the refusal is never swallowed (QA round 47)."""

from __future__ import annotations

import multiprocessing

import pytest

spacy = pytest.importorskip("spacy")

import argmine  # noqa: E402
import argmine.spacy_component as component  # noqa: E402
from spacy.tokens import Span  # noqa: E402
from spacy.util import ignore_error  # noqa: E402

TEXTS = ["财不外露。", "支付宝做社交是对的。", "好。"]
REFUSED = r"^the span extension 'sentiment' is registered by another component"


def _processes_start() -> bool:
    """Whether this machine lets multiprocessing start a process and make the queues nlp.pipe(n_process=2) uses."""
    try:
        multiprocessing.Queue().close()
        process = multiprocessing.Process(target=int)
        process.start()
        process.join(60)
    except (OSError, ImportError):  # no semaphores (/dev/shm), no fork
        return False
    return process.exitcode == 0


@pytest.fixture
def n_process(request):
    if request.param > 1 and not _processes_start():
        pytest.skip("multiprocessing cannot start processes here")
    return request.param


N_PROCESS = pytest.mark.parametrize("n_process", [1, 2], indirect=True)


@pytest.fixture
def nlp():
    """A pipeline with argmine; afterwards argmine's own extensions again, whatever the test registered."""
    nlp = spacy.blank("zh")
    nlp.add_pipe("argmine", config={"model": "lexicon"})
    yield nlp
    for name in component.EXTENSIONS:
        Span.set_extension(name, default=None, force=True)


def _sentiments(texts: list[str]) -> list[list[str]]:
    units = argmine.segment([argmine.Document(f"d{i}", t) for i, t in enumerate(texts)])
    out: dict[str, list[str]] = {}
    for c in argmine.classify(units, model="lexicon"):
        out.setdefault(c.unit.doc, []).append(c.prediction.sentiment)
    return [out[f"d{i}"] for i in range(len(texts))]


@N_PROCESS
def test_spacy_values_are_readable_after_following_the_refusal_for_any_n_process(nlp, n_process):
    Span.set_extension("sentiment", getter=lambda span: "n/a", force=True)  # another package's, after add_pipe
    with pytest.raises(ValueError, match=REFUSED):
        nlp("财不外露。")
    Span.remove_extension("sentiment")  # what the message says to do
    docs = list(nlp.pipe(TEXTS, n_process=n_process))
    assert [[s._.sentiment for s in d.spans["argmine"]] for d in docs] == _sentiments(TEXTS)
    assert Span.get_extension("sentiment") == (None, None, None, None)  # argmine's own again, in this process


@N_PROCESS
def test_spacy_values_are_readable_after_registering_argmines_extension_yourself(nlp, n_process):
    Span.set_extension("sentiment", getter=lambda span: "n/a", force=True)
    with pytest.raises(ValueError, match=REFUSED):
        list(nlp.pipe(TEXTS, n_process=n_process))
    Span.set_extension("sentiment", default=None, force=True)  # the docs' other way: argmine's, registered at once
    docs = list(nlp.pipe(TEXTS, n_process=n_process))
    assert [[s._.sentiment for s in d.spans["argmine"]] for d in docs] == _sentiments(TEXTS)


@N_PROCESS
def test_spacy_pipe_refuses_a_foreign_extension_under_ignore_error_for_any_n_process(nlp, n_process):
    nlp.set_error_handler(ignore_error)
    Span.set_extension("sentiment", getter=lambda span: "n/a", force=True)
    with pytest.raises(ValueError, match=REFUSED):  # raised, not every doc left out without a word
        list(nlp.pipe(TEXTS, n_process=n_process))
    with pytest.raises(ValueError, match=REFUSED):
        list(nlp.pipe([(t, i) for i, t in enumerate(TEXTS)], as_tuples=True, n_process=n_process))


def test_spacy_call_gives_a_foreign_extension_to_the_error_handler_as_the_docs_say(nlp):
    nlp.set_error_handler(ignore_error)
    Span.set_extension("sentiment", getter=lambda span: "n/a", force=True)
    doc = nlp("财不外露。")  # ignore_error: the doc comes back, without argmine's spans
    assert "argmine" not in doc.spans
    nlp.set_error_handler(spacy.util.raise_error)
    with pytest.raises(ValueError, match=REFUSED):
        nlp("财不外露。")
