"""The inquiry form of an opportunity's page on the portal (inquiries part)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from sharaka.core import codelists
from sharaka.core.forms import SharakaForm
from sharaka.promotion.inquiries import DEFAULT_KIND, KIND_CHOICES, MESSAGE_MIN


def _countries():
    return [("", "—"), *codelists.country_choices()]


class OpportunityInquiryForm(SharakaForm):
    name = forms.CharField(label=_("Your name"), max_length=150)
    organisation_name = forms.CharField(label=_("Your organisation"), max_length=200)
    kind = forms.ChoiceField(label=_("Kind of organisation"), choices=KIND_CHOICES, initial=DEFAULT_KIND)
    country = forms.ChoiceField(label=_("Country"), choices=_countries)
    email = forms.EmailField(
        label=_("Your e-mail"),
        max_length=254,
        help_text=_("We answer you at this address. It is never published."),
    )
    message = forms.CharField(
        label=_("Your message"),
        min_length=MESSAGE_MIN,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 6}),
    )
    # Honeypot: hidden from people by the portal's CSS (.inquiry-form), filled by robots.
    website = forms.CharField(
        label=_("Leave this field empty"),
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["name"].widget.attrs["autocomplete"] = "name"
        self.fields["organisation_name"].widget.attrs["autocomplete"] = "organization"
        self.fields["email"].widget.attrs["autocomplete"] = "email"
        self.fields["country"].widget.attrs["autocomplete"] = "country"
        self.fields["message"].error_messages["min_length"] = _(
            "Please write a message of at least 10 characters."
        )

    def clean(self):
        data = super().clean()
        if data.get("website"):  # shown at the top: the field itself is out of sight
            raise forms.ValidationError(
                _("Your message was not sent: the last field of the form must stay empty."), code="honeypot"
            )
        return data


class DecisionForm(SharakaForm):
    """The unit's answer about a possible duplicate."""

    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[
            ("same", _("Same organisation: move to the known one")),
            ("different", _("Different organisations")),
        ],
        widget=forms.HiddenInput,
    )
