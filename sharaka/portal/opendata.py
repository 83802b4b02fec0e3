"""Open data: one small function per column, the same columns in CSV, JSON and XLSX.

Column names are stable English identifiers (machine-readable); the open data page explains each one
in the reader's language. Transactions and agreements get their own column lists when finance and
agreements land, read through the same `public()` definitions.
"""

import csv
import json
import tempfile
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.db.models import Prefetch
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from sharaka.core.models import Theme
from sharaka.lib.spreadsheet import neutralise  # also opendata.neutralise for the portal views
from sharaka.portal.iati import elements as iati
from sharaka.projects.models import Project, ProjectPartner


@dataclass(frozen=True)
class Column:
    name: str
    help: Any
    value: Any  # project -> str | int | None


def _join(values):
    return "; ".join(str(v) for v in values if v not in (None, ""))


def _date(value):
    return value.isoformat() if value else ""


def _committed(project):
    return _join(
        f"{p.currency} {p.committed_amount}"
        for p in project.participations.all()
        if p.role == ProjectPartner.Role.FUNDING and p.committed_amount
    )


def _partners(project):
    return _join(
        f"{p.organisation.acronym or p.organisation.name_fr or p.organisation.name_en} ({p.get_role_display()})"
        for p in project.participations.all()
    )


PROJECT_COLUMNS = [
    Column(
        "iati_identifier",
        _("The project's IATI activity identifier."),
        lambda p: iati.activity_identifier(p, _ctx()),
    ),
    Column("code", _("The commune's project code."), lambda p: p.code),
    Column("title_ar", _("Title in Arabic."), lambda p: p.title_ar),
    Column("title_fr", _("Title in French."), lambda p: p.title_fr),
    Column("title_en", _("Title in English."), lambda p: p.title_en),
    Column("summary_ar", _("Summary in Arabic."), lambda p: p.summary_ar),
    Column("summary_fr", _("Summary in French."), lambda p: p.summary_fr),
    Column("summary_en", _("Summary in English."), lambda p: p.summary_en),
    Column(
        "status",
        _("Stage of the project: approved, in_implementation, completed or closed."),
        lambda p: p.status,
    ),
    Column(
        "iati_activity_status",
        _("The same stage as an IATI ActivityStatus code (1 to 4)."),
        lambda p: iati.ACTIVITY_STATUS[p.status],
    ),
    Column("planned_start", _("Planned start date (YYYY-MM-DD)."), lambda p: _date(p.planned_start)),
    Column("planned_end", _("Planned end date (YYYY-MM-DD)."), lambda p: _date(p.planned_end)),
    Column("actual_start", _("Actual start date, if started (YYYY-MM-DD)."), lambda p: _date(p.actual_start)),
    Column("actual_end", _("Actual end date, if finished (YYYY-MM-DD)."), lambda p: _date(p.actual_end)),
    Column(
        "cooperation_areas",
        _("The commune's cooperation areas, separated by semicolons."),
        lambda p: _join(t.code for t in p.themes.all() if t.kind == "area"),
    ),
    Column(
        "sdgs",
        _("Sustainable Development Goals (numbers), separated by semicolons."),
        lambda p: _join(t.code for t in p.themes.all() if t.kind == "sdg"),
    ),
    Column(
        "dac_sectors",
        _("DAC 5-digit sector codes with their percentage, e.g. 14030:100."),
        lambda p: _join(f"{s.code}:{s.percentage}" for s in p.sectors.all()),
    ),
    Column(
        "localities",
        _("Localities of Aourir where the project takes place (French names)."),
        lambda p: _join(loc.name_fr for loc in p.localities.all()),
    ),
    Column("partners", _("Partner organisations with their IATI role."), _partners),
    Column("committed", _("Amounts committed by funders, per currency, no conversion."), _committed),
    Column("beneficiaries_women", _("Planned number of women reached."), lambda p: p.beneficiaries_women),
    Column(
        "beneficiaries_youth", _("Planned number of young people reached."), lambda p: p.beneficiaries_youth
    ),
    Column(
        "beneficiaries_disabled",
        _("Planned number of people with disabilities reached."),
        lambda p: p.beneficiaries_disabled,
    ),
    Column(
        "beneficiaries_other", _("Planned number of other beneficiaries."), lambda p: p.beneficiaries_other
    ),
    Column(
        "published_at",
        _("When the commune published the project (UTC)."),
        lambda p: p.published_at.isoformat() if p.published_at else "",
    ),
    Column("last_updated", _("When the project was last changed (UTC)."), lambda p: p.updated_at.isoformat()),
    Column(
        "url",
        _("The project's page on the portal."),
        lambda p: settings.SITE_URL.rstrip("/") + reverse("portal:project_detail", kwargs={"pk": p.pk}),
    ),
]


def _ctx():
    return iati.Context.from_settings()


