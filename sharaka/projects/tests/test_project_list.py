"""The list of projects: who sees what, the filters, the sort orders, and a constant number of queries."""

import datetime
import re
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from sharaka.core.models import Theme
from sharaka.core.testing import make_organisation, make_project, share_project
from sharaka.projects.services import index_project

URL = reverse("project_list")


def _codes(response):
    return [p.code for p in response.context["page"].object_list]


def _many(count, personas, organisation, localities, start=0):
    if not start:
        _rate("EUR", datetime.date(2026, 1, 10), "10.900000")
    areas = list(Theme.objects.filter(kind="area"))
    for i in range(start, start + count):
        project = make_project(
            code=f"AOU-L-{i:03d}",
            manager=personas.manager if i % 2 else personas.officer,
            planned_start=datetime.date(2026 + i % 3, 1, 1),
            planned_end=datetime.date(2030, 1, 1),
        )
        project.themes.set([areas[i % 5], areas[(i + 1) % 5]])
        project.localities.set(localities[: 1 + i % 3])
        share_project(project, organisation, amount=Decimal(1000 + i), currency="MAD")
        share_project(project, make_organisation(acronym=f"F{i}", iati_identifier=f"XM-F{i}"), currency="EUR")


def _queries(client, url=URL):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


@pytest.mark.parametrize("persona", ["officer", "partner_viewer"])
def test_it_makes_as_many_queries_for_30_projects_as_for_5(client, world, localities, persona):
    client.force_login(getattr(world.personas, persona))
    _many(5, world.personas, world.organisation, localities)
    filtered = URL + "?sort=committed&area=urban&year=2026"  # one of the 5, four of the 30
    few, few_filtered = _queries(client), _queries(client, filtered)
    _many(25, world.personas, world.organisation, localities, start=5)  # 30, and a second page

    assert _queries(client) == few
    assert _queries(client, filtered) == few_filtered
    assert few_filtered == few + 1  # the area's theme, read first so that the database probes its index


def test_it_makes_a_known_number_of_queries(client, world, localities, django_assert_num_queries):
    client.force_login(world.personas.officer)
    _many(30, world.personas, world.organisation, localities)

    # session, user, partner choices, locality choices, years, count, page, areas, funders
    with django_assert_num_queries(9):
        client.get(URL)


def test_it_shows_the_columns_in_the_readers_language(client, world):
    client.force_login(world.personas.officer)

    html = client.get(URL).content.decode()

    assert 'lang="ar" dir="auto">تحلية مياه البحر بالطاقة الشمسية</a>' in html
    assert 'class="badge status-idea"' in html
    assert "100.000,00\u00a0EUR" in html  # the funder's amount in its own currency


def test_it_totals_what_funders_committed_in_dirhams(client, world):
    share_project(world.private_project, world.organisation, amount=Decimal("250000"), currency="MAD")
    share_project(
        world.private_project,
        make_organisation(acronym="AFD", iati_identifier="FR-3"),
        amount=Decimal("50000"),
        currency="MAD",
    )
    share_project(
        world.private_project,
        make_organisation(acronym="GIZ", iati_identifier="DE-1"),
        amount=Decimal("9"),
        currency="EUR",
    )
    client.force_login(world.personas.officer)

    response = client.get(URL)

    totals = {p.code: p.committed_mad for p in response.context["page"].object_list}
    assert totals == {"AOU-T-001": None, "AOU-T-002": Decimal("300000")}


def test_it_shows_a_partner_viewer_only_the_projects_of_their_organisation(client, world):
    client.force_login(world.personas.partner_viewer)

    response = client.get(URL)

    assert _codes(response) == ["AOU-T-001"]
    partner_choices = [c for c, _label in response.context["filters"].fields["partner"].choices if c]
    assert partner_choices == [world.organisation.pk]


def test_it_shows_nothing_to_a_partner_viewer_of_another_organisation(client, world):
    client.force_login(world.personas.outsider_partner_viewer)

    assert _codes(client.get(URL)) == []


def test_it_is_not_found_for_the_prefecture(client, world):
    client.force_login(world.personas.prefecture)

    assert client.get(URL).status_code == 404


def test_it_hides_archived_projects_unless_asked(client, world):
    world.private_project.archived_at = timezone.now()
    world.private_project.save()
    client.force_login(world.personas.officer)

    assert _codes(client.get(URL)) == ["AOU-T-001"]
    assert sorted(_codes(client.get(URL + "?archived=on"))) == ["AOU-T-001", "AOU-T-002"]


