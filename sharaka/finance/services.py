"""Every change to money goes through these functions: check who, validate, write, audit, in one
transaction. Only the finance officer and the administrator write money (`finance.edit`)."""

import csv
import datetime
import io
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q, Sum
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from sharaka.core import audit, codelists, locks, uploads
from sharaka.core.dates import validate_date
from sharaka.core.money import check_amount, check_computed, check_rate
from sharaka.core.roles import can
from sharaka.core.services import check_version
from sharaka.finance import tally, totals
from sharaka.finance.models import LANGUAGES as REPORT_LANGUAGES
from sharaka.finance.models import (
    Account,
    BudgetLine,
    ExchangeRate,
    FinancialReport,
    Funder,
    Tranche,
    Transaction,
    TxType,
)
from sharaka.finance.rates import Refusal, check_currency, rate_for, to_mad
from sharaka.lib.money import format_amount, quantize
from sharaka.lib.text import clean_text
from sharaka.projects import figures
from sharaka.projects.models import Project

# Decree 2-22-431: purchase orders up to MAD 500,000 incl. tax per year and nature (art. 91);
# simplified tender up to MAD 1,000,000 excl. tax; national tender up to 10 M (works) or 1 M.
PURCHASE_ORDER_CEILING = Decimal("500000.00")
SIMPLIFIED_CEILING = Decimal("1000000.00")
NATIONAL_CEILING = {
    "works": Decimal("10000000.00"),
    "supplies": Decimal("1000000.00"),
    "services": Decimal("1000000.00"),
}
# Who the commune is on a transaction, in the reader's language (the agreements' letterhead says the same).
COMMUNE_NAME = gettext_lazy("Commune of Aourir")
# Incoming money may arrive after the planned end (the last 20 % is often paid on the final report).
INCOMING_GRACE = datetime.timedelta(days=365)


def require_finance_edit(actor) -> None:
    if not can(actor, "finance.edit"):
        raise PermissionDenied(_("Only the finance officer records money."))


def _positive(value, field: str) -> Decimal:
    try:
        amount = Decimal(value)
    except (InvalidOperation, TypeError, ValueError):
        raise Refusal({field: _("Enter an amount such as 1250.50.")}, code="invalid_amount") from None
    if not amount.is_finite() or amount <= 0:
        raise Refusal({field: _("The amount must be greater than zero.")}, code="not_positive")
    if amount != quantize(amount):
        raise Refusal({field: _("Amounts have at most two decimals.")}, code="too_precise")
    return check_amount(amount, field)


def _not_negative(value, field: str) -> Decimal:
    try:
        amount = Decimal(value or 0)
    except (InvalidOperation, TypeError, ValueError):
        raise Refusal({field: _("Enter an amount such as 1250.50.")}, code="invalid_amount") from None
    if amount.is_finite() and amount < 0:
        raise Refusal({field: _("The amount cannot be negative.")}, code="negative")
    check_amount(amount, field)
    if amount != quantize(amount):
        raise Refusal({field: _("Amounts have at most two decimals.")}, code="too_precise")
    return amount


# --- exchange rates ------------------------------------------------------------------------------


@transaction.atomic
def rate_set(
    *, actor, currency: str, date: datetime.date, rate, source: str, is_illustrative=False
) -> ExchangeRate:
    """Enter or correct a dated rate. Transactions keep the rate they were recorded with: nothing reported moves."""
    require_finance_edit(actor)
    currency = check_currency(currency)
    if currency == "MAD":
        raise Refusal({"currency": _("The dirham needs no rate.")}, code="mad_rate")
    try:
        rate = Decimal(rate)
    except (InvalidOperation, TypeError, ValueError):
        raise Refusal({"rate": _("Enter a rate such as 10.8532.")}) from None
    if not rate.is_finite() or rate <= 0:
        raise Refusal({"rate": _("The rate must be greater than zero.")}, code="not_positive")
    check_rate(rate)
    if not (source or "").strip():
        raise Refusal({"source": _("Say where the rate comes from.")}, code="no_source")
    existing = ExchangeRate.objects.select_for_update().filter(currency=currency, date=date).first()
    before = audit.snapshot(existing, ["rate", "source"]) if existing else None
    obj = existing or ExchangeRate(currency=currency, date=date, created_by=actor)
    obj.rate, obj.source, obj.is_illustrative = rate, source.strip(), is_illustrative
    obj.full_clean(validate_unique=False)
    counted = figures.rate_before(currency, date)  # the commitments this rate applies to (projects/mad.py)
    obj.save()
    figures.after(counted)
    audit.record(
        actor=actor,
        action="rate.update" if existing else "rate.create",
        obj=obj,
        before=before,
        after=audit.snapshot(obj, ["currency", "date", "rate", "source"]),
    )
    return obj


