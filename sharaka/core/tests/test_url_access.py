"""Walk every named URL as every role and as an anonymous visitor, and check the status.

Each app declares its expectations in `<app>/url_expectations.py` as
URLS = {name: (kwargs_from_world or None, expect(...))}. A URL without an expectation fails here.
"""

import importlib

import pytest
from django.conf import settings
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from sharaka.core.testing import ROLES


def _named_urls(patterns=None, namespace=""):
    names = []
    for entry in patterns if patterns is not None else get_resolver().url_patterns:
        if isinstance(entry, URLResolver):
            if entry.namespace == "admin":
                continue
            names += _named_urls(
                entry.url_patterns, f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            )
        elif isinstance(entry, URLPattern) and entry.name:
            names.append(namespace + entry.name)
    return sorted(set(names))


def _expectations():
    merged = {}
    for app in settings.INSTALLED_APPS:
        if not app.startswith("sharaka."):
            continue
        try:
            module = importlib.import_module(f"{app}.url_expectations")
        except ModuleNotFoundError:
            continue
        merged.update(module.URLS)
    return merged


def test_every_named_url_has_an_expectation():
    missing = set(_named_urls()) - set(_expectations())
    assert not missing, f"add these URL names to an url_expectations.py: {sorted(missing)}"


@pytest.mark.django_db
@pytest.mark.parametrize("role", [*ROLES, "anonymous"])
def test_every_url_answers_each_role_as_declared(client, world, role):
    users = world.personas.by_role()
    if role != "anonymous":
        client.force_login(users[role])
    wrong = []
    for name, (kwargs_for, statuses) in sorted(_expectations().items()):
        url = reverse(name, kwargs=kwargs_for(world) if kwargs_for else None)
        status = client.get(url).status_code
        if status != statuses[role]:
            wrong.append(f"{name} {url}: got {status}, expected {statuses[role]}")
    assert not wrong, "\n".join(wrong)
