"""The Aourir demo, loaded ONCE for every test module of this package (it takes a while), inside a
transaction rolled back at the end; every test runs in its own savepoint inside it."""

import io
from types import SimpleNamespace

import pytest
from django.core.management import call_command
from django.db import transaction
from django.test import override_settings


@pytest.fixture(scope="package")
def demo(django_db_setup, django_db_blocker, tmp_path_factory):
    """Load the demo once for the package; every test runs in its own savepoint inside this outer transaction."""
    media = tmp_path_factory.mktemp("demo-media")
    with django_db_blocker.unblock(), override_settings(MEDIA_ROOT=media):
        with transaction.atomic():
            out = io.StringIO()
            call_command("load_demo", stdout=out)
            yield SimpleNamespace(output=out.getvalue(), media=media)
            transaction.set_rollback(True)


@pytest.fixture
def loaded(demo, db, settings):
    settings.MEDIA_ROOT = demo.media  # the files the demo wrote (conftest points each test elsewhere)
    return demo
