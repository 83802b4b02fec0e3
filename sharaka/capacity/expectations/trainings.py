"""Expected status per role of the trainings pages of the capacity app (merged by capacity/url_expectations.py).

The world's trainings: one held (given by the world's partner) which a person without an account
attended (with a certificate) and another is registered on; one planned whose last day has passed
(it may be marked held or cancelled).

The unit reads trainings (`capacity.view`: administrator, cooperation officer, president, auditor);
the administrator and the cooperation officer change them (`capacity.manage`); the commune's other
staff 403; the prefecture and partner viewers 404. A certificate is also read by the person and their
manager, an evaluation page by the person (who writes it) and their manager (who reads it): pinned in
capacity/tests/test_trainings_pages.py, the world's profiles having no account. The unit's managers
enter a paper evaluation while none is written; the president and the auditor 403 there.
"""

import datetime

from sharaka.core.testing import expect, pdf_upload, wrote


def world_trainings(w):
    if "training" not in w.extra:
        from django.core.files.base import ContentFile

        from sharaka.capacity.models import Participation, Position, Skill, StaffProfile, Training
        from sharaka.capacity.pipeline import PIPELINE

        p = w.personas
        skill, _ = Skill.objects.get_or_create(
            code="negotiation",
            defaults={"name_ar": "التفاوض", "name_fr": "Négociation", "name_en": "Negotiation"},
        )
        position, _ = Position.objects.get_or_create(
            code="cooperation_officer",
            defaults={
                "name_ar": "إطار التعاون",
                "name_fr": "Chargé de coopération",
                "name_en": "Cooperation officer",
            },
        )
        # Profiles without an account: the staff part's world links the personas' accounts to its own
        # profiles; who reads a person's certificate and evaluation (the person, their manager) is
        # pinned by capacity/tests/test_trainings_pages.py.
        person = StaffProfile.objects.create(full_name="Amina Ait Lahcen", position=position)
        other = StaffProfile.objects.create(full_name="Youssef Amzil", position=position)
        StaffProfile.objects.create(full_name="Fatima Oubella", position=position)
        held = Training.objects.create(
            title_fr="Atelier de négociation",
            title_ar="ورشة التفاوض",
            provider=w.organisation,
            starts_on=datetime.date(2026, 10, 1),
            ends_on=datetime.date(2026, 10, 2),
            format=Training.Format.WORKSHOP,
            status=Training.Status.HELD,
            created_by=p.officer,
        )
        held.skills.set([skill])
        planned = Training.objects.create(
            title_fr="Rédaction de propositions",
            provider_name="Cabinet Souss Conseil",
            starts_on=datetime.date(2026, 11, 2),
            ends_on=datetime.date(2026, 11, 3),
            format=Training.Format.COURSE,
            created_by=p.officer,
        )
        planned.skills.set([skill])
        PIPELINE.start(actor=p.officer, obj=planned)
        w.extra["training"] = held
        w.extra["planned_training"] = planned
        w.extra["participation"] = Participation.objects.create(
            training=held,
            profile=person,
            attendance=Participation.Attendance.ATTENDED,
            certificate=ContentFile(b"%PDF-1.4 certificate", name="certificate.pdf"),
            certificate_name="certificate.pdf",
        )
        w.extra["registered"] = Participation.objects.create(training=held, profile=other)
    return w.extra["training"]


def _training(w):
    return {"pk": world_trainings(w).pk}


def _planned(w):
    world_trainings(w)
    return {"pk": w.extra["planned_training"].pk}


def _participation(w):
    world_trainings(w)
    return {"pk": w.extra["training"].pk, "participation_pk": w.extra["participation"].pk}


def _registered(w):
    world_trainings(w)
    return {"pk": w.extra["training"].pk, "participation_pk": w.extra["registered"].pk}


UNIT_READS = expect(
    403,
    administrator=200,
    cooperation_officer=200,
    president=200,
    auditor=200,
    prefecture=404,
    partner_viewer=404,
)
UNIT_WRITES_PAGE = expect(
    200,
    finance_officer=403,
    project_manager=403,
    president=403,
    council_member=403,
    auditor=403,
    prefecture=404,
    partner_viewer=404,
)

URLS = {
    "capacity:trainings": (None, UNIT_READS),
    "capacity:training": (_training, UNIT_READS),
    "capacity:training_create": (None, UNIT_WRITES_PAGE),
    "capacity:training_edit": (_training, UNIT_WRITES_PAGE),
    "capacity:training_move": (_planned, UNIT_WRITES_PAGE),
    "capacity:training_participants": (_training, UNIT_WRITES_PAGE),
    "capacity:training_participant_remove": (_registered, expect(405)),
    "capacity:training_attendance": (_training, UNIT_WRITES_PAGE),
    "capacity:training_certificate": (_participation, UNIT_WRITES_PAGE),
    # The unit (and the person and their manager: none has an account here).
    "capacity:training_certificate_file": (_participation, UNIT_READS),
    # The administrator reads it; the cooperation officer enters a paper form (none written yet).
    "capacity:training_evaluation": (_participation, UNIT_WRITES_PAGE),
}

UNIT_WRITES = expect(
    403, administrator=wrote(), cooperation_officer=wrote(), prefecture=404, partner_viewer=404
)


def _training_data(w):
    world_trainings(w)
    skill = w.extra["training"].skills.get()
    return {
        "title_fr": "Atelier de rapportage financier",
        "skills": [skill.pk],
        "provider_name": "Cabinet Souss Conseil",
        "starts_on": "2026-09-01",
        "ends_on": "2026-09-02",
        "format": "workshop",
        "cost": "0",
        "currency": "MAD",
    }


def _edit_data(w):
    return {**_training_data(w), "version": w.extra["training"].version}


def _marks(w):
    world_trainings(w)
    return {f"p{row.pk}": "attended" for row in w.extra["training"].participations.all()}


def _add(w):
    from sharaka.capacity.models import StaffProfile

    world_trainings(w)
    return {"profiles": [StaffProfile.objects.get(full_name="Fatima Oubella").pk]}


POSTS = {
    "capacity:training_create": (_training_data, UNIT_WRITES),
    "capacity:training_edit": (_edit_data, UNIT_WRITES),
    "capacity:training_move": (lambda w: {"to": "cancelled", "reason": "Le cabinet a annulé."}, UNIT_WRITES),
    "capacity:training_participants": (_add, UNIT_WRITES),
    "capacity:training_participant_remove": (None, UNIT_WRITES),
    "capacity:training_attendance": (_marks, UNIT_WRITES),
    "capacity:training_certificate": (lambda w: {"file": pdf_upload("certificat.pdf")}, UNIT_WRITES),
    # The unit's managers enter a paper form (none written yet).
    "capacity:training_evaluation": (
        lambda w: {"rating": "4", "evaluation": "Utile pour les négociations."},
        UNIT_WRITES,
    ),
}

GET_ONLY = {"capacity:trainings", "capacity:training", "capacity:training_certificate_file"}
