"""Partner intelligence: what a donor funds, where, how much and with whom, from imported IATI files.

Everything here reads the activities imported by `importing` (other publishers' own words), never
the commune's projects. An activity's worth is its `value_mad` (its commitments, else its latest
budgets, in dirhams at dated rates); it is split between its sectors and its countries by their
shares (the percentages the publisher gave, the rest evenly). Amounts without a dirham value are
counted apart ("without a rate"), never guessed.

A donor is one or more `Publisher` rows (a partner may publish under several identifiers). Its
activities are those it reports, funds (role 1) or extends (role 3).
"""

import statistics
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.conf import settings
from django.db.models import Count, Exists, OuterRef, Q, Sum
from django.db.models.functions import ExtractYear
from django.utils.translation import gettext_lazy as _

from sharaka.core import codelists
from sharaka.iati.models import (
    ActivityCountry,
    ActivitySector,
    Flow,
    ForeignActivity,
    Participant,
    PublishedBudget,
    Publisher,
)

MOROCCO = "MA"
ACTIVE, FINALISATION = "2", "3"
COMMITMENT, DISBURSEMENT, EXPENDITURE = "2", "3", "4"
TOP = 10
ZERO = Decimal("0.00")

# The seed's cooperation areas (core.taxonomy.Area) and the DAC sector categories (3 digits) that
# serve them: how "which donors fund water in Morocco" is asked of IATI files.
AREA_SECTORS = {
    "water_energy": ("140", "231", "232", "236"),
    "environment": ("410", "312", "313"),
    "social": ("110", "111", "112", "113", "114", "120", "121", "122", "130", "160"),
    "urban": ("150", "151", "210", "430"),
    "culture": ("332",),
}
AREA_LABELS = {
    "water_energy": _("Water and energy management"),
    "environment": _("Environmental protection"),
    "social": _("Social development"),
    "urban": _("Urban development"),
    "culture": _("Cultural promotion"),
}


def category(vocabulary: str, code: str) -> str:
    """The DAC 3-digit category of a sector code (vocabulary 1: 5 digits; 2: already 3), else ""."""
    if vocabulary == "1" and len(code) == 5 and code.isdigit():
        return code[:3]
    if vocabulary == "2" and len(code) == 3 and code.isdigit():
        return code
    return ""


def category_label(code: str) -> str:
    return codelists.label("SectorCategory", code) or code


def donor_activities(publisher_ids):
    """The activities a donor reports, funds or extends."""
    funds = Participant.objects.filter(
        activity=OuterRef("pk"), publisher_id__in=publisher_ids, role__in=("1", "3")
    )
    return ForeignActivity.objects.filter(Q(reporting_org_id__in=publisher_ids) | Exists(funds))


@dataclass
class Row:
    label: str = ""
    amount: Decimal = ZERO
    count: int = 0
    code: str = ""
    link: object = None


@dataclass
class Profile:
    publishers: list
    activities: int = 0
    in_morocco: int = 0
    in_souss_massa: int = 0
    total_mad: Decimal = ZERO
    morocco_mad: Decimal = ZERO
    without_rate: int = 0
    typical: Decimal | None = None
    typical_morocco: Decimal | None = None
    by_year: list = field(default_factory=list)  # (year, [(currency, committed, disbursed)], committed_mad)
    top_year_mad: Decimal = ZERO
    sectors: list = field(default_factory=list)
    sectors_morocco: list = field(default_factory=list)
    countries: list = field(default_factory=list)
    co_funders: list = field(default_factory=list)
    implementers: list = field(default_factory=list)
    current: list = field(default_factory=list)  # active or closing activities in Morocco
    trend: list = field(default_factory=list)  # (year, started, value_mad)
    published: list = field(default_factory=list)  # its organisation file: [period row], see _published
    recipients: list = field(default_factory=list)  # its budgets per recipient, see _recipients


