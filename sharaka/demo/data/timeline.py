"""Contacts, interactions with their follow-ups, and a negotiation log: all fictional.

Dates are counted back from the day the demo is loaded (`days_ago`), and follow-ups are due
relative to it (`due_in`, negative for overdue), so a fresh demo always has some follow-ups
overdue and some due this week. E-mail addresses use the reserved example.org domain.
"""

# organisation acronym -> contacts (fictional people)
CONTACTS = {
    "UNDP": [
        {
            "name": "Leila Benali",
            "position": "Programme analyst, local governance",
            "languages": "ar, fr, en",
        },
        {"name": "Thomas Whitfield", "position": "Climate and energy specialist", "languages": "en, fr"},
    ],
    "EU": [
        {
            "name": "Marco Rinaldi",
            "position": "Programme manager, territorial cooperation",
            "languages": "fr, en, it",
        },
    ],
    "SASL": [
        {
            "name": "Claire Morvan",
            "position": "Adjointe au maire, relations internationales",
            "languages": "fr",
        },
        {"name": "Julien Le Goff", "position": "Chargé de coopération décentralisée", "languages": "fr, en"},
    ],
    "CD44": [
        {"name": "Pierre Guérin", "position": "Service de la coopération internationale", "languages": "fr"}
    ],
    "WWF": [
        {
            "name": "Yassine Chakir",
            "position": "Coastal and marine programme officer",
            "languages": "ar, fr, en",
        }
    ],
    "CRM": [{"name": "مصطفى أوحمو", "position": "رئيس اللجنة الإقليمية بأكادير", "languages": "ar, fr"}],
    "IFRC": [
        {
            "name": "Elena Rossi",
            "position": "Disaster preparedness delegate, North Africa",
            "languages": "en, fr",
        }
    ],
    "GIZ": [
        {
            "name": "Anna Schneider",
            "position": "Project manager, employment and skills",
            "languages": "de, en, fr",
        },
        {"name": "Omar Tazi", "position": "National technical advisor", "languages": "ar, fr, en"},
    ],
    "AFD": [
        {
            "name": "Sophie Martin",
            "position": "Chargée de projets collectivités, agence de Rabat",
            "languages": "fr, en",
        }
    ],
    "JICA": [
        {
            "name": "Kenji Sato",
            "position": "Senior representative, Morocco office",
            "languages": "ja, en, fr",
        },
        {"name": "Hind El Idrissi", "position": "Programme officer", "languages": "ar, fr, en"},
    ],
    "ENABEL": [
        {"name": "Lotte Janssens", "position": "Green jobs portfolio manager", "languages": "nl, fr, en"}
    ],
    "UN-HABITAT": [
        {"name": "Karim Haddad", "position": "Urban planning specialist", "languages": "ar, en, fr"}
    ],
    "UNICEF": [{"name": "Nadia Berrada", "position": "Education specialist", "languages": "ar, fr, en"}],
    "SURFRIDER-MA": [
        {"name": "Salma Bennani", "position": "Coordinatrice des campagnes plages", "languages": "ar, fr"}
    ],
    "AACS": [{"name": "لحسن أوباها", "position": "رئيس الجمعية", "languages": "ar, zgh"}],
    "INDH": [{"name": "عزيز لمراني", "position": "قسم العمل الاجتماعي بالعمالة", "languages": "ar, fr"}],
    "CRSM": [{"name": "محمد أيت واعزيز", "position": "مصلحة التعاون والشراكة", "languages": "ar, fr"}],
    "FDS": [{"name": "Meriem Alaoui", "position": "Responsable des programmes", "languages": "ar, fr"}],
}

