"""Demo for promotion (issue #14): the catalogue of opportunities the commune offers partners and
investors, the events it holds with their sponsors, and two inquiries as the portal's form leaves
them in the partner CRM. All of it fictional (the places, festivals and partners are real, what the
demo says about their dealings is not).

Eight opportunities handled by the head of the cooperation unit: six published in the catalogue
(surf school at Banana Point, eco-tourism on the Paradise Valley and honey roads, an argan processing
unit for the cooperatives, the two festivals to sponsor, a coastal clean-up), the banana route still
a draft, and the youth exchange with Saint-Aubin-sur-Loire taken. The Tamazight titles (Tifinagh) are
written for the demo and wait for a native speaker's review (listed in the project's notes).

Photos: there are none of these places that the project may publish. Five opportunities carry
simple DRAWN illustrations (sea and sun, hills, an argan tree, a stage at night; a horned mask and a
frame drum for the carnival), made with Pillow, stored through the same cleaning as an upload
(sustainability/photos.py), and captioned "Illustration" in each language: never passed off as a photograph.

Events: the 14th edition of the Festival national de poésie amazighe d'Aourir (July 2026) and its
15th edition (July 2027, upcoming), and the Bilmawn Boudmawn carnival of 2026 (its edition number is
not known, so none is given), with sponsors: demo partners and two invented companies (a hotel
company and a regional bank, is_fictional).

Written directly with the models (the promotion services are written in parallel), without entries
in the audit ledger (the ledger's actions are named by those services); the invented organisations
go through the partner service (search index and ledger), and the inquiries are left as the portal's
form leaves them. Idempotent: opportunities by code, events by
French title and start date, sponsorships by event, organisation and role, inquiries by reference,
invented organisations by acronym; an object's history, photos or sponsors are created only with it.
"""

import datetime
import io
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image, ImageDraw

from sharaka.core import codelists, search
from sharaka.partners import services as partner_services
from sharaka.partners.models import Contact, FollowUp, Interaction, Organisation
from sharaka.promotion.models import (
    Event,
    Opportunity,
    OpportunityInquiry,
    OpportunityStatusChange,
    Photo,
    Sponsorship,
)
from sharaka.sustainability import photos

ORDER = 75
S = Opportunity.Status

# Organisations the demo invents for this part (is_fictional; the descriptions say so).
INVENTED = [
    {
        "acronym": "TBH",
        "name_ar": "شركة فنادق خليج تامراغت (خيالية)",
        "name_fr": "Hôtels de la baie de Tamraght SARL (fictive)",
        "name_en": "Tamraght Bay Hotels Ltd (fictional)",
        "model": "private_company",
        "legal_type": "moroccan_private",
        "country": "MA",
        "stage": "in_contact",
        "description_ar": "شركة فندقية خيالية أنشئت للعرض التجريبي.",
        "description_fr": "Société hôtelière fictive inventée pour la démonstration.",
        "description_en": "A fictional hotel company invented for the demo.",
    },
    {
        "acronym": "BAS",
        "name_ar": "بنك الأطلس سوس (خيالي)",
        "name_fr": "Banque Atlas Souss (fictive)",
        "name_en": "Atlas Souss Bank (fictional)",
        "model": "private_company",
        "legal_type": "moroccan_private",
        "country": "MA",
        "stage": "prospect",
        "description_ar": "بنك جهوي خيالي أنشئ للعرض التجريبي.",
        "description_fr": "Banque régionale fictive inventée pour la démonstration.",
        "description_en": "A fictional regional bank invented for the demo.",
    },
]

