"""Values reported through the API (a field check's figures sent from a tablet or a spreadsheet tool)
are the page's updates: the same form, parts, road, four eyes, ledger and period actual."""

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from sharaka.api.tests.helpers import ApiClient
from sharaka.core.models import AuditEntry, Locality
from sharaka.results import services
from sharaka.results.models import Disaggregation, Period, Update
from sharaka.results.url_expectations import world_results


def _period_url(world):
    return f"/api/v1/projects/{world.project.pk}/results/periods/{world_results(world)['period'].pk}/updates/"


def _update_url(world, update):
    return f"/api/v1/projects/{world.project.pk}/results/updates/{update.pk}/"


def _place():
    return Locality.objects.create(
        name_ar="تمراغت",
        name_fr="Tamraght",
        name_en="Tamraght",
        kind="village",
        latitude=30.51,
        longitude=-9.68,
    )


def _parts(place, women="40", men="30", in_place="70"):
    return [
        {"dimension": "sex", "category": "female", "value": women},
        {"dimension": "sex", "category": "male", "value": men},
        {"dimension": "locality", "locality": place.pk, "value": in_place},
    ]


@pytest.mark.django_db
def test_a_value_reported_through_the_api_is_the_pages_draft_with_its_parts(world):
    world_results(world)
    place = _place()
    caller = ApiClient(world.personas.manager, language="fr")
    answer = caller.post(
        _period_url(world),
        {"value": "70", "narrative_fr": "Soixante-dix ménages raccordés", "disaggregations": _parts(place)},
    )
    assert answer.status_code == 201, answer.content
    body = answer.json()
    update = Update.objects.get(pk=body["id"])
    assert (update.status, update.value, update.created_by) == (
        "draft",
        Decimal("70"),
        world.personas.manager,
    )
    assert update.narrative_fr == "Soixante-dix ménages raccordés"
    assert sorted(
        (d.dimension, d.category, d.locality_id, d.value) for d in update.disaggregations.all()
    ) == [
        ("locality", "", place.pk, Decimal("70")),
        ("sex", "female", None, Decimal("40")),
        ("sex", "male", None, Decimal("30")),
    ]
    assert AuditEntry.objects.filter(action="update.create", object_id=str(update.pk)).exists()
    assert answer["Location"].endswith(_update_url(world, update))
    assert answer["ETag"] == f'"results.update-{update.pk}-v1"'
    assert body["status"] == {"code": "draft", "label": "Brouillon"}
    assert {part["label"] for part in body["disaggregations"]} >= {str(place), "Femmes et filles"}
    assert body["allowed_moves"] == ["submitted"]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("body", "field"),
    [
        (
            {"value": "70", "disaggregations": [{"dimension": "sex", "category": "other", "value": "1"}]},
            "disaggregations.0",
        ),
        (
            {"value": "70", "disaggregations": [{"dimension": "locality", "locality": 999999, "value": "1"}]},
            "disaggregations.0",
        ),
        (
            {
                "value": "70",
                "disaggregations": [
                    {"dimension": "age", "category": "0-14", "value": "1"},
                    {"dimension": "age", "category": "0-14", "value": "2"},
                ],
            },
            "disaggregations.1",
        ),
        # The parts by sex add up to more than the value: the service's own rule, worded as on the page.
        (
            {"value": "10", "disaggregations": [{"dimension": "sex", "category": "female", "value": "11"}]},
            "disaggregations",
        ),
        ({"value": "70", "disaggregations": {"sex": "all"}}, "disaggregations"),
        ({"narrative_fr": "Sans valeur"}, "value"),
        ({"value": "12345678901234567"}, "value"),
        ({"value": "70", "part_sex_female": "10"}, "part_sex_female"),
        ({"value": "70", "version": 3}, "version"),
    ],
)
def test_parts_that_do_not_exist_repeat_or_exceed_the_value_are_refused_and_nothing_is_written(
    world, body, field
):
    world_results(world)
    caller = ApiClient(world.personas.officer)
    before = Update.objects.count(), Disaggregation.objects.count(), AuditEntry.objects.count()
    answer = caller.post(_period_url(world), body)
    assert answer.status_code == 400, answer.content
    assert field in answer.json()["errors"], answer.json()
    assert (Update.objects.count(), Disaggregation.objects.count(), AuditEntry.objects.count()) == before


