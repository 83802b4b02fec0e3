"""Django's admin site, with what third-party apps register made safe once every admin is discovered.

Listed in INSTALLED_APPS instead of `django.contrib.admin`: the sign-in log of django-axes becomes
read-only (an administrator unlocks a person from the users' list, which the ledger records), and the
second-factor devices of django-otp are not shown at all (they hold secrets; a person sets up their
own, an administrator resets a lost one from the users' list, audited).
"""

from django.contrib import admin
from django.contrib.admin.apps import AdminConfig as DjangoAdminConfig


class AdminConfig(DjangoAdminConfig):
    def ready(self):
        super().ready()  # autodiscover: every app's admin.py, third parties' included
        from axes.models import AccessAttempt, AccessFailureLog, AccessLog
        from django_otp.plugins.otp_static.models import StaticDevice
        from django_otp.plugins.otp_totp.models import TOTPDevice

        from sharaka.core.admin_readonly import register_read_only

        for model in (AccessAttempt, AccessFailureLog, AccessLog, StaticDevice, TOTPDevice):
            if admin.site.is_registered(model):
                admin.site.unregister(model)
        register_read_only(AccessAttempt, AccessFailureLog, AccessLog)
