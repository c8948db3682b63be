"""Stage 3b, events: who did what to whom, as PLOVER events, from a parsed document and its mentions.

Events: lexicon triggers matched with spaCy's PhraseMatcher, arguments by grammar rule,
completed and adjusted by named rules. :mod:`kg.stages.extract` finds the mentions and
coreference links of a document, builds an :class:`EventContext` and calls
:func:`find_events`; the events come back as :class:`~kg.records.EventMention` records.

The package, module by module (each depends only on those above it):

:mod:`~kg.stages.events.tables`
    The word tables and category groups the rules test against, loaded once from
    ``data/words.toml`` and ``data/categories.toml`` (``data/README.md`` gives each file's
    schema). Word lists are data, not logic: the code keeps only single words that name a
    grammar rule ("between", "such") and spaCy's own labels.
:mod:`~kg.stages.events.grammar`
    Small pure helpers on the dependency parse: subject (active, passive, control, relative
    clause), prepositional objects, conjuncts, conditions, complements, and the mentions
    argument tokens stand for.
:mod:`~kg.stages.events.lexicon`
    :class:`Trigger` and :class:`Lexicon`: ``data/events.toml`` (or a user's own file) maps
    verb, noun and adjective lemmas to PLOVER categories, with structural conditions (a
    required object, particle, compound or modal complement) checked on the trigger's
    dependents.
:mod:`~kg.stages.events.arguments`
    The argument grammar of one trigger by part of speech: active and passive voice,
    prepositional objects, datives, possessives, light verbs ("carried out airstrikes"),
    predicate adjectives, control ("Russia used drones to carry out strikes").
:mod:`~kg.stages.events.dating`, :mod:`~kg.stages.events.modality`
    The date phrase of an event's clause (and when a quote was said), and its modality.
:mod:`~kg.stages.events.context`
    :class:`EventContext`, ONE record of what the rules need per document (the Doc, its
    mentions, quotes, speakers, date resolution, the lexicon), in place of callbacks; and
    :class:`Reading`, one trigger's reading, which the rules complete.
:mod:`~kg.stages.events.rules`
    The rules, each a small function registered by name with a docstring naming its
    grammar rule or PLOVER convention and an example: arguments the grammar did not give
    ("a demand's target is the subject of what is demanded", "the condition names the
    target", "between A and B" ...), an event inside another, event coreference, implied
    targets and agents, and categories by PLOVER convention ("future cooperation is AGREE",
    "negated agreement is REJECT" ...). Their stages and order are written once,
    in :data:`kg.stages.events.rules.ORDER`; :class:`Rules` lets a user drop or replace a
    rule by name.
:mod:`~kg.stages.events.extractor`
    :func:`find_events`: the passes over a document, running each stage's rules in order
    and emitting one event per agent-target pair.
:mod:`~kg.stages.events.tie`
    After entity resolution: an event mention's agents and targets as entity keys, with
    PLOVER's conventions on who acts (a protest at no one named is aimed at a state, an
    attack by no one named is by "unidentified attackers", a capital acting stands for its
    state, a person acting on their own country is no event). :mod:`kg.stages.resolve` calls
    it once it knows each mention's entity.

Design decisions: the rules keep the evaluation order and first-match semantics the single
function they came from had, so a build's output is unchanged by the split. A rule that
looks for a missing target says so in its own guard ("if the reading has no target yet"),
rather than the extractor deciding for it, so a rule can be read, tested and replaced on its
own; only the ``conventions`` stage is first-match by the extractor (the first PLOVER
convention that applies is final).

Examples
--------
>>> from kg.stages.nlp import load_model
>>> from kg.stages.extract.mentions import find_mentions, token_mentions
>>> doc = load_model()("Russia's invasion of Ukraine was condemned by Germany.")
>>> ms = find_mentions(doc)
>>> [(e.category, ms[e.agents[0]].text, ms[e.targets[0]].text)
...  for e in find_events(EventContext(doc, ms, token_mentions(doc, ms)))]
[('ASSAULT', 'Russia', 'Ukraine'), ('ACCUSE', 'Germany', 'Russia')]
"""

from __future__ import annotations

from kg.stages.events.context import EventContext, Reading
from kg.stages.events.extractor import find_events
from kg.stages.events.lexicon import Lexicon, Trigger
from kg.stages.events.rules import Rules

__all__ = ["find_events", "EventContext", "Reading", "Lexicon", "Trigger", "Rules"]
