"""Rules that find an argument in the frame around a trigger rather than among its dependents.

News often names the other side of a reaction through the act it reacts to ("attacked the
proclamation ... by President Trump", "criticized Pelosi's announcement"), or puts the act in
an adverbial frame of another clause ("pledged X despite criticism by the Greek foreign
minister", "suspended parliament at the request of the Prime Minister"). Measured on the
development golds (``tests/gold``, 21 articles) before these rules: of 121 required events kg
found 14; in 11 of the misses the other side stood in such a frame.

The same frames name the participants of an event noun ("said *in a meeting with Putin*",
"*in a phone call*, Trump encouraged Zelensky") and the authors of an agentless act ("the
attack was condemned *in a joint statement by Germany, France and Britain*"): issue 14's
class 4, the event nouns whose participants sit in the sentence around them.

A decision taken by a body is often told in the agentless passive with the body as its place:
"Both were acquitted *in the Senate*" (``passive-in-a-body``; the development golds had two
such events, and the corpus build of 284 articles none before the rule).
"""

from __future__ import annotations

from spacy.tokens import Token

from kg.stages.events.context import EventContext, Reading
from kg.stages.events.grammar import pobjs, subject
from kg.stages.events.rules.registry import registry
from kg.stages.events.tables import CATEGORIES, WORDS


def _act_actor(noun: Token, ctx: EventContext) -> list[tuple[int, float]]:
    """The actor of an act named by a noun: its possessor ("Iran's decision"), a "by"/"from"
    phrase ("the proclamation ... by President Trump"), or a name modifying it ("the Trump
    administration's move")."""
    found: list[tuple[int, float]] = []
    owners = [c for c in noun.children if c.dep_ == "poss" and c.i < noun.i]
    for c in noun.children:
        if c.dep_ in ("poss", "compound", "nmod") and c.i < noun.i and (c.dep_ == "poss" or not owners):
            # (beside an owner a name modifying the act is its topic: "May's Brexit deal")
            found += ctx.mentions_of([c], descend="owner")
        elif c.dep_ == "prep" and c.lower_ in ("by", "from"):
            found += ctx.mentions_of(pobjs(c), descend="owner")
    # "the proclamation of the Golan Heights as ... by President Trump": a "by" phrase after the
    # act, in its subtree or (as the parser often attaches it) in the active clause it is the object of
    clause = noun.head if noun.dep_ == "dobj" and any(c.dep_ == "nsubj" for c in noun.head.children) else noun
    for c in clause.subtree:
        if c.dep_ == "agent" and c.head.i != clause.i or (c.dep_ == "prep" and c.lower_ == "by" and c.i > noun.i
                                                          and c.head.i != noun.i):
            found += ctx.mentions_of(pobjs(c), descend="owner")
    return list(dict.fromkeys((m, conf * 0.9) for m, conf in found))


@registry.register("act-actor-is-target")
def act_actor_is_target(r: Reading, ctx: EventContext) -> None:
    """Rule: a reaction to an act is aimed at the act's actor.

    "Erdogan attacked the proclamation of the Golan Heights as Israeli territory by President
    Trump" -> Erdogan accuses Trump; "welcomed Iran's decision" -> Iran. The act is the
    object, named by a noun that is no actor ("decision", "move", "proclamation", "conduct");
    its actor is its possessor or its "by" phrase. A verbal attack on an act is an accusation.
    """
    if r.trigger.category not in CATEGORIES.reactions | {"ASSAULT"} or r.trigger.pos != "VERB":
        return
    acts = [o for o in r.args.objects if o.lemma_.lower() in WORDS.act_nouns and o.i not in ctx.tok_mention]
    if not acts:
        return
    actors = [a for o in acts for a in _act_actor(o, ctx) if a[0] not in {x for x, _ in r.agents}]
    if not actors:
        return
    if r.trigger.category == "ASSAULT":  # one attacks a decision only in words
        r.category = "ACCUSE"
    r.targets = actors


