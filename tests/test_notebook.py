"""The quickstart notebook runs from top to bottom and shows what it promises."""

from __future__ import annotations

import os
from pathlib import Path

import nbformat
from nbclient import NotebookClient

ROOT = Path(__file__).resolve().parents[1]


def test_quickstart_notebook_executes(tmp_path, monkeypatch):
    # the kernel imports this checkout's kg, not whichever kg is installed
    monkeypatch.setenv("PYTHONPATH", os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")])))
    monkeypatch.setenv("KG_NOTEBOOK_OUT", str(tmp_path))  # a fresh store: what a first run prints
    nb = nbformat.read(ROOT / "notebooks" / "quickstart.ipynb", as_version=4)
    NotebookClient(nb, timeout=300, kernel_name="python3", resources={"metadata": {"path": str(ROOT / "notebooks")}}).execute()
    text = "\n".join(o.get("text", "") or o.get("data", {}).get("text/plain", "")
                     for c in nb.cells if c.cell_type == "code" for o in c.get("outputs", []))
    assert "1 document," in text
    assert "CONSULT" in text and "Donald Trump" in text and "2025-06-14" in text
    assert "provided Moscow with thousands" in text
    # the graph in other tools, read from a path: networkx, pandas, GraphML, CSV, JSON-LD, SHACL, GeoNames
    assert "networkx: 17 entities, 19 events" in text
    assert "GraphML read back: 17 nodes, 19 edges" in text and "CSV edge list: 19 rows" in text
    assert "counterpart" in text and "Masoud Pezeshkian" in text  # the DataFrame of Putin's events
    assert "JSON-LD keys of an event: agent, " in text and "category" in text
    assert "validate: 1 document, 17 entities, 19 events: conforms" in text
    assert "Russia: https://sws.geonames.org/2017370/" in text and "Iran: https://sws.geonames.org/130758/" in text
    # the corpus cell, on the sample of Wikinews articles (the 284 only when asked)
    corpus = text[text.index("a sample of 5 Wikinews articles: 5 documents"):]
    graph_line = corpus.split("networkx: ", 1)[1].splitlines()[0]  # "101 entities, 19 events" (event mentions)
    entities = int(graph_line.split(" entities")[0])
    events = int(graph_line.split("entities, ", 1)[1].split(" events")[0])
    assert entities > 50 and events > 5
    assert f"GraphML read back: {entities} nodes, {events} edges" in corpus
    assert f"CSV edge list: {events} rows" in corpus and "events: conforms" in corpus
    assert "Iran https://sws.geonames.org/130758/" in corpus and "Russia https://sws.geonames.org/2017370/" in corpus
    images = [o for c in nb.cells for o in c.get("outputs", []) if "image/png" in o.get("data", {})]
    assert images, "the notebook should show the graph picture inline"
