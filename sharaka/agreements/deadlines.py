"""Legal deadlines of organic law 113-14, as pure date arithmetic.

Working days are Monday to Friday, minus the public holidays given (a set of dates; the database
keeps the calendar, see `models.PublicHoliday.dates_between`). Calendar-day deadlines ignore holidays.
"""

import datetime

DAY = datetime.timedelta(days=1)

AGENDA_DAYS_BEFORE = 20  # art. 38: agenda to the Governor at least 20 days before the session
NOTICE_DAYS_BEFORE = 10  # art. 35: members notified at least 10 days before
TRANSMISSION_WORKING_DAYS = 15  # art. 116: decisions to the Governor within 15 working days
OBJECTION_WORKING_DAYS = 3  # art. 117: the Governor may object within 3 working days
VISA_DAYS = 20  # art. 118: visa within 20 days of receipt; silence is a visa
POSTING_DAYS = 8  # art. 273: decisions posted within 8 days
SECOND_CONVOCATION_DAYS = (3, 5)  # art. 42: a second meeting 3 to 5 days after a failed quorum


def is_working_day(day: datetime.date, holidays=frozenset()) -> bool:
    return day.weekday() < 5 and day not in holidays


def add_working_days(start: datetime.date, count: int, holidays=frozenset()) -> datetime.date:
    """The `count`-th working day after `start` (start itself is not counted)."""
    day = start
    while count > 0:
        day += DAY
        if is_working_day(day, holidays):
            count -= 1
    return day


def agenda_due(session_start: datetime.date) -> datetime.date:
    return session_start - datetime.timedelta(days=AGENDA_DAYS_BEFORE)


def notice_due(session_start: datetime.date) -> datetime.date:
    return session_start - datetime.timedelta(days=NOTICE_DAYS_BEFORE)


def transmission_due(session_end: datetime.date, holidays=frozenset()) -> datetime.date:
    return add_working_days(session_end, TRANSMISSION_WORKING_DAYS, holidays)


def objection_ends(received: datetime.date, holidays=frozenset()) -> datetime.date:
    return add_working_days(received, OBJECTION_WORKING_DAYS, holidays)


def visa_due(received: datetime.date) -> datetime.date:
    return received + datetime.timedelta(days=VISA_DAYS)


def posting_due(decided: datetime.date) -> datetime.date:
    return decided + datetime.timedelta(days=POSTING_DAYS)


def second_convocation_window(first: datetime.date) -> tuple[datetime.date, datetime.date]:
    low, high = SECOND_CONVOCATION_DAYS
    return first + datetime.timedelta(days=low), first + datetime.timedelta(days=high)
