"""What keeps a project alive after the donor leaves: its plan, recurrent costs and who pays them,
the evidence, the post-support checks, the risk register, and the early warnings computed daily.

Every row is written by `services.py` (audited) or, for warnings, by the daily task (`warnings.py`).
"""

import os
from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from sharaka.core.models import StatusHistory
from sharaka.core.money import MoneyField, PercentField

DEFAULT_THRESHOLD = Decimal("80.00")


class SustainabilitySettings(models.Model):
    """One row: the unit's rules. `coverage_threshold`: the share of yearly recurrent costs with a
    confirmed payer below which a project may not close without the president's recorded reason."""

    coverage_threshold = PercentField(
        _("coverage threshold (%)"),
        default=DEFAULT_THRESHOLD,
        help_text=_(
            "A project may close only when at least this share of its yearly recurrent costs has a "
            "confirmed payer, unless the president records why."
        ),
    )
    version = models.PositiveIntegerField(default=1, editable=False)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("sustainability settings")
        verbose_name_plural = _("sustainability settings")
        constraints = [
            models.CheckConstraint(
                condition=Q(coverage_threshold__gte=0, coverage_threshold__lte=100),
                name="sustainability_threshold_range",
            )
        ]

    def __str__(self):
        return str(_("Sustainability settings"))

    @classmethod
    def current(cls) -> "SustainabilitySettings":
        """The row, or the defaults while the unit has not saved it yet (reading writes nothing)."""
        return cls.objects.filter(pk=1).first() or cls(pk=1)


