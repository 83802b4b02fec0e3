"""The unit's dashboard on the Aourir demo (loaded once for the module, core/testing.demo_loaded):
what is late there shows on the home page, counted up to a cap."""

import datetime

import pytest
from django.utils import timezone

from sharaka.core.models import User
from sharaka.core.testing import demo_loaded


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker, tmp_path_factory):
    with demo_loaded(django_db_blocker, tmp_path_factory) as loaded:
        yield loaded


@pytest.fixture
def officer(demo, db):
    """The demo's cooperation officer, reading in English."""
    officer = User.objects.get(username="officer")
    officer.language = "en"
    officer.save()
    return officer


def test_the_unit_sees_overdue_agreement_obligations_and_late_tranches_on_its_dashboard(client, officer):
    client.force_login(officer)
    response = client.get("/")
    assert response.context["obligations_count"] > 0
    assert response.context["late_tranches_count"] > 0
    html = response.content.decode()
    assert "AOU-2025-003" in html  # the demo's late tranche


@pytest.mark.parametrize("over_the_cap", [False, True])
def test_late_tranches_are_counted_up_to_a_cap(client, officer, monkeypatch, over_the_cap):
    from sharaka.finance.models import Tranche
    from sharaka.workspace import queries

    late = [
        t
        for t in Tranche.objects.filter(project__archived_at__isnull=True)
        if t.received_amount < t.amount
        and t.expected_on < timezone.localdate() - datetime.timedelta(days=30)  # finance's rule
    ]
    assert late, "the demo has late tranches"
    cap = len(late) - 1 if over_the_cap else len(late)
    monkeypatch.setattr(queries, "LATE_TRANCHES_CAP", cap)
    client.force_login(officer)
    client.cookies["django_language"] = "en"
    html = client.get("/").content.decode()
    shown = f"(more than {cap})" if over_the_cap else f"({len(late)})"
    assert f"Late tranches on the finance dashboard {shown}" in html
