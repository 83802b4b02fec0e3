"""Importing another publisher's IATI activity file: all or nothing, idempotent, reported.

`import_file(run, source, actor=...)` reads the file with `reading.ActivityFile` (streamed, hostile
XML refused before anything is read) and writes its activities in chunks, inside one transaction:
a file either lands whole or leaves nothing behind (a refusal or an error rolls everything back, and
the run keeps only its report).

For each activity, by its identifier:
- new: created;
- held with the same last-updated date (or, when the publisher gives none, the same content):
  nothing changes ("unchanged");
- held with an older date: replaced, and the change recorded in the ledger ("updated");
- held with a newer date than the file's: left as it is ("older");
- twice in the file, or without a reporting organisation: skipped, with its reason.

Amounts and dates outside what Sharaka keeps (lib.money bounds, core.dates bounds: a 16-digit sum,
year 9999) are left out and reported. Each amount is converted to dirhams at the latest rate on or
before its value date, no older than finance.rates.MAX_RATE_AGE, from the rates the finance officer
keeps; where there is none the amount stays in its currency and the report says how many lacked a
rate, per currency. The run's report holds codes and numbers only: the import page words them in
the reader's language.
"""

import bisect
import datetime
import hashlib
import logging
from collections import Counter
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import connection, models, transaction
from django.utils import timezone

from sharaka.core import audit, locks, search
from sharaka.core.dates import DATE_MAX, DATE_MIN
from sharaka.core.models import SearchEntry
from sharaka.core.money import ScaledIntegerField
from sharaka.finance.models import ExchangeRate
from sharaka.finance.rates import MAX_RATE_AGE, to_mad
from sharaka.iati import publishers
from sharaka.iati.models import (
    ActivityCountry,
    ActivitySector,
    Flow,
    ForeignActivity,
    ImportRun,
    Participant,
    PublishedBudget,
    Publisher,
)
from sharaka.iati.reading import ActivityFile, OrganisationFile, Refused, kind_of
from sharaka.lib.money import amount_in_bounds
from sharaka.lib.text import normalize
from sharaka.partners import services as partner_services

logger = logging.getLogger(__name__)

CHUNK = 500
IMPORT_LOCK = "iati.import"
MAX_PROBLEMS = 1000  # kept with the run; the counts by code cover them all
SEARCH_KIND = "iati_activity"
COMMITMENT = "2"
REVISED_BUDGET = "2"
# Souss-Massa, roughly: the box around Agadir-Ida-Outanane, Inezgane-Aït Melloul, Chtouka-Aït Baha,
# Taroudant, Tiznit and Tata; and the names a publisher may write for a place there.
SOUSS_MASSA_BOX = (Decimal("28.9"), Decimal("31.2"), Decimal("-10.1"), Decimal("-7.4"))
SOUSS_MASSA_WORDS = {
    normalize(w)
    for w in (
        "Souss",
        "Massa",
        "Sous",
        "Agadir",
        "Inezgane",
        "Chtouka",
        "Taroudant",
        "Tiznit",
        "Aourir",
        "Tata",
        "سوس",
        "ماسة",
        "أكادير",
        "اكادير",
        "إنزكان",
        "اشتوكة",
        "تارودانت",
        "تيزنيت",
        "أورير",
        "طاطا",
    )
}


class Report:
    def __init__(self):
        self.counts = Counter()
        self.by_code = Counter()
        self.missing_rates = Counter()
        self.problems: list[dict] = []
        self.total = 0

    def problem(self, code, activity=None, **params) -> None:
        self.total += 1
        self.by_code[code] += 1
        if len(self.problems) < MAX_PROBLEMS:
            self.problems.append({"code": code, "activity": activity, "params": params})

    def add(self, problem) -> None:
        """A problem the reader found (reading.Problem)."""
        self.problem(problem.code, problem.activity, **_jsonable(problem.params))

    def counts_dict(self) -> dict:
        return {
            **dict(self.counts),
            "problems": dict(self.by_code),
            "missing_rates": dict(self.missing_rates),
        }


