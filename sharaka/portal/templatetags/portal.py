from django import template
from django.conf import settings

register = template.Library()


@register.simple_tag
def portal_languages():
    """The portal's languages, each named in itself: العربية, Français, English, ⵜⴰⵎⴰⵣⵉⵖⵜ."""
    from django.utils.translation import get_language_info

    return [(code, get_language_info(code)["name_local"]) for code, _name in settings.PORTAL_LANGUAGES]
