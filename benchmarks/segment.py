"""Segmentation speed and memory against jieba, on the corpus replicated to >= 5 MB.

Run:  .venv/bin/python benchmarks/segment.py [--mb 5]

Prints MB/s and units/s for argmine's sentence segmentation (reading,
cleaning, normalisation and segmentation included) without and with jieba
tokens, for ``jieba.lcut`` alone on the same texts, the ratios, and the peak
memory (max RSS) of a separate process that streams the same input through
``argmine segment`` with tokens (JSON key ``peak_rss_mb_streaming_with_tokens``;
the input's size is ``input_mb``).
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _corpus import best_time, replicate  # noqa: E402

PEAK = r"""
import resource, sys
import argmine
from argmine.read import iter_documents
from argmine.segment import iter_segmented
n = 0
for seg in iter_segmented(iter_documents(sys.argv[1:]), tokens=True):
    n += len(seg.units)
print(n, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)
"""


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--mb", type=float, default=5.0, help="input size in MB (default 5)")
    ap.add_argument("--repeat", type=int, default=2, help="timed runs per measurement; the best is kept")
    args = ap.parse_args(argv)

    import jieba

    import argmine
    from argmine.read import iter_documents
    from argmine.segment import iter_segmented

    jieba.setLogLevel(60)
    jieba.initialize()
    with tempfile.TemporaryDirectory() as tmp:
        paths, nbytes = replicate(args.mb, Path(tmp))
        mb = nbytes / 1e6
        texts = [d.text for d in argmine.read(paths)]
        argmine.segment([argmine.Document("warm", texts[0])], tokens=True)  # load dictionaries outside the timing

        def run_argmine(tokens):
            return sum(len(s.units) for s in iter_segmented(iter_documents(paths), tokens=tokens))

        t_sent, n_units = best_time(lambda: run_argmine(False), args.repeat)
        t_tok, _ = best_time(lambda: run_argmine(True), args.repeat)
        t_jieba, n_words = best_time(lambda: sum(len(jieba.lcut(t)) for t in texts), args.repeat)
        peak = subprocess.run([sys.executable, "-c", PEAK, *map(str, paths)], capture_output=True, text=True, check=True)
        peak_units, peak_mb = peak.stdout.split()

    rows = {
        "input_mb": round(mb, 2),
        "units": n_units,
        "argmine_sentences": {"seconds": round(t_sent, 3), "mb_per_s": round(mb / t_sent, 2), "units_per_s": round(n_units / t_sent)},
        "argmine_with_tokens": {"seconds": round(t_tok, 3), "mb_per_s": round(mb / t_tok, 2), "units_per_s": round(n_units / t_tok)},
        "jieba_lcut": {"seconds": round(t_jieba, 3), "mb_per_s": round(mb / t_jieba, 2), "words": n_words},
        "speedup_sentences_vs_jieba": round(t_jieba / t_sent, 2),
        "tokens_time_ratio_vs_jieba": round(t_tok / t_jieba, 2),
        "peak_rss_mb_streaming_with_tokens": round(float(peak_mb), 1),
    }
    print(f"input: {mb:.2f} MB, {n_units} units")
    print(f"argmine sentences     : {rows['argmine_sentences']['mb_per_s']:6.2f} MB/s  {rows['argmine_sentences']['units_per_s']:8d} units/s")
    print(f"argmine + word tokens: {rows['argmine_with_tokens']['mb_per_s']:6.2f} MB/s  {rows['argmine_with_tokens']['units_per_s']:8d} units/s")
    print(f"jieba.lcut alone      : {rows['jieba_lcut']['mb_per_s']:6.2f} MB/s")
    print(f"sentences vs jieba    : {rows['speedup_sentences_vs_jieba']:.2f}x faster")
    print(f"with tokens vs jieba  : {rows['tokens_time_ratio_vs_jieba']:.2f}x jieba's time (target <= 1.3)")
    print(f"peak RSS, streaming   : {rows['peak_rss_mb_streaming_with_tokens']:.0f} MB with tokens, "
          f"{mb:.2f} MB input (target < 500)")
    print(json.dumps(rows, ensure_ascii=False))


if __name__ == "__main__":
    main()
