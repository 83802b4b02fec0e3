"""The forms of the catalogue of calls: types and ranges here, the rules in calls.py."""

from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from sharaka.core import codelists, uploads
from sharaka.core.forms import AmountField, DateField, DateInput, SharakaForm, SharakaModelForm
from sharaka.core.taxonomy import Area
from sharaka.funding.models import LANGUAGE_CHOICES, Call, CallStage, CallStatus, RequiredAttachment
from sharaka.funding.sections import SECTION_KEYS
from sharaka.partners.models import Organisation
from sharaka.projects.forms import ThemeChoiceField

MAX_SECTORS = 4
STAGE_KINDS = [CallStage.Kind.EOI, CallStage.Kind.CONCEPT_NOTE, CallStage.Kind.FULL_PROPOSAL]
ARCHIVED = "archived"
MAX_WORDS = 100_000


def _amount(label):
    return AmountField(
        label=label,
        required=False,
        min_value=Decimal(0),
        localize=True,
        widget=forms.TextInput(attrs={"inputmode": "decimal", "dir": "ltr"}),
    )


def parse_word_limits(text: str) -> dict[str, int]:
    """Lines `key=words` (one section per line) into {key: words}; unknown keys refused by name."""
    limits: dict[str, int] = {}
    for raw in (text or "").splitlines():
        line = raw.strip()
        if not line:
            continue
        key, sep, words = line.partition("=")
        key, words = key.strip(), words.strip()
        if not sep or not key:
            raise ValidationError(
                _("Write one section per line as key=words, for example summary=300 (not “%(line)s”).")
                % {"line": line[:60]}
            )
        if key not in SECTION_KEYS:
            raise ValidationError(
                _("“%(key)s” is not a section of a proposal. The sections are: %(known)s.")
                % {"key": key[:40], "known": ", ".join(SECTION_KEYS)}
            )
        if not words.isascii() or not words.isdigit() or not 1 <= int(words) <= MAX_WORDS:
            raise ValidationError(
                _("The word limit of %(key)s is a whole number between 1 and %(max)s.")
                % {"key": key, "max": MAX_WORDS}
            )
        if key in limits:
            raise ValidationError(_("The section %(key)s is given twice.") % {"key": key})
        limits[key] = int(words)
    return limits


def format_word_limits(limits: dict) -> str:
    return "\n".join(f"{key}={words}" for key, words in (limits or {}).items())


