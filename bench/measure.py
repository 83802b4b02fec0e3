"""Time the key pages in-process with Django's test client, signed in, against a generated database.

Each page gets warm-up requests, then `requests` timed GETs (`time.perf_counter_ns` around
`Client.get`: every middleware, the view, the queries and the template, but no HTTP parsing or
network), then one more GET of each URL of the rotation inside `CaptureQueriesContext` to count
its queries (apart, so that recording the SQL does not slow the timed ones; the page's figure is the
most any of its objects took, which is what must not grow with the data). Detail pages rotate over
objects spread through the table, so the figure is a typical object, not one that stays hot in a
cache.
"""

import statistics
import sys
import time

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import NoReverseMatch, reverse

WARMUP = 10
# On PostgreSQL, the plans of the PLANS_TOP slowest queries of each page whose p95 is over
# PLANS_OVER times the floor's go to bench/results/<date>-<scale>-postgresql-plans.md.
PLANS_OVER = 5
PLANS_TOP = 2
ROTATE = 50  # objects to rotate over on detail pages
# A page slower than this per request is cut short rather than holding the run for hours: the
# database stops its query (SQLite progress handler, PostgreSQL statement_timeout) and the page
# is reported as timed out. A slow page gets fewer timed requests, about PAGE_BUDGET_S in all.
REQUEST_LIMIT_S = 60
PAGE_BUDGET_S = 60
_deadline = [float("inf")]

SEARCHES = ["تحلية مياه", "التراث", "Tamraght", "formation jeunes"]
# The floor: a trivial signed-in page through the same middleware (session, auth, locale, CSP, messages).
FLOOR = "floor"


def _spread(ids: list[int], count: int = ROTATE) -> list[int]:
    if len(ids) <= count:
        return ids
    step = len(ids) / count
    return [ids[int(i * step)] for i in range(count)]


