"""Every change to an application goes through these functions: who may, validation, write, audit, in
one transaction (docs/funding.md, "Applications").

- `application_open`: a project applied to a call, "considered" (the go / no-go to decide);
- `application_save`: its language, amounts, lead, owner, dates, the funder's feedback and the lessons;
- `application_move`: along the road of `pipeline.py`. Awarding also adds the funder to the project as
  a funding partner with the awarded amount, and starts a draft of the financing agreement, in the
  same transaction: a refused step leaves nothing half-saved.

The deadlines of open applications (the dashboard, the reminders, the calendar) are in `reminders.py`.
"""

import datetime
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from sharaka.core import audit, search
from sharaka.core.dates import validate_date
from sharaka.core.money import check_amount
from sharaka.core.roles import can
from sharaka.core.services import check_version
from sharaka.funding.models import LANGUAGE_CHOICES, Application, Call
from sharaka.funding.pipeline import PIPELINE
from sharaka.funding.pipeline import Status as S
from sharaka.projects.models import Project, ProjectPartner

# What `application_save` changes; the status moves only through `application_move`, and the amount
# awarded is recorded by the move to "awarded" (it becomes the funder's commitment to the project).
FIELDS = [
    "lead",
    "language",
    "amount_requested",
    "submitted_on",
    "decided_on",
    "feedback",
    "lessons",
    "owner",
]
SNAPSHOT = [*FIELDS, "status", "amount_awarded", "currency", "agreement"]
SEARCH_KIND = "application"


def index_application(application: Application) -> None:
    """The search page finds an application by its project, call, funder, feedback and lessons."""
    project, call = application.project, application.call
    funder = call.funder
    search.index(
        SEARCH_KIND,
        application.pk,
        project.code,
        project.title_ar,
        project.title_fr,
        project.title_en,
        call.reference,
        call.programme,
        call.title_ar,
        call.title_fr,
        call.title_en,
        funder.acronym,
        funder.name_ar,
        funder.name_fr,
        funder.name_en,
        application.feedback,
        application.lessons,
    )


def _require_edit(actor) -> None:
    if not can(actor, "funding.edit"):
        raise PermissionDenied(_("Only the cooperation unit opens and follows applications."))


def _refuse_archived_project(project: Project) -> None:
    if project.archived_at is not None:
        raise ValidationError(_("This project is archived: it can no longer be changed."), code="archived")


def _refuse_call(call: Call) -> None:
    """A call the commune cannot answer: archived, not eligible, or closed to Morocco."""
    if call.archived_at is not None:
        raise ValidationError(
            {"call": _("This call is archived: no application can be opened to it.")}, code="archived_call"
        )
    if call.commune_role == Call.CommuneRole.NOT_ELIGIBLE:
        raise ValidationError(
            {"call": _("The commune is not eligible to this call, neither as lead nor as partner.")},
            code="not_eligible",
        )
    if "MA" in call.excluded:
        raise ValidationError(
            {"call": _("This call excludes applicants from Morocco.")}, code="excluded_country"
        )


def _validate(application: Application, today: datetime.date, changed: set[str] | None = None) -> None:
    """The rules of the fields, each refusal beside its field. The call's languages and grant range
    are checked when `changed` (None: everything) holds the field: a call that changes its terms
    later does not block writing the lessons of an old application."""
    call = application.call
    errors = {}
    accepted = call.language_list
    if accepted and application.language not in accepted and (changed is None or "language" in changed):
        names = dict(LANGUAGE_CHOICES)
        errors["language"] = _("This call accepts proposals in: %(languages)s.") % {
            "languages": ", ".join(str(names[code]) for code in accepted)
        }
    for field in ("amount_requested", "amount_awarded"):
        value = getattr(application, field)
        if value is not None:
            try:
                check_amount(Decimal(value), field)
            except ValidationError as error:
                errors.update(error.error_dict)
                continue
            if Decimal(value) <= 0:
                errors[field] = _("The amount must be greater than zero.")
    requested = application.amount_requested
    if (
        requested is not None
        and "amount_requested" not in errors
        and application.currency == call.currency
        and (changed is None or "amount_requested" in changed)
    ):
        values = {"currency": call.currency, "min": call.min_grant, "max": call.max_grant}
        if call.min_grant is not None and requested < call.min_grant:
            errors["amount_requested"] = (
                _("The call grants at least %(min)s %(currency)s: ask for that much or more.") % values
            )
        elif call.max_grant is not None and requested > call.max_grant:
            errors["amount_requested"] = (
                _("The call grants at most %(max)s %(currency)s: ask for that much or less.") % values
            )
    for field in ("submitted_on", "decided_on"):
        day = getattr(application, field)
        if day is None:
            continue
        try:
            validate_date(day)
        except ValidationError as error:
            errors[field] = error.messages
            continue
        if day > today:
            errors[field] = _("This date cannot be in the future.")
    if (
        application.submitted_on
        and application.decided_on
        and "decided_on" not in errors
        and application.decided_on < application.submitted_on
    ):
        errors["decided_on"] = _("The answer cannot come before the submission.")
    if application.lead_id is not None and application.lead_id == call.funder_id:
        errors["lead"] = _("The funder cannot lead an application to its own call.")
    if application.owner_id is not None and not can(application.owner, "funding.view"):
        errors["owner"] = _("Choose a member of the commune's staff.")
    if errors:
        raise ValidationError(errors)


