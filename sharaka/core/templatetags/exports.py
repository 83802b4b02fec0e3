"""{% export_url "csv" %}: the page's own address with its filters, asking for the export instead."""

from django import template

register = template.Library()


@register.simple_tag(takes_context=True)
def export_url(context, kind):
    query = context["request"].GET.copy()
    query.pop("page", None)
    query["export"] = kind
    return "?" + query.urlencode()
