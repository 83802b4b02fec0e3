"""Evidence of a person's skills from the platform's own records, shown beside their assessments.

Only for a person with an account (the records name accounts). Each source evidences one skill:

| record                                                   | skill                     |
|----------------------------------------------------------|---------------------------|
| negotiation rounds they recorded (partners)              | negotiation               |
| funding applications they follow or opened, and outcome | proposal_writing          |
| proposal sections they last wrote (funding)              | proposal_writing          |
| donor financial reports they issued (finance)            | donor_financial_reporting |
| results updates they reported, submitted or approved     | monitoring_evaluation     |
| projects they published on the portal (ledger)           | iati_publishing           |

Six queries whatever the number of records (pinned by a test); a record links to its page only when
the reader's role opens that part of the platform (the page itself checks the rest).
"""

from dataclasses import dataclass, field

from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from sharaka.core.roles import can


@dataclass
class Item:
    label: str
    date: object = None
    outcome: str = ""
    url: str = ""


@dataclass
class SkillEvidence:
    code: str
    source: str
    items: list = field(default_factory=list)

    @property
    def count(self) -> int:
        return len(self.items)


def evidence_for(profile, reader) -> list[SkillEvidence]:
    """The evidence rows of `profile` (empty without an account), as `reader` may follow them."""
    user_id = profile.user_id
    if user_id is None:
        return []
    from sharaka.core.models import AuditEntry
    from sharaka.finance.models import FinancialReport
    from sharaka.funding.models import Application, ProposalSection
    from sharaka.partners.models import NegotiationRound
    from sharaka.results.models import Update
    from sharaka.results.pipeline import Status as UpdateStatus

    partners, funding = can(reader, "partners.view"), can(reader, "funding.view")
    finance, projects = can(reader, "finance.view"), can(reader, "projects.view")
    rows = []

    rounds = SkillEvidence("negotiation", _("Negotiation rounds recorded"))
    for r in (
        NegotiationRound.objects.filter(recorded_by_id=user_id)
        .select_related("organisation")
        .order_by("-date", "-id")
    ):
        url = reverse("partner_detail", kwargs={"pk": r.organisation_id}) + "#negotiation" if partners else ""
        rounds.items.append(Item(f"{r.organisation} · {r.topic} · {r.round_number}", r.date, url=url))
    rows.append(rounds)

    applications = SkillEvidence("proposal_writing", _("Funding applications followed or opened"))
    for a in (
        Application.objects.filter(Q(owner_id=user_id) | Q(created_by_id=user_id))
        .select_related("project", "call")
        .order_by("-updated_at", "-id")
    ):
        url = reverse("funding_application", kwargs={"pk": a.pk}) if funding else ""
        applications.items.append(Item(str(a), a.submitted_on, a.get_status_display(), url))
    rows.append(applications)

    sections = SkillEvidence("proposal_writing", _("Proposal sections written"))
    for s in (
        ProposalSection.objects.filter(updated_by_id=user_id)
        .select_related("application__project", "application__call")
        .order_by("-updated_at", "-id")
    ):
        url = reverse("funding_application", kwargs={"pk": s.application_id}) if funding else ""
        sections.items.append(
            Item(f"{s.application} · {s.key}", s.updated_at.date(), s.application.get_status_display(), url)
        )
    rows.append(sections)

    reports = SkillEvidence("donor_financial_reporting", _("Donor financial reports issued"))
    for f in (
        FinancialReport.objects.filter(issued_by_id=user_id)
        .select_related("project", "funder__organisation")
        .order_by("-issued_at", "-id")
    ):
        url = reverse("finance_report_pdf", kwargs={"report_pk": f.pk}) if finance else ""
        reports.items.append(Item(str(f), f.issued_at.date(), url=url))
    rows.append(reports)

    updates = SkillEvidence("monitoring_evaluation", _("Results reported (submitted or approved)"))
    for u in (
        Update.objects.filter(
            created_by_id=user_id, status__in=[UpdateStatus.SUBMITTED, UpdateStatus.APPROVED]
        )
        .select_related("period__indicator__result__project")
        .order_by("-created_at", "-id")
    ):
        project = u.period.indicator.result.project
        url = reverse("results_update", kwargs={"pk": project.pk, "update_pk": u.pk}) if projects else ""
        updates.items.append(
            Item(f"{project.code} · {u.period.indicator}", u.created_at.date(), u.get_status_display(), url)
        )
    rows.append(updates)

    published = SkillEvidence("iati_publishing", _("Projects published on the portal"))
    for e in AuditEntry.objects.filter(actor_id=user_id, action="project.publish").order_by("-at", "-id"):
        url = (
            reverse("project_detail", kwargs={"pk": int(e.object_id)})
            if projects and e.object_id.isdigit()
            else ""
        )
        published.items.append(Item(e.object_repr, e.at.date(), url=url))
    rows.append(published)
    return rows
