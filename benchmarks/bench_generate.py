"""Speed and memory of the synthetic CRM generator, against a naive peer.

Generates at least 100k and/or 1M records with :func:`crmlink.datasets.synthetic_crm`
(persons = 1.003 x records / the mean records per person) and measures, each in a fresh
process so one run's memory cannot hide or inflate another's:

- ``wall_s``: wall time of the ``synthetic_crm`` call (``time.perf_counter``);
- ``cpu_s``: CPU time of the process during the call (user + system), which is what
  the machine's other load cannot inflate;
- ``peak_rss_mb``: the process's peak resident memory (``resource.getrusage``), imports
  included; ``base_rss_mb`` is the RSS after imports, before generating.

Peer: the time and memory to build an equally sized pandas frame (same rows, same 18
columns) of random 16-letter strings with numpy — the floor for "a frame this big".
``ratio_vs_peer`` = generator wall time / peer wall time.

Usage::

    python benchmarks/bench_generate.py               # both sizes
    python benchmarks/bench_generate.py --size 100k   # or 1m

Writes ``benchmarks/results/generate.json`` and prints a table.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import platform
import resource
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
DEFAULT_OUT = HERE / "results" / "generate.json"
SIZES = {"100k": 100_000, "1m": 1_000_000}
MEAN_RECORDS = 2.5  # the records_per_person default
BUDGET = {"records": 1_000_000, "wall_s": 60.0, "peak_rss_mb": 3072.0}
N_COLUMNS = 18


def _rss_mb() -> float:
    import psutil

    return psutil.Process().memory_info().rss / 2**20


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux


def _worker(kind: str, records: int, seed: int) -> dict[str, Any]:
    """Run one measurement in this process and return its figures."""
    import warnings

    import numpy as np
    import pandas as pd

    warnings.simplefilter("ignore")
    if kind == "crmlink":
        from crmlink.datasets import synthetic_crm

        synthetic_crm(persons=50, seed=0)  # load the tables outside the measured block
    base = _rss_mb()
    cpu0, t0 = time.process_time(), time.perf_counter()
    if kind == "crmlink":
        # a hair more persons than records / mean, so the run reaches the target size
        data = synthetic_crm(persons=math.ceil(records * 1.003 / MEAN_RECORDS), seed=seed)
        n_rows = len(data.records)
        extra = {"persons": int(data.truth.person_id.nunique()),
                 "households": int(data.truth.household_id.nunique()),
                 "products": len(data.products)}
    else:
        rng = np.random.default_rng(seed)
        cols = {}
        for j in range(N_COLUMNS):
            letters = rng.integers(97, 123, (records, 16), dtype=np.uint8)
            cols[f"c{j}"] = pd.Series(letters.view("S16").ravel().astype("U16"), dtype="str")
        frame = pd.DataFrame(cols)
        n_rows = len(frame)
        extra = {}
    wall, cpu = time.perf_counter() - t0, time.process_time() - cpu0
    return {"records": n_rows, "wall_s": round(wall, 2), "cpu_s": round(cpu, 2),
            "base_rss_mb": round(base, 1), "peak_rss_mb": round(_peak_mb(), 1), **extra}


def _spawn(kind: str, records: int, seed: int) -> dict[str, Any]:
    out = subprocess.run(
        [sys.executable, __file__, "--worker", kind, "--records", str(records),
         "--seed", str(seed)],
        check=True, capture_output=True, text=True,
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def _versions() -> dict[str, str]:
    import numpy
    import pandas
    import pyarrow

    return {"python": platform.python_version(), "numpy": numpy.__version__,
            "pandas": pandas.__version__, "pyarrow": pyarrow.__version__}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--size", choices=[*SIZES, "all"], default="all")
    ap.add_argument("--seed", type=int, default=42)
    ap.add_argument("--out", type=Path, default=DEFAULT_OUT)
    ap.add_argument("--worker", choices=["crmlink", "peer"], help=argparse.SUPPRESS)
    ap.add_argument("--records", type=int, help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.worker:
        print(json.dumps(_worker(args.worker, args.records, args.seed)))
        return 0

    sizes = list(SIZES) if args.size == "all" else [args.size]
    runs = []
    for size in sizes:
        target = SIZES[size]
        load = os.getloadavg()[0]
        gen = _spawn("crmlink", target, args.seed)
        peer = _spawn("peer", gen["records"], args.seed)
        runs.append({
            "size": size, "target_records": target, **gen,
            "records_per_s": round(gen["records"] / gen["wall_s"]),
            "load_avg_1m_before": round(load, 2),
            "peer": peer,
            "ratio_vs_peer": round(gen["wall_s"] / peer["wall_s"], 2),
            "within_budget": bool(gen["records"] >= BUDGET["records"]
                                  and gen["wall_s"] <= BUDGET["wall_s"]
                                  and gen["peak_rss_mb"] <= BUDGET["peak_rss_mb"])
            if size == "1m" else None,
        })
    result = {
        "benchmark": "synthetic_crm generation",
        "peer": f"pandas frame of {N_COLUMNS} columns of random 16-letter strings (numpy)",
        "budget_1m": BUDGET,
        "machine": {"cpus": os.cpu_count(), **_versions()},
        "runs": runs,
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")

    head = (f"{'size':>5} {'records':>9} {'wall s':>7} {'cpu s':>6} {'peak MB':>8} "
            f"{'rec/s':>8} {'peer s':>7} {'peer MB':>8} {'ratio':>6} {'load':>5}")
    print(head)
    print("-" * len(head))
    for r in runs:
        print(f"{r['size']:>5} {r['records']:>9} {r['wall_s']:>7.1f} {r['cpu_s']:>6.1f} "
              f"{r['peak_rss_mb']:>8.0f} {r['records_per_s']:>8} {r['peer']['wall_s']:>7.1f} "
              f"{r['peer']['peak_rss_mb']:>8.0f} {r['ratio_vs_peer']:>6.1f} "
              f"{r['load_avg_1m_before']:>5.1f}")
    print(f"written to {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
