"""Word valence from VADER's lexicon: is a word praise or blame?

VADER (Hutto and Gilbert, 2014; the ``vaderSentiment`` package, MIT) ships a lexicon of about
7,500 English words and their mean valence as rated by ten people, from -4 (most negative) to
+4. kg reads only that file, through the installed package; it uses no other part of VADER.

Design decision: kg needs valence in one place, a label someone puts on another ("called the
inquiry a witch hunt" is blame, "called him a hero" praise). Measured on the 284-article
corpus before this module, 4 of 9 "call X a Y" readings coded as accusations were praise.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable
from importlib import resources

__all__ = ["valence", "phrase_valence"]


@functools.cache
def _lexicon() -> dict[str, float]:
    text = resources.files("vaderSentiment").joinpath("vader_lexicon.txt").read_text(encoding="utf-8")
    out = {}
    for line in text.splitlines():
        word, score, *_ = line.split("\t")
        out[word] = float(score)
    return out


def valence(word: str) -> float:
    """A word's mean valence in VADER's lexicon (0.0 for a word it does not list).

    Examples
    --------
    >>> valence("betrayal") < 0 < valence("hero"), valence("mathematician")
    (True, 0.0)
    """
    return _lexicon().get(word.lower(), 0.0)


def phrase_valence(words: Iterable[str]) -> float:
    """The sum of the valences of a phrase's words.

    Examples
    --------
    >>> phrase_valence(["a", "witch", "hunt"]) < 0 < phrase_valence(["a", "pleasant", "neighbor"])
    True
    """
    return sum(valence(w) for w in words)
