"""What the portal reads, all through `Project.objects.public()`: each a fixed number of queries."""

from collections import defaultdict
from decimal import Decimal

from django.db.models import Count, F, Prefetch, Q, Sum

from sharaka.core.models import AuditEntry, Locality, Theme
from sharaka.core.pagination import in_as_text
from sharaka.partners.models import Organisation
from sharaka.projects.models import Document, Project, ProjectPartner


def public_projects():
    return Project.objects.public()


def public_transactions():
    """Transactions of public projects, up to today (a value date to come is not yet a fact)."""
    from django.utils import timezone

    from sharaka.finance.models import Transaction

    return Transaction.objects.filter(
        project__in=Project.objects.public(), value_date__lte=timezone.localdate()
    )


def money_road():
    """Received and spent, in dirhams at each transaction's recorded rate, for the public projects,
    up to today, from the finance app's running totals (`finance.tally.to_date`)."""
    from django.utils import timezone

    from sharaka.finance import tally
    from sharaka.finance.models import TxType

    sums = tally.to_date(Project.objects.public(), timezone.localdate(), by="type")
    return {
        name: sum((sums.get(t, Decimal(0)) for t in types), Decimal("0.00"))
        for name, types in (
            ("received", TxType.RECEIVED),
            ("spent", TxType.PAID),
            ("pledged", TxType.PLEDGED),
        )
    }


def project_money(project):
    """Received and spent for one public project, as `money_road` counts them for all: in dirhams at
    each transaction's recorded rate, up to today, from the running totals (two queries)."""
    from django.utils import timezone

    from sharaka.finance import tally
    from sharaka.finance.models import TxType

    sums = tally.to_date(Project.objects.filter(pk=project.pk), timezone.localdate(), by="type", few=True)
    return {
        name: sum((sums.get(t, Decimal(0)) for t in types), Decimal("0.00"))
        for name, types in (("received", TxType.RECEIVED), ("spent", TxType.PAID))
    }


def partner_documents(project):
    """The documents partners sent that the unit accepted and made public, for the agreements covering
    the project (sharaka/partnerspace): one query."""
    from sharaka.partnerspace.models import Submission

    return list(
        Submission.objects.filter(
            status=Submission.Status.ACCEPTED, is_public=True, obligation__agreement__projects=project
        )
        .only("pk", "title", "size", "reviewed_at")
        .order_by("-reviewed_at", "-id")
        .distinct()
    )


# The register of signed agreements: an agreement is public from its signature on (the law has the
# commune publish it within 8 days); drafts, deliberations in progress and refusals are not.
SIGNED_STATES = ("signed", "published", "budgeted", "in_force", "closed", "terminated", "lapsed")


def public_agreements():
    from sharaka.agreements.models import Agreement, AgreementParty

    # The status read as text (core.pagination.in_as_text): SQLite would otherwise pick the status
    # index and sort every signed agreement; this way both databases walk `agreement_public_order`
    # and stop after a page.
    return (
        in_as_text(Agreement.objects.filter(signed_on__isnull=False), "status", SIGNED_STATES)
        .order_by("-signed_on", "id")
        .prefetch_related(
            Prefetch("parties", queryset=AgreementParty.objects.select_related("organisation").order_by("id"))
        )
    )


def public_documents():
    return Document.objects.filter(
        visibility=Document.Visibility.PUBLIC, project__in=Project.objects.public()
    ).select_related("project")


def public_partners():
    """Organisations taking part in at least one public project, with `public_projects`, their number
    (kept by the services: projects/figures.py); contacts and notes never read."""
    return (
        Organisation.objects.filter(public_figure__projects__gt=0)
        .annotate(public_projects=F("public_figure__projects"))
        .only(
            "id", "name_ar", "name_fr", "name_en", "acronym", "model", "country", "website", "iati_identifier"
        )
        .order_by("name_fr", "name_en", "name_ar", "id")
    )


def project_list():
    return Project.objects.public_by_start().prefetch_related(
        Prefetch("themes", queryset=Theme.objects.filter(kind="area")),
        "localities",
    )


def project_detail_queryset():
    return public_projects().prefetch_related(
        "themes",
        "localities",
        "sectors",
        Prefetch(
            "participations",
            queryset=ProjectPartner.objects.select_related("organisation").order_by("role", "id"),
        ),
        Prefetch(
            "documents",
            queryset=Document.objects.filter(visibility=Document.Visibility.PUBLIC).order_by("-uploaded_at"),
            to_attr="public_documents",
        ),
    )


def _funding():
    return ProjectPartner.objects.filter(
        project__in=Project.objects.public(), role=ProjectPartner.Role.FUNDING, committed_amount__isnull=False
    )


