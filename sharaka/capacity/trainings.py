"""Trainings and workshops: the business actions (create, edit, move along the pipeline, participants,
attendance, certificates, the participant's evaluation) and the few questions the pages ask (what a
partner's page shows, the evaluations' summary, who reads what).

Each action validates first, then writes in one transaction with its audit entry; a refusal is a
ValidationError naming the field (shown beside it, what was typed kept) and leaves nothing half-saved.

Who does what:

- The unit (`capacity.manage`: administrator, cooperation officer) records trainings, their
  participants, attendance and certificates. The unit reads them all (`capacity.view`).
- A participant's evaluation (a rating of 1 to 5 and a text) is written by the participant
  themself (their StaffProfile is linked to their account), or entered by the unit from a paper form
  while none has been written yet: the unit never overwrites what a person wrote.
- The evaluation is personal: the ratings reach the unit only as a count and an average (shown from
  MIN_RATINGS ratings on, so that no one's rating can be read from it); the rating and text of one
  person are read only by those `access.may_read_assessments` lets through (the person, their manager,
  the administrator). The audit ledger records that an evaluation was written, never its text.
"""

import datetime
from decimal import Decimal, InvalidOperation

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Avg, Count, Prefetch, Q
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from sharaka.capacity import access
from sharaka.capacity.models import Participation, Skill, StaffProfile, Training
from sharaka.capacity.pipeline import PIPELINE, may_be_held
from sharaka.capacity.services import refuse_unless_manage
from sharaka.core import audit, uploads
from sharaka.core.money import check_amount, check_computed
from sharaka.core.multilingual import require_one
from sharaka.core.roles import can
from sharaka.core.services import check_version
from sharaka.finance.rates import check_currency, rate_for, to_mad
from sharaka.lib.text import clean_text
from sharaka.operations.mail import send_on_commit

S = Training.Status
A = Participation.Attendance

# What a certificate may be: a PDF or a scan (core/uploads.py checks the bytes, not only the name).
CERTIFICATE_FILE = uploads.Purpose((".pdf", ".jpg", ".jpeg", ".png"))
# The years a training may fall in.
FIRST_YEAR, LAST_YEAR = 2000, 2100
# Below this many ratings the average is not shown: it would tell one person's rating.
MIN_RATINGS = 3
MAX_EVALUATION = 4000
# Who came: the attendance that counts for certificates, evaluations and the training's effect.
CAME = (A.ATTENDED, A.PARTLY)

FIELDS = [
    "title_ar",
    "title_fr",
    "title_en",
    "provider",
    "provider_name",
    "starts_on",
    "ends_on",
    "place",
    "format",
    "cost",
    "currency",
    "funder",
    "notes",
]


# --- checks ---------------------------------------------------------------------------------------


def _text(value, *, multiline=False, limit=200) -> str:
    return clean_text(str(value or ""), multiline=multiline).strip()[:limit]


def _check_dates(starts_on, ends_on) -> None:
    if not isinstance(starts_on, datetime.date):
        raise ValidationError({"starts_on": _("Give the first day of the training.")})
    if not isinstance(ends_on, datetime.date):
        raise ValidationError({"ends_on": _("Give the last day of the training.")})
    for name, day in (("starts_on", starts_on), ("ends_on", ends_on)):
        if not FIRST_YEAR <= day.year <= LAST_YEAR:
            raise ValidationError(
                {
                    name: _("Give a date between %(first)s and %(last)s.")
                    % {"first": FIRST_YEAR, "last": LAST_YEAR}
                }
            )
    if ends_on < starts_on:
        raise ValidationError({"ends_on": _("The training cannot end before it starts.")})


def _cost(value) -> Decimal:
    try:
        cost = Decimal(value if value not in (None, "") else 0)
    except (InvalidOperation, TypeError, ValueError):
        raise ValidationError({"cost": _("Give the cost as a number.")}) from None
    if not cost.is_finite() or cost < 0:
        raise ValidationError({"cost": _("The cost cannot be negative.")})
    return check_amount(cost, "cost")


