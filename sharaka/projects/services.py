"""Every change to projects goes through these functions: validate, write, audit, in one transaction."""

from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from sharaka.core import audit, codelists, search, uploads
from sharaka.core.money import check_amount
from sharaka.core.multilingual import require_one
from sharaka.core.services import check_version
from sharaka.projects import access, codes, figures, hooks, pipeline
from sharaka.projects.models import Document, Project, ProjectPartner, ProjectSector

PROJECT_FIELDS = [
    "code",
    "title_ar",
    "title_fr",
    "title_en",
    "summary_ar",
    "summary_fr",
    "summary_en",
    "pac_reference",
    "priority",
    "beneficiaries_women",
    "beneficiaries_youth",
    "beneficiaries_disabled",
    "beneficiaries_other",
    "planned_start",
    "planned_end",
    "actual_start",
    "actual_end",
    "manager",
    "internal_notes",
]


def index_project(project: Project) -> None:
    search.index(
        "project",
        project.pk,
        project.code,
        project.title_ar,
        project.title_fr,
        project.title_en,
        project.summary_ar,
        project.summary_fr,
        project.summary_en,
        project.pac_reference,
        year=project.planned_start.year if project.planned_start else None,  # the list's words and year
    )


def validate_dates(project: Project) -> None:
    """The order rule of the planned and actual dates, reported beside the end date that breaks it."""
    errors = {}
    if project.planned_start and project.planned_end and project.planned_end < project.planned_start:
        errors["planned_end"] = _("The planned end cannot be before the planned start.")
    if project.actual_start and project.actual_end and project.actual_end < project.actual_start:
        errors["actual_end"] = _("The actual end cannot be before the actual start.")
    if errors:
        raise ValidationError(errors)


def _refuse_archived(project: Project) -> None:
    if project.archived_at is not None:
        raise ValidationError(_("This project is archived: it can no longer be changed."), code="archived")


def _snapshot(project: Project) -> dict:
    return audit.snapshot(project, fields=PROJECT_FIELDS + ["status", "themes", "localities"])


@transaction.atomic
def project_create(*, actor, data: dict, themes=(), localities=(), sectors=()) -> Project:
    counted = figures.project_added()
    project = Project(**{k: v for k, v in data.items() if k in PROJECT_FIELDS or k == "is_fictional"})
    require_one(project, "title", _("the title"))
    codes.check_free(project.code)
    validate_dates(project)
    project.full_clean()
    project.save()
    project.themes.set(themes)
    project.localities.set(localities)
    _set_sectors(project, sectors)
    # The first row of the history: no old status means "created" (worded by the page, in the reader's language).
    pipeline.PIPELINE.start(actor=actor, obj=project)
    index_project(project)
    audit.record(actor=actor, action="project.create", obj=project, after=_snapshot(project))
    figures.after(counted, project_id=project.pk)
    return project


@transaction.atomic
def project_update(
    *, actor, project: Project, data: dict, expected_version: int, themes=None, localities=None, sectors=None
) -> Project:
    locked = Project.objects.select_for_update().get(pk=project.pk)
    check_version(locked, expected_version)
    _refuse_archived(locked)
    before = _snapshot(locked)
    counted = figures.project_before(locked.pk) if themes is not None else None
    for key, value in data.items():
        if key in PROJECT_FIELDS:
            setattr(locked, key, value)
    require_one(locked, "title", _("the title"))
    codes.check_free(locked.code, locked.pk)
    validate_dates(locked)
    locked.full_clean()
    locked.version += 1
    locked.save()
    themes_before = None
    if themes is not None:
        themes_before = set(locked.themes.values_list("pk", flat=True))
        locked.themes.set(themes)
    if localities is not None:
        locked.localities.set(localities)
    if sectors is not None:
        _set_sectors(locked, sectors)
    index_project(locked)
    old, new = audit.diff(before, _snapshot(locked))
    audit.record(actor=actor, action="project.update", obj=locked, before=old, after=new)
    if themes_before is not None:
        hooks.themes_set(project=locked, before=themes_before)
    if counted is not None:
        figures.after(counted)
    return locked


