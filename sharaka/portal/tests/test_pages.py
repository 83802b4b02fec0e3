"""The portal's pages: four languages, small pages, constant queries, the map without tiles."""

import pytest
from django.conf import settings
from django.core.cache import cache
from django.urls import reverse

from sharaka.portal.tests.helpers import document, publishable_project

pytestmark = pytest.mark.django_db
PUBLIC_PAGES = [
    "home",
    "project_list",
    "partner_list",
    "agreement_list",
    "document_list",
    "map",
    "feedback",
    "open_data",
    "ledger",
]


def test_it_sends_anonymous_visitors_of_the_root_to_the_portal(client):
    response = client.get("/")
    assert response.status_code == 302 and response.url == reverse("portal:home")


@pytest.mark.parametrize(
    ("lang", "html_tag", "word"),
    [
        ("ar", '<html lang="ar" dir="rtl">', "المشاريع"),
        ("fr", '<html lang="fr" dir="ltr">', "Projets"),
        ("en", '<html lang="en" dir="ltr">', "Projects"),
        ("zgh", '<html lang="zgh" dir="ltr">', "ⵉⵙⵏⴼⴰⵔⵏ"),
    ],
)
def test_it_speaks_each_portal_language_and_remembers_it(client, lang, html_tag, word):
    response = client.get(reverse("portal:home"), {"lang": lang})
    html = response.content.decode()
    assert html_tag in html and word in html
    assert response.cookies[settings.PORTAL_LANGUAGE_COOKIE_NAME].value == lang
    assert html_tag in client.get(reverse("portal:project_list")).content.decode()


def test_it_keeps_tamazight_off_the_staff_language_switch(client, personas):
    assert "zgh" not in dict(settings.LANGUAGES)
    client.force_login(personas.officer)
    client.get(reverse("portal:home"), {"lang": "zgh"})
    html = client.get(reverse("portal:publishing")).content.decode()
    assert 'lang="zgh"' not in html


def test_it_falls_back_to_arabic_content_in_tamazight(client):
    project = publishable_project(title_ar="الماء للجميع", title_fr="L'eau pour tous")
    html = client.get(reverse("portal:project_detail", args=[project.pk]), {"lang": "zgh"}).content.decode()
    assert "الماء للجميع" in html


@pytest.mark.parametrize("name", PUBLIC_PAGES)
def test_it_keeps_every_page_under_150_kb(client, name, personas):
    for _ in range(30):
        document(publishable_project(), personas.officer)
    response = client.get(reverse(f"portal:{name}"))
    assert response.status_code == 200
    assert len(response.content) < 150_000


def test_it_loads_leaflet_only_on_the_map_page(client):
    publishable_project()
    assert "leaflet" not in client.get(reverse("portal:home")).content.decode()
    html = client.get(reverse("portal:map")).content.decode()
    assert "leaflet/leaflet.js" in html and "leaflet/leaflet.css" in html
    assert "data-tiles" not in html  # no tiles by default: the points are drawn on a plain background
    assert "<svg" in html and 'data-lat="30.513000"' in html  # the fallback plot and list


@pytest.mark.parametrize("name", ["home", "project_list", "partner_list", "document_list", "map"])
def test_it_reads_public_lists_in_constant_queries(client, name, personas):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from sharaka.projects import figures

    document(publishable_project(), personas.officer)
    figures.rebuild()

    with CaptureQueriesContext(connection) as few:
        client.get(reverse(f"portal:{name}"))
    for _ in range(6):
        document(publishable_project(), personas.officer)
    cache.clear()  # these helpers write without the ledger; the home's figures are cached by its head
    figures.rebuild()  # nor the services that keep the public projects per partner
    with CaptureQueriesContext(connection) as many:
        client.get(reverse(f"portal:{name}"))
    assert len(many) == len(few), [q["sql"] for q in many.captured_queries]