# history: the statuses after creation, in order (each a move, with the date it was made)
OPPORTUNITIES = [
    {
        "code": "surf-banana-point",
        "kind": Opportunity.Kind.TOURISM,
        "title": (
            "مدرسة لركوب الأمواج وتجهيزات الشاطئ في بنانا بوينت",
            "École de surf et équipements de plage à Banana Point",
            "Surf school and beach facilities at Banana Point",
            "ⵜⵉⵏⵎⵍ ⵏ ⵙⵓⵔⴼ ⴳ ⴱⴰⵏⴰⵏⴰ ⴱⵓⵢⵏⵜ",
        ),
        "summary": (
            "تبحث الجماعة عن مستثمر لإنشاء مدرسة لركوب الأمواج مع مرافق صحية ومركز للإنقاذ ومسالك ولوج للأشخاص "
            "في وضعية إعاقة، على شاطئ بنانا بوينت بين أورير وتامراغت.",
            "La commune cherche un investisseur pour une école de surf avec sanitaires, poste de secours et accès "
            "pour les personnes en situation de handicap, sur la plage de Banana Point, entre Aourir et Tamraght.",
            "The commune seeks an investor for a surf school with toilets, a lifeguard post and step-free access, "
            "on Banana Point beach between Aourir and Tamraght.",
        ),
        "locality": "Tamraght",
        "point": ("30.50350", "-9.67650"),
        "cost": ("3800000", "MAD"),
        "sought": Opportunity.PartnerSought.INVESTOR,
        "history": [(S.OPEN, 120)],
        "notes": "Terrain communal ; l'occupation temporaire du domaine public maritime reste à obtenir.",
        "illustrations": ["sea"],
    },
    {
        "code": "paradise-valley-ecotourism",
        "kind": Opportunity.Kind.TOURISM,
        "title": (
            "السياحة البيئية على طريق وادي الجنة وطريق العسل",
            "Écotourisme sur la route de Paradise Valley et la route du miel",
            "Eco-tourism on the Paradise Valley road and the honey road",
            "ⴰⵖⴰⵔⴰⵙ ⵏ ⵜⴰⵎⵎⵏⵜ ⴷ ⵓⵙⵉⴼ ⵏ ⴱⴰⵔⴰⴷⵉⵣ",
        ),
        "summary": (
            "مسارات مشي مُعلَّمة ونقط استراحة ودار للضيافة يديرها شباب الدواوير، انطلاقا من سوق الأربعاء بأسرسيف "
            "نحو وادي الجنة ومناحل طريق العسل.",
            "Sentiers balisés, aires de repos et une maison d'hôtes gérée par des jeunes des douars, depuis le souk "
            "du mercredi d'Assersif vers Paradise Valley et les ruchers de la route du miel.",
            "Waymarked trails, rest areas and a guest house run by young people of the douars, from the Wednesday "
            "souk of Assersif towards Paradise Valley and the beehives of the honey road.",
        ),
        "locality": "Assersif",
        "point": ("30.52400", "-9.57800"),
        "cost": ("2400000", "MAD"),
        "sought": Opportunity.PartnerSought.DONOR,
        "history": [(S.OPEN, 200), (S.IN_DISCUSSION, 40)],
        "notes": "Premier échange avec Enabel ; ne pas annoncer avant leur réponse.",
        "illustrations": ["hills"],
    },
    {
        "code": "banana-route",
        "kind": Opportunity.Kind.TOURISM,
        "title": (
            "طريق الموز: جولة في حقول الموز ومطاعم الطاجين",
            "La route de la banane : bananeraies et restaurants de tajine",
            "The banana route: banana groves and tagine restaurants",
            "ⴰⵖⴰⵔⴰⵙ ⵏ ⵍⴱⴰⵏⴰⵏ ⴳ ⵓⵡⵔⵉⵔ",
        ),
        "summary": (
            "جولة تعرّف بزراعة الموز في الوادي، مع تهيئة أكشاك البيع على الطريق الوطنية رقم 1.",
            "Un circuit de découverte des bananeraies de la vallée, avec le réaménagement des étals de bord de "
            "route sur la N1.",
            "A discovery trail through the valley's banana groves, with new roadside stalls along the N1.",
        ),
        "locality": "Aourir centre",
        "point": ("30.49600", "-9.62800"),
        "cost": ("1200000", "MAD"),
        "sought": Opportunity.PartnerSought.INVESTOR,
        "history": [],
        "notes": "Brouillon : en attente de l'accord des producteurs sur l'emplacement des étals.",
    },
    {
        "code": "argan-cooperative-unit",
        "kind": Opportunity.Kind.INVESTMENT,
        "title": (
            "وحدة لتثمين الأركان لفائدة التعاونيات النسوية",
            "Unité de valorisation de l'argan pour les coopératives féminines",
            "Argan processing unit for the women's cooperatives",
            "ⴰⵎⵙⵙⵓⵖⵍ ⵏ ⵓⵔⴳⴰⵏ ⵉ ⵜⵎⵢⴰⵡⴰⵙⵉⵏ ⵏ ⵜⵎⵖⴰⵔⵉⵏ",
        ),
        "summary": (
            "وحدة مشتركة للعصر والتعبئة والتخزين تستوفي معايير السلامة الصحية، لتعاونيات نسوية في محمية الأركان "
            "للمحيط الحيوي.",
            "Une unité commune de pressage, de conditionnement et de stockage aux normes sanitaires, pour les "
            "coopératives féminines de la réserve de biosphère de l'arganeraie.",
            "A shared pressing, packaging and storage unit meeting food-safety standards, for the women's "
            "cooperatives of the argan biosphere reserve.",
        ),
        "locality": "Imi Miki (Imi Migg)",
        "point": ("30.52200", "-9.64300"),
        "cost": ("450000", "EUR"),
        "sought": Opportunity.PartnerSought.DONOR,
        "history": [(S.OPEN, 90)],
        "notes": "Montant estimé par le service technique ; le terrain doit encore être mobilisé.",
        "illustrations": ["argan"],
    },
    {
        "code": "poetry-festival-sponsorship",
        "kind": Opportunity.Kind.CULTURE,
        "title": (
            "رعاية المهرجان الوطني للشعر الأمازيغي بأورير",
            "Parrainer le Festival national de poésie amazighe d'Aourir",
            "Sponsor the National Festival of Amazigh Poetry of Aourir",
            "ⴰⴼⵉⵙⵜⵉⴼⴰⵍ ⴰⵏⴰⵎⵓⵔ ⵏ ⵜⵎⴷⵢⴰⵣⵜ ⵜⴰⵎⴰⵣⵉⵖⵜ ⴳ ⵓⵡⵔⵉⵔ",
        ),
        "summary": (
            "يجمع المهرجان كل صيف شعراء الأمازيغية والروايس؛ تقترح الجماعة على الرعاة الظهور على الملصقات "
            "والمنصة ورواقا في قرية المهرجان.",
            "Chaque été, le festival réunit poètes amazighs et raïss ; la commune offre aux parrains leur logo "
            "sur les affiches et la scène et un stand au village du festival.",
            "Every summer the festival brings together Amazigh poets and raïss; the commune offers sponsors their "
            "logo on the posters and the stage and a stand in the festival village.",
        ),
        "locality": "Aourir centre",
        "point": ("30.49250", "-9.63560"),
        "cost": ("600000", "MAD"),
        "sought": Opportunity.PartnerSought.SPONSOR,
        "history": [(S.OPEN, 300)],
        "notes": "Organisé avec l'Association Aourir pour la culture et le sport.",
        "illustrations": ["stage"],
    },
    {
        "code": "bilmawn-carnival-sponsorship",
        "kind": Opportunity.Kind.CULTURE,
        "title": (
            "رعاية كرنفال بيلماون بودماون بأورير",
            "Parrainer le Carnaval Bilmawn Boudmawn d'Aourir",
            "Sponsor the Bilmawn Boudmawn carnival of Aourir",
            "ⴱⵉⵍⵎⴰⵡⵏ ⴱⵓⴷⵎⴰⵡⵏ ⴳ ⵓⵡⵔⵉⵔ",
        ),
        "summary": (
            "كرنفال شعبي يقام بعد عيد الأضحى، بأقنعته وجلود الأضاحي وموسيقاه؛ يبحث المنظمون عن رعاة للأزياء "
            "والأمن والنظافة.",
            "Carnaval populaire des jours qui suivent l'Aïd al-Adha, ses masques, ses peaux et ses musiques ; "
            "les organisateurs cherchent des parrains pour les costumes, la sécurité et la propreté.",
            "A popular carnival in the days after Eid al-Adha, with its masks, skins and music; the organisers "
            "seek sponsors for costumes, safety and cleaning.",
        ),
        "locality": "Aourir centre",
        "point": ("30.49100", "-9.63300"),
        "cost": ("350000", "MAD"),
        "sought": Opportunity.PartnerSought.SPONSOR,
        "history": [(S.OPEN, 260)],
        "notes": "",
        "illustrations": ["mask", "drum"],
    },
    {
        "code": "youth-exchange-saint-aubin",
        "kind": Opportunity.Kind.TWINNING,
        "title": (
            "تبادل شبابي مع جماعة سان أوبان سور لوار",
            "Échange de jeunes avec Saint-Aubin-sur-Loire",
            "Youth exchange with Saint-Aubin-sur-Loire",
            "ⴰⵎⵢⴰⵏⴰⴼ ⵏ ⵉⵏⴰⵢⵍⵍⵉⵢⵏ ⴳⵔ ⵓⵡⵔⵉⵔ ⴷ ⵙⴰⵏⵜ-ⵓⴱⵉⵏ",
        ),
        "summary": (
            "عشرون شابا من الجمعيات الرياضية والثقافية يتبادلون الزيارات مع مدينة توأمة فرنسية.",
            "Vingt jeunes des associations sportives et culturelles échangent des visites avec une commune "
            "jumelle française.",
            "Twenty young people from the sports and cultural associations exchange visits with a French "
            "twin town.",
        ),
        "locality": "Aourir centre",
        "point": ("30.49300", "-9.63700"),
        "cost": ("180000", "MAD"),
        "sought": Opportunity.PartnerSought.LOCAL_GOVERNMENT,
        "history": [(S.OPEN, 330), (S.IN_DISCUSSION, 250), (S.TAKEN, 150)],
        "notes": "Accepté par Saint-Aubin-sur-Loire (commune fictive) ; retiré du catalogue.",
    },
    {
        "code": "coastal-clean-up",
        "kind": Opportunity.Kind.VOLUNTEERING,
        "title": (
            "حملات تطوعية لتنظيف الشاطئ",
            "Volontariat : nettoyage du littoral",
            "Volunteering: coastal clean-up",
            "ⴰⵙⵣⴷⴳ ⵏ ⵜⵎⴰ ⵏ ⵢⵉⵍⵍ",
        ),
        "summary": (
            "يوم تطوعي كل شهر من أبريل إلى أكتوبر لجمع النفايات وفرزها بين أورير وتامراغت، مع مدارس الجماعة.",
            "Une journée par mois d'avril à octobre pour ramasser et trier les déchets entre Aourir et Tamraght, "
            "avec les écoles de la commune.",
            "One day a month from April to October to collect and sort litter between Aourir and Tamraght, with "
            "the commune's schools.",
        ),
        "locality": "Tamraght",
        "point": ("30.50900", "-9.67000"),
        "cost": ("45000", "MAD"),
        "sought": Opportunity.PartnerSought.VOLUNTEERS,
        "history": [(S.OPEN, 60)],
        "notes": "Gants, sacs et eau fournis par la commune.",
    },
]

