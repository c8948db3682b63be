"""The answer to a query, and how it is shown: CSV, TSV, SPARQL JSON results, Markdown, plain
aligned text or a rich table, with labels instead of IRIs where an ``rdfs:label`` exists; or
handed on as Python values (:meth:`QueryResult.records`) or a pandas DataFrame
(:meth:`QueryResult.to_dataframe`; pandas is the optional extra ``kg[dataframe]``, imported
only there).

Terms travel from the query child process as SPARQL 1.1 Query Results JSON terms
(:mod:`kg.use.query.child`); :func:`json_to_rdflib` makes them the rdflib terms a
:class:`QueryResult` holds, :func:`rdflib_to_json` turns them back for ``to_json`` and for
bindings given as rdflib terms.
"""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass, field
from decimal import Decimal

from rdflib import BNode, Graph, Literal, URIRef

from kg.errors import KGError
from kg.graph.vocab import Iris, bind_prefixes, prefixes

__all__ = ["QueryResult", "json_to_rdflib", "rdflib_to_json"]

#: dates kept as their ISO text in a DataFrame: one column holds days, months and years
_DATE_TYPES = frozenset(URIRef("http://www.w3.org/2001/XMLSchema#" + t) for t in ("date", "gYearMonth", "gYear", "dateTime"))


def json_to_rdflib(data: dict | None):
    """A SPARQL JSON results term as an rdflib term (None stays None).

    Examples
    --------
    >>> json_to_rdflib({"type": "literal", "value": "hi", "xml:lang": "en"})
    rdflib.term.Literal('hi', lang='en')
    """
    if data is None:
        return None
    kind = data["type"]
    if kind == "uri":
        return URIRef(data["value"])
    if kind == "bnode":
        return BNode(data["value"])
    return Literal(data["value"], lang=data.get("xml:lang"), datatype=data.get("datatype"))


def rdflib_to_json(term) -> dict:
    """An rdflib term as a SPARQL JSON results term.

    Examples
    --------
    >>> rdflib_to_json(URIRef("urn:x"))
    {'type': 'uri', 'value': 'urn:x'}
    """
    if isinstance(term, URIRef):
        return {"type": "uri", "value": str(term)}
    if isinstance(term, BNode):
        return {"type": "bnode", "value": str(term)}
    out = {"type": "literal", "value": str(term)}
    if term.language:
        out["xml:lang"] = term.language
    elif term.datatype is not None:
        out["datatype"] = str(term.datatype)
    return out


