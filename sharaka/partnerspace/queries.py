"""Small read-only questions other pages ask of the partner workspace."""

from sharaka.partnerspace.models import Submission, Thread


def waiting_count() -> int:
    """Documents waiting for the unit's review and threads waiting for its answer (two counts)."""
    return (
        Submission.objects.filter(status=Submission.Status.SUBMITTED).count()
        + Thread.objects.filter(awaiting_unit=True).count()
    )
