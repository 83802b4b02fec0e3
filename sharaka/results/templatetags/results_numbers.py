"""{{ value|indicator_value }}: an indicator's value written the way the active language writes numbers."""

from django import template
from django.utils.translation import get_language

from sharaka.results.narrative import format_value

register = template.Library()


@register.filter
def indicator_value(value):
    return format_value(value, get_language())
