"""The skills cooperation work needs, what each level of each means, the positions and the level each
position needs: the text the data migration `capacity/0002_skills_catalogue` writes (and the demo
reuses). Plain data, no Django import, so that the migration reads the same text whenever it runs.

Each level says what a person at that level *does*, in the commune's own situations (a twinning with
a French commune, an EU or AFD call, a GIZ-funded project, a visit from a partner's delegation).
"""

# (code, {"ar"/"fr"/"en": (name, description)}, [level 0..4 as {"ar", "fr", "en"}])
SKILLS = [
    (
        "negotiation",
        {
            "ar": (
                "التفاوض",
                "تحضير جولات التفاوض مع الشركاء وقيادتها ومتابعتها: الموقف، الهامش، التنازلات، المحضر.",
            ),
            "fr": (
                "Négociation",
                "Préparer, mener et suivre les tours de négociation avec les partenaires : position, marge, "
                "concessions, compte rendu.",
            ),
            "en": (
                "Negotiation",
                "Prepare, lead and follow up negotiation rounds with partners: position, room to move, "
                "concessions, minutes.",
            ),
        },
        [
            {
                "ar": "لم يشارك بعد في أي تفاوض مع شريك.",
                "fr": "N'a encore pris part à aucune négociation avec un partenaire.",
                "en": "Has not yet taken part in a negotiation with a partner.",
            },
            {
                "ar": "يحضر الاجتماعات ويدوّن المحضر، ويفهم موقف الجماعة وما يطلبه الشريك.",
                "fr": "Assiste aux réunions et en prend note ; comprend la position de la commune et ce que "
                "demande le partenaire.",
                "en": "Attends the meetings and takes the minutes; understands the commune's position and "
                "what the partner asks.",
            },
            {
                "ar": "يحضّر ملف الجولة (الموقف، الأرقام، البدائل) ويتدخل في نقطة محددة بمساعدة رئيس الوفد.",
                "fr": "Prépare le dossier d'un tour (position, chiffres, options) et intervient sur un point "
                "précis, avec l'aide du chef de délégation.",
                "en": "Prepares the brief for a round (position, figures, options) and speaks on one point, "
                "helped by the head of the delegation.",
            },
            {
                "ar": "يقود وحده جولة تفاوض على نسبة التمويل المشترك أو بنود اتفاقية، ويحدد الهامش ويسجل النتيجة.",
                "fr": "Mène seul un tour de négociation sur un cofinancement ou les clauses d'une convention, "
                "fixe la marge et consigne le résultat.",
                "en": "Leads a negotiation round alone on a co-financing share or an agreement's clauses, "
                "sets the room to move and records the outcome.",
            },
            {
                "ar": "يقود المفاوضات الصعبة متعددة الأطراف (جهة مانحة، وزارة، عمالة) ويدرّب زملاءه على التحضير لها.",
                "fr": "Mène les négociations difficiles à plusieurs parties (bailleur, ministère, préfecture) "
                "et forme ses collègues à les préparer.",
                "en": "Leads difficult negotiations with several parties (donor, ministry, prefecture) and "
                "trains colleagues to prepare them.",
            },
        ],
    ),
    (
        "proposal_writing",
        {
            "ar": (
                "كتابة مقترحات المشاريع",
                "كتابة مذكرات المفاهيم ومقترحات المشاريع الكاملة وفق قواعد طلبات التمويل.",
            ),
            "fr": (
                "Rédaction de propositions",
                "Écrire des notes conceptuelles et des propositions complètes selon les règles des appels.",
            ),
            "en": (
                "Proposal writing",
                "Write concept notes and full proposals to the rules of funding calls.",
            ),
        },
        [
            {
                "ar": "لم يكتب بعد أي جزء من مقترح مشروع.",
                "fr": "N'a encore écrit aucune partie d'une proposition.",
                "en": "Has not yet written any part of a proposal.",
            },
            {
                "ar": "يعرف أجزاء المقترح (السياق، الأهداف، الإطار المنطقي، الميزانية) ويجمع المعطيات اللازمة لها.",
                "fr": "Connaît les parties d'une proposition (contexte, objectifs, cadre logique, budget) et "
                "rassemble les données qu'elles demandent.",
                "en": "Knows the parts of a proposal (context, objectives, logframe, budget) and gathers the "
                "data they need.",
            },
            {
                "ar": "يكتب أجزاء من المقترح (السياق، الأنشطة) تُراجع وتُصحح من طرف زميل متمرس.",
                "fr": "Rédige des parties de la proposition (contexte, activités), relues et corrigées par un "
                "collègue expérimenté.",
                "en": "Writes sections of a proposal (context, activities) that an experienced colleague "
                "reviews and corrects.",
            },
            {
                "ar": "يكتب وحده مقترحاً كاملاً لطلب تمويل من الاتحاد الأوروبي، بإطاره المنطقي وميزانيته.",
                "fr": "Rédige seul une proposition complète pour un appel de l'Union européenne, avec son "
                "cadre logique et son budget.",
                "en": "Writes a complete proposal to an EU call alone, with its logframe and budget.",
            },
            {
                "ar": "مقترحاته تُقبل بانتظام؛ يراجع مقترحات زملائه ويدرّبهم على الكتابة.",
                "fr": "Ses propositions sont régulièrement retenues ; relit celles de ses collègues et les "
                "forme à la rédaction.",
                "en": "Their proposals are regularly awarded; reviews colleagues' proposals and trains them "
                "to write.",
            },
        ],
    ),
    (
        "donor_financial_reporting",
        {
            "ar": (
                "التقارير المالية للمانحين",
                "إعداد التقارير المالية وفق قواعد كل جهة مانحة: النفقات المؤهلة، أسعار الصرف، الإثباتات.",
            ),
            "fr": (
                "Rapports financiers aux bailleurs",
                "Établir les rapports financiers selon les règles de chaque bailleur : dépenses éligibles, "
                "taux de change, pièces justificatives.",
            ),
            "en": (
                "Financial reporting to donors",
                "Produce financial reports to each donor's rules: eligible costs, exchange rates, supporting "
                "documents.",
            ),
        },
        [
            {
                "ar": "لم يشارك بعد في إعداد تقرير مالي لجهة مانحة.",
                "fr": "N'a encore pris part à aucun rapport financier pour un bailleur.",
                "en": "Has not yet taken part in a financial report to a donor.",
            },
            {
                "ar": "يعرف أن لكل مانح قواعده، ويجمع الفواتير والإثباتات المطلوبة.",
                "fr": "Sait que chaque bailleur a ses règles et rassemble les factures et pièces demandées.",
                "en": "Knows that each donor has its rules and gathers the invoices and documents asked for.",
            },
            {
                "ar": "يُعد جدول النفقات حسب بنود الميزانية ويحولها إلى الدرهم، ويراجع عمله المسؤول المالي.",
                "fr": "Prépare l'état des dépenses par ligne budgétaire et les convertit en dirhams ; le "
                "responsable financier le vérifie.",
                "en": "Prepares the statement of expenditure by budget line and converts it to dirhams; the "
                "finance officer checks it.",
            },
            {
                "ar": "يُصدر وحده التقرير المالي الدوري لمانح (الاتحاد الأوروبي، الوكالة الفرنسية للتنمية) ويجيب عن ملاحظاته.",
                "fr": "Émet seul le rapport financier périodique d'un bailleur (UE, AFD) et répond à ses "
                "observations.",
                "en": "Issues a donor's periodic financial report alone (EU, AFD) and answers its comments.",
            },
            {
                "ar": "يحضّر الافتحاص المالي للمشاريع، ويضع نماذج التقارير للوحدة ويدرّب زملاءه عليها.",
                "fr": "Prépare les audits financiers des projets, conçoit les modèles de rapport de l'unité "
                "et y forme ses collègues.",
                "en": "Prepares projects' financial audits, designs the unit's report templates and trains "
                "colleagues in them.",
            },
        ],
    ),
    (
        "monitoring_evaluation",
        {
            "ar": (
                "التتبع والتقييم",
                "تحديد المؤشرات وخطوط الأساس والأهداف، وجمع القيم الفعلية وتقييم النتائج.",
            ),
            "fr": (
                "Suivi et évaluation",
                "Définir indicateurs, valeurs de référence et cibles, recueillir les valeurs réelles et "
                "évaluer les résultats.",
            ),
            "en": (
                "Monitoring and evaluation",
                "Define indicators, baselines and targets, collect actual values and evaluate results.",
            ),
        },
        [
            {
                "ar": "لم يعمل بعد على مؤشرات مشروع.",
                "fr": "N'a encore travaillé sur aucun indicateur de projet.",
                "en": "Has not yet worked on a project's indicators.",
            },
            {
                "ar": "يميّز بين النشاط والنتيجة والمؤشر، ويقرأ إطاراً منطقياً.",
                "fr": "Distingue activité, résultat et indicateur ; sait lire un cadre logique.",
                "en": "Tells an activity, a result and an indicator apart; reads a logframe.",
            },
            {
                "ar": "يجمع القيم الفعلية لفترة ويسجلها مع الإثباتات، بتوجيه من مسير المشروع.",
                "fr": "Recueille les valeurs réelles d'une période et les saisit avec leurs preuves, guidé "
                "par le chef de projet.",
                "en": "Collects a period's actual values and records them with evidence, guided by the "
                "project manager.",
            },
            {
                "ar": "يضع وحده مؤشرات مشروع بخط أساسها وأهدافها، ويكتب تقرير التقدم.",
                "fr": "Définit seul les indicateurs d'un projet, avec valeurs de référence et cibles, et "
                "rédige le rapport d'avancement.",
                "en": "Sets a project's indicators alone, with baselines and targets, and writes the "
                "progress report.",
            },
            {
                "ar": "يقود تقييماً نهائياً مع الشركاء ويستخلص الدروس، ويدرّب الوحدة على التتبع.",
                "fr": "Conduit une évaluation finale avec les partenaires, en tire les leçons et forme "
                "l'unité au suivi.",
                "en": "Leads a final evaluation with the partners, draws the lessons and trains the unit "
                "in monitoring.",
            },
        ],
    ),
    (
        "iati_publishing",
        {
            "ar": (
                "النشر وفق معيار IATI",
                "نشر بيانات المشاريع على البوابة ووفق معيار المبادرة الدولية لشفافية المساعدات (IATI).",
            ),
            "fr": (
                "Publication IATI",
                "Publier les données des projets sur le portail et selon la norme de l'Initiative "
                "internationale pour la transparence de l'aide (IATI).",
            ),
            "en": (
                "IATI publishing",
                "Publish projects' data on the portal and to the International Aid Transparency Initiative "
                "(IATI) standard.",
            ),
        },
        [
            {
                "ar": "لا يعرف معيار IATI بعد.",
                "fr": "Ne connaît pas encore la norme IATI.",
                "en": "Does not know the IATI standard yet.",
            },
            {
                "ar": "يعرف لماذا تنشر الجماعة بياناتها وما الذي يظهر للعموم على البوابة.",
                "fr": "Sait pourquoi la commune publie ses données et ce que le public voit sur le portail.",
                "en": "Knows why the commune publishes its data and what the public sees on the portal.",
            },
            {
                "ar": "يكمل بيانات مشروع (القطاعات، المواقع، المعرّفات) قبل نشره، ويراجعها زميل.",
                "fr": "Complète les données d'un projet (secteurs, lieux, identifiants) avant publication ; "
                "un collègue les vérifie.",
                "en": "Completes a project's data (sectors, places, identifiers) before publication; a "
                "colleague checks them.",
            },
            {
                "ar": "ينشر وحده مشروعاً على البوابة وملف IATI، ويصحح أخطاء التحقق.",
                "fr": "Publie seul un projet sur le portail et dans le fichier IATI, et corrige les erreurs "
                "de validation.",
                "en": "Publishes a project alone on the portal and in the IATI file, and fixes validation "
                "errors.",
            },
            {
                "ar": "يضمن جودة كل ما تنشره الجماعة، ويشرح المعيار للشركاء والزملاء.",
                "fr": "Garantit la qualité de tout ce que publie la commune et explique la norme aux "
                "partenaires et aux collègues.",
                "en": "Answers for the quality of everything the commune publishes and explains the standard "
                "to partners and colleagues.",
            },
        ],
    ),
    (
        "procurement_donor_rules",
        {
            "ar": (
                "الصفقات العمومية وفق قواعد المانحين",
                "إبرام الصفقات وفق المرسوم المغربي للصفقات العمومية وقواعد المانح (PRAG، الوكالة الفرنسية للتنمية).",
            ),
            "fr": (
                "Marchés publics selon les règles des bailleurs",
                "Passer les marchés selon le décret marocain des marchés publics et les règles du bailleur "
                "(PRAG, AFD).",
            ),
            "en": (
                "Public procurement under donor rules",
                "Run procurement under Morocco's public procurement decree and the donor's rules (PRAG, AFD).",
            ),
        },
        [
            {
                "ar": "لم يشارك بعد في صفقة عمومية.",
                "fr": "N'a encore pris part à aucun marché public.",
                "en": "Has not yet taken part in a public procurement.",
            },
            {
                "ar": "يعرف مراحل الصفقة (دفتر التحملات، الإعلان، فتح الأظرفة) وأن للمانح قواعد إضافية.",
                "fr": "Connaît les étapes d'un marché (cahier des charges, avis, ouverture des plis) et sait "
                "que le bailleur a ses propres règles.",
                "en": "Knows the steps of a tender (terms of reference, notice, bid opening) and that the "
                "donor has rules of its own.",
            },
            {
                "ar": "يحرر دفتر تحملات أو سند طلب بمساعدة مصلحة الصفقات.",
                "fr": "Rédige un cahier des charges ou un bon de commande avec l'aide du service des marchés.",
                "en": "Drafts terms of reference or a purchase order with the procurement service's help.",
            },
            {
                "ar": "يسيّر وحده صفقة ممولة من مانح، من الإعلان إلى الإسناد، مع احترام قواعده.",
                "fr": "Conduit seul un marché financé par un bailleur, de l'avis à l'attribution, dans le "
                "respect de ses règles.",
                "en": "Runs a donor-funded tender alone, from notice to award, within the donor's rules.",
            },
            {
                "ar": "يحسم الحالات الصعبة (قواعد متعارضة، طعون) ويدرّب المصالح على قواعد المانحين.",
                "fr": "Tranche les cas difficiles (règles contradictoires, recours) et forme les services "
                "aux règles des bailleurs.",
                "en": "Settles hard cases (conflicting rules, complaints) and trains the services in donor "
                "rules.",
            },
        ],
    ),
    (
        "project_management",
        {
            "ar": ("تدبير المشاريع", "تخطيط مشروع وتتبع أنشطته وآجاله وميزانيته ومخاطره مع الشركاء."),
            "fr": (
                "Gestion de projet",
                "Planifier un projet, en suivre les activités, délais, budget et risques avec les partenaires.",
            ),
            "en": (
                "Project management",
                "Plan a project and follow its activities, deadlines, budget and risks with the partners.",
            ),
        },
        [
            {
                "ar": "لم يشارك بعد في تدبير مشروع.",
                "fr": "N'a encore pris part à la gestion d'aucun projet.",
                "en": "Has not yet taken part in managing a project.",
            },
            {
                "ar": "يعرف دورة المشروع ويقرأ جدولاً زمنياً وميزانية.",
                "fr": "Connaît le cycle de projet ; sait lire un chronogramme et un budget.",
                "en": "Knows the project cycle; reads a timeline and a budget.",
            },
            {
                "ar": "يتتبع أنشطة جزء من مشروع ويبلغ عن التأخيرات لمسير المشروع.",
                "fr": "Suit les activités d'une partie d'un projet et signale les retards au chef de projet.",
                "en": "Follows the activities of part of a project and reports delays to the project manager.",
            },
            {
                "ar": "يسيّر وحده مشروعاً ممولاً من شريك: التخطيط، لجنة القيادة، المخاطر، الإغلاق.",
                "fr": "Gère seul un projet financé par un partenaire : planification, comité de pilotage, "
                "risques, clôture.",
                "en": "Manages a partner-funded project alone: planning, steering committee, risks, closure.",
            },
            {
                "ar": "يسيّر عدة مشاريع في آن واحد ويؤطر مسيري المشاريع الآخرين.",
                "fr": "Pilote plusieurs projets à la fois et encadre les autres chefs de projet.",
                "en": "Steers several projects at once and coaches the other project managers.",
            },
        ],
    ),
    (
        "protocol_delegations",
        {
            "ar": (
                "البروتوكول واستقبال الوفود",
                "تنظيم زيارات وفود الشركاء واستقبالها: البرنامج، الأسبقية، الهدايا، الترجمة، التواصل.",
            ),
            "fr": (
                "Protocole et accueil des délégations",
                "Organiser et accueillir les visites des délégations partenaires : programme, préséance, "
                "cadeaux, interprétation, communication.",
            ),
            "en": (
                "Protocol for delegations",
                "Organise and host partner delegations' visits: programme, precedence, gifts, interpreting, "
                "communication.",
            ),
        },
        [
            {
                "ar": "لم يشارك بعد في استقبال وفد.",
                "fr": "N'a encore pris part à l'accueil d'aucune délégation.",
                "en": "Has not yet taken part in hosting a delegation.",
            },
            {
                "ar": "يعرف قواعد البروتوكول الأساسية (الأسبقية، الأعلام، اللباس) ويساعد يوم الزيارة.",
                "fr": "Connaît les règles de base du protocole (préséance, drapeaux, tenue) et aide le jour "
                "de la visite.",
                "en": "Knows the basic rules of protocol (precedence, flags, dress) and helps on the day of "
                "the visit.",
            },
            {
                "ar": "يعد برنامج الزيارة واللوجستيك (النقل، الإيواء، الترجمة) ويصادق عليه رئيس الوحدة.",
                "fr": "Prépare le programme et la logistique de la visite (transport, hébergement, "
                "interprétation) ; le chef de l'unité le valide.",
                "en": "Prepares the visit's programme and logistics (transport, lodging, interpreting); the "
                "head of unit approves it.",
            },
            {
                "ar": "ينظم وحده زيارة وفد جماعة شريكة كاملة، من الدعوة إلى البلاغ الصحفي.",
                "fr": "Organise seul la visite complète d'une délégation d'une commune jumelle, de "
                "l'invitation au communiqué de presse.",
                "en": "Organises a twin town's delegation visit alone, from the invitation to the press "
                "release.",
            },
            {
                "ar": "يتولى زيارات رفيعة المستوى (سفير، وزير) مع العمالة، ويدرّب الزملاء على البروتوكول.",
                "fr": "Prend en charge les visites de haut niveau (ambassadeur, ministre) avec la préfecture "
                "et forme ses collègues au protocole.",
                "en": "Handles high-level visits (ambassador, minister) with the prefecture and trains "
                "colleagues in protocol.",
            },
        ],
    ),
]

