"""Tests of the synthetic CRM generator: shape, determinism, distributions and knobs.

The people are generated; nothing here is personal data.
"""

from __future__ import annotations

import csv
import re
from functools import lru_cache
from importlib import resources
from pathlib import Path

import ftfy
import numpy as np
import pandas as pd
import pytest

import crmlink.datasets as ds
from crmlink.datasets import (
    DEFAULT_KNOBS,
    PLANTED_ASSOCIATIONS,
    SyntheticCRM,
    synthetic_crm,
    write_synthetic_crm,
)
from crmlink.errors import InputError

CANONICAL = [
    "record_id", "source", "full_name", "first_name", "middle_name", "last_name",
    "birth_date", "gender", "phone", "email", "address", "document_id", "updated_at",
    "consent_email", "consent_sms", "consent_phone", "consent_post", "consent_updated_at",
]
SOURCES = {"web", "mobile_app", "call_center", "branch_contract", "loyalty_card",
           "partner_import"}
CONSENT_WORDS = {"yes", "no", "true", "false", "1", "0"}
PERSONS = 3000
# quiet: every noise knob off, to check that what the noise knobs add really comes from them
QUIET = {"typo_rate": 0.0, "phonetic_rate": 0.0, "mojibake_rate": 0.0, "whitespace_rate": 0.0,
         "date_swap_rate": 0.0, "partial_date_rate": 0.0, "email_variant_rate": 0.0}


@lru_cache(maxsize=8)
def _gen(persons: int, seed: int, **knobs: float) -> SyntheticCRM:
    return synthetic_crm(persons=persons, seed=seed, **knobs)


@pytest.fixture(scope="module")
def data() -> SyntheticCRM:
    return _gen(PERSONS, 42)


@pytest.fixture(scope="module")
def joined(data: SyntheticCRM) -> pd.DataFrame:
    return data.records.merge(data.truth, on="record_id", validate="one_to_one")


def _name(df: pd.DataFrame) -> pd.Series:
    parts = df[["first_name", "middle_name", "last_name"]].fillna("").agg(" ".join, axis=1)
    return df["full_name"].fillna(parts).str.strip()


def _latin(names: pd.Series) -> pd.Series:
    return names.str.contains("[A-Za-z]") & ~names.str.contains("[А-Яа-яЁё]")


def _digits(phones: pd.Series) -> pd.Series:
    return phones.str.replace(r"\D", "", regex=True)


def _data_rows(name: str) -> list[dict[str, str]]:
    text = resources.files("crmlink.datasets").joinpath("data").joinpath(name).read_text("utf-8")
    return list(csv.DictReader(text.splitlines()[1:]))


def _known_words() -> set[str]:
    """Every Cyrillic name word of the generation tables (surnames, given names,
    patronymics), lower case with е for ё."""
    words: set[str] = set()
    for r in _data_rows("surnames.csv"):
        for k in ("masculine", "feminine", "native_masculine", "native_feminine"):
            words.update(r[k].split())
    for r in _data_rows("given_names.csv"):
        for k in ("name", "native", "patronymic_m", "patronymic_f", "native_patronymic_m",
                  "native_patronymic_f"):
            words.add(r[k])
        if r["culture"] == "kz" and r["gender"] == "M":
            words.update({r["name"] + "улы", r["name"] + "кызы"})
    return {w.lower().replace("ё", "е") for w in words if w}


def _mojibake(text: str) -> bool:
    text = text.replace("ë", "e").replace("Ë", "E")  # BGN/PCGN and scientific spell ё as ë
    return ftfy.badness.is_bad(text) or bool(re.search("[\u00c0-\u00ff\ufffd]", text))


# ---- API and shape --------------------------------------------------------------------


def test_public_api() -> None:
    assert sorted(ds.__all__) == sorted(["DEFAULT_KNOBS", "PLANTED_ASSOCIATIONS", "SyntheticCRM",
                                         "synthetic_crm", "write_synthetic_crm"])
    assert SyntheticCRM._fields[:3] == ("records", "products", "truth")
    assert "typo_rate" in DEFAULT_KNOBS and DEFAULT_KNOBS["records_per_person"] == 2.5
    assert len(PLANTED_ASSOCIATIONS) >= 5
    assert all(a.confidence > 0 for a in PLANTED_ASSOCIATIONS)


