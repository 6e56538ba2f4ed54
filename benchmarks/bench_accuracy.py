"""Accuracy benchmark: crmlink against splink run with its documentation's settings.

Usage (from the repository root)::

    .venv/bin/python benchmarks/bench_accuracy.py                    # all four public sets
    .venv/bin/python benchmarks/bench_accuracy.py --sets febrl3,febrl4
    .venv/bin/python benchmarks/bench_accuracy.py --generated 5000   # + synthetic CRM data

For every data set and system it measures wall time and peak RSS growth
(``_measure.measure``), scores the predicted clusters against the truth with
:func:`crmlink.evaluate.cluster_metrics`, prints a table and writes
``benchmarks/results/accuracy.json``.

Systems:

- ``splink-documented``: :func:`peers.splink_documented.run_splink_documented`.
- ``crmlink``: ``crmlink.resolve(records, settings=Settings(progress=False))`` on the
  records of :func:`crmlink.datasets.public.load_public`. If the default profile raises,
  the run is repeated (in a fresh process) with ``Settings(profile="plain",
  progress=False)`` and the row is labelled ``crmlink-plain``; the error is kept in the
  row's ``note``.

Isolation: each (set, system) run happens in its own spawned process (unless
``--in-process``), so memory left behind by one run (DuckDB buffers, allocator caches)
does not inflate or hide the next one's peak. Inside that process the libraries are
imported and the input is loaded *before* ``measure()`` starts; the splink peer reads its
raw files inside the measured block (``seconds.load``, well under a second here).

febrl4 (two files linked): only cross-file pairs are true links, so the table's pairwise
precision/recall/F1 are from :func:`cross_source_pairwise`, which counts only pairs of
records from different files (a within-file pair a system puts in one cluster is neither a
true nor a false positive). B-cubed and exact-cluster figures are computed over the union
of both files by ``cluster_metrics`` (the truth has no within-file duplicates, so a cluster
mixing two records of one file is penalised there). ``cluster_metrics`` over the union is
also stored as ``union_metrics``.
"""

from __future__ import annotations

import argparse
import datetime as _dt
import json
import os
import platform
import sys
import traceback
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from multiprocessing import get_context
from pathlib import Path
from typing import Any

import duckdb
import numpy as np
import pandas as pd
import psutil
import splink

import crmlink
from _measure import measure
from crmlink.datasets.public import load_public
from crmlink.evaluate import cluster_metrics
from peers.splink_documented import SETS, run_splink_documented

HERE = Path(__file__).resolve().parent
DEFAULT_OUT = HERE / "results" / "accuracy.json"
DEFAULT_DATA = Path(os.environ.get("CRMLINK_DATA", "/work/shared/data"))
SPLINK = "splink-documented"
CRMLINK = "crmlink"
CRMLINK_PLAIN = "crmlink-plain"


# ---- metrics -----------------------------------------------------------------------------


def _c2(counts: pd.Series) -> float:
    a = counts.to_numpy(dtype=np.float64)
    return float((a * (a - 1) / 2).sum())


def cross_source_pairwise(pred: pd.DataFrame, truth: pd.DataFrame,
                          source: pd.DataFrame) -> dict[str, Any]:
    """Pairwise precision/recall/F1 counting only pairs of records from different sources.

    ``pred``: (record_id, cluster); ``truth``: (record_id, entity); ``source``:
    (record_id, source) — first two columns of each. Records without a prediction are
    singletons. For every group (predicted cluster, true entity, or their intersection)
    the cross-source pairs are all pairs minus the pairs inside each source:
    ``C(n, 2) - sum_s C(n_s, 2)``; true positives are the cross-source pairs of the
    (cluster, entity) cells.

    >>> pred = pd.DataFrame({"id": ["a1", "a2", "b1", "b2"], "c": [1, 1, 1, 2]})
    >>> truth = pd.DataFrame({"id": ["a1", "a2", "b1", "b2"], "e": [1, 2, 1, 2]})
    >>> src = pd.DataFrame({"id": ["a1", "a2", "b1", "b2"], "s": ["a", "a", "b", "b"]})
    >>> m = cross_source_pairwise(pred, truth, src)
    >>> m["true_pairs"], m["predicted_pairs"], m["true_positive_pairs"]
    (2, 2, 1)
    """
    t = truth.iloc[:, :2].set_axis(["record_id", "truth"], axis=1).astype(str)
    s = source.iloc[:, :2].set_axis(["record_id", "source"], axis=1).astype(str)
    p = pred.iloc[:, :2].set_axis(["record_id", "pred"], axis=1).astype(str)
    df = t.merge(s, on="record_id", how="left").merge(p, on="record_id", how="left")
    df["pred"] = df["pred"].fillna("__single__" + df["record_id"])

    def cross(keys: list[str]) -> float:
        per_source = df.groupby([*keys, "source"], sort=False, dropna=False).size()
        total = per_source.groupby(level=list(range(len(keys))), sort=False).sum()
        return _c2(total) - _c2(per_source)

    tp, pp, tt = cross(["pred", "truth"]), cross(["pred"]), cross(["truth"])
    precision = tp / pp if pp else 1.0
    recall = tp / tt if tt else 1.0
    f1 = 0.0 if precision + recall == 0 else 2 * precision * recall / (precision + recall)
    return {"true_pairs": int(tt), "predicted_pairs": int(pp), "true_positive_pairs": int(tp),
            "pairwise_precision": precision, "pairwise_recall": recall, "pairwise_f1": f1}


