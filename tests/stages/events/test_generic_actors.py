"""Generic and collective actors, plural pronouns and speakers, end to end: a short story built
into a graph, its events read back with the labels of their agents and targets.

What these rules give shows only once the entities are resolved (a group no word places
stands for the state the document is about; "they" for its group's state), so the cases are
whole builds rather than extractions.
"""

from __future__ import annotations

import pytest

from kg.pipeline import run_build
from kg.use.evaluate import View, graph_of


def _events(tmp_path, text: str) -> set[tuple]:
    path = tmp_path / "story.txt"
    path.write_text(text, encoding="utf-8")
    report = run_build([path])
    try:
        view = View(graph_of(report.store))
        return {(view.event_type(ev), *(tuple(sorted(view.labels(n)[0][0] for n in view.out[ev][role]))
                                        for role in ("agent", "target"))) for ev in view.event_nodes()}
    finally:
        report.store.close()


_HONG_KONG = "Sunday, June 23, 2019\n\nHong Kong's government delayed the bill on Saturday. "

# Real-model stories: text -> an event that must be read, an event that must not.
CASES = [
    # they -> the student groups, who stand for Hong Kong
    (_HONG_KONG + "Hong Kong protesters surrounded the police headquarters on Friday. They had asked "
     "Chief Executive Carrie Lam to resign.",
     ("REQUEST", ("Hong Kong",), ("Carrie Lam",)), None),
    # we -> the speaker, who acts for the Houthis
    ("Sunday, September 15, 2019\n\n“These attacks are our right, and we warn the Saudis that our "
     "targets will widen,” Houthi spokesman Yahya Saree said.",
     ("THREATEN", ("Yahya Saree",), ("Saudi Arabia",)), None),
    # protesters no word places, in a story about Hong Kong: aimed at Hong Kong
    (_HONG_KONG + "On Sunday, thousands of protesters marched through the streets. Hong Kong police "
     "fired tear gas.",
     ("PROTEST", ("protesters (Hong Kong)",), ("Hong Kong",)), None),
    # in a story about no one state, a group no word places is no actor
    ("Sunday, June 23, 2019\n\nOn Sunday, thousands of protesters marched through the streets.",
     None, ("PROTEST", ("protesters",), ())),
]


@pytest.mark.parametrize(("text", "made", "not_made"), CASES, ids=[c[0][28:68] for c in CASES])
def test_real_model_stories(tmp_path, text, made, not_made):
    events = _events(tmp_path, text)
    assert made is None or made in events, events
    assert not_made is None or not any(e[0] == not_made[0] for e in events), events
