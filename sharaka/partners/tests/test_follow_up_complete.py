import pytest

from sharaka.core.models import AuditEntry
from sharaka.partners.services import follow_up_complete

pytestmark = pytest.mark.django_db


def test_it_marks_the_follow_up_done_once_with_one_audit_entry(world):
    done = follow_up_complete(actor=world.personas.officer, follow_up=world.follow_up)
    again = follow_up_complete(actor=world.personas.admin, follow_up=world.follow_up)

    assert done.done_at is not None
    assert again.done_at == done.done_at
    entries = AuditEntry.objects.filter(action="follow_up.complete")
    assert [e.actor for e in entries] == [world.personas.officer]
