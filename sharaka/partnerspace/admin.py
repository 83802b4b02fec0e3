"""Read-only: submissions, reviews and messages change only through the partner workspace's services,
which write the audit ledger."""

from sharaka.core.admin_readonly import register_read_only
from sharaka.partnerspace.models import Message, Submission, SubmissionStatusChange, Thread

register_read_only(Submission, SubmissionStatusChange, Thread, Message)
