"""SPARQL for people: run a query on a kg graph and show the answer as a table.

:func:`query` takes a target (a kg output folder, a store folder, an RDF file or an open
:class:`~kg.graph.store.KGStore`) and SPARQL text, a ``.rq`` file or the name of a ready-made
question shipped in ``kg/use/query/questions/`` (:func:`ready_made` lists them). Its
:class:`QueryResult` renders as CSV, TSV, SPARQL JSON results, Markdown, plain aligned text
or a rich table, with labels instead of IRIs where an ``rdfs:label`` exists.

Values are never pasted into query text: ``bindings`` and the parameters of ready-made
questions go to Oxigraph as *substitutions* (SEP-0007, the same as rdflib's
``initBindings`` through oxrdflib). Oxigraph substitutes a variable only if the query
projects it, so a ready-made question projects its parameter variables; columns holding a
substituted value are left out of the result (they hold what the user typed).

Timeout
-------
A pyoxigraph query cannot be interrupted from Python, and a thread that is given up on
keeps computing. So with a ``timeout`` (the default, 30 s) the query runs in a child
process that opens the store read-only (or loads the RDF file) and is killed when the time
is up: nothing keeps running after :class:`~kg.errors.KGError` ``E304``. The child loads
only this file and pyoxigraph (not spaCy), and costs about 0.15 s. ``timeout=None`` runs the
query in this process with no limit.

Ready-made questions
--------------------
A ``.rq`` file in ``kg/use/query/questions/`` starts with comment lines::

    # An actor's events ...               (the first comment line is the description)
    # param actor: NAME  the actor's name or alias, any case
    # param event: IRI   an event's IRI
    # param actor: NAME optional ...      (an optional NAME is bound to "" when not given)

Parameter ``KEY`` binds variable ``?KEY``. A ``NAME`` is bound as its lower-cased literal and
the query compares it with ``LCASE(STR(?label))`` over ``rdfs:label`` and ``skos:altLabel``;
a name no label matches is refused with close names suggested (``E305``).
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox

__all__ = ["query", "QueryResult", "ReadyMade", "ready_made", "service_terms", "QUERY_DIR"]

QUERY_DIR = Path(__file__).resolve().parent / "questions"
_RDFS_LABEL = "http://www.w3.org/2000/01/rdf-schema#label"
_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
_SYNTAX = re.compile(r"error at (\d+):(\d+): (.*)", re.S)
_LABELS = ("SELECT ?n ?label WHERE { ?e <http://www.w3.org/2000/01/rdf-schema#label>"
           "|<http://www.w3.org/2004/02/skos/core#altLabel> ?label FILTER(LCASE(STR(?label)) = ?n) } LIMIT 1")
_ALL_LABELS = ("SELECT DISTINCT ?label WHERE { ?e <http://www.w3.org/2000/01/rdf-schema#label>"
               "|<http://www.w3.org/2004/02/skos/core#altLabel> ?label FILTER NOT EXISTS { ?e a "
               "<https://w3id.org/kg-news/ontology#EventMention> } }")


# ---------------------------------------------------------------------------- the worker
# Everything down to _worker_main uses only the standard library and pyoxigraph: the
# child process loads this file on its own (not the kg package, which imports spaCy).


def _term_json(term) -> dict | None:
    if term is None:
        return None
    if isinstance(term, ox.NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, ox.BlankNode):
        return {"type": "bnode", "value": term.value}
    if isinstance(term, ox.Literal):
        out = {"type": "literal", "value": term.value}
        if term.language:
            out["xml:lang"] = term.language
        elif term.datatype.value != _XSD_STRING:
            out["datatype"] = term.datatype.value
        return out
    return {"type": "literal", "value": str(term)}  # RDF-star triple terms


def _ox_term(data: dict):
    kind = data["type"]
    if kind == "uri":
        return ox.NamedNode(data["value"])
    if kind == "bnode":
        return ox.BlankNode(data["value"])
    if "xml:lang" in data:
        return ox.Literal(data["value"], language=data["xml:lang"])
    if "datatype" in data:
        return ox.Literal(data["value"], datatype=ox.NamedNode(data["datatype"]))
    return ox.Literal(data["value"])


def _open_source(source: dict) -> ox.Store:
    if "store" in source:
        return ox.Store.read_only(source["store"])
    # (kg.graph.store.load_rdf, written out: the child runs this module alone, without the package)
    store = ox.Store()
    fmt = ox.RdfFormat.from_media_type(source["format"])
    if fmt in (ox.RdfFormat.TRIG, ox.RdfFormat.N_QUADS):
        store.load(path=source["file"], format=fmt)
    else:
        store.load(path=source["file"], format=fmt, to_graph=ox.DefaultGraph())
    return store


def _execute(store: ox.Store, job: dict) -> dict:
    """Run one query job on an open pyoxigraph store; the answer is JSON-ready."""
    missing = {}
    for param, name in job.get("names", {}).items():
        found = list(store.query(_LABELS, use_default_graph_as_union=True,
                                 substitutions={ox.Variable("n"): ox.Literal(name)}))
        if not found:
            missing[param] = name
    if missing:
        labels = sorted({s["label"].value for s in store.query(_ALL_LABELS, use_default_graph_as_union=True)})
        return {"status": "unknown_names", "unknown": missing, "labels": labels}
    subs = {ox.Variable(k): _ox_term(v) for k, v in job.get("subs", {}).items()}
    try:
        result = store.query(job["query"], use_default_graph_as_union=True, substitutions=subs or None,
                             prefixes=job.get("prefixes"))
    except SyntaxError as exc:
        return {"status": "error", "type": "syntax", "message": str(exc)}
    except (RuntimeError, ValueError, OSError) as exc:
        return {"status": "error", "type": "query", "message": str(exc)}
    iris: set[str] = set()
    try:
        if isinstance(result, ox.QueryBoolean):
            out = {"status": "ok", "kind": "ask", "boolean": bool(result)}
        elif isinstance(result, ox.QuerySolutions):
            names = [v.value for v in result.variables]
            rows = []
            for solution in result:
                row = [_term_json(solution[n]) for n in names]
                iris.update(t["value"] for t in row if t and t["type"] == "uri")
                rows.append(row)
            out = {"status": "ok", "kind": "select", "vars": names, "rows": rows}
        else:
            triples = []
            for t in result:
                row = [_term_json(t.subject), _term_json(t.predicate), _term_json(t.object)]
                iris.update(x["value"] for x in row if x and x["type"] == "uri")
                triples.append(row)
            out = {"status": "ok", "kind": "graph", "triples": triples}
    except (RuntimeError, ValueError, OSError) as exc:
        return {"status": "error", "type": "query", "message": str(exc)}
    labels = {}
    if job.get("labels", True):
        label = ox.NamedNode(_RDFS_LABEL)
        for iri in iris:
            for quad in store.quads_for_pattern(ox.NamedNode(iri), label, None):
                labels[iri] = quad.object.value
                break
    out["labels"] = labels
    return out


def _worker_main() -> None:
    """The child process: a job as JSON on stdin, the answer as JSON on stdout."""
    job = json.load(sys.stdin)
    try:
        store = _open_source(job["source"])
    except (OSError, SyntaxError, ValueError) as exc:
        answer = {"status": "error", "type": "open", "message": str(exc).splitlines()[0][:300]}
    else:
        answer = _execute(store, job)
    sys.stdout.write(json.dumps(answer))
    sys.stdout.flush()


_CHILD = ("import importlib.util as u, sys; s = u.spec_from_file_location('kg_query_worker', sys.argv[1]); "
          "m = sys.modules['kg_query_worker'] = u.module_from_spec(s); s.loader.exec_module(m); m._worker_main()")


# ---------------------------------------------------------------------------- ready-made


@dataclass(frozen=True)
class Param:
    """A parameter of a ready-made question."""

    name: str
    kind: str  # "NAME" (matched against labels) or "IRI" or "TEXT"
    required: bool = True
    help: str = ""


@dataclass(frozen=True)
class ReadyMade:
    """A ready-made question: a ``.rq`` file with a comment header."""

    name: str
    description: str
    params: tuple[Param, ...]
    path: Path

    @property
    def text(self) -> str:
        return self.path.read_text(encoding="utf-8")

    def usage(self) -> str:
        parts = [f"{p.name}={p.kind}" if p.required else f"[{p.name}={p.kind}]" for p in self.params]
        return " ".join([self.name, *parts])


_PARAM = re.compile(r"#\s*param\s+(\w+)\s*:\s*(NAME|IRI|TEXT)\b\s*(optional\b)?\s*(.*)")


def _read_ready_made(path: Path) -> ReadyMade:
    description, params = "", []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.startswith("#"):
            break
        match = _PARAM.match(line)
        if match:
            name, kind, optional, help_text = match.groups()
            params.append(Param(name, kind, not optional, help_text.strip()))
        elif not description and line.strip("# "):
            description = line.lstrip("#").strip()
    return ReadyMade(path.stem, description, tuple(params), path)


def ready_made() -> dict[str, ReadyMade]:
    """The ready-made questions shipped with kg, by name.

    Examples
    --------
    >>> questions = ready_made()
    >>> sorted(questions)
    ['aliases', 'between', 'dyads', 'events', 'neighbours', 'sources', 'timeline']
    >>> questions["events"].usage()
    'events actor=NAME'
    """
    return {p.stem: _read_ready_made(p) for p in sorted(QUERY_DIR.glob("*.rq"))}


# ---------------------------------------------------------------------------- results


def _rdflib_term(data: dict | None):
    from rdflib import BNode, Literal, URIRef

    if data is None:
        return None
    kind = data["type"]
    if kind == "uri":
        return URIRef(data["value"])
    if kind == "bnode":
        return BNode(data["value"])
    return Literal(data["value"], lang=data.get("xml:lang"), datatype=data.get("datatype"))


def _json_term(term) -> dict:
    from rdflib import BNode, URIRef

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
        from rdflib import Literal

        def value(t):
            if t is None:
                return None
            return t.toPython() if isinstance(t, Literal) else str(t)

        return [{v: value(t) for v, t in zip(self.vars, row)} for row in self.rows]

    def show(self, term, *, compact: bool = True) -> str:
        """How a term is shown: a label, a compact or full IRI, or a literal's text."""
        from rdflib import URIRef

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
        from kg.graph.vocab import prefixes

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
        from rdflib import Graph

        from kg.graph.vocab import Iris, bind_prefixes

        g = Graph()
        bind_prefixes(g, Iris(self.base))
        for triple in self.triples:
            g.add(triple)
        return g.serialize(format="turtle")

    def _delimited(self, sep: str) -> str:
        import csv
        import io

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
            from rdflib import Graph

            g = Graph()
            for triple in self.triples:
                g.add(triple)
            return g.serialize(format="json-ld")
        bindings = [{v: _json_term(t) for v, t in zip(self.vars, row) if t is not None} for row in self.rows]
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