def pages() -> list[tuple[str, str, list[str], bool]]:
    """(key, what it is, the URLs to rotate over, public) for every key page that exists today.

    Public pages are requested signed out, as a citizen would; the others as the cooperation officer.
    """
    from django.apps import apps

    from sharaka.partners.models import Organisation
    from sharaka.projects.models import Project

    project_ids = _spread(list(Project.objects.order_by("id").values_list("id", flat=True)))
    partner_ids = _spread(list(Organisation.objects.order_by("id").values_list("id", flat=True)))
    some_partner = Organisation.objects.order_by("id").values_list("id", flat=True).first()

    def ids(model_label, queryset=None):
        if not apps.is_installed(f"sharaka.{model_label.split('.')[0]}"):
            raise LookupError(model_label)
        model = apps.get_model(model_label)
        qs = queryset(model) if queryset else model.objects.all()
        found = _spread(list(qs.order_by("id").values_list("id", flat=True)))
        if not found:
            raise LookupError(model_label)
        return found

    def funded(model):
        from sharaka.projects.pipeline import FUNDED

        return model.objects.filter(status__in=FUNDED)

    def public(model):
        return model.objects.public()

    def public_with_results(model):
        return model.objects.public().filter(results__isnull=False).distinct()

    def with_results(model):
        return model.objects.filter(results__isnull=False).distinct()

    def with_plan(model):
        return model.objects.filter(sustainability_plan__isnull=False)

    def public_with_plan(model):
        return model.objects.public().filter(sustainability_plan__isnull=False)

    wanted = [
        (
            FLOOR,
            "floor: password change form (/accounts/password/)",
            lambda: [reverse("password_change")],
            False,
        ),
        ("home", "staff home (dashboard)", lambda: [reverse("home")], False),
        ("project_list", "project list, first page", lambda: [reverse("project_list")], False),
        (
            "project_list_filtered",
            "project list, filtered (status and area; partner and objective; words and year)",
            lambda: [
                reverse("project_list") + "?status=in_implementation&area=water_energy&sort=recent",
                reverse("project_list") + f"?partner={some_partner}&objective=infrastructure",
                reverse("project_list") + "?q=تحلية&year=2025",
            ],
            False,
        ),
        (
            "project_detail",
            "project detail",
            lambda: [reverse("project_detail", args=[pk]) for pk in project_ids],
            False,
        ),
        ("partner_list", "partner list, first page", lambda: [reverse("partner_list")], False),
        (
            "partner_detail",
            "partner detail",
            lambda: [reverse("partner_detail", args=[pk]) for pk in partner_ids],
            False,
        ),
        ("agreement_list", "agreement list, first page", lambda: [reverse("agreement_list")], False),
        (
            "agreement_detail",
            "agreement detail",
            lambda: [reverse("agreement_detail", args=[pk]) for pk in ids("agreements.Agreement")],
            False,
        ),
        (
            "finance_dashboard",
            "finance report: the finance dashboard",
            lambda: [reverse("finance_dashboard")],
            False,
        ),
        (
            "finance_project",
            "a funded project's finances",
            lambda: [reverse("finance_project", args=[pk]) for pk in ids("projects.Project", funded)],
            False,
        ),
        (
            "finance_transactions",
            "transactions, first page",
            lambda: [reverse("finance_transactions")],
            False,
        ),
        (
            "report_pdf",
            "donor financial report, PDF in Arabic (WeasyPrint)",
            lambda: [reverse("finance_report_pdf", args=[pk]) for pk in ids("finance.FinancialReport")],
            False,
        ),
        (
            "report_xlsx",
            "donor financial report, XLSX (right-to-left sheet)",
            lambda: [reverse("finance_report_xlsx", args=[pk]) for pk in ids("finance.FinancialReport")],
            False,
        ),
        (
            "agreement_draft",
            "agreement draft, DOCX in Arabic",
            lambda: [
                reverse("agreement_draft", args=[pk]) + "?language=ar" for pk in ids("agreements.Agreement")
            ],
            False,
        ),
        (
            "search",
            "search (Arabic without diacritics, French)",
            lambda: [f"{reverse('search')}?q={q}" for q in SEARCHES],
            False,
        ),
        ("portal_home", "public portal home (signed out)", lambda: [reverse("portal:home")], True),
        (
            "portal_projects",
            "public project list (signed out)",
            lambda: [reverse("portal:project_list")],
            True,
        ),
        (
            "portal_partner_list",
            "public partner list (signed out)",
            lambda: [reverse("portal:partner_list")],
            True,
        ),
        (
            "portal_agreement_list",
            "public agreement list (signed out)",
            lambda: [reverse("portal:agreement_list")],
            True,
        ),
        (
            "portal_project",
            "public project page (signed out)",
            lambda: [reverse("portal:project_detail", args=[pk]) for pk in ids("projects.Project", public)],
            True,
        ),
        (
            "portal_project_results",
            "public project page with its results chain, 5 indicators × 8 periods (signed out)",
            lambda: [
                reverse("portal:project_detail", args=[pk])
                for pk in ids("projects.Project", public_with_results)
            ],
            True,
        ),
        (
            # The workspace's results page is another engineer's: measured once its URL exists
            # (NoReverseMatch until then leaves it out, as for any page not built yet).
            "results_project",
            "a project's results page (workspace)",
            lambda: [
                reverse("results_project", kwargs={"pk": pk}) for pk in ids("projects.Project", with_results)
            ],
            False,
        ),
        (
            "project_detail_sustainability",
            "project detail of a project with a sustainability plan (results and sustainability sections)",
            lambda: [reverse("project_detail", args=[pk]) for pk in ids("projects.Project", with_plan)],
            False,
        ),
        (
            "sustainability_dashboard",
            "sustainability dashboard (coverage, warnings, highest risks)",
            lambda: [reverse("sustainability_dashboard")],
            False,
        ),
        (
            "sustainability_plan",
            "a project's sustainability plan (costs, evidence, checks, risks)",
            lambda: [
                reverse("sustainability_plan", kwargs={"pk": pk}) for pk in ids("projects.Project", with_plan)
            ],
            False,
        ),
        (
            "portal_project_sustainability",
            "public project page with its sustainability summary (signed out)",
            lambda: [
                reverse("portal:project_detail", args=[pk])
                for pk in ids("projects.Project", public_with_plan)
            ],
            True,
        ),
        # The API (sharaka/api, docs/api.md), read by the cooperation officer's session like the pages:
        # a first cursor page of 50 projects and of 50 transactions, and a project as a tool reads it.
        ("api_project_list", "API: projects, first page (JSON)", lambda: [reverse("api:projects")], False),
        (
            "api_transaction_list",
            "API: transactions, first page (JSON)",
            lambda: [reverse("api:transactions")],
            False,
        ),
        (
            "api_project_detail",
            "API: a project (JSON)",
            lambda: [reverse("api:project", args=[pk]) for pk in project_ids],
            False,
        ),
        # Matching (funding): measured once the scale's database holds calls (the generator makes
        # none yet; `python -m bench.matching` times it on its own data meanwhile).
        (
            "funding_project_calls",
            "calls ranked for a project (matching)",
            lambda: (
                ids("funding.Call"),
                [reverse("funding_project_calls", args=[pk]) for pk in project_ids],
            )[1],
            False,
        ),
        (
            "funding_call_projects",
            "projects ranked for a call (matching)",
            lambda: [reverse("funding_call_projects", args=[pk]) for pk in ids("funding.Call")],
            False,
        ),
    ]
    found = []
    for key, label, urls, is_public in wanted:
        try:
            found.append((key, label, urls(), is_public))
        except (NoReverseMatch, LookupError, AttributeError):
            continue
    return found


