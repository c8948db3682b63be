"""Rules that adjust an event's category by PLOVER convention.

``verbal-attack-is-accuse``, ``label-is-praise-or-blame`` and ``interview-is-no-consultation`` run
in the ``category`` stage; the others in the
``conventions`` stage, a first-match stage: each returns whether it applied, and the first
that applies is the only one (the category it gives is final). They read the reading's
modality, which is set just before them.
"""

from __future__ import annotations

import re

from spacy.tokens import Token

from kg.stages.events.context import EventContext, Reading
from kg.stages.events.grammar import has_unless, object_predicate, pobjs
from kg.stages.events.lexicon import NO_EVENT
from kg.stages.events.rules.registry import registry
from kg.stages.events.tables import CATEGORIES, WORDS
from kg.world.valence import phrase_valence

#: a web address standing as a name ("Portfolio.hu", "Politico.com"): a website
_WEB_ADDRESS = re.compile(r"[a-z0-9-]+(\.[a-z0-9-]+)*\.[a-z]{2,6}")

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
    valence ("called the meeting a summit") states no event. So does a label after "as" on a
    verb of naming ("designated the group as terrorists", "listed Saha as an Air Force airline").
    """
    if r.trigger.predicate:
        labels = [object_predicate(r.token)]  # the lexicon's predicate condition found it
    elif "as" in r.trigger.particle and r.category == "ACCUSE":
        # the same with "as": "named the PKK as terrorists" blames; "lists Saha as belonging to the Air Force" states nothing
        labels = [o for c in r.token.children if c.dep_ == "prep" and c.lower_ == "as" for o in c.children]
        if not labels:
            return
    else:
        return
    score = phrase_valence(t.lower_ for label in labels[-1:] for t in label.subtree)
    r.category = "ACCUSE" if score < 0 else "SUPPORT" if score > 0 else NO_EVENT


@registry.register("interview-is-no-consultation")
def interview_is_no_consultation(r: Reading, ctx: EventContext) -> None:
    """Rule: speaking to a news outlet is no consultation.

    "Speaking to Reuters, an attendee said ...", "Parker spoke with Wikinews about the campaign",
    "With Wikinews, Hammons discusses his background": an interview is how a statement reaches
    the news, not a meeting between two actors (PLOVER's CONSULT). The outlet is dropped from
    either side of a consultation; one with no side left states no event.
    """
    if r.category != "CONSULT":
        return
    r.agents = [a for a in r.agents if not is_news_medium(ctx.mention(a[0]).text)]
    r.targets = [b for b in r.targets if not is_news_medium(ctx.mention(b[0]).text)]
    if not r.agents or not r.targets:
        r.category = NO_EVENT


def is_news_medium(name: str) -> bool:
    """Whether a name is a news outlet's: one PETRARCH-2 codes as media (or whose name begins with
    one: "BBC Sport"), one with a word that says so ("Fox News", "Canadian Press"), or a web address.

    Examples
    --------
    >>> [is_news_medium(n) for n in ("Reuters", "BBC Sport", "NBC News", "Portfolio.hu", "Mike Pompeo")]
    [True, True, True, True, False]
    """
    words = name.lower().removeprefix("the ").split()
    if not words:
        return False
    return (" ".join(words) in WORDS.news_media or words[0] in WORDS.news_media
            or any(w in WORDS.news_media_words for w in words)
            or len(words) == 1 and _WEB_ADDRESS.fullmatch(words[0]) is not None)



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
