"""The forms of the trainings pages; the rules themselves are in `capacity/trainings.py`."""

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from sharaka.capacity.models import Participation, Skill, StaffProfile, Training
from sharaka.capacity.trainings import CERTIFICATE_FILE, MAX_EVALUATION
from sharaka.core import codelists
from sharaka.core.forms import KEY_RANGE, AmountField, DateField, ModelMultipleChoiceField, SharakaForm
from sharaka.core.uploads import UploadField
from sharaka.lib.text import isolate
from sharaka.partners.models import Organisation


class KeyChoiceField(forms.ModelChoiceField):
    """Django's field; a key no integer column holds is refused like any unknown choice (not a 500)."""

    def to_python(self, value):
        try:
            if value not in self.empty_values and int(str(value).strip()) not in KEY_RANGE:
                raise forms.ValidationError(self.error_messages["invalid_choice"], code="invalid_choice")
        except ValueError:
            pass
        return super().to_python(value)


class OrganisationField(KeyChoiceField):
    def label_from_instance(self, obj):
        return f"{obj} ({obj.acronym})" if obj.acronym and obj.acronym != str(obj) else str(obj)


class SkillsField(ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return str(obj)


class TrainingForm(SharakaForm):
    title_ar = forms.CharField(label=_("Title in Arabic"), max_length=200, required=False)
    title_fr = forms.CharField(label=_("Title in French"), max_length=200, required=False)
    title_en = forms.CharField(label=_("Title in English"), max_length=200, required=False)
    skills = SkillsField(
        label=_("Skills addressed"), queryset=Skill.objects.none(), widget=forms.CheckboxSelectMultiple
    )
    provider = OrganisationField(
        label=_("Provider (a partner)"),
        queryset=Organisation.objects.none(),
        required=False,
        help_text=_("The partner who gives the training, if it is one."),
    )
    provider_name = forms.CharField(
        label=_("Provider (other)"),
        max_length=200,
        required=False,
        help_text=_("When the provider is not a partner: its name."),
    )
    starts_on = DateField(label=_("First day"))
    ends_on = DateField(label=_("Last day"))
    place = forms.CharField(label=_("Place"), max_length=200, required=False)
    format = forms.ChoiceField(label=_("Format"), choices=Training.Format.choices)
    cost = AmountField(label=_("Cost"), required=False, min_value=0)
    currency = forms.ChoiceField(label=_("Currency"), initial="MAD")
    funder = OrganisationField(
        label=_("Paid by"),
        queryset=Organisation.objects.none(),
        required=False,
        empty_label=_("The commune's own budget"),
        help_text=_("A partner who pays for it; empty: the commune's own budget."),
    )
    notes = forms.CharField(label=_("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        organisations = Organisation.objects.order_by("acronym", "name_fr", "pk")
        self.fields["provider"].queryset = organisations
        self.fields["funder"].queryset = organisations
        self.fields["skills"].queryset = Skill.objects.filter(is_active=True).order_by("order", "code")
        self.fields["currency"].choices = codelists.currency_choices()
        self.fields["cost"].help_text = _(
            "In its currency; converted to dirhams at the rate of the first day (exchange-rate page)."
        )


def training_initial(training: Training) -> dict:
    initial = {name: getattr(training, name) for name in TrainingForm.base_fields if hasattr(training, name)}
    initial["provider"] = training.provider_id
    initial["funder"] = training.funder_id
    initial["skills"] = list(training.skills.values_list("pk", flat=True))
    initial["version"] = training.version
    return initial


class TrainingFilterForm(SharakaForm):
    """The list's filters; a value that does not fit is ignored rather than refused."""

    year = forms.TypedChoiceField(label=_("Year"), required=False, coerce=int, empty_value=None)
    skill = KeyChoiceField(label=_("Skill"), required=False, queryset=Skill.objects.none())
    status = forms.ChoiceField(label=pgettext_lazy("training", "Status"), required=False)

    def __init__(self, *args, years=(), **kwargs):
        super().__init__(*args, **kwargs)
        everything = _("All")
        self.fields["year"].choices = [("", everything), *[(y, str(y)) for y in years]]
        self.fields["skill"].queryset = Skill.objects.order_by("order", "code")
        self.fields["skill"].empty_label = everything
        self.fields["status"].choices = [("", everything), *Training.Status.choices]

    def value(self, name):
        if not self.is_bound:
            return None
        self.is_valid()
        return self.cleaned_data.get(name) or None


class MoveForm(SharakaForm):
    to = forms.ChoiceField(label=_("New status"), widget=forms.RadioSelect)
    reason = forms.CharField(
        label=_("Reason"),
        required=False,
        help_text=_("Required to cancel a training."),
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args, targets=(), **kwargs):
        super().__init__(*args, **kwargs)
        labels = dict(Training.Status.choices)
        self.fields["to"].choices = [(t, labels[t]) for t in targets]


class PeopleField(ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return isolate(obj.full_name)  # a Latin name inside an Arabic page keeps its order


class ParticipantsForm(SharakaForm):
    profiles = PeopleField(
        label=_("People to register"),
        queryset=StaffProfile.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Only people in post are listed."),
    )

    def __init__(self, *args, training=None, **kwargs):
        super().__init__(*args, **kwargs)
        queryset = StaffProfile.objects.filter(is_active=True).order_by("full_name", "pk")
        if training is not None:
            queryset = queryset.exclude(participations__training=training)
        self.fields["profiles"].queryset = queryset


class AttendanceForm(SharakaForm):
    """One choice per participant: `p<pk>`."""

    def __init__(self, *args, participations=(), **kwargs):
        super().__init__(*args, **kwargs)
        for row in participations:
            self.fields[f"p{row.pk}"] = forms.ChoiceField(
                label=isolate(row.profile.full_name),
                choices=Participation.Attendance.choices,
                initial=row.attendance,
                required=False,  # the training's page posts one participant's at a time
            )

    def marks(self) -> dict:
        return {int(name[1:]): value for name, value in self.cleaned_data.items() if value}


class CertificateForm(SharakaForm):
    file = UploadField(label=_("Certificate"), purpose=CERTIFICATE_FILE)


class EvaluationForm(SharakaForm):
    rating = forms.TypedChoiceField(
        label=_("How useful was the training for your work?"),
        coerce=int,
        choices=[
            (1, _("1 · Useless")),
            (2, _("2 · Of little use")),
            (3, _("3 · Useful")),
            (4, _("4 · Very useful")),
            (5, _("5 · Essential")),
        ],
        widget=forms.RadioSelect,
    )
    evaluation = forms.CharField(
        label=_("What would you keep, what would you change?"),
        required=False,
        max_length=MAX_EVALUATION,
        widget=forms.Textarea(attrs={"rows": 5}),
    )
