"""Expected status per role of the catalogue pages of the promotion app (merged by promotion/url_expectations.py).

The world holds one opportunity, open and published, handled by the cooperation officer, with one
photo. The commune's staff read the unit's pages (`promotion.view`); the administrator and the
cooperation officer change them (`promotion.edit`); the prefecture and partners get 404; anyone
reads the public catalogue, signed in or not.
"""

from sharaka.core.testing import expect, page, wrote


def jpeg_bytes(size=(64, 48), colour=(200, 120, 40), exif=None) -> bytes:
    import io

    from PIL import Image

    out = io.BytesIO()
    image = Image.new("RGB", size, colour)
    if exif is not None:
        image.save(out, format="JPEG", exif=exif)
    else:
        image.save(out, format="JPEG")
    return out.getvalue()


def jpeg_upload(name="photo.jpg", **kwargs):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, jpeg_bytes(**kwargs), content_type="image/jpeg")


def world_opportunity(w):
    if "opportunity" not in w.extra:
        from django.core.files.base import ContentFile
        from django.utils import timezone

        from sharaka.promotion.models import Opportunity, Photo
        from sharaka.promotion.pipeline import PIPELINE

        opportunity = Opportunity.objects.create(
            code="surf-school-tamraght",
            kind=Opportunity.Kind.TOURISM,
            title_ar="مدرسة ركوب الأمواج في تامراغت",
            title_fr="École de surf de Tamraght",
            title_en="Tamraght surf school",
            summary_ar="مدرسة لركوب الأمواج للشباب.",
            summary_fr="Une école de surf pour les jeunes.",
            summary_en="A surf school for young people.",
            latitude="30.51000",
            longitude="-9.68000",
            estimated_cost="250000.00",
            currency="MAD",
            partner_sought=Opportunity.PartnerSought.INVESTOR,
            status=Opportunity.Status.OPEN,
            owner=w.personas.officer,
            published_at=timezone.now(),
        )
        PIPELINE.start(actor=w.personas.officer, obj=opportunity)
        photo = Photo(
            opportunity=opportunity,
            sha256="0" * 64,
            caption_fr="La plage",
            order=1,
            uploaded_by=w.personas.officer,
        )
        photo.image.save("beach.jpg", ContentFile(jpeg_bytes()), save=False)
        photo.width, photo.height = 64, 48
        photo.save()
        w.extra["opportunity"] = opportunity
        w.extra["opportunity_photo"] = photo
    return w.extra["opportunity"]


def _opportunity(w):
    return {"pk": world_opportunity(w).pk}


def _photo(w):
    world_opportunity(w)
    return {"pk": w.extra["opportunity_photo"].pk}


def _public(w):
    return {"code": world_opportunity(w).code}


def _public_photo(w):
    world_opportunity(w)
    return {**_public(w), "pk": w.extra["opportunity_photo"].pk, "size": "small"}


READ = expect(200, prefecture=404, partner_viewer=404)
EDIT = expect(403, administrator=200, cooperation_officer=200, prefecture=404, partner_viewer=404)
POST_ONLY = expect(405)
PUBLIC = expect(200, anonymous=200)

URLS = {
    "promotion:home": (None, READ),
    "promotion:opportunity": (_opportunity, READ),
    "promotion:opportunity_create": (None, EDIT),
    "promotion:opportunity_edit": (_opportunity, EDIT),
    "promotion:opportunity_move": (_opportunity, POST_ONLY),
    "promotion:opportunity_publish": (_opportunity, POST_ONLY),
    "promotion:opportunity_archive": (_opportunity, POST_ONLY),
    "promotion:photo_add": (_opportunity, EDIT),
    "promotion:photo": (_photo, READ),
    "promotion:photo_remove": (_photo, POST_ONLY),
    "promotion:photo_move": (_photo, POST_ONLY),
    "showcase:list": (None, PUBLIC),
    "showcase:detail": (_public, PUBLIC),
    "showcase:photo": (_public_photo, PUBLIC),
}

WRITES = expect(403, administrator=wrote(), cooperation_officer=wrote(), prefecture=404, partner_viewer=404)


def _new(w):
    return {
        "code": "banana-route",
        "kind": "tourism",
        "title_fr": "La route de la banane",
        "partner_sought": "investor",
        "currency": "MAD",
        "owner": w.personas.officer.pk,
    }


POSTS = {
    "promotion:opportunity_create": (_new, WRITES),
    # What the edit page's form holds (a published opportunity keeps what publishing requires), retitled.
    "promotion:opportunity_edit": (page(lambda w: {"title_fr": "École de surf de Tamraght (2027)"}), WRITES),
    "promotion:opportunity_move": (lambda w: {"to": "in_discussion"}, WRITES),
    "promotion:opportunity_publish": (lambda w: {"publish": "0"}, WRITES),
    "promotion:opportunity_archive": (lambda w: {"reason": "Offre retirée"}, WRITES),
    "promotion:photo_add": (
        lambda w: {"image": jpeg_upload(colour=(10, 90, 200)), "caption_fr": "Le port"},
        WRITES,
    ),
    "promotion:photo_remove": (None, WRITES),
    # The world's opportunity has one photo: there is nowhere to move it, so nothing is written.
    "promotion:photo_move": (
        lambda w: {"step": "1"},
        expect(403, administrator=302, cooperation_officer=302, prefecture=404, partner_viewer=404),
    ),
}

GET_ONLY = {
    "promotion:home",
    "promotion:opportunity",
    "promotion:photo",
    "showcase:list",
    "showcase:detail",
    "showcase:photo",
}
