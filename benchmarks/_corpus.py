"""Shared by the benchmarks: the bundled corpus replicated to a target size, and best-of timing."""

from __future__ import annotations

import shutil
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpora"


def replicate(target_mb: float, dest: Path) -> tuple[list[Path], int]:
    """Copy the corpus files into ``dest`` until they total ``target_mb`` MB; return paths and bytes."""
    seeds = sorted(p for p in CORPUS.glob("*.txt"))
    dest.mkdir(parents=True, exist_ok=True)
    paths, total, i = [], 0, 0
    while total < target_mb * 1_000_000:
        for seed in seeds:
            p = dest / f"{i:04d}_{seed.name}"
            shutil.copyfile(seed, p)
            paths.append(p)
            total += p.stat().st_size
        i += 1
    return paths, total


def best_time(fn, repeat: int):
    """Best wall time of ``repeat`` runs of ``fn`` and its (last) result."""
    best, result = float("inf"), None
    for _ in range(repeat):
        t = time.perf_counter()
        result = fn()
        best = min(best, time.perf_counter() - t)
    return best, result
