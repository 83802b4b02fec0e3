"""URL expectations of the funding proposals pages (merged by funding/url_expectations.py).

The world's application (`funding/testing.py`) is in drafting, of the world's project, which the
project-manager persona manages: the unit and that manager write its proposal, the other staff read
it (403 on writing), partners and the prefecture get 404. For reuse, an awarded application of
another project to a call in the same area, with a summary, is added once per test.
"""

from sharaka.core.testing import expect, wrote
from sharaka.funding.testing import world_funding


def _application(w):
    return {"pk": world_funding(w)["application"].pk}


def _section(w):
    return {"pk": world_funding(w)["application"].pk, "key": "summary"}


def _awarded_summary(w):
    """A section offered for reuse: the summary of an awarded application in the same area (water)."""
    if "funding_proposals" not in w.extra:
        from sharaka.core.testing import make_project
        from sharaka.funding.models import Application, ProposalSection

        found = world_funding(w)
        past = Application.objects.create(
            project=make_project(code="AOU-T-WON", title_fr="Projet primé"),
            call=found["co_call"],
            status="awarded",
            language="fr",
            created_by=w.personas.officer,
        )
        w.extra["funding_proposals"] = ProposalSection.objects.create(
            application=past, key="summary", text="Résumé d'un projet primé.", updated_by=w.personas.officer
        )
    return w.extra["funding_proposals"]


READERS = expect(200, prefecture=404, partner_viewer=404)
WRITERS = expect(
    403,
    administrator=wrote(),
    cooperation_officer=wrote(),
    project_manager=wrote(),  # the project's own manager
    prefecture=404,
    partner_viewer=404,
)

URLS: dict = {
    "funding_proposal": (_application, READERS),
    # The concept note as DOCX when nothing is chosen.
    "funding_proposal_download": (_application, READERS),
    # POST only.
    "funding_proposal_section": (_section, expect(405)),
    "funding_proposal_reuse": (_application, expect(405)),
}
POSTS: dict = {
    "funding_proposal_section": (
        lambda w: {"summary-text": "Résumé du projet", "summary-version": "0"},
        WRITERS,
    ),
    "funding_proposal_reuse": (lambda w: {"source": _awarded_summary(w).pk}, WRITERS),
}
GET_ONLY: set = {"funding_proposal", "funding_proposal_download"}