def test_records_schema_and_ids(data: SyntheticCRM) -> None:
    rec = data.records
    assert list(rec.columns) == CANONICAL
    assert rec.record_id.is_unique
    assert rec.record_id.str.fullmatch(r"r\d{7}").all()
    assert set(rec.source) == SOURCES
    assert pd.api.types.is_datetime64_any_dtype(rec.updated_at)
    assert list(data.truth.columns) == ["record_id", "person_id", "household_id"]
    assert set(data.truth.record_id) == set(rec.record_id)
    assert data.truth.person_id.nunique() == PERSONS
    assert list(data.products.columns) == ["record_id", "product", "opened_at"]
    assert set(data.products.record_id) <= set(rec.record_id)
    assert 15 <= data.products["product"].nunique() <= 20
    assert set(data.persons.person_id) == set(data.truth.person_id)
    assert set(data.interactions.record_id) <= set(rec.record_id)
    # every record has some name, and values never carry the "missing" marker as text
    assert _name(rec).str.len().gt(0).all()
    assert not rec.isin(["", "nan", "None"]).any().any()


def test_deterministic_for_a_seed() -> None:
    a = synthetic_crm(persons=400, seed=3)
    b = synthetic_crm(persons=400, seed=3)
    for name in SyntheticCRM._fields:
        pd.testing.assert_frame_equal(getattr(a, name), getattr(b, name))
    c = synthetic_crm(persons=400, seed=4)
    assert not a.records.equals(c.records)
    assert not a.persons.given_name.equals(c.persons.given_name)


def test_write_synthetic_crm(tmp_path) -> None:
    paths = write_synthetic_crm(tmp_path / "out", persons=120, seed=1)
    for table in ("records", "products", "truth"):
        assert paths[table] == tmp_path / "out" / f"{table}.parquet"
        assert paths[table].exists()
    back = pd.read_parquet(paths["records"])
    assert list(back.columns) == CANONICAL
    assert len(pd.read_parquet(paths["truth"])) == len(back)


# ---- distributions --------------------------------------------------------------------


def test_records_per_person(joined: pd.DataFrame) -> None:
    per = joined.groupby("person_id").size()
    assert per.between(1, 6).all()
    assert abs(per.mean() - DEFAULT_KNOBS["records_per_person"]) < 0.12
    assert (per == 1).mean() > 0.2 and (per >= 4).mean() > 0.1
    more = _gen(1500, 5, records_per_person=4.0).truth.groupby("person_id").size()
    assert abs(more.mean() - 4.0) < 0.15 and more.between(1, 6).all()
    assert (_gen(500, 5, records_per_person=1.0).truth.groupby("person_id").size() == 1).all()


def test_latin_share_per_source(joined: pd.DataFrame) -> None:
    share = _latin(_name(joined)).groupby(joined.source).mean()
    assert share["web"] > 0.6
    assert share["partner_import"] > 0.8
    assert share["mobile_app"] > 0.4
    assert share["branch_contract"] < 0.1
    assert share["call_center"] < 0.05


def test_date_formats_per_source(joined: pd.DataFrame) -> None:
    bd = joined.dropna(subset=["birth_date"])
    by_src = {s: g.birth_date for s, g in bd.groupby("source")}
    branch = by_src["branch_contract"]
    assert branch.str.fullmatch(r"\d{2}\.\d{2}\.\d{4}|\d{4}").all()
    web = by_src["web"]
    assert web.str.fullmatch(r"\d{4}-\d{2}-\d{2}").mean() > 0.6
    partner = by_src["partner_import"]
    us = partner[partner.str.fullmatch(r"\d{2}/\d{2}/\d{4}")]
    assert len(us) / len(partner) > 0.7
    month, day = us.str[:2].astype(int), us.str[3:5].astype(int)
    assert month.le(12).all() and day.gt(12).any()  # MM/DD/YYYY, never DD/MM
    assert by_src["loyalty_card"].str.fullmatch(r"\d{4}").mean() > 0.1  # year only
    # birth dates agree with the true ones when no date noise is on
    quiet = _gen(800, 9, **QUIET)
    j = quiet.records.merge(quiet.truth, on="record_id").merge(
        quiet.persons[["person_id", "birth_date"]].rename(columns={"birth_date": "true"}),
        on="person_id")
    br = j[j.source == "branch_contract"].dropna(subset=["birth_date"])
    assert (br.birth_date == br.true.dt.strftime("%d.%m.%Y")).all()


def test_household_sizes_and_kinds(data: SyntheticCRM) -> None:
    size = data.persons.groupby("household_id").size()
    assert size.min() >= 1 and size.max() <= 8
    assert 0.3 < (size == 1).mean() < 0.55
    assert (size >= 3).mean() > 0.2
    singles = synthetic_crm(persons=300, seed=2, household_mix={"single": 1.0}).persons
    assert singles.household_id.is_unique
    roles = set(data.persons.role)
    assert {"head_male", "head_female", "child", "elder_male", "elder_female"} <= roles


