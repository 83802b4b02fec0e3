"""The demo's sustainability story: loaded once for this module (inside a transaction rolled back)."""

import pytest
from django.test import override_settings
from PIL import Image

from sharaka.core.models import AuditEntry
from sharaka.core.testing import demo_loaded
from sharaka.projects.models import Project
from sharaka.sustainability import queries
from sharaka.sustainability.models import Check, CheckPhoto, EarlyWarning, Plan


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker, tmp_path_factory):
    with demo_loaded(django_db_blocker, tmp_path_factory) as loaded:
        yield loaded.media


@pytest.fixture
def loaded(demo, db):
    return demo


def _open(rule):
    return EarlyWarning.objects.filter(rule=rule, resolved_at__isnull=True)


def test_every_completed_or_closed_demo_project_has_a_plan(loaded):
    ended = Project.objects.filter(status__in=["completed", "closed"])
    assert ended.count() >= 5
    assert not ended.filter(sustainability_plan__isnull=True).exists()


def test_one_project_near_its_end_is_warned_for_its_uncovered_costs(loaded):
    warned = _open("ending_uncovered")
    assert [w.project.code for w in warned] == ["AOU-2025-003"]
    assert warned.get().details["plan"] is True
    assert queries.coverage(Plan.objects.get(project__code="AOU-2025-003")) < 100


def test_a_closed_project_has_checks_one_working_and_one_finding_it_broken(loaded):
    tracks = Project.objects.get(code="AOU-2024-002")
    assert tracks.status == "closed"
    done = Check.objects.filter(project=tracks, checked_on__isnull=False).order_by("months")
    assert [c.working for c in done] == ["yes", "no"]
    assert _open("asset_not_working").get().project == tracks
    # It closed below the threshold: the president recorded why, in the ledger.
    assert AuditEntry.objects.filter(
        action="sustainability_plan.waive", object_id=str(tracks.sustainability_plan.pk)
    ).exists()


def test_a_check_is_overdue_and_a_risk_is_past_its_review(loaded):
    assert _open("check_overdue").exists()
    assert _open("risk_review_overdue").get().project.code == "AOU-2025-001"


def test_the_demo_photos_lost_their_location(loaded):
    photo = CheckPhoto.objects.first()
    with override_settings(MEDIA_ROOT=loaded), photo.file.open("rb") as fh:
        image = Image.open(fh)
        image.load()
    assert 0x8825 not in image.getexif()
    assert max(image.size) == 1600
