"""A reminder is e-mailed by the worker, not by the daily job (issue #15), through a real SMTP server.

The demo's twinning has a report owned by the officer that is twelve days late: `manage.py
agreements_tick` (what the scheduler runs each day) returns with nothing sent and the work waiting in
the database; bin/worker then runs the tick, which queues the reminder, and sends it to the mail
server. The mail server is a small SMTP sink started by the test (standard library only), reached
the way docs/configuration.md says: EMAIL_HOST, EMAIL_PORT, EMAIL_USE_TLS.
"""

from __future__ import annotations

import email
import email.policy
import signal
import socketserver
import threading
import time
import urllib.parse

import pytest

from ops.conftest import ROOT, psql


class SmtpSink(socketserver.ThreadingTCPServer):
    """Just enough SMTP (RFC 5321) to accept mail: EHLO/HELO, MAIL, RCPT, DATA, RSET, NOOP, QUIT."""

    daemon_threads = True
    allow_reuse_address = True

    def __init__(self):
        super().__init__(("127.0.0.1", 0), SmtpSession)
        self.messages: list[tuple[str, list[str], bytes]] = []

    @property
    def port(self) -> int:
        return self.server_address[1]


class SmtpSession(socketserver.StreamRequestHandler):
    def reply(self, line: str) -> None:
        self.wfile.write(line.encode() + b"\r\n")

    def handle(self):
        self.reply("220 sink.test ESMTP")
        sender, recipients = "", []
        while line := self.rfile.readline():
            command = line.decode("ascii", "replace").strip()
            verb = command[:4].upper()
            if verb == "EHLO":
                self.wfile.write(b"250-sink.test\r\n250 8BITMIME\r\n")
            elif verb == "HELO":
                self.reply("250 sink.test")
            elif verb == "MAIL":
                sender, recipients = command.split(":", 1)[1].strip().split()[0].strip("<>"), []
                self.reply("250 OK")
            elif verb == "RCPT":
                recipients.append(command.split(":", 1)[1].strip().split()[0].strip("<>"))
                self.reply("250 OK")
            elif verb == "DATA":
                self.reply("354 End data with <CR><LF>.<CR><LF>")
                lines = []
                while (data := self.rfile.readline()) not in (b".\r\n", b".\n", b""):
                    lines.append(data[1:] if data.startswith(b"..") else data)  # dot-stuffing
                self.server.messages.append((sender, recipients, b"".join(lines)))
                self.reply("250 OK queued")
            elif verb in ("RSET", "NOOP"):
                self.reply("250 OK")
            elif verb == "QUIT":
                self.reply("221 Bye")
                return
            else:
                self.reply("502 Command not implemented")


@pytest.fixture
def sink():
    server = SmtpSink()
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server
    finally:
        server.shutdown()
        server.server_close()


def waiting_tasks(site) -> list[tuple[str, str]]:
    database = urllib.parse.urlsplit(site.database_url).path.lstrip("/")
    rows = psql(
        "SELECT task_path, status FROM django_tasks_database_dbtaskresult ORDER BY enqueued_at", database
    )
    return [tuple(row.split("|")) for row in rows.splitlines()]


REPORT = "Rapport d'étape semestriel à Saint-Aubin (fictif)"  # the demo's late report, the officer's


def reminders_received(sink) -> list:
    parsed = [
        (to, email.message_from_bytes(data, policy=email.policy.default)) for _s, to, data in sink.messages
    ]
    return [(to, message) for to, message in parsed if REPORT in message["Subject"]]


def test_the_daily_reminder_waits_in_the_database_until_the_worker_sends_it(site, sink):
    mail_env = {"EMAIL_HOST": "127.0.0.1", "EMAIL_PORT": str(sink.port), "EMAIL_USE_TLS": "false"}

    site.manage("agreements_tick", **mail_env)
    assert sink.messages == []  # the command returned; nothing sent
    tick = [
        status for path, status in waiting_tasks(site) if path == "sharaka.agreements.tasks.agreements_tick"
    ]
    assert tick == ["READY"]  # the day's work waits in the database

    worker = site.start([str(ROOT / "bin" / "worker")], **mail_env)
    deadline = time.monotonic() + 60
    while not reminders_received(sink):
        assert worker.poll() is None, f"the worker stopped ({worker.returncode}):\n{worker.stdout.read()}"
        assert time.monotonic() < deadline, (
            f"no reminder reached the mail server in 60 s: {waiting_tasks(site)}"
        )
        time.sleep(0.2)

    [(to, message)] = reminders_received(sink)
    assert to == ["officer@example.org"] and message["To"] == "officer@example.org"
    assert any("\u0600" <= c <= "\u06ff" for c in message["Subject"])  # the officer reads Arabic
    assert REPORT in message.get_body(("plain",)).get_content()
    statuses = dict(waiting_tasks(site))
    assert statuses["sharaka.agreements.tasks.agreements_tick"] == "SUCCESSFUL"

    site.kill(worker, signal.SIGTERM)  # systemd's stop: the worker ends between tasks
    assert worker.returncode == 0
