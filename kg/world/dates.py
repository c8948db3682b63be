"""Read date expressions in news text as calendar dates at their precision.

News states time relative to the day a story was filed ("on Saturday", "last year",
"in January"), so every phrase is read against a *reference date*, normally the
publication date. :func:`normalize` turns one phrase (the words of a spaCy ``DATE``
entity) into a :class:`~kg.records.DateValue`; :func:`find_document_date` finds a
publication date written in the text itself (a dateline or a photo caption) for
documents whose metadata has none.

The reading itself is done by :mod:`dateparser` (English only, no language
detection, no network); its ``DateData.period`` gives the precision. Around it this
module adds the news conventions dateparser does not know:

* dates are preferred from the past (``PREFER_DATES_FROM="past"``): news reports
  what happened, so "in January" in a June story is the January just gone and
  "December" in a January story is the December before;
* a bare weekday ("on Wednesday") in a story dated that weekday is the reference
  day itself, otherwise the most recent past such weekday;
* precision is only as fine as the words: day precision needs a named day (a
  weekday, a day of the month, "yesterday", "today", "two days ago"), month
  precision a month ("January", "this month"), year precision a year ("2022",
  "last year"). Everything else — weeks ("last week"), decades ("the 1990s"),
  seasons, hours ("two hours ago") and vague phrases ("recent weeks", "for years",
  "the past") — gives ``None``: the records only hold day, month or year;
* years must be plausible: 1800 up to the year after the reference date.

Parsers are built once per reference date and cached, and results are memoised per
``(phrase, reference date)``, since the same phrases recur across an article.
"""

from __future__ import annotations

import datetime
import re
from functools import lru_cache

from dateparser.date import DateDataParser
from dateparser.languages.loader import default_loader

from kg.records import DateValue

__all__ = ["normalize", "find_document_date", "parse_iso"]

#: Earliest year accepted as a date in news text.
MIN_YEAR = 1800
#: Phrases longer than this are not date phrases; they are not parsed.
MAX_PHRASE_CHARS = 100
#: :func:`find_document_date` looks for a dateline or caption date starting this early.
DOCUMENT_DATE_WINDOW = 600

# dateparser settings shared by every parser (RELATIVE_BASE is added per reference date).
# The 'timestamp' and 'no-spaces-time' parsers are left out: they read bare numbers
# ("1718000000", "20190104") as dates, which news phrases never mean.
_SETTINGS = {
    "PREFER_DATES_FROM": "past",
    "RETURN_TIME_AS_PERIOD": False,
    "PARSERS": ["relative-time", "custom-formats", "absolute-time"],
}

# Month and weekday names come from dateparser's own English locale data, not from a
# table kept here. Two-letter abbreviations ("mo", "th", "we") are dropped: in a
# phrase they are far more often other words.
_EN = default_loader.get_locale("en").info
_MONTHS = (
    "january", "february", "march", "april", "may", "june",
    "july", "august", "september", "october", "november", "december",
)
_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")


def _names(keys: tuple[str, ...]) -> str:
    words = {w.lower() for k in keys for w in _EN[k] if len(w) >= 3}
    return "|".join(sorted(words, key=lambda w: (-len(w), w)))


_MONTH_RE = _names(_MONTHS)
_WEEKDAY_RE = _names(_WEEKDAYS)

_SPACE = re.compile(r"\s+")
# Leading words that frame a date without changing which date it is:
# "on Saturday", "since 2022", "earlier this month", "late last year", "mid-June",
# "the end of June", "as of 2022". Applied repeatedly ("until early 2022").
_LEADING = re.compile(
    r"^(?:(?:on|in|since|during|from|at|as\s+of|of|by|until|till|through|throughout"
    r"|around|about|early|earlier|late|later|mid|the\s+(?:start|beginning|middle|end"
    r"|turn|close)\s+of)\b[\s,-]*|mid-\s*)",
    re.I,
)
_POSSESSIVE = re.compile(r"['\u2019]s$")  # "Saturday's vote"
_TRAILING = re.compile(r"[\s,.;:!?)\]]+$")

