"""Forms of the finance pages. They only shape input; the rules live in services."""

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Exists, OuterRef
from django.utils import translation
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from sharaka.core import codelists, uploads
from sharaka.core.forms import AmountField, DateInput, RateField, SharakaForm
from sharaka.core.people import PersonChoiceField
from sharaka.finance.models import LANGUAGES as REPORT_LANGUAGES
from sharaka.finance.models import Account, BudgetLine, Funder, Tranche, Transaction, TxType
from sharaka.lib.money import format_amount
from sharaka.partners.models import Organisation

DATE = DateInput()


class CurrencyField(forms.ChoiceField):
    def __init__(self, **kwargs):
        super().__init__(choices=codelists.currency_choices, **kwargs)


class RateForm(SharakaForm):
    currency = CurrencyField(label=_("Currency"))
    date = forms.DateField(label=_("Date"), widget=DATE)
    rate = RateField(label=_("Rate to MAD"), help_text=_("Dirhams for one unit."))
    source = forms.CharField(label=_("Source"), max_length=200, help_text=_("For example Bank Al-Maghrib."))


class RatesImportForm(SharakaForm):
    file = uploads.UploadField(
        label=_("CSV file"),
        purpose=uploads.CSV_IMPORT,
        help_text=_("Columns: currency, date (2026-03-31), rate, source."),
    )


class FunderForm(SharakaForm):
    kind = forms.ChoiceField(label=_("Kind"), choices=Funder.Kind.choices)
    organisation = forms.ModelChoiceField(
        label=_("Organisation"), queryset=Organisation.objects.order_by("acronym"), required=False
    )
    name = forms.CharField(
        label=_("Name"), max_length=200, required=False, help_text=_("When no organisation is given.")
    )
    currency = CurrencyField(label=_("Currency"), initial="MAD")
    cash = AmountField(label=_("Cash"), required=False)
    in_kind = AmountField(label=_("In kind"), required=False)
    rate_on = forms.DateField(
        label=_("Value the pledge at the rate of"),
        widget=DATE,
        required=False,
        help_text=_("Leave empty for the project's planned start."),
    )


