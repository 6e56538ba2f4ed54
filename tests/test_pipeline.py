"""End to end: every record exactly once, deterministic ids, every input type."""

from __future__ import annotations

import duckdb
import pandas as pd
import pyarrow as pa
import pytest

import crmlink
from crmlink.evaluate import cluster_metrics

PLAIN = crmlink.Settings(profile="plain", progress=False, u_max_pairs=2e5)


@pytest.fixture(scope="module")
def result(people):
    records, _ = people
    return crmlink.resolve(records, settings=PLAIN)


def test_every_record_once(result, people):
    records, _ = people
    out = result.records
    assert list(out.columns[:3]) == ["record_id", "individual_id", "household_id"]
    assert len(out) == len(records)
    assert set(out["record_id"]) == set(records["record_id"])
    assert out["record_id"].is_unique
    assert out["individual_id"].notna().all() and out["household_id"].notna().all()


def test_links_the_easy_duplicates(result, people):
    _, truth = people
    m = cluster_metrics(result.records[["record_id", "individual_id"]], truth)
    assert m["pairwise_precision"] > 0.95
    assert m["pairwise_recall"] > 0.8


def test_individuals_and_households_consistent(result):
    inds = result.individuals
    assert inds["individual_id"].is_unique
    assert set(inds["individual_id"]) == set(result.records["individual_id"])
    hh = result.households
    assert hh["size"].sum() == len(inds)
    members = {m for ms in hh["members"] for m in ms}
    assert members == set(inds["individual_id"])


def test_same_input_same_ids(people, result):
    records, _ = people
    again = crmlink.resolve(records.sample(frac=1, random_state=3), settings=PLAIN)
    a = result.records.sort_values("record_id").reset_index(drop=True)
    b = again.records.sort_values("record_id").reset_index(drop=True)
    pd.testing.assert_frame_equal(a, b)


@pytest.mark.parametrize("kind", ["pyarrow", "polars", "duckdb", "parquet", "csv"])
def test_input_types(kind, people, tmp_path, result):
    records, _ = people
    if kind == "pyarrow":
        data = pa.Table.from_pandas(records, preserve_index=False)
    elif kind == "polars":
        pl = pytest.importorskip("polars")
        data = pl.from_pandas(records)
    elif kind == "duckdb":
        con = duckdb.connect()
        con.register("people", records)
        data = con.sql("SELECT * FROM people")
    elif kind == "parquet":
        data = tmp_path / "r.parquet"
        records.to_parquet(data)
    else:
        data = tmp_path / "r.csv"
        records.to_csv(data, index=False)
    out = crmlink.resolve(data, settings=PLAIN).records
    assert len(out) == len(records)
    merged = out.merge(result.records, on="record_id", suffixes=("", "_ref"))
    assert (merged["individual_id"] == merged["individual_id_ref"]).all()


def test_write_parquet(result, tmp_path):
    out = result.write(tmp_path / "run")
    for f in ("records.parquet", "individuals.parquet", "households.parquet", "pairs.parquet",
              "model.json"):
        assert (out / f).exists(), f
    back = pd.read_parquet(out / "records.parquet")
    assert len(back) == len(result.records)
    assert not list(tmp_path.glob(".run.tmp-*"))


def test_pairs_have_levels(result):
    pairs = result.pairs
    for col in ("record_id_l", "record_id_r", "match_weight", "match_probability"):
        assert col in pairs.columns
    assert any(c.startswith("gamma_") for c in pairs.columns)
    assert (pairs["match_probability"] >= PLAIN.min_pair_probability).all()


def test_previous_not_yet_supported(people):
    records, _ = people
    with pytest.raises(crmlink.CrmlinkError):
        crmlink.resolve(records, settings=PLAIN, previous="somewhere")


def test_budget_stops_before_predicting(people):
    records, _ = people
    tight = PLAIN.replace(max_comparisons=1)
    with pytest.raises(crmlink.BudgetExceededError) as e:
        crmlink.resolve(records, settings=tight)
    assert e.value.count and e.value.count > 1
