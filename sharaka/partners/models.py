from django.conf import settings
from django.db import models
from django.db.models.functions import Coalesce, Lower, NullIf
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sharaka.core import codelists
from sharaka.core.multilingual import CONTENT_LANGUAGES, FALLBACKS, best
from sharaka.partners.validators import validate_iati_identifier


def name_in_reading_order(language: str):
    """The name a reader of `language` sees (their language first, then the fallbacks, then the
    acronym), lower-cased: the staff partner list's order, which an index per language serves."""
    names = [
        NullIf(models.F(f"name_{code}"), models.Value(""))
        for code in FALLBACKS.get(language, CONTENT_LANGUAGES)
    ]
    return Lower(Coalesce(*names, models.F("acronym")))


class Organisation(models.Model):
    """A partner organisation of any partnership model."""

    class Model(models.TextChoices):
        UN_AGENCY = "un_agency", _("UN agency")
        EU = "eu", _("EU institution or programme")
        FOREIGN_LOCAL_GOVERNMENT = "foreign_local_government", _("Foreign local government")
        INTERNATIONAL_NGO = "international_ngo", _("International NGO")
        BILATERAL_AGENCY = "bilateral_agency", _("Bilateral agency")
        DEVELOPMENT_BANK = "development_bank", _("Development bank")
        FOUNDATION = "foundation", _("Foundation")
        PRIVATE_COMPANY = "private_company", _("Private company")
        NATIONAL_PUBLIC_BODY = "national_public_body", _("National public body")
        LOCAL_ASSOCIATION = "local_association", _("Local association")

    class LegalType(models.TextChoices):
        FOREIGN_STATE = "foreign_state", _("Foreign State")
        FOREIGN_PUBLIC_AGENCY = "foreign_public_agency", _("Foreign public agency")
        FOREIGN_LOCAL_AUTHORITY = "foreign_local_authority", _("Foreign local authority")
        INTERGOVERNMENTAL = "intergovernmental", _("Intergovernmental organisation")
        FOREIGN_PRIVATE = "foreign_private", _("Foreign private body (NGO, foundation, company)")
        MOROCCAN_PUBLIC = "moroccan_public", _("Moroccan public body")
        MOROCCAN_PRIVATE = "moroccan_private", _("Moroccan private body or association")

    class Stage(models.TextChoices):
        PROSPECT = "prospect", _("Prospect")
        IN_CONTACT = "in_contact", _("In contact")
        ACTIVE = "active", _("Active partner")
        STRATEGIC = "strategic", _("Strategic partner")
        DORMANT = "dormant", _("Dormant")

    name_ar = models.CharField(_("name in Arabic"), max_length=200, blank=True)
    name_fr = models.CharField(_("name in French"), max_length=200, blank=True)
    name_en = models.CharField(_("name in English"), max_length=200, blank=True)
    acronym = models.CharField(_("acronym"), max_length=30, blank=True)
    model = models.CharField(_("partnership model"), max_length=32, choices=Model.choices)
    legal_type = models.CharField(_("legal type"), max_length=32, choices=LegalType.choices)
    iati_identifier = models.CharField(
        _("IATI organisation identifier"),
        max_length=100,
        blank=True,
        help_text=_("For example XM-DAC-41114 or GB-CHC-1081247."),
        validators=[validate_iati_identifier],
    )
    iati_type = models.CharField(_("IATI organisation type"), max_length=4, blank=True)
    # Required on the partner form; left empty only on a prospect created from an IATI file whose
    # identifier names no country (XM-DAC-..., XI-IATI-...), for the unit to complete (iati/publishers.py).
    country = models.CharField(
        _("country"), max_length=2, blank=True, help_text=_("Where the organisation has its seat.")
    )
    website = models.URLField(_("website"), blank=True)
    working_language = models.CharField(
        _("working language"),
        max_length=8,
        choices=settings.LANGUAGES,
        blank=True,
        default="",
        db_default="",
        help_text=_("The language its reports and letters are written in."),
    )
    focus_areas = models.ManyToManyField(
        "core.Theme", verbose_name=_("focus areas"), blank=True, limit_choices_to={"kind": "area"}
    )
    stage = models.CharField(
        _("relationship stage"), max_length=16, choices=Stage.choices, default=Stage.PROSPECT
    )
    description_ar = models.TextField(_("description in Arabic"), blank=True)
    description_fr = models.TextField(_("description in French"), blank=True)
    description_en = models.TextField(_("description in English"), blank=True)
    internal_notes = models.TextField(
        _("internal notes"), blank=True, help_text=_("Never shown to partners or the public.")
    )
    is_fictional = models.BooleanField(_("fictional (demo)"), default=False)
    version = models.PositiveIntegerField(default=1, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("partner organisation")
        verbose_name_plural = _("partner organisations")
        ordering = ["name_fr", "name_en", "name_ar"]
        indexes = [
            models.Index(fields=["model"]),
            models.Index(fields=["stage"]),
            models.Index(fields=["country"]),
            # The portal's partner list reads its page in this order rather than sorting every partner.
            models.Index(fields=["name_fr", "name_en", "name_ar", "id"], name="organisation_name_order"),
            # The staff list in each reader's order: at national scale (5,000 partners) PostgreSQL
            # sorted them all for every page (7 ms), and reads 25 from the index (0.1 ms). SQLite
            # does not match an expression holding a bound parameter ('') to an index, and sorts.
            *[
                models.Index(name_in_reading_order(code), "id", name=f"organisation_{code}_order")
                for code in CONTENT_LANGUAGES
            ],
        ]

    def __str__(self):
        return best(self, "name") or self.acronym

    @property
    def may_be_agreement_party(self) -> bool:
        """Law 113-14 art. 86 and 146: a commune may not conclude an agreement with a foreign State."""
        return self.legal_type != self.LegalType.FOREIGN_STATE

    @property
    def country_name(self) -> str:
        return codelists.country_name(self.country)

    @property
    def iati_type_label(self) -> str:
        return codelists.label("OrganisationType", self.iati_type) if self.iati_type else ""


class Contact(models.Model):
    organisation = models.ForeignKey(
        Organisation, verbose_name=_("organisation"), related_name="contacts", on_delete=models.CASCADE
    )
    name = models.CharField(_("name"), max_length=150)
    position = models.CharField(_("position"), max_length=150, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    languages = models.CharField(_("languages spoken"), max_length=100, blank=True)
    is_primary = models.BooleanField(_("main contact"), default=False)

    class Meta:
        verbose_name = _("contact")
        verbose_name_plural = _("contacts")
        ordering = ["-is_primary", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation"],
                condition=models.Q(is_primary=True),
                name="contact_one_main_per_organisation",
            )
        ]

    def __str__(self):
        return self.name


class Interaction(models.Model):
    """A meeting, call, e-mail, mission, visit or event in the timeline of a partner."""

    class Kind(models.TextChoices):
        MEETING = "meeting", _("Meeting")
        CALL = "call", _("Call")
        EMAIL = "email", _("E-mail")
        MISSION = "mission", _("Mission")
        VISIT = "visit", _("Visit")
        EVENT = "event", _("Event")
        INQUIRY = "inquiry", _("Inquiry from the portal")

    organisation = models.ForeignKey(
        Organisation, verbose_name=_("organisation"), related_name="interactions", on_delete=models.CASCADE
    )
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    date = models.DateField(_("date"))
    subject = models.CharField(_("subject"), max_length=200)
    summary = models.TextField(_("summary"), blank=True)
    contacts = models.ManyToManyField(Contact, verbose_name=_("people met"), blank=True)
    # Empty only for what arrived by itself: an inquiry sent from the portal (sharaka/promotion).
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("interaction")
        verbose_name_plural = _("interactions")
        ordering = ["-date", "-id"]

    def __str__(self):
        return self.subject


class InteractionAttachment(models.Model):
    """A file kept with an interaction (minutes, photos, a presentation): private to the commune's staff,
    checked like a project's documents on the way in, served only through the interaction's access."""

    interaction = models.ForeignKey(
        Interaction, verbose_name=_("interaction"), related_name="attachments", on_delete=models.CASCADE
    )
    file = models.FileField(_("file"), upload_to="interactions/%Y/%m/")
    name = models.CharField(_("name"), max_length=120)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("uploaded by"), on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField(_("uploaded"), auto_now_add=True)

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        ordering = ["uploaded_at", "id"]

    def __str__(self):
        return self.name


class FollowUp(models.Model):
    """Something to do after an interaction, owned by someone and dated."""

    interaction = models.ForeignKey(
        Interaction, verbose_name=_("interaction"), related_name="follow_ups", on_delete=models.CASCADE
    )
    description = models.CharField(_("what to do"), max_length=300)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("owner"), on_delete=models.PROTECT, related_name="follow_ups"
    )
    due_date = models.DateField(_("due date"))
    done_at = models.DateTimeField(_("done at"), null=True, blank=True)

    class Meta:
        verbose_name = _("follow-up")
        verbose_name_plural = _("follow-ups")
        ordering = ["due_date", "id"]
        indexes = [models.Index(fields=["due_date", "done_at"])]

    def __str__(self):
        return self.description

    @property
    def is_overdue(self) -> bool:
        return self.done_at is None and self.due_date < timezone.localdate()


