from django import forms
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError
from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.response import Response

from sharaka.api import serializers as out
from sharaka.api.errors import Invalid
from sharaka.api.views.base import (
    CURSOR,
    IF_MATCH,
    Api,
    Pages,
    etag,
    expected_version,
    form_filter,
    form_parameters,
    version_held,
)
from sharaka.api.views.forms import (
    changes_to,
    current_data,
    form_data,
    formset_data,
    json_object,
    on_top,
    valid,
)
from sharaka.core.forms import SharakaForm
from sharaka.core.roles import can
from sharaka.portal import services as portal_services
from sharaka.projects import access, codes, services
from sharaka.projects.forms import (
    MAX_SECTORS,
    ArchiveForm,
    MoveForm,
    PartnerForm,
    ProjectFilterForm,
    ProjectForm,
)
from sharaka.projects.models import Project, ProjectPartner, StatusChange

FILTERS = form_parameters(
    {
        "q": (str, "Words of the title, summary or code (as the project list's search box)."),
        "status": (str, "Status code (see `status.code`)."),
        "area": (str, "Cooperation area code."),
        "objective": (str, "Objective code."),
        "partner": (str, "A partner taking part: its id, or its acronym at scales with many partners."),
        "locality": (str, "A locality: its id, or its name at scales with many localities."),
        "year": (int, "Year of planned start."),
        "archived": (bool, "Include archived projects."),
    }
)
ORDERINGS = {"recent": ("-updated_at", "-id"), "code": ("code",), "-code": ("-code",)}


class SectorIn(serializers.Serializer):
    code = serializers.CharField(help_text="A DAC 5-digit sector code.")
    percentage = serializers.IntegerField(required=False)


class ProjectIn(serializers.Serializer):
    """The fields of the page's "Edit the project" form; a PATCH sends only those it changes."""

    code = serializers.CharField(required=False)
    pac_reference = serializers.CharField(required=False, allow_blank=True)
    priority = serializers.IntegerField(required=False)
    title_ar = serializers.CharField(required=False, allow_blank=True)
    title_fr = serializers.CharField(required=False, allow_blank=True)
    title_en = serializers.CharField(required=False, allow_blank=True)
    summary_ar = serializers.CharField(required=False, allow_blank=True)
    summary_fr = serializers.CharField(required=False, allow_blank=True)
    summary_en = serializers.CharField(required=False, allow_blank=True)
    beneficiaries_women = serializers.IntegerField(required=False)
    beneficiaries_youth = serializers.IntegerField(required=False)
    beneficiaries_disabled = serializers.IntegerField(required=False)
    beneficiaries_other = serializers.IntegerField(required=False)
    planned_start = serializers.DateField(required=False, allow_null=True)
    planned_end = serializers.DateField(required=False, allow_null=True)
    actual_start = serializers.DateField(required=False, allow_null=True)
    actual_end = serializers.DateField(required=False, allow_null=True)
    manager = serializers.IntegerField(required=False, allow_null=True)
    internal_notes = serializers.CharField(required=False, allow_blank=True)
    objectives = serializers.ListField(child=serializers.IntegerField(), required=False)
    areas = serializers.ListField(child=serializers.IntegerField(), required=False)
    sdgs = serializers.ListField(child=serializers.IntegerField(), required=False)
    localities = serializers.ListField(child=serializers.IntegerField(), required=False)
    sectors = SectorIn(many=True, required=False, help_text="All of them, up to three, adding up to 100.")


LISTS = ("objectives", "areas", "sdgs", "localities")


def _sector_rows(sectors) -> dict:
    """The body's sectors (all of them) as the page's sector formset receives them."""
    return formset_data(
        "sectors",
        "sectors",
        sectors,
        ("code", "percentage"),
        MAX_SECTORS,
        _("Send at most three sectors, each an object."),
        all_given=True,
    )


