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
