"""Demo agreements: one at every state of the legal road, council sessions with attendance and
roll-calls, a twinning with the fictional Saint-Aubin-sur-Loire in force with its obligations and an
amendment under way, and one agreement that reached the tacit visa by the clock.

Everything goes through the services (audit ledger filled as if typed in). Idempotent: agreements
are found by reference number, sessions by type and opening date; nothing is made twice.
"""

import datetime
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile

from sharaka.agreements import council, pipeline, services
from sharaka.agreements.models import Agreement, CouncilSession
from sharaka.agreements.pipeline import Status as S
from sharaka.demo.pdf import minimal_pdf

ORDER = 10
REASON = "Aourir demo data (fictional scenario)"
DAY = datetime.timedelta(days=1)

# Fictional council members for the roll-calls (35 in office; the demo records 27 present).
MEMBERS = [
    f"{first} {last} (fictif)"
    for first, last in zip(
        "Ahmed Fatima Brahim Khadija Lahcen Aicha Mohamed Zineb Hassan Naima Omar Malika Youssef Hanane "
        "Abdellah Souad Rachid Latifa Mustapha Amina Said Rkia Hamid Fadma Driss Meryem Ali".split(),
        "Amzil Bouhaddou Oubella Aitlhaj Idbouali Akhnif Boutaleb Ouzzine Elfassi Tahiri Id-Ahmed Oukacha "
        "Bouzid Lamrani Ait-Ali Benjelloun Amrani Chakir Ouchen Bahmad Azzouz Ihya Hafid Rami Alaoui Naciri "
        "Moussaoui".split(),
        strict=True,
    )
]

