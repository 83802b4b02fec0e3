"""Load test: `python -m bench.load` — 50 virtual users against gunicorn on loopback, closed loop and with think time.

Gunicorn runs as `bin/serve` runs it: `--config deploy/gunicorn.conf.py`, with that file's defaults
(gthread, two workers per CPU and at least 2, 2 threads) unless `--worker-class`, `--workers` or
`--threads` (or WEB_WORKER_CLASS, WEB_CONCURRENCY, WEB_THREADS in the environment) say otherwise;
`--config CLASS:WORKERSxTHREADS` (repeatable, e.g. `--config gthread:2x4 --config sync:2x1`) runs
each configuration in turn on the same database, to compare them. `--database-url` loads an existing
database (a copy of a region database, the demo) instead of the generated scale's.

For each configuration:

1. Starts gunicorn on 127.0.0.1 and a free port (gunicorn is a dev dependency).
2. Signs the staff users in through the real sign-in form (not timed).
3. Unloaded: one user, one request after the other: the floor page (`/accounts/password/`, signed
   in: the cheapest signed-in page), then the mix.
4. The floor's own throughput: every user requests the floor page, closed loop, `--floor-seconds`.
5. The mix, closed loop (`--seconds`): each user sends its next request as soon as the previous
   answer is read, which gives the most the server can do (its throughput) and the waits when
   everyone asks at once.
6. The mix with think time (`--seconds`): each user waits between two pages for a random time,
   exponentially distributed with a mean of `--think` seconds (5 by default), as a person reading a
   page does. The exponential is the usual model of independent people (their requests together
   form a Poisson stream); a mean of 5 s is a short read (a glance at a list before the next click),
   so it errs on the busy side. 50 users then offer about 50 / (5 s + the response time) ≈ 9
   requests a second, and the p95 shows what a person waits on a busy morning, not in a stampede.
7. Reports requests, errors (non-200 or failed connections), throughput, requests per second per
   core, the mix's throughput against the floor's, p50 and p95 against the unloaded ones, and the
   CPU seconds used by gunicorn (master and workers) and by this load generator, as JSON under
   bench/results/ and a table in bench/README.md.

Four in five users are staff, signed in as the cooperation officer (dashboard, project lists,
project and partner details, search); the others are the public on the portal (home, public
project list and pages, partners, documents, map, agreements, open data page, opportunities,
events; not the IATI files nor the downloads, which are exports measured on their own).

The load generator is plain threads and http.client in one Python process on the same machine, a
new connection per request (as nginx talks to gunicorn by default): on 2 cores it competes with the
workers for CPU. Its own CPU time is measured, and the report gives the requests per CPU second
used by the server as well as per core of the machine. Static files are not requested (WhiteNoise
serves them through nginx with long cache lifetimes; a browser asks for them once).
"""

import argparse
import datetime
import http.client
import json
import os
import random
import re
import runpy
import signal
import socket
import subprocess
import sys
import threading
import time
from dataclasses import asdict, dataclass
from pathlib import Path
from unittest import mock
from urllib.parse import urlencode

from bench import targets
from bench.__main__ import ROOT, _ensure_generated
from bench.generate import SCALES, cache_key

HOST = "127.0.0.1"  # loopback only, always
LIMITS = {"users": 200, "seconds": 600, "floor_seconds": 600, "max_requests": 500_000}
STAFF_SHARE = 0.8
THINK_MEAN_S = 5.0
PASSWORD = "aourir-demo-2026"
FLOOR_PATH = "/accounts/password/"
GUNICORN_CONF = ROOT / "deploy" / "gunicorn.conf.py"
README = Path(__file__).resolve().parent / "README.md"
RESULTS = Path(__file__).resolve().parent / "results"
START, END = "<!-- load:latest -->", "<!-- /load:latest -->"


@dataclass(frozen=True)
class Config:
    """A gunicorn configuration: worker class, worker processes, threads per worker."""

    worker_class: str
    workers: int
    threads: int

    @property
    def name(self) -> str:
        return f"{self.worker_class} {self.workers}×{self.threads}"

    @property
    def slug(self) -> str:
        return f"{self.worker_class}-{self.workers}x{self.threads}"


