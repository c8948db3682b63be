"""Relative date phrases dateparser does not read the way news means them.

:func:`kg.world.dates.normalize` asks :func:`read_relative` first; a phrase this module does not
own goes on to dateparser. What it owns:

* **weeks** ("last week", "this week", "earlier this week", "next week", "the coming week",
  "this past week", "two weeks ago", "three days last week"): precision ``"week"``, the value
  the ISO date of the week's Monday. dateparser reads "last week" as the day seven days back,
  which overstates what the text says; the Golds list every day of such a week, so a consumer
  comparing the first ten characters finds the Monday among them.
* **weekends** ("over the weekend", "this weekend", "last weekend"): precision ``"weekend"``,
  the value its Saturday. A weekend is not a week: its Monday lies outside it.
* **anaphoric phrases**, read against the date the narrative is at (``anchor``), not the
  story's date: "the same day", "that day", "later that day", "the next day", "the following
  week", "the day before", "two days later", "three weeks earlier". TimeML anchors such
  expressions on the previous time expression of the text; kg's caller passes the date of the
  previous dated event. Without an anchor they give ``None``.
* **months named relative to the story**: "last July" and "this past December" (the most
  recent such month before the story's month: "last July" in a September 2019 story is July
  2019), "this June" and "June of this year" (the story's year), "next March".
* **durations**: a count of days, weeks, months or years without "ago", "later" or "earlier"
  ("45 days", "seventeen years", "several weeks") is no date: dateparser would read "seventeen
  years" as seventeen years ago.

The words (counts, "same", "next", "later" ...) are in ``kg/world/data/date_words.toml``.

Examples
--------
>>> from datetime import date
>>> wed = date(2019, 9, 25)
>>> read_relative("last week", wed)
(True, DateValue(value='2019-09-16', precision='week', text='last week'))
>>> read_relative("the weekend", wed, text="over the weekend")[1]
DateValue(value='2019-09-21', precision='weekend', text='over the weekend')
>>> read_relative("two days later", wed, anchor=DateValue("2019-09-10", "day"))[1].value
'2019-09-12'
>>> read_relative("Saturday", wed)
(False, None)
"""

from __future__ import annotations

import datetime
import re
import tomllib
from importlib import resources

from dateparser.languages.loader import default_loader

from kg.records import DateValue

__all__ = ["read_relative", "is_duration", "monday", "month_name_number"]

_DATA = tomllib.loads(resources.files("kg").joinpath("world/data/date_words.toml").read_text(encoding="utf-8"))
_COUNTS: dict[str, int] = {w: int(n) for n, words in _DATA["counts"].items() for w in words}
_W: dict[str, list[str]] = _DATA["words"]

_EN = default_loader.get_locale("en").info
_MONTH_KEYS = ("january", "february", "march", "april", "may", "june", "july", "august", "september",
               "october", "november", "december")
#: month name or abbreviation (three letters or more) -> month number
_MONTH_NUMBER = {w.lower().rstrip("."): n for n, k in enumerate(_MONTH_KEYS, 1) for w in _EN[k] if len(w) >= 3}


def _alt(words) -> str:
    """A regex alternation of ``words``, longest first, spaces as any whitespace."""
    return "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in sorted(set(words), key=lambda w: (-len(w), w)))


_UNIT = r"(day|week|month|year)s?"
_COUNT = rf"(\d{{1,3}}|{_alt(_COUNTS)})"
_MONTH = _alt(_MONTH_NUMBER)

