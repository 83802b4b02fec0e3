"""The deployment files and docs/operations.md, run as far as this machine allows.

- Every `manage.py COMMAND --option` written on the page is a command that exists and takes that
  option; every `bin/...` and `deploy/...` file it names is in the repository.
- The systemd units are checked by `systemd-analyze verify` (with /srv/sharaka pointed at this
  checkout in a copy), and against the environment file's folders.
- deploy/sharaka.env.example is accepted by Sharaka's start-up (`manage.py check --deploy`) and names
  every variable that settings.py reads.
- deploy/nginx/sharaka.conf runs, as a normal nginx process with a self-signed certificate and free
  high ports in place of 80 and 443, in front of bin/serve with SHARAKA_TRUSTED_PROXIES=1 and
  SECURE_SSL_REDIRECT on: http is redirected to https, the portal answers in Arabic over https,
  the session cookie is Secure, a static file carries far-future headers, /media/ is not served,
  and Sharaka records the client's address (not nginx's, not one the client made up).

What cannot run here (apt, systemctl, certbot: no systemd as PID 1, no public name) is listed in
docs/operations.md's "What the tests run".
"""

from __future__ import annotations

import configparser
import contextlib
import http.client
import os
import re
import shutil
import ssl
import subprocess
import tempfile
import time
import urllib.parse
from pathlib import Path

import pytest

from .conftest import PG_SERVER, ROOT, Client, free_port, psql

OPERATIONS = ROOT / "docs" / "operations.md"
DEPLOY = ROOT / "deploy"
UNITS = sorted((DEPLOY / "systemd").glob("sharaka-*.*"))
ENV_EXAMPLE = DEPLOY / "sharaka.env.example"
NGINX_SITE = DEPLOY / "nginx" / "sharaka.conf"
INSTALL_DIR = "/srv/sharaka"


def page() -> str:
    return OPERATIONS.read_text(encoding="utf-8")


def env_example(**overrides: str) -> dict:
    env = {}
    for line in ENV_EXAMPLE.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.lstrip().startswith("#"):
            key, _, value = line.partition("=")
            env[key.strip()] = value.strip()
    env.update(overrides)
    return env


@pytest.fixture(scope="module")
def env_file(tmp_path_factory) -> Path:
    """deploy/sharaka.env.example with its placeholders filled, as step 5 of the page asks."""
    filled = env_example(
        SECRET_KEY="ops-" + "0123456789abcdefghijklmnopqrstuvwxyz" * 2,
        DATABASE_URL=f"{PG_SERVER}/sharaka_ops_unused",
        MEDIA_ROOT=str(ROOT / "var" / "media-ops-unused"),
        STATIC_ROOT=str(ROOT / "var" / "static-ops"),
    )
    path = tmp_path_factory.mktemp("etc-sharaka") / "sharaka.env"
    path.write_text("".join(f"{key}={value}\n" for key, value in filled.items()))
    return path


def sharaka_manage(env_file: Path, *args: str) -> subprocess.CompletedProcess:
    """deploy/sharaka-manage, the page's way of running manage.py (as root here: there is no
    `sharaka` user on a test machine, so it runs as whoever runs the tests)."""
    return subprocess.run(
        [str(DEPLOY / "sharaka-manage"), *args], cwd="/",
        env={"PATH": "/usr/bin:/bin", "SHARAKA_ENV_FILE": str(env_file)},
        capture_output=True, text=True, timeout=120,
    )  # fmt: skip


# --- (a) the page names real commands, options and files ------------------------------------------

COMMAND_LINE = re.compile(r"(?:manage\.py|sharaka-manage)\s+([a-z][a-z0-9_]*)((?:[ \t]+[^\s`|;&]+)*)")


def commands_on_page() -> dict[str, set[str]]:
    """{command: the --options written after it anywhere on the page}."""
    found: dict[str, set[str]] = {}
    for name, rest in COMMAND_LINE.findall(page()):
        options = found.setdefault(name, set())
        options.update(re.findall(r"(?<!\S)(--[a-z][a-z0-9-]*)", rest))
    return found


