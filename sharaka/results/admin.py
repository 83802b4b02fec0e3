from django.apps import apps

from sharaka.core.admin_readonly import register_read_only

# Results chains, updates, schedules and due reports change on the project's results pages, through
# the services that keep the update road, the locks and the ledger: the admin only shows them.
register_read_only(*apps.get_app_config("results").get_models())
