"""The localities of Aourir (context/morocco.md §3.2).

Coordinates are APPROXIMATE (about ±1 km), placed by hand around the Aourir centre (30.49 N,
9.63 W) for the demo map; they are not surveyed. Tifinagh names are given only where we are sure of
them. Taghazout is a separate, neighbouring commune and is deliberately not listed here.
"""

from decimal import Decimal as D

# French name is the natural key. `parent` names the French name of the containing locality.
LOCALITIES = [
    {
        "name_fr": "Aourir centre",
        "name_ar": "أورير المركز",
        "name_en": "Aourir centre",
        "name_zgh": "ⴰⵡⵔⵉⵔ",
        "kind": "centre",
        "latitude": D("30.492500"),
        "longitude": D("-9.635600"),
    },
    {
        "name_fr": "Iguer Oufoullous (Igrouflous)",
        "name_ar": "إكر أوفلوس",
        "name_en": "Iguer Oufoullous (Igrouflous)",
        "kind": "quarter",
        "parent": "Aourir centre",
        "latitude": D("30.496000"),
        "longitude": D("-9.632500"),
    },
    {
        # The Wednesday souk moved here; a few km inland on the road to Paradise Valley.
        "name_fr": "Assersif",
        "name_ar": "أسرسيف",
        "name_en": "Assersif",
        "kind": "quarter",
        "parent": "Aourir centre",
        "latitude": D("30.508000"),
        "longitude": D("-9.603000"),
    },
    {
        "name_fr": "Taqemmou (Tagmou)",
        "name_ar": "تاقمو",
        "name_en": "Taqemmou (Tagmou)",
        "kind": "quarter",
        "parent": "Aourir centre",
        "latitude": D("30.488500"),
        "longitude": D("-9.629000"),
    },
    {
        "name_fr": "Tougmane",
        "name_ar": "توكمان",
        "name_en": "Tougmane",
        "kind": "quarter",
        "parent": "Aourir centre",
        "latitude": D("30.499500"),
        "longitude": D("-9.625500"),
    },
    {
        "name_fr": "Tamraght",
        "name_ar": "تامراغت",
        "name_en": "Tamraght",
        "name_zgh": "ⵜⴰⵎⵔⴰⵖⵜ",
        "kind": "village",
        "latitude": D("30.511000"),
        "longitude": D("-9.672000"),
    },
    {
        "name_fr": "Imi Miki (Imi Migg)",
        "name_ar": "إيمي ميكي",
        "name_en": "Imi Miki (Imi Migg)",
        "kind": "village",
        "latitude": D("30.521000"),
        "longitude": D("-9.641000"),
    },
    {
        "name_fr": "Alma",
        "name_ar": "ألما",
        "name_en": "Alma",
        "kind": "douar",
        "latitude": D("30.516000"),
        "longitude": D("-9.618000"),
    },
]
