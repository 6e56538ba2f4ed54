"""Charts render headless: files written, non-empty, right axes."""

from __future__ import annotations

import pytest

import crmlink
from crmlink import charts
from crmlink.evaluate import threshold_sweep
from crmlink.explain import explain

PLAIN = crmlink.Settings(profile="plain", progress=False, u_max_pairs=2e5)


@pytest.fixture(scope="module")
def result(people):
    return crmlink.resolve(people[0], settings=PLAIN)


def _saved(fig, path):
    fig.savefig(path)
    assert path.stat().st_size > 2000
    return fig


def test_all_charts(result, people, tmp_path):
    _, truth = people
    sweep = threshold_sweep(result.pairs, truth)
    f = _saved(charts.match_weight_histogram(result.pairs, threshold=0.9), tmp_path / "w.png")
    assert f.axes[0].get_xlabel() == "match weight (bits)"
    f = _saved(charts.m_u_chart(result.model), tmp_path / "mu.png")
    assert f.axes[0].get_xlabel() == "probability" and len(f.axes[0].get_yticklabels()) > 5
    f = _saved(charts.threshold_chart(sweep), tmp_path / "t.png")
    assert [line.get_label() for line in f.axes[0].get_lines()] == ["precision", "recall", "f1"]
    f = _saved(charts.precision_recall_chart(sweep), tmp_path / "pr.png")
    assert f.axes[0].get_xlabel() == "recall"
    f = _saved(charts.cluster_size_chart(result.records), tmp_path / "c.png")
    assert f.axes[0].get_ylabel() == "entities"


def test_explain_and_waterfall(result, people, tmp_path):
    records, _ = people
    a = records.iloc[0].to_dict()
    same = explain(a, a, model=result.model)
    assert same.match_probability > 0.99
    assert set(same.table["comparison"]) == set(result.model.comparison_names)
    other = records[records["last_name"] != a["last_name"]].iloc[0].to_dict()
    diff = explain(a, other, model=result.model)
    assert diff.match_weight < same.match_weight
    f = _saved(diff.waterfall(), tmp_path / "wf.png")
    labels = [t.get_text() for t in f.axes[0].get_xticklabels()]
    assert labels[0] == "prior" and labels[-1] == "total"