class BudgetLineForm(SharakaForm):
    category = forms.ChoiceField(label=_("Category"), choices=BudgetLine.Category.choices)
    funder = forms.ModelChoiceField(label=_("Funder"), queryset=Funder.objects.none())
    description = forms.CharField(label=_("Description"), max_length=300, required=False)
    amount_mad = AmountField(label=_("Amount in MAD"))

    def __init__(self, *args, project, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["funder"].queryset = Funder.objects.filter(project=project).select_related("organisation")


def tranche_owners():
    """Who may chase a tranche: the commune's active staff (not partners, not the prefecture)."""
    from sharaka.core.models import User
    from sharaka.core.roles import Role

    return User.objects.filter(is_active=True).exclude(role__in=[Role.PARTNER_VIEWER, Role.PREFECTURE])


class TrancheForm(SharakaForm):
    funder = forms.ModelChoiceField(label=_("Funder"), queryset=Funder.objects.none())
    expected_on = forms.DateField(label=_("Expected on"), widget=DATE)
    currency = CurrencyField(label=_("Currency"))
    amount = AmountField(label=_("Amount"))
    note = forms.CharField(label=_("Note"), max_length=200, required=False)
    owner = PersonChoiceField(
        label=_("Owner"),
        queryset=None,
        required=False,
        help_text=_("Who chases the funder when the money is late. Empty: the project's manager."),
    )

    def __init__(self, *args, project, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["funder"].queryset = Funder.objects.filter(project=project).select_related("organisation")
        self.fields["owner"].queryset = tranche_owners().order_by("username")


class VersionMixin(SharakaForm):
    """The version of the record when the form was opened: a concurrent edit is detected, not lost."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


class FunderEditForm(VersionMixin, FunderForm):
    pass


class BudgetLineEditForm(VersionMixin, BudgetLineForm):
    pass


class TrancheEditForm(VersionMixin, TrancheForm):
    def __init__(self, *args, tranche, **kwargs):
        super().__init__(*args, project=tranche.project, **kwargs)
        if tranche.obligation_id:
            field = self.fields["expected_on"]
            field.disabled = True
            field.help_text = _("The due date of the agreement's obligation: change it on the agreement.")


class AgreementTranchesForm(SharakaForm):
    agreement = forms.ModelChoiceField(label=_("Agreement"), queryset=None)

    def __init__(self, *args, project, **kwargs):
        from sharaka.agreements.models import Obligation

        super().__init__(*args, **kwargs)
        self.fields["agreement"].queryset = (
            project.agreements.filter(obligations__kind=Obligation.Kind.TRANCHE).distinct().order_by("id")
        )


def open_tranches(project, funder=None):
    """The project's tranches not yet fully received (of one funder if given), with what is due."""
    from sharaka.finance.queries import with_receipt

    tranches = Tranche.objects.filter(project=project)
    if funder is not None:
        tranches = tranches.filter(funder=funder)
    return (
        with_receipt(tranches)
        .filter(received=False)
        .select_related("funder__organisation")
        .order_by("expected_on", "id")
    )


class TrancheChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        language = translation.get_language()
        return gettext("%(funder)s · expected on %(day)s · %(amount)s · still due %(due)s") % {
            "funder": obj.funder.display_name,
            "day": obj.expected_on.isoformat(),
            "amount": format_amount(obj.amount, obj.currency, language),
            "due": format_amount(obj.amount - obj.received_amount, obj.currency, language),
        }


class TransactionForm(SharakaForm):
    type = forms.ChoiceField(label=_("Type"))
    funder = forms.ModelChoiceField(label=_("Funder"), queryset=Funder.objects.none(), required=False)
    tranche = TrancheChoiceField(
        label=_("Tranche it settles"),
        queryset=Tranche.objects.none(),
        required=False,
        help_text=_(
            "Incoming funds only: the tranche of the chosen funder that this money pays, fully or in part."
        ),
    )
    budget_line = forms.ModelChoiceField(
        label=_("Budget line"), queryset=BudgetLine.objects.none(), required=False
    )
    account = forms.ModelChoiceField(label=_("Account"), queryset=Account.objects.all(), required=False)
    provider = forms.CharField(
        label=_("Provider"),
        max_length=200,
        required=False,
        help_text=_("Empty: the funder for incoming money, the commune for spending."),
    )
    receiver = forms.CharField(
        label=_("Receiver"),
        max_length=200,
        required=False,
        help_text=_("Empty: the commune for incoming money."),
    )
    value_date = forms.DateField(label=_("Value date"), widget=DATE)
    currency = CurrencyField(label=_("Currency"))
    amount = AmountField(label=_("Amount"))
    reference = forms.CharField(label=_("Reference"), max_length=100, required=False)
    description = forms.CharField(
        label=_("Description"),
        max_length=300,
        required=False,
        widget=forms.TextInput(attrs={"dir": "auto"}),
        help_text=_("What the money was for, as the donor report shows it."),
    )
    document = uploads.UploadField(
        label=_("Supporting document"), required=False, purpose=uploads.SUPPORTING_DOCUMENT
    )
    procedure = forms.ChoiceField(
        label=_("Procurement procedure"), choices=[("", "—"), *Transaction.Procedure.choices], required=False
    )
    nature = forms.ChoiceField(
        label=_("Nature of the purchase"), choices=[("", "—"), *Transaction.Nature.choices], required=False
    )
    amount_excl_tax_mad = AmountField(label=_("Amount excluding tax in MAD"), required=False)
    international = forms.BooleanField(label=_("International tender"), required=False)
    procurement_reference = forms.CharField(label=_("Procurement reference"), max_length=100, required=False)
    donor_rules = forms.BooleanField(label=_("Donor procurement rules apply"), required=False)

    def __init__(self, *args, project, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["type"].choices = TxType.choices()
        self.fields["funder"].queryset = Funder.objects.filter(project=project).select_related("organisation")
        self.fields["tranche"].queryset = open_tranches(project, self.initial.get("funder"))
        self.fields["budget_line"].queryset = BudgetLine.objects.filter(project=project).select_related(
            "funder__organisation"
        )

    def service_data(self) -> dict:
        """What `services.transaction_record` is given (the page and the API): the filled fields, and
        the two yes/no ones always."""
        return {
            k: v
            for k, v in self.cleaned_data.items()
            if v not in (None, "") or k in ("international", "donor_rules")
        }


class AccountForm(SharakaForm):
    kind = forms.ChoiceField(label=_("Kind"), choices=Account.Kind.choices)
    name = forms.CharField(label=_("Name"), max_length=200)
    reference = forms.CharField(
        label=_("Reference"), max_length=60, help_text=_("Budget line or account number.")
    )
    opened_on = forms.DateField(label=_("Opened on"), widget=DATE)


class ReverseForm(SharakaForm):
    value_date = forms.DateField(label=_("Date of the reversal"), widget=DATE)
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 3}))


