"""The bulk update pages: download the template, send it back filled, read the preview, apply it.

Who may: whoever may report on the project (`access.may_report`: the unit, and the project's own
manager); other staff and the project's partner viewers get 403, those who may not see the project 404.
"""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import get_language, gettext_lazy, ngettext
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from sharaka.core import uploads
from sharaka.core.forms import SharakaForm
from sharaka.results import access, bulk


class BulkUploadForm(SharakaForm):
    # Either kind; the service checks it again for its own kind and bound (bulk.purpose).
    file = uploads.UploadField(
        label=gettext_lazy("Filled template"),
        purpose=bulk.BULK_FILE,
        help_text=gettext_lazy("The filled template, XLSX (at most 2 MB) or CSV (at most 1 MB)."),
    )
    submit = forms.BooleanField(
        label=gettext_lazy("Submit them for approval"),
        required=False,
        help_text=gettext_lazy("Leave unticked to keep them as drafts you can still correct."),
    )


def _project(request, pk):
    """The project, when this user may report on it (403 for other readers of it, 404 for the rest)."""
    project = access.get_project_for(request.user, pk)
    if not access.may_report(request.user, project):
        raise PermissionDenied
    return project


def _language(request) -> str:
    language = (get_language() or "ar").split("-")[0]
    return language if language in bulk.LANGUAGES else "ar"


@require_http_methods(["GET", "POST"])
def results_bulk(request, pk):
    project = _project(request, pk)
    form = BulkUploadForm(request.POST or None, request.FILES or None)
    outcome, token = None, None
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        upload.seek(0)
        content = upload.read()
        submit = form.cleaned_data["submit"]
        outcome = bulk.check(
            actor=request.user, project=project, name=upload.name, content=content, apply=False, submit=submit
        )
        if outcome.ok:
            token = bulk.store(
                request.session,
                user=request.user,
                project=project,
                name=upload.name,
                content=content,
                submit=submit,
            )
    return render(
        request,
        "results/bulk_upload.html",
        {
            "project": project,
            "form": form,
            "outcome": outcome,
            "token": token,
            "open_periods": bulk.open_periods(project).count(),
            "max_rows": bulk.MAX_ROWS,
        },
    )


@require_POST
def results_bulk_apply(request, pk):
    project = _project(request, pk)
    kept = bulk.take(request.session, token=request.POST.get("token", ""), user=request.user, project=project)
    if kept is None:
        messages.error(request, _("This preview has expired or is not yours: send the file again."))
        return redirect("results_bulk", pk=project.pk)
    name, content, submit = kept
    outcome = bulk.check(
        actor=request.user, project=project, name=name, content=content, apply=True, submit=submit
    )
    if not outcome.applied:
        return render(
            request,
            "results/bulk_upload.html",
            {
                "project": project,
                "form": BulkUploadForm(),
                "outcome": outcome,
                "token": None,
                "open_periods": bulk.open_periods(project).count(),
                "max_rows": bulk.MAX_ROWS,
            },
        )
    n = outcome.created
    if submit:
        text = ngettext(
            "%(count)s update written and submitted for approval.",
            "%(count)s updates written and submitted for approval.",
            n,
        )
    else:
        text = ngettext("%(count)s draft update written.", "%(count)s draft updates written.", n)
    messages.success(request, text % {"count": n})
    return redirect(reverse("results_bulk", kwargs={"pk": project.pk}))


def results_bulk_template(request, pk, fmt):
    project = _project(request, pk)
    language = _language(request)
    if fmt == "csv":
        response = HttpResponse(bulk.template_csv(project, language), content_type=bulk.CSV_TYPE)
    else:
        response = HttpResponse(bulk.template_xlsx(project, language), content_type=bulk.XLSX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{bulk.filename(project, fmt)}"'
    return response