def test_it_filters_by_status_area_objective_partner_locality_and_year(client, world, localities):
    project, other = world.project, world.private_project
    project.themes.set(Theme.objects.filter(code__in=["water_energy", "sustainability"]))
    other.themes.set(Theme.objects.filter(code__in=["culture"]))
    other.localities.set([localities[1]])
    other.status = "concept_note"
    other.planned_start = datetime.date(2028, 3, 1)
    other.planned_end = datetime.date(2029, 3, 1)
    other.save()
    share_project(project, world.organisation, role="4")  # the same partner in a second role: no duplicate
    client.force_login(world.personas.officer)

    def codes(query):
        return _codes(client.get(f"{URL}?{query}"))

    assert codes("status=concept_note") == ["AOU-T-002"]
    assert codes("area=water_energy") == ["AOU-T-001"]
    assert codes("objective=sustainability") == ["AOU-T-001"]
    assert codes(f"partner={world.organisation.pk}") == ["AOU-T-001"]
    assert codes(f"locality={localities[1].pk}") == ["AOU-T-002"]
    assert codes("year=2028") == ["AOU-T-002"]
    assert codes("year=2026&status=idea") == ["AOU-T-001"]


def _crowd(world, count):
    """`count` more organisations taking part in the private project, and as many more localities."""
    from sharaka.core.models import Locality
    from sharaka.partners.models import Organisation
    from sharaka.projects.models import ProjectPartner

    crowd = Organisation.objects.bulk_create(
        Organisation(name_fr=f"Bailleur {i}", name_en=f"Donor {i}", name_ar=f"مانح {i}", acronym=f"D{i:03d}")
        for i in range(count)
    )
    ProjectPartner.objects.bulk_create(
        ProjectPartner(project=world.private_project, organisation=o, role="4") for o in crowd
    )
    Locality.objects.bulk_create(
        Locality(
            name_fr=f"Douar {i}",
            name_ar=f"دوار {i}",
            name_en=f"Douar {i}",
            kind="douar",
            latitude=30,
            longitude=-9,
        )
        for i in range(count)
    )


def test_it_offers_the_partners_and_localities_in_drop_downs_while_there_are_at_most_100(
    client, world, localities
):
    _crowd(world, 100 - 1 - len(localities))  # the world's partner takes part too
    client.force_login(world.personas.officer)

    html = client.get(URL).content.decode()

    assert html.count("<option") > 2 * 90
    assert 'name="partner"' in html
    assert '<select name="partner"' in html
    assert '<select name="locality"' in html


def test_it_turns_the_partner_and_locality_filters_into_boxes_above_100_choices(client, world, localities):
    _crowd(world, 101)
    share_project(world.project, world.organisation, role="4")
    world.private_project.localities.set([localities[1]])
    client.force_login(world.personas.officer)

    def codes(query):
        return _codes(client.get(f"{URL}?{query}"))

    html = client.get(URL).content.decode()
    assert '<select name="partner"' not in html
    assert '<select name="locality"' not in html
    assert html.count("<option") < 50  # status, areas, objectives, years, sorts
    assert codes("partner=d100") == ["AOU-T-002"]  # the acronym, in any case
    assert codes("partner=undp") == ["AOU-T-001"]
    assert codes(f"partner={world.organisation.pk}&status=idea") == ["AOU-T-001"]  # a link's number
    assert codes("locality=tamraght") == ["AOU-T-002"]
    assert codes("locality=تامراغت") == ["AOU-T-002"]

    response = client.get(URL + "?partner=NOPE")
    assert "NOPE" in response.context["filters"].errors["partner"][0]  # shown beside the box
    assert len(_codes(response)) == 2  # the wrong filter is ignored


def test_it_makes_as_many_queries_with_the_boxes_as_with_the_drop_downs(client, world, localities):
    client.force_login(world.personas.officer)
    few = _queries(client)
    _crowd(world, 150)

    assert _queries(client) == few


def test_it_offers_every_year_from_the_latest_planned_start_to_the_earliest(client, world):
    world.private_project.planned_start = datetime.date(2029, 3, 1)
    world.private_project.planned_end = datetime.date(2030, 3, 1)
    world.private_project.save()
    client.force_login(world.personas.officer)

    years = [y for y, _label in client.get(URL).context["filters"].fields["year"].choices if y]

    assert years == [2029, 2028, 2027, 2026]
    assert _codes(client.get(URL + "?year=2027")) == []


