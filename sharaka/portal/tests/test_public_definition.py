"""One definition of what is public, and nothing private in any public output: field by field."""

import io
import json

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from sharaka.core.testing import make_organisation
from sharaka.partners.models import Contact, Interaction
from sharaka.portal.services import inquiry_submit
from sharaka.portal.tests.helpers import document, publishable_project
from sharaka.projects.models import Project

pytestmark = pytest.mark.django_db


def test_it_keeps_unpublished_archived_and_unfunded_projects_out_of_public():
    shown = publishable_project()
    publishable_project(published=False)
    publishable_project(archived_at=timezone.now())
    publishable_project(status="proposal_submitted")
    assert list(Project.objects.public()) == [shown]


def _every_public_output(client, project) -> dict[str, str]:
    from sharaka.projects import figures

    figures.rebuild()  # the helpers publish without the services that keep the portal's partner list
    pages = {
        name: client.get(reverse(f"portal:{name}")).content.decode()
        for name in ("home", "project_list", "partner_list", "document_list", "map", "open_data", "ledger")
    }
    pages["detail"] = client.get(reverse("portal:project_detail", args=[project.pk])).content.decode()
    for kind in ("projects", "transactions"):
        for fmt in ("csv", "json"):
            response = client.get(reverse(f"portal:open_data_{kind}", args=[fmt]))
            pages[f"{kind}.{fmt}"] = b"".join(response.streaming_content).decode()
        response = client.get(reverse(f"portal:open_data_{kind}", args=["xlsx"]))
        workbook = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
        rows = [list(r) for r in workbook.active.iter_rows(values_only=True)]
        pages[f"{kind}.xlsx"] = json.dumps(rows, default=str)
    for name in ("iati_activities", "iati_organisation"):
        pages[name] = b"".join(client.get(reverse(f"portal:{name}")).streaming_content).decode()
    for fmt in ("csv", "json"):
        response = client.get(reverse("portal:ledger_download", args=[fmt]))
        pages[f"ledger.{fmt}"] = b"".join(response.streaming_content).decode()
    return pages


def test_it_never_shows_a_private_field_anywhere(client, personas):
    """Each private field gets a unique marker; no public page or file may contain any marker."""
    funder = make_organisation(acronym="PUBF", internal_notes="MARK-ORG-NOTES", iati_identifier="")
    project = publishable_project(
        funder=funder, internal_notes="MARK-PROJECT-NOTES", pac_reference="MARK-PAC"
    )
    project.manager = personas.manager
    project.save()
    personas.manager.first_name, personas.manager.last_name = "MARK-MANAGER", "NAME"
    personas.manager.save()
    document(project, personas.officer, visibility="private", title="MARK-PRIVATE-DOC")
    document(project, personas.officer, visibility="partners", title="MARK-PARTNER-DOC")
    document(project, personas.officer, visibility="public", title="Public report")
    Contact.objects.create(
        organisation=funder,
        name="MARK-CONTACT-NAME",
        email="mark-contact@example.org",
        phone="+212600MARK",
        position="MARK-POSITION",
    )
    Interaction.objects.create(
        organisation=funder,
        kind="meeting",
        date="2026-11-20",
        subject="MARK-INTERACTION",
        recorded_by=personas.officer,
    )
    publishable_project(published=False, title_fr="MARK-UNPUBLISHED-TITLE", title_ar="MARK-UNPUBLISHED-TITLE")
    inquiry_submit(
        message="MARK-INQUIRY-MESSAGE is private",
        name="MARK-CITIZEN",
        contact="mark-citizen@example.org",
        project=project,
    )

    _private_money(project, funder, personas)

    outputs = _every_public_output(client, project)
    markers = [
        "MARK-ORG-NOTES",
        "MARK-PROJECT-NOTES",
        "MARK-PAC",
        "MARK-MANAGER",
        "MARK-PRIVATE-DOC",
        "MARK-PARTNER-DOC",
        "MARK-CONTACT-NAME",
        "mark-contact@example.org",
        "600MARK",
        "MARK-POSITION",
        "MARK-INTERACTION",
        "MARK-UNPUBLISHED-TITLE",
        "MARK-INQUIRY-MESSAGE",
        "MARK-CITIZEN",
        "mark-citizen@example.org",
        *MONEY_MARKERS,
    ]
    leaks = [f"{marker} in {name}" for name, text in outputs.items() for marker in markers if marker in text]
    assert not leaks, leaks
    assert "Public report" in outputs["detail"] and "Public report" in outputs["iati_activities"]
    # The money around them is published, so the markers were there to be leaked.
    activities = outputs["iati_activities"]
    assert (
        "<budget " in activities and "<planned-disbursement " in activities and "<transaction>" in activities
    )
    assert (
        "<total-budget " in outputs["iati_organisation"]
        and "<total-expenditure>" in outputs["iati_organisation"]
    )
    assert "123.45" in outputs["transactions.csv"] and "678.90" in outputs["transactions.csv"]


# The finance app's private fields around a published project's budgets, tranches and transactions.
MONEY_MARKERS = [
    "MARK-BUDGET-LINE",
    "MARK-TRANCHE-NOTE",
    "MARK-OWNER",
    "MARK-SUPPLIER",
    "MARK-TX-REF",
    "MARK-TX-REASON",
    "MARK-PROCUREMENT",
    "MARK-FUNDS-REF",
]


