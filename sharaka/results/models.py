"""A project's results chain and what was reported against it, and when reports are due.

Result (impact, outcome, output: IATI ResultType) → Indicator (IATI IndicatorMeasure, baseline,
ascending or descending) → Period (start, end, target, actual) → Update (a value reported for the
period, its narrative, evidence and disaggregation; draft → submitted → approved or returned,
`pipeline.py`). The period's actual is the value of its most recently approved update (each update
restates the period's value to date, it does not add to it). ReportingSchedule → DueReport: the
reports a project or an agreement obligation owes, by frequency.

Values are `Decimal` to the hundredth, kept as integers like money (`ValueField`) and bounded the
same way (lib/money.py).
"""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import get_language, gettext
from django.utils.translation import gettext_lazy as _

from sharaka.core.models import StatusHistory
from sharaka.core.money import ScaledIntegerField
from sharaka.core.multilingual import best
from sharaka.results.pipeline import Status


def value_too_large_message() -> str:
    """The bound of an indicator's value, said in the reader's language (a value is not an amount)."""
    from sharaka.lib.money import MAX_AMOUNT, format_number

    return gettext("A value is at most %(max)s either way, with at most two decimals.") % {
        "max": format_number(MAX_AMOUNT, get_language())
    }


class ValueField(ScaledIntegerField):
    """An indicator's value (a count, a percentage...): a Decimal to the hundredth, an integer of
    hundredths in the database, within the bounds of an amount."""

    description = _("Indicator value (integer hundredths)")

    def formfield(self, **kwargs):
        from sharaka.results.forms import ValueFormField

        return super().formfield(**{"form_class": ValueFormField, **kwargs})