def test_the_operations_page_names_commands():
    """The page's procedures are written as commands (the parser below would otherwise check nothing)."""
    names = commands_on_page()
    for expected in (
        "migrate",
        "collectstatic",
        "compiletranslations",
        "createsuperuser",
        "backup",
        "restore",
    ):
        assert expected in names, f"docs/operations.md no longer mentions `manage.py {expected}`"


def test_every_manage_command_on_the_page_exists_with_its_options(env_file):
    listed = sharaka_manage(env_file, "help", "--commands")
    assert listed.returncode == 0, listed.stderr
    available = set(listed.stdout.split()) | {"help"}  # manage.py's own, not in its list
    wrong = []
    for name, options in sorted(commands_on_page().items()):
        if name not in available:
            wrong.append(f"`manage.py {name}` is not a command")
            continue
        if not options:
            continue
        usage = sharaka_manage(env_file, "help", name)
        assert usage.returncode == 0, usage.stderr
        wrong += [f"`manage.py {name} {option}`: no such option" for option in sorted(options)
                  if not re.search(rf"(?<![\w-]){re.escape(option)}(?![\w-])", usage.stdout)]  # fmt: skip
    assert not wrong, "docs/operations.md:\n" + "\n".join(wrong)


def test_every_file_of_the_repository_named_on_the_page_exists():
    """`bin/serve`, `deploy/nginx/sharaka.conf`, `/srv/sharaka/bin/worker`...: what the page tells
    the administrator to run or copy is in the repository."""
    text = page()
    named = set(re.findall(r"(?<![\w./-])((?:bin|deploy|docs)/[\w./*-]*[\w])", text))
    named |= {m for m in re.findall(re.escape(INSTALL_DIR) + r"/((?:bin|deploy|docs)/[\w./*-]*[\w])", text)}
    assert any(n.startswith("deploy/systemd/") for n in named), "the page names no systemd unit"
    missing = sorted(n for n in named if not any(ROOT.glob(n)))  # a name or a pattern (sharaka-*.service)
    assert not missing, f"named in docs/operations.md but not in the repository: {missing}"
    for unit in UNITS:
        assert f"deploy/systemd/{unit.name}" in text or unit.name in text, f"the page never names {unit.name}"


# --- (b) the systemd units -----------------------------------------------------------------------


def units_as_ini() -> dict[str, configparser.ConfigParser]:
    parsed = {}
    for unit in UNITS:
        parser = configparser.ConfigParser(strict=True, interpolation=None, delimiters=("=",))
        parser.optionxform = str
        parser.read_string(unit.read_text(encoding="utf-8"), source=str(unit))
        parsed[unit.name] = parser
    return parsed


def test_systemd_units_verify():
    """`systemd-analyze verify` on a copy whose /srv/sharaka is this checkout (it checks every key and
    that each ExecStart is an executable file); any warning counts. Without systemd-analyze, the
    units are read as INI files and their ExecStart checked by hand."""
    names = {unit.name for unit in UNITS}
    assert {"sharaka-web.service", "sharaka-worker.service", "sharaka-scheduler.service",
            "sharaka-backup.service", "sharaka-backup.timer"} <= names  # fmt: skip
    analyze = shutil.which("systemd-analyze")
    if analyze:
        with tempfile.TemporaryDirectory() as temporary:
            folder = Path(temporary)
            for unit in UNITS:
                (folder / unit.name).write_text(unit.read_text().replace(INSTALL_DIR, str(ROOT)))
            done = subprocess.run(
                [analyze, "verify", *sorted(str(folder / n) for n in names)],
                cwd=folder, capture_output=True, text=True, timeout=60,
            )  # fmt: skip
        assert done.returncode == 0 and not done.stderr.strip(), done.stderr
    for name, unit in units_as_ini().items():
        if not name.endswith(".service"):
            continue
        command = unit["Service"]["ExecStart"].split()[0]
        assert command.startswith(INSTALL_DIR + "/"), f"{name}: ExecStart outside {INSTALL_DIR}"
        target = ROOT / command.removeprefix(INSTALL_DIR + "/")
        if target.parts[-3:-1] == (".venv", "bin"):
            assert (ROOT / "manage.py").is_file()
        else:
            assert target.is_file() and target.stat().st_mode & 0o111, f"{name}: {command} is not executable"


