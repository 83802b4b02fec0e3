"""{{ value|indicator_value }}: an indicator's value as the reader's language writes numbers (Western
digits), without decimals when it has none; {{ progress|ratio_percent }}: a progress ratio as a percentage."""

from decimal import Decimal

from babel.numbers import format_decimal
from django import template
from django.utils import translation

register = template.Library()

_LOCALES = {"ar": "ar_MA", "fr": "fr_MA", "en": "en", "zgh": "fr_MA"}


def format_value(value, language: str | None = None) -> str:
    if value is None or value == "":
        return "—"
    value = Decimal(value)
    language = (language or translation.get_language() or "ar").split("-")[0]
    pattern = "#,##0" if value == value.to_integral_value() else "#,##0.00"
    number = format_decimal(value, format=pattern, locale=_LOCALES.get(language, "en"))
    return number.replace("\u200f", "").replace("\u200e", "").replace("\u061c", "")


@register.filter
def indicator_value(value):
    return format_value(value)


@register.filter
def ratio_percent(ratio):
    """1.05 → "105"; None → "—"."""
    if ratio is None:
        return "—"
    return format_value((Decimal(ratio) * 100).quantize(Decimal(1)))


@register.simple_tag
def results_summary(project):
    """{% results_summary project as summary %}: on_track, measured and indicators of the project."""
    from sharaka.results.chain import project_share

    on_track, measured, indicators = project_share(project)
    return {"on_track": on_track, "measured": measured, "indicators": indicators}
