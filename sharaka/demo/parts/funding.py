"""Demo for funding: the catalogue of calls, seeded with the real instruments of
`context/morocco.md` §4, each with its figures, the date they are as of and their source.

The instruments are real; their next windows are estimated from their last known cycle (said so in
the eligibility note and the source) and placed after the demo's `today`, so that the Franco-Moroccan
joint call, Nakopa, Kusanone and the GEF Small Grants are open or upcoming whatever day the demo is
loaded. The calls closed to Morocco (Interreg NEXT MED, Interreg MAC) are marked so (not eligible,
MA excluded), as are those the commune cannot reach directly (the Green Climate Fund and the
Adaptation Fund, through ADA). Funders missing from the demo's partners are added as prospects
through the partners' service. Idempotent: a call is looked up by its reference and skipped.
"""

import datetime
from decimal import Decimal

from sharaka.core.models import Theme
from sharaka.demo.data.organisations import SCENARIO_NOTE
from sharaka.demo.parts.finance import working_language_of
from sharaka.funding import calls
from sharaka.funding.models import Call
from sharaka.partners import services as partner_services
from sharaka.partners.models import Organisation

ORDER = 50

LEAD, CO, NO = Call.CommuneRole.LEAD, Call.CommuneRole.CO_APPLICANT, Call.CommuneRole.NOT_ELIGIBLE
EOI, CN, FULL = "eoi", "concept_note", "full_proposal"
M = Organisation.Model
L = Organisation.LegalType

# The funders the demo's partners lack, added as prospects (real organisations).
FUNDERS = [
    {
        "acronym": "MEAE-DCTCIV",
        "name_ar": "وزارة أوروبا والشؤون الخارجية الفرنسية (مندوبية العمل الخارجي للجماعات الترابية)",
        "name_fr": "Ministère de l'Europe et des Affaires étrangères (DAECT / DCTCIV)",
        "name_en": "French Ministry for Europe and Foreign Affairs (delegation for local governments' external action)",
        "model": M.BILATERAL_AGENCY,
        "legal_type": L.FOREIGN_STATE,
        "iati_type": "10",
        "country": "FR",
        "website": "https://www.diplomatie.gouv.fr",
        "focus": ["water_energy", "environment", "social", "urban", "culture"],
    },
    {
        "acronym": "SKEW",
        "name_ar": "إنغيجمنت غلوبال، خدمة الجماعات في عالم واحد (SKEW)",
        "name_fr": "Engagement Global – Service pour les communes du monde (SKEW)",
        "name_en": "Engagement Global – Service Agency Communities in One World (SKEW)",
        "model": M.BILATERAL_AGENCY,
        "legal_type": L.FOREIGN_PUBLIC_AGENCY,
        "iati_type": "10",
        "country": "DE",
        "website": "https://skew.engagement-global.de",
        "focus": ["water_energy", "environment", "urban"],
    },
    {
        "acronym": "FDF",
        "name_ar": "مؤسسة فرنسا",
        "name_fr": "Fondation de France",
        "name_en": "Fondation de France",
        "model": M.FOUNDATION,
        "legal_type": L.FOREIGN_PRIVATE,
        "iati_type": "60",
        "country": "FR",
        "website": "https://www.fondationdefrance.org",
        "focus": ["social", "environment"],
    },
    {
        "acronym": "GCF",
        "name_ar": "الصندوق الأخضر للمناخ",
        "name_fr": "Fonds vert pour le climat",
        "name_en": "Green Climate Fund",
        "model": M.UN_AGENCY,
        "legal_type": L.INTERGOVERNMENTAL,
        "iati_type": "40",
        "country": "KR",
        "website": "https://www.greenclimate.fund",
        "focus": ["water_energy", "environment"],
    },
    {
        "acronym": "AF",
        "name_ar": "صندوق التكيف",
        "name_fr": "Fonds pour l'adaptation",
        "name_en": "Adaptation Fund",
        "model": M.UN_AGENCY,
        "legal_type": L.INTERGOVERNMENTAL,
        "iati_type": "40",
        "country": "US",
        "website": "https://www.adaptation-fund.org",
        "focus": ["water_energy", "environment"],
    },
    {
        "acronym": "WBI",
        "name_ar": "والونيا بروكسل الدولية",
        "name_fr": "Wallonie-Bruxelles International",
        "name_en": "Wallonia-Brussels International",
        "model": M.BILATERAL_AGENCY,
        "legal_type": L.FOREIGN_PUBLIC_AGENCY,
        "iati_type": "10",
        "country": "BE",
        "website": "https://www.wbi.be",
        "focus": ["social", "culture"],
    },
]