def parse_config(text: str) -> Config:
    """`gthread:2x4`, `sync:3` (a sync worker has one thread) → Config."""
    match = re.fullmatch(r"(gthread|sync):(\d+)(?:x(\d+))?", text.strip())
    if not match:
        raise argparse.ArgumentTypeError(
            f"{text!r}: expected CLASS:WORKERSxTHREADS, e.g. gthread:2x4 or sync:3"
        )
    worker_class, workers, threads = match.group(1), int(match.group(2)), int(match.group(3) or 1)
    if workers < 1 or threads < 1:
        raise argparse.ArgumentTypeError(f"{text!r}: workers and threads must be 1 or more")
    if worker_class == "sync" and threads != 1:
        raise argparse.ArgumentTypeError(
            f"{text!r}: a sync worker has one thread (gunicorn would run gthread)"
        )
    return Config(worker_class, workers, threads)


def resolve_config(worker_class=None, workers=None, threads=None, environ=None) -> Config:
    """What gunicorn will run: the options given, else deploy/gunicorn.conf.py read with the environment.

    A sync worker always gets one thread: with `threads` above 1 gunicorn quietly runs gthread instead.
    """
    environ = dict(os.environ if environ is None else environ)
    if worker_class:
        environ["WEB_WORKER_CLASS"] = worker_class
    if workers:
        environ["WEB_CONCURRENCY"] = str(workers)
    if threads:
        environ["WEB_THREADS"] = str(threads)
    with mock.patch.dict(os.environ, environ, clear=True):
        conf = runpy.run_path(str(GUNICORN_CONF))
    chosen = conf["worker_class"]
    if chosen not in ("gthread", "sync"):
        raise SystemExit(f"bench.load compares gthread and sync workers, not {chosen!r}")
    return Config(chosen, conf["workers"], 1 if chosen == "sync" else conf["threads"])


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


def public_mix(public_project_ids):
    """(weight, label, url maker) for a visitor of the public portal, signed out (no IATI, no downloads)."""
    mix = [
        (25, "portal home", lambda r: "/portal/"),
        (20, "portal project list", lambda r: "/portal/projects/"),
        (8, "portal partner list", lambda r: "/portal/partners/"),
        (5, "portal map", lambda r: "/portal/map/"),
        (5, "portal documents", lambda r: "/portal/documents/"),
        (4, "portal agreements", lambda r: "/portal/agreements/"),
        (2, "portal open data", lambda r: "/portal/open-data/"),
        (4, "portal opportunities", lambda r: "/portal/opportunities/"),
        (2, "portal events", lambda r: "/portal/opportunities/events/"),
    ]
    if public_project_ids:
        mix.append((25, "portal project page", lambda r: f"/portal/projects/{r.choice(public_project_ids)}/"))
    return mix


def floor_mix():
    return [(1, "floor", lambda r: FLOOR_PATH)]


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


def start_gunicorn(database_url: str, port: int, config: Config) -> subprocess.Popen:
    """Gunicorn as bin/serve starts it (deploy/gunicorn.conf.py); the bind and the configuration from here."""
    env = dict(
        os.environ,
        DATABASE_URL=database_url,
        DEBUG="0",
        SHARAKA_TESTING="1",
        LOG_LEVEL="ERROR",
        BIND=f"{HOST}:{port}",
        WEB_CONCURRENCY=str(config.workers),
        WEB_WORKER_CLASS=config.worker_class,
        WEB_THREADS=str(config.threads),
        GUNICORN_LOG_LEVEL="warning",
    )
    command = [sys.executable, "-m", "gunicorn", "--config", str(GUNICORN_CONF)]
    process = subprocess.Popen(command, cwd=ROOT, env=env, start_new_session=True)
    deadline = time.monotonic() + 60
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
    raise RuntimeError("gunicorn did not answer within 60 s")


def stop(process: subprocess.Popen) -> None:
    """Stop the gunicorn this run started (its own process group), politely then firmly."""
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()