def _rows(pairs):
    """[(label, currency, total)] → rows with a bar width relative to the largest total of each currency."""
    top = defaultdict(Decimal)
    for _label, currency, total in pairs:
        top[currency] = max(top[currency], total)
    return [
        {"label": label, "currency": currency, "total": total, "max": top[currency]}
        for label, currency, total in pairs
    ]


def committed_by_area():
    names = {t.pk: str(t) for t in Theme.objects.filter(kind="area")}
    pairs = (
        _funding()
        .filter(project__themes__kind="area")
        .values_list("project__themes", "currency")
        .annotate(total=Sum("committed_amount"))
        .order_by("currency", "-total")
    )
    return _rows([(names.get(theme, ""), currency, total) for theme, currency, total in pairs])


def committed_by_partner(limit=10):
    pairs = list(
        _funding()
        .values_list("organisation", "currency")
        .annotate(total=Sum("committed_amount"))
        .order_by("currency", "-total")
    )
    organisations = Organisation.objects.in_bulk({o for o, _c, _t in pairs})
    return _rows([(organisations[o], currency, total) for o, currency, total in pairs][:limit])


def committed_by_year():
    pairs = (
        _funding()
        .exclude(committed_on__isnull=True)
        .values_list("committed_on__year", "currency")
        .annotate(total=Sum("committed_amount"))
        .order_by("currency", "committed_on__year")
    )
    return _rows([(str(year), currency, total) for year, currency, total in pairs])


def totals():
    figures = public_projects().aggregate(
        projects=Count("id"),
        ongoing=Count("id", filter=Q(status="in_implementation")),
        women=Sum("beneficiaries_women"),
        youth=Sum("beneficiaries_youth"),
        disabled=Sum("beneficiaries_disabled"),
        other=Sum("beneficiaries_other"),
    )
    figures["beneficiaries"] = sum(figures.pop(k) or 0 for k in ("women", "youth", "disabled", "other"))
    figures["partners"] = public_partners().count()
    figures["localities"] = Locality.objects.filter(project__in=public_projects()).distinct().count()
    return figures


def map_points():
    """Localities of public projects with the projects at each: [(locality, [projects])]."""
    localities = (
        Locality.objects.filter(project__in=public_projects())
        .distinct()
        .order_by("id")
        .prefetch_related(
            Prefetch("project_set", queryset=public_projects().order_by("code"), to_attr="public")
        )
    )
    return list(localities)


def home_figures() -> dict:
    """What the portal's home shows, computed once per state of the data and kept in the cache.

    Every change of data writes an entry to the audit ledger, so the ledger's head names the state of
    the data: the figures are recomputed when the head moves (or the day, for value dates up to
    today, or the language, for the labels) and otherwise read from the cache. A crowd of citizens
    costs one cheap query each; the first visitor after a change pays for the sums.
    """
    from django.utils import timezone, translation

    from sharaka.core import audit

    def compute():
        return {
            "totals": totals(),
            "money": money_road(),
            "by_area": committed_by_area(),
            "by_partner": committed_by_partner(),
            "by_year": committed_by_year(),
            "latest": list(project_list()[:6]),
            "ledger": ledger_head(),
        }

    return audit.cached_per_state(
        f"portal:home:{translation.get_language()}:{timezone.localdate():%Y%m%d}", compute
    )


LEDGER_COUNT_KEY = "portal:ledger-count"


def ledger_head():
    """The head of the chain and the number of entries, without counting the whole ledger each time.

    The ledger only grows, in id order (its writers are serialised, `core.audit.lock_ledger`), so
    the count at a known head plus the entries after it is the count now. The first request of each
    process counts everything (1 s on PostgreSQL at a million entries); the rest count the newcomers.
    A deleted entry is the verifier's business (`verify_ledger`), not this figure's.
    """
    from django.core.cache import cache

    last = AuditEntry.objects.order_by("-id").only("id", "at", "hash").first()
    if last is None:
        return {"count": 0, "last": None}
    known = cache.get(LEDGER_COUNT_KEY)
    if known and known[0] <= last.pk:
        count = known[1] + AuditEntry.objects.filter(pk__gt=known[0], pk__lte=last.pk).count()
    else:
        count = AuditEntry.objects.filter(pk__lte=last.pk).count()
    cache.set(LEDGER_COUNT_KEY, (last.pk, count), None)
    return {"count": count, "last": last}


def ledger_rows():
    """The public part of the ledger: no actor, no object id or name, no before/after, no reason."""
    return AuditEntry.objects.order_by("id").values_list(
        "id", "at", "action", "object_type", "previous_hash", "content_hash", "hash"
    )
