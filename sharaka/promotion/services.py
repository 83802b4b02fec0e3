"""The catalogue's business actions: the unit creates and corrects an opportunity, moves it along its
pipeline, publishes it on the portal (after the checks of `publish_problems`) or takes it off,
archives it (never deleted), and adds, removes and orders its photos. Each action checks who acts,
validates, writes in one transaction and records its audit entry."""

from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from sharaka.core import audit
from sharaka.core.money import check_amount
from sharaka.core.multilingual import CONTENT_LANGUAGES, require_one
from sharaka.core.roles import can
from sharaka.core.services import check_version
from sharaka.finance.rates import check_currency
from sharaka.promotion import renditions
from sharaka.promotion.models import Opportunity, Photo
from sharaka.promotion.pipeline import PIPELINE
from sharaka.sustainability import photos as photo_checks

# What the unit's form sets; status, publication and archiving each have their own action.
FIELDS = [
    "code",
    "kind",
    "title_ar",
    "title_fr",
    "title_en",
    "title_zgh",
    "summary_ar",
    "summary_fr",
    "summary_en",
    "locality",
    "latitude",
    "longitude",
    "estimated_cost",
    "currency",
    "partner_sought",
    "project",
    "owner",
    "internal_notes",
]
SHOWN = frozenset({Opportunity.Status.OPEN, Opportunity.Status.IN_DISCUSSION})

# The commune of Aourir and its hinterland (Tamraght, Imi Miki, the Paradise Valley road), with room.
AOURIR_BOX = {
    "latitude": (Decimal("30.40"), Decimal("30.75")),
    "longitude": (Decimal("-9.85"), Decimal("-9.40")),
}

MAX_PHOTOS = 8


def _require_editor(actor) -> None:
    if not can(actor, "promotion.edit"):
        raise PermissionDenied


def _refuse_archived(opportunity) -> None:
    if opportunity.archived_at is not None:
        raise ValidationError(
            _("This opportunity is archived: it can no longer be changed."), code="archived"
        )


# --- validation -----------------------------------------------------------------------------------


# Words the catalogue's addresses use beside the codes (/portal/opportunities/events/, …).
RESERVED_CODES = frozenset({"events", "brochure", "inquiries", "photos", "new"})


def _check_code(obj) -> None:
    if obj.code in RESERVED_CODES:
        raise ValidationError(
            {
                "code": _("“%(code)s” is a word the portal's addresses use: choose another code.")
                % {"code": obj.code}
            }
        )
    clash = Opportunity.objects.filter(code=obj.code).exclude(pk=obj.pk).exists()
    if clash:
        raise ValidationError(
            {"code": _("The code “%(code)s” is already used by another opportunity.") % {"code": obj.code}},
        )


def _check_cost(obj) -> None:
    errors = {}
    if obj.estimated_cost is not None:
        if obj.estimated_cost < 0:
            errors["estimated_cost"] = _("The estimated cost cannot be negative.")
        else:
            try:
                check_amount(Decimal(obj.estimated_cost), "estimated_cost")
            except ValidationError as error:
                errors.update(error.message_dict)
    try:
        obj.currency = check_currency(obj.currency)
    except ValidationError as error:
        errors.update(error.message_dict)
    if errors:
        raise ValidationError(errors)


def _check_place(obj) -> None:
    if (obj.latitude is None) != (obj.longitude is None):
        field = "longitude" if obj.longitude is None else "latitude"
        raise ValidationError({field: _("Give both the latitude and the longitude, or neither.")})
    if obj.latitude is None:
        return
    errors = {}
    for name in ("latitude", "longitude"):
        low, high = AOURIR_BOX[name]
        if not low <= Decimal(getattr(obj, name)) <= high:
            errors[name] = _(
                "This point is outside the commune of Aourir: the %(name)s must be between %(low)s and %(high)s."
            ) % {"name": Opportunity._meta.get_field(name).verbose_name, "low": low, "high": high}
    if errors:
        raise ValidationError(errors)


def _check_owner(obj) -> None:
    owner = obj.owner if obj.owner_id else None
    if owner is None or not owner.is_active or not can(owner, "promotion.edit"):
        raise ValidationError(
            {"owner": _("Choose an active member of the cooperation unit: they answer the inquiries.")}
        )


def _validate(obj) -> None:
    require_one(obj, "title", _("the title"))
    _check_code(obj)
    _check_cost(obj)
    _check_place(obj)
    _check_owner(obj)
    obj.full_clean(exclude=["owner"])


def _set(obj, data: dict) -> None:
    for name in FIELDS:
        if name in data:
            setattr(obj, name, data[name])


