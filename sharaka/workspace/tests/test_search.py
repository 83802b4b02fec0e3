import pytest

from sharaka.partners import services as partner_services
from sharaka.projects import services as project_services


@pytest.fixture
def indexed(personas):
    project = project_services.project_create(
        actor=personas.officer,
        data={
            "code": "AOU-S-001",
            "title_ar": "تَحْلِيَةُ مِيَاهِ البَحْرِ بِالطَّاقَةِ الشَّمْسِيَّةِ في إمي ميقي",
            "title_fr": "Dessalement à Imi Miki",
        },
    )
    org = partner_services.organisation_create(
        actor=personas.officer,
        data={
            "name_fr": "Société Générale Coopération",
            "name_ar": "الشركة العامة للتعاون",
            "model": "private_company",
            "legal_type": "foreign_private",
            "country": "FR",
        },
    )
    contact = partner_services.contact_add(
        actor=personas.officer,
        organisation=org,
        data={"name": "Hélène Aït Brahim", "email": "helene@example.org"},
    )
    return project, org, contact


@pytest.mark.parametrize(
    "query",
    ["تحلية المياه", "تحليه", "بالطاقة الشمسيه", "امي ميقي", "dessalement", "DESSALEMENT imi"],
)
def test_it_finds_a_project_the_way_people_type(client, personas, indexed, query):
    client.force_login(personas.officer)
    html = client.get("/search/", {"q": query}).content.decode()
    assert "AOU-S-001" in html, query


def test_it_finds_french_names_without_accents(client, personas, indexed):
    client.force_login(personas.officer)
    html = client.get("/search/", {"q": "societe generale"}).content.decode()
    assert "الشركة العامة للتعاون" in html  # an Arabic reader sees the Arabic name
    assert "Hélène Aït Brahim" not in html
    assert "Hélène Aït Brahim" in client.get("/search/", {"q": "helene"}).content.decode()


def test_it_needs_every_word(client, personas, indexed):
    client.force_login(personas.officer)
    html = client.get("/search/", {"q": "تحلية مدرسة"}).content.decode()
    assert "AOU-S-001" not in html


def test_it_hides_contacts_from_roles_that_may_not_see_them(client, personas, indexed):
    client.force_login(personas.council)
    html = client.get("/search/", {"q": "helene"}).content.decode()
    assert "Hélène" not in html


def test_it_returns_only_the_results_block_to_htmx(client, personas, indexed):
    client.force_login(personas.officer)
    response = client.get("/search/", {"q": "تحلية"}, headers={"HX-Request": "true"})
    html = response.content.decode()
    assert "AOU-S-001" in html
    assert "<html" not in html


def test_it_keeps_the_query_and_escapes_it(client, personas, indexed):
    client.force_login(personas.officer)
    html = client.get("/search/", {"q": "<script>x</script>"}).content.decode()
    assert "<script>x</script>" not in html
    assert "&lt;script&gt;" in html


def _codes(response) -> list[str]:
    return [project.code for project in response.context["results"]["projects"]]


def test_a_search_found_in_more_entries_than_one_lookup_reads_shows_the_same(client, personas, monkeypatch):
    """Past `Matches.CAP` entries each kind is read through its own subquery (a word most texts
    hold): the same projects, in the same order, with no more queries."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from sharaka.core.search import Matches

    for n in (3, 1, 2):
        project_services.project_create(
            actor=personas.officer, data={"code": f"AOU-S-00{n}", "title_fr": f"Dessalement, tranche {n}"}
        )
    client.force_login(personas.officer)
    with CaptureQueriesContext(connection) as one_lookup:
        read_whole = client.get("/search/", {"q": "dessalement tranche"})
    monkeypatch.setattr(Matches, "CAP", 1)
    with CaptureQueriesContext(connection) as per_kind:
        past_the_cap = client.get("/search/", {"q": "dessalement tranche"})

    assert _codes(read_whole) == _codes(past_the_cap) == ["AOU-S-001", "AOU-S-002", "AOU-S-003"]
    assert len(one_lookup) <= len(per_kind)


def test_the_search_page_reads_the_index_once_however_many_kinds_it_shows(client, personas, indexed):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(personas.officer)
    with CaptureQueriesContext(connection) as captured:
        client.get("/search/", {"q": "تحلية مياه"})

    reads = [q["sql"] for q in captured.captured_queries if "core_searchentry" in q["sql"]]
    assert len(reads) == 1