class CallForm(SharakaModelForm):
    """Create or edit a call; `version` carries the version the form was opened on."""

    funder = forms.ModelChoiceField(
        label=_("Funder"),
        queryset=Organisation.objects.order_by("acronym", "name_fr"),
        help_text=_("A partner organisation. Add it to the partners first if it is missing."),
    )
    lead_model = forms.ChoiceField(label=_("Kind of lead needed"), required=False)
    lead_country = forms.ChoiceField(label=_("Country of the lead"), required=False)
    currency = forms.ChoiceField(label=_("Currency"), initial="EUR")
    min_grant = _amount(_("Minimum grant"))
    max_grant = _amount(_("Maximum grant"))
    cofinancing_rate = forms.DecimalField(
        label=_("Co-financing required (%)"),
        required=False,
        min_value=Decimal(0),
        max_value=Decimal(100),
        max_digits=5,
        decimal_places=2,
        widget=forms.TextInput(attrs={"inputmode": "decimal", "dir": "ltr"}),
        help_text=_("The share of the total cost the applicants must bring themselves."),
    )
    min_months = forms.IntegerField(
        label=_("Shortest duration (months)"), required=False, min_value=1, max_value=240
    )
    max_months = forms.IntegerField(
        label=_("Longest duration (months)"), required=False, min_value=1, max_value=240
    )
    languages = forms.MultipleChoiceField(
        label=_("Languages accepted"), choices=LANGUAGE_CHOICES, widget=forms.CheckboxSelectMultiple
    )
    objectives = ThemeChoiceField("objective", label=_("Objectives"))
    areas = ThemeChoiceField("area", label=_("Cooperation areas"))
    sdgs = ThemeChoiceField("sdg", label=_("Sustainable Development Goals"))
    attachments = forms.MultipleChoiceField(
        label=_("Attachments the call asks for"),
        required=False,
        choices=[(k, v) for k, v in RequiredAttachment.Kind.choices if k != RequiredAttachment.Kind.OTHER],
        widget=forms.CheckboxSelectMultiple,
    )
    other_attachments = forms.CharField(
        label=_("Other attachments or details"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2, "dir": "auto"}),
        help_text=_("One per line, for example: letters of intent signed by the mayors, with amounts."),
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=0, max_value=2**31)

    class Meta:
        model = Call
        fields = [
            "funder",
            "programme",
            "reference",
            "title_ar",
            "title_fr",
            "title_en",
            "summary_ar",
            "summary_fr",
            "summary_en",
            "commune_role",
            "who_may_lead",
            "who_may_partner",
            "lead_model",
            "lead_country",
            "excluded_countries",
            "eligibility_note",
            "currency",
            "min_grant",
            "max_grant",
            "cofinancing_rate",
            "cofinancing_counts",
            "min_months",
            "max_months",
            "family",
            "opens_on",
            "rolling",
            "url",
            "as_of",
            "source",
        ]
        widgets = {
            "programme": forms.TextInput(attrs={"dir": "auto"}),
            "reference": forms.TextInput(attrs={"dir": "ltr"}),
            "title_ar": forms.TextInput(attrs={"lang": "ar", "dir": "rtl"}),
            "title_fr": forms.TextInput(attrs={"lang": "fr", "dir": "ltr"}),
            "title_en": forms.TextInput(attrs={"lang": "en", "dir": "ltr"}),
            "summary_ar": forms.Textarea(attrs={"lang": "ar", "dir": "rtl", "rows": 3}),
            "summary_fr": forms.Textarea(attrs={"lang": "fr", "dir": "ltr", "rows": 3}),
            "summary_en": forms.Textarea(attrs={"lang": "en", "dir": "ltr", "rows": 3}),
            "who_may_lead": forms.TextInput(attrs={"dir": "auto"}),
            "who_may_partner": forms.TextInput(attrs={"dir": "auto"}),
            "excluded_countries": forms.TextInput(attrs={"dir": "ltr"}),
            "eligibility_note": forms.Textarea(attrs={"rows": 3, "dir": "auto"}),
            "opens_on": DateInput(),
            "as_of": DateInput(),
            "url": forms.URLInput(attrs={"dir": "ltr"}),
            "source": forms.TextInput(attrs={"dir": "auto"}),
        }

    def __init__(self, data=None, *args, **kwargs):
        super().__init__(data, *args, **kwargs)
        self.fields["lead_model"].choices = [("", "—"), *Organisation.Model.choices]
        self.fields["lead_country"].choices = [("", "—"), *codelists.country_choices()]
        self.fields["currency"].choices = codelists.currency_choices()
        self.fields["languages"].initial = ["fr"]
        for kind in STAGE_KINDS:
            label = CallStage.Kind(kind).label
            self.fields[f"{kind}_opens_on"] = DateField(label=_("Opens on"), required=False)
            self.fields[f"{kind}_deadline"] = DateField(label=_("Deadline"), required=False)
            self.fields[f"{kind}_days"] = forms.IntegerField(
                label=_("Days needed to prepare"),
                required=False,
                min_value=1,
                max_value=365,
                help_text=_("Empty: the usual time for this stage."),
            )
            self.fields[f"{kind}_words"] = forms.CharField(
                label=_("Word limits"),
                required=False,
                max_length=1000,
                widget=forms.Textarea(attrs={"rows": 2, "dir": "ltr"}),
                help_text=_("One section per line as key=words, for example summary=300."),
            )
            self.fields[f"{kind}_deadline"].stage_label = label
        for n in range(1, MAX_SECTORS + 1):
            self.fields[f"sector_{n}"] = forms.CharField(
                label=_("DAC code"),
                required=False,
                max_length=5,
                widget=forms.TextInput(
                    attrs={"list": "dac-sectors", "dir": "ltr", "inputmode": "numeric", "autocomplete": "off"}
                ),
            )
        call = self.instance
        if call.pk:
            themes = list(call.themes.all())
            for name, kind in (("objectives", "objective"), ("areas", "area"), ("sdgs", "sdg")):
                self.initial.setdefault(name, [t.pk for t in themes if t.kind == kind])
            self.initial.setdefault("languages", call.language_list)
            self.initial.setdefault("version", call.version)
            for n, sector in enumerate(call.sectors.all()[:MAX_SECTORS], start=1):
                self.initial.setdefault(f"sector_{n}", sector.code)
            for stage in call.stages.all():
                self.initial.setdefault(f"{stage.kind}_opens_on", stage.opens_on)
                self.initial.setdefault(f"{stage.kind}_deadline", stage.deadline)
                self.initial.setdefault(f"{stage.kind}_days", stage.preparation_days)
                self.initial.setdefault(f"{stage.kind}_words", format_word_limits(stage.word_limits))
            attachments = list(call.attachments.all())
            self.initial.setdefault(
                "attachments", [a.kind for a in attachments if a.kind != RequiredAttachment.Kind.OTHER]
            )
            self.initial.setdefault(
                "other_attachments",
                "\n".join(
                    a.label for a in attachments if a.kind == RequiredAttachment.Kind.OTHER and a.label
                ),
            )

    def stage_rows(self):
        """One row of fields per stage kind, for the template."""
        return [
            (
                CallStage.Kind(kind).label,
                [self[f"{kind}_{name}"] for name in ("opens_on", "deadline", "days", "words")],
            )
            for kind in STAGE_KINDS
        ]

    def section_keys(self) -> str:
        return ", ".join(SECTION_KEYS)

    def sector_fields(self):
        return [self[f"sector_{n}"] for n in range(1, MAX_SECTORS + 1)]

    def sector_options(self):
        return [(code, codelists.label("Sector", code)) for code in codelists.names("Sector")]

    def clean(self):
        cleaned = super().clean()
        for n in range(1, MAX_SECTORS + 1):
            code = (cleaned.get(f"sector_{n}") or "").strip()
            if code and not codelists.is_code("Sector", code):
                self.add_error(f"sector_{n}", _("%(code)s is not a DAC sector code.") % {"code": code})
        for kind in STAGE_KINDS:
            key = f"{kind}_words"
            if key in cleaned:
                try:
                    cleaned[key] = parse_word_limits(cleaned[key])
                except ValidationError as error:
                    self.add_error(key, error)
        return cleaned

    # --- what the service takes ---

    def call_data(self) -> dict:
        data = {name: self.cleaned_data[name] for name in self.Meta.fields}
        data["languages"] = ",".join(self.cleaned_data["languages"])
        return data

    def themes(self) -> list:
        return [*self.cleaned_data["objectives"], *self.cleaned_data["areas"], *self.cleaned_data["sdgs"]]

    def sectors(self) -> list[str]:
        return [
            self.cleaned_data[f"sector_{n}"].strip()
            for n in range(1, MAX_SECTORS + 1)
            if (self.cleaned_data.get(f"sector_{n}") or "").strip()
        ]

    def stages(self) -> list[dict]:
        out = []
        for kind in STAGE_KINDS:
            values = {
                "opens_on": self.cleaned_data.get(f"{kind}_opens_on"),
                "deadline": self.cleaned_data.get(f"{kind}_deadline"),
                "preparation_days": self.cleaned_data.get(f"{kind}_days"),
                "word_limits": self.cleaned_data.get(f"{kind}_words") or {},
            }
            if any(values.values()):
                out.append({"kind": kind, **values})
        return out

    def attachment_pairs(self) -> list[tuple[str, str]]:
        pairs = [(kind, "") for kind in self.cleaned_data["attachments"]]
        for line in (self.cleaned_data.get("other_attachments") or "").splitlines():
            if line.strip():
                pairs.append((RequiredAttachment.Kind.OTHER, line.strip()[:200]))
        return pairs


