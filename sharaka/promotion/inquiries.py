"""Inquiries sent from an opportunity's page on the portal, and where they land in the partner CRM.

`inquiry_submit` writes everything in one transaction: the sender's organisation found or created as
a prospect, a contact, an interaction in its timeline, a follow-up for the opportunity's owner, the
`OpportunityInquiry` and the ledger's entries. The acknowledgement is e-mailed after the commit,
through Django's tasks (`inquiry_acknowledge`), in the sender's language.

Matching never merges silently (docs/promotion.md):

- certainly the same: the typed name, normalised as the search normalises (`lib.text.normalize`:
  Arabic letters and French accents), equals an organisation's name in Arabic, French or English
  or its acronym: the inquiry lands on it;
- probably the same (same e-mail address or e-mail domain as an existing contact, e-mail domain
  equal to an organisation's website, or a very similar name): a NEW prospect is created and the
  inquiry is flagged `possible_duplicate`, for the unit to decide (`inquiry_same_organisation`,
  `inquiry_different_organisations`);
- otherwise a new prospect.
"""

import difflib
import re
import secrets
from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import ProtectedError
from django.tasks import task
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from sharaka.agreements.deadlines import add_working_days
from sharaka.agreements.models import holidays_around
from sharaka.core import audit, codelists, search
from sharaka.core.multilingual import best
from sharaka.core.roles import Role, can, is_internal
from sharaka.lib.client_ip import network_of
from sharaka.lib.text import clean_text, normalize
from sharaka.operations import mail
from sharaka.partners.models import Contact, FollowUp, Interaction, Organisation
from sharaka.partners.services import index_contact, index_organisation
from sharaka.portal.services import RATE_LIMIT, RATE_WINDOW, REFERENCE_ALPHABET, REFERENCE_LENGTH
from sharaka.promotion.models import Opportunity, OpportunityInquiry

MESSAGE_MIN = 10  # characters, as the citizens' form
FOLLOW_UP_WORKING_DAYS = 3  # the owner answers within three working days
SIMILAR_NAME_RATIO = 0.85  # difflib ratio of two normalised names that are "very similar"
# Addresses anyone can open: a shared domain says nothing about the organisation.
WEBMAIL_DOMAINS = frozenset(
    {
        "gmail.com",
        "googlemail.com",
        "hotmail.com",
        "hotmail.fr",
        "outlook.com",
        "outlook.fr",
        "live.com",
        "live.fr",
        "msn.com",
        "yahoo.com",
        "yahoo.fr",
        "icloud.com",
        "me.com",
        "aol.com",
        "gmx.com",
        "gmx.de",
        "gmx.fr",
        "web.de",
        "orange.fr",
        "free.fr",
        "laposte.net",
        "sfr.fr",
        "wanadoo.fr",
        "menara.ma",
        "protonmail.com",
        "proton.me",
        "mail.com",
        "yandex.com",
    }
)

# "What kind of organisation?" on the form, and the partnership model each maps to, in Morocco and
# abroad. The legal type follows the country only (MA: Moroccan, else foreign); a foreign State is
# never set from the portal (law 113-14: that legal type can never be relaxed later).
KIND_CHOICES = [
    ("company", gettext_lazy("A company or an investor")),
    ("association", gettext_lazy("An association, an NGO or a foundation")),
    ("local_government", gettext_lazy("A town, a region or another local government")),
    ("public_agency", gettext_lazy("A public body or a cooperation agency")),
    ("other", gettext_lazy("Other, or myself")),
]
_M = Organisation.Model
_L = Organisation.LegalType
KIND_MODELS = {  # kind: (model in Morocco, model abroad)
    "company": (_M.PRIVATE_COMPANY, _M.PRIVATE_COMPANY),
    "association": (_M.LOCAL_ASSOCIATION, _M.INTERNATIONAL_NGO),
    "local_government": (_M.NATIONAL_PUBLIC_BODY, _M.FOREIGN_LOCAL_GOVERNMENT),
    "public_agency": (_M.NATIONAL_PUBLIC_BODY, _M.BILATERAL_AGENCY),
    "other": (_M.PRIVATE_COMPANY, _M.PRIVATE_COMPANY),
}
KIND_LEGAL_TYPES = {  # kind: (in Morocco, abroad)
    "company": (_L.MOROCCAN_PRIVATE, _L.FOREIGN_PRIVATE),
    "association": (_L.MOROCCAN_PRIVATE, _L.FOREIGN_PRIVATE),
    "local_government": (_L.MOROCCAN_PUBLIC, _L.FOREIGN_LOCAL_AUTHORITY),
    "public_agency": (_L.MOROCCAN_PUBLIC, _L.FOREIGN_PUBLIC_AGENCY),
    "other": (_L.MOROCCAN_PRIVATE, _L.FOREIGN_PRIVATE),
}
DEFAULT_KIND = "other"

