"""One demo account per role. Names are fictional; any likeness to real people is unintended."""

from sharaka.core.roles import Role

# Demo only: published in the README and printed by `demo_logins`. Never load the demo in production.
PASSWORD = "aourir-demo-2026"

# username, role, first name, last name (Latin transliteration), Arabic name, language, extras
USERS = [
    {
        "username": "admin",
        "role": Role.ADMINISTRATOR,
        "first_name": "Youssef",
        "last_name": "Ait Brahim",
        "name_ar": "يوسف أيت إبراهيم",
        "language": "ar",
        "is_staff": True,
        "is_superuser": True,
        "sees": "Everything, including users and roles, the audit ledger and the Django admin (/admin/).",
    },
    {
        "username": "officer",
        "role": Role.COOPERATION_OFFICER,
        "first_name": "Fatima Zahra",
        "last_name": "Ait Lahcen",
        "name_ar": "فاطمة الزهراء أيت لحسن",
        "language": "ar",
        "sees": "All partners, contacts and projects; creates and edits them, logs interactions and "
        "moves projects along the pipeline (head of the international cooperation unit).",
    },
    {
        "username": "finance",
        "role": Role.FINANCE_OFFICER,
        "first_name": "Abdellah",
        "last_name": "Oubella",
        "name_ar": "عبد الله أوبلا",
        "language": "ar",
        "sees": "Partners (without contacts) and projects with their committed amounts, read only.",
    },
    {
        "username": "manager",
        "role": Role.PROJECT_MANAGER,
        "first_name": "Khadija",
        "last_name": "Amzil",
        "name_ar": "خديجة أمزيل",
        "language": "ar",
        "sees": "Partners, contacts and projects; edits and moves only the projects she manages.",
    },
    {
        "username": "manager2",
        "role": Role.PROJECT_MANAGER,
        "first_name": "Hassan",
        "last_name": "Id Belkacem",
        "name_ar": "حسن إد بلقاسم",
        "language": "ar",
        "sees": "Partners, contacts and projects; edits and moves only the projects he manages.",
    },
    {
        "username": "president",
        "role": Role.PRESIDENT,
        "first_name": "Brahim",
        "last_name": "Ouchen",
        "name_ar": "إبراهيم أوشن",
        "language": "ar",
        "sees": "Everything internal, read only; takes the go/no-go decisions (approves or abandons projects).",
    },
    {
        "username": "council",
        "role": Role.COUNCIL_MEMBER,
        "first_name": "Naima",
        "last_name": "Bihi",
        "name_ar": "نعيمة بيهي",
        "language": "ar",
        "sees": "Internal summaries: partners (without contacts), projects and the dashboard, read only.",
    },
    {
        "username": "prefecture",
        "role": Role.PREFECTURE,
        "first_name": "Rachid",
        "last_name": "El Fassi",
        "name_ar": "رشيد الفاسي",
        "language": "ar",
        "sees": "Only what the commune sends to the prefecture for a visa; no partners or projects.",
    },
    {
        "username": "auditor",
        "role": Role.AUDITOR,
        "first_name": "Samira",
        "last_name": "Toufik",
        "name_ar": "سميرة توفيق",
        "language": "ar",
        "sees": "Everything, read only, including the audit ledger (/audit/); changes nothing.",
    },
    {
        "username": "partner.undp",
        "role": Role.PARTNER_VIEWER,
        "first_name": "Amina",
        "last_name": "Benjelloun",
        "name_ar": "أمينة بنجلون",
        "language": "fr",
        "partner": "UNDP",
        "sees": "Only what is shared with UNDP: the projects it takes part in and their shared documents.",
    },
    {
        "username": "partner.giz",
        "role": Role.PARTNER_VIEWER,
        "first_name": "Jonas",
        "last_name": "Becker",
        "name_ar": "يوناس بيكر",
        "language": "en",
        "partner": "GIZ",
        "sees": "Only what is shared with GIZ: the projects it takes part in and their shared documents.",
    },
]
