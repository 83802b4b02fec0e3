"""Demo results chains of the funded projects (fictional figures on real needs of Aourir).

Per project code: `approver` (who approves or returns the updates; the project's manager writes and
submits them) and `results`: (level, title (ar, fr, en), indicators). An indicator: title, measure
("1" units, "2" percentage, "5" qualitative), unit (ar, fr, en) or None, ascending, baseline
(value, year), periods: (period key, target, updates). An update: (road, value, text) where road is
"approved", "submitted", "returned" (text: the approver's comment), "draft", or "locked" (approved,
then the period is locked by the unit); text otherwise is a narrative in French, Arabic given too.

Periods are half-years (`HALVES`). Most indicators are on their line; the water losses of Tamraght
are not (off track), the school transport's second half waits for approval, the trainees' last half
was returned with a comment, and drafts wait in several places.
"""

import datetime

HALVES = {
    "2025-1": (datetime.date(2025, 1, 1), datetime.date(2025, 6, 30)),
    "2025-2": (datetime.date(2025, 7, 1), datetime.date(2025, 12, 31)),
    "2026-1": (datetime.date(2026, 1, 1), datetime.date(2026, 6, 30)),
    "2026-2": (datetime.date(2026, 7, 1), datetime.date(2026, 12, 31)),
    "2027-1": (datetime.date(2027, 1, 1), datetime.date(2027, 6, 30)),
    "2027-2": (datetime.date(2027, 7, 1), datetime.date(2027, 12, 31)),
    "2028-1": (datetime.date(2028, 1, 1), datetime.date(2028, 6, 30)),
    "2028-2": (datetime.date(2028, 7, 1), datetime.date(2028, 12, 31)),
    "festival": (datetime.date(2027, 4, 1), datetime.date(2027, 7, 31)),
}

HOUSEHOLDS = ("أسرة", "ménages", "households")

