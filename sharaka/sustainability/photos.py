"""Photos of post-support checks: checked by the shared upload check, then re-encoded with Pillow.

The stored file is a new image drawn from the pixels alone: turned upright by its EXIF orientation,
shrunk to at most MAX_SIDE pixels on its longer side, and saved without any metadata (EXIF, GPS
location, camera, comments, colour profile). A photo taken on a phone at a beneficiary's house must
not publish where that house is.
"""

import contextlib
import dataclasses
import hashlib
import io
import threading
import warnings

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.utils.translation import gettext_lazy as _
from PIL import Image, ImageFile, ImageOps

from sharaka.core import uploads

MAX_SIDE = 1600
MAX_PIXELS = 50_000_000  # what a phone camera makes, with room; larger is refused before decoding
PHOTO = uploads.Purpose((".jpg", ".jpeg", ".png"), limit=10 * uploads.MB)


@dataclasses.dataclass(frozen=True)
class Cleaned:
    file: ContentFile
    content_type: str
    width: int
    height: int
    sha256: str


_TRUNCATED = threading.Lock()


@contextlib.contextmanager
def _truncated_refused():
    """Decode with Pillow's refusal of truncated files on. WeasyPrint (the PDF reports) turns
    `ImageFile.LOAD_TRUNCATED_IMAGES` on for the whole process when it is imported, after which a
    cut-off photo would be stored with grey where its end was; the flag is put back after."""
    with _TRUNCATED:
        before = ImageFile.LOAD_TRUNCATED_IMAGES
        ImageFile.LOAD_TRUNCATED_IMAGES = False
        try:
            yield
        finally:
            ImageFile.LOAD_TRUNCATED_IMAGES = before


def too_large_message() -> str:
    return _(
        "This image is too large: it holds more than %(millions)s million pixels. "
        "Send a photo as a phone or camera takes it, or make it smaller first."
    ) % {"millions": MAX_PIXELS // 1_000_000}


def clean(upload, *, field: str = "photo") -> Cleaned:
    checked = uploads.check(upload, PHOTO, field=field)
    refused = ValidationError({field: _("This image cannot be read: send a JPEG or PNG photo.")})
    too_large = ValidationError({field: too_large_message()}, code="image_too_large")
    try:
        with warnings.catch_warnings():
            # Pillow's own bomb check (Image.MAX_IMAGE_PIXELS) warns, or raises past twice the limit,
            # from the header alone; both are a refusal here, as is our lower MAX_PIXELS.
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            upload.seek(0)
            with Image.open(upload) as probe:
                if probe.width * probe.height > MAX_PIXELS:
                    raise too_large
                probe.verify()
            upload.seek(0)
            with Image.open(upload) as image, _truncated_refused():
                image.load()
                upright = ImageOps.exif_transpose(image)
        upright.thumbnail((MAX_SIDE, MAX_SIDE))
    except ValidationError:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise too_large from None
    except Exception:  # noqa: BLE001 — whatever a hostile file makes a decoder raise, it is refused
        raise refused from None
    is_png = checked.content_type == "image/png"
    if not is_png and upright.mode not in ("RGB", "L"):
        upright = upright.convert("RGB")
    # Draw a fresh image from the pixels: nothing of the original's info (EXIF, GPS, text, ICC) follows.
    fresh = Image.new(upright.mode, upright.size)
    fresh.paste(upright)
    if upright.mode == "P":
        fresh.putpalette(upright.getpalette())
    out = io.BytesIO()
    if is_png:
        fresh.save(out, format="PNG", optimize=True)
    else:
        fresh.save(out, format="JPEG", quality=85, optimize=True)
    data = out.getvalue()
    stem = checked.name.rsplit(".", 1)[0]
    name = f"{stem}.png" if is_png else f"{stem}.jpg"
    return Cleaned(
        file=ContentFile(data, name=name),
        content_type="image/png" if is_png else "image/jpeg",
        width=fresh.width,
        height=fresh.height,
        sha256=hashlib.sha256(data).hexdigest(),
    )
