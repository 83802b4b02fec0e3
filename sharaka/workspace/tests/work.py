"""One item of every kind, each with a known person whose it is (tests of "My work" and the digest)."""

import datetime
from decimal import Decimal

from django.utils import timezone

# A Monday: weekly digests go out on it.
TODAY = datetime.date(2026, 12, 7)
DAY = datetime.timedelta(days=1)


def freeze(monkeypatch, day: datetime.date = TODAY) -> datetime.date:
    monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: day)
    return day


def make_work(world, suffix: str = "") -> dict:
    """Items named by what they say; world.follow_up (the officer's, due 3 December) is overdue."""
    from sharaka.agreements.models import Agreement, Obligation
    from sharaka.finance.models import Funder, Tranche
    from sharaka.partners.models import FollowUp
    from sharaka.portal.models import Inquiry
    from sharaka.results.models import DueReport, ReportingSchedule

    p = world.personas
    follow_up = lambda who, what, day: FollowUp.objects.create(  # noqa: E731
        interaction=world.interaction, description=what, owner=who, due_date=day
    )
    follow_up(p.officer, "Appeler le PNUD", TODAY + 5 * DAY)
    follow_up(p.officer, "Relancer plus tard", TODAY + 60 * DAY)  # beyond the horizon
    follow_up(p.manager, "Visiter le chantier", TODAY + 2 * DAY)
    done = follow_up(p.officer, "Déjà fait", TODAY - 9 * DAY)
    FollowUp.objects.filter(pk=done.pk).update(done_at=timezone.now())

    agreement = Agreement.objects.create(
        kind="cooperation", title_fr="Convention eau potable", starts_on=TODAY, owner=p.manager
    )
    Obligation.objects.create(
        agreement=agreement,
        kind="report",
        title="Rapport annuel au bailleur",
        due_on=TODAY + 10 * DAY,
        owner=p.officer,
    )
    Obligation.objects.create(  # no owner: the agreement's responsible officer's
        agreement=agreement, kind="tranche", title="Appel de la deuxième tranche", due_on=TODAY - 4 * DAY
    )
    Obligation.objects.create(
        agreement=agreement,
        kind="event",
        title="Visite annulée",
        due_on=TODAY,
        owner=p.officer,
        state="cancelled",
    )

    fondation = Funder.objects.create(
        project=world.project, kind="other", name="Fondation Atlas", cash=Decimal("10")
    )
    commune = Funder.objects.create(
        project=world.project, kind="commune", name="Commune Tiznit", cash=Decimal("10")
    )
    Tranche.objects.create(
        project=world.project,
        funder=fondation,
        expected_on=TODAY - 40 * DAY,
        currency="MAD",
        amount=Decimal("5000"),
        owner=p.finance,
    )
    Tranche.objects.create(  # no owner: the project's manager's
        project=world.project,
        funder=commune,
        expected_on=TODAY - 50 * DAY,
        currency="MAD",
        amount=Decimal("700"),
    )
    Tranche.objects.create(  # not late yet (finance's rule: 30 days)
        project=world.project,
        funder=fondation,
        expected_on=TODAY - 5 * DAY,
        currency="MAD",
        amount=Decimal("9"),
        owner=p.finance,
    )

    Inquiry.objects.create(reference="INQ-2026-0042" + suffix, message="Quand ?", due_on=TODAY + 3 * DAY)
    Inquiry.objects.create(
        reference="INQ-2026-0007" + suffix, message="Déjà répondu", due_on=TODAY, status="answered"
    )

    schedule = ReportingSchedule.objects.create(
        project=world.project,
        frequency="quarterly",
        starts_on=datetime.date(2026, 7, 1),
        days_to_report=60,
        responsible=p.manager,
    )
    DueReport.objects.create(
        schedule=schedule,
        period_start=datetime.date(2026, 7, 1),
        period_end=datetime.date(2026, 9, 30),
        due_on=TODAY - DAY,
    )
    return {"agreement": agreement, "schedule": schedule}
