"""The forms of the agreements pages: they check what a page can tell at once; the services hold the rules."""

from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Exists, OuterRef
from django.utils.translation import gettext_lazy as _

from sharaka.agreements.models import (
    TAKEN_REFERENCE,
    Agreement,
    CouncilSession,
    Kind,
    MemberVote,
    Obligation,
    reference_taken,
)
from sharaka.agreements.pipeline import DocumentKind, Status
from sharaka.core import codelists, uploads
from sharaka.core.forms import AmountField, DateInput, ModelMultipleChoiceField, SharakaForm, SharakaModelForm
from sharaka.core.models import User
from sharaka.core.people import PersonChoiceField, PickerSelectMultiple
from sharaka.core.roles import Role
from sharaka.finance.forms import CHOICES_LIMIT
from sharaka.partners.models import Organisation
from sharaka.projects.forms import OrganisationChoiceField
from sharaka.projects.models import Project

OWNER_ROLES = (
    Role.ADMINISTRATOR,
    Role.COOPERATION_OFFICER,
    Role.PRESIDENT,
    Role.PROJECT_MANAGER,
    Role.FINANCE_OFFICER,
)


def _date_input():
    return DateInput()


class OrganisationsField(ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return f"{obj} ({obj.acronym})" if obj.acronym and obj.acronym != str(obj) else str(obj)


def _free_reference(reference: str, pk=None) -> str:
    """A reference number no other agreement has: said with the other fields' errors, not after them
    (the services check again inside their transaction)."""
    if reference_taken(reference, pk):
        raise ValidationError(TAKEN_REFERENCE, code="taken")
    return reference


class AgreementForm(SharakaModelForm):
    """Create or edit an agreement; `version` carries the version the form was opened on."""

    partners = OrganisationsField(
        label=_("Partners"),
        queryset=Organisation.objects.all(),
        required=False,
        widget=PickerSelectMultiple,
        help_text=_("The commune of Aourir is always a party. A foreign State cannot be one (art. 86)."),
    )
    projects = ModelMultipleChoiceField(
        label=_("Projects covered"),
        queryset=Project.objects.filter(archived_at__isnull=True).order_by("code"),
        required=False,
        widget=PickerSelectMultiple,
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Agreement
        fields = [
            "kind",
            "reference",
            "title_ar",
            "title_fr",
            "title_en",
            "object_ar",
            "object_fr",
            "object_en",
            "languages",
            "foreign_money",
            "starts_on",
            "duration_months",
            "renewal_terms",
            "notice_months",
            "owner",
        ]
        field_classes = {"owner": PersonChoiceField}
        widgets = {
            "starts_on": _date_input(),
            "title_ar": forms.TextInput(attrs={"dir": "rtl", "lang": "ar"}),
            "title_fr": forms.TextInput(attrs={"dir": "ltr", "lang": "fr"}),
            "title_en": forms.TextInput(attrs={"dir": "ltr", "lang": "en"}),
            "reference": forms.TextInput(attrs={"dir": "ltr"}),
            "object_ar": forms.Textarea(attrs={"rows": 3, "dir": "rtl", "lang": "ar"}),
            "object_fr": forms.Textarea(attrs={"rows": 3, "dir": "ltr", "lang": "fr"}),
            "object_en": forms.Textarea(attrs={"rows": 3, "dir": "ltr", "lang": "en"}),
            "renewal_terms": forms.Textarea(attrs={"rows": 2, "dir": "auto"}),
        }

    def __init__(self, data=None, *args, **kwargs):
        super().__init__(data, *args, **kwargs)
        self.fields["kind"].choices = [c for c in Kind.choices if c[0] != Kind.AMENDMENT]
        self.fields["owner"].queryset = User.objects.filter(role__in=OWNER_ROLES, is_active=True)
        if self.instance.pk:
            del self.fields["partners"]
            self.initial.setdefault("version", self.instance.version)
            self.initial.setdefault("projects", list(self.instance.projects.values_list("pk", flat=True)))
            if self.instance.kind == Kind.AMENDMENT:
                del self.fields["kind"]

    def clean_partners(self):
        """A new agreement names at least one partner: said with the other fields' errors (the service
        checks again)."""
        partners = self.cleaned_data.get("partners")
        if not partners:
            raise ValidationError(_("Name at least one partner."), code="required")
        return partners

    def clean_reference(self):
        return _free_reference(self.cleaned_data.get("reference", ""), self.instance.pk)

    def _post_clean(self):  # the services validate the model, inside their transaction
        pass

    def agreement_data(self) -> dict:
        return {k: v for k, v in self.cleaned_data.items() if k not in ("partners", "projects", "version")}


class PartyForm(SharakaForm):
    organisation = OrganisationChoiceField(
        label=_("Party"),
        queryset=Organisation.objects.all(),
        required=False,
        empty_label=_("The commune of Aourir"),
    )
    cash_amount = AmountField(
        label=_("Cash"),
        required=False,
        min_value=Decimal("0.01"),
        localize=True,
        widget=forms.TextInput(attrs={"inputmode": "decimal", "dir": "ltr"}),
    )
    currency = forms.ChoiceField(label=_("Currency"), initial="MAD")
    in_kind_value = AmountField(
        label=_("Value in kind"),
        required=False,
        min_value=Decimal("0.01"),
        localize=True,
        widget=forms.TextInput(attrs={"inputmode": "decimal", "dir": "ltr"}),
        help_text=_("In the same currency."),
    )
    in_kind_description = forms.CharField(
        label=_("Resources in kind"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2, "dir": "auto"}),
        help_text=_("Staff, premises, equipment, expertise…"),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["currency"].choices = codelists.currency_choices()

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("in_kind_value") and not cleaned.get("in_kind_description"):
            self.add_error("in_kind_description", _("Describe the resources in kind."))
        return cleaned


class MoveForm(SharakaForm):
    to = forms.ChoiceField(label=_("Move the agreement to"), choices=Status.choices)
    reason = forms.CharField(
        label=_("Reason"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2, "dir": "auto"}),
        help_text=_("Required to abandon, refuse, close, terminate, or when a deadline was missed."),
    )
    document = uploads.UploadField(
        label=_("Document of this step"),
        required=False,
        purpose=uploads.AGREEMENT_DOCUMENT,
        help_text=_("The decision, the transmission receipt, the visa, the approval or the signed text."),
    )
    session = forms.ModelChoiceField(
        label=_("Council session"), queryset=CouncilSession.objects.all(), required=False
    )
    decision_number = forms.CharField(label=_("Decision number"), required=False, max_length=40)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


class DocumentForm(SharakaForm):
    kind = forms.ChoiceField(label=_("Type"), choices=DocumentKind.choices)
    title = forms.CharField(label=_("Title"), max_length=200)
    file = uploads.UploadField(label=_("File"), purpose=uploads.AGREEMENT_DOCUMENT)


class AmendForm(SharakaForm):
    reference = forms.CharField(label=_("Reference number of the amendment"), required=False, max_length=40)
    object_ar = forms.CharField(
        label=_("Object of the agreement in Arabic"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3, "dir": "rtl", "lang": "ar"}),
    )
    object_fr = forms.CharField(
        label=_("Object of the agreement in French"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3, "dir": "ltr", "lang": "fr"}),
    )
    object_en = forms.CharField(
        label=_("Object of the agreement in English"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3, "dir": "ltr", "lang": "en"}),
    )
    starts_on = forms.DateField(label=_("Start"), required=False, widget=_date_input())
    duration_months = forms.IntegerField(
        label=_("Duration in months"), required=False, min_value=1, max_value=600
    )
    renewal_terms = forms.CharField(
        label=_("Renewal terms"), required=False, widget=forms.Textarea(attrs={"rows": 2, "dir": "auto"})
    )
    notice_months = forms.IntegerField(
        label=_("Notice period in months"), required=False, min_value=0, max_value=120
    )
    reason = forms.CharField(
        label=_("Why is the agreement amended?"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2, "dir": "auto"}),
    )

    def clean_reference(self):  # the amendment is a new agreement: its reference number is its own
        return _free_reference(self.cleaned_data.get("reference", ""))

    def changes(self) -> dict:
        keys = [
            "object_ar",
            "object_fr",
            "object_en",
            "starts_on",
            "duration_months",
            "renewal_terms",
            "notice_months",
        ]
        return {k: self.cleaned_data[k] for k in keys}


