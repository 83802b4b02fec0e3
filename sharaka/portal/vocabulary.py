"""The words other apps define that the portal prints, kept in the portal's catalogue for Tamazight.

Only the portal speaks Tamazight (`zgh`, in Tifinagh), and only the portal has a `zgh` catalogue.
Django merges every app's catalogue for the active language, and a string missing from all of them
falls back to Arabic (LANGUAGE_CODE). So the labels the portal shows from other apps (a project's
and an agreement's status, an agreement's kind, a partner's role, the seed's five objectives and
five cooperation areas) are listed here, with the very msgid of their model, for `makemessages` to
keep them in the portal's catalogue, where they are written in Tifinagh (and in Arabic, French and
English as in their own app). `tests/test_tamazight.py` fails when a label is missing here.

DAC sectors are a code list of hundreds of names, not gettext strings: on the Tamazight portal a
sector is named by its DAC category (the first three digits of its code), from `SECTOR_CATEGORIES`.
Every Tifinagh term is listed with its Arabic and French in docs/tamazight-terms.md for review by a
native speaker.
"""

from django.utils.translation import gettext_noop as _
from django.utils.translation import pgettext_lazy

# Project.status (sharaka/projects/models.py)
PROJECT_STATUSES = (
    _("Idea"),
    _("Concept note"),
    _("Proposal submitted"),
    _("Approved"),
    _("In implementation"),
    _("Completed"),
    _("Closed"),
    _("Rejected"),
    _("Abandoned"),
)
# Agreement.status and Agreement.kind as the register shows them (signed agreements only)
AGREEMENT_STATUSES = (
    pgettext_lazy("agreement status", "Signed"),
    pgettext_lazy("agreement status", "Published"),
    pgettext_lazy("agreement status", "Budgeted"),
    pgettext_lazy("agreement status", "In force"),
    pgettext_lazy("agreement status", "Closed"),
    pgettext_lazy("agreement status", "Terminated"),
    pgettext_lazy("agreement status", "Lapsed"),
)
AGREEMENT_KINDS = (
    _("Twinning agreement"),
    _("Decentralised-cooperation convention"),
    _("Cooperation or partnership convention (art. 149-151)"),
    _("Foreign financing agreement (art. 86)"),
    _("Memorandum of understanding or letter of intent"),
    _("Network membership (art. 92)"),
    _("Amendment"),
)
# ProjectPartner.role (IATI organisation roles)
PARTNER_ROLES = (_("Funding"), _("Accountable"), _("Extending"), _("Implementing"))
# sharaka/core/taxonomy.py
OBJECTIVES = (
    _("Strengthen local development"),
    _("Support infrastructure"),
    _("Strengthen local capacities"),
    _("Encourage sustainable development"),
    _("Cultural and tourism promotion"),
)
AREAS = (
    _("Water and energy management"),
    _("Environmental protection"),
    _("Social development"),
    _("Urban development"),
    _("Cultural promotion"),
)

# DAC 3-digit sector categories in Tifinagh (OECD DAC CRS purpose codes), for the categories of
# the sectors a commune's projects use; a sector of another category keeps its French name.
SECTOR_CATEGORIES = {
    "111": "ⴰⵙⴳⵎⵉ",  # Education, level unspecified
    "112": "ⴰⵙⴳⵎⵉ ⴰⵎⵣⵡⴰⵔⵓ",  # Basic education
    "113": "ⴰⵙⴳⵎⵉ ⴰⵙⵉⵏⴰⵏ",  # Secondary education
    "121": "ⵜⴰⴷⵓⵙⵉ",  # Health, general
    "122": "ⵜⴰⴷⵓⵙⵉ ⵜⴰⵎⵣⵡⴰⵔⵓⵜ",  # Basic health
    "140": "ⴰⵎⴰⵏ ⴷ ⵓⵙⵣⴷⴳ",  # Water supply and sanitation
    "151": "ⵜⴰⵏⴱⴰⴹⵜ ⴷ ⵓⵎⵓⵏ ⴰⵖⵔⵎⴰⵏ",  # Government and civil society
    "160": "ⵉⵎⵥⵍⴰ ⵉⵏⴰⵎⵓⵏⵏ",  # Other social infrastructure and services
    "210": "ⴰⵙⵎⵓⵜⵜⵢ",  # Transport and storage
    "231": "ⵜⴰⵣⵎⵔⵜ",  # Energy policy
    "232": "ⵜⴰⵣⵎⵔⵜ ⵜⴰⵎⴰⵢⵏⵓⵜ",  # Energy generation, renewable sources
    "311": "ⵜⴰⴼⵍⵍⴰⵃⵜ",  # Agriculture
    "313": "ⴰⵙⵙⵓⵎⵔ ⵏ ⵉⵙⵍⵎ",  # Fishing
    "321": "ⵜⴰⵙⵏⴰⵄⵜ",  # Industry
    "332": "ⴰⵎⵓⴷⴷⵓ",  # Tourism
    "410": "ⴰⵃⴹⴰ ⵏ ⵜⵡⵏⴰⴹⵜ",  # General environment protection
    "430": "ⵜⴰⵏⴼⵍⵉ ⵜⴰⴷⵖⴰⵔⵜ",  # Other multisector (urban and rural development)
    "740": "ⴰⵙⵡⵓⴷⴷⵓ ⵏ ⵜⵔⴳⴰⵍⵉⵏ",  # Disaster prevention and preparedness
}


def sector_label(sector, language: str) -> str:
    """A project's DAC sector as the portal names it: by its category in Tamazight, else its label."""
    if language == "zgh" and sector.code[:3] in SECTOR_CATEGORIES:
        return SECTOR_CATEGORIES[sector.code[:3]]
    return sector.label
