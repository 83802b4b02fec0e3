"""Every change to agreements goes through these functions: validate, write, audit, in one transaction."""

import datetime
import hashlib
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Prefetch
from django.utils import timezone
from django.utils.translation import gettext as _

from sharaka.agreements import deadlines, pipeline
from sharaka.agreements.models import (
    TAKEN_REFERENCE,
    Agreement,
    AgreementDocument,
    AgreementParty,
    Kind,
    Obligation,
    PublicHoliday,
    holidays_around,
    reference_taken,
)
from sharaka.agreements.pipeline import DocumentKind, Status
from sharaka.core import audit, codelists, search, uploads
from sharaka.core.dates import validate_date, validate_months
from sharaka.core.money import check_amount
from sharaka.core.multilingual import guess_language, require_one
from sharaka.core.roles import Role
from sharaka.core.services import check_version, load_for_save, require_administrator

AGREEMENT_FIELDS = [
    "kind",
    "reference",
    "title_ar",
    "title_fr",
    "title_en",
    "object_ar",
    "object_fr",
    "object_en",
    "languages",
    "foreign_money",
    "starts_on",
    "duration_months",
    "renewal_terms",
    "notice_months",
    "owner",
]
# What an amendment may change in the agreement it amends.
AMENDABLE_FIELDS = [
    "object_ar",
    "object_fr",
    "object_en",
    "starts_on",
    "duration_months",
    "renewal_terms",
    "notice_months",
]


def _snapshot(agreement: Agreement) -> dict:
    return audit.snapshot(agreement, fields=AGREEMENT_FIELDS + ["status", "projects"])


def refuse_foreign_state(organisation) -> None:
    if not organisation.may_be_agreement_party:
        raise ValidationError(
            {
                "partners": _(
                    "%(name)s is a foreign State. Organic law 113-14 forbids a commune to conclude an "
                    "agreement with a foreign State (art. 86), and so does art. 146 for groupings of "
                    "collectivities."
                )
                % {"name": organisation}
            },
            code="foreign_state",
        )


def _refuse_after_deliberation(agreement: Agreement) -> None:
    if agreement.status in pipeline.DELIBERATED_OR_LATER or agreement.status in pipeline.ENDS:
        raise ValidationError(
            _("The council has deliberated on this agreement: change it through an amendment."),
            code="deliberated",
        )


def _check_period(starts_on, duration_months) -> None:
    """The start within the dates' bounds, and the end its duration gives as well."""
    try:
        validate_date(starts_on)
    except ValidationError as error:
        raise ValidationError({"starts_on": error.error_list}) from None
    try:
        validate_months(starts_on, duration_months)
    except ValidationError as error:
        raise ValidationError({"duration_months": error.error_list}) from None


def _refuse_taken_reference(reference: str, pk=None) -> None:
    """A reference number is the agreement's own: said beside the field (the database's unique
    constraint stays the guard against two saves at once)."""
    if reference_taken(reference, pk):
        raise ValidationError({"reference": TAKEN_REFERENCE})


@transaction.atomic
def agreement_create(*, actor, data: dict, partners=(), projects=()) -> Agreement:
    """A new agreement at the idea stage, with the commune and its partners as parties."""
    partners = list(partners)
    if not partners:
        raise ValidationError({"partners": _("Name at least one partner.")})
    for organisation in partners:
        refuse_foreign_state(organisation)
    agreement = Agreement(**{k: v for k, v in data.items() if k in AGREEMENT_FIELDS or k == "is_fictional"})
    if agreement.kind == Kind.AMENDMENT:
        raise ValidationError({"kind": _("An amendment is made from the agreement it amends.")})
    require_one(agreement, "title", _("the title"))
    _check_period(agreement.starts_on, agreement.duration_months)
    _refuse_taken_reference(agreement.reference)
    agreement.full_clean(exclude=["session"])
    agreement.save()
    AgreementParty.objects.create(agreement=agreement, organisation=None)
    AgreementParty.objects.bulk_create(AgreementParty(agreement=agreement, organisation=o) for o in partners)
    agreement.projects.set(projects)
    pipeline.PIPELINE.start(actor=actor, obj=agreement)
    search.index_object("agreement", agreement)
    audit.record(
        actor=actor,
        action="agreement.create",
        obj=agreement,
        after={**_snapshot(agreement), "partners": sorted(o.pk for o in partners)},
    )
    return agreement


