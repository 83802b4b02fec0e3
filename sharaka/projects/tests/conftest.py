import datetime
from decimal import Decimal

import pytest


@pytest.fixture
def localities(db):
    from sharaka.core.models import Locality

    def place(fr, ar, kind, lat, lon):
        return Locality.objects.create(
            name_fr=fr, name_ar=ar, name_en=fr, kind=kind, latitude=Decimal(lat), longitude=Decimal(lon)
        )

    return [
        place("Aourir centre", "أورير المركز", "centre", "30.4920", "-9.6370"),
        place("Tamraght", "تامراغت", "village", "30.5100", "-9.6800"),
        place("Imi Miki", "إيمي ميكي", "douar", "30.5300", "-9.6200"),
    ]


@pytest.fixture
def today():
    return datetime.date(2026, 12, 1)
