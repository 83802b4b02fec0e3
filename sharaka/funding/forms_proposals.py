"""The forms of the proposal builder: types and bounds here, the rules in services_proposals.py."""

from django import forms
from django.utils.translation import gettext_lazy as _

from sharaka.core.forms import SharakaForm
from sharaka.funding.services_proposals import MAX_SECTION_CHARS


class SectionForm(SharakaForm):
    text = forms.CharField(
        label=_("Text"),
        required=False,
        max_length=MAX_SECTION_CHARS,
        strip=True,
        widget=forms.Textarea(attrs={"rows": 10, "dir": "auto"}),
        help_text=_("Leave it empty to go back to the draft written from the project's data."),
    )
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0, max_value=2**31)


class ReuseForm(SharakaForm):
    source = forms.IntegerField(widget=forms.HiddenInput, min_value=1, max_value=2**31)


class DownloadForm(SharakaForm):
    document = forms.ChoiceField(
        label=_("Document"),
        choices=[("concept_note", _("Concept note")), ("full", _("Full proposal"))],
    )
    format = forms.ChoiceField(label=_("Format"), choices=[("docx", "DOCX"), ("pdf", "PDF")])
