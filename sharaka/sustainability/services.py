"""Every change to sustainability goes through these functions: validate, write, audit, one transaction.

The views check who may open a page (access.py); each service checks again who may make the change,
so that no other caller (the admin, a script, a test) writes past the rules.
"""

import datetime
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from sharaka.core import audit, uploads
from sharaka.core.money import check_amount
from sharaka.core.roles import can
from sharaka.core.services import check_version
from sharaka.projects.models import Project
from sharaka.projects.pipeline import Status as ProjectStatus
from sharaka.sustainability import access, photos, pipeline, queries, warnings
from sharaka.sustainability.models import (
    Check,
    CheckPhoto,
    Evidence,
    Plan,
    RecurrentCost,
    Risk,
    SustainabilitySettings,
)

PLAN_FIELDS = ["exit_strategy", "handover_on", "maintainer_kind", "maintainer_name", "no_recurrent_cost"]
COST_FIELDS = [
    "what",
    "amount_per_year",
    "payer_kind",
    "payer_detail",
    "payer_organisation",
    "confirmed",
    "evidence",
]
RISK_FIELDS = ["description", "category", "likelihood", "impact", "mitigation", "owner", "review_on"]
CHECK_FIELDS = ["checked_on", "working", "used", "maintained", "findings"]


def _require_editor(actor, project: Project) -> None:
    if project.archived_at is not None:
        raise ValidationError(_("This project is archived: it can no longer be changed."), code="archived")
    if not access.may_edit(actor, project):
        raise PermissionDenied(_("Only the cooperation unit and the project's manager may change this."))


# --- the unit's threshold ---------------------------------------------------------------------------


@transaction.atomic
def settings_update(*, actor, coverage_threshold: Decimal, expected_version: int) -> SustainabilitySettings:
    if not can(actor, "sustainability.settings"):
        raise PermissionDenied(_("Only the cooperation unit sets the coverage threshold."))
    SustainabilitySettings.objects.get_or_create(pk=1)
    locked = SustainabilitySettings.objects.select_for_update().get(pk=1)
    check_version(locked, expected_version)
    threshold = Decimal(coverage_threshold)
    if not Decimal(0) <= threshold <= Decimal(100):
        raise ValidationError({"coverage_threshold": _("Give a percentage between 0 and 100.")})
    before = {"coverage_threshold": locked.coverage_threshold}
    locked.coverage_threshold = threshold.quantize(Decimal("0.01"))
    locked.version += 1
    locked.full_clean()
    locked.save()
    audit.record(
        actor=actor,
        action="sustainability.settings",
        obj=locked,
        before=before,
        after={"coverage_threshold": locked.coverage_threshold},
    )
    return locked


# --- the plan -----------------------------------------------------------------------------------


@transaction.atomic
def plan_save(*, actor, project: Project, data: dict, expected_version: int | None = None) -> Plan:
    """Create the project's plan, or change it (`expected_version` of the plan the form was opened on)."""
    project = Project.objects.select_for_update().get(pk=project.pk)
    _require_editor(actor, project)
    plan = Plan.objects.select_for_update().filter(project=project).first()
    creating = plan is None
    if creating:
        plan = Plan(project=project)
        before = {}
    else:
        check_version(plan, expected_version)
        before = audit.snapshot(plan, fields=PLAN_FIELDS)
        plan.version += 1
    for key in PLAN_FIELDS:
        if key in data:
            setattr(plan, key, data[key])
    if not (plan.exit_strategy or "").strip():
        raise ValidationError({"exit_strategy": _("Say how the results are kept once the support ends.")})
    if plan.no_recurrent_cost and not creating and plan.costs.exists():
        raise ValidationError(
            {
                "no_recurrent_cost": _(
                    "This plan lists recurrent costs: remove them first, or untick this box."
                )
            }
        )
    plan.full_clean()
    plan.save()
    after = audit.snapshot(plan, fields=PLAN_FIELDS)
    old, new = audit.diff(before, after) if before else ({}, after)
    audit.record(
        actor=actor,
        action="sustainability_plan.create" if creating else "sustainability_plan.update",
        obj=plan,
        before=old,
        after=new,
    )
    warnings.refresh_projects({plan.project_id})
    return plan


@transaction.atomic
def plan_waive(*, actor, plan: Plan, reason: str) -> Plan:
    """The president records why the project may close with its coverage below the unit's threshold.
    It holds while the coverage stays at least what it was when recorded."""
    if not can(actor, "sustainability.waive"):
        raise PermissionDenied(_("Only the president records why a project may close below the threshold."))
    locked = Plan.objects.select_for_update().select_related("project").get(pk=plan.pk)
    if locked.project.archived_at is not None:
        raise ValidationError(_("This project is archived: it can no longer be changed."), code="archived")
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Say why the project may close with these costs uncovered.")})
    coverage = queries.coverage(locked)
    threshold = SustainabilitySettings.current().coverage_threshold
    if coverage >= threshold:
        raise ValidationError(_("The coverage already reaches the unit's threshold: nothing to waive."))
    locked.waiver_reason = reason
    locked.waived_by = actor
    locked.waived_at = timezone.now()
    locked.waived_coverage = coverage
    locked.version += 1
    locked.save()
    audit.record(
        actor=actor,
        action="sustainability_plan.waive",
        obj=locked,
        after={"coverage": coverage, "threshold": threshold},
        reason=reason,
    )
    return locked


