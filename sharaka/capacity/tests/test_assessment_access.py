"""Who reads and records assessments, from a literal table (issue #14: "Personal data of assessments is
visible only to the person, their manager and the administrator, pinned by tests from a literal table").

The world's staff (`capacity/expectations/staff.py: world_staff`): the person is the cooperation
officer Samira Idrissi (personas.officer); her manager is Brahim Oulhaj (personas.manager, who signs
in with the project-manager role); Nadia Bouzid (personas.finance) is managed by personas.other_manager,
"a manager of someone else"; "another cooperation officer" is an account made here, with a profile of
their own. The expectations are written out below, not read from access.py or roles.py: a change of
either that moves one cell makes this test fail.
"""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from sharaka.capacity.expectations.staff import world_staff
from sharaka.capacity.models import Assessment, Skill, StaffProfile
from sharaka.core.models import AuditEntry
from sharaka.core.roles import Role
from sharaka.core.testing import make_user

# Read: the profile page's status, and whether the assessments are on it.
# Open: an assessment's own page. Self / Manager: a POST recording one (status, and whether it was written).
# fmt: off
TABLE = {
    #  viewer                  read profile    open   self-assessment  manager's assessment
    "the person":             ((200, True),   200,   (302, True),     (403, False)),
    "their manager":          ((200, True),   200,   (403, False),    (302, True)),
    "the administrator":      ((200, True),   200,   (403, False),    (403, False)),
    "another officer":        ((200, False),  404,   (403, False),    (403, False)),
    "the president":          ((200, False),  404,   (403, False),    (403, False)),
    "the auditor":            ((200, False),  404,   (403, False),    (403, False)),
    "a manager of another":   ((404, False),  404,   (404, False),    (404, False)),
    "a partner viewer":       ((404, False),  404,   (404, False),    (404, False)),
    "anonymous":              ((302, False),  302,   (302, False),    (302, False)),
}
# fmt: on

# What both secrets hold: with its hyphens it cannot turn up by chance in a page's CSRF token, which
# is letters and digits only (three letters alone once did).
SECRET = "ZQX-a-"
SECRET_COMMENT = SECRET + "comment-only-three-people-read"
SECRET_NOTE = SECRET + "note-only-three-people-read"


def _viewer(world, name):
    p = world.personas
    if name == "another officer":
        user = make_user("officer2", Role.COOPERATION_OFFICER)
        StaffProfile.objects.create(
            user=user, full_name="Youssef Amrani", position=world.extra["staff_officer"].position
        )
        return user
    return {
        "the person": p.officer,
        "their manager": p.manager,
        "the administrator": p.admin,
        "the president": p.president,
        "the auditor": p.auditor,
        "a manager of another": p.other_manager,
        "a partner viewer": p.partner_viewer,
        "anonymous": None,
    }[name]


def _post(client, person, kind):
    skill = Skill.objects.get(code="negotiation")
    before = Assessment.objects.count()
    response = client.post(
        reverse("capacity:assess", kwargs={"pk": person.pk}),
        {
            "kind": kind,
            "assessed_on": "2026-11-02",
            f"level_{skill.pk}": "3",
            f"comment_{skill.pk}": SECRET_COMMENT,
            "note": SECRET_NOTE,
        },
    )
    return response.status_code, Assessment.objects.count() > before


@pytest.mark.django_db
@pytest.mark.parametrize("viewer", list(TABLE))
def test_who_reads_and_records_assessments(client, world, viewer):
    person = world_staff(world)
    user = _viewer(world, viewer)
    if user is not None:
        client.force_login(user)
    (read_status, visible), open_status, self_outcome, manager_outcome = TABLE[viewer]

    response = client.get(reverse("capacity:profile", kwargs={"pk": person.pk}))
    assert response.status_code == read_status
    shown = 'id="h-skills"' in response.content.decode()
    assert shown is visible

    assessment = world.extra["staff_self_assessment"]
    assert client.get(reverse("capacity:assessment", kwargs={"pk": assessment.pk})).status_code == open_status

    assert _post(client, person, "self") == self_outcome
    assert _post(client, person, "manager") == manager_outcome


@pytest.mark.django_db
def test_the_administrator_records_a_managers_assessment_when_the_manager_has_no_account(client, world):
    world_staff(world)
    head = world.extra["staff_head"]
    head.user = None
    head.save()
    client.force_login(world.personas.admin)
    assert _post(client, world.extra["staff_officer"], "manager") == (302, True)


@pytest.mark.django_db
@pytest.mark.parametrize(
    "viewer",
    ["another officer", "the president", "the auditor", "a manager of another", "the person's colleague"],
)
def test_an_assessment_never_appears_on_the_pages_of_someone_who_is_not_the_person_or_their_manager(
    client, world, viewer
):
    person = world_staff(world)
    client.force_login(world.personas.officer)
    assert _post(client, person, "self") == (302, True)
    client.logout()
    if viewer == "the person's colleague":
        user = world.personas.finance  # has a profile of their own, under another manager
    else:
        user = _viewer(world, viewer)
    client.force_login(user)
    urls = [
        reverse("capacity:staff"),
        reverse("capacity:skills"),
        reverse("capacity:me"),
        reverse("my_work"),
        reverse("home"),
        reverse("audit_log"),
        reverse("portal:ledger"),
        *[
            reverse("capacity:profile", kwargs={"pk": pk})
            for pk in StaffProfile.objects.values_list("pk", flat=True)
        ],
        *[
            reverse("capacity:assessment", kwargs={"pk": pk})
            for pk in Assessment.objects.values_list("pk", flat=True)
        ],
    ]
    for url in urls:
        body = client.get(url, follow=True).content.decode()
        assert SECRET not in body, url


@pytest.mark.django_db
def test_the_ledger_names_the_assessment_never_its_levels_comments_or_note(client, world):
    person = world_staff(world)
    client.force_login(world.personas.officer)
    assert _post(client, person, "self") == (302, True)
    entry = AuditEntry.objects.get(action="assessment.record")
    assert set(entry.after) == {"profile", "kind", "assessed_on", "skills_scored"}
    assert entry.after["skills_scored"] == 1
    assert SECRET not in str(entry.after) + str(entry.before) + entry.object_repr + entry.reason
    client.logout()
    for fmt in ("json", "csv"):
        body = b"".join(client.get(reverse("portal:ledger_download", kwargs={"fmt": fmt})).streaming_content)
        assert SECRET.encode() not in body
        assert b"skills_scored" not in body and b"level" not in body
    public = client.get(reverse("portal:ledger")).content.decode()
    assert SECRET not in public and "skills_scored" not in public
    # The auditor reads the whole ledger: still no level there.
    client.force_login(world.personas.auditor)
    body = client.get(reverse("audit_log")).content.decode()
    assert SECRET not in body


@pytest.mark.django_db
def test_a_date_in_the_future_or_before_2000_records_nothing(client, world):
    person = world_staff(world)
    client.force_login(world.personas.officer)
    skill = Skill.objects.get(code="negotiation")
    url = reverse("capacity:assess", kwargs={"pk": person.pk})
    before = Assessment.objects.count()
    for day in (timezone.localdate() + datetime.timedelta(days=2), datetime.date(1999, 12, 31)):
        response = client.post(
            url, {"kind": "self", "assessed_on": day.isoformat(), f"level_{skill.pk}": "2"}
        )
        assert response.status_code == 200
        assert 'class="error"' in response.content.decode()
    response = client.post(url, {"kind": "self", "assessed_on": "2026-01-05"})
    assert response.status_code == 200 and "form-errors" in response.content.decode()
    assert Assessment.objects.count() == before
