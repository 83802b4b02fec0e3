import datetime

import pytest

from sharaka.core.testing import make_project, share_project


@pytest.fixture
def ended(personas):
    """A completed project managed by the manager persona, funded by the partner viewer's organisation,
    ended on 2026-01-31."""
    from sharaka.partners.models import Organisation

    project = make_project(
        code="AOU-S-001",
        manager=personas.manager,
        status="completed",
        planned_start=datetime.date(2025, 1, 1),
        planned_end=datetime.date(2025, 12, 31),
        actual_start=datetime.date(2025, 1, 6),
        actual_end=datetime.date(2026, 1, 31),
    )
    share_project(project, Organisation.objects.get(acronym="UNDP"))
    return project