class ProjectList(Api):
    """The projects a role sees on the project list, with the list's filters; `ordering` is `recent`
    (the last changed first, the default), `code` or `-code`."""

    serializer_class = out.ProjectOut
    pagination_class = Pages

    def filter_form(self, request, data):
        return ProjectFilterForm(data, projects=Project.objects.visible_to(request.user))

    @property
    def ordering(self):
        return ORDERINGS.get(self.request.query_params.get("ordering", ""), ORDERINGS["recent"])

    @extend_schema(
        parameters=[
            *FILTERS,
            *form_parameters({"ordering": (str, "recent (default), code or -code.")}),
            *CURSOR,
        ],
        responses=out.ProjectOut(many=True),
    )
    def get(self, request):
        if not access.may_see_projects(request.user):
            raise Http404
        projects = form_filter(self, request, Project.objects.visible_to(request.user)).select_related(
            "manager"
        )
        page = self.paginate_queryset(projects)
        return self.get_paginated_response(out.ProjectOut(page, many=True, context={"request": request}).data)

    @extend_schema(request=ProjectIn, responses={201: out.ProjectDetailOut})
    def post(self, request):
        """Create a project as the page's "New project" form (the unit): the code is the next free one
        and the manager the creator unless sent; the pipeline starts at "idea"."""
        access.require(request.user, "projects.create")
        body = json_object(request)
        blank = ProjectForm(creator=request.user)
        changes = changes_to(
            blank,
            form_data({k: v for k, v in body.items() if k != "sectors"}, lists=LISTS),
            refused=("version",),
        )
        sector_rows = _sector_rows(body.get("sectors", []))
        form = ProjectForm({**current_data(blank), **changes, **sector_rows}, creator=request.user)
        valid(form, (form.sectors, "sectors"))
        try:
            project = services.project_create(
                actor=request.user,
                data=form.project_data(),
                themes=form.themes(),
                localities=form.cleaned_data["localities"],
                sectors=form.sectors.sectors(),
            )
        except IntegrityError:  # another project took the same code a moment ago
            raise Invalid({"code": [codes.clash_message(form.cleaned_data["code"])]}) from None
        response = detail(request, project_for(request.user, project.pk), status=201)
        response["Location"] = reverse("api:project", kwargs={"pk": project.pk})
        return response


def project_for(user, pk) -> Project:
    """The project as `projects.access` lets this user see it, with what its page shows."""
    access.get_project_for(user, pk)  # 404 for those who may not see it
    return (
        Project.objects.select_related("manager")
        .prefetch_related(
            Prefetch(
                "participations",
                queryset=ProjectPartner.objects.select_related("organisation").order_by("role", "id"),
            ),
            "sectors",
            "localities",
            Prefetch("status_changes", queryset=StatusChange.objects.order_by("changed_at", "id")),
        )
        .get(pk=pk)
    )


def detail(request, project, status=200):
    response = Response(out.ProjectDetailOut(project, context={"request": request}).data, status=status)
    response["ETag"] = etag(project)
    return response


class ProjectDetail(Api):
    """A project with its partners (the amounts of those whose money the reader sees), sectors,
    localities, status history and the moves the reader may make now. Its ETag is what a write's
    If-Match must carry. PATCH changes it as the page's edit form does (the unit and its manager)."""

    serializer_class = out.ProjectDetailOut

    def get(self, request, pk: int):
        return detail(request, project_for(request.user, pk))

    @extend_schema(request=ProjectIn, parameters=[IF_MATCH], responses={200: out.ProjectDetailOut})
    def patch(self, request, pk: int):
        project = access.get_project_for(request.user, pk, write=True)
        version = expected_version(request, project)
        body = json_object(request)
        blank = ProjectForm(instance=Project.objects.get(pk=pk))
        changes = changes_to(
            blank,
            form_data({k: v for k, v in body.items() if k != "sectors"}, lists=LISTS),
            refused=("version",),
        )
        sectors = (
            body["sectors"]
            if "sectors" in body
            else [{"code": s.code, "percentage": s.percentage} for s in project.sectors.all()]
        )
        sector_rows = _sector_rows(sectors)
        data = {**current_data(blank), **changes, "version": str(version), **sector_rows}
        form = ProjectForm(data, instance=Project.objects.get(pk=pk))
        valid(form, (form.sectors, "sectors"))
        try:
            services.project_update(
                actor=request.user,
                project=project,
                data=form.project_data(),
                expected_version=version,
                themes=form.themes(),
                localities=form.cleaned_data["localities"],
                sectors=form.sectors.sectors(),
            )
        except IntegrityError:
            raise Invalid({"code": [codes.clash_message(form.cleaned_data["code"])]}) from None
        return detail(request, project_for(request.user, pk))


