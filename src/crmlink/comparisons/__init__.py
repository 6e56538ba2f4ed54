"""splink comparisons and blocking rules built on the standardised columns.

Each profile returns plain splink settings pieces (dicts), so that a model saved as
JSON holds everything needed to predict again.

>>> [c["output_column_name"] for c in plain_comparisons()]
['p_first', 'p_last', 'p_dob', 'p_phone', 'p_email', 'p_address']
"""

from __future__ import annotations

from typing import Any

import splink.comparison_level_library as cll
import splink.comparison_library as cl
from splink import block_on

__all__ = [
    "crm_blocking_rules",
    "crm_comparisons",
    "crm_profile",
    "plain_blocking_rules",
    "plain_comparisons",
    "plain_training_rules",
]


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


def _gender_comparison() -> dict[str, Any]:
    return _as_dict(cl.CustomComparison(
        comparison_levels=[
            cll.NullLevel("gender_final").configure(label_for_charts="Null"),
            cll.ExactMatchLevel("gender_final").configure(label_for_charts="Same gender"),
            cll.ElseLevel().configure(label_for_charts="Different gender"),
        ],
        output_column_name="gender",
        comparison_description="Gender (explicit code, else inferred from the name)",
    ))


def _document_comparison() -> dict[str, Any]:
    return _as_dict(cl.CustomComparison(
        comparison_levels=[
            cll.NullLevel("doc_key").configure(label_for_charts="Null"),
            cll.ExactMatchLevel("doc_key").configure(label_for_charts="Same document"),
            cll.LevenshteinLevel("doc_key", 1).configure(label_for_charts="Document, one typo"),
            cll.ElseLevel().configure(label_for_charts="Different document"),
        ],
        output_column_name="document",
        comparison_description="Document id (passport, INN, SNILS…)",
    ))


def crm_comparisons() -> list[dict[str, Any]]:
    """The CRM profile's comparisons: names, contacts, dates, gender, document."""
    from crmlink.comparisons._contacts import contact_comparisons
    from crmlink.comparisons._names import name_comparisons

    comps = [_as_dict(c) for c in name_comparisons()]
    comps += [_as_dict(c) for c in contact_comparisons()]
    return [*comps, _gender_comparison(), _document_comparison()]


def crm_blocking_rules() -> list[str]:
    """Prediction blocking rules of the CRM profile (each an equi-join on keys)."""
    rules = [
        ("name_surname_folded", "name_given_canon"),
        ("phone_e164",),
        ("email_norm",),
        ("dob_swapkey", "name_canon_initial"),
        ("dob_swapkey", "name_surname_skeleton"),
        ("doc_key",),
        ("email_local_key",),
        ("addr_flat_key", "name_given_initial"),
        ("name_surname_skeleton", "name_given_initial", "dob_year"),
    ]
    return [_rule(*cols)["blocking_rule"] for cols in rules]


def crm_profile() -> tuple[list[dict[str, Any]], list[str], list[str], list[str]]:
    """Comparisons, prediction rules, EM training rules and deterministic rules."""
    # EM sessions avoid blocks dominated by family members (a shared phone, e-mail
    # or flat): there EM would learn that "different given name" is common among
    # matches. Given names are trained where the birth date and surname agree,
    # surnames where the birth date and initial agree, contacts where names agree.
    em = [_rule(*c)["blocking_rule"] for c in (
        ("name_surname_folded", "name_given_canon"),
        ("dob", "name_canon_initial"),
        ("dob", "name_surname_skeleton"),
    )]
    det = [_rule(*c)["blocking_rule"] for c in (
        ("email_norm", "name_given_canon"),
        ("phone_e164", "dob"),
        ("dob", "name_surname_key", "name_given_canon"),
    )]
    return crm_comparisons(), crm_blocking_rules(), em, det
