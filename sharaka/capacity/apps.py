from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CapacityConfig(AppConfig):
    name = "sharaka.capacity"
    label = "capacity"
    verbose_name = _("Capacity building")