def test_the_home_figures_come_from_the_cache_until_the_data_changes(client, personas):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from sharaka.portal import services

    publishable_project()
    first = client.get(reverse("portal:home"))
    with CaptureQueriesContext(connection) as cached:
        again = client.get(reverse("portal:home"))
    assert len(cached) <= 2  # the ledger's head (and the session's language), no sums
    assert again.context["totals"] == first.context["totals"]
    services.project_publish(actor=personas.officer, project=publishable_project(published=False))
    after = client.get(reverse("portal:home"))
    assert after.context["totals"]["projects"] == first.context["totals"]["projects"] + 1


def test_it_renders_a_project_page_with_its_facts(client, personas):
    project = publishable_project()
    document(project, personas.officer, title="Bilan 2026")
    html = client.get(reverse("portal:project_detail", args=[project.pk]), {"lang": "fr"}).content.decode()
    assert "Bilan 2026" in html and "14030" in html and "Tamraght" in html


def test_the_partner_list_pages_its_partners_with_their_published_projects(client, monkeypatch):
    from sharaka.core.testing import make_organisation, share_project
    from sharaka.portal import views
    from sharaka.projects import figures

    monkeypatch.setattr(views, "PARTNERS_PER_PAGE", 1)
    first = make_organisation(name_fr="Agence A", acronym="AA", iati_identifier="XM-AA")
    second = make_organisation(name_fr="Bureau B", acronym="BB", iati_identifier="XM-BB")
    publishable_project(funder=first)
    shared = publishable_project(funder=second)
    share_project(publishable_project(funder=first), second, role="4")
    share_project(shared, first, role="4")
    share_project(publishable_project(published=False, funder=first), second, role="4")  # not public
    figures.rebuild()  # the helpers write without the services that keep the public projects per partner

    url = reverse("portal:partner_list")
    one = client.get(url)
    two = client.get(url, {"page": 2})

    assert [(p.acronym, p.public_projects) for p in one.context["partners"]] == [("AA", 3)]
    assert [(p.acronym, p.public_projects) for p in two.context["partners"]] == [("BB", 2)]
    assert "BB</bdi>" in two.content.decode() and "BB</bdi>" not in one.content.decode()
    # Not counted (national scale: 5,000 partners probed): "Page 1" and "next", then "previous" only.
    english = client.get(url, {"lang": "en"}).content.decode()
    assert "<span>Page 1</span>" in english and 'rel="next"' in english
    assert 'rel="prev"' in two.content.decode() and 'rel="next"' not in two.content.decode()
    past = client.get(url, {"page": 3})  # past the last partner: the first page
    assert [p.acronym for p in past.context["partners"]] == ["AA"]


def test_the_partner_list_follows_what_the_services_publish_withdraw_and_archive(client, personas):
    """The list reads each partner's public projects as the services keep them: a partner appears
    when its first project is published, its number follows, and it leaves with its last one."""
    from sharaka.core.testing import make_organisation
    from sharaka.portal import services
    from sharaka.projects import figures
    from sharaka.projects import services as project_services

    funder = make_organisation(name_fr="Agence Eau", acronym="AEAU", iati_identifier="XM-AEAU")
    one = publishable_project(funder=funder, published=False)
    two = publishable_project(funder=funder, published=False)
    figures.rebuild()  # the helpers write without the services; from here on, only the services

    def shown():
        partners = client.get(reverse("portal:partner_list")).context["partners"]
        return [(p.acronym, p.public_projects) for p in partners if p.acronym == "AEAU"]

    assert shown() == []
    services.project_publish(actor=personas.officer, project=one)
    assert shown() == [("AEAU", 1)]
    services.project_publish(actor=personas.officer, project=two)
    assert shown() == [("AEAU", 2)]
    services.project_unpublish(actor=personas.officer, project=one, reason="Erreur de saisie")
    assert shown() == [("AEAU", 1)]
    project_services.project_archive(actor=personas.officer, project=two, reason="Doublon")
    assert shown() == []
    assert figures.differences() == []