class Result(models.Model):
    class Type(models.TextChoices):  # IATI ResultType (codes 1-3; 9 "Other" is not offered)
        IMPACT = "3", _("Impact")
        OUTCOME = "2", _("Outcome")
        OUTPUT = "1", _("Output")

    project = models.ForeignKey(
        "projects.Project", verbose_name=_("project"), related_name="results", on_delete=models.CASCADE
    )
    type = models.CharField(_("level"), max_length=1, choices=Type.choices)
    title_ar = models.CharField(_("title in Arabic"), max_length=300, blank=True)
    title_fr = models.CharField(_("title in French"), max_length=300, blank=True)
    title_en = models.CharField(_("title in English"), max_length=300, blank=True)
    description_ar = models.TextField(_("description in Arabic"), blank=True)
    description_fr = models.TextField(_("description in French"), blank=True)
    description_en = models.TextField(_("description in English"), blank=True)
    position = models.PositiveSmallIntegerField(_("order"), default=0)
    version = models.PositiveIntegerField(default=1, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("result")
        verbose_name_plural = _("results")
        # Impact first, then outcomes, then outputs: the chain read from the top.
        ordering = ["project", "-type", "position", "id"]

    def __str__(self):
        return best(self, "title")

    def get_absolute_url(self):
        return reverse("results_project", kwargs={"pk": self.project_id}) + f"#result-{self.pk}"


class Indicator(models.Model):
    class Measure(models.TextChoices):  # IATI IndicatorMeasure (nominal and ordinal are not offered)
        UNIT = "1", _("Number of units")
        PERCENTAGE = "2", _("Percentage")
        QUALITATIVE = "5", _("Qualitative")

    result = models.ForeignKey(
        Result, verbose_name=_("result"), related_name="indicators", on_delete=models.CASCADE
    )
    title_ar = models.CharField(_("title in Arabic"), max_length=300, blank=True)
    title_fr = models.CharField(_("title in French"), max_length=300, blank=True)
    title_en = models.CharField(_("title in English"), max_length=300, blank=True)
    description_ar = models.TextField(_("description in Arabic"), blank=True)
    description_fr = models.TextField(_("description in French"), blank=True)
    description_en = models.TextField(_("description in English"), blank=True)
    measure = models.CharField(_("measure"), max_length=1, choices=Measure.choices, default=Measure.UNIT)
    unit_ar = models.CharField(
        _("unit in Arabic"), max_length=60, blank=True, help_text=_("For example: households.")
    )
    unit_fr = models.CharField(_("unit in French"), max_length=60, blank=True)
    unit_en = models.CharField(_("unit in English"), max_length=60, blank=True)
    ascending = models.BooleanField(
        _("higher is better"),
        default=True,
        help_text=_("Untick for an indicator that should go down (for example: water losses)."),
    )
    baseline_value = ValueField(_("baseline value"), null=True, blank=True)
    baseline_year = models.PositiveSmallIntegerField(_("baseline year"), null=True, blank=True)
    baseline_comment = models.CharField(_("baseline comment"), max_length=500, blank=True)
    position = models.PositiveSmallIntegerField(_("order"), default=0)
    version = models.PositiveIntegerField(default=1, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")
        ordering = ["result", "position", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(baseline_year__isnull=True)
                | models.Q(baseline_year__gte=1956, baseline_year__lte=2100),
                name="indicator_baseline_year_range",
                violation_error_message=_("The baseline year is between 1956 and 2100."),
            ),
        ]

    def __str__(self):
        return best(self, "title")

    @property
    def is_qualitative(self) -> bool:
        return self.measure == self.Measure.QUALITATIVE

    @property
    def project(self):
        return self.result.project


class Period(models.Model):
    indicator = models.ForeignKey(
        Indicator, verbose_name=_("indicator"), related_name="periods", on_delete=models.CASCADE
    )
    start = models.DateField(_("start"))
    end = models.DateField(_("end"))
    target = ValueField(_("target"), null=True, blank=True)
    target_comment = models.CharField(_("target comment"), max_length=500, blank=True)
    # Fed by approved updates only (services.recompute_actual), never typed.
    actual = ValueField(_("actual"), null=True, blank=True, editable=False)
    actual_update = models.ForeignKey(
        "Update", null=True, blank=True, on_delete=models.SET_NULL, related_name="+", editable=False
    )
    locked_at = models.DateTimeField(_("locked"), null=True, blank=True, editable=False)
    locked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        editable=False,
    )
    version = models.PositiveIntegerField(default=1, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("period")
        verbose_name_plural = _("periods")
        ordering = ["indicator", "start", "id"]
        indexes = [models.Index(fields=["end"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end__gte=models.F("start")),
                name="period_dates_in_order",
                violation_error_message=_("A period cannot end before it starts."),
            ),
            models.UniqueConstraint(
                fields=["indicator", "start", "end"],
                name="period_unique",
                violation_error_message=_("This indicator already has a period with these dates."),
            ),
        ]

    def __str__(self):
        return f"{self.start:%Y-%m-%d} – {self.end:%Y-%m-%d}"

    @property
    def is_locked(self) -> bool:
        return self.locked_at is not None


class Update(models.Model):
    """A value reported for a period, with its narrative, evidence and disaggregation."""

    period = models.ForeignKey(
        # PROTECT: a period that was reported on is never deleted, by any path (the project is
        # archived, never deleted; the admin is read-only): its updates are the commune's record.
        Period,
        verbose_name=_("period"),
        related_name="updates",
        on_delete=models.PROTECT,
    )
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.DRAFT)
    value = ValueField(_("value"), null=True, blank=True, help_text=_("The period's value to date."))
    narrative_ar = models.TextField(_("narrative in Arabic"), blank=True)
    narrative_fr = models.TextField(_("narrative in French"), blank=True)
    narrative_en = models.TextField(_("narrative in English"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("reported by"), on_delete=models.PROTECT, related_name="+"
    )
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True, editable=False)
    # Who last submitted it: they may not approve it themselves (pipeline.py, four eyes).
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("submitted by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        editable=False,
    )
    approved_at = models.DateTimeField(_("approved"), null=True, blank=True, editable=False)
    version = models.PositiveIntegerField(default=1, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("update")
        verbose_name_plural = _("updates")
        ordering = ["period", "-created_at", "-id"]
        indexes = [models.Index(fields=["status"])]

    def __str__(self):
        return f"{self.period} · {self.get_status_display()}"

    @property
    def project(self):
        return self.period.indicator.result.project


class UpdateStatusChange(StatusHistory):
    """History of an update's road: every move, who made it, when and why (a return's comment)."""

    update = models.ForeignKey(
        Update, verbose_name=_("update"), related_name="status_changes", on_delete=models.CASCADE
    )
    old_status = models.CharField(_("from"), max_length=12, choices=Status.choices, blank=True)
    new_status = models.CharField(_("to"), max_length=12, choices=Status.choices)

    class Meta(StatusHistory.Meta):
        ordering = ["changed_at", "id"]


class Disaggregation(models.Model):
    """A part of an update's value: by sex, age group, or locality of Aourir."""

    class Dimension(models.TextChoices):
        SEX = "sex", _("Sex")
        AGE = "age", _("Age group")
        LOCALITY = "locality", _("Locality")

    class Category(models.TextChoices):  # for sex and age; a locality is the Locality itself
        FEMALE = "female", _("Women and girls")
        MALE = "male", _("Men and boys")
        AGE_0_14 = "0-14", _("0 to 14 years")
        AGE_15_24 = "15-24", _("15 to 24 years")
        AGE_25_64 = "25-64", _("25 to 64 years")
        AGE_65 = "65+", _("65 years and over")

    SEX_CATEGORIES = (Category.FEMALE, Category.MALE)
    AGE_CATEGORIES = (Category.AGE_0_14, Category.AGE_15_24, Category.AGE_25_64, Category.AGE_65)

    update = models.ForeignKey(
        Update, verbose_name=_("update"), related_name="disaggregations", on_delete=models.CASCADE
    )
    dimension = models.CharField(_("by"), max_length=10, choices=Dimension.choices)
    category = models.CharField(_("category"), max_length=10, choices=Category.choices, blank=True)
    locality = models.ForeignKey(
        "core.Locality",
        verbose_name=_("locality"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    value = ValueField(_("value"))

    class Meta:
        verbose_name = _("disaggregation")
        verbose_name_plural = _("disaggregations")
        ordering = ["update", "dimension", "category", "locality", "id"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(dimension="locality") & models.Q(locality__isnull=False) & models.Q(category="")
                )
                | (
                    ~models.Q(dimension="locality") & models.Q(locality__isnull=True) & ~models.Q(category="")
                ),
                name="disaggregation_category_or_locality",
                violation_error_message=_("Give a category for sex and age, a locality for localities."),
            ),
            models.UniqueConstraint(
                fields=["update", "dimension", "category"],
                condition=models.Q(locality__isnull=True),
                name="disaggregation_category_unique",
                violation_error_message=_("Each category is given once per update."),
            ),
            models.UniqueConstraint(
                fields=["update", "locality"],
                condition=models.Q(locality__isnull=False),
                name="disaggregation_locality_unique",
                violation_error_message=_("Each locality is given once per update."),
            ),
        ]

    def __str__(self):
        return f"{self.get_dimension_display()}: {self.locality or self.get_category_display()}"


class Evidence(models.Model):
    """A document proving an update (attendance sheet, photo, invoice...), checked on upload
    (core/uploads.py) and readable by whoever may read the update."""

    update = models.ForeignKey(
        Update, verbose_name=_("update"), related_name="evidence", on_delete=models.CASCADE
    )
    title = models.CharField(_("title"), max_length=200)
    file = models.FileField(_("file"), upload_to="evidence/%Y/%m/")
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
        ordering = ["uploaded_at", "id"]

    def __str__(self):
        return self.title


class ReportingSchedule(models.Model):
    """How often a project, or an agreement's obligation, reports: it creates the due reports."""

    class Frequency(models.TextChoices):
        MONTHLY = "monthly", _("Monthly")
        QUARTERLY = "quarterly", _("Quarterly")
        HALF_YEARLY = "half_yearly", _("Half-yearly")
        YEARLY = "yearly", _("Yearly")

    MONTHS = {"monthly": 1, "quarterly": 3, "half_yearly": 6, "yearly": 12}

    project = models.ForeignKey(
        "projects.Project",
        verbose_name=_("project"),
        null=True,
        blank=True,
        related_name="reporting_schedules",
        on_delete=models.CASCADE,
    )
    obligation = models.ForeignKey(
        "agreements.Obligation",
        verbose_name=_("agreement obligation"),
        null=True,
        blank=True,
        related_name="reporting_schedules",
        on_delete=models.CASCADE,
    )
    frequency = models.CharField(_("frequency"), max_length=12, choices=Frequency.choices)
    starts_on = models.DateField(_("first period starts"))
    ends_on = models.DateField(_("last period ends"), null=True, blank=True)
    days_to_report = models.PositiveSmallIntegerField(
        _("days to report"), default=15, help_text=_("A report is due this many days after its period ends.")
    )
    responsible = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("responsible"),
        on_delete=models.PROTECT,
        related_name="reporting_schedules",
    )
    active = models.BooleanField(_("active"), default=True)
    version = models.PositiveIntegerField(default=1, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("reporting schedule")
        verbose_name_plural = _("reporting schedules")
        ordering = ["starts_on", "id"]
        constraints = [
            models.CheckConstraint(
                condition=(models.Q(project__isnull=False) & models.Q(obligation__isnull=True))
                | (models.Q(project__isnull=True) & models.Q(obligation__isnull=False)),
                name="schedule_for_project_or_obligation",
                violation_error_message=_("A schedule is for a project or for an agreement obligation."),
            ),
            models.CheckConstraint(
                condition=models.Q(ends_on__isnull=True) | models.Q(ends_on__gte=models.F("starts_on")),
                name="schedule_dates_in_order",
                violation_error_message=_("The last period cannot end before the first starts."),
            ),
            models.CheckConstraint(
                condition=models.Q(days_to_report__lte=365),
                name="schedule_days_to_report_bounded",
                violation_error_message=_("A report is due at most 365 days after its period."),
            ),
        ]

    def __str__(self):
        return f"{self.project or self.obligation} · {self.get_frequency_display()}"


class DueReport(models.Model):
    """One report owed: the period it covers, when it is due, whether it was made and reminded."""

    schedule = models.ForeignKey(
        ReportingSchedule, verbose_name=_("schedule"), related_name="due_reports", on_delete=models.CASCADE
    )
    period_start = models.DateField(_("period start"))
    period_end = models.DateField(_("period end"))
    due_on = models.DateField(_("due on"))
    done_at = models.DateTimeField(_("reported"), null=True, blank=True)
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    reminded_before_on = models.DateField(null=True, blank=True, editable=False)
    reminded_missed_on = models.DateField(null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("due report")
        verbose_name_plural = _("due reports")
        ordering = ["due_on", "id"]
        indexes = [models.Index(fields=["done_at", "due_on"])]
        constraints = [
            models.UniqueConstraint(
                fields=["schedule", "period_start"],
                name="due_report_unique",
                violation_error_message=_("This report is already due."),
            ),
        ]

    def __str__(self):
        return f"{self.schedule} · {self.due_on:%Y-%m-%d}"
