"""A citizen's inquiry moves only along its declared road (portal/pipeline.py), each move by the roles
this table names, with its history row (never naming the sender) and its audit entry.

The table is written out here, never read back from the code (STYLE 16).
"""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import translation

from sharaka.core.models import AuditEntry
from sharaka.core.testing import ROLES
from sharaka.portal import services
from sharaka.portal.models import Inquiry

STATES = ["received", "in_review", "answered", "closed"]
WHO_MOVES = {
    ("received", "in_review"): {"administrator", "cooperation_officer"},
    ("received", "answered"): {"administrator", "cooperation_officer"},
    ("received", "closed"): {"administrator", "cooperation_officer"},
    ("in_review", "answered"): {"administrator", "cooperation_officer"},
    ("in_review", "closed"): {"administrator", "cooperation_officer"},
    ("answered", "closed"): {"administrator", "cooperation_officer"},
}
CASES = [(frm, to) for frm in STATES for to in STATES if frm != to]


def test_the_road_of_an_inquiry_has_exactly_these_states():
    assert sorted(Inquiry.Status.values) == sorted(STATES)


@pytest.mark.parametrize(("frm", "to"), CASES)
def test_it_lets_exactly_the_declared_roles_move_an_inquiry(personas, frm, to):
    users = personas.by_role()
    allowed = WHO_MOVES.get((frm, to))
    moved = set()
    for role in ROLES:
        inquiry = services.inquiry_submit(message="Quand le puits sera-t-il réparé ?", name="Ahmed")
        Inquiry.objects.filter(pk=inquiry.pk).update(status=frm)
        entries = AuditEntry.objects.filter(action="inquiry.answer", object_id=str(inquiry.pk))
        try:
            services.inquiry_answer(actor=users[role], inquiry=inquiry, status=to, answer="Réponse")
        except PermissionDenied:
            pass
        except ValidationError:
            assert allowed is None, f"{frm} → {to} is declared"
        else:
            moved.add(role)
            change = inquiry.status_changes.exclude(old_status="").get()
            assert (change.old_status, change.new_status, change.changed_by) == (frm, to, users[role])
            assert entries.get().after["status"] == to
            continue
        inquiry.refresh_from_db()
        assert inquiry.status == frm
        assert not inquiry.status_changes.exclude(old_status="").exists()
        assert not entries.exists()
    assert moved == (allowed or set())


def test_it_starts_the_history_when_a_citizen_writes_without_naming_them(personas):
    inquiry = services.inquiry_submit(message="Quand le puits sera-t-il réparé ?", name="Ahmed")

    first = inquiry.status_changes.get()

    assert (first.old_status, first.new_status, first.changed_by) == ("", "received", None)
    assert "Ahmed" not in str(first.__dict__)


@pytest.mark.parametrize(
    ("language", "words"),
    [("ar", "لا يمكن نقل هذا الاستفسار"), ("fr", "ne peut pas passer"), ("en", "cannot go from")],
)
def test_it_says_in_the_readers_language_why_an_inquiry_cannot_move(personas, language, words):
    inquiry = services.inquiry_submit(message="Une question sur la commune")
    services.inquiry_answer(actor=personas.officer, inquiry=inquiry, status="closed")

    with translation.override(language), pytest.raises(ValidationError) as refused:
        services.inquiry_answer(actor=personas.officer, inquiry=inquiry, status="received")

    assert words in refused.value.message_dict["status"][0]
