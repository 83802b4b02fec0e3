"""Typed readers of environment variables that fail loudly on a bad value."""

import os
import re
from urllib.parse import unquote, urlparse


class ConfigError(RuntimeError):
    pass


def envstr(name: str, default: str | None = None) -> str | None:
    return os.environ.get(name, default)


def envbool(name: str, default: str = "False") -> bool:
    value = os.environ.get(name, default).strip().lower()
    if value in {"1", "true", "yes", "on"}:
        return True
    if value in {"0", "false", "no", "off", ""}:
        return False
    raise ConfigError(f"{name} must be true or false, not {value!r}")


def envint(name: str, default: str) -> int:
    value = os.environ.get(name, default)
    try:
        return int(value)
    except ValueError as exc:
        raise ConfigError(f"{name} must be a whole number, not {value!r}") from exc


def envlist(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


_TILE_HOST = re.compile(
    r"(\{s\}\.)?([a-z0-9]([a-z0-9-]*[a-z0-9])?\.)*[a-z0-9]([a-z0-9-]*[a-z0-9])?(:[0-9]{1,5})?"
)


def map_tiles(name: str) -> tuple[str, str]:
    """(URL template, origin for the CSP) of a map tile server, or ("", "") when unset.

    The template is Leaflet's: https, {z}, {x} and {y}, and an optional {s} subdomain, whose origin
    becomes a wildcard ("https://{s}.tile.example.org/..." → "https://*.tile.example.org")."""
    url = (os.environ.get(name) or "").strip()
    if not url:
        return "", ""
    parsed = urlparse(url)
    host = parsed.netloc.lower()
    if parsed.scheme != "https" or not _TILE_HOST.fullmatch(host) or parsed.query or parsed.fragment:
        raise ConfigError(
            f"{name} must be an https tile URL like https://tile.example.org/{{z}}/{{x}}/{{y}}.png, not {url!r}"
        )
    if not all(part in parsed.path for part in ("{z}", "{x}", "{y}")):
        raise ConfigError(f"{name} must contain {{z}}, {{x}} and {{y}}, not {url!r}")
    return url, "https://" + host.replace("{s}.", "*.", 1)


def database_from_url(url: str, base_dir) -> dict:
    """Turn DATABASE_URL (sqlite:///path or postgres://user@host:port/name) into a DATABASES entry."""
    parsed = urlparse(url)
    if parsed.scheme == "sqlite":
        path = unquote(parsed.path)[1:]  # sqlite:///relative/path or sqlite:////absolute/path
        name = path if path.startswith("/") else str(base_dir / path)
        return {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": name,
            "OPTIONS": {
                "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;",
                "transaction_mode": "IMMEDIATE",
                "timeout": 20,
            },
        }
    if parsed.scheme in {"postgres", "postgresql"}:
        return {
            "ENGINE": "django.db.backends.postgresql",
            "NAME": unquote(parsed.path.lstrip("/")),
            "USER": unquote(parsed.username or ""),
            "PASSWORD": unquote(parsed.password or ""),
            "HOST": parsed.hostname or "",
            "PORT": str(parsed.port or ""),
            "CONN_MAX_AGE": 60,
            "CONN_HEALTH_CHECKS": True,
            # An unreachable server fails a request (and /readyz) within seconds instead of hanging it.
            # JIT off: the pages run short queries, for which PostgreSQL's JIT compilation costs far
            # more than it saves (the staff home's late-tranches count at region scale: 4.2 s of a
            # 4.8 s query was compiling, docs/operations.md). No parallel workers, for the same
            # reason: starting two took 7.6 ms of the sustainability dashboard's 10.8 ms warnings
            # list (a 21-row page) and 11 of the search's 15 ms projects query at national scale;
            # the daily tick and the exports took as long without them (docs/performance.md).
            "OPTIONS": {"connect_timeout": 5, "options": "-c jit=off -c max_parallel_workers_per_gather=0"},
        }
    raise ConfigError(f"DATABASE_URL scheme {parsed.scheme!r} is not supported (use sqlite or postgres)")
