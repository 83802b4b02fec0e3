from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from sharaka.core import uploads
from sharaka.core.forms import SharakaForm


class UploadForm(SharakaForm):
    file = uploads.UploadField(
        label=_("IATI activity file (XML)"),
        purpose=uploads.IATI_FILE,
        help_text=_(
            "A file a donor publishes on the IATI Registry, of version 2.01, 2.02 or 2.03. "
            "Larger files are imported from the command line (docs/iati.md)."
        ),
    )


class AddressForm(SharakaForm):
    url = forms.URLField(
        label=_("Address of the file"),
        max_length=500,
        assume_scheme="https",
        widget=forms.URLInput(attrs={"dir": "ltr", "placeholder": "https://"}),
        help_text=_(
            "The address of an IATI activity file on the web (https), as the IATI Registry gives it. "
            "The server fetches it in the background."
        ),
    )

    def clean_url(self):
        from sharaka.iati import fetching, report
        from sharaka.iati.reading import Refused

        url = self.cleaned_data["url"]
        try:
            fetching.check_address(url)
        except Refused as refused:
            raise ValidationError(report.refusal_text(refused.code, refused.params)) from None
        return url


class DecisionForm(SharakaForm):
    """Confirm or reject a proposed match: the version the page showed (a concurrent decision is refused)."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1, max_value=2**31 - 1)
