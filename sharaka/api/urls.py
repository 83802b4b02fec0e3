"""The API, version 1 (docs/api.md). Every view is reached without the pages' sign-in redirect: the
API answers 401 itself, with a JSON body, to a request without a valid token or session."""

from django.contrib.auth.decorators import login_not_required
from django.urls import path
from drf_spectacular.views import SpectacularAPIView

from sharaka.api.views import (
    agreements,
    council,
    documents,
    events,
    finance,
    finance_more,
    funding,
    imports,
    inquiries,
    interactions,
    me,
    partners,
    projects,
    promotion,
    public,
    results,
    schedules,
    staff,
    sustainability,
    trainings,
    workspace,
)

app_name = "api"


def _open(view):
    return login_not_required(view.as_view())


class Schema(SpectacularAPIView):
    authentication_classes = []
    permission_classes = []


urlpatterns = [
    path("schema/", login_not_required(Schema.as_view()), name="schema"),
    path("me/", _open(me.Me), name="me"),
    path("partners/", _open(partners.PartnerList), name="partners"),
    path("partners/<int:pk>/", _open(partners.PartnerDetail), name="partner"),
    path("partners/<int:pk>/contacts/", _open(partners.PartnerContacts), name="partner_contacts"),
    path("partners/<int:pk>/negotiations/", _open(partners.PartnerNegotiations), name="partner_negotiations"),
    path(
        "partners/<int:pk>/negotiations/<int:round_pk>/minutes/",
        _open(partners.NegotiationMinutes),
        name="partner_negotiation_minutes",
    ),
    path(
        "partners/<int:pk>/interactions/<int:interaction_pk>/attachments/",
        _open(interactions.InteractionAttachments),
        name="partner_interaction_attachments",
    ),
    path(
        "partners/<int:pk>/follow-ups/<int:follow_up_pk>/done/",
        _open(interactions.FollowUpDone),
        name="partner_follow_up_done",
    ),
    path(
        "partners/<int:pk>/contacts/<int:contact_pk>/",
        _open(partners.PartnerContact),
        name="partner_contact",
    ),
    path(
        "partners/<int:pk>/interactions/",
        _open(interactions.PartnerInteractions),
        name="partner_interactions",
    ),
    path("projects/", _open(projects.ProjectList), name="projects"),
    path("projects/<int:pk>/", _open(projects.ProjectDetail), name="project"),
    path("projects/<int:pk>/moves/", _open(projects.ProjectMove), name="project_moves"),
    path("projects/<int:pk>/archive/", _open(projects.ProjectArchive), name="project_archive"),
    path("projects/<int:pk>/publication/", _open(projects.ProjectPublication), name="project_publication"),
    path("projects/<int:pk>/documents/", _open(documents.ProjectDocuments), name="project_documents"),
    path(
        "projects/<int:pk>/documents/<int:document_pk>/",
        _open(documents.ProjectDocument),
        name="project_document",
    ),
    path(
        "projects/<int:pk>/documents/<int:document_pk>/file/",
        _open(documents.ProjectDocumentFile),
        name="project_document_file",
    ),
    path("projects/<int:pk>/partners/", _open(projects.ProjectPartners), name="project_partners"),
    path(
        "projects/<int:pk>/partners/<int:participation_pk>/",
        _open(projects.ProjectParticipation),
        name="project_participation",
    ),
    path("projects/<int:pk>/finance/", _open(finance.ProjectFinance), name="project_finance"),
    path("projects/<int:pk>/finance/funders/", _open(finance.ProjectFunders), name="project_funders"),
    path(
        "projects/<int:pk>/finance/funders/<int:funder_pk>/",
        _open(finance.ProjectFunder),
        name="project_funder",
    ),
    path(
        "projects/<int:pk>/finance/budget-lines/",
        _open(finance.ProjectBudgetLines),
        name="project_budget_lines",
    ),
    path(
        "projects/<int:pk>/finance/budget-lines/<int:line_pk>/",
        _open(finance.ProjectBudgetLine),
        name="project_budget_line",
    ),
    path("projects/<int:pk>/finance/tranches/", _open(finance.ProjectTranches), name="project_tranches"),
    path(
        "projects/<int:pk>/finance/tranches/<int:tranche_pk>/",
        _open(finance.ProjectTranche),
        name="project_tranche",
    ),
    path("projects/<int:pk>/transactions/", _open(finance.ProjectTransactions), name="project_transactions"),
    path("projects/<int:pk>/results/", _open(results.ProjectResults), name="project_results"),
    path("projects/<int:pk>/results/<int:result_pk>/", _open(results.ProjectResult), name="project_result"),
    path(
        "projects/<int:pk>/results/<int:result_pk>/indicators/",
        _open(results.ResultIndicators),
        name="project_result_indicators",
    ),
    path(
        "projects/<int:pk>/results/indicators/<int:indicator_pk>/",
        _open(results.ProjectIndicator),
        name="project_indicator",
    ),
    path(
        "projects/<int:pk>/results/indicators/<int:indicator_pk>/periods/",
        _open(results.IndicatorPeriods),
        name="project_indicator_periods",
    ),
    path(
        "projects/<int:pk>/results/periods/<int:period_pk>/",
        _open(results.ProjectPeriod),
        name="project_period",
    ),
    path(
        "projects/<int:pk>/results/periods/<int:period_pk>/lock/",
        _open(results.PeriodLock),
        name="project_period_lock",
    ),
    path(
        "projects/<int:pk>/results/periods/<int:period_pk>/unlock/",
        _open(results.PeriodUnlock),
        name="project_period_unlock",
    ),
    path(
        "projects/<int:pk>/results/periods/<int:period_pk>/updates/",
        _open(results.PeriodUpdates),
        name="project_period_updates",
    ),
    path(
        "projects/<int:pk>/results/updates/<int:update_pk>/",
        _open(results.UpdateDetail),
        name="project_result_update",
    ),
    path(
        "projects/<int:pk>/results/updates/<int:update_pk>/moves/",
        _open(results.UpdateMove),
        name="project_result_update_moves",
    ),
    path(
        "projects/<int:pk>/results/updates/<int:update_pk>/evidence/",
        _open(results.UpdateEvidence),
        name="project_result_update_evidence",
    ),
    path(
        "projects/<int:pk>/results/updates/<int:update_pk>/evidence/<int:evidence_pk>/",
        _open(results.UpdateEvidenceFile),
        name="project_result_update_evidence_file",
    ),
    path(
        "projects/<int:pk>/sustainability/",
        _open(sustainability.ProjectSustainability),
        name="project_sustainability",
    ),
    path("projects/<int:pk>/sustainability/waiver/", _open(sustainability.PlanWaiver), name="project_waiver"),
    path(
        "projects/<int:pk>/sustainability/evidence/",
        _open(sustainability.PlanEvidence),
        name="project_sustainability_evidence",
    ),
    path(
        "projects/<int:pk>/sustainability/evidence/<int:evidence_pk>/file/",
        _open(sustainability.PlanEvidenceFile),
        name="project_sustainability_evidence_file",
    ),
    path("projects/<int:pk>/sustainability/costs/", _open(sustainability.PlanCosts), name="project_costs"),
    path(
        "projects/<int:pk>/sustainability/costs/<int:cost_pk>/",
        _open(sustainability.PlanCost),
        name="project_cost",
    ),
    path("projects/<int:pk>/sustainability/risks/", _open(sustainability.ProjectRisks), name="project_risks"),
    path(
        "projects/<int:pk>/sustainability/risks/<int:risk_pk>/",
        _open(sustainability.ProjectRisk),
        name="project_risk",
    ),
    path(
        "projects/<int:pk>/sustainability/risks/<int:risk_pk>/moves/",
        _open(sustainability.RiskMove),
        name="project_risk_moves",
    ),
    path(
        "projects/<int:pk>/sustainability/checks/", _open(sustainability.ProjectChecks), name="project_checks"
    ),
    path(
        "projects/<int:pk>/sustainability/checks/<int:check_pk>/",
        _open(sustainability.ProjectCheck),
        name="project_check",
    ),
    path(
        "projects/<int:pk>/sustainability/checks/<int:check_pk>/photos/<int:photo_pk>/",
        _open(sustainability.CheckPhotoFile),
        name="project_check_photo",
    ),
    path("projects/<int:pk>/results/bulk/", _open(imports.ResultsBulk), name="project_results_bulk"),
    path(
        "projects/<int:pk>/results/template/", _open(imports.ResultsTemplate), name="project_results_template"
    ),
    path("projects/<int:pk>/finance/import/", _open(imports.FinanceImport), name="project_finance_import"),
    path("projects/<int:pk>/reporting/", _open(schedules.ProjectSchedules), name="project_reporting"),
    path(
        "agreements/obligations/<int:pk>/reporting/",
        _open(schedules.ObligationSchedules),
        name="obligation_reporting",
    ),
    path("reporting/<int:pk>/", _open(schedules.ScheduleDetail), name="reporting_schedule"),
    path("reporting/due/<int:pk>/done/", _open(schedules.DueDone), name="due_report_done"),
    path("reporting/due/<int:pk>/reopen/", _open(schedules.DueReopen), name="due_report_reopen"),
    path("inquiries/", _open(inquiries.Inquiries), name="inquiries"),
    path("inquiries/<int:pk>/", _open(inquiries.InquiryDetail), name="inquiry"),
    path("capacity/staff/", _open(staff.Staff), name="staff"),
    path("capacity/staff/<int:pk>/", _open(staff.StaffDetail), name="staff_profile"),
    path("capacity/staff/<int:pk>/languages/", _open(staff.StaffLanguages), name="staff_languages"),
    path("capacity/skills/", _open(staff.Skills), name="skills"),
    path("capacity/skills/<int:pk>/levels/<int:level>/", _open(staff.SkillLevelDetail), name="skill_level"),
    path("capacity/positions/<int:pk>/needs/", _open(staff.PositionNeeds), name="position_needs"),
    path("capacity/trainings/", _open(trainings.Trainings), name="trainings"),
    path("capacity/trainings/<int:pk>/", _open(trainings.TrainingDetail), name="training"),
    path("capacity/trainings/<int:pk>/moves/", _open(trainings.TrainingMove), name="training_moves"),
    path(
        "capacity/trainings/<int:pk>/participants/",
        _open(trainings.TrainingParticipants),
        name="training_participants",
    ),
    path(
        "capacity/trainings/<int:pk>/participants/<int:participation_pk>/",
        _open(trainings.TrainingParticipant),
        name="training_participant",
    ),
    path(
        "capacity/trainings/<int:pk>/participants/<int:participation_pk>/certificate/",
        _open(trainings.TrainingCertificate),
        name="training_certificate",
    ),
    path(
        "capacity/trainings/<int:pk>/participants/<int:participation_pk>/certificate/file/",
        _open(trainings.TrainingCertificateFile),
        name="training_certificate_file",
    ),
    path(
        "capacity/trainings/<int:pk>/attendance/",
        _open(trainings.TrainingAttendance),
        name="training_attendance",
    ),
    path("promotion/events/", _open(events.Events), name="promotion_events"),
    path("promotion/events/<int:pk>/", _open(events.EventDetail), name="promotion_event"),
    path(
        "promotion/events/<int:pk>/publication/",
        _open(events.EventPublication),
        name="promotion_event_publication",
    ),
    path("promotion/events/<int:pk>/archive/", _open(events.EventArchive), name="promotion_event_archive"),
    path(
        "promotion/events/<int:pk>/sponsorships/",
        _open(events.EventSponsorships),
        name="promotion_event_sponsorships",
    ),
    path(
        "promotion/events/<int:pk>/sponsorships/<int:sponsorship_pk>/",
        _open(events.EventSponsorship),
        name="promotion_event_sponsorship",
    ),
    path(
        "promotion/events/<int:pk>/sponsorships/<int:sponsorship_pk>/removal/",
        _open(events.SponsorshipRemoval),
        name="promotion_sponsorship_removal",
    ),
    path("promotion/opportunities/", _open(promotion.Opportunities), name="promotion_opportunities"),
    path(
        "promotion/opportunities/<int:pk>/", _open(promotion.OpportunityDetail), name="promotion_opportunity"
    ),
    path(
        "promotion/opportunities/<int:pk>/moves/",
        _open(promotion.OpportunityMove),
        name="promotion_opportunity_moves",
    ),
    path(
        "promotion/opportunities/<int:pk>/publication/",
        _open(promotion.OpportunityPublication),
        name="promotion_opportunity_publication",
    ),
    path(
        "promotion/opportunities/<int:pk>/archive/",
        _open(promotion.OpportunityArchive),
        name="promotion_opportunity_archive",
    ),
    path(
        "promotion/opportunities/<int:pk>/photos/",
        _open(promotion.OpportunityPhotos),
        name="promotion_opportunity_photos",
    ),
    path("promotion/inquiries/", _open(promotion.OpportunityInquiries), name="promotion_inquiries"),
    path(
        "promotion/inquiries/<int:pk>/", _open(promotion.OpportunityInquiryDetail), name="promotion_inquiry"
    ),
    path("promotion/photos/<int:pk>/", _open(promotion.PhotoDetail), name="promotion_photo"),
    path("promotion/photos/<int:pk>/moves/", _open(promotion.PhotoMove), name="promotion_photo_moves"),
    path("promotion/photos/<int:pk>/file/", _open(promotion.PhotoFile), name="promotion_photo_file"),
    path("finance/rates/", _open(finance_more.ExchangeRates), name="finance_rates"),
    path("finance/rates/import/", _open(imports.RatesImport), name="finance_rates_import"),
    path("finance/accounts/", _open(finance_more.Accounts), name="finance_accounts"),
    path("finance/reports/<int:report_pk>/xlsx/", _open(finance_more.ReportXlsx), name="finance_report_xlsx"),
    path("finance/reports/<int:report_pk>/pdf/", _open(finance_more.ReportPdf), name="finance_report_pdf"),
    path("projects/<int:pk>/finance/reports/", _open(finance_more.ProjectReports), name="project_reports"),
    path(
        "projects/<int:pk>/finance/tranches/from-agreement/",
        _open(finance_more.TranchesFromAgreement),
        name="project_tranches_from_agreement",
    ),
    path("funding/calls/", _open(funding.CallList), name="funding_calls"),
    path("funding/calls/<int:pk>/", _open(funding.CallDetail), name="funding_call"),
    path("funding/calls/<int:pk>/archive/", _open(funding.CallArchive), name="funding_call_archive"),
    path("funding/calls/<int:pk>/documents/", _open(funding.CallDocuments), name="funding_call_documents"),
    path(
        "funding/calls/<int:pk>/documents/<int:document_pk>/file/",
        _open(funding.CallDocumentFile),
        name="funding_call_document_file",
    ),
    path("funding/applications/", _open(funding.ApplicationList), name="funding_applications"),
    path("funding/applications/<int:pk>/", _open(funding.ApplicationDetail), name="funding_application"),
    path(
        "funding/applications/<int:pk>/proposal/",
        _open(funding.ApplicationProposal),
        name="funding_application_proposal",
    ),
    path(
        "funding/applications/<int:pk>/proposal/sections/<str:key>/",
        _open(funding.ProposalSectionDetail),
        name="funding_proposal_section",
    ),
    path(
        "funding/applications/<int:pk>/proposal/sections/<str:key>/reuse/",
        _open(funding.ProposalSectionReuse),
        name="funding_proposal_section_reuse",
    ),
    path(
        "funding/applications/<int:pk>/moves/",
        _open(funding.ApplicationMove),
        name="funding_application_moves",
    ),
    path("transactions/", _open(finance.TransactionList), name="transactions"),
    path("transactions/<int:pk>/", _open(finance.TransactionDetail), name="transaction"),
    path("transactions/<int:pk>/reversal/", _open(finance.TransactionReversal), name="transaction_reversal"),
    path("workspace/agreements/", _open(workspace.PartnerAgreements), name="workspace_agreements"),
    path("workspace/agreements/<int:pk>/", _open(workspace.PartnerAgreement), name="workspace_agreement"),
    path(
        "workspace/agreements/<int:pk>/documents/<int:document_pk>/file/",
        _open(workspace.PartnerAgreementDocumentFile),
        name="workspace_agreement_document_file",
    ),
    path(
        "workspace/obligations/<int:pk>/submissions/",
        _open(workspace.ObligationSubmissions),
        name="workspace_obligation_submissions",
    ),
    path("workspace/submissions/", _open(workspace.Submissions), name="workspace_submissions"),
    path("workspace/submissions/<int:pk>/", _open(workspace.SubmissionDetail), name="workspace_submission"),
    path(
        "workspace/submissions/<int:pk>/review/",
        _open(workspace.SubmissionReview),
        name="workspace_submission_review",
    ),
    path(
        "workspace/submissions/<int:pk>/file/",
        _open(workspace.SubmissionFile),
        name="workspace_submission_file",
    ),
    path(
        "workspace/projects/<int:pk>/messages/",
        _open(workspace.ProjectMessages),
        name="workspace_project_messages",
    ),
    path("workspace/threads/", _open(workspace.Threads), name="workspace_threads"),
    path(
        "workspace/threads/<int:pk>/messages/",
        _open(workspace.ThreadMessages),
        name="workspace_thread_messages",
    ),
    path("council/sessions/", _open(council.SessionList), name="council_sessions"),
    path("council/sessions/<int:pk>/", _open(council.SessionDetail), name="council_session"),
    path(
        "council/sessions/<int:pk>/attendance/",
        _open(council.SessionAttendance),
        name="council_session_attendance",
    ),
    path(
        "council/sessions/<int:pk>/items/<int:item_pk>/vote/",
        _open(council.ItemVote),
        name="council_item_vote",
    ),
    path("agreements/", _open(agreements.AgreementList), name="agreements"),
    path("agreements/<int:pk>/", _open(agreements.AgreementDetail), name="agreement"),
    path("agreements/<int:pk>/moves/", _open(agreements.AgreementMove), name="agreement_moves"),
    path("agreements/<int:pk>/parties/", _open(agreements.AgreementParties), name="agreement_parties"),
    path(
        "agreements/<int:pk>/amendments/", _open(agreements.AgreementAmendments), name="agreement_amendments"
    ),
    path("agreements/<int:pk>/documents/", _open(agreements.AgreementDocuments), name="agreement_documents"),
    path(
        "agreements/<int:pk>/documents/<int:document_pk>/file/",
        _open(agreements.AgreementDocumentFile),
        name="agreement_document_file",
    ),
    path(
        "agreements/<int:pk>/delegations/",
        _open(agreements.AgreementDelegations),
        name="agreement_delegations",
    ),
    path(
        "agreements/<int:pk>/plan-actions/",
        _open(agreements.AgreementPlanActions),
        name="agreement_plan_actions",
    ),
    path(
        "agreements/<int:pk>/plan-actions/<int:action_pk>/moves/",
        _open(agreements.PlanActionMove),
        name="agreement_plan_action_moves",
    ),
    path(
        "agreements/<int:pk>/obligations/",
        _open(agreements.AgreementObligations),
        name="agreement_obligations",
    ),
    path(
        "agreements/<int:pk>/obligations/<int:obligation_pk>/done/",
        _open(agreements.ObligationDone),
        name="agreement_obligation_done",
    ),
    path("public/projects/", _open(public.PublicProjectList), name="public_projects"),
    path("public/projects/<int:pk>/", _open(public.PublicProjectDetail), name="public_project"),
]
