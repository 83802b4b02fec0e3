"""The forms of the projects pages.

They check what a page can tell at once (types, ranges, the sector rows) and hand the rest to the
services, which hold the rules; the views show a service's refusal beside the field it names.
"""

from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Case, Exists, F, IntegerField, Max, Min, OuterRef, Q, Value, When
from django.utils.translation import gettext_lazy as _

from sharaka.core import codelists, search, uploads
from sharaka.core.forms import AmountField, DateInput, ModelMultipleChoiceField, SharakaForm, SharakaModelForm
from sharaka.core.models import Locality, Theme, User
from sharaka.core.people import PersonChoiceField
from sharaka.core.roles import Role
from sharaka.core.taxonomy import Area, Objective
from sharaka.finance.forms import CHOICES_LIMIT
from sharaka.lib.text import isolate
from sharaka.partners.models import Organisation
from sharaka.projects import codes, mad, pipeline, services
from sharaka.projects.models import Document, Project, ProjectPartner

MANAGER_ROLES = (Role.PROJECT_MANAGER, Role.COOPERATION_OFFICER, Role.ADMINISTRATOR)
MAX_SECTORS = 3
BENEFICIARY_FIELDS = (
    "beneficiaries_women",
    "beneficiaries_youth",
    "beneficiaries_disabled",
    "beneficiaries_other",
)


def _date_input():
    return DateInput()


class ThemeChoiceField(ModelMultipleChoiceField):
    widget = forms.CheckboxSelectMultiple

    def __init__(self, kind, **kwargs):
        super().__init__(queryset=Theme.objects.filter(kind=kind), required=False, **kwargs)


class SectorForm(SharakaForm):
    code = forms.CharField(
        label=_("DAC code"),
        required=False,
        max_length=5,
        widget=forms.TextInput(
            attrs={"list": "dac-sectors", "dir": "ltr", "inputmode": "numeric", "autocomplete": "off"}
        ),
    )
    percentage = forms.IntegerField(label=_("Percentage"), required=False, min_value=1, max_value=100)

    def clean_code(self):
        code = (self.cleaned_data.get("code") or "").strip()
        if code and not codelists.is_code("Sector", code):
            raise ValidationError(_("%(code)s is not a DAC sector code.") % {"code": code})
        return code

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("percentage") is not None and not cleaned.get("code") and "code" not in self.errors:
            self.add_error("code", _("Give the sector's DAC code."))
        return cleaned

    def label(self) -> str:
        code = self["code"].value()
        return codelists.label("Sector", code) if code and codelists.is_code("Sector", code) else ""


class BaseSectorFormSet(forms.BaseFormSet):
    def clean(self):
        if any(self.errors):
            return
        rows = [f.cleaned_data for f in self.forms if f.cleaned_data.get("code")]
        codes = [row["code"] for row in rows]
        if len(set(codes)) != len(codes):
            raise ValidationError(_("Each DAC sector can be given only once."))
        if len(rows) == 1 and rows[0].get("percentage") is None:
            rows[0]["percentage"] = 100
        if any(row.get("percentage") is None for row in rows):
            raise ValidationError(_("Give the percentage of each sector."))
        if rows and sum(row["percentage"] for row in rows) != 100:
            raise ValidationError(_("The sector percentages must add up to 100."))

    def sectors(self) -> list[tuple[str, int]]:
        return [
            (f.cleaned_data["code"], f.cleaned_data["percentage"])
            for f in self.forms
            if f.cleaned_data.get("code")
        ]


