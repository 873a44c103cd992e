"""Days: the one definition of "today" and of a period holding a day.

Every period in the library is half-open, from its first day (inclusive) to its end (exclusive,
None = open), whether it is a law's, a provision's, an injunction's or a survey's; so one
function answers "in force on D" for all of them, over dates or over the date ordinals the
engines compare.
"""

from __future__ import annotations

import datetime as dt
from typing import Protocol, TypeVar


class _Ordered(Protocol):
    def __le__(self, other: object, /) -> bool: ...
    def __lt__(self, other: object, /) -> bool: ...


DayT = TypeVar("DayT", bound=_Ordered)


def today() -> dt.date:
    """The day a command's law is read for when the user gives none."""
    return dt.date.today()


def holds(start: DayT, end: DayT | None, day: DayT) -> bool:
    """True when the half-open period [start, end) contains `day`."""
    return start <= day and (end is None or day < end)
