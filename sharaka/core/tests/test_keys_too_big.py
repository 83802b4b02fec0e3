"""Every URL that takes a record's key in its path, given a key too big for any database integer,
answers "not found" (or refuses the caller as it would any key), never a server error.

Found by the API's contract test: SQLite raised OverflowError on a 27-digit council session key,
because the vote page looked the item up by the session's column (`session_id=pk`), which Django does
not range-check as it does a primary key. Every page and every API path is walked here, as the
administrator (who reaches the most) and with each key in turn set too big, the others real or not.
"""

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver
from django.urls.converters import IntConverter

from sharaka.api.tests.helpers import ApiClient

TOO_BIG = 10**30


def _paths(patterns=None, prefix="", converters=None, namespace=""):
    """(route, int keys, other keys, namespace) of every URL pattern with an integer in its path."""
    found = []
    for entry in patterns if patterns is not None else get_resolver().url_patterns:
        route = prefix + str(entry.pattern)
        known = {**(converters or {}), **getattr(entry.pattern, "converters", {})}
        if isinstance(entry, URLResolver):
            if entry.namespace == "admin":
                continue
            found += _paths(entry.url_patterns, route, known, entry.namespace or namespace)
        elif isinstance(entry, URLPattern):
            ints = sorted(k for k, c in known.items() if isinstance(c, IntConverter))
            if ints:
                found.append((route, ints, sorted(set(known) - set(ints)), namespace))
    return found


def _fill(route: str, values: dict) -> str:
    path = route
    for key, value in values.items():
        for kind in ("int", "str", "slug", "path"):
            path = path.replace(f"<{kind}:{key}>", str(value))
    assert "<" not in path and "^" not in path, path
    return "/" + path


@pytest.mark.django_db
def test_a_key_too_big_for_the_database_is_not_found_never_a_server_error(world):
    pages = Client(raise_request_exception=False)
    pages.force_login(world.personas.admin)
    api = ApiClient(world.personas.admin)
    api.client = Client(raise_request_exception=False)
    routes = _paths()
    assert len(routes) > 100
    wrong = []
    for route, ints, others, namespace in routes:
        for big in ints:
            values = {key: (TOO_BIG if key == big else 1) for key in ints}
            values.update({key: "summary" for key in others})
            url = _fill(route, values)
            caller = api if namespace == "api" else pages
            for method in ("get", "post"):
                response = getattr(caller, method)(url)
                if response.status_code >= 500:
                    wrong.append(f"{method.upper()} {url}: {response.status_code}")
    assert not wrong, "\n".join(wrong)
