"""The event extractor: triggers matched, read by grammar, completed and adjusted by named rules.

:func:`find_events` reads one document in passes: it chooses one trigger per token, reads
each trigger's arguments (:mod:`~kg.stages.events.arguments`) and runs the rules of each
stage in the order :class:`~kg.stages.events.rules.Rules` gives, then dates each event and
emits one :class:`~kg.records.EventMention` per agent-target pair.
"""

from __future__ import annotations

from spacy.tokens import Token

from kg.records import DateValue, EventMention
from kg.stages.events.arguments import arguments
from kg.stages.events.context import Discourse, EventContext, Reading
from kg.stages.events.grammar import light_verb
from kg.stages.events.lexicon import NO_EVENT, Trigger
from kg.stages.events.modality import modality
from kg.stages.events.rules import Rules
from kg.stages.events.tables import WORDS

__all__ = ["find_events"]


def find_events(context: EventContext, rules: Rules | None = None) -> list[EventMention]:
    """Events in a document whose agent and target are both entity mentions.

    Parameters
    ----------
    context : EventContext
        The parsed document, its mentions, quotes and date, and the lexicon. What the rules
        remember while reading (``context.discourse``) starts afresh on every call.
    rules : Rules, optional
        The named rules and their order (kg's own, :meth:`Rules.default`, by default).

    Examples
    --------
    >>> from kg.stages.nlp import load_model
    >>> from kg.stages.extract.mentions import find_mentions, token_mentions
    >>> doc = load_model()("Israel carried out airstrikes on Iran.")
    >>> ms = find_mentions(doc)
    >>> [(e.category, ms[e.agents[0]].text, ms[e.targets[0]].text)
    ...  for e in find_events(EventContext(doc, ms, token_mentions(doc, ms)))]
    [('ASSAULT', 'Israel', 'Iran')]

    A rule dropped by name (here the PLOVER convention that a protest naming no target is
    aimed at the state where it happens) no longer applies:

    >>> doc = load_model()("Thousands of Iraqi Kurds demonstrated in the northern city of Kirkuk.")
    >>> ms = find_mentions(doc)
    >>> ctx = EventContext(doc, ms, token_mentions(doc, ms))
    >>> [(e.category, ctx.mention(e.targets[0]).text) for e in find_events(ctx)]
    [('PROTEST', 'Kirkuk')]
    >>> find_events(ctx, Rules.default().without("protest-aims-at-state"))
    []
    """
    context.discourse = Discourse()
    if not context.doc.has_annotation("DEP"):
        return []  # no parse, no arguments
    rules = rules or Rules.default()
    readings = context.discourse.readings
    # First pass: arguments of every trigger.
    for t, (trig, token_ids) in sorted(_triggers(context).items()):
        reading = _read(trig, token_ids, context)
        rules.apply("targets", reading, context)
        readings[t] = reading
    # Second pass: an event inside another ("offered to help mediate") is part of it.
    for t in list(readings):
        if t in readings:
            rules.apply("nesting", readings[t], context)
    # Third pass, in document order: arguments from the discourse, category, date.
    out: list[EventMention] = []
    seen: set[tuple] = set()
    for t, reading in sorted(readings.items()):
        rules.apply("discourse", reading, context)
        if not reading.agents or not reading.targets:
            continue
        reading.modality = modality(reading.clause, context.in_quote(t))
        rules.apply("category", reading, context)
        if reading.category == NO_EVENT:
            continue  # a rule found it states no event
        rules.apply("conventions", reading, context)
        out.extend(_events(reading, _date(reading, context), context, seen))
    return out


def _triggers(ctx: EventContext) -> dict[int, tuple[Trigger, list[int]]]:
    """The trigger that reads each token (a written entry before a derived one, then the most
    specific), and its tokens; a token whose best entry says "no event" has none."""
    best: dict[int, tuple[tuple, Trigger, list[int]]] = {}
    for n, token_ids in ctx.lexicon.matches(ctx.doc):
        trig = ctx.lexicon.triggers[n]
        t = token_ids[0]
        if t in ctx.tok_mention and ctx.mention(ctx.tok_mention[t]).kind == "name":
            continue  # a trigger word inside a name ("Attack on Titan", "Supreme Court")
        if t not in best or trig.rank > best[t][0]:
            best[t] = (trig.rank, trig, token_ids)
    return {t: (trig, token_ids) for t, (_, trig, token_ids) in best.items() if trig.category != NO_EVENT}


