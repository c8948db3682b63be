"""Helpers shared by tests in several folders (``tests/`` is put on ``sys.path`` by conftest.py).

Articles made of a few news paragraphs, the ``kg`` command run in-process, and a local TCP
listener that stands in for "the network" (a test passes only if nothing connects to it).
"""

from __future__ import annotations

import socket
import threading
import time
from pathlib import Path

from kg.cli import app
from kg.cli._app import run_command

PARAGRAPHS = [
    "Russian President Vladimir Putin met Chinese President Xi Jinping in Beijing on Monday.",
    "French President Emmanuel Macron accused Russia of violating the ceasefire in Ukraine.",
    "German Chancellor Olaf Scholz visited Kyiv on Tuesday and promised more aid.",
    "Turkey's Recep Tayyip Erdogan threatened Sweden with a veto over NATO membership.",
    "Indian Prime Minister Narendra Modi spoke with Joe Biden in Washington about trade.",
    "Egypt condemned the air strikes on Gaza, and Israel rejected the criticism on Friday.",
]


def long_text(n: int = 120) -> str:
    """A multi-paragraph article of about n paragraphs (blank lines between, some single breaks)."""
    parts = []
    for i in range(n):
        para = PARAGRAPHS[i % len(PARAGRAPHS)]
        parts.append(para + (" " + PARAGRAPHS[(i + 2) % len(PARAGRAPHS)] if i % 3 == 0 else ""))
        parts.append("\n\n" if i % 4 else "\n")
    return "".join(parts)


def corpus(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for i, para in enumerate(PARAGRAPHS):
        (folder / f"doc{i}.txt").write_text(f"{para}\n\n{PARAGRAPHS[(i + 1) % 6]} On 3 May 2024 talks went on.\n")
    return folder


def kg(*args) -> int:
    return run_command(app, [str(a) for a in args])


class Listener:
    """A TCP server on 127.0.0.1 that records every connection (and answers nothing)."""

    def __init__(self) -> None:
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(16)
        self.port = self.sock.getsockname()[1]
        self.url = f"http://127.0.0.1:{self.port}/"
        self.hits: list[bytes] = []
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        while True:
            try:
                conn, _ = self.sock.accept()
            except OSError:
                return
            conn.settimeout(2)
            try:
                self.hits.append(conn.recv(300))
            except OSError:
                self.hits.append(b"")
            conn.close()

    def settle(self) -> list[bytes]:
        time.sleep(0.2)
        return self.hits


SERVICE_QUERIES = [
    "SELECT * WHERE {{ SERVICE <{url}sparql> {{ ?s ?p ?o }} }}",
    "select * where {{ service silent <{url}sparql> {{ ?s ?p ?o }} }}",
    "PREFIX ep: <{url}> SELECT * WHERE {{ ?s ?p ?o OPTIONAL {{ SERVICE ep:sparql {{ ?s ?q ?r }} }} }} LIMIT 1",
    "SELECT * WHERE {{ VALUES ?ep {{ <{url}sparql> }} SERVICE ?ep {{ ?s ?p ?o }} }}",
    "ASK {{ FILTER EXISTS {{ SERVICE <{url}x> {{ ?s ?p ?o }} }} }}",
    "CONSTRUCT {{ ?s ?p ?o }} WHERE {{ {{ SERVICE <{url}a> {{ ?s ?p ?o }} }} UNION {{ ?s ?p ?o }} }}",
    "SELECT * WHERE {{ SERVICE <{url}sparql> {{ ?s ?p ?o }} }} GROUP BY ?s HAVING (<urn:fn>(?s))",
]


MISLEADING = ("PREFIX ex: <urn:> SELECT * WHERE {{ {{ ?s ex:a\\# ?o }} UNION {{ SERVICE <{url}b> {{ ?s ?p ?o }} }} "
              "BIND(ADJUST(?d, ?t) AS ?x) }}")


def kg_query(capsys, *args) -> tuple[int, str, str]:
    """``kg query ARGS`` in-process: its exit code, stdout and stderr."""
    code = run_command(app, ["query", *map(str, args)])
    out, err = capsys.readouterr()
    return code, out, err


# Queries that reach the network although rdflib's parser sees no SERVICE in them: rdflib turns
# \u escapes into characters before parsing, Oxigraph does not (issue 20). Each is a bypass of a
# check made on rdflib's parse; only a sandboxed engine stops them.
ESCAPED_SERVICE_QUERIES = [
    'SELECT * WHERE {{ BIND("\\u0022" AS ?a) SERVICE <{url}sparql> {{ ?s ?p ?o }} BIND("\\u0022" AS ?b) }}',
    'SELECT * WHERE {{ BIND("\\U00000022" AS ?a) SERVICE <{url}sparql> {{ ?s ?p ?o }} BIND("\\U00000022" AS ?b) }}',
    "SELECT * WHERE {{ BIND('\\u0027' AS ?a) SERVICE <{url}sparql> {{ ?s ?p ?o }} BIND('\\u0027' AS ?b) }}",
    'PREFIX ep: <{url}> SELECT * WHERE {{ BIND("\\u0022" AS ?a) SERVICE ep:sparql {{ ?s ?p ?o }} BIND("\\u0022" AS ?b) }}',
    'SELECT * WHERE {{ BIND("\\u0022" AS ?a) SERVICE <{url}\\u0073parql> {{ ?s ?p ?o }} BIND("\\u0022" AS ?b) }}',
    'SELECT * WHERE {{ ?s ?p "\\u0022 # " . SERVICE <{url}sparql> {{ ?s ?p ?o }}\n}}',  # rdflib: a comment
]
ESCAPED_LOAD = 'INSERT DATA {{ <urn:a> <urn:b> "\\u0022" }} ; LOAD <{url}x.ttl> ; INSERT DATA {{ <urn:a> <urn:b> "\\u0022" }}'


def rules_without(name: str):
    """kg's event rules without the one named ``name`` (to show what a rule changes)."""
    from kg.stages.events import Rules

    return Rules.default().without(name)


def read_sentence(nlp, text: str) -> set[tuple[str, str, str]]:
    """The events kg reads in ``text`` (a story of Wed 18 June 2025): {(category, agent mention, target mention)}."""
    from datetime import date

    from kg.records import Document
    from kg.stages.extract import extract
    from kg.stages.ingest import document_id

    doc = Document(id=document_id("t.txt", text), name="t.txt", text=text, date=date(2025, 6, 18))
    ex = extract(doc, nlp(text))
    ms = {m.id: m for m in ex.mentions}
    return {(e.category, ms[e.agents[0]].text, ms[e.targets[0]].text) for e in ex.events}