_DECADE = re.compile(r"\b\d{2,4}['\u2019]?s\b|['\u2019]\d0s\b|\b(?:decades?|centur(?:y|ies))\b", re.I)
_TIME_UNITS = re.compile(r"\b(?:hours?|hrs?|minutes?|mins?|seconds?|secs?)\b|\d\s*[hms]\b", re.I)
_YEAR_NUMBER = re.compile(r"(?<![\d.,])\d{4}(?![\d.,]?\d)")
_MONTH_NAME = re.compile(rf"\b(?:{_MONTH_RE})\b", re.I)
_WEEKDAY_NAME = re.compile(rf"\b(?:{_WEEKDAY_RE})\b", re.I)
_BARE_WEEKDAY = re.compile(
    rf"^(?:{_WEEKDAY_RE})\.?(?:\s+(?:morning|afternoon|evening|night))?$", re.I
)
# Words that name a day without a weekday or a number.
_DAY_WORDS = re.compile(
    r"\b(?:yesterday|today|tonight|tomorrow|days?)\b"
    r"|\b(?:this|last)\s+(?:(?:early\s+)?morning|afternoon|evening|night)\b",
    re.I,
)
_DAY_NUMBER = re.compile(r"(?<![\d.])\d{1,2}(?:st|nd|rd|th)?(?![\d.]?\d)", re.I)
_NUMERIC_DATE = re.compile(r"\b\d{1,4}[-/.]\d{1,2}[-/.]\d{1,4}\b")
# "12/06/2025" is 12 June in Britain and December 6 in the US: not read.
_AMBIGUOUS_NUMERIC = re.compile(r"(?<![\d/.-])(\d{1,2})[/.](\d{1,2})[/.]\d{2,4}\b")
_MONTH_WORD = re.compile(r"\bmonths?\b", re.I)
_YEAR_WORD = re.compile(r"\b(?:years?|yrs?)\b", re.I)

# Candidate spans for a written publication date: optional weekday, then
# day-month-year ("18 June 2025", "4th of January 2019") or month-day-year
# ("January 4, 2019", "Jan. 4 2019"), or ISO ("2019-01-04").
_WD_PREFIX = rf"(?:\b(?:{_WEEKDAY_RE})\.?,?\s+(?:the\s+)?)?"
_FULL_DATE = re.compile(
    rf"{_WD_PREFIX}\b\d{{1,2}}(?:st|nd|rd|th)?\s+(?:of\s+)?(?:{_MONTH_RE})\b\.?,?\s+\d{{4}}\b"
    rf"|{_WD_PREFIX}\b(?:{_MONTH_RE})\b\.?\s+\d{{1,2}}(?:st|nd|rd|th)?\b,?\s+\d{{4}}\b"
    r"|\b\d{4}-\d{2}-\d{2}\b",
    re.I,
)


@lru_cache(maxsize=64)
def _parser(ref: datetime.date | None) -> DateDataParser:
    """The dateparser reader for one reference date (``None``: no reference)."""
    # With no reference a fixed base keeps results reproducible; only phrases that
    # write their year are accepted then, and those do not depend on the base.
    if ref is None:
        base = datetime.datetime(2000, 1, 1)
    else:
        base = datetime.datetime(ref.year, ref.month, ref.day)
    return DateDataParser(languages=["en"], settings={**_SETTINGS, "RELATIVE_BASE": base})


def _clean(text: str) -> str:
    """``text`` without framing words: "on Saturday" -> "Saturday"."""
    phrase = _TRAILING.sub("", _SPACE.sub(" ", text).strip())
    while True:
        stripped = _LEADING.sub("", phrase, count=1).strip()
        if stripped == phrase:
            break
        phrase = stripped
    return _POSSESSIVE.sub("", phrase)


def _names_a_day(phrase: str) -> bool:
    """Whether ``phrase`` names a day: a weekday, a day of the month or a day word."""
    if _WEEKDAY_NAME.search(phrase) or _DAY_WORDS.search(phrase) or _NUMERIC_DATE.search(phrase):
        return True
    return bool(_MONTH_NAME.search(phrase) and _DAY_NUMBER.search(phrase))


