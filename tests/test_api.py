"""Guards the public surface: adding or removing a name is a deliberate change."""

from __future__ import annotations

import crmlink

EXPECTED = {
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
}


def test_all_is_curated():
    assert set(crmlink.__all__) == EXPECTED
    for name in crmlink.__all__:
        assert hasattr(crmlink, name), name


def test_errors_share_one_root():
    for name in ("InputError", "SchemaError", "ModelError", "BudgetExceededError"):
        assert issubclass(getattr(crmlink, name), crmlink.CrmlinkError)