# (reference, kind, partner acronym, target state, session key, titles ar/fr/en, cash of the partner)
AGREEMENTS = [
    ("DEMO-AGR-01", "twinning", "SASL", S.IN_FORCE, "past",
     ("اتفاقية توأمة بين جماعة أورير وجماعة سان أوبان سور لوار (خيالية)",
      "Convention de jumelage Aourir – Saint-Aubin-sur-Loire (fictive)",
      "Twinning agreement Aourir – Saint-Aubin-sur-Loire (fictional)"), ("EUR", "60000")),
    ("DEMO-AGR-02", "decentralised", "CD44", S.VISA_TACIT, "past",
     ("اتفاقية تعاون لامركزي لتدبير الموارد المائية", "Coopération décentralisée : gestion de l'eau",
      "Decentralised cooperation: water management"), ("EUR", "45000")),
    ("DEMO-AGR-03", "partnership", "INDH", S.IDEA, None,
     ("شراكة لتأهيل ملاعب القرب", "Partenariat : terrains de proximité", "Partnership: neighbourhood sports grounds"), None),
    ("DEMO-AGR-04", "partnership", "AACS", S.QUALIFIED, None,
     ("شراكة مع جمعية لدعم التعاونيات النسوية", "Partenariat : coopératives féminines d'argan",
      "Partnership: women's argan cooperatives"), None),
    ("DEMO-AGR-05", "financing", "WWF", S.DRAFTED, None,
     ("اتفاقية تمويل لحماية المنطقة الساحلية", "Financement : protection du littoral", "Financing: coastal protection"),
     ("EUR", "80000")),
    ("DEMO-AGR-06", "decentralised", "SASL", S.PRIOR_CONSENT, None,
     ("تبادل شبابي مع سان أوبان سور لوار (خيالية)", "Échanges de jeunes avec Saint-Aubin (fictive)",
      "Youth exchanges with Saint-Aubin (fictional)"), None),
    ("DEMO-AGR-07", "partnership", "CRSM", S.ON_AGENDA, "next",
     ("شراكة مع مجلس جهة سوس ماسة للنقل المدرسي", "Partenariat Région Souss-Massa : transport scolaire",
      "Partnership with the Souss-Massa Region: school transport"), None),
    ("DEMO-AGR-08", "mou", "UNICEF", S.IN_COMMITTEE, "next",
     ("مذكرة تفاهم حول الجماعة الصديقة للأطفال", "Protocole d'accord : commune amie des enfants",
      "MoU: child-friendly commune"), None),
    ("DEMO-AGR-09", "partnership", "SURFRIDER-MA", S.DELIBERATED, "recent",
     ("شراكة لتنظيف الشواطئ", "Partenariat : nettoyage des plages", "Partnership: beach clean-ups"), None),
    ("DEMO-AGR-10", "network", "UN-HABITAT", S.TRANSMITTED, "recent",
     ("الانخراط في شبكة المدن المستدامة", "Adhésion au réseau des villes durables", "Membership of a sustainable-cities network"),
     None),
    ("DEMO-AGR-11", "partnership", "IFRC", S.OBJECTION_WINDOW, "recent",
     ("شراكة للتأهب للكوارث", "Partenariat : préparation aux catastrophes", "Partnership: disaster preparedness"), None),
    ("DEMO-AGR-12", "twinning", "CD44", S.VISA_PENDING, "recent",
     ("اتفاقية توأمة ثقافية مع لوار أتلانتيك", "Jumelage culturel avec la Loire-Atlantique", "Cultural twinning with Loire-Atlantique"),
     None),
    ("DEMO-AGR-13", "decentralised", "SASL", S.VISA_GRANTED, "past",
     ("تعاون لامركزي في مجال التدبير المفوض للنفايات", "Coopération décentralisée : déchets", "Decentralised cooperation: waste"),
     None),
    ("DEMO-AGR-14", "financing", "GIZ", S.APPROVED_86, "past",
     ("اتفاقية تمويل لكفاءة الطاقة في المباني الجماعية", "Financement : efficacité énergétique des bâtiments communaux",
      "Financing: energy efficiency of municipal buildings"), ("EUR", "120000")),
    ("DEMO-AGR-15", "financing", "ENABEL", S.SIGNED, "past",
     ("اتفاقية تمويل للتكوين المهني للشباب", "Financement : formation professionnelle des jeunes",
      "Financing: vocational training for young people"), ("EUR", "90000")),
    ("DEMO-AGR-16", "partnership", "FDS", S.PUBLISHED, "past",
     ("شراكة لدعم مهرجان العسل", "Partenariat : festival du miel", "Partnership: honey festival"), None),
    ("DEMO-AGR-17", "financing", "AFD", S.BUDGETED, "past",
     ("اتفاقية تمويل لشبكة التطهير السائل", "Financement : assainissement liquide", "Financing: liquid sanitation"),
     ("EUR", "250000")),
    ("DEMO-AGR-18", "partnership", "CRM", S.CLOSED, "past",
     ("شراكة لمحو الأمية", "Partenariat : alphabétisation", "Partnership: literacy"), None),
    ("DEMO-AGR-19", "mou", "JICA", S.TERMINATED, "past",
     ("مذكرة تفاهم حول الصيد التقليدي", "Protocole d'accord : pêche artisanale", "MoU: small-scale fishing"), None),
    ("DEMO-AGR-20", "partnership", "EU", S.LAPSED, "past",
     ("شراكة للتنشيط السياحي", "Partenariat : animation touristique", "Partnership: tourism events"), None),
    ("DEMO-AGR-21", "partnership", "UNDP", S.ABANDONED, None,
     ("شراكة لم تستكمل حول الطاقة الشمسية", "Partenariat abandonné : énergie solaire", "Abandoned partnership: solar energy"), None),
    ("DEMO-AGR-22", "decentralised", "CD44", S.VISA_REFUSED, "past",
     ("تعاون لامركزي حول تسيير الموانئ", "Coopération décentralisée : gestion portuaire", "Decentralised cooperation: port management"),
     None),
]  # fmt: skip
ENDS = {S.CLOSED, S.TERMINATED, S.LAPSED}

