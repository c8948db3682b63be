"""Rules of implied arguments (PLOVER): the target or agent a text leaves unnamed.

They run in the ``discourse`` stage, after the rules that look for a named argument
elsewhere in the text; an argument they supply is marked implied on the event.
"""

from __future__ import annotations

from spacy.tokens import Token

from kg.records import Mention
from kg.stages.events.context import EventContext, Reading
from kg.stages.events.grammar import place_objects, pobjs, subject
from kg.stages.events.rules.registry import registry
from kg.stages.events.tables import CATEGORIES, WORDS
from kg.world import geo

#: entity labels of places
_PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})


@registry.register("protest-aims-at-state")
def protest_aims_at_state(r: Reading, ctx: EventContext) -> None:
    """Rule (PLOVER): a protest that names no target is aimed at the state.

    At the state where it happens ("Kurds demonstrated in Kirkuk" -> Kirkuk), else at the
    protesters' own state ("Algerian landowners began a hunger strike" -> the landowners,
    who stand for Algeria), which for a group no word places is the state the document is
    about ("Thousands of protesters marched on Sunday" in a story about Hong Kong).
    """
    if r.targets or not r.agents or r.trigger.category not in CATEGORIES.implied_state:
        return
    place = _place(r.token, [*r.args.agents, *r.clause], ctx)
    if place is not None:
        r.targets = [(place, 0.8)]
    else:
        r.targets = [(a, 0.7) for a, _ in r.agents if _placed_or_home(ctx.mention(a))]
    r.implied_target = bool(r.targets)


@registry.register("unnamed-protesters")
def unnamed_protesters(r: Reading, ctx: EventContext) -> None:
    """Rule (PLOVER): a protest that names no protester is by the people of the place it happens in.

    "hundreds of thousands of people blocked streets in Hong Kong", "weeks of protests in Hong
    Kong", "one million people marched in London": the subject, if any, names a crowd ("people",
    "thousands of residents"), not who it is; the agent is the place named, which stands for its
    people (as ``unnamed-attackers`` makes it the attacker of an attack no one is named for).
    """
    if r.agents or r.trigger.category not in CATEGORIES.implied_state \
            or not all(_crowd(a) for a in r.args.agents):
        return
    if not r.args.agents and r.token.lemma_.lower() not in WORDS.crowd_protest_nouns \
            and not _crowd_gathers_for(r.token):
        return  # a noun with no crowd named: only a protest by its name ("a rally in Sanford" may be a campaign's)
    place = _place(r.token, [*r.args.agents, *r.clause], ctx)
    if place is not None:
        r.agents, r.implied_agent = [(place, 0.6)], True
        # a place read as the target ("blocked streets in Hong Kong") is where the crowd is from
        r.targets = [t for t in r.targets if t[0] != place] or r.targets


def _crowd_gathers_for(noun: Token) -> bool:
    """Whether the verb ``noun`` hangs on has a crowd for its subject ("thousands of Nigerians were
    converging for a rally in Lagos", "people gathered for a rally")."""
    if noun.dep_ != "pobj" or noun.head.head.pos_ not in ("VERB", "AUX"):
        return False
    subj, _ = subject(noun.head.head)
    return subj is not None and (_crowd(subj) or subj.lemma_.lower() in WORDS.crowd_counts)


def _crowd(tok: Token) -> bool:
    """Whether ``tok`` names a crowd: "people", "thousands of people", "tens of thousands of residents"."""
    for _ in range(4):
        if tok.lemma_.lower() in WORDS.unnamed_crowds:
            return True
        nxt = next((o for c in tok.children if c.dep_ == "prep" and c.lower_ == "of" for o in pobjs(c)), None)
        if tok.lemma_.lower() not in WORDS.partitive or nxt is None:
            return False
        tok = nxt
    return False


def _placed_or_home(m: Mention) -> bool:
    """A group or people a word places ("Algerian landowners"), or a state's group no word places
    ("protesters", "the opposition"), which stands for the country the document is about when
    the entities are resolved (and for no one when it is about none)."""
    return m.kind != "name" and (m.country is not None or m.kind == "group")


@registry.register("act-in-an-attack-is-the-attackers")
def act_in_an_attack_is_the_attackers(r: Reading, ctx: EventContext) -> None:
    """Rule: a killing done in an attack is the attacker's.

    "Qasem Soleimani was killed in a US drone strike in Baghdad", "died in an Israeli airstrike":
    an attack verb with no agent, whose "in" or "during" phrase is an attack read with an agent
    of its own, takes that agent; the attacker is no target of it.
    """
    if r.agents or r.trigger.category != "ASSAULT" or r.trigger.pos != "VERB":
        return
    for prep in (c for c in r.token.children if c.dep_ == "prep" and c.lower_ in WORDS.attack_frame_preps):
        for obj in pobjs(prep):
            attack = next((a for a in ctx.discourse.readings.values() if obj.i in a.token_ids and a is not r
                           and a.trigger.category == "ASSAULT" and a.agents), None)
            if attack is not None:
                attackers = {m for m, _ in attack.agents}
                r.agents = list(attack.agents)
                r.targets = [t for t in r.targets if t[0] not in attackers]
                return


@registry.register("unnamed-attackers")
def unnamed_attackers(r: Reading, ctx: EventContext) -> None:
    """Rule (PLOVER): an attack that names no attacker is by unidentified attackers where it happened.

    "a roadside bombing near Samarra killed a US soldier", "three servicemen were killed by a
    bomb in Basra": the subject names how the attack was made, not who made it; the agent is
    the country of the place named.
    """
    if r.agents or not r.targets or r.trigger.category != "ASSAULT" \
            or not all(a.lemma_.lower() in WORDS.unnamed_attackers for a in r.args.agents):
        return
    place = _place(r.token, [*r.args.agents, *r.clause, *(o for c in r.token.children if c.dep_ == "prep"
                                                          for o in pobjs(c))], ctx)
    if place is not None and all(place != b for b, _ in r.targets):
        r.agents, r.implied_agent = [(place, 0.6)], True


def _place(tok: Token, heads: list[Token], ctx: EventContext) -> int | None:
    """The named place an event happens in: "in Kirkuk", "throughout Indonesia", "Demonstrators in Baghdad".

    Looked for in the prepositions of the trigger, of its clause and of its agents.
    """
    for head in [tok, *heads]:
        for obj in place_objects(head):
            mid = ctx.tok_mention.get(obj.i)
            if mid is None:  # "at this jail in northern Israel", "in the city of Kirkuk"
                mid = next((ctx.tok_mention[o.i] for o in place_objects(obj, WORDS.place_preps | {"of"})
                            if o.i in ctx.tok_mention), None)
            if mid is not None and ctx.mention(mid).kind == "name" and (
                    ctx.mention(mid).label in _PLACE_LABELS or geo.place_code(ctx.mention(mid).text)):
                return mid
    return None
