"""One small function per IATI element. Each takes what it needs and yields lxml elements, in the
order the 2.03 schema requires; `ACTIVITY` lists them in that order.

Finance (budgets, planned disbursements, transactions) and results slot in at their place in
`ACTIVITY` when those apps land: write `budgets(project, ctx)` etc. and insert it.
"""

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.urls import reverse
from lxml import etree

from sharaka.core.multilingual import CONTENT_LANGUAGES

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


INCOMING_TYPES = {"1", "9", "11", "13"}


def transactions(project, ctx):
    """The project's transactions up to today (prefetched as `public_transactions`), in their own
    currency with their value date. The other party is named only when it is the funder of incoming
    money; suppliers' names, references, reasons and supporting documents stay in the finance app."""
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
            organisation = tx.funder.organisation if tx.funder_id and tx.funder.organisation_id else None
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


# Schema order of <iati-activity>. Budgets and planned disbursements go between sdg_tags and
# transactions; results after document_links.
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
    transactions,
    document_links,
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


ORGANISATION = [organisation_identifier, organisation_name, organisation_reporting_org]