@transaction.atomic
def agreement_update(
    *, actor, agreement: Agreement, data: dict, expected_version: int, projects=None
) -> Agreement:
    locked = Agreement.objects.select_for_update().get(pk=agreement.pk)
    check_version(locked, expected_version)
    if locked.status in pipeline.ENDS:
        raise ValidationError(_("This agreement has ended: it can no longer be changed."), code="ended")
    before = _snapshot(locked)
    deliberated = locked.status in pipeline.DELIBERATED_OR_LATER
    for key, value in data.items():
        if key not in AGREEMENT_FIELDS or key == "kind" and locked.kind == Kind.AMENDMENT:
            continue
        if (
            deliberated
            and key in AMENDABLE_FIELDS + ["kind", "foreign_money"]
            and getattr(locked, key) != value
        ):
            raise ValidationError(
                {key: _("The council has deliberated on this agreement: change it through an amendment.")}
            )
        setattr(locked, key, value)
    require_one(locked, "title", _("the title"))
    _check_period(locked.starts_on, locked.duration_months)
    _refuse_taken_reference(locked.reference, locked.pk)
    locked.full_clean(exclude=["session", "parent"])
    locked.version += 1
    locked.save()
    if projects is not None:
        locked.projects.set(projects)
    search.index_object("agreement", locked)
    old, new = audit.diff(before, _snapshot(locked))
    audit.record(actor=actor, action="agreement.update", obj=locked, before=old, after=new)
    return locked


@transaction.atomic
def agreement_party_set(
    *,
    actor,
    agreement: Agreement,
    organisation=None,
    cash_amount=None,
    currency: str = "MAD",
    in_kind_value=None,
    in_kind_description: str = "",
) -> AgreementParty:
    """Add a party, or set the resources a party commits (art. 150). Parties are fixed once deliberated."""
    locked = Agreement.objects.select_for_update().get(pk=agreement.pk)
    _refuse_after_deliberation(locked)
    if organisation is not None:
        refuse_foreign_state(organisation)
    if currency not in codelists.CURRENCIES:
        raise ValidationError({"currency": _("Unknown currency.")})
    for field, value in (("cash_amount", cash_amount), ("in_kind_value", in_kind_value)):
        if value is not None:
            check_amount(Decimal(value), field)
    party, created = AgreementParty.objects.get_or_create(agreement=locked, organisation=organisation)
    before = None if created else audit.snapshot(party)
    party.cash_amount = cash_amount
    party.currency = currency
    party.in_kind_value = in_kind_value
    party.in_kind_description = in_kind_description
    party.full_clean()
    party.save()
    locked.version += 1
    locked.save(update_fields=["version", "updated_at"])
    audit.record(
        actor=actor, action="agreement.party_set", obj=party, before=before, after=audit.snapshot(party)
    )
    return party


def _store_document(
    *, actor, agreement, kind: str, title: str, upload=None, content: bytes | None = None, name=""
):
    """Keep a document unchanged with its checksum; an older one of the same type is superseded."""
    if upload is not None:
        checked = uploads.check(upload, uploads.AGREEMENT_DOCUMENT, field="file")
        content_type, size, sha = checked.content_type, checked.size, checked.sha256
        upload.name = checked.name
        file = upload
    else:
        file = ContentFile(content, name=name)
        content_type, size, sha = (
            "text/plain; charset=utf-8",
            len(content),
            hashlib.sha256(content).hexdigest(),
        )
    document = AgreementDocument.objects.create(
        agreement=agreement,
        kind=kind,
        title=title,
        file=file,
        content_type=content_type,
        size=size,
        sha256=sha,
        uploaded_by=actor if getattr(actor, "pk", None) else None,
    )
    AgreementDocument.objects.filter(agreement=agreement, kind=kind, superseded_by__isnull=True).exclude(
        pk=document.pk
    ).update(superseded_by=document)
    search.index_object("agreement_document", document)
    audit.record(
        actor=actor,
        action="agreement.document",
        obj=document,
        after={"kind": kind, "title": title, "sha256": sha, "size": size},
    )
    return document


@transaction.atomic
def agreement_document_add(
    *, actor, agreement: Agreement, kind: str, title: str, upload
) -> AgreementDocument:
    return _store_document(actor=actor, agreement=agreement, kind=kind, title=title, upload=upload)


def _has_document(agreement, kind: str) -> bool:
    return agreement.documents.filter(kind=kind, superseded_by__isnull=True).exists()


def may_move(user, agreement: Agreement, to: str) -> bool:
    return pipeline.PIPELINE.may(user, agreement, to)