# The object of some agreements (article 1 of their drafts), in Arabic, French and English.
OBJECTS = {
    "DEMO-AGR-01": (
        "تحدد هذه الاتفاقية إطار التوأمة بين جماعة أورير وجماعة سان أوبان سور لوار (خيالية): تبادل الزيارات "
        "بين المدارس، وتدبير النفايات، وتبادل الخبرات بين مصالح الجماعتين.",
        "La présente convention fixe le cadre du jumelage entre la commune d'Aourir et la commune de "
        "Saint-Aubin-sur-Loire (fictive) : échanges scolaires, gestion des déchets et échanges d'expérience "
        "entre les services des deux communes.",
        "This agreement sets the framework of the twinning between the commune of Aourir and the commune of "
        "Saint-Aubin-sur-Loire (fictional): school exchanges, waste management and exchanges of experience "
        "between the services of both communes.",
    ),
    "DEMO-AGR-02": (
        "التعاون في تدبير الموارد المائية: تشخيص الشبكة، وتكوين التقنيين، وتتبع جودة الماء.",
        "Coopération pour la gestion des ressources en eau : diagnostic du réseau, formation des techniciens "
        "et suivi de la qualité de l'eau.",
        "Cooperation on water resources management: diagnosis of the network, training of technicians and "
        "monitoring of water quality.",
    ),
    "DEMO-AGR-05": (
        "تمويل أشغال حماية الشريط الساحلي لأورير وإعادة تأهيل الكثبان الرملية.",
        "Financement des travaux de protection du littoral d'Aourir et de restauration des dunes.",
        "Funding of the works protecting the coastline of Aourir and restoring its dunes.",
    ),
    "DEMO-AGR-14": (
        "تمويل تحسين الكفاءة الطاقية للمباني الجماعية: العزل، والإنارة الاقتصادية، والألواح الشمسية.",
        "Financement de l'efficacité énergétique des bâtiments communaux : isolation, éclairage économe et "
        "panneaux solaires.",
        "Funding of the energy efficiency of municipal buildings: insulation, low-energy lighting and solar "
        "panels.",
    ),
    "DEMO-AGR-15": (
        "تمويل برنامج للتكوين المهني لفائدة شباب الجماعة في مهن الصيد البحري والسياحة.",
        "Financement d'un programme de formation professionnelle des jeunes de la commune aux métiers de la "
        "pêche et du tourisme.",
        "Funding of a vocational training programme for the commune's young people in fishing and tourism "
        "trades.",
    ),
    "DEMO-AGR-17": (
        "تمويل توسيع شبكة التطهير السائل في أحياء أورير المركز.",
        "Financement de l'extension du réseau d'assainissement liquide dans les quartiers d'Aourir centre.",
        "Funding of the extension of the liquid sanitation network in the quarters of Aourir centre.",
    ),
}


def _ordinary_start(year: int, month: int) -> datetime.date:
    """Ordinary sessions open in the first week of February, May and October: the first Monday."""
    day = datetime.date(year, month, 1)
    return day + datetime.timedelta(days=(7 - day.weekday()) % 7)


def _sessions(loader) -> dict:
    today = loader.today
    starts = sorted(_ordinary_start(y, m) for y in range(today.year - 2, today.year + 2) for m in (2, 5, 10))
    past = max(s for s in starts if s <= today - datetime.timedelta(days=90))
    upcoming = min(s for s in starts if s >= today + datetime.timedelta(days=22))
    recent = today - datetime.timedelta(days=20)
    specs = {
        "past": ("ordinary", past, past + datetime.timedelta(days=11)),
        "next": ("ordinary", upcoming, upcoming + datetime.timedelta(days=11)),
        "recent": ("extraordinary", recent, recent + DAY),
    }
    found = {}
    for key, (kind, start, end) in specs.items():
        session = CouncilSession.objects.filter(kind=kind, starts_on=start).first()
        if session is None:
            session = council.session_create(
                actor=loader.users["officer"],
                data={"kind": kind, "starts_on": start, "ends_on": end, "members_in_office": 35},
            )
            loader.created["council sessions"] += 1
            if start <= today:
                council.session_attendance(
                    actor=loader.users["officer"],
                    session=session,
                    convocation=1,
                    members_present=len(MEMBERS),
                )
        found[key] = session
    return found


def _dates(session, today) -> dict:
    """The day each step was taken, laid out as the law allows around the session."""
    if session is None:
        return {}
    start, end = session.starts_on, session.ends_on
    return {
        S.QUALIFIED: start - 45 * DAY,
        S.DRAFTED: start - 40 * DAY,
        S.PRIOR_CONSENT: start - 30 * DAY,
        S.ON_AGENDA: min(start - 25 * DAY, today),
        S.IN_COMMITTEE: min(start - 5 * DAY, today),
        S.DELIBERATED: start,
        S.TRANSMITTED: end + 3 * DAY,
        S.OBJECTION_WINDOW: end + 4 * DAY,
        S.VISA_PENDING: end + 10 * DAY,
        S.VISA_GRANTED: end + 14 * DAY,
        S.VISA_REFUSED: end + 14 * DAY,
        S.APPROVED_86: end + 16 * DAY,
        S.SIGNED: end + 18 * DAY,
        S.PUBLISHED: end + 20 * DAY,
        S.BUDGETED: end + 27 * DAY,
        S.IN_FORCE: end + 30 * DAY,
        S.CLOSED: end + 60 * DAY,
        S.TERMINATED: end + 60 * DAY,
        S.LAPSED: end + 60 * DAY,
    }


