"""Curated generation data (``data/*.csv``) loaded once into numpy-friendly tables.

Every CSV starts with a ``# source: ...`` line, then a header line. The tables are the
generator's own; nothing here is shared with :mod:`crmlink.standardise`.

>>> t = tables(); bool(len(t.given.name) > 100)
True
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

import numpy as np
import pyarrow as pa

from ._strings import Vocab, sarr

CULTURES: tuple[str, ...] = ("ru", "ua", "by", "kz", "tt", "west")
"""Name cultures: Russian, Ukrainian, Belarusian, Kazakh, Tatar, Western."""
CULTURE_INDEX = {c: i for i, c in enumerate(CULTURES)}
WEST = CULTURE_INDEX["west"]
COUNTRIES: tuple[str, ...] = ("RU", "UA", "BY", "KZ")
COUNTRY_CALLING = np.array([7, 380, 375, 7])


def _read(name: str) -> list[dict[str, str]]:
    """Rows of ``data/<name>`` after its ``# source:`` line."""
    text = resources.files("crmlink.datasets").joinpath("data").joinpath(name).read_text("utf-8")
    first, _, rest = text.partition("\n")
    if not first.startswith("# source:"):
        raise RuntimeError(f"data/{name} must start with a '# source:' line")
    return list(csv.DictReader(io.StringIO(rest)))


@dataclass(frozen=True)
class GivenNames:
    """Given names with gender, culture, weight, native spelling and patronymic forms.

    Every string column holds vocabulary ids (-1 where empty).
    """

    name: np.ndarray
    native: np.ndarray
    female: np.ndarray
    culture: np.ndarray
    weight: np.ndarray
    patr_m: np.ndarray
    patr_f: np.ndarray
    npatr_m: np.ndarray
    npatr_f: np.ndarray
    turkic_m: np.ndarray
    turkic_f: np.ndarray
    # CSR groups of informal forms per given-name row
    short_off: np.ndarray
    short_cnt: np.ndarray
    short_ids: np.ndarray
    west_off: np.ndarray
    west_cnt: np.ndarray
    west_ids: np.ndarray


@dataclass(frozen=True)
class Surnames:
    """Surnames: masculine/feminine forms and native spellings (vocabulary ids)."""

    masc: np.ndarray
    fem: np.ndarray
    native_m: np.ndarray
    native_f: np.ndarray
    culture: np.ndarray
    weight: np.ndarray


@dataclass(frozen=True)
class Places:
    """Cities, streets, e-mail domains, mobile prefixes and nickname stems."""

    city: pa.Array
    city_en: pa.Array
    region: pa.Array
    city_country: np.ndarray  # index into COUNTRIES
    city_weight: np.ndarray
    area_code: pa.Array
    postcode_prefix: pa.Array
    street: pa.Array
    street_kind: pa.Array  # ул, пр-т, ...
    street_weight: np.ndarray
    domain: pa.Array
    domain_weight: np.ndarray  # (domains x cultures)
    domain_alias: np.ndarray  # alias group index, -1 none
    domain_dots: np.ndarray  # bool: provider ignores dots
    mobile_country: np.ndarray
    mobile_prefix: pa.Array
    mobile_weight: np.ndarray
    nick: pa.Array
    nick_gender: np.ndarray  # 0 male, 1 female, 2 any


@dataclass(frozen=True)
class Tables:
    """All generation tables plus the shared vocabulary of name strings."""

    vocab: Vocab
    given: GivenNames
    surnames: Surnames
    places: Places


def _ids(vocab: Vocab, values: list[str]) -> np.ndarray:
    return np.array([vocab.add(v) if v else -1 for v in values], dtype=np.int64)


