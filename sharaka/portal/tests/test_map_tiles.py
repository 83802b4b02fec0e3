"""Map tiles are optional: unset, nothing comes from another host; set, the CSP lets in that one
origin's images and nothing else, and the page carries the URL in a data- attribute."""

import importlib.util
import re

import pytest
from django.conf import settings
from django.test import override_settings
from django.urls import reverse

from sharaka.lib.env import ConfigError, map_tiles
from sharaka.portal.tests.helpers import publishable_project

pytestmark = pytest.mark.django_db
OSM = "https://tile.openstreetmap.org/{z}/{x}/{y}.png"


def _settings_from_env(monkeypatch, **env):
    """sharaka/settings.py read afresh with these environment variables (None: unset)."""
    for name in ("SHARAKA_MAP_TILES", "SHARAKA_MAP_ATTRIBUTION"):
        monkeypatch.delenv(name, raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    spec = importlib.util.spec_from_file_location(
        "sharaka_settings_probe", settings.BASE_DIR / "sharaka" / "settings.py"
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _map_page(client, probe):
    publishable_project()
    with override_settings(
        SECURE_CSP=probe.SECURE_CSP,
        PORTAL_MAP_TILES_URL=probe.PORTAL_MAP_TILES_URL,
        PORTAL_MAP_ATTRIBUTION=probe.PORTAL_MAP_ATTRIBUTION,
    ):
        response = client.get(reverse("portal:map"))
    policy = dict(
        (part.split(" ", 1) + [""])[:2] for part in response.headers["Content-Security-Policy"].split("; ")
    )
    return response.content.decode(), policy


def test_it_asks_no_other_host_when_no_tile_server_is_set(client, monkeypatch):
    html, policy = _map_page(client, _settings_from_env(monkeypatch))
    assert not re.search(r"https?:|\*", " ".join(policy.values())), policy  # 'self' and data: only
    assert policy["img-src"] == "'self' data:"
    assert "data-tiles" not in html and "{z}" not in html and "openstreetmap" not in html
    assert "data-lat=" in html  # the points are still there


def test_it_lets_in_exactly_the_tile_servers_origin_for_images(client, monkeypatch):
    probe = _settings_from_env(
        monkeypatch, SHARAKA_MAP_TILES=OSM, SHARAKA_MAP_ATTRIBUTION="© OpenStreetMap contributors"
    )
    html, policy = _map_page(client, probe)
    assert policy["img-src"].split() == ["'self'", "data:", "https://tile.openstreetmap.org"]
    others = {name: value for name, value in policy.items() if name != "img-src"}
    assert not re.search(r"https?:|\*", " ".join(others.values())), others  # no CDN for scripts or fonts
    assert f'data-tiles="{OSM}"' in html and 'data-attribution="© OpenStreetMap contributors"' in html
    assert "<script>" not in html  # the URL travels in data- attributes, read by static/portal/map.js


def test_it_reads_only_sane_tile_urls(monkeypatch):
    monkeypatch.setenv("T", "https://{s}.tile.example.org:8443/{z}/{x}/{y}.png")
    assert map_tiles("T")[1] == "https://*.tile.example.org:8443"
    for bad in (
        "http://tile.openstreetmap.org/{z}/{x}/{y}.png",  # not https
        "https://tile.openstreetmap.org/tiles.png",  # no {z}/{x}/{y}
        "https://tile.example.org; script-src *;/{z}/{x}/{y}.png",  # an attempt to widen the CSP
        "https://tile.example.org 'unsafe-inline'/{z}/{x}/{y}.png",
        "https://*.example.org/{z}/{x}/{y}.png",
        "data:/{z}/{x}/{y}",
    ):
        monkeypatch.setenv("T", bad)
        with pytest.raises(ConfigError):
            map_tiles("T")
    monkeypatch.delenv("T")
    assert map_tiles("T") == ("", "")


def test_it_refuses_tiles_without_their_credit(monkeypatch):
    with pytest.raises(ConfigError, match="SHARAKA_MAP_ATTRIBUTION"):
        _settings_from_env(monkeypatch, SHARAKA_MAP_TILES=OSM)
