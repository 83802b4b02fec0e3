"""Walk every named URL as every role and as an anonymous visitor, and check the status.

Each app declares its expectations in `<app>/url_expectations.py`:

- `URLS = {name: (kwargs_from_world or None, expect(...))}`: what a GET answers, per role;
- `POSTS = {name: (data_from_world or None, expect(...))}`: what a POST answers, per role, for every
  URL that accepts POST. A plain status means nothing was written (the audit ledger and every
  table keep their rows); `wrote(status)` means the POST succeeded and the ledger grew;
- `GET_ONLY = {name, ...}`: the URLs that do not accept POST; a POST there writes nothing.

A URL without a GET expectation, or in neither POSTS nor GET_ONLY, fails here. Each POST runs in a
savepoint rolled back afterwards, so one role's success does not change what the next one sees.
"""

import importlib

import pytest
from django.apps import apps
from django.conf import settings
from django.db import transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from sharaka.core import audit
from sharaka.core.models import AuditEntry
from sharaka.core.testing import ROLES, FromPage, Wrote, row_counts
from sharaka.projects.tests.helpers import form_fields


def _named_urls(patterns=None, namespace=""):
    names = []
    for entry in patterns if patterns is not None else get_resolver().url_patterns:
        if isinstance(entry, URLResolver):
            if entry.namespace in ("admin", "api"):  # the API: api/tests/test_api_access.py, with tokens
                continue
            names += _named_urls(
                entry.url_patterns, f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            )
        elif isinstance(entry, URLPattern) and entry.name:
            names.append(namespace + entry.name)
    return sorted(set(names))


def _declared(attribute, empty):
    merged = empty
    for app in settings.INSTALLED_APPS:
        if not app.startswith("sharaka."):
            continue
        try:
            module = importlib.import_module(f"{app}.url_expectations")
        except ModuleNotFoundError:
            continue
        declared = getattr(module, attribute, type(empty)())
        overlap = set(merged) & set(declared)
        assert not overlap, f"{app} declares {attribute} already declared elsewhere: {sorted(overlap)}"
        merged.update(declared)
    return merged


def _expectations():
    return _declared("URLS", {})


def _post_expectations():
    return _declared("POSTS", {})


def _get_only():
    return _declared("GET_ONLY", set())


def test_every_named_url_has_an_expectation():
    missing = set(_named_urls()) - set(_expectations())
    assert not missing, f"add these URL names to an url_expectations.py: {sorted(missing)}"


def test_every_named_url_says_what_a_post_does():
    posts, get_only = set(_post_expectations()), _get_only()
    missing = set(_named_urls()) - posts - get_only
    assert not missing, (
        f"declare these URL names in POSTS or GET_ONLY of an url_expectations.py: {sorted(missing)}"
    )
    assert not posts & get_only, f"in both POSTS and GET_ONLY: {sorted(posts & get_only)}"
    unknown = (posts | get_only) - set(_named_urls())
    assert not unknown, f"no such URL names: {sorted(unknown)}"


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


# Counters, not records: a refused password reset or inquiry look-up is still counted against its
# sender's limit (core.ThrottleEvent), which is the point of the limit.
COUNTERS = {"core_throttleevent"}
# Copies, not records: the IATI files build the activity fragments (and their budget years) they
# are missing or that are stale, from the rows, at export (portal.iati.fragments), whatever the method.
COPIES = {"portal_activityfragment", "portal_activitybudgetyear"}


def _tables():
    """Every table of the project's own apps (and users): a POST that writes nothing leaves their row counts."""
    return sorted(
        model._meta.db_table
        for model in apps.get_models()
        if model.__module__.startswith("sharaka.")
        and not model._meta.proxy
        and model._meta.managed
        and model._meta.db_table not in COUNTERS | COPIES
    )


def _footprint(tables):
    """(ledger entries, last entry, rows per table)."""
    rows = row_counts(tables)
    return rows[AuditEntry._meta.db_table], audit.head(), rows


def _data(data_for, world, url) -> dict:
    if data_for is None:
        return {}
    if isinstance(data_for, FromPage):
        reader = Client()
        reader.force_login(world.personas.admin)
        response = reader.get(url)
        assert response.status_code == 200, (
            f"{url}: the administrator cannot open the page ({response.status_code})"
        )
        data = form_fields(response)
        for key, value in (data_for.changes(world) if data_for.changes else {}).items():
            if value is None:
                data.pop(key, None)
            else:
                data[key] = value
        return data
    return data_for(world)


def _post(client, user, url, data):
    """POST inside a savepoint rolled back afterwards; returns (status, footprint before, after)."""
    if user is not None:
        client.force_login(user)  # a POST may sign out or rotate the session: sign in again each time
    else:
        client.logout()
    tables = _tables()
    with transaction.atomic():
        before = _footprint(tables)
        status = client.post(url, data).status_code
        after = _footprint(tables)
        transaction.set_rollback(True)
    return status, before, after


def _check_post(name, url, expected, status, before, after):
    grew = after[0] > before[0]
    changed = sorted(t for t in after[2] if after[2][t] != before[2][t])
    if isinstance(expected, Wrote):
        if status != expected.status or not grew:
            return f"{name} {url}: got {status}{' and a ledger entry' if grew else ', ledger unchanged'}, expected {expected}"
        return None
    if status != expected:
        return f"{name} {url}: got {status}, expected {expected} and nothing written"
    if grew or before[1] != after[1] or changed:
        return f"{name} {url}: answered {status} but wrote: ledger {before[0]}→{after[0]}, tables {changed}"
    return None


@pytest.mark.django_db
@pytest.mark.parametrize("role", [*ROLES, "anonymous"])
def test_every_post_answers_each_role_as_declared_and_writes_only_when_it_succeeds(client, world, role):
    user = None if role == "anonymous" else world.personas.by_role()[role]
    urls = _expectations()
    wrong = []
    for name, (data_for, outcomes) in sorted(_post_expectations().items()):
        kwargs_for = urls[name][0]
        url = reverse(name, kwargs=kwargs_for(world) if kwargs_for else None)
        data = _data(data_for, world, url)
        status, before, after = _post(client, user, url, data)
        problem = _check_post(name, url, outcomes[role], status, before, after)
        if problem:
            wrong.append(problem)
    assert not wrong, "\n".join(wrong)


@pytest.mark.django_db
@pytest.mark.parametrize("role", [*ROLES, "anonymous"])
def test_a_post_to_a_page_that_only_reads_writes_nothing(client, world, role):
    user = None if role == "anonymous" else world.personas.by_role()[role]
    urls = _expectations()
    wrong = []
    for name in sorted(_get_only()):
        kwargs_for, statuses = urls[name]
        url = reverse(name, kwargs=kwargs_for(world) if kwargs_for else None)
        status, before, after = _post(client, user, url, {})
        # A page that only reads refuses the method (405) or answers as it does a GET.
        expected = status if status in (405, statuses[role]) else statuses[role]
        problem = _check_post(name, url, expected, status, before, after)
        if problem:
            wrong.append(problem)
    assert not wrong, "\n".join(wrong)