@transaction.atomic
def rates_import_csv(*, actor, text: str) -> int:
    """Lines `currency,date,rate,source` (a header line is allowed). All or nothing."""
    require_finance_edit(actor)
    try:
        rows = [[clean_text(cell) for cell in row] for row in csv.reader(io.StringIO(text))]
    except csv.Error:  # a cell longer than the csv module's limit, a broken quote
        raise Refusal(_("This file cannot be read as CSV."), code="import_refused") from None
    if rows and rows[0] and rows[0][0].strip().lower() == "currency":
        rows = rows[1:]
    errors, count = [], 0
    for number, row in enumerate(rows, start=1):
        if not any(cell.strip() for cell in row):
            continue
        try:
            if len(row) < 4:
                raise Refusal(_("Four columns are expected: currency, date, rate, source."))
            date = parse_date(row[1])
            with transaction.atomic():
                rate_set(actor=actor, currency=row[0], date=date, rate=row[2].strip(), source=row[3])
            count += 1
        except ValidationError as error:
            errors.append(_("Line %(n)s: %(error)s") % {"n": number, "error": " ".join(_messages(error))})
    if errors:
        raise Refusal(errors, code="import_refused")
    return count


def parse_date(value) -> datetime.date:
    """A date from an imported file: ISO written (2026-03-31) or a spreadsheet's date, within the bounds."""
    if isinstance(value, datetime.datetime):
        value = value.date()
    if not isinstance(value, datetime.date):
        try:
            value = datetime.date.fromisoformat(str(value).strip())
        except ValueError:
            raise Refusal(_("“%(value)s” is not a date like 2026-03-31.") % {"value": value}) from None
    validate_date(value)
    return value


def _messages(error: ValidationError) -> list[str]:
    if hasattr(error, "error_dict"):
        return [m for messages in error.message_dict.values() for m in messages]
    return list(error.messages)


# --- co-financing plan and budget ----------------------------------------------------------------


@transaction.atomic
def funder_set(
    *,
    actor,
    project: Project,
    data: dict,
    funder: Funder | None = None,
    expected_version: int | None = None,
) -> Funder:
    """Add or change a row of the co-financing plan; foreign pledges are valued at the rate of `rate_on`.
    A change names the version the form was opened on (`expected_version`): a concurrent edit is refused."""
    require_finance_edit(actor)
    if funder is not None:
        obj = Funder.objects.select_for_update().get(pk=funder.pk, project=project)
        check_version(obj, expected_version)
        before = audit.snapshot(obj)
        obj.version += 1
        was = (obj.organisation_id, obj.name)
    else:
        obj, before, was = Funder(project=project), None, None
    obj.kind = data["kind"]
    obj.organisation = data.get("organisation")
    obj.name = (data.get("name") or "").strip()
    if obj.kind == Funder.Kind.PARTNER and obj.organisation is None:
        raise Refusal({"organisation": _("Choose the partner organisation.")})
    if not obj.organisation and not obj.name:
        raise Refusal({"name": _("Give the funder's name.")})
    obj.currency = check_currency(data.get("currency") or "MAD")
    obj.cash = _not_negative(data.get("cash"), "cash")
    obj.in_kind = _not_negative(data.get("in_kind"), "in_kind")
    if obj.cash + obj.in_kind <= 0:
        raise Refusal({"cash": _("A funder brings something: cash, in kind or both.")})
    rate_on = data.get("rate_on") or project.planned_start or timezone.localdate()
    applied = rate_for(obj.currency, rate_on, field="currency")
    obj.rate, obj.rate_date = applied.rate, applied.date
    obj.cash_mad = check_computed(to_mad(obj.cash, obj.rate), "cash")
    obj.in_kind_mad = check_computed(to_mad(obj.in_kind, obj.rate), "in_kind")
    obj.save()
    audit.record(
        actor=actor,
        action="funder.update" if funder else "funder.create",
        obj=obj,
        before=before,
        after=audit.snapshot(obj),
    )
    if was is not None:  # after the ledger's lock: its money moves to the partner's new total
        totals.funder_moved(obj, *was)
    return obj


