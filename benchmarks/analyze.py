"""``argmine.analyze`` throughput and memory against SnowNLP's sentiment, plus start-up time.

Run:  .venv/bin/python benchmarks/analyze.py [--mb 5] [--model M] [--sample 400] [--workers auto|N]

What it does, all in one run on this machine:

1. copies ``corpora/`` into a temporary directory until it holds >= ``--mb``
   MB of input (benchmarks/_corpus.py);
2. runs the whole pipeline, ``argmine.analyze([dir], model=M)`` (read,
   clean, segment, classify with the default model unless ``--model``,
   aggregate with 2000 bootstrap draws per group), in a separate process
   and reports units/s (wall time of the call, model loading included) and
   its peak memory: max RSS of the process plus that of the forked
   classify worker (``--workers``, default 1 = the library default; ``auto`` forks one,
   two processes on a machine with two or more CPUs); the sum counts the
   pages they share twice, so it is an upper bound;
3. times ``SnowNLP(s).sentiments`` on a seeded random sample of ``--sample``
   of the same units' texts (SnowNLP's own model is loaded before the
   timing) and extrapolates its rate to all the units: SnowNLP is too slow
   to run on every sentence, so its units/s is the sample's rate, which the
   output says;
4. prints the ratio (target >= 20x) and the peak memory (target < 1 GB);
5. times ``python -c "import argmine"`` and ``argmine --help`` in fresh
   processes (median of 5; target < 0.5 s each) next to a bare
   ``python -c pass`` for reference.

A per-stage breakdown (read+segment, classify, aggregate) is printed to
show where the time goes.  The last line is the JSON of all the numbers.
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _corpus import replicate  # noqa: E402

WORKER = r"""
import json, resource, sys, time
t0 = time.perf_counter()
import argmine
model = None if sys.argv[2] == "default" else sys.argv[2]
workers = sys.argv[4] if sys.argv[4] == "auto" else int(sys.argv[4])
analysis = argmine.analyze([sys.argv[1]], model=model, workers=workers)
seconds = time.perf_counter() - t0
texts = [cu.unit.text for cu in analysis.units]
json.dump({
    "seconds": seconds,
    "units": len(analysis.units),
    "documents": analysis.totals["documents"],
    "model": analysis.provenance["model"],
    "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    # the forked worker (if any) has ended: its max RSS, which also counts
    # the pages it shares with this process, so self + children is an upper bound
    "children_peak_rss_mb": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024,
    "texts": texts,
}, open(sys.argv[3], "w", encoding="utf-8"), ensure_ascii=False)
"""


def stages(path: str, model):
    """Time each stage once, in this process (after a warm-up of the model)."""
    import argmine
    from argmine.aggregate import model_schema, summarize
    from argmine.classify import classify, load_model

    backend = load_model(model)
    list(classify(argmine.segment([argmine.Document("warm", "财不外露。支付宝做社交是对的。")]), model=backend))
    t = time.perf_counter()
    docs = argmine.read([path])
    units = argmine.segment(docs)
    t_seg = time.perf_counter() - t
    t = time.perf_counter()
    classified = list(classify(units, model=backend, batch_size=512))
    t_cls = time.perf_counter() - t
    t = time.perf_counter()
    summarize(classified, model_schema(backend), documents=docs)
    t_agg = time.perf_counter() - t
    return {"read_segment_s": round(t_seg, 3), "classify_s": round(t_cls, 3), "aggregate_s": round(t_agg, 3)}


def startup(cmd: list[str], repeat: int = 5) -> float:
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        subprocess.run(cmd, check=True, capture_output=True)
        times.append(time.perf_counter() - t)
    return statistics.median(times)


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--mb", type=float, default=5.0, help="input size in MB (default 5)")
    ap.add_argument("--model", default="default", help="model directory or 'lexicon' (default: the packaged model)")
    ap.add_argument("--sample", type=int, default=400, help="sentences timed with SnowNLP (default 400)")
    ap.add_argument("--seed", type=int, default=0, help="seed of the SnowNLP sample")
    ap.add_argument("--workers", default="1", help="processes that classify: a number (1 = the library default) or 'auto'")
    args = ap.parse_args(argv)
    model = None if args.model == "default" else args.model

    with tempfile.TemporaryDirectory() as tmp:
        paths, nbytes = replicate(args.mb, Path(tmp) / "in")
        out = Path(tmp) / "worker.json"
        subprocess.run([sys.executable, "-c", WORKER, str(Path(tmp) / "in"), args.model, str(out), args.workers], check=True)
        run = json.loads(out.read_text("utf-8"))
        breakdown = stages(str(Path(tmp) / "in"), model)

    units, seconds = run["units"], run["seconds"]
    argmine_rate = units / seconds
    texts = run.pop("texts")
    # Imported only now: a worker forked from a process holding SnowNLP's
    # models would report their memory as part of its own peak.
    from snownlp import SnowNLP

    sample = random.Random(args.seed).sample(texts, min(args.sample, len(texts)))
    SnowNLP("预热一下模型。").sentiments  # load SnowNLP's model outside the timing
    t = time.perf_counter()
    for s in sample:
        SnowNLP(s).sentiments
    snow_seconds = time.perf_counter() - t
    snow_rate = len(sample) / snow_seconds

    bin_dir = Path(sys.executable).parent
    argmine_cli = bin_dir / "argmine"
    t_pass = startup([sys.executable, "-c", "pass"])
    t_import = startup([sys.executable, "-c", "import argmine"])
    t_help = startup([str(argmine_cli), "--help"] if argmine_cli.exists() else [sys.executable, "-m", "argmine.cli", "--help"])

    rows = {
        "input_mb": round(nbytes / 1e6, 2),
        "documents": run["documents"],
        "units": units,
        "model": run["model"],
        "argmine_analyze": {"seconds": round(seconds, 2), "units_per_s": round(argmine_rate)},
        "stages": breakdown,
        "snownlp_sentiment": {
            "sample": len(sample),
            "sample_seconds": round(snow_seconds, 2),
            "units_per_s": round(snow_rate, 1),
            "extrapolated_seconds_all_units": round(units / snow_rate, 1),
        },
        "ratio_vs_snownlp": round(argmine_rate / snow_rate, 1),
        "workers": args.workers,
        "peak_rss_mb": round(run["peak_rss_mb"], 1),
        "worker_peak_rss_mb": round(run["children_peak_rss_mb"], 1),
        "peak_rss_upper_bound_mb": round(run["peak_rss_mb"] + run["children_peak_rss_mb"], 1),
        "startup_s": {"python_pass": round(t_pass, 3), "import_argmine": round(t_import, 3), "argmine_help": round(t_help, 3)},
    }
    print(f"input: {rows['input_mb']} MB, {run['documents']} documents, {units} units; model {run['model'].get('name')}")
    print(f"argmine.analyze (whole pipeline): {seconds:7.2f} s  {argmine_rate:9.0f} units/s  (workers: {args.workers})")
    print(f"  stages: read+segment {breakdown['read_segment_s']} s, classify {breakdown['classify_s']} s, aggregate {breakdown['aggregate_s']} s")
    print(
        f"SnowNLP sentiment alone          : {snow_rate:9.1f} units/s "
        f"(timed on a sample of {len(sample)} of the same sentences, extrapolated: {units / snow_rate:.0f} s for all)"
    )
    print(f"ratio                            : {rows['ratio_vs_snownlp']:.1f}x (target >= 20)")
    print(
        f"peak memory of the analyze run   : {rows['peak_rss_upper_bound_mb']:.0f} MB (target < 1024): max RSS "
        f"{rows['peak_rss_mb']:.0f} MB + forked worker {rows['worker_peak_rss_mb']:.0f} MB (shared pages counted twice)"
    )
    print(
        f"start-up (median of 5)           : import argmine {t_import:.3f} s, argmine --help {t_help:.3f} s "
        f"(target < 0.5; bare python {t_pass:.3f} s)"
    )
    print(json.dumps(rows, ensure_ascii=False))


if __name__ == "__main__":
    main()