def score(name: str, pred: pd.DataFrame, truth: pd.DataFrame,
          records: pd.DataFrame) -> dict[str, Any]:
    """Metrics of one run; for febrl4 the pairwise figures are cross-file only."""
    metrics = cluster_metrics(pred, truth)
    out: dict[str, Any] = {"metrics": metrics}
    if name == "febrl4":
        cross = cross_source_pairwise(pred, truth, records[["record_id", "source"]])
        out["union_metrics"] = dict(metrics)
        out["metrics"] = {**metrics, **cross}
        out["note"] = "pairwise = cross-file pairs only; B-cubed/exact over the union"
    return out


# ---- one run --------------------------------------------------------------------------------


def _load(name: str, data_dir: str, generated: int, seed: int,
          ) -> tuple[pd.DataFrame, pd.DataFrame]:
    if name == "generated":
        data = crmlink.datasets.synthetic_crm(persons=generated, seed=seed)
        return data.records, data.truth[["record_id", "person_id"]]
    return load_public(name, data_dir)


def _run_crmlink(records: pd.DataFrame, plain: bool, seed: int) -> dict[str, Any]:
    settings = (crmlink.Settings(profile="plain", progress=False, seed=seed) if plain
                else crmlink.Settings(progress=False, seed=seed))
    with measure() as m:
        result = crmlink.resolve(records, settings=settings)
        pred = result.records[["record_id", "individual_id"]]
    return {
        "system": CRMLINK_PLAIN if plain else CRMLINK,
        "clusters": pred,
        "seconds": {**{k: round(v, 3) for k, v in result.timings.items()},
                    "total": round(m.seconds, 3)},
        "peak_rss_mb": round(m.peak_rss_mb, 1),
        "peak_abs_rss_mb": round(m.peak_abs_rss_mb, 1),
        "settings": settings.to_dict(),
        "scored_pairs": int(result.con.execute(
            f"SELECT count(*) FROM {result.tables['pairs']}").fetchall()[0][0]),
    }


def _run_splink(name: str, data_dir: str, records: pd.DataFrame, seed: int) -> dict[str, Any]:
    with measure() as m:
        out = run_splink_documented(name, data_dir, seed=seed,
                                    records=records if name == "generated" else None)
    out["scored_pairs"] = len(out.pop("pairs"))
    # the harness's own measurement (same block plus the call overhead)
    out["peak_rss_mb"] = round(max(out["peak_rss_mb"], m.peak_rss_mb), 1)
    out["peak_abs_rss_mb"] = round(max(out["peak_abs_rss_mb"], m.peak_abs_rss_mb), 1)
    return out


def run_task(name: str, system: str, data_dir: str, generated: int, seed: int,
             ) -> dict[str, Any]:
    """Run one system on one set and score it; returns a JSON-able row (or an error)."""
    try:
        records, truth = _load(name, data_dir, generated, seed)
        if system == SPLINK:
            out = _run_splink(name, data_dir, records, seed)
        else:
            out = _run_crmlink(records, plain=system == CRMLINK_PLAIN, seed=seed)
        pred = out.pop("clusters")
        row = {"set": name, "records": len(records), **out, **score(name, pred, truth, records)}
        return row
    except Exception as exc:
        return {"set": name, "system": system, "error": f"{type(exc).__name__}: {exc}",
                "traceback": traceback.format_exc()}


def _isolated(fn: Callable[..., dict[str, Any]], *args: Any) -> dict[str, Any]:
    """``fn(*args)`` in a fresh spawned process; a crash becomes an error row."""
    try:
        with ProcessPoolExecutor(max_workers=1, mp_context=get_context("spawn")) as ex:
            return ex.submit(fn, *args).result()
    except Exception as exc:  # e.g. BrokenProcessPool: the child died or failed to import
        return {"set": args[0], "system": args[1], "error": f"{type(exc).__name__}: {exc}",
                "traceback": traceback.format_exc()}


# ---- report ---------------------------------------------------------------------------------


def _fmt(v: Any, spec: str) -> str:
    return "-" if v is None else format(v, spec)