@transaction.atomic
def budget_line_set(
    *,
    actor,
    project: Project,
    category: str,
    funder: Funder,
    amount_mad,
    description: str = "",
    line: BudgetLine | None = None,
    expected_version: int | None = None,
) -> BudgetLine:
    require_finance_edit(actor)
    if category not in BudgetLine.Category.values:
        raise Refusal({"category": _("Choose a budget category.")})
    if funder.project_id != project.pk:
        raise Refusal({"funder": _("This funder is not in the project's co-financing plan.")})
    amount = _positive(amount_mad, "amount_mad")
    if line is not None:
        obj = BudgetLine.objects.select_for_update().get(pk=line.pk, project=project)
        check_version(obj, expected_version)
        if (
            BudgetLine.objects.filter(project=project, category=category, funder=funder)
            .exclude(pk=obj.pk)
            .exists()
        ):
            raise Refusal(
                {"category": _("This funder already has a line in this category.")}, code="duplicate_line"
            )
        before = audit.snapshot(obj)
        obj.version += 1
    else:
        obj = (
            BudgetLine.objects.select_for_update()
            .filter(project=project, category=category, funder=funder)
            .first()
        )
        before = audit.snapshot(obj) if obj else None
        if obj:
            obj.version += 1
        else:
            obj = BudgetLine(project=project)
    obj.category, obj.funder, obj.amount_mad, obj.description = category, funder, amount, description.strip()
    obj.full_clean(exclude=["project", "funder"])
    obj.save()
    audit.record(actor=actor, action="budget_line.set", obj=obj, before=before, after=audit.snapshot(obj))
    return obj


@transaction.atomic
def account_open(*, actor, kind: str, name: str, reference: str, opened_on: datetime.date) -> Account:
    require_finance_edit(actor)
    account = Account(kind=kind, name=name.strip(), reference=reference.strip(), opened_on=opened_on)
    account.full_clean()
    account.save()
    audit.record(actor=actor, action="account.open", obj=account, after=audit.snapshot(account))
    return account


@transaction.atomic
def tranche_plan(
    *,
    actor,
    project: Project,
    funder: Funder,
    expected_on: datetime.date,
    amount,
    currency: str,
    note: str = "",
    owner=None,
) -> Tranche:
    """Plan a tranche by hand. Its owner (who chases it) is the project's manager unless named."""
    require_finance_edit(actor)
    if funder.project_id != project.pk:
        raise Refusal({"funder": _("This funder is not in the project's co-financing plan.")})
    tranche = Tranche(
        project=project,
        funder=funder,
        expected_on=expected_on,
        currency=check_currency(currency),
        amount=_positive(amount, "amount"),
        note=note.strip(),
        owner=owner or project.manager,
    )
    tranche.save()
    audit.record(actor=actor, action="tranche.plan", obj=tranche, after=audit.snapshot(tranche))
    return tranche


TRANCHE_FIELDS = ["funder", "expected_on", "currency", "amount", "note", "owner", "obligation"]


@transaction.atomic
def tranche_set(
    *,
    actor,
    tranche: Tranche,
    funder: Funder,
    expected_on: datetime.date,
    amount,
    currency: str,
    note: str = "",
    owner=None,
    expected_version: int | None = None,
) -> Tranche:
    """Change a planned tranche. A tranche generated from an agreement keeps the obligation's due
    date (change it on the agreement); once money was received against it, only its note and owner
    change."""
    require_finance_edit(actor)
    obj = Tranche.objects.select_for_update().get(pk=tranche.pk)
    check_version(obj, expected_version)
    if funder.project_id != obj.project_id:
        raise Refusal({"funder": _("This funder is not in the project's co-financing plan.")})
    before = audit.snapshot(obj, TRANCHE_FIELDS)
    currency, amount = check_currency(currency), _positive(amount, "amount")
    if obj.obligation_id and expected_on != obj.expected_on:
        raise Refusal(
            {
                "expected_on": _(
                    "This tranche comes from an obligation of the agreement: its date is the "
                    "obligation's due date. Change it on the agreement."
                )
            },
            code="date_from_agreement",
        )
    received = obj.receipts.exists()
    if received and (funder.pk, currency, amount) != (obj.funder_id, obj.currency, obj.amount):
        raise Refusal(
            _("Money was received against this tranche: its funder, currency and amount stay as they were."),
            code="received",
        )
    if expected_on != obj.expected_on:
        obj.late_stage_sent = 0  # a new date: late again means a new reminder
    obj.funder, obj.expected_on, obj.currency, obj.amount = funder, expected_on, currency, amount
    obj.note, obj.owner = note.strip(), owner
    obj.version += 1
    obj.save()
    old, new = audit.diff(before, audit.snapshot(obj, TRANCHE_FIELDS))
    audit.record(actor=actor, action="tranche.update", obj=obj, before=old, after=new)
    return obj


