"""What a caller of the API relies on: tokens, languages, stale writes, limits, query counts."""

import json
from decimal import Decimal

import pytest
import yaml
from django.test import Client, override_settings
from openapi_spec_validator import validate

from sharaka.api import tokens
from sharaka.api.models import ApiToken
from sharaka.api.tests.helpers import ApiClient, query_count
from sharaka.api.tests.test_api_access import _world_api
from sharaka.core.models import AuditEntry
from sharaka.core.testing import make_project, share_project
from sharaka.finance.models import Transaction
from sharaka.projects.models import Project


def test_the_served_schema_is_valid_openapi_3(db):
    response = Client().get("/api/v1/schema/")
    assert response.status_code == 200
    document = yaml.safe_load(response.content)
    validate(document)
    assert document["openapi"].startswith("3.")
    assert (
        "/api/v1/projects/{id}/moves/" in document["paths"]
        or "/api/v1/projects/{pk}/moves/" in document["paths"]
    )


def test_the_schema_is_generated_without_a_warning(db, tmp_path):
    """Two shapes under one name (an `ArchiveIn` here and another there) make one component of the
    schema describe both wrongly, and schemathesis then finds answers that "violate" it: drf-spectacular
    says so as a warning, which fails here."""
    from django.core.management import call_command

    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(tmp_path / "schema.yaml"))


# --- tokens -------------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_a_token_is_shown_once_kept_only_as_a_fingerprint_and_recorded(personas):
    client = Client()
    client.force_login(personas.officer)
    response = client.post("/account/tokens/", {"name": "Tableur \u202ebudget"})
    assert response.status_code == 200
    token = ApiToken.objects.get(user=personas.officer)
    key = response.context["key"]
    assert key.startswith("shk_") and len(key) > 50
    assert key.encode() in response.content
    assert response["Cache-Control"] == "no-store"
    assert token.name == "Tableur budget"  # the bidi override is removed, not kept
    assert key not in json.dumps(list(ApiToken.objects.values()), default=str)
    assert token.digest == tokens.digest(key)
    assert AuditEntry.objects.filter(action="api.token.create").count() == 1
    # Shown once: the list afterwards has its first characters only.
    again = client.get("/account/tokens/")
    assert key.encode() not in again.content and token.prefix.encode() in again.content


@pytest.mark.django_db
def test_a_revoked_token_stops_working_at_once(personas):
    caller = ApiClient(personas.officer)
    assert caller.get("/api/v1/me/").status_code == 200
    client = Client()
    client.force_login(personas.officer)
    token = ApiToken.objects.get(user=personas.officer)
    assert client.post(f"/account/tokens/{token.pk}/revoke/").status_code == 302
    response = caller.get("/api/v1/me/")
    assert response.status_code == 401
    assert response["WWW-Authenticate"] == "Token"
    assert AuditEntry.objects.filter(action="api.token.revoke").count() == 1


@pytest.mark.django_db
def test_nobody_revokes_another_users_token(personas):
    ApiClient(personas.officer)
    token = ApiToken.objects.get(user=personas.officer)
    client = Client()
    client.force_login(personas.admin)
    assert client.post(f"/account/tokens/{token.pk}/revoke/").status_code == 404
    token.refresh_from_db()
    assert token.revoked_at is None


@pytest.mark.django_db
def test_a_deactivated_users_token_stops_working(personas):
    caller = ApiClient(personas.officer)
    personas.officer.is_active = False
    personas.officer.save()
    assert caller.get("/api/v1/me/").status_code == 401


@pytest.mark.django_db
def test_a_wrong_or_garbled_token_is_401_not_an_error(personas):
    for header in ("Token shk_nope", "Token", "Token a b", "Bearer \xff\xfe", "Token " + "x" * 5000):
        response = Client().get("/api/v1/me/", HTTP_AUTHORIZATION=header)
        assert response.status_code == 401, header
        assert response.json()["code"] in ("authentication_failed", "not_authenticated")


