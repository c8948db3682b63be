"""Acronyms a document defines: "World Health Organization (WHO)" and "ISIS (Islamic State of Iraq and Syria)".

News spell a body's name out once and use its short form after ("the Islamic Revolutionary
Guard Corps (IRGC) ... the IRGC"). The pairs are found with the Schwartz & Hearst algorithm
(*A simple algorithm for identifying abbreviation definitions in biomedical text*, PSB 2003) as
the ``abbreviations`` package implements it: a short form in brackets after its long form, whose
letters the long form's words give in order. The package reads only that order; the other one
the paper describes, a short form followed by its long form in brackets when the brackets hold
more than two words ("ISIS (Islamic State of Iraq and Syria)"), is read here with the package's
own letter test (``select_definition``).

Two stages read the pairs: the mentions (:mod:`kg.stages.extract.mentions`) read a name NER cut
inside a long form to the long form's end ("Islamic State of Iraq" of "Islamic State of Iraq and
Syria", "Organisation for Economic Co-operation and" of "... and Development"), and the
document's names (:mod:`kg.stages.resolve.names`) make the short form a name of the long form's
entity, so the corpus binds the short form to it in every document (``acronym-bound``).

Design decision: measured on the 284 Wikinews articles before this module, NER cut 10 names at a
function word ("Organisation for Economic Co-operation and") and the corpus graph had a node for
"Islamic State of Iraq" beside one for "ISIS" although the document spells one out as the other.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass

__all__ = ["Definition", "definitions"]

# a short form: 2 to 10 characters, a capital first, at least two capitals, no space
_SHORT = r"[A-Z][A-Za-z0-9&.\-]{1,9}"
_SHORT_FIRST = re.compile(r"\b(" + _SHORT + r")\s+\(([^()\n]{5,150})\)")
_SHORT_IN_BRACKETS = re.compile(r"\((" + _SHORT + r")\)")


@dataclass(frozen=True, slots=True)
class Definition:
    """A short form and the long form it stands for, with the long form's character offsets."""

    short: str
    long: str
    start: int
    end: int


def _is_short(text: str) -> bool:
    return sum(c.isupper() for c in text) >= 2 and not text.isdigit()


def _letters_fit(long: str, short: str) -> str | None:
    """The part of ``long`` whose letters give ``short`` (the package's test), or None."""
    from abbreviations import schwartz_hearst as sh

    cand = sh.Candidate(long)
    cand.set_position(0, len(long))
    try:
        found = sh.select_definition(cand, short)
    except (ValueError, IndexError):
        return None
    found = str(found).strip()
    # the long form is a name: its first word is capitalised ("the Islamic State" is "Islamic State")
    return found if found[:1].isupper() and found.split()[0][0].lower() == short[0].lower() else None


def definitions(text: str) -> list[Definition]:
    """The acronym definitions of a text, in text order (each long form once).

    Examples
    --------
    >>> t = "Ties to the Islamic Revolutionary Guard Corps (IRGC). Hundreds of ISIS (Islamic State of Iraq and Syria) fighters."
    >>> [(d.short, d.long, t[d.start:d.end] == d.long) for d in definitions(t)]
    [('IRGC', 'Islamic Revolutionary Guard Corps', True), ('ISIS', 'Islamic State of Iraq and Syria', True)]
    >>> definitions("He met the president (again) in Paris (France).")
    []
    """
    out: dict[int, Definition] = {}
    for m in _SHORT_IN_BRACKETS.finditer(text):
        short = m.group(1)
        if not _is_short(short):
            continue
        line_start = text.rfind("\n", 0, m.start()) + 1
        before = text[max(line_start, m.start() - 200):m.start()].rstrip()
        # the long form ends before the bracket: take the words back to the sentence's start
        before = re.split(r"[.;:!?\"“”]\s", before)[-1]
        if (long := _letters_fit(before, short)) is not None:
            end = m.start() - (len(text[:m.start()]) - len(text[:m.start()].rstrip()))
            out.setdefault(end - len(long), Definition(short, long, end - len(long), end))
    for m in _SHORT_FIRST.finditer(text):
        short, inside = m.group(1), m.group(2).strip()
        if not _is_short(short) or len(inside.split()) <= 2:
            continue
        # the letters must fit the whole bracket: the long form is all of it
        long = _letters_fit(inside, short)
        if long == inside:
            start = m.start(2) + (len(m.group(2)) - len(m.group(2).lstrip()))
            out.setdefault(start, Definition(short, long, start, start + len(long)))
    return [out[k] for k in sorted(out)]


logging.getLogger("abbreviations").setLevel(logging.WARNING)