def projects():
    return (
        Project.objects.public()
        .order_by("code")
        .prefetch_related(
            Prefetch("themes", queryset=Theme.objects.order_by("kind", "id")),
            "sectors",
            "localities",
            Prefetch(
                "participations",
                queryset=ProjectPartner.objects.select_related("organisation").order_by("role", "id"),
            ),
        )
    )


def rows(queryset, columns):
    for obj in queryset.iterator(chunk_size=500):
        yield [column.value(obj) for column in columns]


class _Echo:
    def write(self, value):
        return value


def csv_chunks(queryset, columns):
    writer = csv.writer(_Echo())
    yield "\ufeff" + writer.writerow([c.name for c in columns])  # BOM: Excel opens UTF-8 Arabic right
    for row in rows(queryset, columns):
        yield writer.writerow([neutralise(v) for v in row])


def _json(value):
    """Amounts and rates as their exact decimal text ("-10.00"): a JSON number would pass through a float."""
    if isinstance(value, Decimal):
        return str(value)
    raise TypeError(f"{type(value).__name__} is not JSON serialisable")


def json_chunks(queryset, columns):
    yield '{"columns": ' + json.dumps([c.name for c in columns]) + ', "rows": ['
    first = True
    for row in rows(queryset, columns):
        yield (
            ("" if first else ",")
            + "\n"
            + json.dumps(
                dict(zip([c.name for c in columns], row, strict=True)), ensure_ascii=False, default=_json
            )
        )
        first = False
    yield "\n]}\n"


def xlsx_file(queryset, columns, title="projects"):
    """A write-only workbook (rows go to disk as they come) in a temporary file, ready to stream."""
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title)
    sheet.append([c.name for c in columns])
    for row in rows(queryset, columns):
        sheet.append([neutralise(v) for v in row])
    handle = tempfile.TemporaryFile()
    workbook.save(handle)
    handle.seek(0)
    return handle


def _tx_project_identifier(tx):
    return iati.activity_identifier(tx.project, _ctx())


def _tx_provider(tx):
    if tx.type not in iati.INCOMING_TYPES:
        return ""
    organisation = tx.funder.organisation if tx.funder_id and tx.funder.organisation_id else None
    return (
        (organisation.acronym or organisation.name_fr or organisation.name_en)
        if organisation
        else tx.provider
    )


TRANSACTION_COLUMNS = [
    Column("iati_identifier", _("The project's IATI activity identifier."), _tx_project_identifier),
    Column("project_code", _("The commune's project code."), lambda t: t.project.code),
    Column(
        "type",
        _(
            "IATI TransactionType code: 1 incoming funds, 2 commitment, 3 disbursement, 4 expenditure, 11 incoming commitment, 13 incoming pledge."
        ),
        lambda t: t.type,
    ),
    Column("value_date", _("Value date (YYYY-MM-DD)."), lambda t: _date(t.value_date)),
    Column("currency", _("Currency of the amount (ISO 4217)."), lambda t: t.currency),
    Column("amount", _("Amount in that currency; a correction is a negative amount."), lambda t: t.amount),
    Column("rate", _("Rate used to convert to dirhams."), lambda t: t.rate),
    Column("rate_date", _("Date of that rate."), lambda t: _date(t.rate_date)),
    Column("rate_source", _("Source of that rate."), lambda t: t.rate_source),
    Column("amount_mad", _("Amount in dirhams (MAD) at that rate."), lambda t: t.amount_mad),
    Column(
        "provider",
        _("Who provided incoming money (funder); empty for the commune's own payments."),
        _tx_provider,
    ),
]


def transactions():
    from sharaka.portal.queries import public_transactions

    return (
        public_transactions()
        .select_related("project", "funder__organisation")
        .order_by("project__code", "value_date", "id")
    )


def _parties(agreement):
    return _join(
        (party.organisation.acronym or party.organisation.name_fr or party.organisation.name_en)
        if party.organisation_id
        else "Commune d'Aourir"
        for party in agreement.parties.all()
    )


def _cash(agreement):
    return _join(
        f"{party.currency} {party.cash_amount}" for party in agreement.parties.all() if party.cash_amount
    )


AGREEMENT_COLUMNS = [
    Column("reference", _("The agreement's reference number."), lambda a: a.reference),
    Column(
        "kind",
        _("Type: twinning, decentralised, partnership, financing, mou, network or amendment."),
        lambda a: a.kind,
    ),
    Column("title_ar", _("Title in Arabic."), lambda a: a.title_ar),
    Column("title_fr", _("Title in French."), lambda a: a.title_fr),
    Column("title_en", _("Title in English."), lambda a: a.title_en),
    Column(
        "status",
        _("Stage: signed, published, budgeted, in_force, closed, terminated or lapsed."),
        lambda a: a.status,
    ),
    Column("decision_number", _("Number of the council's decision."), lambda a: a.decision_number),
    Column(
        "deliberated_on",
        _("Date of the council's deliberation (YYYY-MM-DD)."),
        lambda a: _date(a.deliberated_on),
    ),
    Column("signed_on", _("Date of signature (YYYY-MM-DD)."), lambda a: _date(a.signed_on)),
    Column("published_on", _("Date of publication (YYYY-MM-DD)."), lambda a: _date(a.published_on)),
    Column("starts_on", _("Start (YYYY-MM-DD)."), lambda a: _date(a.starts_on)),
    Column("duration_months", _("Duration in months."), lambda a: a.duration_months or ""),
    Column("parties", _("The parties, separated by semicolons."), _parties),
    Column("cash_committed", _("Cash each party commits, per currency (art. 150 of law 113-14)."), _cash),
]


