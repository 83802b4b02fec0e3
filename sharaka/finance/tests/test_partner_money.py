"""What a partner viewer reads of a project's money (docs/roles-and-access.md, "Money a partner sees").

The project's totals, and its own organisation's lines: its funder line, transactions, tranches and
donor reports. Never another funder's, never the commune's references, suppliers or supporting
documents. The tables below are written by hand, not read from the code under test.
"""

import datetime
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from sharaka.core.roles import Role
from sharaka.core.testing import make_organisation, make_user, share_project
from sharaka.finance import services
from sharaka.finance.models import Funder
from sharaka.finance.tests.conftest import record
from sharaka.lib.money import format_amount
from sharaka.partners.models import PartnerAccess

pytestmark = pytest.mark.django_db

# What each reader finds on the project's finance page and the transaction list: one marker per row.
# "undp_*" are the rows of the partner viewer's own organisation (the world's funder); "oth_*" those
# of another funder; "commune_*" the commune's own spending, its reference and supplier.
MARKERS = {
    "undp_receipt": "UNDP-RECEIPT-REF",  # as a reference (staff) and its amount below
    "oth_line": "<bdi>OTH</bdi>",  # the other funder, on its plan line, tranche, report, transaction
    "oth_receipt_ref": "VIR-OTH-7781",
    "commune_payment_ref": "MANDAT-2026-0042",
}
AMOUNTS = {"undp_receipt": Decimal("4321.00"), "oth_receipt": Decimal("77781.00")}

SEES = {
    # reader: (own funder's receipt amount, other funder's line, other funder's receipt, references)
    "finance_officer": {"undp_receipt": True, "oth_line": True, "oth_receipt": True, "references": True},
    "council_member": {"undp_receipt": True, "oth_line": True, "oth_receipt": True, "references": True},
    "auditor": {"undp_receipt": True, "oth_line": True, "oth_receipt": True, "references": True},
    "funder_viewer": {"undp_receipt": True, "oth_line": False, "oth_receipt": False, "references": False},
    "intermediary_viewer": {
        "undp_receipt": False,
        "oth_line": False,
        "oth_receipt": False,
        "references": False,
    },
}

DOWNLOADS = {
    # reader: status of (own funder's report XLSX, PDF; the other funder's report XLSX, PDF;
    #                    the supporting document of a payment)
    "finance_officer": {"undp.xlsx": 200, "undp.pdf": 200, "oth.xlsx": 200, "oth.pdf": 200, "doc": 200},
    "council_member": {"undp.xlsx": 200, "undp.pdf": 200, "oth.xlsx": 200, "oth.pdf": 200, "doc": 200},
    "funder_viewer": {"undp.xlsx": 200, "undp.pdf": 200, "oth.xlsx": 404, "oth.pdf": 404, "doc": 404},
    "intermediary_viewer": {"undp.xlsx": 404, "undp.pdf": 404, "oth.xlsx": 404, "oth.pdf": 404, "doc": 404},
}


@pytest.fixture
def shared(world, money):
    """The world's project funded by UNDP (the partner viewer's organisation), another funder and the
    commune, carried out by a local NGO that is only its implementing partner."""
    project, actor = money["project"], money["actor"]
    other = world.other_organisation
    share_project(project, other, amount=Decimal("200000.00"), currency="MAD")
    oth = services.funder_set(
        actor=actor,
        project=project,
        data={"kind": Funder.Kind.PARTNER, "organisation": other, "currency": "MAD", "cash": "200000.00"},
    )
    ngo = make_organisation(
        name_fr="Association Tamount", name_ar="جمعية تامونت", name_en="Tamount association", acronym="TAM"
    )
    ngo.iati_identifier = "MA-ASSO-TAM"
    ngo.save()
    share_project(project, ngo, role="4")  # implementing: no money of its own in the plan
    intermediary = make_user("ngo_viewer", Role.PARTNER_VIEWER)
    PartnerAccess.objects.create(user=intermediary, organisation=ngo)

    record(money, amount=AMOUNTS["undp_receipt"], currency="MAD", reference=MARKERS["undp_receipt"])
    record(
        money,
        funder=oth,
        provider="OTH",
        currency="MAD",
        amount=AMOUNTS["oth_receipt"],
        reference=MARKERS["oth_receipt_ref"],
    )
    payment = record(
        money,
        type="4",
        currency="MAD",
        amount=Decimal("2500.50"),
        funder=money["commune"],
        budget_line=money["staff"],
        provider="Commune",
        receiver="Entreprise Souss Travaux",
        reference=MARKERS["commune_payment_ref"],
        document=SimpleUploadedFile("facture.pdf", b"%PDF-1.4 facture", content_type="application/pdf"),
    )
    services.tranche_plan(
        actor=actor,
        project=project,
        funder=oth,
        expected_on=datetime.date(2026, 9, 1),
        amount=Decimal("50000.00"),
        currency="MAD",
    )
    period = {"period_start": datetime.date(2026, 1, 1), "period_end": datetime.date(2026, 6, 30)}
    reports = {
        "undp": services.report_issue(actor=actor, project=project, funder=money["undp"], **period),
        "oth": services.report_issue(actor=actor, project=project, funder=oth, **period),
    }
    readers = {
        "finance_officer": world.personas.finance,
        "council_member": world.personas.council,
        "auditor": world.personas.auditor,
        "funder_viewer": world.personas.partner_viewer,
        "intermediary_viewer": intermediary,
    }
    return {"project": project, "reports": reports, "payment": payment, "readers": readers}


