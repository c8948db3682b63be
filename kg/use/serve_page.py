"""The page ``kg serve`` shows at ``/``: the YASGUI query editor set up for kg.

Oxigraph's own page opens an empty editor that knows none of kg's prefixes and questions.
kg's page loads the same YASGUI files from the same server (Oxigraph builds them into its
binary: nothing comes from elsewhere) and sets it up with

* one tab per ready-made question (:func:`kg.use.query.questions.ready_made`, as ``kg query
  --list`` lists them), each runnable as it is: a parameter that ``kg query -p actor=Putin``
  would bind is set by a ``VALUES`` line at the start of the group that first uses it (a ``VALUES``
  at the end of a query is joined after its ``FILTER`` ran, so that would find nothing), with
  the example its help gives (``VALUES (?actor) { ("putin") }``), for the reader to edit;
* kg's prefixes (:func:`kg.graph.vocab.prefixes`) on every new tab;
* ``/query`` of this server as the only endpoint, sent by POST (so kg's proxy sees and
  checks every query);
* only YASQE's completer of variables: its completers of prefixes, classes and properties
  ask prefix.cc and the LOV service over the network.

YASGUI keeps a reader's tabs in the browser (localStorage) under a key that changes with
the questions, so a new kg brings its new questions and a reader's edits are kept otherwise.

The page is built once per process (:func:`page`) and answered by :func:`respond`, which
the proxy calls for ``GET /`` and ``HEAD /``; a Content-Security-Policy lets it load scripts
only from the server and its own inline script (by hash), and connect only to the server.
"""

from __future__ import annotations

import base64
import hashlib
import json
import re
from functools import cache
from pathlib import Path

HERE = Path(__file__).resolve().parent
START = "SELECT ?s ?p ?o\nWHERE { ?s ?p ?o }\nLIMIT 25"
_EXAMPLE = re.compile(r"\((\w+)=([^)\s]+)\)")


def _values(question) -> str:
    """The ``VALUES`` line that binds a question's parameters to the examples of their help.

    Examples
    --------
    >>> from kg.use.query.questions import ready_made
    >>> _values(ready_made()["between"])
    'VALUES (?a ?b ?count) { ("trump" "putin" "instances") }  # edit: kg query TARGET between a=NAME b=NAME [count=instances|mentions] binds these'
    >>> _values(ready_made()["aliases"])
    'VALUES (?name) { ("trump") }  # edit: kg query TARGET aliases name=NAME binds these'
    """
    if not question.params:
        return ""
    names, values = [], []
    for p in question.params:
        example = dict(_EXAMPLE.findall(p.help)).get(p.name, "") or (p.choices[0] if p.choices else "")
        names.append(f"?{p.name}")
        if p.kind == "IRI":
            values.append(f"<https://w3id.org/kg-news/data/event/{example or 'ID'}>")
        else:
            values.append(json.dumps(example.lower() if p.kind == "NAME" else example))
    return f"VALUES ({' '.join(names)}) {{ ({' '.join(values)}) }}  # edit: kg query TARGET {question.usage()} binds these"


def runnable(question) -> str:
    """A question's text with its parameters bound by a ``VALUES`` line at the start of the group that first uses
    them (what ``kg query -p`` does with substitutions), so that it runs as it is in the editor.

    Examples
    --------
    >>> from kg.use.query.questions import ready_made
    >>> print(runnable(ready_made()["neighbours"]).split("SELECT DISTINCT")[1].splitlines()[1].strip())
    VALUES (?actor) { ("putin") }  # edit: kg query TARGET neighbours actor=NAME binds these
    """
    text = question.text.rstrip("\n") + "\n"
    values = _values(question)
    if not values:
        return text
    body = [m.start() for m in re.finditer(rf"\?{question.params[0].name}\b", text)
            if not text[text.rfind("\n", 0, m.start()) + 1:m.start()].lstrip().upper().startswith(("SELECT", "#"))]
    first = body[0] if body else len(text)
    # the innermost WHERE group that holds the first use (not a sub-select's before it)
    where = [m.end() for m in re.finditer(r"WHERE\s*\{", text, re.IGNORECASE)
             if m.end() <= first and _group_end(text, m.end()) >= first]
    at = where[-1]
    indent = "  " * (text[:at].count("{") - text[:at].count("}"))
    return text[:at] + f"\n{indent}{values}\n{indent}" + text[at:].lstrip(" ")


def _group_end(text: str, start: int) -> int:
    """Where the group opened just before ``start`` closes (the end of the text if it never does)."""
    depth = 1
    for i in range(start, len(text)):
        depth += {"{": 1, "}": -1}.get(text[i], 0)
        if depth == 0:
            return i
    return len(text)


def questions() -> list[dict[str, str]]:
    """The ready-made questions as tabs: name and runnable query text."""
    from kg.use.query.questions import ready_made

    return [{"name": name, "query": runnable(q)} for name, q in ready_made().items()]


def _hash(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode("ascii") + "'"


@cache
def page() -> tuple[bytes, str]:
    """The page's bytes and its Content-Security-Policy."""
    from kg.graph.vocab import prefixes

    qs = questions()
    key = hashlib.sha256(json.dumps(qs, sort_keys=True).encode("utf-8")).hexdigest()[:12]
    config = {"prefixes": prefixes(), "questions": qs, "start": START, "persistence": f"kg-serve-{key}"}
    payload = json.dumps(config, ensure_ascii=False, sort_keys=True)
    payload = payload.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    script = (HERE / "serve_page.js").read_text(encoding="utf-8")
    html = (HERE / "serve_page.html").read_text(encoding="utf-8")
    html = html.replace("{{CONFIG}}", payload, 1).replace("{{SCRIPT}}", script, 1)
    csp = (f"default-src 'none'; script-src 'self' {_hash(script)}; style-src 'self' 'unsafe-inline'; "
           "img-src 'self' data:; font-src 'self' data:; connect-src 'self'; base-uri 'none'; form-action 'none'; "
           "frame-ancestors 'none'")
    return html.encode("utf-8"), csp


def respond(handler) -> None:
    """Answer a ``GET /`` or ``HEAD /`` on ``handler`` (an ``http.server.BaseHTTPRequestHandler``) with the page."""
    body, csp = page()
    handler.send_response_only(200)
    for key, value in (("Content-Type", "text/html; charset=utf-8"), ("Content-Length", str(len(body))),
                       ("Content-Security-Policy", csp), ("X-Content-Type-Options", "nosniff"),
                       ("Referrer-Policy", "no-referrer"), ("Cache-Control", "no-cache")):
        handler.send_header(key, value)
    handler.end_headers()
    if handler.command != "HEAD":
        handler.wfile.write(body)