class Plan(models.Model):
    class Maintainer(models.TextChoices):
        COMMUNE_SERVICE = "commune_service", _("A service of the commune")
        ASSOCIATION = "association", _("An association")
        OPERATOR = "operator", _("An operator")
        COOPERATIVE = "cooperative", _("A cooperative")

    project = models.OneToOneField(
        "projects.Project",
        verbose_name=_("project"),
        related_name="sustainability_plan",
        on_delete=models.PROTECT,
    )
    exit_strategy = models.TextField(
        _("exit strategy"), help_text=_("How the project's results are kept once the donor's support ends.")
    )
    handover_on = models.DateField(_("handover date"), null=True, blank=True)
    maintainer_kind = models.CharField(
        _("who maintains the asset"), max_length=20, choices=Maintainer.choices
    )
    maintainer_name = models.CharField(
        _("name of the maintainer"), max_length=200, help_text=_("For example: the commune's water service.")
    )
    no_recurrent_cost = models.BooleanField(
        _("the asset has no recurrent cost"),
        default=False,
        help_text=_("Tick only if nothing needs paying once the project ends; the coverage is then 100%."),
    )
    # The president's recorded reason to close the project below the unit's coverage threshold.
    waiver_reason = models.TextField(_("president's reason to close below the threshold"), blank=True)
    waived_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    waived_at = models.DateTimeField(null=True, blank=True)
    waived_coverage = PercentField(null=True, blank=True)
    version = models.PositiveIntegerField(default=1, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("sustainability plan")
        verbose_name_plural = _("sustainability plans")

    def __str__(self):
        return str(_("Sustainability plan of %(code)s") % {"code": self.project.code})

    def save(self, *args, **kwargs):
        creating = self._state.adding
        super().save(*args, **kwargs)
        if creating:  # the project's kept flag, in the same transaction (planned.py)
            from sharaka.sustainability import planned

            planned.mark(self.project_id)

    def get_absolute_url(self):
        return reverse("sustainability_plan", kwargs={"pk": self.project_id})


class Evidence(models.Model):
    """A document proving who pays or maintains: a council decision, a signed maintenance agreement.
    Stored like a project document, private to the commune's staff."""

    class Kind(models.TextChoices):
        COUNCIL_DECISION = "council_decision", _("Council decision")
        MAINTENANCE_AGREEMENT = "maintenance_agreement", _("Signed maintenance agreement")
        BUDGET_EXTRACT = "budget_extract", _("Extract of the commune's budget")
        OTHER = "other", _("Other")

    plan = models.ForeignKey(Plan, verbose_name=_("plan"), related_name="evidence", on_delete=models.CASCADE)
    title = models.CharField(_("title"), max_length=200)
    kind = models.CharField(_("type"), max_length=24, choices=Kind.choices)
    file = models.FileField(_("file"), upload_to="sustainability/%Y/%m/")
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("uploaded by"), on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField(_("uploaded"), auto_now_add=True)

    class Meta:
        verbose_name = _("evidence")
        verbose_name_plural = _("evidence")
        ordering = ["-uploaded_at", "-id"]

    def __str__(self):
        return self.title


class CurrentCosts(models.Manager):
    """The costs a plan counts: a removed cost stays in the table (and the ledger), out of every sum."""

    def get_queryset(self):
        return super().get_queryset().filter(removed_at__isnull=True)


class RecurrentCost(models.Model):
    """A yearly cost the asset leaves behind. Never deleted: removing it from a plan (a cost entered
    by mistake, or one that no longer exists) archives it (`removed_at`, `removed_by`, in the ledger
    with its last values); `objects` reads the current costs only, `all_objects` every one."""

    class Payer(models.TextChoices):
        COMMUNE_BUDGET = "commune_budget", _("A line of the commune's budget")
        USER_FEES = "user_fees", _("User fees")
        NATIONAL_PROGRAMME = "national_programme", _("A national programme (INDH…)")
        FOLLOW_ON_PARTNER = "follow_on_partner", _("A follow-on partner")
        NOBODY = "nobody", _("Nobody yet")

    plan = models.ForeignKey(Plan, verbose_name=_("plan"), related_name="costs", on_delete=models.CASCADE)
    what = models.CharField(_("what"), max_length=200)
    amount_per_year = MoneyField(_("MAD per year"))
    payer_kind = models.CharField(_("who pays"), max_length=24, choices=Payer.choices, default=Payer.NOBODY)
    payer_detail = models.CharField(
        _("budget line, programme or payer"),
        max_length=200,
        blank=True,
        help_text=_("For example: budget line 10.20.30, or the association of water users."),
    )
    payer_organisation = models.ForeignKey(
        "partners.Organisation",
        verbose_name=_("partner organisation"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    confirmed = models.BooleanField(_("payer confirmed"), default=False)
    evidence = models.ForeignKey(
        Evidence,
        verbose_name=_("evidence of the confirmation"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="costs",
    )
    removed_at = models.DateTimeField(_("removed at"), null=True, blank=True, editable=False)
    removed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("removed by"),
        null=True,
        blank=True,
        editable=False,
        on_delete=models.PROTECT,
        related_name="+",
    )

    all_objects = models.Manager()
    objects = CurrentCosts()  # the default (Meta.default_manager_name): plan.costs, every sum

    class Meta:
        default_manager_name = "objects"
        base_manager_name = "all_objects"
        verbose_name = _("recurrent cost")
        verbose_name_plural = _("recurrent costs")
        ordering = ["id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(amount_per_year__gt=0),
                name="sustainability_cost_positive",
                violation_error_message=_("A recurrent cost is greater than zero."),
            ),
            models.CheckConstraint(
                condition=~Q(confirmed=True, payer_kind="nobody"),
                name="sustainability_cost_nobody_unconfirmed",
                violation_error_message=_("A cost that nobody pays yet cannot be confirmed."),
            ),
        ]

    def __str__(self):
        return self.what

    @property
    def covered(self) -> bool:
        return self.confirmed and self.payer_kind != self.Payer.NOBODY


class Check(models.Model):
    """A post-support check, due 6, 12 and 24 months after the project's end: is the asset still
    working, used and maintained?"""

    MONTHS = (6, 12, 24)

    class Answer(models.TextChoices):
        YES = "yes", _("Yes")
        PARTLY = "partly", _("Partly")
        NO = "no", _("No")

    project = models.ForeignKey(
        "projects.Project",
        verbose_name=_("project"),
        related_name="sustainability_checks",
        on_delete=models.PROTECT,
    )
    months = models.PositiveSmallIntegerField(_("months after the end"))
    due_on = models.DateField(_("due"))
    checked_on = models.DateField(_("date of the check"), null=True, blank=True)
    checked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("checked by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    working = models.CharField(_("is the asset working?"), max_length=8, choices=Answer.choices, blank=True)
    used = models.CharField(_("is it used?"), max_length=8, choices=Answer.choices, blank=True)
    maintained = models.CharField(_("is it maintained?"), max_length=8, choices=Answer.choices, blank=True)
    findings = models.TextField(_("findings"), blank=True)

    class Meta:
        verbose_name = _("post-support check")
        verbose_name_plural = _("post-support checks")
        ordering = ["due_on", "id"]
        constraints = [
            models.UniqueConstraint(fields=["project", "months"], name="sustainability_check_unique"),
        ]
        indexes = [
            models.Index(fields=["checked_on", "due_on"]),
            # The dashboard's checks due, the earliest first: a walk that stops at a page (PostgreSQL
            # otherwise joins every project and sorts, ~5 ms at region scale).
            models.Index(
                fields=["due_on", "id"], condition=models.Q(checked_on__isnull=True), name="check_due_order"
            ),
        ]

    def __str__(self):
        return str(_("Check at %(months)s months") % {"months": self.months})

    @property
    def done(self) -> bool:
        return self.checked_on is not None


class CheckPhoto(models.Model):
    """A photo of a check, re-encoded on upload: at most 1600 px, every metadata (EXIF, GPS) gone."""

    check_visit = models.ForeignKey(
        Check, verbose_name=_("check"), related_name="photos", on_delete=models.CASCADE
    )
    file = models.FileField(_("photo"), upload_to="sustainability/photos/%Y/%m/")
    content_type = models.CharField(max_length=100)
    width = models.PositiveIntegerField()
    height = models.PositiveIntegerField()
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("photo of a check")
        verbose_name_plural = _("photos of checks")
        ordering = ["id"]

    def __str__(self):
        return os.path.basename(self.file.name)


class Risk(models.Model):
    class Category(models.TextChoices):
        FINANCIAL = "financial", _("Financial")
        INSTITUTIONAL = "institutional", _("Institutional")
        TECHNICAL = "technical", _("Technical")
        ENVIRONMENTAL = "environmental", _("Environmental")
        SOCIAL = "social", _("Social")
        POLITICAL = "political", _("Political")
        SECURITY = "security", _("Security")
        OTHER = "other", _("Other")

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        CLOSED = "closed", _("Closed")

    project = models.ForeignKey(
        "projects.Project", verbose_name=_("project"), related_name="risks", on_delete=models.PROTECT
    )
    description = models.TextField(_("description"))
    category = models.CharField(_("category"), max_length=16, choices=Category.choices)
    likelihood = models.PositiveSmallIntegerField(
        _("likelihood (1-5)"), validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    impact = models.PositiveSmallIntegerField(
        _("impact (1-5)"), validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    # likelihood × impact, set by the service with them (a constraint keeps it so), indexed for the dashboard.
    score = models.PositiveSmallIntegerField(_("score"), editable=False)
    mitigation = models.TextField(_("mitigation"), blank=True)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("owner"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    review_on = models.DateField(_("next review"))
    status = models.CharField(_("status"), max_length=8, choices=Status.choices, default=Status.OPEN)
    version = models.PositiveIntegerField(default=1, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("risk")
        verbose_name_plural = _("risks")
        ordering = ["-score", "review_on", "id"]
        indexes = [
            models.Index(fields=["status", "-score"]),
            models.Index(fields=["status", "review_on"]),
            # The dashboard's highest risks, read in its order (no sort of the ties in score).
            models.Index(fields=["status", "-score", "review_on", "id"], name="risk_dashboard_order"),
            # A project's highest open risks (its page): without it SQLite, which keeps no statistics
            # on a live database, read them through the dashboard's index, every open risk of the
            # commune (12.6 ms of a 48 ms project page at region scale).
            models.Index(fields=["project", "status", "-score", "review_on"], name="risk_project_order"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(likelihood__gte=1, likelihood__lte=5, impact__gte=1, impact__lte=5),
                name="sustainability_risk_scales",
            ),
            models.CheckConstraint(
                condition=Q(score=models.F("likelihood") * models.F("impact")),
                name="sustainability_risk_score",
            ),
        ]

    def __str__(self):
        return self.description[:80]


class RiskStatusChange(StatusHistory):
    risk = models.ForeignKey(Risk, related_name="status_changes", on_delete=models.CASCADE)
    old_status = models.CharField(_("from"), max_length=24, choices=Risk.Status.choices, blank=True)
    new_status = models.CharField(_("to"), max_length=24, choices=Risk.Status.choices)


class EarlyWarning(models.Model):
    """An early warning: one rule holding for one thing (`key`) of one project since a day.

    Written only by `warnings.refresh` (the daily task): a warning that no longer holds is resolved,
    never deleted. Its message is worded at display time from `rule` and `details`, in the reader's
    language."""

    project = models.ForeignKey(
        "projects.Project", related_name="sustainability_warnings", on_delete=models.CASCADE
    )
    rule = models.CharField(max_length=40)
    key = models.CharField(max_length=100)
    since = models.DateField()
    resolved_at = models.DateField(null=True, blank=True)
    details = models.JSONField(default=dict, blank=True)

    class Meta:
        verbose_name = _("early warning")
        verbose_name_plural = _("early warnings")
        ordering = ["rule", "since", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["rule", "key"],
                condition=Q(resolved_at__isnull=True),
                name="sustainability_warning_open",
            )
        ]
        indexes = [
            models.Index(fields=["resolved_at", "rule"]),
            # The dashboard's open warnings, read in its order (rule, since) rather than sorted.
            models.Index(fields=["resolved_at", "rule", "since", "id"], name="warning_dashboard_order"),
            # A project's open warnings in the dashboard's order (its page); with the project alone
            # first, SQLite preferred the dashboard's index and read every open warning (2.5 ms at
            # region scale).
            models.Index(fields=["project", "resolved_at", "rule", "since"], name="warning_project_order"),
        ]

    def __str__(self):
        return f"{self.rule} {self.key}"

    @property
    def message(self) -> str:
        from sharaka.sustainability import warnings

        return warnings.message(self)

    @property
    def fix_url(self) -> str:
        from sharaka.sustainability import warnings

        return warnings.fix_url(self)
