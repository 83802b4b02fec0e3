"""One small function per IATI element. Each takes what it needs and yields lxml elements, in the
order the 2.03 schema requires; `ACTIVITY` lists them in that order.

Results (`results`) come last, after `document_links`, with approved values only (`portal.chains`).
"""

import datetime
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import NamedTuple

from django.conf import settings
from django.urls import reverse
from django.utils import translation
from lxml import etree

from sharaka.core.multilingual import CONTENT_LANGUAGES
from sharaka.portal import chains

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
WGS84 = "http://www.opengis.net/def/crs/EPSG/0/4326"

# Our pipeline in IATI ActivityStatus codes (only published states reach the file; the rest for checks).
ACTIVITY_STATUS = {
    "idea": "1",
    "concept_note": "1",
    "proposal_submitted": "1",
    "approved": "1",  # Pipeline/identification: funded, not started
    "in_implementation": "2",  # Implementation
    "completed": "3",  # Finalisation
    "closed": "4",  # Closed
    "rejected": "5",  # Cancelled
    "abandoned": "5",
}
# Our document kinds in the DocumentCategory codelist.
DOCUMENT_CATEGORY = {
    "concept_note": "A02",  # Objectives / Purpose of activity
    "proposal": "A02",
    "agreement": "A09",  # Memorandum of understanding
    "report": "A07",  # Review of project performance and evaluation
    "minutes": "A07",
    "photo": "A12",  # Activity web page
    "other": "A12",
}
COMMUNE_NAMES = {"ar": "جماعة أورير", "fr": "Commune d'Aourir", "en": "Commune of Aourir"}


@dataclass
class Context:
    """What every element may need besides the project: who reports, and when."""

    reporting_ref: str
    reporting_type: str
    site_url: str
    today: datetime.date

    @classmethod
    def from_settings(cls, today=None):
        from django.utils import timezone

        return cls(
            reporting_ref=settings.IATI_REPORTING_ORG_REF,
            reporting_type=settings.IATI_REPORTING_ORG_TYPE,
            site_url=settings.SITE_URL.rstrip("/"),
            today=today or timezone.localdate(),
        )


def _el(tag, text=None, **attrs):
    element = etree.Element(
        tag, {k.replace("_", "-"): str(v) for k, v in attrs.items() if v not in (None, "")}
    )
    if text is not None:
        element.text = str(text)
    return element


def narratives(parent, texts: dict[str, str]):
    """One <narrative xml:lang> per language filled, Arabic first."""
    for code in CONTENT_LANGUAGES:
        text = (texts.get(code) or "").strip()
        if text:
            narrative = etree.SubElement(parent, "narrative")
            narrative.set(XML_LANG, code)
            narrative.text = text
    return parent


def _texts(obj, base):
    return {code: getattr(obj, f"{base}_{code}", "") for code in CONTENT_LANGUAGES}


def activity_identifier(project, ctx) -> str:
    return f"{ctx.reporting_ref}-{project.code}"


def iati_identifier(project, ctx):
    yield _el("iati-identifier", activity_identifier(project, ctx))


def reporting_org(project, ctx):
    yield narratives(_el("reporting-org", ref=ctx.reporting_ref, type=ctx.reporting_type), COMMUNE_NAMES)


def title(project, ctx):
    yield narratives(_el("title"), _texts(project, "title"))


def description(project, ctx):
    texts = _texts(project, "summary")
    if any(texts.values()):
        yield narratives(_el("description", type="1"), texts)


def participating_orgs(project, ctx):
    # The commune answers for every project it publishes (role 2, accountable).
    yield narratives(
        _el("participating-org", ref=ctx.reporting_ref, type=ctx.reporting_type, role="2"), COMMUNE_NAMES
    )
    for participation in sorted(project.participations.all(), key=lambda p: (p.role, p.pk)):
        organisation = participation.organisation
        element = _el(
            "participating-org",
            ref=organisation.iati_identifier,
            type=organisation.iati_type,
            role=participation.role,
        )
        texts = _texts(organisation, "name")
        if not any(texts.values()):
            texts = {"fr": organisation.acronym}
        yield narratives(element, texts)


def activity_status(project, ctx):
    yield _el("activity-status", code=ACTIVITY_STATUS[project.status])


def activity_dates(project, ctx):
    """1 planned start, 2 actual start, 3 planned end, 4 actual end; actual dates never in the future."""
    for code, value, actual in (
        ("1", project.planned_start, False),
        ("2", project.actual_start, True),
        ("3", project.planned_end, False),
        ("4", project.actual_end, True),
    ):
        if value and not (actual and value > ctx.today):
            yield _el("activity-date", iso_date=value.isoformat(), type=code)