# The language of the acknowledgement: the sender's; Tamazight has no catalogue for these texts,
# and the portal's own fallback for what is not in Tamazight is Arabic (settings.LANGUAGE_CODE).
MAIL_LANGUAGES = {"ar": "ar", "fr": "fr", "en": "en", "zgh": "ar"}

_ARABIC_LETTER = re.compile(r"[\u0600-\u06ff]")
_NOT_WORD = re.compile(r"[\W_]+")


# --- matching ----------------------------------------------------------------------------------------


def _names(org) -> list[str]:
    return [normalize(n) for n in (org.name_ar, org.name_fr, org.name_en, org.acronym) if n and n.strip()]


def _domain(email: str) -> str:
    return email.rsplit("@", 1)[-1].strip().lower() if "@" in (email or "") else ""


def _site_domain(url: str) -> str:
    host = (urlsplit(url).hostname or "").lower() if url else ""
    return host.removeprefix("www.")


def _similar(a: str, b: str) -> bool:
    if not a or not b:
        return False
    if _NOT_WORD.sub("", a) == _NOT_WORD.sub("", b):
        return True
    return difflib.SequenceMatcher(None, a, b).ratio() >= SIMILAR_NAME_RATIO


def find_organisation(organisation_name: str, email: str):
    """`(certain, probable)`: the organisation that is certainly the sender's, or else one that
    probably is (to be checked by the unit), or `(None, None)`."""
    wanted = normalize(organisation_name)
    orgs = list(Organisation.objects.only("pk", "name_ar", "name_fr", "name_en", "acronym", "website"))
    for org in orgs:
        if wanted and wanted in _names(org):
            return org, None
    address = (email or "").strip().lower()
    domain = _domain(address)
    if address:
        found = Contact.objects.filter(email__iexact=address).select_related("organisation").first()
        if found:
            return None, found.organisation
    if domain and domain not in WEBMAIL_DOMAINS:
        found = Contact.objects.filter(email__iendswith="@" + domain).select_related("organisation").first()
        if found:
            return None, found.organisation
        for org in orgs:
            site = _site_domain(org.website)
            if site and (site == domain or domain.endswith("." + site)):
                return None, org
    for org in orgs:
        if any(_similar(wanted, name) for name in _names(org)):
            return None, org
    return None, None


# --- submitting --------------------------------------------------------------------------------------


def _new_reference() -> str:
    """`O-XXXX-XXXX-XXXXX`: 13 random signs of the portal's alphabet (≈ 2**61), never guessed."""
    signs = "".join(secrets.choice(REFERENCE_ALPHABET) for _ in range(REFERENCE_LENGTH))
    return f"O-{signs[:4]}-{signs[4:8]}-{signs[8:]}"


def _owner_of(opportunity: Opportunity):
    """The opportunity's owner; if that account was closed (or is no longer the commune's staff), the
    unit's first active cooperation officer, else administrator."""
    from django.contrib.auth import get_user_model

    owner = opportunity.owner
    if owner.is_active and is_internal(owner):
        return owner
    users = get_user_model().objects.filter(is_active=True)
    return (
        users.filter(role=Role.COOPERATION_OFFICER).order_by("pk").first()
        or users.filter(role=Role.ADMINISTRATOR).order_by("pk").first()
        or owner
    )


def _new_prospect(*, name, country, kind, language, reference) -> Organisation:
    abroad = 0 if country == "MA" else 1
    field = "name_ar" if _ARABIC_LETTER.search(name) else ("name_en" if language == "en" else "name_fr")
    org = Organisation(
        model=KIND_MODELS.get(kind, KIND_MODELS[DEFAULT_KIND])[abroad],
        legal_type=KIND_LEGAL_TYPES.get(kind, KIND_LEGAL_TYPES[DEFAULT_KIND])[abroad],
        country=country,
        stage=Organisation.Stage.PROSPECT,
        is_fictional=False,
        working_language=language if language in dict(settings.LANGUAGES) else "",
        internal_notes=_(
            "Created from the portal's inquiry %(reference)s: check its partnership model and legal type."
        )
        % {"reference": reference},
        **{field: name[:200]},
    )
    org.full_clean()
    org.save()
    index_organisation(org)
    # The organisation's own data (as any organisation.create); the sender's name and e-mail never.
    audit.record(
        actor=None,
        action="organisation.create",
        obj=org,
        after={**audit.snapshot(org, ["model", "legal_type", "country", "stage"]), "source": reference},
    )
    return org


