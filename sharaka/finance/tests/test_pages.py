"""The finance pages as personas: who reads, who writes, real forms, and constant query counts."""

import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from sharaka.core.testing import make_project
from sharaka.finance.models import ExchangeRate, Transaction
from sharaka.finance.tests.conftest import record


def _queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


def _post_tx(client, money, **over):
    data = {
        "type": "1",
        "funder": money["undp"].pk,
        "provider": "UNDP",
        "receiver": "Commune d'Aourir",
        "value_date": "2026-03-05",
        "currency": "EUR",
        "amount": "2500.00",
        "reference": "VIR-1",
    }
    data.update(over)
    return client.post(reverse("finance_transaction_add", kwargs={"pk": money["project"].pk}), data)


def test_it_lets_the_finance_officer_record_a_transaction_through_the_form(client, money):
    client.force_login(money["actor"])
    response = _post_tx(client, money)
    assert response.status_code == 302
    tx = Transaction.objects.get(reference="VIR-1")
    assert tx.amount_mad == Decimal("27250.00")


@pytest.mark.parametrize(
    "role", ["cooperation_officer", "project_manager", "president", "auditor", "partner_viewer"]
)
def test_it_refuses_writes_from_every_other_role(client, world, money, role):
    client.force_login(world.personas.by_role()[role])
    assert _post_tx(client, money).status_code == 403
    response = client.post(
        reverse("finance_rates"), {"currency": "EUR", "date": "2026-01-01", "rate": "10", "source": "x"}
    )
    assert response.status_code == 403
    assert not Transaction.objects.exists()


@pytest.mark.parametrize(
    ("over", "field", "words"),
    [
        ({"amount": "-10"}, "amount", "greater than zero"),
        ({"amount": "0"}, "amount", "greater than zero"),
        ({"currency": "JPY"}, "value_date", "no exchange rate"),
        ({"value_date": "2030-01-01"}, "value_date", "outside the project"),
    ],
)
def test_it_answers_bad_input_with_a_clear_message(client, money, over, field, words):
    client.force_login(money["actor"])
    money["actor"].language = "en"
    money["actor"].save()
    response = _post_tx(client, money, **over)
    assert response.status_code == 400
    assert (
        words in " ".join(response.context["form"].errors[field]).lower()
        if field in response.context["form"].errors
        else words in str(response.context["form"].errors).lower()
    )
    assert not Transaction.objects.exists()


def test_it_reverses_through_the_form(client, money):
    tx = record(money)
    client.force_login(money["actor"])
    url = reverse("finance_transaction_reverse", kwargs={"pk": money["project"].pk, "tx_pk": tx.pk})
    assert client.post(url, {"value_date": "2026-03-06", "reason": "Doublon"}).status_code == 302
    assert tx.reversal.amount == Decimal("-1000.00")


def test_it_saves_a_rate_and_imports_a_csv(client, personas):
    client.force_login(personas.finance)
    assert (
        client.post(
            reverse("finance_rates"),
            {"currency": "CHF", "date": "2026-02-01", "rate": "11.2", "source": "BAM"},
        ).status_code
        == 302
    )
    from django.core.files.uploadedfile import SimpleUploadedFile

    csv = SimpleUploadedFile(
        "r.csv", b"currency,date,rate,source\nUSD,2026-02-01,9.98,BAM\n", content_type="text/csv"
    )
    client.post(reverse("finance_rates_import"), {"file": csv})
    assert set(ExchangeRate.objects.values_list("currency", flat=True)) == {"CHF", "USD"}


def test_a_csv_the_csv_module_cannot_read_is_refused_on_the_rates_page(client, personas):
    # Found by the form fuzzer: one cell longer than the csv module's limit (131072) was a 500.
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(personas.finance)
    huge = SimpleUploadedFile("rates.csv", b"A" * 200_000, content_type="text/csv")

    response = client.post(reverse("finance_rates_import"), {"file": huge}, follow=True)

    assert response.status_code == 200
    page = response.content.decode()
    assert "لا يمكن قراءة هذا الملف بصيغة CSV." in page and not ExchangeRate.objects.exists()


def _many(money, count, start=0):
    for i in range(start, start + count):
        project = make_project(
            code=f"AOU-Q-{i:03d}",
            planned_start=datetime.date(2026, 1, 1),
            planned_end=datetime.date(2027, 1, 1),
        )
        Transaction.objects.create(
            project=project,
            type="1",
            funder=money["undp"] if i % 2 else None,
            provider="P",
            receiver="R",
            value_date=datetime.date(2026, 2, 1 + i % 27),
            currency="EUR",
            amount=Decimal(100 + i),
            rate=Decimal("10.9"),
            rate_date=datetime.date(2026, 2, 1),
            rate_source="t",
            amount_mad=Decimal(1090 + i),
            recorded_by=money["actor"],
        )


@pytest.mark.parametrize("persona", ["finance", "partner_viewer"])
def test_it_lists_transactions_in_a_constant_number_of_queries(client, world, money, persona):
    client.force_login(getattr(world.personas, persona))
    url = reverse("finance_transactions")
    _many(money, 5)
    few = _queries(client, url)
    _many(money, 60, start=5)
    assert _queries(client, url) == few
    assert _queries(client, url + "?type=1&currency=EUR&year=2026&page=2") == few


def test_it_shows_the_dashboard_and_project_page_in_a_constant_number_of_queries(client, world, money):
    client.force_login(world.personas.finance)
    for i in range(3):
        record(money, amount=Decimal(100 + i), budget_line=money["works"])
    dashboard = _queries(client, reverse("finance_dashboard"))
    page = _queries(client, reverse("finance_project", kwargs={"pk": money["project"].pk}))
    for i in range(20):
        record(money, amount=Decimal(200 + i), budget_line=money["works"])
        record(
            money,
            type="4",
            currency="MAD",
            amount=Decimal(10 + i),
            budget_line=money["staff"],
            funder=money["commune"],
            provider="Commune",
            receiver="Entreprise",
        )
    assert _queries(client, reverse("finance_dashboard")) == dashboard
    assert _queries(client, reverse("finance_project", kwargs={"pk": money["project"].pk})) == page


def test_it_shows_a_project_manager_the_late_tranche_of_their_project(client, world, money):
    from sharaka.finance import services

    services.tranche_plan(
        actor=money["actor"],
        project=money["project"],
        funder=money["undp"],
        expected_on=datetime.date(2020, 1, 1),
        amount="100",
        currency="EUR",
    )
    client.force_login(world.personas.manager)
    response = client.get(reverse("finance_dashboard"))
    assert [t.mine for t in response.context["late"]] == [True]


def test_it_opens_an_account_through_the_form(client, personas):
    from sharaka.finance.models import Account

    client.force_login(personas.finance)
    data = {"kind": "earmarked", "name": "CAS test", "reference": "CAS-9", "opened_on": "2026-01-01"}
    assert client.post(reverse("finance_account_add"), data).status_code == 302
    assert Account.objects.get().is_special
    client.force_login(personas.officer)
    assert client.post(reverse("finance_account_add"), data).status_code == 403


def test_it_shows_a_project_manager_the_money_of_their_own_projects_only(client, world, money):
    record(money)
    url = reverse("finance_project", kwargs={"pk": money["project"].pk})
    client.force_login(world.personas.other_manager)
    assert client.get(url).status_code == 404
    assert client.get(reverse("finance_transactions")).context["page"].paginator.count == 0
    client.force_login(world.personas.manager)
    assert client.get(url).status_code == 200
    assert client.get(reverse("finance_transactions")).context["page"].paginator.count == 1
