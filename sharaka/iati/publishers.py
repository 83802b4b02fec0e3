"""Organisations named in IATI files, and the commune's partners they are.

- A partner with the same IATI organisation identifier *is* the organisation: linked at once.
- A partner whose name or acronym, normalised (lib.text.normalize), is one of the organisation's
  names is only *proposed*: the unit confirms (the partner then takes the identifier) or rejects it
  on the matches page. Nothing is merged silently.
- A funder (reporting organisation, funding or extending role) that matches no partner becomes a new
  partner at the *prospect* stage, created through the partners' own service (validation, ledger,
  search), with its model and legal type read from its IATI organisation type and its country from
  its identifier where the identifier names one. Implementers and others stay IATI organisations:
  a file naming hundreds of contractors must not fill the partner list.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from sharaka.core import audit, codelists
from sharaka.core.services import check_version
from sharaka.iati.models import Publisher
from sharaka.lib.text import normalize
from sharaka.partners import services as partner_services
from sharaka.partners.models import Organisation
from sharaka.partners.validators import IATI_ORGANISATION_IDENTIFIER

# Roles (IATI OrganisationRole) of the organisations that fund: they become prospects.
FUNDING_ROLES = ("1", "3")
REPORTING = "reporting"
ISO_COUNTRIES = {code for code, _name in codelists.country_choices()}

M = Organisation.Model
L = Organisation.LegalType
# IATI OrganisationType -> (partnership model, legal type), for an organisation seated abroad.
TYPE_MAP = {
    "10": (M.BILATERAL_AGENCY, L.FOREIGN_PUBLIC_AGENCY),
    "11": (M.FOREIGN_LOCAL_GOVERNMENT, L.FOREIGN_LOCAL_AUTHORITY),
    "15": (M.BILATERAL_AGENCY, L.FOREIGN_PUBLIC_AGENCY),
    "21": (M.INTERNATIONAL_NGO, L.FOREIGN_PRIVATE),
    "22": (M.INTERNATIONAL_NGO, L.FOREIGN_PRIVATE),
    "23": (M.INTERNATIONAL_NGO, L.FOREIGN_PRIVATE),
    "24": (M.INTERNATIONAL_NGO, L.FOREIGN_PRIVATE),
    "30": (M.PRIVATE_COMPANY, L.FOREIGN_PRIVATE),
    "40": (M.UN_AGENCY, L.INTERGOVERNMENTAL),
    "60": (M.FOUNDATION, L.FOREIGN_PRIVATE),
    "70": (M.PRIVATE_COMPANY, L.FOREIGN_PRIVATE),
    "71": (M.PRIVATE_COMPANY, L.FOREIGN_PRIVATE),
    "72": (M.PRIVATE_COMPANY, L.FOREIGN_PRIVATE),
    "73": (M.PRIVATE_COMPANY, L.FOREIGN_PRIVATE),
    "80": (M.INTERNATIONAL_NGO, L.FOREIGN_PRIVATE),
}
# Multilateral development banks (DAC channel codes 44xxx, 46xxx): World Bank, AfDB, IsDB...
BANK_PREFIXES = ("XM-DAC-44", "XM-DAC-46", "XM-DAC-47")
EU_PREFIXES = ("XI-IATI-EC", "XM-DAC-918")


def country_of(ref: str) -> str:
    """The country an identifier names (GB-GOV-1, FR-6, MA-...), or "" (XM-DAC-..., XI-IATI-...)."""
    prefix = ref[:2]
    return prefix if len(ref) > 2 and ref[2] == "-" and prefix in ISO_COUNTRIES else ""


def partner_kind(ref: str, iati_type: str) -> tuple[str, str]:
    """(model, legal type) of a new prospect. A government (type 10) is recorded as a foreign public
    agency, never as a foreign State: that legal type can never be changed afterwards, and the unit
    decides it (law 113-14 art. 86 and 146), not a file."""
    if ref.startswith(EU_PREFIXES):
        return M.EU, L.INTERGOVERNMENTAL
    if ref.startswith(BANK_PREFIXES):
        return M.DEVELOPMENT_BANK, L.INTERGOVERNMENTAL
    if country_of(ref) == "MA":
        if iati_type in ("10", "11", "15"):
            return M.NATIONAL_PUBLIC_BODY, L.MOROCCAN_PUBLIC
        return M.LOCAL_ASSOCIATION, L.MOROCCAN_PRIVATE
    return TYPE_MAP.get(iati_type, (M.INTERNATIONAL_NGO, L.FOREIGN_PRIVATE))


class Matcher:
    """Partners by identifier and by normalised name, read once per import."""

    def __init__(self):
        self.by_ref: dict[str, int] = {}
        self.by_name: dict[str, int] = {}
        rows = Organisation.objects.values_list(
            "pk", "iati_identifier", "name_ar", "name_fr", "name_en", "acronym"
        )
        for pk, ref, *names in rows:
            if ref:
                self.by_ref.setdefault(ref.upper(), pk)
            for name in names:
                key = normalize(name)
                if len(key) >= 2:
                    self.by_name.setdefault(key, pk)

    def by_identifier(self, ref: str) -> int | None:
        return self.by_ref.get(ref.upper())

    def by_names(self, names: dict) -> int | None:
        for name in names.values():
            pk = self.by_name.get(normalize(name))
            if pk:
                return pk
        return None

    def add(self, pk: int, ref: str, names: dict) -> None:
        self.by_ref.setdefault(ref.upper(), pk)
        for name in names.values():
            self.by_name.setdefault(normalize(name), pk)


def prospect_data(ref: str, iati_type: str, names: dict) -> dict:
    model, legal_type = partner_kind(ref, iati_type)
    return {
        "name_ar": names.get("ar", "")[:200],
        "name_fr": names.get("fr", "")[:200],
        "name_en": (names.get("en") or ("" if names.get("ar") or names.get("fr") else _any(names)))[:200],
        "model": model,
        "legal_type": legal_type,
        "iati_identifier": ref,
        "iati_type": iati_type if codelists.is_code("OrganisationType", iati_type) else "",
        "country": country_of(ref),
        "stage": Organisation.Stage.PROSPECT,
    }


def _any(names: dict) -> str:
    return next((name for name in names.values() if name), "")


def may_become_partner(ref: str, names: dict) -> bool:
    return bool(IATI_ORGANISATION_IDENTIFIER.match(ref)) and bool(_any(names))


@transaction.atomic
def confirm_match(*, actor, publisher: Publisher, expected_version: int) -> Publisher:
    """The unit says the proposed partner is this organisation: linked, and the partner takes the
    identifier when it had none."""
    publisher = Publisher.objects.select_for_update().get(pk=publisher.pk)
    check_version(publisher, expected_version)
    partner = publisher.proposed_partner
    if partner is None:
        raise ValidationError("no-proposal")
    if not partner.iati_identifier:
        partner_services.organisation_update(
            actor=actor,
            organisation=partner,
            data={"iati_identifier": publisher.ref},
            expected_version=partner.version,
        )
    publisher.partner, publisher.proposed_partner = partner, None
    publisher.version += 1
    publisher.save()
    audit.record(
        actor=actor,
        action="iati.match.confirm",
        obj=publisher,
        after={"ref": publisher.ref, "partner": partner.pk, "at": timezone.now().isoformat()},
    )
    return publisher


@transaction.atomic
def reject_match(*, actor, publisher: Publisher, expected_version: int) -> Publisher:
    publisher = Publisher.objects.select_for_update().get(pk=publisher.pk)
    check_version(publisher, expected_version)
    if publisher.proposed_partner_id is None:
        raise ValidationError("no-proposal")
    before = {"proposed_partner": publisher.proposed_partner_id}
    publisher.proposed_partner, publisher.proposal_rejected = None, True
    publisher.version += 1
    publisher.save()
    audit.record(
        actor=actor, action="iati.match.reject", obj=publisher, before=before, after={"ref": publisher.ref}
    )
    return publisher
