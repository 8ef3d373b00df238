"""Assemble annotations/guide_examples.jsonl from the raw files of the guide examples.

Run:  .venv/bin/python scripts/build_guide_examples.py

The guide examples are sentences written for training, from
``ANNOTATION_GUIDE.md`` alone, by four independent writers (their rules and
briefs are in ``annotations/raw/guide_examples/``; none saw ``corpora/`` or
the gold).  Two blind annotators then labelled every sentence without the
writers' labels, in a shuffled order.  This script reads

- ``writer_{a,b,c,d}.jsonl``: ``{"text", "themes", "sentiment", "register"}``
  per line; a sentence's id is the writer's letter and its 0-based line
  number (``a000``);
- ``label_x.jsonl``, ``label_y.jsonl``: ``{"id", "themes", "sentiment"}``
  per sentence,

and writes one record per sentence with the majority labels of the three
(a theme is kept when two of the three give it; the sentiment two of the
three give), ``annotator`` ``agreed`` (all three identical) or ``majority``,
and the three raw label sets under ``passes``.  A sentence with three
different sentiments has no label: it is left out and listed.  Every
sentence must be labelled by both annotators (anything missing or extra is
an error).  Prints Cohen's kappa between each pair.
"""

from __future__ import annotations

import json
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from argmine.schema import load_schema  # noqa: E402

RAW = ROOT / "annotations" / "raw" / "guide_examples"
OUT = ROOT / "annotations" / "guide_examples.jsonl"
WRITERS = "abcd"


def read_jsonl(path: Path) -> list[dict]:
    rows = []
    for n, line in enumerate(path.read_text("utf-8").splitlines(), 1):
        try:
            rows.append(json.loads(line))
        except json.JSONDecodeError as e:
            sys.exit(f"{path}:{n}: not JSON ({e.msg})")
    return rows


def checked(row: dict, where: str, schema) -> dict:
    try:
        return {"themes": list(schema.validate_themes(row["themes"])), "sentiment": schema.validate_sentiment(row["sentiment"])}
    except Exception as e:  # SchemaError or a missing field: name the record
        sys.exit(f"{where}: {e}")


def main() -> int:
    from sklearn.metrics import cohen_kappa_score

    schema = load_schema()
    written = {}
    for w in WRITERS:
        for i, row in enumerate(read_jsonl(RAW / f"writer_{w}.jsonl")):
            written[f"{w}{i:03d}"] = row
    passes = {"writer": {k: checked(r, f"writer {k}", schema) for k, r in written.items()}}
    for name in ("x", "y"):
        rows = read_jsonl(RAW / f"label_{name}.jsonl")
        ids = [r["id"] for r in rows]
        dup = [k for k, c in Counter(ids).items() if c > 1]
        if dup or set(ids) != set(written):
            sys.exit(f"label_{name}.jsonl: labelled twice {dup[:5]}, missing {sorted(set(written) - set(ids))[:5]}, "
                     f"unknown {sorted(set(ids) - set(written))[:5]}")
        passes[name] = {r["id"]: checked(r, f"label_{name}.jsonl {r['id']}", schema) for r in rows}

    ids = sorted(written)
    print(f"{len(ids)} sentences; Cohen's kappa per theme (presence) and for sentiment:")
    names = list(passes)
    for i, a in enumerate(names):
        for b in names[i + 1:]:
            pa, pb = passes[a], passes[b]
            kappas = [f"{t} {cohen_kappa_score([t in pa[k]['themes'] for k in ids], [t in pb[k]['themes'] for k in ids]):.3f}"
                      for t in schema.theme_ids]
            sent = cohen_kappa_score([pa[k]["sentiment"] for k in ids], [pb[k]["sentiment"] for k in ids])
            print(f"  {a} vs {b}: " + ", ".join(kappas) + f"; sentiment {sent:.3f}")

    records, unlabelled = [], []
    for k in ids:
        votes = [passes[n][k] for n in names]
        themes = [t for t in schema.theme_ids if sum(t in v["themes"] for v in votes) >= 2]
        sentiment, n = Counter(v["sentiment"] for v in votes).most_common(1)[0]
        if n < 2:
            unlabelled.append(k)
            continue
        agreed = all(v["themes"] == themes and v["sentiment"] == sentiment for v in votes)
        records.append({"id": k, "text": written[k]["text"], "themes": themes, "sentiment": sentiment,
                        "register": written[k].get("register", ""), "annotator": "agreed" if agreed else "majority",
                        "passes": {n: passes[n][k] for n in names}})
    OUT.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), "utf-8")
    counts = Counter(r["annotator"] for r in records)
    print(f"wrote {OUT.relative_to(ROOT)}: {len(records)} records ({counts['agreed']} agreed, {counts['majority']} by majority)")
    themes = Counter(t for r in records for t in r["themes"] or ["other"])
    print("  themes: " + ", ".join(f"{t} {themes[t]}" for t in [*schema.theme_ids, "other"]))
    sents = Counter(r["sentiment"] for r in records)
    print("  sentiment: " + ", ".join(f"{s} {sents[s]}" for s in schema.sentiments))
    for k in unlabelled:
        print(f"  left out {k} (three different sentiments): {written[k]['text']}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
