"""Two instances of Sharaka behind one PostgreSQL and one Redis behave as one (issue #15).

Two bin/serve (gunicorn) processes of the same site on two loopback ports stand for two machines
behind a load balancer; one `Client` talking to both is one browser whose requests land on either.
What must hold: a sign-in on one is a sign-in on the other (sessions in the database), what one
writes the other reads at once (no state kept per process, the portal's figures in the shared cache
keyed by the ledger's head), and an instance killed in the middle of a long write leaves nothing of it
behind: the other keeps serving and writing, and the audit ledger still verifies.
"""

from __future__ import annotations

import datetime
import hashlib
import hmac
import html
import re
import struct
import threading
import time
import uuid
from html.parser import HTMLParser

from ops.conftest import PYTHON, ROOT, Client, psql

OFFICER = "officer"  # cooperation officer: partners, no second factor
FINANCE = "finance"  # finance officer: money, with the demo's published authenticator key


# --- what a browser does with a page ----------------------------------------------------------------


class _Form(HTMLParser):
    """The fields of the form posting to `action`, with what a browser would send untouched: the value
    of each input, the selected option of each select (or, where none is, the first real choice, as a
    person filling the form in would pick one), the text of each
    textarea; checkboxes only when checked."""

    def __init__(self, action: str):
        super().__init__(convert_charrefs=True)
        self.action, self.inside, self.fields = action, False, {}
        self._select = self._textarea = None
        self._options: list[tuple[str, bool]] = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form":
            self.inside = (a.get("action") or "") == self.action
        if not self.inside:
            return
        name = a.get("name")
        if tag == "input" and name and a.get("type") not in ("submit", "button", "file"):
            if a.get("type") in ("checkbox", "radio") and "checked" not in a:
                return
            self.fields.setdefault(name, a.get("value") or "")
        elif tag == "select" and name:
            self._select, self._options = name, []
        elif tag == "option" and self._select:
            self._options.append((a.get("value") or "", "selected" in a))
        elif tag == "textarea" and name:
            self._textarea = name
            self.fields[name] = ""

    def handle_data(self, data):
        if self._textarea:  # a browser drops the newline that opens a textarea
            self.fields[self._textarea] += data if self.fields[self._textarea] else data.removeprefix("\n")

    def handle_endtag(self, tag):
        if tag == "form":
            self.inside = False
        elif tag == "select" and self._select:
            chosen = [v for v, selected in self._options if selected and v] or [
                v for v, _ in self._options if v
            ]
            self.fields[self._select] = chosen[0] if chosen else ""
            self._select = None
        elif tag == "textarea":
            self._textarea = None


def form_fields(page: str, action: str) -> dict:
    parser = _Form(action)
    parser.feed(page)
    parser.fields.pop("csrfmiddlewaretoken", None)
    assert parser.fields, f"no form posting to {action} on the page"
    return parser.fields


