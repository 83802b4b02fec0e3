from django import forms
from django.utils.translation import gettext_lazy as _

from sharaka.core.forms import SharakaForm


class TokenForm(SharakaForm):
    name = forms.CharField(
        label=_("Name"),
        max_length=80,
        help_text=_("What will use it, for example “Finance spreadsheet”."),
        widget=forms.TextInput(attrs={"dir": "auto"}),
    )
