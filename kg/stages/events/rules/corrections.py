"""Rules of the ``category`` stage that undo what a trigger's words alone read wrongly.

Each was found in a random sample of corpus events and is measured on the PLOVER sentences and
the Wikinews dev golds (numbers in the commit that added it):

``travel-to-a-venue-is-no-consultation``
    A visit is a consultation between two actors; "heading for Revenue Tower", "a visit to
    Walter Reed Hospital", "attended Wayne State University" name a building, an event or an
    institution one goes to. Corpus sample (284 Wikinews articles, before): 7 of the 13
    travel CONSULT events had such a target.
``plain-claim-is-no-accusation``
    "Trump claims he would be okay", "Armenia claimed 790 Azerbaijani soldiers had been
    killed": a claim is an accusation only when what is claimed is someone's act that the
    text codes or words negatively; before, all 33 "claim" events were ACCUSE, among them
    "Biden attacked Trump on taxes, to which Trump claimed he prepaid millions" read as Trump
    accusing Biden.
``verbal-attack-on-a-topic``
    "Democrats continued to attack Trump on his taxes": an attack on someone "on" or "over" a
    matter is in words (ACCUSE), as "attacked X for Y" already was.
``own-possession-is-no-target``
    "Trump refused to disavow the theory and defended his pandemic policies": the possessive
    of the object of the agent's own act, agreeing with the agent, is the agent; the corpus
    build coreferred "his" to Joe Biden and coded Trump SUPPORT Biden.
``withdrawn-support-is-no-support``
    "West backed away from his previous support for President Trump": support one withdraws
    from is support no longer given; the corpus build (284 Wikinews articles) coded it SUPPORT.
``agreeing-with-a-view-is-no-agreement``
    "Carroll agreed with La Riva, saying that jobs are more important", "La Riva agreed with the
    nationalization of the Federal Reserve": agreeing *with* someone, with nothing agreed to or
    on, shares an opinion; PLOVER's AGREE is an agreement or a promise to act. 3 of the corpus
    build's 9 "agreed" AGREE events.
``what-is-discussed-is-no-party``
    "With Wikinews, Jorgensen discusses her background, COVID-19 ...": what one discusses is
    the topic, the other party is "with" whom; 4 of the corpus build's 8 "discuss" CONSULT
    events had a topic as their target.
"""

from __future__ import annotations

from spacy.tokens import Token

from kg.stages.events.context import EventContext, Reading
from kg.stages.events.grammar import pobjs
from kg.stages.events.lexicon import NO_EVENT
from kg.stages.events.rules.registry import registry
from kg.stages.events.tables import WORDS
from kg.world.valence import phrase_valence

#: spaCy labels of a place one goes to that is no actor
_VENUE_LABELS = frozenset({"FAC", "LOC", "EVENT"})
#: labels of an actor one attends in person (attending a body or a school is no meeting)
_ATTENDED_ACTORS = frozenset({"PERSON", "GPE"})
#: labels of a name that is no "he" or "she"
_NOT_A_PERSON = frozenset({"GPE", "NORP", "LOC", "FAC", "EVENT"})


@registry.register("travel-to-a-venue-is-no-consultation")
def travel_to_a_venue_is_no_consultation(r: Reading, ctx: EventContext) -> None:
    """Rule: going to a building, an event or an institution is no consultation.

    "Protesters headed for Revenue Tower", "his visit to Walter Reed Hospital", "he attended
    Wayne State University", "in New York to attend the United Nations General Assembly": the
    target of a travel word (``travel_words``) that is a facility, a location or an event, or
    whose name ends in a word of a venue (``venue_heads``), is dropped; so is any target of an
    attendance verb (``attendance_verbs``) but a person or a state. "Merkel visited France",
    "visited the Kremlin" keep theirs. A consultation left with no target is no event.
    """
    if r.category != "CONSULT" or r.token.lemma_.lower() not in WORDS.travel_words:
        return
    attending = r.token.lemma_.lower() in WORDS.attendance_verbs
    kept = [(b, c) for b, c in r.targets if not _venue(ctx, b, attending)]
    if len(kept) < len(r.targets):
        r.targets = kept
        if not kept:
            r.category = NO_EVENT


def _venue(ctx: EventContext, mid: int, attending: bool) -> bool:
    """Whether mention ``mid`` names a place one goes to rather than an actor one meets."""
    m = ctx.mention(mid)
    if m.kind in ("metonym", "pronoun"):
        return False
    words = m.text.lower().split()
    if m.label in _VENUE_LABELS or (words and words[-1] in WORDS.venue_heads):
        return True
    return attending and m.kind == "name" and m.label not in _ATTENDED_ACTORS


