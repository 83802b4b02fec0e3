"""/healthz (liveness) and /readyz (readiness), answered before any other middleware.

HealthMiddleware is first in settings.MIDDLEWARE: a load balancer or a monitor probing
http://127.0.0.1:8000/readyz is answered before the host check (ALLOWED_HOSTS), the https redirect,
the session, the sign-in requirement and the request log (a probe every few seconds would drown it).

- /healthz: the process answers. Plain "ok", 200, no database, no cache: restart the process when
  this fails.
- /readyz: the installation can serve. JSON with one entry per check and 200 when all pass, 503
  otherwise: take the instance out of rotation, or alert, when this fails. The checks: the database
  (SELECT 1), the cache (a short-lived key written and read back), the migrations (none unapplied),
  the worker's and the scheduler's heartbeats (younger than settings.HEARTBEAT_STALE_SECONDS; "not
  needed" when tasks run immediately, in development).

A failed check gives the exception's class and a fixed short sentence, never the exception's text
(a connection error may name the host, the user, the database): the full text goes to the log.
"""

import json
import logging
import secrets
import threading

from django.conf import settings
from django.core.cache import cache
from django.db import DEFAULT_DB_ALIAS, connections
from django.http import HttpResponse, HttpResponseNotAllowed
from django.utils import timezone

logger = logging.getLogger("sharaka.health")

LIVENESS_PATH = "/healthz"
READINESS_PATH = "/readyz"

# Applied migrations do not un-apply: once every migration this code knows is applied, it stays so
# for the life of the process, and the (costly) migration graph is not loaded again.
_migrations_applied = False
_migrations_lock = threading.Lock()


class CheckFailed(Exception):
    """A check that ran but found the installation not ready (not an error of the check itself)."""


def _failure(exc: Exception, sentence: str) -> dict:
    if isinstance(exc, CheckFailed):
        return {"ok": False, "detail": str(exc)}
    return {"ok": False, "error": type(exc).__name__, "detail": sentence}


def check_database() -> dict:
    with connections[DEFAULT_DB_ALIAS].cursor() as cursor:
        cursor.execute("SELECT 1")
        if cursor.fetchone() != (1,):
            raise CheckFailed("the database answered SELECT 1 wrongly")
    return {"ok": True}


def check_cache() -> dict:
    key = f"readyz:{secrets.token_hex(8)}"
    token = secrets.token_hex(8)
    cache.set(key, token, timeout=10)
    try:
        if cache.get(key) != token:
            raise CheckFailed("the cache did not give back what was just written")
    finally:
        cache.delete(key)
    return {"ok": True}


def check_migrations() -> dict:
    global _migrations_applied
    if _migrations_applied:
        return {"ok": True}
    with _migrations_lock:
        if not _migrations_applied:
            from django.db.migrations.executor import MigrationExecutor

            executor = MigrationExecutor(connections[DEFAULT_DB_ALIAS])
            plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
            if plan:
                raise CheckFailed(f"{len(plan)} migration(s) not applied: run 'manage.py migrate'")
            _migrations_applied = True
    return {"ok": True}


def check_heartbeats() -> dict[str, dict]:
    """The worker's and the scheduler's last sign of life, in one query."""
    from sharaka.operations.models import Heartbeat

    names = (Heartbeat.WORKER, Heartbeat.SCHEDULER)
    if settings.TASKS_MODE == "immediate":
        return {name: {"ok": True, "detail": "not needed: tasks run immediately"} for name in names}
    stale_after = settings.HEARTBEAT_STALE_SECONDS
    seen = dict(Heartbeat.objects.filter(name__in=names).values_list("name", "beat_at"))
    now = timezone.now()
    results = {}
    for name in names:
        if name not in seen:
            results[name] = {"ok": False, "detail": f"the {name} has never been seen"}
            continue
        age = max(0, int((now - seen[name]).total_seconds()))
        results[name] = {"ok": age <= stale_after, "last_seen_seconds_ago": age}
        if age > stale_after:
            results[name]["detail"] = f"the {name} has not been seen for more than {stale_after} s"
    return results


def readiness() -> tuple[bool, dict]:
    """Run every check; (all passed, {check: result})."""
    from sharaka.operations.models import Heartbeat

    checks: dict[str, dict] = {}
    for name, check, sentence in (
        ("database", check_database, "the database did not answer"),
        ("cache", check_cache, "the cache did not answer"),
        ("migrations", check_migrations, "the migrations could not be read"),
    ):
        try:
            checks[name] = check()
        except Exception as exc:  # noqa: BLE001 - any failure is an answer, never a 500
            logger.warning("readyz: %s check failed: %s: %s", name, type(exc).__name__, exc)
            checks[name] = _failure(exc, sentence)
    try:
        checks.update(check_heartbeats())
    except Exception as exc:  # noqa: BLE001
        logger.warning("readyz: heartbeat check failed: %s: %s", type(exc).__name__, exc)
        for name in (Heartbeat.WORKER, Heartbeat.SCHEDULER):
            checks[name] = _failure(exc, "the heartbeats could not be read")
    return all(result["ok"] for result in checks.values()), checks


def _answer(request, content: bytes, status: int, content_type: str) -> HttpResponse:
    response = HttpResponse(
        b"" if request.method == "HEAD" else content, status=status, content_type=content_type
    )
    response["Cache-Control"] = "no-store"
    # Not "Service Unavailable: /readyz" from django.request at each probe: the failing check is
    # logged once per probe on "sharaka.health" with its cause, and the probe's answer says it.
    response._has_been_logged = True
    return response


class HealthMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        path = request.path_info
        if path not in (LIVENESS_PATH, READINESS_PATH):
            return self.get_response(request)
        if request.method not in ("GET", "HEAD"):
            return HttpResponseNotAllowed(["GET", "HEAD"])
        if path == LIVENESS_PATH:
            return _answer(request, b"ok", 200, "text/plain; charset=utf-8")
        ready, checks = readiness()
        body = json.dumps({"status": "ok" if ready else "unavailable", "checks": checks}, indent=1)
        return _answer(request, body.encode(), 200 if ready else 503, "application/json")
