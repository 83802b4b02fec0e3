"""Saving and reusing proposal sections: who may (a literal table), the version, the ledger, and which
sections are offered for reuse (awarded ones only, same funder or a shared area, same key)."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from sharaka.core.audit import AuditEntry
from sharaka.core.models import Theme
from sharaka.core.services import ConcurrentEdit
from sharaka.core.testing import make_project
from sharaka.funding import proposals, services_proposals
from sharaka.funding.models import Application, Call, ProposalSection
from sharaka.funding.testing import world_funding

pytestmark = pytest.mark.django_db

# Who may write the proposal of an application of the world's project (managed by `manager`).
MAY_WRITE = {
    "admin": True,
    "officer": True,
    "manager": True,  # the project's own manager
    "other_manager": False,  # a manager, not of this project
    "finance": False,
    "president": False,
    "council": False,
    "auditor": False,
    "prefecture": False,
    "partner_viewer": False,
}


@pytest.mark.parametrize(("persona", "allowed"), sorted(MAY_WRITE.items()))
def test_who_may_save_a_section(world, persona, allowed):
    application = world_funding(world)["application"]
    actor = getattr(world.personas, persona)
    before = AuditEntry.objects.count()
    if allowed:
        section = services_proposals.section_save(
            actor=actor, application=application, key="summary", text="Résumé", expected_version=0
        )
        assert section.text == "Résumé" and section.version == 1 and section.updated_by == actor
        assert AuditEntry.objects.count() == before + 1
    else:
        with pytest.raises(PermissionDenied):
            services_proposals.section_save(
                actor=actor, application=application, key="summary", text="Résumé", expected_version=0
            )
        assert not ProposalSection.objects.filter(key="summary").exists()
        assert AuditEntry.objects.count() == before


def test_a_stale_version_is_refused_and_nothing_changes(world):
    found = world_funding(world)
    section = found["section"]  # "problem", version 1
    services_proposals.section_save(
        actor=world.personas.officer,
        application=found["application"],
        key="problem",
        text="Nouveau",
        expected_version=1,
    )
    with pytest.raises(ConcurrentEdit):
        services_proposals.section_save(
            actor=world.personas.manager,
            application=found["application"],
            key="problem",
            text="Ancien",
            expected_version=1,
        )
    section.refresh_from_db()
    assert section.text == "Nouveau" and section.version == 2
    with pytest.raises(ConcurrentEdit):  # a new section opened as version 0: someone saved it meanwhile
        services_proposals.section_save(
            actor=world.personas.manager,
            application=found["application"],
            key="problem",
            text="x",
            expected_version=0,
        )


def test_a_key_outside_the_family_is_refused(world):
    application = world_funding(world)["application"]  # short form: no "risks" section
    with pytest.raises(ValidationError):
        services_proposals.section_save(
            actor=world.personas.officer, application=application, key="risks", text="x", expected_version=0
        )


def _past(world, code, status, call, text, key="summary", days=0):
    project = make_project(code=code, title_fr=f"Projet {code}")
    past = Application.objects.create(
        project=project, call=call, status=status, language="fr", created_by=world.personas.officer,
        feedback=f"Retour {code}", lessons=f"Leçon {code}", decided_on=datetime.date(2026, 6, 1) + datetime.timedelta(days=days),
    )  # fmt: skip
    section = ProposalSection.objects.create(
        application=past, key=key, text=text, updated_by=world.personas.officer
    )
    return past, section


@pytest.fixture
def history(world):
    found = world_funding(world)
    unrelated_call = Call.objects.create(
        funder=found["twin"], title_fr="Culture", currency="EUR", family="short", rolling=True
    )
    unrelated_call.themes.add(Theme.objects.get_or_create(kind="area", code="culture")[0])
    _, offered = _past(world, "AOU-P-1", "awarded", _call(found["lead_call"]), "Texte primé ancien")
    _, newer = _past(
        world, "AOU-P-2", "awarded", found["co_call"], "Texte primé récent", days=30
    )  # shared area
    _, rejected = _past(world, "AOU-P-3", "rejected", found["co_call"], "Texte refusé")
    _, elsewhere = _past(world, "AOU-P-4", "awarded", unrelated_call, "Texte d'ailleurs")
    ProposalSection.objects.filter(pk=newer.pk).update(
        updated_at=offered.updated_at + datetime.timedelta(hours=1)
    )
    return {"offered": offered, "newer": newer, "rejected": rejected, "elsewhere": elsewhere, **found}


def _call(lead_call):
    """Another call of the same funder (an application is unique per project and call: any call will do)."""
    return Call.objects.create(
        funder=lead_call.funder, title_fr="Autre appel du même bailleur", rolling=True, family="eu"
    )


def test_reuse_offers_only_awarded_sections_of_the_same_funder_or_area_newest_first(world, history):
    offers = proposals.reuse_offers(history["application"])
    assert [s.pk for s in offers["summary"]] == [history["newer"].pk, history["offered"].pk]
    offered = {s.pk for group in offers.values() for s in group}
    assert history["rejected"].pk not in offered and history["elsewhere"].pk not in offered


def test_reuse_copies_the_text_and_refuses_what_is_not_offered(world, history):
    application = history["application"]
    section = services_proposals.section_reuse(
        actor=world.personas.manager, application=application, key="summary", source_section=history["newer"]
    )
    assert section.text == "Texte primé récent" and section.reused_from == history["newer"]
    for source in (history["rejected"], history["elsewhere"]):
        with pytest.raises(ValidationError):
            services_proposals.section_reuse(
                actor=world.personas.officer, application=application, key="summary", source_section=source
            )
    with pytest.raises(PermissionDenied):
        services_proposals.section_reuse(
            actor=world.personas.other_manager,
            application=application,
            key="summary",
            source_section=history["newer"],
        )


def test_lessons_come_from_decided_applications_of_the_same_funder_or_area(world, history):
    codes = [a.project.code for a in proposals.lessons(history["application"])]
    assert codes == ["AOU-P-2", "AOU-P-3", "AOU-P-1"]  # newest answer first; AOU-P-4 is unrelated


def test_the_page_shows_offers_lessons_and_saves_a_section(client, world, history):
    application = history["application"]
    client.force_login(world.personas.manager)
    page = client.get(reverse("funding_proposal", kwargs={"pk": application.pk}))
    html = page.content.decode()
    assert page.status_code == 200
    assert "Texte primé récent" in html and "Texte refusé" not in html.split("lessons-title")[0]
    assert "Leçon AOU-P-3" in html and "Retour AOU-P-1" in html and "Leçon AOU-P-4" not in html
    url = reverse("funding_proposal_section", kwargs={"pk": application.pk, "key": "summary"})
    response = client.post(url, {"summary-text": "Mon résumé", "summary-version": "0"})
    assert response.status_code == 302 and response["Location"].endswith("#section-summary")
    assert ProposalSection.objects.get(application=application, key="summary").text == "Mon résumé"
    stale = client.post(url, {"summary-text": "Autre", "summary-version": "0"})
    assert stale.status_code == 200
    assert stale.context["proposal"].section("summary").form.non_field_errors()  # the stale version, told
    assert ProposalSection.objects.get(application=application, key="summary").text == "Mon résumé"
    client.force_login(world.personas.other_manager)
    assert client.post(url, {"summary-text": "x", "summary-version": "1"}).status_code == 403
    reuse = reverse("funding_proposal_reuse", kwargs={"pk": application.pk})
    client.force_login(world.personas.officer)
    assert client.post(reuse, {"source": history["newer"].pk}).status_code == 302
    assert ProposalSection.objects.get(application=application, key="summary").reused_from == history["newer"]


def test_the_page_reads_in_a_bounded_number_of_queries(client, world, history, django_assert_max_num_queries):
    client.force_login(world.personas.officer)
    for i in range(5):
        _past(world, f"AOU-Q-{i}", "awarded", history["co_call"], f"Texte {i}")
    with django_assert_max_num_queries(60):
        assert (
            client.get(reverse("funding_proposal", kwargs={"pk": history["application"].pk})).status_code
            == 200
        )


@pytest.mark.parametrize("language", ["ar", "fr"])
def test_a_sections_text_is_escaped_on_the_page(client, world, language):
    application = world_funding(world)["application"]
    application.language = language
    application.save()
    services_proposals.section_save(
        actor=world.personas.officer,
        application=application,
        key="summary",
        text="<script>alert(1)</script> (2026-01-01 – 2027-12-31)\nسطر ثان",
        expected_version=0,
    )
    client.force_login(world.personas.officer)
    html = client.get(reverse("funding_proposal", kwargs={"pk": application.pk})).content.decode()
    assert "<script>alert(1)</script>" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<br>سطر ثان" in html