@registry.register("plain-claim-is-no-accusation")
def plain_claim_is_no_accusation(r: Reading, ctx: EventContext) -> None:
    """Rule: a claim that reports no one's act is no accusation.

    A verb of claiming (``claim_verbs``) with a clause of what is claimed accuses the clause's
    subject only when that subject acts (not a passive: "claimed 790 soldiers had been
    killed") and the clause holds an event kg reads or words of negative valence ("claimed
    Iran spoofed e-mails to spread false information", "claimed Houthis have attacked
    journalists"); "claims he would be okay", "claimed Abraham Lincoln was the last third
    party candidate" state no event.
    """
    if r.category != "ACCUSE" or r.trigger.pos != "VERB" or r.token.lemma_.lower() not in WORDS.claim_verbs:
        return
    clause = next((c for c in r.token.children if c.dep_ == "ccomp"), None)
    if clause is None:
        return
    active = any(c.dep_ == "nsubj" for c in clause.children)
    if not active or not (_holds_event(clause, ctx) or phrase_valence(t.lower_ for t in clause.subtree) < 0):
        r.category = NO_EVENT


def _holds_event(clause: Token, ctx: EventContext) -> bool:
    """Whether a clause holds a trigger kg reads (other than a claim of its own)."""
    readings = ctx.discourse.readings
    return any(t.i in readings and t.lemma_.lower() not in WORDS.claim_verbs for t in clause.subtree)


@registry.register("verbal-attack-on-a-topic")
def verbal_attack_on_a_topic(r: Reading, ctx: EventContext) -> None:
    """Rule: attacking someone on or over a matter is an accusation.

    "Democrats continued to attack Trump on his taxes", "attacked the minister over the
    delays" -> ACCUSE; "attacked the convoy on the highway" (a place, ``place_nouns``, or a
    named place) and "attacked Iran on Saturday" (a date) stay ASSAULT.
    """
    tok = r.token
    if r.category != "ASSAULT" or tok.lemma_ != "attack" or tok.pos_ != "VERB" \
            or not any(c.dep_ == "dobj" for c in tok.children):
        return
    topics = [o for c in tok.children if c.dep_ == "prep" and c.lower_ in WORDS.topic_preps for o in pobjs(c)]
    if any(_topic(o, ctx) for o in topics):
        r.category = "ACCUSE"
        r.targets = [(b, c) for b, c in r.targets
                     if not any(ctx.tok_mention.get(o.i) == b or _owned_by(o, ctx, b) for o in topics)]


def _topic(tok: Token, ctx: EventContext) -> bool:
    """Whether a prepositional object names a matter (no date, place or actor)."""
    if tok.ent_type_ in ("DATE", "TIME", "GPE", "LOC", "FAC") or tok.lemma_.lower() in WORDS.place_nouns:
        return False
    mid = ctx.tok_mention.get(tok.i)
    return mid is None or ctx.mention(mid).kind == "pronoun"


def _owned_by(tok: Token, ctx: EventContext, mid: int) -> bool:
    """Whether mention ``mid`` owns ``tok`` ("his" in "on his taxes")."""
    return any(c.dep_ == "poss" and ctx.tok_mention.get(c.i) == mid for c in tok.children)


@registry.register("own-possession-is-no-target")
def own_possession_is_no_target(r: Reading, ctx: EventContext) -> None:
    """Rule: the possessive of one's own act's object, agreeing with the agent, is the agent.

    "Trump defended his pandemic policies", "the ministry defended its decision", "after asking
    for his release, Huber signed with AEW": "his" and "its" refer to the subject that acts, so they name no other side; the event keeps its other
    targets, and one with none left is no event. A possessive that cannot be the agent stays:
    "Germany condemned his arrest" (a state is no "he").
    """
    if r.trigger.pos != "VERB" or not r.agents:
        return
    objects = {o.i for o in r.args.objects}
    if not objects:  # what is asked for or acted on, with no object: "asking for his release"
        objects = {o.i for c in r.token.children if c.dep_ == "prep" for o in pobjs(c)}
    own = [(b, c) for b, c in r.targets
           if (t := _possessive_of(b, ctx)) is not None and t.head.i in objects
           and all(_agrees(t.lower_, ctx.mention(a)) for a, _ in r.agents)]
    if own:
        r.targets = [x for x in r.targets if x not in own]
        if not r.targets:
            r.category = NO_EVENT


