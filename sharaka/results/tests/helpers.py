"""A small results chain on the world's project, made through the services."""

import datetime
from decimal import Decimal

from sharaka.results import services
from sharaka.results.models import Result, Update


def make_chain(project, actor, *, periods=1, measure="1", baseline=Decimal("0"), title="Ménages raccordés"):
    result = services.result_save(
        actor=actor, project=project, result=None, data={"type": Result.Type.OUTPUT, "title_fr": "Bornes"}
    )
    indicator = services.indicator_save(
        actor=actor,
        result=result,
        indicator=None,
        data={
            "title_fr": title,
            "title_ar": "الأسر المربوطة",
            "measure": measure,
            "baseline_value": baseline,
            "baseline_year": 2025 if baseline is not None else None,
        },
    )
    made = []
    for n in range(periods):
        made.append(
            services.period_save(
                actor=actor,
                indicator=indicator,
                period=None,
                data={
                    "start": datetime.date(2026 + n, 1, 1),
                    "end": datetime.date(2026 + n, 12, 31),
                    "target": Decimal(100 * (n + 1)),
                },
            )
        )
    return result, indicator, made


def update_in(period, actor, status, value=Decimal("40")):
    """An update of `period` standing at `status` (set directly: the road itself is tested elsewhere)."""
    update = services.update_save(actor=actor, period=period, update=None, data={"value": value})
    if status != "draft":
        Update.objects.filter(pk=update.pk).update(status=status)
        update.refresh_from_db()
    return update
