"""matplotlib figures, built as bare ``Figure`` objects (no pyplot state, headless-safe).

Every function returns a :class:`matplotlib.figure.Figure`; call ``savefig`` on it,
or let Jupyter display it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd
from matplotlib.figure import Figure

if TYPE_CHECKING:
    from crmlink.explain import Explanation
    from crmlink.model import Model

__all__ = [
    "cluster_size_chart",
    "m_u_chart",
    "match_weight_histogram",
    "precision_recall_chart",
    "threshold_chart",
    "waterfall_chart",
]

_BLUE, _RED, _GREY = "#3b6ea8", "#c0504d", "#8c8c8c"


def cluster_size_chart(records: pd.DataFrame, *, column: str = "individual_id") -> Figure:
    """Bar chart: how many entities have 1, 2, 3… records.

    >>> import pandas as pd
    >>> fig = cluster_size_chart(pd.DataFrame({"individual_id": ["a", "a", "b"]}))
    >>> fig.axes[0].get_xlabel()
    'records per entity'
    """
    sizes = records.groupby(column).size().value_counts().sort_index()
    fig = Figure(figsize=(6, 3.5))
    ax = fig.add_subplot()
    ax.bar(sizes.index.astype(int), sizes.to_numpy(), color=_BLUE)
    ax.set_xlabel("records per entity")
    ax.set_ylabel("entities")
    ax.set_title(f"Cluster sizes ({column})")
    ax.set_yscale("log")
    fig.tight_layout()
    return fig


def match_weight_histogram(pairs: pd.DataFrame, *, threshold: float | None = None) -> Figure:
    """Distribution of match weights of scored pairs (with the clustering threshold).

    >>> import pandas as pd
    >>> fig = match_weight_histogram(pd.DataFrame({"match_weight": [-5.0, 1.0, 12.0]}))
    >>> fig.axes[0].get_xlabel()
    'match weight (bits)'
    """
    w = pairs["match_weight"].to_numpy(dtype=float)
    fig = Figure(figsize=(7, 3.5))
    ax = fig.add_subplot()
    ax.hist(w, bins=60, color=_BLUE)
    if threshold is not None:
        tw = float(np.log2(threshold / (1 - threshold)))
        ax.axvline(tw, color=_RED, ls="--", label=f"threshold p={threshold:g}")
        ax.legend()
    ax.set_xlabel("match weight (bits)")
    ax.set_ylabel("pairs")
    ax.set_yscale("log")
    ax.set_title("Match weights of scored pairs")
    fig.tight_layout()
    return fig


def m_u_chart(model: Model) -> Figure:
    """m and u probability and match weight for every comparison level.

    >>> # doctest: +SKIP
    >>> m_u_chart(result.model).savefig("mu.png")
    """
    rows = pd.DataFrame(model.parameters())
    rows = rows.iloc[::-1].reset_index(drop=True)
    labels = [f"{c}: {lab}" for c, lab in zip(rows["comparison"], rows["label"], strict=True)]
    y = np.arange(len(rows))
    fig = Figure(figsize=(11, 0.32 * len(rows) + 1.5))
    ax1, ax2 = fig.subplots(1, 2, sharey=True, gridspec_kw={"width_ratios": [1.2, 1]})
    ax1.barh(y - 0.2, rows["m_probability"].fillna(0), height=0.4, color=_BLUE, label="m")
    ax1.barh(y + 0.2, rows["u_probability"].fillna(0), height=0.4, color=_RED, label="u")
    ax1.set_yticks(y, labels, fontsize=7)
    ax1.set_xlabel("probability")
    ax1.legend(loc="lower right")
    ax1.set_title("m and u per comparison level")
    w = rows["match_weight"].fillna(0).to_numpy()
    ax2.barh(y, w, color=[_BLUE if v >= 0 else _RED for v in w])
    ax2.axvline(0, color="black", lw=0.6)
    ax2.set_xlabel("match weight log2(m/u)")
    ax2.set_title("Evidence per level")
    fig.tight_layout()
    return fig


def threshold_chart(sweep: pd.DataFrame) -> Figure:
    """Precision, recall and F1 against the match-probability threshold.

    ``sweep`` is the output of :func:`crmlink.evaluate.threshold_sweep`.

    >>> import pandas as pd
    >>> s = pd.DataFrame({"threshold": [0.5, 0.9], "precision": [0.9, 1.0],
    ...                   "recall": [0.9, 0.8], "f1": [0.9, 0.89]})
    >>> threshold_chart(s).axes[0].get_xlabel()
    'match probability threshold'
    """
    fig = Figure(figsize=(6.5, 3.8))
    ax = fig.add_subplot()
    for col, color in (("precision", _BLUE), ("recall", _RED), ("f1", "black")):
        ax.plot(sweep["threshold"], sweep[col], label=col, color=color)
    ax.set_xlabel("match probability threshold")
    ax.set_ylabel("score")
    ax.set_ylim(min(0.5, float(sweep[["precision", "recall"]].min().min())) - 0.02, 1.01)
    ax.legend()
    ax.set_title("Threshold vs precision / recall")
    fig.tight_layout()
    return fig


def precision_recall_chart(sweep: pd.DataFrame, *, label: str = "crmlink",
                           others: dict[str, pd.DataFrame] | None = None) -> Figure:
    """Precision–recall curve(s) from threshold sweeps.

    >>> import pandas as pd
    >>> s = pd.DataFrame({"threshold": [0.5, 0.9], "precision": [0.9, 1.0],
    ...                   "recall": [0.9, 0.8], "f1": [0.9, 0.89]})
    >>> precision_recall_chart(s).axes[0].get_ylabel()
    'precision'
    """
    fig = Figure(figsize=(5, 4.5))
    ax = fig.add_subplot()
    curves = {label: sweep, **(others or {})}
    for name, s in curves.items():
        ax.plot(s["recall"], s["precision"], marker=".", label=name)
    ax.set_xlabel("recall")
    ax.set_ylabel("precision")
    ax.set_title("Precision–recall (pairwise)")
    ax.legend()
    fig.tight_layout()
    return fig


def waterfall_chart(explanation: Explanation) -> Figure:
    """Waterfall of evidence for one pair: prior, each comparison, total.

    >>> # doctest: +SKIP
    >>> crmlink.explain(a, b, model=m).waterfall().savefig("pair.png")
    """
    t = explanation.table
    names = ["prior", *t["comparison"].tolist(), "total"]
    steps = [explanation.prior_weight, *t["match_weight"].astype(float).tolist()]
    starts: list[float] = []
    acc = 0.0
    for s in steps:
        starts.append(acc)
        acc += s
    fig = Figure(figsize=(8, 4))
    ax = fig.add_subplot()
    x = np.arange(len(names))
    for i, (s0, s) in enumerate(zip(starts, steps, strict=True)):
        ax.bar(x[i], s, bottom=s0, color=_GREY if i == 0 else (_BLUE if s >= 0 else _RED))
        ax.text(x[i], s0 + s, f"{s:+.1f}", ha="center",
                va="bottom" if s >= 0 else "top", fontsize=7)
    ax.bar(x[-1], acc, color="black")
    ax.axhline(0, color="black", lw=0.6)
    labels: list[Any] = names
    ax.set_xticks(x, labels, rotation=35, ha="right", fontsize=8)
    ax.set_ylabel("cumulative match weight (bits)")
    ax.set_title(f"Evidence for this pair: probability {explanation.match_probability:.4f}")
    fig.tight_layout()
    return fig