# --- create, update -------------------------------------------------------------------------------


def opportunity_create(*, actor, data: dict) -> Opportunity:
    """A new opportunity, a draft the public does not see until it is opened and published."""
    _require_editor(actor)
    obj = Opportunity(status=Opportunity.Status.DRAFT)
    _set(obj, data)
    _validate(obj)
    with transaction.atomic():
        obj.save()
        PIPELINE.start(actor=actor, obj=obj)
        audit.record(
            actor=actor, action="promotion.opportunity_create", obj=obj, after=audit.snapshot(obj, FIELDS)
        )
    return obj


def opportunity_update(*, actor, opportunity: Opportunity, data: dict, expected_version) -> Opportunity:
    """Correct an opportunity; refused when someone saved it since the form was opened."""
    _require_editor(actor)
    with transaction.atomic():
        locked = Opportunity.objects.select_for_update().get(pk=opportunity.pk)
        check_version(locked, expected_version)
        _refuse_archived(locked)
        before = audit.snapshot(locked, FIELDS)
        _set(locked, data)
        _validate(locked)
        if locked.published_at is not None and publish_problems(locked):
            raise ValidationError(
                _("This opportunity is on the portal: it must keep what publishing requires. %(missing)s")
                % {"missing": " ".join(publish_problems(locked))}
            )
        locked.version += 1
        locked.save()
        old, new = audit.diff(before, audit.snapshot(locked, FIELDS))
        audit.record(actor=actor, action="promotion.opportunity_update", obj=locked, before=old, after=new)
    return locked


# --- pipeline ---------------------------------------------------------------------------------------


def opportunity_move(*, actor, opportunity: Opportunity, to: str, reason: str = "") -> Opportunity:
    """Move along the declared pipeline (`promotion/pipeline.py`); a taken or closed opportunity
    leaves the portal by the public definition, its publication date kept."""
    with transaction.atomic():
        locked = Opportunity.objects.select_for_update().get(pk=opportunity.pk)
        _refuse_archived(locked)

        def apply(obj, old):
            obj.version += 1

        row = PIPELINE.move(actor=actor, obj=locked, to=to, reason=reason, apply=apply)
        audit.record(
            actor=actor,
            action="promotion.opportunity_move",
            obj=locked,
            before={"status": row.old_status},
            after={"status": row.new_status},
            reason=row.reason,
        )
    return locked


# --- publication ------------------------------------------------------------------------------------


def publish_problems(opportunity: Opportunity) -> list[str]:
    """What keeps the opportunity off the portal, in plain words; empty when it may be published."""
    problems = []
    if opportunity.archived_at is not None:
        problems.append(_("The opportunity is archived."))
    if opportunity.status not in SHOWN:
        problems.append(_("Only open opportunities, or those in discussion, are shown: open it first."))
    names = {"ar": _("Arabic"), "fr": _("French"), "en": _("English")}
    for base, missing in (
        ("title", _("No title in %(language)s.")),
        ("summary", _("No summary in %(language)s.")),
    ):
        for code in CONTENT_LANGUAGES:
            if not (getattr(opportunity, f"{base}_{code}") or "").strip():
                problems.append(missing % {"language": names[code]})
    if opportunity.locality_id is None and opportunity.latitude is None:
        problems.append(_("No location: choose a locality or give its coordinates."))
    owner = opportunity.owner if opportunity.owner_id else None
    if owner is None or not owner.is_active or not can(owner, "promotion.edit"):
        problems.append(_("No one in the unit handles it: choose who answers its inquiries."))
    return problems


def opportunity_publish(*, actor, opportunity: Opportunity) -> Opportunity:
    """Show the opportunity on the portal, or refuse with the list of what is missing."""
    _require_editor(actor)
    with transaction.atomic():
        locked = Opportunity.objects.select_for_update().select_related("owner").get(pk=opportunity.pk)
        problems = publish_problems(locked)
        if problems:
            raise ValidationError([ValidationError(p, code="not_publishable") for p in problems])
        if locked.published_at is None:
            locked.published_at = timezone.now()
            locked.version += 1
            locked.save(update_fields=["published_at", "version", "updated_at"])
            audit.record(
                actor=actor,
                action="promotion.opportunity_publish",
                obj=locked,
                after={"published_at": locked.published_at.isoformat()},
            )
    return locked


