"""One demo account per role. Names are fictional; any likeness to real people is unintended."""

import hashlib

from sharaka.core.roles import Role

# Demo only: published in the README and printed by `demo_logins`. Never load the demo in production.
PASSWORD = "aourir-demo-2026"


def totp_key(username: str) -> str:
    """The demo's published authenticator key (hex, 20 bytes) of a user whose role needs a second
    factor: `demo_logins` prints it and the current code; the browser tests compute codes from it."""
    return hashlib.sha1(f"sharaka-demo-totp:{username}".encode()).hexdigest()


# username, role, first name, grammatical gender (role labels follow it), last name (Latin transliteration),
# Arabic name, language, extras
USERS = [
    {
        "username": "admin",
        "role": Role.ADMINISTRATOR,
        "first_name": "Youssef",
        "gender": "m",
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
        "gender": "f",
        "last_name": "Ait Lahcen",
        "name_ar": "فاطمة الزهراء أيت لحسن",
        "language": "ar",
        "sees": "All partners, contacts and projects; creates and edits them, logs interactions, "
        "moves projects along the pipeline, takes agreements along their legal road, prepares council "
        "sessions, publishes on the portal and answers citizens (head of the international cooperation "
        "unit); reads the money.",
    },
    {
        "username": "finance",
        "role": Role.FINANCE_OFFICER,
        "first_name": "Abdellah",
        "gender": "m",
        "last_name": "Oubella",
        "name_ar": "عبد الله أوبلا",
        "language": "ar",
        "sees": "Partners (without contacts), projects and agreements, read only; writes all the money: "
        "co-financing plans, budgets, tranches, transactions, exchange rates, accounts and donor reports.",
    },
    {
        "username": "manager",
        "role": Role.PROJECT_MANAGER,
        "first_name": "Khadija",
        "gender": "f",
        "last_name": "Amzil",
        "name_ar": "خديجة أمزيل",
        "language": "ar",
        "sees": "Partners, contacts and projects; edits and moves only the projects she manages.",
    },
    {
        "username": "manager2",
        "role": Role.PROJECT_MANAGER,
        "first_name": "Hassan",
        "gender": "m",
        "last_name": "Id Belkacem",
        "name_ar": "حسن إد بلقاسم",
        "language": "ar",
        "sees": "Partners, contacts and projects; edits and moves only the projects he manages.",
    },
    {
        "username": "president",
        "role": Role.PRESIDENT,
        "first_name": "Brahim",
        "gender": "m",
        "last_name": "Ouchen",
        "name_ar": "إبراهيم أوشن",
        "language": "ar",
        "sees": "Everything internal, read only; takes the go/no-go decisions (approves or abandons "
        "projects) and signs agreements.",
    },
    {
        "username": "council",
        "role": Role.COUNCIL_MEMBER,
        "first_name": "Naima",
        "gender": "f",
        "last_name": "Bihi",
        "name_ar": "نعيمة بيهي",
        "language": "ar",
        "sees": "Internal summaries: partners (without contacts), projects, agreements and the dashboard, "
        "read only; records council votes.",
    },
    {
        "username": "prefecture",
        "role": Role.PREFECTURE,
        "first_name": "Rachid",
        "gender": "m",
        "last_name": "El Fassi",
        "name_ar": "رشيد الفاسي",
        "language": "ar",
        "sees": "Only the agreements the commune transmits for the Governor's visa (its inbox: receipt, "
        "objection or visa); no partners or projects.",
    },
    {
        "username": "auditor",
        "role": Role.AUDITOR,
        "first_name": "Samira",
        "gender": "f",
        "last_name": "Toufik",
        "name_ar": "سميرة توفيق",
        "language": "ar",
        "sees": "Everything, read only, including the audit ledger (/audit/); changes nothing.",
    },
    {
        "username": "partner.undp",
        "role": Role.PARTNER_VIEWER,
        "first_name": "Amina",
        "gender": "f",
        "last_name": "Benjelloun",
        "name_ar": "أمينة بنجلون",
        "language": "fr",
        "partner": "UNDP",
        "sees": (
            "Only what is shared with UNDP: the projects it takes part in, their totals, UNDP's own money and "
            "donor reports, and their shared documents; never another funder's lines."
        ),
    },
    {
        "username": "partner.giz",
        "role": Role.PARTNER_VIEWER,
        "first_name": "Jonas",
        "gender": "m",
        "last_name": "Becker",
        "name_ar": "يوناس بيكر",
        "language": "en",
        "partner": "GIZ",
        "sees": (
            "Only what is shared with GIZ: the projects it takes part in, their totals, GIZ's own money and "
            "donor reports, and their shared documents; never another funder's lines."
        ),
    },
]
