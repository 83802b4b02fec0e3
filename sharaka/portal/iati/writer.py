"""Streamed IATI files: lxml's incremental writer, flushed after each activity, the projects read a
chunk at a time with only the fields the elements use, so memory stays flat whatever the number of
projects."""

from collections import defaultdict
from decimal import Decimal

from django.db.models import OuterRef, Prefetch, Subquery, Sum
from django.utils import timezone
from lxml import etree

from sharaka.core.multilingual import CONTENT_LANGUAGES
from sharaka.portal import chains
from sharaka.portal.iati import elements

VERSION = "2.03"


class _Sink:
    """A file-like object that hands over what lxml has written so far."""

    def __init__(self):
        self.parts: list[bytes] = []

    def write(self, data):
        self.parts.append(bytes(data))

    def take(self) -> bytes:
        data, self.parts = b"".join(self.parts), []
        return data


# Projects read per chunk: the chunk's projects and their prefetches are the only rows in memory
# (tens of KB a project with 60 transactions), for at most 11 queries per chunk whatever its size
# (the projects, 7 prefetches, the transactions, and the results chain in three: `chains.attach`).
CHUNK_SIZE = 20

# What the elements read, and nothing else: the long internal texts and the private fields are never
# loaded, and the rows are small.
PROJECT_FIELDS = (
    "id",
    "code",
    *(f"{base}_{code}" for base in ("title", "summary") for code in CONTENT_LANGUAGES),
    "status",
    "planned_start",
    "planned_end",
    "actual_start",
    "actual_end",
    "updated_at",
)
ORGANISATION_FIELDS = ("iati_identifier", "iati_type", "acronym", *(f"name_{c}" for c in CONTENT_LANGUAGES))


def _funder_fields(prefix):
    return (
        prefix,
        f"{prefix}__kind",
        f"{prefix}__name",
        f"{prefix}__organisation",
        *(f"{prefix}__organisation__{field}" for field in ORGANISATION_FIELDS),
    )


def published_projects():
    """The public projects, with everything the elements read but their transactions, in stable
    order. Read it through `in_chunks`, which reads it chunk by chunk and attaches the transactions."""
    from sharaka.finance.models import BudgetLine, Tranche
    from sharaka.projects.models import Document, Project, ProjectPartner

    budget_total = (
        BudgetLine.objects.filter(project=OuterRef("pk"))
        .order_by()
        .values("project")
        .annotate(total=Sum("amount_mad"))
        .values("total")
    )
    return (
        Project.objects.public()
        .order_by("code")
        .only(*PROJECT_FIELDS)
        .annotate(budget_total=Subquery(budget_total))
        .prefetch_related(
            Prefetch(
                "participations",
                queryset=ProjectPartner.objects.select_related("organisation").only(
                    "id",
                    "project_id",
                    "role",
                    "organisation",
                    *(f"organisation__{f}" for f in ORGANISATION_FIELDS),
                ),
            ),
            "sectors",
            "themes",
            "localities",
            Prefetch(
                "documents",
                queryset=Document.objects.filter(visibility=Document.Visibility.PUBLIC)
                .only("id", "project_id", "title", "kind", "content_type", "uploaded_at")
                .order_by("id"),
                to_attr="public_documents",
            ),
            Prefetch(
                "finance_tranches",
                queryset=Tranche.objects.select_related("funder__organisation")
                .only("id", "project_id", "expected_on", "currency", "amount", *_funder_fields("funder"))
                .order_by("expected_on", "id"),
                to_attr="public_tranches",
            ),
        )
    )


# A transaction's fields, in `elements.Transaction` order, then its funder's organisation's.
TX_FIELDS = (
    "type",
    "value_date",
    "currency",
    "amount",
    "provider",
    "funder__organisation_id",
    "funder__organisation__iati_identifier",
    *(f"funder__organisation__name_{c}" for c in CONTENT_LANGUAGES),
)


def _attach_transactions(chunk):
    """Each project's public transactions as `elements.Transaction` tuples: one query per chunk,
    plain values rather than model instances."""
    from sharaka.portal.queries import public_transactions

    by_project = {project.pk: project for project in chunk}
    for project in chunk:
        project.public_transactions = []
    rows = (
        public_transactions()
        .filter(project_id__in=by_project)
        .order_by("project_id", "value_date", "id")
        .values_list("project_id", *TX_FIELDS)
    )
    for project_id, kind, value_date, currency, amount, provider, organisation_id, *organisation in rows:
        by_project[project_id].public_transactions.append(
            elements.Transaction(
                kind,
                value_date,
                currency,
                amount,
                provider,
                elements.Organisation(*(v or "" for v in organisation)) if organisation_id else None,
            )
        )