def server_cpu_seconds(pgid: int) -> float:
    """CPU seconds (user + system) used so far by gunicorn: every live process of its group, plus
    the workers the master has already replaced (its children's time, counted when it reaped them)."""
    ticks = os.sysconf("SC_CLK_TCK")
    total = 0
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            stat = Path(f"/proc/{entry}/stat").read_text()
        except OSError:
            continue
        fields = stat.rsplit(")", 1)[1].split()  # after "pid (comm)": state is fields[0]
        if int(fields[2]) != pgid:  # the process group
            continue
        total += int(fields[11]) + int(fields[12])  # utime, stime
        if int(entry) == pgid:
            total += int(fields[13]) + int(fields[14])  # cutime, cstime: reaped workers
    return total / ticks


def _pick(rng, mix):
    weights = [w for w, _label, _make in mix]
    return rng.choices(mix, weights)[0]


def _percentile(values, q):
    if not values:
        return 0.0
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def think_time(rng, mean: float) -> float:
    """A reading person's pause between two pages: exponential with this mean (0: no pause)."""
    return rng.expovariate(1 / mean) if mean > 0 else 0.0


def run_user(browser, mix, rng, *, deadline, budget, records, lock, think=0.0):
    if think:  # users arrive spread over one think time, not all in the first instant
        time.sleep(min(think_time(rng, think), max(0.0, deadline - time.monotonic())))
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
        if think:
            time.sleep(min(think_time(rng, think), max(0.0, deadline - time.monotonic())))


