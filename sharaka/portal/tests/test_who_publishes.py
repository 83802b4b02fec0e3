"""The other states a project takes besides its pipeline: on the portal or not, archived or not.
Who may change each is written out here, never read from `core/roles.py` (STYLE 16)."""

import pytest
from django.core.exceptions import PermissionDenied

from sharaka.core.models import AuditEntry
from sharaka.core.testing import ROLES
from sharaka.portal import services
from sharaka.portal.tests.helpers import publishable_project
from sharaka.projects.services import project_archive

WHO_MAY = {
    "publish": {"administrator", "cooperation_officer"},
    "unpublish": {"administrator", "cooperation_officer"},
    "archive": {"administrator", "cooperation_officer"},
}


def _publish(actor, project):
    services.project_publish(actor=actor, project=project)


def _unpublish(actor, project):
    services.project_unpublish(actor=actor, project=project, reason="Retiré")


def _archive(actor, project):
    project_archive(actor=actor, project=project, reason="Doublon")


ACTIONS = {
    "publish": (_publish, {"published": False}, "project.publish"),
    "unpublish": (_unpublish, {"published": True}, "project.unpublish"),
    "archive": (_archive, {"published": False}, "project.archive"),
}


@pytest.mark.parametrize("action", sorted(ACTIONS))
def test_it_lets_exactly_these_roles_change_the_state_of_a_project(personas, action):
    run, setup, audit_action = ACTIONS[action]
    users = personas.by_role()
    done = set()
    for role in ROLES:
        project = publishable_project(**setup)
        try:
            run(users[role], project)
        except PermissionDenied:
            assert not AuditEntry.objects.filter(action=audit_action, object_id=str(project.pk)).exists()
        else:
            assert AuditEntry.objects.filter(action=audit_action, object_id=str(project.pk)).count() == 1
            done.add(role)
    assert done == WHO_MAY[action]
