"""Opportunities for the catalogue's tests, built directly (the services are tested on their own)."""

import itertools

from django.core.files.base import ContentFile
from django.utils import timezone

from sharaka.promotion.expectations.catalogue import jpeg_bytes
from sharaka.promotion.models import Opportunity, Photo

_numbers = itertools.count(1)


def opportunity(owner, *, published=True, **overrides) -> Opportunity:
    """A complete opportunity, open and published unless told otherwise."""
    n = next(_numbers)
    values = {
        "code": f"opportunity-{n}",
        "kind": Opportunity.Kind.TOURISM,
        "title_ar": f"فرصة {n}",
        "title_fr": f"Opportunité {n}",
        "title_en": f"Opportunity {n}",
        "summary_ar": "ملخص",
        "summary_fr": "Résumé",
        "summary_en": "Summary",
        "latitude": "30.49200",
        "longitude": "-9.63700",
        "estimated_cost": "100000.00",
        "currency": "MAD",
        "partner_sought": Opportunity.PartnerSought.INVESTOR,
        "status": Opportunity.Status.OPEN,
        "owner": owner,
        "published_at": timezone.now() if published else None,
    }
    values.update(overrides)
    return Opportunity.objects.create(**values)


def photo(opportunity, uploaded_by, *, order=1, **overrides) -> Photo:
    values = {"caption_fr": f"Photo {order}", **overrides}
    made = Photo(
        opportunity=opportunity,
        sha256=f"{opportunity.pk:032d}{order:032d}",
        order=order,
        uploaded_by=uploaded_by,
        **values,
    )
    made.image.save("photo.jpg", ContentFile(jpeg_bytes(size=(1200, 800))), save=False)
    made.width, made.height = 1200, 800
    made.save()
    return made
