"""An import's report in the reader's language, and the ledger entry of an upload.

The run keeps codes and numbers (importing.py); this module words them when the page is shown, so
that a report reads in Arabic for the unit and in French or English for a partner looking over a
shoulder, whatever the language of the person who imported the file.
"""

import hashlib

from django.utils.html import conditional_escape, format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from sharaka.core import audit
from sharaka.core.money import format_number

PROBLEMS = {
    "bad-amount": gettext_lazy("An amount that is not a number (%(value)s) in %(element)s: left out."),
    "bad-date": gettext_lazy("A date that cannot be read (%(value)s) in %(element)s: left out."),
    "bad-percentage": gettext_lazy(
        "A percentage that is not between 0 and 100 (%(value)s): its sector or country shares what the others leave."
    ),
    "bad-position": gettext_lazy("A position that is not a latitude and a longitude (%(value)s): left out."),
    "narrative-too-long": gettext_lazy(
        "A text of %(length)s characters, longer than any real one: left out."
    ),
    "no-identifier": gettext_lazy("An activity without an identifier, at line %(line)s: skipped."),
    "duplicate-identifier": gettext_lazy(
        "This identifier appears twice in the file: the second one is skipped."
    ),
    "no-reporting-org": gettext_lazy("No reporting organisation with an identifier: skipped."),
    "older": gettext_lazy(
        "The file's version (%(file)s) is older than the one already imported (%(held)s): kept as it was."
    ),
    "amount-out-of-bounds": gettext_lazy(
        "An amount beyond what Sharaka keeps (%(value)s) in %(element)s: left out."
    ),
    "date-out-of-bounds": gettext_lazy("A date outside 1956-2100 (%(value)s) in %(element)s: left out."),
    "schema": gettext_lazy("Does not follow the IATI schema (%(detail)s): read where it could be."),
    "prospect-refused": gettext_lazy(
        "%(ref)s could not be added as a prospect partner (%(fields)s): add it by hand if the unit needs it."
    ),
}
REFUSALS = {
    "doctype": gettext_lazy(
        "The file declares a document type or entities (<!DOCTYPE>, <!ENTITY>). Such declarations can be "
        "used to attack the server: the file was refused before anything was read."
    ),
    "malformed": gettext_lazy(
        "The file is not well-formed XML (line %(line)s: %(detail)s). Nothing was imported."
    ),
    "not-activities": gettext_lazy("This is not an IATI activity file: its first element is %(root)s."),
    "not-organisations": gettext_lazy(
        "This is not an IATI organisation file: its first element is %(root)s."
    ),
    "version-1": gettext_lazy(
        "This file is of IATI version %(version)s. Files of version 1 are not read: their texts, "
        "transaction types and codes are written differently, and a guessed reading would put wrong "
        "figures before the unit. Ask the publisher for its file of version 2."
    ),
    "version-unknown": gettext_lazy(
        "The file gives the IATI version “%(version)s”. Sharaka reads versions 2.01, 2.02 and 2.03."
    ),
    "url-scheme": gettext_lazy("Only addresses starting with https:// are fetched."),
    "url-credentials": gettext_lazy("An address with a user name or a password is not fetched."),
    "url-port": gettext_lazy("Only the standard https port is used, not %(port)s."),
    "url-private": gettext_lazy(
        "%(host)s is an address inside a private network or this server itself: it is never fetched."
    ),
    "url-unknown-host": gettext_lazy("No server answers to the name %(host)s."),
    "url-status": gettext_lazy("The server answered with the status %(status)s instead of the file."),
    "url-size": gettext_lazy("The file is larger than %(mb)s MB: refused."),
    "url-time": gettext_lazy("The download took longer than %(seconds)s seconds: stopped."),
    "url-redirects": gettext_lazy("The address sends to another more than %(count)s times: stopped."),
    "url-error": gettext_lazy("The file could not be downloaded (%(detail)s). Try again later."),
    "error": gettext_lazy(
        "The import stopped on an error (%(kind)s) and nothing was kept. The server's log says more."
    ),
}
COUNTS = [
    ("read", gettext_lazy("Activities read")),
    ("created", gettext_lazy("New activities")),
    ("updated", gettext_lazy("Activities updated (a newer version)")),
    ("unchanged", gettext_lazy("Activities unchanged (already imported)")),
    ("older", gettext_lazy("Activities older than those already imported")),
    ("skipped", gettext_lazy("Activities skipped")),
    ("organisations_new", gettext_lazy("Organisations seen for the first time")),
    ("organisations_linked", gettext_lazy("Linked to a partner by their identifier")),
    ("matches_proposed", gettext_lazy("Matches with a partner proposed to the unit")),
    ("prospects_created", gettext_lazy("New prospect partners")),
    ("organisations_read", gettext_lazy("Organisations read (organisation file)")),
    ("organisations_updated", gettext_lazy("Organisations whose budgets were updated")),
    ("organisations_unchanged", gettext_lazy("Organisations unchanged (already imported)")),
    ("budgets", gettext_lazy("Published budgets and expenditure")),
    ("amounts", gettext_lazy("Amounts (budgets, planned disbursements, transactions)")),
    ("amounts_in_mad", gettext_lazy("Amounts converted to MAD at a dated rate")),
]


def sha256_of(file) -> str:
    """The checksum kept with a run: of an upload, a download or a file opened in binary mode, read
    from its start and left at its start."""
    digest = hashlib.sha256()
    file.seek(0)
    for block in iter(lambda: file.read(1 << 20), b""):
        digest.update(block)
    file.seek(0)
    return digest.hexdigest()


def record_request(*, actor, run) -> None:
    audit.record(
        actor=actor,
        action="iati.import.request",
        obj=run,
        after={"name": run.name, "size": run.size, "sha256": run.sha256, "source": run.source},
    )


def _word(template, params: dict) -> str:
    """The sentence in the reader's language, each value from the file escaped and isolated (<bdi>)."""
    values = {key: format_html("<bdi>{}</bdi>", value) for key, value in (params or {}).items()}
    try:
        return mark_safe(conditional_escape(str(template)) % values)  # noqa: S308 (escaped above)
    except (KeyError, TypeError, ValueError):
        return conditional_escape(str(template))


def refusal_text(code: str, params: dict) -> str:
    return _word(REFUSALS.get(code, REFUSALS["error"]), params or {"kind": code})


def worded(run) -> dict:
    """What the import page shows: the refusal, the counts, the problems, each in the reader's language."""
    from django.utils.translation import get_language

    counts = run.counts or {}
    language = get_language()
    rows = [(label, format_number(counts[key], language, 0)) for key, label in COUNTS if counts.get(key)]
    problems = [
        {
            "activity": problem.get("activity"),
            "text": _word(
                PROBLEMS.get(problem.get("code"), gettext_lazy("Problem %(code)s.")),
                {
                    "code": problem.get("code"),
                    **(problem.get("params") or {}),
                },
            ),
        }
        for problem in run.problems or []
    ]
    missing = sorted((counts.get("missing_rates") or {}).items())
    refusal = _word(REFUSALS[run.refusal], run.refusal_params) if run.refusal in REFUSALS else ""
    return {
        "refusal": refusal,
        "counts": rows,
        "problems": problems,
        "problems_more": max(0, run.problems_total - len(problems)),
        "missing_rates": missing,
        "note": _("Amounts without a rate stay in their currency and are left out of the totals in MAD.")
        if missing
        else "",
    }
