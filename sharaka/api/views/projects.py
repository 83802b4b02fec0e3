from django.db.models import Prefetch
from django.http import Http404
from drf_spectacular.utils import extend_schema
from rest_framework.response import Response

from sharaka.api import serializers as out
from sharaka.api.views.base import (
    CURSOR,
    IF_MATCH,
    Api,
    Pages,
    etag,
    expected_version,
    form_filter,
    form_parameters,
)
from sharaka.api.views.forms import form_data, valid
from sharaka.projects import access, services
from sharaka.projects.forms import MoveForm, ProjectFilterForm
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
    If-Match must carry."""

    serializer_class = out.ProjectDetailOut

    def get(self, request, pk: int):
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
