"""The cooperation unit's skills: who the staff are, what cooperation work asks of each position, where
each person stands (assessed by themselves and by their manager, over time), and the trainings and
workshops that close the gaps.

An assessment is personal data: only the person, their manager and the administrator read it
(`capacity/access.py`). Aggregates (people trained per skill, gaps closing, money spent) are the
unit's to read.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from sharaka.core.models import StatusHistory
from sharaka.core.money import MoneyField, RateField
from sharaka.core.multilingual import best


class Level(models.IntegerChoices):
    """One scale for every skill (0 to 4); each skill says in its own words what each step means
    (SkillLevel)."""

    NONE = 0, _("0 · None")
    AWARE = 1, _("1 · Aware")
    PRACTISING = 2, _("2 · Practising with help")
    AUTONOMOUS = 3, _("3 · Autonomous")
    EXPERT = 4, _("4 · Expert, teaches others")


class Skill(models.Model):
    """A skill cooperation work needs: negotiation, proposal writing, financial reporting to donors…"""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name_ar = models.CharField(_("name in Arabic"), max_length=150)
    name_fr = models.CharField(_("name in French"), max_length=150)
    name_en = models.CharField(_("name in English"), max_length=150)
    description_ar = models.TextField(_("description in Arabic"), blank=True)
    description_fr = models.TextField(_("description in French"), blank=True)
    description_en = models.TextField(_("description in English"), blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    is_active = models.BooleanField(_("in use"), default=True)

    class Meta:
        verbose_name = _("skill")
        verbose_name_plural = _("skills")
        ordering = ["order", "code"]

    def __str__(self):
        return best(self, "name") or self.code


class SkillLevel(models.Model):
    """What level N of a skill means, in plain words, in three languages."""

    skill = models.ForeignKey(Skill, verbose_name=_("skill"), related_name="levels", on_delete=models.CASCADE)
    level = models.PositiveSmallIntegerField(_("level"), choices=Level.choices)
    description_ar = models.TextField(_("description in Arabic"))
    description_fr = models.TextField(_("description in French"))
    description_en = models.TextField(_("description in English"))

    class Meta:
        verbose_name = _("skill level")
        verbose_name_plural = _("skill levels")
        ordering = ["skill", "level"]
        constraints = [
            models.UniqueConstraint(fields=["skill", "level"], name="skill_level_unique"),
            models.CheckConstraint(condition=models.Q(level__lte=4), name="skill_level_0_to_4"),
        ]

    def __str__(self):
        return f"{self.skill} · {self.level}"


class Position(models.Model):
    """A position in the commune's organisation chart that cooperation work relies on (head of the
    cooperation unit, finance officer…), with the level it needs in each skill (Requirement)."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name_ar = models.CharField(_("name in Arabic"), max_length=150)
    name_fr = models.CharField(_("name in French"), max_length=150)
    name_en = models.CharField(_("name in English"), max_length=150)

    class Meta:
        verbose_name = _("position")
        verbose_name_plural = _("positions")
        ordering = ["name_fr", "code"]

    def __str__(self):
        return best(self, "name") or self.code


class Requirement(models.Model):
    """The level a position needs in a skill."""

    position = models.ForeignKey(
        Position, verbose_name=_("position"), related_name="requirements", on_delete=models.CASCADE
    )
    skill = models.ForeignKey(
        Skill, verbose_name=_("skill"), related_name="requirements", on_delete=models.PROTECT
    )
    level = models.PositiveSmallIntegerField(_("level needed"), choices=Level.choices)

    class Meta:
        verbose_name = _("requirement")
        verbose_name_plural = _("requirements")
        ordering = ["position", "skill__order"]
        constraints = [
            models.UniqueConstraint(fields=["position", "skill"], name="requirement_unique"),
            models.CheckConstraint(condition=models.Q(level__lte=4), name="requirement_level_0_to_4"),
        ]

    def __str__(self):
        return f"{self.position} · {self.skill} ≥ {self.level}"


