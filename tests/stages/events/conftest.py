"""Fixtures for the event tests: hand-built parses, and the events read from them."""

from __future__ import annotations

import pytest
from spacy.tokens import Doc

from kg.stages.events import EventContext, Lexicon, find_events
from kg.stages.extract.mentions import find_mentions, token_mentions


@pytest.fixture(scope="session")
def make_doc(nlp):
    """A hand-built parse: ``make_doc(words, pos, deps, heads, lemmas, ents, tags=None)`` (heads absolute)."""

    def make(words, pos, deps, heads, lemmas, ents, tags=None):
        return Doc(nlp.vocab, words=words, pos=pos, deps=deps, heads=heads, lemmas=lemmas, ents=ents, tags=tags)

    return make


@pytest.fixture(scope="session")
def parse(make_doc):
    """A hand-built parse from rows ``(word, pos, dep, head, lemma, ent[, tag])`` (heads absolute)."""

    def build(rows):
        rows = [(*r, None)[:7] if len(r) == 6 else r for r in rows]
        words, pos, deps, heads, lemmas, ents, tags = (list(col) for col in zip(*rows))
        return make_doc(words, pos, deps, heads, lemmas, ents, tags if any(tags) else None)

    return build


@pytest.fixture(scope="session")
def read_events():
    """``read_events(doc, lexicon=None, rules=None, **context)`` -> [(category, agent text, target text)]."""

    def read(doc, lexicon=None, rules=None, **context):
        mentions = find_mentions(doc)
        ctx = EventContext(doc, mentions, token_mentions(doc, mentions), lexicon=lexicon or Lexicon.load(), **context)
        return [(e.category, mentions[e.agents[0]].text, mentions[e.targets[0]].text)
                for e in find_events(ctx, rules)]

    return read
