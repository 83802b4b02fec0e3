"""Agreements, their parties and resources, their road, documents and obligations; council sessions;
the public-holiday calendar."""

import datetime

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from sharaka.agreements import deadlines, pipeline
from sharaka.agreements.pipeline import DocumentKind, Status
from sharaka.core.dates import add_months
from sharaka.core.models import StatusHistory
from sharaka.core.money import MoneyField
from sharaka.core.multilingual import best
from sharaka.partners.models import Organisation


class Kind(models.TextChoices):
    TWINNING = "twinning", _("Twinning agreement")
    DECENTRALISED = "decentralised", _("Decentralised-cooperation convention")
    PARTNERSHIP = "partnership", _("Cooperation or partnership convention (art. 149-151)")
    FINANCING = "financing", _("Foreign financing agreement (art. 86)")
    MOU = "mou", _("Memorandum of understanding or letter of intent")
    NETWORK = "network", _("Network membership (art. 92)")
    AMENDMENT = "amendment", _("Amendment")


class PublicHoliday(models.Model):
    """A Moroccan public holiday. Without a year it comes back every year (fixed holidays); the
    Hijri-based ones (Eid al-Fitr, Eid al-Adha, Hijri New Year, the Prophet's birthday) are entered
    for each year by an administrator, with their year."""

    month = models.PositiveSmallIntegerField(_("month"))
    day = models.PositiveSmallIntegerField(_("day"))
    year = models.PositiveSmallIntegerField(
        _("year"), null=True, blank=True, help_text=_("Empty: every year.")
    )
    name_ar = models.CharField(_("name in Arabic"), max_length=120, blank=True)
    name_fr = models.CharField(_("name in French"), max_length=120, blank=True)
    name_en = models.CharField(_("name in English"), max_length=120, blank=True)

    class Meta:
        verbose_name = _("public holiday")
        verbose_name_plural = _("public holidays")
        ordering = ["year", "month", "day"]
        constraints = [
            models.UniqueConstraint(fields=["year", "month", "day"], name="public_holiday_unique"),
            models.CheckConstraint(
                condition=models.Q(month__gte=1, month__lte=12, day__gte=1, day__lte=31),
                name="public_holiday_date_range",
            ),
        ]

    def __str__(self):
        return best(self, "name")

    @classmethod
    def dates_between(cls, start: datetime.date, end: datetime.date) -> frozenset:
        found = set()
        for h in cls.objects.filter(
            models.Q(year__isnull=True) | models.Q(year__gte=start.year, year__lte=end.year)
        ):
            for year in [h.year] if h.year else range(start.year, end.year + 1):
                try:
                    day = datetime.date(year, h.month, h.day)
                except ValueError:
                    continue
                if start <= day <= end:
                    found.add(day)
        return frozenset(found)


def holidays_around(day: datetime.date) -> frozenset:
    """Holidays from a month before to three months after `day`: enough for every legal deadline."""
    return PublicHoliday.dates_between(day - datetime.timedelta(days=31), day + datetime.timedelta(days=92))


class AgreementQuerySet(models.QuerySet):
    def visible_to(self, user):
        from sharaka.core.roles import can

        if can(user, "agreements.view"):
            return self
        if can(user, "agreements.prefecture"):
            return self.transmitted()
        return self.none()

    def transmitted(self):
        """What the prefecture sees: agreements from their transmission on."""
        return self.filter(transmitted_on__isnull=False)