class ProjectForm(SharakaModelForm):
    """Create or edit a project; `version` carries the version the form was opened on."""

    objectives = ThemeChoiceField("objective", label=_("Objectives"))
    areas = ThemeChoiceField("area", label=_("Cooperation areas"))
    sdgs = ThemeChoiceField("sdg", label=_("Sustainable Development Goals"))
    localities = ModelMultipleChoiceField(
        label=_("Localities"),
        queryset=Locality.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Project
        fields = [
            "code",
            "pac_reference",
            "priority",
            "title_ar",
            "title_fr",
            "title_en",
            "summary_ar",
            "summary_fr",
            "summary_en",
            "beneficiaries_women",
            "beneficiaries_youth",
            "beneficiaries_disabled",
            "beneficiaries_other",
            "planned_start",
            "planned_end",
            "actual_start",
            "actual_end",
            "manager",
            "internal_notes",
        ]
        field_classes = {"manager": PersonChoiceField}
        widgets = {
            "code": forms.TextInput(attrs={"dir": "ltr"}),
            "pac_reference": forms.TextInput(attrs={"dir": "auto"}),
            "title_ar": forms.TextInput(attrs={"lang": "ar", "dir": "rtl"}),
            "title_fr": forms.TextInput(attrs={"lang": "fr", "dir": "ltr"}),
            "title_en": forms.TextInput(attrs={"lang": "en", "dir": "ltr"}),
            "summary_ar": forms.Textarea(attrs={"lang": "ar", "dir": "rtl", "rows": 4}),
            "summary_fr": forms.Textarea(attrs={"lang": "fr", "dir": "ltr", "rows": 4}),
            "summary_en": forms.Textarea(attrs={"lang": "en", "dir": "ltr", "rows": 4}),
            "internal_notes": forms.Textarea(attrs={"rows": 3, "dir": "auto"}),
            "planned_start": _date_input(),
            "planned_end": _date_input(),
            "actual_start": _date_input(),
            "actual_end": _date_input(),
        }

    def __init__(self, data=None, *args, creator=None, **kwargs):
        super().__init__(data, *args, **kwargs)
        for name in BENEFICIARY_FIELDS:  # left empty means none
            self.fields[name].required = False
        self.fields["manager"].queryset = User.objects.filter(
            is_active=True, role__in=MANAGER_ROLES
        ).order_by("first_name", "last_name", "username")
        if not self.instance.pk:  # a new project: the next free code, and its creator as manager
            proposed = codes.next_code()
            self.initial.setdefault("code", proposed)
            self.fields["code"].help_text = _(
                "Proposed: %(code)s, the next free code of the year. You may change it."
            ) % {"code": isolate(proposed)}
            if creator is not None and self.fields["manager"].queryset.filter(pk=creator.pk).exists():
                self.initial.setdefault("manager", creator.pk)
        initial_sectors = []
        if self.instance.pk:
            themes = list(self.instance.themes.all())
            for name, kind in (("objectives", "objective"), ("areas", "area"), ("sdgs", "sdg")):
                self.initial.setdefault(name, [t.pk for t in themes if t.kind == kind])
            self.initial.setdefault("localities", [loc.pk for loc in self.instance.localities.all()])
            self.initial.setdefault("version", self.instance.version)
            initial_sectors = [
                {"code": s.code, "percentage": s.percentage} for s in self.instance.sectors.all()
            ]
        formset_class = forms.formset_factory(
            SectorForm,
            formset=BaseSectorFormSet,
            extra=max(0, MAX_SECTORS - len(initial_sectors)),
            max_num=MAX_SECTORS,
            validate_max=True,
        )
        self.sectors = formset_class(data, initial=initial_sectors or None, prefix="sectors")

    def clean_code(self):
        code = self.cleaned_data.get("code")
        if code:
            try:
                codes.check_free(code, self.instance.pk)
            except ValidationError as error:
                raise ValidationError(error.message_dict["code"]) from None
        return code

    def is_valid(self):
        form_ok = super().is_valid()
        sectors_ok = self.sectors.is_valid()
        return form_ok and sectors_ok

    @property
    def sectors_have_errors(self) -> bool:
        return self.is_bound and self.sectors.total_error_count() > 0

    def sector_options(self):
        """Every DAC sector, for the one datalist the three sector rows share."""
        return [(code, codelists.label("Sector", code)) for code in codelists.names("Sector")]

    def clean(self):
        cleaned = super().clean()
        for name in BENEFICIARY_FIELDS:
            if name in cleaned and cleaned[name] is None:
                cleaned[name] = 0
        dates = {k: cleaned.get(k) for k in ("planned_start", "planned_end", "actual_start", "actual_end")}
        try:
            services.validate_dates(Project(**dates))
        except ValidationError as error:
            for field, errors in error.error_dict.items():
                if field not in self.errors:
                    self.add_error(field, errors)
        return cleaned

    def project_data(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.Meta.fields}

    def themes(self) -> list:
        return [*self.cleaned_data["objectives"], *self.cleaned_data["areas"], *self.cleaned_data["sdgs"]]


def organisation_label(obj) -> str:
    return f"{obj} ({obj.acronym})" if obj.acronym and obj.acronym != str(obj) else str(obj)


class OrganisationChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return organisation_label(obj)


class PartnerForm(SharakaModelForm):
    organisation = OrganisationChoiceField(label=_("Organisation"), queryset=Organisation.objects.all())
    committed_amount = AmountField(
        label=_("Committed amount"),
        required=False,
        min_value=Decimal("0.01"),
        localize=True,
        widget=forms.TextInput(attrs={"inputmode": "decimal", "dir": "ltr"}),
        help_text=_("Funding partners only."),
    )
    currency = forms.ChoiceField(label=_("Currency"), initial="MAD")

    class Meta:
        model = ProjectPartner
        fields = ["organisation", "role", "committed_amount", "currency", "committed_on"]
        widgets = {"committed_on": _date_input()}
        help_texts = {"committed_on": _("The date of the funder's commitment.")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["currency"].choices = codelists.currency_choices()
        self.fields["role"].help_text = _("The partner's role in the project, as IATI names it.")


class DocumentForm(SharakaForm):
    title = forms.CharField(label=_("Title"), max_length=200, widget=forms.TextInput(attrs={"dir": "auto"}))
    kind = forms.ChoiceField(label=_("Type"), choices=Document.Kind.choices)
    visibility = forms.ChoiceField(
        label=_("Who may read it"), choices=Document.Visibility.choices, initial=Document.Visibility.PRIVATE
    )
    file = uploads.UploadField(label=_("File"), purpose=uploads.PROJECT_DOCUMENT)


class DocumentEditForm(SharakaForm):
    """What may change of a document once uploaded: its title, its type and who may read it."""

    title = forms.CharField(label=_("Title"), max_length=200, widget=forms.TextInput(attrs={"dir": "auto"}))
    kind = forms.ChoiceField(label=_("Type"), choices=Document.Kind.choices)
    visibility = forms.ChoiceField(label=_("Who may read it"), choices=Document.Visibility.choices)


class MoveForm(SharakaForm):
    """A move along the pipeline. Which moves this user may make is the service's (and access's) call."""

    to = forms.ChoiceField(label=_("Move the project to"), choices=pipeline.Status.choices)
    reason = forms.CharField(
        label=_("Reason"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2, "dir": "auto"}),
        help_text=_("Required when the project is rejected or abandoned."),
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


class ArchiveForm(SharakaForm):
    reason = forms.CharField(
        label=_("Why is the project archived?"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2, "dir": "auto"}),
    )


# The list: filters and sort orders.


def _partners_taking_part(projects):
    """The organisations taking part in `projects`, by name; None when there are more than
    `CHOICES_LIMIT` (one query, which reads at most that many rows and one more)."""
    taking_part = ProjectPartner.objects.filter(organisation=OuterRef("pk"))
    if projects.query.has_filters():  # a partner viewer's projects (the staff see them all)
        taking_part = taking_part.filter(project__in=projects)
    found = list(
        Organisation.objects.filter(Exists(taking_part)).only("name_ar", "name_fr", "name_en", "acronym")[
            : CHOICES_LIMIT + 1
        ]
    )
    return None if len(found) > CHOICES_LIMIT else found


def _matching(kind, query):
    """The search entry of the enclosing query's object when it holds every word of the query (as
    `core.search.matching_ids`, for an EXISTS)."""
    from sharaka.core.models import SearchEntry
    from sharaka.core.search import search_terms

    terms = search_terms(query)
    if not terms:
        return SearchEntry.objects.none()
    condition = Q(kind=kind, object_id=OuterRef("pk"))
    for term in terms:
        condition &= Q(text__contains=term)
    return SearchEntry.objects.filter(condition)


def _years(projects) -> list[int]:
    """The years from the latest planned start to the earliest, latest first: one walk of the
    planned-start index, where listing the distinct years sorts the year of every project."""
    bounds = projects.order_by().aggregate(first=Min("planned_start"), last=Max("planned_start"))
    if bounds["first"] is None:
        return []
    return list(range(bounds["last"].year, bounds["first"].year - 1, -1))


_STATUS_ORDER = Case(
    *[When(status=s, then=Value(i)) for i, s in enumerate(pipeline.Status.values)],
    output_field=IntegerField(),
)
SORTS = {
    "recent": (_("Recently changed"), ["-updated_at", "-id"]),
    "code": (_("Code"), ["code"]),
    "start": (_("Planned start, earliest first"), [F("planned_start").asc(nulls_last=True), "code"]),
    "-start": (_("Planned start, latest first"), [F("planned_start").desc(nulls_last=True), "code"]),
    "status": (_("Stage in the pipeline"), [_STATUS_ORDER, "code"]),
    "priority": (_("Priority"), ["priority", "code"]),
    "committed": (_("Committed in MAD, largest first"), [F("committed_mad").desc(nulls_last=True), "code"]),
}


class ProjectFilterForm(SharakaForm):
    q = forms.CharField(
        label=_("Words"), required=False, max_length=200, widget=forms.TextInput(attrs={"type": "search"})
    )
    status = forms.ChoiceField(label=_("Status"), required=False)
    area = forms.ChoiceField(label=_("Cooperation area"), required=False)
    objective = forms.ChoiceField(label=_("Objective"), required=False)
    # A drop-down of the partners taking part while there are few (as many as the transaction list
    # allows, `CHOICES_LIMIT`); beyond, a box where one types the partner's acronym (`clean_partner`).
    partner = forms.TypedChoiceField(label=_("Partner"), coerce=int, required=False)
    locality = forms.TypedChoiceField(label=_("Locality"), coerce=int, required=False)  # the same rule
    year = forms.TypedChoiceField(label=_("Year of planned start"), coerce=int, required=False)
    sort = forms.ChoiceField(label=_("Sort by"), required=False)
    archived = forms.BooleanField(label=_("Show archived projects"), required=False)
    # The fields that narrow the list (its count stops lower: `views.FILTERED_CAP`).
    FILTERS = ("q", "status", "area", "objective", "partner", "locality", "year")

    def __init__(self, data, *, projects):
        super().__init__(data)
        everything = [("", _("All"))]
        self.fields["status"].choices = everything + pipeline.Status.choices
        self.fields["area"].choices = everything + Area.choices
        self.fields["objective"].choices = everything + Objective.choices
        partners = _partners_taking_part(projects)
        if partners is None:
            self.fields["partner"] = forms.CharField(
                label=_("Partner (acronym)"), required=False, max_length=60
            )
        else:
            self.fields["partner"].choices = everything + [(o.pk, organisation_label(o)) for o in partners]
        localities = list(Locality.objects.only("name_ar", "name_fr", "name_en")[: CHOICES_LIMIT + 1])
        if len(localities) > CHOICES_LIMIT:
            self.fields["locality"] = forms.CharField(
                label=_("Locality (name)"), required=False, max_length=120
            )
        else:
            self.fields["locality"].choices = everything + [(place.pk, str(place)) for place in localities]
        self.fields["year"].choices = everything + [(year, str(year)) for year in _years(projects)]
        self.fields["sort"].choices = [(key, label) for key, (label, _order) in SORTS.items()]

    def clean_partner(self):
        """The partner's id; in the box, typed as its acronym (or its number, as links carry it)."""
        value = self.cleaned_data.get("partner")
        if not isinstance(value, str):
            return value
        value = value.strip()
        if not value:
            return None
        named = Q(acronym__iexact=value)
        found = (
            Organisation.objects.filter(named | Q(pk=int(value)) if value.isdigit() else named)
            .order_by(Case(When(named, then=Value(0)), default=Value(1)), "pk")
            .values_list("pk", flat=True)
            .first()
        )
        if found is None:
            raise ValidationError(_("No partner has the acronym “%(acronym)s”."), params={"acronym": value})
        return found

    def clean_locality(self):
        """The locality's id; in the box, typed as its name in any language (or its number)."""
        value = self.cleaned_data.get("locality")
        if not isinstance(value, str):
            return value
        value = value.strip()
        if not value:
            return None
        named = Q(name_ar__iexact=value) | Q(name_fr__iexact=value) | Q(name_en__iexact=value)
        found = (
            Locality.objects.filter(named | Q(pk=int(value)) if value.isdigit() else named)
            .order_by(Case(When(named, then=Value(0)), default=Value(1)), "pk")
            .values_list("pk", flat=True)
            .first()
        )
        if found is None:
            raise ValidationError(_("No locality is named “%(name)s”."), params={"name": value})
        return found

    def filter(self, projects):
        """The projects that pass the valid filters (an invalid one is shown with its error and ignored)."""
        self.is_valid()
        data = self.cleaned_data
        if not data.get("archived"):
            projects = projects.filter(archived_at__isnull=True)
        # The broad filters (words, an area, an objective: thousands of projects each) are checked
        # row by row (EXISTS), so that the database walks the list's order or the narrowest other
        # filter and stops; the narrow ones (a partner, a locality: a few projects) stay lists.
        if data.get("q") and data.get("year"):
            # Words and a year: one read of the entries holding both (their year is the planned
            # start's, `services.index_project`), where checking the words row by row probed every
            # project of the year (7,000 at national scale for one common word: 110 ms).
            projects = projects.filter(pk__in=search.matching_ids("project", data["q"], year=data["year"]))
        elif data.get("q"):
            projects = projects.filter(Exists(_matching("project", data["q"])))
        if data.get("status"):
            projects = projects.filter(status=data["status"])
        for kind in ("area", "objective"):
            if data.get(kind):
                # The theme's id first (one small query): with it the database probes the unique
                # (project, theme) index per project; with a join to the code it hashed the 30,000
                # projects of an area at national scale before counting (22 ms against 10 ms).
                theme = Theme.objects.filter(kind=kind, code=data[kind]).values_list("pk", flat=True).first()
                tagged = Project.themes.through.objects.filter(project=OuterRef("pk"), theme=theme)
                projects = projects.filter(Exists(tagged))
        if data.get("partner"):
            taking_part = ProjectPartner.objects.filter(organisation_id=data["partner"])
            projects = projects.filter(pk__in=taking_part.values("project_id"))
        if data.get("locality"):
            located = Project.localities.through.objects.filter(locality_id=data["locality"])
            projects = projects.filter(pk__in=located.values("project_id"))
        if data.get("year"):
            projects = projects.filter(planned_start__year=data["year"])
        return projects

    def order(self, projects):
        key = self.cleaned_data.get("sort") or "recent"
        if key == "committed":  # the total of every project, to sort them all by it
            projects = projects.annotate(committed_mad=mad.committed_mad())
        return projects.order_by(*SORTS[key][1])