POETRY_FR = "Festival national de poésie amazighe d'Aourir"
EVENTS = [
    {
        "opportunity": "poetry-festival-sponsorship",
        "title": (
            "المهرجان الوطني للشعر الأمازيغي بأورير",
            POETRY_FR,
            "National Festival of Amazigh Poetry of Aourir",
            "ⴰⴼⵉⵙⵜⵉⴼⴰⵍ ⴰⵏⴰⵎⵓⵔ ⵏ ⵜⵎⴷⵢⴰⵣⵜ ⵜⴰⵎⴰⵣⵉⵖⵜ ⴳ ⵓⵡⵔⵉⵔ",
        ),
        "edition": 14,
        "dates": (datetime.date(2026, 7, 23), datetime.date(2026, 7, 26)),
        "locality": "Aourir centre",
        "place": "Place de la commune, Aourir",
        "summary": (
            "أربع أمسيات شعرية بمشاركة ثلاثين شاعرا وشاعرة وفرق الروايس.",
            "Quatre soirées de poésie avec trente poètes et des troupes de raïss.",
            "Four evenings of poetry with thirty poets and raïss troupes.",
        ),
        "visitors": 6500,
        # acronym: (role, amount, currency, agreed on, in kind, in-kind value MAD, given back, public)
        "sponsors": {
            "AACS": ("co_organiser", "0", "MAD", "2026-03-02", "Organisation, bénévoles et programmation", "40000",
                     "Co-signature de toutes les affiches", True),
            "CRSM": ("sponsor", "150000", "MAD", "2026-04-15", "", "0", "Logo sur les affiches et la scène", True),
            "FDS": ("sponsor", "60000", "MAD", "2026-05-06", "Atelier d'argan pour les visiteurs", "15000",
                    "Stand au village du festival", True),
            "SASL": ("partner", "5000", "EUR", "2026-05-20", "Voyage de deux poètes de la Loire", "0",
                     "Soirée d'échange poétique à leur nom", True),
            "TBH": ("sponsor", "80000", "MAD", "2026-06-01", "Hébergement de 20 poètes (4 nuits)", "45000",
                         "Logo sur les affiches ; stand au village du festival", True),
            "BAS": ("sponsor", "100000", "MAD", "2026-06-10", "", "0", "Logo sur la scène ; 50 invitations",
                         False),
        },
    },
    {
        "opportunity": "bilmawn-carnival-sponsorship",
        "title": (
            "كرنفال بيلماون بودماون بأورير 2026",
            "Carnaval Bilmawn Boudmawn d'Aourir 2026",
            "Bilmawn Boudmawn carnival of Aourir 2026",
            "ⴱⵉⵍⵎⴰⵡⵏ ⴱⵓⴷⵎⴰⵡⵏ ⴳ ⵓⵡⵔⵉⵔ 2026",
        ),
        "edition": None,  # the number of this edition is not known (2nd edition in 2018)
        "dates": (datetime.date(2026, 5, 29), datetime.date(2026, 5, 31)),
        "locality": "Aourir centre",
        "place": "Défilé de Tougmane à la place de la commune",
        "summary": (
            "ثلاثة أيام من العروض والأقنعة في أزقة أورير.",
            "Trois jours de défilés et de masques dans les rues d'Aourir.",
            "Three days of parades and masks in the streets of Aourir.",
        ),
        "visitors": 12000,
        "sponsors": {
            "CRSM": ("sponsor", "50000", "MAD", "2026-04-20", "", "0", "Logo sur les affiches", True),
            "TBH": ("sponsor", "30000", "MAD", "2026-05-02", "Repas des troupes", "12000",
                         "Logo sur les affiches", True),
            "SURFRIDER-MA": ("partner", "0", "MAD", "2026-05-10", "Nettoyage des rues après le défilé (bénévoles)",
                             "8000", "Stand de sensibilisation", True),
        },
    },
    {
        "opportunity": "poetry-festival-sponsorship",
        "title": (
            "المهرجان الوطني للشعر الأمازيغي بأورير",
            POETRY_FR,
            "National Festival of Amazigh Poetry of Aourir",
            "ⴰⴼⵉⵙⵜⵉⴼⴰⵍ ⴰⵏⴰⵎⵓⵔ ⵏ ⵜⵎⴷⵢⴰⵣⵜ ⵜⴰⵎⴰⵣⵉⵖⵜ ⴳ ⵓⵡⵔⵉⵔ",
        ),
        "edition": 15,
        "dates": (datetime.date(2027, 7, 22), datetime.date(2027, 7, 25)),
        "locality": "Aourir centre",
        "place": "Place de la commune, Aourir",
        "summary": (
            "الدورة الخامسة عشرة: الرعاة مدعوون للانضمام.",
            "15e édition : les parrains sont invités à rejoindre le festival.",
            "15th edition: sponsors are welcome to join.",
        ),
        "visitors": None,
        "sponsors": {
            "CRSM": ("sponsor", "150000", "MAD", "2026-11-20", "", "0", "Logo sur les affiches et la scène", True),
            "AACS": ("co_organiser", "0", "MAD", "2026-11-20", "Organisation et bénévoles", "40000",
                     "Co-signature de toutes les affiches", True),
        },
    },
]  # fmt: skip

