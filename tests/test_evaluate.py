"""Metrics on hand-computed examples."""

from __future__ import annotations

import pandas as pd
import pytest

from crmlink.evaluate import cluster_metrics, pair_counts, threshold_sweep


def test_hand_computed_clusters():
    pred = pd.DataFrame({"id": list("abcdef"), "c": [1, 1, 1, 2, 2, 3]})
    truth = pd.DataFrame({"id": list("abcdef"), "e": [1, 1, 2, 2, 2, 3]})
    m = cluster_metrics(pred, truth)
    # predicted pairs: ab ac bc de = 4; true pairs: ab cd ce de = 4; common: ab de = 2
    assert m["predicted_pairs"] == 4 and m["true_pairs"] == 4
    assert m["true_positive_pairs"] == 2
    assert m["pairwise_precision"] == pytest.approx(0.5)
    assert m["pairwise_recall"] == pytest.approx(0.5)
    # B-cubed precision: a,b: 2/3; c: 1/3; d,e: 1; f: 1 → (2/3+2/3+1/3+1+1+1)/6
    assert m["bcubed_precision"] == pytest.approx((2 / 3 * 2 + 1 / 3 + 3) / 6)
    # exact clusters: only {f}
    assert m["exact_cluster_precision"] == pytest.approx(1 / 3)
    assert m["exact_cluster_recall"] == pytest.approx(1 / 3)


def test_perfect_and_missing_predictions():
    truth = pd.DataFrame({"id": list("abc"), "e": [1, 1, 2]})
    assert cluster_metrics(truth, truth)["pairwise_f1"] == 1.0
    # a record missing from pred counts as a singleton
    m = cluster_metrics(pd.DataFrame({"id": ["a"], "c": [1]}), truth)
    assert m["pairwise_recall"] == 0.0 and m["records"] == 3


def test_threshold_sweep():
    truth = pd.DataFrame({"id": list("abcd"), "e": [1, 1, 2, 2]})
    pairs = pd.DataFrame({"record_id_l": ["a", "a", "c"], "record_id_r": ["b", "c", "d"],
                          "match_probability": [0.99, 0.6, 0.3]})
    sweep = threshold_sweep(pairs, truth, thresholds=[0.2, 0.5, 0.95])
    assert pair_counts(truth) == 2
    assert sweep["pairs"].tolist() == [3, 2, 1]
    assert sweep["precision"].tolist() == pytest.approx([2 / 3, 0.5, 1.0])
    assert sweep["recall"].tolist() == pytest.approx([1.0, 0.5, 0.5])
