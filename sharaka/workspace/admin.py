"""The digests sent, read-only: the record that keeps a second run on the same day from sending again."""

from sharaka.core.admin_readonly import register_read_only
from sharaka.workspace.models import DigestSent

register_read_only(DigestSent)