def test_units_run_as_sharaka_with_the_environment_file_and_write_only_under_var():
    env = env_example()
    for name, unit in units_as_ini().items():
        if not name.endswith(".service"):
            continue
        service = unit["Service"]
        assert service["User"] == "sharaka", name
        assert service["WorkingDirectory"] == INSTALL_DIR, name
        assert service["EnvironmentFile"] == "/etc/sharaka/sharaka.env", name
        assert service["NoNewPrivileges"] == "true" and service["ProtectSystem"] == "strict", name
        assert service["ProtectHome"] == "true" and service["PrivateTmp"] == "true", name
        writable = service["ReadWritePaths"].split()
        for variable in ("MEDIA_ROOT", "STATIC_ROOT"):
            assert any(env[variable].startswith(folder) for folder in writable), (
                f"{name} cannot write {variable}={env[variable]} (ReadWritePaths={writable})"
            )
    backup = units_as_ini()["sharaka-backup.service"]["Service"]
    assert "/var/backups/sharaka" in backup["ReadWritePaths"].split()
    assert "backup --output /var/backups/sharaka --keep 14" in backup["ExecStart"]
    assert units_as_ini()["sharaka-backup.timer"]["Timer"]["Persistent"] == "true"


# --- the environment file and sharaka-manage -------------------------------------------------------


def test_the_example_environment_names_every_variable_that_settings_read():
    source = (ROOT / "sharaka" / "settings.py").read_text(encoding="utf-8")
    read = set(re.findall(r'env(?:str|int|bool|list)\("([A-Z][A-Z0-9_]*)"', source))
    read |= set(re.findall(r'map_tiles\("([A-Z][A-Z0-9_]*)"\)', source))
    read -= {"SHARAKA_TESTING"}  # the test commands' own
    for script in ("serve", "worker", "scheduler"):
        read |= set(re.findall(r"\$\{([A-Z][A-Z0-9_]*):-", (ROOT / "bin" / script).read_text())) - {"PYTHON"}
    gunicorn = ROOT / "deploy" / "gunicorn.conf.py"
    if gunicorn.exists():
        read |= set(re.findall(r'(?:environ\.get|_int)\("([A-Z][A-Z0-9_]*)"', gunicorn.read_text()))
    # listed: set, or written commented out with its default (`#NAME=value`)
    listed = set(re.findall(r"^#?([A-Z][A-Z0-9_]*)=", ENV_EXAMPLE.read_text(), re.MULTILINE))
    missing = sorted(read - listed)
    assert not missing, f"deploy/sharaka.env.example does not list {missing}"


def test_sharaka_manage_runs_manage_py_with_the_environment_file(env_file, tmp_path):
    """`sharaka-manage check --deploy` (step 6) with the example's placeholders filled: no error, and
    no warning but the one the administrator decides later (HSTS preload waits for the domain)."""
    done = sharaka_manage(env_file, "check", "--deploy")
    assert done.returncode == 0, done.stderr
    warnings = set(re.findall(r"\(([a-z_.]+\.W\d+)\)", done.stdout + done.stderr))
    assert warnings <= {"security.W021"}, done.stdout + done.stderr
    # what it reads is the environment file: without DEBUG=0's required values Sharaka refuses
    broken = tmp_path / "sharaka.env"
    broken.write_text(env_file.read_text().replace("SITE_URL=https://", "SITE_URL=http://"))
    refused = sharaka_manage(broken, "check", "--deploy")
    assert refused.returncode != 0 and "SITE_URL must start with https://" in refused.stderr
    missing = sharaka_manage(tmp_path / "absent.env", "check")
    assert missing.returncode == 1 and "cannot read" in missing.stderr


# --- (c) nginx in front of bin/serve ----------------------------------------------------------------


def self_signed_certificate(folder: Path) -> tuple[Path, Path]:
    cert, key = folder / "fullchain.pem", folder / "privkey.pem"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=localhost",
         "-keyout", str(key), "-out", str(cert)],
        check=True, capture_output=True, timeout=60,
    )  # fmt: skip
    return cert, key


def replace_once(text: str, old: str, new: str) -> str:
    assert old in text, f"deploy/nginx/sharaka.conf no longer has {old!r}: update this test with it"
    return text.replace(old, new)


