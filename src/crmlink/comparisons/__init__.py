"""splink comparisons and blocking rules built on the standardised columns.

Each profile returns plain splink settings pieces (dicts), so that a model saved as
JSON holds everything needed to predict again.

>>> [c["output_column_name"] for c in plain_comparisons()]
['p_first', 'p_last', 'p_dob', 'p_phone', 'p_email', 'p_address']
"""

from __future__ import annotations

from typing import Any

import splink.comparison_library as cl
from splink import block_on

__all__ = ["plain_blocking_rules", "plain_comparisons", "plain_training_rules"]


def _as_dict(comparison: Any) -> dict[str, Any]:
    return dict(comparison.get_comparison("duckdb").as_dict())


def plain_comparisons() -> list[dict[str, Any]]:
    """Baseline comparisons on plain strings (what a first splink model would use)."""
    return [
        _as_dict(cl.NameComparison("p_first")),
        _as_dict(cl.NameComparison("p_last")),
        _as_dict(cl.LevenshteinAtThresholds("p_dob", [1, 2])),
        _as_dict(cl.ExactMatch("p_phone")),
        _as_dict(cl.EmailComparison("p_email")),
        _as_dict(cl.LevenshteinAtThresholds("p_address", [2, 5])),
    ]


def _rule(*cols: str) -> dict[str, Any]:
    return dict(block_on(*cols).get_blocking_rule("duckdb").as_dict())


def plain_blocking_rules() -> list[dict[str, Any]]:
    """Blocking rules for the plain profile."""
    return [
        _rule("p_first", "p_last"),
        _rule("p_phone"),
        _rule("p_email"),
        _rule("p_dob", "p_last"),
        _rule("p_dob", "p_first"),
    ]


def plain_training_rules() -> list[dict[str, Any]]:
    """EM training blocks for the plain profile (complementary, so every comparison
    is trained by at least one)."""
    return [_rule("p_first", "p_last"), _rule("p_dob"), _rule("p_phone")]