@pytest.mark.django_db
def test_the_token_speaks_for_its_user_with_the_users_role(personas):
    body = ApiClient(personas.finance).get("/api/v1/me/").json()
    assert body["role"] == "finance_officer"
    assert "finance.edit" in body["capabilities"] and "projects.create" not in body["capabilities"]


# --- language ------------------------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("language", "words"),
    [("ar", "تاريخ"), ("fr", "date"), ("en", "date")],
)
def test_a_refused_write_names_each_field_in_the_language_asked(world, language, words):
    _world_api(world)
    response = ApiClient(world.personas.finance, language=language).post(
        f"/api/v1/projects/{world.project.pk}/transactions/",
        {"type": "1", "currency": "MAD", "amount": "10", "value_date": "9999-12-31"},
    )
    assert response.status_code == 400
    body = response.json()
    assert words in body["errors"]["value_date"][0].lower()
    assert response["Content-Language"] == language


@pytest.mark.django_db
def test_titles_come_in_the_language_asked_and_in_all_three(world):
    body = (
        ApiClient(world.personas.officer, language="fr").get(f"/api/v1/projects/{world.project.pk}/").json()
    )
    assert body["title"] == "Dessalement solaire"
    assert body["titles"]["ar"] == "تحلية مياه البحر بالطاقة الشمسية"
    assert body["status"]["label"] == "Idée"


# --- writes ---------------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_a_move_with_the_etag_read_moves_the_project_and_a_stale_one_changes_nothing(world):
    caller = ApiClient(world.personas.officer)
    read = caller.get(f"/api/v1/projects/{world.project.pk}/")
    etag = read["ETag"]
    url = f"/api/v1/projects/{world.project.pk}/moves/"
    assert caller.post(url, {"to": "concept_note"}).status_code == 428
    moved = caller.post(url, {"to": "concept_note"}, HTTP_IF_MATCH=etag)
    assert moved.status_code == 200, moved.content
    assert moved.json()["status"]["code"] == "concept_note"
    assert moved["ETag"] != etag
    entries = AuditEntry.objects.count()
    stale = caller.post(url, {"to": "abandoned", "reason": "Plus de financement"}, HTTP_IF_MATCH=etag)
    assert stale.status_code == 412
    assert stale.json()["code"] == "concurrent_edit"
    assert Project.objects.get(pk=world.project.pk).status == "concept_note"
    assert AuditEntry.objects.count() == entries


@pytest.mark.django_db
def test_a_move_the_pipeline_does_not_declare_is_refused_with_its_reason(world):
    caller = ApiClient(world.personas.officer)
    etag = caller.get(f"/api/v1/projects/{world.project.pk}/")["ETag"]
    response = caller.post(
        f"/api/v1/projects/{world.project.pk}/moves/", {"to": "completed"}, HTTP_IF_MATCH=etag
    )
    assert response.status_code in (400, 403)
    assert Project.objects.get(pk=world.project.pk).status == "idea"


@pytest.mark.django_db
def test_a_transaction_recorded_through_the_api_is_the_pages_transaction(world):
    finance = _world_api(world)
    response = ApiClient(world.personas.finance).post(
        f"/api/v1/projects/{world.project.pk}/transactions/",
        {
            "type": "1",
            "funder": finance["funder"].pk,
            "value_date": "2026-08-03",
            "currency": "MAD",
            "amount": "1234567.89",
            "description": "Deuxième versement",
        },
    )
    assert response.status_code == 201, response.content
    body = response.json()
    tx = Transaction.objects.get(pk=body["id"])
    assert str(tx.amount) == "1234567.89" and body["amount"] == "1234567.89"
    assert tx.provider == "UNDP" and tx.receiver  # filled as the page fills them
    assert tx.recorded_by == world.personas.finance
    assert AuditEntry.objects.filter(action="transaction.record").count() == 1


