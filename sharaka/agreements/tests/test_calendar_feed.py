"""The personal iCalendar feed: a secret link, no login, parsed back with a real iCalendar parser."""

import datetime

import icalendar
from django.urls import reverse

from sharaka.agreements import services
from sharaka.agreements.ics import escape, fold
from sharaka.agreements.models import CalendarToken
from sharaka.agreements.tests.conftest import make_agreement, put_at


def _feed(client, personas, partner):
    agreement = make_agreement(
        personas.officer, partner, title_ar="", title_fr="Jumelage; Aourir, Saint-Aubin"
    )
    services.obligation_add(
        actor=personas.officer,
        agreement=agreement,
        data={
            "kind": "report",
            "title": "Rapport, annuel; \\ n°1 — التقرير السنوي للتوأمة مع جماعة سان أوبان سور لوار",
            "due_on": datetime.date(2026, 9, 15),
            "owner": personas.officer,
        },
    )
    put_at(agreement, "visa_pending", received_on=datetime.date(2026, 6, 1))
    client.force_login(personas.officer)
    client.post(reverse("calendar_token_reset"))
    client.logout()
    token = CalendarToken.objects.get(user=personas.officer).token
    return client.get(reverse("calendar_feed", kwargs={"token": token}))


def test_it_serves_the_feed_without_a_login_and_a_parser_reads_it(client, personas, foreign_commune):
    response = _feed(client, personas, foreign_commune)

    assert response.status_code == 200 and response["Content-Type"].startswith("text/calendar")
    body = response.content.decode()
    assert "\r\n" in body and "\n" not in body.replace("\r\n", "")
    calendar = icalendar.Calendar.from_ical(response.content)
    events = {str(e["UID"]): e for e in calendar.walk("VEVENT")}
    report = next(e for uid, e in events.items() if uid.startswith("obligation-"))
    assert (
        str(report["SUMMARY"])
        == "Rapport, annuel; \\ n°1 — التقرير السنوي للتوأمة مع جماعة سان أوبان سور لوار"
    )
    assert report["DTSTART"].dt == datetime.date(2026, 9, 15)
    assert report["DTSTAMP"].dt.tzinfo is not None and report["DTSTAMP"].dt.utcoffset() == datetime.timedelta(
        0
    )
    visa = next(e for uid, e in events.items() if uid.endswith("-visa@sharaka.aourir"))
    assert visa["DTSTART"].dt == datetime.date(2026, 6, 21)
    assert str(visa["DESCRIPTION"]).endswith("Jumelage; Aourir, Saint-Aubin")


def test_it_answers_404_to_a_wrong_token(client, personas, foreign_commune):
    _feed(client, personas, foreign_commune)

    assert client.get(reverse("calendar_feed", kwargs={"token": "x" * 43})).status_code == 404


def test_it_kills_the_old_link_when_a_new_one_is_made(client, personas, foreign_commune):
    _feed(client, personas, foreign_commune)
    old = CalendarToken.objects.get(user=personas.officer).token
    client.force_login(personas.officer)
    client.post(reverse("calendar_token_reset"))

    assert client.get(reverse("calendar_feed", kwargs={"token": old})).status_code == 404


def test_it_escapes_and_folds_as_rfc_5545_says():
    assert escape("a,b;c\\d\ne") == "a\\,b\\;c\\\\d\\ne"
    folded = fold("SUMMARY:" + "ب" * 60)
    assert all(len(line.encode()) <= 75 for line in folded.split("\r\n"))
    assert folded.replace("\r\n ", "") == "SUMMARY:" + "ب" * 60