def _seen(html: str) -> dict:
    amount = format_amount(AMOUNTS["undp_receipt"], "MAD", "ar")
    return {
        "undp_receipt": amount in html,
        "oth_line": MARKERS["oth_line"] in html,
        "oth_receipt": format_amount(AMOUNTS["oth_receipt"], "MAD", "ar") in html,
        "references": MARKERS["commune_payment_ref"] in html and MARKERS["undp_receipt"] in html,
    }


@pytest.mark.parametrize("reader", SEES)
def test_the_project_finance_page_shows_each_reader_the_lines_theirs_to_read(client, shared, reader):
    client.force_login(shared["readers"][reader])

    response = client.get(reverse("finance_project", kwargs={"pk": shared["project"].pk}))

    assert response.status_code == 200
    html = response.content.decode()
    assert _seen(html) == SEES[reader]
    assert (MARKERS["oth_receipt_ref"] in html) == SEES[reader]["references"]
    assert ("Entreprise Souss Travaux" in html) is False  # suppliers are not on this page for anyone


@pytest.mark.parametrize("reader", SEES)
def test_every_reader_sees_the_projects_totals(client, shared, reader):
    client.force_login(shared["readers"][reader])

    response = client.get(reverse("finance_project", kwargs={"pk": shared["project"].pk}))

    f = response.context["f"]
    # UNDP 100 000 EUR at 10.8532, the commune 350 000 MAD, the other funder 200 000 MAD
    assert f.plan_total == Decimal("1635320.00")
    assert f.road["received"] == AMOUNTS["undp_receipt"] + AMOUNTS["oth_receipt"]
    assert f.road["paid"] == Decimal("2500.50")
    html = response.content.decode()
    assert format_amount(Decimal("1635320.00"), "MAD", "ar") in html


@pytest.mark.parametrize("reader", SEES)
def test_the_transaction_list_shows_each_reader_the_transactions_theirs_to_read(client, shared, reader):
    client.force_login(shared["readers"][reader])

    html = client.get(reverse("finance_transactions")).content.decode()

    seen = _seen(html)
    assert {k: seen[k] for k in ("undp_receipt", "oth_receipt", "references")} == {
        k: SEES[reader][k] for k in ("undp_receipt", "oth_receipt", "references")
    }


def test_the_transaction_filter_offers_a_partner_viewer_only_its_own_organisation(client, shared):
    client.force_login(shared["readers"]["funder_viewer"])

    form = client.get(reverse("finance_transactions")).context["filters"]

    assert [o.acronym for o in form.fields["partner"].queryset] == ["UNDP"]


@pytest.mark.parametrize("reader", SEES)
def test_the_finance_dashboard_shows_a_partner_viewer_only_its_own_partner_row(client, shared, reader):
    client.force_login(shared["readers"][reader])

    context = client.get(reverse("finance_dashboard")).context

    labels = {row["label"] for row in context["by_partner_rows"]}
    expected = {
        "finance_officer": {"UNDP", "OTH", "Commune d'Aourir"},
        "council_member": {"UNDP", "OTH", "Commune d'Aourir"},
        "auditor": {"UNDP", "OTH", "Commune d'Aourir"},
        "funder_viewer": {"UNDP"},
        "intermediary_viewer": set(),
    }
    assert labels == expected[reader]
    late = {t.funder.display_name for t in context["late"]}  # the other funder's tranche is late
    assert late == ({"OTH"} if reader in ("finance_officer", "council_member", "auditor") else set())


@pytest.mark.parametrize("reader", DOWNLOADS)
def test_downloads_answer_each_reader_as_the_table_says(client, shared, reader):
    client.force_login(shared["readers"][reader])
    reports, project = shared["reports"], shared["project"]
    urls = {
        "undp.xlsx": reverse("finance_report_xlsx", kwargs={"report_pk": reports["undp"].pk}),
        "undp.pdf": reverse("finance_report_pdf", kwargs={"report_pk": reports["undp"].pk}),
        "oth.xlsx": reverse("finance_report_xlsx", kwargs={"report_pk": reports["oth"].pk}),
        "oth.pdf": reverse("finance_report_pdf", kwargs={"report_pk": reports["oth"].pk}),
        "doc": reverse(
            "finance_transaction_document", kwargs={"pk": project.pk, "tx_pk": shared["payment"].pk}
        ),
    }

    statuses = {name: client.get(url).status_code for name, url in urls.items()}

    assert statuses == DOWNLOADS[reader]


def test_a_partner_viewer_of_the_funder_lists_only_its_own_report_and_tranches(client, shared):
    client.force_login(shared["readers"]["funder_viewer"])

    f = client.get(reverse("finance_project", kwargs={"pk": shared["project"].pk})).context["f"]

    assert [r.pk for r in f.reports] == [shared["reports"]["undp"].pk]
    assert [x.organisation.acronym for x in f.funders] == ["UNDP"]
    assert {line.funder_obj.organisation.acronym for line in f.lines} == {"UNDP"}
    assert f.tranches == []  # the only tranche planned is the other funder's


@pytest.mark.parametrize(
    "reader, other_amount_shown",
    [
        ("finance_officer", True),
        ("council_member", True),
        ("funder_viewer", False),
        ("intermediary_viewer", False),
    ],
)
def test_the_project_page_shows_another_funders_commitment_only_to_the_communes_staff(
    client, shared, reader, other_amount_shown
):
    client.force_login(shared["readers"][reader])

    html = client.get(reverse("project_detail", kwargs={"pk": shared["project"].pk})).content.decode()

    assert (format_amount(Decimal("200000.00"), "MAD", "ar") in html) == other_amount_shown
    own = format_amount(Decimal("100000.00"), "EUR", "ar")  # UNDP's commitment
    assert (own in html) == (reader != "intermediary_viewer")
