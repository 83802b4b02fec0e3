"""Photos of post-support checks lose their location and every metadata, keep their pixels, and
shrink to at most 1600 px (sustainability/photos.py)."""

import datetime
import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from sharaka.sustainability import photos, services
from sharaka.sustainability.models import Check

pytestmark = pytest.mark.django_db

GPS = 0x8825


def _jpeg_with_gps(size=(3200, 2000), colour=(200, 40, 40)):
    image = Image.new("RGB", size, colour)
    exif = Image.Exif()
    exif[0x0110] = "Phone X"
    exif[GPS] = {1: "N", 2: (30.0, 29.0, 10.0), 3: "W", 4: (9.0, 38.0, 20.0)}
    out = io.BytesIO()
    image.save(out, format="JPEG", exif=exif)
    data = out.getvalue()
    assert GPS in Image.open(io.BytesIO(data)).getexif()  # the test photo really carries a location
    return SimpleUploadedFile("IMG_0042.JPG", data, content_type="image/jpeg")


def test_the_gps_tag_is_gone_and_the_pixels_are_there():
    cleaned = photos.clean(_jpeg_with_gps())

    stored = Image.open(io.BytesIO(cleaned.file.read()))
    assert stored.format == "JPEG"
    assert GPS not in stored.getexif()
    assert len(stored.getexif()) == 0
    assert "exif" not in stored.info
    assert (cleaned.width, cleaned.height) == (1600, 1000) == stored.size
    red, green, blue = stored.getpixel((800, 500))
    assert red > 180 and green < 70 and blue < 70


def test_a_png_keeps_its_kind_without_its_text_chunks():
    from PIL.PngImagePlugin import PngInfo

    info = PngInfo()
    info.add_text("Location", "30.48N 9.64W")
    out = io.BytesIO()
    Image.new("RGB", (40, 30), (10, 200, 10)).save(out, format="PNG", pnginfo=info)
    cleaned = photos.clean(SimpleUploadedFile("visite.png", out.getvalue(), content_type="image/png"))

    stored = Image.open(io.BytesIO(cleaned.file.read()))
    assert stored.format == "PNG" and stored.size == (40, 30)
    assert "Location" not in stored.info
    assert stored.getpixel((5, 5))[:3] == (10, 200, 10)


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("photo.jpg", b"%PDF-1.4 not an image"),
        ("photo.jpg", b"\xff\xd8\xff" + b"\x00" * 64),  # a JPEG's signature, nothing readable behind
        ("photo.pdf", b"%PDF-1.4"),
        ("photo.png", b""),
    ],
)
def test_what_is_not_a_readable_photo_is_refused(name, content):
    with pytest.raises(ValidationError):
        photos.clean(SimpleUploadedFile(name, content))


def test_a_recorded_check_keeps_only_the_cleaned_photo(personas, ended):
    check = Check.objects.create(project=ended, months=6, due_on=datetime.date(2026, 7, 31))
    services.check_record(
        actor=personas.manager,
        check=check,
        data={
            "checked_on": datetime.date(2026, 8, 4),
            "working": "yes",
            "used": "yes",
            "maintained": "partly",
        },
        photo=_jpeg_with_gps(),
    )
    photo = check.photos.get()
    with photo.file.open("rb") as fh:
        stored = Image.open(io.BytesIO(fh.read()))
    assert GPS not in stored.getexif()
    assert max(stored.size) == 1600
