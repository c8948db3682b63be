"""Tests for kg.world.dates: date phrases read against a reference date, and datelines."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from kg.records import DateValue
from kg.world.dates import (
    date_in_name,
    find_document_date,
    is_duration,
    normalize,
    parse_iso,
)

WED = date(2025, 6, 18)  # a Wednesday
assert WED.weekday() == 2

# (text, ref, expected value or None, expected precision or None)
CASES = [
    # weekdays: most recent past such day, the reference day itself for its own weekday
    ("on Saturday", WED, "2025-06-14", "day"),
    ("Saturday", WED, "2025-06-14", "day"),
    ("Sunday", WED, "2025-06-15", "day"),
    ("Friday", WED, "2025-06-13", "day"),
    ("Tuesday", WED, "2025-06-17", "day"),
    ("Wednesday", WED, "2025-06-18", "day"),
    ("on Wednesday", WED, "2025-06-18", "day"),
    ("Wednesday night", WED, "2025-06-18", "day"),
    ("Monday morning", WED, "2025-06-16", "day"),
    ("Saturday's", WED, "2025-06-14", "day"),
    ("ON SATURDAY", WED, "2025-06-14", "day"),
    ("last Wednesday", WED, "2025-06-11", "day"),
    ("on Saturday", date(2025, 6, 14), "2025-06-14", "day"),  # a Saturday story
    ("Sunday", date(2025, 6, 14), "2025-06-08", "day"),
    # named days
    ("yesterday", WED, "2025-06-17", "day"),
    ("today", WED, "2025-06-18", "day"),
    ("tonight", WED, "2025-06-18", "day"),
    ("this morning", WED, "2025-06-18", "day"),
    ("last night", WED, "2025-06-17", "day"),
    ("two days ago", WED, "2025-06-16", "day"),
    ("the day before yesterday", WED, "2025-06-16", "day"),
    ("yesterday", date(2025, 1, 1), "2024-12-31", "day"),
    # written days
    ("18 June 2025", WED, "2025-06-18", "day"),
    ("June 18, 2025", WED, "2025-06-18", "day"),
    ("on June 18", WED, "2025-06-18", "day"),
    ("Wednesday, June 18, 2025", WED, "2025-06-18", "day"),
    ("on Jan. 5", WED, "2025-01-05", "day"),
    ("Jan 5th", WED, "2025-01-05", "day"),
    ("Sept. 11, 2001", WED, "2001-09-11", "day"),
    ("5th of January 2020", WED, "2020-01-05", "day"),
    ("2019-01-04", WED, "2019-01-04", "day"),
    ("25/12/2024", WED, "2024-12-25", "day"),
    ("on June 20", WED, "2024-06-20", "day"),  # day and month not after ref
    # months
    ("in January", WED, "2025-01", "month"),
    ("In January", WED, "2025-01", "month"),
    ("January", WED, "2025-01", "month"),
    ("June", WED, "2025-06", "month"),
    ("July", WED, "2024-07", "month"),
    ("December", date(2025, 1, 10), "2024-12", "month"),
    ("in December", date(2025, 12, 31), "2025-12", "month"),
    ("earlier this month", WED, "2025-06", "month"),
    ("this month", WED, "2025-06", "month"),
    ("last month", WED, "2025-05", "month"),
    ("last month", date(2025, 1, 15), "2024-12", "month"),
    ("mid-June", WED, "2025-06", "month"),
    ("the end of June", WED, "2025-06", "month"),
    ("June 2024", WED, "2024-06", "month"),
    ("three months ago", WED, "2025-03", "month"),
    # years
    ("since 2022", WED, "2022", "year"),
    ("in 2022", WED, "2022", "year"),
    ("2022", WED, "2022", "year"),
    ("early 2022", WED, "2022", "year"),
    ("last year", WED, "2024", "year"),
    ("late last year", WED, "2024", "year"),
    ("this year", WED, "2025", "year"),
    ("earlier this year", WED, "2025", "year"),
    ("two years ago", WED, "2023", "year"),
    ("2026", WED, "2026", "year"),  # ref.year + 1 is still plausible
    ("1800", WED, "1800", "year"),
    # weeks: the ISO week, written as its Monday (WED's week starts on Monday 16 June)
    ("last week", WED, "2025-06-09", "week"),
    ("Last week", WED, "2025-06-09", "week"),
    ("this week", WED, "2025-06-16", "week"),
    ("earlier this week", WED, "2025-06-16", "week"),
    ("Earlier this week", WED, "2025-06-16", "week"),
    ("later this week", WED, "2025-06-16", "week"),
    ("next week", WED, "2025-06-23", "week"),
    ("the coming week", WED, "2025-06-23", "week"),
    ("in the coming week", WED, "2025-06-23", "week"),
    ("this past week", WED, "2025-06-16", "week"),  # the week of the day before the story's
    ("over the past week", date(2025, 6, 16), "2025-06-09", "week"),  # a Monday story: the week before
    ("a week ago", WED, "2025-06-09", "week"),
    ("two weeks ago", WED, "2025-06-02", "week"),
    ("three days last week", WED, "2025-06-09", "week"),
    ("For three days last week", WED, "2025-06-09", "week"),
    ("late last week", WED, "2025-06-09", "week"),
    ("last week", date(2025, 1, 1), "2024-12-23", "week"),  # across the new year
    # weekends: written as their Saturday
    ("over the weekend", WED, "2025-06-14", "weekend"),
    ("the weekend", WED, "2025-06-14", "weekend"),
    ("this weekend", WED, "2025-06-14", "weekend"),
    ("last weekend", WED, "2025-06-14", "weekend"),
    ("this past weekend", WED, "2025-06-14", "weekend"),
    ("over the weekend", date(2025, 6, 15), "2025-06-14", "weekend"),  # a Sunday story: its own
    ("last weekend", date(2025, 6, 14), "2025-06-07", "weekend"),  # a Saturday story: the one before
    ("next weekend", WED, "2025-06-21", "weekend"),
    # parts of days and "this past"
    ("late on Sunday", WED, "2025-06-15", "day"),
    ("late Sunday", WED, "2025-06-15", "day"),
    ("early Monday", WED, "2025-06-16", "day"),
    ("in the early hours of Saturday", WED, "2025-06-14", "day"),
    ("the early hours of Saturday", WED, "2025-06-14", "day"),
    ("on the morning of Tuesday", WED, "2025-06-17", "day"),
    ("Monday night", WED, "2025-06-16", "day"),
    ("on Friday night", WED, "2025-06-13", "day"),
    ("Yesterday afternoon", WED, "2025-06-17", "day"),
    ("this past Saturday", WED, "2025-06-14", "day"),
    # a weekday written with the day picks the year: January 21 is a Tuesday in 2020
    ("Tuesday, January 21", date(2020, 1, 15), "2020-01-21", "day"),
    ("Monday, January 21", date(2020, 1, 15), "2019-01-21", "day"),
    # months named relative to the story
    ("last July", date(2019, 9, 30), "2019-07", "month"),
    ("late last July", date(2019, 9, 30), "2019-07", "month"),
    ("last July", date(2019, 7, 10), "2018-07", "month"),
    ("this past December", date(2019, 2, 21), "2018-12", "month"),
    ("this past April", date(2020, 9, 1), "2020-04", "month"),
    ("early this June", date(2019, 9, 6), "2019-06", "month"),
    ("since early this June", date(2019, 9, 6), "2019-06", "month"),
    ("June of this year", date(2019, 9, 6), "2019-06", "month"),
    ("next March", WED, "2026-03", "month"),
    ("in late July", date(2019, 9, 25), "2019-07", "month"),
    # not a date: durations, decades, vague phrases
    ("45 days", WED, None, None),
    ("two days", WED, None, None),
    ("seventeen years", WED, None, None),
    ("for seventeen years", WED, None, None),
    ("several weeks", WED, None, None),
    ("for several days", WED, None, None),
    ("the last five years", WED, None, None),
    ("a decade", WED, None, None),
    ("the sixteen weeks", WED, None, None),
    ("the past few days", WED, None, None),
    ("in the 1990s", WED, None, None),
    ("the 1990s", WED, None, None),
    ("the '90s", WED, None, None),
    ("last decade", WED, None, None),
    ("two hours ago", WED, None, None),
    ("recent weeks", WED, None, None),
    ("in recent years", WED, None, None),
    ("for years", WED, None, None),
    ("the past", WED, None, None),
    ("last summer", WED, None, None),
    ("later that day", WED, None, None),
    ("12/06/2025", WED, None, None),  # day-month or month-day?
    # implausible years and numbers that are not dates
    ("500", WED, None, None),
    ("two", WED, None, None),
    ("2050", WED, None, None),
    ("2027", WED, None, None),
    ("1700", WED, None, None),
    ("in 1066", WED, None, None),
    ("1718000000", WED, None, None),
    ("20190104", WED, None, None),
    # no reference date: only phrases that write their year
    ("18 June 2025", None, "2025-06-18", "day"),
    ("Friday, January 4, 2019", None, "2019-01-04", "day"),
    ("June 2024", None, "2024-06", "month"),
    ("since 2022", None, "2022", "year"),
    ("Saturday", None, None, None),
    ("yesterday", None, None, None),
    ("in January", None, None, None),
    ("on June 18", None, None, None),
    ("last year", None, None, None),
    ("last week", None, None, None),
    ("over the weekend", None, None, None),
    ("last July", None, None, None),
]


@pytest.mark.parametrize(("text", "ref", "value", "precision"), CASES)
def test_normalize(text, ref, value, precision):
    got = normalize(text, ref)
    if value is None:
        assert got is None
    else:
        assert got == DateValue(value, precision, text)


def test_text_keeps_the_words_collapsing_whitespace():
    assert normalize("  on\n Saturday ", WED) == DateValue("2025-06-14", "day", "on Saturday")


def test_datetime_reference_is_read_as_its_day():
    assert normalize("Saturday", datetime(2025, 6, 18, 23, 59)).value == "2025-06-14"


def test_every_weekday_in_the_week_up_to_ref():
    days = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
    got = sorted(normalize(d, WED).value for d in days)
    assert got == [f"2025-06-{n}" for n in range(12, 19)]


@pytest.mark.parametrize(
    "junk",
    [
        "", " ", "!!!", "x" * 1000, "\x00\x01", "on", "the", "Saturday" * 50, "32 June 2025",
        "February 30, 2024", "0000-00-00", "9999-99-99", "¯\\_(ツ)_/¯", "日本", "May be",
        "NaN", "-1", "1e9", "....", "June 18, 99999",
    ],
)
def test_junk_gives_none_or_a_date_without_raising(junk):
    got = normalize(junk, WED)
    assert got is None or isinstance(got, DateValue)


@pytest.mark.parametrize("junk", ["32 June 2025", "February 30, 2024", "9999-99-99", "on", ""])
def test_impossible_dates_are_none(junk):
    assert normalize(junk, WED) is None


@pytest.mark.parametrize("bad", [None, 2025, b"Saturday", ["Saturday"]])
def test_non_strings_are_none(bad):
    assert normalize(bad, WED) is None


def test_bad_reference_is_none():
    assert normalize("Saturday", "2025-06-18") is None


def test_results_are_cached_and_equal():
    assert normalize("on Saturday", WED) is normalize("on Saturday", WED)


# --- find_document_date -----------------------------------------------------------------

WIKINEWS = """Friday, January 4, 2019

