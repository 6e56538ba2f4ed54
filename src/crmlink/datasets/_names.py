"""How each record writes its person's name: script, form, layout, case and misspellings.

Names travel as vocabulary ids; transliteration, case, diminutives and phonetic
misspellings are computed once per distinct (name, option) pair, then strings are
assembled with vectorised concatenation.

>>> from crmlink.datasets._knobs import make_knobs
>>> from crmlink.datasets._people import make_people
>>> from crmlink.datasets._tables import tables
>>> t = tables(); rng = np.random.default_rng(0)
>>> p = make_people(20, make_knobs(), t, rng)
>>> len(nicknames(p, t, rng)) == 20
True
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import pyarrow as pa

from ._knobs import Knobs
from ._noise import keyboard_typos, phonetic_variant, whitespace_noise
from ._people import People
from ._sources import (
    BOTH,
    BRANCH,
    CALL,
    FULL_GF,
    FULL_SF,
    GIVEN_ONLY,
    INITIALS,
    LOWER,
    PROFILES,
    SPLIT,
    SURNAME_CODE,
    UPPER,
    WEB,
    column,
    draw_by_source,
)
from ._strings import (
    Vocab,
    cat,
    choose,
    digits,
    lower,
    map_distinct,
    num,
    pick_from_groups,
    select,
    take,
    upper,
    where,
)
from ._tables import CULTURE_INDEX, WEST, Tables
from ._translit import RUSSIAN_SCHEMES, SCHEMES, translit

_SCHEME_NAMES: tuple[str, ...] = tuple(SCHEMES)
_UA_PARAM = (_SCHEME_NAMES.index("ua_national"), _SCHEME_NAMES.index("ua_cyrtranslit"))
_PRIMARY = np.array([_SCHEME_NAMES.index(p.scheme) for p in PROFILES])


@dataclass(frozen=True)
class NameColumns:
    """Name columns of the records ("" where the source left the field empty)."""

    full_name: pa.Array
    first_name: pa.Array
    middle_name: pa.Array
    last_name: pa.Array


def _translit_ids(vocab: Vocab, ids: np.ndarray, params: np.ndarray) -> np.ndarray:
    def f(i: int, s: int) -> int:
        return vocab.add(translit(vocab[i], _SCHEME_NAMES[s]))

    return map_distinct(ids, params, f)


def _case_ids(vocab: Vocab, ids: np.ndarray, case: np.ndarray) -> np.ndarray:
    def f(i: int, c: int) -> int:
        text = vocab[i]
        return vocab.add(text.upper() if c == UPPER else text.lower() if c == LOWER else text)

    return map_distinct(ids, case, f)


def _initial_ids(vocab: Vocab, ids: np.ndarray) -> np.ndarray:
    return map_distinct(ids, 0, lambda i, _: vocab.add(vocab[i][:1].upper() + "."))


def _apply(
    mask: np.ndarray, ids: np.ndarray, fn: Callable[..., np.ndarray], *args: np.ndarray
) -> np.ndarray:
    """Run ``fn(ids[mask], *args[mask])`` and write the result back into a copy of ids."""
    out = ids.copy()
    idx = np.flatnonzero(mask & (ids >= 0))
    if idx.size:
        out[idx] = fn(ids[idx], *(a[idx] for a in args))
    return out


def person_latin(
    p: People, t: Tables, rng: np.random.Generator, *, informal: float = 0.25
) -> tuple[pa.Array, pa.Array]:
    """Lower-case Latin given name and surname per person (for e-mail addresses).

    >>> from crmlink.datasets._knobs import make_knobs
    >>> from crmlink.datasets._people import make_people
    >>> from crmlink.datasets._tables import tables
    >>> t = tables(); rng = np.random.default_rng(0)
    >>> g, s = person_latin(make_people(5, make_knobs(), t, rng), t, rng)
    >>> all(x.isascii() for x in g.to_pylist())
    True
    """
    vocab = t.vocab
    g = t.given
    west = p.culture == WEST
    given = np.where(west, g.native[p.given], g.name[p.given])
    short = pick_from_groups(rng, g.short_off, g.short_cnt, p.given)
    use_short = (short >= 0) & (rng.random(p.n) < informal)
    given = np.where(use_short, g.short_ids[np.maximum(short, 0)], given)
    sur = np.where(p.female, t.surnames.fem[p.surname], t.surnames.masc[p.surname])
    nsur = np.where(p.female, t.surnames.native_f[p.surname], t.surnames.native_m[p.surname])
    sur = np.where(west & (nsur >= 0), nsur, sur)
    pool = np.array([_SCHEME_NAMES.index(s) for s in
                     ("informal_en", "icao", "mvd_310", "telegram", "simple_en", "wikipedia")])
    scheme = pool[choose(rng, p.n, [4, 2, 2, 1, 2, 1])]

    def ascii_lower(i: int, s: int) -> int:
        text = translit(vocab[i], _SCHEME_NAMES[s]).lower().replace("ë", "e")
        return vocab.add("".join(ch for ch in text if ch.isascii() and (ch.isalnum() or ch == "-")))

    gl = vocab.strings(map_distinct(given, scheme, ascii_lower))
    sl = vocab.strings(map_distinct(sur, scheme, ascii_lower))
    return gl, sl


def nicknames(p: People, t: Tables, rng: np.random.Generator) -> pa.Array:
    """A username-like nickname per person ("Pupsik78", "kotik_91", "TIGR").

    >>> from crmlink.datasets._knobs import make_knobs
    >>> from crmlink.datasets._people import make_people
    >>> from crmlink.datasets._tables import tables
    >>> t = tables(); rng = np.random.default_rng(3)
    >>> nick = nicknames(make_people(5, make_knobs(), t, rng), t, rng)
    >>> all(x.isascii() for x in nick.to_pylist())
    True
    """
    pl = t.places
    stem = np.empty(p.n, dtype=np.int64)
    for fem in (False, True):
        sel = np.flatnonzero(p.female == fem)
        rows = np.flatnonzero(pl.nick_gender != (0 if fem else 1))
        stem[sel] = rows[rng.integers(0, len(rows), sel.size)]
    text = take(pl.nick, stem)
    year = (1970 + p.birth // 365.25).astype(np.int64)
    kind = choose(rng, p.n, [0.4, 0.25, 0.15, 0.1, 0.1])
    yy = digits(year % 100, 2)
    suffix = select([kind == 0, kind == 1, kind == 2, kind == 4],
                    [yy, num(rng.integers(1, 999, p.n)), cat("_", yy), num(year)], "")
    out = cat(text, suffix)
    case = choose(rng, p.n, [0.6, 0.35, 0.05])
    out = where(case == 1, lower(out), out)
    return where(case == 2, upper(out), out)


def render_names(
    p: People, t: Tables, person: np.ndarray, source: np.ndarray, day: np.ndarray,
    nick: pa.Array, k: Knobs, rng: np.random.Generator, seed: int,
) -> NameColumns:
    """Name columns for records of ``person`` from ``source`` written on ``day``.

    See the module docstring for the approach; ``nick`` is :func:`nicknames` output.
    """
    n = len(person)
    vocab, g, s = t.vocab, t.given, t.surnames
    row = p.given[person]
    fem = p.female[person]
    cult = p.culture[person]
    west = cult == WEST
    ua = cult == CULTURE_INDEX["ua"]

    lat_p = column("latin")[source]
    lat_p = np.where(west, np.select([source == CALL, source == BRANCH], [0.2, 0.4],
                                     np.maximum(lat_p, 0.6)), lat_p)
    latin = rng.random(n) < lat_p
    informal = rng.random(n) < np.clip(column("informal")[source] * k.nickname_rate, 0, 1)
    username = rng.random(n) < column("username")[source] * k.nickname_rate
    native = ua & (rng.random(n) < np.where(latin, 0.6, 0.3))

    # given name: full form, Ukrainian or Western own spelling, or an informal form
    base = np.where(native & (g.native[row] >= 0), g.native[row], g.name[row])
    base = np.where(west & latin, g.native[row], base)
    short = pick_from_groups(rng, g.short_off, g.short_cnt, row)
    short_id = np.where(short >= 0, g.short_ids[np.maximum(short, 0)], -1)
    wst = pick_from_groups(rng, g.west_off, g.west_cnt, row)
    west_id = np.where(wst >= 0, g.west_ids[np.maximum(wst, 0)], -1)
    prefer_west = (west_id >= 0) & (west | (rng.random(n) < 0.4) | (short_id < 0))
    inf = np.where(latin, np.where(prefer_west, west_id, short_id), short_id)
    given = np.where(informal & (inf >= 0), inf, base)

    # patronymic from the father's given name
    pf = p.patr_from[person]
    pfs = np.maximum(pf, 0)
    patr = np.where(fem, g.patr_f[pfs], g.patr_m[pfs])
    npatr = np.where(fem, g.npatr_f[pfs], g.npatr_m[pfs])
    turk = np.where(fem, g.turkic_f[pfs], g.turkic_m[pfs])
    patr = np.where(native & (npatr >= 0), npatr, patr)
    patr = np.where(p.turkic[person] & (turk >= 0), turk, patr)
    patr = np.where(pf >= 0, patr, -1)

    # surname: the maiden name on records from before the wedding
    srow = np.where(day < p.married_on[person], p.maiden[person], p.surname[person])
    sur = np.where(fem, s.fem[srow], s.masc[srow])
    nsur = np.where(fem, s.native_f[srow], s.native_m[srow])
    sur = np.where((native | (west & latin)) & (nsur >= 0), nsur, sur)

    # Latin script: one scheme per record, the source's usual one or (translit_mix) any
    mixed = rng.random(n) < k.translit_mix
    scheme = np.where(mixed, rng.integers(0, len(RUSSIAN_SCHEMES), n), _PRIMARY[source])
    scheme = np.where(native, np.where(rng.random(n) < 0.7, *_UA_PARAM), scheme)
    def tr(i: np.ndarray, sc: np.ndarray) -> np.ndarray:
        return _translit_ids(vocab, i, sc)

    given, patr, sur = (_apply(latin, x, tr, scheme) for x in (given, patr, sur))

    # misspelt by ear in the call centre (patronymics also in their spoken short forms)
    def ph(i: np.ndarray, v: np.ndarray) -> np.ndarray:
        return map_distinct(i, v, lambda a, b: vocab.add(phonetic_variant(vocab[a], b, seed=seed)))

    def ph_patr(i: np.ndarray, v: np.ndarray) -> np.ndarray:
        return map_distinct(i, v, lambda a, b: vocab.add(
            phonetic_variant(vocab[a], b, seed=seed, patronymic=True)))

    cyr_call = (source == CALL) & ~latin
    variant = rng.integers(0, 4, n)
    sur = _apply(cyr_call & (rng.random(n) < k.phonetic_rate), sur, ph, variant)
    given = _apply(cyr_call & (rng.random(n) < k.phonetic_rate * 0.5), given, ph, variant)
    patr = _apply(cyr_call & (rng.random(n) < k.phonetic_rate * 0.7), patr, ph_patr, variant)

    # most people type е for ё
    yo = ~latin & (rng.random(n) < 0.7)

    def no_yo(i: np.ndarray) -> np.ndarray:
        return map_distinct(i, 0, lambda a, _: vocab.add(vocab[a].replace("ё", "е")
                                                             .replace("Ё", "Е")))

    given, patr, sur = (_apply(yo, x, no_yo) for x in (given, patr, sur))

    case = draw_by_source(rng, source, "cases")
    recase = case != 0

    def cased(i: np.ndarray, c: np.ndarray) -> np.ndarray:
        return _case_ids(vocab, i, c)

    given, patr, sur = (_apply(recase, x, cased, case) for x in (given, patr, sur))
    return _compose(vocab, given, patr, sur, source, username, take(nick, person), k, rng)


def _compose(
    vocab: Vocab, given: np.ndarray, patr: np.ndarray, sur: np.ndarray, source: np.ndarray,
    username: np.ndarray, nick: pa.Array, k: Knobs, rng: np.random.Generator,
) -> NameColumns:
    n = len(given)
    layout = draw_by_source(rng, source, "layouts")
    show_patr = (rng.random(n) < column("patronymic")[source]) & (patr >= 0)
    show_patr &= layout != GIVEN_ONLY
    patr = np.where(show_patr, patr, -1)
    G, P, L = vocab.strings(given), vocab.strings(patr), vocab.strings(sur)
    sp_p = where(show_patr, cat(" ", P), "")
    split = (layout == SPLIT) | (layout == BOTH)
    ini = layout == INITIALS
    gi = vocab.strings(_initial_ids(vocab, np.where(ini, given, -1)))
    pi = vocab.strings(_initial_ids(vocab, np.where(ini, patr, -1)))
    style = rng.integers(0, 3, n)
    compact = cat(gi, pi)
    spaced = where(show_patr, cat(gi, " ", pi), gi)
    initials = select([style == 0, style == 1], [cat(L, " ", compact), cat(L, " ", spaced)],
                      cat(compact, " ", L))
    code = cat(L, " ", digits(rng.integers(0, 10000, n), 4))
    # username-like nicknames instead of a name
    nick_first = username & (source == WEB) & (rng.random(n) < 0.7)
    nick_full = username & ~nick_first
    full = select(
        [nick_full, username, (layout == FULL_SF) | (layout == BOTH), layout == FULL_GF, ini,
         layout == SURNAME_CODE],
        [nick, "", cat(L, " ", G, sp_p), cat(G, sp_p, " ", L), initials, code], "")
    first = select([nick_first, username, split | (layout == GIVEN_ONLY)], [nick, "", G], "")
    middle = where(split & ~username, P, "")
    last = where(split & ~username, L, "")
    cols = []
    for arr in (full, first, middle, last):
        arr = keyboard_typos(arr, rng, k.typo_rate)
        cols.append(whitespace_noise(arr, rng, k.whitespace_rate))
    return NameColumns(*cols)
