"""QueryResult.to_dataframe: a query's answer in pandas, and a clear error without pandas."""

from __future__ import annotations

import sys

import pytest

import kg
from kg.errors import KGError


def test_events_of_an_actor_as_a_dataframe_from_a_path(seed_out):
    df = kg.query(seed_out, "events", params={"actor": "Putin"}).to_dataframe()
    assert list(df.columns) == ["date", "category", "who", "role", "counterpart", "modality", "evidence", "id"]
    assert len(df) == 10 and set(df["who"]) == {"Vladimir Putin"}
    assert set(df["category"]) >= {"CONSULT", "AGREE", "REJECT"}
    dated = df.dropna(subset=["date"])
    assert set(dated["date"]) >= {"2025-01", "2025-06-14"}  # days and months side by side, as ISO text
    assert df["date"].isna().sum() == len(df) - len(dated)


def test_numbers_are_numbers_and_iris_are_labels_unless_asked(seed_out):
    df = kg.query(seed_out, "dyads").to_dataframe()
    assert df["events"].dtype.kind == "i" and df["events"].sum() == 19
    assert "Donald Trump" in set(df["agent"])
    full = kg.query(seed_out, "dyads").to_dataframe(iris=True)
    assert "https://w3id.org/kg-news/data/person/Donald_Trump" in set(full["agent"])
    ask = kg.query(seed_out, "ASK { ?e a kg:EventMention }").to_dataframe()
    assert ask.to_dict("list") == {"boolean": [True]}
    graph = kg.query(seed_out, "CONSTRUCT { ?s rdfs:label ?l } WHERE { ?s a schema:Country ; rdfs:label ?l }")
    assert list(graph.to_dataframe().columns) == ["subject", "predicate", "object"]


def test_without_pandas_the_error_names_the_extra(seed_out, monkeypatch):
    result = kg.query(seed_out, "dyads")
    monkeypatch.setitem(sys.modules, "pandas", None)  # import pandas now fails as if it were not installed
    with pytest.raises(KGError) as err:
        result.to_dataframe()
    assert err.value.code == "E315" and "pip install 'kg[dataframe]'" in str(err.value)