@transaction.atomic
def tranche_remove(*, actor, tranche: Tranche) -> None:
    """Remove a planned tranche nobody paid against. One generated from an agreement goes only once
    its obligation is cancelled there (otherwise the next generation would bring it back)."""
    require_finance_edit(actor)
    obj = Tranche.objects.select_for_update(of=("self",)).select_related("obligation").get(pk=tranche.pk)
    if obj.receipts.exists():
        raise Refusal(
            _("Money was received against this tranche: it stays in the books."), code="has_transactions"
        )
    if obj.obligation_id and obj.obligation.state != obj.obligation.State.CANCELLED:
        raise Refusal(
            _("This tranche comes from an obligation of the agreement: cancel the obligation there first."),
            code="from_agreement",
        )
    audit.record(actor=actor, action="tranche.remove", obj=obj, before=audit.snapshot(obj, TRANCHE_FIELDS))
    obj.delete()


@transaction.atomic
def budget_line_remove(*, actor, line: BudgetLine) -> None:
    """Remove a budget line that no transaction uses; money used on a line is never deleted."""
    require_finance_edit(actor)
    obj = BudgetLine.objects.select_for_update().get(pk=line.pk)
    if obj.transactions.exists():
        raise Refusal(
            _("Transactions were recorded on this line: it cannot be removed. Set its amount instead."),
            code="has_transactions",
        )
    audit.record(actor=actor, action="budget_line.remove", obj=obj, before=audit.snapshot(obj))
    obj.delete()


@transaction.atomic
def funder_remove(*, actor, funder: Funder) -> None:
    """Remove a row of the co-financing plan that carries nothing yet: no money, lines, tranches or reports."""
    require_finance_edit(actor)
    obj = Funder.objects.select_for_update().get(pk=funder.pk)
    if obj.transactions.exists() or obj.reports.exists():
        raise Refusal(
            _("Money was recorded or reported for this funder: it stays in the co-financing plan."),
            code="has_transactions",
        )
    if obj.lines.exists() or obj.tranches.exists():
        raise Refusal(_("Remove this funder's budget lines and tranches first."), code="has_lines")
    audit.record(actor=actor, action="funder.remove", obj=obj, before=audit.snapshot(obj))
    obj.delete()


# --- tranches from an agreement ------------------------------------------------------------------


@dataclass
class FromAgreement:
    """What `tranches_from_agreement` did: tranches created, tranches whose date followed the
    agreement, and why some obligations gave no tranche (translated sentences)."""

    created: list = field(default_factory=list)
    moved: list = field(default_factory=list)
    skipped: list = field(default_factory=list)


def _split_evenly(total: Decimal, count: int) -> list[Decimal]:
    """`count` parts to the centime that add up to `total` exactly; the last takes the remainder."""
    part = quantize(total / count)
    return [part] * (count - 1) + [total - part * (count - 1)]


def _funder_for_party(actor, project: Project, agreement, party, covers_one: bool, skipped: list):
    if party.organisation_id:
        funder = project.finance_funders.filter(organisation_id=party.organisation_id).first()
    else:
        funder = project.finance_funders.filter(kind=Funder.Kind.COMMUNE).first()
    if funder is not None or not covers_one:
        if funder is None:
            skipped.append(
                _(
                    "%(party)s is not in the co-financing plan: the agreement covers several projects, "
                    "so add this project's share first."
                )
                % {"party": party}
            )
        return funder
    # The agreement covers this project alone: the party's commitment is the project's.
    return funder_set(
        actor=actor,
        project=project,
        data={
            "kind": Funder.Kind.PARTNER if party.organisation_id else Funder.Kind.COMMUNE,
            "organisation": party.organisation,
            "name": "" if party.organisation_id else str(party),
            "currency": party.currency,
            "cash": party.cash_amount,
            "in_kind": party.in_kind_value or 0,
            "rate_on": min(agreement.starts_on or timezone.localdate(), timezone.localdate()),
        },
    )