# Each interaction: organisation, kind, days_ago, subject, summary, recorded by, people met,
# follow-ups (description, owner, due_in days from today, done).
INTERACTIONS = [
    {
        "org": "UNDP",
        "kind": "meeting",
        "days_ago": 590,
        "subject": "Réunion de lancement : cellule de coopération internationale",
        "summary": "Cadrage de l'appui du PNUD à la création de la cellule ; profil des postes et plan de formation.",
        "by": "officer",
        "contacts": ["Leila Benali"],
        "follow_ups": [("Transmettre l'organigramme de la cellule au PNUD", "officer", -560, True)],
    },
    {
        "org": "UNDP",
        "kind": "mission",
        "days_ago": 42,
        "subject": "Mission de suivi du PNUD à Aourir",
        "summary": "Bilan de la formation du personnel ; pistes pour l'unité de dessalement solaire d'Imi Miki.",
        "by": "officer",
        "contacts": ["Leila Benali", "Thomas Whitfield"],
        "follow_ups": [
            ("Envoyer le rapport narratif semestriel", "officer", 2, False),
            ("Partager les relevés de salinité des puits d'Imi Miki", "manager2", -9, False),
        ],
    },
    {
        "org": "UNDP",
        "kind": "email",
        "days_ago": 6,
        "subject": "Concept note: solar desalination unit in Imi Miki",
        "summary": "UNDP asks for a clearer operation and maintenance plan before the technical committee.",
        "by": "manager2",
        "contacts": ["Thomas Whitfield"],
        "follow_ups": [("Add the operation and maintenance plan to the proposal", "manager2", 0, False)],
    },
    {
        "org": "EU",
        "kind": "event",
        "days_ago": 410,
        "subject": "Journée d'information : appels de l'UE pour les collectivités territoriales, Rabat",
        "summary": "Présentation des appels en cours ; la commune doit s'associer à une OSC pour certains lots.",
        "by": "officer",
        "contacts": ["Marco Rinaldi"],
        "follow_ups": [],
    },
    {
        "org": "EU",
        "kind": "meeting",
        "days_ago": 150,
        "subject": "Comité de suivi : pompage solaire de Tamraght",
        "summary": "Avancement des forages et des champs solaires ; retard de trois semaines sur la livraison des pompes.",
        "by": "manager",
        "contacts": ["Marco Rinaldi"],
        "follow_ups": [("Transmettre le planning révisé des travaux", "manager", -120, True)],
    },
    {
        "org": "EU",
        "kind": "call",
        "days_ago": 9,
        "subject": "Questions de la Délégation sur le sentier surf et écotourisme",
        "summary": "Clarifications demandées sur la part de cofinancement communal et la gestion après projet.",
        "by": "officer",
        "contacts": ["Marco Rinaldi"],
        "follow_ups": [("Répondre par écrit aux questions de clarification", "officer", 1, False)],
    },
    {
        "org": "SASL",
        "kind": "visit",
        "days_ago": 330,
        "subject": "Visite d'une délégation de Saint-Aubin-sur-Loire à Aourir (scénario fictif)",
        "summary": "Visite de la signalétique patrimoniale, rencontre avec les associations du festival de poésie amazighe.",
        "by": "officer",
        "contacts": ["Claire Morvan", "Julien Le Goff"],
        "follow_ups": [("Envoyer les photos et le compte rendu de visite", "manager", -300, True)],
    },
    {
        "org": "SASL",
        "kind": "mission",
        "days_ago": 125,
        "subject": "Mission à Saint-Aubin-sur-Loire : gestion des déchets verts",
        "summary": "Visite de la plateforme de compostage ; échange avec les services techniques.",
        "by": "manager",
        "contacts": ["Julien Le Goff"],
        "follow_ups": [
            ("Envoyer la liste des membres de la délégation pour l'échange de 2027", "manager", -12, False)
        ],
    },
    {
        "org": "SASL",
        "kind": "meeting",
        "days_ago": 18,
        "subject": "Visioconférence : projet de convention 2027-2029",
        "summary": "Texte stabilisé ; reste à le présenter au conseil puis à le transmettre au gouverneur pour visa.",
        "by": "officer",
        "contacts": ["Claire Morvan", "Julien Le Goff"],
        "follow_ups": [
            ("Inscrire la convention à l'ordre du jour de la session de février", "officer", 5, False)
        ],
    },
    {
        "org": "CD44",
        "kind": "email",
        "days_ago": 75,
        "subject": "Prise de contact par l'intermédiaire du Conseil préfectoral",
        "summary": "Présentation de la commune et de ses priorités ; demande d'information sur le fonds conjoint.",
        "by": "officer",
        "contacts": ["Pierre Guérin"],
        "follow_ups": [("Relancer le Département sur l'appel franco-marocain", "officer", 12, False)],
    },
    {
        "org": "WWF",
        "kind": "event",
        "days_ago": 135,
        "subject": "Journée de nettoyage et de tri à Banana Beach",
        "summary": "Environ 120 bénévoles ; tri des déchets collectés et pesée publique.",
        "by": "manager",
        "contacts": ["Yassine Chakir"],
        "follow_ups": [("Publier le bilan chiffré de la journée", "manager", -100, True)],
    },
    {
        "org": "WWF",
        "kind": "call",
        "days_ago": 4,
        "subject": "Campaign materials for the winter surf season",
        "summary": "WWF can print the sorting signs if the commune provides the Arabic and Tifinagh texts.",
        "by": "manager",
        "contacts": ["Yassine Chakir"],
        "follow_ups": [("Send the sign texts in Arabic, Tifinagh and French", "manager", 3, False)],
    },
    {
        "org": "GIZ",
        "kind": "meeting",
        "days_ago": 250,
        "subject": "Steering committee: vocational training for young women",
        "summary": "First cohort of 40 trainees selected; argan and hospitality tracks confirmed.",
        "by": "manager",
        "contacts": ["Anna Schneider", "Omar Tazi"],
        "follow_ups": [],
    },
    {
        "org": "GIZ",
        "kind": "visit",
        "days_ago": 35,
        "subject": "Visit of the training workshops in Tamraght",
        "summary": "GIZ visited the hospitality workshop; asked for attendance lists and a mid-term progress report.",
        "by": "manager",
        "contacts": ["Omar Tazi"],
        "follow_ups": [
            ("Collect the signed attendance lists", "manager", 1, False),
            ("Share the mid-term progress report with GIZ", "manager", -5, False),
        ],
    },
    {
        "org": "AFD",
        "kind": "mission",
        "days_ago": 190,
        "subject": "Mission d'identification : quartier Iguer Oufoullous",
        "summary": "Visite des ruelles non revêtues et du réseau d'assainissement ; échange avec les habitants.",
        "by": "manager2",
        "contacts": ["Sophie Martin"],
        "follow_ups": [],
    },
    {
        "org": "AFD",
        "kind": "meeting",
        "days_ago": 48,
        "subject": "Revue du dossier de financement, mise à niveau d'Iguer Oufoullous",
        "summary": "Accord de principe ; l'AFD demande l'étude topographique et le plan de réinstallation.",
        "by": "manager2",
        "contacts": ["Sophie Martin"],
        "follow_ups": [("Transmettre l'étude topographique à l'AFD", "manager2", 3, False)],
    },
    {
        "org": "JICA",
        "kind": "call",
        "days_ago": 95,
        "subject": "Water and sanitation in the schools of Assersif and Alma",
        "summary": "JICA confirms interest; the Japanese partner city will send two engineers.",
        "by": "officer",
        "contacts": ["Hind El Idrissi"],
        "follow_ups": [],
    },
    {
        "org": "JICA",
        "kind": "email",
        "days_ago": 14,
        "subject": "Grant agreement: list of supporting documents",
        "summary": "JICA sent the checklist of documents for the signature of the grant.",
        "by": "officer",
        "contacts": ["Kenji Sato"],
        "follow_ups": [("Send the council deliberation and the bank certificate", "officer", -2, False)],
    },
    {
        "org": "ENABEL",
        "kind": "event",
        "days_ago": 210,
        "subject": "Rencontre des partenaires techniques et financiers, Agadir",
        "summary": "Premier échange sur les emplois verts pour les jeunes.",
        "by": "officer",
        "contacts": ["Lotte Janssens"],
        "follow_ups": [],
    },
    {
        "org": "UN-HABITAT",
        "kind": "meeting",
        "days_ago": 160,
        "subject": "Participatory planning workshop for the Aourir centre public spaces",
        "summary": "Workshop with residents, women's groups and young people; three public spaces chosen.",
        "by": "manager2",
        "contacts": ["Karim Haddad"],
        "follow_ups": [("Publish the workshop report in Arabic and French", "manager2", -130, True)],
    },
    {
        "org": "UNICEF",
        "kind": "call",
        "days_ago": 8,
        "subject": "School transport: pupils' attendance figures",
        "summary": "UNICEF needs the attendance figures by school and by sex for the annual report.",
        "by": "manager2",
        "contacts": ["Nadia Berrada"],
        "follow_ups": [("Send attendance figures by school and by sex", "manager2", 0, False)],
    },
    {
        "org": "CRM",
        "kind": "visit",
        "days_ago": 60,
        "subject": "زيارة ميدانية: تكوين متطوعي الأحياء في الإسعافات الأولية",
        "summary": "حضور 35 متطوعا ومتطوعة من تامراغت وأورير المركز.",
        "by": "manager2",
        "contacts": ["مصطفى أوحمو"],
        "follow_ups": [("إعداد لائحة المتطوعين للدورة الثانية", "manager2", 6, False)],
    },
    {
        "org": "AACS",
        "kind": "meeting",
        "days_ago": 70,
        "subject": "تحضير الدورة المقبلة للمهرجان الوطني للشعر الأمازيغي",
        "summary": "برمجة الأمسيات الشعرية وتوزيع المهام بين الجمعية والجماعة.",
        "by": "manager",
        "contacts": ["لحسن أوباها"],
        "follow_ups": [("إرسال مشروع الميزانية التوقعية للمهرجان", "manager", -20, False)],
    },
    {
        "org": "INDH",
        "kind": "meeting",
        "days_ago": 105,
        "subject": "اجتماع اللجنة الإقليمية للتنمية البشرية: النقل المدرسي",
        "summary": "المصادقة على اقتناء حافلة ثانية للنقل المدرسي لفائدة تلاميذ ألما وأسرسيف.",
        "by": "officer",
        "contacts": ["عزيز لمراني"],
        "follow_ups": [],
    },
    {
        "org": "CRSM",
        "kind": "meeting",
        "days_ago": 300,
        "subject": "اتفاقية الشراكة حول الضخ بالطاقة الشمسية في تامراغت",
        "summary": "تحديد مساهمة الجهة والجماعة في تمويل المشروع.",
        "by": "officer",
        "contacts": ["محمد أيت واعزيز"],
        "follow_ups": [],
    },
    {
        "org": "FDS",
        "kind": "meeting",
        "days_ago": 25,
        "subject": "Route du miel de la vallée du Paradis : premières idées",
        "summary": "Intérêt pour relier les apiculteurs d'Assersif aux coopératives d'argan.",
        "by": "manager",
        "contacts": ["Meriem Alaoui"],
        "follow_ups": [("Organiser une visite chez les apiculteurs d'Assersif", "manager", 9, False)],
    },
    {
        "org": "JP-GOV",
        "kind": "email",
        "days_ago": 400,
        "subject": "Information on the embassy's grassroots grants",
        "summary": "Legal note: the commune cannot conclude an agreement with a foreign State (law 113-14, "
        "art. 86 and 146); any support must go through an eligible local association.",
        "by": "officer",
        "contacts": [],
        "follow_ups": [],
    },
]

