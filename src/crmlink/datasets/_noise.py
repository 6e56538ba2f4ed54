"""Noise that people and systems add to CRM values.

Keyboard slips and spacing are vectorised over whole arrays; phonetic misspellings,
wrong-layout typing and mojibake run once per distinct value.

>>> phonetic_variant("Иванов", 0, seed=1) != "Иванов"
True
>>> mojibake("Иван", 2)
'Èâàí'
"""

from __future__ import annotations

import random
import re
from collections.abc import Callable

import numpy as np
import pyarrow as pa

from ._strings import S, empty, on_subset

_LETTER_ROWS = (
    ("qwertyuiop", "asdfghjkl", "zxcvbnm"),
    ("йцукенгшщзхъ", "фывапролджэ", "ячсмитьбю"),
    ("1234567890",),
)


def _neighbour_map() -> dict[str, str]:
    out: dict[str, str] = {}
    for rows in _LETTER_ROWS:
        for r, row in enumerate(rows):
            for c, ch in enumerate(row):
                near = []
                for rr, cc in ((r, c - 1), (r, c + 1), (r - 1, c), (r - 1, c + 1),
                               (r + 1, c - 1), (r + 1, c)):
                    if 0 <= rr < len(rows) and 0 <= cc < len(rows[rr]):
                        near.append(rows[rr][cc])
                out[ch] = "".join(near)
                if ch.isalpha():
                    out[ch.upper()] = "".join(near).upper()
    return out


NEIGHBOURS: dict[str, str] = _neighbour_map()
"""Neighbouring keys on the QWERTY and ЙЦУКЕН layouts (and the digit row)."""

_RU_KEYS = "йцукенгшщзхъфывапролджэячсмитьбюё"
_EN_KEYS = "qwertyuiop[]asdfghjkl;'zxcvbnm,.`"
_TO_EN = str.maketrans(_RU_KEYS + _RU_KEYS.upper(), _EN_KEYS + _EN_KEYS.upper())
_TO_RU = str.maketrans(_EN_KEYS[:-1] + _EN_KEYS[:-1].upper(), _RU_KEYS[:-1] + _RU_KEYS[:-1].upper())


def wrong_layout(text: str) -> str:
    """``text`` as typed with the other keyboard layout switched on.

    >>> wrong_layout("Иванов"), wrong_layout("Ivanov")
    ('Bdfyjd', 'Шмфтщм')
    """
    if re.search("[а-яёА-ЯЁ]", text):
        return text.translate(_TO_EN)
    return text.translate(_TO_RU)


def _map_np(values: np.ndarray, func: Callable[[str], str]) -> np.ndarray:
    uniq, inv = np.unique(values, return_inverse=True)
    return np.asarray([func(str(u)) for u in uniq], dtype=S)[inv]


def _slip(sub: np.ndarray, rng: np.random.Generator, layout_share: float) -> np.ndarray:
    """One keyboard slip in every value of ``sub`` that has at least three characters."""
    length = np.strings.str_len(sub)
    m = len(sub)
    pos = (rng.random(m) * length).astype(np.int64)
    kind = np.searchsorted(np.cumsum([0.45, 0.2, 0.15, 0.2]), rng.random(m) * 0.999999, "right")
    ch = np.strings.slice(sub, pos, pos + 1)
    near = _map_np(ch, lambda c: NEIGHBOURS.get(c, ""))
    n_near = np.strings.str_len(near)
    k = (rng.random(m) * np.maximum(n_near, 1)).astype(np.int64)
    repl = np.strings.slice(near, k, k + 1)
    head = np.strings.slice(sub, 0, pos)
    tail = np.strings.slice(sub, pos + 1, None)
    nxt = np.strings.slice(sub, pos + 1, pos + 2)

    def join(*parts: np.ndarray) -> np.ndarray:
        out = parts[0]
        for x in parts[1:]:
            out = np.strings.add(out, x)
        return out

    res = np.where(n_near > 0, join(head, repl, tail), sub)
    res = np.where(kind == 1, join(head, tail), res)
    res = np.where(kind == 2, join(head, ch, ch, tail), res)
    swap = (kind == 3) & (pos + 1 < length)
    res = np.where(swap, join(head, nxt, ch, np.strings.slice(sub, pos + 2, None)), res)
    layout = rng.random(m) < layout_share
    if layout.any():
        res[layout] = _map_np(sub[layout], wrong_layout)
    return np.where(length >= 3, res, sub).astype(S)