@pytest.mark.django_db
@pytest.mark.parametrize(
    "body",
    [
        {"type": "1", "currency": "MAD", "amount": "12345678901234567", "value_date": "2026-08-03"},
        {"type": "1", "currency": "MAD", "amount": 1e300, "value_date": "2026-08-03"},
        {"type": "1", "currency": "MAD", "amount": "10", "value_date": "2026-08-03", "description": ["x"]},
        {"type": "99", "currency": "MAD", "amount": "10", "value_date": "2026-08-03"},
        {"type": "1", "currency": "XXX", "amount": "-10", "value_date": "20260803"},
        {"type": "1", "currency": "MAD", "amount": True, "value_date": False},
    ],
)
def test_hostile_bodies_are_refused_beside_their_field_and_nothing_is_written(world, body):
    _world_api(world)
    caller = ApiClient(world.personas.finance)
    before = Transaction.objects.count(), AuditEntry.objects.count()
    response = caller.post(f"/api/v1/projects/{world.project.pk}/transactions/", body)
    assert response.status_code == 400, response.content
    assert response.json()["errors"]
    assert (Transaction.objects.count(), AuditEntry.objects.count()) == before


@pytest.mark.django_db
def test_a_body_that_is_not_json_or_not_utf8_is_a_400(world):
    caller = ApiClient(world.personas.finance)
    url = f"/api/v1/projects/{world.project.pk}/transactions/"
    for raw, kind in (
        (b"\xff\xfe{", "application/json"),
        (b"[1, 2]", "application/json"),
        (b"<x/>", "application/xml"),
    ):
        response = caller.client.post(url, raw, content_type=kind, **caller.headers)
        assert response.status_code in (400, 415), (raw, response.status_code)
        assert response.json()["detail"]


# --- limits ---------------------------------------------------------------------------------------------


@pytest.mark.django_db
@override_settings(API_RATE_PER_TOKEN="3/minute")
def test_a_token_beyond_its_rate_gets_429_and_another_token_does_not(personas):
    first, second = ApiClient(personas.officer), ApiClient(personas.auditor)
    statuses = [first.get("/api/v1/me/").status_code for _ in range(4)]
    assert statuses == [200, 200, 200, 429]
    assert int(first.get("/api/v1/me/")["Retry-After"]) > 0
    assert second.get("/api/v1/me/").status_code == 200


@pytest.mark.django_db
def test_cross_origin_reads_are_not_allowed(personas):
    response = ApiClient(personas.officer).get("/api/v1/me/", HTTP_ORIGIN="https://evil.example")
    assert "Access-Control-Allow-Origin" not in response


@pytest.mark.django_db
def test_a_browser_session_writes_only_with_its_csrf_token(world):
    client = Client(enforce_csrf_checks=True)
    client.force_login(world.personas.officer)
    etag = client.get(f"/api/v1/projects/{world.project.pk}/", HTTP_ACCEPT="application/json")["ETag"]
    response = client.post(
        f"/api/v1/projects/{world.project.pk}/moves/",
        json.dumps({"to": "concept_note"}),
        content_type="application/json",
        HTTP_IF_MATCH=etag,
    )
    assert response.status_code == 403
    assert Project.objects.get(pk=world.project.pk).status == "idea"


# --- what a partner viewer reads -----------------------------------------------------------------------


