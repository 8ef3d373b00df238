"""NLPCC 2016 Task 4A (Weibo stance): argmine's default backend through the public training API.

Stance toward each target becomes the sentiment label (FAVOR -> positive,
AGAINST -> negative, NONE -> neutral) and one model is trained per target
(the five targets are different debates).  The schema has no themes to
learn here, only the three sentiment labels.  Prints the official
F_avg = (F1_FAVOR + F1_AGAINST) / 2 over all posts from seeded, stratified
5-fold cross-validation that keeps identical posts (same target and text) in
one fold, so none is tested on a copy of itself; with ``--test FILE`` (same
format) it trains on all the training data and reports F_avg on that file instead.

Both files are read by :func:`read_rows`: any encoding :func:`argmine.decode.decode` detects
(UTF-8 with or without BOM, GB18030/GBK, Big5, UTF-16 with a BOM; ``--encoding`` forces one),
LF or CRLF line ends, a header in any case (or none: the first row is already a post), stance
labels in any case and with spaces.  A test target spelt with another case, width or spacing
(``iPhone SE``, ``ＩｐｈｏｎｅＳＥ``) is the training target ``IphoneSE``; a test target with no
training posts, or a file that cannot be used, ends the run with one line naming the file.

The backend's settings are chosen per training set by an inner 3-fold CV over
``CANDIDATES`` (nested: the outer test fold never takes part).  The candidate
list was drawn up after looking at this benchmark's outer CV, so that step is
not nested; ``--fixed`` (or ``--param``) skips the selection and uses
``FIXED_PARAMS``, which were picked on the outer CV itself (optimistic, and the
output says so).

    python benchmarks/nlpcc2016.py
    python benchmarks/nlpcc2016.py --test path/to/NLPCC_2016_Stance_Detection_Task_A_gold.txt
    python benchmarks/nlpcc2016.py --param C_sentiment=4 --folds 5 --seed 0
"""

from __future__ import annotations

import argparse
import contextlib
import csv
import itertools
import json
import sys
import time
import warnings
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent
DEFAULT_DATA = HERE.parent.parent / "shared" / "data" / "nlpcc2016" / "evasampledata4-TaskAA.txt"
STANCE = {"FAVOR": "positive", "AGAINST": "negative", "NONE": "neutral"}
#: Fixed a priori (C_theme does not matter: the one placeholder theme is on every post).
BASE_PARAMS = {"C_theme": 4.0}
#: Candidate settings of the linear backend.  By default every outer training fold picks one
#: by an inner seeded, stratified ``INNER_FOLDS``-fold CV on that fold's training posts only
#: (F_avg pooled over the targets; ties go to the earlier candidate), so the test fold never
#: influences the choice.  The first candidate is the library default; the others (weaker
#: regularisation, full-weight word n-grams, no class re-weighting since F_avg ignores NONE,
#: NB-scaled n-grams for the sentiment model) were put on this list after looking at this
#: benchmark's outer CV, which is the one non-nested step (see docs/classify.md).  ``--param``
#: skips the selection and uses ``BASE_PARAMS`` + ``FIXED_PARAMS`` + the given settings instead.
CANDIDATES = (
    {"C_sentiment": 1.0, "word_weight": 0.25, "sentiment_class_weight": "balanced"},
    {"C_sentiment": 10.0, "word_weight": 1.0, "sentiment_class_weight": None},
    {"C_sentiment": 10.0, "word_weight": 1.0, "sentiment_class_weight": None, "min_df": 1},
    {"C_sentiment": 30.0, "word_weight": 1.0, "sentiment_class_weight": None, "min_df": 1},
    {"C_sentiment": 100.0, "word_weight": 1.0, "sentiment_class_weight": None, "min_df": 1},
    {"C_sentiment": 30.0, "word_weight": 1.0, "sentiment_class_weight": None, "min_df": 1, "nb": "sentiment"},
)
INNER_FOLDS = 3
#: The settings used with ``--fixed`` / ``--param`` (the earlier hand-picked choice).
FIXED_PARAMS = CANDIDATES[1]

