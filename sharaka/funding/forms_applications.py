"""The forms of the applications pages: types and ranges here, the rules in applications.py."""

from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from sharaka.core.forms import AmountField, DateField, DateInput, SharakaForm
from sharaka.core.models import User
from sharaka.core.people import PersonChoiceField
from sharaka.core.roles import INTERNAL_READERS
from sharaka.funding.models import LANGUAGE_CHOICES, Application, Call
from sharaka.funding.pipeline import Status
from sharaka.lib.text import isolate
from sharaka.partners.models import Organisation
from sharaka.projects.forms import OrganisationChoiceField
from sharaka.projects.models import Project

VERSION = {"widget": forms.HiddenInput, "min_value": 0, "max_value": 2**31}


def _amount(label, **kwargs):
    return AmountField(
        label=label,
        required=False,
        min_value=Decimal("0.01"),
        localize=True,
        widget=forms.TextInput(attrs={"inputmode": "decimal", "dir": "ltr"}),
        **kwargs,
    )


def _staff():
    return User.objects.filter(is_active=True, role__in=INTERNAL_READERS).order_by("username")


class CallChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        funder = obj.funder.acronym or obj.funder
        return f"{obj.reference} · {obj} ({funder})" if obj.reference else f"{obj} ({funder})"


class ApplicationOpenForm(SharakaForm):
    project = forms.ModelChoiceField(label=_("Project"), queryset=Project.objects.none())
    call = CallChoiceField(label=pgettext_lazy("funding call", "Call"), queryset=Call.objects.none())
    language = forms.ChoiceField(
        label=_("Language of the proposal"),
        choices=[("", _("The call's first language")), *LANGUAGE_CHOICES],
        required=False,
    )
    lead = OrganisationChoiceField(
        label=_("Lead applicant"),
        queryset=Organisation.objects.order_by("name_fr"),
        required=False,
        help_text=_("When the commune can only be a co-applicant: the partner that leads."),
    )
    amount_requested = _amount(_("Amount requested (in the call's currency)"))
    owner = PersonChoiceField(label=_("Followed by"), queryset=User.objects.none(), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["project"].queryset = Project.objects.active().order_by("code")
        self.fields["call"].queryset = (
            Call.objects.active().exclude(commune_role=Call.CommuneRole.NOT_ELIGIBLE).select_related("funder")
        )
        self.fields["owner"].queryset = _staff()


class ApplicationForm(SharakaForm):
    lead = OrganisationChoiceField(
        label=_("Lead applicant"),
        queryset=Organisation.objects.order_by("name_fr"),
        required=False,
        help_text=_("When the commune can only be a co-applicant: the partner that leads."),
    )
    language = forms.ChoiceField(label=_("Language of the proposal"), choices=LANGUAGE_CHOICES)
    amount_requested = _amount(_("Amount requested"))
    owner = PersonChoiceField(label=_("Followed by"), queryset=User.objects.none(), required=False)
    submitted_on = DateField(label=_("Submitted on"), required=False, widget=DateInput())
    decided_on = DateField(label=_("Answer received on"), required=False, widget=DateInput())
    feedback = forms.CharField(
        label=_("The funder's feedback"),
        required=False,
        max_length=20000,
        widget=forms.Textarea(attrs={"rows": 5, "dir": "auto"}),
    )
    lessons = forms.CharField(
        label=_("Lessons learnt"),
        required=False,
        max_length=20000,
        widget=forms.Textarea(attrs={"rows": 5, "dir": "auto"}),
        help_text=_("What the unit will do the same way, or differently, in its next proposals."),
    )
    version = forms.IntegerField(**VERSION)

    FIELDS = [
        "lead",
        "language",
        "amount_requested",
        "owner",
        "submitted_on",
        "decided_on",
        "feedback",
        "lessons",
    ]

    def __init__(self, *args, application: Application, **kwargs):
        kwargs.setdefault(
            "initial",
            {
                **{name: getattr(application, name) for name in self.FIELDS},
                "version": application.version,
            },
        )
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = _staff()
        accepted = application.call.language_list
        if accepted:
            self.fields["language"].choices = [c for c in LANGUAGE_CHOICES if c[0] in accepted]
        self.fields["amount_requested"].label = _("Amount requested (%(currency)s)") % {
            "currency": isolate(application.currency)
        }


class MoveForm(SharakaForm):
    to = forms.ChoiceField(choices=Status.choices, widget=forms.HiddenInput)
    reason = forms.CharField(
        label=pgettext_lazy("application move", "Why"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 2, "dir": "auto"}),
    )
    amount_awarded = _amount(_("Amount awarded"))
    on = DateField(label=pgettext_lazy("application move", "On"), required=False, widget=DateInput())
    version = forms.IntegerField(**VERSION)


class ListFilterForm(SharakaForm):
    status = forms.ChoiceField(label=pgettext_lazy("application", "Status"), required=False)
    funder = OrganisationChoiceField(label=_("Funder"), queryset=Organisation.objects.none(), required=False)
    project = forms.ModelChoiceField(label=_("Project"), queryset=Project.objects.none(), required=False)

    def __init__(self, data):
        super().__init__(data)
        everything = [("", _("All"))]
        self.fields["status"].choices = everything + Status.choices
        self.fields["funder"].queryset = Organisation.objects.filter(
            pk__in=Call.objects.filter(applications__isnull=False).values("funder_id")
        ).order_by("name_fr")
        self.fields["funder"].empty_label = _("All")
        self.fields["project"].queryset = Project.objects.filter(
            pk__in=Application.objects.values("project_id")
        ).order_by("code")
        self.fields["project"].empty_label = _("All")
