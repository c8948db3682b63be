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
from kg.world import relative
from kg.world.relative import read_relative

__all__ = ["normalize", "is_duration", "find_document_date", "date_in_name", "parse_iso"]

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
    r"^(?:(?:on|in|since|during|from|at|as\s+of|of|by|until|till|through|throughout|over|for"
    r"|around|about|early|earlier|late|later|mid|the\s+(?:start|beginning|middle|end"
    r"|turn|close)\s+of|(?:in\s+)?the\s+(?:(?:early|small|wee)\s+hours|(?:early\s+)?morning|afternoon"
    r"|evening|night)\s+of)\b[\s,-]*|mid-\s*)",
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
def _parser(ref: datetime.date | None, future: bool = False) -> DateDataParser:
    """The dateparser reader for one reference date (``None``: no reference), preferring
    dates from the past or, with ``future``, from the future."""
    # With no reference a fixed base keeps results reproducible; only phrases that
    # write their year are accepted then, and those do not depend on the base.
    if ref is None:
        base = datetime.datetime(2000, 1, 1)
    else:
        base = datetime.datetime(ref.year, ref.month, ref.day)
    settings = {**_SETTINGS, "RELATIVE_BASE": base, "PREFER_DATES_FROM": "future" if future else "past"}
    return DateDataParser(languages=["en"], settings=settings)


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


def normalize(text: str, ref: datetime.date | None, *, future: bool = False,
              anchor: DateValue | None = None) -> DateValue | None:
    """Read a date phrase as a calendar date, cut to the precision the words give.

    Parameters
    ----------
    text : str
        The words of a spaCy ``DATE`` entity or another date phrase, possibly with a
        leading preposition ("on Saturday", "since 2022", "earlier this month").
    ref : datetime.date or None
        The reference date, normally the publication date of the story (or the day a
        quote was said). Without it only phrases that write their year ("18 June 2025",
        "2022") can be read.
    future : bool
        The phrase is about what is to come ("will meet on Tuesday", "is to begin in
        January"): a weekday, month or day without a year is the next one, not the last.
    anchor : DateValue, optional
        The date the narrative is at (the previous event's), against which anaphoric
        phrases are read: "the same day", "the next day", "two days later".

    Returns
    -------
    DateValue or None
        ``value`` is ISO 8601 cut to ``precision`` ("day", "month" or "year"; for a
        "week" its Monday, for a "weekend" its Saturday) and ``text`` is ``text`` as
        given (whitespace collapsed). ``None`` when the phrase is no date at one of those
        precisions: decades ("in the 1990s"), seasons, hours, durations ("45 days",
        "for years"), vague phrases ("recent weeks", "the past"), implausible years
        (before 1800 or after the year following ``ref``), relative phrases without
        ``ref`` (or, for anaphoric ones, without ``anchor``), and junk. It never raises.

    Notes
    -----
    Conventions, all for news written after the fact:

    * Weekdays: a bare weekday ("Saturday", "on Wednesday", "Monday night", "this past
      Saturday", "the early hours of Saturday") is the most recent such day not after
      ``ref``, so a story dated a Wednesday reads "on Wednesday" as that same day
      (with ``future``: the next such day, or ``ref`` itself). "last Wednesday" is
      left to dateparser (the Wednesday a week before).
    * Month (or day and month) without a year: the most recent one not after ``ref``
      ("December" in a January 2025 story is 2024-12), the next one with ``future``. A
      weekday written with the day ("Tuesday, January 21") picks the year in which that
      day is that weekday.
    * Weeks and weekends, months named relative to the story ("last July", "this
      June") and anaphoric phrases are read by :func:`kg.world.relative.read_relative`.
    * Framing words are dropped: "since 2022", "in 2022" and "early 2022" all give
      2022; "earlier this month" gives the month of ``ref``.
    * "tonight", "this morning" and "last night" keep only their day.
    * All-number dates that read both ways ("12/06/2025") give ``None``; ISO
      dates ("2019-01-04") and unambiguous ones ("25/12/2024") are read.

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
    >>> normalize("last week", wed)
    DateValue(value='2025-06-09', precision='week', text='last week')
    >>> normalize("on Saturday", wed, future=True).value
    '2025-06-21'
    >>> normalize("the following day", wed, anchor=DateValue("2025-06-14", "day")).value
    '2025-06-15'
    >>> normalize("yesterday", None) is None
    True
    """
    if not isinstance(text, str):
        return None
    if ref is not None and not isinstance(ref, datetime.date):
        return None
    if isinstance(ref, datetime.datetime):
        ref = ref.date()
    if anchor is not None and not isinstance(anchor, DateValue):
        return None
    return _normalize(_SPACE.sub(" ", text).strip(), ref, bool(future), anchor)


@lru_cache(maxsize=8192)
def _normalize(text: str, ref: datetime.date | None, future: bool, anchor: DateValue | None) -> DateValue | None:
    try:
        return _read(text, ref, future, anchor)
    except Exception:  # dateparser on junk: never let one phrase stop an article
        return None


_THE_PERIOD = re.compile(r"^(?:the )?(week|month|year)$", re.I)
# "this past Saturday" is the last Saturday: "this past" before a weekday is dropped
_THIS_PAST_WEEKDAY = re.compile(rf"^this\s+past\s+(?=(?:{_WEEKDAY_RE})\b)", re.I)
_WEEKDAY_INDEX = {w.lower(): n for n, k in enumerate(_WEEKDAYS) for w in _EN[k] if len(w) >= 3}


