"""What the size-dependent benchmarks share: the two sizes, the two databases, percentiles and the table.

A size-dependent benchmark module defines ``NAME`` and ``measure(size, kind, url) -> list[Figure]``; it runs on
the cached database of that size (benchmarks/generate.py) and must leave it as it found it (work of "today",
2026-11-20, is removed again; history is never changed).
"""

from __future__ import annotations

import argparse
import os
import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass

from benchmarks import generate

SIZES = ["year", "reference", "stress"]  # stress: the year with 5 % of old petitions still open
KINDS = ["sqlite", "postgresql"]
COLUMN = {"sqlite": "SQLite", "postgresql": "PostgreSQL"}


@dataclass(frozen=True)
class Figure:
    measure: str
    value: str
    target: str = ""
    met: bool | None = None  # None: no target for this figure


def pcts(ms: list[float]) -> tuple[float, float]:
    """p50 and p95 of ``ms`` (nearest rank)."""
    ordered = sorted(ms)
    return statistics.median(ordered), ordered[min(len(ordered) - 1, max(0, round(0.95 * len(ordered)) - 1))]


def timed(fn, args_list) -> list[float]:
    out = []
    for args in args_list:
        t0 = time.perf_counter()
        fn(*args)
        out.append((time.perf_counter() - t0) * 1000)
    return out


def run(measure: Callable, sizes: list[str], kinds: list[str], log=print) -> dict:
    """{(size, kind): (figures, load average while measuring)} on the cached databases."""
    out = {}
    for size in sizes:
        for kind in kinds:
            with generate.database(generate.size_of(size), kind, log=log) as url:
                before = os.getloadavg()[0]
                started = time.perf_counter()
                figures = measure(generate.size_of(size), kind, url)
                load = max(before, os.getloadavg()[0])
                log(f"[{size} {kind}] measured in {time.perf_counter() - started:.0f} s, load average {load:.1f}")
            out[(size, kind)] = (figures, load)
    return out


def table(results: dict) -> str:
    """One markdown table: a row per figure, a column per size and database."""
    cols = [k for k in ((s, d) for s in SIZES for d in KINDS) if k in results]
    measures: list[tuple[str, str]] = []
    cells: dict[tuple, str] = {}
    for key in cols:
        for f in results[key][0]:
            if (f.measure, f.target) not in measures:
                measures.append((f.measure, f.target))
            mark = "" if f.met is None or f.met else " ✗"
            cells[(f.measure, f.target, key)] = f.value + mark
    head = "| measure | target | " + " | ".join(f"{s} · {COLUMN[d]}" for s, d in cols) + " |"
    lines = [head, "|---|---|" + "---|" * len(cols)]
    for m, t in measures:
        lines.append(f"| {m} | {t} | " + " | ".join(cells.get((m, t, k), "—") for k in cols) + " |")
    return "\n".join(lines)


def main_for(measure: Callable, description: str, argv: list[str] | None) -> dict:
    p = argparse.ArgumentParser(description=description)
    p.add_argument("--size", choices=SIZES + ["all"], default="year")
    p.add_argument("--db", choices=KINDS + ["both"], default="both")
    args = p.parse_args(argv if argv is not None else [])
    sizes = SIZES if args.size == "all" else [args.size]
    kinds = KINDS if args.db == "both" else [args.db]
    results = run(measure, sizes, kinds, log=lambda m: print(m, flush=True))
    print()
    print(table(results))
    return results
