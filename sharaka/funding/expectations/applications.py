"""URL expectations of the funding applications pages (merged by funding/url_expectations.py).

The world's application (`world_funding(w)["application"]`) is in drafting: the unit may submit or
withdraw it, the president withdraw it. The commune's other staff read it; partners and the
prefecture get 404.
"""

from sharaka.core.testing import expect, page, wrote
from sharaka.funding.testing import world_funding


def _application(w):
    return {"pk": world_funding(w)["application"].pk}


READERS = expect(200, prefecture=404, partner_viewer=404)
UNIT = expect(403, administrator=200, cooperation_officer=200, prefecture=404, partner_viewer=404)

URLS = {
    "funding_applications": (None, READERS),
    "funding_application": (_application, READERS),
    "funding_application_add": (None, UNIT),
    "funding_application_edit": (_application, UNIT),
    "funding_application_move": (_application, expect(405)),
}

POSTS = {
    # The world's private project applied to the call where the commune may lead.
    "funding_application_add": (
        page(
            lambda w: {
                "project": w.private_project.pk,
                "call": world_funding(w)["lead_call"].pk,
                "amount_requested": "30000",
            }
        ),
        expect(403, administrator=wrote(), cooperation_officer=wrote(), prefecture=404, partner_viewer=404),
    ),
    "funding_application_edit": (
        page(lambda w: {"lessons": "Joindre la délibération du conseil dès la note conceptuelle."}),
        expect(403, administrator=wrote(), cooperation_officer=wrote(), prefecture=404, partner_viewer=404),
    ),
    # Withdrawing is a reasoned decision of the unit or the president (pipeline.MOVES).
    "funding_application_move": (
        lambda w: {
            "to": "withdrawn",
            "reason": "Le projet sera présenté à un autre appel.",
            "version": str(world_funding(w)["application"].version),
        },
        expect(
            403,
            administrator=wrote(),
            cooperation_officer=wrote(),
            president=wrote(),
            prefecture=404,
            partner_viewer=404,
        ),
    ),
}
GET_ONLY = {"funding_applications", "funding_application"}
