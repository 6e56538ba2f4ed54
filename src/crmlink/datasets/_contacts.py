"""Phones, e-mail addresses and postal addresses: who has which, and how records write them.

Numbers, mailboxes and buildings are drawn per person or household; each record then
formats the value it holds in its own style, vectorised over all records.

>>> from crmlink.datasets._knobs import make_knobs
>>> from crmlink.datasets._people import make_people
>>> from crmlink.datasets._tables import tables
>>> t = tables(); rng = np.random.default_rng(0); k = make_knobs()
>>> p = make_people(50, k, t, rng)
>>> c = make_contacts(p, t, k, rng)
>>> bool((c.mobile >= 0).all())
True
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from ._knobs import Knobs
from ._names import nicknames, person_latin
from ._noise import keyboard_typos, whitespace_noise
from ._people import ELDER_F, ELDER_M, HEAD_F, HEAD_M, WINDOW_END, WINDOW_START, People
from ._strings import (
    cat,
    choose,
    digits,
    empty,
    full,
    lower,
    num,
    on_subset,
    sarr,
    scatter,
    select,
    take,
    to_pandas,
    upper,
    where,
)
from ._tables import COUNTRIES, Places, Tables
from ._translit import translit

NEVER = -(10**6)


@dataclass(frozen=True)
class PhoneBook:
    """Telephone numbers: country index, trunk code (int) and subscriber number."""

    country: np.ndarray
    ndc: np.ndarray
    sub: np.ndarray
    sub_len: np.ndarray


@dataclass(frozen=True)
class AddressBook:
    """Dwellings: city and street rows, house number and suffix, building, flat, postcode
    (``postcode * 10 + width``: the width keeps the leading zeros of "050000")."""

    city: np.ndarray
    street: np.ndarray
    house: np.ndarray
    suffix: np.ndarray
    korpus: np.ndarray
    flat: np.ndarray
    postcode: np.ndarray


@dataclass(frozen=True)
class EmailBook:
    """Mailboxes: local part and domain row."""

    local: pa.Array
    domain: np.ndarray


@dataclass(frozen=True)
class Contacts:
    """Who holds which phone, mailbox and address, and since when."""

    phones: PhoneBook
    mobile: np.ndarray  # per person
    old_mobile: np.ndarray  # per person, -1 none
    mobile_changed_on: np.ndarray  # per person day number
    shares_phone: np.ndarray  # per person: gives the spouse's mobile
    landline: np.ndarray  # per household, -1 none
    old_landline: np.ndarray  # per household, -1 none
    addresses: AddressBook
    address: np.ndarray  # per household
    old_address: np.ndarray  # per household, -1 none
    moved_on: np.ndarray  # per household day number
    emails: EmailBook
    email: np.ndarray  # per person, -1 none
    family_email: np.ndarray  # per household, -1 none
    nickname: pa.Array  # per person


def _concat(*books: PhoneBook) -> PhoneBook:
    return PhoneBook(*(np.concatenate([getattr(b, f) for b in books])
                       for f in ("country", "ndc", "sub", "sub_len")))


def _dedupe_subs(book: PhoneBook, rng: np.random.Generator) -> PhoneBook:
    sub = book.sub.copy()
    for _ in range(20):
        key = (book.country * 10**6 + book.ndc) * 10**8 + sub
        dup = pd.Series(key).duplicated().to_numpy()
        if not dup.any():
            break
        lo = 2 * 10 ** (book.sub_len[dup] - 1)
        sub[dup] = lo + (rng.random(dup.sum()) * (10 ** book.sub_len[dup] - lo)).astype(np.int64)
    return PhoneBook(book.country, book.ndc, sub, book.sub_len)


def _mobiles(country: np.ndarray, pl: Places, rng: np.random.Generator) -> PhoneBook:
    ndc = np.zeros(len(country), dtype=np.int64)
    prefix = np.asarray([int(x) for x in pl.mobile_prefix.to_pylist()])
    for c in range(len(COUNTRIES)):
        sel = np.flatnonzero(country == c)
        rows = np.flatnonzero(pl.mobile_country == c)
        if sel.size:
            ndc[sel] = prefix[rows[choose(rng, sel.size, pl.mobile_weight[rows])]]
    sub = rng.integers(2_000_000, 10_000_000, len(country))
    return PhoneBook(country, ndc, sub, np.full(len(country), 7))


def _landlines(city: np.ndarray, pl: Places, rng: np.random.Generator) -> PhoneBook:
    country = pl.city_country[city]
    codes = pl.area_code.to_pylist()
    ndc = np.asarray([int(x) for x in codes])[city]
    ndc_len = np.asarray([len(x) for x in codes])[city]
    total = np.where((country == 1) | (country == 2), 9, 10)
    sub_len = total - ndc_len
    lo = 2 * 10 ** (sub_len - 1)
    sub = lo + (rng.random(len(city)) * (10**sub_len - lo)).astype(np.int64)
    return PhoneBook(country, ndc, sub, sub_len)


_PHONE_TEMPLATES = {  # per calling code: (before trunk code, after trunk code, group separator)
    7: [("+7 ", " ", "-"), ("+7 (", ") ", "-"), ("8 (", ") ", "-"), ("8-", "-", "-"),
        ("8", "", ""), ("+7", "", ""), ("", "", ""), ("7", "", ""), ("8 ", " ", " ")],
    380: [("+380 ", " ", " "), ("+380 (", ") ", "-"), ("8 0", " ", " "), ("0", "-", "-"),
          ("380", "", ""), ("+380", "", ""), ("0", "", ""), ("(0", ") ", "-"), ("8 (0", ") ", "-")],
    375: [("+375 ", " ", "-"), ("+375 (", ") ", "-"), ("8 (0", ") ", "-"), ("8-0", "-", "-"),
          ("80", "", ""), ("+375", "", ""), ("0", "", ""), ("375", "", ""), ("8 0", " ", " ")],
}
_CALLING = (7, 380, 375, 7)
_TPL = [sarr([_PHONE_TEMPLATES[cc][s][j] for cc in _CALLING for s in range(9)]) for j in range(3)]


def format_phones(book: PhoneBook, ids: np.ndarray, style: np.ndarray) -> pa.Array:
    """Phone numbers ``ids`` written in ``style`` (0..8, per-country templates).

    >>> b = PhoneBook(np.array([0]), np.array([916]), np.array([1234567]), np.array([7]))
    >>> format_phones(b, np.array([0, 0, 0]), np.array([0, 2, 6])).to_pylist()
    ['+7 916 123-45-67', '8 (916) 123-45-67', '9161234567']
    """
    country = book.country[ids]
    t_idx = country * 9 + style
    before, after, sep = (take(x, t_idx) for x in _TPL)
    sub = book.sub[ids]
    # subscriber numbers never start with 0 or 1, so the first group needs no padding
    tail = sub % 10000
    grouped = cat(num(sub // 10000), sep, digits(tail // 100, 2), sep, digits(tail % 100, 2))
    return cat(before, num(book.ndc[ids]), after, grouped)


def e164(book: PhoneBook, ids: np.ndarray) -> pa.Array:
    """Phone numbers in E.164 ("+79161234567")."""
    return format_phones(book, ids, np.full(len(ids), 5))


_HOUSE_SUFFIX = sarr(["", "а", "б", "/2", "/1", "в"])
_HOUSE_SUFFIX_LAT = sarr(["", "a", "b", "/2", "/1", "v"])
_KIND_WORDS = {  # formal, bare, latin abbreviation, English
    "ул": ("ул.", "ул", "ul.", "st"),
    "пр-т": ("пр-т", "просп", "prospekt", "ave"),
    "пер": ("пер.", "пер", "per.", "lane"),
    "б-р": ("б-р", "бул", "bulvar", "blvd"),
    "ш": ("ш.", "ш", "shosse", "hwy"),
    "наб": ("наб.", "наб", "nab.", "emb"),
    "пл": ("пл.", "пл", "pl.", "sq"),
    "проезд": ("пр-д", "проезд", "proezd", "pass"),
}
_COUNTRY_RU = sarr(["", "Украина, ", "Беларусь, ", "Казахстан, "])
_ADDR_SCHEMES = ("icao", "mvd_310", "informal_en", "telegram")


def _buildings(n: int, city: np.ndarray, pl: Places, rng: np.random.Generator) -> AddressBook:
    street = choose(rng, n, pl.street_weight)
    house = 1 + (rng.pareto(1.3, n) * 6).astype(np.int64) % 180
    suffix = choose(rng, n, [0.9, 0.04, 0.02, 0.02, 0.01, 0.01])
    korpus = np.where(rng.random(n) < 0.15, rng.integers(1, 5, n), 0)
    flat = np.where(rng.random(n) < 0.08, 0, rng.integers(1, 400, n))
    width = np.where(pl.city_country[city] == 1, 5, 6)
    pre_len = np.asarray([len(x) for x in pl.postcode_prefix.to_pylist()])[city]
    pre = np.asarray([int(x) for x in pl.postcode_prefix.to_pylist()])[city]
    rest = width - pre_len
    postcode = pre * 10**rest + (rng.random(n) * 10.0**rest).astype(np.int64)
    return AddressBook(city, street, house, suffix, korpus, flat, postcode * 10 + width)


def _pick_city(country: np.ndarray, pl: Places, rng: np.random.Generator) -> np.ndarray:
    out = np.zeros(len(country), dtype=np.int64)
    for c in range(len(COUNTRIES)):
        sel = np.flatnonzero(country == c)
        rows = np.flatnonzero(pl.city_country == c)
        if sel.size:
            out[sel] = rows[choose(rng, sel.size, pl.city_weight[rows])]
    return out


def _addresses(p: People, pl: Places, k: Knobs, rng: np.random.Generator
               ) -> tuple[AddressBook, np.ndarray, np.ndarray, np.ndarray]:
    h = p.n_households
    cur = _buildings(h, _pick_city(p.hh_country, pl, rng), pl, rng)
    # neighbours: same building, another flat
    hosts = np.flatnonzero(cur.flat > 0)
    near = np.flatnonzero(rng.random(h) < k.neighbour_rate)
    if hosts.size and near.size:
        host = hosts[rng.integers(0, hosts.size, near.size)]
        ok = host != near
        near, host = near[ok], host[ok]
        for f in ("city", "street", "house", "suffix", "korpus", "postcode"):
            getattr(cur, f)[near] = getattr(cur, f)[host]
        flat = (cur.flat[host] + rng.integers(1, 60, near.size) - 1) % 399 + 1
        cur.flat[near] = np.where(flat == cur.flat[host], flat % 399 + 1, flat)
    moved = np.flatnonzero(rng.random(h) < k.move_rate)
    same_city = rng.random(moved.size) < 0.7
    old_city = np.where(same_city, cur.city[moved], _pick_city(p.hh_country[moved], pl, rng))
    old = _buildings(moved.size, old_city, pl, rng)
    book = AddressBook(*(np.concatenate([getattr(cur, f), getattr(old, f)])
                         for f in ("city", "street", "house", "suffix", "korpus", "flat",
                                   "postcode")))
    old_address = np.full(h, -1, dtype=np.int64)
    old_address[moved] = h + np.arange(moved.size)
    moved_on = np.full(h, NEVER, dtype=np.int64)
    moved_on[moved] = rng.integers(WINDOW_START + 300, WINDOW_END - 300, moved.size)
    return book, np.arange(h), old_address, moved_on


def _street_words(pl: Places) -> list[pa.Array]:
    """Per street: formal name with its kind ("ул. Ленина", "Ленинский пр-т"), the same
    without dots ("ул Ленина"), the Latin kind abbreviation and the English kind word."""
    kinds = [_KIND_WORDS[x] for x in pl.street_kind.to_pylist()]
    names = pl.street.to_pylist()
    # adjective-named avenues, lanes and highways put the kind after the name
    after = [k != "ул" and n.endswith(("ий", "ый", "ой", "ое", "ая")) for k, n in
             zip(pl.street_kind.to_pylist(), names, strict=True)]

    def full(j: int) -> pa.Array:
        return sarr([f"{n} {kw[j]}" if a else f"{kw[j]} {n}"
                     for n, kw, a in zip(names, kinds, after, strict=True)])

    return [full(0), full(1), sarr([kw[2] for kw in kinds]), sarr([kw[3] for kw in kinds])]


def format_addresses(book: AddressBook, ids: np.ndarray, style: np.ndarray, pl: Places,
                     rng: np.random.Generator) -> pa.Array:
    """Addresses ``ids`` written in ``style`` (index into ``ADDRESS_STYLES``).

    Each style is assembled only for the rows written in it.
    """
    out = full(len(ids))
    words = _street_words(pl)
    city_lat_all = sarr([translit(c, sc) for sc in _ADDR_SCHEMES for c in pl.city.to_pylist()])
    street_lat_all = sarr([translit(x, sc) for sc in _ADDR_SCHEMES
                           for x in pl.street.to_pylist()])
    for st in np.unique(style):
        idx = np.flatnonzero(style == st)
        a = ids[idx]
        m = idx.size
        city_i, street_i = book.city[a], book.street[a]
        city, street = take(pl.city, city_i), take(pl.street, street_i)
        house = num(book.house[a])
        korpus, flat = book.korpus[a], book.flat[a]
        has_k, has_f = korpus > 0, flat > 0
        k_s, f_s = num(korpus), num(flat)
        code = book.postcode[a]
        post = pc.utf8_lpad(num(code // 10), 6, "0")
        post = where(code % 10 == 5, pc.utf8_slice_codeunits(post, 1, 6), post)

        def opt(mask: np.ndarray, *parts: pa.Array | str) -> pa.Array:
            return where(mask, cat(*parts), "")

        if st in (5, 6):  # Latin styles
            sc = rng.integers(0, len(_ADDR_SCHEMES), m)
            city_lat = take(city_lat_all, sc * len(pl.city) + city_i)
            street_lat = take(street_lat_all, sc * len(pl.street) + street_i)
            house_l = cat(house, take(_HOUSE_SUFFIX_LAT, book.suffix[a]))
            if st == 5:
                text = cat(city_lat, ", ", street_lat, " ", take(words[3], street_i), " ",
                           house_l, opt(has_f, "-", f_s))
            else:
                city_en = where(rng.random(m) < 0.5, take(pl.city_en, city_i), city_lat)
                text = cat(take(words[2], street_i), " ", street_lat, " ", house_l,
                           opt(has_k, " bld ", k_s), opt(has_f, ", kv. ", f_s), ", ", city_en,
                           ", ", post)
        else:
            house_c = cat(house, take(_HOUSE_SUFFIX, book.suffix[a]))
            kf = take(words[0], street_i)
            if st in (0, 1):
                text = cat(take(_COUNTRY_RU, pl.city_country[city_i]), "г. ", city, ", ", kf,
                           ", д. ", house_c, opt(has_k, ", корп. ", k_s),
                           opt(has_f, ", кв. ", f_s))
                if st == 1:
                    text = cat(post, ", ", text)
            elif st == 2:
                region = take(pl.region, city_i)
                text = cat(post, ", ", where(empty(region), "", cat(region, ", ")), "г ", city,
                           ", ", take(words[1], street_i), ", д ", house_c,
                           opt(has_k, ", к ", k_s), opt(has_f, ", кв ", f_s))
            elif st == 3:
                text = cat(city, ", ", street, " ", house_c, opt(has_k, "к", k_s),
                           opt(has_f, "-", f_s))
            elif st == 4:
                text = lower(cat(city, " ", street, " ", house_c, opt(has_k, " к", k_s),
                                 opt(has_f, " ", f_s)))
            else:
                text = cat(kf, ", д.", house_c, opt(has_f, ", кв.", f_s), ", ",
                           city)
        out = scatter(out, idx, text)
    return out


def _emails(p: People, t: Tables, nick: pa.Array, rng: np.random.Generator, k: Knobs
            ) -> tuple[EmailBook, np.ndarray, np.ndarray]:
    pl = t.places
    g, s = person_latin(p, t, rng)
    year = (1970 + p.birth // 365.25).astype(np.int64)
    yy, yyyy = digits(year % 100, 2), num(year)
    gi = pc.utf8_slice_codeunits(g, 0, 1)
    pat = choose(rng, p.n, [14, 8, 12, 10, 8, 6, 10, 5, 6, 4])
    rnd = num(rng.integers(1, 9999, p.n))
    forms = (cat(g, ".", s), cat(s, ".", g), cat(gi, ".", s), cat(s, yy), cat(g, s),
             cat(g, "_", s, yy), lower(nick), cat(s, "_", gi), cat(g, rnd),
             cat(s, ".", g, yyyy))
    local = select([pat == i for i in range(len(forms))], forms)
    dom = np.zeros(p.n, dtype=np.int64)
    for c in range(pl.domain_weight.shape[1]):
        sel = np.flatnonzero(p.culture == c)
        if sel.size:
            dom[sel] = choose(rng, sel.size, pl.domain_weight[:, c])
    age = p.age
    has = (age >= 14) & (rng.random(p.n) < np.where(age >= 70, 0.45, 0.92))
    # family mailboxes, named after the household's first member's surname
    first = np.concatenate([[0], np.flatnonzero(np.diff(p.household)) + 1])
    size = np.diff(np.concatenate([first, [p.n]]))
    fam = np.flatnonzero((size >= 2) & (rng.random(len(first)) < k.family_email_rate))
    fs = take(s, first[fam])
    plural = np.asarray(pc.match_substring_regex(fs, "(ov|ev|in)$")
                        .to_numpy(zero_copy_only=False), dtype=bool)
    fpat = rng.integers(0, 5, fam.size)
    fyear = num(rng.integers(1985, 2016, fam.size))
    flocal = select(
        [(fpat == 0) & plural, fpat == 2, fpat == 3, fpat == 4],
        [cat(fs, "y"), cat("semya.", fs), cat(fs, fyear), cat(fs, "_home")],
        cat(fs, ".family"),
    ) if fam.size else sarr([])
    fdom = choose(rng, fam.size, pl.domain_weight[:, 0])
    local_all = pa.concat_arrays([local, flocal])
    local_all = where(empty(local_all), "user", local_all)
    dom_all = np.concatenate([dom, fdom])
    for _ in range(20):  # one mailbox per address: add digits to accidental duplicates
        key = cat(local_all, "@", num(dom_all))
        dup = np.flatnonzero(pd.Series(to_pandas(key)).duplicated().to_numpy())
        if not dup.size:
            break
        extra = num(rng.integers(1, 99, dup.size))
        local_all = scatter(local_all, dup, cat(take(local_all, dup), extra))
    email = np.where(has, np.arange(p.n), -1)
    family = np.full(p.n_households, -1, dtype=np.int64)
    family[p.household[first[fam]]] = p.n + np.arange(fam.size)
    return EmailBook(local_all, dom_all), email, family


_TAGS = sarr(["shop", "bank", "promo", "news", "crm", "2020"])


def email_strings(book: EmailBook, ids: np.ndarray, pl: Places) -> pa.Array:
    """Mailboxes ``ids`` as plain ``local@domain``."""
    return cat(take(book.local, ids), "@", take(pl.domain, book.domain[ids]))


def format_emails(book: EmailBook, ids: np.ndarray, pl: Places, k: Knobs,
                  rng: np.random.Generator) -> pa.Array:
    """E-mail addresses ``ids`` as a record writes them, with same-mailbox variants."""
    n = len(ids)
    dom = book.domain[ids].copy()
    var = rng.random(n) < k.email_variant_rate
    kind = rng.integers(0, 4, n)
    alias = np.flatnonzero(var & (kind == 2) & (pl.domain_alias[dom] >= 0))
    if alias.size:
        group = pl.domain_alias[dom[alias]]
        for gi in np.unique(group):
            members = np.flatnonzero(pl.domain_alias == gi)
            sel = alias[group == gi]
            dom[sel] = members[rng.integers(0, members.size, sel.size)]
    local = take(book.local, ids)

    def dots(sub: np.ndarray) -> np.ndarray:
        length = np.strings.str_len(sub)
        at = 1 + (rng.random(len(sub)) * np.maximum(length - 1, 1)).astype(np.int64)
        dotted = np.strings.add(np.strings.add(np.strings.slice(sub, 0, at), "."),
                                np.strings.slice(sub, at, None))
        return np.where(np.strings.find(sub, ".") >= 0, np.strings.replace(sub, ".", ""),
                        dotted)

    local = on_subset(local, var & (kind == 0) & pl.domain_dots[dom], dots)
    tag = var & (kind == 1) & (pl.domain_alias[dom] >= 0)
    local = where(tag, cat(local, "+", take(_TAGS, rng.integers(0, 6, n))), local)
    out = cat(local, "@", take(pl.domain, dom))
    up = var & (kind == 3)
    out = where(up & (rng.random(n) < 0.5), upper(out),
                where(up, pc.utf8_capitalize(out), out))
    return keyboard_typos(out, rng, k.typo_rate * 0.5)


def make_contacts(p: People, t: Tables, k: Knobs, rng: np.random.Generator) -> Contacts:
    """Draw every phone, mailbox and dwelling of the generated people."""
    pl = t.places
    h = p.n_households
    addresses, address, old_address, moved_on = _addresses(p, pl, k, rng)
    country = p.hh_country[p.household].copy()
    ua_abroad = (p.culture == 1) & (country == 0) & (rng.random(p.n) < 0.25)
    country[ua_abroad] = 1
    mobiles = _mobiles(country, pl, rng)
    changed = np.flatnonzero(rng.random(p.n) < k.move_rate)
    old_mob = _mobiles(country[changed], pl, rng)
    elders = np.zeros(h, dtype=bool)
    elders[p.household[(p.role == ELDER_M) | (p.role == ELDER_F)]] = True
    has_line = rng.random(h) < np.minimum(1.0, k.landline_rate * np.where(elders, 2.0, 1.0))
    lines = np.flatnonzero(has_line)
    land = _landlines(addresses.city[address[lines]], pl, rng)
    old_lines = lines[old_address[lines] >= 0]
    old_land = _landlines(addresses.city[old_address[old_lines]], pl, rng)
    book = _dedupe_subs(_concat(mobiles, old_mob, land, old_land), rng)
    n_mob, n_old, n_land = p.n, changed.size, lines.size
    old_mobile = np.full(p.n, -1, dtype=np.int64)
    old_mobile[changed] = n_mob + np.arange(n_old)
    changed_on = np.full(p.n, NEVER, dtype=np.int64)
    changed_on[changed] = rng.integers(WINDOW_START + 200, WINDOW_END - 200, n_old)
    landline = np.full(h, -1, dtype=np.int64)
    landline[lines] = n_mob + n_old + np.arange(n_land)
    old_landline = np.full(h, -1, dtype=np.int64)
    old_landline[old_lines] = n_mob + n_old + n_land + np.arange(old_lines.size)
    # couples where one spouse gives the other's mobile
    couple_hh = rng.random(h) < k.shared_phone_rate
    head = (p.role == HEAD_M) | (p.role == HEAD_F)
    borrower_is_f = rng.random(h) < 0.6
    shares = head & (p.spouse >= 0) & couple_hh[p.household]
    shares &= (p.role == HEAD_F) == borrower_is_f[p.household]
    nick = nicknames(p, t, rng)
    emails, email, family_email = _emails(p, t, nick, rng, k)
    return Contacts(
        phones=book, mobile=np.arange(p.n), old_mobile=old_mobile, mobile_changed_on=changed_on,
        shares_phone=shares, landline=landline, old_landline=old_landline,
        addresses=addresses, address=address, old_address=old_address, moved_on=moved_on,
        emails=emails, email=email, family_email=family_email, nickname=nick,
    )


def address_noise(values: pa.Array, k: Knobs, rng: np.random.Generator) -> pa.Array:
    """Keyboard slips and stray spaces in written addresses."""
    return whitespace_noise(keyboard_typos(values, rng, k.typo_rate), rng, k.whitespace_rate)