class ProjectMove(Api):
    """Move the project along its pipeline, as the page's buttons do (the same rules, guards, history
    and ledger entry). Needs If-Match: a project changed since it was read gets 412."""

    serializer_class = out.MoveIn

    @extend_schema(
        request=out.MoveIn,
        parameters=[IF_MATCH],
        responses={
            200: out.ProjectDetailOut,
            400: out.ErrorOut,
            403: out.ErrorOut,
            404: out.ErrorOut,
            412: out.ErrorOut,
            428: out.ErrorOut,
        },
    )
    def post(self, request, pk: int):
        project = access.get_project_for(request.user, pk)
        version = expected_version(request, project)
        data = valid(MoveForm({**form_data(request.data), "version": str(version)}))
        services.project_advance(
            actor=request.user,
            project=project,
            to=data["to"],
            reason=data["reason"],
            expected_version=version,
        )
        return detail(request, project_for(request.user, pk))


class ParticipationIn(serializers.Serializer):
    organisation = serializers.IntegerField(help_text="The partner's id.")
    role = serializers.CharField(
        help_text="IATI organisation role: 1 funding, 2 accountable, 3 extending, 4 implementing."
    )
    committed_amount = serializers.DecimalField(
        max_digits=None, decimal_places=2, required=False, allow_null=True, help_text="Funding partners only."
    )
    currency = serializers.CharField(required=False)
    committed_on = serializers.DateField(
        required=False, allow_null=True, help_text="The date of the commitment."
    )


class ProjectPartners(Api):
    """A partner joins the project in a role (with its commitment, for a funder), as the project page's
    "Add a partner" form (the unit and the project's manager)."""

    serializer_class = out.ProjectDetailOut

    @extend_schema(request=ParticipationIn, responses={201: out.ProjectDetailOut})
    def post(self, request, pk: int):
        project = access.get_project_for(request.user, pk, write=True)
        form = on_top(PartnerForm, form_data(json_object(request)))
        try:
            services.project_partner_add(
                actor=request.user,
                project=project,
                data={k: form.cleaned_data[k] for k in PartnerForm.Meta.fields},
            )
        except IntegrityError:
            raise Invalid(
                {"__all__": [_("This organisation already takes part in the project in this role.")]}
            ) from None
        return detail(request, project_for(request.user, pk), status=201)


class ProjectParticipation(Api):
    """A partner's part in the project. DELETE takes it out, as the project page (the unit and the
    project's manager; a funder of an approved project stays: record a change of agreement)."""

    serializer_class = out.ProjectDetailOut

    @extend_schema(request=None, responses={204: None})
    def delete(self, request, pk: int, participation_pk: int):
        project = access.get_project_for(request.user, pk, write=True)
        participation = get_object_or_404(ProjectPartner, project=project, pk=participation_pk)
        services.project_partner_remove(actor=request.user, participation=participation)
        return Response(status=204)


class ProjectArchiveIn(serializers.Serializer):
    reason = serializers.CharField(help_text="Why the project is archived.")


class ProjectArchive(Api):
    """Archive the project, as its page's "Archive" (the unit): never deleted, it stays in the history,
    the ledger and the exports, and no longer changes. If-Match."""

    serializer_class = ProjectArchiveIn

    @extend_schema(request=ProjectArchiveIn, parameters=[IF_MATCH], responses={200: out.ProjectDetailOut})
    def post(self, request, pk: int):
        project = access.get_project_for(request.user, pk)
        version = expected_version(request, project)
        body = form_data(json_object(request))
        data = valid(ArchiveForm(changes_to(ArchiveForm(), body)))
        with version_held(Project, project.pk, version):
            services.project_archive(actor=request.user, project=project, reason=data["reason"])
        return detail(request, project_for(request.user, pk))


class ProjectPublicationIn(serializers.Serializer):
    published = serializers.BooleanField(
        help_text="true: on the portal (if every check passes); false: off it."
    )


class ProjectPublication(Api):
    """Put the project on the public portal (and in the open data and the IATI file) or take it off,
    as the publishing page (the unit): refused with what stops it when a check does not pass."""

    serializer_class = ProjectPublicationIn

    @extend_schema(request=ProjectPublicationIn, responses={200: out.ProjectDetailOut})
    def post(self, request, pk: int):
        if not can(request.user, "portal.publish"):
            raise PermissionDenied
        project = get_object_or_404(Project.objects.active(), pk=pk)
        body = json_object(request)
        changes_to(_PublicationForm(), body)
        published = body.get("published")
        if not isinstance(published, bool):
            raise Invalid({"published": [_("Send true or false.")]})
        if published:
            portal_services.project_publish(actor=request.user, project=project)
        else:
            portal_services.project_unpublish(actor=request.user, project=project)
        return detail(request, project_for(request.user, pk))


class _PublicationForm(SharakaForm):
    published = forms.BooleanField(required=False)
