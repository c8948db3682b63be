"""Counting by event instance: two articles report one strike; dyads, between, timeline and kg stats
count it once (every report with count=mentions), and sources lists both reports of it."""

from __future__ import annotations

from support import kg_query

from kg.use.query import query
from kg.use.stats import stats

ISRAEL = "https://w3id.org/kg-news/data/country/Israel"


def strike_rows(records: list[dict]) -> list[dict]:
    return [r for r in records if r["category"] == "ASSAULT" and str(r["agent"]) == ISRAEL]


def test_dyads_count_the_strike_once_and_its_reports_on_request(two_reports_out):
    (by_event,) = strike_rows(query(two_reports_out, "dyads").records())
    (by_report,) = strike_rows(query(two_reports_out, "dyads", params={"count": "mentions"}).records())
    assert int(by_event["events"]) == 1 and int(by_report["events"]) == 2
    assert str(by_event["first"]) == "2025-06-13"  # the instance's date: the Friday before the first report


def test_between_and_timeline_show_one_row_for_the_strike(two_reports_out):
    rows = query(two_reports_out, "between", params={"a": "Iran", "b": "Israel"}).records()
    assert [(str(r["id"])[:2], int(r["reports"])) for r in rows] == [("i-", 2)]
    mentions = query(two_reports_out, "between", params={"a": "Iran", "b": "Israel", "count": "mentions"}).records()
    assert len(mentions) == 2 and {str(r["id"])[:2] for r in mentions} != {"i-"}
    timeline = strike_rows(query(two_reports_out, "timeline").records())
    assert [(str(r["date"]), int(r["reports"])) for r in timeline] == [("2025-06-13", 2)]
    assert "Israel attacked Iran" in str(timeline[0]["evidence"])


def test_sources_of_an_instance_list_every_report(two_reports_out, capsys):
    (row,) = query(two_reports_out, "between", params={"a": "Iran", "b": "Israel"}).records()
    reports = query(two_reports_out, "sources", params={"event": str(row["id"])}).records()
    assert sorted(str(r["file"]) for r in reports) == ["a-call.txt", "b-followup.txt"]
    assert any("last week" in str(r["evidence"]) for r in reports)
    # a mention's own id lists that report only
    one = [r for r in reports if str(r["file"]) == "b-followup.txt"][0]
    assert len(query(two_reports_out, "sources", params={"event": str(one["id"])}).records()) == 1
    code, out, _ = kg_query(capsys, two_reports_out, "sources", f"event={row['id']}")
    assert code == 0 and "a-call.txt" in out and "b-followup.txt" in out


def test_stats_count_events_once_and_reports_with_mentions(two_reports_out):
    assert stats(two_reports_out).events["ASSAULT"] == 1
    assert stats(two_reports_out, count="mentions").events["ASSAULT"] == 2
    assert "--mentions counts every report" in stats(two_reports_out).table()
