"""Partners of a project in their IATI roles: adding (with a funder's commitment) and removing."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from sharaka.core.models import AuditEntry
from sharaka.projects.models import ProjectPartner
from sharaka.projects.services import project_partner_add, project_partner_remove
from sharaka.projects.tests.helpers import submit


def _add_url(project):
    return reverse("project_partner_add", kwargs={"pk": project.pk})


def _remove_url(participation):
    return reverse(
        "project_partner_remove",
        kwargs={"pk": participation.project_id, "participation_pk": participation.pk},
    )


# The services


def test_it_adds_a_funder_with_its_commitment(world):
    participation = project_partner_add(
        actor=world.personas.officer,
        project=world.private_project,
        data={
            "organisation": world.other_organisation,
            "role": "1",
            "committed_amount": Decimal("2500000.00"),
            "currency": "MAD",
            "committed_on": datetime.date(2026, 10, 1),
        },
    )

    assert participation.committed_amount == Decimal("2500000.00")
    assert AuditEntry.objects.filter(action="project_partner.add").exists()


@pytest.mark.parametrize(
    ("data", "field"),
    [
        (
            {"role": "4", "committed_amount": Decimal("10"), "committed_on": datetime.date(2026, 1, 1)},
            "committed_amount",
        ),
        ({"role": "1", "committed_amount": Decimal("10")}, "committed_on"),
        ({"role": "1", "currency": "XYZ"}, "currency"),
    ],
    ids=["amount-for-an-implementer", "amount-without-a-date", "unknown-currency"],
)
def test_it_refuses_an_inconsistent_commitment(world, data, field):
    with pytest.raises(ValidationError) as refused:
        project_partner_add(
            actor=world.personas.officer,
            project=world.private_project,
            data={"organisation": world.other_organisation} | data,
        )

    assert field in refused.value.message_dict
    assert not world.private_project.participations.exists()


def test_it_refuses_to_remove_the_funder_of_a_funded_project(world):
    world.project.status = "approved"
    world.project.save()
    funder = world.project.participations.get()

    with pytest.raises(ValidationError):
        project_partner_remove(actor=world.personas.officer, participation=funder)

    assert ProjectPartner.objects.filter(pk=funder.pk).exists()


def test_it_removes_a_partner_of_a_project_not_yet_funded(world):
    funder = world.project.participations.get()

    project_partner_remove(actor=world.personas.officer, participation=funder)

    assert not world.project.participations.exists()
    assert (
        AuditEntry.objects.get(action="project_partner.remove").before["organisation"]
        == world.organisation.pk
    )


# The pages


def test_it_adds_a_funder_from_the_form(client, world):
    client.force_login(world.personas.manager)
    page = client.get(_add_url(world.project))

    response = submit(
        client,
        page,
        {
            "organisation": str(world.other_organisation.pk),
            "role": "1",
            "committed_amount": "1250000,50",
            "currency": "EUR",
            "committed_on": "2026-11-15",
        },
    )

    assert response.status_code == 302
    added = world.project.participations.get(organisation=world.other_organisation)
    assert (added.committed_amount, added.currency) == (Decimal("1250000.50"), "EUR")


def test_it_shows_a_refused_commitment_beside_the_field(client, world):
    client.force_login(world.personas.officer)
    page = client.get(_add_url(world.project))

    response = submit(
        client,
        page,
        {"organisation": str(world.other_organisation.pk), "role": "1", "committed_amount": "500"},
    )

    assert response.status_code == 200
    assert 'id="id_committed_on_error"' in response.content.decode()
    assert 'value="500"' in response.content.decode()
    assert world.project.participations.count() == 1


def test_it_refuses_the_same_organisation_twice_in_one_role(client, world):
    client.force_login(world.personas.officer)
    page = client.get(_add_url(world.project))

    response = submit(client, page, {"organisation": str(world.organisation.pk), "role": "1"})

    assert response.status_code == 200
    assert 'class="form-errors"' in response.content.decode()
    assert world.project.participations.count() == 1


def test_it_offers_the_currencies_of_the_codelist(client, world):
    client.force_login(world.personas.officer)

    html = client.get(_add_url(world.project)).content.decode()

    assert '<option value="MAD" selected>' in html
    assert '<option value="EUR">' in html


def test_it_removes_a_partner_and_says_so(client, world):
    client.force_login(world.personas.officer)

    response = client.post(_remove_url(world.project.participations.get()), follow=True)

    assert response.status_code == 200
    assert not world.project.participations.exists()


def test_it_says_why_a_funder_cannot_be_removed(client, world):
    world.project.status = "in_implementation"
    world.project.save()
    client.force_login(world.personas.officer)

    response = client.post(_remove_url(world.project.participations.get()), follow=True)

    assert 'class="message error"' in response.content.decode()
    assert world.project.participations.exists()


@pytest.mark.parametrize(
    ("persona", "status"),
    [("auditor", 403), ("other_manager", 403), ("partner_viewer", 403), ("prefecture", 404)],
)
def test_it_refuses_others_to_change_the_partners(client, world, persona, status):
    client.force_login(getattr(world.personas, persona))

    assert client.post(_remove_url(world.project.participations.get())).status_code == status
    assert (
        client.post(
            _add_url(world.project), {"organisation": world.other_organisation.pk, "role": "4"}
        ).status_code
        == status
    )
    assert world.project.participations.count() == 1
