"""The word and category tables of the event rules, loaded once from ``data/``.

The rules test tokens against lists of words ("partitive" heads, "unnamed attackers", the
auxiliaries of the future ...) and readings against groups of PLOVER categories (the
"cooperative" ones a future tense turns into AGREE ...). Those lists are data, not logic:
they live in ``data/words.toml`` and ``data/categories.toml``, one commented table per
list, and are read here into two frozen records whose fields are the tables' names, so a
table missing from a file or unknown to kg fails at import, not in the middle of a build
(the schema of each file is in ``data/README.md``).

Examples
--------
>>> "bombing" in WORDS.unnamed_attackers
True
>>> sorted(CATEGORIES.attacks)
['ASSAULT', 'MOBILIZE']
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, fields
from pathlib import Path

from kg.records import PLOVER_CATEGORIES

__all__ = ["Words", "CategoryGroups", "DatingWords", "WORDS", "CATEGORIES", "DATING", "load_tables"]

_DATA = Path(__file__).with_name("data")


@dataclass(frozen=True)
class Words:
    """The tables of ``data/words.toml`` (each one documented there)."""

    partitive: frozenset[str]
    part_words: frozenset[str]
    object_control_verbs: frozenset[str]
    means_preps: frozenset[str]
    descend_preps: frozenset[str]
    actor_preps: frozenset[str]
    occurrence_verbs: frozenset[str]
    target_roles: frozenset[str]
    complement_preps: frozenset[str]
    act_content_preps: frozenset[str]
    inner_preps: frozenset[str]
    stance_nouns: frozenset[str]
    stance_preps: frozenset[str]
    objection_verbs: frozenset[str]
    objection_verb_preps: frozenset[str]
    objection_nouns: frozenset[str]
    objection_noun_preps: frozenset[str]
    possessives: frozenset[str]
    condition_marks: frozenset[str]
    place_preps: frozenset[str]
    unnamed_attackers: frozenset[str]
    unnamed_crowds: frozenset[str]
    crowd_protest_nouns: frozenset[str]
    crowd_counts: frozenset[str]
    lodging_verbs: frozenset[str]
    lodging_preps: frozenset[str]
    journey_preps: frozenset[str]
    attack_frame_preps: frozenset[str]
    mutual_words: frozenset[str]
    attack_nouns: frozenset[str]
    act_nouns: frozenset[str]
    frame_preps: frozenset[str]
    meeting_frame_preps: frozenset[str]
    statement_nouns: frozenset[str]
    statement_preps: frozenset[str]
    news_media: frozenset[str]
    news_media_words: frozenset[str]
    definite_determiners: frozenset[str]
    first_person: frozenset[str]
    preparing: frozenset[str]
    hypothetical_aux: frozenset[str]
    future_aux: frozenset[str]
    future_heads: frozenset[str]
    report_verbs: frozenset[str]
    asking_verbs: frozenset[str]
    intended_amods: frozenset[str]
    intending_verbs: frozenset[str]
    calling_off_verbs: frozenset[str]
    travel_words: frozenset[str]
    attendance_verbs: frozenset[str]
    venue_heads: frozenset[str]
    claim_verbs: frozenset[str]
    topic_preps: frozenset[str]
    place_nouns: frozenset[str]
    withdrawal_verbs: frozenset[str]
    view_verbs: frozenset[str]
    agreement_preps: frozenset[str]
    topic_verbs: frozenset[str]


@dataclass(frozen=True)
class CategoryGroups:
    """The groups of ``data/categories.toml`` (each one documented there)."""

    demands: frozenset[str]
    conditional: frozenset[str]
    intentions: frozenset[str]
    giving_and_cooperating: frozenset[str]
    stances: frozenset[str]
    mutual: frozenset[str]
    intent_governors: frozenset[str]
    dialogue: frozenset[str]
    reactions: frozenset[str]
    attacks: frozenset[str]
    implied_state: frozenset[str]
    verbal_cooperation: frozenset[str]
    cooperative: frozenset[str]
    material_conflict: frozenset[str]
    agreements: frozenset[str]
    decided_in_a_body: frozenset[str]
    stances_on_acts: frozenset[str]


@dataclass(frozen=True)
class DatingWords:
    """The tables of ``data/dating.toml`` (each one documented there), read by the dating rules."""

    date_preps: frozenset[str]
    bound_preps: frozenset[str]
    bound_marks: frozenset[str]
    frame_preps: frozenset[str]
    time_nouns: frozenset[str]
    schedule_heads: frozenset[str]
    unanchored_adverbs: frozenset[str]


def load_tables(path: Path, record: type, *, categories: frozenset[str] | None = None):
    """Read the TOML file ``path`` into ``record``, one frozenset per table.

    Its keys must be exactly the record's fields, each a list of strings; with
    ``categories``, every string must be one of them.
    """
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    wanted = {f.name for f in fields(record)}
    if set(data) != wanted:
        raise ValueError(f"{path.name}: unknown tables {sorted(set(data) - wanted)}, "
                         f"missing tables {sorted(wanted - set(data))}")
    for key, values in data.items():
        if not isinstance(values, list) or not all(isinstance(v, str) for v in values):
            raise ValueError(f"{path.name}: {key} is not a list of strings")
        if categories is not None and not set(values) <= categories:
            raise ValueError(f"{path.name}: {key} names unknown categories {sorted(set(values) - categories)}")
    return record(**{key: frozenset(values) for key, values in data.items()})


WORDS: Words = load_tables(_DATA / "words.toml", Words)
CATEGORIES: CategoryGroups = load_tables(_DATA / "categories.toml", CategoryGroups,
                                         categories=frozenset(PLOVER_CATEGORIES))
DATING: DatingWords = load_tables(_DATA / "dating.toml", DatingWords)
