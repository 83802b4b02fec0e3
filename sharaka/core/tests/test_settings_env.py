from pathlib import Path

import pytest

from sharaka.lib.env import ConfigError, database_from_url, envbool, envint


def test_it_fails_loudly_on_a_bad_boolean(monkeypatch):
    monkeypatch.setenv("X_FLAG", "maybe")
    with pytest.raises(ConfigError):
        envbool("X_FLAG")


def test_it_fails_loudly_on_a_bad_number(monkeypatch):
    monkeypatch.setenv("X_NUM", "ten")
    with pytest.raises(ConfigError):
        envint("X_NUM", "1")


def test_it_reads_sqlite_and_postgres_urls():
    base = Path("/srv/sharaka")
    assert database_from_url("sqlite:///var/db.sqlite3", base)["NAME"] == "/srv/sharaka/var/db.sqlite3"
    assert database_from_url("sqlite:////tmp/x.sqlite3", base)["NAME"] == "/tmp/x.sqlite3"
    pg = database_from_url("postgres://sharaka:s%40cret@db.local:5433/sharaka", base)
    assert (pg["ENGINE"], pg["USER"], pg["PASSWORD"], pg["HOST"], pg["PORT"], pg["NAME"]) == (
        "django.db.backends.postgresql",
        "sharaka",
        "s@cret",
        "db.local",
        "5433",
        "sharaka",
    )
    assert pg["OPTIONS"]["connect_timeout"] == 5  # an unreachable server never hangs a request
    assert "-c jit=off" in pg["OPTIONS"]["options"]  # short queries: compiling them costs seconds
    assert "-c max_parallel_workers_per_gather=0" in pg["OPTIONS"]["options"]  # starting workers: ms
    with pytest.raises(ConfigError):
        database_from_url("mysql://x/y", base)


def test_it_refuses_to_start_in_production_without_a_secret_key():
    import subprocess
    import sys

    result = subprocess.run(
        [sys.executable, "-c", "import sharaka.settings"],
        env={"PATH": "/usr/bin:/bin", "DEBUG": "0", "SHARAKA_TESTING": "0"},
        capture_output=True,
        text=True,
        cwd=Path(__file__).resolve().parents[3],
    )
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def _start(**env):
    import subprocess
    import sys

    return subprocess.run(
        [sys.executable, "-c", "import sharaka.settings as s; print(s.SITE_URL)"],
        env={"PATH": "/usr/bin:/bin", "SHARAKA_TESTING": "0", **env},
        capture_output=True,
        text=True,
        cwd=Path(__file__).resolve().parents[3],
    )


PRODUCTION = {"DEBUG": "0", "SECRET_KEY": "x" * 60, "ALLOWED_HOSTS": "sharaka.aourir.ma"}


def test_it_refuses_to_start_in_production_without_the_sites_address():
    result = _start(**PRODUCTION)
    assert result.returncode != 0 and "SITE_URL must be set" in result.stderr


def test_it_refuses_a_site_address_that_is_not_https_in_production():
    result = _start(**PRODUCTION, SITE_URL="http://sharaka.aourir.ma")
    assert result.returncode != 0 and "SITE_URL must start with https://" in result.stderr


def test_it_takes_the_sites_address_without_a_trailing_slash():
    result = _start(**PRODUCTION, SITE_URL="https://sharaka.aourir.ma/")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "https://sharaka.aourir.ma"


def test_in_development_the_site_address_defaults_to_the_local_server():
    result = _start(DEBUG="1")
    assert result.returncode == 0 and result.stdout.strip() == "http://127.0.0.1:8000"


def test_the_second_factor_cannot_be_turned_off_in_production():
    result = _start(**PRODUCTION, SITE_URL="https://sharaka.aourir.ma", SHARAKA_SECOND_FACTOR="false")
    assert result.returncode != 0 and "SHARAKA_SECOND_FACTOR cannot be turned off" in result.stderr
    assert _production_setting("SECOND_FACTOR_REQUIRED") == "True"


def test_language_cookies_are_secure_in_production_only():
    assert _production_setting("LANGUAGE_COOKIE_SECURE") == "True"
    assert _production_setting("LANGUAGE_COOKIE_HTTPONLY") == "True"
    assert _production_setting("LANGUAGE_COOKIE_SAMESITE") == "'Lax'"
    assert _production_setting("LANGUAGE_COOKIE_SECURE", DEBUG="1") == "False"


def _production_setting(name, **env):
    import subprocess
    import sys

    base = {
        "PATH": "/usr/bin:/bin",
        "DEBUG": "0",
        "SHARAKA_TESTING": "0",
        "SECRET_KEY": "x" * 60,
        "ALLOWED_HOSTS": "sharaka.aourir.ma",
        "SITE_URL": "https://sharaka.aourir.ma",
    }
    result = subprocess.run(
        [sys.executable, "-c", f"import sharaka.settings as s; print(repr(getattr(s, {name!r}, None)))"],
        env={**base, **env},
        capture_output=True,
        text=True,
        cwd=Path(__file__).resolve().parents[3],
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


def test_https_is_read_from_the_proxy_only_when_proxies_are_trusted():
    assert _production_setting("SECURE_PROXY_SSL_HEADER") == "None"
    header = _production_setting("SECURE_PROXY_SSL_HEADER", SHARAKA_TRUSTED_PROXIES="1")
    assert header == "('HTTP_X_FORWARDED_PROTO', 'https')"


@pytest.mark.django_db
@pytest.mark.postgres_only
def test_postgresql_connections_run_without_jit_compilation_or_parallel_workers():
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SHOW jit")
        assert cursor.fetchone()[0] == "off"
        cursor.execute("SHOW max_parallel_workers_per_gather")
        assert cursor.fetchone()[0] == "0"