def _summary(*, message, name, organisation_name, country, email, language, kind, opportunity) -> str:
    lines = [
        message,
        "",
        "—",
        f"{_('Name')}: {name}",
        f"{_('Organisation as written')}: {organisation_name}",
        f"{_('Kind of organisation')}: {dict(KIND_CHOICES).get(kind, '')}",
        f"{_('Country')}: {codelists.country_name(country)} ({country})",
        f"{_('E-mail')}: {email}",
        f"{_('Language')}: {language}",
        f"{_('Opportunity')}: {opportunity.code}",
    ]
    return "\n".join(lines)


@transaction.atomic
def inquiry_submit(
    *,
    opportunity: Opportunity,
    name: str,
    organisation_name: str,
    country: str,
    email: str,
    message: str,
    language: str = "ar",
    address: str | None = None,
    kind: str = DEFAULT_KIND,
) -> OpportunityInquiry:
    """Receive an inquiry about a public opportunity: at most RATE_LIMIT per sender network per hour
    (the portal's rule: an IPv6 address counts with its whole /64). All or nothing."""
    name = clean_text(name or "").strip()[:150]
    organisation_name = clean_text(organisation_name or "").strip()[:200]
    email = (email or "").strip()
    message = clean_text(message or "", multiline=True).strip()
    country = (country or "").strip().upper()
    errors = {}
    if not name:
        errors["name"] = _("Please write your name.")
    if not organisation_name:
        errors["organisation_name"] = _("Please write the name of your organisation.")
    if not email or "@" not in email:
        errors["email"] = _("Please write a valid e-mail address.")
    if len(message) < MESSAGE_MIN:
        errors["message"] = _("Please write a message of at least 10 characters.")
    if country not in dict(codelists.country_choices()):
        errors["country"] = _("Please choose a country.")
    if errors:
        raise ValidationError(errors)
    if not Opportunity.objects.public().filter(pk=opportunity.pk).exists():
        raise ValidationError(_("This opportunity is not on the portal."), code="not_public")
    network = network_of(address) or ""
    if network:
        since = timezone.now() - RATE_WINDOW
        sent = OpportunityInquiry.objects.filter(sender_network=network, received_at__gte=since).count()
        if sent >= RATE_LIMIT:
            raise ValidationError(
                _("You have sent several messages in the last hour. Please try again later."),
                code="rate_limited",
            )
    reference = _new_reference()
    while OpportunityInquiry.objects.filter(reference=reference).exists():
        reference = _new_reference()

    certain, probable = find_organisation(organisation_name, email)
    if certain is not None:
        organisation, resolution = certain, OpportunityInquiry.Resolution.MATCHED
    else:
        organisation = _new_prospect(
            name=organisation_name, country=country, kind=kind, language=language, reference=reference
        )
        resolution = (
            OpportunityInquiry.Resolution.POSSIBLE_DUPLICATE
            if probable is not None
            else OpportunityInquiry.Resolution.CREATED
        )

    contact = organisation.contacts.filter(email__iexact=email).first()
    if contact is None:
        contact = Contact.objects.create(organisation=organisation, name=name, email=email)
        index_contact(contact)

    today = timezone.localdate()
    # The record reads in the language of the exchange (the sender's, as the acknowledgement): the
    # subject, the follow-up and the summary's labels beside the message they wrote.
    with translation.override(MAIL_LANGUAGES.get(language, settings.LANGUAGE_CODE)):
        title = best(opportunity, "title") or opportunity.code
        subject = (_("Inquiry about: %(title)s") % {"title": title})[:200]
        summary = _summary(
            message=message,
            name=name,
            organisation_name=organisation_name,
            country=country,
            email=email,
            language=language,
            kind=kind,
            opportunity=opportunity,
        )
        description = (
            _("Answer the inquiry %(reference)s about %(title)s") % {"reference": reference, "title": title}
        )[:300]
    interaction = Interaction.objects.create(
        organisation=organisation,
        kind=Interaction.Kind.INQUIRY,
        date=today,
        subject=subject,
        summary=summary,
        recorded_by=None,
    )
    interaction.contacts.add(contact)
    search.index_object("interaction", interaction)
    follow_up = FollowUp.objects.create(
        interaction=interaction,
        description=description,
        owner=_owner_of(opportunity),
        due_date=add_working_days(today, FOLLOW_UP_WORKING_DAYS, holidays_around(today)),
    )
    inquiry = OpportunityInquiry.objects.create(
        reference=reference,
        opportunity=opportunity,
        name=name,
        organisation_name=organisation_name,
        country=country,
        email=email,
        message=message,
        language=language,
        sender_network=network,
        organisation=organisation,
        resolution=resolution,
        possible_duplicate=probable if certain is None else None,
        interaction=interaction,
        follow_up=follow_up,
    )
    search.index_object("opportunity_inquiry", inquiry)
    # The ledger names the inquiry and where it landed, never the sender's name, e-mail or message.
    audit.record(
        actor=None,
        action="opportunity_inquiry.submit",
        obj=inquiry,
        after={
            "opportunity": opportunity.code,
            "organisation": organisation.pk,
            "resolution": resolution,
            "possible_duplicate": inquiry.possible_duplicate_id,
            "interaction": interaction.pk,
            "follow_up": follow_up.pk,
            "follow_up_owner": follow_up.owner_id,
            "follow_up_due": follow_up.due_date,
            "contact": contact.pk,
        },
    )
    pk = inquiry.pk
    # robust: a failure to enqueue leaves the inquiry received (acknowledged_at stays empty).
    transaction.on_commit(lambda: inquiry_acknowledge.enqueue(pk), robust=True)
    return inquiry


