"""Personal API tokens (docs/api.md): a user makes one per tool (a spreadsheet, a dashboard, a mobile
form), sees it once, and revokes it when the tool is gone. Only the token's SHA-256 is kept; the
token itself is 40 random bytes, so a fast hash is enough (nothing to guess, unlike a password)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ApiTokenQuerySet(models.QuerySet):
    def live(self):
        return self.filter(revoked_at__isnull=True)


class ApiToken(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.PROTECT, related_name="api_tokens"
    )
    name = models.CharField(
        _("name"), max_length=80, help_text=_("What uses it, for example “Finance spreadsheet”.")
    )
    # The first characters, shown in the list so the owner can tell two tokens apart.
    prefix = models.CharField(_("begins with"), max_length=12)
    digest = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)

    objects = ApiTokenQuerySet.as_manager()

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return f"{self.name} ({self.prefix}…)"
