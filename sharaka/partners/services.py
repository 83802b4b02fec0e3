"""Every change to partners goes through these functions: validate, write, audit, in one transaction."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from sharaka.core import audit, search, uploads
from sharaka.core.multilingual import require_one
from sharaka.core.roles import Role, is_internal
from sharaka.core.services import check_version
from sharaka.partners.models import (
    Contact,
    FollowUp,
    Interaction,
    InteractionAttachment,
    NegotiationRound,
    Organisation,
    PartnerAccess,
)

ORGANISATION_FIELDS = [
    "name_ar",
    "name_fr",
    "name_en",
    "acronym",
    "model",
    "legal_type",
    "iati_identifier",
    "iati_type",
    "country",
    "website",
    "working_language",
    "stage",
    "description_ar",
    "description_fr",
    "description_en",
    "internal_notes",
]
CONTACT_FIELDS = ["name", "position", "email", "phone", "languages", "is_primary"]
INTERACTION_FIELDS = ["kind", "date", "subject", "summary"]
# An interaction's files pass the same checks as a project's documents; photos also lose their metadata
# (the place they were taken) as the photos of the post-support checks do.
ATTACHMENT = uploads.PROJECT_DOCUMENT
MAX_ATTACHMENTS = 10
PHOTO_EXTENSIONS = (".jpg", ".jpeg", ".png")
FOLLOW_UP_FIELDS = ["description", "owner", "due_date"]
NEGOTIATION_FIELDS = ["topic", "round_number", "date", "our_position", "their_position", "outcome", "minutes"]


def index_organisation(org: Organisation) -> None:
    search.index(
        "organisation",
        org.pk,
        org.name_ar,
        org.name_fr,
        org.name_en,
        org.acronym,
        org.iati_identifier,
        org.country,
    )


def index_contact(contact: Contact) -> None:
    search.index("contact", contact.pk, contact.name, contact.position, contact.email, contact.phone)


def _pick(data: dict, fields: list[str]) -> dict:
    return {key: value for key, value in data.items() if key in fields}


def validate_organisation(org: Organisation, *, previous_legal_type: str | None = None) -> None:
    """The rules of a partner organisation, all reported at once.

    A name in at least one language; a foreign State stays a foreign State (law 113-14 art. 86 and
    146 forbid any agreement with one, so its legal type is never relaxed later); the model's own checks.
    """
    errors: dict[str, list] = {}
    try:
        require_one(org, "name", _("the name"))
    except ValidationError as exc:
        errors.update(exc.message_dict)
    if previous_legal_type == Organisation.LegalType.FOREIGN_STATE and org.legal_type != previous_legal_type:
        errors.setdefault("legal_type", []).append(
            _(
                "This organisation is recorded as a foreign State. Its legal type cannot be changed: "
                "the commune may never conclude an agreement with a foreign State (law 113-14, "
                "articles 86 and 146)."
            )
        )
    try:
        org.full_clean()
    except ValidationError as exc:
        for field, messages in exc.message_dict.items():
            errors.setdefault(field, []).extend(messages)
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def organisation_create(*, actor, data: dict, focus_areas=()) -> Organisation:
    org = Organisation(**_pick(data, [*ORGANISATION_FIELDS, "is_fictional"]))
    validate_organisation(org)
    org.save()
    org.focus_areas.set(focus_areas)
    index_organisation(org)
    audit.record(actor=actor, action="organisation.create", obj=org, after=audit.snapshot(org))
    return org


@transaction.atomic
def organisation_update(
    *, actor, organisation: Organisation, data: dict, expected_version: int, focus_areas=None
) -> Organisation:
    org = Organisation.objects.select_for_update().get(pk=organisation.pk)
    check_version(org, expected_version)
    before = audit.snapshot(org)
    for key, value in _pick(data, ORGANISATION_FIELDS).items():
        setattr(org, key, value)
    validate_organisation(org, previous_legal_type=before["legal_type"])
    org.version += 1
    org.save()
    if focus_areas is not None:
        org.focus_areas.set(focus_areas)
    index_organisation(org)
    old, new = audit.diff(before, audit.snapshot(org))
    audit.record(actor=actor, action="organisation.update", obj=org, before=old, after=new)
    return org


@transaction.atomic
def organisation_delete(*, actor, organisation: Organisation) -> None:
    """Only an organisation that has never taken part in a project nor has viewer accounts."""
    org = Organisation.objects.select_for_update().get(pk=organisation.pk)
    if org.participations.exists():
        raise ValidationError(
            _("This organisation takes part in projects: it is kept in the archive and cannot be deleted.")
        )
    if org.viewers.exists():
        raise ValidationError(_("Remove the partner viewer accounts of this organisation first."))
    before = audit.snapshot(org)
    contact_ids = list(org.contacts.values_list("pk", flat=True))
    interaction_ids = list(org.interactions.values_list("pk", flat=True))
    audit.record(actor=actor, action="organisation.delete", obj=org, before=before)
    org.delete()
    search.unindex("organisation", organisation.pk)
    for pk in interaction_ids:
        search.unindex("interaction", pk)
    for pk in contact_ids:
        search.unindex("contact", pk)


def _unset_other_main_contacts(contact: Contact) -> None:
    if contact.is_primary:
        others = Contact.objects.filter(organisation_id=contact.organisation_id, is_primary=True)
        others.exclude(pk=contact.pk).update(is_primary=False)


@transaction.atomic
def contact_add(*, actor, organisation: Organisation, data: dict) -> Contact:
    """A new contact; when marked as the main contact, the previous main contact steps back."""
    contact = Contact(organisation=organisation, **_pick(data, CONTACT_FIELDS))
    _unset_other_main_contacts(contact)
    contact.full_clean()
    contact.save()
    index_contact(contact)
    audit.record(actor=actor, action="contact.create", obj=contact, after=audit.snapshot(contact))
    return contact


@transaction.atomic
def contact_update(*, actor, contact: Contact, data: dict) -> Contact:
    contact = Contact.objects.select_for_update().get(pk=contact.pk)
    before = audit.snapshot(contact)
    for key, value in _pick(data, CONTACT_FIELDS).items():
        setattr(contact, key, value)
    _unset_other_main_contacts(contact)
    contact.full_clean()
    contact.save()
    index_contact(contact)
    old, new = audit.diff(before, audit.snapshot(contact))
    audit.record(actor=actor, action="contact.update", obj=contact, before=old, after=new)
    return contact


@transaction.atomic
def contact_remove(*, actor, contact: Contact) -> None:
    audit.record(actor=actor, action="contact.delete", obj=contact, before=audit.snapshot(contact))
    pk = contact.pk
    contact.delete()
    search.unindex("contact", pk)


@transaction.atomic
def interaction_log(
    *, actor, organisation: Organisation, data: dict, contacts=(), follow_ups=(), attachments=()
) -> Interaction:
    """Record a meeting, call, e-mail… and the follow-ups it leaves, each with an owner and a due date.

    All or nothing: one follow-up that does not hold leaves no interaction behind.
    """
    contacts = list(contacts)
    if any(contact.organisation_id != organisation.pk for contact in contacts):
        raise ValidationError({"contacts": _("The people met must be contacts of this organisation.")})
    interaction = Interaction(organisation=organisation, recorded_by=actor, **_pick(data, INTERACTION_FIELDS))
    interaction.full_clean()
    interaction.save()
    interaction.contacts.set(contacts)
    search.index_object("interaction", interaction)
    recorded = []
    for item in follow_ups:
        owner = item.get("owner")
        if owner is None or not owner.is_active or not is_internal(owner):
            raise ValidationError(
                {"owner": _("A follow-up is owned by an active member of the commune's staff.")}
            )
        follow_up = FollowUp(interaction=interaction, **_pick(item, FOLLOW_UP_FIELDS))
        follow_up.full_clean()
        follow_up.save()
        recorded.append(audit.snapshot(follow_up))
    kept = _attach(actor=actor, interaction=interaction, files=attachments)
    audit.record(
        actor=actor,
        action="interaction.create",
        obj=interaction,
        after={**audit.snapshot(interaction), "follow_ups": recorded, "attachments": kept},
    )
    return interaction


@transaction.atomic
def interaction_attach(*, actor, interaction: Interaction, files) -> list[InteractionAttachment]:
    """Add files (the minutes, photos...) to an interaction already in the timeline; all or none."""
    interaction = Interaction.objects.select_for_update().get(pk=interaction.pk)
    files = list(files)
    if not files:
        raise ValidationError({"attachments": _("Choose at least one file.")})
    kept = _attach(actor=actor, interaction=interaction, files=files)
    audit.record(actor=actor, action="interaction.attach", obj=interaction, after={"attachments": kept})
    return list(interaction.attachments.order_by("-id")[: len(kept)])


def _attach(*, actor, interaction: Interaction, files) -> list[dict]:
    """Check and keep each file; the first one refused stops everything with its name in the message."""
    from sharaka.sustainability import photos

    files = list(files)
    if interaction.attachments.count() + len(files) > MAX_ATTACHMENTS:
        raise ValidationError(
            {"attachments": _("An interaction keeps at most %(count)s files.") % {"count": MAX_ATTACHMENTS}}
        )
    kept = []
    for upload in files:
        shown = uploads.clean_name(getattr(upload, "name", ""))
        try:
            checked = uploads.check(upload, ATTACHMENT)
            if checked.name.lower().endswith(PHOTO_EXTENSIONS):
                cleaned = photos.clean(upload, field="attachments")
                file, content_type, sha = cleaned.file, cleaned.content_type, cleaned.sha256
                size = cleaned.file.size
            else:
                upload.name = checked.name
                file, content_type, size, sha = upload, checked.content_type, checked.size, checked.sha256
        except ValidationError as error:
            problems = (
                error.message_dict.get("attachments", []) if hasattr(error, "error_dict") else error.messages
            )
            raise ValidationError(
                {
                    "attachments": [
                        _("“%(name)s”: %(problem)s") % {"name": shown, "problem": p} for p in problems
                    ]
                }
            ) from None
        attachment = InteractionAttachment(
            interaction=interaction,
            file=file,
            name=checked.name[:120],
            content_type=content_type,
            size=size,
            sha256=sha,
            uploaded_by=actor,
        )
        attachment.full_clean()
        attachment.save()
        kept.append({"name": attachment.name, "size": size, "sha256": sha})
    return kept


@transaction.atomic
def follow_up_complete(*, actor, follow_up: FollowUp) -> FollowUp:
    follow_up = FollowUp.objects.select_for_update().select_related("owner").get(pk=follow_up.pk)
    if follow_up.done_at is None:
        follow_up.done_at = timezone.now()
        follow_up.save(update_fields=["done_at"])
        audit.record(
            actor=actor, action="follow_up.complete", obj=follow_up, after={"done_at": follow_up.done_at}
        )
    return follow_up


def next_round_number(organisation: Organisation, topic: str) -> int:
    last = organisation.negotiation_rounds.filter(topic=topic).aggregate(last=Max("round_number"))["last"]
    return (last or 0) + 1


def _round_snapshot(round_: NegotiationRound, sha256: str) -> dict:
    # The file is described by its name and digest (audit.snapshot would iterate a FieldFile's content).
    fields = [f.name for f in NegotiationRound._meta.concrete_fields if f.name != "minutes"]
    return {
        **audit.snapshot(round_, fields=fields),
        "minutes": round_.minutes.name or "",
        "minutes_sha256": sha256,
    }


@transaction.atomic
def negotiation_round_record(*, actor, organisation: Organisation, data: dict) -> NegotiationRound:
    """One round of a negotiation; numbered after the last round of the same topic when no number is given."""
    organisation = Organisation.objects.select_for_update().get(pk=organisation.pk)  # numbers in turn
    data = _pick(data, NEGOTIATION_FIELDS)
    topic = (data.get("topic") or "").strip()
    data["topic"] = topic
    if not data.get("round_number"):
        data["round_number"] = next_round_number(organisation, topic)
    elif organisation.negotiation_rounds.filter(topic=topic, round_number=data["round_number"]).exists():
        raise ValidationError(
            {
                "round_number": _("Round %(number)s of this topic is already recorded.")
                % {"number": data["round_number"]}
            }
        )
    minutes = data.pop("minutes", None)
    sha256 = ""
    if minutes:
        checked = uploads.check(minutes, uploads.MINUTES, field="minutes")
        sha256, minutes.name = checked.sha256, checked.name
    round_ = NegotiationRound(organisation=organisation, recorded_by=actor, **data)
    if minutes:
        round_.minutes = minutes
    round_.full_clean()
    round_.save()
    audit.record(
        actor=actor,
        action="negotiation_round.create",
        obj=round_,
        after=_round_snapshot(round_, sha256),
    )
    return round_


@transaction.atomic
def partner_access_grant(*, actor, user, organisation: Organisation) -> PartnerAccess:
    """Let a partner-viewer account read what is shared with one organisation."""
    if user.role != Role.PARTNER_VIEWER:
        raise ValidationError({"user": _("Only a partner viewer account can be linked to an organisation.")})
    access, _created = PartnerAccess.objects.update_or_create(
        user=user, defaults={"organisation": organisation}
    )
    audit.record(actor=actor, action="partner_access.grant", obj=access, after=audit.snapshot(access))
    return access


@transaction.atomic
def partner_access_revoke(*, actor, access: PartnerAccess) -> None:
    audit.record(actor=actor, action="partner_access.revoke", obj=access, before=audit.snapshot(access))
    access.delete()
