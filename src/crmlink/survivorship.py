"""Golden records: one value per attribute group per individual, with lineage.

Each group (name parts together, address parts together, phone, e-mail, birth date,
gender, document) is chosen by an ordered chain of rules, all in SQL:

1. ``valid`` — non-empty and valid (a name has letters and no digits, i.e. is not a
   username like "Pupsik78"; a phone has at least 7 digits; an e-mail has an "@"),
2. ``source_priority`` — the configured order of sources,
3. ``most_recent`` — the latest ``updated_at``,
4. ``most_frequent`` — the value most records of the individual agree on,
5. ``tie_break`` — the smallest record id (deterministic).

The lineage columns name the record, its source, its timestamp and the first rule
that separated the winner from the runner-up.
"""

from __future__ import annotations

from collections.abc import Sequence

import duckdb

from crmlink.schema import quote_ident

__all__ = ["ATTRIBUTE_GROUPS", "build_golden_records"]

#: Attribute group → canonical columns that survive together.
ATTRIBUTE_GROUPS: dict[str, tuple[str, ...]] = {
    "name": ("full_name", "last_name", "first_name", "middle_name"),
    "birth_date": ("birth_date",),
    "gender": ("gender",),
    "phone": ("phone",),
    "email": ("email",),
    "address": ("address", "postcode", "region", "city", "street", "house", "flat"),
    "document": ("document_id",),
}

_VALIDITY: dict[str, str] = {
    "name": "CASE WHEN regexp_matches(coalesce({v}, ''), '[0-9_@]') THEN 1 "
            "WHEN regexp_matches(coalesce({v}, ''), '[[:alpha:]]') THEN 0 ELSE 2 END",
    "phone": "CASE WHEN length(regexp_replace(coalesce({v}, ''), '[^0-9]', '', 'g')) >= 7 "
             "THEN 0 ELSE 1 END",
    "email": "CASE WHEN strpos(coalesce({v}, ''), '@') > 1 THEN 0 ELSE 1 END",
}


def _group_sql(
    group: str,
    cols: Sequence[str],
    src: str,
    individual_map: str,
    priorities: Sequence[str],
    has_source: bool,
    has_updated: bool,
) -> str:
    q = [quote_ident(c) for c in cols]
    nonempty = " OR ".join(f"nullif(trim(r.{c}), '') IS NOT NULL" for c in q)
    value_concat = " || '|' || ".join(f"coalesce(r.{c}, '')" for c in q)
    validity = _VALIDITY.get(group, "0").format(v=f"({value_concat})")
    prio = "coalesce(p.prio, 1000000)" if has_source and priorities else "0"
    src_col = "r.source" if has_source else "NULL::VARCHAR"
    upd = "r.updated_at" if has_updated else "NULL::TIMESTAMP"
    order = "valid, prio, updated_at DESC NULLS LAST, freq DESC, record_id"
    picked = ", ".join(f"w.{c} AS {quote_ident(group + '__' + c.strip(chr(34)))}" for c in q)
    return f"""
    WITH cand AS (
        SELECT m.individual_id, r.record_id, {', '.join('r.' + c for c in q)},
               {validity} AS valid, {prio} AS prio, {src_col} AS source,
               {upd} AS updated_at, ({value_concat}) AS vkey
        FROM {quote_ident(src)} r JOIN {quote_ident(individual_map)} m USING (record_id)
        {"LEFT JOIN __crmlink_priority p ON p.source = r.source" if has_source else ""}
        WHERE {nonempty}
    ), counted AS (
        SELECT *, count(*) OVER (PARTITION BY individual_id, vkey) AS freq FROM cand
    ), ranked AS (
        SELECT *, row_number() OVER (PARTITION BY individual_id ORDER BY {order}) AS rn
        FROM counted
    )
    SELECT w.individual_id, {picked},
        w.record_id AS {quote_ident(group + '__record_id')},
        w.source AS {quote_ident(group + '__source')},
        w.updated_at AS {quote_ident(group + '__updated_at')},
        CASE WHEN s.record_id IS NULL THEN 'only_candidate'
             WHEN w.valid <> s.valid THEN 'valid'
             WHEN w.prio <> s.prio THEN 'source_priority'
             WHEN w.updated_at IS DISTINCT FROM s.updated_at THEN 'most_recent'
             WHEN w.freq <> s.freq THEN 'most_frequent'
             WHEN w.vkey = s.vkey THEN 'agreed'
             ELSE 'tie_break' END AS {quote_ident(group + '__rule')}
    FROM ranked w LEFT JOIN ranked s ON s.individual_id = w.individual_id AND s.rn = 2
    WHERE w.rn = 1
    """


def build_golden_records(
    con: duckdb.DuckDBPyConnection,
    src: str,
    individual_map: str,
    household_map: str,
    *,
    source_priority: Sequence[str],
    out_table: str = "crm_individuals",
) -> str:
    """Create ``out_table``: one row per individual with golden values and lineage."""
    present = {r[0] for r in con.execute(f"DESCRIBE {quote_ident(src)}").fetchall()}
    has_source = "source" in present
    has_updated = "updated_at" in present
    con.execute("CREATE OR REPLACE TEMP TABLE __crmlink_priority (source VARCHAR, prio INTEGER)")
    if source_priority:
        con.executemany("INSERT INTO __crmlink_priority VALUES (?, ?)",
                        [[str(s), i] for i, s in enumerate(source_priority)])
    selects = ["i.individual_id", "h.household_id", "i.n_records"]
    joins = []
    for k, (group, cols) in enumerate(ATTRIBUTE_GROUPS.items()):
        cols_here = [c for c in cols if c in present]
        if not cols_here:
            continue
        sql = _group_sql(group, cols_here, src, individual_map, source_priority,
                         has_source, has_updated)
        alias = f"g{k}"
        joins.append(f"LEFT JOIN ({sql}) {alias} USING (individual_id)")
        selects += [f"{alias}.{quote_ident(group + '__' + c)}" for c in cols_here]
        selects += [f"{alias}.{quote_ident(group + '__' + x)}"
                    for x in ("record_id", "source", "updated_at", "rule")]
    base = (f"(SELECT individual_id, count(*) AS n_records FROM {quote_ident(individual_map)} "
            "GROUP BY individual_id)")
    con.execute(
        f"CREATE OR REPLACE TABLE {quote_ident(out_table)} AS SELECT {', '.join(selects)} "
        f"FROM {base} i JOIN {quote_ident(household_map)} h USING (individual_id) "
        f"{' '.join(joins)} ORDER BY i.individual_id"
    )
    return out_table
