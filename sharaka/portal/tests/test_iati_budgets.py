"""Budgets, planned disbursements and the organisation's total budget in the IATI files: split into
budget years that add up to the centime, valid against schema, codelists and rulesets; a broken
budget caught before publishing; and the writer reading projects a chunk at a time."""

import datetime
import gc
import weakref
from decimal import Decimal

import pytest
from django.utils import translation

from sharaka.core.testing import make_organisation
from sharaka.finance.models import BudgetLine, Funder, Tranche
from sharaka.portal import checks
from sharaka.portal.iati import elements, writer
from sharaka.portal.tests import iati_check
from sharaka.portal.tests.helpers import publishable_project, transaction
from sharaka.projects.models import Project

pytestmark = [pytest.mark.django_db]
D = datetime.date


def _budget(project, *amounts, organisation=None, kind="partner"):
    funder = Funder.objects.create(
        project=project, kind=kind, organisation=organisation, name="" if organisation else "INDH"
    )
    for category, amount in zip(("works", "training", "equipment"), amounts, strict=False):
        BudgetLine.objects.create(
            project=project, category=category, funder=funder, amount_mad=Decimal(amount)
        )
    return funder


def _tranche(project, funder, expected_on, amount, currency="EUR"):
    return Tranche.objects.create(
        project=project,
        funder=funder,
        expected_on=expected_on,
        currency=currency,
        amount=Decimal(amount),
        note="MARK-NOTE",
    )


def _file() -> bytes:
    return b"".join(writer.activity_chunks())


def test_it_splits_a_budget_into_budget_years_pro_rata_to_the_centime():
    periods = elements.fiscal_periods(D(2026, 7, 1), D(2028, 3, 31))
    assert periods == [
        (D(2026, 7, 1), D(2026, 12, 31)),
        (D(2027, 1, 1), D(2027, 12, 31)),
        (D(2028, 1, 1), D(2028, 3, 31)),
    ]
    shares = elements.split_pro_rata(Decimal("1000000.00"), periods)
    # 184, 365 and 91 days out of 640: 287,500.00, 570,312.50, and the remainder 142,187.50.
    assert shares == [Decimal("287500.00"), Decimal("570312.50"), Decimal("142187.50")]
    thirds = elements.split_pro_rata(Decimal("100.00"), [(D(2026, 1, 1), D(2026, 1, 1))] * 3)
    assert thirds == [Decimal("33.33"), Decimal("33.33"), Decimal("33.34")] and sum(thirds) == 100
    halves = elements.split_pro_rata(Decimal("0.05"), [(D(2026, 1, 1), D(2026, 1, 1))] * 2)
    assert halves == [Decimal("0.03"), Decimal("0.02")]  # half-up, remainder on the last
    assert elements.fiscal_periods(D(2026, 5, 1), D(2026, 3, 1)) == [(D(2026, 5, 1), D(2026, 3, 1))]


def test_it_writes_budgets_and_planned_disbursements_that_pass_schema_codelists_and_rulesets():
    undp = make_organisation(acronym="UNDPB", iati_identifier="XM-DAC-41114")
    project = publishable_project(funder=undp)  # 2026-01-01 – 2027-12-31
    funder = _budget(project, "600000.00", "130000.50", organisation=undp)
    commune = _budget(project, "70000.00", kind="commune")
    _tranche(project, funder, D(2026, 3, 15), "40000.00")
    _tranche(project, funder, D(2027, 3, 15), "25000.00")
    _tranche(project, commune, D(2026, 6, 1), "70000.00", currency="MAD")
    data = _file()
    assert iati_check.problems(data) == []
    activity = iati_check.parse(data).xpath("//iati-activity")[0]
    tags = [child.tag for child in activity]
    assert tags.index("tag") < tags.index("budget") < tags.index("planned-disbursement")
    budgets = activity.xpath("budget")
    assert [(b.get("type"), b.get("status")) for b in budgets] == [("1", "2"), ("1", "2")]
    assert activity.xpath("budget/period-start/@iso-date") == ["2026-01-01", "2027-01-01"]
    assert activity.xpath("budget/period-end/@iso-date") == ["2026-12-31", "2027-12-31"]
    assert activity.xpath("budget/value/@value-date") == ["2026-01-01", "2027-01-01"]
    values = [Decimal(v) for v in activity.xpath("budget/value/text()")]
    assert values == [Decimal("400000.25"), Decimal("400000.25")] and sum(values) == Decimal("800000.50")
    assert set(activity.xpath("budget/value/@currency")) == {"MAD"}
    disbursements = activity.xpath("planned-disbursement")
    assert [d.findtext("value") for d in disbursements] == ["40000.00", "70000.00", "25000.00"]
    assert [d.find("value").get("currency") for d in disbursements] == ["EUR", "MAD", "EUR"]
    assert disbursements[0].find("provider-org").get("ref") == "XM-DAC-41114"
    assert disbursements[1].find("provider-org").get("ref") == "MA-COA-AOURIR"
    assert disbursements[0].find("receiver-org").get("ref") == "MA-COA-AOURIR"
    assert "MARK-NOTE" not in data.decode()


