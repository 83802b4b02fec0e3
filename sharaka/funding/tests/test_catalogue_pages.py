"""The catalogue's pages as a person uses them: the list and its filters, a call's page, the form
filled and posted, archiving, documents."""

import datetime
import html
import re
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from sharaka.core.models import Theme
from sharaka.core.testing import form_data
from sharaka.funding.forms_catalogue import CallForm
from sharaka.funding.models import Call, CallStage
from sharaka.funding.testing import TODAY, world_funding

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def frozen(monkeypatch):
    monkeypatch.setattr(timezone, "localdate", lambda *a, **k: TODAY)


@pytest.fixture
def officer(client, world):
    """The officer, reading in English."""
    world.personas.officer.language = "en"
    world.personas.officer.save()
    client.force_login(world.personas.officer)
    return client


def _text(response) -> str:
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", response.content.decode())))


def test_the_list_shows_open_and_upcoming_calls_with_funder_role_amounts_deadline_and_status(officer, world):
    found = world_funding(world)
    page = _text(officer.get(reverse("funding_calls")))
    assert "Water and energy for rural communes" in page
    assert "Joint decentralised cooperation call" in page
    assert "Interreg (test)" in page  # rolling, so open; marked as closed to Morocco
    assert "Closed to Morocco" in page
    assert "Co-applicant only · lead from FR" in page
    row = "UNDP The commune may lead USD 20,000.00 – USD 50,000.00 3 February 2027 (Concept note · 60 days left) Open"
    assert row in page
    assert found["lead_call"].reference in page


def _list(client, **params):
    return _text(client.get(reverse("funding_calls"), params))


def test_the_status_filter_is_computed_from_the_dates(officer, world):
    found = world_funding(world)
    CallStage.objects.filter(call=found["co_call"]).update(deadline=TODAY - datetime.timedelta(days=1))
    Call.objects.filter(pk=found["lead_call"].pk).update(opens_on=TODAY + datetime.timedelta(days=3))
    assert "T-LEAD-1" in _list(officer, status="upcoming")
    assert "T-CO-1" not in _list(officer, status="upcoming")
    assert "T-CO-1" in _list(officer, status="closed")
    assert "T-CO-1" not in _list(officer)  # by default: open and upcoming only
    assert "T-NO-1" in _list(officer, status="open")  # rolling


def test_the_list_filters_by_funder_area_role_and_words(officer, world):
    found = world_funding(world)
    assert "T-CO-1" not in _list(officer, funder=world.organisation.pk)
    assert "T-LEAD-1" in _list(officer, funder=world.organisation.pk)
    assert "T-NO-1" not in _list(officer, area="water_energy")
    assert "T-CO-1" in _list(officer, role="co")
    assert "T-LEAD-1" not in _list(officer, role="co")
    assert "T-LEAD-1" in _list(officer, q="rurales")
    assert "T-CO-1" not in _list(officer, q="rurales")
    assert found


def test_an_archived_call_leaves_the_list_but_shows_under_archived(officer, world):
    found = world_funding(world)
    response = officer.post(reverse("funding_call_archive", args=[found["lead_call"].pk]), {"reason": "Clos"})
    assert response.status_code == 302
    assert "T-LEAD-1" not in _list(officer, status="all")
    assert "T-LEAD-1" in _list(officer, status="archived")
    assert Call.objects.filter(pk=found["lead_call"].pk).exists()