def _actor(loader, to):
    roles = pipeline.ENTER.get(to, set()) | {
        r for (_f, t), rs in pipeline.SIDE_MOVES.items() if t == to for r in rs
    }
    for username, role in (
        ("officer", "cooperation_officer"),
        ("prefecture", "prefecture"),
        ("president", "president"),
    ):
        if role in roles:
            return loader.users[username]
    return loader.users["admin"]


def _pdf(reference, to):
    name = f"{reference.lower()}-{to}.pdf"
    return SimpleUploadedFile(
        name, minimal_pdf(f"{reference} - {to}", "Aourir demo (fictional)"), "application/pdf"
    )


def _walk(loader, agreement, target, session, dates, tacit_received=None):
    """Move the agreement along its road up to `target` through the services."""
    road = agreement.road
    # An end is reached from the last state of the road that leads to it; the tacit visa by the clock.
    leads_to = {
        S.CLOSED: S.IN_FORCE,
        S.TERMINATED: S.IN_FORCE,
        S.LAPSED: S.IN_FORCE,
        S.VISA_TACIT: S.VISA_PENDING,
        S.VISA_REFUSED: S.VISA_PENDING,
        S.ABANDONED: S.DRAFTED,
    }
    last = leads_to.get(target, target)
    path = road[1 : road.index(last) + 1]
    if target in leads_to and target != S.VISA_TACIT:
        path.append(target)
    decision = f"{agreement.reference}-D"
    for to in path:
        day = dates.get(to, loader.today)
        if to == S.OBJECTION_WINDOW and target == S.OBJECTION_WINDOW:
            day = loader.today - DAY  # the window is open now
        if to == S.OBJECTION_WINDOW and tacit_received:
            day = tacit_received
        if to == S.VISA_PENDING and tacit_received:
            day = tacit_received + 5 * DAY
        if to == S.DELIBERATED:
            item = agreement.agenda_items.filter(session=session).first()
            if item and item.result == "pending":
                council.item_vote(
                    actor=loader.users["council"],
                    item=item,
                    votes=[(name, "for" if i < 22 else "abstain", i == 0) for i, name in enumerate(MEMBERS)],
                    majority="votes_cast",
                    decision_number=decision,
                )
        agreement = services.agreement_advance(
            actor=_actor(loader, to),
            agreement=agreement,
            to=to,
            reason=REASON,
            document=_pdf(agreement.reference, to) if to in pipeline.REQUIRED_DOCUMENT else None,
            session=session,
            decision_number=decision,
            today=min(day, loader.today),
        )
    return agreement


def load(loader) -> None:
    existing = set(
        Agreement.objects.filter(reference__startswith="DEMO-AGR-").values_list("reference", flat=True)
    )
    if all(spec[0] in existing for spec in AGREEMENTS):
        return
    sessions = _sessions(loader)
    officer = loader.users["officer"]
    for reference, kind, acronym, target, session_key, (ar, fr, en), cash in AGREEMENTS:
        if reference in existing:
            continue
        partner = loader.organisations[acronym]
        agreement = services.agreement_create(
            actor=officer,
            data={
                "kind": kind,
                "reference": reference,
                "title_ar": ar,
                "title_fr": fr,
                "title_en": en,
                **dict(
                    zip(
                        ("object_ar", "object_fr", "object_en"),
                        OBJECTS.get(reference, ("", "", "")),
                        strict=True,
                    )
                ),
                "languages": "العربية، الفرنسية / arabe, français",
                "starts_on": loader.today.replace(day=1) - datetime.timedelta(days=120),
                "duration_months": 36,
                "notice_months": 6,
                "renewal_terms": "Tacite reconduction pour trois ans sauf préavis.",
                "owner": officer,
                "is_fictional": True,
            },
            partners=[partner],
        )
        if cash:
            currency, amount = cash
            services.agreement_party_set(
                actor=officer,
                agreement=agreement,
                organisation=partner,
                cash_amount=Decimal(amount),
                currency=currency,
            )
        services.agreement_party_set(
            actor=officer,
            agreement=agreement,
            organisation=None,
            in_kind_value=Decimal("150000"),
            currency="MAD",
            in_kind_description="Locaux, personnel de la cellule de coopération, logistique des visites.",
        )
        services.agreement_document_add(
            actor=officer,
            agreement=agreement,
            kind="draft",
            title=f"Projet de convention {reference}",
            upload=_pdf(reference, "draft"),
        )
        session = sessions.get(session_key)
        tacit = loader.today - 30 * DAY if target == S.VISA_TACIT else None
        agreement = Agreement.objects.get(pk=agreement.pk)
        _walk(loader, agreement, target, session, _dates(session, loader.today), tacit_received=tacit)
        loader.created["agreements"] += 1
    if loader.created["agreements"]:
        services.tick(today=loader.today)  # the clock: DEMO-AGR-02 reaches the tacit visa by itself
        twinning = Agreement.objects.get(reference="DEMO-AGR-01")
        _twinning_life(loader, twinning)
        if not twinning.amendments.exists():
            services.agreement_amend(
                actor=officer,
                agreement=twinning,
                changes={"duration_months": 48},
                reason="Prolongation d'un an pour achever le programme d'échanges scolaires (fictif).",
                reference="DEMO-AGR-01-AV1",
            )