def profile(publishers: list[Publisher]) -> Profile:
    """A donor's profile in a fixed number of queries, whatever its number of activities."""
    ids = [p.pk for p in publishers]
    result = Profile(publishers=publishers)
    result.published, result.recipients = _published(ids), _recipients(ids)
    activities = donor_activities(ids)
    rows = list(activities.values_list("pk", "value_mad", "in_morocco", "in_souss_massa", "start_year"))
    if not rows:
        return result
    value = {pk: mad for pk, mad, *_rest in rows}
    result.activities = len(rows)
    result.in_morocco = sum(1 for r in rows if r[2])
    result.in_souss_massa = sum(1 for r in rows if r[3])
    result.without_rate = sum(1 for r in rows if r[1] is None)
    known = [r[1] for r in rows if r[1] is not None]
    result.total_mad = sum(known, ZERO)
    result.typical = _median(known)

    shares = defaultdict(dict)  # activity -> {country: share}
    for activity_id, country, share in ActivityCountry.objects.filter(activity__in=activities).values_list(
        "activity_id", "country", "percentage"
    ):
        shares[activity_id][country] = share / 100
    morocco_values = []
    countries = defaultdict(Row)
    for pk, mad, *_rest in rows:
        for country, share in shares.get(pk, {}).items():
            row = countries[country]
            row.code, row.count = country, row.count + 1
            if mad is not None:
                row.amount += mad * share
        ma = shares.get(pk, {}).get(MOROCCO)
        if ma and mad is not None:
            result.morocco_mad += mad * ma
            morocco_values.append(mad * ma)
    result.typical_morocco = _median(morocco_values)
    for row in countries.values():
        row.label = codelists.country_name(row.code)
    result.countries = _top(countries.values())

    sectors, sectors_ma = defaultdict(Row), defaultdict(Row)
    for activity_id, vocabulary, code, share in ActivitySector.objects.filter(
        activity__in=activities
    ).values_list("activity_id", "vocabulary", "code", "percentage"):
        share = share / 100
        key = category(vocabulary, code)
        if not key:
            continue
        mad = value.get(activity_id)
        for table, factor in ((sectors, Decimal(1)), (sectors_ma, shares.get(activity_id, {}).get(MOROCCO))):
            if not factor:
                continue
            row = table[key]
            row.code, row.count = key, row.count + 1
            if mad is not None:
                row.amount += mad * share * factor
    for table in (sectors, sectors_ma):
        for row in table.values():
            row.label = category_label(row.code)
    result.sectors, result.sectors_morocco = _top(sectors.values()), _top(sectors_ma.values())

    result.by_year, result.top_year_mad = _by_year(activities)
    result.co_funders, result.implementers = _others(activities, ids)
    result.current = list(
        activities.filter(in_morocco=True, status__in=(ACTIVE, FINALISATION))
        .select_related("reporting_org")
        .order_by("-value_mad", "identifier")[:TOP]
    )
    trend = defaultdict(lambda: [0, ZERO])
    for _pk, mad, _ma, _sm, year in rows:
        if year:
            trend[year][0] += 1
            trend[year][1] += mad or ZERO
    result.trend = [(year, n, amount) for year, (n, amount) in sorted(trend.items())]
    return result


RECIPIENT_KINDS = (
    PublishedBudget.Kind.REGION,
    PublishedBudget.Kind.COUNTRY,
    PublishedBudget.Kind.ORGANISATION,
)


@dataclass
class Recipient:
    """One of a donor's published budgets for a recipient region, country or organisation."""

    budget: PublishedBudget
    label: str
    link: int | None = None  # the recipient's profile, when it is an organisation Sharaka knows
    is_commune: bool = False
    is_morocco: bool = False


def _published(ids) -> list[dict]:
    """Its own organisation file's budgets, by period: the total, the part for Morocco and what it
    spent. One query."""
    periods = {}
    rows = PublishedBudget.objects.filter(publisher_id__in=ids).filter(
        Q(kind__in=(PublishedBudget.Kind.TOTAL, PublishedBudget.Kind.EXPENDITURE))
        | Q(kind=PublishedBudget.Kind.COUNTRY, target=MOROCCO)
    )
    column = {PublishedBudget.Kind.COUNTRY: "morocco", PublishedBudget.Kind.EXPENDITURE: "spent"}
    for budget in rows.order_by("start", "end", "kind", "id"):
        period = periods.setdefault((budget.start, budget.end), {"start": budget.start, "end": budget.end})
        period[column.get(budget.kind, "total")] = budget
    return list(periods.values())


