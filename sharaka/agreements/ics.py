"""A personal iCalendar feed (RFC 5545), written by hand: CRLF line ends, escaped text, folded lines,
UTC DTSTAMP, all-day events for deadlines."""

import datetime

from django.utils import timezone
from django.utils.translation import gettext as _

from sharaka.agreements.models import Agreement, Obligation, PlanAction, holidays_around
from sharaka.agreements.pipeline import ENDS
from sharaka.core.multilingual import best

DEADLINE_LABELS = {
    "session": lambda: _("Council session opens"),
    "transmission": lambda: _("Transmission to the Governor due"),
    "objection": lambda: _("End of the Governor's objection window"),
    "visa": lambda: _("Visa deadline (silence is a visa)"),
    "posting": lambda: _("Posting of the decision due"),
}


def escape(text: str) -> str:
    return (
        str(text)
        .replace("\\", "\\\\")
        .replace(";", "\\;")
        .replace(",", "\\,")
        .replace("\r\n", "\\n")
        .replace("\n", "\\n")
    )


def fold(line: str) -> str:
    """Lines longer than 75 octets are folded (RFC 5545 §3.1), never inside a UTF-8 character."""
    out, current = [], b""
    for char in line:
        encoded = char.encode()
        if len(current) + len(encoded) > (75 if not out else 74):
            out.append(current.decode())
            current = b""
        current += encoded
    out.append(current.decode())
    return "\r\n ".join(out)


def _event(uid: str, day: datetime.date, summary: str, description: str, stamp: str) -> list[str]:
    return [
        "BEGIN:VEVENT",
        f"UID:{uid}",
        f"DTSTAMP:{stamp}",
        f"DTSTART;VALUE=DATE:{day:%Y%m%d}",
        f"DTEND;VALUE=DATE:{day + datetime.timedelta(days=1):%Y%m%d}",
        f"SUMMARY:{escape(summary)}",
        f"DESCRIPTION:{escape(description)}",
        "END:VEVENT",
    ]


def deadlines_of(user) -> list[tuple[str, datetime.date, str, str]]:
    """(uid, day, summary, description) of every deadline the user owns."""
    items = []
    for o in Obligation.objects.filter(owner=user, state=Obligation.State.OPEN).select_related("agreement"):
        items.append((f"obligation-{o.pk}@sharaka.aourir", o.due_on, o.title, str(o.agreement)))
    for action in (
        PlanAction.objects.filter(owner=user).exclude(state=PlanAction.State.DONE).select_related("agreement")
    ):
        items.append(
            (f"plan-action-{action.pk}@sharaka.aourir", action.due_on, action.title, str(action.agreement))
        )
    today = timezone.localdate()
    holidays = holidays_around(today)
    owned = Agreement.objects.filter(owner=user).exclude(status__in=ENDS).select_related("session")
    for agreement in owned.prefetch_related("parties__organisation"):
        found = agreement.next_deadline(holidays)
        if found:
            what, day = found
            items.append(
                (
                    f"agreement-{agreement.pk}-{what}@sharaka.aourir",
                    day,
                    DEADLINE_LABELS[what](),
                    str(agreement),
                )
            )
    from sharaka.partners.models import FollowUp  # the user's open follow-ups with partners

    follow_ups = FollowUp.objects.filter(owner=user, done_at__isnull=True).select_related(
        "interaction__organisation"
    )
    for follow_up in follow_ups:
        items.append(
            (
                f"follow-up-{follow_up.pk}@sharaka.aourir",
                follow_up.due_date,
                _("Follow-up: %(what)s") % {"what": follow_up.description},
                best(follow_up.interaction.organisation, "name"),
            )
        )
    from sharaka.results import schedules  # the reports the user owes (results app)

    items += schedules.calendar_items(user)
    from sharaka.funding import reminders  # the next deadline of the funding applications the user follows

    items += reminders.calendar_items(user)
    return sorted(items, key=lambda item: (item[1], item[0]))


def calendar_for(user) -> str:
    stamp = timezone.now().astimezone(datetime.UTC).strftime("%Y%m%dT%H%M%SZ")
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//Commune of Aourir//Sharaka agreements//EN",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        "X-WR-CALNAME:" + escape(_("Sharaka deadlines")),
    ]
    for uid, day, summary, description in deadlines_of(user):
        lines += _event(uid, day, summary, description, stamp)
    lines.append("END:VCALENDAR")
    return "".join(fold(line) + "\r\n" for line in lines)