class StaffProfile(models.Model):
    """A member of the commune's staff whose skills the unit follows, with or without an account."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user account"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="staff_profile",
    )
    full_name = models.CharField(_("full name"), max_length=150)
    position = models.ForeignKey(
        Position, verbose_name=_("position"), related_name="staff", on_delete=models.PROTECT
    )
    service = models.CharField(_("service"), max_length=150, blank=True)
    manager = models.ForeignKey(
        "self",
        verbose_name=_("manager"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="reports",
    )
    email = models.EmailField(_("e-mail"), blank=True)
    is_active = models.BooleanField(_("in post"), default=True)
    version = models.PositiveIntegerField(default=1, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("staff profile")
        verbose_name_plural = _("staff profiles")
        ordering = ["full_name", "id"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(manager=models.F("pk")), name="staff_profile_not_own_manager"
            ),
        ]

    def __str__(self):
        return self.full_name


class LanguageSkill(models.Model):
    """A language a person works in, with a level on the same 0 to 4 scale."""

    class Language(models.TextChoices):
        ARABIC = "ar", _("Arabic")
        FRENCH = "fr", _("French")
        ENGLISH = "en", _("English")
        TAMAZIGHT = "zgh", _("Tamazight")
        SPANISH = "es", _("Spanish")

    profile = models.ForeignKey(
        StaffProfile, verbose_name=_("staff profile"), related_name="languages", on_delete=models.CASCADE
    )
    language = models.CharField(_("language"), max_length=3, choices=Language.choices)
    level = models.PositiveSmallIntegerField(_("level"), choices=Level.choices)

    class Meta:
        verbose_name = _("language")
        verbose_name_plural = _("languages")
        ordering = ["profile", "language"]
        constraints = [
            models.UniqueConstraint(fields=["profile", "language"], name="language_skill_unique"),
            models.CheckConstraint(condition=models.Q(level__lte=4), name="language_skill_level_0_to_4"),
        ]

    def __str__(self):
        return f"{self.profile} · {self.language} {self.level}"


class Assessment(models.Model):
    """One assessment of a person's skills on a date, by the person (self) or by their manager.
    Personal data: read only by the person, their manager and the administrator."""

    class Kind(models.TextChoices):
        SELF = "self", _("Self-assessment")
        MANAGER = "manager", _("Manager's assessment")

    profile = models.ForeignKey(
        StaffProfile, verbose_name=_("staff profile"), related_name="assessments", on_delete=models.PROTECT
    )
    kind = models.CharField(_("kind"), max_length=8, choices=Kind.choices)
    assessed_on = models.DateField(_("date"))
    assessor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("assessed by"), on_delete=models.PROTECT, related_name="+"
    )
    note = models.TextField(_("note"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("assessment")
        verbose_name_plural = _("assessments")
        ordering = ["-assessed_on", "-id"]
        indexes = [models.Index(fields=["profile", "assessed_on"])]

    def __str__(self):
        return f"{self.profile} · {self.get_kind_display()} · {self.assessed_on:%Y-%m-%d}"


class AssessmentScore(models.Model):
    assessment = models.ForeignKey(
        Assessment, verbose_name=_("assessment"), related_name="scores", on_delete=models.CASCADE
    )
    skill = models.ForeignKey(Skill, verbose_name=_("skill"), related_name="scores", on_delete=models.PROTECT)
    level = models.PositiveSmallIntegerField(_("level"), choices=Level.choices)
    comment = models.CharField(_("comment"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("score")
        verbose_name_plural = _("scores")
        ordering = ["assessment", "skill__order"]
        constraints = [
            models.UniqueConstraint(fields=["assessment", "skill"], name="assessment_score_unique"),
            models.CheckConstraint(condition=models.Q(level__lte=4), name="assessment_score_0_to_4"),
        ]

    def __str__(self):
        return f"{self.skill} {self.level}"


class Training(models.Model):
    """A training course or workshop for the commune's staff, often given or paid by a partner."""

    class Format(models.TextChoices):
        WORKSHOP = "workshop", _("Workshop")
        COURSE = "course", _("Course")
        ONLINE = "online", _("Online course")
        COACHING = "coaching", _("Coaching")
        STUDY_VISIT = "study_visit", _("Study visit")

    class Status(models.TextChoices):
        PLANNED = "planned", _("Planned")
        HELD = "held", _("Held")
        CANCELLED = "cancelled", _("Cancelled")

    title_ar = models.CharField(_("title in Arabic"), max_length=200, blank=True)
    title_fr = models.CharField(_("title in French"), max_length=200, blank=True)
    title_en = models.CharField(_("title in English"), max_length=200, blank=True)
    skills = models.ManyToManyField(Skill, verbose_name=_("skills addressed"), related_name="trainings")
    provider = models.ForeignKey(
        "partners.Organisation",
        verbose_name=_("provider"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="trainings_given",
        help_text=_("The partner who gives the training, if it is one."),
    )
    provider_name = models.CharField(
        _("provider (other)"), max_length=200, blank=True, help_text=_("When the provider is not a partner.")
    )
    starts_on = models.DateField(_("starts"))
    ends_on = models.DateField(_("ends"))
    place = models.CharField(_("place"), max_length=200, blank=True)
    format = models.CharField(_("format"), max_length=16, choices=Format.choices)
    # What it cost, in its currency at its date, and in dirhams at the rate of that date.
    cost = MoneyField(_("cost"), default=0)
    currency = models.CharField(_("currency"), max_length=3, default="MAD")
    cost_mad = MoneyField(_("cost in MAD"), default=0)
    rate = RateField(_("rate used"), null=True, blank=True)
    rate_date = models.DateField(_("rate date"), null=True, blank=True)
    rate_source = models.CharField(_("rate source"), max_length=200, blank=True)
    funder = models.ForeignKey(
        "partners.Organisation",
        verbose_name=_("paid by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="trainings_funded",
        help_text=_("Empty: the commune's own budget."),
    )
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.PLANNED)
    notes = models.TextField(_("notes"), blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    version = models.PositiveIntegerField(default=1, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("training")
        verbose_name_plural = _("trainings")
        ordering = ["-starts_on", "-id"]
        indexes = [models.Index(fields=["starts_on"]), models.Index(fields=["status"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_on__gte=models.F("starts_on")), name="training_dates"
            ),
        ]

    def __str__(self):
        return best(self, "title") or f"#{self.pk}"

    @property
    def provider_label(self) -> str:
        return str(self.provider) if self.provider_id else self.provider_name


class TrainingStatusChange(StatusHistory):
    training = models.ForeignKey(
        Training, verbose_name=_("training"), related_name="status_changes", on_delete=models.CASCADE
    )
    old_status = models.CharField(_("from"), max_length=12, choices=Training.Status.choices, blank=True)
    new_status = models.CharField(_("to"), max_length=12, choices=Training.Status.choices)

    class Meta(StatusHistory.Meta):
        pass


class Participation(models.Model):
    """A person on a training: whether they came, their certificate, what they thought of it."""

    class Attendance(models.TextChoices):
        REGISTERED = "registered", _("Registered")
        ATTENDED = "attended", _("Attended")
        PARTLY = "partly", _("Attended in part")
        ABSENT = "absent", _("Absent")

    training = models.ForeignKey(
        Training, verbose_name=_("training"), related_name="participations", on_delete=models.PROTECT
    )
    profile = models.ForeignKey(
        StaffProfile, verbose_name=_("participant"), related_name="participations", on_delete=models.PROTECT
    )
    attendance = models.CharField(
        _("attendance"), max_length=12, choices=Attendance.choices, default=Attendance.REGISTERED
    )
    certificate = models.FileField(_("certificate"), upload_to="certificates/%Y/", blank=True)
    certificate_name = models.CharField(max_length=120, blank=True)
    certificate_sha256 = models.CharField(max_length=64, blank=True)
    # The participant's evaluation of the training: 1 (useless) to 5 (very useful), and why.
    rating = models.PositiveSmallIntegerField(_("rating"), null=True, blank=True)
    evaluation = models.TextField(_("evaluation"), blank=True)

    class Meta:
        verbose_name = _("participation")
        verbose_name_plural = _("participations")
        ordering = ["training", "profile__full_name"]
        constraints = [
            models.UniqueConstraint(fields=["training", "profile"], name="participation_unique"),
            models.CheckConstraint(
                condition=models.Q(rating__isnull=True) | models.Q(rating__gte=1, rating__lte=5),
                name="participation_rating_1_to_5",
            ),
        ]

    def __str__(self):
        return f"{self.training} · {self.profile}"
