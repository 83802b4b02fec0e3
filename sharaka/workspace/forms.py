from django import forms
from django.utils.translation import gettext_lazy as _

from sharaka.core.forms import SharakaForm
from sharaka.core.models import User


class DigestForm(SharakaForm):
    digest = forms.ChoiceField(
        label=_("E-mail digest of my work"),
        choices=User.Digest.choices,
        required=False,
        widget=forms.RadioSelect,
        help_text=_("Sent in your language (your profile's language), only when there is something to say."),
    )