class Agreement(models.Model):
    kind = models.CharField(_("type"), max_length=16, choices=Kind.choices)
    reference = models.CharField(_("reference number"), max_length=40, blank=True)
    title_ar = models.CharField(_("title in Arabic"), max_length=300, blank=True)
    title_fr = models.CharField(_("title in French"), max_length=300, blank=True)
    title_en = models.CharField(_("title in English"), max_length=300, blank=True)
    object_ar = models.TextField(_("object of the agreement in Arabic"), blank=True)
    object_fr = models.TextField(_("object of the agreement in French"), blank=True)
    object_en = models.TextField(_("object of the agreement in English"), blank=True)
    languages = models.CharField(
        _("languages of the text"), max_length=40, blank=True, help_text=_("For example: Arabic, French.")
    )
    partners = models.ManyToManyField(
        Organisation, through="AgreementParty", verbose_name=_("partners"), related_name="agreements"
    )
    projects = models.ManyToManyField(
        "projects.Project", verbose_name=_("projects covered"), blank=True, related_name="agreements"
    )
    foreign_money = models.BooleanField(
        _("foreign money"), default=False, help_text=_("Money from outside Morocco: approval under art. 86.")
    )
    starts_on = models.DateField(_("start"), null=True, blank=True)
    duration_months = models.PositiveSmallIntegerField(_("duration in months"), null=True, blank=True)
    renewal_terms = models.TextField(_("renewal terms"), blank=True)
    notice_months = models.PositiveSmallIntegerField(_("notice period in months"), null=True, blank=True)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("amended agreement"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="amendments",
    )
    changes = models.JSONField(_("changes made by this amendment"), default=dict, blank=True)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.IDEA)
    session = models.ForeignKey(
        "CouncilSession",
        verbose_name=_("council session"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="agreements",
    )
    decision_number = models.CharField(_("decision number"), max_length=40, blank=True)
    deliberated_on = models.DateField(_("deliberated on"), null=True, blank=True)
    transmitted_on = models.DateField(_("transmitted on"), null=True, blank=True)
    received_on = models.DateField(_("received by the prefecture on"), null=True, blank=True)
    signed_on = models.DateField(_("signed on"), null=True, blank=True)
    published_on = models.DateField(_("published on"), null=True, blank=True)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("responsible officer"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="owned_agreements",
    )
    is_fictional = models.BooleanField(_("fictional (demo)"), default=False)
    version = models.PositiveIntegerField(default=1, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = AgreementQuerySet.as_manager()

    class Meta:
        verbose_name = _("agreement")
        verbose_name_plural = _("agreements")
        ordering = ["-updated_at", "-id"]
        indexes = [
            models.Index(fields=["status"]),
            models.Index(fields=["kind"]),
            # The list's order: its first page read from the index, not a sort of every agreement.
            models.Index(fields=["-updated_at", "-id"], name="agreement_list_order"),
            # The portal's register of signed agreements, the latest first, with the status to filter
            # on the way (portal.queries.public_agreements).
            models.Index(
                fields=["-signed_on", "id", "status"],
                condition=models.Q(signed_on__isnull=False),
                name="agreement_public_order",
            ),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["reference"],
                condition=~models.Q(reference=""),
                name="agreement_reference_unique",
                violation_error_message=_("Another agreement already has this reference number."),
            ),
        ]

    def __str__(self):
        title = best(self, "title")
        return f"{self.reference} · {title}" if self.reference else title

    def get_absolute_url(self):
        return reverse("agreement_detail", kwargs={"pk": self.pk})

    # --- the road ----------------------------------------------------------------------------------

    def _legal_types(self) -> set[str]:
        return {p.organisation.legal_type for p in self.parties.all() if p.organisation_id}

    @property
    def foreign_local_authority(self) -> bool:
        return Organisation.LegalType.FOREIGN_LOCAL_AUTHORITY in self._legal_types()

    @property
    def needs_visa(self) -> bool:
        """Art. 118: twinning and decentralised cooperation with foreign local authorities."""
        kind = self.parent.kind if self.kind == Kind.AMENDMENT and self.parent_id else self.kind
        return self.foreign_local_authority or kind in (Kind.TWINNING, Kind.DECENTRALISED)

    @property
    def needs_art86(self) -> bool:
        """Art. 86: any actor outside Morocco, or foreign money."""
        foreign = {
            Organisation.LegalType.FOREIGN_PUBLIC_AGENCY,
            Organisation.LegalType.FOREIGN_LOCAL_AUTHORITY,
            Organisation.LegalType.INTERGOVERNMENTAL,
            Organisation.LegalType.FOREIGN_PRIVATE,
        }
        return self.foreign_money or self.kind == Kind.FINANCING or bool(self._legal_types() & foreign)

    @property
    def has_cash(self) -> bool:
        return any(p.cash_amount for p in self.parties.all())

    @property
    def road(self) -> list[str]:
        return pipeline.road(
            needs_prior_consent=self.foreign_local_authority,
            needs_visa=self.needs_visa,
            needs_art86=self.needs_art86,
            has_cash=self.has_cash,
        )

    @property
    def ends_on(self) -> datetime.date | None:
        """The last day of its duration; None without one, or past the dates' bounds (a row stored before
        they were checked shows no end rather than breaking its page)."""
        if not (self.starts_on and self.duration_months):
            return None
        return add_months(self.starts_on, self.duration_months)

    def change_rows(self) -> list[tuple[str, object, object]]:
        """What an amendment changes, with the fields' names in the reader's language."""
        return [
            (self._meta.get_field(field).verbose_name, old, new)
            for field, (old, new) in self.changes.items()
            if field in {f.name for f in self._meta.get_fields()}
        ]

    def next_deadline(self, holidays=frozenset()) -> tuple[str, datetime.date] | None:
        """(what, when) of the legal deadline that applies now, if any."""
        s = self.status
        if s in (Status.ON_AGENDA, Status.IN_COMMITTEE) and self.session_id:
            return "session", self.session.starts_on
        if s == Status.DELIBERATED and self.session_id:
            return "transmission", deadlines.transmission_due(self.session.ends_on, holidays)
        if s == Status.OBJECTION_WINDOW and self.received_on:
            return "objection", deadlines.objection_ends(self.received_on, holidays)
        if s == Status.VISA_PENDING and self.received_on:
            return "visa", deadlines.visa_due(self.received_on)
        if s == Status.SIGNED and self.signed_on:
            return "posting", deadlines.posting_due(self.signed_on)
        return None


class AgreementParty(models.Model):
    """A party and the resources it commits (art. 150). No organisation: the commune of Aourir itself."""

    agreement = models.ForeignKey(
        Agreement, verbose_name=_("agreement"), related_name="parties", on_delete=models.CASCADE
    )
    organisation = models.ForeignKey(
        Organisation, verbose_name=_("organisation"), null=True, blank=True, on_delete=models.PROTECT
    )
    cash_amount = MoneyField(_("cash"), null=True, blank=True)
    currency = models.CharField(_("currency"), max_length=3, default="MAD")
    in_kind_value = MoneyField(_("value in kind"), null=True, blank=True)
    in_kind_description = models.TextField(_("resources in kind"), blank=True)

    class Meta:
        verbose_name = _("party")
        verbose_name_plural = _("parties")
        ordering = ["organisation_id", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["agreement", "organisation"],
                name="agreement_party_unique",
                violation_error_message=_("This organisation is already a party to the agreement."),
            ),
            models.UniqueConstraint(
                fields=["agreement"],
                condition=models.Q(organisation__isnull=True),
                name="agreement_one_commune_party",
            ),
            models.CheckConstraint(
                condition=models.Q(cash_amount__isnull=True) | models.Q(cash_amount__gt=0),
                name="agreement_party_cash_positive",
                violation_error_message=_("The cash amount must be greater than zero."),
            ),
        ]

    def __str__(self):
        return str(self.organisation) if self.organisation_id else str(_("Commune of Aourir"))


