"""Standardisation: per distinct value in Python, joined back in SQL.

:func:`standardise_table` reads the canonical input table, computes standardised
columns for each distinct value (or distinct tuple of values) of a field group, and
joins them back onto the records in DuckDB. No Python runs per record pair.

Two profiles exist:

* ``"plain"`` — lower-cased, trimmed strings and digit-only phones, computed in SQL;
  the baseline the CRM comparators are measured against.
* ``"crm"`` — names, phones, e-mails, addresses, birth dates and gender through the
  modules of this package (transliteration keys, diminutives, E.164, …).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import duckdb
import pandas as pd

from crmlink.schema import quote_ident

__all__ = ["CRM_DERIVED", "PLAIN_COLUMNS", "crm_steps", "standardise_table"]

#: Columns of the ``plain`` profile (SQL expressions over the canonical input).
PLAIN_COLUMNS: dict[str, str] = {
    "p_first": "lower(trim(coalesce(first_name, "
    "CASE WHEN full_name IS NOT NULL THEN string_split(trim(full_name), ' ')[1] END)))",
    "p_last": "lower(trim(coalesce(last_name, "
    "CASE WHEN full_name IS NOT NULL THEN string_split(trim(full_name), ' ')[-1] END)))",
    "p_dob": "trim(birth_date)",
    "p_phone": "nullif(regexp_replace(phone, '[^0-9]', '', 'g'), '')",
    "p_email": "nullif(lower(trim(email)), '')",
    "p_address": "nullif(lower(trim(address)), '')",
    "p_city": "nullif(lower(trim(city)), '')",
    "p_postcode": "nullif(trim(postcode), '')",
}


@dataclass(frozen=True)
class _Step:
    """One field group: input columns, and a batch function over their distinct rows."""

    inputs: tuple[str, ...]
    fn: Callable[[pd.DataFrame], pd.DataFrame]


def _names_step(frame: pd.DataFrame) -> pd.DataFrame:
    from crmlink.standardise.names import standardise_names

    return standardise_names(frame)


def _phones_step(frame: pd.DataFrame) -> pd.DataFrame:
    from crmlink.standardise.phones import standardise_phones

    return standardise_phones(frame["phone"])


def _emails_step(frame: pd.DataFrame) -> pd.DataFrame:
    from crmlink.standardise.emails import standardise_emails

    return standardise_emails(frame["email"])


def _addresses_step(frame: pd.DataFrame) -> pd.DataFrame:
    from crmlink.standardise.addresses import standardise_addresses

    return standardise_addresses(frame)


def _dates_step(frame: pd.DataFrame) -> pd.DataFrame:
    from crmlink.standardise.dates import standardise_birth_dates

    out = standardise_birth_dates(frame["birth_date"], frame["source"])
    return out.drop(columns=[c for c in ("dob_issue",) if c in out.columns])


def _gender_step(frame: pd.DataFrame) -> pd.DataFrame:
    from crmlink.standardise.gender import standardise_gender

    return pd.DataFrame({"gender_code": standardise_gender(frame["gender"])})


def crm_steps() -> list[_Step]:
    """The CRM profile's per-distinct-value steps, in pipeline order."""
    return [
        _Step(("full_name", "first_name", "middle_name", "last_name"), _names_step),
        _Step(("phone",), _phones_step),
        _Step(("email",), _emails_step),
        _Step(("address", "postcode", "region", "city", "street", "house", "flat"),
              _addresses_step),
        _Step(("birth_date", "source"), _dates_step),
        _Step(("gender",), _gender_step),
    ]


def _gender_final(have: set[str]) -> str | None:
    parts = [c for c in ("gender_code", "name_gender") if c in have]
    return f"coalesce({', '.join(parts)}, NULL)::VARCHAR" if parts else None


def _dob_swapkey(have: set[str]) -> str | None:
    if "dob" not in have:
        return None
    # year + the two day/month parts in sorted order: meets a day/month swap
    return ("CASE WHEN dob IS NOT NULL THEN substr(dob, 1, 4) || '-' || "
            "least(substr(dob, 6, 2), substr(dob, 9, 2)) || '-' || "
            "greatest(substr(dob, 6, 2), substr(dob, 9, 2)) END")


def _given_canon_initial(have: set[str]) -> str | None:
    if "name_given_canon" not in have:
        return None
    return "coalesce(left(name_given_canon, 1), name_given_initial)"


def _doc_key(have: set[str]) -> str | None:
    if "document_id" not in have:
        return None
    return "nullif(regexp_replace(upper(r.document_id), '[^0-9A-ZА-Я]', '', 'g'), '')"


#: SQL columns the CRM profile derives after the per-value steps are joined:
#: name → function of the available columns returning an expression (or None).
CRM_DERIVED: dict[str, Callable[[set[str]], str | None]] = {
    "gender_final": _gender_final,
    "doc_key": _doc_key,
    "dob_swapkey": _dob_swapkey,
    "name_canon_initial": _given_canon_initial,
}


