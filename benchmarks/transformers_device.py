"""The transformers backend on each device: train, reload on another device, compare; time CPU against a GPU.

Run:  .venv/bin/python benchmarks/transformers_device.py [--devices cpu,cuda] [--sizes tiny,base]
                                                          [--cv-epochs 10] [--json]

On the corpus gold (``annotations/gold.jsonl``), for each encoder size and
each device in ``--devices`` (default: ``cpu``, plus ``cuda`` when torch
sees a GPU):

- fits :class:`TransformersBackend` on every gold unit, from a randomly
  initialised character BERT (:func:`build_tiny_encoder`; ``tiny`` is hidden
  size 32 with 2 layers, ``base`` is bert-base's shape, 768 with 12 layers,
  trained on the GPU only unless ``--devices`` names just the CPU), and
  times the fit and one prediction pass with evidence;
- saves the model and loads it on every device in ``--devices``, and
  reports the largest difference of any theme probability and sentiment
  score from the predictions made before saving, and how many units keep
  the same themes and sentiment (a model trained on a GPU must predict the
  same on a CPU, up to float rounding);
- runs the grouped 5-fold cross-validation of ``benchmarks/classify_cv.py``'s
  tiny-transformer row (fold seed 0) on each device and times it.

The encoders know no Chinese (nothing can be downloaded here): the figures
show that the device code path works and what a GPU saves, not what a real
checkpoint reaches.  CPU and GPU runs of the same seed differ in the last
float digits, so their CV figures differ slightly too.
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

#: (hidden size, layers, attention heads, learning rate, epochs) per encoder size.
SIZES = {"tiny": (32, 2, 2, 1e-2, 10), "base": (768, 12, 12, 5e-5, 3)}


def agreement(before, after) -> dict:
    """How far ``after``'s predictions are from ``before``'s (same texts, same order)."""
    return {
        "max_score_diff": max(abs(a.scores[k] - b.scores[k]) for a, b in zip(before, after) for k in a.scores),
        "max_sentiment_score_diff": max(abs(a.sentiment_score - b.sentiment_score) for a, b in zip(before, after)),
        "same_labels": sum(a.themes == b.themes and a.sentiment == b.sentiment for a, b in zip(before, after)),
        "n": len(before),
    }


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--devices", default=None, help="comma-separated torch devices (default: cpu, and cuda when there is one)")
    ap.add_argument("--sizes", default="tiny,base", help="encoder sizes to train: tiny, base (default %(default)s)")
    ap.add_argument("--cv-epochs", type=int, default=10, help="epochs of the tiny CV run per device (0 = skip it; default %(default)s)")
    ap.add_argument("--json", action="store_true", help="print one JSON object")
    args = ap.parse_args(argv)

    import torch

    from argmine.backends.transformers_backend import TransformersBackend, build_tiny_encoder
    from argmine.read import read
    from argmine.schema import load_schema
    from argmine.train import cross_validate, load_examples

    devices = args.devices.split(",") if args.devices else ["cpu"] + (["cuda"] if torch.cuda.is_available() else [])
    sizes = args.sizes.split(",")
    unknown = [s for s in sizes if s not in SIZES]
    if unknown:
        ap.error(f"--sizes: unknown size {unknown[0]!r}; use {', '.join(SIZES)}")
    schema = load_schema(None)
    examples = load_examples(ROOT / "annotations" / "gold.jsonl", schema=schema)
    texts = [e.norm_text for e in examples]
    out: dict = {"torch": torch.__version__, "gpu": torch.cuda.get_device_name(0) if torch.cuda.is_available() else None,
                 "n": len(texts), "runs": [], "cv": []}
    with tempfile.TemporaryDirectory() as tmp:
        for size in sizes:
            hidden, layers, heads, lr, epochs = SIZES[size]
            base = build_tiny_encoder(texts, Path(tmp) / f"encoder_{size}", seed=0, hidden_size=hidden, num_layers=layers, num_heads=heads)
            trained_on = devices if size == "tiny" or devices == ["cpu"] else [d for d in devices if d != "cpu"]
            for device in trained_on:
                params = {"model_name_or_path": str(base), "epochs": epochs, "learning_rate": lr, "warmup_ratio": 0.0,
                          "batch_size": 16, "max_length": 64, "device": device, "seed": 0}
                t = time.perf_counter()
                model = TransformersBackend(schema, **params).fit(texts, [list(e.themes) for e in examples], [e.sentiment for e in examples])
                fit_s = time.perf_counter() - t
                t = time.perf_counter()
                before = model.predict(texts)
                predict_s = time.perf_counter() - t
                saved = Path(tmp) / f"model_{size}_{device.replace(':', '_')}"
                model.save(saved)
                run = {"size": size, "trained_on": device, "fit_s": round(fit_s, 2), "predict_s": round(predict_s, 2),
                       "last_epoch_loss": round(model.loss_history_[-1], 4), "reloaded": {}}
                for target in devices:
                    run["reloaded"][target] = agreement(before, TransformersBackend.load(saved, schema=schema, device=target).predict(texts))
                out["runs"].append(run)
        if args.cv_epochs > 0:
            documents = {d.id: d.text for d in read([ROOT / "corpora"])}
            base = Path(tmp) / "encoder_tiny"
            if not base.exists():
                base = build_tiny_encoder(texts, base, seed=0)
            for device in devices:
                t = time.perf_counter()
                r = cross_validate(examples, backend="transformers", k=5, seed=0, group_by="block", schema=schema, documents=documents,
                                   model_name_or_path=str(base), epochs=args.cv_epochs, learning_rate=1e-2, warmup_ratio=0.0,
                                   batch_size=16, max_length=64, evidence_top=0, device=device)
                out["cv"].append({"device": device, "seconds": round(time.perf_counter() - t, 1),
                                  "theme_macro_f1": round(r["theme_macro_f1"], 3), "sentiment_macro_f1": round(r["sentiment"]["macro_f1"], 3)})
    if args.json:
        print(json.dumps(out, indent=2))
        return 0
    print(f"torch {out['torch']}, GPU: {out['gpu'] or 'none'}; {out['n']} gold units")
    print(f"{'encoder':<8}{'trained on':<12}{'fit s':>8}{'predict s':>11}  reloaded on: largest score difference, units with the same labels")
    for r in out["runs"]:
        again = "; ".join(f"{d}: {a['max_score_diff']:.1e}, {a['same_labels']}/{a['n']}" for d, a in r["reloaded"].items())
        print(f"{r['size']:<8}{r['trained_on']:<12}{r['fit_s']:>8.1f}{r['predict_s']:>11.2f}  {again}")
    for c in out["cv"]:
        print(f"tiny CV ({args.cv_epochs} epochs, fold seed 0) on {c['device']}: {c['seconds']:.0f} s, "
              f"theme macro-F1 {c['theme_macro_f1']:.3f}, sentiment macro-F1 {c['sentiment_macro_f1']:.3f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
