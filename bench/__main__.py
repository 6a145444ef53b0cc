"""`make bench`: runs every bench/bench_*.py module and prints one table.

Each module defines `run() -> list[Row]`. Run one with `python -m bench NAME` (e.g. `schedule`).
"""

import importlib
import pkgutil
import sys
import time
import traceback
from pathlib import Path

from bench.common import Row, print_table


def main(argv):
    wanted = set(argv)
    names = sorted(m.name for m in pkgutil.iter_modules([str(Path(__file__).parent)]) if m.name.startswith("bench_"))
    rows: list[Row] = []
    for name in names:
        if wanted and name.removeprefix("bench_") not in wanted:
            continue
        started = time.perf_counter()
        print(f"… {name}", file=sys.stderr, flush=True)
        try:
            module = importlib.import_module(f"bench.{name}")
            rows.extend(module.run())
        except Exception as exc:  # one broken benchmark says why in the table; the others still run
            traceback.print_exc()
            rows.append(Row(name.removeprefix("bench_"), "did not run", 0, "", f"{type(exc).__name__}: {exc}"[:160]))
        print(f"  done in {time.perf_counter() - started:.1f}s", file=sys.stderr, flush=True)
    print_table(rows)


if __name__ == "__main__":
    main(sys.argv[1:])
