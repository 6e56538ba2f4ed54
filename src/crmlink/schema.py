"""The canonical input schema: reading inputs, mapping columns, validating.

Every input (pandas, polars, pyarrow, a DuckDB relation, a Parquet or CSV path) is
loaded into a DuckDB table named ``crm_input`` whose canonical columns are text
(timestamps stay timestamps), with the user's extra columns carried through.
Errors name the column and up to five example record ids, never a value.

>>> import pandas as pd, duckdb
>>> con = duckdb.connect()
>>> info = load_records(con, pd.DataFrame({"id": ["a", "b"], "full_name": ["X", None]}),
...                     columns={"record_id": "id"})
>>> info.n_records, info.present
(2, ('record_id', 'full_name'))
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import duckdb
import pyarrow as pa
import pyarrow.compute as pc

from crmlink.errors import InputError, SchemaError

__all__ = [
    "CANONICAL_COLUMNS",
    "CONSENT_COLUMNS",
    "NAME_COLUMNS",
    "InputInfo",
    "load_records",
    "quote_ident",
    "to_arrow",
]

#: Canonical column → kind. ``text`` columns become VARCHAR; ``timestamp`` columns
#: TIMESTAMP; ``flag`` columns (consent) a validated VARCHAR of yes/no words.
CANONICAL_COLUMNS: dict[str, str] = {
    "record_id": "id",
    "source": "text",
    "full_name": "text",
    "first_name": "text",
    "middle_name": "text",
    "last_name": "text",
    "birth_date": "date_text",
    "gender": "text",
    "phone": "text",
    "email": "text",
    "address": "text",
    "postcode": "text",
    "region": "text",
    "city": "text",
    "street": "text",
    "house": "text",
    "flat": "text",
    "document_id": "text",
    "updated_at": "timestamp",
    "consent_email": "flag",
    "consent_sms": "flag",
    "consent_phone": "flag",
    "consent_post": "flag",
    "consent_updated_at": "timestamp",
}
NAME_COLUMNS = ("full_name", "first_name", "middle_name", "last_name")
CONSENT_COLUMNS = ("consent_email", "consent_sms", "consent_phone", "consent_post")
_LINKING_COLUMNS = (*NAME_COLUMNS, "phone", "email", "document_id")

_TRUE_WORDS = {"yes", "y", "true", "t", "1", "да", "д", "on", "opt-in", "optin", "allowed"}
_FALSE_WORDS = {"no", "n", "false", "f", "0", "нет", "н", "off", "opt-out", "optout", "denied"}
FLAG_WORDS = _TRUE_WORDS | _FALSE_WORDS
_MAX_EXAMPLES = 5


def quote_ident(name: str) -> str:
    """Quote an SQL identifier for DuckDB/Spark-neutral use.

    >>> quote_ident('we"ird')
    '"we""ird"'
    """
    return '"' + name.replace('"', '""') + '"'


@dataclass(frozen=True)
class InputInfo:
    """What :func:`load_records` found: the table name, row count, canonical
    columns present and the extra columns carried through."""

    table: str
    n_records: int
    present: tuple[str, ...]
    extra: tuple[str, ...]


def to_arrow(data: Any, *, what: str = "records") -> pa.Table:
    """Turn any supported input into a pyarrow Table.

    Supports pandas and polars DataFrames, pyarrow Tables/RecordBatchReaders,
    DuckDB relations and paths to ``.parquet``/``.csv`` files (or folders of
    Parquet files).

    >>> import pandas as pd
    >>> to_arrow(pd.DataFrame({"a": [1]})).num_rows
    1
    """
    if isinstance(data, pa.Table):
        return data
    if isinstance(data, pa.RecordBatchReader):
        return data.read_all()
    if isinstance(data, (str, os.PathLike)):
        return _read_path(Path(data), what)
    if isinstance(data, duckdb.DuckDBPyRelation):
        return data.to_arrow_table()
    mod = type(data).__module__.split(".")[0]
    if mod == "pandas":
        frame = data
        if frame.index.name is not None or not _is_default_index(frame):
            frame = frame.reset_index(drop=True)
        try:
            return pa.Table.from_pandas(frame, preserve_index=False)
        except (pa.ArrowInvalid, pa.ArrowTypeError) as exc:
            bad = _first_mixed_column(frame)
            raise SchemaError(
                f"{what}: column {bad!r} mixes value types that cannot be read as one type; "
                "convert it to text first",
                column=bad,
            ) from exc
    if mod == "polars":
        return data.to_arrow()
    if hasattr(data, "__arrow_c_stream__"):
        return pa.table(data)
    raise InputError(
        f"{what}: unsupported input type {type(data).__name__}; pass a pandas/polars "
        "DataFrame, a pyarrow Table, a DuckDB relation or a path to Parquet/CSV"
    )


def _is_default_index(frame: Any) -> bool:
    import pandas as pd

    return isinstance(frame.index, pd.RangeIndex) and frame.index.start == 0 and frame.index.step == 1


def _first_mixed_column(frame: Any) -> str | None:
    for col in frame.columns:
        try:
            pa.array(frame[col])
        except (pa.ArrowInvalid, pa.ArrowTypeError):
            return str(col)
    return None


def _read_path(path: Path, what: str) -> pa.Table:
    if not path.exists():
        raise InputError(f"{what}: no such file or folder: {path}")
    suffix = path.suffix.lower()
    con = duckdb.connect()
    try:
        if path.is_dir() or suffix in {".parquet", ".pq"}:
            target = str(path / "*.parquet") if path.is_dir() else str(path)
            return con.sql("SELECT * FROM read_parquet($p)", params={"p": target}).to_arrow_table()
        if suffix in {".csv", ".txt", ".tsv"}:
            return _read_csv(con, path, what)
    except duckdb.Error as exc:
        raise InputError(f"{what}: cannot read {path.name}: {type(exc).__name__}") from None
    finally:
        con.close()
    raise InputError(f"{what}: unsupported file type {suffix!r}; use .parquet or .csv")


def _read_csv(con: duckdb.DuckDBPyConnection, path: Path, what: str) -> pa.Table:
    raw = path.read_bytes()
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        try:
            text = raw.decode("cp1251")
        except UnicodeDecodeError:
            raise InputError(f"{what}: {path.name} is neither UTF-8 nor cp1251 text") from None
    import io

    import pyarrow.csv as pacsv

    delimiter = "\t" if path.suffix.lower() == ".tsv" else _sniff_delimiter(text)
    header = next(iter(text.splitlines()), "")
    names = [h.strip().strip('"') for h in header.split(delimiter)]
    try:
        table = pacsv.read_csv(
            io.BytesIO(text.encode("utf-8")),
            parse_options=pacsv.ParseOptions(delimiter=delimiter, newlines_in_values=True),
            convert_options=pacsv.ConvertOptions(
                column_types={n: pa.string() for n in names}, strings_can_be_null=True, auto_dict_encode=False,
                quoted_strings_can_be_null=False,
            ),
            read_options=pacsv.ReadOptions(autogenerate_column_names=False),
        )
    except pa.ArrowInvalid as exc:
        raise InputError(f"{what}: cannot parse {path.name} as CSV ({str(exc)[:80]})") from None
    # Read every column as text: ids, phones and postcodes lose leading zeros otherwise.
    return table.cast(pa.schema([pa.field(f.name, pa.string()) for f in table.schema]))


def _sniff_delimiter(text: str) -> str:
    head = text.split("\n", 1)[0]
    counts = {d: head.count(d) for d in (",", ";", "\t", "|")}
    return max(counts, key=lambda d: counts[d]) if any(counts.values()) else ","


def _map_columns(table: pa.Table, columns: Mapping[str, str] | None) -> pa.Table:
    names = list(table.column_names)
    if columns:
        unknown = [c for c in columns if c not in CANONICAL_COLUMNS]
        if unknown:
            raise SchemaError(
                f"columns= maps unknown canonical column(s) {unknown}; "
                f"canonical columns are {sorted(CANONICAL_COLUMNS)}",
                column=unknown[0],
            )
        for canonical, theirs in columns.items():
            if theirs not in names:
                raise SchemaError(
                    f"columns= maps {canonical!r} to {theirs!r}, which is not in the input",
                    column=theirs,
                )
        rename = {theirs: canonical for canonical, theirs in columns.items()}
        clash = [c for c in columns if c in names and c not in rename]
        if clash:
            raise SchemaError(
                f"input has both {clash[0]!r} and a column mapped onto it", column=clash[0]
            )
        names = [rename.get(n, n) for n in names]
    lowered = [n.strip().lower() if n.strip().lower() in CANONICAL_COLUMNS else n for n in names]
    dupes = sorted({n for n in lowered if lowered.count(n) > 1})
    if dupes:
        raise SchemaError(f"input has the column {dupes[0]!r} more than once", column=dupes[0])
    return table.rename_columns(lowered)


def _examples(ids: pa.Array | pa.ChunkedArray) -> list[str]:
    return [str(v) for v in ids.slice(0, _MAX_EXAMPLES).to_pylist()]


def _as_text(table: pa.Table, col: str) -> pa.ChunkedArray:
    arr = table.column(col)
    t = arr.type
    if pa.types.is_string(t) or pa.types.is_large_string(t):
        return arr.cast(pa.string())
    if pa.types.is_dictionary(t):
        return arr.cast(pa.string())
    if pa.types.is_integer(t):
        return arr.cast(pa.string())
    if pa.types.is_null(t):
        return pa.chunked_array([pa.nulls(len(arr), pa.string())])
    ids = table.column("record_id") if "record_id" in table.column_names else None
    if pa.types.is_floating(t) and col not in {"record_id", "phone", "document_id", "postcode"}:
        # Integral floats (pandas turns int columns with NaN into float) are fine.
        vals = arr.to_numpy(zero_copy_only=False)
        import numpy as np

        finite = vals[~np.isnan(vals)]
        if finite.size == 0 or np.all(np.mod(finite, 1) == 0):
            out = [None if v != v else str(int(v)) for v in vals]
            return pa.chunked_array([pa.array(out, pa.string())])
    bad = _examples(ids.filter(pc.is_valid(arr))) if ids is not None else []
    raise SchemaError(
        f"column {col!r} has type {t}, expected text; read it as text "
        f"(e.g. dtype=str) so digits and leading zeros survive; example record ids: {bad}",
        column=col,
        record_ids=bad,
    )


def _as_timestamp(table: pa.Table, col: str) -> pa.ChunkedArray:
    arr = table.column(col)
    t = arr.type
    if pa.types.is_timestamp(t):
        return arr.cast(pa.timestamp("us", tz=t.tz)).cast(pa.timestamp("us")) if t.tz else arr.cast(
            pa.timestamp("us"))
    if pa.types.is_date(t):
        return arr.cast(pa.timestamp("us"))
    if pa.types.is_null(t):
        return pa.chunked_array([pa.nulls(len(arr), pa.timestamp("us"))])
    ids = table.column("record_id")
    if pa.types.is_string(t) or pa.types.is_large_string(t) or pa.types.is_dictionary(t):
        from crmlink._timeparse import parse_timestamps

        text = arr.cast(pa.string())
        parsed = parse_timestamps(text)
        failed = pc.and_(pc.is_valid(text), pc.is_null(parsed))
        failed = pc.and_(failed, pc.not_equal(pc.utf8_trim_whitespace(text), ""))
        if pc.any(failed).as_py():
            bad = _examples(ids.filter(failed))
            raise SchemaError(
                f"column {col!r} has values that are not dates or timestamps; "
                f"example record ids: {bad}",
                column=col,
                record_ids=bad,
            )
        return parsed
    raise SchemaError(
        f"column {col!r} has type {t}, expected a timestamp or date",
        column=col,
        record_ids=_examples(ids),
    )


def _as_flag(table: pa.Table, col: str) -> pa.ChunkedArray:
    arr = table.column(col)
    t = arr.type
    if pa.types.is_boolean(t):
        return pc.if_else(arr, "yes", "no")
    text = _as_text(table, col) if not pa.types.is_floating(t) else _float_flags(table, col)
    norm = pc.utf8_lower(pc.utf8_trim_whitespace(text))
    norm = pc.if_else(pc.equal(norm, ""), pa.scalar(None, pa.string()), norm)
    ok = pc.is_in(norm, value_set=pa.array(sorted(FLAG_WORDS)))
    bad_mask = pc.and_(pc.is_valid(norm), pc.invert(ok))
    if pc.any(bad_mask).as_py():
        bad = _examples(table.column("record_id").filter(bad_mask))
        raise SchemaError(
            f"column {col!r} has values that are not yes/no/true/false/1/0; "
            f"example record ids: {bad}",
            column=col,
            record_ids=bad,
        )
    yes = pc.is_in(norm, value_set=pa.array(sorted(_TRUE_WORDS)))
    return pc.if_else(pc.is_null(norm), pa.scalar(None, pa.string()), pc.if_else(yes, "yes", "no"))


def _float_flags(table: pa.Table, col: str) -> pa.ChunkedArray:
    arr = table.column(col)
    vals = arr.to_pylist()
    out = [None if v is None or v != v else (str(int(v)) if v in (0.0, 1.0) else "?") for v in vals]
    return pa.chunked_array([pa.array(out, pa.string())])


def _validate_ids(table: pa.Table) -> pa.Table:
    if "record_id" not in table.column_names:
        raise SchemaError(
            "required column 'record_id' is missing; map yours with columns={'record_id': ...}",
            column="record_id",
        )
    ids = table.column("record_id")
    t = ids.type
    if not (pa.types.is_string(t) or pa.types.is_large_string(t) or pa.types.is_integer(t)
            or pa.types.is_dictionary(t)):
        raise SchemaError(
            f"column 'record_id' has type {t}; expected text or integers", column="record_id"
        )
    ids = ids.cast(pa.string())
    nulls = pc.fill_null(
        pc.or_kleene(pc.is_null(ids), pc.equal(pc.utf8_trim_whitespace(ids), "")), True
    )
    n_null = pc.sum(nulls).as_py() or 0
    if n_null:
        rows = [i for i, v in enumerate(nulls.to_pylist()) if v][:_MAX_EXAMPLES]
        raise SchemaError(
            f"column 'record_id' is empty in {n_null} row(s) (row numbers {rows}); "
            "every record needs an id",
            column="record_id",
        )
    counts = pc.value_counts(ids)
    dup = counts.field(0).filter(pc.greater(counts.field(1), 1))
    if len(dup):
        raise SchemaError(
            f"column 'record_id' has {len(dup)} duplicated id(s); example record ids: "
            f"{_examples(dup)}",
            column="record_id",
            record_ids=_examples(dup),
        )
    return table.set_column(table.column_names.index("record_id"), "record_id", ids)


def load_records(
    con: duckdb.DuckDBPyConnection,
    data: Any,
    *,
    columns: Mapping[str, str] | None = None,
    table: str = "crm_input",
) -> InputInfo:
    """Load ``data`` into ``con`` as table ``table`` in the canonical schema.

    Raises :class:`~crmlink.errors.SchemaError` (a :class:`CrmlinkError`) for an empty
    input, a missing/duplicated/empty ``record_id``, columns of the wrong type and
    unknown consent words; the message names the column and example record ids.
    """
    arrow = to_arrow(data)
    arrow = _map_columns(arrow, columns)
    if arrow.num_rows == 0:
        raise SchemaError("the input has no records", column=None)
    arrow = _validate_ids(arrow)
    present = [c for c in CANONICAL_COLUMNS if c in arrow.column_names]
    if not any(c in present for c in _LINKING_COLUMNS):
        raise SchemaError(
            "the input has none of the columns crmlink links on "
            f"({', '.join(_LINKING_COLUMNS)}); map yours with columns=",
            column="full_name",
        )
    for col in present:
        kind = CANONICAL_COLUMNS[col]
        idx = arrow.column_names.index(col)
        if kind in {"text", "date_text"}:
            if kind == "date_text" and (pa.types.is_date(arrow.column(col).type)
                                        or pa.types.is_timestamp(arrow.column(col).type)):
                new = pc.strftime(arrow.column(col).cast(pa.timestamp("us")), format="%Y-%m-%d")
            else:
                new = _as_text(arrow, col)
        elif kind == "timestamp":
            new = _as_timestamp(arrow, col)
        elif kind == "flag":
            new = _as_flag(arrow, col)
        else:
            continue
        arrow = arrow.set_column(idx, col, new)
    extra = tuple(c for c in arrow.column_names if c not in CANONICAL_COLUMNS)
    # Extra columns may have any name: keep them, but as-is (they are quoted in SQL).
    con.register("__crmlink_arrow_in", arrow)
    try:
        con.execute(f"CREATE OR REPLACE TABLE {quote_ident(table)} AS SELECT * FROM __crmlink_arrow_in")
    finally:
        con.unregister("__crmlink_arrow_in")
    return InputInfo(table=table, n_records=arrow.num_rows, present=tuple(present), extra=extra)
