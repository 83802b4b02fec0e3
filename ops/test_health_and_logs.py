"""/readyz, /healthz and the request log of the real web process (bin/serve), as a monitor sees them."""

import json

from ops.conftest import Client, psql


def database_name(site) -> str:
    return site.database_url.rsplit("/", 1)[1]


def test_readiness_over_plain_http_for_any_host_then_the_request_log_in_json(site):
    base = site.serve(LOG_FORMAT="json", SECURE_SSL_REDIRECT="true", SHARAKA_TRUSTED_PROXIES="1")
    probe = Client(base)
    elsewhere = {"Host": "10.0.0.5:8000"}  # a monitor probing the address, not the site's name

    # No worker or scheduler has run yet: not ready, and saying why; the rest passes on PostgreSQL and Redis.
    response = probe.get("/readyz", **elsewhere)
    assert response.status == 503
    checks = json.loads(response.body)["checks"]
    assert {name for name, check in checks.items() if check["ok"]} == {"database", "cache", "migrations"}
    assert checks["worker"] == {"ok": False, "detail": "the worker has never been seen"}

    psql(
        "INSERT INTO operations_heartbeat (name, beat_at, detail) VALUES "
        "('worker', now(), '{}'), ('scheduler', now(), '{}') "
        "ON CONFLICT (name) DO UPDATE SET beat_at = now()",
        database=database_name(site),
    )
    assert probe.get("/readyz", **elsewhere).status == 200
    assert probe.get("/healthz", **elsewhere).body == b"ok"
    assert probe.get("/accounts/login/").status == 301  # everything else is sent to https

    # Behind nginx: its request id and the client's address are taken from the trusted proxy.
    page = probe.get(
        "/accounts/login/?next=/partners/%3Fq%3DFatima",
        **{
            "X-Forwarded-Proto": "https",
            "X-Forwarded-For": "203.0.113.5",
            "X-Request-ID": "nginx0123456789ab",
        },
    )
    assert page.status == 200
    assert page.header("X-Request-ID") == "nginx0123456789ab"
    missing = probe.get("/no-such-page/", **{"X-Forwarded-Proto": "https"})
    assert missing.status == 404
    assert f'المرجع لدى الدعم: <bdi dir="ltr">{missing.header("X-Request-ID")}</bdi>' in missing.text

    site.stop_all()
    output = site._servers[-1].stdout.read()
    records = [json.loads(line) for line in output.splitlines() if line.startswith("{")]
    lines = [record for record in records if record["logger"] == "sharaka.request"]
    assert [(line["path"], line["status"]) for line in lines] == [
        ("/accounts/login/", 301),
        ("/accounts/login/", 200),
        ("/no-such-page/", 404),
    ]  # the probes are not written; the query strings are not either
    signed = lines[1]
    assert signed["request_id"] == "nginx0123456789ab"
    assert signed["client"] == "203.0.113.5" and signed["user_id"] == "-"
    assert "Fatima" not in output
    not_found = [r for r in records if r["logger"] == "django.request"]
    assert [r["request_id"] for r in not_found] == [missing.header("X-Request-ID")]
