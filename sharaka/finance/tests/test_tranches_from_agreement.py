"""Planned tranches from an agreement's tranche calls: one per call, idempotent, audited, all or nothing."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import translation

from sharaka.agreements.models import Agreement, AgreementParty, Obligation
from sharaka.core.models import AuditEntry
from sharaka.core.testing import make_organisation
from sharaka.finance import services
from sharaka.finance.models import Funder, Tranche


def make_agreement(
    world, projects, *, calls=("2026-04-01", "2026-07-01", "2026-10-01"), owner="officer", reference="AGR-T-1"
):
    """A financing agreement where the world's partner (UNDP) commits EUR 100,000 in tranche calls."""
    agreement = Agreement.objects.create(
        kind="financing",
        reference=reference,
        title_fr="Financement test",
        starts_on=datetime.date(2026, 1, 15),
    )
    agreement.projects.set(projects)
    AgreementParty.objects.create(agreement=agreement, organisation=None)
    party = AgreementParty.objects.create(
        agreement=agreement, organisation=world.organisation, cash_amount=Decimal("100000.00"), currency="EUR"
    )
    for i, day in enumerate(calls, start=1):
        Obligation.objects.create(
            agreement=agreement,
            party=party,
            kind=Obligation.Kind.TRANCHE,
            title=f"Appel de tranche {i}",
            due_on=datetime.date.fromisoformat(day),
            owner=getattr(world.personas, owner) if owner else None,
        )
    Obligation.objects.create(
        agreement=agreement, kind=Obligation.Kind.REPORT, title="Rapport", due_on=datetime.date(2026, 12, 1)
    )
    return agreement


def test_it_plans_one_tranche_per_call_dated_owned_and_adding_up_to_the_pledge(world, money):
    agreement = make_agreement(world, [money["project"]])

    done = services.tranches_from_agreement(
        actor=money["actor"], project=money["project"], agreement=agreement
    )

    tranches = list(Tranche.objects.filter(project=money["project"]).order_by("expected_on"))
    assert tranches == done.created
    assert [t.expected_on for t in tranches] == [
        datetime.date(2026, 4, 1),
        datetime.date(2026, 7, 1),
        datetime.date(2026, 10, 1),
    ]
    assert [t.amount for t in tranches] == [Decimal("33333.33"), Decimal("33333.33"), Decimal("33333.34")]
    assert sum(t.amount for t in tranches) == money["undp"].cash
    assert {(t.funder, t.currency, t.owner) for t in tranches} == {
        (money["undp"], "EUR", world.personas.officer)
    }
    assert [t.obligation.title for t in tranches] == [
        "Appel de tranche 1",
        "Appel de tranche 2",
        "Appel de tranche 3",
    ]
    assert AuditEntry.objects.filter(action="tranche.plan").count() == 3


def test_running_it_twice_creates_nothing_new(world, money):
    agreement = make_agreement(world, [money["project"]])
    services.tranches_from_agreement(actor=money["actor"], project=money["project"], agreement=agreement)
    entries = AuditEntry.objects.count()

    again = services.tranches_from_agreement(
        actor=money["actor"], project=money["project"], agreement=agreement
    )

    assert (again.created, again.moved, again.skipped) == ([], [], [])
    assert Tranche.objects.count() == 3
    assert AuditEntry.objects.count() == entries


def test_a_due_date_moved_on_the_agreement_moves_the_tranche_and_restarts_its_reminders(world, money):
    agreement = make_agreement(world, [money["project"]])
    services.tranches_from_agreement(actor=money["actor"], project=money["project"], agreement=agreement)
    call = agreement.obligations.get(title="Appel de tranche 1")
    Tranche.objects.filter(obligation=call).update(late_stage_sent=1)
    Obligation.objects.filter(pk=call.pk).update(due_on=datetime.date(2026, 5, 15))

    done = services.tranches_from_agreement(
        actor=money["actor"], project=money["project"], agreement=agreement
    )

    tranche = Tranche.objects.get(obligation=call)
    assert done.moved == [tranche] and done.created == []
    assert (tranche.expected_on, tranche.late_stage_sent, tranche.amount) == (
        datetime.date(2026, 5, 15),
        0,
        Decimal("33333.33"),
    )


def test_the_owner_is_the_project_manager_when_the_call_has_none(world, money):
    agreement = make_agreement(world, [money["project"]], owner=None)
    services.tranches_from_agreement(actor=money["actor"], project=money["project"], agreement=agreement)
    assert set(Tranche.objects.values_list("owner", flat=True)) == {world.personas.manager.pk}


def test_it_adds_the_party_to_the_plan_when_the_agreement_covers_this_project_alone(world, rates):
    project = world.project
    agreement = make_agreement(world, [project], calls=("2026-04-01", "2026-10-01"))

    services.tranches_from_agreement(actor=world.personas.finance, project=project, agreement=agreement)

    funder = Funder.objects.get(project=project)
    assert (funder.organisation, funder.currency, funder.cash) == (
        world.organisation,
        "EUR",
        Decimal("100000.00"),
    )
    assert funder.cash_mad == Decimal("1085320.00")  # at the rate of 2026-01-10, the agreement's start
    assert [t.amount for t in Tranche.objects.all()] == [Decimal("50000.00"), Decimal("50000.00")]


