"""The completeness checklist: each kind of item appears when it should, with the link that fixes it,
and disappears once fixed."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone, translation

from sharaka.funding import checklist, proposals
from sharaka.funding.models import CallStage, ProposalSection, RequiredAttachment
from sharaka.funding.testing import TODAY, world_funding
from sharaka.funding.tests.test_proposals import enrich
from sharaka.projects.models import Document

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _today(monkeypatch):
    monkeypatch.setattr(timezone, "localdate", lambda *a, **k: TODAY)


@pytest.fixture
def rich(world):
    enrich(world)
    return world_funding(world)["application"]


def _items(application, kind):
    application.refresh_from_db()
    with translation.override("en"):  # the reader's language
        return [i for i in checklist.check(proposals.build(application)) if i.kind == kind]


def test_a_bare_project_lists_its_missing_data_with_links(world):
    application = world_funding(world)["application"]
    messages = {i.message: i.url for i in _items(application, "data_missing")}
    pk = world.project.pk
    assert messages["The project has no results chain."] == reverse("results_project", args=[pk])
    assert messages["The project has no budget lines."] == reverse("finance_budget_line_add", args=[pk])
    assert messages["The project has no co-financing plan."] == reverse("finance_funder_add", args=[pk])
    assert messages["The project has no sustainability plan."] == reverse(
        "sustainability_plan_edit", args=[pk]
    )
    assert messages["The project names no locality."] == reverse("project_edit", args=[pk])
    missing = _items(application, "section_missing")
    assert {i.url.rsplit("#", 1)[1] for i in missing} >= {"section-budget", "section-sustainability"}


def test_a_ready_project_has_no_missing_data(rich):
    assert _items(rich, "data_missing") == []
    assert _items(rich, "section_missing") == []


def test_a_section_too_long_for_the_stage(world, rich):
    stage = CallStage.objects.get(call=rich.call)  # concept note: summary ≤ 300 words
    stage.word_limits = {"summary": 300, "problem": 5}
    stage.save()
    ProposalSection.objects.filter(application=rich, key="problem").update(
        text="الماءُ الصَّالحُ للشرب في الدوار ، والطاقة"
    )
    items = _items(rich, "section_too_long")
    assert [i.url for i in items] == [reverse("funding_proposal", args=[rich.pk]) + "#section-problem"]
    assert "6" in items[0].message and "5" in items[0].message
    ProposalSection.objects.filter(application=rich, key="problem").update(text="الماءُ الصَّالحُ للشرب ، في")
    assert _items(rich, "section_too_long") == []


def test_a_required_attachment_missing_until_a_document_holds_it(world, rich):
    RequiredAttachment.objects.create(call=rich.call, kind=RequiredAttachment.Kind.LETTER_OF_INTENT)
    items = _items(rich, "attachment_missing")
    assert len(items) == 2  # the deliberation (world) and the letters of intent
    assert {i.url for i in items} == {reverse("project_document_upload", args=[world.project.pk])}
    Document.objects.create(
        project=world.project, title="Délibération du conseil n° 12/2026", kind="minutes",
        file=SimpleUploadedFile("d.pdf", b"%PDF-1.4 x", content_type="application/pdf"),
        content_type="application/pdf", size=10, sha256="0" * 64, uploaded_by=world.personas.officer,
    )  # fmt: skip
    items = _items(rich, "attachment_missing")
    assert len(items) == 1 and "intent" in items[0].message


def test_a_language_the_call_does_not_accept(world, rich):
    assert _items(rich, "language") == []  # French; the call takes fr and en
    rich.language = "ar"
    rich.save()
    items = _items(rich, "language")
    assert len(items) == 1 and "in Arabic" in items[0].message and "in French" in items[0].message


def test_the_page_shows_the_checklist(client, world, rich):
    RequiredAttachment.objects.create(call=rich.call, kind=RequiredAttachment.Kind.BUDGET)
    client.force_login(world.personas.officer)
    response = client.get(reverse("funding_proposal", args=[rich.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    assert 'data-kind="attachment_missing"' in html
    assert reverse("project_document_upload", args=[world.project.pk]) in html
