"""The staff home's figures, kept by the services: projects (not archived) per status and per theme,
and what their funders committed per theme and currency with its value in dirhams
(`models.StatusFigure`, `ThemeFigure`, `ThemeCommitment`); and for the portal's partner list, in how
many public projects each organisation takes part (`models.PublicPartnerFigure`).

How they are kept: a service that changes what they count (a project's creation, status, themes,
archival or publication; its partners; a funder's commitment, its currency or value date; an
exchange rate, which moves the
dirham value of the commitments it applies to) takes `before = figures.project_before(pk)` (or
`figures.rate_before(currency, date)`) before its change and calls `figures.after(before)` after it,
in the same transaction: the figures of that one project (or of the commitments that rate applies
to) are computed before and after, and the difference is added to the kept rows. Both steps hold
the ledger's lock (core/audit.py), so two writers cannot count the same change twice.

The dirham value of a commitment is the one of `projects/mad.py` (the rate of its value date, rounded
once, integer centimes): sums of integers, so the kept totals equal a direct sum exactly.
"""

from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from django.db import connection
from django.db.models import Case, Count, F, Sum, Value, When
from django.db.models.lookups import IsNull

from sharaka.core import audit
from sharaka.finance.rates import MAX_RATE_AGE
from sharaka.projects import mad
from sharaka.projects.models import (
    Project,
    ProjectPartner,
    PublicPartnerFigure,
    StatusFigure,
    ThemeCommitment,
    ThemeFigure,
)

ZERO = Decimal(0)


# --- what the figures of some projects or commitments are -------------------------------------------


def _figures(projects, partners) -> dict:
    """{key: values} for the given projects (None: leave the counts out) and commitments, archived
    projects left out. Keys: ("status", status) and ("theme", theme_id) -> (projects,);
    ("public", organisation_id) -> (public projects,);
    ("money", theme_id, currency) -> (amount, amount_mad, commitments, without_rate)."""
    out = {}
    if projects is not None:
        public = ProjectPartner.objects.filter(project__in=Project.objects.public().filter(pk__in=projects))
        for organisation_id, n in (
            public.values_list("organisation_id").annotate(n=Count("project_id", distinct=True)).order_by()
        ):
            out[("public", organisation_id)] = (n,)
        projects = projects.filter(archived_at__isnull=True)
        for status, n in projects.values_list("status").annotate(n=Count("id")).order_by():
            out[("status", status)] = (n,)
        themes = Project.themes.through.objects.filter(project__in=projects)
        for theme_id, n in themes.values_list("theme_id").annotate(n=Count("id")).order_by():
            out[("theme", theme_id)] = (n,)
    rows = (
        partners.filter(
            project__archived_at__isnull=True,
            role=ProjectPartner.Role.FUNDING,
            committed_amount__isnull=False,
        )
        .values_list("project__themes", "currency")
        .annotate(
            amount=Sum("committed_amount"),
            in_mad=Sum(mad.converted()),
            n=Count("id"),
            missing=Sum(Case(When(IsNull(mad.converted(), True), then=Value(1)), default=Value(0))),
        )
        .order_by()
    )
    for theme_id, currency, amount, in_mad, n, missing in rows:
        if theme_id is not None:  # a project without themes counts under none
            out[("money", theme_id, currency)] = (amount, in_mad or ZERO, n, missing)
    return out


def computed() -> dict:
    """Every figure, summed from the source rows (what the kept rows must equal)."""
    return _figures(Project.objects.all(), ProjectPartner.objects.all())


def kept() -> dict:
    out = {("status", s): (n,) for s, n in StatusFigure.objects.values_list("status", "projects")}
    out.update({("theme", t): (n,) for t, n in ThemeFigure.objects.values_list("theme_id", "projects")})
    out.update(
        {
            ("public", o): (n,)
            for o, n in PublicPartnerFigure.objects.values_list("organisation_id", "projects")
        }
    )
    for row in ThemeCommitment.objects.all():
        out[("money", row.theme_id, row.currency)] = (
            row.amount,
            row.amount_mad,
            row.commitments,
            row.without_rate,
        )
    return out


# --- keeping them ------------------------------------------------------------------------------------


@dataclass
class Before:
    measure: object  # () -> dict: the figures of what is changing
    figures: dict