class ReportForm(SharakaForm):
    funder = forms.ModelChoiceField(label=_("Funder"), queryset=Funder.objects.none())
    period_start = forms.DateField(label=_("Period start"), widget=DATE)
    period_end = forms.DateField(label=_("Period end"), widget=DATE)
    language = forms.ChoiceField(
        label=_("Language of the report"),
        choices=[("", _("The funder's working language")), *REPORT_LANGUAGES],
        required=False,
        help_text=_(
            "The report is written in this language whoever downloads it. Left at the first choice: "
            "the working language of the funder's organisation (Arabic when it has none)."
        ),
    )
    narrative = forms.CharField(
        label=_("Narrative"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 5, "dir": "auto"}),
        help_text=_("What was done with the money in the period, in the report's language."),
    )
    certifier_name = forms.CharField(
        label=_("Certified by (name)"),
        max_length=200,
        required=False,
        widget=forms.TextInput(attrs={"dir": "auto"}),
    )
    certifier_function = forms.CharField(
        label=_("Function"),
        max_length=200,
        required=False,
        widget=forms.TextInput(attrs={"dir": "auto"}),
        help_text=_("For example: President of the communal council, or Director of the commune's services."),
    )

    def __init__(self, *args, project, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["funder"].queryset = Funder.objects.filter(project=project).select_related("organisation")
        self.fields["funder"].label_from_instance = self._funder_label

    @staticmethod
    def _funder_label(funder) -> str:
        """The funder, and the language its report is written in unless another is chosen."""
        from sharaka.finance.services import default_report_language

        language = dict(REPORT_LANGUAGES)[default_report_language(funder)]
        return gettext("%(funder)s (reports in %(language)s)") % {
            "funder": funder.display_name,
            "language": language,
        }


class ImportForm(SharakaForm):
    kind = forms.ChoiceField(
        label=_("What the file holds"),
        choices=[("budget", _("Budget lines")), ("transactions", _("Transactions"))],
    )
    file = uploads.UploadField(label=_("Excel file (.xlsx)"), purpose=uploads.SPREADSHEET_IMPORT)
    confirm = forms.BooleanField(
        label=_("Apply it"), required=False, help_text=_("Leave unticked to see the preview first.")
    )


# Above this many choices a drop-down weighs more than the page it sits on (20,000 projects: 2 MB):
# the filter becomes a box where one types the project's code or the partner's acronym.
CHOICES_LIMIT = 100


class TransactionFilterForm(SharakaForm):
    project = forms.CharField(label=_("Project code"), required=False, max_length=40)
    type = forms.ChoiceField(label=_("Type"), required=False)
    currency = forms.ChoiceField(label=_("Currency"), required=False)
    year = forms.IntegerField(label=_("Year"), required=False, min_value=2000, max_value=2100)
    partner = forms.CharField(label=_("Partner (acronym)"), required=False, max_length=60)

    def __init__(self, *args, projects, funder_organisation=None, **kwargs):
        """`funder_organisation` (access.funder_organisation): a partner viewer is offered only its own
        organisation among the partners."""
        super().__init__(*args, **kwargs)
        self.projects = projects
        projects = projects.order_by("code")
        if len(projects[: CHOICES_LIMIT + 1].values_list("pk")) <= CHOICES_LIMIT:
            self.fields["project"] = forms.ModelChoiceField(
                label=_("Project"), queryset=projects, required=False
            )
        # The funders' organisations, each probed once (EXISTS) in no order until one more than the
        # limit is found: a DISTINCT over every funder of every project sorted them all first (40 ms
        # at national scale). Sorted by acronym only when they are few enough to be offered.
        funding = Funder.objects.filter(organisation=OuterRef("pk"))
        if self.projects.query.has_filters():  # a partner viewer's or a manager's projects
            funding = funding.filter(project__in=self.projects)
        partners = Organisation.objects.filter(Exists(funding))
        if funder_organisation is not None:
            partners = partners.filter(pk=funder_organisation)
        if len(partners.order_by()[: CHOICES_LIMIT + 1].values_list("pk")) <= CHOICES_LIMIT:
            partners = partners.order_by("acronym")
            self.fields["partner"] = forms.ModelChoiceField(
                label=_("Partner"), queryset=partners, required=False
            )
        self.fields["type"].choices = [("", "—"), *TxType.choices()]
        self.fields["currency"].choices = [("", "—"), *codelists.currency_choices()]

    def clean_project(self):
        value = self.cleaned_data.get("project")
        if isinstance(value, str) and value.strip():
            found = self.projects.filter(code__iexact=value.strip()).first()
            if found is None:
                raise ValidationError(
                    _("No project of yours has the code “%(code)s”."), params={"code": value}
                )
            return found
        return value or None

    def clean_partner(self):
        value = self.cleaned_data.get("partner")
        if isinstance(value, str) and value.strip():
            found = Organisation.objects.filter(acronym__iexact=value.strip()).first()
            if found is None:
                raise ValidationError(
                    _("No partner has the acronym “%(acronym)s”."), params={"acronym": value}
                )
            return found
        return value or None

    def filter(self, qs):
        """The filtered transactions; none while a filter is wrong (its message says why)."""
        if not self.is_bound:
            return qs
        if not self.is_valid():
            return qs.none()
        data = self.cleaned_data
        if data.get("project"):
            qs = qs.filter(project=data["project"])
        if data.get("type"):
            qs = qs.filter(type=data["type"])
        if data.get("currency"):
            qs = qs.filter(currency=data["currency"])
        if data.get("year"):
            qs = qs.filter(value_date__year=data["year"])
        if data.get("partner"):
            qs = qs.filter(funder__organisation=data["partner"])
        return qs
