"""Deadline arithmetic of law 113-14 across weekends and Moroccan public holidays."""

import datetime

from sharaka.agreements import deadlines
from sharaka.agreements.models import PublicHoliday, holidays_around

D = datetime.date


def test_it_skips_the_weekend_when_counting_working_days():
    # Thursday + 3 working days: Friday, Monday, Tuesday.
    assert deadlines.add_working_days(D(2026, 3, 5), 3) == D(2026, 3, 10)


def test_it_counts_15_working_days_for_the_transmission_after_a_session():
    # Session closes on Friday 15 May 2026: three weeks of weekdays later is Friday 5 June.
    assert deadlines.transmission_due(D(2026, 5, 15)) == D(2026, 6, 5)


def test_it_skips_a_fixed_holiday_from_the_database(db):
    # Wednesday 29 July 2026 + 3 working days: 30 July is Throne Day, so Friday 31, Monday 3, Tuesday 4 August.
    holidays = holidays_around(D(2026, 7, 29))
    assert D(2026, 7, 30) in holidays
    assert deadlines.objection_ends(D(2026, 7, 29), holidays) == D(2026, 8, 4)


def test_it_skips_a_hijri_holiday_entered_for_its_year(db):
    # Eid al-Adha 2026, entered by an administrator (two days), falls on a Wednesday and Thursday.
    PublicHoliday.objects.create(year=2026, month=5, day=27, name_fr="Aïd al-Adha")
    PublicHoliday.objects.create(year=2026, month=5, day=28, name_fr="Aïd al-Adha (2e jour)")
    holidays = holidays_around(D(2026, 5, 26))

    assert deadlines.objection_ends(D(2026, 5, 26), holidays) == D(2026, 6, 2)  # Fri 29, Mon 1, Tue 2
    assert D(2027, 5, 27) not in PublicHoliday.dates_between(D(2027, 5, 1), D(2027, 6, 1))  # that year only


def test_it_counts_the_fixed_holidays_seeded_every_year(db):
    days = PublicHoliday.dates_between(D(2027, 1, 1), D(2027, 12, 31))
    assert {D(2027, 1, 1), D(2027, 1, 11), D(2027, 1, 14), D(2027, 5, 1), D(2027, 11, 18)} <= days


def test_it_counts_calendar_days_for_the_visa_the_agenda_and_the_posting():
    assert deadlines.visa_due(D(2026, 12, 24)) == D(2027, 1, 13)  # holidays and weekends count
    assert deadlines.agenda_due(D(2026, 10, 5)) == D(2026, 9, 15)
    assert deadlines.notice_due(D(2026, 10, 5)) == D(2026, 9, 25)
    assert deadlines.posting_due(D(2026, 2, 25)) == D(2026, 3, 5)


def test_it_places_the_second_convocation_3_to_5_days_later():
    assert deadlines.second_convocation_window(D(2026, 10, 5)) == (D(2026, 10, 8), D(2026, 10, 10))


def test_it_does_not_count_a_saturday_start_as_a_working_day():
    assert deadlines.add_working_days(D(2026, 3, 7), 1) == D(2026, 3, 9)
    assert not deadlines.is_working_day(D(2026, 3, 7))
    assert deadlines.is_working_day(D(2026, 3, 9))


def test_it_lets_an_administrator_enter_a_hijri_holiday_in_the_admin(client, personas):
    from sharaka.core.models import AuditEntry

    client.force_login(personas.admin)
    response = client.post(
        "/admin/agreements/publicholiday/add/",
        {
            "year": "2027",
            "month": "3",
            "day": "20",
            "name_ar": "عيد الفطر",
            "name_fr": "Aïd al-Fitr",
            "name_en": "",
        },
    )

    assert response.status_code == 302
    assert D(2027, 3, 20) in PublicHoliday.dates_between(D(2027, 3, 1), D(2027, 3, 31))
    assert AuditEntry.objects.filter(action="holiday.save").exists()


def test_unity_day_is_a_fixed_holiday(db):
    # Eid al-Wahda, 31 October, a public holiday since 2025: seeded with the other fixed holidays.
    unity = PublicHoliday.objects.get(year=None, month=10, day=31)
    assert unity.name_ar == "عيد الوحدة"
    assert D(2027, 10, 31) in PublicHoliday.dates_between(D(2027, 10, 1), D(2027, 11, 30))
