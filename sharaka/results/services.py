"""Every change to results goes through these functions: validate, write, audit, in one transaction.

The chain (results, indicators, periods) is changed by whoever may edit the project; updates move
through `pipeline.PIPELINE`; approved values feed the period's actual (`recompute_actual`); a locked
period refuses every change until it is unlocked, with a reason, into the ledger.
"""

from decimal import ROUND_HALF_UP, Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from sharaka.core import audit, uploads
from sharaka.core.multilingual import require_one
from sharaka.core.services import check_version, load_for_save
from sharaka.lib.money import amount_in_bounds
from sharaka.projects.models import Project
from sharaka.results import access, pipeline
from sharaka.results.models import (
    Disaggregation,
    Evidence,
    Indicator,
    Period,
    Result,
    Update,
    value_too_large_message,
)

RESULT_FIELDS = [
    "type",
    "title_ar",
    "title_fr",
    "title_en",
    "description_ar",
    "description_fr",
    "description_en",
    "position",
]
INDICATOR_FIELDS = [
    "title_ar",
    "title_fr",
    "title_en",
    "description_ar",
    "description_fr",
    "description_en",
    "measure",
    "unit_ar",
    "unit_fr",
    "unit_en",
    "ascending",
    "baseline_value",
    "baseline_year",
    "baseline_comment",
    "position",
]
PERIOD_FIELDS = ["start", "end", "target", "target_comment"]
UPDATE_FIELDS = ["value", "narrative_ar", "narrative_fr", "narrative_en"]
HUNDREDTH = Decimal("0.01")
MOVE_ACTIONS = {
    pipeline.Status.SUBMITTED: "update.submit",
    pipeline.Status.APPROVED: "update.approve",
    pipeline.Status.RETURNED: "update.return",
}


def _refuse_archived(project: Project) -> None:
    if project.archived_at is not None:
        raise ValidationError(_("This project is archived: its results can no longer change."))


def _require_chain_editor(actor, project: Project) -> None:
    _refuse_archived(project)
    if not access.may_edit_chain(actor, project):
        raise PermissionDenied(
            _("Only the cooperation unit and the project's manager change its results chain.")
        )


def _refuse_locked(period: Period) -> None:
    if period.locked_at is not None:
        raise ValidationError(_("This period is locked: unlock it first, with a reason."), code="locked")


def _check_value(value, field: str) -> None:
    """An indicator's value within the bounds of an amount, refused with a message about values."""
    if value is not None and not amount_in_bounds(value):
        raise ValidationError({field: ValidationError(value_too_large_message(), code="value_too_large")})


def _load(model, instance, fields, data, expected_version=None, **extra):
    """Add or correct one row of the chain: lock, check the version, validate, save, audit the difference."""
    obj, before = load_for_save(model, instance, fields, data)
    for name, value in extra.items():
        setattr(obj, name, value)
    if before is not None:
        check_version(obj, expected_version if expected_version is not None else obj.version)
    return obj, before


# --- the chain -----------------------------------------------------------------------------------


@transaction.atomic
def result_save(
    *, actor, project: Project, result: Result | None, data: dict, expected_version=None
) -> Result:
    _require_chain_editor(actor, project)
    obj, before = _load(Result, result, RESULT_FIELDS, data, expected_version, project=project)
    require_one(obj, "title", _("the title"))
    obj.full_clean()
    return _write(actor, obj, before, RESULT_FIELDS, created="result.create", changed="result.update")


@transaction.atomic
def indicator_save(
    *, actor, result: Result, indicator: Indicator | None, data: dict, expected_version=None
) -> Indicator:
    _require_chain_editor(actor, result.project)
    obj, before = _load(Indicator, indicator, INDICATOR_FIELDS, data, expected_version, result=result)
    require_one(obj, "title", _("the title"))
    _check_value(obj.baseline_value, "baseline_value")
    if obj.is_qualitative:
        obj.baseline_value = None
    elif (
        obj.measure == Indicator.Measure.PERCENTAGE
        and obj.baseline_value is not None
        and not (Decimal(0) <= obj.baseline_value <= Decimal(100))
    ):
        raise ValidationError({"baseline_value": _("A percentage is between 0 and 100.")})
    if obj.baseline_value is not None and not obj.baseline_year:
        raise ValidationError({"baseline_year": _("Give the year the baseline was measured.")})
    obj.full_clean()
    return _write(
        actor, obj, before, INDICATOR_FIELDS, created="indicator.create", changed="indicator.update"
    )


@transaction.atomic
def period_save(
    *, actor, indicator: Indicator, period: Period | None, data: dict, expected_version=None
) -> Period:
    _require_chain_editor(actor, indicator.result.project)
    obj, before = _load(Period, period, PERIOD_FIELDS, data, expected_version, indicator=indicator)
    if before is not None:
        _refuse_locked(obj)
    _check_value(obj.target, "target")
    if indicator.is_qualitative:
        obj.target = None
    elif (
        indicator.measure == Indicator.Measure.PERCENTAGE
        and obj.target is not None
        and not (Decimal(0) <= obj.target <= Decimal(100))
    ):
        raise ValidationError({"target": _("A percentage is between 0 and 100.")})
    if obj.start and obj.end and obj.end < obj.start:
        raise ValidationError({"end": _("A period cannot end before it starts.")})
    obj.full_clean()
    return _write(actor, obj, before, PERIOD_FIELDS, created="period.create", changed="period.update")