class ArchiveForm(SharakaForm):
    reason = forms.CharField(
        label=_("Why the call leaves the catalogue"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2, "dir": "auto"}),
    )


class DocumentForm(SharakaForm):
    title = forms.CharField(label=_("Title"), max_length=200, widget=forms.TextInput(attrs={"dir": "auto"}))
    file = uploads.UploadField(label=_("File"), purpose=uploads.SUPPORTING_DOCUMENT)


STATUS_CHOICES = [
    ("", _("Open and upcoming")),
    (CallStatus.OPEN, pgettext_lazy("call status", "Open")),
    (CallStatus.UPCOMING, pgettext_lazy("call status", "Upcoming")),
    (CallStatus.CLOSED, pgettext_lazy("call status", "Closed")),
    ("all", _("All but archived")),
    (ARCHIVED, _("Archived")),
]


class CallFilterForm(SharakaForm):
    q = forms.CharField(
        label=_("Words of the title or reference"),
        required=False,
        max_length=100,
        widget=forms.TextInput(attrs={"type": "search", "dir": "auto"}),
    )
    status = forms.ChoiceField(label=pgettext_lazy("call", "Status"), choices=STATUS_CHOICES, required=False)
    funder = forms.ModelChoiceField(
        label=_("Funder"),
        queryset=Organisation.objects.filter(calls__isnull=False).distinct().order_by("acronym", "name_fr"),
        required=False,
    )
    area = forms.ChoiceField(label=_("Cooperation area"), choices=[("", "—"), *Area.choices], required=False)
    role = forms.ChoiceField(
        label=_("The commune's role"), choices=[("", "—"), *Call.CommuneRole.choices], required=False
    )