def allowed_moves(user, agreement: Agreement) -> list[str]:
    return pipeline.PIPELINE.allowed_targets(user, agreement)


@transaction.atomic
def agreement_advance(
    *,
    actor,
    agreement: Agreement,
    to: str,
    reason: str = "",
    document=None,
    session=None,
    decision_number: str = "",
    expected_version: int | None = None,
    today: datetime.date | None = None,
) -> Agreement:
    """Move an agreement along its road: a declared move, the actor's to make, with the document the
    step requires and within the law's deadlines."""
    today = today or timezone.localdate()
    # The road depends on the parties (their legal types, their cash) and is asked several times
    # during a move: they are read once, with their organisations.
    locked = (
        Agreement.objects.select_for_update()
        .prefetch_related(Prefetch("parties", queryset=AgreementParty.objects.select_related("organisation")))
        .get(pk=agreement.pk)
    )
    if expected_version is not None:
        check_version(locked, expected_version)
    current = locked.status
    reason = pipeline.PIPELINE.check(actor=actor, obj=locked, to=to, reason=reason)
    holidays = holidays_around(today)
    _check_deadline_rules(locked, current, to, actor, reason, session, decision_number, today, holidays)
    required = pipeline.REQUIRED_DOCUMENT.get(to)
    if document is not None:
        _store_document(
            actor=actor,
            agreement=locked,
            kind=required or DocumentKind.OTHER,
            title=str(Status(to).label),
            upload=document,
        )
    elif required and not _has_document(locked, required):
        raise ValidationError(
            {
                "document": _("Attach the document this step requires: %(kind)s.")
                % {"kind": DocumentKind(required).label}
            }
        )
    pipeline.PIPELINE.move(
        actor=actor,
        obj=locked,
        to=to,
        reason=reason,
        apply=lambda agreement, old: _apply(
            agreement, to, session=session, decision_number=decision_number, today=today
        ),
        effective_on=today,
    )
    _audit_move(locked, actor, current, to, reason)
    if to == Status.IN_FORCE:
        obligations_generate(agreement=locked, actor=actor)
        if locked.kind == Kind.AMENDMENT and locked.parent_id:
            _apply_amendment(locked, actor)
    locked._prefetched_objects_cache.pop("parties", None)  # the caller may change them next
    return locked


def _check_deadline_rules(agreement, current, to, actor, reason, session, decision_number, today, holidays):
    if to == Status.ON_AGENDA:
        if session is None:
            raise ValidationError({"session": _("Choose the council session.")})
        if today > deadlines.agenda_due(session.starts_on):
            raise ValidationError(
                {
                    "session": _(
                        "Too late for this session: the agenda must reach the Governor at least 20 days before "
                        "the session (art. 38), that is by %(day)s."
                    )
                    % {"day": deadlines.agenda_due(session.starts_on).isoformat()}
                }
            )
    if to == Status.DELIBERATED:
        if not decision_number.strip():
            raise ValidationError({"decision_number": _("Give the number of the council's decision.")})
        if agreement.session_id is None or today < agreement.session.starts_on:
            raise ValidationError(
                _("The council deliberates during its session: the session has not opened yet.")
            )
        if agreement.session.quorum_met is False:
            raise ValidationError(
                _(
                    "The quorum was not met: more than half of the members in office must be present (art. 42)."
                )
            )
        if agreement.agenda_items.filter(session=agreement.session, result="rejected").exists():
            raise ValidationError(_("The council rejected this item: it cannot be recorded as deliberated."))
    if to == Status.TRANSMITTED and agreement.session_id:
        due = deadlines.transmission_due(agreement.session.ends_on, holidays)
        if today > due and not reason:
            raise ValidationError(
                {
                    "reason": _(
                        "The transmission is late: it was due by %(day)s (15 working days after the session, "
                        "art. 116). Say why."
                    )
                    % {"day": due.isoformat()}
                }
            )
    if (
        current == Status.OBJECTION_WINDOW
        and to != Status.ON_AGENDA
        and getattr(actor, "role", None) != Role.PREFECTURE
    ):
        ends = deadlines.objection_ends(agreement.received_on or today, holidays)
        if today <= ends:
            raise ValidationError(
                _("The Governor may still object until %(day)s (3 working days, art. 117).")
                % {"day": ends.isoformat()}
            )
    if to == Status.PUBLISHED and agreement.signed_on:
        due = deadlines.posting_due(agreement.signed_on)
        if today > due and not reason:
            raise ValidationError(
                {
                    "reason": _("The posting is late: it was due by %(day)s (8 days, art. 273). Say why.")
                    % {"day": due.isoformat()}
                }
            )


