import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from sharaka.core.models import Theme
from sharaka.core.testing import make_organisation, make_project, make_user, share_project
from sharaka.partners.models import Organisation
from sharaka.partners.services import index_organisation, organisation_create

pytestmark = pytest.mark.django_db
URL = "/partners/"


def names(response):
    return [org.acronym for org in response.context["page"]]


def add_partners(count, **data):
    for i in range(count):
        make_organisation(
            name_fr=f"Fondation {i:02d}",
            name_en="",
            name_ar="",
            acronym=f"F{i:02d}",
            iati_identifier="",
            **data,
        )


def test_it_lists_every_partner_for_the_commune_staff(client, world):
    client.force_login(world.personas.finance)

    response = client.get(URL)

    assert response.status_code == 200
    assert sorted(names(response)) == ["OTH", "UNDP"]


def test_a_partner_viewer_sees_only_its_own_organisation(client, world):
    client.force_login(world.personas.partner_viewer)

    response = client.get(URL)

    assert names(response) == ["UNDP"]
    assert "Autre bailleur" not in response.content.decode()
    assert "ممول آخر" not in response.content.decode()


def test_the_prefecture_gets_not_found_and_a_visitor_is_sent_to_sign_in(client, world):
    client.force_login(world.personas.prefecture)
    assert client.get(URL).status_code == 404
    client.logout()
    assert client.get(URL)["Location"].startswith("/accounts/login/")


def test_it_shows_the_name_in_the_readers_language_with_its_lang_attribute(client, world):
    client.force_login(world.personas.officer)
    html = client.get(URL).content.decode()
    assert 'lang="ar" dir="auto">برنامج الأمم المتحدة الإنمائي</a>' in html

    world.personas.officer.language = "fr"
    world.personas.officer.save()
    html = client.get(URL).content.decode()
    assert 'lang="fr" dir="auto">Programme des Nations unies pour le développement</a>' in html


def test_it_shows_model_country_stage_and_number_of_projects(client, world):
    share_project(make_project(code="AOU-T-009"), world.organisation, role="4")
    client.force_login(world.personas.officer)

    response = client.get(URL)

    row = next(org for org in response.context["page"] if org.acronym == "UNDP")
    assert row.project_count == 2
    html = response.content.decode()
    assert "الولايات المتحدة" in html  # the country, in Arabic
    assert 'class="badge stage-active"' in html


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("stage=prospect", ["OTH"]),
        ("stage=active", ["UNDP"]),
        ("model=un_agency&country=US", ["OTH", "UNDP"]),
        ("model=foundation", []),
        ("area=water_energy", ["UNDP"]),
        ("q=الانمائي", ["UNDP"]),  # typed without the hamza
        ("q=undp", ["UNDP"]),
        ("q=XM-OTH", ["OTH"]),
        ("stage=no-such-stage", ["OTH", "UNDP"]),  # a value that does not fit is ignored
    ],
)
def test_it_filters(client, world, query, expected):
    world.other_organisation.stage = "prospect"
    world.other_organisation.save()
    world.organisation.focus_areas.add(Theme.objects.get(kind="area", code="water_energy"))
    for org in Organisation.objects.all():
        index_organisation(org)
    client.force_login(world.personas.officer)

    response = client.get(f"{URL}?{query}")

    assert response.status_code == 200
    assert sorted(names(response)) == expected


def test_it_sorts_by_name_by_stage_in_pipeline_order_and_by_last_update(client, db):
    officer = make_user("officer", "cooperation_officer")
    for acronym, stage in [("B", "dormant"), ("A", "strategic"), ("C", "prospect")]:
        organisation_create(
            actor=officer,
            data={
                "name_fr": f"Org {acronym}",
                "acronym": acronym,
                "model": "foundation",
                "legal_type": "foreign_private",
                "country": "FR",
                "stage": stage,
            },
        )
    client.force_login(officer)

    assert names(client.get(URL)) == ["A", "B", "C"]
    assert names(client.get(URL + "?sort=stage")) == ["C", "A", "B"]
    assert names(client.get(URL + "?sort=updated")) == ["C", "A", "B"]


def test_it_shows_25_partners_a_page(client, personas):
    add_partners(28)
    client.force_login(personas.officer)

    first = client.get(URL)
    second = client.get(URL + "?page=2")

    assert len(first.context["page"].object_list) == 25
    assert len(second.context["page"].object_list) == 5
    assert 'rel="next"' in first.content.decode()


def _queries_for_page(client):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(URL).status_code == 200
    return len(queries)


@pytest.mark.parametrize("persona", ["officer", "partner_viewer"])
def test_it_costs_the_same_number_of_queries_for_5_or_30_partners(
    client, world, persona, django_assert_num_queries
):
    client.force_login(getattr(world.personas, persona))
    add_partners(3)
    for org in Organisation.objects.all():
        share_project(make_project(code=f"P-{org.pk}"), org, role="4")
    few = _queries_for_page(client)

    add_partners(25, stage="dormant")
    for org in Organisation.objects.filter(stage="dormant"):
        org.focus_areas.set(Theme.objects.filter(kind="area"))
    many = _queries_for_page(client)

    assert few == many
    with django_assert_num_queries(6 if persona == "officer" else 7):  # the page's project counts: one query
        client.get(URL)


@pytest.mark.postgres_only  # SQLite matches no index to an expression holding a bound parameter
@pytest.mark.parametrize("language", ["ar", "fr", "en"])
def test_postgresql_reads_the_page_in_the_readers_order_from_its_index(client, personas, language):
    """The staff list sorts by the name its reader sees: PostgreSQL reads 25 from the language's
    index (`organisation_<language>_order`) instead of sorting every partner."""
    Organisation.objects.bulk_create(
        Organisation(name_fr=f"Fondation {i:04d}", name_ar="", name_en="", acronym=f"F{i:04d}", country="FR")
        for i in range(3000)
    )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE partners_organisation")
    personas.officer.language = language
    personas.officer.save()
    client.force_login(personas.officer)
    with CaptureQueriesContext(connection) as captured:
        assert client.get(URL).status_code == 200
    page_query = next(q["sql"] for q in captured.captured_queries if "ORDER BY LOWER(COALESCE" in q["sql"])

    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN " + page_query)
        plan = " ".join(row[0] for row in cursor.fetchall())

    assert f"organisation_{language}_order" in plan
