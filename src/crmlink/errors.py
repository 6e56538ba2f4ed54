"""The crmlink exception hierarchy: one root, a few specific subclasses.

Messages name columns and record ids, never values from records (personal data).
"""

from __future__ import annotations

__all__ = [
    "BudgetExceededError",
    "CrmlinkError",
    "InputError",
    "ModelError",
    "SchemaError",
]


class CrmlinkError(Exception):
    """Root of every error crmlink raises on purpose."""


class InputError(CrmlinkError, ValueError):
    """The input cannot be read (unsupported type, missing file, unreadable encoding)."""


class SchemaError(InputError):
    """The input does not fit the canonical schema.

    ``column`` names the offending column (canonical name); ``record_ids`` holds up to
    five example record ids. Values are never included.
    """

    def __init__(self, message: str, *, column: str | None = None,
                 record_ids: list[str] | None = None) -> None:
        super().__init__(message)
        self.column = column
        self.record_ids = list(record_ids or [])


class ModelError(CrmlinkError):
    """A model file is unreadable, tampered with, or from an unknown version."""


class BudgetExceededError(CrmlinkError):
    """A step would exceed its configured budget (comparisons, training pairs)."""

    def __init__(self, message: str, *, count: int | None = None) -> None:
        super().__init__(message)
        self.count = count
