"""Events (a festival's edition) and their sponsors: every change goes through these functions, each in
one transaction with its ledger entry. An event is never deleted: it is archived.

- `event_create`, `event_update` (optimistic: the version the form opened on), `event_publish` (a
  public event has its title in Arabic, French and English), `event_unpublish`, `event_archive`.
- `sponsorship_add`, `sponsorship_update` (optimistic: the fingerprint of the row the form opened on,
  the table has no version column), `sponsorship_remove`.

Money is never deleted: a sponsorship that brought cash or support in kind with a value is corrected
(`sponsorship_update`) or hidden from the portal, never removed. Only a line that carries no money at
all (a partner or co-organiser recorded by mistake) may be removed, with a reason; the ledger keeps
what it held.

Totals in MAD (`event_totals`): cash in another currency is converted at the rate of its `agreed_on`
date (`finance/rates.py`: the latest rate on or before it, at most 31 days old). A sponsorship whose
rate is missing is saved all the same (what was agreed is a fact) but left out of the MAD total, which
then says so and names the currency and date, until the finance officer enters that rate.
"""

import datetime
import hashlib
import json
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from sharaka.core import audit
from sharaka.core.money import check_amount, check_computed
from sharaka.core.multilingual import require_one
from sharaka.core.roles import can
from sharaka.core.services import ConcurrentEdit, check_version
from sharaka.finance.models import ExchangeRate
from sharaka.finance.rates import MAX_RATE_AGE, check_currency, rate_for, to_mad
from sharaka.promotion.models import Event, Sponsorship

EVENT_FIELDS = [
    "opportunity",
    "title_ar",
    "title_fr",
    "title_en",
    "title_zgh",
    "edition",
    "starts_on",
    "ends_on",
    "locality",
    "place",
    "summary_ar",
    "summary_fr",
    "summary_en",
    "visitors",
]
SPONSORSHIP_FIELDS = [
    "organisation",
    "role",
    "amount",
    "currency",
    "agreed_on",
    "in_kind",
    "in_kind_value",
    "given_back",
    "is_public",
]
# Events and value dates are of this century: a year outside is a slip of the keyboard.
YEAR_MIN, YEAR_MAX = 2000, 2100
MAX_EDITION = 999
MAX_VISITORS = 10_000_000
PUBLIC_LANGUAGES = ("ar", "fr", "en")


def _require_editor(actor) -> None:
    if not can(actor, "promotion.edit"):
        raise PermissionDenied(_("Only the cooperation unit records events and their sponsors."))


def _add(errors: dict, name: str, message) -> None:
    errors.setdefault(name, []).append(message)


def _check_year(value, name: str, errors: dict) -> None:
    if value is not None and not YEAR_MIN <= value.year <= YEAR_MAX:
        _add(
            errors,
            name,
            _("Enter a date between the years %(min)s and %(max)s.") % {"min": YEAR_MIN, "max": YEAR_MAX},
        )


# --- events ---------------------------------------------------------------------------------------


def validate_event(event: Event, errors: dict) -> None:
    """The rules of an event, all reported at once into `errors` (field → messages)."""
    try:
        require_one(event, "title", _("the title"))
    except ValidationError as exc:
        for name, messages in exc.message_dict.items():
            for message in messages:
                _add(errors, name, message)
    if event.starts_on is None:
        _add(errors, "starts_on", _("Give the day the event starts."))
    if event.ends_on is None:
        _add(errors, "ends_on", _("Give the day the event ends."))
    _check_year(event.starts_on, "starts_on", errors)
    _check_year(event.ends_on, "ends_on", errors)
    if (
        event.starts_on
        and event.ends_on
        and "starts_on" not in errors
        and "ends_on" not in errors
        and event.ends_on < event.starts_on
    ):
        _add(errors, "ends_on", _("The event cannot end before it starts."))
    if event.edition is not None and not 1 <= event.edition <= MAX_EDITION:
        _add(errors, "edition", _("An edition is a number between 1 and %(max)s.") % {"max": MAX_EDITION})
    if event.visitors is not None and not 0 <= event.visitors <= MAX_VISITORS:
        _add(
            errors,
            "visitors",
            _("The number of visitors is between 0 and %(max)s.") % {"max": MAX_VISITORS},
        )


def _event_snapshot(event: Event) -> dict:
    return audit.snapshot(event, fields=[*EVENT_FIELDS, "published_at", "archived_at"])


