"""Expected status per role of the inquiries pages of the promotion app (merged by promotion/url_expectations.py).

The inquiry form and its thanks answer everyone (a public page of the portal); the unit's pages are
read by the commune's staff (promotion.view) and acted on by the unit (promotion.edit); partners and
the prefecture get 404, anonymous visitors are sent to sign in.
"""

from sharaka.core.testing import expect, wrote

PUBLIC = expect(200, anonymous=200)
READERS = expect(200, prefecture=404, partner_viewer=404)
UNIT_POST = expect(
    403,
    administrator=wrote(),
    cooperation_officer=wrote(),
    prefecture=404,
    partner_viewer=404,
)


def _once(w, key, make):
    if key not in w.extra:
        w.extra[key] = make()
    return w.extra[key]


def _opportunity(w):
    def make():
        from django.utils import timezone

        from sharaka.promotion.models import Opportunity

        return Opportunity.objects.create(
            code="walk-inquiry-surf",
            kind="tourism",
            title_fr="École de surf à Tamraght",
            title_ar="مدرسة ركوب الأمواج بتامراغت",
            partner_sought="investor",
            status="open",
            owner=w.personas.officer,
            published_at=timezone.now(),
        )

    return _once(w, "promotion_inquiry_opportunity", make)


def _inquiry(w):
    """An inquiry flagged as a possible duplicate of a known organisation (same e-mail domain)."""

    def make():
        from sharaka.partners.models import Organisation
        from sharaka.promotion.inquiries import inquiry_submit

        Organisation.objects.create(
            name_fr="Fondation Atlas Vagues",
            model="foundation",
            legal_type="foreign_private",
            country="FR",
            website="https://www.atlas-vagues.example",
        )
        return inquiry_submit(
            opportunity=_opportunity(w),
            name="Claire Martin",
            organisation_name="Atlas Vagues Europe",
            country="FR",
            email="claire@atlas-vagues.example",
            message="Nous aimerions en savoir plus sur ce projet.",
            language="fr",
            address="198.51.100.7",
        )

    return _once(w, "promotion_inquiry", make)


URLS = {
    "showcase:inquire": (lambda w: {"code": _opportunity(w).code}, PUBLIC),
    "showcase:inquiry_sent": (
        lambda w: {"code": _inquiry(w).opportunity.code, "reference": _inquiry(w).reference},
        PUBLIC,
    ),
    "promotion:inquiries": (None, READERS),
    "promotion:inquiry": (lambda w: {"pk": _inquiry(w).pk}, READERS),
}
POSTS = {
    # Anyone may inquire, signed in or not: the inquiry lands in the CRM and the ledger grows.
    "showcase:inquire": (
        lambda w: {
            "name": "Hans Weber",
            "organisation_name": "Surfreisen Weber GmbH",
            "kind": "company",
            "country": "DE",
            "email": "hans@surfreisen-weber.example",
            "message": "Wir interessieren uns für dieses Projekt.",
            "website": "",
        },
        expect(wrote(), anonymous=wrote()),
    ),
    "promotion:inquiry": (lambda w: {"decision": "different"}, UNIT_POST),
}
GET_ONLY = {"showcase:inquiry_sent", "promotion:inquiries"}
