"""Themes and sentiment on the corpus gold: lexicon, linear and a tiny transformer side by side.

Run:  .venv/bin/python benchmarks/classify_cv.py [--json] [--nested] [--by-doc] [--folds 5]
                                                 [--seeds 0,1,2,3,4] [--extra FILE]
                                                 [--schema FILE] [--param KEY=VALUE ...]

Every backend is scored on the same grouped K-fold cross-validation
(:func:`argmine.train.cross_validate`, folds grouped by block: one line of
the source document, so no test unit's neighbours are in training), once
per fold seed; every row is the mean over the seeds (one seed's folds move
a theme's F1 by several points: bloat has 9 units):

- ``lexicon``: the schema's cues, no training;
- ``linear, gold only``: the default backend's settings, trained on the
  gold training folds;
- ``linear + guide examples (default model)``: the same plus ``--extra``
  (by default ``annotations/guide_examples.jsonl``, the sentences written
  from the annotation guide that the packaged model is also trained on) in
  every training fold; they are never tested and never used to calibrate;
- ``transformers (tiny)``: :class:`TransformersBackend` fine-tuning a tiny,
  randomly initialised character BERT (:func:`build_tiny_encoder`, hidden
  size 32, 2 layers; its vocabulary is the characters of the gold texts,
  no labels) for ``--tiny-epochs`` epochs (max 64 tokens; corpus units have
  a median of 29 characters) on the gold folds.  It knows no Chinese: it
  shows the fine-tuning path end to end, not what a real checkpoint would reach.

``--nested`` adds an honest figure for the linear backend's settings: for
each outer fold, every setting in ``NESTED_GRID`` is scored by an inner
grouped CV on the outer training folds only, the best (mean of theme and
sentiment macro-F1) is trained on the outer training folds and tested on
the held-out fold.  It costs about ``len(NESTED_GRID) * folds`` extra
linear cross-validations per seed.

``--by-doc`` adds a second table: train on one corpus document, test on
the other (2 folds grouped by document), the closest this gold comes to
text the model has not seen.

``--schema FILE`` scores another schema's cues (e.g. the corpus-informed
version 1 kept in ``benchmarks/schemas/``); ``--param KEY=VALUE`` (value
read as JSON when it parses, e.g. ``cue_weight=0``) changes a setting of the
``linear`` rows.

Prints theme macro-F1, per-theme F1, sentiment accuracy and macro-F1 per
backend; ``--json`` prints the same as one JSON object, with each seed's figures.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
import warnings
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

#: Linear settings compared by ``--nested`` on inner folds (the first is the default).
NESTED_GRID = (
    {},
    {"word_weight": 1.0},
    {"C_theme": 1.0},
)


def score_row(name: str, results: list[dict], seconds: float) -> dict:
    """The side-by-side figures of one row: the mean over seeds of :func:`cross_validate` results."""
    import statistics

    def mean(get):
        return round(statistics.fmean(get(r) for r in results), 4)

    row = {
        "backend": name,
        "theme_macro_f1": mean(lambda r: r["theme_macro_f1"]),
        "themes": {t: mean(lambda r: r["themes"][t]["f1"]) for t in results[0]["themes"]},
        "sentiment_accuracy": mean(lambda r: r["sentiment"]["accuracy"]),
        "sentiment_macro_f1": mean(lambda r: r["sentiment"]["macro_f1"]),
        "per_seed": [{"seed": r["cv"]["seed"], "theme_macro_f1": round(r["theme_macro_f1"], 4),
                      "sentiment_macro_f1": round(r["sentiment"]["macro_f1"], 4), "folds": r.get("folds", [])} for r in results],
        "seconds": round(seconds, 1),
    }
    spread = ""
    if len(results) > 1:
        spread = " (seeds: " + ", ".join(f"{x['theme_macro_f1']:.3f}/{x['sentiment_macro_f1']:.3f}" for x in row["per_seed"]) + ")"
    print(f"  {name}: theme macro-F1 {row['theme_macro_f1']:.3f}, sentiment macro-F1 "
          f"{row['sentiment_macro_f1']:.3f}{spread} ({seconds:.0f} s)", file=sys.stderr, flush=True)
    return row


def nested_linear(examples, documents, k: int, seed: int, schema, extra=()) -> tuple[dict, list[dict]]:
    """Outer grouped CV of the linear backend whose settings are picked on inner folds only."""
    from argmine.train import cross_validate, evaluate, fit_backend, folds, groups_for, make_backend, new_extra

    extra = new_extra(examples, extra)  # an extra repeating a gold text would train the fold that tests it
    groups = groups_for(examples, "block", documents)
    predictions: list = [None] * len(examples)
    chosen = []
    for fold, (tr, te) in enumerate(folds(examples, k, "block", seed, documents)):
        train_ex = [examples[i] for i in tr]
        best, best_score = None, -1.0
        for params in NESTED_GRID:
            r = cross_validate(train_ex, backend="linear", k=k - 1, seed=seed, schema=schema, documents=documents, extra=extra, **params)
            s = (r["theme_macro_f1"] + r["sentiment"]["macro_f1"]) / 2
            if s > best_score + 1e-12:
                best, best_score = params, s
        model = fit_backend(make_backend("linear", schema, seed=seed, **best), train_ex, [groups[i] for i in tr], extra)
        for i, p in zip(te, model.predict([examples[i].norm_text for i in te])):
            predictions[i] = p
        chosen.append({"fold": fold, "seed": seed, "params": best, "inner_score": round(best_score, 4)})
    result = evaluate(examples, predictions, schema)
    result["cv"] = {"seed": seed}
    return result, chosen


def _fail(option: str, problem: object) -> int:
    """Print one line naming the option and what is wrong with its file; the exit status 1."""
    print(f"classify_cv.py: {option} {problem}", file=sys.stderr)
    return 1


def _names(docs: list[str]) -> str:
    return ", ".join(docs[:3]) + (", ..." if len(docs) > 3 else "")


def _not_in_source(cover: dict, source: str) -> str:
    """What ``--source`` lacks, from :func:`argmine.train.source_coverage`: which gold documents, and what their blocks are then.

    A document it lacks and one it holds with other text at the gold's offsets (a gold record edited, or a source
    changed since: ``argmine realign``) are named apart.

    >>> _not_in_source({"documents": 1, "on_lines": 0, "missing": ["a"], "text_differs": []}, "src")
    '--source src: the gold document is not in it (a), so its blocks are runs of 8 units'
    >>> _not_in_source({"documents": 4, "on_lines": 2, "missing": ["a"], "text_differs": ["b"]}, "src")
    "--source src: 2 of the 4 gold documents are not in it with the gold's text at its offsets (1 is missing: a; 1 has other text there: b; realign the gold to it with argmine realign where the text changed), so their blocks are runs of 8 units"
    """
    from argmine.train import BLOCK_SIZE

    missing, differs = cover["missing"], cover["text_differs"]
    bad, total = missing + differs, cover["documents"]
    if total == 1:
        which = "the gold document is not in it" + ("" if missing else " with the gold's text at its offsets")
    elif not cover["on_lines"]:
        which = f"none of the {total} gold documents is in it with the gold's text at its offsets"
    else:
        which = f"{len(bad)} of the {total} gold documents {'is' if len(bad) == 1 else 'are'} not in it with the gold's text at its offsets"
    if missing and differs:
        names = (f"{len(missing)} {'is' if len(missing) == 1 else 'are'} missing: {_names(missing)}; {len(differs)} "
                 f"{'has' if len(differs) == 1 else 'have'} other text there: {_names(differs)}")
    else:
        names = _names(bad)
    realign = "; realign the gold to it with argmine realign where the text changed" if differs else ""
    return f"--source {source}: {which} ({names}{realign}), so {'its' if len(bad) == 1 else 'their'} blocks are runs of {BLOCK_SIZE} units"


def source_note(examples, documents, source: str) -> str:
    """A warning when ``--source`` lacks some gold documents (their blocks are then runs of units), in this script's words; or ""."""
    from argmine.train import source_coverage

    cover = source_coverage(examples, documents)
    if not cover["missing"] + cover["text_differs"]:
        return ""
    return f"{_not_in_source(cover, source)}, not source lines; pass the folder the gold was made from"