class Rates:
    """Every exchange rate, read once: the rate of a currency on a date, as finance.rates gives it."""

    def __init__(self):
        self.dates: dict[str, list[datetime.date]] = {}
        self.rates: dict[str, list[Decimal]] = {}
        for currency, date, rate in ExchangeRate.objects.order_by("currency", "date").values_list(
            "currency", "date", "rate"
        ):
            self.dates.setdefault(currency, []).append(date)
            self.rates.setdefault(currency, []).append(rate)

    def on(self, currency: str, day: datetime.date) -> tuple[Decimal, datetime.date] | None:
        if currency == "MAD":
            return Decimal(1), day
        dates = self.dates.get(currency)
        if not dates:
            return None
        index = bisect.bisect_right(dates, day) - 1
        if index < 0 or day - dates[index] > MAX_RATE_AGE:
            return None
        return self.rates[currency][index], dates[index]


class CountingFile:
    """A binary file that tells how far it has been read (the command's progress bar)."""

    def __init__(self, file, progress=None):
        self.file, self.progress, self.done = file, progress, 0

    def read(self, size=-1):
        data = self.file.read(size)
        self.done += len(data)
        if self.progress:
            self.progress(self.done)
        return data

    def tell(self):
        return self.file.tell()

    def seek(self, *args):
        self.done = self.file.seek(*args)
        return self.done


def import_file(run: ImportRun, source, *, actor, progress=None) -> ImportRun:
    """Read `source` (a path or a binary file) into the database for `run`; never raises for what a
    file holds: the run's status and report say what happened."""
    run.status, run.started_at = ImportRun.Status.RUNNING, timezone.now()
    run.save(update_fields=["status", "started_at"])
    report = Report()
    activity_file = None
    try:
        with transaction.atomic():
            # One import at a time: two files naming the same activity would both find it new and
            # the second would fail on its identifier. The second waits, then reads what the first
            # wrote (unchanged, newer, older) like any re-import. SQLite has one writer anyway.
            locks.hold(IMPORT_LOCK)
            readable = CountingFile(source, progress) if hasattr(source, "read") else source
            if kind_of(readable) == "organisations":
                activity_file = OrganisationFile(readable, check_schema=True)
                _import_organisations(run, activity_file, actor, report)
            else:
                activity_file = ActivityFile(readable, check_schema=True)
                _import(run, activity_file, actor, report)
            _finish(run, report, ImportRun.Status.DONE, activity_file)
            audit.record(actor=actor, action="iati.import", obj=run, after=_summary(run))
        return run
    except Refused as refused:
        run.refusal, run.refusal_params = refused.code, _jsonable(refused.params)
        status = ImportRun.Status.REFUSED
    except Exception as error:  # a file must never take the server down: the run says it failed
        logger.exception("IATI import %s failed", run.pk)
        run.refusal, run.refusal_params = "error", {"kind": type(error).__name__}
        status = ImportRun.Status.FAILED
        report = _kept_nothing(report)
    with transaction.atomic():
        _finish(run, _kept_nothing(report), status, activity_file)
        audit.record(actor=actor, action=f"iati.import.{status}", obj=run, after=_summary(run))
    return run


def record_refusal(run: ImportRun, refused: Refused, *, actor) -> ImportRun:
    """A file refused before it was read (an address Sharaka may not fetch, a download over a limit)."""
    run.refusal, run.refusal_params = refused.code, _jsonable(refused.params)
    with transaction.atomic():
        _finish(run, Report(), ImportRun.Status.REFUSED, None)
        audit.record(actor=actor, action="iati.import.refused", obj=run, after=_summary(run))
    return run


def _kept_nothing(report: Report) -> Report:
    """After a rollback: the problems found stay, the counts of what was written go."""
    kept = Report()
    kept.problems, kept.total, kept.by_code = report.problems, report.total, report.by_code
    kept.counts["read"] = report.counts["read"]
    return kept


