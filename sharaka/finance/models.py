"""The money side of a project: co-financing plan, budget lines, rates, accounts, transactions,
tranches and the financial reports that lock what they report.

Every amount is a Decimal with its currency; every foreign amount keeps the rate, the rate's date
and its source as they were when it was recorded, and its MAD value rounded once (lib.money.quantize).
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from sharaka.core import codelists
from sharaka.core.money import MoneyField, RateField
from sharaka.core.multilingual import best

# The languages a donor report is written in (the staff's languages; not Tamazight).
LANGUAGES = [("ar", _("Arabic")), ("fr", _("French")), ("en", _("English"))]


class TxType:
    """IATI TransactionType codes, and the money's road they draw: pledged, received, committed, paid."""

    INCOMING_FUNDS = "1"
    OUTGOING_COMMITMENT = "2"
    DISBURSEMENT = "3"
    EXPENDITURE = "4"
    INCOMING_COMMITMENT = "11"
    INCOMING_PLEDGE = "13"

    PLEDGED = ("11", "13")
    RECEIVED = ("1",)
    COMMITTED = ("2",)
    PAID = ("3", "4")
    OUTGOING = ("2", "3", "4", "5", "6", "7", "8", "10", "12")
    INCOMING = ("1", "9", "11", "13")

    LABELS = {
        "1": _("Incoming funds"),
        "2": _("Outgoing commitment"),
        "3": _("Disbursement"),
        "4": _("Expenditure"),
        "11": _("Incoming commitment"),
        "13": _("Incoming pledge"),
    }

    @classmethod
    def label(cls, code: str) -> str:
        return str(cls.LABELS[code]) if code in cls.LABELS else codelists.label("TransactionType", code)

    @classmethod
    def choices(cls):
        return [(code, f"{code} · {cls.label(code)}") for code in codelists.names("TransactionType")]


class ExchangeRate(models.Model):
    """How many dirhams one unit of a currency was worth on a date, and who said so."""

    currency = models.CharField(_("currency"), max_length=3)
    date = models.DateField(_("date"))
    rate = RateField(_("rate to MAD"), help_text=_("Dirhams for one unit of the currency."))
    source = models.CharField(_("source"), max_length=200)
    is_illustrative = models.BooleanField(_("illustrative (demo)"), default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("exchange rate")
        verbose_name_plural = _("exchange rates")
        ordering = ["currency", "-date"]
        constraints = [
            models.UniqueConstraint(
                fields=["currency", "date"],
                name="finance_rate_unique",
                violation_error_message=_("There is already a rate for this currency on this date."),
            ),
            models.CheckConstraint(condition=models.Q(rate__gt=0), name="finance_rate_positive"),
        ]

    def __str__(self):
        return f"{self.currency} {self.date:%Y-%m-%d} = {self.rate} MAD"


class Funder(models.Model):
    """One row of a project's co-financing plan: who brings what, in cash and in kind (art. 150)."""

    class Kind(models.TextChoices):
        PARTNER = "partner", _("International partner")
        COMMUNE = "commune", _("The commune's own share")
        NATIONAL = "national", _("National source (INDH, region, ministry)")
        OTHER = "other", _("Other")

    project = models.ForeignKey(
        "projects.Project",
        verbose_name=_("project"),
        related_name="finance_funders",
        on_delete=models.CASCADE,
    )
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    organisation = models.ForeignKey(
        "partners.Organisation",
        verbose_name=_("organisation"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="funded",
    )
    name = models.CharField(
        _("name"), max_length=200, blank=True, help_text=_("When no organisation is given.")
    )
    currency = models.CharField(_("currency"), max_length=3, default="MAD")
    cash = MoneyField(_("cash"), default=0)
    in_kind = MoneyField(_("in kind"), default=0)
    rate = RateField(_("rate used"), default=1)
    rate_date = models.DateField(_("rate date"), null=True, blank=True)
    cash_mad = MoneyField(_("cash in MAD"), default=0)
    in_kind_mad = MoneyField(_("in kind in MAD"), default=0)
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        verbose_name = _("funder")
        verbose_name_plural = _("co-financing plan")
        ordering = ["kind", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(cash__gte=0, in_kind__gte=0), name="finance_funder_not_negative"
            ),
        ]

    def __str__(self):
        return self.display_name

    @property
    def display_name(self) -> str:
        if self.organisation_id:
            org = self.organisation
            return org.acronym or best(org, "name")
        return self.name or self.get_kind_display()

    @property
    def total_mad(self):
        return self.cash_mad + self.in_kind_mad


class BudgetLine(models.Model):
    class Category(models.TextChoices):
        WORKS = "works", _("Works")
        EQUIPMENT = "equipment", _("Equipment")
        SERVICES = "services", _("Services and studies")
        TRAINING = "training", _("Training")
        STAFF = "staff", _("Staff")
        MONITORING = "monitoring", _("Monitoring and evaluation")
        COMMUNICATION = "communication", _("Communication")
        CONTINGENCY = "contingency", _("Contingency")

    project = models.ForeignKey(
        "projects.Project", verbose_name=_("project"), related_name="budget_lines", on_delete=models.CASCADE
    )
    category = models.CharField(_("category"), max_length=16, choices=Category.choices)
    funder = models.ForeignKey(
        Funder, verbose_name=_("funder"), related_name="lines", on_delete=models.PROTECT
    )
    description = models.CharField(_("description"), max_length=300, blank=True)
    amount_mad = MoneyField(_("amount in MAD"))
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        verbose_name = _("budget line")
        verbose_name_plural = _("budget")
        ordering = ["category", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["project", "category", "funder"],
                name="finance_budget_line_unique",
                violation_error_message=_("This funder already has a line in this category."),
            ),
            models.CheckConstraint(condition=models.Q(amount_mad__gt=0), name="finance_budget_line_positive"),
        ]

    def __str__(self):
        return f"{self.get_category_display()} · {self.funder}"


