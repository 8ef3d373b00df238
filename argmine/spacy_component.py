"""spaCy pipeline component: argument units with themes and sentiment as spans.

``nlp.add_pipe("argmine")`` (the factory is registered with
``@Language.factory`` and through the ``spacy_factories`` entry point, so
it works without importing this module) segments each doc's text exactly as
``argmine segment`` does, classifies the units and stores them in
``doc.spans["argmine"]``: one span per unit, ``span.label_`` its first theme
(or ``other``), and ``span._.themes``, ``span._.scores``,
``span._.sentiment``, ``span._.sentiment_score``, ``span._.evidence`` and
``span._.unit_id``.  Units are character offsets; they are mapped to tokens
with ``doc.char_span(..., alignment_mode="strict")``, so every span covers
exactly its unit's characters.  A unit boundary that falls inside a token
raises :class:`~argmine.errors.AlignmentError` naming the unit and the token
(``spacy.blank("zh")``, by character or with jieba, never has one: their
tokens do not cross sentence punctuation; ``spacy.blank("en")`` on Chinese
without spaces does).

Config: ``model`` (a model directory, ``"lexicon"``, or ``null`` for the
packaged default), ``schema`` (a schema file, or ``null`` for the model's),
``granularity`` (``sentence`` or ``clause``), ``batch_size`` and ``spans_key``.

>>> import spacy                                                   # doctest: +SKIP
>>> nlp = spacy.blank("zh", config={"nlp": {"tokenizer": {"segmenter": "jieba"}}})  # doctest: +SKIP
>>> _ = nlp.add_pipe("argmine")                                    # doctest: +SKIP
>>> doc = nlp("财不外露。支付宝做社交是对的。")                     # doctest: +SKIP
>>> [(s.text, s.label_, s._.sentiment) for s in doc.spans["argmine"]]  # doctest: +SKIP
[('财不外露。', 'privacy', 'negative'), ('支付宝做社交是对的。', 'pro_social', 'positive')]
"""

from __future__ import annotations

from typing import Any, Iterable, Iterator, Optional

from .errors import AlignmentError, missing_dependency

try:
    from spacy.language import Language
    from spacy.tokens import Doc, Span
    from spacy.util import minibatch
except ImportError:  # pragma: no cover - exercised only without the extra
    raise missing_dependency("spacy", "spacy") from None
from .schema import OTHER

#: Span extensions set by the component.
EXTENSIONS = ("themes", "scores", "sentiment", "sentiment_score", "evidence", "unit_id")
for _name in EXTENSIONS:
    if not Span.has_extension(_name):
        Span.set_extension(_name, default=None)


class ArgmineComponent:
    """Put classified argument units into ``doc.spans[spans_key]``.

    The model is loaded on first use (not in the constructor), once per
    component.
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
    ):
        from .errors import E_GRANULARITY
        from .segment import GRANULARITIES

        if granularity not in GRANULARITIES:
            raise ValueError(E_GRANULARITY.format(value=granularity, choices=", ".join(GRANULARITIES)))
        self.name = name
        self.model = model
        self.schema = schema
        self.granularity = granularity
        self.batch_size = batch_size
        self.spans_key = spans_key
        self._backend = None

    @property
    def backend(self):
        """The loaded model (loaded on first access)."""
        if self._backend is None:
            from .classify import load_model

            self._backend = load_model(self.model, self.schema)
        return self._backend

    def __call__(self, doc: Doc) -> Doc:
        """Annotate one doc."""
        return next(iter(self.pipe([doc], batch_size=1)))

    def pipe(self, stream: Iterable[Doc], *, batch_size: int | None = None) -> Iterator[Doc]:
        """Annotate docs, classifying the units of a whole batch of docs at once."""
        from .segment import segment_document
        from .types import Document

        for docs in minibatch(stream, size=batch_size or self.batch_size):
            segmented = [
                segment_document(Document(id=str(doc.user_data.get("argmine_id", "doc")), text=doc.text), granularity=self.granularity)
                for doc in docs
            ]
            texts = [u.norm for seg in segmented for u in seg.units]
            predictions = iter(self.backend.predict(texts) if texts else [])
            for doc, seg in zip(docs, segmented):
                spans = []
                for unit in seg.units:
                    p = next(predictions)
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
                    spans.append(span)
                doc.spans[self.spans_key] = spans
                yield doc


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
        'use a tokenizer that splits at sentence punctuation, e.g. spacy.blank("zh") '
        '(characters) or with config={"nlp": {"tokenizer": {"segmenter": "jieba"}}}'
    )


@Language.factory(
    "argmine",
    default_config={"model": None, "schema": None, "granularity": "sentence", "batch_size": 64, "spans_key": "argmine"},
)
def make_argmine(
    nlp: Language,
    name: str,
    model: Optional[str],
    schema: Optional[str],
    granularity: str,
    batch_size: int,
    spans_key: str,
) -> ArgmineComponent:
    """Build the ``argmine`` component (the ``spacy_factories`` entry point)."""
    return ArgmineComponent(
        nlp, name, model=model, schema=schema, granularity=granularity, batch_size=batch_size, spans_key=spans_key
    )
