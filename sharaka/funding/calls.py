"""Every change to the catalogue of calls goes through these functions: who may, the rules, the
write and its ledger entry, in one transaction. A call is never deleted: it is archived, with why.

`call_save` creates a call or changes one with its themes, DAC sectors, stages and required
attachments (all replaced together, so what the form shows is what is stored); `call_archive`
takes it out of the catalogue; `call_document_upload` adds its guidelines or forms.
"""

import datetime
import re
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from sharaka.core import audit, codelists, uploads
from sharaka.core.dates import validate_date
from sharaka.core.money import check_amount
from sharaka.core.multilingual import require_one
from sharaka.core.roles import can
from sharaka.core.services import check_version
from sharaka.funding.models import (
    LANGUAGE_CHOICES,
    Call,
    CallDocument,
    CallSector,
    CallStage,
    RequiredAttachment,
)
from sharaka.funding.sections import SECTION_KEYS

CALL_FIELDS = [
    "funder",
    "programme",
    "reference",
    "title_ar",
    "title_fr",
    "title_en",
    "summary_ar",
    "summary_fr",
    "summary_en",
    "who_may_lead",
    "who_may_partner",
    "commune_role",
    "lead_model",
    "lead_country",
    "excluded_countries",
    "eligibility_note",
    "currency",
    "min_grant",
    "max_grant",
    "cofinancing_rate",
    "cofinancing_counts",
    "min_months",
    "max_months",
    "languages",
    "family",
    "opens_on",
    "rolling",
    "url",
    "as_of",
    "source",
    "is_fictional",
]
# Stages come in this order, and their deadlines must too (EOI ≤ concept note ≤ full proposal).
STAGE_ORDER = [CallStage.Kind.EOI, CallStage.Kind.CONCEPT_NOTE, CallStage.Kind.FULL_PROPOSAL]
MAX_MONTHS = 240
MAX_WORDS = 100_000
COUNTRY = re.compile(r"^[A-Z]{2}$")


def _require_editor(actor) -> None:
    if not can(actor, "funding.edit"):
        raise PermissionDenied(_("Only the cooperation unit keeps the catalogue of calls."))


def _countries(text: str) -> list[str]:
    return [c.strip().upper() for c in (text or "").split(",") if c.strip()]


def _add(errors: dict, field: str, message) -> None:
    errors.setdefault(field, []).append(message)


def validate_call(call: Call, stages: list[dict], errors: dict) -> None:
    """The rules of a call and its stages, all reported at once into `errors` (field → messages)."""
    try:
        require_one(call, "title", _("the title"))
    except ValidationError as exc:
        for field, messages in exc.message_dict.items():
            for message in messages:
                _add(errors, field, message)
    for field in ("min_grant", "max_grant"):
        value = getattr(call, field)
        if value is None:
            continue
        try:
            check_amount(Decimal(value), field)
        except ValidationError as exc:
            for message in exc.message_dict[field]:
                _add(errors, field, message)
            continue
        if value < 0:
            _add(errors, field, _("A grant cannot be negative."))
    if (
        call.min_grant is not None
        and call.max_grant is not None
        and "min_grant" not in errors
        and "max_grant" not in errors
        and call.max_grant < call.min_grant
    ):
        _add(errors, "max_grant", _("The maximum grant cannot be below the minimum."))
    if call.cofinancing_rate is not None and not Decimal(0) <= Decimal(call.cofinancing_rate) <= Decimal(100):
        _add(errors, "cofinancing_rate", _("The co-financing rate is between 0 and 100 %."))
    for field in ("min_months", "max_months"):
        value = getattr(call, field)
        if value is not None and not 1 <= value <= MAX_MONTHS:
            _add(errors, field, _("A duration is between 1 and %(max)s months.") % {"max": MAX_MONTHS})
    if (
        call.min_months is not None
        and call.max_months is not None
        and call.max_months < call.min_months
        and "max_months" not in errors
    ):
        _add(errors, "max_months", _("The longest duration cannot be below the shortest."))
    languages = [code.strip() for code in (call.languages or "").split(",") if code.strip()]
    known = {code for code, _label in LANGUAGE_CHOICES}
    if not languages:
        _add(errors, "languages", _("Give at least one language the call accepts."))
    elif not set(languages) <= known:
        _add(errors, "languages", _("The languages are ar, fr and en, separated by commas."))
    else:
        call.languages = ",".join(code for code, _label in LANGUAGE_CHOICES if code in languages)
    if call.lead_country:
        call.lead_country = call.lead_country.strip().upper()
        if not COUNTRY.match(call.lead_country):
            _add(errors, "lead_country", _("Give the country as its two-letter ISO code, for example FR."))
    excluded = _countries(call.excluded_countries)
    if any(not COUNTRY.match(code) for code in excluded):
        _add(
            errors,
            "excluded_countries",
            _("Give two-letter ISO country codes separated by commas, for example MA."),
        )
    else:
        call.excluded_countries = ",".join(excluded)
        if "MA" in excluded and call.commune_role != Call.CommuneRole.NOT_ELIGIBLE:
            _add(
                errors,
                "commune_role",
                _("This call excludes Morocco (MA): the commune's role can only be “not eligible”."),
            )
    call.currency = (call.currency or "").strip().upper()
    if call.currency not in codelists.CURRENCIES:
        _add(errors, "currency", _("Choose the currency from the list."))
    for field in ("opens_on", "as_of"):
        value = getattr(call, field)
        if value is not None:
            try:
                validate_date(value)
            except ValidationError as exc:
                _add(errors, field, exc.messages[0])
    _validate_stages(stages, errors)