def nginx_config(folder: Path, http_port: int, https_port: int, app_port: int) -> Path:
    """deploy/nginx/sharaka.conf, unchanged but for the ports, the certificate and the challenges'
    folder, inside a minimal nginx.conf of its own (temporary files and logs in `folder`)."""
    folder.mkdir(parents=True)
    cert, key = self_signed_certificate(folder)
    site = NGINX_SITE.read_text(encoding="utf-8")
    site = replace_once(site, "listen 80;", f"listen 127.0.0.1:{http_port};")
    site = replace_once(site, "listen [::]:80;\n", "")
    site = replace_once(site, "listen 443 ssl http2;", f"listen 127.0.0.1:{https_port} ssl http2;")
    site = replace_once(site, "listen [::]:443 ssl http2;\n", "")
    site = replace_once(site, "/etc/letsencrypt/live/sharaka.aourir.ma/fullchain.pem", str(cert))
    site = replace_once(site, "/etc/letsencrypt/live/sharaka.aourir.ma/privkey.pem", str(key))
    site = replace_once(site, "server 127.0.0.1:8000;", f"server 127.0.0.1:{app_port};")
    site = replace_once(site, "root /var/www/html;", f"root {folder / 'www'};")
    site = site.replace("server_name sharaka.aourir.ma;", "server_name localhost;")
    (folder / "sharaka.conf").write_text(site)
    (folder / "www" / ".well-known" / "acme-challenge").mkdir(parents=True)
    (folder / "www" / ".well-known" / "acme-challenge" / "token-1").write_text("challenge answered")
    (folder / "logs").mkdir()
    main = f"""
{"user root;" if os.geteuid() == 0 else ""}
worker_processes 1;
daemon off;
pid {folder}/nginx.pid;
error_log {folder}/logs/error.log warn;
events {{ worker_connections 64; }}
http {{
    include /etc/nginx/mime.types;
    access_log {folder}/logs/access.log;
    client_body_temp_path {folder}/client_body;
    proxy_temp_path {folder}/proxy;
    fastcgi_temp_path {folder}/fastcgi;
    uwsgi_temp_path {folder}/uwsgi;
    scgi_temp_path {folder}/scgi;
    include {folder}/sharaka.conf;
}}
"""
    (folder / "nginx.conf").write_text(main)
    return folder / "nginx.conf"


class HttpsClient(Client):
    """The ops Client over TLS (certificate not checked: it is self-signed), from a chosen loopback
    address, so that the address Sharaka records can be told apart from nginx's 127.0.0.1."""

    def __init__(self, base: str, source: str = "127.0.0.2"):
        super().__init__(base)
        self.source = source
        self.context = ssl._create_unverified_context()

    def connection(self, url, timeout):
        if url.scheme == "https":
            return http.client.HTTPSConnection(
                url.hostname, url.port, timeout=timeout, context=self.context, source_address=(self.source, 0)
            )
        return http.client.HTTPConnection(
            url.hostname, url.port, timeout=timeout, source_address=(self.source, 0)
        )


def wait_until_up(process: subprocess.Popen, ask, what: str, seconds: float = 90) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise AssertionError(f"{what} stopped ({process.returncode}):\n{process.stdout.read()}")
        with contextlib.suppress(OSError):
            if ask():
                return
        time.sleep(0.3)
    raise AssertionError(f"{what} did not answer within {seconds} s")


@pytest.fixture
def behind_nginx(site, tmp_path):
    """bin/serve as production runs it behind the proxy (SHARAKA_TRUSTED_PROXIES=1, the https
    redirect on), and nginx with deploy/nginx/sharaka.conf in front: (http base, https base, gunicorn's port)."""
    nginx = shutil.which("nginx") or "/usr/sbin/nginx"
    if not Path(nginx).exists():
        pytest.fail("nginx is not installed (.ci/run installs Debian's nginx package)")
    app_port, http_port, https_port = free_port(), free_port(), free_port()
    server = site.start(
        [str(ROOT / "bin" / "serve")],
        BIND=f"127.0.0.1:{app_port}", SHARAKA_TRUSTED_PROXIES="1", SECURE_SSL_REDIRECT="true",
    )  # fmt: skip
    direct = Client(f"http://127.0.0.1:{app_port}")
    wait_until_up(
        server, lambda: direct.get("/healthz", **{"X-Forwarded-Proto": "https"}).status == 200, "bin/serve"
    )

    config = nginx_config(tmp_path / "nginx", http_port, https_port, app_port)
    checked = subprocess.run([nginx, "-t", "-c", str(config), "-p", str(config.parent)],
                             capture_output=True, text=True, timeout=30)  # fmt: skip
    assert checked.returncode == 0, f"nginx -t refused the configuration:\n{checked.stderr}"
    proxy = site.start([nginx, "-c", str(config), "-p", str(config.parent)])
    probe = HttpsClient(f"https://127.0.0.1:{https_port}")
    wait_until_up(proxy, lambda: probe.get("/healthz").status == 200, "nginx")
    return f"http://127.0.0.1:{http_port}", f"https://127.0.0.1:{https_port}", app_port