def _apply(training: Training, data: dict) -> None:
    """Set the fields from `data` on `training`, refusing what does not fit; converts the cost to MAD."""
    for code in ("ar", "fr", "en"):
        setattr(training, f"title_{code}", _text(data.get(f"title_{code}")))
    require_one(training, "title", _("the title"))
    provider = data.get("provider")
    provider_name = _text(data.get("provider_name"))
    if provider is not None and provider_name:
        raise ValidationError(
            {"provider_name": _("Choose the partner or write the provider's name, not both.")}
        )
    if provider is None and not provider_name:
        raise ValidationError(
            {"provider": _("Say who gives the training: a partner, or the provider's name below.")}
        )
    training.provider, training.provider_name = provider, provider_name
    starts_on, ends_on = data.get("starts_on"), data.get("ends_on")
    _check_dates(starts_on, ends_on)
    training.starts_on, training.ends_on = starts_on, ends_on
    training.place = _text(data.get("place"))
    if data.get("format") not in Training.Format.values:
        raise ValidationError({"format": _("Choose the training's format.")})
    training.format = data["format"]
    training.funder = data.get("funder")
    training.notes = _text(data.get("notes"), multiline=True, limit=10000)
    training.cost = _cost(data.get("cost"))
    training.currency = check_currency(data.get("currency") or "MAD")
    if training.cost == 0:
        # Nothing to convert: no rate is needed, whatever the currency.
        training.cost_mad, training.rate, training.rate_date, training.rate_source = (
            Decimal(0),
            None,
            None,
            "",
        )
        return
    # The rate of the first day (finance/rates.py): none within its bound is a refusal naming the
    # currency and the date, beside the currency.
    applied = rate_for(training.currency, starts_on, field="currency")
    training.rate, training.rate_date, training.rate_source = applied.rate, applied.date, applied.source
    training.cost_mad = check_computed(to_mad(training.cost, applied.rate), "cost")


def _skills(skills) -> list[Skill]:
    skills = list(skills or [])
    if not skills:
        raise ValidationError({"skills": _("Choose at least one skill the training addresses.")})
    return skills


def _snapshot(training: Training) -> dict:
    data = audit.snapshot(training, fields=[*FIELDS, "cost_mad", "rate", "rate_date", "status"])
    data["skills"] = sorted(training.skills.values_list("pk", flat=True)) if training.pk else []
    return data


# --- trainings ------------------------------------------------------------------------------------


def training_create(*, actor, data: dict, skills) -> Training:
    """Record a training or workshop, planned; its cost is valued in MAD at the rate of its first day."""
    refuse_unless_manage(actor)
    skills = _skills(skills)
    training = Training(created_by=actor)
    _apply(training, data)
    with transaction.atomic():
        training.save()
        training.skills.set(skills)
        PIPELINE.start(actor=actor, obj=training)
        audit.record(actor=actor, action="capacity.training_create", obj=training, after=_snapshot(training))
    return training


def training_update(*, actor, training: Training, data: dict, skills, expected_version: int) -> Training:
    """Correct a training; refused when someone else saved it since the form was opened."""
    refuse_unless_manage(actor)
    skills = _skills(skills)
    with transaction.atomic():
        locked = Training.objects.select_for_update().get(pk=training.pk)
        check_version(locked, expected_version)
        if locked.status == S.CANCELLED:
            raise ValidationError(_("A cancelled training is no longer changed."), code="cancelled")
        before = _snapshot(locked)
        _apply(locked, data)
        if locked.status == S.HELD and not may_be_held(locked):
            raise ValidationError(
                {"ends_on": _("This training was held: its last day cannot be in the future.")}
            )
        locked.version += 1
        locked.save()
        locked.skills.set(skills)
        old, new = audit.diff(before, _snapshot(locked))
        audit.record(actor=actor, action="capacity.training_update", obj=locked, before=old, after=new)
    return locked


