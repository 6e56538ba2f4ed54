"""Shared fixtures: small generated people (no real personal data)."""

from __future__ import annotations

import random

import pandas as pd
import pytest

_FIRST = ["Ivan", "Petr", "Anna", "Olga", "Sergei", "Maria", "Dmitrii", "Elena", "Pavel", "Irina"]
_LAST = ["Orlov", "Sokolov", "Lebedev", "Kozlov", "Novikov", "Morozov", "Volkov", "Zaitsev"]


def make_people(n_persons: int = 60, seed: int = 7) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Records of made-up people, 1–3 records each with small variations, and truth."""
    rng = random.Random(seed)
    rows, truth = [], []
    rid = 0
    for p in range(n_persons):
        first, last = rng.choice(_FIRST), rng.choice(_LAST)
        if first.endswith("a"):
            last = last + "a"
        dob = f"19{rng.randint(50, 99)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
        phone = f"+7 9{rng.randint(10, 99)} {rng.randint(100, 999)}-{rng.randint(10, 99)}-" \
                f"{rng.randint(10, 99)}"
        email = f"{first.lower()}.{last.lower()}{p}@example.org"
        for k in range(rng.randint(1, 3)):
            rid += 1
            f = first if k == 0 else first.upper()
            rows.append({
                "record_id": f"r{rid:05d}",
                "source": rng.choice(["web", "branch_contract", "call_center"]),
                "first_name": f,
                "last_name": last,
                "birth_date": dob,
                "phone": phone if k != 2 else None,
                "email": email if k != 1 else email.upper(),
                "address": f"Lenina {p % 40 + 1}-{p}",
                "updated_at": f"2024-0{k + 1}-01",
            })
            truth.append({"record_id": f"r{rid:05d}", "person_id": p})
    return pd.DataFrame(rows), pd.DataFrame(truth)


@pytest.fixture(scope="session")
def people() -> tuple[pd.DataFrame, pd.DataFrame]:
    return make_people()
