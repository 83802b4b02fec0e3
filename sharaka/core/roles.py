"""The roles of DESIGN.md and what each may do, declared once.

A user has one role. Views and services ask `can(user, "capability")`; nothing else names roles.
Each role is also a Django group carrying the model permissions the admin site needs
(`manage.py setup_roles`).
"""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class Role(models.TextChoices):
    ADMINISTRATOR = "administrator", _("Administrator")
    COOPERATION_OFFICER = "cooperation_officer", _("Cooperation officer")
    FINANCE_OFFICER = "finance_officer", _("Finance officer")
    PROJECT_MANAGER = "project_manager", _("Project manager")
    PRESIDENT = "president", _("President or delegated vice-president")
    COUNCIL_MEMBER = "council_member", _("Council member")
    PREFECTURE = "prefecture", _("Prefecture services")
    AUDITOR = "auditor", _("Auditor")
    PARTNER_VIEWER = "partner_viewer", _("Partner viewer")


R = Role

# A role as it is written for a person whose grammatical gender is known (User.gender): Arabic and French
# agree the title with the person (مكلفة بالتعاون, « Chargée de coopération »). Unknown: Role's label.
GENDERED_ROLE_LABELS = {
    "f": {
        R.ADMINISTRATOR: pgettext_lazy("role of a woman", "Administrator"),
        R.COOPERATION_OFFICER: pgettext_lazy("role of a woman", "Cooperation officer"),
        R.FINANCE_OFFICER: pgettext_lazy("role of a woman", "Finance officer"),
        R.PROJECT_MANAGER: pgettext_lazy("role of a woman", "Project manager"),
        R.PRESIDENT: pgettext_lazy("role of a woman", "President or delegated vice-president"),
        R.COUNCIL_MEMBER: pgettext_lazy("role of a woman", "Council member"),
        R.PREFECTURE: pgettext_lazy("role of a woman", "Prefecture services"),
        R.AUDITOR: pgettext_lazy("role of a woman", "Auditor"),
        R.PARTNER_VIEWER: pgettext_lazy("role of a woman", "Partner viewer"),
    },
    "m": {
        R.ADMINISTRATOR: pgettext_lazy("role of a man", "Administrator"),
        R.COOPERATION_OFFICER: pgettext_lazy("role of a man", "Cooperation officer"),
        R.FINANCE_OFFICER: pgettext_lazy("role of a man", "Finance officer"),
        R.PROJECT_MANAGER: pgettext_lazy("role of a man", "Project manager"),
        R.PRESIDENT: pgettext_lazy("role of a man", "President or delegated vice-president"),
        R.COUNCIL_MEMBER: pgettext_lazy("role of a man", "Council member"),
        R.PREFECTURE: pgettext_lazy("role of a man", "Prefecture services"),
        R.AUDITOR: pgettext_lazy("role of a man", "Auditor"),
        R.PARTNER_VIEWER: pgettext_lazy("role of a man", "Partner viewer"),
    },
}


def role_label(user, role: str | None = None) -> str:
    """The user's role (or `role`), written for the user's grammatical gender in the active language."""
    role = role or getattr(user, "role", "")
    gendered = GENDERED_ROLE_LABELS.get(getattr(user, "gender", "") or "", {})
    if role in gendered:
        return str(gendered[role])
    return str(Role(role).label) if role in Role.values else ""


INTERNAL_READERS = {
    R.ADMINISTRATOR,
    R.COOPERATION_OFFICER,
    R.FINANCE_OFFICER,
    R.PROJECT_MANAGER,
    R.PRESIDENT,
    R.COUNCIL_MEMBER,
    R.AUDITOR,
}