def _shared_share(d: SyntheticCRM) -> float:
    j = d.records.merge(d.truth, on="record_id")
    j = j.assign(ph=_digits(j.phone).str[-9:], em=j.email.str.lower())
    size = d.persons.groupby("household_id").size()
    multi = set(size[size >= 2].index)
    j = j[j.household_id.isin(multi)]
    shared: set[str] = set()
    for col in ("ph", "em"):
        per = j.dropna(subset=[col]).groupby(["household_id", col]).person_id.nunique()
        shared |= set(per[per >= 2].reset_index().household_id)
    return len(shared) / len(multi)


def test_households_share_phone_or_email(data: SyntheticCRM, joined: pd.DataFrame) -> None:
    assert _shared_share(data) > 0.3
    lonely = _gen(1500, 11, shared_phone_rate=0.0, landline_rate=0.0, family_email_rate=0.0)
    assert _shared_share(lonely) < _shared_share(_gen(1500, 11)) - 0.1
    # contact points never leak across households (neighbours share only the building)
    ph = _digits(joined.phone).str[-9:]
    per_phone = joined.assign(ph=ph).dropna(subset=["ph"]).groupby("ph").household_id.nunique()
    assert (per_phone > 1).mean() < 0.002
    em = joined.assign(em=joined.email.str.lower()).dropna(subset=["em"])
    assert (em.groupby("em").household_id.nunique() > 1).mean() < 0.002


def test_phone_formats_and_countries(joined: pd.DataFrame) -> None:
    phones = joined.phone.dropna()
    d = _digits(phones)
    assert phones.str.startswith("+7 ").any() and phones.str.startswith("8 (").any()
    assert d.str.fullmatch(r"9\d{9}").any()  # ten digits, no country code
    assert phones.str.startswith("+380").any() or d.str.match(r"80\d{9}$").any()
    assert d.str.match(r"375").any() or phones.str.startswith("8 (0").any()
    assert d.str.match(r"^[78]7\d{9}$").any()  # Kazakhstan, +7 7xx


def test_names_are_varied(joined: pd.DataFrame, data: SyntheticCRM) -> None:
    names = _name(joined)
    assert names.str.fullmatch(r"[A-Za-z_]+\d{2,4}").any()  # Pupsik78-like usernames
    assert names.str.fullmatch(r"[А-ЯЁ][а-яё]+ [А-ЯЁ]\.([А-ЯЁ]\.)?").any()  # Иванов Ю.А.
    assert names.str.fullmatch(r"[А-ЯЁ-]+ [А-ЯЁ]+ [А-ЯЁ]+").any()  # ИВАНОВ ЮРИЙ АЛЕКСЕЕВИЧ
    shorts = {"Саша", "Женя", "Дима", "Юра", "Лена", "Наташа", "Маша", "Коля", "Вова"}
    assert names.str.split().str[0].isin(shorts).any()
    assert names.str.contains(r"\b(?:Alexander|Michael|Eugene|Helen|Mary)\b").any()
    assert names.str.contains("ьевич|еевич|ович|овна|евна|ична").any()
    assert names.str.contains("улы|кызы").any() or (data.persons.culture == "kz").sum() < 20
    spellings = names[names.str.match(r"(?i)^(a[lk]e[kx]s?andr|alexander)")].str.split().str[0]
    assert spellings.str.lower().nunique() >= 3


def test_hard_negatives(data: SyntheticCRM) -> None:
    p = data.persons
    # twins: same household, birth date and surname, different given names
    kids = p[p.role == "child"]
    twins = kids.groupby(["household_id", "birth_date", "last_name"]).given_name.agg(
        ["size", "nunique"])
    assert ((twins["size"] >= 2) & (twins["nunique"] == twins["size"])).any()
    # father and son with the same given name, the son's patronymic from it
    head = p[p.role == "head_male"].set_index("household_id").given_name
    sons = kids[kids.gender == "M"].assign(father=lambda x: x.household_id.map(head))
    assert (sons.given_name == sons.father).any()
    # namesakes: one common name shared by many unrelated people
    top = p.groupby(["given_name", "last_name"]).household_id.nunique().max()
    assert top >= 5
    # maiden names on older records
    assert p.maiden_name.notna().any()


