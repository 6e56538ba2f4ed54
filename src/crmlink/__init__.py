"""crmlink: probabilistic record linkage of customer (CRM) data.

>>> import crmlink
>>> sorted(crmlink.__all__)[:3]
['CrmlinkError', 'InputError', 'Model']
"""

from __future__ import annotations

from crmlink import datasets
from crmlink._version import __version__
from crmlink.errors import BudgetExceededError, CrmlinkError, InputError, ModelError, SchemaError
from crmlink.model import Model, load_model
from crmlink.pipeline import resolve
from crmlink.result import ResolveResult
from crmlink.settings import Settings

__all__ = [
    "BudgetExceededError",
    "CrmlinkError",
    "InputError",
    "Model",
    "ModelError",
    "ResolveResult",
    "SchemaError",
    "Settings",
    "__version__",
    "datasets",
    "load_model",
    "resolve",
]
