"""kg stays offline: a query with ``SERVICE`` is refused before anything runs.

pyoxigraph evaluates ``SERVICE`` by sending the query over HTTP, so kg looks for it first
(:func:`service_terms`) and :func:`check_offline` refuses it (``E311``) unless the user allows
the network (``kg query --allow-network``). ``kg serve`` refuses the same queries at its
endpoint with the same detector (:func:`kg.use.serve.network_uses`).

This check reads the query with rdflib's parser, not Oxigraph's, and the two disagree (rdflib
turns ``\\u`` escapes into characters before parsing, Oxigraph does not: issue 20). So it is
not what keeps kg offline. That is the engine's sandbox (:mod:`kg.use.query.sandbox`): the
process that runs the query cannot open a socket. The check stays for its message, which names
the ``SERVICE`` clause before anything runs; it parses texts up to :data:`PARSE_LIMIT`
characters (rdflib takes about 24 s for a megabyte) and leaves longer ones to the sandbox.
Where the sandbox does not work (not Linux, or no seccomp), ``confined=False`` makes the check
stricter: every text is parsed, and one with a ``\\u`` or ``\\U`` escape and the word
``service`` is refused too.
``FROM``/``FROM NAMED`` only pick graphs of the store (Oxigraph fetches nothing for them) and
``LOAD`` is an update, which :func:`kg.use.query.query` never runs.
"""

from __future__ import annotations

import re

from kg.errors import KGError

__all__ = ["service_terms", "check_offline", "PARSE_LIMIT"]

PARSE_LIMIT = 16 * 1024  # characters of query text the check parses when the engine is confined (rdflib: ~0.4 s)
_ESCAPE = re.compile(r"\\[uU]")
_WORD = re.compile(r"(?i)service")


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


def check_offline(text: str, allow_network: bool, *, confined: bool = True) -> None:
    """Refuse (``E311``, a usage error) a query with ``SERVICE`` unless ``allow_network``.

    ``confined`` says whether the engine runs in the sandbox; without it, a query with a
    ``\\u`` escape and the word ``service`` is refused too (rdflib and Oxigraph read it apart).

    Examples
    --------
    >>> check_offline("ASK { SERVICE <urn:x> { ?s ?p ?o } }", allow_network=True)
    >>> check_offline("ASK { SERVICE <urn:x> { ?s ?p ?o } }", allow_network=False)  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    kg.errors.QueryError: [E311] the query uses SERVICE <urn:x>, which would send it over the network; ...
    """
    if allow_network:
        return
    if confined and (not _WORD.search(text) or len(text) > PARSE_LIMIT):
        # Oxigraph reads the keyword only as written; and the engine cannot open a socket anyway
        # (rdflib would take long to say so first in a long text)
        return
    services = service_terms(text)
    if not services and not confined and _ESCAPE.search(text) and _WORD.search(_unescape(text)):
        services = ["(hidden by a \\u escape; kg cannot check it here without the engine's sandbox)"]
    if services:
        raise KGError("E311", exit_code=2, service=services[0])


def _unescape(text: str) -> str:
    """``\\uXXXX`` and ``\\UXXXXXXXX`` as the characters they stand for (SPARQL 1.1, 19.2).

    Examples
    --------
    >>> _unescape(r"\u0053ERVICE")
    'SERVICE'
    """
    return re.sub(r"\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})",
                  lambda m: chr(int(m[1] or m[2], 16)) if int(m[1] or m[2], 16) < 0x110000 else m[0], text)
