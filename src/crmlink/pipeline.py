"""``crmlink.resolve``: records in, individuals and households out.

schema → standardise → link (train or reuse a model, predict) → individuals →
households → golden records. Every stage runs in one DuckDB connection.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from typing import Any

from crmlink._progress import Stages
from crmlink.backends import check_backend, duckdb_connection
from crmlink.entities import assign_households, assign_individuals
from crmlink.errors import CrmlinkError
from crmlink.model import Model, predict, train
from crmlink.result import ResolveResult
from crmlink.schema import load_records
from crmlink.settings import Settings
from crmlink.standardise import standardise_table
from crmlink.survivorship import build_golden_records

__all__ = ["resolve"]

_log = logging.getLogger("crmlink")

_HOUSEHOLD_KEYS = {
    "plain": ("p_address", "p_phone", "p_email"),
    "crm": ("addr_flat_key", "phone_landline", "email_norm"),
}

_STAGES = ["load", "standardise", "train", "predict", "individuals", "households", "golden"]


def resolve(
    records: Any,
    products: Any = None,
    *,
    columns: Mapping[str, str] | None = None,
    settings: Settings | None = None,
    backend: str = "duckdb",
    previous: Any = None,
    model: Model | None = None,
) -> ResolveResult:
    """Link ``records`` into individuals and households.

    Args:
        records: pandas/polars DataFrame, pyarrow Table, DuckDB relation, or a path
            to a Parquet/CSV file, in the canonical schema (see ``columns``).
        products: optional (record_id, product, opened_at) table for cross-sell.
        columns: ``{"canonical": "theirs"}`` column mapping.
        settings: :class:`~crmlink.settings.Settings`; defaults are tuned for CRM data.
        backend: ``"duckdb"`` (embedded, default).
        previous: an earlier result or its written folder, to keep ids stable.
        model: a trained model to reuse instead of training a new one.

    Returns:
        A :class:`~crmlink.result.ResolveResult`.

    Example:
        >>> import crmlink
        >>> data = crmlink.datasets.synthetic_crm(persons=200, seed=1)
        >>> result = crmlink.resolve(data.records, settings=crmlink.Settings(progress=False))
        >>> len(result.records) == len(data.records)
        True
    """
    check_backend(backend)
    if previous is not None:
        raise CrmlinkError(
            "previous= (stable ids across runs) is not available in this version yet"
        )
    settings = settings or (model.settings if model is not None else Settings())
    if model is not None and model.settings.profile != settings.profile:
        raise CrmlinkError("settings.profile differs from the model's profile")
    con = duckdb_connection(memory_limit=settings.memory_limit, temp_dir=settings.temp_dir)
    stages = Stages(_STAGES, settings.progress)
    try:
        with stages.stage("load"):
            info = load_records(con, records, columns=columns)
            if products is not None:
                from crmlink.schema import to_arrow

                con.register("__crmlink_products", to_arrow(products, what="products"))
                con.execute("CREATE OR REPLACE TABLE crm_products AS "
                            "SELECT * FROM __crmlink_products")
                con.unregister("__crmlink_products")
        with stages.stage("standardise"):
            steps = profile_steps(settings.profile)
            std_cols = standardise_table(con, info.table, "crm_std", profile=settings.profile,
                                         steps=steps)
        with stages.stage("train"):
            if model is None:
                model, _ = train(con, "crm_std", settings, std_cols)
        with stages.stage("predict"):
            predict(con, "crm_std", model, out_table="crm_pairs")
        with stages.stage("individuals"):
            assign_individuals(con, "crm_std", "crm_pairs", settings.match_threshold)
        with stages.stage("households"):
            assign_households(con, "crm_std", "crm_individual_map",
                              _HOUSEHOLD_KEYS[settings.profile])
        with stages.stage("golden"):
            build_golden_records(con, info.table, "crm_individual_map", "crm_household_map",
                                 source_priority=settings.source_priority)
    finally:
        stages.close()
    _log.info("resolved %d records", info.n_records)
    return ResolveResult(
        con=con,
        model=model,
        tables={"input": info.table, "std": "crm_std", "pairs": "crm_pairs",
                "individual_map": "crm_individual_map", "household_map": "crm_household_map",
                "individuals": "crm_individuals"},
        timings=stages.timings,
        n_input=info.n_records,
    )


def profile_steps(profile: str) -> tuple[Any, ...]:
    """The per-distinct-value standardisation steps of a profile."""
    if profile != "crm":
        return ()
    from crmlink.standardise import crm_steps

    return tuple(crm_steps())