# --- evidence -----------------------------------------------------------------------------------


@transaction.atomic
def evidence_upload(*, actor, plan: Plan, title: str, kind: str, upload) -> Evidence:
    _require_editor(actor, plan.project)
    checked = uploads.check(upload, uploads.SUPPORTING_DOCUMENT, field="file")
    upload.name = checked.name
    evidence = Evidence(
        plan=plan,
        title=title,
        kind=kind,
        file=upload,
        content_type=checked.content_type,
        size=checked.size,
        sha256=checked.sha256,
        uploaded_by=actor,
    )
    evidence.full_clean()
    evidence.save()
    audit.record(
        actor=actor,
        action="sustainability_evidence.upload",
        obj=evidence,
        after={"title": title, "kind": kind, "sha256": checked.sha256, "size": checked.size},
    )
    return evidence


# --- recurrent costs ----------------------------------------------------------------------------


def _validate_cost(cost: RecurrentCost) -> None:
    check_amount(Decimal(cost.amount_per_year), "amount_per_year")
    if cost.amount_per_year <= 0:
        raise ValidationError({"amount_per_year": _("A recurrent cost is greater than zero.")})
    if cost.confirmed:
        if cost.payer_kind == RecurrentCost.Payer.NOBODY:
            raise ValidationError({"confirmed": _("A cost that nobody pays yet cannot be confirmed.")})
        if not cost.payer_detail and cost.payer_organisation_id is None:
            raise ValidationError(
                {"payer_detail": _("Name the budget line, programme or payer that confirmed it.")}
            )
        if cost.evidence_id is None:
            raise ValidationError(
                {
                    "evidence": _(
                        "A confirmed payer needs its evidence: a council decision or a signed agreement."
                    )
                }
            )
    if cost.evidence_id is not None and cost.evidence.plan_id != cost.plan_id:
        raise ValidationError({"evidence": _("Choose a document of this plan.")})


@transaction.atomic
def cost_save(*, actor, plan: Plan, data: dict, cost: RecurrentCost | None = None) -> RecurrentCost:
    plan = Plan.objects.select_for_update().select_related("project").get(pk=plan.pk)
    _require_editor(actor, plan.project)
    creating = cost is None
    if creating:
        cost, before = RecurrentCost(plan=plan), {}
    else:
        cost = RecurrentCost.objects.select_for_update().get(pk=cost.pk, plan=plan)
        before = audit.snapshot(cost, fields=COST_FIELDS)
    for key in COST_FIELDS:
        if key in data:
            setattr(cost, key, data[key])
    _validate_cost(cost)
    cost.full_clean()
    cost.save()
    if plan.no_recurrent_cost:
        plan.no_recurrent_cost = False
        plan.version += 1
        plan.save(update_fields=["no_recurrent_cost", "version", "updated_at"])
    after = audit.snapshot(cost, fields=COST_FIELDS)
    old, new = audit.diff(before, after) if before else ({}, after)
    audit.record(
        actor=actor,
        action="recurrent_cost.add" if creating else "recurrent_cost.update",
        obj=cost,
        before=old,
        after={**new, "coverage": queries.coverage(plan)},
    )
    warnings.refresh_projects({plan.project_id})
    return cost


@transaction.atomic
def cost_remove(*, actor, cost: RecurrentCost) -> RecurrentCost:
    """Take a cost out of the plan: archived, never deleted (the row stays, with who removed it and
    when; the ledger keeps its last values and the coverage before and after). Once the project is
    closed, the plan it closed on is kept as it was: nothing is removed from it."""
    plan = Plan.objects.select_for_update().select_related("project").get(pk=cost.plan_id)
    _require_editor(actor, plan.project)
    if plan.project.status == ProjectStatus.CLOSED:
        raise ValidationError(
            _(
                "This project is closed: its sustainability plan is kept as it closed. Correct a cost instead."
            ),
            code="plan_closed",
        )
    locked = RecurrentCost.all_objects.select_for_update().get(pk=cost.pk, plan=plan)
    if locked.removed_at is not None:
        return locked
    coverage_before = queries.coverage(plan)
    before = audit.snapshot(locked, fields=COST_FIELDS)
    locked.removed_at, locked.removed_by = timezone.now(), actor
    locked.save(update_fields=["removed_at", "removed_by"])
    audit.record(
        actor=actor,
        action="recurrent_cost.remove",
        obj=locked,
        before={**before, "coverage": coverage_before},
        after={"removed_at": locked.removed_at, "coverage": queries.coverage(plan)},
    )
    warnings.refresh_projects({plan.project_id})
    return locked


# --- risks --------------------------------------------------------------------------------------