def _twinning_life(loader, twinning) -> None:
    """Two exchange visits and a joint action plan for the Saint-Aubin twinning (all fictional)."""
    if twinning.delegations.exists():
        return
    officer, today = loader.users["officer"], loader.today
    visits = [
        ("outgoing", today - 70 * DAY, today - 65 * DAY,
         "Président du conseil (fictif)\nChef de la cellule de coopération (fictif)\nDeux membres du conseil (fictifs)",
         "Signature du programme d'échanges ; visite du centre de tri de Saint-Aubin.",
         "Accord sur un diagnostic commun de la collecte des déchets à Tamraght et Aourir centre."),
        ("incoming", today + 40 * DAY, today + 44 * DAY,
         "Maire adjointe de Saint-Aubin (fictive)\nDeux techniciens de l'environnement (fictifs)\nUne classe de collège",
         "Atelier sur le tri des déchets ; échange scolaire avec le collège d'Aourir ; festival du miel.", ""),
    ]  # fmt: skip
    for direction, start, end, people, purpose, outcomes in visits:
        services.delegation_add(
            actor=officer,
            agreement=twinning,
            data={"direction": direction, "starts_on": start, "ends_on": end, "people": people,
                  "purpose": purpose, "outcomes": outcomes},
        )  # fmt: skip
    actions = [
        ("Diagnostic commun de la collecte des déchets", "officer", "Service environnement de Saint-Aubin", -60, -10, "done"),
        ("Échange scolaire : 12 élèves de chaque commune", "officer", "Collège de Saint-Aubin", -20, 45, "under_way"),
        ("Formation de deux agents communaux au compostage", "manager", "Régie des déchets de Saint-Aubin", 10, 90, "planned"),
        ("Rapport annuel conjoint au conseil", "officer", "Cabinet du maire", 30, 120, "planned"),
        ("Stand de Saint-Aubin au festival du miel", "officer", "Comité de jumelage", -30, -2, "planned"),
    ]  # fmt: skip
    for title, owner, partner_owner, start, due, state in actions:
        action = services.plan_action_add(
            actor=officer,
            agreement=twinning,
            data={"title": title, "owner": loader.users[owner], "partner_owner": partner_owner,
                  "starts_on": today + start * DAY, "due_on": today + due * DAY},
        )  # fmt: skip
        if state != "planned":
            services.plan_action_set_state(actor=officer, action=action, state=state)
    # What the unit must deliver to its twin soon: one report already late, one list due in two weeks
    # (the first tranche call is done once its money arrives, so these keep the dashboard honest).
    party = twinning.parties.filter(organisation__isnull=True).first()  # the commune owes them
    for title, due in (
        ("Rapport d'étape semestriel à Saint-Aubin (fictif)", -12),
        ("Liste des élèves de l'échange scolaire (fictif)", 14),
    ):
        services.obligation_add(
            actor=officer,
            agreement=twinning,
            data={
                "party": party,
                "kind": "report",
                "title": title,
                "due_on": today + due * DAY,
                "owner": officer,
            },
        )