@transaction.atomic
def tranches_from_agreement(*, actor, project: Project, agreement) -> FromAgreement:
    """Plan the project's tranches from the agreement's tranche calls (obligations of kind "tranche").

    One tranche per (project, obligation): the obligation gives the date, the party (hence the
    funder) and the owner; the funder's cash in the plan is split evenly over the party's tranche
    calls. Running it again creates nothing new: it only moves a tranche whose obligation's due
    date changed. A party missing from the plan is added from its commitment when the agreement
    covers this project alone."""
    from sharaka.agreements.models import Obligation

    require_finance_edit(actor)
    project = Project.objects.select_for_update().get(pk=project.pk)  # one run at a time per project
    if not agreement.projects.filter(pk=project.pk).exists():
        raise Refusal(_("This agreement does not cover this project."), code="not_covered")
    covers_one = agreement.projects.count() == 1
    calls = list(
        agreement.obligations.filter(kind=Obligation.Kind.TRANCHE)
        .exclude(state=Obligation.State.CANCELLED)
        .select_related("party__organisation", "owner")
        .order_by("due_on", "id")
    )
    if not calls:
        raise Refusal(_("This agreement has no tranche call among its obligations."), code="no_calls")
    existing = {
        t.obligation_id: t
        for t in Tranche.objects.select_for_update().filter(project=project, obligation__in=calls)
    }
    out = FromAgreement()
    by_party: dict = {}
    for call in calls:
        by_party.setdefault(call.party_id, []).append(call)
    for party_calls in by_party.values():
        party = party_calls[0].party
        if party is None or not party.cash_amount:
            out.skipped.extend(
                _("%(what)s: no party bringing cash is named on it.") % {"what": call.title}
                for call in party_calls
                if call.pk not in existing
            )
            continue
        funder = None
        if any(call.pk not in existing for call in party_calls):
            funder = _funder_for_party(actor, project, agreement, party, covers_one, out.skipped)
            if funder is not None and not funder.cash:
                out.skipped.append(
                    _("%(funder)s brings no cash in this project's plan.") % {"funder": funder}
                )
                funder = None
        amounts = _split_evenly(funder.cash, len(party_calls)) if funder else []
        for i, call in enumerate(party_calls):
            tranche = existing.get(call.pk)
            if tranche is not None:
                if tranche.expected_on != call.due_on:
                    before = {"expected_on": tranche.expected_on}
                    tranche.expected_on, tranche.late_stage_sent = call.due_on, 0
                    tranche.version += 1
                    tranche.save(update_fields=["expected_on", "late_stage_sent", "version"])
                    audit.record(
                        actor=actor,
                        action="tranche.update",
                        obj=tranche,
                        before=before,
                        after={"expected_on": call.due_on},
                        reason=_("The agreement's obligation changed its due date."),
                    )
                    out.moved.append(tranche)
                continue
            if funder is None:
                continue
            tranche = Tranche.objects.create(
                project=project,
                funder=funder,
                obligation=call,
                expected_on=call.due_on,
                currency=funder.currency,
                amount=amounts[i],
                note=call.title[:200],
                owner=call.owner or project.manager,
            )
            audit.record(
                actor=actor,
                action="tranche.plan",
                obj=tranche,
                after=audit.snapshot(tranche, TRANCHE_FIELDS),
                reason=_("From agreement %(agreement)s") % {"agreement": agreement},
            )
            out.created.append(tranche)
    return out


# --- transactions --------------------------------------------------------------------------------


def project_life(project: Project) -> tuple[datetime.date | None, datetime.date | None]:
    return (project.actual_start or project.planned_start, project.actual_end or project.planned_end)


def check_value_date(project: Project, type_: str, value_date: datetime.date) -> None:
    """Spending happens within the project's life; incoming money may come before it starts and up
    to a year after it ends (final tranches are paid on the final report)."""
    start, end = project_life(project)
    incoming = type_ in TxType.INCOMING
    too_early = start and not incoming and value_date < start
    too_late = end and value_date > (end + INCOMING_GRACE if incoming else end)
    if too_early or too_late:
        raise Refusal(
            {
                "value_date": _(
                    "The value date %(date)s is outside the project's life (%(start)s to %(end)s)."
                )
                % {
                    "date": value_date.isoformat(),
                    "start": start.isoformat() if start else "…",
                    "end": end.isoformat() if end else "…",
                }
            },
            code="outside_project",
        )


def check_not_locked(project: Project, value_date: datetime.date) -> None:
    report = FinancialReport.objects.filter(
        project=project, period_start__lte=value_date, period_end__gte=value_date
    ).first()
    if report:
        raise Refusal(
            {
                "value_date": _(
                    "The period %(start)s to %(end)s was reported and is locked. Record a correction "
                    "as a reversal dated after it."
                )
                % {"start": report.period_start.isoformat(), "end": report.period_end.isoformat()}
            },
            code="locked",
        )


