"""Demo for IATI import and partner intelligence (issue #17): an ILLUSTRATIVE activity file, written
here and imported through the real import (iati/importing.py), so that the donors' profiles, the
areas and a match to decide are there when the demo opens.

The donors are real organisations with their real IATI identifiers (UNDP, the EU, GIZ, AFD, JICA,
and the African Development Bank, which is not a demo partner and arrives as a prospect); their
activities here are INVENTED: each says so in its description, in three languages, and the import is
marked `is_demo` (the pages show a notice). One co-funder, WWF, is named in the file with an
identifier invented for the demo (XX-DEMO-1: "XX" is no country), so that the matches page shows a
proposal to decide. Amounts are in EUR, USD and JPY, whose demo rates exist, and a few in GBP, which
has none, so that the report and the pages show what an amount without a rate becomes.

UNDP and the EU also get an ILLUSTRATIVE organisation file (invented budgets in all and for Morocco,
this year and the next), shown as "its published budgets" on their profiles.

Idempotent: nothing is done when a demo import has already landed.
"""

import io
import random

from lxml import etree

from sharaka.core.codelists import XML_LANG
from sharaka.iati import importing
from sharaka.iati.models import ImportRun

ORDER = 80
NAME = "demo-donors-illustrative.xml"
ORGANISATION_NAME = "demo-organisations-illustrative.xml"

DONORS = [
    # ref, type, names, currency, typical size, share of activities in Morocco
    ("XM-DAC-41114", "40", {"en": "United Nations Development Programme"}, "USD", 900_000, 0.6),
    (
        "XI-IATI-EC_INTPA",
        "15",
        {"en": "European Commission - International Partnerships"},
        "EUR",
        4_000_000,
        0.7,
    ),
    (
        "XM-DAC-5-52",
        "10",
        {"en": "Deutsche Gesellschaft für Internationale Zusammenarbeit (GIZ) GmbH"},
        "EUR",
        2_000_000,
        0.5,
    ),
    ("FR-3", "10", {"fr": "Agence française de développement"}, "EUR", 8_000_000, 0.6),
    ("XM-DAC-701-8", "10", {"en": "Japan International Cooperation Agency"}, "JPY", 300_000_000, 0.4),
    (
        "XM-DAC-46002",
        "40",
        {"en": "African Development Bank", "fr": "Banque africaine de développement"},
        "USD",
        12_000_000,
        0.5,
    ),
]
# What the activities are about: (DAC 5-digit sector, titles by language).
THEMES = [
    (
        "14030",
        {"fr": "Eau potable rurale", "en": "Rural drinking water", "ar": "الماء الصالح للشرب بالعالم القروي"},
    ),
    ("14022", {"fr": "Assainissement liquide", "en": "Sanitation", "ar": "التطهير السائل"}),
    (
        "23230",
        {
            "fr": "Énergie solaire pour les services communaux",
            "en": "Solar power for municipal services",
            "ar": "الطاقة الشمسية للمرافق الجماعية",
        },
    ),
    (
        "41030",
        {
            "fr": "Biodiversité et arganeraie",
            "en": "Biodiversity and argan forest",
            "ar": "التنوع البيولوجي وشجر الأركان",
        },
    ),
    (
        "31220",
        {
            "fr": "Adaptation au changement climatique des oasis",
            "en": "Climate adaptation in oases",
            "ar": "التكيف مع التغير المناخي في الواحات",
        },
    ),
    (
        "16010",
        {
            "fr": "Inclusion sociale des jeunes",
            "en": "Social inclusion of young people",
            "ar": "الإدماج الاجتماعي للشباب",
        },
    ),
    (
        "15112",
        {"fr": "Appui à la décentralisation", "en": "Support to decentralisation", "ar": "دعم اللامركزية"},
    ),
    (
        "43030",
        {
            "fr": "Développement urbain durable",
            "en": "Sustainable urban development",
            "ar": "التنمية الحضرية المستدامة",
        },
    ),
    (
        "33210",
        {
            "fr": "Tourisme rural et patrimoine",
            "en": "Rural tourism and heritage",
            "ar": "السياحة القروية والتراث",
        },
    ),
]
# Places in Morocco (with Souss-Massa first) and countries elsewhere.
PLACES_MA = [
    ("Agadir", "أكادير", "30.4278", "-9.5981"),
    ("Taroudant", "تارودانت", "30.4703", "-8.8770"),
    ("Tiznit", "تيزنيت", "29.6974", "-9.7316"),
    ("Oujda", "وجدة", "34.6814", "-1.9086"),
    ("Fès", "فاس", "34.0331", "-5.0003"),
    ("Errachidia", "الرشيدية", "31.9314", "-4.4288"),
    ("Tanger", "طنجة", "35.7595", "-5.8340"),
]
ELSEWHERE = ["TN", "SN", "JO", "EG", "MR", "CI"]
NOTE = {
    "ar": "نشاط توضيحي للعرض: لم ينشره هذا المانح.",
    "fr": "Activité illustrative de démonstration : non publiée par ce bailleur.",
    "en": "Illustrative demo activity: not published by this donor.",
}
WWF = ("XX-DEMO-1", "21", {"en": "WWF"})
IMPLEMENTERS = [
    {"fr": "Association Tamount pour le développement"},
    {"ar": "تعاونية أركان النسوية"},
    {"en": "Rural Water Consultants"},
]


