from django import forms
from django.utils.translation import gettext_lazy as _

from sharaka.core.forms import SharakaForm
from sharaka.portal.models import Inquiry


class InquiryForm(SharakaForm):
    name = forms.CharField(label=_("Your name (optional)"), max_length=150, required=False)
    contact = forms.CharField(
        label=_("E-mail or phone (optional)"),
        max_length=150,
        required=False,
        help_text=_("Only if you want a direct answer. Never published."),
    )
    message = forms.CharField(
        label=_("Your message"), max_length=4000, widget=forms.Textarea(attrs={"rows": 5})
    )
    # Honeypot: hidden from people by CSS, filled by robots.
    website = forms.CharField(label=_("Leave this field empty"), required=False)
    project = forms.IntegerField(required=False, widget=forms.HiddenInput)


class AnswerForm(SharakaForm):
    status = forms.ChoiceField(label=_("Status"), choices=Inquiry.Status.choices)
    answer = forms.CharField(label=_("Answer"), required=False, widget=forms.Textarea(attrs={"rows": 6}))
    answer_is_public = forms.BooleanField(label=_("Publish the answer with the project"), required=False)
