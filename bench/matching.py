"""The matching benchmark: one project against thousands of calls, one call against a region's projects.

    .venv/bin/python -m bench.matching                           # 5,000 calls, 20,000 light projects
    .venv/bin/python -m bench.matching --calls 500 --projects 2000 --requests 20

The scale databases of `bench/generate.py` hold no funding calls yet, so this builds its own, in a
fresh SQLite file (`bench/cache/matching-<calls>-<projects>.sqlite3`, reused when it exists):
1,000 partner organisations of every model, `--calls` calls (one to three stages with deadlines from
two weeks to ten months ahead, a few closed, rolling, excluding Morocco or closed to the commune,
three in ten where the commune is only a co-applicant, themes, DAC sectors, grant ranges in EUR, USD
and MAD, co-financing rates), and `--projects` *light* projects: titles in three languages, a
summary, two themes, one or two sectors, a budget line and the commune's share for seven in ten,
a PAC line for eight in ten; dated EUR and USD rates; agreements, negotiation rounds and past
applications with some funders, so every part of the score has facts to read.

It then times, with Django's test client signed in as a cooperation officer (as `bench/measure.py`
does), the floor page (the password form), `funding_project_calls` for projects spread through the
table and `funding_call_projects` for calls spread through the table, and reports p50, p95, the
ratio of each page's p95 to the floor's p95 measured in the same run (target: 10× or less) and the
queries per request.
"""

import argparse
import datetime
import os
import random
import statistics
import sys
import time
from decimal import Decimal
from pathlib import Path

HERE = Path(__file__).resolve().parent
SEED = 20261205

AR = [
    "تحلية",
    "مياه",
    "الطاقة",
    "الشمسية",
    "تأهيل",
    "الطريق",
    "دعم",
    "النساء",
    "التراث",
    "السياحة",
    "النفايات",
    "الإنارة",
]
FR = [
    "dessalement",
    "eau",
    "potable",
    "énergie",
    "solaire",
    "route",
    "femmes",
    "patrimoine",
    "tourisme",
    "déchets",
    "éclairage",
    "jeunes",
    "formation",
    "irrigation",
    "assainissement",
]
EN = [
    "desalination",
    "water",
    "energy",
    "solar",
    "road",
    "women",
    "heritage",
    "tourism",
    "waste",
    "lighting",
    "youth",
    "training",
    "irrigation",
    "sanitation",
]
SECTORS = ["14020", "14030", "14050", "23210", "23230", "21020", "16061", "41010", "11330", "15150", "31140"]
COUNTRIES = ["FR", "ES", "DE", "IT", "BE", "US", "NL", "SE"]


def _words(rng, pool, n):
    return " ".join(rng.sample(pool, n))


