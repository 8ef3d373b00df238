"""General polarity: argmine vs SnowNLP vs cnsenti on held-out ChnSentiCorp rows.

Run:  .venv/bin/python benchmarks/sentiment.py [--data ../shared/data/sentiment] [--encoding NAME] [--retrain] [--model DIR] [--json [PATH]]

The review CSVs are read by :func:`argmine.polarity.load_reviews`: any encoding
:func:`argmine.decode.decode` detects (UTF-8 with or without BOM, GB18030/GBK, Big5,
UTF-16 with a BOM; ``--encoding`` forces one).

The test rows are 20% of ChnSentiCorp_htl_all.csv (empty reviews left out
and counted), split with sklearn ``train_test_split(test_size=0.2,
random_state=0, stratify=label)`` -- the same split that
``scripts/build_polarity.py`` trains the packaged model on the rest of.  The
script checks the model's recorded split before using it.  ``--retrain``
builds the model from scratch (same code, same settings) into a temporary
directory first, so anyone can reproduce the figures.  Without it the model
must record the same split of the same rows: the settings, the sizes and
``test_sha256``, a fingerprint of the test rows' content (a reordered or
edited copy of the CSV splits into other rows, some of which the model was
trained on; such data is refused in one line pointing to ``--retrain``).

``--json`` prints the results as one JSON object on stdout instead of the
table (like the other benchmarks); ``--json PATH`` prints the table and also
writes the JSON to PATH.

Rules for the peers, applied to every row:
- SnowNLP: positive when ``SnowNLP(text).sentiments >= 0.5``.
- cnsenti: ``Sentiment().sentiment_count(text)``; positive when pos > neg,
  otherwise negative (ties, including 0-0, count as negative; the number of
  ties is printed).

Rows/s is the best of ``--repeat`` timed passes over all test rows (argmine
scores the rows as one batch; the peers have no batch API and run row by row).
argmine's scoring speed on short units (what the ``linear`` backend feeds it)
is also printed: 5,000 clauses of waimai_10k reviews (split at ，。！？；
and spaces, >= 4 chars; a training corpus, so no test row is read), best of
max(3, ``--repeat``) passes.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_DATA = ROOT.parent / "shared" / "data" / "sentiment"

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _corpus import best_time  # noqa: E402


def data_problem(data: Path, retrain: bool, encoding: str | None = None) -> str | None:
    """One line saying why ``data`` cannot be read as the review CSV directory, or None.

    Every CSV the run reads must be there and decode as :func:`argmine.polarity.load_reviews`
    reads it (:func:`argmine.decode.decode`: UTF-8 with or without BOM, GB18030/GBK, Big5,
    UTF-16; ``encoding`` forces one), so that a bad file ends the run before any work.
    """
    from argmine.decode import decode
    from argmine.errors import InputError, warnings_kept
    from argmine.polarity import AUX_FILES, HOTEL_FILE

    names = (HOTEL_FILE,) + (AUX_FILES if retrain else AUX_FILES[:1])
    if not data.is_dir():
        return (f"{data}: {'not a folder' if data.exists() else 'no such folder'}; pass --data DIR, the folder holding {', '.join(names)} "
                f"(../shared/data/sentiment beside the repo)")
    for name in names:
        path = data / name
        try:
            raw = path.read_bytes()
        except OSError as exc:
            return f"{path}: {exc.strerror or exc}; --data DIR must hold {', '.join(names)}"
        if raw:  # an empty file is refused by load_reviews (no label,review columns)
            try:
                with warnings_kept():  # load_reviews gives them when it reads the file
                    decode(raw, str(path), encoding)
            except InputError as err:
                return str(err)
    return None


#: what must match between the split the model records and the data's split
SPLIT_KEYS = ("file", "test_size", "random_state", "rows", "test", "test_sha256")


def split_problem(meta: dict, split: dict, model_dir: Path, data: Path) -> str | None:
    """One line saying why the model may have seen the data's held-out rows, or None.

    The model's ``meta["trained_on"]["split"]`` (written by
    :func:`argmine.polarity.build_default`) must have the same settings, sizes and
    ``test_sha256`` (the content of the test rows) as ``split``: a reordered copy of
    ChnSentiCorp splits into other rows, many of them rows the model was trained on.

    >>> split = {"file": "h.csv", "test_sha256": "b"}
    >>> split_problem({"trained_on": {"split": {**split, "test_sha256": "a"}}}, split, Path("m"), Path("d"))[:88]
    'the model m does not record the same ChnSentiCorp split as d/h.csv (test_sha256 differs)'
    >>> split_problem({"trained_on": {"split": split}}, split, Path("m"), Path("d")) is None
    True
    """
    recorded = (meta.get("trained_on") or {}).get("split") or {}
    differ = [k for k in SPLIT_KEYS if recorded.get(k) != split.get(k)]
    if not differ:
        return None
    why = ("it records no fingerprint of its held-out rows (test_sha256)" if "test_sha256" not in recorded
           else f"{', '.join(differ)} differ{'s' if len(differ) == 1 else ''}")
    return (f"the model {model_dir} does not record the same ChnSentiCorp split as {data / split.get('file', '')} "
            f"({why}), so it may have been trained on the test rows; pass --retrain, or rebuild the model with "
            "scripts/build_polarity.py")


def _left_out(skipped: dict) -> str:
    """``{'empty review': 1}`` as ``1 empty review``; ``none`` when nothing was skipped.

    >>> _left_out({"empty review": 1, "bad label": 2})
    '1 empty review, 2 bad label'
    >>> _left_out({})
    'none'
    """
    return ", ".join(f"{n} {why}" for why, n in skipped.items()) or "none"


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data", type=Path, default=DEFAULT_DATA, help=f"review CSV directory (default {DEFAULT_DATA})")
    ap.add_argument("--encoding", default=None, metavar="NAME",
                    help="encoding of the review CSVs (default: detected: UTF-8 with or without BOM, GB18030, Big5, UTF-16)")
    ap.add_argument("--model", type=Path, default=None, help="polarity model directory (default: the packaged one)")
    ap.add_argument("--retrain", action="store_true", help="train the model from scratch on the training split first")
    ap.add_argument("--repeat", type=int, default=2, help="timed passes per method; the best is kept (default 2)")
    ap.add_argument("--skip-peers", action="store_true", help="only evaluate argmine (no SnowNLP / cnsenti)")
    ap.add_argument("--json", type=Path, nargs="?", const=Path("-"), default=None, metavar="PATH",
                    help="print the results as one JSON object instead of the table; with PATH (not -), "
                         "print the table and write the JSON to that file")
    args = ap.parse_args(argv)
    json_only = args.json == Path("-")
    say = (lambda *a, **k: None) if json_only else print  # stdout holds only the JSON then

    sys.path.insert(0, str(ROOT))
    import numpy as np
    from sklearn.metrics import accuracy_score, f1_score

    from argmine.errors import ArgmineError, warnings_kept
    from argmine.polarity import HOTEL_FILE, PolarityModel, default_polarity_path, heldout_split, load_reviews

    if args.json and not json_only and (args.json.is_dir() or not args.json.parent.is_dir()):  # said before the run, not after
        why = "is a folder" if args.json.is_dir() else f"its folder {args.json.parent} does not exist"
        print(f"sentiment.py: --json {args.json}: {why}; pass a file path that can be written", file=sys.stderr)
        return 1
    problem = data_problem(args.data, args.retrain, args.encoding)
    if problem:
        print(f"sentiment.py: {problem}", file=sys.stderr)
        return 1
    with warnings_kept() as kept:
        try:
            with tempfile.TemporaryDirectory() as tmp:
                if args.retrain:
                    sys.path.insert(0, str(ROOT / "scripts"))
                    from build_polarity import DEFAULTS
                    from argmine.polarity import build_default

                    t = time.perf_counter()
                    model, data = build_default(args.data, Path(tmp) / "polarity", encoding=args.encoding, **DEFAULTS)
                    say(f"retrained on {len(data.train)} rows in {time.perf_counter() - t:.1f} s")
                    test, split = data.test, data.summary["split"]
                else:
                    model = PolarityModel.load(args.model or default_polarity_path())
                    _, test, split = heldout_split(args.data, encoding=args.encoding)
                    problem = split_problem(model.meta_, split, args.model or default_polarity_path(), args.data)
                    if problem:
                        print(f"sentiment.py: {problem}", file=sys.stderr)
                        return 1
            waimai = load_reviews(args.data / "waimai_10k.csv", encoding=args.encoding)  # its short clauses time the scoring of units
        except ArgmineError as exc:
            print(f"sentiment.py: {exc}", file=sys.stderr)
            return 1
        except ValueError as exc:  # sklearn's stratified split of too few rows
            print(f"sentiment.py: {args.data / HOTEL_FILE}: its rows cannot be split 80/20 stratified by label ({exc}); "
                  "pass the full ChnSentiCorp_htl_all.csv", file=sys.stderr)
            return 1
        finally:  # what reading said (a few damaged places read as U+FFFD, CESU-8): one line each
            for message, _ in kept:
                print(f"sentiment.py: warning: {message}", file=sys.stderr)

    texts, gold = test.texts, np.asarray(test.labels)
    say(f"ChnSentiCorp_htl_all: {split['rows']} rows with text ({_left_out(split['skipped'])} left out); "
          f"held-out test {split['test']} rows ({int(gold.sum())} positive, {int(len(gold) - gold.sum())} negative), "
          f"train split {split['train']} rows; split test_size={split['test_size']} "
          f"random_state={split['random_state']} stratified")
    aux = model.meta_["trained_on"]["aux"]
    say("the model was trained on: " + ", ".join(
        [f"ChnSentiCorp train split {split['train']}"]
        + [f"{k} {v['used']} of {v['rows']} (weight {v['weight']}; {v['near_duplicates_of_ChnSentiCorp']} "
           f"near-duplicates of ChnSentiCorp removed"
           + (f"; its {v['hotel_rows']['used']} {v['hotel_rows']['category']} rows weigh {v['hotel_rows']['weight']}"
              if "hotel_rows" in v else "") + ")" for k, v in aux.items()]))

    results = {}

    def report(name, pred, seconds, extra=""):
        pred = np.asarray(pred, dtype=int)
        results[name] = {
            "accuracy": round(float(accuracy_score(gold, pred)), 4),
            "macro_f1": round(float(f1_score(gold, pred, average="macro")), 4),
            "rows_per_s": round(len(gold) / seconds, 1),
            "seconds": round(seconds, 3),
        }
        if extra:
            results[name]["note"] = extra

    model.score(texts[:1])  # build the vectoriser outside the timing
    t_arg, scores = best_time(lambda: model.score(texts), args.repeat)
    report("argmine", scores >= 0, t_arg)
    import re

    short = [c for t in waimai.texts
             for c in re.split(r"[。！？!?；;，,\s]+", t) if len(c) >= 4][:5000]
    t_short, _ = best_time(lambda: model.score(short), max(3, args.repeat))
    short_speed = {"rows": len(short), "mean_chars": round(sum(map(len, short)) / len(short), 1),
                   "rows_per_s": round(len(short) / t_short, 1)}

    if not args.skip_peers:
        import jieba
        from snownlp import SnowNLP

        jieba.setLogLevel(60)
        t_snow, snow = best_time(lambda: [SnowNLP(t).sentiments >= 0.5 for t in texts], args.repeat)
        report("snownlp", snow, t_snow)

        from cnsenti import Sentiment

        senti = Sentiment()
        senti.sentiment_count("预热")  # load jieba's dictionary outside the timing
        t_cn, counts = best_time(lambda: [senti.sentiment_count(t) for t in texts], args.repeat)
        ties = sum(c["pos"] == c["neg"] for c in counts)
        report("cnsenti", [c["pos"] > c["neg"] for c in counts], t_cn,
               f"{ties} ties (pos == neg) counted as negative")

    say(f"\n{'method':10s} {'accuracy':>9s} {'macro-F1':>9s} {'rows/s':>10s}")
    for name, r in results.items():
        say(f"{name:10s} {r['accuracy']:9.4f} {r['macro_f1']:9.4f} {r['rows_per_s']:10.1f}"
              + (f"   ({r['note']})" if "note" in r else ""))
    if "snownlp" in results:
        say(f"\nargmine is {results['argmine']['rows_per_s'] / results['snownlp']['rows_per_s']:.0f}x SnowNLP's "
              f"and {results['argmine']['rows_per_s'] / results['cnsenti']['rows_per_s']:.0f}x cnsenti's rows/s")
    say(f"argmine on {short_speed['rows']} short clauses (waimai_10k, mean {short_speed['mean_chars']} chars): "
          f"{short_speed['rows_per_s']:,.0f} rows/s")
    target = results["argmine"]["accuracy"] >= 0.90
    say(f"target accuracy >= 0.90 on the held-out rows: {'met' if target else 'NOT met'}")
    out = json.dumps({"split": split, "results": results, "argmine_short_clauses": short_speed,
                      "target_met": target}, ensure_ascii=False, indent=2) + "\n"
    if json_only:
        sys.stdout.write(out)
    elif args.json:
        try:
            args.json.write_text(out, encoding="utf-8")
        except OSError as exc:
            print(f"sentiment.py: --json {args.json}: {exc.strerror or exc}; pass a file path that can be written", file=sys.stderr)
            return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
