"""The splink peer: splink 5 + DuckDB run with the settings of splink's own documentation.

For every public set, the comparisons, blocking rules, training steps and thresholds are
the ones splink's documentation example for that data set uses (repository
``moj-analytical-services/splink``; paths below). This module holds our own runner
around those settings; no notebook code is reused as such.

=============== ================================================================
set             documentation example it follows
=============== ================================================================
fake_1000       ``docs/getting_started.md`` ("Quickstart", simple splink model)
febrl3          ``docs/demos/examples/duckdb/febrl3.nb.py`` (jupytext twin of ``.ipynb``)
febrl4          ``docs/demos/examples/duckdb/febrl4.nb.py`` (twin of ``.ipynb``),
                the "detailed" model the notebook predicts and clusters with
historical_50k  ``docs/demos/examples/duckdb/deduplicate_50k_synthetic.nb.py``
generated       the fake_1000 quickstart settings mapped onto crmlink's canonical
                columns (see :func:`_recipe_generated`)
=============== ================================================================

Input data. splink's examples read ``splink_datasets.<name>``; splink 5 loads those with
``pyarrow.csv.read_csv(..., ConvertOptions(strings_can_be_null=True))`` (CSV) or
``pyarrow.parquet.read_table`` (Parquet). ``/work/shared/data`` holds byte-identical
copies of the same files (see its README), so :func:`_read_raw` reads them exactly the
way splink does and the examples' own preprocessing is then replayed in DuckDB SQL. The
result is the very table the example feeds to splink, including its quirks (Febrl text
values keep the leading space of the comma+space separated files, and an empty Febrl
field is a one-space string, not NULL: the examples only trim ``date_of_birth``,
``soc_sec_id`` and, for febrl4, ``postcode``).

Adaptations (applied to every set unless said otherwise):

A1. Data come from local files instead of ``splink_datasets`` (identical bytes, identical
    reader; no download).
A2. One DuckDB connection per run, closed at the end, with DuckDB's progress bar off;
    ``Linker(..., log_level=WARNING)`` to silence INFO logging (neither changes the
    model).
A3. ``estimate_u_using_random_sampling`` gets ``seed=`` where the example passes none
    (fake_1000, febrl4, historical_50k) so that benchmark runs are reproducible; febrl3
    keeps the example's own ``seed=2``.
A4. febrl3's example stops at ``predict(threshold_match_probability=0.2)`` and never
    clusters; we cluster its predictions at 0.95, the threshold splink's quickstart and
    the historical_50k example use.
A5. Outputs are converted to pandas with record ids cast to text (crmlink's loaders use
    text ids; fake_1000's integer ``unique_id`` becomes e.g. ``"17"``).
A6. Charts, exploratory profiling, accuracy charts and waterfall charts of the examples
    are skipped: they do not change the model.
A7. (generated only) the column mapping of :func:`_recipe_generated`.

No adaptation was needed for the splink 5 API itself: the examples already use it
(``DuckDBAPI()``, ``db_api.register``, ``Linker(sdf_or_list, settings)``,
``linker.training.*``, ``linker.inference.predict``,
``linker.clustering.cluster_pairwise_predictions_at_threshold``).
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import duckdb
import pandas as pd
import pyarrow as pa
import pyarrow.csv as pa_csv
import pyarrow.parquet as pq
import splink
import splink.comparison_library as cl
from splink import DuckDBAPI, Linker, SettingsCreator, block_on

try:
    from _measure import measure
except ImportError:  # imported as ``benchmarks.peers.splink_documented``
    from benchmarks._measure import measure

__all__ = ["ADAPTATIONS", "DOC_SOURCES", "GENERATED_MAPPING", "SETS", "run_splink_documented"]

SETS = ("fake_1000", "febrl3", "febrl4", "historical_50k")
SPLINK_REPO = "moj-analytical-services/splink"
DOC_SOURCES = {
    "fake_1000": "docs/getting_started.md",
    "febrl3": "docs/demos/examples/duckdb/febrl3.nb.py",
    "febrl4": "docs/demos/examples/duckdb/febrl4.nb.py",
    "historical_50k": "docs/demos/examples/duckdb/deduplicate_50k_synthetic.nb.py",
    "generated": "docs/getting_started.md (mapped onto canonical columns)",
}
DEFAULT_SEED = 42

#: the adaptations listed in the module docstring, spelled out in the settings JSON
ADAPTATIONS = {
    "A1": "input read from local byte-identical copies of splink_datasets files with "
          "splink's own reader (pyarrow), instead of splink_datasets",
    "A2": "own DuckDB connection per run (progress bar off); Linker(log_level=WARNING)",
    "A3": "seed passed to estimate_u_using_random_sampling (the example gives none)",
    "A4": "the example does not cluster; clustered at match probability 0.95 (the "
          "threshold of splink's quickstart and historical_50k example)",
    "A5": "outputs converted to pandas with record ids cast to text",
    "A6": "charts / exploratory analysis / accuracy charts of the example skipped",
    "A7": "fake_1000 quickstart settings mapped onto crmlink's canonical columns",
}


@dataclass
class EMStep:
    """One ``estimate_parameters_using_expectation_maximisation`` call."""

    blocking_rule: Any
    estimate_without_term_frequencies: bool = False


@dataclass
class Recipe:
    """Everything one documentation example specifies, as data."""

    name: str
    source: str
    inputs: list[pa.Table]
    settings: SettingsCreator
    unique_id: str
    prior_rules: list[Any]
    prior_recall: float
    u_max_pairs: float
    u_seed: int | None
    em_steps: list[EMStep]
    predict_kwargs: dict[str, float]
    cluster_threshold: float
    preprocessing: str = ""
    adaptations: list[str] = field(default_factory=list)


# ---- raw input, read as splink_datasets does ------------------------------------------


def _read_raw(path: Path) -> pa.Table:
    """Read a file the way splink 5's ``splink_datasets`` does."""
    if path.suffix == ".parquet":
        return pq.read_table(path)
    return pa_csv.read_csv(path, convert_options=pa_csv.ConvertOptions(strings_can_be_null=True))


