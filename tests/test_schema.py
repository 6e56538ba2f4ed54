"""Schema mapping and validation: errors name the column and record ids, never values."""

from __future__ import annotations

import duckdb
import pandas as pd
import pyarrow as pa
import pytest

from crmlink.errors import CrmlinkError, SchemaError
from crmlink.schema import load_records


def _load(frame, **kw):
    return load_records(duckdb.connect(), frame, **kw)


def test_missing_record_id_names_column():
    with pytest.raises(SchemaError) as e:
        _load(pd.DataFrame({"full_name": ["Anna Orlova"]}))
    assert e.value.column == "record_id"
    assert "record_id" in str(e.value)
    assert isinstance(e.value, CrmlinkError)


def test_duplicate_record_ids_listed_without_values():
    frame = pd.DataFrame({"record_id": ["a", "a", "b", "c", "c"],
                          "full_name": ["Secret Person"] * 5})
    with pytest.raises(SchemaError) as e:
        _load(frame)
    msg = str(e.value)
    assert "duplicated" in msg and "'a'" in msg and "'c'" in msg
    assert e.value.record_ids == ["a", "c"]
    assert "Secret" not in msg


def test_null_record_id():
    with pytest.raises(SchemaError, match=r"record_id.*empty in 1 row"):
        _load(pd.DataFrame({"record_id": ["a", None], "full_name": ["x", "y"]}))


def test_empty_input():
    with pytest.raises(SchemaError, match="no records"):
        _load(pd.DataFrame({"record_id": pd.Series([], dtype=str), "full_name": []}))


def test_wrong_type_names_column_and_ids():
    frame = pd.DataFrame({"record_id": ["a", "b"], "full_name": ["x", "y"],
                          "phone": [79161234567.0, 79161234568.0]})
    with pytest.raises(SchemaError) as e:
        _load(frame)
    assert e.value.column == "phone"
    assert e.value.record_ids == ["a", "b"]
    assert "79161234567" not in str(e.value)


def test_bad_consent_word_names_records():
    frame = pd.DataFrame({"record_id": ["a", "b"], "email": ["x@y.z", "q@w.e"],
                          "consent_email": ["yes", "maybe-later"]})
    with pytest.raises(SchemaError) as e:
        _load(frame)
    assert e.value.column == "consent_email" and e.value.record_ids == ["b"]
    assert "maybe" not in str(e.value)


def test_unparseable_timestamp():
    frame = pd.DataFrame({"record_id": ["a", "b"], "email": ["x@y.z", "q@w.e"],
                          "updated_at": ["2024-01-02", "not a date"]})
    with pytest.raises(SchemaError) as e:
        _load(frame)
    assert e.value.column == "updated_at" and e.value.record_ids == ["b"]


def test_no_linking_column():
    with pytest.raises(SchemaError, match="none of the columns"):
        _load(pd.DataFrame({"record_id": ["a"], "source": ["web"]}))


def test_column_mapping_and_extra_columns_carried():
    frame = pd.DataFrame({"id": [1, 2], "fio": ["Иванов Юрий", "Ivanov Iurii"],
                          "segment": ["gold", "silver"]})
    con = duckdb.connect()
    info = load_records(con, frame, columns={"record_id": "id", "full_name": "fio"})
    assert info.present == ("record_id", "full_name")
    assert info.extra == ("segment",)
    got = con.execute("SELECT record_id, full_name, segment FROM crm_input ORDER BY 1").fetchall()
    assert got == [("1", "Иванов Юрий", "gold"), ("2", "Ivanov Iurii", "silver")]


def test_mapping_to_unknown_column_is_an_error():
    with pytest.raises(SchemaError) as e:
        _load(pd.DataFrame({"id": ["a"], "n": ["x"]}), columns={"record_id": "id", "fullname": "n"})
    assert e.value.column == "fullname"
    with pytest.raises(SchemaError, match="not in the input"):
        _load(pd.DataFrame({"id": ["a"], "n": ["x"]}), columns={"record_id": "nope"})


def test_consent_words_normalised():
    frame = pa.table({"record_id": ["a", "b", "c", "d"], "email": ["e"] * 4,
                      "consent_sms": ["Да", "0", None, "TRUE"]})
    con = duckdb.connect()
    load_records(con, frame)
    got = [r[0] for r in con.execute("SELECT consent_sms FROM crm_input ORDER BY record_id")
           .fetchall()]
    assert got == ["yes", "no", None, "yes"]


def test_csv_with_bom_and_cp1251(tmp_path):
    text = "record_id;full_name;phone\n1;Иванов Юрий;0079161234567\n"
    (tmp_path / "a.csv").write_bytes(b"\xef\xbb\xbf" + text.encode("utf-8"))
    (tmp_path / "b.csv").write_bytes(text.encode("cp1251"))
    for name in ("a.csv", "b.csv"):
        con = duckdb.connect()
        load_records(con, tmp_path / name)
        assert con.execute("SELECT full_name, phone FROM crm_input").fetchall() == [
            ("Иванов Юрий", "0079161234567")]