def _private_money(project, organisation, personas):
    import datetime
    from decimal import Decimal

    from sharaka.finance.models import BudgetLine, Funder, Tranche
    from sharaka.portal.tests.helpers import transaction

    owner = personas.finance
    owner.first_name, owner.last_name = "MARK-OWNER", "NAME"
    owner.save()
    funder = Funder.objects.create(project=project, kind="partner", organisation=organisation)
    BudgetLine.objects.create(
        project=project,
        category="works",
        funder=funder,
        amount_mad=Decimal("50000.00"),
        description="MARK-BUDGET-LINE",
    )
    Tranche.objects.create(
        project=project,
        funder=funder,
        expected_on=datetime.date(2027, 3, 1),
        currency="EUR",
        amount=Decimal("4000.00"),
        note="MARK-TRANCHE-NOTE",
        owner=owner,
    )
    transaction(project, owner, type="1", amount="123.45", funder=funder, reference="MARK-FUNDS-REF")
    transaction(
        project,
        owner,
        type="4",
        amount="678.90",
        receiver="MARK-SUPPLIER",
        reference="MARK-TX-REF",
        reason="MARK-TX-REASON",
        procurement_reference="MARK-PROCUREMENT",
    )


def test_it_serves_a_document_only_when_public_and_the_project_published(client, personas):
    project = publishable_project()
    public = document(project, personas.officer)
    private = document(project, personas.officer, visibility="private")
    shared = document(project, personas.officer, visibility="partners")
    hidden_project = publishable_project(published=False)
    public_of_hidden = document(hidden_project, personas.officer)
    assert client.get(reverse("portal:document", args=[public.pk])).status_code == 200
    for doc in (private, shared, public_of_hidden):
        assert client.get(reverse("portal:document", args=[doc.pk])).status_code == 404


def test_it_answers_404_for_an_unpublished_project(client):
    hidden = publishable_project(published=False)
    assert client.get(reverse("portal:project_detail", args=[hidden.pk])).status_code == 404


# --- the catalogue of opportunities (sharaka/promotion): Opportunity.objects.public() ---------------


def _catalogue_outputs(client, opportunity) -> dict[str, str]:
    """Every public page and file, and the catalogue's own pages, in each portal language."""
    from sharaka.promotion.models import Photo

    pages = _every_public_output(client, _catalogue_project())
    for lang in ("ar", "fr", "en", "zgh"):
        for name in ("showcase:list", "portal:home", "portal:map"):
            pages[f"{name}.{lang}"] = client.get(reverse(name), {"lang": lang}).content.decode()
        pages[f"detail.{lang}"] = client.get(
            reverse("showcase:detail", args=[opportunity.code]), {"lang": lang}
        ).content.decode()
    for photo in Photo.objects.filter(opportunity=opportunity):
        response = client.get(reverse("showcase:photo", args=[opportunity.code, photo.pk, "small"]))
        pages[f"photo {photo.pk}"] = b"".join(response.streaming_content).decode("latin-1")
    return pages


def _catalogue_project():
    return Project.objects.public().first() or publishable_project()


def test_the_catalogue_never_shows_a_private_field_or_a_hidden_opportunity(client, personas):
    from sharaka.partners.models import FollowUp
    from sharaka.promotion.models import OpportunityInquiry
    from sharaka.promotion.tests.helpers import opportunity, photo

    owner = personas.officer
    owner.first_name, owner.last_name = "MARK-OWNER-FIRST", "MARK-OWNER-LAST"
    owner.email = "mark-owner@example.org"
    owner.save()
    shown = opportunity(owner, internal_notes="MARK-OPPORTUNITY-NOTES", title_fr="Route de la banane")
    photo(shown, owner, caption_fr="La plage")
    hidden = {
        "MARK-UNPUBLISHED-OPPORTUNITY": {"published": False},
        "MARK-ARCHIVED-OPPORTUNITY": {"archived_at": timezone.now()},
        "MARK-DRAFT-OPPORTUNITY": {"status": "draft"},
        "MARK-CLOSED-OPPORTUNITY": {"status": "closed"},
        "MARK-TAKEN-OPPORTUNITY": {"status": "taken"},
    }
    for marker, overrides in hidden.items():
        opportunity(
            owner,
            title_ar=marker,
            title_fr=marker,
            title_en=marker,
            title_zgh=marker,
            summary_fr=marker,
            **overrides,
        )
    organisation = make_organisation(acronym="MARKORG", name_fr="MARK-INQUIRY-ORG-CRM")
    interaction = Interaction.objects.create(
        organisation=organisation, kind="inquiry", date="2026-11-20", subject="MARK-INQUIRY-SUBJECT"
    )
    OpportunityInquiry.objects.create(
        reference="OPP-MARK-0001",
        opportunity=shown,
        name="MARK-INQUIRER-NAME",
        organisation_name="MARK-INQUIRER-ORGANISATION",
        country="FR",
        email="mark-inquirer@example.org",
        message="MARK-INQUIRY-MESSAGE-TEXT",
        organisation=organisation,
        resolution="created",
        interaction=interaction,
        follow_up=FollowUp.objects.create(
            interaction=interaction, description="MARK-FOLLOW-UP", owner=owner, due_date="2026-11-27"
        ),
    )

    outputs = _catalogue_outputs(client, shown)
    markers = [
        "MARK-OPPORTUNITY-NOTES",
        "MARK-OWNER-FIRST",
        "MARK-OWNER-LAST",
        "mark-owner@example.org",
        *hidden,
        "MARK-INQUIRER-NAME",
        "MARK-INQUIRER-ORGANISATION",
        "mark-inquirer@example.org",
        "MARK-INQUIRY-MESSAGE-TEXT",
        "MARK-INQUIRY-SUBJECT",
        "MARK-FOLLOW-UP",
    ]
    leaks = [f"{marker} in {name}" for name, text in outputs.items() for marker in markers if marker in text]
    assert not leaks, leaks
    # The public opportunity itself is there, so the markers around it had their chance to leak.
    assert (
        "Route de la banane" in outputs["detail.fr"] and "Route de la banane" in outputs["showcase:list.fr"]
    )
