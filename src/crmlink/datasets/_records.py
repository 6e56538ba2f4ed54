"""Records: which person each one is about, from which source, when, and all its values.

>>> p = records_per_person_probs(2.5)
>>> round(float(np.dot(p, np.arange(1, 7))), 3)
2.5
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import partial

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from ._contacts import (
    Contacts,
    address_noise,
    format_addresses,
    format_emails,
    format_phones,
)
from ._knobs import Knobs
from ._names import render_names
from ._noise import keyboard_typos, mojibake
from ._people import WINDOW_END, WINDOW_START, People
from ._sources import (
    CALL,
    CONSENT_WORDS,
    GENDER_WORDS,
    LOYALTY,
    PARTNER,
    PROFILES,
    column,
    draw_by_source,
)
from ._strings import (
    cat,
    choose,
    digits,
    full,
    map_strings,
    num,
    sarr,
    scatter,
    select,
    take,
    where,
)
from ._tables import WEST, Tables

_YEAR = 365.25
CHANNELS: tuple[str, ...] = ("email", "sms", "phone", "post")
_CONSENT_BASE = np.array([0.55, 0.6, 0.5, 0.35])


def records_per_person_probs(mean: float) -> np.ndarray:
    """P(k records), k = 1..6: a truncated geometric law with the requested mean.

    >>> records_per_person_probs(1.0).round(3).tolist()
    [1.0, 0.0, 0.0, 0.0, 0.0, 0.0]
    """
    ks = np.arange(1, 7)
    if mean <= 1.0:
        return np.eye(6)[0]
    if mean >= 6.0:
        return np.eye(6)[5]

    def avg(q: float) -> float:
        w = q ** (ks - 1.0)
        return float(np.dot(w, ks) / w.sum())

    lo, hi = 1e-9, 1e3
    for _ in range(200):
        mid = np.sqrt(lo * hi)
        if avg(mid) < mean:
            lo = mid
        else:
            hi = mid
    w = lo ** (ks - 1.0)
    return w / w.sum()


@dataclass(frozen=True)
class Skeleton:
    """Per record (in output order): person index, source index, day number, second of day."""

    person: np.ndarray
    source: np.ndarray
    day: np.ndarray
    second: np.ndarray


def make_skeleton(p: People, k: Knobs, rng: np.random.Generator) -> Skeleton:
    """Decide how many records each person has, from which sources and when."""
    count = 1 + choose(rng, p.n, records_per_person_probs(k.records_per_person))
    person = np.repeat(np.arange(p.n), count)
    age = p.age
    group = np.select([age < 18, age < 30, age < 55], [0, 1, 2], 3)
    habit = np.array([prof.habit for prof in PROFILES]).T  # (groups, sources)
    favourite = np.zeros(p.n, dtype=np.int64)
    for gi in range(4):
        sel = np.flatnonzero(group == gi)
        favourite[sel] = choose(rng, sel.size, habit[gi])
    n = len(person)
    rec_group = group[person]
    source = np.zeros(n, dtype=np.int64)
    for gi in range(4):
        sel = np.flatnonzero(rec_group == gi)
        source[sel] = choose(rng, sel.size, habit[gi])
    fav = rng.random(n) < 0.35
    source[fav] = favourite[person[fav]]
    birth = p.birth[person]
    min_age = np.where(age[person] < 14, 3.0, 14.0)
    lo = np.maximum(WINDOW_START, birth + (min_age * _YEAR).astype(np.int64))
    lo = np.minimum(lo, WINDOW_END - 30)
    day = lo + (rng.random(n) * (WINDOW_END - lo)).astype(np.int64)
    second = rng.integers(8 * 3600, 21 * 3600, n)
    order = rng.permutation(n)  # records arrive shuffled, not grouped by person
    return Skeleton(person[order], source[order], day[order], second[order])


def _present(rng: np.random.Generator, source: np.ndarray, field: str, k: Knobs) -> np.ndarray:
    return rng.random(len(source)) < column(field)[source] * (1.0 - k.missing_rate)


def render_birth_dates(p: People, sk: Skeleton, k: Knobs, rng: np.random.Generator
                       ) -> pa.Array:
    """Birth dates as each source writes them ("" where not captured)."""
    n = len(sk.person)
    dt = p.birth[sk.person].astype("datetime64[D]")
    y = dt.astype("datetime64[Y]").astype(np.int64) + 1970
    m = (dt.astype("datetime64[M]") - dt.astype("datetime64[Y]")).astype(np.int64) + 1
    d = (dt - dt.astype("datetime64[M]")).astype(np.int64) + 1
    swap = (rng.random(n) < k.date_swap_rate) & (d <= 12) & (d != m)
    d, m = np.where(swap, m, d), np.where(swap, d, m)
    y = np.where(rng.random(n) < k.typo_rate * 0.1, y + rng.choice([-1, 1], n), y)
    dd, mm, yyyy = digits(d, 2), digits(m, 2), num(y)
    fmt = draw_by_source(rng, sk.source, "date_formats")
    partial = rng.random(n) < k.partial_date_rate * np.where(sk.source == LOYALTY, 4.0, 1.0)
    forms = (cat(dd, ".", mm, ".", yyyy), cat(yyyy, "-", mm, "-", dd), cat(mm, "/", dd, "/", yyyy),
             cat(dd, "/", mm, "/", yyyy), cat(dd, ".", mm, ".", digits(y % 100, 2)),
             cat(num(d), ".", num(m), ".", yyyy))
    present = _present(rng, sk.source, "birth", k)
    return select([~present, partial] + [fmt == i for i in range(len(forms))],
                  ["", yyyy, *forms])


def render_gender(p: People, sk: Skeleton, k: Knobs, rng: np.random.Generator) -> pa.Array:
    """Gender in each source's vocabulary ("" where not captured)."""
    words = sarr([w for pair in GENDER_WORDS for w in pair])
    vocab = draw_by_source(rng, sk.source, "gender_words")
    out = take(words, vocab * 2 + p.female[sk.person].astype(np.int64))
    return where(_present(rng, sk.source, "gender", k), out, "")