def _finish(run, report, status, activity_file) -> None:
    if activity_file is not None:
        run.iati_version = (activity_file.version or "")[:8]
    run.status = status
    run.counts = report.counts_dict()
    run.problems, run.problems_total = report.problems, report.total
    run.finished_at = timezone.now()
    run.save()


def _summary(run) -> dict:
    return {
        "name": run.name,
        "sha256": run.sha256,
        "status": run.status,
        "version": run.iati_version,
        "refusal": run.refusal,
        "counts": {k: v for k, v in run.counts.items() if not isinstance(v, dict)},
    }


def _jsonable(params: dict) -> dict:
    return {k: v if isinstance(v, int | str) or v is None else str(v) for k, v in params.items()}


def _import(run, activity_file, actor, report) -> None:
    context = _Context(run, actor, report)
    batch = []
    for activity in activity_file:
        report.counts["read"] += 1
        batch.append(activity)
        if len(batch) >= CHUNK:
            context.write(batch)
            batch = []
    if batch:
        context.write(batch)
    context.finish()
    for problem in activity_file.problems:
        report.add(problem)


def _import_organisations(run, organisation_file, actor, report) -> None:
    """An organisation file: each publisher's names, type and published budgets. Idempotent like the
    activities: the same last-updated date or content changes nothing; otherwise the publisher's
    budgets are replaced and the change recorded in the ledger."""
    context = _Context(run, actor, report)
    for organisation in organisation_file:
        report.counts["organisations_read"] += 1
        for problem in organisation.problems:
            report.add(problem)
        if not _usable_ref(organisation.identifier):
            report.problem("no-identifier", organisation.identifier[:100], line=0)
            continue
        context.organisation(organisation)
    context.finish()
    for problem in organisation_file.problems:
        report.add(problem)


