"""The matching weights: who may set them (a literal table), the form, the ledger, the version."""

import pytest
from django.urls import reverse

from sharaka.core.models import AuditEntry
from sharaka.core.testing import ROLES
from sharaka.funding.models import MatchingWeights

pytestmark = pytest.mark.django_db

# Written here, not read from core/roles.py.
MAY_SET = {"administrator", "cooperation_officer"}
READS_FUNDING = {
    "administrator",
    "cooperation_officer",
    "finance_officer",
    "project_manager",
    "president",
    "council_member",
    "auditor",
}
URL = reverse("funding_weights")


def posted(version=1, **changes):
    data = {part: str(value) for part, value in MatchingWeights().as_dict().items()}
    data.update({k: str(v) for k, v in changes.items()})
    data["version"] = str(version)
    return data


@pytest.mark.parametrize("role", ROLES)
def test_only_the_unit_opens_and_saves_the_weights(client, personas, role):
    client.force_login(personas.by_role()[role])
    ledger = AuditEntry.objects.count()

    opened = client.get(URL)
    saved = client.post(URL, posted(text=9))

    if role in MAY_SET:
        assert opened.status_code == 200
        assert saved.status_code == 302
        assert MatchingWeights.current().text == 9
        assert AuditEntry.objects.count() == ledger + 1
    else:
        expected = 403 if role in READS_FUNDING else 404
        assert (opened.status_code, saved.status_code) == (expected, expected)
        assert not MatchingWeights.objects.exists()
        assert AuditEntry.objects.count() == ledger


def test_the_form_shows_the_defaults_and_saves_new_weights_in_the_ledger(client, personas):
    client.force_login(personas.officer)

    page = client.get(URL).content.decode()
    assert 'name="area_sector"' in page and 'value="5"' in page

    response = client.post(URL, posted(area_sector=0, budget=10))

    assert response.status_code == 302
    current = MatchingWeights.current()
    assert (current.area_sector, current.budget, current.version) == (0, 10, 2)
    entry = AuditEntry.objects.order_by("-id").first()
    assert entry.action == "funding.weights_save"
    assert entry.before["area_sector"] == 5 and entry.after["area_sector"] == 0


@pytest.mark.parametrize("value", ["11", "-1", "2.5", "", "dix"])
def test_a_weight_outside_0_to_10_is_refused(client, personas, value):
    client.force_login(personas.officer)

    response = client.post(URL, posted(time=value))

    assert response.status_code == 200
    assert not MatchingWeights.objects.exists()


def test_all_weights_at_zero_are_refused(client, personas):
    personas.officer.language = "en"
    personas.officer.save(update_fields=["language"])
    client.force_login(personas.officer)

    response = client.post(URL, posted(**dict.fromkeys(MatchingWeights.PARTS, 0)))

    assert response.status_code == 200
    assert "At least one part must count" in response.content.decode()
    assert not MatchingWeights.objects.exists()  # nothing saved, not even the row


def test_a_form_opened_before_someone_else_saved_is_refused(client, personas):
    personas.officer.language = "en"
    personas.officer.save(update_fields=["language"])
    client.force_login(personas.officer)
    client.post(URL, posted(text=9))

    response = client.post(URL, posted(version=1, text=1))

    assert response.status_code == 200
    assert "Someone else changed this record" in response.content.decode()
    assert MatchingWeights.current().text == 9