def _strip_column_names(t: pa.Table) -> pa.Table:
    # the examples' ``df.rename_columns([c.strip() for c in df.column_names])``
    return t.rename_columns([c.strip() for c in t.column_names])


def _sql_to_arrow(con: duckdb.DuckDBPyConnection, sql: str, **tables: pa.Table) -> pa.Table:
    for name, table in tables.items():
        con.register(name, table)
    try:
        return con.sql(sql).fetch_arrow_table()
    finally:
        for name in tables:
            con.unregister(name)


def _rule_sql(rule: Any) -> str:
    if isinstance(rule, str):
        return rule
    return rule.get_blocking_rule("duckdb").blocking_rule_sql


# ---- the recipes ------------------------------------------------------------------------


def _recipe_fake_1000(con: duckdb.DuckDBPyConnection, data_dir: Path, seed: int) -> Recipe:
    # docs/getting_started.md, "Quickstart": splink_datasets.fake_1000 registered as is.
    # pyarrow infers ``dob`` as date32, hence the example's ``input_is_string=False``.
    return _quickstart(_read_raw(data_dir / "fake_1000.csv"), seed, dob_is_string=False)


def _recipe_febrl3(con: duckdb.DuckDBPyConnection, data_dir: Path, seed: int) -> Recipe:
    # docs/demos/examples/duckdb/febrl3.nb.py
    raw = _strip_column_names(_read_raw(data_dir / "febrl3.csv"))
    df = _sql_to_arrow(
        con,
        """
        SELECT * REPLACE (
                   trim(CAST(date_of_birth AS VARCHAR)) AS date_of_birth,
                   trim(CAST(soc_sec_id AS VARCHAR)) AS soc_sec_id),
               regexp_extract(rec_id, '^([^-]+-[^-]+)', 1) AS cluster
        FROM febrl3_raw
        """,
        febrl3_raw=raw,
    )
    blocking_rules = [
        block_on("soc_sec_id"),
        block_on("given_name"),
        block_on("surname"),
        block_on("date_of_birth"),
        block_on("postcode"),
    ]
    settings = SettingsCreator(
        unique_id_column_name="rec_id",
        link_type="dedupe_only",
        blocking_rules_to_generate_predictions=blocking_rules,
        comparisons=[
            cl.NameComparison("given_name"),
            cl.NameComparison("surname"),
            cl.DateOfBirthComparison(
                "date_of_birth", input_is_string=True, datetime_format="%Y%m%d"
            ),
            cl.DamerauLevenshteinAtThresholds("soc_sec_id", [2]),
            cl.ExactMatch("street_number").configure(term_frequency_adjustments=True),
            cl.ExactMatch("postcode").configure(term_frequency_adjustments=True),
        ],
        retain_intermediate_calculation_columns=True,
    )
    return Recipe(
        name="febrl3",
        source=DOC_SOURCES["febrl3"],
        inputs=[df],
        settings=settings,
        unique_id="rec_id",
        prior_rules=[
            block_on("soc_sec_id"),
            block_on("given_name", "surname", "date_of_birth"),
            "l.given_name = r.surname and l.surname = r.given_name "
            "and l.date_of_birth = r.date_of_birth",
        ],
        prior_recall=0.9,
        u_max_pairs=1e6,
        u_seed=2,  # the example's own seed
        em_steps=[EMStep(block_on("date_of_birth")), EMStep(block_on("postcode"))],
        predict_kwargs={"threshold_match_probability": 0.2},
        cluster_threshold=0.95,
        preprocessing=(
            "column names stripped; date_of_birth and soc_sec_id cast to VARCHAR and "
            "trimmed; cluster = regexp_extract(rec_id, '^([^-]+-[^-]+)', 1)"
        ),
        adaptations=["A1", "A2", "A4 (cluster at 0.95)", "A5", "A6"],
    )


