"""How long an uploaded IATI file is kept: `IATI_UPLOAD_KEEP_DAYS` (30) after its import ended.

An uploaded file is only needed to read it, and to read it again if its report raised a question.
Kept for ever, files of hundreds of megabytes would fill the server with other publishers' data the
activities already hold. After the period the daily job `iati_files_prune` (operations/jobs.py)
removes the file; the run keeps its name, size, checksum and report, and the ledger says when the
file went. A run still waiting or being read keeps its file. Files fetched from an address are never
kept (iati/tasks.py); a file given on the command line stays where it was.
"""

import datetime

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from sharaka.core import audit
from sharaka.iati.models import ImportRun

ENDED = (ImportRun.Status.DONE, ImportRun.Status.REFUSED, ImportRun.Status.FAILED)


def kept_until(run: ImportRun) -> datetime.datetime | None:
    """When the run's file will be removed, or None while it is not yet due (still read, or none)."""
    if not run.file or run.status not in ENDED or run.finished_at is None:
        return None
    return run.finished_at + datetime.timedelta(days=settings.IATI_UPLOAD_KEEP_DAYS)


def remove_old_files(*, now: datetime.datetime | None = None) -> dict:
    """Remove the files of the imports that ended more than IATI_UPLOAD_KEEP_DAYS ago. Each run is its
    own transaction; the file leaves the storage only once its run says so (on commit)."""
    now = now or timezone.now()
    cutoff = now - datetime.timedelta(days=settings.IATI_UPLOAD_KEEP_DAYS)
    due = (
        ImportRun.objects.filter(status__in=ENDED, finished_at__lte=cutoff)
        .exclude(file="")
        .values_list("pk", flat=True)
    )
    removed = 0
    for pk in list(due):
        with transaction.atomic():
            run = ImportRun.objects.select_for_update().get(pk=pk)
            if not run.file:
                continue
            name, storage = run.file.name, run.file.storage
            run.file, run.file_removed_at = "", now
            run.save(update_fields=["file", "file_removed_at"])
            audit.record(
                actor=None,
                action="iati.import.file_removed",
                obj=run,
                before={"file": name},
                after={"sha256": run.sha256, "kept_days": settings.IATI_UPLOAD_KEEP_DAYS},
            )
            transaction.on_commit(lambda name=name, storage=storage: storage.delete(name))
            removed += 1
    return {"iati_files_removed": removed}
