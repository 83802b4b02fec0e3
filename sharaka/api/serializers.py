"""What the API answers: the same facts as the pages, in the requester's language where they are words.

Texts kept in three languages come as `title` (the best for the reader, as the pages choose it) and
`titles` ({"ar", "fr", "en"}). Codes come with their label in the reader's language (`status`,
`status_label`). Amounts are strings with their currency (16 digits and centimes survive any JSON
reader); amounts in dirhams carry `_mad`. Dates are ISO 8601; times are UTC with their offset.

What a role may not see is not sent at all (contacts, references, other funders' lines): the views
choose the serializer from the same access helpers as the pages.
"""

import datetime

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from sharaka.core import codelists
from sharaka.core.multilingual import CONTENT_LANGUAGES, best


class UTC(serializers.DateTimeField):
    """A moment in UTC (`…Z`), whatever the pages' time zone: tools compare them, people do not read them."""

    def __init__(self, **kwargs):
        super().__init__(default_timezone=datetime.UTC, **kwargs)


class Texts(serializers.Serializer):
    ar = serializers.CharField()
    fr = serializers.CharField()
    en = serializers.CharField()


def texts(obj, base: str) -> dict:
    return {code: getattr(obj, f"{base}_{code}") or "" for code in CONTENT_LANGUAGES}


class _KeptInThreeLanguages(serializers.Field):
    """A text the record keeps as `<base>_ar`, `<base>_fr` and `<base>_en`: read from the record itself."""

    def __init__(self, base: str, **kwargs):
        self.base = base
        super().__init__(read_only=True, **kwargs)

    def get_attribute(self, instance):
        return instance


@extend_schema_field(OpenApiTypes.STR)
class BestText(_KeptInThreeLanguages):
    """The text in the reader's language (Accept-Language), falling back as the pages do."""

    def to_representation(self, instance):
        return best(instance, self.base)


@extend_schema_field(Texts)
class AllTexts(_KeptInThreeLanguages):
    """The same text in Arabic, French and English (empty where it was not written)."""

    def to_representation(self, instance):
        return texts(instance, self.base)


class Labelled(serializers.Serializer):
    code = serializers.CharField()
    label = serializers.CharField()


@extend_schema_field(Labelled)
class LabelledField(serializers.Field):
    """A stored code with its label in the reader's language: {"code": "4", "label": "…"}."""

    def __init__(self, label_of, **kwargs):
        self.label_of = label_of
        kwargs.setdefault("read_only", True)
        super().__init__(**kwargs)

    def get_attribute(self, instance):
        return instance

    def to_representation(self, instance):
        code, label = self.label_of(instance)
        return {"code": str(code), "label": str(label)}


def person_name(user) -> str:
    """How an answer names a person of the commune: their full name, else their username; "" for none."""
    return (user.get_full_name() or user.get_username()) if user else ""


def choice(field: str, **kwargs):
    return LabelledField(lambda obj: (getattr(obj, field), getattr(obj, f"get_{field}_display")()), **kwargs)


# --- partners ---------------------------------------------------------------------------------------