def normalize(text: str, ref: datetime.date | None) -> DateValue | None:
    """Read a date phrase as a calendar date, cut to the precision the words give.

    Parameters
    ----------
    text : str
        The words of a spaCy ``DATE`` entity or another date phrase, possibly with a
        leading preposition ("on Saturday", "since 2022", "earlier this month").
    ref : datetime.date or None
        The reference date, normally the publication date of the story. Without it
        only phrases that write their year ("18 June 2025", "2022") can be read.

    Returns
    -------
    DateValue or None
        ``value`` is ISO 8601 cut to ``precision`` ("day", "month" or "year") and
        ``text`` is ``text`` as given (whitespace collapsed). ``None`` when the phrase
        is not a date at day, month or year precision: weeks ("last week" — a week
        is neither a day nor a month, and a week's first day would overstate what
        the text says), decades ("in the 1990s"), hours, vague phrases ("recent
        weeks", "for years", "the past"), implausible years (before 1800 or after
        the year following ``ref``), relative phrases without ``ref``, and junk.
        It never raises.

    Notes
    -----
    Conventions, all for news written after the fact:

    * Weekdays: a bare weekday ("Saturday", "on Wednesday", "Monday morning") is
      the most recent such day not after ``ref``, so a story dated a Wednesday
      reads "on Wednesday" as that same day. "last Wednesday" is left to
      dateparser (the Wednesday a week before).
    * Month (or day and month) without a year: the most recent one not after
      ``ref`` ("December" in a January 2025 story is 2024-12).
    * Framing words are dropped: "since 2022", "in 2022" and "early 2022" all give
      2022; "earlier this month" gives the month of ``ref``.
    * "tonight", "this morning" and "last night" keep only their day.
    * All-number dates that read both ways ("12/06/2025") give ``None``; ISO
      dates ("2019-01-04") and unambiguous ones ("25/12/2024") are read.
    * Phrases about the future ("next month", "tomorrow") are read as dateparser
      reads them; they are rare in reports and out of scope here.

    Examples
    --------
    >>> from datetime import date
    >>> wed = date(2025, 6, 18)  # a Wednesday
    >>> normalize("on Saturday", wed)
    DateValue(value='2025-06-14', precision='day', text='on Saturday')
    >>> normalize("Wednesday", wed).value
    '2025-06-18'
    >>> normalize("In January", wed)
    DateValue(value='2025-01', precision='month', text='In January')
    >>> normalize("since 2022", wed)
    DateValue(value='2022', precision='year', text='since 2022')
    >>> normalize("earlier this month", wed).value
    '2025-06'
    >>> normalize("18 June 2025", None).value
    '2025-06-18'
    >>> normalize("last week", wed) is None
    True
    >>> normalize("yesterday", None) is None
    True
    """
    if not isinstance(text, str):
        return None
    if ref is not None and not isinstance(ref, datetime.date):
        return None
    if isinstance(ref, datetime.datetime):
        ref = ref.date()
    return _normalize(_SPACE.sub(" ", text).strip(), ref)


@lru_cache(maxsize=8192)
def _normalize(text: str, ref: datetime.date | None) -> DateValue | None:
    try:
        return _read(text, ref)
    except Exception:  # dateparser on junk: never let one phrase stop an article
        return None


_THE_PERIOD = re.compile(r"^(?:the )?(month|year)$", re.I)