class StatusChange(StatusHistory):
    """The road travelled: every move, who made it (nobody: the clock), when and why (core/pipeline.py)."""

    agreement = models.ForeignKey(
        Agreement, verbose_name=_("agreement"), related_name="status_changes", on_delete=models.CASCADE
    )
    old_status = models.CharField(_("from"), max_length=20, choices=Status.choices, blank=True)
    new_status = models.CharField(_("to"), max_length=20, choices=Status.choices)
    effective_on = models.DateField(
        _("date of the step"),
        null=True,
        blank=True,
        help_text=_("The legal date of the step, which deadlines count from."),
    )

    class Meta(StatusHistory.Meta):
        pass


class AgreementDocument(models.Model):
    """A document of the road, stored unchanged with its checksum; a newer one supersedes it, never
    replaces it."""

    agreement = models.ForeignKey(
        Agreement, verbose_name=_("agreement"), related_name="documents", on_delete=models.PROTECT
    )
    kind = models.CharField(_("type"), max_length=24, choices=DocumentKind.choices)
    title = models.CharField(_("title"), max_length=200)
    file = models.FileField(_("file"), upload_to="agreements/%Y/%m/")
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("uploaded by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    uploaded_at = models.DateTimeField(_("uploaded"), auto_now_add=True)
    superseded_by = models.ForeignKey(
        "self",
        verbose_name=_("superseded by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="supersedes",
    )

    class Meta:
        verbose_name = _("agreement document")
        verbose_name_plural = _("agreement documents")
        ordering = ["uploaded_at", "id"]

    def __str__(self):
        return self.title


class Obligation(models.Model):
    class Kind(models.TextChoices):
        REPORT = "report", _("Report")
        TRANCHE = "tranche", _("Tranche call")
        EVENT = "event", _("Event")
        RENEWAL = "renewal", _("Renewal or notice")
        OTHER = "other", _("Other")

    class State(models.TextChoices):
        OPEN = "open", _("Open")
        DONE = "done", _("Done")
        CANCELLED = "cancelled", _("Cancelled")

    agreement = models.ForeignKey(
        Agreement, verbose_name=_("agreement"), related_name="obligations", on_delete=models.CASCADE
    )
    party = models.ForeignKey(
        AgreementParty, verbose_name=_("party"), null=True, blank=True, on_delete=models.PROTECT
    )
    kind = models.CharField(_("type"), max_length=16, choices=Kind.choices)
    title = models.CharField(_("what"), max_length=200)
    due_on = models.DateField(_("due on"))
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("owner"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="agreement_obligations",
    )
    state = models.CharField(_("state"), max_length=12, choices=State.choices, default=State.OPEN)
    reminded_before_on = models.DateField(null=True, blank=True, editable=False)
    reminded_missed_on = models.DateField(null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("obligation")
        verbose_name_plural = _("obligations")
        ordering = ["due_on", "id"]
        indexes = [models.Index(fields=["state", "due_on"])]

    def __str__(self):
        return self.title


class CouncilSession(models.Model):
    class SessionKind(models.TextChoices):
        ORDINARY = "ordinary", _("Ordinary session")
        EXTRAORDINARY = "extraordinary", _("Extraordinary session")

    kind = models.CharField(_("type"), max_length=16, choices=SessionKind.choices)
    starts_on = models.DateField(_("opens on"))
    ends_on = models.DateField(_("closes on"))
    members_in_office = models.PositiveSmallIntegerField(_("members in office"), default=35)
    convocation = models.PositiveSmallIntegerField(
        _("convocation"),
        default=1,
        help_text=_("1, 2 or 3: the third meeting is valid whatever the number present."),
    )
    members_present = models.PositiveSmallIntegerField(_("members present"), null=True, blank=True)
    minutes = models.FileField(_("minutes"), upload_to="council/%Y/", blank=True)
    minutes_sha256 = models.CharField(max_length=64, blank=True)
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        verbose_name = _("council session")
        verbose_name_plural = _("council sessions")
        ordering = ["-starts_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_on__gte=models.F("starts_on")),
                name="council_session_dates_in_order",
                violation_error_message=_("A session cannot close before it opens."),
            ),
            models.CheckConstraint(
                condition=models.Q(convocation__gte=1, convocation__lte=3), name="council_session_convocation"
            ),
        ]

    def __str__(self):
        # The month isolated left to right (U+2066 … U+2069): in an Arabic <title> or <option>, where
        # no <bdi> can go, "2026-11" would otherwise read "11-2026".
        return f"{self.get_kind_display()} \u2066{self.starts_on:%Y-%m}\u2069"

    def get_absolute_url(self):
        return reverse("session_detail", kwargs={"pk": self.pk})

    @property
    def quorum(self) -> int:
        """Members needed: more than half of the members in office (art. 42)."""
        return self.members_in_office // 2 + 1

    @property
    def quorum_met(self) -> bool | None:
        if self.convocation >= 3:
            return True
        if self.members_present is None:
            return None
        return self.members_present >= self.quorum

    @property
    def agenda_due(self):
        return deadlines.agenda_due(self.starts_on)

    @property
    def notice_due(self):
        return deadlines.notice_due(self.starts_on)


class AgendaItem(models.Model):
    class Majority(models.TextChoices):
        VOTES_CAST = "votes_cast", _("Absolute majority of votes cast")
        MEMBERS = "members", _("Absolute majority of members in office")

    class Result(models.TextChoices):
        PENDING = "pending", _("Not voted yet")
        ADOPTED = "adopted", _("Adopted")
        REJECTED = "rejected", _("Rejected")

    session = models.ForeignKey(
        CouncilSession, verbose_name=_("session"), related_name="items", on_delete=models.CASCADE
    )
    position = models.PositiveSmallIntegerField(_("position"), default=1)
    title = models.CharField(_("title"), max_length=300)
    agreement = models.ForeignKey(
        Agreement,
        verbose_name=_("agreement"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="agenda_items",
    )
    majority = models.CharField(
        _("majority"), max_length=12, choices=Majority.choices, default=Majority.VOTES_CAST
    )
    decision_number = models.CharField(_("decision number"), max_length=40, blank=True)
    result = models.CharField(_("result"), max_length=10, choices=Result.choices, default=Result.PENDING)

    class Meta:
        verbose_name = _("agenda item")
        verbose_name_plural = _("agenda items")
        ordering = ["session", "position", "id"]

    def __str__(self):
        return self.title


class MemberVote(models.Model):
    class Vote(models.TextChoices):
        FOR = "for", _("For")
        AGAINST = "against", _("Against")
        ABSTAIN = "abstain", _("Abstention")

    item = models.ForeignKey(
        AgendaItem, verbose_name=_("agenda item"), related_name="votes", on_delete=models.CASCADE
    )
    member = models.CharField(_("member"), max_length=150)
    vote = models.CharField(_("vote"), max_length=8, choices=Vote.choices)
    is_president = models.BooleanField(_("president of the council"), default=False)

    class Meta:
        verbose_name = _("vote")
        verbose_name_plural = _("votes")
        constraints = [models.UniqueConstraint(fields=["item", "member"], name="member_vote_unique")]

    def __str__(self):
        return f"{self.member}: {self.get_vote_display()}"


class CalendarToken(models.Model):
    """The secret of a user's personal iCalendar feed."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, related_name="agreement_calendar", on_delete=models.CASCADE
    )
    token = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self):
        return f"calendar of {self.user}"


class Delegation(models.Model):
    """A delegation or exchange visit under a twinning or decentralised-cooperation agreement."""

    class Direction(models.TextChoices):
        INCOMING = "incoming", _("Visit to Aourir")
        OUTGOING = "outgoing", _("Visit by Aourir to the partner")

    agreement = models.ForeignKey(
        Agreement, verbose_name=_("agreement"), related_name="delegations", on_delete=models.PROTECT
    )
    direction = models.CharField(_("direction"), max_length=10, choices=Direction.choices)
    starts_on = models.DateField(_("from"))
    ends_on = models.DateField(_("to"))
    people = models.TextField(_("people"), help_text=_("Names and functions, one a line."))
    purpose = models.TextField(_("purpose"))
    outcomes = models.TextField(_("outcomes"), blank=True)

    class Meta:
        verbose_name = _("delegation")
        verbose_name_plural = _("delegations")
        ordering = ["-starts_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_on__gte=models.F("starts_on")),
                name="delegation_dates_in_order",
                violation_error_message=_("A visit cannot end before it starts."),
            )
        ]

    def __str__(self):
        return f"{self.get_direction_display()} {self.starts_on}"


class PlanAction(models.Model):
    """An action of the joint action plan of a twinning: what, who, by when."""

    class State(models.TextChoices):
        PLANNED = "planned", _("Planned")
        UNDER_WAY = "under_way", _("Under way")
        DONE = "done", _("Done")

    agreement = models.ForeignKey(
        Agreement, verbose_name=_("agreement"), related_name="plan_actions", on_delete=models.PROTECT
    )
    title = models.CharField(_("action"), max_length=300)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("owner at the commune"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="plan_actions",
    )
    partner_owner = models.CharField(_("owner at the partner"), max_length=150, blank=True)
    starts_on = models.DateField(_("start"), null=True, blank=True)
    due_on = models.DateField(_("due on"))
    state = models.CharField(_("state"), max_length=10, choices=State.choices, default=State.PLANNED)

    class Meta:
        verbose_name = _("plan action")
        verbose_name_plural = _("joint action plan")
        ordering = ["due_on", "id"]

    def __str__(self):
        return self.title


class ObligationStateChange(StatusHistory):
    """The history of an obligation: opened, done, cancelled, reopened (agreements/obligations.py)."""

    obligation = models.ForeignKey(
        Obligation, verbose_name=_("obligation"), related_name="status_changes", on_delete=models.CASCADE
    )
    old_status = models.CharField(_("from"), max_length=12, choices=Obligation.State.choices, blank=True)
    new_status = models.CharField(_("to"), max_length=12, choices=Obligation.State.choices)

    class Meta(StatusHistory.Meta):
        verbose_name = _("obligation state change")
        verbose_name_plural = _("obligation history")


class PlanActionStateChange(StatusHistory):
    """The history of a joint-plan action: planned, under way, done (agreements/obligations.py)."""

    action = models.ForeignKey(
        PlanAction, verbose_name=_("plan action"), related_name="status_changes", on_delete=models.CASCADE
    )
    old_status = models.CharField(_("from"), max_length=10, choices=PlanAction.State.choices, blank=True)
    new_status = models.CharField(_("to"), max_length=10, choices=PlanAction.State.choices)

    class Meta(StatusHistory.Meta):
        verbose_name = _("plan action state change")
        verbose_name_plural = _("plan action history")


TAKEN_REFERENCE = _("Another agreement already has this reference number.")


def reference_taken(reference: str, pk=None) -> bool:
    """Whether another agreement than `pk` has this reference number: the form says it beside the
    field, the services refuse it again inside their transaction, the unique constraint guards two
    saves at once."""
    return bool(reference) and Agreement.objects.filter(reference=reference).exclude(pk=pk).exists()
