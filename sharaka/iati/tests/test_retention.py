"""An uploaded IATI file is kept IATI_UPLOAD_KEEP_DAYS after its import ended, then removed by the
daily job; its run keeps the checksum and the report, and the ledger says when the file went."""

import datetime
import os

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils import timezone

from sharaka.core.models import AuditEntry
from sharaka.iati import retention
from sharaka.iati.models import ImportRun
from sharaka.operations.jobs import BY_NAME

pytestmark = pytest.mark.django_db
DAY = datetime.timedelta(days=1)


def _run(status, ended_days_ago, name):
    run = ImportRun(source=ImportRun.Source.UPLOAD, name=name, size=5, sha256="ab" * 32, status=status)
    if ended_days_ago is not None:
        run.finished_at = timezone.now() - ended_days_ago * DAY
    run.file.save(name, ContentFile(b"<iati-activities/>"), save=False)
    run.save()
    return run


def test_a_file_is_removed_after_its_retention_period_and_its_run_keeps_the_rest(
    settings, django_capture_on_commit_callbacks
):
    settings.IATI_UPLOAD_KEEP_DAYS = 30
    old = _run(ImportRun.Status.DONE, 31, "old.xml")
    refused = _run(ImportRun.Status.REFUSED, 45, "refused.xml")
    recent = _run(ImportRun.Status.DONE, 29, "recent.xml")
    waiting = _run(ImportRun.Status.WAITING, None, "waiting.xml")
    path = old.file.path

    with django_capture_on_commit_callbacks(execute=True):
        result = BY_NAME["iati_files_prune"].call(timezone.localdate())

    assert result == {"iati_files_removed": 2}
    old.refresh_from_db()
    assert not old.file and old.file_removed_at is not None and old.sha256 == "ab" * 32
    assert not os.path.exists(path)
    for kept in (recent, waiting):
        kept.refresh_from_db()
        assert kept.file and os.path.exists(kept.file.path)
    refused.refresh_from_db()
    assert not refused.file
    entry = AuditEntry.objects.get(action="iati.import.file_removed", object_id=str(old.pk))
    assert entry.before == {"file": path.split("/media/")[1]} and entry.actor is None
    # A second pass the same day finds nothing left to do.
    assert retention.remove_old_files() == {"iati_files_removed": 0}


def test_the_import_page_says_until_when_the_file_is_kept_then_that_it_was_removed(
    client, personas, settings
):
    settings.IATI_UPLOAD_KEEP_DAYS = 30
    run = _run(ImportRun.Status.DONE, 31, "old.xml")
    recent = _run(ImportRun.Status.DONE, 2, "recent.xml")
    client.force_login(personas.officer)

    page = client.get(reverse("iati_import", args=[recent.pk]), HTTP_ACCEPT_LANGUAGE="ar").content.decode()
    assert "يُحتفَظ بالملف إلى غاية" in page
    retention.remove_old_files()
    page = client.get(reverse("iati_import", args=[run.pk]), HTTP_ACCEPT_LANGUAGE="ar").content.decode()
    assert "حُذف الملف بعد انتهاء مدة الاحتفاظ به" in page and "يُحتفَظ بالملف إلى غاية" not in page
