"""Rules that adjust an event's category by PLOVER convention.

``verbal-attack-is-accuse`` and ``label-is-praise-or-blame`` run in the ``category`` stage; the others in the
``conventions`` stage, a first-match stage: each returns whether it applied, and the first
that applies is the only one (the category it gives is final). They read the reading's
modality, which is set just before them.
"""

from __future__ import annotations

from spacy.tokens import Token

from kg.stages.events.context import EventContext, Reading
from kg.stages.events.grammar import has_unless, pobjs
from kg.stages.events.lexicon import NO_EVENT
from kg.stages.events.rules.registry import registry
from kg.stages.events.tables import CATEGORIES, WORDS
from kg.world.valence import phrase_valence

#: modalities of an act that has not happened yet
_NOT_YET = ("future", "hypothetical")


@registry.register("verbal-attack-is-accuse")
def verbal_attack_is_accuse(r: Reading, ctx: EventContext) -> None:
    """Rule: a verbal attack is an accusation.

    One person attacking another ("Biden attacked Trump") or an attack "for" a reason ("Joe
    Biden attacked Donald Trump for his record") is ACCUSE; strikes "for the third day" are not.
    """
    tok = r.token
    if r.category == "ASSAULT" and tok.lemma_ == "attack" and (
            any(o.ent_type_ not in ("DATE", "TIME") for c in tok.children
                if c.dep_ == "prep" and c.lower_ == "for" for o in pobjs(c))
            or all(ctx.mention(a).label == "PERSON" for a, _ in r.agents)
            and all(ctx.mention(b).label == "PERSON" for b, _ in r.targets)):
        r.category = "ACCUSE"


@registry.register("label-is-praise-or-blame")
def label_is_praise_or_blame(r: Reading, ctx: EventContext) -> None:
    """Rule: a label put on someone is blame or praise by its words' valence (VADER's lexicon).

    "Trump called the Democrats' investigation a witch hunt" is an accusation; "Sanders called
    Conway a pleasant neighbour" is praise (SUPPORT, as PLOVER codes praise); a label with no
    valence ("called the meeting a summit") states no event.
    """
    if not r.trigger.predicate:
        return
    labels = [c for c in r.token.children if c.dep_ == "oprd"]  # the lexicon's predicate condition found one
    score = phrase_valence(t.lower_ for label in labels[-1:] for t in label.subtree)
    r.category = "ACCUSE" if score < 0 else "SUPPORT" if score > 0 else NO_EVENT


@registry.register("unless-is-threaten")
def unless_is_threaten(r: Reading, ctx: EventContext) -> bool:
    """Rule (PLOVER): an act announced unless the other side complies is a threat.

    "Nigeria announced that it will withdraw its peacekeeping force from Chad unless the
    president arranged a ceasefire" -> THREATEN.
    """
    if r.modality in _NOT_YET and r.category not in CATEGORIES.verbal_cooperation and has_unless(r.clause):
        r.category = "THREATEN"
        return True
    return False


@registry.register("future-cooperation-is-agree")
def future_cooperation_is_agree(r: Reading, ctx: EventContext) -> bool:
    """Rule (PLOVER): cooperation reported in the future tense is AGREE.

    "Germany will meet France next week" -> AGREE.
    """
    if r.modality in _NOT_YET and r.category in CATEGORIES.cooperative:
        r.category = "AGREE"
        return True
    return False


@registry.register("preparing-attack-is-mobilize")
def preparing_attack_is_mobilize(r: Reading, ctx: EventContext) -> bool:
    """Rule (PLOVER): preparing to attack is mobilising.

    "The Macedonian army prepared to resume shelling Albanian rebel-held territory" -> MOBILIZE.
    """
    if r.modality in _NOT_YET and r.category == "ASSAULT" and _preparing(r.token):
        r.category = "MOBILIZE"
        return True
    return False


@registry.register("future-conflict-is-threaten")
def future_conflict_is_threaten(r: Reading, ctx: EventContext) -> bool:
    """Rule (PLOVER): material conflict announced for the future is a threat.

    "Palestinian leaders said they would boycott all official contact with the United
    States" -> THREATEN.
    """
    if r.modality in _NOT_YET and r.category in CATEGORIES.material_conflict:
        r.category = "THREATEN"
        return True
    return False


@registry.register("negated-agreement-is-reject")
def negated_agreement_is_reject(r: Reading, ctx: EventContext) -> bool:
    """Rule (PLOVER): a negated agreement or concession is a rejection, and is asserted.

    "Palestinians and Israelis failed to reach agreement", "Russia said it would not meet the
    demands of Ukrainian negotiators" -> REJECT.
    """
    if r.modality == "negated" and r.category in CATEGORIES.agreements:
        r.category, r.modality = "REJECT", "asserted"
        return True
    return False


def _preparing(tok: Token) -> bool:
    """Whether an act is what someone prepares or gets ready for ("prepared to resume shelling")."""
    node = tok
    for _ in range(3):
        if node.dep_ not in ("xcomp", "advcl", "acl") or node.head.i == node.i:
            return False
        node = node.head
        if node.lemma_.lower() in WORDS.preparing:
            return True
    return False
