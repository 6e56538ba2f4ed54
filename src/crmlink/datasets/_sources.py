"""Channel habits: how each source writes names, dates, phones, addresses and consents.

>>> PROFILES[SOURCE_INDEX["branch_contract"]].date_formats[0]
1.0
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

SOURCES: tuple[str, ...] = (
    "web", "mobile_app", "call_center", "branch_contract", "loyalty_card", "partner_import",
)
SOURCE_INDEX = {s: i for i, s in enumerate(SOURCES)}
WEB, APP, CALL, BRANCH, LOYALTY, PARTNER = range(6)

# name layouts
SPLIT, FULL_SF, FULL_GF, INITIALS, GIVEN_ONLY, SURNAME_CODE, BOTH = range(7)
# letter case
TITLE, UPPER, LOWER = range(3)
# birth-date formats
DATE_FORMATS: tuple[str, ...] = (
    "DD.MM.YYYY", "YYYY-MM-DD", "MM/DD/YYYY", "DD/MM/YYYY", "DD.MM.YY", "D.M.YYYY",
)
# address styles
ADDRESS_STYLES: tuple[str, ...] = (
    "formal", "formal_postcode", "fias", "casual", "lower", "latin", "latin_postal", "street_first",
)
# consent vocabularies
CONSENT_WORDS: tuple[tuple[str, str], ...] = (("yes", "no"), ("true", "false"), ("1", "0"))
# gender vocabularies (male, female)
GENDER_WORDS: tuple[tuple[str, str], ...] = (("M", "F"), ("М", "Ж"), ("м", "ж"), ("male", "female"))


@dataclass(frozen=True)
class SourceProfile:
    """What one channel fills in and how it spells it (weights need not sum to 1)."""

    latin: float  # chance a name is written in Latin letters
    informal: float  # chance of a diminutive / Western given name, times nickname_rate
    username: float  # chance of a username-like nickname instead of a name, times nickname_rate
    layouts: tuple[float, ...]  # SPLIT, FULL_SF, FULL_GF, INITIALS, GIVEN_ONLY, SURNAME_CODE, BOTH
    patronymic: float  # chance the patronymic is written when the layout allows it
    cases: tuple[float, float, float]  # TITLE, UPPER, LOWER
    scheme: str  # usual transliteration scheme
    birth: float  # chance a birth date is captured
    date_formats: tuple[float, ...]  # weights over DATE_FORMATS
    gender: float  # chance gender is captured
    gender_words: tuple[float, ...]  # weights over GENDER_WORDS
    phone: float
    phone_styles: tuple[float, ...]  # weights over the nine phone styles
    landline: float  # chance a household landline is given instead of a mobile
    email: float
    address: float
    address_styles: tuple[float, ...]  # weights over ADDRESS_STYLES
    document: float
    consent: float  # chance each consent channel was asked
    consent_words: tuple[float, float, float]  # weights over CONSENT_WORDS
    mojibake: float  # relative weight of encoding accidents
    habit: tuple[float, float, float, float]  # source mix weight: minor, young, middle, old


PROFILES: tuple[SourceProfile, ...] = (
    SourceProfile(  # web
        latin=0.75, informal=1.0, username=0.35,
        layouts=(0.75, 0, 0.2, 0, 0.05, 0, 0), patronymic=0.03, cases=(0.8, 0.05, 0.15),
        scheme="informal_en", birth=0.6, date_formats=(0.25, 0.75, 0, 0, 0, 0),
        gender=0.5, gender_words=(0, 0, 0, 1), phone=0.5,
        phone_styles=(0.2, 0.1, 0.15, 0.05, 0.1, 0.2, 0.15, 0.05, 0), landline=0.03,
        email=1.0, address=0.25, address_styles=(0.1, 0.05, 0, 0.45, 0.25, 0.05, 0, 0.1),
        document=0.0, consent=0.9, consent_words=(0, 1, 0), mojibake=0.5,
        habit=(0.0, 0.28, 0.2, 0.07),
    ),
    SourceProfile(  # mobile_app
        latin=0.55, informal=1.0, username=0.2,
        layouts=(0.7, 0, 0.15, 0, 0.15, 0, 0), patronymic=0.05, cases=(0.85, 0.05, 0.1),
        scheme="simple_en", birth=0.7, date_formats=(0.6, 0.4, 0, 0, 0, 0),
        gender=0.6, gender_words=(1, 0, 0, 0), phone=0.98,
        phone_styles=(0.1, 0, 0, 0, 0, 0.8, 0, 0.1, 0), landline=0.0,
        email=0.7, address=0.15, address_styles=(0.05, 0, 0, 0.5, 0.35, 0.05, 0, 0.05),
        document=0.0, consent=0.9, consent_words=(0, 0, 1), mojibake=0.3,
        habit=(0.3, 0.32, 0.2, 0.06),
    ),
    SourceProfile(  # call_center
        latin=0.01, informal=0.4, username=0.0,
        layouts=(0.2, 0.35, 0.45, 0, 0, 0, 0), patronymic=0.5, cases=(0.9, 0.05, 0.05),
        scheme="icao", birth=0.55, date_formats=(0.6, 0, 0, 0.1, 0.15, 0.15),
        gender=0.4, gender_words=(0, 0, 1, 0), phone=0.97,
        phone_styles=(0, 0, 0.45, 0.15, 0.2, 0, 0.1, 0, 0.1), landline=0.35,
        email=0.2, address=0.5, address_styles=(0.1, 0, 0, 0.35, 0.5, 0, 0, 0.05),
        document=0.03, consent=0.6, consent_words=(1, 0, 0), mojibake=0.5,
        habit=(0.0, 0.08, 0.14, 0.3),
    ),
    SourceProfile(  # branch_contract
        latin=0.03, informal=0.0, username=0.0,
        layouts=(0.35, 0.45, 0, 0.08, 0, 0, 0.12), patronymic=0.97, cases=(0.65, 0.35, 0),
        scheme="icao", birth=0.98, date_formats=(1.0, 0, 0, 0, 0, 0),
        gender=0.95, gender_words=(0.3, 0.7, 0, 0), phone=0.9,
        phone_styles=(0.1, 0.3, 0.4, 0.05, 0.05, 0.05, 0, 0, 0.05), landline=0.2,
        email=0.5, address=0.95, address_styles=(0.45, 0.35, 0.15, 0, 0, 0, 0, 0.05),
        document=0.9, consent=0.95, consent_words=(0.8, 0, 0.2), mojibake=0.3,
        habit=(0.5, 0.12, 0.22, 0.35),
    ),
    SourceProfile(  # loyalty_card
        latin=0.12, informal=0.6, username=0.0,
        layouts=(0.2, 0, 0.2, 0.3, 0.25, 0.05, 0), patronymic=0.1, cases=(0.6, 0.3, 0.1),
        scheme="telegram", birth=0.5, date_formats=(0.55, 0, 0, 0.2, 0, 0.25),
        gender=0.3, gender_words=(1, 0, 0, 0), phone=0.9,
        phone_styles=(0, 0, 0.2, 0, 0.4, 0, 0.3, 0.1, 0), landline=0.15,
        email=0.35, address=0.1, address_styles=(0.1, 0, 0, 0.5, 0.4, 0, 0, 0),
        document=0.0, consent=0.7, consent_words=(0, 0, 1), mojibake=2.0,
        habit=(0.2, 0.12, 0.12, 0.12),
    ),
    SourceProfile(  # partner_import
        latin=0.9, informal=0.1, username=0.0,
        layouts=(0.25, 0.5, 0.25, 0, 0, 0, 0), patronymic=0.1, cases=(0.5, 0.5, 0),
        scheme="icao", birth=0.8, date_formats=(0, 0.15, 0.85, 0, 0, 0),
        gender=0.7, gender_words=(0.4, 0, 0, 0.6), phone=0.8,
        phone_styles=(0.1, 0, 0, 0, 0, 0.5, 0, 0.4, 0), landline=0.05,
        email=0.7, address=0.5, address_styles=(0, 0, 0.2, 0, 0, 0.4, 0.4, 0),
        document=0.25, consent=0.5, consent_words=(0, 1, 0), mojibake=3.0,
        habit=(0.0, 0.08, 0.12, 0.10),
    ),
)


def column(name: str) -> np.ndarray:
    """One profile field across sources, as an array indexed by source.

    >>> column("latin").shape
    (6,)
    """
    return np.asarray([getattr(p, name) for p in PROFILES], dtype=np.float64)


def draw_by_source(rng: np.random.Generator, source: np.ndarray, field: str) -> np.ndarray:
    """One category per record, drawn with its source's weights for ``field``.

    >>> draw_by_source(np.random.default_rng(0), np.array([3, 3]), "date_formats").tolist()
    [0, 0]
    """
    out = np.zeros(len(source), dtype=np.int64)
    for s, prof in enumerate(PROFILES):
        idx = np.flatnonzero(source == s)
        if idx.size:
            w = np.asarray(getattr(prof, field), dtype=np.float64)
            cdf = np.cumsum(w / w.sum())
            cdf[-1] = 1.0
            out[idx] = np.searchsorted(cdf, rng.random(idx.size), side="right")
    return out
