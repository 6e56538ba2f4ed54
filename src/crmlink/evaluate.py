"""Accuracy against ground truth: pairwise, B-cubed and exact-cluster metrics.

All metrics are computed from contingency counts (no enumeration of pairs), so
they are exact and fast on millions of records.

>>> import pandas as pd
>>> pred = pd.DataFrame({"record_id": list("abcd"), "cluster": [1, 1, 2, 3]})
>>> truth = pd.DataFrame({"record_id": list("abcd"), "entity": [1, 1, 2, 2]})
>>> m = cluster_metrics(pred, truth)
>>> round(m["pairwise_precision"], 2), round(m["pairwise_recall"], 2)
(1.0, 0.5)
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from crmlink.errors import CrmlinkError

__all__ = ["cluster_metrics", "pair_counts", "threshold_sweep"]


def _c2(n: np.ndarray | pd.Series) -> float:
    a = np.asarray(n, dtype=np.float64)
    return float((a * (a - 1) / 2).sum())


def _f1(p: float, r: float) -> float:
    return 0.0 if p + r == 0 else 2 * p * r / (p + r)


def _align(pred: pd.DataFrame, truth: pd.DataFrame) -> pd.DataFrame:
    if pred.shape[1] < 2 or truth.shape[1] < 2:
        raise CrmlinkError("pred and truth need (record id, cluster/entity) columns")
    p = pred.iloc[:, :2].copy()
    p.columns = ["record_id", "pred"]
    t = truth.iloc[:, :2].copy()
    t.columns = ["record_id", "truth"]
    p["record_id"] = p["record_id"].astype(str)
    t["record_id"] = t["record_id"].astype(str)
    p["pred"] = p["pred"].astype(str)
    merged = t.merge(p, on="record_id", how="left")
    # records without a prediction are singletons
    merged["pred"] = merged["pred"].fillna("__single__" + merged["record_id"])
    return merged


def cluster_metrics(pred: pd.DataFrame, truth: pd.DataFrame) -> dict[str, Any]:
    """Metrics of a clustering against the truth.

    ``pred``: (record_id, cluster) — first two columns; ``truth``: (record_id, entity).
    Returns pairwise precision/recall/F1 (pairs of records placed together),
    B-cubed precision/recall/F1 and exact-cluster precision/recall/F1, plus counts.
    """
    m = _align(pred, truth)
    m["pred"] = m["pred"].astype(str)
    m["truth"] = m["truth"].astype(str)
    cell = m.groupby(["pred", "truth"], sort=False).size()
    pred_sizes = m.groupby("pred", sort=False).size()
    truth_sizes = m.groupby("truth", sort=False).size()
    tp = _c2(cell.to_numpy())
    pp = _c2(pred_sizes.to_numpy())
    tt = _c2(truth_sizes.to_numpy())
    precision = tp / pp if pp else 1.0
    recall = tp / tt if tt else 1.0
    # B-cubed: per record, |C ∩ T| / |C| and |C ∩ T| / |T|
    cnt = cell.rename("n").reset_index()
    cnt["ps"] = cnt["pred"].map(pred_sizes)
    cnt["ts"] = cnt["truth"].map(truth_sizes)
    n = len(m)
    b3p = float((cnt["n"] ** 2 / cnt["ps"]).sum() / n)
    b3r = float((cnt["n"] ** 2 / cnt["ts"]).sum() / n)
    exact = cnt[(cnt["n"] == cnt["ps"]) & (cnt["n"] == cnt["ts"])]
    ep = len(exact) / len(pred_sizes)
    er = len(exact) / len(truth_sizes)
    return {
        "records": n,
        "predicted_clusters": len(pred_sizes),
        "true_clusters": len(truth_sizes),
        "true_pairs": int(tt),
        "predicted_pairs": int(pp),
        "true_positive_pairs": int(tp),
        "pairwise_precision": precision,
        "pairwise_recall": recall,
        "pairwise_f1": _f1(precision, recall),
        "bcubed_precision": b3p,
        "bcubed_recall": b3r,
        "bcubed_f1": _f1(b3p, b3r),
        "exact_cluster_precision": ep,
        "exact_cluster_recall": er,
        "exact_cluster_f1": _f1(ep, er),
    }


def pair_counts(truth: pd.DataFrame) -> int:
    """Number of true pairs implied by a (record_id, entity) truth table."""
    return int(_c2(truth.iloc[:, 1].value_counts().to_numpy()))


def threshold_sweep(
    pairs: pd.DataFrame,
    truth: pd.DataFrame,
    thresholds: np.ndarray | None = None,
) -> pd.DataFrame:
    """Pairwise precision/recall/F1 of scored pairs at each probability threshold.

    ``pairs`` needs ``record_id_l``, ``record_id_r``, ``match_probability``. Recall is
    against all true pairs (so pairs lost by blocking count as misses).
    """
    if thresholds is None:
        thresholds = np.round(np.linspace(0.05, 0.99, 48), 3)
    t = truth.iloc[:, :2].copy()
    t.columns = ["record_id", "entity"]
    t["record_id"] = t["record_id"].astype(str)
    ent = dict(zip(t["record_id"], t["entity"].astype(str), strict=False))
    left = pairs["record_id_l"].astype(str).map(ent)
    right = pairs["record_id_r"].astype(str).map(ent)
    is_match = (left == right) & left.notna()
    prob = pairs["match_probability"].to_numpy(dtype=np.float64)
    order = np.argsort(-prob, kind="stable")
    prob_sorted = prob[order]
    tp_cum = np.cumsum(is_match.to_numpy()[order])
    total_true = pair_counts(t)
    rows = []
    for th in thresholds:
        k = int(np.searchsorted(-prob_sorted, -th, side="right"))
        tp = int(tp_cum[k - 1]) if k else 0
        precision = tp / k if k else 1.0
        recall = tp / total_true if total_true else 1.0
        rows.append({"threshold": float(th), "pairs": k, "true_positives": tp,
                     "precision": precision, "recall": recall, "f1": _f1(precision, recall)})
    return pd.DataFrame(rows)
