"""The matching weights form: types and ranges here, the rule (one part at least) in services_matching."""

from django import forms
from django.utils.translation import gettext_lazy as _

from sharaka.core.forms import SharakaForm
from sharaka.funding.models import MatchingWeights
from sharaka.funding.services_matching import MAX_WEIGHT

HELP = {
    "area_sector": _("Shared objectives, cooperation areas and DAC sectors."),
    "budget": _("What the project seeks against the call's minimum and maximum grant."),
    "cofinancing": _("The confirmed share of the commune and its partners against what the call requires."),
    "time": _("Days before the next deadline against the days needed to prepare the stage."),
    "priority": _("The project's priority in the commune's action programme (PAC)."),
    "record": _("Agreements, money, negotiations and applications with the funder."),
    "text": _("Words the titles and summaries share, language by language."),
}


class WeightsForm(SharakaForm):
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0, max_value=2**31)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for part in MatchingWeights.PARTS:
            self.fields[part] = forms.IntegerField(
                label=MatchingWeights._meta.get_field(part).verbose_name.capitalize(),
                min_value=0,
                max_value=MAX_WEIGHT,
                help_text=HELP[part],
                widget=forms.NumberInput(attrs={"min": 0, "max": MAX_WEIGHT, "step": 1, "dir": "ltr"}),
            )
        # The version last, after the weights.
        self.order_fields([*MatchingWeights.PARTS, "version"])
