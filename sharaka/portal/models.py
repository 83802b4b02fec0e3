from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from sharaka.core.models import StatusHistory
from sharaka.core.money import MoneyField


class Inquiry(models.Model):
    """A citizen's question or feedback, with its road: received, in review, answered, closed.

    The sender's name, contact and address are personal data: never shown on the portal, never exported.
    """

    class Status(models.TextChoices):
        RECEIVED = "received", _("Received")
        IN_REVIEW = "in_review", _("In review")
        ANSWERED = "answered", _("Answered")
        CLOSED = "closed", _("Closed")

    reference = models.CharField(_("reference"), max_length=20, unique=True)
    project = models.ForeignKey(
        "projects.Project",
        verbose_name=_("project"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="inquiries",
    )
    name = models.CharField(_("name"), max_length=150, blank=True)
    contact = models.CharField(_("e-mail or phone"), max_length=150, blank=True)
    message = models.TextField(_("message"), max_length=4000)
    language = models.CharField(_("language"), max_length=8, default="ar")
    sender_address = models.GenericIPAddressField(null=True, blank=True)
    # What the rate limit counts: the IPv4 address, or the IPv6 address's /64 (sharaka/lib/client_ip.py).
    sender_network = models.CharField(max_length=45, blank=True, default="")
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.RECEIVED)
    received_at = models.DateTimeField(_("received"), auto_now_add=True)
    due_on = models.DateField(_("answer due"))
    answer = models.TextField(_("answer"), blank=True)
    answer_is_public = models.BooleanField(_("publish the answer with the project"), default=False)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("answered by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    answered_at = models.DateTimeField(_("answered"), null=True, blank=True)

    class Meta:
        verbose_name = _("citizen inquiry")
        verbose_name_plural = _("citizen inquiries")
        ordering = ["-received_at", "-id"]
        indexes = [
            models.Index(fields=["status", "due_on"]),
            models.Index(fields=["sender_network", "received_at"]),
        ]

    def __str__(self):
        return self.reference


class InquiryStatusChange(StatusHistory):
    """The road of an inquiry: who moved it, when, why (portal/pipeline.py). The sender is never named here."""

    inquiry = models.ForeignKey(
        Inquiry, verbose_name=_("citizen inquiry"), related_name="status_changes", on_delete=models.CASCADE
    )
    old_status = models.CharField(_("from"), max_length=16, choices=Inquiry.Status.choices, blank=True)
    new_status = models.CharField(_("to"), max_length=16, choices=Inquiry.Status.choices)

    class Meta(StatusHistory.Meta):
        verbose_name = _("inquiry status change")
        verbose_name_plural = _("inquiry history")


class ActivityFragment(models.Model):
    """One public project's `<iati-activity>` as written in the IATI activity file, kept so that the
    file is streamed from stored bytes instead of rebuilt element by element (`iati.fragments`).

    A fragment is served only while it is fresh: built for the same reporting organisation and site
    (`context`), on or before today and before `valid_until` (the first day its dates or transactions
    would show differently), and with no change in the audit ledger after `through` that touches its
    project. Anything else is rebuilt before the file is written."""

    project = models.OneToOneField(
        "projects.Project", primary_key=True, on_delete=models.CASCADE, related_name="+"
    )
    xml = models.BinaryField()
    through = models.BigIntegerField(default=0)  # the last audit entry the fragment has seen
    built_on = models.DateField()
    valid_until = models.DateField(null=True, blank=True)
    context = models.CharField(max_length=64)

    class Meta:
        verbose_name = _("IATI activity fragment")
        verbose_name_plural = _("IATI activity fragments")
        # The refresh reads which fragments are fresh (`fragments.stale`) from this index alone: on
        # SQLite, reading `through` from the table walks each row's stored bytes (0.13 s at region,
        # 0.02 s from the index).
        indexes = [
            models.Index(
                fields=["context", "built_on", "valid_until", "through"], name="portal_fragment_fresh"
            )
        ]

    def __str__(self):
        return f"{self.project_id} ({self.built_on})"


class ActivityBudgetYear(models.Model):
    """A fragment's budget in one budget (calendar) year, in MAD: its budget periods
    (`elements.budget_periods`, the same the activity shows) added up by year, written with the
    fragment. The organisation file's total budgets are their sum over the public projects."""

    fragment = models.ForeignKey(ActivityFragment, on_delete=models.CASCADE, related_name="budget_years")
    year = models.PositiveSmallIntegerField()
    amount_mad = MoneyField(default=0)

    class Meta:
        verbose_name = _("IATI activity budget year")
        verbose_name_plural = _("IATI activity budget years")
        constraints = [models.UniqueConstraint(fields=["fragment", "year"], name="portal_budget_year_unique")]

    def __str__(self):
        return f"{self.fragment_id} · {self.year}: {self.amount_mad}"