# --- the acknowledgement ------------------------------------------------------------------------------


def acknowledgement(inquiry: OpportunityInquiry) -> tuple[str, str, str]:
    """`(language, subject, body)` of the acknowledgement, in the sender's language."""
    language = MAIL_LANGUAGES.get(inquiry.language, settings.LANGUAGE_CODE)
    with translation.override(language):
        title = best(inquiry.opportunity, "title") or inquiry.opportunity.code
        subject = _("Your inquiry to the commune of Aourir (%(reference)s)") % {
            "reference": inquiry.reference
        }
        body = "\n\n".join(
            [
                _("Hello %(name)s,") % {"name": inquiry.name},
                _(
                    "Thank you for your interest in “%(title)s”. The commune of Aourir's cooperation unit "
                    "received your message and will answer you within a few working days."
                )
                % {"title": title},
                _("Your reference: %(reference)s") % {"reference": inquiry.reference},
                _("The cooperation unit of the commune of Aourir"),
            ]
        )
    return language, subject, body


@task
def inquiry_acknowledge(pk: int, attempt: int = 1) -> bool:
    """E-mail the acknowledgement of an inquiry, once: sent only while `acknowledged_at` is empty,
    and marked in the same transaction. A mail server that fails leaves it unmarked and the attempt
    is retried later, as every e-mail of the worker (sharaka/operations/mail.py `retry_later`)."""
    try:
        with transaction.atomic():
            inquiry = (
                OpportunityInquiry.objects.select_for_update()
                .select_related("opportunity")
                .filter(pk=pk)
                .first()
            )
            if inquiry is None or inquiry.acknowledged_at is not None:
                return False
            _language, subject, body = acknowledgement(inquiry)
            send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [inquiry.email])
            inquiry.acknowledged_at = timezone.now()
            inquiry.save(update_fields=["acknowledged_at"])
    except mail.TRANSIENT_ERRORS as error:
        mail.retry_later(
            inquiry_acknowledge, error, attempt=attempt, what=f"Acknowledgement of inquiry {pk}", args=(pk,)
        )
    return True


# --- the unit's decisions on a possible duplicate ----------------------------------------------------


def _require(actor, capability):
    if not can(actor, capability):
        raise PermissionDenied