class ContactOut(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    position = serializers.CharField()
    email = serializers.CharField()
    phone = serializers.CharField()
    languages = serializers.CharField()
    is_primary = serializers.BooleanField()


class PartnerOut(serializers.Serializer):
    id = serializers.IntegerField()
    acronym = serializers.CharField()
    name = BestText("name")
    names = AllTexts("name")
    model = choice("model")
    legal_type = choice("legal_type")
    stage = choice("stage")
    iati_identifier = serializers.CharField()
    country = serializers.CharField()
    website = serializers.CharField()
    version = serializers.IntegerField()
    updated_at = UTC()


class ThemeOut(serializers.Serializer):
    id = serializers.IntegerField()
    code = serializers.CharField()
    label = serializers.SerializerMethodField()

    def get_label(self, theme) -> str:
        return str(theme)


class PartnerDetailOut(PartnerOut):
    description = BestText("description")
    descriptions = AllTexts("description")
    focus_areas = ThemeOut(many=True, read_only=True, help_text="A PATCH sends their ids.")


class PartnerWithContactsOut(PartnerDetailOut):
    contacts = ContactOut(many=True, read_only=True)


# --- projects ---------------------------------------------------------------------------------------


class OrganisationRef(serializers.Serializer):
    id = serializers.IntegerField()
    acronym = serializers.CharField()
    name = BestText("name")


class ParticipationOut(serializers.Serializer):
    id = serializers.IntegerField()
    organisation = OrganisationRef()
    role = choice("role")
    committed_amount = serializers.DecimalField(max_digits=None, decimal_places=2, allow_null=True)
    currency = serializers.CharField()
    committed_on = serializers.DateField(allow_null=True)


class ParticipationNoAmountOut(serializers.Serializer):
    id = serializers.IntegerField()
    """Another funder's commitment, as a partner viewer reads the project (finance/access.py)."""

    organisation = OrganisationRef()
    role = choice("role")


class SectorOut(serializers.Serializer):
    code = serializers.CharField()
    label = serializers.SerializerMethodField()
    percentage = serializers.IntegerField()

    def get_label(self, obj) -> str:
        return codelists.label("Sector", obj.code)


class LocalityOut(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.SerializerMethodField()

    def get_name(self, obj) -> str:
        return str(obj)


class StatusChangeOut(serializers.Serializer):
    old_status = serializers.CharField()
    new_status = choice("new_status")
    changed_at = UTC()
    reason = serializers.CharField()
    automatic = serializers.BooleanField()


class ProjectOut(serializers.Serializer):
    id = serializers.IntegerField()
    code = serializers.CharField()
    title = BestText("title")
    titles = AllTexts("title")
    status = choice("status")
    priority = choice("priority")
    planned_start = serializers.DateField(allow_null=True)
    planned_end = serializers.DateField(allow_null=True)
    actual_start = serializers.DateField(allow_null=True)
    actual_end = serializers.DateField(allow_null=True)
    manager = serializers.SerializerMethodField()
    archived = serializers.SerializerMethodField()
    published = serializers.SerializerMethodField(
        help_text="On the public portal, in the open data and IATI."
    )
    version = serializers.IntegerField()
    updated_at = UTC()

    def get_manager(self, obj) -> str:
        return person_name(obj.manager) if obj.manager_id else ""

    def get_archived(self, obj) -> bool:
        return obj.archived_at is not None

    def get_published(self, obj) -> bool:
        return obj.published_at is not None


class ProjectDetailOut(ProjectOut):
    summary = BestText("summary")
    summaries = AllTexts("summary")
    pac_reference = serializers.CharField()
    beneficiaries = serializers.SerializerMethodField()
    partners = serializers.SerializerMethodField()
    sectors = SectorOut(many=True, read_only=True)
    localities = LocalityOut(many=True, read_only=True)
    status_history = StatusChangeOut(many=True, read_only=True, source="status_changes")
    allowed_moves = serializers.SerializerMethodField()

    @extend_schema_field(
        {
            "type": "object",
            "properties": {k: {"type": "integer"} for k in ("women", "youth", "disabled", "other", "total")},
        }
    )
    def get_beneficiaries(self, obj):
        return {
            "women": obj.beneficiaries_women,
            "youth": obj.beneficiaries_youth,
            "disabled": obj.beneficiaries_disabled,
            "other": obj.beneficiaries_other,
            "total": obj.beneficiaries_total,
        }

    @extend_schema_field(ParticipationOut(many=True))
    def get_partners(self, obj):
        """Every partner; the amounts only of those whose money the reader sees (finance/access.py)."""
        from sharaka.finance.access import sees_amounts_of

        user = self.context["request"].user
        return [
            (ParticipationOut if sees_amounts_of(user, p.organisation_id) else ParticipationNoAmountOut)(
                p
            ).data
            for p in obj.participations.all()
        ]

    @extend_schema_field(serializers.ListField(child=serializers.CharField()))
    def get_allowed_moves(self, obj):
        from sharaka.projects.access import allowed_moves

        return allowed_moves(self.context["request"].user, obj)


class MoveIn(serializers.Serializer):
    to = serializers.CharField(help_text="The status to move to (one of the record's `allowed_moves`).")
    reason = serializers.CharField(required=False, allow_blank=True, max_length=2000)


# --- agreements -------------------------------------------------------------------------------------


class AgreementPartyOut(serializers.Serializer):
    organisation = OrganisationRef(allow_null=True, help_text="null: the commune.")
    cash_amount = serializers.DecimalField(max_digits=None, decimal_places=2, allow_null=True)
    currency = serializers.CharField()
    in_kind_value = serializers.DecimalField(max_digits=None, decimal_places=2, allow_null=True)
    in_kind_description = serializers.CharField()


class AgreementOut(serializers.Serializer):
    id = serializers.IntegerField()
    title = BestText("title")
    titles = AllTexts("title")
    kind = choice("kind")
    reference = serializers.CharField()
    status = choice("status")
    starts_on = serializers.DateField(allow_null=True)
    duration_months = serializers.IntegerField(allow_null=True)
    signed_on = serializers.DateField(allow_null=True)
    version = serializers.IntegerField()
    updated_at = UTC()


class AgreementDetailOut(AgreementOut):
    """The legal road (deliberation, transmission, visa, signature, posting) with its history."""

    object = BestText("object")
    objects = AllTexts("object")

    decision_number = serializers.CharField()
    deliberated_on = serializers.DateField(allow_null=True)
    transmitted_on = serializers.DateField(allow_null=True)
    received_on = serializers.DateField(allow_null=True)
    published_on = serializers.DateField(allow_null=True)
    renewal_terms = serializers.CharField()
    notice_months = serializers.IntegerField(allow_null=True)
    languages = serializers.CharField()
    foreign_money = serializers.BooleanField()
    amends = serializers.IntegerField(
        source="parent_id", allow_null=True, help_text="An amendment: the id of the agreement it amends."
    )
    changes = serializers.JSONField(help_text="An amendment: {field: [before, after]}.")
    parties = AgreementPartyOut(many=True, read_only=True)
    projects = serializers.SerializerMethodField()
    road = StatusChangeOut(many=True, read_only=True, source="status_changes")
    allowed_moves = serializers.SerializerMethodField()

    @extend_schema_field(serializers.ListField(child=serializers.CharField()))
    def get_projects(self, obj):
        return [p.code for p in obj.projects.all()]

    @extend_schema_field(serializers.ListField(child=serializers.CharField()))
    def get_allowed_moves(self, obj):
        from sharaka.agreements.services import allowed_moves

        return allowed_moves(self.context["request"].user, obj)


# --- finance ----------------------------------------------------------------------------------------


class TransactionOut(serializers.Serializer):
    id = serializers.IntegerField()
    project = serializers.CharField(source="project.code")
    type = LabelledField(lambda tx: (tx.type, tx.type_label))
    funder = serializers.SerializerMethodField()
    value_date = serializers.DateField()
    currency = serializers.CharField()
    amount = serializers.DecimalField(max_digits=None, decimal_places=2)
    rate = serializers.DecimalField(max_digits=None, decimal_places=6)
    rate_date = serializers.DateField()
    amount_mad = serializers.DecimalField(max_digits=None, decimal_places=2)
    description = serializers.CharField()
    reverses = serializers.IntegerField(source="reverses_id", allow_null=True)
    recorded_at = UTC()

    def get_funder(self, tx) -> str:
        return tx.funder.display_name if tx.funder_id else ""


class TransactionStaffOut(TransactionOut):
    """What the commune's staff read besides: the parties, the reference and the procurement."""

    provider = serializers.CharField()
    receiver = serializers.CharField()
    reference = serializers.CharField()
    procedure = serializers.CharField()
    procurement_reference = serializers.CharField()


class FunderOut(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField(source="display_name")
    kind = choice("kind")
    currency = serializers.CharField()
    cash = serializers.DecimalField(max_digits=None, decimal_places=2)
    in_kind = serializers.DecimalField(max_digits=None, decimal_places=2)
    total_mad = serializers.DecimalField(max_digits=None, decimal_places=2)
    received_mad = serializers.DecimalField(max_digits=None, decimal_places=2, source="received")
    paid_mad = serializers.DecimalField(max_digits=None, decimal_places=2, source="paid")
    version = serializers.IntegerField()


class BudgetLineOut(serializers.Serializer):
    id = serializers.IntegerField()
    category = choice("category")
    funder = serializers.SerializerMethodField()
    description = serializers.CharField()
    amount_mad = serializers.DecimalField(max_digits=None, decimal_places=2)
    actual_mad = serializers.DecimalField(max_digits=None, decimal_places=2, source="actual")
    version = serializers.IntegerField()

    def get_funder(self, line) -> str:
        return line.funder_obj.display_name if line.funder_obj else ""


class TrancheOut(serializers.Serializer):
    id = serializers.IntegerField()
    funder = serializers.CharField(source="funder.display_name")
    expected_on = serializers.DateField()
    currency = serializers.CharField()
    amount = serializers.DecimalField(max_digits=None, decimal_places=2)
    due = serializers.DecimalField(max_digits=None, decimal_places=2)
    received = serializers.BooleanField()
    is_late = serializers.BooleanField()
    version = serializers.IntegerField()


class Road(serializers.Serializer):
    pledged = serializers.DecimalField(max_digits=None, decimal_places=2)
    received = serializers.DecimalField(max_digits=None, decimal_places=2)
    committed = serializers.DecimalField(max_digits=None, decimal_places=2)
    paid = serializers.DecimalField(max_digits=None, decimal_places=2)


class ProjectFinanceOut(serializers.Serializer):
    """The project's totals in MAD (every reader), and the lines the reader may read."""

    project = serializers.CharField(source="project.code")
    road_mad = Road(source="road")
    plan_total_mad = serializers.DecimalField(max_digits=None, decimal_places=2, source="plan_total")
    budget_total_mad = serializers.DecimalField(max_digits=None, decimal_places=2, source="budget_total")
    gap_mad = serializers.DecimalField(max_digits=None, decimal_places=2, source="gap")
    absorption_percent = serializers.DecimalField(
        max_digits=None, decimal_places=1, source="absorption", help_text="Paid over budget, in percent."
    )
    funders = FunderOut(many=True)
    budget_lines = BudgetLineOut(many=True, source="lines")
    tranches = TrancheOut(many=True)


# --- who is calling ---------------------------------------------------------------------------------


class MeOut(serializers.Serializer):
    id = serializers.IntegerField(help_text="Names this person as a follow-up's owner.")
    username = serializers.CharField()
    name = serializers.CharField()
    role = serializers.CharField()
    role_label = serializers.CharField()
    language = serializers.CharField()
    capabilities = serializers.ListField(child=serializers.CharField())


# --- errors -----------------------------------------------------------------------------------------


class ErrorOut(serializers.Serializer):
    detail = serializers.CharField(help_text="What went wrong, in the language asked.")
    code = serializers.CharField()
    errors = serializers.DictField(
        child=serializers.ListField(child=serializers.CharField()),
        required=False,
        help_text="A message per field (`__all__` for the request as a whole).",
    )
