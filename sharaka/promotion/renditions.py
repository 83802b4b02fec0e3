"""The sizes in which a photo is served: the stored photo (`sustainability/photos.py` kept it at most
1600 px, without metadata) is too heavy for a page that must weigh under 150 KB, so the pages ask for
a smaller copy. Each copy is drawn once from the stored photo and kept beside it, named by the
photo's checksum, so that a replaced photo never serves an old copy."""

import io

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from PIL import Image

SIZES = {"small": 480, "large": 960}
QUALITY = 72


def name_for(photo, size: str) -> str:
    return f"promotion/sizes/{photo.pk}-{photo.sha256[:16]}-{size}.jpg"


def dimensions(photo, size: str) -> tuple[int, int]:
    """The copy's width and height, from the stored ones (for the <img> width and height)."""
    side = SIZES[size]
    width, height = photo.width or side, photo.height or side
    scale = min(1.0, side / max(width, height))
    return max(1, round(width * scale)), max(1, round(height * scale))


def rendition(photo, size: str) -> str:
    """The stored name of the photo's copy at `size`, drawn on first use."""
    name = name_for(photo, size)
    if default_storage.exists(name):
        return name
    with photo.image.open("rb") as handle, Image.open(handle) as image:
        image.load()
        if image.mode in ("RGBA", "LA", "P"):
            image = image.convert("RGBA")
            background = Image.new("RGB", image.size, "white")
            background.paste(image, mask=image.getchannel("A"))
            image = background
        elif image.mode != "RGB":
            image = image.convert("RGB")
        image.thumbnail((SIZES[size], SIZES[size]))
        fresh = Image.new("RGB", image.size)
        fresh.paste(image)
        out = io.BytesIO()
        fresh.save(out, format="JPEG", quality=QUALITY, optimize=True, progressive=True)
    if not default_storage.exists(name):
        default_storage.save(name, ContentFile(out.getvalue()))
    return name


def serve(photo, size: str, *, public: bool):
    """The copy as an inline JPEG. A public one is checked again on every use (`no-cache`): it stops
    being served the moment its opportunity leaves the portal; the unit's copies are never stored."""
    from django.http import FileResponse, Http404

    if size not in SIZES:
        raise Http404
    try:
        name = rendition(photo, size)
    except OSError as missing:  # the original is gone from the storage, or no longer an image
        raise Http404 from missing
    response = FileResponse(default_storage.open(name, "rb"), content_type="image/jpeg")
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "no-cache" if public else "private, no-store"
    return response
