import pytest
from django.core.files.base import ContentFile

pytestmark = pytest.mark.django_db


@pytest.fixture
def minutes_url(world):
    world.negotiation_round.minutes.save("pv-round-1.pdf", ContentFile(b"%PDF-1.4 minutes"), save=True)
    return f"/partners/{world.organisation.pk}/negotiation/{world.negotiation_round.pk}/minutes/"


def test_the_staff_download_the_minutes_as_an_attachment(client, world, minutes_url):
    client.force_login(world.personas.auditor)

    response = client.get(minutes_url)

    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"%PDF-1.4 minutes"
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith('attachment; filename="pv-round-1')


@pytest.mark.parametrize("persona", ["partner_viewer", "prefecture"])
def test_no_one_outside_the_commune_gets_them(client, world, minutes_url, persona):
    client.force_login(getattr(world.personas, persona))

    assert client.get(minutes_url).status_code == 404


def test_a_round_without_minutes_has_nothing_to_download(client, world):
    client.force_login(world.personas.officer)

    response = client.get(
        f"/partners/{world.organisation.pk}/negotiation/{world.negotiation_round.pk}/minutes/"
    )

    assert response.status_code == 404


def test_minutes_are_reached_only_through_their_own_organisation(client, world, minutes_url):
    client.force_login(world.personas.officer)

    response = client.get(
        minutes_url.replace(f"/{world.organisation.pk}/", f"/{world.other_organisation.pk}/")
    )

    assert response.status_code == 404
