"""Themes and sentiment on the corpus gold: lexicon, linear and a tiny transformer side by side.

Run:  .venv/bin/python benchmarks/classify_cv.py [--json] [--nested] [--folds 5] [--seed 0]
                                                 [--schema FILE] [--param KEY=VALUE ...]

Every backend is scored on the same grouped K-fold cross-validation
(:func:`argmine.train.cross_validate`, folds grouped by block: one line of
the source document, so no test unit's neighbours are in training):

- ``lexicon``: the schema's cues, no training;
- ``linear``: the default backend with its default settings;
- ``transformers (tiny)``: :class:`TransformersBackend` fine-tuning a tiny,
  randomly initialised character BERT (:func:`build_tiny_encoder`, hidden
  size 32, 2 layers; its vocabulary is the characters of the gold texts,
  no labels) for ``--tiny-epochs`` epochs (max 64 tokens; corpus units have
  a median of 29 characters).  It knows no Chinese: it shows
  the fine-tuning path end to end, not what a real checkpoint would reach.

``--nested`` adds an honest figure for the linear backend's settings: for
each outer fold, every setting in ``NESTED_GRID`` is scored by an inner
grouped CV on the outer training folds only, the best (mean of theme and
sentiment macro-F1) is trained on the outer training folds and tested on
the held-out fold.  It costs about ``len(NESTED_GRID) * folds`` extra
linear cross-validations.

``--schema FILE`` scores another schema's cues (e.g. the corpus-informed
version 1 kept in ``benchmarks/schemas/``); ``--param KEY=VALUE`` (value
read as JSON when it parses, e.g. ``cue_weight=0``) changes a setting of the
``linear`` row.

Prints theme macro-F1, per-theme F1, sentiment accuracy and macro-F1 per
backend; ``--json`` prints the same as one JSON object.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

#: Linear settings compared by ``--nested`` on inner folds (the first is the default).
NESTED_GRID = (
    {},
    {"word_weight": 1.0},
    {"C_theme": 1.0},
)


def score_row(name: str, result: dict, seconds: float) -> dict:
    """The side-by-side figures of one :func:`cross_validate` result."""
    print(f"  {name}: theme macro-F1 {result['theme_macro_f1']:.3f}, sentiment macro-F1 "
          f"{result['sentiment']['macro_f1']:.3f} ({seconds:.0f} s)", file=sys.stderr, flush=True)
    return {
        "backend": name,
        "theme_macro_f1": round(result["theme_macro_f1"], 4),
        "themes": {t: round(m["f1"], 4) for t, m in result["themes"].items()},
        "sentiment_accuracy": round(result["sentiment"]["accuracy"], 4),
        "sentiment_macro_f1": round(result["sentiment"]["macro_f1"], 4),
        "folds": result.get("folds", []),
        "seconds": round(seconds, 1),
    }


def nested_linear(examples, documents, k: int, seed: int, schema) -> tuple[dict, list[dict]]:
    """Outer grouped CV of the linear backend whose settings are picked on inner folds only."""
    from argmine.train import cross_validate, evaluate, folds, groups_for, make_backend

    groups = groups_for(examples, "block", documents)
    predictions: list = [None] * len(examples)
    chosen = []
    for fold, (tr, te) in enumerate(folds(examples, k, "block", seed, documents)):
        train_ex = [examples[i] for i in tr]
        best, best_score = None, -1.0
        for params in NESTED_GRID:
            r = cross_validate(train_ex, backend="linear", k=k - 1, seed=seed, schema=schema, documents=documents, **params)
            s = (r["theme_macro_f1"] + r["sentiment"]["macro_f1"]) / 2
            if s > best_score + 1e-12:
                best, best_score = params, s
        model = make_backend("linear", schema, seed=seed, **best)
        model.fit([e.norm_text for e in train_ex], [e.themes for e in train_ex], [e.sentiment for e in train_ex],
                  groups=[groups[i] for i in tr])
        for i, p in zip(te, model.predict([examples[i].norm_text for i in te])):
            predictions[i] = p
        chosen.append({"fold": fold, "params": best, "inner_score": round(best_score, 4)})
    return evaluate(examples, predictions, schema), chosen


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--gold", default=str(ROOT / "annotations" / "gold.jsonl"))
    ap.add_argument("--source", default=str(ROOT / "corpora"), help="the documents the gold came from (blocks follow their lines)")
    ap.add_argument("--folds", type=int, default=5)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--tiny-epochs", type=int, default=10, help="epochs for the tiny transformer (0 = skip it)")
    ap.add_argument("--nested", action="store_true", help="also pick linear settings on inner folds (nested CV)")
    ap.add_argument("--json", action="store_true", help="print one JSON object")
    ap.add_argument("--schema", default=None, help="schema TOML whose cues to use (default: the packaged schema)")
    ap.add_argument("--param", action="append", default=[], metavar="KEY=VALUE",
                    help="a linear backend setting for the linear row (repeatable; VALUE parsed as JSON if it can be)")
    args = ap.parse_args(argv)

    from argmine.read import read
    from argmine.schema import load_schema
    from argmine.train import cross_validate, load_examples

    schema = load_schema(args.schema)
    linear_params = {}
    for item in args.param:
        key, sep, value = item.partition("=")
        if not sep:
            ap.error(f"--param {item!r}: expected KEY=VALUE")
        try:
            linear_params[key] = json.loads(value)
        except json.JSONDecodeError:
            linear_params[key] = value
    examples = load_examples(args.gold, schema=schema)
    documents = {d.id: d.text for d in read([args.source])}
    common = {"k": args.folds, "group_by": "block", "seed": args.seed, "schema": schema, "documents": documents}
    rows = []
    for name, backend, params in (("lexicon", "lexicon", {}), ("linear" + (f" {linear_params}" if linear_params else ""), "linear", linear_params)):
        t = time.perf_counter()
        rows.append(score_row(name, cross_validate(examples, backend=backend, **common, **params), time.perf_counter() - t))
    if args.tiny_epochs > 0:
        from argmine.backends.transformers_backend import build_tiny_encoder

        with tempfile.TemporaryDirectory() as tmp:
            t = time.perf_counter()
            # the vocabulary is every character of the unit texts (no labels are read)
            base = build_tiny_encoder([e.norm_text for e in examples], Path(tmp) / "tiny", seed=args.seed)
            import torch

            torch.set_num_threads(min(2, torch.get_num_threads()))  # a tiny model gains nothing from more
            tiny = {"model_name_or_path": str(base), "epochs": args.tiny_epochs, "learning_rate": 1e-2,
                    "warmup_ratio": 0.0, "batch_size": 16, "max_length": 64, "evidence_top": 0, "device": "cpu"}
            r = cross_validate(examples, backend="transformers", **common, **tiny)
            rows.append(score_row(f"transformers (tiny, {args.tiny_epochs} epochs)", r, time.perf_counter() - t))
    nested = None
    if args.nested:
        t = time.perf_counter()
        r, chosen = nested_linear(examples, documents, args.folds, args.seed, schema)
        rows.append(score_row("linear (nested: settings picked on inner folds)", r, time.perf_counter() - t))
        nested = chosen
    out = {"n": len(examples), "folds": args.folds, "group_by": "block", "seed": args.seed, "rows": rows}
    if nested is not None:
        out["nested_choices"] = nested
    if args.json:
        print(json.dumps(out, ensure_ascii=False, indent=2))
        return 0
    themes = list(schema.theme_ids)
    print(f"Grouped {args.folds}-fold CV (by block, seed {args.seed}) on {len(examples)} gold units")
    head = f"{'backend':<48}{'theme mF1':>10}" + "".join(f"{t[:10]:>11}" for t in themes) + f"{'sent acc':>10}{'sent mF1':>10}{'sec':>7}"
    print(head)
    for r in rows:
        print(f"{r['backend']:<48}{r['theme_macro_f1']:>10.3f}" + "".join(f"{r['themes'][t]:>11.3f}" for t in themes)
              + f"{r['sentiment_accuracy']:>10.3f}{r['sentiment_macro_f1']:>10.3f}{r['seconds']:>7.0f}")
    if nested is not None:
        print("nested choices: " + "; ".join(f"fold {c['fold']}: {c['params'] or 'defaults'}" for c in nested))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