def test_it_asks_for_the_project_share_when_the_agreement_covers_several_projects(world, rates):
    agreement = make_agreement(world, [world.project, world.private_project])

    with translation.override("en"):
        done = services.tranches_from_agreement(
            actor=world.personas.finance, project=world.project, agreement=agreement
        )

    assert done.created == [] and not Funder.objects.exists()
    assert "several projects" in done.skipped[0]


def test_it_is_all_or_nothing(world, money):
    """A second party whose currency has no rate: the first party's tranches are not kept either."""
    agreement = make_agreement(world, [money["project"]])
    other = make_organisation(acronym="JICA", name_fr="JICA", iati_identifier="XM-JICA")
    party = AgreementParty.objects.create(
        agreement=agreement, organisation=other, cash_amount=Decimal("5000000"), currency="JPY"
    )
    Obligation.objects.create(
        agreement=agreement, party=party, kind="tranche", title="JICA", due_on=datetime.date(2026, 12, 1)
    )
    entries = AuditEntry.objects.count()

    with pytest.raises(ValidationError):
        services.tranches_from_agreement(actor=money["actor"], project=money["project"], agreement=agreement)

    assert not Tranche.objects.exists()
    assert AuditEntry.objects.count() == entries


def test_it_refuses_an_agreement_that_does_not_cover_the_project_and_other_roles(world, money):
    agreement = make_agreement(world, [world.private_project])
    with translation.override("en"), pytest.raises(ValidationError, match="does not cover"):
        services.tranches_from_agreement(actor=money["actor"], project=money["project"], agreement=agreement)
    with pytest.raises(PermissionDenied):
        services.tranches_from_agreement(
            actor=world.personas.officer, project=world.private_project, agreement=agreement
        )


def test_the_finance_officer_plans_them_with_the_button_of_the_project_page(client, world, money):
    agreement = make_agreement(world, [money["project"]])
    url = reverse("finance_project", kwargs={"pk": money["project"].pk})
    money["actor"].language = "en"
    money["actor"].save()
    client.force_login(money["actor"])
    page = client.get(url)
    assert agreement in page.context["agreement_form"].fields["agreement"].queryset

    button = reverse("finance_tranches_from_agreement", kwargs={"pk": money["project"].pk})
    response = client.post(button, {"agreement": agreement.pk}, follow=True)

    assert Tranche.objects.count() == 3
    assert [str(m) for m in response.context["messages"]] == ["3 tranches planned from the agreement."]
    page = client.get(url).content.decode()
    assert "AGR-T-1" in page and str(world.personas.officer) in page
    response = client.post(button, {"agreement": agreement.pk}, follow=True)
    assert Tranche.objects.count() == 3
    assert "Nothing new" in " ".join(str(m) for m in response.context["messages"])


@pytest.mark.parametrize(
    ("persona", "status"),
    [
        ("manager", 403),
        ("partner_viewer", 403),
        ("officer", 403),
        ("other_manager", 404),
        ("prefecture", 404),
    ],
)
def test_no_one_else_plans_them(client, world, money, persona, status):
    agreement = make_agreement(world, [money["project"]])
    client.force_login(getattr(world.personas, persona))
    button = reverse("finance_tranches_from_agreement", kwargs={"pk": money["project"].pk})
    assert client.post(button, {"agreement": agreement.pk}).status_code == status
    assert not Tranche.objects.exists()


def test_the_project_page_shows_owners_and_agreements_in_a_constant_number_of_queries(client, world, money):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def queries():
        with CaptureQueriesContext(connection) as captured:
            assert (
                client.get(reverse("finance_project", kwargs={"pk": money["project"].pk})).status_code == 200
            )
        return len(captured)

    client.force_login(money["actor"])
    first = make_agreement(world, [money["project"]], calls=("2026-04-01",))
    services.tranches_from_agreement(actor=money["actor"], project=money["project"], agreement=first)
    few = queries()
    second = make_agreement(
        world, [money["project"]], calls=("2026-05-01", "2026-06-01", "2026-08-01"), reference="AGR-T-2"
    )
    Obligation.objects.filter(agreement=second).update(owner=world.personas.president)
    services.tranches_from_agreement(actor=money["actor"], project=money["project"], agreement=second)
    assert Tranche.objects.count() == 4
    assert queries() == few


def test_the_call_is_done_when_its_money_arrives_and_open_again_if_the_receipt_is_reversed(world, money):
    agreement = make_agreement(world, [money["project"]], calls=("2026-04-01",))
    services.tranches_from_agreement(actor=money["actor"], project=money["project"], agreement=agreement)
    tranche = Tranche.objects.get(project=money["project"])
    call = tranche.obligation
    assert call.state == Obligation.State.OPEN
    receipt = services.transaction_record(
        actor=money["actor"],
        project=money["project"],
        data={
            "type": "1",
            "provider": "UNDP",
            "receiver": "Commune d'Aourir (TGR)",
            "value_date": datetime.date(2026, 3, 5),
            "currency": "EUR",
            "amount": Decimal("100000.00"),
            "funder": money["undp"],
            "tranche": tranche,
        },
    )
    call.refresh_from_db()
    assert call.state == Obligation.State.DONE
    assert AuditEntry.objects.filter(action="obligation.state", object_id=str(call.pk)).count() == 1
    services.transaction_reverse(
        actor=money["actor"],
        tx=receipt,
        reason="Virement rejeté par la banque",
        value_date=datetime.date(2026, 3, 10),
    )
    call.refresh_from_db()
    assert call.state == Obligation.State.OPEN
