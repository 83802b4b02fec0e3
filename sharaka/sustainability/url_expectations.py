"""Expected status of every named URL of the sustainability app, per role (core/tests/test_url_access.py).

The world gains a completed project (`world_sustainability`), managed by the project-manager persona
and funded by the partner viewer's organisation, ended on 2026-01-31, with a plan (one recurrent
cost not yet covered: coverage 0%), a council decision as evidence, an open risk, its three
post-support checks (the first recorded, with a photo). Partner viewers read the plan summary of
their projects and nothing internal (evidence, risks, checks: 404). Prefecture staff: 404.
"""

import datetime
import io
from decimal import Decimal

from sharaka.core.testing import expect, page, pdf_upload, wrote


def png_bytes(size=(8, 6)) -> bytes:
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", size, (30, 120, 200)).save(out, format="PNG")
    return out.getvalue()


def png_upload(name="visite.png"):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, png_bytes(), content_type="image/png")


def world_sustainability(w) -> dict:
    if "sustainability" not in w.extra:
        from django.core.files.base import ContentFile

        from sharaka.core.testing import make_project, share_project
        from sharaka.sustainability.models import Check, CheckPhoto, Evidence, Plan, RecurrentCost, Risk

        project = make_project(
            code="AOU-T-SUST",
            title_fr="Station de pompage",
            title_ar="محطة الضخ",
            manager=w.personas.manager,
            status="completed",
            planned_start=datetime.date(2025, 1, 1),
            planned_end=datetime.date(2025, 12, 31),
            actual_start=datetime.date(2025, 1, 6),
            actual_end=datetime.date(2026, 1, 31),
        )
        share_project(project, w.organisation)
        plan = Plan.objects.create(
            project=project,
            exit_strategy="Le service des eaux de la commune reprend la station.",
            maintainer_kind="commune_service",
            maintainer_name="Service des eaux",
        )
        evidence = Evidence.objects.create(
            plan=plan,
            title="Décision du conseil",
            kind="council_decision",
            file=ContentFile(b"%PDF-1.4 decision", name="decision.pdf"),
            content_type="application/pdf",
            size=17,
            sha256="0" * 64,
            uploaded_by=w.personas.officer,
        )
        cost = RecurrentCost.objects.create(
            plan=plan,
            what="Électricité de la pompe",
            amount_per_year=Decimal("12000.00"),
            payer_kind="nobody",
        )
        risk = Risk.objects.create(
            project=project,
            description="Le budget communal ne couvre pas l'électricité",
            category="financial",
            likelihood=3,
            impact=4,
            score=12,
            owner=w.personas.manager,
            review_on=datetime.date(2027, 1, 15),
        )
        checks = [
            Check.objects.create(
                project=project, months=m, due_on=datetime.date(2026, 1, 31) + datetime.timedelta(days=30 * m)
            )
            for m in (6, 12, 24)
        ]
        first = checks[0]
        first.checked_on, first.working, first.used, first.maintained = (
            datetime.date(2026, 8, 3),
            "yes",
            "yes",
            "partly",
        )
        first.checked_by = w.personas.manager
        first.save()
        photo = CheckPhoto.objects.create(
            check_visit=first,
            file=ContentFile(png_bytes(), name="visite.png"),
            content_type="image/png",
            width=8,
            height=6,
            size=100,
            sha256="0" * 64,
            uploaded_by=w.personas.manager,
        )
        w.extra["sustainability"] = {
            "project": project,
            "plan": plan,
            "evidence": evidence,
            "cost": cost,
            "risk": risk,
            "check": checks[1],
            "done_check": first,
            "photo": photo,
        }
    return w.extra["sustainability"]


def _project(w):
    return {"pk": world_sustainability(w)["project"].pk}


def _with(key, name):
    def kwargs(w):
        found = world_sustainability(w)
        return {"pk": found["project"].pk, name: found[key].pk}

    return kwargs


# Whoever may edit the project (the unit, its manager); other readers 403.
EDITORS = expect(403, administrator=200, cooperation_officer=200, project_manager=200, prefecture=404)
# The same, for the internal side (risks, checks): a partner viewer does not see it at all.
INTERNAL_EDITORS = expect(
    403, administrator=200, cooperation_officer=200, project_manager=200, prefecture=404, partner_viewer=404
)
INTERNAL_READERS = expect(200, prefecture=404, partner_viewer=404)

