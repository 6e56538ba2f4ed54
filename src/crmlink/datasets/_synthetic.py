"""The public generator: :func:`synthetic_crm` and :func:`write_synthetic_crm`.

>>> data = synthetic_crm(persons=50, seed=1)
>>> set(data.records.record_id) == set(data.truth.record_id)
True
"""

from __future__ import annotations

from os import PathLike
from pathlib import Path
from typing import Any, NamedTuple

import numpy as np
import pandas as pd
import pyarrow as pa

from ..errors import InputError
from ._contacts import Contacts, e164, email_strings, format_addresses, make_contacts
from ._knobs import make_knobs
from ._people import ROLE_NAMES, People, make_people
from ._products import PRODUCTS, make_interactions, make_products
from ._records import CHANNELS, make_skeleton, render_records
from ._sources import SOURCES
from ._strings import cat, digits, empty, sarr, take, to_pandas, where
from ._tables import CULTURES, WEST, Tables, tables

RECORD_COLUMNS: tuple[str, ...] = (
    "record_id", "source", "full_name", "first_name", "middle_name", "last_name",
    "birth_date", "gender", "phone", "email", "address", "document_id", "updated_at",
    "consent_email", "consent_sms", "consent_phone", "consent_post", "consent_updated_at",
)
"""Columns of ``SyntheticCRM.records``, in order (the canonical input schema)."""

_MAX_PERSONS = 20_000_000


class SyntheticCRM(NamedTuple):
    """Generated CRM data and its ground truth (all pandas DataFrames).

    ``records``: one row per source record, canonical schema (:data:`RECORD_COLUMNS`).
    ``products``: ``record_id, product, opened_at``.
    ``truth``: ``record_id, person_id, household_id`` for every record.
    ``persons``: one row per true person with the clean values (the answer key for
    golden records): ``person_id, household_id, role, gender, culture, given_name,
    middle_name, last_name, maiden_name, birth_date, phone, email, address``.
    ``interactions``: ``record_id, interaction, occurred_at``.
    """

    records: pd.DataFrame
    products: pd.DataFrame
    truth: pd.DataFrame
    persons: pd.DataFrame
    interactions: pd.DataFrame


def _ids(prefix: str, numbers: np.ndarray, total: int) -> pa.Array:
    width = max(7, len(str(total)))
    return cat(prefix, digits(numbers + 1, width))


def _check(persons: Any, seed: Any) -> tuple[int, int]:
    if isinstance(persons, bool) or not isinstance(persons, (int, np.integer)):
        raise InputError(f"persons must be an integer, got {type(persons).__name__}")
    if not 1 <= int(persons) <= _MAX_PERSONS:
        raise InputError(f"persons must be in [1, {_MAX_PERSONS}], got {persons}")
    if isinstance(seed, bool) or not isinstance(seed, (int, np.integer)) or seed < 0:
        raise InputError("seed must be a non-negative integer")
    return int(persons), int(seed)


def _persons_frame(p: People, c: Contacts, t: Tables, person_ids: Any, household_ids: Any,
                   rng: np.random.Generator) -> pd.DataFrame:
    g, s, v = t.given, t.surnames, t.vocab
    west = p.culture == WEST
    given = np.where(west, g.native[p.given], g.name[p.given])
    pf = np.maximum(p.patr_from, 0)
    patr = np.where(p.female, g.patr_f[pf], g.patr_m[pf])
    turk = np.where(p.female, g.turkic_f[pf], g.turkic_m[pf])
    patr = np.where(p.turkic & (turk >= 0), turk, patr)
    patr = np.where(p.patr_from >= 0, patr, -1)

    def surname(row: np.ndarray) -> np.ndarray:
        safe = np.maximum(row, 0)
        out = np.where(p.female, s.fem[safe], s.masc[safe])
        native = np.where(p.female, s.native_f[safe], s.native_m[safe])
        out = np.where(west & (native >= 0), native, out)
        return np.where(row >= 0, out, -1)

    mail = where(c.email >= 0, email_strings(c.emails, np.maximum(c.email, 0), t.places), "")
    phone = where(p.age >= 14, e164(c.phones, c.mobile), "")
    address = format_addresses(c.addresses, c.address[p.household], np.zeros(p.n, np.int64),
                               t.places, rng)
    text = {
        "role": take(sarr(ROLE_NAMES), p.role),
        "gender": where(p.female, "F", "M"),
        "culture": take(sarr(CULTURES), p.culture),
        "given_name": v.strings(given),
        "middle_name": v.strings(patr),
        "last_name": v.strings(surname(p.surname)),
        "maiden_name": v.strings(surname(p.maiden)),
    }
    frame = {"person_id": person_ids, "household_id": household_ids}
    frame.update({k: to_pandas(x, empty(x)) for k, x in text.items()})
    frame["birth_date"] = pd.to_datetime(p.birth.astype("datetime64[D]"))
    frame["phone"] = to_pandas(phone, empty(phone))
    frame["email"] = to_pandas(mail, empty(mail))
    frame["address"] = to_pandas(address)
    return pd.DataFrame(frame)


