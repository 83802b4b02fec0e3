"""Background work of the iati app: an import runs in the worker, so that no request waits on a file."""

from django.tasks import task


@task
def import_run(run_id: int) -> dict:
    """Read the file kept with the run (uploaded by a staff member) into the database."""
    from sharaka.iati import importing
    from sharaka.iati.models import ImportRun

    run = ImportRun.objects.select_related("requested_by").get(pk=run_id)
    if run.status != ImportRun.Status.WAITING:
        return {"status": run.status}  # already read: a task delivered twice changes nothing
    with run.file.open("rb") as source:
        importing.import_file(run, source, actor=run.requested_by)
    return {"status": run.status, "counts": {k: v for k, v in run.counts.items() if isinstance(v, int)}}


@task
def fetch_run(run_id: int) -> dict:
    """Fetch the file at the run's address (iati/fetching.py: https only, public addresses, size and
    time limits), then read it like an upload. The downloaded file is not kept: its checksum is."""
    import tempfile

    from sharaka.iati import fetching, importing, report
    from sharaka.iati.models import ImportRun
    from sharaka.iati.reading import Refused

    run = ImportRun.objects.select_related("requested_by").get(pk=run_id)
    if run.status != ImportRun.Status.WAITING:
        return {"status": run.status}
    with tempfile.TemporaryFile() as download:
        try:
            run.size = fetching.download(run.name, download)
        except Refused as refused:
            importing.record_refusal(run, refused, actor=run.requested_by)
            return {"status": run.status, "refusal": run.refusal}
        run.sha256 = report.sha256_of(download)
        run.save(update_fields=["size", "sha256"])
        importing.import_file(run, download, actor=run.requested_by)
    return {"status": run.status}
