"""A receipt names the tranche it pays: the tranche is settled fully or in part, the difference is
shown, late warnings stop once it is all there; provider and receiver come from the funder and the
commune when left empty."""

import datetime
import re
from decimal import Decimal

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from sharaka.finance import reminders, services
from sharaka.finance.models import Funder, Transaction
from sharaka.finance.queries import late_tranches, project_finance
from sharaka.finance.tests.conftest import record

EXPECTED = datetime.date(2026, 3, 2)
DAY = datetime.timedelta(days=1)


@pytest.fixture
def officer(money):
    actor = money["actor"]
    actor.language = "en"
    actor.save()
    return actor


@pytest.fixture
def tranche(world, money):
    manager = world.personas.manager
    manager.email, manager.language = "manager@aourir.invalid", "en"
    manager.save()
    return services.tranche_plan(
        actor=money["actor"],
        project=money["project"],
        funder=money["undp"],
        expected_on=EXPECTED,
        amount="20000.00",
        currency="EUR",
    )


def _add_url(money):
    return reverse("finance_transaction_add", kwargs={"pk": money["project"].pk})


def _post(client, money, **over):
    data = {
        "type": "1",
        "funder": money["undp"].pk,
        "value_date": "2026-03-05",
        "currency": "EUR",
        "amount": "20000.00",
        "reference": "VIR-T",
    }
    data.update(over)
    return client.post(_add_url(money), data)


def _page(client, money):
    return client.get(reverse("finance_project", kwargs={"pk": money["project"].pk})).content.decode()


def test_a_receipt_through_the_form_settles_its_tranche_and_fills_provider_and_receiver(
    client, money, officer, tranche
):
    client.force_login(officer)
    assert _post(client, money, tranche=tranche.pk).status_code == 302
    tx = Transaction.objects.get(reference="VIR-T")
    assert (tx.tranche, tx.provider, tx.receiver) == (tranche, "UNDP", "Commune of Aourir")
    (t,) = project_finance(money["project"]).tranches
    assert (t.received, t.received_amount, t.due) == (True, Decimal("20000.00"), Decimal("0.00"))
    assert list(late_tranches([money["project"]], today=EXPECTED + 60 * DAY)) == []
    page = _page(client, money)
    assert "Received" in page and "Partly received" not in page and "Record its receipt" not in page


def test_a_partial_receipt_shows_what_is_still_due_and_stays_late(
    client, money, officer, tranche, monkeypatch
):
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *a: EXPECTED + 60 * DAY)
    client.force_login(officer)
    assert _post(client, money, tranche=tranche.pk, amount="15000.00").status_code == 302
    (t,) = project_finance(money["project"]).tranches
    assert (t.received, t.due) == (False, Decimal("5000.00"))
    assert list(late_tranches([money["project"]], today=EXPECTED + 60 * DAY)) == [tranche]
    page = _page(client, money)
    assert "Partly received" in page and "EUR\u00a05,000.00" in page and "Late by 60 days" in page
    dashboard = client.get(reverse("finance_dashboard")).content.decode()
    assert 'still due: <bdi class="money">EUR\u00a05,000.00</bdi>' in dashboard
    # The link from the page opens the form on this tranche with what is due.
    form = client.get(_add_url(money) + f"?tranche={tranche.pk}").context["form"]
    assert form["amount"].value() == Decimal("5000.00")
    assert (form["tranche"].value(), form["funder"].value()) == (tranche.pk, money["undp"].pk)
    assert (form["provider"].value(), form["receiver"].value()) == ("UNDP", "Commune of Aourir")
    # More than is due is refused; the rest settles it.
    response = _post(client, money, tranche=tranche.pk, amount="5000.01", reference="VIR-2")
    assert response.status_code == 400
    assert "Only EUR\u00a05,000.00 is still due" in " ".join(response.context["form"].errors["amount"])
    assert _post(client, money, tranche=tranche.pk, amount="5000.00", reference="VIR-2").status_code == 302
    assert project_finance(money["project"]).tranches[0].received


def test_a_reversed_receipt_makes_the_tranche_due_again(money, tranche):
    receipt = record(money, tranche=tranche, amount=Decimal("20000.00"))
    services.transaction_reverse(
        actor=money["actor"], tx=receipt, reason="Wrong tranche", value_date=datetime.date(2026, 3, 6)
    )
    (t,) = project_finance(money["project"]).tranches
    assert (t.received, t.due) == (False, Decimal("20000.00"))


