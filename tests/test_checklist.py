"""The salient-events checklist (tests/gold/salient_checklist.json) is a well-formed gold that
``benchmarks/eval_checklist.py`` can score: without ../shared, only the file is checked."""

from __future__ import annotations

import datetime
import json
from pathlib import Path

from kg.use.evaluate import gold_index, load_gold, norm

CHECKLIST = Path(__file__).resolve().parent / "gold" / "salient_checklist.json"

# The 16 categories of PLOVER 2021 (tests/gold/README.md, "Events").
PLOVER = {"AGREE", "CONSULT", "SUPPORT", "COOPERATE", "AID", "RETREAT", "CONCEDE",
          "REQUEST", "ACCUSE", "REJECT", "THREATEN",
          "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT"}


def test_checklist_is_scorable(tmp_path):
    entries = json.loads(CHECKLIST.read_text(encoding="utf-8"))
    assert len(entries) == 60
    assert len({e["document"] for e in entries}) == 60
    events = 0
    for entry in entries:
        doc = entry["document"]
        published = datetime.date.fromisoformat(entry["published"])
        path = tmp_path / f"{doc}.gold.json"
        path.write_text(json.dumps(entry), encoding="utf-8")
        gold = load_gold(path)  # the scorer's own check of the gold format
        idx = gold_index(gold)
        owners = {(norm(n), e["name"]) for e in gold["entities"] for n in [e["name"], *e["aliases"]]}
        assert len(owners) == len(idx), f"{doc}: a name or alias of two entities"
        assert len(gold["events"]) <= 3, doc
        assert len({e["id"] for e in gold["events"]}) == len(gold["events"]), doc
        for ev in gold["events"]:
            where = f"{doc} {ev['id']}"
            assert ev["required"] is True, where
            assert ev["types"] and set(ev["types"]) <= PLOVER, where
            assert ev["agent"] and ev["target"] and ev["evidence"], where
            for name in ev["agent"] + ev["target"]:
                assert idx.get(norm(name)) == name, f"{where}: {name!r} is not an entity of its entry"
            for d in ev["date"] or []:
                assert d[:4].isdigit() and d <= published.isoformat(), where
            events += 1
    assert events == 36
