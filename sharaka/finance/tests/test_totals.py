"""The dashboard's totals (by partner, area, year, account) and each tranche's received amount are kept
by every service that changes what they stand for, and the dashboard shows, from them, the very figures
summed directly from the transactions."""

import datetime
from decimal import Decimal

import pytest
from django.db.models import Sum

from sharaka.core.models import Theme
from sharaka.core.testing import make_organisation
from sharaka.finance import queries, services, totals
from sharaka.finance.models import Account, Funder, PartnerTotal, Tranche, Transaction
from sharaka.finance.tests.conftest import record
from sharaka.projects.models import Project
from sharaka.projects.services import project_update

pytestmark = pytest.mark.django_db


def _area(code):
    return Theme.objects.get_or_create(kind="area", code=code)[0]


@pytest.fixture
def small_world(money):
    """Two projects in different areas (one in two), three funders, an account, a reversal."""
    actor = money["actor"]
    project, other = money["project"], money["other_project"]
    project.themes.add(_area("water_energy"), _area("social"))
    other.themes.add(_area("urban"))
    account = services.account_open(
        actor=actor,
        kind=Account.Kind.AID_LINE,
        name="Aide",
        reference="10.20",
        opened_on=datetime.date(2025, 1, 1),
    )
    giz = make_organisation(acronym="GIZ", name_fr="GIZ", iati_identifier="DE-1")
    giz_funder = services.funder_set(
        actor=actor,
        project=other,
        data={"kind": Funder.Kind.PARTNER, "organisation": giz, "currency": "MAD", "cash": "90000.00"},
    )
    record(money, amount=Decimal("1000.00"), account=account)
    record(money, amount=Decimal("333.33"), currency="MAD", value_date=datetime.date(2025, 12, 30))
    paid = record(
        money,
        type="4",
        currency="MAD",
        amount=Decimal("12000.50"),
        funder=money["commune"],
        budget_line=money["staff"],
        provider="Commune",
        receiver="Entreprise",
        account=account,
    )
    services.transaction_reverse(actor=actor, tx=paid, reason="Erreur", value_date=datetime.date(2026, 3, 10))
    services.transaction_record(
        actor=actor,
        project=other,
        data={
            "type": "1",
            "provider": "GIZ",
            "receiver": "Commune",
            "value_date": datetime.date(2026, 2, 1),
            "currency": "MAD",
            "amount": Decimal("5000.00"),
            "funder": giz_funder,
        },
    )
    services.transaction_record(
        actor=actor,
        project=other,
        data={
            "type": "3",
            "provider": "Commune",
            "receiver": "Entreprise",
            "value_date": datetime.date(2026, 2, 2),
            "currency": "MAD",
            "amount": Decimal("700.00"),
        },
    )
    return {**money, "giz": giz, "giz_funder": giz_funder, "account": account}


def _direct(transactions) -> dict:
    """The dashboard's figures summed straight from the transactions, without any kept total."""
    from django.utils.translation import gettext

    from sharaka.core.taxonomy import Area

    def grouped(*keys):
        sums = transactions.values_list(*keys).annotate(
            r=Sum("amount_mad", filter=queries.ROAD["received"]),
            p=Sum("amount_mad", filter=queries.ROAD["paid"]),
        )
        return {
            row[:-2]: (row[-2] or Decimal("0.00"), row[-1] or Decimal("0.00"))
            for row in sums.order_by()
            if row[-2] or row[-1]
        }

    areas = set(Area.values)
    return {
        "road": queries.road_sums(transactions),
        "by_year": {str(year): v for (year,), v in grouped("value_date__year").items()},
        "by_area": {code: v for (code,), v in grouped("project__themes__code").items() if code in areas},
        "by_partner": {
            acronym or name or gettext("Not attributed to a funder"): v
            for (acronym, name), v in grouped("funder__organisation__acronym", "funder__name").items()
        },
    }


def _shown(figures) -> dict:
    from sharaka.core.taxonomy import Area

    codes = {str(a.label): a.value for a in Area}

    def rows(name, key=lambda r: str(r["label"])):
        return {key(r): (r["received"], r["paid"]) for r in figures[name]}

    return {
        "road": figures["road"],
        "by_year": rows("by_year_rows"),
        "by_area": rows("by_area_rows", key=lambda r: codes[str(r["label"])]),
        "by_partner": rows("by_partner_rows"),
    }


def test_the_staff_dashboard_shows_the_sums_of_the_transactions(small_world):
    assert totals.differences() == []
    figures = queries.dashboard(None)
    assert _shown(figures) == _direct(Transaction.objects.all())
    # A project in two areas counts in both; the reversed payment leaves nothing spent by the commune.
    assert _shown(figures)["by_area"]["water_energy"] == _shown(figures)["by_area"]["social"]
    assert _shown(figures)["by_partner"]["GIZ"] == (Decimal("5000.00"), Decimal("0.00"))