@registry.register("reaction-in-a-frame")
def reaction_in_a_frame(r: Reading, ctx: EventContext) -> None:
    """Rule: a reaction named in an adverbial frame of a clause is aimed at that clause's subject.

    "Erdogan pledged to convert the museum despite criticism by the Greek foreign minister" ->
    the foreign minister accuses Erdogan; "amid protests by farmers", "after condemnation from
    the EU". The reaction is a noun with an agent of its own, in a frame (``frame_preps``)
    hanging on a verb whose subject names an actor.
    """
    tok = r.token
    if r.targets or not r.agents or r.trigger.pos != "NOUN" or r.trigger.category not in CATEGORIES.reactions:
        return
    prep = tok.head
    if tok.dep_ != "pobj" or prep.lower_ not in WORDS.frame_preps or prep.head.pos_ not in ("VERB", "AUX"):
        return
    subjects = [c for c in prep.head.children if c.dep_ in ("nsubj", "nsubjpass")]
    agents = {a for a, _ in r.agents}
    r.targets = [m for m in ctx.mentions_of(subjects, descend="owner") if m[0] not in agents]


@registry.register("at-the-request-of")
def at_the_request_of(r: Reading, ctx: EventContext) -> None:
    """Rule: "at the request of X", "at the behest of X", "per request of X": X asks the
    clause's subject for the act ("the Queen suspended parliament at the request of the Prime
    Minister" -> the Prime Minister requests of the Queen)."""
    tok = r.token
    if r.trigger.pos != "NOUN" or r.trigger.category != "REQUEST" or r.agents and r.targets:
        return
    prep = tok.head
    if tok.dep_ != "pobj" or prep.lower_ not in ("at", "per", "upon", "on") or prep.head.pos_ not in ("VERB", "AUX"):
        return
    askers = [o for c in tok.children if c.dep_ == "prep" and c.lower_ == "of" for o in pobjs(c)]
    if not askers and tok.head.dep_ == "prep":
        return
    asked = [c for c in prep.head.children if c.dep_ in ("nsubj", "nsubjpass")]
    agents = ctx.mentions_of(askers, descend="owner")
    targets = [m for m in ctx.mentions_of(asked, descend="owner") if m[0] not in {a for a, _ in agents}]
    if agents and targets:
        r.agents, r.targets = agents, targets


@registry.register("meeting-in-a-frame")
def meeting_in_a_frame(r: Reading, ctx: EventContext) -> None:
    """Rule: a meeting named in the frame of a clause is held by the clause's subject, with whom
    the meeting names or, failing that, with whom the clause acts on.

    "Macron said in a meeting with Putin that ..." -> Macron and Putin; "In a phone call in late
    July, Trump encouraged Zelensky to ..." -> Trump and Zelensky. The meeting is a CONSULT noun
    with no agent of its own, the object of a frame preposition (``meeting_frame_preps``) on a verb.
    """
    tok = r.token
    if r.trigger.pos != "NOUN" or r.category != "CONSULT" or r.agents or tok.dep_ != "pobj":
        return
    prep = tok.head
    if prep.lower_ not in WORDS.meeting_frame_preps or prep.head.pos_ not in ("VERB", "AUX"):
        return
    verb = prep.head
    subj, _ = subject(verb)
    agents = ctx.mentions_of([subj], descend="owner") if subj is not None else []
    # whom the clause tells or asks to act: "urged Iran in a call to ...", "told him in a meeting
    # that ...", "encouraged Zelensky to ..." (not "said Iran must ...", nor "represented his
    # client in a negotiation", where the meeting is with someone else)
    complements = [c for c in verb.children if c.dep_ in ("xcomp", "ccomp")]
    acted_on = [c for c in verb.children if c.dep_ in ("dobj", "dative")] if complements else []
    if verb.lemma_.lower() not in WORDS.report_verbs:
        acted_on += [x for c in complements for x in c.children if x.dep_ == "nsubj"]
    others = r.targets or ctx.mentions_of(acted_on, descend="owner")
    targets = [m for m in others if m[0] not in {a for a, _ in agents}]
    if agents and targets:
        r.agents, r.targets = agents, targets


