import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from sharaka.agreements import services
from sharaka.agreements.models import Agreement, CouncilSession
from sharaka.core.testing import make_organisation

# A Monday in a month without fixed holidays nearby; every test pins its own "today".
TODAY = datetime.date(2026, 3, 2)


def pdf(name="text.pdf"):
    return SimpleUploadedFile(name, b"%PDF-1.4 agreement test", content_type="application/pdf")


@pytest.fixture
def foreign_commune(db):
    return make_organisation(
        name_fr="Commune de Saint-Aubin-sur-Loire (fictive)",
        name_en="Commune of Saint-Aubin-sur-Loire (fictional)",
        name_ar="جماعة سان أوبان سور لوار (خيالية)",
        acronym="SASL",
        model="foreign_local_government",
        legal_type="foreign_local_authority",
        country="FR",
        iati_identifier="",
        iati_type="11",
    )


@pytest.fixture
def moroccan_body(db):
    return make_organisation(
        name_fr="Agence régionale d'exécution des projets",
        name_en="Regional project agency",
        name_ar="الوكالة الجهوية لتنفيذ المشاريع",
        acronym="AREP",
        model="national_public_body",
        legal_type="moroccan_public",
        country="MA",
        iati_identifier="",
        iati_type="10",
    )


@pytest.fixture
def foreign_state(db):
    return make_organisation(
        name_fr="République de Nulle-Part (fictive)",
        name_en="Republic of Nowhere (fictional)",
        name_ar="جمهورية اللامكان (خيالية)",
        acronym="RNP",
        model="bilateral_agency",
        legal_type="foreign_state",
        country="FR",
        iati_identifier="",
        iati_type="10",
    )


@pytest.fixture
def session(db):
    """An ordinary session opening 30 days after TODAY (so the agenda deadline is still ahead)."""
    return CouncilSession.objects.create(
        kind="ordinary",
        starts_on=datetime.date(2026, 5, 4),
        ends_on=datetime.date(2026, 5, 15),
        members_in_office=35,
    )


def make_agreement(actor, partner, **data) -> Agreement:
    defaults = {
        "kind": "twinning",
        "title_fr": "Jumelage Aourir – Saint-Aubin",
        "title_ar": "اتفاقية توأمة",
        "starts_on": datetime.date(2026, 7, 1),
        "duration_months": 36,
        "notice_months": 6,
        "owner": actor,
    }
    defaults.update(data)
    return services.agreement_create(actor=actor, data=defaults, partners=[partner])


def put_at(agreement: Agreement, status: str, session=None, **dates) -> Agreement:
    """Put an agreement straight at a state of its road, with what that state implies (tests only)."""
    Agreement.objects.filter(pk=agreement.pk).update(status=status, session=session, **dates)
    return Agreement.objects.get(pk=agreement.pk)


@pytest.fixture(autouse=True)
def english_outside_requests():
    """Services called directly speak English here; pages speak each persona's language (Arabic)."""
    from django.utils import translation

    with translation.override("en"):
        yield
