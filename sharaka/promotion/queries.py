"""What the public catalogue reads, always through `Opportunity.objects.public()`, never the owner or
the internal notes; the dirham value of a foreign estimate; the plot of where the opportunities are."""

from decimal import Decimal

from django.db.models import Prefetch
from django.utils import timezone

from sharaka.promotion.models import Opportunity, Photo
from sharaka.promotion.services import AOURIR_BOX

PUBLIC_FIELDS = (
    "id",
    "code",
    "kind",
    "title_ar",
    "title_fr",
    "title_en",
    "title_zgh",
    "summary_ar",
    "summary_fr",
    "summary_en",
    "locality",
    "latitude",
    "longitude",
    "estimated_cost",
    "currency",
    "partner_sought",
    "status",
    "published_at",
)
PHOTO_FIELDS = (
    "id",
    "opportunity",
    "width",
    "height",
    "sha256",
    "caption_ar",
    "caption_fr",
    "caption_en",
    "order",
)


def public_opportunities(kind: str = ""):
    """The catalogue: public opportunities with their locality and ordered photos (three queries)."""
    queryset = (
        Opportunity.objects.public()
        .select_related("locality")
        .only(
            *PUBLIC_FIELDS,
            "locality__name_ar",
            "locality__name_fr",
            "locality__name_en",
            "locality__name_zgh",
            "locality__latitude",
            "locality__longitude",
        )
        .prefetch_related(
            Prefetch(
                "photos",
                queryset=Photo.objects.only(*PHOTO_FIELDS).order_by("order", "id"),
                to_attr="ordered_photos",
            )
        )
        .order_by("-published_at", "code")
    )
    if kind in Opportunity.Kind.values:
        queryset = queryset.filter(kind=kind)
    return queryset


def public_photo(code: str, pk: int):
    """A photo, only while its opportunity is public."""
    return Photo.objects.filter(
        opportunity__in=Opportunity.objects.public(), opportunity__code=code, pk=pk
    ).first()


def rates_today(currencies) -> dict[str, Decimal]:
    """For each foreign currency, the latest rate of the last 31 days (`finance/rates.py`): one query."""
    from sharaka.finance.models import ExchangeRate
    from sharaka.finance.rates import MAX_RATE_AGE

    wanted = {c for c in currencies if c and c != "MAD"}
    if not wanted:
        return {}
    today = timezone.localdate()
    found = {}
    for currency, rate in (
        ExchangeRate.objects.filter(currency__in=wanted, date__lte=today, date__gte=today - MAX_RATE_AGE)
        .order_by("currency", "-date")
        .values_list("currency", "rate")
    ):
        found.setdefault(currency, rate)
    return found


def attach_mad(opportunities) -> None:
    """Give each opportunity with a foreign estimate its approximate value in dirhams (`approx_mad`)."""
    from sharaka.finance.rates import to_mad

    opportunities = list(opportunities)
    rates = rates_today(o.currency for o in opportunities if o.estimated_cost is not None)
    for o in opportunities:
        rate = rates.get(o.currency)
        o.approx_mad = to_mad(o.estimated_cost, rate) if rate and o.estimated_cost is not None else None


def attach_sizes(opportunities) -> None:
    """Give each photo its served sizes, `small` and `large` as (width, height), for <img> attributes."""
    from sharaka.promotion.renditions import SIZES, dimensions

    for o in opportunities:
        for photo in o.ordered_photos:
            for size in SIZES:
                setattr(photo, size, dimensions(photo, size))


def point(opportunity) -> tuple[Decimal, Decimal] | None:
    """Where the opportunity is: its own coordinates, else its locality's."""
    if opportunity.latitude is not None and opportunity.longitude is not None:
        return opportunity.latitude, opportunity.longitude
    if opportunity.locality_id and opportunity.locality:
        return opportunity.locality.latitude, opportunity.locality.longitude
    return None


WIDTH, HEIGHT, MARGIN = 600, 400, 40


def frame(coordinates) -> tuple[float, float, float, float]:
    """(south, north, west, east) around the points, with room, at least about 2 km wide."""
    lats = [float(lat) for lat, _lng in coordinates] or [float(sum(AOURIR_BOX["latitude"]) / 2)]
    lngs = [float(lng) for _lat, lng in coordinates] or [float(sum(AOURIR_BOX["longitude"]) / 2)]
    pad = 0.01
    return min(lats) - pad, max(lats) + pad, min(lngs) - pad, max(lngs) + pad


def plot(items, bounds=None) -> list[dict]:
    """SVG coordinates (north up, one scale for both axes) for `(object, (lat, lng))` pairs, in
    `bounds` (see `frame`): the same picture without tiles or scripts as the portal map's fallback."""
    south, north, west, east = bounds or frame([where for _obj, where in items])
    scale = min((WIDTH - 2 * MARGIN) / (east - west), (HEIGHT - 2 * MARGIN) / (north - south))
    out = []
    for n, (obj, (lat, lng)) in enumerate(items, start=1):
        x = MARGIN + (float(lng) - west) * scale
        y = HEIGHT - MARGIN - (float(lat) - south) * scale
        out.append({"n": n, "x": round(x, 1), "y": round(y, 1), "obj": obj, "lat": lat, "lng": lng})
    return out


def plot_with_landmarks(items) -> tuple[list[dict], list[dict]]:
    """The opportunities and, for context, the commune's main localities (one query), in one frame."""
    from sharaka.core.models import Locality

    places = list(
        Locality.objects.filter(parent__isnull=True).only(
            "id", "name_ar", "name_fr", "name_en", "name_zgh", "latitude", "longitude"
        )
    )
    landmarks = [(place, (place.latitude, place.longitude)) for place in places]
    bounds = frame([where for _obj, where in items + landmarks])
    return plot(items, bounds), plot(landmarks, bounds)


def map_opportunities() -> list:
    """The public opportunities that have a place, for the portal's map: each with `.lat` and `.lng`
    (its own coordinates, else its locality's). One query."""
    located = []
    for opportunity in Opportunity.objects.public().select_related("locality").order_by("kind", "code"):
        where = point(opportunity)
        if where is not None:
            opportunity.lat, opportunity.lng = where
            located.append(opportunity)
    return located