def _validate_stages(stages: list[dict], errors: dict) -> None:
    kinds = [stage.get("kind") for stage in stages]
    if any(kind not in STAGE_ORDER for kind in kinds):
        _add(errors, "stages", _("A stage is an expression of interest, a concept note or a full proposal."))
        return
    if len(set(kinds)) != len(kinds):
        _add(errors, "stages", _("Each stage can be given only once."))
        return
    for stage in stages:
        label = CallStage.Kind(stage["kind"]).label
        for field in ("opens_on", "deadline"):
            value = stage.get(field)
            if value is None:
                continue
            try:
                validate_date(value)
            except ValidationError as exc:
                _add(errors, "stages", f"{label}: {exc.messages[0]}")
        opens, deadline = stage.get("opens_on"), stage.get("deadline")
        if opens and deadline and deadline < opens:
            _add(
                errors,
                "stages",
                _("%(stage)s: the deadline cannot be before the stage opens.") % {"stage": label},
            )
        days = stage.get("preparation_days")
        if days is not None and not 1 <= days <= 365:
            _add(
                errors,
                "stages",
                _("%(stage)s: the days needed to prepare are between 1 and 365.") % {"stage": label},
            )
        limits = stage.get("word_limits") or {}
        unknown = sorted(set(limits) - set(SECTION_KEYS))
        if unknown:
            _add(
                errors,
                "stages",
                _("%(stage)s: unknown sections %(keys)s; the sections are %(known)s.")
                % {"stage": label, "keys": ", ".join(unknown), "known": ", ".join(SECTION_KEYS)},
            )
        if any(not isinstance(words, int) or not 1 <= words <= MAX_WORDS for words in limits.values()):
            _add(
                errors,
                "stages",
                _("%(stage)s: a word limit is a whole number between 1 and %(max)s.")
                % {"stage": label, "max": MAX_WORDS},
            )
    dated = sorted(
        (STAGE_ORDER.index(stage["kind"]), stage["deadline"], stage["kind"])
        for stage in stages
        if stage.get("deadline") and "stages" not in errors
    )
    for (_i, earlier, _k), (_j, later, kind) in zip(dated, dated[1:], strict=False):
        if later < earlier:
            _add(
                errors,
                "stages",
                _(
                    "The deadlines come in order: expression of interest, then concept note, then "
                    "full proposal (%(stage)s is too early)."
                )
                % {"stage": CallStage.Kind(kind).label},
            )
            break


def _snapshot(call: Call) -> dict:
    data = audit.snapshot(call, fields=[f for f in CALL_FIELDS if f != "funder"])
    data["funder"] = call.funder_id
    data["themes"] = sorted(f"{t.kind}:{t.code}" for t in call.themes.all())
    data["sectors"] = sorted(s.code for s in call.sectors.all())
    data["stages"] = [
        {
            "kind": s.kind,
            "opens_on": s.opens_on.isoformat() if s.opens_on else None,
            "deadline": s.deadline.isoformat() if s.deadline else None,
            "preparation_days": s.preparation_days,
            "word_limits": s.word_limits,
        }
        for s in call.stages.all()
    ]
    data["attachments"] = [[a.kind, a.label] for a in call.attachments.all()]
    return data


