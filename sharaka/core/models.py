import hashlib
import json

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sharaka.core.roles import Role


class User(AbstractUser):
    role = models.CharField(_("role"), max_length=32, choices=Role.choices, default=Role.COOPERATION_OFFICER)
    language = models.CharField(_("language"), max_length=8, choices=settings.LANGUAGES, default="ar")

    class Gender(models.TextChoices):
        """The grammatical gender role labels follow (مكلفة بالتعاون, « Chargée de coopération »)."""

        UNKNOWN = "", _("not said")
        FEMININE = "f", _("feminine")
        MASCULINE = "m", _("masculine")

    class Digest(models.TextChoices):
        NONE = "", _("no digest")
        DAILY = "daily", _("every morning")
        WEEKLY = "weekly", _("every Monday")

    gender = models.CharField(
        _("grammatical gender"),
        max_length=1,
        choices=Gender.choices,
        blank=True,
        default="",
        db_default="",
        help_text=_("How titles and roles are written for this person."),
    )
    digest = models.CharField(
        _("e-mail digest of my work"),
        max_length=8,
        choices=Digest.choices,
        blank=True,
        default="",
        db_default="",
        help_text=_("Sent in the person's language; off unless chosen."),
    )

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self):
        return self.get_full_name() or self.username


class AuditEntry(models.Model):
    """One change, append-only: who, when, what, before and after.

    Each entry carries the hash of the one before it, so that removing or editing a past entry
    breaks the chain (`verify_chain`).
    """

    at = models.DateTimeField(_("when"), default=timezone.now, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("who"), null=True, blank=True, on_delete=models.PROTECT
    )
    action = models.CharField(_("action"), max_length=64)
    object_type = models.CharField(_("object type"), max_length=64, db_index=True)
    object_id = models.CharField(_("object id"), max_length=64, db_index=True)
    object_repr = models.CharField(_("object"), max_length=300)
    before = models.JSONField(_("before"), null=True, blank=True)
    after = models.JSONField(_("after"), null=True, blank=True)
    reason = models.TextField(_("reason"), blank=True)
    previous_hash = models.CharField(max_length=64, blank=True)
    content_hash = models.CharField(max_length=64, default="")
    hash = models.CharField(max_length=64, unique=True)

    class Meta:
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit ledger")
        ordering = ["-id"]

    def __str__(self):
        return f"{self.at:%Y-%m-%d %H:%M} {self.action} {self.object_repr}"

    def save(self, *args, **kwargs):
        if self.pk:
            raise ValidationError("The audit ledger is append-only.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValidationError("The audit ledger is append-only.")

    def compute_content_hash(self) -> str:
        """SHA-256 of what the entry says. Private content stays private; this digest can be published."""
        payload = json.dumps(
            [
                self.at.isoformat() if self.at else "",
                self.actor_id,
                self.action,
                self.object_type,
                self.object_id,
                self.before,
                self.after,
                self.reason,
            ],
            sort_keys=True,
            ensure_ascii=False,
            default=str,
        )
        return hashlib.sha256(payload.encode()).hexdigest()

    def compute_hash(self) -> str:
        """The link of the chain: previous hash and content hash. Anyone holding the published list of
        (previous_hash, content_hash, hash) can check that no entry was removed, inserted or reordered;
        an auditor with the content can check each content hash as well."""
        return hashlib.sha256(f"{self.previous_hash}:{self.content_hash}".encode()).hexdigest()


class SearchEntry(models.Model):
    """A normalised copy of the searchable text of one object, kept by the services that change it."""

    kind = models.CharField(max_length=32)
    object_id = models.BigIntegerField()
    text = models.TextField()
    # The year a list filters the object by beside its words (a project's planned start), kept with
    # the text: words and a year are then one read of the entries, where the database otherwise
    # probed every project of the year for the words (100 ms at national scale; `matching_ids`).
    year = models.PositiveSmallIntegerField(null=True, blank=True)

    class Meta:
        # The unique constraint's index serves the lookups by kind and object (a second index on the
        # same columns only cost every write). The year's index is combined with the text's trigram
        # index on PostgreSQL (a bitmap AND).
        constraints = [models.UniqueConstraint(fields=["kind", "object_id"], name="search_entry_unique")]
        indexes = [models.Index(fields=["kind", "year"], name="search_entry_kind_year")]

    def __str__(self):
        return f"{self.kind}:{self.object_id}"


class Theme(models.Model):
    """One of the seed's objectives or areas, or an SDG: fixed rows, labels translated in code."""

    kind = models.CharField(
        max_length=16,
        choices=[("objective", _("objective")), ("area", _("cooperation area")), ("sdg", _("SDG"))],
    )
    code = models.CharField(max_length=32)

    class Meta:
        verbose_name = _("theme")
        verbose_name_plural = _("themes")
        constraints = [models.UniqueConstraint(fields=["kind", "code"], name="theme_unique")]
        ordering = ["kind", "id"]

    def __str__(self):
        from sharaka.core.taxonomy import KINDS

        return str(KINDS[self.kind](self.code).label)


class Locality(models.Model):
    """A place in Aourir: the centre and its quarters, villages and douars, with coordinates."""

    class Kind(models.TextChoices):
        CENTRE = "centre", _("urban centre")
        QUARTER = "quarter", _("quarter")
        VILLAGE = "village", _("village")
        DOUAR = "douar", _("douar")

    name_ar = models.CharField(_("name in Arabic"), max_length=120)
    name_fr = models.CharField(_("name in French"), max_length=120)
    name_en = models.CharField(_("name in English"), max_length=120)
    name_zgh = models.CharField(_("name in Tamazight"), max_length=120, blank=True)
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    parent = models.ForeignKey(
        "self", verbose_name=_("part of"), null=True, blank=True, on_delete=models.PROTECT
    )
    latitude = models.DecimalField(_("latitude"), max_digits=9, decimal_places=6)
    longitude = models.DecimalField(_("longitude"), max_digits=9, decimal_places=6)

    class Meta:
        verbose_name = _("locality")
        verbose_name_plural = _("localities")
        ordering = ["id"]

    def __str__(self):
        from sharaka.core.multilingual import best

        return best(self, "name")


class ThrottleEvent(models.Model):
    """One counted attempt of a throttled action (a password reset, a look-up of an inquiry's reference).

    `key` names who made it: an address group (sharaka/lib/client_ip.py) or the SHA-256 of an e-mail
    address, never the address itself. Rows older than the action's window are deleted as new ones come.
    """

    scope = models.CharField(max_length=40)
    key = models.CharField(max_length=64)
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        indexes = [models.Index(fields=["scope", "key", "at"]), models.Index(fields=["scope", "at"])]

    def __str__(self):
        return f"{self.scope} {self.at:%Y-%m-%d %H:%M}"


class StatusHistory(models.Model):
    """The shape of every pipeline's history (`core/pipeline.py`): one row per move, old, new, who,
    when and why. A subclass adds the foreign key to what moves and redeclares `old_status` and
    `new_status` with its states as choices."""

    old_status = models.CharField(_("from"), max_length=24, blank=True)
    new_status = models.CharField(_("to"), max_length=24)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    changed_at = models.DateTimeField(_("when"), auto_now_add=True)
    reason = models.TextField(_("why"), blank=True)
    automatic = models.BooleanField(_("made by the clock"), default=False)

    class Meta:
        abstract = True
        verbose_name = _("status change")
        verbose_name_plural = _("status history")
        ordering = ["changed_at", "id"]

    def __str__(self):
        return f"{self.old_status} → {self.new_status}"