def test_the_staff_dashboard_reads_the_same_figures_as_its_projects_tallies(small_world):
    from_totals = queries.dashboard(None)
    from_tallies = queries.dashboard(Project.objects.all())
    assert from_totals["road"] == from_tallies["road"]
    for name in ("by_year_rows", "by_area_rows", "by_partner_rows"):
        shown = [
            sorted((str(r["label"]), r["received"], r["paid"]) for r in f[name])
            for f in (from_totals, from_tallies)
        ]
        assert shown[0] == shown[1], name


def test_beyond_the_top_partners_the_staff_dashboard_sums_the_others_like_the_tallies(small_world):
    """Fifteen more funders: the database's top twelve and its one row for the others (the staff's
    kept totals) are the rows the project tallies' path computes in Python, amounts and order."""
    actor, other = small_world["actor"], small_world["other_project"]
    for n in range(15):
        organisation = make_organisation(
            acronym=f"P{n:02}", name_fr=f"Partenaire {n}", iati_identifier=f"XM-{n}"
        )
        funder = services.funder_set(
            actor=actor,
            project=other,
            data={
                "kind": Funder.Kind.PARTNER,
                "organisation": organisation,
                "currency": "MAD",
                "cash": "9.00",
            },
        )
        for type_, amount in (("1", 100 + 7 * n), ("3", 3 * n)):
            services.transaction_record(
                actor=actor,
                project=other,
                data={
                    "type": type_,
                    "provider": "P",
                    "receiver": "Commune",
                    "value_date": datetime.date(2026, 2, 1),
                    "currency": "MAD",
                    "amount": Decimal(amount) + Decimal("0.25"),
                    "funder": funder,
                },
            )

    def rows(figures):
        return [(str(r["label"]), r["received"], r["paid"]) for r in figures["by_partner_rows"]]

    from_totals = rows(queries.dashboard(None))
    from_tallies = rows(queries.dashboard(Project.objects.all()))
    assert from_totals == from_tallies
    assert len(from_totals) == queries.TOP_PARTNERS + 1
    assert [label for label, *_ in from_totals[:3]] == ["UNDP", "GIZ", "P14"]  # the most received first
    assert from_totals[2] == ("P14", Decimal("198.25"), Decimal("42.25"))
    others = from_totals[-1]
    everyone = _direct(Transaction.objects.all())["by_partner"]
    shown = {label for label, *_ in from_totals[:-1]}
    assert others[1:] == (
        sum((v[0] for k, v in everyone.items() if k not in shown), Decimal("0.00")),
        sum((v[1] for k, v in everyone.items() if k not in shown), Decimal("0.00")),
    )
    assert others[0].startswith(str(len(everyone) - queries.TOP_PARTNERS))


def test_a_project_manager_sees_only_their_projects_money(small_world, personas):
    from sharaka.finance import access

    projects = access.project_scope(personas.manager)
    assert list(projects) == [small_world["project"]]
    mine = queries.dashboard(projects)
    assert _shown(mine) == _direct(Transaction.objects.filter(project=small_world["project"]))
    assert "GIZ" not in _shown(mine)["by_partner"]


def test_a_funder_given_to_another_partner_moves_its_money(small_world):
    services.funder_set(
        actor=small_world["actor"],
        project=small_world["other_project"],
        funder=small_world["giz_funder"],
        expected_version=small_world["giz_funder"].version,
        data={
            "kind": Funder.Kind.PARTNER,
            "organisation": small_world["undp"].organisation,
            "currency": "MAD",
            "cash": "90000.00",
        },
    )
    assert totals.differences() == []
    shown = _shown(queries.dashboard(None))
    assert "GIZ" not in shown["by_partner"]
    assert (
        shown["by_partner"]["UNDP"][0]
        == Transaction.objects.filter(type="1", funder__organisation__acronym="UNDP").aggregate(
            s=Sum("amount_mad")
        )["s"]
    )


def test_a_funder_renamed_moves_its_money(small_world):
    commune = small_world["commune"]
    services.funder_set(
        actor=small_world["actor"],
        project=small_world["project"],
        funder=commune,
        expected_version=commune.version,
        data={
            "kind": Funder.Kind.COMMUNE,
            "name": "Commune (budget)",
            "currency": "MAD",
            "cash": "300000.00",
        },
    )
    assert totals.differences() == []
    assert not PartnerTotal.objects.filter(name="Commune d'Aourir").exists()