class _Context:
    """What one file's import keeps while it reads: rates, partners, publishers, identifiers seen.

    Ledger entries (updated activities and organisations, prospects created through the partners'
    service) wait in `ledger` and `prospects` until the whole file is read (`finish`): writing one
    takes the ledger's lock until the transaction ends (`audit.lock_ledger`), and on PostgreSQL every
    other writer of the commune would wait behind an import of several minutes. Held back, they are
    written in its last moments. Each costs a few hundred bytes until then."""

    def __init__(self, run, actor, report):
        self.run, self.actor, self.report = run, actor, report
        self.rates = Rates()
        self.matcher = publishers.Matcher()
        self.publishers: dict[str, Publisher] = {}
        self.seen: set[str] = set()
        self.ledger: list[dict] = []
        self.prospects: list[tuple[Publisher, object]] = []

    def finish(self) -> None:
        """Create the prospects and write the ledger entries held back while the file was read."""
        for publisher, org in self.prospects:
            # A prospect created a moment ago may carry this organisation's name: proposed, not twice.
            proposed = self.matcher.by_names(org.names)
            if proposed:
                publisher.proposed_partner_id = proposed
                self.report.counts["matches_proposed"] += 1
            else:
                publisher.partner = self._prospect(org)
            if publisher.partner_id or publisher.proposed_partner_id:
                Publisher.objects.filter(pk=publisher.pk).update(
                    partner=publisher.partner_id, proposed_partner=publisher.proposed_partner_id
                )
        for entry in self.ledger:
            audit.record(actor=self.actor, **entry)

    # --- organisations ------------------------------------------------------------------------
    def _publishers_for(self, batch) -> None:
        wanted = {}
        for activity in batch:
            orgs = [activity.reporting_org, *activity.participating]
            for org in orgs:
                if org is not None and _usable_ref(org.ref) and org.ref not in self.publishers:
                    wanted.setdefault(org.ref, org)
        if not wanted:
            return
        for publisher in Publisher.objects.filter(ref__in=list(wanted)):
            self.publishers[publisher.ref] = publisher
        for ref, org in wanted.items():
            if ref not in self.publishers:
                self.publishers[ref] = self._new_publisher(org, _funds(org, batch))

    def _new_publisher(self, org, funds: bool) -> Publisher:
        publisher = Publisher(ref=org.ref, names=org.names, type=org.type[:4])
        self.report.counts["organisations_new"] += 1
        linked = self.matcher.by_identifier(org.ref)
        if linked:
            publisher.partner_id = linked
            self.report.counts["organisations_linked"] += 1
        elif funds:
            proposed = self.matcher.by_names(org.names)
            if proposed:
                publisher.proposed_partner_id = proposed
                self.report.counts["matches_proposed"] += 1
            elif publishers.may_become_partner(org.ref, org.names):
                self.prospects.append((publisher, org))  # created by finish(), with the ledger
        publisher.save()
        return publisher

    def _prospect(self, org):
        data = publishers.prospect_data(org.ref, org.type, org.names)
        try:
            partner = partner_services.organisation_create(actor=self.actor, data=data)
        except ValidationError as error:
            self.report.problem(
                "prospect-refused", None, ref=org.ref, fields=",".join(sorted(error.message_dict))
            )
            return None
        self.matcher.add(partner.pk, org.ref, org.names)
        self.report.counts["prospects_created"] += 1
        return partner

    # --- organisation files ---------------------------------------------------------------------
    def organisation(self, organisation) -> None:
        from sharaka.iati.reading import Organisation as FileOrganisation

        ref = organisation.identifier
        held = Publisher.objects.filter(ref=ref).first()
        if held is None:
            as_funder = FileOrganisation(
                ref=ref, type=organisation.type, role="reporting", names=organisation.names
            )
            held = self._new_publisher(as_funder, funds=True)
        digest = _digest(organisation)
        if held.file_digest == digest or (
            organisation.last_updated and organisation.last_updated == held.file_last_updated
        ):
            self.report.counts["organisations_unchanged"] += 1
            return
        if (
            organisation.last_updated
            and held.file_last_updated
            and organisation.last_updated < held.file_last_updated
        ):
            self.report.counts["older"] += 1
            self.report.problem("older", ref, held=held.file_last_updated, file=organisation.last_updated)
            return
        before = {"names": held.names, "file_last_updated": held.file_last_updated}
        if organisation.names:
            held.names = organisation.names
        held.type = held.type or organisation.type[:4]
        held.file_last_updated, held.file_digest = organisation.last_updated[:40], digest
        held.version += 1
        held.save()
        held.budgets.all().delete()
        rows = []
        for budget in organisation.budgets:
            flow = self._amount(ref, budget.kind, budget.value, budget.start, budget.end)
            if flow is not None:
                rows.append(
                    (held.pk, budget.kind, budget.target, budget.status[:2], flow.date, flow.period_end,
                     flow.value, flow.currency, flow.value_date, flow.value_mad, self.run.pk)
                )  # fmt: skip
        _insert(
            PublishedBudget,
            ["publisher", "kind", "target", "status", "start", "end", "value", "currency", "value_date",
             "value_mad", "run"],
            rows,
        )  # fmt: skip
        self.report.counts["budgets"] += len(rows)
        self.report.counts["organisations_updated"] += 1
        self.ledger.append(
            {
                "action": "iati.organisation.update",
                "obj": Publisher(pk=held.pk, ref=held.ref, names=held.names),
                "before": before,
                "after": {
                    "names": held.names,
                    "file_last_updated": held.file_last_updated,
                    "budgets": len(rows),
                    "run": self.run.pk,
                },
            }
        )

    # --- activities ---------------------------------------------------------------------------
    def write(self, batch) -> None:
        self._publishers_for(batch)
        held = {
            row[1]: row
            for row in ForeignActivity.objects.filter(
                identifier__in=[a.identifier for a in batch]
            ).values_list("pk", "identifier", "last_updated", "digest", "titles")
        }
        creating, updating = [], []
        for activity in batch:
            if activity.identifier in self.seen:
                self.report.problem("duplicate-identifier", activity.identifier)
                self.report.counts["skipped"] += 1
                continue
            self.seen.add(activity.identifier)
            reporting = activity.reporting_org
            if reporting is None or reporting.ref not in self.publishers:
                self.report.problem("no-reporting-org", activity.identifier)
                self.report.counts["skipped"] += 1
                continue
            for problem in activity.problems:
                self.report.add(problem)
            digest = _digest(activity)
            old = held.get(activity.identifier)
            if old is None:
                creating.append((activity, digest))
                continue
            _pk, _id, old_updated, old_digest, old_titles = old
            if old_digest == digest or (activity.last_updated and activity.last_updated == old_updated):
                self.report.counts["unchanged"] += 1
            elif activity.last_updated and old_updated and activity.last_updated < old_updated:
                self.report.counts["older"] += 1
                self.report.problem(
                    "older", activity.identifier, held=old_updated, file=activity.last_updated
                )
            else:
                updating.append((activity, digest, old))
        rows = [self._row(activity, digest) for activity, digest in creating]
        self._create(rows)
        self.report.counts["created"] += len(rows)
        updated_rows = []
        for activity, digest, (pk, _id, old_updated, _d, old_titles) in updating:
            row = self._row(activity, digest)
            row.pk, row.updated_at = pk, timezone.now()  # bulk_update does not set auto_now fields
            updated_rows.append(row)
            self.ledger.append(
                {
                    "action": "iati.activity.update",
                    "obj": ForeignActivity(pk=pk, identifier=row.identifier, titles=row.titles),
                    "before": {"last_updated": old_updated, "titles": old_titles},
                    "after": {"last_updated": row.last_updated, "titles": row.titles, "run": self.run.pk},
                }
            )
        if updated_rows:
            ids = [row.pk for row in updated_rows]
            for model in (Participant, ActivitySector, ActivityCountry, Flow):
                model.objects.filter(activity_id__in=ids).delete()
            fields = [
                f.name for f in ForeignActivity._meta.concrete_fields if f.name not in ("id", "identifier")
            ]
            ForeignActivity.objects.bulk_update(updated_rows, fields)
            self.report.counts["updated"] += len(updated_rows)
        pairs = [(row, activity) for row, (activity, _d) in zip(rows, creating, strict=True)]
        pairs += [(row, activity) for row, (activity, _d, _o) in zip(updated_rows, updating, strict=True)]
        self._children(pairs)
        self._index(pairs, replaced=[row.pk for row in updated_rows])

    def _create(self, rows: list[ForeignActivity]) -> None:
        """INSERT the new activities as plain rows (`_insert`), then read their ids back by identifier:
        one query more per chunk, where `bulk_create` spent more time composing its SQL than the
        database spent writing (bench/iati_import.py)."""
        if not rows:
            return
        now = timezone.now()
        for row in rows:
            row.updated_at = now
        _insert(
            ForeignActivity,
            ACTIVITY_COLUMNS,
            [tuple(getattr(row, a) for a in ACTIVITY_ATTRS) for row in rows],
        )
        ids = dict(
            ForeignActivity.objects.filter(identifier__in=[row.identifier for row in rows]).values_list(
                "identifier", "pk"
            )
        )
        for row in rows:
            row.pk = ids[row.identifier]

    def _row(self, activity, digest) -> ForeignActivity:
        dates = {
            key: self._date(value, activity.identifier, "activity-date")
            for key, value in activity.dates.items()
        }
        flows = self._flows(activity)
        value_basis, currency, value, value_mad = _value(flows)
        start = dates.get("2") or dates.get("1")
        end = dates.get("4") or dates.get("3")
        row = ForeignActivity(
            identifier=activity.identifier[:200],
            reporting_org=self.publishers[activity.reporting_org.ref],
            last_updated=activity.last_updated[:40],
            digest=digest,
            default_language=activity.default_language[:8],
            default_currency=activity.default_currency[:3],
            status=activity.status[:2],
            titles=activity.titles,
            descriptions=[[kind, texts] for kind, texts in activity.descriptions],
            planned_start=dates.get("1"),
            actual_start=dates.get("2"),
            planned_end=dates.get("3"),
            actual_end=dates.get("4"),
            regions=[[v, c, str(p) if p is not None else None] for v, c, p in activity.regions],
            locations=[
                {
                    "names": location.names,
                    "lat": str(location.latitude) if location.latitude is not None else None,
                    "lon": str(location.longitude) if location.longitude is not None else None,
                }
                for location in activity.locations
            ],
            in_morocco=any(code.upper() == "MA" for code, _p in activity.countries),
            in_souss_massa=_in_souss_massa(activity.locations),
            value_basis=value_basis,
            value_currency=currency,
            value=value,
            value_mad=value_mad,
            start_year=start.year if start else None,
            end_year=end.year if end else None,
            run=self.run,
        )
        row._flows = flows
        return row

    def _date(self, value, identifier, where):
        if value is not None and not (DATE_MIN <= value <= DATE_MAX):
            self.report.problem("date-out-of-bounds", identifier, element=where, value=value.isoformat())
            return None
        return value

    def _amount(self, identifier, kind, money, start, end) -> "_Flow | None":
        """One amount of a file, within bounds (else reported and None), its dates bounded, converted
        to dirhams at the rate of its value date (its start when it gives none) where one exists."""
        if not amount_in_bounds(money.value):
            self.report.problem("amount-out-of-bounds", identifier, element=kind, value=str(money.value)[:40])
            return None
        start = self._date(start, identifier, kind)
        flow = _Flow(
            kind=kind,
            date=start,
            period_end=self._date(end, identifier, kind),
            value=money.value.quantize(Decimal("0.01")),
            currency=money.currency[:3],
            value_date=self._date(money.value_date, identifier, kind) or start,
        )
        rate = self.rates.on(flow.currency, flow.value_date) if flow.value_date and flow.currency else None
        if rate is None:
            self.report.missing_rates[flow.currency or "?"] += 1
        else:
            mad = to_mad(flow.value, rate[0])
            if amount_in_bounds(mad):
                flow.value_mad, flow.rate, flow.rate_date = mad, rate[0], rate[1]
        return flow

    def _flows(self, activity) -> list["_Flow"]:
        flows = []
        sources = [(Flow.Kind.BUDGET, b.type, b.start, b.end, b.value, None, None) for b in activity.budgets]
        sources += [
            (Flow.Kind.PLANNED, b.type, b.start, b.end, b.value, None, None)
            for b in activity.planned_disbursements
        ]
        sources += [
            (Flow.Kind.TRANSACTION, t.type, t.date, None, t.value, t.provider, t.receiver)
            for t in activity.transactions
        ]
        for kind, type_, start, end, money, provider, receiver in sources:
            flow = self._amount(activity.identifier, kind, money, start, end)
            if flow is not None:
                flow.type = type_[:4]
                flow.provider = (provider.ref if provider else "")[:100]
                flow.receiver = (receiver.ref if receiver else "")[:100]
                flows.append(flow)
        self.report.counts["amounts"] += len(flows)
        self.report.counts["amounts_in_mad"] += sum(1 for f in flows if f.value_mad is not None)
        return flows

    def _children(self, pairs) -> None:
        """Each activity's participants, sectors, countries and money, written as plain rows: the
        import writes tens of thousands of them, and building a model instance for each took most of
        its time (bench/iati_import.py)."""
        participants, sectors, countries, flows = [], [], [], []
        for row, activity in pairs:
            for org in activity.participating:
                publisher = self.publishers.get(org.ref) if _usable_ref(org.ref) else None
                names = {} if publisher else org.names
                participants.append((row.pk, publisher.pk if publisher else None, org.role[:2], names))
            for vocabulary, code, share in _shares([((v or "1"), c, p) for v, c, p in activity.sectors]):
                sectors.append((row.pk, vocabulary[:4], code[:40], share))
            for _v, code, share in _shares([("", c.upper(), p) for c, p in activity.countries]):
                if len(code) == 2:
                    countries.append((row.pk, code, share))
            for f in row._flows:
                flows.append(
                    (row.pk, f.kind, f.type, f.date, f.period_end, f.value, f.currency, f.value_date, f.value_mad,
                     f.rate, f.rate_date, f.provider, f.receiver)
                )  # fmt: skip
        _insert(Participant, ["activity", "publisher", "role", "names"], participants)
        _insert(ActivitySector, ["activity", "vocabulary", "code", "percentage"], sectors)
        _insert(ActivityCountry, ["activity", "country", "percentage"], countries)
        _insert(
            Flow,
            ["activity", "kind", "type", "date", "period_end", "value", "currency", "value_date", "value_mad",
             "rate", "rate_date", "provider", "receiver"],
            flows,
        )  # fmt: skip

    def _index(self, pairs, replaced) -> None:
        """The search entries of the chunk's activities; those of replaced activities first removed
        (a new activity has none to remove)."""
        if replaced:
            SearchEntry.objects.filter(kind=SEARCH_KIND, object_id__in=replaced).delete()
        _insert(
            SearchEntry,
            ["kind", "object_id", "text"],
            [(SEARCH_KIND, row.pk, search_text(row)) for row, _a in pairs],
        )


