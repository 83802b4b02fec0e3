from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class DigestSent(models.Model):
    """One e-mail digest of a person's work, sent on one day (workspace/digest.py). The row is written in
    the transaction that schedules the e-mail on commit: a second run the same day finds it and sends
    nothing."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("person"),
        related_name="digests_sent",
        on_delete=models.CASCADE,
    )
    sent_on = models.DateField(_("sent on"))
    frequency = models.CharField(_("frequency"), max_length=8)
    items = models.PositiveIntegerField(_("items"))
    overdue = models.PositiveIntegerField(_("overdue"))
    language = models.CharField(_("language"), max_length=8)

    class Meta:
        verbose_name = _("digest sent")
        verbose_name_plural = _("digests sent")
        ordering = ["-sent_on", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["user", "sent_on"], name="workspace_digest_once_a_day")
        ]

    def __str__(self):
        return f"{self.user_id} {self.sent_on:%Y-%m-%d}"