@transaction.atomic
def inquiry_same_organisation(*, actor, inquiry: OpportunityInquiry) -> OpportunityInquiry:
    """The unit says the prospect the inquiry created IS the known organisation: the interaction (with
    its follow-up), the contact and the inquiry move to the known one; the prospect, left empty, is
    removed (it only ever held what the inquiry brought); a prospect that meanwhile received other
    records is kept, dormant, with a note pointing to the known organisation."""
    _require(actor, "promotion.edit")
    locked = OpportunityInquiry.objects.select_for_update().get(pk=inquiry.pk)
    if (
        locked.resolution != OpportunityInquiry.Resolution.POSSIBLE_DUPLICATE
        or not locked.possible_duplicate_id
    ):
        raise ValidationError(_("This inquiry has no possible duplicate to check."))
    known = Organisation.objects.get(pk=locked.possible_duplicate_id)
    prospect = Organisation.objects.select_for_update().get(pk=locked.organisation_id)
    interaction = locked.interaction
    moved_contacts = []
    for contact in list(interaction.contacts.all()):
        if contact.organisation_id != prospect.pk:
            continue
        same = known.contacts.filter(email__iexact=contact.email).first() if contact.email else None
        if same:
            interaction.contacts.remove(contact)
            interaction.contacts.add(same)
            gone = contact.pk
            contact.delete()
            search.unindex("contact", gone)
        else:
            contact.organisation = known
            contact.is_primary = False
            contact.save(update_fields=["organisation", "is_primary"])
            moved_contacts.append(contact.pk)
    Interaction.objects.filter(pk=interaction.pk).update(organisation=known)
    locked.organisation = known
    locked.resolution = OpportunityInquiry.Resolution.MERGED
    locked.save(update_fields=["organisation", "resolution"])
    prospect_pk = prospect.pk
    empty = (
        not prospect.interactions.exists()
        and not prospect.contacts.exists()
        and not prospect.opportunity_inquiries.exists()
    )
    removed = False
    if empty:
        try:
            with transaction.atomic():
                audit.record(
                    actor=actor,
                    action="organisation.delete",
                    obj=prospect,
                    before=audit.snapshot(prospect, ["model", "legal_type", "country", "stage"]),
                    reason=_("Duplicate of organisation #%(pk)s (inquiry %(reference)s)")
                    % {"pk": known.pk, "reference": locked.reference},
                )
                prospect.delete()
            removed = True
            search.unindex("organisation", prospect_pk)
        except ProtectedError:
            removed = False
    if not removed:
        before = {"stage": prospect.stage}
        prospect = Organisation.objects.get(pk=prospect_pk)
        prospect.stage = Organisation.Stage.DORMANT
        note = _("Duplicate of organisation #%(pk)s (inquiry %(reference)s).") % {
            "pk": known.pk,
            "reference": locked.reference,
        }
        prospect.internal_notes = f"{prospect.internal_notes}\n{note}".strip()
        prospect.version += 1
        prospect.save(update_fields=["stage", "internal_notes", "version", "updated_at"])
        audit.record(
            actor=actor,
            action="organisation.update",
            obj=prospect,
            before=before,
            after={"stage": prospect.stage},
        )
    audit.record(
        actor=actor,
        action="opportunity_inquiry.same_organisation",
        obj=locked,
        before={"organisation": prospect_pk, "resolution": OpportunityInquiry.Resolution.POSSIBLE_DUPLICATE},
        after={
            "organisation": known.pk,
            "resolution": locked.resolution,
            "interaction": interaction.pk,
            "follow_up": locked.follow_up_id,
            "contacts_moved": moved_contacts,
            "prospect": "removed" if removed else "dormant",
        },
    )
    return locked


@transaction.atomic
def inquiry_different_organisations(*, actor, inquiry: OpportunityInquiry) -> OpportunityInquiry:
    """The unit says the prospect and the possibly duplicated organisation are different: the flag
    is cleared, both stay."""
    _require(actor, "promotion.edit")
    locked = OpportunityInquiry.objects.select_for_update().get(pk=inquiry.pk)
    if locked.resolution != OpportunityInquiry.Resolution.POSSIBLE_DUPLICATE:
        raise ValidationError(_("This inquiry has no possible duplicate to check."))
    before = {"resolution": locked.resolution, "possible_duplicate": locked.possible_duplicate_id}
    locked.resolution = OpportunityInquiry.Resolution.CONFIRMED_SEPARATE
    locked.save(update_fields=["resolution"])
    audit.record(
        actor=actor,
        action="opportunity_inquiry.different_organisations",
        obj=locked,
        before=before,
        after={"resolution": locked.resolution},
    )
    return locked