def folds_problem(examples, documents, args) -> str:
    """Why the cross-validations asked for cannot run (one line naming this script's option), found before any training; or ""."""
    from argmine.train import groups_for, source_coverage

    if args.folds < 2:
        return f"--folds {args.folds}: cross-validation needs 2 or more folds"
    if args.nested and args.folds < 3:
        return f"--nested: its inner folds are one fewer than --folds ({args.folds}); use --folds 3 or more"
    blocks = len(set(groups_for(examples, "block", documents)))
    if blocks < args.folds:
        cover = source_coverage(examples, documents)
        if cover["documents"] and not cover["on_lines"]:  # the cause to fix first: with the right source the blocks are lines, and more
            return (f"{_not_in_source(cover, args.source)}, and the gold has only {blocks}, too few for --folds {args.folds}; "
                    "pass the folder the gold was made from" + (f", or --folds {blocks}" if blocks >= 2 else ""))
        return f"--folds {args.folds}: the gold has only {blocks} blocks" + (f"; use --folds {blocks} or fewer" if blocks >= 2 else "")
    docs = len({e.doc for e in examples if e.doc})
    if args.by_doc and docs < 2:
        return f"--by-doc: the gold has {docs} document{'' if docs == 1 else 's'}; it needs two to train on one and test on the other"
    return ""


