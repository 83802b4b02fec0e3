"""Demo for the partner workspace: GIZ, which funds the LED public lighting (AOU-2025-006) under the
financing agreement DEMO-AGR-14 (energy efficiency of municipal buildings), owes the commune an energy
audit report. Its partner viewer sent a method note, which the unit accepted and showed on the public
portal, and the draft report, which waits for the unit's review. GIZ and the unit talk about the
lighting's night measurements in the project's thread, and the minutes of GIZ's visit of the training
workshops are kept with that interaction. All of it fictional.

Everything goes through the services (audit ledger filled as if typed in). Idempotent: the obligation
is found by agreement and title, submissions by obligation and title, the thread by project and
organisation, the attachment by its name; nothing is made twice. Runs after the agreements (ORDER 10)
and the portal (ORDER 30), which publishes the lighting project.
"""

import datetime

from django.core.files.uploadedfile import SimpleUploadedFile

from sharaka.agreements import services as agreements
from sharaka.agreements.models import Agreement, Obligation
from sharaka.demo.pdf import minimal_pdf
from sharaka.partners import services as partners
from sharaka.partners.models import Interaction
from sharaka.partnerspace import services
from sharaka.partnerspace.models import Submission, Thread
from sharaka.projects.models import Project

ORDER = 60
DAY = datetime.timedelta(days=1)

AGREEMENT = "DEMO-AGR-14"
PROJECT = "AOU-2025-006"  # Energy-saving LED public lighting, GIZ 120,000 EUR
OBLIGATION = "Rapport d'audit énergétique des bâtiments communaux (fictif)"

# (title, file name, PDF lines, note to the unit, decision: "accepted" public, or None: waits)
SUBMISSIONS = [
    (
        "Note méthodologique de l'audit énergétique (fictive)",
        "note-methodologique-audit-energetique.pdf",
        ("Audit energetique des batiments communaux d'Aourir", "Note methodologique - document fictif"),
        "Méthode de mesure retenue avec le service technique : relevés sur douze mois, 14 bâtiments.",
        "accepted",
    ),
    (
        "Rapport d'audit énergétique, version provisoire (fictif)",
        "rapport-audit-energetique-provisoire.pdf",
        ("Audit energetique des batiments communaux d'Aourir", "Rapport provisoire - document fictif"),
        "Version provisoire pour vos remarques avant la restitution au conseil.",
        None,
    ),
]

# (from the partner, author, body): partner in French, the unit in Arabic, the partner again.
MESSAGES = [
    (
        True,
        "partner.giz",
        "Bonjour, nos experts souhaitent mesurer la consommation de l'éclairage LED la nuit, entre 22 h et "
        "2 h, pendant une semaine. Pouvez-vous nous indiquer les armoires de commande d'Assersif ?",
    ),
    (
        False,
        "officer",
        "مرحبًا، يسعدنا ذلك. سيرافق تقني من المصلحة التقنية فريقكم، وسنرسل لكم لائحة خزانات التحكم "
        "بأسرسيف قبل نهاية الأسبوع.",
    ),
    (
        True,
        "partner.giz",
        "Merci beaucoup. Nous proposons de commencer lundi prochain ; les relevés seront joints au rapport "
        "d'audit.",
    ),
]

INTERACTION = "Visit of the training workshops in Tamraght"
MINUTES = "compte-rendu-visite-ateliers-tamraght.pdf"


def _pdf(name, *lines):
    return SimpleUploadedFile(name, minimal_pdf(*lines, "Aourir demo (fictional)"), "application/pdf")


def load(loader) -> None:
    agreement = Agreement.objects.filter(reference=AGREEMENT).first()
    giz = loader.organisations.get("GIZ")
    viewer, officer = loader.users.get("partner.giz"), loader.users["officer"]
    if agreement is None or giz is None or viewer is None:
        return
    project = Project.objects.filter(code=PROJECT, participations__organisation=giz).first()
    if project is not None and not agreement.projects.filter(pk=project.pk).exists():
        # The agreement covers the project it funds: the portal shows its public documents there.
        agreements.agreement_update(
            actor=officer,
            agreement=agreement,
            data={},
            expected_version=agreement.version,
            projects=[*agreement.projects.all(), project],
        )
    _submissions(loader, agreement, giz, viewer, officer)
    if project is not None:
        _thread(loader, project, giz)
    _minutes(loader, giz)


def _submissions(loader, agreement, giz, viewer, officer) -> None:
    obligation = agreement.obligations.filter(title=OBLIGATION).first()
    if obligation is None:
        party = agreement.parties.filter(organisation=giz).first()
        obligation = agreements.obligation_add(
            actor=officer,
            agreement=agreement,
            data={
                "party": party,
                "kind": Obligation.Kind.REPORT,
                "title": OBLIGATION,
                "due_on": loader.today + 21 * DAY,
                "owner": officer,
            },
        )
        loader.created["obligations"] += 1
    if obligation.state != Obligation.State.OPEN:
        return
    for title, name, lines, note, decision in SUBMISSIONS:
        if obligation.submissions.filter(title=title).exists():
            continue
        submission = services.submission_create(
            actor=viewer, obligation=obligation, title=title, note=note, upload=_pdf(name, *lines)
        )
        if decision == Submission.Status.ACCEPTED:
            services.submission_review(
                actor=officer, submission=submission, to=Submission.Status.ACCEPTED, public=True
            )
        loader.created["partner submissions"] += 1


def _thread(loader, project, giz) -> None:
    if Thread.objects.filter(project=project, organisation=giz).exists():
        return
    thread = None
    for from_partner, username, body in MESSAGES:
        author = loader.users[username]
        if from_partner:
            message = services.message_post_by_partner(actor=author, project=project, body=body)
            thread = message.thread
        else:
            services.message_reply(actor=author, thread=thread, body=body)
        loader.created["partner messages"] += 1


def _minutes(loader, giz) -> None:
    interaction = Interaction.objects.filter(organisation=giz, subject=INTERACTION).first()
    if interaction is None or interaction.attachments.filter(name=MINUTES).exists():
        return
    partners.interaction_attach(
        actor=loader.users["manager"],
        interaction=interaction,
        files=[
            _pdf(
                MINUTES,
                "Visite des ateliers de formation de Tamraght",
                "Compte rendu - GIZ et commune d'Aourir (fictif)",
                "Atelier hotellerie : 18 stagiaires presentes, listes d'emargement a completer.",
            )
        ],
    )
    loader.created["interaction attachments"] += 1
