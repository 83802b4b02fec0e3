"""The applications pages as a person uses them: the list and its filters, opening from a project and a
call, the move buttons each role sees, a refused move explained on the page."""

import datetime
import re
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from sharaka.core.models import AuditEntry
from sharaka.core.testing import make_project
from sharaka.funding.models import Application, CallStage
from sharaka.funding.testing import TODAY, world_funding


@pytest.fixture(autouse=True)
def _today(monkeypatch):
    monkeypatch.setattr(timezone, "localdate", lambda *a, **k: TODAY)


@pytest.fixture
def f(world, client):
    from sharaka.core.models import User

    User.objects.update(language="en")  # the account's language wins over the browser's
    return world_funding(world)


def _link(application) -> str:
    return f'href="{reverse("funding_application", kwargs={"pk": application.pk})}"'


def _more_applications(world, f, n: int, start: int = 0):
    for i in range(start, start + n):
        project = make_project(code=f"AOU-L-{i:03d}", manager=world.personas.manager)
        Application.objects.create(
            project=project,
            call=f["co_call"] if i % 2 else f["lead_call"],
            status="considered",
            currency="EUR",
            lead=f["twin"],
            owner=world.personas.officer,
            amount_requested=Decimal("25000"),
            created_by=world.personas.officer,
        )


def test_the_list_costs_the_same_queries_for_3_or_20_applications(
    client, world, f, django_assert_max_num_queries
):
    client.force_login(world.personas.officer)
    url = reverse("funding_applications")
    _more_applications(world, f, 2)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as small:
        assert client.get(url).status_code == 200
    _more_applications(world, f, 18, start=2)
    with django_assert_max_num_queries(len(small)):
        body = client.get(url).content.decode()
    assert body.count("AOU-L-") >= 20


def test_the_list_shows_the_next_deadline_and_filters_by_status_funder_and_project(client, world, f):
    _more_applications(world, f, 2)
    client.force_login(world.personas.council)
    url = reverse("funding_applications")
    body = client.get(url).content.decode()
    deadline = TODAY + datetime.timedelta(days=60)
    assert f'datetime="{deadline:%Y-%m-%d}"' in body
    drafting, lead_call, co_call = (
        f["application"],
        Application.objects.get(project__code="AOU-L-000"),
        Application.objects.get(project__code="AOU-L-001"),
    )
    only_drafting = client.get(url, {"status": "drafting"}).content.decode()
    assert _link(drafting) in only_drafting and _link(lead_call) not in only_drafting
    by_funder = client.get(url, {"funder": world.other_organisation.pk}).content.decode()
    assert (
        _link(co_call) in by_funder and _link(lead_call) not in by_funder and _link(drafting) not in by_funder
    )
    by_project = client.get(url, {"project": world.project.pk}).content.decode()
    assert _link(drafting) in by_project and _link(co_call) not in by_project


def test_opening_from_a_project_and_a_call_prefills_both(client, world, f):
    client.force_login(world.personas.officer)
    url = reverse("funding_application_add")
    body = client.get(url, {"project": world.private_project.pk, "call": f["co_call"].pk}).content.decode()
    assert re.search(rf'<option value="{world.private_project.pk}" selected>', body)
    assert re.search(rf'<option value="{f["co_call"].pk}" selected>', body)
    assert client.get(url, {"project": "9" * 30, "call": "x"}).status_code == 200
    response = client.post(
        url, {"project": world.private_project.pk, "call": f["co_call"].pk, "amount_requested": "120000"}
    )
    application = Application.objects.get(project=world.private_project)
    assert response.url == reverse("funding_application", kwargs={"pk": application.pk})
    assert application.status == "considered" and application.amount_requested == Decimal("120000")


def test_a_refused_opening_shows_why_beside_the_call(client, world, f):
    client.force_login(world.personas.officer)
    response = client.post(
        reverse("funding_application_add"),
        {"project": world.project.pk, "call": f["lead_call"].pk},
    )
    assert response.status_code == 200
    assert "This project already has an application to this call." in response.content.decode()


def _move_buttons(body: str) -> set[str]:
    return set(re.findall(r'<input type="hidden" name="to" value="([a-z_]+)">', body))


def test_each_role_sees_the_moves_it_may_make(client, world, f):
    url = reverse("funding_application", kwargs={"pk": f["application"].pk})
    seen = {}
    for role in ("officer", "president", "finance", "auditor"):
        client.force_login(getattr(world.personas, role))
        seen[role] = _move_buttons(client.get(url).content.decode())
    assert seen == {
        "officer": {"submitted", "withdrawn"},
        "president": {"withdrawn"},
        "finance": set(),
        "auditor": set(),
    }


def test_a_move_without_its_reason_is_explained_on_the_page_and_writes_nothing(client, world, f):
    client.force_login(world.personas.president)
    application = f["application"]
    before = AuditEntry.objects.count()
    response = client.post(
        reverse("funding_application_move", kwargs={"pk": application.pk}),
        {"to": "withdrawn", "reason": "", "version": application.version},
    )
    assert response.status_code == 400
    assert "Say why: a reason is required for this move." in response.content.decode()
    assert AuditEntry.objects.count() == before
    assert Application.objects.get(pk=application.pk).status == "drafting"


def test_the_award_is_recorded_from_the_page(client, world, f):
    application = f["application"]
    Application.objects.filter(pk=application.pk).update(status="submitted")
    client.force_login(world.personas.officer)
    url = reverse("funding_application", kwargs={"pk": application.pk})
    assert "awarded" in _move_buttons(client.get(url).content.decode())
    response = client.post(
        reverse("funding_application_move", kwargs={"pk": application.pk}),
        {"to": "awarded", "amount_awarded": "44000", "on": "2026-12-01", "reason": "", "version": "1"},
    )
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.status == "awarded" and application.decided_on == datetime.date(2026, 12, 1)
    body = client.get(url).content.decode()
    assert reverse("agreement_detail", kwargs={"pk": application.agreement_id}) in body


def test_the_detail_shows_the_stages_with_days_left_and_the_history_with_reasons(client, world, f):
    CallStage.objects.create(
        call=f["lead_call"], kind="full_proposal", order=2, deadline=TODAY + datetime.timedelta(days=40)
    )
    client.force_login(world.personas.manager)
    body = client.get(reverse("funding_application", kwargs={"pk": f["application"].pk})).content.decode()
    assert "60 days left" in body and "40 days left" in body
    assert "Go: the project fits the call." in body
    # A full proposal usually needs 60 days: 40 are left; the concept note (30 needed) has 60.
    assert body.count("less time left than this stage usually needs") == 1