@transaction.atomic
def call_save(
    *,
    actor,
    call: Call | None = None,
    data: dict,
    themes=(),
    sectors=(),
    stages=(),
    attachments=(),
    expected_version: int | None = None,
) -> Call:
    """Create a call (`call` None) or change it (`expected_version` of the call the form opened on).

    `sectors`: DAC codes; `stages`: dicts with kind, opens_on, deadline, preparation_days and
    word_limits ({section key: words}); `attachments`: (kind, details) pairs."""
    _require_editor(actor)
    creating = call is None
    if creating:
        call = Call(created_by=actor)
        before = {}
    else:
        call = Call.objects.select_for_update().get(pk=call.pk)
        if call.archived_at is not None:
            raise ValidationError(_("This call is archived: it can no longer be changed."), code="archived")
        check_version(call, expected_version)
        before = _snapshot(call)
        call.version += 1
    for key in CALL_FIELDS:
        if key in data:
            setattr(call, key, data[key])
    stages = [dict(stage) for stage in stages]
    sectors = list(dict.fromkeys(code.strip() for code in sectors if code and code.strip()))
    attachments = list(dict.fromkeys((kind, (label or "").strip()) for kind, label in attachments))
    errors: dict = {}
    validate_call(call, stages, errors)
    bad_sectors = [code for code in sectors if not codelists.is_code("Sector", code)]
    if bad_sectors:
        _add(errors, "sectors", _("%(code)s is not a DAC sector code.") % {"code": ", ".join(bad_sectors)})
    if any(kind not in RequiredAttachment.Kind.values for kind, _label in attachments):
        _add(errors, "attachments", _("Choose the attachments from the list."))
    if not errors:
        try:
            call.full_clean(exclude=["created_by"])
        except ValidationError as exc:
            for field, messages in exc.message_dict.items():
                for message in messages:
                    _add(errors, field, message)
    if errors:
        raise ValidationError(errors)
    call.save()
    call.themes.set(themes)
    if not creating:
        call.sectors.all().delete()
        call.stages.all().delete()
        call.attachments.all().delete()
    CallSector.objects.bulk_create([CallSector(call=call, code=code) for code in sectors])
    CallStage.objects.bulk_create(
        [
            CallStage(
                call=call,
                kind=stage["kind"],
                order=STAGE_ORDER.index(stage["kind"]) + 1,
                opens_on=stage.get("opens_on"),
                deadline=stage.get("deadline"),
                preparation_days=stage.get("preparation_days"),
                word_limits=stage.get("word_limits") or {},
            )
            for stage in sorted(stages, key=lambda s: STAGE_ORDER.index(s["kind"]))
        ]
    )
    RequiredAttachment.objects.bulk_create(
        [RequiredAttachment(call=call, kind=kind, label=label) for kind, label in attachments]
    )
    after = _snapshot(call)
    old, new = audit.diff(before, after) if before else ({}, after)
    audit.record(
        actor=actor,
        action="funding_call.create" if creating else "funding_call.update",
        obj=call,
        before=old,
        after=new,
    )
    return call


@transaction.atomic
def call_archive(*, actor, call: Call, reason: str) -> Call:
    """Take a call out of the catalogue, saying why. The row stays, with its stages and documents."""
    _require_editor(actor)
    locked = Call.objects.select_for_update().get(pk=call.pk)
    if locked.archived_at is not None:
        raise ValidationError(_("This call is already archived."), code="archived")
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Say why the call leaves the catalogue.")})
    locked.archived_at = timezone.now()
    locked.version += 1
    locked.save(update_fields=["archived_at", "version", "updated_at"])
    audit.record(
        actor=actor,
        action="funding_call.archive",
        obj=locked,
        after={"archived_at": locked.archived_at.isoformat()},
        reason=reason,
    )
    return locked


@transaction.atomic
def call_document_upload(*, actor, call: Call, title: str, upload) -> CallDocument:
    """Add a file of the call (its guidelines, the forms), its type and size checked by content."""
    _require_editor(actor)
    locked = Call.objects.select_for_update().get(pk=call.pk)
    if locked.archived_at is not None:
        raise ValidationError(_("This call is archived: it can no longer be changed."), code="archived")
    title = (title or "").strip()
    if not title:
        raise ValidationError({"title": _("Give the document a title.")})
    checked = uploads.check(upload, uploads.SUPPORTING_DOCUMENT, field="file")
    upload.name = checked.name
    document = CallDocument(
        call=locked,
        title=title,
        file=upload,
        content_type=checked.content_type,
        size=checked.size,
        sha256=checked.sha256,
        uploaded_by=actor,
    )
    document.full_clean()
    document.save()
    audit.record(
        actor=actor,
        action="funding_call_document.upload",
        obj=document,
        after={"call": locked.pk, "title": title, "sha256": checked.sha256, "size": checked.size},
    )
    return document


def days_left(deadline: datetime.date | None, today: datetime.date) -> int | None:
    return None if deadline is None else (deadline - today).days
