"""The project page: every fact, what each reader may see, the pipeline block, constant queries."""

import datetime
import re
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from sharaka.core.models import Theme
from sharaka.core.testing import make_organisation, make_project, share_project
from sharaka.projects.models import Document
from sharaka.projects.services import project_advance


def _url(project):
    return reverse("project_detail", kwargs={"pk": project.pk})


def _document(project, user, title, visibility):
    return Document.objects.create(
        project=project,
        title=title,
        kind="report",
        visibility=visibility,
        file=SimpleUploadedFile("r.pdf", b"%PDF-1.4"),
        content_type="application/pdf",
        size=8,
        sha256="0" * 64,
        uploaded_by=user,
    )


def _moves_offered(html):
    return re.findall(r'name="to" value="([a-z_]+)"', html)


@pytest.mark.parametrize(
    ("persona", "status"),
    [
        ("admin", 200),
        ("officer", 200),
        ("finance", 200),
        ("manager", 200),
        ("other_manager", 200),
        ("president", 200),
        ("council", 200),
        ("auditor", 200),
        ("partner_viewer", 200),
        ("outsider_partner_viewer", 404),
        ("prefecture", 404),
    ],
)
def test_it_shows_the_project_to_those_who_may_see_it(client, world, persona, status):
    client.force_login(getattr(world.personas, persona))

    assert client.get(_url(world.project)).status_code == status


def test_it_hides_a_project_the_partner_does_not_take_part_in(client, world):
    client.force_login(world.personas.partner_viewer)

    assert client.get(_url(world.private_project)).status_code == 404


def test_it_shows_every_fact_of_the_project(client, world, localities):
    project = world.project
    project.pac_reference = "PAC 2.4"
    project.summary_ar = "تزويد دواوير إيمي ميكي بالماء الصالح للشرب"
    project.beneficiaries_women = 300
    project.beneficiaries_youth = 200
    project.save()
    project.themes.set(Theme.objects.filter(code__in=["infrastructure", "water_energy", "6"]))
    project.localities.set([localities[2]])
    project.sectors.create(code="14021", percentage=80)
    project.sectors.create(code="23210", percentage=20)
    client.force_login(world.personas.officer)

    html = client.get(_url(project)).content.decode()

    for text in [
        "PAC 2.4",
        "تزويد دواوير إيمي ميكي بالماء الصالح للشرب",
        "إيمي ميكي",
        "14021",
        'value="80"',
        "500",  # beneficiaries in total
        "برنامج الأمم المتحدة الإنمائي",
        "100.000,00\u00a0EUR",
        'class="badge status-idea"',
    ]:
        assert text in html, text


def test_it_groups_the_themes(client, world):
    world.project.themes.set(Theme.objects.filter(code__in=["infrastructure", "water_energy", "6"]))
    client.force_login(world.personas.officer)

    themes = client.get(_url(world.project)).context["themes"]

    assert {kind: [t.code for t in items] for kind, items in themes.items()} == {
        "objective": ["infrastructure"],
        "area": ["water_energy"],
        "sdg": ["6"],
    }


def test_it_shows_a_partner_viewer_only_shared_and_public_documents(client, world):
    _document(world.project, world.personas.officer, "Rapport partagé", "partners")
    _document(world.project, world.personas.officer, "Fiche publique", "public")
    client.force_login(world.personas.partner_viewer)

    html = client.get(_url(world.project)).content.decode()

    assert "Rapport partagé" in html and "Fiche publique" in html
    assert world.document.title not in html  # private


def test_it_shows_the_staff_every_document(client, world):
    client.force_login(world.personas.auditor)

    assert world.document.title in client.get(_url(world.project)).content.decode()


def test_it_never_shows_internal_notes_to_a_partner(client, world):
    world.project.internal_notes = "Le bailleur hésite encore"
    world.project.save()

    client.force_login(world.personas.partner_viewer)
    assert "Le bailleur hésite encore" not in client.get(_url(world.project)).content.decode()
    client.force_login(world.personas.officer)
    assert "Le bailleur hésite encore" in client.get(_url(world.project)).content.decode()


@pytest.mark.parametrize(
    ("persona", "moves"),
    [
        ("admin", ["concept_note", "abandoned"]),
        ("officer", ["concept_note", "abandoned"]),
        ("manager", ["concept_note"]),
        ("other_manager", []),
        ("president", []),
        ("finance", []),
        ("auditor", []),
        ("partner_viewer", []),
    ],
)
def test_it_offers_only_the_moves_the_reader_may_make(client, world, persona, moves):
    client.force_login(getattr(world.personas, persona))

    html = client.get(_url(world.project)).content.decode()

    assert _moves_offered(html) == moves
    assert ('hx-post="' + reverse("project_advance", kwargs={"pk": world.project.pk})) in html or not moves


