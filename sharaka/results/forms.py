"""The forms of the results pages.

They check what a page can tell at once (types, bounds, the disaggregation grid) and hand the rest to
`services.py`, which holds the rules; the views show a service's refusal beside the field it names.
Every form carries the `version` it was opened on, so that a concurrent change is refused, not lost.
"""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from sharaka.core import uploads
from sharaka.core.forms import DateInput, SharakaForm, SharakaModelForm, _BoundedDecimal
from sharaka.core.models import Locality
from sharaka.results import pipeline
from sharaka.results.models import Disaggregation, Indicator, Period, Result, Update, value_too_large_message

_TEXT_AR = {"lang": "ar", "dir": "rtl"}
_TEXT_FR = {"lang": "fr", "dir": "ltr"}
_TEXT_EN = {"lang": "en", "dir": "ltr"}


class ValueFormField(_BoundedDecimal):
    """An indicator's value (a count, a percentage): at most two decimals, within the bounds of an amount,
    refused with a message about values (not amounts)."""

    def __init__(self, **kwargs):
        kwargs.setdefault("localize", False)
        kwargs.setdefault("widget", forms.TextInput(attrs={"inputmode": "decimal", "dir": "ltr"}))
        super().__init__(**kwargs)

    def to_python(self, value):
        """A decimal comma as typed in French or Arabic ("35,5") reads as a point; spaces are ignored."""
        if isinstance(value, str):
            value = value.strip().replace(" ", "").replace("\u00a0", "")
            if "," in value and "." not in value and value.count(",") == 1:
                value = value.replace(",", ".")
        return super().to_python(value)

    def check_bounds(self, value):
        from sharaka.lib.money import amount_in_bounds

        if not amount_in_bounds(value):
            raise ValidationError(value_too_large_message(), code="value_too_large")