SCHEMA_TOML = """
[schema]
id = "nlpcc2016_stance"
target = "the post's NLPCC 2016 target (stance = sentiment label)"
description = "Weibo stance detection; no themes, only FAVOR/AGAINST/NONE as positive/negative/neutral."

[[themes]]
id = "on_target"
name_en = "on target"
description = "unused placeholder theme: every post is about its target"
"""


COLUMNS = ("ID", "TARGET", "TEXT", "STANCE")


def name_key(name: str) -> str:
    """A target, column or stance name as compared: NFKC (full-width letters as ASCII), case and spaces folded.

    >>> name_key("iPhone SE") == name_key("IphoneSE") == name_key("ＩｐｈｏｎｅＳＥ")
    True
    """
    import unicodedata

    return "".join(unicodedata.normalize("NFKC", name).casefold().split())


def read_rows(path: Path, encoding: str | None = None) -> tuple[list[dict], list[str]]:
    """Rows (id, target, text, stance) of a task file, and one note per skipped row.

    The bytes are decoded by :func:`argmine.decode.decode` (UTF-8 with or without BOM, GB18030/GBK,
    Big5, UTF-16; ``encoding`` forces one); line ends may be LF or CRLF.  The first row is a header
    naming ID TARGET TEXT STANCE (any case or width, any order) or already data in that order (a
    stance label in the 4th field).  Stance labels are read in any case and with spaces; empty lines
    are passed over (neither rows nor skipped).  A file that cannot be used ends the run with one
    line naming it (``SystemExit``).
    """
    import io

    from argmine.decode import decode
    from argmine.errors import InputError, warnings_kept

    try:
        data = path.read_bytes()
    except OSError as exc:
        sys.exit(f"{path}: {exc.strerror or exc}; pass --data FILE (NLPCC 2016 task A training data, "
                 "../shared/data/nlpcc2016/evasampledata4-TaskAA.txt beside the repo)")
    if not data.strip():
        sys.exit(f"{path}: file is empty; pass a tab-separated file of ID TARGET TEXT STANCE rows")
    try:
        with warnings_kept() as kept:
            text, _ = decode(data, str(path), encoding)
    except InputError as exc:  # undecodable, binary: the message says what to do (--encoding NAME)
        sys.exit(str(exc))
    for message, _ in kept:
        print(f"warning: {message}", file=sys.stderr)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter="\t", quoting=csv.QUOTE_NONE)
    numbered = ((reader.line_num, row) for row in reader if "".join(row).strip())  # empty lines are no rows
    header_line, header = next(numbered, (1, []))
    keys = [name_key(h) for h in header]
    stances = {name_key(s): s for s in STANCE}
    missing = [c for c in COLUMNS if name_key(c) not in keys]
    if not missing:
        cols = [keys.index(name_key(c)) for c in COLUMNS]
    elif len(header) >= 4 and name_key(header[3]) in stances:  # no header: the first row is a post
        cols = [0, 1, 2, 3]
        numbered = itertools.chain([(header_line, header)], numbered)
    elif len(missing) < len(COLUMNS):
        sys.exit(f"{path}: the header has no {' or '.join(missing)} column (found {header!r}); "
                 "pass a labelled file with the columns ID TARGET TEXT STANCE")
    else:
        sys.exit(f"{path}: expected a tab-separated header ID TARGET TEXT STANCE (or a first row of data "
                 f"with a stance label FAVOR, AGAINST or NONE in the 4th field), found {header!r}; "
                 "fix the first line")
    i_id, i_target, i_text, i_stance = cols
    rows, skipped = [], []
    for n, row in numbered:
        stance = stances.get(name_key(row[i_stance])) if len(row) > max(cols) else None
        if stance is None:
            where = f"{path.name}:{n} (id {row[i_id] if len(row) > i_id else '?'})"
            if len(row) <= max(cols):  # a row cut short: say so, not that its stance is blank
                skipped.append(f"{where}: {len(row)} of the {max(cols) + 1} tab-separated fields")
            else:
                skipped.append(f"{where}: stance {row[i_stance].strip()!r}")
            continue
        rows.append({"id": row[i_id], "target": row[i_target].strip(), "text": row[i_text], "stance": stance})
    return rows, skipped


