"""The ``crmlink`` command line: demo, generate, resolve, evaluate.

Exit codes: 0 success, 2 usage or input error (a :class:`CrmlinkError`), 1 other.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path
from typing import Any

from crmlink._version import __version__
from crmlink.errors import CrmlinkError

__all__ = ["main"]


def _table(rows: list[tuple[str, Any]], title: str) -> str:
    width = max(len(k) for k, _ in rows)
    lines = [title, "-" * len(title)]
    for k, v in rows:
        if isinstance(v, float):
            v = f"{v:.4f}" if v < 10 else f"{v:,.1f}"
        elif isinstance(v, int):
            v = f"{v:,}"
        lines.append(f"{k.ljust(width)}  {v}")
    return "\n".join(lines)


def _settings(args: argparse.Namespace) -> Any:
    from crmlink.settings import Settings

    kw: dict[str, Any] = {"progress": None if not args.quiet else False}
    if getattr(args, "profile", None):
        kw["profile"] = args.profile
    if getattr(args, "threshold", None):
        kw["match_threshold"] = args.threshold
    return Settings(**kw)


def _cmd_demo(args: argparse.Namespace) -> int:
    import crmlink
    from crmlink.charts import cluster_size_chart
    from crmlink.evaluate import cluster_metrics

    out = Path(args.out)
    t0 = time.perf_counter()
    data = crmlink.datasets.synthetic_crm(persons=args.persons, seed=args.seed)
    t_gen = time.perf_counter() - t0
    t1 = time.perf_counter()
    result = crmlink.resolve(data.records, data.products, settings=_settings(args))
    t_res = time.perf_counter() - t1
    written = result.write(out)
    truth = data.truth
    ind = cluster_metrics(result.records[["record_id", "individual_id"]],
                          truth[["record_id", "person_id"]])
    hh = cluster_metrics(result.records[["record_id", "household_id"]],
                         truth[["record_id", "household_id"]])
    fig = cluster_size_chart(result.records)
    fig.savefig(written / "cluster_sizes.png", dpi=110)
    s = result.summary()
    rows = [
        ("records", s["records"]),
        ("individuals (found / true)", f"{s['individuals']:,} / {truth['person_id'].nunique():,}"),
        ("households (found / true)", f"{s['households']:,} / {truth['household_id'].nunique():,}"),
        ("individual pairwise precision", ind["pairwise_precision"]),
        ("individual pairwise recall", ind["pairwise_recall"]),
        ("individual pairwise F1", ind["pairwise_f1"]),
        ("household pairwise precision", hh["pairwise_precision"]),
        ("household pairwise recall", hh["pairwise_recall"]),
        ("household pairwise F1", hh["pairwise_f1"]),
        ("generate seconds", round(t_gen, 2)),
        ("resolve seconds", round(t_res, 2)),
    ]
    print(_table(rows, f"crmlink demo ({args.persons:,} generated persons, seed {args.seed})"))
    print(f"\noutputs and chart written to {written.resolve()}")
    return 0


def _cmd_generate(args: argparse.Namespace) -> int:
    from crmlink.datasets import write_synthetic_crm

    paths = write_synthetic_crm(args.out, persons=args.persons, seed=args.seed)
    for name, path in paths.items():
        print(f"{name:<13} {path}")
    return 0


def _cmd_resolve(args: argparse.Namespace) -> int:
    import crmlink

    cols = json.loads(args.columns) if args.columns else None
    model = crmlink.load_model(args.model) if args.model else None
    result = crmlink.resolve(args.input, args.products, columns=cols,
                             settings=_settings(args), model=model)
    out = result.write(args.out)
    s = result.summary()
    print(_table([(k, v) for k, v in s.items() if k != "timings"], "crmlink resolve"))
    print(f"\nwritten to {out.resolve()}")
    return 0


def _cmd_evaluate(args: argparse.Namespace) -> int:
    from crmlink.evaluate import cluster_metrics
    from crmlink.schema import to_arrow

    truth = to_arrow(args.truth, what="truth").to_pandas()
    pred_path = Path(args.pred)
    if pred_path.is_dir():
        pred_path = pred_path / "records.parquet"
    pred = to_arrow(pred_path, what="pred").to_pandas()
    id_col = args.id_column
    for name, frame, col in (("truth", truth, args.truth_column), ("pred", pred, args.pred_column)):
        for c in (id_col, col):
            if c not in frame.columns:
                raise CrmlinkError(f"{name} has no column {c!r}")
    m = cluster_metrics(pred[[id_col, args.pred_column]], truth[[id_col, args.truth_column]])
    print(_table(list(m.items()), "crmlink evaluate"))
    if args.json:
        Path(args.json).write_text(json.dumps(m, indent=1), "utf-8")
    return 0


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="crmlink", description=__doc__.splitlines()[0])
    p.add_argument("--version", action="version", version=f"crmlink {__version__}")
    sub = p.add_subparsers(dest="command", required=True)

    d = sub.add_parser("demo", help="generate CRM data, resolve it, print accuracy")
    d.add_argument("--persons", type=int, default=3000)
    d.add_argument("--seed", type=int, default=42)
    d.add_argument("--out", default="crmlink_demo")
    d.add_argument("--quiet", action="store_true")
    d.set_defaults(func=_cmd_demo)

    g = sub.add_parser("generate", help="write synthetic CRM data with ground truth")
    g.add_argument("--persons", type=int, default=10000)
    g.add_argument("--seed", type=int, default=42)
    g.add_argument("--out", required=True)
    g.set_defaults(func=_cmd_generate)

    r = sub.add_parser("resolve", help="link records into individuals and households")
    r.add_argument("input", help="Parquet or CSV file (or folder of Parquet files)")
    r.add_argument("--products", default=None)
    r.add_argument("--out", required=True)
    r.add_argument("--columns", default=None, help='JSON mapping, e.g. {"record_id": "id"}')
    r.add_argument("--model", default=None, help="reuse a saved model.json")
    r.add_argument("--profile", choices=["crm", "plain"], default=None)
    r.add_argument("--threshold", type=float, default=None)
    r.add_argument("--quiet", action="store_true")
    r.set_defaults(func=_cmd_resolve)

    e = sub.add_parser("evaluate", help="precision/recall/F1 of a result against truth")
    e.add_argument("--truth", required=True)
    e.add_argument("--pred", required=True, help="records.parquet or the result folder")
    e.add_argument("--id-column", default="record_id")
    e.add_argument("--truth-column", default="person_id")
    e.add_argument("--pred-column", default="individual_id")
    e.add_argument("--json", default=None)
    e.set_defaults(func=_cmd_evaluate)
    return p


def main(argv: list[str] | None = None) -> int:
    """Entry point of the ``crmlink`` console script."""
    args = _parser().parse_args(argv)
    try:
        return int(args.func(args))
    except CrmlinkError as exc:
        print(f"crmlink: error: {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