def test_the_list_costs_the_same_queries_for_3_or_30_calls(officer, world, django_assert_max_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    world_funding(world)
    water = Theme.objects.get(kind="area", code="water_energy")

    def add(start, end):
        for n in range(start, end):
            call = Call.objects.create(funder=world.organisation, title_fr=f"Appel {n}", rolling=n % 2 == 0)
            call.themes.add(water)
            CallStage.objects.create(
                call=call, kind="full_proposal", deadline=TODAY + datetime.timedelta(days=n)
            )

    def count() -> int:
        with CaptureQueriesContext(connection) as captured:
            response = officer.get(reverse("funding_calls"), {"status": "all", "area": "water_energy"})
        assert response.status_code == 200
        return len(captured)

    add(0, 2)  # with the world's two water calls: 4
    few = count()
    add(2, 30)
    assert count() == few
    with django_assert_max_num_queries(12):
        response = officer.get(reverse("funding_calls"), {"status": "all", "area": "water_energy"})
    assert len(response.context["page"].object_list) == 25


def test_the_call_page_shows_figures_as_of_deadlines_days_left_and_attachments(officer, world):
    found = world_funding(world)
    Call.objects.filter(pk=found["lead_call"].pk).update(as_of=datetime.date(2025, 12, 12), source="le360.ma")
    page = _text(officer.get(reverse("funding_call", args=[found["lead_call"].pk])))
    assert "Figures as of" in page and "le360.ma" in page
    assert "60 days" in page  # the concept note is due in 60 days
    assert "The council's deliberation" in page
    assert "summary : 300 words" in page


def test_a_call_closed_to_morocco_says_so(officer, world):
    found = world_funding(world)
    page = _text(officer.get(reverse("funding_call", args=[found["closed_call"].pk])))
    assert "Closed to Morocco" in page


def test_a_reader_sees_the_call_but_no_edit_button(client, world):
    found = world_funding(world)
    client.force_login(world.personas.council)
    response = client.get(reverse("funding_call", args=[found["lead_call"].pk]))
    assert response.status_code == 200
    assert reverse("funding_call_edit", args=[found["lead_call"].pk]) not in response.content.decode()


def test_the_officer_adds_a_call_through_the_form(officer, world):
    world_funding(world)
    data = form_data(
        CallForm(),
        funder=world.organisation.pk,
        title_fr="Fonds solaire",
        commune_role="co",
        currency="USD",
        min_grant="20000",
        max_grant="50000",
        cofinancing_rate="20",
        languages=["fr", "en"],
        family="un",
        cofinancing_counts="cash",
        sector_1="14020",
        areas=[Theme.objects.get(kind="area", code="water_energy").pk],
        eoi_deadline="2027-01-15",
        full_proposal_deadline="2027-03-01",
        full_proposal_words="summary=300\nproblem=800",
        attachments=["deliberation", "budget"],
        other_attachments="Trois devis",
    )
    response = officer.post(reverse("funding_call_add"), data)
    assert response.status_code == 302, response.context["form"].errors
    call = Call.objects.get(title_fr="Fonds solaire")
    assert call.max_grant == Decimal("50000.00") and call.languages == "fr,en"
    assert [(s.kind, s.word_limits) for s in call.stages.all()] == [
        ("eoi", {}),
        ("full_proposal", {"summary": 300, "problem": 800}),
    ]
    assert sorted(call.attachments.values_list("kind", "label")) == [
        ("budget", ""),
        ("deliberation", ""),
        ("other", "Trois devis"),
    ]


def test_the_form_refuses_an_unknown_section_in_the_word_limits_by_name(officer, world):
    found = world_funding(world)
    call = found["lead_call"]
    data = form_data(CallForm(instance=call), concept_note_words="summary=300\nvision=100")
    response = officer.post(reverse("funding_call_edit", args=[call.pk]), data)
    assert response.status_code == 200
    errors = response.context["form"].errors["concept_note_words"]
    assert errors[0].startswith("“vision” is not a section of a proposal. The sections are: summary, problem")
    assert Call.objects.get(pk=call.pk).version == 1


def test_the_edit_form_keeps_what_was_stored(officer, world):
    found = world_funding(world)
    call = found["lead_call"]
    response = officer.post(reverse("funding_call_edit", args=[call.pk]), form_data(CallForm(instance=call)))
    assert response.status_code == 302
    kept = Call.objects.get(pk=call.pk)
    assert kept.version == 2
    assert [(s.kind, s.deadline, s.word_limits) for s in kept.stages.all()] == [
        ("concept_note", TODAY + datetime.timedelta(days=60), {"summary": 300})
    ]
    assert list(kept.sectors.values_list("code", flat=True)) == ["14020"]
    assert list(kept.themes.values_list("code", flat=True)) == ["water_energy"]


def test_a_document_is_uploaded_then_downloaded_by_a_reader(officer, client, world):
    found = world_funding(world)
    call = found["lead_call"]
    upload = SimpleUploadedFile("guide.pdf", b"%PDF-1.4 guide\n%%EOF\n", content_type="application/pdf")
    response = officer.post(
        reverse("funding_call_document_upload", args=[call.pk]), {"title": "Guide", "file": upload}
    )
    assert response.status_code == 302
    document = call.documents.get()
    client.force_login(world.personas.auditor)
    download = client.get(reverse("funding_call_document", args=[call.pk, document.pk]))
    assert download.status_code == 200
    assert b"".join(download.streaming_content).startswith(b"%PDF-1.4 guide")
