"""The results pages: the chain, its forms, a period's updates, an update's road and its evidence.

Every view finds its objects through `access.py` (404 for who may not see, 403 for who may only
read); every change goes through `services.py`, whose refusals are shown on the same page.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from sharaka.core import uploads
from sharaka.core.forms import apply_errors
from sharaka.core.roles import is_internal
from sharaka.projects import access as project_access
from sharaka.results import access, chain, pipeline, services
from sharaka.results.forms import (
    EvidenceForm,
    IndicatorForm,
    LockForm,
    MoveForm,
    PeriodForm,
    ResultForm,
    UnlockForm,
    UpdateForm,
)
from sharaka.results.models import Evidence, Indicator, Period, Result, Update, UpdateStatusChange


def _results_url(project) -> str:
    return reverse("results_project", kwargs={"pk": project.pk})


def _archived(request, project):
    """A redirect with a word for whoever could have changed an archived project; None otherwise."""
    if project.archived_at is not None and project_access.may_edit(request.user, project):
        messages.warning(request, _("This project is archived: its results can no longer change."))
        return redirect(_results_url(project))
    return None


def _chain_project(request, pk):
    """The project whose chain this user changes: 404, 403, or a redirect when it is archived."""
    project = project_access.get_project_for(request.user, pk)
    refused = _archived(request, project)
    if refused is None and not access.may_edit_chain(request.user, project):
        raise PermissionDenied
    return project, refused


# --- the chain -----------------------------------------------------------------------------------


def results_project(request, pk):
    project = access.get_project_for(request.user, pk)
    results = chain.load_chain(project, request.user)
    on_track, measured = chain.share_of(results)
    count = sum(len(result.indicators.all()) for result in results)
    context = {
        "project": project,
        "results": results,
        "on_track": on_track,
        "measured": measured,
        "indicator_count": count,
        "may_edit": access.may_edit_chain(request.user, project),
        "may_report": access.may_report(request.user, project),
        "internal": is_internal(request.user),
    }
    return render(request, "results/project.html", context)


def _chain_form(request, *, project, form, title, kind, back, save):
    """Show a chain form; on a valid POST call `save(form)` and go back to the results page."""
    if request.method == "POST" and form.is_valid():
        try:
            saved = save(form)
        except ValidationError as error:
            apply_errors(form, error)
        except IntegrityError:
            form.add_error(None, _("This indicator already has a period with these dates."))
        else:
            messages.success(request, _("Your changes were saved."))
            return redirect(back(saved))
    return render(
        request, "results/form.html", {"form": form, "project": project, "title": title, "kind": kind}
    )


@require_http_methods(["GET", "POST"])
def result_add(request, pk):
    project, refused = _chain_project(request, pk)
    if refused:
        return refused
    form = ResultForm(request.POST if request.method == "POST" else None)
    return _chain_form(
        request,
        project=project,
        form=form,
        title=_("Add a result"),
        kind="result",
        back=lambda r: r.get_absolute_url(),
        save=lambda f: services.result_save(
            actor=request.user, project=project, result=None, data=f.data_for_service()
        ),
    )


@require_http_methods(["GET", "POST"])
def result_edit(request, pk, result_pk):
    project, refused = _chain_project(request, pk)
    if refused:
        return refused
    result = access.get_result_for(request.user, project, result_pk)
    form = ResultForm(
        request.POST if request.method == "POST" else None, instance=Result.objects.get(pk=result.pk)
    )
    return _chain_form(
        request,
        project=project,
        form=form,
        title=_("Change the result"),
        kind="result",
        back=lambda r: r.get_absolute_url(),
        save=lambda f: services.result_save(
            actor=request.user,
            project=project,
            result=result,
            data=f.data_for_service(),
            expected_version=f.cleaned_data["version"],
        ),
    )


def _indicator_url(indicator) -> str:
    return _results_url(indicator.result.project) + f"#indicator-{indicator.pk}"


@require_http_methods(["GET", "POST"])
def indicator_add(request, pk, result_pk):
    project, refused = _chain_project(request, pk)
    if refused:
        return refused
    result = access.get_result_for(request.user, project, result_pk)
    form = IndicatorForm(request.POST if request.method == "POST" else None)
    return _chain_form(
        request,
        project=project,
        form=form,
        title=_("Add an indicator"),
        kind="indicator",
        back=_indicator_url,
        save=lambda f: services.indicator_save(
            actor=request.user, result=result, indicator=None, data=f.data_for_service()
        ),
    )


@require_http_methods(["GET", "POST"])
def indicator_edit(request, pk, indicator_pk):
    project, refused = _chain_project(request, pk)
    if refused:
        return refused
    indicator = access.get_indicator_for(request.user, project, indicator_pk)
    form = IndicatorForm(
        request.POST if request.method == "POST" else None, instance=Indicator.objects.get(pk=indicator.pk)
    )
    return _chain_form(
        request,
        project=project,
        form=form,
        title=_("Change the indicator"),
        kind="indicator",
        back=_indicator_url,
        save=lambda f: services.indicator_save(
            actor=request.user,
            result=indicator.result,
            indicator=indicator,
            data=f.data_for_service(),
            expected_version=f.cleaned_data["version"],
        ),
    )


def _period_url(period) -> str:
    return reverse(
        "results_period", kwargs={"pk": period.indicator.result.project_id, "period_pk": period.pk}
    )


@require_http_methods(["GET", "POST"])
def period_add(request, pk, indicator_pk):
    project, refused = _chain_project(request, pk)
    if refused:
        return refused
    indicator = access.get_indicator_for(request.user, project, indicator_pk)
    form = PeriodForm(request.POST if request.method == "POST" else None)
    return _chain_form(
        request,
        project=project,
        form=form,
        title=_("Add a period"),
        kind="period",
        back=lambda p: _indicator_url(indicator),
        save=lambda f: services.period_save(
            actor=request.user, indicator=indicator, period=None, data=f.data_for_service()
        ),
    )


@require_http_methods(["GET", "POST"])
def period_edit(request, pk, period_pk):
    project, refused = _chain_project(request, pk)
    if refused:
        return refused
    period = access.get_period_for(request.user, project, period_pk)
    if period.is_locked:
        messages.warning(request, _("This period is locked: unlock it first, with a reason."))
        return redirect(_period_url(period))
    form = PeriodForm(
        request.POST if request.method == "POST" else None, instance=Period.objects.get(pk=period.pk)
    )
    return _chain_form(
        request,
        project=project,
        form=form,
        title=_("Change the period"),
        kind="period",
        back=_period_url,
        save=lambda f: services.period_save(
            actor=request.user,
            indicator=period.indicator,
            period=period,
            data=f.data_for_service(),
            expected_version=f.cleaned_data["version"],
        ),
    )


# --- a period: its updates and its lock ----------------------------------------------------------


def _render_period(request, project, period, *, unlock_form=None, status=200):
    user = request.user
    updates = access.visible_updates(
        user, period.updates.select_related("created_by").order_by("-created_at", "-id")
    )
    context = {
        "project": project,
        "period": period,
        "indicator": period.indicator,
        "updates": list(updates),
        "may_report": access.may_report(user, project) and not period.is_locked,
        "may_edit_chain": access.may_edit_chain(user, project) and not period.is_locked,
        "may_lock": access.may_lock(user) and project.archived_at is None,
        "unlock_form": unlock_form or UnlockForm(auto_id="unlock_%s"),
        "internal": is_internal(user),
    }
    return render(request, "results/period.html", context, status=status)


def period_detail(request, pk, period_pk):
    project = access.get_project_for(request.user, pk)
    period = access.get_period_for(request.user, project, period_pk)
    return _render_period(request, project, period)


def _lock_project(request, pk, period_pk):
    project = access.get_project_for(request.user, pk)
    period = access.get_period_for(request.user, project, period_pk)
    if not access.may_lock(request.user) or project.archived_at is not None:
        raise PermissionDenied
    return project, period


@require_POST
def period_lock(request, pk, period_pk):
    project, period = _lock_project(request, pk, period_pk)
    if not LockForm(request.POST).is_valid():
        raise PermissionDenied
    if period.is_locked:
        messages.info(request, _("This period was already locked."))
    else:
        services.period_lock(actor=request.user, period=period)
        messages.success(request, _("The period is locked: nothing can be reported or changed in it."))
    return redirect(_period_url(period))


@require_POST
def period_unlock(request, pk, period_pk):
    project, period = _lock_project(request, pk, period_pk)
    form = UnlockForm(request.POST, auto_id="unlock_%s")
    if form.is_valid():
        if not period.is_locked:
            messages.info(request, _("This period is not locked."))
            return redirect(_period_url(period))
        try:
            services.period_unlock(actor=request.user, period=period, reason=form.cleaned_data["reason"])
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("The period is unlocked. The reason was recorded in the ledger."))
            return redirect(_period_url(period))
    return _render_period(request, project, period, unlock_form=form)


# --- updates -------------------------------------------------------------------------------------


def _update_url(update) -> str:
    return reverse(
        "results_update", kwargs={"pk": update.period.indicator.result.project_id, "update_pk": update.pk}
    )


def _update_form_page(request, project, period, update, form):
    return render(
        request,
        "results/update_form.html",
        {"form": form, "project": project, "period": period, "indicator": period.indicator, "update": update},
    )


def _save_update(request, project, period, update, form):
    if request.method == "POST" and form.is_valid():
        try:
            saved = services.update_save(
                actor=request.user,
                period=period,
                update=update,
                data=form.data_for_service(),
                disaggregations=form.disaggregations(),
                expected_version=form.cleaned_data["version"] if update else None,
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("The update was saved as a draft. Submit it when it is ready."))
            return redirect(_update_url(saved))
    return _update_form_page(request, project, period, update, form)


@require_http_methods(["GET", "POST"])
def update_add(request, pk, period_pk):
    project = access.get_project_for(request.user, pk)
    period = access.get_period_for(request.user, project, period_pk)
    refused = _archived(request, project)
    if refused:
        return refused
    if not access.may_report(request.user, project):
        raise PermissionDenied
    if period.is_locked:
        messages.warning(request, _("This period is locked: unlock it first, with a reason."))
        return redirect(_period_url(period))
    form = UpdateForm(request.POST if request.method == "POST" else None, indicator=period.indicator)
    return _save_update(request, project, period, None, form)


@require_http_methods(["GET", "POST"])
def update_edit(request, pk, update_pk):
    project = access.get_project_for(request.user, pk)
    update = access.get_update_for(request.user, project, update_pk)
    refused = _archived(request, project)
    if refused:
        return refused
    if not access.may_edit_update(request.user, update):
        raise PermissionDenied
    period = update.period
    form = UpdateForm(
        request.POST if request.method == "POST" else None,
        instance=Update.objects.get(pk=update.pk),
        indicator=period.indicator,
    )
    return _save_update(request, project, period, update, form)


def _update_context(user, project, update, move_form=None) -> dict:
    history = UpdateStatusChange.objects.filter(update=update).select_related("changed_by")
    if not access.sees_unapproved(user):
        # A partner reads the approved value, not the commune's review of it: that it was returned
        # once, or how long it waited, stays inside (the approval alone is shown).
        history = history.filter(new_status=pipeline.Status.APPROVED)
    return {
        "project": project,
        "update": update,
        "period": update.period,
        "indicator": update.period.indicator,
        "history": list(history),
        "moves": [(to, pipeline.Status(to).label) for to in access.allowed_moves(user, update)],
        "move_form": move_form or MoveForm(auto_id="move_%s"),
        "may_edit": access.may_edit_update(user, update),
        "internal": is_internal(user),
    }


def _render_update(request, project, update, *, move_form=None, status=200):
    context = {
        **_update_context(request.user, project, update, move_form),
        "parts": list(update.disaggregations.select_related("locality")),
        "evidence": list(update.evidence.select_related("uploaded_by")),
    }
    return render(request, "results/update.html", context, status=status)


def update_detail(request, pk, update_pk):
    project = access.get_project_for(request.user, pk)
    update = access.get_update_for(request.user, project, update_pk)
    return _render_update(request, project, update)


MOVE_MESSAGES = {
    pipeline.Status.SUBMITTED: _("The update was submitted for approval."),
    pipeline.Status.APPROVED: _("The update was approved: its value is now the period's actual."),
    pipeline.Status.RETURNED: _("The update was returned with your comment."),
}


@require_POST
def update_move(request, pk, update_pk):
    """Move an update along its road. With htmx, answer with the road block alone; without, redirect."""
    project = access.get_project_for(request.user, pk)
    update = access.get_update_for(request.user, project, update_pk)
    form = MoveForm(request.POST, auto_id="move_%s")
    if form.is_valid():
        to = form.cleaned_data["to"]
        if to not in access.allowed_moves(request.user, update):
            raise PermissionDenied
        try:
            services.update_move(
                actor=request.user,
                update=update,
                to=to,
                reason=form.cleaned_data["reason"],
                expected_version=form.cleaned_data["version"],
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            message = str(MOVE_MESSAGES[to])
            if _is_htmx(request):
                moved = access.get_update_for(request.user, project, update_pk)
                context = {**_update_context(request.user, project, moved), "moved": message}
                return render(request, "results/_road.html", context)
            messages.success(request, message)
            return redirect(_update_url(update))
        update = access.get_update_for(request.user, project, update_pk)  # as it stands now
    if _is_htmx(request):
        return render(request, "results/_road.html", _update_context(request.user, project, update, form))
    return _render_update(request, project, update, move_form=form)


def _is_htmx(request) -> bool:
    return request.headers.get("HX-Request") == "true"


@require_http_methods(["GET", "POST"])
def evidence_upload(request, pk, update_pk):
    project = access.get_project_for(request.user, pk)
    update = access.get_update_for(request.user, project, update_pk)
    refused = _archived(request, project)
    if refused:
        return refused
    if not access.may_edit_update(request.user, update):
        raise PermissionDenied
    form = EvidenceForm(request.POST, request.FILES) if request.method == "POST" else EvidenceForm()
    if request.method == "POST" and form.is_valid():
        try:
            services.evidence_upload(
                actor=request.user,
                update=update,
                title=form.cleaned_data["title"],
                upload=form.cleaned_data["file"],
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("The evidence was attached to the update."))
            return redirect(_update_url(update))
    return render(
        request,
        "results/evidence_form.html",
        {"form": form, "project": project, "update": update, "period": update.period},
    )


@require_http_methods(["GET", "HEAD"])
def evidence_download(request, pk, update_pk, evidence_pk):
    """Serve a piece of evidence to whoever may read its update (a partner: approved updates only)."""
    project = access.get_project_for(request.user, pk)
    update = access.get_update_for(request.user, project, update_pk)
    evidence = get_object_or_404(Evidence, update=update, pk=evidence_pk)
    return uploads.serve(evidence.file, evidence.content_type)
