"""The rules of events and sponsorships: titles, dates, publishing, money bounds, MAD totals, removal."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import translation

from sharaka.core.models import AuditEntry
from sharaka.core.services import ConcurrentEdit
from sharaka.finance.models import ExchangeRate
from sharaka.promotion import events
from sharaka.promotion.models import Event, Sponsorship
from sharaka.promotion.tests.events_helpers import make_event, make_sponsor

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _in_english():
    with translation.override("en"):
        yield


EVENT = {
    "title_fr": "Festival du miel",
    "starts_on": datetime.date(2027, 8, 1),
    "ends_on": datetime.date(2027, 8, 3),
}


def _money(**overrides):
    data = {
        "role": Sponsorship.Role.SPONSOR,
        "amount": Decimal("5000.00"),
        "currency": "MAD",
        "agreed_on": datetime.date(2027, 6, 1),
        "in_kind": "",
        "in_kind_value": Decimal(0),
        "given_back": "Logo sur les affiches",
        "is_public": True,
    }
    data.update(overrides)
    return data


def _errors(excinfo) -> dict:
    return excinfo.value.message_dict


def test_an_event_is_created_with_a_title_in_one_language_and_a_ledger_entry(personas):
    before = AuditEntry.objects.count()
    event = events.event_create(actor=personas.officer, data=EVENT)
    assert event.pk and event.published_at is None
    assert AuditEntry.objects.count() == before + 1
    assert AuditEntry.objects.order_by("id").last().action == "promotion_event.create"


def test_an_event_without_any_title_or_ending_before_it_starts_is_refused(personas):
    with pytest.raises(ValidationError) as excinfo:
        events.event_create(
            actor=personas.officer,
            data={"starts_on": datetime.date(2027, 8, 3), "ends_on": datetime.date(2027, 8, 1)},
        )
    assert "title_ar" in _errors(excinfo) and "ends_on" in _errors(excinfo)
    assert not Event.objects.exists()


def test_years_outside_2000_to_2100_are_refused(personas):
    with pytest.raises(ValidationError) as excinfo:
        events.event_create(
            actor=personas.officer,
            data={**EVENT, "starts_on": datetime.date(1999, 12, 31)},
        )
    assert "2000" in _errors(excinfo)["starts_on"][0]


def test_a_reader_may_not_record_an_event(personas):
    with pytest.raises(PermissionDenied):
        events.event_create(actor=personas.finance, data=EVENT)


def test_an_update_from_an_old_form_is_refused_and_changes_nothing(personas):
    event = events.event_create(actor=personas.officer, data=EVENT)
    events.event_update(actor=personas.officer, event=event, data={"place": "Souk"}, expected_version=1)
    with pytest.raises(ConcurrentEdit):
        events.event_update(actor=personas.admin, event=event, data={"place": "Plage"}, expected_version=1)
    event.refresh_from_db()
    assert event.place == "Souk" and event.version == 2


def test_publishing_needs_the_title_in_arabic_french_and_english(personas):
    event = events.event_create(actor=personas.officer, data=EVENT)
    with pytest.raises(ValidationError) as excinfo:
        events.event_publish(actor=personas.officer, event=event)
    assert "Arabic, French and English" in excinfo.value.messages[0]
    event = events.event_update(
        actor=personas.officer,
        event=event,
        data={"title_ar": "مهرجان العسل", "title_en": "Honey festival"},
        expected_version=1,
    )
    event = events.event_publish(actor=personas.officer, event=event)
    assert event.published_at is not None
    event = events.event_unpublish(actor=personas.officer, event=event)
    assert event.published_at is None


def test_an_archived_event_stays_and_can_no_longer_change(personas):
    event = make_event()
    with pytest.raises(ValidationError):
        events.event_archive(actor=personas.officer, event=event, reason="")
    events.event_archive(actor=personas.officer, event=event, reason="Doublon")
    assert Event.objects.filter(pk=event.pk, archived_at__isnull=False).exists()
    with pytest.raises(ValidationError):
        events.sponsorship_add(actor=personas.officer, event=event, data=_money(organisation=make_sponsor(1)))


def test_a_sponsorship_is_added_with_its_ledger_entry(personas):
    event = make_event()
    before = AuditEntry.objects.count()
    s = events.sponsorship_add(actor=personas.officer, event=event, data=_money(organisation=make_sponsor(1)))
    assert s.amount == Decimal("5000.00") and s.recorded_by == personas.officer
    assert AuditEntry.objects.count() == before + 1
    assert AuditEntry.objects.order_by("id").last().action == "promotion_sponsorship.add"


def test_a_sixteen_digit_amount_is_refused_with_the_bound(personas):
    event = make_event()
    with pytest.raises(ValidationError) as excinfo:
        events.sponsorship_add(
            actor=personas.officer,
            event=event,
            data=_money(organisation=make_sponsor(1), amount=Decimal("1234567890123456")),
        )
    assert "at most" in _errors(excinfo)["amount"][0]
    assert not Sponsorship.objects.exists()


def test_a_negative_amount_or_value_in_kind_is_refused(personas):
    event = make_event()
    with pytest.raises(ValidationError) as excinfo:
        events.sponsorship_add(
            actor=personas.officer,
            event=event,
            data=_money(
                organisation=make_sponsor(1),
                amount=Decimal("-50"),
                in_kind="Sono",
                in_kind_value=Decimal("-1"),
            ),
        )
    assert "negative" in _errors(excinfo)["amount"][0]
    assert "negative" in _errors(excinfo)["in_kind_value"][0]


def test_a_sponsor_brings_cash_or_support_in_kind_and_a_value_in_kind_says_what_it_is(personas):
    event = make_event()
    with pytest.raises(ValidationError) as excinfo:
        events.sponsorship_add(
            actor=personas.officer,
            event=event,
            data=_money(organisation=make_sponsor(1), amount=Decimal(0), in_kind_value=Decimal(300)),
        )
    assert "in_kind" in _errors(excinfo)


def test_foreign_cash_is_counted_in_mad_at_the_rate_of_its_agreed_date(personas):
    event = make_event()
    ExchangeRate.objects.create(
        currency="EUR", date=datetime.date(2027, 5, 28), rate=Decimal("10.9"), source="BAM"
    )
    ExchangeRate.objects.create(
        currency="EUR", date=datetime.date(2027, 6, 15), rate=Decimal("99"), source="later"
    )
    events.sponsorship_add(
        actor=personas.officer,
        event=event,
        data=_money(organisation=make_sponsor(1), amount=Decimal("1000.00"), currency="EUR"),
    )
    events.sponsorship_add(
        actor=personas.officer,
        event=event,
        data=_money(organisation=make_sponsor(2), in_kind="Scène et sono", in_kind_value=Decimal("2500")),
    )
    totals = events.event_totals(event.sponsorships.all())
    assert totals.cash_mad == Decimal("10900.00") + Decimal("5000.00")
    assert totals.in_kind_mad == Decimal("2500.00")
    assert totals.total_mad == Decimal("18400.00") and totals.complete


def test_foreign_cash_without_a_rate_is_saved_but_left_out_of_the_total_with_a_message(personas):
    event = make_event()
    events.sponsorship_add(
        actor=personas.officer,
        event=event,
        data=_money(organisation=make_sponsor(1), amount=Decimal("1000.00"), currency="USD"),
    )
    totals = events.event_totals(event.sponsorships.all())
    assert totals.cash_mad == 0 and not totals.complete
    currency, day, amount = totals.unconverted[0]
    message = events.missing_rate_message(currency, day)
    assert "USD" in message and "2027-06-01" in message and "left out" in message


def test_a_correction_from_an_old_form_is_refused(personas):
    event = make_event()
    s = events.sponsorship_add(actor=personas.officer, event=event, data=_money(organisation=make_sponsor(1)))
    seen = events.fingerprint(s)
    events.sponsorship_update(
        actor=personas.officer, sponsorship=s, data={"amount": Decimal("6000")}, expected_fingerprint=seen
    )
    with pytest.raises(ConcurrentEdit):
        events.sponsorship_update(
            actor=personas.admin, sponsorship=s, data={"amount": Decimal("7000")}, expected_fingerprint=seen
        )
    s.refresh_from_db()
    assert s.amount == Decimal("6000.00")


def test_a_sponsorship_with_money_is_never_removed_one_without_is_with_a_reason(personas):
    event = make_event()
    paid = events.sponsorship_add(
        actor=personas.officer, event=event, data=_money(organisation=make_sponsor(1))
    )
    with pytest.raises(ValidationError) as excinfo:
        events.sponsorship_remove(actor=personas.officer, sponsorship=paid, reason="erreur")
    assert "carries money" in excinfo.value.messages[0]
    nothing = events.sponsorship_add(
        actor=personas.officer,
        event=event,
        data=_money(organisation=make_sponsor(2), role=Sponsorship.Role.PARTNER, amount=Decimal(0)),
    )
    events.sponsorship_remove(actor=personas.officer, sponsorship=nothing, reason="Mauvais partenaire")
    assert list(event.sponsorships.all()) == [paid]
    entry = AuditEntry.objects.order_by("id").last()
    assert entry.action == "promotion_sponsorship.remove" and entry.reason == "Mauvais partenaire"
    assert entry.before["organisation"] == nothing.organisation_id
