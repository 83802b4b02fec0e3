"""Expected status of every named URL of the iati app, per role (core/tests/test_url_access.py).

The commune's staff read what donors fund (the unit's internal reading, like the funding catalogue);
the unit (administrator, cooperation officer) imports files and decides proposed matches; the
prefecture and partner viewers get 404; anonymous visitors are sent to sign in.
"""

from django.core.files.uploadedfile import SimpleUploadedFile

from sharaka.core.testing import expect, page, wrote
from sharaka.iati.testing import world_iati
from sharaka.iati.tests.samples import ACTIVITY_201, activity_file

READERS = expect(200, prefecture=404, partner_viewer=404)
POST_UNIT = expect(
    403, administrator=wrote(), cooperation_officer=wrote(), prefecture=404, partner_viewer=404
)


def _world(w):
    world_iati(w)
    return {}


def _pk(key):
    return lambda w: {"pk": world_iati(w)[key].pk}


def _decision(w):
    return {"version": str(world_iati(w)["proposal"].version)}


def _file(w):
    return {
        "file": SimpleUploadedFile("afd.xml", activity_file(ACTIVITY_201), content_type="application/xml")
    }


URLS = {
    "iati_home": (_world, READERS),
    "iati_donor": (_pk("donor"), READERS),
    "iati_area": (lambda w: world_iati(w) and {"code": "water_energy"}, READERS),
    "iati_activity": (_pk("activity"), READERS),
    "iati_imports": (_world, READERS),
    "iati_import": (_pk("run"), READERS),
    "iati_matches": (_world, READERS),
    # POST only.
    "iati_import_url": (None, expect(405)),
    "iati_match_confirm": (_pk("proposal"), expect(405)),
    "iati_match_reject": (_pk("proposal"), expect(405)),
}

POSTS = {
    # Staff who may only read see the page without the form: their POST is refused (403).
    "iati_imports": (page(_file), POST_UNIT),
    # The address is checked and the run recorded; the worker's fetch runs after the commit.
    "iati_import_url": (lambda w: {"url": "https://iati.example.org/activities.xml"}, POST_UNIT),
    "iati_match_confirm": (_decision, POST_UNIT),
    "iati_match_reject": (_decision, POST_UNIT),
}
GET_ONLY = {"iati_home", "iati_donor", "iati_area", "iati_activity", "iati_import", "iati_matches"}
