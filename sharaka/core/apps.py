from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop


class CoreConfig(AppConfig):
    name = "sharaka.core"
    label = "core"
    verbose_name = _("Core")


# Django 6.1's label for an empty choice has no Arabic in Django's own catalogue; ours supplies it
# (sharaka.core comes first in INSTALLED_APPS, so its catalogue wins).
gettext_noop("- Select an option -")
