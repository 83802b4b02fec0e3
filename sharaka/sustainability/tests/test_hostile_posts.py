"""The bar's hostile values on the forms the form fuzzer cannot reach with a valid case: the
president's reason (shown to the president only, below the threshold) and a check's record (its date
must fall between the project's end and today, which random dates almost never do). Each is refused
on the page or stored clean: never a server error, never a NUL or a bidi override stored."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from sharaka.core.models import AuditEntry
from sharaka.sustainability.models import Check, Plan
from sharaka.sustainability.testing import make_plan

pytestmark = pytest.mark.django_db

HOSTILE_TEXT = [
    "\u202eevil\u202c",
    "a\x00b",
    "\u2066x\u2069",
    "=cmd|' /C calc'!A0",
    '<!DOCTYPE x [<!ENTITY a "a">]>&a;',
    "ب" * 100_000,
    "1234567890123456",
]
FORBIDDEN = ("\x00", "\u202e", "\u202d", "\u2066", "\u2067", "\u2068")


def _clean(text) -> bool:
    return not any(c in (text or "") for c in FORBIDDEN)


@pytest.mark.parametrize("reason", HOSTILE_TEXT)
def test_the_presidents_reason(client, personas, ended, reason):
    plan = make_plan(ended, costs=[("Gardien", "4000", "nobody", False)])
    client.force_login(personas.president)
    url = reverse("sustainability_plan_waive", kwargs={"pk": ended.pk})
    response = client.post(url, {"reason": reason})
    assert response.status_code in (200, 302)
    plan = Plan.objects.get(pk=plan.pk)
    assert _clean(plan.waiver_reason)
    for entry in AuditEntry.objects.filter(action="sustainability_plan.waive"):
        assert _clean(entry.reason)


@pytest.mark.parametrize("findings", HOSTILE_TEXT)
@pytest.mark.parametrize("checked_on", ["2026-08-04", "9999-12-31", "0001-01-01", "2026-02-30", "٢٠٢٦-٠٨-٠٤"])
def test_a_checks_record(client, personas, ended, findings, checked_on):
    make_plan(ended)
    check = Check.objects.create(project=ended, months=6, due_on=datetime.date(2026, 7, 31))
    client.force_login(personas.officer)
    url = reverse("sustainability_check_record", kwargs={"pk": ended.pk, "check_pk": check.pk})
    response = client.post(
        url,
        {
            "checked_on": checked_on,
            "working": "yes",
            "used": "partly",
            "maintained": "no",
            "findings": findings,
        },
    )
    assert response.status_code in (200, 302)
    check.refresh_from_db()
    assert _clean(check.findings)
    if check.checked_on is not None:
        assert datetime.date(2026, 1, 31) <= check.checked_on <= timezone.localdate()
    if (checked_on, findings) == ("2026-08-04", "1234567890123456"):  # the valid case does write
        assert check.checked_on == datetime.date(2026, 8, 4) and check.findings == findings


@pytest.mark.parametrize(
    "name", ["sustainability_check_record", "sustainability_plan_waive", "sustainability_cost_add"]
)
def test_an_undecodable_body_is_refused_not_a_server_error(client, personas, ended, name):
    make_plan(ended)
    check = Check.objects.create(project=ended, months=6, due_on=datetime.date(2026, 7, 31))
    kwargs = {"pk": ended.pk}
    if name == "sustainability_check_record":
        kwargs["check_pk"] = check.pk
    client.force_login(personas.president if name.endswith("waive") else personas.officer)
    before = AuditEntry.objects.count()
    response = client.post(
        reverse(name, kwargs=kwargs),
        "findings=%FF%FE%C0&reason=%FF",
        content_type="application/x-www-form-urlencoded",
    )
    assert response.status_code < 500
    assert AuditEntry.objects.count() == before
