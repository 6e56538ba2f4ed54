"""Transliteration schemes used to write Cyrillic names in Latin letters.

Formal schemes come from ``iuliia`` (passport, BGN/PCGN, scientific, Wikipedia...) and
``cyrtranslit`` (Ukrainian). Informal English, German and French spellings that people
type themselves ("Yuriy", "Yuri", "Juri", "Iouri", "Ivanoff") are this module's own.

>>> [translit("Юрий", s) for s in ("icao", "informal_en", "german", "french")]
['Iurii', 'Yuriy', 'Juri', 'Iouri']
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache

import cyrtranslit
import iuliia

_CYR = re.compile(r"[\u0400-\u04ff]")
_WORD = re.compile(r"[\u0400-\u04ff]+")
_V = "аеёиоуыэюяієї"


def has_cyrillic(text: str) -> bool:
    """Whether ``text`` contains a Cyrillic letter.

    >>> has_cyrillic("Ivanov"), has_cyrillic("Иванов")
    (False, True)
    """
    return bool(_CYR.search(text))


@dataclass(frozen=True)
class _Informal:
    """A small rule-based scheme: ordered regex rules, then a letter map."""

    rules: tuple[tuple[str, str], ...]
    chars: dict[str, str]

    def word(self, word: str) -> str:
        low = word.lower()
        for pattern, repl in self.rules:
            low = re.sub(pattern, repl, low)
        out = "".join(self.chars.get(c, c) for c in low)
        if len(word) > 1 and word.isupper():
            return out.upper()
        if word[:1].isupper():
            return out[:1].upper() + out[1:]
        return out

    def __call__(self, text: str) -> str:
        return _WORD.sub(lambda m: self.word(m.group(0)), text)


_BASE = dict(zip(
    "абвгдеёжзийклмнопрстуфхцчшщъыьэюя",
    ["a", "b", "v", "g", "d", "e", "yo", "zh", "z", "i", "y", "k", "l", "m", "n", "o", "p",
     "r", "s", "t", "u", "f", "kh", "ts", "ch", "sh", "shch", "", "y", "", "e", "yu", "ya"],
    strict=True,
))

_INFORMAL_EN = _Informal(
    rules=(("ий$", "iy"), ("ей$", "ey"), ("ь[яи]$", "ia"), ("ия$", "ia"), ("(?<=.)кс", "x")),
    chars=_BASE,
)
_SIMPLE_EN = _Informal(
    rules=(("ий$", "i"), ("ь[яи]$", "ia"), ("ия$", "ia"), ("щ", "sch")),
    chars={**_BASE, "х": "h", "й": "i", "ё": "e"},
)
_GERMAN = _Informal(
    rules=(
        ("ий$", "i"), ("ей$", "ej"), ("ия$", "ia"), ("ья$", "ja"), ("(?<=.)кс", "x"),
        ("^е", "je"), (f"(?<=[{_V}ь])е", "je"), (f"(?<=[{_V}])с(?=[{_V}])", "ss"),
    ),
    chars={**_BASE, "в": "w", "ж": "sch", "з": "s", "й": "j", "х": "ch", "ц": "z", "ч": "tsch",
           "ш": "sch", "щ": "schtsch", "ё": "jo", "ю": "ju", "я": "ja"},
)
_FRENCH = _Informal(
    rules=(
        ("ий$", "i"), ("ей$", "ei"), ("ия$", "ia"), ("ов$", "off"), ("ев$", "eff"),
        ("г(?=[еиэы])", "gu"), (f"(?<=[{_V}])с(?=[{_V}])", "ss"), ("кс", "x"),
    ),
    chars={**_BASE, "у": "ou", "ю": "iou", "я": "ia", "ж": "j", "ш": "ch", "ч": "tch",
           "щ": "chtch", "х": "kh", "й": "i", "ё": "io"},
)
_UA_NATIONAL = _Informal(
    rules=(("зг", "zgh"), ("^є", "ye"), ("^ї", "yi"), ("^й", "y"), ("^ю", "yu"), ("^я", "ya"),
           ("['’ʼ]", "")),
    chars={**_BASE, "г": "h", "ґ": "g", "и": "y", "і": "i", "ї": "i", "й": "i", "є": "ie",
           "ю": "iu", "я": "ia", "х": "kh"},
)


def _iuliia(schema: object) -> Callable[[str], str]:
    translate = schema.translate  # type: ignore[attr-defined]

    def run(text: str) -> str:
        out = str(translate(text)).replace("ё", "ë").replace("Ё", "Ë")
        if text[:1].isupper() and out[:1].islower():
            out = out[:1].upper() + out[1:]
        return out

    return run


def _cyrtranslit(lang: str) -> Callable[[str], str]:
    def run(text: str) -> str:
        out = cyrtranslit.to_latin(text, lang)
        # cyrtranslit upper-cases both letters of digraphs; keep only the first one capital
        return re.sub(r"\b([A-ZŠČŽ])([A-Z]+)\b", lambda m: m.group(0) if text.isupper()
                      else m.group(1) + m.group(2).lower(), out)

    return run


SCHEMES: dict[str, Callable[[str], str]] = {
    "icao": _iuliia(iuliia.ICAO_DOC_9303),
    "mvd_310": _iuliia(iuliia.MVD_310),
    "mvd_782": _iuliia(iuliia.MVD_782),
    "bgn_pcgn": _iuliia(iuliia.BGN_PCGN),
    "wikipedia": _iuliia(iuliia.WIKIPEDIA),
    "scientific": _iuliia(iuliia.SCIENTIFIC),
    "telegram": _iuliia(iuliia.TELEGRAM),
    "yandex_money": _iuliia(iuliia.YANDEX_MONEY),
    "mvd_310_fr": _iuliia(iuliia.MVD_310_FR),
    "informal_en": _INFORMAL_EN,
    "simple_en": _SIMPLE_EN,
    "german": _GERMAN,
    "french": _FRENCH,
    "ua_national": _UA_NATIONAL,
    "ua_cyrtranslit": _cyrtranslit("ua"),
}
"""Every scheme by name; the ``ua_*`` ones are for Ukrainian spellings."""

RUSSIAN_SCHEMES: tuple[str, ...] = tuple(s for s in SCHEMES if not s.startswith("ua_"))
SCHEME_INDEX = {s: i for i, s in enumerate(SCHEMES)}
_UA_FOR = ("ua_national", "ua_national", "ua_cyrtranslit")


@cache
def translit(text: str, scheme: str) -> str:
    """``text`` in Latin letters under ``scheme`` (Ukrainian text gets a Ukrainian scheme).

    >>> translit("Олександр", "icao"), translit("Иванов", "french")
    ('Oleksandr', 'Ivanoff')
    """
    if not has_cyrillic(text):
        return text
    if re.search("[іїєґІЇЄҐ]", text) and not scheme.startswith("ua_"):
        scheme = _UA_FOR[SCHEME_INDEX[scheme] % len(_UA_FOR)]
    return SCHEMES[scheme](text)
