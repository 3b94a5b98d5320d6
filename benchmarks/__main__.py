"""Run the benchmarks and print their tables; with ``--readme``, write them to the README.

    python -m benchmarks                                 every benchmark; size-dependent ones at every size, both DBs
    python -m benchmarks --size year queue               one benchmark, one size (both databases)
    python -m benchmarks --size reference --db sqlite petitions mediation
    python -m benchmarks --readme                        (make bench) ... and write the README "## Figures" block

The size-dependent benchmarks (queue, petitions, mediation, reports) run on the cached databases of
benchmarks/generate.py (generated on first use). Their figures are kept in $ONESTOP_BENCH_DIR/results.json, one
entry per benchmark, size and database, so a partial run replaces only what it measured and the README table
always shows the latest figure of every cell, with the load average it was measured at. The size-independent
ones (startup, documents, intake) run as their own scripts; their printed tables go below it.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from benchmarks import common, generate  # noqa: E402

SIZED = ["queue", "petitions", "mediation", "reports"]
STRESSED = ["petitions", "reports"]  # the only ones the stress size (many old open petitions) changes
PLAIN = ["startup", "documents", "intake"]
README = ROOT / "README.md"
BEGIN, END = "<!-- bench:begin -->", "<!-- bench:end -->"


def _store_path() -> Path:
    return generate.bench_dir() / "results.json"


def load_store() -> dict:
    path = _store_path()
    return json.loads(path.read_text()) if path.exists() else {"sized": {}, "plain": {}}


_TOUCHED: set[tuple[str, str]] = set()  # the entries this run measured


def save_store(store: dict) -> None:
    """Write this run's entries into results.json, keeping those another run wrote meanwhile."""
    on_disk = load_store()
    for part, key in _TOUCHED:
        on_disk[part][key] = store[part][key]
    _store_path().parent.mkdir(parents=True, exist_ok=True)
    _store_path().write_text(json.dumps(on_disk, indent=1, ensure_ascii=False))


def run_sized(name: str, sizes: list[str], kinds: list[str], store: dict) -> None:
    import importlib

    module = importlib.import_module(f"benchmarks.{name}_bench")
    results = common.run(module.measure, sizes, kinds, log=lambda m: print(m, flush=True))
    print()
    print(common.table(results), flush=True)
    when = dt.datetime.now().isoformat(timespec="minutes")
    for (size, kind), (figures, load) in results.items():
        _TOUCHED.add(("sized", f"{name}|{size}|{kind}"))
        store["sized"][f"{name}|{size}|{kind}"] = {
            "figures": [[f.measure, f.value, f.target, f.met] for f in figures], "load": round(load, 1),
            "when": when}


def run_plain(name: str, store: dict) -> None:
    proc = subprocess.run([sys.executable, "-m", f"benchmarks.{name}_bench"], cwd=ROOT, capture_output=True,
                          text=True)
    print(proc.stdout, proc.stderr[-2000:] if proc.returncode else "", flush=True)
    table = [line for line in proc.stdout.splitlines() if line.startswith("|")]
    _TOUCHED.add(("plain", name))
    output = [line.rstrip() for line in proc.stdout.splitlines() if line.strip()]
    store["plain"][name] = {"table": table, "output": output, "returncode": proc.returncode,
                            "load": round(os.getloadavg()[0], 1),
                            "when": dt.datetime.now().isoformat(timespec="minutes")}