@pytest.mark.parametrize(
    ("case", "field", "words"),
    [
        ("another_project", "tranche", "belongs to another project"),
        ("another_funder", "tranche", "expected from undp"),
        ("outgoing", "tranche", "only incoming funds settle a tranche"),
        ("currency", "currency", "this tranche is in eur"),
        ("already_received", "tranche", "already received in full"),
    ],
)
def test_the_service_refuses_a_receipt_that_cannot_settle_the_tranche(
    money, officer, tranche, case, field, words
):
    data = {"tranche": tranche}
    if case == "another_project":
        other = money["other_project"]
        funder = Funder.objects.create(project=other, kind="partner", name="UE", currency="EUR", cash=1)
        data["tranche"] = services.tranche_plan(
            actor=officer, project=other, funder=funder, expected_on=EXPECTED, amount="10", currency="EUR"
        )
    elif case == "another_funder":
        data.update(funder=money["commune"], currency="MAD")
        tranche.currency = "MAD"  # even in the right currency, the funder is wrong
        tranche.save()
    elif case == "outgoing":
        data.update(type="4", budget_line=money["works"])
    elif case == "currency":
        data.update(currency="MAD")
    elif case == "already_received":
        record(money, tranche=tranche, amount=Decimal("20000.00"))
    before = Transaction.objects.count()
    with translation.override("en"), pytest.raises(services.ValidationError) as caught:
        record(money, **data)
    assert words in " ".join(caught.value.message_dict[field]).lower()
    assert Transaction.objects.count() == before


def test_the_refusal_reads_in_arabic(money, tranche):
    with translation.override("ar"), pytest.raises(services.ValidationError) as caught:
        record(money, tranche=tranche, type="4", budget_line=money["works"])
    message = " ".join(caught.value.message_dict["tranche"])
    assert re.search("[\u0600-\u06ff]", message) and "incoming" not in message


def test_the_form_offers_only_the_projects_open_tranches_of_the_preset_funder(
    client, money, officer, tranche
):
    other = money["other_project"]
    funder = Funder.objects.create(project=other, kind="partner", name="UE", currency="EUR", cash=1)
    foreign = services.tranche_plan(
        actor=officer, project=other, funder=funder, expected_on=EXPECTED, amount="10", currency="EUR"
    )
    commune_tranche = services.tranche_plan(
        actor=officer,
        project=money["project"],
        funder=money["commune"],
        expected_on=EXPECTED,
        amount="100.00",
        currency="MAD",
    )
    client.force_login(officer)
    offered = list(client.get(_add_url(money)).context["form"].fields["tranche"].queryset)
    assert offered == [tranche, commune_tranche]
    url = _add_url(money) + f"?funder={money['undp'].pk}"
    form = client.get(url).context["form"]
    assert list(form.fields["tranche"].queryset) == [tranche]
    assert (form["provider"].value(), form["receiver"].value(), form["type"].value()) == (
        "UNDP",
        "Commune of Aourir",
        "1",
    )
    label = form.fields["tranche"].label_from_instance(form.fields["tranche"].queryset.get())
    assert "UNDP" in label and "2026-03-02" in label and "EUR\u00a020,000.00" in label
    # Another project's tranche posted by hand: refused by the form, nothing saved.
    response = _post(client, money, tranche=foreign.pk)
    assert response.status_code == 400 and "tranche" in response.context["form"].errors
    assert not Transaction.objects.exists()


def test_late_reminders_stop_once_the_tranche_is_fully_received(
    money, tranche, django_capture_on_commit_callbacks
):
    record(money, tranche=tranche, amount=Decimal("5000.00"), value_date=datetime.date(2026, 3, 5))
    with django_capture_on_commit_callbacks(execute=True):
        assert reminders.send_late_tranche_reminders(today=EXPECTED + 31 * DAY) == 1  # partly: still late
        record(money, tranche=tranche, amount=Decimal("15000.00"), value_date=datetime.date(2026, 3, 6))
        assert reminders.send_late_tranche_reminders(today=EXPECTED + 91 * DAY) == 0
    assert len(mail.outbox) == 1


def test_provider_and_receiver_are_filled_from_the_funder_and_the_commune_unless_typed(money):
    with translation.override("fr"):
        tx = record(money, provider="", receiver="")
        assert (tx.provider, tx.receiver) == ("UNDP", "Commune d'Aourir")
        spent = record(
            money,
            type="4",
            currency="MAD",
            provider="",
            receiver="Entreprise Atlas",
            budget_line=money["works"],
        )
        assert (spent.provider, spent.receiver) == ("Commune d'Aourir", "Entreprise Atlas")
        typed = record(money, provider="PNUD Rabat", receiver="TGR Agadir")
        assert (typed.provider, typed.receiver) == ("PNUD Rabat", "TGR Agadir")
    with translation.override("ar"):
        assert record(money, receiver="").receiver == "جماعة أورير"
    with translation.override("en"), pytest.raises(services.ValidationError, match="who receives"):
        record(money, type="4", currency="MAD", provider="", receiver="", budget_line=money["works"])


def test_the_project_page_keeps_its_query_count_as_tranches_and_receipts_grow(client, money, officer):
    client.force_login(officer)

    def count():
        with CaptureQueriesContext(connection) as queries:
            assert (
                client.get(reverse("finance_project", kwargs={"pk": money["project"].pk})).status_code == 200
            )
        return len(queries)

    def plan(n):
        for i in range(n):
            t = services.tranche_plan(
                actor=officer,
                project=money["project"],
                funder=money["undp"],
                expected_on=EXPECTED + i * DAY,
                amount="100.00",
                currency="EUR",
            )
            record(money, tranche=t, amount=Decimal("40.00"))

    plan(2)
    few = count()
    plan(12)
    assert count() == few