def training_move(*, actor, training: Training, to: str, reason: str = "") -> Training:
    """Mark a planned training held (once its last day has come) or cancel it (with a reason).
    Participants with an account are invited to evaluate a held training, by e-mail, on commit."""
    reason = clean_text(reason or "", multiline=True).strip()
    with transaction.atomic():
        locked = Training.objects.select_for_update().get(pk=training.pk)
        PIPELINE.check(actor=actor, obj=locked, to=to, reason=reason)
        if to == S.HELD and not may_be_held(locked):
            raise ValidationError(
                {
                    "to": _("A training is marked held once its last day has come (%(day)s).")
                    % {"day": locked.ends_on.isoformat()}
                },
                code="not_ended",
            )

        def apply(obj, old):
            obj.version += 1

        change = PIPELINE.move(actor=actor, obj=locked, to=to, reason=reason, apply=apply)
        audit.record(
            actor=actor,
            action="capacity.training_move",
            obj=locked,
            before={"status": change.old_status},
            after={"status": to},
            reason=change.reason,
        )
        if to == S.HELD:
            _invite_to_evaluate(locked)
    return locked


def _invite_to_evaluate(training: Training) -> None:
    letters = []
    rows = training.participations.filter(profile__user__is_active=True).select_related("profile__user")
    for participation in rows:
        user = participation.profile.user
        address = user.email or participation.profile.email
        if not address:
            continue
        link = settings.SITE_URL + reverse(
            "capacity:training_evaluation", kwargs={"pk": training.pk, "participation_pk": participation.pk}
        )
        with translation.override(user.language or settings.LANGUAGE_CODE):
            values = {"title": str(training), "link": link}
            letters.append(
                (
                    str(gettext_lazy("How was the training “%(title)s”?")) % values,
                    str(
                        gettext_lazy(
                            "The training “%(title)s” is over. Tell the cooperation unit what it was worth to you "
                            "(a rating and a few words; only you, your manager and the administrator read your "
                            "words): %(link)s"
                        )
                    )
                    % values,
                    address,
                )
            )
    for letter_subject, letter_body, address in letters:
        send_on_commit(letter_subject, letter_body, address)


# --- participants ---------------------------------------------------------------------------------


def _lock_open(training: Training) -> Training:
    locked = Training.objects.select_for_update().get(pk=training.pk)
    if locked.status == S.CANCELLED:
        raise ValidationError(
            _("This training was cancelled: its participants no longer change."), code="cancelled"
        )
    return locked


def participants_add(*, actor, training: Training, profiles) -> list[Participation]:
    """Register staff on a training (planned or held): only people in post, each once."""
    refuse_unless_manage(actor)
    profiles = list(profiles or [])
    if not profiles:
        raise ValidationError({"profiles": _("Choose at least one person.")})
    with transaction.atomic():
        locked = _lock_open(training)
        ids = [p.pk for p in profiles]
        current = StaffProfile.objects.filter(pk__in=ids)
        gone = [p.full_name for p in current if not p.is_active]
        if gone or current.count() != len(set(ids)):
            raise ValidationError(
                {
                    "profiles": _("Only people in post can be registered: %(names)s.")
                    % {"names": ", ".join(gone)}
                }
            )
        already = set(locked.participations.filter(profile_id__in=ids).values_list("profile_id", flat=True))
        added = Participation.objects.bulk_create(
            Participation(training=locked, profile_id=pk) for pk in dict.fromkeys(ids) if pk not in already
        )
        audit.record(
            actor=actor,
            action="capacity.participants_add",
            obj=locked,
            after={"profiles": sorted(p.profile_id for p in added)},
        )
    return added


