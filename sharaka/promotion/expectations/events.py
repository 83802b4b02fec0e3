"""Expected status per role of the events pages of the promotion app (merged by promotion/url_expectations.py).

The commune's staff read events and sponsors; the unit (administrator, cooperation officer) records
them; the prefecture and partner viewers get 404; anonymous visitors are sent to sign in. The public
pages (events, an event, the brochure) answer everyone.
"""

import datetime
from decimal import Decimal

from sharaka.core.testing import expect, page, wrote

READERS = expect(200, prefecture=404, partner_viewer=404)
EDITORS = expect(403, administrator=200, cooperation_officer=200, prefecture=404, partner_viewer=404)
POST_EDITORS = expect(
    403, administrator=wrote(), cooperation_officer=wrote(), prefecture=404, partner_viewer=404
)
PUBLIC = expect(200, anonymous=200)


def world_events(w) -> dict:
    """A published event with a paying sponsor and a partner bringing nothing, and a draft event; once."""
    if "promotion_events" not in w.extra:
        from django.utils import timezone

        from sharaka.promotion.models import Event, Sponsorship

        titles = {"title_ar": "مهرجان أورير", "title_fr": "Festival d'Aourir", "title_en": "Aourir festival"}
        published = Event.objects.create(
            **titles,
            starts_on=datetime.date(2027, 7, 10),
            ends_on=datetime.date(2027, 7, 12),
            published_at=timezone.now(),
        )
        draft = Event.objects.create(
            **{k: f"{v} 2028" for k, v in titles.items()},
            starts_on=datetime.date(2028, 7, 10),
            ends_on=datetime.date(2028, 7, 12),
        )
        paid = Sponsorship.objects.create(
            event=published,
            organisation=w.organisation,
            amount=Decimal("20000.00"),
            agreed_on=datetime.date(2027, 5, 1),
            given_back="Logo",
            recorded_by=w.personas.officer,
        )
        nothing = Sponsorship.objects.create(
            event=published,
            organisation=w.other_organisation,
            role=Sponsorship.Role.PARTNER,
            agreed_on=datetime.date(2027, 5, 1),
            recorded_by=w.personas.officer,
        )
        w.extra["promotion_events"] = {
            "published": published,
            "draft": draft,
            "paid": paid,
            "nothing": nothing,
        }
    return w.extra["promotion_events"]


def _event(w):
    return {"pk": world_events(w)["published"].pk}


def _draft(w):
    return {"pk": world_events(w)["draft"].pk}


def _paid(w):
    found = world_events(w)
    return {"pk": found["published"].pk, "sponsorship_pk": found["paid"].pk}


def _nothing(w):
    found = world_events(w)
    return {"pk": found["published"].pk, "sponsorship_pk": found["nothing"].pk}


URLS = {
    "promotion:events": (lambda w: world_events(w) and {}, READERS),
    "promotion:event": (_event, READERS),
    "promotion:event_add": (None, EDITORS),
    "promotion:event_edit": (_event, EDITORS),
    "promotion:sponsorship_add": (_event, EDITORS),
    "promotion:sponsorship_edit": (_paid, EDITORS),
    # POST only.
    "promotion:event_publish": (_draft, expect(405)),
    "promotion:event_unpublish": (_event, expect(405)),
    "promotion:event_archive": (_event, expect(405)),
    "promotion:sponsorship_remove": (_nothing, expect(405)),
    # public
    "showcase:events": (lambda w: world_events(w) and {}, PUBLIC),
    "showcase:event": (_event, PUBLIC),
    "showcase:brochure": (None, PUBLIC),
}

POSTS = {
    "promotion:event_add": (
        page(lambda w: {"title_fr": "Festival du miel", "starts_on": "2027-08-01", "ends_on": "2027-08-03"}),
        POST_EDITORS,
    ),
    "promotion:event_edit": (page(lambda w: {"place": "Place du souk"}), POST_EDITORS),
    "promotion:event_publish": (None, POST_EDITORS),
    "promotion:event_unpublish": (lambda w: {"unpublish-reason": "Dates à confirmer"}, POST_EDITORS),
    "promotion:event_archive": (lambda w: {"archive-reason": "Doublon"}, POST_EDITORS),
    "promotion:sponsorship_add": (
        page(
            lambda w: {
                "organisation": str(w.other_organisation.pk),
                "role": "sponsor",
                "amount": "15000",
                "currency": "MAD",
                "agreed_on": "2027-05-02",
            }
        ),
        POST_EDITORS,
    ),
    "promotion:sponsorship_edit": (page(lambda w: {"given_back": "Un stand"}), POST_EDITORS),
    "promotion:sponsorship_remove": (lambda w: {"remove-reason": "Saisi par erreur"}, POST_EDITORS),
}
GET_ONLY = {"promotion:events", "promotion:event", "showcase:events", "showcase:event", "showcase:brochure"}