LEVEL_NAMES = {"3": "impact", "2": "outcome", "1": "output"}  # IATI ResultType codes
MEASURE_NAMES = {"1": "unit", "2": "percentage", "5": "qualitative"}  # IATI IndicatorMeasure codes


def _level(period):
    return LEVEL_NAMES[period.indicator.result.type]


def _measure(period):
    return MEASURE_NAMES[period.indicator.measure]


def _number(value):
    """An indicator's value as an exact Decimal (a number in the XLSX, exact text in the JSON), or ""."""
    return value if value is not None else ""


RESULT_COLUMNS = [
    Column("project_code", _("The commune's project code."), lambda p: p.indicator.result.project.code),
    Column(
        "iati_identifier",
        _("The project's IATI activity identifier."),
        lambda p: iati.activity_identifier(p.indicator.result.project, _ctx()),
    ),
    Column(
        "result_level",
        _("Level of the result in the chain: impact, outcome or output."),
        _level,
    ),
    Column(
        "result_iati_type",
        _("The same level as an IATI ResultType code: 3 impact, 2 outcome, 1 output."),
        lambda p: p.indicator.result.type,
    ),
    *(
        Column(
            f"result_title_{code}", label, lambda p, code=code: getattr(p.indicator.result, f"title_{code}")
        )
        for code, label in (
            ("ar", _("Title of the result in Arabic.")),
            ("fr", _("Title of the result in French.")),
            ("en", _("Title of the result in English.")),
        )
    ),
    *(
        Column(f"indicator_title_{code}", label, lambda p, code=code: getattr(p.indicator, f"title_{code}"))
        for code, label in (
            ("ar", _("Title of the indicator in Arabic.")),
            ("fr", _("Title of the indicator in French.")),
            ("en", _("Title of the indicator in English.")),
        )
    ),
    Column(
        "measure",
        _("What the indicator measures: unit (a number of something), percentage or qualitative."),
        _measure,
    ),
    *(
        Column(f"unit_{code}", label, lambda p, code=code: getattr(p.indicator, f"unit_{code}"))
        for code, label in (
            ("ar", _("Unit counted, in Arabic (for example households).")),
            ("fr", _("Unit counted, in French.")),
            ("en", _("Unit counted, in English.")),
        )
    ),
    Column(
        "ascending",
        _("1 when higher is better, 0 when the indicator should go down (for example water losses)."),
        lambda p: 1 if p.indicator.ascending else 0,
    ),
    Column(
        "baseline_value",
        _("Value before the project (baseline)."),
        lambda p: _number(p.indicator.baseline_value),
    ),
    Column("baseline_year", _("Year the baseline was measured."), lambda p: p.indicator.baseline_year or ""),
    Column("period_start", _("Start of the period (YYYY-MM-DD)."), lambda p: _date(p.start)),
    Column("period_end", _("End of the period (YYYY-MM-DD)."), lambda p: _date(p.end)),
    Column("target", _("Value aimed at by the end of the period."), lambda p: _number(p.target)),
    Column(
        "actual",
        _("Value reached, as approved by the commune; empty until a value is approved."),
        lambda p: _number(p.actual),
    ),
]


def results():
    """One row per period of an indicator of a published project; the actual is the approved value
    (`results.services.recompute_actual`), never a value still in review."""
    from sharaka.results.models import Period

    return (
        Period.objects.filter(indicator__result__project__in=Project.objects.public())
        .select_related("indicator__result__project")
        .only(
            "start",
            "end",
            "target",
            "actual",
            "indicator__measure",
            "indicator__ascending",
            "indicator__baseline_value",
            "indicator__baseline_year",
            *(f"indicator__{base}_{c}" for base in ("title", "unit") for c in ("ar", "fr", "en")),
            "indicator__result__type",
            *(f"indicator__result__title_{c}" for c in ("ar", "fr", "en")),
            "indicator__result__project__code",
        )
        .order_by(
            "indicator__result__project__code",
            "-indicator__result__type",
            "indicator__result__position",
            "indicator__result_id",
            "indicator__position",
            "indicator_id",
            "start",
            "id",
        )
    )


def agreements():
    from sharaka.portal.queries import public_agreements

    return public_agreements()
