"""Production tests (`make ops`, in .ci/run): Sharaka run the way docs/operations.md runs it.

Real processes (bin/serve's gunicorn, the worker, the scheduler, `manage.py` commands) with
`DEBUG=0`, against a real PostgreSQL database made for the test, Redis, and real files. Nothing here
imports the application: every step goes through the commands an administrator types.

Fixtures:
- `demo_template`: one PostgreSQL database with the Aourir demo loaded (once per session), and its
  uploaded files; `site` copies both into a fresh database and media folder for each test.
- `site`: a `Site` (its database URL, media folder, environment) whose `manage()` runs a command
  and whose `serve()` starts bin/serve on a free loopback port.
- `Client`: a small HTTP client that keeps cookies (even the `Secure` ones over plain http on
  loopback) and sends the CSRF token with each POST.
"""

from __future__ import annotations

import contextlib
import http.client
import os
import re
import shutil
import signal
import socket
import subprocess
import time
import urllib.parse
import uuid
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PYTHON = ROOT / ".venv" / "bin" / "python"
PG_SERVER = os.environ.get("SHARAKA_OPS_PG", "postgres://postgres@127.0.0.1:5432")
REDIS_URL = os.environ.get("SHARAKA_OPS_REDIS", "redis://127.0.0.1:6379/0")
SECRET_KEY = "ops-tests-" + "0123456789abcdef" * 4
PASSWORD = "aourir-demo-2026"  # the demo's published password (sharaka/demo/data/people.py)


def psql(sql: str, database: str = "postgres") -> str:
    """Run one SQL statement as the server's superuser (trust auth on loopback, as in CI)."""
    url = urllib.parse.urlsplit(PG_SERVER)
    done = subprocess.run(
        ["psql", "-h", url.hostname or "127.0.0.1", "-p", str(url.port or 5432), "-U", url.username or "postgres",
         "-d", database, "-v", "ON_ERROR_STOP=1", "-qAtc", sql],
        capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    if done.returncode:
        raise RuntimeError(f"psql failed: {sql}\n{done.stderr}")
    return done.stdout


def drop_database(name: str) -> None:
    psql(f"SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '{name}'")
    psql(f'DROP DATABASE IF EXISTS "{name}"')


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def production_env(database_url: str, media_root: Path, **extra: str) -> dict:
    """The environment of a production process, as docs/configuration.md lists it.

    Plain http on loopback stands for the TLS that nginx ends in front (SECURE_SSL_REDIRECT off);
    everything else is as in production: DEBUG off, the database task backend, Redis, the second
    factor on.
    """
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": os.environ.get("HOME", "/root"),
        "LANG": "C.UTF-8",
        "DEBUG": "0",
        "SECRET_KEY": SECRET_KEY,
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "SITE_URL": "https://sharaka.aourir.test",
        "SECURE_SSL_REDIRECT": "false",
        "DATABASE_URL": database_url,
        "MEDIA_ROOT": str(media_root),
        "STATIC_ROOT": str(ROOT / "var" / "static-ops"),
        "REDIS_URL": REDIS_URL,
        "SHARAKA_CACHE_PREFIX": f"ops-{uuid.uuid4().hex[:8]}",
        "PYTHONUNBUFFERED": "1",
    }
    env.update(extra)
    return env


class Site:
    """One installation: a database, a media folder and the environment its processes share."""

    def __init__(self, database_url: str, media_root: Path, env: dict):
        self.database_url = database_url
        self.media_root = media_root
        self.env = env
        self._servers: list[subprocess.Popen] = []

    def manage(self, *args: str, check: bool = True, timeout: int = 600, **env: str):
        done = subprocess.run(
            [str(PYTHON), "manage.py", *args],
            cwd=ROOT, env={**self.env, **env}, capture_output=True, text=True, timeout=timeout,
        )  # fmt: skip
        if check and done.returncode:
            raise AssertionError(
                f"manage.py {' '.join(args)} failed ({done.returncode}):\n{done.stdout}\n{done.stderr}"
            )
        return done

    def start(self, argv: list[str], **env: str) -> subprocess.Popen:
        """A long-running process of this site (its own process group, stopped at the end)."""
        process = subprocess.Popen(
            argv, cwd=ROOT, env={**self.env, **env}, start_new_session=True,
            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
        )  # fmt: skip
        self._servers.append(process)
        return process

    def serve(self, port: int | None = None, **env: str) -> str:
        """Start bin/serve (gunicorn) on a free loopback port; return its base URL once /healthz answers."""
        port = port or free_port()
        process = self.start([str(ROOT / "bin" / "serve")], BIND=f"127.0.0.1:{port}", **env)
        base = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline:
            if process.poll() is not None:
                raise AssertionError(f"bin/serve stopped ({process.returncode}):\n{process.stdout.read()}")
            with contextlib.suppress(OSError):
                if Client(base).get("/healthz").status == 200:
                    return base
            time.sleep(0.3)
        raise AssertionError(f"bin/serve did not answer /healthz on {base} within 90 s")

    @staticmethod
    def kill(process: subprocess.Popen, sig=signal.SIGKILL) -> None:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, sig)
        with contextlib.suppress(subprocess.TimeoutExpired):
            process.wait(timeout=20)

    def stop_all(self) -> None:
        for process in self._servers:
            if process.poll() is None:
                self.kill(process, signal.SIGTERM)
            if process.poll() is None:
                self.kill(process)


