"""What a donor checks in its financial report, read back from the PDF's text and the XLSX's cells.

The scenario (UNDP funds the project in EUR; the commune brings its own share in MAD), period
2026-04-01 – 2026-06-30, project started 2026-01-01:
- before the period: EUR 20,000 received at 10.8532 (217,064.00 MAD), 50,000.00 MAD spent on works;
- in the period: EUR 30,000 received at 11.0000 (330,000.00 MAD), 120,000.50 MAD spent on works
  (no description: the budget line describes it), 10,000.00 MAD of office supplies (described);
- after the period: 999.00 MAD spent (not in the report); the commune's own spending (not UNDP's).
"""

import datetime
import io
import re
import subprocess
from decimal import Decimal

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from sharaka.finance import reports, services
from sharaka.finance.models import FinancialReport, Transaction, TxType
from sharaka.finance.tests.conftest import record

START, END = datetime.date(2026, 4, 1), datetime.date(2026, 6, 30)


@pytest.fixture
def scenario(money):
    services.rate_set(
        actor=money["actor"],
        currency="EUR",
        date=datetime.date(2026, 4, 1),
        rate="11.0000",
        source="BAM (test)",
    )
    works = money["works"]
    record(money, value_date=datetime.date(2026, 2, 1), amount=Decimal("20000.00"), currency="EUR")
    spend = {"type": "4", "currency": "MAD", "provider": "Commune d'Aourir", "receiver": "SARL Atlas BTP"}
    record(
        money, **spend, value_date=datetime.date(2026, 2, 15), amount=Decimal("50000.00"), budget_line=works
    )
    record(money, value_date=datetime.date(2026, 4, 5), amount=Decimal("30000.00"), reference="TGR-0405")
    record(
        money, **spend, value_date=datetime.date(2026, 5, 10), amount=Decimal("120000.50"), budget_line=works
    )
    record(
        money,
        **spend,
        value_date=datetime.date(2026, 5, 20),
        amount=Decimal("10000.00"),
        description="Fournitures de bureau pour l'équipe du projet",
    )
    record(money, **spend, value_date=datetime.date(2026, 8, 1), amount=Decimal("999.00"), budget_line=works)
    record(
        money,
        **spend,
        value_date=datetime.date(2026, 5, 1),
        amount=Decimal("40000.00"),
        funder=money["commune"],
        budget_line=money["staff"],
    )
    return money


def _issue(money, **extra):
    return services.report_issue(
        actor=money["actor"],
        project=money["project"],
        funder=money["undp"],
        period_start=START,
        period_end=END,
        **extra,
    )


def _download(client, user, name, report, language):
    """As a reader working in `language` (interface and browser alike)."""
    user.language = language
    user.save(update_fields=["language"])
    client.force_login(user)
    response = client.get(reverse(name, kwargs={"report_pk": report.pk}), HTTP_ACCEPT_LANGUAGE=language)
    assert response.status_code == 200
    return response


def _pdf_text(content: bytes) -> str:
    """The PDF's text in reading order, every run of white space (wrapped cells too) as one space."""
    out = subprocess.run(["pdftotext", "-", "-"], input=content, capture_output=True, check=True)
    return " ".join(out.stdout.decode().replace("\u202f", " ").split())


def _cells(content: bytes):
    ws = load_workbook(io.BytesIO(content)).active
    return ws, {(c.row, c.column): c.value for row in ws.iter_rows() for c in row if c.value is not None}


def _row_of(cells, label, column=1):
    rows = [r for (r, c), v in cells.items() if v == label and c == column]
    assert rows, f"{label!r} not found"
    return rows[0]


def _undp_sum(money, types, *, since=None, until=END) -> Decimal:
    """Summed here from the transactions themselves, not from the code under test."""
    txs = Transaction.objects.filter(project=money["project"], funder=money["undp"], type__in=types)
    return sum(
        (t.amount_mad for t in txs if (since is None or t.value_date >= since) and t.value_date <= until),
        Decimal("0.00"),
    )