# ---------------------------------------------------------------------------- running


def _syntax_error(message: str, text: str):
    """E301 with the query line and a caret.

    Oxigraph reports the furthest point its parser reached, often past the mistake (the end
    of the line); rdflib's parser reports where the token it could not use starts. The caret
    goes there when rdflib finds an error too, with Oxigraph's list of what was expected.
    """
    from kg.errors import KGError

    match = _SYNTAX.match(message)
    if not match:
        return KGError("E302", detail=message)
    line, column, detail = int(match[1]), int(match[2]), match[3].strip().splitlines()[0]
    try:
        from pyparsing import ParseException
        from rdflib.plugins.sparql.parser import parseQuery

        parseQuery(text)
    except ParseException as exc:
        if (exc.lineno, exc.col) <= (line, column):
            line, column = exc.lineno, exc.col
            found = re.search(r"found (.+?)\s+\(at char", str(exc))
            if found:
                detail = f"unexpected {found[1]}; {detail}"
    except Exception:  # noqa: BLE001 - only a better caret is at stake
        pass
    lines = text.splitlines() or [""]
    source = lines[min(line, len(lines)) - 1]
    caret = " " * (min(max(column, 1), len(source) + 1) - 1) + "^"
    context = f"  {line} | {source}\n  {' ' * len(str(line))} | {caret}"
    return KGError("E301", exit_code=2, line=line, column=column, detail=detail, context=context)


