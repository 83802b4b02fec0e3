from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FinanceConfig(AppConfig):
    name = "sharaka.finance"
    label = "finance"
    verbose_name = _("Finance")

    def ready(self):
        from sharaka.finance import totals
        from sharaka.projects import hooks

        hooks.register_after_themes(totals.themes_set)