@dataclass
class QueryResult:
    """The answer to a query.

    ``kind`` is ``select`` (``vars`` and ``rows``: tuples of rdflib terms, ``None`` where
    unbound), ``ask`` (``boolean``) or ``graph`` (``triples``, from CONSTRUCT or DESCRIBE).
    Renderers show an IRI's ``rdfs:label`` where it has one, unless ``iris`` is true.

    Examples
    --------
    >>> from rdflib import Literal, URIRef
    >>> r = QueryResult("select", vars=["who", "n"],
    ...                 rows=[(URIRef("https://w3id.org/kg-news/data/person/Donald_Trump"), Literal(3))],
    ...                 labels={"https://w3id.org/kg-news/data/person/Donald_Trump": "Donald Trump"})
    >>> print(r.to_csv(), end="")
    who,n
    Donald Trump,3
    >>> print(r.to_markdown())
    | who | n |
    | --- | --- |
    | Donald Trump | 3 |
    >>> r.iris = True
    >>> r.to_tsv().splitlines()[1].split(chr(9))
    ['https://w3id.org/kg-news/data/person/Donald_Trump', '3']
    """

    kind: str
    vars: list[str] = field(default_factory=list)
    rows: list[tuple] = field(default_factory=list)
    boolean: bool | None = None
    triples: list[tuple] = field(default_factory=list)
    labels: dict[str, str] = field(default_factory=dict)
    iris: bool = False
    base: str = "https://w3id.org/kg-news/data/"

    def __len__(self) -> int:
        return len(self.rows) if self.kind == "select" else len(self.triples)

    def __iter__(self):
        return iter(self.rows if self.kind == "select" else self.triples)

    # --------------------------------------------------------------- values
    def records(self) -> list[dict]:
        """Rows as dicts of Python values: ``Literal.toPython()`` (dates, numbers), IRIs as str."""

        def value(t):
            if t is None:
                return None
            return t.toPython() if isinstance(t, Literal) else str(t)

        return [{v: value(t) for v, t in zip(self.vars, row)} for row in self.rows]

    def to_dataframe(self, *, iris: bool | None = None):
        """The answer as a :class:`pandas.DataFrame`, one column per variable.

        An IRI is its label where it has one (as in the tables), else the full IRI; with
        ``iris`` (default: the result's ``iris``) always the full IRI. Numbers are ints and
        floats, booleans bools, unbound values None. Dates stay ISO text at the precision kg
        knows (``2025-06-14``, ``2025-06``, ``2025``): one column mixes them, and
        ``pandas.to_datetime`` reads all three. An ASK answer is one ``boolean`` column; a
        CONSTRUCT or DESCRIBE answer has ``subject``, ``predicate`` and ``object`` columns.

        pandas is an optional extra: without it this is ``E315``, naming ``kg[dataframe]``.

        Examples
        --------
        >>> from rdflib.namespace import XSD
        >>> r = QueryResult("select", vars=["who", "date", "confidence"],
        ...                 rows=[(URIRef("https://w3id.org/kg-news/data/person/Donald_Trump"),
        ...                        Literal("2025-06", datatype=XSD.gYearMonth), Literal("0.7", datatype=XSD.decimal))],
        ...                 labels={"https://w3id.org/kg-news/data/person/Donald_Trump": "Donald Trump"})
        >>> df = r.to_dataframe()
        >>> df.to_dict("records")
        [{'who': 'Donald Trump', 'date': '2025-06', 'confidence': 0.7}]
        >>> r.to_dataframe(iris=True)["who"][0]
        'https://w3id.org/kg-news/data/person/Donald_Trump'
        """
        try:
            import pandas as pd
        except ImportError as exc:
            raise KGError("E315", detail=str(exc)) from None
        full = self.iris if iris is None else iris
        if self.kind == "ask":
            return pd.DataFrame({"boolean": [bool(self.boolean)]})
        columns, rows = (self.vars, self.rows) if self.kind == "select" else (["subject", "predicate", "object"],
                                                                              self.triples)
        return pd.DataFrame([[self._python(t, full) for t in row] for row in rows], columns=list(columns))

    def _python(self, term, full_iris: bool):
        """A term as the Python value a DataFrame cell holds."""
        if term is None:
            return None
        if isinstance(term, URIRef):
            return str(term) if full_iris else self.labels.get(str(term), str(term))
        if not isinstance(term, Literal):
            return str(term)
        if term.datatype in _DATE_TYPES:
            return str(term)
        value = term.toPython()
        if isinstance(value, Decimal):
            return float(value)
        return str(value) if isinstance(value, Literal) else value

    def show(self, term, *, compact: bool = True) -> str:
        """How a term is shown: a label, a compact or full IRI, or a literal's text."""
        if term is None:
            return ""
        if isinstance(term, URIRef):
            iri = str(term)
            if not self.iris and iri in self.labels:
                return self.labels[iri]
            if compact and not self.iris:
                return self._compact(iri)
            return iri
        return str(term)

    def _compact(self, iri: str) -> str:
        best = ""
        for prefix, ns in prefixes(self.base).items():
            if iri.startswith(ns) and len(ns) > len(best):
                best, name = ns, f"{prefix}:{iri[len(ns):]}"
        return name if best else iri

    def table_rows(self, *, compact: bool = True) -> list[list[str]]:
        """The rows as the strings a table shows."""
        return [[self.show(t, compact=compact) for t in row] for row in self.rows]

    # --------------------------------------------------------------- renderers
    def to_turtle(self) -> str:
        """CONSTRUCT / DESCRIBE results as Turtle."""
        g = Graph()
        bind_prefixes(g, Iris(self.base))
        for triple in self.triples:
            g.add(triple)
        return g.serialize(format="turtle")

    def _delimited(self, sep: str) -> str:
        if self.kind == "ask":
            return f"{str(self.boolean).lower()}\n"
        if self.kind == "graph":
            return self.to_turtle()
        buf = io.StringIO()
        if sep == ",":
            writer = csv.writer(buf, lineterminator="\n")
            writer.writerow(self.vars)
            writer.writerows(self.table_rows(compact=False))
        else:
            clean = lambda s: s.replace("\t", " ").replace("\n", " ")  # noqa: E731
            buf.write("\t".join(self.vars) + "\n")
            for row in self.table_rows(compact=False):
                buf.write("\t".join(clean(c) for c in row) + "\n")
        return buf.getvalue()

    def to_csv(self) -> str:
        """Comma-separated values with a header row (labels, full IRIs where there is none)."""
        return self._delimited(",")

    def to_tsv(self) -> str:
        """Tab-separated values with a header row; tabs and newlines in values become spaces."""
        return self._delimited("\t")

    def to_json(self) -> str:
        """SPARQL 1.1 Query Results JSON (terms as they are: IRIs, not labels); JSON-LD for graphs."""
        if self.kind == "ask":
            return json.dumps({"head": {}, "boolean": bool(self.boolean)})
        if self.kind == "graph":
            g = Graph()
            for triple in self.triples:
                g.add(triple)
            return g.serialize(format="json-ld")
        bindings = [{v: rdflib_to_json(t) for v, t in zip(self.vars, row) if t is not None} for row in self.rows]
        return json.dumps({"head": {"vars": self.vars}, "results": {"bindings": bindings}}, ensure_ascii=False)

    def to_markdown(self) -> str:
        """A Markdown table (``|`` in values escaped)."""
        if self.kind == "ask":
            return str(self.boolean).lower()
        if self.kind == "graph":
            return "```turtle\n" + self.to_turtle().rstrip() + "\n```"
        esc = lambda s: s.replace("|", "\\|").replace("\n", " ")  # noqa: E731
        lines = ["| " + " | ".join(self.vars) + " |", "| " + " | ".join("---" for _ in self.vars) + " |"]
        lines += ["| " + " | ".join(esc(c) for c in row) + " |" for row in self.table_rows()]
        return "\n".join(lines)

    def to_text(self, max_width: int = 60) -> str:
        """Plain aligned columns (for pipes); long values are cut to ``max_width`` characters."""
        if self.kind == "ask":
            return str(self.boolean).lower()
        if self.kind == "graph":
            return self.to_turtle()
        cut = lambda s: (s if len(s) <= max_width else s[: max_width - 1] + "…").replace("\n", " ")  # noqa: E731
        rows = [[cut(c) for c in row] for row in self.table_rows()]
        widths = [max([len(v)] + [len(r[i]) for r in rows]) for i, v in enumerate(self.vars)]
        fmt = lambda cells: "  ".join(c.ljust(w) for c, w in zip(cells, widths)).rstrip()  # noqa: E731
        lines = [fmt(self.vars), fmt(["-" * w for w in widths])] + [fmt(r) for r in rows]
        return "\n".join(lines)

    def to_rich_table(self):
        """A :class:`rich.table.Table` for a terminal."""
        from rich.table import Table
        from rich.text import Text

        table = Table(show_lines=False, header_style="bold")
        if self.kind != "select":
            table.add_column("result")
            table.add_row(self.to_text())
            return table
        for v in self.vars:
            table.add_column(v, overflow="fold")
        for row in self.table_rows():
            table.add_row(*(Text(c) for c in row))  # Text: "[and]" is not rich markup
        return table

    def render(self, fmt: str) -> str:
        """Text in ``fmt``: ``text``, ``csv``, ``tsv``, ``json`` or ``markdown``."""
        return {"text": self.to_text, "table": self.to_text, "csv": self.to_csv, "tsv": self.to_tsv,
                "json": self.to_json, "markdown": self.to_markdown}[fmt]()