def test_it_leaves_budgets_and_tranches_of_unpublished_projects_out():
    hidden = publishable_project(published=False)
    funder = _budget(hidden, "5000.00")
    _tranche(hidden, funder, D(2026, 3, 15), "777.00")
    publishable_project()
    data = _file()
    assert b"<budget" not in data and b"planned-disbursement" not in data


def test_it_writes_the_total_budget_of_the_published_projects_in_the_organisation_file():
    project = publishable_project(planned_start=D(2026, 7, 1), planned_end=D(2027, 6, 30))
    _budget(project, "365000.00")
    other = publishable_project(planned_start=D(2027, 1, 1), planned_end=D(2027, 12, 31))
    _budget(other, "100000.00")
    _budget(publishable_project(published=False), "999999.00")
    data = b"".join(writer.organisation_chunks())
    assert iati_check.problems(data) == []
    tree = iati_check.parse(data)
    assert tree.xpath("//total-budget/period-start/@iso-date") == ["2026-01-01", "2027-01-01"]
    # 184 of 365 days in 2026: 184,000.00; 181,000.00 + 100,000.00 in 2027.
    assert tree.xpath("//total-budget/value/text()") == ["184000.00", "281000.00"]
    assert tree.xpath("//total-budget/budget-line/narrative[@xml:lang='en']/text()")[0] == (
        "Published partnership projects"
    )


def _spent(project, user, type, value_date, amount, **extra):
    return transaction(
        project,
        user,
        type=type,
        value_date=value_date,
        currency="MAD",
        rate=Decimal(1),
        amount=amount,
        amount_mad=Decimal(amount),
        **extra,
    )


def test_it_writes_the_total_expenditure_of_the_published_projects_up_to_today(personas):
    from django.utils import timezone

    today = timezone.localdate()
    last, this = today.year - 1, today.year
    project = publishable_project(planned_start=D(last, 1, 1), planned_end=D(this, 12, 31))
    _budget(project, "365000.00")
    paid = _spent(project, personas.finance, "3", D(last, 3, 1), "1000.00")
    _spent(project, personas.finance, "4", D(last, 12, 31), "500.00")
    _spent(project, personas.finance, "3", D(last, 6, 1), "-200.00", reverses=paid)  # a correction
    _spent(project, personas.finance, "1", D(last, 2, 1), "99999.00")  # money in is not spent
    _spent(project, personas.finance, "4", today, "250.50")
    _spent(project, personas.finance, "3", today + datetime.timedelta(days=1), "7777.00")  # not yet a fact
    hidden = publishable_project(published=False)
    _spent(hidden, personas.finance, "3", D(last, 3, 1), "4444.00")

    data = b"".join(writer.organisation_chunks())
    assert iati_check.problems(data) == []
    organisation = iati_check.parse(data).xpath("//iati-organisation")[0]
    tags = [child.tag for child in organisation]
    assert tags.index("total-budget") < tags.index("total-expenditure")  # the schema's sequence
    assert tags[-2:] == ["total-expenditure", "total-expenditure"]
    spent = organisation.xpath("total-expenditure")
    assert [e.xpath("string(period-start/@iso-date)") for e in spent] == [f"{last}-01-01", f"{this}-01-01"]
    assert [e.xpath("string(period-end/@iso-date)") for e in spent] == [f"{last}-12-31", f"{this}-12-31"]
    assert [e.findtext("value") for e in spent] == ["1300.00", "250.50"]
    assert [e.find("value").get("value-date") for e in spent] == [f"{last}-12-31", today.isoformat()]
    assert {e.find("value").get("currency") for e in spent} == {"MAD"}
    assert spent[0].xpath("expense-line/value/text()") == ["1300.00"]
    assert spent[0].xpath("expense-line/narrative[@xml:lang='fr']/text()") == [
        "Projets de partenariat publiés"
    ]


