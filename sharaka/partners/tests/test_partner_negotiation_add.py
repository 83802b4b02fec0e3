import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from sharaka.partners.models import NegotiationRound
from sharaka.partners.tests.html_forms import submit

pytestmark = pytest.mark.django_db

ROUND = {"topic": "Cofinancement", "date": "2026-12-12", "our_position": "35 %", "their_position": "40 %"}


def url(org):
    return f"/partners/{org.pk}/negotiation/new/"


def test_the_officer_records_the_next_round_with_its_minutes(client, world):
    client.force_login(world.personas.officer)

    response = submit(
        client,
        url(world.organisation),
        ROUND,
        files={"minutes": SimpleUploadedFile("pv.pdf", b"%PDF-1.7 pv")},
        follow=True,
    )

    round_ = NegotiationRound.objects.get(topic="Cofinancement", round_number=2)
    assert round_.minutes.read() == b"%PDF-1.7 pv"
    assert response.redirect_chain[-1][0].endswith("#negotiation")
    assert "سُجّلت الجولة 2" in response.content.decode()


def test_minutes_that_are_not_a_pdf_or_docx_are_refused_in_arabic_and_nothing_is_recorded(client, world):
    client.force_login(world.personas.officer)

    response = submit(
        client,
        url(world.organisation),
        ROUND,
        files={"minutes": SimpleUploadedFile("pv.pdf", b"MZ\x90\x00 program")},
    )

    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="id_minutes_error"' in html
    assert "محتوى الملف لا يطابق اسمه" in html
    assert "35 %" in html  # what was typed is kept
    assert NegotiationRound.objects.count() == 1


def test_a_round_number_already_taken_is_refused_beside_the_field(client, world):
    client.force_login(world.personas.officer)

    response = submit(client, url(world.organisation), {**ROUND, "round_number": "1"})

    assert response.status_code == 200
    assert 'id="id_round_number_error"' in response.content.decode()
    assert NegotiationRound.objects.count() == 1


@pytest.mark.parametrize(
    ("persona", "status"),
    [("manager", 403), ("president", 403), ("partner_viewer", 403), ("prefecture", 404)],
)
def test_only_editors_record_rounds(client, world, persona, status):
    client.force_login(getattr(world.personas, persona))

    assert client.post(url(world.organisation), ROUND).status_code == status
    assert NegotiationRound.objects.count() == 1
