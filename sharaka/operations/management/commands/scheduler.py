"""manage.py scheduler: the one scheduler of the daily, weekly and hourly jobs (operations/jobs.py).

A loop: a pass every --interval seconds (30), until SIGTERM or SIGINT, which end it after the current
pass. --once: one pass and out (tests, or a systemd timer or cron calling it every minute instead of
the loop). Each pass writes one line per run it enqueued. Run one per machine if you like: a job still
runs once per period (operations/scheduler.py).
"""

import argparse
import datetime
import logging
import signal
import threading

from django.core.management.base import BaseCommand
from django.db import close_old_connections

from sharaka.operations.scheduler import Scheduler

logger = logging.getLogger("sharaka.scheduler")


class Command(BaseCommand):
    help = "Enqueue the scheduled jobs whose period has started (once per period), every --interval seconds."

    def add_arguments(self, parser):
        parser.add_argument("--once", action="store_true", help="One pass, then exit.")
        parser.add_argument(
            "--now",
            type=_moment,
            help="With --once: pass as at this moment (ISO 8601 with its offset), for tests and replays.",
        )
        parser.add_argument("--interval", type=float, default=30.0, help="Seconds between passes (30).")

    def handle(self, *args, once=False, interval=30.0, now=None, **options):
        if logger.getEffectiveLevel() > logging.INFO:
            logger.setLevel(logging.INFO)  # one line per enqueued run, whatever LOG_LEVEL says
        scheduler = Scheduler()
        if once:
            self.stdout.write(f"{len(scheduler.tick(now=now))} run(s) enqueued")
            return
        stop = threading.Event()

        def ask_to_stop(signum, frame):
            logger.info("scheduler: %s received, stopping", signal.Signals(signum).name)
            stop.set()

        previous = {s: signal.signal(s, ask_to_stop) for s in (signal.SIGTERM, signal.SIGINT)}
        logger.info("scheduler: started, a pass every %s s", interval)
        try:
            while not stop.is_set():
                close_old_connections()  # a database restarted meanwhile: a fresh connection
                try:
                    scheduler.tick()
                except Exception:  # the database away for a moment: say so, try again next pass
                    logger.exception("scheduler: pass failed")
                stop.wait(interval)
        finally:
            for signum, handler in previous.items():
                signal.signal(signum, handler)
        logger.info("scheduler: stopped")


def _moment(text: str) -> datetime.datetime:
    moment = datetime.datetime.fromisoformat(text)
    if moment.tzinfo is None:
        raise argparse.ArgumentTypeError("give the moment with its offset, e.g. 2026-12-07T12:00:00+00:00")
    return moment
