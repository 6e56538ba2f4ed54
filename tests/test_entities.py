"""Clustering checked against networkx on random graphs; deterministic ids."""

from __future__ import annotations

import networkx as nx
import numpy as np
import pytest

from crmlink.entities import connected_components, stable_id


@pytest.mark.parametrize("seed", range(12))
def test_components_match_networkx(seed):
    rng = np.random.default_rng(seed)
    n = int(rng.integers(1, 400))
    m = int(rng.integers(0, 2 * n))
    left = rng.integers(0, n, m)
    right = rng.integers(0, n, m)
    labels = connected_components(n, left, right)
    g = nx.Graph()
    g.add_nodes_from(range(n))
    g.add_edges_from(zip(left.tolist(), right.tolist(), strict=True))
    expected = np.empty(n, dtype=np.int64)
    for comp in nx.connected_components(g):
        expected[list(comp)] = min(comp)
    assert labels.tolist() == expected.tolist()


def test_long_chain_converges():
    n = 100_000
    labels = connected_components(n, np.arange(n - 1)[::-1], np.arange(1, n)[::-1])
    assert (labels == 0).all()


def test_stable_id_is_deterministic():
    assert stable_id("I", "abc") == stable_id("I", "abc")
    assert stable_id("I", "abc") != stable_id("I", "abd")
    assert stable_id("H", "abc").startswith("H-")
