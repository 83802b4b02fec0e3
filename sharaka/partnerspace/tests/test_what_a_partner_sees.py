"""What a partner viewer sees of its agreements, obligations, follow-ups, documents and threads, and
that it sees nothing of another partner's: written out here, never read from the code."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db

# (what, seen by UNDP's viewer, seen by OTH's viewer)
AGREEMENT_PAGE = [
    ("Convention eau potable", True, True),  # both are parties
    # Amounts as the Arabic page writes them: a bare "111" could also be part of a random token.
    ("111.111,00", True, False),  # UNDP's cash (111,111 EUR): its own line
    ("777.777,00", False, True),  # OTH's cash: another funder's line
    ("Secret in-kind of OTH", False, True),
    ("300.000,00", True, True),  # the commune's own contribution
    ("Rapport annuel", True, True),  # the agreement's own obligation
    ("Appel de fonds UNDP", True, False),
    ("Appel de fonds OTH", False, True),
    ("Décision du conseil", True, True),  # an act of the agreement
    ("Projet de convention en négociation", False, False),  # the draft under negotiation: internal
    ("Rapport financier OTH", False, True),  # OTH's accepted report
]


@pytest.mark.parametrize(("text", "undp", "oth"), AGREEMENT_PAGE)
def test_each_party_reads_its_share_of_the_agreement_and_no_more(client, space, text, undp, oth):
    url = reverse("partnerspace:agreement", args=[space.agreement.pk])
    for viewer, expected in (
        (space.world.personas.partner_viewer, undp),
        (space.world.personas.outsider_partner_viewer, oth),
    ):
        client.force_login(viewer)
        html = client.get(url).content.decode()
        assert (text in html) is expected, (viewer.username, text)


# (page, UNDP's viewer, OTH's viewer)
def _pages(space):
    return [
        (reverse("partnerspace:agreement", args=[space.agreement.pk]), 200, 200),
        (reverse("partnerspace:agreement", args=[space.other_agreement.pk]), 404, 200),
        (reverse("partnerspace:submit", args=[space.yearly.pk]), 200, 200),
        (reverse("partnerspace:submit", args=[space.own_call.pk]), 200, 404),
        (reverse("partnerspace:submit", args=[space.other_call.pk]), 404, 200),
        (reverse("partnerspace:submit", args=[space.other_only.pk]), 404, 200),
        (reverse("partnerspace:document", args=[space.agreement.pk, space.decision.pk]), 200, 200),
        (reverse("partnerspace:document", args=[space.agreement.pk, space.draft.pk]), 404, 404),
        (reverse("partnerspace:document", args=[space.agreement.pk, space.other_report_doc.pk]), 404, 200),
        (reverse("partnerspace:project_thread", args=[space.world.project.pk]), 200, 404),
        (reverse("partnerspace:project_thread", args=[space.other_project.pk]), 404, 200),
        (reverse("partnerspace:project_thread", args=[space.world.private_project.pk]), 404, 404),
        (reverse("partnerspace:review"), 404, 404),
        # The staff pages of the agreement: the page sends a party to its own view, the rest stay shut.
        (reverse("agreement_detail", args=[space.agreement.pk]), 302, 302),
        (reverse("agreement_detail", args=[space.other_agreement.pk]), 404, 302),
        (reverse("agreement_edit", args=[space.agreement.pk]), 404, 404),
        (reverse("agreement_draft", args=[space.agreement.pk]), 404, 404),
        (reverse("agreement_document_download", args=[space.agreement.pk, space.decision.pk]), 404, 404),
    ]


def test_each_partner_opens_its_own_pages_and_none_of_the_other(client, space):
    wrong = []
    for url, undp, oth in _pages(space):
        for viewer, expected in (
            (space.world.personas.partner_viewer, undp),
            (space.world.personas.outsider_partner_viewer, oth),
        ):
            client.force_login(viewer)
            got = client.get(url).status_code
            if got != expected:
                wrong.append(f"{viewer.username} {url}: {got}, expected {expected}")
    assert not wrong, "\n".join(wrong)


def test_the_agreement_page_sends_a_party_to_its_own_view(client, space):
    client.force_login(space.world.personas.partner_viewer)
    response = client.get(reverse("agreement_detail", args=[space.agreement.pk]))
    assert response.url == reverse("partnerspace:agreement", args=[space.agreement.pk])


# (what, on UNDP's home, on OTH's home)
HOME = [
    ("Convention eau potable", True, True),
    ("Accord OTH seul", False, True),
    ("Rapport annuel", True, True),
    ("Appel de fonds UNDP", True, False),
    ("Appel de fonds OTH", False, True),
    ("Envoyer la note conceptuelle", True, False),  # the world's follow-up with UNDP
    ("Relancer OTH", False, True),
    ("AOU-T-009", False, True),  # OTH's project, for its thread
]


def test_each_home_lists_what_concerns_its_organisation(client, space):
    wrong = []
    for viewer, column in (
        (space.world.personas.partner_viewer, 1),
        (space.world.personas.outsider_partner_viewer, 2),
    ):
        client.force_login(viewer)
        html = client.get(reverse("partnerspace:home")).content.decode()
        for row in HOME:
            if (row[0] in html) is not row[column]:
                wrong.append(f"{viewer.username}: {row[0]!r} shown={row[0] in html}")
    assert not wrong, wrong


def test_the_home_costs_the_same_queries_for_one_obligation_or_many(client, space):
    import datetime

    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from sharaka.agreements.models import Obligation

    client.force_login(space.world.personas.partner_viewer)
    url = reverse("partnerspace:home")
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for i in range(5):
        Obligation.objects.create(
            agreement=space.agreement, kind="event", title=f"Visite {i}", due_on=datetime.date(2027, 5, i + 1)
        )
    with CaptureQueriesContext(connection) as many:
        client.get(url)
    assert len(many) == len(few)


def test_a_partner_viewer_without_an_organisation_sees_no_workspace(client, space):
    from sharaka.core.roles import Role
    from sharaka.core.testing import make_user

    client.force_login(make_user("loose", Role.PARTNER_VIEWER))
    assert client.get(reverse("partnerspace:home")).status_code == 404
    assert client.get(reverse("agreement_detail", args=[space.agreement.pk])).status_code == 404
