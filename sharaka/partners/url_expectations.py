"""Expected status of every named URL of the partners app, per role (see core/tests/test_url_access.py).

Readers: the commune's staff (partners.view). Editors: administrator and cooperation officer
(partners.edit). Interactions are also logged by project managers. A partner viewer reads its own
organisation's page only (w.organisation), never the commune's timeline, negotiation log or minutes.
Prefecture services see no partner at all.
"""

from django.core.files.base import ContentFile

from sharaka.core.testing import expect, page, pdf_upload, wrote

READ_ONLY = {"finance_officer": 403, "president": 403, "council_member": 403, "auditor": 403}


def own(w):
    return {"pk": w.organisation.pk}


def _with_minutes(w):
    """The world's negotiation round, given a minutes file so that the download has something to serve."""
    if not w.negotiation_round.minutes:
        w.negotiation_round.minutes.save("minutes.pdf", ContentFile(b"%PDF-1.4 minutes"), save=True)
    return {"pk": w.organisation.pk, "round_pk": w.negotiation_round.pk}


def _with_file(w):
    """A file kept with the world's interaction, so that the download has something to serve."""
    from sharaka.partners.models import InteractionAttachment

    attachment = InteractionAttachment.objects.filter(interaction=w.interaction).first()
    if attachment is None:
        attachment = InteractionAttachment(
            interaction=w.interaction,
            name="compte-rendu.pdf",
            content_type="application/pdf",
            size=16,
            sha256="0" * 64,
            uploaded_by=w.personas.officer,
        )
        attachment.file.save("compte-rendu.pdf", ContentFile(b"%PDF-1.4 minutes"), save=True)
    return {"pk": w.organisation.pk, "interaction_pk": w.interaction.pk, "attachment_pk": attachment.pk}


URLS = {
    "partner_list": (None, expect(200, prefecture=404)),
    "partner_create": (
        None,
        expect(200, prefecture=404, partner_viewer=404, project_manager=403, **READ_ONLY),
    ),
    "partner_detail": (own, expect(200, prefecture=404)),
    # Another organisation than the partner viewer's own: hidden from it.
    "partner_edit": (
        lambda w: {"pk": w.other_organisation.pk},
        expect(200, prefecture=404, partner_viewer=404, project_manager=403, **READ_ONLY),
    ),
    "partner_contact_add": (
        own,
        expect(200, prefecture=404, partner_viewer=403, project_manager=403, **READ_ONLY),
    ),
    "partner_contact_edit": (
        lambda w: {"pk": w.organisation.pk, "contact_pk": w.contact.pk},
        expect(200, prefecture=404, partner_viewer=403, project_manager=403, **READ_ONLY),
    ),
    "partner_interaction_add": (
        own,
        expect(200, prefecture=404, partner_viewer=403, **READ_ONLY),
    ),
    "partner_follow_up_done": (
        lambda w: {"pk": w.organisation.pk, "follow_up_pk": w.follow_up.pk},
        expect(405),  # POST only
    ),
    "partner_negotiation_add": (
        own,
        expect(200, prefecture=404, partner_viewer=403, project_manager=403, **READ_ONLY),
    ),
    "partner_negotiation_minutes": (_with_minutes, expect(200, prefecture=404, partner_viewer=404)),
    # Files of an interaction: added by those who log interactions, read by the commune's staff.
    "partner_interaction_attach": (
        lambda w: {"pk": w.organisation.pk, "interaction_pk": w.interaction.pk},
        expect(200, prefecture=404, partner_viewer=403, **READ_ONLY),
    ),
    "partner_interaction_file": (_with_file, expect(200, prefecture=404, partner_viewer=404)),
}


# What a POST does, per role (core/tests/test_url_access.py): a status alone means nothing was
# written; wrote(...) means it succeeded and the ledger grew. Written out, never read from the code.
POST_EDITORS = expect(
    403,
    administrator=wrote(),
    cooperation_officer=wrote(),
    prefecture=404,
    partner_viewer=404,
)
POST_OWN_EDITORS = expect(403, administrator=wrote(), cooperation_officer=wrote(), prefecture=404)
POSTS = {
    "partner_create": (
        page(
            lambda w: {
                "name_fr": "Fondation de la marche",
                "acronym": "FDM",
                "model": "international_ngo",
                "legal_type": "foreign_private",
                "country": "FR",
            }
        ),
        POST_EDITORS,
    ),
    "partner_edit": (
        page(lambda w: {"name_fr": "Autre bailleur (révisé)", "iati_identifier": "XM-DAC-41301"}),
        POST_EDITORS,
    ),
    "partner_contact_add": (page(lambda w: {"name": "Youssef Amrani"}), POST_OWN_EDITORS),
    "partner_contact_edit": (page(lambda w: {"position": "Chargé de programme"}), POST_OWN_EDITORS),
    # Interactions are logged by the unit and by project managers too.
    "partner_interaction_add": (
        # No follow-up rows (the empty ones are each the signed-in user's by default).
        page(lambda w: {"subject": "Visite de terrain", "kind": "visit", "follow_up-TOTAL_FORMS": "0"}),
        expect(
            403,
            administrator=wrote(),
            cooperation_officer=wrote(),
            project_manager=wrote(),
            prefecture=404,
        ),
    ),
    "partner_negotiation_add": (
        page(lambda w: {"topic": "Calendrier", "our_position": "Trois tranches", "minutes": pdf_upload()}),
        POST_OWN_EDITORS,
    ),
    "partner_interaction_attach": (
        page(lambda w: {"attachments": pdf_upload("compte-rendu.pdf")}),
        expect(
            403,
            administrator=wrote(),
            cooperation_officer=wrote(),
            project_manager=wrote(),
            prefecture=404,
        ),
    ),
    # The world's follow-up belongs to the cooperation officer; those who log interactions close any.
    "partner_follow_up_done": (
        None,
        expect(
            403,
            administrator=wrote(),
            cooperation_officer=wrote(),
            project_manager=wrote(),
            prefecture=404,
            partner_viewer=404,
        ),
    ),
}
GET_ONLY = {"partner_list", "partner_detail", "partner_negotiation_minutes", "partner_interaction_file"}
