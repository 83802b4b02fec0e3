"""What the public sees has one definition (`Project.objects.public()`); the portal's ordered list
(`public_by_start`, written so the databases walk its index) holds exactly those projects."""

import datetime
import itertools

import pytest
from django.utils import timezone

from sharaka.core.testing import make_project
from sharaka.projects.models import Project
from sharaka.projects.pipeline import Status

pytestmark = pytest.mark.django_db


def test_the_portal_list_holds_the_public_projects_the_latest_start_first():
    starts = itertools.cycle([datetime.date(2025, 3, 1), datetime.date(2027, 1, 1), None])
    for n, (status, published, archived) in enumerate(
        itertools.product(Status.values, (True, False), (True, False))
    ):
        make_project(
            code=f"AOU-T-{n:03d}",
            status=status,
            planned_start=next(starts),
            published_at=timezone.now() if published else None,
            archived_at=timezone.now() if archived else None,
        )

    listed = list(Project.objects.public_by_start().values_list("code", flat=True))
    public = Project.objects.public().order_by("-planned_start", "code").values_list("code", flat=True)

    assert listed == list(public)
    assert 0 < len(listed) < Project.objects.count()