@pytest.mark.django_db
def test_a_partner_viewer_reads_its_own_money_only(world):
    _world_api(world)
    other = world.other_organisation
    from sharaka.finance.models import Funder

    theirs = Funder.objects.create(
        project=world.project, kind="partner", organisation=other, currency="MAD", cash=5, cash_mad=5
    )
    body = (
        ApiClient(world.personas.partner_viewer).get(f"/api/v1/projects/{world.project.pk}/finance/").json()
    )
    assert [f["name"] for f in body["funders"]] == ["UNDP"]
    rows = ApiClient(world.personas.partner_viewer).get("/api/v1/transactions/").json()["results"]
    assert rows and all("reference" not in row and "provider" not in row for row in rows)
    one = ApiClient(world.personas.partner_viewer).get(f"/api/v1/transactions/{rows[0]['id']}/")
    assert one.status_code == 200 and "reference" not in one.json() and one.json()["id"] == rows[0]["id"]
    import datetime

    not_theirs = Transaction.objects.create(
        project=world.project,
        type="1",
        funder=theirs,
        provider="Autre",
        receiver="Commune",
        currency="MAD",
        value_date=datetime.date(2026, 3, 2),
        amount=Decimal("5.00"),
        rate=1,
        rate_date=datetime.date(2026, 3, 2),
        rate_source="MAD",
        amount_mad=Decimal("5.00"),
        recorded_by=world.personas.finance,
    )
    assert (
        ApiClient(world.personas.partner_viewer).get(f"/api/v1/transactions/{not_theirs.pk}/").status_code
        == 404
    )
    assert ApiClient(world.personas.auditor).get(f"/api/v1/transactions/{not_theirs.pk}/").status_code == 200
    staff_rows = ApiClient(world.personas.auditor).get("/api/v1/transactions/").json()["results"]
    assert all("reference" in row for row in staff_rows)


@pytest.mark.django_db
def test_contacts_only_for_the_roles_that_see_them(world):
    url = f"/api/v1/partners/{world.organisation.pk}/"
    assert ApiClient(world.personas.officer).get(url).json()["contacts"][0]["name"] == "Leila Benali"
    assert "contacts" not in ApiClient(world.personas.finance).get(url).json()
    assert "contacts" not in ApiClient(world.personas.partner_viewer).get(url).json()


# --- query counts ---------------------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/projects/",
        "/api/v1/partners/",
        "/api/v1/transactions/",
        "/api/v1/agreements/",
        "/api/v1/public/projects/",
    ],
)
def test_a_list_costs_the_same_queries_for_5_rows_as_for_40(world, url):
    _world_api(world)
    caller = ApiClient(world.personas.officer)
    caller.get(url)  # the token's first use is written down once (last used)
    small = query_count(caller, url)
    add_rows(world, 40)
    assert query_count(caller, url) == small


def add_rows(world, count):
    import datetime
    from decimal import Decimal

    from django.utils import timezone

    from sharaka.agreements.models import Agreement
    from sharaka.partners.models import Organisation

    funder = world.extra["finance"]["funder"]
    for i in range(count):
        org = Organisation.objects.create(
            name_fr=f"Partenaire {i}", acronym=f"P{i}", model="twinning", legal_type="ngo", country="FR"
        )
        project = make_project(
            code=f"AOU-Q-{i:03}",
            title_fr=f"Projet {i}",
            published_at=timezone.now(),
            status="in_implementation",
        )
        share_project(project, org)
        Agreement.objects.create(kind="twinning", title_fr=f"Convention {i}")
        Transaction.objects.create(
            project=world.project,
            type="1",
            funder=funder,
            provider="UNDP",
            receiver="Commune",
            currency="MAD",
            value_date=datetime.date(2026, 3, 2),
            amount=Decimal("1.00"),
            rate=1,
            rate_date=datetime.date(2026, 3, 2),
            rate_source="MAD",
            amount_mad=Decimal("1.00"),
            recorded_by=world.personas.finance,
        )


