"""Ready-made questions, and what a query given by the user is: text, a ``.rq`` file or a name.

Ready-made questions
--------------------
A ``.rq`` file in ``kg/use/query/questions/`` starts with comment lines::

    # An actor's events ...               (the first sentence of the comment is the description)
    # param actor: NAME  the actor's name or alias, any case
    # param event: ID    an event's id as the questions show it, or its IRI
    # param actor: NAME optional ...      (an optional NAME is bound to "" when not given)
    # param count: instances|mentions optional ...  (one of the words listed; the first is the default)

Parameter ``KEY`` binds variable ``?KEY``. A ``NAME`` is bound as its lower-cased literal and
the query compares it with ``LCASE(STR(?label))`` over ``rdfs:label`` and ``skos:altLabel``;
a name no label matches is refused with close names suggested (``E305``). An ``ID`` is an
event's id as the questions show it (``b35c5cc3631977a9-5``) or its IRI, bound as the IRI;
an id that names no event is refused like an unknown name (``E316``). A kind written as words
joined by ``|`` takes one of them (any other value is ``E310``, a usage error), the first when
an optional parameter is not given. How parameters are
bound: :mod:`kg.use.query.params`.

On the command line a parameter is ``KEY=VALUE`` after the question, the same in ``--list``,
in the usage errors (``E307``, ``E308``) and in the README: ``kg query out events actor=Putin``
(``-p KEY=VALUE`` is the same).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from kg.errors import KGError

__all__ = ["QUERY_DIR", "Param", "ReadyMade", "ready_made", "query_text"]

QUERY_DIR = Path(__file__).resolve().parent / "questions"


@dataclass(frozen=True)
class Param:
    """A parameter of a ready-made question."""

    name: str
    kind: str  # "NAME" (matched against labels), "ID" (an event, checked), "IRI", "TEXT" or "a|b"

    @property
    def choices(self) -> tuple[str, ...]:
        """The words a ``a|b`` parameter takes (empty for the other kinds)."""
        return tuple(self.kind.split("|")) if "|" in self.kind else ()
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


_PARAM = re.compile(r"#\s*param\s+(\w+)\s*:\s*(NAME|ID|IRI|TEXT|\w+(?:\|\w+)+)(?!\S)\s*(optional\b)?\s*(.*)")


def _read_ready_made(path: Path) -> ReadyMade:
    words: list[str] = []  # the comment lines before the first parameter
    params: list[Param] = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.startswith("#"):
            break
        match = _PARAM.match(line)
        if match:
            name, kind, optional, help_text = match.groups()
            params.append(Param(name, kind, not optional, help_text.strip()))
        elif not params and line.strip("# "):
            words.append(line.lstrip("#").strip())
    text = " ".join(words)
    end = text.find(". ")  # the description is the first sentence, however many lines it takes
    return ReadyMade(path.stem, text if end < 0 else text[:end + 1], tuple(params), path)


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


def query_file(sparql_or_path) -> Path | None:
    """The file a query is read from: a path, a name ending in ``.rq``, or an existing file's
    name that is no ready-made question (None for SPARQL text and questions)."""
    if isinstance(sparql_or_path, Path):
        return sparql_or_path
    text = str(sparql_or_path)
    if "\n" in text or "{" in text or len(text) >= 4096 or text in ready_made():
        return None
    return Path(text) if text.endswith(".rq") or Path(text).is_file() else None


def query_text(sparql_or_path) -> tuple[str, ReadyMade | None]:
    """The SPARQL text of a query given as text, a ``.rq`` file or a ready-made question's
    name, and the question (None unless a ready-made one).

    A word that names no question is ``E306``; a ``.rq`` file that cannot be read ``E303``.

    Examples
    --------
    >>> text, question = query_text("dyads")
    >>> question.name, "SELECT" in text
    ('dyads', True)
    >>> query_text("ASK { ?s ?p ?o }")
    ('ASK { ?s ?p ?o }', None)
    """
    path = query_file(sparql_or_path)
    if path is not None:
        try:
            return path.read_text(encoding="utf-8"), None
        except (OSError, UnicodeDecodeError) as exc:
            raise KGError("E303", path=path, detail=getattr(exc, "strerror", None) or str(exc)) from None
    text = str(sparql_or_path)
    questions = ready_made()
    if text in questions:
        return questions[text].text, questions[text]
    if re.fullmatch(r"[\w-]+", text):
        raise KGError("E306", exit_code=2, name=text, names=", ".join(questions))
    return text, None