def test_the_figures_are_the_period_and_the_cumulative_since_the_start(scenario):
    data = reports.build(_issue(scenario, language="fr"))
    # literal figures of the scenario…
    assert data.received_mad == Decimal("330000.00")
    assert data.received_to_date_mad == Decimal("547064.00")
    assert data.paid_mad == Decimal("130000.50")
    assert data.paid_to_date_mad == Decimal("180000.50")
    assert data.balance_mad == Decimal("367063.50")  # received − spent since the start
    assert data.opening_balance_mad == Decimal("167064.00")  # 217,064.00 − 50,000.00
    assert data.received_original == Decimal("30000.00")
    assert data.received_to_date_original == Decimal("50000.00")
    assert data.still_to_receive_original == Decimal("50000.00")  # pledged 100,000
    # …and the same as summing every transaction since the project's start
    start = scenario["project"].planned_start
    assert data.received_to_date_mad == _undp_sum(scenario, TxType.RECEIVED, since=start)
    assert data.paid_to_date_mad == _undp_sum(scenario, TxType.PAID, since=start)
    assert data.paid_mad == _undp_sum(scenario, TxType.PAID, since=START)


def test_each_budget_line_has_its_variance_and_absorption(scenario):
    data = reports.build(_issue(scenario, language="en"))
    [works] = data.lines
    assert works.budgeted == Decimal("1085320.00")
    assert works.spent_period == Decimal("120000.50")
    assert works.spent_to_date == Decimal("170000.50")
    assert works.variance == Decimal("915319.50")
    assert works.absorption == Decimal("15.7")  # 170,000.50 ÷ 1,085,320.00 = 15.66 %
    assert works.description == "Works, share of UNDP"  # the line has none: never empty


def test_the_co_funders_shares_add_up_to_a_hundred(scenario):
    data = reports.build(_issue(scenario, language="en"))
    shares = {f.name: f.share for f in data.cofunders}
    assert shares == {"UNDP": Decimal("75.6"), "Commune d'Aourir": Decimal("24.4")}
    assert sum(shares.values()) == Decimal("100.0")
    assert sum(f.contribution_mad for f in data.cofunders) == data.plan_total_mad == Decimal("1435320.00")


@pytest.mark.parametrize(
    "amounts, expected",
    [
        (["1", "1", "1"], ["33.4", "33.3", "33.3"]),
        (
            ["2", "1", "1", "1", "1", "1"],
            ["28.5", "14.3", "14.3", "14.3", "14.3", "14.3"],
        ),  # 28.57: largest remainders
        (["0", "5"], ["0.0", "100.0"]),
    ],
)
def test_shares_rounded_to_a_tenth_still_add_up(amounts, expected):
    shares = reports.shares_adding_up([Decimal(a) for a in amounts])
    assert shares == [Decimal(e) for e in expected]
    assert sum(shares) == Decimal("100.0")


def test_every_transaction_has_a_description(scenario):
    data = reports.build(_issue(scenario, language="fr"))
    descriptions = [tx.description_text for tx in data.rows]
    assert descriptions == [
        "Fonds reçus de UNDP",  # no description, no tranche: its type and funder
        "Dépense · Travaux",  # no description: its budget line
        "Fournitures de bureau pour l'équipe du projet",  # its own
    ]


def test_a_reversal_is_described_by_what_it_reverses_and_why(scenario):
    _issue(scenario, language="fr")  # April to June are locked: the correction is dated in July
    wrong = Transaction.objects.get(amount=Decimal("120000.50"))
    services.transaction_reverse(
        actor=scenario["actor"],
        tx=wrong,
        value_date=datetime.date(2026, 7, 2),
        reason="Facture payée deux fois",
    )
    july = services.report_issue(
        actor=scenario["actor"],
        project=scenario["project"],
        funder=scenario["undp"],
        period_start=datetime.date(2026, 7, 1),
        period_end=datetime.date(2026, 7, 31),
        language="fr",
    )
    [row] = reports.build(july).rows
    assert row.description_text == "Contre-passation de 2026-05-10 : Facture payée deux fois"