# --- partial writes -------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_a_patch_changes_only_the_fields_it_names_and_a_stale_one_changes_nothing(world):
    from sharaka.partners.models import Organisation

    caller = ApiClient(world.personas.officer, language="fr")
    url = f"/api/v1/partners/{world.organisation.pk}/"
    before = Organisation.objects.get(pk=world.organisation.pk)
    etag = caller.get(url)["ETag"]
    from sharaka.core.models import Theme

    water = Theme.objects.get(kind="area", code="water_energy")
    changed = caller.patch(
        url, {"description_fr": "Agence onusienne", "focus_areas": [water.pk]}, HTTP_IF_MATCH=etag
    )
    assert changed.status_code == 200, changed.content
    after = Organisation.objects.get(pk=world.organisation.pk)
    assert after.description_fr == "Agence onusienne"
    assert (after.name_fr, after.acronym, after.model, after.country) == (
        before.name_fr,
        before.acronym,
        before.model,
        before.country,
    )
    assert list(after.focus_areas.values_list("code", flat=True)) == ["water_energy"]
    assert changed["ETag"] != etag and after.version == before.version + 1
    assert [area["code"] for area in changed.json()["focus_areas"]] == ["water_energy"]
    entries = AuditEntry.objects.count()
    stale = caller.patch(url, {"description_fr": "Écrasé"}, HTTP_IF_MATCH=etag)
    assert stale.status_code == 412
    assert Organisation.objects.get(pk=world.organisation.pk).description_fr == "Agence onusienne"
    assert AuditEntry.objects.count() == entries


@pytest.mark.django_db
def test_a_patch_naming_a_field_that_does_not_exist_or_a_wrong_value_is_refused(world):
    caller = ApiClient(world.personas.officer, language="en")
    url = f"/api/v1/partners/{world.organisation.pk}/"
    etag = caller.get(url)["ETag"]
    unknown = caller.patch(url, {"version": 1, "is_fictional": True, "nickname": "x"}, HTTP_IF_MATCH=etag)
    assert unknown.status_code == 400
    assert "nickname" in unknown.json()["errors"]
    wrong = caller.patch(url, {"model": "nonsense", "website": "javascript:alert(1)"}, HTTP_IF_MATCH=etag)
    assert wrong.status_code == 400
    assert set(wrong.json()["errors"]) >= {"model", "website"}


@pytest.mark.django_db
def test_a_transaction_is_reversed_once_and_never_twice(world):
    finance = _world_api(world)
    caller = ApiClient(world.personas.finance)
    url = f"/api/v1/transactions/{finance['tx'].pk}/reversal/"
    first = caller.post(url, {"value_date": "2026-08-03", "reason": "Virement en double"})
    assert first.status_code == 201, first.content
    assert first.json()["amount"] == "-500.00" and first.json()["reverses"] == finance["tx"].pk
    assert first["Location"] == f"/api/v1/transactions/{first.json()['id']}/"
    wrong = caller.post(url, {"value_date": False, "reason": ""})  # found by the contract test: once a 500
    assert wrong.status_code == 400 and "value_date" in wrong.json()["errors"], wrong.content
    again = caller.post(url, {"value_date": "2026-08-04", "reason": "Encore"})
    assert again.status_code == 400
    assert Transaction.objects.filter(reverses=finance["tx"]).count() == 1


@pytest.mark.django_db
def test_an_interaction_and_its_follow_ups_are_recorded_whole_or_not_at_all(world):
    from sharaka.partners.models import FollowUp, Interaction

    caller = ApiClient(world.personas.manager, language="fr")
    url = f"/api/v1/partners/{world.organisation.pk}/interactions/"
    me = caller.get("/api/v1/me/").json()["id"]
    before = Interaction.objects.count(), FollowUp.objects.count(), AuditEntry.objects.count()
    broken = caller.post(
        url,
        {
            "kind": "visit",
            "date": "2026-11-30",
            "subject": "Visite du chantier",
            "follow_ups": [
                {"description": "Photos", "due_date": "2026-12-05"},
                {"description": "Devis", "due_date": "9999-12-31"},
            ],
        },
    )
    assert broken.status_code == 400
    assert "follow_ups.1.due_date" in broken.json()["errors"]
    assert (Interaction.objects.count(), FollowUp.objects.count(), AuditEntry.objects.count()) == before
    made = caller.post(
        url,
        {
            "kind": "visit",
            "date": "2026-11-30",
            "subject": "Visite du chantier",
            "contacts": [world.contact.pk],
            "follow_ups": [{"description": "Photos", "due_date": "2026-12-05"}],
        },
    )
    assert made.status_code == 201, made.content
    interaction = Interaction.objects.get(pk=made.json()["id"])
    assert interaction.recorded_by == world.personas.manager
    assert list(interaction.contacts.all()) == [world.contact]
    assert interaction.follow_ups.get().owner_id == me
    assert made.json()["kind"]["label"] == "Visite"