def opportunity_unpublish(*, actor, opportunity: Opportunity) -> Opportunity:
    """Take the opportunity off the portal (it keeps its status)."""
    _require_editor(actor)
    with transaction.atomic():
        locked = Opportunity.objects.select_for_update().get(pk=opportunity.pk)
        if locked.published_at is not None:
            before = locked.published_at.isoformat()
            locked.published_at = None
            locked.version += 1
            locked.save(update_fields=["published_at", "version", "updated_at"])
            audit.record(
                actor=actor,
                action="promotion.opportunity_unpublish",
                obj=locked,
                before={"published_at": before},
                after={"published_at": None},
            )
    return locked


def opportunity_archive(*, actor, opportunity: Opportunity, reason: str = "") -> Opportunity:
    """Archive: never deleted (its inquiries and events point to it), gone from the portal."""
    _require_editor(actor)
    with transaction.atomic():
        locked = Opportunity.objects.select_for_update().get(pk=opportunity.pk)
        _refuse_archived(locked)
        locked.archived_at = timezone.now()
        locked.version += 1
        locked.save(update_fields=["archived_at", "version", "updated_at"])
        audit.record(
            actor=actor,
            action="promotion.opportunity_archive",
            obj=locked,
            after={"archived_at": locked.archived_at.isoformat()},
            reason=reason,
        )
    return locked


# --- photos -------------------------------------------------------------------------------------------


def photo_add(*, actor, opportunity: Opportunity, upload, captions: dict | None = None) -> Photo:
    """A photo checked by content, redrawn without its metadata (no GPS) and resized
    (`sustainability/photos.py`), with a caption in each language it is given in."""
    _require_editor(actor)
    captions = {f"caption_{code}": (captions or {}).get(f"caption_{code}", "") for code in CONTENT_LANGUAGES}
    cleaned = photo_checks.clean(upload, field="image")
    with transaction.atomic():
        locked = Opportunity.objects.select_for_update().get(pk=opportunity.pk)
        _refuse_archived(locked)
        existing = locked.photos.count()
        if existing >= MAX_PHOTOS:
            raise ValidationError(
                {
                    "image": _("An opportunity holds at most %(count)s photos: remove one first.")
                    % {"count": MAX_PHOTOS}
                }
            )
        if locked.photos.filter(sha256=cleaned.sha256).exists():
            raise ValidationError({"image": _("This photo is already among the opportunity's photos.")})
        order = (locked.photos.aggregate(top=Max("order"))["top"] or 0) + 1
        photo = Photo(opportunity=locked, sha256=cleaned.sha256, order=order, uploaded_by=actor, **captions)
        photo.image.save(cleaned.file.name, cleaned.file, save=False)
        photo.width, photo.height = cleaned.width, cleaned.height
        photo.save()
        audit.record(
            actor=actor,
            action="promotion.photo_add",
            obj=photo,
            after={"opportunity": locked.pk, "image": photo.image.name, "sha256": photo.sha256, **captions},
        )
    return photo


def photo_remove(*, actor, photo: Photo) -> None:
    """Remove a photo (the file goes with it, once the removal is committed)."""
    _require_editor(actor)
    with transaction.atomic():
        locked = Photo.objects.select_for_update().get(pk=photo.pk)
        audit.record(
            actor=actor,
            action="promotion.photo_remove",
            obj=locked,
            before={
                "opportunity": locked.opportunity_id,
                "image": locked.image.name,
                "sha256": locked.sha256,
            },
        )
        storage = locked.image.storage
        names = [locked.image.name, *(renditions.name_for(locked, size) for size in renditions.SIZES)]
        locked.delete()
        transaction.on_commit(lambda: [storage.delete(name) for name in names])


def photo_move(*, actor, photo: Photo, step: int) -> None:
    """Move a photo one place earlier (-1) or later (+1) among its opportunity's photos; the first
    is the one the catalogue shows."""
    _require_editor(actor)
    if step not in (-1, 1):
        raise ValidationError(_("A photo moves one place at a time."))
    with transaction.atomic():
        Opportunity.objects.select_for_update().get(pk=photo.opportunity_id)
        photos = list(Photo.objects.filter(opportunity_id=photo.opportunity_id).order_by("order", "id"))
        index = next(i for i, p in enumerate(photos) if p.pk == photo.pk)
        other = index + step
        if not 0 <= other < len(photos):
            return
        before = [p.pk for p in photos]
        photos[index], photos[other] = photos[other], photos[index]
        for position, item in enumerate(photos, start=1):
            if item.order != position:
                item.order = position
                item.save(update_fields=["order"])
        audit.record(
            actor=actor,
            action="promotion.photo_move",
            obj=photo,
            before={"order": before},
            after={"order": [p.pk for p in photos]},
        )
