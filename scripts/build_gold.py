"""Assemble annotations/ from the raw label files of the two passes and the adjudication.

Run:  .venv/bin/python scripts/build_gold.py

Reads annotations/raw/{pass_a_labels,pass_b_labels,adjudication}.jsonl (one
``{"id", "themes", "sentiment"}`` line per unit, as the annotators wrote
them), anchors each label to the current segmentation of corpora/ (doc,
start, end, text, kind) and writes:

- annotations/pass_a.jsonl, annotations/pass_b.jsonl: each pass as gold-format records;
- annotations/gold.jsonl: agreed labels, or the adjudicated ones where the passes
  differ, with both raw label sets under ``passes``.

The raw labels name the units of the segmentation the annotators saw.
annotations/raw/merges.jsonl lists the runs of those units that the current
segmenter joins into one (``{"units": [ids], "why": ...}``); a joined unit
takes the union of its parts' themes and the one sentiment its parts other
than ``neutral`` share (``neutral`` if none has one), per pass and for the
gold; parts with two different non-neutral sentiments, or a joined unit
whose passes disagree, are an error (adjudication is by labelled unit).

Every unit of the corpus must be labelled by both passes; anything missing or
extra is an error (nothing is dropped silently).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import argmine  # noqa: E402
from argmine.annotations import GoldRecord, write_gold  # noqa: E402
from argmine.schema import load_schema  # noqa: E402


def labels_list(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text("utf-8").splitlines() if line.strip()]


def labels(path: Path) -> dict[str, dict]:
    out = {}
    for n, line in enumerate(path.read_text("utf-8").splitlines(), 1):
        row = json.loads(line)
        if row["id"] in out:
            sys.exit(f"{path}:{n}: unit {row['id']} labelled twice")
        out[row["id"]] = row
    return out


def renumber(labelled: list[str], merges: list[list[str]]) -> dict[str, list[str]]:
    """The labelled unit ids (``doc#n``) that make up each current unit id, after ``merges``.

    >>> renumber(["d#1", "d#2", "d#3", "e#1"], [["d#1", "d#2"]])
    {'d#1': ['d#1', 'd#2'], 'd#2': ['d#3'], 'e#1': ['e#1']}
    """
    joined = {later: group[0] for group in merges for later in group[1:]}
    parts: dict[str, list[str]] = {}
    count: dict[str, int] = {}
    for old in sorted(labelled, key=lambda i: (i.rsplit("#", 1)[0], int(i.rsplit("#", 1)[1]))):
        doc = old.rsplit("#", 1)[0]
        if old in joined:
            first = joined[old]
            next(v for v in parts.values() if v[0] == first).append(old)
            continue
        count[doc] = count.get(doc, 0) + 1
        parts[f"{doc}#{count[doc]}"] = [old]
    return parts


def joined_label(schema, rows: list[dict], where: str) -> tuple[tuple[str, ...], str]:
    """Themes and sentiment of a unit made of the labelled units ``rows`` (see the module docstring)."""
    themes = schema.validate_themes([t for r in rows for t in r["themes"]])
    felt = {schema.validate_sentiment(r["sentiment"]) for r in rows} - {"neutral"}
    if len(felt) > 1:
        sys.exit(f"{where}: joined units have sentiments {sorted(felt)}; adjudicate the joined unit")
    return themes, felt.pop() if felt else "neutral"


def main() -> None:
    schema = load_schema()
    raw = ROOT / "annotations" / "raw"
    a, b, adj = labels(raw / "pass_a_labels.jsonl"), labels(raw / "pass_b_labels.jsonl"), labels(raw / "adjudication.jsonl")
    merges = [row["units"] for row in labels_list(raw / "merges.jsonl")]
    if set(a) != set(b):
        sys.exit(f"passes label different units: {sorted(set(a) ^ set(b))[:5]}")
    parts = renumber(list(a), merges)
    units = argmine.segment(argmine.read([ROOT / "corpora"]))
    ids = {u.id for u in units}
    if set(parts) != ids:
        sys.exit(f"labelled units (after merges): missing {sorted(ids - set(parts))[:5]}, extra {sorted(set(parts) - ids)[:5]}")
    pa, pb, gold = [], [], []
    for u in units:
        old = parts[u.id]
        ta, sa = joined_label(schema, [a[i] for i in old], f"{u.id} pass a")
        tb, sb = joined_label(schema, [b[i] for i in old], f"{u.id} pass b")
        pa.append(GoldRecord.from_unit(u, ta, sa, annotator="a"))
        pb.append(GoldRecord.from_unit(u, tb, sb, annotator="b"))
        if (ta, sa) == (tb, sb):
            themes, sentiment, annotator, meta = ta, sa, "agreed", {}
        else:
            if len(old) > 1 or old[0] not in adj:
                sys.exit(f"{u.id}: passes disagree and there is no adjudication")
            r = adj[old[0]]
            themes, sentiment = schema.validate_themes(r["themes"]), schema.validate_sentiment(r["sentiment"])
            annotator, meta = "adjudicated", {"note": r.get("note", "")}
        if len(old) > 1:
            meta = {**meta, "joined": old}
        passes = {"a": {"themes": list(ta), "sentiment": sa}, "b": {"themes": list(tb), "sentiment": sb}}
        gold.append(GoldRecord.from_unit(u, themes, sentiment, annotator=annotator, passes=passes, meta=meta))
    out = ROOT / "annotations"
    write_gold(out / "pass_a.jsonl", pa)
    write_gold(out / "pass_b.jsonl", pb)
    write_gold(out / "gold.jsonl", gold)
    n_adj = sum(r.annotator == "adjudicated" for r in gold)
    print(f"wrote {len(gold)} gold records ({n_adj} adjudicated) and both passes to {out}")


if __name__ == "__main__":
    main()
