"""Products people hold, with planted co-ownership associations, and their interactions.

>>> [a.antecedent for a in PLANTED_ASSOCIATIONS][:2]
['mortgage', 'mortgage']
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np

from ._people import REF_DAY, WINDOW_END, People
from ._strings import S, choose

PRODUCTS: tuple[str, ...] = (
    "debit_card", "salary_card", "credit_card", "consumer_loan", "mortgage", "car_loan",
    "deposit", "savings", "premium", "investment", "brokerage", "pension", "insurance_life",
    "insurance_property", "insurance_auto", "travel_insurance", "safe_deposit_box", "kids_card",
)
"""Every product code, in generation order (antecedents before consequents)."""


class Association(NamedTuple):
    """A planted rule: a holder of ``antecedent`` also takes ``consequent`` with
    probability ``confidence`` (on top of the consequent's base rate)."""

    antecedent: str
    consequent: str
    confidence: float


PLANTED_ASSOCIATIONS: tuple[Association, ...] = (
    Association("mortgage", "insurance_property", 0.60),
    Association("mortgage", "insurance_life", 0.45),
    Association("car_loan", "insurance_auto", 0.70),
    Association("credit_card", "travel_insurance", 0.25),
    Association("deposit", "investment", 0.25),
    Association("investment", "brokerage", 0.40),
    Association("salary_card", "credit_card", 0.60),
    Association("premium", "safe_deposit_box", 0.30),
)
"""Associations planted in the product data (each lift is well above 1 at the defaults).

Besides these, ``kids_card`` is held only by parents in households with a child under 18.
"""

# base ownership rate and the age band in which it applies fully (outside: x0.25)
_BASE: dict[str, tuple[float, int, int]] = {
    "debit_card": (0.55, 18, 120), "salary_card": (0.25, 20, 62),
    "credit_card": (0.20, 21, 75), "consumer_loan": (0.12, 21, 70),
    "mortgage": (0.06, 25, 55), "car_loan": (0.04, 22, 60), "deposit": (0.10, 45, 120),
    "savings": (0.18, 18, 120), "premium": (0.02, 30, 120), "investment": (0.03, 25, 120),
    "brokerage": (0.02, 22, 70), "pension": (0.03, 45, 120), "insurance_life": (0.03, 25, 70),
    "insurance_property": (0.03, 25, 120), "insurance_auto": (0.03, 20, 75),
    "travel_insurance": (0.04, 20, 70), "safe_deposit_box": (0.01, 35, 120),
    "kids_card": (0.0, 0, 0),
}
_WEALTH = {"deposit", "premium", "investment", "brokerage", "safe_deposit_box"}
_EARLIEST = int(np.datetime64("2008-01-01", "D").astype(np.int64))


def make_products(p: People, rec_offset: np.ndarray, rec_count: np.ndarray, rate: float,
                  rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Products as parallel arrays: record index (skeleton order), product index, day opened.

    >>> from crmlink.datasets._knobs import make_knobs
    >>> from crmlink.datasets._tables import tables
    >>> from crmlink.datasets._people import make_people
    >>> rng = np.random.default_rng(0)
    >>> p = make_people(200, make_knobs(), tables(), rng)
    >>> rec, prod, day = make_products(p, np.arange(200), np.ones(200, int), 1.0, rng)
    >>> bool(len(rec) == len(prod) == len(day) > 0)
    True
    """
    n = p.n
    age = p.age
    adult = age >= 18
    wealth = rng.lognormal(0.0, 0.45, n)  # mild: keeps unplanted lifts low
    start = np.maximum(_EARLIEST, p.birth + int(18 * 365.25))
    start = np.minimum(start, WINDOW_END - 30)
    has = np.zeros((n, len(PRODUCTS)), dtype=bool)
    opened = np.zeros((n, len(PRODUCTS)), dtype=np.int64)
    index = {name: j for j, name in enumerate(PRODUCTS)}
    for j, name in enumerate(PRODUCTS):
        base, lo, hi = _BASE[name]
        prob = base * np.where((age >= lo) & (age <= hi), 1.0, 0.25) * rate
        if name in _WEALTH:
            prob = prob * wealth
        prob = np.where(adult, np.minimum(prob, 0.95), 0.0)
        if name == "debit_card":
            prob = np.where((age >= 14) & ~adult, 0.2, prob)
        own = rng.random(n) < prob
        day = start + (rng.random(n) * (WINDOW_END - start)).astype(np.int64)
        for a in PLANTED_ASSOCIATIONS:
            if a.consequent != name:
                continue
            ja = index[a.antecedent]
            follow = has[:, ja] & (rng.random(n) < a.confidence) & ~own
            later = opened[:, ja] + (rng.random(n) * 400).astype(np.int64)
            day = np.where(follow, np.minimum(later, WINDOW_END), day)
            own |= follow
        if name == "kids_card":
            minor = age < 18
            parents = np.unique(p.parent[minor & (p.parent >= 0)])
            own = np.zeros(n, dtype=bool)
            own[parents] = rng.random(parents.size) < min(0.95, 0.5 * rate)
            kid_from = REF_DAY - int(12 * 365.25)
            day = np.maximum(day, np.minimum(kid_from, WINDOW_END - 30))
        has[:, j] = own
        opened[:, j] = day
    who, prod = np.nonzero(has)
    record = rec_offset[who] + (rng.random(who.size) * rec_count[who]).astype(np.int64)
    return record, prod, opened[who, prod]


_INTERACTIONS = (
    ("web_login", "email_open"), ("app_login", "push_open"), ("call_in", "call_out"),
    ("branch_visit", "contract_signed"), ("purchase", "points_redeemed"),
    ("partner_referral", "partner_purchase"),
)


def make_interactions(source: np.ndarray, day: np.ndarray, rng: np.random.Generator
                      ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Channel interactions per record: record index, kind, timestamp (seconds).

    >>> rec, kind, ts = make_interactions(np.array([0, 3]), np.array([18000, 18001]),
    ...                                   np.random.default_rng(0))
    >>> len(rec) == len(kind) == len(ts)
    True
    """
    count = rng.poisson(1.2, len(source))
    rec = np.repeat(np.arange(len(source)), count)
    table = np.asarray(_INTERACTIONS, dtype=S)
    kind = table[source[rec], choose(rng, rec.size, [0.75, 0.25])]
    when = day[rec] - (rng.random(rec.size) * 720).astype(np.int64)
    seconds = when * 86400 + rng.integers(7 * 3600, 23 * 3600, rec.size)
    return rec, kind, seconds
