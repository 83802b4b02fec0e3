"""Forms of the partners pages. They check the shape of the input; the rules live in services.py."""

import re

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sharaka.core import codelists, uploads
from sharaka.core.forms import DateInput, ModelMultipleChoiceField, SharakaForm, SharakaModelForm
from sharaka.core.models import Theme, User
from sharaka.core.people import PersonChoiceField
from sharaka.core.roles import INTERNAL_READERS
from sharaka.core.taxonomy import Area
from sharaka.partners.models import Contact, Interaction, NegotiationRound, Organisation

LTR = {"dir": "ltr", "spellcheck": "false", "autocomplete": "off"}
DATE = DateInput()
PHONE = re.compile(r"^\+?[0-9][0-9 ().-]{3,38}$")


def country_choices():
    return [("", _("Choose a country")), *codelists.country_choices()]


def iati_type_choices():
    return [("", _("Not known")), *codelists.choices("OrganisationType")]


class OrganisationForm(SharakaModelForm):
    country = forms.ChoiceField(label=_("Country"), choices=country_choices)
    iati_type = forms.ChoiceField(
        label=_("IATI organisation type"), choices=iati_type_choices, required=False
    )
    focus_areas = ModelMultipleChoiceField(
        label=_("Focus areas"),
        queryset=Theme.objects.filter(kind="area"),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    class Meta:
        model = Organisation
        fields = [
            "name_ar",
            "name_fr",
            "name_en",
            "acronym",
            "model",
            "legal_type",
            "stage",
            "country",
            "website",
            "working_language",
            "iati_identifier",
            "iati_type",
            "focus_areas",
            "description_ar",
            "description_fr",
            "description_en",
            "internal_notes",
        ]
        widgets = {
            "name_ar": forms.TextInput(attrs={"dir": "rtl", "lang": "ar"}),
            "name_fr": forms.TextInput(attrs={"dir": "ltr", "lang": "fr"}),
            "name_en": forms.TextInput(attrs={"dir": "ltr", "lang": "en"}),
            "acronym": forms.TextInput(attrs={"dir": "ltr"}),
            "website": forms.URLInput(attrs={**LTR, "placeholder": "https://"}),
            "iati_identifier": forms.TextInput(attrs={**LTR, "placeholder": "XM-DAC-41114"}),
            "description_ar": forms.Textarea(attrs={"dir": "rtl", "lang": "ar", "rows": 4}),
            "description_fr": forms.Textarea(attrs={"dir": "ltr", "lang": "fr", "rows": 4}),
            "description_en": forms.Textarea(attrs={"dir": "ltr", "lang": "en", "rows": 4}),
            "internal_notes": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        choose = _("Choose…")
        self.fields["model"].choices = [("", choose), *Organisation.Model.choices]
        self.fields["legal_type"].choices = [("", choose), *Organisation.LegalType.choices]

    def clean_iati_identifier(self):
        return self.cleaned_data["iati_identifier"].strip()

    def clean(self):
        cleaned = super().clean()
        if not any(cleaned.get(f"name_{code}") for code in ("ar", "fr", "en")):
            self.add_error(
                "name_ar",
                _("Give the name of the organisation in at least one language: Arabic, French or English."),
            )
        return cleaned


class OrganisationEditForm(OrganisationForm):
    """The version the user opened travels with the form: a save over someone else's is refused."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


class ContactForm(SharakaModelForm):
    class Meta:
        model = Contact
        fields = ["name", "position", "email", "phone", "languages", "is_primary"]
        widgets = {
            "email": forms.EmailInput(attrs=LTR),
            "phone": forms.TextInput(
                attrs={**LTR, "inputmode": "tel", "autocomplete": "tel", "placeholder": "+212 528 00 00 00"}
            ),
        }
        help_texts = {"is_primary": _("The previous main contact, if any, stops being the main one.")}

    def clean_phone(self):
        phone = self.cleaned_data["phone"].strip()
        if phone and not PHONE.match(phone):
            raise forms.ValidationError(
                _(
                    "Write the phone number with digits, spaces and an optional + in front, e.g. +212 528 00 00 00."
                )
            )
        return phone


class MultipleFileInput(forms.FileInput):
    allow_multiple_selected = True


class AttachmentsField(uploads.UploadField):
    """Several files at once, each checked like a project's document; refused ones are named."""

    widget = MultipleFileInput

    def __init__(self, **kwargs):
        from sharaka.partners.services import ATTACHMENT

        super().__init__(purpose=ATTACHMENT, required=False, **kwargs)

    def clean(self, data, initial=None):
        files = [item for item in (data if isinstance(data, list | tuple) else [data]) if item]
        problems = []
        for upload in files:
            shown = uploads.clean_name(getattr(upload, "name", ""))
            try:
                super().clean(upload)
            except forms.ValidationError as error:
                problems += [
                    _("“%(name)s”: %(problem)s") % {"name": shown, "problem": p} for p in error.messages
                ]
        if problems:
            raise forms.ValidationError(problems)
        return files


class InteractionForm(SharakaModelForm):
    attachments = AttachmentsField(label=_("Files (minutes, photos…)"))

    contacts = ModelMultipleChoiceField(
        label=_("People met"),
        queryset=Contact.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    class Meta:
        model = Interaction
        fields = ["kind", "date", "subject", "summary", "contacts", "attachments"]
        widgets = {"date": DATE, "summary": forms.Textarea(attrs={"rows": 5})}

    def __init__(self, *args, organisation, with_contacts=True, **kwargs):
        super().__init__(*args, **kwargs)
        if with_contacts:
            self.fields["contacts"].queryset = organisation.contacts.all()
        else:  # a user who may not see contacts is not offered their names (access.sees_contacts)
            del self.fields["contacts"]
        self.fields["kind"].choices = [("", _("Choose…")), *Interaction.Kind.choices]
        self.fields["date"].initial = timezone.localdate


def internal_staff():
    return User.objects.filter(is_active=True, role__in=INTERNAL_READERS).order_by("first_name", "username")


class FollowUpForm(SharakaForm):
    description = forms.CharField(label=_("What to do"), max_length=300)
    owner = PersonChoiceField(label=_("Owner"), queryset=User.objects.none())
    due_date = forms.DateField(label=_("Due date"), widget=DATE)

    def __init__(self, *args, default_owner=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = internal_staff()
        if default_owner is not None and default_owner.role in INTERNAL_READERS:
            self.fields["owner"].initial = default_owner.pk

    @property
    def optional(self) -> bool:
        """A row that may stay empty and is: its fields are required only once something is typed,
        so the page shows no "required" star on it (partials/field.html, `optional`)."""
        return self.empty_permitted and not (self.is_bound and self.has_changed())


class AttachForm(SharakaForm):
    attachments = AttachmentsField(label=_("Files (minutes, photos…)"))


FollowUpFormSet = forms.formset_factory(FollowUpForm, extra=3, max_num=3, absolute_max=3, validate_max=True)


class NegotiationRoundForm(SharakaModelForm):
    minutes = uploads.UploadField(label=_("Minutes"), required=False, purpose=uploads.MINUTES)

    class Meta:
        model = NegotiationRound
        fields = ["topic", "round_number", "date", "our_position", "their_position", "outcome"]
        widgets = {
            "date": DATE,
            "topic": forms.TextInput(attrs={"list": "negotiation-topics"}),
            "our_position": forms.Textarea(attrs={"rows": 4}),
            "their_position": forms.Textarea(attrs={"rows": 4}),
            "outcome": forms.Textarea(attrs={"rows": 3}),
        }
        help_texts = {
            "topic": _("The same topic groups the rounds of one negotiation."),
            "round_number": _("Leave empty to number it after the last round of this topic."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["round_number"].required = False
        self.fields["round_number"].min_value = 1
        self.fields["date"].initial = timezone.localdate


SORTS = {
    "name": _("Name"),
    "stage": _("Relationship stage"),
    "updated": _("Recently updated"),
}


class PartnerFilterForm(SharakaForm):
    """The list's filters; a value that does not fit is ignored rather than refused."""

    q = forms.CharField(label=_("Name, acronym or identifier"), required=False, max_length=100)
    model = forms.ChoiceField(label=_("Partnership model"), required=False)
    stage = forms.ChoiceField(label=_("Relationship stage"), required=False)
    country = forms.ChoiceField(label=_("Country"), required=False)
    area = forms.ChoiceField(label=_("Focus area"), required=False)
    sort = forms.ChoiceField(label=_("Sort by"), required=False)

    def __init__(self, *args, countries=(), **kwargs):
        super().__init__(*args, **kwargs)
        everything = _("All")
        self.fields["q"].widget.input_type = "search"
        self.fields["model"].choices = [("", everything), *Organisation.Model.choices]
        self.fields["stage"].choices = [("", everything), *Organisation.Stage.choices]
        names = sorted((code, codelists.country_name(code)) for code in countries if code)
        self.fields["country"].choices = [("", everything), *sorted(names, key=lambda pair: pair[1])]
        self.fields["area"].choices = [("", everything), *Area.choices]
        self.fields["sort"].choices = list(SORTS.items())

    def value(self, name):
        """The cleaned value of one filter, or empty when it was missing or did not fit."""
        if not self.is_bound:
            return ""
        self.is_valid()
        return self.cleaned_data.get(name) or ""

    def filter(self, orgs):
        """The organisations that pass the filters that fit (the list page and the API)."""
        from sharaka.core.search import matching_ids

        if q := self.value("q"):
            orgs = orgs.filter(pk__in=matching_ids("organisation", q))
        for name in ("model", "stage", "country"):
            if value := self.value(name):
                orgs = orgs.filter(**{name: value})
        if area := self.value("area"):
            orgs = orgs.filter(focus_areas__kind="area", focus_areas__code=area)
        return orgs
