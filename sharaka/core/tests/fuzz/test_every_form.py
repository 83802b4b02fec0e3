"""Post generated values, careful and hostile, to every form of the application.

For each form found by walking the site (forms.py), hypothesis draws cases that start from what the
page offers (its current values, valid-looking values for the empty required fields) and replace a
few fields with hostile values (values.py). Every case runs in a transaction that is rolled back, so
each starts from the same world. A case fails when:

- the server errs: an exception, a status of 500 or more, or an error logged;
- a refusal (4xx, or the form shown again with its errors) changed any row or the audit ledger;
- a write changed rows without adding an entry to the audit ledger;
- a write stored NUL or a bidi override in a text column (SHARAKA_FUZZ_STRICT_TEXT=0 leaves this out).

SHARAKA_FUZZ_CASES sets the number of cases over all forms (default 300), SHARAKA_FUZZ_SEED the seed
(default 0; "random" for a new one; printed on every run, so that a failure can be replayed).
docs/testing.md tells more.
"""

import copy
import logging
import os
import random
import re
import time
import traceback
from collections import Counter, defaultdict
from http.cookies import SimpleCookie
from urllib.parse import urlencode, urlsplit

import pytest
from django.core import mail
from django.core.cache import cache
from django.db import DatabaseError, transaction
from django.test import Client, TestCase
from django.urls import Resolver404, resolve
from hypothesis import HealthCheck, Phase, given, seed, settings
from hypothesis import strategies as st

from sharaka.core.models import AuditEntry
from sharaka.core.tests.fuzz import database
from sharaka.core.tests.fuzz.forms import discover, form_classes
from sharaka.core.tests.fuzz.values import HOSTILE, missing_strategies, valid

CASES = int(os.environ.get("SHARAKA_FUZZ_CASES", "300"))
# A fixed seed by default, so that the suite gives the same verdict twice; CI's long run takes the
# day's date, and "random" draws one. The seed is printed on every run.
_seed = os.environ.get("SHARAKA_FUZZ_SEED") or "0"
SEED = random.SystemRandom().randrange(2**32) if _seed == "random" else int(_seed)
STRICT_TEXT = os.environ.get("SHARAKA_FUZZ_STRICT_TEXT", "1") != "0"
# Comma-separated prefixes of URL names: fuzz only the forms posting to those (all of CASES go to them).
ONLY = tuple(p.strip() for p in os.environ.get("SHARAKA_FUZZ_ONLY", "").split(",") if p.strip())

# Forms whose success changes no data of the commune, so writes nothing to the ledger: signing in
# and out (only the session and the last login change), the language choice (a cookie), the request
# for a password reset (an e-mail), and Django's password change (credentials are not ledger data).
NO_LEDGER = {"login", "logout", "set_language", "password_reset", "password_change"}
LEDGER = AuditEntry._meta.db_table
FILES = re.compile(r"pdf|xlsx|draft|download|document")


class ErrorLog(logging.Handler):
    def __init__(self):
        super().__init__(level=logging.ERROR)
        self.records = []

    def emit(self, record):
        self.records.append(record)


def _where(error):
    """The innermost frame of the application in a traceback: file and line."""
    frames = [f for f in traceback.extract_tb(error.__traceback__) if "/sharaka/" in f.filename]
    frame = (frames or traceback.extract_tb(error.__traceback__) or [None])[-1]
    if frame is None:
        return "?"
    return f"{frame.filename.split('/sharaka/', 1)[-1]}:{frame.lineno}"


def _short(values):
    """The case's values in a form one can read and replay (long strings shortened)."""
    shown = {}
    for name, items in values.items():
        out = []
        for item in items:
            if hasattr(item, "read"):
                out.append(f"<file {item.name!r} {item.size} bytes {item.content_type!r}>")
            elif isinstance(item, str) and len(item) > 60:
                out.append(f"{item[:30]!r}…({len(item)} chars)")
            else:
                out.append(item)
        shown[name] = out
    return shown


