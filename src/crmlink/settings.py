"""Typed, keyword-only configuration of a crmlink run.

>>> s = Settings(match_threshold=0.95)
>>> s.match_threshold, s.profile
(0.95, 'crm')
>>> Settings(match_threshold=2)
Traceback (most recent call last):
...
crmlink.errors.CrmlinkError: match_threshold must be in (0, 1), got 2
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass, field, replace
from typing import Any

from crmlink.errors import CrmlinkError

__all__ = ["Settings"]

_PROFILES = ("crm", "plain")


@dataclass(frozen=True, kw_only=True)
class Settings:
    """Configuration for :func:`crmlink.resolve`.

    Attributes:
        profile: ``"crm"`` (CRM comparators: transliteration, diminutives, E.164,
            addresses, ambiguous dates) or ``"plain"`` (plain-string baseline).
        match_threshold: match probability at or above which two records are linked
            into one individual.
        min_pair_probability: scored pairs below this are not kept in ``.pairs``.
        blocking_rules: SQL blocking rules (splink syntax, ``l.``/``r.`` prefixes)
            replacing the profile's defaults.
        comparisons: splink comparison dicts replacing the profile's defaults.
        training_rules: blocking rules for EM sessions replacing the defaults.
        u_max_pairs: record pairs sampled to estimate u probabilities.
        em_max_pairs: at most this many pairs per EM session.
        seed: random seed (u sampling, EM sampling); same seed → same result.
        max_comparisons: stop before predicting when blocking would create more
            candidate pairs than this (protects memory).
        predict_chunks: split prediction into this many chunks per side
            (``None``: chosen from the input size).
        memory_limit: DuckDB memory limit, e.g. ``"8GB"`` (``None``: DuckDB default).
        temp_dir: folder DuckDB may spill to.
        household_rules: which shared evidence links individuals into households.
        source_priority: survivorship order of sources, most trusted first.
        progress: show progress bars (``None``: only on a terminal).
    """

    profile: str = "crm"
    match_threshold: float = 0.9
    min_pair_probability: float = 0.01
    blocking_rules: Sequence[str] | None = None
    comparisons: Sequence[Mapping[str, Any]] | None = None
    training_rules: Sequence[str] | None = None
    u_max_pairs: float = 5e6
    em_max_pairs: float = 2e6
    seed: int = 42
    max_comparisons: int = 500_000_000
    predict_chunks: int | None = None
    memory_limit: str | None = None
    temp_dir: str | None = None
    household_rules: Sequence[str] = ("address_flat", "address_building_surname", "landline",
                                      "family_email")
    source_priority: Sequence[str] = field(default=("branch_contract", "call_center",
                                                    "mobile_app", "loyalty_card", "web",
                                                    "partner_import"))
    progress: bool | None = None

    def __post_init__(self) -> None:
        if self.profile not in _PROFILES:
            raise CrmlinkError(f"profile must be one of {_PROFILES}, got {self.profile!r}")
        for name in ("match_threshold", "min_pair_probability"):
            v = getattr(self, name)
            if not isinstance(v, (int, float)) or not 0 < v < 1:
                raise CrmlinkError(f"{name} must be in (0, 1), got {v}")
        if self.min_pair_probability > self.match_threshold:
            raise CrmlinkError("min_pair_probability must not exceed match_threshold")
        for name in ("u_max_pairs", "em_max_pairs", "max_comparisons"):
            if getattr(self, name) <= 0:
                raise CrmlinkError(f"{name} must be positive")
        if self.predict_chunks is not None and self.predict_chunks < 1:
            raise CrmlinkError("predict_chunks must be at least 1")
        object.__setattr__(self, "household_rules", tuple(self.household_rules))
        object.__setattr__(self, "source_priority", tuple(self.source_priority))
        if self.blocking_rules is not None:
            object.__setattr__(self, "blocking_rules", tuple(self.blocking_rules))
        if self.training_rules is not None:
            object.__setattr__(self, "training_rules", tuple(self.training_rules))

    def replace(self, **changes: Any) -> Settings:
        """A copy with some fields changed (validated again)."""
        return replace(self, **changes)

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready dict (used inside saved models)."""
        d = asdict(self)
        for k, v in d.items():
            if isinstance(v, tuple):
                d[k] = list(v)
        return d

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Settings:
        """Inverse of :meth:`to_dict`; unknown keys are an error."""
        known = set(cls.__dataclass_fields__)
        unknown = sorted(set(data) - known)
        if unknown:
            raise CrmlinkError(f"unknown settings: {unknown}")
        return cls(**dict(data))
