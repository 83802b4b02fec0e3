"""Every change to partners goes through these functions: validate, write, audit, in one transaction."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from sharaka.core import audit, search
from sharaka.core.multilingual import require_one
from sharaka.core.services import check_version
from sharaka.partners.models import Contact, FollowUp, Interaction, NegotiationRound, Organisation

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
    "stage",
    "description_ar",
    "description_fr",
    "description_en",
    "internal_notes",
]


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


@transaction.atomic
def organisation_create(*, actor, data: dict, focus_areas=()) -> Organisation:
    org = Organisation(**{k: v for k, v in data.items() if k in ORGANISATION_FIELDS or k == "is_fictional"})
    require_one(org, "name", _("the name"))
    org.full_clean()
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
    for key, value in data.items():
        if key in ORGANISATION_FIELDS:
            setattr(org, key, value)
    require_one(org, "name", _("the name"))
    org.full_clean()
    org.version += 1
    org.save()
    if focus_areas is not None:
        org.focus_areas.set(focus_areas)
    index_organisation(org)
    old, new = audit.diff(before, audit.snapshot(org))
    audit.record(actor=actor, action="organisation.update", obj=org, before=old, after=new)
    return org


@transaction.atomic
def contact_add(*, actor, organisation: Organisation, data: dict) -> Contact:
    contact = Contact(organisation=organisation, **data)
    contact.full_clean()
    contact.save()
    index_contact(contact)
    audit.record(actor=actor, action="contact.create", obj=contact, after=audit.snapshot(contact))
    return contact


@transaction.atomic
def contact_update(*, actor, contact: Contact, data: dict) -> Contact:
    contact = Contact.objects.select_for_update().get(pk=contact.pk)
    before = audit.snapshot(contact)
    for key, value in data.items():
        setattr(contact, key, value)
    contact.full_clean()
    contact.save()
    index_contact(contact)
    old, new = audit.diff(before, audit.snapshot(contact))
    audit.record(actor=actor, action="contact.update", obj=contact, before=old, after=new)
    return contact


@transaction.atomic
def interaction_log(
    *, actor, organisation: Organisation, data: dict, contacts=(), follow_ups=()
) -> Interaction:
    """Record a meeting, call, e-mail… and the follow-ups it leaves, each with an owner and a due date."""
    interaction = Interaction(organisation=organisation, recorded_by=actor, **data)
    interaction.full_clean()
    interaction.save()
    interaction.contacts.set(contacts)
    for item in follow_ups:
        follow_up = FollowUp(interaction=interaction, **item)
        follow_up.full_clean()
        follow_up.save()
    audit.record(
        actor=actor,
        action="interaction.create",
        obj=interaction,
        after={
            **audit.snapshot(interaction),
            "follow_ups": [dict(item, owner=getattr(item.get("owner"), "pk", None)) for item in follow_ups],
        },
    )
    return interaction


@transaction.atomic
def follow_up_complete(*, actor, follow_up: FollowUp) -> FollowUp:
    follow_up = FollowUp.objects.select_for_update().get(pk=follow_up.pk)
    if follow_up.done_at is None:
        follow_up.done_at = timezone.now()
        follow_up.save(update_fields=["done_at"])
        audit.record(
            actor=actor, action="follow_up.complete", obj=follow_up, after={"done_at": follow_up.done_at}
        )
    return follow_up


@transaction.atomic
def negotiation_round_record(*, actor, organisation: Organisation, data: dict) -> NegotiationRound:
    round_ = NegotiationRound(organisation=organisation, recorded_by=actor, **data)
    round_.full_clean()
    round_.save()
    audit.record(actor=actor, action="negotiation_round.create", obj=round_, after=audit.snapshot(round_))
    return round_