# As the portal's form leaves an inquiry (promotion/inquiries.py, `inquiry_submit`): a reference of
# the portal's alphabet, the organisation found or created as a prospect, its contact, an "inquiry
# from the portal" interaction recorded by nobody and a follow-up for the opportunity's owner, the
# texts for the unit written in the commune's working language (Arabic).
INQUIRIES = [
    {
        "reference": "O-DEMA-WRRA-AC46Q",
        "opportunity": "surf-banana-point",
        "days_ago": 3,
        "name": "Inês Carvalho",
        "organisation_name": "Ondas do Atlântico Surf School (fictional)",
        "kind": "company",
        "country": "PT",
        "language": "en",
        "email": "ines.carvalho@example.org",
        "message": "We run two surf schools in the Algarve and are looking at a third site in Morocco. Could we "
        "receive the site plan of Banana Point and the terms of the concession?",
        "prospect": {
            "name_en": "Ondas do Atlântico Surf School (fictional)",
            "model": "private_company",
            "legal_type": "foreign_private",
            "country": "PT",
            "working_language": "en",
        },
        "duplicate": None,
        "due_in": 1,
    },
    {
        "reference": "O-DEMA-WRRA-HN39T",
        "opportunity": "coastal-clean-up",
        "days_ago": 9,
        "name": "Yassine Ait Ouaarab",
        "organisation_name": "Surfrider Foundation Maroc – antenne d'Agadir",
        "kind": "association",
        "country": "MA",
        "language": "fr",
        "email": "yassine.aitouaarab@example.org",
        "message": "Notre antenne peut mobiliser une trentaine de bénévoles pour les journées de nettoyage "
        "d'avril à octobre. Qui contacter pour le calendrier ?",
        "prospect": {
            "name_fr": "Surfrider Foundation Maroc – antenne d'Agadir",
            "model": "local_association",
            "legal_type": "moroccan_private",
            "country": "MA",
            "working_language": "fr",
        },
        "duplicate": "SURFRIDER-MA",
        "due_in": -4,
    },
]
KIND_LABELS = {"company": "شركة أو مستثمر", "association": "جمعية أو منظمة غير حكومية أو مؤسسة"}
# Invented by the demo, so flagged fictional (the form itself never sets the flag).
PROSPECT_NOTE = {
    "description_ar": "جهة محتملة أنشئت من طلب عبر البوابة (عرض تجريبي، خيالية).",
    "description_fr": "Prospect créé par une demande reçue sur le portail (démonstration, fictive).",
    "description_en": "Prospect created by an inquiry from the portal (demo, fictional).",
}