def _recipe_febrl4(con: duckdb.DuckDBPyConnection, data_dir: Path, seed: int) -> Recipe:
    # docs/demos/examples/duckdb/febrl4.nb.py, "detailed" model (the one the example
    # predicts and clusters with); its ``prepare_data`` replayed per file.
    def prepare(path: Path) -> pa.Table:
        return _sql_to_arrow(
            con,
            """
            SELECT * REPLACE (
                       trim(CAST(date_of_birth AS VARCHAR)) AS date_of_birth,
                       trim(CAST(soc_sec_id AS VARCHAR)) AS soc_sec_id,
                       trim(CAST(postcode AS VARCHAR)) AS postcode),
                   regexp_extract(rec_id, '^([^-]+-[^-]+)', 1) AS cluster
            FROM febrl4_raw
            """,
            febrl4_raw=_strip_column_names(_read_raw(path)),
        )

    dfs = [prepare(data_dir / "febrl4a.csv"), prepare(data_dir / "febrl4b.csv")]
    blocking_rules = [
        block_on("given_name", "surname"),
        "l.given_name = r.surname and l.surname = r.given_name",
        block_on("date_of_birth"),
        block_on("soc_sec_id"),
        block_on("state", "address_1"),
        block_on("street_number", "address_1"),
        block_on("postcode"),
    ]
    settings = SettingsCreator(
        unique_id_column_name="rec_id",
        link_type="link_only",
        blocking_rules_to_generate_predictions=blocking_rules,
        comparisons=[
            cl.NameComparison("given_name").configure(term_frequency_adjustments=True),
            cl.NameComparison("surname").configure(term_frequency_adjustments=True),
            cl.DateOfBirthComparison(
                "date_of_birth",
                input_is_string=True,
                datetime_format="%Y%m%d",
                invalid_dates_as_null=True,
            ),
            cl.DamerauLevenshteinAtThresholds("soc_sec_id", [1, 2]),
            cl.ExactMatch("street_number").configure(term_frequency_adjustments=True),
            cl.DamerauLevenshteinAtThresholds("postcode", [1, 2]).configure(
                term_frequency_adjustments=True
            ),
        ],
        retain_intermediate_calculation_columns=True,
    )
    return Recipe(
        name="febrl4",
        source=DOC_SOURCES["febrl4"],
        inputs=dfs,
        settings=settings,
        unique_id="rec_id",
        prior_rules=[block_on("soc_sec_id"), block_on("given_name", "surname", "date_of_birth")],
        prior_recall=0.8,
        u_max_pairs=1e6,
        u_seed=seed,
        em_steps=[
            EMStep(block_on("date_of_birth"), estimate_without_term_frequencies=True),
            EMStep(block_on("postcode"), estimate_without_term_frequencies=True),
        ],
        predict_kwargs={"threshold_match_probability": 0.2},
        cluster_threshold=0.99,
        preprocessing=(
            "per file: column names stripped; date_of_birth, soc_sec_id and postcode cast "
            "to VARCHAR and trimmed; cluster = regexp_extract(rec_id, '^([^-]+-[^-]+)', 1)"
        ),
        adaptations=["A1", "A2", f"A3 (u seed={seed})", "A5", "A6",
                     "the notebook's later 'extended' full-name model is not used"],
    )