# (code, {"ar", "fr", "en"} name, {skill code: level needed})
POSITIONS = [
    (
        "head_of_unit",
        {
            "ar": "رئيس(ة) وحدة التعاون",
            "fr": "Chef(fe) de l'unité de coopération",
            "en": "Head of the cooperation unit",
        },
        {
            "negotiation": 4,
            "proposal_writing": 3,
            "donor_financial_reporting": 2,
            "monitoring_evaluation": 3,
            "iati_publishing": 2,
            "procurement_donor_rules": 2,
            "project_management": 3,
            "protocol_delegations": 3,
        },
    ),
    (
        "cooperation_officer",
        {"ar": "مكلف(ة) بالتعاون", "fr": "Chargé(e) de coopération", "en": "Cooperation officer"},
        {
            "negotiation": 3,
            "proposal_writing": 3,
            "donor_financial_reporting": 2,
            "monitoring_evaluation": 2,
            "iati_publishing": 3,
            "procurement_donor_rules": 1,
            "project_management": 2,
            "protocol_delegations": 2,
        },
    ),
    (
        "finance_officer",
        {"ar": "مسؤول(ة) مالي(ة)", "fr": "Responsable financier(ère)", "en": "Finance officer"},
        {
            "negotiation": 1,
            "proposal_writing": 2,
            "donor_financial_reporting": 4,
            "monitoring_evaluation": 2,
            "iati_publishing": 2,
            "procurement_donor_rules": 3,
            "project_management": 2,
            "protocol_delegations": 1,
        },
    ),
    (
        "project_manager",
        {"ar": "مسير(ة) مشروع", "fr": "Chef(fe) de projet", "en": "Project manager"},
        {
            "negotiation": 2,
            "proposal_writing": 2,
            "donor_financial_reporting": 2,
            "monitoring_evaluation": 3,
            "iati_publishing": 1,
            "procurement_donor_rules": 3,
            "project_management": 4,
            "protocol_delegations": 1,
        },
    ),
    (
        "communication_protocol",
        {
            "ar": "مكلف(ة) بالتواصل والبروتوكول",
            "fr": "Chargé(e) de communication et du protocole",
            "en": "Communication and protocol officer",
        },
        {
            "negotiation": 2,
            "proposal_writing": 1,
            "donor_financial_reporting": 0,
            "monitoring_evaluation": 1,
            "iati_publishing": 2,
            "procurement_donor_rules": 0,
            "project_management": 1,
            "protocol_delegations": 4,
        },
    ),
]
