"""`python -m benchmarks [NAME ...]` runs every benchmarks/*_bench.py (or the named ones) and prints their tables."""

import importlib
import pkgutil
import sys
from pathlib import Path


def main() -> None:
    wanted = set(sys.argv[1:])
    here = Path(__file__).parent
    for info in sorted(pkgutil.iter_modules([str(here)]), key=lambda m: m.name):
        if not info.name.endswith("_bench") or (wanted and info.name.removesuffix("_bench") not in wanted
                                                 and info.name not in wanted):
            continue
        print(f"\n## {info.name}\n", flush=True)
        importlib.import_module(f"benchmarks.{info.name}").main()


if __name__ == "__main__":
    main()