def participant_remove(*, actor, training: Training, participation: Participation) -> None:
    """Take a person off a training, unless they already have a certificate or an evaluation."""
    refuse_unless_manage(actor)
    with transaction.atomic():
        locked = _lock_open(training)
        row = Participation.objects.select_for_update().get(pk=participation.pk, training=locked)
        if row.certificate or row.rating is not None:
            raise ValidationError(
                _("%(name)s has a certificate or an evaluation on this training: the record is kept.")
                % {"name": row.profile.full_name},
                code="kept",
            )
        profile_id = row.profile_id
        row.delete()
        audit.record(
            actor=actor, action="capacity.participant_remove", obj=locked, before={"profile": profile_id}
        )


def attendance_set(*, actor, training: Training, marks: dict) -> Training:
    """Record who came to a held training: `marks` is {participation pk: attendance}."""
    refuse_unless_manage(actor)
    with transaction.atomic():
        locked = Training.objects.select_for_update().get(pk=training.pk)
        if locked.status != S.HELD:
            raise ValidationError(
                _("Attendance is recorded once the training is marked held."), code="not_held"
            )
        if not marks:
            raise ValidationError(_("Choose the attendance of each participant."), code="attendance")
        rows = {p.pk: p for p in Participation.objects.select_for_update().filter(training=locked)}
        before, after = {}, {}
        for pk, mark in marks.items():
            row = rows.get(int(pk))
            if row is None:
                raise ValidationError(_("This person is not on the training."), code="not_participant")
            if mark not in A.values:
                raise ValidationError(_("Choose the attendance of each participant."), code="attendance")
            if row.attendance != mark:
                before[row.profile_id], after[row.profile_id] = row.attendance, mark
                row.attendance = mark
                row.save(update_fields=["attendance"])
        audit.record(actor=actor, action="capacity.attendance_set", obj=locked, before=before, after=after)
    return locked


def certificate_upload(*, actor, participation: Participation, upload) -> Participation:
    """Keep the certificate of a participant who came to a held training (PDF, JPEG or PNG, checked by
    its content)."""
    refuse_unless_manage(actor)
    checked = uploads.check(upload, CERTIFICATE_FILE, field="file")
    upload.name = checked.name
    with transaction.atomic():
        row = (
            Participation.objects.select_for_update()
            .select_related("training", "profile")
            .get(pk=participation.pk)
        )
        if row.training.status != S.HELD:
            raise ValidationError(
                _("A certificate is added once the training is marked held."), code="not_held"
            )
        if row.attendance not in CAME:
            raise ValidationError(
                _("Record %(name)s as present first: a certificate goes to someone who came.")
                % {"name": row.profile.full_name},
                code="absent",
            )
        before = row.certificate_name
        row.certificate = upload
        row.certificate_name = checked.name
        row.certificate_sha256 = checked.sha256
        row.save(update_fields=["certificate", "certificate_name", "certificate_sha256"])
        audit.record(
            actor=actor,
            action="capacity.certificate_upload",
            obj=row,
            before={"certificate": before},
            after={"certificate": checked.name, "sha256": checked.sha256},
        )
    return row


# --- evaluations ----------------------------------------------------------------------------------


def is_participant(user, participation: Participation) -> bool:
    profile = participation.profile
    return bool(
        getattr(user, "is_authenticated", False)
        and user.is_active
        and profile.user_id is not None
        and profile.user_id == user.pk
    )


def may_read_evaluation(user, participation: Participation) -> bool:
    """One person's rating and text: the person, their manager, the administrator (access.py)."""
    return access.may_read_assessments(user, participation.profile)


def may_write_evaluation(user, participation: Participation) -> bool:
    """The participant themself, at any time once the training is held; the unit from a paper form,
    while none has been written."""
    if participation.training.status != S.HELD or participation.attendance not in CAME:
        return False
    if is_participant(user, participation):
        return True
    return can(user, "capacity.manage") and participation.rating is None


