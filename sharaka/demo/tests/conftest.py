"""The Aourir demo, loaded ONCE for every test module of this package (it takes a while), inside a
transaction rolled back at the end; every test runs in its own savepoint inside it."""

import pytest

from sharaka.core.testing import demo_loaded


@pytest.fixture(scope="package")
def demo(django_db_setup, django_db_blocker, tmp_path_factory):
    """Load the demo once for the package; every test runs in its own savepoint inside this outer transaction."""
    with demo_loaded(django_db_blocker, tmp_path_factory) as loaded:
        yield loaded


@pytest.fixture
def loaded(demo, db, settings):
    settings.MEDIA_ROOT = demo.media  # the files the demo wrote (conftest points each test elsewhere)
    return demo