# strings, IRIs and comments, which may contain the word SERVICE without being the keyword


def _service_terms(text: str) -> list[str]:
    """The endpoints of the ``SERVICE`` clauses of a query (``?var`` for a variable one).

    pyoxigraph evaluates ``SERVICE`` by sending the query over HTTP, so kg looks for it
    first. The query is parsed with rdflib's SPARQL parser; if rdflib cannot parse it (an
    Oxigraph extension), the word ``SERVICE`` anywhere in it counts.
    ``FROM``/``FROM NAMED`` only pick graphs of the store (Oxigraph fetches nothing for
    them) and ``LOAD`` is an update, which :func:`query` never runs.

    Examples
    --------
    >>> _service_terms("SELECT * WHERE { SERVICE <http://example.org/sparql> { ?s ?p ?o } }")
    ['<http://example.org/sparql>']
    >>> _service_terms("SELECT * WHERE { ?s ?p 'SERVICE <http://x>' } # SERVICE")
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


def service_terms(text: str) -> list[str]:
    """The endpoints of the ``SERVICE`` clauses of a SPARQL query, empty if it has none.

    The detector :func:`query` uses to stay offline (``E311``), public for ``kg serve``,
    which refuses the same queries at its endpoint. See :func:`_service_terms`.

    Examples
    --------
    >>> service_terms("ASK { SERVICE SILENT <http://example.org/sparql> { ?s ?p ?o } }")
    ['<http://example.org/sparql>']
    >>> service_terms("ASK { ?s ?p ?o }")
    []
    """
    return _service_terms(text)


def _check_offline(text: str, allow_network: bool) -> None:
    from kg.errors import KGError

    if allow_network:
        return
    services = _service_terms(text)
    if services:
        raise KGError("E311", exit_code=2, service=services[0])


def _load_text(sparql_or_path) -> tuple[str, ReadyMade | None]:
    from kg.errors import KGError

    if isinstance(sparql_or_path, Path) or (isinstance(sparql_or_path, str) and sparql_or_path.endswith(".rq")
                                             and "\n" not in sparql_or_path):
        path = Path(sparql_or_path)
        try:
            return path.read_text(encoding="utf-8"), None
        except (OSError, UnicodeDecodeError) as exc:
            raise KGError("E303", path=path, detail=getattr(exc, "strerror", None) or str(exc)) from None
    text = str(sparql_or_path)
    questions = ready_made()
    if text in questions:
        return questions[text].text, questions[text]
    if "\n" not in text and "{" not in text and len(text) < 4096 and Path(text).is_file():
        return _load_text(Path(text))
    if re.fullmatch(r"[\w-]+", text):
        raise KGError("E306", exit_code=2, name=text, names=", ".join(questions))
    return text, None


def _expand_iri(value: str, base: str) -> str:
    from kg.graph.vocab import prefixes

    if value.startswith("<") and value.endswith(">"):
        return value[1:-1]
    prefix, _, local = value.partition(":")
    known = prefixes(base)
    if prefix in known and not local.startswith("//"):
        return known[prefix] + local
    return value


def _bind(value, base: str) -> dict:
    """A binding (rdflib term, pyoxigraph term or plain value) as a JSON term."""
    from rdflib import Literal
    from rdflib.term import Identifier

    if isinstance(value, (ox.NamedNode, ox.BlankNode, ox.Literal)):
        return _term_json(value)
    if isinstance(value, Identifier):
        return _json_term(value)
    if isinstance(value, str):
        return {"type": "literal", "value": value}
    return _json_term(Literal(value))


def _prepare(question: ReadyMade | None, params: dict[str, str], bindings: dict, base: str) -> tuple[dict, dict]:
    """Substitutions and names to check for a query's parameters."""
    from kg.errors import KGError

    subs = {k.lstrip("?$"): _bind(v, base) for k, v in (bindings or {}).items()}
    names: dict[str, str] = {}
    if question is None:
        for key, value in params.items():
            subs[key] = ({"type": "uri", "value": _expand_iri(value, base)} if value.startswith("<")
                         else {"type": "literal", "value": value})
        return subs, names
    known = {p.name: p for p in question.params}
    for key in params:
        if key not in known:
            raise KGError("E308", exit_code=2, name=question.name, param=key,
                          usage=question.usage())
    for p in question.params:
        value = params.get(p.name)
        if value is None or value == "":
            if p.required:
                raise KGError("E307", exit_code=2, name=question.name, param=p.name, usage=question.usage())
            value = ""
        if p.kind == "NAME":
            subs[p.name] = {"type": "literal", "value": value.strip().lower()}
            if value:
                names[p.name] = value.strip().lower()
        elif p.kind == "IRI":
            value = value.strip()
            if p.name == "event" and ":" not in value and not value.startswith("<"):
                value = "ev:" + value  # an event id as the ready-made questions show it
            subs[p.name] = {"type": "uri", "value": _expand_iri(value, base)}
        else:
            subs[p.name] = {"type": "literal", "value": value}
    return subs, names