def totp(username: str, at: float | None = None) -> str:
    """The code the demo user's authenticator app shows now (RFC 6238 over the published demo key)."""
    key = bytes.fromhex(hashlib.sha1(f"sharaka-demo-totp:{username}".encode()).hexdigest())
    digest = hmac.new(key, struct.pack(">Q", int((at or time.time()) // 30)), "sha1").digest()
    offset = digest[-1] & 0x0F
    return f"{(struct.unpack('>I', digest[offset : offset + 4])[0] & 0x7FFFFFFF) % 1_000_000:06d}"


def multipart(fields: dict, name: str, filename: str, content: bytes) -> tuple[bytes, str]:
    boundary = f"----ops{uuid.uuid4().hex}"
    parts = [
        f'--{boundary}\r\nContent-Disposition: form-data; name="{k}"\r\n\r\n{v}\r\n'.encode()
        for k, v in fields.items()
    ]
    parts.append(
        f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; filename="{filename}"\r\n'
        f"Content-Type: text/csv\r\n\r\n".encode()
        + content
        + b"\r\n"
    )
    return b"".join(parts) + f"--{boundary}--\r\n".encode(), f"multipart/form-data; boundary={boundary}"


def errors_on(page: str) -> str:
    """The form's error messages on a page that answered 200 to a POST (a refused form)."""
    return " | ".join(re.findall(r'class="[^"]*error[^"]*"[^>]*>(.*?)</', page, re.S))[:2000] or page[:2000]


def environment_of(pid: int) -> list[str]:
    with open(f"/proc/{pid}/environ", "rb") as fh:
        return fh.read().decode(errors="replace").split("\0")


def sql_one(site, query: str) -> str:
    return psql(query, database=site.database_url.rsplit("/", 1)[1]).strip()


def ledger_head_hash(site) -> str:
    return sql_one(site, "SELECT hash FROM core_auditentry ORDER BY id DESC LIMIT 1")


def received_figure(page: str) -> str:
    found = re.search(r'<span class="stat money">([^<]+)</span>', page)
    assert found, "the portal's home shows no money received"
    return html.unescape(found.group(1))


# --- the test ---------------------------------------------------------------------------------------


def test_two_instances_behind_one_database_and_one_redis_behave_as_one(site):
    # Started together, as two machines would be: each collects the static files into its own folder
    # (its local disk), so neither waits for the other.
    bases: dict[str, str] = {}
    starts = [
        threading.Thread(target=lambda: bases.setdefault("a", site.serve())),
        threading.Thread(
            target=lambda: bases.setdefault("b", site.serve(STATIC_ROOT=str(ROOT / "var" / "static-ops-b")))
        ),
    ]
    for start in starts:
        start.start()
    for start in starts:
        start.join()
    assert set(bases) == {"a", "b"}, "an instance did not start (its output is in the failure above)"
    a, b = bases["a"], bases["b"]
    a_server = next(p for p in site._servers if f"BIND={a.removeprefix('http://')}" in environment_of(p.pid))
    database = site.database_url.rsplit("/", 1)[1]

    # A sign-in on A is a sign-in on B: the session lives in the database, signed by the shared key.
    officer_a = Client(a)
    officer_a.sign_in(OFFICER)
    officer_b = officer_a.at(b)
    page = officer_b.get("/partners/")
    assert page.status == 200, f"the session of A was not known to B: {page.status}"
    assert 'action="/accounts/logout/"' in page.text

    # What A writes (a partner, through the real form), B reads at once.
    suffix = uuid.uuid4().hex[:6]
    name = f"Coopérative des deux serveurs {suffix}"
    fields = form_fields(officer_a.get("/partners/new/").text, "")
    fields.update(
        {"name_fr": name, "name_en": name, "name_ar": f"تعاونية الخادمين {suffix}", "acronym": "CDS"}
    )
    created = officer_a.post("/partners/new/", fields)
    assert created.status == 302, f"the partner was not created on A: {errors_on(created.text)} {fields}"
    detail = created.header("Location")
    assert re.fullmatch(r"/partners/\d+/", detail), detail
    read = officer_b.get(detail)
    assert read.status == 200 and html.escape(name) in read.text
    # The message A left for the next page (in the messages' cookie, signed by the shared key) shows on B.
    shown = re.search(r'<p class="message success">(.*?)</p>', read.text, re.S)
    assert shown and suffix in shown.group(1), "A's 'partner added' message was lost on B"
    assert suffix in officer_b.get(f"/partners/?q={suffix}").text  # and finds it in the list

    # The portal's figures: money recorded on A shows on B's portal home at once (the figures are kept
    # in Redis under the ledger's head, so neither instance can serve a copy older than the data).
    portal_b = Client(b)
    before = portal_b.get("/portal/")
    assert before.status == 200 and ledger_head_hash(site) in before.text
    received_before = received_figure(before.text)

    finance_a = Client(a)
    finance_a.sign_in(FINANCE)
    confirmed = finance_a.post("/accounts/two-factor/verify/", {"code": totp(FINANCE)})
    assert confirmed.status == 302, f"the second factor was refused: {confirmed.text[:1000]}"
    project, funder = sql_one(
        site,
        "SELECT p.id, f.id FROM projects_project p JOIN finance_funder f ON f.project_id = p.id "
        "WHERE p.published_at IS NOT NULL AND p.archived_at IS NULL "
        "AND p.status IN ('approved', 'in_implementation', 'completed', 'closed') ORDER BY p.id, f.id LIMIT 1",
    ).split("|")
    add = f"/finance/projects/{project}/transactions/new/"
    fields = form_fields(finance_a.get(add).text, "")
    fields.update({
        "type": "1", "funder": funder, "tranche": "", "budget_line": "", "account": "",
        "value_date": datetime.datetime.now(datetime.UTC).date().isoformat(), "currency": "MAD", "amount": "123456.78",
        "reference": "OPS-TWIN", "description": "Two instances", "procedure": "", "nature": "",
    })  # fmt: skip
    recorded = finance_a.post(add, fields)
    assert recorded.status == 302, f"the transaction was not recorded on A: {errors_on(recorded.text)}"
    after = portal_b.get("/portal/")
    assert ledger_head_hash(site) in after.text, "B's portal home shows an older ledger head than A wrote"
    assert received_figure(after.text) != received_before, "B's portal home still shows the old money"

    # Kill A in the middle of a long write: a CSV of rates imported in one transaction.
    finance_b = finance_a.at(b)  # the same signed-in, confirmed browser, on B
    rows = [
        f"{currency},{datetime.date(1960, 1, 1) + datetime.timedelta(days=day)},10.5,ops-twin-import"
        for currency in ("CHF", "SEK", "NOK", "DKK", "CAD")
        for day in range(4000)
    ]
    content = ("currency,date,rate,source\n" + "\n".join(rows) + "\n").encode()
    audit_before = sql_one(site, "SELECT count(*) FROM core_auditentry")
    rates_before = sql_one(site, "SELECT count(*) FROM finance_exchangerate")
    finance_a.get("/finance/rates/")  # the CSRF cookie
    body, content_type = multipart(
        {"csrfmiddlewaretoken": finance_a.cookies["csrftoken"]}, "file", "rates.csv", content
    )

    def post_import():
        try:
            finance_a.request(
                "POST", "/finance/rates/import/", body=body,
                headers={"Content-Type": content_type, "Referer": "https://localhost/finance/rates/"},
            )  # fmt: skip
        except OSError:
            pass  # the server died under the request: what this part is about

    writer = threading.Thread(target=post_import, daemon=True)
    writer.start()
    writing = (
        f"SELECT count(*) FROM pg_stat_activity WHERE datname = '{database}' AND pid <> pg_backend_pid() "
        "AND xact_start IS NOT NULL AND state <> 'idle' AND now() - xact_start > interval '1 second' "
        "AND (query ILIKE '%exchangerate%' OR query ILIKE '%auditentry%' OR query ILIKE '%savepoint%')"
    )
    deadline = time.monotonic() + 60
    while sql_one(site, writing) == "0":
        assert writer.is_alive(), "the import ended before it could be interrupted: make the file longer"
        assert time.monotonic() < deadline, "the import's transaction never showed in pg_stat_activity"
        time.sleep(0.1)
    site.kill(a_server)  # SIGKILL to gunicorn's whole process group, mid-transaction
    writer.join(timeout=30)
    assert a_server.poll() is not None

    # PostgreSQL rolls the dead connection's transaction back: nothing of the import remains.
    deadline = time.monotonic() + 30
    while sql_one(site, writing.replace("AND now() - xact_start > interval '1 second' ", "")) != "0":
        assert time.monotonic() < deadline, "the killed instance's transaction is still open"
        time.sleep(0.1)
    assert sql_one(site, "SELECT count(*) FROM finance_exchangerate WHERE source = 'ops-twin-import'") == "0"
    assert sql_one(site, "SELECT count(*) FROM finance_exchangerate") == rates_before
    assert sql_one(site, "SELECT count(*) FROM core_auditentry") == audit_before

    # B still serves, and still writes: the same browser, signed in, carries on there.
    assert Client(b).get("/healthz").status == 200
    assert finance_b.get("/finance/rates/").status == 200
    small, content_type = multipart(
        {"csrfmiddlewaretoken": finance_b.cookies["csrftoken"]},
        "file",
        "rates.csv",
        b"currency,date,rate,source\nCHF,1960-01-01,10.5,ops-twin-after\n",
    )
    done = finance_b.request(
        "POST", "/finance/rates/import/", body=small,
        headers={"Content-Type": content_type, "Referer": "https://localhost/finance/rates/"},
    )  # fmt: skip
    assert done.status == 302, done.text[:1000]
    assert sql_one(site, "SELECT count(*) FROM finance_exchangerate WHERE source = 'ops-twin-after'") == "1"
    assert int(sql_one(site, "SELECT count(*) FROM core_auditentry")) == int(audit_before) + 1

    # The ledger, written by both instances and cut by the kill, still verifies end to end.
    verified = site.manage("verify_ledger")
    assert verified.returncode == 0, verified.stdout + verified.stderr


def test_two_schedulers_passing_at_the_same_moment_run_each_job_once(site):
    """One scheduler per machine: two passes at once write each (job, period) once and enqueue its
    task once; the one that loses the race is not an error."""
    # At noon (UTC) today: between midnight and the first daily job (03:30 in Casablanca) a pass
    # finds nothing due, whatever the time CI runs at.
    noon = datetime.datetime.now(datetime.UTC).replace(hour=12, minute=0, second=0, microsecond=0)
    passes = [
        site.start(
            [str(PYTHON), "manage.py", "scheduler", "--once", "--now", noon.isoformat()],
            SHARAKA_CACHE_PREFIX=f"machine-{n}",
        )
        for n in (1, 2)
    ]
    for process in passes:
        output, _ = process.communicate(timeout=120)
        assert process.returncode == 0, output
    runs = int(sql_one(site, "SELECT count(*) FROM operations_jobrun"))
    assert runs > 0, "neither pass enqueued anything"
    assert sql_one(
        site, "SELECT count(*) FROM (SELECT job, period FROM operations_jobrun GROUP BY 1, 2 HAVING count(*) > 1) d"
    ) == "0"  # fmt: skip
    tasks = sql_one(
        site, "SELECT count(*) FROM django_tasks_database_dbtaskresult WHERE task_path LIKE '%.run_job'"
    )
    assert int(tasks) == runs, f"{tasks} tasks enqueued for {runs} runs: a job would run twice"