def test_maiden_name_appears_on_records(joined: pd.DataFrame, data: SyntheticCRM) -> None:
    wives = data.persons.dropna(subset=["maiden_name"])[["person_id", "maiden_name"]]
    j = joined.merge(wives, on="person_id")
    text = _name(j).str.lower()
    maiden = j.maiden_name.str.lower().str.replace("ё", "е")
    hits = [m in t.replace("ё", "е") for m, t in zip(maiden, text, strict=True)]
    assert any(hits)


def test_moves_leave_old_contacts(joined: pd.DataFrame) -> None:
    mob = joined.assign(ph=_digits(joined.phone).str[-10:]).dropna(subset=["ph"])
    per = mob.groupby("person_id").ph.nunique()
    assert (per >= 2).mean() > 0.05


def test_product_associations(data: SyntheticCRM) -> None:
    pr = data.products.merge(data.truth, on="record_id")
    own = pr.groupby(["person_id", "product"]).size().unstack(fill_value=0) > 0
    n = data.truth.person_id.nunique()
    for a in PLANTED_ASSOCIATIONS:
        p_a, p_b = own[a.antecedent].sum() / n, own[a.consequent].sum() / n
        p_ab = (own[a.antecedent] & own[a.consequent]).sum() / n
        assert p_ab / (p_a * p_b) > 1.5, a
    # kids cards only in households with a child under 18
    minors = data.persons[data.persons.birth_date > pd.Timestamp("2007-01-01")]
    with_kids = set(minors.household_id)
    kid_card = pr[pr["product"] == "kids_card"]
    assert len(kid_card) > 0 and kid_card.household_id.isin(with_kids).all()
    assert (pr.opened_at <= pd.Timestamp("2025-01-01")).all()


def test_consents_with_conflicts(joined: pd.DataFrame) -> None:
    for ch in ("email", "sms", "phone", "post"):
        col = joined[f"consent_{ch}"]
        assert set(col.dropna()) <= CONSENT_WORDS
        assert col.notna().mean() > 0.4
        values = joined.assign(v=col.isin(["yes", "true", "1"])).dropna(subset=[f"consent_{ch}"])
        conflicting = values.groupby("person_id").v.nunique() > 1
        assert conflicting.sum() > 20
    has = joined[["consent_email", "consent_sms", "consent_phone", "consent_post"]].notna().any(
        axis=1)
    assert joined.consent_updated_at[has].notna().all()
    assert (joined.consent_updated_at[has] <= joined.updated_at[has]).all()
    for src, vocab in (("web", {"true", "false"}), ("mobile_app", {"1", "0"}),
                       ("call_center", {"yes", "no"})):
        assert set(joined.loc[joined.source == src, "consent_sms"].dropna()) == vocab


def test_gender_vocabularies(joined: pd.DataFrame) -> None:
    assert set(joined.gender.dropna()) <= {"M", "F", "М", "Ж", "м", "ж", "male", "female"}
    assert set(joined.loc[joined.source == "web", "gender"].dropna()) == {"male", "female"}
    assert joined.gender.isna().mean() > 0.2


# ---- knobs ----------------------------------------------------------------------------


def _branch_names_known(d: SyntheticCRM) -> float:
    """Share of Cyrillic branch-contract names whose every word is in the data tables."""
    br = d.records[d.records.source == "branch_contract"]
    names = _name(br)
    names = names[names.str.contains("[А-Яа-я]") & ~names.str.contains("[A-Za-z]")]
    known = _known_words()
    words = names.str.lower().str.replace("ё", "е").str.split()
    return float(words.map(lambda ws: all(w in known for w in ws if "." not in w)).mean())


def test_typo_knob(data: SyntheticCRM) -> None:
    clean = _branch_names_known(_gen(1000, 13, **QUIET))
    noisy = _branch_names_known(_gen(1000, 13, **{**QUIET, "typo_rate": 0.5}))
    assert clean > 0.99
    assert noisy < clean - 0.3


def test_mojibake_knob() -> None:
    def share(d: SyntheticCRM) -> float:
        names = _name(d.records)
        return float(names.map(_mojibake).mean())

    assert share(_gen(1000, 13, **QUIET)) == 0.0
    assert share(_gen(1000, 13, **{**QUIET, "mojibake_rate": 0.3})) > 0.1