def recipient_country(project, ctx):
    yield _el("recipient-country", code="MA", percentage="100")


def locations(project, ctx):
    for locality in sorted(project.localities.all(), key=lambda loc: loc.pk):
        element = _el("location", ref=f"{ctx.reporting_ref}-LOC-{locality.pk}")
        narratives(etree.SubElement(element, "name"), _texts(locality, "name"))
        point = etree.SubElement(element, "point", srsName=WGS84)
        etree.SubElement(point, "pos").text = f"{locality.latitude} {locality.longitude}"
        etree.SubElement(element, "exactness", code="1")  # exact
        etree.SubElement(element, "location-class", code="2")  # populated place
        yield element


def sectors(project, ctx):
    for sector in sorted(project.sectors.all(), key=lambda s: s.code):
        yield _el("sector", vocabulary="1", code=sector.code, percentage=sector.percentage)


def sdg_tags(project, ctx):
    goals = sorted(int(t.code) for t in project.themes.all() if t.kind == "sdg")
    for goal in goals:
        yield _el("tag", vocabulary="2", code=goal)


# --- budgets and planned disbursements --------------------------------------------------------------

CENTIME = Decimal("0.01")
BUDGET_TYPE_ORIGINAL = "1"  # BudgetType
BUDGET_STATUS_COMMITTED = "2"  # BudgetStatus: only funded projects are published


def budget_dates(project):
    """The period the budget covers: planned dates first (a budget is a plan), actual ones otherwise."""
    return project.planned_start or project.actual_start, project.planned_end or project.actual_end


def fiscal_periods(start, end) -> list[tuple[datetime.date, datetime.date]]:
    """[start, end] cut at the commune's budget years (calendar years): at most 12 months each. Dates
    in the wrong order give that one wrong period back, for the checks to name."""
    if end < start:
        return [(start, end)]
    periods = []
    while start <= end:
        last = min(datetime.date(start.year, 12, 31), end)
        periods.append((start, last))
        start = last + datetime.timedelta(days=1)
    return periods


def split_pro_rata(total: Decimal, periods) -> list[Decimal]:
    """`total` shared by days, each share rounded half-up to the centime, the remainder on the last
    period, so that the shares add up to `total` exactly."""
    days = [max((end - start).days + 1, 0) for start, end in periods]
    all_days = sum(days)
    if not all_days:
        return [total] + [Decimal("0.00")] * (len(periods) - 1)
    shares = [(total * d / all_days).quantize(CENTIME, ROUND_HALF_UP) for d in days[:-1]]
    return [*shares, total - sum(shares, Decimal(0))]


def budget_total(project) -> Decimal:
    """The sum of the project's budget lines (in MAD): annotated by the writer, else from the lines."""
    if hasattr(project, "budget_total"):
        return project.budget_total or Decimal(0)
    return sum((line.amount_mad for line in project.budget_lines.all()), Decimal(0))


def budget_periods(project) -> list[tuple[datetime.date, datetime.date, Decimal]]:
    """(start, end, amount in MAD) for each budget year of the project; [] without a budget or dates."""
    total = budget_total(project)
    start, end = budget_dates(project)
    if not total or not (start and end):
        return []
    periods = fiscal_periods(start, end)
    return [(s, e, amount) for (s, e), amount in zip(periods, split_pro_rata(total, periods), strict=True)]


def _period(element, start, end):
    etree.SubElement(element, "period-start", {"iso-date": start.isoformat()})
    if end:
        etree.SubElement(element, "period-end", {"iso-date": end.isoformat()})


def _value(element, amount, currency, value_date):
    value = etree.SubElement(element, "value", {"currency": currency, "value-date": value_date.isoformat()})
    value.text = f"{amount:.2f}"


def budgets(project, ctx):
    """One original, committed budget per budget year, in dirhams, valued at the period's start."""
    for start, end, amount in budget_periods(project):
        element = _el("budget", type=BUDGET_TYPE_ORIGINAL, status=BUDGET_STATUS_COMMITTED)
        _period(element, start, end)
        _value(element, amount, "MAD", start)
        yield element