def _source(target) -> tuple[dict | None, object]:
    """Where a child process finds the graph: a store folder or an RDF file (or None: in memory)."""
    from kg.graph.target import locate

    location = locate(target)
    if location.folder is not None:
        return {"store": str(location.folder)}, location.store
    if location.file is not None:
        return {"file": str(location.file), "format": location.format.media_type}, None
    return None, location.store


def _in_child(job: dict, timeout: float) -> dict:
    from kg.errors import KGError

    proc = subprocess.Popen([sys.executable, "-c", _CHILD, __file__], stdin=subprocess.PIPE,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, encoding="utf-8",
                            env={**os.environ, "PYTHONWARNINGS": "ignore"})
    try:
        out, err = proc.communicate(json.dumps(job), timeout=timeout)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.communicate()
        raise KGError("E304", timeout=timeout) from None
    except BaseException:
        proc.kill()
        proc.communicate()
        raise
    if proc.returncode != 0 or not out:
        lines = (err or "").strip().splitlines()
        raise KGError("E302", detail=lines[-1] if lines else f"query process exited with {proc.returncode}")
    return json.loads(out)


def query(target, sparql_or_path, *, params: dict[str, str] | None = None, bindings: dict | None = None,
          timeout: float | None = 30.0, iris: bool = False, allow_network: bool = False) -> QueryResult:
    """Run SPARQL on a kg graph.

    Parameters
    ----------
    target : str or Path or KGStore
        A kg output folder, store folder, RDF file or open store (opened read-only).
    sparql_or_path : str or Path
        SPARQL text, a ``.rq`` file, or the name of a ready-made question (:func:`ready_made`).
    params : dict, optional
        Parameters of a ready-made question (``{"actor": "Putin"}``); for other queries each
        ``KEY=VALUE`` binds ``?KEY`` to a literal (an IRI when written ``<...>``).
    bindings : dict, optional
        Variable name -> value (rdflib or pyoxigraph term, or a plain value as a literal),
        substituted by Oxigraph; the query must project the variable.
    timeout : float or None
        Seconds before the query is stopped (``E304``); it runs in a child process that is
        killed. ``None`` runs it in this process with no limit.
    iris : bool
        Show IRIs instead of labels when rendering.
    allow_network : bool
        Let ``SERVICE`` clauses query remote endpoints over HTTP. Without it a query with
        ``SERVICE`` is refused (``E311``) before anything runs, so kg stays offline.

    Returns
    -------
    QueryResult

    Examples
    --------
    >>> from kg.graph.store import KGStore
    >>> from rdflib import Literal, URIRef
    >>> from rdflib.namespace import RDFS
    >>> store = KGStore(None)
    >>> putin = URIRef("https://w3id.org/kg-news/data/person/Vladimir_Putin")
    >>> store.ox.add(ox.Quad(ox.NamedNode(str(putin)), ox.NamedNode(str(RDFS.label)), ox.Literal("Vladimir Putin")))
    >>> r = query(store, "SELECT ?who WHERE { ?who rdfs:label ?l }", timeout=None)
    >>> r.vars, r.rows[0][0] == putin, r.table_rows()
    (['who'], True, [['Vladimir Putin']])
    >>> query(store, "SELECT ?l ?who WHERE { ?who rdfs:label ?l }", bindings={"l": "Vladimir Putin"}).to_csv()
    'who\\nVladimir Putin\\n'
    """
    from kg.errors import KGError
    from kg.graph.vocab import DEFAULT_BASE

    base = target.iris.base if hasattr(target, "iris") else DEFAULT_BASE
    text, question = _load_text(sparql_or_path)
    _check_offline(text, allow_network)
    subs, names = _prepare(question, dict(params or {}), dict(bindings or {}), base)
    from kg.graph.vocab import prefixes

    # kg's prefixes (kg:, schema:, person: ...) and rdf:/owl: need no PREFIX lines
    known = {**prefixes(base), "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
             "owl": "http://www.w3.org/2002/07/owl#"}
    job = {"query": text, "subs": subs, "names": names, "labels": True, "prefixes": known}
    source, store = _source(target)
    if timeout:
        if source is None:  # an in-memory store: hand the child a copy
            import tempfile

            with tempfile.NamedTemporaryFile(suffix=".nq", delete=False) as fh:
                store.ox.dump(fh, format=ox.RdfFormat.N_QUADS)
            try:
                answer = _in_child({**job, "source": {"file": fh.name, "format": ox.RdfFormat.N_QUADS.media_type}}, timeout)
            finally:
                os.unlink(fh.name)
        else:
            answer = _in_child({**job, "source": source}, timeout)
    else:
        from kg.graph.target import open_target

        with open_target(target) as opened:
            answer = _execute(opened.ox, job)
    status = answer["status"]
    if status == "unknown_names":
        import difflib

        param, name = next(iter(answer["unknown"].items()))
        by_lower: dict[str, str] = {}
        for label in answer["labels"]:
            by_lower.setdefault(label.lower(), label)
        close = difflib.get_close_matches(name, list(by_lower), n=5, cutoff=0.6)
        hint = f"; did you mean {', '.join(repr(by_lower[c]) for c in close)}?" if close else ""
        raise KGError("E305", param=param, name=(params or {}).get(param, name), hint=hint)
    if status == "error":
        if answer["type"] == "syntax":
            raise _syntax_error(answer["message"], text)
        if answer["type"] == "open" and source and "store" in source:
            raise KGError("E204", path=source["store"], detail=answer["message"])
        if answer["type"] == "open":
            raise KGError("E201", path=(source or {}).get("file", "graph"), detail=answer["message"])
        raise KGError("E302", detail=answer["message"])
    hidden = set(subs)
    result = QueryResult(answer["kind"], labels=answer["labels"], iris=iris, base=base)
    if result.kind == "ask":
        result.boolean = answer["boolean"]
    elif result.kind == "graph":
        result.triples = [tuple(_rdflib_term(t) for t in row) for row in answer["triples"]]
    else:
        keep = [i for i, v in enumerate(answer["vars"]) if v not in hidden]
        result.vars = [answer["vars"][i] for i in keep]
        result.rows = [tuple(_rdflib_term(row[i]) for i in keep) for row in answer["rows"]]
    return result


if __name__ == "__main__":  # pragma: no cover
    _worker_main()
