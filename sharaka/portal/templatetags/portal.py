from django import template
from django.conf import settings

register = template.Library()


@register.simple_tag
def portal_languages():
    """The portal's languages, each named in itself: العربية, Français, English, ⵜⴰⵎⴰⵣⵉⵖⵜ."""
    from django.utils.translation import get_language_info

    return [(code, get_language_info(code)["name_local"]) for code, _name in settings.PORTAL_LANGUAGES]


@register.filter
def sector_label(sector):
    """A project's DAC sector in the portal's language: its category in Tifinagh on the Tamazight portal."""
    from django.utils.translation import get_language

    from sharaka.portal.vocabulary import sector_label as label

    return label(sector, (get_language() or "").split("-")[0])


@register.filter
def breakable(name):
    """A column name (project_sector_codes) that may break after each underscore, and nowhere else."""
    from django.utils.html import conditional_escape
    from django.utils.safestring import mark_safe

    return mark_safe(conditional_escape(name).replace("_", "_<wbr>"))  # escaped first