def _set_sectors(project: Project, sectors) -> None:
    """`sectors` is a list of (code, percentage); percentages of one vocabulary must add up to 100."""
    sectors = list(sectors)
    for code, _pct in sectors:
        if not codelists.is_code("Sector", code):
            raise ValidationError({"sectors": _("%(code)s is not a DAC sector code.") % {"code": code}})
    if sectors and sum(p for _c, p in sectors) != 100:
        raise ValidationError({"sectors": _("The sector percentages must add up to 100.")})
    project.sectors.all().delete()
    ProjectSector.objects.bulk_create(
        ProjectSector(project=project, code=c, percentage=p) for c, p in sectors
    )


@transaction.atomic
def project_advance(
    *, actor, project: Project, to: str, reason: str = "", expected_version: int | None = None
) -> Project:
    """Move a project along its pipeline; refuse a move that is not declared or not the actor's to make."""
    locked = Project.objects.select_for_update().get(pk=project.pk)
    if expected_version is not None:
        check_version(locked, expected_version)
    _refuse_archived(locked)
    current = locked.status
    counted = figures.project_before(locked.pk)

    def apply(project, old):
        if to == pipeline.Status.IN_IMPLEMENTATION and not project.actual_start:
            project.actual_start = timezone.localdate()
        if to == pipeline.Status.COMPLETED and not project.actual_end:
            project.actual_end = timezone.localdate()
        project.version += 1

    # The pipeline's own refusals first (undeclared move, not the actor's to make), then the other
    # apps' guards (hooks.py: a sustainability plan before "completed", its coverage before "closed").
    checked_reason = pipeline.PIPELINE.check(actor=actor, obj=locked, to=to, reason=reason)
    hooks.check(actor=actor, project=locked, to=to, reason=checked_reason)
    change = pipeline.PIPELINE.move(actor=actor, obj=locked, to=to, reason=reason, apply=apply)
    reason = change.reason
    audit.record(
        actor=actor,
        action="project.advance",
        obj=locked,
        before={"status": current},
        after={"status": to},
        reason=reason,
    )
    figures.after(counted)
    hooks.moved(actor=actor, project=locked, old=current, to=to)
    return locked


@transaction.atomic
def project_archive(*, actor, project: Project, reason: str) -> Project:
    """Projects are never deleted: they are archived, and stay in the ledger and the exports."""
    locked = Project.objects.select_for_update().get(pk=project.pk)
    if not access.may_archive(actor, locked):
        _refuse_archived(locked)
        raise PermissionDenied(_("Only the cooperation unit may archive a project."))
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Say why the project is archived.")})
    counted = figures.project_before(locked.pk)
    locked.archived_at = timezone.now()
    locked.version += 1
    locked.save(update_fields=["archived_at", "version", "updated_at"])
    audit.record(
        actor=actor,
        action="project.archive",
        obj=locked,
        after={"archived_at": locked.archived_at},
        reason=reason,
    )
    figures.after(counted)
    return locked


@transaction.atomic
def project_partner_add(*, actor, project: Project, data: dict) -> ProjectPartner:
    _refuse_archived(project)
    participation = ProjectPartner(project=project, **data)
    if participation.committed_amount is not None and participation.role != ProjectPartner.Role.FUNDING:
        raise ValidationError({"committed_amount": _("Only a funding partner commits an amount.")})
    if participation.committed_amount is not None and not participation.committed_on:
        raise ValidationError({"committed_on": _("Give the value date of the commitment.")})
    if participation.currency not in codelists.CURRENCIES:
        raise ValidationError({"currency": _("Unknown currency.")})
    if participation.committed_amount is not None:
        check_amount(Decimal(participation.committed_amount), "committed_amount")
    participation.full_clean()
    counted = figures.project_before(project.pk)
    participation.save()
    audit.record(
        actor=actor, action="project_partner.add", obj=participation, after=audit.snapshot(participation)
    )
    figures.after(counted)
    return participation


