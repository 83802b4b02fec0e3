"""Demo projects: social development, urban development. See `projects.py` for the format."""

PROJECTS = [
    # --- social development ----------------------------------------------------------------------
    {
        "code": "AOU-2025-002",
        "status": "in_implementation",
        "title": (
            "النقل المدرسي لتلاميذ ألما وأسرسيف",
            "Transport scolaire des élèves d'Alma et d'Assersif",
            "School transport for the pupils of Alma and Assersif",
        ),
        "summary": (
            "حافلتان للنقل المدرسي تسيرهما جمعية آباء التلاميذ للحد من الهدر المدرسي، خاصة لدى الفتيات.",
            "Deux bus scolaires gérés par l'association des parents d'élèves pour réduire le décrochage, "
            "en particulier des filles.",
            "Two school buses run by the parents' association to reduce drop-out, especially among girls.",
        ),
        "pac": "PAC 2022-2027 / axe 3 / action 3.2",
        "priority": 1,
        "objectives": ["infrastructure", "local_development"],
        "areas": ["social"],
        "sdgs": ["4", "10"],
        "localities": ["Alma", "Assersif"],
        "sectors": [("11220", 50), ("21020", 50)],
        "beneficiaries": (150, 310, 8, 0),
        "planned": ("2025-09-01", "2028-07-31"),
        "actual": ("2025-09-15", None),
        "manager": "manager2",
        "partners": [
            ("UNICEF", "1", "60000", "USD", "2025-06-30"),
            ("INDH", "1", "900000", "MAD", "2025-07-15"),
        ],
        "documents": [
            {
                "title": "Procès-verbal interne du comité de sélection des élèves",
                "kind": "minutes",
                "visibility": "private",
                "filename": "pv-comite-transport-scolaire.pdf",
                "by": "manager2",
            }
        ],
    },
    {
        "code": "AOU-2025-003",
        "status": "in_implementation",
        "title": (
            "التكوين المهني للشابات في مهن الأركان والسياحة",
            "Formation professionnelle des jeunes femmes : argan et tourisme",
            "Vocational training for young women in argan and tourism",
        ),
        "summary": (
            "تكوين 80 شابة في تثمين الأركان والاستقبال السياحي، مع مواكبة لإحداث تعاونيات أو للإدماج في الفنادق.",
            "Former 80 jeunes femmes à la valorisation de l'argan et à l'accueil touristique, avec un "
            "accompagnement vers les coopératives ou l'hôtellerie.",
            "Train 80 young women in argan processing and hospitality, with support towards cooperatives or "
            "hotel jobs.",
        ),
        "pac": "PAC 2022-2027 / axe 3 / action 3.3",
        "priority": 1,
        "objectives": ["local_development", "capacities"],
        "areas": ["social"],
        "sdgs": ["5", "8"],
        "localities": ["Aourir centre", "Tamraght"],
        "sectors": [("11330", 70), ("16020", 30)],
        "beneficiaries": (80, 80, 4, 0),
        "planned": ("2025-03-01", "2027-02-28"),
        "actual": ("2025-04-14", None),
        "manager": "manager",
        "partners": [
            ("GIZ", "1", "180000", "EUR", "2025-02-20"),
            ("GIZ", "3", None, "EUR", None),
            ("FDS", "4", None, "MAD", None),
        ],
        "documents": [
            {
                "title": "Rapport d'étape à mi-parcours (partagé avec la GIZ)",
                "kind": "report",
                "visibility": "partners",
                "filename": "rapport-etape-formation-jeunes-femmes.pdf",
                "by": "manager",
            }
        ],
    },
    {
        "code": "AOU-2025-007",
        "status": "in_implementation",
        "title": (
            "الإسعافات الأولية والاستعداد للكوارث في الأحياء",
            "Premiers secours et préparation aux catastrophes dans les quartiers",
            "First aid and disaster preparedness in the neighbourhoods",
        ),
        "summary": (
            "تكوين متطوعين في كل حي على الإسعافات الأولية ووضع خطة محلية للإنذار والإخلاء.",
            "Former des volontaires de chaque quartier aux premiers secours et établir un plan local d'alerte "
            "et d'évacuation.",
            "Train volunteers in every neighbourhood in first aid and draw up a local alert and evacuation plan.",
        ),
        "pac": "PAC 2022-2027 / axe 3 / action 3.6",
        "priority": 2,
        "objectives": ["local_development"],
        "areas": ["social"],
        "sdgs": ["3", "11"],
        "localities": ["Aourir centre", "Tamraght", "Taqemmou (Tagmou)"],
        "sectors": [("74020", 60), ("12220", 40)],
        "beneficiaries": (40, 70, 10, 15000),
        "planned": ("2025-10-01", "2027-03-31"),
        "actual": ("2025-11-10", None),
        "manager": "manager2",
        "partners": [("IFRC", "1", "25000", "CHF", "2025-09-01"), ("CRM", "4", None, "MAD", None)],
    },
    {
        "code": "AOU-2025-008",
        "status": "rejected",
        "path": ["concept_note", "proposal_submitted", "rejected"],
        "title": (
            "ولوج تعاونيات الأركان النسائية إلى الأسواق",
            "Accès aux marchés des coopératives féminines d'argan",
            "Market access for women's argan cooperatives",
        ),
        "summary": (
            "منصة بيع مشتركة وعلامة جماعية لتعاونيات الأركان في تامراغت وإيمي ميكي.",
            "Une plateforme de vente commune et une marque collective pour les coopératives d'argan de "
            "Tamraght et d'Imi Miki.",
            "A joint sales platform and a collective brand for the argan cooperatives of Tamraght and Imi Miki.",
        ),
        "pac": "PAC 2022-2027 / axe 3 / action 3.3",
        "priority": 2,
        "objectives": ["local_development"],
        "areas": ["social"],
        "sdgs": ["5", "8", "15"],
        "localities": ["Tamraght", "Imi Miki (Imi Migg)"],
        "sectors": [("32161", 60), ("16020", 40)],
        "beneficiaries": (220, 60, 0, 0),
        "planned": ("2026-01-01", "2027-12-31"),
        "manager": "manager",
        "partners": [("EU", "1", None, "EUR", None)],
        "reasons": {
            "rejected": "Non retenu : le lot de l'appel était réservé aux organisations de la société civile "
            "comme chef de file. À redéposer avec une association locale comme demandeur principal."
        },
    },
    {
        "code": "AOU-2026-009",
        "status": "concept_note",
        "path": ["concept_note", "proposal_submitted", "rejected", "idea", "concept_note"],
        "title": (
            "فضاء رقمي لتشغيل الشباب",
            "Espace numérique pour l'emploi des jeunes",
            "A digital hub for youth employment",
        ),
        "summary": (
            "فضاء للتكوين في المهارات الرقمية والبحث عن الشغل، أعيد تصميمه بعد رفض أول مقترح.",
            "Un espace de formation aux compétences numériques et de recherche d'emploi, repensé après un "
            "premier refus.",
            "A space for digital skills and job search, redesigned after a first rejection.",
        ),
        "pac": "PAC 2022-2027 / axe 3 / action 3.5",
        "priority": 2,
        "objectives": ["local_development", "capacities"],
        "areas": ["social"],
        "sdgs": ["4", "8"],
        "localities": ["Aourir centre"],
        "sectors": [("11231", 50), ("16020", 50)],
        "beneficiaries": (150, 300, 10, 0),
        "planned": ("2027-04-01", "2029-03-31"),
        "manager": "manager2",
        "partners": [("SASL", "1", None, "EUR", None)],
        "reasons": {
            "rejected": "Refusé : le partenaire européen exigé par l'appel manquait et le budget dépassait "
            "le plafond.",
            "idea": "Repris avec Saint-Aubin-sur-Loire comme partenaire et un budget réduit de moitié.",
        },
    },
    {
        "code": "AOU-2026-014",
        "status": "concept_note",
        "title": (
            "شاطئ أورير في متناول الأشخاص في وضعية إعاقة",
            "Une plage d'Aourir accessible aux personnes handicapées",
            "An Aourir beach accessible to people with disabilities",
        ),
        "summary": (
            "ممرات خشبية وكراسي برمائية ومرافق صحية ملائمة، ومرافقون مكونون خلال فصل الصيف.",
            "Caillebotis, fauteuils amphibies, sanitaires adaptés et accompagnateurs formés pendant l'été.",
            "Boardwalks, amphibious wheelchairs, adapted toilets and trained helpers during the summer.",
        ),
        "pac": "PAC 2022-2027 / axe 3 / action 3.7",
        "priority": 2,
        "objectives": ["local_development", "promotion"],
        "areas": ["social"],
        "sdgs": ["10", "11"],
        "localities": ["Aourir centre"],
        "sectors": [("16010", 70), ("33210", 30)],
        "beneficiaries": (0, 0, 450, 0),
        "planned": ("2027-05-01", "2028-09-30"),
        "manager": "manager",
        "partners": [("UNICEF", "1", None, "USD", None)],
    },
    # --- urban development -----------------------------------------------------------------------
    {
        "code": "AOU-2024-001",
        "status": "approved",
        "title": (
            "تأهيل حي إكر أوفلوس",
            "Mise à niveau du quartier Iguer Oufoullous",
            "Upgrading the Iguer Oufoullous neighbourhood",
        ),
        "summary": (
            "تبليط الأزقة وتوسيع شبكة التطهير السائل وإنارة الفضاءات العمومية في الحي التاريخي.",
            "Revêtir les ruelles, étendre l'assainissement liquide et éclairer les espaces publics du quartier "
            "historique.",
            "Pave the lanes, extend the sewerage network and light the public spaces of the historic quarter.",
        ),
        "pac": "PAC 2022-2027 / axe 4 / action 4.1",
        "priority": 1,
        "objectives": ["infrastructure", "local_development"],
        "areas": ["urban"],
        "sdgs": ["6", "11"],
        "localities": ["Iguer Oufoullous (Igrouflous)"],
        "sectors": [("43032", 60), ("14032", 40)],
        "beneficiaries": (2400, 1900, 70, 2600),
        "planned": ("2027-02-01", "2029-01-31"),
        "manager": "manager2",
        "partners": [
            ("AFD", "1", "850000", "EUR", "2026-09-15"),
            ("INDH", "1", "2000000", "MAD", "2026-10-02"),
        ],
        "reasons": {"approved": "Accord de principe de l'AFD ; délibération du conseil n° 31/2026."},
    },
    {
        "code": "AOU-2024-002",
        "status": "closed",
        "title": (
            "تهيئة المسالك القروية المؤدية إلى إيمي ميكي وألما",
            "Aménagement des pistes rurales vers Imi Miki et Alma",
            "Rural roads to Imi Miki and Alma",
        ),
        "summary": (
            "تهيئة 14 كلم من المسالك القروية لفك العزلة عن الدواوير وتسهيل الولوج إلى المدرسة والمركز الصحي.",
            "Aménager 14 km de pistes pour désenclaver les douars et faciliter l'accès à l'école et au centre "
            "de santé.",
            "Build 14 km of rural roads to open up the villages and ease access to school and the health centre.",
        ),
        "pac": "PAC 2022-2027 / axe 4 / action 4.3",
        "priority": 1,
        "objectives": ["infrastructure"],
        "areas": ["urban"],
        "sdgs": ["9", "11"],
        "localities": ["Imi Miki (Imi Migg)", "Alma"],
        "sectors": [("21020", 100)],
        "beneficiaries": (1100, 800, 30, 1200),
        "planned": ("2023-06-01", "2024-09-30"),
        "actual": ("2023-07-03", "2024-12-20"),
        "manager": "manager2",
        "partners": [
            ("CRSM", "1", "3500000", "MAD", "2023-05-02"),
            ("INDH", "1", "1000000", "MAD", "2023-05-16"),
        ],
        "documents": [
            {
                "title": "Rapport d'achèvement des pistes rurales",
                "kind": "report",
                "visibility": "public",
                "filename": "rapport-achevement-pistes.pdf",
                "by": "manager2",
            }
        ],
    },
    {
        "code": "AOU-2026-010",
        "status": "approved",
        "title": (
            "فضاءات عمومية تشاركية بمركز أورير",
            "Espaces publics participatifs au centre d'Aourir",
            "Participatory public spaces in the Aourir centre",
        ),
        "summary": (
            "تهيئة ثلاثة فضاءات عمومية اختارها السكان خلال ورشات تشاركية، مع إيلاء عناية خاصة للنساء والأطفال.",
            "Aménager trois espaces publics choisis par les habitants en ateliers participatifs, pensés "
            "d'abord pour les femmes et les enfants.",
            "Lay out three public spaces chosen by residents in participatory workshops, designed first for "
            "women and children.",
        ),
        "pac": "PAC 2022-2027 / axe 4 / action 4.2",
        "priority": 2,
        "objectives": ["local_development"],
        "areas": ["urban"],
        "sdgs": ["5", "11"],
        "localities": ["Aourir centre"],
        "sectors": [("43030", 100)],
        "beneficiaries": (3000, 2500, 80, 3000),
        "planned": ("2027-01-01", "2028-06-30"),
        "manager": "manager2",
        "partners": [("UN-HABITAT", "1", "120000", "USD", "2026-07-01")],
    },
    {
        "code": "AOU-2025-009",
        "status": "abandoned",
        "path": ["concept_note", "proposal_submitted", "approved", "abandoned"],
        "title": (
            "ملعب متعدد الرياضات في توكمان",
            "Terrain multisports à Tougmane",
            "A multi-sports ground in Tougmane",
        ),
        "summary": (
            "ملعب للقرب ومستودع للملابس لفائدة شباب الحي.",
            "Un terrain de proximité et des vestiaires pour les jeunes du quartier.",
            "A neighbourhood sports ground and changing rooms for local young people.",
        ),
        "pac": "PAC 2022-2027 / axe 4 / action 4.5",
        "priority": 3,
        "objectives": ["infrastructure"],
        "areas": ["urban", "social"],
        "sdgs": ["3", "11"],
        "localities": ["Tougmane"],
        "sectors": [("16065", 100)],
        "beneficiaries": (150, 600, 10, 0),
        "planned": ("2025-09-01", "2026-08-31"),
        "manager": "manager2",
        "partners": [("INDH", "1", "600000", "MAD", "2025-06-10")],
        "reasons": {
            "abandoned": "Le terrain prévu fait l'objet d'un litige foncier ; le bailleur a accepté "
            "l'annulation. Un autre site sera étudié au prochain PAC."
        },
    },
]