def _serialise() -> None:
    audit.lock_ledger(connection)


def _of_project(project_id: int):
    def measure():
        return _figures(
            Project.objects.filter(pk=project_id), ProjectPartner.objects.filter(project_id=project_id)
        )

    return measure


def project_before(project_id: int) -> Before:
    """The figures of one project before a change (its status, themes, archival, commitments)."""
    _serialise()
    measure = _of_project(project_id)
    return Before(measure, measure())


def project_added() -> Before:
    """Before a project is created: nothing to count yet; `after(before, project_id=...)` counts it."""
    _serialise()
    return Before(None, {})


def rate_before(currency: str, date) -> Before:
    """The dirham figures of the commitments a rate of `currency` dated `date` applies to (value dates
    from `date` to `date + MAX_RATE_AGE`, projects/mad.py), before the rate is entered or corrected."""
    _serialise()

    def measure():
        return _figures(
            None,
            ProjectPartner.objects.filter(
                currency=currency, committed_on__gte=date, committed_on__lte=date + MAX_RATE_AGE
            ),
        )

    return Before(measure, measure())


def after(before: Before, *, project_id: int | None = None) -> None:
    """Add to the kept rows what changed since `before`."""
    if project_id is not None:
        before.measure = _of_project(project_id)
    _keep(before.figures, before.measure())


def _keep(old: dict, new: dict) -> None:
    for key in old.keys() | new.keys():
        was, now = old.get(key), new.get(key)
        if was == now:
            continue
        width = len(was or now)
        was, now = was or (0,) * width, now or (0,) * width
        _add(key, tuple(b - a for a, b in zip(was, now, strict=True)))


def _add(key: tuple, delta: tuple) -> None:
    kind = key[0]
    if kind == "status":
        model, where, names = StatusFigure, {"status": key[1]}, ["projects"]
    elif kind == "theme":
        model, where, names = ThemeFigure, {"theme_id": key[1]}, ["projects"]
    elif kind == "public":
        model, where, names = PublicPartnerFigure, {"organisation_id": key[1]}, ["projects"]
    else:
        model, where = ThemeCommitment, {"theme_id": key[1], "currency": key[2]}
        names = ["amount", "amount_mad", "commitments", "without_rate"]
    if not model.objects.filter(**where).update(
        **{
            name: F(name) + Value(d, output_field=model._meta.get_field(name))
            for name, d in zip(names, delta, strict=True)
        }
    ):
        model.objects.create(**where, **dict(zip(names, delta, strict=True)))
    elif delta[-2 if kind == "money" else 0] < 0:  # a count went down: drop the row if it is empty now
        model.objects.filter(**where, **{names[-2 if kind == "money" else 0]: 0}).delete()


# --- the registry's side (core/kept.py) --------------------------------------------------------------


def rebuild() -> int:
    """Recompute every figure from the projects and commitments; returns the rows written."""
    StatusFigure.objects.all().delete()
    ThemeFigure.objects.all().delete()
    ThemeCommitment.objects.all().delete()
    PublicPartnerFigure.objects.all().delete()
    rows = defaultdict(list)
    for key, values in computed().items():
        if key[0] == "status":
            rows[StatusFigure].append(StatusFigure(status=key[1], projects=values[0]))
        elif key[0] == "theme":
            rows[ThemeFigure].append(ThemeFigure(theme_id=key[1], projects=values[0]))
        elif key[0] == "public":
            rows[PublicPartnerFigure].append(PublicPartnerFigure(organisation_id=key[1], projects=values[0]))
        else:
            amount, amount_mad, n, missing = values
            rows[ThemeCommitment].append(
                ThemeCommitment(
                    theme_id=key[1],
                    currency=key[2],
                    amount=amount,
                    amount_mad=amount_mad,
                    commitments=n,
                    without_rate=missing,
                )
            )
    for model, objs in rows.items():
        model.objects.bulk_create(objs, batch_size=500)
    return sum(len(objs) for objs in rows.values())


def differences() -> list[tuple]:
    """(key, kept, computed) for every figure whose kept row disagrees: empty when all is well."""
    have, want = kept(), computed()
    return sorted(
        (
            (key, have.get(key), want.get(key))
            for key in have.keys() | want.keys()
            if have.get(key) != want.get(key)
        ),
        key=str,
    )