def render(store: dict) -> str:
    """The README block: generation, the one table of the size-dependent benchmarks, the others below it."""
    out = ["Written by `make bench` (`python -m benchmarks --readme`). Sizes (benchmarks/generate.py): **year** = "
           "one year of a large district center (500,000 tickets, 100,000 petitions, 30,000 disputes, 100,000 "
           "bookings); **reference** = ten years (5,000,000 / 1,000,000 / 300,000 / 1,000,000); both with 0.5 % of petitions older than 120 days still "
           "open, as in a real center; **stress** = the year with ten times that (5 %), for the overdue lists "
           "(petitions and reports only). ✗ marks a figure over its target.", ""]
    gens = []
    for size in common.SIZES:
        for kind in common.KINDS:
            info = generate.cached(generate.size_of(size), kind)
            if not info and generate._busy(generate.size_of(size)):
                gens.append(f"| {size} | {kind} | | being generated (process {generate._busy(generate.size_of(size))}) "
                            "| | |")
            if info:
                rows = sum(info["rows"].values())
                gens.append(f"| {size} | {kind} | {rows:,} | {info['wall_seconds'] / 60:.0f} min "
                            f"({rows / info['wall_seconds']:,.0f} rows/s) | {' + '.join(info['generated_with'])} | "
                            f"{info.get('load_average', 0):.1f} |")
    if gens:
        out += ["**Generation** (one pass writes every database listed; wall time includes indexes and ANALYZE):", "",
                "| size | database | rows | generation | written together | load average |", "|---|---|---:|---|---|---:|",
                *gens, ""]
    cells: dict[tuple, str] = {}
    measures: list[tuple[str, str]] = []
    loads: dict[tuple, float] = {}
    for name in SIZED:
        for size in common.SIZES:
            for kind in common.KINDS:
                entry = store["sized"].get(f"{name}|{size}|{kind}")
                if not entry:
                    continue
                loads.setdefault((size, kind), 0)
                loads[(size, kind)] = max(loads[(size, kind)], entry["load"])
                for measure, value, target, met in entry["figures"]:
                    if (measure, target) not in measures:
                        measures.append((measure, target))
                    cells[(measure, target, size, kind)] = value + ("" if met is None or met else " ✗")
    cols = [(s, k) for s in common.SIZES for k in common.KINDS]
    out += ["| measure | target | " + " | ".join(f"{s} · {common.COLUMN[k]}" for s, k in cols) + " |",
            "|---|---|" + "---|" * len(cols)]
    for m, t in measures:
        out.append(f"| {m} | {t} | " + " | ".join(cells.get((m, t, s, k), "not measured") for s, k in cols) + " |")
    out.append("| *highest load average while measuring* | | " + " | ".join(
        f"{loads[c]:.1f}" if c in loads else "" for c in cols) + " |")
    for name in PLAIN:
        entry = store["plain"].get(name)
        if not entry:
            continue
        body = entry["table"] or ["```text", *entry.get("output", []), "```"]
        out += ["", f"**{name.capitalize()}** (`python -m benchmarks {name}`, size-independent; load average "
                    f"{entry['load']:.1f}):", "", *body]
    return "\n".join(out)


def write_readme(store: dict) -> None:
    text = README.read_text()
    block = f"{BEGIN}\n{render(store)}\n{END}"
    if BEGIN in text:
        text = re.sub(re.escape(BEGIN) + ".*?" + re.escape(END), lambda _m: block, text, flags=re.S)
    else:
        raise SystemExit(f"README.md has no {BEGIN} … {END} block in its Figures section")
    README.write_text(text)
    print(f"README.md: Figures block written ({len(block.splitlines())} lines)")


def main(argv: list[str] | None = None) -> None:
    p = argparse.ArgumentParser(description="Run the OneStop benchmarks.")
    p.add_argument("names", nargs="*", help=f"benchmarks to run (default all): {', '.join(SIZED + PLAIN)}")
    p.add_argument("--size", choices=common.SIZES + ["all"], default="all")
    p.add_argument("--db", choices=common.KINDS + ["both"], default="both")
    p.add_argument("--readme", action="store_true", help="write the README Figures block afterwards")
    p.add_argument("--readme-only", action="store_true", help="only rewrite the README block from results.json")
    args = p.parse_args(argv if argv is not None else sys.argv[1:])
    store = load_store()
    if not args.readme_only:
        names = [n.removesuffix("_bench") for n in args.names] or SIZED + PLAIN
        unknown = set(names) - set(SIZED + PLAIN)
        if unknown:
            p.error(f"unknown benchmark(s): {', '.join(sorted(unknown))}")
        sizes = common.SIZES if args.size == "all" else [args.size]
        kinds = common.KINDS if args.db == "both" else [args.db]
        for name in names:
            print(f"\n## {name}\n", flush=True)
            if name in SIZED:
                run_sized(name, [s for s in sizes if s != "stress" or name in STRESSED], kinds, store)
            else:
                run_plain(name, store)
            save_store(store)
    if args.readme or args.readme_only:
        write_readme(store)


if __name__ == "__main__":
    main()