def test_a_project_moved_to_other_areas_takes_its_money_along(small_world, personas):
    other = small_world["other_project"]
    project_update(
        actor=personas.officer,
        project=other,
        data={},
        expected_version=other.version,
        themes=[_area("culture"), _area("social")],
    )
    assert totals.differences() == []
    shown = _shown(queries.dashboard(None))
    assert "urban" not in shown["by_area"]
    assert shown["by_area"]["culture"] == (Decimal("5000.00"), Decimal("700.00"))
    assert _shown(queries.dashboard(None)) == _direct(Transaction.objects.all())


def test_the_accounts_balances_and_dormancy_come_from_the_kept_totals(small_world):
    account = small_world["account"]
    queries.add_balances([account])
    received = Transaction.objects.filter(account=account, type="1").aggregate(s=Sum("amount_mad"))["s"]
    assert account.received == received == Decimal("10900.00")  # 1,000 EUR at 10.90
    assert account.paid == Decimal("0.00")  # the payment and its reversal
    assert totals.differences() == []


def test_a_special_account_is_dormant_until_it_spends(small_world):
    actor, today = small_world["actor"], datetime.date(2026, 3, 20)
    fund = services.account_open(
        actor=actor,
        kind=Account.Kind.EARMARKED,
        name="CAS",
        reference="CAS-1",
        opened_on=datetime.date(2020, 1, 1),
    )
    record(small_world, currency="MAD", amount=Decimal("1000.00"), account=fund)
    assert fund in queries.dormant_accounts(today)
    record(
        small_world,
        type="4",
        currency="MAD",
        amount=Decimal("400.00"),
        funder=small_world["commune"],
        account=fund,
        provider="Commune",
        receiver="Entreprise",
    )
    assert fund not in queries.dormant_accounts(today)
    assert totals.differences() == []


def test_a_receipt_against_a_tranche_and_its_reversal_are_kept_on_the_tranche(small_world):
    actor, project, undp = small_world["actor"], small_world["project"], small_world["undp"]
    tranche = services.tranche_plan(
        actor=actor,
        project=project,
        funder=undp,
        expected_on=datetime.date(2025, 6, 1),
        amount=Decimal("2000.00"),
        currency="EUR",
    )
    late = queries.late_tranches(None, today=datetime.date(2026, 3, 20))
    assert tranche in late
    receipt = record(small_world, amount=Decimal("2000.00"), tranche=tranche)
    tranche.refresh_from_db()
    assert tranche.received_amount == Decimal("2000.00")
    assert tranche not in queries.late_tranches(None, today=datetime.date(2026, 3, 20))
    assert totals.differences() == []
    services.transaction_reverse(
        actor=actor, tx=receipt, reason="Erreur", value_date=datetime.date(2026, 3, 12)
    )
    tranche.refresh_from_db()
    assert tranche.received_amount == Decimal("0.00")
    assert tranche in queries.late_tranches(None, today=datetime.date(2026, 3, 20))
    assert totals.differences() == []


def test_a_rebuild_gives_the_same_totals_and_a_wrong_one_is_found(small_world):
    before = totals._kept()
    Tranche.objects.update(received_amount=Decimal("1.00"))
    PartnerTotal.objects.filter(type="1").update(amount_mad=Decimal("1.00"))
    assert totals.differences() != []
    totals.rebuild()
    assert totals._kept() == before
    assert totals.differences() == []


def test_the_staff_dashboards_top_partners_are_grouped_once_per_state_of_the_ledger(small_world):
    """Grouping every partner's totals is the one part of the dashboard that grows with the partners:
    it is read from the cache until a service writes (and with it, the ledger), then grouped anew."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def partners(figures):
        return {str(r["label"]): r["received"] for r in figures["by_partner_rows"]}

    first = partners(queries.dashboard(None))
    with CaptureQueriesContext(connection) as again:
        assert partners(queries.dashboard(None)) == first
    assert not any("finance_partnertotal" in q["sql"] for q in again.captured_queries)

    services.transaction_record(
        actor=small_world["actor"],
        project=small_world["other_project"],
        data={
            "type": "1",
            "provider": "GIZ",
            "receiver": "Commune",
            "value_date": datetime.date(2026, 2, 1),
            "currency": "MAD",
            "amount": Decimal("70.00"),
            "funder": small_world["giz_funder"],
        },
    )
    after = partners(queries.dashboard(None))
    assert after["GIZ"] == first["GIZ"] + Decimal("70.00")
    from_tallies = _shown(queries.dashboard(Project.objects.all()))["by_partner"]
    assert after == {label: received for label, (received, _paid) in from_tallies.items()}
