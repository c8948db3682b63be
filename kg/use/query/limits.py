"""Limits on the shape of a query: its size and how deeply it nests.

Oxigraph parses and plans a query by recursion, and a query nested a few thousand groups deep
overflows the stack: pyoxigraph dies with SIGSEGV at about 2,000 nested ``{ }`` (measured with
0.5.13 on the main thread's 8 MiB stack) and the ``oxigraph`` server's request threads much
earlier (a 12 KB query of 3,000 groups made ``kg serve`` exit, issue 20). So kg refuses a query
that nests more than :data:`MAX_DEPTH` brackets or is longer than :data:`MAX_QUERY_CHARS`
before the engine sees it, with a message that says which limit. Real questions nest a dozen
levels at most; the ready-made ones five.

The count is a scan for brackets outside strings and comments (:func:`nesting`), not a parse:
a query crafted to look shallower than it is reaches the engine, which then runs in a process
of its own (a query child, or ``kg serve``'s restarted Oxigraph server), so a crash costs that
one answer, never kg. The limit is for a clear message; the process boundary is what holds.
"""

from __future__ import annotations

import re

from kg.errors import KGError

__all__ = ["MAX_DEPTH", "MAX_QUERY_CHARS", "nesting", "check_limits"]

MAX_DEPTH = 200  # nested brackets ({, ( and [) a query may have
MAX_QUERY_CHARS = 1 << 20  # characters of query text

_TOKENS = re.compile(r'"""(?:[^"\\]|\\.|"(?!""))*"""|\'\'\'(?:[^\'\\]|\\.|\'(?!\'\'))*\'\'\''
                     r'|"(?:[^"\\\n]|\\.)*"|\'(?:[^\'\\\n]|\\.)*\'|#[^\n]*|[{(\[]|[})\]]', re.S)


def nesting(text: str) -> int:
    """How deeply the brackets of a query nest, strings and comments left out.

    Examples
    --------
    >>> nesting("SELECT * WHERE { ?s ?p ?o FILTER(?o > (1 + 2)) }")
    3
    >>> nesting("ASK { ?s ?p '{{{{' } # {{{{")
    1
    """
    depth = deepest = 0
    for match in _TOKENS.finditer(text):
        token = match[0]
        if token in "{([":
            depth += 1
            deepest = max(deepest, depth)
        elif token in "})]":
            depth = max(0, depth - 1)
    return deepest


def check_limits(text: str, *, max_depth: int = MAX_DEPTH, max_chars: int = MAX_QUERY_CHARS) -> None:
    """Refuse (``E313``, a usage error) a query longer than ``max_chars`` or nested deeper than ``max_depth``.

    Examples
    --------
    >>> check_limits("ASK { ?s ?p ?o }")
    >>> check_limits("ASK " + "{ " * 300 + "}" * 300)  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    kg.errors.QueryError: [E313] the query nests 300 brackets deep; kg runs queries up to 200 deep
    """
    if len(text) > max_chars:
        raise KGError("E313", exit_code=2, what=f"is {len(text):,} characters long",
                      limit=f"{max_chars:,} characters")
    depth = nesting(text)
    if depth > max_depth:
        raise KGError("E313", exit_code=2, what=f"nests {depth} brackets deep", limit=f"{max_depth} deep")