The partial shutdown of the United States federal government entered its 14th day on
Friday, as talks between President Donald Trump and Democratic leaders ended without a deal.
"""

CAPTION = """US President Donald Trump in the Oval Office on 18 June 2025. EPA-EFE/KEN CEDENO / POOL

Trump said on Wednesday he may or may not strike Iran, as Israel and Iran traded fire
for a sixth day. The conflict began on 13 June 2025.
"""


def test_wikinews_dateline():
    assert find_document_date(WIKINEWS) == DateValue("2019-01-04", "day", "Friday, January 4, 2019")


def test_photo_caption():
    assert find_document_date(CAPTION) == DateValue("2025-06-18", "day", "18 June 2025")


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("Posted Jan. 5, 2024 by staff", "2024-01-05"),
        ("Sat, 4th of May 2019 - Rally", "2019-05-04"),
        ("Updated: Sept. 11, 2001.", "2001-09-11"),
        ("LONDON, Tuesday 3 December 2024 (Reuters) -", "2024-12-03"),
        ("Published 2019-01-04 09:00", "2019-01-04"),
        # month-year and day-month alone are not full dates; the later full one is taken
        ("In June 2024 talks failed. On 18 June 2025 they resumed.", "2025-06-18"),
    ],
)
def test_other_datelines(text, value):
    assert find_document_date(text).value == value


@pytest.mark.parametrize(
    "text",
    [
        "",
        "Talks resumed on Saturday, officials said. Last year they failed.",
        "In June 2024 the talks failed; since 2022 no deal.",
        "Officials met on June 18 in Geneva.",
        "x" * 600 + " on 18 June 2025.",  # beyond the first 600 characters
        "On 32 June 2025 nothing happened.",
    ],
)
def test_no_document_date(text):
    assert find_document_date(text) is None


def test_document_date_at_the_window_edge():
    assert find_document_date("x" * 590 + " 18 June 2025").value == "2025-06-18"


def test_document_date_non_string():
    assert find_document_date(None) is None


@pytest.mark.parametrize(("name", "value"), [
    ("2019-01-05_escape-room-fire-kills-five.txt", "2019-01-05"),
    ("corpus/wikinews/2020-11-02_on-the-campaign-trail.txt", "2020-11-02"),
    ("C:\\news\\2020-11-02 notes.md", "2020-11-02"),
    ("2019-01-05.txt", "2019-01-05"),
    ("2019-01-05", "2019-01-05"),
    ("2019-02-30_no-such-day.txt", None),
    ("20190105_compact.txt", None),
    ("2019-01-051_more-digits.txt", None),
    ("report-2019-01-05.txt", None),  # only a date the name starts with
    ("2019-01-05_x/notes.txt", None),  # only the file's own name, not its folder's
    ("1700-01-01_old.txt", None),
    ("", None),
    (None, None),
])
def test_date_in_name(name, value):
    found = date_in_name(name)
    assert (found.value, found.precision, found.text) == (value, "day", "file name") if value else found is None


def test_a_document_without_dateline_is_dated_by_its_file_name_but_a_dateline_comes_first():
    from kg.records import Document
    from kg.stages.extract import document_date

    plain = "The following is the sixth edition of a monthly series."
    assert document_date(Document(id="a", name="2020-11-02_series.txt", text=plain)).value == "2020-11-02"
    dateline = "Friday, January 4, 2019\n\nThe shutdown went on."
    assert document_date(Document(id="b", name="2020-11-02_series.txt", text=dateline)).value == "2019-01-04"
    page = Document(id="c", name="https://example.org/2020-11-02", text=plain, url="https://example.org/2020-11-02")
    assert document_date(page) is None


# --- parse_iso ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [("2025-06-14", date(2025, 6, 14)), ("2025-01", date(2025, 1, 1)), ("2022", date(2022, 1, 1))],
)
def test_parse_iso(value, expected):
    assert parse_iso(value) == expected


@pytest.mark.parametrize("bad", ["", "22", "2025-13", "2025-06-31", "June", "2025/06/14", "2025-06-14-1"])
def test_parse_iso_rejects(bad):
    with pytest.raises(ValueError):
        parse_iso(bad)


def test_round_trip():
    for text in ["on Saturday", "In January", "since 2022"]:
        dv = normalize(text, WED)
        assert parse_iso(dv.value).isoformat().startswith(dv.value)


@pytest.mark.parametrize("text,value,precision", [
    ("earlier in the month", "2025-06", "month"),
    ("later in the year", "2025", "year"),
    ("during the month", "2025-06", "month"),
    ("by the end of the year", "2025", "year"),
])
def test_the_stories_own_month_or_year(text, value, precision):
    got = normalize(text, date(2025, 6, 18))
    assert (got.value, got.precision) == (value, precision)


# --- read forward (future=True) and against the narrative (anchor=...) ---------------------


@pytest.mark.parametrize(("text", "ref", "value"), [
    ("on Saturday", WED, "2025-06-21"),
    ("Wednesday", WED, "2025-06-18"),  # a Wednesday story: still that day
    ("on Tuesday", WED, "2025-06-24"),
    ("in January", WED, "2026-01"),
    ("June", WED, "2025-06"),
    ("October 14", date(2019, 9, 11), "2019-10-14"),
    ("this weekend", WED, "2025-06-21"),
    ("next week", WED, "2025-06-23"),
    ("in 2022", WED, "2022"),
])
def test_future_reads_forward(text, ref, value):
    assert normalize(text, ref, future=True).value == value


def test_without_future_the_same_phrases_read_back():
    assert normalize("October 14", date(2019, 9, 11)).value == "2018-10-14"
    assert normalize("in January", WED).value == "2025-01"


TUE = DateValue("2025-06-10", "day", "on Tuesday")  # the day the narrative is at


@pytest.mark.parametrize(("text", "anchor", "value", "precision"), [
    ("the same day", TUE, "2025-06-10", "day"),
    ("On the same day", TUE, "2025-06-10", "day"),
    ("later the same day", TUE, "2025-06-10", "day"),
    ("later that day", TUE, "2025-06-10", "day"),
    ("that same day", TUE, "2025-06-10", "day"),
    ("the next day", TUE, "2025-06-11", "day"),
    ("The following day", TUE, "2025-06-11", "day"),
    ("the day after", TUE, "2025-06-11", "day"),
    ("the day before", TUE, "2025-06-09", "day"),
    ("the previous day", TUE, "2025-06-09", "day"),
    ("two days later", TUE, "2025-06-12", "day"),
    ("Two days later", TUE, "2025-06-12", "day"),
    ("3 days later", TUE, "2025-06-13", "day"),
    ("three days earlier", TUE, "2025-06-07", "day"),
    ("a week later", TUE, "2025-06-17", "day"),  # a week after a day is a day
    ("the following week", TUE, "2025-06-16", "week"),
    ("three months later", TUE, "2025-09", "month"),
    ("the next year", TUE, "2026", "year"),
    ("the following month", DateValue("2024-12", "month"), "2025-01", "month"),
    ("that year", DateValue("2016", "year"), "2016", "year"),
    # an anchor coarser than the phrase names no day
    ("the next day", DateValue("2025-06", "month"), None, None),
    ("the same day", DateValue("2015", "year"), None, None),
    # vague counts are not read
    ("a few days later", TUE, None, None),
    ("several days later", TUE, None, None),
])
def test_anaphoric_phrases_read_against_the_anchor(text, anchor, value, precision):
    got = normalize(text, WED, anchor=anchor)
    if value is None:
        assert got is None
    else:
        assert (got.value, got.precision, got.text) == (value, precision, text)


@pytest.mark.parametrize("text", ["the same day", "the next day", "two days later", "that day"])
def test_anaphoric_phrases_without_anchor_are_none(text):
    assert normalize(text, WED) is None


def test_a_bad_anchor_is_none():
    assert normalize("the next day", WED, anchor="2025-06-10") is None


@pytest.mark.parametrize(("text", "expected"), [
    ("for several days", True), ("45 days", True), ("over the past three years", True),
    ("the last five years", True), ("a decade", True), ("last week", False), ("2022", False),
    ("on Saturday", False), ("", False), (None, False),
])
def test_is_duration(text, expected):
    assert is_duration(text) is expected


def test_week_values_are_mondays_and_weekend_values_saturdays():
    for ref in (date(2025, 6, d) for d in range(9, 23)):
        week = normalize("last week", ref)
        weekend = normalize("over the weekend", ref)
        assert parse_iso(week.value).weekday() == 0 and parse_iso(weekend.value).weekday() == 5
        assert parse_iso(weekend.value) <= ref
