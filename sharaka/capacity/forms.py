"""Forms of the staff part: an assessment (one row per skill), what a position needs, what a level
of a skill means, the staff list's filter, and a staff profile with its languages."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sharaka.capacity.models import LanguageSkill, Level, Position, SkillLevel, StaffProfile
from sharaka.core.forms import SharakaForm, SharakaModelForm
from sharaka.core.people import PersonChoiceField
from sharaka.core.roles import INTERNAL_READERS

LEVEL_CHOICES = [("", _("Not assessed this time")), *[(str(v), label) for v, label in Level.choices]]
NEED_CHOICES = [("", _("Not needed")), *[(str(v), label) for v, label in Level.choices]]


class StaffFilterForm(SharakaForm):
    q = forms.CharField(label=_("Name"), required=False, max_length=100)
    position = forms.ModelChoiceField(
        label=_("Position"), queryset=Position.objects.all(), required=False, empty_label=_("All positions")
    )
    service = forms.CharField(label=_("Service"), required=False, max_length=100)


class AssessmentForm(SharakaForm):
    """The date, a note, and for each skill a level (radio buttons, each with what the level means for
    that skill) and a comment. Fields `level_<skill pk>` and `comment_<skill pk>`."""

    assessed_on = forms.DateField(
        label=_("Date of the assessment"), widget=forms.DateInput(attrs={"type": "date"})
    )
    note = forms.CharField(
        label=_("Note"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, skills=(), **kwargs):
        kwargs.setdefault("initial", {}).setdefault("assessed_on", timezone.localdate())
        super().__init__(*args, **kwargs)
        self.skills = list(skills)
        for skill in self.skills:
            self.fields[f"level_{skill.pk}"] = forms.TypedChoiceField(
                label=str(skill),
                choices=LEVEL_CHOICES,
                coerce=int,
                empty_value=None,
                required=False,
                widget=forms.RadioSelect,
            )
            self.fields[f"comment_{skill.pk}"] = forms.CharField(
                label=_("Comment on %(skill)s") % {"skill": skill}, required=False, max_length=300
            )

    def rows(self):
        """One row per skill for the template: the skill, its radio buttons with the level's words, the comment."""
        for skill in self.skills:
            words = {lv.level: lv for lv in skill.levels.all()}
            level = self[f"level_{skill.pk}"]
            yield {
                "skill": skill,
                "choices": [
                    (choice, words.get(int(choice.data["value"])) if choice.data["value"] != "" else None)
                    for choice in level
                ],
                "level": level,
                "comment": self[f"comment_{skill.pk}"],
            }

    def scores(self) -> dict:
        return {
            skill: {
                "level": self.cleaned_data.get(f"level_{skill.pk}"),
                "comment": self.cleaned_data.get(f"comment_{skill.pk}", ""),
            }
            for skill in self.skills
            if self.cleaned_data.get(f"level_{skill.pk}") is not None
        }


class RequirementsForm(SharakaForm):
    """The level a position needs in each skill: fields `need_<skill pk>`."""

    def __init__(self, *args, skills=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.skills = list(skills)
        for skill in self.skills:
            self.fields[f"need_{skill.pk}"] = forms.TypedChoiceField(
                label=str(skill), choices=NEED_CHOICES, coerce=int, empty_value=None, required=False
            )

    def levels(self) -> dict:
        return {skill.pk: self.cleaned_data.get(f"need_{skill.pk}") for skill in self.skills}


class SkillLevelForm(SharakaModelForm):
    class Meta:
        model = SkillLevel
        fields = ["description_ar", "description_fr", "description_en"]
        widgets = {name: forms.Textarea(attrs={"rows": 2}) for name in fields}


# --- a staff profile and its languages (profiles part) ---------------------------------------------

VERSION = {"widget": forms.HiddenInput, "min_value": 0, "max_value": 2**31, "required": False}
LANGUAGE_LEVEL_CHOICES = [("", _("Does not work in it")), *[(str(v), label) for v, label in Level.choices]]


class ManagerChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.full_name} — {obj.position}" if obj.position_id else obj.full_name


class ProfileForm(SharakaForm):
    """Create or correct a staff profile; `version` carries the version the form was opened on."""

    full_name = forms.CharField(label=_("Full name"), max_length=150)
    user = PersonChoiceField(
        label=_("User account"),
        queryset=None,
        required=False,
        help_text=_("Leave empty for someone who does not sign in to Sharaka."),
    )
    position = forms.ModelChoiceField(label=_("Position"), queryset=None, empty_label=_("Choose a position"))
    service = forms.CharField(label=_("Service"), max_length=150, required=False)
    manager = ManagerChoiceField(
        label=_("Manager"), queryset=None, required=False, empty_label=_("No manager recorded")
    )
    email = forms.EmailField(label=_("E-mail"), max_length=254, required=False)
    is_active = forms.BooleanField(label=_("In post"), required=False, initial=True)
    version = forms.IntegerField(**VERSION)

    FIELDS = ["full_name", "user", "position", "service", "manager", "email", "is_active"]

    def __init__(self, *args, profile: StaffProfile | None = None, **kwargs):
        from sharaka.core.models import User

        if profile is not None:
            initial = {
                name: getattr(profile, name) for name in ("full_name", "service", "email", "is_active")
            }
            initial.update(
                user=profile.user_id,
                position=profile.position_id,
                manager=profile.manager_id,
                version=profile.version,
            )
            kwargs["initial"] = {**initial, **kwargs.get("initial", {})}
        super().__init__(*args, **kwargs)
        self.fields["user"].queryset = User.objects.filter(
            is_active=True, role__in=INTERNAL_READERS
        ).order_by("username")
        self.fields["position"].queryset = Position.objects.order_by("name_fr", "code")
        managers = StaffProfile.objects.select_related("position").order_by("full_name", "id")
        if profile is not None:
            managers = managers.exclude(pk=profile.pk)
        self.fields["manager"].queryset = managers
        self.fields["full_name"].widget.attrs["dir"] = "auto"
        self.fields["service"].widget.attrs["dir"] = "auto"
        self.fields["email"].widget.attrs["dir"] = "ltr"

    def profile_data(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.FIELDS}


class LanguagesForm(SharakaForm):
    """The level in each language the unit follows: fields `level_<language code>`; empty removes it."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for code, label in LanguageSkill.Language.choices:
            self.fields[f"level_{code}"] = forms.TypedChoiceField(
                label=label, choices=LANGUAGE_LEVEL_CHOICES, coerce=int, empty_value=None, required=False
            )

    def levels(self) -> dict:
        return {code: self.cleaned_data.get(f"level_{code}") for code in LanguageSkill.Language.values}