def _phrase(text: str) -> str | None:
    """The words of ``text`` that name the date: framing words dropped, "the month" read as
    "this month" when framed ("earlier in the month"); ``None`` if nothing is left or too much."""
    phrase = _THIS_PAST_WEEKDAY.sub("", _clean(text))
    if not phrase or len(phrase) > MAX_PHRASE_CHARS:
        return None
    period = _THE_PERIOD.match(phrase)
    if period and phrase != _TRAILING.sub("", text.strip()):
        phrase = f"this {period.group(1).lower()}"
    return phrase


def _read(text: str, ref: datetime.date | None, future: bool, anchor: DateValue | None) -> DateValue | None:
    phrase = _phrase(text)
    if phrase is None:
        return None
    owned, value = read_relative(phrase, ref, text=text, future=future, anchor=anchor)
    if owned:
        return value
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

    data = _parser(ref, future).get_date_data(phrase)
    when, period = data.date_obj, data.period
    if when is None or not MIN_YEAR <= when.year <= max_year:
        return None
    if ref is None and when.year not in written_years:
        return None
    return _cut(phrase, text, when.date(), period, ref, future, written_years)


def _cut(phrase: str, text: str, day: datetime.date, period: str, ref: datetime.date | None, future: bool,
         written_years: list[int]) -> DateValue | None:
    """dateparser's reading cut to the precision the words give (see :func:`normalize`)."""
    if period == "day":
        if not _names_a_day(phrase):
            return None  # e.g. "two" read as a number of something
        if ref is not None and _BARE_WEEKDAY.match(phrase):
            week_back = ref - datetime.timedelta(days=7)
            if day == week_back or (future and day == ref + datetime.timedelta(days=7)):
                day = ref  # "on Wednesday" in a Wednesday story is that day
        elif ref is not None and not written_years:
            day = _weekday_year(phrase, day, ref, future)
        return DateValue(day.isoformat(), "day", text)
    if period == "month":
        if not (_MONTH_NAME.search(phrase) or _MONTH_WORD.search(phrase)):
            return None
        if ref is not None and future and not written_years and day.month == ref.month:
            day = ref  # "will vote in June" in a June story: this June, not the next
        return DateValue(f"{day.year:04d}-{day.month:02d}", "month", text)
    if period == "year":
        if not (written_years or _YEAR_WORD.search(phrase)):
            return None
        return DateValue(f"{day.year:04d}", "year", text)
    return None  # "week", "quarter", "time", ...


def _weekday_year(phrase: str, day: datetime.date, ref: datetime.date, future: bool) -> datetime.date:
    """Rule: "Tuesday, January 21" without a year is in the year nearest ``ref`` (the way the
    tense points first) in which January 21 is a Tuesday; ``day`` if the weekday fits none."""
    names = [_WEEKDAY_INDEX[w.lower()] for w in _WEEKDAY_NAME.findall(phrase) if w.lower() in _WEEKDAY_INDEX]
    if len(set(names)) != 1 or not _MONTH_NAME.search(phrase) or day.weekday() == names[0]:
        return day
    years = (ref.year, ref.year + 1, ref.year - 1) if future else (ref.year, ref.year - 1, ref.year + 1)
    for year in years:
        try:
            candidate = day.replace(year=year)
        except ValueError:  # 29 February
            continue
        if candidate.weekday() == names[0] and abs((candidate - ref).days) <= 366:
            return candidate
    return day


def is_duration(text: str) -> bool:
    """Whether a date phrase names a stretch of time rather than a date ("for several days",
    "45 days", "the past three years").

    Examples
    --------
    >>> is_duration("for several days"), is_duration("over the past three years"), is_duration("last week")
    (True, True, False)
    """
    phrase = _phrase(text) if isinstance(text, str) else None
    return phrase is not None and relative.is_duration(phrase)


# "2019-01-05_escape-room-fire.txt", "2019-01-05 notes.md", "2019-01-05.txt": an ISO date that
# starts a file name and ends at a separator
_NAME_DATE = re.compile(r"^(\d{4}-\d{2}-\d{2})(?=[_\-. ]|$)")


def date_in_name(name: str) -> DateValue | None:
    """The ISO date a file name starts with, as archives and crawls name their articles.

    A last resort for a document's date, after its metadata and a dateline in its text: a
    file name is not the article's own word, but "2019-01-05_escape-room-fire.txt" says when it
    was published as plainly as a dateline does. Only the last component of a path counts, only a
    real calendar day from ``MIN_YEAR`` on, and only a date followed by ``_``, ``-``, ``.``,
    a space or nothing.

    Examples
    --------
    >>> date_in_name("wikinews/2020-11-02_on-the-campaign-trail.txt")
    DateValue(value='2020-11-02', precision='day', text='file name')
    >>> date_in_name("2019-02-30_no-such-day.txt") is None, date_in_name("20190105.txt") is None
    (True, True)
    """
    if not isinstance(name, str):
        return None
    match = _NAME_DATE.match(name.replace("\\", "/").rsplit("/", 1)[-1])
    if match is None:
        return None
    try:
        day = datetime.date.fromisoformat(match.group(1))
    except ValueError:  # "2019-02-30"
        return None
    if day.year < MIN_YEAR:
        return None
    return DateValue(day.isoformat(), "day", "file name")


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