def map_targets(test_rows: list[dict], train_rows: list[dict], source: str) -> dict[str, str]:
    """Rename each test target to the training target of the same :func:`name_key`; ``{test: training}`` renamed.

    A test target that no training target matches ends the run with one line listing the training targets.
    """
    known = {}
    for r in train_rows:
        known.setdefault(name_key(r["target"]), r["target"])
    renamed, missing = {}, []
    for target in sorted({r["target"] for r in test_rows}):
        match = known.get(name_key(target))
        if match is None:
            missing.append(target)
        elif match != target:
            renamed[target] = match
    if missing:
        sys.exit(f"{source}: no training posts for target(s) {', '.join(map(repr, missing))}; the training targets are "
                 f"{', '.join(map(repr, known.values()))} (spelt in any case, width or spacing); fix the TARGET column")
    for r in test_rows:
        r["target"] = renamed.get(r["target"], r["target"])
    return renamed


def f_avg(gold: list[str], pred: list[str]) -> tuple[float, dict]:
    from sklearn.metrics import f1_score

    f = f1_score(gold, pred, labels=["FAVOR", "AGAINST"], average=None, zero_division=0)
    return float((f[0] + f[1]) / 2), {"F1_FAVOR": float(f[0]), "F1_AGAINST": float(f[1])}


def fit_predict(train_rows, test_rows, schema, params) -> list[str]:
    """Train one model per target with argmine.train and predict the test rows' stance."""
    from argmine.train import Example, train

    back = {v: k for k, v in STANCE.items()}
    pred = [""] * len(test_rows)
    for target in sorted({r["target"] for r in test_rows}):
        tr = [Example(r["text"], ("on_target",), STANCE[r["stance"]], id=r["id"]) for r in train_rows if r["target"] == target]
        te = [i for i, r in enumerate(test_rows) if r["target"] == target]
        with warnings.catch_warnings():  # the one theme is on every post by design: the stance is the sentiment label
            warnings.filterwarnings("ignore", message="every training unit is labelled 'on_target'")
            model = train(tr, backend="linear", schema=schema, **params)
        for i, p in zip(te, model.predict([Example(test_rows[i]["text"]).norm_text for i in te])):
            pred[i] = back[p.sentiment]
    return pred


class FoldError(ValueError):
    """Posts that :func:`stratified_folds` cannot split into the folds asked for."""


def repeat_groups(rows) -> list[int]:
    """One group id per row: rows of the same target and text (white space at the ends stripped) share one.

    >>> repeat_groups([{"target": "a", "text": "x "}, {"target": "b", "text": "x"}, {"target": "a", "text": "x"}])
    [0, 1, 0]
    """
    ids: dict[tuple[str, str], int] = {}
    return [ids.setdefault((r["target"], r["text"].strip()), len(ids)) for r in rows]


def repeats(rows) -> dict[str, int]:
    """How many groups of identical posts (:func:`repeat_groups`) ``rows`` hold, and how many posts are in them."""
    sizes = [n for n in Counter(repeat_groups(rows)).values() if n > 1]
    return {"groups": len(sizes), "posts": sum(sizes)}


def stratified_folds(rows, k: int, seed: int):
    """Seeded folds stratified by target x stance (disjoint test parts covering every row).

    Identical posts (same target and stripped text, :func:`repeat_groups`) always fall in the same
    fold, so no test post has a copy in its training part (scikit-learn's ``StratifiedGroupKFold``).
    """
    import numpy as np
    from sklearn.model_selection import StratifiedGroupKFold

    strata = np.array([f"{r['target']}|{r['stance']}" for r in rows])
    try:
        folds = StratifiedGroupKFold(n_splits=k, shuffle=True, random_state=seed)
        return list(folds.split(np.zeros(len(rows)), strata, groups=repeat_groups(rows)))
    except ValueError as exc:  # too few posts (or k < 2)
        raise FoldError(f"{len(rows)} labelled posts cannot be split into {k} stratified folds ({exc}); "
                        "pass another --folds, --fixed (no inner folds) or more posts") from None


