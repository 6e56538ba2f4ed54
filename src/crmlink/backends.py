"""Execution backends: an embedded DuckDB connection (default); Spark later.

>>> con = duckdb_connection(memory_limit="1GB")
>>> con.sql("SELECT 1").fetchone()
(1,)
"""

from __future__ import annotations

import os

import duckdb

from crmlink.errors import CrmlinkError

__all__ = ["BACKENDS", "duckdb_connection"]

BACKENDS = ("duckdb",)


def duckdb_connection(
    *, memory_limit: str | None = None, temp_dir: str | None = None, threads: int | None = None
) -> duckdb.DuckDBPyConnection:
    """A fresh in-memory DuckDB connection configured for crmlink.

    Insertion order is preserved off (faster joins), and results are made
    deterministic by explicit ``ORDER BY`` in crmlink's own SQL.
    """
    con = duckdb.connect(":memory:")
    if memory_limit:
        con.execute("SET memory_limit = $m", {"m": memory_limit})
    if temp_dir:
        os.makedirs(temp_dir, exist_ok=True)
        con.execute("SET temp_directory = $t", {"t": str(temp_dir)})
    if threads:
        con.execute(f"SET threads = {int(threads)}")
    con.execute("SET preserve_insertion_order = false")
    con.execute("SET enable_progress_bar = false")
    return con


def check_backend(backend: str) -> None:
    """Raise a clear error for an unknown backend name."""
    if backend not in BACKENDS:
        raise CrmlinkError(f"backend must be one of {BACKENDS}, got {backend!r}")