def _at(loader, days_ago: int) -> datetime.datetime:
    day = loader.today - datetime.timedelta(days=days_ago)
    return datetime.datetime.combine(day, datetime.time(9, 30), tzinfo=datetime.UTC)


def load(loader) -> None:
    orgs = dict(loader.organisations)
    orgs.update(_invented(loader))
    opportunities = _opportunities(loader)
    _events(loader, opportunities, orgs)
    _inquiries(loader, opportunities)


def _invented(loader) -> dict:
    found = {}
    for spec in INVENTED:
        org = Organisation.objects.filter(acronym=spec["acronym"], is_fictional=True).order_by("pk").first()
        if org is None:
            org = partner_services.organisation_create(
                actor=loader.users["officer"], data={**spec, "is_fictional": True}
            )
            loader.created["organisations"] += 1
        found[spec["acronym"]] = org
    return found


def _opportunities(loader) -> dict:
    officer = loader.users["officer"]
    found = {o.code: o for o in Opportunity.objects.filter(code__in=[s["code"] for s in OPPORTUNITIES])}
    for spec in OPPORTUNITIES:
        if spec["code"] in found:
            continue
        ar, fr, en, zgh = spec["title"]
        s_ar, s_fr, s_en = spec["summary"]
        amount, currency = spec["cost"]
        lat, lon = spec["point"]
        history = spec["history"]
        published = next((days for status, days in history if status == S.OPEN), None)
        opportunity = Opportunity.objects.create(
            code=spec["code"],
            kind=spec["kind"],
            title_ar=ar,
            title_fr=fr,
            title_en=en,
            title_zgh=zgh,
            summary_ar=s_ar,
            summary_fr=s_fr,
            summary_en=s_en,
            locality=loader.localities.get(spec["locality"]),
            latitude=Decimal(lat),
            longitude=Decimal(lon),
            estimated_cost=Decimal(amount),
            currency=currency,
            partner_sought=spec["sought"],
            status=history[-1][0] if history else S.DRAFT,
            owner=officer,
            internal_notes=spec["notes"],
            published_at=_at(loader, published) if published is not None else None,
        )
        loader.created["opportunities"] += 1
        found[spec["code"]] = opportunity
        first = (history[0][1] + 14) if history else 10
        moves = [("", S.DRAFT, first), *((None, status, days) for status, days in history)]
        previous = ""
        for _old, new, days in moves:
            change = OpportunityStatusChange.objects.create(
                opportunity=opportunity, old_status=previous, new_status=new, changed_by=officer
            )
            OpportunityStatusChange.objects.filter(pk=change.pk).update(changed_at=_at(loader, days))
            previous = new
            loader.created["opportunity status changes"] += 1
        for order, subject in enumerate(spec.get("illustrations", []), start=1):
            _illustrate(loader, opportunity, subject, order)
    return found


