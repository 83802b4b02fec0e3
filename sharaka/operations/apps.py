from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OperationsConfig(AppConfig):
    """Running Sharaka in production: the scheduler's runs, the background worker's heartbeat, e-mail
    sent by the worker, health checks, request logs, backups (docs/operations.md)."""

    name = "sharaka.operations"
    label = "operations"
    verbose_name = _("Operations")

    def ready(self):
        from sharaka.operations import checks  # noqa: F401  (registers the system checks)