def check_procurement(tx: Transaction) -> None:
    """Thresholds of decree 2-22-431 (morocco.md 2.3) on commitments and payments with a procedure.
    When the donor's own procurement rules apply (art. 3), the decree's thresholds do not."""
    if not tx.procedure:
        return
    if not tx.nature:
        raise Refusal({"nature": _("Say whether the purchase is works, supplies or services.")})
    if tx.donor_rules:
        return
    excl_tax = tx.amount_excl_tax_mad if tx.amount_excl_tax_mad is not None else tx.amount_mad
    P = Transaction.Procedure
    if tx.procedure == P.PURCHASE_ORDER:
        # The ceiling is the commune's, across projects: one writer at a time sums it (core/locks.py).
        locks.hold("purchase_order_ceiling", tx.nature, tx.type, tx.value_date.year)
        year_total = Transaction.objects.filter(
            procedure=P.PURCHASE_ORDER,
            nature=tx.nature,
            type=tx.type,
            value_date__year=tx.value_date.year,
            donor_rules=False,
        ).aggregate(total=Sum("amount_mad"))["total"] or Decimal(0)
        if year_total + tx.amount_mad > PURCHASE_ORDER_CEILING:
            raise Refusal(
                {
                    "procedure": _(
                        "Purchase orders of this nature would reach %(total)s MAD including tax in %(year)s, "
                        "above the ceiling of 500,000 MAD a year (decree 2-22-431, art. 91)."
                    )
                    % {"total": year_total + tx.amount_mad, "year": tx.value_date.year}
                },
                code="purchase_order_ceiling",
            )
    elif tx.procedure == P.SIMPLIFIED and excl_tax > SIMPLIFIED_CEILING:
        raise Refusal(
            {"procedure": _("A simplified tender is allowed up to 1,000,000 MAD excluding tax.")},
            code="simplified_ceiling",
        )
    elif tx.procedure == P.OPEN_TENDER and not tx.international and excl_tax > NATIONAL_CEILING[tx.nature]:
        raise Refusal(
            {
                "international": _(
                    "Above %(ceiling)s MAD excluding tax, this purchase needs an international tender "
                    "(decree 2-22-431, art. 19)."
                )
                % {"ceiling": NATIONAL_CEILING[tx.nature]}
            },
            code="national_ceiling",
        )


def _check_special_account(tx: Transaction) -> None:
    """A special account spends no more than it has received: checked with the account row locked.
    A payment lowers the balance, and so does the reversal of a receipt."""
    effect = tx.amount_mad if tx.type in TxType.RECEIVED else -tx.amount_mad if tx.type in TxType.PAID else 0
    if tx.account_id is None or effect >= 0:
        return
    account = Account.objects.select_for_update().get(pk=tx.account_id)
    if not account.is_special:
        return
    sums = account.totals.aggregate(  # the kept totals per account and type (totals.py)
        received=Sum("amount_mad", filter=Q(type__in=TxType.RECEIVED)),
        spent=Sum("amount_mad", filter=Q(type__in=TxType.PAID)),
    )
    balance = (sums["received"] or Decimal(0)) - (sums["spent"] or Decimal(0))
    if balance + effect < 0:
        raise Refusal(
            {
                "amount": _(
                    "The special account %(account)s holds %(balance)s MAD: it cannot pay %(amount)s MAD "
                    "(payment credits only within the revenue actually collected, art. 171)."
                )
                % {"account": account, "balance": balance, "amount": -effect}
            },
            code="overdraft",
        )


TX_FIELDS = [
    "type",
    "funder",
    "budget_line",
    "account",
    "tranche",
    "provider",
    "receiver",
    "value_date",
    "currency",
    "amount",
    "rate",
    "rate_date",
    "rate_source",
    "amount_mad",
    "reference",
    "description",
    "document",
    "procedure",
    "nature",
    "amount_excl_tax_mad",
    "international",
    "procurement_reference",
    "donor_rules",
    "reverses",
    "reason",
]


def fill_parties(data: dict) -> dict:
    """Provider and receiver left empty, filled from the funder and the commune (a copy of `data`).

    Incoming money comes from the funder (the tranche's, when only a tranche is named) to the commune;
    a commitment, disbursement or expenditure comes from the commune, its receiver (the supplier)
    stays the user's to name. What the user typed is kept."""
    data = dict(data)
    type_ = str(data.get("type") or "")
    funder = data.get("funder")
    if funder is None and data.get("tranche") is not None and type_ in TxType.RECEIVED:
        funder = data["funder"] = data["tranche"].funder
    commune = str(COMMUNE_NAME)
    if type_ in TxType.INCOMING:
        defaults = {"provider": funder.display_name if funder is not None else "", "receiver": commune}
    elif type_ in TxType.OUTGOING:
        defaults = {"provider": commune}
    else:
        defaults = {}
    for key, value in defaults.items():
        if not (data.get(key) or "").strip() and value:
            data[key] = value
    return data


