"""Forms of the staff part: an assessment (one row per skill), what a position needs, what a level
of a skill means, and the staff list's filter."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sharaka.capacity.models import Level, Position, SkillLevel
from sharaka.core.forms import SharakaForm, SharakaModelForm

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
