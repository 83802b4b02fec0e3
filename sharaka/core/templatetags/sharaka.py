from django import template
from django.utils import translation
from django.utils.html import format_html

from sharaka.core import multilingual
from sharaka.lib import text
from sharaka.lib.money import format_amount

register = template.Library()


@register.filter
def money(amount, currency="MAD"):
    """{{ amount|money:"EUR" }}: the amount formatted for the active language."""
    return format_amount(amount, currency or "MAD", translation.get_language() or "ar")


@register.filter
def best(obj, base):
    """{{ project|best:"title" }}: the text in the reader's language, or the best available."""
    return multilingual.best(obj, base)


@register.filter
def best_lang(obj, base):
    """The language code of what `best` returns, for a lang attribute."""
    return multilingual.best_language(obj, base) or translation.get_language()


@register.filter
def role_label(user):
    """{{ user|role_label }}: the user's role, feminine or masculine as the person is (User.gender)."""
    from sharaka.core.roles import role_label as label

    return label(user)


@register.filter
def rate_source(source):
    """{{ tx.rate_source|rate_source }}: a rate's source in the reader's language when Sharaka wrote it."""
    from sharaka.core.codelists import rate_source_label

    return rate_source_label(source)


@register.filter
def percent_of(part, whole):
    try:
        return max(0, min(100, round(100 * float(part) / float(whole))))
    except (TypeError, ValueError, ZeroDivisionError):
        return 0


@register.filter
def bar_class(part, whole):
    """A CSS class for a bar's width in steps of 5 % ("w-35"): the CSP forbids inline styles."""
    pct = percent_of(part, whole)
    step = 5 * round(pct / 5)
    if pct > 0 and step == 0:
        step = 5
    return f"w-{step}"


@register.simple_tag(takes_context=True)
def page_query(context, param, number):
    """The current query string with one page parameter set: `?late_page=2&…` (several paged lists
    on one page each keep their own parameter)."""
    query = context["request"].GET.copy()
    query[param] = number
    return "?" + query.urlencode()


@register.filter
def bdi(value):
    """{{ partner.name_fr|bdi }}: user data, a code or a reference isolated from the text around it,
    so Latin words inside an Arabic sentence keep their order and their brackets (`<bdi>`, escaped).
    Nothing for an empty value, so "—" placeholders stay outside."""
    if value is None or value == "":
        return ""
    return format_html("<bdi>{}</bdi>", value)


@register.filter(is_safe=True)
def isolate(value):
    """{{ project.code|isolate }} where HTML cannot go (a page's <title>, an attribute, plain text):
    the value between FIRST STRONG ISOLATE and POP DIRECTIONAL ISOLATE (U+2068, U+2069), the plain-text
    twin of `bdi`. Nothing for an empty value."""
    return text.isolate(value)
