"""Explain one record pair: which comparison level each attribute reached, its m and u
probabilities, and how much evidence (match weight, in bits) it contributed.

The two records are standardised exactly as in :func:`crmlink.resolve`, then each of
the model's comparisons is evaluated on them in DuckDB with the model's own SQL.
Term-frequency adjustments are not applied here (they depend on a whole data set):
the weights are the model's average weights for each level.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import pandas as pd
from matplotlib.figure import Figure

from crmlink.backends import duckdb_connection
from crmlink.errors import CrmlinkError
from crmlink.model import Model
from crmlink.schema import load_records, quote_ident

__all__ = ["Explanation", "explain"]


@dataclass(frozen=True)
class Explanation:
    """Per-comparison evidence for one pair.

    ``table`` has one row per comparison: comparison, level, label, m, u,
    match_weight (log2 of m/u; 0 for a null level). ``prior_weight`` is the weight of
    the prior (probability two random records match); ``match_weight`` the total.
    """

    table: pd.DataFrame
    prior_weight: float
    match_weight: float

    @property
    def match_probability(self) -> float:
        """The match probability implied by the total weight."""
        bf = 2.0 ** self.match_weight
        return bf / (1.0 + bf)

    def waterfall(self) -> Figure:
        """A waterfall chart: prior, then each comparison's weight, then the total."""
        from crmlink.charts import waterfall_chart

        return waterfall_chart(self)

    def _repr_html_(self) -> str:  # pragma: no cover - notebook display
        head = (f"<p>match weight {self.match_weight:.2f} → probability "
                f"{self.match_probability:.4f}</p>")
        return head + self.table.to_html(index=False)


def _prior_weight(model: Model) -> float:
    p = float(model.splink_settings.get("probability_two_random_records_match", 1e-4))
    return math.log2(p / (1 - p))


def explain(record_a: Mapping[str, Any], record_b: Mapping[str, Any], *, model: Model) -> Explanation:
    """Explain how ``model`` scores the pair (``record_a``, ``record_b``).

    Records are mappings in the canonical schema (``record_id`` optional).

    >>> import crmlink
    >>> data = crmlink.datasets.synthetic_crm(persons=300, seed=3)
    >>> result = crmlink.resolve(data.records, settings=crmlink.Settings(progress=False))
    >>> a, b = data.records.iloc[0].to_dict(), data.records.iloc[0].to_dict()
    >>> crmlink.explain(a, b, model=result.model).match_weight > 0
    True
    """
    from crmlink.pipeline import profile_steps
    from crmlink.standardise import standardise_table

    rows = []
    for i, rec in enumerate((record_a, record_b)):
        r = {k: v for k, v in dict(rec).items() if v is not None}
        r["record_id"] = f"__explain_{i}"
        rows.append(r)
    frame = pd.DataFrame(rows)
    for col in frame.columns:
        if col not in ("updated_at", "consent_updated_at"):
            frame[col] = frame[col].map(lambda v: None if v is None or v != v else str(v))
    con = duckdb_connection()
    try:
        load_records(con, frame)
        steps = profile_steps(model.settings.profile)
        standardise_table(con, "crm_input", "std", profile=model.settings.profile, steps=steps)
        cols = [r[0] for r in con.execute("DESCRIBE std").fetchall()]
        sel = ", ".join(
            f"l.{quote_ident(c)} AS {quote_ident(c + '_l')}, r.{quote_ident(c)} AS "
            f"{quote_ident(c + '_r')}" for c in cols
        )
        con.execute(
            f"CREATE TABLE pair AS SELECT {sel} FROM std l, std r "
            "WHERE l.record_id = '__explain_0' AND r.record_id = '__explain_1'"
        )
        out = []
        for comp in model.splink_settings["comparisons"]:
            levels = comp["comparison_levels"]
            cases = " ".join(
                f"WHEN {lv['sql_condition']} THEN {i}" for i, lv in enumerate(levels)
                if lv["sql_condition"].strip().upper() != "ELSE"
            )
            try:
                got = con.execute(f"SELECT CASE {cases} ELSE {len(levels) - 1} END FROM pair"
                                  ).fetchall()
            except Exception as exc:
                raise CrmlinkError(
                    f"comparison {comp['output_column_name']!r} cannot be evaluated on these "
                    f"records ({type(exc).__name__})"
                ) from None
            idx = int(got[0][0])
            lv = levels[idx]
            m, u = lv.get("m_probability"), lv.get("u_probability")
            null = bool(lv.get("is_null_level"))
            weight = 0.0 if null or not m or not u else math.log2(m / u)
            n_non_null = sum(1 for x in levels if not x.get("is_null_level"))
            level_num = -1 if null else n_non_null - 1 - (idx - sum(
                1 for x in levels[:idx] if x.get("is_null_level")))
            out.append({"comparison": comp["output_column_name"], "level": level_num,
                        "label": lv.get("label_for_charts", ""), "m_probability": m,
                        "u_probability": u, "match_weight": weight})
    finally:
        con.close()
    table = pd.DataFrame(out)
    prior = _prior_weight(model)
    return Explanation(table=table, prior_weight=prior,
                       match_weight=prior + float(table["match_weight"].sum()))
