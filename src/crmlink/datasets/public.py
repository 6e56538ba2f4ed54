"""Loaders for the public labelled record-linkage sets (Febrl, fake_1000, historical_50k),
mapped onto crmlink's canonical schema.

The files are not shipped with crmlink: point ``data_dir`` (or the ``CRMLINK_DATA``
environment variable) at a folder holding them, e.g. the project's ``../shared/data``.
Each loader returns ``(records, truth)``: records in the canonical schema, truth as
``record_id, person_id``.
"""

from __future__ import annotations

import os
from pathlib import Path

import pandas as pd

from crmlink.errors import InputError

__all__ = ["PUBLIC_SETS", "data_dir", "load_public"]

PUBLIC_SETS = ("fake_1000", "febrl3", "febrl4", "historical_50k")


def data_dir(path: str | Path | None = None) -> Path:
    """The folder holding the public sets: ``path``, ``$CRMLINK_DATA``, or
    ``../shared/data`` relative to the working directory."""
    for cand in (path, os.environ.get("CRMLINK_DATA"), "../shared/data", "shared/data"):
        if cand and Path(cand).is_dir():
            return Path(cand)
    raise InputError("public data folder not found; pass data_dir= or set CRMLINK_DATA")


def _febrl(path: Path, source: str) -> pd.DataFrame:
    raw = pd.read_csv(path, dtype=str, skipinitialspace=True, keep_default_na=False,
                      na_values=[""])
    raw = raw.apply(lambda s: s.str.strip())
    return pd.DataFrame({
        "record_id": raw["rec_id"],
        "source": source,
        "first_name": raw["given_name"],
        "last_name": raw["surname"],
        "birth_date": raw["date_of_birth"],
        "house": raw["street_number"],
        "street": raw["address_1"],
        "address_2": raw["address_2"],
        "city": raw["suburb"],
        "postcode": raw["postcode"],
        "region": raw["state"],
        "document_id": raw["soc_sec_id"],
    })


def _febrl_truth(records: pd.DataFrame) -> pd.DataFrame:
    return pd.DataFrame({
        "record_id": records["record_id"],
        "person_id": records["record_id"].str.extract(r"rec-(\d+)-")[0],
    })


def load_public(name: str, path: str | Path | None = None) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Load one public set by name (see :data:`PUBLIC_SETS`).

    ``febrl4`` is the two files stacked, with ``source`` = ``febrl4a``/``febrl4b``;
    only cross-file pairs are true links there (evaluate accordingly).
    """
    d = data_dir(path)
    if name == "fake_1000":
        raw = pd.read_csv(d / "fake_1000.csv", dtype=str)
        rec = pd.DataFrame({
            "record_id": raw["unique_id"],
            "first_name": raw["first_name"],
            "last_name": raw["surname"],
            "birth_date": raw["dob"],
            "city": raw["city"],
            "email": raw["email"],
        })
        return rec, pd.DataFrame({"record_id": raw["unique_id"], "person_id": raw["cluster"]})
    if name == "febrl3":
        rec = _febrl(d / "febrl3.csv", "febrl3")
        return rec, _febrl_truth(rec)
    if name == "febrl4":
        rec = pd.concat([_febrl(d / "febrl4a.csv", "febrl4a"),
                         _febrl(d / "febrl4b.csv", "febrl4b")], ignore_index=True)
        return rec, _febrl_truth(rec)
    if name == "historical_50k":
        raw = pd.read_parquet(d / "historical_50k.parquet")
        rec = pd.DataFrame({
            "record_id": raw["unique_id"],
            "first_name": raw["first_name"],
            "last_name": raw["surname"],
            "birth_date": raw["dob"],
            "city": raw["birth_place"],
            "postcode": raw["postcode_fake"],
            "gender": raw["gender"],
            "occupation": raw["occupation"],
        })
        return rec, pd.DataFrame({"record_id": raw["unique_id"], "person_id": raw["cluster"]})
    raise InputError(f"unknown public set {name!r}; choose from {PUBLIC_SETS}")