def _set(application: Application, data: dict) -> None:
    for key in FIELDS:
        if key in data:
            value = data[key]
            if key in ("feedback", "lessons"):
                value = (value or "").strip()
            setattr(application, key, value)


@transaction.atomic
def application_open(*, actor, project: Project, call: Call, data: dict | None = None) -> Application:
    """Apply `project` to `call`: the application starts "considered", the go / no-go to decide."""
    _require_edit(actor)
    data = data or {}
    project = Project.objects.select_for_update().get(pk=project.pk)
    call = Call.objects.select_related("funder").get(pk=call.pk)
    _refuse_archived_project(project)
    _refuse_call(call)
    if Application.objects.filter(project=project, call=call).exists():
        raise ValidationError(
            {"call": _("This project already has an application to this call.")}, code="duplicate"
        )
    languages = call.language_list
    application = Application(
        project=project,
        call=call,
        status=S.CONSIDERED,
        currency=call.currency,
        language=languages[0] if languages else "fr",
        owner=actor,
        created_by=actor,
    )
    _set(application, data)
    if not data.get("language") and languages:
        application.language = languages[0]
    _validate(application, timezone.localdate())
    application.full_clean()
    application.save()
    PIPELINE.start(actor=actor, obj=application)
    index_application(application)
    audit.record(
        actor=actor,
        action="application.open",
        obj=application,
        after=audit.snapshot(application, fields=SNAPSHOT) | {"project": project.pk, "call": call.pk},
    )
    return application


def _lock(application: Application) -> Application:
    return (
        Application.objects.select_for_update(of=("self",))
        .select_related("project", "call__funder", "lead", "owner")
        .get(pk=application.pk)
    )


@transaction.atomic
def application_save(*, actor, application: Application, data: dict, expected_version: int) -> Application:
    """Change what the unit knows of an application (not its status: `application_move`)."""
    _require_edit(actor)
    locked = _lock(application)
    check_version(locked, expected_version)
    _refuse_archived_project(locked.project)
    before = audit.snapshot(locked, fields=SNAPSHOT)
    _set(locked, data)
    changed = set(audit.diff(before, audit.snapshot(locked, fields=SNAPSHOT))[1])
    _validate(locked, timezone.localdate(), changed=changed)
    locked.full_clean()
    old, new = audit.diff(before, audit.snapshot(locked, fields=SNAPSHOT))
    if not new:
        return locked
    locked.version += 1
    locked.save()
    index_application(locked)
    audit.record(actor=actor, action="application.update", obj=locked, before=old, after=new)
    return locked


def _check_move_data(locked: Application, to: str, data: dict, today: datetime.date) -> dict:
    """What the move needs besides its reason, set on the application; refused beside its field."""
    changed = {}
    if to == S.SUBMITTED:
        if locked.call.commune_role == Call.CommuneRole.CO_APPLICANT and locked.lead_id is None:
            raise ValidationError(
                {
                    "lead": _(
                        "The commune can only be a co-applicant to this call: name the partner that "
                        "leads the application before it is submitted."
                    )
                },
                code="lead_required",
            )
        changed["submitted_on"] = data.get("on") or locked.submitted_on or today
    if to in (S.AWARDED, S.REJECTED):
        changed["decided_on"] = data.get("on") or today
    if to == S.AWARDED:
        amount = data.get("amount_awarded")
        if amount in (None, ""):
            raise ValidationError(
                {"amount_awarded": _("Give the amount the funder awarded.")}, code="amount_required"
            )
        changed["amount_awarded"] = Decimal(amount)
    for key in ("feedback", "lessons"):
        if (data.get(key) or "").strip():
            changed[key] = data[key].strip()
    for key, value in changed.items():
        setattr(locked, key, value)
    _validate(locked, today, changed=set(changed))
    return changed


