from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PartnerspaceConfig(AppConfig):
    name = "sharaka.partnerspace"
    label = "partnerspace"
    verbose_name = _("Partner workspace")
