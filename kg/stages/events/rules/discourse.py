"""Rules that read beyond one trigger: an event inside another, quotes, event coreference.

``complement-lends-targets`` runs in the ``nesting`` stage, once every trigger has its
reading; the others in the ``discourse`` stage, reading by reading in document order, so
that what was said before ("Turkey launched an offensive") is known to what follows ("the
operation was condemned").
"""

from __future__ import annotations

from spacy.tokens import Token

from kg.stages.events.context import EventContext, Reading
from kg.stages.events.grammar import demand_object
from kg.stages.events.rules.registry import registry
from kg.stages.events.tables import CATEGORIES, WORDS


@registry.register("complement-lends-targets")
def complement_lends_targets(r: Reading, ctx: EventContext) -> None:
    """Rule: an event in the infinitive complement of another is part of it.

    "Russia offered to help mediate", "rejected an offer to meet", "demanded that Israel ease
    restrictions": the inner event lends its targets to the governing one (when that has
    none) and is not an event of its own. A possessive in the complement is the actor's own
    ("blocked roads to press their demands") and is not lent.
    """
    readings = ctx.discourse.readings
    governor = _governing_trigger(r.token, readings)
    if governor is None:
        return
    g = readings[governor]
    lent = [(mid, c) for mid, c in r.targets if ctx.mention(mid).text.lower() not in WORDS.possessives]
    if not g.targets:
        g.targets = lent
    del readings[r.token.i]


@registry.register("act-reacted-to-is-background")
def act_reacted_to_is_background(r: Reading, ctx: EventContext) -> None:
    """Rule: an act named as the object of a reaction is the reaction's background, not an event of its own.

    "South Korea rejected North Korea's demand to sever its alliance with Washington", "the US
    rejected calls by Kofi Annan to adopt reforms": a demand, offer or threat that is rejected,
    condemned or accepted was told to say what the reaction is about (an act done stays an event
    of its own: "Russia condemned Israel's attacks on Iran"); its actor is the reaction's target (when it has
    none), and the act is not read again as an event of the sentence (PLOVER codes one event:
    the rejection).
    """
    tok = r.token
    if r.trigger.pos != "NOUN" or tok.dep_ != "dobj" or ctx.discourse.readings.get(tok.i) is not r \
            or r.trigger.category not in CATEGORIES.intent_governors:
        return  # (or already part of another act; an act done, "condemned Israel's attacks", stays an event)
    g = ctx.discourse.readings.get(tok.head.i)
    if g is None or g is r or g.trigger.category not in CATEGORIES.stances_on_acts:
        return
    if not g.targets:
        agents = {a for a, _ in g.agents}
        g.targets = [(a, conf * 0.9) for a, conf in r.agents if a not in agents]
    del ctx.discourse.readings[tok.i]


def _governing_trigger(tok: Token, readings: dict[int, Reading]) -> int | None:
    """The trigger whose infinitive complement ``tok`` stands in, if any.

    Also the content of a demand, threat, offer or refusal ("demanded that Israel ease
    restrictions", "its demand that ..."): what is asked for has not happened.
    """
    node = tok
    if tok.pos_ == "NOUN" and tok.dep_ in ("dobj", "pobj", "nsubjpass") and tok.head.pos_ in ("VERB", "ADP"):
        node = tok.head if tok.head.pos_ == "VERB" else tok.head.head  # the verb the noun is an argument of
    for _ in range(3):
        infinitive = node.dep_ == "xcomp" or (node.dep_ in ("advcl", "acl") and any(
            c.dep_ == "aux" and c.lower_ == "to" for c in node.children))
        content = node.dep_ in ("ccomp", "acl") and node.head.i in readings and \
            readings[node.head.i].trigger.category in CATEGORIES.intent_governors
        if not (infinitive or content):
            # "reiterated its demand that Israel ease ...": the clause hangs on the verb, after
            # the demand noun that is the verb's object
            noun = demand_object(node)
            return noun.i if noun is not None and noun.i in readings and \
                readings[noun.i].trigger.category in CATEGORIES.intent_governors else None
        node = node.head
        if node.i in readings and node.i != tok.i:
            return node.i
        if node.dep_ == "dobj" and node.head.i in readings:
            return node.head.i
    return None


