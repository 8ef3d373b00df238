"""What a pretrained encoder buys: pre-train a small character BERT on unlabelled text, fine-tune it with argmine's transformers backend.

Run (a GPU is strongly advised; on a CPU use tiny settings):
    python benchmarks/pretrain_encoder.py [--data ../shared/data] [--steps 6000] [--hidden 384] [--layers 6]
                                          [--json] [--save DIR]

No pretrained Chinese checkpoint can be downloaded where argmine is built,
so docs/classify.md and docs/sentiment.md could only guess that "a
pretrained encoder is what is missing".  This script measures it with the
text that is here:

1. Unlabelled text (labels are never read): the ChnSentiCorp training rows
   and the auxiliary review corpora as :func:`argmine.polarity.training_data`
   gives them (never a held-out row, nor a near copy of one), the NLPCC 2016
   posts (TaskAA and TaskAR texts) and the documents in ``corpora/``.
2. A character BERT (:func:`build_tiny_encoder`'s vocabulary and config at
   ``--hidden``/``--layers``) is pre-trained by masked-language modelling
   (15% of tokens, ``--steps`` steps of ``--batch`` texts of at most 128
   tokens, AdamW, linear decay) and saved as a Hugging Face checkpoint.
3. Both that checkpoint and the same architecture left at its random
   initialisation are fine-tuned with :class:`TransformersBackend` and scored:
   - ChnSentiCorp: trained on the 6,212 training rows (sentiment only), tested
     on the 1,553 held-out rows of ``benchmarks/sentiment.py`` (positive when
     the sentiment score is >= 0);
   - the corpus gold: grouped 5-fold cross-validation (fold seed 0, by block),
     theme and sentiment macro-F1, as ``benchmarks/classify_cv.py`` scores.

The checkpoint is an ordinary ``--base-model`` for ``argmine train --backend
transformers``; ``--save DIR`` keeps it.
"""

from __future__ import annotations

import argparse
import csv
import json
import random
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
DEFAULT_DATA = ROOT.parent / "shared" / "data"


def unlabelled_texts(data: Path) -> tuple[list[str], dict[str, int]]:
    """Every text step 1 names, with a count per source; no label is read."""
    from argmine.polarity import training_data
    from argmine.read import read

    counts: dict[str, int] = {}
    texts: list[str] = []
    reviews = training_data(data / "sentiment").train.texts
    texts += reviews
    counts["reviews (ChnSentiCorp training rows + auxiliary corpora)"] = len(reviews)
    for name in ("evasampledata4-TaskAA.txt", "evasampledata4-TaskAR.txt"):
        with open(data / "nlpcc2016" / name, encoding="utf-8-sig", newline="") as fh:
            rows = [r[2] for r in csv.reader(fh, delimiter="\t", quoting=csv.QUOTE_NONE) if len(r) > 2][1:]
        texts += [t for t in rows if t.strip()]
        counts[f"NLPCC {name}"] = len(rows)
    lines = [line for d in read([ROOT / "corpora"]) for line in d.text.splitlines() if line.strip()]
    texts += lines
    counts["corpora/ lines"] = len(lines)
    return texts, counts