def render_documents(p: People, sk: Skeleton, k: Knobs, rng: np.random.Generator
                     ) -> pa.Array:
    """Passport numbers (replaced at 20 and 45; none under 14), INN or SNILS."""
    n_p = p.n
    series = rng.integers(1, 100, (2, n_p))
    issued = rng.integers(0, 100, (2, n_p))
    number = rng.integers(100000, 1000000, (2, n_p))
    inn = rng.integers(10**11, 10**12, n_p)
    snils = rng.integers(10**8, 10**9, n_p)
    snils_ck = rng.integers(0, 100, n_p)
    foreign = rng.integers(10**6, 10**7, n_p)
    letters = rng.integers(0, 18, (2, n_p))
    renew = np.maximum(p.birth + int(20 * _YEAR), np.where(
        p.birth + int(45 * _YEAR) < WINDOW_END, p.birth + int(45 * _YEAR), 0))
    who = sk.person
    n = len(who)
    old = (sk.day < renew[who]).astype(np.int64)
    ser = digits(series[old, who], 2)
    iss = digits(issued[old, who], 2)
    num6 = digits(number[old, who], 6)
    style = rng.integers(0, 3, n)
    abc = sarr(list("ABCDEFGHKLMNPRSTXY"))
    foreign_pass = cat(take(abc, letters[0, who]), take(abc, letters[1, who]),
                       digits(foreign[who], 7))
    sn = digits(snils[who], 9)
    snils_s = cat(pc.utf8_slice_codeunits(sn, 0, 3), "-", pc.utf8_slice_codeunits(sn, 3, 6),
                  "-", pc.utf8_slice_codeunits(sn, 6, 9), " ", digits(snils_ck[who], 2))
    partner = sk.source == PARTNER
    out = select(
        [partner & (rng.random(n) < 0.6), partner, p.culture[who] == WEST, style == 0,
         style == 1],
        [digits(inn[who], 12), snils_s, foreign_pass, cat(ser, " ", iss, " ", num6),
         cat(ser, iss, " ", num6)],
        cat(ser, iss, num6),
    )
    out = keyboard_typos(out, rng, k.typo_rate * 0.2)
    adult = (sk.day - p.birth[who]) >= int(14 * _YEAR)
    return where(_present(rng, sk.source, "document", k) & adult, out, "")


def render_consents(p: People, sk: Skeleton, k: Knobs, rng: np.random.Generator
                    ) -> tuple[list[pa.Array], np.ndarray]:
    """Four consent columns in each source's words, and when they were captured.

    Each person has a latent opt-in per channel that flips at some date with
    probability ``consent_conflict_rate``; records captured on either side disagree.
    """
    n = len(sk.person)
    base = rng.random((p.n, 4)) < _CONSENT_BASE
    flips = rng.random((p.n, 4)) < k.consent_conflict_rate
    flip_on = np.where(flips, rng.integers(WINDOW_START, WINDOW_END, (p.n, 4)), 10**7)
    captured = sk.day - (rng.random(n) * 365 * (rng.random(n) < 0.5)).astype(np.int64)
    words = sarr([w for pair in CONSENT_WORDS for w in pair])
    vocab = draw_by_source(rng, sk.source, "consent_words")
    cols = []
    any_present = np.zeros(n, dtype=bool)
    for ch in range(4):
        value = base[sk.person, ch] ^ (captured >= flip_on[sk.person, ch])
        value ^= rng.random(n) < 0.02  # entry errors
        word = take(words, vocab * 2 + (~value).astype(np.int64))
        present = _present(rng, sk.source, "consent", k)
        any_present |= present
        cols.append(where(present, word, ""))
    when = np.where(any_present, captured, -1)
    return cols, when


