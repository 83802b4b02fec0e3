from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from sharaka.core import codelists
from sharaka.core.models import StatusHistory
from sharaka.core.money import MoneyField
from sharaka.core.multilingual import best
from sharaka.projects.pipeline import FUNDED, Status


class ProjectQuerySet(models.QuerySet):
    def active(self):
        return self.filter(archived_at__isnull=True)

    def visible_to(self, user):
        """What a user may see: everything for the commune's staff, shared projects for a partner."""
        from sharaka.core.roles import Role, is_internal

        if is_internal(user):
            return self
        if getattr(user, "is_authenticated", False) and user.role == Role.PARTNER_VIEWER:
            access = getattr(user, "partner_access", None)
            if access is None:
                return self.none()
            # A subquery rather than a join: no duplicate rows, so no DISTINCT to fight with ordering.
            shared = ProjectPartner.objects.filter(organisation_id=access.organisation_id)
            return self.filter(pk__in=shared.values("project_id"))
        return self.none()

    def public(self):
        """The one definition of what the public sees (portal, open data, IATI): published by the unit,
        not archived, and in a funded state. Everything public reads through this."""
        return self._published_in_use().filter(status__in=FUNDED)

    def public_by_start(self):
        """`public()`, the latest start first (the portal's list). The status is read as text
        (core.pagination.in_as_text): SQLite would otherwise pick the plain status index and sort
        every public project (22 ms at region scale); this way both databases walk
        `projects_published_start_idx`, which carries the status, and stop after a page."""
        from sharaka.core.pagination import in_as_text

        return in_as_text(self._published_in_use(), "status", FUNDED).order_by("-planned_start", "code")

    def _published_in_use(self):
        return self.filter(published_at__isnull=False, archived_at__isnull=True)