def _read(trig: Trigger, token_ids: list[int], ctx: EventContext) -> Reading:
    """One trigger's reading as its grammar gives it: argument tokens and their mentions."""
    tok = ctx.doc[token_ids[0]]
    args, clause = arguments(trig, tok, ctx.lexicon.light_verbs)
    agent_tokens = args.agents
    if args.rule.endswith("light-verb") and ctx.mentions_of(agent_tokens[:1], descend="owner"):
        # Rule: the possessive of a light verb's noun is its subject ("the League expressed *its*
        # support", "reiterated *its* demand"): the subject, when it names an actor, acts once.
        agent_tokens = [agent_tokens[0], *(a for a in agent_tokens[1:] if a.lower_ not in WORDS.possessives)]
    agents = ctx.mentions_of(agent_tokens, descend="owner", conjuncts=args.rule != "adjacent-name")
    targets = ctx.mentions_of(args.objects, descend="all" if trig.indirect or trig.pos == "NOUN" else "none")
    targets += [m for m in ctx.mentions_of(args.targets, descend="all") if m not in targets]
    return Reading(trigger=trig, token_ids=token_ids, token=tok, args=args, clause=clause, agents=agents,
                   targets=targets, symmetric=trig.symmetric, category=trig.category)


def _date(r: Reading, ctx: EventContext) -> DateValue | None:
    """The event's date by the dating rules (:meth:`~kg.stages.events.dating.DocumentTime.event_date`)."""
    t = r.token.i
    dated = ctx.time.event_date(r.clause, noun=r.trigger.pos == "NOUN")
    date = dated[0] if dated else None
    region = ctx.quote_region(t)
    quote_dates = ctx.discourse.quote_dates
    if date is None and region is not None:
        # Rule: narrative time in a quote: "I spoke to him yesterday and he offered ..." -> yesterday.
        date = quote_dates.get(region)
    elif date is not None and region is not None:
        quote_dates[region] = date
    return date


def _trigger_words(r: Reading, ctx: EventContext) -> list[Token]:
    """The words of the trigger as the text says it: "carried out airstrikes", "signed a pact"."""
    trig, tok = r.trigger, r.token
    words = {tok, *(ctx.doc[i] for i in r.token_ids[1:] if not trig.complement_aux)}
    light = light_verb(tok, ctx.lexicon.light_verbs) if trig.pos == "NOUN" else None
    if light is not None:  # "carried out airstrikes", "held talks"
        words |= {light, *(c for c in light.children if c.dep_ == "prt")}
    return sorted(words, key=lambda w: w.i)


def _events(r: Reading, date: DateValue | None, ctx: EventContext, seen: set[tuple]) -> list[EventMention]:
    """One event per agent-target pair of a reading, each pair once (either way round if symmetric)."""
    trig, t = r.trigger, r.token.i
    words = _trigger_words(r, ctx)
    sent = r.token.sent
    out: list[EventMention] = []
    for a, a_conf in r.agents:
        for b, b_conf in r.targets:
            if a == b and ctx.mention(a).kind != "pair" and not r.implied_target:
                continue
            key = (r.category, a, b, t)
            if key in seen or (r.symmetric and (r.category, b, a, t) in seen):
                continue
            seen.add(key)
            conf = trig.confidence * a_conf * b_conf * (0.9 if trig.pos == "NOUN" else 1.0)
            out.append(EventMention(
                category=r.category, trigger=" ".join(w.text for w in words),
                trigger_start=words[0].idx, trigger_end=words[-1].idx + len(words[-1].text),
                agents=(a,), targets=(b,), sentence=sent.text.strip(),
                sent_start=sent.start_char + (len(sent.text) - len(sent.text.lstrip())),
                sent_end=sent.start_char + len(sent.text.rstrip()),
                date=date, modality=r.modality, extractor=f"lexicon:{trig.pos.lower()}:{r.args.rule}",
                confidence=round(conf, 3), symmetric=r.symmetric, implied_target=r.implied_target,
                implied_agent=r.implied_agent,
            ))
    return out
