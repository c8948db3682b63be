"""The argument grammar: the agent and target tokens of one trigger, by part of speech.

Arguments come from the dependency structure by the rules below, each named in a one-line
comment: active and passive voice, prepositional objects, datives, possessives, light verbs
("carried out airstrikes"), predicate adjectives ("is willing to"), control ("Russia used
drones to carry out strikes") and relative clauses (through :func:`~kg.stages.events.grammar.subject`).
What a trigger's own grammar does not give (a demand's target in what is demanded, a target
in "between A and B" ...) the named rules of :mod:`kg.stages.events.rules` find later.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from spacy.tokens import Token

from kg.stages.events.grammar import (
    child,
    complement_targets,
    light_verb,
    pobjs,
    prep_targets,
    second_objects,
    subject,
)
from kg.stages.events.lexicon import Trigger
from kg.stages.events.tables import WORDS

__all__ = ["Arguments", "arguments"]


@dataclass
class Arguments:
    """The argument tokens of one trigger and the grammar rule that found its agent."""

    agents: list[Token]
    targets: list[Token]  # prepositional objects, datives, passive subjects
    rule: str
    objects: list[Token] = field(default_factory=list)  # direct objects


def arguments(trig: Trigger, tok: Token, light: frozenset[str]) -> tuple[Arguments, list[Token]]:
    """Agents and targets of one trigger token, and the clause tokens (for date and modality).

    Examples
    --------
    >>> import spacy
    >>> from spacy.tokens import Doc
    >>> doc = Doc(spacy.blank("en").vocab, words=["Israel", "carried", "out", "airstrikes", "on", "Iran"],
    ...           lemmas=["Israel", "carry", "out", "airstrike", "on", "Iran"],
    ...           pos=["PROPN", "VERB", "ADP", "NOUN", "ADP", "PROPN"],
    ...           deps=["nsubj", "ROOT", "prt", "dobj", "prep", "pobj"], heads=[1, 1, 1, 1, 3, 4])
    >>> strike = Trigger("ASSAULT", "NOUN", ("airstrike",), preps=("on",))
    >>> args, clause = arguments(strike, doc[3], light=frozenset({"carry"}))
    >>> args.agents, args.targets, args.rule, clause
    ([Israel], [Iran], 'nominal+light-verb', [airstrikes, carried])
    """
    if trig.pos == "ADJ":
        return _adjective(trig, tok)
    if trig.pos == "VERB":
        return _verb(trig, tok)
    return _noun(trig, tok, light)


def _adjective(trig: Trigger, tok: Token) -> tuple[Arguments, list[Token]]:
    # Rule: a predicate of intent ("Syria is willing to withdraw from Lebanon", "Israel is
    # opposed to French mediation"): the copula's subject acts; targets come from the
    # adjective's complement.
    cop = tok.head if tok.dep_ == "acomp" else tok
    subj, rule = subject(cop)
    subj = subj if subj is not None else child(tok, "nsubjpass")
    agents = [subj] if subj is not None else []
    targets = [*prep_targets(tok, trig.preps), *complement_targets(tok)]
    return Arguments(agents, targets, "adjective:" + (rule or "nsubj")), [tok, cop]


def _verb(trig: Trigger, tok: Token) -> tuple[Arguments, list[Token]]:
    clause = [tok]
    agents: list[Token] = []
    targets: list[Token] = []
    objects: list[Token] = []
    subj, rule = subject(tok)
    if subj is not None:
        agents.append(subj)
    passive_subj = child(tok, "nsubjpass")
    if passive_subj is not None and not trig.objects:
        if passive_subj.tag_ in ("WDT", "WP") and tok.dep_ == "relcl":
            # Rule: passive relative clause: "Carrie Lam, who is supported by Beijing" -> the noun it modifies.
            passive_subj = tok.head
        targets.append(passive_subj)  # Rule: passive voice: the subject is the target.
    if not trig.objects:
        obj = child(tok, "dobj")
        if obj is not None:
            objects.append(obj)  # Rule: direct object.
        dative = child(tok, "dative")
        if dative is not None and dative.pos_ != "ADP":
            targets.append(dative)  # Rule: "provided Moscow with drones", "offered Iran support".
    else:
        obj = child(tok, "dobj", "nsubjpass", "attr")
        if obj is not None:
            clause.append(obj)
            targets.extend(prep_targets(obj, trig.preps))  # Rule: "signed a pact with X".
            if obj.lemma_ in WORDS.part_words:  # Rule: through a part: "suspended part of an aid program for X"
                targets.extend(t for p in obj.children if p.dep_ == "prep" and p.lower_ == "of"
                               for o in pobjs(p) for t in prep_targets(o, trig.preps))
            if trig.indirect:  # Rule: the object's owner: "welcomed Iran's decision" -> Iran
                targets.extend(c for c in obj.children if c.dep_ == "poss")
            if obj.lemma_ in trig.objects and obj.pos_ == "PROPN":
                targets.append(obj)  # Rule: a required object that is a name is the target ("left the European Union").
        dative = child(tok, "dative")
        if dative is not None and dative.pos_ != "ADP":
            targets.append(dative)  # Rule: "gave Tanzania a grant".
        if obj is not None and obj.lemma_ not in trig.objects and any(
                o.lemma_ in trig.objects for o in second_objects(tok)):
            targets.append(obj)  # Rule: the first of two objects receives the second ("granted Safavian a pardon").
    targets.extend(prep_targets(tok, trig.preps))  # Rule: prepositional object.
    if trig.particle:
        for c in tok.children:
            if c.lower_ in trig.particle and c.dep_ == "prep":
                targets.extend(pobjs(c))  # Rule: "called on X".
    return Arguments(agents, targets, rule or "nsubj", objects), clause


def _noun(trig: Trigger, tok: Token, light: frozenset[str]) -> tuple[Arguments, list[Token]]:
    clause = [tok]
    agents: list[Token] = []
    targets: list[Token] = []
    # Rule: possessive or compound name as the actor ("Russia's invasion", "Israeli strikes").
    for c in tok.children:
        if c.dep_ in ("poss", "compound", "amod", "nmod") and c.i < tok.i and c.lower_ != (trig.compound or ""):
            agents.append(c)
    # Rule: "by" phrase ("an offer by Vladimir Putin").
    for c in tok.children:
        if c.dep_ == "prep" and c.lower_ == "by":
            agents.extend(pobjs(c))
    verb = light_verb(tok, light)
    if verb is not None:
        clause.append(verb)
        subj, _ = subject(verb)
        if subj is not None:
            agents.insert(0, subj)
        targets.extend(prep_targets(verb, trig.preps))
    elif tok.dep_ in ("nsubj",) and tok.head.lemma_ in WORDS.occurrence_verbs:
        clause.append(tok.head)  # "the call took place on Saturday"
    if tok.dep_ == "pobj" and tok.head.lower_ == "of" and tok.head.head.lemma_ in WORDS.target_roles \
            and tok.head.head.dep_ == "attr":
        # Rule: "Abqaiq was the target of an Al-Qaeda attack" -> the copula's subject is the target.
        cop = tok.head.head.head
        clause.append(cop)
        targets.extend(c for c in cop.children if c.dep_ == "nsubj")
    targets.extend(prep_targets(tok, trig.preps))
    return Arguments(agents, targets, "nominal" + ("+light-verb" if verb is not None else "")), clause