def _recipe_historical_50k(con: duckdb.DuckDBPyConnection, data_dir: Path,
                           seed: int) -> Recipe:
    # docs/demos/examples/duckdb/deduplicate_50k_synthetic.nb.py
    raw = _read_raw(data_dir / "historical_50k.parquet")
    # "Needed to apply term frequencies to first+surname comparison"
    df = _sql_to_arrow(
        con,
        "SELECT *, first_name || ' ' || surname AS first_name_surname_concat FROM hist_raw",
        hist_raw=raw,
    )
    blocking_rules = [
        block_on("substr(first_name,1,3)", "substr(surname,1,4)"),
        block_on("surname", "dob"),
        block_on("first_name", "dob"),
        block_on("postcode_fake", "first_name"),
        block_on("postcode_fake", "surname"),
        block_on("dob", "birth_place"),
        block_on("substr(postcode_fake,1,3)", "dob"),
        block_on("substr(postcode_fake,1,3)", "first_name"),
        block_on("substr(postcode_fake,1,3)", "surname"),
        block_on("substr(first_name,1,2)", "substr(surname,1,2)", "substr(dob,1,4)"),
    ]
    settings = SettingsCreator(
        link_type="dedupe_only",
        blocking_rules_to_generate_predictions=blocking_rules,
        comparisons=[
            cl.ForenameSurnameComparison(
                "first_name",
                "surname",
                forename_surname_concat_col_name="first_name_surname_concat",
            ),
            cl.DateOfBirthComparison("dob", input_is_string=True),
            cl.PostcodeComparison("postcode_fake"),
            cl.ExactMatch("birth_place").configure(term_frequency_adjustments=True),
            cl.ExactMatch("occupation").configure(term_frequency_adjustments=True),
        ],
        retain_intermediate_calculation_columns=True,
    )
    return Recipe(
        name="historical_50k",
        source=DOC_SOURCES["historical_50k"],
        inputs=[df],
        settings=settings,
        unique_id="unique_id",
        prior_rules=[
            block_on("first_name", "surname", "dob"),
            block_on("substr(first_name,1,2)", "surname", "substr(postcode_fake,1,2)"),
            block_on("dob", "postcode_fake"),
        ],
        prior_recall=0.6,
        u_max_pairs=1e7,
        u_seed=seed,
        em_steps=[
            EMStep(block_on("first_name", "surname"), estimate_without_term_frequencies=True),
            EMStep(block_on("dob"), estimate_without_term_frequencies=True),
        ],
        predict_kwargs={},  # the example calls predict() without a threshold
        cluster_threshold=0.95,
        preprocessing="first_name_surname_concat = first_name || ' ' || surname",
        adaptations=["A1", "A2", f"A3 (u seed={seed})", "A5", "A6"],
    )


#: canonical crmlink column → fake_1000 column of the quickstart settings
GENERATED_MAPPING = {
    "record_id": "unique_id",
    "first_name": "first_name",
    "last_name": "surname",
    "birth_date": "dob",
    "city": "city",
    "email": "email",
}


def _recipe_generated(con: duckdb.DuckDBPyConnection, records: pd.DataFrame,
                      seed: int) -> Recipe:
    """fake_1000 quickstart settings on crmlink's canonical columns.

    Mapping (A7): record_id → unique_id (text), first_name → first_name,
    last_name → surname, birth_date → dob, email → email, and city → city, falling back
    to ``address`` where ``city`` is empty (or absent). A canonical column that is
    absent becomes NULL. ``birth_date`` is text in the canonical schema, so
    ``DateOfBirthComparison(..., input_is_string=True)`` with splink's default format
    (``%Y-%m-%d``; other spellings fall back to the exact-match level and otherwise
    count as NULL, ``invalid_dates_as_null=True``). No other cleaning: the peer sees the
    records as crmlink receives them.
    """
    cols = set(records.columns)

    def col(name: str) -> str:
        return f'CAST("{name}" AS VARCHAR)' if name in cols else "CAST(NULL AS VARCHAR)"

    city = col("city")
    if "address" in cols:
        city = f"coalesce(nullif(trim({city}), ''), {col('address')})"
    sql = (
        f"SELECT {col('record_id')} AS unique_id, {col('first_name')} AS first_name, "
        f"{col('last_name')} AS surname, {col('birth_date')} AS dob, {city} AS city, "
        f"{col('email')} AS email FROM gen_raw"
    )
    used = [c for c in (*GENERATED_MAPPING, "address") if c in cols]  # only what is mapped
    df = _sql_to_arrow(con, sql, gen_raw=pa.Table.from_pandas(records[used], preserve_index=False))
    recipe = _quickstart(df, seed, dob_is_string=True)
    recipe.name = "generated"
    recipe.source = DOC_SOURCES["generated"]
    recipe.preprocessing = "column mapping " + str(GENERATED_MAPPING) + "; city ← address fallback"
    recipe.adaptations = [*recipe.adaptations, "A7 (column mapping; dob input_is_string=True)"]
    return recipe


