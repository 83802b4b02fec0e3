"""The scheduler: each job once per period, however many passes and schedulers; each run recorded."""

import dataclasses
import datetime
import os
import signal
import threading
from zoneinfo import ZoneInfo

import pytest
from django.core.management import call_command

from sharaka.operations import jobs, scheduler
from sharaka.operations.models import Heartbeat, JobRun
from sharaka.operations.tasks import heartbeat, run_job

CASABLANCA = ZoneInfo("Africa/Casablanca")
MONDAY = datetime.date(2026, 12, 7)


def at(day: datetime.date, hour: int, minute: int = 0) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time(hour, minute), CASABLANCA)


def names(runs) -> set[str]:
    return {(run.job, run.period) for run in runs}


DAILY = {job.name for job in jobs.JOBS if job.cadence.every == "day"}


def test_a_second_pass_the_same_day_enqueues_nothing_and_writes_no_row(
    db, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True) as enqueued:
        first = scheduler.run_due(at(MONDAY, 10))
    assert names(first) == {(name, "2026-12-07") for name in DAILY} | {
        ("workspace_digest_weekly", "2026-W50")
    }
    assert len(enqueued) == len(first)

    with django_capture_on_commit_callbacks(execute=True) as enqueued:
        assert scheduler.run_due(at(MONDAY, 10, 1)) == []
        assert scheduler.run_due(at(MONDAY, 23, 59)) == []
    assert enqueued == []
    assert JobRun.objects.count() == len(first)