def _csr(groups: list[list[int]]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    counts = np.array([len(g) for g in groups], dtype=np.int64)
    offsets = np.concatenate([[0], np.cumsum(counts)[:-1]]).astype(np.int64)
    flat = np.array([i for g in groups for i in g], dtype=np.int64)
    return offsets, counts, flat


def _given(vocab: Vocab) -> GivenNames:
    rows = _read("given_names.csv")
    dims: dict[str, list[tuple[str, str]]] = {}
    for d in _read("diminutives.csv"):
        dims.setdefault(d["name"], []).append((d["diminutive"], d["kind"]))
    shorts: list[list[int]] = []
    wests: list[list[int]] = []
    for r in rows:
        if r["culture"] == "west":
            forms = dims.get(r["native"], [])
        else:
            forms = dims.get(r["name"], []) + (dims.get(r["native"], []) if r["native"] else [])
        shorts.append([vocab.add(f) for f, k in forms if k == "short"])
        wests.append([vocab.add(f) for f, k in forms if k in ("western", "latin_short")])
    turkic = [r["culture"] == "kz" and r["gender"] == "M" for r in rows]
    s_off, s_cnt, s_ids = _csr(shorts)
    w_off, w_cnt, w_ids = _csr(wests)
    return GivenNames(
        name=_ids(vocab, [r["name"] for r in rows]),
        native=_ids(vocab, [r["native"] for r in rows]),
        female=np.array([r["gender"] == "F" for r in rows]),
        culture=np.array([CULTURE_INDEX[r["culture"]] for r in rows]),
        weight=np.array([float(r["weight"]) for r in rows]),
        patr_m=_ids(vocab, [r["patronymic_m"] for r in rows]),
        patr_f=_ids(vocab, [r["patronymic_f"] for r in rows]),
        npatr_m=_ids(vocab, [r["native_patronymic_m"] for r in rows]),
        npatr_f=_ids(vocab, [r["native_patronymic_f"] for r in rows]),
        turkic_m=_ids(vocab, [r["name"] + "улы" if t else "" for r, t in zip(rows, turkic,
                                                                              strict=True)]),
        turkic_f=_ids(vocab, [r["name"] + "кызы" if t else "" for r, t in zip(rows, turkic,
                                                                               strict=True)]),
        short_off=s_off, short_cnt=s_cnt, short_ids=s_ids,
        west_off=w_off, west_cnt=w_cnt, west_ids=w_ids,
    )


def _surnames(vocab: Vocab) -> Surnames:
    rows = _read("surnames.csv")
    return Surnames(
        masc=_ids(vocab, [r["masculine"] for r in rows]),
        fem=_ids(vocab, [r["feminine"] for r in rows]),
        native_m=_ids(vocab, [r["native_masculine"] for r in rows]),
        native_f=_ids(vocab, [r["native_feminine"] for r in rows]),
        culture=np.array([CULTURE_INDEX[r["culture"]] for r in rows]),
        weight=np.array([float(r["weight"]) for r in rows]),
    )


def _places() -> Places:
    cities = _read("cities.csv")
    streets = _read("streets.csv")
    domains = _read("email_domains.csv")
    mobiles = _read("mobile_codes.csv")
    nicks = _read("nicknames.csv")
    groups = sorted({d["alias_group"] for d in domains if d["alias_group"]})
    cols = ("ru", "ua", "by", "kz", "ru", "west")  # tt people use the Russian mix
    ci = {c: i for i, c in enumerate(COUNTRIES)}
    return Places(
        city=sarr([c["city"] for c in cities]),
        city_en=sarr([c["en"] for c in cities]),
        region=sarr([c["region"] for c in cities]),
        city_country=np.array([ci[c["country"]] for c in cities]),
        city_weight=np.array([float(c["weight"]) for c in cities]),
        area_code=sarr([c["area_code"] for c in cities]),
        postcode_prefix=sarr([c["postcode_prefix"] for c in cities]),
        street=sarr([s["name"] for s in streets]),
        street_kind=sarr([s["kind"] for s in streets]),
        street_weight=np.array([float(s["weight"]) for s in streets]),
        domain=sarr([d["domain"] for d in domains]),
        domain_weight=np.array([[float(d[c]) for c in cols] for d in domains]),
        domain_alias=np.array(
            [groups.index(d["alias_group"]) if d["alias_group"] else -1 for d in domains]
        ),
        domain_dots=np.array([d["dots_ignored"] == "1" for d in domains]),
        mobile_country=np.array([ci[m["country"]] for m in mobiles]),
        mobile_prefix=sarr([m["prefix"] for m in mobiles]),
        mobile_weight=np.array([float(m["weight"]) for m in mobiles]),
        nick=sarr([n["stem"] for n in nicks]),
        nick_gender=np.array([{"M": 0, "F": 1}.get(n["gender"], 2) for n in nicks]),
    )


@lru_cache(maxsize=1)
def _cached() -> tuple[GivenNames, Surnames, Places, list[str]]:
    vocab = Vocab()
    given = _given(vocab)
    surnames = _surnames(vocab)
    return given, surnames, _places(), [vocab[i] for i in range(len(vocab))]


def tables() -> Tables:
    """Fresh tables with their own vocabulary (so one run's additions never leak).

    >>> tables().vocab is not tables().vocab
    True
    """
    given, surnames, places, words = _cached()
    vocab = Vocab()
    vocab.add_many(words)
    return Tables(vocab=vocab, given=given, surnames=surnames, places=places)