def _quickstart(df: pa.Table, seed: int, *, dob_is_string: bool) -> Recipe:
    """The quickstart (docs/getting_started.md) settings and training on ``df``."""
    settings = SettingsCreator(
        link_type="dedupe_only",
        comparisons=[
            cl.NameComparison("first_name"),
            cl.JaroAtThresholds("surname"),
            cl.DateOfBirthComparison("dob", input_is_string=dob_is_string),
            cl.ExactMatch("city").configure(term_frequency_adjustments=True),
            cl.EmailComparison("email"),
        ],
        blocking_rules_to_generate_predictions=[
            block_on("first_name", "dob"),
            block_on("surname"),
        ],
    )
    return Recipe(
        name="fake_1000",
        source=DOC_SOURCES["fake_1000"],
        inputs=[df],
        settings=settings,
        unique_id="unique_id",
        prior_rules=[block_on("first_name", "surname")],
        prior_recall=0.7,
        u_max_pairs=1e6,
        u_seed=seed,
        em_steps=[EMStep(block_on("first_name", "surname")), EMStep(block_on("email"))],
        predict_kwargs={"threshold_match_weight": -5},
        cluster_threshold=0.95,
        preprocessing="none (splink_datasets.fake_1000 as read by pyarrow)",
        adaptations=["A1", "A2", f"A3 (u seed={seed})", "A5", "A6"],
    )


_RECIPES: dict[str, Callable[[duckdb.DuckDBPyConnection, Path, int], Recipe]] = {
    "fake_1000": _recipe_fake_1000,
    "febrl3": _recipe_febrl3,
    "febrl4": _recipe_febrl4,
    "historical_50k": _recipe_historical_50k,
}


# ---- the runner ---------------------------------------------------------------------------


def _describe(recipe: Recipe, linker: Linker) -> dict[str, Any]:
    """JSON-able account of the settings used: the recipe plus the trained model."""
    return {
        "peer": "splink-documented",
        "splink_version": splink.__version__,
        "duckdb_version": duckdb.__version__,
        "source": f"{SPLINK_REPO}: {recipe.source}",
        "preprocessing": recipe.preprocessing,
        "training": {
            "estimate_probability_two_random_records_match": {
                "deterministic_matching_rules": [_rule_sql(r) for r in recipe.prior_rules],
                "recall": recipe.prior_recall,
            },
            "estimate_u_using_random_sampling": {
                "max_pairs": recipe.u_max_pairs,
                "seed": recipe.u_seed,
            },
            "estimate_parameters_using_expectation_maximisation": [
                {
                    "blocking_rule": _rule_sql(step.blocking_rule),
                    "estimate_without_term_frequencies": step.estimate_without_term_frequencies,
                }
                for step in recipe.em_steps
            ],
        },
        "predict": dict(recipe.predict_kwargs),
        "cluster_threshold_match_probability": recipe.cluster_threshold,
        "adaptations": [
            f"{a[:2]}: {ADAPTATIONS[a[:2]]}{a[2:]}" if a[:2] in ADAPTATIONS else a
            for a in recipe.adaptations
        ],
        # comparisons, blocking rules and trained m/u values as splink serialises them
        "model": linker.misc.save_model_to_json(),
    }


