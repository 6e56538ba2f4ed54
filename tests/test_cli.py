"""The command line: --version, resolve, evaluate, errors as exit code 2."""

from __future__ import annotations

import subprocess
import sys

import pandas as pd

from crmlink.cli import main


def test_version(capsys):
    try:
        main(["--version"])
    except SystemExit as e:
        assert e.code == 0
    assert "crmlink 0." in capsys.readouterr().out


def test_console_script_installed():
    out = subprocess.run([sys.executable, "-m", "crmlink.cli", "--version"],
                         capture_output=True, text=True, check=True)
    assert out.stdout.startswith("crmlink ")


def test_resolve_and_evaluate(people, tmp_path, capsys):
    records, truth = people
    src = tmp_path / "in.parquet"
    records.to_parquet(src)
    truth.to_parquet(tmp_path / "truth.parquet")
    code = main(["resolve", str(src), "--out", str(tmp_path / "out"), "--profile", "plain",
                 "--quiet"])
    assert code == 0
    rec = pd.read_parquet(tmp_path / "out" / "records.parquet")
    assert list(rec.columns[:3]) == ["record_id", "individual_id", "household_id"]
    assert len(rec) == len(records)
    for f in ("individuals.parquet", "households.parquet", "model.json"):
        assert (tmp_path / "out" / f).exists()
    code = main(["evaluate", "--truth", str(tmp_path / "truth.parquet"),
                 "--pred", str(tmp_path / "out"), "--json", str(tmp_path / "m.json")])
    assert code == 0
    assert "pairwise_f1" in capsys.readouterr().out


def test_bad_input_exit_code(tmp_path, capsys):
    bad = tmp_path / "bad.csv"
    bad.write_text("id,full_name\n1,x\n")
    assert main(["resolve", str(bad), "--out", str(tmp_path / "o"), "--quiet"]) == 2
    assert "record_id" in capsys.readouterr().err