def evaluation_set(*, actor, participation: Participation, rating, text: str = "") -> Participation:
    """A participant's evaluation of a held training they came to: a rating of 1 to 5 and, if they
    wish, a text. The ledger keeps who wrote it and when, not what."""
    text = clean_text(text or "", multiline=True).strip()
    try:
        rating = int(rating)
    except (TypeError, ValueError):
        rating = 0
    if not 1 <= rating <= 5:
        raise ValidationError({"rating": _("Give a rating from 1 (useless) to 5 (very useful).")})
    if len(text) > MAX_EVALUATION:
        raise ValidationError({"evaluation": _("At most %(n)s characters.") % {"n": MAX_EVALUATION}})
    with transaction.atomic():
        row = (
            Participation.objects.select_for_update(of=("self",))  # the manager is an outer join
            .select_related("training", "profile__manager")
            .get(pk=participation.pk)
        )
        if row.training.status != S.HELD:
            raise ValidationError(_("A training is evaluated once it is held."), code="not_held")
        if row.attendance not in CAME:
            raise ValidationError(_("Only someone who came evaluates the training."), code="absent")
        if not may_write_evaluation(actor, row):
            raise PermissionDenied
        by = "participant" if is_participant(actor, row) else "unit"
        had = row.rating is not None
        row.rating, row.evaluation = rating, text
        row.save(update_fields=["rating", "evaluation"])
        audit.record(
            actor=actor,
            action="capacity.evaluation_set",
            obj=row,
            before={"evaluated": had},
            after={"evaluated": True, "entered_by": by},
        )
    return row


def evaluation_summary(training: Training) -> dict:
    """The unit's view of the evaluations: how many, and their average once there are enough."""
    found = training.participations.filter(rating__isnull=False).aggregate(
        count=Count("pk"), average=Avg("rating")
    )
    count = found["count"] or 0
    average = (
        round(Decimal(found["average"]), 1) if count >= MIN_RATINGS and found["average"] is not None else None
    )
    return {"count": count, "average": average, "minimum": MIN_RATINGS}


# --- the questions the pages ask ------------------------------------------------------------------


def trainings_list(*, year=None, skill=None, status=None):
    """The unit's list, filtered; each row with its skills, provider, funder and participants counted."""
    trainings = Training.objects.select_related("provider", "funder").prefetch_related("skills")
    if year:
        trainings = trainings.filter(starts_on__year=year)
    if skill:
        trainings = trainings.filter(skills=skill)
    if status:
        trainings = trainings.filter(status=status)
    return trainings.annotate(
        participant_count=Count("participations", distinct=True),
        came_count=Count("participations", filter=Q(participations__attendance__in=CAME), distinct=True),
    ).order_by("-starts_on", "-id")


def years():
    return sorted({d.year for d in Training.objects.dates("starts_on", "year")}, reverse=True)


def for_partner(org, user) -> dict | None:
    """The trainings a partner gave (provider) or paid (funder), for the timeline of its page; None for
    a reader who may not see them. Two queries.

    Those who read the unit's trainings (`capacity.view`) see every such training, planned, held or
    cancelled, with its cost. Nobody else: the section sits in the commune's own part of the partner's
    page (the timeline, `partners.access.sees_internal`), which a partner viewer never sees, so a
    partner does not read there what the commune spent nor whom it trained.
    """
    if not can(user, "capacity.view"):
        return None
    trainings = (
        Training.objects.filter(Q(provider=org) | Q(funder=org))
        .prefetch_related(Prefetch("skills", queryset=Skill.objects.order_by("order", "code")))
        .order_by("-starts_on", "-id")
    )
    rows = [
        {"training": t, "gave": t.provider_id == org.pk, "paid": t.funder_id == org.pk} for t in trainings
    ]
    return {"rows": rows}


def participations_of(profile):
    """A person's trainings, latest first, for their own page (`capacity:me`, `capacity:profile`): each
    row links to `capacity:training_evaluation` where they evaluate it. One query."""
    return (
        Participation.objects.filter(profile=profile)
        .select_related("training")
        .order_by("-training__starts_on", "-training_id")
    )
