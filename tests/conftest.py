"""Shared fixtures: the bundled corpus, and the offset invariant every test relies on."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import settings

# Property tests check behaviour, not speed: no per-example deadline (CI machines are busy).
settings.register_profile("argmine", deadline=None)
settings.load_profile("argmine")

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpora"
SEED_000 = CORPUS / "000_56ce5e623d6356aa.txt"
SEED_001 = CORPUS / "001_faf62b3238bc40fb.txt"


@pytest.fixture(scope="session")
def corpus_dir() -> Path:
    return CORPUS


@pytest.fixture(scope="session")
def corpus_docs():
    import argmine

    return argmine.read([CORPUS])


@pytest.fixture(scope="session")
def corpus_units(corpus_docs):
    import argmine

    return argmine.segment(corpus_docs)


def assert_offsets(docs, units) -> None:
    """Every unit points exactly into its document; units are ordered and disjoint."""
    texts = {d.id: d.text for d in docs}
    last: dict[str, int] = {}
    for u in units:
        assert texts[u.doc][u.start : u.end] == u.text, u.id
        assert u.start < u.end, u.id
        assert u.start >= last.get(u.doc, 0), f"{u.id} overlaps or is out of order"
        last[u.doc] = u.end
