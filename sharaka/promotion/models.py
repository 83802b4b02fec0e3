"""What the commune offers partners and investors: opportunities (investment projects, tourism
products, cultural events to sponsor, twinning exchanges, volunteering) shown on the public portal,
the events (a festival's edition) with their sponsors, and the inquiries the portal's form receives,
which land in the partner CRM (partners.Organisation, Interaction, FollowUp).

`Opportunity.objects.public()` is the one definition of which opportunities the public sees.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from sharaka.core.models import StatusHistory
from sharaka.core.money import MoneyField
from sharaka.core.multilingual import best


class OpportunityQuerySet(models.QuerySet):
    def public(self):
        """The one definition of what the public sees: published by the unit, not archived, and open
        or under discussion (a taken or closed opportunity leaves the catalogue)."""
        return self.filter(
            published_at__isnull=False,
            archived_at__isnull=True,
            status__in=[Opportunity.Status.OPEN, Opportunity.Status.IN_DISCUSSION],
        )


class Opportunity(models.Model):
    class Kind(models.TextChoices):
        INVESTMENT = "investment", _("Investment project")
        TOURISM = "tourism", _("Tourism product")
        CULTURE = "culture", _("Cultural event to sponsor")
        TWINNING = "twinning", _("Twinning exchange")
        VOLUNTEERING = "volunteering", _("Volunteering")

    class PartnerSought(models.TextChoices):
        INVESTOR = "investor", _("Investor")
        SPONSOR = "sponsor", _("Sponsor")
        LOCAL_GOVERNMENT = "local_government", _("Foreign local government")
        DONOR = "donor", _("Donor or cooperation agency")
        NGO = "ngo", _("NGO or foundation")
        VOLUNTEERS = "volunteers", _("Volunteers")

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        OPEN = "open", _("Open")
        IN_DISCUSSION = "in_discussion", _("In discussion with a partner")
        TAKEN = "taken", _("Partner found")
        CLOSED = "closed", _("Closed")

    code = models.SlugField(_("code"), max_length=60, unique=True)
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    title_ar = models.CharField(_("title in Arabic"), max_length=200, blank=True)
    title_fr = models.CharField(_("title in French"), max_length=200, blank=True)
    title_en = models.CharField(_("title in English"), max_length=200, blank=True)
    title_zgh = models.CharField(_("title in Tamazight"), max_length=200, blank=True)
    summary_ar = models.TextField(_("summary in Arabic"), blank=True)
    summary_fr = models.TextField(_("summary in French"), blank=True)
    summary_en = models.TextField(_("summary in English"), blank=True)
    locality = models.ForeignKey(
        "core.Locality",
        verbose_name=_("locality"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    latitude = models.DecimalField(_("latitude"), max_digits=8, decimal_places=5, null=True, blank=True)
    longitude = models.DecimalField(_("longitude"), max_digits=8, decimal_places=5, null=True, blank=True)
    estimated_cost = MoneyField(_("estimated cost"), null=True, blank=True)
    currency = models.CharField(_("currency"), max_length=3, default="MAD")
    partner_sought = models.CharField(_("partner sought"), max_length=20, choices=PartnerSought.choices)
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.DRAFT)
    project = models.ForeignKey(
        "projects.Project",
        verbose_name=_("project"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="opportunities",
        help_text=_("The project this opportunity would fund, if there is one."),
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("handled by"),
        on_delete=models.PROTECT,
        related_name="opportunities",
        help_text=_("Who answers its inquiries: their follow-ups land on this person's list."),
    )
    internal_notes = models.TextField(
        _("internal notes"), blank=True, help_text=_("Never shown to partners or the public.")
    )
    published_at = models.DateTimeField(_("published"), null=True, blank=True)
    archived_at = models.DateTimeField(_("archived"), null=True, blank=True)
    version = models.PositiveIntegerField(default=1, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = OpportunityQuerySet.as_manager()

    class Meta:
        verbose_name = _("opportunity")
        verbose_name_plural = _("opportunities")
        ordering = ["kind", "code"]
        indexes = [models.Index(fields=["status", "published_at"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(latitude__isnull=True) | models.Q(latitude__gte=-90, latitude__lte=90),
                name="opportunity_latitude",
            ),
            models.CheckConstraint(
                condition=models.Q(longitude__isnull=True)
                | models.Q(longitude__gte=-180, longitude__lte=180),
                name="opportunity_longitude",
            ),
        ]

    def __str__(self):
        return best(self, "title") or self.code


class OpportunityStatusChange(StatusHistory):
    opportunity = models.ForeignKey(
        Opportunity, verbose_name=_("opportunity"), related_name="status_changes", on_delete=models.CASCADE
    )
    old_status = models.CharField(_("from"), max_length=16, choices=Opportunity.Status.choices, blank=True)
    new_status = models.CharField(_("to"), max_length=16, choices=Opportunity.Status.choices)

    class Meta(StatusHistory.Meta):
        pass


class Photo(models.Model):
    """A photo of an opportunity: checked by content, redrawn without its metadata (no GPS), resized."""

    opportunity = models.ForeignKey(
        Opportunity, verbose_name=_("opportunity"), related_name="photos", on_delete=models.CASCADE
    )
    image = models.ImageField(
        _("photo"), upload_to="promotion/%Y/", width_field="width", height_field="height"
    )
    width = models.PositiveIntegerField(default=0)
    height = models.PositiveIntegerField(default=0)
    sha256 = models.CharField(max_length=64)
    caption_ar = models.CharField(_("caption in Arabic"), max_length=200, blank=True)
    caption_fr = models.CharField(_("caption in French"), max_length=200, blank=True)
    caption_en = models.CharField(_("caption in English"), max_length=200, blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("photo")
        verbose_name_plural = _("photos")
        ordering = ["opportunity", "order", "id"]

    def __str__(self):
        return best(self, "caption") or self.image.name


class Event(models.Model):
    """An event the commune holds or supports (a festival's edition), with its sponsors and partners."""

    opportunity = models.ForeignKey(
        Opportunity,
        verbose_name=_("opportunity"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="events",
        help_text=_("The sponsorship offer this event came from, if any."),
    )
    title_ar = models.CharField(_("title in Arabic"), max_length=200, blank=True)
    title_fr = models.CharField(_("title in French"), max_length=200, blank=True)
    title_en = models.CharField(_("title in English"), max_length=200, blank=True)
    title_zgh = models.CharField(_("title in Tamazight"), max_length=200, blank=True)
    edition = models.PositiveSmallIntegerField(_("edition"), null=True, blank=True)
    starts_on = models.DateField(_("starts"))
    ends_on = models.DateField(_("ends"))
    locality = models.ForeignKey(
        "core.Locality",
        verbose_name=_("locality"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    place = models.CharField(_("place"), max_length=200, blank=True)
    summary_ar = models.TextField(_("summary in Arabic"), blank=True)
    summary_fr = models.TextField(_("summary in French"), blank=True)
    summary_en = models.TextField(_("summary in English"), blank=True)
    visitors = models.PositiveIntegerField(_("visitors"), null=True, blank=True)
    published_at = models.DateTimeField(_("published"), null=True, blank=True)
    archived_at = models.DateTimeField(_("archived"), null=True, blank=True)
    version = models.PositiveIntegerField(default=1, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("event")
        verbose_name_plural = _("events")
        ordering = ["-starts_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_on__gte=models.F("starts_on")), name="event_dates"
            ),
        ]

    def __str__(self):
        return best(self, "title") or f"#{self.pk}"


class Sponsorship(models.Model):
    """What a partner brought to an event (money and in kind) and what the commune gave back."""

    class Role(models.TextChoices):
        SPONSOR = "sponsor", _("Sponsor")
        PARTNER = "partner", _("Partner")
        CO_ORGANISER = "co_organiser", _("Co-organiser")

    event = models.ForeignKey(
        Event, verbose_name=_("event"), related_name="sponsorships", on_delete=models.PROTECT
    )
    organisation = models.ForeignKey(
        "partners.Organisation",
        verbose_name=_("organisation"),
        related_name="sponsorships",
        on_delete=models.PROTECT,
    )
    role = models.CharField(_("role"), max_length=16, choices=Role.choices, default=Role.SPONSOR)
    amount = MoneyField(_("amount in cash"), default=0)
    currency = models.CharField(_("currency"), max_length=3, default="MAD")
    agreed_on = models.DateField(_("agreed on"), help_text=_("The value date of the amount."))
    in_kind = models.CharField(_("support in kind"), max_length=300, blank=True)
    in_kind_value = MoneyField(_("estimated value in kind (MAD)"), default=0)
    given_back = models.CharField(
        _("given back by the commune"),
        max_length=300,
        blank=True,
        help_text=_("Visibility, stands, tickets…"),
    )
    is_public = models.BooleanField(_("shown on the portal"), default=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("sponsorship")
        verbose_name_plural = _("sponsorships")
        ordering = ["event", "-amount", "id"]
        constraints = [
            models.UniqueConstraint(fields=["event", "organisation", "role"], name="sponsorship_unique"),
            models.CheckConstraint(condition=models.Q(amount__gte=0), name="sponsorship_amount_positive"),
            models.CheckConstraint(
                condition=models.Q(in_kind_value__gte=0), name="sponsorship_in_kind_positive"
            ),
        ]

    def __str__(self):
        return f"{self.event} · {self.organisation}"


class OpportunityInquiry(models.Model):
    """A message sent from an opportunity's page on the portal. It finds or creates the sender's
    organisation as a prospect (never merging silently: a possible duplicate is flagged for the unit),
    adds an interaction to its timeline and a follow-up for the opportunity's owner."""

    class Resolution(models.TextChoices):
        MATCHED = "matched", _("Known organisation")
        CREATED = "created", _("New prospect")
        POSSIBLE_DUPLICATE = "possible_duplicate", _("New prospect: possible duplicate to check")
        CONFIRMED_SEPARATE = "confirmed_separate", _("Checked: a different organisation")
        MERGED = "merged", _("Checked: moved to the known organisation")

    reference = models.CharField(_("reference"), max_length=24, unique=True)
    opportunity = models.ForeignKey(
        Opportunity, verbose_name=_("opportunity"), related_name="inquiries", on_delete=models.PROTECT
    )
    name = models.CharField(_("name"), max_length=150)
    organisation_name = models.CharField(_("organisation"), max_length=200)
    country = models.CharField(_("country"), max_length=2)
    email = models.EmailField(_("e-mail"))
    message = models.TextField(_("message"), max_length=4000)
    language = models.CharField(_("language"), max_length=8, default="ar")
    sender_network = models.CharField(max_length=45, blank=True, default="")
    received_at = models.DateTimeField(_("received"), auto_now_add=True)
    organisation = models.ForeignKey(
        "partners.Organisation",
        verbose_name=_("organisation in the CRM"),
        on_delete=models.PROTECT,
        related_name="opportunity_inquiries",
    )
    resolution = models.CharField(_("organisation found"), max_length=20, choices=Resolution.choices)
    possible_duplicate = models.ForeignKey(
        "partners.Organisation",
        verbose_name=_("possible duplicate"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    interaction = models.OneToOneField(
        "partners.Interaction",
        verbose_name=_("interaction"),
        on_delete=models.PROTECT,
        related_name="opportunity_inquiry",
    )
    follow_up = models.OneToOneField(
        "partners.FollowUp",
        verbose_name=_("follow-up"),
        on_delete=models.PROTECT,
        related_name="opportunity_inquiry",
    )
    acknowledged_at = models.DateTimeField(_("acknowledgement sent"), null=True, blank=True)

    class Meta:
        verbose_name = _("opportunity inquiry")
        verbose_name_plural = _("opportunity inquiries")
        ordering = ["-received_at", "-id"]
        indexes = [
            models.Index(fields=["sender_network", "received_at"]),
            models.Index(fields=["resolution"]),
        ]

    def __str__(self):
        return self.reference
