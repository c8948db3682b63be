"""One grammar for parameters: KEY=VALUE after the question, the same in errors, --list, the README and parsing;
an unknown event id is an error like an unknown name."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from support import kg_query

from kg.errors import KGError
from kg.use.query import query, ready_made

README = Path(__file__).resolve().parents[3] / "README.md"


def test_parameters_after_the_question_work_like_p(seed_out, capsys):
    code, positional, _ = kg_query(capsys, seed_out, "events", "actor=Iran", "-f", "csv")
    assert code == 0 and "Iran" in positional
    code, with_p, _ = kg_query(capsys, seed_out, "events", "-p", "actor=Iran", "-f", "csv")
    assert code == 0 and with_p == positional
    code, _, _ = kg_query(capsys, seed_out, "between", "a=Trump", "-p", "b=Putin")
    assert code == 0


def test_the_usage_an_error_shows_is_a_command_that_runs(seed_out, capsys):
    for name, question in ready_made().items():
        required = [p for p in question.params if p.required]
        if not required:
            continue
        code, _, err = kg_query(capsys, seed_out, name)
        assert code == 2 and "[E307]" in err
        usage = re.search(r"kg query TARGET (.*)$", err.strip()).group(1)
        assert usage == question.usage()
        values = {"NAME": "Putin", "ID": "b35c5cc3631977a9-4", "IRI": "ev:b35c5cc3631977a9-4", "TEXT": "x"}
        args = [re.sub(r"=(NAME|ID|IRI|TEXT)$", lambda m: "=" + values[m.group(1)], part) for part in usage.split()]
        code, out, err = kg_query(capsys, seed_out, *args)
        assert code == 0 and out, (args, err)


def test_list_and_readme_write_parameters_the_same_way(capsys):
    code, out, _ = kg_query(capsys, "--list")
    assert code == 0 and out.startswith("kg query TARGET QUESTION KEY=VALUE ...")
    for question in ready_made().values():
        assert question.usage() in out
    readme = README.read_text(encoding="utf-8")
    commands = re.findall(r"`(kg query [^`]*)`", readme)
    assert len(commands) >= 5
    assert not [c for c in commands if re.search(r"(^|\s)(-p|--param)\s", c)], "the README writes -p KEY=VALUE"
    for usage in ("events actor=NAME", "between a=NAME b=NAME", "neighbours actor=NAME", "sources event=ID"):
        assert usage in readme and usage in out


def test_a_word_without_equals_is_a_usage_error(seed_out, capsys):
    code, _, err = kg_query(capsys, seed_out, "events", "Putin")
    assert code == 2 and "[E309] bad parameter 'Putin': write KEY=VALUE" in err


def test_an_unknown_event_id_is_an_error_with_suggestions(seed_out, capsys):
    with pytest.raises(KGError) as err:
        query(seed_out, "sources", params={"event": "b35c5cc3631977a9-44"})
    assert err.value.code == "E316" and "did you mean 'b35c5cc3631977a9-4'" in str(err.value)
    code, out, err = kg_query(capsys, seed_out, "sources", "event=nonexistent-1")
    assert code == 1 and out == ""
    assert "[E316] no event 'nonexistent-1' (parameter event); event ids look like 'b35c5cc3631977a9-0'" in err
    # an IRI that exists but is no event is refused too; a real one answers, without a timeout as with one
    with pytest.raises(KGError):
        query(seed_out, "sources", params={"event": "person:Vladimir_Putin"}, timeout=None)
    assert query(seed_out, "sources", params={"event": "b35c5cc3631977a9-4"}, timeout=None).rows
