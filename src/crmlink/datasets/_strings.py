"""Vectorised string helpers shared by the generator modules.

Whole columns are ``pyarrow`` string arrays composed with Arrow compute kernels; small
subsets that need per-row positions (typos) go through numpy ``StringDType``. Python
code runs once per *distinct* value (``Vocab``, ``map_distinct``, ``map_strings``),
never once per record.

>>> cat(sarr(["a", "b"]), "-", sarr(["c", "d"])).to_pylist()
['a-c', 'b-d']
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import TypeAlias

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

S = np.dtypes.StringDType()
"""numpy string dtype for the per-row work on small subsets."""

Part: TypeAlias = "pa.Array | str"
_KEY = np.int64(1 << 20)


def sarr(values: Iterable[str] | np.ndarray) -> pa.Array:
    """A pyarrow string array.

    >>> sarr(["x"]).type
    DataType(string)
    """
    if isinstance(values, np.ndarray):
        return pa.array(values.astype(S), type=pa.string())
    return pa.array(list(values), type=pa.string())


def to_numpy(arr: pa.Array) -> np.ndarray:
    """A pyarrow string array as a numpy ``StringDType`` array (for small subsets)."""
    return np.asarray(arr.to_numpy(zero_copy_only=False), dtype=S)


def cat(*parts: Part) -> pa.Array:
    """Concatenate string arrays (and scalars) element-wise.

    >>> cat("<", sarr(["a"]), ">").to_pylist()
    ['<a>']
    """
    if not any(isinstance(x, pa.Array) for x in parts):
        raise ValueError("cat needs at least one array")
    return pc.binary_join_element_wise(*parts, "")


def where(cond: np.ndarray, a: Part, b: Part) -> pa.Array:
    """``a`` where ``cond`` else ``b``.

    >>> where(np.array([True, False]), "y", sarr(["a", "b"])).to_pylist()
    ['y', 'b']
    """
    return pc.if_else(pa.array(np.asarray(cond, dtype=bool)), a, b)


def select(conditions: Sequence[np.ndarray], choices: Sequence[Part],
           default: Part = "") -> pa.Array:
    """``np.select`` for string arrays (the first true condition wins).

    >>> select([np.array([True, False])], [sarr(["a", "b"])], "z").to_pylist()
    ['a', 'z']
    """
    n = len(conditions[0])
    out: Part = default
    for cond, choice in zip(reversed(conditions), reversed(choices), strict=True):
        out = where(cond, choice, out)
    if isinstance(out, str):
        return pa.array([out] * n, type=pa.string())
    return out


def take(arr: pa.Array, idx: np.ndarray) -> pa.Array:
    """``arr[idx]`` (idx must be non-negative)."""
    return arr.take(pa.array(np.asarray(idx, dtype=np.int64)))


def full(n: int, value: str = "") -> pa.Array:
    """``n`` copies of ``value``."""
    return pa.array(np.full(n, value, dtype=S), type=pa.string())


def num(values: np.ndarray) -> pa.Array:
    """Integers as decimal strings.

    >>> num(np.array([7, 42])).to_pylist()
    ['7', '42']
    """
    return pc.cast(pa.array(np.asarray(values, dtype=np.int64)), pa.string())


def digits(values: np.ndarray, width: int) -> pa.Array:
    """Integers as zero-padded decimal strings.

    >>> digits(np.array([5, 42]), 3).to_pylist()
    ['005', '042']
    """
    return pc.utf8_lpad(num(values), width, "0")


def lower(arr: pa.Array) -> pa.Array:
    """Lower case."""
    return pc.utf8_lower(arr)


def upper(arr: pa.Array) -> pa.Array:
    """Upper case."""
    return pc.utf8_upper(arr)


def empty(arr: pa.Array) -> np.ndarray:
    """Boolean mask of empty strings.

    >>> empty(sarr(["", "a"])).tolist()
    [True, False]
    """
    return np.asarray(pc.equal(arr, "").to_numpy(zero_copy_only=False), dtype=bool)


def scatter(base: pa.Array, idx: np.ndarray, values: pa.Array) -> pa.Array:
    """A copy of ``base`` with ``base[idx] = values``.

    >>> scatter(sarr(["a", "b", "c"]), np.array([1]), sarr(["X"])).to_pylist()
    ['a', 'X', 'c']
    """
    if len(idx) == 0:
        return base
    n = len(base)
    pick = np.arange(n, dtype=np.int64)
    pick[idx] = n + np.arange(len(idx))
    return pa.concat_arrays([base, values.cast(pa.string())]).take(pa.array(pick))


def on_subset(arr: pa.Array, mask: np.ndarray,
              func: Callable[[np.ndarray], np.ndarray]) -> pa.Array:
    """Apply a numpy ``StringDType`` function to the rows selected by ``mask``."""
    idx = np.flatnonzero(mask)
    if idx.size == 0:
        return arr
    sub = to_numpy(take(arr, idx))
    return scatter(arr, idx, sarr(func(sub)))


def choose(rng: np.random.Generator, n: int, weights: Sequence[float] | np.ndarray) -> np.ndarray:
    """Draw ``n`` category indices with the given (unnormalised) weights.

    >>> choose(np.random.default_rng(0), 4, [0, 1]).tolist()
    [1, 1, 1, 1]
    """
    w = np.asarray(weights, dtype=np.float64)
    cdf = np.cumsum(w / w.sum())
    cdf[-1] = 1.0
    return np.searchsorted(cdf, rng.random(n), side="right").astype(np.int64)


def pick_from_groups(
    rng: np.random.Generator, offsets: np.ndarray, counts: np.ndarray, group: np.ndarray
) -> np.ndarray:
    """Pick one member index uniformly from CSR-style groups; -1 where a group is empty.

    >>> pick_from_groups(np.random.default_rng(0), np.array([0, 2]), np.array([2, 0]),
    ...                  np.array([1, 1])).tolist()
    [-1, -1]
    """
    cnt = counts[group]
    k = (rng.random(len(group)) * np.maximum(cnt, 1)).astype(np.int64)
    return np.where(cnt > 0, offsets[group] + k, -1)


class Vocab:
    """Interns strings so that arrays can carry small integer ids instead of text.

    >>> v = Vocab(); v.add("Юрий"), v.add("Юрий"), v[0]
    (0, 0, 'Юрий')
    """

    def __init__(self) -> None:
        self._ids: dict[str, int] = {}
        self._items: list[str] = []
        self._array: pa.Array | None = None

    def __len__(self) -> int:
        return len(self._items)

    def __getitem__(self, i: int) -> str:
        return self._items[i]

    def add(self, s: str) -> int:
        """Return the id of ``s``, adding it if new."""
        i = self._ids.get(s)
        if i is None:
            i = len(self._items)
            self._ids[s] = i
            self._items.append(s)
        return i

    def add_many(self, items: Iterable[str]) -> np.ndarray:
        """Ids of many strings (one Python step per item: use on distinct values)."""
        return np.fromiter((self.add(s) for s in items), dtype=np.int64)

    def strings(self, ids: np.ndarray) -> pa.Array:
        """Strings for an id array (ids < 0 give the empty string)."""
        if self._array is None or len(self._array) != len(self._items) + 1:
            self._array = pa.array([*self._items, ""], type=pa.string())
        ids = np.asarray(ids, dtype=np.int64)
        return take(self._array, np.where(ids >= 0, ids, len(self._items)))


def map_distinct(
    ids: np.ndarray, params: np.ndarray | int, func: Callable[[int, int], int]
) -> np.ndarray:
    """Apply ``func(id, param) -> new_id`` once per distinct ``(id, param)`` pair.

    Ids below zero are passed through unchanged.

    >>> map_distinct(np.array([3, 3, -1]), 1, lambda i, p: i + p).tolist()
    [4, 4, -1]
    """
    ids = np.asarray(ids, dtype=np.int64)
    par = np.broadcast_to(np.asarray(params, dtype=np.int64), ids.shape)
    valid = ids >= 0
    out = ids.copy()
    if not valid.any():
        return out
    key = ids[valid] * _KEY + par[valid]
    uniq, inv = np.unique(key, return_inverse=True)
    mapped = np.fromiter(
        (func(int(k // _KEY), int(k % _KEY)) for k in uniq), dtype=np.int64, count=len(uniq)
    )
    out[valid] = mapped[inv]
    return out


def map_strings(values: pa.Array, func: Callable[[str], str]) -> pa.Array:
    """Apply a Python ``str -> str`` function once per distinct value.

    >>> map_strings(sarr(["a", "b", "a"]), str.upper).to_pylist()
    ['A', 'B', 'A']
    """
    if len(values) == 0:
        return values
    enc = values.dictionary_encode()
    mapped = pa.array([func(str(u)) for u in enc.dictionary.to_pylist()], type=pa.string())
    return mapped.take(enc.indices)


def to_pandas(values: pa.Array, missing: np.ndarray | None = None,
              order: np.ndarray | None = None) -> pd.api.extensions.ExtensionArray:
    """A pandas ``str`` array (NaN where ``missing``), rows optionally reordered."""
    if missing is not None:
        values = pc.if_else(pa.array(np.asarray(missing, dtype=bool)),
                            pa.scalar(None, pa.string()), values)
    if order is not None:
        values = take(values, order)
    return pd.array(values, dtype=pd.StringDtype("pyarrow", na_value=np.nan))