def draw_case(data, form):
    """The values of one case: the page's own, valid ones where empty, a few fields hostile."""
    names = [n for n in form.fields if n != "csrfmiddlewaretoken"]
    hostile_count = data.draw(st.sampled_from([0, 0, 1, 1, 1, 2, 3]), label="hostile fields")
    hostile = set(data.draw(st.permutations(names), label="order")[:hostile_count]) if names else set()
    values = {}
    for name, spec in form.fields.items():
        if name in hostile:
            values[name] = data.draw(HOSTILE[spec.kind](spec), label=name)
        elif name == "csrfmiddlewaretoken" or spec.kind == "hidden":
            values[name] = list(spec.initial)
        elif spec.kind == "submit" and spec.options:
            values[name] = data.draw(valid(spec), label=name)
        elif any(spec.initial) and data.draw(st.integers(0, 4), label=f"keep {name}"):
            values[name] = list(spec.initial)
        elif (
            spec.required
            or spec.kind in ("radio", "select")
            or data.draw(st.booleans(), label=f"fill {name}")
        ):
            values[name] = data.draw(valid(spec), label=name)
        else:
            values[name] = []
    if names and data.draw(st.integers(0, 19), label="drop a field") == 0:
        values.pop(data.draw(st.sampled_from(names), label="dropped"))
    return values


def _request(client, form, values, raw_body):
    parts = urlsplit(form.action)
    path = parts.path + (f"?{parts.query}" if parts.query else "")
    if form.method != "post":
        flat = {k: [v for v in vs if isinstance(v, str)] for k, vs in values.items()}
        return client.get(path, flat)
    if raw_body:  # bytes that are not UTF-8, as a broken client could send
        body = urlencode({k: [v for v in vs if isinstance(v, str)] for k, vs in values.items()}, doseq=True)
        return client.post(path, body + "&" + raw_body, content_type="application/x-www-form-urlencoded")
    if form.multipart:
        return client.post(path, values)
    return client.post(path, urlencode(values, doseq=True), content_type="application/x-www-form-urlencoded")


def _follow(client, response):
    """After a write, open the page it leads to: stored values must show without a server error."""
    target = response.get("Location", "") if response.status_code in (301, 302, 303) else ""
    if not target.startswith("/") or target.startswith("//"):
        return None
    try:
        name = resolve(urlsplit(target).path).url_name or ""
    except Resolver404:
        return None
    if FILES.search(name):  # a generated file (a donor report in PDF): slow, and no form values shown
        return None
    return client.get(target)


class Fuzzer:
    def __init__(self, client, cookies):
        self.client = client
        self.cookies = cookies
        self.errors = {}  # signature -> (count, example)
        self.problems = {}  # half-saved or unaudited writes: signature -> (count, example)
        self.outcomes = defaultdict(Counter)  # form label -> accepted / refused / server error
        self.log = ErrorLog()

    def _note(self, table, signature, example):
        count, first = table.get(signature, (0, example))
        table[signature] = (count + 1, first)

    def run_case(self, form, values, raw_body, baseline):
        self.client.cookies = copy.deepcopy(self.cookies[form.role])
        cache.clear()
        mail.outbox = []
        self.log.records.clear()
        name = form.url_name
        example = f"{form.label()} with {_short(values)}" + (f" and raw {raw_body!r}" if raw_body else "")
        with transaction.atomic():
            try:
                with TestCase.captureOnCommitCallbacks(execute=True):
                    response = _request(self.client, form, values, raw_body)
                followed = _follow(self.client, response)
            except Exception as error:  # the server error the harness looks for
                self._note(
                    self.errors, (name, type(error).__name__, _where(error)), f"{example}: {error!r}"[:2000]
                )
                self.outcomes[form.label()]["server error"] += 1
                transaction.set_rollback(True)
                return
            status = response.status_code
            logged = [r for r in self.log.records if r.levelno >= logging.ERROR]
            if status >= 500 or logged or (followed and followed.status_code >= 500):
                message = logged[0].getMessage() if logged else ""
                if followed and followed.status_code >= 500:
                    message = f"the page it redirects to answered {followed.status_code}: {message}"
                self._note(self.errors, (name, f"status {status}", message[:100]), example)
                self.outcomes[form.label()]["server error"] += 1
                transaction.set_rollback(True)
                return
            try:
                after = database.snapshot()
            except DatabaseError as error:
                self._note(self.errors, (name, type(error).__name__, "transaction left broken"), example)
                transaction.set_rollback(True)
                return
            transaction.set_rollback(True)
        changed = database.changes(baseline, after)
        grew = len(after[LEDGER]) > len(baseline[LEDGER])
        body = response.content if "html" in response.get("Content-Type", "") else b""
        refused = status >= 400 or b"form-errors" in body or b"has-error" in body
        self.outcomes[form.label()][
            "refused" if refused else "wrote" if changed else "accepted, no write"
        ] += 1
        if changed and refused:
            self._note(self.problems, (name, "refused but rows changed", tuple(sorted(changed))), example)
        elif changed and not grew and name not in NO_LEDGER:
            self._note(
                self.problems, (name, "rows changed without a ledger entry", tuple(sorted(changed))), example
            )
        if changed and STRICT_TEXT:
            stored = database.forbidden_text(changed)
            if stored:
                self._note(self.problems, (name, "stored NUL or bidi override", stored[0][:60]), example)

    def fuzz(self, form, examples, baseline):
        @settings(
            max_examples=examples,
            deadline=None,
            database=None,
            phases=[Phase.generate],
            suppress_health_check=list(HealthCheck),
        )
        @seed(SEED)
        @given(data=st.data(), raw=st.integers(0, 29))
        def case(data, raw):
            values = draw_case(data, form)
            raw_body = "note=%FF%FE%C0" if raw == 0 and form.method == "post" else ""
            self.run_case(form, values, raw_body, baseline)

        case()