def _write(actor, obj, before, fields, *, created: str, changed: str):
    if before is None:
        obj.save()
        audit.record(actor=actor, action=created, obj=obj, after=audit.snapshot(obj, fields=fields))
        return obj
    old, new = audit.diff(before, audit.snapshot(obj, fields=fields))
    if new:
        obj.version += 1
        obj.save()
        audit.record(actor=actor, action=changed, obj=obj, before=old, after=new)
    return obj


# --- locks ---------------------------------------------------------------------------------------


@transaction.atomic
def period_lock(*, actor, period: Period) -> Period:
    """Close a period to changes: no update written, moved or retargeted until it is unlocked."""
    if not access.may_lock(actor):
        raise PermissionDenied(_("Only the cooperation unit or the president locks a period."))
    locked = Period.objects.select_for_update().get(pk=period.pk)
    if locked.locked_at is not None:
        return locked
    locked.locked_at, locked.locked_by = timezone.now(), actor
    locked.version += 1
    locked.save(update_fields=["locked_at", "locked_by", "version", "updated_at"])
    audit.record(actor=actor, action="period.lock", obj=locked, after={"locked_at": locked.locked_at})
    return locked


@transaction.atomic
def period_unlock(*, actor, period: Period, reason: str) -> Period:
    """Reopen a locked period; the reason goes into the ledger."""
    if not access.may_lock(actor):
        raise PermissionDenied(_("Only the cooperation unit or the president unlocks a period."))
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Say why the period is unlocked.")})
    locked = Period.objects.select_for_update().get(pk=period.pk)
    if locked.locked_at is None:
        return locked
    before = {"locked_at": locked.locked_at}
    locked.locked_at, locked.locked_by = None, None
    locked.version += 1
    locked.save(update_fields=["locked_at", "locked_by", "version", "updated_at"])
    audit.record(
        actor=actor,
        action="period.unlock",
        obj=locked,
        before=before,
        after={"locked_at": None},
        reason=reason,
    )
    return locked


# --- updates -------------------------------------------------------------------------------------


def _clean_disaggregations(update: Update, rows) -> list[Disaggregation]:
    """[{dimension, category, locality, value}] → unsaved rows, refused when a category repeats or a
    part is larger than the whole."""
    cleaned, seen = [], set()
    for row in rows or ():
        value = row.get("value")
        if value is None:
            continue
        _check_value(value, "disaggregations")
        value = Decimal(value).quantize(HUNDREDTH, rounding=ROUND_HALF_UP)  # as the column keeps it
        item = Disaggregation(
            update=update,
            dimension=row["dimension"],
            category="" if row["dimension"] == Disaggregation.Dimension.LOCALITY else row.get("category", ""),
            locality=row.get("locality") if row["dimension"] == Disaggregation.Dimension.LOCALITY else None,
            value=value,
        )
        key = (item.dimension, item.category, getattr(item.locality, "pk", None))
        if key in seen:
            raise ValidationError({"disaggregations": _("Each category is given once per update.")})
        seen.add(key)
        if value < 0:
            raise ValidationError({"disaggregations": _("A part cannot be negative.")})
        cleaned.append(item)
    if update.value is not None:
        for dimension in Disaggregation.Dimension.values:
            total = sum((d.value for d in cleaned if d.dimension == dimension), Decimal(0))
            if total > abs(update.value):
                raise ValidationError(
                    {
                        "disaggregations": _("The parts by %(by)s add up to more than the value reported.")
                        % {"by": Disaggregation.Dimension(dimension).label}
                    }
                )
    return cleaned


