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