class Response:
    def __init__(self, status: int, headers: list[tuple[str, str]], body: bytes):
        self.status = status
        self.headers = headers
        self.body = body

    def header(self, name: str) -> str | None:
        for key, value in self.headers:
            if key.lower() == name.lower():
                return value
        return None

    @property
    def text(self) -> str:
        return self.body.decode("utf-8", "replace")


class Client:
    """A browser's minimum: cookies kept per client (several servers may share one client, as one
    browser behind a load balancer would), the CSRF token sent back with each POST."""

    def __init__(self, base: str, cookies: dict | None = None):
        self.base = base
        self.cookies = cookies if cookies is not None else {}
        self.set_cookies: list[str] = []  # the Set-Cookie headers of the last response, as sent

    def at(self, base: str) -> Client:
        """The same browser (same cookies) talking to another instance."""
        return Client(base, self.cookies)

    def request(self, method: str, path: str, body: bytes | None = None, headers: dict | None = None,
                timeout: float = 60) -> Response:  # fmt: skip
        connection = self.connection(urllib.parse.urlsplit(self.base), timeout)
        sent = {"Host": "localhost", "Accept-Language": "ar", **(headers or {})}
        if self.cookies:
            sent["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        try:
            connection.request(method, path, body=body, headers=sent)
            raw = connection.getresponse()
            response = Response(raw.status, raw.getheaders(), raw.read())
        finally:
            connection.close()
        self.set_cookies = [value for key, value in response.headers if key.lower() == "set-cookie"]
        for value in self.set_cookies:
            name, _, rest = value.partition("=")
            if "expires=Thu, 01 Jan 1970" in value or "Max-Age=0" in value:
                self.cookies.pop(name.strip(), None)
            else:
                self.cookies[name.strip()] = rest.split(";", 1)[0]
        return response

    def connection(self, url: urllib.parse.SplitResult, timeout: float) -> http.client.HTTPConnection:
        """The connection of one request (plain http; a subclass may speak TLS or pick its address)."""
        return http.client.HTTPConnection(url.hostname, url.port, timeout=timeout)

    def get(self, path: str, **headers) -> Response:
        return self.request("GET", path, headers=headers)

    def post(self, path: str, data: dict | list, referer: str | None = None, **headers) -> Response:
        """POST a form like a browser: CSRF token from the cookie (a GET of the page first sets it)."""
        if "csrftoken" not in self.cookies:
            self.get(referer or path)
        fields = list(data.items()) if isinstance(data, dict) else list(data)
        fields.append(("csrfmiddlewaretoken", self.cookies.get("csrftoken", "")))
        body = urllib.parse.urlencode(fields).encode()
        return self.request(
            "POST", path, body=body,
            headers={"Content-Type": "application/x-www-form-urlencoded",
                     "Referer": f"https://localhost{referer or path}", **headers},
        )  # fmt: skip

    def sign_in(self, username: str, password: str = PASSWORD) -> Response:
        self.get("/accounts/login/")
        response = self.post("/accounts/login/", {"username": username, "password": password})
        assert response.status == 302, (
            f"sign-in of {username} answered {response.status}: {response.text[:500]}"
        )
        return response


def csrf_from(html: str) -> str | None:
    found = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html)
    return found.group(1) if found else None


@pytest.fixture(scope="session")
def demo_template(tmp_path_factory):
    """The Aourir demo loaded once, with DEBUG=0, into a PostgreSQL database used as a template."""
    name = f"sharaka_ops_demo_{uuid.uuid4().hex[:8]}"
    psql(f'CREATE DATABASE "{name}"')
    media = tmp_path_factory.mktemp("demo-media")
    site = Site(f"{PG_SERVER}/{name}", media, production_env(f"{PG_SERVER}/{name}", media))
    try:
        site.manage("migrate", "--no-input")
        site.manage("load_demo", "--allow-published-password")
        site.manage("collectstatic", "--no-input")
        yield name, media
    finally:
        drop_database(name)


@pytest.fixture
def site(demo_template, tmp_path):
    """A fresh copy of the demo site for one test: its own database and media folder."""
    template, template_media = demo_template
    name = f"sharaka_ops_{uuid.uuid4().hex[:8]}"
    psql(f'CREATE DATABASE "{name}" TEMPLATE "{template}"')
    media = tmp_path / "media"
    shutil.copytree(template_media, media)
    url = f"{PG_SERVER}/{name}"
    installation = Site(url, media, production_env(url, media))
    try:
        yield installation
    finally:
        installation.stop_all()
        drop_database(name)