class VersionedModelForm(SharakaModelForm):
    """A model form that carries the version of the row it edits (`expected_version` for the service)."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.initial.setdefault("version", self.instance.version)

    def data_for_service(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.Meta.fields}


def _bound_position(form) -> None:
    field = form.fields["position"]
    field.required = False
    field.help_text = _("Smaller numbers come first.")
    field.widget.attrs.update({"min": 0, "max": 999})


def _clean_position(form) -> int:
    position = form.cleaned_data.get("position") or 0
    if not 0 <= position <= 999:
        raise ValidationError(_("The order is a number from 0 to 999."))
    return position


class ResultForm(VersionedModelForm):
    class Meta:
        model = Result
        fields = [
            "type",
            "title_ar",
            "title_fr",
            "title_en",
            "description_ar",
            "description_fr",
            "description_en",
            "position",
        ]
        widgets = {
            "title_ar": forms.TextInput(attrs=_TEXT_AR),
            "title_fr": forms.TextInput(attrs=_TEXT_FR),
            "title_en": forms.TextInput(attrs=_TEXT_EN),
            "description_ar": forms.Textarea(attrs={**_TEXT_AR, "rows": 3}),
            "description_fr": forms.Textarea(attrs={**_TEXT_FR, "rows": 3}),
            "description_en": forms.Textarea(attrs={**_TEXT_EN, "rows": 3}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _bound_position(self)

    def clean_position(self):
        return _clean_position(self)


class IndicatorForm(VersionedModelForm):
    baseline_value = ValueFormField(label=_("baseline value"), required=False)

    class Meta:
        model = Indicator
        fields = [
            "title_ar",
            "title_fr",
            "title_en",
            "description_ar",
            "description_fr",
            "description_en",
            "measure",
            "unit_ar",
            "unit_fr",
            "unit_en",
            "ascending",
            "baseline_value",
            "baseline_year",
            "baseline_comment",
            "position",
        ]
        widgets = {
            "title_ar": forms.TextInput(attrs=_TEXT_AR),
            "title_fr": forms.TextInput(attrs=_TEXT_FR),
            "title_en": forms.TextInput(attrs=_TEXT_EN),
            "description_ar": forms.Textarea(attrs={**_TEXT_AR, "rows": 2}),
            "description_fr": forms.Textarea(attrs={**_TEXT_FR, "rows": 2}),
            "description_en": forms.Textarea(attrs={**_TEXT_EN, "rows": 2}),
            "unit_ar": forms.TextInput(attrs=_TEXT_AR),
            "unit_fr": forms.TextInput(attrs=_TEXT_FR),
            "unit_en": forms.TextInput(attrs=_TEXT_EN),
            "baseline_comment": forms.TextInput(attrs={"dir": "auto"}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        year = self.fields["baseline_year"]
        year.min_value, year.max_value = 1956, 2100
        year.widget.attrs.update({"min": 1956, "max": 2100})
        _bound_position(self)

    def clean_baseline_year(self):
        year = self.cleaned_data.get("baseline_year")
        if year is not None and not 1956 <= year <= 2100:
            raise ValidationError(_("The baseline year is between 1956 and 2100."))
        return year

    def clean_position(self):
        return _clean_position(self)


class PeriodForm(VersionedModelForm):
    target = ValueFormField(label=_("target"), required=False)

    class Meta:
        model = Period
        fields = ["start", "end", "target", "target_comment"]
        widgets = {
            "start": DateInput(),
            "end": DateInput(),
            "target_comment": forms.TextInput(attrs={"dir": "auto"}),
        }

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start"), cleaned.get("end")
        if start and end and end < start:
            self.add_error("end", _("A period cannot end before it starts."))
        return cleaned


class UpdateForm(VersionedModelForm):
    """A draft update: the value (none for a qualitative indicator), narratives, and the
    disaggregation grid (2 sexes, 4 age groups, each locality of Aourir), all optional."""

    value = ValueFormField(label=_("value reached"), required=False)

    class Meta:
        model = Update
        fields = ["value", "narrative_ar", "narrative_fr", "narrative_en"]
        widgets = {
            "narrative_ar": forms.Textarea(attrs={**_TEXT_AR, "rows": 4}),
            "narrative_fr": forms.Textarea(attrs={**_TEXT_FR, "rows": 4}),
            "narrative_en": forms.Textarea(attrs={**_TEXT_EN, "rows": 4}),
        }

    def __init__(self, *args, indicator: Indicator, **kwargs):
        super().__init__(*args, **kwargs)
        self.indicator = indicator
        self.localities = list(Locality.objects.order_by("id"))
        if indicator.is_qualitative:
            del self.fields["value"]
        else:
            self.fields["value"].required = True
        existing = {}
        if self.instance.pk:
            for part in self.instance.disaggregations.all():
                existing[self.part_field(part.dimension, part.category, part.locality_id)] = part.value
        self.grid = {"sex": [], "age": [], "locality": []}
        for category in Disaggregation.SEX_CATEGORIES:
            self._add_part("sex", category, None, Disaggregation.Category(category).label, existing)
        for category in Disaggregation.AGE_CATEGORIES:
            self._add_part("age", category, None, Disaggregation.Category(category).label, existing)
        for place in self.localities:
            self._add_part("locality", "", place, str(place), existing)

    @staticmethod
    def part_field(dimension, category, locality_id) -> str:
        """The name of a part's field in the grid (the API maps its `disaggregations` onto these)."""
        return (
            f"part_{dimension}_{locality_id}" if dimension == "locality" else f"part_{dimension}_{category}"
        )

    def _add_part(self, dimension, category, place, label, existing):
        name = self.part_field(dimension, category, getattr(place, "pk", None))
        self.fields[name] = ValueFormField(label=label, required=False, min_value=0)
        if name in existing:
            self.initial.setdefault(name, existing[name])
        self.grid[dimension].append((name, dimension, category, place))

    def grid_fields(self, dimension):
        return [self[name] for name, *_rest in self.grid[dimension]]

    @property
    def sex_fields(self):
        return self.grid_fields("sex")

    @property
    def age_fields(self):
        return self.grid_fields("age")

    @property
    def locality_fields(self):
        return self.grid_fields("locality")

    def data_for_service(self) -> dict:
        data = {name: self.cleaned_data[name] for name in self.Meta.fields if name in self.cleaned_data}
        if self.indicator.is_qualitative:
            data["value"] = None
        return data

    def disaggregations(self) -> list[dict]:
        rows = []
        for dimension in ("sex", "age", "locality"):
            for name, dim, category, place in self.grid[dimension]:
                value = self.cleaned_data.get(name)
                if value is not None:
                    rows.append({"dimension": dim, "category": category, "locality": place, "value": value})
        return rows


class MoveForm(SharakaForm):
    """A move of an update along its road. Which moves this user may make is the service's call."""

    to = forms.ChoiceField(label=_("Move the update to"), choices=pipeline.Status.choices)
    reason = forms.CharField(
        label=_("Comment"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2, "dir": "auto"}),
        help_text=_("Required when the update is returned: say what to correct."),
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


class LockForm(SharakaForm):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


class UnlockForm(SharakaForm):
    reason = forms.CharField(
        label=_("Why is the period unlocked?"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2, "dir": "auto"}),
    )


class EvidenceForm(SharakaForm):
    title = forms.CharField(
        label=_("Title"), max_length=200, required=False, widget=forms.TextInput(attrs={"dir": "auto"})
    )
    file = uploads.UploadField(label=_("File"), purpose=uploads.SUPPORTING_DOCUMENT)
