"""kg stays offline: a query with ``SERVICE`` is refused before anything runs.

pyoxigraph evaluates ``SERVICE`` by sending the query over HTTP, so kg looks for it first
(:func:`service_terms`) and :func:`check_offline` refuses it (``E311``) unless the user allows
the network (``kg query --allow-network``). ``kg serve`` refuses the same queries at its
endpoint with the same detector (:func:`kg.use.serve.network_uses`).
``FROM``/``FROM NAMED`` only pick graphs of the store (Oxigraph fetches nothing for them) and
``LOAD`` is an update, which :func:`kg.use.query.query` never runs.
"""

from __future__ import annotations

import re

from kg.errors import KGError

__all__ = ["service_terms", "check_offline"]


def service_terms(text: str) -> list[str]:
    """The endpoints of the ``SERVICE`` clauses of a SPARQL query (``?var`` for a variable
    one), empty if it has none.

    The query is parsed with rdflib's SPARQL parser; if rdflib cannot parse it (an Oxigraph
    extension), the word ``SERVICE`` anywhere in it counts. Strings, IRIs and comments may
    contain the word ``SERVICE`` without being the keyword, which is why the query is parsed
    rather than scanned.

    Examples
    --------
    >>> service_terms("SELECT * WHERE { SERVICE <http://example.org/sparql> { ?s ?p ?o } }")
    ['<http://example.org/sparql>']
    >>> service_terms("ASK { SERVICE SILENT <http://example.org/sparql> { ?s ?p ?o } }")
    ['<http://example.org/sparql>']
    >>> service_terms("SELECT * WHERE { ?s ?p 'SERVICE <http://x>' } # SERVICE")
    []
    >>> service_terms("ASK { ?s ?p ?o }")
    []
    """
    try:
        from pyparsing import ParseResults
        from rdflib.plugins.sparql.parser import parseQuery
        from rdflib.plugins.sparql.parserutils import CompValue
        from rdflib.term import Identifier

        tree = parseQuery(text)
    except Exception:  # noqa: BLE001 - rdflib cannot parse it: the word anywhere counts
        # (stripping strings and comments first could be fooled by escapes such as ``ex:a\#``)
        return ["(in a query rdflib cannot parse)"] * len(re.findall(r"(?i)SERVICE", text))
    found: list[str] = []

    def walk(node) -> None:
        if isinstance(node, CompValue):
            if node.name == "ServiceGraphPattern":
                term = node.get("term")
                if isinstance(term, Identifier):  # <iri> or ?var
                    found.append(term.n3())
                elif isinstance(term, CompValue) and term.name == "pname":
                    found.append(f"{term.get('prefix') or ''}:{term.get('localname') or ''}")
                else:
                    found.append(str(term))
            for value in node.values():
                walk(value)
        elif isinstance(node, (list, tuple, ParseResults)):
            for value in node:
                walk(value)
        elif isinstance(node, dict):
            for value in node.values():
                walk(value)

    walk(tree)
    return found


def check_offline(text: str, allow_network: bool) -> None:
    """Refuse (``E311``, a usage error) a query with ``SERVICE`` unless ``allow_network``.

    Examples
    --------
    >>> check_offline("ASK { SERVICE <urn:x> { ?s ?p ?o } }", allow_network=True)
    >>> check_offline("ASK { SERVICE <urn:x> { ?s ?p ?o } }", allow_network=False)  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    kg.errors.QueryError: [E311] the query uses SERVICE <urn:x>, which would send it over the network; ...
    """
    if allow_network:
        return
    services = service_terms(text)
    if services:
        raise KGError("E311", exit_code=2, service=services[0])
