"""A small results chain for the bulk update and narrative report tests (not a test module)."""

import datetime
import io
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile

from sharaka.core.testing import make_project
from sharaka.results import services
from sharaka.results.models import Result


def make_chain(world):
    """On the world's project: a count (two periods, one locked), a percentage, a qualitative
    indicator; and another project's period, which the world's project must never reach."""
    officer = world.personas.officer
    output = services.result_save(
        actor=officer,
        project=world.project,
        result=None,
        data={"type": Result.Type.OUTPUT, "title_fr": "Réseau d'eau", "title_ar": "شبكة الماء"},
    )

    def indicator(**data):
        return services.indicator_save(actor=officer, result=output, indicator=None, data=data)

    def period(ind, start, end, target=None):
        return services.period_save(
            actor=officer,
            indicator=ind,
            period=None,
            data={"start": start, "end": end, "target": target},
        )

    households = indicator(
        title_fr="Ménages raccordés",
        title_ar="الأسر المرتبطة بالشبكة",
        title_en="Households connected",
        unit_fr="ménages",
        unit_ar="أسرة",
        measure="1",
        baseline_value=Decimal("0"),
        baseline_year=2025,
    )
    share = indicator(title_fr="Taux de couverture", title_ar="نسبة التغطية", measure="2")
    quality = indicator(title_fr="Qualité du service", title_ar="جودة الخدمة", measure="5")
    q1 = period(households, datetime.date(2026, 1, 1), datetime.date(2026, 3, 31), Decimal("100"))
    q2 = period(households, datetime.date(2026, 4, 1), datetime.date(2026, 6, 30), Decimal("200"))
    pct = period(share, datetime.date(2026, 1, 1), datetime.date(2026, 6, 30), Decimal("80"))
    qual = period(quality, datetime.date(2026, 1, 1), datetime.date(2026, 6, 30))
    locked = period(households, datetime.date(2025, 7, 1), datetime.date(2025, 12, 31), Decimal("50"))
    services.period_lock(actor=officer, period=locked)

    other = make_project(code="AOU-T-099", title_fr="Autre projet", manager=world.personas.other_manager)
    other_result = services.result_save(
        actor=officer, project=other, result=None, data={"type": "1", "title_fr": "Autre"}
    )
    other_indicator = services.indicator_save(
        actor=officer, result=other_result, indicator=None, data={"title_fr": "Autre", "measure": "1"}
    )
    foreign = period(other_indicator, datetime.date(2026, 1, 1), datetime.date(2026, 6, 30))
    return {
        "households": households,
        "share": share,
        "quality": quality,
        "q1": q1,
        "q2": q2,
        "pct": pct,
        "qual": qual,
        "locked": locked,
        "foreign": foreign,
    }


def xlsx(rows, name="updates.xlsx") -> SimpleUploadedFile:
    from openpyxl import Workbook

    wb = Workbook()
    for row in rows:
        wb.active.append(list(row))
    out = io.BytesIO()
    wb.save(out)
    return SimpleUploadedFile(name, out.getvalue())


def xlsx_bytes(rows) -> bytes:
    return xlsx(rows).read()
