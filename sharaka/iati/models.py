"""What other publishers' IATI files hold, kept apart from the commune's own projects (issue #17).

An `ImportRun` is one file read: where it came from, what was read, what was refused and why. Its
report is kept as codes and numbers and worded in the reader's language when shown.

`Publisher` is an organisation as IATI names it (by its organisation identifier). It is linked to a
partner of the commune only when the identifiers are the same or the unit confirmed a proposed match;
a match found by name is only proposed (`proposed_partner`), never merged silently.

`ForeignActivity` is another publisher's activity, with its sectors, countries, participants and money.
Its `value` is what it is worth for the intelligence pages: the sum of its commitments, else of its
latest budgets, in dirhams where every amount had a dated rate (`value_mad` is empty otherwise).
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from sharaka.core import codelists
from sharaka.core.money import MoneyField, PercentField, RateField


def _best(names: dict, language: str | None = None) -> str:
    from django.utils import translation

    language = (language or translation.get_language() or "ar").split("-")[0]
    for code in (language, "ar", "fr", "en", *sorted(names or {})):
        if (names or {}).get(code):
            return names[code]
    return ""


class ImportRun(models.Model):
    class Source(models.TextChoices):
        UPLOAD = "upload", _("Uploaded file")
        URL = "url", _("Address on the web")
        COMMAND = "command", _("Command line")

    class Status(models.TextChoices):
        WAITING = "waiting", _("Waiting")
        RUNNING = "running", _("Being read")
        DONE = "done", _("Imported")
        REFUSED = "refused", _("Refused")
        FAILED = "failed", _("Failed, nothing kept")

    source = models.CharField(_("source"), max_length=8, choices=Source.choices)
    name = models.CharField(_("file"), max_length=500)
    file = models.FileField(_("file"), upload_to="iati/%Y/%m/", blank=True)
    file_removed_at = models.DateTimeField(null=True, blank=True)  # iati/retention.py
    size = models.BigIntegerField(_("size"), default=0)
    sha256 = models.CharField(max_length=64, blank=True)
    status = models.CharField(_("status"), max_length=8, choices=Status.choices, default=Status.WAITING)
    iati_version = models.CharField(_("IATI version"), max_length=8, blank=True)
    refusal = models.CharField(max_length=32, blank=True)  # a reading.Refused code, or "error"
    refusal_params = models.JSONField(default=dict, blank=True)
    counts = models.JSONField(default=dict, blank=True)
    problems = models.JSONField(default=list, blank=True)  # the first MAX_PROBLEMS: {code, activity, params}
    problems_total = models.PositiveIntegerField(default=0)
    is_demo = models.BooleanField(default=False)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("asked"), auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)

    class Meta:
        verbose_name = _("IATI import")
        verbose_name_plural = _("IATI imports")
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return self.name


class Publisher(models.Model):
    """An organisation named in other publishers' files, by its IATI organisation identifier."""

    ref = models.CharField(_("IATI organisation identifier"), max_length=100, unique=True)
    names = models.JSONField(default=dict, blank=True)  # {language: name}
    type = models.CharField(_("IATI organisation type"), max_length=4, blank=True)
    partner = models.ForeignKey(
        "partners.Organisation",
        verbose_name=_("partner"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="publishers",
    )
    proposed_partner = models.ForeignKey(
        "partners.Organisation", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    proposal_rejected = models.BooleanField(default=False)
    # Its own organisation file, when one was imported: the date it gives and a digest of its content.
    file_last_updated = models.CharField(max_length=40, blank=True)
    file_digest = models.CharField(max_length=64, blank=True)
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        verbose_name = _("organisation in IATI files")
        verbose_name_plural = _("organisations in IATI files")
        ordering = ["ref"]

    def __str__(self):
        return self.name or self.ref

    @property
    def name(self) -> str:
        return _best(self.names)

    @property
    def type_label(self) -> str:
        return codelists.label("OrganisationType", self.type) if self.type else ""


class ForeignActivity(models.Model):
    identifier = models.CharField(_("IATI identifier"), max_length=200, unique=True)
    reporting_org = models.ForeignKey(
        Publisher, verbose_name=_("published by"), on_delete=models.PROTECT, related_name="reported"
    )
    last_updated = models.CharField(_("last updated by its publisher"), max_length=40, blank=True)
    digest = models.CharField(max_length=64)  # of what was read: a re-import without a date compares it
    default_language = models.CharField(max_length=8, blank=True)
    default_currency = models.CharField(max_length=3, blank=True)
    status = models.CharField(_("status"), max_length=2, blank=True)
    titles = models.JSONField(default=dict, blank=True)
    descriptions = models.JSONField(default=list, blank=True)  # [[type, {language: text}]]
    planned_start = models.DateField(null=True, blank=True)
    actual_start = models.DateField(null=True, blank=True)
    planned_end = models.DateField(null=True, blank=True)
    actual_end = models.DateField(null=True, blank=True)
    regions = models.JSONField(default=list, blank=True)  # [[vocabulary, code, percentage]]
    locations = models.JSONField(default=list, blank=True)  # [{names, lat, lon}]
    in_souss_massa = models.BooleanField(_("in Souss-Massa"), default=False)
    in_morocco = models.BooleanField(_("in Morocco"), default=False)
    value_basis = models.CharField(max_length=12, blank=True)  # "commitments", "budgets" or ""
    value_currency = models.CharField(max_length=3, blank=True)  # "" when its amounts mix currencies
    value = MoneyField(null=True, blank=True)
    value_mad = MoneyField(null=True, blank=True)
    start_year = models.PositiveSmallIntegerField(null=True, blank=True)
    end_year = models.PositiveSmallIntegerField(null=True, blank=True)
    run = models.ForeignKey(ImportRun, on_delete=models.PROTECT, related_name="activities")
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("activity of another publisher")
        verbose_name_plural = _("activities of other publishers")
        ordering = ["identifier"]
        indexes = [models.Index(fields=["reporting_org", "start_year"])]

    def __str__(self):
        return self.title or self.identifier

    @property
    def title(self) -> str:
        return _best(self.titles)

    @property
    def status_label(self) -> str:
        return codelists.label("ActivityStatus", self.status) if self.status else ""

    @property
    def start(self):
        return self.actual_start or self.planned_start

    @property
    def end(self):
        return self.actual_end or self.planned_end


class Participant(models.Model):
    activity = models.ForeignKey(ForeignActivity, on_delete=models.CASCADE, related_name="participants")
    publisher = models.ForeignKey(
        Publisher, on_delete=models.PROTECT, null=True, blank=True, related_name="participations"
    )
    role = models.CharField(
        max_length=2, blank=True
    )  # OrganisationRole: 1 funding, 2 accountable, 3 extending, 4 implementing
    names = models.JSONField(default=dict, blank=True)  # when the file gives no identifier

    class Meta:
        indexes = [models.Index(fields=["publisher", "role"])]

    def __str__(self):
        return f"{self.name} ({self.role_label})"

    @property
    def name(self) -> str:
        return self.publisher.name if self.publisher_id else _best(self.names)

    @property
    def role_label(self) -> str:
        return codelists.label("OrganisationRole", self.role) if self.role else ""


class ActivitySector(models.Model):
    activity = models.ForeignKey(ForeignActivity, on_delete=models.CASCADE, related_name="sectors")
    vocabulary = models.CharField(max_length=4, blank=True)  # 1 DAC 5-digit, 2 DAC 3-digit, others
    code = models.CharField(max_length=40)
    percentage = PercentField()  # of the activity: the publisher's, or what the others leave, evenly

    class Meta:
        indexes = [models.Index(fields=["vocabulary", "code"])]

    def __str__(self):
        return f"{self.vocabulary}:{self.code}"


class ActivityCountry(models.Model):
    activity = models.ForeignKey(ForeignActivity, on_delete=models.CASCADE, related_name="countries")
    country = models.CharField(max_length=2)
    percentage = PercentField()

    class Meta:
        indexes = [models.Index(fields=["country"])]

    def __str__(self):
        return self.country

    @property
    def name(self) -> str:
        return codelists.country_name(self.country)


class Flow(models.Model):
    """One budget, planned disbursement or transaction of a foreign activity."""

    class Kind(models.TextChoices):
        BUDGET = "budget", _("Budget")
        PLANNED = "planned", _("Planned disbursement")
        TRANSACTION = "transaction", _("Transaction")

    activity = models.ForeignKey(ForeignActivity, on_delete=models.CASCADE, related_name="flows")
    kind = models.CharField(max_length=12, choices=Kind.choices)
    type = models.CharField(max_length=4, blank=True)  # TransactionType, or BudgetType
    date = models.DateField(null=True, blank=True)  # the transaction's date, or the period's start
    period_end = models.DateField(null=True, blank=True)
    value = MoneyField()
    currency = models.CharField(max_length=3, blank=True)
    value_date = models.DateField(null=True, blank=True)
    value_mad = MoneyField(null=True, blank=True)
    rate = RateField(null=True, blank=True)
    rate_date = models.DateField(null=True, blank=True)
    provider = models.CharField(max_length=100, blank=True)
    receiver = models.CharField(max_length=100, blank=True)

    class Meta:
        ordering = ["kind", "date", "id"]

    def __str__(self):
        return f"{self.get_kind_display()} {self.date or ''} {self.value} {self.currency}"


class PublishedBudget(models.Model):
    """A budget or an expenditure an organisation publishes in its own organisation file: in all,
    or for a recipient country, region or organisation, for a period."""

    class Kind(models.TextChoices):
        TOTAL = "total", _("Total budget")
        COUNTRY = "country", _("Budget for a country")
        REGION = "region", _("Budget for a region")
        ORGANISATION = "org", _("Budget for an organisation")
        EXPENDITURE = "expenditure", _("Total expenditure")

    publisher = models.ForeignKey(Publisher, on_delete=models.CASCADE, related_name="budgets")
    kind = models.CharField(max_length=12, choices=Kind.choices)
    target = models.CharField(max_length=100, blank=True)  # the country, region or organisation
    status = models.CharField(max_length=2, blank=True)  # BudgetStatus: 1 indicative, 2 committed
    start = models.DateField(null=True, blank=True)
    end = models.DateField(null=True, blank=True)
    value = MoneyField()
    currency = models.CharField(max_length=3, blank=True)
    value_date = models.DateField(null=True, blank=True)
    value_mad = MoneyField(null=True, blank=True)
    run = models.ForeignKey(ImportRun, on_delete=models.PROTECT, related_name="budgets")

    class Meta:
        ordering = ["publisher", "kind", "start", "id"]
        indexes = [models.Index(fields=["publisher", "kind", "target"])]

    def __str__(self):
        return f"{self.publisher_id} {self.kind} {self.target} {self.start}: {self.value} {self.currency}"