_SAME = re.compile(rf"^(?:{_alt(_W['same'])})\s+(day|week|month|year)$", re.I)
_STEP = re.compile(rf"^the\s+(?:({_alt(_W['next'])})|({_alt(_W['previous'])}))\s+(day|week|month|year)$", re.I)
_STEP_AFTER = re.compile(r"^the\s+(day|week|month|year)\s+(after|before)$", re.I)
_OFFSET = re.compile(rf"^{_COUNT}\s+{_UNIT}\s+(?:({_alt(_W['later'])})|({_alt(_W['earlier'])}))$", re.I)
_AGO = re.compile(rf"^{_COUNT}\s+weeks?\s+ago$", re.I)
# A duration: a count of periods ("45 days", "seventeen years", "the last five years", "recent
# weeks"), or one period counted ("a day", "one year", "a decade").
_DURATION = re.compile(
    r"^(?:.*\s)?(?:days|weeks|months|years|decades)$"
    rf"|^(?:the\s+)?(?:{_COUNT}|{_alt(_W['vague_counts'])})\s+(?:(?:full|long|whole)\s+)?"
    r"(?:day|week|month|year|decade)$",
    re.I,
)
# "three days last week", "two nights this week": a count of days inside a named week
_DAYS_IN = re.compile(rf"^(?:{_COUNT}|{_alt(_W['vague_counts'])})\s+(?:days?|nights?)\s+(?=\S)", re.I)
_WEEK = re.compile(
    rf"^(?:({_alt(_W['last_week'])})|({_alt(_W['past_week'])})|({_alt(_W['this_week'])})|({_alt(_W['next_week'])}))"
    r"\s+week$",
    re.I,
)
_WEEKEND = re.compile(
    rf"^(?:({_alt(_W['last_week'])})|({_alt(_W['past_week'])})|({_alt(_W['this_weekend'])})"
    rf"|({_alt(_W['next_week'])}))\s+weekend$",
    re.I,
)
_LAST_MONTH = re.compile(rf"^(?:last|this\s+past|the\s+past)\s+({_MONTH})\.?$", re.I)
_THIS_MONTH = re.compile(rf"^(?:this\s+({_MONTH})\.?|({_MONTH})\.?\s+of\s+this\s+year)$", re.I)
_NEXT_MONTH = re.compile(rf"^(?:next|this\s+coming|the\s+coming)\s+({_MONTH})\.?$", re.I)

_RANK = {"day": 0, "week": 1, "weekend": 1, "month": 2, "year": 3}


def monday(day: datetime.date) -> datetime.date:
    """The Monday of ``day``'s ISO week.

    >>> monday(datetime.date(2019, 9, 25))
    datetime.date(2019, 9, 23)
    """
    return day - datetime.timedelta(days=day.weekday())


def month_name_number(word: str) -> int | None:
    """The month number of an English month name or abbreviation ("Sept." -> 9), else ``None``.

    >>> month_name_number("Sept."), month_name_number("July"), month_name_number("Jul")
    (9, 7, 7)
    """
    return _MONTH_NUMBER.get(word.lower().rstrip("."))


def is_duration(phrase: str) -> bool:
    """Whether ``phrase`` (without framing words) is a duration: "several days", "45 days", "a year".

    >>> is_duration("several days"), is_duration("three weeks"), is_duration("last week")
    (True, True, False)
    """
    return bool(_DURATION.match(re.sub(r"\s+", " ", phrase.strip())))


def _count(word: str) -> int:
    return int(word) if word.isdigit() else _COUNTS[word.lower()]


def _week(day: datetime.date, text: str) -> DateValue:
    return DateValue(monday(day).isoformat(), "week", text)


def _saturday_on_or_before(day: datetime.date) -> datetime.date:
    return day - datetime.timedelta(days=(day.weekday() - 5) % 7)


def _shift(anchor: DateValue, unit: str, n: int, text: str) -> DateValue | None:
    """``anchor`` moved by ``n`` ``unit``s, at the unit's precision (or ``None`` if the anchor is coarser)."""
    if _RANK[anchor.precision] > _RANK[unit]:
        return None  # "the next day" after "in 2015" names no day
    start = datetime.date.fromisoformat(anchor.value) if anchor.precision in ("day", "week", "weekend") else None
    if unit == "day":
        return DateValue((start + datetime.timedelta(days=n)).isoformat(), "day", text)
    if unit == "week":
        return _week(start + datetime.timedelta(weeks=n), text)
    year = int(anchor.value[:4])
    if unit == "year":
        return DateValue(f"{year + n:04d}", "year", text)
    month = int(anchor.value[5:7]) - 1 + n
    return DateValue(f"{year + month // 12:04d}-{month % 12 + 1:02d}", "month", text)


