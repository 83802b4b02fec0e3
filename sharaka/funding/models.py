"""Funding opportunities (calls and programmes), the unit's matching weights, applications and the
sections of their proposals. See docs/funding.md.

- `Call`: one funding opportunity of a funder (a partner organisation): who may lead, what the commune
  may be (lead, co-applicant, not eligible), amounts, co-financing, durations, languages; its `stages`
  (expression of interest, concept note, full proposal) carry the deadlines, so its status (upcoming,
  open, closed) is computed from the dates, never stored.
- `MatchingWeights`: the weight of each named part of a match's score, set by the unit (one row).
- `Application`: a project applied to a call, on the road of `pipeline.py`, with amounts requested and
  awarded, the funder's feedback and the lessons learnt.
- `ProposalSection`: one section of an application's proposal (problem, objectives…), in the
  proposal's language; awarded applications' sections are offered as starting points.
"""

import datetime

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from sharaka.core.models import StatusHistory
from sharaka.core.money import MoneyField, PercentField
from sharaka.core.multilingual import best
from sharaka.funding.pipeline import Status

LANGUAGE_CHOICES = [("ar", _("Arabic")), ("fr", _("French")), ("en", _("English"))]


class CallQuerySet(models.QuerySet):
    def active(self):
        return self.filter(archived_at__isnull=True)


