"""Small factories for the events tests: an event, a sponsor organisation, an opportunity."""

import datetime
import io
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from sharaka.core.testing import make_organisation
from sharaka.promotion.models import Event, Opportunity, Photo, Sponsorship


def make_event(**overrides) -> Event:
    data = {
        "title_ar": "مهرجان أورير للشعر الأمازيغي",
        "title_fr": "Festival de poésie amazighe d'Aourir",
        "title_en": "Aourir Amazigh poetry festival",
        "edition": 14,
        "starts_on": datetime.date(2027, 7, 10),
        "ends_on": datetime.date(2027, 7, 12),
        "place": "Place de la commune",
    }
    data.update(overrides)
    return Event.objects.create(**data)


def make_sponsor(n: int, **overrides):
    data = {
        "name_fr": f"Sponsor {n}",
        "name_en": f"Sponsor {n}",
        "name_ar": f"راعٍ {n}",
        "acronym": f"SP{n}",
        "iati_identifier": f"XM-SP-{n}",
    }
    data.update(overrides)
    return make_organisation(**data)


def sponsor(event, organisation, user, **overrides) -> Sponsorship:
    data = {
        "amount": Decimal("10000.00"),
        "currency": "MAD",
        "agreed_on": datetime.date(2027, 5, 1),
        "in_kind": "",
        "given_back": "",
        "is_public": True,
    }
    data.update(overrides)
    return Sponsorship.objects.create(event=event, organisation=organisation, recorded_by=user, **data)


def make_opportunity(owner, code, **overrides) -> Opportunity:
    data = {
        "code": code,
        "kind": Opportunity.Kind.TOURISM,
        "title_ar": f"فرصة {code}",
        "title_fr": f"Opportunité {code}",
        "title_en": f"Opportunity {code}",
        "partner_sought": Opportunity.PartnerSought.INVESTOR,
        "status": Opportunity.Status.OPEN,
        "published_at": timezone.now(),
        "owner": owner,
    }
    data.update(overrides)
    return Opportunity.objects.create(**data)


def add_photo(opportunity, owner) -> Photo:
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (800, 500), (30, 120, 180)).save(out, format="JPEG")
    return Photo.objects.create(
        opportunity=opportunity,
        image=SimpleUploadedFile("sea.jpg", out.getvalue(), content_type="image/jpeg"),
        sha256="0" * 64,
        uploaded_by=owner,
    )
