"""Dates as other tools write them, turned into ISO 8601 text.

Exports write dates as epoch seconds, ISO 8601 with or without a zone,
``2024-03-02 21:14:05`` (KOReader), or spelled out in the device's language
(Kindle). Every function returns ``""`` for what it cannot read: a date is
never a reason to refuse a highlight.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime

#: Month names (and common abbreviations) in the languages Kindle devices write.
_MONTHS: dict[str, int] = {}
for _number, _names in enumerate(
    [
        "january jan januar janvier janv enero ene gennaio gen janeiro",
        "february feb februar février fév févr febrero febbraio fevereiro fev",
        "march mar märz mars marzo março",
        "april apr avril avr abril aprile",
        "may mai mayo maggio maio mag",
        "june jun juni juin junio giugno junho giu",
        "july jul juli juillet juil julio luglio julho lug",
        "august aug august août agosto ago",
        "september sep sept septembre septiembre settembre setembro set",
        "october oct oktober okt octobre octubre ottobre outubro out ott",
        "november nov novembre noviembre novembro",
        "december dec dezember dez décembre déc diciembre dic dicembre dezembro",
    ],
    1,
):
    for _name in _names.split():
        _MONTHS.setdefault(_name, _number)

_WORD = re.compile(r"[^\W\d_]+")
_TIME = re.compile(r"(\d{1,2})[:h.](\d{2})(?:[:.](\d{2}))?\s*([ap]\.?\s?m\.?|午前|午後)?", re.I)
_CJK_DATE = re.compile(r"(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日")
_NUMERIC_DATE = re.compile(r"(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})")


def iso(moment: datetime) -> str:
    """A datetime as ISO 8601 with seconds (naive times are taken as they are)."""
    return moment.replace(microsecond=0).isoformat()


def from_epoch(value: object) -> str:
    """Epoch seconds (an int, float or digit string; milliseconds too) as ISO 8601 UTC."""
    try:
        number = float(str(value).strip())
    except ValueError:
        return ""
    if number > 1e11:  # milliseconds
        number /= 1000
    if not 0 < number < 1e10:
        return ""
    return iso(datetime.fromtimestamp(number, UTC))


def from_iso(value: object) -> str:
    """An ISO 8601 date (``Z`` allowed; a space instead of ``T`` too) normalised, or ``""``."""
    text = str(value or "").strip()
    if not text:
        return ""
    if text.isdigit():
        return from_epoch(text)
    try:
        return iso(datetime.fromisoformat(text.replace("Z", "+00:00")))
    except ValueError:
        pass
    for pattern in ("%B %d, %Y %I:%M:%S %p", "%B %d, %Y %H:%M:%S", "%B %d, %Y", "%Y-%m-%d %H:%M"):
        try:
            return iso(datetime.strptime(text, pattern))
        except ValueError:
            continue
    return from_words(text)


def from_words(text: str) -> str:
    """A date spelled out in one of the Kindle languages, or ``""``.

    ``Monday, March 4, 2024 9:15:02 PM``, ``Montag, 4. März 2024 21:15:02``,
    ``lunedì 4 marzo 2024 21:15:02``, ``2024年3月4日月曜日 21:15:02``...
    The weekday and labels are ignored; the month name, day, year and time are read.
    """
    lowered = text.casefold()
    year = month = day = None
    cjk = _CJK_DATE.search(lowered)
    numeric = _NUMERIC_DATE.search(lowered)
    rest = lowered
    if cjk or numeric:
        match = cjk or numeric
        assert match is not None
        year, month, day = (int(g) for g in match.groups())
        rest = lowered[: match.start()] + " " + lowered[match.end() :]
    time_match = _TIME.search(rest)
    if time_match:
        rest = rest[: time_match.start()] + " " + rest[time_match.end() :]
    if month is None:
        for word in _WORD.findall(rest):
            if word.rstrip(".") in _MONTHS:
                month = _MONTHS[word.rstrip(".")]
                break
        numbers = [int(n) for n in re.findall(r"\d+", rest)]
        years = [n for n in numbers if n >= 1900]
        days = [n for n in numbers if 1 <= n <= 31]
        if month is None or not years or not days:
            return ""
        year, day = years[0], days[0]
    hour = minute = second = 0
    if time_match:
        hour, minute = int(time_match.group(1)), int(time_match.group(2))
        second = int(time_match.group(3) or 0)
        meridiem = (time_match.group(4) or "").replace(".", "").replace(" ", "")
        if meridiem in ("pm", "午後") and hour < 12:
            hour += 12
        elif meridiem in ("am", "午前") and hour == 12:
            hour = 0
    if "午後" in lowered and hour < 12:
        hour += 12
    try:
        assert year is not None and month is not None and day is not None
        return iso(datetime(year, month, day, hour, minute, second))
    except ValueError:
        return ""
