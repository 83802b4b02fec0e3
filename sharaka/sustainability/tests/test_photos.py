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


# --- hostile photos: each refused with a message that says why, or cleaned into a plain image ---


def _png_header_only(width, height):
    """A PNG whose header claims `width` × `height` pixels: a few hundred bytes that would decode to
    gigabytes (a decompression bomb)."""
    import struct
    import zlib

    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b"\x00" * 64))
        + chunk(b"IEND", b"")
    )


@pytest.fixture(autouse=True)
def english():
    from django.utils import translation

    with translation.override("en"):
        yield


def _messages(error):
    return " ".join(str(m) for m in error.value.messages)


@pytest.mark.parametrize(("width", "height"), [(60_000, 60_000), (20_000, 5_000), (10_000, 8_000)])
def test_a_decompression_bomb_is_refused_as_too_large(width, height):
    upload = SimpleUploadedFile("bombe.png", _png_header_only(width, height), content_type="image/png")
    with pytest.raises(ValidationError) as error:
        photos.clean(upload)
    assert "too large" in _messages(error)


def test_a_zip_named_png_is_refused():
    import zipfile

    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("photo.png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 100)
    with pytest.raises(ValidationError):
        photos.clean(SimpleUploadedFile("photo.png", out.getvalue(), content_type="image/png"))


def test_a_zip_behind_a_png_signature_is_refused():
    with pytest.raises(ValidationError):
        photos.clean(SimpleUploadedFile("photo.png", b"\x89PNG\r\n\x1a\nPK\x03\x04" + b"\x00" * 200))


@pytest.mark.parametrize("weasyprint_loaded", [False, True])
def test_a_truncated_jpeg_is_refused(weasyprint_loaded):
    from PIL import ImageFile

    if weasyprint_loaded:  # importing WeasyPrint (the PDF reports) lets Pillow load truncated images
        import weasyprint  # noqa: F401

        ImageFile.LOAD_TRUNCATED_IMAGES = True
    flag = ImageFile.LOAD_TRUNCATED_IMAGES
    data = _jpeg_with_gps(size=(400, 300)).read()
    with pytest.raises(ValidationError) as error:
        photos.clean(SimpleUploadedFile("coupe.jpg", data[: len(data) // 2], content_type="image/jpeg"))
    assert "cannot be read" in _messages(error)
    assert ImageFile.LOAD_TRUNCATED_IMAGES is flag  # what WeasyPrint set is put back


def test_a_cmyk_jpeg_is_stored_as_rgb():
    out = io.BytesIO()
    Image.new("CMYK", (64, 48), (0, 255, 255, 0)).save(out, format="JPEG")
    cleaned = photos.clean(SimpleUploadedFile("cmjn.jpg", out.getvalue(), content_type="image/jpeg"))
    stored = Image.open(io.BytesIO(cleaned.file.read()))
    assert (stored.format, stored.mode, stored.size) == ("JPEG", "RGB", (64, 48))
    red, green, blue = stored.getpixel((10, 10))
    assert red > 180 and green < 80 and blue < 80


@pytest.mark.parametrize("mode", ["RGBA", "LA", "P", "I;16", "1"])
def test_a_png_of_any_mode_is_stored_as_a_readable_png(mode):
    out = io.BytesIO()
    Image.new(mode, (50, 40)).save(out, format="PNG")
    cleaned = photos.clean(SimpleUploadedFile("alpha.png", out.getvalue(), content_type="image/png"))
    stored = Image.open(io.BytesIO(cleaned.file.read()))
    stored.load()
    assert stored.format == "PNG" and stored.size == (50, 40)


def test_a_png_named_jpg_is_refused():
    out = io.BytesIO()
    Image.new("RGBA", (20, 20), (0, 0, 0, 0)).save(out, format="PNG")
    with pytest.raises(ValidationError):
        photos.clean(SimpleUploadedFile("alpha.jpg", out.getvalue(), content_type="image/jpeg"))


def test_a_bomb_posted_on_the_check_page_is_refused_on_the_page(client, personas, ended):
    from django.urls import reverse

    check = Check.objects.create(project=ended, months=6, due_on=datetime.date(2026, 7, 31))
    client.force_login(personas.officer)
    url = reverse("sustainability_check_record", kwargs={"pk": ended.pk, "check_pk": check.pk})
    page = client.get(url)
    assert page.status_code == 200
    response = client.post(
        url,
        {
            "checked_on": "2026-08-04",
            "working": "yes",
            "used": "yes",
            "maintained": "yes",
            "findings": "",
            "photo": SimpleUploadedFile(
                "bombe.png", _png_header_only(60_000, 60_000), content_type="image/png"
            ),
            "version": check.version if hasattr(check, "version") else "",
        },
    )
    assert response.status_code == 200
    from django.utils import translation

    with translation.override(personas.officer.language or "ar"):
        expected = photos.too_large_message()
    assert expected in response.content.decode()
    check.refresh_from_db()
    assert check.checked_on is None and not check.photos.exists()