def test_nickname_and_translit_knobs() -> None:
    def has_digits(d: SyntheticCRM) -> int:
        web = d.records[d.records.source.isin(["web", "mobile_app"])]
        return int(_name(web).str.contains(r"\d").sum())

    assert has_digits(_gen(1000, 17, nickname_rate=0.0)) == 0
    assert has_digits(_gen(1000, 17, nickname_rate=1.0)) > 50

    one = _gen(1000, 19, translit_mix=0.0).records
    mix = _gen(1000, 19, translit_mix=1.0).records
    apo = "(?i)(?<!o)['’ʹ]"  # mvd_310 and bgn_pcgn apostrophes (O'Brien is a real one)
    assert _name(one[one.source == "partner_import"]).str.contains(apo).sum() == 0
    assert _name(mix[mix.source == "partner_import"]).str.contains(apo).sum() > 0


def test_date_swap_knob() -> None:
    def swapped(d: SyntheticCRM) -> float:
        j = d.records.merge(d.truth, on="record_id").merge(
            d.persons[["person_id", "birth_date"]].rename(columns={"birth_date": "true"}),
            on="person_id")
        br = j[j.source == "branch_contract"].dropna(subset=["birth_date"])
        return float((br.birth_date != br.true.dt.strftime("%d.%m.%Y")).mean())

    assert swapped(_gen(800, 9, **QUIET)) == 0.0
    assert swapped(_gen(800, 9, **{**QUIET, "date_swap_rate": 1.0})) > 0.2


def test_missing_and_western_knobs() -> None:
    full = _gen(800, 23, missing_rate=0.0).records
    sparse = _gen(800, 23, missing_rate=0.8).records
    assert sparse.phone.isna().mean() > full.phone.isna().mean() + 0.3
    west = _gen(800, 23, western_share=1.0).persons
    assert (west.culture == "west").all() and west.middle_name.isna().all()


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [
        ({"typo_rate": 1.5}, "typo_rate"),
        ({"typo_rate": -0.1}, "typo_rate"),
        ({"typo_rate": "high"}, "typo_rate"),
        ({"typo_rate": float("nan")}, "typo_rate"),
        ({"records_per_person": 0.5}, "records_per_person"),
        ({"records_per_person": 7}, "records_per_person"),
        ({"household_mix": {"commune": 1.0}}, "household_mix"),
        ({"household_mix": {"single": 0.0}}, "household_mix"),
        ({"culture_mix": {"ru": -1.0}}, "culture_mix"),
        ({"product_rate": 0.0}, "product_rate"),
        ({"no_such_knob": 1}, "no_such_knob"),
    ],
)
def test_bad_knobs_raise_input_error(kwargs: dict[str, object], match: str) -> None:
    with pytest.raises(InputError, match=match):
        synthetic_crm(persons=10, seed=0, **kwargs)  # type: ignore[arg-type]


@pytest.mark.parametrize(("persons", "seed"), [(0, 0), (-5, 0), ("10", 0), (True, 0),
                                               (10, -1), (10, 1.5)])
def test_bad_persons_or_seed(persons: object, seed: object) -> None:
    with pytest.raises(InputError):
        synthetic_crm(persons=persons, seed=seed)  # type: ignore[arg-type]


def test_tiny_runs_work() -> None:
    for n in (1, 2, 7):
        d = synthetic_crm(persons=n, seed=n)
        assert d.truth.person_id.nunique() == n
        assert np.all(d.truth.groupby("person_id").size().between(1, 6))


def test_readme_sample_is_current() -> None:
    """The sample table in the package README is what the generator produces today."""
    path = Path(ds.__file__).with_name("README.md")
    if not path.exists():  # an installed wheel ships the data, not the README
        pytest.skip("package README not present")
    readme = path.read_text("utf-8")
    lines = [ln for ln in readme.splitlines() if ln.startswith("| r0")]
    assert len(lines) == 15
    cols = ["record_id", "source", "full_name", "first_name", "middle_name", "last_name",
            "birth_date", "gender", "phone", "email", "address", "consent_sms", "person_id",
            "household_id"]
    d = synthetic_crm(persons=1000, seed=42)
    j = d.records.merge(d.truth, on="record_id").set_index("record_id")
    for line in lines:
        cells = [c.strip() for c in line.strip("|").split(" | ")]
        row = j.loc[cells[0]]
        want = ["" if pd.isna(row[c]) else str(row[c]) for c in cols[1:]]
        assert cells[1:] == want, cells[0]


@pytest.mark.parametrize("module", [
    "_contacts", "_knobs", "_names", "_noise", "_people", "_products", "_records", "_sources",
    "_strings", "_synthetic", "_tables", "_translit",
])
def test_docstring_examples(module: str) -> None:
    import doctest
    import importlib

    mod = importlib.import_module(f"crmlink.datasets.{module}")
    result = doctest.testmod(mod, optionflags=doctest.ELLIPSIS)
    assert result.failed == 0
