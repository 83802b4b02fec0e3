"""Read-only: opportunities, photos, events, sponsorships and inquiries change only through the
promotion services, which write the audit ledger."""

from sharaka.core.admin_readonly import register_read_only
from sharaka.promotion.models import (
    Event,
    Opportunity,
    OpportunityInquiry,
    OpportunityStatusChange,
    Photo,
    Sponsorship,
)

register_read_only(Opportunity, OpportunityStatusChange, Photo, Event, Sponsorship, OpportunityInquiry)
