"""A complete, publishable project and the private things around it that must never leak."""

import datetime
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from sharaka.core.models import Locality, Theme
from sharaka.core.testing import make_organisation, make_project, share_project
from sharaka.projects.models import Document, ProjectSector

_counter = {"n": 0}


def locality(**overrides):
    data = {
        "name_ar": "تمراغت",
        "name_fr": "Tamraght",
        "name_en": "Tamraght",
        "name_zgh": "ⵜⴰⵎⵔⴰⵖⵜ",
        "kind": "village",
        "latitude": Decimal("30.513000"),
        "longitude": Decimal("-9.680000"),
    }
    data.update(overrides)
    return Locality.objects.create(**data)


def document(project, user, visibility="public", title="Rapport d'avancement", kind="report"):
    return Document.objects.create(
        project=project,
        title=title,
        kind=kind,
        visibility=visibility,
        file=SimpleUploadedFile("doc.pdf", b"%PDF-1.4 doc", content_type="application/pdf"),
        content_type="application/pdf",
        size=12,
        sha256="2" * 64,
        uploaded_by=user,
    )


def publishable_project(*, funder=None, place=None, published=True, **overrides):
    """A project every check accepts: summary, dates, sectors adding to 100, SDG, locality, partner."""
    _counter["n"] += 1
    data = {
        "code": f"AOU-P-{_counter['n']:03d}",
        "status": "in_implementation",
        "summary_ar": "تزويد الدواوير بالماء الصالح للشرب.",
        "summary_fr": "Eau potable pour les douars.",
        "planned_start": datetime.date(2026, 1, 1),
        "planned_end": datetime.date(2027, 12, 31),
        "actual_start": datetime.date(2026, 2, 1),
        "beneficiaries_women": 300,
    }
    data.update(overrides)
    project = make_project(**data)
    ProjectSector.objects.create(project=project, code="14030", percentage=60)
    ProjectSector.objects.create(project=project, code="14020", percentage=40)
    project.themes.add(
        Theme.objects.get(kind="sdg", code="6"), Theme.objects.get(kind="area", code="water_energy")
    )
    project.localities.add(place or locality())
    share_project(project, funder or make_organisation(acronym=f"F{_counter['n']}", iati_identifier=""))
    if published:
        project.published_at = timezone.now()
        project.save(update_fields=["published_at"])
    return project


def transaction(project, user, *, type="1", amount="50000.00", currency="EUR", value_date=None, **extra):
    """A finance transaction recorded directly (the finance services are tested in their app), with
    its running total counted as `finance.services.transaction_record` does."""
    from sharaka.finance import tally
    from sharaka.finance.models import Transaction

    data = {
        "project": project,
        "type": type,
        "provider": "Bailleur",
        "receiver": "Commune d'Aourir",
        "value_date": value_date or datetime.date(2026, 3, 1),
        "currency": currency,
        "amount": Decimal(amount),
        "rate": Decimal("10.800000"),
        "rate_date": datetime.date(2026, 3, 1),
        "rate_source": "Bank Al-Maghrib",
        "amount_mad": Decimal(amount) * Decimal("10.8"),
        "recorded_by": user,
    }
    data.update(extra)
    tx = Transaction.objects.create(**data)
    tally.add(tx)
    return tx


def _approver(officer):
    """Someone other than the officer who may approve a reported value: a president."""
    from sharaka.core.models import User
    from sharaka.core.roles import Role
    from sharaka.core.testing import make_user

    existing = User.objects.filter(role=Role.PRESIDENT, is_active=True).exclude(pk=officer.pk).first()
    return existing or make_user("approver-for-portal-tests", Role.PRESIDENT)


def results_chain(project, officer, *, approved="95", submitted="777"):
    """A results chain written through the results services, with one approved value and one
    submitted value (never public) on an ascending count, and a descending percentage behind its line:

    - outcome "Ménages desservis" (units, baseline 0 in 2025, targets 100 then 200): 95 approved
      for the first half of 2026 (on track), `submitted` waiting for approval in the second half;
    - output "Pertes d'eau" (percentage, descending, baseline 40, targets 35 then 25): 39 approved
      for the first half (off track).
    """
    from sharaka.results import services
    from sharaka.results.models import Result

    halves = [
        (datetime.date(2026, 1, 1), datetime.date(2026, 6, 30)),
        (datetime.date(2026, 7, 1), datetime.date(2026, 12, 31)),
    ]

    def indicator(result, data, targets):
        item = services.indicator_save(actor=officer, result=result, indicator=None, data=data)
        periods = [
            services.period_save(
                actor=officer,
                indicator=item,
                period=None,
                data={"start": start, "end": end, "target": Decimal(target)},
            )
            for (start, end), target in zip(halves, targets, strict=True)
        ]
        return item, periods

    def report(period, value, to):
        update = services.update_save(
            actor=officer, period=period, update=None, data={"value": Decimal(value)}
        )
        for status in to:
            # Four eyes: the officer submits, someone else approves (results/pipeline.py).
            actor = _approver(officer) if status == "approved" else officer
            update = services.update_move(actor=actor, update=update, to=status)
        return update

    outcome = services.result_save(
        actor=officer,
        project=project,
        result=None,
        data={"type": Result.Type.OUTCOME, "title_fr": "Accès à l'eau", "title_ar": "الولوج إلى الماء"},
    )
    served, served_periods = indicator(
        outcome,
        {
            "title_fr": "Ménages desservis",
            "title_ar": "الأسر المستفيدة",
            "measure": "1",
            "unit_fr": "ménages",
            "unit_ar": "أسرة",
            "baseline_value": Decimal("0"),
            "baseline_year": 2025,
        },
        ["100", "200"],
    )
    output = services.result_save(
        actor=officer, project=project, result=None, data={"type": Result.Type.OUTPUT, "title_fr": "Réseau"}
    )
    losses, losses_periods = indicator(
        output,
        {
            "title_fr": "Pertes d'eau",
            "measure": "2",
            "ascending": False,
            "baseline_value": Decimal("40"),
            "baseline_year": 2025,
        },
        ["35", "25"],
    )
    report(served_periods[0], approved, ["submitted", "approved"])
    report(served_periods[1], submitted, ["submitted"])
    report(losses_periods[0], "39", ["submitted", "approved"])
    return {"outcome": outcome, "output": output, "served": served, "losses": losses}