def show_warnings_once():
    """A ``warnings.showwarning`` that prints each warning of the library once, as one line; the one about
    documents missing from the source is left out (:func:`source_note` says it, naming this script's options)."""
    from argmine.errors import W_CV_NO_SOURCE_DOCS

    source_warning = W_CV_NO_SOURCE_DOCS.split("{examples}")[0].removeprefix("{which}")
    shown: set[str] = set()

    def show(message, category, filename, lineno, file=None, line=None):
        text = str(message)
        if text not in shown and source_warning not in text:
            shown.add(text)
            print(f"classify_cv.py: warning: {text}", file=sys.stderr, flush=True)

    return show


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--gold", default=str(ROOT / "annotations" / "gold.jsonl"),
                    help="gold JSONL to cross-validate on (default: the repo's annotations/gold.jsonl)")
    ap.add_argument("--extra", default=str(ROOT / "annotations" / "guide_examples.jsonl"),
                    help="examples that only train (default: the default model's, annotations/guide_examples.jsonl); "
                         "'' for none")
    ap.add_argument("--source", default=str(ROOT / "corpora"),
                    help="the documents the gold came from (blocks follow their lines; default: the repo's corpora/)")
    ap.add_argument("--folds", type=int, default=5,
                    help="number of cross-validation folds, grouped by block (default %(default)s)")
    ap.add_argument("--seeds", default="0,1,2,3,4",
                    help="fold seeds, comma-separated; every row is the mean over them (default %(default)s)")
    ap.add_argument("--tiny-epochs", type=int, default=10,
                    help="epochs for the tiny transformer (0 = skip it; default %(default)s)")
    ap.add_argument("--nested", action="store_true", help="also pick linear settings on inner folds (nested CV)")
    ap.add_argument("--by-doc", action="store_true",
                    help="also train on one document and test on the other (2 folds grouped by document)")
    ap.add_argument("--json", action="store_true", help="print one JSON object")
    ap.add_argument("--schema", default=None, help="schema TOML whose cues to use (default: the packaged schema)")
    ap.add_argument("--param", action="append", default=[], metavar="KEY=VALUE",
                    help="a linear backend setting for the linear rows (repeatable; VALUE parsed as JSON if it can be)")
    args = ap.parse_args(argv)
    with warnings.catch_warnings():
        warnings.simplefilter("always")  # show_warnings_once shows each once, whatever line gave it
        warnings.showwarning = show_warnings_once()
        return run(ap, args)


def run(ap: argparse.ArgumentParser, args: argparse.Namespace) -> int:
    """Check and read the inputs, then :func:`report`; the exit status (a problem: one line on stderr, 1)."""
    from argmine.errors import ArgmineError
    from argmine.read import read
    from argmine.schema import load_schema
    from argmine.train import load_examples, new_extra

    try:
        seeds = [int(x) for x in args.seeds.split(",")]
    except ValueError:
        ap.error(f"--seeds {args.seeds!r}: expected integers separated by commas, e.g. 0,1,2")
    try:
        schema = load_schema(args.schema)
    except ArgmineError as exc:
        return _fail("--schema", exc)
    linear_params = {}
    for item in args.param:
        key, sep, value = item.partition("=")
        if not sep:
            ap.error(f"--param {item!r}: expected KEY=VALUE")
        try:
            linear_params[key] = json.loads(value)
        except json.JSONDecodeError:
            linear_params[key] = value
    inputs = {"--gold": lambda: load_examples(args.gold, schema=schema),
              "--extra": lambda: load_examples(args.extra, schema=schema) if args.extra else [],
              "--source": lambda: {d.id: d.text for d in read([args.source])}}
    loaded = {}
    for option, load in inputs.items():  # before minutes of cross-validation
        try:
            loaded[option] = load()
        except ArgmineError as exc:
            return _fail(option, exc)
    examples, extra, documents = loaded["--gold"], loaded["--extra"], loaded["--source"]
    problem = folds_problem(examples, documents, args)
    if problem:
        print(f"classify_cv.py: {problem}", file=sys.stderr)
        return 1
    note = source_note(examples, documents, args.source)
    if note:
        print(f"classify_cv.py: warning: {note}", file=sys.stderr, flush=True)
    extra = new_extra(examples, extra)  # once, with its warning, so that the rows name the extras that train
    try:
        return report(args, schema, linear_params, seeds, examples, extra, documents)
    except ArgmineError as exc:  # what the checks above did not foresee: one line, not a traceback
        print(f"classify_cv.py: {exc}", file=sys.stderr)
        return 1