@pytest.mark.django_db
def test_a_patch_keeps_the_parts_it_does_not_send_and_replaces_those_it_sends(world):
    world_results(world)
    place = _place()
    caller = ApiClient(world.personas.manager)
    created = caller.post(_period_url(world), {"value": "70", "disaggregations": _parts(place)})
    update = Update.objects.get(pk=created.json()["id"])
    url = _update_url(world, update)

    narrated = caller.patch(url, {"narrative_en": "Seventy households"}, HTTP_IF_MATCH=created["ETag"])
    assert narrated.status_code == 200, narrated.content
    update.refresh_from_db()
    assert (update.narrative_en, update.value, update.disaggregations.count()) == (
        "Seventy households",
        Decimal("70"),
        3,
    )

    replaced = caller.patch(
        url,
        {"value": "75", "disaggregations": [{"dimension": "sex", "category": "female", "value": "75"}]},
        HTTP_IF_MATCH=narrated["ETag"],
    )
    assert replaced.status_code == 200, replaced.content
    update.refresh_from_db()
    assert update.value == Decimal("75") and update.narrative_en == "Seventy households"
    assert [(d.category, d.value) for d in update.disaggregations.all()] == [("female", Decimal("75"))]

    entries = AuditEntry.objects.count()
    stale = caller.patch(url, {"value": "80"}, HTTP_IF_MATCH=narrated["ETag"])
    assert stale.status_code == 412
    missing = caller.patch(url, {"value": "80"})
    assert missing.status_code == 428
    update.refresh_from_db()
    assert update.value == Decimal("75") and AuditEntry.objects.count() == entries


@pytest.mark.django_db
def test_the_road_submit_four_eyes_return_with_a_comment_then_approval_feeds_the_period(world):
    results = world_results(world)
    manager = ApiClient(world.personas.manager)
    officer = ApiClient(world.personas.officer, language="ar")
    president = ApiClient(world.personas.president)
    draft = results["draft"]
    url = _update_url(world, draft)

    submitted = manager.post(url + "moves/", {"to": "submitted"}, HTTP_IF_MATCH=manager.get(url)["ETag"])
    assert submitted.status_code == 200, submitted.content
    assert submitted.json()["status"]["code"] == "submitted"
    again = manager.patch(url, {"value": "61"}, HTTP_IF_MATCH=submitted["ETag"])
    assert again.status_code == 403  # a submitted update is no longer changed

    own = manager.post(url + "moves/", {"to": "approved"}, HTTP_IF_MATCH=submitted["ETag"])
    assert own.status_code == 403 and own.json()["detail"]

    silent = officer.post(url + "moves/", {"to": "returned", "reason": ""}, HTTP_IF_MATCH=submitted["ETag"])
    assert silent.status_code == 400
    assert silent.json()["errors"]["reason"] == ["اذكر السبب: هذا الانتقال يتطلب تعليلاً."]
    assert Update.objects.get(pk=draft.pk).status == "submitted"

    approved = president.post(url + "moves/", {"to": "approved"}, HTTP_IF_MATCH=submitted["ETag"])
    assert approved.status_code == 200, approved.content
    assert Period.objects.get(pk=results["period"].pk).actual == Decimal("60")
    assert [c["new_status"]["code"] for c in approved.json()["status_history"]] == [
        "draft",
        "submitted",
        "approved",
    ]
    assert AuditEntry.objects.filter(action="update.approve", object_id=str(draft.pk)).exists()


@pytest.mark.django_db
def test_a_partner_viewer_reads_approved_values_and_the_approval_alone(world):
    results = world_results(world)
    partner = ApiClient(world.personas.partner_viewer)
    listed = partner.get(_period_url(world))
    assert listed.status_code == 200
    assert [u["id"] for u in listed.json()] == [results["approved"].pk]
    assert [c["new_status"]["code"] for c in listed.json()[0]["status_history"]] == ["approved"]
    assert listed.json()[0]["allowed_moves"] == []
    assert partner.get(_update_url(world, results["submitted"])).status_code == 404
    staff = ApiClient(world.personas.auditor).get(_period_url(world))
    assert len(staff.json()) == 3


@pytest.mark.django_db
def test_nothing_is_reported_in_a_locked_period(world):
    results = world_results(world)
    caller = ApiClient(world.personas.officer, language="fr")
    url = f"/api/v1/projects/{world.project.pk}/results/periods/{results['locked'].pk}/updates/"
    before = Update.objects.count()
    answer = caller.post(url, {"value": "5"})
    assert answer.status_code == 400
    assert "verrouillée" in str(answer.json()["errors"])
    assert Update.objects.count() == before


@pytest.mark.django_db
def test_a_periods_updates_cost_the_same_queries_for_3_as_for_12(world):
    results = world_results(world)
    caller = ApiClient(world.personas.officer)
    url = _period_url(world)
    caller.get(url)

    def queries():
        with CaptureQueriesContext(connection) as captured:
            assert caller.get(url).status_code == 200
        return len(captured)

    small = queries()
    place = _place()
    for value in range(9):
        update = services.update_save(
            actor=world.personas.manager,
            period=results["period"],
            update=None,
            data={"value": Decimal(value)},
            disaggregations=[{"dimension": "locality", "locality": place, "value": Decimal(value)}],
        )
        services.update_move(actor=world.personas.manager, update=update, to="submitted")
    assert queries() == small