def _recipients(ids) -> list[Recipient]:
    """Its budgets per recipient (region, country, organisation): those of the latest period it
    gives for each kind, the largest first (TOP of each). One query, two when it budgets for
    organisations, whatever the file holds."""
    by_kind = defaultdict(list)
    for budget in PublishedBudget.objects.filter(publisher_id__in=ids, kind__in=RECIPIENT_KINDS).exclude(
        target=""
    ):
        by_kind[budget.kind].append(budget)
    chosen = []
    for kind in RECIPIENT_KINDS:
        budgets = by_kind.get(kind, [])
        latest = max((b.start for b in budgets if b.start), default=None)
        budgets = [b for b in budgets if b.start == latest]
        budgets.sort(key=lambda b: (b.value_mad is None, -(b.value_mad or ZERO), -b.value, b.target))
        chosen += budgets[:TOP]
    refs = [b.target for b in chosen if b.kind == PublishedBudget.Kind.ORGANISATION]
    known = {}
    if refs:
        for publisher in Publisher.objects.filter(ref__in=refs).select_related("partner"):
            known[publisher.ref] = publisher
    out = []
    for budget in chosen:
        recipient = Recipient(budget=budget, label=budget.target)
        if budget.kind == PublishedBudget.Kind.REGION:
            recipient.label = codelists.label("Region", budget.target)
        elif budget.kind == PublishedBudget.Kind.COUNTRY:
            recipient.label = codelists.country_name(budget.target)
            recipient.is_morocco = budget.target == MOROCCO
        elif budget.target == settings.IATI_REPORTING_ORG_REF:
            recipient.is_commune = True
        elif budget.target in known:
            publisher = known[budget.target]
            recipient.label = (
                str(publisher.partner) if publisher.partner_id else (publisher.name or publisher.ref)
            )
            recipient.link = publisher.pk
        out.append(recipient)
    return out


def _by_year(activities):
    """Commitments and disbursements (with expenditure) by year and currency, and the year's
    commitments in dirhams where every one had a rate."""
    flows = (
        Flow.objects.filter(activity__in=activities, kind=Flow.Kind.TRANSACTION, date__isnull=False)
        .filter(type__in=(COMMITMENT, DISBURSEMENT, EXPENDITURE))
        .annotate(year=ExtractYear("date"))
        .values("year", "currency", "type")
        .annotate(
            total=Sum("value"), mad=Sum("value_mad"), missing=Count("pk", filter=Q(value_mad__isnull=True))
        )
        .order_by("year", "currency", "type")
    )
    years = defaultdict(lambda: {"currencies": defaultdict(lambda: [ZERO, ZERO]), "mad": ZERO})
    for row in flows:
        entry = years[row["year"]]
        column = 0 if row["type"] == COMMITMENT else 1
        entry["currencies"][row["currency"]][column] += row["total"] or ZERO
        if column == 0:
            entry["mad"] += row["mad"] or ZERO
    by_year = [
        (year, [(c, v[0], v[1]) for c, v in sorted(entry["currencies"].items())], entry["mad"])
        for year, entry in sorted(years.items())
    ]
    return by_year, max((mad for _y, _c, mad in by_year), default=ZERO)


def _others(activities, ids):
    """Who else funds the donor's activities, and who implements them: by number of activities."""
    participants = (
        Participant.objects.filter(activity__in=activities, role__in=("1", "3", "4"))
        .exclude(publisher_id__in=ids)
        .values_list("activity_id", "role", "publisher_id", "publisher__names", "names")
    )
    funders, implementers = Counter(), Counter()
    labels = {}
    seen = set()
    for activity_id, role, publisher_id, publisher_names, names in participants:
        key = ("p", publisher_id) if publisher_id else ("n", _name(names))
        if not key[1] or (activity_id, role == "4", key) in seen:
            continue
        seen.add((activity_id, role == "4", key))
        labels[key] = _name(publisher_names) if publisher_id else key[1]
        (implementers if role == "4" else funders)[key] += 1
    shown = [
        key[1] for counter in (funders, implementers) for key, _n in counter.most_common(TOP) if key[0] == "p"
    ]
    # A publisher linked to a partner is named as the partner is, in the reader's language (one query).
    for publisher in Publisher.objects.filter(pk__in=shown, partner__isnull=False).select_related("partner"):
        labels[("p", publisher.pk)] = str(publisher.partner)
    as_rows = lambda counter: [  # noqa: E731
        Row(label=labels[key], count=n, link=key[1] if key[0] == "p" else None)
        for key, n in counter.most_common(TOP)
    ]
    return as_rows(funders), as_rows(implementers)


def _name(names: dict) -> str:
    from sharaka.iati.models import _best

    return _best(names or {})


def _median(values):
    return statistics.median(values).quantize(Decimal("0.01")) if values else None