class NegotiationRound(models.Model):
    """One round of a negotiation with a partner: positions, outcome, minutes."""

    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        related_name="negotiation_rounds",
        on_delete=models.CASCADE,
    )
    topic = models.CharField(_("topic"), max_length=200)
    round_number = models.PositiveSmallIntegerField(_("round"))
    date = models.DateField(_("date"))
    our_position = models.TextField(_("our position"))
    their_position = models.TextField(_("their position"), blank=True)
    outcome = models.TextField(_("outcome"), blank=True)
    minutes = models.FileField(_("minutes"), upload_to="negotiations/%Y/", blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("recorded by"), on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("negotiation round")
        verbose_name_plural = _("negotiation log")
        ordering = ["topic", "round_number"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "topic", "round_number"], name="negotiation_round_unique"
            ),
            models.CheckConstraint(
                condition=models.Q(round_number__gte=1), name="negotiation_round_number_positive"
            ),
        ]

    def __str__(self):
        return f"{self.topic} #{self.round_number}"


class PartnerAccess(models.Model):
    """Links a partner-viewer account to the organisation whose shared data it may read."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="partner_access",
    )
    organisation = models.ForeignKey(
        Organisation, verbose_name=_("organisation"), on_delete=models.PROTECT, related_name="viewers"
    )

    class Meta:
        verbose_name = _("partner access")
        verbose_name_plural = _("partner accesses")

    def __str__(self):
        return f"{self.user} → {self.organisation}"