class Project(models.Model):
    class Priority(models.IntegerChoices):
        HIGH = 1, _("High")
        MEDIUM = 2, _("Medium")
        LOW = 3, _("Low")

    code = models.CharField(_("code"), max_length=30, unique=True, help_text=_("For example AOU-2026-014."))
    title_ar = models.CharField(_("title in Arabic"), max_length=300, blank=True)
    title_fr = models.CharField(_("title in French"), max_length=300, blank=True)
    title_en = models.CharField(_("title in English"), max_length=300, blank=True)
    summary_ar = models.TextField(_("summary in Arabic"), blank=True)
    summary_fr = models.TextField(_("summary in French"), blank=True)
    summary_en = models.TextField(_("summary in English"), blank=True)
    pac_reference = models.CharField(
        _("PAC reference"),
        max_length=50,
        blank=True,
        help_text=_("The line of the commune's action programme (PAC) this project serves."),
    )
    priority = models.PositiveSmallIntegerField(
        _("priority"), choices=Priority.choices, default=Priority.MEDIUM
    )
    status = models.CharField(_("status"), max_length=24, choices=Status.choices, default=Status.IDEA)
    themes = models.ManyToManyField("core.Theme", verbose_name=_("objectives, areas and SDGs"), blank=True)
    localities = models.ManyToManyField("core.Locality", verbose_name=_("localities"), blank=True)
    beneficiaries_women = models.PositiveIntegerField(_("women"), default=0)
    beneficiaries_youth = models.PositiveIntegerField(_("young people"), default=0)
    beneficiaries_disabled = models.PositiveIntegerField(_("people with disabilities"), default=0)
    beneficiaries_other = models.PositiveIntegerField(_("other beneficiaries"), default=0)
    planned_start = models.DateField(_("planned start"), null=True, blank=True)
    planned_end = models.DateField(_("planned end"), null=True, blank=True)
    actual_start = models.DateField(_("actual start"), null=True, blank=True)
    actual_end = models.DateField(_("actual end"), null=True, blank=True)
    manager = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("project manager"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="managed_projects",
    )
    internal_notes = models.TextField(
        _("internal notes"), blank=True, help_text=_("Never shown to partners or the public.")
    )
    is_fictional = models.BooleanField(_("fictional (demo)"), default=False)
    archived_at = models.DateTimeField(_("archived"), null=True, blank=True)
    published_at = models.DateTimeField(_("published"), null=True, blank=True)  # portal.services only
    # Kept by the sustainability app when a plan is made (plans are never deleted): the dashboard's
    # "funded projects without a plan" walk `project_unplanned_end_order` instead of probing every
    # funded project for a plan (sustainability/planned.py; `manage.py kept` checks it).
    has_sustainability_plan = models.BooleanField(default=False, editable=False)
    version = models.PositiveIntegerField(default=1, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ProjectQuerySet.as_manager()

    class Meta:
        verbose_name = _("project")
        verbose_name_plural = _("projects")
        ordering = ["-updated_at", "-id"]
        indexes = [
            models.Index(fields=["status"]),
            models.Index(fields=["planned_start"]),
            # The staff list's default order, and its capped count, over the projects in use.
            models.Index(
                fields=["-updated_at", "-id"],
                condition=models.Q(archived_at__isnull=True),
                name="projects_live_recent_idx",
            ),
            # The portal's list (published, not archived) in its order, with the status to count
            # the public ones from the index alone.
            models.Index(
                fields=["-planned_start", "code", "status"],
                condition=models.Q(published_at__isnull=False, archived_at__isnull=True),
                name="projects_published_start_idx",
            ),
            # The sustainability dashboard's funded projects, the nearest end first (plans, and funded
            # projects without a plan): a walk of this index, which carries the status, instead of
            # sorting every funded project (core.pagination.in_as_text).
            models.Index(
                fields=["planned_end", "code", "status"],
                condition=models.Q(archived_at__isnull=True),
                name="project_active_end_order",
            ),
            # The projects in use without a sustainability plan, the nearest end first: those without
            # a plan are the newest, so walking every project by its end found them only after most
            # of the others (113 ms at national scale). Two indexes, one per database: SQLite uses a
            # partial index only when the query repeats its condition word for word, and the
            # dashboard reads the status as text (core.pagination.in_as_text), so it
            # walks the first and checks the status on the way; PostgreSQL proves the second applies
            # and walks the funded ones alone (the first made it skip 29,000 projects still being
            # prepared at national scale).
            models.Index(
                fields=["planned_end", "code", "status"],
                condition=models.Q(archived_at__isnull=True, has_sustainability_plan=False),
                name="project_unplanned_end_order",
            ),
            models.Index(
                fields=["planned_end", "code"],
                condition=models.Q(
                    archived_at__isnull=True, has_sustainability_plan=False, status__in=sorted(FUNDED)
                ),
                name="project_funded_unplanned_order",
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(planned_end__isnull=True)
                | models.Q(planned_start__isnull=True)
                | models.Q(planned_end__gte=models.F("planned_start")),
                name="project_planned_dates_in_order",
                violation_error_message=_("The planned end cannot be before the planned start."),
            ),
        ]

    def __str__(self):
        return f"{self.code} · {best(self, 'title')}"

    def get_absolute_url(self):
        return reverse("project_detail", kwargs={"pk": self.pk})

    @property
    def is_funded(self) -> bool:
        return self.status in FUNDED

    @property
    def beneficiaries_total(self) -> int:
        return (
            self.beneficiaries_women
            + self.beneficiaries_youth
            + self.beneficiaries_disabled
            + self.beneficiaries_other
        )


class ProjectPartner(models.Model):
    """A partner in one of the IATI organisation roles, with what a funder committed."""

    class Role(models.TextChoices):
        FUNDING = "1", _("Funding")
        ACCOUNTABLE = "2", _("Accountable")
        EXTENDING = "3", _("Extending")
        IMPLEMENTING = "4", _("Implementing")

    project = models.ForeignKey(
        Project, verbose_name=_("project"), related_name="participations", on_delete=models.CASCADE
    )
    organisation = models.ForeignKey(
        "partners.Organisation",
        verbose_name=_("organisation"),
        related_name="participations",
        on_delete=models.PROTECT,
    )
    role = models.CharField(_("role"), max_length=1, choices=Role.choices)
    committed_amount = MoneyField(_("committed amount"), null=True, blank=True)
    currency = models.CharField(_("currency"), max_length=3, default="MAD")
    committed_on = models.DateField(_("value date"), null=True, blank=True)

    class Meta:
        verbose_name = _("project partner")
        verbose_name_plural = _("project partners")
        constraints = [
            models.UniqueConstraint(
                fields=["project", "organisation", "role"],
                name="project_partner_unique",
                violation_error_message=_(
                    "This organisation already takes part in the project in this role."
                ),
            ),
            models.CheckConstraint(
                condition=models.Q(committed_amount__isnull=True) | models.Q(committed_amount__gt=0),
                name="project_partner_amount_positive",
                violation_error_message=_("The committed amount must be greater than zero."),
            ),
        ]

    def __str__(self):
        return f"{self.organisation} ({self.get_role_display()})"


class ProjectSector(models.Model):
    """A DAC 5-digit sector (IATI Sector codelist) with its share of the project."""

    project = models.ForeignKey(
        Project, verbose_name=_("project"), related_name="sectors", on_delete=models.CASCADE
    )
    code = models.CharField(_("DAC sector"), max_length=5)
    percentage = models.PositiveSmallIntegerField(_("percentage"), default=100)

    class Meta:
        verbose_name = _("sector")
        verbose_name_plural = _("sectors")
        constraints = [
            models.UniqueConstraint(
                fields=["project", "code"],
                name="project_sector_unique",
                violation_error_message=_("Each DAC sector can be given only once."),
            ),
            models.CheckConstraint(
                condition=models.Q(percentage__gte=1, percentage__lte=100),
                name="project_sector_percentage_range",
                violation_error_message=_("A sector's percentage is between 1 and 100."),
            ),
        ]

    def __str__(self):
        return self.label

    @property
    def label(self):
        return codelists.label("Sector", self.code)


class StatusChange(StatusHistory):
    """History of the pipeline: every move, who made it, when and why (core/pipeline.py)."""

    project = models.ForeignKey(
        Project, verbose_name=_("project"), related_name="status_changes", on_delete=models.CASCADE
    )
    old_status = models.CharField(_("from"), max_length=24, choices=Status.choices, blank=True)
    new_status = models.CharField(_("to"), max_length=24, choices=Status.choices)

    class Meta(StatusHistory.Meta):
        ordering = ["-changed_at", "-id"]


class Document(models.Model):
    """A file attached to a project: private by default, type and size checked on upload."""

    class Kind(models.TextChoices):
        CONCEPT_NOTE = "concept_note", _("Concept note")
        PROPOSAL = "proposal", _("Proposal")
        AGREEMENT = "agreement", _("Agreement text")
        REPORT = "report", _("Report")
        MINUTES = "minutes", _("Minutes")
        PHOTO = "photo", _("Photo")
        OTHER = "other", _("Other")

    class Visibility(models.TextChoices):
        PRIVATE = "private", _("Private: the commune's staff only")
        PARTNERS = "partners", _("Shared with the project's partners")
        PUBLIC = "public", _("Public")

    project = models.ForeignKey(
        Project, verbose_name=_("project"), related_name="documents", on_delete=models.CASCADE
    )
    title = models.CharField(_("title"), max_length=200)
    kind = models.CharField(_("type"), max_length=16, choices=Kind.choices)
    visibility = models.CharField(
        _("who may read it"), max_length=16, choices=Visibility.choices, default=Visibility.PRIVATE
    )
    file = models.FileField(_("file"), upload_to="documents/%Y/%m/")
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("uploaded by"), on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField(_("uploaded"), auto_now_add=True)

    class Meta:
        verbose_name = _("document")
        verbose_name_plural = _("documents")
        ordering = ["-uploaded_at", "-id"]

    def __str__(self):
        return self.title


# --- figures kept for the staff home (projects/figures.py) -------------------------------------------
# Counts are plain integers, not positive ones: rows written without the services (a bulk load before
# `manage.py kept --rebuild`, a test's fixture) must not make the next service fail; `differences()`
# says when the kept rows disagree.


class StatusFigure(models.Model):
    """How many projects, not archived, are in one status: kept by the services (projects/figures.py)."""

    status = models.CharField(_("status"), max_length=24, choices=Status.choices, unique=True)
    projects = models.IntegerField(_("projects"), default=0)

    class Meta:
        verbose_name = _("projects per status")
        verbose_name_plural = _("projects per status")

    def __str__(self):
        return f"{self.status}: {self.projects}"


class ThemeFigure(models.Model):
    """How many projects, not archived, have one theme: kept by the services (projects/figures.py)."""

    theme = models.OneToOneField(
        "core.Theme", verbose_name=_("theme"), related_name="+", on_delete=models.CASCADE
    )
    projects = models.IntegerField(_("projects"), default=0)

    class Meta:
        verbose_name = _("projects per theme")
        verbose_name_plural = _("projects per theme")

    def __str__(self):
        return f"{self.theme_id}: {self.projects}"


class PublicPartnerFigure(models.Model):
    """In how many public projects (`Project.objects.public()`) one organisation takes part: kept by
    the services (projects/figures.py) for the portal's partner list, which would otherwise count
    every participation of each partner it shows (40 a partner at national scale)."""

    organisation = models.OneToOneField(
        "partners.Organisation",
        verbose_name=_("organisation"),
        related_name="public_figure",
        on_delete=models.CASCADE,
        primary_key=True,
    )
    projects = models.IntegerField(_("public projects"), default=0)

    class Meta:
        verbose_name = _("public projects per partner")
        verbose_name_plural = _("public projects per partner")

    def __str__(self):
        return f"{self.organisation_id}: {self.projects}"


class ThemeCommitment(models.Model):
    """What the funders of the projects (not archived) of one theme committed in one currency: the
    amount, its value in dirhams at the rate of each commitment's value date (projects/mad.py; those
    without a rate are left out and counted in `without_rate`). Kept by the services (projects/figures.py)."""

    theme = models.ForeignKey(
        "core.Theme", verbose_name=_("theme"), related_name="+", on_delete=models.CASCADE
    )
    currency = models.CharField(_("currency"), max_length=3)
    amount = MoneyField(_("committed amount"))
    amount_mad = MoneyField(_("in MAD"))
    commitments = models.IntegerField(_("commitments"), default=0)
    without_rate = models.IntegerField(_("without a rate"), default=0)

    class Meta:
        verbose_name = _("commitments per theme")
        verbose_name_plural = _("commitments per theme")
        constraints = [models.UniqueConstraint(fields=["theme", "currency"], name="theme_commitment_unique")]

    def __str__(self):
        return f"{self.theme_id} {self.currency}: {self.amount}"
