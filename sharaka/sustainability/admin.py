"""Sustainability in the back office, read-only: plans, costs, evidence, risks, checks and warnings
are written on the sustainability pages through the audited services (or, for warnings, the daily
task)."""

from sharaka.core.admin_readonly import register_read_only
from sharaka.sustainability.models import (
    Check,
    CheckPhoto,
    EarlyWarning,
    Evidence,
    Plan,
    RecurrentCost,
    Risk,
    RiskStatusChange,
    SustainabilitySettings,
)

register_read_only(Plan, list_display=["project", "maintainer_kind", "maintainer_name", "handover_on"])
register_read_only(RecurrentCost, list_display=["plan", "what", "amount_per_year", "payer_kind", "confirmed"])
register_read_only(Evidence, list_display=["title", "plan", "kind", "uploaded_at"])
register_read_only(Risk, list_display=["project", "category", "score", "status", "review_on"])
register_read_only(RiskStatusChange, list_display=["risk", "old_status", "new_status", "changed_at"])
register_read_only(Check, list_display=["project", "months", "due_on", "checked_on", "working"])
register_read_only(CheckPhoto, list_display=["check_visit", "width", "height", "uploaded_at"])
register_read_only(EarlyWarning, list_display=["project", "rule", "key", "since", "resolved_at"])
register_read_only(SustainabilitySettings, list_display=["coverage_threshold", "updated_at"])