def select_params(rows, schema, base: dict, seed: int, candidates=CANDIDATES, k: int = INNER_FOLDS) -> tuple[dict, list[float]]:
    """Pick the candidate with the best inner-CV F_avg on ``rows`` (training posts only)."""
    gold = [r["stance"] for r in rows]
    scores = []
    for cand in candidates:
        pred = [""] * len(rows)
        for tr, te in stratified_folds(rows, k, seed):
            for i, p in zip(te, fit_predict([rows[i] for i in tr], [rows[i] for i in te], schema, {**base, **cand})):
                pred[i] = p
        scores.append(f_avg(gold, pred)[0])
    best = max(range(len(candidates)), key=lambda i: (scores[i], -i))
    return {**base, **candidates[best]}, scores


def say_read(path: Path, rows: list[dict], skipped: list[str]) -> None:
    """On stderr: how many labelled posts ``path`` gave, and each row skipped for want of a stance label."""
    print(f"{path.name}: {len(rows)} labelled posts; skipped {len(skipped)} rows without a stance label", file=sys.stderr)
    for s in skipped:
        print(f"  skipped {s}", file=sys.stderr)


@contextlib.contextmanager
def folds_of(path: Path):
    """Inside the block, posts of ``path`` too few for the folds end the run with one line naming it."""
    try:
        yield
    except FoldError as exc:
        sys.exit(f"{path}: {exc}")


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--data", type=Path, default=DEFAULT_DATA, help="training file (default: %(default)s)")
    ap.add_argument("--test", type=Path, default=None, help="labelled test file in the same format")
    ap.add_argument("--encoding", default=None, metavar="NAME",
                    help="encoding of --data and --test (default: detected: UTF-8 with or without BOM, GB18030, Big5, UTF-16)")
    ap.add_argument("--folds", type=int, default=5)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--param", action="append", default=[], metavar="KEY=VALUE",
                    help="linear backend setting; implies --fixed")
    ap.add_argument("--fixed", action="store_true",
                    help="skip the inner-CV selection and use FIXED_PARAMS (chosen on this benchmark's outer CV)")
    ap.add_argument("--json", action="store_true", help="print the result as JSON")
    args = ap.parse_args(argv)
    if args.test is not None and args.test.is_dir():  # before minutes of cross-validation
        ap.error(f"--test {args.test}: is a folder, not a file; pass the labelled test file")
    if args.test is not None and not args.test.is_file():
        ap.error(f"--test {args.test}: no such file")

    import tomllib

    import sklearn.linear_model  # noqa: F401 - load BLAS before limiting its threads
    from threadpoolctl import threadpool_limits

    from argmine.schema import parse_schema

    fixed = args.fixed or bool(args.param)
    params = {**BASE_PARAMS, **FIXED_PARAMS, "seed": args.seed}
    for item in args.param:
        k, _, v = item.partition("=")
        try:
            params[k] = json.loads(v)
        except ValueError:
            params[k] = v
    base = {**BASE_PARAMS, "seed": args.seed}
    schema = parse_schema(tomllib.loads(SCHEMA_TOML), "<nlpcc2016>")
    rows, skipped = read_rows(args.data, args.encoding)
    if not rows:
        sys.exit(f"{args.data}: no row has a stance label FAVOR, AGAINST or NONE in its STANCE column; pass a labelled file")
    say_read(args.data, rows, skipped)
    t0 = time.perf_counter()
    chosen: list[dict] = []
    inner_scores: list[list[float]] = []

    def settings_for(train_rows):
        if fixed:
            return params
        best, scores = select_params(train_rows, schema, base, args.seed)
        chosen.append({k: v for k, v in best.items() if k not in base})
        inner_scores.append([round(x, 4) for x in scores])
        return best

    with threadpool_limits(1), folds_of(args.data):  # one BLAS thread: many small fits; extra threads only contend
        if args.test:
            test_rows, test_skipped = read_rows(args.test, args.encoding)
            say_read(args.test, test_rows, test_skipped)
            if not test_rows:
                sys.exit(f"{args.test}: no row has a stance label FAVOR, AGAINST or NONE in its STANCE column; pass a labelled file")
            for spelt, target in map_targets(test_rows, rows, str(args.test)).items():
                print(f"{args.test.name}: target {spelt!r} read as the training target {target!r}", file=sys.stderr)
            seen = {(r["target"], r["text"].strip()) for r in rows}
            overlap = sum((r["target"], r["text"].strip()) in seen for r in test_rows)
            if overlap:
                print(f"warning: {overlap} of the {len(test_rows)} test posts are also in the training file "
                      f"{args.data.name}; their scores are training-set scores", file=sys.stderr)
            pred = fit_predict(rows, test_rows, schema, settings_for(rows))
            gold = [r["stance"] for r in test_rows]
            mode = f"train on {args.data.name}, test on {args.test.name}"
            per_fold = []
        else:
            gold = [r["stance"] for r in rows]
            pred = [""] * len(rows)
            per_fold = []
            for tr, te in stratified_folds(rows, args.folds, args.seed):
                train_rows = [rows[i] for i in tr]
                fold_pred = fit_predict(train_rows, [rows[i] for i in te], schema, settings_for(train_rows))
                for i, p in zip(te, fold_pred):
                    pred[i] = p
                per_fold.append(f_avg([gold[i] for i in te], fold_pred)[0])
            mode = f"{args.folds}-fold stratified CV (seed {args.seed}) on {args.data.name}"
    if fixed:
        how = "FIXED settings (chosen by looking at this benchmark's outer CV: optimistic)" if not args.param else "settings from --param"
    else:
        how = (f"settings chosen inside each training set by inner {INNER_FOLDS}-fold CV from {len(CANDIDATES)} candidates "
               "(nested; the candidate list itself was drawn up after looking at the outer CV)")
    score, parts = f_avg(gold, pred)
    grouped = repeats(rows) if not (args.test and fixed) else None  # None: no folds were made
    by_target = {}
    for target in sorted({r["target"] for r in (test_rows if args.test else rows)}):
        idx = [i for i, r in enumerate(test_rows if args.test else rows) if r["target"] == target]
        by_target[target] = round(f_avg([gold[i] for i in idx], [pred[i] for i in idx])[0], 4)
    result = {"mode": mode, "selection": how, "n": len(gold), "F_avg": round(score, 4), **{k: round(v, 4) for k, v in parts.items()},
              "per_fold": [round(f, 4) for f in per_fold], "by_target": by_target,
              "params": params if fixed else {"base": base, "candidates": list(CANDIDATES), "chosen": chosen, "inner_F_avg": inner_scores},
              "repeats_grouped": grouped, "gold_counts": dict(Counter(gold)), "seconds": round(time.perf_counter() - t0, 1)}
    if args.json:
        print(json.dumps(result, ensure_ascii=False, indent=2))
    else:
        print(f"NLPCC 2016 task A, {mode}: argmine linear backend, one model per target")
        print(f"{how}")
        if grouped is not None:
            print(f"identical posts (same target and text) kept in one fold: {grouped['groups']} groups of "
                  f"{grouped['posts']} posts in {args.data.name}")
        print(f"F_avg = {score:.4f}  (F1_FAVOR {parts['F1_FAVOR']:.4f}, F1_AGAINST {parts['F1_AGAINST']:.4f}, n={len(gold)})")
        if per_fold:
            print("per fold F_avg: " + ", ".join(f"{f:.4f}" for f in per_fold))
        if chosen:
            print("chosen: " + "; ".join(", ".join(f"{k}={v}" for k, v in c.items()) for c in chosen))
            print("inner F_avg per candidate: " + "; ".join(" ".join(f"{x:.3f}" for x in sc) for sc in inner_scores))
        print("per target F_avg: " + ", ".join(f"{t} {v:.4f}" for t, v in by_target.items()))
        print(f"({result['seconds']} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
