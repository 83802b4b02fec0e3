"""The scheduled ticks do their work once a day: a second run the same day, by the scheduler or by
hand, finds nothing left to do. The weekly digest goes out once a week, even when Monday was missed."""

import datetime
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from django.core.management import call_command

from sharaka.agreements import services as agreements
from sharaka.agreements.tests.conftest import make_agreement, put_at
from sharaka.core.models import User
from sharaka.finance import services as finance
from sharaka.operations import scheduler
from sharaka.operations.jobs import BY_NAME
from sharaka.operations.models import JobRun
from sharaka.workspace.tests.work import make_work

CASABLANCA = ZoneInfo("Africa/Casablanca")
DAY = datetime.timedelta(days=1)


def at(day, hour=10):
    return datetime.datetime.combine(day, datetime.time(hour), CASABLANCA)


def run(names, day, capture):
    with capture(execute=True):
        return scheduler.run_due(at(day), jobs=tuple(BY_NAME[name] for name in names))


def test_the_agreements_tick_does_its_day_once(
    personas, foreign_commune, django_capture_on_commit_callbacks, capsys
):
    day = datetime.date(2026, 9, 8)
    personas.officer.email, personas.officer.language = "officer@aourir.invalid", "fr"
    personas.officer.save()
    agreement = make_agreement(personas.officer, foreign_commune)
    agreements.obligation_add(
        actor=personas.officer,
        agreement=agreement,
        data={
            "kind": "report",
            "title": "Rapport annuel",
            "due_on": day + 7 * DAY,
            "owner": personas.officer,
        },
    )
    waiting = put_at(
        make_agreement(personas.officer, foreign_commune),
        "visa_pending",
        received_on=datetime.date(2026, 7, 1),
    )

    run(["agreements_tick"], day, django_capture_on_commit_callbacks)
    done = JobRun.objects.get(job="agreements_tick", period="2026-09-08")
    assert done.status == JobRun.Status.DONE
    assert done.result == {"objection_closed": 0, "tacit_visa": 1, "reminders": 1}
    waiting.refresh_from_db()
    assert waiting.status == "visa_tacit" and len(mail.outbox) == 1

    assert run(["agreements_tick"], day, django_capture_on_commit_callbacks) == []  # the scheduler again
    with django_capture_on_commit_callbacks(execute=True):  # the administrator replays the day by hand
        call_command("agreements_tick", "--today", "2026-09-08")
    assert "'tacit_visa': 0" in capsys.readouterr().out
    assert len(mail.outbox) == 1 and JobRun.objects.count() == 1


@pytest.fixture
def late_tranche(world, money):
    manager = world.personas.manager
    manager.email, manager.language = "manager@aourir.invalid", "fr"
    manager.save()
    finance.tranche_plan(
        actor=money["actor"],
        project=money["project"],
        funder=money["undp"],
        expected_on=datetime.date(2026, 3, 2),
        amount="25000.00",
        currency="EUR",
    )
    return datetime.date(2026, 3, 2) + 31 * DAY  # the first day it is late


def test_the_finance_tick_does_its_day_once(late_tranche, django_capture_on_commit_callbacks):
    run(["finance_tick"], late_tranche, django_capture_on_commit_callbacks)
    assert JobRun.objects.get(job="finance_tick").result == {"late_tranche_reminders": 1}
    assert [m.to for m in mail.outbox] == [["manager@aourir.invalid"]]

    with django_capture_on_commit_callbacks(execute=True):
        assert BY_NAME["finance_tick"].call(late_tranche) == {"late_tranche_reminders": 0}
    run(
        ["finance_tick"], late_tranche + DAY, django_capture_on_commit_callbacks
    )  # the next day: run, nothing new
    assert JobRun.objects.get(job="finance_tick", period=str(late_tranche + DAY)).result == {
        "late_tranche_reminders": 0
    }
    assert len(mail.outbox) == 1


@pytest.fixture
def digests(world):
    make_work(world)  # work around Monday 7 December 2026; the clock is the scheduler's
    p = world.personas
    for person, choice in ((p.officer, "daily"), (p.manager, "weekly")):
        User.objects.filter(pk=person.pk).update(email=f"{person.username}@aourir.ma", digest=choice)


def test_a_weekly_digest_missed_on_monday_goes_out_once_later_that_week(
    digests, django_capture_on_commit_callbacks
):
    both = ["workspace_digest", "workspace_digest_weekly"]
    tuesday = datetime.date(2026, 12, 8)  # the scheduler was down all Monday 7 December
    run(both, tuesday, django_capture_on_commit_callbacks)
    assert sorted(JobRun.objects.values_list("job", "period")) == [
        ("workspace_digest", "2026-12-08"),
        ("workspace_digest_weekly", "2026-W50"),
    ]
    assert sorted(m.to[0] for m in mail.outbox) == ["manager@aourir.ma", "officer@aourir.ma"]
    mail.outbox.clear()

    run(both, tuesday + DAY, django_capture_on_commit_callbacks)  # Wednesday: the daily one only
    assert [m.to for m in mail.outbox] == [["officer@aourir.ma"]]
    with django_capture_on_commit_callbacks(execute=True):  # even run by hand, the week's one went out
        assert BY_NAME["workspace_digest_weekly"].call(tuesday + DAY) == {"digests": 0}
    mail.outbox.clear()

    run(both, datetime.date(2026, 12, 14), django_capture_on_commit_callbacks)  # the next Monday
    assert sorted(m.to[0] for m in mail.outbox) == ["manager@aourir.ma", "officer@aourir.ma"]
    assert JobRun.objects.get(job="workspace_digest_weekly", period="2026-W51").result == {"digests": 1}
