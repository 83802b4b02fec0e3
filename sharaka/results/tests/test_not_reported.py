"""The unit's "who has not reported": overdue due reports by responsible person, with days late and a
link to where to report; read by the administrator, the cooperation officer, the president and the
auditor; a bounded number of queries whatever the number of schedules."""

import datetime
from unittest import mock

import pytest
from django.urls import reverse

from sharaka.agreements.models import Agreement, Obligation
from sharaka.core.testing import make_project
from sharaka.results import schedules

pytestmark = pytest.mark.django_db
D = datetime.date

# Who reads the page, written out here (never read from the code under test).
READERS = {"administrator": 200, "cooperation_officer": 200, "president": 200, "auditor": 200}
OTHERS = {
    "finance_officer": 403,
    "project_manager": 403,
    "council_member": 403,
    "prefecture": 404,
    "partner_viewer": 404,
}


def _data(person, **extra):
    return {
        "frequency": "quarterly",
        "starts_on": D(2026, 1, 1),
        "days_to_report": 15,
        "responsible": person,
        **extra,
    }


@pytest.mark.parametrize("role,status", sorted({**READERS, **OTHERS}.items()))
def test_who_may_read_the_list(client, world, role, status):
    client.force_login(world.personas.by_role()[role])

    assert client.get(reverse("not_reported")).status_code == status


def test_it_groups_overdue_reports_by_person_with_days_late_in_bounded_queries(
    client, world, django_assert_max_num_queries
):
    p = world.personas
    officer = p.officer
    for n in range(6):
        project = make_project(code=f"AOU-N-{n:03d}", manager=p.manager)
        schedules.schedule_save(
            actor=officer,
            schedule=None,
            project=project,
            data=_data(p.manager if n % 2 else p.finance),
            today=D(2026, 4, 2),
        )
    agreement = Agreement.objects.create(kind="twinning", title_fr="Jumelage Saint-Aubin", status="in_force")
    obligation = Obligation.objects.create(
        agreement=agreement, kind="report", title="Rapport annuel", due_on=D(2027, 1, 1)
    )
    schedules.schedule_save(
        actor=officer,
        schedule=None,
        obligation=obligation,
        data=_data(officer, frequency="monthly"),
        today=D(2026, 4, 2),
    )
    made = schedules.schedule_save(
        actor=officer, schedule=None, project=world.project, data=_data(p.finance), today=D(2026, 4, 2)
    )
    schedules.due_report_done(actor=officer, due=made.due_reports.get(period_start=D(2026, 1, 1)))
    client.force_login(p.president)

    with mock.patch("django.utils.timezone.localdate", return_value=D(2026, 5, 1)):
        with django_assert_max_num_queries(8):
            response = client.get(reverse("not_reported"))

    groups = response.context["groups"]
    by_person = {g["person"].username: g["reports"] for g in groups}
    # Q1 of six projects (due 15 April) and the obligation's January to March months.
    assert {k: len(v) for k, v in by_person.items()} == {"finance": 3, "manager": 3, "officer": 3}
    january = by_person["officer"][0]
    assert (january.due_on, january.days_late) == (D(2026, 2, 15), 75)
    assert january.link == reverse("schedule_obligation", kwargs={"pk": obligation.pk})
    html = response.content.decode()  # the president reads Arabic (the default)
    assert "9 تقارير متأخرة" in html and "Rapport annuel" in html and "أيام التأخر" in html
    assert reverse("schedule_project", kwargs={"pk": world.project.pk}) not in html  # its report was made