def _percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(q * (len(ordered) - 1))))
    return ordered[index]


def _install_guard(sender=None, connection=None, **kwargs) -> None:
    """Make every database connection give up on a query once the request's deadline has passed."""
    if connection.vendor == "sqlite":
        connection.connection.set_progress_handler(lambda: int(time.monotonic() > _deadline[0]), 10_000)
    elif connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(f"SET statement_timeout = {REQUEST_LIMIT_S * 1000}")


def _get(client: Client, url: str):
    """GET the page and read its whole body (a streamed file is produced while it is read)."""
    _deadline[0] = time.monotonic() + REQUEST_LIMIT_S
    try:
        response = client.get(url)
        response.body_size = (
            sum(len(chunk) for chunk in response.streaming_content)
            if response.streaming
            else len(response.content)
        )
        return response
    finally:
        _deadline[0] = float("inf")


def measure_page(client: Client, urls: list[str], requests: int, floor=None) -> dict:
    """Time `requests` GETs of the page. With `floor` (the signed-in client and the floor's URL), each
    timed request of the page is followed by one of the floor, timed too: the page's p95 is then read
    against the floor's p95 over the same seconds (`floor_p95_ms`), so that other work on the shared
    cores, which comes and goes during a run, weighs on both alike."""
    statuses: dict[int, int] = {}
    started = time.perf_counter()
    probe = _get(client, urls[0])
    first = time.perf_counter() - started
    if probe.status_code != 200 and first >= REQUEST_LIMIT_S * 0.9:
        return {
            "timed_out": True,
            "limit_s": REQUEST_LIMIT_S,
            "requests": 1,
            "statuses": {str(probe.status_code): 1},
        }
    warmup = WARMUP
    if first > PAGE_BUDGET_S / requests:  # a slow page: fewer requests, the run stays bounded
        requests = max(5, min(requests, int(PAGE_BUDGET_S / first)))
        warmup = 1
    for i in range(warmup):
        _get(client, urls[i % len(urls)])
    timings = []
    size = 0
    floor_timings = []
    for i in range(requests):
        url = urls[i % len(urls)]
        start = time.perf_counter_ns()
        response = _get(client, url)
        timings.append((time.perf_counter_ns() - start) / 1e6)
        statuses[response.status_code] = statuses.get(response.status_code, 0) + 1
        size += response.body_size
        if floor:
            start = time.perf_counter_ns()
            _get(*floor)
            floor_timings.append((time.perf_counter_ns() - start) / 1e6)
    queries = []
    for url in urls:  # every object of the rotation: a request's queries depend on what it shows
        with CaptureQueriesContext(connection) as captured:
            _get(client, url)
        queries.append(len(captured.captured_queries))
    return {
        "requests": requests,
        "statuses": {str(k): v for k, v in sorted(statuses.items())},
        "p50_ms": round(_percentile(timings, 0.50), 2),
        "p95_ms": round(_percentile(timings, 0.95), 2),
        "mean_ms": round(statistics.fmean(timings), 2),
        "max_ms": round(max(timings), 2),
        "queries": max(queries),
        "queries_min": min(queries),
        "bytes": size // requests,
        **(
            {
                "floor_p50_ms": round(_percentile(floor_timings, 0.50), 2),
                "floor_p95_ms": round(_percentile(floor_timings, 0.95), 2),
            }
            if floor_timings
            else {}
        ),
        "urls": urls[:3] + (["…"] if len(urls) > 3 else []),
    }


