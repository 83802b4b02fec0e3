"""Money that survives any input: amounts and rates beyond the bounds (lib/money.py) are refused
beside the field in the reader's language, with what was typed kept; the largest accepted amounts
are stored exactly and every page, file and check that shows them still works (issue #10)."""

import datetime
import io
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse
from django.utils import translation
from openpyxl import Workbook

from sharaka.finance import imports, services
from sharaka.finance.models import ExchangeRate, Funder, Tally, Transaction
from sharaka.finance.tests.conftest import record
from sharaka.lib.money import MAX_AMOUNT, MAX_TOTAL

pytestmark = pytest.mark.django_db

# What the outside review typed, and what each language says about it.
TOO_LARGE = "99999999999999.99"
SIXTEEN_DIGITS = "12345678901234.56"
HUGE_RATE = "999999999999.999999"
SAYS_TOO_LARGE = {
    "en": "The amount must be at most 999,999,999,999.99 (in any currency).",
    "fr": "Le montant ne peut pas dépasser 999\u202f999\u202f999\u202f999,99 (quelle que soit la devise).",
    "ar": "يجب ألا يتجاوز المبلغ 999.999.999.999,99 (بأي عملة كانت).",
}
SAYS_RATE = {
    "en": "The rate must be between 0.000001 and 999,999.999999 dirhams for one unit.",
    "fr": "Le taux doit être compris entre 0,000001 et 999\u202f999,999999 dirhams pour une unité.",
    "ar": "يجب أن يكون السعر بين 0,000001 و999.999,999999 درهم للوحدة الواحدة.",
}


def _login(client, user, language):
    user.language = language
    user.save()
    client.force_login(user)


def _post_tx(client, money, **over):
    data = {
        "type": "1",
        "funder": money["undp"].pk,
        "provider": "UNDP",
        "receiver": "Commune d'Aourir",
        "value_date": "2026-03-05",
        "currency": "MAD",
        "amount": "2500.00",
    }
    data.update(over)
    return client.post(reverse("finance_transaction_add", kwargs={"pk": money["project"].pk}), data)


@pytest.mark.parametrize("language", ["ar", "fr", "en"])
@pytest.mark.parametrize("typed", [TOO_LARGE, SIXTEEN_DIGITS])
def test_the_transaction_form_refuses_an_amount_beyond_the_largest_beside_the_field(
    client, money, language, typed
):
    _login(client, money["actor"], language)
    response = _post_tx(client, money, amount=typed)
    assert response.status_code == 400
    assert response.context["form"].errors["amount"] == [SAYS_TOO_LARGE[language]]
    assert f'value="{typed}"' in response.content.decode()  # what was typed is kept
    assert not Transaction.objects.exists()


def test_the_largest_amount_is_recorded_to_the_centime_and_the_pages_still_answer(client, world, money):
    _login(client, money["actor"], "fr")
    assert _post_tx(client, money, amount="999999999999.99", reference="MAX").status_code == 302
    tx = Transaction.objects.get(reference="MAX")
    assert tx.amount == tx.amount_mad == MAX_AMOUNT
    for url in [
        reverse("finance_transactions"),
        reverse("finance_project", kwargs={"pk": money["project"].pk}),
        reverse("finance_dashboard"),
    ]:
        assert client.get(url).status_code == 200, url
    client.force_login(world.personas.partner_viewer)
    assert client.get(reverse("finance_project", kwargs={"pk": money["project"].pk})).status_code == 200
    call_command("finance_tally", stdout=io.StringIO())  # the check agrees, no decimal error


def test_an_amount_whose_value_in_dirhams_passes_the_bound_is_refused(client, money):
    _login(client, money["actor"], "en")
    response = _post_tx(client, money, currency="EUR", amount="999999999999.99")
    assert response.status_code == 400
    assert "In dirhams this makes 10,899,999,999,999.89" in response.context["form"].errors["amount"][0]
    assert not Transaction.objects.exists()


@pytest.mark.parametrize("language", ["ar", "fr", "en"])
def test_the_rate_form_refuses_a_rate_beyond_the_bound(client, personas, language):
    _login(client, personas.finance, language)
    response = client.post(
        reverse("finance_rates"),
        {"currency": "EUR", "date": "2026-01-01", "rate": HUGE_RATE, "source": "BAM"},
    )
    assert response.context["form"].errors["rate"] == [SAYS_RATE[language]]
    assert HUGE_RATE in response.content.decode()
    assert not ExchangeRate.objects.exists()
    assert client.get(reverse("finance_rates")).status_code == 200