def test_nginx_in_front_of_sharaka(behind_nginx, site):
    http_base, https_base, app_port = behind_nginx

    # plain http: a permanent redirect to the same page over https, but for the certificate challenges
    plain = HttpsClient(http_base)
    moved = plain.get("/portal/?page=2")
    assert moved.status == 301 and moved.header("Location") == "https://localhost/portal/?page=2"
    challenge = plain.get("/.well-known/acme-challenge/token-1")
    assert challenge.status == 200 and challenge.text == "challenge answered"

    # https: the portal in Arabic, no redirect loop although SECURE_SSL_REDIRECT is on
    browser = HttpsClient(https_base)
    home = browser.get("/portal/")
    assert home.status == 200, (home.status, home.header("Location"))
    assert 'lang="ar"' in home.text and 'dir="rtl"' in home.text
    assert "max-age=31536000" in (home.header("Strict-Transport-Security") or "")

    # a static file with its hashed name, cached for a year
    static = re.search(r'(/static/[\w/.-]+\.[0-9a-f]{12}\.(?:css|js))"', home.text)
    assert static, "the portal links no hashed static file"
    asset = browser.get(static.group(1), **{"Accept-Encoding": "gzip"})
    assert asset.status == 200 and asset.body
    cache = asset.header("Cache-Control") or ""
    assert "immutable" in cache and int(re.search(r"max-age=(\d+)", cache).group(1)) >= 365 * 24 * 3600, cache

    # gunicorn reached directly (no proxy's X-Forwarded-Proto) is sent to https: the 200 above came
    # from nginx's header, not from the redirect being off
    direct = Client(f"http://127.0.0.1:{app_port}").get("/portal/")
    assert direct.status == 301 and direct.header("Location").startswith("https://"), direct.status

    # a body larger than a document and its form is refused by nginx before it reaches gunicorn
    url = urllib.parse.urlsplit(https_base)
    connection = http.client.HTTPSConnection(url.hostname, url.port, timeout=30, context=browser.context)
    try:
        connection.putrequest("POST", "/portal/inquiry/", skip_host=True)
        connection.putheader("Host", "localhost")
        connection.putheader("Content-Type", "application/octet-stream")
        connection.putheader("Content-Length", str(26 * 1024 * 1024))
        connection.endheaders()
        assert connection.getresponse().status == 413
    finally:
        connection.close()

    # uploaded documents are never served from the disk
    assert browser.get("/media/projects/anything.pdf").status == 404

    # signing in over https: the session cookie is Secure; the address recorded is the client's
    # (127.0.0.2), not nginx's (127.0.0.1), and not the one the client wrote itself
    browser.get("/accounts/login/")
    signed = browser.post(
        "/accounts/login/", {"username": "officer", "password": "aourir-demo-2026"},
        **{"X-Forwarded-For": "203.0.113.77"},
    )  # fmt: skip
    assert signed.status == 302, signed.text[:300]
    session = [c for c in browser.set_cookies if c.startswith("sessionid=")]
    assert session and "Secure" in session[0] and "HttpOnly" in session[0], browser.set_cookies
    landing = browser.get(signed.header("Location"))
    assert landing.status == 200
    database = urllib.parse.urlsplit(site.database_url).path.lstrip("/")
    recorded = psql("SELECT ip_address FROM axes_accesslog WHERE username = 'officer'", database).split()
    assert recorded == ["127.0.0.2"], recorded
