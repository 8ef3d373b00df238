"""Assemble annotations/ from the raw label files of the two passes and the adjudication.

Run:  .venv/bin/python scripts/build_gold.py

Reads annotations/raw/{pass_a_labels,pass_b_labels,adjudication}.jsonl (one
``{"id", "themes", "sentiment"}`` line per unit, as the annotators wrote
them), anchors each label to the current segmentation of corpora/ (doc,
start, end, text, kind) and writes:

- annotations/pass_a.jsonl, annotations/pass_b.jsonl: each pass as gold-format records;
- annotations/gold.jsonl: agreed labels, or the adjudicated ones where the passes
  differ, with both raw label sets under ``passes``.

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


def labels(path: Path) -> dict[str, dict]:
    out = {}
    for n, line in enumerate(path.read_text("utf-8").splitlines(), 1):
        row = json.loads(line)
        if row["id"] in out:
            sys.exit(f"{path}:{n}: unit {row['id']} labelled twice")
        out[row["id"]] = row
    return out


def main() -> None:
    schema = load_schema()
    raw = ROOT / "annotations" / "raw"
    a, b, adj = labels(raw / "pass_a_labels.jsonl"), labels(raw / "pass_b_labels.jsonl"), labels(raw / "adjudication.jsonl")
    units = argmine.segment(argmine.read([ROOT / "corpora"]))
    ids = {u.id for u in units}
    for name, table in (("pass a", a), ("pass b", b)):
        if set(table) != ids:
            sys.exit(f"{name}: missing {sorted(ids - set(table))[:5]}, extra {sorted(set(table) - ids)[:5]}")
    pa, pb, gold = [], [], []
    for u in units:
        la, lb = a[u.id], b[u.id]
        ta, tb = schema.validate_themes(la["themes"]), schema.validate_themes(lb["themes"])
        sa, sb = schema.validate_sentiment(la["sentiment"]), schema.validate_sentiment(lb["sentiment"])
        pa.append(GoldRecord.from_unit(u, ta, sa, annotator="a"))
        pb.append(GoldRecord.from_unit(u, tb, sb, annotator="b"))
        if (ta, sa) == (tb, sb):
            themes, sentiment, annotator, meta = ta, sa, "agreed", {}
        else:
            if u.id not in adj:
                sys.exit(f"{u.id}: passes disagree and there is no adjudication")
            r = adj[u.id]
            themes, sentiment = schema.validate_themes(r["themes"]), schema.validate_sentiment(r["sentiment"])
            annotator, meta = "adjudicated", {"note": r.get("note", "")}
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