@pytest.mark.django_db
def test_a_project_patch_keeps_what_it_does_not_name_and_replaces_the_sectors_it_sends(world):
    from sharaka.core.models import Locality, Theme
    from sharaka.projects.models import ProjectSector

    project = world.project
    area = Theme.objects.get(kind="area", code="water_energy")
    project.themes.add(area)
    place = Locality.objects.create(
        name_ar="تامراغت",
        name_fr="Tamraght",
        name_en="Tamraght",
        kind="village",
        latitude=30.49,
        longitude=-9.67,
    )
    project.localities.add(place)
    ProjectSector.objects.create(project=project, code="14010", percentage=100)
    caller = ApiClient(world.personas.manager, language="fr")
    url = f"/api/v1/projects/{project.pk}/"
    etag = caller.get(url)["ETag"]
    changed = caller.patch(url, {"summary_fr": "Une station solaire pour Tamraght"}, HTTP_IF_MATCH=etag)
    assert changed.status_code == 200, changed.content
    project = Project.objects.get(pk=project.pk)
    assert project.summary_fr == "Une station solaire pour Tamraght"
    assert project.title_fr == "Dessalement solaire"
    assert list(project.themes.all()) == [area] and list(project.localities.all()) == [place]
    assert [(s.code, s.percentage) for s in project.sectors.all()] == [("14010", 100)]
    etag = changed["ETag"]
    wrong = caller.patch(
        url,
        {"sectors": [{"code": "14010", "percentage": 60}, {"code": "23210", "percentage": 30}]},
        HTTP_IF_MATCH=etag,
    )
    assert wrong.status_code == 400 and "sectors" in wrong.json()["errors"]
    split = caller.patch(
        url,
        {"sectors": [{"code": "14010", "percentage": 60}, {"code": "23210", "percentage": 40}]},
        HTTP_IF_MATCH=etag,
    )
    assert split.status_code == 200, split.content
    assert sorted((s["code"], s["percentage"]) for s in split.json()["sectors"]) == [
        ("14010", 60),
        ("23210", 40),
    ]
    stale = caller.patch(url, {"title_fr": "Écrasé"}, HTTP_IF_MATCH=etag)
    assert stale.status_code == 412
    assert caller.patch(url, {"version": 99}, HTTP_IF_MATCH=split["ETag"]).status_code == 400
    assert Project.objects.get(pk=project.pk).title_fr == "Dessalement solaire"


# --- contacts ---------------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_a_new_main_contact_replaces_the_previous_one_and_a_patch_keeps_what_it_does_not_name(world):
    from sharaka.partners.models import Contact

    caller = ApiClient(world.personas.officer, language="fr")
    url = f"/api/v1/partners/{world.organisation.pk}/contacts/"
    first = caller.post(url, {"name": "Karim Alaoui", "email": "karim@example.org", "is_primary": True})
    assert first.status_code == 201, first.content
    second = caller.post(url, {"name": "Nadia Idrissi", "phone": "+212 528 00 00 00", "is_primary": True})
    assert second.status_code == 201, second.content
    assert list(Contact.objects.filter(organisation=world.organisation, is_primary=True)) == [
        Contact.objects.get(pk=second.json()["id"])
    ]
    changed = caller.patch(f"{url}{first.json()['id']}/", {"position": "Directeur pays"})
    assert changed.status_code == 200, changed.content
    karim = Contact.objects.get(pk=first.json()["id"])
    assert (karim.position, karim.email, karim.name) == (
        "Directeur pays",
        "karim@example.org",
        "Karim Alaoui",
    )
    assert AuditEntry.objects.filter(action="contact.update", object_id=str(karim.pk)).exists()

    before = Contact.objects.count(), AuditEntry.objects.count()
    wrong = caller.post(url, {"name": "X", "phone": "appelez-moi", "nickname": "x"})
    assert wrong.status_code == 400 and set(wrong.json()["errors"]) == {"nickname"}
    wrong = caller.post(url, {"name": "X", "phone": "appelez-moi"})
    assert wrong.status_code == 400 and "chiffres" in wrong.json()["errors"]["phone"][0]
    assert (Contact.objects.count(), AuditEntry.objects.count()) == before
    other = Contact.objects.create(organisation=world.other_organisation, name="Autre")
    assert caller.patch(f"{url}{other.pk}/", {"position": "x"}).status_code == 404