def test_it_counts_at_most_the_cap_and_says_so(client, world, localities, monkeypatch):
    from sharaka.projects import views

    monkeypatch.setattr(views, "LIST_CAP", 1)
    client.force_login(world.personas.officer)

    response = client.get(URL)

    assert response.context["page"].paginator.capped
    assert "1" in response.content.decode().split('role="status">')[1].split("</p>")[0]


def test_it_counts_a_filtered_list_to_a_lower_cap(client, world, monkeypatch):
    from sharaka.projects import views

    monkeypatch.setattr(views, "FILTERED_CAP", 1)
    index_project(world.project)
    index_project(world.private_project)
    client.force_login(world.personas.officer)

    by_words = client.get(URL + "?q=AOU")
    by_year = client.get(URL + f"?year={world.project.planned_start.year}")
    everything = client.get(URL)
    with_archived = client.get(URL + "?archived=on")

    assert by_words.context["page"].paginator.capped
    status = by_words.content.decode().split('role="status">')[1].split("</p>")[0]
    assert "1" in status and "2" not in status  # "more than 1", not the 2 projects found
    assert by_year.context["page"].paginator.cap == 1
    assert not everything.context["page"].paginator.capped
    assert everything.context["page"].paginator.count == 2
    assert with_archived.context["page"].paginator.cap == views.LIST_CAP  # showing more is no filter


def test_it_finds_projects_by_arabic_words_written_loosely(client, world):
    index_project(world.project)
    index_project(world.private_project)
    client.force_login(world.personas.officer)

    assert _codes(client.get(URL + "?q=تحليه مياة")) == ["AOU-T-001"]
    assert _codes(client.get(URL + "?q=INTERNE")) == ["AOU-T-002"]


def test_words_and_a_year_follow_the_planned_start_as_it_is_changed(client, world):
    from sharaka.projects.services import project_update

    world.private_project.title_ar = "تحلية المياه في الدواوير"
    world.private_project.planned_start = datetime.date(2028, 3, 1)
    world.private_project.planned_end = datetime.date(2029, 3, 1)
    world.private_project.save()
    index_project(world.project)
    index_project(world.private_project)
    client.force_login(world.personas.officer)

    assert _codes(client.get(URL + "?q=تحلية&year=2026")) == ["AOU-T-001"]
    assert _codes(client.get(URL + "?q=تحلية&year=2028")) == ["AOU-T-002"]
    assert _codes(client.get(URL + "?q=الشمسية&year=2028")) == []  # a word of the other project only

    moved = project_update(
        actor=world.personas.officer,
        project=world.project,
        data={"planned_start": datetime.date(2027, 6, 1), "planned_end": datetime.date(2028, 6, 1)},
        expected_version=world.project.version,
    )
    assert moved.planned_start.year == 2027
    assert _codes(client.get(URL + "?q=تحلية&year=2027")) == ["AOU-T-001"]
    assert _codes(client.get(URL + "?q=تحلية&year=2028")) == ["AOU-T-002"]


@pytest.mark.parametrize(
    ("sort", "first"),
    [("code", "AOU-T-001"), ("-start", "AOU-T-002"), ("start", "AOU-T-001"), ("status", "AOU-T-001")],
)
def test_it_sorts(client, world, sort, first):
    world.private_project.planned_start = datetime.date(2029, 1, 1)
    world.private_project.planned_end = datetime.date(2030, 1, 1)
    world.private_project.status = "approved"
    world.private_project.save()
    client.force_login(world.personas.officer)

    assert _codes(client.get(f"{URL}?sort={sort}"))[0] == first


def test_it_ignores_filters_it_does_not_understand_without_failing(client, world):
    client.force_login(world.personas.officer)

    response = client.get(URL + "?status=nope&year=abc&partner=x&locality=999&sort=evil&page=-4")

    assert response.status_code == 200
    assert len(_codes(response)) == 2


def test_it_paginates_by_25(client, world, localities):
    _many(30, world.personas, world.organisation, localities)
    client.force_login(world.personas.officer)

    assert len(_codes(client.get(URL))) == 25
    assert len(_codes(client.get(URL + "?page=2"))) == 7


@pytest.mark.parametrize("persona", ["admin", "officer"])
def test_it_offers_the_unit_to_create_a_project(client, personas, persona):
    client.force_login(getattr(personas, persona))

    assert reverse("project_create") in client.get(URL).content.decode()


