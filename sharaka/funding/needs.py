"""The commune's needs, against the calls and the partners that could fund them.

A need is a project still at the idea or concept-note stage, or a funded project whose co-financing
plan does not yet cover its budget. Its gap is the sum of its budget lines (`finance.BudgetLine`)
minus the total of its co-financing plan (`finance.Funder`: cash and in kind, in MAD), never below
zero, as `finance.queries.project_finance` computes it for one project; here two grouped sums give
it for every project at once.

A need is "covered by a call" when an open or upcoming call of the catalogue, where the commune is
eligible (lead or co-applicant, Morocco not excluded), shares a cooperation area or a DAC sector with
it; "covered by a partner" when a partner already funds it (a funding role in the project, or a
partner line of its co-financing plan). The query count does not grow with the number of projects.
"""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sharaka.core.models import Theme
from sharaka.core.taxonomy import Area, Objective
from sharaka.finance.models import BudgetLine, Funder
from sharaka.funding.models import Call, CallStatus
from sharaka.projects.models import Project, ProjectPartner, ProjectSector
from sharaka.projects.pipeline import FUNDED, Status

ZERO = Decimal("0.00")
EARLY = (Status.IDEA, Status.CONCEPT_NOTE)
NONE_KEY = ""


@dataclass
class Need:
    project: Project
    cost: Decimal = ZERO  # the sum of its budget lines, MAD
    planned: Decimal = ZERO  # the total of its co-financing plan, MAD
    areas: list[str] = field(default_factory=list)
    objectives: list[str] = field(default_factory=list)
    sectors: list[str] = field(default_factory=list)
    calls: list[Call] = field(default_factory=list)
    partners: list[str] = field(default_factory=list)

    @property
    def gap(self) -> Decimal:
        return max(self.cost - self.planned, ZERO)

    @property
    def has_budget(self) -> bool:
        return self.cost > ZERO

    @property
    def outside_pac(self) -> bool:
        return not (self.project.pac_reference or "").strip()

    @property
    def covered(self) -> bool:
        return bool(self.calls or self.partners)


@dataclass
class Group:
    key: str
    label: str
    needs: list[Need]

    @property
    def gap(self) -> Decimal:
        return sum((need.gap for need in self.needs), ZERO)

    @property
    def uncovered(self) -> int:
        return sum(1 for need in self.needs if not need.covered)


def _sums(model, projects, **sums) -> dict[int, dict]:
    rows = model.objects.filter(project__in=projects).values("project").annotate(**sums)
    return {row["project"]: row for row in rows}


def eligible_calls(today: datetime.date) -> list[Call]:
    """Open or upcoming calls of the catalogue where the commune may apply (lead or co-applicant,
    Morocco not excluded), with their areas and sectors: three queries whatever their number."""
    calls = (
        Call.objects.active()
        .exclude(commune_role=Call.CommuneRole.NOT_ELIGIBLE)
        .select_related("funder")
        .prefetch_related("stages", "sectors", "themes")
        .order_by("id")
    )
    out = []
    for call in calls:
        if "MA" in call.excluded or call.status(today) == CallStatus.CLOSED:
            continue
        call.area_codes = {t.code for t in call.themes.all() if t.kind == "area"}
        call.sector_codes = {s.code for s in call.sectors.all()}
        out.append(call)
    return out


def commune_needs(today: datetime.date | None = None) -> list[Need]:
    """Every need, uncovered first, then by priority and code."""
    today = today or timezone.localdate()
    candidates = Project.objects.active().filter(status__in=[*EARLY, *FUNDED])
    costs = _sums(BudgetLine, candidates, cost=Sum("amount_mad"))
    plans = _sums(Funder, candidates, cash=Sum("cash_mad"), in_kind=Sum("in_kind_mad"))
    needs = []
    for project in candidates.order_by("priority", "code"):
        need = Need(project=project)
        need.cost = costs.get(project.pk, {}).get("cost") or ZERO
        plan = plans.get(project.pk, {})
        need.planned = (plan.get("cash") or ZERO) + (plan.get("in_kind") or ZERO)
        if project.status in FUNDED and need.gap <= ZERO:
            continue
        needs.append(need)
    by_pk = {need.project.pk: need for need in needs}
    ids = list(by_pk)
    for row in Project.themes.through.objects.filter(
        project_id__in=ids, theme__kind__in=["area", "objective"]
    ).values_list("project_id", "theme__kind", "theme__code"):
        need = by_pk[row[0]]
        (need.areas if row[1] == "area" else need.objectives).append(row[2])
    for project_id, code in ProjectSector.objects.filter(project_id__in=ids).values_list(
        "project_id", "code"
    ):
        by_pk[project_id].sectors.append(code)
    partners = ProjectPartner.objects.filter(
        project_id__in=ids, role=ProjectPartner.Role.FUNDING
    ).values_list("project_id", "organisation__acronym", "organisation__name_fr")
    lines = Funder.objects.filter(
        project_id__in=ids, kind=Funder.Kind.PARTNER, organisation__isnull=False
    ).values_list("project_id", "organisation__acronym", "organisation__name_fr")
    for project_id, acronym, name in [*partners, *lines]:
        label = acronym or name
        if label not in by_pk[project_id].partners:
            by_pk[project_id].partners.append(label)
    calls = eligible_calls(today)
    for need in needs:
        areas, sectors = set(need.areas), set(need.sectors)
        need.calls = [c for c in calls if c.area_codes & areas or c.sector_codes & sectors]
    needs.sort(key=lambda n: (n.covered, n.project.priority, n.project.code))
    return needs


GROUPINGS = {
    "area": _("By cooperation area"),
    "objective": _("By objective"),
    "priority": _("By PAC priority"),
}


def group(needs: list[Need], by: str) -> list[Group]:
    """The needs grouped by cooperation area, objective or PAC priority; a need with several areas
    (or objectives) is in each of their groups; those with none are grouped last."""
    if by == "priority":
        groups = [Group(str(value), label, []) for value, label in Project.Priority.choices]
        index = {g.key: g for g in groups}
        for need in needs:
            index[str(need.project.priority)].needs.append(need)
        return [g for g in groups if g.needs]
    choices = Area.choices if by == "area" else Objective.choices
    none_label = _("No cooperation area given") if by == "area" else _("No objective given")
    groups = [Group(code, label, []) for code, label in choices] + [Group(NONE_KEY, none_label, [])]
    index = {g.key: g for g in groups}
    for need in needs:
        keys = (need.areas if by == "area" else need.objectives) or [NONE_KEY]
        for key in keys:
            if key in index:
                index[key].needs.append(need)
    return [g for g in groups if g.needs]


def theme_label(kind: str, code: str) -> str:
    return str(Theme(kind=kind, code=code))
