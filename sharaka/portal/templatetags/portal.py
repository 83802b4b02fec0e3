from django import template
from django.conf import settings

register = template.Library()


@register.simple_tag
def portal_languages():
    """The portal's languages, each named in itself: العربية, Français, English, ⵜⴰⵎⴰⵣⵉⵖⵜ."""
    from django.utils.translation import get_language_info

    return [(code, get_language_info(code)["name_local"]) for code, _name in settings.PORTAL_LANGUAGES]


@register.filter
def plain_value(value):
    """An indicator's value as its shortest exact text (120, 12.5), "" for none."""
    from sharaka.portal.chains import plain

    return plain(value)
