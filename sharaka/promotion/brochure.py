"""The printable brochure of the commune's open opportunities, as a PDF in the reader's language.

It holds exactly `Opportunity.objects.public()` (the portal's one definition: published, not archived,
open or in discussion), grouped by kind in the catalogue's order: per opportunity its title (and its
Tamazight title in Tifinagh when there is one), summary, locality, estimated cost, the partner sought
and its first photo, small; then how to reach the cooperation unit and the date.

Drawn by WeasyPrint from `showcase/brochure_pdf.html`, like the app's other PDFs (Noto fonts, Arabic
shaped by HarfBuzz, right to left). Amounts are written by `lib.money.format_amount`, whose separators
keep a number in one piece inside Arabic text, and sit in an isolate; Latin names in `<bdi>`.
The photo is redrawn small by Pillow and embedded (the PDF loads nothing from outside).
"""

import base64
import io
import re
from dataclasses import dataclass, field

from django.conf import settings
from django.db.models import Prefetch
from django.template.loader import render_to_string
from django.urls import NoReverseMatch, reverse
from django.utils import timezone, translation
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from sharaka.core.multilingual import best, best_language
from sharaka.lib.money import format_amount
from sharaka.promotion.models import Opportunity, Photo

LANGUAGES = ("ar", "fr", "en")
PHOTO_BOX = (360, 240)  # pixels: printed about 4.5 cm wide


@dataclass
class Item:
    code: str
    title: str
    title_lang: str
    title_dir: str
    title_zgh: str
    summary: str
    summary_lang: str
    summary_dir: str
    locality: str
    locality_dir: str
    cost: str
    partner_sought: str
    status: str
    in_discussion: bool
    photo: str = ""  # a data: URI


@dataclass
class Group:
    label: str
    items: list = field(default_factory=list)


def language_for(requested: str | None, portal_language: str) -> str:
    """The brochure's language: ?lang= if it is one of ar, fr, en; else the reader's portal language;
    a Tamazight reader gets the Arabic brochure (titles in Tifinagh beside), the commune's first language."""
    for candidate in (requested, portal_language):
        if candidate in LANGUAGES:
            return candidate
    return "ar"


def _thumbnail(photo: Photo) -> str:
    """The photo redrawn at most PHOTO_BOX, as a JPEG data URI; empty when the file cannot be read."""
    from PIL import Image

    try:
        with photo.image.open("rb") as handle, Image.open(handle) as image:
            image = image.convert("RGB")
            image.thumbnail(PHOTO_BOX)
            out = io.BytesIO()
            image.save(out, format="JPEG", quality=80)
    except (OSError, ValueError):
        return ""
    return "data:image/jpeg;base64," + base64.b64encode(out.getvalue()).decode("ascii")


def _direction(language: str) -> str:
    """WeasyPrint does not resolve dir="auto": each text gets the direction of its language."""
    return "rtl" if language == "ar" else "ltr"


_GROUPED_DIGITS = re.compile(r"(?<=\d) (?=\d{3}(?!\d))")


def readable_numbers(text: str) -> str:
    """Digit groups typed with ordinary spaces ("1 250 000") held together with narrow no-break spaces:
    in Arabic text the bidi algorithm would otherwise print them in reverse order ("000 250 1")."""
    return _GROUPED_DIGITS.sub("\u202f", text or "")


def opportunities():
    """The public opportunities with what the brochure prints, in three queries."""
    return (
        Opportunity.objects.public()
        .select_related("locality")
        .prefetch_related(Prefetch("photos", queryset=Photo.objects.order_by("order", "id")))
        .order_by("kind", "code")
    )


def build(language: str) -> list[Group]:
    """The groups of the brochure, in the catalogue's order of kinds, only those that hold something."""
    with translation.override(language):
        groups = {kind: Group(str(label)) for kind, label in Opportunity.Kind.choices}
        for opportunity in opportunities():
            photos = list(opportunity.photos.all())
            title_lang = best_language(opportunity, "title", language) or language
            summary_lang = best_language(opportunity, "summary", language) or language
            locality_lang = (
                best_language(opportunity.locality, "name", language) if opportunity.locality else ""
            )
            groups[opportunity.kind].items.append(
                Item(
                    code=opportunity.code,
                    title=best(opportunity, "title", language),
                    title_lang=title_lang,
                    title_dir=_direction(title_lang),
                    title_zgh=opportunity.title_zgh,
                    summary=readable_numbers(best(opportunity, "summary", language)),
                    summary_lang=summary_lang,
                    summary_dir=_direction(summary_lang),
                    locality=best(opportunity.locality, "name", language) if opportunity.locality else "",
                    locality_dir=_direction(locality_lang or language),
                    cost=format_amount(opportunity.estimated_cost, opportunity.currency, language)
                    if opportunity.estimated_cost
                    else "",
                    partner_sought=opportunity.get_partner_sought_display(),
                    status=opportunity.get_status_display(),
                    in_discussion=opportunity.status == Opportunity.Status.IN_DISCUSSION,
                    photo=_thumbnail(photos[0]) if photos else "",
                )
            )
    return [group for group in groups.values() if group.items]


def catalogue_address() -> str:
    """Where the catalogue and its inquiry forms are, printed in full."""
    try:
        path = reverse("showcase:list")
    except NoReverseMatch:  # the catalogue's page comes with its own part; the portal's home always exists
        path = reverse("portal:home")
    return settings.SITE_URL.rstrip("/") + path


def _generated_line():
    """The date held left to right inside the sentence (an Arabic sentence would turn 2026-12-05 round)."""
    text = _(
        "Brochure generated by Sharaka on %(date)s. The opportunities may change: the portal shows them "
        "as they are today."
    )
    day = format_html('<bdi dir="ltr">{}</bdi>', f"{timezone.localdate():%Y-%m-%d}")
    return mark_safe(conditional_escape(text) % {"date": day})  # noqa: S308 (text escaped, date built above)


def to_pdf(language: str) -> bytes:
    from weasyprint import HTML

    return HTML(string=to_html(language)).write_pdf()


def to_html(language: str) -> str:
    groups = build(language)
    with translation.override(language):
        return render_to_string(
            "showcase/brochure_pdf.html",
            {
                "language": language,
                "rtl": language == "ar",
                "groups": groups,
                "count": sum(len(group.items) for group in groups),
                "today": timezone.localdate(),
                "catalogue_url": catalogue_address(),
                "generated": _generated_line(),
                "contact": _(
                    "International cooperation unit, Commune of Aourir, 80750 Aourir, "
                    "Prefecture of Agadir Ida-Outanane, Morocco"
                ),
            },
        )


def filename(language: str) -> str:
    return f"aourir-opportunities-{timezone.localdate():%Y%m%d}-{language}.pdf"