@transaction.atomic
def project_partner_commit(
    *, actor, participation: ProjectPartner, amount: Decimal, currency: str, committed_on
) -> ProjectPartner:
    """Set what a funding partner commits (an award recorded by funding/applications.py): the amount,
    its currency and value date replace the previous ones, which the ledger keeps."""
    locked = ProjectPartner.objects.select_for_update().select_related("project").get(pk=participation.pk)
    _refuse_archived(locked.project)
    if locked.role != ProjectPartner.Role.FUNDING:
        raise ValidationError({"committed_amount": _("Only a funding partner commits an amount.")})
    if currency not in codelists.CURRENCIES:
        raise ValidationError({"currency": _("Unknown currency.")})
    if not committed_on:
        raise ValidationError({"committed_on": _("Give the value date of the commitment.")})
    check_amount(Decimal(amount), "committed_amount")
    fields = ["committed_amount", "currency", "committed_on"]
    before = audit.snapshot(locked, fields=fields)
    counted = figures.project_before(locked.project_id)
    locked.committed_amount, locked.currency, locked.committed_on = amount, currency, committed_on
    locked.full_clean()
    locked.save(update_fields=fields)
    old, new = audit.diff(before, audit.snapshot(locked, fields=fields))
    audit.record(actor=actor, action="project_partner.commit", obj=locked, before=old, after=new)
    figures.after(counted)
    return locked


@transaction.atomic
def project_partner_remove(*, actor, participation: ProjectPartner) -> None:
    project = participation.project
    _refuse_archived(project)
    if project.is_funded and participation.role == ProjectPartner.Role.FUNDING:
        raise ValidationError(
            _("A funder of an approved project cannot be removed; record a change of agreement instead.")
        )
    before = audit.snapshot(participation)
    counted = figures.project_before(project.pk)
    audit.record(actor=actor, action="project_partner.remove", obj=participation, before=before)
    participation.delete()
    figures.after(counted)


DOCUMENT_FIELDS = ["title", "kind", "visibility"]


@transaction.atomic
def document_update(*, actor, document: Document, title: str, kind: str, visibility: str) -> Document:
    """Rename a document, retype it, or change who may read it (private, shared with partners,
    public on the portal). The file itself never changes: a new version is a new upload."""
    locked = Document.objects.select_for_update().select_related("project").get(pk=document.pk)
    _refuse_archived(locked.project)
    before = audit.snapshot(locked, fields=DOCUMENT_FIELDS)
    locked.title, locked.kind, locked.visibility = title, kind, visibility
    locked.full_clean()
    old, new = audit.diff(before, audit.snapshot(locked, fields=DOCUMENT_FIELDS))
    if new:
        locked.save(update_fields=list(new))
        search.index_object("document", locked)
        audit.record(actor=actor, action="document.update", obj=locked, before=old, after=new)
    return locked


@transaction.atomic
def document_upload(*, actor, project: Project, title: str, kind: str, visibility: str, upload) -> Document:
    _refuse_archived(project)
    checked = uploads.check(upload, uploads.PROJECT_DOCUMENT, field="file")
    content_type, size, sha = checked.content_type, checked.size, checked.sha256
    upload.name = checked.name
    document = Document(
        project=project,
        title=title,
        kind=kind,
        visibility=visibility,
        file=upload,
        content_type=content_type,
        size=size,
        sha256=sha,
        uploaded_by=actor,
    )
    document.full_clean()
    document.save()
    search.index_object("document", document)
    audit.record(
        actor=actor,
        action="document.upload",
        obj=document,
        after={"title": title, "sha256": sha, "size": size, "visibility": visibility},
    )
    return document