def _possessive_of(mid: int, ctx: EventContext) -> Token | None:
    """The possessive pronoun token mention ``mid`` is, if it is one."""
    m = ctx.mention(mid)
    if m.kind != "pronoun":
        return None
    tok = next((t for t in ctx.doc.char_span(m.start, m.end) or ()), None)
    return tok if tok is not None and tok.dep_ == "poss" and tok.lower_ in WORDS.possessives else None


def _agrees(pronoun: str, agent) -> bool:
    """Whether a possessive pronoun can refer to an agent: "his"/"her" to one who may be a person
    (a name the tagger calls an organisation too: "Trump" is often ORG), not to a place, a state
    or a people; "its" to anyone but a person; "their" to anyone."""
    if agent.text.lower() in WORDS.first_person:
        return False  # "we delivered medicines to their homes"
    person = agent.label == "PERSON" or agent.text.lower() in ("he", "she", "him", "her")
    if pronoun in ("his", "her"):
        return person or agent.kind in ("name", "nominal") and agent.label not in _NOT_A_PERSON
    if pronoun == "its":
        return not person
    return pronoun == "their"


@registry.register("withdrawn-support-is-no-support")
def withdrawn_support_is_no_support(r: Reading, ctx: EventContext) -> None:
    """Rule: support one withdraws is no support.

    "West backed away from his previous support for President Trump", "the party withdrew its
    support for the government", "ended its backing of the rebels": a SUPPORT noun that is the
    object of a verb of withdrawing (``withdrawal_verbs``), directly or through "(away) from",
    states no support. "expressed its support for X" keeps it.
    """
    tok = r.token
    if r.category != "SUPPORT" or r.trigger.pos != "NOUN":
        return
    if tok.dep_ == "pobj" and tok.head.lower_ == "from":
        verb = tok.head.head
        verb = verb.head if verb.pos_ == "ADV" and verb.dep_ == "advmod" else verb  # "backed away from"
    elif tok.dep_ == "dobj":
        verb = tok.head
    else:
        return
    if verb.pos_ == "VERB" and verb.lemma_.lower() in WORDS.withdrawal_verbs:
        r.category = NO_EVENT


@registry.register("agreeing-with-a-view-is-no-agreement")
def agreeing_with_a_view_is_no_agreement(r: Reading, ctx: EventContext) -> None:
    """Rule: agreeing with someone or something, with nothing agreed to or on, is an opinion.

    "Carroll agreed with La Riva, saying that jobs are more important", "La Riva agreed with
    the nationalization of the Federal Reserve", "with which Hawkins and La Riva agreed": a verb
    of agreeing (``view_verbs``) with a "with" phrase and no object, infinitive or
    ``agreement_preps`` phrase states no agreement. "agreed with Airbus to open a factory",
    "agreed with Russia on a ceasefire" and "Jordan and Britain agreed" stay AGREE, and "Japan did
    not agree with China" stays for ``negated-agreement-is-reject`` (a refusal).
    """
    tok = r.token
    if r.category != "AGREE" or r.trigger.pos != "VERB" or tok.lemma_.lower() not in WORDS.view_verbs \
            or r.modality == "negated":
        return
    preps = {c.lower_ for c in tok.children if c.dep_ in ("prep", "dative")}
    content = preps & WORDS.agreement_preps or any(
        c.dep_ in ("dobj", "xcomp", "ccomp") or c.dep_ == "advcl" and any(a.lower_ == "to" for a in c.children)
        for c in tok.children)  # an infinitive the parser hangs as a clause: "agreed with Airbus to open"
    if "with" in preps and not content:
        r.category = NO_EVENT


@registry.register("what-is-discussed-is-no-party")
def what_is_discussed_is_no_party(r: Reading, ctx: EventContext) -> None:
    """Rule: what one discusses is a topic, not the other party.

    "With Wikinews, Jorgensen discusses her background, COVID-19 and gridlock", "discussed
    Minetest with Wikinews": the direct object of a verb of discussing (``topic_verbs``) and
    what is joined to it are dropped from the targets; "discussed the crisis with Macron" keeps
    Macron, and a consultation with no one left is no event.
    """
    if r.category != "CONSULT" or r.trigger.pos != "VERB" or r.token.lemma_.lower() not in WORDS.topic_verbs:
        return
    topics = {mid for mid, _ in ctx.mentions_of(r.args.objects, descend="none")}
    if topics & {b for b, _ in r.targets}:
        r.targets = [(b, c) for b, c in r.targets if b not in topics]
        if not r.targets:
            r.category = NO_EVENT
