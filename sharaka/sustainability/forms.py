"""The forms of the sustainability pages: types and ranges here, the rules in services.py."""

from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from sharaka.core import uploads
from sharaka.core.forms import AmountField, DateInput, SharakaForm, SharakaModelForm
from sharaka.core.models import User
from sharaka.core.people import PersonChoiceField
from sharaka.core.roles import INTERNAL_READERS
from sharaka.partners.models import Organisation
from sharaka.sustainability import photos
from sharaka.sustainability.models import Check, Evidence, Plan, RecurrentCost, Risk

SCALE = [(n, str(n)) for n in range(1, 6)]


class SettingsForm(SharakaForm):
    coverage_threshold = forms.DecimalField(
        label=_("Coverage threshold (%)"),
        min_value=Decimal(0),
        max_value=Decimal(100),
        decimal_places=2,
        max_digits=5,
        widget=forms.TextInput(attrs={"inputmode": "decimal", "dir": "ltr"}),
        help_text=_(
            "A project may close only when at least this share of its yearly recurrent costs has a "
            "confirmed payer, unless the president records why."
        ),
    )
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0, max_value=2**31)


class PlanForm(SharakaModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=0, max_value=2**31)

    class Meta:
        model = Plan
        fields = ["exit_strategy", "maintainer_kind", "maintainer_name", "handover_on", "no_recurrent_cost"]
        widgets = {
            "handover_on": DateInput(),
            "exit_strategy": forms.Textarea(attrs={"rows": 5, "dir": "auto"}),
            "maintainer_name": forms.TextInput(attrs={"dir": "auto"}),
        }


class CostForm(SharakaModelForm):
    amount_per_year = AmountField(
        label=_("MAD per year"),
        min_value=Decimal("0.01"),
        localize=True,
        widget=forms.TextInput(attrs={"inputmode": "decimal", "dir": "ltr"}),
    )
    payer_organisation = forms.ModelChoiceField(
        label=_("Partner organisation"), queryset=Organisation.objects.order_by("name_fr"), required=False
    )

    class Meta:
        model = RecurrentCost
        fields = [
            "what",
            "amount_per_year",
            "payer_kind",
            "payer_detail",
            "payer_organisation",
            "confirmed",
            "evidence",
        ]
        widgets = {
            "what": forms.TextInput(attrs={"dir": "auto"}),
            "payer_detail": forms.TextInput(attrs={"dir": "auto"}),
        }

    def __init__(self, *args, plan, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["evidence"].queryset = Evidence.objects.filter(plan=plan)
        self.fields["evidence"].help_text = _(
            "Needed to confirm a payer. Add the document to the plan first."
        )


class EvidenceForm(SharakaForm):
    title = forms.CharField(label=_("Title"), max_length=200, widget=forms.TextInput(attrs={"dir": "auto"}))
    kind = forms.ChoiceField(label=_("Type"), choices=Evidence.Kind.choices)
    file = uploads.UploadField(label=_("File"), purpose=uploads.SUPPORTING_DOCUMENT)


class WaiveForm(SharakaForm):
    reason = forms.CharField(
        label=_("Why the project may close with these costs uncovered"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3, "dir": "auto"}),
    )


class RiskForm(SharakaModelForm):
    likelihood = forms.TypedChoiceField(label=_("Likelihood (1-5)"), choices=SCALE, coerce=int)
    impact = forms.TypedChoiceField(label=_("Impact (1-5)"), choices=SCALE, coerce=int)
    owner = PersonChoiceField(
        label=_("Owner"),
        queryset=User.objects.filter(is_active=True, role__in=INTERNAL_READERS).order_by("username"),
        required=False,
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=0, max_value=2**31)

    class Meta:
        model = Risk
        fields = ["description", "category", "likelihood", "impact", "mitigation", "owner", "review_on"]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 3, "dir": "auto"}),
            "mitigation": forms.Textarea(attrs={"rows": 3, "dir": "auto"}),
            "review_on": DateInput(),
        }


class RiskMoveForm(SharakaForm):
    to = forms.ChoiceField(choices=Risk.Status.choices, widget=forms.HiddenInput)
    reason = forms.CharField(
        label=_("Why"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2, "dir": "auto"}),
    )


class CheckForm(SharakaModelForm):
    photo = uploads.UploadField(label=_("Photo"), purpose=photos.PHOTO, required=False)

    class Meta:
        model = Check
        fields = ["checked_on", "working", "used", "maintained", "findings"]
        widgets = {
            "checked_on": DateInput(),
            "working": forms.RadioSelect,
            "used": forms.RadioSelect,
            "maintained": forms.RadioSelect,
            "findings": forms.Textarea(attrs={"rows": 4, "dir": "auto"}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("working", "used", "maintained"):
            self.fields[name].required = True
            self.fields[name].choices = Check.Answer.choices
        self.fields["checked_on"].required = True