def _anaphoric(phrase: str, text: str, anchor: DateValue | None) -> tuple[bool, DateValue | None]:
    """"the same day", "the next day", "the day before", "two days later" against ``anchor``."""
    if m := _SAME.match(phrase):
        unit, n = m.group(1).lower(), 0
    elif m := _STEP.match(phrase):
        unit, n = m.group(3).lower(), 1 if m.group(1) else -1
    elif m := _STEP_AFTER.match(phrase):
        unit, n = m.group(1).lower(), 1 if m.group(2).lower() == "after" else -1
    elif m := _OFFSET.match(phrase):
        unit, n = m.group(2).lower(), _count(m.group(1)) * (1 if m.group(3) else -1)
        if unit == "week" and anchor is not None and anchor.precision == "day":
            unit, n = "day", 7 * n  # "a week later" than a day is a day
    else:
        return False, None
    return True, (_shift(anchor, unit, n, text) if anchor is not None else None)


def _weeks(phrase: str, text: str, ref: datetime.date, future: bool) -> tuple[bool, DateValue | None]:
    """Weeks and weekends named relative to the story's date."""
    phrase = _DAYS_IN.sub("", phrase)
    if m := _WEEK.match(phrase):
        last, past, this, _ = m.groups()
        step = -7 if last else -1 if past else 0 if this else 7
        return True, _week(ref + datetime.timedelta(days=step), text)
    if m := _AGO.match(phrase):
        return True, _week(ref - datetime.timedelta(weeks=_count(m.group(1))), text)
    if m := _WEEKEND.match(phrase):
        last, past, this, _ = m.groups()
        sat = _saturday_on_or_before(ref)
        if (this and future) or not (last or past or this):
            sat = ref + datetime.timedelta(days=(5 - ref.weekday()) % 7)  # the next Saturday, or the story's
            if not this and sat == ref:
                sat += datetime.timedelta(days=7)
        elif last and ref.weekday() >= 5:
            sat -= datetime.timedelta(days=7)  # "last weekend" in a weekend story: the one before
        return True, DateValue(sat.isoformat(), "weekend", text)
    return False, None


def _months(phrase: str, text: str, ref: datetime.date) -> tuple[bool, DateValue | None]:
    """Months named relative to the story: "last July", "this June", "next March"."""
    if m := _LAST_MONTH.match(phrase):
        month = _MONTH_NUMBER[m.group(1).lower()]
        year = ref.year if month < ref.month else ref.year - 1
    elif m := _THIS_MONTH.match(phrase):
        month, year = _MONTH_NUMBER[(m.group(1) or m.group(2)).lower()], ref.year
    elif m := _NEXT_MONTH.match(phrase):
        month = _MONTH_NUMBER[m.group(1).lower()]
        year = ref.year if month > ref.month else ref.year + 1
    else:
        return False, None
    return True, DateValue(f"{year:04d}-{month:02d}", "month", text)


def read_relative(phrase: str, ref: datetime.date | None, *, text: str | None = None, future: bool = False,
                  anchor: DateValue | None = None) -> tuple[bool, DateValue | None]:
    """Read ``phrase`` if it is one of the relative forms this module owns.

    Parameters
    ----------
    phrase : str
        The date phrase without framing words ("weekend", not "over the weekend").
    ref : datetime.date or None
        The story's date (or when a quote was said).
    text : str, optional
        The words as written, kept as the result's ``text`` (``phrase`` by default).
    future : bool
        The phrase is about what is to come ("will meet this weekend"): a weekend is the next.
    anchor : DateValue, optional
        The date the narrative is at, for "the same day", "two days later" and the like.

    Returns
    -------
    (bool, DateValue or None)
        ``(True, value)`` when the phrase is this module's (``value`` is ``None`` when it cannot
        be resolved: no reference, no anchor, or a duration); ``(False, None)`` otherwise.
    """
    text = phrase if text is None else text
    phrase = re.sub(r"\s+", " ", phrase.strip())
    owned, value = _anaphoric(phrase, text, anchor)
    if owned:
        return True, value
    if _DURATION.match(phrase):
        return True, None
    if ref is None:
        owned = bool(_WEEK.match(_DAYS_IN.sub("", phrase)) or _AGO.match(phrase) or _WEEKEND.match(phrase)
                     or _LAST_MONTH.match(phrase) or _THIS_MONTH.match(phrase) or _NEXT_MONTH.match(phrase))
        return owned, None
    owned, value = _weeks(phrase, text, ref, future)
    if owned:
        return True, value
    return _months(phrase, text, ref)