def in_chunks(projects, chunk_size=CHUNK_SIZE):
    """Each project of the queryset, read `chunk_size` at a time: one query for the ids, then per
    chunk one for the projects and one per prefetch. Nothing of a chunk is kept after it."""
    if not hasattr(projects, "values_list"):  # a list already in memory
        yield from projects
        return
    ids = list(projects.prefetch_related(None).values_list("pk", flat=True))
    for first in range(0, len(ids), chunk_size):
        chunk = list(projects.filter(pk__in=ids[first : first + chunk_size]))
        _attach_transactions(chunk)
        chains.attach(chunk)  # results, indicators, periods: three queries for the chunk
        yield from chunk
        del chunk


def forget(project):
    """Drop what was prefetched for a written project. Django points each prefetched row back at its
    project (tranche.project is the project), a reference cycle that only the cyclic garbage
    collector frees, late, so chunks piled up in memory; cut, the chunk is freed when dropped."""
    project.__dict__.pop("_prefetched_objects_cache", None)
    for attr in ("public_documents", "public_tranches", "public_transactions", "public_results"):
        project.__dict__.pop(attr, None)


def budget_years():
    """[(year, MAD)]: the published projects' budget periods added up per budget (calendar) year."""
    totals = defaultdict(Decimal)
    for project in published_projects().prefetch_related(None).iterator(chunk_size=2000):
        for start, _end, amount in elements.budget_periods(project):
            totals[start.year] += amount
    return sorted(totals.items())


def expenditure_years(today):
    """[(year, MAD)]: the published projects' disbursements and expenditures (`TxType.PAID`) added
    up per calendar year of their value date, up to `today` (a value date to come is not yet a fact,
    as in the activity file). Corrections are negative transactions and count as such.

    Read from the running totals (`finance.tally.to_date`): summing a region's million transactions
    took 6 s on SQLite, the totals 0.15 s."""
    from sharaka.finance import tally
    from sharaka.finance.models import TxType
    from sharaka.projects.models import Project

    return sorted(tally.to_date(Project.objects.public(), today, by="year", types=TxType.PAID).items())


def _generated():
    return timezone.now().replace(microsecond=0).isoformat()


def activity_element(project, ctx):
    """One activity, built whole (it is small). (lxml's xf.element would map xml:lang to a ns0 prefix.)"""
    activity = etree.Element("iati-activity", elements.activity_attributes(project, ctx))
    for element_of in elements.ACTIVITY:
        activity.extend(element_of(project, ctx))
    return activity


def file_ends() -> tuple[bytes, bytes]:
    """The activity file's bytes before its first activity and after its last, as `activity_chunks`
    writes them (for `fragments`, which copies stored activities in between)."""
    attributes = {"version": VERSION, "generated-datetime": _generated()}
    sink = _Sink()
    with etree.xmlfile(sink, encoding="utf-8") as xf:
        xf.write_declaration()
        with xf.element("iati-activities", attributes):
            xf.flush()
            head = sink.take()
    return head, sink.take()


def activity_chunks(projects=None, ctx=None, progress=None, chunk_size=CHUNK_SIZE):
    """Yield the activity file as bytes, one chunk per activity."""
    ctx = ctx or elements.Context.from_settings()
    projects = published_projects() if projects is None else projects
    sink = _Sink()
    with etree.xmlfile(sink, encoding="utf-8") as xf:
        xf.write_declaration()
        with xf.element("iati-activities", {"version": VERSION, "generated-datetime": _generated()}):
            for project in in_chunks(projects, chunk_size):
                # One activity is built whole, then written, flushed and dropped: the file as a whole
                # never sits in memory, nor more than one chunk of projects.
                xf.write(activity_element(project, ctx))
                xf.flush()
                forget(project)
                if progress:
                    progress()
                yield sink.take()
    yield sink.take()


def organisation_chunks(ctx=None, budget=None):
    """The organisation file. `budget`: its total budgets ([(year, MAD)]) when already known (from
    the kept budget years, `fragments.organisation_chunks`), else computed here (`budget_years`)."""
    ctx = ctx or elements.Context.from_settings()
    sink = _Sink()
    with etree.xmlfile(sink, encoding="utf-8") as xf:
        xf.write_declaration()
        with xf.element("iati-organisations", {"version": VERSION, "generated-datetime": _generated()}):
            attributes = {
                "last-updated-datetime": _generated(),
                elements.XML_LANG: "ar",
                "default-currency": "MAD",
            }
            organisation = etree.Element("iati-organisation", attributes)
            for element_of in elements.ORGANISATION:
                organisation.extend(element_of(ctx))
            organisation.extend(elements.total_budgets(ctx, budget_years() if budget is None else budget))
            # (recipient-org-, recipient-region- and recipient-country-budget would go here)
            organisation.extend(elements.total_expenditures(ctx, expenditure_years(ctx.today)))
            xf.write(organisation)
    yield sink.take()
