"""Save → load → predict identically; clear errors on bad model files."""

from __future__ import annotations

import json

import pandas as pd
import pytest

import crmlink
from crmlink.model import MODEL_FORMAT_VERSION

PLAIN = crmlink.Settings(profile="plain", progress=False, u_max_pairs=2e5)


@pytest.fixture(scope="module")
def trained(people):
    records, _ = people
    return crmlink.resolve(records, settings=PLAIN)


def test_save_load_predict_identical(trained, people, tmp_path):
    records, _ = people
    path = trained.model.save(tmp_path / "m.json")
    model = crmlink.load_model(path)
    assert model.splink_settings == trained.model.splink_settings
    again = crmlink.resolve(records, model=model)
    cols = ["record_id_l", "record_id_r", "match_weight", "match_probability"]
    pd.testing.assert_frame_equal(trained.pairs[cols], again.pairs[cols])


def test_model_json_is_versioned(trained, tmp_path):
    doc = json.loads(trained.model.save(tmp_path / "m.json").read_text())
    assert doc["format"] == "crmlink-model" and doc["format_version"] == MODEL_FORMAT_VERSION
    assert len(doc["checksum"]) == 64


def test_tampered_and_newer_files_refused(trained, tmp_path):
    p = trained.model.save(tmp_path / "m.json")
    doc = json.loads(p.read_text())
    doc["splink"]["comparisons"][0]["comparison_levels"][1]["m_probability"] = 0.5
    p.write_text(json.dumps(doc))
    with pytest.raises(crmlink.ModelError, match="checksum"):
        crmlink.load_model(p)
    doc["format_version"] = MODEL_FORMAT_VERSION + 1
    p.write_text(json.dumps(doc))
    with pytest.raises(crmlink.ModelError, match="newer"):
        crmlink.load_model(p)
    p.write_text("{not json")
    with pytest.raises(crmlink.ModelError, match="not valid JSON"):
        crmlink.load_model(p)
    with pytest.raises(crmlink.ModelError, match="no model file"):
        crmlink.load_model(tmp_path / "missing.json")


def test_parameters_table(trained):
    rows = trained.model.parameters()
    assert {r["comparison"] for r in rows} == set(trained.model.comparison_names)
    assert all(0 < r["u_probability"] <= 1 for r in rows if r["u_probability"] is not None)