def keyboard_typos(
    values: pa.Array, rng: np.random.Generator, rate: float, *, layout_share: float = 0.04
) -> pa.Array:
    """Introduce one keyboard slip into about ``rate`` of ``values``.

    Slips: a neighbouring key instead of the right one, a dropped letter, a doubled
    letter, two letters swapped; ``layout_share`` of slips are a whole value typed with
    the wrong layout.

    >>> from crmlink.datasets._strings import sarr
    >>> out = keyboard_typos(sarr(["Иванов"] * 50), np.random.default_rng(1), 1.0)
    >>> sum(x != "Иванов" for x in out.to_pylist()) > 40
    True
    """
    if rate <= 0:
        return values
    hit = rng.random(len(values)) < rate
    return on_subset(values, hit, lambda sub: _slip(sub, rng, layout_share))


def whitespace_noise(values: pa.Array, rng: np.random.Generator, rate: float) -> pa.Array:
    """Double an inner space, or pad with a leading or trailing space, in ``rate`` of values.

    >>> from crmlink.datasets._strings import sarr
    >>> whitespace_noise(sarr(["a b"]), np.random.default_rng(0), 0.0).to_pylist()
    ['a b']
    """
    if rate <= 0:
        return values
    hit = (rng.random(len(values)) < rate) & ~empty(values)

    def pad(sub: np.ndarray) -> np.ndarray:
        kind = rng.integers(0, 3, len(sub))
        res = np.where(kind == 0, np.strings.replace(sub, " ", "  ", 1), sub)
        res = np.where(kind == 1, np.strings.add(" ", sub), res)
        return np.where(kind == 2, np.strings.add(sub, " "), res).astype(S)

    return on_subset(values, hit, pad)


_VOWELS = "аеёиоуыэюя"
_PHONETIC: tuple[tuple[str, str], ...] = (
    ("в$", "ф"), ("д$", "т"), ("б$", "п"), ("г$", "к"), ("з$", "с"), ("ж$", "ш"),
    (f"(?<=.)о(?=.*[{_VOWELS}])", "а"), (f"(?<=.)о(?=.*[{_VOWELS}])", "а"),
    ("(?<=.)е(?=.)", "и"), ("(?<=.)я(?=.)", "е"),
    ("нн", "н"), ("лл", "л"), ("сс", "с"), ("тт", "т"), ("мм", "м"), ("пп", "п"), ("фф", "ф"),
    ("ё", "о"), ("^э", "е"), ("щ", "ш"), ("(?<=[жшц])ы", "и"), ("(?<=[жшц])и", "ы"),
    ("ь(?=[еияюё])", ""), ("тс", "ц"), ("дс", "ц"), ("стн", "сн"), ("здн", "зн"),
    ("вств", "ств"), ("лнц", "нц"), ("ий$", "и"),
)
_SPOKEN_PATRONYMIC: tuple[tuple[str, str], ...] = (
    ("еевич$", "еич"), ("ьевич$", "ьич"), ("ович$", "ыч"), ("аевна$", "авна"),
    ("еевна$", "евна"),
)
_PHONETIC_RE = tuple((re.compile(p), r) for p, r in _PHONETIC)
_PATRONYMIC_RE = _PHONETIC_RE + tuple((re.compile(p), r) for p, r in _SPOKEN_PATRONYMIC)


def phonetic_variant(text: str, variant: int, *, seed: int, patronymic: bool = False) -> str:
    """``text`` misspelt by ear, as a call-centre operator types a name heard on the phone.

    ``variant`` picks one of several plausible misspellings (deterministic per seed);
    ``patronymic`` adds the spoken contractions (Алексеич, Михайлыч).

    >>> phonetic_variant("Алексеевич", 3, seed=0, patronymic=True) != "Алексеевич"
    True
    """
    low = text.lower()
    rules = _PATRONYMIC_RE if patronymic else _PHONETIC_RE
    applicable = [(p, r) for p, r in rules if p.search(low)]
    if not applicable:
        return text
    rnd = random.Random(f"{seed}|{text}|{variant}")
    steps = 1 if rnd.random() < 0.7 else 2
    for _ in range(steps):
        pattern, repl = applicable[rnd.randrange(len(applicable))]
        spots = list(pattern.finditer(low))
        if not spots:
            continue
        m = spots[rnd.randrange(len(spots))]
        low = low[: m.start()] + repl + low[m.end():]
    if text.isupper() and len(text) > 1:
        return low.upper()
    if text[:1].isupper():
        return low[:1].upper() + low[1:]
    return low


_CODECS = (("utf-8", "cp1251"), ("utf-8", "latin-1"), ("cp1251", "latin-1"))


def mojibake(text: str, kind: int) -> str:
    """``text`` after a wrong decode: UTF-8 read as cp1251 or latin-1, or cp1251 read as
    latin-1 (values without non-ASCII letters come back unchanged).

    >>> mojibake("Иван", 2)
    'Èâàí'
    """
    if text.isascii():
        return text
    enc, dec = _CODECS[kind % len(_CODECS)]
    try:
        return text.encode(enc).decode(dec, errors="replace")
    except UnicodeEncodeError:
        return text.encode("utf-8").decode("cp1251", errors="replace")
