"""Expected status of every named URL of the results app, per role (see core/tests/test_url_access.py).

The world's project (managed by the project-manager persona, shared with the partner viewer's
organisation) has an output with one indicator and two periods: an open one, holding a draft, a
submitted and an approved update (the approved one with evidence), and a locked one. The commune's
staff read everything; the chain is changed by the unit and the project's manager; values are
reported by them and approved by the unit or the president; a partner viewer reads approved updates
only (a draft or a submitted update is "not found" to them); prefecture staff: 404 everywhere.
"""

from sharaka.core.testing import expect, page, pdf_upload, wrote


def world_results(w):
    if "results" not in w.extra:
        import datetime
        from decimal import Decimal

        from django.core.files.uploadedfile import SimpleUploadedFile

        from sharaka.results import services
        from sharaka.results.models import Evidence, Result

        officer, manager = w.personas.officer, w.personas.manager
        result = services.result_save(
            actor=officer,
            project=w.project,
            result=None,
            data={"type": Result.Type.OUTPUT, "title_fr": "Bornes-fontaines", "title_ar": "سقايات عمومية"},
        )
        indicator = services.indicator_save(
            actor=officer,
            result=result,
            indicator=None,
            data={
                "title_fr": "Ménages raccordés",
                "title_ar": "الأسر المربوطة",
                "measure": "1",
                "baseline_value": Decimal("0"),
                "baseline_year": 2025,
            },
        )
        period = services.period_save(
            actor=officer,
            indicator=indicator,
            period=None,
            data={
                "start": datetime.date(2026, 1, 1),
                "end": datetime.date(2026, 6, 30),
                "target": Decimal("100"),
            },
        )
        closed = services.period_save(
            actor=officer,
            indicator=indicator,
            period=None,
            data={
                "start": datetime.date(2026, 7, 1),
                "end": datetime.date(2026, 12, 31),
                "target": Decimal("200"),
            },
        )
        approved = services.update_save(
            actor=manager, period=period, update=None, data={"value": Decimal("40")}
        )
        services.update_move(actor=manager, update=approved, to="submitted")
        approved = services.update_move(actor=officer, update=approved, to="approved")
        evidence = Evidence.objects.create(
            update=approved,
            title="Liste des ménages",
            file=SimpleUploadedFile("menages.pdf", b"%PDF-1.4 test", content_type="application/pdf"),
            content_type="application/pdf",
            size=13,
            sha256="0" * 64,
            uploaded_by=manager,
        )
        submitted = services.update_save(
            actor=manager, period=period, update=None, data={"value": Decimal("55")}
        )
        submitted = services.update_move(actor=manager, update=submitted, to="submitted")
        draft = services.update_save(actor=manager, period=period, update=None, data={"value": Decimal("60")})
        services.period_lock(actor=officer, period=closed)
        w.extra["results"] = {
            "result": result,
            "indicator": indicator,
            "period": period,
            "locked": closed,
            "approved": approved,
            "submitted": submitted,
            "draft": draft,
            "evidence": evidence,
        }
    return w.extra["results"]


def _kw(**names):
    """kwargs for a URL: the project's pk and the named world objects' pks."""

    def kwargs(w):
        objects = world_results(w)
        return {"pk": w.project.pk, **{key: objects[name].pk for key, name in names.items()}}

    return kwargs


# Everyone who may see the project reads its results; prefecture staff do not see projects.
READERS = expect(200, prefecture=404)
# The chain is changed by the unit and the project's manager; other readers 403.
EDITORS = expect(403, administrator=200, cooperation_officer=200, project_manager=200, prefecture=404)
# A draft is the commune's work in progress: a partner never learns it exists.
DRAFT_EDITORS = {**EDITORS, "partner_viewer": 404}