# --- drawn illustrations (not photographs) ---------------------------------------------------------

CAPTIONS = {
    "sea": ("رسم توضيحي: البحر والشمس", "Illustration : la mer et le soleil", "Illustration: sea and sun"),
    "hills": ("رسم توضيحي: التلال والوادي", "Illustration : les collines et la vallée", "Illustration: hills and valley"),
    "argan": ("رسم توضيحي: شجرة أركان", "Illustration : un arganier", "Illustration: an argan tree"),
    "stage": ("رسم توضيحي: منصة في الليل", "Illustration : une scène la nuit", "Illustration: a stage at night"),
    "mask": ("رسم توضيحي: قناع بقرنين", "Illustration : un masque à cornes", "Illustration: a horned mask"),
    "drum": ("رسم توضيحي: دف (بندير)", "Illustration : un tambour sur cadre (bendir)", "Illustration: a frame drum (bendir)"),
}  # fmt: skip


def _drawing(subject: str) -> bytes:
    """A flat drawing, 960 × 600: sky, ground and one subject. Clearly a drawing, not a photo."""
    image = Image.new("RGB", (960, 600), (142, 202, 230))
    draw = ImageDraw.Draw(image)
    draw.ellipse((760, 60, 880, 180), fill=(255, 200, 60))  # the sun
    if subject == "sea":
        draw.rectangle((0, 330, 960, 600), fill=(33, 102, 172))
        for row in range(4):
            y = 360 + row * 50
            for x in range(0, 960, 120):
                draw.arc((x, y, x + 120, y + 40), 200, 340, fill=(230, 245, 255), width=6)
        draw.polygon([(0, 600), (0, 520), (960, 470), (960, 600)], fill=(236, 210, 160))
    elif subject == "hills":
        draw.polygon([(0, 600), (0, 360), (260, 220), (520, 380), (760, 250), (960, 340), (960, 600)],
                     fill=(120, 150, 80))  # fmt: skip
        draw.polygon([(0, 600), (0, 480), (480, 420), (960, 500), (960, 600)], fill=(90, 120, 60))
        draw.line([(200, 600), (420, 470), (640, 450)], fill=(200, 170, 120), width=14)  # the road
    elif subject == "stage":
        draw.rectangle((0, 0, 960, 600), fill=(30, 40, 80))  # night
        draw.polygon([(300, 0), (360, 0), (520, 420), (380, 420)], fill=(70, 80, 120))  # a spotlight
        draw.rectangle((120, 420, 840, 600), fill=(120, 70, 40))  # the stage
        draw.line([(480, 420), (480, 250)], fill=(20, 20, 20), width=8)  # the microphone's stand
        draw.ellipse((465, 225, 495, 265), fill=(20, 20, 20))
    elif subject == "mask":
        draw.rectangle((0, 0, 960, 600), fill=(230, 190, 120))
        draw.polygon([(380, 180), (300, 40), (420, 150)], fill=(90, 60, 30))  # the horns
        draw.polygon([(580, 180), (660, 40), (540, 150)], fill=(90, 60, 30))
        draw.ellipse((350, 140, 610, 500), fill=(150, 100, 60))  # the face
        draw.ellipse((400, 250, 450, 290), fill=(20, 20, 20))
        draw.ellipse((510, 250, 560, 290), fill=(20, 20, 20))
        draw.arc((420, 340, 540, 430), 20, 160, fill=(20, 20, 20), width=8)
    elif subject == "drum":
        draw.rectangle((0, 0, 960, 600), fill=(200, 220, 200))
        draw.ellipse((280, 100, 680, 500), fill=(150, 100, 50))  # the frame
        draw.ellipse((300, 120, 660, 480), fill=(240, 225, 190))  # the skin
        draw.line([(330, 300), (630, 300)], fill=(150, 100, 50), width=3)  # the snare
    else:
        draw.rectangle((0, 430, 960, 600), fill=(196, 164, 112))
        draw.rectangle((455, 300, 505, 470), fill=(110, 80, 50))
        draw.ellipse((300, 150, 660, 360), fill=(70, 120, 60))
        for x, y in ((380, 250), (470, 210), (560, 260), (520, 300), (420, 300)):
            draw.ellipse((x, y, x + 16, y + 16), fill=(200, 170, 60))  # the fruit
    out = io.BytesIO()
    image.save(out, format="PNG")
    return out.getvalue()