def test_it_catches_a_broken_budget_before_publishing_and_in_the_file(monkeypatch):
    # Started (actual date) after its planned end: the budget would run backwards.
    wrong_order = publishable_project(
        planned_start=None, planned_end=D(2025, 6, 1), actual_start=D(2026, 6, 1)
    )
    _budget(wrong_order, "1000.00")
    no_end = publishable_project(planned_end=None)
    _budget(no_end, "1000.00")
    with translation.override("en"):
        assert "A budget period ends before it starts (1 June 2026 – 1 June 2025)." in checks.problems(
            wrong_order
        )
        assert (
            "The project has a budget but no start or end date: its budget cannot be divided into years."
            in checks.problems(no_end)
        )
    with translation.override("fr"):
        assert (
            "Une période budgétaire finit avant de commencer (1 juin 2026 – 1 juin 2025)."
            in checks.problems(wrong_order)
        )
    problems = iati_check.problems(_file())  # written anyway, as if someone bypassed the checks
    assert any(p.startswith("error 8.6.3") for p in problems), problems

    # A split that gave a whole multi-year period (as a wrong change to the split would) is caught too.
    Project.objects.filter(pk__in=[wrong_order.pk, no_end.pk]).update(published_at=None)
    long = publishable_project(planned_start=D(2026, 1, 1), planned_end=D(2027, 12, 31))
    _budget(long, "1000.00")
    monkeypatch.setattr(elements, "fiscal_periods", lambda start, end: [(start, end)])
    with translation.override("en"):
        assert (
            "A budget period is longer than a year (1 January 2026 – 31 December 2027): IATI allows twelve months "
            "at most." in checks.problems(long)
        )
    problems = iati_check.problems(_file())
    assert any(p.startswith("error 7.5.3") for p in problems), problems


def _money(project, user, transactions=3):
    funder = _budget(project, "1000.00", "2000.00")
    _tranche(project, funder, D(2026, 4, 1), "500.00")
    for day in range(1, transactions + 1):
        transaction(project, user, value_date=D(2026, 3, day))


PER_CHUNK = 9  # the chunk's projects, then participations, sectors, themes, localities, documents,
# tranches and transactions, and the results (none here: the indicators and periods are not read);
# budgets are a subquery of the projects' query


def test_it_reads_projects_a_chunk_at_a_time_in_queries_per_chunk_not_per_project(
    django_assert_num_queries, personas
):
    for _ in range(3):
        _money(publishable_project(), personas.finance)
    with django_assert_num_queries(1 + 2 * PER_CHUNK):  # the ids, then 2 chunks of 2
        chunks = list(writer.activity_chunks(chunk_size=2))
    assert len(chunks) == 4  # one per activity, then the end of the file
    for _ in range(6):
        _money(publishable_project(), personas.finance, transactions=6)
    with django_assert_num_queries(1 + 5 * PER_CHUNK):  # 9 projects: 5 chunks of at most 2
        list(writer.activity_chunks(chunk_size=2))
    with django_assert_num_queries(1 + 1 * PER_CHUNK):  # the default chunk holds them all
        list(writer.activity_chunks())


def test_it_lets_go_of_each_chunk_once_written(personas, monkeypatch):
    """The writer cuts the reference cycles between a project and its prefetched rows, so a written
    chunk is freed at once, not whenever the garbage collector comes by (memory stays one chunk)."""
    for _ in range(4):
        _money(publishable_project(), personas.finance)
    seen = []
    forget = writer.forget

    monkeypatch.setattr(writer, "forget", lambda project: seen.append(_watch(project)) or forget(project))
    stream = writer.activity_chunks(chunk_size=2)
    gc.disable()
    try:
        next(stream), next(stream)  # the first chunk's two activities
        next(stream)  # the second chunk's first: the first chunk is no longer held
        assert [ref() for ref in seen[:2]] == [None, None]
        assert seen[2]() is not None
        list(stream)
    finally:
        gc.enable()


def _watch(project):
    return weakref.ref(project)