def _finish(event: Event, errors: dict) -> None:
    if not errors:
        try:
            event.full_clean(exclude=["opportunity", "locality"])
        except ValidationError as exc:
            for name, messages in exc.message_dict.items():
                for message in messages:
                    _add(errors, name, message)
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def event_create(*, actor, data: dict) -> Event:
    """Record an event (not yet public: `event_publish` shows it on the portal)."""
    _require_editor(actor)
    event = Event()
    for key in EVENT_FIELDS:
        if key in data:
            setattr(event, key, data[key])
    errors: dict = {}
    validate_event(event, errors)
    _finish(event, errors)
    event.save()
    audit.record(actor=actor, action="promotion_event.create", obj=event, after=_event_snapshot(event))
    return event


def _locked_event(event: Event) -> Event:
    locked = Event.objects.select_for_update().get(pk=event.pk)
    if locked.archived_at is not None:
        raise ValidationError(_("This event is archived: it can no longer be changed."), code="archived")
    return locked


@transaction.atomic
def event_update(*, actor, event: Event, data: dict, expected_version: int | None) -> Event:
    """Change an event; refused when someone saved it after the form was opened (`expected_version`)."""
    _require_editor(actor)
    locked = _locked_event(event)
    check_version(locked, expected_version)
    before = _event_snapshot(locked)
    for key in EVENT_FIELDS:
        if key in data:
            setattr(locked, key, data[key])
    errors: dict = {}
    validate_event(locked, errors)
    if locked.published_at is not None:
        _require_public_titles(locked, errors)
    _finish(locked, errors)
    locked.version += 1
    locked.save()
    old, new = audit.diff(before, _event_snapshot(locked))
    audit.record(actor=actor, action="promotion_event.update", obj=locked, before=old, after=new)
    return locked


def _require_public_titles(event: Event, errors: dict) -> None:
    for code in PUBLIC_LANGUAGES:
        if not (getattr(event, f"title_{code}") or "").strip():
            _add(
                errors,
                f"title_{code}",
                _("A public event has its title in Arabic, French and English: this one is missing."),
            )


@transaction.atomic
def event_publish(*, actor, event: Event, expected_version: int | None = None) -> Event:
    """Show the event on the portal. Its title must exist in Arabic, French and English."""
    _require_editor(actor)
    locked = _locked_event(event)
    if expected_version is not None:
        check_version(locked, expected_version)
    if locked.published_at is not None:
        raise ValidationError(_("This event is already on the portal."), code="published")
    errors: dict = {}
    _require_public_titles(locked, errors)
    if errors:
        raise ValidationError(
            _("Give the title in Arabic, French and English before publishing the event."),
            code="titles_missing",
        )
    locked.published_at = timezone.now()
    locked.version += 1
    locked.save(update_fields=["published_at", "version", "updated_at"])
    audit.record(
        actor=actor,
        action="promotion_event.publish",
        obj=locked,
        after={"published_at": locked.published_at.isoformat()},
    )
    return locked


@transaction.atomic
def event_unpublish(*, actor, event: Event, reason: str = "") -> Event:
    """Take the event off the portal; it stays in the unit's list."""
    _require_editor(actor)
    locked = _locked_event(event)
    if locked.published_at is None:
        raise ValidationError(_("This event is not on the portal."), code="not_published")
    before = {"published_at": locked.published_at.isoformat()}
    locked.published_at = None
    locked.version += 1
    locked.save(update_fields=["published_at", "version", "updated_at"])
    audit.record(
        actor=actor,
        action="promotion_event.unpublish",
        obj=locked,
        before=before,
        after={"published_at": None},
        reason=(reason or "").strip(),
    )
    return locked


@transaction.atomic
def event_archive(*, actor, event: Event, reason: str) -> Event:
    """Take the event out of the lists and off the portal, saying why. Never deleted: the row stays
    with its sponsors and their money."""
    _require_editor(actor)
    locked = _locked_event(event)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Say why the event is archived.")})
    locked.archived_at = timezone.now()
    locked.version += 1
    locked.save(update_fields=["archived_at", "version", "updated_at"])
    audit.record(
        actor=actor,
        action="promotion_event.archive",
        obj=locked,
        after={"archived_at": locked.archived_at.isoformat()},
        reason=reason,
    )
    return locked


# --- sponsorships ---------------------------------------------------------------------------------


def _sponsorship_snapshot(sponsorship: Sponsorship) -> dict:
    return audit.snapshot(sponsorship, fields=["event", *SPONSORSHIP_FIELDS])