def _ids(database_url: str) -> tuple[list[int], list[int], list[int]]:
    """Project, partner and public project ids to visit, read in a subprocess configured for the database."""
    code = (
        "import django, json; django.setup();"
        "from sharaka.projects.models import Project; from sharaka.partners.models import Organisation;"
        "print(json.dumps([list(Project.objects.order_by('?').values_list('id', flat=True)[:500]),"
        " list(Organisation.objects.order_by('?').values_list('id', flat=True)[:200]),"
        " list(Project.objects.public().order_by('?').values_list('id', flat=True)[:500])]))"
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
    projects, partners, public = json.loads(out.stdout.strip().splitlines()[-1])
    return projects, partners, public


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


def figures(summary: dict, *, duration: float, server_cpu: float, generator_cpu: float, cpus: int) -> dict:
    """A load phase's throughput: per second, per core of the machine, per CPU second the server used."""
    rps = summary["requests"] / duration if duration else 0.0
    return {
        **summary,
        "duration_s": round(duration, 1),
        "rps": round(rps, 1),
        "rps_per_core": round(rps / cpus, 1),
        "server_cpu_s": round(server_cpu, 1),
        "generator_cpu_s": round(generator_cpu, 1),
        # the share of the machine's cores the server got (the rest: the generator, other work)
        "server_cpu_share": round(server_cpu / (duration * cpus), 2) if duration else None,
        # what one core given to the server alone would serve (the generator's share taken out)
        "requests_per_server_cpu_s": round(summary["requests"] / server_cpu, 1) if server_cpu else None,
    }


def compare(phase: dict, floor: dict, unloaded: dict) -> dict:
    """The phase's throughput against the floor's, its p95 against the unloaded p95."""
    return {
        **phase,
        "x_floor_rps": round(phase["rps"] / floor["rps"], 3) if floor.get("rps") else None,
        "x_floor_cpu": (
            round(phase["requests_per_server_cpu_s"] / floor["requests_per_server_cpu_s"], 3)
            if phase.get("requests_per_server_cpu_s") and floor.get("requests_per_server_cpu_s")
            else None
        ),
        "p95_x_unloaded": round(phase["p95_ms"] / unloaded["p95_ms"], 1) if unloaded["p95_ms"] else None,
    }


def run_phase(process, users, *, seconds, think, max_requests, lock) -> dict:
    """Every user in its own thread until the time is up; with the CPU used by gunicorn and by us."""
    records: list = []
    budget = [max_requests]
    server_before, generator_before = server_cpu_seconds(process.pid), time.process_time()
    started = time.monotonic()
    deadline = started + seconds
    threads = [
        threading.Thread(
            target=run_user,
            args=(b, mix, r),
            kwargs={"deadline": deadline, "budget": budget, "records": records, "lock": lock, "think": think},
            daemon=True,
        )
        for b, mix, r in users
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=seconds + 60)
    duration = time.monotonic() - started
    return figures(
        summarise(records),
        duration=duration,
        server_cpu=server_cpu_seconds(process.pid) - server_before,
        generator_cpu=time.process_time() - generator_before,
        cpus=os.cpu_count() or 1,
    )


def _say(name: str, phase: dict) -> None:
    extra = ""
    if "x_floor_rps" in phase:
        extra = (
            f", ×floor {phase['x_floor_rps']} (per server CPU s {phase['x_floor_cpu']}), "
            f"p95 ×unloaded {phase['p95_x_unloaded']}"
        )
    print(
        f"  {name}: {phase['requests']} requests in {phase['duration_s']:.0f} s ({phase['rps']}/s, "
        f"{phase['rps_per_core']}/s per core), {phase['errors']} errors, p50 {phase['p50_ms']} ms, "
        f"p95 {phase['p95_ms']} ms; CPU s: server {phase['server_cpu_s']}, generator "
        f"{phase['generator_cpu_s']} (server share of the cores {phase['server_cpu_share']}, "
        f"{phase['requests_per_server_cpu_s']} requests per server CPU s){extra}",
        file=sys.stderr,
    )


def run_config(config: Config, database_url: str, ids, args) -> dict:
    """One configuration: unloaded, the floor's throughput, the mix closed loop and with think time."""
    project_ids, partner_ids, public_ids = ids
    port = _free_port()
    print(f"gunicorn {config.name} on {HOST}:{port}", file=sys.stderr)
    process = start_gunicorn(database_url, port, config)
    lock = threading.Lock()
    staff, public = staff_mix(project_ids, partner_ids), public_mix(public_ids)
    try:
        single, visitor = Browser(port), Browser(port)
        single.sign_in("officer")
        rng = random.Random(7)
        quiet_floor: list = []
        run_user(
            single,
            floor_mix(),
            rng,
            deadline=time.monotonic() + 60,
            budget=[50],
            records=quiet_floor,
            lock=lock,
        )
        quiet: list = []
        for _ in range(args.unloaded):  # one user, the same share of staff and public as under load
            browser, mix = (single, staff) if rng.random() < STAFF_SHARE else (visitor, public)
            run_user(browser, mix, rng, deadline=time.monotonic() + 60, budget=[1], records=quiet, lock=lock)
        unloaded, unloaded_floor = summarise(quiet), summarise(quiet_floor)
        print(
            f"  unloaded: floor p95 {unloaded_floor['p95_ms']} ms; mix {unloaded['requests']} requests, "
            f"p50 {unloaded['p50_ms']} ms, p95 {unloaded['p95_ms']} ms, {unloaded['errors']} errors",
            file=sys.stderr,
        )

        staff_count = round(args.users * STAFF_SHARE)
        signed_in = []
        for _ in range(max(args.users, staff_count)):
            browser = Browser(port)
            browser.sign_in("officer")
            signed_in.append(browser)
        floor_users = [(b, floor_mix(), random.Random(500 + i)) for i, b in enumerate(signed_in)]
        users = [
            (signed_in[i] if i < staff_count else Browser(port), staff if i < staff_count else public, None)
            for i in range(args.users)
        ]

        def seeded(offset):
            return [(b, mix, random.Random(offset + i)) for i, (b, mix, _r) in enumerate(users)]

        floor = run_phase(
            process,
            floor_users,
            seconds=args.floor_seconds,
            think=0,
            max_requests=args.max_requests,
            lock=lock,
        )
        floor = {**floor, "p95_x_unloaded": round(floor["p95_ms"] / unloaded_floor["p95_ms"], 1)}
        _say("floor, closed loop", floor)
        phases = {}
        if args.mode in ("closed", "both"):
            phases["closed"] = compare(
                run_phase(
                    process,
                    seeded(1000),
                    seconds=args.seconds,
                    think=0,
                    max_requests=args.max_requests,
                    lock=lock,
                ),
                floor,
                unloaded,
            )
            _say("mix, closed loop", phases["closed"])
        if args.mode in ("think", "both"):
            phases["think"] = compare(
                run_phase(
                    process,
                    seeded(2000),
                    seconds=args.seconds,
                    think=args.think,
                    max_requests=args.max_requests,
                    lock=lock,
                ),
                floor,
                unloaded,
            )
            _say(f"mix, think time {args.think:g} s", phases["think"])
    finally:
        stop(process)
    return {
        "config": asdict(config),
        "floor": {"unloaded": unloaded_floor, "closed": floor},
        "unloaded": unloaded,
        **phases,
    }


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.load", description=__doc__.split("\n")[0])
    parser.add_argument("--scale", choices=list(SCALES), help="the generated scale (default commune)")
    parser.add_argument("--target", choices=["sqlite", "postgresql"], default="sqlite")
    parser.add_argument(
        "--database-url", help="an existing database (a copy of a region, the demo) instead of the scale's"
    )
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--seconds", type=int, default=60, help="of load for each mix phase")
    parser.add_argument("--floor-seconds", type=int, default=20, help="of load for the floor's throughput")
    parser.add_argument("--mode", choices=["closed", "think", "both"], default="both")
    parser.add_argument("--think", type=float, default=THINK_MEAN_S, help="mean think time in seconds")
    parser.add_argument(
        "--worker-class", choices=["gthread", "sync"], help="default: deploy/gunicorn.conf.py's"
    )
    parser.add_argument(
        "--workers", type=int, help="default: deploy/gunicorn.conf.py's (2 per CPU, at least 2)"
    )
    parser.add_argument("--threads", type=int, help="default: deploy/gunicorn.conf.py's (2; 1 for sync)")
    parser.add_argument(
        "--config",
        dest="configs",
        action="append",
        type=parse_config,
        metavar="CLASS:WxT",
        help="a configuration to run (repeatable), e.g. gthread:2x4, sync:2",
    )
    parser.add_argument("--max-requests", type=int, default=100_000)
    parser.add_argument("--unloaded", type=int, default=100, help="requests for the unloaded p95")
    args = parser.parse_args(argv)
    for name, limit in LIMITS.items():
        if getattr(args, name) > limit:
            parser.error(f"--{name.replace('_', '-')} is capped at {limit}")
    if args.think < 0:
        parser.error("--think must be 0 or more")
    if args.target == "postgresql" and not targets.pg_answers():
        parser.error("PostgreSQL does not answer on 127.0.0.1:5432")
    configs = args.configs or [resolve_config(args.worker_class, args.workers, args.threads)]

    if args.database_url:
        database_url = args.database_url
        args.scale = args.scale or "demo"
        args.target = "sqlite" if database_url.startswith("sqlite") else "postgresql"
    else:
        args.scale = args.scale or "commune"
        key = cache_key(args.scale)
        _ensure_generated(args.target, args.scale, key, regenerate=False)
        database_url = targets.url_for(args.target, args.scale, key)
    ids = _ids(database_url)
    print(
        f"{args.scale} on {args.target}, {args.users} users, {len(configs)} configuration(s)", file=sys.stderr
    )
    date = datetime.datetime.now(datetime.UTC).date().isoformat()
    RESULTS.mkdir(exist_ok=True)
    for config in configs:
        measured = run_config(config, database_url, ids, args)
        report = {
            "date": date,
            "scale": args.scale,
            "target": args.target,
            "users": args.users,
            "staff_users": round(args.users * STAFF_SHARE),
            "seconds": args.seconds,
            "floor_seconds": args.floor_seconds,
            "think_mean_s": args.think,
            "workers": config.workers,
            "threads": config.threads,
            "worker_class": config.worker_class,
            "cpus": os.cpu_count(),
            "load_average_after": [round(x, 2) for x in os.getloadavg()],
            **measured,
        }
        if "closed" in measured:  # the names of the first version, for older readers
            report.update(loaded=measured["closed"], throughput_rps=measured["closed"]["rps"])
            report["duration_s"] = measured["closed"]["duration_s"]
        path = RESULTS / f"{date}-load-{args.scale}-{args.target}-{config.slug}.json"
        path.write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n")
        print(f"written: {path.relative_to(ROOT)}", file=sys.stderr)
    if args.scale in SCALES:  # the README's table is for the scales (generated, or a copy given by URL)
        _update_readme()
    return 0


def _cell(phase: dict | None, key: str, fmt: str = "{}") -> str:
    if not phase or phase.get(key) is None:
        return "–"
    return fmt.format(phase[key])


def summary_table(reports: list[dict]) -> str:
    """One line per scale, database, configuration and phase: the figures to choose a configuration by."""
    lines = [
        "| scale | database | gunicorn | load | req/s | req/s per core | × floor req/s | "
        "req per server CPU s | × floor per CPU s | p50 ms | p95 ms | unloaded p95 ms | p95 × unloaded | errors | "
        "CPU s server / generator (server's share of the cores) |",
        "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for r in reports:
        config = f"{r['worker_class']} {r['workers']}×{r.get('threads', 1)}"
        floor = r["floor"]["closed"]
        rows = [("floor, closed", floor, r["floor"]["unloaded"])]
        rows += [("mix, closed", r.get("closed"), r["unloaded"])]
        rows += [(f"mix, think {r['think_mean_s']:g} s", r.get("think"), r["unloaded"])]
        for name, phase, unloaded in rows:
            if not phase:
                continue
            lines.append(
                f"| {r['scale']} | {r['target']} | {config} | {name} | {phase['rps']} | {phase['rps_per_core']} | "
                f"{_cell(phase, 'x_floor_rps')} | {_cell(phase, 'requests_per_server_cpu_s')} | "
                f"{_cell(phase, 'x_floor_cpu')} | {phase['p50_ms']} | {phase['p95_ms']} | {unloaded['p95_ms']} | {_cell(phase, 'p95_x_unloaded')} | "
                f"{phase['errors']} | {phase['server_cpu_s']} / {phase['generator_cpu_s']} "
                f"({_cell(phase, 'server_cpu_share')}) |"
            )
    return "\n".join(lines)


def table(report: dict) -> str:
    """The pages of one run: unloaded, closed loop, think time."""
    quiet = report["unloaded"]
    closed, think = report.get("closed", {}), report.get("think", {})
    lines = [
        f"{report['scale']} on {report['target']}, gunicorn {report['worker_class']} "
        f"{report['workers']}×{report.get('threads', 1)}, {report['users']} users "
        f"({report['staff_users']} staff signed in, the rest on the public portal), {report['seconds']} s "
        f"per phase, {report['cpus']} CPUs shared with the load generator, load average after "
        f"{report['load_average_after'][0]} ({report['date']}).",
        "",
        "| page | unloaded p50 / p95 ms | closed loop requests | p50 / p95 ms | think time requests | "
        "p50 / p95 ms | errors |",
        "|---|---|---|---|---|---|---|",
    ]
    for label in sorted(set(quiet["pages"]) | set(closed.get("pages", {})) | set(think.get("pages", {}))):
        q = quiet["pages"].get(label, {})
        c = closed.get("pages", {}).get(label, {})
        t = think.get("pages", {}).get(label, {})
        lines.append(
            f"| {label} | {q.get('p50_ms', '–')} / {q.get('p95_ms', '–')} | {c.get('requests', 0):,} | "
            f"{c.get('p50_ms', '–')} / {c.get('p95_ms', '–')} | {t.get('requests', 0):,} | "
            f"{t.get('p50_ms', '–')} / {t.get('p95_ms', '–')} | {c.get('errors', 0) + t.get('errors', 0)} |"
        )
    return "\n".join(lines)


def latest_reports(paths) -> list[dict]:
    """The latest run of each scale, database and configuration (runs of the first version left out)."""
    latest = {}
    for path in sorted(paths):  # dated names: a later run replaces an earlier one
        report = json.loads(Path(path).read_text())
        if "floor" not in report:
            continue
        key = (
            report["scale"],
            report["target"],
            report["worker_class"],
            report["workers"],
            report["threads"],
        )
        latest[key] = report
    order = {name: i for i, name in enumerate(SCALES)}
    return [
        r
        for _key, r in sorted(
            latest.items(), key=lambda kv: (order.get(kv[0][0], 99), kv[0][1] != "sqlite", kv[0][2:])
        )
    ]


def _update_readme() -> None:
    """Put the latest load run of each scale, database and configuration into the README."""
    if not README.exists():
        return
    text = README.read_text()
    if START not in text or END not in text:
        return
    reports = latest_reports(RESULTS.glob("*-load-*.json"))
    if not reports:
        return
    block = "\n\n".join([summary_table(reports), *(table(r) for r in reports)])
    before, rest = text.split(START, 1)
    _old, after = rest.split(END, 1)
    README.write_text(f"{before}{START}\n{block}\n{END}{after}")


if __name__ == "__main__":
    sys.exit(main())