@transaction.atomic
def risk_save(
    *, actor, project: Project, data: dict, risk: Risk | None = None, expected_version=None
) -> Risk:
    _require_editor(actor, project)
    creating = risk is None
    if creating:
        risk, before = Risk(project=project), {}
    else:
        risk = Risk.objects.select_for_update().get(pk=risk.pk, project=project)
        check_version(risk, expected_version)
        before = audit.snapshot(risk, fields=RISK_FIELDS)
        risk.version += 1
    for key in RISK_FIELDS:
        if key in data:
            setattr(risk, key, data[key])
    for scale in ("likelihood", "impact"):
        if getattr(risk, scale) not in range(1, 6):
            raise ValidationError({scale: _("Give a number from 1 to 5.")})
    risk.score = risk.likelihood * risk.impact
    risk.full_clean()
    risk.save()
    if creating:
        pipeline.PIPELINE.start(actor=actor, obj=risk)
    after = audit.snapshot(risk, fields=RISK_FIELDS)
    old, new = audit.diff(before, after) if before else ({}, after)
    audit.record(
        actor=actor, action="risk.add" if creating else "risk.update", obj=risk, before=old, after=new
    )
    warnings.refresh_projects({risk.project_id})
    return risk


@transaction.atomic
def risk_move(*, actor, risk: Risk, to: str, reason: str = "") -> Risk:
    locked = Risk.objects.select_for_update().select_related("project").get(pk=risk.pk)
    old = locked.status

    def apply(obj, _old):
        obj.version += 1

    change = pipeline.PIPELINE.move(actor=actor, obj=locked, to=to, reason=reason, apply=apply)
    audit.record(
        actor=actor,
        action="risk.move",
        obj=locked,
        before={"status": old},
        after={"status": to},
        reason=change.reason,
    )
    warnings.refresh_projects({locked.project_id})
    return locked


# --- post-support checks ------------------------------------------------------------------------


@transaction.atomic
def checks_schedule(*, project: Project, actor=None) -> list[Check]:
    """The checks at 6, 12 and 24 months after the project's end, as due items. Idempotent: a check
    that exists is kept (its due date follows a corrected end date until it is done)."""
    # The project's row first: two runs at once (the daily task and a move to "completed") take turns
    # here, and the second finds the checks the first made instead of failing on the unique constraint.
    project = Project.objects.select_for_update().get(pk=project.pk)
    end = queries.project_end(project)
    if end is None:
        return []
    existing = {c.months: c for c in Check.objects.select_for_update().filter(project=project)}
    created = []
    for months in Check.MONTHS:
        due = queries.months_after(end, months)
        check = existing.get(months)
        if check is None:
            created.append(Check.objects.create(project=project, months=months, due_on=due))
        elif not check.done and check.due_on != due:
            Check.objects.filter(pk=check.pk).update(due_on=due)
    if created:
        audit.record(
            actor=actor,
            action="sustainability_check.schedule",
            obj=project,
            after={"checks": [{"months": c.months, "due_on": c.due_on} for c in created]},
        )
    return created


@transaction.atomic
def check_record(*, actor, check: Check, data: dict, photo=None) -> Check:
    """Record what a visit found (and add a photo, re-encoded without its location)."""
    locked = Check.objects.select_for_update().select_related("project").get(pk=check.pk)
    _require_editor(actor, locked.project)
    before = audit.snapshot(locked, fields=CHECK_FIELDS)
    for key in CHECK_FIELDS:
        if key in data:
            setattr(locked, key, data[key])
    if not locked.checked_on:
        raise ValidationError({"checked_on": _("Give the date of the visit.")})
    if locked.checked_on > timezone.localdate():
        raise ValidationError({"checked_on": _("A check is recorded once it took place: not in the future.")})
    end = queries.project_end(locked.project)
    if end and locked.checked_on < end:
        raise ValidationError({"checked_on": _("A post-support check takes place after the project's end.")})
    for answer in ("working", "used", "maintained"):
        if not getattr(locked, answer):
            raise ValidationError({answer: _("Answer yes, partly or no.")})
    locked.checked_by = actor
    locked.full_clean()
    locked.save()
    after = audit.snapshot(locked, fields=CHECK_FIELDS)
    old, new = audit.diff(before, after)
    if photo is not None:
        cleaned = photos.clean(photo)
        stored = CheckPhoto(
            check_visit=locked,
            file=cleaned.file,
            content_type=cleaned.content_type,
            width=cleaned.width,
            height=cleaned.height,
            size=cleaned.file.size,
            sha256=cleaned.sha256,
            uploaded_by=actor,
        )
        stored.save()
        new["photo"] = cleaned.sha256
    audit.record(actor=actor, action="sustainability_check.record", obj=locked, before=old, after=new)
    warnings.refresh_projects({locked.project_id})
    return locked


def due_checks(*, today: datetime.date | None = None):
    """Checks not yet done, due by `today` (or overdue)."""
    today = today or timezone.localdate()
    return Check.objects.filter(checked_on__isnull=True, due_on__lte=today, project__archived_at__isnull=True)
