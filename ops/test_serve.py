"""bin/serve, the documented production start: gunicorn (deploy/gunicorn.conf.py) with DEBUG=0 serves
the demo's pages and their static files (hashed names, cached for good, compressed), refuses to start
on a database whose migrations are not applied, and the production settings pass `check --deploy`."""

import re
import urllib.parse

from ops.conftest import PG_SERVER, Client, drop_database, production_env, psql

HASHED = re.compile(r"\.[0-9a-f]{12}\.(css|js|svg|png|woff2?)$")
STATIC_IN_PAGE = re.compile(r'(?:href|src)="(/static/[^"]+)"')
URL_IN_CSS = re.compile(r"url\(\s*['\"]?([^'\")]+?)['\"]?\s*\)")


def statics_of(page) -> list[str]:
    assert page.status == 200, page.text[:500]
    return STATIC_IN_PAGE.findall(page.text)


def assert_cached_for_good(client: Client, path: str):
    """A hashed static file: 200, and browsers may keep it a year or more without asking again."""
    assert HASHED.search(path), f"{path} is not a hashed name (CompressedManifestStaticFilesStorage)"
    response = client.get(path)
    assert response.status == 200, f"{path}: {response.status}"
    cache = response.header("Cache-Control") or ""
    max_age = int(re.search(r"max-age=(\d+)", cache).group(1))
    assert max_age >= 365 * 24 * 3600 and "immutable" in cache and "public" in cache, f"{path}: {cache}"
    return response


def test_the_production_start_serves_the_demo_and_its_static_files_hashed_cached_and_compressed(site):
    base = site.serve()
    officer = Client(base)
    officer.sign_in("officer")

    home = officer.get("/")
    assert 'lang="ar"' in home.text and 'dir="rtl"' in home.text
    projects = officer.get("/projects/")
    project_id = re.search(r'href="/projects/(\d+)/"', projects.text).group(1)
    staff_pages = [home, projects, officer.get(f"/projects/{project_id}/")]
    staff_statics = {path for page in staff_pages for path in statics_of(page)}
    assert {p.split("/")[2].split(".")[0] for p in staff_statics} >= {"sharaka", "htmx"}, staff_statics

    public = Client(base)
    portal_statics = set()
    for language in ("ar", "fr", "en"):
        for path in ("/portal/", "/portal/map/"):
            page = public.get(path, **{"Accept-Language": language})
            assert f'lang="{language}"' in page.text, (path, language)
            portal_statics.update(statics_of(page))
    assert any("/leaflet/leaflet." in p and p.endswith(".js") for p in portal_statics), portal_statics
    assert any(p.startswith("/static/portal/map.") for p in portal_statics), portal_statics

    css_references = set()
    for path in sorted(staff_statics | portal_statics):
        response = assert_cached_for_good(public, path)
        if path.endswith(".css"):  # url() inside the CSS (Leaflet's images) were rewritten to hashed names
            for ref in URL_IN_CSS.findall(response.text):
                if not ref.startswith(("data:", "#", "http")):
                    css_references.add(urllib.parse.urljoin(path, ref))
    assert any("/leaflet/images/" in ref for ref in css_references), css_references
    for ref in sorted(css_references):
        assert_cached_for_good(public, ref)

    # The same file compressed, as the browser asks for it: brotli, gzip, or as it is.
    css = next(p for p in sorted(staff_statics) if p.startswith("/static/sharaka/sharaka."))
    plain = public.get(css, **{"Accept-Encoding": "identity"})
    assert plain.header("Content-Encoding") is None
    for encoding in ("br", "gzip"):
        packed = public.get(css, **{"Accept-Encoding": encoding})
        assert packed.status == 200 and packed.header("Content-Encoding") == encoding
        assert len(packed.body) < len(plain.body) / 2, (encoding, len(packed.body), len(plain.body))
        assert "Accept-Encoding" in (packed.header("Vary") or "")


def test_bin_serve_refuses_to_start_while_migrations_are_not_applied(tmp_path):
    name = "sharaka_ops_empty_" + tmp_path.name[-8:].replace("-", "_").lower()
    psql(f'CREATE DATABASE "{name}"')
    try:
        from ops.conftest import ROOT, Site

        url = f"{PG_SERVER}/{name}"
        empty = Site(url, tmp_path, production_env(url, tmp_path))
        process = empty.start([str(ROOT / "bin" / "serve")], BIND="127.0.0.1:0")
        output, _ = process.communicate(timeout=120)
        assert process.returncode == 1, output
        assert "bin/serve: refusing to start: " in output and "migration(s) not applied" in output, output
        assert "run 'manage.py migrate' first" in output
        assert "Booting worker" not in output and "Listening at" not in output  # gunicorn never started
    finally:
        drop_database(name)


def test_the_production_settings_pass_the_deployment_checks(site):
    done = site.manage(
        "check", "--deploy", "--fail-level", "WARNING",
        SECURE_SSL_REDIRECT="true", SECURE_HSTS_PRELOAD="true", EMAIL_HOST="smtp.aourir.invalid",
    )  # fmt: skip
    assert "System check identified no issues" in done.stdout, done.stdout + done.stderr
