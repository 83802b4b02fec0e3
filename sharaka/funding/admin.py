"""Funding in the back office, read-only: calls, applications and proposals are written on the funding
pages through the audited services (or, for reminders, the daily task)."""

from sharaka.core.admin_readonly import register_read_only
from sharaka.funding.models import (
    Application,
    ApplicationReminder,
    ApplicationStatusChange,
    Call,
    CallDocument,
    CallSector,
    CallStage,
    MatchingWeights,
    ProposalSection,
    RequiredAttachment,
)

register_read_only(Call, list_display=["reference", "funder", "commune_role", "opens_on", "archived_at"])
register_read_only(CallStage, list_display=["call", "kind", "deadline"])
register_read_only(CallSector, list_display=["call", "code"])
register_read_only(RequiredAttachment, list_display=["call", "kind", "label"])
register_read_only(CallDocument, list_display=["title", "call", "uploaded_at"])
register_read_only(MatchingWeights, list_display=["area_sector", "budget", "cofinancing", "time", "priority"])
register_read_only(Application, list_display=["project", "call", "status", "updated_at"])
register_read_only(
    ApplicationStatusChange, list_display=["application", "old_status", "new_status", "changed_at"]
)
register_read_only(ApplicationReminder, list_display=["application", "stage", "days_before", "sent_on"])
register_read_only(ProposalSection, list_display=["application", "key", "updated_at"])
