"""Files through the API (a field tool sending the evidence of a value, the photo of a visit): the same
upload check as the pages, the same ledger, and served back only to those who read the record."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from sharaka.api.tests.helpers import ApiClient
from sharaka.core.models import AuditEntry
from sharaka.core.testing import pdf_upload
from sharaka.results.models import Evidence
from sharaka.results.url_expectations import world_results
from sharaka.sustainability.models import Check, CheckPhoto
from sharaka.sustainability.url_expectations import png_bytes, world_sustainability


def _evidence_url(world, update):
    return f"/api/v1/projects/{world.project.pk}/results/updates/{update.pk}/evidence/"


@pytest.mark.django_db
def test_evidence_sent_with_a_draft_is_checked_recorded_and_served_back_to_its_readers(world):
    results = world_results(world)
    manager = ApiClient(world.personas.manager)
    sent = manager.multipart(
        _evidence_url(world, results["draft"]),
        {"title": "Liste des ménages", "file": pdf_upload("liste.pdf")},
    )
    assert sent.status_code == 201, sent.content
    evidence = Evidence.objects.get(pk=sent.json()["id"])
    assert (evidence.update_id, evidence.title, evidence.content_type, evidence.uploaded_by) == (
        results["draft"].pk,
        "Liste des ménages",
        "application/pdf",
        world.personas.manager,
    )
    assert AuditEntry.objects.filter(action="evidence.upload", object_id=str(evidence.pk)).exists()

    file = manager.client.get(sent.json()["url"], **manager.headers)
    assert file.status_code == 200
    assert file["Content-Type"] == "application/pdf"
    assert b"".join(file.streaming_content) == b"%PDF-1.4 walk\n%%EOF\n"
    assert file["X-Content-Type-Options"] == "nosniff"
    # The draft is the commune's own work: a partner viewer does not learn its evidence exists.
    partner = ApiClient(world.personas.partner_viewer)
    assert partner.get(sent.json()["url"]).status_code == 404
    listed = manager.get(f"/api/v1/projects/{world.project.pk}/results/updates/{results['draft'].pk}/")
    assert [e["id"] for e in listed.json()["evidence"]] == [evidence.pk]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("upload", "field"),
    [
        # A program named as a document: the content decides, not the name.
        (
            SimpleUploadedFile("rapport.pdf", b"MZ\x90\x00" + b"\x00" * 64, content_type="application/pdf"),
            "file",
        ),
        (SimpleUploadedFile("vide.pdf", b"", content_type="application/pdf"), "file"),
    ],
)
def test_a_file_that_is_not_what_it_claims_is_refused_beside_its_field_and_nothing_is_kept(
    world, upload, field
):
    results = world_results(world)
    caller = ApiClient(world.personas.officer, language="fr")
    before = Evidence.objects.count(), AuditEntry.objects.count()
    answer = caller.multipart(_evidence_url(world, results["draft"]), {"title": "Rapport", "file": upload})
    assert answer.status_code == 400, answer.content
    assert field in answer.json()["errors"]
    assert (Evidence.objects.count(), AuditEntry.objects.count()) == before


@pytest.mark.django_db
def test_evidence_needs_a_multipart_body_and_a_draft(world):
    results = world_results(world)
    caller = ApiClient(world.personas.officer)
    as_json = caller.post(_evidence_url(world, results["draft"]), {"title": "x", "file": "JVBERi0="})
    assert as_json.status_code == 415
    approved = caller.multipart(_evidence_url(world, results["approved"]), {"file": pdf_upload()})
    assert approved.status_code == 403  # an approved value is final: evidence goes with a new update


def _check_url(found, check):
    return f"/api/v1/projects/{found['project'].pk}/sustainability/checks/{check.pk}/"


@pytest.mark.django_db
def test_a_visit_recorded_from_the_field_with_a_photo_is_the_pages_check(world):
    found = world_sustainability(world)
    caller = ApiClient(world.personas.manager, language="ar")
    url = _check_url(found, found["check"])
    answer = caller.multipart(
        url,
        {
            "checked_on": "2026-08-04",
            "working": "yes",
            "used": "partly",
            "maintained": "no",
            "findings": "المضخة تسرب الماء",
            "photo": SimpleUploadedFile("visite.png", png_bytes((40, 30)), content_type="image/png"),
        },
        method="patch",
    )
    assert answer.status_code == 200, answer.content
    check = Check.objects.get(pk=found["check"].pk)
    assert (check.checked_on, check.working, check.used, check.maintained, check.checked_by) == (
        datetime.date(2026, 8, 4),
        "yes",
        "partly",
        "no",
        world.personas.manager,
    )
    body = answer.json()
    assert body["done"] is True and body["used"] == {"code": "partly", "label": "جزئيًا"}
    photo = CheckPhoto.objects.get(check_visit=check)
    assert [p["id"] for p in body["photos"]] == [photo.pk]
    assert AuditEntry.objects.filter(action="sustainability_check.record", object_id=str(check.pk)).exists()
    served = caller.client.get(body["photos"][0]["url"], **caller.headers)
    assert served.status_code == 200 and served["Content-Type"].startswith("image/")

    # Later, in JSON: only the findings change; the answers stay.
    corrected = caller.patch(url, {"findings": "Fuite réparée le 10 août"})
    assert corrected.status_code == 200, corrected.content
    check.refresh_from_db()
    assert (check.findings, check.working, check.maintained) == ("Fuite réparée le 10 août", "yes", "no")


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"checked_on": "2999-01-01", "working": "yes", "used": "yes", "maintained": "yes"}, "checked_on"),
        ({"checked_on": "2025-06-01", "working": "yes", "used": "yes", "maintained": "yes"}, "checked_on"),
        ({"checked_on": "2026-08-04", "working": "maybe", "used": "yes", "maintained": "yes"}, "working"),
        ({"checked_on": "2026-08-04", "used": "yes", "maintained": "yes"}, "working"),
        (
            {"checked_on": "2026-08-04", "working": "yes", "used": "yes", "maintained": "yes", "months": 3},
            "months",
        ),
        ({"photo": "not a file"}, "photo"),
    ],
)
def test_a_visit_in_the_future_before_the_end_or_half_answered_is_refused_and_nothing_changes(
    world, body, field
):
    found = world_sustainability(world)
    caller = ApiClient(world.personas.officer)
    before = AuditEntry.objects.count()
    answer = caller.patch(_check_url(found, found["check"]), body)
    assert answer.status_code == 400, answer.content
    assert field in answer.json()["errors"], answer.json()
    check = Check.objects.get(pk=found["check"].pk)
    assert check.checked_on is None and AuditEntry.objects.count() == before


@pytest.mark.django_db
def test_a_partner_viewer_never_sees_the_checks_but_reads_the_plan(world):
    found = world_sustainability(world)
    partner = ApiClient(world.personas.partner_viewer)
    base = f"/api/v1/projects/{found['project'].pk}/sustainability/"
    assert partner.get(base + "checks/").status_code == 404
    assert partner.get(_check_url(found, found["done_check"])).status_code == 404
    plan = partner.get(base)
    assert plan.status_code == 200 and plan.json()["maintainer_name"] == "Service des eaux"
    listed = ApiClient(world.personas.auditor).get(base + "checks/")
    assert [c["months"] for c in listed.json()] == [6, 12, 24]
    assert [c["done"] for c in listed.json()] == [True, False, False]


# --- an agreement's legal road, moved by the prefecture's own system ----------------------------------


@pytest.mark.django_db
def test_the_prefecture_moves_an_agreement_on_with_the_document_the_step_requires(world):
    from sharaka.agreements.models import AgreementDocument
    from sharaka.agreements.url_expectations import world_agreement

    agreement = world_agreement(world)
    prefecture = ApiClient(world.personas.prefecture, language="fr")
    url = f"/api/v1/agreements/{agreement.pk}/"
    read = prefecture.get(url)
    assert read.json()["allowed_moves"] == ["visa_pending", "on_agenda"]
    moved = prefecture.post(url + "moves/", {"to": "visa_pending"}, HTTP_IF_MATCH=read["ETag"])
    assert moved.status_code == 200, moved.content
    assert moved.json()["status"]["code"] == "visa_pending"
    assert moved.json()["road"][-1]["new_status"]["code"] == "visa_pending"
    assert AuditEntry.objects.filter(object_id=str(agreement.pk), action__startswith="agreement.").exists()

    # The visa needs its document: refused beside the field, in French, and nothing moves.
    bare = prefecture.post(url + "moves/", {"to": "visa_granted"}, HTTP_IF_MATCH=moved["ETag"])
    assert bare.status_code == 400
    assert "document" in bare.json()["errors"] and "visa" in bare.json()["errors"]["document"][0].lower()
    granted = prefecture.multipart(
        url + "moves/",
        {"to": "visa_granted", "document": pdf_upload("visa.pdf")},
        HTTP_IF_MATCH=moved["ETag"],
    )
    assert granted.status_code == 200, granted.content
    assert granted.json()["status"]["code"] == "visa_granted"
    assert AgreementDocument.objects.filter(agreement=agreement, kind="visa").count() == 1

    stale = prefecture.post(url + "moves/", {"to": "signed"}, HTTP_IF_MATCH=moved["ETag"])
    assert stale.status_code == 412


@pytest.mark.django_db
def test_the_unit_may_not_make_the_prefectures_move_and_is_told_why(world):
    from sharaka.agreements.models import Agreement
    from sharaka.agreements.url_expectations import world_agreement

    agreement = world_agreement(world)
    officer = ApiClient(world.personas.officer)
    url = f"/api/v1/agreements/{agreement.pk}/"
    read = officer.get(url)
    assert read.json()["allowed_moves"] == []
    refused = officer.post(url + "moves/", {"to": "visa_pending"}, HTTP_IF_MATCH=read["ETag"])
    assert refused.status_code == 403 and refused.json()["detail"]
    assert Agreement.objects.get(pk=agreement.pk).status == "objection_window"


# --- the plan, its costs and its risks ----------------------------------------------------------------


@pytest.mark.django_db
def test_a_plan_written_then_costed_and_a_risk_followed_through_the_api(world):
    from sharaka.sustainability.models import Plan, RecurrentCost, Risk

    caller = ApiClient(world.personas.manager, language="fr")
    base = f"/api/v1/projects/{world.project.pk}/sustainability/"
    assert caller.get(base).status_code == 404  # no plan yet
    written = caller.patch(
        base,
        {
            "exit_strategy": "L'association des usagers reprend la station.",
            "maintainer_kind": "association",
            "maintainer_name": "Association Tamount",
        },
    )
    assert written.status_code == 201, written.content
    plan = Plan.objects.get(project=world.project)
    stale_etag = written["ETag"]
    costed = caller.post(
        base + "costs/", {"what": "Électricité", "amount_per_year": "12000", "payer_kind": "user_fees"}
    )
    assert costed.status_code == 201, costed.content
    assert [c["what"] for c in costed.json()["costs"]] == ["Électricité"]
    cost = RecurrentCost.objects.get(plan=plan)
    unproved = caller.patch(f"{base}costs/{cost.pk}/", {"confirmed": True})
    assert unproved.status_code == 400 and "payer_detail" in unproved.json()["errors"]
    none_now = caller.patch(base, {"no_recurrent_cost": True}, HTTP_IF_MATCH=costed["ETag"])
    assert none_now.status_code == 400 and "no_recurrent_cost" in none_now.json()["errors"]
    # A cost added does not change the plan itself: the ETag read at its writing is still good, once.
    renamed = caller.patch(
        base, {"maintainer_name": "Association Tamount d'Aourir"}, HTTP_IF_MATCH=stale_etag
    )
    assert renamed.status_code == 200, renamed.content
    assert caller.patch(base, {"maintainer_name": "x"}, HTTP_IF_MATCH=stale_etag).status_code == 412
    assert Plan.objects.get(pk=plan.pk).maintainer_name == "Association Tamount d'Aourir"

    risk = caller.post(
        base + "risks/",
        {
            "description": "Les cotisations ne rentrent pas",
            "category": "financial",
            "likelihood": 3,
            "impact": 4,
            "review_on": "2027-03-01",
        },
    )
    assert risk.status_code == 201, risk.content
    assert risk.json()["score"] == 12 and risk.json()["status"]["code"] == "open"
    wrong = caller.post(
        base + "risks/",
        {
            "description": "x",
            "category": "financial",
            "likelihood": 7,
            "impact": 1,
            "review_on": "2027-03-01",
        },
    )
    assert wrong.status_code == 400 and "likelihood" in wrong.json()["errors"]
    closed = caller.post(
        f"{base}risks/{risk.json()['id']}/moves/",
        {"to": "closed", "reason": "Tarif revu"},
        HTTP_IF_MATCH=risk["ETag"],
    )
    assert closed.status_code == 200, closed.content
    assert Risk.objects.get(pk=risk.json()["id"]).status == "closed"
    again = caller.post(
        f"{base}risks/{risk.json()['id']}/moves/", {"to": "open", "reason": "x"}, HTTP_IF_MATCH=risk["ETag"]
    )
    assert again.status_code == 412
    assert ApiClient(world.personas.partner_viewer).get(base + "risks/").status_code == 404


# --- a project's documents -------------------------------------------------------------------------------


@pytest.mark.django_db
def test_a_document_added_through_the_api_reaches_a_partner_only_once_shared(world):
    from sharaka.projects.models import Document

    manager = ApiClient(world.personas.manager, language="fr")
    base = f"/api/v1/projects/{world.project.pk}/documents/"
    added = manager.multipart(
        base, {"title": "Rapport d'étape", "kind": "report", "file": pdf_upload("etape.pdf")}
    )
    assert added.status_code == 201, added.content
    document = Document.objects.get(pk=added.json()["id"])
    assert (document.visibility, document.uploaded_by) == ("private", world.personas.manager)
    assert AuditEntry.objects.filter(object_id=str(document.pk), action__startswith="document.").exists()

    partner = ApiClient(world.personas.partner_viewer)
    assert document.pk not in [d["id"] for d in partner.get(base).json()]
    assert partner.get(added.json()["url"]).status_code == 404
    shared = manager.patch(f"{base}{document.pk}/", {"visibility": "partners"})
    assert shared.status_code == 200 and shared.json()["title"] == "Rapport d'étape"
    assert document.pk in [d["id"] for d in partner.get(base).json()]
    file = partner.client.get(added.json()["url"], **partner.headers)
    assert file.status_code == 200 and b"".join(file.streaming_content).startswith(b"%PDF")

    before = Document.objects.count()
    disguised = manager.multipart(
        base,
        {
            "title": "x",
            "kind": "report",
            "file": SimpleUploadedFile("x.pdf", b"<html><script>", content_type="application/pdf"),
        },
    )
    assert disguised.status_code == 400 and "file" in disguised.json()["errors"]
    assert Document.objects.count() == before


@pytest.mark.django_db
def test_an_obligation_added_and_done_through_the_api_is_on_the_agreements_road(world):
    from sharaka.agreements.models import Obligation
    from sharaka.agreements.url_expectations import world_agreement

    agreement = world_agreement(world)
    officer = ApiClient(world.personas.officer, language="fr")
    base = f"/api/v1/agreements/{agreement.pk}/obligations/"
    added = officer.post(base, {"kind": "report", "title": "Rapport annuel 2026", "due_on": "2027-01-31"})
    assert added.status_code == 201, added.content
    assert added.json()["state"]["code"] == "open"
    wrong = officer.post(base, {"kind": "report", "title": "Sans date"})
    assert wrong.status_code == 400 and "due_on" in wrong.json()["errors"]
    done = officer.post(f"{base}{added.json()['id']}/done/")
    assert done.status_code == 200 and done.json()["state"]["code"] == "done"
    assert Obligation.objects.get(pk=added.json()["id"]).state == "done"
    assert AuditEntry.objects.filter(action="obligation.state", object_id=str(added.json()["id"])).exists()
    assert [o["title"] for o in ApiClient(world.personas.prefecture).get(base).json()].count(
        "Rapport annuel 2026"
    ) == 1


@pytest.mark.django_db
def test_the_president_records_why_a_project_may_close_below_the_threshold_once_per_version(world):
    from sharaka.sustainability.models import Plan

    base = f"/api/v1/projects/{world.project.pk}/sustainability/"
    manager = ApiClient(world.personas.manager, language="fr")
    written = manager.patch(
        base,
        {
            "exit_strategy": "La commune reprend la station.",
            "maintainer_kind": "commune_service",
            "maintainer_name": "Service de l'eau",
        },
    )
    assert written.status_code == 201, written.content
    costed = manager.post(
        base + "costs/", {"what": "Électricité", "amount_per_year": "12000", "payer_kind": "user_fees"}
    )
    assert costed.status_code == 201, costed.content
    read = manager.get(base)
    assert read.json()["coverage_percent"] == "0.00" and read.json()["waiver"] is None
    assert manager.post(base + "waiver/", {"reason": "x"}, HTTP_IF_MATCH=read["ETag"]).status_code == 403

    president = ApiClient(world.personas.president, language="ar")
    blank = president.post(base + "waiver/", {"reason": "  "}, HTTP_IF_MATCH=read["ETag"])
    assert blank.status_code == 400 and list(blank.json()["errors"]) == ["reason"]
    assert president.post(base + "waiver/", {"reason": "x"}).status_code == 428
    entries = AuditEntry.objects.count()
    waived = president.post(
        base + "waiver/",
        {"reason": "Le conseil prend l'électricité sur son budget."},
        HTTP_IF_MATCH=read["ETag"],
    )
    assert waived.status_code == 200, waived.content
    waiver = waived.json()["waiver"]
    assert waiver["reason"] == "Le conseil prend l'électricité sur son budget."
    assert waiver["coverage_percent"] == "0.00" and waiver["by"] == "president"  # the persona's username
    assert AuditEntry.objects.filter(action="sustainability_plan.waive").count() == 1
    assert AuditEntry.objects.count() == entries + 1
    # The same ETag a second time: the plan changed (its version moved), nothing is recorded again.
    stale = president.post(base + "waiver/", {"reason": "Autre"}, HTTP_IF_MATCH=read["ETag"])
    assert stale.status_code == 412
    assert Plan.objects.get(project=world.project).waiver_reason.startswith("Le conseil")

    # Once nothing is left to cover, there is nothing to waive.
    cost_id = costed.json()["costs"][0]["id"]
    assert manager.delete(f"{base}costs/{cost_id}/").status_code == 200
    none_left = manager.patch(base, {"no_recurrent_cost": True}, HTTP_IF_MATCH=waived["ETag"])
    assert none_left.status_code == 200, none_left.content
    assert none_left.json()["coverage_percent"] == "100.00"
    refused = president.post(base + "waiver/", {"reason": "x"}, HTTP_IF_MATCH=none_left["ETag"])
    assert refused.status_code == 400
    assert refused.json()["errors"] == {
        "__all__": ["التغطية تبلغ العتبة التي حددتها الوحدة: لا حاجة إلى استثناء."]
    }