def test_it_offers_the_president_the_decision(client, world):
    world.project.status = "proposal_submitted"
    world.project.save()
    client.force_login(world.personas.president)

    assert _moves_offered(client.get(_url(world.project)).content.decode()) == ["approved"]


def test_it_draws_the_pipeline_and_its_history(client, world):
    project_advance(
        actor=world.personas.officer, project=world.project, to="concept_note", reason="Note prête"
    )
    client.force_login(world.personas.officer)

    html = client.get(_url(world.project)).content.decode()

    assert '<li class="done">' in html
    assert '<li class="current" aria-current="step">' in html
    assert '<li class="next">' in html
    assert "Note prête" in html
    assert str(world.personas.officer) in html


def test_it_offers_editing_only_to_those_who_may_edit(client, world):
    edit = reverse("project_edit", kwargs={"pk": world.project.pk})
    client.force_login(world.personas.manager)
    assert edit in client.get(_url(world.project)).content.decode()
    client.force_login(world.personas.auditor)
    assert edit not in client.get(_url(world.project)).content.decode()


def _queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


@pytest.mark.parametrize("persona", ["officer", "partner_viewer"])
def test_it_makes_as_many_queries_however_much_the_project_holds(client, world, localities, persona):
    client.force_login(getattr(world.personas, persona))
    few = _queries(client, _url(world.project))
    for i in range(8):
        share_project(
            world.project,
            make_organisation(acronym=f"O{i}", iati_identifier=f"XM-O{i}"),
            amount=Decimal(5 + i),
        )
        _document(world.project, world.personas.officer, f"Doc {i}", "partners")
    world.project.themes.set(Theme.objects.all())
    world.project.localities.set(localities)
    for to, reason in [("concept_note", ""), ("idea", "Retour"), ("concept_note", "")]:
        project_advance(actor=world.personas.officer, project=world.project, to=to, reason=reason)

    assert _queries(client, _url(world.project)) == few


def test_it_makes_a_known_number_of_queries(client, world, django_assert_num_queries):
    client.force_login(world.personas.officer)

    # session, user, project, manager, themes, localities, sectors, partners, history, documents,
    # the results summary's indicators (and their periods, in one more, when there are any),
    # and the sustainability section (sustainability/templatetags): plan, open warnings, top risks,
    # and the funding section (funding/templatetags/funding_matching.py) without any call: how many
    # calls, the weights, the calls, the project's applications (more with open calls to rank, as
    # many for 3 calls as for 30: funding/tests/test_matching_queries.py)
    with django_assert_num_queries(18):
        client.get(_url(world.project))


def test_it_shows_a_fictional_project_as_such(client, world):
    fictional = make_project(code="AOU-DEMO", is_fictional=True)
    client.force_login(world.personas.officer)

    assert 'class="badge fictional"' in client.get(_url(fictional)).content.decode()


def test_a_partner_viewer_sees_the_pipeline_history_without_the_internal_reasons(client, world):
    from sharaka.projects import services

    services.project_advance(
        actor=world.personas.officer,
        project=world.project,
        to="concept_note",
        reason="Le maire hésite encore",
    )
    client.force_login(world.personas.partner_viewer)
    html = client.get(f"/projects/{world.project.pk}/").content.decode()
    assert "Le maire hésite encore" not in html
    client.force_login(world.personas.officer)
    assert "Le maire hésite encore" in client.get(f"/projects/{world.project.pk}/").content.decode()


def test_it_shows_each_foreign_commitment_in_dirhams_at_a_stated_date(client, world):
    from sharaka.finance.models import ExchangeRate

    ExchangeRate.objects.create(
        currency="EUR", date=datetime.date(2026, 1, 12), rate=Decimal("10.912345"), source="BAM"
    )
    share_project(world.project, make_organisation(acronym="JICA", iati_identifier="JP-1"), currency="JPY")
    client.force_login(world.personas.officer)

    html = client.get(_url(world.project)).content.decode()

    assert '≈ <bdi class="money">1.091.234,50\u00a0درهم</bdi>' in html
    assert '<bdi dir="ltr">2026-01-12</bdi>' in html
    assert 'لا يوجد سعر صرف لعملة <bdi dir="ltr">JPY</bdi> في ذلك التاريخ' in html
