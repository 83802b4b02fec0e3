"""The pages' npm packages (htmx, Leaflet): production refuses to start without them, development warns,
and the static files are found in development and tests without a collected var/static."""

import shutil
import subprocess
import sys
import warnings
from pathlib import Path

from django.core import checks
from django.test import override_settings
from whitenoise.middleware import WhiteNoiseMiddleware

from sharaka.operations.checks import front_end_assets

ROOT = Path(__file__).resolve().parents[3]
PRODUCTION = {
    "PATH": "/usr/bin:/bin",
    "SHARAKA_TESTING": "0",
    "DEBUG": "0",
    "SECRET_KEY": "x" * 60,
    "ALLOWED_HOSTS": "sharaka.aourir.ma",
    "SITE_URL": "https://sharaka.aourir.ma",
}


def _node_modules_without(tmp_path, package: str) -> Path:
    """A copy of node_modules (as symlinks) where one package is missing."""
    folder = tmp_path / "node_modules"
    folder.mkdir()
    for name in ("htmx.org", "leaflet"):
        if name != package:
            (folder / name).symlink_to(ROOT / "node_modules" / name)
    return folder


def _import_settings(**env):
    return subprocess.run(
        [sys.executable, "-c", "import sharaka.settings as s; print(s.STATICFILES_DIRS)"],
        env={**PRODUCTION, **env}, capture_output=True, text=True, cwd=ROOT, timeout=60,
    )  # fmt: skip


def test_production_refuses_to_start_without_leaflet_and_says_what_to_run(tmp_path):
    result = _import_settings(SHARAKA_NODE_MODULES=str(_node_modules_without(tmp_path, "leaflet")))
    assert result.returncode != 0
    assert "front-end assets missing: leaflet" in result.stderr
    assert "run `npm ci` in the Sharaka folder, then `manage.py collectstatic`" in result.stderr


def test_production_refuses_to_start_without_htmx(tmp_path):
    result = _import_settings(SHARAKA_NODE_MODULES=str(_node_modules_without(tmp_path, "htmx.org")))
    assert result.returncode != 0 and "front-end assets missing: htmx.org" in result.stderr


def test_production_starts_with_both_packages_in_the_folder_named(tmp_path):
    folder = tmp_path / "elsewhere"
    folder.mkdir()
    for name in ("htmx.org", "leaflet"):
        shutil.copytree(ROOT / "node_modules" / name / "dist", folder / name / "dist")
    result = _import_settings(SHARAKA_NODE_MODULES=str(folder))
    assert result.returncode == 0, result.stderr
    assert str(folder / "leaflet" / "dist") in result.stdout


def test_development_starts_without_them_and_the_system_check_warns(tmp_path):
    result = subprocess.run(
        [sys.executable, "manage.py", "check"],
        env={"PATH": "/usr/bin:/bin", "DEBUG": "1", "SHARAKA_NODE_MODULES": str(tmp_path / "none"),
             "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}"},
        capture_output=True, text=True, cwd=ROOT, timeout=120,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert "(sharaka.W001) front-end assets missing: htmx.org, leaflet" in result.stderr
    assert "run `npm ci`" in result.stderr


def test_the_check_names_the_missing_package_and_is_silent_when_none_is():
    with override_settings(MISSING_FRONT_END_ASSETS=["leaflet"]):
        (warning,) = front_end_assets(None)
    assert (warning.level, warning.id) == (checks.WARNING, "sharaka.W001")
    assert "leaflet" in warning.msg and "htmx" not in warning.msg
    with override_settings(MISSING_FRONT_END_ASSETS=[]):
        assert front_end_assets(None) == []


def test_tests_and_development_serve_static_files_without_a_collected_folder(client, tmp_path):
    with override_settings(STATIC_ROOT=tmp_path / "never-collected"), warnings.catch_warnings():
        warnings.simplefilter("error")  # WhiteNoise's "No directory at" would be raised here
        WhiteNoiseMiddleware(lambda request: None)
        response = client.get("/static/sharaka/sharaka.css")
    assert response.status_code == 200
    assert b"".join(response.streaming_content if response.streaming else [response.content])
