"""Events and their sponsors through the API, as the events pages keep them: money corrected against
the state read, never deleted; totals in MAD."""

import pytest

from sharaka.api.tests.helpers import ApiClient
from sharaka.core.models import AuditEntry
from sharaka.promotion.expectations.events import world_events
from sharaka.promotion.models import Sponsorship

pytestmark = pytest.mark.django_db


def test_a_sponsorship_is_corrected_against_what_was_read_and_money_is_never_removed(world):
    found = world_events(world)
    officer = ApiClient(world.personas.officer, language="fr")
    url = f"/api/v1/promotion/events/{found['published'].pk}/"
    read = officer.get(url)
    assert read.json()["totals"]["cash_mad"] == "20000.00"
    paid = next(s for s in read.json()["sponsorships"] if s["id"] == found["paid"].pk)

    huge = officer.post(
        url + "sponsorships/",
        {
            "organisation": world.other_organisation.pk,
            "role": "sponsor",
            "amount": "1234567890123456",
            "currency": "MAD",
            "agreed_on": "2027-05-02",
        },
    )
    assert huge.status_code == 400 and list(huge.json()["errors"]) == ["amount"]

    sponsorship_url = f"{url}sponsorships/{found['paid'].pk}/"
    assert officer.patch(sponsorship_url, {"amount": "25000"}).status_code == 428
    corrected = officer.patch(sponsorship_url, {"amount": "25000"}, HTTP_IF_MATCH=paid["etag"])
    assert corrected.status_code == 200, corrected.content
    assert corrected.json()["amount"] == "25000.00"
    stale = officer.patch(sponsorship_url, {"amount": "1"}, HTTP_IF_MATCH=paid["etag"])
    assert stale.status_code == 412
    assert officer.get(url).json()["totals"]["cash_mad"] == "25000.00"

    kept = officer.post(sponsorship_url + "removal/", {"reason": "Erreur"})
    assert kept.status_code == 400  # it carries money: corrected, never removed
    assert Sponsorship.objects.filter(pk=found["paid"].pk).exists()
    entries = AuditEntry.objects.count()
    removed = officer.post(
        f"{url}sponsorships/{found['nothing'].pk}/removal/", {"reason": "Saisi par erreur"}
    )
    assert removed.status_code == 204
    assert AuditEntry.objects.count() == entries + 1


def test_an_event_goes_on_the_portal_and_off_it_against_its_version(world):
    found = world_events(world)
    officer = ApiClient(world.personas.officer, language="ar")
    url = f"/api/v1/promotion/events/{found['draft'].pk}/"
    read = officer.get(url)
    assert read.json()["published"] is False
    assert (
        officer.post(url + "publication/", {"published": "yes"}, HTTP_IF_MATCH=read["ETag"]).status_code
        == 400
    )
    on = officer.post(url + "publication/", {"published": True}, HTTP_IF_MATCH=read["ETag"])
    assert on.status_code == 200 and on.json()["published"] is True
    off = officer.post(
        url + "publication/", {"published": False, "reason": "Dates"}, HTTP_IF_MATCH=read["ETag"]
    )
    assert off.status_code == 412
    off = officer.post(
        url + "publication/", {"published": False, "reason": "Dates"}, HTTP_IF_MATCH=on["ETag"]
    )
    assert off.status_code == 200 and off.json()["published"] is False
    backwards = officer.patch(url, {"ends_on": "2028-07-01"}, HTTP_IF_MATCH=off["ETag"])
    assert backwards.status_code == 400 and "ends_on" in backwards.json()["errors"]
