"""The sections a proposal may have, by key. A call's stages limit words per key
(`CallStage.word_limits`); the proposal builder (proposals.py) decides which sections each template
family (EU, UN, short form) uses and in what order, and how each is first drafted from the
project's data."""

from django.utils.translation import gettext_lazy as _

SECTIONS = {
    "summary": _("Summary"),
    "problem": _("Problem and context"),
    "objectives": _("Objectives"),
    "results": _("Expected results and indicators"),
    "activities": _("Activities and timeline"),
    "budget": _("Budget and co-financing"),
    "sustainability": _("Sustainability and exit strategy"),
    "risks": _("Risks and mitigation"),
    "partners": _("Partners and their roles"),
    "record": _("The commune's record"),
}
SECTION_KEYS = tuple(SECTIONS)