def _apply(agreement, to, *, session, decision_number, today):
    """What changes with a move besides the status; the pipeline saves."""
    if to == Status.ON_AGENDA:
        from sharaka.agreements.models import AgendaItem

        agreement.session = session
        if not AgendaItem.objects.filter(session=session, agreement=agreement).exists():
            AgendaItem.objects.create(
                session=session,
                agreement=agreement,
                title=str(agreement)[:300],
                position=session.items.count() + 1,
            )
    elif to == Status.DELIBERATED:
        agreement.decision_number = decision_number.strip()
        agreement.deliberated_on = today
    elif to == Status.TRANSMITTED:
        agreement.transmitted_on = today
    elif to == Status.OBJECTION_WINDOW:
        agreement.received_on = today
    elif to == Status.SIGNED:
        agreement.signed_on = today
    elif to == Status.PUBLISHED:
        agreement.published_on = today
    agreement.version += 1


def _bump(agreement, old):
    agreement.version += 1


def _audit_move(agreement, actor, old, new, reason):
    audit.record(
        actor=actor,
        action="agreement.tacit_visa" if new == Status.VISA_TACIT else "agreement.advance",
        obj=agreement,
        before={"status": old},
        after={"status": new},
        reason=reason,
    )


def _apply_amendment(amendment, actor) -> None:
    parent = Agreement.objects.select_for_update().get(pk=amendment.parent_id)
    before = _snapshot(parent)
    for field, (_old, new) in amendment.changes.items():
        if field in AMENDABLE_FIELDS:
            value = datetime.date.fromisoformat(new) if field == "starts_on" and new else new
            setattr(parent, field, value)
    parent.version += 1
    parent.save()
    old, new = audit.diff(before, _snapshot(parent))
    audit.record(
        actor=actor,
        action="agreement.amended",
        obj=parent,
        before=old,
        after=new,
        reason=_("Amendment %(ref)s in force.") % {"ref": amendment.reference or amendment.pk},
    )


@transaction.atomic
def agreement_amend(
    *, actor, agreement: Agreement, changes: dict, reason: str, reference: str = ""
) -> Agreement:
    """An amendment (avenant): a new agreement on the same road, holding what it changes."""
    parent = Agreement.objects.select_for_update().get(pk=agreement.pk)
    if parent.status not in pipeline.DELIBERATED_OR_LATER or parent.status in pipeline.ENDS:
        raise ValidationError(
            _("Only an agreement the council has deliberated on, and still running, is amended.")
        )
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Say why the agreement is amended.")})
    diff = {}
    for field, value in changes.items():
        if field not in AMENDABLE_FIELDS:
            continue
        old = getattr(parent, field)
        if old != value:
            diff[field] = [_plain(old), _plain(value)]
    if not diff:
        raise ValidationError(_("The amendment changes nothing in the agreement."))
    _refuse_taken_reference(reference)
    _check_period(
        changes.get("starts_on", parent.starts_on), changes.get("duration_months", parent.duration_months)
    )
    amendment = Agreement.objects.create(
        kind=Kind.AMENDMENT,
        parent=parent,
        reference=reference,
        title_ar=f"ملحق تعديلي: {parent.title_ar}" if parent.title_ar else "",
        title_fr=f"Avenant : {parent.title_fr}" if parent.title_fr else "",
        title_en=f"Amendment: {parent.title_en}" if parent.title_en else "",
        **{f"object_{guess_language(reason)}": reason},
        languages=parent.languages,
        foreign_money=parent.foreign_money,
        owner=parent.owner,
        changes=diff,
        is_fictional=parent.is_fictional,
    )
    AgreementParty.objects.bulk_create(
        AgreementParty(agreement=amendment, organisation_id=p.organisation_id) for p in parent.parties.all()
    )
    amendment.projects.set(parent.projects.all())
    pipeline.PIPELINE.start(actor=actor, obj=amendment)
    audit.record(
        actor=actor,
        action="agreement.amend",
        obj=amendment,
        after={"parent": parent.pk, "changes": diff},
        reason=reason,
    )
    search.index_object("agreement", amendment)
    return amendment


def _plain(value):
    return value.isoformat() if isinstance(value, datetime.date) else value


# --- obligations -----------------------------------------------------------------------------------