class Call(models.Model):
    """A funding opportunity: a call for proposals, or a programme's window, of one funder."""

    class CommuneRole(models.TextChoices):
        LEAD = "lead", _("Lead applicant")
        CO_APPLICANT = "co", _("Co-applicant or partner only")
        NOT_ELIGIBLE = "no", _("Not eligible")

    class Cofinancing(models.TextChoices):
        CASH = "cash", _("Cash only")
        CASH_OR_IN_KIND = "cash_in_kind", _("Cash or in kind")

    class Family(models.TextChoices):
        """The shape of proposal the funder expects (the proposal builder's templates)."""

        EU = "eu", _("EU-style: logframe matrix and budget")
        UN = "un", _("UN-style: results framework")
        SHORT = "short", _("Short form for small grants")

    funder = models.ForeignKey(
        "partners.Organisation", verbose_name=_("funder"), related_name="calls", on_delete=models.PROTECT
    )
    programme = models.CharField(_("programme"), max_length=200, blank=True)
    reference = models.CharField(_("reference"), max_length=80, blank=True)
    title_ar = models.CharField(_("title in Arabic"), max_length=300, blank=True)
    title_fr = models.CharField(_("title in French"), max_length=300, blank=True)
    title_en = models.CharField(_("title in English"), max_length=300, blank=True)
    summary_ar = models.TextField(_("summary in Arabic"), blank=True)
    summary_fr = models.TextField(_("summary in French"), blank=True)
    summary_en = models.TextField(_("summary in English"), blank=True)
    themes = models.ManyToManyField(
        "core.Theme", verbose_name=_("objectives, areas and SDGs"), blank=True, related_name="calls"
    )
    who_may_lead = models.CharField(
        _("who may lead"), max_length=300, blank=True, help_text=_("As the call says it.")
    )
    who_may_partner = models.CharField(_("who may only be a partner"), max_length=300, blank=True)
    commune_role = models.CharField(
        _("the commune's role"), max_length=4, choices=CommuneRole.choices, default=CommuneRole.LEAD
    )
    # When the commune can only be a co-applicant: the lead it needs (a kind of organisation, and a
    # country if the call says so), so that the match can name it and the partners who could lead.
    lead_model = models.CharField(
        _("kind of lead needed"),
        max_length=32,
        blank=True,
        help_text=_("For example a foreign local government."),
    )
    lead_country = models.CharField(_("country of the lead"), max_length=2, blank=True)
    excluded_countries = models.CharField(
        _("excluded countries"),
        max_length=200,
        blank=True,
        help_text=_("ISO country codes separated by commas, for example MA."),
    )
    eligibility_note = models.TextField(_("eligibility note"), blank=True)
    currency = models.CharField(_("currency"), max_length=3, default="EUR")
    min_grant = MoneyField(_("minimum grant"), null=True, blank=True)
    max_grant = MoneyField(_("maximum grant"), null=True, blank=True)
    cofinancing_rate = PercentField(
        _("co-financing required (%)"),
        null=True,
        blank=True,
        help_text=_("The share of the total cost the applicants must bring themselves."),
    )
    cofinancing_counts = models.CharField(
        _("what counts as co-financing"),
        max_length=12,
        choices=Cofinancing.choices,
        default=Cofinancing.CASH_OR_IN_KIND,
    )
    min_months = models.PositiveSmallIntegerField(_("shortest duration (months)"), null=True, blank=True)
    max_months = models.PositiveSmallIntegerField(_("longest duration (months)"), null=True, blank=True)
    languages = models.CharField(
        _("languages accepted"), max_length=20, default="fr", help_text=_("ar, fr, en separated by commas.")
    )
    family = models.CharField(_("proposal template"), max_length=8, choices=Family.choices, default=Family.EU)
    opens_on = models.DateField(_("opens on"), null=True, blank=True)
    rolling = models.BooleanField(
        _("rolling (no fixed deadline)"), default=False, help_text=_("Applications are received all year.")
    )
    url = models.URLField(_("link"), blank=True)
    as_of = models.DateField(
        _("figures as of"),
        null=True,
        blank=True,
        help_text=_("The date of the source the figures come from."),
    )
    source = models.CharField(_("source"), max_length=300, blank=True)
    is_fictional = models.BooleanField(_("fictional (demo)"), default=False)
    archived_at = models.DateTimeField(_("archived"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    version = models.PositiveIntegerField(default=1, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = CallQuerySet.as_manager()

    class Meta:
        verbose_name = _("funding opportunity")
        verbose_name_plural = _("funding opportunities")
        ordering = ["-updated_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(min_grant__isnull=True)
                | models.Q(max_grant__isnull=True)
                | models.Q(max_grant__gte=models.F("min_grant")),
                name="funding_call_grant_range",
                violation_error_message=_("The maximum grant cannot be below the minimum."),
            ),
            models.CheckConstraint(
                condition=models.Q(cofinancing_rate__isnull=True)
                | models.Q(cofinancing_rate__gte=0, cofinancing_rate__lte=100),
                name="funding_call_cofinancing_range",
                violation_error_message=_("The co-financing rate is between 0 and 100 %."),
            ),
            models.CheckConstraint(
                condition=models.Q(min_months__isnull=True)
                | models.Q(max_months__isnull=True)
                | models.Q(max_months__gte=models.F("min_months")),
                name="funding_call_months_range",
                violation_error_message=_("The longest duration cannot be below the shortest."),
            ),
        ]

    def __str__(self):
        return best(self, "title") or self.reference or f"#{self.pk}"

    def get_absolute_url(self):
        return reverse("funding_call", kwargs={"pk": self.pk})

    @property
    def excluded(self) -> set[str]:
        return {c.strip().upper() for c in self.excluded_countries.split(",") if c.strip()}

    @property
    def language_list(self) -> list[str]:
        return [c.strip() for c in self.languages.split(",") if c.strip() in {"ar", "fr", "en"}]

    def status(self, today: datetime.date | None = None) -> str:
        """upcoming, open or closed, from the dates: opens later → upcoming; rolling, or a stage's
        deadline still ahead → open; otherwise closed. Stages must be prefetched or it queries."""
        today = today or timezone.localdate()
        if self.archived_at is not None:
            return CallStatus.CLOSED
        if self.opens_on and self.opens_on > today:
            return CallStatus.UPCOMING
        if self.rolling:
            return CallStatus.OPEN
        deadlines = [s.deadline for s in self.stages.all() if s.deadline]
        if deadlines and max(deadlines) >= today:
            return CallStatus.OPEN
        return CallStatus.CLOSED

    def next_stage(self, today: datetime.date | None = None):
        """The first stage whose deadline is still ahead (or the last stage of a rolling call)."""
        today = today or timezone.localdate()
        stages = sorted(self.stages.all(), key=lambda s: (s.deadline or datetime.date.max, s.order))
        for stage in stages:
            if stage.deadline is None or stage.deadline >= today:
                return stage
        return None


class CallStatus(models.TextChoices):
    UPCOMING = "upcoming", pgettext_lazy("call status", "Upcoming")
    OPEN = "open", pgettext_lazy("call status", "Open")
    CLOSED = "closed", pgettext_lazy("call status", "Closed")


class CallSector(models.Model):
    """A DAC 5-digit sector (IATI Sector codelist) the call funds."""

    call = models.ForeignKey(Call, verbose_name=_("call"), related_name="sectors", on_delete=models.CASCADE)
    code = models.CharField(_("DAC sector"), max_length=5)

    class Meta:
        verbose_name = _("sector")
        verbose_name_plural = _("sectors")
        constraints = [models.UniqueConstraint(fields=["call", "code"], name="funding_call_sector_unique")]

    def __str__(self):
        from sharaka.core import codelists

        return codelists.label("Sector", self.code)


class CallStage(models.Model):
    """A stage of a call with its deadline: expression of interest, concept note, full proposal."""

    class Kind(models.TextChoices):
        EOI = "eoi", _("Expression of interest")
        CONCEPT_NOTE = "concept_note", _("Concept note")
        FULL_PROPOSAL = "full_proposal", _("Full proposal")

    # Days the unit needs to prepare each stage, unless the stage says otherwise.
    DEFAULT_PREPARATION = {Kind.EOI: 14, Kind.CONCEPT_NOTE: 30, Kind.FULL_PROPOSAL: 60}

    call = models.ForeignKey(Call, verbose_name=_("call"), related_name="stages", on_delete=models.CASCADE)
    kind = models.CharField(_("stage"), max_length=16, choices=Kind.choices)
    order = models.PositiveSmallIntegerField(_("order"), default=1)
    opens_on = models.DateField(_("opens on"), null=True, blank=True)
    deadline = models.DateField(_("deadline"), null=True, blank=True)
    preparation_days = models.PositiveSmallIntegerField(
        _("days needed to prepare"),
        null=True,
        blank=True,
        help_text=_("Empty: the usual time for this stage."),
    )
    # {section key: maximum words}; the proposal builder's checklist reads it (proposals.SECTIONS).
    word_limits = models.JSONField(_("word limits per section"), default=dict, blank=True)

    class Meta:
        verbose_name = _("stage")
        verbose_name_plural = _("stages")
        ordering = ["order", "deadline", "id"]
        constraints = [models.UniqueConstraint(fields=["call", "kind"], name="funding_call_stage_unique")]

    def __str__(self):
        return self.get_kind_display()

    @property
    def days_to_prepare(self) -> int:
        return self.preparation_days or self.DEFAULT_PREPARATION.get(self.kind, 30)


class RequiredAttachment(models.Model):
    """An attachment the call asks for, e.g. the council's deliberation, letters of intent with amounts."""

    class Kind(models.TextChoices):
        DELIBERATION = "deliberation", _("The council's deliberation")
        LETTER_OF_INTENT = "letter_of_intent", _("Letters of intent (with amounts)")
        BUDGET = "budget", _("Detailed budget")
        LOGFRAME = "logframe", _("Logical framework")
        PARTNERSHIP = "partnership", _("Partnership statement")
        LEGAL = "legal", _("Legal documents of the applicant")
        OTHER = "other", _("Other")

    call = models.ForeignKey(
        Call, verbose_name=_("call"), related_name="attachments", on_delete=models.CASCADE
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    label = models.CharField(_("details"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("required attachment")
        verbose_name_plural = _("required attachments")
        ordering = ["id"]

    def __str__(self):
        return self.label or self.get_kind_display()


class CallDocument(models.Model):
    """A file of the call (its guidelines, forms), type and size checked on upload."""

    call = models.ForeignKey(Call, verbose_name=_("call"), related_name="documents", on_delete=models.CASCADE)
    title = models.CharField(_("title"), max_length=200)
    file = models.FileField(_("file"), upload_to="funding/%Y/%m/")
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(_("uploaded"), auto_now_add=True)

    class Meta:
        verbose_name = _("call document")
        verbose_name_plural = _("call documents")
        ordering = ["-uploaded_at", "-id"]

    def __str__(self):
        return self.title


class MatchingWeights(models.Model):
    """How much each named part of a match counts (0-10), set by the unit. One row (pk=1)."""

    area_sector = models.PositiveSmallIntegerField(_("area and sector fit"), default=5)
    budget = models.PositiveSmallIntegerField(_("budget fit"), default=3)
    cofinancing = models.PositiveSmallIntegerField(_("co-financing capacity"), default=3)
    time = models.PositiveSmallIntegerField(_("time to deadline"), default=2)
    priority = models.PositiveSmallIntegerField(_("PAC priority"), default=3)
    record = models.PositiveSmallIntegerField(_("the funder's record with the commune"), default=2)
    text = models.PositiveSmallIntegerField(_("closeness of the texts"), default=2)
    version = models.PositiveIntegerField(default=1, editable=False)

    PARTS = ("area_sector", "budget", "cofinancing", "time", "priority", "record", "text")

    class Meta:
        verbose_name = _("matching weights")
        verbose_name_plural = _("matching weights")

    def __str__(self):
        return str(_("matching weights"))

    @classmethod
    def current(cls) -> "MatchingWeights":
        return cls.objects.filter(pk=1).first() or cls(pk=1)

    def as_dict(self) -> dict[str, int]:
        return {part: getattr(self, part) for part in self.PARTS}


class Application(models.Model):
    """A project applied to a call: go / no-go, then the road to the funder's answer."""

    project = models.ForeignKey(
        "projects.Project", verbose_name=_("project"), related_name="applications", on_delete=models.PROTECT
    )
    call = models.ForeignKey(
        Call, verbose_name=_("call"), related_name="applications", on_delete=models.PROTECT
    )
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.CONSIDERED)
    lead = models.ForeignKey(
        "partners.Organisation",
        verbose_name=_("lead applicant"),
        null=True,
        blank=True,
        related_name="led_applications",
        on_delete=models.PROTECT,
        help_text=_("When the commune is a co-applicant: the partner that leads."),
    )
    language = models.CharField(
        _("language of the proposal"), max_length=2, choices=LANGUAGE_CHOICES, default="fr"
    )
    currency = models.CharField(_("currency"), max_length=3, default="EUR")
    amount_requested = MoneyField(_("amount requested"), null=True, blank=True)
    amount_awarded = MoneyField(_("amount awarded"), null=True, blank=True)
    submitted_on = models.DateField(_("submitted on"), null=True, blank=True)
    decided_on = models.DateField(_("answer received on"), null=True, blank=True)
    feedback = models.TextField(_("the funder's feedback"), blank=True)
    lessons = models.TextField(_("lessons learnt"), blank=True)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("followed by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="funding_applications",
    )
    # Set when the award added the funder to the project and started an agreement draft (services).
    agreement = models.ForeignKey(
        "agreements.Agreement",
        verbose_name=_("agreement"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    version = models.PositiveIntegerField(default=1, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("application")
        verbose_name_plural = _("applications")
        ordering = ["-updated_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["project", "call"],
                name="funding_application_unique",
                violation_error_message=_("This project already has an application to this call."),
            ),
            models.CheckConstraint(
                condition=models.Q(amount_requested__isnull=True) | models.Q(amount_requested__gt=0),
                name="funding_application_requested_positive",
                violation_error_message=_("The amount requested must be greater than zero."),
            ),
            models.CheckConstraint(
                condition=models.Q(amount_awarded__isnull=True) | models.Q(amount_awarded__gt=0),
                name="funding_application_awarded_positive",
                violation_error_message=_("The amount awarded must be greater than zero."),
            ),
        ]
        indexes = [models.Index(fields=["status"])]

    def __str__(self):
        return f"{self.project.code} → {self.call}"

    def get_absolute_url(self):
        return reverse("funding_application", kwargs={"pk": self.pk})


class ApplicationStatusChange(StatusHistory):
    """History of an application's road: every move, who made it, when and why (the go / no-go's reasons)."""

    application = models.ForeignKey(
        Application, verbose_name=_("application"), related_name="status_changes", on_delete=models.CASCADE
    )
    old_status = models.CharField(_("from"), max_length=12, choices=Status.choices, blank=True)
    new_status = models.CharField(_("to"), max_length=12, choices=Status.choices)

    class Meta(StatusHistory.Meta):
        ordering = ["changed_at", "id"]


class ProposalSection(models.Model):
    """One section of an application's proposal, written in the proposal's language."""

    application = models.ForeignKey(
        Application, verbose_name=_("application"), related_name="sections", on_delete=models.CASCADE
    )
    key = models.CharField(_("section"), max_length=40)
    text = models.TextField(_("text"), blank=True)
    # Where it started from, when the unit reused a section of an awarded application.
    reused_from = models.ForeignKey(
        "self",
        verbose_name=_("started from"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    updated_at = models.DateTimeField(auto_now=True)
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        verbose_name = _("proposal section")
        verbose_name_plural = _("proposal sections")
        ordering = ["application", "id"]
        constraints = [
            models.UniqueConstraint(fields=["application", "key"], name="funding_section_unique"),
        ]

    def __str__(self):
        return self.key


class ApplicationReminder(models.Model):
    """A reminder e-mailed to an application's owner before a stage's deadline: one per application,
    stage and threshold (days before), so that the daily run never sends it twice (funding/reminders.py)."""

    application = models.ForeignKey(
        Application, verbose_name=_("application"), related_name="reminders", on_delete=models.CASCADE
    )
    stage = models.ForeignKey(CallStage, verbose_name=_("stage"), related_name="+", on_delete=models.CASCADE)
    days_before = models.PositiveSmallIntegerField(_("days before the deadline"))
    deadline = models.DateField(_("deadline"))
    sent_on = models.DateField(_("sent on"))

    class Meta:
        verbose_name = _("application reminder")
        verbose_name_plural = _("application reminders")
        constraints = [
            models.UniqueConstraint(
                fields=["application", "stage", "days_before"], name="funding_application_reminder_once"
            )
        ]

    def __str__(self):
        return f"{self.application_id}/{self.stage_id}/{self.days_before}"