class Account(models.Model):
    """Where the money sits: the budget line for aid and gifts, or a special account (art. 170-172)."""

    class Kind(models.TextChoices):
        AID_LINE = "aid_line", _("Budget line for aid and gifts")
        EARMARKED = "earmarked", _("Special account: earmarked (CAS)")
        ALLOCATION = "allocation", _("Special account: expenditure on allocation")

    SPECIAL = (Kind.EARMARKED, Kind.ALLOCATION)
    DORMANT_YEARS = 3

    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    name = models.CharField(_("name"), max_length=200)
    reference = models.CharField(_("reference"), max_length=60, help_text=_("Budget line or account number."))
    opened_on = models.DateField(_("opened on"))

    class Meta:
        verbose_name = _("account")
        verbose_name_plural = _("accounts")
        ordering = ["kind", "name"]

    def __str__(self):
        return f"{self.name} ({self.reference})"

    @property
    def is_special(self) -> bool:
        return self.kind in self.SPECIAL


class FinancialReport(models.Model):
    """A donor financial report issued for a project, a funder and a period: it locks the period."""

    project = models.ForeignKey(
        "projects.Project",
        verbose_name=_("project"),
        related_name="financial_reports",
        on_delete=models.PROTECT,
    )
    funder = models.ForeignKey(
        Funder, verbose_name=_("funder"), related_name="reports", on_delete=models.PROTECT
    )
    period_start = models.DateField(_("period start"))
    period_end = models.DateField(_("period end"))
    issued_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    issued_at = models.DateTimeField(_("issued"), auto_now_add=True)
    # What the issuer chose, kept so that the report reads the same whoever opens it and whenever.
    # An empty language (reports issued before it was asked) means the funder's working language.
    language = models.CharField(
        _("language"), max_length=8, choices=LANGUAGES, blank=True, default="", db_default=""
    )
    narrative = models.TextField(_("narrative"), blank=True, default="", db_default="")
    certifier_name = models.CharField(
        _("certified by"), max_length=200, blank=True, default="", db_default=""
    )
    certifier_function = models.CharField(
        _("function"), max_length=200, blank=True, default="", db_default=""
    )

    class Meta:
        verbose_name = _("financial report")
        verbose_name_plural = _("financial reports")
        ordering = ["-period_end", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(period_end__gte=models.F("period_start")),
                name="finance_report_period_order",
            ),
        ]

    def __str__(self):
        return (
            f"{self.project.code} · {self.funder} · {self.period_start:%Y-%m-%d} – {self.period_end:%Y-%m-%d}"
        )