def run(*, requests: int, username: str = "officer") -> dict:
    from django.db.backends.signals import connection_created

    from sharaka.core.models import User

    connection_created.connect(_install_guard)
    connection.ensure_connection()
    _install_guard(connection=connection)
    client = Client(HTTP_HOST="127.0.0.1", raise_request_exception=False)
    client.force_login(User.objects.get(username=username))
    public = Client(HTTP_HOST="127.0.0.1", raise_request_exception=False)
    results = {}
    urls_of = {}
    found = pages()
    floor_url = next(urls for key, _label, urls, _public in found if key == FLOOR)[0]
    for key, label, urls, is_public in found:
        urls_of[key] = (public if is_public else client, urls)
        started = time.perf_counter()
        result = measure_page(public if is_public else client, urls, requests, floor=(client, floor_url))
        result["label"] = label
        result["public"] = is_public
        result["seconds"] = round(time.perf_counter() - started, 1)
        results[key] = result
        if result.get("timed_out"):
            line = f"  {key:<22} timed out: one request takes more than {REQUEST_LIMIT_S} s"
        else:
            line = (
                f"  {key:<22} p50 {result['p50_ms']:8.2f} ms  p95 {result['p95_ms']:8.2f} ms  "
                f"{result['queries']:3d} queries  {result['statuses']}"
            )
        print(line, file=sys.stderr, flush=True)
    tick = measure_tick(min(requests, 20))
    if tick:
        results["sustainability_tick"] = tick
        print(
            f"  {'sustainability_tick':<22} p50 {tick['p50_ms']:8.2f} ms  p95 {tick['p95_ms']:8.2f} ms  "
            f"{tick['queries']:3d} queries",
            file=sys.stderr,
            flush=True,
        )
    floor = results.get(FLOOR)
    if floor:
        for result in results.values():
            if result.get("timed_out"):
                continue
            # Against the floor timed beside the page (measure_page) where there is one, else the
            # floor page's own run (the tick).
            result["x_floor_p50"] = round(result["p50_ms"] / result.get("floor_p50_ms", floor["p50_ms"]), 2)
            result["x_floor_p95"] = round(result["p95_ms"] / result.get("floor_p95_ms", floor["p95_ms"]), 2)
    measured = {"signed_in_as": username, "pages": results}
    if floor and connection.vendor == "postgresql":
        measured["plans"] = explain_slow(results, urls_of)
    return measured


def explain_slow(results: dict, urls_of: dict) -> dict:
    """{page key: its PLANS_TOP slowest queries with their `EXPLAIN (ANALYZE, BUFFERS)`} for every page
    whose p95 is over PLANS_OVER times the floor's (bench/probe.py's code); a message if that fails."""
    from bench.probe import slowest_queries

    plans = {}
    for key, result in results.items():
        if key not in urls_of or result.get("timed_out") or result.get("x_floor_p95", 0) <= PLANS_OVER:
            continue
        client, urls = urls_of[key]
        try:
            found = slowest_queries(client, urls[0], PLANS_TOP)
        except Exception as error:  # noqa: BLE001 (a plan that fails must not lose the run's figures)
            plans[key] = f"{type(error).__name__}: {error}"
            continue
        plans[key] = [
            {"ms": round(seconds * 1000, 1), "sql": sql, "plan": plan} for seconds, sql, plan in found
        ]
        print(f"  {key:<22} explained ({len(found)} queries)", file=sys.stderr, flush=True)
    return plans


def measure_tick(runs: int) -> dict | None:
    """The sustainability app's daily tick (`sustainability.tick.run`, what the background task and
    `manage.py sustainability_tick` run) on the day of the data, the generator having run it once:
    every check is scheduled and the warnings are up to date, so this is the steady daily run, which
    reads every rule and writes nothing new. Each run is rolled back all the same. Timed like a page
    (p50 over the floor's p50), its queries counted: they must not grow with the number of projects."""
    from django.apps import apps
    from django.db import transaction

    if not apps.is_installed("sharaka.sustainability"):
        return None
    from bench.generate import TODAY
    from sharaka.sustainability import tick

    def once():
        with transaction.atomic():
            done = tick.run(today=TODAY)
            transaction.set_rollback(True)
        return done

    started = time.perf_counter()
    first = once()
    if time.perf_counter() - started > PAGE_BUDGET_S / max(runs, 1):
        runs = max(3, min(runs, int(PAGE_BUDGET_S / (time.perf_counter() - started))))
    timings = []
    for _ in range(runs):
        start = time.perf_counter_ns()
        once()
        timings.append((time.perf_counter_ns() - start) / 1e6)
    with CaptureQueriesContext(connection) as captured:
        once()
    return {
        "label": "sustainability daily tick (checks to schedule, early warnings), steady state",
        "public": False,
        "requests": runs,
        "statuses": {"200": runs},
        "p50_ms": round(_percentile(timings, 0.50), 2),
        "p95_ms": round(_percentile(timings, 0.95), 2),
        "mean_ms": round(statistics.fmean(timings), 2),
        "max_ms": round(max(timings), 2),
        "queries": len(captured.captured_queries),
        "queries_min": len(captured.captured_queries),
        "first_run": first,
        "seconds": round(time.perf_counter() - started, 1),
    }