def load(loader) -> None:
    if ImportRun.objects.filter(is_demo=True, status=ImportRun.Status.DONE).exists():
        return
    data = demo_file(loader.today.year)
    run = ImportRun.objects.create(
        source=ImportRun.Source.COMMAND,
        name=NAME,
        size=len(data),
        is_demo=True,
        requested_by=loader.users["officer"],
    )
    importing.import_file(run, io.BytesIO(data), actor=loader.users["officer"])
    if run.status != ImportRun.Status.DONE:
        loader.warnings.append(f"the demo IATI file was not imported: {run.refusal} {run.refusal_params}")
        return
    loader.created["IATI activities (illustrative)"] += run.counts.get("created", 0)
    data = demo_organisation_file(loader.today.year)
    run = ImportRun.objects.create(
        source=ImportRun.Source.COMMAND,
        name=ORGANISATION_NAME,
        size=len(data),
        is_demo=True,
        requested_by=loader.users["officer"],
    )
    importing.import_file(run, io.BytesIO(data), actor=loader.users["officer"])
    loader.created["IATI published budgets (illustrative)"] += run.counts.get("budgets", 0)


def demo_organisation_file(this_year: int) -> bytes:
    """UNDP's and the EU's organisation files, ILLUSTRATIVE: invented budgets, in all, for North of
    Sahara, for Morocco (and the EU's for UNDP), for this year and the next (what the donor
    profile's "published budgets" shows)."""
    root = etree.Element(
        "iati-organisations", version="2.03", **{"generated-datetime": f"{this_year}-01-15T09:00:00Z"}
    )
    for ref, org_type, names, currency, total, morocco in (
        ("XM-DAC-41114", "40", DONORS[0][2], "USD", 4_800_000_000, 21_000_000),
        ("XI-IATI-EC_INTPA", "15", DONORS[1][2], "EUR", 12_500_000_000, 180_000_000),
    ):
        organisation = etree.SubElement(
            root,
            "iati-organisation",
            {
                "last-updated-datetime": f"{this_year}-01-10T08:00:00Z",
                XML_LANG: "en",
                "default-currency": currency,
            },
        )
        etree.SubElement(organisation, "organisation-identifier").text = ref
        _narratives(organisation, "name", names)
        _narratives(organisation, "reporting-org", names, ref=ref, type=org_type)
        # The schema's order: every total budget, then organisations, regions, countries. The EU's
        # budget for UNDP names an organisation the file also describes (a link on the profile).
        parts = [("total-budget", total, None, {})]
        if ref == "XI-IATI-EC_INTPA":
            parts.append(("recipient-org-budget", morocco // 6, "recipient-org", {"ref": "XM-DAC-41114"}))
        parts += [
            ("recipient-region-budget", morocco * 4, "recipient-region", {"code": "189", "vocabulary": "1"}),
            ("recipient-country-budget", morocco, "recipient-country", {"code": "MA"}),
        ]
        for tag, amount, recipient, attributes in parts:
            for year in (this_year, this_year + 1):
                budget = etree.SubElement(organisation, tag, status="1")
                if recipient:
                    element = etree.SubElement(budget, recipient, **attributes)
                    if recipient == "recipient-org":
                        etree.SubElement(element, "narrative").text = "United Nations Development Programme"
                etree.SubElement(budget, "period-start", **{"iso-date": f"{year}-01-01"})
                etree.SubElement(budget, "period-end", **{"iso-date": f"{year}-12-31"})
                value = etree.SubElement(budget, "value", **{"value-date": f"{this_year}-01-01"})
                value.text = str(amount + (year - this_year) * amount // 20)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)


def demo_file(this_year: int) -> bytes:
    """The illustrative file, the same bytes for the same year."""
    rng = random.Random(2026)
    root = etree.Element(
        "iati-activities", version="2.03", **{"generated-datetime": f"{this_year}-01-15T09:00:00Z"}
    )
    number = 0
    for ref, org_type, names, currency, typical, share_ma in DONORS:
        for _ in range(7):
            number += 1
            in_morocco = rng.random() < share_ma
            _activity(root, rng, number, ref, org_type, names, currency, typical, in_morocco, this_year)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)


def _narratives(parent, tag, texts, **attrs):
    element = etree.SubElement(parent, tag, **attrs)
    for language, text in texts.items():
        etree.SubElement(element, "narrative", {XML_LANG: language}).text = text
    return element


def _activity(root, rng, number, ref, org_type, names, currency, typical, in_morocco, this_year):
    start_year = rng.randint(this_year - 3, this_year - 1)  # begun, and within the demo's exchange rates
    start = f"{start_year}-{rng.randint(1, 12):02d}-{rng.randint(2, 27):02d}"
    end_year = start_year + rng.randint(2, 5)
    status = "2" if end_year > this_year else ("3" if end_year == this_year else "4")
    activity = etree.SubElement(
        root,
        "iati-activity",
        {
            "last-updated-datetime": f"{this_year}-01-10T08:00:00Z",
            XML_LANG: "fr" if ref == "FR-3" else "en",
            "default-currency": "GBP" if number % 11 == 0 else currency,
        },
    )
    etree.SubElement(activity, "iati-identifier").text = f"{ref}-DEMO-{number:03d}"
    _narratives(activity, "reporting-org", names, ref=ref, type=org_type)
    sector, titles = THEMES[rng.randrange(len(THEMES))]
    place = PLACES_MA[rng.randrange(len(PLACES_MA))] if in_morocco else None
    country = "MA" if in_morocco else ELSEWHERE[rng.randrange(len(ELSEWHERE))]
    where = {"fr": place[0], "en": place[0], "ar": place[1]} if place else {}
    _narratives(
        activity,
        "title",
        {lang: f"{text} — {where[lang]}" if where else text for lang, text in titles.items()},
    )
    _narratives(activity, "description", NOTE, type="1")
    _narratives(activity, "participating-org", names, ref=ref, role="1", type=org_type)
    if number % 5 == 0:
        _narratives(activity, "participating-org", WWF[2], ref=WWF[0], role="1", type=WWF[1])
    elif number % 3 == 0:
        other = DONORS[(number // 3) % len(DONORS)]
        if other[0] != ref:
            _narratives(activity, "participating-org", other[2], ref=other[0], role="1", type=other[1])
    _narratives(activity, "participating-org", IMPLEMENTERS[number % len(IMPLEMENTERS)], role="4", type="22")
    etree.SubElement(activity, "activity-status", code=status)
    etree.SubElement(activity, "activity-date", type="2", **{"iso-date": start})
    etree.SubElement(activity, "activity-date", type="3", **{"iso-date": f"{end_year}-12-31"})
    etree.SubElement(activity, "recipient-country", code=country, percentage="100")
    if place:
        location = etree.SubElement(activity, "location")
        _narratives(location, "name", where)
        point = etree.SubElement(location, "point", srsName="http://www.opengis.net/def/crs/EPSG/0/4326")
        etree.SubElement(point, "pos").text = f"{place[2]} {place[3]}"
    second = THEMES[(THEMES.index((sector, titles)) + 1) % len(THEMES)][0]
    etree.SubElement(activity, "sector", vocabulary="1", code=sector, percentage="70")
    etree.SubElement(activity, "sector", vocabulary="1", code=second, percentage="30")
    total = int(typical * rng.uniform(0.3, 2.5)) // 1000 * 1000
    _transaction(activity, "2", start, total)
    year, paid = start_year, 0
    while year <= min(end_year, this_year) and paid < total:
        amount = min(total - paid, total // 3)
        _transaction(activity, "3", f"{year}-{6 if year > start_year else int(start[5:7]):02d}-15", amount)
        paid, year = paid + amount, year + 1


def _transaction(activity, kind, date, amount):
    transaction = etree.SubElement(activity, "transaction")
    etree.SubElement(transaction, "transaction-type", code=kind)
    etree.SubElement(transaction, "transaction-date", **{"iso-date": date})
    etree.SubElement(transaction, "value", **{"value-date": date}).text = str(amount)