class ObligationForm(SharakaModelForm):
    class Meta:
        model = Obligation
        fields = ["kind", "title", "due_on", "owner", "party"]
        field_classes = {"owner": PersonChoiceField}
        widgets = {"due_on": _date_input(), "title": forms.TextInput(attrs={"dir": "auto"})}

    def __init__(self, *args, agreement, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["party"].queryset = agreement.parties.select_related("organisation")
        self.fields["owner"].queryset = User.objects.filter(role__in=OWNER_ROLES, is_active=True)

    def _post_clean(self):
        pass


class SessionForm(SharakaModelForm):
    class Meta:
        model = CouncilSession
        fields = ["kind", "starts_on", "ends_on", "members_in_office"]
        widgets = {"starts_on": _date_input(), "ends_on": _date_input()}

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("starts_on"), cleaned.get("ends_on")
        if start and end and end < start:
            self.add_error("ends_on", _("A session cannot close before it opens."))
        return cleaned

    def _post_clean(self):
        pass


class AttendanceForm(SharakaForm):
    convocation = forms.TypedChoiceField(
        label=_("Convocation"), coerce=int, choices=[(1, _("First")), (2, _("Second")), (3, _("Third"))]
    )
    members_present = forms.IntegerField(label=_("Members present"), min_value=0, max_value=999)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


class VoteForm(SharakaForm):
    decision_number = forms.CharField(
        label=_("Decision number"), max_length=40, widget=forms.TextInput(attrs={"dir": "ltr"})
    )
    majority = forms.ChoiceField(label=_("Majority"), choices=[])
    votes = forms.CharField(
        label=_("Roll-call"),
        widget=forms.Textarea(attrs={"rows": 8, "dir": "auto"}),
        help_text=_(
            "One member a line: name, then a colon, then for, against or abstain. Mark the president with *."
        ),
    )

    def __init__(self, *args, **kwargs):
        from sharaka.agreements.models import AgendaItem

        super().__init__(*args, **kwargs)
        self.fields["majority"].choices = AgendaItem.Majority.choices

    WORDS = {
        MemberVote.Vote.FOR: {"for", "pour", "مع", "نعم"},
        MemberVote.Vote.AGAINST: {"against", "contre", "ضد", "لا"},
        MemberVote.Vote.ABSTAIN: {"abstain", "abstention", "امتناع"},
    }

    def clean_votes(self):
        rows = []
        seen = set()
        for number, line in enumerate(self.cleaned_data["votes"].splitlines(), start=1):
            if not line.strip():
                continue
            name, sep, word = line.rpartition(":")
            word = word.strip().lower()
            vote = next((v for v, words in self.WORDS.items() if word in words), None)
            name = name.strip()
            president = name.endswith("*")
            name = name.rstrip("*").strip()
            if not sep or not name or vote is None:
                raise ValidationError(
                    _("Line %(n)s: write the member's name, a colon, then for, against or abstain.")
                    % {"n": number}
                )
            if name in seen:
                raise ValidationError(_("Line %(n)s: %(name)s already voted.") % {"n": number, "name": name})
            seen.add(name)
            rows.append((name, vote, president))
        if not rows:
            raise ValidationError(_("Record at least one vote."))
        return rows


class ListFilterForm(SharakaForm):
    kind = forms.ChoiceField(label=_("Type"), required=False)
    status = forms.ChoiceField(label=_("State"), required=False)
    partner = forms.CharField(label=_("Partner"), required=False)  # a drop-down or a box: see __init__
    soon = forms.BooleanField(label=_("Deadline within 14 days or overdue"), required=False)

    def __init__(self, data, *, agreements):
        super().__init__(data)
        everything = [("", _("All"))]
        self.fields["kind"].choices = everything + Kind.choices
        self.fields["status"].choices = everything + Status.choices
        partners = Organisation.objects.filter(
            Exists(agreements.filter(parties__organisation=OuterRef("pk")))
        )
        self.partners = partners
        # One query either way: up to 100 partners are the drop-down's choices, more make it a box
        # for the acronym (as on the transaction list), so that a region's page weighs what a commune's does.
        found = list(partners[: CHOICES_LIMIT + 1])
        if len(found) <= CHOICES_LIMIT:
            self.offered = {str(org.pk): org for org in found}
            self.fields["partner"] = forms.ChoiceField(
                label=_("Partner"),
                required=False,
                choices=[("", _("All")), *((pk, _partner_label(org)) for pk, org in self.offered.items())],
            )
        else:
            self.offered = None
            self.fields["partner"] = forms.CharField(
                label=_("Partner (acronym)"), required=False, max_length=60
            )

    def clean_partner(self):
        value = (self.cleaned_data.get("partner") or "").strip()
        if not value:
            return None
        if self.offered is not None:  # a choice of the drop-down, checked by the field
            return self.offered[value]
        found = self.partners.filter(acronym__iexact=value).first()
        if found is None:
            raise ValidationError(_("No partner has the acronym “%(acronym)s”."), params={"acronym": value})
        return found

    def filter(self, agreements, today):
        """The agreements that pass the valid filters (the list page and the API): an invalid one is
        shown beside its field and ignored."""
        if not self.is_valid():
            return agreements
        data = self.cleaned_data
        if data.get("kind"):
            agreements = agreements.filter(kind=data["kind"])
        if data.get("status"):
            agreements = agreements.filter(status=data["status"])
        if data.get("partner"):
            from sharaka.agreements.models import AgreementParty

            agreements = agreements.filter(
                pk__in=AgreementParty.objects.filter(organisation=data["partner"]).values("agreement_id")
            )
        if data.get("soon"):
            from sharaka.agreements.views import soon_ids  # the list's own rule of "soon"

            agreements = agreements.filter(pk__in=soon_ids(agreements, today))
        return agreements


def _partner_label(org) -> str:
    return f"{org} ({org.acronym})" if org.acronym and org.acronym != str(org) else str(org)


class DelegationForm(SharakaModelForm):
    class Meta:
        from sharaka.agreements.models import Delegation

        model = Delegation
        fields = ["direction", "starts_on", "ends_on", "people", "purpose", "outcomes"]
        widgets = {
            "starts_on": _date_input(),
            "ends_on": _date_input(),
            "people": forms.Textarea(attrs={"rows": 3, "dir": "auto"}),
            "purpose": forms.Textarea(attrs={"rows": 2, "dir": "auto"}),
            "outcomes": forms.Textarea(attrs={"rows": 2, "dir": "auto"}),
        }

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("starts_on"), cleaned.get("ends_on")
        if start and end and end < start:
            self.add_error("ends_on", _("A visit cannot end before it starts."))
        return cleaned

    def _post_clean(self):
        pass


class PlanActionForm(SharakaModelForm):
    class Meta:
        from sharaka.agreements.models import PlanAction

        model = PlanAction
        fields = ["title", "owner", "partner_owner", "starts_on", "due_on"]
        field_classes = {"owner": PersonChoiceField}
        widgets = {
            "starts_on": _date_input(),
            "due_on": _date_input(),
            "title": forms.TextInput(attrs={"dir": "auto"}),
            "partner_owner": forms.TextInput(attrs={"dir": "auto"}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = User.objects.filter(role__in=OWNER_ROLES, is_active=True)

    def clean(self):
        cleaned = super().clean()
        start, due = cleaned.get("starts_on"), cleaned.get("due_on")
        if start and due and due < start:
            self.add_error("due_on", _("An action cannot be due before it starts."))
        return cleaned

    def _post_clean(self):
        pass