URLS = {
    "sustainability_dashboard": (None, INTERNAL_READERS),
    "sustainability_settings": (
        None,
        expect(403, administrator=200, cooperation_officer=200, prefecture=404, partner_viewer=404),
    ),
    # The plan summary: the partner viewer's organisation funds this project.
    "sustainability_plan": (_project, expect(200, prefecture=404)),
    "sustainability_plan_edit": (_project, EDITORS),
    "sustainability_cost_add": (_project, EDITORS),
    "sustainability_cost_edit": (_with("cost", "cost_pk"), EDITORS),
    "sustainability_evidence_upload": (_project, EDITORS),
    "sustainability_evidence_download": (_with("evidence", "evidence_pk"), INTERNAL_READERS),
    "sustainability_risk_add": (_project, INTERNAL_EDITORS),
    "sustainability_risk_edit": (_with("risk", "risk_pk"), INTERNAL_EDITORS),
    "sustainability_check_record": (_with("check", "check_pk"), INTERNAL_EDITORS),
    "sustainability_check_photo": (
        lambda w: {
            "pk": world_sustainability(w)["project"].pk,
            "check_pk": world_sustainability(w)["done_check"].pk,
            "photo_pk": world_sustainability(w)["photo"].pk,
        },
        INTERNAL_READERS,
    ),
    # POST only.
    "sustainability_plan_waive": (_project, expect(405)),
    "sustainability_cost_remove": (_with("cost", "cost_pk"), expect(405)),
    "sustainability_risk_move": (_with("risk", "risk_pk"), expect(405)),
}

POST_EDITORS = expect(
    403, administrator=wrote(), cooperation_officer=wrote(), project_manager=wrote(), prefecture=404
)
POST_INTERNAL_EDITORS = expect(
    403,
    administrator=wrote(),
    cooperation_officer=wrote(),
    project_manager=wrote(),
    prefecture=404,
    partner_viewer=404,
)

POSTS = {
    "sustainability_settings": (
        page(lambda w: {"coverage_threshold": "75"}),
        expect(403, administrator=wrote(), cooperation_officer=wrote(), prefecture=404, partner_viewer=404),
    ),
    "sustainability_plan_edit": (
        page(lambda w: {"maintainer_name": "Association des usagers"}),
        POST_EDITORS,
    ),
    # The president alone records why a project may close below the threshold.
    "sustainability_plan_waive": (
        lambda w: {"reason": "Le budget 2027 inscrit la ligne en octobre"},
        expect(403, president=wrote(), prefecture=404, partner_viewer=404),
    ),
    "sustainability_cost_add": (
        page(lambda w: {"what": "Entretien", "amount_per_year": "5000", "payer_kind": "user_fees"}),
        POST_EDITORS,
    ),
    "sustainability_cost_edit": (page(lambda w: {"what": "Électricité et entretien"}), POST_EDITORS),
    "sustainability_cost_remove": (None, POST_EDITORS),
    "sustainability_evidence_upload": (
        page(lambda w: {"title": "Convention", "kind": "maintenance_agreement", "file": pdf_upload()}),
        POST_EDITORS,
    ),
    "sustainability_risk_add": (
        page(
            lambda w: {
                "description": "Départ de l'association",
                "category": "institutional",
                "likelihood": "2",
                "impact": "5",
                "review_on": "2027-03-01",
            }
        ),
        POST_INTERNAL_EDITORS,
    ),
    "sustainability_risk_edit": (page(lambda w: {"mitigation": "Convention signée"}), POST_INTERNAL_EDITORS),
    "sustainability_risk_move": (lambda w: {"to": "closed", "reason": "Traité"}, POST_INTERNAL_EDITORS),
    "sustainability_check_record": (
        page(
            lambda w: {
                "checked_on": "2026-12-01",
                "working": "yes",
                "used": "partly",
                "maintained": "yes",
                "findings": "La pompe tourne.",
                "photo": png_upload(),
            }
        ),
        POST_INTERNAL_EDITORS,
    ),
}
GET_ONLY = {
    "sustainability_dashboard",
    "sustainability_plan",
    "sustainability_evidence_download",
    "sustainability_check_photo",
}