@pytest.mark.parametrize("persona", ["manager", "auditor", "partner_viewer"])
def test_it_does_not_offer_others_to_create_a_project(client, personas, persona):
    client.force_login(getattr(personas, persona))

    assert reverse("project_create") not in client.get(URL).content.decode()


def _rate(currency, date, rate):
    from sharaka.finance.models import ExchangeRate

    return ExchangeRate.objects.create(currency=currency, date=date, rate=Decimal(rate), source="BAM")


def _funder(project, acronym, amount, currency, on):
    partner = share_project(
        project,
        make_organisation(acronym=acronym, iati_identifier=f"XM-{acronym}"),
        amount=Decimal(amount),
        currency=currency,
    )
    partner.committed_on = on
    partner.save()
    return partner


def test_it_converts_each_foreign_commitment_at_the_rate_of_its_value_date(client, world):
    # The world's EUR 100,000 of 2026-01-15 on AOU-T-001: the latest rate on or before that day.
    _rate("EUR", datetime.date(2026, 1, 2), "10.800000")
    _rate("EUR", datetime.date(2026, 1, 12), "10.912345")
    _rate("EUR", datetime.date(2026, 1, 16), "99.000000")  # after the value date: not used
    client.force_login(world.personas.officer)

    response = client.get(URL)
    html = response.content.decode()

    totals = {p.code: p.committed_mad for p in response.context["page"].object_list}
    assert totals["AOU-T-001"] == Decimal("1091234.50")
    assert '≈ <bdi class="money">1.091.234,50\u00a0درهم</bdi>' in html
    assert '<bdi dir="ltr">2026-01-12</bdi>' in html
    assert not re.search(r"(?<![\w.,])9\.900\.000", html)


def test_it_says_which_currency_has_no_rate_instead_of_a_dash(client, world):
    _rate("EUR", datetime.date(2025, 12, 14), "10.900000")  # 32 days before 2026-01-15: too old
    client.force_login(world.personas.officer)

    html = client.get(URL).content.decode()

    assert 'لا يوجد سعر صرف لعملة <bdi dir="ltr">EUR</bdi> في ذلك التاريخ' in html
    assert "1,090,000" not in html


def test_it_adds_currencies_in_dirhams_and_sorts_by_the_total(client, world):
    _rate("EUR", datetime.date(2026, 1, 15), "11.000000")  # exactly on the value date
    _rate("USD", datetime.date(2025, 12, 15), "10.000000")  # 31 days old: still applies
    # AOU-T-001: EUR 100,000 (the world's) = 1,100,000 MAD
    _funder(world.private_project, "UN", "50000", "USD", datetime.date(2026, 1, 15))  # 500,000
    _funder(world.private_project, "CR", "700000.01", "MAD", datetime.date(2026, 1, 15))
    third = make_project(code="AOU-T-003")
    _funder(third, "JP", "1000", "JPY", datetime.date(2026, 1, 15))  # no rate: nothing to add
    client.force_login(world.personas.officer)

    response = client.get(URL + "?sort=committed")

    rows = [(p.code, p.committed_mad) for p in response.context["page"].object_list]
    assert rows == [
        ("AOU-T-002", Decimal("1200000.01")),
        ("AOU-T-001", Decimal("1100000.00")),
        ("AOU-T-003", None),
    ]


def test_the_total_shown_is_the_one_it_sorts_by_and_exports(client, world):
    from sharaka.projects import mad
    from sharaka.projects.models import Project

    _rate("EUR", datetime.date(2026, 1, 10), "10.900000")
    share_project(world.private_project, world.organisation, amount=Decimal("1000.55"), currency="EUR")
    afd = make_organisation(acronym="AFD", iati_identifier="FR-3")
    share_project(world.private_project, afd, amount=Decimal("250000"), currency="MAD")
    client.force_login(world.personas.officer)

    shown = {p.code: p.committed_mad for p in client.get(URL).context["page"].object_list}
    in_sql = dict(Project.objects.annotate(total=mad.committed_mad()).values_list("code", "total"))
    exported = b"".join(client.get(URL, {"export": "csv"}).streaming_content).decode()

    assert shown["AOU-T-002"] == Decimal("260906.00")  # 1,000.55 EUR x 10.9, rounded once, + 250,000
    assert shown == in_sql
    assert "260906" in exported.replace(",", "").replace(" ", "").replace("\u202f", "")