def _top(rows):
    ordered = sorted(rows, key=lambda r: (-r.amount, -r.count, r.label))[:TOP]
    for row in ordered:
        row.amount = row.amount.quantize(Decimal("0.01"))
    return ordered


def donors(*, morocco_only=False, limit=50):
    """The organisations that publish or fund imported activities, the largest in Morocco first."""
    activities = ForeignActivity.objects.all()
    if morocco_only:
        activities = activities.filter(in_morocco=True)
    rows = (
        activities.values("reporting_org")
        .annotate(count=Count("pk"), ma=Count("pk", filter=Q(in_morocco=True)), mad=Sum("value_mad"))
        .order_by("-ma", "-count", "reporting_org")[:limit]
    )
    rows = list(rows)
    publishers = Publisher.objects.select_related("partner").in_bulk([r["reporting_org"] for r in rows])
    return [
        {
            "publisher": publishers[r["reporting_org"]],
            "count": r["count"],
            "in_morocco": r["ma"],
            "mad": r["mad"],
        }
        for r in rows
    ]


def area_donors(codes, *, country=MOROCCO):
    """Which donors fund the sector categories `codes` in a country, and how much (their shares)."""
    sectors = ActivitySector.objects.filter(
        activity__countries__country=country,
    ).values_list(
        "activity_id", "vocabulary", "code", "percentage", "activity__reporting_org_id", "activity__value_mad"
    )
    country_share = dict(
        ActivityCountry.objects.filter(country=country).values_list("activity_id", "percentage")
    )
    by_donor = defaultdict(lambda: Row(label=""))
    activities = defaultdict(set)
    for activity_id, vocabulary, code, share, donor, mad in sectors:
        if category(vocabulary, code) not in codes:
            continue
        row = by_donor[donor]
        if activity_id not in activities[donor]:
            activities[donor].add(activity_id)
            row.count += 1
        if mad is not None:
            row.amount += mad * share / 100 * country_share.get(activity_id, Decimal(0)) / 100
    publishers = Publisher.objects.select_related("partner").in_bulk(list(by_donor))
    for donor, row in by_donor.items():
        publisher = publishers[donor]
        row.label, row.link = str(publisher.partner) if publisher.partner_id else publisher.name, donor
    return _top(by_donor.values())


def for_partner(org, user) -> dict | None:
    """What the imported files say of a partner, for its page: None for a reader who may not see it.
    One query, and one more when the partner publishes, whatever the number of activities."""
    from sharaka.core.roles import can

    if not can(user, "iati.view"):
        return None
    named = list(Publisher.objects.filter(Q(partner=org) | Q(proposed_partner=org)).order_by("ref"))
    linked = [p for p in named if p.partner_id == org.pk]
    if not linked:
        return {"publishers": [], "proposal": named[0] if named else None}
    figures = donor_activities([p.pk for p in linked]).aggregate(
        count=Count("pk"),
        morocco_count=Count("pk", filter=Q(in_morocco=True)),
        souss_massa_count=Count("pk", filter=Q(in_souss_massa=True)),
        morocco_mad=Sum("value_mad", filter=Q(in_morocco=True)),
    )
    return {"publishers": linked, "proposal": None, **figures}


AREA_OF_CATEGORY = {category: area for area, categories in AREA_SECTORS.items() for category in categories}


def morocco_activities_by_area(partner_ids) -> dict[tuple[int, str], int]:
    """{(partner id, seed area code): number of imported activities in Morocco} for the partners
    named in IATI files: the funding matcher's record of what a funder funds here. An activity counts
    for each partner that reports it, funds it (role 1) or extends it (role 3), as `donor_activities`
    has it, whoever published the file: a donor that funds what an agency reports is seen. One query."""
    counted = defaultdict(set)
    in_morocco = ActivitySector.objects.filter(activity__in_morocco=True)
    reported = in_morocco.filter(activity__reporting_org__partner_id__in=partner_ids).values_list(
        "activity__reporting_org__partner_id", "vocabulary", "code", "activity_id"
    )
    funded = in_morocco.filter(
        activity__participants__role__in=("1", "3"),
        activity__participants__publisher__partner_id__in=partner_ids,
    ).values_list("activity__participants__publisher__partner_id", "vocabulary", "code", "activity_id")
    for partner_id, vocabulary, code, activity_id in reported.union(funded, all=True):
        area = AREA_OF_CATEGORY.get(category(vocabulary, code))
        if area:
            counted[(partner_id, area)].add(activity_id)
    return {key: len(ids) for key, ids in counted.items()}
