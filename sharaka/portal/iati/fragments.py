"""The IATI activity file streamed from kept fragments: each public project's `<iati-activity>`,
written once by the writer's own elements and stored (`portal.ActivityFragment`), then copied into
the file as bytes. Writing a region's 6,705 activities element by element took 30 to 80 s; copying
their stored bytes takes about as long as lxml needs to write them.

A fragment is rebuilt, just before the file is written (`refresh`), when anything it shows may have
changed:

- a change in the audit ledger (which every service writes in the same transaction as its change)
  touches its project: the entry's object is the project, or one of its rows (transactions,
  tranches, budget lines, documents, results, indicators, periods, updates, partners…), or an
  organisation taking part in it or funding it, or a locality or theme it is tagged with;
- the day has come when one of its actual dates or transactions, still to come when it was built,
  enters the file (`valid_until`), or the clock went back before it was built;
- the reporting organisation, the site's address or the code that writes activities changed
  (`context`).

The projects published, unpublished or archived are read afresh each time, so the file never holds
an activity that is no longer public. `differences()` compares every fragment that would be served
with a fresh build; `rebuild()` builds them all.
"""

import datetime
import hashlib
from collections import defaultdict
from decimal import Decimal
from pathlib import Path

from django.db import connection, transaction
from django.db.models import Max, Min, Q, Sum
from lxml import etree

from sharaka.portal import chains
from sharaka.portal.iati import elements, writer

# Fragments read per query when streaming (about 45 KB each at region scale).
STREAM_CHUNK = 200
# Projects built per chunk when refreshing: bigger than the writer's chunk, fewer queries.
BUILD_CHUNK = 100
ALL = "all"


# The code that writes an activity: a new version of it (a release) rebuilds every fragment.
CODE = hashlib.sha256(b"".join(Path(m.__file__).read_bytes() for m in (elements, writer, chains))).hexdigest()


def _context_key(ctx) -> str:
    """What every activity shows besides its project's rows: who reports, where the site is, and the
    code that writes it."""
    key = f"{ctx.reporting_ref}|{ctx.reporting_type}|{ctx.site_url}|{CODE}"
    return hashlib.sha256(key.encode()).hexdigest()


def _ledger_head() -> int:
    from sharaka.core.models import AuditEntry

    return AuditEntry.objects.aggregate(head=Max("id"))["head"] or 0


def activity_bytes(project, ctx) -> bytes:
    """The project's `<iati-activity>` exactly as the writer writes it into the file."""
    return etree.tostring(writer.activity_element(project, ctx), encoding="utf-8")


def _valid_until(chunk, ctx) -> dict[int, datetime.date | None]:
    """{project id: the first day after today on which its activity would read differently}: an
    actual date to come, or the value date of a transaction to come (one query for the chunk)."""
    from sharaka.finance.models import Transaction

    ids = [project.pk for project in chunk]
    later = dict(
        Transaction.objects.filter(project_id__in=ids, value_date__gt=ctx.today)
        .order_by()
        .values("project_id")
        .annotate(first=Min("value_date"))
        .values_list("project_id", "first")
    )
    out = {}
    for project in chunk:
        days = [
            d
            for d in (project.actual_start, project.actual_end, later.get(project.pk))
            if d and d > ctx.today
        ]
        out[project.pk] = min(days) if days else None
    return out


def budget_years_of(project) -> dict[int, Decimal]:
    """{year: MAD}: the project's budget periods, as its activity shows them, added up by year (the
    organisation file's total budgets add these up over the public projects)."""
    years = defaultdict(Decimal)
    for start, _end, amount in elements.budget_periods(project):
        years[start.year] += amount
    return dict(years)


def build(ids, ctx, through: int) -> int:
    """Build and store the fragments of the projects `ids` (public ones; the others' are deleted),
    with their budget years."""
    from sharaka.portal.models import ActivityBudgetYear, ActivityFragment

    key = _context_key(ctx)
    ids = list(ids)
    written = 0
    for first in range(0, len(ids), BUILD_CHUNK):
        part = ids[first : first + BUILD_CHUNK]
        chunk = list(writer.in_chunks(writer.published_projects().filter(pk__in=part), BUILD_CHUNK))
        until = _valid_until(chunk, ctx)
        rows, years = [], []
        for project in chunk:
            rows.append(
                ActivityFragment(
                    project_id=project.pk,
                    xml=activity_bytes(project, ctx),
                    through=through,
                    built_on=ctx.today,
                    valid_until=until[project.pk],
                    context=key,
                )
            )
            years.extend(
                ActivityBudgetYear(fragment_id=project.pk, year=year, amount_mad=amount)
                for year, amount in budget_years_of(project).items()
            )
            writer.forget(project)
        ActivityBudgetYear.objects.filter(fragment_id__in=part).delete()
        ActivityFragment.objects.filter(project_id__in=part).delete()
        ActivityFragment.objects.bulk_create(rows)
        ActivityBudgetYear.objects.bulk_create(years)
        written += len(rows)
        del chunk, rows
    return written