def pretrain(texts: list[str], out: Path, *, hidden: int, layers: int, steps: int, batch: int, lr: float, seed: int) -> dict:
    """Masked-language-model pre-training of a fresh character BERT on ``texts``; the encoder is saved to ``out``."""
    import torch
    from transformers import AutoTokenizer, BertForMaskedLM, DataCollatorForLanguageModeling

    from argmine.backends.transformers_backend import build_tiny_encoder

    random.seed(seed)
    torch.manual_seed(seed)
    base = build_tiny_encoder(texts, out, seed=seed, hidden_size=hidden, num_layers=layers, num_heads=max(1, hidden // 64))
    tok = AutoTokenizer.from_pretrained(base)
    model = BertForMaskedLM.from_pretrained(base)
    device = "cuda" if torch.cuda.is_available() else "cpu"
    model.to(device).train()
    collate = DataCollatorForLanguageModeling(tok, mlm_probability=0.15)
    enc = tok(texts, truncation=True, max_length=128)["input_ids"]
    order = sorted(range(len(enc)), key=lambda i: len(enc[i]))  # batches of similar length
    batches = [order[i:i + batch] for i in range(0, len(order), batch)]
    opt = torch.optim.AdamW(model.parameters(), lr=lr, weight_decay=0.01)
    warmup = max(1, steps // 20)
    sched = torch.optim.lr_scheduler.LambdaLR(opt, lambda s: min((s + 1) / warmup, max(0.0, (steps - s) / (steps - warmup))))
    t, losses, step = time.perf_counter(), [], 0
    while step < steps:
        random.shuffle(batches)
        for rows in batches:
            if step >= steps:
                break
            b = {k: v.to(device) for k, v in collate([{"input_ids": enc[i]} for i in rows]).items()}
            with torch.autocast(device_type=device, dtype=torch.bfloat16, enabled=device == "cuda"):
                loss = model(**b).loss
            loss.backward()
            torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
            opt.step()
            sched.step()
            opt.zero_grad(set_to_none=True)
            losses.append(loss.item())
            step += 1
            if step % max(1, steps // 10) == 0:
                print(f"  step {step}/{steps}: MLM loss {sum(losses[-100:]) / len(losses[-100:]):.3f}", file=sys.stderr, flush=True)
    model.bert.save_pretrained(out)  # the encoder only, safetensors; the tokenizer files are build_tiny_encoder's
    return {"device": device, "seconds": round(time.perf_counter() - t, 1), "steps": steps, "batch": batch,
            "first_loss": round(sum(losses[:50]) / len(losses[:50]), 3), "last_loss": round(sum(losses[-100:]) / len(losses[-100:]), 3)}


def finetune_scores(encoder: Path, data: Path, *, epochs: int, gold_epochs: int, lr: float, seed: int, limit: int = 0) -> dict:
    """ChnSentiCorp held-out accuracy and gold CV macro-F1 of ``encoder`` fine-tuned with the transformers backend."""
    from argmine.backends.transformers_backend import TransformersBackend
    from argmine.polarity import heldout_split
    from argmine.read import read
    from argmine.schema import load_schema
    from argmine.train import cross_validate, load_examples

    schema = load_schema(None)
    common = {"model_name_or_path": str(encoder), "learning_rate": lr, "warmup_ratio": 0.06, "batch_size": 32,
              "evidence_top": 0}
    train, test, _ = heldout_split(data / "sentiment")
    if limit:  # a smoke run
        pick = random.Random(seed)
        train, test = (rows.subset(sorted(pick.sample(range(len(rows)), min(limit, len(rows))))) for rows in (train, test))
    t = time.perf_counter()
    model = TransformersBackend(schema, epochs=epochs, max_length=256, seed=seed, **common).fit(
        train.texts, [[] for _ in train.texts], ["positive" if y else "negative" for y in train.labels])
    preds = model.predict(test.texts, evidence=False)
    correct = sum((p.sentiment_score >= 0) == bool(y) for p, y in zip(preds, test.labels))
    out = {"chnsenticorp_accuracy": round(correct / len(test.texts), 4), "chnsenticorp_rows": len(test.texts),
           "chnsenticorp_seconds": round(time.perf_counter() - t, 1)}
    examples = load_examples(ROOT / "annotations" / "gold.jsonl", schema=schema)
    documents = {d.id: d.text for d in read([ROOT / "corpora"])}
    t = time.perf_counter()
    r = cross_validate(examples, backend="transformers", k=5, seed=0, group_by="block", schema=schema, documents=documents,
                       backend_seed=seed, epochs=gold_epochs, max_length=64, **common)
    out.update({"gold_theme_macro_f1": round(r["theme_macro_f1"], 3), "gold_sentiment_macro_f1": round(r["sentiment"]["macro_f1"], 3),
                "gold_cv_seconds": round(time.perf_counter() - t, 1)})
    return out


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", type=Path, default=DEFAULT_DATA, help="the shared data folder (sentiment/, nlpcc2016/; default %(default)s)")
    ap.add_argument("--steps", type=int, default=6000, help="pre-training steps (default %(default)s)")
    ap.add_argument("--batch", type=int, default=128, help="texts per pre-training step (default %(default)s)")
    ap.add_argument("--hidden", type=int, default=384, help="hidden size; heads = hidden / 64 (default %(default)s)")
    ap.add_argument("--layers", type=int, default=6, help="transformer layers (default %(default)s)")
    ap.add_argument("--pretrain-lr", type=float, default=5e-4, help="pre-training peak learning rate (default %(default)s)")
    ap.add_argument("--epochs", type=int, default=3, help="fine-tuning epochs on ChnSentiCorp (default %(default)s)")
    ap.add_argument("--gold-epochs", type=int, default=10, help="fine-tuning epochs in each gold CV fold (default %(default)s)")
    ap.add_argument("--lr", type=float, default=1e-4, help="fine-tuning learning rate (default %(default)s)")
    ap.add_argument("--seed", type=int, default=0, help="seed of pre-training and fine-tuning (default %(default)s)")
    ap.add_argument("--limit", type=int, default=0, help="a quick smoke run: at most this many unlabelled texts and ChnSentiCorp rows (0 = all)")
    ap.add_argument("--save", type=Path, default=None, help="keep the pre-trained checkpoint in this folder")
    ap.add_argument("--json", action="store_true", help="print one JSON object")
    args = ap.parse_args(argv)

    texts, counts = unlabelled_texts(args.data)
    if args.limit:
        texts = random.Random(args.seed).sample(texts, min(args.limit, len(texts)))
    out: dict = {"unlabelled": counts, "unlabelled_used": len(texts), "chars": sum(map(len, texts))}
    with tempfile.TemporaryDirectory() as tmp:
        pre = args.save or Path(tmp) / "pretrained"
        out["pretraining"] = pretrain(texts, pre, hidden=args.hidden, layers=args.layers, steps=args.steps,
                                      batch=args.batch, lr=args.pretrain_lr, seed=args.seed)
        from argmine.backends.transformers_backend import build_tiny_encoder

        scratch = build_tiny_encoder(texts, Path(tmp) / "random", seed=args.seed, hidden_size=args.hidden,
                                     num_layers=args.layers, num_heads=max(1, args.hidden // 64))
        for name, encoder in (("pretrained", pre), ("random init", scratch)):
            out[name] = finetune_scores(encoder, args.data, epochs=args.epochs, gold_epochs=args.gold_epochs, lr=args.lr,
                                        seed=args.seed, limit=args.limit)
            print(f"{name}: {out[name]}", file=sys.stderr, flush=True)
    if args.json:
        print(json.dumps(out, ensure_ascii=False, indent=2))
        return 0
    p = out["pretraining"]
    print(f"unlabelled texts: {out['unlabelled_used']:,} ({out['chars']:,} characters); pre-training on {p['device']}: "
          f"{p['steps']} steps of {p['batch']} in {p['seconds']:.0f} s, MLM loss {p['first_loss']} -> {p['last_loss']}")
    print(f"{'encoder':<14}{'ChnSentiCorp acc':>18}{'gold theme mF1':>16}{'gold sent mF1':>15}")
    for name in ("pretrained", "random init"):
        r = out[name]
        print(f"{name:<14}{r['chnsenticorp_accuracy']:>18.4f}{r['gold_theme_macro_f1']:>16.3f}{r['gold_sentiment_macro_f1']:>15.3f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
