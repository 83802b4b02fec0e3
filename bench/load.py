"""Load test: `python -m bench.load` — 50 virtual users for 60 s against gunicorn (2 workers) on loopback.

Gunicorn runs with production's settings file, deploy/gunicorn.conf.py (gthread workers, 4 threads
each); `--worker-class sync` runs the same with sync workers, for comparison; `--database-url` loads an
existing database (the demo) instead of a generated scale.

1. Reuses (or generates) the scale's database, like `python -m bench`.
2. Starts gunicorn on 127.0.0.1 and a free port (gunicorn is a dev dependency: `pip install -e '.[dev]'`).
3. Signs the staff users in through the real sign-in form (not timed).
4. Measures the unloaded p95: one user, the same mix, one request after the other.
5. Runs the load: `--users` threads, each looping over a weighted mix of pages with a new
   connection per request (gunicorn's sync workers close it anyway), until `--seconds` have
   passed or `--max-requests` were sent. Four in five users are staff, signed in as the
   cooperation officer; the others are the public.
6. Reports requests, errors (non-200 or failed connections), throughput, p50 and p95, against the
   unloaded p95, as JSON under bench/results/ and a table in bench/README.md.

The load generator is plain threads and http.client in one Python process on the same machine:
on 2 cores it competes with the two workers for CPU, so read the figures as a lower bound of
what the server does alone. Static files are not requested (gunicorn does not serve them; in
production the web server in front does).
"""

import argparse
import datetime
import http.client
import json
import os
import random
import re
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path
from urllib.parse import urlencode

from bench import targets
from bench.__main__ import ROOT, _ensure_generated
from bench.generate import SCALES, cache_key

HOST = "127.0.0.1"  # loopback only, always
LIMITS = {"users": 200, "seconds": 600, "max_requests": 500_000}
STAFF_SHARE = 0.8
PASSWORD = "aourir-demo-2026"
README = Path(__file__).resolve().parent / "README.md"
RESULTS = Path(__file__).resolve().parent / "results"
START, END = "<!-- load:latest -->", "<!-- /load:latest -->"


def staff_mix(project_ids, partner_ids):
    """(weight, label, url maker) for a signed-in cooperation officer's day."""
    return [
        (20, "home", lambda r: "/"),
        (15, "project list", lambda r: "/projects/"),
        (10, "project list filtered", lambda r: "/projects/?status=in_implementation&area=water_energy"),
        (20, "project detail", lambda r: f"/projects/{r.choice(project_ids)}/"),
        (5, "partner list", lambda r: "/partners/"),
        (10, "partner detail", lambda r: f"/partners/{r.choice(partner_ids)}/"),
        (
            10,
            "search",
            lambda r: "/search/?" + urlencode({"q": r.choice(["تحلية مياه", "Tamraght", "التراث"])}),
        ),
    ]


def public_mix():
    """The public's pages that exist today: the sign-in page and the health check (the portal will join)."""
    return [(60, "sign-in page", lambda r: "/accounts/login/"), (40, "health check", lambda r: "/healthz")]


class Browser:
    """One virtual user: a cookie jar and a way to send a GET or a form POST over a new connection."""

    def __init__(self, port: int):
        self.port = port
        self.cookies: dict[str, str] = {}

    def request(self, method: str, path: str, body: str | None = None) -> tuple[int, bytes]:
        connection = http.client.HTTPConnection(HOST, self.port, timeout=30)
        headers = {"Host": f"{HOST}:{self.port}", "Accept-Language": "ar-MA,ar;q=0.9,fr;q=0.8"}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        if body is not None:
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            headers["Referer"] = f"http://{HOST}:{self.port}{path}"
        try:
            connection.request(method, path, body=body, headers=headers)
            response = connection.getresponse()
            content = response.read()
            for header, value in response.getheaders():
                if header.lower() == "set-cookie":
                    name, _sep, rest = value.partition("=")
                    self.cookies[name.strip()] = rest.split(";", 1)[0]
            return response.status, content
        finally:
            connection.close()

    def sign_in(self, username: str) -> None:
        _status, page = self.request("GET", "/accounts/login/")
        token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', page)
        assert token, "no CSRF token on the sign-in page"
        body = urlencode(
            {"csrfmiddlewaretoken": token.group(1).decode(), "username": username, "password": PASSWORD}
        )
        status, _page = self.request("POST", "/accounts/login/", body)
        assert status == 302 and "sessionid" in self.cookies, f"sign-in as {username} failed ({status})"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