class Tranche(models.Model):
    """A payment a funder plans to make: expected date and amount, and who chases it.

    A tranche generated from an agreement points to the agreement's tranche obligation: the
    obligation says when (its due date is the tranche's expected date), the tranche says how much.
    """

    project = models.ForeignKey(
        "projects.Project",
        verbose_name=_("project"),
        related_name="finance_tranches",
        on_delete=models.CASCADE,
    )
    funder = models.ForeignKey(
        Funder, verbose_name=_("funder"), related_name="tranches", on_delete=models.PROTECT
    )
    expected_on = models.DateField(_("expected on"))
    currency = models.CharField(_("currency"), max_length=3)
    amount = MoneyField(_("amount"))
    note = models.CharField(_("note"), max_length=200, blank=True)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("owner"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="finance_tranches",
        help_text=_("Who chases the funder when the money is late."),
    )
    obligation = models.ForeignKey(
        "agreements.Obligation",
        verbose_name=_("agreement obligation"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="finance_tranches",
    )
    # How many late reminders were sent (finance.reminders.STAGES): each stage is mailed once.
    late_stage_sent = models.PositiveSmallIntegerField(default=0, editable=False)
    # What the receipts against it bring, in its currency, less the receipts reversed since: kept by
    # `totals.add` with each receipt and each reversal of one (`queries.with_receipt` reads it).
    received_amount = MoneyField(_("received"), default=0, db_default=0, editable=False)
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        verbose_name = _("tranche")
        verbose_name_plural = _("tranches")
        ordering = ["expected_on", "id"]
        indexes = [
            # The late tranches, oldest first: only the tranches still (partly) due.
            models.Index(
                fields=["expected_on", "id"],
                condition=models.Q(received_amount__lt=models.F("amount")),
                name="finance_tranche_due",
            ),
        ]
        constraints = [
            models.CheckConstraint(condition=models.Q(amount__gt=0), name="finance_tranche_positive"),
            models.UniqueConstraint(
                fields=["project", "obligation"],
                name="finance_tranche_one_per_obligation",
                violation_error_message=_("This obligation already has a tranche in this project."),
            ),
        ]

    def __str__(self):
        return f"{self.funder} {self.expected_on:%Y-%m-%d}"


class Transaction(models.Model):
    """One movement of money in IATI terms, with the rate that turned it into dirhams."""

    class Procedure(models.TextChoices):
        OPEN_TENDER = "open_tender", _("Open tender")
        SIMPLIFIED = "simplified", _("Simplified open tender")
        PURCHASE_ORDER = "purchase_order", _("Purchase order")
        NEGOTIATED = "negotiated", _("Negotiated procedure")

    class Nature(models.TextChoices):
        WORKS = "works", _("Works")
        SUPPLIES = "supplies", _("Supplies")
        SERVICES = "services", _("Services")

    project = models.ForeignKey(
        "projects.Project",
        verbose_name=_("project"),
        related_name="finance_transactions",
        on_delete=models.PROTECT,
    )
    type = models.CharField(_("type"), max_length=2)
    funder = models.ForeignKey(
        Funder,
        verbose_name=_("funder"),
        null=True,
        blank=True,
        related_name="transactions",
        on_delete=models.PROTECT,
    )
    budget_line = models.ForeignKey(
        BudgetLine,
        verbose_name=_("budget line"),
        null=True,
        blank=True,
        related_name="transactions",
        on_delete=models.PROTECT,
    )
    account = models.ForeignKey(
        Account,
        verbose_name=_("account"),
        null=True,
        blank=True,
        related_name="transactions",
        on_delete=models.PROTECT,
    )
    tranche = models.ForeignKey(
        Tranche,
        verbose_name=_("tranche"),
        null=True,
        blank=True,
        related_name="receipts",
        on_delete=models.PROTECT,
    )
    provider = models.CharField(_("provider"), max_length=200)
    receiver = models.CharField(_("receiver"), max_length=200)
    value_date = models.DateField(_("value date"))
    currency = models.CharField(_("currency"), max_length=3)
    amount = MoneyField(_("amount"))
    rate = RateField(_("rate used"))
    rate_date = models.DateField(_("rate date"))
    rate_source = models.CharField(_("rate source"), max_length=200)
    amount_mad = MoneyField(_("amount in MAD"))
    reference = models.CharField(_("reference"), max_length=100, blank=True)
    description = models.CharField(
        _("description"),
        max_length=300,
        blank=True,
        default="",
        db_default="",
        help_text=_("What the money was for, as the donor report shows it."),
    )
    document = models.FileField(_("supporting document"), upload_to="finance/%Y/%m/", blank=True)
    procedure = models.CharField(
        _("procurement procedure"), max_length=16, choices=Procedure.choices, blank=True
    )
    nature = models.CharField(_("nature of the purchase"), max_length=10, choices=Nature.choices, blank=True)
    amount_excl_tax_mad = MoneyField(_("amount excluding tax in MAD"), null=True, blank=True)
    international = models.BooleanField(_("international tender"), default=False)
    procurement_reference = models.CharField(_("procurement reference"), max_length=100, blank=True)
    donor_rules = models.BooleanField(_("donor procurement rules apply"), default=False)
    reverses = models.OneToOneField(
        "self",
        verbose_name=_("reverses"),
        null=True,
        blank=True,
        related_name="reversal",
        on_delete=models.PROTECT,
    )
    reason = models.TextField(_("reason"), blank=True)
    locked_by = models.ForeignKey(
        FinancialReport,
        verbose_name=_("locked by report"),
        null=True,
        blank=True,
        related_name="transactions",
        on_delete=models.PROTECT,
    )
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(_("recorded"), auto_now_add=True)

    class Meta:
        verbose_name = _("transaction")
        verbose_name_plural = _("transactions")
        ordering = ["-value_date", "-id"]
        indexes = [
            models.Index(fields=["project", "type", "value_date"]),
            models.Index(
                fields=["project", "-value_date", "-id"], name="finance_tx_project_recent"
            ),  # a project's latest
            models.Index(fields=["value_date"]),
            models.Index(fields=["tranche", "reverses"]),  # has this tranche been received?
        ]
        constraints = [
            # Positive, except a reversal, which is the exact opposite of what it corrects.
            models.CheckConstraint(
                condition=models.Q(reverses__isnull=True, amount__gt=0)
                | models.Q(reverses__isnull=False, amount__lt=0),
                name="finance_transaction_amount_sign",
            ),
            models.CheckConstraint(condition=models.Q(rate__gt=0), name="finance_transaction_rate_positive"),
        ]

    def __str__(self):
        return f"{self.project.code} · {self.type_label} · {self.value_date:%Y-%m-%d} · {self.amount} {self.currency}"

    @property
    def type_label(self) -> str:
        return TxType.label(self.type)

    @property
    def is_foreign(self) -> bool:
        return self.currency != "MAD"


class Tally(models.Model):
    """Running totals of the transactions, per project, funder, year of value date and type.

    Kept by the two services that create transactions (`services.transaction_record` and
    `transaction_reverse`, through `tally.add`), in the same database transaction, so that the
    dashboard and the portal sum a few rows per project instead of every transaction (a region holds
    a million). Transactions are never edited or deleted (a correction is a reversal), so a tally
    only ever grows by the amount of one new transaction; `tally.rebuild()` recomputes them all
    from the transactions and `tally.differences()` proves they agree.
    """

    project = models.ForeignKey("projects.Project", related_name="+", on_delete=models.PROTECT)
    funder = models.ForeignKey(Funder, null=True, blank=True, related_name="+", on_delete=models.PROTECT)
    year = models.PositiveSmallIntegerField()
    type = models.CharField(max_length=2)
    amount_mad = MoneyField(default=0)
    count = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("running total")
        verbose_name_plural = _("running totals")
        constraints = [
            models.UniqueConstraint(fields=["project", "funder", "year", "type"], name="finance_tally_key"),
        ]

    def __str__(self):
        return f"{self.project_id} · {self.funder_id} · {self.year} · {self.type}: {self.amount_mad}"


# The dashboard's totals: coarser than `Tally`, a few hundred rows for a whole region, so that the
# finance dashboard of the commune's staff reads them instead of summing every project's tallies.
# Kept by `totals.py` in the same transaction as the change (a new transaction, a funder's partner or
# name changed, a project's areas changed); `totals.rebuild()` and `totals.differences()` as for Tally.


class _Total(models.Model):
    type = models.CharField(max_length=2)
    amount_mad = MoneyField(default=0)
    count = models.PositiveIntegerField(default=0)

    class Meta:
        abstract = True


class PartnerTotal(_Total):
    """Transactions per partner of the dashboard (the funder's organisation and the funder's name;
    both empty for money not attributed to a funder) and type, every project and year together."""

    organisation = models.ForeignKey(
        "partners.Organisation", null=True, blank=True, related_name="+", on_delete=models.CASCADE
    )
    name = models.CharField(max_length=200, blank=True)

    class Meta:
        verbose_name = _("total by partner")
        verbose_name_plural = _("totals by partner")

    def __str__(self):
        return f"{self.organisation_id} · {self.name} · {self.type}: {self.amount_mad}"


class AreaTotal(_Total):
    """Transactions per cooperation area of their project (a project in two areas counts in both) and type."""

    area = models.CharField(max_length=32)

    class Meta:
        verbose_name = _("total by area")
        verbose_name_plural = _("totals by area")
        constraints = [models.UniqueConstraint(fields=["area", "type"], name="finance_area_total_key")]

    def __str__(self):
        return f"{self.area} · {self.type}: {self.amount_mad}"


class YearTotal(_Total):
    """Transactions per year of value date and type, every project together."""

    year = models.PositiveSmallIntegerField()

    class Meta:
        verbose_name = _("total by year")
        verbose_name_plural = _("totals by year")
        constraints = [models.UniqueConstraint(fields=["year", "type"], name="finance_year_total_key")]

    def __str__(self):
        return f"{self.year} · {self.type}: {self.amount_mad}"


class AccountTotal(_Total):
    """Transactions per account and type, with the latest value date (the dormant special accounts)."""

    account = models.ForeignKey(Account, related_name="totals", on_delete=models.CASCADE)
    last_on = models.DateField()

    class Meta:
        verbose_name = _("total by account")
        verbose_name_plural = _("totals by account")
        constraints = [models.UniqueConstraint(fields=["account", "type"], name="finance_account_total_key")]

    def __str__(self):
        return f"{self.account_id} · {self.type}: {self.amount_mad}"
