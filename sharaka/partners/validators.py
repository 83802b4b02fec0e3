"""Checks on the shape of partner data that the database cannot express."""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

# IATI organisation identifiers: a registration agency code then the organisation's id in it,
# e.g. XM-DAC-41114, GB-CHC-1081247, XI-IATI-EC_INTPA; or the older country-donor form (FR-6).
# Checked loosely: no whitespace, none of the characters IATI forbids (/ ? # &).
IATI_ORGANISATION_IDENTIFIER = re.compile(r"^(?:[A-Z]{2}-[A-Z0-9_]{1,20}-[^\s/?#&]+|[A-Z]{2}-[0-9]{1,4})$")


def validate_iati_identifier(value: str) -> None:
    if value and not IATI_ORGANISATION_IDENTIFIER.match(value):
        raise ValidationError(
            _(
                "This is not an IATI organisation identifier. Write the agency prefix in capitals, "
                "a hyphen, then the identifier, without spaces: for example XM-DAC-41114 or GB-CHC-1081247."
            ),
            code="iati_identifier",
        )