def start_gunicorn(
    database_url: str, port: int, workers: int, worker_class: str = "gthread"
) -> subprocess.Popen:
    """Gunicorn with production's deploy/gunicorn.conf.py; only the bind, the worker count and class differ."""
    env = dict(
        os.environ,
        DATABASE_URL=database_url,
        DEBUG="0",
        SHARAKA_TESTING="1",
        LOG_LEVEL="ERROR",
        BIND=f"{HOST}:{port}",
        WEB_CONCURRENCY=str(workers),
        WEB_WORKER_CLASS=worker_class,
        GUNICORN_LOG_LEVEL="warning",
    )
    command = [sys.executable, "-m", "gunicorn", "--config", str(ROOT / "deploy" / "gunicorn.conf.py")]
    process = subprocess.Popen(command, cwd=ROOT, env=env, start_new_session=True)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError("gunicorn stopped at start (is it installed? pip install -e '.[dev]')")
        try:
            status, _ = Browser(port).request("GET", "/healthz")
            if status == 200:
                return process
        except OSError:
            time.sleep(0.2)
    stop(process)
    raise RuntimeError("gunicorn did not answer within 30 s")


def stop(process: subprocess.Popen) -> None:
    """Stop the gunicorn this run started (its own process group), politely then firmly."""
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()


def _pick(rng, mix):
    weights = [w for w, _label, _make in mix]
    return rng.choices(mix, weights)[0]


def _percentile(values, q):
    if not values:
        return 0.0
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def run_user(browser, mix, rng, *, deadline, budget, records, lock):
    while time.monotonic() < deadline:
        with lock:
            if budget[0] <= 0:
                return
            budget[0] -= 1
        _weight, label, make = _pick(rng, mix)
        started = time.perf_counter()
        try:
            status, _ = browser.request("GET", make(rng))
            error = None if status == 200 else f"HTTP {status}"
        except OSError as exc:
            status, error = 0, type(exc).__name__
        elapsed = (time.perf_counter() - started) * 1000
        with lock:
            records.append((label, elapsed, error))


def _ids(database_url: str) -> tuple[list[int], list[int]]:
    """Project and partner ids to visit, read in a subprocess configured for the database."""
    code = (
        "import django, json; django.setup();"
        "from sharaka.projects.models import Project; from sharaka.partners.models import Organisation;"
        "print(json.dumps([list(Project.objects.order_by('?').values_list('id', flat=True)[:500]),"
        " list(Organisation.objects.order_by('?').values_list('id', flat=True)[:200])]))"
    )
    env = dict(
        os.environ,
        DATABASE_URL=database_url,
        DEBUG="0",
        SHARAKA_TESTING="1",
        DJANGO_SETTINGS_MODULE="sharaka.settings",
    )
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, check=True, capture_output=True, text=True
    )
    projects, partners = json.loads(out.stdout.strip().splitlines()[-1])
    return projects, partners