def _check_tranche(tx: Transaction) -> None:
    """A receipt named against a tranche settles it, partly or fully: same project, same funder,
    incoming funds only, in the tranche's currency, no more than is still due. The tranche's row is
    locked (after the project's) so that two receipts cannot both take what is due."""
    if tx.tranche_id is None:
        return
    from sharaka.finance.queries import with_receipt

    if tx.type not in TxType.RECEIVED:
        raise Refusal(
            {"tranche": _("Only incoming funds settle a tranche: leave the tranche empty.")},
            code="tranche_not_incoming",
        )
    tranche = (
        Tranche.objects.select_for_update(of=("self",))
        .select_related("funder__organisation")
        .get(pk=tx.tranche_id)
    )
    if tranche.project_id != tx.project_id:
        raise Refusal({"tranche": _("This tranche belongs to another project.")}, code="tranche_project")
    if tx.funder_id != tranche.funder_id:
        raise Refusal(
            {
                "tranche": _(
                    "This tranche is expected from %(funder)s: choose that funder or another tranche."
                )
                % {"funder": tranche.funder.display_name}
            },
            code="tranche_funder",
        )
    if tx.currency != tranche.currency:
        raise Refusal(
            {
                "currency": _(
                    "This tranche is in %(currency)s: record its receipt in %(currency)s (the rate of "
                    "the value date turns it into dirhams)."
                )
                % {"currency": tranche.currency}
            },
            code="tranche_currency",
        )
    received = with_receipt(Tranche.objects.filter(pk=tranche.pk)).values_list("received_amount", flat=True)
    due = tranche.amount - received.get()
    if due <= 0:
        raise Refusal({"tranche": _("This tranche was already received in full.")}, code="tranche_received")
    if tx.amount > due:
        raise Refusal(
            {
                "amount": _("Only %(due)s is still due on this tranche.")
                % {"due": format_amount(due, tranche.currency, translation.get_language())}
            },
            code="tranche_overpaid",
        )


@transaction.atomic
def transaction_record(*, actor, project: Project, data: dict) -> Transaction:
    """Record one transaction: the rate of its value date is looked up and stored with it. Provider
    and receiver left empty are filled from the funder and the commune (`fill_parties`); a receipt
    may name the tranche it settles (`_check_tranche`)."""
    require_finance_edit(actor)
    data = fill_parties(data)
    type_ = str(data.get("type") or "")
    if not codelists.is_code("TransactionType", type_):
        raise Refusal({"type": _("Choose an IATI transaction type.")}, code="unknown_type")
    currency = check_currency(data.get("currency"))
    amount = _positive(data.get("amount"), "amount")
    value_date = data.get("value_date")
    if not isinstance(value_date, datetime.date):
        raise Refusal({"value_date": _("Give the value date.")})
    # The project row first, as report_issue does: no report can lock the period until this commits.
    Project.objects.select_for_update().get(pk=project.pk)
    check_value_date(project, type_, value_date)
    check_not_locked(project, value_date)
    if data.get("document"):
        checked = uploads.check(data["document"], uploads.SUPPORTING_DOCUMENT, field="document")
        data["document"].name = checked.name
    for key in ("funder", "budget_line"):
        obj = data.get(key)
        if obj is not None and obj.project_id != project.pk:
            raise Refusal({key: _("This belongs to another project.")})
    applied = rate_for(currency, value_date)
    tx = Transaction(
        project=project,
        type=type_,
        currency=currency,
        amount=amount,
        value_date=value_date,
        rate=applied.rate,
        rate_date=applied.date,
        rate_source=applied.source,
        amount_mad=check_computed(to_mad(amount, applied.rate), "amount"),
        recorded_by=actor,
        **{
            k: data[k]
            for k in TX_FIELDS
            if k in data
            and k not in {"type", "currency", "amount", "value_date"}
            and k not in {"rate", "rate_date", "rate_source", "amount_mad", "reverses"}
        },
    )
    tx.provider = (tx.provider or "").strip()
    tx.receiver = (tx.receiver or "").strip()
    if not tx.provider or not tx.receiver:
        raise Refusal({"provider": _("Name who provides the money and who receives it.")})
    if tx.procedure and type_ not in TxType.OUTGOING:
        raise Refusal({"procedure": _("A procurement procedure belongs to a commitment or a payment.")})
    if tx.amount_excl_tax_mad is not None:
        tx.amount_excl_tax_mad = _positive(tx.amount_excl_tax_mad, "amount_excl_tax_mad")
    check_procurement(tx)
    _check_special_account(tx)
    call = _lock_tranche_call(tx)
    _check_tranche(tx)
    tx.save()
    audit.record(actor=actor, action="transaction.record", obj=tx, after=audit.snapshot(tx, TX_FIELDS))
    tally.add(tx)
    _settle_tranche_call(actor, call)
    return tx