# --- the chain itself ---------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_a_chain_built_through_the_api_is_the_pages_result_indicator_and_period(world):
    caller = ApiClient(world.personas.manager, language="fr")
    base = f"/api/v1/projects/{world.project.pk}/results/"
    result = caller.post(
        base, {"type": "2", "title_fr": "Accès à l'eau amélioré", "title_ar": "تحسين الولوج إلى الماء"}
    )
    assert result.status_code == 201, result.content
    indicator = caller.post(
        f"{base}{result.json()['id']}/indicators/",
        {"title_fr": "Taux de desserte", "measure": "2", "baseline_value": "35", "baseline_year": 2025},
    )
    assert indicator.status_code == 201, indicator.content
    period = caller.post(
        f"{base}indicators/{indicator.json()['id']}/periods/",
        {"start": "2027-01-01", "end": "2027-12-31", "target": "60"},
    )
    assert period.status_code == 201, period.content
    chain = caller.get(base).json()
    built = next(r for r in chain if r["id"] == result.json()["id"])
    assert built["title"] == "Accès à l'eau amélioré" and built["type"]["code"] == "2"
    assert built["indicators"][0]["measure"]["code"] == "2"
    assert built["indicators"][0]["periods"][0]["target"] == "60.00"
    for action in ("result.create", "indicator.create", "period.create"):
        assert AuditEntry.objects.filter(action=action).exists()

    changed = caller.patch(
        f"{base}periods/{period.json()['id']}/", {"target": "65"}, HTTP_IF_MATCH=period["ETag"]
    )
    assert changed.status_code == 200 and changed.json()["target"] == "65.00"
    assert changed.json()["end"] == "2027-12-31"
    stale = caller.patch(
        f"{base}periods/{period.json()['id']}/", {"target": "70"}, HTTP_IF_MATCH=period["ETag"]
    )
    assert stale.status_code == 412


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("path", "body", "field"),
    [
        (
            "indicators",
            {"title_fr": "Taux", "measure": "2", "baseline_value": "140", "baseline_year": 2025},
            "baseline_value",
        ),
        ("indicators", {"title_fr": "Taux", "measure": "1", "baseline_value": "3"}, "baseline_year"),
        ("indicators", {"measure": "1"}, "title_ar"),
        ("periods", {"start": "2027-06-30", "end": "2027-01-01", "target": "3"}, "end"),
        ("periods", {"start": "2027-01-01", "end": "9999-12-31", "target": "12345678901234567"}, "target"),
    ],
)
def test_a_chain_row_the_page_would_refuse_is_refused_beside_its_field(world, path, body, field):
    results = world_results(world)
    caller = ApiClient(world.personas.officer)
    base = f"/api/v1/projects/{world.project.pk}/results/"
    url = (
        f"{base}{results['result'].pk}/indicators/"
        if path == "indicators"
        else (f"{base}indicators/{results['indicator'].pk}/periods/")
    )
    before = AuditEntry.objects.count()
    answer = caller.post(url, body)
    assert answer.status_code == 400, answer.content
    assert field in answer.json()["errors"], answer.json()
    assert AuditEntry.objects.count() == before


@pytest.mark.django_db
def test_a_locked_periods_target_does_not_change(world):
    results = world_results(world)
    caller = ApiClient(world.personas.officer)
    url = f"/api/v1/projects/{world.project.pk}/results/periods/{results['locked'].pk}/"
    read = caller.get(url)
    assert read.json()["locked"] is True
    answer = caller.patch(url, {"target": "1"}, HTTP_IF_MATCH=read["ETag"])
    assert answer.status_code == 400
    assert Period.objects.get(pk=results["locked"].pk).target == Decimal("200")


@pytest.mark.django_db
def test_a_period_locked_through_the_api_takes_no_value_until_unlocked_with_a_reason(world):
    results = world_results(world)
    president = ApiClient(world.personas.president, language="fr")
    base = f"/api/v1/projects/{world.project.pk}/results/periods/{results['period'].pk}/"
    locked = president.post(base + "lock/")
    assert locked.status_code == 200 and locked.json()["locked"] is True
    refused = ApiClient(world.personas.manager).post(base + "updates/", {"value": "5"})
    assert refused.status_code == 400

    silent = president.post(base + "unlock/", {"reason": "  "})
    assert silent.status_code == 400 and "reason" in silent.json()["errors"]
    reopened = president.post(base + "unlock/", {"reason": "Chiffre corrigé après la visite"})
    assert reopened.status_code == 200 and reopened.json()["locked"] is False
    entry = AuditEntry.objects.filter(action="period.unlock", object_id=str(results["period"].pk)).get()
    assert entry.reason == "Chiffre corrigé après la visite"