def report(args, schema, linear_params, seeds, examples, extra, documents) -> int:
    """Run the cross-validations and print their table (or ``--json``); the exit status."""
    from argmine.train import cross_validate

    common = {"k": args.folds, "group_by": "block", "schema": schema, "documents": documents}
    suffix = f" {linear_params}" if linear_params else ""
    specs = [("lexicon", "lexicon", {}, []), (f"linear, gold only{suffix}", "linear", linear_params, [])]
    if extra:
        specs.append((f"linear + {len(extra)} guide examples (default model){suffix}", "linear", linear_params, extra))

    def row(name, backend, params, more, seeds=seeds, **cv):
        t = time.perf_counter()
        results = [cross_validate(examples, backend=backend, seed=seed, extra=more, **{**common, **cv}, **params) for seed in seeds]
        return score_row(name, results, time.perf_counter() - t)

    rows = [row(*spec) for spec in specs]
    if args.tiny_epochs > 0:
        from argmine.backends.transformers_backend import build_tiny_encoder

        with tempfile.TemporaryDirectory() as tmp:
            t = time.perf_counter()
            # the vocabulary is every character of the unit texts (no labels are read)
            base = build_tiny_encoder([e.norm_text for e in examples], Path(tmp) / "tiny", seed=seeds[0])
            import torch

            torch.set_num_threads(min(2, torch.get_num_threads()))  # a tiny model gains nothing from more
            tiny = {"model_name_or_path": str(base), "epochs": args.tiny_epochs, "learning_rate": 1e-2,
                    "warmup_ratio": 0.0, "batch_size": 16, "max_length": 64, "evidence_top": 0, "device": "cpu"}
            rows.append(row(f"transformers (tiny, {args.tiny_epochs} epochs), gold only", "transformers", tiny, []))
    nested = None
    if args.nested:
        t = time.perf_counter()
        runs = [nested_linear(examples, documents, args.folds, seed, schema, extra) for seed in seeds]
        rows.append(score_row("linear (nested: settings picked on inner folds)" + (" + guide examples" if extra else ""),
                              [r for r, _ in runs], time.perf_counter() - t))
        nested = [c for _, chosen in runs for c in chosen]
    # two documents make two folds whatever the seed: one run
    by_doc = [row(name, backend, params, more, seeds=seeds[:1], k=2, group_by="doc") for name, backend, params, more in specs] if args.by_doc else None
    out = {"n": len(examples), "extra": len(extra), "folds": args.folds, "group_by": "block", "seeds": seeds, "rows": rows}
    if nested is not None:
        out["nested_choices"] = nested
    if by_doc is not None:
        out["by_document"] = by_doc
    if args.json:
        print(json.dumps(out, ensure_ascii=False, indent=2))
        return 0
    themes = list(schema.theme_ids)
    head = f"{'backend':<52}{'theme mF1':>10}" + "".join(f"{t[:10]:>11}" for t in themes) + f"{'sent acc':>10}{'sent mF1':>10}{'sec':>7}"

    def table(title, table_rows):
        print(title)
        print(head)
        for r in table_rows:
            print(f"{r['backend']:<52}{r['theme_macro_f1']:>10.3f}" + "".join(f"{r['themes'][t]:>11.3f}" for t in themes)
                  + f"{r['sentiment_accuracy']:>10.3f}{r['sentiment_macro_f1']:>10.3f}{r['seconds']:>7.0f}")

    seed_text = f"seed {seeds[0]}" if len(seeds) == 1 else f"mean over fold seeds {args.seeds}"
    table(f"Grouped {args.folds}-fold CV (by block, {seed_text}) on {len(examples)} gold units", rows)
    if nested is not None:
        print("nested choices: " + "; ".join(f"seed {c['seed']} fold {c['fold']}: {c['params'] or 'defaults'}" for c in nested))
    if by_doc is not None:
        print()
        table(f"Across documents: train on one document, test on the other (seed {seeds[0]})", by_doc)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
