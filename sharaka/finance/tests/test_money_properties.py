"""Properties of money at the edge (hypothesis), on SQLite as on PostgreSQL: whatever a form accepts
is stored and read back to the centime (a rate to the millionth); whatever lies beyond the bounds is
refused with a message; and with the largest accepted values stored, every page and file that shows
money still answers and ends properly."""

import datetime
import io
import json
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone, translation
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from lxml import etree
from openpyxl import load_workbook

from sharaka.core.forms import AmountField, RateField
from sharaka.finance import services
from sharaka.finance.models import ExchangeRate, Funder, Tally, Transaction
from sharaka.lib.money import MAX_AMOUNT, MAX_RATE, MIN_RATE

pytestmark = pytest.mark.django_db

# Moderate: each example goes through a form, a service and the database.
EXAMPLES = settings(
    max_examples=100,
    deadline=None,
    database=None,  # nothing written beside the code; a failure prints its example
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)

accepted_amounts = st.decimals(min_value=Decimal("0.01"), max_value=MAX_AMOUNT, places=2)
accepted_rates = st.decimals(min_value=MIN_RATE, max_value=MAX_RATE, places=6)
amounts_beyond = st.one_of(
    st.decimals(min_value=MAX_AMOUNT + Decimal("0.01"), max_value=Decimal("1e20"), places=2),
    st.decimals(min_value=Decimal("-1e20"), max_value=-MAX_AMOUNT - Decimal("0.01"), places=2),
)
rates_beyond = st.one_of(
    st.decimals(min_value=MAX_RATE + MIN_RATE, max_value=Decimal("1e15"), places=6),
    st.decimals(min_value=Decimal("-1e6"), max_value=Decimal(0), places=6),
)


def _typed(value: Decimal, style: int) -> str:
    """How a person might type it: plain, with trailing zeros dropped, or in exponent form."""
    return [f"{value:f}", f"{value.normalize():f}", str(value)][style]


@EXAMPLES
@given(amount=accepted_amounts, style=st.integers(0, 2))
@example(amount=MAX_AMOUNT, style=0)
@example(amount=Decimal("0.01"), style=0)
@example(amount=Decimal("12345678901.23"), style=0)
def test_any_amount_the_forms_accept_is_read_back_to_the_centime(money, amount, style):
    cleaned = AmountField().clean(_typed(amount, style))
    assert cleaned == amount
    tx = services.transaction_record(
        actor=money["actor"],
        project=money["project"],
        data={
            "type": "4",
            "provider": "Commune",
            "receiver": "Entreprise",
            "value_date": datetime.date(2026, 3, 5),
            "currency": "MAD",
            "amount": cleaned,
            "donor_rules": True,
        },
    )
    stored = Transaction.objects.get(pk=tx.pk)
    assert stored.amount == stored.amount_mad == amount
    assert str(stored.amount) == f"{amount:.2f}"
    row = Tally.objects.create(project=money["project"], year=1999, type="9", amount_mad=-amount)
    assert Tally.objects.get(pk=row.pk).amount_mad == -amount
    row.delete()


@EXAMPLES
@given(rate=accepted_rates, style=st.integers(0, 2))
@example(rate=MAX_RATE, style=0)
@example(rate=MIN_RATE, style=2)
def test_any_rate_the_form_accepts_is_read_back_to_the_millionth(personas, rate, style):
    cleaned = RateField().clean(_typed(rate, style))
    assert cleaned == rate
    services.rate_set(
        actor=personas.finance, currency="CHF", date=datetime.date(2026, 1, 1), rate=cleaned, source="BAM"
    )
    stored = ExchangeRate.objects.get(currency="CHF", date=datetime.date(2026, 1, 1)).rate
    assert stored == rate and str(stored) == f"{rate:.6f}"


@EXAMPLES
@given(amount=amounts_beyond)
@example(amount=Decimal("99999999999999.99"))
@example(amount=Decimal("12345678901234.56"))
@example(amount=Decimal("1000000000000.00"))
def test_amounts_beyond_the_bound_are_refused_by_forms_and_services_with_a_message(money, amount):
    with translation.override("en"):
        with pytest.raises(ValidationError) as refused:
            AmountField().clean(f"{amount:f}")
        assert refused.value.messages == ["The amount must be at most 999,999,999,999.99 (in any currency)."]
        with pytest.raises(ValidationError) as refused:
            services.budget_line_set(
                actor=money["actor"],
                project=money["project"],
                category="training",
                funder=money["commune"],
                amount_mad=abs(amount),
            )
        assert "at most 999,999,999,999.99" in refused.value.message_dict["amount_mad"][0]