def summarise(records) -> dict:
    times = [t for _l, t, _e in records]
    errors = [e for _l, _t, e in records if e]
    by_page = {}
    for label, elapsed, error in records:
        by_page.setdefault(label, {"times": [], "errors": 0})
        by_page[label]["times"].append(elapsed)
        by_page[label]["errors"] += bool(error)
    return {
        "requests": len(records),
        "errors": len(errors),
        "error_kinds": {kind: errors.count(kind) for kind in sorted(set(errors))},
        "p50_ms": round(_percentile(times, 0.5), 1),
        "p95_ms": round(_percentile(times, 0.95), 1),
        "max_ms": round(max(times), 1) if times else 0,
        "pages": {
            label: {
                "requests": len(v["times"]),
                "errors": v["errors"],
                "p50_ms": round(_percentile(v["times"], 0.5), 1),
                "p95_ms": round(_percentile(v["times"], 0.95), 1),
            }
            for label, v in sorted(by_page.items())
        },
    }


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.load", description=__doc__.split("\n")[0])
    parser.add_argument("--scale", choices=list(SCALES), default="commune")
    parser.add_argument("--target", choices=["sqlite", "postgresql"], default="sqlite")
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--seconds", type=int, default=60)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--worker-class", choices=["gthread", "sync"], default="gthread")
    parser.add_argument("--database-url", help="an existing database (e.g. the demo) instead of the scale's")
    parser.add_argument("--max-requests", type=int, default=100_000)
    parser.add_argument("--unloaded", type=int, default=100, help="requests for the unloaded p95")
    args = parser.parse_args(argv)
    for name, limit in LIMITS.items():
        if getattr(args, name) > limit:
            parser.error(f"--{name.replace('_', '-')} is capped at {limit}")
    if args.target == "postgresql" and not targets.pg_answers():
        parser.error("PostgreSQL does not answer on 127.0.0.1:5432")

    if args.database_url:
        database_url = args.database_url
        args.scale, args.target = "demo", args.database_url.split(":", 1)[0].replace("postgres", "postgresql")
    else:
        key = cache_key(args.scale)
        _ensure_generated(args.target, args.scale, key, regenerate=False)
        database_url = targets.url_for(args.target, args.scale, key)
    project_ids, partner_ids = _ids(database_url)
    port = _free_port()
    print(
        f"gunicorn ({args.workers} {args.worker_class} workers) on {HOST}:{port}, {args.scale} on {args.target}",
        file=sys.stderr,
    )
    process = start_gunicorn(database_url, port, args.workers, args.worker_class)
    try:
        rng = random.Random(7)
        staff = staff_mix(project_ids, partner_ids)
        lock = threading.Lock()

        single = Browser(port)
        single.sign_in("officer")
        unloaded: list = []
        run_user(
            single,
            staff,
            rng,
            deadline=time.monotonic() + 120,
            budget=[args.unloaded],
            records=unloaded,
            lock=lock,
        )
        quiet = summarise(unloaded)
        print(
            f"  unloaded: {quiet['requests']} requests, p50 {quiet['p50_ms']} ms, p95 {quiet['p95_ms']} ms",
            file=sys.stderr,
        )

        users = []
        for i in range(args.users):
            browser = Browser(port)
            is_staff = i < round(args.users * STAFF_SHARE)
            if is_staff:
                browser.sign_in("officer")
            users.append((browser, staff if is_staff else public_mix(), random.Random(1000 + i)))
        records: list = []
        budget = [args.max_requests]
        deadline = time.monotonic() + args.seconds
        started = time.monotonic()
        threads = [
            threading.Thread(
                target=run_user,
                args=(b, mix, r),
                kwargs={"deadline": deadline, "budget": budget, "records": records, "lock": lock},
                daemon=True,
            )
            for b, mix, r in users
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=args.seconds + 60)
        duration = time.monotonic() - started
    finally:
        stop(process)

    loaded = summarise(records)
    report = {
        "date": datetime.datetime.now(datetime.UTC).date().isoformat(),
        "scale": args.scale,
        "target": args.target,
        "users": args.users,
        "staff_users": round(args.users * STAFF_SHARE),
        "seconds": args.seconds,
        "workers": args.workers,
        "worker_class": args.worker_class,
        "cpus": os.cpu_count(),
        "load_average_after": [round(x, 2) for x in os.getloadavg()],
        "duration_s": round(duration, 1),
        "throughput_rps": round(loaded["requests"] / duration, 1),
        "unloaded": quiet,
        "loaded": loaded,
    }
    print(
        f"  loaded: {loaded['requests']} requests in {duration:.0f} s ({report['throughput_rps']}/s), "
        f"{loaded['errors']} errors, p50 {loaded['p50_ms']} ms, p95 {loaded['p95_ms']} ms "
        f"(unloaded p95 {quiet['p95_ms']} ms)",
        file=sys.stderr,
    )
    RESULTS.mkdir(exist_ok=True)
    path = RESULTS / f"{report['date']}-load-{args.scale}-{args.target}-{args.worker_class}.json"
    path.write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n")
    if not args.database_url:  # the README's table is for the generated scales
        _update_readme(report)
    print(f"written: {path.relative_to(ROOT)}", file=sys.stderr)
    return 0


def table(report: dict) -> str:
    quiet, loaded = report["unloaded"], report["loaded"]
    lines = [
        f"{report['users']} virtual users ({report['staff_users']} staff signed in, the rest public) for "
        f"{report['seconds']} s against gunicorn with {report['workers']} {report.get('worker_class', 'sync')} workers, {report['scale']} scale on "
        f"{report['target']}, {report['cpus']} CPUs shared with the load generator ({report['date']}).",
        "",
        "| | requests | errors | req/s | p50 ms | p95 ms |",
        "|---|---|---|---|---|---|",
        f"| unloaded (1 user, staff mix) | {quiet['requests']} | {quiet['errors']} | – | {quiet['p50_ms']} | {quiet['p95_ms']} |",
        f"| under load | {loaded['requests']:,} | {loaded['errors']} | {report['throughput_rps']} | "
        f"{loaded['p50_ms']} | {loaded['p95_ms']} |",
        "",
        "| page under load | requests | errors | p50 ms | p95 ms |",
        "|---|---|---|---|---|",
    ]
    for label, page in loaded["pages"].items():
        lines.append(
            f"| {label} | {page['requests']:,} | {page['errors']} | {page['p50_ms']} | {page['p95_ms']} |"
        )
    return "\n".join(lines)


def _update_readme(_report: dict) -> None:
    """Put the latest load run of each scale and database into the README."""
    if not README.exists():
        return
    text = README.read_text()
    if START not in text or END not in text:
        return
    latest = {}
    for path in sorted(RESULTS.glob("*-load-*.json")):
        report = json.loads(path.read_text())
        latest[(report["scale"], report["target"], report.get("worker_class", "sync"))] = report
    block = "\n\n".join(
        table(r)
        for _key, r in sorted(latest.items(), key=lambda kv: (kv[0][0], kv[0][1] != "sqlite", kv[0][2]))
    )
    before, rest = text.split(START, 1)
    _old, after = rest.split(END, 1)
    README.write_text(f"{before}{START}\n{block}\n{END}{after}")


if __name__ == "__main__":
    sys.exit(main())