def _next(today: datetime.date, first: int, month: int, day: int) -> int:
    """The first year from `first` whose (month, day) is not yet past `today`."""
    year = max(first, today.year)
    while datetime.date(year, month, day) < today:
        year += 1
    return year


def _calls(today: datetime.date) -> list[dict]:
    fr_year = _next(today, 2027, 6, 15)
    nakopa_year = _next(today, 2027, 8, 31)
    jica_year = _next(today, 2027, 4, 30)
    fdf_year = _next(today, 2027, 8, 30)
    gef_deadline = today + datetime.timedelta(days=75)
    as_of_2025 = datetime.date(2025, 12, 12)
    return [
        {
            "reference": "FR-MA-2027",
            "funder": "MEAE-DCTCIV",
            "programme": "Appel à projets franco-marocain (DCTCIV – DGCT)",
            "title_ar": "طلب المشاريع الفرنسي المغربي المشترك للتعاون اللامركزي",
            "title_fr": "Appel à projets conjoint franco-marocain de coopération décentralisée",
            "title_en": "Franco-Moroccan joint call for decentralised cooperation",
            "summary_fr": "Cofinancement par le MEAE (DCTCIV) et le ministère de l'Intérieur (DGCT) de projets "
            "portés par une collectivité française avec une collectivité marocaine : gouvernance, "
            "services publics locaux, développement durable et climat, tourisme durable, jeunesse.",
            "commune_role": CO,
            "who_may_lead": "Une collectivité territoriale française (maître d'ouvrage)",
            "who_may_partner": "La collectivité marocaine partenaire, conjointement",
            "lead_model": M.FOREIGN_LOCAL_GOVERNMENT,
            "lead_country": "FR",
            "eligibility_note": "Prochaine fenêtre estimée d'après le cycle 2025 (15 avril – 15 juin). "
            "Règle DCTCIV depuis 2025 : au plus 50 % du coût total pour un pays APD non PMA (Maroc) ; "
            "la collectivité française apporte au moins 10 % ; la partie marocaine selon ses moyens.",
            "currency": "EUR",
            "cofinancing_rate": Decimal("50"),
            "min_months": 24,
            "max_months": 36,
            "languages": "fr",
            "family": Call.Family.EU,
            "opens_on": datetime.date(fr_year, 4, 15),
            "url": "https://www.diplomatie.gouv.fr",
            "as_of": datetime.date(2025, 4, 15),
            "source": "diplomatie.gouv.fr, appel à projets franco-marocain (estimated from the 2025 cycle)",
            "areas": ["water_energy", "environment", "urban", "culture", "social"],
            "objectives": ["local_development", "sustainability"],
            "sectors": ["14020", "23231", "15112", "33210"],
            "stages": [
                {
                    "kind": FULL,
                    "opens_on": datetime.date(fr_year, 4, 15),
                    "deadline": datetime.date(fr_year, 6, 15),
                    "word_limits": {"summary": 500, "problem": 1000},
                }
            ],
            "attachments": [
                ("deliberation", ""),
                ("letter_of_intent", ""),
                ("budget", ""),
                ("partnership", ""),
            ],
        },
        {
            "reference": "NAKOPA-2027",
            "funder": "SKEW",
            "programme": "Nakopa – Nachhaltige Kommunalpartnerschaften (BMZ)",
            "title_ar": "ناكوبا: مشاريع الشراكة الجماعية المستدامة",
            "title_fr": "Nakopa : projets de partenariats municipaux durables",
            "title_en": "Nakopa: sustainable municipal partnership projects",
            "summary_en": "BMZ funding, through Engagement Global / SKEW, for projects of a German municipality "
            "with a partner municipality of a DAC-list country: water, energy, climate, waste, urban services.",
            "commune_role": CO,
            "who_may_lead": "A German municipality",
            "who_may_partner": "Its partner municipality in a DAC-list country",
            "lead_model": M.FOREIGN_LOCAL_GOVERNMENT,
            "lead_country": "DE",
            "eligibility_note": "Dates estimated from the yearly cycle (expression of interest by 31 May, "
            "application by 31 August). Up to 90 % funding; at least 10 % own or third-party funds; "
            "at most 36 months.",
            "currency": "EUR",
            "min_grant": Decimal("50000"),
            "max_grant": Decimal("250000"),
            "cofinancing_rate": Decimal("10"),
            "max_months": 36,
            "languages": "en",
            "family": Call.Family.EU,
            "opens_on": datetime.date(nakopa_year, 3, 1),
            "url": "https://skew.engagement-global.de/unterstuetzung-durch-nakopa.html",
            "as_of": datetime.date(2025, 5, 31),
            "source": "skew.engagement-global.de (estimated from the 2025 cycle)",
            "areas": ["water_energy", "environment", "urban"],
            "objectives": ["infrastructure", "sustainability"],
            "sectors": ["14020", "23231", "14050"],
            "stages": [
                {"kind": EOI, "deadline": datetime.date(nakopa_year, 5, 31), "word_limits": {"summary": 300}},
                {"kind": FULL, "deadline": datetime.date(nakopa_year, 8, 31)},
            ],
            "attachments": [("letter_of_intent", ""), ("budget", ""), ("logframe", "")],
        },
        {
            "reference": "SKEW-SMALL",
            "funder": "SKEW",
            "programme": "Kleinprojektefonds kommunale Entwicklungspolitik",
            "title_ar": "صندوق المشاريع الصغيرة للجماعات (SKEW)",
            "title_fr": "Fonds des petits projets communaux (SKEW)",
            "title_en": "Small projects fund for municipal development policy (SKEW)",
            "commune_role": CO,
            "who_may_lead": "A German municipal administration",
            "lead_model": M.FOREIGN_LOCAL_GOVERNMENT,
            "lead_country": "DE",
            "eligibility_note": "Windows announced ad hoc; EUR 1,000–20,000, up to EUR 50,000 for partnership "
            "projects with a partner in the Global South.",
            "currency": "EUR",
            "max_grant": Decimal("50000"),
            "languages": "en",
            "family": Call.Family.SHORT,
            "rolling": True,
            "url": "https://skew.engagement-global.de/kommunale-foerderung.html",
            "as_of": datetime.date(2025, 6, 1),
            "source": "skew.engagement-global.de/kommunale-foerderung.html",
            "areas": ["environment", "social"],
            "objectives": ["capacities"],
            "sectors": ["15112"],
            "stages": [],
            "attachments": [("budget", "")],
        },
        {
            "reference": "KUSANONE",
            "funder": "JP-GOV",
            "programme": "Kusanone / APL (Grant Assistance for Grassroots Human Security Projects)",
            "title_ar": "منح سفارة اليابان للمشاريع القاعدية (كوسانوني)",
            "title_fr": "Dons de l'ambassade du Japon aux projets de proximité (Kusanone)",
            "title_en": "Embassy of Japan grassroots grants (Kusanone)",
            "summary_fr": "Dons pour des équipements de proximité : eau potable, écoles, santé, "
            "énergie. 376 projets marocains depuis 1989 (environ 181,3 M MAD).",
            "commune_role": LEAD,
            "who_may_lead": "ONG et collectivités locales",
            "eligibility_note": "Le bailleur est un État étranger : la commune ne peut conclure aucune "
            "convention avec lui (loi organique 113-14, art. 86 et 146) ; voir avec l'unité comment le don "
            "est reçu. Environ 0,5 à 0,9 M MAD par projet (environ 11 MAD pour 1 €, 2023). Au fil de l'eau, "
            "signatures plusieurs fois par an.",
            "currency": "EUR",
            "min_grant": Decimal("46000"),
            "max_grant": Decimal("72000"),
            "languages": "fr,en",
            "family": Call.Family.SHORT,
            "rolling": True,
            "url": "https://www.ma.emb-japan.go.jp",
            "as_of": as_of_2025,
            "source": "fr.le360.ma (12 Dec 2025); yabiladi.com 121642",
            "areas": ["water_energy", "social"],
            "objectives": ["infrastructure"],
            "sectors": ["14020", "14030", "23231", "11220"],
            "stages": [],
            "attachments": [("deliberation", ""), ("budget", ""), ("other", "Trois devis par équipement")],
        },
        {
            "reference": "GEF-SGP-MA",
            "funder": "UNDP",
            "programme": "GEF Small Grants Programme (PMF/FEM Maroc)",
            "title_ar": "برنامج المنح الصغيرة لمرفق البيئة العالمية بالمغرب",
            "title_fr": "Programme de microfinancements du FEM au Maroc",
            "title_en": "GEF Small Grants Programme in Morocco",
            "summary_en": "Grants to civil-society and community organisations for the environment, "
            "climate, water and energy; local authorities take part as partners.",
            "commune_role": CO,
            "who_may_lead": "Civil-society and community-based organisations",
            "who_may_partner": "Local authorities",
            "lead_model": M.LOCAL_ASSOCIATION,
            "eligibility_note": "National call window estimated (the current Moroccan ceilings are "
            "unverified); usually up to USD 50,000; co-financing encouraged, in cash or in kind.",
            "currency": "USD",
            "max_grant": Decimal("50000"),
            "cofinancing_counts": Call.Cofinancing.CASH_OR_IN_KIND,
            "languages": "fr,en",
            "family": Call.Family.UN,
            "opens_on": today - datetime.timedelta(days=30),
            "url": "https://sgp.undp.org",
            "as_of": datetime.date(2025, 10, 1),
            "source": "sgp.undp.org; ENDA guide (estimated national window)",
            "areas": ["water_energy", "environment"],
            "objectives": ["sustainability"],
            "sectors": ["14020", "23231", "41010"],
            "stages": [
                {"kind": CN, "deadline": gef_deadline, "word_limits": {"summary": 300, "problem": 600}}
            ],
            "attachments": [("letter_of_intent", ""), ("budget", "")],
        },
        {
            "reference": "NEXT-MED-1",
            "funder": "EU",
            "programme": "Interreg NEXT MED 2021-2027",
            "title_ar": "إنتريغ نكست ميد: طلب المشاريع الأول",
            "title_fr": "Interreg NEXT MED : premier appel à projets",
            "title_en": "Interreg NEXT MED: first call for proposals",
            "commune_role": NO,
            "who_may_lead": "Partnerships of at least 3 organisations from 3 participating countries",
            "excluded_countries": "MA",
            "eligibility_note": "Morocco is not a participating country of the programme.",
            "currency": "EUR",
            "min_grant": Decimal("500000"),
            "max_grant": Decimal("2500000"),
            "cofinancing_rate": Decimal("10"),
            "languages": "en,fr",
            "family": Call.Family.EU,
            "url": "https://www.interregnextmed.eu",
            "as_of": datetime.date(2024, 3, 28),
            "source": "cesam-la.pt; enicbcmed.eu",
            "areas": ["water_energy", "environment"],
            "sectors": ["14020", "41010"],
            "stages": [{"kind": FULL, "deadline": datetime.date(2024, 3, 28)}],
            "attachments": [],
        },
        {
            "reference": "INTERREG-MAC",
            "funder": "EU",
            "programme": "Interreg MAC 2021-2027 (Madeira, Azores, Canaries)",
            "title_ar": "إنتريغ ماك: ماديرا والأصور وجزر الكناري",
            "title_fr": "Interreg MAC : Madère, Açores, Canaries",
            "title_en": "Interreg MAC: Madeira, Azores, Canary Islands",
            "commune_role": NO,
            "who_may_lead": "Outermost regions and seven West African third countries",
            "excluded_countries": "MA",
            "eligibility_note": "Morocco is not among the programme's third countries.",
            "currency": "EUR",
            "cofinancing_rate": Decimal("15"),
            "languages": "fr",
            "family": Call.Family.EU,
            "url": "https://www.interregmac.org",
            "as_of": datetime.date(2024, 1, 1),
            "source": "interregmac.org",
            "areas": ["environment"],
            "sectors": [],
            "stages": [],
            "attachments": [],
        },
        {
            "reference": "EU-LA-CITIES",
            "funder": "EU",
            "programme": "Local Authorities: Partnerships for sustainable cities (DCI)",
            "title_ar": "الجماعات المحلية: شراكات من أجل مدن مستدامة",
            "title_fr": "Autorités locales : partenariats pour des villes durables",
            "title_en": "Local Authorities: Partnerships for sustainable cities",
            "commune_role": CO,
            "who_may_lead": "An EU local authority with a partner-country local authority",
            "lead_model": M.FOREIGN_LOCAL_GOVERNMENT,
            "eligibility_note": "Calls in 2018, 2020 and 2021 (co-applicant or lead); a successor under "
            "NDICI-Global Europe is not known.",
            "currency": "EUR",
            "min_grant": Decimal("1000000"),
            "max_grant": Decimal("3000000"),
            "languages": "en,fr",
            "family": Call.Family.EU,
            "as_of": datetime.date(2021, 1, 1),
            "source": "eeas.europa.eu; cib-uclg.org; platforma-dev.eu",
            "areas": ["urban", "environment"],
            "sectors": ["43030"],
            "stages": [],  # closed: the last call was in 2021 and no successor is known
            "attachments": [("logframe", ""), ("budget", "")],
        },
        {
            "reference": "GCF-ADA",
            "funder": "GCF",
            "programme": "Green Climate Fund (accredited entity: ADA)",
            "title_ar": "الصندوق الأخضر للمناخ عبر وكالة التنمية الفلاحية",
            "title_fr": "Fonds vert pour le climat, par l'ADA",
            "title_en": "Green Climate Fund, through ADA",
            "commune_role": NO,
            "who_may_lead": "Accredited entities only: in Morocco the Agricultural Development Agency (ADA)",
            "eligibility_note": "No direct access for the commune: a project goes through ADA or another "
            "accredited entity. USD 10–50 M, far beyond a commune's project.",
            "currency": "USD",
            "min_grant": Decimal("10000000"),
            "max_grant": Decimal("50000000"),
            "languages": "en",
            "family": Call.Family.UN,
            "rolling": True,
            "url": "https://www.greenclimate.fund",
            "as_of": datetime.date(2021, 10, 1),
            "source": "agrimaroc.ma; infomediaire.net",
            "areas": ["water_energy", "environment"],
            "sectors": ["41010"],
            "stages": [],
            "attachments": [],
        },
        {
            "reference": "AF-LLA",
            "funder": "AF",
            "programme": "Adaptation Fund: locally-led adaptation (through ADA)",
            "title_ar": "صندوق التكيف: التكيف بقيادة محلية (عبر وكالة التنمية الفلاحية)",
            "title_fr": "Fonds pour l'adaptation : adaptation menée localement (par l'ADA)",
            "title_en": "Adaptation Fund: locally-led adaptation (through ADA)",
            "commune_role": NO,
            "who_may_lead": "The national implementing entity: ADA",
            "eligibility_note": "No direct access: ADA is the national implementing entity. Innovation and "
            "enhanced-direct-access windows up to USD 5 M.",
            "currency": "USD",
            "max_grant": Decimal("5000000"),
            "languages": "en,fr",
            "family": Call.Family.UN,
            "url": "https://www.adaptation-fund.org",
            "as_of": datetime.date(2024, 1, 1),
            "source": "challenge.ma 287120; llahub.gca.org",
            "areas": ["water_energy", "environment"],
            "sectors": ["41010"],
            "stages": [],  # calls come and go (e.g. 2021); none is known to be open
            "attachments": [],
        },
        {
            "reference": "FDF-MED",
            "funder": "FDF",
            "programme": "Méditerranée, d'une rive à l'autre",
            "title_ar": "مؤسسة فرنسا: المتوسط من ضفة إلى أخرى",
            "title_fr": "Fondation de France : Méditerranée, d'une rive à l'autre",
            "title_en": "Fondation de France: the Mediterranean, from one shore to the other",
            "commune_role": CO,
            "who_may_lead": "Associations in Souss-Massa and Drâa-Tafilalet",
            "lead_model": M.LOCAL_ASSOCIATION,
            "eligibility_note": "Seed grants up to MAD 130,000 (12 months); consolidation MAD 160,000–320,000 "
            "(24 months). Next call estimated from the yearly cycle.",
            "currency": "MAD",
            "min_grant": Decimal("130000"),
            "max_grant": Decimal("320000"),
            "min_months": 12,
            "max_months": 24,
            "languages": "fr",
            "family": Call.Family.SHORT,
            "opens_on": datetime.date(fdf_year, 6, 1),
            "as_of": datetime.date(2019, 8, 30),
            "source": "agadirmichelterrier.wordpress.com; migdev.org (estimated)",
            "areas": ["social", "culture"],
            "objectives": ["local_development"],
            "sectors": ["16010"],
            "stages": [{"kind": FULL, "deadline": datetime.date(fdf_year, 8, 30)}],
            "attachments": [("legal", "")],
        },
        {
            "reference": "PRIM",
            "funder": "AFD",
            "programme": "PRIM – Programme régional d'investissement migration (AFD / Expertise France)",
            "title_ar": "الصندوق الجهوي للاستثمار في الهجرة",
            "title_fr": "Fonds régional migration et développement (PRIM)",
            "title_en": "Regional migration and development fund (PRIM)",
            "commune_role": CO,
            "who_may_lead": "Associations and cooperatives",
            "lead_model": M.LOCAL_ASSOCIATION,
            "eligibility_note": "16 projects for MAD 8.22 M; the window closed in September 2023.",
            "currency": "MAD",
            "max_grant": Decimal("500000"),
            "languages": "fr",
            "family": Call.Family.SHORT,
            "url": "https://prim.ma",
            "as_of": datetime.date(2023, 9, 30),
            "source": "prim.ma",
            "areas": ["social"],
            "sectors": ["15190"],
            "stages": [{"kind": FULL, "deadline": datetime.date(2023, 9, 30)}],
            "attachments": [],
        },
        {
            "reference": "WBI-2023",
            "funder": "WBI",
            "programme": "Programme de travail Wallonie-Bruxelles – Maroc 2023-2027",
            "title_ar": "برنامج عمل والونيا بروكسل والمغرب 2023-2027",
            "title_fr": "Programme de travail Wallonie-Bruxelles – Maroc 2023-2027",
            "title_en": "Wallonia-Brussels – Morocco work programme 2023-2027",
            "commune_role": CO,
            "who_may_lead": "Operators chosen through the Joint Permanent Commission",
            "eligibility_note": "Low fit: the priority regions are the Oriental, Tanger-Tétouan-Al Hoceima, "
            "Rabat-Salé-Kénitra and Casablanca-Settat, not Souss-Massa.",
            "currency": "EUR",
            "languages": "fr",
            "family": Call.Family.EU,
            "url": "https://www.wallonia.ma",
            "as_of": datetime.date(2023, 1, 1),
            "source": "wallonia.ma",
            "areas": ["social", "culture"],
            "sectors": [],
            "stages": [],
            "attachments": [],
        },
        {
            "reference": "JICA-GTC",
            "funder": "JICA",
            "programme": "JICA Partnership Program (grassroots technical cooperation)",
            "title_ar": "برنامج جايكا للتعاون التقني القاعدي",
            "title_fr": "Coopération technique de proximité de la JICA",
            "title_en": "JICA grassroots technical cooperation",
            "commune_role": CO,
            "who_may_lead": "Japanese NGOs, local governments and universities",
            "who_may_partner": "The counterpart in the partner country",
            "eligibility_note": "One call a year, projects up to 3 years; next call estimated.",
            "currency": "JPY",
            "max_months": 36,
            "languages": "en",
            "family": Call.Family.UN,
            "opens_on": datetime.date(jica_year, 3, 1),
            "as_of": datetime.date(2025, 4, 30),
            "source": "jica.go.jp (estimated)",
            "areas": ["water_energy", "environment"],
            "sectors": ["14030", "41010"],
            "stages": [{"kind": FULL, "deadline": datetime.date(jica_year, 4, 30)}],
            "attachments": [("partnership", "")],
        },
    ]