_PLAIN = (
    models.CharField,
    models.ForeignKey,
    models.BigIntegerField,
    models.IntegerField,
    models.BooleanField,
)
# Every column of an activity but its id, and the attribute of the instance that holds each value.
ACTIVITY_COLUMNS = [f.name for f in ForeignActivity._meta.concrete_fields if not f.primary_key]
ACTIVITY_ATTRS = [f.attname for f in ForeignActivity._meta.concrete_fields if not f.primary_key]


def _converter(field):
    """What the field's `get_db_prep_save` does to a value that is not None, without the steps
    between (checked against it in iati/tests/test_importing.py): nothing for plain texts, integers
    and booleans; the scaled integer of a MoneyField; JSON; a date as the database takes it."""
    if isinstance(field, ScaledIntegerField):
        return field.get_prep_value
    if isinstance(field, _PLAIN):
        return None
    if isinstance(field, models.JSONField):
        return lambda value, adapt=connection.ops.adapt_json_value, encoder=field.encoder: adapt(
            value, encoder
        )
    if isinstance(field, models.DateTimeField):
        return connection.ops.adapt_datetimefield_value
    if isinstance(field, models.DateField):
        return connection.ops.adapt_datefield_value
    return lambda value: field.get_db_prep_save(value, connection)


def _insert(model, names: list[str], rows: list[tuple]) -> None:
    """INSERT `rows` (values in the order of `names`) with one executemany. Each value that is not a
    plain text or integer goes through its field's own conversion (a MoneyField to centimes, a
    JSONField to JSON, a date to what the database takes), the same as the ORM's."""
    if not rows:
        return
    fields = [model._meta.get_field(name) for name in names]
    convert = [_converter(field) for field in fields]
    if not any(convert):
        prepared = rows
    else:
        prepared = [
            tuple(
                value if convert_ is None or value is None else convert_(value)
                for convert_, value in zip(convert, row, strict=True)
            )
            for row in rows
        ]
    quote = connection.ops.quote_name
    columns = ", ".join(quote(field.column) for field in fields)
    table = quote(model._meta.db_table)
    if connection.vendor == "postgresql":
        # COPY takes the same rows about three times faster than executemany INSERTs (bench).
        connection.ensure_connection()
        with connection.connection.cursor() as cursor:  # psycopg's own, inside Django's transaction
            with cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
                for row in prepared:
                    copy.write_row(row)
        return
    sql = f"INSERT INTO {table} ({columns}) VALUES ({', '.join(['%s'] * len(fields))})"
    with connection.cursor() as cursor:
        for start in range(0, len(prepared), 2000):
            cursor.executemany(sql, prepared[start : start + 2000])