@registry.register("reported-dialogue-to-speaker")
def reported_dialogue_to_speaker(r: Reading, ctx: EventContext) -> None:
    """Rule: reported dialogue: an offer or request in a first-person quote, with no target, is made to the speaker.

    "“I spoke to him yesterday and he offered to mediate,” Erdogan said": the offer, made by
    someone other than the speaker, was made to Erdogan.
    """
    t = r.token.i
    speaker = ctx.speaker(t)
    region = ctx.quote_region(t)
    if not r.targets and speaker is not None and r.trigger.category in CATEGORIES.dialogue and r.agents \
            and all(a != speaker for a, _ in r.agents) and region is not None \
            and any(ctx.doc[i].lower_ in WORDS.first_person for i in range(*region)):  # a first-person quote
        r.targets = [(speaker, 0.8)]


@registry.register("event-coreference")
def event_coreference(r: Reading, ctx: EventContext) -> None:
    """Rule: event coreference: a reaction to "the operation" is aimed at whoever carried out the
    last attack; a reaction to "the move", "the decision" at whoever acted last.

    "Turkey launched an offensive against Syria. The operation was condemned by members of
    the European Union." -> the European Union accuses Turkey. Every attack or mobilisation
    with both arguments becomes the last one named; every act with an agent the last act.
    """
    last = ctx.discourse.last_attackers
    if not r.targets and r.trigger.category in CATEGORIES.reactions:
        pointed = [x for x in [*r.args.objects, *r.args.targets]
                   if any(c.lower_ in WORDS.definite_determiners for c in x.children)
                   and not any(c.i in ctx.tok_mention for c in x.children)]
        named = _named_before(r, pointed, ctx)
        if named:
            # "Macron called for G7 action. The call was seconded by Merkel": the act named by the same word
            agents = {a for a, _ in r.agents}
            r.targets = [(a, conf * 0.8) for a, conf in named if a not in agents]
        elif last and any(x.lemma_.lower() in WORDS.attack_nouns for x in pointed):
            r.targets = [(a, conf * 0.8) for a, conf in last]
        elif ctx.discourse.last_actors and any(x.lemma_.lower() in WORDS.act_nouns for x in pointed):
            # "Erdogan proposed converting the museum. UNESCO criticized the move."
            agents = {a for a, _ in r.agents}
            r.targets = [(a, conf * 0.7) for a, conf in ctx.discourse.last_actors if a not in agents]
    if r.agents and r.targets and r.trigger.category in CATEGORIES.attacks:
        ctx.discourse.last_attackers = r.agents
    if r.agents:
        ctx.discourse.last_actors = r.agents


def _named_before(r: Reading, pointed: list[Token], ctx: EventContext) -> list[tuple[int, float]]:
    """The agents of the last act before ``r`` read by a trigger of the same lemma as one of the
    definite act nouns ``pointed`` ("called for" ... "the call"), in this sentence or the two before."""
    lemmas = {x.lemma_.lower() for x in pointed if x.lemma_.lower() in WORDS.act_nouns}
    if not lemmas:
        return []
    sent = r.token.sent
    earliest = sent.start
    for _ in range(2):
        earliest = ctx.doc[earliest - 1].sent.start if earliest > 0 else earliest
    before = [rd for t, rd in sorted(ctx.discourse.readings.items())
              if earliest <= t < r.token.i and rd.agents and rd.token.lemma_.lower() in lemmas]
    return before[-1].agents if before else []


@registry.register("agentless-passive-repeats-agent")
def agentless_passive_repeats_agent(r: Reading, ctx: EventContext) -> None:
    """Rule: an agentless passive of the act just named takes that act's agent.

    "The House has only impeached two other Presidents. Bill Clinton was impeached in 1998" ->
    the House impeached Clinton. The same verb, read with an agent in this sentence or the one
    before, names who did it again; a passive with no such act before it stays agentless.
    """
    tok, memory = r.token, ctx.discourse.last_by_act
    lemma = tok.lemma_.lower()
    passive = r.trigger.pos == "VERB" and any(c.dep_ == "nsubjpass" for c in tok.children)
    if passive and not r.agents and r.targets and lemma in memory:
        start, agents = memory[lemma]
        sent = tok.sent
        previous = ctx.doc[sent.start - 1].sent.start if sent.start > 0 else sent.start
        if start in (sent.start, previous):
            target_ids = {b for b, _ in r.targets}
            r.agents = [(a, conf * 0.8) for a, conf in agents if a not in target_ids]
    if r.agents and r.trigger.pos == "VERB":
        memory[lemma] = (tok.sent.start, list(r.agents))
