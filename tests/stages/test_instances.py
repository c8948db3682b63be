"""Which event mentions are one real event (kg.stages.instances.decide), on hand-built mentions:
dates read by a mention's own text seed the groups, trigger words (or words of one act) must agree
where a date was borrowed, and a later article's undated retelling joins the event it recounts."""

from __future__ import annotations

import itertools

from kg.stages.instances.decide import TABLES, Report, decide_block

TRUMP, ZELENSKY = ("person/Donald_Trump",), ("person/Volodymyr_Zelensky",)
JOHNSON, QUEEN = ("person/Boris_Johnson",), ("person/Elizabeth_II",)
HOUSE = ("organization/House",)


def groups(reports, duplicates=None) -> list[tuple[tuple[str, ...], str]]:
    return [(i.mentions, i.rule) for i in decide_block(reports, duplicates)]


def test_an_undated_mention_does_not_join_the_mention_its_date_was_borrowed_from_with_other_words():
    """"Trump's call with Zelensky" (undated) and "a meeting between Zelensky and Trump" (July) in one
    article: the call takes the article's July only to be compared, and a call is not a meeting."""
    call = Report("aa-1", "CONSULT", TRUMP, ZELENSKY, "asserted", None, None, "2019-09-30", "call")
    meeting = Report("aa-2", "CONSULT", ZELENSKY, TRUMP, "asserted", "2019-07", "month", "2019-09-30", "meeting")
    assert groups([call, meeting]) == [(("aa-1",), "one-report"), (("aa-2",), "one-report")]


def test_words_of_one_act_agree():
    """"Per request of Johnson, the Queen suspended parliament" and "Johnson asked the Queen for this
    prorogation in August": a request is an asking (instances.toml, same_act)."""
    request = Report("bb-0", "REQUEST", JOHNSON, QUEEN, "asserted", None, None, "2019-09-11", "request")
    asked = Report("bb-2", "REQUEST", JOHNSON, QUEEN, "asserted", "2019-08", "month", "2019-09-11", "asked")
    assert groups([request, asked]) == [(("bb-0", "bb-2"), "same-document")]
    assert TABLES.stems("spoke") & TABLES.stems("had a phone conversation")
    # "Trump encouraged Zelensky to investigate" and "Trump pressed Zelensky to": the one asking
    assert TABLES.stems("encouraged") & TABLES.stems("asks") and TABLES.stems("pressed") & TABLES.stems("request")
    assert not TABLES.stems("alleged") & TABLES.stems("criticized")


IMPEACHED = Report("cc-1", "ACCUSE", HOUSE, TRUMP, "asserted", "2019-12-18", "day", "2019-12-19", "impeached")


def test_a_later_article_recounting_an_event_without_a_date_joins_it():
    """"Trump, the third President to be impeached by the House" four weeks on (rule recounted)."""
    retold = Report("dd-3", "ACCUSE", HOUSE, TRUMP, "asserted", None, None, "2020-01-15", "impeached")
    [inst] = decide_block([IMPEACHED, retold])
    assert (inst.mentions, inst.rule, inst.confidence) == (("cc-1", "dd-3"), "recounted", TABLES.confidence["recounted"])
    assert (inst.date, inst.precision, inst.first_reported, inst.reports) == ("2019-12-18", "day", "2019-12-19", 2)


def test_a_recounting_stays_apart_when_it_is_too_late_two_events_fit_or_the_words_differ():
    late = Report("dd-3", "ACCUSE", HOUSE, TRUMP, "asserted", None, None, "2020-03-15", "impeached")
    assert len(decide_block([IMPEACHED, late])) == 2  # beyond recount_window_days
    other = Report("ee-0", "ACCUSE", HOUSE, TRUMP, "asserted", "2019-11-20", "day", "2019-11-21", "impeachment vote")
    retold = Report("dd-3", "ACCUSE", HOUSE, TRUMP, "asserted", None, None, "2020-01-15", "impeached")
    assert len(decide_block([IMPEACHED, other, retold])) == 3  # two earlier instances share its word: a tie
    blamed = Report("dd-4", "ACCUSE", HOUSE, TRUMP, "asserted", None, None, "2020-01-15", "blamed")
    assert len(decide_block([IMPEACHED, blamed])) == 2


def test_a_recounting_is_of_a_stated_event_only():
    plan = Report("ff-0", "CONSULT", TRUMP, ZELENSKY, "future", "2019-09-01", "day", "2019-08-20", "meet")
    again = Report("gg-0", "CONSULT", TRUMP, ZELENSKY, "future", None, None, "2019-10-10", "meet")
    assert len(decide_block([plan, again])) == 2


def test_the_decision_does_not_depend_on_the_order_of_the_mentions():
    reports = [IMPEACHED,
               Report("dd-3", "ACCUSE", HOUSE, TRUMP, "asserted", None, None, "2020-01-15", "impeached"),
               Report("dd-5", "ACCUSE", HOUSE, TRUMP, "reported", None, None, "2020-01-15", "impeachment"),
               Report("hh-0", "ACCUSE", HOUSE, TRUMP, "asserted", "2019-10", "month", "2019-10-31", "inquiry"),
               Report("hh-1", "ACCUSE", HOUSE, TRUMP, "asserted", None, None, "2019-10-31", "inquiry")]
    first = decide_block(reports)
    assert all(decide_block(list(p)) == first for p in itertools.permutations(reports))
    assert [i.mentions for i in first] == [("hh-0", "hh-1"), ("cc-1", "dd-3", "dd-5")]


def test_two_statements_that_name_different_acts_after_one_verb_stay_apart():
    """"Biden called Trump's action a betrayal" and "Biden called Trump a national embarrassment", one
    article, undated: two statements (the framing verb's complement names the act)."""
    biden = ("person/Joe_Biden",)
    one = Report("kk-16", "ACCUSE", biden, TRUMP, "asserted", None, None, "2020-10-29", "called betrayal")
    two = Report("kk-31", "ACCUSE", biden, TRUMP, "asserted", None, None, "2020-10-29", "called embarrassment")
    again = Report("kk-40", "ACCUSE", biden, TRUMP, "asserted", None, None, "2020-10-29", "called it a betrayal")
    assert groups([one, two, again]) == [(("kk-16", "kk-40"), "report-window"), (("kk-31",), "one-report")]


def test_deciding_a_block_part_by_part_is_deciding_it_whole():
    """components(): the parts a build re-decides on their own give what the whole block gives
    (random mentions of one block: days, months, undated ones, shared documents, triggers)."""
    import random

    from kg.stages.instances import decide

    rng = random.Random(16)
    words = ["attacked", "strike", "raid", "shelled", "invasion", "bombing"]
    for _ in range(30):
        reports = []
        for n in range(40):
            doc = f"d{rng.randrange(40) if rng.random() < 0.3 else 40 + n:02d}"  # some documents report several
            day = f"{rng.randrange(2020, 2026)}-{rng.randrange(1, 13):02d}-{rng.randrange(1, 28):02d}"
            date, precision = rng.choice([(day, "day"), (day[:7], "month"), (None, None), (None, None)])
            reports.append(Report(f"{doc}-{n}", "ASSAULT", ("country/X",), ("country/Y",), "asserted", date, precision,
                                  day, rng.choice(words)))
        spans = decide._spans(sorted(reports, key=lambda r: r.id), "stated", TABLES.window)
        whole = decide._decide_part(sorted(reports, key=lambda r: r.id), spans, "stated", {}, TABLES)
        expected = sorted(whole, key=lambda i: (i.first_reported or "~", i.anchor))
        assert decide_block(reports) == expected
        assert len(decide.components(reports)) > 1