# A negotiation log with the (fictional) French partner commune about the next convention.
NEGOTIATION = {
    "org": "SASL",
    "topic": "Convention de coopération décentralisée 2027-2029",
    "rounds": [
        {
            "days_ago": 300,
            "our_position": "Trois axes : déchets et compostage, patrimoine amazigh, formation du personnel. "
            "Cofinancement 50 / 50 hors valorisations.",
            "their_position": "Priorité à la jeunesse et aux échanges scolaires ; apport de la commune "
            "d'Aourir d'au moins 20 %.",
            "outcome": "Accord sur les axes déchets et patrimoine ; chiffrage à préparer.",
        },
        {
            "days_ago": 120,
            "our_position": "Apport communal de 20 % dont la moitié en nature (locaux, personnel) ; "
            "un volet jeunesse ajouté à l'axe patrimoine.",
            "their_position": "Accepté, sous réserve d'un comité de pilotage annuel alterné.",
            "outcome": "Budget indicatif arrêté ; rédaction du projet de convention.",
        },
        {
            "days_ago": 18,
            "our_position": "Texte final ; calendrier : délibération en février, transmission au gouverneur "
            "pour visa (art. 92 et 118 de la loi 113-14).",
            "their_position": "Délibération prévue au conseil municipal de mars.",
            "outcome": "Accord sur le texte ; signature après le visa.",
        },
    ],
}