@transaction.atomic
def update_save(
    *, actor, period: Period, update: Update | None, data: dict, disaggregations=None, expected_version=None
) -> Update:
    """Write a draft (or correct a draft or a returned update): value, narratives, disaggregation.

    `disaggregations` (a list of dicts) replaces the update's parts when given.
    """
    period = Period.objects.select_for_update().select_related("indicator__result__project").get(pk=period.pk)
    project = period.indicator.result.project
    _refuse_archived(project)
    _refuse_locked(period)
    if not access.may_report(actor, project):
        raise PermissionDenied(
            _("Only the cooperation unit and the project's manager report on its results.")
        )
    obj, before = load_for_save(Update, update, UPDATE_FIELDS, data)
    if before is not None:
        check_version(obj, expected_version if expected_version is not None else obj.version)
        if obj.status not in pipeline.EDITABLE:
            raise ValidationError(_("A submitted or approved update can no longer be changed."))
    else:
        obj.created_by = actor
    obj.period = period
    indicator = period.indicator
    if indicator.is_qualitative:
        obj.value = None
        require_one(obj, "narrative", _("the narrative"))
    elif obj.value is None:
        raise ValidationError({"value": _("Give the value reached.")})
    _check_value(obj.value, "value")
    if (
        indicator.measure == Indicator.Measure.PERCENTAGE
        and obj.value is not None
        and not (Decimal(0) <= obj.value <= Decimal(100))
    ):
        raise ValidationError({"value": _("A percentage is between 0 and 100.")})
    obj.full_clean(exclude=["period", "created_by"])
    parts = _clean_disaggregations(obj, disaggregations) if disaggregations is not None else None
    if before is None:
        obj.save()
        after = {**audit.snapshot(obj, fields=UPDATE_FIELDS), "period": period.pk}
        if parts:
            for part in parts:
                part.update = obj
            Disaggregation.objects.bulk_create(parts)
            after["disaggregations"] = _parts_for_ledger(parts)
        audit.record(actor=actor, action="update.create", obj=obj, after=after)
        pipeline.PIPELINE.start(actor=actor, obj=obj)
        return obj
    old, new = audit.diff(before, audit.snapshot(obj, fields=UPDATE_FIELDS))
    if parts is not None:
        current = list(obj.disaggregations.all())
        if _parts_key(current) != _parts_key(parts):
            old["disaggregations"] = _parts_for_ledger(current)
            new["disaggregations"] = _parts_for_ledger(parts)
    if not new:  # nothing changed: no new version, no ledger entry
        return obj
    obj.version += 1
    obj.save()
    if "disaggregations" in new:
        obj.disaggregations.all().delete()
        Disaggregation.objects.bulk_create(parts)
    audit.record(actor=actor, action="update.update", obj=obj, before=old, after=new)
    return obj


def _parts_key(parts) -> list:
    return sorted((d.dimension, d.category, d.locality_id, str(d.value)) for d in parts)


def _parts_for_ledger(parts) -> list[str]:
    return [f"{d.dimension}:{d.category or d.locality_id}={d.value}" for d in sorted(parts, key=_part_order)]


def _part_order(part):
    return (part.dimension, part.category, part.locality_id or 0)


@transaction.atomic
def update_move(*, actor, update: Update, to: str, reason: str = "", expected_version=None) -> Update:
    """Submit, approve or return an update; an approval feeds the period's actual."""
    # The period first, then the update: the order every writer of a period takes.
    period = Period.objects.select_for_update().get(pk=update.period_id)
    locked = (
        Update.objects.select_for_update()
        .select_related("period__indicator__result__project")
        .get(pk=update.pk)
    )
    locked.period = period
    if expected_version is not None:
        check_version(locked, expected_version)
    _refuse_archived(locked.period.indicator.result.project)
    _refuse_locked(period)
    current = locked.status

    def apply(obj, old):
        now = timezone.now()
        if to == pipeline.Status.SUBMITTED:
            obj.submitted_at, obj.submitted_by = now, actor
        if to == pipeline.Status.APPROVED:
            obj.approved_at = now
        obj.version += 1

    change = pipeline.PIPELINE.move(actor=actor, obj=locked, to=to, reason=reason, apply=apply)
    audit.record(
        actor=actor,
        action=MOVE_ACTIONS[to],
        obj=locked,
        before={"status": current},
        after={"status": to, "value": locked.value},
        reason=change.reason,
    )
    if to == pipeline.Status.APPROVED:
        recompute_actual(period)
    return locked


def recompute_actual(period: Period) -> Period:
    """The period's actual is the value of its most recently approved update (or nothing)."""
    latest = (
        Update.objects.filter(period=period, status=pipeline.Status.APPROVED)
        .order_by("-approved_at", "-id")
        .first()
    )
    value = latest.value if latest else None
    update_id = latest.pk if latest else None
    if period.actual != value or period.actual_update_id != update_id:
        Period.objects.filter(pk=period.pk).update(actual=value, actual_update=update_id)
        period.actual, period.actual_update_id = value, update_id
    return period


@transaction.atomic
def evidence_upload(*, actor, update: Update, title: str, upload) -> Evidence:
    """Attach a document proving an update, through the application's one upload check."""
    locked = (
        Update.objects.select_for_update()
        .select_related("period__indicator__result__project")
        .get(pk=update.pk)
    )
    _refuse_locked(locked.period)
    if not access.may_edit_update(actor, locked):
        raise PermissionDenied(_("Evidence is attached to a draft or returned update by whoever reports."))
    checked = uploads.check(upload, uploads.SUPPORTING_DOCUMENT, field="file")
    upload.name = checked.name
    evidence = Evidence(
        update=locked,
        title=(title or "").strip() or checked.name,
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
        action="evidence.upload",
        obj=evidence,
        after={"title": evidence.title, "sha256": checked.sha256, "size": checked.size, "update": locked.pk},
    )
    return evidence