def _add_funder(actor, application: Application) -> ProjectPartner:
    """The funder joins the project as a funding partner ("1") with the awarded amount; a funder already
    funding it has its commitment set to the award (projects' services, each audited)."""
    from sharaka.projects import services as project_services

    funder = application.call.funder
    existing = ProjectPartner.objects.filter(
        project=application.project, organisation=funder, role=ProjectPartner.Role.FUNDING
    ).first()
    if existing is not None:
        return project_services.project_partner_commit(
            actor=actor,
            participation=existing,
            amount=application.amount_awarded,
            currency=application.currency,
            committed_on=application.decided_on,
        )
    return project_services.project_partner_add(
        actor=actor,
        project=application.project,
        data={
            "organisation": funder,
            "role": ProjectPartner.Role.FUNDING,
            "committed_amount": application.amount_awarded,
            "currency": application.currency,
            "committed_on": application.decided_on,
        },
    )


def _start_agreement(actor, application: Application):
    """A draft of the foreign financing agreement (art. 86) with the funder, covering the project, the
    funder's cash commitment in its resources table (agreements' services, each audited). None when
    the funder is a foreign State, with which the commune may conclude no agreement (art. 86)."""
    from sharaka.agreements import services as agreement_services
    from sharaka.agreements.models import Kind

    funder, project, call = application.call.funder, application.project, application.call
    if not funder.may_be_agreement_party:
        return None
    reference = call.reference or call.programme

    def title(language: str, pattern: str) -> str:
        name = getattr(project, f"title_{language}") or project.code
        return (pattern % {"project": name, "call": reference})[:300] if reference else name[:300]

    agreement = agreement_services.agreement_create(
        actor=actor,
        data={
            "kind": Kind.FINANCING,
            "title_ar": title("ar", "اتفاقية تمويل: %(project)s (%(call)s)"),
            "title_fr": title("fr", "Convention de financement : %(project)s (%(call)s)"),
            "title_en": title("en", "Financing agreement: %(project)s (%(call)s)"),
            "foreign_money": (funder.country or "").upper() != "MA",
            "owner": application.owner,
            "is_fictional": project.is_fictional,
        },
        partners=[funder],
        projects=[project],
    )
    agreement_services.agreement_party_set(
        actor=actor,
        agreement=agreement,
        organisation=funder,
        cash_amount=application.amount_awarded,
        currency=application.currency,
    )
    return agreement


@transaction.atomic
def application_move(
    *,
    actor,
    application: Application,
    to: str,
    reason: str = "",
    data: dict | None = None,
    expected_version: int | None = None,
) -> Application:
    """Move the application along its road (who may: `pipeline.MOVES`; reasons: `REASON_REQUIRED`).

    `data` carries what a move needs: `on` (the day it was submitted, or the funder answered; today if
    not given), `amount_awarded` for "awarded", and optionally the funder's `feedback` and `lessons`.
    """
    data = data or {}
    locked = _lock(application)
    if expected_version is not None:
        check_version(locked, expected_version)
    _refuse_archived_project(locked.project)
    # The road's refusals first: an undeclared move, a role that may not make it, a missing reason.
    reason = PIPELINE.check(actor=actor, obj=locked, to=to, reason=reason)
    today = timezone.localdate()
    old = locked.status
    before = audit.snapshot(locked, fields=SNAPSHOT)
    _check_move_data(locked, to, data, today)

    def apply(obj, _old):
        obj.version += 1

    PIPELINE.move(actor=actor, obj=locked, to=to, reason=reason, apply=apply)
    if to == S.AWARDED:
        _add_funder(actor, locked)
        agreement = _start_agreement(actor, locked)
        if agreement is not None:
            locked.agreement = agreement
            locked.save(update_fields=["agreement", "updated_at"])
    index_application(locked)
    old_values, new_values = audit.diff(before, audit.snapshot(locked, fields=SNAPSHOT))
    audit.record(
        actor=actor,
        action="application.move",
        obj=locked,
        before=old_values | {"status": old},
        after=new_values | {"status": to},
        reason=reason,
    )
    return locked