def table(rows: list[dict[str, Any]]) -> str:
    head = (f"{'set':<15} {'system':<18} {'P':>6} {'R':>6} {'F1':>6} {'B3 F1':>6} "
            f"{'exact':>6} {'sec':>7} {'peak MB':>8}")
    lines = [head, "-" * len(head)]
    for r in rows:
        if "error" in r:
            lines.append(f"{r['set']:<15} {r['system']:<18} ERROR {r['error'][:60]}")
            continue
        m = r["metrics"]
        lines.append(
            f"{r['set']:<15} {r['system']:<18} {_fmt(m['pairwise_precision'], '6.3f')} "
            f"{_fmt(m['pairwise_recall'], '6.3f')} {_fmt(m['pairwise_f1'], '6.3f')} "
            f"{_fmt(m['bcubed_f1'], '6.3f')} {_fmt(m['exact_cluster_f1'], '6.3f')} "
            f"{r['seconds']['total']:7.2f} {r['peak_rss_mb']:8.1f}"
        )
    return "\n".join(lines)


def _environment() -> dict[str, Any]:
    return {
        "python": platform.python_version(),
        "platform": platform.platform(),
        "cpus": os.cpu_count(),
        "memory_gb": round(psutil.virtual_memory().total / 1024**3, 1),
        # other work on the machine inflates wall times; recorded for context
        "load_average_1_5_15": [round(x, 2) for x in os.getloadavg()],
        "crmlink": crmlink.__version__,
        "splink": splink.__version__,
        "duckdb": duckdb.__version__,
        "pandas": pd.__version__,
    }


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sets", default=",".join(SETS),
                    help=f"comma-separated public sets (default: {','.join(SETS)})")
    ap.add_argument("--data-dir", default=str(DEFAULT_DATA), help="folder of the public files")
    ap.add_argument("--generated", type=int, default=0, metavar="N",
                    help="also run on crmlink.datasets.synthetic_crm(persons=N)")
    ap.add_argument("--seed", type=int, default=42,
                    help="seed for generated data, u sampling and crmlink")
    ap.add_argument("--systems", default=f"{SPLINK},{CRMLINK}",
                    help=f"comma-separated: {SPLINK}, {CRMLINK}, {CRMLINK_PLAIN}")
    ap.add_argument("--out", default=str(DEFAULT_OUT), help="JSON results file")
    ap.add_argument("--in-process", action="store_true",
                    help="run everything in this process (memory figures less reliable)")
    args = ap.parse_args(argv)

    sets = [s.strip() for s in args.sets.split(",") if s.strip()]
    unknown = sorted(set(sets) - set(SETS))
    if unknown:
        ap.error(f"unknown sets {unknown}; choose from {SETS}")
    systems = [s.strip() for s in args.systems.split(",") if s.strip()]
    notes: list[str] = []
    if args.generated:
        if callable(getattr(crmlink.datasets, "synthetic_crm", None)):
            sets.append("generated")
        else:
            notes.append("--generated skipped: crmlink.datasets.synthetic_crm is not available")
            print(notes[-1], file=sys.stderr)

    def call(name: str, system: str) -> dict[str, Any]:
        task = (name, system, args.data_dir, args.generated, args.seed)
        return run_task(*task) if args.in_process else _isolated(run_task, *task)

    environment = _environment()  # before the runs: load average of the idle state
    rows: list[dict[str, Any]] = []
    for name in sets:
        for system in systems:
            print(f"[{name}] {system} ...", file=sys.stderr, flush=True)
            row = call(name, system)
            if system == CRMLINK and "error" in row:
                reason = row["error"]
                print(f"[{name}] crmlink default profile failed ({reason}); "
                      "falling back to profile='plain'", file=sys.stderr, flush=True)
                row = call(name, CRMLINK_PLAIN)
                row["note"] = "; ".join(
                    x for x in (row.get("note"), f"default profile raised: {reason}") if x)
            rows.append(row)

    print(table(rows))
    doc = {
        "benchmark": "accuracy",
        "created": _dt.datetime.now(_dt.timezone.utc).isoformat(timespec="seconds"),
        "environment": environment,
        "data_dir": args.data_dir,
        "seed": args.seed,
        "isolated_processes": not args.in_process,
        "notes": [
            "peak_rss_mb: peak RSS growth over the run's start, sampled every 50 ms",
            "febrl4: pairwise = cross-file pairs only; B-cubed/exact over the union",
            *notes,
        ],
        "rows": rows,
    }
    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(doc, indent=2, default=str) + "\n", encoding="utf-8")
    print(f"wrote {out}", file=sys.stderr)
    return 1 if any("error" in r for r in rows) else 0


if __name__ == "__main__":
    raise SystemExit(main())