def _columns_of(con: duckdb.DuckDBPyConnection, table: str) -> list[str]:
    return [r[0] for r in con.execute(f"DESCRIBE {quote_ident(table)}").fetchall()]


def _plain_select(present: Sequence[str]) -> list[str]:
    cols = set(present)
    out = []
    for name, expr in PLAIN_COLUMNS.items():
        needed = {c for c in ("first_name", "last_name", "full_name", "birth_date", "phone",
                              "email", "address", "city", "postcode") if c in expr}
        if needed & cols:
            filled = expr
            for c in needed - cols:
                filled = filled.replace(c, "NULL::VARCHAR")
            out.append(f"{filled} AS {quote_ident(name)}")
        else:
            out.append(f"NULL::VARCHAR AS {quote_ident(name)}")
    return out


def _apply_distinct(
    con: duckdb.DuckDBPyConnection, src: str, step: _Step, present: Sequence[str], name: str
) -> str | None:
    """Run ``step.fn`` once per distinct input tuple and store it as table ``name``."""
    inputs = [c for c in step.inputs if c in present]
    if not inputs:
        return None
    cols = ", ".join(quote_ident(c) for c in inputs)
    distinct = con.sql(f"SELECT DISTINCT {cols} FROM {quote_ident(src)}").df()
    for c in step.inputs:
        if c not in distinct.columns:
            distinct[c] = None
    out = step.fn(distinct[list(step.inputs)].reset_index(drop=True))
    keyed = pd.concat(
        [distinct[inputs].reset_index(drop=True).add_prefix("__k_"), out.reset_index(drop=True)],
        axis=1,
    )
    con.register("__crmlink_step", keyed)
    try:
        con.execute(f"CREATE OR REPLACE TABLE {quote_ident(name)} AS SELECT * FROM __crmlink_step")
    finally:
        con.unregister("__crmlink_step")
    return name


def standardise_table(
    con: duckdb.DuckDBPyConnection,
    src: str,
    dst: str,
    *,
    profile: str = "plain",
    steps: Sequence[_Step] = (),
    derived: dict[str, Callable[[set[str]], str | None]] | None = None,
) -> list[str]:
    """Create ``dst`` = ``record_id`` + standardised columns, and return their names.

    ``profile="plain"`` adds the :data:`PLAIN_COLUMNS`; extra ``steps`` (used by the
    CRM profile) each add their own columns, computed per distinct input tuple;
    ``derived`` adds SQL columns over those (see :data:`CRM_DERIVED`).
    """
    if derived is None and profile == "crm":
        derived = CRM_DERIVED
    present = _columns_of(con, src)
    selects = [quote_ident("record_id")]
    if profile == "plain":
        selects += _plain_select(present)
    joins: list[str] = []
    for i, step in enumerate(steps):
        name = _apply_distinct(con, src, step, present, f"__crmlink_std_{i}")
        if name is None:
            continue
        alias = f"s{i}"
        inputs = [c for c in step.inputs if c in present]
        cond = " AND ".join(
            f"r.{quote_ident(c)} IS NOT DISTINCT FROM {alias}.{quote_ident('__k_' + c)}"
            for c in inputs
        )
        joins.append(f"LEFT JOIN {quote_ident(name)} {alias} ON {cond}")
        out_cols = [c for c in _columns_of(con, name) if not c.startswith("__k_")]
        selects += [f"{alias}.{quote_ident(c)}" for c in out_cols]
    selects = [s if s.startswith(("r.", "s")) or " AS " in s else f"r.{s}" for s in selects]
    body = ", ".join(selects)
    stage = f"__crmlink_std_joined_{dst}" if derived else dst
    con.execute(
        f"CREATE OR REPLACE TABLE {quote_ident(stage)} AS SELECT {body} "
        f"FROM {quote_ident(src)} r {' '.join(joins)} ORDER BY r.{quote_ident('record_id')}"
    )
    if derived:
        have = set(_columns_of(con, stage)) | set(present)
        extra = []
        for name, make in derived.items():
            expr = make(have)
            if expr is not None:
                extra.append(f"{expr} AS {quote_ident(name)}")
        more = "".join(", " + e for e in extra)
        con.execute(
            f"CREATE OR REPLACE TABLE {quote_ident(dst)} AS SELECT j.*{more} "
            f"FROM {quote_ident(stage)} j JOIN {quote_ident(src)} r USING (record_id) "
            "ORDER BY j.record_id"
        )
        con.execute(f"DROP TABLE {quote_ident(stage)}")
    for i in range(len(steps)):
        con.execute(f"DROP TABLE IF EXISTS {quote_ident(f'__crmlink_std_{i}')}")
    cols = [c for c in _columns_of(con, dst) if c != "record_id"]
    if not cols:
        return []
    counts = con.execute(
        "SELECT " + ", ".join(f"count({quote_ident(c)})" for c in cols)
        + f" FROM {quote_ident(dst)}"
    ).fetchall()[0]
    # Columns that are null everywhere carry no evidence: leave them out of the model.
    return [c for c, n in zip(cols, counts, strict=True) if n]