def tell(capsys, text):
    """Print as the run goes; a pytest-xdist worker has no terminal, so there the text goes with the
    test's output, which .ci/run shows with -rP."""
    if os.environ.get("PYTEST_XDIST_WORKER"):
        print(text)
    else:
        with capsys.disabled():
            print(text)


# The forms are shared out in PARTS, one test each, so that pytest-xdist's workers run them side by side
# (.ci/run); the parts together are the cases of one run: each form gets the same share and seed.
PARTS = 2


@pytest.mark.django_db
@pytest.mark.parametrize("part", range(PARTS))
def test_every_form_survives_hostile_values(world, capsys, part):
    client = Client()
    cookies = {"anonymous": SimpleCookie()}
    for role, user in world.personas.by_role().items():
        client.force_login(user)
        cookies[role] = copy.deepcopy(client.cookies)
        client.cookies = SimpleCookie()

    def login_as(role):
        client.cookies = copy.deepcopy(cookies[role])

    started = time.monotonic()
    forms, unknown = discover(client, world, login_as)
    assert not unknown, (
        "fields of a kind the harness does not know; add a strategy in values.py:\n" + "\n".join(unknown)
    )
    assert not missing_strategies(forms)
    posted = [f for f in forms if f.method == "post"]
    assert len(posted) >= 30, f"only {len(posted)} forms found: is the walk broken?"
    if ONLY:
        forms = [f for f in forms if f.url_name.startswith(ONLY)]
        posted = [f for f in forms if f.method == "post"]
        assert forms, f"no form posts to a URL name starting with {ONLY}"
    discovered_in = time.monotonic() - started
    tell(
        capsys,
        (
            f"\nform fuzzer, part {part + 1} of {PARTS}: seed {SEED} (SHARAKA_FUZZ_SEED={SEED} replays it), "
            f"{CASES} cases over {len(forms)} forms ({len(posted)} POST, {len(forms) - len(posted)} GET filters), "
            f"found in {discovered_in:.1f} s"
        ),
    )

    fuzzer = Fuzzer(client, cookies)
    root = logging.getLogger()
    root.addHandler(fuzzer.log)
    try:
        baseline = database.snapshot()
        ordered = sorted(forms, key=lambda f: f.key)
        share, extra = divmod(CASES, len(ordered))
        for index in range(part, len(ordered), PARTS):
            fuzzer.fuzz(ordered[index], share + (1 if index < extra else 0), baseline)
    finally:
        root.removeHandler(fuzzer.log)

    ran = sum(sum(c.values()) for c in fuzzer.outcomes.values())
    accepted = sum(c["wrote"] for c in fuzzer.outcomes.values())
    server_errors = sum(count for count, _ in fuzzer.errors.values())
    report = [
        f"form fuzzer, part {part + 1} of {PARTS}: {ran} cases run over "
        f"{len(range(part, len(forms), PARTS))} of {len(forms)} forms ({len(posted)} POST; the application defines "
        f"{len(form_classes())} Form classes), {accepted} wrote data, {server_errors} server errors "
        f"({len(fuzzer.errors)} distinct), {len(fuzzer.problems)} half-saved or unaudited, seed {SEED}, "
        f"{time.monotonic() - started:.0f} s"
    ]
    for (name, kind, where), (count, example) in sorted(fuzzer.errors.items()):
        report.append(f"SERVER ERROR ×{count} {name}: {kind} at {where}\n    e.g. {example}")
    for (name, kind, tables), (count, example) in sorted(fuzzer.problems.items(), key=str):
        report.append(f"DATA ×{count} {name}: {kind} {tables}\n    e.g. {example}")
    if os.environ.get("SHARAKA_FUZZ_VERBOSE"):
        for label, counts in sorted(fuzzer.outcomes.items()):
            report.append(f"  {label}: {dict(counts)}")
    tell(capsys, "\n".join(report))
    assert not fuzzer.errors and not fuzzer.problems, "\n".join(report)