def test_the_french_report_reads_in_french_whoever_downloads_it(client, world, scenario):
    report = _issue(
        scenario,
        language="fr",
        narrative="Les travaux du réservoir ont commencé en mai.",
        certifier_name="Rachid Amellal",
        certifier_function="Directeur des services",
    )
    pdf = _pdf_text(_download(client, world.personas.finance, "finance_report_pdf", report, "ar").content)
    for heading in [
        "Royaume du Maroc",  # the commune's letterhead
        "Commune d'Aourir",
        "Rapport financier au bailleur",
        "Budget et réalisé, par ligne",
        "Opérations de la période",
        "Fonds reçus",
        "Depuis le début du projet",
        "Écart (MAD)",
        "Taux d'absorption",
        "Plan de cofinancement : la part de chaque partie",
        "Narratif",
        "Les travaux du réservoir ont commencé en mai.",
        "Certification",
        "Nom : Rachid Amellal",
        "Fonction : Directeur des services",
        "Signature :",
    ]:
        assert heading in pdf, heading
    assert not re.search("[\u0600-\u06ff]", pdf), "no Arabic in the French report"
    # figures, French style: the cumulative, the balance, variance and absorption, the shares
    for figure in [
        "547 064,00 MAD",
        "180 000,50 MAD",
        "367 063,50 MAD",
        "915 319,50 MAD",
        "15,7 %",
        "75,6 %",
        "100,0 %",
    ]:
        assert figure in pdf, figure
    assert "Fournitures de bureau pour l'équipe du projet" in pdf

    ws, cells = _cells(_download(client, world.personas.finance, "finance_report_xlsx", report, "ar").content)
    assert not ws.sheet_view.rightToLeft
    values = set(cells.values())
    for heading in [
        "Royaume du Maroc",
        "Rapport financier au bailleur",
        "Écart (MAD)",
        "Narratif",
        "Certification",
    ]:
        assert heading in values, heading
    assert not [v for v in values if isinstance(v, str) and re.search("[\u0600-\u06ff]", v)]


def test_the_xlsx_holds_the_figures_a_donor_checks(client, world, scenario):
    report = _issue(scenario, language="en", certifier_name="R. Amellal", certifier_function="Director")
    ws, cells = _cells(_download(client, world.personas.finance, "finance_report_xlsx", report, "fr").content)
    received = _row_of(cells, "Funds received")
    assert (cells[(received, 2)], cells[(received, 3)]) == (330000.00, 547064.00)
    spent = _row_of(cells, "Funds spent")
    assert (cells[(spent, 2)], cells[(spent, 3)]) == (130000.50, 180000.50)
    opening = _row_of(cells, "Unspent at the start of the period")
    assert (cells[(opening, 2)], cells[(opening, 3)]) == (167064.00, "—")
    # each column reaches the same closing balance: 167,064.00 + 330,000.00 − 130,000.50 in the
    # period, 547,064.00 − 180,000.50 since the start
    balance = _row_of(cells, "Unspent balance at the end of the period")
    assert (cells[(balance, 2)], cells[(balance, 3)]) == (367063.50, 367063.50)
    works = _row_of(cells, "Works")
    assert [cells[(works, c)] for c in range(3, 8)] == [1085320.00, 120000.50, 170000.50, 915319.50, 0.157]
    assert ws.cell(row=works, column=7).number_format == "0.0%"
    undp, commune = _row_of(cells, "UNDP"), _row_of(cells, "Commune d'Aourir")
    assert cells[(undp, 6)] + cells[(commune, 6)] == pytest.approx(1.0)
    # the Description column of the transactions is filled on every row
    header = _row_of(cells, "Value date")
    assert cells[(header, 4)] == "Description"
    rows = [r for r in range(header + 1, header + 4)]
    assert all(cells.get((r, 4)) for r in rows)
    # the certification block
    assert "Certification" in cells.values()  # the heading, then name, function, date and signature
    assert cells[(_row_of(cells, "Name"), 2)] == "R. Amellal"
    assert cells[(_row_of(cells, "Function"), 2)] == "Director"
    assert (_row_of(cells, "Signature"), 1) in cells


def test_the_arabic_report_is_right_to_left_even_for_a_french_reader(client, world, scenario):
    report = _issue(scenario, language="ar")
    ws, cells = _cells(_download(client, world.personas.finance, "finance_report_xlsx", report, "fr").content)
    assert ws.sheet_view.rightToLeft
    assert "تقرير مالي للممول" in cells.values()
    pdf = _pdf_text(_download(client, world.personas.finance, "finance_report_pdf", report, "fr").content)
    assert "Rapport financier" not in pdf
    assert "547.064,00" in pdf  # Arabic grouping, digits in order