def _illustrate(loader, opportunity, subject, order) -> None:
    cleaned = photos.clean(
        SimpleUploadedFile(f"illustration-{opportunity.code}-{subject}.png", _drawing(subject), "image/png")
    )
    ar, fr, en = CAPTIONS[subject]
    photo = Photo(
        opportunity=opportunity,
        sha256=cleaned.sha256,
        caption_ar=ar,
        caption_fr=fr,
        caption_en=en,
        order=order,
        uploaded_by=loader.users["officer"],
    )
    photo.image.save(cleaned.file.name, cleaned.file, save=False)
    photo.save()
    loader.created["opportunity illustrations"] += 1


# --- events and sponsors ---------------------------------------------------------------------------


def _events(loader, opportunities, orgs) -> None:
    officer = loader.users["officer"]
    for spec in EVENTS:
        ar, fr, en, zgh = spec["title"]
        starts, ends = spec["dates"]
        if Event.objects.filter(title_fr=fr, starts_on=starts).exists():
            continue
        s_ar, s_fr, s_en = spec["summary"]
        event = Event.objects.create(
            opportunity=opportunities.get(spec["opportunity"]),
            title_ar=ar,
            title_fr=fr,
            title_en=en,
            title_zgh=zgh,
            edition=spec["edition"],
            starts_on=starts,
            ends_on=ends,
            locality=loader.localities.get(spec["locality"]),
            place=spec["place"],
            summary_ar=s_ar,
            summary_fr=s_fr,
            summary_en=s_en,
            visitors=spec["visitors"] if ends < loader.today else None,
            published_at=_at(loader, 45),
        )
        loader.created["events"] += 1
        for acronym, (role, amount, currency, agreed, in_kind, value, back, public) in spec[
            "sponsors"
        ].items():
            org = orgs.get(acronym)
            if org is None:
                continue
            Sponsorship.objects.create(
                event=event,
                organisation=org,
                role=role,
                amount=Decimal(amount),
                currency=currency,
                agreed_on=datetime.date.fromisoformat(agreed),
                in_kind=in_kind,
                in_kind_value=Decimal(value),
                given_back=back,
                is_public=public,
                recorded_by=officer,
            )
            loader.created["sponsorships"] += 1