@EXAMPLES
@given(rate=rates_beyond)
@example(rate=Decimal("999999999999.999999"))
@example(rate=Decimal("1000000"))
@example(rate=Decimal("0"))
def test_rates_beyond_the_bounds_are_refused_by_the_form_and_the_service_with_a_message(personas, rate):
    message = "The rate must be between 0.000001 and 999,999.999999 dirhams for one unit."
    with translation.override("en"):
        with pytest.raises(ValidationError) as refused:
            RateField().clean(f"{rate:f}")
        assert refused.value.messages == [message]
        with pytest.raises(ValidationError):
            services.rate_set(
                actor=personas.finance, currency="CHF", date=datetime.date(2026, 1, 1), rate=rate, source="x"
            )
    assert not ExchangeRate.objects.filter(currency="CHF").exists()


# --- the largest accepted values, everywhere money is shown ---------------------------------------


@pytest.fixture
def largest(world, money):
    """The world's project, public, with the largest accepted amount in every money column."""
    actor, project = money["actor"], money["project"]
    project.status = "in_implementation"
    project.published_at = timezone.now()
    project.save()
    services.rate_set(
        actor=actor, currency="KRW", date=datetime.date(2026, 3, 1), rate=MIN_RATE, source="BOK"
    )
    services.rate_set(
        actor=actor, currency="KWD", date=datetime.date(2026, 3, 1), rate=MAX_RATE, source="CBK"
    )
    services.funder_set(
        actor=actor, project=project, data={"kind": Funder.Kind.OTHER, "name": "Max", "cash": MAX_AMOUNT}
    )
    services.budget_line_set(
        actor=actor, project=project, category="training", funder=money["commune"], amount_mad=MAX_AMOUNT
    )
    services.tranche_plan(
        actor=actor,
        project=project,
        funder=money["undp"],
        expected_on=datetime.date(2026, 6, 1),
        amount=MAX_AMOUNT,
        currency="EUR",
    )
    base = {"provider": "P", "receiver": "R", "value_date": datetime.date(2026, 3, 5), "donor_rules": True}
    for type_, currency, amount in [
        ("1", "MAD", MAX_AMOUNT),
        ("4", "MAD", MAX_AMOUNT),
        ("1", "KRW", MAX_AMOUNT),
        ("1", "KWD", Decimal("1.00")),
    ]:
        tx = services.transaction_record(
            actor=actor,
            project=project,
            data={**base, "type": type_, "currency": currency, "amount": amount, "funder": money["commune"]},
        )
    services.transaction_reverse(actor=actor, tx=tx, reason="test", value_date=datetime.date(2026, 3, 6))
    partner = project.participations.get()
    partner.committed_amount = MAX_AMOUNT
    partner.save()
    report = services.report_issue(
        actor=actor,
        project=project,
        funder=money["commune"],
        period_start=datetime.date(2026, 1, 1),
        period_end=datetime.date(2026, 3, 31),
    )
    return {"project": project, "report": report}


def _body(response):
    assert response.status_code == 200
    return b"".join(response.streaming_content) if response.streaming else response.content


def test_with_the_largest_amounts_every_page_and_file_that_shows_money_answers_whole(client, world, largest):
    project, report = largest["project"], largest["report"]
    client.force_login(world.personas.finance)
    for name, kwargs in [
        ("finance_transactions", {}),
        ("finance_project", {"pk": project.pk}),
        ("finance_rates", {}),
        ("finance_dashboard", {}),
    ]:
        html = _body(client.get(reverse(name, kwargs=kwargs))).decode()
        assert "</html>" in html, name
    assert load_workbook(io.BytesIO(_body(client.get(reverse("finance_report_xlsx", args=[report.pk])))))
    assert _body(client.get(reverse("finance_report_pdf", args=[report.pk]))).rstrip().endswith(b"%%EOF")
    client.force_login(world.personas.partner_viewer)
    assert "</html>" in _body(client.get(reverse("finance_project", kwargs={"pk": project.pk}))).decode()

    client.logout()
    activities = etree.fromstring(_body(client.get(reverse("portal:iati_activities"))))
    values = [Decimal(v) for v in activities.xpath("//transaction/value/text()")]
    assert MAX_AMOUNT in values
    etree.fromstring(_body(client.get(reverse("portal:iati_organisation"))))
    csv_text = _body(client.get(reverse("portal:open_data_transactions", args=["csv"]))).decode("utf-8-sig")
    assert "999999999999.99" in csv_text and csv_text.endswith("\r\n")
    rows = json.loads(_body(client.get(reverse("portal:open_data_transactions", args=["json"]))))["rows"]
    assert "999999999999.99" in {r["amount_mad"] for r in rows}
    sheet = load_workbook(
        io.BytesIO(_body(client.get(reverse("portal:open_data_transactions", args=["xlsx"]))))
    ).active
    assert len(list(sheet.iter_rows(min_row=2))) == len(rows)
    projects = _body(client.get(reverse("portal:open_data_projects", args=["csv"]))).decode("utf-8-sig")
    assert "999999999999.99" in projects
    json.loads(_body(client.get(reverse("portal:open_data_projects", args=["json"]))))
    load_workbook(io.BytesIO(_body(client.get(reverse("portal:open_data_projects", args=["xlsx"])))))

    out = io.StringIO()
    call_command("finance_tally", stdout=out)
    assert "agree" in out.getvalue()
