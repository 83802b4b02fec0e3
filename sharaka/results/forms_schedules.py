"""The forms of reporting schedules (views_schedules.py)."""

from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from sharaka.core.forms import DateInput, SharakaForm, SharakaModelForm
from sharaka.core.people import PersonChoiceField
from sharaka.core.roles import INTERNAL_READERS
from sharaka.results.models import ReportingSchedule


class ScheduleForm(SharakaModelForm):
    responsible = PersonChoiceField(
        label=_("Responsible"),
        queryset=get_user_model().objects.none(),
        help_text=_("The person who makes the report and receives the reminders."),
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = ReportingSchedule
        fields = ["frequency", "starts_on", "ends_on", "days_to_report", "responsible"]
        widgets = {"starts_on": DateInput(), "ends_on": DateInput()}
        help_texts = {"ends_on": _("Leave empty while the reporting goes on.")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["responsible"].queryset = (
            get_user_model().objects.filter(is_active=True, role__in=INTERNAL_READERS).order_by("username")
        )
        self.fields["days_to_report"].max_value = 365
        self.fields["days_to_report"].widget.attrs["max"] = 365
        if self.instance.pk:
            self.fields["version"].initial = self.instance.version

    def schedule_data(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.Meta.fields}


class ReopenForm(SharakaForm):
    reason = forms.CharField(label=_("Why is it reopened?"), max_length=500)