def _funders(loader, actor) -> dict[str, Organisation]:
    found = dict(loader.organisations)
    for org in Organisation.objects.filter(acronym__in=[f["acronym"] for f in FUNDERS]):
        found[org.acronym] = org
    for spec in FUNDERS:
        if spec["acronym"] in found:
            continue
        data = {k: v for k, v in spec.items() if k != "focus"}
        data.update(
            stage=Organisation.Stage.PROSPECT,
            internal_notes=SCENARIO_NOTE,
            working_language=working_language_of(spec["acronym"]),
        )
        focus = Theme.objects.filter(kind="area", code__in=spec["focus"])
        found[spec["acronym"]] = partner_services.organisation_create(
            actor=actor, data=data, focus_areas=focus
        )
        loader.created["organisations"] += 1
    return found


def load(loader) -> None:
    actor = loader.users["officer"]
    funders = _funders(loader, actor)
    existing = set(Call.objects.exclude(reference="").values_list("reference", flat=True))
    themes = {(t.kind, t.code): t for t in Theme.objects.filter(kind__in=["area", "objective"])}
    for spec in _calls(loader.today):
        if spec["reference"] in existing:
            continue
        spec = dict(spec)
        data = {
            k: v
            for k, v in spec.items()
            if k not in ("areas", "objectives", "sectors", "stages", "attachments")
        }
        data["funder"] = funders[spec["funder"]]
        chosen = [themes[("area", c)] for c in spec["areas"]] + [
            themes[("objective", c)] for c in spec.get("objectives", [])
        ]
        calls.call_save(
            actor=actor,
            data=data,
            themes=chosen,
            sectors=spec["sectors"],
            stages=spec["stages"],
            attachments=spec["attachments"],
        )
        loader.created["funding calls"] += 1
