"""An inquiry's reference cannot be guessed (13 random signs, about 61 bits), looking references up is
throttled, and the inquiry limit counts an IPv6 sender with its whole /64."""

import math
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from sharaka.lib.client_ip import network_of
from sharaka.portal import services, views
from sharaka.portal.models import Inquiry

pytestmark = pytest.mark.django_db

REFERENCE = re.compile(
    r"Q-[ACDEFGHJKLMNPQRTUVWXY34679]{4}-[ACDEFGHJKLMNPQRTUVWXY34679]{4}-[ACDEFGHJKLMNPQRTUVWXY34679]{5}"
)


def write(client, address, i=0):
    return client.post(
        reverse("portal:feedback"),
        {"message": f"Message numéro {i} pour la commune", "name": "", "contact": "", "website": ""},
        REMOTE_ADDR=address,
    )


def look_up(client, reference, address="203.0.113.7"):
    return client.get(reverse("portal:feedback_sent", args=[reference]), REMOTE_ADDR=address)


def test_a_reference_has_over_sixty_random_bits_in_a_readable_alphabet(client):
    assert write(client, "203.0.113.7").status_code == 302
    reference = Inquiry.objects.get().reference
    assert REFERENCE.fullmatch(reference), reference
    assert 13 * math.log2(len(services.REFERENCE_ALPHABET)) >= 60
    many = {services._new_reference() for _ in range(2000)}
    assert len(many) == 2000 and all(REFERENCE.fullmatch(r) for r in many)
    # Every sign of the alphabet shows up: no position is fixed.
    assert set("".join(r[2:].replace("-", "") for r in many)) == set(services.REFERENCE_ALPHABET)


def test_a_reference_given_before_still_shows_its_inquiry(client):
    old = Inquiry.objects.create(
        reference="Q-2612-ACDEF", message="Une question d'avant", due_on=timezone.localdate()
    )
    page = look_up(client, "Q-2612-ACDEF").content.decode()
    assert "Q-2612-ACDEF" in page and old.get_status_display() in page


def test_ten_unknown_references_from_one_address_pause_look_ups_for_the_hour(client):
    write(client, "192.0.2.1")
    real = Inquiry.objects.get().reference
    for i in range(views.LOOKUP_MISSES):
        assert look_up(client, f"Q-AAAA-AAAA-AAA{i:02d}").status_code == 200
    paused = look_up(client, real)
    assert paused.status_code == 429 and real not in paused.content.decode()
    assert 'role="alert"' in paused.content.decode()
    # The citizen who wrote it, from their own connection, still reads their page.
    assert real in look_up(client, real, address="192.0.2.1").content.decode()


def test_finding_ones_own_reference_is_never_counted(client):
    write(client, "192.0.2.1")
    real = Inquiry.objects.get().reference
    for _ in range(views.LOOKUP_MISSES * 2):
        assert look_up(client, real).status_code == 200


def test_look_ups_from_one_ipv6_slash_64_are_counted_together(client):
    for i in range(views.LOOKUP_MISSES):
        look_up(client, f"Q-AAAA-AAAA-AAA{i:02d}", address=f"2001:db8:7:8::{i + 1:x}")
    assert look_up(client, "Q-AAAA-AAAA-AAAAA", address="2001:db8:7:8:1:2:3:4").status_code == 429
    assert look_up(client, "Q-AAAA-AAAA-AAAAA", address="2001:db8:7:9::1").status_code == 200


def test_the_inquiry_limit_counts_an_ipv6_slash_64_as_one_sender(client):
    for i in range(services.RATE_LIMIT):
        assert write(client, f"2001:db8:1:2::{i + 1:x}", i).status_code == 302
    refused = write(client, "2001:db8:1:2:aaaa:bbbb:cccc:dddd", 99)
    assert refused.status_code == 200 and Inquiry.objects.count() == services.RATE_LIMIT
    assert write(client, "2001:db8:1:3::1", 100).status_code == 302  # the next /64 is someone else


def test_the_inquiry_limit_counts_ipv4_senders_by_address(client):
    for i in range(services.RATE_LIMIT):
        assert write(client, "203.0.113.7", i).status_code == 302
    assert write(client, "203.0.113.7", 99).status_code == 200
    assert write(client, "203.0.113.8", 100).status_code == 302


def test_the_sender_group_of_an_address():
    assert network_of("203.0.113.7") == "203.0.113.7"
    assert network_of("2001:db8:1:2:aaaa:bbbb:cccc:dddd") == "2001:db8:1:2::"
    assert network_of("2001:DB8:1:2::1") == "2001:db8:1:2::"
    assert network_of("::ffff:203.0.113.7") == "203.0.113.7"
    assert network_of("not an address") is None and network_of(None) is None


def test_inquiries_received_before_count_by_their_senders_group_after_the_migration():
    import importlib

    from django.apps import apps

    migration = importlib.import_module("sharaka.portal.migrations.0002_inquiry_sender_network")
    for reference, address in [("Q-2612-ACDEF", "2001:db8:1:2::5"), ("Q-2612-ACDEG", "203.0.113.9")]:
        Inquiry.objects.create(
            reference=reference,
            message="Une question d'avant",
            due_on=timezone.localdate(),
            sender_address=address,
        )
    assert set(Inquiry.objects.values_list("sender_network", flat=True)) == {""}
    migration.fill_sender_network(apps, None)
    assert dict(Inquiry.objects.values_list("reference", "sender_network")) == {
        "Q-2612-ACDEF": "2001:db8:1:2::",
        "Q-2612-ACDEG": "203.0.113.9",
    }
