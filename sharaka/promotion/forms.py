"""Forms of the catalogue's unit pages. They shape input; the rules live in services."""

from django import forms
from django.utils.translation import gettext_lazy as _

from sharaka.core import codelists, uploads
from sharaka.core.forms import AmountField, SharakaForm, SharakaModelForm
from sharaka.core.models import Locality, User
from sharaka.core.people import PersonChoiceField
from sharaka.core.roles import CAPABILITIES
from sharaka.promotion.models import Opportunity
from sharaka.promotion.pipeline import PIPELINE
from sharaka.promotion.services import FIELDS
from sharaka.sustainability import photos as photo_checks


def _ltr(**attrs):
    return forms.TextInput(attrs={"dir": "ltr", **attrs})


class OpportunityForm(SharakaModelForm):
    estimated_cost = AmountField(label=_("Estimated cost"), required=False, min_value=0)
    currency = forms.ChoiceField(label=_("Currency"), choices=codelists.currency_choices, initial="MAD")
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Opportunity
        fields = [name for name in FIELDS if name != "project"]
        field_classes = {"owner": PersonChoiceField}
        widgets = {
            "code": _ltr(),
            "title_ar": forms.TextInput(attrs={"lang": "ar", "dir": "rtl"}),
            "title_fr": forms.TextInput(attrs={"lang": "fr", "dir": "ltr"}),
            "title_en": forms.TextInput(attrs={"lang": "en", "dir": "ltr"}),
            "title_zgh": forms.TextInput(attrs={"lang": "zgh", "dir": "ltr"}),
            "summary_ar": forms.Textarea(attrs={"lang": "ar", "dir": "rtl", "rows": 4}),
            "summary_fr": forms.Textarea(attrs={"lang": "fr", "dir": "ltr", "rows": 4}),
            "summary_en": forms.Textarea(attrs={"lang": "en", "dir": "ltr", "rows": 4}),
            "latitude": forms.NumberInput(attrs={"dir": "ltr", "step": "0.00001"}),
            "longitude": forms.NumberInput(attrs={"dir": "ltr", "step": "0.00001"}),
            "internal_notes": forms.Textarea(attrs={"rows": 3, "dir": "auto"}),
        }
        help_texts = {
            "code": _("Letters, digits and hyphens: it makes the public address, e.g. surf-school-tamraght."),
            "latitude": _("Or choose a locality. A point inside the commune, e.g. 30.49200."),
        }

    def __init__(self, data=None, *args, creator=None, **kwargs):
        super().__init__(data, *args, **kwargs)
        self.fields["locality"].queryset = Locality.objects.order_by("name_fr")
        self.fields["owner"].queryset = User.objects.filter(
            is_active=True, role__in=CAPABILITIES["promotion.edit"]
        ).order_by("first_name", "last_name", "username")
        if self.instance.pk:
            self.initial.setdefault("version", self.instance.version)
        elif creator is not None and self.fields["owner"].queryset.filter(pk=creator.pk).exists():
            self.initial.setdefault("owner", creator.pk)

    def opportunity_data(self) -> dict:
        return {name: self.cleaned_data.get(name) for name in FIELDS if name in self.cleaned_data}


class MoveForm(SharakaForm):
    to = forms.ChoiceField(label=_("Move to"), choices=())
    reason = forms.CharField(
        label=_("Why"),
        required=False,
        max_length=500,
        widget=forms.TextInput(attrs={"dir": "auto"}),
        help_text=_("Required to close an opportunity."),
    )

    def __init__(self, *args, opportunity=None, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        targets = PIPELINE.allowed_targets(user, opportunity) if opportunity is not None else []
        self.fields["to"].choices = [(t, PIPELINE.label(t)) for t in targets] or [
            (s, PIPELINE.label(s)) for s in Opportunity.Status.values
        ]


class ArchiveForm(SharakaForm):
    reason = forms.CharField(
        label=_("Why"), required=False, max_length=500, widget=forms.TextInput(attrs={"dir": "auto"})
    )


class PhotoForm(SharakaForm):
    image = uploads.UploadField(purpose=photo_checks.PHOTO, label=_("Photo"))
    caption_ar = forms.CharField(
        label=_("Caption in Arabic"),
        max_length=200,
        required=False,
        widget=forms.TextInput(attrs={"lang": "ar", "dir": "rtl"}),
    )
    caption_fr = forms.CharField(
        label=_("Caption in French"),
        max_length=200,
        required=False,
        widget=forms.TextInput(attrs={"lang": "fr", "dir": "ltr"}),
    )
    caption_en = forms.CharField(
        label=_("Caption in English"),
        max_length=200,
        required=False,
        widget=forms.TextInput(attrs={"lang": "en", "dir": "ltr"}),
    )

    def clean(self):
        data = super().clean()
        if not any((data.get(f"caption_{c}") or "").strip() for c in ("ar", "fr", "en")):
            self.add_error(
                "caption_ar",
                _("Describe the photo in at least one language: the caption is what a blind reader hears."),
            )
        return data


class PhotoMoveForm(SharakaForm):
    step = forms.TypedChoiceField(choices=[("-1", "-1"), ("1", "1")], coerce=int)