def _funder_org(element_tag, funder, parent, ctx):
    """The funder as provider: its organisation (with @ref when it has an IATI identifier), the
    commune for its own share, or the name typed in the co-financing plan."""
    organisation = funder.organisation if funder.organisation_id else None
    if organisation:
        provider = etree.SubElement(parent, element_tag, _attrs(ref=organisation.iati_identifier))
        texts = _texts(organisation, "name")
        narratives(provider, texts if any(texts.values()) else {"fr": organisation.acronym})
    elif funder.kind == "commune":
        commune = {"ref": ctx.reporting_ref, "type": ctx.reporting_type}
        narratives(etree.SubElement(parent, element_tag, commune), COMMUNE_NAMES)
    else:
        with translation.override("fr"):
            name = funder.name or str(funder.get_kind_display())
        narratives(etree.SubElement(parent, element_tag), {"fr": name})


def planned_disbursements(project, ctx):
    """The funders' tranches (prefetched as `public_tranches`): expected date, amount in the
    tranche's currency, the funder as provider and the commune as receiver. Notes and owners stay in
    the finance app."""
    commune = {"ref": ctx.reporting_ref, "type": ctx.reporting_type}
    for tranche in project.public_tranches:
        element = _el("planned-disbursement", type=BUDGET_TYPE_ORIGINAL)
        _period(element, tranche.expected_on, tranche.expected_on)
        _value(element, tranche.amount, tranche.currency, tranche.expected_on)
        _funder_org("provider-org", tranche.funder, element, ctx)
        narratives(etree.SubElement(element, "receiver-org", commune), COMMUNE_NAMES)
        yield element


INCOMING_TYPES = {"1", "9", "11", "13"}


class Organisation(NamedTuple):
    """What a transaction's provider needs of the funder's organisation (read as plain values)."""

    iati_identifier: str
    name_ar: str
    name_fr: str
    name_en: str


class Transaction(NamedTuple):
    """A transaction as the file needs it, read as plain values by the writer (`writer.TX_FIELDS`):
    tens of thousands of model instances cost half the export's time."""

    type: str
    value_date: datetime.date
    currency: str
    amount: Decimal
    provider: str
    organisation: Organisation | None


def transactions(project, ctx):
    """The project's transactions up to today (attached as `public_transactions`, `Transaction`
    tuples), in their own currency with their value date. The other party is named only when it is
    the funder of incoming money; suppliers' names, references, reasons and supporting documents
    stay in the finance app."""
    commune = {"ref": ctx.reporting_ref, "type": ctx.reporting_type}
    for tx in project.public_transactions:
        element = _el("transaction")
        etree.SubElement(element, "transaction-type", code=tx.type)
        etree.SubElement(element, "transaction-date", {"iso-date": tx.value_date.isoformat()})
        value = etree.SubElement(
            element, "value", {"currency": tx.currency, "value-date": tx.value_date.isoformat()}
        )
        value.text = str(tx.amount)
        if tx.type in INCOMING_TYPES:
            organisation = tx.organisation
            provider = etree.SubElement(
                element, "provider-org", _attrs(ref=organisation.iati_identifier if organisation else "")
            )
            narratives(provider, _texts(organisation, "name") if organisation else {"fr": tx.provider})
            narratives(etree.SubElement(element, "receiver-org", commune), COMMUNE_NAMES)
        else:
            narratives(etree.SubElement(element, "provider-org", commune), COMMUNE_NAMES)
        yield element


def _attrs(**attrs):
    return {k: v for k, v in attrs.items() if v}


def document_links(project, ctx):
    """Public documents only (the queryset prefetches them as `public_documents`)."""
    for document in project.public_documents:
        url = ctx.site_url + reverse("portal:document", kwargs={"pk": document.pk})
        element = _el("document-link", url=url, format=document.content_type)
        narratives(etree.SubElement(element, "title"), {"fr": document.title})
        etree.SubElement(element, "category", code=DOCUMENT_CATEGORY.get(document.kind, "A12"))
        etree.SubElement(element, "document-date", {"iso-date": document.uploaded_at.date().isoformat()})
        yield element


# --- results ---------------------------------------------------------------------------------------

QUALITATIVE = "5"  # IndicatorMeasure


def _description(parent, obj):
    texts = _texts(obj, "description")
    if any((t or "").strip() for t in texts.values()):
        narratives(etree.SubElement(parent, "description"), texts)


