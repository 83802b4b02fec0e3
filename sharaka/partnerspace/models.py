"""What a partner sends the commune: a document against an obligation of its agreement, reviewed by the
unit (submitted → accepted or returned), and a message thread per project between the partner and the
unit. Nothing here is public until the unit accepts a document and marks it public."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from sharaka.core.models import StatusHistory


class Submission(models.Model):
    """A report or document a partner uploads against an obligation of an agreement it is party to."""

    class Status(models.TextChoices):
        SUBMITTED = "submitted", _("Submitted, awaiting review")
        ACCEPTED = "accepted", _("Accepted")
        RETURNED = "returned", _("Returned to the partner")

    obligation = models.ForeignKey(
        "agreements.Obligation",
        verbose_name=_("obligation"),
        related_name="submissions",
        on_delete=models.PROTECT,
    )
    organisation = models.ForeignKey(
        "partners.Organisation",
        verbose_name=_("organisation"),
        related_name="submissions",
        on_delete=models.PROTECT,
    )
    title = models.CharField(_("title"), max_length=200)
    note = models.TextField(_("note to the unit"), blank=True)
    file = models.FileField(_("file"), upload_to="partnerspace/%Y/%m/")
    file_name = models.CharField(max_length=120)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.SUBMITTED)
    is_public = models.BooleanField(
        _("public"), default=False, help_text=_("Shown on the public portal once accepted.")
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("submitted by"), on_delete=models.PROTECT, related_name="+"
    )
    submitted_at = models.DateTimeField(_("submitted"), auto_now_add=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reviewed by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    reviewed_at = models.DateTimeField(_("reviewed"), null=True, blank=True)
    review_note = models.TextField(_("review note"), blank=True)
    document = models.OneToOneField(
        "agreements.AgreementDocument",
        verbose_name=_("document of the agreement"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="submission",
    )

    class Meta:
        verbose_name = _("partner submission")
        verbose_name_plural = _("partner submissions")
        ordering = ["-submitted_at", "-id"]
        indexes = [models.Index(fields=["status", "submitted_at"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(is_public=False) | models.Q(status="accepted"),
                name="submission_public_only_when_accepted",
            ),
        ]

    def __str__(self):
        return self.title


class SubmissionStatusChange(StatusHistory):
    submission = models.ForeignKey(
        Submission, verbose_name=_("submission"), related_name="status_changes", on_delete=models.CASCADE
    )
    old_status = models.CharField(_("from"), max_length=12, choices=Submission.Status.choices, blank=True)
    new_status = models.CharField(_("to"), max_length=12, choices=Submission.Status.choices)

    class Meta(StatusHistory.Meta):
        pass


class Thread(models.Model):
    """The conversation between one partner organisation and the unit about one project."""

    project = models.ForeignKey(
        "projects.Project",
        verbose_name=_("project"),
        related_name="partner_threads",
        on_delete=models.PROTECT,
    )
    organisation = models.ForeignKey(
        "partners.Organisation",
        verbose_name=_("organisation"),
        related_name="threads",
        on_delete=models.PROTECT,
    )
    last_message_at = models.DateTimeField(_("last message"), null=True, blank=True)
    awaiting_unit = models.BooleanField(_("awaiting the unit's answer"), default=False)

    class Meta:
        verbose_name = _("message thread")
        verbose_name_plural = _("message threads")
        ordering = ["-last_message_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["project", "organisation"], name="partner_thread_unique"),
        ]

    def __str__(self):
        return f"{self.project} — {self.organisation}"


class Message(models.Model):
    thread = models.ForeignKey(
        Thread, verbose_name=_("thread"), related_name="messages", on_delete=models.PROTECT
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("author"), on_delete=models.PROTECT, related_name="+"
    )
    from_partner = models.BooleanField(_("from the partner"))
    body = models.TextField(_("message"))
    sent_at = models.DateTimeField(_("sent"), auto_now_add=True)

    class Meta:
        verbose_name = _("message")
        verbose_name_plural = _("messages")
        ordering = ["sent_at", "id"]

    def __str__(self):
        return self.body[:60]