def _run(recipe_of: Callable[[duckdb.DuckDBPyConnection], Recipe]) -> dict[str, Any]:
    seconds: dict[str, float] = {}
    con = duckdb.connect()
    con.execute("SET enable_progress_bar = false")  # A2: display only
    try:
        with measure() as mem:
            t = time.perf_counter()
            recipe = recipe_of(con)
            db_api = DuckDBAPI(connection=con)
            sdfs = [db_api.register(df) for df in recipe.inputs]
            linker = Linker(sdfs if len(sdfs) > 1 else sdfs[0], recipe.settings,
                            log_level=logging.WARNING)
            seconds["load"] = time.perf_counter() - t

            t = time.perf_counter()
            linker.training.estimate_probability_two_random_records_match(
                recipe.prior_rules, recall=recipe.prior_recall
            )
            linker.training.estimate_u_using_random_sampling(
                max_pairs=recipe.u_max_pairs, seed=recipe.u_seed
            )
            for step in recipe.em_steps:
                linker.training.estimate_parameters_using_expectation_maximisation(
                    step.blocking_rule,
                    estimate_without_term_frequencies=step.estimate_without_term_frequencies,
                )
            seconds["train"] = time.perf_counter() - t

            t = time.perf_counter()
            predictions = linker.inference.predict(**recipe.predict_kwargs)
            seconds["predict"] = time.perf_counter() - t

            t = time.perf_counter()
            clusters = linker.clustering.cluster_pairwise_predictions_at_threshold(
                predictions, threshold_match_probability=recipe.cluster_threshold
            )
            seconds["cluster"] = time.perf_counter() - t

            t = time.perf_counter()
            uid = recipe.unique_id
            pairs_df = predictions.as_duckdbpyrelation().select(
                f'CAST("{uid}_l" AS VARCHAR) AS record_id_l, '
                f'CAST("{uid}_r" AS VARCHAR) AS record_id_r, match_probability'
            ).df()
            clusters_df = clusters.as_duckdbpyrelation().select(
                f'CAST("{uid}" AS VARCHAR) AS record_id, CAST(cluster_id AS VARCHAR) AS cluster_id'
            ).order("record_id").df()
            seconds["export"] = time.perf_counter() - t
        settings = _describe(recipe, linker)
    finally:
        con.close()
    seconds["total"] = mem.seconds
    return {
        "system": "splink-documented",
        "set": recipe.name,
        "source": f"{SPLINK_REPO}: {recipe.source}",
        "clusters": clusters_df,
        "pairs": pairs_df,
        "seconds": {k: round(v, 3) for k, v in seconds.items()},
        "peak_rss_mb": round(mem.peak_rss_mb, 1),
        "peak_abs_rss_mb": round(mem.peak_abs_rss_mb, 1),
        "settings": settings,
    }


def run_splink_documented(name: str, data_dir: str | Path, *, seed: int = DEFAULT_SEED,
                          records: pd.DataFrame | None = None) -> dict[str, Any]:
    """Run splink with its documentation's settings for the public set ``name``.

    Args:
        name: ``fake_1000``, ``febrl3``, ``febrl4``, ``historical_50k``, or ``generated``
            (then ``records`` must be a canonical-schema DataFrame, e.g.
            ``crmlink.datasets.synthetic_crm(...).records``).
        data_dir: folder with the raw public files (``/work/shared/data``).
        seed: u-sampling seed where the documentation gives none (adaptation A3).
        records: input for ``name="generated"``.

    Returns:
        dict with ``clusters`` (DataFrame ``record_id, cluster_id``; every input record,
        ids as text matching :func:`crmlink.datasets.public.load_public`; for febrl4 the
        clusters span the union of both files), ``pairs`` (``record_id_l, record_id_r,
        match_probability``: everything ``predict`` returned), ``seconds`` (``load``,
        ``train``, ``predict``, ``cluster``, ``export`` and ``total``; ``load`` includes
        reading the raw files), ``peak_rss_mb`` (peak RSS growth during the run, sampled
        every 50 ms) and ``settings`` (JSON-able: documentation source, preprocessing,
        training calls, thresholds, adaptations and splink's serialised trained model).
    """
    if name == "generated":
        if records is None:
            raise ValueError("name='generated' needs records=")
        frame = records
        return _run(lambda con: _recipe_generated(con, frame, seed))
    if name not in _RECIPES:
        raise ValueError(f"unknown set {name!r}; choose from {(*SETS, 'generated')}")
    build = _RECIPES[name]
    path = Path(data_dir)
    return _run(lambda con: build(con, path, seed))