# --- inquiries as the portal's form leaves them ----------------------------------------------------


def _inquiries(loader, opportunities) -> None:
    for spec in INQUIRIES:
        opportunity = opportunities[spec["opportunity"]]
        if OpportunityInquiry.objects.filter(reference=spec["reference"]).exists():
            continue
        received = _at(loader, spec["days_ago"])
        reference = spec["reference"]
        # The portal creates the prospect: no member of staff did it (actor None, as the public form).
        org = partner_services.organisation_create(
            actor=None,
            data={
                **spec["prospect"],
                **PROSPECT_NOTE,
                "stage": "prospect",
                "is_fictional": True,
                "internal_notes": f"أُنشئت من الطلب {reference} الوارد عبر البوابة: "
                "تحقّقوا من نموذج الشراكة والصفة القانونية.",
            },
        )
        loader.created["organisations"] += 1
        contact = Contact.objects.create(organisation=org, name=spec["name"], email=spec["email"])
        partner_services.index_contact(contact)
        loader.created["contacts"] += 1
        title = opportunity.title_ar
        summary = "\n".join(
            [
                spec["message"],
                "",
                "—",
                f"الاسم: {spec['name']}",
                f"الهيئة كما كُتبت: {spec['organisation_name']}",
                f"نوع الهيئة: {KIND_LABELS[spec['kind']]}",
                f"البلد: {codelists.country_name(spec['country'], 'ar')} ({spec['country']})",
                f"البريد الإلكتروني: {spec['email']}",
                f"اللغة: {spec['language']}",
                f"الفرصة: {opportunity.code}",
            ]
        )
        interaction = Interaction.objects.create(
            organisation=org,
            kind=Interaction.Kind.INQUIRY,
            date=received.date(),
            subject=f"طلب معلومات حول: {title}"[:200],
            summary=summary,
            recorded_by=None,
        )
        interaction.contacts.add(contact)
        search.index_object("interaction", interaction)
        follow_up = FollowUp.objects.create(
            interaction=interaction,
            description=f"الرد على الطلب {reference} حول {title}"[:300],
            owner=opportunity.owner,
            due_date=loader.today + datetime.timedelta(days=spec["due_in"]),
        )
        duplicate = loader.organisations.get(spec["duplicate"]) if spec["duplicate"] else None
        inquiry = OpportunityInquiry.objects.create(
            reference=reference,
            opportunity=opportunity,
            name=spec["name"],
            organisation_name=spec["organisation_name"],
            country=spec["country"],
            email=spec["email"],
            message=spec["message"],
            language=spec["language"],
            organisation=org,
            resolution=(
                OpportunityInquiry.Resolution.POSSIBLE_DUPLICATE
                if duplicate
                else OpportunityInquiry.Resolution.CREATED
            ),
            possible_duplicate=duplicate,
            interaction=interaction,
            follow_up=follow_up,
            acknowledged_at=received + datetime.timedelta(minutes=1),
        )
        OpportunityInquiry.objects.filter(pk=inquiry.pk).update(received_at=received)
        if "opportunity_inquiry" in search.TEXTS:  # indexed once the inquiries part is merged
            search.index_object("opportunity_inquiry", inquiry)
        loader.created["inquiries"] += 1
        loader.created["interactions"] += 1
        loader.created["follow-ups"] += 1