@transaction.atomic
def transaction_reverse(*, actor, tx: Transaction, reason: str, value_date: datetime.date) -> Transaction:
    """A correction is the exact opposite entry, at the original's rate, with a reason; never an edit."""
    require_finance_edit(actor)
    # The project row before the transaction's, in report_issue's order (it locks both, project first).
    Project.objects.select_for_update().get(pk=tx.project_id)
    original = Transaction.objects.select_for_update().get(pk=tx.pk)
    if not (reason or "").strip():
        raise Refusal({"reason": _("Say why this transaction is reversed.")})
    if original.reverses_id is not None:
        raise Refusal(_("A reversal cannot itself be reversed: record a new transaction."))
    if Transaction.objects.filter(reverses=original).exists():
        raise Refusal(_("This transaction was already reversed."))
    check_not_locked(original.project, value_date)
    reversal = Transaction(
        project=original.project,
        type=original.type,
        funder=original.funder,
        budget_line=original.budget_line,
        account=original.account,
        provider=original.provider,
        receiver=original.receiver,
        value_date=value_date,
        currency=original.currency,
        amount=-original.amount,
        rate=original.rate,
        rate_date=original.rate_date,
        rate_source=original.rate_source,
        amount_mad=-original.amount_mad,
        reference=original.reference,
        reverses=original,
        reason=reason.strip(),
        recorded_by=actor,
    )
    _check_special_account(reversal)
    call = _lock_tranche_call(original)
    reversal.save()
    audit.record(
        actor=actor,
        action="transaction.reverse",
        obj=reversal,
        after=audit.snapshot(reversal, TX_FIELDS),
        reason=reversal.reason,
    )
    tally.add(reversal)
    _settle_tranche_call(actor, call)
    return reversal


def _lock_tranche_call(tx: Transaction):
    """The agreement's tranche call a receipt may settle, locked before the ledger's lock is taken:
    marking the call done from the agreement locks the call's row, then the ledger; taking them in the
    other order here could deadlock two such requests on PostgreSQL. None when there is no such call."""
    if tx.tranche_id is None or tx.type not in TxType.RECEIVED:
        return None
    from sharaka.agreements.models import Obligation

    calls = Obligation.objects.select_for_update(of=("self",)).filter(finance_tranches__pk=tx.tranche_id)
    return calls.order_by().first()


def _settle_tranche_call(actor, call) -> None:
    """Keep the agreement's tranche call in step with the money: done once every tranche planned from
    it has been received, open again if a receipt is reversed. Otherwise the agreements' reminders
    would tell the owner that a call was missed when the money is already at the Treasury."""
    if call is None or call.state == call.State.CANCELLED:
        return
    from sharaka.agreements import services as agreements_services
    from sharaka.finance.queries import with_receipt

    received = all(t.received for t in with_receipt(Tranche.objects.filter(obligation=call)))
    wanted = call.State.DONE if received else call.State.OPEN
    if call.state != wanted:
        agreements_services.obligation_set_state(actor=actor, obligation=call, state=wanted)


# --- reports -------------------------------------------------------------------------------------


@transaction.atomic
def report_issue(
    *,
    actor,
    project: Project,
    funder: Funder,
    period_start: datetime.date,
    period_end: datetime.date,
    language: str = "",
    narrative: str = "",
    certifier_name: str = "",
    certifier_function: str = "",
) -> FinancialReport:
    """Issue a donor financial report: the project's transactions of the period are locked from now on.

    The language (empty: the funder's working language, else Arabic), the narrative and who
    certifies it are stored with the report, so that it reads the same whoever downloads it."""
    require_finance_edit(actor)
    if funder.project_id != project.pk:
        raise Refusal({"funder": _("This funder is not in the project's co-financing plan.")})
    if period_end < period_start:
        raise Refusal({"period_end": _("The period cannot end before it starts.")})
    language = language or default_report_language(funder)
    if language not in dict(REPORT_LANGUAGES):
        raise Refusal({"language": _("Choose Arabic, French or English.")})
    Project.objects.select_for_update().get(pk=project.pk)  # one issuer at a time per project
    report = FinancialReport.objects.create(
        project=project,
        funder=funder,
        period_start=period_start,
        period_end=period_end,
        issued_by=actor,
        language=language,
        narrative=(narrative or "").strip(),
        certifier_name=(certifier_name or "").strip(),
        certifier_function=(certifier_function or "").strip(),
    )
    locked = Transaction.objects.filter(
        project=project, value_date__gte=period_start, value_date__lte=period_end, locked_by__isnull=True
    ).update(locked_by=report)
    audit.record(
        actor=actor,
        action="report.issue",
        obj=report,
        after={
            **audit.snapshot(
                report,
                ["project", "funder", "period_start", "period_end", "language", "certifier_name"],
            ),
            "locked": locked,
        },
    )
    return report


def default_report_language(funder: Funder) -> str:
    """The language a funder's report is written in unless the issuer chooses another: the working
    language of its organisation, else Arabic (the commune's own shares and national sources)."""
    org = funder.organisation if funder.organisation_id else None
    language = getattr(org, "working_language", "") or ""
    return language if language in dict(REPORT_LANGUAGES) else "ar"