def generate(calls: int, projects: int) -> dict:
    from django.core.management import call_command

    from sharaka.agreements.models import Agreement, AgreementParty
    from sharaka.core.models import Theme, User
    from sharaka.finance.models import BudgetLine, ExchangeRate, Funder
    from sharaka.funding.models import Application, Call, CallSector, CallStage
    from sharaka.partners.models import NegotiationRound, Organisation
    from sharaka.projects.models import Project, ProjectSector

    call_command("migrate", verbosity=0, interactive=False)
    from django.utils import timezone

    rng = random.Random(SEED)
    today = timezone.localdate()
    officer = User.objects.create_user(username="officer", password="bench-only", role="cooperation_officer")
    themes = [
        Theme.objects.get_or_create(kind=k, code=c)[0]
        for k, c in [
            ("area", "water_energy"),
            ("area", "environment"),
            ("area", "social"),
            ("area", "urban"),
            ("area", "culture"),
            ("objective", "local_development"),
            ("objective", "infrastructure"),
            ("objective", "capacities"),
        ]
    ]
    models = [m for m, _label in Organisation.Model.choices]
    orgs = Organisation.objects.bulk_create(
        Organisation(
            name_fr=f"Organisation {i}",
            name_en=f"Organisation {i}",
            acronym=f"O{i}",
            model=rng.choice(models),
            legal_type="foreign_public_agency",
            country=rng.choice(COUNTRIES),
            stage=rng.choice(["prospect", "in_contact", "active", "strategic", "dormant"]),
        )
        for i in range(1000)
    )
    for currency, rate in (("EUR", "10.850000"), ("USD", "9.950000")):
        ExchangeRate.objects.create(
            currency=currency, date=today - datetime.timedelta(days=2), rate=Decimal(rate), source="bench"
        )
    made_calls = []
    for i in range(calls):
        role = rng.choices(["lead", "co", "no"], [6, 3, 1])[0]
        currency = rng.choice(["EUR", "EUR", "USD", "MAD"])
        low = Decimal(rng.choice([10_000, 20_000, 50_000, 100_000]))
        made_calls.append(
            Call(
                funder=rng.choice(orgs),
                reference=f"B-{i}",
                title_fr=_words(rng, FR, 4).capitalize(),
                title_en=_words(rng, EN, 4).capitalize(),
                title_ar=_words(rng, AR, 3) if rng.random() < 0.5 else "",
                summary_fr=_words(rng, FR, 8),
                commune_role=role,
                lead_model="foreign_local_government" if role == "co" else "",
                lead_country=rng.choice(COUNTRIES[:4]) if role == "co" else "",
                excluded_countries="MA" if rng.random() < 0.05 else "",
                currency=currency,
                min_grant=low,
                max_grant=low * rng.choice([2, 5, 10]),
                cofinancing_rate=Decimal(rng.choice([0, 10, 20, 30, 50])),
                cofinancing_counts=rng.choice(["cash", "cash_in_kind"]),
                rolling=rng.random() < 0.1,
                opens_on=today - datetime.timedelta(days=30),
            )
        )
    made_calls = Call.objects.bulk_create(made_calls, batch_size=2000)
    stages, sectors, call_themes = [], [], []
    through = Call.themes.through
    for c in made_calls:
        days = rng.choice([-20, 15, 40, 70, 100, 150, 200, 300])
        stages.append(
            CallStage(
                call=c,
                kind=rng.choice(["concept_note", "full_proposal"]),
                deadline=today + datetime.timedelta(days=days),
            )
        )
        for code in rng.sample(SECTORS, rng.randint(1, 3)):
            sectors.append(CallSector(call=c, code=code))
        for t in rng.sample(themes, 2):
            call_themes.append(through(call_id=c.pk, theme_id=t.pk))
    CallStage.objects.bulk_create(stages, batch_size=5000)
    CallSector.objects.bulk_create(sectors, batch_size=5000)
    through.objects.bulk_create(call_themes, batch_size=5000)

    made = Project.objects.bulk_create(
        (
            Project(
                code=f"AOU-B-{i:06d}",
                title_fr=_words(rng, FR, 4).capitalize(),
                title_en=_words(rng, EN, 4).capitalize(),
                title_ar=_words(rng, AR, 3),
                summary_fr=_words(rng, FR, 10),
                pac_reference=f"PAC-{i % 40}" if rng.random() < 0.8 else "",
                priority=rng.choice([1, 2, 3]),
                status=rng.choice(["idea", "concept_note", "proposal_submitted", "approved"]),
            )
            for i in range(projects)
        ),
        batch_size=2000,
    )
    ptheme, psector, funders = [], [], []
    pthrough = Project.themes.through
    for p in made:
        for t in rng.sample(themes, 2):
            ptheme.append(pthrough(project_id=p.pk, theme_id=t.pk))
        for code in rng.sample(SECTORS, rng.randint(1, 2)):
            psector.append(ProjectSector(project=p, code=code))
        if rng.random() < 0.7:
            cash = Decimal(rng.randint(1, 40) * 10_000)
            funders.append(Funder(project=p, kind="commune", currency="MAD", cash=cash, cash_mad=cash))
    pthrough.objects.bulk_create(ptheme, batch_size=5000)
    ProjectSector.objects.bulk_create(psector, batch_size=5000)
    funders = Funder.objects.bulk_create(funders, batch_size=5000)
    BudgetLine.objects.bulk_create(
        (
            BudgetLine(
                project_id=f.project_id, category="works", funder=f, amount_mad=f.cash * rng.randint(2, 8)
            )
            for f in funders
        ),
        batch_size=5000,
    )
    for i, o in enumerate(rng.sample(orgs, 200)):
        agreement = Agreement.objects.create(
            kind=rng.choice(["twinning", "partnership", "mou"]), title_fr=f"Accord {i}"
        )
        AgreementParty.objects.create(agreement=agreement, organisation=o)
        NegotiationRound.objects.create(
            organisation=o, topic="Appel", round_number=1, date=today, our_position="—", recorded_by=officer
        )
    for i, c in enumerate(rng.sample(made_calls, min(300, len(made_calls)))):
        Application.objects.create(
            project=made[i],
            call=c,
            status=rng.choice(["awarded", "rejected", "drafting"]),
            created_by=officer,
        )
    return {"calls": calls, "projects": projects, "organisations": len(orgs)}


def _percentile(values, q):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(q * (len(ordered) - 1))))]


