"""matplotlib figures, built as bare ``Figure`` objects (no pyplot state, headless-safe).

Every function returns a :class:`matplotlib.figure.Figure`; call ``savefig`` on it.
"""

from __future__ import annotations

import pandas as pd
from matplotlib.figure import Figure

__all__ = ["cluster_size_chart"]


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
    ax.bar(sizes.index.astype(int), sizes.to_numpy(), color="#3b6ea8")
    ax.set_xlabel("records per entity")
    ax.set_ylabel("entities")
    ax.set_title(f"Cluster sizes ({column})")
    ax.set_yscale("log")
    fig.tight_layout()
    return fig