def test_the_language_defaults_to_the_funders_working_language(client, world, scenario):
    organisation = scenario["undp"].organisation
    organisation.working_language = "en"
    organisation.save(update_fields=["working_language"])
    scenario["undp"].refresh_from_db()
    assert _issue(scenario).language == "en"
    # the form opened for that funder offers it, and the funder's label says it
    client.force_login(world.personas.finance)
    url = reverse("finance_report_new", kwargs={"pk": scenario["project"].pk})
    page = client.get(f"{url}?funder={scenario['undp'].pk}", HTTP_ACCEPT_LANGUAGE="en")
    assert page.context["form"].initial["language"] == "en"
    # a funder whose organisation has no working language: Arabic
    commune_report = services.report_issue(
        actor=scenario["actor"],
        project=scenario["project"],
        funder=scenario["commune"],
        period_start=datetime.date(2026, 7, 1),
        period_end=datetime.date(2026, 7, 31),
    )
    assert commune_report.language == "ar"


def test_the_form_stores_what_the_issuer_chose_and_the_report_reopens_the_same(client, world, scenario):
    client.force_login(world.personas.finance)
    url = reverse("finance_report_new", kwargs={"pk": scenario["project"].pk})
    response = client.post(
        url,
        {
            "funder": scenario["undp"].pk,
            "period_start": "2026-04-01",
            "period_end": "2026-06-30",
            "language": "fr",
            "narrative": "Deux tranches reçues.",
            "certifier_name": "Rachid Amellal",
            "certifier_function": "Directeur des services",
        },
        HTTP_ACCEPT_LANGUAGE="ar",
    )
    assert response.status_code == 302
    report = FinancialReport.objects.get()
    assert (report.language, report.narrative, report.certifier_name, report.certifier_function) == (
        "fr",
        "Deux tranches reçues.",
        "Rachid Amellal",
        "Directeur des services",
    )
    first = _pdf_text(_download(client, world.personas.finance, "finance_report_pdf", report, "ar").content)
    again = _pdf_text(
        _download(client, world.personas.partner_viewer, "finance_report_pdf", report, "en").content
    )
    assert first == again
    assert "Deux tranches reçues." in first


def test_a_bad_language_is_refused_beside_the_field(client, world, scenario):
    client.force_login(world.personas.finance)
    url = reverse("finance_report_new", kwargs={"pk": scenario["project"].pk})
    response = client.post(
        url,
        {
            "funder": scenario["undp"].pk,
            "period_start": "2026-04-01",
            "period_end": "2026-06-30",
            "language": "zgh",
        },
    )
    assert response.status_code == 400
    assert "language" in response.context["form"].errors
    assert not FinancialReport.objects.exists()


def test_the_report_reads_the_same_number_of_queries_however_many_transactions(scenario):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    report = _issue(scenario, language="fr")
    with CaptureQueriesContext(connection) as few:
        reports.build(report)
    later = services.report_issue(
        actor=scenario["actor"],
        project=scenario["project"],
        funder=scenario["undp"],
        period_start=datetime.date(2026, 9, 1),
        period_end=datetime.date(2026, 9, 30),
        language="fr",
    )
    with CaptureQueriesContext(connection) as none:
        reports.build(later)
    spend = {"type": "4", "currency": "MAD", "provider": "Commune d'Aourir", "receiver": "SARL Atlas BTP"}
    for day in range(1, 21):
        record(
            scenario,
            **spend,
            value_date=datetime.date(2026, 10, day),
            amount=Decimal("10.00"),
            budget_line=scenario["works"],
        )
    october = services.report_issue(
        actor=scenario["actor"],
        project=scenario["project"],
        funder=scenario["undp"],
        period_start=datetime.date(2026, 10, 1),
        period_end=datetime.date(2026, 10, 31),
        language="fr",
    )
    with CaptureQueriesContext(connection) as many:
        data = reports.build(october)
    assert len(data.rows) == 20
    assert len(many) == len(few) == len(none)


def test_a_rate_source_sharaka_writes_is_named_in_the_reports_language(scenario):
    Transaction.objects.filter(project=scenario["project"], currency="EUR").update(
        rate_source="Illustrative demo rate (not Bank Al-Maghrib data)"
    )
    report = _issue(scenario, language="fr")
    sources = {source for _currency, _date, _rate, source in reports.build(report).rates}
    assert "Taux illustratif de démonstration (pas une donnée de Bank Al-Maghrib)" in sources