RESULTS = {
    "AOU-2025-001": {
        "approver": "president",
        "results": [
            (
                "3",
                (
                    "ولوج ساكنة تامراغت إلى الماء الصالح للشرب",
                    "Accès de la population de Tamraght à l'eau potable",
                    "Access to drinking water for the people of Tamraght",
                ),
                [
                    (
                        (
                            "نسبة الأسر المتوفرة على الماء الصالح للشرب في المنزل",
                            "Part des ménages ayant l'eau potable à domicile",
                            "Share of households with drinking water at home",
                        ),
                        "2",
                        None,
                        True,
                        ("46", 2024),
                        [
                            ("2025-2", "52", [("approved", "53", "Premier forage raccordé au réservoir.")]),
                            ("2026-1", "62", [("approved", "64", "Deuxième forage en service.")]),
                            ("2026-2", "72", [("draft", "70", "")]),
                            ("2027-1", "85", []),
                        ],
                    ),
                ],
            ),
            (
                "2",
                (
                    "أسر تامراغت مزودة بالماء من الشبكة",
                    "Ménages de Tamraght desservis par le réseau",
                    "Households of Tamraght served by the network",
                ),
                [
                    (
                        ("الأسر المزودة بالماء", "Ménages desservis", "Households served"),
                        "1",
                        HOUSEHOLDS,
                        True,
                        ("0", 2025),
                        [
                            ("2025-2", "105", [("approved", "110", "Quartier bas de Tamraght desservi.")]),
                            ("2026-1", "210", [("approved", "205", "")]),
                            (
                                "2026-2",
                                "315",
                                [("submitted", "300", "Relevés des compteurs de novembre.")],
                            ),
                            ("2027-1", "420", []),
                        ],
                    ),
                ],
            ),
            (
                "1",
                (
                    "شبكة توزيع وربط فردي بالماء",
                    "Réseau de distribution et branchements individuels",
                    "Distribution network and household connections",
                ),
                [
                    (
                        (
                            "كيلومترات الشبكة المنجزة",
                            "Kilomètres de réseau posés",
                            "Kilometres of network laid",
                        ),
                        "1",
                        ("كلم", "km", "km"),
                        True,
                        ("0", 2025),
                        [
                            ("2025-2", "3", [("locked", "3.5", "Tronçon du réservoir au douar.")]),
                            (
                                "2026-1",
                                "6",
                                [
                                    (
                                        "returned",
                                        "8",
                                        "Le procès-verbal de réception ne couvre que 5,8 km : corrigez la "
                                        "valeur ou joignez le procès-verbal du tronçon nord.",
                                    ),
                                    ("approved", "5.8", "Valeur du procès-verbal de réception."),
                                ],
                            ),
                            ("2026-2", "9", []),
                            ("2027-1", "12", []),
                        ],
                    ),
                    (
                        (
                            "الربط الفردي المنجز",
                            "Branchements individuels réalisés",
                            "Household connections made",
                        ),
                        "1",
                        ("ربط", "branchements", "connections"),
                        True,
                        ("0", 2025),
                        [
                            ("2025-2", "105", [("approved", "96", "")]),
                            ("2026-1", "210", [("approved", "204", "")], "locality"),
                            ("2026-2", "315", [("draft", "280", "")]),
                            ("2027-1", "420", []),
                        ],
                    ),
                    (
                        ("نسبة ضياع الماء في الشبكة", "Pertes d'eau du réseau", "Water lost by the network"),
                        "2",
                        None,
                        False,
                        ("38", 2024),
                        [
                            ("2025-2", "35", [("approved", "37", "Fuites de l'ancienne conduite.")]),
                            (
                                "2026-1",
                                "31",
                                [("approved", "36", "L'ancienne conduite n'est pas encore remplacée.")],
                            ),
                            ("2026-2", "27", []),
                            ("2027-1", "22", []),
                        ],
                    ),
                ],
            ),
        ],
    },
    "AOU-2025-003": {
        "approver": "officer",
        "results": [
            (
                "2",
                (
                    "دخل أعلى للنساء المستفيدات من التكوين",
                    "Un meilleur revenu pour les femmes formées",
                    "Higher income for the women trained",
                ),
                [
                    (
                        (
                            "ارتفاع متوسط الدخل الشهري للنساء المكوَّنات",
                            "Hausse du revenu mensuel moyen des femmes formées",
                            "Increase in the average monthly income of the women trained",
                        ),
                        "2",
                        None,
                        True,
                        ("0", 2025),
                        [
                            ("2025-2", "5", [("approved", "4", "Enquête auprès de 38 stagiaires.")]),
                            ("2026-1", "12", [("approved", "12.5", "Ventes de la saison touristique.")]),
                            ("2026-2", "20", []),
                        ],
                    ),
                ],
            ),
            (
                "1",
                (
                    "شابات مكوَّنات وتعاونيات مواكَبة",
                    "Jeunes femmes formées et coopératives accompagnées",
                    "Young women trained and cooperatives supported",
                ),
                [
                    (
                        ("النساء المكوَّنات", "Femmes formées", "Women trained"),
                        "1",
                        ("امرأة", "femmes", "women"),
                        True,
                        ("0", 2025),
                        [
                            (
                                "2025-2",
                                "40",
                                [("approved", "42", "Deux promotions : argan et accueil.")],
                                "age",
                            ),
                            ("2026-1", "80", [("approved", "85", "")]),
                            (
                                "2026-2",
                                "120",
                                [
                                    (
                                        "returned",
                                        "130",
                                        "La liste de présence de novembre manque : joignez-la avant de "
                                        "soumettre à nouveau.",
                                    )
                                ],
                            ),
                        ],
                    ),
                    (
                        ("التعاونيات المواكَبة", "Coopératives accompagnées", "Cooperatives supported"),
                        "1",
                        ("تعاونية", "coopératives", "cooperatives"),
                        True,
                        ("2", 2024),
                        [
                            ("2025-2", "3", [("approved", "3", "")]),
                            ("2026-1", "4", [("approved", "4", "Coopérative d'argan de Tamraght créée.")]),
                            ("2026-2", "5", [("draft", "5", "")]),
                        ],
                    ),
                ],
            ),
        ],
    },
    "AOU-2025-002": {
        "approver": "officer",
        "results": [
            (
                "2",
                (
                    "تلاميذ ألما وأسرسيف يتابعون دراستهم",
                    "Les élèves d'Alma et d'Assersif restent à l'école",
                    "Pupils of Alma and Assersif stay in school",
                ),
                [
                    (
                        ("نسبة الهدر المدرسي", "Taux d'abandon scolaire", "School drop-out rate"),
                        "2",
                        None,
                        False,
                        ("14", 2024),
                        [
                            ("2025-2", "13", [("approved", "12.5", "Chiffres de la direction provinciale.")]),
                            ("2026-1", "12", [("approved", "11", "")]),
                            ("2026-2", "10", []),
                            ("2027-1", "9", []),
                        ],
                    ),
                ],
            ),
            (
                "1",
                ("نقل مدرسي يومي", "Transport scolaire quotidien", "Daily school transport"),
                [
                    (
                        (
                            "التلاميذ المنقولون يوميًا",
                            "Élèves transportés chaque jour",
                            "Pupils carried each day",
                        ),
                        "1",
                        ("تلميذ", "élèves", "pupils"),
                        True,
                        ("0", 2025),
                        [
                            ("2025-2", "120", [("approved", "118", "")], "sex"),
                            ("2026-1", "150", [("submitted", "149", "Deuxième car en service.")]),
                            ("2026-2", "180", []),
                            ("2027-1", "180", []),
                        ],
                    ),
                ],
            ),
        ],
    },
    "AOU-2025-006": {
        "approver": "officer",
        "results": [
            (
                "2",
                (
                    "إنارة عمومية أقل استهلاكًا للطاقة",
                    "Un éclairage public plus sobre",
                    "Public lighting that uses less energy",
                ),
                [
                    (
                        (
                            "الاستهلاك السنوي للإنارة العمومية",
                            "Consommation annuelle de l'éclairage public",
                            "Annual consumption of public lighting",
                        ),
                        "1",
                        ("ميغاواط ساعة", "MWh", "MWh"),
                        False,
                        ("1450", 2024),
                        [
                            ("2025-2", "1100", [("approved", "1150", "Factures de l'ONEE.")]),
                            ("2026-1", "800", [("approved", "790", "")]),
                        ],
                    ),
                ],
            ),
            (
                "1",
                ("مصابيح LED مركَّبة", "Points lumineux LED installés", "LED street lights installed"),
                [
                    (
                        ("المصابيح المركَّبة", "Lampadaires LED posés", "LED lamps fitted"),
                        "1",
                        ("مصباح", "lampadaires", "lamps"),
                        True,
                        ("0", 2024),
                        [
                            ("2025-1", "400", [("approved", "380", "")]),
                            ("2025-2", "900", [("approved", "910", "")]),
                            ("2026-1", "1200", [("approved", "1215", "Réception définitive.")]),
                        ],
                    ),
                ],
            ),
        ],
    },
    "AOU-2025-004": {
        "approver": "president",
        "results": [
            (
                "1",
                (
                    "تشوير التراث بحرف تيفيناغ",
                    "Signalétique du patrimoine en tifinagh",
                    "Heritage signs in Tifinagh",
                ),
                [
                    (
                        ("اللوحات المثبتة", "Panneaux posés", "Signs put up"),
                        "1",
                        ("لوحة", "panneaux", "signs"),
                        True,
                        ("0", 2024),
                        [
                            ("2025-1", "40", [("approved", "35", "")]),
                            (
                                "2025-2",
                                "120",
                                [("approved", "118", "Deux panneaux refaits après erreur de graphie.")],
                            ),
                        ],
                    ),
                ],
            ),
        ],
    },
    "AOU-2026-004": {
        "approver": "officer",
        "results": [
            (
                "2",
                (
                    "مكانة الشعر الأمازيغي في الحياة الثقافية للجماعة",
                    "La poésie amazighe dans la vie culturelle de la commune",
                    "Amazigh poetry in the cultural life of the commune",
                ),
                [
                    (
                        (
                            "رأي الجمعيات الثقافية في برمجة المهرجان",
                            "Avis des associations culturelles sur la programmation",
                            "Cultural associations' view of the programme",
                        ),
                        "5",
                        None,
                        True,
                        (None, 2025),
                        [("festival", None, [])],
                    ),
                ],
            ),
            (
                "1",
                ("دورة 2027 من المهرجان", "L'édition 2027 du festival", "The 2027 festival"),
                [
                    (
                        ("جمهور المهرجان", "Spectateurs du festival", "Festival audience"),
                        "1",
                        ("متفرج", "spectateurs", "spectators"),
                        True,
                        ("3500", 2025),
                        [("festival", "5000", [])],
                    ),
                ],
            ),
        ],
    },
    # In preparation: the chain the unit writes for its proposals (the proposal builder's logframe).
    "AOU-2026-001": {
        "approver": "officer",
        "results": [
            (
                "2",
                (
                    "ولوج ساكنة إيمي ميكي إلى ماء شروب غير مالح",
                    "Accès des habitants d'Imi Miki à une eau potable non saumâtre",
                    "Access to non-brackish drinking water for the people of Imi Miki",
                ),
                [
                    (
                        (
                            "نسبة الأسر التي تشرب ماء مطابقا لمعايير الجودة",
                            "Part des ménages buvant une eau conforme aux normes",
                            "Share of households drinking water that meets the standards",
                        ),
                        "2",
                        None,
                        True,
                        ("8", 2026),
                        [("2027-2", "40", []), ("2028-2", "90", [])],
                    ),
                ],
            ),
            (
                "1",
                (
                    "وحدة تحلية تعمل بالطاقة الشمسية ومجهزة للصيانة",
                    "Une unité de dessalement solaire en service et entretenue",
                    "A solar desalination unit in service and maintained",
                ),
                [
                    (
                        (
                            "الماء المحلى يوميا",
                            "Eau dessalée par jour",
                            "Desalinated water per day",
                        ),
                        "1",
                        ("متر مكعب", "m³", "m³"),
                        True,
                        ("0", 2026),
                        [("2028-1", "20", []), ("2028-2", "25", [])],
                    ),
                ],
            ),
        ],
    },
}