@registry.register("visit-on-a-journey")
def visit_on_a_journey(r: Reading, ctx: EventContext) -> None:
    """Rule: a visit named as the purpose of a journey is the traveller's, to the place travelled to.

    "Saddam Hussein arrived in Amman on a previously unannounced visit", "Modi flew to Washington on
    a state visit", "the minister is in Moscow on a two-day visit": the visit noun, with no agent
    of its own, hangs on "on" from a verb of travel (``travel_words``) or a copula; its agent is
    the verb's subject, its target the named place the verb goes to or is in.
    """
    tok = r.token
    if r.trigger.pos != "NOUN" or r.category != "CONSULT" or r.agents or tok.dep_ != "pobj" \
            or tok.head.lower_ != "on" or tok.head.head.pos_ not in ("VERB", "AUX"):
        return
    verb = tok.head.head
    if verb.lemma_.lower() not in WORDS.travel_words and verb.lemma_ != "be":
        return
    subj, _ = subject(verb)
    agents = ctx.mentions_of([subj], descend="owner") if subj is not None else []
    places = [o for c in verb.children if c.dep_ == "prep" and c.lower_ in WORDS.journey_preps for o in pobjs(c)]
    targets = r.targets or [m for m in ctx.mentions_of(places, descend="none") if ctx.mention(m[0]).kind == "name"]
    targets = [m for m in targets if m[0] not in {a for a, _ in agents}]
    if agents and targets:
        r.agents, r.targets = agents, targets


@registry.register("statement-in-a-frame")
def statement_in_a_frame(r: Reading, ctx: EventContext) -> None:
    """Rule: an act with no agent, made in a statement, is made by the statement's authors.

    "The attack was condemned in a joint statement by Germany, France and Britain" -> each of
    them condemns; "... in a White House statement", "... in Iran's letter to the Council". The
    statement (``statement_nouns``) is the object of ``statement_preps`` on the trigger verb; its
    authors are its possessor, a name modifying it or its "by"/"from" phrase.
    """
    if r.agents or r.trigger.pos != "VERB":
        return
    statements = [n for c in r.token.children if c.dep_ == "prep" and c.lower_ in WORDS.statement_preps
                  for n in pobjs(c) if n.lemma_.lower() in WORDS.statement_nouns]
    authors = [a for n in statements for a in _act_actor(n, ctx)]
    r.agents = [a for a in dict(authors).items() if a[0] not in {b for b, _ in r.targets}]


@registry.register("passive-in-a-body")
def passive_in_a_body(r: Reading, ctx: EventContext) -> None:
    """Rule: an agentless passive decided "in" a named body is the body's act.

    "Both were acquitted in the Senate" -> the Senate acquits them; "the bill was rejected in
    parliament" (a named one). Only acts a body decides (``decided_in_a_body``) and only an
    organisation's name ("was arrested in Moscow", "was attacked in Kabul" name a place).
    """
    tok = r.token
    if r.agents or not r.targets or r.trigger.pos != "VERB" or r.trigger.category not in CATEGORIES.decided_in_a_body \
            or not any(c.dep_ == "nsubjpass" for c in tok.children):
        return
    bodies = [ctx.tok_mention[o.i] for c in tok.children if c.dep_ == "prep" and c.lower_ == "in"
              for o in pobjs(c) if o.i in ctx.tok_mention]
    targets = {b for b, _ in r.targets}
    r.agents = [(m, 0.8) for m in dict.fromkeys(bodies) if m not in targets
                and ctx.mention(m).kind == "name" and ctx.mention(m).label == "ORG"]
