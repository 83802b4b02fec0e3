"""The forms of events and their sponsors: types and ranges here, the rules in events.py."""

from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from sharaka.core import codelists
from sharaka.core.forms import AmountField, DateInput, SharakaForm, SharakaModelForm
from sharaka.core.models import Locality
from sharaka.core.people import PickerSelect
from sharaka.partners.models import Organisation
from sharaka.projects.forms import OrganisationChoiceField
from sharaka.promotion.events import MAX_EDITION, MAX_VISITORS
from sharaka.promotion.models import Event, Opportunity, Sponsorship


def _amount(label, help_text=""):
    return AmountField(
        label=label,
        required=False,
        localize=True,
        help_text=help_text,
        widget=forms.TextInput(attrs={"inputmode": "decimal", "dir": "ltr"}),
    )


class EventForm(SharakaModelForm):
    """Create or change an event; `version` carries the version the form was opened on."""

    opportunity = forms.ModelChoiceField(
        label=_("Opportunity"),
        queryset=Opportunity.objects.filter(archived_at__isnull=True),
        required=False,
        help_text=_("The sponsorship offer of the catalogue this event came from, if any."),
    )
    locality = forms.ModelChoiceField(label=_("Locality"), queryset=Locality.objects.all(), required=False)
    edition = forms.IntegerField(label=_("Edition"), required=False, min_value=1, max_value=MAX_EDITION)
    visitors = forms.IntegerField(label=_("Visitors"), required=False, min_value=0, max_value=MAX_VISITORS)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=0, max_value=2**31)

    class Meta:
        model = Event
        fields = [
            "title_ar",
            "title_fr",
            "title_en",
            "title_zgh",
            "edition",
            "starts_on",
            "ends_on",
            "locality",
            "place",
            "summary_ar",
            "summary_fr",
            "summary_en",
            "visitors",
            "opportunity",
        ]
        widgets = {
            "title_ar": forms.TextInput(attrs={"dir": "rtl", "lang": "ar"}),
            "title_fr": forms.TextInput(attrs={"dir": "ltr", "lang": "fr"}),
            "title_en": forms.TextInput(attrs={"dir": "ltr", "lang": "en"}),
            "title_zgh": forms.TextInput(attrs={"dir": "ltr", "lang": "zgh"}),
            "place": forms.TextInput(attrs={"dir": "auto"}),
            "summary_ar": forms.Textarea(attrs={"rows": 3, "dir": "rtl", "lang": "ar"}),
            "summary_fr": forms.Textarea(attrs={"rows": 3, "dir": "ltr", "lang": "fr"}),
            "summary_en": forms.Textarea(attrs={"rows": 3, "dir": "ltr", "lang": "en"}),
            "starts_on": DateInput(),
            "ends_on": DateInput(),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["version"].initial = self.instance.version

    def _post_clean(self):
        """The rules (title in one language, dates in order) are the service's: not run twice here."""

    def event_data(self) -> dict:
        return {name: self.cleaned_data.get(name) for name in self.Meta.fields}


class SponsorshipForm(SharakaModelForm):
    """Add or correct a sponsorship; `fingerprint` carries the state of the row the form opened on."""

    organisation = OrganisationChoiceField(
        label=_("Organisation"),
        queryset=Organisation.objects.order_by("name_fr", "name_en", "name_ar"),
        widget=PickerSelect,
        help_text=_("A partner organisation. Add it to the partners first if it is missing."),
    )
    amount = _amount(_("Amount in cash"), _("Leave empty when the partner brings no cash."))
    currency = forms.ChoiceField(label=_("Currency"), initial="MAD")
    in_kind_value = _amount(
        _("Estimated value in kind (MAD)"),
        _("In dirhams, the commune's own estimate of the support in kind."),
    )
    fingerprint = forms.CharField(widget=forms.HiddenInput, required=False, max_length=64)

    class Meta:
        model = Sponsorship
        fields = [
            "organisation",
            "role",
            "amount",
            "currency",
            "agreed_on",
            "in_kind",
            "in_kind_value",
            "given_back",
            "is_public",
        ]
        widgets = {
            "agreed_on": DateInput(),
            "in_kind": forms.TextInput(attrs={"dir": "auto"}),
            "given_back": forms.TextInput(attrs={"dir": "auto"}),
        }

    def __init__(self, *args, fingerprint: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["currency"].choices = codelists.currency_choices()
        if fingerprint:
            self.fields["fingerprint"].initial = fingerprint

    def _post_clean(self):
        """The rules are the service's (events.validate_sponsorship)."""

    def sponsorship_data(self) -> dict:
        data = {name: self.cleaned_data.get(name) for name in self.Meta.fields}
        for name in ("amount", "in_kind_value"):
            if data[name] is None:
                data[name] = Decimal(0)
        return data


class ReasonForm(SharakaForm):
    reason = forms.CharField(
        label=_("Why"), max_length=500, widget=forms.Textarea(attrs={"rows": 2, "dir": "auto"})
    )


class OptionalReasonForm(SharakaForm):
    reason = forms.CharField(
        label=_("Why (optional)"),
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2, "dir": "auto"}),
    )