URLS = {
    "results_project": (_kw(), READERS),
    "results_result_add": (_kw(), EDITORS),
    "results_result_edit": (_kw(result_pk="result"), EDITORS),
    "results_indicator_add": (_kw(result_pk="result"), EDITORS),
    "results_indicator_edit": (_kw(indicator_pk="indicator"), EDITORS),
    "results_period_add": (_kw(indicator_pk="indicator"), EDITORS),
    # The locked period: its page holds the unlock form (for the fuzzer to find).
    "results_period": (_kw(period_pk="locked"), READERS),
    "results_period_edit": (_kw(period_pk="period"), EDITORS),
    "results_update_add": (_kw(period_pk="period"), EDITORS),
    # A submitted update (its page holds the approve and return forms): the commune only; a partner
    # reads approved updates alone (results/tests/test_pages.py).
    "results_update": (_kw(update_pk="submitted"), expect(200, prefecture=404, partner_viewer=404)),
    "results_update_edit": (_kw(update_pk="draft"), DRAFT_EDITORS),
    "results_evidence_upload": (_kw(update_pk="draft"), DRAFT_EDITORS),
    "results_evidence_download": (_kw(update_pk="approved", evidence_pk="evidence"), READERS),
    # POST only: a GET is refused before anything else is looked at.
    "results_period_lock": (_kw(period_pk="period"), expect(405)),
    "results_period_unlock": (_kw(period_pk="locked"), expect(405)),
    "results_update_move": (_kw(update_pk="submitted"), expect(405)),
}

# What a POST does, per role: written out, never read from the code (pipeline.py, access.py).
POST_EDITORS = expect(
    403, administrator=wrote(), cooperation_officer=wrote(), project_manager=wrote(), prefecture=404
)
POST_DRAFT_EDITORS = {**POST_EDITORS, "partner_viewer": 404}
# Approving a submitted update: the unit and the president; the manager reports but does not approve.
POST_APPROVERS = expect(
    403,
    administrator=wrote(),
    cooperation_officer=wrote(),
    president=wrote(),
    prefecture=404,
    partner_viewer=404,
)
# Locks: the unit and the president.
POST_LOCKERS = expect(
    403, administrator=wrote(), cooperation_officer=wrote(), president=wrote(), prefecture=404
)

POSTS = {
    "results_result_add": (page(lambda w: {"type": "2", "title_fr": "Accès à l'eau amélioré"}), POST_EDITORS),
    "results_result_edit": (page(lambda w: {"title_fr": "Bornes-fontaines (révisé)"}), POST_EDITORS),
    "results_indicator_add": (
        page(
            lambda w: {
                "title_ar": "عدد السقايات",
                "measure": "1",
                "baseline_value": "2",
                "baseline_year": "2025",
            }
        ),
        POST_EDITORS,
    ),
    "results_indicator_edit": (page(lambda w: {"unit_fr": "ménages"}), POST_EDITORS),
    "results_period_add": (
        page(lambda w: {"start": "2027-01-01", "end": "2027-06-30", "target": "300"}),
        POST_EDITORS,
    ),
    "results_period_edit": (page(lambda w: {"target": "120"}), POST_EDITORS),
    "results_update_add": (
        page(lambda w: {"value": "70", "narrative_fr": "Soixante-dix ménages raccordés"}),
        POST_EDITORS,
    ),
    "results_update_edit": (page(lambda w: {"value": "65"}), POST_DRAFT_EDITORS),
    "results_evidence_upload": (
        page(lambda w: {"title": "Photos", "file": pdf_upload()}),
        POST_DRAFT_EDITORS,
    ),
    "results_update_move": (
        lambda w: {"to": "approved", "version": world_results(w)["submitted"].version},
        POST_APPROVERS,
    ),
    "results_period_lock": (lambda w: {}, POST_LOCKERS),
    "results_period_unlock": (
        lambda w: {"reason": "Chiffre corrigé après la visite de terrain"},
        POST_LOCKERS,
    ),
}
GET_ONLY = {"results_project", "results_period", "results_update", "results_evidence_download"}