def test_the_rates_csv_import_names_the_line_of_a_rate_beyond_the_bound(client, personas):
    _login(client, personas.finance, "en")
    upload = SimpleUploadedFile(
        "r.csv",
        f"currency,date,rate,source\nUSD,2026-02-01,9.98,BAM\nEUR,2026-02-01,{HUGE_RATE},BAM\n".encode(),
        content_type="text/csv",
    )
    response = client.post(reverse("finance_rates_import"), {"file": upload}, follow=True)
    shown = [str(m) for m in response.context["messages"]]
    assert f"Line 2: {SAYS_RATE['en']}" in shown
    assert not ExchangeRate.objects.exists()  # all or nothing
    assert client.get(reverse("finance_rates")).status_code == 200


@pytest.fixture
def english():
    with translation.override("en"):
        yield


def test_the_services_refuse_rather_than_store_amounts_and_rates_beyond_the_bounds(money, english):
    actor, project = money["actor"], money["project"]
    with pytest.raises(ValidationError) as refused:
        record(money, currency="MAD", amount=Decimal(TOO_LARGE))
    assert refused.value.message_dict == {"amount": [SAYS_TOO_LARGE["en"]]}
    with pytest.raises(ValidationError, match="at most"):
        record(money, currency="MAD", amount=Decimal(SIXTEEN_DIGITS))
    with pytest.raises(ValidationError, match="between"):
        services.rate_set(
            actor=actor, currency="EUR", date=datetime.date(2026, 2, 1), rate=HUGE_RATE, source="x"
        )
    with pytest.raises(ValidationError, match="at most"):
        services.budget_line_set(
            actor=actor, project=project, category="training", funder=money["commune"], amount_mad=TOO_LARGE
        )
    with pytest.raises(ValidationError, match="at most"):
        services.tranche_plan(
            actor=actor,
            project=project,
            funder=money["undp"],
            expected_on=datetime.date(2026, 6, 1),
            amount=SIXTEEN_DIGITS,
            currency="EUR",
        )
    with pytest.raises(ValidationError, match="In dirhams"):  # within the bound in euros, not in dirhams
        services.funder_set(
            actor=actor,
            project=project,
            data={
                "kind": Funder.Kind.OTHER,
                "name": "X",
                "currency": "EUR",
                "cash": "999999999999.99",
                "rate_on": datetime.date(2026, 3, 5),
            },
        )
    assert not Transaction.objects.exists()
    assert not ExchangeRate.objects.filter(date=datetime.date(2026, 2, 1)).exists()


def test_a_running_total_is_never_carried_past_what_a_64_bit_integer_holds(money, english):
    record(money, currency="MAD", amount=Decimal("10.00"))
    Tally.objects.update(amount_mad=MAX_TOTAL - Decimal("5.00"))
    with pytest.raises(ValidationError, match="running total"):
        record(money, currency="MAD", amount=Decimal("10.00"))
    assert Transaction.objects.count() == 1


def test_the_excel_import_names_the_row_of_an_amount_beyond_the_bound(money):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["type", "date", "currency", "amount", "provider", "receiver", "reference", "funder"])
    sheet.append(["1", "2026-03-05", "MAD", 1000, "UNDP", "Commune", "A", "UNDP"])
    sheet.append(["1", "2026-03-05", "MAD", float(TOO_LARGE), "UNDP", "Commune", "B", "UNDP"])
    out = io.BytesIO()
    workbook.save(out)
    with translation.override("en"):
        result = imports.run(
            actor=money["actor"],
            project=money["project"],
            kind="transactions",
            upload=SimpleUploadedFile("i.xlsx", out.getvalue()),
            apply=True,
        )
    assert [(row, message) for row, message in result.errors] == [(3, SAYS_TOO_LARGE["en"])]
    assert not Transaction.objects.exists()


