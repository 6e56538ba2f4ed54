"""The result of :func:`crmlink.resolve`: tables as pandas, written as Parquet.

Tables live in the run's DuckDB connection; each property materialises a pandas
DataFrame on first access. :meth:`ResolveResult.write` goes straight from DuckDB to
Parquet (no pandas), into a temporary folder that is renamed when complete.
"""

from __future__ import annotations

import json
import shutil
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import duckdb
import pandas as pd

from crmlink.model import Model
from crmlink.schema import quote_ident

__all__ = ["ResolveResult"]

_TABLE_FILES = {
    "records": "records.parquet",
    "individuals": "individuals.parquet",
    "households": "households.parquet",
    "pairs": "pairs.parquet",
}


@dataclass
class ResolveResult:
    """Everything a run produced.

    Attributes:
        records: one row per input record (record_id, individual_id, household_id, …).
        individuals: golden records with lineage, one row per individual.
        households: household_id, member individual ids, size.
        pairs: scored candidate pairs (match weight, probability, comparison levels).
        model: the trained :class:`~crmlink.model.Model`.
        timings: seconds per stage.
    """

    con: duckdb.DuckDBPyConnection
    model: Model
    tables: dict[str, str]
    timings: dict[str, float] = field(default_factory=dict)
    n_input: int = 0
    _cache: dict[str, pd.DataFrame] = field(default_factory=dict, repr=False)

    # ---- SQL for each output table ---------------------------------------------------
    def _sql(self, name: str) -> str:
        t = {k: quote_ident(v) for k, v in self.tables.items()}
        if name == "records":
            src = ", i.source" if self._has_column(self.tables["input"], "source") else ""
            return (
                f"SELECT i.record_id, m.individual_id, h.household_id{src} "
                f"FROM {t['input']} i JOIN {t['individual_map']} m USING (record_id) "
                f"JOIN {t['household_map']} h USING (individual_id) ORDER BY i.record_id"
            )
        if name == "individuals":
            return f"SELECT * FROM {t['individuals']} ORDER BY individual_id"
        if name == "households":
            return (
                f"SELECT household_id, list(individual_id ORDER BY individual_id) AS members, "
                f"count(*) AS size FROM {t['household_map']} GROUP BY household_id "
                "ORDER BY household_id"
            )
        if name == "pairs":
            return f"SELECT * FROM {t['pairs']} ORDER BY record_id_l, record_id_r"
        raise KeyError(name)

    def _has_column(self, table: str, column: str) -> bool:
        cols = {r[0] for r in self.con.execute(f"DESCRIBE {quote_ident(table)}").fetchall()}
        return column in cols

    def _frame(self, name: str) -> pd.DataFrame:
        if name not in self._cache:
            self._cache[name] = self.con.sql(self._sql(name)).df()
        return self._cache[name]

    @property
    def records(self) -> pd.DataFrame:
        return self._frame("records")

    @property
    def individuals(self) -> pd.DataFrame:
        return self._frame("individuals")

    @property
    def households(self) -> pd.DataFrame:
        return self._frame("households")

    @property
    def pairs(self) -> pd.DataFrame:
        return self._frame("pairs")

    def summary(self) -> dict[str, Any]:
        """Counts: records, individuals, households, scored pairs."""
        t = {k: quote_ident(v) for k, v in self.tables.items()}
        one = self.con.execute(
            f"SELECT (SELECT count(*) FROM {t['individual_map']}), "
            f"(SELECT count(DISTINCT individual_id) FROM {t['individual_map']}), "
            f"(SELECT count(DISTINCT household_id) FROM {t['household_map']}), "
            f"(SELECT count(*) FROM {t['pairs']})"
        ).fetchall()[0]
        assert one is not None
        return {"records": one[0], "individuals": one[1], "households": one[2],
                "pairs": one[3], "timings": dict(self.timings)}

    def write(self, directory: str | Path, *, include_pairs: bool = True) -> Path:
        """Write every table as Parquet plus ``model.json`` into ``directory``.

        Files go to a temporary sibling folder first, which replaces ``directory``
        only when everything is written, so an interrupted write never leaves a
        folder that looks complete.
        """
        final = Path(directory)
        final.parent.mkdir(parents=True, exist_ok=True)
        tmp = final.parent / f".{final.name}.tmp-{uuid.uuid4().hex[:8]}"
        tmp.mkdir()
        try:
            for name, fname in _TABLE_FILES.items():
                if name == "pairs" and not include_pairs:
                    continue
                target = str(tmp / fname).replace("'", "''")
                self.con.execute(
                    f"COPY ({self._sql(name)}) TO '{target}' (FORMAT parquet)"
                )
            self.model.save(tmp / "model.json")
            (tmp / "summary.json").write_text(
                json.dumps(self.summary(), indent=1, default=str), "utf-8"
            )
            if final.exists():
                shutil.rmtree(final)
            tmp.rename(final)
        except BaseException:
            shutil.rmtree(tmp, ignore_errors=True)
            raise
        return final
