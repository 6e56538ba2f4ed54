"""Synthetic Russian-market CRM data with ground truth.

>>> from crmlink.datasets import synthetic_crm
>>> data = synthetic_crm(persons=200, seed=42)
>>> sorted(data.records.source.unique())[:2]
['branch_contract', 'call_center']
"""

from __future__ import annotations

from ._knobs import DEFAULT_KNOBS
from ._products import PLANTED_ASSOCIATIONS
from ._synthetic import SyntheticCRM, synthetic_crm, write_synthetic_crm

__all__ = [
    "DEFAULT_KNOBS",
    "PLANTED_ASSOCIATIONS",
    "SyntheticCRM",
    "synthetic_crm",
    "write_synthetic_crm",
]