def _form_cases(money, world):
    from sharaka.agreements.forms import PartyForm
    from sharaka.finance import forms
    from sharaka.projects.forms import PartnerForm

    project = money["project"]
    return [
        (forms.FunderForm, {}, {"kind": "other", "name": "X", "currency": "MAD"}, "cash"),
        (forms.FunderForm, {}, {"kind": "other", "name": "X", "currency": "MAD"}, "in_kind"),
        (
            forms.BudgetLineForm,
            {"project": project},
            {"category": "works", "funder": money["undp"].pk},
            "amount_mad",
        ),
        (
            forms.TrancheForm,
            {"project": project},
            {"funder": money["undp"].pk, "expected_on": "2026-05-01", "currency": "EUR"},
            "amount",
        ),
        (
            forms.TransactionForm,
            {"project": project},
            {"type": "1", "provider": "P", "receiver": "R", "value_date": "2026-03-05", "currency": "MAD"},
            "amount",
        ),
        (
            forms.TransactionForm,
            {"project": project},
            {
                "type": "4",
                "provider": "P",
                "receiver": "R",
                "value_date": "2026-03-05",
                "currency": "MAD",
                "amount": "1",
            },
            "amount_excl_tax_mad",
        ),
        (
            PartnerForm,
            {},
            {
                "organisation": world.other_organisation.pk,
                "role": "1",
                "currency": "EUR",
                "committed_on": "2026-01-01",
            },
            "committed_amount",
        ),
        (PartyForm, {}, {"currency": "EUR"}, "cash_amount"),
        (PartyForm, {}, {"currency": "EUR"}, "in_kind_value"),
    ]


def test_every_form_that_takes_an_amount_refuses_one_beyond_the_bound(money, world):
    with translation.override("en"):
        for form_class, kwargs, data, field in _form_cases(money, world):
            for typed in (TOO_LARGE, SIXTEEN_DIGITS):
                form = form_class({**data, field: typed}, **kwargs)
                assert not form.is_valid()
                assert form.errors[field] == [SAYS_TOO_LARGE["en"]], (form_class.__name__, field)
            accepted = form_class({**data, field: "999999999999.99"}, **kwargs)
            accepted.is_valid()
            assert field not in accepted.errors, (form_class.__name__, field, accepted.errors)


def test_amounts_and_rates_stored_before_the_bounds_existed_no_longer_break_any_page(client, world, money):
    """What the review left in the database (written past the services): read back exactly, and
    every page, file and check answers; the reversal can then repair it from the interface."""
    from sharaka.finance import tally

    project = money["project"]
    project.status, project.published_at = "in_implementation", datetime.datetime.now(datetime.UTC)
    project.save()
    ExchangeRate.objects.create(
        currency="CHF", date=datetime.date(2026, 3, 1), rate=Decimal(HUGE_RATE), source="x"
    )
    tx = Transaction.objects.create(
        project=project,
        type="1",
        funder=money["undp"],
        provider="P",
        receiver="R",
        value_date=datetime.date(2026, 3, 5),
        currency="MAD",
        amount=Decimal(TOO_LARGE),
        rate=Decimal(1),
        rate_date=datetime.date(2026, 3, 5),
        rate_source="MAD",
        amount_mad=Decimal(TOO_LARGE),
        recorded_by=money["actor"],
    )
    tally.add(tx)
    assert Transaction.objects.get(pk=tx.pk).amount_mad == Decimal(TOO_LARGE)
    assert ExchangeRate.objects.get(currency="CHF").rate == Decimal(HUGE_RATE)
    client.force_login(money["actor"])
    for url in [
        reverse("finance_transactions"),
        reverse("finance_project", kwargs={"pk": project.pk}),
        reverse("finance_dashboard"),
        reverse("finance_rates"),
        reverse("portal:iati_activities"),
        reverse("portal:open_data_transactions", args=["csv"]),
        reverse("portal:open_data_transactions", args=["json"]),
        reverse("portal:open_data_transactions", args=["xlsx"]),
    ]:
        response = client.get(url)
        body = b"".join(response.streaming_content) if response.streaming else response.content
        assert response.status_code == 200 and body, url
    call_command("finance_tally", stdout=io.StringIO())
    services.transaction_reverse(
        actor=money["actor"], tx=tx, reason="Saisie erronée", value_date=tx.value_date
    )
    assert tally.differences() == []
