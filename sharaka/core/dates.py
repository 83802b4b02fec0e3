"""The bounds of any date a person types or a file brings, and of what is computed from them.

Nothing the commune records happened before Morocco's independence or is planned past the end of the
century; a date outside is a slip of the keyboard (0001-01-01, 9999-12-01) that would otherwise be
stored, then break the pages and documents that compute from it.
"""

import datetime

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

DATE_MIN = datetime.date(1956, 1, 1)
DATE_MAX = datetime.date(2100, 12, 31)


def validate_date(value: datetime.date) -> None:
    """The shared validator: every date field of every form, and every import, uses it."""
    if isinstance(value, datetime.datetime):
        value = value.date()
    if isinstance(value, datetime.date) and not (DATE_MIN <= value <= DATE_MAX):
        raise ValidationError(
            _("Enter a date between %(min)s and %(max)s."),
            code="date_out_of_bounds",
            params={"min": DATE_MIN.isoformat(), "max": DATE_MAX.isoformat()},
        )


def add_months(start: datetime.date, months: int) -> datetime.date | None:
    """The day before the same day `months` later (the end of a period of that many months);
    None when it would fall past DATE_MAX."""
    month = start.month - 1 + months
    year = start.year + month // 12
    if year > DATE_MAX.year + 1:  # the calendar ends at 9999: stop well before
        return None
    end = datetime.date(year, month % 12 + 1, min(start.day, 28)) - datetime.timedelta(days=1)
    return end if end <= DATE_MAX else None


def validate_months(start: datetime.date | None, months: int | None) -> None:
    """A duration whose end falls past DATE_MAX is refused."""
    if start and months and add_months(start, months) is None:
        raise ValidationError(
            _("With this start, the period would end after %(max)s: shorten it."),
            code="duration_out_of_bounds",
            params={"max": DATE_MAX.isoformat()},
        )