@dataclass(frozen=True)
class RecordColumns:
    """Every text column of the records (``""`` = missing) plus timestamps."""

    text: dict[str, pa.Array]
    updated_at: np.ndarray  # datetime64[s]
    consent_updated_at: np.ndarray  # datetime64[s], NaT where no consent captured


def _choose_phone(p: People, c: Contacts, sk: Skeleton, rng: np.random.Generator
                  ) -> np.ndarray:
    n = len(sk.person)
    who = sk.person.copy()
    minor = p.age[who] < 18
    lean = minor & (p.parent[who] >= 0) & ((p.age[who] < 14) | (rng.random(n) < 0.5))
    who = np.where(lean, p.parent[who], who)
    borrow = c.shares_phone[who] & (p.spouse[who] >= 0) & (rng.random(n) < 0.8)
    who = np.where(borrow, p.spouse[who], who)
    phone = np.where(sk.day < c.mobile_changed_on[who], c.old_mobile[who], c.mobile[who])
    hh = p.household[sk.person]
    line = np.where(sk.day < c.moved_on[hh], c.old_landline[hh], c.landline[hh])
    elderly = p.age[sk.person] >= 65
    use_line = (line >= 0) & (rng.random(n) < column("landline")[sk.source] *
                              np.where(elderly, 2.0, 1.0))
    return np.where(use_line, line, phone)


def _choose_email(p: People, c: Contacts, sk: Skeleton, rng: np.random.Generator
                  ) -> np.ndarray:
    n = len(sk.person)
    own = c.email[sk.person]
    parent = p.parent[sk.person]
    own = np.where((own < 0) & (parent >= 0) & (rng.random(n) < 0.7),
                   c.email[np.maximum(parent, 0)], own)
    fam = c.family_email[p.household[sk.person]]
    return np.where((fam >= 0) & ((own < 0) | (rng.random(n) < 0.5)), fam, own)


def render_records(p: People, c: Contacts, t: Tables, sk: Skeleton, k: Knobs,
                   rng: np.random.Generator, seed: int) -> RecordColumns:
    """Every column of every record, in skeleton order."""
    names = render_names(p, t, sk.person, sk.source, sk.day, c.nickname, k, rng, seed)
    text: dict[str, pa.Array] = {
        "full_name": names.full_name, "first_name": names.first_name,
        "middle_name": names.middle_name, "last_name": names.last_name,
        "birth_date": render_birth_dates(p, sk, k, rng),
        "gender": render_gender(p, sk, k, rng),
    }
    n = len(sk.person)
    blank = full(n)

    phone_id = _choose_phone(p, c, sk, rng)
    has = np.flatnonzero(_present(rng, sk.source, "phone", k))
    style = draw_by_source(rng, sk.source, "phone_styles")
    phones = keyboard_typos(format_phones(c.phones, phone_id[has], style[has]), rng,
                            k.typo_rate * 0.3)
    text["phone"] = scatter(blank, has, phones)

    email_id = _choose_email(p, c, sk, rng)
    has = np.flatnonzero(_present(rng, sk.source, "email", k) & (email_id >= 0))
    text["email"] = scatter(blank, has, format_emails(c.emails, email_id[has], t.places, k, rng))

    hh = p.household[sk.person]
    addr_id = np.where(sk.day < c.moved_on[hh], c.old_address[hh], c.address[hh])
    has = np.flatnonzero(_present(rng, sk.source, "address", k))
    a_style = draw_by_source(rng, sk.source, "address_styles")
    written = format_addresses(c.addresses, addr_id[has], a_style[has], t.places, rng)
    text["address"] = scatter(blank, has, address_noise(written, k, rng))
    text["document_id"] = render_documents(p, sk, k, rng)
    consents, when = render_consents(p, sk, k, rng)
    for ch, col in zip(CHANNELS, consents, strict=True):
        text[f"consent_{ch}"] = col

    # code-page accidents on whole records
    weight = column("mojibake")[sk.source]
    hit = rng.random(n) < np.minimum(1.0, k.mojibake_rate * weight)
    kind = rng.integers(0, 3, n)
    for col in ("full_name", "first_name", "middle_name", "last_name", "address"):
        for kd in range(3):
            sel = np.flatnonzero(hit & (kind == kd))
            if sel.size:
                fixed = map_strings(take(text[col], sel), partial(mojibake, kind=kd))
                text[col] = scatter(text[col], sel, fixed)
    updated = (sk.day * 86400 + sk.second).astype("datetime64[s]")
    cons = (np.maximum(when, 0) * 86400 + sk.second - 3600 * (sk.source == CALL)
            ).astype("datetime64[s]")
    cons = np.where(when >= 0, cons, np.datetime64("NaT"))
    return RecordColumns(text, updated, cons)
