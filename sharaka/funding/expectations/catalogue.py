"""URL expectations of the funding catalogue pages (merged by funding/url_expectations.py).

The commune's staff read the catalogue and the needs; the unit (administrator, cooperation officer)
keeps the catalogue; prefecture and partner viewers get 404 (the calls the commune hunts are its
own business); anonymous visitors are sent to sign in.
"""

import datetime

from sharaka.core.testing import expect, page, pdf_upload, wrote
from sharaka.funding.testing import world_funding

READERS = expect(200, prefecture=404, partner_viewer=404)
EDITORS = expect(403, administrator=200, cooperation_officer=200, prefecture=404, partner_viewer=404)
POST_EDITORS = expect(
    403, administrator=wrote(), cooperation_officer=wrote(), prefecture=404, partner_viewer=404
)


def _call(w):
    return {"pk": world_funding(w)["lead_call"].pk}


def _document(w):
    from django.core.files.base import ContentFile

    from sharaka.funding.models import CallDocument

    call = world_funding(w)["lead_call"]
    document = CallDocument.objects.filter(call=call).first() or CallDocument.objects.create(
        call=call,
        title="Lignes directrices",
        file=ContentFile(b"%PDF-1.4 guidelines", name="guidelines.pdf"),
        content_type="application/pdf",
        size=19,
        sha256="0" * 64,
        uploaded_by=w.personas.officer,
    )
    return {"pk": call.pk, "document_pk": document.pk}


URLS = {
    "funding_calls": (lambda w: world_funding(w) and {}, READERS),
    "funding_call": (_call, READERS),
    "funding_call_add": (None, EDITORS),
    "funding_call_edit": (_call, EDITORS),
    "funding_call_document_upload": (_call, EDITORS),
    "funding_call_document": (_document, READERS),
    "funding_needs": (lambda w: world_funding(w) and {}, READERS),
    # POST only.
    "funding_call_archive": (_call, expect(405)),
}

POSTS = {
    "funding_call_add": (
        page(
            lambda w: {
                "funder": str(w.organisation.pk),
                "title_fr": "Fonds pour l'eau (test)",
                "languages": ["fr"],
                "currency": "EUR",
                "commune_role": "lead",
                "family": "short",
                "cofinancing_counts": "cash_in_kind",
                "full_proposal_deadline": (datetime.date(2027, 3, 1)).isoformat(),
            }
        ),
        POST_EDITORS,
    ),
    "funding_call_edit": (page(lambda w: {"programme": "Petites subventions 2027"}), POST_EDITORS),
    "funding_call_archive": (lambda w: {"reason": "Le programme est clos"}, POST_EDITORS),
    "funding_call_document_upload": (
        page(lambda w: {"title": "Formulaire", "file": pdf_upload()}),
        POST_EDITORS,
    ),
}
GET_ONLY = {"funding_calls", "funding_call", "funding_call_document", "funding_needs"}
