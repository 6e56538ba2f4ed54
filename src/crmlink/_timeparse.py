"""Vectorised parsing of update/consent timestamps written in common formats.

>>> import pyarrow as pa
>>> parse_timestamps(pa.chunked_array([["2024-05-01 10:00:00", "01.05.2024", None, "x"]])).to_pylist()[1:]
[datetime.datetime(2024, 5, 1, 0, 0), None, None]
"""

from __future__ import annotations

import duckdb
import pyarrow as pa

__all__ = ["TIMESTAMP_FORMATS", "parse_timestamps"]

TIMESTAMP_FORMATS = (
    "%Y-%m-%d %H:%M:%S",
    "%Y-%m-%dT%H:%M:%S",
    "%Y-%m-%d %H:%M",
    "%Y-%m-%d",
    "%d.%m.%Y %H:%M:%S",
    "%d.%m.%Y %H:%M",
    "%d.%m.%Y",
    "%Y/%m/%d",
    "%d/%m/%Y",
)


def parse_timestamps(values: pa.ChunkedArray | pa.Array) -> pa.ChunkedArray:
    """Parse text to timestamps (microseconds, naive); unparseable values become null."""
    con = duckdb.connect()
    try:
        con.register("__t", pa.table({"v": values}))
        fmts = ", ".join("'" + f + "'" for f in TIMESTAMP_FORMATS)
        out = con.sql(
            "SELECT coalesce(try_cast(trim(v) AS TIMESTAMP), "
            f"try_strptime(trim(v), [{fmts}]))::TIMESTAMP AS ts FROM __t"
        ).to_arrow_table()
    finally:
        con.close()
    return out.column("ts").cast(pa.timestamp("us"))
