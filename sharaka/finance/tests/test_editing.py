"""Changing and removing funders, budget lines and tranches from the project finance page: real forms,
concurrent edits detected, money used never removed, every change audited, only the finance officer."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import translation

from sharaka.core.models import AuditEntry
from sharaka.finance import services
from sharaka.finance.models import BudgetLine, Funder, Tranche
from sharaka.finance.tests.conftest import record


@pytest.fixture
def officer(client, money):
    money["actor"].language = "en"
    money["actor"].save()
    client.force_login(money["actor"])
    return client


@pytest.fixture
def tranche(money):
    return services.tranche_plan(
        actor=money["actor"],
        project=money["project"],
        funder=money["undp"],
        expected_on=datetime.date(2026, 6, 1),
        amount="40000.00",
        currency="EUR",
    )


def _url(name, money, **kwargs):
    return reverse(name, kwargs={"pk": money["project"].pk, **kwargs})


def _funder_data(funder, **over):
    data = {
        "kind": "partner",
        "organisation": funder.organisation_id,
        "currency": "EUR",
        "cash": "120000.00",
        "rate_on": "2026-01-15",
    }
    data.update(version=funder.version, **over)
    return data


def test_the_finance_officer_changes_a_funder_and_its_mad_value_follows(officer, money):
    url = _url("finance_funder_edit", money, funder_pk=money["undp"].pk)
    form = officer.get(url).context["form"]
    assert form["cash"].value() == Decimal("100000.00") and form["version"].value() == 1

    assert officer.post(url, _funder_data(money["undp"], rate_on="2026-01-15")).status_code == 302

    funder = Funder.objects.get(pk=money["undp"].pk)
    assert (funder.cash, funder.cash_mad, funder.version) == (
        Decimal("120000.00"),
        Decimal("1302384.00"),
        2,
    )
    entry = AuditEntry.objects.filter(action="funder.update").get()
    assert entry.before["cash"] == "100000.00" and entry.after["cash"] == "120000.00"


def test_a_concurrent_change_is_detected_and_nothing_is_saved(officer, money):
    url = _url("finance_funder_edit", money, funder_pk=money["undp"].pk)
    stale = _funder_data(money["undp"])
    assert officer.post(url, _funder_data(money["undp"], cash="110000.00")).status_code == 302

    response = officer.post(url, stale)

    assert response.status_code == 400
    assert "Someone else changed this record" in str(response.context["form"].non_field_errors())
    assert Funder.objects.get(pk=money["undp"].pk).cash == Decimal("110000.00")


def test_bad_input_is_answered_on_the_same_page_in_the_user_language(client, money):
    money["actor"].language = "fr"
    money["actor"].save()
    client.force_login(money["actor"])
    url = _url("finance_budget_line_edit", money, line_pk=money["works"].pk)
    data = {"category": "works", "funder": money["undp"].pk, "amount_mad": "-5", "version": 1}

    response = client.post(url, data)

    assert response.status_code == 400
    assert "Le montant doit être supérieur à zéro." in response.content.decode()
    assert BudgetLine.objects.get(pk=money["works"].pk).amount_mad == Decimal("1085320.00")


def test_a_line_cannot_take_the_category_of_another_line_of_the_same_funder(officer, money):
    line = services.budget_line_set(
        actor=money["actor"],
        project=money["project"],
        category="training",
        funder=money["undp"],
        amount_mad="10",
    )
    url = _url("finance_budget_line_edit", money, line_pk=line.pk)
    data = {"category": "works", "funder": money["undp"].pk, "amount_mad": "10", "version": line.version}

    response = officer.post(url, data)

    assert response.status_code == 400
    assert response.context["form"].errors["category"] == ["This funder already has a line in this category."]


def test_the_finance_officer_changes_a_budget_line(officer, money):
    url = _url("finance_budget_line_edit", money, line_pk=money["works"].pk)
    data = {"category": "works", "funder": money["undp"].pk, "amount_mad": "900000.00", "version": 1}
    assert officer.post(url, data).status_code == 302
    line = BudgetLine.objects.get(pk=money["works"].pk)
    assert (line.amount_mad, line.version) == (Decimal("900000.00"), 2)


def test_a_line_with_transactions_is_never_removed_but_an_unused_one_is(officer, money):
    record(money, type="4", currency="MAD", amount=Decimal("100.00"), budget_line=money["works"])

    response = officer.post(_url("finance_budget_line_remove", money, line_pk=money["works"].pk), follow=True)

    assert BudgetLine.objects.filter(pk=money["works"].pk).exists()
    assert "cannot be removed" in " ".join(str(m) for m in response.context["messages"])
    officer.post(_url("finance_budget_line_remove", money, line_pk=money["staff"].pk))
    assert not BudgetLine.objects.filter(pk=money["staff"].pk).exists()
    assert AuditEntry.objects.get(action="budget_line.remove").before["amount_mad"] == "400000.00"


def test_a_funder_is_removed_only_when_it_carries_nothing(officer, money):
    response = officer.post(_url("finance_funder_remove", money, funder_pk=money["commune"].pk), follow=True)
    assert "budget lines and tranches first" in " ".join(str(m) for m in response.context["messages"])
    bare = Funder.objects.create(project=money["project"], kind="other", name="Fondation", cash=Decimal("1"))
    officer.post(_url("finance_funder_remove", money, funder_pk=bare.pk))
    assert not Funder.objects.filter(pk=bare.pk).exists()
    assert AuditEntry.objects.filter(action="funder.remove").count() == 1


def test_the_finance_officer_changes_a_tranche_and_its_owner(officer, world, money, tranche):
    assert tranche.owner == world.personas.manager
    url = _url("finance_tranche_edit", money, tranche_pk=tranche.pk)
    data = {
        "funder": money["undp"].pk,
        "expected_on": "2026-07-01",
        "currency": "EUR",
        "amount": "45000.00",
        "note": "Deuxième versement",
        "owner": world.personas.officer.pk,
        "version": tranche.version,
    }
    assert officer.post(url, data).status_code == 302
    tranche.refresh_from_db()
    assert (tranche.expected_on, tranche.amount, tranche.owner, tranche.version) == (
        datetime.date(2026, 7, 1),
        Decimal("45000.00"),
        world.personas.officer,
        2,
    )
    assert AuditEntry.objects.get(action="tranche.update").after == {
        "expected_on": "2026-07-01",
        "amount": "45000.00",
        "note": "Deuxième versement",
        "owner": world.personas.officer.pk,
    }


def test_a_received_tranche_keeps_its_amount_and_stays(officer, money, tranche):
    record(money, tranche=tranche)
    with translation.override("en"), pytest.raises(services.ValidationError, match="Money was received"):
        services.tranche_set(
            actor=money["actor"],
            tranche=tranche,
            funder=money["undp"],
            expected_on=tranche.expected_on,
            amount="1.00",
            currency="EUR",
            expected_version=tranche.version,
        )
    officer.post(_url("finance_tranche_remove", money, tranche_pk=tranche.pk))
    assert Tranche.objects.filter(pk=tranche.pk).exists()


def test_an_unpaid_tranche_is_removed_and_the_removal_audited(officer, money, tranche):
    officer.post(_url("finance_tranche_remove", money, tranche_pk=tranche.pk))
    assert not Tranche.objects.exists()
    assert AuditEntry.objects.get(action="tranche.remove").before["amount"] == "40000.00"


def test_a_tranche_from_an_agreement_keeps_the_obligation_date(officer, world, money):
    from sharaka.finance.tests.test_tranches_from_agreement import make_agreement

    agreement = make_agreement(world, [money["project"]], calls=("2026-04-01",))
    (tranche,) = services.tranches_from_agreement(
        actor=money["actor"], project=money["project"], agreement=agreement
    ).created
    form = officer.get(_url("finance_tranche_edit", money, tranche_pk=tranche.pk)).context["form"]
    assert form.fields["expected_on"].disabled
    with translation.override("en"), pytest.raises(services.ValidationError, match="on the agreement"):
        services.tranche_set(
            actor=money["actor"],
            tranche=tranche,
            funder=money["undp"],
            expected_on=datetime.date(2026, 5, 1),
            amount=tranche.amount,
            currency="EUR",
            expected_version=tranche.version,
        )
    response = officer.post(_url("finance_tranche_remove", money, tranche_pk=tranche.pk), follow=True)
    assert "cancel the obligation there first" in " ".join(str(m) for m in response.context["messages"])
    assert Tranche.objects.filter(pk=tranche.pk).exists()


WRITE_URLS = [
    ("finance_funder_edit", "funder_pk", lambda m, t: m["undp"].pk),
    ("finance_funder_remove", "funder_pk", lambda m, t: m["undp"].pk),
    ("finance_budget_line_edit", "line_pk", lambda m, t: m["works"].pk),
    ("finance_budget_line_remove", "line_pk", lambda m, t: m["staff"].pk),
    ("finance_tranche_edit", "tranche_pk", lambda m, t: t.pk),
    ("finance_tranche_remove", "tranche_pk", lambda m, t: t.pk),
]


@pytest.mark.parametrize(("name", "key", "pk"), WRITE_URLS)
@pytest.mark.parametrize(
    ("persona", "status"),
    [
        ("manager", 403),
        ("partner_viewer", 403),
        ("auditor", 403),
        ("other_manager", 404),
        ("outsider_partner_viewer", 404),
        ("prefecture", 404),
    ],
)
def test_only_the_finance_officer_writes(client, world, money, tranche, name, key, pk, persona, status):
    entries = AuditEntry.objects.count()
    client.force_login(getattr(world.personas, persona))
    assert client.post(_url(name, money, **{key: pk(money, tranche)}), {"cash": "1"}).status_code == status
    assert AuditEntry.objects.count() == entries


def test_readers_see_no_edit_buttons_and_staff_see_the_owner(client, world, money, tranche):
    url = reverse("finance_project", kwargs={"pk": money["project"].pk})
    client.force_login(world.personas.manager)
    page = client.get(url).content.decode()
    assert "/edit/" not in page and "/remove/" not in page
    assert str(world.personas.manager) in page
    client.force_login(world.personas.partner_viewer)
    assert client.get(url).context["staff"] is False
    client.force_login(money["actor"])
    page = client.get(url).content.decode()
    assert _url("finance_tranche_edit", money, tranche_pk=tranche.pk) in page