def test_a_run_records_when_it_ran_and_what_it_did(db, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        scheduler.run_due(at(MONDAY, 10))  # the immediate backend: the worker's part runs now

    run = JobRun.objects.get(job="finance_tick", period="2026-12-07")
    assert run.status == JobRun.Status.DONE and run.error == ""
    assert run.enqueued_at == at(MONDAY, 10)
    assert run.started_at <= run.finished_at
    assert run.result == {"late_tranche_reminders": 0}
    assert run.task_id
    assert set(JobRun.objects.values_list("status", flat=True)) == {JobRun.Status.DONE}


def test_before_its_time_a_job_does_not_run_and_the_day_before_is_not_replayed(db):
    assert names(scheduler.run_due(at(MONDAY, 4))) == {
        ("prune_task_results", "2026-12-07"),
        ("iati_files_prune", "2026-12-07"),
    }
    # Down from 04:00 to 10:00: today's daily jobs run at 10:00, for today; yesterday is not replayed.
    late = scheduler.run_due(at(MONDAY, 10))
    assert {run.period for run in late} == {"2026-12-07", "2026-W50"}
    assert {"prune_task_results", "iati_files_prune"}.isdisjoint({run.job for run in late})
    assert not JobRun.objects.filter(period="2026-12-06").exists()


def test_a_scheduler_that_lost_the_race_enqueues_nothing(db, django_capture_on_commit_callbacks, monkeypatch):
    now = at(MONDAY, 10)
    seen_by_the_slow_one = scheduler.due_runs(now)  # both read "not run yet"...
    with django_capture_on_commit_callbacks(execute=True):
        fast = scheduler.run_due(now)  # ...the other writes first
    monkeypatch.setattr(scheduler, "due_runs", lambda now, jobs: seen_by_the_slow_one)
    with django_capture_on_commit_callbacks(execute=True) as enqueued:
        assert scheduler.run_due(now) == []  # its writes meet the unique (job, period)
    assert enqueued == []
    assert JobRun.objects.count() == len(fast)


@pytest.mark.postgres_only  # two real connections racing
@pytest.mark.django_db(transaction=True)
def test_two_schedulers_racing_on_postgresql_write_one_run_per_job():
    from django.db import connections

    now = at(MONDAY, 10)
    barrier = threading.Barrier(2)
    taken = []
    real_due_runs = scheduler.due_runs

    def due_then_wait(now, jobs):
        found = real_due_runs(now, jobs)
        barrier.wait(timeout=10)  # both have read "not run yet" before either writes
        return found

    def one_scheduler():
        try:
            taken.extend(scheduler.run_due(now))
        finally:
            connections.close_all()

    original = scheduler.due_runs
    scheduler.due_runs = due_then_wait
    try:
        threads = [threading.Thread(target=one_scheduler) for _ in range(2)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=30)
    finally:
        scheduler.due_runs = original
    assert len(taken) == len(DAILY) + 1
    assert JobRun.objects.count() == len(DAILY) + 1
    assert len({(run.job, run.period) for run in taken}) == len(taken)


def test_a_failing_job_is_recorded_failed_and_the_next_day_runs_all_the_same(
    db, django_capture_on_commit_callbacks, monkeypatch
):
    calls = []

    def breaks_on_monday(day):
        calls.append(day)
        if day == MONDAY:
            raise ValueError("exchange rate missing for 2026-12-07")
        return {"late_tranche_reminders": 0}

    job = dataclasses.replace(jobs.BY_NAME["finance_tick"], call=breaks_on_monday)
    monkeypatch.setitem(jobs.BY_NAME, "finance_tick", job)
    with django_capture_on_commit_callbacks(execute=True):
        scheduler.run_due(at(MONDAY, 6), jobs=(job,))
        scheduler.run_due(at(MONDAY, 7), jobs=(job,))  # failed is not retried by the scheduler
        scheduler.run_due(at(MONDAY + datetime.timedelta(days=1), 6), jobs=(job,))

    failed, done = JobRun.objects.order_by("period")
    assert (failed.period, failed.status) == ("2026-12-07", JobRun.Status.FAILED)
    assert failed.error == "ValueError: exchange rate missing for 2026-12-07" and failed.finished_at
    assert (done.period, done.status, done.result) == (
        "2026-12-08",
        JobRun.Status.DONE,
        {"late_tranche_reminders": 0},
    )
    assert calls == [MONDAY, MONDAY + datetime.timedelta(days=1)]


def test_a_run_delivered_twice_to_the_worker_runs_once(db, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        scheduler.run_due(at(MONDAY, 10))
    again = run_job.enqueue(job="agreements_tick", period="2026-12-07")
    assert again.return_value == {"skipped": "agreements_tick 2026-12-07 already started"}


def test_the_periods_of_each_cadence():
    local = at(MONDAY, 9, 15)  # Monday 7 December 2026, ISO week 50
    assert jobs.daily(9, 15).period(local) == "2026-12-07"
    assert jobs.daily(9, 16).period(local) is None
    assert jobs.hourly(15).period(local) == "2026-12-07T09"
    assert jobs.hourly(20).period(local) is None
    assert jobs.weekly(jobs.MONDAY, 9, 15).period(local) == "2026-W50"
    assert jobs.weekly(jobs.MONDAY, 10).period(local) is None  # the week's run is not due yet
    sunday = at(datetime.date(2026, 12, 13), 23, 59)
    assert jobs.weekly(jobs.MONDAY, 10).period(sunday) == "2026-W50"  # a late run still in its week
    assert jobs.weekly(jobs.MONDAY, 10).period(at(datetime.date(2027, 1, 4), 10)) == "2027-W01"
    assert jobs.weekly(jobs.MONDAY, 10).period(at(datetime.date(2027, 1, 1), 10)) == "2026-W53"


def test_the_days_are_casablancas_not_utc():
    # 23:30 UTC on 6 December is 00:30 on 7 December in Casablanca (UTC+1).
    utc = datetime.datetime(2026, 12, 6, 23, 30, tzinfo=datetime.UTC)
    started = dict((job.name, period) for job, period in scheduler.current_periods(utc))
    assert started == {}  # 00:30: no job's time has come yet on the 7th
    utc = datetime.datetime(2026, 12, 7, 4, 0, tzinfo=datetime.UTC)  # 05:00 in Casablanca
    started = dict((job.name, period) for job, period in scheduler.current_periods(utc))
    assert started == {
        "agreements_tick": "2026-12-07",
        "prune_task_results": "2026-12-07",
        "iati_files_prune": "2026-12-07",
    }


def test_the_heartbeat_task_records_that_a_worker_ran_it(db):
    assert not Heartbeat.objects.filter(name=Heartbeat.WORKER).exists()
    heartbeat.enqueue()
    first = Heartbeat.objects.get(name=Heartbeat.WORKER).beat_at
    heartbeat.enqueue()
    assert Heartbeat.objects.get(name=Heartbeat.WORKER).beat_at >= first


def test_each_pass_beats_the_schedulers_heart_and_the_workers_once_a_minute(db, monkeypatch):
    beats = []
    monkeypatch.setattr(scheduler, "beat_worker", lambda: beats.append(1))
    one = scheduler.Scheduler()
    one.tick(at(MONDAY, 10, 0))
    one.tick(at(MONDAY, 10, 0).replace(second=30))
    one.tick(at(MONDAY, 10, 1))
    assert len(beats) == 2
    assert Heartbeat.objects.get(name=Heartbeat.SCHEDULER).beat_at == at(MONDAY, 10, 1)


def test_the_workers_heartbeat_is_not_piled_up_while_the_worker_is_away(db, settings):
    from django_tasks_db.models import DBTaskResult

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}  # as in production
    assert scheduler.beat_worker() is True
    assert scheduler.beat_worker() is False  # one is already waiting
    assert DBTaskResult.objects.filter(task_path="sharaka.operations.tasks.heartbeat").count() == 1


def test_the_command_runs_one_pass_with_once_and_logs_each_run(db, capsys, caplog, monkeypatch):
    monkeypatch.setattr(scheduler.timezone, "now", lambda: at(MONDAY, 10))
    call_command("scheduler", "--once")
    assert "9 run(s) enqueued" in capsys.readouterr().out
    lines = [r.getMessage() for r in caplog.records if r.name == "sharaka.scheduler"]
    assert "scheduler: enqueued agreements_tick for 2026-12-07" in lines
    assert "scheduler: enqueued workspace_digest_weekly for 2026-W50" in lines
    assert len([line for line in lines if "enqueued" in line]) == 9
    assert Heartbeat.objects.filter(name=Heartbeat.SCHEDULER).exists()
    call_command("scheduler", "--once")
    assert "0 run(s) enqueued" in capsys.readouterr().out


def test_the_loop_stops_cleanly_on_sigterm(db, monkeypatch):
    from sharaka.operations.management.commands import scheduler as command

    # the test's transaction would look like a stale connection to close (as Django's test client does)
    monkeypatch.setattr(command, "close_old_connections", lambda: None)
    passes = []
    real_tick = scheduler.Scheduler.tick

    def tick_then_get_stopped(self, now=None):
        passes.append(real_tick(self, now))
        if len(passes) == 2:
            os.kill(os.getpid(), signal.SIGTERM)  # as systemd stops the service, during a pass
        return passes[-1]

    monkeypatch.setattr(scheduler.Scheduler, "tick", tick_then_get_stopped)
    previous = signal.getsignal(signal.SIGTERM)
    call_command("scheduler", "--interval", "0.01")  # returns once SIGTERM is handled
    assert len(passes) == 2  # the pass under way finished, no other began
    assert signal.getsignal(signal.SIGTERM) is previous  # the process's own handler is given back
    assert Heartbeat.objects.filter(name=Heartbeat.SCHEDULER).exists()