def indicator_element(indicator):
    """<indicator measure ascending>: title, description, baseline (year and value, when known),
    periods with their target and actual. The actual is the approved value (none: no <actual>);
    a qualitative indicator's numbers are left out, as the rulesets ask (8.8.3, 8.9.3, 8.10.3).
    The baseline's date is not recorded, only its year: no @iso-date."""
    qualitative = indicator.measure == QUALITATIVE
    element = _el("indicator", measure=indicator.measure, ascending="1" if indicator.ascending else "0")
    narratives(etree.SubElement(element, "title"), _texts(indicator, "title"))
    _description(element, indicator)
    if indicator.baseline_year and (qualitative or indicator.baseline_value is not None):
        attrs = {"year": str(indicator.baseline_year)}
        if not qualitative:
            attrs["value"] = chains.plain(indicator.baseline_value)
        etree.SubElement(element, "baseline", attrs)
    for period in indicator.public_periods:
        item = etree.SubElement(element, "period")
        etree.SubElement(item, "period-start", {"iso-date": period.start.isoformat()})
        etree.SubElement(item, "period-end", {"iso-date": period.end.isoformat()})
        if not qualitative and period.target is not None:
            etree.SubElement(item, "target", value=chains.plain(period.target))
        if not qualitative and period.actual is not None:
            etree.SubElement(item, "actual", value=chains.plain(period.actual))
    return element


def results(project, ctx):
    """<result type aggregation-status> per result of the chain, impact first. A result without an
    indicator is left out (the schema wants at least one; the checks name it). Its figures add up
    across activities (aggregation-status 1) when every indicator is a number or a percentage."""
    for result in chains.chain(project):
        if not result.public_indicators:
            continue
        aggregatable = all(i.measure != QUALITATIVE for i in result.public_indicators)
        element = _el("result", type=result.type, aggregation_status="1" if aggregatable else "0")
        narratives(etree.SubElement(element, "title"), _texts(result, "title"))
        _description(element, result)
        for indicator in result.public_indicators:
            element.append(indicator_element(indicator))
        yield element


# Schema order of <iati-activity> (iati-activities-schema.xsd): ... tag, (country-budget-items ...
# default-tied-status), budget, planned-disbursement, (capital-spend), transaction, document-link, ...
# result. Results go after document_links.
ACTIVITY = [
    iati_identifier,
    reporting_org,
    title,
    description,
    participating_orgs,
    activity_status,
    activity_dates,
    recipient_country,
    locations,
    sectors,
    sdg_tags,
    budgets,
    planned_disbursements,
    transactions,
    document_links,
    results,
]


def activity_attributes(project, ctx) -> dict:
    return {
        "last-updated-datetime": project.updated_at.replace(microsecond=0).isoformat(),
        XML_LANG: "ar",
        "default-currency": "MAD",
    }


# --- the organisation file -------------------------------------------------------------------------


def organisation_identifier(ctx):
    yield _el("organisation-identifier", ctx.reporting_ref)


def organisation_name(ctx):
    yield narratives(_el("name"), COMMUNE_NAMES)


def organisation_reporting_org(ctx):
    yield narratives(_el("reporting-org", ref=ctx.reporting_ref, type=ctx.reporting_type), COMMUNE_NAMES)


def total_budgets(ctx, years):
    """`years`: [(year, total in MAD)] of the published projects' budget periods (see
    `writer.budget_years`). The commune's whole budget is not in Sharaka: the one budget line says
    that the figure is the published partnership projects' share."""
    for year, amount in years:
        start, end = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
        element = _el("total-budget", status=BUDGET_STATUS_COMMITTED)
        _period(element, start, end)
        _value(element, amount, "MAD", start)
        line = etree.SubElement(element, "budget-line", ref="PUBLISHED-PROJECTS")
        _value(line, amount, "MAD", start)
        narratives(line, PUBLISHED_PROJECTS)
        yield element


PUBLISHED_PROJECTS = {
    "ar": "مشاريع الشراكة المنشورة",
    "fr": "Projets de partenariat publiés",
    "en": "Published partnership projects",
}


def total_expenditures(ctx, years):
    """`years`: [(year, MAD)] of the published projects' disbursements and expenditures up to today
    (see `writer.expenditure_years`), one per calendar year like the total budget, valued at the
    year's end, or today for the year under way (its figure is to date). One expense line says what
    the figure covers, as the budget line does."""
    for year, amount in years:
        start, end = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
        element = _el("total-expenditure")
        _period(element, start, end)
        _value(element, amount, "MAD", min(end, ctx.today))
        line = etree.SubElement(element, "expense-line", ref="PUBLISHED-PROJECTS")
        _value(line, amount, "MAD", min(end, ctx.today))
        narratives(line, PUBLISHED_PROJECTS)
        yield element


ORGANISATION = [organisation_identifier, organisation_name, organisation_reporting_org]
