from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SustainabilityConfig(AppConfig):
    name = "sharaka.sustainability"
    label = "sustainability"
    verbose_name = _("Sustainability")

    def ready(self):
        # The project pipeline consults this app's guards through the projects' own registry
        # (projects/hooks.py), so projects never imports sustainability.
        from sharaka.projects import hooks
        from sharaka.sustainability import guards

        hooks.register_guard(guards.check_move)
        hooks.register_after_move(guards.after_move)
        # The results app's two rules (indicators off track, reports overdue), when it is installed.
        from django.apps import apps

        if apps.is_installed("sharaka.results"):
            from sharaka.sustainability import results_rules  # noqa: F401 (registers the rules)