def measure(requests: int) -> dict:
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse

    from sharaka.core.models import User
    from sharaka.funding.models import Call
    from sharaka.projects.models import Project

    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(User.objects.get(username="officer"))

    def spread(ids, n=10):
        step = max(1, len(ids) // n)
        return ids[::step][:n]

    project_ids = spread(list(Project.objects.order_by("id").values_list("id", flat=True)))
    call_ids = spread(
        list(
            Call.objects.filter(commune_role="lead", excluded_countries="", rolling=True)
            .order_by("id")
            .values_list("id", flat=True)
        )
    )
    pages = {
        "floor": ("floor: password change form", [reverse("password_change")], max(requests, 200)),
        "project_calls": (
            "one project against every call (funding_project_calls)",
            [reverse("funding_project_calls", args=[pk]) for pk in project_ids],
            requests,
        ),
        "call_projects": (
            "one call against every project (funding_call_projects)",
            [reverse("funding_call_projects", args=[pk]) for pk in call_ids],
            requests,
        ),
    }
    out = {}
    for key, (label, urls, n) in pages.items():
        for url in urls:  # the steady state: each object's ranking computed once before timing
            assert client.get(url).status_code == 200
        timings = []
        for i in range(n):
            start = time.perf_counter_ns()
            response = client.get(urls[i % len(urls)])
            timings.append((time.perf_counter_ns() - start) / 1e6)
            assert response.status_code == 200
        cold = []
        if key != "floor":  # the first request after a change: the whole ranking computed
            from django.core.cache import cache

            for i in range(3):
                cache.clear()
                start = time.perf_counter_ns()
                client.get(urls[i % len(urls)])
                cold.append((time.perf_counter_ns() - start) / 1e6)
        with CaptureQueriesContext(connection) as captured:
            client.get(urls[0])
        out[key] = {
            "label": label,
            "requests": n,
            "p50_ms": round(_percentile(timings, 0.5), 1),
            "p95_ms": round(_percentile(timings, 0.95), 1),
            "mean_ms": round(statistics.fmean(timings), 1),
            "queries": len(captured.captured_queries),
            "cold_ms": round(statistics.median(cold), 1) if cold else None,
        }
        print(
            f"  {key:<14} p50 {out[key]['p50_ms']:9.1f} ms  p95 {out[key]['p95_ms']:9.1f} ms  {out[key]['queries']} queries",
            file=sys.stderr,
            flush=True,
        )
    floor = out["floor"]
    for result in out.values():
        result["x_floor_p95"] = round(result["p95_ms"] / floor["p95_ms"], 1)
        result["x_floor_p50"] = round(result["p50_ms"] / floor["p50_ms"], 1)
    return out


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.matching", description=__doc__.split("\n")[0])
    parser.add_argument("--calls", type=int, default=5000)
    parser.add_argument("--projects", type=int, default=20000)
    parser.add_argument(
        "--requests", type=int, default=20, help="timed requests per ranking page (default 20)"
    )
    args = parser.parse_args(argv)
    path = HERE / "cache" / f"matching-{args.calls}-{args.projects}.sqlite3"
    path.parent.mkdir(exist_ok=True)
    fresh = not path.exists()
    os.environ.update(
        DATABASE_URL=f"sqlite:///{path}",
        DEBUG="0",
        SHARAKA_TESTING="1",
        DJANGO_SETTINGS_MODULE="sharaka.settings",
    )
    import django

    django.setup()
    import logging

    logging.getLogger("django.request").setLevel(logging.CRITICAL)
    if fresh:
        started = time.perf_counter()
        try:
            counts = generate(args.calls, args.projects)
        except BaseException:
            path.unlink(missing_ok=True)
            raise
        print(f"generated {counts} in {time.perf_counter() - started:.1f} s", file=sys.stderr)
    results = measure(args.requests)
    lines = [
        f"Matching, {args.calls:,} calls and {args.projects:,} light projects (SQLite, {datetime.datetime.now(datetime.UTC).date()}, "
        f"load average {os.getloadavg()[0]:.2f}):",
        "",
        "| page | p50 ms | p95 ms | p95 × floor p95 | queries | first request after a change (ms) |",
        "|---|---|---|---|---|---|",
    ]
    for result in results.values():
        lines.append(
            f"| {result['label']} | {result['p50_ms']:,} | {result['p95_ms']:,} | {result['x_floor_p95']} | "
            f"{result['queries']} | {result['cold_ms'] if result['cold_ms'] is not None else '–'} |"
        )
    print("\n".join(lines))
    return 0


if __name__ == "__main__":
    sys.exit(main())
