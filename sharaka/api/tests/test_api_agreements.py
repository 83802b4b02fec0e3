"""Agreements written through the API: created, changed, their parties, amendments, documents and a
twinning's delegations and joint plan, each through the agreement pages' forms and services."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from sharaka.agreements.models import Agreement, AgreementDocument, AgreementParty, Delegation, PlanAction
from sharaka.agreements.url_expectations import world_agreement
from sharaka.api.tests.helpers import ApiClient, query_count
from sharaka.core.models import AuditEntry
from sharaka.core.testing import pdf_upload


def _footprint():
    return (
        Agreement.objects.count(),
        AgreementParty.objects.count(),
        AgreementDocument.objects.count(),
        AuditEntry.objects.count(),
    )


@pytest.mark.django_db
def test_an_agreement_created_in_arabic_starts_at_the_idea_stage_with_the_commune_as_a_party(world):
    officer = ApiClient(world.personas.officer, language="ar")
    before = _footprint()
    nobody = officer.post("/api/v1/agreements/", {"kind": "partnership", "title_ar": "اتفاقية شراكة"})
    assert nobody.status_code == 400
    assert nobody.json()["errors"] == {"partners": ["اذكروا شريكا واحدا على الأقل."]}
    assert _footprint() == before

    created = officer.post(
        "/api/v1/agreements/",
        {
            "kind": "partnership",
            "reference": "CP-2026-07",
            "title_ar": "اتفاقية شراكة لتأهيل السوق",
            "partners": [world.organisation.pk],
            "projects": [world.project.pk],
            "starts_on": "2027-01-01",
            "duration_months": 24,
        },
    )
    assert created.status_code == 201, created.content
    body = created.json()
    assert created["Location"] == f"/api/v1/agreements/{body['id']}/"
    assert body["status"]["code"] == "idea" and body["projects"] == [world.project.code]
    assert [p["organisation"] and p["organisation"]["id"] for p in body["parties"]] == [
        None,
        world.organisation.pk,
    ]
    assert AuditEntry.objects.filter(action="agreement.create", object_id=str(body["id"])).count() == 1

    again = officer.post(
        "/api/v1/agreements/",
        {"kind": "mou", "reference": "CP-2026-07", "title_fr": "Autre", "partners": [world.organisation.pk]},
    )
    assert again.status_code == 400
    assert again.json()["errors"] == {"reference": ["توجد اتفاقية أخرى بنفس رقم المرجع."]}
    assert Agreement.objects.filter(reference="CP-2026-07").count() == 1


@pytest.mark.django_db
def test_a_change_needs_the_version_read_and_what_the_council_decided_changes_only_by_amendment(world):
    agreement = world_agreement(world)  # deliberated, in the prefecture's objection window
    officer = ApiClient(world.personas.officer, language="ar")
    url = f"/api/v1/agreements/{agreement.pk}/"
    read = officer.get(url)
    assert officer.patch(url, {"title_en": "Twinning"}).status_code == 428
    decided = officer.patch(url, {"duration_months": 60}, HTTP_IF_MATCH=read["ETag"])
    assert decided.status_code == 400
    assert decided.json()["errors"] == {
        "duration_months": ["تداول المجلس في هذه الاتفاقية: غيروها بواسطة ملحق تعديلي."]
    }
    titled = officer.patch(url, {"title_en": "Twinning agreement"}, HTTP_IF_MATCH=read["ETag"])
    assert titled.status_code == 200, titled.content
    assert titled.json()["titles"]["en"] == "Twinning agreement"
    assert (
        titled.json()["title"] == "Convention de jumelage"
    )  # the title as it is written when none in Arabic
    stale = officer.patch(url, {"title_en": "Other"}, HTTP_IF_MATCH=read["ETag"])
    assert stale.status_code == 412
    assert Agreement.objects.get(pk=agreement.pk).title_en == "Twinning agreement"
    unknown = officer.patch(url, {"status": "signed"}, HTTP_IF_MATCH=titled["ETag"])
    assert unknown.status_code == 400 and list(unknown.json()["errors"]) == ["status"]


@pytest.mark.django_db
def test_a_partys_resources_are_set_before_the_deliberation_and_a_sixteen_digit_amount_is_refused(world):
    draft = Agreement.objects.create(kind="partnership", title_fr="Convention de partenariat")
    AgreementParty.objects.create(agreement=draft, organisation=None)
    officer = ApiClient(world.personas.officer, language="fr")
    url = f"/api/v1/agreements/{draft.pk}/parties/"
    etag = officer.get(f"/api/v1/agreements/{draft.pk}/")["ETag"]
    before = _footprint()
    huge = officer.post(
        url, {"organisation": world.organisation.pk, "cash_amount": "1234567890123456"}, HTTP_IF_MATCH=etag
    )
    assert huge.status_code == 400 and list(huge.json()["errors"]) == ["cash_amount"]
    in_kind = officer.post(url, {"in_kind_value": "5000"}, HTTP_IF_MATCH=etag)
    assert in_kind.status_code == 400 and list(in_kind.json()["errors"]) == ["in_kind_description"]
    assert _footprint() == before

    set_ = officer.post(
        url,
        {"organisation": world.organisation.pk, "cash_amount": "250000.00", "currency": "EUR"},
        HTTP_IF_MATCH=etag,
    )
    assert set_.status_code == 200, set_.content
    party = next(p for p in set_.json()["parties"] if p["organisation"])
    assert (party["cash_amount"], party["currency"]) == ("250000.00", "EUR")
    assert officer.post(url, {"cash_amount": "1.00"}, HTTP_IF_MATCH=etag).status_code == 412
    commune = officer.post(
        url,
        {"in_kind_value": "80000", "in_kind_description": "Terrain et deux agents"},
        HTTP_IF_MATCH=set_["ETag"],
    )
    assert commune.status_code == 200
    mine = next(p for p in commune.json()["parties"] if p["organisation"] is None)
    assert mine["in_kind_description"] == "Terrain et deux agents"

    deliberated = world_agreement(world)
    late = officer.post(
        f"/api/v1/agreements/{deliberated.pk}/parties/",
        {"cash_amount": "1.00"},
        HTTP_IF_MATCH=officer.get(f"/api/v1/agreements/{deliberated.pk}/")["ETag"],
    )
    assert late.status_code == 400


@pytest.mark.django_db
def test_an_amendment_is_a_new_agreement_on_the_same_road_holding_what_it_changes(world):
    agreement = world_agreement(world)
    officer = ApiClient(world.personas.officer, language="ar")
    url = f"/api/v1/agreements/{agreement.pk}/amendments/"
    nothing = officer.post(url, {"reason": "لا شيء"})
    assert nothing.status_code == 400
    assert nothing.json()["errors"] == {"__all__": ["الملحق التعديلي لا يغير شيئا في الاتفاقية."]}
    without_reason = officer.post(url, {"duration_months": 48})
    assert without_reason.status_code == 400 and list(without_reason.json()["errors"]) == ["reason"]

    amended = officer.post(url, {"duration_months": 48, "reason": "تمديد سنة واحدة"})
    assert amended.status_code == 201, amended.content
    body = amended.json()
    assert body["kind"]["code"] == "amendment" and body["amends"] == agreement.pk
    assert body["changes"] == {"duration_months": [None, 48]}
    assert body["status"]["code"] == "idea"
    assert amended["Location"] == f"/api/v1/agreements/{body['id']}/"
    assert Agreement.objects.get(pk=agreement.pk).duration_months is None  # until the amendment's road ends

    idea = officer.post(
        f"/api/v1/agreements/{body['id']}/amendments/", {"duration_months": 12, "reason": "x"}
    )
    assert idea.status_code == 400
    assert idea.json()["errors"] == {"__all__": ["لا تعدل إلا اتفاقية تداول فيها المجلس وما زالت سارية."]}


@pytest.mark.django_db
def test_a_document_of_the_road_supersedes_the_older_one_and_a_disguised_file_is_refused(world):
    agreement = world_agreement(world)
    officer = ApiClient(world.personas.officer, language="fr")
    url = f"/api/v1/agreements/{agreement.pk}/documents/"
    before = _footprint()
    program = SimpleUploadedFile("decision.pdf", b"MZ\x90\x00" + b"\x00" * 64, content_type="application/pdf")
    disguised = officer.multipart(url, {"kind": "decision", "title": "Décision", "file": program})
    assert disguised.status_code == 400 and list(disguised.json()["errors"]) == ["file"]
    as_json = officer.post(url, {"kind": "decision", "title": "Décision", "file": "JVBERi0="})
    assert as_json.status_code == 415
    assert _footprint() == before

    added = officer.multipart(url, {"kind": "decision", "title": "Décision signée", "file": pdf_upload()})
    assert added.status_code == 201, added.content
    listed = officer.get(url).json()
    assert [(d["title"], d["superseded"]) for d in listed] == [("Décision signée", False), ("Décision", True)]
    served = ApiClient(world.personas.prefecture).get(added.json()["url"].replace("http://testserver", ""))
    assert served.status_code == 200 and b"".join(served.streaming_content).startswith(b"%PDF")


@pytest.mark.django_db
def test_a_twinnings_visits_and_joint_plan_are_kept_and_other_agreements_have_none(world):
    agreement = world_agreement(world)
    officer = ApiClient(world.personas.officer, language="fr")
    base = f"/api/v1/agreements/{agreement.pk}/"
    backwards = officer.post(
        base + "delegations/",
        {
            "direction": "outgoing",
            "starts_on": "2026-11-10",
            "ends_on": "2026-11-02",
            "people": "Le président",
            "purpose": "Signature",
        },
    )
    assert backwards.status_code == 400 and list(backwards.json()["errors"]) == ["ends_on"]
    visit = officer.post(
        base + "delegations/",
        {
            "direction": "outgoing",
            "starts_on": "2026-11-02",
            "ends_on": "2026-11-06",
            "people": "Le président\nLa cheffe de la coopération",
            "purpose": "Signature",
        },
    )
    assert visit.status_code == 201, visit.content
    assert officer.get(base + "delegations/").json()[0]["direction"]["code"] == "outgoing"
    assert Delegation.objects.filter(agreement=agreement).count() == 1

    action = PlanAction.objects.get(agreement=agreement)
    moved = officer.post(f"{base}plan-actions/{action.pk}/moves/", {"to": "under_way"})
    assert moved.status_code == 200 and moved.json()["state"]["code"] == "under_way"
    assert sorted(moved.json()["allowed_moves"]) == ["done", "planned"]
    nowhere = officer.post(f"{base}plan-actions/{action.pk}/moves/", {"to": "nowhere"})
    assert nowhere.status_code == 400
    assert PlanAction.objects.get(pk=action.pk).state == "under_way"

    other = Agreement.objects.create(kind="partnership", title_fr="Convention de partenariat")
    assert officer.get(f"/api/v1/agreements/{other.pk}/delegations/").status_code == 404
    assert officer.post(f"/api/v1/agreements/{other.pk}/plan-actions/", {"title": "x"}).status_code == 404


# --- query counts: each list costs the same for a few rows as for many -----------------------------------


def _add_twinning_rows(agreement, count, start):
    import datetime

    from django.core.files.base import ContentFile

    for i in range(start, start + count):
        day = datetime.date(2026, 1, 1) + datetime.timedelta(days=i)
        Delegation.objects.create(
            agreement=agreement, direction="incoming", starts_on=day, ends_on=day, people="x", purpose="y"
        )
        PlanAction.objects.create(agreement=agreement, title=f"Action {i}", due_on=day)
        AgreementDocument.objects.create(
            agreement=agreement,
            kind="other",
            title=f"Document {i}",
            file=ContentFile(b"x", name=f"d{i}.txt"),
            content_type="text/plain",
            size=1,
            sha256="0" * 64,
        )


@pytest.mark.parametrize("part", ["documents", "delegations", "plan-actions"])
def test_an_agreements_lists_cost_the_same_queries_for_2_rows_as_for_12(world, part):
    agreement = world_agreement(world)
    caller = ApiClient(world.personas.officer)
    url = f"/api/v1/agreements/{agreement.pk}/{part}/"
    caller.get(url)  # the token's first use is written down once
    _add_twinning_rows(agreement, 2, 0)
    small = query_count(caller, url)
    _add_twinning_rows(agreement, 10, 2)
    assert query_count(caller, url) == small
