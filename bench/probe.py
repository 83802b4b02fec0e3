"""Time a few key pages against a database you already have, and show where their time goes.

    DATABASE_URL=sqlite:////path/region.sqlite3 .venv/bin/python -m bench.probe home project_list
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/mydb .venv/bin/python -m bench.probe home --explain

For working on one page: no generation, no cache key, no report. The database must be migrated
(`manage.py migrate` with the same DATABASE_URL). Prints, per page, p50 and p95 over `--requests`
timed requests (after warm-up), the same for the floor page, the ratios, and the number of queries;
with `--explain`, the slowest queries of one request with their time and the database's plan
(`EXPLAIN ANALYZE` on PostgreSQL, `EXPLAIN QUERY PLAN` on SQLite).
"""

import argparse
import os
import sys
import time


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.probe", description=__doc__.split("\n")[0])
    parser.add_argument("pages", nargs="*", help="page keys of bench/measure.py (default: all)")
    parser.add_argument("--requests", type=int, default=30)
    parser.add_argument("--explain", action="store_true", help="the slowest queries and their plans")
    parser.add_argument("--top", type=int, default=3, help="queries explained per page")
    parser.add_argument("--user", default="officer")
    args = parser.parse_args(argv)
    if "DATABASE_URL" not in os.environ:
        parser.error("set DATABASE_URL to the database to measure")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sharaka.settings")
    os.environ.setdefault("DEBUG", "0")
    os.environ.setdefault("SHARAKA_TESTING", "1")
    os.environ.setdefault("LOG_LEVEL", "ERROR")
    import logging

    import django

    django.setup()
    logging.getLogger("django.request").setLevel(logging.CRITICAL)
    from django.db import connection
    from django.test import Client

    from bench import measure
    from sharaka.core.models import User

    staff = Client(HTTP_HOST="127.0.0.1", raise_request_exception=True)
    staff.force_login(User.objects.get(username=args.user))
    public = Client(HTTP_HOST="127.0.0.1", raise_request_exception=True)
    found = {key: (label, urls, is_public) for key, label, urls, is_public in measure.pages()}
    unknown = [key for key in args.pages if key not in found]
    if unknown:
        parser.error(f"unknown pages {unknown}; known: {', '.join(found)}")
    wanted = [measure.FLOOR] + [key for key in (args.pages or found) if key != measure.FLOOR]
    floor = None
    print(f"{connection.vendor}: {args.requests} requests per page")
    for key in wanted:
        label, urls, is_public = found[key]
        floor_url = found[measure.FLOOR][1][0]
        result = measure.measure_page(
            public if is_public else staff, urls, args.requests, floor=(staff, floor_url)
        )
        if key == measure.FLOOR:
            floor = result
        beside = {"p50_ms": result.get("floor_p50_ms"), "p95_ms": result.get("floor_p95_ms")}
        beside = beside if beside["p95_ms"] else floor  # the floor timed between this page's requests
        ratio = (
            f"  ×floor p50 {result['p50_ms'] / beside['p50_ms']:5.1f}  p95 {result['p95_ms'] / beside['p95_ms']:5.1f}"
            if beside and "p50_ms" in result
            else ""
        )
        if result.get("timed_out"):
            print(f"{key:<28} timed out")
            continue
        print(
            f"{key:<28} p50 {result['p50_ms']:8.1f} ms  p95 {result['p95_ms']:8.1f} ms  "
            f"{result['queries']:3d} queries{ratio}",
            flush=True,
        )
        if args.explain and key != measure.FLOOR:
            explain(public if is_public else staff, urls[0], args.top)
    return 0


def explain(client, url: str, top: int) -> None:
    for seconds, sql, plan in slowest_queries(client, url, top):
        print(f"    {seconds * 1000:8.1f} ms  {sql[:300]}{'…' if len(sql) > 300 else ''}")
        for line in plan:
            print("        " + line)


def slowest_queries(client, url: str, top: int) -> list[tuple[float, str, list[str]]]:
    """One request's `top` slowest SELECTs, each run again alone: (seconds, SQL, its plan's lines).

    The plan is `EXPLAIN (ANALYZE, BUFFERS)` on PostgreSQL, `EXPLAIN QUERY PLAN` on SQLite.
    """
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from bench import measure

    with CaptureQueriesContext(connection) as captured:
        measure._get(client, url)
    timed = []
    for query in captured.captured_queries:
        sql = query["sql"]
        if not sql.lstrip().upper().startswith("SELECT"):
            continue
        started = time.perf_counter()
        with connection.cursor() as cursor:
            cursor.execute(sql)
            cursor.fetchall()
        timed.append((time.perf_counter() - started, sql))
    timed.sort(reverse=True)
    found = []
    for seconds, sql in timed[:top]:
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + sql)
            else:
                cursor.execute("EXPLAIN QUERY PLAN " + sql)
            plan = [" | ".join(str(v) for v in row) for row in cursor.fetchall()]
        found.append((seconds, sql, plan))
    return found


if __name__ == "__main__":
    sys.exit(main())