def _read(text: str, ref: datetime.date | None) -> DateValue | None:
    phrase = _clean(text)
    if not phrase or len(phrase) > MAX_PHRASE_CHARS:
        return None
    # "earlier in the month", "during the year", "by the end of the year": a framed "the
    # month/year" is the story's own month or year
    period = _THE_PERIOD.match(phrase)
    if period and phrase != _TRAILING.sub("", text.strip()):
        phrase = f"this {period.group(1).lower()}"
    if _DECADE.search(phrase) or _TIME_UNITS.search(phrase):
        return None  # decades, centuries and hours are not day/month/year dates
    for first, second in _AMBIGUOUS_NUMERIC.findall(phrase):
        if first != second and int(first) <= 12 and int(second) <= 12:
            return None  # day-month or month-day: the text does not say which
    max_year = (ref or datetime.date.today()).year + 1
    written_years = [int(y) for y in _YEAR_NUMBER.findall(phrase)]
    if any(not MIN_YEAR <= y <= max_year for y in written_years):
        return None
    if ref is None and not written_years:
        return None  # relative to nothing

    data = _parser(ref).get_date_data(phrase)
    when, period = data.date_obj, data.period
    if when is None or not MIN_YEAR <= when.year <= max_year:
        return None
    if ref is None and when.year not in written_years:
        return None

    if period == "day":
        if not _names_a_day(phrase):
            return None  # e.g. "two" read as a number of something
        day = when.date()
        if ref is not None and _BARE_WEEKDAY.match(phrase) and day == ref - datetime.timedelta(days=7):
            day = ref  # "on Wednesday" in a Wednesday story is that day
        return DateValue(day.isoformat(), "day", text)
    if period == "month":
        if not (_MONTH_NAME.search(phrase) or _MONTH_WORD.search(phrase)):
            return None
        return DateValue(f"{when.year:04d}-{when.month:02d}", "month", text)
    if period == "year":
        if not (written_years or _YEAR_WORD.search(phrase)):
            return None
        return DateValue(f"{when.year:04d}", "year", text)
    return None  # "week", "quarter", "time", ...


def find_document_date(text: str) -> DateValue | None:
    """Find a publication date written near the top of an article.

    For documents whose metadata gives no date: a Wikinews-style dateline
    ("Friday, January 4, 2019") or a photo caption ("... in the Oval Office on
    18 June 2025. EPA-EFE/...") usually writes the day in full near the top.

    Parameters
    ----------
    text : str
        The article text.

    Returns
    -------
    DateValue or None
        The first full date — day, month and year all written, in day-month-year,
        month-day-year (optionally after a weekday, months possibly abbreviated
        with a dot) or ISO order — that starts within the first 600 characters,
        at day precision, with ``text`` the words it was read from. ``None`` if
        there is none.

    Examples
    --------
    >>> find_document_date("Friday, January 4, 2019\\n\\nThe US government shutdown ...")
    DateValue(value='2019-01-04', precision='day', text='Friday, January 4, 2019')
    >>> find_document_date(
    ...     "US President Donald Trump in the Oval Office on 18 June 2025. "
    ...     "EPA-EFE/KEN CEDENO / POOL"
    ... ).value
    '2025-06-18'
    >>> find_document_date("Talks resumed on Saturday, officials said.") is None
    True
    """
    if not isinstance(text, str):
        return None
    head = text[: DOCUMENT_DATE_WINDOW + 60]  # room for a date starting just before the limit
    for match in _FULL_DATE.finditer(head):
        if match.start() >= DOCUMENT_DATE_WINDOW:
            break
        span = _SPACE.sub(" ", match.group(0))
        found = normalize(span, None)
        if found is not None and found.precision == "day":
            return found
    return None


def parse_iso(value: str) -> datetime.date:
    """The first day of the period an ISO ``DateValue.value`` stands for.

    Parameters
    ----------
    value : str
        "YYYY-MM-DD", "YYYY-MM" or "YYYY".

    Returns
    -------
    datetime.date

    Raises
    ------
    ValueError
        If ``value`` is not one of those forms.

    Examples
    --------
    >>> parse_iso("2025-06-14")
    datetime.date(2025, 6, 14)
    >>> parse_iso("2025-01")
    datetime.date(2025, 1, 1)
    >>> parse_iso("2022")
    datetime.date(2022, 1, 1)
    """
    parts = value.split("-") if isinstance(value, str) else []
    if not 1 <= len(parts) <= 3 or not all(p.isdigit() for p in parts) or len(parts[0]) != 4:
        raise ValueError(f"not an ISO date at day, month or year precision: {value!r}")
    year, month, day = (int(p) for p in parts + ["1"] * (3 - len(parts)))
    return datetime.date(year, month, day)
