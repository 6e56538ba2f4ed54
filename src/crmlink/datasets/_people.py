"""Households and the people in them: names, patronymics, surnames, birth dates.

Everything is drawn with numpy over whole arrays; Python loops run only over the few
(culture, gender) groups of the name tables.

>>> from crmlink.datasets._knobs import make_knobs
>>> from crmlink.datasets._tables import tables
>>> p = make_people(100, make_knobs(), tables(), np.random.default_rng(0))
>>> p.n, bool(p.household.max() < 100)
(100, True)
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ._knobs import HOUSEHOLD_KINDS, NON_WESTERN_CULTURES, Knobs
from ._strings import choose
from ._tables import CULTURE_INDEX, WEST, Tables

HEAD_M, HEAD_F, CHILD, ELDER_M, ELDER_F = range(5)
ROLE_NAMES: tuple[str, ...] = ("head_male", "head_female", "child", "elder_male", "elder_female")
SINGLE, COUPLE, FAMILY, MULTIGEN = range(4)

REF_DAY = int(np.datetime64("2025-01-01", "D").astype(np.int64))
"""Generation "today": ages are measured at this date."""
WINDOW_START = int(np.datetime64("2015-01-01", "D").astype(np.int64))
WINDOW_END = int(np.datetime64("2024-12-31", "D").astype(np.int64))
"""Records are created or updated within [WINDOW_START, WINDOW_END]."""
_NEVER = -(10**6)
_COUNTRY_ABROAD = {"ua": (1, 0.2), "by": (2, 0.35), "kz": (3, 0.4)}


@dataclass(frozen=True)
class People:
    """One row per generated person (arrays of equal length ``n``)."""

    n: int
    household: np.ndarray
    n_households: int
    hh_kind: np.ndarray  # per household
    hh_country: np.ndarray  # per household, index into COUNTRIES
    hh_culture: np.ndarray  # per household
    role: np.ndarray
    female: np.ndarray
    culture: np.ndarray
    given: np.ndarray  # row of the given-name table
    patr_from: np.ndarray  # given-name row of the father (-1: no patronymic)
    turkic: np.ndarray  # Kazakh -улы/-кызы patronymic instead of -ович/-овна
    surname: np.ndarray  # surname row, current
    maiden: np.ndarray  # surname row before marriage (-1 none)
    married_on: np.ndarray  # day number of the wedding (records before it show the maiden name)
    birth: np.ndarray  # day number (days since 1970-01-01)
    spouse: np.ndarray  # person index or -1
    parent: np.ndarray  # person index of the parent a minor leans on, or -1

    @property
    def age(self) -> np.ndarray:
        """Age in whole years at :data:`REF_DAY`."""
        return ((REF_DAY - self.birth) / 365.25).astype(np.int64)


def _names_by_group(
    t: Tables, rng: np.random.Generator, culture: np.ndarray, female: np.ndarray
) -> np.ndarray:
    """A given-name row for each (culture, female) pair, weighted within its group."""
    out = np.full(len(culture), -1, dtype=np.int64)
    g = t.given
    for c in range(len(CULTURE_INDEX)):
        src = CULTURE_INDEX["ru"] if c == CULTURE_INDEX["by"] else c
        for fem in (False, True):
            sel = np.flatnonzero((culture == c) & (female == fem))
            if sel.size == 0:
                continue
            rows = np.flatnonzero((g.culture == src) & (g.female == fem))
            out[sel] = rows[choose(rng, sel.size, g.weight[rows])]
    return out


def _surnames_by_culture(t: Tables, rng: np.random.Generator, culture: np.ndarray) -> np.ndarray:
    out = np.full(len(culture), -1, dtype=np.int64)
    s = t.surnames
    for c in range(len(CULTURE_INDEX)):
        sel = np.flatnonzero(culture == c)
        if sel.size:
            rows = np.flatnonzero(s.culture == c)
            out[sel] = rows[choose(rng, sel.size, s.weight[rows])]
    return out


def _beta_age(rng: np.random.Generator, n: int, lo: float, span: float, a: float,
              b: float) -> np.ndarray:
    return lo + span * rng.beta(a, b, n)


def _household_layout(
    n: int, k: Knobs, rng: np.random.Generator
) -> tuple[np.ndarray, dict[str, np.ndarray]]:
    """Household kinds and per-role member counts, enough households for ``n`` people."""
    weights = [k.household_mix[h] for h in HOUSEHOLD_KINDS]
    mean = np.dot(np.asarray(weights) / sum(weights), [1.0, 2.0, 3.55, 3.9])
    h = int(n / mean * 1.25) + 16
    kind = choose(rng, h, weights)
    u = rng.random((h, 6))
    single_f = (kind == SINGLE) & (u[:, 0] < 0.55)
    adult_male = u[:, 1] < 0.5  # multigen: the adult child is a son
    n_hm = np.where(kind == SINGLE, ~single_f, 0)
    n_hm = np.where(kind == COUPLE, 1, n_hm)
    n_hm = np.where(kind == FAMILY, u[:, 2] < 0.85, n_hm)
    n_hm = np.where(kind == MULTIGEN, adult_male | (u[:, 2] < 0.6), n_hm)
    n_hf = np.where(kind == SINGLE, single_f, 1)
    n_hf = np.where(kind == MULTIGEN, ~adult_male | (u[:, 3] < 0.6), n_hf)
    kids_family = 1 + choose(rng, h, [0.45, 0.40, 0.15])
    kids_multi = choose(rng, h, [0.5, 0.3, 0.2])
    n_ch = np.where(kind == FAMILY, kids_family, np.where(kind == MULTIGEN, kids_multi, 0))
    n_ef = (kind == MULTIGEN).astype(np.int64)
    n_em = ((kind == MULTIGEN) & (u[:, 4] < 0.5)).astype(np.int64)
    counts = {"hm": n_hm.astype(np.int64), "hf": n_hf.astype(np.int64), "ch": n_ch,
              "em": n_em, "ef": n_ef, "adult_male": adult_male}
    return kind, counts


def make_people(n: int, k: Knobs, t: Tables, rng: np.random.Generator) -> People:
    """Generate ``n`` people grouped in households.

    >>> from crmlink.datasets._knobs import make_knobs
    >>> from crmlink.datasets._tables import tables
    >>> make_people(10, make_knobs(), tables(), np.random.default_rng(1)).n
    10
    """
    kind, c = _household_layout(n, k, rng)
    size = c["hm"] + c["hf"] + c["ch"] + c["em"] + c["ef"]
    cum = np.cumsum(size)
    n_hh = int(np.searchsorted(cum, n) + 1)
    kind = kind[:n_hh]
    c = {key: v[:n_hh] for key, v in c.items()}
    size = size[:n_hh]
    offset = np.concatenate([[0], np.cumsum(size)[:-1]])
    hh = np.repeat(np.arange(n_hh), size)[:n]
    pos = np.arange(n) - offset[hh]
    b1 = c["hm"][hh]
    b2 = b1 + c["hf"][hh]
    b3 = b2 + c["ch"][hh]
    b4 = b3 + c["em"][hh]
    role = np.select([pos < b1, pos < b2, pos < b3, pos < b4], [HEAD_M, HEAD_F, CHILD, ELDER_M],
                     ELDER_F).astype(np.int8)
    kind_p = kind[hh]
    adult_male = c["adult_male"]

    # --- household-level draws -------------------------------------------------------
    cmix = [k.culture_mix[x] for x in NON_WESTERN_CULTURES]
    hh_culture = np.array([CULTURE_INDEX[x] for x in NON_WESTERN_CULTURES])[
        choose(rng, n_hh, cmix)]
    hh_culture = np.where(rng.random(n_hh) < k.western_share, WEST, hh_culture)
    hh_country = np.zeros(n_hh, dtype=np.int64)
    for name, (country, share) in _COUNTRY_ABROAD.items():
        abroad = (hh_culture == CULTURE_INDEX[name]) & (rng.random(n_hh) < share)
        hh_country[abroad] = country
    male = np.zeros(n_hh, dtype=bool)
    hh_surname = _surnames_by_culture(t, rng, hh_culture)
    alt_surname = _surnames_by_culture(t, rng, hh_culture)
    father_name = _names_by_group(t, rng, hh_culture, male)
    elder_name = _names_by_group(t, rng, hh_culture, male)
    # namesakes: very common surname and head name
    ru = CULTURE_INDEX["ru"]
    names = rng.random(n_hh) < k.namesake_rate
    names &= hh_culture == ru
    if names.any():
        s_rows = np.flatnonzero(t.surnames.culture == ru)
        top_s = s_rows[np.argsort(-t.surnames.weight[s_rows], kind="stable")[:4]]
        g_rows = np.flatnonzero((t.given.culture == ru) & ~t.given.female)
        top_g = g_rows[np.argsort(-t.given.weight[g_rows], kind="stable")[:4]]
        hh_surname[names] = top_s[rng.integers(0, 4, names.sum())]
        father_name[names] = top_g[rng.integers(0, 4, names.sum())]
    # multigen: the adult child's line
    multi = kind == MULTIGEN
    daughter_married = multi & ~adult_male & (c["hm"] == 1)
    elder_surname = np.where(daughter_married, alt_surname, hh_surname)
    son_named = multi & adult_male & (rng.random(n_hh) < k.father_son_rate)
    father_name = np.where(son_named, elder_name, father_name)

    # --- person-level names ----------------------------------------------------------
    female = (role == HEAD_F) | (role == ELDER_F)
    female |= (role == CHILD) & (rng.random(n) < 0.49)
    culture = hh_culture[hh].copy()
    in_law = ((role == HEAD_F) & (kind_p != SINGLE) & ~(multi[hh] & ~adult_male[hh])) | (
        (role == HEAD_M) & multi[hh] & ~adult_male[hh])
    mixed = in_law & (culture != WEST) & (culture != ru) & (rng.random(n) < 0.15)
    culture[mixed] = ru
    given = _names_by_group(t, rng, culture, female)
    given = np.where(role == HEAD_M, father_name[hh], given)
    given = np.where(role == ELDER_M, elder_name[hh], given)
    junior = (role == CHILD) & ~female & (rng.random(n) < k.father_son_rate)
    given = np.where(junior, father_name[hh], given)
    own_father = _names_by_group(t, rng, culture, np.zeros(n, dtype=bool))
    child_of_elders = multi[hh] & (((role == HEAD_M) & adult_male[hh]) |
                                   ((role == HEAD_F) & ~adult_male[hh]))
    patr_from = np.where(role == CHILD, father_name[hh], own_father)
    patr_from = np.where(child_of_elders, elder_name[hh], patr_from)
    patr_from = np.where(culture == WEST, -1, patr_from)
    turkic = (culture == CULTURE_INDEX["kz"]) & (rng.random(n) < 0.3)
    elder = (role == ELDER_M) | (role == ELDER_F)
    surname = np.where(elder, elder_surname[hh], hh_surname[hh])
    # wives keep their maiden name on records from before the wedding
    wife = (role == HEAD_F) & (c["hm"][hh] == 1)
    maiden = np.where(wife, _surnames_by_culture(t, rng, culture), -1)
    maiden = np.where(wife & child_of_elders, elder_surname[hh], maiden)
    maiden = np.where(maiden == surname, -1, maiden)
    shows = (maiden >= 0) & (rng.random(n) < k.maiden_name_rate)
    wedding = rng.integers(WINDOW_START + 200, WINDOW_END - 200, n)
    married_on = np.where(shows, wedding, _NEVER)
    maiden = np.where(shows, maiden, -1)

    birth = _birth_days(n, hh, role, kind, c, rng, pos - b2)
    # twins: second child shares the first child's birth date
    twins_hh = (c["ch"] >= 2) & (rng.random(n_hh) < k.twin_rate)
    first_child = offset + c["hm"] + c["hf"]
    t_idx = first_child[twins_hh]
    t_idx = t_idx[t_idx + 1 < n]
    t_idx = t_idx[role[t_idx + 1] == CHILD]
    birth[t_idx + 1] = birth[t_idx]
    for _ in range(10):
        same = given[t_idx + 1] == given[t_idx]
        if not same.any():
            break
        redo = t_idx[same] + 1
        given[redo] = _names_by_group(t, rng, culture[redo], female[redo])

    spouse = np.full(n, -1, dtype=np.int64)
    both = (c["hm"] == 1) & (c["hf"] == 1)
    spouse = np.where((role == HEAD_M) & both[hh], offset[hh] + 1, spouse)
    spouse = np.where((role == HEAD_F) & both[hh], offset[hh], spouse)
    elders = (c["em"] == 1) & (c["ef"] == 1)
    spouse = np.where((role == ELDER_M) & elders[hh], offset[hh] + b4, spouse)
    spouse = np.where((role == ELDER_F) & elders[hh], offset[hh] + b3, spouse)
    parent = np.where(c["hf"] == 1, offset + c["hm"], offset)[hh]
    parent = np.where(role == CHILD, parent, -1)
    spouse = np.where(spouse < n, spouse, -1)
    parent = np.where(parent < n, parent, -1)
    return People(
        n=n, household=hh.astype(np.int64), n_households=n_hh, hh_kind=kind,
        hh_country=hh_country, hh_culture=hh_culture, role=role, female=female,
        culture=culture, given=given, patr_from=patr_from, turkic=turkic, surname=surname,
        maiden=maiden, married_on=married_on, birth=birth, spouse=spouse, parent=parent,
    )


def _birth_days(
    n: int, hh: np.ndarray, role: np.ndarray, kind: np.ndarray, c: dict[str, np.ndarray],
    rng: np.random.Generator, child_rank: np.ndarray,
) -> np.ndarray:
    """Birth day numbers with believable ages inside each household."""
    n_hh = len(kind)
    # anchor: the household head's age
    head = np.select(
        [kind == SINGLE, kind == COUPLE],
        [_beta_age(rng, n_hh, 18, 70, 1.6, 2.2), _beta_age(rng, n_hh, 20, 62, 2.0, 2.6)],
        0.0,
    )
    eldest = _beta_age(rng, n_hh, 6, 26, 1.3, 1.6)  # family: eldest child
    mother_f = eldest + _beta_age(rng, n_hh, 20, 18, 2, 2)
    adult = _beta_age(rng, n_hh, 28, 30, 2, 2)  # multigen: adult child
    elder_f = adult + _beta_age(rng, n_hh, 20, 16, 2, 2)
    gap = rng.normal(2.5, 3.0, n_hh)
    head_f = np.select([kind == SINGLE, kind == COUPLE, kind == FAMILY],
                       [head, np.maximum(head - gap, 18), mother_f], adult)
    head_m = np.select([kind == SINGLE, kind == COUPLE, kind == FAMILY],
                       [head, head, np.maximum(mother_f + gap, 19)], adult)
    multi = kind == MULTIGEN
    spouse_gap = rng.normal(2.5, 3.0, n_hh)
    adult_male = c["adult_male"]
    head_m = np.where(multi & ~adult_male, np.maximum(adult + spouse_gap, 20), head_m)
    head_f = np.where(multi & adult_male, np.maximum(adult - spouse_gap, 20), head_f)
    young_parent = np.where(multi, adult, mother_f)
    first_kid = np.where(multi, np.clip(young_parent - 20 - 15 * rng.random(n_hh), 6, 30), eldest)
    elder_m = np.minimum(elder_f + rng.normal(2.5, 3.0, n_hh), 99)
    elder_f = np.minimum(elder_f, 97)
    kid_gap = 1.2 + 7.0 * rng.random(n)
    kid = np.maximum(first_kid[hh] - child_rank * kid_gap, 6 + rng.random(n))
    age = np.select(
        [role == HEAD_M, role == HEAD_F, role == CHILD, role == ELDER_M],
        [head_m[hh], head_f[hh], kid, elder_m[hh]],
        elder_f[hh],
    )
    return (REF_DAY - np.round(age * 365.25)).astype(np.int64)