def fingerprint(sponsorship: Sponsorship) -> str:
    """What the edit form carries to notice a change made meanwhile (the table has no version)."""
    snapshot = {
        key: f"{value:.2f}" if isinstance(value, Decimal) else value
        for key, value in _sponsorship_snapshot(sponsorship).items()
    }
    data = json.dumps(snapshot, sort_keys=True, default=str)
    return hashlib.sha256(data.encode()).hexdigest()[:16]


def carries_money(sponsorship: Sponsorship) -> bool:
    return bool(sponsorship.amount) or bool(sponsorship.in_kind_value)


def validate_sponsorship(sponsorship: Sponsorship, errors: dict) -> Decimal | None:
    """The rules of a sponsorship into `errors`; returns the cash in MAD when a rate is known."""
    for name in ("amount", "in_kind_value"):
        value = getattr(sponsorship, name)
        if value is None:
            setattr(sponsorship, name, Decimal(0))
            continue
        try:
            check_amount(Decimal(value), name)
        except ValidationError as exc:
            for message in exc.message_dict[name]:
                _add(errors, name, message)
            continue
        if value < 0:
            _add(errors, name, _("An amount given to the commune cannot be negative."))
    try:
        sponsorship.currency = check_currency(sponsorship.currency)
    except ValidationError as exc:
        for message in exc.message_dict["currency"]:
            _add(errors, "currency", message)
    if sponsorship.agreed_on is None:
        _add(errors, "agreed_on", _("Give the date the amount was agreed: its value date."))
    _check_year(sponsorship.agreed_on, "agreed_on", errors)
    sponsorship.in_kind = (sponsorship.in_kind or "").strip()
    sponsorship.given_back = (sponsorship.given_back or "").strip()
    if sponsorship.in_kind_value and "in_kind_value" not in errors and not sponsorship.in_kind:
        _add(errors, "in_kind", _("Say what the support in kind is: its value alone says nothing."))
    if (
        sponsorship.role == Sponsorship.Role.SPONSOR
        and not sponsorship.amount
        and not sponsorship.in_kind
        and "amount" not in errors
    ):
        _add(errors, "amount", _("A sponsor brings cash or support in kind: give one of them."))
    if errors or not sponsorship.amount:
        return Decimal(0) if not errors else None
    try:
        applied = rate_for(sponsorship.currency, sponsorship.agreed_on, field="agreed_on")
    except ValidationError:
        return None  # saved all the same: the MAD total says it is missing (event_totals)
    try:
        return check_computed(to_mad(sponsorship.amount, applied.rate), "amount")
    except ValidationError as exc:
        for message in exc.message_dict["amount"]:
            _add(errors, "amount", message)
        return None


def _check_unique(sponsorship: Sponsorship, errors: dict) -> None:
    taken = Sponsorship.objects.filter(
        event_id=sponsorship.event_id, organisation=sponsorship.organisation, role=sponsorship.role
    ).exclude(pk=sponsorship.pk)
    if sponsorship.organisation is not None and taken.exists():
        _add(
            errors,
            "organisation",
            _("This organisation already has this role at this event: change that line instead."),
        )


def _finish_sponsorship(sponsorship: Sponsorship, errors: dict) -> None:
    if sponsorship.organisation_id is None:
        _add(errors, "organisation", _("Choose the organisation from the list."))
    if sponsorship.role not in Sponsorship.Role.values:
        _add(errors, "role", _("Choose the role from the list."))
    if not errors:
        _check_unique(sponsorship, errors)
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def sponsorship_add(*, actor, event: Event, data: dict) -> Sponsorship:
    """Record what a partner brings to an event and what the commune gives back."""
    _require_editor(actor)
    locked = _locked_event(event)
    sponsorship = Sponsorship(event=locked, recorded_by=actor)
    for key in SPONSORSHIP_FIELDS:
        if key in data:
            setattr(sponsorship, key, data[key])
    errors: dict = {}
    validate_sponsorship(sponsorship, errors)
    _finish_sponsorship(sponsorship, errors)
    sponsorship.save()
    audit.record(
        actor=actor,
        action="promotion_sponsorship.add",
        obj=sponsorship,
        after=_sponsorship_snapshot(sponsorship),
    )
    return sponsorship