def search_text(activity: ForeignActivity) -> str:
    """The entry `search.index` would write, from the texts `search.TEXTS` names for the kind."""
    return search.text_of(*search.TEXTS[SEARCH_KIND][1](activity))


@dataclass(slots=True)
class _Flow:
    """A Flow row before it is written (a model instance each cost more than writing it)."""

    kind: str
    date: datetime.date | None
    period_end: datetime.date | None
    value: Decimal
    currency: str
    value_date: datetime.date | None
    type: str = ""
    provider: str = ""
    receiver: str = ""
    value_mad: Decimal | None = None
    rate: Decimal | None = None
    rate_date: datetime.date | None = None


def _usable_ref(ref: str) -> bool:
    return bool(ref) and len(ref) <= 100 and not any(c.isspace() for c in ref)


def _funds(org, batch) -> bool:
    """Whether an organisation funds in this batch: it reports an activity, or funds or extends one."""
    return any(
        (a.reporting_org is not None and a.reporting_org.ref == org.ref)
        or any(p.ref == org.ref and p.role in publishers.FUNDING_ROLES for p in a.participating)
        for a in batch
    )


def _digest(activity) -> str:
    parts = {k: v for k, v in activity.__dict__.items() if k != "problems"}
    return hashlib.sha256(repr(parts).encode()).hexdigest()