CAPABILITIES: dict[str, set[str]] = {
    # reading
    "partners.view": INTERNAL_READERS,
    "partners.view_contacts": {
        R.ADMINISTRATOR,
        R.COOPERATION_OFFICER,
        R.PROJECT_MANAGER,
        R.PRESIDENT,
        R.AUDITOR,
    },
    "projects.view": INTERNAL_READERS,
    "dashboard.view": INTERNAL_READERS,
    "search.use": INTERNAL_READERS,
    "audit.view": {R.ADMINISTRATOR, R.AUDITOR},
    # writing
    "partners.edit": {R.ADMINISTRATOR, R.COOPERATION_OFFICER},
    "partners.log_interaction": {R.ADMINISTRATOR, R.COOPERATION_OFFICER, R.PROJECT_MANAGER},
    "projects.create": {R.ADMINISTRATOR, R.COOPERATION_OFFICER},
    "projects.edit_any": {R.ADMINISTRATOR, R.COOPERATION_OFFICER},
    "projects.edit_own": {R.PROJECT_MANAGER},
    "projects.decide": {R.ADMINISTRATOR, R.PRESIDENT},
    "users.manage": {R.ADMINISTRATOR},
    # --- agreements (sharaka/agreements): add this app's capabilities here only ---
    "agreements.view": INTERNAL_READERS,
    "agreements.edit": {R.ADMINISTRATOR, R.COOPERATION_OFFICER},
    "agreements.sign": {R.ADMINISTRATOR, R.PRESIDENT},
    "agreements.prefecture": {R.PREFECTURE},
    "council.manage": {R.ADMINISTRATOR, R.COOPERATION_OFFICER},
    "council.record_votes": {R.ADMINISTRATOR, R.COOPERATION_OFFICER, R.COUNCIL_MEMBER},
    # --- finance (sharaka/finance): add this app's capabilities here only ---
    "finance.view": INTERNAL_READERS,
    "finance.edit": {R.ADMINISTRATOR, R.FINANCE_OFFICER},
    # --- portal and transparency (sharaka/portal): add this app's capabilities here only ---
    "portal.publish": {R.ADMINISTRATOR, R.COOPERATION_OFFICER},
    # --- results: reporting schedules (sharaka/results/schedules.py): add their capabilities here only ---
    # Who reads the unit's "who has not reported" list (overdue reports by person).
    "results.not_reported": {R.ADMINISTRATOR, R.COOPERATION_OFFICER, R.PRESIDENT, R.AUDITOR},
    # --- sustainability (sharaka/sustainability): add this app's capabilities here only ---
    # Plans, costs, evidence, risks and checks are edited by whoever may edit the project
    # (projects.edit_any, or projects.edit_own for its manager): sustainability/access.py.
    "sustainability.view": INTERNAL_READERS,
    "sustainability.settings": {R.ADMINISTRATOR, R.COOPERATION_OFFICER},
    # Closing a project below the coverage threshold: the president records why (issue #12).
    "sustainability.waive": {R.PRESIDENT},
    # --- funding opportunities, matching, applications, proposals (sharaka/funding): here only ---
    # The catalogue of calls, the commune's needs, the matches and the applications are the unit's
    # internal work: read by the commune's staff, never by partners or the prefecture.
    "funding.view": INTERNAL_READERS,
    # Keep the catalogue, open and follow applications, write proposals.
    "funding.edit": {R.ADMINISTRATOR, R.COOPERATION_OFFICER},
    # The go / no-go of an application (funding/pipeline.py: the unit or the president).
    "funding.decide": {R.ADMINISTRATOR, R.COOPERATION_OFFICER, R.PRESIDENT},
    # The weights of the matching score.
    "funding.settings": {R.ADMINISTRATOR, R.COOPERATION_OFFICER},
    # --- partner workspace (sharaka/partnerspace): here only ---
    # Review partners' submissions (accept, return, make public) and answer their messages.
    "partnerspace.review": {R.ADMINISTRATOR, R.COOPERATION_OFFICER},
    # --- capacity building (sharaka/capacity): here only ---
    # The skills catalogue, positions, staff list, trainings and the capacity dashboard (aggregates).
    # Assessments are personal data and follow no capability: only the person, their manager and the
    # administrator read them (capacity/access.py).
    "capacity.view": {R.ADMINISTRATOR, R.COOPERATION_OFFICER, R.PRESIDENT, R.AUDITOR},
    # Keep the skills, positions, staff profiles and trainings (participants, attendance, certificates).
    "capacity.manage": {R.ADMINISTRATOR, R.COOPERATION_OFFICER},
    # --- promotion (sharaka/promotion): here only ---
    # The opportunities catalogue, events, sponsors and the inquiries they bring (the unit's pages).
    "promotion.view": INTERNAL_READERS,
    "promotion.edit": {R.ADMINISTRATOR, R.COOPERATION_OFFICER},
    # --- IATI import and partner intelligence (sharaka/iati): here only ---
    # What other publishers fund, where and with whom: the unit's internal reading, like the catalogue.
    "iati.view": INTERNAL_READERS,
    # Import a donor's file (it may create prospects in the partner list) and decide proposed matches.
    "iati.import": {R.ADMINISTRATOR, R.COOPERATION_OFFICER},
    # --- operations (sharaka/operations): here only ---
    # The running installation: scheduled jobs and their runs, the worker's heartbeat, failed tasks.
    "operations.view": {R.ADMINISTRATOR},
}


def can(user, capability: str) -> bool:
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    return user.role in CAPABILITIES[capability]


def is_internal(user) -> bool:
    return getattr(user, "is_authenticated", False) and user.role in INTERNAL_READERS


# The roles that move money or sign, and so must confirm each sign-in with a second factor (a code from
# an authenticator app, or a recovery code): sharaka/core/second_factor.py, docs/roles-and-access.md.
SECOND_FACTOR_ROLES = {R.ADMINISTRATOR, R.FINANCE_OFFICER, R.PRESIDENT}


def needs_second_factor(user) -> bool:
    """Whether this user must confirm their sign-in with a second factor (anyone who can open the admin
    site too, whatever their role)."""
    if not getattr(user, "is_authenticated", False):
        return False
    return user.role in SECOND_FACTOR_ROLES or user.is_staff or user.is_superuser
