"""The projects pages. Every object view goes through `access.get_project_for`; rules live in services."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import IntegrityError
from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l
from django.views.decorators.http import require_http_methods, require_POST

from sharaka.core import exports, uploads
from sharaka.core.forms import apply_errors
from sharaka.core.models import Theme
from sharaka.core.multilingual import best
from sharaka.core.pagination import CappedPaginator
from sharaka.core.roles import can, is_internal
from sharaka.finance import access as finance_access
from sharaka.projects import access, codes, mad, pipeline, services
from sharaka.projects.forms import (
    ArchiveForm,
    DocumentEditForm,
    DocumentForm,
    MoveForm,
    PartnerForm,
    ProjectFilterForm,
    ProjectForm,
)
from sharaka.projects.models import Project, ProjectPartner, StatusChange

PAGE_SIZE = 25
# The whole list counts at most this many projects (40 pages), then says "more than 1000: narrow
# the filters": any 1,001 live projects are the first entries of an index.
LIST_CAP = 1_000
# A filtered list counts up to 200 (8 pages). Filtered rows are spread through the table: counting
# the first 1,001 of the 7,000 projects of one status and area at national scale probed 3,400
# projects (18-32 ms), the first 201 about 700; a common word with a year holds 650 of 100,000
# projects, and counting them all took 95 ms against 13 ms for the first 201.
FILTERED_CAP = 200


class _Paginator(CappedPaginator):
    """Counts the filtered projects without their order, so that the count walks the narrowest
    filter's index (a status, a year) instead of the order's index, checking every row."""

    @cached_property
    def _counted(self) -> int:
        return self.object_list.order_by().values("pk")[: self.cap + 1].count()  # nor a total to sort by


def _is_htmx(request) -> bool:
    return request.headers.get("HX-Request") == "true"


def project_list(request):
    if not access.may_see_projects(request.user):
        raise Http404
    visible = Project.objects.visible_to(request.user)
    filters = ProjectFilterForm(request.GET, projects=visible)
    projects = (
        filters.filter(visible)
        .select_related("manager")
        .prefetch_related(
            Prefetch("themes", queryset=Theme.objects.filter(kind="area"), to_attr="areas"),
            Prefetch(
                "participations",
                queryset=mad.with_rates(ProjectPartner.objects.filter(role=ProjectPartner.Role.FUNDING))
                .select_related("organisation")
                .order_by("-committed_amount", "id"),
                to_attr="funders",
            ),
        )
    )
    projects = filters.order(projects)
    if exports.requested(request):
        rows = list(projects[: exports.MAX_ROWS + 1])
        _attach_mad(rows)
        return exports.respond(request, rows, EXPORT_COLUMNS, name="projects")
    cap = FILTERED_CAP if any(filters.cleaned_data.get(name) for name in filters.FILTERS) else LIST_CAP
    page = _Paginator(projects, PAGE_SIZE, cap=cap).get_page(request.GET.get("page"))
    _attach_mad(page)
    return render(
        request,
        "projects/list.html",
        {
            "page": page,
            "filters": filters,
            "filtered": any(value for name, value in request.GET.items() if name not in ("page", "sort")),
            "may_create": can(request.user, "projects.create"),
        },
    )


def _attach_mad(projects):
    """Each funder's commitment in dirhams, and the project's total (`committed_mad`, None when no
    commitment has a rate): the same sum as `mad.committed_mad`, made from the funders the page
    already holds instead of a subquery run for every project of the list."""
    for project in projects:
        for funder in project.funders:
            mad.attach(funder)
        converted = [funder.mad_value for funder in project.funders if funder.mad_value is not None]
        project.committed_mad = sum(converted) if converted else None
        project.no_rate = mad.missing_rates(project.funders)


def _funders_text(project) -> str:
    parts = []
    for funder in project.funders:
        name = funder.organisation.acronym or str(funder.organisation)
        amount = f" {funder.committed_amount} {funder.currency}" if funder.committed_amount else ""
        parts.append(name + amount)
    return "; ".join(parts)


# The columns of the list page, in its order (exports.respond).
EXPORT_COLUMNS = [
    exports.Column(_l("Code"), lambda p: p.code),
    exports.Column(_l("Title"), lambda p: best(p, "title")),
    exports.Column(_l("Status"), lambda p: p.get_status_display()),
    exports.Column(_l("Cooperation areas"), lambda p: "; ".join(str(area) for area in p.areas)),
    exports.Column(_l("Funders and committed amounts"), _funders_text),
    exports.Column(_l("Committed in MAD"), lambda p: p.committed_mad),
    exports.Column(_l("Project manager"), lambda p: str(p.manager) if p.manager else ""),
]


def _pipeline_context(user, project, move_form=None) -> dict:
    """What the pipeline partial needs; `project` must have its status changes prefetched."""
    history = list(project.status_changes.all())
    previous = history[-1].old_status if history else ""
    return {
        "project": project,
        "steps": [(pipeline.Status(s).label, state) for s, state in pipeline.steps(project.status, previous)],
        "history": history,
        "moves": [(to, pipeline.Status(to).label) for to in access.allowed_moves(user, project)],
        "move_form": move_form or MoveForm(auto_id="move_%s"),
    }


def _load_for_detail(project) -> Project:
    from django.db.models import prefetch_related_objects

    prefetch_related_objects(
        [project],
        "manager",
        "themes",
        "localities",
        "sectors",
        Prefetch(
            "participations",
            queryset=mad.with_rates(ProjectPartner.objects.select_related("organisation")).order_by(
                "role", "id"
            ),
        ),
        Prefetch(
            "status_changes",
            queryset=StatusChange.objects.select_related("changed_by").order_by("changed_at", "id"),
        ),
    )
    return project


def _render_detail(request, project, *, move_form=None, archive_form=None, status=200):
    user = request.user
    _load_for_detail(project)
    themes = {"objective": [], "area": [], "sdg": []}
    for theme in project.themes.all():
        themes[theme.kind].append(theme)
    for participation in project.participations.all():  # another funder's amounts: its own business
        participation.amount_shown = finance_access.sees_amounts_of(user, participation.organisation_id)
        mad.attach(participation)
    context = {
        **_pipeline_context(user, project, move_form),
        "themes": themes,
        "documents": access.visible_documents(user, project).select_related("uploaded_by"),
        "internal": is_internal(user),
        "may_edit": access.may_edit(user, project) and project.archived_at is None,
        "may_archive": access.may_archive(user, project),
        "archive_form": archive_form or ArchiveForm(auto_id="archive_%s"),
    }
    return render(request, "projects/detail.html", context, status=status)


def project_detail(request, pk):
    project = access.get_project_for(request.user, pk)
    return _render_detail(request, project)


@require_http_methods(["GET", "POST"])
def project_create(request):
    access.require(request.user, "projects.create")
    form = ProjectForm(request.POST if request.method == "POST" else None, creator=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            project = services.project_create(
                actor=request.user,
                data=form.project_data(),
                themes=form.themes(),
                localities=form.cleaned_data["localities"],
                sectors=form.sectors.sectors(),
            )
        except ValidationError as error:
            apply_errors(form, error)
        except IntegrityError:  # another project took the same code a moment ago
            form.add_error("code", codes.clash_message(form.cleaned_data["code"]))
        else:
            messages.success(request, _("The project was created."))
            return redirect(project)
    return render(request, "projects/form.html", {"form": form, "project": None})


@require_http_methods(["GET", "POST"])
def project_edit(request, pk):
    project = access.get_project_for(request.user, pk, write=True)
    if project.archived_at is not None:
        messages.warning(request, _("This project is archived: it can no longer be changed."))
        return redirect(project)
    # The form works on a copy, so that a refused save leaves the page's heading as it was.
    form = ProjectForm(
        request.POST if request.method == "POST" else None, instance=Project.objects.get(pk=pk)
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.project_update(
                actor=request.user,
                project=project,
                data=form.project_data(),
                expected_version=form.cleaned_data["version"],
                themes=form.themes(),
                localities=form.cleaned_data["localities"],
                sectors=form.sectors.sectors(),
            )
        except ValidationError as error:
            apply_errors(form, error)
        except IntegrityError:
            form.add_error("code", codes.clash_message(form.cleaned_data["code"]))
        else:
            messages.success(request, _("Your changes were saved."))
            return redirect(project)
    return render(request, "projects/form.html", {"form": form, "project": project})


@require_POST
def project_advance(request, pk):
    """Move along the pipeline. With htmx, answer with the pipeline block alone; without, redirect."""
    project = access.get_project_for(request.user, pk)
    form = MoveForm(request.POST, auto_id="move_%s")
    if form.is_valid():
        try:
            project = services.project_advance(
                actor=request.user,
                project=project,
                to=form.cleaned_data["to"],
                reason=form.cleaned_data["reason"],
                expected_version=form.cleaned_data["version"],
            )
        except ValidationError as error:
            apply_errors(form, error)
            project = access.get_project_for(request.user, pk)  # as it stands now
        else:
            label = pipeline.Status(project.status).label
            if _is_htmx(request):
                project = access.get_project_for(request.user, pk)
                context = _pipeline_context(request.user, _load_for_detail(project))
                return render(request, "projects/partials/pipeline.html", {**context, "moved": True})
            messages.success(request, _("The project moved to “%(status)s”.") % {"status": label})
            return redirect(project)
    if _is_htmx(request):
        context = _pipeline_context(request.user, _load_for_detail(project), form)
        return render(request, "projects/partials/pipeline.html", {**context, "refused": True})
    return _render_detail(request, project, move_form=form)


@require_POST
def project_archive(request, pk):
    project = access.get_project_for(request.user, pk)
    form = ArchiveForm(request.POST, auto_id="archive_%s")
    if form.is_valid():
        try:
            services.project_archive(actor=request.user, project=project, reason=form.cleaned_data["reason"])
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("The project was archived. It stays in the history and the exports."))
            return redirect(project)
    return _render_detail(request, project, archive_form=form)


@require_http_methods(["GET", "POST"])
def project_partner_add(request, pk):
    project = access.get_project_for(request.user, pk, write=True)
    if project.archived_at is not None:
        messages.warning(request, _("This project is archived: it can no longer be changed."))
        return redirect(project)
    form = PartnerForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        data = {k: form.cleaned_data[k] for k in PartnerForm.Meta.fields}
        try:
            services.project_partner_add(actor=request.user, project=project, data=data)
        except ValidationError as error:
            apply_errors(form, error)
        except IntegrityError:
            form.add_error(None, _("This organisation already takes part in the project in this role."))
        else:
            messages.success(request, _("The partner was added to the project."))
            return redirect(project)
    return render(request, "projects/partner_form.html", {"form": form, "project": project})


@require_POST
def project_partner_remove(request, pk, participation_pk):
    project = access.get_project_for(request.user, pk, write=True)
    participation = get_object_or_404(ProjectPartner, pk=participation_pk, project=project)
    try:
        services.project_partner_remove(actor=request.user, participation=participation)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("The partner was removed from the project."))
    return redirect(project)


@require_http_methods(["GET", "POST"])
def project_document_upload(request, pk):
    project = access.get_project_for(request.user, pk, write=True)
    if project.archived_at is not None:
        messages.warning(request, _("This project is archived: it can no longer be changed."))
        return redirect(project)
    if request.method == "POST":
        form = DocumentForm(request.POST, request.FILES)
    else:
        form = DocumentForm()
    if request.method == "POST" and form.is_valid():
        try:
            services.document_upload(
                actor=request.user,
                project=project,
                title=form.cleaned_data["title"],
                kind=form.cleaned_data["kind"],
                visibility=form.cleaned_data["visibility"],
                upload=form.cleaned_data["file"],
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("The document was added to the project."))
            return redirect(project)
    return render(request, "projects/document_form.html", {"form": form, "project": project})


@require_http_methods(["GET", "POST"])
def project_document_edit(request, pk, document_pk):
    """Change a document's title, type or who may read it: the only way, audited (the admin is read-only)."""
    project = access.get_project_for(request.user, pk, write=True)
    document = get_object_or_404(project.documents, pk=document_pk)
    if project.archived_at is not None:
        messages.warning(request, _("This project is archived: it can no longer be changed."))
        return redirect(project)
    initial = {"title": document.title, "kind": document.kind, "visibility": document.visibility}
    form = DocumentEditForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.document_update(actor=request.user, document=document, **form.cleaned_data)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("The document was saved."))
            return redirect(project)
    return render(
        request, "projects/document_edit.html", {"form": form, "project": project, "document": document}
    )


@require_http_methods(["GET", "HEAD"])
def project_document_download(request, pk, document_pk):
    """Serve a document to those who may read it, as an attachment the browser will not sniff."""
    project = access.get_project_for(request.user, pk)
    document = get_object_or_404(access.visible_documents(request.user, project), pk=document_pk)
    return uploads.serve(document.file, document.content_type)
