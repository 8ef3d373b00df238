"""Assemble annotations/ from the raw label files of the two passes and the adjudication.

Run:  .venv/bin/python scripts/build_gold.py

Reads annotations/raw/{pass_a_labels,pass_b_labels,adjudication}.jsonl (one
``{"id", "themes", "sentiment"}`` line per unit, as the annotators wrote
them), anchors each label to the current segmentation of corpora/ (doc,
start, end, text, kind) and writes:

- annotations/pass_a.jsonl, annotations/pass_b.jsonl: each pass as gold-format records;
- annotations/gold.jsonl: agreed labels, or the adjudicated ones where the passes
  differ, with both raw label sets under ``passes``.

The raw labels name the units the annotators saw, listed with their offsets
and text in annotations/raw/units.jsonl.  annotations/raw/merges.jsonl lists
the runs of those units that the current segmenter joins into one
(``{"units": [ids], "why": ...}``); a joined unit takes the union of its
parts' themes and the one sentiment its parts other than ``neutral`` share
(``neutral`` if none has one), per pass and for the gold; parts with two
different non-neutral sentiments, or a joined unit whose passes disagree,
are an error (adjudication is by labelled unit).

Every current unit must start where its first labelled unit starts and end
where its last one ends (the same text for a unit that was not joined), and
every labelled unit must be labelled by both passes; anything missing, extra
or moved is an error, as is an adjudication of a unit the passes agree on
(nothing is dropped or moved silently).
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


def rows(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text("utf-8").splitlines() if line.strip()]


def by_id(path: Path) -> dict[str, dict]:
    out = {}
    for n, row in enumerate(rows(path), 1):
        if row["id"] in out:
            sys.exit(f"{path}:{n}: unit {row['id']} listed twice")
        out[row["id"]] = row
    return out


def _number(unit_id: str) -> tuple[str, int]:
    doc, n = unit_id.rsplit("#", 1)
    return doc, int(n)


def renumber(labelled: list[str], merges: list[list[str]]) -> dict[str, list[str]]:
    """The labelled unit ids (``doc#n``) that make up each current unit id, after ``merges``.

    Each merge is a run of consecutive units of one document; runs may not overlap.

    >>> renumber(["d#1", "d#2", "d#3", "e#1"], [["d#1", "d#2"]])
    {'d#1': ['d#1', 'd#2'], 'd#2': ['d#3'], 'e#1': ['e#1']}
    """
    known = set(labelled)
    first_of: dict[str, str] = {}
    for group in merges:
        docs_numbers = [_number(i) for i in group]
        doc, n = docs_numbers[0]
        if len(group) < 2 or docs_numbers != [(doc, n + k) for k in range(len(group))] or not known.issuperset(group):
            sys.exit(f"merges.jsonl: {group} is not a run of two or more consecutive labelled units of one document")
        for later in group[1:]:
            if later in first_of or group[0] in first_of or later in first_of.values():
                sys.exit(f"merges.jsonl: {later} is in two merges; write one run instead")
            first_of[later] = group[0]
    parts: dict[str, list[str]] = {}
    current: dict[str, str] = {}  # labelled id of each run's first unit -> current id
    count: dict[str, int] = {}
    for old in sorted(labelled, key=_number):
        if old in first_of:
            parts[current[first_of[old]]].append(old)
            continue
        doc = _number(old)[0]
        count[doc] = count.get(doc, 0) + 1
        current[old] = f"{doc}#{count[doc]}"
        parts[current[old]] = [old]
    return parts


def joined_label(schema, labels: list[dict], where: str) -> tuple[tuple[str, ...], str]:
    """Themes and sentiment of a unit made of the labelled units ``labels`` (see the module docstring)."""
    themes = schema.validate_themes([t for r in labels for t in r["themes"]])
    felt = {schema.validate_sentiment(r["sentiment"]) for r in labels} - {"neutral"}
    if len(felt) > 1:
        sys.exit(f"{where}: joined units have sentiments {sorted(felt)}; adjudicate the joined unit")
    return themes, felt.pop() if felt else "neutral"


def main() -> None:
    schema = load_schema()
    raw = ROOT / "annotations" / "raw"
    seen = by_id(raw / "units.jsonl")
    a, b, adj = by_id(raw / "pass_a_labels.jsonl"), by_id(raw / "pass_b_labels.jsonl"), by_id(raw / "adjudication.jsonl")
    for name, table in (("pass a", a), ("pass b", b)):
        if set(table) != set(seen):
            sys.exit(f"{name}: missing {sorted(set(seen) - set(table))[:5]}, extra {sorted(set(table) - set(seen))[:5]}")
    agreed = sorted(i for i in adj if (a[i]["themes"], a[i]["sentiment"]) == (b[i]["themes"], b[i]["sentiment"]))
    if set(adj) - set(seen) or agreed:
        sys.exit(f"adjudication.jsonl: units not labelled {sorted(set(adj) - set(seen))[:5]}, or both passes agree {agreed[:5]}")
    parts = renumber(list(seen), [row["units"] for row in rows(raw / "merges.jsonl")])
    units = argmine.segment(argmine.read([ROOT / "corpora"]))
    ids = {u.id for u in units}
    if set(parts) != ids:
        sys.exit(f"labelled units (after merges): missing {sorted(ids - set(parts))[:5]}, extra {sorted(set(parts) - ids)[:5]}")
    pa, pb, gold = [], [], []
    for u in units:
        old = parts[u.id]
        first, last = seen[old[0]], seen[old[-1]]
        if (u.doc, u.start, u.end) != (first["doc"], first["start"], last["end"]) or (len(old) == 1 and u.text != first["text"]):
            sys.exit(f"{u.id} reads {u.text!r}, but its labelled units {old} read "
                     f"{[seen[i]['text'] for i in old]}; fix annotations/raw/merges.jsonl (or the source)")
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