def _shares(items):
    """(vocabulary, code, percentage) per vocabulary: the percentages given, the rest split evenly."""
    by_vocabulary: dict[str, list] = {}
    for vocabulary, code, percentage in items:
        if code:
            by_vocabulary.setdefault(vocabulary, []).append((code, percentage))
    for vocabulary, entries in by_vocabulary.items():
        given = sum((p for _c, p in entries if p is not None), Decimal(0))
        missing = [c for c, p in entries if p is None]
        rest = max(Decimal(100) - given, Decimal(0)) / len(missing) if missing else Decimal(0)
        for code, percentage in entries:
            share = percentage if percentage is not None else rest
            yield vocabulary, code, share.quantize(Decimal("0.01"))


def _value(flows) -> tuple[str, str, Decimal | None, Decimal | None]:
    """What an activity is worth: its commitments, else its latest budgets (revised over original)."""
    chosen = [f for f in flows if f.kind == Flow.Kind.TRANSACTION and f.type == COMMITMENT]
    basis = "commitments"
    if not chosen:
        budgets = [f for f in flows if f.kind == Flow.Kind.BUDGET]
        revised = [f for f in budgets if f.type == REVISED_BUDGET]
        chosen, basis = (revised or budgets), "budgets"
    if not chosen:
        return "", "", None, None
    currencies = {f.currency for f in chosen}
    currency = currencies.pop() if len(currencies) == 1 else ""
    value = sum((f.value for f in chosen), Decimal(0)) if currency else None
    mads = [f.value_mad for f in chosen]
    value_mad = sum(mads, Decimal(0)) if all(m is not None for m in mads) else None
    if value is not None and not amount_in_bounds(value):
        value = None
    if value_mad is not None and not amount_in_bounds(value_mad):
        value_mad = None
    return basis, currency, value, value_mad


def _in_souss_massa(locations) -> bool:
    south, north, west, east = SOUSS_MASSA_BOX
    for location in locations:
        if location.latitude is not None and location.longitude is not None:
            if south <= location.latitude <= north and west <= location.longitude <= east:
                return True
        for name in location.names.values():
            if SOUSS_MASSA_WORDS & set(normalize(name).replace("-", " ").split()):
                return True
    return False
