"""Photos of an opportunity: uploaded through the page they come out without their metadata (no GPS
location), smaller; a file that is not a photo is refused on the same page, the captions kept; a
photo is served to the public only while its opportunity is public."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import ExifTags, Image

from sharaka.core.models import AuditEntry
from sharaka.promotion import services
from sharaka.promotion.expectations.catalogue import jpeg_bytes
from sharaka.promotion.models import Photo
from sharaka.promotion.tests.helpers import opportunity, photo

pytestmark = pytest.mark.django_db


def _jpeg_with_gps() -> bytes:
    exif = Image.Exif()
    exif[ExifTags.Base.Make] = "PhoneMaker"
    exif[ExifTags.Base.Model] = "Phone 12"
    exif[ExifTags.Base.Orientation] = 1
    gps = exif.get_ifd(ExifTags.IFD.GPSInfo)
    gps[ExifTags.GPS.GPSLatitudeRef] = "N"
    gps[ExifTags.GPS.GPSLatitude] = (30.0, 29.0, 30.5)
    gps[ExifTags.GPS.GPSLongitudeRef] = "W"
    gps[ExifTags.GPS.GPSLongitude] = (9.0, 38.0, 12.25)
    data = jpeg_bytes(size=(3000, 2000), exif=exif)
    with Image.open(io.BytesIO(data)) as sent:  # the file really carries the location
        assert sent.getexif().get_ifd(ExifTags.IFD.GPSInfo)[ExifTags.GPS.GPSLatitudeRef] == "N"
    return data


def test_a_photo_with_its_gps_location_comes_out_without_any_metadata_and_smaller(client, personas):
    offer = opportunity(personas.officer)
    client.force_login(personas.officer)
    upload = SimpleUploadedFile("IMG_0042.jpg", _jpeg_with_gps(), content_type="image/jpeg")

    response = client.post(
        reverse("promotion:photo_add", args=[offer.pk]),
        {"image": upload, "caption_fr": "La plage de Tamraght", "caption_ar": "شاطئ تامراغت"},
    )

    assert response.status_code == 302
    stored = Photo.objects.get(opportunity=offer)
    with stored.image.open("rb") as handle, Image.open(handle) as image:
        assert not image.getexif()  # no EXIF at all: no GPS, no camera
        assert "exif" not in image.info and "icc_profile" not in image.info
        assert max(image.size) == 1600 and image.size == (1600, 1067)
    assert (stored.width, stored.height) == (1600, 1067)
    with stored.image.open("rb") as handle:
        raw = handle.read()
    assert b"PhoneMaker" not in raw and b"Exif" not in raw
    assert stored.caption_fr == "La plage de Tamraght"
    assert AuditEntry.objects.filter(action="promotion.photo_add").exists()


def test_the_served_copy_has_no_metadata_either(client, personas):
    offer = opportunity(personas.officer)
    client.force_login(personas.officer)
    upload = SimpleUploadedFile("IMG_0042.jpg", _jpeg_with_gps(), content_type="image/jpeg")
    client.post(reverse("promotion:photo_add", args=[offer.pk]), {"image": upload, "caption_fr": "Plage"})
    stored = Photo.objects.get(opportunity=offer)
    client.logout()
    response = client.get(reverse("showcase:photo", args=[offer.code, stored.pk, "small"]))
    data = b"".join(response.streaming_content)
    with Image.open(io.BytesIO(data)) as image:
        assert not image.getexif() and max(image.size) == 480


def test_a_program_renamed_jpg_is_refused_on_the_same_page_with_the_captions_kept(client, personas):
    offer = opportunity(personas.officer)
    client.force_login(personas.officer)
    program = SimpleUploadedFile("plage.jpg", b"MZ\x90\x00\x03" + b"\x00" * 200, content_type="image/jpeg")

    response = client.post(
        reverse("promotion:photo_add", args=[offer.pk]),
        {"image": program, "caption_fr": "La plage", "caption_en": "The beach"},
    )

    assert response.status_code == 200
    html = response.content.decode()
    assert 'class="error"' in html and "has-error" in html
    assert 'value="La plage"' in html and 'value="The beach"' in html
    assert not Photo.objects.exists()


def test_a_photo_needs_a_caption(client, personas):
    offer = opportunity(personas.officer)
    client.force_login(personas.officer)
    upload = SimpleUploadedFile("a.jpg", jpeg_bytes(), content_type="image/jpeg")
    response = client.post(reverse("promotion:photo_add", args=[offer.pk]), {"image": upload})
    assert response.status_code == 200 and not Photo.objects.exists()


def test_an_opportunity_holds_at_most_eight_photos(personas):
    offer = opportunity(personas.officer)
    for n in range(services.MAX_PHOTOS):
        photo(offer, personas.officer, order=n + 1)
    upload = SimpleUploadedFile("a.jpg", jpeg_bytes(), content_type="image/jpeg")
    with pytest.raises(Exception) as refused:
        services.photo_add(
            actor=personas.officer, opportunity=offer, upload=upload, captions={"caption_fr": "x"}
        )
    assert "image" in refused.value.message_dict


def test_photos_are_ordered_and_removed(client, personas, django_capture_on_commit_callbacks):
    offer = opportunity(personas.officer)
    first, second = photo(offer, personas.officer, order=1), photo(offer, personas.officer, order=2)
    client.force_login(personas.officer)
    client.post(reverse("promotion:photo_move", args=[second.pk]), {"step": "-1"})
    assert list(offer.photos.order_by("order").values_list("pk", flat=True)) == [second.pk, first.pk]
    name = first.image.name
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("promotion:photo_remove", args=[first.pk]))
    assert list(offer.photos.values_list("pk", flat=True)) == [second.pk]
    assert not first.image.storage.exists(name)


def test_a_photo_is_public_only_while_its_opportunity_is(client, personas):
    offer = opportunity(personas.officer)
    shown = photo(offer, personas.officer)
    url = reverse("showcase:photo", args=[offer.code, shown.pk, "small"])
    assert client.get(url).status_code == 200
    services.opportunity_unpublish(actor=personas.officer, opportunity=offer)
    assert client.get(url).status_code == 404
    draft = opportunity(personas.officer, status="draft")
    hidden = photo(draft, personas.officer)
    assert client.get(reverse("showcase:photo", args=[draft.code, hidden.pk, "small"])).status_code == 404
    # Another opportunity's code does not open this photo.
    other = opportunity(personas.officer)
    assert client.get(reverse("showcase:photo", args=[other.code, hidden.pk, "small"])).status_code == 404
