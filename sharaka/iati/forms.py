from django import forms
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


class DecisionForm(SharakaForm):
    """Confirm or reject a proposed match: the version the page showed (a concurrent decision is refused)."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1, max_value=2**31 - 1)
