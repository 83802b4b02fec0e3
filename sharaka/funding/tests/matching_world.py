"""Small worlds for the matching tests: calls with one stage, projects with a budget and a plan."""

import datetime
from decimal import Decimal

from django.utils import timezone

from sharaka.core.models import Theme
from sharaka.core.testing import make_organisation, make_project
from sharaka.funding.models import Call, CallSector, CallStage, MatchingWeights
from sharaka.funding.testing import TODAY

_counter = {"n": 0}


def freeze(monkeypatch, day: datetime.date = TODAY) -> datetime.date:
    monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: day)
    return day


def theme(kind: str, code: str) -> Theme:
    return Theme.objects.get_or_create(kind=kind, code=code)[0]


def org(acronym: str, **overrides):
    from sharaka.partners.models import Organisation

    data = {
        "name_fr": f"Organisation {acronym}",
        "name_en": f"Organisation {acronym}",
        "name_ar": f"منظمة {acronym}",
        "acronym": acronym,
        "model": Organisation.Model.BILATERAL_AGENCY,
        "legal_type": Organisation.LegalType.FOREIGN_PUBLIC_AGENCY,
        "country": "DE",
        "iati_identifier": "",
        "iati_type": "",
        "stage": Organisation.Stage.PROSPECT,
    }
    data.update(overrides)
    return make_organisation(**data)


def call(funder, *, days=120, kind=CallStage.Kind.FULL_PROPOSAL, themes=(), sectors=(), **fields) -> Call:
    """A call open since a month, with one stage due in `days` days (None: no stage)."""
    _counter["n"] += 1
    data = {
        "reference": f"C-{_counter['n']}",
        "title_en": f"Call {_counter['n']}",
        "commune_role": Call.CommuneRole.LEAD,
        "currency": "MAD",
        "opens_on": TODAY - datetime.timedelta(days=30),
    }
    data.update(fields)
    made = Call.objects.create(funder=funder, **data)
    if days is not None:
        CallStage.objects.create(call=made, kind=kind, deadline=TODAY + datetime.timedelta(days=days))
    for t in themes:
        made.themes.add(t)
    for code in sectors:
        CallSector.objects.create(call=made, code=code)
    return made


def project(**fields):
    _counter["n"] += 1
    data = {"code": f"AOU-M-{_counter['n']:03d}", "pac_reference": "PAC-2026-01"}
    data.update(fields)
    return make_project(**data)


def plan_row(project, kind, *, cash="0", in_kind="0", organisation=None):
    from sharaka.finance.models import Funder

    return Funder.objects.create(
        project=project,
        kind=kind,
        organisation=organisation,
        name="" if organisation else kind,
        currency="MAD",
        cash=Decimal(cash),
        in_kind=Decimal(in_kind),
        cash_mad=Decimal(cash),
        in_kind_mad=Decimal(in_kind),
    )


def budget(project, amount, funder_row=None):
    """One budget line of `amount` MAD (on a commune row of zero when no row is given)."""
    from sharaka.finance.models import BudgetLine

    row = funder_row or plan_row(project, "other")
    return BudgetLine.objects.create(
        project=project, category="works", funder=row, amount_mad=Decimal(amount)
    )


def rate(currency, value, day=TODAY - datetime.timedelta(days=3)):
    from sharaka.finance.models import ExchangeRate

    return ExchangeRate.objects.create(
        currency=currency, date=day, rate=Decimal(value), source="Bank Al-Maghrib"
    )


def weights(**parts) -> MatchingWeights:
    """Only the parts given count."""
    values = {part: parts.get(part, 0) for part in MatchingWeights.PARTS}
    return MatchingWeights.objects.update_or_create(pk=1, defaults=values)[0]


def part(match, key):
    return next(p for p in match.parts if p.key == key)