# --- what a change in the ledger touches -------------------------------------------------------------

# The rows the file reads and how to reach their project; any other model with a `project` foreign
# key is followed through it (an activity rebuilt for nothing costs little; one left stale is wrong).
PROJECT_PATHS = {
    "projects.project": "pk",
    "results.indicator": "result__project_id",
    "results.period": "indicator__result__project_id",
    "results.update": "period__indicator__result__project_id",
    "results.disaggregation": "update__period__indicator__result__project_id",
}


def _projects_of(label: str, object_ids: list[str], snapshots: list) -> set[int] | str:
    """The projects whose activity a change of these objects may show differently, or ALL."""
    from django.apps import apps

    from sharaka.finance.models import Funder
    from sharaka.projects.models import Project, ProjectPartner

    try:
        model = apps.get_model(label)
    except (LookupError, ValueError):
        return set()
    pks = [model._meta.pk.to_python(pk) for pk in object_ids]
    if label == "partners.organisation":
        return set(
            ProjectPartner.objects.filter(organisation_id__in=pks).values_list("project_id", flat=True)
        ) | set(Funder.objects.filter(organisation_id__in=pks).values_list("project_id", flat=True))
    if label in ("core.locality", "core.theme"):
        through = Project.localities.through if label == "core.locality" else Project.themes.through
        field = "locality_id" if label == "core.locality" else "theme_id"
        return set(through.objects.filter(**{f"{field}__in": pks}).values_list("project_id", flat=True))
    path = _path_to_project(model)
    if path is None:
        return set()
    found = dict(model.objects.filter(pk__in=pks).values_list("pk", path))
    projects = {p for p in found.values() if p}
    for pk, snapshot in zip(pks, snapshots, strict=True):
        if pk in found:
            continue
        if label == "projects.project":
            projects.add(pk)
            continue
        # Deleted since: its snapshot names its project, or a row that has one (a tranche its
        # funder), or we cannot tell which activity it was in.
        project = _project_in_snapshot(model, [s for s in snapshot if isinstance(s, dict)])
        if project is None:
            return ALL
        projects.add(project)
    return projects


def _path_to_project(model) -> str | None:
    """How a row of `model` reaches its project (a lookup for `values_list`), or None."""
    from sharaka.projects.models import Project

    path = PROJECT_PATHS.get(model._meta.label_lower)
    if path is None and any(
        getattr(f, "related_model", None) is Project and f.name == "project" and f.many_to_one
        for f in model._meta.get_fields()
    ):
        path = "project_id"
    return path


def _project_in_snapshot(model, snapshots) -> int | None:
    """The project of a deleted row: named in its snapshot, or reached through a row its snapshot
    names that still exists (a tranche's funder, a period's indicator)."""
    for snapshot in snapshots:
        if snapshot.get("project"):
            return int(snapshot["project"])
        for field in model._meta.get_fields():
            value = snapshot.get(field.name)
            if not (value and getattr(field, "many_to_one", False)):
                continue
            path = _path_to_project(field.related_model)
            if path:
                found = field.related_model.objects.filter(pk=value).values_list(path, flat=True).first()
                if found:
                    return found
    return None


def touched_since(mark: int) -> list[tuple[int, set[int] | str]]:
    """[(entry id, projects or ALL)] for the ledger's entries after `mark`, grouped by object type: one
    query for the entries and one per type."""
    from sharaka.core.models import AuditEntry

    by_label: dict[str, list] = {}
    for entry_id, label, object_id, before, after in (
        AuditEntry.objects.filter(id__gt=mark)
        .order_by("id")
        .values_list("id", "object_type", "object_id", "before", "after")
    ):
        by_label.setdefault(label, []).append((entry_id, object_id, (before, after)))
    out = []
    for label, entries in by_label.items():
        projects = _projects_of(label, [e[1] for e in entries], [e[2] for e in entries])
        out.append((max(e[0] for e in entries), projects))
    return out


# --- refresh and stream ------------------------------------------------------------------------------


