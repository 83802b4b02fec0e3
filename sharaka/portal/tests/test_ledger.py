"""The public ledger: head on the portal, downloads without private content, anyone can verify;
tampering with an entry or deleting one fails the verification at that place."""

import csv
import importlib.util
import io
import json
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from django.db import connection
from django.urls import reverse

from sharaka.core.models import AuditEntry
from sharaka.portal import services
from sharaka.portal.tests.helpers import publishable_project
from sharaka.portal.views import LEDGER_FIELDS

pytestmark = pytest.mark.django_db
SCRIPT = Path(settings.BASE_DIR) / "docs" / "verify_ledger.py"


def _script():
    spec = importlib.util.spec_from_file_location("verify_ledger", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture
def entries(personas):
    for _ in range(3):
        services.project_publish(actor=personas.officer, project=publishable_project(published=False))
    services.inquiry_submit(message="Une question sur le projet", name="Fatima", contact="f@example.org")
    return list(AuditEntry.objects.order_by("id"))


def _download(client, fmt):
    return b"".join(client.get(reverse("portal:ledger_download", args=[fmt])).streaming_content).decode()


def test_it_shows_the_head_hash_and_count_on_the_portal(client, entries):
    html = client.get(reverse("portal:ledger")).content.decode()
    assert entries[-1].hash in html
    assert client.get(reverse("portal:home")).content.decode().count(entries[-1].hash) == 1


def test_the_count_on_the_portal_follows_new_entries_without_recounting_the_ledger(client, entries):
    from django.test.utils import CaptureQueriesContext

    from sharaka.portal.queries import ledger_head

    assert ledger_head()["count"] == len(entries)
    services.inquiry_submit(message="Une deuxième question", name="", contact="")
    services.inquiry_submit(message="Une troisième question", name="", contact="")
    with CaptureQueriesContext(connection) as queries:
        head = ledger_head()
    assert head["count"] == AuditEntry.objects.count() == len(entries) + 2
    assert head["last"].hash == AuditEntry.objects.order_by("-id").first().hash
    counts = [q["sql"] for q in queries if "COUNT(" in q["sql"].upper()]
    assert len(counts) == 1 and '"id" >' in counts[0]  # only the newcomers are counted


def test_it_publishes_only_the_public_columns(client, entries):
    data = json.loads(_download(client, "json"))
    assert data["fields"] == LEDGER_FIELDS
    assert set(data["entries"][0]) == set(LEDGER_FIELDS)
    rows = list(csv.DictReader(io.StringIO(_download(client, "csv"))))
    assert list(rows[0]) == LEDGER_FIELDS and len(rows) == len(entries)
    text = _download(client, "csv") + _download(client, "json")
    assert "Fatima" not in text and "f@example.org" not in text and "officer" not in text


def test_it_lets_anyone_verify_the_download_with_the_script(client, entries, tmp_path):
    for fmt in ("csv", "json"):
        path = tmp_path / f"ledger.{fmt}"
        path.write_text(_download(client, fmt), encoding="utf-8")
        result = subprocess.run(
            [sys.executable, str(SCRIPT), str(path)], capture_output=True, text=True, check=False
        )
        assert result.returncode == 0, result.stderr
        assert entries[-1].hash in result.stdout


def test_it_finds_a_changed_row_in_a_download(client, entries):
    rows = list(csv.DictReader(io.StringIO(_download(client, "csv"))))
    rows[1]["content_hash"] = "0" * 64
    assert _script().verify(rows) == (False, rows[1]["id"])
    del rows[1]
    assert _script().verify(rows) == (False, rows[1]["id"])


def test_it_verifies_the_ledger_with_the_command(entries):
    out = io.StringIO()
    call_command("verify_ledger", stdout=out)
    assert entries[-1].hash in out.getvalue()


def test_it_fails_at_an_entry_edited_in_the_database(entries):
    target = entries[2]
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {AuditEntry._meta.db_table} SET action = %s WHERE id = %s",
            ["project.tampered", target.pk],
        )
    with pytest.raises(CommandError, match=f"broken at entry {target.pk}"):
        call_command("verify_ledger")


def test_it_fails_after_an_entry_deleted_in_the_database(entries):
    gone, following = entries[1], entries[2]
    AuditEntry.objects.filter(pk=gone.pk).delete()  # the queryset bypasses the model's refusal
    with pytest.raises(CommandError, match=f"broken at entry {following.pk}"):
        call_command("verify_ledger")