def synthetic_crm(persons: int = 1000, seed: int = 0, **knobs: Any) -> SyntheticCRM:
    """Generate messy Russian-market CRM records for ``persons`` people, with ground truth.

    Each person has 1 to 6 records across web, mobile_app, call_center,
    branch_contract, loyalty_card and partner_import, each written with that channel's
    habits and noise. ``knobs`` turn the noise and structure up or down; see
    :data:`crmlink.datasets.DEFAULT_KNOBS` and the package README. The same
    ``(persons, seed, knobs)`` always gives identical frames.

    >>> data = synthetic_crm(persons=100, seed=42, typo_rate=0.0)
    >>> data.truth.person_id.nunique()
    100
    """
    n, seed = _check(persons, seed)
    k = make_knobs(**knobs)
    rng = np.random.default_rng(seed)
    t = tables()
    p = make_people(n, k, t, rng)
    c = make_contacts(p, t, k, rng)
    sk = make_skeleton(p, k, rng)
    cols = render_records(p, c, t, sk, k, rng, seed)
    n_rec = len(sk.person)

    rid = _ids("r", np.arange(n_rec), n_rec)
    records: dict[str, Any] = {"record_id": to_pandas(rid)}
    records["source"] = to_pandas(take(sarr(SOURCES), sk.source))
    for col in RECORD_COLUMNS:
        if col in cols.text:
            arr = cols.text[col]
            records[col] = to_pandas(arr, empty(arr))
    records["updated_at"] = pd.to_datetime(cols.updated_at)
    records["consent_updated_at"] = pd.to_datetime(cols.consent_updated_at)
    records_df = pd.DataFrame({col: records[col] for col in RECORD_COLUMNS})

    person_ids = _ids("p", np.arange(n), n)
    household_ids = _ids("h", np.arange(p.n_households), p.n_households)
    truth = pd.DataFrame({
        "record_id": records["record_id"],
        "person_id": to_pandas(take(person_ids, sk.person)),
        "household_id": to_pandas(take(household_ids, p.household[sk.person])),
    })

    by_person = np.argsort(sk.person, kind="stable")
    rec_count = np.bincount(sk.person, minlength=n)
    first = np.concatenate([[0], np.cumsum(rec_count)[:-1]])
    rec_pos, prod, opened = make_products(p, first, rec_count, k.product_rate, rng)
    rec = by_person[rec_pos]
    prod_order = np.lexsort((prod, rec))
    products = pd.DataFrame({
        "record_id": to_pandas(take(rid, rec[prod_order])),
        "product": to_pandas(take(sarr(PRODUCTS), prod[prod_order])),
        "opened_at": pd.to_datetime(opened[prod_order].astype("datetime64[D]")),
    })
    i_rec, i_kind, i_sec = make_interactions(sk.source, sk.day, rng)
    i_order = np.lexsort((i_sec, i_rec))
    interactions = pd.DataFrame({
        "record_id": to_pandas(take(rid, i_rec[i_order])),
        "interaction": to_pandas(take(i_kind, i_order)),
        "occurred_at": pd.to_datetime(i_sec[i_order].astype("datetime64[s]")),
    })
    persons_df = _persons_frame(p, c, t, to_pandas(person_ids),
                                to_pandas(take(household_ids, p.household)), rng)
    return SyntheticCRM(records_df, products, truth, persons_df, interactions)


def write_synthetic_crm(out_dir: str | PathLike[str], persons: int = 1000, seed: int = 0,
                        **knobs: Any) -> dict[str, Path]:
    """Generate with :func:`synthetic_crm` and write each table as Parquet in ``out_dir``.

    Writes ``records.parquet``, ``products.parquet``, ``truth.parquet``,
    ``persons.parquet`` and ``interactions.parquet``; returns their paths by table name.

    >>> import tempfile
    >>> paths = write_synthetic_crm(tempfile.mkdtemp(), persons=20, seed=3)
    >>> sorted(paths)
    ['interactions', 'persons', 'products', 'records', 'truth']
    """
    data = synthetic_crm(persons=persons, seed=seed, **knobs)
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    paths: dict[str, Path] = {}
    for name, frame in data._asdict().items():
        path = out / f"{name}.parquet"
        frame.to_parquet(path, index=False)
        paths[name] = path
    return paths


__all__ = ["CHANNELS", "RECORD_COLUMNS", "SyntheticCRM", "synthetic_crm", "write_synthetic_crm"]