def _lock():
    """Serialise refreshes (two exports at once would build the same fragments twice)."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [0x1A71])


def stale(ctx, public_ids) -> tuple[list[int], int, int]:
    """(the public projects whose fragment is missing or may be out of date, the ledger's head, the
    oldest mark of the fragments kept)."""
    from sharaka.portal.models import ActivityFragment

    head = _ledger_head()  # read first: a change committed after this is seen next time
    fresh = dict(
        ActivityFragment.objects.filter(context=_context_key(ctx), built_on__lte=ctx.today)
        .filter(Q(valid_until__isnull=True) | Q(valid_until__gt=ctx.today))
        .values_list("project_id", "through")
    )
    oldest = min(fresh.values(), default=head)
    if oldest < head:
        for entry_id, projects in touched_since(oldest):
            if projects == ALL:
                projects = list(fresh)
            for project in projects:
                if project in fresh and fresh[project] < entry_id:
                    del fresh[project]
    return [pk for pk in public_ids if pk not in fresh], head, oldest


def refresh(ctx=None, public_ids=None) -> int:
    """Rebuild the fragments that may be out of date and mark the others as seen up to the ledger's
    head; returns the number rebuilt. Nothing is written (no write lock taken) when all are fresh."""
    from sharaka.portal.models import ActivityFragment

    ctx = ctx or elements.Context.from_settings()
    if public_ids is None:
        public_ids = _public_ids()
    todo, head, oldest = stale(ctx, public_ids)
    if not todo and oldest >= head:
        return 0
    with transaction.atomic():
        _lock()
        todo, head, _oldest = stale(ctx, public_ids)  # again, under the lock
        built = build(todo, ctx, head)
        ActivityFragment.objects.filter(through__lt=head).update(through=head)
    return built


def _public_ids() -> list[int]:
    from sharaka.projects.models import Project

    return list(Project.objects.public().order_by("code").values_list("pk", flat=True))


def activity_chunks(ctx=None, progress=None):
    """The activity file, byte for byte what `writer.activity_chunks` writes, from the fragments
    (refreshed first): one query per `STREAM_CHUNK` activities."""
    from sharaka.portal.models import ActivityFragment

    ctx = ctx or elements.Context.from_settings()
    ids = _public_ids()
    refresh(ctx, ids)
    head, tail = writer.file_ends()
    yield head
    for first in range(0, len(ids), STREAM_CHUNK):
        part = ids[first : first + STREAM_CHUNK]
        stored = dict(ActivityFragment.objects.filter(project_id__in=part).values_list("project_id", "xml"))
        for pk in part:
            yield bytes(stored[pk])
            if progress:
                progress()
        del stored
    yield tail


def budget_years(ctx=None, public_ids=None) -> list[tuple[int, Decimal]]:
    """[(year, MAD)]: the public projects' budget periods added up per budget year, from the budget
    years kept beside their fragments (refreshed first, so a change shows at once): one SUM, whatever
    the number of projects. Equal to `writer.budget_years`, which computes it project by project."""
    from sharaka.lib.money import quantize
    from sharaka.portal.models import ActivityBudgetYear
    from sharaka.projects.models import Project

    refresh(ctx, public_ids)
    rows = (
        ActivityBudgetYear.objects.filter(fragment_id__in=Project.objects.public().values("pk"))
        .values("year")
        .annotate(total=Sum("amount_mad"))
        .order_by("year")
        .values_list("year", "total")
    )
    return [(year, quantize(Decimal(total))) for year, total in rows]


def organisation_chunks(ctx=None):
    """The organisation file, byte for byte what `writer.organisation_chunks` writes (but its
    generated datetimes), its total budgets from the kept budget years."""
    ctx = ctx or elements.Context.from_settings()
    yield from writer.organisation_chunks(ctx, budget=budget_years(ctx))


# --- kept.py -----------------------------------------------------------------------------------------


def rebuild() -> int:
    """Build every public project's fragment, drop the others'."""
    from sharaka.portal.models import ActivityBudgetYear, ActivityFragment

    ctx = elements.Context.from_settings()
    ids = _public_ids()
    ActivityBudgetYear.objects.exclude(fragment_id__in=ids).delete()
    ActivityFragment.objects.exclude(project_id__in=ids).delete()
    return build(ids, ctx, _ledger_head())


def differences() -> list:
    """The public projects whose fragment (or its budget years) would be served (fresh) but differs
    from a fresh build."""
    from sharaka.portal.models import ActivityBudgetYear, ActivityFragment

    ctx = elements.Context.from_settings()
    ids = _public_ids()
    todo, _head, _oldest = stale(ctx, ids)
    served = [pk for pk in ids if pk not in set(todo)]
    wrong = []
    for first in range(0, len(served), BUILD_CHUNK):
        part = served[first : first + BUILD_CHUNK]
        stored = dict(ActivityFragment.objects.filter(project_id__in=part).values_list("project_id", "xml"))
        years = defaultdict(dict)
        for pk, year, amount in ActivityBudgetYear.objects.filter(fragment_id__in=part).values_list(
            "fragment_id", "year", "amount_mad"
        ):
            years[pk][year] = amount
        for project in writer.in_chunks(writer.published_projects().filter(pk__in=part), BUILD_CHUNK):
            if bytes(stored[project.pk]) != activity_bytes(project, ctx):
                wrong.append(("activity fragment", project.code))
            if years.get(project.pk, {}) != budget_years_of(project):
                wrong.append(("activity budget years", project.code))
            writer.forget(project)
    return wrong
