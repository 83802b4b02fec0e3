"""/healthz and /readyz: what a load balancer and a monitor see (sharaka/operations/health.py)."""

import datetime
import json
from unittest import mock

import pytest
from django.db import OperationalError, connection
from django.test import override_settings
from django.utils import timezone

from sharaka.operations import health
from sharaka.operations.models import Heartbeat

ELSEWHERE = "sharaka.example.net"  # a Host that is not in ALLOWED_HOSTS


def readyz(client, **extra):
    response = client.get("/readyz", **extra)
    return response.status_code, json.loads(response.content)


def beat(name, seconds_ago):
    Heartbeat.objects.update_or_create(
        name=name, defaults={"beat_at": timezone.now() - datetime.timedelta(seconds=seconds_ago)}
    )


# --- liveness -------------------------------------------------------------------------------------


def test_liveness_answers_ok_without_touching_the_database(client):
    # no `db` fixture: any query here would fail the test (pytest-django blocks the database)
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.content == b"ok"
    assert response["Content-Type"].startswith("text/plain")
    assert response["Cache-Control"] == "no-store"


def test_liveness_answers_a_host_that_is_not_allowed(client):
    assert client.get("/healthz", HTTP_HOST=ELSEWHERE).status_code == 200


def test_liveness_answers_head_without_a_body_and_refuses_post(client):
    head = client.head("/healthz")
    assert (head.status_code, head.content) == (200, b"")
    refused = client.post("/healthz")
    assert refused.status_code == 405
    assert refused["Allow"] == "GET, HEAD"


# --- readiness ------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_readiness_passes_in_development_where_no_worker_is_needed(client):
    status, body = readyz(client)
    assert status == 200
    assert body["status"] == "ok"
    assert set(body["checks"]) == {"database", "cache", "migrations", "worker", "scheduler"}
    assert all(check["ok"] for check in body["checks"].values())
    assert body["checks"]["worker"]["detail"] == "not needed: tasks run immediately"


@pytest.mark.django_db
def test_readiness_is_answered_before_the_host_check_and_the_https_redirect(client, settings):
    settings.SECURE_SSL_REDIRECT = True
    assert client.get("/", HTTP_HOST=ELSEWHERE).status_code == 400  # the host check is on...
    assert client.get("/accounts/login/").status_code == 301  # ...and so is the redirect to https
    status, _ = readyz(client, HTTP_HOST=ELSEWHERE)
    assert status == 200


@pytest.mark.django_db
def test_readiness_fails_when_the_database_does_not_answer_and_keeps_the_error_text_private(client):
    secret = 'connection to server at "db.internal" failed: password authentication failed for user "sharaka"'
    with mock.patch.object(connection, "cursor", side_effect=OperationalError(secret)):
        response = client.get("/readyz")
    assert response.status_code == 503
    body = json.loads(response.content)
    assert body["status"] == "unavailable"
    assert body["checks"]["database"] == {
        "ok": False,
        "error": "OperationalError",
        "detail": "the database did not answer",
    }
    assert b"db.internal" not in response.content and b"password" not in response.content


@pytest.mark.django_db
def test_readiness_fails_when_the_cache_loses_what_was_written(client):
    with mock.patch.object(health.cache, "get", return_value=None):
        status, body = readyz(client)
    assert status == 503
    assert body["checks"]["cache"]["ok"] is False
    assert body["checks"]["database"]["ok"] is True


@pytest.mark.django_db
def test_readiness_fails_while_a_migration_is_unapplied_then_remembers_success(client, monkeypatch):
    from django.db.migrations.executor import MigrationExecutor

    monkeypatch.setattr(health, "_migrations_applied", False)
    with mock.patch.object(MigrationExecutor, "migration_plan", return_value=[("one", False)]):
        status, body = readyz(client)
    assert status == 503
    assert body["checks"]["migrations"] == {
        "ok": False,
        "detail": "1 migration(s) not applied: run 'manage.py migrate'",
    }

    assert readyz(client)[0] == 200  # applied now: computed once more...
    with mock.patch.object(MigrationExecutor, "__init__", side_effect=AssertionError("loaded again")):
        assert readyz(client)[0] == 200  # ...and never again in this process


@pytest.mark.django_db
@override_settings(TASKS_MODE="database")
def test_readiness_passes_with_fresh_heartbeats_in_production_mode(client):
    beat(Heartbeat.WORKER, 50)
    beat(Heartbeat.SCHEDULER, 20)
    status, body = readyz(client)
    assert status == 200
    assert body["checks"]["worker"]["ok"] is True
    assert 50 <= body["checks"]["worker"]["last_seen_seconds_ago"] < 60


@pytest.mark.django_db
@override_settings(TASKS_MODE="database", HEARTBEAT_STALE_SECONDS=300)
def test_readiness_fails_when_the_worker_has_not_beaten_for_too_long(client):
    beat(Heartbeat.WORKER, 301)
    beat(Heartbeat.SCHEDULER, 20)
    status, body = readyz(client)
    assert status == 503
    assert body["checks"]["worker"]["ok"] is False
    assert body["checks"]["worker"]["detail"] == "the worker has not been seen for more than 300 s"
    assert body["checks"]["scheduler"]["ok"] is True


@pytest.mark.django_db
@override_settings(TASKS_MODE="database")
def test_readiness_fails_when_the_scheduler_has_never_run(client, django_request_records):
    beat(Heartbeat.WORKER, 5)
    status, body = readyz(client)
    assert status == 503
    assert body["checks"]["scheduler"] == {"ok": False, "detail": "the scheduler has never been seen"}
    assert django_request_records == []  # no "Service Unavailable: /readyz" at every probe


@pytest.mark.django_db
@override_settings(TASKS_MODE="database")
def test_readiness_costs_two_queries_once_the_migrations_are_known(client, django_assert_num_queries):
    beat(Heartbeat.WORKER, 5)
    beat(Heartbeat.SCHEDULER, 5)
    readyz(client)  # the first answer of a process also reads the migrations
    with django_assert_num_queries(2):  # SELECT 1, and both heartbeats in one query
        assert readyz(client)[0] == 200


@pytest.mark.django_db
def test_readiness_is_not_written_to_the_request_log(client, request_lines):
    readyz(client)
    client.get("/healthz")
    assert request_lines == []
