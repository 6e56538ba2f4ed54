"""Noise and structure knobs of the synthetic CRM generator, with validation.

>>> make_knobs(typo_rate=0.1).typo_rate
0.1
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field, fields
from types import MappingProxyType
from typing import Any

from ..errors import InputError

HOUSEHOLD_KINDS: tuple[str, ...] = ("single", "couple", "family", "multigen")
NON_WESTERN_CULTURES: tuple[str, ...] = ("ru", "ua", "by", "kz", "tt")


def _default_household_mix() -> Mapping[str, float]:
    return MappingProxyType({"single": 0.38, "couple": 0.24, "family": 0.28, "multigen": 0.10})


def _default_culture_mix() -> Mapping[str, float]:
    return MappingProxyType({"ru": 0.80, "ua": 0.07, "by": 0.03, "kz": 0.04, "tt": 0.06})


@dataclass(frozen=True)
class Knobs:
    """Every knob of :func:`crmlink.datasets.synthetic_crm` with its default.

    Rates are probabilities in [0, 1] unless said otherwise.
    """

    records_per_person: float = 2.5
    """Mean number of records per person; each person has 1 to 6 (range [1, 6])."""
    household_mix: Mapping[str, float] = field(default_factory=_default_household_mix)
    """Relative weights of household kinds: single, couple, family (parents with
    children), multigen (elderly parents living with an adult child's family)."""
    culture_mix: Mapping[str, float] = field(default_factory=_default_culture_mix)
    """Relative weights of non-Western name cultures: ru, ua, by, kz, tt."""
    western_share: float = 0.03
    """Share of households with Western names (John Smith, Hans Mueller)."""
    typo_rate: float = 0.05
    """Per name, e-mail and address value: chance of a keyboard slip (neighbouring key
    on ЙЦУКЕН or QWERTY, dropped, doubled or swapped letter; rarely the wrong layout)."""
    phonetic_rate: float = 0.35
    """Per call-centre name: chance it is spelt by ear (Иваноф, Калесников, Алексеич)."""
    mojibake_rate: float = 0.005
    """Per record: chance its Cyrillic text was decoded with the wrong code page."""
    translit_mix: float = 0.5
    """Chance a Latin spelling uses a random transliteration scheme instead of the
    source's usual one (0 = one scheme per source, 1 = any scheme anywhere)."""
    nickname_rate: float = 0.3
    """Scales how often informal names appear: diminutives (Саша), Western equivalents
    (Alexander) and, on web and app, username-like nicknames (Pupsik78)."""
    date_swap_rate: float = 0.03
    """Per birth date: chance day and month were swapped on entry (when both <= 12)."""
    partial_date_rate: float = 0.05
    """Per birth date: chance only the year was captured (loyalty cards four times more)."""
    missing_rate: float = 0.05
    """Extra chance that any optional value is blank, on top of each source's habits."""
    whitespace_rate: float = 0.03
    """Per name and address: chance of doubled, leading or trailing spaces."""
    email_variant_rate: float = 0.15
    """Per e-mail: chance of a same-mailbox variant (gmail dots and +tags, ya.ru for
    yandex.ru, upper case)."""
    move_rate: float = 0.12
    """Share of households that moved (older records keep the old address and landline)
    and of persons who changed mobile number (older records keep the old number)."""
    namesake_rate: float = 0.03
    """Share of households given a very common surname and head name (Иванов Александр)."""
    twin_rate: float = 0.05
    """Share of households with two or more children whose first two are twins."""
    father_son_rate: float = 0.1
    """Chance a son is named after his father (Юрий Юрьевич beside Юрий Алексеевич)."""
    neighbour_rate: float = 0.15
    """Share of households living in a building shared with another household."""
    shared_phone_rate: float = 0.25
    """Share of couples where one spouse gives the other's mobile number."""
    family_email_rate: float = 0.15
    """Share of multi-person households with a family e-mail used by several members."""
    landline_rate: float = 0.3
    """Share of households with a landline (elderly households twice as often)."""
    maiden_name_rate: float = 0.5
    """Share of married women whose records before the wedding carry the maiden name."""
    consent_conflict_rate: float = 0.15
    """Per person and channel: chance the consent flips at some date (opt-in on older
    records, opt-out on newer, or the reverse)."""
    product_rate: float = 1.0
    """Multiplier on base product ownership rates (range (0, 3])."""


_RATES = {
    f.name
    for f in fields(Knobs)
    if f.name not in ("records_per_person", "household_mix", "culture_mix", "product_rate")
}

DEFAULT_KNOBS: Mapping[str, Any] = MappingProxyType(
    {f.name: getattr(Knobs(), f.name) for f in fields(Knobs)}
)
"""Read-only mapping of every knob name to its default value."""


def _number(name: str, value: Any) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise InputError(f"knob {name!r} must be a number, got {type(value).__name__}")
    v = float(value)
    if not math.isfinite(v):
        raise InputError(f"knob {name!r} must be finite")
    return v


def _mix(name: str, value: Any, allowed: tuple[str, ...]) -> Mapping[str, float]:
    if not isinstance(value, Mapping):
        raise InputError(f"knob {name!r} must be a mapping of {', '.join(allowed)} to weights")
    unknown = sorted(set(value) - set(allowed))
    if unknown:
        raise InputError(f"knob {name!r} has unknown keys {unknown}; allowed: {list(allowed)}")
    out = {k: _number(f"{name}[{k!r}]", value.get(k, 0.0)) for k in allowed}
    if any(v < 0 for v in out.values()) or sum(out.values()) <= 0:
        raise InputError(f"knob {name!r} needs non-negative weights with a positive sum")
    return MappingProxyType(out)


def make_knobs(**knobs: Any) -> Knobs:
    """Validated :class:`Knobs` from keyword arguments; raises ``InputError`` on bad ones.

    >>> make_knobs(records_per_person=7)
    Traceback (most recent call last):
    ...
    crmlink.errors.InputError: knob 'records_per_person' must be in [1, 6], got 7.0
    """
    names = {f.name for f in fields(Knobs)}
    unknown = sorted(set(knobs) - names)
    if unknown:
        raise InputError(f"unknown knob(s) {unknown}; known knobs: {sorted(names)}")
    clean: dict[str, Any] = {}
    for name, value in knobs.items():
        if name == "household_mix":
            clean[name] = _mix(name, value, HOUSEHOLD_KINDS)
        elif name == "culture_mix":
            clean[name] = _mix(name, value, NON_WESTERN_CULTURES)
        else:
            v = _number(name, value)
            if name == "records_per_person" and not 1.0 <= v <= 6.0:
                raise InputError(f"knob {name!r} must be in [1, 6], got {v}")
            if name == "product_rate" and not 0.0 < v <= 3.0:
                raise InputError(f"knob {name!r} must be in (0, 3], got {v}")
            if name in _RATES and not 0.0 <= v <= 1.0:
                raise InputError(f"knob {name!r} must be in [0, 1], got {v}")
            clean[name] = v
    return Knobs(**clean)