@transaction.atomic
def obligation_add(*, actor, agreement: Agreement, data: dict) -> Obligation:
    obligation = Obligation(agreement=agreement, **data)
    obligation.full_clean()
    obligation.save()
    audit.record(actor=actor, action="obligation.add", obj=obligation, after=audit.snapshot(obligation))
    return obligation


@transaction.atomic
def obligation_set_state(*, actor, obligation: Obligation, state: str, reason: str = "") -> Obligation:
    """Move an obligation along its declared pipeline (agreements/obligations.py)."""
    from sharaka.agreements.obligations import OBLIGATION

    locked = Obligation.objects.select_for_update().get(pk=obligation.pk)
    before = locked.state
    change = OBLIGATION.move(actor=actor, obj=locked, to=state, reason=reason)
    audit.record(
        actor=actor,
        action="obligation.state",
        obj=locked,
        before={"state": before},
        after={"state": state},
        reason=change.reason,
    )
    return locked


def obligations_generate(*, agreement: Agreement, actor) -> list[Obligation]:
    """From the agreement's data: a yearly report, a tranche call per party bringing cash, the renewal
    notice. Runs inside the move to "in force"; does nothing if obligations already exist."""
    if agreement.obligations.exists() or not agreement.starts_on:
        return []
    start = agreement.starts_on
    owner = agreement.owner
    rows = []
    for party in agreement.parties.select_related("organisation"):
        if party.cash_amount and party.organisation_id:
            rows.append(
                Obligation(
                    agreement=agreement,
                    party=party,
                    kind=Obligation.Kind.TRANCHE,
                    title=_("First tranche call to %(party)s") % {"party": party},
                    due_on=start + datetime.timedelta(days=30),
                    owner=owner,
                )
            )
    years = max(1, (agreement.duration_months or 12) // 12)
    for year in range(1, years + 1):
        rows.append(
            Obligation(
                agreement=agreement,
                kind=Obligation.Kind.REPORT,
                title=_("Annual report, year %(n)s") % {"n": year},
                due_on=start.replace(year=start.year + year)
                if not (start.month == 2 and start.day == 29)
                else start + datetime.timedelta(days=365 * year),
                owner=owner,
            )
        )
    if agreement.ends_on:
        notice = agreement.ends_on - datetime.timedelta(days=30 * (agreement.notice_months or 3))
        rows.append(
            Obligation(
                agreement=agreement,
                kind=Obligation.Kind.RENEWAL,
                title=_("Decide on renewal or notice"),
                due_on=max(notice, start),
                owner=owner,
            )
        )
    created = Obligation.objects.bulk_create(rows)
    audit.record(
        actor=actor, action="obligation.generate", obj=agreement, after={"obligations": len(created)}
    )
    return created


# --- the clock ------------------------------------------------------------------------------------


TACIT_RECORD = (
    # The record of a tacit visa, in the two languages of the commune's acts; the clock writes it.
    "محضر التأشيرة الضمنية (المادة 118 من القانون التنظيمي 113.14)\n"
    "Procès-verbal de visa tacite (article 118 de la loi organique 113-14)\n\n"
    "Agreement / الاتفاقية / Convention: {agreement}\n"
    "Received / تاريخ التوصل / Reçue le: {received}\n"
    "Deemed granted / تعتبر مؤشرا عليها / Réputée visée le: {day}\n"
)


def tick(*, today: datetime.date | None = None) -> dict:
    """What the law does by itself when time passes; safe to run any number of times a day.

    - the objection window closes after 3 working days of silence (art. 117);
    - a visa pending 20 days after receipt becomes a tacit visa (art. 118), recorded as such.
    """
    today = today or timezone.localdate()
    done = {"objection_closed": 0, "tacit_visa": 0}
    holidays = holidays_around(today)
    for agreement in Agreement.objects.filter(status=Status.OBJECTION_WINDOW, received_on__isnull=False):
        if today > deadlines.objection_ends(agreement.received_on, holidays):
            with transaction.atomic():
                locked = Agreement.objects.select_for_update().get(pk=agreement.pk)
                if locked.status != Status.OBJECTION_WINDOW:
                    continue
                target = pipeline.next_on_road(locked.road, locked.status)
                if target != Status.VISA_PENDING:
                    continue  # without a visa, the next step is the people's to take
                reason = _("No objection within 3 working days.")
                pipeline.PIPELINE.move(
                    actor=None,
                    obj=locked,
                    to=target,
                    reason=reason,
                    automatic=True,
                    apply=_bump,
                    effective_on=today,
                )
                _audit_move(locked, None, Status.OBJECTION_WINDOW, target, reason)
                done["objection_closed"] += 1
    for agreement in Agreement.objects.filter(status=Status.VISA_PENDING, received_on__isnull=False):
        due = deadlines.visa_due(agreement.received_on)
        if today > due:
            with transaction.atomic():
                locked = Agreement.objects.select_for_update().get(pk=agreement.pk)
                if locked.status != Status.VISA_PENDING:
                    continue
                content = TACIT_RECORD.format(agreement=locked, received=locked.received_on, day=due).encode()
                _store_document(
                    actor=None,
                    agreement=locked,
                    kind=DocumentKind.TACIT_VISA,
                    title=str(DocumentKind.TACIT_VISA.label),
                    content=content,
                    name=f"tacit-visa-{locked.pk}.txt",
                )
                reason = _("No answer from the Governor within 20 days of receipt: tacit visa (art. 118).")
                pipeline.PIPELINE.move(
                    actor=None,
                    obj=locked,
                    to=Status.VISA_TACIT,
                    reason=reason,
                    automatic=True,
                    apply=_bump,
                    effective_on=today,
                )
                _audit_move(locked, None, Status.VISA_PENDING, Status.VISA_TACIT, reason)
                done["tacit_visa"] += 1
    return done


# --- twinning: delegations and the joint action plan ---------------------------------------------

TWINNING_KINDS = {Kind.TWINNING, Kind.DECENTRALISED}


def _refuse_not_twinning(agreement: Agreement) -> None:
    if agreement.kind not in TWINNING_KINDS:
        raise ValidationError(
            _(
                "Delegations and a joint action plan belong to twinning and decentralised-cooperation agreements."
            )
        )


@transaction.atomic
def delegation_add(*, actor, agreement: Agreement, data: dict):
    from sharaka.agreements.models import Delegation

    _refuse_not_twinning(agreement)
    delegation = Delegation(agreement=agreement, **data)
    if delegation.starts_on and delegation.ends_on and delegation.ends_on < delegation.starts_on:
        raise ValidationError({"ends_on": _("A visit cannot end before it starts.")})
    delegation.full_clean()
    delegation.save()
    audit.record(actor=actor, action="agreement.delegation", obj=delegation, after=audit.snapshot(delegation))
    return delegation


@transaction.atomic
def plan_action_add(*, actor, agreement: Agreement, data: dict):
    from sharaka.agreements.models import PlanAction

    _refuse_not_twinning(agreement)
    action = PlanAction(agreement=agreement, **data)
    if action.starts_on and action.due_on and action.due_on < action.starts_on:
        raise ValidationError({"due_on": _("An action cannot be due before it starts.")})
    action.full_clean()
    action.save()
    audit.record(actor=actor, action="agreement.plan_action", obj=action, after=audit.snapshot(action))
    return action


@transaction.atomic
def plan_action_set_state(*, actor, action, state: str, reason: str = ""):
    """Move a joint-plan action along its declared pipeline (agreements/obligations.py)."""
    from sharaka.agreements.models import PlanAction
    from sharaka.agreements.obligations import PLAN_ACTION

    locked = PlanAction.objects.select_for_update().get(pk=action.pk)
    before = locked.state
    change = PLAN_ACTION.move(actor=actor, obj=locked, to=state, reason=reason)
    audit.record(
        actor=actor,
        action="agreement.plan_action_state",
        obj=locked,
        before={"state": before},
        after={"state": state},
        reason=change.reason,
    )
    return locked


# --- the public-holiday calendar (kept by the administrator, in the administration) -----------------

HOLIDAY_FIELDS = ["year", "month", "day", "name_ar", "name_fr", "name_en"]


@transaction.atomic
def holiday_save(*, actor, holiday: PublicHoliday | None, data: dict) -> PublicHoliday:
    """Enter a public holiday (`holiday` None) or correct one: the legal deadlines count with it."""
    require_administrator(actor)
    obj, before = load_for_save(PublicHoliday, holiday, HOLIDAY_FIELDS, data)
    obj.full_clean()
    obj.save()
    audit.record(
        actor=actor,
        action="holiday.save",
        obj=obj,
        before=before,
        after=audit.snapshot(obj, fields=HOLIDAY_FIELDS),
    )
    return obj


@transaction.atomic
def holiday_delete(*, actor, holiday: PublicHoliday) -> None:
    require_administrator(actor)
    audit.record(actor=actor, action="holiday.delete", obj=holiday, before=audit.snapshot(holiday))
    holiday.delete()