@transaction.atomic
def sponsorship_update(
    *, actor, sponsorship: Sponsorship, data: dict, expected_fingerprint: str | None
) -> Sponsorship:
    """Correct a sponsorship (the way money recorded wrong is put right: never by deleting it)."""
    _require_editor(actor)
    _locked_event(sponsorship.event)
    locked = Sponsorship.objects.select_for_update().get(pk=sponsorship.pk)
    if not expected_fingerprint or expected_fingerprint != fingerprint(locked):
        raise ConcurrentEdit(
            _(
                "Someone else changed this record while you were editing it. Nothing was saved. "
                "Open it again to see their changes, then make yours."
            ),
            code="concurrent_edit",
        )
    before = _sponsorship_snapshot(locked)
    for key in SPONSORSHIP_FIELDS:
        if key in data:
            setattr(locked, key, data[key])
    errors: dict = {}
    validate_sponsorship(locked, errors)
    _finish_sponsorship(locked, errors)
    locked.save()
    old, new = audit.diff(before, _sponsorship_snapshot(locked))
    audit.record(actor=actor, action="promotion_sponsorship.update", obj=locked, before=old, after=new)
    return locked


@transaction.atomic
def sponsorship_remove(*, actor, sponsorship: Sponsorship, reason: str) -> None:
    """Remove a line recorded by mistake that carries no money. One with cash or a value in kind is
    corrected instead (or hidden from the portal): money is never deleted."""
    _require_editor(actor)
    _locked_event(sponsorship.event)
    locked = Sponsorship.objects.select_for_update().get(pk=sponsorship.pk)
    if carries_money(locked):
        raise ValidationError(
            _(
                "This sponsorship carries money: it cannot be removed. Correct its amounts, or hide it "
                "from the portal."
            ),
            code="carries_money",
        )
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Say why this line is removed.")})
    audit.record(
        actor=actor,
        action="promotion_sponsorship.remove",
        obj=locked,
        before=_sponsorship_snapshot(locked),
        reason=reason,
    )
    locked.delete()


# --- totals ---------------------------------------------------------------------------------------


@dataclass
class Totals:
    """An event's sponsorships added up in MAD: cash (converted at each agreed_on date), in kind, and the
    cash that could not be converted for want of a rate (currency, date, amount)."""

    cash_mad: Decimal = Decimal(0)
    in_kind_mad: Decimal = Decimal(0)
    unconverted: list = field(default_factory=list)

    @property
    def total_mad(self) -> Decimal:
        return self.cash_mad + self.in_kind_mad

    @property
    def complete(self) -> bool:
        return not self.unconverted


def rates_for_list(sponsorships) -> dict:
    """{(currency, date): rate} for the foreign cash of `sponsorships`, read in one query with the rule
    of `rates.rate_for` (the latest rate on or before the date, at most MAX_RATE_AGE old)."""
    wanted = {(s.currency, s.agreed_on) for s in sponsorships if s.amount and s.currency != "MAD"}
    if not wanted:
        return {}
    earliest = min(day for _c, day in wanted) - MAX_RATE_AGE
    latest = max(day for _c, day in wanted)
    rows = list(
        ExchangeRate.objects.filter(
            currency__in={c for c, _d in wanted}, date__gte=earliest, date__lte=latest
        ).values_list("currency", "date", "rate")
    )
    found = {}
    for currency, day in wanted:
        candidates = [
            (date, rate) for c, date, rate in rows if c == currency and day - MAX_RATE_AGE <= date <= day
        ]
        if candidates:
            found[(currency, day)] = max(candidates, key=lambda pair: pair[0])[1]
    return found


def event_totals(sponsorships) -> Totals:
    """The MAD totals of these sponsorships (one query for the rates, none when all are in MAD)."""
    sponsorships = list(sponsorships)
    return event_totals_with(sponsorships, rates_for_list(sponsorships))


def event_totals_with(sponsorships, rates: dict) -> Totals:
    """The totals with the rates already read (`rates_for_list` once for a whole list page)."""
    totals = Totals()
    for s in sponsorships:
        totals.in_kind_mad += s.in_kind_value or Decimal(0)
        if not s.amount:
            continue
        if s.currency == "MAD":
            totals.cash_mad += s.amount
        elif (s.currency, s.agreed_on) in rates:
            totals.cash_mad += to_mad(s.amount, rates[(s.currency, s.agreed_on)])
        else:
            totals.unconverted.append((s.currency, s.agreed_on, s.amount))
    return totals


def missing_rate_message(currency: str, day: datetime.date) -> str:
    return _(
        "There is no exchange rate for %(currency)s on %(date)s or in the %(days)s days before: this cash "
        "is left out of the total in MAD until the finance officer enters that rate."
    ) % {"currency": currency, "date": day.isoformat(), "days": MAX_RATE_AGE.days}


def sponsorships_for_partner(user, organisation):
    """The sponsorships of an organisation for its page in the CRM (promotion.view only; None hides the
    section). One query, whatever their number."""
    if not can(user, "promotion.view"):
        return None
    return list(organisation.sponsorships.select_related("event").order_by("-event__starts_on", "id"))