@pytest.mark.django_db
def test_a_project_created_through_the_api_takes_the_next_code_its_creator_as_manager_and_starts_as_an_idea(
    world,
):
    caller = ApiClient(world.personas.officer, language="fr")
    made = caller.post(
        "/api/v1/projects/",
        {
            "title_fr": "Éclairage solaire des douars",
            "title_ar": "الإنارة الشمسية للدواوير",
            "sectors": [{"code": "23230", "percentage": 100}],
        },
    )
    assert made.status_code == 201, made.content
    project = Project.objects.get(pk=made.json()["id"])
    assert project.code and made.json()["code"] == project.code
    assert project.manager == world.personas.officer and project.status == "idea"
    assert [(s.code, s.percentage) for s in project.sectors.all()] == [("23230", 100)]
    assert made["Location"] == f"/api/v1/projects/{project.pk}/"
    assert AuditEntry.objects.filter(action="project.create", object_id=str(project.pk)).exists()
    assert [c["new_status"]["code"] for c in made.json()["status_history"]] == ["idea"]

    before = Project.objects.count(), AuditEntry.objects.count()
    clash = caller.post("/api/v1/projects/", {"code": project.code, "title_fr": "Doublon"})
    assert clash.status_code == 400 and "code" in clash.json()["errors"]
    untitled = caller.post("/api/v1/projects/", {"summary_fr": "Sans titre"})
    assert untitled.status_code == 400
    assert (Project.objects.count(), AuditEntry.objects.count()) == before


@pytest.mark.django_db
def test_a_funder_joins_a_project_with_its_commitment_once_per_role(world):
    from sharaka.projects.models import ProjectPartner

    caller = ApiClient(world.personas.manager, language="fr")
    url = f"/api/v1/projects/{world.project.pk}/partners/"
    joined = caller.post(
        url,
        {
            "organisation": world.other_organisation.pk,
            "role": "1",
            "committed_amount": "250000.00",
            "currency": "EUR",
            "committed_on": "2026-10-01",
        },
    )
    assert joined.status_code == 201, joined.content
    row = ProjectPartner.objects.get(project=world.project, organisation=world.other_organisation)
    assert (row.role, row.committed_amount, row.currency) == ("1", Decimal("250000.00"), "EUR")
    assert AuditEntry.objects.filter(action="project_partner.add", object_id=str(row.pk)).exists()

    before = ProjectPartner.objects.count(), AuditEntry.objects.count()
    again = caller.post(url, {"organisation": world.other_organisation.pk, "role": "1"})
    assert again.status_code == 400 and again.json()["errors"]
    implementer_money = caller.post(
        url,
        {
            "organisation": world.other_organisation.pk,
            "role": "4",
            "committed_amount": "10",
            "committed_on": "2026-10-01",
        },
    )
    assert implementer_money.status_code == 400 and "committed_amount" in implementer_money.json()["errors"]
    assert (ProjectPartner.objects.count(), AuditEntry.objects.count()) == before
